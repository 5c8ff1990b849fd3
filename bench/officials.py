"""Scorer: "quotes by official" on a hand-labelled dev set (bench/data/officials_dev.json).

    .venv/bin/python bench/officials.py [--corpus ../shared/corpus/news.jsonl.gz] [--json]

Ingests the labelled texts (read from the corpus at run time; only ids and offsets are kept
in the project) into a scratch SQLite database with `manage.py ingest` (extraction runs
in-process), then, for each official, asks the API what an editor would:
`GET /api/quotes/?speaker=<full name>`, every page. A paragraph counts as returned when a
returned quote overlaps it. Per official it prints paragraph-level precision, recall and F1
over the labelled texts, their macro average, and how many reporters' question paragraphs
any quote with a speaker overlaps (`GET /api/quotes/`; the aim is zero). The label rule is at
the top of the label file. Run by hand; it works on any checkout of the project whose
`ingest` command reads JSONL and whose quote API gives `start` and `end`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path.cwd() if (Path.cwd() / "manage.py").exists() else Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LABELS = Path(__file__).resolve().parent / "data" / "officials_dev.json"
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl.gz"


def _setup() -> None:
    url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-officials-')}/db.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)  # extraction in-process
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the cache is the database without Redis


def _texts(corpus: Path, ids: set[str]) -> dict[str, dict]:
    found = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["id"] in ids:
                found[row["id"]] = row
    return found


def _ingest(texts: dict[str, dict]) -> dict[str, object]:
    """Ingest through the command; the articles by corpus id (matched on URL)."""
    from django.core.management import call_command

    from claims.models import Article

    path = Path(tempfile.mkdtemp(prefix="bench-officials-in-")) / "texts.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for row in texts.values():
            keep = {k: row[k] for k in ("title", "date", "source", "url", "text")}
            out.write(json.dumps(keep) + "\n")
    with open(os.devnull, "w") as quiet:
        call_command("ingest", str(path), stdout=quiet, stderr=quiet)
    by_url = {a.url: a for a in Article.objects.all()}
    return {tid: by_url[row["url"]] for tid, row in texts.items() if row["url"] in by_url}


def _spans_in_body(text: str, body: str, spans: list[list[int]]) -> list[tuple[int, int]]:
    """The labelled paragraphs located in the stored body (ingest may clean whitespace)."""
    located, at = [], 0
    for start, end in sorted(spans):
        piece = text[start:end].strip()
        where = body.find(piece, at)
        if where < 0:
            where = body.find(piece)
        if where < 0:
            raise SystemExit(f"Paragraph not found in the stored body: {piece[:60]!r}")
        located.append((where, where + len(piece)))
        at = where + len(piece)
    return located


def _api_quotes(client: object, speaker: str | None) -> list[dict]:
    rows, url = [], "/api/quotes/"
    params = {"speaker": speaker} if speaker else {}
    while url:
        answer = client.get(url, params)
        assert answer.status_code == 200, answer.content[:300]
        body = answer.json()
        rows += body["results"]
        url, params = body.get("next"), {}
    return rows


def _overlapping(quotes: list[dict], paragraphs: dict[int, list[tuple[int, int]]]) -> set:
    hit = set()
    for quote in quotes:
        article = quote["article"]["id"]
        for start, end in paragraphs.get(article, []):
            if quote["start"] < end and start < quote["end"]:
                hit.add((article, start))
    return hit


def _prf(gold: set, predicted: set) -> tuple[float, float, float]:
    right = len(gold & predicted)
    precision = right / len(predicted) if predicted else (1.0 if not gold else 0.0)
    recall = right / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _print_errors(gold, questions, every, everything, client, articles, texts) -> None:
    """Each official's missed and wrongly returned paragraphs, with who the API credits there."""
    from claims.models import Article

    bodies = {a.pk: a.body for a in Article.objects.all()}
    ids = {article.pk: tid for tid, article in articles.items()}
    credit: dict[tuple, set] = defaultdict(set)
    for quote in everything:
        for start, end in every.get(quote["article"]["id"], []):
            if quote["start"] < end and start < quote["end"]:
                credit[(quote["article"]["id"], start)].add(
                    (quote["speaker"] or {}).get("name", "-")
                )
    ends = {(pk, s): e for pk, spans in every.items() for s, e in spans}
    for name in sorted(gold):
        returned = _overlapping(_api_quotes(client, name), every)
        for label, keys in (("MISS", gold[name] - returned), ("FALSE", returned - gold[name])):
            for pk, start in sorted(keys):
                text = bodies[pk][start : ends[(pk, start)]]
                who = ", ".join(sorted(credit.get((pk, start), {"(no quote)"})))
                print(f"{name} {label} {ids[pk][:60]} [{who}] {text[:110]!r}")
    for pk, start in sorted(questions):
        who = credit.get((pk, start), set()) - {"-"}
        if who:
            print(f"QUESTION CREDITED {ids[pk][:60]} {sorted(who)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--errors", action="store_true", help="print each missed or wrongly returned paragraph"
    )
    args = parser.parse_args()
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["texts"]
    _setup()
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    texts = _texts(args.corpus, {row["id"] for row in labels})
    articles = _ingest(texts)
    gold: dict[str, set] = defaultdict(set)
    questions: set = set()
    every: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in labels:
        article = articles[row["id"]]
        text = texts[row["id"]]["text"]
        for name, spans in row["officials"].items():
            located = _spans_in_body(text, article.body, spans)
            gold[name] |= {(article.pk, start) for start, _ in located}
            every[article.pk] += located
        located = _spans_in_body(text, article.body, row["questions"])
        questions |= {(article.pk, start) for start, _ in located}
        every[article.pk] += located
    client = APIClient()
    client.force_authenticate(get_user_model().objects.create_superuser("bench", "", "x"))
    scores = {}
    for name in sorted(gold):
        returned = _overlapping(_api_quotes(client, name), every)
        scores[name] = dict(zip(("p", "r", "f1"), _prf(gold[name], returned), strict=True))
        scores[name]["questions"] = len(returned & questions)
    everything = _api_quotes(client, None)
    credited = _overlapping([q for q in everything if q["speaker"]], every)
    if args.errors:
        _print_errors(gold, questions, every, everything, client, articles, texts)
    macro = sum(s["f1"] for s in scores.values()) / len(scores)
    result = {
        "texts": len(articles),
        "officials": scores,
        "macro_f1": macro,
        "questions": len(questions),
        "questions_credited": len(credited & questions),
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"{len(articles)} texts, {len(scores)} officials, {len(questions)} question paragraphs")
    for name, s in scores.items():
        print(
            f"  {name:20} P {s['p']:.3f}  R {s['r']:.3f}  F1 {s['f1']:.3f}"
            f"  (questions among them: {s['questions']})"
        )
    print(f"macro F1 {macro:.3f}; question paragraphs credited: {result['questions_credited']}")


if __name__ == "__main__":
    main()
