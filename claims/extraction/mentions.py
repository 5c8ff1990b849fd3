"""Speaker mentions: the noun phrase a cue points at, split into name, title and organisation.

A mention is the phrase that says who spoke ("State Department spokesman Ned Price", "Price",
"he", "The State Department"). `describe_mention` reads it from the parse; `person_span` mends
a name the tagger cut short; the title helpers read what office a title names (`title_words`,
`title_only`, `holds_title`) with the words of `lexicon.py`. Resolving mentions to people is
`speakers.py`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from claims.extraction.lexicon import (
    NAME_SUFFIXES,
    NOT_SPEAKER_NOUNS,
    OFFICES,
    ORGANIZATION_HEADS,
    PERSON_NOUNS,
    PRONOUNS,
    RANK_MODIFIERS,
    TITLE_ABBREVIATIONS,
    TITLE_JOINERS,
    TITLE_WORDS,
    is_honorific,
    is_name_title,
    is_title_word,
    lexical,
    proper_case,
)

INITIAL_RE = re.compile(r"^[A-Z]\.$")


ORG_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC"})


NAME_LABELS = frozenset({"PERSON"})


_STRIP = " ,;:'\"“”‘’()—–-"


MAX_TITLE_TOKENS = 12
MAX_HONORIFIC_NAME_WORDS = 3  # "Mr. Price", "Ms. Jean-Pierre", "Mr. Van Hollen"
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’\-]*|[A-Z]\.)$")


NAME_AFTER_HEAD_TOKENS = 2  # a name this far after a mention's head is still its name


MAX_CLOSING_NAME_WORDS = 3  # "Brenda Mallory" closing "Council on Environmental Quality Chair ..."


GLOSS_BREAKS = frozenset({",", ";", ":", "(", "—", "–", "--"})


@dataclass(frozen=True)
class Mention:
    """A described speaker mention, before resolution."""

    surface: str
    name: str
    title: str = ""
    organization: str = ""
    kind: str = "person"  # "person" | "organization" | "pronoun" | "nominal" | "nobody"
    pos: int = 0  # character offset of the mention in the doc


def clean_phrase(text: str) -> str:
    return " ".join(text.split()).strip(_STRIP)


def _strip_det(text: str) -> str:
    low = text.lower()
    for det in ("the ", "a ", "an "):
        if low.startswith(det):
            return text[len(det) :]
    return text


def split_honorifics(name: str) -> tuple[str, str]:
    """Move leading honorifics and titles out of a name: "Sen. Ted Cruz" -> "Ted Cruz", "Sen.".

    A name in capitals after an honorific is a transcript label's form ("MR PRICE"): it is
    written as a name ("Price"), so that it meets the person the text names in full. An
    office's initialism before a name is a title ("APNSA Jake Sullivan"). A phrase that is
    all title, its last office word made another office by the rank before it ("First Lady",
    "Vice President"), names nobody: ("", phrase).
    """
    words = name.split()
    i = 0
    while i < len(words) - 1 and (is_honorific(words[i]) or is_name_title(words[i])):
        i += 1
    rest = words[i:]
    if i and is_title_word(rest[0]) and lexical(words[i - 1]) in RANK_MODIFIERS:
        return "", name
    if any(is_honorific(w) for w in words[:i]) and all(w.isupper() for w in rest):
        rest = [proper_case(w) if len(w.rstrip(".")) > 1 else w for w in rest]
    return " ".join(rest), " ".join(words[:i])


def honorific_name(phrase: str) -> str | None:
    """The name in "MR PRICE" or "Ms. Psaki" (an honorific, then a capitalised name of at most
    MAX_HONORIFIC_NAME_WORDS words), written as a name ("Price"); None for any other phrase."""
    name, honor = split_honorifics(clean_phrase(phrase))
    words = name.split()
    if not honor or not is_honorific(honor.split()[0]):
        return None
    if not 0 < len(words) <= MAX_HONORIFIC_NAME_WORDS or not all(
        _NAME_WORD.match(w) and not is_title_word(w) for w in words
    ):
        return None
    return name


def title_words(text: str) -> tuple[str, ...]:
    """Lower-case words of a title, abbreviations spelled out: "Sen." -> ("senator",)."""
    words = (w.strip(_STRIP + ".") for w in text.lower().replace("-", " ").split())
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
        or is_title_word(first.text)
        or is_honorific(first.text)
    ):
        return ent
    return Span(doc, k, ent.end, label=ent.label_)


def title_before(doc: Doc, ent: Span) -> str:
    """The words that say who a named person is: those right before the name (`Secretary of
    State Antony Blinken`, `Israeli Foreign Minister ...`) and an apposition after it."""
    k = ent.start
    while k > 0 and ent.start - k < MAX_TITLE_TOKENS:
        tok = doc[k - 1]
        if tok.ent_type_ == "PERSON" or not (
            is_title_word(tok.text)
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
    return _strip_det(clean_phrase(", ".join(parts)))


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
            end = ent.end
            while end > ent.start + 1 and is_title_word(ent.doc[end - 1].text):
                end -= 1  # `Council on Environmental Quality Chair`: the office is no body's name
            return _strip_det(clean_phrase(ent.doc[ent.start : end].text))
    return ""


def _title_span(doc: Doc, span: Span, ent: Span, head: Token) -> tuple[str, Span | None]:
    """Title words before the name plus an apposition ("X, the Y of Z,")."""
    parts: list[str] = []
    region: Span | None = None
    if ent.start > span.start:
        region = doc[span.start : ent.start]
        parts.append(_strip_det(clean_phrase(region.text)))
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            appos = doc[child.left_edge.i : child.right_edge.i + 1]
            parts.append(_strip_det(clean_phrase(appos.text)))
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
    surface = clean_phrase(span.text)
    if not surface:
        return None
    if head.pos_ == "NOUN":
        named = _named_apposition(doc, head, end)
        if named is not None:  # `the lawyer Rosa Diaz`, `his attorney, Alan Garten,`
            described = _strip_det(clean_phrase(doc[start : _phrase_end(doc, head, end)].text))
            return replace(named, surface=surface, title=named.title or described)
    person = _ent_for(span, head, NAME_LABELS)
    if person is not None and person.root.dep_ == "poss" and head.pos_ == "NOUN":
        person = None  # `Clinton's spokesman` is not Clinton
    if person is not None and person.start <= head.i + NAME_AFTER_HEAD_TOKENS:
        person = person_span(doc, person, span.start)
        name, honor = split_honorifics(clean_phrase(person.text))
        if not name:  # "the First Lady": a title, for the registry to find its holder
            return Mention(surface=surface, name=honor, kind="nominal", pos=person.start_char)
        title, region = _title_span(doc, span, person, head)
        if honor and not is_honorific(honor) and not title:
            title = honor
        return Mention(
            surface=surface,
            name=name,
            title=title,
            organization=_org_in(region),
            kind="person",
            pos=person.start_char,
        )
    closing = _closing_name(doc, span, head)
    if closing is not None:  # `Council on Environmental Quality Chair Brenda Mallory`
        region = doc[span.start : closing.start]
        return Mention(
            surface=surface,
            name=clean_phrase(closing.text),
            title=_strip_det(clean_phrase(region.text)),
            organization=_org_in(region),
            kind="person",
            pos=closing.start_char,
        )
    gloss = _person_gloss(head) if head.pos_ == "PROPN" else None
    if gloss is not None:  # `Valeska Paris, an Australian woman`
        left = _propn_start(doc, head, span)
        name, honor = split_honorifics(clean_phrase(doc[left.i : head.i + 1].text))
        title = _strip_det(clean_phrase(doc[gloss.left_edge.i : gloss.right_edge.i + 1].text))
        title = honor or title
        return Mention(surface=surface, name=name, title=title, kind="person", pos=left.idx)
    org = _ent_for(span, head, ORG_LABELS)
    if org is not None and org.start <= head.i < org.end:
        return _body(surface, org.text, org.start_char)
    if head.pos_ == "PROPN" and lexical(head.text) in ORGANIZATION_HEADS:
        return _body(
            surface, doc[_propn_start(doc, head, span).i : head.i + 1].text, doc[start].idx
        )
    if head.pos_ == "PROPN":
        left = _propn_start(doc, head, span)
        name, honor = split_honorifics(clean_phrase(doc[left.i : head.i + 1].text))
        if not name:
            return Mention(surface=surface, name=honor, kind="nominal", pos=left.idx)
        return Mention(surface=surface, name=name, title=honor, kind="person", pos=left.idx)
    described = clean_phrase(doc[start : _phrase_end(doc, head, end)].text)
    honored = honorific_name(described)
    if honored is not None:  # "MR PRICE" (a label in capitals the tagger took for nouns)
        return Mention(surface=surface, name=honored, kind="person", pos=doc[start].idx)
    if head.pos_ == "NOUN" and lexical(head.text) in NOT_SPEAKER_NOUNS:
        kind = "nobody"  # "the event website", "oral history": said by nobody one can name
        return Mention(surface=surface, name=described, kind=kind, pos=doc[start].idx)
    return Mention(surface=surface, name=described, kind="nominal", pos=doc[start].idx)


def _body(surface: str, text: str, pos: int) -> Mention:
    """An organisation's mention, its name without an unclosed bracket's tail: "World Health
    Organisation (WHO" -> "World Health Organisation"."""
    name = _strip_det(clean_phrase(text))
    if name.count("(") > name.count(")"):
        name = clean_phrase(name[: name.rindex("(")])
    return Mention(surface=surface, name=name, kind="organization", organization=name, pos=pos)


def _propn_start(doc: Doc, head: Token, span: Span) -> Token:
    """The first word of the run of proper nouns that `head` closes ("Valeska Paris")."""
    left = head
    while left.i > span.start and doc[left.i - 1].pos_ == "PROPN" or _hyphened(doc, left, span):
        left = doc[left.i - 1] if doc[left.i - 1].pos_ == "PROPN" else doc[left.i - 2]
    return left


def _person_gloss(head: Token) -> Token | None:
    """The apposition that glosses a proper noun as a person ("X, an Australian woman", "X, a
    spokesman"), whatever the tagger took the noun for; None when there is none."""
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            word = lexical(child.text)
            return child if word in PERSON_NOUNS or word in OFFICES else None
    return None


def _name_word(token: Token) -> bool:
    """A word that may stand in a person's name: a capitalised proper noun that is no title,
    no acronym ("CEI") and no part of a body's name."""
    return (
        token.pos_ == "PROPN"
        and bool(_NAME_WORD.match(token.text))
        and not (len(token.text) > 1 and token.text.isupper())
        and not is_title_word(token.text)
        and not is_honorific(token.text)
        and token.ent_type_ not in ORG_LABELS
    )


def _closing_name(doc: Doc, span: Span, head: Token) -> Span | None:
    """A person's name that closes a phrase made of an office and the name: "Council on
    Environmental Quality Chair Brenda Mallory", "Eversource President and CEO Joe Nolan",
    "CEO of the Refugee Council Enver Solomon", "The secretary general of CEI, Nunzio
    Galantino". The name (two or three name words, or one the tagger marks as a person) must
    follow a title word, or a comma or a body's name after a head that is one."""
    end = span.end
    while end > span.start and doc[end - 1].is_punct:
        end -= 1
    start = end
    while start > span.start and end - start < MAX_CLOSING_NAME_WORDS:
        if not _name_word(doc[start - 1]):
            break
        start -= 1
    if start == end or start == span.start:
        return None
    if end - start == 1 and doc[start].ent_type_ != "PERSON":
        return None
    before = doc[start - 1]
    if is_title_word(before.text) or (
        is_title_word(head.text) and (before.text == "," or before.ent_type_ in ORG_LABELS)
    ):
        return doc[start:end]
    return None


def _hyphened(doc: Doc, token: Token, span: Span) -> bool:
    """Whether `token` closes a hyphenated word inside `span` ("Director-General")."""
    k = token.i
    return (
        k - 2 >= span.start
        and doc[k - 1].text == "-"
        and not doc[k - 1].whitespace_
        and not doc[k - 2].whitespace_
        and doc[k - 2].text[:1].isupper()
    )


def _named_apposition(doc: Doc, head: Token, end: int) -> Mention | None:
    """The name in apposition to a common-noun head, described as a mention of its own."""
    named = [c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i < end]
    people = [c for c in named if c.ent_type_ == "PERSON"]  # `the secretary general of CEI
    others = [c for c in named if c.ent_type_ not in ORG_LABELS]  # (the Conference), X,`
    for child in (people or others or named)[:1]:
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


def name_words(name: str) -> list[str]:
    """A name's words without a closing suffix: "Joseph R. Biden Jr." -> Joseph R. Biden."""
    words = name.replace(",", " ").split()
    if len(words) > 1 and lexical(words[-1]) in NAME_SUFFIXES:
        words = words[:-1]
    return words


def title_only(text: str) -> tuple[str, ...] | None:
    """The title words of a phrase that is nothing but a title, else None."""
    words = clean_phrase(text).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not 0 < len(words) <= 3 or not all(is_title_word(w) for w in words):
        return None  # `the New Jersey governor` says more than an office: kept as written
    desc = title_words(" ".join(words))
    return desc if desc and desc[-1] in TITLE_HEADS else None


def holds_title(words: tuple[str, ...], desc: tuple[str, ...]) -> bool:
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
