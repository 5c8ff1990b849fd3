"""Articles: lists, detail, the extraction queue, outlets."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import (
    F,
    Prefetch,
    QuerySet,
)

from claims.models import (
    Article,
    Claim,
    ExtractionStatus,
    Quote,
)
from claims.selectors.common import article_list_label, count_of


def article_list() -> QuerySet[Article]:
    """Articles, newest first, with their quote and claim counts and a `label`."""
    return (
        Article.objects.defer("body")
        .annotate(
            # Correlated counts are computed for the page's rows only, not every article.
            quote_count=count_of(Quote.objects.all(), "article"),
            claim_count=count_of(Claim.objects.all(), "article"),
            label=article_list_label(),
        )
        .order_by(F("published").desc(nulls_last=True), "-ingested_at", "-id")
    )


def article_detail(*, pk: int) -> Article:
    """One article with its quotes (and speakers) and its current claims prefetched, and the
    `label` the lists give it (an uploaded page not read yet is named by its file)."""
    return (
        Article.objects.prefetch_related(_quotes_with_speaker("quotes"), _found_claims("claims"))
        .annotate(label=article_list_label())
        .get(pk=pk)
    )


def _quotes_with_speaker(lookup: str) -> Prefetch:
    return Prefetch(lookup, queryset=Quote.objects.select_related("speaker").order_by("start"))


def _found_claims(lookup: str) -> Prefetch:
    return Prefetch(
        lookup,
        queryset=Claim.objects.filter(found=True).select_related("speaker").order_by("start"),
    )


# The distinct outlets by a walk of the index on `source` (article_outlet_idx): one step per
# outlet ("the next source after this one"), where DISTINCT read every article (20 ms at
# 20,000 articles, on every queue and quote search page). Portable SQL: PostgreSQL and SQLite.
_OUTLETS_SQL = """
WITH RECURSIVE outlets(source) AS (
    SELECT MIN(source) FROM {table} WHERE source > ''
    UNION ALL
    SELECT (SELECT MIN(source) FROM {table} WHERE source > outlets.source)
    FROM outlets WHERE outlets.source IS NOT NULL
)
SELECT source FROM outlets WHERE source IS NOT NULL
"""


def outlet_names() -> list[str]:
    """Every distinct article source, alphabetically (for filter suggestions)."""
    with connection.cursor() as cursor:
        cursor.execute(_OUTLETS_SQL.format(table=connection.ops.quote_name(Article._meta.db_table)))
        return [source for (source,) in cursor.fetchall()]


def articles_by_status(*, statuses: Iterable[str], limit: int = 20) -> QuerySet[Article]:
    """Articles in the given extraction statuses, oldest ingestion first (the queue order)."""
    return (
        Article.objects.filter(status__in=list(statuses))
        .defer("body")
        .annotate(label=article_list_label())
        .order_by("ingested_at", "id")[:limit]
    )


def articles_waiting(*, limit: int = 20) -> QuerySet[Article]:
    """Articles whose extraction is pending or running."""
    return articles_by_status(
        statuses=[ExtractionStatus.PENDING, ExtractionStatus.PROCESSING], limit=limit
    )


def articles_failed(*, limit: int = 20) -> QuerySet[Article]:
    """Articles whose extraction failed, with the reason in status_message."""
    return articles_by_status(statuses=[ExtractionStatus.FAILED], limit=limit)
