"""POST /api/claims/{id}/verdicts/: reviewers only, validated, answers with the history."""

from __future__ import annotations

import pytest

from claims.models import Claim, Verdict
from tests.api.conftest import ApiClaimFactory

pytestmark = pytest.mark.django_db


def url(claim: Claim) -> str:
    return f"/api/claims/{claim.pk}/verdicts/"


def test_reviewer_token_records_a_verdict_and_gets_the_new_history(reviewer_client, reviewer):
    claim = ApiClaimFactory()
    before = claim.updated_at
    response = reviewer_client.post(
        url(claim),
        {"verdict": "misleading", "note": "Leaves out 2020.", "evidence": ["https://a.org/1"]},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["claim"] == claim.pk and body["current_verdict"] == "misleading"
    assert response["Location"] == f"http://testserver/api/claims/{claim.pk}/"
    assert [v["verdict"] for v in body["verdicts"]] == ["misleading"]
    assert body["verdicts"][0]["evidence"] == ["https://a.org/1"]
    assert body["verdicts"][0]["reviewer"] == reviewer.username
    claim.refresh_from_db()
    assert claim.current_verdict == "misleading" and claim.updated_at > before


def test_a_second_verdict_is_appended_not_replacing_the_first(reviewer_client):
    claim = ApiClaimFactory()
    reviewer_client.post(url(claim), {"verdict": "mixed", "evidence": ["https://a.org/1"]})
    body = reviewer_client.post(
        url(claim), {"verdict": "verified", "evidence": ["https://a.org/2"]}
    ).json()
    assert [v["verdict"] for v in body["verdicts"]] == ["verified", "mixed"]
    assert Verdict.objects.filter(claim=claim).count() == 2


def test_readonly_token_cannot_record_verdict(reader):
    claim = ApiClaimFactory()
    response = reader.post(url(claim), {"verdict": "verified"})
    assert response.status_code == 403
    assert "reviewers" in response.json()["detail"]
    assert not Verdict.objects.exists()


def test_plain_user_token_cannot_record_verdict(plain_client):
    claim = ApiClaimFactory()
    assert plain_client.post(url(claim), {"verdict": "verified"}).status_code == 403


def test_ingest_token_cannot_record_verdict(ingest_client):
    claim = ApiClaimFactory()
    assert ingest_client.post(url(claim), {"verdict": "verified"}).status_code == 403


def test_anonymous_cannot_record_verdict(api_client):
    claim = ApiClaimFactory()
    assert api_client.post(url(claim), {"verdict": "verified"}).status_code == 401


def test_reviewer_signed_in_with_a_session_records_a_verdict(api_client, reviewer):
    api_client.force_login(reviewer)
    claim = ApiClaimFactory()
    body = {"verdict": "verified", "evidence": ["https://a.org/1"]}
    assert api_client.post(url(claim), body).status_code == 201


@pytest.mark.parametrize(
    "body, field",
    [
        ({"verdict": "true-ish"}, "verdict"),
        ({"verdict": "unreviewed", "evidence": ["https://a.org/1"]}, "verdict"),
        ({"verdict": "contradicted"}, "evidence"),
        ({}, "verdict"),
        ({"verdict": "verified", "evidence": ["not a url"]}, "evidence"),
        ({"verdict": "verified", "evidence": ["ftp://files.example.org/x"]}, "evidence"),
        ({"verdict": "verified", "evidence": "https://a.org/1"}, "evidence"),
        ({"verdict": "verified", "evidence": [{"url": "https://a.org"}]}, "evidence"),
        ({"verdict": "verified", "note": "n" * 10_001}, "note"),
        ({"verdict": ["verified"]}, "verdict"),
    ],
)
def test_bad_verdict_input_is_a_400_naming_the_field(reviewer_client, body, field):
    claim = ApiClaimFactory()
    response = reviewer_client.post(url(claim), body)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Verdict.objects.exists()


def test_verdict_on_an_unknown_claim_is_a_404(reviewer_client):
    response = reviewer_client.post("/api/claims/999999/verdicts/", {"verdict": "verified"})
    assert response.status_code == 404


def test_get_on_the_verdicts_endpoint_is_a_405(reviewer_client):
    claim = ApiClaimFactory()
    assert reviewer_client.get(url(claim)).status_code == 405
