"""Extraction's rows: an article's quotes and claims replaced by a new extraction in place.

Quotes and claims still found (same text and offsets) keep their rows and ids, so reviewed
claims keep their verdicts; new ones are added, and the rest deleted (a claim with verdicts is
kept as not found). Called inside the store transaction of claims.services.extraction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Exists, OuterRef
from django.utils import timezone

from claims.extraction import types
from claims.models import Article, Claim, ClaimSpeaker, Quote, Speaker, Verdict
from claims.services.speakers import speaker_for_office, speaker_key

_CUE_MAX = Quote._meta.get_field("cue").max_length
_FINGERPRINT_MAX = Claim._meta.get_field("fingerprint").max_length
_MENTION_MAX = Quote._meta.get_field("speaker_mention").max_length


def speaker_for_name(
    name: str | None, speakers: dict[str, Speaker], article: Article
) -> Speaker | None:
    """The row for the engine's speaker name; a bare office ("THE PRESIDENT") is whoever held
    it around the article's date (remembered in `speakers` for the rest of the article)."""
    if not name:
        return None
    key = speaker_key(name)
    if key not in speakers:
        speakers[key] = speaker_for_office(name=name, published=article.published)
    return speakers[key]


def store_quotes(
    article: Article, found: Sequence[types.FoundQuote], speakers: dict[str, Speaker]
) -> None:
    """Keep quotes that are still found (same text and offsets), add new, delete the rest.

    One span may hold one quote per person: a joint statement's paragraph is each signer's
    own quote, so that a search for either finds it. A stored row is kept for the same span
    and the same engine speaker first, else for the same span whoever the engine names now.
    """
    existing: dict[tuple, list[Quote]] = defaultdict(list)
    delete: list[int] = []
    seen_rows: set[tuple] = set()
    for row in article.quotes.all():
        key = (row.start, row.end, row.kind, row.text)
        if (*key, row.speaker_mention) in seen_rows:
            delete.append(row.pk)
        else:
            seen_rows.add((*key, row.speaker_mention))
            existing[key].append(row)
    create: list[Quote] = []
    update: list[Quote] = []
    items: dict[tuple, types.FoundQuote] = {}
    for item in found:  # the engine may report the same quote twice: once is kept
        mention = (item.speaker or "")[:_MENTION_MAX]
        items.setdefault((item.start, item.end, item.kind, item.text, mention), item)
    # Rows for the same span and speaker first, so that a renamed speaker of a joint
    # statement's paragraph cannot take the other signer's row.
    kept: dict[tuple, Quote | None] = {k: _take(existing.get(k[:4], []), k[4], True) for k in items}
    for (*key, mention), item in items.items():
        # The engine gives an office it could not name ("THE PRESIDENT:" in a transcript that
        # never says who) as speaker_title alone: its holder at the article's date, if known.
        office = f"The {item.speaker_title}" if not item.speaker and item.speaker_title else None
        speaker = speaker_for_name(item.speaker or office, speakers, article)
        values = {
            "speaker_id": speaker.pk if speaker else None,
            "speaker_mention": mention,
            "cue": (item.cue or "")[:_CUE_MAX],
            "published": article.published,
        }
        row = kept[(*key, mention)] or _take(existing.get(tuple(key), []), mention, False)
        if row is None:
            create.append(
                Quote(
                    article=article,
                    text=item.text,
                    kind=item.kind,
                    start=item.start,
                    end=item.end,
                    **values,
                )
            )
        elif _assign(row, values):
            update.append(row)
    delete += [row.pk for rows in existing.values() for row in rows]
    if delete:
        Quote.objects.filter(pk__in=delete).delete()
    Quote.objects.bulk_update(update, ["speaker_id", "speaker_mention", "cue", "published"])
    Quote.objects.bulk_create(create)


def _take(rows: list[Quote], mention: str, same: bool) -> Quote | None:
    """Remove and return a stored row of a span: the same engine speaker's, or (`same`
    false) any left."""
    for i, row in enumerate(rows):
        if row.speaker_mention == mention or not same:
            return rows.pop(i)
    return None


def _assign(row: object, values: dict[str, object]) -> bool:
    """Set the fields that differ; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _fingerprint(item: types.FoundClaim) -> str:
    if item.fingerprint:
        return item.fingerprint[:_FINGERPRINT_MAX]
    return " ".join(item.text.casefold().split())[:_FINGERPRINT_MAX]


_CLAIM_FIELDS = [
    "text",
    "start",
    "end",
    "score",
    "reasons",
    "speaker_id",
    "speaker_mention",
    "published",
    "found",
]


def store_claims(
    article: Article, found: Sequence[types.FoundClaim], speakers: dict[str, Speaker]
) -> tuple[list[Claim], list[Claim]]:
    """Match found claims to stored ones by fingerprint; keep reviewed claims that vanished.

    A joint statement's claim also gets its other signers (`store_co_speakers`). Returns the
    article's found claims: those kept from before, and those created.
    """
    reviewed = Verdict.objects.filter(claim=OuterRef("pk"))
    signed = ClaimSpeaker.objects.filter(claim=OuterRef("pk"))
    # Locked in id order in one statement, as matching locks claims: a matching run that
    # holds some of these claims and waits for others cannot deadlock with this store.
    stored = sorted(
        article.claims.select_for_update()
        .annotate(reviewed=Exists(reviewed), signed=Exists(signed))
        .order_by("pk"),
        key=lambda row: (not row.found, row.start, row.pk),
    )
    by_fingerprint: dict[str, list[Claim]] = defaultdict(list)
    for row in stored:
        by_fingerprint[row.fingerprint].append(row)
    create: list[Claim] = []
    update: list[Claim] = []
    kept: list[Claim] = []
    signers: list[tuple[Claim, types.FoundClaim]] = []
    for item in sorted(found, key=lambda c: (c.start, c.end)):
        speaker = speaker_for_name(item.speaker, speakers, article)
        fingerprint = _fingerprint(item)
        values = {
            "text": item.text,
            "start": item.start,
            "end": item.end,
            "score": min(max(float(item.score), 0.0), 1.0),
            "reasons": list(item.reasons),
            "speaker_id": speaker.pk if speaker else None,
            "speaker_mention": (item.speaker or "")[:_MENTION_MAX],
            "published": article.published,
            "found": True,
        }
        candidates = by_fingerprint.get(fingerprint)
        if candidates:
            row = candidates.pop(0)
            kept.append(row)
            if _assign(row, values):
                row.updated_at = timezone.now()
                update.append(row)
        else:
            row = Claim(article=article, fingerprint=fingerprint, **values)
            create.append(row)
        signers.append((row, item))
    gone = [row for rows in by_fingerprint.values() for row in rows]
    delete = [row.pk for row in gone if not row.reviewed]
    for row in gone:
        if row.reviewed and row.found:
            row.found, row.updated_at = False, timezone.now()
            update.append(row)
    if delete:
        Claim.objects.filter(pk__in=delete).delete()
    Claim.objects.bulk_update(update, [*_CLAIM_FIELDS, "updated_at"])
    created = Claim.objects.bulk_create(create)
    if any(row.pk is None for row in created):  # a backend that returns no ids on insert
        ids = {
            (c.fingerprint, c.start, c.end): c.pk
            for c in article.claims.filter(found=True).only("pk", "fingerprint", "start", "end")
        }
        for row in created:
            row.pk = ids.get((row.fingerprint, row.start, row.end))
    store_co_speakers(article, signers, speakers, signed=[row.pk for row in kept if row.signed])
    return kept, created


def store_co_speakers(
    article: Article,
    signers: Sequence[tuple[Claim, types.FoundClaim]],
    speakers: dict[str, Speaker],
    signed: Sequence[int] = (),
) -> None:
    """Each found claim's co-signers (ClaimSpeaker rows) as the engine names them now: rows
    still named are kept, new ones added, the rest deleted, so a second run changes nothing.
    `signed`: the claims that had co-signers before (no query at all when none had or has).

    A co-signer is never the claim's own speaker nor listed twice; a name no row stands for
    (a phrase, a bare office nobody held) is left out.
    """
    wanted: dict[tuple[int, int], tuple[int, str]] = {}
    for claim, item in signers:
        position = 0
        for name in item.co_speakers:
            speaker = speaker_for_name(name, speakers, article)
            key = (claim.pk, speaker.pk) if speaker is not None else None
            if key is None or speaker.pk == claim.speaker_id or key in wanted:
                continue
            position += 1
            wanted[key] = (position, name[:_MENTION_MAX])
    if not wanted and not signed:
        return  # the common case: no joint statement in the article, then or now
    stored = list(ClaimSpeaker.objects.filter(claim_id__in=signed)) if signed else []
    stale, update = [], []
    for row in stored:
        now = wanted.pop((row.claim_id, row.speaker_id), None)
        if now is None:
            stale.append(row.pk)
        elif (row.position, row.mention) != now:
            row.position, row.mention = now
            update.append(row)
    if stale:
        ClaimSpeaker.objects.filter(pk__in=stale).delete()
    ClaimSpeaker.objects.bulk_update(update, ["position", "mention"])
    ClaimSpeaker.objects.bulk_create(
        ClaimSpeaker(claim_id=c, speaker_id=s, position=p, mention=m)
        for (c, s), (p, m) in wanted.items()
    )
