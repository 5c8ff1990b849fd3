"""The claim page: the claim in context, other appearances, the verdict form and history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import Claim, ClaimSpeaker, Verdict, VerdictChoice
from tests import factories
from tests.views.factories import ClaimFactory, article_with

pytestmark = pytest.mark.django_db

SENTENCE = "The Taliban captured Kandahar, the second-largest city, on Thursday."


def _claim(**kwargs) -> Claim:
    article, offsets = article_with(
        "Opening paragraph about 3,000 troops.",
        f"Context before. {SENTENCE} Context after.",
        "Closing paragraph.",
    )
    start = offsets[1][0] + len("Context before. ")
    return ClaimFactory(
        article=article, text=SENTENCE, start=start, end=start + len(SENTENCE), **kwargs
    )


def _url(claim: Claim) -> str:
    return reverse("claims:claim_detail", args=[claim.pk])


def _verdict_url(claim: Claim) -> str:
    return reverse("claims:claim_verdict", args=[claim.pk])


GOOD = {
    "verdict": "contradicted",
    "note": "The city fell on Friday.",
    "evidence": "https://example.org/report\nhttps://example.org/map",
}


def test_anonymous_visitor_is_redirected_to_login(client):
    response = client.get(_url(_claim()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_post_is_forbidden_and_stores_nothing(client):
    claim = _claim()
    assert client.post(_verdict_url(claim), GOOD).status_code == 403
    assert not Verdict.objects.exists()


def test_anonymous_post_is_forbidden_even_with_public_read(client, settings):
    settings.PUBLIC_READ = True
    claim = _claim()
    assert client.post(_verdict_url(claim), GOOD).status_code == 403
    assert not Verdict.objects.exists()


def test_public_read_shows_the_claim_without_a_form(client, settings):
    settings.PUBLIC_READ = True
    response = client.get(_url(_claim()))
    assert response.status_code == 200
    assert b"Record a verdict" not in response.content


def test_editor_sees_the_claim_but_no_verdict_form(client, editor):
    client.force_login(editor)
    response = client.get(_url(_claim()))
    assert response.status_code == 200
    assert b"Kandahar" in response.content
    assert b"Record a verdict" not in response.content
    assert b"Only reviewers can record verdicts." in response.content


def test_editor_cannot_post_a_verdict(client, editor):
    claim = _claim()
    client.force_login(editor)
    assert client.post(_verdict_url(claim), GOOD).status_code == 403
    assert not Verdict.objects.exists()
    claim.refresh_from_db()
    assert claim.current_verdict == VerdictChoice.UNREVIEWED


def test_reviewer_sees_the_verdict_form_with_csrf(client, reviewer):
    client.force_login(reviewer)
    html = client.get(_url(_claim())).content.decode()
    assert "Record a verdict" in html
    assert "csrfmiddlewaretoken" in html
    assert 'value="unreviewed"' not in html


def test_reviewer_records_a_verdict_and_sees_it_at_the_top_of_the_history(client, reviewer):
    claim = _claim()
    factories.VerdictFactory(claim=claim, verdict=VerdictChoice.VERIFIED, note="First look.")
    client.force_login(reviewer)
    response = client.post(_verdict_url(claim), GOOD)
    assert response.status_code == 302
    assert response["Location"] == _url(claim)
    row = Verdict.objects.latest()
    assert (row.verdict, row.reviewer, row.note) == ("contradicted", reviewer, GOOD["note"])
    assert row.evidence == ["https://example.org/report", "https://example.org/map"]
    claim.refresh_from_db()
    assert claim.current_verdict == VerdictChoice.CONTRADICTED
    html = client.get(response["Location"]).content.decode()
    assert "Verdict recorded: Contradicted." in html
    history = html.split('class="timeline"')[1]
    assert history.index("The city fell on Friday.") < history.index("First look.")
    assert "rita-reviewer" in history


def test_evidence_links_are_noopener_nofollow(client, reviewer):
    claim = _claim()
    factories.VerdictFactory(claim=claim, evidence=["https://data.example.org/x?a=1&b=2"])
    client.force_login(reviewer)
    html = client.get(_url(claim)).content.decode()
    link = 'href="https://data.example.org/x?a=1&amp;b=2" rel="noopener nofollow noreferrer"'
    assert link in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**GOOD, "verdict": "pants-on-fire"}, "Select a valid choice"),
        ({**GOOD, "verdict": "unreviewed"}, "Select a valid choice"),
        ({**GOOD, "evidence": "javascript:alert(1)"}, "is not a valid http(s) URL"),
        ({**GOOD, "evidence": "not a url"}, "is not a valid http(s) URL"),
        ({**GOOD, "evidence": ""}, "Give at least one evidence URL"),
        ({**GOOD, "note": "x" * 10_001}, "at most 10000 characters"),
        ({"note": "no verdict"}, "This field is required."),
    ],
)
def test_invalid_verdict_shows_the_form_error_and_stores_nothing(client, reviewer, data, message):
    claim = _claim()
    client.force_login(reviewer)
    response = client.post(_verdict_url(claim), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Verdict.objects.exists()


def test_unverifiable_needs_no_evidence(client, reviewer):
    claim = _claim()
    client.force_login(reviewer)
    response = client.post(_verdict_url(claim), {"verdict": "unverifiable", "note": "No data."})
    assert response.status_code == 302
    assert Verdict.objects.get().evidence == []


def test_service_validation_error_is_shown_on_the_form(client, reviewer, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"evidence": "That archive is not accepted."})

    monkeypatch.setattr("claims.services.verdict_record", refuse)
    client.force_login(reviewer)
    response = client.post(_verdict_url(_claim()), GOOD)
    assert response.status_code == 400
    assert b"That archive is not accepted." in response.content


def test_unknown_claim_is_404(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("claims:claim_detail", args=[999_999])).status_code == 404
    assert client.post(reverse("claims:claim_verdict", args=[999_999]), GOOD).status_code == 404


def test_verdict_url_refuses_get(client, reviewer):
    client.force_login(reviewer)
    assert client.get(_verdict_url(_claim())).status_code == 405


def test_post_without_csrf_token_is_forbidden(reviewer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reviewer)
    assert strict.post(_verdict_url(_claim()), GOOD).status_code == 403
    assert not Verdict.objects.exists()


def test_claim_sentence_is_highlighted_within_its_paragraph_only(client, editor):
    client.force_login(editor)
    html = client.get(_url(_claim())).content.decode()
    assert f'<mark class="hl hl-focus">{SENTENCE}</mark>' in html
    assert "Context before." in html
    assert "Opening paragraph" not in html


def test_html_in_article_and_claim_is_escaped(client, editor):
    body = "Intro <b>bold</b>.\n\nHe said <script>alert(1)</script> 40 percent rose."
    article = factories.ArticleFactory(body=body)
    start = body.index("<script>")
    ClaimFactory(article=article, text=body[start:], start=start, end=len(body))
    client.force_login(editor)
    claim = Claim.objects.get()
    html = client.get(_url(claim)).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_bad_offsets_do_not_break_the_page(client, editor):
    claim = _claim()
    Claim.objects.filter(pk=claim.pk).update(start=10_000, end=10_050)
    client.force_login(editor)
    response = client.get(_url(claim))
    assert response.status_code == 200
    assert b"no longer point into the article" in response.content


def test_no_other_appearances_says_so(client, editor):
    client.force_login(editor)
    assert b"has not been seen in any other article" in client.get(_url(_claim())).content


def test_query_count_does_not_grow_with_history(client, reviewer, django_assert_max_num_queries):
    claim = _claim(fingerprint="shared")
    client.force_login(reviewer)
    factories.VerdictFactory(claim=claim)
    with django_assert_max_num_queries(12) as few:
        client.get(_url(claim))
    for _ in range(20):
        factories.VerdictFactory(claim=claim)
        ClaimFactory(fingerprint="shared")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url(claim))


def test_a_joint_statements_claim_page_names_every_signer(client, editor):
    alvarez = factories.SpeakerFactory(name="Maria Alvarez", title="President")
    sato = factories.SpeakerFactory(name="Ken Sato", title="Prime Minister")
    claim = _claim(speaker=alvarez)
    ClaimSpeaker.objects.create(claim=claim, speaker=sato, position=1)
    client.force_login(editor)
    html = client.get(_url(claim)).content.decode()
    assert f"Claim #{claim.pk} by Maria Alvarez and Ken Sato</h1>" in html
    assert "Maria Alvarez</a>, President and <a" in html
    assert f'<a href="{sato.get_absolute_url()}">Ken Sato</a>, Prime Minister' in html
