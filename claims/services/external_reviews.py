"""Fact-checks published elsewhere: import schema.org ClaimReview, match it with our claims.

`external_reviews_import` stores every good review of a document (one row per review URL:
importing again updates it) and reports each bad item; `external_reviews_fetch` reads a
document from a URL, refusing private and loopback hosts unless
`CLAIMREVIEW_IMPORT_ALLOW_PRIVATE` (like webhooks). Matching runs in workers and commands only
(embeddings): `external_reviews_match` decides, with the claim matcher's decision, which stored
claims state the claim a review checked; new claims are matched against every review by the
`match_articles` task, new reviews against the stored claims by `match_external_reviews`.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims import claim_comparison, claimreview_reader
from claims.models import Claim, ExternalFactCheck, ExternalFactCheckMatch

logger = logging.getLogger(__name__)
# A document read from a URL or uploaded: at most this many bytes.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
FETCH_TIMEOUT = 20
USER_AGENT = "factcheck-claimreview-import/1"
# Stored claims considered per review (nearest by meaning) when a review is imported.
CLAIMS_PER_REVIEW = 50
_FIELDS = ("publisher", "publisher_url", "claim_reviewed", "claimant", "rating_value",
           "rating_name", "published")  # fmt: skip


@dataclass
class ImportReport:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": len(self.created), "updated": len(self.updated), "errors": self.errors}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect could point at an internal address: treat it as the final answer.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return False  # cannot resolve: fetching fails with a clear error anyway
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            return True
    return False


def external_reviews_fetch(*, url: str) -> bytes:
    """The document at an http(s) URL; ValidationError says why it cannot be read."""
    parts = urllib.parse.urlsplit((url or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": "Give an http:// or https:// URL."})
    host = parts.hostname.lower()
    if not settings.CLAIMREVIEW_IMPORT_ALLOW_PRIVATE and (
        host == "localhost"
        or host.endswith((".localhost", ".local", ".internal"))
        or _private(host)
    ):
        raise ValidationError({"url": "Private and loopback addresses are not allowed."})
    request = urllib.request.Request(url.strip(), headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=FETCH_TIMEOUT) as r:
            data = r.read(MAX_DOCUMENT_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise ValidationError({"url": f"The server answered {exc.code}."}) from None
    except (OSError, ValueError) as exc:
        raise ValidationError(
            {"url": f"Could not fetch it: {getattr(exc, 'reason', exc)}"}
        ) from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"url": f"Larger than {MAX_DOCUMENT_BYTES // 2**20} MB."})
    return data


@transaction.atomic
def external_reviews_import(*, data: bytes, source: str = "") -> ImportReport:
    """Store the good reviews of a ClaimReview document; each bad item is an error line.

    ValidationError when the document as a whole cannot be read. Matching the new reviews with
    stored claims is queued after commit (the `match_external_reviews` task).
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": f"Larger than {MAX_DOCUMENT_BYTES // 2**20} MB."})
    try:
        read = claimreview_reader.read_claimreviews(data)
    except claimreview_reader.ClaimReviewDocumentError as exc:
        raise ValidationError({"file": str(exc)}) from None
    report = ImportReport(errors=list(read.errors))
    existing = {
        row.url: row
        for row in ExternalFactCheck.objects.filter(url__in=[r.url for r in read.reviews])
    }
    now = timezone.now()
    for review in {r.url: r for r in read.reviews}.values():  # the last of a repeated URL wins
        values = {name: getattr(review, name) for name in _FIELDS}
        row = existing.get(review.url)
        if row is None:
            row = ExternalFactCheck.objects.create(
                url=review.url, source=source[:2000], imported_at=now, **values
            )
            report.created.append(row.pk)
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.imported_at, row.source = now, source[:2000]
            row.save()
            report.updated.append(row.pk)
    changed = report.created + report.updated
    if changed:
        transaction.on_commit(lambda: _queue_match(changed))
    return report


def _queue_match(review_ids: list[int]) -> None:
    from claims.tasks import match_external_reviews

    try:
        match_external_reviews.delay(review_ids)
    except Exception:  # the broker is down: `manage.py import_claimreview --match` catches up
        logger.exception("Could not queue matching of external fact-checks %s", review_ids)


def _decide(
    pairs: Iterable[tuple[Claim, ExternalFactCheck, float]],
) -> list[ExternalFactCheckMatch]:
    from claims import claim_decision

    found = []
    for claim, review, cosine in pairs:
        decision = claim_decision.decide_features(
            claim_comparison.features(claim.text),
            claim_comparison.features(review.claim_reviewed),
            cosine,
        )
        if decision.same:
            found.append(
                ExternalFactCheckMatch(claim=claim, review=review, score=round(cosine * 100, 1))
            )
    return found


def external_reviews_match_reviews(*, review_ids: Sequence[int]) -> int:
    """Match these reviews with the stored claims nearest by meaning; returns links made."""
    from claims.embedding import encode
    from claims.services.claim_grouping import STALE_MARGIN
    from claims.services.claim_index import claim_neighbours, claim_stored_vectors

    reviews = list(ExternalFactCheck.objects.filter(pk__in=review_ids).order_by("pk"))
    if not reviews:
        return 0
    vectors, nearest = claim_neighbours([r.claim_reviewed for r in reviews], CLAIMS_PER_REVIEW)
    claims = Claim.objects.in_bulk({pk for ids in nearest for pk in ids})
    stored = claim_stored_vectors(list(claims))
    pairs = []
    for review, vector, ids in zip(reviews, vectors, nearest, strict=True):
        # As claim matching: the indexed vectors sort out the far ones; the rest are decided
        # on their current text, encoded now.
        rows = [
            claims[pk]
            for pk in ids
            if pk in claims
            and (pk not in stored or float(vector @ stored[pk]) >= _threshold() - STALE_MARGIN)
        ]
        for row, other in zip(rows, encode([row.text for row in rows]), strict=True):
            pairs.append((row, review, float(vector @ other)))
    return _store(_decide(pairs))


def external_reviews_match_claims(*, claim_ids: Sequence[int]) -> int:
    """Match these claims with every stored review (exact cosine); returns links made."""
    from claims.embedding import encode

    reviews = list(ExternalFactCheck.objects.order_by("pk"))
    claims = list(Claim.objects.filter(pk__in=claim_ids, found=True).order_by("pk"))
    if not reviews or not claims:
        return 0
    review_vectors = _review_vectors(reviews, encode)
    cosines = encode([c.text for c in claims]) @ review_vectors.T
    pairs = [
        (claim, reviews[j], float(cosines[i, j]))
        for i, claim in enumerate(claims)
        for j in (cosines[i] >= _threshold()).nonzero()[0]
    ]
    return _store(_decide(pairs))


_vector_cache: dict[tuple[int, str], object] = {}


def _review_vectors(reviews: list[ExternalFactCheck], encode):
    """The reviews' embeddings, kept per process while the set of reviews is unchanged."""
    key = (len(reviews), max(r.imported_at for r in reviews).isoformat())
    if key not in _vector_cache:
        _vector_cache.clear()
        _vector_cache[key] = encode([r.claim_reviewed for r in reviews])
    return _vector_cache[key]


def _threshold() -> float:
    from claims import claim_decision

    return claim_decision.THRESHOLD


def _store(matches: list[ExternalFactCheckMatch]) -> int:
    before = ExternalFactCheckMatch.objects.count()
    ExternalFactCheckMatch.objects.bulk_create(matches, ignore_conflicts=True)
    return ExternalFactCheckMatch.objects.count() - before


def external_checks_by_claim(claims: Sequence[Claim]) -> dict[int, list[ExternalFactCheck]]:
    """For each claim, the external fact-checks of its claim (any member of its group), newest
    first, in two queries."""
    groups = {c.group_id for c in claims if c.group_id}
    ids = {c.pk for c in claims}
    rows = (
        ExternalFactCheckMatch.objects.filter(Q(claim_id__in=ids) | Q(claim__group_id__in=groups))
        .select_related("review", "claim")
        .order_by("-review__published", "-review_id")
    )
    by_claim: dict[int, list[ExternalFactCheck]] = defaultdict(list)
    by_group: dict[int, list[ExternalFactCheck]] = defaultdict(list)
    for match in rows:
        by_claim[match.claim_id].append(match.review)
        if match.claim.group_id:
            by_group[match.claim.group_id].append(match.review)
    out = {}
    for claim in claims:
        found = by_claim.get(claim.pk, []) + by_group.get(claim.group_id, [])
        out[claim.pk] = list({review.pk: review for review in found}.values())
    return out
