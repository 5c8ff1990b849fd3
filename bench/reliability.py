"""Load and fault suite: gunicorn under mixed API load, then ingestion through worker, database
and (optionally) broker failures. Run by hand, loopback only; results in docs/RELIABILITY.md.

    .venv/bin/python bench/reliability.py                    # load 60 s + faults, 200 articles
    .venv/bin/python bench/reliability.py --restart-redis    # also restart the shared Redis
    .venv/bin/python bench/reliability.py --skip-load --skip-faults --hung-broker

Needs PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379, database 5 only). Creates and
migrates its own database (`factcheck_bench_reliability`), seeds it with seeds/ extracted
in-process plus synthetic claims, and then:

1. Load: gunicorn (2 workers, DEBUG=0) on 127.0.0.1; a client process runs threads of mixed
   API reads (claims list and detail, quote search) and verdict writes (a reviewer token) for
   `--seconds`; requests/s, p50/p95/p99 and errors. Throttles are raised through the env.
2. Faults: a real Celery worker (2 processes) over Redis and PostgreSQL while `--articles`
   corpus articles (../shared/corpus/news.jsonl.gz, read at run time) are ingested and the
   seed articles, which carry the verdicts, are re-extracted: SIGKILL the worker and start a
   new one; terminate the database's backend connections; with --restart-redis, restart
   Redis without its data (queued messages are lost; `reextract --stale` recovers them). The
   sweep runs every `--sweep-every` seconds, as cron would. Then every article must be done
   or failed with a reason, none lost, quotes and claims equal to a clean extraction (on a
   sample), every verdict unchanged.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl.gz"
SERVER = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "factcheck_bench_reliability"
REDIS_URL = "redis://127.0.0.1:6379/5"
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip
PY = sys.executable


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return {**base, "DATABASE_URL": f"{SERVER}/{DB_NAME}", "PYTHONUNBUFFERED": "1", **extra}


def manage(*args: str, **extra: str) -> str:
    out = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env(**extra), capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(
            f"manage.py {' '.join(args)} failed:\n{out.stdout[-2000:]}{out.stderr[-3000:]}"
        )
    return out.stdout


def sql(query: str, *params: object) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{SERVER}/{DB_NAME}", autocommit=True) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchall() if cursor.description else []


# Setup ---------------------------------------------------------------------------------------

SEED_SCRIPT = """
import json, random
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from claims.models import Article, Claim
from tests.factories import UserFactory

random.seed(7)
reviewer = UserFactory(username="bench-reviewer")
reviewer.groups.add(Group.objects.get(name="reviewers"))
reader = UserFactory(username="bench-reader")
articles = list(Article.objects.all())
rows = []
for n in range(SYNTHETIC):
    article = random.choice(articles)
    start = random.randrange(0, max(1, len(article.body) - 120))
    text = article.body[start:start + 100]
    rows.append(Claim(article=article, text=text, start=start, end=start + len(text),
                      score=random.random(), reasons=["number"], fingerprint=f"synthetic-{n}",
                      published=article.published))
Claim.objects.bulk_create(rows, batch_size=1000)
print(json.dumps({
    "reviewer": Token.objects.create(user=reviewer).key,
    "reader": Token.objects.create(user=reader).key,
    "claims": list(Claim.objects.values_list("pk", flat=True)),
}))
"""


def setup_database(synthetic: int) -> dict:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    manage("migrate", "--noinput")
    log("migrated; ingesting seeds/ (extracted in-process)")
    manage("ingest", "seeds/")
    script = SEED_SCRIPT.replace("SYNTHETIC", str(synthetic))
    out = manage("shell", "-c", script)
    data = json.loads(out.strip().splitlines()[-1])
    log(f"seeded: {sql('SELECT count(*) FROM claims_article')[0][0]} articles, "
        f"{len(data['claims'])} claims")  # fmt: skip
    return data


# Load -----------------------------------------------------------------------------------------

WORDS = ["said", "government", "minister", "percent", "police", "health", "war", "election"]


def client_main(args: argparse.Namespace) -> None:
    """The load generator (its own process): threads with keep-alive connections."""
    import http.client

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from claims.services.verdicts import RECORDABLE_VERDICTS

    claims = json.loads(Path(args.claims_file).read_text())
    pages = max(1, len(claims) // 50)  # the API's page size; every page exists
    deadline = time.monotonic() + args.seconds
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        local: list[tuple[str, int, float]] = []
        while time.monotonic() < deadline:
            pick = rng.random()
            headers = {"Authorization": f"Token {args.reader}", "Host": "127.0.0.1"}
            body = None
            method = "GET"
            if pick < 0.35:
                kind, path = "claims list", f"/api/claims/?page={rng.randint(1, pages)}"
            elif pick < 0.60:
                kind, path = "claim detail", f"/api/claims/{rng.choice(claims)}/"
            elif pick < 0.85:
                kind, path = "quote search", f"/api/quotes/?q={rng.choice(WORDS)}"
            else:
                kind, path, method = (
                    "verdict write",
                    f"/api/claims/{rng.choice(claims)}/verdicts/",
                    "POST",
                )
                verdict = rng.choice(RECORDABLE_VERDICTS)
                body = json.dumps({"verdict": verdict, "note": "load test",
                                   "evidence": ["https://data.example.org/x"]})  # fmt: skip
                headers = {**headers, "Authorization": f"Token {args.reviewer}",
                           "Content-Type": "application/json"}  # fmt: skip
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
            local.append((kind, status, time.perf_counter() - started))
        with lock:
            results.extend(local)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(results))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def run_load(seeded: dict, seconds: int, threads: int, port: int) -> dict:
    gunicorn_env = env(
        DEBUG="0", SECRET_KEY="bench-" + "k" * 60, ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0", REDIS_URL=REDIS_URL,
        API_THROTTLE_USER="1000000/min", API_THROTTLE_ANON="1000000/min",
    )  # fmt: skip
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "factcheck.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--access-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=gunicorn_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True, text=True,
    )  # fmt: skip
    try:
        wait_for_http(port)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(seeded["claims"], handle)
        log(f"load: {threads} threads for {seconds} s against gunicorn -w 2 on :{port}")
        started = time.monotonic()
        out = subprocess.run(
            [PY, __file__, "--client", "--port", str(port), "--seconds", str(seconds),
             "--threads", str(threads), "--reader", seeded["reader"],
             "--reviewer", seeded["reviewer"], "--claims-file", handle.name],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        elapsed = time.monotonic() - started
        os.unlink(handle.name)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    results = json.loads(out.stdout)
    return summarise(results, elapsed)


def wait_for_http(port: int, timeout: float = 120) -> None:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


def summarise(results: list[tuple[str, int, float]], elapsed: float) -> dict:
    kinds = sorted({kind for kind, _, _ in results})
    rows = []
    for kind in [*kinds, "all"]:
        chosen = [r for r in results if kind in ("all", r[0])]
        times = [t for _, _, t in chosen]
        statuses: dict[int, int] = {}
        for _, status, _ in chosen:
            statuses[status] = statuses.get(status, 0) + 1
        rows.append({
            "kind": kind, "requests": len(chosen), "rps": len(chosen) / elapsed,
            "p50": percentile(times, 0.50), "p95": percentile(times, 0.95),
            "p99": percentile(times, 0.99),
            "errors": sum(n for s, n in statuses.items() if s == 0 or s >= 400),
            "5xx": sum(n for s, n in statuses.items() if s >= 500), "statuses": statuses,
        })  # fmt: skip
    return {"seconds": round(elapsed, 1), "rows": rows}


# Faults ---------------------------------------------------------------------------------------


class Worker:
    """`celery worker -c 2` in its own process group, so SIGKILL takes the pool with it."""

    count = 0

    def __init__(self, logdir: Path) -> None:
        Worker.count += 1
        self.log = logdir / f"worker-{Worker.count}.log"
        self.process = subprocess.Popen(
            [PY, "-m", "celery", "-A", "factcheck", "worker", "-c", "2", "--pool", "prefork",
             "-l", "info", "-n", f"bench{Worker.count}@%h", "--without-gossip",
             "--without-mingle"],
            cwd=ROOT, env=env(REDIS_URL=REDIS_URL, CELERY_VISIBILITY_TIMEOUT="20"),
            stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


def statuses(ids: list[int]) -> dict[str, int]:
    rows = sql(
        "SELECT status, count(*) FROM claims_article WHERE id = ANY(%s) GROUP BY status", ids
    )
    return dict(rows)


def unfinished(ids: list[int]) -> set[int]:
    rows = sql(
        "SELECT id FROM claims_article WHERE id = ANY(%s) AND status IN ('pending', 'processing')",
        ids,
    )
    return {row[0] for row in rows}


def verdict_digest() -> tuple[int, str]:
    rows = sql("SELECT id, claim_id, verdict, note, evidence::text, reviewer_id, created_at "
               "FROM claims_verdict ORDER BY id")  # fmt: skip
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def sweep(stale_minutes: int) -> None:
    manage("reextract", "--stale", str(stale_minutes), REDIS_URL=REDIS_URL)


def run_faults(args: argparse.Namespace, logdir: Path) -> dict:
    import redis

    broker = redis.Redis.from_url(REDIS_URL)
    broker.flushdb()  # database 5 is this script's own
    before_verdicts = verdict_digest()
    seed_ids = [row[0] for row in sql("SELECT id FROM claims_article ORDER BY id")]
    known = {row[0] for row in sql("SELECT url FROM claims_article WHERE url <> ''")}
    records = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        for line in handle:  # the corpus holds the seeds too: take articles not stored yet
            record = json.loads(line)
            if record.get("url") not in known and len(records) < args.articles:
                records.append(record)
    feed = logdir / "articles.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records))
    workers = [Worker(logdir)]
    events: list[dict] = []
    started = time.monotonic()
    log(f"faults: ingesting {len(records)} articles and re-extracting {len(seed_ids)} seeds")
    manage("ingest", str(feed), REDIS_URL=REDIS_URL)
    feed.unlink()
    manage("reextract", *map(str, seed_ids), REDIS_URL=REDIS_URL)
    new_ids = [row[0] for row in sql("SELECT id FROM claims_article WHERE id > %s ORDER BY id",
                                     max(seed_ids))]  # fmt: skip
    all_ids = seed_ids + new_ids

    def done_count() -> int:
        counts = statuses(all_ids)
        return counts.get("done", 0) + counts.get("failed", 0)

    def track() -> None:
        """Stamp each fault's recovery: the moment every article it hit is finished."""
        for event in events:
            if event["recovery_s"] is None and not unfinished(list(event["hit"])):
                event["recovery_s"] = round(time.monotonic() - event["at"], 1)

    def wait_until(predicate, timeout: float) -> float | None:
        t0 = time.monotonic()
        last_sweep = time.monotonic()
        while time.monotonic() - t0 < timeout:
            track()
            if predicate():
                return time.monotonic() - t0
            if time.monotonic() - last_sweep > args.sweep_every:
                sweep(args.stale_minutes)
                last_sweep = time.monotonic()
            time.sleep(0.5)
        return None

    def processing() -> set[int]:
        rows = sql("SELECT id FROM claims_article WHERE id = ANY(%s) AND status = 'processing'",
                   all_ids)  # fmt: skip
        return {row[0] for row in rows}

    def fault(name: str, inject, hit: set[int]) -> None:
        """Inject a fault now; its recovery is stamped while the run goes on."""
        at = time.monotonic()
        effect = inject()
        events.append({"fault": name, "effect": effect, "affected": len(hit), "hit": hit,
                       "at": at, "recovery_s": None})  # fmt: skip
        log(f"{name}: {effect}")

    def kill_worker() -> str:
        workers[-1].kill()
        time.sleep(1)
        workers.append(Worker(logdir))
        return "SIGKILL the worker and its pool, start a new worker"

    def terminate_backends() -> str:
        rows = sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                   "WHERE datname = %s AND pid <> pg_backend_pid()", DB_NAME)  # fmt: skip
        return f"terminated {len(rows)} PostgreSQL connections"

    def restart_redis() -> str:
        queued = broker.llen("celery")
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"],
                       check=False, capture_output=True)  # fmt: skip
        time.sleep(1)
        subprocess.run(REDIS_START, check=True)
        for _ in range(30):
            if subprocess.run(["redis-cli", "ping"], capture_output=True).returncode == 0:
                break
            time.sleep(0.5)
        return f"Redis restarted without data: {queued} queued messages lost"

    wait_until(lambda: done_count() >= len(all_ids) // 6, args.timeout)
    fault("kill worker", kill_worker, processing())
    if args.restart_redis:
        wait_until(lambda: done_count() >= len(all_ids) // 3, args.timeout)
        fault("restart Redis", restart_redis, unfinished(all_ids))
    wait_until(lambda: done_count() >= len(all_ids) // 2, args.timeout)
    fault("terminate DB connections", terminate_backends, processing())

    total = wait_until(lambda: not unfinished(all_ids), args.timeout)
    track()
    for event in events:
        del event["hit"], event["at"]
    for worker in workers:
        worker.stop()
    return {
        "events": events,
        "elapsed_s": round(time.monotonic() - started, 1),
        "finished": total is not None,
        "ids": all_ids,
        "new_ids": new_ids,
        "expected_new": len(records),
        "verdicts_before": before_verdicts,
    }


def verify(outcome: dict, sample: int) -> dict:
    from claims.extraction import DEFAULT_MODEL, extract

    ids = outcome["ids"]
    counts = statuses(ids)
    no_reason = sql("SELECT count(*) FROM claims_article WHERE id = ANY(%s) AND status = 'failed' "
                    "AND status_message = ''", ids)[0][0]  # fmt: skip
    ingested = len(outcome["new_ids"])
    rng = random.Random(11)
    checked = rng.sample(ids, min(sample, len(ids)))
    mismatched = []
    for pk in checked:
        body, status = sql("SELECT body, status FROM claims_article WHERE id = %s", pk)[0]
        if status != "done":
            continue
        result = extract(body, model=DEFAULT_MODEL)
        quotes = {(q.start, q.end) for q in result.quotes}
        claims = {(c.start, c.end) for c in result.claims}
        stored_q = sql('SELECT start, "end" FROM claims_quote WHERE article_id = %s', pk)
        stored_c = sql("SELECT start, \"end\" FROM claims_claim WHERE article_id = %s AND found "
                       "AND fingerprint NOT LIKE 'synthetic-%%'", pk)  # fmt: skip
        if (
            len(stored_q) != len(set(stored_q))
            or set(stored_q) != quotes
            or set(stored_c) != claims
        ):
            mismatched.append(pk)
    return {
        "statuses": counts,
        "failed_without_reason": no_reason,
        "ingested": ingested,
        "expected": outcome["expected_new"],
        "sampled": len(checked),
        "mismatched": mismatched,
        "verdicts": (outcome["verdicts_before"], verdict_digest()),
    }


# Report ---------------------------------------------------------------------------------------


def report(load: dict | None, faults: dict | None, checks: dict | None) -> None:
    if load:
        print(f"\nLoad: {load['seconds']} s, gunicorn -w 2, PostgreSQL")
        print(f"{'requests':<14}{'count':>8}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
              f"{'errors':>8}{'5xx':>6}  statuses")  # fmt: skip
        for row in load["rows"]:
            print(f"{row['kind']:<14}{row['requests']:>8}{row['rps']:>8.1f}{row['p50']:>9.0f}"
                  f"{row['p95']:>9.0f}{row['p99']:>9.0f}{row['errors']:>8}{row['5xx']:>6}  "
                  f"{row['statuses']}")  # fmt: skip
    if faults:
        print(f"\nFaults ({faults['elapsed_s']} s, {len(faults['ids'])} articles)")
        print(f"{'fault':<26}{'affected':>9}{'recovery s':>12}  effect")
        for event in faults["events"]:
            print(f"{event['fault']:<26}{event['affected']:>9}{event['recovery_s']!s:>12}  "
                  f"{event['effect']}")  # fmt: skip
    if checks:
        (n_before, d_before), (n_after, d_after) = checks["verdicts"]
        print("\nAfterwards")
        print(f"  statuses: {checks['statuses']} (failed without a reason: "
              f"{checks['failed_without_reason']})")  # fmt: skip
        print(f"  corpus articles stored: {checks['ingested']} of {checks['expected']}")
        print(f"  clean re-extraction of {checks['sampled']} sampled articles: "
              f"{len(checks['mismatched'])} differ {checks['mismatched'][:10]}")  # fmt: skip
        print(
            f"  verdicts: {n_before} before ({d_before}), {n_after} after ({d_after}): "
            f"{'intact' if (n_before, d_before) == (n_after, d_after) else 'CHANGED'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="load duration")
    parser.add_argument("--threads", type=int, default=8, help="load client threads")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--synthetic", type=int, default=5000, help="synthetic claims to add")
    parser.add_argument("--articles", type=int, default=200, help="corpus articles to ingest")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="news.jsonl.gz to read")
    parser.add_argument(
        "--restart-redis",
        action="store_true",
        help="restart the shared Redis (others lose their queues: warn them)",
    )
    parser.add_argument("--sweep-every", type=int, default=30, help="seconds between sweeps")
    parser.add_argument("--stale-minutes", type=int, default=1, help="reextract --stale MINUTES")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds to wait per phase")
    parser.add_argument("--verify", type=int, default=40, help="articles to re-extract and compare")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-faults", action="store_true")
    parser.add_argument(
        "--hung-broker", action="store_true", help="the hung-broker and throttle faults too"
    )
    parser.add_argument("--verdicts", type=int, default=40, help="verdicts on the hung broker")
    parser.add_argument("--rate", type=int, default=30, help="user throttle rate (per min)")
    parser.add_argument("--keep-db", action="store_true", help="leave the database for a look")
    # The load client re-runs this file with --client.
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reader", help=argparse.SUPPRESS)
    parser.add_argument("--reviewer", help=argparse.SUPPRESS)
    parser.add_argument("--claims-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        client_main(args)
        return
    sys.path.insert(0, str(ROOT))
    logdir = Path(tempfile.mkdtemp(prefix="fc-reliability-"))
    log(f"logs in {logdir}")
    seeded = setup_database(args.synthetic)
    load = None if args.skip_load else run_load(seeded, args.seconds, args.threads, args.port)
    report(load, None, None)
    faults = checks = None
    if not args.skip_faults:
        faults = run_faults(args, logdir)
        checks = verify(faults, args.verify)
    report(None, faults, checks)
    if args.hung_broker:
        import reliability_broker

        outcome = reliability_broker.run(seeded, args.port, args.verdicts, args.rate)
        print(json.dumps(outcome, indent=2))
    if not args.keep_db:
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
