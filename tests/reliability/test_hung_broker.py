"""A broker that accepts connections but never answers (hung, overloaded, a half-open
connection): every publish gives up after a short socket timeout, like a refused connection,
so requests answer at once with their rows stored and flagged for the sweeps; and a verdict
sent again with the same Idempotency-Key is recorded once."""

from __future__ import annotations

import contextlib
import signal
import socket
import threading

import pytest
from kombu import pools

from claims.models import Article, DeliveryStatus, ExtractionStatus, Verdict, WebhookDelivery
from claims.services import webhook_subscription_create
from factcheck.celery import app
from tests.api.conftest import token_client
from tests.grouping import claim

pytestmark = pytest.mark.django_db

# Not a speed check: on a hung broker without socket timeouts a publish never returns, and
# the test would hang instead of failing.
HANG_GUARD_SECONDS = 60
EVIDENCE = ["https://stats.example.org/march"]


class HungBroker:
    """A TCP server on 127.0.0.1 that accepts every connection and never sends a byte."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.connections: list[socket.socket] = []
        self.url = f"redis://127.0.0.1:{self.server.getsockname()[1]}/0"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:  # closed
                return
            self.connections.append(connection)

    def close(self) -> None:
        self.server.close()
        for connection in self.connections:
            connection.close()


@contextlib.contextmanager
def _hang_guard():
    """Fail (instead of hanging) when a call on the hung broker never returns."""

    def hung(signum, frame):
        raise AssertionError(f"a call on the broker hung for {HANG_GUARD_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG_GUARD_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _reset_pools() -> None:
    """Forget pooled broker connections, so that the next publish connects to the new URL."""
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def hung_broker():
    """Tasks go to the hung broker (not run eagerly) while the test runs."""
    broker = HungBroker()
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.CELERY_BROKER_URL = broker.url
    app.conf.CELERY_TASK_ALWAYS_EAGER = False
    _reset_pools()

    try:
        with _hang_guard():
            yield broker
    finally:
        app.conf.CELERY_BROKER_URL, app.conf.CELERY_TASK_ALWAYS_EAGER = saved
        _reset_pools()
        broker.close()


def test_a_verdict_posted_during_a_hung_broker_is_201_and_its_delivery_flagged(
    hung_broker, editor, reviewer, django_capture_on_commit_callbacks
):
    webhook_subscription_create(owner=editor, url="https://hooks.example.org/x")
    target = claim("Unemployment fell to 3.5 percent in March.")
    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(reviewer).post(
            f"/api/claims/{target.pk}/verdicts/",
            {"verdict": "contradicted", "evidence": EVIDENCE},
            format="json",
        )
    assert response.status_code == 201, response.content
    assert hung_broker.connections, "the publish never reached the broker"
    assert Verdict.objects.count() == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert "webhooks_retry" in delivery.error


def test_an_article_posted_during_a_hung_broker_is_stored_pending_with_a_message(
    hung_broker, django_capture_on_commit_callbacks, ingest_user
):
    text = "The minister said on Monday that 14 hospitals would open by 2025."
    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(ingest_user).post("/api/articles/", {"text": text}, format="json")
    assert response.status_code in (201, 202), response.content
    article = Article.objects.get()
    assert article.status == ExtractionStatus.PENDING
    assert "reextract --pending" in article.status_message


def test_the_cache_on_a_hung_redis_fails_open_and_is_skipped_for_a_while():
    """Throttle counts live in Redis too: a hung Redis makes a read a miss and a write a
    no-op after one socket timeout, then the cache is skipped (requests go on)."""
    from claims.cache import FailOpenRedisCache

    broker = HungBroker()
    try:
        cache = FailOpenRedisCache(broker.url, {"OPTIONS": {"socket_timeout": 0.5}})
        with _hang_guard():
            assert cache.get("throttle_user_1", []) == []
            tried = len(broker.connections)
            cache.set("throttle_user_1", [1.0], 60)
            assert cache.add("failures:x", 0, 60) is False
            with pytest.raises(ValueError):
                cache.incr("failures:x")
        assert tried >= 1 and len(broker.connections) == tried  # skipped after the failure
    finally:
        broker.close()
