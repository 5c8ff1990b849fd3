"""API fixtures: a client per role (token auth), a claim factory with plain fingerprints."""

from __future__ import annotations

import factory
import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories


class ApiClaimFactory(factories.ClaimFactory):
    """Claims with a fixed-format fingerprint, so API tests need no extraction engine."""

    fingerprint = factory.Sequence(lambda n: f"fingerprint-{n}")


@pytest.fixture(autouse=True)
def _fresh_throttles(db, settings):
    """Throttle counters live in the cache; start every test with none. The cache is the
    process's memory here, so the query counts below are the API's own: the database cache
    of a deployment without Redis adds its reads and writes to every request, and sharing the
    count across processes is tested in tests/security/test_shared_throttles.py."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def reader(readonly_token) -> APIClient:
    """An editor's token: reads everything, records no verdicts."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {readonly_token.key}")
    return client


@pytest.fixture
def plain_user(db):
    return factories.UserFactory(username="pat-plain")


@pytest.fixture
def plain_client(plain_user) -> APIClient:
    """A user in no group: may read, may not write anything."""
    return token_client(plain_user)


@pytest.fixture
def reviewer_client(reviewer_token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {reviewer_token.key}")
    return client


@pytest.fixture
def ingest_user(db):
    user = factories.UserFactory(username="ian-ingest")
    user.groups.add(Group.objects.get(name="ingest"))
    return user


@pytest.fixture
def ingest_client(ingest_user) -> APIClient:
    return token_client(ingest_user)
