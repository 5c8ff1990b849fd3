"""Uploads: one size limit for the web form and the API, and HTML that cannot tie up a web
worker (a page of tens of thousands of short paragraphs)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article
from claims.services import article_upload_read
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

# ~1.3 MB: 33,000 short paragraphs, each with a date trafilatura's metadata pass would parse.
BOMB_PARAGRAPHS = 33_000


def _html_bomb() -> bytes:
    paragraphs = "".join(
        f"<p>Item {n} was reported on 2021-03-{n % 28 + 1:02d}.</p>" for n in range(BOMB_PARAGRAPHS)
    )
    return (
        f"<html><head><title>Bomb</title></head><body><article>{paragraphs}</article></body></html>"
    ).encode()


def test_an_html_bomb_is_stored_without_the_costly_passes(ingest_user, monkeypatch):
    import trafilatura

    def costly(*args, **kwargs):
        raise AssertionError("trafilatura ran on a page of tens of thousands of elements")

    monkeypatch.setattr(trafilatura, "extract", costly)
    monkeypatch.setattr(trafilatura, "extract_metadata", costly)
    upload = SimpleUploadedFile("bomb.html", _html_bomb(), content_type="text/html")
    response = token_client(ingest_user).post(
        "/api/articles/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 202, response.content[:500]
    assert Article.objects.get().body == ""  # stored as sent; the worker reads it
    article = article_upload_read(article=Article.objects.get())
    assert article.title == "Bomb"
    assert article.body.startswith("Item 0 was reported")
    assert f"Item {BOMB_PARAGRAPHS - 1} was reported" in article.body


def _many_small_articles(size: int) -> bytes:
    lines, n = [], 0
    while sum(len(line) + 1 for line in lines) < size:
        lines.append(json.dumps({"text": f"Article number {n} says 3 things."}))
        n += 1
    return "\n".join(lines).encode()


def test_the_web_form_and_the_api_refuse_the_same_upload_size(client, ingest_user, settings):
    settings.ARTICLE_MAX_BYTES = 1_000
    data = _many_small_articles(3_000)  # under the form's old limit of 4 x the article limit
    client.force_login(ingest_user)
    form = client.post(reverse("claims:article_new"), {"file": SimpleUploadedFile("a.jsonl", data)})
    api = token_client(ingest_user).post(
        "/api/articles/", {"file": SimpleUploadedFile("a.jsonl", data)}, format="multipart"
    )
    assert form.status_code == 400 and api.status_code == 400
    message = "larger than the limit of 1,000 bytes"
    assert message in form.content.decode() and message in str(api.json()["file"])
    assert not Article.objects.exists()


def test_an_oversized_web_form_body_is_a_413_before_it_is_read(client, ingest_user, settings):
    client.force_login(ingest_user)
    response = client.generic(
        "POST",
        reverse("claims:article_new"),
        b"x",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
    )
    assert response.status_code == 413
    assert "larger than the limit" in response.content.decode()
