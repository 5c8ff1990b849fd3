"""Statements issued in someone's name: "The below is attributable to Spokesperson X:"."""

from __future__ import annotations

import pytest

from claims.extraction import extract
from claims.extraction.statements import READOUT_CUE

READOUT = """Office of the Spokesperson

The below is attributable to Deputy Spokesperson Maya Lindqvist:

Secretary Okafor spoke with Foreign Minister Tanaka today about the 12 ships held at the port \
since March.

They agreed that both governments would release the ships within 30 days.

###
"""


def _readout(found):
    return [q for q in found.quotes if q.cue == READOUT_CUE]


def test_every_paragraph_after_the_line_is_the_named_persons_statement():
    found = extract(READOUT)
    quotes = _readout(found)
    assert [q.text[:24] for q in quotes] == ["Secretary Okafor spoke w", "They agreed that both go"]
    assert {q.speaker for q in quotes} == {"Maya Lindqvist"}
    assert {q.speaker_title for q in quotes} == {"Deputy Spokesperson"}
    assert all(READOUT[q.start : q.end] == q.text for q in quotes)
    assert not any("attributable" in q.text or "###" in q.text for q in found.quotes)
    ships = [c for c in found.claims if "12 ships" in c.text]
    assert ships and ships[0].speaker == "Maya Lindqvist"


@pytest.mark.parametrize(
    "line",
    [
        "The following is attributable to Spokesperson Maya Lindqvist:",
        "The following statement is attributable to Maya Lindqvist:",
        "Attributable to Spokesperson Maya Lindqvist:",
    ],
)
def test_the_forms_of_the_line(line):
    text = READOUT.replace(READOUT.splitlines()[2], line)
    assert {q.speaker for q in _readout(extract(text))} == {"Maya Lindqvist"}


@pytest.mark.parametrize(
    "line",
    [
        "The below is attributable to a senior State Department official:",
        "The below is attributable to the Embassy press office:",
        "This call is on background, attributable to administration officials, and embargoed.",
        "The account of the meeting is attributable to Spokesperson Maya Lindqvist, she said.",
    ],
)
def test_nobody_nameable_or_a_sentence_in_running_text_gives_no_statement(line):
    text = READOUT.replace(READOUT.splitlines()[2], line)
    assert _readout(extract(text)) == []


def test_a_quotation_inside_the_statement_keeps_its_own_speaker():
    text = READOUT.replace(
        "They agreed", '"We will not wait another month," Tanaka said. They agreed'
    )
    found = extract(text)
    assert any(q.speaker == "Tanaka" and q.cue != READOUT_CUE for q in found.quotes)
    assert {q.speaker for q in _readout(found)} == {"Maya Lindqvist"}


def test_the_statement_ends_at_an_end_line():
    text = READOUT + "\nRelated coverage: the port has reopened to 40 ships a day since May.\n"
    assert len(_readout(extract(text))) == 2
