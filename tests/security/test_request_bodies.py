"""Request bodies the server cannot read as sent: refused with a clear 4xx, never misread."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import Article
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

CHUNKED_BODY = b'{"text": "The minister said 14 hospitals would open by 2025."}'


@pytest.mark.parametrize("path", ["/api/articles/", "/articles/new/"])
def test_a_chunked_post_without_content_length_is_a_411_not_an_empty_body(ingest_user, path):
    """Django reads a body of Content-Length bytes; a chunked body has none, so it was read
    as empty and answered "text: This field is required"."""
    client: APIClient = token_client(ingest_user)
    client.force_login(ingest_user)
    response = client.generic(
        "POST",
        path,
        CHUNKED_BODY,
        content_type="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_LENGTH="",
    )
    assert response.status_code == 411, response.content
    assert b"Content-Length" in response.content
    assert not Article.objects.exists()


def test_a_post_with_content_length_is_read_as_before(ingest_user):
    response = token_client(ingest_user).generic(
        "POST", "/api/articles/", CHUNKED_BODY, content_type="application/json"
    )
    assert response.status_code == 202
