"""Markup in stored text renders as text everywhere: pages, highlights, search, admin, JSON-LD."""

from __future__ import annotations

import json

import pytest

from claims.models import ExtractionStatus
from tests import factories
from tests.security.hostile import BREAKOUT

pytestmark = pytest.mark.django_db

XSS = '<script>alert("xss")</script>'
IMG = "<img src=x onerror=alert(2)>"
RAW = (b"<script>alert", b"<img src=x", b"</script><script>")


@pytest.fixture
def hostile() -> dict:
    """An article, speaker, quote, claim and verdict, each carrying markup."""
    body = f'{XSS} The minister said: "{IMG} Prices fell {BREAKOUT} by 12 percent." {XSS}'
    article = factories.ArticleFactory(
        title=f"Title {XSS}",
        source=f"Outlet {IMG}",
        body=body,
        status=ExtractionStatus.FAILED,
        status_message=f"Extraction failed: {XSS}",
    )
    speaker = factories.SpeakerFactory(
        name=f"Evil {IMG} Speaker", title=XSS, organization=IMG, aliases=[XSS, "Evil"]
    )
    start = body.index(IMG)
    end = body.index(" by 12") + len(" by 12 percent.")
    quote = factories.QuoteFactory(
        article=article, speaker=speaker, text=body[start:end], start=start, end=end, cue=XSS
    )
    claim = factories.ClaimFactory(
        article=article,
        speaker=speaker,
        text=body[start:end],
        start=start,
        end=end,
        fingerprint="fp-xss",
        reasons=[XSS],
        current_verdict="misleading",
    )
    verdict = factories.VerdictFactory(claim=claim, verdict="misleading", note=f"Note {XSS}")
    return {"article": article, "speaker": speaker, "quote": quote, "claim": claim,
            "verdict": verdict}  # fmt: skip


def _assert_escaped(content: bytes, where: str) -> None:
    for raw in RAW:
        assert raw not in content, f"{where}: {raw!r} unescaped"
    assert b"&lt;script&gt;" in content or b"&lt;img" in content, f"{where}: markup missing"


PAGES = [
    "/",
    "/?verdict=misleading",
    "/claims/{claim}/",
    "/articles/",
    "/articles/{article}/",
    "/quotes/",
    "/quotes/?q=Prices",
    "/quotes/?speaker=Evil",
    "/speakers/",
    "/speakers/{speaker}/",
    "/dashboard/",
]


def test_search_terms_are_escaped_back_into_the_page(client, reviewer, hostile):
    client.force_login(reviewer)
    response = client.get("/quotes/", {"q": XSS, "speaker": IMG})
    assert response.status_code == 200
    assert b"<script>alert" not in response.content and b"<img src=x" not in response.content


def test_speaker_suggestions_are_json_with_markup_as_text(client, reviewer, hostile):
    client.force_login(reviewer)
    response = client.get("/speakers/suggest/", {"q": "Evil"})
    assert response["Content-Type"] == "application/json"
    assert any(IMG in r["name"] for r in response.json()["results"])


ADMIN = [
    "/admin/claims/article/",
    "/admin/claims/article/{article}/change/",
    "/admin/claims/claim/",
    "/admin/claims/claim/{claim}/change/",
    "/admin/claims/quote/",
    "/admin/claims/quote/{quote}/change/",
    "/admin/claims/speaker/",
    "/admin/claims/speaker/{speaker}/change/",
    "/admin/claims/verdict/",
    "/admin/claims/verdict/{verdict}/change/",
]


@pytest.mark.parametrize(
    ("role", "path"), [("reviewer", p) for p in PAGES] + [("staff", p) for p in ADMIN]
)
def test_pages_and_admin_escape_stored_markup(client, request, hostile, role, path):
    client.force_login(request.getfixturevalue(role))
    ids = {name: row.pk for name, row in hostile.items()}
    response = client.get(path.format(**ids))
    assert response.status_code == 200
    _assert_escaped(response.content, path)


@pytest.mark.parametrize("fmt", ["json", "jsonld"])
@pytest.mark.parametrize("path", ["/api/claimreview/", "/api/claims/{claim}/claimreview/"])
def test_claimreview_output_cannot_close_a_script_element(client, reviewer, hostile, fmt, path):
    """Publishers paste ClaimReview into <script type="application/ld+json">: `</script>` in a
    claim must not end that element, so <, > and & are written as \\u escapes."""
    client.force_login(reviewer)
    response = client.get(path.format(claim=hostile["claim"].pk), {"format": fmt})
    assert response.status_code == 200
    assert b"<" not in response.content and b">" not in response.content
    data = json.loads(response.content)
    reviews = data.get("results", [data])
    assert BREAKOUT in reviews[0]["claimReviewed"]  # the text itself is intact


def test_api_json_is_served_as_json_not_html(client, reviewer, hostile):
    client.force_login(reviewer)
    response = client.get(f"/api/articles/{hostile['article'].pk}/")
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert XSS in response.json()["text"]
