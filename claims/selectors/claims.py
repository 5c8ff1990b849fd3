"""Claims one at a time and as lists: the queue, history, API rows, totals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncMonth

from claims.models import (
    Claim,
    ClaimDismissal,
    ClaimGroupEvent,
    ClaimSpeaker,
    DismissalReason,
    Verdict,
    VerdictChoice,
)
from claims.selectors.common import article_label


def with_co_signers(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims with their co-signers and those people prefetched (one query a page), so
    `claim.speakers` lists everyone whose words the claim is without a query a claim."""
    rows = ClaimSpeaker.objects.select_related("speaker").order_by("position", "id")
    return claims.prefetch_related(Prefetch("co_signers", queryset=rows))


def by_speakers(
    rows: QuerySet, speakers: Sequence[int] | QuerySet, co_signed: bool | None = None
) -> QuerySet:
    """Quotes or claims by any of `speakers` (ids, or a query of ids); a claim also when one
    of them co-signed it (a joint statement's, ClaimSpeaker). Every speaker filter of claims
    (queue, API, speaker pages) comes here.

    The co-signed claims are taken in only when one of them co-signed anything (an
    index-only look-up first, unless the caller knows: `co_signed`): for everyone else the
    filter stays the plain `speaker_id IN (...)` that the speaker indexes serve. Then the
    claims are those whose id is in the union of the speakers' own claims and their
    co-signed ones, both read by index; `speaker_id IN (...) OR EXISTS (...)` would read
    every claim (PostgreSQL cannot combine an EXISTS with an index in an OR: a sequential
    scan of 100,000 claims for a speaker page, docs/experiments/co-speakers.md).
    """
    if rows.model is not Claim:
        return rows.filter(speaker_id__in=speakers)
    signed = ClaimSpeaker.objects.filter(speaker_id__in=speakers)
    if not (signed.exists() if co_signed is None else co_signed):
        return rows.filter(speaker_id__in=speakers)
    own = Claim.objects.filter(speaker_id__in=speakers).order_by().values("pk")
    return rows.filter(pk__in=own.union(signed.order_by().values("claim_id")))


def claim_list() -> QuerySet[Claim]:
    """Claims still found in their article, with speaker, co-signers and article (without its
    body).

    `article_label` names the article: its title, or the start of its text.
    """
    return with_co_signers(
        Claim.objects.filter(found=True)
        .select_related("speaker", "article", "assignee")
        .defer("article__body", "search_vector")
        .annotate(article_label=article_label())
    )


def claim_queue() -> QuerySet[Claim]:
    """The review queue: claims still found and not dismissed by a reviewer, most
    check-worthy first, then the newest."""
    return (
        claim_list()
        .filter(dismissed_reason="")
        .order_by("-score", F("published").desc(nulls_last=True), "-id")
    )


def claim_history(*, claim: Claim, drafts: bool = True) -> QuerySet[Verdict]:
    """Every verdict on the claim, newest first, with who gave it and its second review;
    `drafts=False` keeps only the published ones (what the public may see)."""
    rows = claim.verdicts.select_related("reviewer", "review__reviewer")
    if not drafts:
        rows = rows.published()
    return rows.order_by("-created_at", "-id")


def claim_dismissals(*, claim: Claim) -> QuerySet[ClaimDismissal]:
    """Every dismissal and restore of the claim, newest first, with who did it."""
    return claim.dismissals.select_related("reviewer").order_by("-created_at", "-id")


def dismissal_totals() -> dict[str, int]:
    """How many found claims reviewers dismissed, by reason."""
    return dict(
        Claim.objects.filter(found=True)
        .exclude(dismissed_reason="")
        .order_by()
        .values_list("dismissed_reason")
        .annotate(n=Count("id"))
    )


def reviewer_labels() -> Iterator[dict]:
    """Reviewers' judgement as training rows, oldest claim first: {"text", "checkworthy",
    "source": "reviewer"}. Dismissed as not check-worthy -> false; given a verdict (and not
    dismissed) -> true. Other dismissals (duplicate, out of scope, extraction error) say
    nothing about worth and are left out; a text judged both ways is left out too."""
    judged = Claim.objects.filter(
        dismissed_reason=DismissalReason.NOT_CHECKWORTHY
    ) | Claim.objects.filter(dismissed_reason="").exclude(current_verdict=VerdictChoice.UNREVIEWED)
    labels: dict[str, bool | None] = {}
    for text, reason in judged.order_by("pk").values_list("text", "dismissed_reason").iterator():
        text = " ".join(text.split())
        worthy = reason == ""
        labels[text] = worthy if labels.get(text, worthy) == worthy else None
    for text, worthy in labels.items():
        if worthy is not None and text:
            yield {"text": text, "checkworthy": worthy, "source": "reviewer"}


def claim_history_entries(
    *,
    verdicts: Iterable[Verdict],
    events: Iterable[ClaimGroupEvent],
    dismissals: Iterable[ClaimDismissal] = (),
) -> list[dict]:
    """Verdicts, group events and dismissals interleaved, newest first:
    [{"kind", "at", "row"}]."""
    rows = [{"kind": "verdict", "at": v.created_at, "id": v.pk, "row": v} for v in verdicts]
    rows += [{"kind": "group", "at": e.created_at, "id": e.pk, "row": e} for e in events]
    rows += [{"kind": "dismissal", "at": d.created_at, "id": d.pk, "row": d} for d in dismissals]
    return sorted(rows, key=lambda r: (r["at"], r["kind"] == "verdict", r["id"]), reverse=True)


def claim_rows() -> QuerySet[Claim]:
    """Claims still found in their article, with speaker, co-signers and article (without its
    body) and no annotations, so counting them stays a one-table query (the API's claim
    list)."""
    return with_co_signers(
        Claim.objects.filter(found=True)
        .select_related("speaker", "article", "assignee")
        .defer("article__body")
    )


def claim_reviews() -> QuerySet[Claim]:
    """Reviewed claims (any published verdict) with `reviewed_at` and `review_note`, the time
    and note of their newest published verdict; least recently updated first, so pollers can
    page forward."""
    newest = Verdict.objects.published().filter(claim=OuterRef("pk")).order_by("-created_at", "-id")
    return with_co_signers(
        Claim.objects.exclude(current_verdict=VerdictChoice.UNREVIEWED)
        .select_related("speaker", "article")
        .defer("article__body")
        .annotate(
            reviewed_at=Subquery(newest.values("created_at")[:1]),
            review_note=Subquery(newest.values("note")[:1]),
        )
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
        Verdict.objects.published()
        .filter(created_at__date__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "verdict")
        .annotate(count=Count("id"))
        .order_by("month", "verdict")
    )
