"""Recording verdicts: only reviewers, validated input, history kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import Verdict
from claims.services import verdict_record
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_reviewer_records_a_verdict_with_evidence(reviewer):
    claim = ClaimFactory()
    row = verdict_record(
        claim=claim,
        reviewer=reviewer,
        verdict="misleading",
        note=" context missing ",
        evidence=["https://a.example.org/1", "", "https://a.example.org/1"],
    )
    assert row.reviewer == reviewer and row.note == "context missing"
    assert row.evidence == ["https://a.example.org/1"]
    claim.refresh_from_db()
    assert claim.current_verdict == "misleading"


def test_unverifiable_needs_no_evidence(reviewer):
    claim = ClaimFactory()
    row = verdict_record(claim=claim, reviewer=reviewer, verdict="unverifiable", note="No data.")
    assert row.evidence == []


def test_editor_cannot_record_a_verdict(editor):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        verdict_record(claim=claim, reviewer=editor, verdict="verified")
    assert not Verdict.objects.exists()


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"verdict": "true-ish"}, "verdict"),
        ({"verdict": "unreviewed", "evidence": ["https://a.example.org/1"]}, "verdict"),
        ({"verdict": "contradicted"}, "evidence"),
        ({"verdict": "verified", "evidence": ["", "  "]}, "evidence"),
        ({"verdict": "verified", "evidence": ["ftp://x.example.org/file"]}, "evidence"),
        ({"verdict": "verified", "evidence": ["not a url"]}, "evidence"),
        ({"verdict": "verified", "evidence": [3]}, "evidence"),
        ({"verdict": "verified", "note": "n" * 10_001}, "note"),
    ],
)
def test_bad_verdict_input_is_rejected(reviewer, kwargs, field):
    claim = ClaimFactory()
    with pytest.raises(ValidationError) as info:
        verdict_record(claim=claim, reviewer=reviewer, **kwargs)
    assert field in info.value.message_dict
    assert not Verdict.objects.exists()
    claim.refresh_from_db()
    assert claim.current_verdict == "unreviewed"
