"""Article ingestion: the one place articles are created, whatever the entry point."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from claims.documents import ArticleInput
from claims.models import Article
from claims.services.extraction import article_queue_on_commit

_SPACE = re.compile(r"\s+")
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool
    reason: str = ""  # why nothing new was stored, for duplicates


def content_hash(body: str) -> str:
    """SHA-256 of the body with Unicode and white space normalised: re-wrapped text is a dup."""
    normal = _SPACE.sub(" ", unicodedata.normalize("NFC", body)).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def clean_body(body: str) -> str:
    """Validate an article body and return it with line endings normalised."""
    if not isinstance(body, str):
        raise ValidationError({"body": "The article text must be a string."})
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise ValidationError({"body": "The article text is empty."})
    limit = settings.ARTICLE_MAX_BYTES
    if len(body.encode("utf-8", errors="surrogatepass")) > limit:
        raise ValidationError(
            {"body": f"The article text is larger than the limit of {limit:,} bytes."}
        )
    if _FORBIDDEN.search(body):
        raise ValidationError(
            {"body": "The article text contains control characters (binary data?)."}
        )
    try:
        body.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError({"body": "The article text is not valid Unicode."}) from None
    return body


def _clean_fields(*, title: str, url: str, source: str) -> tuple[str, str, str]:
    errors: dict[str, str] = {}
    title, url, source = (title or "").strip(), (url or "").strip(), (source or "").strip()
    if len(title) > 500:
        errors["title"] = "The title is longer than 500 characters."
    if len(source) > 200:
        errors["source"] = "The source is longer than 200 characters."
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = f"{url[:100]!r} is not a valid http(s) URL."
        if len(url) > 2000:
            errors["url"] = "The URL is longer than 2000 characters."
    for name, value in (("title", title), ("source", source), ("url", url)):
        if _FORBIDDEN.search(value):
            errors[name] = f"The {name} contains control characters."
    if errors:
        raise ValidationError(errors)
    return title, url, source


def _existing(*, digest: str, url: str) -> tuple[Article | None, str]:
    article = Article.objects.filter(content_hash=digest).first()
    if article is not None:
        return article, f"same text as article {article.pk}"
    if url:
        article = Article.objects.filter(url=url).first()
        if article is not None:
            return article, f"same URL as article {article.pk}"
    return None, ""


def article_ingest(
    *,
    body: str,
    title: str = "",
    url: str = "",
    source: str = "",
    published: dt.date | None = None,
) -> IngestResult:
    """Store an article unless the same text or URL is already stored.

    Raises ValidationError (nothing stored) for an empty, oversized or binary body, a bad URL
    or overlong fields. A duplicate returns the stored article with `created=False`.
    """
    body = clean_body(body)
    title, url, source = _clean_fields(title=title, url=url, source=source)
    digest = content_hash(body)
    existing, reason = _existing(digest=digest, url=url)
    if existing is not None:
        return IngestResult(article=existing, created=False, reason=reason)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=title,
                body=body,
                url=url,
                source=source,
                published=published,
                content_hash=digest,
            )
            # Every entry point gets extraction; a broker outage leaves it pending, never raises.
            article_queue_on_commit(article=article)
    except IntegrityError:
        # Another process stored the same article between our check and our insert.
        existing, reason = _existing(digest=digest, url=url)
        if existing is None:
            raise
        return IngestResult(article=existing, created=False, reason=reason)
    return IngestResult(article=article, created=True)


def article_ingest_input(*, item: ArticleInput) -> IngestResult:
    """Ingest a parsed document (see claims.documents)."""
    return article_ingest(
        body=item.body,
        title=item.title,
        url=item.url,
        source=item.source,
        published=item.published,
    )
