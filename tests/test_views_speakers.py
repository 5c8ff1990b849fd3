"""Speaker corrections on pages: speaker page, quote rows, claim page (claims.views_speakers)."""

from __future__ import annotations

import pytest

from claims.models import Quote, Speaker, SpeakerCorrection
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_speaker_page_offers_corrections_to_editors_and_shows_the_history(editor_client):
    kirby = factories.SpeakerFactory(name="Kirby", key="kirby", aliases=["Kirby", "J. Kirby"])
    factories.QuoteFactory(speaker=kirby)
    response = editor_client.post(
        f"/speakers/{kirby.pk}/edit/", {"name": "John Kirby", "title": "Spokesman"}
    )
    assert response.status_code == 302
    page = editor_client.get(f"/speakers/{kirby.pk}/").content.decode()
    assert "Correct this speaker" in page and "Split alias off" in page
    assert (
        "Edited name, title or organisation: Kirby (Spokesperson) → John Kirby (Spokesman)" in page
    )
    assert "by ed-editor" in page


def test_a_reader_sees_no_correction_forms(client):
    reader = factories.UserFactory(username="pat-plain")
    client.force_login(reader)
    speaker = factories.SpeakerFactory()
    factories.QuoteFactory(speaker=speaker)
    page = client.get(f"/speakers/{speaker.pk}/").content.decode()
    assert "Correct this speaker" not in page and "Not a quote" not in page
    assert client.post(f"/speakers/{speaker.pk}/edit/", {"name": "X Y"}).status_code == 403


def test_merge_by_name_on_the_speaker_page(editor_client):
    keep = factories.SpeakerFactory(name="Antony J. Blinken", key="antony j blinken", aliases=[])
    other = factories.SpeakerFactory(name="Antony Blinken", key="antony blinken", aliases=[])
    quote = factories.QuoteFactory(speaker=other)
    response = editor_client.post(f"/speakers/{keep.pk}/merge/", {"speaker": "Antony Blinken"})
    assert response.status_code == 302
    assert not Speaker.objects.filter(pk=other.pk).exists()
    assert Quote.objects.get(pk=quote.pk).speaker_id == keep.pk


def test_a_bad_correction_is_a_400_with_the_reason(editor_client):
    speaker = factories.SpeakerFactory()
    response = editor_client.post(f"/speakers/{speaker.pk}/merge/", {"speaker": "Nobody Known"})
    assert response.status_code == 400
    assert "No speaker is called" in response.content.decode()
    response = editor_client.post(f"/speakers/{speaker.pk}/edit/", {"name": "He"})
    assert response.status_code == 400
    assert editor_client.post(f"/speakers/{speaker.pk}/split/", {"alias": "x"}).status_code == 400
    assert SpeakerCorrection.objects.count() == 0


def test_a_quote_row_sets_the_speaker_or_hides_the_quote(editor_client):
    right = factories.SpeakerFactory(name="Jen Psaki", key="jen psaki")
    quote = factories.QuoteFactory()
    url = f"/quotes/{quote.pk}/correct/"
    response = editor_client.post(url, {"speaker": "Jen Psaki", "next": "/quotes/"})
    assert response.status_code == 302 and response["Location"] == "/quotes/"
    assert Quote.objects.get(pk=quote.pk).speaker_id == right.pk
    editor_client.post(url, {"speaker": "", "next": "https://evil.example.org/"})
    assert Quote.objects.get(pk=quote.pk).speaker_id is None
    editor_client.post(url, {"not_a_quote": "on"})
    assert Quote.objects.get(pk=quote.pk).not_a_quote


def test_the_claim_page_sets_the_claims_speaker(editor_client):
    speaker = factories.SpeakerFactory(name="Jen Psaki", key="jen psaki")
    claim = factories.ClaimFactory(fingerprint="fp-psaki")
    assert "Set speaker" in editor_client.get(f"/claims/{claim.pk}/").content.decode()
    response = editor_client.post(f"/claims/{claim.pk}/speaker/", {"speaker": str(speaker.pk)})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.speaker_id == speaker.pk


def test_he_matches_nobody_on_the_quote_search_page(editor_client):
    factories.QuoteFactory(speaker=factories.SpeakerFactory(name="Stephen Heath", key="s heath"))
    page = editor_client.get("/quotes/", {"speaker": "He"}).content.decode()
    assert "Stephen Heath" not in page
    assert "Stephen Heath" in editor_client.get("/quotes/", {"speaker": "Heath"}).content.decode()
