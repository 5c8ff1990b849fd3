"""Read schema.org ClaimReview documents published by other fact-checkers. No Django here.

Accepts JSON-LD as one review, a list of them, an `@graph`, a DataFeed whose `dataFeedElement`
items carry the reviews in `item` (the shape of public ClaimReview feeds), any nesting of those,
and HTML pages with `<script type="application/ld+json">` blocks. Each ClaimReview found becomes
a `ReadReview` or, when it lacks what a fact-check needs, an error naming the item; the good
ones are kept whatever the bad ones say (`read_claimreviews`).
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from dataclasses import dataclass
from datetime import date

# Field lengths, as stored (claims.models.ExternalFactCheck).
MAX_PUBLISHER = 200
MAX_CLAIMANT = 300
MAX_RATING = 200
MAX_URL = 2000
MAX_CLAIM = 5000
# Reviews read from one document at most (a feed larger than this is refused, not cut).
MAX_REVIEWS = 20000
_SCRIPT = re.compile(
    r"<script[^>]+type=[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.I | re.S
)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


class ClaimReviewDocumentError(ValueError):
    """The document as a whole cannot be read (not JSON-LD, nothing in it)."""


@dataclass(frozen=True)
class ReadReview:
    publisher: str
    publisher_url: str
    claim_reviewed: str
    claimant: str
    rating_value: str
    rating_name: str
    url: str
    published: date | None


@dataclass(frozen=True)
class ReadResult:
    reviews: list[ReadReview]
    errors: list[str]  # one line per bad item: "item 3: no claimReviewed"


def _types(node: dict) -> set[str]:
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds}


def _walk(node, found: list[dict]) -> None:
    """Every ClaimReview object, depth first, in document order."""
    if len(found) > MAX_REVIEWS:
        raise ClaimReviewDocumentError(f"More than {MAX_REVIEWS:,} reviews in one document.")
    if isinstance(node, list):
        for child in node:
            _walk(child, found)
    elif isinstance(node, dict):
        if "ClaimReview" in _types(node):
            found.append(node)
            return
        for key in ("@graph", "dataFeedElement", "item", "itemListElement", "mainEntity"):
            if key in node:
                _walk(node[key], found)


def _text(value, limit: int) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), "")
        return _text(value, limit)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = f"{value:g}"
    return (
        " ".join(str(value or "").split())[:limit] if isinstance(value, str | int | float) else ""
    )


def _url(value) -> str:
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id") or ""
    value = str(value or "").strip()
    parts = urllib.parse.urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > MAX_URL:
        return ""
    return value


def _date(value) -> tuple[date | None, str]:
    value = str(value or "").strip()
    if not value:
        return None, ""
    match = _DATE.match(value)
    problem = f"datePublished {value[:40]!r} is not a date (YYYY-MM-DD...)"
    if not match:
        return None, problem
    try:
        return date(*map(int, match.groups())), ""
    except ValueError:
        return None, problem


def review_from_node(node: dict) -> ReadReview:
    """One ClaimReview object as a ReadReview; ValueError says what is missing."""
    problems = []
    claim = _text(node.get("claimReviewed"), MAX_CLAIM)
    if not claim:
        problems.append("no claimReviewed")
    url = _url(node.get("url"))
    if not url:
        problems.append("no http(s) url for the review")
    who = node.get("author") or node.get("publisher") or {}
    publisher = _text(who, MAX_PUBLISHER)
    if not publisher:
        problems.append("no author or publisher name")
    rating = node.get("reviewRating") or {}
    if isinstance(rating, list):
        rating = rating[0] if rating else {}
    rating = rating if isinstance(rating, dict) else {}
    rating_value = _text(rating.get("ratingValue"), 50)
    rating_name = _text(rating.get("alternateName") or rating.get("name"), MAX_RATING)
    if not (rating_value or rating_name):
        problems.append("no reviewRating (ratingValue or alternateName)")
    published, date_problem = _date(node.get("datePublished"))
    if date_problem:
        problems.append(date_problem)
    if problems:
        raise ValueError("; ".join(problems))
    item = node.get("itemReviewed") or {}
    item = item[0] if isinstance(item, list) and item else item
    claimant = _text(item.get("author"), MAX_CLAIMANT) if isinstance(item, dict) else ""
    return ReadReview(
        publisher=publisher,
        publisher_url=_url(who.get("url") if isinstance(who, dict) else ""),
        claim_reviewed=claim,
        claimant=claimant,
        rating_value=rating_value,
        rating_name=rating_name,
        url=url,
        published=published,
    )


def _documents(data: bytes) -> list:
    text = data.decode("utf-8-sig", errors="replace").strip()
    if text[:1] in ("{", "["):
        try:
            return [json.loads(text)]
        except json.JSONDecodeError as exc:
            raise ClaimReviewDocumentError(f"Not valid JSON: {exc}") from None
    blocks = _SCRIPT.findall(text)
    if not blocks:
        raise ClaimReviewDocumentError("Neither JSON-LD nor an HTML page with JSON-LD in it.")
    documents = []
    for block in blocks:
        try:
            documents.append(json.loads(html.unescape(block.strip())))
        except json.JSONDecodeError:
            continue  # another script's broken markup does not spoil the page
    return documents


def read_claimreviews(data: bytes) -> ReadResult:
    """Every ClaimReview in a document; bad items become errors, good ones are kept."""
    found: list[dict] = []
    for document in _documents(data):
        _walk(document, found)
    if not found:
        raise ClaimReviewDocumentError("No ClaimReview in the document.")
    reviews, errors = [], []
    for number, node in enumerate(found, start=1):
        try:
            reviews.append(review_from_node(node))
        except ValueError as exc:
            errors.append(f"item {number}: {exc}")
    return ReadResult(reviews=reviews, errors=errors)
