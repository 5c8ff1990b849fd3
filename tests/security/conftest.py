"""Security fixtures: a user in the `ingest` group, and fresh throttle counters per test."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _fresh_throttles():
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
