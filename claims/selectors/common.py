"""Expressions the other selector modules share."""

from __future__ import annotations

from django.db.models import (
    Count,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, NullIf, Substr


def article_label(prefix: str = "article__") -> Coalesce:
    """An expression naming an article: its title, or the start of its text when untitled.

    Lets list pages defer the (large) body and still show something readable.
    """
    return Coalesce(
        NullIf(F(f"{prefix}title"), Value("")),
        Substr(f"{prefix}body", 1, 90),
        output_field=TextField(),
    )


def count_of(rows: QuerySet, owner: str = "speaker") -> Coalesce:
    """How many of `rows` belong to the outer row (their `owner`), as a subquery (0 if none)."""
    counted = (
        rows.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))
