"""Benchmark the read API on PostgreSQL with 100,000 claims and 1,000,000 quotes.

Run by hand (not part of the test suite):

    .venv/bin/python bench/api.py                 # builds factcheck_bench once, then measures
    .venv/bin/python bench/api.py --rebuild -n 300

It creates (or reuses) the database `factcheck_bench` on BENCH_DATABASE_URL's server, migrates
it, fills it with INSERT ... SELECT generate_series (about a minute), then sends each request
through Django's test client (the full middleware, auth, throttle, filter, paginator and
serializer stack, with a token) and replays the SQL that request ran, raw, on the same
connection. It prints p50/p95 for both. Targets: p95 < 50 ms for the claim endpoints and
< 100 ms for quote search.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "factcheck_bench_api"  # its own database: other benchmarks use factcheck_bench
os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
# Production-like: no DEBUG query log; no HTTPS redirect for the test client.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

N_ARTICLES, N_SPEAKERS, N_CLAIMS, N_QUOTES = 20_000, 2_000, 100_000, 1_000_000
WORDS = [
    "tax",
    "taxes",
    "budget",
    "economy",
    "jobs",
    "inflation",
    "growth",
    "health",
    "hospital",
    "vaccine",
    "troops",
    "border",
    "climate",
    "energy",
    "oil",
    "gas",
    "price",
    "prices",
    "wages",
    "school",
    "schools",
    "crime",
    "police",
    "election",
    "vote",
    "minister",
    "ministry",
    "president",
    "government",
    "report",
    "percent",
    "million",
    "billion",
    "deficit",
    "debt",
    "trade",
    "tariff",
    "export",
    "import",
    "farm",
    "farmers",
    "water",
    "housing",
    "rent",
    "rates",
    "bank",
    "interest",
    "war",
    "peace",
    "treaty",
    "sanctions",
    "aid",
    "refugees",
    "migration",
    "court",
    "law",
    "reform",
    "pension",
    "benefits",
    "record",
    "highest",
    "lowest",
    "since",
    "decade",
    "year",
    "month",
    "week",
    "cut",
    "raise",
    "increase",
    "fall",
    "rise",
]


def ensure_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def words_sql(n: int, seed_col: str) -> str:
    """SQL for a string of n random words (correlated on seed_col so it varies per row)."""
    array = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    return (
        f"(SELECT string_agg(({array})[1 + floor(random() * {len(WORDS)})::int], ' ') "
        f"FROM generate_series(1, {n}) AS w WHERE {seed_col} > 0)"
    )


def populate(cursor) -> None:
    """Fill the tables in bulk; every row satisfies the models' constraints."""
    from claims.services.verdicts import RECORDABLE_VERDICTS

    verdicts = list(RECORDABLE_VERDICTS)
    steps = [
        (
            "articles",
            f"""
        INSERT INTO claims_article (title, body, url, source, published, ingested_at,
            content_hash, status, status_message, extracted_at)
        SELECT 'Article ' || g, 'Body of article ' || g, 'https://news.example.org/a/' || g,
            (ARRAY['Reuters','AP','BBC','Wire','Example News'])[1 + g % 5],
            DATE '2015-01-01' + (g % 3650), now(), md5('article' || g) || md5(g::text),
            'done', '', now()
        FROM generate_series(1, {N_ARTICLES}) AS g""",
        ),
        (
            "speakers",
            f"""
        INSERT INTO claims_speaker (name, key, title, organization, kind, aliases, created_at)
        SELECT 'Speaker ' || g || ' Person', 'speaker ' || g || ' person', 'Spokesperson',
            'Ministry ' || (g % 50), 'person',
            jsonb_build_array('Speaker ' || g || ' Person', 'Spokes ' || g), now()
        FROM generate_series(1, {N_SPEAKERS}) AS g""",
        ),
        (
            "quotes",
            f"""
        INSERT INTO claims_quote (article_id, speaker_id, text, kind, cue, start, "end",
            published)
        SELECT a.id, s.id, q.text, CASE WHEN g % 3 = 0 THEN 'indirect' ELSE 'direct' END,
            'said', 0, length(q.text), a.published
        FROM generate_series(1, {N_QUOTES}) AS g
        JOIN claims_article a ON a.id = (SELECT min(id) FROM claims_article) + g % {N_ARTICLES}
        JOIN claims_speaker s ON s.id = (SELECT min(id) FROM claims_speaker)
            + (g::bigint * 7919) % {N_SPEAKERS}
        CROSS JOIN LATERAL (SELECT {words_sql(14, "g")} AS text) q""",
        ),
        (
            "claims",
            f"""
        INSERT INTO claims_claim (article_id, speaker_id, text, start, "end", score, reasons,
            fingerprint, current_verdict, found, published, created_at, updated_at)
        SELECT a.id, s.id, c.text, 0, length(c.text), round(random()::numeric, 3)::float,
            '[]'::jsonb, 'fp' || (g % 60000),
            CASE WHEN g % 10 < 6 THEN 'unreviewed'
                 ELSE (ARRAY{verdicts!r})[1 + g % {len(verdicts)}] END,
            true, a.published, now() - (g || ' minutes')::interval,
            now() - (g || ' minutes')::interval
        FROM generate_series(1, {N_CLAIMS}) AS g
        JOIN claims_article a ON a.id = (SELECT min(id) FROM claims_article) + g % {N_ARTICLES}
        JOIN claims_speaker s ON s.id = (SELECT min(id) FROM claims_speaker)
            + (g * 31) % {N_SPEAKERS}
        CROSS JOIN LATERAL (SELECT {words_sql(20, "g")} AS text) c""",
        ),
        (
            "verdicts",
            """
        INSERT INTO claims_verdict (claim_id, verdict, note, evidence, reviewer_id, created_at)
        SELECT c.id, c.current_verdict, 'Checked.', '["https://data.example.org/x"]'::jsonb,
            (SELECT id FROM auth_user WHERE username = 'bench'), c.updated_at
        FROM claims_claim c WHERE c.current_verdict <> 'unreviewed'""",
        ),
    ]
    for name, sql in steps:
        started = time.perf_counter()
        cursor.execute(sql)
        print(f"  {name}: {cursor.rowcount:,} rows in {time.perf_counter() - started:.1f} s")
    cursor.execute("VACUUM ANALYZE")  # as autovacuum would: visibility map for index-only scans


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(client, connection, label: str, paths: list[str], token: str) -> dict:
    """Time each path through the API, then the SQL it ran, replayed raw."""
    from django.test.utils import CaptureQueriesContext

    api_ms, sql_ms, counts = [], [], []
    for path in paths[:10]:  # warm-up
        client.get(path, HTTP_AUTHORIZATION=f"Token {token}")
    for path in paths:
        started = time.perf_counter()
        response = client.get(path, HTTP_AUTHORIZATION=f"Token {token}")
        api_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            client.get(path, HTTP_AUTHORIZATION=f"Token {token}")
        statements = [q["sql"] for q in captured.captured_queries]
        counts.append(len(statements))
        with connection.cursor() as cursor:
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql.replace("%", "%%"))
                cursor.fetchall() if cursor.description else None
            sql_ms.append((time.perf_counter() - started) * 1000)
    row = {
        "label": label,
        "api_p50": statistics.median(api_ms),
        "api_p95": percentile(api_ms, 0.95),
        "sql_p50": statistics.median(sql_ms),
        "sql_p95": percentile(sql_ms, 0.95),
        "queries": max(counts),
    }
    print(
        f"{label:<44} API p50 {row['api_p50']:6.1f} ms  p95 {row['api_p95']:6.1f} ms | "
        f"raw SQL p50 {row['sql_p50']:6.1f} ms  p95 {row['sql_p95']:6.1f} ms | "
        f"{row['queries']} queries"
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--rebuild", action="store_true", help="drop and regenerate the data")
    args = parser.parse_args()

    ensure_database()
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from rest_framework.authtoken.models import Token
    from rest_framework.throttling import SimpleRateThrottle

    from claims.models import Claim, Quote, Speaker

    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(username="bench")
    user.groups.add(Group.objects.get(name="reviewers"))
    token, _ = Token.objects.get_or_create(user=user)
    if args.rebuild or Quote.objects.count() < N_QUOTES:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE claims_verdict DISABLE TRIGGER USER")
            cursor.execute(
                "TRUNCATE claims_verdict, claims_quote, claims_claim, claims_speaker, "
                "claims_article RESTART IDENTITY CASCADE"
            )
            cursor.execute("ALTER TABLE claims_verdict ENABLE TRIGGER USER")
            print(f"Generating data in {DB_NAME} ...")
            populate(cursor)
    print(
        f"{Claim.objects.count():,} claims, {Quote.objects.count():,} quotes, "
        f"{Speaker.objects.count():,} speakers; {args.n} requests per endpoint\n"
    )
    SimpleRateThrottle.THROTTLE_RATES = {"anon": None, "user": None}  # measure, not throttle
    client = Client()
    rng = random.Random(42)
    speaker_ids = list(Speaker.objects.values_list("id", flat=True))
    claim_ids = list(Claim.objects.values_list("id", flat=True))
    key = token.key
    measure(
        client, connection, "GET /api/claims/?verdict=contradicted",
        [f"/api/claims/?verdict=contradicted&page={rng.randint(1, 5)}" for _ in range(args.n)],
        key,
    )  # fmt: skip
    measure(
        client, connection, "GET /api/quotes/?speaker={id}&q={word}",
        [
            f"/api/quotes/?speaker={rng.choice(speaker_ids)}&q={rng.choice(WORDS)}"
            for _ in range(args.n)
        ],
        key,
    )  # fmt: skip
    measure(
        client, connection, "GET /api/quotes/?speaker={name}&q={word}",
        [
            f"/api/quotes/?speaker=Speaker+{n}+Person&q={rng.choice(WORDS)}"
            for n in (rng.randint(1, N_SPEAKERS) for _ in range(args.n))
        ],
        key,
    )  # fmt: skip
    measure(
        client, connection, "GET /api/claims/{id}/",
        [f"/api/claims/{rng.choice(claim_ids)}/" for _ in range(args.n)],
        key,
    )  # fmt: skip


if __name__ == "__main__":
    main()
