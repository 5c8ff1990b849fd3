"""manage.py speakers_dedupe: the identity rule over stored rows (services.speaker_dedupe)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Claim, Quote, Speaker
from claims.services.speaker_corrections import speaker_alias_split
from tests import factories

pytestmark = pytest.mark.django_db


def _speaker(name: str, title: str = "", **extra) -> Speaker:
    from claims.services.speaker_names import surname_key
    from claims.services.speakers import speaker_key

    aliases = extra.pop("aliases", [name])
    return factories.SpeakerFactory(
        name=name,
        key=speaker_key(name),
        title=title,
        organization=extra.pop("organization", ""),
        aliases=aliases,
        surname=surname_key(name),
        **extra,
    )


def _dedupe(*args: str) -> str:
    out = StringIO()
    call_command("speakers_dedupe", *args, stdout=out)
    return out.getvalue()


def test_rows_of_one_person_are_merged_into_the_fullest_name_with_their_quotes_and_claims():
    short = _speaker("Antony Blinken", "Secretary of State")
    full = _speaker("Antony J. Blinken")
    kirby = _speaker("John Kirby", "Pentagon spokesman")
    surname = _speaker("Kirby", "spokesman")
    quote = factories.QuoteFactory(speaker=short)
    claim = factories.ClaimFactory(speaker=surname, fingerprint="fp-kirby")
    out = _dedupe()
    assert "merged into Antony J. Blinken: Antony Blinken" in out
    assert "merged into John Kirby: Kirby" in out
    assert Speaker.objects.count() == 2
    full.refresh_from_db()
    assert {"Antony Blinken", "Antony J. Blinken"} <= set(full.aliases)
    assert full.title == "Secretary of State"
    assert Quote.objects.get(pk=quote.pk).speaker_id == full.pk
    assert Claim.objects.get(pk=claim.pk).speaker_id == kirby.pk


def test_namesakes_and_an_initial_that_fits_two_people_are_left_alone():
    for name, title in [("Joe Biden", "President"), ("Jill Biden", "First Lady")]:
        _speaker(name, title)
    _speaker("J. Biden")
    _speaker("Jake Sullivan", "National Security Adviser")
    _speaker("Dan Sullivan", "Senator")
    assert "0 rows were merged" in _dedupe()
    assert Speaker.objects.count() == 5


def test_a_dry_run_prints_the_merges_and_changes_nothing():
    _speaker("Antony Blinken")
    _speaker("Antony J. Blinken")
    out = _dedupe("--dry-run")
    assert "merged into Antony J. Blinken: Antony Blinken" in out
    assert "1 rows would be merged into 1" in out
    assert Speaker.objects.count() == 2


def test_junk_speakers_go_and_a_bare_office_goes_to_its_holder_at_the_time():
    biden = _speaker("Joe Biden", "President")
    day = dt.date(2022, 3, 1)
    factories.QuoteFactory(speaker=biden, published=day)
    office = _speaker("THE PRESIDENT")
    he = _speaker("He")
    from_office = factories.QuoteFactory(speaker=office, published=day)
    from_he = factories.QuoteFactory(speaker=he, published=day)
    out = _dedupe()
    assert "removed (not a name): He" in out and "removed (not a name): THE PRESIDENT" in out
    assert Quote.objects.get(pk=from_office.pk).speaker_id == biden.pk
    assert Quote.objects.get(pk=from_he.pk).speaker_id is None


def test_junk_aliases_and_organisations_are_cleaned():
    row = _speaker("Ned Price", aliases=["Ned Price", "He", "I", "Price"], organization="Price")
    other = _speaker("Cres Eastman", organization="State")
    _dedupe()
    row.refresh_from_db()
    other.refresh_from_db()
    assert row.aliases == ["Ned Price", "Price"]
    assert row.organization == other.organization == ""


def test_a_split_by_an_editor_is_never_merged_back(editor):
    row = _speaker("John Kirby", "spokesman", aliases=["John Kirby", "J. Kirby"])
    split = speaker_alias_split(speaker=row, alias="J. Kirby", editor=editor)
    _dedupe()
    assert set(Speaker.objects.values_list("pk", flat=True)) == {row.pk, split.pk}


def test_a_row_named_by_a_transcript_labels_honorific_in_capitals_is_renamed_to_the_name():
    row = _speaker("MR PRICE", aliases=["Price", "MR PRICE"])
    edited = _speaker("DR. NO", edited=True)
    _dedupe()
    row.refresh_from_db()
    edited.refresh_from_db()
    assert (row.name, row.key, row.surname) == ("Price", "price", "price")
    assert edited.name == "DR. NO"  # an editor's name is left alone


def _quoted_by(row: Speaker, outlet: str) -> Quote:
    return factories.QuoteFactory(speaker=row, article=factories.ArticleFactory(source=outlet))


def test_a_bare_surname_row_joins_the_one_person_of_that_surname_its_outlets_quote():
    porter = _speaker("Jalina Porter", "Deputy Spokesperson")
    bare = _speaker("Porter", aliases=["Porter", "Ms Porter"])
    _quoted_by(porter, "U.S. Department of State")
    moved = _quoted_by(bare, "U.S. Department of State")
    _quoted_by(_speaker("Katie Porter", "Representative"), "Other News")
    out = _dedupe()
    assert "merged into Jalina Porter: Porter" in out
    assert Quote.objects.get(pk=moved.pk).speaker_id == porter.pk
    porter.refresh_from_db()
    assert {"Porter", "Ms Porter"} <= set(porter.aliases)
    assert Speaker.objects.filter(name="Katie Porter").exists()


def test_a_bare_surname_row_whose_outlet_quotes_two_namesakes_stays():
    for name in ("Joe Biden", "Jill Biden"):
        _quoted_by(_speaker(name), "The White House")
    _quoted_by(_speaker("Biden"), "The White House")
    _quoted_by(_speaker("Sullivan", "Senator"), "The White House")
    _quoted_by(_speaker("Jake Sullivan", "National Security Adviser"), "The White House")
    _speaker("Zients")  # quoted by no outlet: nothing ties it to anyone
    _quoted_by(_speaker("Jeff Zients"), "The White House")
    assert "0 rows were merged" in _dedupe()
    assert Speaker.objects.count() == 7


def test_label_forms_are_merged_as_names_capitals_and_title_initialisms_aside():
    jake = _speaker("Jake Sullivan", "National Security Adviser")
    # stored before the initialism was a title: its own key
    factories.SpeakerFactory(
        name="APNSA Jake Sullivan", key="apnsa jake sullivan", surname="sullivan", aliases=[]
    )
    kirby = _speaker("John Kirby", "NSC Coordinator")
    _quoted_by(kirby, "The White House")
    _quoted_by(_speaker("KIRBY"), "The White House")
    _speaker("Lady")
    out = _dedupe()
    assert "merged into Jake Sullivan: APNSA Jake Sullivan" in out
    assert "merged into John Kirby: Kirby" in out
    assert "removed (not a name): Lady" in out
    assert set(Speaker.objects.values_list("pk", flat=True)) == {jake.pk, kirby.pk}
    assert Speaker.objects.get(pk=jake.pk).name == "Jake Sullivan"


def test_rows_spelling_a_first_name_two_ways_join_when_one_outlet_quotes_both_in_that_office():
    antony = _speaker("Antony J. Blinken", "Secretary of State")
    anthony = _speaker("Anthony Blinken", "Secretary")
    _quoted_by(antony, "U.S. Department of State")
    _quoted_by(anthony, "Other News")
    assert "0 rows were merged" in _dedupe()
    _quoted_by(anthony, "U.S. Department of State")
    _quoted_by(_speaker("Blinken"), "U.S. Department of State")  # one person once they are one
    out = _dedupe()
    assert "merged into Antony J. Blinken: Anthony Blinken" in out
    assert "merged into Antony J. Blinken: Blinken" in out
    assert set(Speaker.objects.values_list("pk", flat=True)) == {antony.pk}
