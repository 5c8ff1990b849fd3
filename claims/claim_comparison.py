"""Claim comparison: is this sentence the same claim as that one? No Django here.

A claim is reduced to `Features`: its content tokens (lower case, stop words dropped, light
stemming), the numbers it states (digits and number words, "3.5 million" == "3,500,000",
months count as numbers), whether it is negated (parity of negation words), the direction
words it uses (rose/fell) and its capitalised names. Two claims match when

1. the hard checks agree (`conflict` returns None): same numbers, same negation parity, no
   opposite direction words, and neither side names someone or somewhere the other does not
   while the other names someone else (one set of names may contain the other);
2. the fuzzy score of their content tokens (`similarity`, 0-100, rapidfuzz) reaches
   `THRESHOLD`. docs/MATCHING.md says how the threshold was chosen and what it scores.

`blocking_keys` gives the short hashed keys under which a claim is indexed, so that candidates
come from an indexed lookup instead of a scan: every claim a match could be with shares at
least one key with it (the keys bind the exact numbers to pairs of its rarest-looking tokens).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

# Chosen on the pairs in tests/test_claim_comparison.py; see docs/MATCHING.md.
THRESHOLD = 85.0
# How many of a claim's rarest-looking tokens are paired into blocking keys (C(6, 2) = 15).
BLOCK_TOKENS = 6


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOP_WORDS = _set(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me might must my myself of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up upon very was
    we were what when where which while who whom why will with would you your yours yourself
    said says say saying told according claimed claims claim stated states noted added
    reported insisted argued per cent percent last year years month months week weeks day
    days nearly almost about around roughly approximately some new now already still ever
    one dollar dollars"""
)
NEGATIONS = _set("not no never none nobody nothing neither nor without cannot nowhere")
UP = _set(
    """rise rises rose risen rising increase increased increases increasing grew grow grows
    grown growing higher gain gained gains climb climbed climbs jump jumped jumps soar soared
    soars double doubled tripled surge surged expand expanded raise raised boost boosted"""
)
DOWN = _set(
    """fall falls fell fallen falling decrease decreased decreases decreasing decline declined
    declines declining drop dropped drops shrank shrink shrinks shrunk lower lowered plunge
    plunged plunges slump slumped halved cut cuts reduce reduced reduces dip dipped sank sink
    contract contracted"""
)
UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "bn": 1_000_000_000,
    "m": 1_000_000,
    "k": 1_000,
}
MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Capitalised words that are not names (sentence openers, titles, weekdays).
NOT_NAMES = STOP_WORDS | _set(
    """mr mrs ms dr president senator governor minister prime secretary chairman chief mayor
    representative rep sen gov monday tuesday wednesday thursday friday saturday sunday
    according however meanwhile today yesterday tomorrow"""
)

# "no one", "every one": not the number 1.
_NOT_ONE = _set("no any every some each this that the which")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_CONTRACTIONS = [
    (re.compile(r"\bwon't\b", re.I), "will not"),
    (re.compile(r"\bcan't\b", re.I), "can not"),
    (re.compile(r"\bshan't\b", re.I), "shall not"),
    (re.compile(r"n't\b", re.I), " not"),
    (re.compile(r"'s\b", re.I), ""),
]
_TOKEN = re.compile(r"\$?\d[\d,]*(?:\.\d+)?%?|[A-Za-z][A-Za-z'\-]*|%")


@dataclass(frozen=True)
class Features:
    """What the matcher compares; build with `features(text)`."""

    tokens: tuple[str, ...]  # content tokens, stemmed, in order
    numbers: frozenset[str]
    negated: bool
    directions: frozenset[str]  # subset of {"up", "down"}
    names: frozenset[str]

    @property
    def content(self) -> str:
        return " ".join(self.tokens)


def _stem(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + keep
    return word


def _number(raw: str) -> float | None:
    try:
        return float(raw.lstrip("$").rstrip("%").replace(",", ""))
    except ValueError:
        return None


def _canonical(value: float) -> str:
    return f"{value:.6g}" if value != int(value) else str(int(value))


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return _TOKEN.findall(text)


def _numbers(words: list[str]) -> tuple[set[str], set[int]]:
    """Numbers stated (canonical strings) and the word positions they used up."""
    numbers: set[str] = set()
    used: set[int] = set()
    i = 0
    while i < len(words):
        low = words[i].lower()
        value: float | None = None
        start = i
        if low[0].isdigit() or low.startswith("$"):
            value = _number(low)
        elif low in UNITS and not (low == "one" and i and words[i - 1].lower() in _NOT_ONE):
            value = float(UNITS[low])
            while i + 1 < len(words) and words[i + 1].lower() in UNITS:  # "twenty five"
                i += 1
                value += UNITS[words[i].lower()]
        elif "-" in low and all(part in UNITS for part in low.split("-")):  # "twenty-five"
            value = float(sum(UNITS[part] for part in low.split("-")))
        if value is None:
            month = MONTHS.get(low)
            is_month = month is not None and (low != "may" or words[i][0].isupper())
            if is_month and (i > 0 or low != "may"):
                numbers.add(f"month{month}")
                used.add(i)
            i += 1
            continue
        while i + 1 < len(words) and words[i + 1].lower() in SCALES:
            i += 1
            value *= SCALES[words[i].lower()]
        numbers.add(_canonical(value))
        used.update(range(start, i + 1))
        i += 1
    return numbers, used


def features(text: str) -> Features:
    """Reduce a claim sentence to what the matcher compares."""
    words = _words(text)
    numbers, used = _numbers(words)
    tokens: list[str] = []
    names: set[str] = set()
    negations = 0
    directions: set[str] = set()
    for index, word in enumerate(words):
        low = word.lower().strip("'-")
        if index in used or not low or low == "%":
            continue
        if low in NEGATIONS:
            negations += 1
            continue
        if low in UP:
            directions.add("up")
        elif low in DOWN:
            directions.add("down")
        if low in STOP_WORDS:
            continue
        if word[0].isupper() and low not in NOT_NAMES and len(low) > 1:
            names.add(_stem(low))
        tokens.append(_stem(low))
    return Features(
        tokens=tuple(tokens),
        numbers=frozenset(numbers),
        negated=negations % 2 == 1,
        directions=frozenset(directions),
        names=frozenset(names),
    )


def conflict(a: Features, b: Features) -> str | None:
    """Why two claims cannot be the same claim, or None when the hard checks agree."""
    if a.numbers != b.numbers:
        return "numbers differ"
    if a.negated != b.negated:
        return "negation differs"
    if a.directions and b.directions and a.directions != b.directions:
        return "direction differs"
    # A name the other claim uses as a plain word ("Crime in Chicago" / "Since 2015, crime")
    # is no conflict: a sentence-initial capital does not make a name.
    if (a.names - set(b.tokens)) and (b.names - set(a.tokens)):
        return "names differ"
    return None


def similarity(a: Features, b: Features) -> float:
    """0-100: how alike the content tokens are (mean of token-set and token-sort ratios).

    Token-set alone scores 100 whenever one claim's words contain the other's, so a short
    claim would match any longer sentence around it; averaging with token-sort penalises that.
    """
    if not a.tokens or not b.tokens:
        return 100.0 if a.tokens == b.tokens else 0.0
    left, right = a.content, b.content
    return (fuzz.token_set_ratio(left, right) + fuzz.token_sort_ratio(left, right)) / 2


def match_score(a: Features, b: Features) -> float:
    """The similarity when the hard checks agree, else 0."""
    return 0.0 if conflict(a, b) else similarity(a, b)


def is_match(a: str, b: str, threshold: float = THRESHOLD) -> bool:
    """True when the two claim texts state the same claim."""
    return match_score(features(a), features(b)) >= threshold


def _rarity(token: str) -> tuple[int, str]:
    # Without corpus statistics, longer words are rarer: a good enough proxy for blocking.
    return (-len(token), token)


def _hash(value: str) -> str:
    return hashlib.blake2b(value.encode("utf-8"), digest_size=8).hexdigest()


def blocking_keys(f: Features) -> list[str]:
    """Short hashed keys to index a claim under; a match shares at least one of them.

    Every key carries the claim's numbers (which must agree exactly) and a pair of its
    `BLOCK_TOKENS` rarest-looking distinct tokens; a paraphrase keeps at least two of them in
    practice. A claim with a single content token is keyed by it alone.
    """
    numbers = ",".join(sorted(f.numbers))
    rare = sorted(set(f.tokens), key=_rarity)[:BLOCK_TOKENS]
    if len(rare) < 2:
        return [_hash(f"{numbers}|{'|'.join(rare)}")]
    return sorted({_hash(f"{numbers}|{x}|{y}") for x, y in itertools.combinations(sorted(rare), 2)})
