"""The identity rule: when two names are one person (no database)."""

from __future__ import annotations

import pytest

from claims.services.speaker_names import (
    fuller_name,
    names_compatible,
    offices,
    parse_name,
    same_office,
)
from claims.services.speakers import (
    clean_organization,
    clean_title,
    is_bare_office,
    plausible_name,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Antony Blinken", "Antony J. Blinken"),
        ("Joe Biden", "Joseph R. Biden Jr."),
        ("J. Biden", "Joe Biden"),
        ("Cres Eastman", "C. Eastman"),
        ("Mr. Ned Price", "Ned Price"),
        ("Jen Psaki", "Jennifer Psaki"),
        ("José Ramos-Horta", "Jose Ramos-Horta"),
    ],
)
def test_a_compatible_first_name_or_initial_with_the_same_surname_is_one_person(a, b):
    assert names_compatible(a, b)
    assert names_compatible(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Joe Biden", "Jill Biden"),
        ("Jake Sullivan", "Dan Sullivan"),
        ("George H. W. Bush", "George W. Bush"),
        ("John Kirby", "John Kerry"),
    ],
)
def test_namesakes_are_never_one_person(a, b):
    assert not names_compatible(a, b)


def test_a_surname_alone_joins_only_through_the_same_office():
    assert names_compatible("Biden", "Joe Biden", "President", "President of the United States")
    assert not names_compatible("Biden", "Jill Biden", "President", "First Lady")
    assert not names_compatible("Biden", "Joe Biden")
    assert not names_compatible("Sullivan", "Jake Sullivan", "Senator", "National Security Adviser")


def test_offices_keep_the_modifiers_that_make_them_other_offices():
    assert offices("White House Press Secretary") == {"press secretary"}
    assert offices("Vice President") == {"vice president"}
    assert not same_office("Vice President", "President")
    assert same_office("Sen.", "U.S. Senator from Alaska")
    assert not same_office("Deputy Press Secretary", "Press Secretary")


def test_the_fullest_form_is_the_canonical_name():
    assert fuller_name("Antony Blinken", "Antony J. Blinken") == "Antony J. Blinken"
    assert fuller_name("Joseph R. Biden Jr.", "Joe Biden") == "Joseph R. Biden Jr."
    assert fuller_name("John Kirby", "Kirby") == "John Kirby"
    assert parse_name("President Joseph R. Biden Jr.").surname == "biden"


@pytest.mark.parametrize(
    "name",
    ["He", "I", "WHO", "they", "the event website", "oral history", "One poster", "Q"]
    + ["guidelines by the Centers for Disease Control and Prevention", "Audience Member"]
    + ["THE PRESIDENT", "the Press Secretary", "Laughter", ""]
    + ["Q Karine", "Q Karine — MS. JEAN-PIERRE: Yeah", "Q Kevin McCarthy"],
)
def test_pronouns_phrases_and_bare_offices_are_never_a_persons_name(name):
    assert not plausible_name(name)


@pytest.mark.parametrize(
    "name", ["Ned Price", "Ursula von der Leyen", "Bashar al-Assad", "Karine Jean-Pierre"]
)
def test_names_are_names(name):
    assert plausible_name(name)


def test_an_acronym_can_be_an_organisation_and_a_determiner_can_open_one():
    assert plausible_name("WHO", "organization")
    assert plausible_name("The Associated Press", "organization")
    assert not plausible_name("the agency", "organization")


def test_bare_offices_are_recognised():
    assert is_bare_office("THE PRESIDENT")
    assert is_bare_office("The Vice President")
    assert not is_bare_office("President Biden")


def test_a_hyphenated_office_is_one_office_and_never_a_name():
    assert is_bare_office("The Secretary-General") and is_bare_office("Director-General")
    assert not plausible_name("Secretary-General") and not plausible_name("General")
    assert offices("UN Secretary-General") == {"secretary-general"}
    assert not same_office("Secretary-General", "Secretary of State")
    assert not is_bare_office("Karine Jean-Pierre")


def test_the_services_read_the_engines_lexicon_of_words_that_name_nobody():
    from claims.extraction import lexicon
    from claims.services import speakers

    assert lexicon.NOT_NAMES | lexicon.UNNAMED_SPEAKERS | lexicon.STAGE_DIRECTIONS <= (
        speakers.NOT_NAMES
    )
    assert speakers.DETERMINERS is lexicon.DETERMINERS
    assert speakers.NAME_JOINERS is lexicon.NAME_JOINERS
    assert speakers.ORGANIZATION_FRAGMENTS is lexicon.ORGANIZATION_FRAGMENTS


def test_an_organisation_is_never_the_persons_surname_or_a_fragment():
    assert clean_organization("Price", "Ned Price") == ""
    assert clean_organization("State", "Ned Price") == ""
    assert clean_organization("He", "Ned Price") == ""
    assert clean_organization("State Department", "Ned Price") == "State Department"


def test_a_transcript_label_or_a_phrase_is_no_title():
    assert clean_title("Q") == clean_title("Q Hey") == clean_title("Your colleague") == ""
    assert clean_title("State Department spokesman") == "State Department spokesman"


def test_a_piece_of_an_office_or_a_sources_phrase_is_no_name():
    assert not plausible_name("Lady") and not plausible_name("Deputy")
    assert not plausible_name("Sources in Vienna")
    assert plausible_name("Angus King") and plausible_name("Lady Gaga")


def test_a_name_in_capitals_is_written_as_a_name_and_an_initialism_is_a_title():
    from claims.services.speaker_names import joins_by_outlet, plain_name

    assert plain_name("KIRBY") == "Kirby" and plain_name("JEAN-PIERRE") == "Jean-Pierre"
    assert plain_name("MS. PSAKI") == "Psaki" and plain_name("J.") == "J."
    assert names_compatible("APNSA Jake Sullivan", "Jake Sullivan")
    assert fuller_name("APNSA Jake Sullivan", "Jake Sullivan") == "Jake Sullivan"
    assert same_office("APNSA", "National Security Adviser")
    assert joins_by_outlet("", "Chief of Staff") and joins_by_outlet("NSA", "APNSA")
    assert not joins_by_outlet("Senator", "National Security Adviser")


def test_two_spellings_of_a_first_name_are_one_person_only_with_the_same_office():
    from claims.services.speaker_names import spelling_variants

    assert spelling_variants("Anthony Blinken", "Antony J. Blinken", "Secretary", "Secretary")
    assert spelling_variants("Tony Blinken", "Antony Blinken", "Secretary", "Secretary of State")
    assert not spelling_variants("Anthony Blinken", "Antony Blinken", "", "Secretary")
    assert not spelling_variants("Louis Smith", "Louise Smith", "Senator", "Senator")  # an end
    assert not spelling_variants("Dared Price", "Ned Price", "Spokesperson", "Spokesperson")
    assert not spelling_variants("Jon Tester", "John Tester", "Senator", "Senator")  # too short
    assert not spelling_variants("Anthony Blinken", "Antony Blinkin", "Secretary", "Secretary")
