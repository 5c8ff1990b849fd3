"""A Celery worker lowers its own CPU priority at start (factcheck.celery), so that a long
extraction does not take the cores of the web processes on the same machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Starts the worker's start-up signal in a process of its own session (as a service manager
# starts a worker), then prints its nice value and its session's autogroup line.
WORKER_START = """
import os, django
django.setup()
from celery.signals import worker_init
worker_init.send(sender=None)
path = "/proc/self/autogroup"
group = open(path).read().strip() if os.path.exists(path) else ""
print(os.getpriority(os.PRIO_PROCESS, 0), "|", group)
"""


def _start(env: dict[str, str]) -> tuple[int, str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    out = subprocess.run(
        [sys.executable, "-c", WORKER_START],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    niceness, group = out.stdout.strip().splitlines()[-1].split("|")
    return int(niceness), group.strip()


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="no process priorities here")
def test_a_worker_starts_at_the_configured_niceness():
    niceness, _ = _start({"WORKER_NICENESS": "7"})
    assert niceness == max(7, os.getpriority(os.PRIO_PROCESS, 0))


@pytest.mark.skipif(
    not os.path.exists("/proc/self/autogroup"), reason="no autogroup scheduling on this kernel"
)
def test_a_worker_leading_its_session_lowers_the_session_autogroup_too():
    # A nice value alone counts only inside a session: a worker alone in its session would
    # still get as much CPU as the web server's session.
    _, group = _start({"WORKER_NICENESS": "7"})
    assert group.endswith("nice 7")


def test_worker_niceness_zero_leaves_the_priority_alone():
    niceness, group = _start({"WORKER_NICENESS": "0"})
    assert niceness == os.getpriority(os.PRIO_PROCESS, 0)
    assert not group.endswith("nice 7")


def test_worker_niceness_outside_zero_to_nineteen_is_refused():
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    out = subprocess.run(
        [sys.executable, "-c", "import factcheck.settings"],
        cwd=ROOT,
        env={**base, "WORKER_NICENESS": "25"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode != 0 and "WORKER_NICENESS must be 0 to 19" in out.stderr
