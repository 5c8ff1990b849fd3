"""Benchmark: matching new claims against 100,000 known claims in a database (SQL path).

    .venv/bin/python bench/matching_db.py                    # SQLite in a temporary file
    .venv/bin/python bench/matching_db.py --postgres          # a fresh PostgreSQL database
    .venv/bin/python bench/matching_db.py --known 20000 --queries 100

Builds a fresh database, generates N known claims from a vocabulary (varied synthetic
sentences: Zipf-distributed topics, invented names and places, about a third without any
number), indexes them (ClaimBlockKey), then matches new claims with the real service
(`claim_find_match`: fingerprint lookup, then the decision on candidates from the vector index
and the blocking keys). The
new claims are a third reworded repeats of known claims, a third near misses (a number changed
or a "not" added) and a third new. It prints p50/p95 ms per claim next to two baselines
measured in the same run: the exact fingerprint lookup alone, and a naive scan scoring every
claim of a 5,000-claim subset (extrapolated to N). Run by hand, not in CI.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "factcheck_bench_matching"

SYLLABLES = [
    "ba",
    "ko",
    "ri",
    "ten",
    "mar",
    "vel",
    "dun",
    "sa",
    "lo",
    "pe",
    "tra",
    "gon",
    "mi",
    "zer",
    "ul",
    "han",
    "dor",
    "fi",
]
TOPICS = [
    "unemployment",
    "inflation",
    "housing",
    "prices",
    "wages",
    "pensions",
    "tuition",
    "healthcare",
    "premiums",
    "crime",
    "murders",
    "burglaries",
    "overdoses",
    "emissions",
    "deforestation",
    "vaccinations",
    "hospitalisations",
    "exports",
    "imports",
    "tariffs",
    "deficits",
    "borrowing",
    "spending",
    "taxes",
    "subsidies",
    "refugees",
    "arrivals",
    "enrolment",
    "graduation",
    "dropouts",
    "homelessness",
    "evictions",
    "rents",
    "mortgages",
    "bankruptcies",
    "startups",
    "layoffs",
    "strikes",
    "turnout",
    "registrations",
    "donations",
    "lobbying",
    "contracts",
    "procurement",
    "tenders",
    "broadband",
    "coverage",
    "outages",
    "accidents",
    "fatalities",
    "congestion",
    "ridership",
    "fares",
    "potholes",
    "repairs",
    "pollution",
    "recycling",
    "landfill",
    "droughts",
    "floods",
    "wildfires",
    "harvests",
    "yields",
    "fisheries",
    "tourism",
]
QUALIFIERS = [
    "public",
    "private",
    "federal",
    "regional",
    "municipal",
    "rural",
    "urban",
    "national",
    "foreign",
    "domestic",
    "industrial",
    "agricultural",
    "military",
    "medical",
]
UP = ["rose", "increased", "grew", "climbed", "jumped", "doubled"]
DOWN = ["fell", "decreased", "declined", "dropped", "shrank", "halved"]
VERBS = ["cut", "funded", "blocked", "approved", "cancelled", "expanded", "privatised", "audited"]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


class Vocabulary:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people = [_word(rng, 3).capitalize() for _ in range(600)]
        self.places = [_word(rng, 2).capitalize() + "ia" for _ in range(300)]
        weights = [1 / (rank + 1) for rank in range(len(TOPICS))]  # Zipf: few topics dominate
        self.topic_weights = weights

    def topic(self) -> str:
        return self.rng.choices(TOPICS, weights=self.topic_weights)[0]

    def sentence(self) -> tuple[str, dict]:
        """A claim and its parts, so variants (repeats, near misses) can be built from it."""
        r = self.rng
        parts = {
            "who": r.choice(self.people),
            "place": r.choice(self.places),
            "qualifier": r.choice(QUALIFIERS),
            "topic": self.topic(),
            "direction": r.choice(UP + DOWN),
            "verb": r.choice(VERBS),
            "number": r.choice([r.randint(2, 99), round(r.uniform(1, 20), 1)]),
            "year": r.randint(1995, 2024),
            "kind": r.choice(["percent", "percent", "program", "count"]),
        }
        return self.render(parts), parts

    @staticmethod
    def render(p: dict, *, reworded: bool = False, negated: bool = False) -> str:
        no = " not" if negated else ""
        if p["kind"] == "percent":
            if reworded:
                return (
                    f"In {p['year']}, {p['qualifier']} {p['topic']} in {p['place']}"
                    f" did{no} change: they {p['direction']} by {p['number']}%, {p['who']} said."
                    if negated
                    else f"In {p['year']}, {p['qualifier']} {p['topic']} in {p['place']}"
                    f" {p['direction']} by {p['number']}%, {p['who']} said."
                )
            if negated:
                return (
                    f"{p['who']} said {p['qualifier']} {p['topic']} in {p['place']} did not"
                    f" change: they {p['direction']} {p['number']} percent in {p['year']}."
                )
            return (
                f"{p['who']} said {p['qualifier']} {p['topic']} in {p['place']}"
                f" {p['direction']} {p['number']} percent in {p['year']}."
            )
        if p["kind"] == "program":  # no numbers at all
            if reworded:
                return (
                    f"The {p['qualifier']} {p['topic']} programme in {p['place']} was{no}"
                    f" {p['verb']} by {p['who']}."
                )
            return (
                f"{p['who']}{' has' + no if no else ''} {p['verb']} the {p['qualifier']}"
                f" {p['topic']} programme in {p['place']}."
            )
        count = int(p["number"] * 1000)
        if reworded:
            return (
                f"There were{no} {count:,} {p['qualifier']} {p['topic']} in {p['place']}"
                f" in {p['year']}, according to {p['who']}."
            )
        return (
            f"{p['who']} says {p['place']} had{no} {count} {p['qualifier']} {p['topic']}"
            f" in {p['year']}."
        )


def _setup(postgres: bool) -> str:
    if postgres:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_NAME}"')
        url = f"{PG_SERVER}/{PG_NAME}"
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-matching-')}/db.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def _populate(vocab: Vocabulary, known: int, batch: int = 5000) -> list[tuple[int, dict]]:
    from claims import claim_comparison
    from claims.models import Article, Claim, ClaimBlockKey

    parts_by_id: list[tuple[int, dict]] = []
    per_article = 10
    made = 0
    while made < known:
        n = min(batch, known - made)
        articles = Article.objects.bulk_create(
            Article(body=f"bench article {made + i}", content_hash=f"bench-{made + i:064d}"[-64:])
            for i in range(0, n, per_article)
        )
        rows, parts = [], []
        for i in range(n):
            text, p = vocab.sentence()
            rows.append(
                Claim(
                    article=articles[i // per_article],
                    text=text,
                    start=0,
                    end=len(text),
                    score=0.5,
                    fingerprint=" ".join(text.casefold().split())[:64],
                )
            )
            parts.append(p)
        rows = Claim.objects.bulk_create(rows)
        keys = [
            ClaimBlockKey(claim_id=row.pk, key=key)
            for row in rows
            for key in claim_comparison.blocking_keys(claim_comparison.features(row.text))
        ]
        ClaimBlockKey.objects.bulk_create(keys, batch_size=5000)
        parts_by_id += [(row.pk, p) for row, p in zip(rows, parts, strict=True)]
        made += n
        print(f"\r  {made:,} known claims stored", end="", flush=True)
    print()
    return parts_by_id


def _queries(vocab: Vocabulary, known: list[tuple[int, dict]], count: int) -> list[tuple]:
    """(text, kind, source claim id or None) for repeats, near misses and new claims."""
    rng = vocab.rng
    out = []
    for i in range(count):
        pk, p = rng.choice(known)
        if i % 3 == 0:
            out.append((Vocabulary.render(p, reworded=True), "repeat", pk))
        elif i % 3 == 1:
            if rng.random() < 0.5 and p["kind"] != "program":
                changed = dict(p, number=p["number"] + rng.choice([1, 2, 10]))
                out.append((Vocabulary.render(changed, reworded=rng.random() < 0.5), "miss", pk))
            else:
                out.append((Vocabulary.render(p, negated=True), "miss", pk))
        else:
            out.append((vocab.sentence()[0], "new", None))
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--known", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    url = _setup(args.postgres)
    from django.db import connection

    from claims import claim_comparison
    from claims.models import Article, Claim, ClaimBlockKey
    from claims.services.claim_grouping import claim_find_match

    print(f"database: {connection.vendor} ({url})")
    vocab = Vocabulary(random.Random(args.seed))
    started = time.perf_counter()
    known = _populate(vocab, args.known)
    print(
        f"  generated and indexed in {time.perf_counter() - started:.0f} s; "
        f"{ClaimBlockKey.objects.count():,} blocking keys"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    probe = Article.objects.create(body="bench probe", content_hash="probe".rjust(64, "0"))
    queries = _queries(vocab, known, args.queries)

    timings, found = [], {"repeat": 0, "miss": 0, "new": 0}
    wrong = 0
    for text, kind, source in queries:
        claim = Claim(article=probe, text=text, fingerprint=" ".join(text.casefold().split())[:64])
        t0 = time.perf_counter()
        match = claim_find_match(claim=claim)
        timings.append((time.perf_counter() - t0) * 1000)
        if match is not None:
            found[kind] += 1
            if kind == "repeat" and match.claim_id != source:
                wrong += 1

    exact = []
    for text, _, _ in queries:
        fp = " ".join(text.casefold().split())[:64]
        t0 = time.perf_counter()
        list(Claim.objects.filter(fingerprint=fp).only("pk", "text", "group_id")[:5])
        exact.append((time.perf_counter() - t0) * 1000)

    subset = 5000
    scan = []
    for text, _, _ in queries[:20]:
        t0 = time.perf_counter()
        feats = claim_comparison.features(text)
        for other in Claim.objects.order_by("pk").values_list("text", flat=True)[:subset]:
            claim_comparison.match_score(feats, claim_comparison.features(other))
        scan.append((time.perf_counter() - t0) * 1000 * args.known / subset)

    kinds = {k: sum(1 for q in queries if q[1] == k) for k in found}
    print(
        f"\nmatching {len(queries)} new claims against {args.known:,} known claims "
        f"({connection.vendor}):"
    )
    print(
        f"  claim_find_match      p50 {statistics.median(timings):7.2f} ms   "
        f"p95 {_pct(timings, 0.95):7.2f} ms   max {max(timings):7.2f} ms"
    )
    print(
        f"  baseline: fingerprint lookup alone   p50 {statistics.median(exact):7.2f} ms   "
        f"p95 {_pct(exact, 0.95):7.2f} ms"
    )
    print(
        f"  baseline: naive scan (5,000 scored, x{args.known // subset})   "
        f"p50 {statistics.median(scan):9.0f} ms"
    )
    print(
        f"  repeats matched {found['repeat']}/{kinds['repeat']} "
        f"(to another claim than the source: {wrong}); "
        f"near misses matched {found['miss']}/{kinds['miss']}; "
        f"new claims matched {found['new']}/{kinds['new']}"
    )
    print(f"  target p95 < 50 ms: {'met' if _pct(timings, 0.95) < 50 else 'NOT met'}")
    if args.postgres:
        connection.close()
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
