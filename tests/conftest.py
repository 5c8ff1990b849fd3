"""Shared fixtures: users in each role, API clients, and the service markers.

Tests marked `postgres` or `redis` need those services over real connections. Without them
they skip with the reason, unless REQUIRE_SERVICES=1 (set by .ci/run) turns the skip into a
failure.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from tests import factories

pytest_plugins = ["tests.second_review"]  # fixtures shared by the second-review tests

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}


def _redis_available() -> tuple[bool, str]:
    url = os.environ.get("REDIS_URL")
    if not url:
        return False, "REDIS_URL is not set"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:  # any failure to connect means the service is unusable
        return False, f"Redis at {url} does not answer: {exc}"
    return True, ""


def _postgres_available() -> tuple[bool, str]:
    if not settings.USING_POSTGRES:
        return False, "DATABASE_URL does not point at PostgreSQL"
    return True, ""


_CHECKS = {"redis": _redis_available, "postgres": _postgres_available}
_results: dict[str, tuple[bool, str]] = {}


def pytest_runtest_setup(item):
    for marker, check in _CHECKS.items():
        if marker not in item.keywords:
            continue
        ok, reason = _results.setdefault(marker, check())
        if ok:
            continue
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(f"{marker} unavailable: {reason}")


@pytest.fixture(autouse=True)
def celery_eager():
    """Run Celery tasks in-process, the same code path as without REDIS_URL.

    With REDIS_URL set (CI) tasks would otherwise go to a broker no worker reads. Tests that
    run a real worker override this fixture with one of the same name (tests/test_worker.py).
    """
    from factcheck.celery import app

    # The app reads Django settings with the CELERY_ namespace, so the namespaced key is the
    # one that counts: setting `app.conf.task_always_eager` would be silently ignored.
    saved = app.conf.task_always_eager
    app.conf.CELERY_TASK_ALWAYS_EAGER = True
    assert app.conf.task_always_eager
    yield
    app.conf.CELERY_TASK_ALWAYS_EAGER = saved


@pytest.fixture(autouse=True)
def dashboard_uncached(settings):
    """The dashboard's totals are read fresh: a cached summary would outlive the test's rows
    (tests/views/test_dashboard.py turns the cache on where it tests it)."""
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def claim_index_in_memory(settings):
    """Each test starts with an empty in-memory claim vector index (no shared file)."""
    import sys

    settings.CLAIM_INDEX_PATH = ""
    module = sys.modules.get("claims.services.claim_index")
    if module is not None:
        module.claim_index_reset()
    yield


@pytest.fixture(autouse=True)
def broker_up(monkeypatch):
    """Each test starts with the broker not being skipped (claims.services.broker): a test
    that made a publish fail must not make the next one's publishes skip the broker."""
    from claims.services import broker

    monkeypatch.setattr(broker, "_down", (0.0, ""))


@pytest.fixture
def reviewer(db):
    return factories.UserFactory(username="rita-reviewer", roles=["reviewers"])


@pytest.fixture
def colleague(db):
    """A second reviewer, for hand-overs between reviewers."""
    return factories.UserFactory(username="carl-colleague", roles=["reviewers"])


@pytest.fixture
def editor(db):
    return factories.UserFactory(username="ed-editor", roles=["editors"])


@pytest.fixture
def staff(db):
    return factories.UserFactory(username="sam-staff", is_staff=True, is_superuser=True)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def readonly_token(editor):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=editor)


@pytest.fixture
def reviewer_token(reviewer):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=reviewer)
