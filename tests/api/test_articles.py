"""GET/POST /api/articles/ and GET /api/articles/{id}/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Article
from tests.api.conftest import ApiClaimFactory
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db

URL = "/api/articles/"
TEXT = "The minister said on Monday that 14 hospitals would open by 2025."
ARTICLE = {
    "title": "Hospitals promised",
    "text": TEXT,
    "url": "https://news.example.org/hospitals",
    "source": "Example News",
    "published": "2024-03-01",
}


def test_ingest_token_posts_an_article_and_gets_a_202_with_its_status(ingest_client):
    response = ingest_client.post(URL, ARTICLE)
    assert response.status_code == 202, response.content
    body = response.json()
    article = Article.objects.get()
    assert body["id"] == article.pk and body["duplicate"] is False and body["note"] == ""
    assert body["api_url"] == f"http://testserver/api/articles/{article.pk}/"
    assert response["Location"] == body["api_url"]
    assert body["status"] in {"pending", "processing", "done", "failed"}
    assert (article.title, article.body) == ("Hospitals promised", TEXT)
    assert article.source == "Example News"
    assert article.published.isoformat() == "2024-03-01"


def test_posting_the_same_article_again_answers_200_with_the_stored_one(ingest_client):
    first = ingest_client.post(URL, ARTICLE).json()
    again = ingest_client.post(URL, {**ARTICLE, "title": "Another title"})
    assert again.status_code == 200
    body = again.json()
    assert body["id"] == first["id"] and body["duplicate"] is True
    assert f"article {first['id']}" in body["note"]
    assert Article.objects.count() == 1


def test_only_text_is_required(ingest_client):
    response = ingest_client.post(URL, {"text": TEXT})
    assert response.status_code == 202
    assert Article.objects.get().url == ""


def test_a_document_upload_is_parsed_like_the_ingest_command(ingest_client):
    document = b"date 2021-08-13\ntitle Troops to leave\nsource Wire\n\n" + TEXT.encode()
    upload = SimpleUploadedFile("story.txt", document, content_type="text/plain")
    response = ingest_client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 202, response.content
    article = Article.objects.get()
    assert (article.title, article.source, article.body) == ("Troops to leave", "Wire", TEXT)
    assert article.published.isoformat() == "2021-08-13"


def test_fields_beside_an_upload_fill_in_what_the_document_lacks(ingest_client):
    upload = SimpleUploadedFile("story.txt", TEXT.encode(), content_type="text/plain")
    response = ingest_client.post(
        URL, {"file": upload, "title": "Given title", "source": "Given"}, format="multipart"
    )
    assert response.status_code == 202
    assert Article.objects.get().title == "Given title"


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"\x00\x01\x02binary" * 50, "blob.txt", "binary"),
        (b"   \n  ", "empty.txt", "empty"),
        (b'{"text": "one"}\n{"text": "two"}\n', "many.jsonl", "one article per request"),
        (b'{"title": "no text"}\n', "bad.jsonl", "text"),
    ],
)
def test_unreadable_upload_is_a_400_on_the_file_field(ingest_client, content, name, message):
    upload = SimpleUploadedFile(name, content)
    response = ingest_client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400, response.content
    assert message in str(response.json()["file"])
    assert not Article.objects.exists()


def test_upload_larger_than_the_article_limit_is_a_400(ingest_client, settings):
    settings.ARTICLE_MAX_BYTES = 100
    upload = SimpleUploadedFile("big.txt", b"word " * 100)
    response = ingest_client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "limit" in str(response.json()["file"])


def test_multipart_form_without_a_file_is_a_400(ingest_client):
    response = ingest_client.post(URL, {"text": TEXT}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": None}, "text"),
        ({"text": "bell \x07 inside"}, "text"),
        ({"url": "not a url"}, "url"),
        ({"url": "ftp://files.example.org/a"}, "url"),
        ({"published": "yesterday"}, "published"),
        ({"published": "2024-02-30"}, "published"),
        ({"title": "t" * 501}, "title"),
        ({"source": ["a", "list"]}, "source"),
    ],
)
def test_bad_article_input_is_a_400_naming_the_field(ingest_client, change, field):
    response = ingest_client.post(URL, {**ARTICLE, **change})
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Article.objects.exists()


def test_missing_text_is_a_400(ingest_client):
    response = ingest_client.post(URL, {"title": "Only a title"})
    assert response.status_code == 400 and "text" in response.json()


def test_text_over_the_article_limit_is_a_400(ingest_client, settings):
    settings.ARTICLE_MAX_BYTES = 50
    response = ingest_client.post(URL, {"text": "x" * 51})
    assert response.status_code == 400
    assert "limit" in response.json()["text"][0]


def test_wrong_content_type_is_a_415(ingest_client):
    response = ingest_client.post(URL, TEXT, content_type="text/plain")
    assert response.status_code == 415


def test_plain_user_token_cannot_post_articles(plain_client):
    response = plain_client.post(URL, ARTICLE)
    assert response.status_code == 403
    assert "add_article" in response.json()["detail"]
    assert not Article.objects.exists()


def test_anonymous_cannot_post_articles(api_client, settings):
    settings.API_PUBLIC_READ = True
    assert api_client.post(URL, ARTICLE).status_code == 401


def test_list_shows_articles_newest_first_with_counts(plain_client):
    old = ArticleFactory(published=dt.date(2020, 1, 1))
    new = ArticleFactory(published=dt.date(2023, 1, 1))
    QuoteFactory.create_batch(2, article=new)
    ApiClaimFactory(article=new)
    rows = plain_client.get(URL).json()["results"]
    assert [r["id"] for r in rows] == [new.pk, old.pk]
    assert (rows[0]["quote_count"], rows[0]["claim_count"]) == (2, 1)
    assert "text" not in rows[0]


def test_list_filters_by_status_and_outlet(reader):
    done = ArticleFactory(status="done", source="Wire")
    ArticleFactory(status="pending", source="Wire")
    rows = reader.get(URL, {"status": "done", "outlet": "wire"}).json()["results"]
    assert [r["id"] for r in rows] == [done.pk]
    assert reader.get(URL, {"status": "stuck"}).status_code == 400


def test_detail_shows_status_text_quotes_and_claims(reader):
    article = ArticleFactory(status="failed", status_message="spaCy crashed")
    quote = QuoteFactory(article=article)
    claim = ApiClaimFactory(article=article)
    ApiClaimFactory(article=article, found=False)
    body = reader.get(f"{URL}{article.pk}/").json()
    assert (body["status"], body["status_message"]) == ("failed", "spaCy crashed")
    assert body["text"] == article.body
    assert [q["id"] for q in body["quotes"]] == [quote.pk]
    assert [c["id"] for c in body["claims"]] == [claim.pk]


def test_unknown_article_is_a_404(reader):
    assert reader.get(f"{URL}31337/").status_code == 404
