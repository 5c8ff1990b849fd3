"""Publishing tasks without letting the broker hold up the caller.

Every publish has a short socket timeout (settings.BROKER_SOCKET_TIMEOUT), so a broker that
accepts connections but never answers fails a publish like one that refuses them. After a
failure the broker is skipped for BROKER_RETRY_AFTER seconds in this process: a bulk ingest,
or a burst of verdicts, during an outage then marks its rows at once instead of waiting on
each. Callers keep the rows they could not queue pending, with a message, for the sweeps
(`reextract --pending`, `webhooks_retry`) to send later.
"""

from __future__ import annotations

import time
from collections.abc import Callable

BROKER_RETRY_AFTER = 5.0
_down: tuple[float, str] = (0.0, "")


class BrokerUnavailable(ConnectionError):
    """The broker failed a publish a moment ago; not tried again yet."""


def broker_publish(send: Callable[[], object]) -> None:
    """Call `send` (a task's `.delay(...)`); raises what it raised, or BrokerUnavailable while
    the broker is being skipped after a failure."""
    global _down
    until, error = _down
    if time.monotonic() < until:
        raise BrokerUnavailable(f"{error} (not retried for {BROKER_RETRY_AFTER:.0f} s)")
    try:
        send()
    except Exception as exc:
        _down = (time.monotonic() + BROKER_RETRY_AFTER, f"{type(exc).__name__}: {exc}")
        raise
