"""manage.py ingest: batches committed and queued for extraction, and the progress bar."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from claims.extraction import types
from claims.models import Article, ExtractionStatus
from claims.services import extraction as service
from claims.services import extraction_queue


def _jsonl(tmp_path, count: int):
    rows = [
        {
            "title": f"T{n}",
            "date": "2022-05-01",
            "url": f"https://wire.example.org/{n}",
            "text": f"Officials said {n + 2} bridges were repaired.",
        }
        for n in range(count)
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


@pytest.mark.django_db(transaction=True)
def test_bulk_ingest_queues_each_batch_after_it_commits(tmp_path, monkeypatch):
    monkeypatch.setattr(service, "_run_engine", lambda text, title="": types.Extraction())
    monkeypatch.setattr(
        service, "_run_engine_many", lambda texts, titles=None: [types.Extraction() for _ in texts]
    )
    queued: list[tuple[int, bool]] = []
    real = extraction_queue.articles_queue

    def spy(*, article_ids, force=False):
        queued.append((len(article_ids), connection.in_atomic_block))
        return real(article_ids=article_ids, force=force)

    monkeypatch.setattr(extraction_queue, "articles_queue", spy)
    out = StringIO()
    call_command("ingest", str(_jsonl(tmp_path, 5)), "--batch-size", "2", stdout=out)
    assert "5 ingested, 0 duplicate, 0 error(s) from 1 file(s)." in out.getvalue()
    # Every article queued, a batch at a time, never inside the transaction.
    assert queued == [(2, False), (2, False), (1, False)]
    assert set(Article.objects.values_list("status", flat=True)) == {ExtractionStatus.DONE}


@pytest.mark.django_db
def test_ingest_progress_bar_goes_to_stderr_only_when_asked(tmp_path):
    path = _jsonl(tmp_path, 3)
    out, err = StringIO(), StringIO()
    call_command("ingest", str(path), "--progress", stdout=out, stderr=err)
    assert "3/3" in err.getvalue() and "article" in err.getvalue()
    assert f"{path}:1: " in out.getvalue() and "3/3" not in out.getvalue()
    quiet = StringIO()
    call_command("ingest", str(path), stdout=StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""
