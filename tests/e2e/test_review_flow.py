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
