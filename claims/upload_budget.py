"""The upload budget: how many bytes of uploads all web processes together take in a second.

Receiving, parsing, decoding, hashing and storing an upload costs a web process CPU in
proportion to its size (about 23 ms for 1.9 MB, docs/RELIABILITY.md). Clients that post large
files back to back take as much of it as they are given: making uploads cheaper only let two
such clients post more of them (167 and 274 in 30 s, then 739 in 40 s), and every other request
waited for the CPU. So before its body is read, an upload waits until the current second has
room for its declared size (UPLOAD_BYTES_PER_SECOND, counted in the shared cache); a first
upload in a second always goes in, however large. An upload still waiting after
UPLOAD_MAX_WAIT_SECONDS is refused (the caller answers 429 with Retry-After), so a thread is
never held for long. Waiting posts are not served in order: one may lose the race for
several seconds in a row and be refused while later ones go in. Without the cache (Redis
down) uploads are not held back.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache

UPLOAD_BUSY = "Too many uploads at once: send it again in a few seconds."
KEY = "upload-budget:{second}"
KEY_SECONDS = 5  # a second's count is kept a little longer than the second itself


def declared_length(request) -> int:
    """The body size a request declares (Content-Length); 0 when it declares none or nonsense."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def upload_budget_wait(*, size: int) -> bool:
    """Wait until an upload of `size` bytes fits into a second's budget; False if it did not
    within UPLOAD_MAX_WAIT_SECONDS (refuse it, nothing was read)."""
    budget = settings.UPLOAD_BYTES_PER_SECOND
    if budget <= 0 or size <= 0:
        return True
    deadline = time.monotonic() + settings.UPLOAD_MAX_WAIT_SECONDS
    while True:
        now = time.time()
        key = KEY.format(second=math.floor(now))
        cache.add(key, 0, timeout=KEY_SECONDS)
        try:
            used = cache.incr(key, size)
        except ValueError:  # the cache is unavailable: do not hold uploads back
            return True
        if used <= budget or used == size:
            return True
        try:
            cache.decr(key, size)
        except ValueError:
            return True
        wait = math.floor(now) + 1 - now
        if time.monotonic() + wait > deadline:
            return False
        time.sleep(wait)
