"""Real Celery workers consuming from Redis over PostgreSQL, with the real extraction engine.

Each worker is a `celery -A factcheck worker --pool=solo` subprocess pointed at the pytest
test database. Tasks are not eager here: this module overrides the suite's `celery_eager`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from claims.models import Article, Claim, ExtractionStatus, Quote
from claims.services import verdict_record
from claims.tasks import extract_article
from factcheck.celery import app
from tests import factories

EVIDENCE = ["https://evidence.example.org/source"]

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))[:20]
WAIT = 240  # seconds: an upper bound on a slow shared machine, not a speed requirement


@pytest.fixture(autouse=True)
def celery_eager():
    """Send tasks to Redis (overrides the eager fixture in conftest)."""
    saved = app.conf.task_always_eager
    app.conf.CELERY_TASK_ALWAYS_EAGER = False  # the CELERY_ namespace key is the one read
    assert not app.conf.task_always_eager
    yield
    app.conf.CELERY_TASK_ALWAYS_EAGER = saved


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _clear_queue() -> None:
    import redis

    app.control.purge()
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete("unacked", "unacked_index")


def _queue_empty() -> bool:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


class Worker:
    """A worker subprocess and its log."""

    def __init__(self, log: Path, **env: str) -> None:
        self.log = log
        environment = {
            **os.environ,
            "FACTCHECK_TESTONLY_EXTRACTION_DELAY": "0",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        command = [
            sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--pool=solo",
            "-l", "info", "-n", f"test-{uuid.uuid4().hex[:8]}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        self.handle = log.open("ab")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=self.handle, stderr=subprocess.STDOUT
        )
        _wait_for(lambda: "ready." in self.output(), self, what="the worker to start")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        self.handle.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.handle.close()


def _wait_for(ready: Callable[[], bool], worker: Worker, *, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not ready():
        if worker.process.poll() is not None:
            pytest.fail(f"The worker exited while waiting for {what}:\n{worker.output()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up waiting for {what}:\n{worker.output()[-3000:]}")
        time.sleep(0.3)


@pytest.fixture
def start_worker(tmp_path) -> Iterator[Callable[..., Worker]]:
    """Start workers on demand; every one still running is stopped afterwards."""
    _clear_queue()
    workers: list[Worker] = []

    def start(**env: str) -> Worker:
        workers.append(Worker(tmp_path / f"worker{len(workers)}.log", **env))
        return workers[-1]

    yield start
    for worker in workers:
        worker.stop()
    _clear_queue()


def _unfinished() -> int:
    finished = [ExtractionStatus.DONE, ExtractionStatus.FAILED]
    return Article.objects.exclude(status__in=finished).count()


def _engine_rows(body: str) -> tuple[list, list]:
    from claims.extraction import extract

    found = extract(body, model=settings.SPACY_MODEL)
    quotes = sorted({(q.start, q.end, q.text) for q in found.quotes})
    claims = sorted((c.start, c.end, c.text) for c in found.claims)
    return quotes, claims


def _stored_rows(article: Article) -> tuple[list, list]:
    quotes = sorted(article.quotes.values_list("start", "end", "text"))
    claims = sorted(article.claims.filter(found=True).values_list("start", "end", "text"))
    return quotes, claims


def test_a_real_worker_extracts_twenty_seed_articles_like_the_engine_in_process(start_worker):
    worker = start_worker()
    call_command("ingest", *map(str, SEEDS), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Article.objects.count() == len(SEEDS) == 20
    _wait_for(lambda: _unfinished() == 0, worker, what="20 articles to be extracted")
    assert set(Article.objects.values_list("status", flat=True)) == {ExtractionStatus.DONE}
    assert Quote.objects.exists()
    for article in Article.objects.all():
        assert _stored_rows(article) == _engine_rows(article.body), article.title
        assert {q.published for q in article.quotes.all()} <= {article.published}
    # Speakers named in several articles are one canonical row each.
    assert Quote.objects.filter(speaker__isnull=False).exists()


def test_the_same_task_delivered_twice_to_a_worker_adds_no_rows(start_worker):
    # A superuser: transactional tests flush the groups that the data migration made.
    reviewer = factories.UserFactory(username="root-reviewer", is_superuser=True)
    worker = start_worker()
    call_command("ingest", str(SEEDS[0]), stdout=open(os.devnull, "w"))  # noqa: SIM115
    _wait_for(lambda: _unfinished() == 0, worker, what="the first extraction")
    article = Article.objects.get()
    claim = article.claims.first()
    if claim is not None:
        verdict_record(claim=claim, reviewer=reviewer, verdict="verified", evidence=EVIDENCE)
    quotes = list(article.quotes.order_by("pk").values_list("pk", "start", "end", "text"))
    claims = list(article.claims.order_by("pk").values_list("pk", "start", "end", "text"))
    first_run = article.extracted_at
    extract_article.delay(article.pk)
    extract_article.delay(article.pk)
    _wait_for(_queue_empty, worker, what="both deliveries to finish")
    article.refresh_from_db()
    assert article.status == ExtractionStatus.DONE and article.extracted_at > first_run
    assert list(article.quotes.order_by("pk").values_list("pk", "start", "end", "text")) == quotes
    assert list(article.claims.order_by("pk").values_list("pk", "start", "end", "text")) == claims
    if claim is not None:
        assert Claim.objects.get(pk=claim.pk).current_verdict == "verified"


def test_a_task_of_a_killed_worker_is_redelivered_and_finished_without_duplicates(start_worker):
    # The test-only delay holds the article in `processing` until we kill the worker; after
    # the (short) visibility timeout Redis hands the unacknowledged task to the next worker.
    short = {"CELERY_VISIBILITY_TIMEOUT": "3"}
    doomed = start_worker(FACTCHECK_TESTONLY_EXTRACTION_DELAY="120", **short)
    call_command("ingest", str(SEEDS[1]), stdout=open(os.devnull, "w"))  # noqa: SIM115
    article = Article.objects.get()
    _wait_for(
        lambda: Article.objects.filter(status=ExtractionStatus.PROCESSING).exists(),
        doomed,
        what="the article to be processing",
    )
    doomed.kill()
    assert Article.objects.get().status == ExtractionStatus.PROCESSING
    time.sleep(4)  # let the visibility timeout pass so the next worker restores the task
    rescuer = start_worker(**short)
    _wait_for(lambda: _unfinished() == 0, rescuer, what="the redelivered task")
    assert "claims.tasks.extract_article" in rescuer.output()  # it did the work, redelivered
    article.refresh_from_db()
    assert article.status == ExtractionStatus.DONE
    assert _stored_rows(article) == _engine_rows(article.body)
    assert article.quotes.count() == len(_engine_rows(article.body)[0])


def test_a_batch_of_a_killed_worker_is_redelivered_and_finished_without_duplicates(start_worker):
    # Bulk ingest queues a batch task; killed while its articles are processing, the whole
    # batch is redelivered and the next worker takes them over.
    short = {"CELERY_VISIBILITY_TIMEOUT": "3"}
    doomed = start_worker(FACTCHECK_TESTONLY_EXTRACTION_DELAY="120", **short)
    call_command("ingest", *map(str, SEEDS[3:6]), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Article.objects.count() == 3
    _wait_for(
        lambda: Article.objects.filter(status=ExtractionStatus.PROCESSING).count() == 3,
        doomed,
        what="the batch to be processing",
    )
    doomed.kill()
    time.sleep(4)  # let the visibility timeout pass so the next worker restores the task
    rescuer = start_worker(**short)
    _wait_for(lambda: _unfinished() == 0, rescuer, what="the redelivered batch")
    assert "claims.tasks.extract_articles" in rescuer.output()
    for article in Article.objects.all():
        assert article.status == ExtractionStatus.DONE
        assert _stored_rows(article) == _engine_rows(article.body), article.title
        assert article.quotes.count() == len(_engine_rows(article.body)[0])


def test_a_real_worker_groups_the_claims_repeated_across_a_batch(start_worker, tmp_path):
    # Two seed articles and a reprint of each (another URL, one more line) in one batch: the
    # batch's single match_articles task puts each reprinted claim in its original's group.
    paths = [*SEEDS[6:8]]
    for n, seed in enumerate(SEEDS[6:8]):
        lines = seed.read_text(encoding="utf-8").splitlines()
        lines = [f"{line}?reprint" if line.startswith("url ") else line for line in lines]
        copy = tmp_path / f"reprint{n}.txt"
        copy.write_text("\n".join([*lines, "", "This article was reprinted."]), encoding="utf-8")
        paths.append(copy)
    worker = start_worker()
    call_command("ingest", *map(str, paths), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Article.objects.count() == 4
    _wait_for(lambda: _unfinished() == 0 and _queue_empty(), worker, what="the batch")
    output = worker.output()
    assert output.count("claims.tasks.extract_articles[") >= 1
    assert "claims.tasks.match_articles" in output
    originals = Article.objects.filter(url__in=[_url(p) for p in SEEDS[6:8]])
    pairs = 0
    for original in originals:
        copy = Article.objects.get(url=f"{original.url}?reprint")
        for claim in original.claims.filter(found=True):
            twin = copy.claims.get(found=True, text=claim.text, start=claim.start)
            assert claim.group_id is not None and twin.group_id == claim.group_id
            pairs += 1
    assert pairs > 0


def _url(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(line[4:].strip() for line in lines if line.startswith("url "))


def test_an_article_ingested_while_redis_is_down_is_pending_until_reextract(start_worker, tmp_path):
    path = tmp_path / "down.txt"
    path.write_text(SEEDS[2].read_text(encoding="utf-8"), encoding="utf-8")
    closed = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DATABASE_URL": _database_url(), "REDIS_URL": closed},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 ingested" in done.stdout
    article = Article.objects.get()
    assert article.status == ExtractionStatus.PENDING
    assert article.status_message.startswith("Queueing for extraction failed: broker unavailable")
    assert "manage.py reextract --pending" in article.status_message
    worker = start_worker()
    call_command("reextract", "--pending", stdout=open(os.devnull, "w"))  # noqa: SIM115
    _wait_for(lambda: _unfinished() == 0, worker, what="the re-queued article")
    article.refresh_from_db()
    assert (article.status, article.status_message) == (ExtractionStatus.DONE, "")
