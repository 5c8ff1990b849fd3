"""Claims one at a time and as lists: the queue, history, API rows, totals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import (
    Count,
    F,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncMonth

from claims.models import (
    Claim,
    ClaimGroupEvent,
    Verdict,
    VerdictChoice,
)
from claims.selectors.common import article_label


def claim_list() -> QuerySet[Claim]:
    """Claims still found in their article, with speaker and article (without its body).

    `article_label` names the article: its title, or the start of its text.
    """
    return (
        Claim.objects.filter(found=True)
        .select_related("speaker", "article")
        .defer("article__body")
        .annotate(article_label=article_label())
    )


def claim_queue() -> QuerySet[Claim]:
    """The review queue: claims still found, most check-worthy first, then the newest."""
    return claim_list().order_by("-score", F("published").desc(nulls_last=True), "-id")


def claim_history(*, claim: Claim) -> QuerySet[Verdict]:
    """Every verdict on the claim, newest first, with who gave it."""
    return claim.verdicts.select_related("reviewer").order_by("-created_at", "-id")


def claim_history_entries(
    *, verdicts: Iterable[Verdict], events: Iterable[ClaimGroupEvent]
) -> list[dict]:
    """Verdicts and group events interleaved, newest first: [{"kind", "at", "row"}]."""
    rows = [{"kind": "verdict", "at": v.created_at, "id": v.pk, "row": v} for v in verdicts]
    rows += [{"kind": "group", "at": e.created_at, "id": e.pk, "row": e} for e in events]
    return sorted(rows, key=lambda r: (r["at"], r["kind"] == "verdict", r["id"]), reverse=True)


def claim_rows() -> QuerySet[Claim]:
    """Claims still found in their article, with speaker and article (without its body) and
    no annotations, so counting them stays a one-table query (the API's claim list)."""
    return (
        Claim.objects.filter(found=True).select_related("speaker", "article").defer("article__body")
    )


def claim_reviews() -> QuerySet[Claim]:
    """Reviewed claims (any verdict but unreviewed) with `reviewed_at`, the time of their
    newest verdict; least recently updated first, so pollers can page forward."""
    newest = (
        Verdict.objects.filter(claim=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return (
        Claim.objects.exclude(current_verdict=VerdictChoice.UNREVIEWED)
        .select_related("speaker", "article")
        .defer("article__body")
        .annotate(reviewed_at=Subquery(newest))
        .order_by("updated_at", "id")
    )


def claim_verdict_totals() -> dict[str, int]:
    """How many found claims carry each current verdict."""
    return dict(
        Claim.objects.filter(found=True)
        .order_by()
        .values_list("current_verdict")
        .annotate(n=Count("id"))
    )


def verdicts_by_month(*, since: dt.date) -> list[dict]:
    """[{month, verdict, count}] of verdicts recorded per month since a date, oldest first."""
    return list(
        Verdict.objects.filter(created_at__date__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "verdict")
        .annotate(count=Count("id"))
        .order_by("month", "verdict")
    )
