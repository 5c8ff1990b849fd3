"""Reads for claims over time: groups of the same claim, the verdict as of a date, the
verdict timeline, "seen before" flags for the review queue, and a speaker's monthly record.

Verdicts stay on the claim they were recorded on. A claim's *group verdict* is the newest
verdict across the claims currently in its group (denormalised on ClaimGroup), or the claim's
own newest verdict when it has no group. "As of" and timeline reads use the same rule with
the group's *current* membership, so after a split each side shows only its own history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format

from claims.models import (
    Claim,
    ClaimGroupEvent,
    Speaker,
    Verdict,
    VerdictChoice,
)
from claims.selectors.claims import by_speakers, claim_queue, with_co_signers
from claims.selectors.common import article_label

UNREVIEWED = VerdictChoice.UNREVIEWED
DATE_FORMAT = "j M Y"  # the one date format of the pages (templates use |date:"j M Y")


def _scope_verdicts(claim: Claim, scope: str) -> QuerySet[Verdict]:
    if scope not in ("group", "claim"):
        raise ValueError("scope is 'group' or 'claim'")
    if scope == "group" and claim.group_id is not None:
        rows = Verdict.objects.published().filter(claim__group_id=claim.group_id)
    else:
        rows = Verdict.objects.published().filter(claim_id=claim.pk)
    return rows.select_related("reviewer", "claim").order_by("-created_at", "-id")


def claim_group_verdict(*, claim: Claim) -> Verdict | None:
    """The verdict to show on this appearance: the newest across its group, with reviewer
    and claim loaded; None when no claim of the group has a verdict yet."""
    return _scope_verdicts(claim, "group").first()


@dataclass(frozen=True)
class SeenBefore:
    """An earlier verdict on the same claim in another appearance."""

    verdict: Verdict

    @property
    def message(self) -> str:
        """E.g. "Seen before: Contradicted on 14 Aug 2021 by rita"."""
        return seen_before_message(self.verdict)


def seen_before_message(verdict: Verdict) -> str:
    """ "Seen before: <Verdict> on <date> by <reviewer>" for a group's latest verdict (the
    date as every page writes it: 14 Aug 2021)."""
    day = date_format(timezone.localtime(verdict.created_at).date(), DATE_FORMAT)
    who = verdict.reviewer.get_username()
    return f"Seen before: {verdict.get_verdict_display()} on {day} by {who}"


def claim_seen_before(*, claim: Claim) -> SeenBefore | None:
    """The group's verdict when this claim has none of its own and another appearance was
    reviewed: the queue shows it as a repeat instead of new work. None otherwise."""
    if claim.current_verdict != UNREVIEWED or claim.group_id is None:
        return None
    verdict = claim_group_verdict(claim=claim)
    if verdict is None or verdict.claim_id == claim.pk or verdict.verdict == UNREVIEWED:
        return None
    return SeenBefore(verdict=verdict)


def claims_with_group_verdict(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate claims for lists: `group_verdict` (the group's verdict value, else the
    claim's) and `seen_before` (bool, see `claim_seen_before`); `claim.group.latest_verdict`
    (with its reviewer) is joined, so `seen_before_message(claim.group.latest_verdict)` costs
    no query."""
    seen = (
        Q(current_verdict=UNREVIEWED)
        & Q(group__latest_verdict__isnull=False)
        & ~Q(group__current_verdict=UNREVIEWED)
    )
    return claims.select_related("group__latest_verdict__reviewer").annotate(
        group_verdict=Coalesce(F("group__current_verdict"), F("current_verdict")),
        seen_before=ExpressionWrapper(seen, output_field=BooleanField()),
    )


def claim_queue_new_work() -> QuerySet[Claim]:
    """The review queue without repeats of already reviewed claims (annotated as above)."""
    return claims_with_group_verdict(claim_queue()).filter(seen_before=False)


def claim_queue_seen_before() -> QuerySet[Claim]:
    """Unreviewed repeats of reviewed claims: confirm or revise the earlier verdict."""
    return claims_with_group_verdict(claim_queue()).filter(seen_before=True)


def claim_group_members(*, claim: Claim, limit: int = 50) -> QuerySet[Claim]:
    """The other appearances of this claim (its group), newest first; none without a group."""
    if claim.group_id is None:
        return Claim.objects.none()
    return with_co_signers(
        Claim.objects.filter(group_id=claim.group_id)
        .exclude(pk=claim.pk)
        .select_related("article", "speaker")
        .defer("article__body")
        .order_by(F("published").desc(nulls_last=True), "-id")
    )[:limit]


def claim_group_events(*, claim: Claim) -> QuerySet[ClaimGroupEvent]:
    """Group history for the claim page's timeline, newest first: matches, splits and
    merges of this claim, and those of its current group."""
    which = Q(claim_id=claim.pk) | Q(other_claim_id=claim.pk)
    if claim.group_id is not None:
        which |= Q(to_group_id=claim.group_id) | Q(from_group_id=claim.group_id)
    return (
        ClaimGroupEvent.objects.filter(which)
        .select_related("reviewer", "claim", "other_claim")
        .order_by("-created_at", "-id")
    )


def _end_of(day: dt.date) -> dt.datetime:
    """The first instant after `day` in the site's time zone (TIME_ZONE); a day after today
    counts as today (nothing is recorded in the future, and 9999-12-31 has no day after)."""
    day = min(day, timezone.localdate())
    return dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )


def claim_verdict_as_of(*, claim: Claim, date: dt.date, scope: str = "group") -> Verdict | None:
    """The verdict that stood at the end of `date` (site time zone), or None if none yet.

    `scope="group"` (default) considers every claim now in the claim's group, the rule used
    to show the current verdict; `scope="claim"` only the verdicts recorded on this claim.
    """
    return _scope_verdicts(claim, scope).filter(created_at__lt=_end_of(date)).first()


@dataclass(frozen=True)
class VerdictSegment:
    """One stretch of the verdict timeline: from `start` until `end` (None: still standing)."""

    start: dt.datetime
    end: dt.datetime | None
    verdict: str
    label: str
    reviewer: str
    verdict_id: int
    claim_id: int  # the appearance the verdict was recorded on

    @property
    def start_date(self) -> dt.date:
        return timezone.localtime(self.start).date()

    @property
    def end_date(self) -> dt.date | None:
        return timezone.localtime(self.end).date() if self.end else None


def claim_verdict_timeline(*, claim: Claim, scope: str = "group") -> list[VerdictSegment]:
    """The verdict history as consecutive segments, oldest first (same scopes as `as_of`)."""
    rows = list(reversed(_scope_verdicts(claim, scope)))
    segments = []
    for index, row in enumerate(rows):
        end = rows[index + 1].created_at if index + 1 < len(rows) else None
        segments.append(
            VerdictSegment(
                start=row.created_at,
                end=end,
                verdict=row.verdict,
                label=row.get_verdict_display(),
                reviewer=row.reviewer.get_username(),
                verdict_id=row.pk,
                claim_id=row.claim_id,
            )
        )
    return segments


def speaker_monthly_record(*, speaker: Speaker) -> list[dict]:
    """Per month the speaker's claims were published (oldest first):
    `{"month": date (1st), "claims": distinct claims, "appearances": n, "<verdict>": n ...}`
    with a count for every verdict value (unreviewed included).

    A claim repeated in several articles of one month counts once, with its group verdict.
    """
    rows = (
        by_speakers(
            Claim.objects.filter(found=True), [speaker.pk], getattr(speaker, "co_signs", None)
        )
        .annotate(verdict_now=Coalesce(F("group__current_verdict"), F("current_verdict")))
        .values_list("pk", "group_id", "published", "created_at", "verdict_now")
    )
    seen: dict[dt.date, dict[str, str]] = defaultdict(dict)
    appearances: dict[dt.date, int] = defaultdict(int)
    for pk, group_id, published, created_at, verdict in rows.iterator():
        day = published or timezone.localtime(created_at).date()
        month = day.replace(day=1)
        seen[month][f"g{group_id}" if group_id else f"c{pk}"] = verdict
        appearances[month] += 1
    record = []
    for month in sorted(seen):
        counts = {value: 0 for value in VerdictChoice.values}
        for verdict in seen[month].values():
            counts[verdict] += 1
        record.append(
            {"month": month, "claims": len(seen[month]), "appearances": appearances[month]} | counts
        )
    return record


def claim_detail(*, pk: int) -> Claim:
    """One claim (found or not) with its article and speaker, annotated with `group_verdict`
    and `seen_before` (claims_with_group_verdict, the group and its
    latest verdict joined); raises Claim.DoesNotExist."""
    return with_co_signers(
        claims_with_group_verdict(Claim.objects.select_related("article", "speaker", "assignee"))
    ).get(pk=pk)


def claim_other_appearances(*, claim: Claim, limit: int = 20) -> list[Claim]:
    """The claim's other appearances: its group's members (matched, split and merged by
    reviewers); none while the claim has no group."""
    if claim.group_id is None:
        return []
    return list(
        claim_group_members(claim=claim, limit=limit).annotate(article_label=article_label())
    )
