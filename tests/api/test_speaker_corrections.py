"""Speaker corrections through the API: PATCH /api/speakers/{id}/, POST .../merge/ and
.../split/, PATCH /api/quotes/{id}/ and /api/claims/{id}/, GET .../history/."""

from __future__ import annotations

import pytest

from claims.models import ClaimSpeaker, CorrectionAction, Quote, Speaker, SpeakerCorrection
from tests.api.conftest import ApiClaimFactory, token_client
from tests.factories import QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(editor):
    return token_client(editor)


def test_an_editor_edits_a_speaker_and_the_edit_is_in_its_history(editor_client):
    kirby = SpeakerFactory(name="Kirby", key="kirby", aliases=["Kirby"])
    response = editor_client.patch(
        f"/api/speakers/{kirby.pk}/",
        {"name": "John Kirby", "title": "Pentagon Press Secretary"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "John Kirby"
    kirby.refresh_from_db()
    assert (kirby.key, kirby.edited, kirby.aliases) == ("john kirby", True, ["Kirby"])
    history = editor_client.get(f"/api/speakers/{kirby.pk}/history/").json()
    assert [row["action"] for row in history] == ["edit"]
    assert history[0]["editor"] == "ed-editor"
    assert history[0]["before"]["name"] == "Kirby"
    assert history[0]["after"]["name"] == "John Kirby"


def test_a_reviewer_merges_two_speakers(reviewer_client):
    keep = SpeakerFactory(name="Antony J. Blinken", key="antony j blinken", aliases=[])
    other = SpeakerFactory(name="Antony Blinken", key="antony blinken", aliases=["Blinken"])
    quote = QuoteFactory(speaker=other)
    response = reviewer_client.post(
        f"/api/speakers/{keep.pk}/merge/", {"other": other.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert not Speaker.objects.filter(pk=other.pk).exists()
    assert Quote.objects.get(pk=quote.pk).speaker_id == keep.pk
    assert {"Antony Blinken", "Blinken"} <= set(response.json()["aliases"])
    assert reviewer_client.get("/api/quotes/", {"speaker": "Antony Blinken"}).json()["count"] == 1


def test_merging_with_itself_or_nobody_is_a_400(editor_client):
    row = SpeakerFactory()
    url = f"/api/speakers/{row.pk}/merge/"
    assert editor_client.post(url, {"other": row.pk}, format="json").status_code == 400
    assert editor_client.post(url, {"other": 987654}, format="json").status_code == 400
    assert editor_client.post(url, {"other": "x"}, format="json").status_code == 400
    assert SpeakerCorrection.objects.count() == 0


def test_an_alias_is_split_off_with_the_quotes_said_under_it(editor_client):
    row = SpeakerFactory(name="Dan Sullivan", key="dan sullivan", aliases=["Jake Sullivan"])
    wrong = QuoteFactory(speaker=row, speaker_mention="Jake Sullivan")
    right = QuoteFactory(speaker=row, speaker_mention="Dan Sullivan")
    url = f"/api/speakers/{row.pk}/split/"
    response = editor_client.post(url, {"alias": "Jake Sullivan"}, format="json")
    assert response.status_code == 200, response.content
    jake = Speaker.objects.get(pk=response.json()["id"])
    assert jake.name == "Jake Sullivan"
    assert Quote.objects.get(pk=wrong.pk).speaker_id == jake.pk
    assert Quote.objects.get(pk=right.pk).speaker_id == row.pk
    assert editor_client.post(url, {"alias": "Nobody"}, format="json").status_code == 400


def test_a_quote_gets_another_speaker_none_or_is_marked_not_a_quote(editor_client):
    right = SpeakerFactory(name="Jen Psaki", key="jen psaki")
    quote = QuoteFactory()
    url = f"/api/quotes/{quote.pk}/"
    response = editor_client.patch(url, {"speaker": right.pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["speaker"]["id"] == right.pk
    assert editor_client.patch(url, {"speaker": None}, format="json").json()["speaker"] is None
    response = editor_client.patch(url, {"not_a_quote": True}, format="json")
    assert response.json()["not_a_quote"] is True
    assert editor_client.get("/api/quotes/").json()["count"] == 0
    actions = list(SpeakerCorrection.objects.values_list("action", flat=True))
    assert sorted(actions) == sorted(
        [CorrectionAction.QUOTE_SPEAKER] * 2 + [CorrectionAction.NOT_A_QUOTE]
    )


@pytest.mark.parametrize(
    "body", [{}, {"speaker": 987654}, {"speaker": "x"}, {"not_a_quote": "maybe"}]
)
def test_a_bad_quote_correction_is_a_400(editor_client, body):
    quote = QuoteFactory()
    assert editor_client.patch(f"/api/quotes/{quote.pk}/", body, format="json").status_code == 400


def test_a_claims_speaker_is_set_by_patch(editor_client):
    speaker = SpeakerFactory()
    claim = ApiClaimFactory()
    response = editor_client.patch(
        f"/api/claims/{claim.pk}/", {"speaker": speaker.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert claim.speaker_id == speaker.pk


def test_a_claims_speaker_set_by_patch_is_its_only_one(editor_client):
    first, second, chosen = SpeakerFactory(), SpeakerFactory(), SpeakerFactory()
    claim = ApiClaimFactory(speaker=first)
    ClaimSpeaker.objects.create(claim=claim, speaker=second, position=1)
    assert len(editor_client.get(f"/api/claims/{claim.pk}/").json()["speakers"]) == 2
    response = editor_client.patch(
        f"/api/claims/{claim.pk}/", {"speaker": chosen.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert [s["id"] for s in response.json()["speakers"]] == [chosen.pk]
    assert not ClaimSpeaker.objects.exists()


def test_a_read_only_token_corrects_nothing(plain_client):
    row, other = SpeakerFactory(), SpeakerFactory()
    quote = QuoteFactory()
    answers = [
        plain_client.patch(f"/api/speakers/{row.pk}/", {"title": "x"}, format="json"),
        plain_client.post(f"/api/speakers/{row.pk}/merge/", {"other": other.pk}, format="json"),
        plain_client.patch(f"/api/quotes/{quote.pk}/", {"speaker": None}, format="json"),
    ]
    assert [a.status_code for a in answers] == [403, 403, 403]
    assert SpeakerCorrection.objects.count() == 0


def test_he_matches_nobody_on_the_api(editor_client):
    QuoteFactory(speaker=SpeakerFactory(name="Stephen Heath", key="stephen heath"))
    assert editor_client.get("/api/quotes/", {"speaker": "He"}).json()["count"] == 0
    assert editor_client.get("/api/quotes/", {"speaker": "heath"}).json()["count"] == 1
