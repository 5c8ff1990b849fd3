"""Quote search: words (ranked full text on PostgreSQL), speaker, outlet, dates."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db.models import (
    F,
    QuerySet,
)

from claims.models import (
    Quote,
)
from claims.selectors.common import article_label
from claims.selectors.speakers import by_speaker_name

SEARCH_CONFIG = "english"  # must match the GIN index in migration 0003
_WORD = re.compile(r"\w[\w'’-]*")


def quotes_by_text(quotes: QuerySet[Quote], q: str) -> QuerySet[Quote]:
    """Quotes matching words: ranked full-text search on PostgreSQL, AND of substrings else."""
    q = (q or "").strip()
    if not q:
        return quotes
    if settings.USING_POSTGRES:
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("text", config=SEARCH_CONFIG)
        query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        return (
            quotes.annotate(search=vector)
            .filter(search=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", F("published").desc(nulls_last=True), "-id")
        )
    words = _WORD.findall(q) or [q]
    for word in words:
        quotes = quotes.filter(text__icontains=word)
    return quotes


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
        .defer("article__body")
        .annotate(article_label=article_label())
        .order_by(F("published").desc(nulls_last=True), "-id")
    )
    if date_from:
        quotes = quotes.filter(published__gte=date_from)
    if date_to:
        quotes = quotes.filter(published__lte=date_to)
    if outlet and outlet.strip():
        quotes = quotes.filter(article__source__iexact=outlet.strip())
    quotes = by_speaker_name(quotes, speaker or "")
    return quotes_by_text(quotes, q or "")
