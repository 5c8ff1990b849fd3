"""API: POST /api/claims/{id}/assign/, `assignee` on claims and the `?assignee=` filter."""

from __future__ import annotations

import pytest

from claims.models import ClaimEvent
from claims.services import claim_assign
from tests.api.conftest import ApiClaimFactory, token_client

pytestmark = pytest.mark.django_db


def _url(claim) -> str:
    return f"/api/claims/{claim.pk}/assign/"


def test_reviewer_takes_a_claim_and_the_claim_shows_its_assignee(reviewer):
    claim = ApiClaimFactory()
    response = token_client(reviewer).post(_url(claim), {"reviewer": reviewer.username}, "json")
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == reviewer.username
    assert ClaimEvent.objects.filter(claim=claim, actor=reviewer).count() == 1


def test_editor_assigns_and_releases_with_null(editor, reviewer):
    claim = ApiClaimFactory()
    client = token_client(editor)
    assert client.post(_url(claim), {"reviewer": reviewer.username}, "json").status_code == 200
    response = client.post(_url(claim), {"reviewer": None}, "json")
    assert response.status_code == 200
    assert response.json()["assignee"] is None


def test_unknown_or_non_reviewer_username_is_a_400(editor):
    claim = ApiClaimFactory()
    client = token_client(editor)
    for name in ("nobody-here", editor.username):
        response = client.post(_url(claim), {"reviewer": name}, "json")
        assert response.status_code == 400
        assert "reviewer" in response.json()


def test_missing_reviewer_key_is_a_400(editor):
    response = token_client(editor).post(_url(ApiClaimFactory()), {}, "json")
    assert response.status_code == 400


def test_reviewer_cannot_take_a_colleagues_claim(reviewer, colleague, editor):
    claim = ApiClaimFactory()
    claim_assign(claim=claim, by=editor, reviewer=colleague)
    response = token_client(reviewer).post(_url(claim), {"reviewer": reviewer.username}, "json")
    assert response.status_code == 400
    assert "in progress by carl-colleague" in response.content.decode()
    response = token_client(reviewer).post(_url(claim), {"reviewer": colleague.username}, "json")
    assert response.status_code == 403


def test_assign_of_a_missing_claim_is_a_404(editor):
    assert token_client(editor).post("/api/claims/999999/assign/", {}, "json").status_code == 404


def test_assignee_filter_takes_a_username_or_none(reader, editor, reviewer):
    mine, free = ApiClaimFactory(), ApiClaimFactory()
    claim_assign(claim=mine, by=editor, reviewer=reviewer)
    ids = lambda r: [row["id"] for row in r.json()["results"]]  # noqa: E731
    assert ids(reader.get(f"/api/claims/?assignee={reviewer.username}")) == [mine.pk]
    assert ids(reader.get("/api/claims/?assignee=none")) == [free.pk]
    bad = reader.get("/api/claims/?assignee=not-a-reviewer")
    assert bad.status_code == 400
    assert "assignee" in bad.json()
