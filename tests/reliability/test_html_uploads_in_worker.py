"""An uploaded web page is stored as sent and answered at once; the extraction task reads it.

Parsing a page can take seconds (trafilatura, lxml), so neither `POST /api/articles/` nor the
web form parses HTML: the request stores the bytes (ArticleUpload) beside a pending article
without text, and the worker reads the page into the text before it extracts. Duplicates are
answered at upload for the same bytes, and found once read for the same text or URL.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.extraction import types
from claims.models import Article, ArticleUpload, ExtractionStatus
from claims.services import extraction as extraction_service
from claims.services import uploads
from claims.tasks import extract_article, extract_articles
from tests import factories
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

TEXT = "The minister said on Monday that 14 hospitals would open by 2025 across the region."
PAGE = (
    "<html><head><title>Hospitals plan</title>"
    '<meta property="og:site_name" content="Daily Example">'
    '<link rel="canonical" href="https://daily.example.org/hospitals"></head>'
    f"<body><article><p>{TEXT}</p></article></body></html>"
).encode()


@pytest.fixture
def engine(monkeypatch) -> list[str]:
    seen: list[str] = []

    def fake(text: str, title: str = "") -> types.Extraction:
        seen.append(text)
        return types.Extraction()

    monkeypatch.setattr(extraction_service, "_run_engine", fake)
    monkeypatch.setattr(
        extraction_service, "_run_engine_many", lambda texts, titles=None: map(fake, texts)
    )
    return seen


@pytest.fixture
def no_parsing():
    """Any HTML parse in the request fails the test; returns a function that allows it again."""
    import lxml.html
    import trafilatura

    def parsed(*args, **kwargs):
        raise AssertionError("the web page was parsed inside the request")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lxml.html, "document_fromstring", parsed)
        patch.setattr(trafilatura, "extract", parsed)
        yield patch.undo


def _upload(data: bytes = PAGE, name: str = "page.html") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/html")


def _post(user, data: bytes = PAGE, **fields):
    return token_client(user).post(
        "/api/articles/", {"file": _upload(data), **fields}, format="multipart"
    )


def test_the_api_stores_an_uploaded_page_unparsed_and_answers_202(ingest_user, no_parsing):
    response = _post(ingest_user)
    assert response.status_code == 202, response.content[:500]
    body = response.json()
    assert body["status"] == "pending" and body["duplicate"] is False
    article = Article.objects.get(pk=body["id"])
    assert article.body == "" and article.content_hash == ""
    assert bytes(article.upload.data) == PAGE and article.upload.read_at is None
    assert response["Location"].endswith(f"/api/articles/{article.pk}/")


def test_the_task_reads_the_page_into_the_article_then_extracts(ingest_user, engine, no_parsing):
    article_id = _post(ingest_user).json()["id"]
    no_parsing()  # the worker may parse
    assert extract_article.delay(article_id).get() == "done"
    article = Article.objects.get(pk=article_id)
    assert article.body == TEXT and engine == [TEXT]
    assert article.title == "Hospitals plan" and article.source == "Daily Example"
    assert article.url == "https://daily.example.org/hospitals"
    assert article.content_hash
    upload = ArticleUpload.objects.get(article=article)
    assert upload.read_at is not None and bytes(upload.data) == b""  # the bytes are dropped
    detail = token_client(ingest_user).get(f"/api/articles/{article_id}/").json()
    assert detail["text"] == TEXT and detail["status"] == "done"


def test_the_web_form_stores_an_uploaded_page_unparsed(client, ingest_user, no_parsing):
    client.force_login(ingest_user)
    response = client.post(reverse("claims:article_new"), {"file": _upload()})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert article.status == ExtractionStatus.PENDING and article.body == ""
    assert "a worker reads the page" in client.get(response["Location"]).content.decode()


def test_the_request_queues_the_extraction_that_reads_the_page(
    ingest_user, engine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = _post(ingest_user)
    assert response.status_code == 202 and queued
    # In-process tasks (no REDIS_URL): the queued task read the page and extracted.
    article = Article.objects.get(pk=response.json()["id"])
    assert article.title == "Hospitals plan" and article.status == ExtractionStatus.DONE
    assert engine == [TEXT]


def test_typed_fields_win_over_what_the_page_says(ingest_user, engine):
    article_id = _post(ingest_user, title="Typed title", url="https://typed.example.org/a").json()[
        "id"
    ]
    extract_article.delay(article_id).get()
    article = Article.objects.get(pk=article_id)
    assert article.title == "Typed title" and article.url == "https://typed.example.org/a"
    assert article.source == "Daily Example" and article.body == TEXT


def test_the_same_file_again_is_a_duplicate_at_once(ingest_user, no_parsing):
    first = _post(ingest_user).json()["id"]
    again = _post(ingest_user)
    assert again.status_code == 200
    assert again.json()["id"] == first and again.json()["duplicate"] is True
    assert again.json()["note"] == f"same file as article {first}"
    assert Article.objects.count() == 1 and ArticleUpload.objects.count() == 1


def test_a_typed_url_already_stored_is_a_duplicate_at_once(ingest_user, no_parsing):
    stored = factories.ArticleFactory(url="https://typed.example.org/a")
    response = _post(ingest_user, url="https://typed.example.org/a")
    assert response.status_code == 200 and response.json()["id"] == stored.pk
    assert not ArticleUpload.objects.exists()


def test_a_page_whose_text_is_stored_already_ends_duplicate(ingest_user, engine):
    stored = factories.ArticleFactory(body=TEXT, url="")
    article_id = _post(ingest_user).json()["id"]
    assert extract_article.delay(article_id).get() == "duplicate"
    article = Article.objects.get(pk=article_id)
    assert article.status == ExtractionStatus.DUPLICATE and article.duplicate_of == stored
    assert article.status_message == f"Nothing extracted: same text as article {stored.pk}."
    assert article.body == "" and article.content_hash == "" and engine == []
    detail = token_client(ingest_user).get(f"/api/articles/{article_id}/").json()
    assert detail["status"] == "duplicate" and detail["duplicate_of"] == stored.pk
    # The same file again now names the stored article.
    again = _post(ingest_user).json()
    assert again["id"] == stored.pk and again["duplicate"] is True


def test_a_page_whose_url_is_stored_already_ends_duplicate(ingest_user, engine):
    stored = factories.ArticleFactory(url="https://daily.example.org/hospitals")
    article_id = _post(ingest_user).json()["id"]
    extract_article.delay(article_id).get()
    article = Article.objects.get(pk=article_id)
    assert article.status == ExtractionStatus.DUPLICATE and article.duplicate_of == stored
    assert "same URL as article" in article.status_message and article.url == ""


def test_a_page_without_text_fails_with_the_reason_and_keeps_its_bytes(ingest_user, engine):
    empty = b"<html><head><title>Empty</title></head><body><script>x()</script></body></html>"
    article_id = _post(ingest_user, empty).json()["id"]
    outcome = extract_article.delay(article_id)
    assert outcome.successful() and outcome.get() == "failed"
    article = Article.objects.get(pk=article_id)
    assert article.status_message == (
        "The uploaded page could not be read: The article text is empty."
    )
    assert bytes(article.upload.data) == empty and engine == []


def test_a_parser_crash_fails_the_article_not_the_worker(ingest_user, engine, monkeypatch):
    article_id = _post(ingest_user).json()["id"]
    parse = uploads._parse

    def crash(upload):
        raise RuntimeError("lxml fell over")

    monkeypatch.setattr(uploads, "_parse", crash)
    assert extract_article.delay(article_id).get() == "failed"
    article = Article.objects.get(pk=article_id)
    assert article.status_message == (
        "The uploaded page could not be read: RuntimeError: lxml fell over"
    )
    # Once the parser is mended, reextract reads the kept bytes again.
    monkeypatch.setattr(uploads, "_parse", parse)
    call_command("reextract", "--failed", stdout=open("/dev/null", "w"))  # noqa: SIM115
    article.refresh_from_db()
    assert article.status == ExtractionStatus.DONE and article.body == TEXT


def test_the_task_run_twice_reads_the_page_once(ingest_user, engine, monkeypatch):
    article_id = _post(ingest_user).json()["id"]
    reads: list[int] = []
    parse = uploads._parse
    monkeypatch.setattr(uploads, "_parse", lambda upload: reads.append(upload.pk) or parse(upload))
    assert extract_article.delay(article_id).get() == "done"
    assert extract_article.delay(article_id).get() == "done"
    assert len(reads) == 1 and engine == [TEXT, TEXT]


def test_a_batch_reads_its_pages_and_ends_a_bad_one_alone(ingest_user, engine):
    good = _post(ingest_user).json()["id"]
    bad = _post(ingest_user, b"<html><body><script>x()</script></body></html>").json()["id"]
    text = factories.ArticleFactory(body="Officials said 3 bridges were closed.", url="")
    statuses = extract_articles.delay([good, bad, text.pk]).get()
    assert statuses == ["done", "failed", "done"]
    assert engine == [TEXT, "Officials said 3 bridges were closed."]


def test_a_duplicate_is_left_out_of_reextract_all(ingest_user, engine):
    factories.ArticleFactory(body=TEXT, url="")
    article_id = _post(ingest_user).json()["id"]
    extract_article.delay(article_id).get()
    engine.clear()
    call_command("reextract", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert engine == [TEXT]  # the stored article only
    assert Article.objects.get(pk=article_id).status == ExtractionStatus.DUPLICATE


def test_binary_or_undecodable_uploads_are_refused_at_upload(ingest_user):
    response = _post(ingest_user, bytes(range(256)) * 64)
    assert response.status_code == 400 and "binary" in str(response.json()["file"])
    assert not Article.objects.exists() and not ArticleUpload.objects.exists()


# Storing the bytes cheaply (the request's cost while uploads keep coming) ---------------------


@pytest.mark.postgres
def test_an_uploaded_page_goes_to_postgresql_as_a_binary_parameter_not_inside_the_sql(
    ingest_user,
):
    # Bound in the client, the bytes became a hex literal twice their size that the web
    # process built and the database parsed back.
    page = PAGE + b"<!--" + b"x" * 200_000 + b"-->"
    with CaptureQueriesContext(connection) as queries:
        response = _post(ingest_user, page)
    assert response.status_code == 202, response.content[:500]
    assert max(len(query["sql"]) for query in queries.captured_queries) < 20_000
    assert bytes(ArticleUpload.objects.get().data) == page


@pytest.mark.postgres
def test_uploaded_bytes_are_compressed_with_lz4_where_postgresql_has_it():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        if not cursor.fetchone()[0]:
            pytest.skip("this PostgreSQL server is built without lz4")
        cursor.execute(
            "SELECT attcompression FROM pg_attribute "
            "WHERE attrelid = 'claims_articleupload'::regclass AND attname = 'data'"
        )
        assert cursor.fetchone()[0] == "l"
