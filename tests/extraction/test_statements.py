"""Texts in someone's voice: statements, readouts, bylines and signatures (sentences written
for these tests)."""

from __future__ import annotations

import pytest

from claims.extraction import extract
from claims.extraction.speakers import SpeakerRegistry
from claims.extraction.statements import STATEMENT, headline_name, resolve_phrase, title_voice

BODY = (
    "The port reopened on Monday after 40 days, and 12 ships have already docked there.\n\n"
    "We will spend $30 million to rebuild the harbor wall before the winter storms.\n"
)


def _statements(found):
    return [q for q in found.quotes if q.kind == STATEMENT]


@pytest.mark.parametrize(
    ("title", "phrases"),
    [
        ("Statement by President Maria Alvarez on the Harbor", ("President Maria Alvarez",)),
        ("Statement from Press Secretary Nora Blake on Trade", ("Press Secretary Nora Blake",)),
        (
            "Readout of Vice President Tom Reyes’s Call with Mayor Kim",
            ("Vice President Tom Reyes",),
        ),
        (
            "Readout by Spokesperson Lena Park of the Secretary’s Meeting",
            ("Spokesperson Lena Park",),
        ),
        (
            "Statement by Secretary of State Rosa Marquez on the Elections",
            ("Secretary of State Rosa Marquez",),
        ),
        (
            "Statement by President Maria L. Alvarez, Jr. On the Anniversary of the Flood",
            ("President Maria L. Alvarez",),
        ),
        ("Statement from President Ken Sato Honoring the Flood Victims", ("President Ken Sato",)),
        ("Statement from the Press Secretary on Trade", ("the Press Secretary",)),
        (
            "Joint Statement by President Maria Alvarez and Prime Minister Ken Sato",
            ("President Maria Alvarez", "Prime Minister Ken Sato"),
        ),
    ],
)
def test_a_headline_names_whose_voice_the_text_is(title, phrases):
    assert title_voice(title).phrases == phrases


@pytest.mark.parametrize(
    "title",
    [
        "Fact Sheet: The Harbor Plan",
        "Port Reopens After 40 Days",
        "Statement by the United States and Japan",
    ],
)
def test_other_headlines_name_no_voice(title):
    assert title_voice(title) is None


def test_a_statements_body_paragraphs_are_its_speakers_and_so_are_its_claims():
    found = extract(BODY, title="Statement by President Maria Alvarez on the Harbor")
    quotes = _statements(found)
    assert [q.text[:12] for q in quotes] == ["The port reo", "We will spen"]
    assert {(q.speaker, q.speaker_title) for q in quotes} == {("Maria Alvarez", "President")}
    assert all(BODY[q.start : q.end] == q.text for q in quotes)
    assert found.claims and all(c.speaker == "Maria Alvarez" for c in found.claims)


def test_a_surname_in_the_headline_takes_the_full_name_the_text_gives():
    text = "Vice President Tom Reyes spoke with Mayor Kim about the 40 days of repairs.\n\n" + BODY
    found = extract(text, title="Readout of Vice President Reyes’s Call with Mayor Kim")
    assert {q.speaker for q in _statements(found)} == {"Tom Reyes"}


def test_a_joint_statement_is_both_peoples():
    found = extract(
        BODY, title="Joint Statement by President Maria Alvarez and Prime Minister Ken Sato"
    )
    quotes = _statements(found)
    assert sorted({q.speaker for q in quotes}) == ["Ken Sato", "Maria Alvarez"]
    assert len(quotes) == 4


def test_a_joint_statements_claims_carry_every_signer_first_signer_first():
    found = extract(
        BODY, title="Joint Statement by President Maria Alvarez and Prime Minister Ken Sato"
    )
    assert found.claims
    assert {(c.speaker, c.co_speakers) for c in found.claims} == {("Maria Alvarez", ("Ken Sato",))}
    assert found.to_dict()["claims"][0]["co_speakers"] == ["Ken Sato"]


def test_a_claim_of_one_speakers_statement_has_no_co_speakers():
    found = extract(BODY, title="Statement by President Maria Alvarez on the Harbor")
    assert found.claims and all(c.co_speakers == () for c in found.claims)


def test_a_joint_statement_whose_first_signer_is_an_unnamed_office_names_the_other():
    title = "Joint Statement by the Press Secretary and Prime Minister Ken Sato"
    found = extract(BODY, title=title)
    assert found.claims
    assert {(c.speaker, c.co_speakers) for c in found.claims} == {("Ken Sato", ())}


def test_a_statement_from_an_office_nobody_names_keeps_the_office_only():
    found = extract(BODY, title="Statement from the Press Secretary on the Harbor")
    assert {(q.speaker, q.speaker_title) for q in _statements(found)} == {(None, "Press Secretary")}


@pytest.mark.parametrize(
    "text",
    [
        "Rosa Marquez, Secretary of State\n\n" + BODY,
        BODY + "\nRosa Marquez, Secretary of State\n",
    ],
)
def test_a_byline_at_the_start_or_the_end_gives_the_body_its_voice(text):
    quotes = _statements(extract(text, title="On the Harbor"))
    assert [q.text[:12] for q in quotes] == ["The port reo", "We will spen"]
    assert {(q.speaker, q.speaker_title) for q in quotes} == {
        ("Rosa Marquez", "Secretary of State")
    }


def test_a_byline_whose_title_names_a_department_still_names_its_person():
    text = "Rosa Marquez, Department Spokesperson\n\n" + BODY
    quotes = _statements(extract(text, title="On the Harbor"))
    assert [q.speaker for q in quotes] == ["Rosa Marquez", "Rosa Marquez"]


@pytest.mark.parametrize(
    "phrase", ["a senior State Department official", "the Embassy press office"]
)
def test_an_office_phrase_of_a_body_alone_names_nobody(phrase):
    assert resolve_phrase(phrase, SpeakerRegistry(), 0) == (None, "")


@pytest.mark.parametrize(
    ("headline", "surname", "name"),
    [
        ("Gaggle by Coordinator for Strategic Communications Sam Okafor", "Okafor", "Sam Okafor"),
        ("Press Briefing by Press Secretary Nora Blake", "Blake", "Nora Blake"),
        ("Remarks by President Alvarez Before Departure", "Alvarez", None),
    ],
)
def test_headline_name_ends_an_office_at_its_joiner(headline, surname, name):
    assert headline_name(surname, headline) == name


def test_a_list_of_attendees_is_no_byline():
    text = BODY + "\nRosa Marquez, Secretary of State\nKen Sato, Mayor of Harborview\n"
    assert _statements(extract(text, title="Meeting on the Harbor")) == []


def test_a_signature_in_capitals_closes_a_proclamation_in_its_signers_voice():
    text = BODY + "\nMARIA L. ALVAREZ\n"
    quotes = _statements(extract(text, title="A Proclamation on Harbor Week"))
    assert {q.speaker for q in quotes} == {"Maria L. Alvarez"}


def test_header_lines_and_the_end_mark_are_not_the_statement():
    text = (
        "Office of the Spokesperson\n\n"
        + BODY
        + "\n###\n\nMore on the harbor plan is online now.\n"
    )
    quotes = _statements(extract(text, title="Statement by Spokesperson Lena Park on the Harbor"))
    assert [q.text[:12] for q in quotes] == ["The port reo", "We will spen"]


def test_a_news_story_has_no_voice():
    text = 'The port reopened on Monday. "We are glad," said Mayor Ken Sato of Harborview.\n'
    assert _statements(extract(text, title="Port Reopens After 40 Days")) == []


def test_a_dateline_is_no_byline():
    text = (
        "Port Reopens\n\n"
        "HARBORVIEW, May 2 (UPI) — The former mayor of the town was at the dock.\n\n" + BODY
    )
    assert _statements(extract(text)) == []
