"""HTML-bomb fault: p95 of other requests while two 1.9 MB HTML bombs are uploading.

    .venv/bin/python bench/html_bomb.py [--root PATH] [--seconds 40] [--rounds 4] [--worker]
        [--rate 10] [--workers N] [--threads N] [--worker-class sync|gthread]
        [--database NAME] [--redis-url URL] [--port N]

A bomb is a web page of 33,000 short paragraphs, each holding a date (1.87 MB). Before the
fix, trafilatura's extraction and metadata passes took 30 s or more on one inside the
request, until gunicorn killed the worker, and two at once stalled the login page. An upload
is now stored as sent and read by the Celery worker (claims.services.uploads).

This starts gunicorn as deployed (the checkout's gunicorn.conf.py; `--workers`, `--threads`
and `--worker-class` override it; DEBUG=0) on PostgreSQL (database `--database`, recreated)
with Redis (`--redis-url`) as the broker, and with `--worker` a real Celery worker (one
process, started in its own session as a service manager would) that reads and extracts the
bombs; without it extraction stays queued. It measures two pages, the login page and a page
of the API's article list, one client each sending `--rate` requests a second (0: back to
back), alone and while two clients post bombs to /api/articles/ back to back, the two
conditions alternating `--rounds` times (other users' load on a shared machine comes and
goes; alternating spreads it over both conditions). It prints p50/p95 of each page, the
bombs' answers and times, the CPU seconds each part used under each condition (gunicorn, the
worker, the bench's clients, this database's PostgreSQL backends, and the whole machine,
other users included), and the articles' statuses at the end (the Redis database is flushed
at the end). The bomb clients are processes of their own, so that
building and sending 1.9 MB does not hold the probes' GIL: what is measured is the server.
`--root` runs another checkout's code (e.g. /work/main before the fix) for a before figure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
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
PROBE_PATH = "/accounts/login/"  # gunicorn is serving once this answers
# The pages measured, one client each: (name, path, sent with the ingest user's token). The
# article list shows extracted articles only, a page of those stored before the run, so that
# both phases list the same rows (the bombs stay pending).
PROBES = (
    ("login page", "/accounts/login/", False),
    ("article list API", "/api/articles/?status=done", True),
)
LISTED_ARTICLES = 60  # more than a page
WARM_UP_CLIENTS = 8  # per page: at least one request reaches every web process
WARM_UP_SECONDS = 15
# Requests a second to each page: the traffic of people using the site while the bombs come,
# not a second load test (back to back, the two pages alone keep the web processes busy, and
# then any other work, however small, shows as their latency).
PROBE_RATE = 10
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


TOKEN_SCRIPT = f"""
import datetime as dt
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from django.contrib.auth import get_user_model
from claims.models import Article
Article.objects.bulk_create(
    Article(title=f"Listed article {{n}}", body=f"Text of article {{n}}.", status="done",
            published=dt.date(2024, 1, 1) + dt.timedelta(days=n))
    for n in range({LISTED_ARTICLES})
)
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


TAG = "@@TAG@@@"  # 8 characters, like the tag that replaces it


def bomb_template() -> bytes:
    paragraphs = "".join(
        f"<p>Item {n} ({TAG}) was seen on 2021-03-{n % 28 + 1:02d} here.</p>"
        for n in range(BOMB_PARAGRAPHS)
    )
    return f"<html><head><title>Bomb {TAG}</title></head><body>{paragraphs}</body></html>".encode()


def bomb(template: bytes | None = None) -> bytes:
    """A new bomb: every one holds a new tag, so each is a new article, never a duplicate."""
    return (template or bomb_template()).replace(TAG.encode(), uuid.uuid4().hex[:8].encode())


def multipart(data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bomb.html"\r\n'
        "Content-Type: text/html\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), boundary


def probe(
    stop: threading.Event,
    path: str,
    headers: dict[str, str],
    times: list[float],
    errors: list,
    rate: float,
) -> None:
    """Request `path` `rate` times a second (back to back if 0) until `stop` is set.

    A paced request's time runs from when it was due, not from when it was sent, so a
    request held up by a slow one before it counts its wait too.
    """
    due = time.monotonic()
    while not stop.is_set():
        if rate:
            time.sleep(max(0.0, due - time.monotonic()))
        started = due if rate else time.monotonic()
        due += 1 / rate if rate else 0
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
            response = conn.getresponse()
            response.read()
            status = response.status
        except OSError:
            status = 0
        times.append(time.monotonic() - started)
        if status != 200:
            errors.append(status)


def post_bombs(stop, token: str, results) -> None:
    """One bomb client (a process): posts bombs back to back until `stop` is set."""
    template = bomb_template()
    while not stop.is_set():
        body, boundary = multipart(bomb(template))
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
        results.put((status, time.monotonic() - started))


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


def warm_up(token: str) -> None:
    """Send each page to every web process before measuring: a process loads the URLconf, and
    with it the NLP imports, on its first request (seconds), which would otherwise stall the
    paced probes of the first window and inflate the baseline."""
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=probe,
            args=(stop, path, {"Authorization": f"Token {token}"} if auth else {}, [], [], 0),
        )
        for name, path, auth in PROBES
        for _ in range(WARM_UP_CLIENTS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(WARM_UP_SECONDS)
    stop.set()
    for thread in threads:
        thread.join()


def summary(times: list[float], errors: list) -> dict:
    ordered = sorted(times)
    return {
        "requests": len(times),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1),
        "errors": len(errors),
    }


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_by_process(sessions: dict[str, int], pids: set[int]) -> dict[int, tuple[str, float]]:
    """CPU seconds used so far by each process of the named sessions, of `pids` (the bench's
    clients), and of this database's PostgreSQL backends, with the part each belongs to."""
    owner = {sid: name for name, sid in sessions.items()}
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # it ended meanwhile
            continue
        pid, ours = int(entry.name), f" {DB_NAME} ".encode() in cmdline
        name = "bench clients" if pid in pids else owner.get(int(fields[3]))
        if name is None and cmdline.startswith(b"postgres: ") and ours:
            name = "postgres"
        if name:
            found[pid] = (name, (int(fields[11]) + int(fields[12])) / CLOCK_TICKS)
    return found


def machine_busy_seconds() -> float:
    """CPU seconds every core of the machine has been busy (any user), from /proc/stat."""
    busy = Path("/proc/stat").read_text().split("\n")[0].split()[1:]
    return (sum(map(int, busy)) - int(busy[3]) - int(busy[4])) / CLOCK_TICKS


def cpu_used(before: dict, after: dict, parts: list[str]) -> dict[str, float]:
    """CPU seconds each part used between two `cpu_by_process` readings (a process that ended
    in between is left out)."""
    used = dict.fromkeys(parts, 0.0)
    for pid, (name, seconds) in after.items():
        used[name] += seconds - before.get(pid, (name, 0.0))[1]
    return used


def measure(seconds: float, token: str, bombs: bool, sessions: dict[str, int], rate: float) -> dict:
    """Each page's figures over `seconds`, with two bomb clients posting if `bombs`, and the
    CPU seconds each part used meanwhile (`sessions`: name -> session id)."""
    stop = threading.Event()
    pages = {name: ([], []) for name, _, _ in PROBES}
    threads = [
        threading.Thread(
            target=probe,
            args=(
                stop,
                path,
                {"Authorization": f"Token {token}"} if auth else {},
                *pages[name],
                rate,
            ),
        )
        for name, path, auth in PROBES
    ]
    forked = multiprocessing.get_context("fork")
    stop_bombs, answers = forked.Event(), forked.Queue()
    clients = [
        forked.Process(target=post_bombs, args=(stop_bombs, token, answers))
        for _ in range(BOMB_CLIENTS if bombs else 0)
    ]
    for client in clients:
        client.start()
    for thread in threads:
        thread.start()
    pids = {os.getpid(), *(client.pid for client in clients)}
    before, busy = cpu_by_process(sessions, pids), machine_busy_seconds()
    time.sleep(seconds)
    # Read before the bomb clients end and take their figures along.
    after, busy = cpu_by_process(sessions, pids), machine_busy_seconds() - busy
    stop.set()
    stop_bombs.set()
    for thread in threads:
        thread.join()
    results = []
    while any(client.is_alive() for client in clients) or not answers.empty():
        try:
            results.append(answers.get(timeout=1))
        except Exception:  # noqa: BLE001 - queue.Empty: the clients are finishing their post
            continue
    for client in clients:
        client.join()
    return {
        "pages": pages,
        "bombs": results,
        "cpu_seconds": {
            **cpu_used(before, after, [*sessions, "bench clients", "postgres"]),
            "machine": busy,
        },
    }


def merge(windows: list[dict]) -> dict:
    """The figures of one condition over all its windows."""
    figures = {}
    for name, _, _ in PROBES:
        times = [t for window in windows for t in window["pages"][name][0]]
        errors = [e for window in windows for e in window["pages"][name][1]]
        figures[name] = summary(times, errors)
    figures["cpu_seconds"] = {
        name: round(sum(window["cpu_seconds"][name] for window in windows), 1)
        for name in windows[0]["cpu_seconds"]
    }
    answers = [answer for window in windows for answer in window["bombs"]]
    if answers:
        codes: dict[int, int] = {}
        for status, _ in answers:
            codes[status] = codes.get(status, 0) + 1
        seconds = sorted(round(t, 2) for _, t in answers)
        figures["bomb_statuses"] = codes
        figures["bomb_seconds"] = {
            "min": seconds[0], "median": statistics.median(seconds), "max": seconds[-1]
        }  # fmt: skip
    return figures


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
    global DB_NAME, REDIS_URL, PORT
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve")
    parser.add_argument("--seconds", type=float, default=40, help="of each condition, in all")
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="alternations of the two conditions, so that the machine's other load falls on both",
    )
    parser.add_argument("--worker", action="store_true", help="run a real Celery worker too")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py)")
    parser.add_argument(
        "--threads", type=int, help="threads per gunicorn worker (default: gunicorn.conf.py)"
    )
    parser.add_argument(
        "--worker-class", help="gunicorn worker class, sync or gthread (default: gunicorn.conf.py)"
    )
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument(
        "--rate",
        type=float,
        default=PROBE_RATE,
        help="requests a second to each page (0: back to back, as many as the server answers)",
    )
    parser.add_argument("--database", default=DB_NAME, help="PostgreSQL database (recreated)")
    parser.add_argument("--redis-url", default=REDIS_URL, help="broker (flushed at the end)")
    args = parser.parse_args()
    DB_NAME, REDIS_URL, PORT = args.database, args.redis_url, args.port
    token = setup(args.root)
    worker = None
    if args.worker:
        worker = start_worker(args.root, Path(f"/tmp/html_bomb_worker_{os.getpid()}.log"))
    overrides = []
    if args.workers:
        overrides += ["--workers", str(args.workers)]
    if args.threads:
        overrides += ["--threads", str(args.threads)]
    if args.worker_class:
        overrides += ["--worker-class", args.worker_class]
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "factcheck.wsgi", *overrides, "-b", f"127.0.0.1:{PORT}",
         "--log-level", "warning"],
        cwd=args.root, env=env(args.root), start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_serving()
        warm_up(token)
        pages = ", ".join(path for _, path, _ in PROBES)
        window = args.seconds / args.rounds
        log(f"{args.rounds} rounds of {window:.0f} s on {pages} alone, then {window:.0f} s "
            f"while {BOMB_CLIENTS} clients post bombs back to back")  # fmt: skip
        sessions = {"gunicorn": server.pid, **({"celery worker": worker.pid} if worker else {})}
        windows: dict[bool, list[dict]] = {False: [], True: []}
        for _ in range(args.rounds):
            for bombs in (False, True):
                windows[bombs].append(
                    measure(window, token, bombs=bombs, sessions=sessions, rate=args.rate)
                )
        statuses = article_statuses()
    finally:
        stop(server)
        stop(worker)
        subprocess.run(["redis-cli", "-u", REDIS_URL, "FLUSHDB"], capture_output=True)
    alone, loaded = merge(windows[False]), merge(windows[True])
    print(json.dumps({"alone": alone, "with_bombs": loaded, "articles": statuses}))
    for name, _, _ in PROBES:
        before, during = alone[name]["p95_ms"], loaded[name]["p95_ms"]
        ratio = during / before if before else float("nan")
        print(f"{name}: p95 {before} ms alone, {during} ms with bombs ({ratio:.2f}x)")


if __name__ == "__main__":
    main()
