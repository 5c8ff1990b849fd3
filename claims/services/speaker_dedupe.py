"""`speakers_dedupe`: the identity rule of new mentions, applied to the rows already stored.

Three passes, in one transaction:

1. Junk: a row whose name is a pronoun, a phrase or a bare office is removed; its quotes,
   claims and co-signatures go to the holder of that office around their date when the name
   is an office ("THE PRESIDENT"), else they become unattributed. Rows an editor set are kept.
2. Cleaning: junk aliases and titles (a "Q" label) are dropped, an organisation that is the
   person's surname or a fragment ("State") is cleared, a name in a transcript label's form
   ("MR PRICE") is written as a name ("Price"), the surname column is filled.
3. Merging: person rows of one surname are grouped by `names_compatible`, fullest names first;
   a row joins a group only when it is compatible with every member of exactly one group (an
   initial that fits two namesakes joins neither). Each group keeps its row with an editor's
   name, else its fullest name, and takes the others' quotes, claims (as speaker and as
   co-signer of a joint statement) and names. Pairs an editor split apart (`kept_apart`) are
   never grouped.
4. Outlets: two rows of one surname and office whose first names are two spellings of one
   (`spelling_variants`: "Anthony" / "Antony") join when one outlet quotes both, into the
   fuller name. Then a row of a surname alone with no other office ("Zients", from "MR.
   ZIENTS:" labels) joins the one person of that surname with a first name whom the outlets
   quoting it quote (`joins_by_outlet`); when they quote two ("Joe Biden", "Jill Biden"),
   neither.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count

from claims.models import Claim, ClaimSpeaker, Quote, Speaker, SpeakerKind
from claims.services.speaker_corrections import co_signers_move, kept_apart, merge_rows
from claims.services.speaker_names import (
    joins_by_outlet,
    name_weight,
    names_compatible,
    parse_name,
    plain_name,
    spelling_variants,
    surname_key,
)
from claims.services.speakers import (
    clean_organization,
    clean_title,
    is_bare_office,
    plausible_name,
    speaker_for_office,
)


@dataclass
class DedupeReport:
    merged: list[tuple[str, list[str]]] = field(default_factory=list)  # kept, merged away
    removed: list[str] = field(default_factory=list)  # junk speakers
    reattributed: int = 0  # quotes and claims of a bare office given to its holder
    cleaned: int = 0  # rows whose aliases or organisation were cleaned


def _remove_junk(report: DedupeReport) -> None:
    for row in Speaker.objects.filter(edited=False).order_by("pk"):
        if plausible_name(row.name, row.kind):
            continue
        if is_bare_office(row.name):
            for model in (Quote, Claim):
                for item in model.objects.filter(speaker=row).only("pk", "published"):
                    holder = speaker_for_office(name=row.name, published=item.published)
                    if holder is not None and holder.pk != row.pk:
                        model.objects.filter(pk=item.pk).update(speaker=holder)
                        report.reattributed += 1
            signed = ClaimSpeaker.objects.filter(speaker=row).select_related("claim")
            for item in signed.only("pk", "claim__published"):
                holder = speaker_for_office(name=row.name, published=item.claim.published)
                if holder is not None and holder.pk != row.pk:
                    co_signers_move(ClaimSpeaker.objects.filter(pk=item.pk), to=holder)
                    report.reattributed += 1
        report.removed.append(row.name)
        # Remaining quotes and claims become unattributed (SET_NULL), co-signatures go (CASCADE).
        row.delete()


def _clean(report: DedupeReport) -> None:
    changed = []
    for row in Speaker.objects.order_by("pk"):
        aliases = [
            a for a in row.aliases or [] if isinstance(a, str) and plausible_name(a, row.kind)
        ]
        organization = (
            row.organization if row.edited else clean_organization(row.organization, row.name)
        )
        title = row.title if row.edited else clean_title(row.title)
        person = row.kind == SpeakerKind.PERSON
        name = plain_name(row.name) if person and not row.edited else row.name
        surname = surname_key(name)[:100] if person else ""
        now = (name, aliases, organization, title, surname)
        if now != (row.name, row.aliases, row.organization, row.title, row.surname):
            row.name, row.aliases, row.organization, row.title, row.surname = now
            changed.append(row)
    fields = ["name", "aliases", "organization", "title", "surname"]
    Speaker.objects.bulk_update(changed, fields, batch_size=500)
    report.cleaned = len(changed)


def _fits(row: Speaker, member: Speaker, apart: set[frozenset[int]]) -> bool:
    if frozenset((row.pk, member.pk)) in apart:
        return False
    return names_compatible(row.name, member.name, row.title, member.title)


def _groups(rows: list[Speaker], apart: set[frozenset[int]]) -> list[list[Speaker]]:
    """Rows of one surname in groups of one person each (rule in the module docstring)."""
    groups: list[list[Speaker]] = []
    for row in sorted(rows, key=lambda r: (not r.edited, [-n for n in name_weight(r.name)], r.pk)):
        fits = [g for g in groups if all(_fits(row, member, apart) for member in g)]
        if len(fits) == 1:
            fits[0].append(row)
        elif not fits:
            groups.append([row])
        # compatible with two people: left alone, never a guess
    return [g for g in groups if len(g) > 1]


def _outlets(rows: list[Speaker]) -> dict[int, set[str]]:
    """The outlets (article sources) that quote each row."""
    found: dict[int, set[str]] = defaultdict(set)
    quoted = Quote.objects.filter(speaker_id__in=[row.pk for row in rows]).exclude(
        article__source=""
    )
    for pk, outlet in quoted.values_list("speaker_id", "article__source").distinct():
        found[pk].add(outlet)
    return found


def _join_by_outlet(
    rows: list[Speaker], apart: set[frozenset[int]], outlets: dict[int, set[str]]
) -> list[tuple[Speaker, Speaker]]:
    """(person, bare) pairs of rows of one surname to merge by pass 4 of the module docstring."""
    named = [row for row in rows if not parse_name(row.name).is_surname_only]
    pairs = []
    for bare in rows:
        if bare.edited or not parse_name(bare.name).is_surname_only or not outlets[bare.pk]:
            continue
        theirs = [row for row in named if outlets[row.pk] & outlets[bare.pk]]
        if (
            len(theirs) == 1
            and joins_by_outlet(bare.title, theirs[0].title)
            and frozenset((bare.pk, theirs[0].pk)) not in apart
        ):
            pairs.append((theirs[0], bare))
    return pairs


def _variant_pairs(
    rows: list[Speaker], apart: set[frozenset[int]], outlets: dict[int, set[str]]
) -> list[tuple[Speaker, Speaker]]:
    """(kept, merged) pairs of rows whose first names are spellings of one (pass 4): each row
    with exactly one such row that an outlet quoting it quotes too, kept the fuller."""
    pairs, used = [], set()
    for row in sorted(rows, key=lambda r: ([n for n in name_weight(r.name)], r.pk)):
        if row.edited or row.pk in used:
            continue
        fits = [
            other
            for other in rows
            if other.pk != row.pk
            and other.pk not in used
            and outlets[other.pk] & outlets[row.pk]
            and frozenset((row.pk, other.pk)) not in apart
            and spelling_variants(row.name, other.name, row.title, other.title)
        ]
        if len(fits) == 1:
            pairs.append((fits[0], row))
            used |= {row.pk, fits[0].pk}
    return pairs


def _by_surname() -> dict[str, list[Speaker]]:
    """Person rows of the surnames that two or more rows share."""
    people = Speaker.objects.filter(kind=SpeakerKind.PERSON).exclude(surname="")
    shared = people.values("surname").annotate(n=Count("pk")).filter(n__gt=1)
    by_surname: dict[str, list[Speaker]] = defaultdict(list)
    for row in people.filter(surname__in=shared.values("surname")).order_by("pk"):
        by_surname[row.surname].append(row)
    return by_surname


@transaction.atomic
def speakers_dedupe(*, dry_run: bool = False) -> DedupeReport:
    """Remove junk speakers, clean aliases and organisations, merge rows of one person.

    With `dry_run`, everything is done and reported, then rolled back.
    """
    report = DedupeReport()
    _remove_junk(report)
    _clean(report)
    apart = kept_apart()
    by_surname = _by_surname()
    for surname in sorted(by_surname):
        for keep, *others in _groups(by_surname[surname], apart):
            names = [other.name for other in others]
            for other in others:
                merge_rows(keep=keep, other=other)
            report.merged.append((keep.name, names))
    # Spellings first: "Anthony" and "Antony" Blinken are two people of that surname to a bare
    # "Blinken" until they are one.
    for pairs in (_variant_pairs, _join_by_outlet):
        by_surname = _by_surname()
        # one query a pass: the surnames' rows are disjoint, so a merge in one surname changes
        # no other surname's outlets
        outlets = _outlets([row for rows in by_surname.values() for row in rows])
        for surname in sorted(by_surname):
            for keep, other in pairs(by_surname[surname], apart, outlets):
                name = other.name
                merge_rows(keep=keep, other=other)
                report.merged.append((keep.name, [name]))
    if dry_run:
        transaction.set_rollback(True)
    return report
