"""Claim matching: join each new claim to the group of the same claim seen in other articles.

The text logic lives in `claims.matching` (no Django). Here: the blocking-key index
(`ClaimBlockKey`), candidate retrieval by index (never a scan), and group membership writes.
A claim is matched once, while it has no group; a reviewer's split gives it a group of its own,
so re-extraction never pulls it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F

from claims import matching
from claims.models import (
    Article,
    Claim,
    ClaimBlockKey,
    ClaimGroup,
    ClaimGroupEvent,
    GroupAction,
)
from claims.services.groups import group_verdict_refresh

# Candidates scored per claim: those sharing the most blocking keys with it.
CANDIDATE_LIMIT = 50


@dataclass(frozen=True)
class Match:
    """A stored claim that states the same claim; `method` is "fingerprint" or "fuzzy"."""

    claim_id: int
    group_id: int | None
    score: float
    method: str


def claims_index(*, claims: Sequence[Claim]) -> int:
    """Replace the blocking keys of these claims; returns how many keys were written."""
    ids = [claim.pk for claim in claims]
    rows = [
        ClaimBlockKey(claim_id=claim.pk, key=key)
        for claim in claims
        for key in matching.blocking_keys(matching.features(claim.text))
    ]
    with transaction.atomic():
        ClaimBlockKey.objects.filter(claim_id__in=ids).delete()
        ClaimBlockKey.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _by_fingerprint(claim: Claim, feats: matching.Features) -> Match | None:
    if not claim.fingerprint:
        return None
    rows = (
        Claim.objects.filter(fingerprint=claim.fingerprint)
        .exclude(article_id=claim.article_id)
        .order_by(F("group_id").asc(nulls_last=True), "pk")
        .only("pk", "text", "group_id")[:5]
    )
    for row in rows:
        # The fingerprint is the NLP engine's; the hard checks still decide.
        if matching.conflict(feats, matching.features(row.text)) is None:
            return Match(claim_id=row.pk, group_id=row.group_id, score=100.0, method="fingerprint")
    return None


def match_candidates(
    *, feats: matching.Features, exclude_article_id: int | None, limit: int = CANDIDATE_LIMIT
) -> list[Claim]:
    """Claims sharing a blocking key with these features, most shared keys first (indexed)."""
    keys = matching.blocking_keys(feats)
    ids = list(
        ClaimBlockKey.objects.filter(key__in=keys)
        .values("claim_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "claim_id")
        .values_list("claim_id", flat=True)[: limit + 10]
    )
    rows = Claim.objects.filter(pk__in=ids).only("pk", "text", "group_id", "article_id")
    if exclude_article_id is not None:
        rows = rows.exclude(article_id=exclude_article_id)
    return list(rows)[:limit]


def claim_find_match(*, claim: Claim, threshold: float = matching.THRESHOLD) -> Match | None:
    """The best stored match for a claim in another article, or None.

    Same fingerprint first; then the fuzzy matcher on the candidates from the blocking keys.
    Ties go to a candidate already in a group, then to the oldest claim.
    """
    feats = matching.features(claim.text)
    exact = _by_fingerprint(claim, feats)
    if exact is not None:
        return exact
    best: tuple[float, int, int] | None = None
    found: Match | None = None
    for row in match_candidates(feats=feats, exclude_article_id=claim.article_id):
        if row.pk == claim.pk:
            continue
        score = matching.match_score(feats, matching.features(row.text))
        if score < threshold:
            continue
        rank = (score, 1 if row.group_id else 0, -row.pk)
        if best is None or rank > best:
            best = rank
            found = Match(claim_id=row.pk, group_id=row.group_id, score=score, method="fuzzy")
    return found


def _join(claim: Claim, match: Match) -> ClaimGroup:
    other = Claim.objects.select_for_update().get(pk=match.claim_id)
    group = other.group
    if group is None:
        group = ClaimGroup.objects.create(text=other.text)
        other.group = group
        other.save(update_fields=["group"])
    claim.group = group
    claim.save(update_fields=["group"])
    ClaimGroupEvent.objects.create(
        action=GroupAction.MATCH,
        claim=claim,
        other_claim=other,
        to_group_id=group.pk,
        score=round(match.score, 1),
        note=f"{match.method} match with claim {other.pk}",
    )
    return group_verdict_refresh(group=group)


@transaction.atomic
def claims_match(*, claims: Iterable[Claim]) -> dict[int, Match]:
    """Index these claims and put each one without a group into its match's group.

    Returns {claim id: match} for the claims that joined a group. Safe to run twice: claims
    already in a group are left alone.
    """
    claims = list(claims)
    claims_index(claims=claims)
    joined: dict[int, Match] = {}
    for claim in claims:
        claim = Claim.objects.select_for_update().filter(pk=claim.pk).first()
        if claim is None or claim.group_id is not None:
            continue
        match = claim_find_match(claim=claim)
        if match is not None:
            _join(claim, match)
            joined[claim.pk] = match
    return joined


def claims_match_article(*, article: Article) -> dict[int, Match]:
    """Match an article's found claims against every known claim (the extraction hook)."""
    claims = list(article.claims.filter(found=True).only("pk", "text", "group_id", "article_id"))
    return claims_match(claims=claims)
