"""Articles: lists, detail, the extraction queue, outlets."""

from __future__ import annotations

from collections.abc import Iterable

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
    """One article with its quotes (and speakers) and its current claims prefetched."""
    return Article.objects.prefetch_related(
        _quotes_with_speaker("quotes"), _found_claims("claims")
    ).get(pk=pk)


def _quotes_with_speaker(lookup: str) -> Prefetch:
    return Prefetch(lookup, queryset=Quote.objects.select_related("speaker").order_by("start"))


def _found_claims(lookup: str) -> Prefetch:
    return Prefetch(
        lookup,
        queryset=Claim.objects.filter(found=True).select_related("speaker").order_by("start"),
    )


def outlet_names() -> list[str]:
    """Every distinct article source, alphabetically (for filter suggestions)."""
    return list(
        Article.objects.exclude(source="")
        .order_by("source")
        .values_list("source", flat=True)
        .distinct()
    )


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
