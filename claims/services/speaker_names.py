"""When two names are one person: the identity rule shared by extraction and `speakers_dedupe`.

A name is parsed into first name, middle names or initials and surname (titles, courtesy
words and suffixes such as "Jr." set aside). Two person names are the same person when

- their surnames are equal (accents and case aside), and
- both give a first name and the first names agree: equal, one the initial of the other
  ("J. Biden"), or one a nickname of the other ("Joe" / "Joseph", from the curated
  `nicknames` data set); when both give middle initials those agree too ("George H. W. Bush"
  is not "George W. Bush"); or
- one of them is a surname alone and both carry the same office ("Biden", President, and
  "Joe Biden", President of the United States). A surname alone with no office, or another
  office ("First Lady"), joins nobody by name alone: namesakes are never merged on a guess.

What the stored rows add (claims.services.speakers, speaker_dedupe): a surname alone with no
other office (a transcript label, "MR. ZIENTS:") is the one person of that surname with a first
name whom the same outlet quotes (`joins_by_outlet`); when that outlet quotes two ("Joe Biden",
"Jill Biden"), it joins neither. Two spellings of one first name ("Anthony" / "Antony": one
letter more inside a name of at least MIN_VARIANT_LETTERS letters, or a nickname of such a
spelling: "Tony") are one person only with the same surname, the same office and the same
outlet (`spelling_variants`); a shorter name or a letter changed or added at an end ("Louis" /
"Louise") is never a variant.

The canonical name is the fullest form seen (`fuller_name`). Pure Python: no Django here;
the words for titles and offices come from the engine's lexicon (claims.extraction.lexicon).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from nicknames import NickNamer

from claims.extraction.lexicon import (
    HONORIFICS,
    NAME_SUFFIXES,
    NAME_TITLE_ABBREVIATIONS,
    OFFICES,
    RANK_MODIFIERS,
    TITLE_ABBREVIATIONS,
    TITLE_WORDS,
    is_title_word,
    proper_case,
)

# Words written before a name that are no part of it ("Mr. Price", "President Biden").
NAME_PREFIXES = (
    TITLE_WORDS | HONORIFICS | frozenset(NAME_TITLE_ABBREVIATIONS) | frozenset({"the", "madam"})
)
OFFICE_HEADS = OFFICES - RANK_MODIFIERS
OFFICE_MODIFIERS = RANK_MODIFIERS
# Two spellings of one office, compared as one ("spokesman" and "spokesperson").
OFFICE_SYNONYMS = {
    "spokeswoman": "spokesperson",
    "spokesman": "spokesperson",
    "advisor": "adviser",
    "congressman": "representative",
    "congresswoman": "representative",
    "chairwoman": "chair",
    "chairman": "chair",
}
MIN_VARIANT_LETTERS = 5  # a shorter first name is never a spelling variant of another
_WORD = re.compile(r"[^\W\d_][\w'’\-]*\.?|[A-Z]\.", re.UNICODE)
_NICKNAMES = NickNamer()


def fold(text: str) -> str:
    """Lower case without accents or dots: "José." -> "jose"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.casefold().strip(".’'")


@dataclass(frozen=True)
class ParsedName:
    first: str = ""  # folded first name or initial ("" for a surname alone)
    middles: tuple[str, ...] = ()  # folded middle names or initials
    surname: str = ""  # folded surname ("" when the name has no word left)

    @property
    def is_surname_only(self) -> bool:
        return bool(self.surname) and not self.first


def _initials(word: str) -> list[str]:
    """ "H.W." -> ["h", "w"]; a plain word -> [word]."""
    if "." in word.strip(".") or (len(word.rstrip(".")) == 1):
        return [part for part in fold(word).split(".") if part]
    return [fold(word)]


@cache
def parse_name(name: str) -> ParsedName:
    """Split a person's name into first, middle and surname, dropping titles and suffixes."""
    words = _WORD.findall(name or "")
    while len(words) > 1 and fold(words[0]) in NAME_PREFIXES:
        words.pop(0)
    while len(words) > 1 and fold(words[-1]) in NAME_SUFFIXES:
        words.pop()
    if not words:
        return ParsedName()
    surname = fold(words[-1])
    if len(words) == 1:
        return ParsedName(surname=surname)
    parts = [part for word in words[:-1] for part in _initials(word)]
    return ParsedName(first=parts[0], middles=tuple(parts[1:]), surname=surname)


def _first_names_agree(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    names_a = {a} | _NICKNAMES.canonicals_of(a) | _NICKNAMES.nicknames_of(a)
    names_b = {b} | _NICKNAMES.canonicals_of(b) | _NICKNAMES.nicknames_of(b)
    return (
        b in names_a
        or a in names_b
        or bool((_NICKNAMES.canonicals_of(a) | {a}) & (_NICKNAMES.canonicals_of(b) | {b}))
    )


def _one_letter_inside(short: str, long: str) -> bool:
    """`long` is `short` with one letter added inside it, not at an end ("antony", "anthony")."""
    if len(long) != len(short) + 1 or len(short) < MIN_VARIANT_LETTERS:
        return False
    return any(long[:k] + long[k + 1 :] == short for k in range(1, len(long) - 1))


def _forms(first: str) -> set[str]:
    return {first} | _NICKNAMES.canonicals_of(first) | _NICKNAMES.nicknames_of(first)


def spelling_variants(name_a: str, name_b: str, title_a: str, title_b: str) -> bool:
    """Two spellings of one person's first name, with the same surname and the same office
    ("Anthony Blinken", "Antony J. Blinken", both Secretary of State); the caller checks that
    one outlet quotes both. Names `names_compatible` joins already are not variants."""
    a, b = parse_name(name_a), parse_name(name_b)
    if not (a.first and b.first and a.surname and a.surname == b.surname):
        return False
    if not same_office(title_a, title_b) or names_compatible(name_a, name_b):
        return False
    return any(
        _one_letter_inside(x, y) or _one_letter_inside(y, x)
        for x in _forms(a.first)
        for y in _forms(b.first)
    )


def offices(title: str) -> frozenset[str]:
    """The offices a title names, each with the modifiers written before its head word.

    "White House Press Secretary" -> {"press secretary"}; "Vice President" -> {"vice
    president"}; "President of the United States" -> {"president"}.
    """
    words = [fold(w) for w in _WORD.findall(title or "")]
    words = [part for w in words for part in NAME_TITLE_ABBREVIATIONS.get(w, w).split()]
    words = [OFFICE_SYNONYMS.get(w, TITLE_ABBREVIATIONS.get(w, w)) for w in words]
    found = set()
    for i, word in enumerate(words):
        if not is_office_head(word):
            continue
        start = i
        while start > 0 and words[start - 1] in OFFICE_MODIFIERS:
            start -= 1
        if word == "lady" and start == i:  # "lady" alone is no office; "First Lady" is
            continue
        found.add(" ".join(words[start : i + 1]))
    return frozenset(found)


def is_office_head(word: str) -> bool:
    """An office's head word (folded), or a hyphenated office of its own ("secretary-general",
    not the "secretary" or the "general")."""
    return word in OFFICE_HEADS or ("-" in word and is_title_word(word))


def same_office(title_a: str, title_b: str) -> bool:
    """Both titles name one office ("President" and "President of the United States")."""
    return bool(offices(title_a) & offices(title_b))


def names_compatible(name_a: str, name_b: str, title_a: str = "", title_b: str = "") -> bool:
    """True when the two names (with their titles) are one person by the rule above."""
    a, b = parse_name(name_a), parse_name(name_b)
    if not a.surname or a.surname != b.surname:
        return False
    if a.is_surname_only or b.is_surname_only:
        return same_office(title_a, title_b)
    if not _first_names_agree(a.first, b.first):
        return False
    # Both give a middle name or initial: it must agree ("George H. W." is not "George W.").
    return not (a.middles and b.middles and a.middles[0][0] != b.middles[0][0])


def plain_name(name: str) -> str:
    """A person's name as a row holds it: a name in capitals (a transcript label's form, "MR
    PRICE", "KIRBY") is written as a name ("Price", "Kirby"), its honorific dropped; any other
    name is kept as it is ("Mr. Price"). Only for people: "NATO" stays an organisation's."""
    words = (name or "").split()
    i = 0
    while i < len(words) - 1 and fold(words[i]) in HONORIFICS:
        i += 1
    rest = words[i:]
    if not rest or not all(w.isupper() for w in rest):
        return name
    if not i and not any(len(w.rstrip(".")) > 1 for w in rest):
        return name
    return " ".join(proper_case(w) if len(w.rstrip(".")) > 1 else w for w in rest)


def _without_titles(name: str) -> str:
    """A name without the titles written before it: "APNSA Jake Sullivan" -> "Jake Sullivan"."""
    words = plain_name(name or "").split()
    while len(words) > 1 and fold(words[0]) in NAME_PREFIXES:
        words.pop(0)
    return " ".join(words)


def name_weight(name: str) -> tuple[int, int, int, int]:
    """How full a name is: words after titles, then spelt-out (not initial) words, then length
    (of its plain form without titles: "MR PRICE" is no fuller than "Price"); of two equal
    names, the one without a title before it ("Jake Sullivan" over "APNSA Jake Sullivan")."""
    parsed = parse_name(name)
    words = [parsed.first, *parsed.middles, parsed.surname]
    present = [w for w in words if w]
    bare = _without_titles(name)
    titled = len(plain_name(name or "")) - len(bare)
    return len(present), sum(len(w) > 1 for w in present), len(bare), -titled


def joins_by_outlet(bare_title: str, person_title: str) -> bool:
    """Whether a surname alone with `bare_title` may be the outlet's one person of that surname
    with a first name (`person_title`): only when it names no other office."""
    return not offices(bare_title) or same_office(bare_title, person_title)


def fuller_name(current: str, other: str) -> str:
    """The fuller of two forms of one name ("Antony J. Blinken" over "Antony Blinken")."""
    return other if name_weight(other) > name_weight(current) else current


def surname_key(name: str) -> str:
    """The folded surname that candidate rows are looked up by ("" when there is none)."""
    return parse_name(name).surname
