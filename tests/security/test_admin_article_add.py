"""Adding an article in the admin goes through the ingest service like every other door."""

from __future__ import annotations

import pytest

from claims.models import Article, ExtractionStatus
from claims.services import content_hash
from tests import factories

pytestmark = pytest.mark.django_db

ADD = "/admin/claims/article/add/"
BODY = "The minister said on Monday that 14 hospitals would open by 2025."
FORM = {"title": "Hospitals", "body": BODY, "url": "", "source": "Wire", "published": ""}


@pytest.fixture
def admin_client(client):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


def test_an_article_added_in_the_admin_is_hashed_and_queued(
    admin_client, monkeypatch, django_capture_on_commit_callbacks
):
    from claims.services import extraction_queue as extraction

    queued: list[list[int]] = []
    monkeypatch.setattr(
        extraction,
        "articles_queue",
        lambda *, article_ids, force=False: queued.append(list(article_ids)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ADD, FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.content_hash == content_hash(BODY)
    assert article.status == ExtractionStatus.PENDING
    assert queued == [[article.pk]]


def test_the_same_article_added_twice_is_a_clear_duplicate_message(admin_client):
    admin_client.post(ADD, FORM)
    first = Article.objects.get()
    response = admin_client.post(ADD, {**FORM, "title": "Again"})
    assert response.status_code == 200
    assert f"same text as article {first.pk}" in response.content.decode()
    assert Article.objects.count() == 1


def test_bad_input_in_the_admin_is_shown_on_the_form(admin_client):
    response = admin_client.post(ADD, {**FORM, "body": "bell \x07 inside"})
    assert response.status_code == 200
    assert "control characters" in response.content.decode()
    assert not Article.objects.exists()
