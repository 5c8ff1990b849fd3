"""Published fact-checks: /fact-checks/<id>/ with ClaimReview JSON-LD, the index and the feed."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from claims.services import claim_statement_set, verdict_approve, verdict_record
from tests import factories
from tests.views.factories import ClaimFactory

pytestmark = pytest.mark.django_db
EVIDENCE = ["https://data.example.org/figures"]
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _published(reviewer, text="Unemployment fell to 3 percent in 2021.", note="Figures say 4."):
    claim = ClaimFactory(text=text, speaker=factories.SpeakerFactory(name="Ann Example"))
    verdict_record(
        claim=claim, reviewer=reviewer, verdict="contradicted", note=note, evidence=EVIDENCE
    )
    return claim


def _url(claim) -> str:
    return reverse("claims:factcheck_detail", args=[claim.pk])


def test_anyone_reads_a_published_fact_check_with_its_claimreview(client, settings, reviewer):
    settings.PUBLIC_READ = False
    claim = _published(reviewer)
    response = client.get(_url(claim))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Unemployment fell to 3 percent in 2021." in html and "Ann Example" in html
    assert "Figures say 4." in html and EVIDENCE[0] in html
    review = json.loads(LD.search(html).group(1))
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"http://testserver{_url(claim)}"
    assert review["reviewBody"] == "Figures say 4."
    assert review["reviewRating"]["alternateName"] == "Contradicted"


def test_unreviewed_claim_is_a_404(client):
    assert client.get(_url(ClaimFactory())).status_code == 404


def test_a_draft_is_not_published_until_approved(client, settings, reviewer, second):
    settings.REQUIRE_SECOND_REVIEW = True
    claim = _published(reviewer)
    assert client.get(_url(claim)).status_code == 404
    assert "Unemployment" not in client.get(reverse("claims:factcheck_list")).content.decode()
    verdict_approve(verdict=claim.verdicts.get(), reviewer=second)
    assert client.get(_url(claim)).status_code == 200


def test_json_ld_cannot_close_its_script_element(client, reviewer):
    claim = _published(reviewer, text="He said </script><script>alert(1)</script> 40 times.")
    html = client.get(_url(claim)).content.decode()
    block = LD.search(html).group(1)
    assert "</script>" not in block and "<script>" not in block
    assert json.loads(block)["claimReviewed"].startswith("He said </script>")


def test_statement_is_the_claim_reviewed_and_the_heading(client, reviewer):
    claim = _published(reviewer)
    claim_statement_set(claim=claim, reviewer=reviewer, statement="Unemployment was 3% in 2021")
    html = client.get(_url(claim)).content.decode()
    assert '<h1 class="factcheck-claim">Unemployment was 3% in 2021</h1>' in html
    assert json.loads(LD.search(html).group(1))["claimReviewed"] == "Unemployment was 3% in 2021"


def test_index_lists_published_fact_checks_anonymously(client, reviewer):
    published = _published(reviewer)
    ClaimFactory(text="Unreviewed claim about 9 dams.")
    html = client.get(reverse("claims:factcheck_list")).content.decode()
    assert _url(published) in html and "9 dams" not in html


def test_atom_feed_has_an_entry_per_fact_check(client, reviewer):
    claim = _published(reviewer)
    response = client.get(reverse("claims:factcheck_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 1
    assert f"http://testserver{_url(claim)}" in body and "Contradicted: Unemployment" in body
