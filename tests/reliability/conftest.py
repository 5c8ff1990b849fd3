"""Reliability fixtures: the API's `ingest` user and the webhook receiver (a real HTTP server
on 127.0.0.1, from tests/test_webhooks.py)."""

from tests.api.conftest import ingest_user  # noqa: F401 - a fixture, shared with these tests
from tests.test_webhooks import receiver  # noqa: F401 - a fixture, shared with these tests
