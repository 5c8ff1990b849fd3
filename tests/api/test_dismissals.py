"""POST /api/claims/{id}/dismiss/ and /restore/, and ?dismissed= on the claim list."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimDismissal
from tests.api.conftest import ApiClaimFactory

pytestmark = pytest.mark.django_db


def dismiss_url(claim: Claim) -> str:
    return f"/api/claims/{claim.pk}/dismiss/"


def restore_url(claim: Claim) -> str:
    return f"/api/claims/{claim.pk}/restore/"


def test_reviewer_dismisses_with_reason_and_note(reviewer_client, reviewer):
    claim = ApiClaimFactory()
    response = reviewer_client.post(
        dismiss_url(claim), {"reason": "not_checkworthy", "note": "Match score."}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["claim"] == claim.pk and body["dismissed"] is True
    assert body["dismissed_reason"] == "not_checkworthy"
    [entry] = body["dismissals"]
    assert entry["action"] == "dismiss" and entry["note"] == "Match score."
    assert entry["reviewer"] == reviewer.username
    claim.refresh_from_db()
    assert claim.dismissed_reason == "not_checkworthy"


def test_repeating_the_dismissal_answers_the_same_and_writes_once(reviewer_client):
    claim = ApiClaimFactory()
    for _ in range(2):
        response = reviewer_client.post(dismiss_url(claim), {"reason": "duplicate"}, format="json")
        assert response.status_code == 200
    assert ClaimDismissal.objects.count() == 1


def test_reviewer_restores(reviewer_client):
    claim = ApiClaimFactory()
    reviewer_client.post(dismiss_url(claim), {"reason": "out_of_scope"}, format="json")
    response = reviewer_client.post(restore_url(claim), {"note": "In scope."}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["dismissed"] is False and body["dismissed_reason"] == ""
    assert [d["action"] for d in body["dismissals"]] == ["restore", "dismiss"]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"reason": "boring"},
        {"reason": "duplicate", "note": ["a", "list"]},
        {"reason": "duplicate", "note": "x" * 10_001},
    ],
)
def test_bad_input_is_a_400_and_stores_nothing(reviewer_client, data):
    response = reviewer_client.post(dismiss_url(ApiClaimFactory()), data, format="json")
    assert response.status_code == 400
    assert not ClaimDismissal.objects.exists()


def test_unknown_claim_is_a_404(reviewer_client):
    response = reviewer_client.post("/api/claims/999999/dismiss/", {"reason": "duplicate"})
    assert response.status_code == 404


def test_readonly_token_cannot_dismiss_or_restore(reader):
    claim = ApiClaimFactory()
    response = reader.post(dismiss_url(claim), {"reason": "duplicate"}, format="json")
    assert response.status_code == 403
    assert "reviewers" in response.json()["detail"]
    assert reader.post(restore_url(claim), {}, format="json").status_code == 403
    assert not ClaimDismissal.objects.exists()


def test_plain_and_ingest_tokens_cannot_dismiss(plain_client, ingest_client):
    claim = ApiClaimFactory()
    for client in (plain_client, ingest_client):
        response = client.post(dismiss_url(claim), {"reason": "duplicate"}, format="json")
        assert response.status_code == 403
    assert not ClaimDismissal.objects.exists()


def test_anonymous_cannot_dismiss(api_client):
    response = api_client.post(dismiss_url(ApiClaimFactory()), {"reason": "duplicate"})
    assert response.status_code == 401


def test_list_leaves_dismissed_claims_out_unless_asked(reviewer_client):
    kept, gone = ApiClaimFactory(), ApiClaimFactory()
    reviewer_client.post(dismiss_url(gone), {"reason": "duplicate"}, format="json")

    def ids(query: str = "") -> list[int]:
        response = reviewer_client.get(f"/api/claims/{query}")
        assert response.status_code == 200
        return [c["id"] for c in response.json()["results"]]

    assert ids() == [kept.pk]
    assert ids("?dismissed=false") == [kept.pk]
    assert ids("?dismissed=true") == [gone.pk]


def test_invalid_dismissed_parameter_is_a_400(reviewer_client):
    response = reviewer_client.get("/api/claims/?dismissed=maybe")
    assert response.status_code == 400


def test_claim_detail_shows_the_dismissal_history(reviewer_client):
    claim = ApiClaimFactory()
    reviewer_client.post(dismiss_url(claim), {"reason": "extraction_error"}, format="json")
    body = reviewer_client.get(f"/api/claims/{claim.pk}/").json()
    assert body["dismissed_reason"] == "extraction_error"
    assert [d["reason"] for d in body["dismissals"]] == ["extraction_error"]


def test_restore_with_an_overlong_note_is_a_400(reviewer_client):
    claim = ApiClaimFactory()
    reviewer_client.post(dismiss_url(claim), {"reason": "duplicate"}, format="json")
    response = reviewer_client.post(restore_url(claim), {"note": "x" * 10_001}, format="json")
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.dismissed
