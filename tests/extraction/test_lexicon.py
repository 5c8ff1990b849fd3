"""One lexicon of honorifics, titles and offices, read alike by every rule that needs one."""

from __future__ import annotations

import pytest

from claims.extraction import extract
from claims.extraction.lexicon import (
    HONORIFICS,
    NAME_KEY_PREFIXES,
    OFFICES,
    TITLE_WORDS,
    is_honorific,
    is_title_word,
    lexical,
    spelled_out,
)
from claims.extraction.mentions import split_honorifics
from claims.extraction.statements import READOUT_CUE
from claims.extraction.transcripts import CUE as TRANSCRIPT_CUE


@pytest.mark.parametrize(
    ("written", "form"),
    [("Sen.", "sen"), ("MS.", "ms"), ("Spokesperson,", "spokesperson"), ("O’Brien", "o'brien")],
)
def test_a_word_is_looked_up_without_case_or_closing_stop(written, form):
    assert lexical(written) == form


def test_a_hyphenated_title_is_a_title_when_every_part_is():
    assert is_title_word("Director-General") and is_title_word("SECRETARY-GENERAL")
    assert not is_title_word("Jean-Pierre") and not is_title_word("Ramos-Horta")


@pytest.mark.parametrize(
    ("text", "speaker", "title"),
    [
        ('The Director-General said "the outbreak is not over, and we must stay alert."', None, ""),
        (
            '"The outbreak is not over, and we must stay alert," said Director-General Tedros.',
            "Tedros",
            "Director-General",
        ),
        (
            "UN Secretary-General Maria Alvarez spoke with reporters on Monday. The "
            'Secretary-General said "the outbreak is not over, and we must stay alert."',
            "Maria Alvarez",
            None,
        ),
    ],
)
def test_a_hyphenated_office_is_a_title_never_the_name_general(text, speaker, title):
    [quote] = [q for q in extract(text).quotes if q.kind == "direct"]
    assert quote.speaker != "General"
    if speaker is None:  # the office alone: the services resolve it to its holder
        assert quote.speaker == "Director-General"
    else:
        assert quote.speaker == speaker
    if title is not None:
        assert quote.speaker_title == title


def test_honorifics_and_abbreviated_titles_are_known_in_every_written_form():
    assert is_honorific("Mr.") and is_honorific("MRS") and is_honorific("dr")
    assert is_title_word("Sen.") and is_title_word("GOV") and is_title_word("Envoy")
    assert spelled_out("Adm.") == "admiral"
    assert not is_title_word("Price")


def test_the_services_key_prefixes_are_honorifics_and_ranks_never_an_organisation_word():
    assert HONORIFICS <= NAME_KEY_PREFIXES
    assert "general" not in NAME_KEY_PREFIXES  # "General Motors" keeps its first word
    assert {"sen", "gov", "amb", "senator"} <= NAME_KEY_PREFIXES
    assert OFFICES <= TITLE_WORDS


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Special Envoy Rosa Marquez", ("Rosa Marquez", "Special Envoy")),
        ("Adm. Tom Reyes", ("Tom Reyes", "Adm.")),
        ("Rev. Ana Lopez", ("Ana Lopez", "Rev.")),
        ("Counselor Dev Patel", ("Dev Patel", "Counselor")),
    ],
)
def test_the_engine_strips_every_title_the_lexicon_lists_from_a_name(name, expected):
    assert split_honorifics(name) == expected


HEARING = """Senator Grace Oduya and Special Envoy Luis Ramos spoke at the port on Monday.

SEN. ODUYA: The port handled 40 ships in March, up from 12 a year ago.

SPECIAL ENVOY RAMOS: Our tariffs did not cause the drop in imports last year.

SEN. ODUYA: We will finish the new bridge by May of next year.
"""


def test_a_transcript_label_reads_titles_and_honorifics_from_the_lexicon():
    turns = [q for q in extract(HEARING).quotes if q.cue == TRANSCRIPT_CUE]
    assert [q.speaker for q in turns] == ["Grace Oduya", "Luis Ramos", "Grace Oduya"]


def test_a_statement_attributed_to_an_office_names_nobody():
    text = (
        "The following is attributable to a Senior State Department Official:\n\n"
        "The talks in Geneva covered the 40 ships held at the port since March.\n"
    )
    assert [q for q in extract(text).quotes if q.cue == READOUT_CUE] == []
