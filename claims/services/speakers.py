"""Canonical speakers: one row per normalised name, shared by every article that quotes them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from claims.extraction.lexicon import NAME_KEY_PREFIXES
from claims.extraction.types import FoundSpeaker
from claims.models import Speaker, SpeakerKind

_NON_WORD = re.compile(r"[^\w]+")
_NAME_MAX = Speaker._meta.get_field("name").max_length
_TITLE_MAX = Speaker._meta.get_field("title").max_length
_ORG_MAX = Speaker._meta.get_field("organization").max_length
_KEY_MAX = Speaker._meta.get_field("key").max_length


def speaker_key(name: str) -> str:
    """The normalised name that makes a speaker unique: lower-case, no accents, no honorifics.

    "Dr. José  Ramos-Horta" and "jose ramos horta" give the same key, "jose ramos horta".
    """
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = [w for w in _NON_WORD.sub(" ", plain).replace("_", " ").split() if w]
    while len(words) > 1 and words[0] in NAME_KEY_PREFIXES:
        words.pop(0)
    return " ".join(words)[:_KEY_MAX]


@dataclass
class _Wanted:
    """What one extraction says about a speaker, merged over its surface forms."""

    name: str
    title: str = ""
    organization: str = ""
    kind: str = SpeakerKind.PERSON
    aliases: list[str] = field(default_factory=list)

    def add_alias(self, alias: str) -> None:
        alias = (alias or "").strip()[:_NAME_MAX]
        if alias and alias not in self.aliases:
            self.aliases.append(alias)


def _wanted(speakers: Iterable[FoundSpeaker], names: Iterable[str]) -> dict[str, _Wanted]:
    wanted: dict[str, _Wanted] = {}
    found = [(s.name, s) for s in speakers] + [(n, None) for n in names]
    for name, info in found:
        key = speaker_key(name)
        if not key:
            continue
        row = wanted.setdefault(key, _Wanted(name=name.strip()[:_NAME_MAX]))
        row.add_alias(name)
        if info is None:
            continue
        row.title = row.title or (info.title or "").strip()[:_TITLE_MAX]
        row.organization = row.organization or (info.organization or "").strip()[:_ORG_MAX]
        if info.kind in SpeakerKind.values:
            row.kind = info.kind
        for alias in info.aliases:
            row.add_alias(alias)
    return wanted


def _needs_update(row: Speaker, want: _Wanted) -> bool:
    aliases = row.aliases or []
    return (
        any(alias not in aliases for alias in want.aliases)
        or (not row.title and bool(want.title))
        or (not row.organization and bool(want.organization))
    )


def _changes(row: Speaker, want: _Wanted) -> bool:
    """Merge what we learnt into `row` (aliases appended, empty title/organisation filled)."""
    changed = False
    aliases = list(row.aliases or [])
    for alias in want.aliases:
        if alias not in aliases:
            aliases.append(alias)
            changed = True
    row.aliases = aliases
    if not row.title and want.title:
        row.title, changed = want.title, True
    if not row.organization and want.organization:
        row.organization, changed = want.organization, True
    return changed


def speakers_upsert(
    *, speakers: Iterable[FoundSpeaker], names: Iterable[str] = ()
) -> dict[str, Speaker]:
    """Find or create the canonical speaker for each extracted speaker (and bare name).

    Returns the rows by `speaker_key`. Safe under concurrent workers: new rows are inserted
    with ON CONFLICT DO NOTHING against the unique key (the bulk form of get_or_create that
    survives an IntegrityError race), in key order so two workers cannot deadlock, and rows
    whose aliases, title or organisation change are re-read under SELECT ... FOR UPDATE.
    """
    wanted = _wanted(speakers, names)
    if not wanted:
        return {}
    keys = sorted(wanted)
    # No savepoint inside the caller's transaction: nothing here catches a database error.
    with transaction.atomic(savepoint=False):
        rows = {s.key: s for s in Speaker.objects.filter(key__in=keys)}
        missing = [k for k in keys if k not in rows]
        if missing:
            Speaker.objects.bulk_create(
                [
                    Speaker(
                        key=k,
                        name=wanted[k].name,
                        title=wanted[k].title,
                        organization=wanted[k].organization,
                        kind=wanted[k].kind,
                        aliases=wanted[k].aliases,
                    )
                    for k in missing
                ],
                ignore_conflicts=True,
            )
            rows.update({s.key: s for s in Speaker.objects.filter(key__in=missing)})
        stale = [k for k in keys if _needs_update(rows[k], wanted[k])]
        if stale:
            locked = list(Speaker.objects.select_for_update().filter(key__in=stale).order_by("key"))
            changed = [row for row in locked if _changes(row, wanted[row.key])]
            Speaker.objects.bulk_update(changed, ["aliases", "title", "organization"])
            rows.update({row.key: row for row in locked})
    return rows
