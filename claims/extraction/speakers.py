"""Resolution of speaker mentions to canonical people and organisations.

`SpeakerRegistry` merges the mentions of one text (described by `mentions.py`) into one
canonical `FoundSpeaker` per person, with every surface form as an alias: a last name or an
honorific form is the full name given earlier, a pronoun the recent speaker, a bare title
(`the Secretary`) the person named shortly before with that office. The distance limits of
these rules are the named constants below.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from claims.extraction.lexicon import NOT_NAMES, lexical
from claims.extraction.mentions import (
    TITLE_HEADS,
    Mention,
    clean_phrase,
    holds_title,
    name_words,
    person_span,
    split_honorifics,
    title_before,
    title_only,
    title_words,
)
from claims.extraction.types import FoundSpeaker

# Distance limits of the speaker rules.
TITLE_HOLDER_REACH = 1500  # chars: `the Secretary` means a secretary named this recently


PRONOUN_SPEAKER_REACH = 400  # chars: a recent speaker this close to the last name wins a pronoun


RECENT_SPEAKERS = 3  # how many of the latest speakers a pronoun may mean before the last name


MAX_ALIAS_CHARS = 60  # a longer surface form is a description, not an alias


def _title_description(mention: Mention) -> tuple[str, ...] | None:
    """The title words of a mention made only of a title (`the Secretary`, `the Vice
    President`, `the senator`), else None (`a senator` is someone else)."""
    if mention.kind not in ("person", "nominal") or title_only(mention.name) is None:
        return None  # a named role (`THE PRESIDENT` read as Biden) is resolved already
    return title_only(mention.surface)


def _nameable(text: str) -> bool:
    """Not a word that refers to someone without naming them ("He", "I", "who", "One")."""
    words = [lexical(w) for w in text.split()]
    return bool(words) and not all(w in NOT_NAMES for w in words)


@dataclass(frozen=True, order=True)
class _Titled:
    """A person named with a title, at `key` = (number of the Doc, position in it)."""

    key: tuple[int, int]
    canon: str = ""
    words: tuple[str, ...] = ()
    title: str = ""
    sentence: int = -1  # where its sentence starts
    subject: bool = True  # named as the subject of that sentence


@dataclass
class _Entry:
    name: str
    kind: str
    title: str = ""
    organization: str = ""
    aliases: list[str] = field(default_factory=list)
    last_pos: int = -1


class SpeakerRegistry:
    """Canonical speakers of one text, with last-name and pronoun coreference.

    People are known from every PERSON entity seen (not only speakers), so that `Price`
    resolves to `Ned Price` introduced earlier even if he was not quoted then.
    """

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._people: list[tuple[int, str]] = []  # (position, canonical) of person mentions
        self._speakers: list[str] = []  # canonical names that were attributed a quote
        self._titled: list[_Titled] = []  # every person named with a title, in text order
        self._doc = -1  # number of the Doc being read, counted by `observe_people`

    def _note_title(
        self, canon: str, title: str, pos: int, sentence: int = -1, subject: bool = True
    ) -> None:
        words = title_words(title)
        if words and any(w in TITLE_HEADS for w in words):
            key = (self._doc, pos)
            bisect.insort(self._titled, _Titled(key, canon, words, title, sentence, subject))

    def _title_holder(self, mention: Mention) -> _Titled | None:
        """The person a definite description (`the Secretary`) means: the most recent one named
        shortly before it with a title holding those words as an office of its own (`the
        President` is not the `Vice President`, `the Secretary` not the `Press Secretary`).

        Of two holders named in one sentence, the subject wins (`President A spoke with
        President B. The President said` is A)."""
        desc = _title_description(mention)
        if desc is None:
            return None
        key = (self._doc, mention.pos)
        found: _Titled | None = None
        for held in reversed(self._titled[: bisect.bisect_left(self._titled, _Titled(key))]):
            if held.key[0] != key[0] or key[1] - held.key[1] > TITLE_HOLDER_REACH:
                break
            if found is not None and (found.subject or held.sentence != found.sentence):
                break
            if holds_title(held.words, desc) and (found is None or held.subject):
                found = held
        return found

    def _office_person(self, name: str, title: str, pos: int) -> str:
        """The canonical person for a name said with a title (`President Biden`).

        A lone surname with an office is the one person of that surname the text names with
        that office (Joe Biden, not the Hunter Biden named last); failing that, it is not
        widened to a namesake known by another office (`First Lady Jill Biden`)."""
        canon = self._canonical_person(name, pos)
        words = name.split()
        desc = title_only(title) if title and len(words) == 1 else None
        if not desc:
            return canon
        holders = {
            t.canon
            for t in self._titled
            if t.canon != name and t.canon.split()[-1] == words[0] and holds_title(t.words, desc)
        }
        if len(holders) == 1:
            return holders.pop()
        offices = [t.words for t in self._titled if t.canon == canon]
        if canon != name and offices and not any(holds_title(w, desc) for w in offices):
            return name
        return canon

    def observe_people(self, doc: Doc, offset: int = 0, skip: list[tuple[int, int]] = ()) -> None:
        """Record every PERSON entity of `doc` (outside `skip` char ranges) as a known person."""
        self._doc += 1
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            pos = ent.start_char + offset
            if any(a <= pos < b for a, b in skip):
                continue
            ent = person_span(doc, ent)
            name, honor = split_honorifics(clean_phrase(ent.text))
            if name:
                title = " ".join([title_before(doc, ent), honor]).strip()
                canon = self._office_person(name, title, pos)
                bisect.insort(self._people, (pos, canon))
                self._entry(canon, "person").last_pos = pos
                subject = ent.root.dep_ in ("nsubj", "nsubjpass")
                self._note_title(canon, title, pos, ent.sent.start_char + offset, subject)

    def _entry(self, name: str, kind: str) -> _Entry:
        entry = self._entries.get(name)
        if entry is None:
            entry = self._entries[name] = _Entry(name=name, kind=kind)
        return entry

    def _canonical_person(self, name: str, pos: int) -> str:
        """Map a (possibly partial) name to the most recent known full name that fits it."""
        words = name_words(name)
        before = bisect.bisect_left(self._people, (pos, ""))
        order = [*reversed(self._people[:before]), *self._people[before:]]
        for _, canon in order:
            cwords = name_words(canon)
            if canon == name:
                return canon
            if len(words) == 1 and len(cwords) > 1 and words[0] in (cwords[-1], cwords[0]):
                return canon
            if len(words) > 1 and words[-1] == cwords[-1] and words[0] == cwords[0]:
                return canon
        return name

    def find_person(self, name: str, pos: int) -> str | None:
        """The known person a (last) name refers to, ignoring case: "PRICE" -> "Ned Price".

        The nearest mention before `pos` wins, then the nearest after it. Names known only in
        capitals (a transcript label the NER took for a name) are not candidates.
        """
        low = name.lower().split()
        if not low:
            return None
        before = bisect.bisect_left(self._people, (pos, ""))
        for _, canon in [*reversed(self._people[:before]), *self._people[before:]]:
            if canon.isupper():
                continue
            words = name_words(canon.lower())
            if words == low or (len(low) < len(words) and words[-len(low) :] == low):
                return canon
        return None

    def _pronoun_target(self, pos: int) -> str | None:
        """The most recent person mentioned before `pos`, preferring recent speakers."""
        recent = [(p, c) for p, c in self._people if p < pos]
        if not recent:
            return self._speakers[-1] if self._speakers else None
        last_pos, last = recent[-1]
        for name in reversed(self._speakers[-RECENT_SPEAKERS:]):
            entry = self._entries[name]
            if entry.kind == "person" and entry.last_pos >= last_pos - PRONOUN_SPEAKER_REACH:
                return name
        return last

    def resolve(self, mention: Mention) -> tuple[str | None, str]:
        """Canonical name and title for a mention; registers it as a speaker."""
        if mention.kind == "nobody":
            return None, ""
        if mention.kind == "pronoun":
            if mention.name.lower() in ("we", "it", "they", "i"):
                target = self._speakers[-1] if self._speakers else None
            else:
                target = self._pronoun_target(mention.pos)
            if target is None:
                return None, ""
            entry = self._entries[target]
            self._remember(target, "")  # "he" is no alias of anyone
            return target, entry.title
        holder = self._title_holder(mention)
        if holder is not None:  # `the Secretary` again later still means them
            entry = self._entries[holder.canon]
            entry.last_pos = max(entry.last_pos, mention.pos)
            self._note_title(holder.canon, holder.title, mention.pos)
            self._remember(holder.canon, mention.surface)
            return holder.canon, entry.title or holder.title
        if mention.kind == "organization" and len(mention.name.split()) == 1:
            known = self.find_person(mention.name, mention.pos)
            if known is not None:  # `Dewar said` after `Paul Dewar`: the tagger's body is him
                mention = replace(mention, kind="person", organization="")
        kind = "person" if mention.kind in ("person", "nominal") else "organization"
        if kind == "person" and not _nameable(mention.name):
            return None, ""  # "He" tagged as a name, "WHO" read as a person
        if mention.kind == "person":
            canon = self._office_person(mention.name, mention.title, mention.pos)
        else:
            canon = mention.name
        entry = self._entry(canon, kind)
        entry.last_pos = max(entry.last_pos, mention.pos)
        if mention.title and not entry.title:
            entry.title = mention.title
        if mention.organization and not entry.organization:
            entry.organization = mention.organization
        self._remember(canon, mention.name)
        if mention.surface != mention.name and len(mention.surface) < MAX_ALIAS_CHARS:
            self._remember(canon, mention.surface)
        if mention.kind == "person" and (mention.pos, canon) not in self._people:
            bisect.insort(self._people, (mention.pos, canon))
        return canon, entry.title

    def _remember(self, canon: str, alias: str) -> None:
        entry = self._entries[canon]
        for form in (canon, alias):
            if form and form not in entry.aliases and _nameable(form):
                entry.aliases.append(form)
        self._speakers.append(canon)

    def speakers(self) -> tuple[FoundSpeaker, ...]:
        """Every entity that was attributed at least one quote, in order of first quote."""
        seen: list[str] = []
        for name in self._speakers:
            if name not in seen:
                seen.append(name)
        out = []
        for name in seen:
            e = self._entries[name]
            out.append(
                FoundSpeaker(
                    name=e.name,
                    title=e.title,
                    organization=e.organization,
                    kind=e.kind,
                    aliases=tuple(e.aliases),
                )
            )
        return tuple(out)
