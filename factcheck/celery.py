"""The Celery app. Without REDIS_URL, tasks run in-process (see settings)."""

import logging
import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)
_announced = False
AUTOGROUP = "/proc/self/autogroup"


def announce_mode() -> None:
    """Say once per process whether tasks go to a broker or run in-process."""
    global _announced
    if _announced:
        return
    _announced = True
    if app.conf.task_always_eager:
        logger.info("REDIS_URL is not set: Celery tasks run in-process (eager mode).")
    else:
        logger.info("Celery tasks are sent to the broker at %s.", app.conf.broker_url)


def worker_lower_priority(niceness: int) -> None:
    """Give this process, and the pool processes it forks later, the CPU priority `niceness`.

    Linux with autogroup scheduling (`/proc/sys/kernel/sched_autogroup_enabled`, on in most
    distributions) shares the CPU fairly between sessions first and applies a process's nice
    value only inside its session, so a worker started in its own session (a service manager,
    `setsid`, a container) also sets its session's autogroup niceness: a niced process alone
    in its session otherwise still gets as much CPU as the web server's whole session. A
    worker sharing a session with other programs (`make run`) leaves the autogroup alone.
    Under a systemd unit, cgroup weights decide between services: set `CPUWeight=` there.
    """
    if niceness <= 0 or not hasattr(os, "setpriority"):
        return
    if os.getpriority(os.PRIO_PROCESS, 0) < niceness:
        os.setpriority(os.PRIO_PROCESS, 0, niceness)
    if os.getsid(0) != os.getpid() or not os.path.exists(AUTOGROUP):
        return
    try:
        with open(AUTOGROUP, "w") as handle:
            handle.write(str(niceness))
    except OSError as exc:  # a read-only /proc (some containers): the nice value stays
        logger.warning("Could not lower the session's CPU priority: %s", exc)


@worker_init.connect
def _warm_worker(**_kwargs) -> None:
    from django.conf import settings

    announce_mode()
    # Before the pool starts, so that every pool process inherits the priority.
    worker_lower_priority(settings.WORKER_NICENESS)
    logger.info("Worker CPU niceness %d (WORKER_NICENESS).", os.getpriority(os.PRIO_PROCESS, 0))
