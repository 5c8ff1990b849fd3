"""Canonical speakers: one row per person (or organisation), shared by every article.

`speakers_upsert` turns what the engine found into rows. A mention joins an existing row by, in
order: a hand correction (claims.services.speaker_corrections: a merged or split-off name goes
where the editor sent it); the same full name; a compatible name of the same surname
(claims.services.speaker_names: "Joe Biden" joins "Joseph R. Biden Jr."; a surname alone only
with the same office); the one person of that surname the mention's outlet quotes, for a
surname alone with no other office, or another spelling of the first name with the same office
(`_by_outlet`); else it makes a new row. The row's name becomes the fullest form seen
(unless an editor set it) and every form an alias; a transcript label's form ("MR PRICE", an
honorific and a name in capitals) never names a row: it is written as the name ("Price").
Pronouns and phrases never become a speaker or an alias (`plausible_name`); an organisation
that is the person's own surname or a fragment ("State") is dropped. A bare office with no name
("THE PRESIDENT") makes no row: at store time `speaker_for_office` gives the person holding
that office around the article's date.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q

from claims.extraction.lexicon import (
    DETERMINERS,
    NAME_JOINERS,
    NAME_KEY_PREFIXES,
    NON_NAME_WORDS,
    ORGANIZATION_FRAGMENTS,
    STAGE_DIRECTIONS,
    UNNAMED_SPEAKERS,
    is_honorific,
    is_name_title,
)
from claims.extraction.lexicon import NOT_NAMES as LEXICON_NOT_NAMES
from claims.extraction.types import FoundSpeaker
from claims.models import Quote, Speaker, SpeakerKind
from claims.services.speaker_names import (
    OFFICE_HEADS,
    OFFICE_MODIFIERS,
    fold,
    fuller_name,
    is_office_head,
    joins_by_outlet,
    name_weight,
    names_compatible,
    offices,
    parse_name,
    plain_name,
    same_office,
    spelling_variants,
    surname_key,
)
from claims.text_safety import clean_text

# Never a speaker or an alias: words that refer to someone without naming them, transcript
# labels for nobody, stage directions (all from the engine's lexicon).
NOT_NAMES = LEXICON_NOT_NAMES | UNNAMED_SPEAKERS | STAGE_DIRECTIONS | {"a"}
# Words besides offices that a bare role may carry: "THE PRESIDENT", "the Press Secretary".
ROLE_FILLERS = frozenset(["the", "a", "of", "mr", "madam", "ms"])
MAX_NAME_WORDS = 10
# A name opening with a reporter's label, or holding a turn label's colon or a dash, is a
# piece of transcript that the engine took for a name.
TRANSCRIPT_LABELS = frozenset({"q", "question"})
NOT_IN_NAMES = (":", " — ", " – ", "—", "–")
# A bare office resolves to whoever was quoted holding it within this many days of the text.
ROLE_DATE_WINDOW_DAYS = 365
_NON_WORD = re.compile(r"[^\w]+")
_WORDS = re.compile(r"[\w'’.\-]+")
_NAME_MAX = Speaker._meta.get_field("name").max_length
_TITLE_MAX = Speaker._meta.get_field("title").max_length
_ORG_MAX = Speaker._meta.get_field("organization").max_length
_KEY_MAX = Speaker._meta.get_field("key").max_length
_SURNAME_MAX = Speaker._meta.get_field("surname").max_length


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


def is_bare_office(name: str) -> bool:
    """ "THE PRESIDENT", "the Vice President", "Press Secretary": an office and no name."""
    words = [fold(w) for w in _WORDS.findall(name or "")]
    known = OFFICE_HEADS | OFFICE_MODIFIERS | ROLE_FILLERS
    return (
        bool(words) and all(w in known or is_office_head(w) for w in words) and bool(offices(name))
    )


def plausible_name(name: str, kind: str = SpeakerKind.PERSON) -> bool:
    """Could this be a speaker's name? Never a pronoun, a bare office or a lower-case phrase."""
    words = _WORDS.findall(name or "")
    if not words or len(words) > MAX_NAME_WORDS or not any(c.isalpha() for c in name):
        return False
    folded = [fold(w) for w in words]
    if folded[0] in TRANSCRIPT_LABELS or any(mark in name for mark in NOT_IN_NAMES):
        return False  # "Q Karine", "Q Karine — MS. JEAN-PIERRE: Yeah": a transcript, no name
    if all(w in NOT_NAMES for w in folded):
        acronym = kind == SpeakerKind.ORGANIZATION and words[0].isupper() and len(words[0]) > 1
        if not acronym:
            return False
    if is_bare_office(name):
        return False
    if kind == SpeakerKind.PERSON and _all_title(folded):
        return False  # "Lady" of "First Lady", "Chief": a piece of an office
    if kind == SpeakerKind.PERSON and any(w in NON_NAME_WORDS for w in folded):
        return False
    rest = words[1:] if folded[0] in DETERMINERS else words
    if folded[0] in DETERMINERS and (len(words) == 1 or kind == SpeakerKind.PERSON):
        return False
    return all(
        any(c.isupper() for c in w) or fold(w) in NAME_JOINERS or not w[0].isalpha() for w in rest
    )


def _all_title(folded: list[str]) -> bool:
    """Every word an office, a rank, an office's initialism or an honorific ("Lady" of "First
    Lady", "Deputy"): a piece of a title, which `is_bare_office` does not take for an office."""
    return all(is_name_title(w) or is_honorific(w) or w in ROLE_FILLERS for w in folded)


def clean_title(title: str) -> str:
    """The title, or "" when it is a transcript label or a phrase ("Q", "Your colleague")."""
    words = [fold(w) for w in _WORDS.findall(title or "")]
    if not words or words[0] in NOT_NAMES or words[0] in DETERMINERS:
        return ""
    return title.strip()[:_TITLE_MAX]


def clean_organization(organization: str, name: str) -> str:
    """The organisation, or "" when it is the person's own surname or a fragment ("State")."""
    organization = (organization or "").strip()
    words = _WORDS.findall(organization)
    if not words or not plausible_name(organization, SpeakerKind.ORGANIZATION):
        return ""
    name_words = {fold(w) for w in _WORDS.findall(name or "")}
    if all(fold(w) in name_words for w in words):
        return ""
    if len(words) == 1 and fold(words[0]) in ORGANIZATION_FRAGMENTS:
        return ""
    return organization[:_ORG_MAX]


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
        if alias and alias not in self.aliases and plausible_name(alias, self.kind):
            self.aliases.append(alias)


def _wanted(speakers: Iterable[FoundSpeaker], names: Iterable[str]) -> dict[str, _Wanted]:
    wanted: dict[str, _Wanted] = {}
    found = [(s.name, s) for s in speakers] + [(n, None) for n in names]
    for raw, info in found:
        kind = info.kind if info is not None and info.kind in SpeakerKind.values else None
        name = clean_text(raw or "")
        known = wanted.get(speaker_key(name))  # a quote's speaker named by its row above
        if (kind or (known.kind if known else SpeakerKind.PERSON)) == SpeakerKind.PERSON:
            name = plain_name(name)  # "MR PRICE" is "Price" (its form stays an alias)
        key = speaker_key(name)
        if not key or not plausible_name(name, kind or SpeakerKind.PERSON):
            continue
        row = wanted.setdefault(key, _Wanted(name=name.strip()[:_NAME_MAX]))
        if kind:
            row.kind = kind
        row.add_alias(name)
        row.add_alias(clean_text(raw or ""))
        if info is None:
            continue
        row.title = row.title or clean_title(info.title)
        row.organization = row.organization or clean_organization(info.organization, name)
        for alias in info.aliases:
            row.add_alias(alias)
    return wanted


def _best(candidates: list[Speaker], want: _Wanted) -> Speaker | None:
    """The compatible row for a person mention: the same first name before an initial or a
    nickname, then the fuller row, then the older."""
    fits = [
        row
        for row in candidates
        if row.kind == SpeakerKind.PERSON
        and names_compatible(want.name, row.name, want.title, row.title)
    ]
    if not fits:
        return None
    first = parse_name(want.name).first

    def rank(row: Speaker) -> tuple:
        # a surname alone has no first name to prefer: it goes to the fullest compatible row
        same_first = not first or parse_name(row.name).first == first
        return (not same_first, [-n for n in name_weight(row.name)], row.pk)

    return min(fits, key=rank)


def _by_outlet(candidates: list[Speaker], want: _Wanted, quoted: set[int]) -> Speaker | None:
    """The row a person mention joins through its outlet (`joins_by_outlet`): a surname alone
    joins the one person of that surname with a first name whom the outlet quotes; a full
    name joins the outlet's one person whose first name it spells otherwise with the same
    office (`spelling_variants`), else the outlet's row of that surname alone when the outlet
    quotes nobody else of that surname with a first name. Two such people: neither."""
    people = [r for r in candidates if r.pk in quoted and r.kind == SpeakerKind.PERSON]
    named = [r for r in people if not parse_name(r.name).is_surname_only]
    if parse_name(want.name).is_surname_only:
        if len(named) == 1 and joins_by_outlet(want.title, named[0].title):
            return named[0]
        return None
    variants = [r for r in named if spelling_variants(want.name, r.name, want.title, r.title)]
    if len(variants) == 1:  # "Anthony Blinken" is the outlet's Antony J. Blinken
        return variants[0]
    bare = [r for r in people if joins_by_outlet(r.title, want.title)]
    return bare[0] if not named and len(bare) == 1 else None


def _resolve(
    want: _Wanted,
    key: str,
    by_key: dict[str, Speaker],
    by_surname: dict[str, list[Speaker]],
    quoted: set[int] = frozenset(),
) -> Speaker | None:
    """The existing row this mention joins, or None for a new row (rules in the docstring)."""
    exact = by_key.get(key)
    if want.kind != SpeakerKind.PERSON:
        return exact
    parsed = parse_name(want.name)
    if exact is not None and not parsed.is_surname_only:
        return exact
    candidates = by_surname.get(parsed.surname, [])
    return _best(candidates, want) or _by_outlet(candidates, want, quoted) or exact


def _quoted_by(outlet: str, rows: Iterable[Speaker]) -> set[int]:
    """The ids of `rows` that `outlet` (an article's source) quotes."""
    ids = [row.pk for row in rows]
    if not outlet or not ids:
        return set()
    found = Quote.objects.filter(speaker_id__in=ids, article__source=outlet)
    return set(found.values_list("speaker_id", flat=True).distinct())


def _merge_into(row: Speaker, want: _Wanted) -> bool:
    """Merge what we learnt into `row`: aliases, empty title/organisation, the fuller name."""
    changed = False
    aliases = [a for a in (row.aliases or []) if isinstance(a, str)]
    for alias in [row.name, *want.aliases]:
        if alias not in aliases and plausible_name(alias, row.kind):
            aliases.append(alias)
            changed = True
    row.aliases = aliases
    if row.edited:
        return changed
    if not row.title and want.title:
        row.title, changed = want.title, True
    if not row.organization and want.organization:
        row.organization, changed = want.organization, True
    if row.kind == SpeakerKind.PERSON:
        name = fuller_name(row.name, want.name)
        if name != row.name:
            row.name, changed = name, True
    return changed


def _rename_keys(rows: list[Speaker]) -> None:
    """A row renamed to a fuller name takes that name's key when no other row holds it."""
    wanted = {row.pk: speaker_key(row.name) for row in rows if speaker_key(row.name) != row.key}
    taken = set(Speaker.objects.filter(key__in=wanted.values()).values_list("key", flat=True))
    for row in rows:
        key = wanted.get(row.pk)
        if key and key not in taken:
            row.key = key
            taken.add(key)


def speakers_upsert(
    *, speakers: Iterable[FoundSpeaker], names: Iterable[str] = (), outlet: str = ""
) -> dict[str, Speaker]:
    """Find or create the canonical speaker for each extracted speaker (and bare name).

    `outlet` is the source of the articles the mentions come from (all of one outlet): a
    surname alone joins the one person of that surname it quotes (`_by_outlet`).
    Returns the rows by the `speaker_key` of each mention (several keys may share a row).
    Safe under concurrent workers: new rows are inserted with ON CONFLICT DO NOTHING against
    the unique key, in key order, and rows that change are re-read under SELECT ... FOR
    UPDATE in id order. (Two workers that see a new person under two forms at once may each
    make a row; `manage.py speakers_dedupe` joins them.)
    """
    from claims.services.speaker_corrections import name_rules

    wanted = _wanted(speakers, names)
    if not wanted:
        return {}
    keys = sorted(wanted)
    with transaction.atomic(savepoint=False):
        rules = name_rules()
        ruled = Speaker.objects.in_bulk({rules[k] for k in keys if k in rules})
        by_key = {s.key: s for s in Speaker.objects.filter(key__in=keys)}
        surnames = {surname_key(wanted[k].name) for k in keys} - {""}
        by_surname: dict[str, list[Speaker]] = {}
        for row in Speaker.objects.filter(surname__in=surnames, kind=SpeakerKind.PERSON):
            by_surname.setdefault(row.surname, []).append(row)
        quoted = _quoted_by(outlet, [row for group in by_surname.values() for row in group])
        rows: dict[str, Speaker] = {}
        for key in keys:
            row = ruled.get(rules.get(key)) or _resolve(
                wanted[key], key, by_key, by_surname, quoted
            )
            if row is not None:
                rows[key] = row
        for key in keys:  # a form an editor sent to another speaker is no alias here
            owner = rows[key].pk if key in rows else None
            wanted[key].aliases = [
                a for a in wanted[key].aliases if rules.get(speaker_key(a), owner) == owner
            ]
        # An outlet's new surname alone may join its new person of that surname (one batch is
        # one outlet), unless the outlet quotes a stored one already.
        crowded = {
            row.surname
            for group in by_surname.values()
            for row in group
            if row.pk in quoted and not parse_name(row.name).is_surname_only
        }
        single = {surname_key(wanted[k].name) for k in keys} - crowded if outlet else set()
        leaders = _batch_leaders([k for k in keys if k not in rows], wanted, single)
        _create_missing(sorted(set(leaders.values())), wanted, rows)
        for key, leader in leaders.items():  # other forms of a person new in this batch
            if leader in rows:
                rows[key] = rows[leader]
        _update_joined(rows, wanted)
    return rows


def _batch_leaders(
    keys: list[str], wanted: dict[str, _Wanted], by_outlet: set[str] = frozenset()
) -> dict[str, str]:
    """For mentions that join no stored row, the key of the mention whose new row each shares.

    Forms of one new person met in one batch ("Biden", President; "Joe Biden", President;
    "Joseph R. Biden Jr.") make one row, by the rule of `speakers_dedupe`: fullest names first,
    a mention joins a group when it is compatible with every member of exactly one group, each
    member taken with the title the group's row will have. For surnames in `by_outlet` (the
    batch's outlet quotes no stored person of that surname), a surname alone joins the one
    group of that surname whose names have a first name (`joins_by_outlet`).
    """
    groups: dict[str, list[list[str]]] = {}
    leaders: dict[str, str] = {}
    for key in sorted(keys, key=lambda k: ([-n for n in name_weight(wanted[k].name)], k)):
        want = wanted[key]
        surname = surname_key(want.name) if want.kind == SpeakerKind.PERSON else ""
        fits = [
            group
            for group in groups.get(surname, [])
            if all(
                names_compatible(want.name, wanted[m].name, want.title, _title(group, wanted))
                for m in group
            )
        ]
        if not fits and surname in by_outlet and parse_name(want.name).is_surname_only:
            named = [
                g
                for g in groups.get(surname, [])
                if not parse_name(wanted[g[0]].name).is_surname_only
            ]
            if len(named) == 1 and joins_by_outlet(want.title, _title(named[0], wanted)):
                fits = named
        if surname and len(fits) == 1:
            fits[0].append(key)
            leaders[key] = fits[0][0]
            continue
        leaders[key] = key
        if surname:
            groups.setdefault(surname, []).append([key])
    return leaders


def _title(group: list[str], wanted: dict[str, _Wanted]) -> str:
    """The title a group's new row takes: its first member's that has one."""
    return next((wanted[m].title for m in group if wanted[m].title), "")


def _create_missing(keys: list[str], wanted: dict[str, _Wanted], rows: dict[str, Speaker]) -> None:
    if not keys:
        return
    Speaker.objects.bulk_create(
        [
            Speaker(
                key=k,
                name=wanted[k].name,
                surname=surname_key(wanted[k].name)[:_SURNAME_MAX]
                if wanted[k].kind == SpeakerKind.PERSON
                else "",
                title=wanted[k].title,
                organization=wanted[k].organization,
                kind=wanted[k].kind,
                aliases=wanted[k].aliases,
            )
            for k in keys
        ],
        ignore_conflicts=True,
    )
    rows.update({s.key: s for s in Speaker.objects.filter(key__in=keys)})


def _update_joined(rows: dict[str, Speaker], wanted: dict[str, _Wanted]) -> None:
    """Lock the rows whose aliases, name, title or organisation change, and write them."""
    stale: dict[int, list[str]] = {}
    for key, row in rows.items():
        if _merge_into(_copy(row), wanted[key]):
            stale.setdefault(row.pk, []).append(key)
    if not stale:
        return
    locked = list(Speaker.objects.select_for_update().filter(pk__in=stale).order_by("pk"))
    changed = [row for row in locked if any([_merge_into(row, wanted[k]) for k in stale[row.pk]])]
    _rename_keys(changed)
    Speaker.objects.bulk_update(changed, ["aliases", "title", "organization", "name", "key"])
    by_pk = {row.pk: row for row in locked}
    for key, row in list(rows.items()):
        rows[key] = by_pk.get(row.pk, row)


def _copy(row: Speaker) -> Speaker:
    copy = Speaker(**{f.attname: getattr(row, f.attname) for f in Speaker._meta.concrete_fields})
    copy.aliases = list(row.aliases or [])
    return copy


def speaker_for_office(*, name: str, published: dt.date | None) -> Speaker | None:
    """The person who held the bare office `name` ("THE PRESIDENT") when the text was written.

    Among rows whose title names that office, the one with the most quotes within
    ROLE_DATE_WINDOW_DAYS of `published`; None when nobody was (or, undated, unless only one
    row holds the office): never a guess between holders.
    """
    wanted = offices(name)
    if not wanted or not is_bare_office(name):
        return None
    heads = {office.split()[-1] for office in wanted}
    match = Q()
    for head in heads:
        match |= Q(title__icontains=head)
    holders = [
        row
        for row in Speaker.objects.filter(match, kind=SpeakerKind.PERSON)
        if same_office(row.title, name)
    ]
    if published is None or not holders:
        return holders[0] if len(holders) == 1 else None
    window = dt.timedelta(days=ROLE_DATE_WINDOW_DAYS)
    counted = (
        Speaker.objects.filter(pk__in=[row.pk for row in holders])
        .annotate(
            near=Count(
                "quotes",
                filter=Q(quotes__published__range=(published - window, published + window)),
            )
        )
        .filter(near__gt=0)
        .order_by("-near", "pk")
    )
    return counted.first()
