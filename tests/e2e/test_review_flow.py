"""End to end in a real browser: ingest a sample article, review a claim, search a quote.

Playwright for Python drives Debian's Chromium (/usr/bin/chromium) against pytest-django's
live_server. Screenshots go to tests/artifacts/. Without Chromium the test skips, unless
REQUIRE_SERVICES=1 makes that a failure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claims import services
from claims.models import Article, Claim, Quote
from tests.conftest import REQUIRE_SERVICES

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_1760076bc07e5ae5.txt"
ARTIFACTS = ROOT / "tests" / "artifacts"
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password
QUOTE_START = "This is not abandonment."


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
    # test body are still synchronous and safe here. Scoped to this test, so other tests
    # (the deploy check) never see it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _ensure_extracted(article: Article) -> None:
    """Run the real extraction in-process and check it found what the flow needs."""
    article.refresh_from_db()
    if article.status != "done":
        services.article_extract(article=article, force=True)
    article.refresh_from_db()
    assert article.status == "done", article.status_message
    assert Claim.objects.filter(article=article, text__contains="Kandahar").exists()
    assert Quote.objects.filter(
        article=article, text__startswith=QUOTE_START, speaker__name="Ned Price"
    ).exists()


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def _logout(page) -> None:
    page.click("text=Sign out")
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))


def test_reviewer_records_a_verdict_and_editor_finds_the_quote(
    transactional_db, live_server, browser, reviewer, editor
):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    # A reviewer signs in and uploads the sample article on the ingest page.
    _login(page, base, reviewer.username)
    page.goto(f"{base}/articles/new/")
    page.set_input_files("#id_file", str(SEED))
    page.click("button:has-text('Add article')")
    expect(page.locator(".messages")).to_contain_text("Article stored")
    article = Article.objects.get()
    _ensure_extracted(article)

    # The queue lists the claim from the sample article; the reviewer opens it.
    page.goto(f"{base}/")
    expect(page.locator("h1")).to_have_text("Review queue")
    row = page.locator("table.queue tbody tr", has_text="Kandahar").first
    expect(row).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "queue.png"), full_page=True)
    row.locator("a.claim-text").click()
    expect(page.locator("mark.hl-focus")).to_contain_text("Kandahar")

    # Contradicted, with a note and an evidence URL: it tops the history.
    page.check("input[name=verdict][value=contradicted]")
    page.fill("#id_note", "Kandahar fell on Thursday night, per the governor's office.")
    page.fill("#id_evidence", "https://example.org/kandahar-report")
    page.click("button:has-text('Record verdict')")
    expect(page.locator(".messages")).to_contain_text("Verdict recorded: Contradicted.")
    latest = page.locator(".timeline li").first
    expect(latest).to_contain_text("Contradicted")
    expect(latest).to_contain_text("governor's office")
    expect(latest.locator("a[href='https://example.org/kandahar-report']")).to_have_attribute(
        "rel", "noopener nofollow noreferrer"
    )
    page.screenshot(path=str(ARTIFACTS / "claim.png"), full_page=True)
    claim_url = page.url
    _logout(page)

    # An editor searches Ned Price's quotes and sees no verdict form on the claim.
    _login(page, base, editor.username)
    page.goto(f"{base}/quotes/")
    page.fill("#id_speaker", "Ned Price")
    page.click("button:has-text('Search')")
    expect(page.locator("table.quotes")).to_contain_text(QUOTE_START[:-1])
    expect(page.locator("table.quotes")).to_contain_text("State Department spokesman")
    assert "speaker=Ned+Price" in page.url
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    page.goto(claim_url)
    expect(page.locator(".timeline li").first).to_contain_text("Contradicted")
    expect(page.locator("form[action$='/verdict/']")).to_have_count(0)
    expect(page.get_by_text("Only reviewers can record verdicts.")).to_be_visible()

    # The article page and the dashboard render the same data (screenshots for review).
    page.goto(f"{base}{article.get_absolute_url()}")
    expect(page.locator(".article-text a.hl-claim").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)
    page.goto(f"{base}/dashboard/")
    expect(page.locator("svg.chart rect.v-contradicted")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)


# The reviewer's desk: assignment, second review, the public fact-check, CSV, accessibility.

AXE = ROOT / "tests" / "e2e" / "vendor" / "axe-core" / "axe.min.js"
AXE_BLOCKING = ("serious", "critical")


def _axe_violations(page) -> list[str]:
    """Serious and critical axe-core findings on the page, as readable lines.

    axe is injected from the vendored file (never a CDN); the context bypasses CSP for that
    one inline script, the app's own pages still run under theirs.
    """
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url} {v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in results["violations"]
        if v["impact"] in AXE_BLOCKING
    ]


def _take_and_draft(page, base: str, claim: Claim) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}{claim.get_absolute_url()}")
    page.click("button:has-text('Take this claim')")
    expect(page.locator(".assignment-status")).to_contain_text("In progress by rita-reviewer")
    page.check("input[name=verdict][value=contradicted]")
    page.fill("#id_note", "Kandahar fell on Thursday night, per the governor's office.")
    page.fill("#id_evidence", "https://example.org/kandahar-report")
    page.click("button:has-text('Record verdict')")
    expect(page.locator(".messages")).to_contain_text("Draft recorded: Contradicted.")
    history = page.locator(".timeline:not(.compact) li").first
    expect(history).to_contain_text("Draft, awaiting second review")
    # The author gets no approve button; the server refuses them too (tests/views).
    expect(page.locator("button:has-text('Approve and publish')")).to_have_count(0)


def test_desk_second_review_public_fact_check_csv_and_accessibility(
    transactional_db, live_server, browser, reviewer, editor, settings
):
    import csv
    import io
    import json

    from playwright.sync_api import expect

    from tests import factories

    settings.REQUIRE_SECOND_REVIEW = True
    second = factories.UserFactory(username="bea-second", roles=["reviewers"])
    from claims.documents import parse_document

    (item,) = parse_document(SEED.name, SEED.read_bytes())  # the seed format: header + body
    article = services.article_ingest_input(item=item).article
    article.refresh_from_db()
    if article.status != "done":
        services.article_extract(article=article, force=True)
    claim = Claim.objects.filter(article=article, found=True).order_by("-score", "id").first()
    assert claim is not None, "the sample article gave no claim"
    speaker = Quote.objects.filter(article=article, speaker__isnull=False).first().speaker
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    violations: list[str] = []

    # Reviewer A takes the claim and records a draft.
    _login(page, base, reviewer.username)
    _take_and_draft(page, base, claim)
    violations += _axe_violations(page)
    page.goto(f"{base}/?tab=mine")
    expect(page.locator("table.queue")).to_contain_text("In progress by rita-reviewer")
    _logout(page)

    # The draft is not public yet.
    anonymous = browser.new_context(bypass_csp=True).new_page()
    assert anonymous.goto(f"{base}/fact-checks/{claim.pk}/").status == 404

    # Reviewer B approves it.
    _login(page, base, second.username)
    page.goto(f"{base}{claim.get_absolute_url()}")
    page.click("button:has-text('Approve and publish')")
    expect(page.locator(".messages")).to_contain_text("Approved and published: Contradicted.")
    history = page.locator(".timeline:not(.compact) li").first
    expect(history).to_contain_text("Approved by bea-second")
    _logout(page)

    # An anonymous visitor reads the published fact-check and its ClaimReview.
    response = anonymous.goto(f"{base}/fact-checks/{claim.pk}/")
    assert response.status == 200
    expect(anonymous.locator(".factcheck-verdict")).to_contain_text("Contradicted")
    expect(anonymous.locator(".review-body")).to_contain_text("governor's office")
    review = json.loads(anonymous.locator("script[type='application/ld+json']").text_content())
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"{base}/fact-checks/{claim.pk}/"
    assert review["reviewRating"]["alternateName"] == "Contradicted"
    violations += _axe_violations(anonymous)
    anonymous.goto(f"{base}/fact-checks/")
    violations += _axe_violations(anonymous)
    anonymous.screenshot(path=str(ARTIFACTS / "factchecks.png"), full_page=True)

    # An editor exports the queue (every verdict) as CSV; Python's csv module reads it.
    _login(page, base, editor.username)
    page.goto(f"{base}/?verdict=")
    with page.expect_download() as download:
        page.click("a:has-text('Download CSV')")
    body = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows and {"id", "text", "current_verdict", "assignee"} <= set(rows[0])
    assert any(r["id"] == str(claim.pk) and r["current_verdict"] == "contradicted" for r in rows)

    # Every page passes axe-core without serious or critical findings.
    for path in (
        "/",
        "/?tab=seen",
        claim.get_absolute_url(),
        "/quotes/?speaker=Ned+Price",
        "/speakers/",
        speaker.get_absolute_url(),
        "/articles/",
        article.get_absolute_url(),
        "/articles/new/",
        "/dashboard/",
    ):
        page.goto(f"{base}{path}")
        violations += _axe_violations(page)
    _logout(page)
    violations += _axe_violations(page)  # the sign-in page
    assert violations == [], "\n".join(violations)
