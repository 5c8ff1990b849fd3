"""The dashboard: verdicts per month as an inline SVG, most quoted officials, waiting articles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import charts
from claims.models import ExtractionStatus
from tests import factories
from tests.views.factories import ClaimFactory

pytestmark = pytest.mark.django_db
URL = reverse("claims:dashboard")


def test_anonymous_visitor_is_redirected_to_login(client):
    assert client.get(URL).status_code == 302


def test_empty_dashboard_shows_empty_states(client, editor):
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "No verdicts in the last twelve months." in html
    assert "No quotes yet." in html
    assert "Nothing waiting" in html


def test_dashboard_draws_verdicts_per_month_as_svg_bars(client, editor):
    claim = ClaimFactory()
    factories.VerdictFactory(claim=claim, verdict="contradicted")
    factories.VerdictFactory(claim=claim, verdict="contradicted")
    factories.VerdictFactory(claim=claim, verdict="verified")
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert '<svg class="chart"' in html
    month = timezone.localdate().strftime("%b %Y")
    assert f"<title>{month}: 2 Contradicted</title>" in html
    assert f"<title>{month}: 1 Verified</title>" in html


def test_dashboard_lists_most_quoted_speakers_and_waiting_and_failed_articles(client, editor):
    busy = factories.SpeakerFactory(name="Busy Speaker")
    quiet = factories.SpeakerFactory(name="Quiet Speaker")
    factories.QuoteFactory.create_batch(3, speaker=busy)
    factories.QuoteFactory(speaker=quiet)
    factories.ArticleFactory(title="Still pending", status=ExtractionStatus.PENDING)
    factories.ArticleFactory(
        title="Broken one", status=ExtractionStatus.FAILED, status_message="<b>model missing</b>"
    )
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert html.index("Busy Speaker") < html.index("Quiet Speaker")
    assert "Still pending" in html
    assert "Broken one" in html
    assert "&lt;b&gt;model missing&lt;/b&gt;" in html


def test_dashboard_counts_claims_by_current_verdict(client, editor):
    ClaimFactory.create_batch(2, current_verdict="misleading")
    client.force_login(editor)
    totals = {row["verdict"]: row["count"] for row in client.get(URL).context["totals"]}
    assert totals["misleading"] == 2
    assert totals["verified"] == 0


def test_dashboard_query_count_is_bounded(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    for _ in range(20):
        factories.VerdictFactory(claim=ClaimFactory())
        factories.QuoteFactory()
    with django_assert_max_num_queries(10):
        client.get(URL)


def test_last_months_cross_the_year_boundary():
    months = charts.last_months(today=dt.date(2021, 2, 17), count=4)
    assert months == [
        dt.date(2020, 11, 1),
        dt.date(2020, 12, 1),
        dt.date(2021, 1, 1),
        dt.date(2021, 2, 1),
    ]


def test_chart_bars_stack_to_the_month_total():
    months = [dt.date(2021, 1, 1), dt.date(2021, 2, 1)]
    rows = [
        {"month": dt.datetime(2021, 2, 1, tzinfo=dt.UTC), "verdict": "verified", "count": 3},
        {"month": dt.datetime(2021, 2, 1, tzinfo=dt.UTC), "verdict": "mixed", "count": 1},
    ]
    chart = charts.verdict_month_chart(rows, months=months)
    assert [bar.total for bar in chart.bars] == [0, 4]
    heights = sum(s["height"] for s in chart.bars[1].segments)
    assert heights == pytest.approx((charts.HEIGHT - charts.BOTTOM - charts.TOP) * 4 / 4)
    assert not chart.empty


def test_most_quoted_speakers_count_only_quotes_and_break_ties_by_name(client, editor):
    for name in ("Zed Tied", "Amy Tied"):
        factories.QuoteFactory.create_batch(2, speaker=factories.SpeakerFactory(name=name))
    dropped = factories.SpeakerFactory(name="Not Quoted")
    factories.QuoteFactory.create_batch(3, speaker=dropped, not_a_quote=True)
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert html.index("Amy Tied") < html.index("Zed Tied")
    assert "Not Quoted" not in html


def test_dashboard_totals_are_cached_for_the_configured_time(client, editor, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.DASHBOARD_CACHE_SECONDS = 60
    from django.core.cache import cache

    cache.clear()
    factories.QuoteFactory(speaker=factories.SpeakerFactory(name="Early Speaker"))
    client.force_login(editor)
    assert "Early Speaker" in client.get(URL).content.decode()
    factories.QuoteFactory.create_batch(2, speaker=factories.SpeakerFactory(name="Late Speaker"))
    html = client.get(URL).content.decode()
    assert "Late Speaker" not in html and "Totals are updated every minute." in html
    cache.clear()  # the time is up
    assert "Late Speaker" in client.get(URL).content.decode()
    settings.DASHBOARD_CACHE_SECONDS = 0
    factories.QuoteFactory.create_batch(3, speaker=factories.SpeakerFactory(name="Live Speaker"))
    assert "Live Speaker" in client.get(URL).content.decode()
