"""Names: pronouns and non-person phrases are never speakers or aliases (sentences written for
these tests)."""

from __future__ import annotations

import pytest

from claims.extraction import extract


def test_a_pronoun_speaker_resolves_but_is_no_alias():
    text = (
        '"We will rebuild the bridge by May," Mayor Ken Sato said on Monday.\n\n'
        '"It will cost $40 million," he said.\n'
    )
    found = extract(text)
    assert [q.speaker for q in found.quotes] == ["Ken Sato", "Ken Sato"]
    aliases = {a.lower() for s in found.speakers for a in s.aliases}
    assert not aliases & {"he", "i", "we", "who"}


@pytest.mark.parametrize(
    "sentence",
    [
        '"The festival drew 40,000 people in three days," the event website said.',
        '"The mill closed in 1952 and never reopened," the oral history said.',
    ],
)
def test_a_phrase_that_names_nobody_is_no_speaker(sentence):
    (quote,) = extract(sentence).quotes
    assert quote.speaker is None


def test_a_described_person_is_still_a_speaker():
    found = extract('"The budget grew 12 percent," a spokesman for the county board said.')
    assert found.quotes[0].speaker == "a spokesman for the county board"
