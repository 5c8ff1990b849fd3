"""Speaker mentions and their resolution to canonical people and organisations.

A mention is the noun phrase that a cue points at ("State Department spokesman Ned Price",
"Price", "he", "The State Department"). `describe_mention` splits it into name, title and
organisation; `SpeakerRegistry` merges mentions of one person (last name, honorific forms,
pronouns) into one canonical `Speaker` with every surface form as an alias.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from claims.extraction.types import FoundSpeaker

HONORIFICS: frozenset[str] = frozenset(
    [
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "sir",
        "dame",
        "rev",
        "rev.",
        "mx",
        "mx.",
    ]
)
TITLE_WORDS: frozenset[str] = frozenset(
    [
        "president",
        "vice",
        "secretary",
        "sen",
        "sen.",
        "senator",
        "rep",
        "rep.",
        "representative",
        "gov",
        "gov.",
        "governor",
        "mayor",
        "judge",
        "justice",
        "gen",
        "gen.",
        "general",
        "col",
        "col.",
        "capt",
        "capt.",
        "captain",
        "lt",
        "lt.",
        "sgt",
        "sgt.",
        "chief",
        "minister",
        "prime",
        "premier",
        "ambassador",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chairman",
        "chairwoman",
        "chair",
        "speaker",
        "leader",
        "director",
        "deputy",
        "commissioner",
        "attorney",
        "professor",
        "coach",
        "candidate",
        "former",
        "acting",
        "sheriff",
        "officer",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "cardinal",
        "bishop",
        "lord",
        "lady",
        "dean",
        "chancellor",
        "treasurer",
        "councilman",
        "councilwoman",
        "congressman",
        "congresswoman",
        "assemblyman",
        "assemblywoman",
        "administrator",
        "adviser",
        "advisor",
    ]
)
PRONOUNS: dict[str, str] = {
    "he": "m",
    "him": "m",
    "she": "f",
    "her": "f",
    "i": "",
    "we": "",
    "they": "",
    "it": "",
}
# Written before a title word, these make it another office: "Vice President" is not "the
# President", "Deputy Secretary" and "Press Secretary" are not "the Secretary".
RANK_MODIFIERS: frozenset[str] = frozenset(
    [
        "vice",
        "deputy",
        "assistant",
        "under",
        "associate",
        "acting",
        "former",
        "prime",
        "lieutenant",
        "first",
        "second",
        "press",
        "principal",
        "executive",
        "senior",
        "chief",
        "co",
    ]
)
TITLE_ABBREVIATIONS: dict[str, str] = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "col": "colonel",
    "capt": "captain",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "amb": "ambassador",
    "sec": "secretary",
    "pres": "president",
}
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
INITIAL_RE = re.compile(r"^[A-Z]\.$")
ORG_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC"})
NAME_LABELS = frozenset({"PERSON"})
_STRIP = " ,;:'\"“”‘’()—–-"
TITLE_JOINERS = frozenset({"of", "to", "for", "the", "on"})
MAX_TITLE_TOKENS = 12
TITLE_HOLDER_REACH = 1500  # chars: `the Secretary` means a secretary named this recently
GLOSS_BREAKS = frozenset({",", ";", ":", "(", "—", "–", "--"})


@dataclass(frozen=True)
class Mention:
    """A described speaker mention, before resolution."""

    surface: str
    name: str
    title: str = ""
    organization: str = ""
    kind: str = "person"  # "person" | "organization" | "pronoun" | "nominal"
    pos: int = 0  # character offset of the mention in the doc


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(_STRIP)


def _strip_det(text: str) -> str:
    low = text.lower()
    for det in ("the ", "a ", "an "):
        if low.startswith(det):
            return text[len(det) :]
    return text


def split_honorifics(name: str) -> tuple[str, str]:
    """Move leading honorifics and titles out of a name: "Sen. Ted Cruz" -> "Ted Cruz", "Sen."."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and (
        words[i].lower() in HONORIFICS or words[i].lower() in TITLE_WORDS
    ):
        i += 1
    return " ".join(words[i:]), " ".join(words[:i])


def title_words(text: str) -> tuple[str, ...]:
    """Lower-case words of a title, abbreviations spelled out: "Sen." -> ("senator",)."""
    words = (w.strip(_STRIP + ".") for w in text.lower().split())
    return tuple(TITLE_ABBREVIATIONS.get(w, w) for w in words if w)


TITLE_HEADS: frozenset[str] = frozenset(title_words(" ".join(TITLE_WORDS))) - RANK_MODIFIERS


def person_span(doc: Doc, ent: Span, lo: int = 0) -> Span:
    """A PERSON entity with the first name the tagger left out before a middle initial.

    "Antony [J. Blinken]" -> "Antony J. Blinken": a capitalised word right before an entity
    that opens with an initial is its first name, unless it is a title or an honorific.
    """
    k = ent.start - 1
    if k < lo or not INITIAL_RE.match(doc[ent.start].text):
        return ent
    first = doc[k]
    if (
        first.pos_ != "PROPN"
        or not first.text[:1].isupper()
        or not first.text.isalpha()
        or first.lower_ in TITLE_WORDS
        or first.lower_ in HONORIFICS
    ):
        return ent
    return Span(doc, k, ent.end, label=ent.label_)


def _title_before(doc: Doc, ent: Span) -> str:
    """The words that say who a named person is: those right before the name (`Secretary of
    State Antony Blinken`, `Israeli Foreign Minister ...`) and an apposition after it."""
    k = ent.start
    while k > 0 and ent.start - k < MAX_TITLE_TOKENS:
        tok = doc[k - 1]
        if tok.ent_type_ == "PERSON" or not (
            tok.lower_ in TITLE_WORDS
            or tok.lower_ in TITLE_JOINERS
            or tok.text == "-"
            or (tok.text[:1].isupper() and (tok.is_alpha or tok.text.endswith(".")))
        ):
            break
        k -= 1
        if tok.is_sent_start:
            break
    while k < ent.start and doc[k].lower_ in TITLE_JOINERS:
        k += 1
    parts = [doc[k : ent.start].text] if k < ent.start else []
    for child in ent.root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            end = min(child.right_edge.i + 1, child.left_edge.i + MAX_TITLE_TOKENS)
            parts.append(doc[child.left_edge.i : end].text)
    return _strip_det(_clean(", ".join(parts)))


def _ent_for(span: Span, head: Token, labels: frozenset[str]) -> Span | None:
    """The entity of `labels` in `span` containing `head`, else the one nearest to it."""
    best: Span | None = None
    for ent in span.ents:
        if ent.label_ not in labels:
            continue
        if ent.start <= head.i < ent.end:
            return ent
        if best is None or abs(ent.start - head.i) < abs(best.start - head.i):
            best = ent
    return best


def _org_in(tokens: Span | None) -> str:
    if tokens is None:
        return ""
    for ent in tokens.ents:
        if ent.label_ == "ORG":
            return _strip_det(_clean(ent.text))
    return ""


def _title_span(doc: Doc, span: Span, ent: Span, head: Token) -> tuple[str, Span | None]:
    """Title words before the name plus an apposition ("X, the Y of Z,")."""
    parts: list[str] = []
    region: Span | None = None
    if ent.start > span.start:
        region = doc[span.start : ent.start]
        parts.append(_strip_det(_clean(region.text)))
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            appos = doc[child.left_edge.i : child.right_edge.i + 1]
            parts.append(_strip_det(_clean(appos.text)))
            region = appos if region is None else doc[region.start : appos.end]
    title = ", ".join(p for p in parts if p)
    return title, region


def describe_mention(
    doc: Doc, head: Token, lo: int = 0, hi: int | None = None, avoid: tuple[int, int] | None = None
) -> Mention | None:
    """Describe the noun phrase headed by `head` (a subject or `according to` object).

    The phrase is the head's subtree clipped to tokens [lo, hi) and kept off `avoid`
    (e.g. the reported clause or the quotation itself).
    """
    clause = head.head
    if (
        head.lower_ == "who"
        and clause.dep_ == "relcl"
        and clause.head.i < head.i
        and clause.head.ent_type_ == "PERSON"
    ):  # `X, who noted that ...`: the relative pronoun is the named X
        return describe_mention(doc, clause.head, lo, min(head.i, len(doc) if hi is None else hi))
    if head.lower_ in PRONOUNS or head.pos_ == "PRON":
        return Mention(surface=head.text, name=head.text, kind="pronoun", pos=head.idx)
    hi = len(doc) if hi is None else hi
    start, end = max(head.left_edge.i, lo), min(head.right_edge.i + 1, hi)
    if avoid is not None:
        if avoid[0] > head.i:
            end = min(end, avoid[0])
        elif avoid[1] <= head.i:
            start = max(start, avoid[1])
    start, end = min(start, head.i), max(end, head.i + 1)
    span = doc[start:end]
    surface = _clean(span.text)
    if not surface:
        return None
    if head.pos_ == "NOUN":
        named = _named_apposition(doc, head, end)
        if named is not None:  # `the lawyer Rosa Diaz`, `his attorney, Alan Garten,`
            described = _strip_det(_clean(doc[start : _phrase_end(doc, head, end)].text))
            return replace(named, surface=surface, title=named.title or described)
    person = _ent_for(span, head, NAME_LABELS)
    if person is not None and person.root.dep_ == "poss" and head.pos_ == "NOUN":
        person = None  # `Clinton's spokesman` is not Clinton
    if person is not None and person.start <= head.i + 2:
        person = person_span(doc, person, span.start)
        name, honor = split_honorifics(_clean(person.text))
        title, region = _title_span(doc, span, person, head)
        if honor and honor.lower() not in HONORIFICS and not title:
            title = honor
        return Mention(
            surface=surface,
            name=name,
            title=title,
            organization=_org_in(region),
            kind="person",
            pos=person.start_char,
        )
    org = _ent_for(span, head, ORG_LABELS)
    if org is not None and org.start <= head.i < org.end:
        return Mention(
            surface=surface,
            name=_strip_det(_clean(org.text)),
            kind="organization",
            organization=_strip_det(_clean(org.text)),
            pos=org.start_char,
        )
    if head.pos_ == "PROPN":
        left = head
        while left.i > span.start and doc[left.i - 1].pos_ == "PROPN":
            left = doc[left.i - 1]
        name, honor = split_honorifics(_clean(doc[left.i : head.i + 1].text))
        return Mention(surface=surface, name=name, title=honor, kind="person", pos=left.idx)
    described = _clean(doc[start : _phrase_end(doc, head, end)].text)
    return Mention(surface=surface, name=described, kind="nominal", pos=doc[start].idx)


def _named_apposition(doc: Doc, head: Token, end: int) -> Mention | None:
    """The name in apposition to a common-noun head, described as a mention of its own."""
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i < end:
            return describe_mention(
                doc, child, lo=child.left_edge.i, hi=min(child.right_edge.i + 1, end)
            )
    return None


def _phrase_end(doc: Doc, head: Token, end: int) -> int:
    """Where a nominal mention's own words end (token index).

    Modifiers after the head say who it is (`a spokesman for the committee`, `a person close to
    the family`); a comma, bracket, dash or relative clause starts a gloss.
    """
    for child in head.rights:
        if child.dep_ in ("relcl", "appos") and child.left_edge.i < end:
            end = child.left_edge.i
    for k in range(head.i + 1, end):
        if doc[k].text in GLOSS_BREAKS:
            return k
    return end


def _name_words(name: str) -> list[str]:
    """A name's words without a closing suffix: "Joseph R. Biden Jr." -> Joseph R. Biden."""
    words = name.replace(",", " ").split()
    if len(words) > 1 and words[-1].lower() in NAME_SUFFIXES:
        words = words[:-1]
    return words


def _title_description(mention: Mention) -> tuple[str, ...] | None:
    """The title words of a mention made only of a title (`the Secretary`, `the Vice
    President`, `the senator`), else None (`a senator` is someone else)."""
    if mention.kind not in ("person", "nominal") or _title_only(mention.name) is None:
        return None  # a named role (`THE PRESIDENT` read as Biden) is resolved already
    return _title_only(mention.surface)


def _title_only(text: str) -> tuple[str, ...] | None:
    """The title words of a phrase that is nothing but a title, else None."""
    words = _clean(text).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not 0 < len(words) <= 3 or any(w.lower() not in TITLE_WORDS for w in words):
        return None  # `the New Jersey governor` says more than an office: kept as written
    desc = title_words(" ".join(words))
    return desc if desc and desc[-1] in TITLE_HEADS else None


def _holds_title(words: tuple[str, ...], desc: tuple[str, ...]) -> bool:
    """Whether a title (`secretary of state`) holds the office `desc` (`secretary`) names."""
    if "former" in words and "former" not in desc:
        return False  # `former Gov. X` no longer holds the office
    n = len(desc)
    for k in range(len(words) - n + 1):
        if (
            words[k : k + n] == desc
            and (k == 0 or words[k - 1] not in RANK_MODIFIERS)
            and (k + n == len(words) or words[k + n] not in TITLE_WORDS)
        ):
            return True
    return False


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
            if _holds_title(held.words, desc) and (found is None or held.subject):
                found = held
        return found

    def _office_person(self, name: str, title: str, pos: int) -> str:
        """The canonical person for a name said with a title (`President Biden`).

        A lone surname with an office is the one person of that surname the text names with
        that office (Joe Biden, not the Hunter Biden named last); failing that, it is not
        widened to a namesake known by another office (`First Lady Jill Biden`)."""
        canon = self._canonical_person(name, pos)
        words = name.split()
        desc = _title_only(title) if title and len(words) == 1 else None
        if not desc:
            return canon
        holders = {
            t.canon
            for t in self._titled
            if t.canon != name and t.canon.split()[-1] == words[0] and _holds_title(t.words, desc)
        }
        if len(holders) == 1:
            return holders.pop()
        offices = [t.words for t in self._titled if t.canon == canon]
        if canon != name and offices and not any(_holds_title(w, desc) for w in offices):
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
            name, honor = split_honorifics(_clean(ent.text))
            if name:
                title = " ".join([_title_before(doc, ent), honor]).strip()
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
        words = _name_words(name)
        before = bisect.bisect_left(self._people, (pos, ""))
        order = [*reversed(self._people[:before]), *self._people[before:]]
        for _, canon in order:
            cwords = _name_words(canon)
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
            words = _name_words(canon.lower())
            if words == low or (len(low) < len(words) and words[-len(low) :] == low):
                return canon
        return None

    def _pronoun_target(self, pos: int) -> str | None:
        """The most recent person mentioned before `pos`, preferring recent speakers."""
        recent = [(p, c) for p, c in self._people if p < pos]
        if not recent:
            return self._speakers[-1] if self._speakers else None
        last_pos, last = recent[-1]
        for name in reversed(self._speakers[-3:]):
            entry = self._entries[name]
            if entry.kind == "person" and entry.last_pos >= last_pos - 400:
                return name
        return last

    def resolve(self, mention: Mention) -> tuple[str | None, str]:
        """Canonical name and title for a mention; registers it as a speaker."""
        if mention.kind == "pronoun":
            if mention.name.lower() in ("we", "it", "they", "i"):
                target = self._speakers[-1] if self._speakers else None
            else:
                target = self._pronoun_target(mention.pos)
            if target is None:
                return None, ""
            entry = self._entries[target]
            self._remember(target, mention.name)
            return target, entry.title
        holder = self._title_holder(mention)
        if holder is not None:  # `the Secretary` again later still means them
            entry = self._entries[holder.canon]
            entry.last_pos = max(entry.last_pos, mention.pos)
            self._note_title(holder.canon, holder.title, mention.pos)
            self._remember(holder.canon, mention.surface)
            return holder.canon, entry.title or holder.title
        kind = "person" if mention.kind in ("person", "nominal") else "organization"
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
        if mention.surface != mention.name and len(mention.surface) < 60:
            self._remember(canon, mention.surface)
        if mention.kind == "person" and (mention.pos, canon) not in self._people:
            bisect.insort(self._people, (mention.pos, canon))
        return canon, entry.title

    def _remember(self, canon: str, alias: str) -> None:
        entry = self._entries[canon]
        for form in (canon, alias):
            if form and form not in entry.aliases:
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
