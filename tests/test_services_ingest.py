"""The ingestion service: validation, duplicates, nothing half-stored."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from claims.documents import SUFFIXES
from claims.models import Article
from claims.services import article_ingest, content_hash, document_ingest

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


# Documents: one service for every entry point -------------------------------------------


def test_a_document_is_ingested_with_one_outcome_per_line():
    lines = [
        json.dumps({"title": "One", "text": "The first article."}),
        "{not json",
        json.dumps({"title": "Again", "text": "The first article."}),
    ]
    outcomes = document_ingest(name="feed.jsonl", data="\n".join(lines).encode())
    assert [(o.line, o.outcome) for o in outcomes] == [
        (1, "ingested"),
        (2, "error"),
        (3, "duplicate"),
    ]
    assert outcomes[0].label == "feed.jsonl:1"
    assert Article.objects.get().title == "One"


def test_a_title_over_the_model_limit_is_reported_not_shortened():
    limit = Article._meta.get_field("title").max_length
    line = json.dumps({"title": "t" * (limit + 1), "text": "Body of the article."})
    [outcome] = document_ingest(name="feed.jsonl", data=line.encode())
    assert outcome.outcome == "error"
    assert f"longer than {limit:,} characters" in outcome.message
    assert not Article.objects.exists()


def test_given_fields_win_over_a_one_article_document():
    data = b"date 2021-08-13\ntitle From the file\nsource Wire\n\nThe body."
    [outcome] = document_ingest(name="a.txt", data=data, overrides={"title": "Typed", "url": ""})
    assert (outcome.article.title, outcome.article.source) == ("Typed", "Wire")


def test_an_unreadable_document_is_a_validation_error_on_file():
    with pytest.raises(ValidationError, match="empty"):
        document_ingest(name="a.txt", data=b"  ")


def test_more_articles_than_allowed_are_refused_before_storing_any():
    data = b'{"text": "one"}\n{"text": "two"}\n'
    with pytest.raises(ValidationError, match="one article per request"):
        document_ingest(name="a.jsonl", data=data, most=1)
    assert not Article.objects.exists()


def test_every_entry_point_lists_the_formats_of_the_one_table():
    from claims.forms import ArticleForm
    from claims.management.commands.ingest import Command

    for text in (ArticleForm().fields["file"].help_text, Command.help):
        assert all(suffix in text for suffix in SUFFIXES)
