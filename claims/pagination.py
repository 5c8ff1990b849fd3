"""A paginator for long lists: it counts at most `limit` rows, so a page of a list of 100,000
claims does not cost a COUNT over all of them. Past the limit the list says "5,000+" and
pages stop at the limit; a narrower filter finds what lies beyond it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_LIMIT = 5_000


class BoundedPaginator(Paginator):
    """Paginator whose `count` stops at `limit` (`capped` says the list is longer)."""

    def __init__(self, object_list, per_page, *, limit: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.limit = COUNT_LIMIT if limit is None else limit

    @cached_property
    def _bounded_count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):
            # A queryset: count a LIMIT subquery, unordered and selecting only the ids, so the
            # page's annotations (a search rank, labels) are not computed for every counted row.
            return rows.order_by().values("pk")[: self.limit + 1].count()
        return min(len(rows), self.limit + 1)

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.limit)

    @cached_property
    def capped(self) -> bool:
        """True when the list has more rows than `count`."""
        return self._bounded_count > self.limit
