"""Counting failures in the shared cache: after `limit` failures within `window` seconds a
caller is refused until the window ends. Used for bad API tokens (per client address) and
wrong old passwords on the password-change page (per user), which django-axes does not see.

The cache is Redis when REDIS_URL is set and the database otherwise (settings.CACHES), never
per process, so every web worker counts the same failures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class FailureLimit:
    name: str
    limit: int
    window: int  # seconds

    def _key(self, who: object) -> str:
        return f"failures:{self.name}:{who}"

    def blocked(self, who: object) -> bool:
        """Whether `who` has used up its failures for now."""
        return self.limit > 0 and (cache.get(self._key(who)) or 0) >= self.limit

    def record(self, who: object) -> int:
        """Count one failure of `who`; returns its failures in the current window."""
        key = self._key(who)
        cache.add(key, 0, timeout=self.window)  # the window starts at the first failure
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window)
            return 1
