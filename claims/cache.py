"""The Redis cache, failing open: when Redis is down or hung, a cache read is a miss and a
write is dropped (logged), and Redis is skipped for CACHE_RETRY_AFTER seconds, so a broker
outage on the shared Redis slows no request by more than one socket timeout per process and
window. Throttle and failure counts are then not enforced until Redis answers again; every
request is still authenticated and authorised as usual.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

CACHE_RETRY_AFTER = 5.0
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class FailOpenRedisCache(RedisCache):
    _skip_until = 0.0

    def _guard(self, default: Any, call: Callable[[], Any]) -> Any:
        if time.monotonic() < self._skip_until:
            return default
        try:
            return call()
        except _UNAVAILABLE as exc:
            self._skip_until = time.monotonic() + CACHE_RETRY_AFTER
            logger.warning("Cache unavailable (%s); skipped for %.0f s", exc, CACHE_RETRY_AFTER)
            return default

    def get(self, key, default=None, version=None):
        return self._guard(
            default, lambda: super(FailOpenRedisCache, self).get(key, default, version)
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            False, lambda: super(FailOpenRedisCache, self).add(key, value, timeout, version)
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            None, lambda: super(FailOpenRedisCache, self).set(key, value, timeout, version)
        )

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._guard(
            missing, lambda: super(FailOpenRedisCache, self).incr(key, delta, version)
        )
        if value is missing:
            raise ValueError(f"Key {key!r} not found (the cache is unavailable).")
        return value

    def delete(self, key, version=None):
        return self._guard(False, lambda: super(FailOpenRedisCache, self).delete(key, version))

    def get_many(self, keys, version=None):
        return self._guard({}, lambda: super(FailOpenRedisCache, self).get_many(keys, version))
