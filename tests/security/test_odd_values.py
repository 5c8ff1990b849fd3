"""Values that used to answer 500 or slip through: a NUL in a search, a date at the end of
the calendar, a list where a filter value goes, a backslash in a webhook URL, the webhook
admin form skipping the URL check, and characters that make text read differently from what
it is (bidi overrides, zero-width and C1 controls, terminal escape sequences)."""

from __future__ import annotations

import pytest

from claims.models import ClaimGroupEvent, Speaker, Verdict, WebhookSubscription
from claims.services import claim_group_split, claims_match, speakers_upsert, verdict_record
from tests.api.conftest import token_client
from tests.factories import ClaimFactory
from tests.grouping import claim

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # right-to-left override
ZWSP = "\u200b"  # zero width space
C1 = "\x85"  # next line, a C1 control
ANSI = "\x1b[2J\x1b[31m"  # clear the screen, then red
EVIDENCE = ["https://evidence.example.org/source"]


@pytest.mark.parametrize(
    ("path", "params"),
    [("/speakers/", {"name": "Bi\x00den"}), ("/speakers/suggest/", {"q": "Bi\x00den"})],
)
def test_a_nul_in_a_speaker_search_is_a_400(client, editor, path, params):
    client.force_login(editor)
    response = client.get(path, params)
    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.parametrize("as_of", ["9999-12-31", "2999-01-01"])
def test_a_date_at_the_end_of_the_calendar_gives_the_standing_verdict(client, reviewer, as_of):
    claim = ClaimFactory(fingerprint="fp-as-of-end")
    verdict_record(claim=claim, reviewer=reviewer, verdict="verified", evidence=EVIDENCE)
    client.force_login(reviewer)
    assert client.get(f"/claims/{claim.pk}/", {"as_of": as_of}).status_code == 200
    body = token_client(reviewer).get(f"/api/claims/{claim.pk}/", {"as_of": as_of}).json()
    assert body["verdict_as_of"]["verdict"] == "verified"


WEBHOOK_REFUSED = [
    ({"url": "https://hooks.example.org/x", "filters": {"verdicts": [["verified"]]}}, "filters"),
    ({"url": "https://hooks.example.org/x", "filters": {"speakers": [[1]]}}, "filters"),
    ({"url": "https://hooks.example.org/x", "filters": ["verdicts"]}, "filters"),
    ({"url": "https://hooks.example.org\\@evil.example/x"}, "url"),
    ({"url": "https://hooks.example.org/\\x"}, "url"),
    ({"url": f"https://hooks.example.org/{RLO}gpj.exe"}, "url"),
    ({"url": f"https://hooks{ZWSP}.example.org/"}, "url"),
]


@pytest.mark.parametrize(("body", "field"), WEBHOOK_REFUSED)
def test_the_api_refuses_odd_webhook_subscriptions(reviewer, body, field):
    response = token_client(reviewer).post("/api/webhooks/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    ("url", "filters"),
    [
        ("http://127.0.0.1:8000/hook", "{}"),
        ("http://169.254.169.254/latest/meta-data/", "{}"),
        ("https://hooks.example.org\\@evil.example/x", "{}"),
        ("ftp://hooks.example.org/x", "{}"),
        ("https://hooks.example.org/x", '{"verdicts": [["verified"]]}'),
        ("https://hooks.example.org/x", '{"colour": "red"}'),
    ],
)
def test_the_webhook_admin_form_checks_url_and_filters_like_the_api(settings, staff, url, filters):
    from claims.admin import WebhookSubscriptionForm

    settings.WEBHOOK_ALLOW_PRIVATE = False
    form = WebhookSubscriptionForm(
        data={"owner": staff.pk, "url": url, "filters": filters, "active": "on"}
    )
    assert not form.is_valid()
    assert set(form.errors) <= {"url", "filters"} and form.errors


def test_the_webhook_admin_form_accepts_a_public_url(settings, staff):
    from claims.admin import WebhookSubscriptionForm

    settings.WEBHOOK_ALLOW_PRIVATE = False
    form = WebhookSubscriptionForm(
        data={
            "owner": staff.pk,
            "url": "https://hooks.example.org/x",
            "filters": '{"verdicts": ["verified"]}',
            "active": "on",
        }
    )
    assert form.is_valid(), form.errors


def test_a_verdict_note_keeps_its_words_without_spoofing_characters(reviewer):
    claim = ClaimFactory(fingerprint="fp-note")
    verdict_record(
        claim=claim,
        reviewer=reviewer,
        verdict="misleading",
        note=f"Checked{ZWSP} the {RLO}budget{C1} table.{ANSI} Fine.\nSecond line.",
        evidence=EVIDENCE,
    )
    assert Verdict.objects.get().note == "Checked the budget table. Fine.\nSecond line."


@pytest.mark.parametrize("url", [f"https://data.example.org/{RLO}x", "https://a.org\\@b.org/"])
def test_evidence_urls_with_spoofing_characters_or_a_backslash_are_refused(reviewer, url):
    claim = ClaimFactory(fingerprint="fp-evidence")
    response = token_client(reviewer).post(
        f"/api/claims/{claim.pk}/verdicts/",
        {"verdict": "verified", "evidence": [url]},
        format="json",
    )
    assert response.status_code == 400
    assert "evidence" in response.json()
    assert not Verdict.objects.exists()


def test_a_group_note_is_stored_without_escape_sequences(reviewer):
    first = claim("Crime in Chicago has doubled since 2015.")
    second = claim("Since 2015, crime has doubled in Chicago.")
    claims_match(claims=[first])
    claims_match(claims=[second])
    second.refresh_from_db()
    claim_group_split(claim=second, reviewer=reviewer, note=f"{ANSI}Different{RLO} city")
    assert ClaimGroupEvent.objects.get(action="split").note == "Different city"


def test_speaker_names_from_articles_lose_spoofing_characters():
    speakers_upsert(speakers=[], names=[f"Ned{ZWSP} Pr{RLO}ice"])
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Ned Price"]


def test_an_article_title_loses_spoofing_characters_and_a_url_with_them_is_refused(
    ingest_user,
):
    client = token_client(ingest_user)
    text = "The minister said on Monday that 14 hospitals would open by 2025."
    stored = client.post(
        "/api/articles/", {"text": text, "title": f"Budget{ZWSP} {RLO}news"}, format="json"
    )
    assert stored.status_code in (201, 202), stored.content
    assert stored.json()["title"] == "Budget news"
    refused = client.post(
        "/api/articles/",
        {"text": text + " Again.", "url": f"https://news.example.org/{RLO}a"},
        format="json",
    )
    assert refused.status_code == 400
