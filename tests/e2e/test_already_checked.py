"""End to end in a real browser: a claim that another fact-checker already reviewed says so on
its page, links the review, and a reviewer takes it over as evidence for a verdict."""

from __future__ import annotations

import json

import pytest

from claims.models import ExternalFactCheck
from claims.services import claims_match
from claims.services.external_reviews import (
    external_reviews_import,
    external_reviews_match_reviews,
)
from tests.e2e.test_review_flow import ARTIFACTS, _login, browser  # noqa: F401 (fixture)
from tests.grouping import claim

pytestmark = pytest.mark.e2e

CLAIM = "Women are still paid on average only 84 cents for every dollar paid to men."
REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checker.example.org/reviews/84-cents",
    "claimReviewed": "On average, women earn 84 cents for each dollar that men are paid.",
    "datePublished": "2024-03-12",
    "author": {"@type": "Organization", "name": "Example Checks"},
    "reviewRating": {"@type": "Rating", "ratingValue": 4, "alternateName": "Mostly true"},
}


def test_already_checked_notice_links_the_review_and_fills_the_evidence(
    transactional_db,
    live_server,
    browser,  # noqa: F811 (the fixture imported above)
    reviewer,
):
    from playwright.sync_api import expect

    ours = claim(CLAIM)
    claims_match(claims=[ours])
    external_reviews_import(data=json.dumps(REVIEW).encode(), source="e2e")
    external_reviews_match_reviews(
        review_ids=list(ExternalFactCheck.objects.values_list("pk", flat=True))
    )
    page = browser.new_page()
    _login(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}{ours.get_absolute_url()}")
    notice = page.locator(".already-checked")
    expect(notice).to_contain_text("Already checked by Example Checks: Mostly true (12 Mar 2024)")
    expect(notice.locator("a", has_text="Mostly true")).to_have_attribute("href", REVIEW["url"])
    notice.locator("a", has_text="Use as evidence").click()
    expect(page.locator("#id_evidence")).to_have_value(REVIEW["url"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "already-checked.png"), full_page=True)
    page.goto(f"{live_server.url}/")
    expect(page.locator(".already-checked").first).to_contain_text("Example Checks")
