"""End to end in a real browser: an editor merges two speakers and corrects a quote's speaker;
both corrections survive `manage.py reextract` and show in the speaker's history.

Same set-up as tests/e2e/test_review_flow.py (Debian's Chromium, live_server; skips without
Chromium unless REQUIRE_SERVICES=1). The sample article is extracted by the real engine.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from claims import services
from claims.models import Article, Quote, Speaker
from tests import factories
from tests.e2e.test_review_flow import ARTIFACTS, QUOTE_START, SEED, _login, browser  # noqa: F401

pytestmark = pytest.mark.e2e


def _ingest_seed() -> Article:
    call_command("ingest", str(SEED), stdout=StringIO())
    article = Article.objects.get()
    if article.status != "done":
        services.article_extract(article=article, force=True)
    article.refresh_from_db()
    assert article.status == "done", article.status_message
    return article


def test_editor_merges_speakers_and_corrects_a_quote_and_reextraction_keeps_both(
    transactional_db,
    live_server,
    browser,  # noqa: F811
    editor,
):
    from playwright.sync_api import expect

    article = _ingest_seed()
    quote = Quote.objects.get(article=article, text__startswith=QUOTE_START)
    ned = quote.speaker
    assert ned is not None and ned.name == "Ned Price"
    # The same person stored twice (an older extraction), and the person who really said it.
    twin = factories.SpeakerFactory(name="N. Price", key="n price", title="", aliases=["N. Price"])
    factories.QuoteFactory(speaker=twin, text="An older quote.")
    psaki = factories.SpeakerFactory(name="Jen Psaki", key="jen psaki", title="Press Secretary")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _login(page, base, editor.username)

    # Merge the twin into Ned Price on his page (by number: "N. Price" fits him by name too).
    page.goto(f"{base}{ned.get_absolute_url()}")
    page.fill("#merge-other", str(twin.pk))
    page.click("button:has-text('Merge into Ned Price')")
    expect(page.locator(".messages")).to_contain_text("Merged N. Price into Ned Price.")
    expect(page.locator(".aliases")).to_contain_text("N. Price")

    # Correct one quote's speaker from its row on the same page.
    row = page.locator("tr", has_text=QUOTE_START[:-1]).first
    row.locator("input[name=speaker]").fill("Jen Psaki")
    row.locator("button:has-text('Set')").click()
    expect(page.locator(".messages")).to_contain_text("Quote corrected.")
    history = page.locator("#history")
    expect(history).to_contain_text("Merged speakers: N. Price into Ned Price")
    expect(history).to_contain_text("Set a quote's speaker: Ned Price → Jen Psaki")
    expect(history).to_contain_text(f"by {editor.username}")
    page.screenshot(path=str(ARTIFACTS / "speaker-corrections.png"), full_page=True)

    # Re-extraction runs the engine again; the corrections are applied again.
    call_command("reextract", str(article.pk), stdout=StringIO())
    article.refresh_from_db()
    assert article.status == "done"
    again = Quote.objects.get(article=article, text__startswith=QUOTE_START)
    assert again.speaker_id == psaki.pk
    assert not Speaker.objects.filter(pk=twin.pk).exists()
    assert Quote.objects.filter(text="An older quote.", speaker=ned).exists()

    page.goto(f"{base}/quotes/?speaker=Jen+Psaki")
    expect(page.locator("table.quotes")).to_contain_text(QUOTE_START[:-1])
    page.goto(f"{base}{ned.get_absolute_url()}")
    expect(page.locator("#history")).to_contain_text("Set a quote's speaker")
    assert re.search(r"N\. Price", page.locator(".aliases").inner_text())
