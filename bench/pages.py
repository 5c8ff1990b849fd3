"""Page benchmark: render every page against 10,000 claims (or --claims N); print p50/p95 ms.

    .venv/bin/python bench/pages.py                       # SQLite file under bench/out/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck .venv/bin/python bench/pages.py
    DATABASE_URL=... .venv/bin/python bench/pages.py --claims 100000 --database NAME

Without --database it creates a fresh test database (test_<name>, dropped afterwards). With
--database NAME it keeps that database: the first run creates, migrates and fills it (--claims),
later runs migrate it to the current schema and measure the same data. It fills it with articles,
speakers, quotes, claims and verdicts in bulk, then VACUUM ANALYZEs it (PostgreSQL; what
autovacuum does to a table that stopped changing), requests each page with Django's test
client as a signed-in reviewer and reports the median and 95th percentile time and the
number of SQL queries per request. Target: every page under 200 ms at p95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

OUTLETS = ["AP", "Reuters", "AFP", "BBC", "NPR", "Wikinews", "The Guardian", "Al Jazeera"]
FIRST = ["Ned", "Jen", "Antony", "Lloyd", "Ashraf", "Olaf", "Ursula", "Karine", "John", "Mark"]
LAST = ["Price", "Psaki", "Blinken", "Austin", "Ghani", "Scholz", "Leyen", "Kirby", "Milley"]
TITLES = ["spokesman", "secretary", "minister", "president", "ambassador", "general"]
WORDS = [
    "troops",
    "withdrawal",
    "embassy",
    "evacuation",
    "budget",
    "inflation",
    "percent",
    "million",
    "vaccine",
    "election",
    "border",
    "tariff",
    "ministry",
    "airport",
    "civilian",
    "footprint",
    "partnership",
    "ceasefire",
    "refugees",
    "exports",
    "unemployment",
    "taxes",
    "deficit",
    "emissions",
    "hospital",
    "schools",
    "reform",
    "sanctions",
    "treaty",
]


def _sentence(rng: random.Random, n: int) -> str:
    words = rng.sample(WORDS, 9)
    return f"Officials said {n} {' '.join(words)} rose by {rng.randint(2, 90)} percent in 2021."


def generate(*, claims: int, seed: int = 7) -> dict:
    """Bulk-create the data set; returns ids to request."""
    from django.contrib.auth.models import Group

    from claims.models import Article, Claim, Quote, Speaker, Verdict
    from claims.services.verdicts import RECORDABLE_VERDICTS
    from tests.factories import UserFactory

    rng = random.Random(seed)
    reviewer = UserFactory(username="bench-reviewer")
    reviewer.groups.add(Group.objects.get(name="reviewers"))
    reviewers = [reviewer] + [UserFactory(username=f"bench-r{i}") for i in range(4)]

    speakers = Speaker.objects.bulk_create(
        Speaker(
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
            key=f"speaker-{i}",
            title=f"{rng.choice(OUTLETS)} {rng.choice(TITLES)}",
            organization="Government",
            aliases=[f"Alias{i}", f"{LAST[i % len(LAST)]} {i}"],
        )
        for i in range(400)
    )
    per_article = 5
    start_day = dt.date(2024, 1, 1)
    articles, layouts = [], []
    for a in range(claims // per_article):
        sentences = [_sentence(rng, a * 10 + k) for k in range(10)]
        paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, 10, 2)]
        body = "\n\n".join(paragraphs)
        articles.append(
            Article(
                title=f"Article {a}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                body=body,
                url=f"https://news.example.org/{a}",
                source=rng.choice(OUTLETS),
                published=start_day + dt.timedelta(days=rng.randint(0, 700)),
                content_hash=hashlib.sha256(body.encode()).hexdigest(),
                status=rng.choice(["done"] * 18 + ["pending", "failed"]),
            )
        )
        layouts.append(sentences)
    articles = Article.objects.bulk_create(articles, batch_size=500)

    claim_rows, quote_rows = [], []
    for article, sentences in zip(articles, layouts, strict=True):
        position = 0
        offsets = []
        for i, sentence in enumerate(sentences):
            offsets.append((position, position + len(sentence)))
            position += len(sentence) + (2 if i % 2 else 1)
        for k in range(per_article):
            start, end = offsets[k * 2]
            claim_rows.append(
                Claim(
                    article=article,
                    speaker=rng.choice(speakers) if rng.random() < 0.7 else None,
                    text=sentences[k * 2],
                    start=start,
                    end=end,
                    score=round(rng.random(), 3),
                    reasons=["number"],
                    fingerprint=f"fp-{rng.randint(0, claims // 3)}",
                    current_verdict="unreviewed",
                    published=article.published,
                )
            )
            start, end = offsets[k * 2 + 1]
            quote_rows.append(
                Quote(
                    article=article,
                    speaker=rng.choice(speakers),
                    text=sentences[k * 2 + 1],
                    start=start,
                    end=end,
                    published=article.published,
                )
            )
    claim_rows = Claim.objects.bulk_create(claim_rows, batch_size=1000)
    Quote.objects.bulk_create(quote_rows, batch_size=1000)

    verdict_rows, reviewed = [], []
    now = dt.datetime.now(tz=dt.UTC)
    for claim in claim_rows:
        if rng.random() < 0.35:
            for _ in range(rng.randint(1, 3)):
                verdict = rng.choice(RECORDABLE_VERDICTS)
                verdict_rows.append(
                    Verdict(
                        claim=claim,
                        verdict=verdict,
                        note="Checked against the published figures.",
                        evidence=["https://data.example.org/figures"],
                        reviewer=rng.choice(reviewers),
                        created_at=now - dt.timedelta(days=rng.randint(0, 360)),
                    )
                )
            claim.current_verdict = verdict
            reviewed.append(claim)
    Verdict.objects.bulk_create(verdict_rows, batch_size=1000)
    Claim.objects.bulk_update(reviewed, ["current_verdict"], batch_size=1000)
    # A reviewer's desk: about one unreviewed claim in fifty is assigned to someone.
    assigned = [c for c in claim_rows if c.current_verdict == "unreviewed" and rng.random() < 0.02]
    for claim in assigned:
        claim.assignee = rng.choice(reviewers)
    Claim.objects.bulk_update(assigned, ["assignee"], batch_size=1000)
    busiest = max(speakers, key=lambda s: s.pk % 97)
    return {
        "reviewer": reviewer,
        "claims": [c.pk for c in rng.sample(claim_rows, 20)],
        "reviewed": [c.pk for c in rng.sample(reviewed, 20)],
        "articles": [a.pk for a in rng.sample(articles, 20)],
        "speaker": busiest,
        "counts": {
            "articles": len(articles),
            "speakers": len(speakers),
            "claims": len(claim_rows),
            "quotes": len(quote_rows),
            "verdicts": len(verdict_rows),
        },
    }


def existing(*, seed: int = 7) -> dict:
    """The ids to request from a data set `generate` filled earlier (--database)."""
    from django.contrib.auth import get_user_model

    from claims.models import Article, Claim, Speaker

    rng = random.Random(seed)
    claim_ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    reviewed = list(
        Claim.objects.exclude(current_verdict="unreviewed")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    article_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    speakers = list(Speaker.objects.order_by("pk"))
    return {
        "reviewer": get_user_model().objects.get(username="bench-reviewer"),
        "claims": rng.sample(claim_ids, 20),
        "reviewed": rng.sample(reviewed, 20),
        "articles": rng.sample(article_ids, 20),
        "speaker": max(speakers, key=lambda s: s.pk % 97),
        "counts": {"claims": len(claim_ids), "articles": len(article_ids)},
    }


def _filled() -> bool:
    """Whether the kept database already holds a data set from `generate`."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="bench-reviewer").exists()


def measure(client, url: str | list[str], repeat: int) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, queries) for GET url (a list: cycle through the URLs)."""
    from django.db import connection

    urls = url if isinstance(url, list) else [url]
    for u in urls[:3]:
        assert client.get(u).status_code == 200, u
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(urls[0])
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        response = client.get(urls[i % len(urls)])
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument(
        "--database",
        help="keep the data set in this database: create, migrate and fill it on the first run, "
        "migrate and measure it on later runs",
    )
    parser.add_argument(
        "--page",
        action="append",
        default=[],
        help="measure only the pages whose name contains this (repeatable), e.g. --page quote",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # Served as a web process serves them: no setup_test_environment(), whose instrumented
    # template rendering keeps a copy of every template context for the test client. That
    # garbage made the cyclic collector run about four times as often, 100-200 ms a time,
    # which was most of the p95 of the later pages (queue words 214-237 ms with it, 89-99
    # without, on the same data and machine).
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if connection.vendor == "sqlite":
        out = ROOT / "bench" / "out"
        out.mkdir(parents=True, exist_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(out / "pages.sqlite3")
    if args.database:
        old_name = None
        connection.settings_dict["TEST"]["NAME"] = args.database
        # keepdb: create the database only if it is missing, then apply any new migrations.
        connection.creation.create_test_db(verbosity=0, keepdb=True, serialize=False)
    else:
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        fill = not args.database or not _filled()
        data = generate(claims=args.claims) if fill else existing()
        print(
            f"{connection.vendor}: {'generated' if fill else 'kept'} {data['counts']} in "
            f"{time.perf_counter() - started:.1f} s"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        client = Client()
        client.force_login(data["reviewer"])
        speaker = data["speaker"]
        pages = {
            "queue": "/",
            "queue filtered": "/?speaker=Price&outlet=AP&date_from=2024-06-01&verdict=",
            "queue page 50": "/?page=50",
            "claim": [f"/claims/{pk}/" for pk in data["claims"]],
            "quote search: speaker": f"/quotes/?speaker={speaker.name.replace(' ', '+')}",
            "quote search: alias": f"/quotes/?speaker={speaker.aliases[0]}",
            "quote search: words": "/quotes/?q=civilian+footprint",
            "quote search: all": "/quotes/",
            "speaker suggest": "/speakers/suggest/?q=pri",
            "speakers": "/speakers/",
            "speaker": f"/speakers/{speaker.pk}/",
            "articles": "/articles/",
            "article": [f"/articles/{pk}/" for pk in data["articles"]],
            "dashboard": "/dashboard/",
            "queue: mine": "/?tab=mine",
            "queue: assigned to": "/?assignee=bench-reviewer",
            "queue: words": "/?q=civilian+footprint",
            "fact-check (public)": [f"/fact-checks/{pk}/" for pk in data["reviewed"]],
            "fact-checks (public)": "/fact-checks/",
            "fact-checks feed": "/fact-checks/feed/",
        }
        print(f"{'page':<24}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
        for name, url in pages.items():
            if args.page and not any(part in name for part in args.page):
                continue
            p50, p95, queries = measure(client, url, args.repeat)
            flag = "" if p95 < 200 else "  <- over 200 ms"
            print(f"{name:<24}{p50:>9.1f}{p95:>9.1f}{queries:>9}{flag}")
        print(f"(DEBUG={settings.DEBUG}, {args.repeat} requests per page)")
    finally:
        if old_name is not None:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
