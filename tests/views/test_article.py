"""Article pages: the list, the text with quotes and claims highlighted, and the ingest form."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article, ArticleUpload
from tests import factories
from tests.views.factories import ClaimFactory

pytestmark = pytest.mark.django_db
LIST = reverse("claims:article_list")
NEW = reverse("claims:article_new")
BODY = "Officials met on Monday.\n\nThe ministry said 40 percent of schools reopened in 2021."


def _url(article) -> str:
    return reverse("claims:article_detail", args=[article.pk])


# Reading ------------------------------------------------------------------------------------


def test_anonymous_visitor_is_redirected_to_login(client):
    article = factories.ArticleFactory()
    assert client.get(LIST).status_code == 302
    assert client.get(_url(article)).status_code == 302


def test_article_list_shows_counts_and_status(client, editor):
    article = factories.ArticleFactory(
        title="Schools reopen", status="failed", status_message="spaCy model missing"
    )
    factories.QuoteFactory(article=article)
    client.force_login(editor)
    html = client.get(LIST).content.decode()
    assert "Schools reopen" in html
    assert 'title="spaCy model missing"' in html


def _uploaded_page(name: str, status: str) -> Article:
    """An article from an uploaded web page that a worker has not given a title or text."""
    article = factories.ArticleFactory(title="", body="", content_hash="", status=status)
    ArticleUpload.objects.create(
        article=article, name=name, data=b"<html></html>", size=13, raw_hash=f"{article.pk:064d}"
    )
    return article


def test_article_list_names_an_unread_upload_by_its_file_not_its_number(client, editor):
    waiting = _uploaded_page("council-minutes.html", "pending")
    failed = _uploaded_page("broken.html", "failed")
    client.force_login(editor)
    html = client.get(LIST).content.decode()
    assert "council-minutes.html (uploaded page, waiting to be read)" in html
    assert "broken.html (uploaded page)" in html
    assert f"Article {waiting.pk}" not in html and f"Article {failed.pk}" not in html


def test_dashboard_names_an_upload_waiting_for_the_worker_by_its_file(client, editor):
    _uploaded_page("council-minutes.html", "pending")
    client.force_login(editor)
    html = client.get(reverse("claims:dashboard")).content.decode()
    assert "council-minutes.html (uploaded page, waiting to be read)" in html


def test_article_page_names_an_unread_upload_by_its_file(client, editor):
    article = _uploaded_page("council-minutes.html", "pending")
    client.force_login(editor)
    html = client.get(_url(article)).content.decode()
    assert "<h1>council-minutes.html (uploaded page, waiting to be read)</h1>" in html
    assert "Untitled:" not in html


def test_article_page_without_title_opens_with_its_text(client, editor):
    article = factories.ArticleFactory(title="", body="The council met on Monday to vote.")
    client.force_login(editor)
    assert "Untitled:</span> The council met" in client.get(_url(article)).content.decode()


def test_article_list_empty_state_offers_to_add(client, editor):
    client.force_login(editor)
    assert b"Add the first one" in client.get(LIST).content


def test_article_page_highlights_and_links_quotes_and_claims(client, editor):
    article = factories.ArticleFactory(body=BODY)
    speaker = factories.SpeakerFactory(name="Ann Minister")
    start = BODY.index("40 percent")
    quote = factories.QuoteFactory(
        article=article, speaker=speaker, text=BODY[start:-1], start=start, end=len(BODY) - 1
    )
    claim_start = BODY.index("The ministry")
    claim = ClaimFactory(article=article, text=BODY[claim_start:], start=claim_start, end=len(BODY))
    client.force_login(editor)
    html = client.get(_url(article)).content.decode()
    assert f'<a class="hl hl-claim" href="{claim.get_absolute_url()}"' in html
    assert f'<a class="hl hl-claim hl-quote" href="{speaker.get_absolute_url()}"' in html
    assert quote.text[:20] in html
    assert "Extraction" in html


def test_article_text_is_escaped(client, editor):
    body = "Intro.\n\n<script>alert('x')</script> said 3 officials."
    article = factories.ArticleFactory(body=body)
    factories.QuoteFactory(article=article, text=body[8:40], start=8, end=40)
    client.force_login(editor)
    html = client.get(_url(article)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_unknown_article_is_404(client, editor):
    client.force_login(editor)
    assert client.get(reverse("claims:article_detail", args=[999_999])).status_code == 404


def test_article_page_query_count_does_not_grow(client, editor, django_assert_max_num_queries):
    article = factories.ArticleFactory(body="x" * 2000)
    client.force_login(editor)
    factories.QuoteFactory(article=article, start=0, end=5, text="xxxxx")
    with django_assert_max_num_queries(10) as few:
        client.get(_url(article))
    for n in range(1, 30):
        factories.QuoteFactory(
            article=article,
            start=n * 10,
            end=n * 10 + 5,
            text="xxxxx",
            speaker=factories.SpeakerFactory(),
        )
        ClaimFactory(article=article, start=n * 10 + 2, end=n * 10 + 8, text="xxxxxx")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url(article))


# Ingest -------------------------------------------------------------------------------------


def test_anonymous_visitor_cannot_reach_the_ingest_page(client):
    assert client.get(NEW).status_code == 302
    response = client.post(NEW, {"body": BODY})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Article.objects.exists()


def test_user_without_add_article_permission_gets_403(client):
    user = factories.UserFactory()
    client.force_login(user)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {"body": BODY}).status_code == 403
    assert not Article.objects.exists()


@pytest.mark.parametrize("group", ["reviewers", "editors", "ingest"])
def test_reviewers_editors_and_ingest_group_may_add_articles(client, group):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    response = client.get(NEW)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content


def test_pasted_text_is_stored_and_opens_the_article(client, editor):
    client.force_login(editor)
    response = client.post(
        NEW,
        {
            "body": BODY,
            "title": "Schools",
            "source": "AP",
            "url": "https://ap.example/1",
            "published": "2021-08-13",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url(article)
    assert (article.title, article.source, str(article.published)) == (
        "Schools",
        "AP",
        "2021-08-13",
    )
    assert b"Article stored" in client.get(response["Location"]).content


def test_duplicate_text_is_reported_with_a_link_to_the_stored_article(client, editor):
    existing = factories.ArticleFactory(body=BODY)
    client.force_login(editor)
    response = client.post(NEW, {"body": BODY})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Already stored" in html
    assert f"Same text as article {existing.pk}" in html
    assert _url(existing) in html
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Paste the article text or choose a file to upload."),
        ({"body": "   "}, "Paste the article text or choose a file to upload."),
        ({"body": BODY, "url": "ftp://x"}, "Enter a valid URL."),
        ({"body": BODY, "published": "13/08/2021"}, "Enter a valid date."),
        ({"body": "bad \x01 bytes"}, "control characters"),
    ],
)
def test_invalid_input_shows_the_error_and_stores_nothing(client, editor, data, message):
    client.force_login(editor)
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_oversized_text_is_refused(client, editor, settings):
    settings.ARTICLE_MAX_BYTES = 100
    client.force_login(editor)
    response = client.post(NEW, {"body": "word " * 50})
    assert b"larger than the limit" in response.content
    assert not Article.objects.exists()


def test_uploaded_seed_file_is_stored(client, editor):
    data = b"date 2021-08-13\ntitle Uploaded\nsource AP\n\n" + BODY.encode()
    client.force_login(editor)
    response = client.post(NEW, {"file": SimpleUploadedFile("a.txt", data)})
    article = Article.objects.get()
    assert response.status_code == 302
    assert (article.title, article.source, str(article.published)) == (
        "Uploaded",
        "AP",
        "2021-08-13",
    )


def test_form_fields_override_a_single_uploaded_document(client, editor):
    client.force_login(editor)
    client.post(NEW, {"file": SimpleUploadedFile("a.txt", BODY.encode()), "title": "Typed"})
    assert Article.objects.get().title == "Typed"


def test_jsonl_upload_reports_each_line(client, editor):
    lines = [
        json.dumps({"title": "One", "date": "2021-08-13", "text": "First article text."}),
        "{not json",
        json.dumps({"title": "Two", "text": "First article text."}),
    ]
    client.force_login(editor)
    response = client.post(
        NEW, {"file": SimpleUploadedFile("feed.jsonl", "\n".join(lines).encode())}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert [r.outcome for r in response.context["results"]] == ["ingested", "error", "duplicate"]
    assert "Stored" in html and "Error" in html and "Already stored" in html
    assert Article.objects.count() == 1


def test_binary_upload_is_refused(client, editor):
    client.force_login(editor)
    response = client.post(NEW, {"file": SimpleUploadedFile("x.txt", b"\x00\x01\x02binary")})
    assert response.status_code == 400
    assert b"binary data" in response.content
    assert not Article.objects.exists()


def test_text_and_file_together_are_refused(client, editor):
    client.force_login(editor)
    response = client.post(NEW, {"body": BODY, "file": SimpleUploadedFile("a.txt", b"Other.")})
    assert b"not both" in response.content
    assert not Article.objects.exists()


def test_ingest_page_refuses_put(client, editor):
    client.force_login(editor)
    assert client.put(NEW).status_code == 405
