"""Expressions the other selector modules share."""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, NullIf, Substr

from claims.models import Article, ExtractionStatus

# How a list names an uploaded page with neither title nor text: not read by a worker yet, or
# read and left without text (failed, or a duplicate; the status column says which).
UPLOAD_WAITING = " (uploaded page, waiting to be read)"
UPLOAD_UNREAD = " (uploaded page)"


def article_label(prefix: str = "article__") -> Coalesce | Subquery:
    """An expression naming an article: its title, or the start of its text when untitled.

    Lets list pages defer the (large) body and still show something readable. For a row's
    article (`prefix` "article__") it is a correlated subquery rather than a join, so counting
    the rows of a list (claims.pagination) reads no article at all.
    """
    if prefix:
        own = Article.objects.filter(pk=OuterRef(prefix.removesuffix("__"))).order_by()
        return Subquery(own.annotate(label=article_label("")).values("label")[:1])
    return Coalesce(
        NullIf(F("title"), Value("")),
        Substr("body", 1, 90),
        output_field=TextField(),
    )


def article_list_label() -> Coalesce:
    """`article_label` for lists of articles themselves, which also hold uploaded pages still
    without title or text: those are named by the uploaded file's name and what became of it
    ("report.html (uploaded page, waiting to be read)"), never by a bare number."""
    waiting = Q(status__in=[ExtractionStatus.PENDING, ExtractionStatus.PROCESSING])
    return Coalesce(
        NullIf(article_label(""), Value("")),
        Case(
            When(upload__name__isnull=True, then=Value("")),
            When(waiting, then=Concat(F("upload__name"), Value(UPLOAD_WAITING))),
            default=Concat(F("upload__name"), Value(UPLOAD_UNREAD)),
        ),
        output_field=TextField(),
    )


def count_of(rows: QuerySet, owner: str = "speaker") -> Coalesce:
    """How many of `rows` belong to the outer row (their `owner`), as a subquery (0 if none)."""
    counted = (
        rows.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        # COUNT(*), not COUNT(id): the partial indexes on the owner answer it index-only.
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))


# Must match the GIN index in migration 0003 (quotes) and the claims' trigger in 0018.
SEARCH_CONFIG = "english"
SEARCH_VECTOR_FIELD = "search_vector"
_WORD = re.compile(r"\w[\w'’-]*")


def rows_by_text(rows: QuerySet, q: str) -> QuerySet:
    """Quotes or claims whose `text` matches words: ranked full-text search on PostgreSQL
    (best first, annotated `rank`), an AND of case-insensitive substrings elsewhere (order
    kept)."""
    q = (q or "").strip()
    if not q:
        return rows
    if settings.USING_POSTGRES:
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        # A stored vector (claims: `search_vector`, trigger-maintained) where the model has
        # one; else the expression its GIN index is built on (quotes).
        stored = any(f.name == SEARCH_VECTOR_FIELD for f in rows.model._meta.concrete_fields)
        vector = F(SEARCH_VECTOR_FIELD) if stored else SearchVector("text", config=SEARCH_CONFIG)
        query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        return (
            # alias, not annotate: the vector is matched through the GIN index, never selected.
            rows.alias(search=vector)
            .filter(search=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", F("published").desc(nulls_last=True), "-id")
        )
    for word in _WORD.findall(q) or [q]:
        rows = rows.filter(text__icontains=word)
    return rows


def by_outlet(rows: QuerySet, value: str, field: str = "article__source") -> QuerySet:
    """Rows whose outlet contains every word of `value`, case-insensitively: "white house"
    finds "The White House"."""
    for word in _WORD.findall(value or ""):
        rows = rows.filter(**{f"{field}__icontains": word})
    return rows
