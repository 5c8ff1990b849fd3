"""One Speaker row per person across articles (claims.services.speakers)."""

from __future__ import annotations

import datetime as dt

import pytest

from claims import selectors
from claims.extraction import types
from claims.models import Speaker
from claims.services.speakers import speaker_for_office, speaker_key, speakers_upsert
from tests import factories

pytestmark = pytest.mark.django_db


def _upsert(name: str, title: str = "", organization: str = "", kind: str = "person"):
    found = types.FoundSpeaker(name=name, title=title, organization=organization, kind=kind)
    return speakers_upsert(speakers=[found])


def test_a_fuller_form_in_a_later_article_joins_the_row_and_becomes_its_name():
    first = _upsert("Antony Blinken", "Secretary of State")
    second = _upsert("Antony J. Blinken")
    assert Speaker.objects.count() == 1
    row = Speaker.objects.get()
    assert first["antony blinken"].pk == second["antony j blinken"].pk == row.pk
    assert row.name == "Antony J. Blinken"
    assert row.key == "antony j blinken"
    assert {"Antony Blinken", "Antony J. Blinken"} <= set(row.aliases)


def test_a_nickname_joins_the_full_name():
    _upsert("Joseph R. Biden Jr.", "President")
    _upsert("Joe Biden")
    row = Speaker.objects.get()
    assert row.name == "Joseph R. Biden Jr."
    assert "Joe Biden" in row.aliases


def test_namesakes_stay_two_rows():
    _upsert("Joe Biden", "President")
    _upsert("Jill Biden", "First Lady")
    _upsert("Jake Sullivan", "National Security Adviser")
    _upsert("Dan Sullivan", "Senator")
    assert Speaker.objects.count() == 4


def test_a_surname_alone_joins_the_person_with_that_office_only():
    _upsert("Jake Sullivan", "National Security Adviser")
    _upsert("Dan Sullivan", "Senator")
    rows = _upsert("Sullivan", "Sen.")
    assert rows["sullivan"].name == "Dan Sullivan"
    alone = _upsert("Sullivan")  # no office: a row of its own, never a guess
    assert alone["sullivan"].name == "Sullivan"
    assert Speaker.objects.count() == 3


def test_forms_of_one_new_person_in_one_batch_make_one_row():
    found = [
        types.FoundSpeaker(name="Biden", title="President"),
        types.FoundSpeaker(name="Joe Biden", title="President"),
        types.FoundSpeaker(name="Joseph R. Biden Jr."),
        types.FoundSpeaker(name="Jill Biden", title="First Lady"),
    ]
    rows = speakers_upsert(speakers=found)
    assert rows["biden"].pk == rows["joe biden"].pk == rows["joseph r biden jr"].pk
    assert rows["jill biden"].pk != rows["biden"].pk
    joe = Speaker.objects.get(pk=rows["biden"].pk)
    assert joe.name == "Joseph R. Biden Jr."
    assert {"Biden", "Joe Biden"} <= set(joe.aliases)
    assert Speaker.objects.count() == 2


def test_a_surname_that_fits_two_new_people_in_a_batch_joins_neither():
    found = [
        types.FoundSpeaker(name="Jake Sullivan", title="Senator"),
        types.FoundSpeaker(name="Dan Sullivan", title="Senator"),
        types.FoundSpeaker(name="Sullivan", title="Senator"),
    ]
    rows = speakers_upsert(speakers=found)
    assert len({row.pk for row in rows.values()}) == 3


def test_a_surname_alone_goes_to_the_fullest_stored_form_of_that_office():
    _upsert("Biden", "President")  # an early article knew only the surname
    _upsert("Joseph R. Biden Jr.")  # no office here: kept apart from the surname alone
    full = _upsert("Joe Biden", "President")["joe biden"]
    rows = _upsert("Biden", "President")
    assert rows["biden"].pk == full.pk


def test_a_transcript_labels_honorific_and_surname_in_capitals_never_names_a_row():
    rows = speakers_upsert(
        speakers=[types.FoundSpeaker(name="MR PRICE", aliases=("MR PRICE",))], names=["MR PRICE"]
    )
    row = Speaker.objects.get()
    assert rows["price"].pk == row.pk
    assert (row.name, row.key) == ("Price", "price")
    assert "MR PRICE" in row.aliases  # a search for the label's form still finds him
    _upsert("Price")
    _upsert("MS. JEAN-PIERRE")
    assert sorted(Speaker.objects.values_list("name", flat=True)) == ["Jean-Pierre", "Price"]


def test_a_labels_form_met_after_the_surname_does_not_rename_the_row():
    _upsert("Price")
    _upsert("MR PRICE")
    assert Speaker.objects.get().name == "Price"


def test_pronouns_and_phrases_never_become_speakers_or_aliases():
    rows = speakers_upsert(
        speakers=[types.FoundSpeaker(name="Ned Price", aliases=("He", "Price", "the spokesman"))],
        names=["He", "the event website", "One poster"],
    )
    assert list(rows) == ["ned price"]
    assert Speaker.objects.get().aliases == ["Ned Price", "Price"]


def test_an_organisation_that_is_the_persons_surname_or_a_fragment_is_dropped():
    _upsert("Ned Price", "spokesperson", organization="Price")
    _upsert("Cres Eastman", organization="State")
    assert set(Speaker.objects.values_list("organization", flat=True)) == {""}


def test_a_search_by_any_form_finds_the_person_and_he_finds_nobody():
    _upsert("Joseph R. Biden Jr.", "President")
    _upsert("Joe Biden")
    _upsert("Stephen Heath")
    biden = Speaker.objects.get(surname="biden")
    for form in ["Joe Biden", "joseph biden", "Biden", "Joseph R. Biden Jr."]:
        assert list(selectors.speakers_named(name=form)) == [biden], form
    assert not selectors.speakers_named(name="He").exists()
    jill = Speaker.objects.create(name="Jill Biden", key="jill biden", surname="biden")
    assert list(selectors.speakers_named(name="Joe Biden")) == [biden]
    assert list(selectors.speakers_named(name="Jill Biden")) == [jill]


def test_a_bare_office_is_the_person_quoted_with_it_around_that_date():
    trump = factories.SpeakerFactory(name="Donald Trump", key="donald trump", title="President")
    biden = factories.SpeakerFactory(name="Joe Biden", key="joe biden", title="President")
    factories.SpeakerFactory(name="Kamala Harris", key="kamala harris", title="Vice President")
    for speaker, day in [(trump, dt.date(2019, 5, 1)), (biden, dt.date(2022, 5, 1))]:
        article = factories.ArticleFactory(published=day)
        factories.QuoteFactory(article=article, speaker=speaker, published=day)
    assert speaker_for_office(name="THE PRESIDENT", published=dt.date(2022, 6, 1)) == biden
    assert speaker_for_office(name="THE PRESIDENT", published=dt.date(2019, 1, 1)) == trump
    assert speaker_for_office(name="THE PRESIDENT", published=dt.date(2010, 1, 1)) is None
    assert speaker_for_office(name="THE PRESIDENT", published=None) is None
    assert speaker_for_office(name="Joe Biden", published=dt.date(2022, 6, 1)) is None


def _quoted(name: str, outlet: str, title: str = "") -> Speaker:
    """A stored person with one quote in an article of `outlet`."""
    row = _upsert(name, title)[speaker_key(name)]
    factories.QuoteFactory(speaker=row, article=factories.ArticleFactory(source=outlet))
    return row


def _upsert_at(outlet: str, name: str, title: str = "") -> Speaker:
    found = types.FoundSpeaker(name=name, title=title)
    return speakers_upsert(speakers=[found], outlet=outlet)[speaker_key(name)]


def test_a_bare_surname_joins_the_one_person_of_that_surname_its_outlet_quotes():
    zients = _quoted("Jeff Zients", "The White House", "Chief of Staff")
    _quoted("Maria Zients", "Other News")  # a namesake another outlet quotes
    assert _upsert_at("The White House", "Zients").pk == zients.pk
    assert "Zients" in Speaker.objects.get(pk=zients.pk).aliases
    # Another outlet's bare surname joins its own person of that surname, and an outlet that
    # quotes nobody of that surname keeps a row of its own.
    assert _upsert_at("Other News", "Zients").name == "Maria Zients"
    assert _upsert_at("Third Wire", "Zients").name == "Zients"


def test_a_bare_surname_joins_neither_of_two_namesakes_of_its_outlet():
    _quoted("Joe Biden", "The White House")
    _quoted("Jill Biden", "The White House")
    assert _upsert_at("The White House", "Biden").name == "Biden"
    _quoted("Jake Sullivan", "The White House", "National Security Adviser")
    # Another office than the outlet's person of that surname: not him.
    assert _upsert_at("The White House", "Sullivan", "Senator").name == "Sullivan"


def test_a_full_name_joins_its_outlets_row_of_that_surname_alone():
    bare = _quoted("Porter", "U.S. Department of State")
    row = _upsert_at("U.S. Department of State", "Jalina Porter")
    assert row.pk == bare.pk and row.name == "Jalina Porter"
    assert _upsert_at("Other News", "Katie Porter").pk != bare.pk


def test_a_bare_surname_and_a_full_name_new_in_one_outlets_batch_make_one_row():
    found = [types.FoundSpeaker(name="Zients"), types.FoundSpeaker(name="Jeff Zients")]
    rows = speakers_upsert(speakers=found, outlet="The White House")
    assert rows["zients"].pk == rows["jeff zients"].pk
    assert rows["zients"].name == "Jeff Zients"
    two = [types.FoundSpeaker(name=n) for n in ("Harris", "Kamala Harris", "Doug Harris")]
    rows = speakers_upsert(speakers=two, outlet="The White House")
    assert rows["harris"].name == "Harris"  # two people of that surname: neither


def test_a_name_in_capitals_is_written_as_a_name_and_an_offices_initialism_is_no_name():
    assert _upsert("KIRBY")["kirby"].name == "Kirby"
    assert _upsert("Jake Sullivan")["jake sullivan"].pk == (
        _upsert("APNSA Jake Sullivan")["jake sullivan"].pk
    )
    assert Speaker.objects.get(key="jake sullivan").name == "Jake Sullivan"
    assert _upsert("Lady") == {} and _upsert("Sources in Vienna") == {}
    assert _upsert("WHO", kind="organization")["who"].kind == "organization"


def test_an_organisations_initialism_is_not_written_as_a_name_nor_kept_so_as_an_alias():
    found = [
        types.FoundSpeaker(name="KCNA", kind="organization"),
        types.FoundSpeaker(name="U.S.", kind="organization"),
    ]
    rows = speakers_upsert(speakers=found, names=["KCNA", "U.S."])
    assert {rows[k].name for k in ("kcna", speaker_key("U.S."))} == {"KCNA", "U.S."}
    assert {a for row in Speaker.objects.all() for a in row.aliases} == {"KCNA", "U.S."}


def test_another_spelling_of_a_first_name_joins_the_outlets_person_with_that_office():
    antony = _quoted("Antony J. Blinken", "U.S. Department of State", "Secretary of State")
    row = _upsert_at("U.S. Department of State", "Anthony Blinken", "Secretary of State")
    assert row.pk == antony.pk and row.name == "Antony J. Blinken"
    # Another outlet, or no office said: a row of its own.
    assert _upsert_at("Other News", "Tony Blinken", "Secretary of State").pk != antony.pk
    assert _upsert_at("U.S. Department of State", "Tony Blinken").pk != antony.pk
