"""manage.py ingest reports only what it stored, and a bad line fails alone."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Article

pytestmark = pytest.mark.django_db


def test_a_lone_surrogate_fails_its_line_alone_and_the_next_files_are_read(tmp_path):
    good = {"title": "Bridges", "text": "Officials said 12 bridges were repaired."}
    lines = [
        json.dumps(good),
        '{"title": "bad \\ud800 title", "text": "Another article about 3 schools."}',
        json.dumps({"title": "Roads", "text": "The council said 40 roads were resurfaced."}),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "b.txt").write_text("A later file: 7 hospitals opened.", encoding="utf-8")
    out = StringIO()
    call_command("ingest", str(tmp_path), "--batch-size", "10", stdout=out)
    output = out.getvalue()
    assert "a.jsonl:2: error (The title is not valid Unicode" in output
    assert "2 ingested" not in output
    assert "3 ingested, 0 duplicate, 1 error(s) from 2 file(s)." in output
    assert set(Article.objects.values_list("title", flat=True)) == {"Bridges", "Roads", ""}
    # Every "ingested" line names an article that is stored.
    stored = {f"article {pk}" for pk in Article.objects.values_list("pk", flat=True)}
    reported = [line for line in output.splitlines() if ": ingested (" in line]
    assert len(reported) == 3
    assert all(line.rsplit("(", 1)[1].rstrip(")") in stored for line in reported)
