"""Speakers: name and alias matching, suggestions, lists, what each said."""

from __future__ import annotations

import json
import re

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    TextField,
)
from django.db.models.functions import Cast

from claims.models import (
    Claim,
    ClaimSpeaker,
    Quote,
    Speaker,
    SpeakerCorrection,
    VerdictChoice,
)
from claims.selectors.claims import by_speakers, claim_list
from claims.selectors.common import article_label, count_of


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
    # Claims count those the speaker co-signed (a joint statement's) too.
    return speakers.annotate(
        quote_count=count_of(Quote.objects.filter(not_a_quote=False)),
        claim_count=count_of(Claim.objects.filter(found=True))
        + count_of(ClaimSpeaker.objects.filter(claim__found=True)),
    ).order_by("-quote_count", "name")


def speaker_detail(*, pk: int) -> Speaker:
    """One speaker, with `co_signs` (whether they co-signed any claim: their claim lists then
    take joint statements in, `by_speakers`); raises Speaker.DoesNotExist."""
    return Speaker.objects.annotate(co_signs=co_signs()).get(pk=pk)


def co_signs() -> Exists:
    """Whether the speaker (the outer row) co-signed any claim: index-only."""
    return Exists(ClaimSpeaker.objects.filter(speaker=OuterRef("pk")))


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
    """The speaker's claims still found in their articles (those they co-signed too), newest
    first."""
    co_signed = getattr(speaker, "co_signs", None)  # speaker_detail's, else looked up
    return by_speakers(claim_list(), [speaker.pk], co_signed).order_by(
        F("published").desc(nulls_last=True), "-score", "-id"
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


_NAME_WORD = re.compile(r"\w+")


def _name_words(text: str) -> set[str]:
    return {w.casefold() for w in _NAME_WORD.findall(text or "")}


def speakers_named(*, name: str) -> QuerySet[Speaker]:
    """Speakers whose canonical name or one alias holds every word of `name` as a whole word,
    or, for a full name, a person whose name is compatible with it (the identity rule of
    claims.services.speaker_names: "Joe Biden" finds "Joseph R. Biden Jr.", not "Jill Biden").

    "biden" and "Joseph R. Biden" find him too; "He" finds nobody (it is only part of
    "Stephen"). Names containing the longest word are read, then kept word by word.
    """
    from claims.services.speaker_names import names_compatible, parse_name

    wanted = _name_words(name)
    if not wanted:
        return Speaker.objects.none()
    full = not parse_name(name).is_surname_only
    rows = speakers_matching(name=max(wanted, key=len)).only("pk", "name", "aliases", "kind")
    ids = []
    for row in rows:
        forms = [row.name, *(a for a in row.aliases or [] if isinstance(a, str))]
        if any(wanted <= _name_words(form) for form in forms) or (
            full and row.kind == "person" and any(names_compatible(name, f) for f in forms)
        ):
            ids.append(row.pk)
    return Speaker.objects.filter(pk__in=ids)


def by_speaker_name(rows: QuerySet, name: str) -> QuerySet:
    """Quotes or claims whose speaker's canonical name or an alias has the words of `name`
    (claims: or who co-signed them, `by_speakers`)."""
    name = (name or "").strip()
    if not name:
        return rows
    return by_speakers(rows, speakers_named(name=name).values("pk"))


def most_quoted_speakers(*, limit: int = 10) -> QuerySet[Speaker]:
    """The speakers with the most quotes (a `quote_count` on each), most first, then by name.

    One join of the quotes grouped by speaker, not a count subquery per speaker (which was
    400 index scans at 100,000 quotes)."""
    return (
        Speaker.objects.filter(quotes__not_a_quote=False)
        .annotate(quote_count=Count("quotes"))
        .order_by("-quote_count", "name", "pk")[:limit]
    )


def speaker_quote_counts(*, speaker: Speaker) -> dict[str, int]:
    """{"total", "direct", "indirect", "statement"}: how many quotes the speaker has, by kind."""
    counts = dict(speaker.quotes.order_by().values_list("kind").annotate(n=Count("id")))
    return {
        "total": sum(counts.values()),
        "direct": counts.get("direct", 0),
        "indirect": counts.get("indirect", 0),
        "statement": counts.get("statement", 0),
    }


def speaker_history(*, speaker: Speaker) -> QuerySet[SpeakerCorrection]:
    """The corrections that touched this speaker (as subject or target), newest first."""
    return (
        SpeakerCorrection.objects.filter(Q(speaker=speaker) | Q(target=speaker))
        .select_related("editor", "speaker", "target")
        .order_by("-created_at", "-id")
    )


def quote_detail(*, pk: int) -> Quote:
    """One quote (hidden or not) with its speaker and article; raises Quote.DoesNotExist."""
    return Quote.objects.select_related("speaker", "article").defer("article__body").get(pk=pk)
