"""The dashboard's totals over every claim, quote and verdict.

Each is an aggregate over a whole table (100,000 claims: tens of milliseconds apiece even with
their indexes), so the page reads them from the cache, computed at most once every
DASHBOARD_CACHE_SECONDS (0: never cached). The lists of waiting and failed articles stay live.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache

from claims.selectors.claims import claim_verdict_totals, dismissal_totals, verdicts_by_month
from claims.selectors.speakers import most_quoted_speakers

CACHE_KEY = "dashboard-summary:v1:{since}"


def dashboard_summary(*, since: dt.date, speakers: int = 10) -> dict:
    """{"totals": {verdict: n}, "dismissed": {reason: n}, "months": verdicts_by_month(since),
    "speakers": the most quoted speakers}, at most DASHBOARD_CACHE_SECONDS old."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    key = CACHE_KEY.format(since=since.isoformat())
    summary = cache.get(key) if seconds > 0 else None
    if summary is None:
        summary = {
            "totals": claim_verdict_totals(),
            "dismissed": dismissal_totals(),
            "months": verdicts_by_month(since=since),
            "speakers": most_quoted_speakers(limit=speakers),
        }
        if seconds > 0:
            cache.set(key, summary, seconds)
    return summary
