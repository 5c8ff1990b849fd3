"""A big JSON Lines upload on the web form is imported by a worker, every line reported."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article, ArticleImport, ArticleImportLine, ImportStatus
from claims.services import article_import_run
from claims.services import imports as import_service
from claims.services.imports import IMPORT_INLINE_MAX_ITEMS
from tests import factories

pytestmark = pytest.mark.django_db
NEW = reverse("claims:article_new")
LINES = IMPORT_INLINE_MAX_ITEMS + 10
BAD_LINE = 7


def _feed() -> bytes:
    rows = [
        json.dumps({"title": f"T{n}", "text": f"Officials said {n} bridges were repaired."})
        for n in range(1, LINES + 1)
    ]
    rows[BAD_LINE - 1] = '{"title": "bad \\ud800", "text": "A line with a lone surrogate."}'
    return "\n".join(rows).encode()


def _upload(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(NEW, {"file": SimpleUploadedFile("feed.jsonl", _feed())})


def test_a_big_upload_goes_to_a_background_import_with_every_line_reported(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    response = _upload(client, django_capture_on_commit_callbacks)
    job = ArticleImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:article_import", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.total == LINES
    outcomes = dict(job.lines.values_list("line", "outcome"))
    assert len(outcomes) == LINES
    assert outcomes[BAD_LINE] == "error"
    assert set(outcomes.values()) == {"ingested", "error"}
    assert Article.objects.count() == LINES - 1
    page = client.get(response["Location"]).content.decode()
    assert f"Stored: {LINES - 1}" in page and "Errors: 1" in page
    assert "not valid Unicode" in client.get(response["Location"] + "?show=error").content.decode()


def test_running_an_import_again_reports_no_line_twice(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    _upload(client, django_capture_on_commit_callbacks)
    job = ArticleImport.objects.get()
    # As if the worker died after committing the batches up to line 20 (articles and line
    # outcomes commit together): the redelivered task finds the import still `running`.
    ArticleImport.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, data=_feed())
    later = ArticleImportLine.objects.filter(article_import=job, line__gt=20)
    Article.objects.filter(pk__in=later.values("article")).delete()
    later.delete()
    assert article_import_run(import_id=job.pk) == ImportStatus.DONE
    assert job.lines.count() == LINES
    assert sorted(job.lines.values_list("line", flat=True)) == list(range(1, LINES + 1))
    assert Article.objects.count() == LINES - 1
    assert article_import_run(import_id=job.pk) == ImportStatus.DONE  # done: nothing to do
    assert job.lines.count() == LINES


def test_a_broker_outage_keeps_the_import_queued_with_a_way_to_queue_it_again(
    client, editor, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(import_service.import_articles_task, "delay", refuse)
    client.force_login(editor)
    response = _upload(client, django_capture_on_commit_callbacks)
    job = ArticleImport.objects.get()
    assert job.status == ImportStatus.QUEUED and "broker" in job.status_message
    assert "Queue again" in client.get(response["Location"]).content.decode()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"])
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Article.objects.count() == LINES - 1


def test_a_small_upload_is_still_ingested_in_the_request(client, editor):
    client.force_login(editor)
    data = "\n".join(json.dumps({"text": f"Article {n} text."}) for n in range(3)).encode()
    response = client.post(NEW, {"file": SimpleUploadedFile("feed.jsonl", data)})
    assert response.status_code == 200
    assert [r.outcome for r in response.context["results"]] == ["ingested"] * 3
    assert not ArticleImport.objects.exists()


def test_only_people_who_may_add_articles_see_an_import(client):
    job = ArticleImport.objects.create(name="feed.jsonl", data=b"", total=0)
    client.force_login(factories.UserFactory())
    assert client.get(reverse("claims:article_import", args=[job.pk])).status_code == 403
