"""Speaker resolution: names, titles, organisations, coreference."""

from __future__ import annotations

import pytest

from claims.extraction import extract
from claims.extraction.speakers import split_honorifics


def _by_name(ext):
    return {s.name: s for s in ext.speakers}


def test_last_name_resolves_to_full_name_introduced_earlier():
    text = (
        "Transport Secretary Ned Carver visited the site on Monday.\n\n"
        '"The line will be finished on time and on budget," Carver said.'
    )
    ext = extract(text)
    [q] = [q for q in ext.quotes if q.kind == "direct"]
    assert q.speaker == "Ned Carver"
    assert "Carver" in _by_name(ext)["Ned Carver"].aliases


def test_pronoun_resolves_to_most_recent_person():
    text = (
        "Ned Carver opened the new station on Monday.\n\n"
        '"This station will serve forty thousand people a day," he said.'
    )
    [q] = [q for q in extract(text).quotes if q.kind == "direct"]
    assert q.speaker == "Ned Carver"


def test_title_and_organization_before_the_name():
    text = '"We are monitoring the situation closely," State Department spokesman Ned Price said.'
    ext = extract(text)
    price = _by_name(ext)["Ned Price"]
    assert price.title == "State Department spokesman"
    assert price.organization == "State Department"
    assert price.kind == "person"


def test_apposition_gives_title_and_organization():
    text = (
        '"Prices will keep falling until the summer," Laura Chen, the chief economist of '
        "the Bank of Canada, said."
    )
    chen = _by_name(extract(text))["Laura Chen"]
    assert "chief economist" in chen.title
    assert "Bank of Canada" in chen.organization


def test_honorifics_are_not_part_of_the_name():
    text = (
        "Ned Carver spoke first.\n\n"
        '"I have nothing to add to my statement," Mr. Carver said.\n\n'
        '"The committee will meet again in May," Sen. Alice Ward said.'
    )
    ext = extract(text)
    speakers = [q.speaker for q in ext.quotes if q.kind == "direct"]
    assert speakers == ["Ned Carver", "Alice Ward"]
    assert (
        "Mr. Carver" in _by_name(ext)["Ned Carver"].aliases
        or "Carver" in _by_name(ext)["Ned Carver"].aliases
    )


def test_organization_can_be_a_speaker():
    text = "The State Department said the embassy in the capital will remain open this week."
    ext = extract(text)
    [q] = ext.quotes
    assert q.speaker == "State Department"
    assert _by_name(ext)["State Department"].kind == "organization"


def test_split_honorifics():
    assert split_honorifics("Sen. Ted Cruz") == ("Ted Cruz", "Sen.")
    assert split_honorifics("Mr. Price") == ("Price", "Mr.")
    assert split_honorifics("Price") == ("Price", "")


def test_a_described_speaker_keeps_the_words_that_say_who_it_is():
    text = (
        '"The vote will be close," said a spokesman for the county board, who asked not to be '
        "named."
    )
    [q] = [q for q in extract(text).quotes if q.kind == "direct"]
    assert q.speaker == "a spokesman for the county board"


def test_a_described_subject_is_not_replaced_by_a_name_elsewhere_in_the_attribution():
    text = (
        '"Prices will rise again next spring," a senior economist at the bank said in an '
        "interview with Mark Evans."
    )
    [q] = [q for q in extract(text).quotes if q.kind == "direct"]
    assert q.speaker == "a senior economist at the bank"


def test_a_name_in_apposition_to_a_described_speaker_is_the_speaker():
    text = '"We will appeal the ruling," the lawyer Rosa Diaz said after the hearing.'
    [q] = [q for q in extract(text).quotes if q.kind == "direct"]
    assert q.speaker == "Rosa Diaz"
    assert q.speaker_title == "lawyer"


@pytest.mark.parametrize(
    ("text", "speaker", "title"),
    [
        (
            '"We expect a big crowd on Sunday," Ruth Cole\'s spokesman said.',
            "Ruth Cole's spokesman",
            "",
        ),
        (
            '"The attacks draw us together," Ms. Cole\'s spokesman, Tom Hale, wrote on Twitter.',
            "Tom Hale",
            "Ms. Cole's spokesman",
        ),
        (
            "Ruth Cole's lawyers argued that the contract was never signed.",
            "Ruth Cole's lawyers",
            "",
        ),
    ],
)
def test_the_owner_of_a_described_speaker_is_not_the_speaker(text, speaker, title):
    [q] = extract(text).quotes
    assert (q.speaker, q.speaker_title) == (speaker, title)
