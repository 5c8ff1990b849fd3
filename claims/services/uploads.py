"""Uploads: one document posted to the web form or the API, and web pages read by a worker.

`document_ingest` ingests an uploaded document. Formats whose parsing can take seconds (web
pages: `DocumentFormat.deferred`) are not parsed in the request: `article_upload_create` checks
what is cheap to check (the size, before this; that the bytes decode as text; the fields typed
with the upload), stores the bytes as an ArticleUpload beside a `pending` article without text,
and queues its extraction. The extraction task calls `article_upload_read` after claiming the
article: it parses the page with the same bounded parse as `manage.py ingest`
(claims.documents.parse_html) and stores the text, then extraction goes on as for any article.

Duplicates are found twice. At upload, the same bytes (SHA-256 of the raw file) or a typed URL
already stored are answered as duplicates at once and nothing is stored. Once read, a page
whose text (content hash) or URL is already stored ends with status `duplicate` and
`duplicate_of` naming the article: nothing is extracted from it. A page that cannot be read
ends `failed` with the reason and keeps its bytes, so `reextract` reads it again.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone

from claims.documents import ArticleInput, DocumentError, read_document
from claims.models import Article, ArticleUpload, ExtractionStatus
from claims.services.extraction_queue import article_queue_on_commit
from claims.services.ingest import (
    DUPLICATE,
    ERROR,
    INGESTED,
    IngestResult,
    ItemOutcome,
    _clean_fields,
    _existing,
    _existing_url,
    _ingest_batches,
    _numbered,
    clean_body,
    content_hash,
    error_text,
    store_once,
)

logger = logging.getLogger(__name__)

WAITING = "Stored as uploaded; a worker reads the page, then extracts."
UNREADABLE = "The uploaded page could not be read: {error}"
DUPLICATE_MESSAGE = "Nothing extracted: {reason}."


def document_ingest(
    *, name: str, data: bytes, overrides: dict[str, object] | None = None, most: int | None = None
) -> list[ItemOutcome]:
    """Ingest one uploaded document, one outcome per article (see `documents_ingest`).

    A web page is stored raw and read by the worker (`article_upload_create`): its outcome is
    `ingested` (the article, still without text) or `duplicate`. Raises ValidationError on
    `file` (nothing stored) when the document cannot be read at all, or holds more than `most`
    articles.
    """
    try:
        found, text = read_document(name, data)
    except DocumentError as exc:
        raise ValidationError({"file": str(exc)}) from None
    if found.deferred and not found.many:
        return [_upload_outcome(name, data, overrides)]
    items = found.parse(text)
    if most is not None and len(items) > most:
        wanted = "one article" if most == 1 else f"at most {most:,} articles"
        raise ValidationError(
            {"file": f"Upload {wanted} per request (the file holds {len(items):,})."}
        )
    if not items:
        raise ValidationError({"file": "The document holds no article."})
    return _ingest_batches(_numbered(name, found, items, overrides))


def _upload_outcome(name: str, data: bytes, overrides: dict[str, object] | None) -> ItemOutcome:
    try:
        result = article_upload_create(name=name, data=data, overrides=overrides)
    except ValidationError as exc:
        return ItemOutcome(name, None, ERROR, error_text(exc))
    if result.created:
        return ItemOutcome(name, None, INGESTED, f"article {result.article.pk}", result.article)
    return ItemOutcome(name, None, DUPLICATE, result.reason, result.article)


def raw_hash(data: bytes) -> str:
    """SHA-256 of an upload's bytes as sent."""
    return hashlib.sha256(data).hexdigest()


def _existing_upload(*, digest: str, url: str) -> tuple[Article | None, str]:
    upload = ArticleUpload.objects.select_related("article").filter(raw_hash=digest).first()
    if upload is not None:
        article = upload.article
        if article.status == ExtractionStatus.DUPLICATE and article.duplicate_of_id:
            original = Article.objects.filter(pk=article.duplicate_of_id).first()
            if original is not None:
                return original, f"same file as article {article.pk}, a duplicate of {original.pk}"
        return article, f"same file as article {article.pk}"
    return _existing_url(url)


def article_upload_create(
    *, name: str, data: bytes, overrides: dict[str, object] | None = None
) -> IngestResult:
    """Store an uploaded web page as it came, with a pending article, and queue its extraction
    (which reads the page first); nothing is parsed here.

    `overrides` (title, source, url, published), when given, win over what the page says. The
    same bytes, or a typed URL, already stored return that article with `created=False`.
    Raises ValidationError (nothing stored) for bad typed fields.
    """
    given = {key: value for key, value in (overrides or {}).items() if value}
    title, url, source = _clean_fields(
        title=str(given.get("title", "")),
        url=str(given.get("url", "")),
        source=str(given.get("source", "")),
    )
    digest = raw_hash(data)

    def create() -> Article:
        article = Article.objects.create(
            title=title,
            body="",
            url=url,
            source=source,
            published=given.get("published"),
            status_message=WAITING,
        )
        upload = ArticleUpload.objects.create(
            article=article,
            name=name[:255],
            data=b"" if _binary_write() else data,
            size=len(data),
            raw_hash=digest,
        )
        if _binary_write():
            _write_data(upload, data)
        article_queue_on_commit(article=article)
        return article

    return store_once(find=lambda: _existing_upload(digest=digest, url=url), create=create)


# Django's PostgreSQL backend binds parameters in the client: 1.9 MB of bytes went into the SQL
# as a 3.8 MB hex literal that the web process built and PostgreSQL parsed back (12-25 ms of
# web CPU and about as much in the database per upload, measured). A binary parameter is sent
# as it is, so the bytes of an upload are written by a cursor that binds on the server.
def _binary_write() -> bool:
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


def _write_data(upload: ArticleUpload, data: bytes) -> None:
    """Write an upload's bytes as a binary parameter, in the caller's transaction."""
    import psycopg

    table = connection.ops.quote_name(ArticleUpload._meta.db_table)
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(f"UPDATE {table} SET data = %b WHERE id = %s", [data, upload.pk])


def article_upload_read(*, article: Article) -> Article:
    """Read the uploaded page of an article claimed for extraction into its text.

    Returns the article: still `processing` and with its text when there is something to
    extract (also when it has no upload, or its page was read before), else `failed` (the page
    cannot be read; its bytes are kept for `reextract`) or `duplicate` (its text or URL is
    already stored). Never raises for a bad page; transient database errors propagate.
    """
    upload = ArticleUpload.objects.filter(article_id=article.pk, read_at__isnull=True).first()
    return article if upload is None else _read(article, upload)


def articles_upload_read(*, articles: list[Article]) -> list[Article]:
    """`article_upload_read` for a batch, with one query for all their unread uploads."""
    if not articles:
        return []
    unread = ArticleUpload.objects.filter(
        article_id__in=[a.pk for a in articles], read_at__isnull=True
    )
    uploads = {upload.article_id: upload for upload in unread}
    return [_read(a, uploads[a.pk]) if a.pk in uploads else a for a in articles]


def _read(article: Article, upload: ArticleUpload) -> Article:
    try:
        page = _parse(upload)
    except Exception as exc:  # noqa: BLE001 - the parser's failure is this page's problem
        error = str(exc) if isinstance(exc, DocumentError) else f"{type(exc).__name__}: {exc}"
        return _unreadable(article, error)
    try:
        with transaction.atomic():
            return _store_page(article, upload, page)
    except ValidationError as exc:
        return _unreadable(article, error_text(exc))
    except DataError as exc:
        return _unreadable(article, f"the database refused it: {exc}")
    except IntegrityError:
        # A page with the same text or URL was stored between our check and our update.
        with transaction.atomic():
            return _store_page(article, upload, page)


def _parse(upload: ArticleUpload) -> ArticleInput:
    found, text = read_document(upload.name, bytes(upload.data))
    items = found.parse(text)
    if len(items) != 1:
        raise DocumentError(f"The document holds {len(items)} articles, not one.")
    item = items[0][1]
    if isinstance(item, DocumentError):
        raise item
    return item


def _store_page(article: Article, upload: ArticleUpload, page: ArticleInput) -> Article:
    """Fill the article from its page (typed fields win) or mark it a duplicate."""
    body = clean_body(page.body)
    title, url, source = _clean_fields(
        title=article.title or page.title,
        url=article.url or page.url,
        source=article.source or page.source,
    )
    digest = content_hash(body)
    existing, reason = _existing(digest=digest, url="")
    if existing is None and url:
        existing = Article.objects.filter(url=url).exclude(pk=article.pk).first()
        reason = f"same URL as article {existing.pk}" if existing else ""
    now = timezone.now()
    ArticleUpload.objects.filter(pk=upload.pk).update(read_at=now, data=b"")
    if existing is not None:
        fields = {
            "status": ExtractionStatus.DUPLICATE,
            "duplicate_of": existing,
            "status_message": DUPLICATE_MESSAGE.format(reason=reason),
        }
    else:
        fields = {
            "body": body,
            "title": title,
            "url": url,
            "source": source,
            "published": article.published or page.published,
            "content_hash": digest,
        }
    Article.objects.filter(pk=article.pk).update(**fields)
    for name, value in fields.items():
        setattr(article, name, value)
    return article


def _unreadable(article: Article, error: str) -> Article:
    message = UNREADABLE.format(error=error)[:2000]
    logger.warning("Article %s: %s", article.pk, message)
    Article.objects.filter(pk=article.pk).update(
        status=ExtractionStatus.FAILED, status_message=message
    )
    article.status, article.status_message = ExtractionStatus.FAILED, message
    return article
