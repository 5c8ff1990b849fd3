"""End to end in a real browser: at a phone's width (390 px) no page is wider than the screen,
and the speaker's "Record by month" table fits its column at 1280 px.

The pages carry what makes them wide in practice: long names, aliases, outlet names, evidence
URLs, a verdict history and the reviewer's forms.
"""

from __future__ import annotations

import datetime as dt

import pytest

from claims import services
from claims.roles import role_group
from tests import factories
from tests.e2e.test_review_flow import ARTIFACTS, _login, browser  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG_URL = "https://data.example.org/statistics/2021/ministries/annual-report-appendix-" + "x" * 80
# Elements that stick out past the right edge of the window and are not inside a box that
# scrolls sideways (those are what makes the whole page scroll).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === 'auto' || o === 'scroll' || o === 'hidden') && p !== document.body
          && p !== document.documentElement) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !scrolls(el))
    .slice(0, 8)
    .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} `
      + `right=${Math.round(el.getBoundingClientRect().right)}`);
}"""


def _data(reviewer):
    speaker = factories.SpeakerFactory(
        name="Alexandria Ocasio-Cortez Montgomery-Wellington",
        title="Deputy Assistant Secretary for Intergovernmental Affairs and Public Diplomacy",
        organization="Department of Intergovernmental Cooperation and Development",
        aliases=["Alexandria Ocasio-Cortez Montgomery-Wellington", "A. Montgomery-Wellington"],
    )
    claims = []
    for month in range(1, 9):
        article = factories.ArticleFactory(
            title=f"Ministries report on the 2021 targets, part {month}",
            body=(
                f"Officials said on Monday that {month + 40} ministries had met the 2021 target "
                "for the reconstruction of the country's intergovernmental infrastructure."
            ),
            source="The International Broadcasting Corporation of Northern Territories",
            published=dt.date(2021, month, 13),
        )
        claims.append(factories.ClaimFactory(article=article, speaker=speaker))
        factories.QuoteFactory(article=article, speaker=speaker, text=article.body[:90])
    for claim, verdict in zip(
        claims[:4], ("verified", "contradicted", "misleading", "mixed"), strict=True
    ):
        services.verdict_record(
            claim=claim,
            reviewer=reviewer,
            verdict=verdict,
            note="Checked against the ministries' published figures for each quarter of 2021.",
            evidence=[LONG_URL, "https://example.org/a"],
        )
    return speaker, claims


def test_pages_fit_a_phone_and_the_monthly_record_fits_its_column(
    transactional_db,
    live_server,
    browser,  # noqa: F811 (the fixture imported above)
    reviewer,
):
    reviewer.groups.add(role_group("editors"))  # every form a page can show
    speaker, claims = _data(reviewer)
    base = live_server.url
    pages = {
        "claim": claims[0].get_absolute_url(),
        "speaker": speaker.get_absolute_url(),
        "queue": "/?verdict=",
        "quotes": f"/quotes/?speaker={speaker.name}",
        "fact-check": f"/fact-checks/{claims[1].pk}/",
    }
    wide: list[str] = []
    page = browser.new_page(viewport=PHONE)
    _login(page, base, reviewer.username)
    for name, path in pages.items():
        assert page.goto(f"{base}{path}").status == 200, name
        scroll, view = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll > view:
            wide.append(f"{name}: {scroll} px wide in {view} px: {page.evaluate(OVERFLOWING)}")
        page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    assert wide == [], "\n".join(wide)

    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}{speaker.get_absolute_url()}")
    inner, box = page.evaluate(
        """() => { const w = document.querySelector('#record .table-wrap');
                   return [w.scrollWidth, w.clientWidth]; }"""
    )
    assert inner <= box, f"Record by month is {inner} px wide in a {box} px column"
