"""HTML-bomb fault: p95 of other requests while two 1.9 MB HTML bombs are uploading.

    .venv/bin/python bench/html_bomb.py [--root PATH] [--seconds 40] [--worker] [--threads N]
        [--database NAME] [--redis-url URL]

A bomb is a web page of 33,000 short paragraphs, each holding a date (1.87 MB). Before the
fix, trafilatura's extraction and metadata passes took 30 s or more on one inside the
request, until gunicorn killed the worker, and two at once stalled the login page. An upload
is now stored as sent and read by the Celery worker (claims.services.uploads).

This starts gunicorn (2 workers, sync, or gthread with `--threads`; DEBUG=0) on PostgreSQL
(database `--database`, recreated) with Redis (`--redis-url`) as the broker, and with
`--worker` a real Celery worker (one process, as `make run` starts it) that reads and extracts
the bombs; without it extraction stays queued. It measures the login page alone, then again
while two clients post bombs to /api/articles/ back to back, and prints p50/p95 of each, the
bombs' answers and times, and the articles' statuses at the end (the Redis database is
flushed at the end).
`--root` runs another checkout's code (e.g. /work/main before the fix) for a before figure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "fc_ingest_bench"
REDIS_URL = "redis://127.0.0.1:6379/1"
WORKER_READY_SECONDS = 180  # the worker loads the spaCy model before its first task
PORT = 8231
BOMB_PARAGRAPHS = 33_000
PROBE_PATH = "/accounts/login/"
PROBE_THREADS = 2
BOMB_CLIENTS = 2
PY = sys.executable


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def env(root: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return {
        **base, "DATABASE_URL": f"{SERVER}/{DB_NAME}", "REDIS_URL": REDIS_URL, "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k" * 60, "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "API_THROTTLE_USER": "1000000/min",
        "API_THROTTLE_ANON": "1000000/min", "PYTHONPATH": str(root),
    }  # fmt: skip


TOKEN_SCRIPT = """
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from django.contrib.auth import get_user_model
user = get_user_model().objects.create_user("bench-ingest")
user.groups.add(Group.objects.get(name="ingest"))
print(Token.objects.create(user=user).key)
"""


def setup(root: Path) -> str:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    # DEBUG=0 serves the login page's stylesheet through the collected manifest.
    steps = (
        ["collectstatic", "--noinput"],
        ["migrate", "--noinput"],
        ["shell", "-c", TOKEN_SCRIPT],
    )
    for args in steps:
        out = subprocess.run(
            [PY, "manage.py", *args], cwd=root, env=env(root), capture_output=True, text=True
        )
        if out.returncode:
            raise SystemExit(out.stderr[-3000:])
    return out.stdout.strip().splitlines()[-1]


def bomb() -> bytes:
    tag = uuid.uuid4().hex[:8]  # every bomb a new article, never a duplicate
    paragraphs = "".join(
        f"<p>Item {n} ({tag}) was seen on 2021-03-{n % 28 + 1:02d} here.</p>"
        for n in range(BOMB_PARAGRAPHS)
    )
    return f"<html><head><title>Bomb {tag}</title></head><body>{paragraphs}</body></html>".encode()


def multipart(data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bomb.html"\r\n'
        "Content-Type: text/html\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), boundary


def probe(stop: threading.Event, times: list[float], errors: list[int]) -> None:
    while not stop.is_set():
        started = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            conn.request("GET", PROBE_PATH, headers={"Host": "127.0.0.1"})
            status = conn.getresponse().status
        except OSError:
            status = 0
        times.append(time.monotonic() - started)
        if status != 200:
            errors.append(status)


def post_bombs(stop: threading.Event, token: str, results: list[tuple[int, float]]) -> None:
    while not stop.is_set():
        body, boundary = multipart(bomb())
        started = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
            conn.request("POST", "/api/articles/", body=body, headers={
                "Host": "127.0.0.1", "Authorization": f"Token {token}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            })  # fmt: skip
            status = conn.getresponse().status
        except OSError:
            status = 0
        results.append((status, time.monotonic() - started))


def wait_until_serving(timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            conn.request("GET", PROBE_PATH, headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


def measure(seconds: float, token: str | None) -> dict:
    stop = threading.Event()
    times: list[float] = []
    errors: list[int] = []
    bombs: list[tuple[int, float]] = []
    threads = [
        threading.Thread(target=probe, args=(stop, times, errors)) for _ in range(PROBE_THREADS)
    ]
    if token:
        threads += [
            threading.Thread(target=post_bombs, args=(stop, token, bombs))
            for _ in range(BOMB_CLIENTS)
        ]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    ordered = sorted(times)
    return {
        "requests": len(times),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1),
        "errors": len(errors),
        "bombs": [{"status": s, "seconds": round(t, 2)} for s, t in bombs],
    }


def start_worker(root: Path, log_path: Path) -> subprocess.Popen:
    """A real Celery worker, one process; returns once it has loaded the extraction model."""
    worker = subprocess.Popen(
        [PY, "-m", "celery", "-A", "factcheck", "worker", "-l", "info", "-c", "1",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=root, env=env(root), start_new_session=True,
        stdout=log_path.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + WORKER_READY_SECONDS
    while time.monotonic() < deadline:
        if "Extraction model" in log_path.read_text(errors="replace"):
            return worker
        if worker.poll() is not None:
            raise SystemExit(log_path.read_text(errors="replace")[-3000:])
        time.sleep(1)
    raise SystemExit("the worker did not load its model in time")


def article_statuses() -> dict[str, int]:
    import psycopg

    with psycopg.connect(f"{SERVER}/{DB_NAME}") as conn:
        rows = conn.execute("SELECT status, count(*) FROM claims_article GROUP BY status")
        return {status: count for status, count in rows}


def stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def main() -> None:
    global DB_NAME, REDIS_URL
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve")
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--worker", action="store_true", help="run a real Celery worker too")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per gunicorn worker (gthread above 1)"
    )
    parser.add_argument("--database", default=DB_NAME, help="PostgreSQL database (recreated)")
    parser.add_argument("--redis-url", default=REDIS_URL, help="broker (flushed at the end)")
    args = parser.parse_args()
    DB_NAME, REDIS_URL = args.database, args.redis_url
    token = setup(args.root)
    worker = None
    if args.worker:
        worker = start_worker(args.root, Path(f"/tmp/html_bomb_worker_{os.getpid()}.log"))
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "factcheck.wsgi", "-w", "2", "--threads", str(args.threads),
         "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=args.root, env=env(args.root), start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_serving()
        log(f"baseline: {PROBE_THREADS} clients on {PROBE_PATH} for {args.seconds} s")
        alone = measure(args.seconds, None)
        log(f"with {BOMB_CLIENTS} clients posting bombs back to back for {args.seconds} s")
        loaded = measure(args.seconds, token)
        statuses = article_statuses()
    finally:
        stop(server)
        stop(worker)
        subprocess.run(["redis-cli", "-u", REDIS_URL, "FLUSHDB"], capture_output=True)
    codes: dict[int, int] = {}
    for answer in loaded.pop("bombs"):
        codes[answer["status"]] = codes.get(answer["status"], 0) + 1
        loaded.setdefault("bomb_seconds", []).append(answer["seconds"])
    loaded["bomb_statuses"] = codes
    print(json.dumps({"alone": alone, "with_bombs": loaded, "articles": statuses}))
    ratio = loaded["p95_ms"] / alone["p95_ms"] if alone["p95_ms"] else float("nan")
    print(f"p95 {alone['p95_ms']} ms alone, {loaded['p95_ms']} ms with bombs ({ratio:.2f}x)")


if __name__ == "__main__":
    main()
