"""The verdict form and the API accept the same verdicts (found by the hostile-input tables)."""

from __future__ import annotations

import pytest

from claims.models import Verdict
from tests.api.conftest import token_client
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.mark.xfail(
    strict=True,
    reason="API bug (claims/api/serializers.py VerdictInputSerializer): it offers every "
    "VerdictChoice, so a reviewer can record 'unreviewed', which the verdict form refuses",
)
def test_the_api_refuses_unreviewed_as_a_recorded_verdict(reviewer):
    claim = ClaimFactory(fingerprint="fp-rules")
    response = token_client(reviewer).post(
        f"/api/claims/{claim.pk}/verdicts/",
        {"verdict": "unreviewed", "evidence": ["https://a.org/1"]},
        format="json",
    )
    assert response.status_code == 400 and not Verdict.objects.exists()


@pytest.mark.xfail(
    strict=True,
    reason="API bug: the form requires an evidence URL for every verdict but 'unverifiable' "
    "(claims/forms.py EVIDENCE_OPTIONAL); the API and verdict_record do not",
)
def test_the_api_requires_evidence_like_the_form(reviewer):
    claim = ClaimFactory(fingerprint="fp-rules")
    response = token_client(reviewer).post(
        f"/api/claims/{claim.pk}/verdicts/", {"verdict": "contradicted"}, format="json"
    )
    assert response.status_code == 400 and not Verdict.objects.exists()
