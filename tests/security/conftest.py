"""Security fixtures: a user in the `ingest` group, fresh throttle counters per test, and the
webhook receiver of tests/test_webhooks.py (a real HTTP server on 127.0.0.1)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from tests import factories
from tests.test_webhooks import receiver  # noqa: F401 - a fixture, shared with these tests


@pytest.fixture(autouse=True)
def _fresh_throttles(db):
    """API throttle counters live in the cache; start every test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ingest_user(db):
    user = factories.UserFactory(username="ian-ingest")
    user.groups.add(Group.objects.get(name="ingest"))
    return user


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are made by the hundred here; MD5 keeps that cheap (the real hasher is tested
    by the sign-in tests' use of the same code path)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
