"""Claim grouping: join each new claim to the group of the same claim seen in other articles.

The text logic lives in `claims.claim_comparison` (no Django). Here: the blocking-key index
(`ClaimBlockKey`), candidate retrieval by index (never a scan), and group membership writes.
A claim is matched once, while it has no group; a reviewer's split gives it a group of its own,
so re-extraction never pulls it back.

Candidates come from the vector index of claim embeddings (`claims.services.claim_index`,
loaded only in workers and commands) and the blocking keys; `claims.claim_decision` decides.
Matching is set-based (docs/MATCHING.md): per run (an article, or an extraction batch of them),
one query for the fingerprints of all its claims, one for the blocking-key candidates of all its
claims, scoring in memory, then the joins written in bulk under row locks taken in primary-key
order: claims first, then groups.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from claims import claim_comparison, claim_decision
from claims.models import (
    Article,
    Claim,
    ClaimBlockKey,
    ClaimGroup,
    ClaimGroupEvent,
    GroupAction,
)
from claims.services.groups import group_verdict_refresh

if TYPE_CHECKING:
    import numpy as np

# Candidates decided per claim: its nearest claims by meaning (the vector index) and those
# sharing the most blocking keys with it.
CANDIDATE_LIMIT = 50
# A candidate whose indexed vector is this far under the threshold is not re-encoded.
STALE_MARGIN = 0.05
# Same-fingerprint claims checked per claim (the first without a hard conflict wins).
FINGERPRINT_LIMIT = 5
# Claims per candidate query (15 keys each: about 3,000 parameters, well inside SQLite's limit).
QUERY_CHUNK = 100
# Candidate rows read per `pk IN` query (a batch of claims can name tens of thousands).
LOAD_CHUNK = 5000
# Stands in for the id of a group made later in the same pass: it sorts after existing groups.
_PLACEHOLDER = 2**62
_FIELDS = ("pk", "text", "group_id", "article_id", "score", "fingerprint", "published")


@dataclass(frozen=True)
class Match:
    """A stored claim that states the same claim; `method` is "fingerprint" or "meaning".

    `score` is 100 for a fingerprint match, else the cosine of the embeddings times 100.
    """

    claim_id: int
    group_id: int | None
    score: float
    method: str


def claims_index(*, claims: Sequence[Claim], replace: bool = True) -> int:
    """Replace the blocking keys of these claims; returns how many keys were written.

    `replace=False` when none of them has keys yet (claims just created): nothing to delete.
    Joins the caller's transaction without a savepoint.
    """
    rows = [
        (claim.pk, key)
        for claim in claims
        for key in claim_comparison.blocking_keys(claim_comparison.features(claim.text))
    ]
    with transaction.atomic(savepoint=False):
        if replace:
            ClaimBlockKey.objects.filter(claim_id__in=[claim.pk for claim in claims]).delete()
        _insert_keys(rows)
    return len(rows)


def _insert_keys(rows: Sequence[tuple[int, str]]) -> None:
    """Insert (claim id, key) rows, skipping any already there (a concurrent index run)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        ClaimBlockKey.objects.bulk_create(
            [ClaimBlockKey(claim_id=pk, key=key) for pk, key in rows], ignore_conflicts=True
        )
        return
    # Two array parameters instead of a model instance and two parameters a row: the keys are
    # written in every extraction transaction (about 15 a claim).
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(ClaimBlockKey._meta.db_table)} ({quote('claim_id')}, {quote('key')}) "
        "SELECT * FROM unnest(%s::bigint[], %s::varchar[]) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [[pk for pk, _ in rows], [key for _, key in rows]])


def _fingerprint_rows(
    fingerprints: Iterable[str], *, exclude_article_id: int | None, limit: int
) -> dict[str, list[Claim]]:
    """Per fingerprint, the first `limit` claims of other articles (grouped first, then oldest)."""
    fingerprints = sorted({fp for fp in fingerprints if fp})
    if not fingerprints:
        return {}
    order = [F("group_id").asc(nulls_last=True), F("pk").asc()]
    rows = Claim.objects.filter(fingerprint__in=fingerprints)
    if exclude_article_id is not None:
        rows = rows.exclude(article_id=exclude_article_id)
    rows = (
        rows.annotate(rank=Window(RowNumber(), partition_by=[F("fingerprint")], order_by=order))
        .filter(rank__lte=limit)
        .only(*_FIELDS)
        .order_by()
    )
    found: dict[str, list[Claim]] = {}
    for row in rows:
        found.setdefault(row.fingerprint, []).append(row)
    return found


def _candidate_ids(keys: Sequence[Sequence[str]], *, limit: int) -> list[list[int]]:
    """For each key list, the ids of the `limit` claims sharing most keys (ties: oldest first).

    One indexed query per `QUERY_CHUNK` key lists: the same ranking as a `key IN (...)` count
    per claim, done for all of them at once.
    """
    table = connection.ops.quote_name(ClaimBlockKey._meta.db_table)
    key = connection.ops.quote_name("key")
    found: list[list[int]] = [[] for _ in keys]
    for first in range(0, len(keys), QUERY_CHUNK):
        pairs = [
            (index, k)
            for index in range(first, min(first + QUERY_CHUNK, len(keys)))
            for k in keys[index]
        ]
        if not pairs:
            continue
        values = ", ".join(["(%s, %s)"] * len(pairs))
        sql = (
            f"WITH q(qid, k) AS (VALUES {values}) "
            "SELECT qid, claim_id FROM ("
            " SELECT q.qid AS qid, b.claim_id AS claim_id, ROW_NUMBER() OVER ("
            "  PARTITION BY q.qid ORDER BY COUNT(*) DESC, b.claim_id) AS rn"
            f" FROM q JOIN {table} b ON b.{key} = q.k GROUP BY q.qid, b.claim_id"
            ") ranked WHERE rn <= %s ORDER BY qid, rn"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*itertools.chain.from_iterable(pairs), limit])
            for qid, claim_id in cursor.fetchall():
                found[qid].append(claim_id)
    return found


class _Pool:
    """Stored claims read for one matching pass, their features computed once each."""

    def __init__(self, detached: Iterable[int] = (), older_only: bool = False) -> None:
        self.rows: dict[int, Claim] = {}
        # Re-grouping (`claims_rematch`): these claims count as ungrouped until this pass
        # groups them, and a claim is matched only with older ones, as they arrived.
        self.detached = set(detached)
        self.older_only = older_only
        self.placeholders = itertools.count(_PLACEHOLDER)
        self._features: dict[int, claim_comparison.Features] = {}
        self._vectors: dict[int, np.ndarray] = {}
        self._stored: dict[int, np.ndarray | None] = {}
        # Groups given to stored claims earlier in this pass (not yet in the rows read).
        self.groups: dict[int, int] = {}

    def add(self, rows: Iterable[Claim]) -> None:
        for row in rows:
            self.rows.setdefault(row.pk, row)

    def load(self, ids: Iterable[int]) -> None:
        missing = sorted({pk for pk in ids if pk not in self.rows})
        for first in range(0, len(missing), LOAD_CHUNK):
            chunk = missing[first : first + LOAD_CHUNK]
            self.add(Claim.objects.filter(pk__in=chunk).only(*_FIELDS).order_by())

    def features(self, row: Claim) -> claim_comparison.Features:
        if row.pk not in self._features:
            self._features[row.pk] = claim_comparison.features(row.text)
        return self._features[row.pk]

    def stored_vectors(self, rows: Sequence[Claim]) -> list[np.ndarray | None]:
        """The vector index's embeddings of these rows (None for a row it does not hold)."""
        missing = [row.pk for row in rows if row.pk not in self._stored]
        if missing:
            from claims.services.claim_index import claim_stored_vectors  # workers only

            found = claim_stored_vectors(missing)
            self._stored.update({pk: found.get(pk) for pk in missing})
        return [self._stored[row.pk] for row in rows]

    def vectors(self, rows: Sequence[Claim]) -> list[np.ndarray]:
        """The embeddings of these rows' current texts (those not seen yet encoded now)."""
        missing = [row for row in rows if row.pk not in self._vectors]
        if missing:
            from claims.embedding import encode  # workers only: numpy and the tokenizer

            for row, vector in zip(missing, encode([row.text for row in missing]), strict=True):
                self._vectors[row.pk] = vector
        return [self._vectors[row.pk] for row in rows]

    def group_id(self, row: Claim) -> int | None:
        if row.pk in self.groups:
            return self.groups[row.pk]
        return None if row.pk in self.detached else row.group_id

    def eligible(self, claim: Claim, row: Claim) -> bool:
        return row.article_id != claim.article_id and (
            row.pk < claim.pk if self.older_only else row.pk != claim.pk
        )


def _best(
    claim: Claim,
    feats: claim_comparison.Features,
    vector: np.ndarray,
    same_fingerprint: Sequence[Claim],
    candidate_ids: Sequence[int],
    pool: _Pool,
    threshold: float,
) -> Match | None:
    """Same fingerprint first, then the closest candidate that the decision calls the same."""
    if claim.fingerprint:
        order = sorted(
            same_fingerprint, key=lambda r: (pool.group_id(r) is None, pool.group_id(r) or 0, r.pk)
        )
        for row in [r for r in order if pool.eligible(claim, r)][:FINGERPRINT_LIMIT]:
            # The fingerprint is the NLP engine's; the hard checks (and dates) still decide.
            checks = claim_comparison.conflict(
                feats, pool.features(row), claim.published, row.published
            )
            if checks is None:
                return Match(row.pk, pool.group_id(row), 100.0, "fingerprint")
    rows = [pool.rows[pk] for pk in dict.fromkeys(candidate_ids) if pk in pool.rows]
    rows = [row for row in rows if pool.eligible(claim, row)]
    # The index's vectors sort out most candidates without encoding them (a few ms each); the
    # rest are decided on their current text, encoded now (a re-extracted claim's indexed
    # vector can be of its older text, hence the margin).
    rows = [
        row
        for row, stored in zip(rows, pool.stored_vectors(rows), strict=True)
        if stored is None or float(vector @ stored) >= threshold - STALE_MARGIN
    ]
    best: tuple[float, int, int] | None = None
    found: Match | None = None
    for row, other in zip(rows, pool.vectors(rows), strict=True):
        cosine = float(vector @ other)
        if cosine < threshold:  # the cheap test first: most candidates stop here
            continue
        decision = claim_decision.decide_features(
            feats, pool.features(row), cosine, claim.published, row.published, threshold
        )
        if not decision.same:
            continue
        group_id = pool.group_id(row)
        rank = (decision.score, 1 if group_id else 0, -row.pk)
        if best is None or rank > best:
            best = rank
            found = Match(row.pk, group_id, round(decision.score * 100, 1), "meaning")
    return found


def _candidates(claims: Sequence[Claim], feats: Sequence[claim_comparison.Features]):
    """Per claim: its embedding and candidate ids, nearest by meaning first, then by keys."""
    from claims.services.claim_index import claim_neighbours  # workers only: usearch, numpy

    vectors, nearest = claim_neighbours([claim.text for claim in claims], CANDIDATE_LIMIT)
    by_keys = _candidate_ids(
        [claim_comparison.blocking_keys(f) for f in feats], limit=CANDIDATE_LIMIT
    )
    return vectors, [list(dict.fromkeys(a + b)) for a, b in zip(nearest, by_keys, strict=True)]


def _find(claims: Sequence[Claim], pool: _Pool, threshold: float) -> list[tuple[Claim, Match]]:
    """Matches for ungrouped claims of one or more articles, read in three queries; no locks.

    Claims are taken in the given order. A claim matched earlier in the pass (as the claim
    that joins or as the claim joined) counts as grouped: it is not matched again, and a later
    claim that matches it joins its group. So the same claim in two articles of one batch ends
    in one group, as if the articles had been matched one after the other.
    """
    articles = {claim.article_id for claim in claims}
    feats = [claim_comparison.features(claim.text) for claim in claims]
    by_fingerprint = _fingerprint_rows(
        (claim.fingerprint for claim in claims),
        # One article: leave its own claims out in SQL; several: per claim, in memory.
        exclude_article_id=next(iter(articles)) if len(articles) == 1 else None,
        # Claims joined earlier in this pass may move up the order, and the batch's own claims
        # take places: read enough to re-sort.
        limit=FINGERPRINT_LIMIT + len(claims),
    )
    for rows in by_fingerprint.values():
        pool.add(rows)
    vectors, candidates = _candidates(claims, feats)
    pool.load(itertools.chain.from_iterable(candidates))
    found: list[tuple[Claim, Match]] = []
    for claim, f, vector, ids in zip(claims, feats, vectors, candidates, strict=True):
        if claim.pk in pool.groups:  # joined by a claim matched earlier in this pass
            continue
        same = [
            row
            for row in by_fingerprint.get(claim.fingerprint, [])
            if row.article_id != claim.article_id
        ]
        match = _best(claim, f, vector, same, ids, pool, threshold)
        if match is None:
            continue
        found.append((claim, match))
        other = pool.rows[match.claim_id]
        group_id = pool.group_id(other)
        if group_id is None:
            group_id = pool.groups[other.pk] = next(pool.placeholders)
        pool.groups[claim.pk] = group_id
    return found


def claim_find_match(*, claim: Claim, threshold: float | None = None) -> Match | None:
    """The best stored match for a claim in another article, or None.

    Same fingerprint first; then the decision (meaning, then hard checks) on the candidates from
    the vector index and the blocking keys. Ties go to a candidate already in a group, then to
    the oldest claim. `threshold` is a cosine (the decision's by default; it was the old fuzzy
    score's 85 here, which no cosine reaches, so only fingerprints matched through this).
    """
    found = _find([claim], _Pool(), claim_decision.THRESHOLD if threshold is None else threshold)
    return found[0][1] if found else None


def _join(found: Sequence[tuple[Claim, Match]]) -> dict[int, Match]:
    """Write the joins: lock every claim involved in pk order, re-check, write in bulk.

    Locks are taken claims first (ascending id, in one query), then groups (ascending id), so
    two workers matching overlapping claims wait for each other instead of deadlocking. A claim
    that gained a group since it was read (a concurrent run) is left alone. `found` is in
    matching order: a claim that joins a claim which joined a group earlier in the list ends
    in that group.
    """
    ids = {claim.pk for claim, _ in found} | {match.claim_id for _, match in found}
    locked = {
        row.pk: row
        for row in Claim.objects.select_for_update()
        .filter(pk__in=sorted(ids))
        .order_by("pk")
        .only("pk", "text", "group_id")
    }
    groups: dict[int, ClaimGroup | None] = {pk: None for pk in locked}
    new_groups: list[tuple[int, ClaimGroup]] = []
    joins: list[tuple[Claim, Claim, Match]] = []
    for claim, match in found:
        mine, other = locked.get(claim.pk), locked.get(match.claim_id)
        if mine is None or other is None or mine.group_id is not None:
            continue  # deleted meanwhile, or grouped by a concurrent run
        if other.group_id is None and groups[other.pk] is None:
            groups[other.pk] = ClaimGroup(text=other.text)
            new_groups.append((other.pk, groups[other.pk]))
        joins.append((mine, other, match))
        mine.group_id = -1  # joined: a later duplicate in `found` is skipped
    ClaimGroup.objects.bulk_create([group for _, group in new_groups])
    changed: list[Claim] = []
    for pk, group in new_groups:
        locked[pk].group_id = group.pk
        changed.append(locked[pk])
    events: list[ClaimGroupEvent] = []
    joined: dict[int, Match] = {}
    for mine, other, match in joins:
        mine.group_id = other.group_id
        changed.append(mine)
        events.append(
            ClaimGroupEvent(
                action=GroupAction.MATCH,
                claim_id=mine.pk,
                other_claim_id=other.pk,
                to_group_id=other.group_id,
                score=round(match.score, 1),
                note=f"{match.method} match with claim {other.pk}",
            )
        )
        if match.group_id is not None and match.group_id >= _PLACEHOLDER:
            match = replace(match, group_id=other.group_id)  # a group made in this pass
        joined[mine.pk] = match
    Claim.objects.bulk_update(changed, ["group"])
    ClaimGroupEvent.objects.bulk_create(events)
    for group_id in sorted({mine.group_id for mine, _, _ in joins}):
        group_verdict_refresh(group=ClaimGroup(pk=group_id))
    return joined


def _match_run(claims: Sequence[Claim]) -> dict[int, Match]:
    """Match claims that had no group when read, in this order (no locks until a join)."""
    found = _find(claims, _Pool(), claim_decision.THRESHOLD) if claims else []
    return _join(found) if found else {}


@transaction.atomic
def claims_match(*, claims: Iterable[Claim], index: bool = True) -> dict[int, Match]:
    """Index these claims (unless `index` is False) and put each one without a group into its
    match's group.

    Returns {claim id: match} for the claims that joined a group. Safe to run twice, and
    concurrently: claims already in a group are left alone. The claims are matched in the
    given order in one set-based run (a fixed number of queries, one lock statement); only the
    claims that join a group, and the claims they join, are locked.
    """
    claims = list(claims)
    if index:
        claims_index(claims=claims)
    ids = list(dict.fromkeys(claim.pk for claim in claims))
    # Re-read: a claim may have joined a group since the caller read it.
    fresh = {
        row.pk: row
        for row in Claim.objects.filter(pk__in=ids, group__isnull=True).only(*_FIELDS).order_by()
    }
    return _match_run([fresh[pk] for pk in ids if pk in fresh])


def _articles_claims(article_ids: Sequence[int]) -> list[Claim]:
    """The ungrouped found claims of these articles: article by article, each in claim order."""
    position = {pk: index for index, pk in enumerate(dict.fromkeys(article_ids))}
    rows = Claim.objects.filter(article_id__in=list(position), found=True, group__isnull=True)
    # The default order (highest score first) within an article; sorted() keeps it.
    return sorted(rows.only(*_FIELDS), key=lambda claim: position[claim.article_id])


@transaction.atomic
def claims_match_articles(*, article_ids: Sequence[int]) -> dict[int, Match]:
    """Match the found claims of these articles against every known claim, in one run.

    What the `match_articles` task runs once per extraction batch, after the articles were
    stored (with their blocking keys). Claims of the batch's articles match each other too, so
    the same claim in two of them ends in one group. Safe to run twice or concurrently (claims
    already in a group are left alone). Returns {claim id: match} for the claims that joined.
    The articles' `matched_at` records the run (the stale sweep looks for articles without).
    """
    started = timezone.now()
    joined = _match_run(_articles_claims(article_ids))
    Article.objects.filter(pk__in=list(article_ids)).update(matched_at=started)
    return joined


@transaction.atomic
def claims_match_article(*, article: Article, index: bool = True) -> dict[int, Match]:
    """Match an article's found claims against every known claim (the `match_article` task).

    `index=False` when the blocking keys are current (extraction writes them with the claims).
    """
    if index:
        found = article.claims.filter(found=True).only("pk", "text", "article_id")
        claims_index(claims=list(found))
    return _match_run(_articles_claims([article.pk]))
