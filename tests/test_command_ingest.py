"""manage.py ingest on every format and on bad input."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Article

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def run(*args) -> str:
    out = StringIO()
    call_command("ingest", *args, stdout=out)
    return out.getvalue()


def test_ingesting_the_seeds_twice_stores_nothing_new_the_second_time():
    first = run(str(SEEDS))
    count = Article.objects.count()
    assert count == len(list(SEEDS.glob("*.txt")))
    assert f"{count} ingested, 0 duplicate, 0 error(s)" in first
    second = run(str(SEEDS))
    assert Article.objects.count() == count
    assert f"0 ingested, {count} duplicate" in second
    assert "duplicate (same text as article" in second


def test_sample_article_header_and_body(tmp_path):
    run(str(SEEDS / "000_1760076bc07e5ae5.txt"))
    article = Article.objects.get()
    assert str(article.published) == "2021-08-13"
    assert article.body.startswith("Just weeks before")


def test_every_format_in_one_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Plain text article about 12 new schools.", encoding="utf-8")
    (tmp_path / "b.html").write_text(
        "<html><head><title>Bridge opens</title></head><body><article><p>The bridge, which "
        "cost $40 million, opened on Monday after four years of construction work.</p>"
        "<p>The mayor said traffic would fall by a third.</p></article></body></html>",
        encoding="utf-8",
    )
    rows = [
        {
            "title": f"J{i}",
            "date": "2022-05-0" + str(i + 1),
            "source": "Wire",
            "url": f"https://wire.example.org/{i}",
            "text": f"JSON article number {i}.",
        }
        for i in range(3)
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not an article", encoding="utf-8")
    output = run(str(tmp_path))
    assert "5 ingested, 0 duplicate, 0 error(s) from 3 file(s)" in output
    assert Article.objects.filter(title="Bridge opens").exists()
    assert Article.objects.filter(source="Wire").count() == 3


def test_bad_files_are_reported_and_good_ones_still_stored(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "baddate.txt").write_text("date 2021-02-30\n\nBody.", encoding="utf-8")
    (tmp_path / "big.txt").write_text("word " * 500_000, encoding="utf-8")
    (tmp_path / "good.txt").write_text("A good article with 3 numbers.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Le député a déclaré à la presse.".encode("latin-1"))
    output = run(str(tmp_path))
    assert "empty.txt: error (The document is empty.)" in output
    assert "binary.txt: error (The document is binary data" in output
    assert "baddate.txt: error (Malformed date" in output
    assert "big.txt: error (The article text is larger than the limit" in output
    assert "2 ingested, 0 duplicate, 4 error(s)" in output
    assert Article.objects.filter(body__contains="député").exists()


def test_nothing_readable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="Nothing could be read"):
        run(str(tmp_path), str(tmp_path / "missing.txt"))
    assert not Article.objects.exists()


def test_duplicates_only_is_not_a_failure(tmp_path):
    shutil.copy(SEEDS / "001_hundreds-dead-in-hajj-stampede.txt", tmp_path)
    run(str(tmp_path))
    assert "1 duplicate" in run(str(tmp_path))
