"""Reads with their joins applied; visibility rules live here once."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable

from django.conf import settings
from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Substr, TruncMonth

from claims.models import (
    Article,
    Claim,
    ClaimGroupEvent,
    ExtractionStatus,
    Quote,
    Speaker,
    Verdict,
    VerdictChoice,
    WebhookDelivery,
    WebhookSubscription,
)

SEARCH_CONFIG = "english"  # must match the GIN index in migration 0003
_WORD = re.compile(r"\w[\w'’-]*")


def article_label(prefix: str = "article__") -> Coalesce:
    """An expression naming an article: its title, or the start of its text when untitled.

    Lets list pages defer the (large) body and still show something readable.
    """
    return Coalesce(
        NullIf(F(f"{prefix}title"), Value("")),
        Substr(f"{prefix}body", 1, 90),
        output_field=TextField(),
    )


def article_list() -> QuerySet[Article]:
    """Articles, newest first, with their quote and claim counts and a `label`."""
    return (
        Article.objects.defer("body")
        .annotate(
            # Correlated counts are computed for the page's rows only, not every article.
            quote_count=_count_of(Quote.objects.all(), "article"),
            claim_count=_count_of(Claim.objects.all(), "article"),
            label=article_label(""),
        )
        .order_by(F("published").desc(nulls_last=True), "-ingested_at", "-id")
    )


def article_detail(*, pk: int) -> Article:
    """One article with its quotes (and speakers) and its current claims prefetched."""
    return Article.objects.prefetch_related(
        _quotes_with_speaker("quotes"), _found_claims("claims")
    ).get(pk=pk)


def _quotes_with_speaker(lookup: str) -> Prefetch:
    return Prefetch(lookup, queryset=Quote.objects.select_related("speaker").order_by("start"))


def _found_claims(lookup: str) -> Prefetch:
    return Prefetch(
        lookup,
        queryset=Claim.objects.filter(found=True).select_related("speaker").order_by("start"),
    )


# Claims ---------------------------------------------------------------------------------


def claim_list() -> QuerySet[Claim]:
    """Claims still found in their article, with speaker and article (without its body).

    `article_label` names the article: its title, or the start of its text.
    """
    return (
        Claim.objects.filter(found=True)
        .select_related("speaker", "article")
        .defer("article__body")
        .annotate(article_label=article_label())
    )


def claim_queue() -> QuerySet[Claim]:
    """The review queue: claims still found, most check-worthy first, then the newest."""
    return claim_list().order_by("-score", F("published").desc(nulls_last=True), "-id")


def claim_detail(*, pk: int) -> Claim:
    """One claim (found or not) with its article and speaker, annotated with `group_verdict`
    and `seen_before` (claims.selectors_groups.claims_with_group_verdict, the group and its
    latest verdict joined); raises Claim.DoesNotExist."""
    from claims.selectors_groups import claims_with_group_verdict  # it imports this module

    return claims_with_group_verdict(Claim.objects.select_related("article", "speaker")).get(pk=pk)


def claim_history(*, claim: Claim) -> QuerySet[Verdict]:
    """Every verdict on the claim, newest first, with who gave it."""
    return claim.verdicts.select_related("reviewer").order_by("-created_at", "-id")


def claim_appearances(*, claim: Claim, limit: int = 20) -> QuerySet[Claim]:
    """The same claim (same fingerprint) in other articles, newest first."""
    if not claim.fingerprint:
        return Claim.objects.none()
    return (
        Claim.objects.filter(fingerprint=claim.fingerprint)
        .exclude(article_id=claim.article_id)
        .select_related("article", "speaker")
        .defer("article__body")
        .annotate(article_label=article_label())
        .order_by(F("published").desc(nulls_last=True), "-id")[:limit]
    )


def claim_other_appearances(*, claim: Claim, limit: int = 20) -> list[Claim]:
    """The claim's other appearances: its group's members when it has a group (matched,
    split and merged by reviewers), else the same fingerprint in other articles."""
    from claims.selectors_groups import claim_group_members

    if claim.group_id is None:
        return list(claim_appearances(claim=claim, limit=limit))
    return list(
        claim_group_members(claim=claim, limit=limit).annotate(article_label=article_label())
    )


def claim_history_entries(
    *, verdicts: Iterable[Verdict], events: Iterable[ClaimGroupEvent]
) -> list[dict]:
    """Verdicts and group events interleaved, newest first: [{"kind", "at", "row"}]."""
    rows = [{"kind": "verdict", "at": v.created_at, "id": v.pk, "row": v} for v in verdicts]
    rows += [{"kind": "group", "at": e.created_at, "id": e.pk, "row": e} for e in events]
    return sorted(rows, key=lambda r: (r["at"], r["kind"] == "verdict", r["id"]), reverse=True)


# Webhook subscriptions -----------------------------------------------------------------


def webhook_subscriptions(*, owner) -> QuerySet[WebhookSubscription]:
    """A user's own subscriptions, newest first (other users' are never visible)."""
    return WebhookSubscription.objects.filter(owner=owner).order_by("-created_at", "-id")


def webhook_deliveries(*, subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    """One subscription's deliveries, newest first, without the payload's claim join."""
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-created_at", "-id")


# Speakers -------------------------------------------------------------------------------


def _name_match(name: str, prefix: str = "speaker__") -> Q:
    """Q matching a speaker by canonical name or any alias (case-insensitive substring).

    Aliases are a JSON list, searched as text. SQLite stores JSON with non-ASCII escaped
    (\\u00fc), PostgreSQL as plain text, so both spellings of the needle are tried.
    """
    escaped = json.dumps(name)[1:-1]
    q = Q(**{f"{prefix}name__icontains": name}) | Q(**{f"{prefix}key__icontains": name.lower()})
    q |= Q(**{f"{prefix}aliases_text__icontains": name})
    if escaped != name:
        q |= Q(**{f"{prefix}aliases_text__icontains": escaped})
    return q


def speakers_matching(*, name: str) -> QuerySet[Speaker]:
    """Speakers whose canonical name or an alias contains `name`, by name."""
    name = name.strip()
    return (
        Speaker.objects.annotate(aliases_text=Cast("aliases", output_field=TextField()))
        .filter(_name_match(name, prefix=""))
        .order_by("name")
    )


def speaker_suggestions(*, q: str, limit: int = 10) -> list[dict[str, str]]:
    """Names for a search box: canonical name, title and the alias that matched (if any)."""
    q = q.strip()
    if len(q) < 2:
        return []
    rows = speakers_matching(name=q).only("name", "title", "aliases")[:limit]
    needle = q.lower()
    suggestions = []
    for speaker in rows:
        alias = next(
            (a for a in speaker.aliases or [] if isinstance(a, str) and needle in a.lower()), ""
        )
        if alias.lower() == speaker.name.lower() or needle in speaker.name.lower():
            alias = ""
        suggestions.append({"name": speaker.name, "title": speaker.title, "alias": alias})
    return suggestions


def speaker_list(*, name: str | None = None) -> QuerySet[Speaker]:
    """Speakers with their quote and claim counts, most quoted first; optional name filter."""
    speakers = Speaker.objects.all()
    if name and name.strip():
        speakers = speakers_matching(name=name)
    # Correlated counts: two joins with Count(distinct) would multiply quotes by claims.
    return speakers.annotate(
        quote_count=_count_of(Quote.objects.filter(not_a_quote=False)),
        claim_count=_count_of(Claim.objects.filter(found=True)),
    ).order_by("-quote_count", "name")


def _count_of(rows: QuerySet, owner: str = "speaker") -> Coalesce:
    """How many of `rows` belong to the outer row (their `owner`), as a subquery (0 if none)."""
    counted = (
        rows.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))


def speaker_detail(*, pk: int) -> Speaker:
    """One speaker; raises Speaker.DoesNotExist."""
    return Speaker.objects.get(pk=pk)


def speaker_quotes(*, speaker: Speaker) -> QuerySet[Quote]:
    """Everything the speaker said, newest first, with the article (without its body)."""
    return (
        speaker.quotes.filter(not_a_quote=False)
        .select_related("article")
        .defer("article__body")
        .annotate(article_label=article_label())
        .order_by(F("published").desc(nulls_last=True), "-id")
    )


def speaker_claims(*, speaker: Speaker) -> QuerySet[Claim]:
    """The speaker's claims still found in their articles, newest first."""
    return (
        claim_list()
        .filter(speaker=speaker)
        .order_by(F("published").desc(nulls_last=True), "-score", "-id")
    )


def speaker_verdict_tally(*, speaker: Speaker) -> list[dict]:
    """[{verdict, label, count}] of the speaker's claims, in the order of the verdict scale."""
    counts = dict(
        speaker_claims(speaker=speaker)
        .order_by()
        .values_list("current_verdict")
        .annotate(n=Count("id"))
    )
    return [
        {"verdict": value, "label": label, "count": counts[value]}
        for value, label in VerdictChoice.choices
        if counts.get(value)
    ]


# Quote search -----------------------------------------------------------------------------


_NAME_WORD = re.compile(r"\w+")


def _name_words(text: str) -> set[str]:
    return {w.casefold() for w in _NAME_WORD.findall(text or "")}


def speakers_named(*, name: str) -> QuerySet[Speaker]:
    """Speakers whose canonical name or one alias holds every word of `name` as a whole word.

    "Joe Biden", "biden" and "Joseph R. Biden" find the same person; "He" finds nobody (it is
    only part of "Stephen"). Names containing the words are read, then kept word by word.
    """
    wanted = _name_words(name)
    if not wanted:
        return Speaker.objects.none()
    rows = speakers_matching(name=max(wanted, key=len)).only("pk", "name", "aliases")
    ids = [
        row.pk
        for row in rows
        if any(
            wanted <= _name_words(form)
            for form in [row.name, *(a for a in row.aliases or [] if isinstance(a, str))]
        )
    ]
    return Speaker.objects.filter(pk__in=ids)


def by_speaker_name(rows: QuerySet, name: str) -> QuerySet:
    """Quotes or claims whose speaker's canonical name or an alias has the words of `name`."""
    name = (name or "").strip()
    if not name:
        return rows
    return rows.filter(speaker_id__in=speakers_named(name=name).values("pk"))


def quotes_by_text(quotes: QuerySet[Quote], q: str) -> QuerySet[Quote]:
    """Quotes matching words: ranked full-text search on PostgreSQL, AND of substrings else."""
    q = (q or "").strip()
    if not q:
        return quotes
    if settings.USING_POSTGRES:
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("text", config=SEARCH_CONFIG)
        query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        return (
            quotes.annotate(search=vector)
            .filter(search=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", F("published").desc(nulls_last=True), "-id")
        )
    words = _WORD.findall(q) or [q]
    for word in words:
        quotes = quotes.filter(text__icontains=word)
    return quotes


def quote_search(
    *,
    speaker: str | None = None,
    q: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    outlet: str | None = None,
) -> QuerySet[Quote]:
    """Quotes by speaker name or alias, words, date range and outlet; best matches first.

    Without words the newest quotes come first. Every argument is optional.
    """
    quotes = (
        Quote.objects.filter(not_a_quote=False)
        .select_related("speaker", "article")
        .defer("article__body")
        .annotate(article_label=article_label())
        .order_by(F("published").desc(nulls_last=True), "-id")
    )
    if date_from:
        quotes = quotes.filter(published__gte=date_from)
    if date_to:
        quotes = quotes.filter(published__lte=date_to)
    if outlet and outlet.strip():
        quotes = quotes.filter(article__source__iexact=outlet.strip())
    quotes = by_speaker_name(quotes, speaker or "")
    return quotes_by_text(quotes, q or "")


def outlet_names() -> list[str]:
    """Every distinct article source, alphabetically (for filter suggestions)."""
    return list(
        Article.objects.exclude(source="")
        .order_by("source")
        .values_list("source", flat=True)
        .distinct()
    )


# Dashboard --------------------------------------------------------------------------------


def verdicts_by_month(*, since: dt.date) -> list[dict]:
    """[{month, verdict, count}] of verdicts recorded per month since a date, oldest first."""
    return list(
        Verdict.objects.filter(created_at__date__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "verdict")
        .annotate(count=Count("id"))
        .order_by("month", "verdict")
    )


def claim_verdict_totals() -> dict[str, int]:
    """How many found claims carry each current verdict."""
    return dict(
        Claim.objects.filter(found=True)
        .order_by()
        .values_list("current_verdict")
        .annotate(n=Count("id"))
    )


def most_quoted_speakers(*, limit: int = 10) -> QuerySet[Speaker]:
    """The speakers with the most quotes (a `quote_count` on each)."""
    return (
        Speaker.objects.annotate(quote_count=_count_of(Quote.objects.filter(not_a_quote=False)))
        .filter(quote_count__gt=0)
        .order_by("-quote_count", "name")[:limit]
    )


def articles_by_status(*, statuses: Iterable[str], limit: int = 20) -> QuerySet[Article]:
    """Articles in the given extraction statuses, oldest ingestion first (the queue order)."""
    return (
        Article.objects.filter(status__in=list(statuses))
        .defer("body")
        .annotate(label=article_label(""))
        .order_by("ingested_at", "id")[:limit]
    )


def articles_waiting(*, limit: int = 20) -> QuerySet[Article]:
    """Articles whose extraction is pending or running."""
    return articles_by_status(
        statuses=[ExtractionStatus.PENDING, ExtractionStatus.PROCESSING], limit=limit
    )


def articles_failed(*, limit: int = 20) -> QuerySet[Article]:
    """Articles whose extraction failed, with the reason in status_message."""
    return articles_by_status(statuses=[ExtractionStatus.FAILED], limit=limit)


# API -------------------------------------------------------------------------------------


def speaker_quote_counts(*, speaker: Speaker) -> dict[str, int]:
    """{"total", "direct", "indirect"}: how many quotes the speaker has, by kind."""
    counts = dict(speaker.quotes.order_by().values_list("kind").annotate(n=Count("id")))
    return {
        "total": sum(counts.values()),
        "direct": counts.get("direct", 0),
        "indirect": counts.get("indirect", 0),
    }


def claim_rows() -> QuerySet[Claim]:
    """Claims still found in their article, with speaker and article (without its body) and
    no annotations, so counting them stays a one-table query (the API's claim list)."""
    return (
        Claim.objects.filter(found=True).select_related("speaker", "article").defer("article__body")
    )


def claim_reviews() -> QuerySet[Claim]:
    """Reviewed claims (any verdict but unreviewed) with `reviewed_at`, the time of their
    newest verdict; least recently updated first, so pollers can page forward."""
    newest = (
        Verdict.objects.filter(claim=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return (
        Claim.objects.exclude(current_verdict=VerdictChoice.UNREVIEWED)
        .select_related("speaker", "article")
        .defer("article__body")
        .annotate(reviewed_at=Subquery(newest))
        .order_by("updated_at", "id")
    )
