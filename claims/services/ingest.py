"""Article ingestion: the one place articles are created, whatever the entry point.

`article_ingest` stores one article given as fields (pasted text, JSON posted to the API, the
admin's add form). `documents_ingest` takes named documents as bytes (files on disk,
background imports), parses each through the format table in claims.documents and ingests
every article in it, reporting one `ItemOutcome` per article: ingested, duplicate or error
with the reason. One document uploaded to the web form or the API goes through
claims.services.uploads, which leaves web pages for the worker to parse. Each article is
stored in a savepoint of its own, so a bad one fails alone; outcomes are reported only once
their batch has committed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DataError, IntegrityError, transaction

from claims.documents import (
    ArticleInput,
    DocumentError,
    DocumentFormat,
    Parsed,
    parse_numbered,
)
from claims.models import Article
from claims.services.extraction_queue import article_queue_on_commit, articles_queue_in_batches
from claims.text_safety import clean_text, url_problem

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


def upload_max_bytes() -> int:
    """The largest document the web form and the API accept in one upload."""
    return int(settings.ARTICLE_MAX_BYTES)


def upload_too_large_message() -> str:
    return f"The file is larger than the limit of {upload_max_bytes():,} bytes."


def field_max_length(name: str) -> int:
    """The longest value the Article model stores in the field `name`."""
    return Article._meta.get_field(name).max_length


_FIELD_NAMES = {"title": "title", "source": "source", "url": "URL"}


def _field_error(name: str, value: str) -> str:
    """What is wrong with a title, source or URL, or "" if nothing."""
    said = _FIELD_NAMES[name]
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"The {said} is not valid Unicode (it holds a lone surrogate)."
    if _FORBIDDEN.search(value):
        return f"The {said} contains control characters."
    limit = field_max_length(name)
    if len(value) > limit:
        return f"The {said} is longer than {limit:,} characters."
    if name == "url" and value:
        if problem := url_problem(value):
            return problem
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            return f"{value[:100]!r} is not a valid http(s) URL."
    return ""


def _clean_fields(*, title: str, url: str, source: str) -> tuple[str, str, str]:
    title, url, source = (title or "").strip(), (url or "").strip(), (source or "").strip()
    errors = {
        name: message
        for name, value in (("title", title), ("source", source), ("url", url))
        if (message := _field_error(name, value))
    }
    if errors:
        raise ValidationError(errors)
    return clean_text(title).strip(), url, clean_text(source).strip()


def _existing(*, digest: str, url: str) -> tuple[Article | None, str]:
    article = Article.objects.filter(content_hash=digest).first()
    if article is not None:
        return article, f"same text as article {article.pk}"
    return _existing_url(url)


def _existing_url(url: str) -> tuple[Article | None, str]:
    """The stored article with this URL, if any, and why it counts as the same."""
    article = Article.objects.filter(url=url).first() if url else None
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

    def create() -> Article:
        article = Article.objects.create(
            title=title, body=body, url=url, source=source, published=published, content_hash=digest
        )
        # Every entry point gets extraction; a broker outage leaves it pending, never raises.
        article_queue_on_commit(article=article)
        return article

    return store_once(find=lambda: _existing(digest=digest, url=url), create=create)


def store_once(
    *, find: Callable[[], tuple[Article | None, str]], create: Callable[[], Article]
) -> IngestResult:
    """`create()` in a transaction unless `find()` gives the same article already stored; when
    another process stores it between the check and the insert (IntegrityError), that one."""
    existing, reason = find()
    if existing is not None:
        return IngestResult(article=existing, created=False, reason=reason)
    try:
        with transaction.atomic():
            article = create()
    except IntegrityError:
        existing, reason = find()
        if existing is None:
            raise
        return IngestResult(article=existing, created=False, reason=reason)
    return IngestResult(article=article, created=True)


def article_ingest_check(*, body: str, title: str = "", url: str = "", source: str = "") -> None:
    """Raise the ValidationError `article_ingest` would, or one naming the stored duplicate;
    store nothing. For forms that must show a refusal before they save (the admin)."""
    body = clean_body(body)
    title, url, source = _clean_fields(title=title, url=url, source=source)
    existing, reason = _existing(digest=content_hash(body), url=url)
    if existing is not None:
        raise ValidationError(f"This article is already stored ({reason}).")


def article_ingest_input(*, item: ArticleInput) -> IngestResult:
    """Ingest a parsed document (see claims.documents)."""
    return article_ingest(
        body=item.body,
        title=item.title,
        url=item.url,
        source=item.source,
        published=item.published,
    )


# Documents ---------------------------------------------------------------------------------


class Outcome(StrEnum):
    """What became of an article of a document."""

    INGESTED = "ingested"
    DUPLICATE = "duplicate"
    ERROR = "error"


INGESTED, DUPLICATE, ERROR = Outcome.INGESTED, Outcome.DUPLICATE, Outcome.ERROR
# Articles stored per transaction; their extraction is queued in batches when it commits.
BATCH_SIZE = 100


@dataclass(frozen=True)
class Document:
    """A named document: `load` returns its bytes (read lazily; OSError is reported)."""

    name: str
    load: Callable[[], bytes]
    label: str = ""  # how reports name it (a path); the name if empty


@dataclass(frozen=True)
class ItemOutcome:
    """What became of one article of a document (or of the whole unreadable document)."""

    document: str
    line: int | None  # the line of a many-article document (JSON Lines), else None
    outcome: Outcome
    message: str = ""  # the error, or which stored article it duplicates
    article: Article | None = None

    @property
    def label(self) -> str:
        return self.document if self.line is None else f"{self.document}:{self.line}"


def error_text(exc: ValidationError) -> str:
    """A ValidationError's messages on one line."""
    return "; ".join(exc.messages)


def _ingest_item(
    document: str, line: int | None, item: ArticleInput | DocumentError
) -> ItemOutcome:
    if isinstance(item, DocumentError):
        return ItemOutcome(document, line, ERROR, str(item))
    try:
        with transaction.atomic():  # a savepoint: a bad article never spoils its batch
            result = article_ingest_input(item=item)
    except ValidationError as exc:
        return ItemOutcome(document, line, ERROR, error_text(exc))
    except DataError as exc:
        return ItemOutcome(document, line, ERROR, f"The database refused it: {exc}")
    if result.created:
        return ItemOutcome(document, line, INGESTED, f"article {result.article.pk}", result.article)
    return ItemOutcome(document, line, DUPLICATE, result.reason, result.article)


Pending = tuple[str, int | None, ArticleInput | DocumentError]


def _items(documents: Iterable[Document], overrides: dict[str, object] | None) -> Iterator[Pending]:
    for document in documents:
        label = document.label or document.name
        try:
            found, items = parse_numbered(document.name, document.load())
        except (DocumentError, OSError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            yield label, None, DocumentError(message)
            continue
        yield from _numbered(label, found, items, overrides)


def _numbered(
    label: str, found: DocumentFormat, items: Parsed, overrides: dict[str, object] | None
) -> Iterator[Pending]:
    for number, item in items:
        if overrides and not found.many and isinstance(item, ArticleInput):
            item = replace(item, **{k: v for k, v in overrides.items() if v})
        yield label, (number if found.many else None), item


def documents_ingest(
    *,
    documents: Iterable[Document],
    overrides: dict[str, object] | None = None,
    batch_size: int = BATCH_SIZE,
    skip: int = 0,
    record_batch: Callable[[list[ItemOutcome]], None] | None = None,
    report_batch: Callable[[list[ItemOutcome]], None] | None = None,
) -> list[ItemOutcome]:
    """Parse and ingest every article of every document, one outcome each, in order.

    Documents are read one at a time. Articles are stored `batch_size` to a transaction and
    queued for extraction when it commits; `record_batch` runs inside that transaction (what
    it writes commits with the articles), `report_batch` after the commit. `skip` passes over
    the first outcomes (a resumed import). `overrides` (title, source, url, published) replace
    what a one-article document says, when given.
    """
    return _ingest_batches(
        islice(_items(documents, overrides), skip, None),
        batch_size=batch_size,
        record_batch=record_batch,
        report_batch=report_batch,
    )


def _ingest_batches(
    items: Iterator[Pending],
    *,
    batch_size: int = BATCH_SIZE,
    record_batch: Callable[[list[ItemOutcome]], None] | None = None,
    report_batch: Callable[[list[ItemOutcome]], None] | None = None,
) -> list[ItemOutcome]:
    outcomes: list[ItemOutcome] = []
    while batch := list(islice(items, max(1, batch_size))):
        with articles_queue_in_batches(), transaction.atomic():
            done = [_ingest_item(*pending) for pending in batch]
            if record_batch is not None:
                record_batch(done)
        if report_batch is not None:
            report_batch(done)
        outcomes.extend(done)
    return outcomes
