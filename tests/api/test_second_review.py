"""API: POST /api/verdicts/{id}/approve/ and /return/; drafts hidden from read-only consumers."""

from __future__ import annotations

import pytest

from claims.models import VerdictReview
from tests.api.conftest import ApiClaimFactory, token_client
from tests.second_review import EVIDENCE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_review")]


@pytest.fixture
def draft_claim(db):
    return ApiClaimFactory()


def test_recording_answers_with_a_draft_and_the_claim_unchanged(reviewer):
    claim = ApiClaimFactory()
    body = {"verdict": "misleading", "evidence": EVIDENCE}
    response = token_client(reviewer).post(f"/api/claims/{claim.pk}/verdicts/", body, "json")
    assert response.status_code == 201
    assert response.json()["current_verdict"] == "unreviewed"
    assert response.json()["verdicts"][0]["status"] == "draft"


def test_second_reviewer_approves_and_the_claim_is_published(draft, second):
    response = token_client(second).post(f"/api/verdicts/{draft.pk}/approve/", {}, "json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["current_verdict"] == "misleading"
    assert body["verdicts"][0]["status"] == "approved"
    assert body["verdicts"][0]["second_review"]["reviewer"] == "bea-second"


def test_author_cannot_approve_their_own_draft(draft, reviewer):
    response = token_client(reviewer).post(f"/api/verdicts/{draft.pk}/approve/", {}, "json")
    assert response.status_code == 403
    assert not VerdictReview.objects.exists()


def test_editor_token_cannot_approve_or_return(draft, editor):
    client = token_client(editor)
    assert client.post(f"/api/verdicts/{draft.pk}/approve/", {}, "json").status_code == 403
    response = client.post(f"/api/verdicts/{draft.pk}/return/", {"note": "No."}, "json")
    assert response.status_code == 403


def test_return_needs_a_note(draft, second):
    client = token_client(second)
    assert client.post(f"/api/verdicts/{draft.pk}/return/", {}, "json").status_code == 400
    response = client.post(f"/api/verdicts/{draft.pk}/return/", {"note": "Wrong year."}, "json")
    assert response.status_code == 200
    assert response.json()["verdicts"][0]["status"] == "returned"
    again = client.post(f"/api/verdicts/{draft.pk}/approve/", {}, "json")
    assert again.status_code == 400


def test_unknown_verdict_is_a_404(second):
    assert token_client(second).post("/api/verdicts/999999/approve/", {}, "json").status_code == 404


def test_read_only_consumers_see_no_draft(draft, reader, second):
    claim_url = f"/api/claims/{draft.claim_id}/"
    body = reader.get(claim_url).json()
    assert body["current_verdict"] == "unreviewed" and body["verdicts"] == []
    assert token_client(second).get(claim_url).json()["verdicts"][0]["status"] == "draft"
    token_client(second).post(f"/api/verdicts/{draft.pk}/approve/", {}, "json")
    body = reader.get(claim_url).json()
    assert body["current_verdict"] == "misleading"
    assert [v["id"] for v in body["verdicts"]] == [draft.pk]
