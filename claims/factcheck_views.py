"""Published fact-checks: public pages (whatever PUBLIC_READ says) and an Atom feed.

Only claims with a published verdict appear (with second review on, an approved one); a
claim whose verdicts are all drafts is a 404 here. Each page embeds its ClaimReview as
JSON-LD, whose `url` is the page itself (claims.api.claimreview).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from claims import selectors_desk
from claims.api.claimreview import claim_review
from claims.models import Claim

INDEX_PAGE_SIZE = 25
FEED_SIZE = 50
# JSON inside <script> must not contain "</script>" or "<!--": escape the characters that
# could start either (they only ever occur inside JSON strings, where \\u escapes are equal).
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """`data` as JSON safe to place inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE))  # noqa: S308


@require_GET
def factcheck_list(request: HttpRequest) -> HttpResponse:
    """Every published fact-check, the most recently reviewed first."""
    page = Paginator(selectors_desk.published_factchecks(), INDEX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "claims/factcheck_list.html", {"page": page})


@require_GET
def factcheck_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One published fact-check with its ClaimReview JSON-LD; 404 without a published verdict."""
    try:
        claim, verdict = selectors_desk.published_factcheck(pk=pk)
    except Claim.DoesNotExist:
        raise Http404("No published fact-check for this claim.") from None
    review = claim_review(
        claim, reviewed_at=verdict.created_at, request=request, review_body=verdict.note
    )
    context = {
        "claim": claim,
        "article": claim.article,
        "verdict": verdict,
        "json_ld": json_ld(review),
        "publisher": settings.CLAIMREVIEW_PUBLISHER_NAME,
    }
    return render(request, "claims/factcheck_detail.html", context)


class FactCheckFeed(Feed):
    """Atom feed of the newest published fact-checks."""

    feed_type = Atom1Feed
    title = "Fact-checks"
    subtitle = "The newest published fact-checks."

    def link(self) -> str:
        return reverse("claims:factcheck_list")

    def items(self) -> list[Claim]:
        return list(selectors_desk.published_factchecks()[:FEED_SIZE])

    def item_title(self, item: Claim) -> str:
        return f"{item.get_current_verdict_display()}: {item.text[:150]}"

    def item_description(self, item: Claim) -> str:
        return item.review_note or ""

    def item_link(self, item: Claim) -> str:
        return reverse("claims:factcheck_detail", args=[item.pk])

    def item_updateddate(self, item: Claim):
        return item.reviewed_at or item.updated_at

    def item_pubdate(self, item: Claim):
        return item.reviewed_at or item.updated_at

    def item_author_name(self, item: Claim) -> str:
        return settings.CLAIMREVIEW_PUBLISHER_NAME


factcheck_feed = FactCheckFeed()
