"""Reliability fixtures: the API's `ingest` user."""

from tests.api.conftest import ingest_user  # noqa: F401 - a fixture, shared with these tests
