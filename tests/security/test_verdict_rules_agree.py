"""The verdict form, the API and the service apply the same verdict rules."""

from __future__ import annotations

import pytest

from claims.models import Verdict
from tests.api.conftest import token_client
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_the_api_refuses_unreviewed_as_a_recorded_verdict(reviewer):
    claim = ClaimFactory(fingerprint="fp-rules")
    response = token_client(reviewer).post(
        f"/api/claims/{claim.pk}/verdicts/",
        {"verdict": "unreviewed", "evidence": ["https://a.org/1"]},
        format="json",
    )
    assert response.status_code == 400 and not Verdict.objects.exists()


def test_the_api_requires_evidence_like_the_form(reviewer):
    claim = ClaimFactory(fingerprint="fp-rules")
    response = token_client(reviewer).post(
        f"/api/claims/{claim.pk}/verdicts/", {"verdict": "contradicted"}, format="json"
    )
    assert response.status_code == 400 and not Verdict.objects.exists()
