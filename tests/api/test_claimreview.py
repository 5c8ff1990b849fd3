"""schema.org ClaimReview JSON-LD: /api/claims/{id}/claimreview/ and /api/claimreview/.

Fields checked against Google's fact-check markup:
https://developers.google.com/search/docs/appearance/structured-data/factcheck
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from claims.api.claimreview import RATING_VALUES
from claims.models import ClaimSpeaker, VerdictChoice
from claims.services import verdict_record
from tests.api.conftest import ApiClaimFactory
from tests.factories import ArticleFactory, SpeakerFactory

EVIDENCE = ["https://evidence.example.org/source"]

pytestmark = pytest.mark.django_db

NUMERIC = {
    "verified": (5, "Verified"),
    "mostly_true": (4, "Mostly true"),
    "mixed": (3, "Mixed"),
    "misleading": (2, "Misleading"),
    "contradicted": (1, "Contradicted"),
}


def reviewed_claim(reviewer, verdict: str, **kwargs):
    speaker = kwargs.pop("speaker", None) or SpeakerFactory(
        name="Ned Price", title="State Department spokesman", kind="person"
    )
    article = ArticleFactory(title="Troops to leave", published=dt.date(2021, 8, 13))
    claim = ApiClaimFactory(article=article, speaker=speaker, **kwargs)
    verdict_record(claim=claim, reviewer=reviewer, verdict=verdict, evidence=EVIDENCE)
    claim.refresh_from_db()
    return claim


def test_the_scale_covers_every_numeric_verdict():
    assert set(RATING_VALUES) | {"unreviewed", "unverifiable"} == set(VerdictChoice.values)


@pytest.mark.parametrize("verdict", sorted(NUMERIC))
def test_claimreview_has_every_field_google_requires(reader, reviewer, settings, verdict):
    settings.CLAIMREVIEW_PUBLISHER_NAME = "Example Checks"
    settings.CLAIMREVIEW_PUBLISHER_URL = "https://checks.example.org/"
    claim = reviewed_claim(reviewer, verdict)
    response = reader.get(f"/api/claims/{claim.pk}/claimreview/")
    assert response.status_code == 200, response.content
    review = response.json()
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["url"].startswith("http://testserver/") and str(claim.pk) in review["url"]
    verdict_date = timezone.localdate(claim.verdicts.get().created_at)
    assert review["datePublished"] == verdict_date.isoformat()
    assert review["author"] == {
        "@type": "Organization", "name": "Example Checks", "url": "https://checks.example.org/",
    }  # fmt: skip
    value, label = NUMERIC[verdict]
    assert review["reviewRating"] == {
        "@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
        "alternateName": label,
    }  # fmt: skip
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Person", "name": "Ned Price", "jobTitle": "State Department spokesman",
    }  # fmt: skip
    assert item["datePublished"] == "2021-08-13"
    assert item["appearance"]["@type"] == "NewsArticle"
    assert item["appearance"]["url"] == claim.article.url
    assert item["appearance"]["headline"] == "Troops to leave"
    assert item["appearance"]["datePublished"] == "2021-08-13"


def test_unverifiable_gets_a_label_only_rating(reader, reviewer):
    claim = reviewed_claim(reviewer, "unverifiable")
    review = reader.get(f"/api/claims/{claim.pk}/claimreview/").json()
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_date_published_is_the_date_of_the_newest_verdict(reader, reviewer):
    claim = reviewed_claim(reviewer, "mixed")
    newest = verdict_record(claim=claim, reviewer=reviewer, verdict="verified", evidence=EVIDENCE)
    review = reader.get(f"/api/claims/{claim.pk}/claimreview/").json()
    assert review["datePublished"] == timezone.localdate(newest.created_at).isoformat()
    assert review["reviewRating"]["ratingValue"] == 5


def test_organisation_speaker_is_an_organization_without_job_title(reader, reviewer):
    ministry = SpeakerFactory(name="Ministry of Health", kind="organization", title="ministry")
    claim = reviewed_claim(reviewer, "verified", speaker=ministry)
    author = reader.get(f"/api/claims/{claim.pk}/claimreview/").json()["itemReviewed"]["author"]
    assert author == {"@type": "Organization", "name": "Ministry of Health"}


def test_claim_without_a_speaker_has_no_item_author(reader, reviewer):
    claim = ApiClaimFactory(speaker=None)
    verdict_record(claim=claim, reviewer=reviewer, verdict="verified", evidence=EVIDENCE)
    review = reader.get(f"/api/claims/{claim.pk}/claimreview/").json()
    assert "author" not in review["itemReviewed"]


def test_article_without_a_url_appears_at_its_page_here(reader, reviewer):
    article = ArticleFactory(url="")
    claim = ApiClaimFactory(article=article)
    verdict_record(claim=claim, reviewer=reviewer, verdict="verified", evidence=EVIDENCE)
    appearance = reader.get(f"/api/claims/{claim.pk}/claimreview/").json()["itemReviewed"][
        "appearance"
    ]
    assert appearance["url"] == f"http://testserver{article.get_absolute_url()}"


def test_unreviewed_claim_has_no_claimreview(reader):
    claim = ApiClaimFactory()
    response = reader.get(f"/api/claims/{claim.pk}/claimreview/")
    assert response.status_code == 404
    assert "not been reviewed" in response.json()["detail"]


def test_claimreview_is_available_as_application_ld_json(reader, reviewer):
    claim = reviewed_claim(reviewer, "verified")
    response = reader.get(f"/api/claims/{claim.pk}/claimreview/", HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert json.loads(response.content)["@type"] == "ClaimReview"
    by_format = reader.get(f"/api/claims/{claim.pk}/claimreview/", {"format": "jsonld"})
    assert by_format["Content-Type"].startswith("application/ld+json")
    assert reader.get(f"/api/claims/{claim.pk}/claimreview/")["Content-Type"].startswith(
        "application/json"
    )


def test_anonymous_visitor_gets_401(api_client, reviewer):
    claim = reviewed_claim(reviewer, "verified")
    assert api_client.get(f"/api/claims/{claim.pk}/claimreview/").status_code == 401
    assert api_client.get("/api/claimreview/").status_code == 401


def test_feed_lists_only_reviewed_claims_least_recently_updated_first(reader, reviewer):
    ApiClaimFactory()
    first = reviewed_claim(reviewer, "misleading")
    second = reviewed_claim(reviewer, "unverifiable")
    body = reader.get("/api/claimreview/").json()
    assert body["count"] == 2
    assert [r["claimReviewed"] for r in body["results"]] == [first.text, second.text]
    assert all(r["@type"] == "ClaimReview" for r in body["results"])


def test_feed_updated_since_returns_what_changed_after_the_last_poll(reader, reviewer):
    stale = reviewed_claim(reviewer, "verified")
    type(stale).objects.filter(pk=stale.pk).update(updated_at=timezone.now() - dt.timedelta(days=2))
    fresh = reviewed_claim(reviewer, "contradicted")
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    rows = reader.get("/api/claimreview/", {"updated_since": since}).json()["results"]
    assert [r["claimReviewed"] for r in rows] == [fresh.text]
    verdict_record(claim=stale, reviewer=reviewer, verdict="mixed", evidence=EVIDENCE)
    rows = reader.get("/api/claimreview/", {"updated_since": since}).json()["results"]
    assert [r["claimReviewed"] for r in rows] == [fresh.text, stale.text]


def test_feed_with_a_malformed_updated_since_is_a_400(reader):
    response = reader.get("/api/claimreview/", {"updated_since": "last tuesday"})
    assert response.status_code == 400 and "updated_since" in response.json()


def test_feed_is_available_as_application_ld_json(reader, reviewer):
    reviewed_claim(reviewer, "verified")
    response = reader.get("/api/claimreview/", HTTP_ACCEPT="application/ld+json")
    assert response["Content-Type"].startswith("application/ld+json")


@pytest.mark.parametrize("rows", [5, 50])
def test_feed_query_count_does_not_grow_with_page_size(
    reader, reviewer, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        reviewed_claim(reviewer, "verified")
    with django_assert_max_num_queries(4):
        assert len(reader.get("/api/claimreview/").json()["results"]) == rows


def test_a_joint_statements_claim_is_authored_by_each_signer_first_signer_first(reader, reviewer):
    claim = reviewed_claim(reviewer, "verified")
    sato = SpeakerFactory(name="Ken Sato", title="Prime Minister", kind="person")
    ClaimSpeaker.objects.create(claim=claim, speaker=sato, position=1)
    for url in (f"/api/claims/{claim.pk}/claimreview/", "/api/claimreview/"):
        body = reader.get(url).json()
        review = body["results"][0] if "results" in body else body
        assert review["itemReviewed"]["author"] == [
            {"@type": "Person", "name": "Ned Price", "jobTitle": "State Department spokesman"},
            {"@type": "Person", "name": "Ken Sato", "jobTitle": "Prime Minister"},
        ]
