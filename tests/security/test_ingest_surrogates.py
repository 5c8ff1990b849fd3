"""Lone surrogates ("\\ud800", valid JSON, not valid Unicode) in an uploaded JSON Lines file:
a 400 naming the problem, never a 500, and nothing stored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

TEXT = "The minister said on Monday that 14 hospitals would open by 2025."
SURROGATE = "\\ud800"  # as written in the JSON text


def _line(field: str) -> bytes:
    fields = {"title": "Hospitals", "url": "https://news.example.org/a", "source": "Wire"}
    fields[field] = f"bad {SURROGATE} value" if field != "url" else f"https://x.org/{SURROGATE}"
    pairs = ", ".join(f'"{k}": "{v}"' for k, v in fields.items())
    return ("{" + pairs + f', "text": "{TEXT}"' + "}\n").encode()


@pytest.mark.parametrize("field", ["title", "url", "source"])
def test_api_upload_with_a_lone_surrogate_is_a_400_naming_it(ingest_user, field):
    upload = SimpleUploadedFile("one.jsonl", _line(field))
    response = token_client(ingest_user).post(
        "/api/articles/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400, response.content
    assert "not valid Unicode" in str(response.json()["file"])
    assert not Article.objects.exists()


@pytest.mark.parametrize("field", ["title", "url", "source"])
def test_web_form_upload_with_a_lone_surrogate_is_a_400_naming_it(client, ingest_user, field):
    client.force_login(ingest_user)
    upload = SimpleUploadedFile("one.jsonl", _line(field))
    response = client.post(reverse("claims:article_new"), {"file": upload})
    assert response.status_code == 400
    assert "not valid Unicode" in response.content.decode()
    assert not Article.objects.exists()
