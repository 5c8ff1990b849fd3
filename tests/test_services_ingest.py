"""The ingestion service: validation, duplicates, nothing half-stored."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from claims.models import Article
from claims.services import article_ingest, content_hash

pytestmark = pytest.mark.django_db

BODY = "The ministry said 3,000 troops would arrive on Friday.\n\nA second paragraph."


def test_ingest_stores_an_article_with_its_hash_and_pending_status():
    result = article_ingest(
        body=BODY, title="Troops", source="Wire", published=dt.date(2021, 8, 13)
    )
    assert result.created
    article = Article.objects.get()
    assert article.content_hash == content_hash(BODY)
    assert article.status == "pending"
    assert article.published == dt.date(2021, 8, 13)


def test_same_text_twice_is_one_article():
    first = article_ingest(body=BODY)
    second = article_ingest(body=BODY + "\n", title="Other title")
    assert not second.created and second.article == first.article
    assert "same text" in second.reason
    assert Article.objects.count() == 1


def test_rewrapped_whitespace_counts_as_the_same_text():
    article_ingest(body=BODY)
    assert not article_ingest(body=BODY.replace(" ", "  ")).created


def test_same_url_twice_is_one_article():
    article_ingest(body=BODY, url="https://example.org/a")
    again = article_ingest(body="Different text entirely.", url="https://example.org/a")
    assert not again.created and "same URL" in again.reason


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"body": ""}, "body"),
        ({"body": "  \n\t "}, "body"),
        ({"body": "nul\x00byte in text"}, "body"),
        ({"body": "ok text", "url": "javascript:alert(1)"}, "url"),
        ({"body": "ok text", "url": "not a url"}, "url"),
        ({"body": "ok text", "title": "t" * 501}, "title"),
        ({"body": "ok text", "source": "s" * 201}, "source"),
    ],
)
def test_bad_input_is_rejected_and_nothing_is_stored(kwargs, field):
    with pytest.raises(ValidationError) as info:
        article_ingest(**kwargs)
    assert field in info.value.message_dict
    assert not Article.objects.exists()


def test_body_over_the_size_limit_is_rejected(settings):
    settings.ARTICLE_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="larger than the limit"):
        article_ingest(body="x" * 1001)
    assert not Article.objects.exists()


def test_lone_surrogates_are_rejected():
    with pytest.raises(ValidationError):
        article_ingest(body="broken \ud800 text")
