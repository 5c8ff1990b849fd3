"""Two faults for bench/reliability.py (`--hung-broker`), each against gunicorn with two
workers on the bench database:

1. A hung broker: REDIS_URL points at a TCP server that accepts connections and never answers
   (Celery's broker and Django's cache alike). `--verdicts` verdicts are posted, each with an
   Idempotency-Key, then every one is sent again with its key: all must answer 201 within
   5 s, and the history must hold exactly one row per verdict.
2. The throttle across processes: with the real Redis (database 5) and a user rate of
   `--rate`/min, twice that many requests, each on a new connection so that both workers take
   some: the number answered 200 must be the rate, not twice it.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time

from reliability import PY, REDIS_URL, ROOT, env, log, percentile, sql, wait_for_http

VERDICT_WITHIN_SECONDS = 5.0
GUNICORN_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-" + "k" * 60,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
}


class HungBroker:
    """Accepts every TCP connection on 127.0.0.1 and never sends a byte."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.held: list[socket.socket] = []
        self.url = f"redis://127.0.0.1:{self.server.getsockname()[1]}/0"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                self.held.append(self.server.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        self.server.close()
        for connection in self.held:
            connection.close()


def _gunicorn(port: int, **extra: str) -> subprocess.Popen:
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "factcheck.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--timeout", "60"],
        cwd=ROOT, env=env(**GUNICORN_ENV, **extra), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    wait_for_http(port)
    return server


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def _post_verdict(port: int, token: str, claim: int, key: str) -> tuple[int, float]:
    body = json.dumps({"verdict": "misleading", "evidence": ["https://data.example.org/x"]})
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json",
               "Host": "127.0.0.1", "Idempotency-Key": key}  # fmt: skip
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", f"/api/claims/{claim}/verdicts/", body=body, headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status, time.monotonic() - started


def hung_broker(seeded: dict, port: int, verdicts: int) -> dict:
    broker = HungBroker()
    claims = seeded["claims"][:verdicts]
    before = sql("SELECT count(*) FROM claims_verdict")[0][0]
    server = _gunicorn(port, REDIS_URL=broker.url, API_THROTTLE_USER="1000000/min")
    try:
        log(f"hung broker: {len(claims)} verdicts, then each again with its Idempotency-Key")
        first = [_post_verdict(port, seeded["reviewer"], c, f"bench-{c}") for c in claims]
        again = [_post_verdict(port, seeded["reviewer"], c, f"bench-{c}") for c in claims]
    finally:
        _stop(server)
        broker.close()
    rows = sql("SELECT count(*) FROM claims_verdict")[0][0] - before
    times = [seconds for _, seconds in first + again]
    return {
        "verdicts": len(claims),
        "first_201": sum(status == 201 for status, _ in first),
        "retry_201": sum(status == 201 for status, _ in again),
        "within_5s": sum(seconds <= VERDICT_WITHIN_SECONDS for seconds in times),
        "p50_ms": percentile(times, 0.5),
        "p95_ms": percentile(times, 0.95),
        "max_ms": max(times) * 1000,
        "rows_written": rows,
        "broker_connections": len(broker.held),
    }


def throttle_across_workers(seeded: dict, port: int, rate: int) -> dict:
    server = _gunicorn(port, REDIS_URL=REDIS_URL, API_THROTTLE_USER=f"{rate}/min")
    statuses: list[int] = []
    try:
        log(f"throttle: {2 * rate} requests at {rate}/min, a new connection each")
        for _ in range(2 * rate):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/api/claims/",
                         headers={"Authorization": f"Token {seeded['reader']}",
                                  "Host": "127.0.0.1"})  # fmt: skip
            statuses.append(conn.getresponse().status)
            conn.close()
    finally:
        _stop(server)
    return {
        "rate_per_min": rate,
        "requests": len(statuses),
        "answered_200": statuses.count(200),
        "answered_429": statuses.count(429),
    }


def run(seeded: dict, port: int, verdicts: int, rate: int) -> dict:
    return {
        "hung_broker": hung_broker(seeded, port, verdicts),
        "throttle": throttle_across_workers(seeded, port, rate),
    }
