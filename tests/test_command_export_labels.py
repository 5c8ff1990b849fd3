"""manage.py export_labels: reviewers' judgement as training rows for training --extra."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from claims import services
from tests import factories

pytestmark = pytest.mark.django_db


def _export(*args: str) -> list[dict]:
    out = StringIO()
    call_command("export_labels", *args, stdout=out, stderr=StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_dismissed_as_not_checkworthy_is_false_and_a_verdict_is_true(reviewer):
    trivia = factories.ClaimFactory(text="He was  released on bail on Thursday.")
    services.claim_dismiss(claim=trivia, reviewer=reviewer, reason="not_checkworthy")
    checked = factories.ClaimFactory(text="Unemployment fell to 4 percent in March.")
    services.verdict_record(
        claim=checked, reviewer=reviewer, verdict="verified", evidence=["https://bls.gov/x"]
    )
    assert _export() == [
        {
            "text": "He was released on bail on Thursday.",
            "checkworthy": False,
            "source": "reviewer",
        },
        {
            "text": "Unemployment fell to 4 percent in March.",
            "checkworthy": True,
            "source": "reviewer",
        },
    ]


def test_unjudged_and_other_dismissals_are_left_out(reviewer):
    factories.ClaimFactory(text="Nobody looked at this claim yet.")
    dup = factories.ClaimFactory(text="A duplicate of another claim.")
    services.claim_dismiss(claim=dup, reviewer=reviewer, reason="duplicate")
    restored = factories.ClaimFactory(text="Dismissed then restored.")
    services.claim_dismiss(claim=restored, reviewer=reviewer, reason="not_checkworthy")
    services.claim_restore(claim=restored, reviewer=reviewer)
    assert _export() == []


def test_a_text_judged_both_ways_is_left_out(reviewer):
    text = "The bridge cost $40 million."
    services.claim_dismiss(
        claim=factories.ClaimFactory(text=text), reviewer=reviewer, reason="not_checkworthy"
    )
    services.verdict_record(
        claim=factories.ClaimFactory(text=text), reviewer=reviewer, verdict="unverifiable"
    )
    assert _export() == []


def test_output_file_is_what_training_reads(reviewer, tmp_path):
    from training.checkworthy import load_extra

    claim = factories.ClaimFactory(text="Crime fell by 12 percent last year.")
    services.verdict_record(claim=claim, reviewer=reviewer, verdict="unverifiable")
    path = tmp_path / "labels.jsonl"
    call_command("export_labels", "--output", str(path), stdout=StringIO(), stderr=StringIO())
    rows = load_extra(path)
    assert [(r["text"], r["checkworthy"], r["source"]) for r in rows] == [
        ("Crime fell by 12 percent last year.", True, "reviewer")
    ]
