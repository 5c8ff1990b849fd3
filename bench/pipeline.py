"""Benchmark: articles/s through the real pipeline against extraction alone, on 2 processes.

    .venv/bin/python bench/pipeline.py 1000

Reads the first N articles of ../shared/corpus/news.jsonl.gz at run time (never copied),
creates a fresh PostgreSQL database for the run, starts `celery worker -c 2` (prefork) on
Redis, ingests the articles through the ingest service (batches committed and queued on
commit, as `manage.py ingest` does) and waits until every article is done or failed (the end of
the end-to-end time), then until the broker's queue is drained and no worker holds a task, so
claim matching (queued per extraction batch) is done too (printed as a second ratio). Then it
times `extract_many` alone on the same texts in a pool of 2 warmed processes, and prints both
rates and their ratio (target: end to end >= 80% of extraction alone). Run by hand, not in CI.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl.gz"
WARMUP = 4  # articles from the end of the corpus that warm both worker processes first
CHUNK = 16  # texts per extract_many call in the extraction-alone pool


def _records(limit: int) -> tuple[list[dict], list[dict]]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return rows[:limit], rows[-WARMUP:]


def _create_database(name: str, server: str) -> str:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def _drop_database(name: str, server: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _start_worker(concurrency: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "factcheck",
        "worker",
        "-P",
        "prefork",
        "-c",
        str(concurrency),
        "-l",
        "info",
        "-n",
        f"bench-{os.getpid()}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    handle = log.open("wb")
    worker = subprocess.Popen(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while "ready." not in log.read_text(errors="replace"):
        if worker.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"The worker did not start; see {log}")
        time.sleep(0.2)
    return worker


def _ingest(rows: list[dict], batch: int = 100) -> list[int]:
    from django.db import transaction

    from claims import services
    from claims.documents import DocumentError, parse_json_record

    ids: list[int] = []
    for first in range(0, len(rows), batch):
        # Extraction is queued when each batch commits, several articles a task.
        with services.articles_queue_in_batches(), transaction.atomic():
            for row in rows[first : first + batch]:
                try:
                    result = services.article_ingest_input(item=parse_json_record(row))
                except (DocumentError, ValueError):
                    continue
                if result.created:
                    ids.append(result.article.pk)
    return ids


def _wait(ids: list[int], timeout: float) -> dict[str, int]:
    from django.db.models import Count

    from claims.models import Article, ExtractionStatus

    finished = [ExtractionStatus.DONE, ExtractionStatus.FAILED]
    deadline = time.monotonic() + timeout
    articles = Article.objects.filter(pk__in=ids)
    while articles.exclude(status__in=finished).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    return dict(articles.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))


def _drain(redis_url: str, timeout: float) -> None:
    """Wait until the broker's queue is empty and no task is unacknowledged (claim matching).

    Reads Redis directly (the queue list and kombu's `unacked` hash, where acks_late tasks sit
    while a worker runs them) rather than broadcasting to the workers, which would leave
    threads behind in this process before it forks the extraction-alone pool.
    """
    import redis

    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if client.llen("celery") == 0 and client.hlen("unacked") == 0:
                return
            time.sleep(0.2)
    finally:
        client.close()


def _pool_init(model: str) -> None:
    from claims.extraction import load_model

    load_model(model)


def _extract_chunk(args: tuple[list[str], str]) -> int:
    from claims.extraction import extract_many

    texts, model = args
    return sum(len(found.quotes) for found in extract_many(texts, model=model))


def _extraction_alone(texts: list[str], model: str, processes: int) -> float:
    chunks = [(texts[i : i + CHUNK], model) for i in range(0, len(texts), CHUNK)]
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_pool_init, initargs=(model,)) as pool:
        pool.map(_extract_chunk, [(["Warm up."], model)] * processes)
        started = time.perf_counter()
        pool.map(_extract_chunk, chunks, chunksize=1)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=1000, help="articles (default 1000)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="factcheck_bench")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"))
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    rows, warmup = _records(args.n)
    os.environ["DATABASE_URL"] = _create_database(args.database, args.postgres)
    os.environ["REDIS_URL"] = args.redis
    os.environ["FACTCHECK_TESTONLY_EXTRACTION_DELAY"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from factcheck.celery import app

    call_command("migrate", verbosity=0)
    app.control.purge()
    log = Path(tempfile.gettempdir()) / f"factcheck-bench-worker-{os.getpid()}.log"
    worker = _start_worker(args.processes, log)
    try:
        _wait(_ingest(warmup), timeout=300)
        started = time.perf_counter()
        ids = _ingest(rows)
        ingested = time.perf_counter() - started
        statuses = _wait(ids, timeout=3600)
        pipeline = time.perf_counter() - started
        _drain(args.redis, timeout=3600)
        drained = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)

    from claims.models import Article, Claim, Quote

    articles = Article.objects.filter(pk__in=ids)
    texts = list(articles.order_by("pk").values_list("body", flat=True))
    alone = _extraction_alone(texts, settings.SPACY_MODEL, args.processes)
    n = len(texts)
    print(f"articles: {n} stored of {len(rows)} read ({sum(map(len, texts)):,} characters)")
    print(f"statuses: {statuses}")
    print(
        f"rows: {Quote.objects.filter(article__in=articles).count()} quotes, "
        f"{Claim.objects.filter(article__in=articles).count()} claims"
    )
    print(f"ingest (web/command side) : {ingested:7.1f} s")
    rate = f"{n / pipeline:6.2f} articles/s"
    print(f"end to end ({args.processes} workers)   : {pipeline:7.1f} s  {rate}")
    print(
        f"extract_many alone ({args.processes} proc): {alone:7.1f} s  {n / alone:6.2f} articles/s"
    )
    print(f"ratio end to end / alone  : {alone / pipeline:7.1%} (target >= 80%)")
    grouped = Claim.objects.filter(article__in=articles, found=True, group__isnull=False).count()
    print(
        f"queue drained (claim matching done too): {drained:7.1f} s, "
        f"ratio {alone / drained:.1%}; {grouped} claims in groups"
    )
    if not args.keep:
        from django.db import connections

        connections.close_all()
        _drop_database(args.database, args.postgres)


if __name__ == "__main__":
    main()
