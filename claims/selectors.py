"""Reads with their joins applied; visibility rules live here once."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from claims.models import Article


def article_list() -> QuerySet[Article]:
    """Articles, newest first, with their quote and claim counts."""
    return Article.objects.defer("body").annotate(
        quote_count=Count("quotes", distinct=True), claim_count=Count("claims", distinct=True)
    )


def article_detail(*, pk: int) -> Article:
    return Article.objects.get(pk=pk)
