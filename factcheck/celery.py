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


@worker_init.connect
def _warm_worker(**_kwargs) -> None:
    announce_mode()
