"""schema.org ClaimReview JSON-LD for reviewed claims (Google's fact-check markup).

Numeric verdicts map onto a 1..5 scale (5 = verified); "unverifiable" has no place on that
scale, so its rating carries only the label (`alternateName`), as Google advises for
non-numeric ratings. https://developers.google.com/search/docs/appearance/structured-data/factcheck
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from claims.models import Claim, Speaker, SpeakerKind, VerdictChoice

BEST_RATING = 5
WORST_RATING = 1
RATING_VALUES: dict[str, int] = {
    VerdictChoice.VERIFIED: 5,
    VerdictChoice.MOSTLY_TRUE: 4,
    VerdictChoice.MIXED: 3,
    VerdictChoice.MISLEADING: 2,
    VerdictChoice.CONTRADICTED: 1,
}


class ScriptSafeJSONRenderer(JSONRenderer):
    """JSON with <, > and & written as \\u escapes.

    Publishers paste ClaimReview into `<script type="application/ld+json">`; a claim quoting
    `</script>` would otherwise end that element and run what follows. The escapes decode to
    the same strings, and these characters only ever occur inside JSON strings.
    """

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        body = super().render(data, accepted_media_type, renderer_context)
        return body.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


class JSONLDRenderer(ScriptSafeJSONRenderer):
    """The same JSON, served as application/ld+json (?format=jsonld or the Accept header)."""

    media_type = "application/ld+json"
    format = "jsonld"


def review_rating(verdict: str) -> dict[str, Any]:
    """A schema.org Rating for a verdict; label-only for verdicts off the numeric scale."""
    label = VerdictChoice(verdict).label
    value = RATING_VALUES.get(verdict)
    if value is None:
        return {"@type": "Rating", "alternateName": label}
    return {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": label,
    }


def _claim_page_url(claim: Claim, request: HttpRequest) -> str:
    """The public fact-check page (readable by anyone), else the API resource."""
    try:
        path = reverse("claims:factcheck_detail", args=[claim.pk])
    except NoReverseMatch:  # no server-rendered pages: point at the API resource
        path = reverse("api:claim-detail", args=[claim.pk])
    return request.build_absolute_uri(path)


def _person(speaker: Speaker) -> dict[str, Any]:
    person = speaker.kind == SpeakerKind.PERSON
    author: dict[str, Any] = {"@type": "Person" if person else "Organization", "name": speaker.name}
    if person and speaker.title:
        author["jobTitle"] = speaker.title
    return author


def _claim_author(claim: Claim) -> dict[str, Any] | list[dict[str, Any]] | None:
    """Who made the claim: one Person (or Organization), or a list of them, first signer
    first, for a joint statement's claim; None when nobody is named."""
    authors = [_person(speaker) for speaker in claim.speakers]
    if not authors:
        return None
    return authors[0] if len(authors) == 1 else authors


def _appearance(claim: Claim, request: HttpRequest) -> dict[str, Any]:
    article = claim.article
    url = article.url or request.build_absolute_uri(article.get_absolute_url())
    appearance: dict[str, Any] = {"@type": "NewsArticle", "url": url}
    if article.title:
        appearance["headline"] = article.title
    if article.published:
        appearance["datePublished"] = article.published.isoformat()
    if article.source:
        appearance["publisher"] = {"@type": "Organization", "name": article.source}
    return appearance


def claim_review(
    claim: Claim, *, reviewed_at: dt.datetime, request: HttpRequest, review_body: str = ""
) -> dict[str, Any]:
    """The ClaimReview for a reviewed claim; `reviewed_at` is when its newest published verdict
    was made and `review_body` that verdict's note. `claimReviewed` is the reviewer's clean
    statement of the claim when there is one, else the sentence as found.

    The claim needs its speaker and article loaded; the author of the review is the publisher
    named by the CLAIMREVIEW_PUBLISHER_NAME/_URL settings.
    """
    item: dict[str, Any] = {"@type": "Claim", "appearance": _appearance(claim, request)}
    author = _claim_author(claim)
    if author is not None:
        item["author"] = author
    published = claim.published or claim.article.published
    if published:
        item["datePublished"] = published.isoformat()
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": _claim_page_url(claim, request),
        "claimReviewed": getattr(claim, "statement", "") or claim.text,
        "datePublished": timezone.localdate(reviewed_at).isoformat(),
        "author": {
            "@type": "Organization",
            "name": settings.CLAIMREVIEW_PUBLISHER_NAME,
            "url": settings.CLAIMREVIEW_PUBLISHER_URL,
        },
        "reviewRating": review_rating(claim.current_verdict),
        "itemReviewed": item,
    }
    if review_body:
        review["reviewBody"] = review_body
    return review


_ORG = {
    "type": "object",
    "properties": {
        "@type": {"type": "string", "enum": ["Organization", "Person"]},
        "name": {"type": "string"},
        "url": {"type": "string"},
        "jobTitle": {"type": "string"},
    },
    "required": ["@type", "name"],
}

# The OpenAPI description of one ClaimReview object (drf-spectacular raw schema).
CLAIMREVIEW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A schema.org ClaimReview (JSON-LD).",
    "properties": {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {"type": "string", "format": "uri"},
        "claimReviewed": {"type": "string"},
        "reviewBody": {"type": "string", "description": "The reviewer's note."},
        "datePublished": {"type": "string", "format": "date"},
        "author": _ORG,
        "reviewRating": {
            "type": "object",
            "properties": {
                "@type": {"type": "string", "enum": ["Rating"]},
                "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                "bestRating": {"type": "integer", "enum": [BEST_RATING]},
                "worstRating": {"type": "integer", "enum": [WORST_RATING]},
                "alternateName": {"type": "string"},
            },
            "required": ["@type", "alternateName"],
        },
        "itemReviewed": {
            "type": "object",
            "properties": {
                "@type": {"type": "string", "enum": ["Claim"]},
                "author": {
                    "description": "Who made the claim; a list (first signer first) when a "
                    "joint statement's signers made it together.",
                    "oneOf": [_ORG, {"type": "array", "items": _ORG, "minItems": 2}],
                },
                "datePublished": {"type": "string", "format": "date"},
                "appearance": {
                    "type": "object",
                    "properties": {
                        "@type": {"type": "string", "enum": ["NewsArticle"]},
                        "url": {"type": "string"},
                        "headline": {"type": "string"},
                        "datePublished": {"type": "string", "format": "date"},
                        "publisher": _ORG,
                    },
                    "required": ["@type", "url"],
                },
            },
            "required": ["@type", "appearance"],
        },
    },
    "required": [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "datePublished",
        "author",
        "reviewRating",
        "itemReviewed",
    ],  # fmt: skip
}
