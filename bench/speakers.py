"""Benchmark: the speaker table after ingesting the corpus (one record per person? junk?).

    .venv/bin/python bench/speakers.py [--every 1] [--corpus ../shared/corpus/news.jsonl.gz]

Ingests every Nth corpus text (all with --every 1; extraction in-process) into a scratch
SQLite database with `manage.py ingest`, then prints:
- speaker rows (people, organisations);
- for the ten most quoted people, how many rows share their surname (one person split over
  several rows shows here; namesakes are listed so they can be told apart);
- pronoun or phrase speakers: rows whose name is a pronoun, a transcript label, a bare office
  or a lower-case phrase, with their quotes, and junk aliases;
- quotes that start inside a reporter's question paragraph (`Q`, `Q:`, `QUESTION:`),
  attributed to someone and in all.
The checks are written here, not imported, so the same script measures any checkout (before
and after a change). Run by hand, under `nice`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path.cwd() if (Path.cwd() / "manage.py").exists() else Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl.gz"
TOP_PEOPLE = 10
PRONOUNS = {"he", "she", "i", "we", "they", "it", "you", "who", "him", "her", "them", "me", "us"}
LABELS = {"q", "question", "audience member", "moderator", "operator", "laughter", "applause"}
OFFICE_ONLY = re.compile(
    r"^(the\s+)?((vice|deputy|press|first|principal)\s+)*(president|secretary|lady|"
    r"spokesperson|spokesman|ambassador|senator|governor|minister|official|officials)$",
    re.IGNORECASE,
)
DETERMINERS = {"the", "a", "an", "one", "some", "many", "several", "another", "this", "those"}
NAME_JOINERS = {"of", "for", "and", "the", "de", "von", "van", "der", "al", "el", "bin", "da", "di"}
ORG_JOINERS = NAME_JOINERS | {"on", "in", "at", "to", "du", "la"}
QUESTION = re.compile(r"^(Q\b[:.]?|QUESTION:)")


def is_junk(name: str, kind: str = "person") -> bool:
    """A pronoun, a transcript label, a bare office or a phrase, not a person's name (nor an
    organisation's: "WHO" is the World Health Organization there, "Council on ..." a body)."""
    words = name.split()
    low = name.strip().casefold()
    if not words or low in LABELS or OFFICE_ONLY.match(name.strip()):
        return True
    if kind != "organization" and low in PRONOUNS:
        return True
    if words[0].casefold() in DETERMINERS and any(w[:1].islower() for w in words[1:]):
        return True
    joiners = ORG_JOINERS if kind == "organization" else NAME_JOINERS
    # "al-Sisi", "bin-Salman": a lower-case particle joined to the name is part of it
    return any(w[:1].islower() and w.split("-")[0] not in joiners for w in words)


def _setup() -> None:
    url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-speakers-')}/db.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the cache is the database without Redis


def _ingest(corpus: Path, every: int) -> int:
    from django.core.management import call_command

    path = Path(tempfile.mkdtemp(prefix="bench-speakers-in-")) / "texts.jsonl"
    count = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as lines, path.open("w") as out:
        for n, line in enumerate(lines):
            if n % every:
                continue
            row = json.loads(line)
            keep = {k: row.get(k, "") for k in ("title", "date", "source", "url", "text")}
            out.write(json.dumps(keep) + "\n")
            count += 1
    with open(os.devnull, "w") as quiet:
        call_command("ingest", str(path), stdout=quiet, stderr=quiet)
    return count


def _question_paragraphs(body: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", body) if QUESTION.match(m.group())]


def report() -> dict:
    from django.db.models import Count

    from claims.models import Article, Quote, Speaker

    speakers = Speaker.objects.annotate(n=Count("quotes"))
    people = speakers.filter(kind="person")
    surname = lambda name: name.replace(",", " ").split()[-1].casefold() if name.split() else ""  # noqa: E731
    by_surname: dict[str, list[tuple[str, int]]] = {}
    for row in people:
        by_surname.setdefault(surname(row.name), []).append((row.name, row.n))
    top = people.order_by("-n")[:TOP_PEOPLE]
    junk = [(row.name, row.n) for row in speakers if is_junk(row.name, row.kind)]
    junk_aliases = sum(
        1
        for row in speakers
        for a in row.aliases or []
        if isinstance(a, str) and is_junk(a, row.kind)
    )
    inside = Counter()
    for article in Article.objects.only("pk", "body"):
        spans = _question_paragraphs(article.body)
        if not spans:
            continue
        for quote in Quote.objects.filter(article=article).only("start", "speaker_id"):
            if any(s <= quote.start < e for s, e in spans):
                inside["all"] += 1
                inside["attributed"] += quote.speaker_id is not None
    return {
        "articles": Article.objects.count(),
        "quotes": Quote.objects.count(),
        "speaker_rows": speakers.count(),
        "people": people.count(),
        "organisations": speakers.filter(kind="organization").count(),
        "top_people": [
            {"name": row.name, "quotes": row.n, "rows_with_surname": by_surname[surname(row.name)]}
            for row in top
        ],
        "junk_speakers": len(junk),
        "junk_speaker_quotes": sum(n for _, n in junk),
        "junk_examples": sorted(junk, key=lambda x: -x[1])[:15],
        "junk_aliases": junk_aliases,
        "quotes_in_question_paragraphs": dict(inside),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=1, help="ingest every Nth text (1: all)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--dedupe", action="store_true", help="also report after speakers_dedupe")
    args = parser.parse_args()
    _setup()
    texts = _ingest(args.corpus, args.every)
    result = {"texts": texts, "after_ingest": report()}
    if args.dedupe:
        from django.core.management import call_command

        with open(os.devnull, "w") as quiet:
            call_command("speakers_dedupe", stdout=quiet)
        result["after_dedupe"] = report()
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
