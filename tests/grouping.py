"""Helpers for the claim-group tests: claims with a plain fingerprint, verdicts at set times."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from claims.models import Claim, Verdict
from tests import factories

_articles = itertools.count()


def plain_fingerprint(text: str) -> str:
    """The extraction service's fallback fingerprint (case-folded, spaces collapsed)."""
    return " ".join(text.casefold().split())[:64]


def claim(text: str, **kwargs) -> Claim:
    """A claim on its own new article (unless `article` is given) with a plain fingerprint."""
    article = kwargs.pop("article", None) or factories.ArticleFactory(
        body=f"{text} (article {next(_articles)})"
    )
    return factories.ClaimFactory(
        article=article, text=text, fingerprint=plain_fingerprint(text), **kwargs
    )


def verdict_at(claim: Claim, verdict: str, when: dt.datetime, **kwargs) -> Verdict:
    """A verdict row created at a given time (Verdict.save refuses updates, so set it now);
    the claim's current verdict follows its newest row, as verdict_record keeps it."""
    if timezone.is_naive(when):
        when = timezone.make_aware(when, timezone.get_current_timezone())
    row = factories.VerdictFactory(claim=claim, verdict=verdict, created_at=when, **kwargs)
    newest = claim.verdicts.order_by("-created_at", "-id").first()
    Claim.objects.filter(pk=claim.pk).update(current_verdict=newest.verdict)
    claim.current_verdict = newest.verdict
    return row


def at(*args: int) -> dt.datetime:
    """An aware datetime in UTC (the test site's time zone): at(2021, 8, 14, 10)."""
    return dt.datetime(*args, tzinfo=dt.UTC)
