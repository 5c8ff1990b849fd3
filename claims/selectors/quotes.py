"""Quote search: words (ranked full text on PostgreSQL), speaker, outlet, dates."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    F,
    QuerySet,
)

from claims.models import (
    Quote,
)
from claims.selectors.common import article_label, by_outlet, rows_by_text
from claims.selectors.speakers import by_speaker_name


def quotes_by_text(quotes: QuerySet[Quote], q: str) -> QuerySet[Quote]:
    """Quotes matching words (claims.selectors.common.rows_by_text)."""
    return rows_by_text(quotes, q)


def quote_search(
    *,
    speaker: str | None = None,
    q: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    outlet: str | None = None,
) -> QuerySet[Quote]:
    """Quotes by speaker name or alias, words, date range and outlet; best matches first.

    Without words the newest quotes come first. Every argument is optional.
    """
    quotes = (
        Quote.objects.filter(not_a_quote=False)
        .select_related("speaker", "article")
        .defer("article__body", "search_vector")
        .annotate(article_label=article_label())
        .order_by(F("published").desc(nulls_last=True), "-id")
    )
    if date_from:
        quotes = quotes.filter(published__gte=date_from)
    if date_to:
        quotes = quotes.filter(published__lte=date_to)
    if outlet and outlet.strip():
        quotes = by_outlet(quotes, outlet)
    quotes = by_speaker_name(quotes, speaker or "")
    return quotes_by_text(quotes, q or "")
