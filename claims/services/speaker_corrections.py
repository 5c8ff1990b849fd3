"""Speaker corrections by hand: merge, split an alias off, edit, re-attribute, not a quote.

Editors and reviewers (permission `claims.change_speaker`) make them. Each one is a
`SpeakerCorrection` row (who, when, before, after) shown in the speaker's history, and each
is also a rule that re-extraction and `speakers_dedupe` apply again:

- merge: every name of the merged-away speaker resolves to the one kept (`name_rules`); its
  quotes, claims and co-signatures (ClaimSpeaker) move too;
- split: the alias resolves to its own speaker, which dedupe never merges back (`kept_apart`);
- edit: the row is marked `edited`, so extraction no longer changes its name, title or
  organisation;
- a quote's (or claim's) speaker and "not a quote": after each re-extraction of the article,
  `corrections_apply` sets them again on the span (quote: start and end; claim: fingerprint;
  a claim's speaker set by hand is its only one: a joint statement's co-signers are dropped).

Corrections name speakers by id in `before`/`after`; a speaker merged away later is followed
to the one it was merged into (`_merged_into`), so older rules keep working.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from claims.models import (
    Article,
    Claim,
    ClaimSpeaker,
    CorrectionAction,
    Quote,
    Speaker,
    SpeakerCorrection,
)
from claims.services.speaker_names import fuller_name, surname_key
from claims.services.speakers import clean_organization, plausible_name, speaker_key

PERMISSION = "claims.change_speaker"
NOT_ALLOWED = "Only editors and reviewers can correct speakers."
_NAME_MAX = Speaker._meta.get_field("name").max_length
_TITLE_MAX = Speaker._meta.get_field("title").max_length
_ORG_MAX = Speaker._meta.get_field("organization").max_length
UNSET: Any = object()  # "leave as it is", as opposed to None ("no speaker")


def _check(editor: AbstractBaseUser) -> None:
    if not (editor and editor.is_authenticated and editor.has_perm(PERMISSION)):
        raise PermissionDenied(NOT_ALLOWED)


def snapshot(speaker: Speaker | None) -> dict[str, Any] | None:
    """What a correction records of a speaker (JSON)."""
    if speaker is None:
        return None
    return {
        "id": speaker.pk,
        "name": speaker.name,
        "title": speaker.title,
        "organization": speaker.organization,
        "aliases": list(speaker.aliases or []),
    }


def _merged_into() -> dict[int, int]:
    """Merged-away speaker id -> the id it was merged into."""
    rows = SpeakerCorrection.objects.filter(action=CorrectionAction.MERGE)
    rows = rows.order_by("created_at", "id")
    return {
        row.before["other"]["id"]: row.before["speaker"]["id"]
        for row in rows
        if row.before.get("other") and row.before.get("speaker")
    }


def _follow(speaker_id: int | None, merged: dict[int, int]) -> int | None:
    seen: set[int] = set()
    while speaker_id in merged and speaker_id not in seen:
        seen.add(speaker_id)
        speaker_id = merged[speaker_id]
    return speaker_id


def name_rules() -> dict[str, int]:
    """Name key -> speaker id, from merges and splits by hand (newest wins)."""
    merged = _merged_into()
    rules: dict[str, int] = {}
    actions = [CorrectionAction.MERGE, CorrectionAction.SPLIT]
    for row in SpeakerCorrection.objects.filter(action__in=actions).order_by("created_at", "id"):
        target = _follow((row.after or {}).get("id"), merged)
        for key in row.name_keys or []:
            if target:
                rules[key] = target
    return rules


def kept_apart() -> set[frozenset[int]]:
    """Pairs of speaker ids an editor split apart: dedupe never merges them again."""
    merged = _merged_into()
    pairs = set()
    for row in SpeakerCorrection.objects.filter(action=CorrectionAction.SPLIT):
        a = _follow((row.before or {}).get("id"), merged)
        b = _follow((row.after or {}).get("id"), merged)
        if a and b and a != b:
            pairs.add(frozenset((a, b)))
    return pairs


def _locked(*speakers: Speaker) -> list[Speaker]:
    ids = sorted({s.pk for s in speakers})
    rows = Speaker.objects.select_for_update().in_bulk(ids)
    return [rows[s.pk] for s in speakers]


def _record(action: str, editor: AbstractBaseUser, **fields: Any) -> SpeakerCorrection:
    return SpeakerCorrection.objects.create(action=action, editor=editor, **fields)


def co_signers_move(rows: QuerySet[ClaimSpeaker], *, to: Speaker | None) -> None:
    """Give these co-signer rows to `to` (None: delete them). A claim that is `to`'s already,
    as its speaker or a co-signer, keeps no second row for them."""
    if to is None:
        rows.delete()
        return
    has_to = Exists(ClaimSpeaker.objects.filter(claim=OuterRef("claim"), speaker=to))
    rows.filter(Q(claim__speaker=to) | Q(has_to)).delete()
    rows.update(speaker=to)


def merge_rows(*, keep: Speaker, other: Speaker) -> None:
    """Move `other`'s quotes, claims (as speaker and co-signer) and names onto `keep` and
    delete `other` (no checks)."""
    Quote.objects.filter(speaker=other).update(speaker=keep)
    Claim.objects.filter(speaker=other).update(speaker=keep)
    # A claim `other` spoke that `keep` co-signed: `keep` is its speaker now, not also a co-signer.
    ClaimSpeaker.objects.filter(speaker=keep, claim__speaker=keep).delete()
    co_signers_move(ClaimSpeaker.objects.filter(speaker=other), to=keep)
    aliases = [a for a in keep.aliases or [] if isinstance(a, str)]
    for alias in [other.name, *(other.aliases or []), keep.name]:
        if isinstance(alias, str) and alias not in aliases and plausible_name(alias, keep.kind):
            aliases.append(alias)
    keep.aliases = aliases
    if not keep.edited:
        keep.title = keep.title or other.title
        keep.organization = keep.organization or other.organization
        if keep.kind == other.kind:
            keep.name = fuller_name(keep.name, other.name)
    other.delete()
    key = speaker_key(keep.name)
    if key != keep.key and not Speaker.objects.filter(key=key).exclude(pk=keep.pk).exists():
        keep.key = key
    keep.surname = surname_key(keep.name) if keep.kind == "person" else ""
    keep.save()


@transaction.atomic
def speaker_merge(*, speaker: Speaker, other: Speaker, editor: AbstractBaseUser) -> Speaker:
    """Merge `other` into `speaker` (kept): quotes, claims, names; `other` is deleted."""
    _check(editor)
    if other.pk == speaker.pk:
        raise ValidationError({"other": ["A speaker cannot be merged with itself."]})
    speaker, other = _locked(speaker, other)
    before = {"speaker": snapshot(speaker), "other": snapshot(other)}
    keys = sorted({other.key, *(speaker_key(a) for a in [other.name, *(other.aliases or [])])})
    merge_rows(keep=speaker, other=other)
    _record(
        CorrectionAction.MERGE,
        editor,
        speaker=speaker,
        name_keys=[k for k in keys if k],
        before=before,
        after=snapshot(speaker),
    )
    return speaker


@transaction.atomic
def speaker_alias_split(*, speaker: Speaker, alias: str, editor: AbstractBaseUser) -> Speaker:
    """Split `alias` off `speaker` into a speaker of its own (existing, or new); returns it.

    Quotes and claims the engine attributed to that form move with it.
    """
    _check(editor)
    (speaker,) = _locked(speaker)
    alias = (alias or "").strip()
    key = speaker_key(alias)
    if alias not in (speaker.aliases or []):
        raise ValidationError({"alias": [f"{speaker.name} has no alias {alias!r}."]})
    if key == speaker.key or key == speaker_key(speaker.name):
        raise ValidationError({"alias": ["That is the speaker's own name: edit it instead."]})
    before = snapshot(speaker)
    new = Speaker.objects.filter(key=key).first()
    if new is None:
        surname = surname_key(alias) if speaker.kind == "person" else ""
        new = Speaker.objects.create(
            key=key, name=alias[:_NAME_MAX], kind=speaker.kind, aliases=[alias], surname=surname
        )
    speaker.aliases = [a for a in speaker.aliases if speaker_key(a) != key]
    speaker.save(update_fields=["aliases"])
    for model in (Quote, Claim):
        rows = model.objects.filter(speaker=speaker).exclude(speaker_mention="")
        moved = [r.pk for r in rows.only("pk", "speaker_mention") if _is(r.speaker_mention, key)]
        model.objects.filter(pk__in=moved).update(speaker=new)
    ClaimSpeaker.objects.filter(speaker=new, claim__speaker=new).delete()
    signed = ClaimSpeaker.objects.filter(speaker=speaker).exclude(mention="")
    moved = [r.pk for r in signed.only("pk", "mention") if _is(r.mention, key)]
    co_signers_move(ClaimSpeaker.objects.filter(pk__in=moved), to=new)
    _record(
        CorrectionAction.SPLIT,
        editor,
        speaker=speaker,
        target=new,
        name_keys=[key],
        before=before,
        after=snapshot(new),
    )
    return new


def _is(mention: str, key: str) -> bool:
    return speaker_key(mention) == key


@transaction.atomic
def speaker_edit(
    *,
    speaker: Speaker,
    editor: AbstractBaseUser,
    name: str | None = None,
    title: str | None = None,
    organization: str | None = None,
) -> Speaker:
    """Set the speaker's name, title or organisation by hand; extraction keeps them since."""
    _check(editor)
    (speaker,) = _locked(speaker)
    before = snapshot(speaker)
    if name is not None and name.strip() != speaker.name:
        name = name.strip()
        if not plausible_name(name, speaker.kind) or len(name) > _NAME_MAX:
            raise ValidationError({"name": ["Give a person's or organisation's name."]})
        key = speaker_key(name)
        clash = Speaker.objects.filter(key=key).exclude(pk=speaker.pk).first()
        if clash is not None:
            raise ValidationError(
                {"name": [f"Speaker {clash.pk} ({clash.name}) has that name: merge them instead."]}
            )
        if speaker.name not in speaker.aliases:
            speaker.aliases = [*speaker.aliases, speaker.name]
        speaker.name, speaker.key = name, key
        speaker.surname = surname_key(name) if speaker.kind == "person" else ""
    if title is not None:
        speaker.title = title.strip()[:_TITLE_MAX]
    if organization is not None:
        cleaned = clean_organization(organization, speaker.name)
        if organization.strip() and not cleaned:
            raise ValidationError({"organization": ["That is not an organisation's name."]})
        speaker.organization = cleaned
    speaker.edited = True
    speaker.save()
    _record(CorrectionAction.EDIT, editor, speaker=speaker, before=before, after=snapshot(speaker))
    return speaker


@transaction.atomic
def quote_correct(
    *,
    quote: Quote,
    editor: AbstractBaseUser,
    speaker: Speaker | None = UNSET,
    not_a_quote: bool | None = None,
) -> Quote:
    """Set or clear a quote's speaker, or mark it (not) a quote; kept across re-extraction."""
    _check(editor)
    quote = Quote.objects.select_for_update(of=("self",)).select_related("speaker").get(pk=quote.pk)
    span = {"article_id": quote.article_id, "start": quote.start, "end": quote.end}
    if speaker is not UNSET and speaker != quote.speaker:
        old = quote.speaker
        quote.speaker = speaker
        quote.save(update_fields=["speaker"])
        _record(
            CorrectionAction.QUOTE_SPEAKER,
            editor,
            speaker=old,
            target=speaker,
            # The engine's name for the quote: of one paragraph's quotes (a joint statement's,
            # one per signer), re-extraction corrects this one only.
            before={**(snapshot(old) or {}), "mention": quote.speaker_mention},
            after=snapshot(speaker) or {},
            **span,
        )
    if not_a_quote is not None and not_a_quote != quote.not_a_quote:
        quote.not_a_quote = not_a_quote
        quote.save(update_fields=["not_a_quote"])
        _record(
            CorrectionAction.NOT_A_QUOTE,
            editor,
            speaker=quote.speaker,
            before={"not_a_quote": not not_a_quote, "text": quote.text[:200]},
            after={"not_a_quote": not_a_quote},
            **span,
        )
    return quote


@transaction.atomic
def claim_speaker_set(*, claim: Claim, editor: AbstractBaseUser, speaker: Speaker | None) -> Claim:
    """Set or clear a claim's speaker; kept across re-extraction (by the claim's fingerprint).

    The editor's choice is the claim's whole attribution: a joint statement's co-signers are
    dropped with it (and again after each re-extraction).
    """
    _check(editor)
    claim = Claim.objects.select_for_update(of=("self",)).select_related("speaker").get(pk=claim.pk)
    co_signers = list(claim.co_signers.select_related("speaker"))
    if speaker == claim.speaker and not co_signers:
        return claim
    old = claim.speaker
    claim.speaker = speaker
    claim.save(update_fields=["speaker"])
    claim.co_signers.all().delete()
    before = snapshot(old) or {}
    if co_signers:
        before["co_speakers"] = [snapshot(row.speaker) for row in co_signers]
    _record(
        CorrectionAction.CLAIM_SPEAKER,
        editor,
        speaker=old,
        target=speaker,
        article_id=claim.article_id,
        fingerprint=claim.fingerprint,
        before=before,
        after=snapshot(speaker) or {},
    )
    return claim


def corrections_apply(*, article: Article) -> None:
    """Apply the hand corrections of this article's quotes and claims again (newest wins).

    Called inside the transaction that stores an extraction, after its quotes and claims.
    """
    rows = list(
        SpeakerCorrection.objects.filter(
            article=article,
            action__in=[
                CorrectionAction.QUOTE_SPEAKER,
                CorrectionAction.NOT_A_QUOTE,
                CorrectionAction.CLAIM_SPEAKER,
            ],
        ).order_by("created_at", "id")
    )
    if not rows:
        return
    merged = _merged_into()
    speakers: dict[tuple, int | None] = {}
    hidden: dict[tuple, bool] = {}
    for row in rows:
        if row.action == CorrectionAction.NOT_A_QUOTE:
            hidden[(row.start, row.end)] = bool(row.after.get("not_a_quote"))
        elif row.action == CorrectionAction.QUOTE_SPEAKER:
            mention = row.before.get("mention")  # None: a correction from before joint quotes
            speakers[("quote", row.start, row.end, mention)] = _follow(row.after.get("id"), merged)
        else:
            speakers[("claim", row.fingerprint)] = _follow(row.after.get("id"), merged)
    exists = set(
        Speaker.objects.filter(pk__in={v for v in speakers.values() if v}).values_list(
            "pk", flat=True
        )
    )
    for (start, end), value in hidden.items():
        article.quotes.filter(start=start, end=end).update(not_a_quote=value)
    for where, speaker_id in speakers.items():
        if speaker_id is not None and speaker_id not in exists:
            continue  # that speaker is gone: the engine's attribution stands
        if where[0] == "quote":
            quotes = article.quotes.filter(start=where[1], end=where[2])
            if where[3] is not None:
                quotes = quotes.filter(speaker_mention=where[3])
            quotes.update(speaker_id=speaker_id)
        else:
            claims = article.claims.filter(fingerprint=where[1])
            claims.update(speaker_id=speaker_id)
            ClaimSpeaker.objects.filter(claim__in=claims).delete()  # the editor's choice is all
