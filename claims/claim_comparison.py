"""Claim comparison: is this sentence the same claim as that one? No Django here.

A claim is reduced to `Features`: content tokens (lower case, stop words dropped, light
stemming), the numbers it states (digits and number words, "3.5 million" == "3,500,000"; months,
ordinals; numbers inside names such as "COVID-19" or "Title 42" left out), negation parity,
direction words, capitalised names (and their acronyms; a country's other names and a
titled name's title read as the same actor), the pronoun for the person, and
whether it reports a dated event. `conflict` applies the hard checks (figures, names,
person, polarity, event dates); `claims.claim_decision` adds the embeddings and decides.
`similarity` (rapidfuzz) and `blocking_keys` (hashed keys binding the numbers to pairs of rare
tokens) serve the lexical candidate search; docs/MATCHING.md has the figures.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

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
_UNIT_TEXT = """zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen"""
UNITS = {word: value for value, word in enumerate(_UNIT_TEXT.split())} | {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
_ORDINAL_TEXT = """first second third fourth fifth sixth seventh eighth ninth tenth eleventh
    twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"""
ORDINALS = {word: index for index, word in enumerate(_ORDINAL_TEXT.split(), start=1)} | {
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "hundredth": 100,
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
    according however meanwhile today yesterday tomorrow administration government department
    office obviously also"""
)

_COMPARATIVES = _set("more less fewer later sooner greater higher lower")
# Sentence openers that are not names ("Obviously, ...", "Beginning on ...", "Only ...",
# and spoken ones: "Well, ...", "Thank you ...").
OPENERS = _set(
    """only like last next since while after before as so and but again together just
    well yes okay oh thank please now first second third fourth fifth"""
)
_OPENER_ENDINGS = ("ing", "ly", "ed")
# "no one", "every one": not the number 1.
_NOT_ONE = _set("no any every some each this that the which")
# A number right after one of these words is part of a name, not a figure: "Title 42",
# "Section 7031(c)", "Executive Order 14008", "Resolution 2254", "fiscal year 2024", "FY 2025".
NAME_NUMBER_LABELS = _set(
    """title section sec order resolution article chapter amendment part rule form flight
    route highway district no number docket case bill unscr fy year e.o eo o"""
)
# Words before "year" that make it a label: "fiscal year 2024", "academic year 2019".
_YEAR_LABELS = _set("fiscal academic school")
# The speaking government: the corpus is U.S. government texts, whose "we" is the United
# States. A sentence naming it ("the United States", "Americans") and one saying "we" or
# naming it another way do not name different actors (docs/MATCHING.md).
WE = frozenset({"we", "our", "ours", "us", "ourselves"})
_US_WORDS = frozenset({"america", "american", "americans", "usa"})
_NOT_US_BEFORE = _set("latin south central north")
HE = _set("he him his himself")
SHE = _set("she her hers herself")
# A sentence reports an event (a call, a meeting, an announcement) when it says when it
# happened relative to the article: "spoke today with", "this week", "yesterday". Its date is
# then the article's date (minus a day for "yesterday"), and two such sentences are the same
# claim only about the same event. Days either side a relative marker still covers:
EVENT_WINDOW_DAYS = {"today": 0, "yesterday": 0, "week": 6, "recent": 6, "upcoming": 7}
_EVENT_MARKERS = [
    (re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I), "today"),
    (re.compile(r"\b(?:yesterday|last night)\b", re.I), "yesterday"),
    (re.compile(r"\b(?:this|last|earlier this) week(?:end)?\b", re.I), "week"),
    # An announced engagement ("will meet with", "will travel to", "will be live-streamed"):
    # a trip or an event around the article's date, not a later one.
    (
        re.compile(
            r"\bwill (?:also )?(?:meet|travel|visit|host|hold|lead|attend|participate|deliver|"
            r"convene|welcome|be (?:live-?streamed|livestreamed|open to the press))\b",
            re.I,
        ),
        "upcoming",
    ),
    # A readout's generic subject and a past-tense act: "The leaders reaffirmed ...",
    # "They discussed ...", "The two officials committed ..."; and a sentence that points at
    # its own article ("the entities above", "This reward is offered ...").
    (
        re.compile(
            r"^(?:they|the (?:two )?(?:leaders|officials|participants|ministers)|both|"
            r"(?:senior )?white house (?:senior )?officials)\b[^.;:]{0,40}?\b(?:also )?"
            r"(?:reaffirmed|discussed|thanked|committed|expressed|emphasized|underscored|"
            r"reiterated|welcomed|agreed|highlighted|stressed|noted|condemned|met|spoke)\b",
            re.I,
        ),
        "recent",
    ),
    # A named or titled person's past-tense act opening the sentence, as readouts report it:
    # "President Biden condemned ...", "The Vice President underscored ...", "He reaffirmed ...".
    (
        re.compile(
            r"^(?:(?:The|He|She|[A-Z][\w.'\u2019-]*,?)\s+){1,5}?(?:also\s+)?"
            r"(?:reaffirmed|discussed|thanked|committed|expressed|emphasized|underscored|"
            r"reiterated|welcomed|agreed|highlighted|stressed|noted|condemned|met|spoke|urged|"
            r"congratulated|affirmed|raised|encouraged)\b"
        ),
        "recent",
    ),
    (
        re.compile(
            r"^(?:this|these|those) \w+ (?:is|are|was|were)\b|\b(?:above|below)\b|"
            r"\bthis (?:agreement|paragraph|resource|meeting|call|trip|visit|event)\b",
            re.I,
        ),
        "recent",
    ),
]
# Actors named in other words, read as the same actor: a country's official name,
# abbreviation, demonym or government seat where it shares no prefix with the country's name
# (prefixes already cover "Israel"/"Israeli", "China"/"Chinese"). Each form stands for the
# country's name words, so "the DPRK" is "North Korea" and still differs from "the ROK".
_COUNTRIES = {
    "china": "prc beijing",
    "north korea": "dprk pyongyang",
    "south korea": "rok",
    "russia": "kremlin moscow",
    "iran": "tehran",
    "britain": "uk british",
    "france": "french paris",
    "netherlands": "dutch",
    "switzerland": "swiss",
    "denmark": "danish",
    "sweden": "swedish",
    "norway": "norwegian",
    "finland": "finnish",
    "poland": "polish",
    "ireland": "irish",
    "spain": "spanish",
    "portugal": "portuguese",
    "greece": "greek",
    "turkey": "turkish turkiye",
    "thailand": "thai",
    "burma": "burmese myanmar",
    "philippines": "filipino philippine",
    "united arab emirates": "uae emirati",
    "lebanon": "lebanese",
    "ukraine": "kyiv kiev",
}
ACTOR_ALIASES: dict[str, tuple[str, ...]] = {
    alias: tuple(country.split()) for country, aliases in _COUNTRIES.items()
    for alias in aliases.split()
}  # fmt: skip
# Titles: "President Biden" and "the President" (the title alone) name the same person in one
# government's texts. A qualifier that names another office is part of the title ("Vice
# President Harris" is covered by "the Vice President", not by "the President"); the others
# are not ("Foreign Minister Wang" = "the Minister"). Two sentences that each name an office
# the other does not are about different people ("The President underscored ..." / "The Vice
# President underscored ...").
TITLES = _set(
    """president secretary senator governor minister mayor ambassador chairman chairwoman chair
    administrator director commissioner leader speaker envoy spokesperson"""
)
_OTHER_OFFICE = _set("vice deputy assistant under")
# "As President Biden has said, we believe ...": the one quoted is the source, not an actor.
_ATTRIBUTION = re.compile(
    r"^as [^,;]{0,60}?\b(?:has |have |had )?(?:said|noted|stated|made clear|put it)\b[^,;]*[,;]",
    re.I,
)
# Words left out of acronyms: "Affordable Care Act" = ACA, "People's Republic of China" = PRC.
_ACRONYM_GLUE = _set("of the and for on in")
# A name covers another when they share a prefix this long and at most one letter less
# than the shorter ("Israel"/"Israeli", "Ukraine"/"Ukrainian"; not "Austria"/"Australia").
NAME_PREFIX_MIN = 4
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_CONTRACTIONS = [
    (re.compile(r"\bwon't\b", re.I), "will not"),
    (re.compile(r"\bcan't\b", re.I), "can not"),
    (re.compile(r"\bshan't\b", re.I), "shall not"),
    (re.compile(r"n't\b", re.I), " not"),
    (re.compile(r"\bone's\b", re.I), "ones"),  # "next to one's kid": no figure
    (re.compile(r"'s\b", re.I), ""),
]
# Whole numbers in this range stand alone as years ("since 2019"), which one claim may add.
YEAR_RANGE = (1900, 2100)
# Letters first then digits is one token, a name: "COVID-19", "G7", "F-35", "H5N1".
# A time of day is one token ("4:00 p.m.", "16:30"), and so is a month with its day or days
# ("March 10", "May 24-27"; not "March 2 million").
_MONTH_DAY = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d{1,2}(?:[-\u2013]\d{1,2})?\b"
    r"(?!\s*(?:hundred|thousand|million|billion|trillion|percent)\b|[%.,]\d)"
)
_TOKEN = re.compile(
    r"\d{1,2}:\d{2}(?:\s?[ap]\.?m\b\.?)?|" + _MONTH_DAY + r"|\$?\d[\d,]*(?:\.\d+)?%?|"
    r"[A-Za-z][A-Za-z'\-]*(?:\d[A-Za-z\d\-]*)?|%"
)
# "First, ...", "Second, ...": a list's opener, not the ordinal of anything.
_ORDINAL_OPENER = re.compile(r"^\W*(?:first|second|third|fourth|fifth)\s*,", re.I)


@dataclass(frozen=True)
class Features:
    """What the matcher compares; build with `features(text)`."""

    tokens: tuple[str, ...]  # content tokens, stemmed, in order
    numbers: frozenset[str]
    negated: bool
    directions: frozenset[str]  # subset of {"up", "down"}
    names: frozenset[str]
    gender: str = ""  # "he" or "she" when the sentence uses only one set of pronouns
    event: str = ""  # "today", "yesterday", "week", "recent": reports a dated event
    acronyms: frozenset[str] = frozenset()  # initials of its runs of capitalised words
    us: bool = False  # names the United States ("the United States", "U.S.", "Americans")
    we: bool = False  # speaks in the first person plural ("we", "our", "us")
    titled: frozenset[tuple[str, str]] = frozenset()  # (name, its title): ("biden", "president")
    titles: frozenset[str] = frozenset()  # titles used alone: "the President", "the Secretary"
    offices: frozenset[str] = frozenset()  # every title used, alone or before a name

    @property
    def content(self) -> str:
        return " ".join(self.tokens)


def _stem(word: str) -> str:
    """Light stemming; word forms meet: "revitalize"/"revitalizing"/"revitalized"."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)] + keep
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _number(raw: str) -> float | None:
    try:
        return float(raw.lstrip("$").rstrip("%").replace(",", ""))
    except ValueError:
        return None


def _canonical(value: float) -> str:
    return f"{value:.6g}" if value != int(value) else str(int(value))


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text).translate(_APOSTROPHES)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))  # "Andrés" = "Andres"
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return _TOKEN.findall(text)


def _numbers(words: list[str], ordinal_opener: bool = False) -> tuple[set[str], set[int]]:
    """Numbers stated (canonical strings) and the word positions they used up.

    Dates and times are kept apart from figures by their form: "month3", "day3-10" (March 10),
    "time4:00pm"; years stay plain numbers in `YEAR_RANGE`.
    """
    numbers: set[str] = set()
    used: set[int] = set()
    i = 0
    while i < len(words):
        low = words[i].lower()
        value: float | None = None
        start = i
        if ":" in low:  # a time of day
            clock, _, rest = low.partition(" ")
            numbers.add(f"time{clock}{rest.replace('.', '')}")
            used.add(i)
            i += 1
            continue
        if " " in low:  # a month and its days
            name, _, days = low.partition(" ")
            month = MONTHS[name.rstrip(".")]
            numbers.add(f"month{month}")
            numbers.update(f"day{month}-{int(day)}" for day in re.findall(r"\d+", days))
            used.add(i)
            i += 1
            continue
        if (low[0].isdigit() or low.startswith("$")) and _is_name_number(words, i):
            used.add(i)
            i += 1
            continue
        if low[0].isalpha() and any(ch.isdigit() for ch in low) and not words[i][0].isupper():
            numbers.add(f"id:{low}")  # "sotu-2023" in a web address: an identifier
            used.add(i)
            i += 1
            continue
        if low[0].isdigit() or low.startswith("$"):
            value = _number(low)
        elif low == "one" and i + 1 < len(words) and words[i + 1].lower() == "of":
            value = None  # "one of those ways": not a figure
        elif low in UNITS and not (low == "one" and i and words[i - 1].lower() in _NOT_ONE):
            value = float(UNITS[low])
            while i + 1 < len(words) and words[i + 1].lower() in UNITS:  # "twenty five"
                i += 1
                value += UNITS[words[i].lower()]
        elif "-" in low and all(part in UNITS for part in low.split("-")):  # "twenty-five"
            value = float(sum(UNITS[part] for part in low.split("-")))
        ordinal = _ordinal(low)
        if ordinal is not None and i == 0 and ordinal_opener:
            ordinal = None  # "First, the White House released ..."
        if value is None and ordinal is not None:  # "the fifth in a series", "twenty-fourth"
            numbers.add(f"ordinal{ordinal}")
            used.add(i)
            i += 1
            continue
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


def _ordinal(low: str) -> int | None:
    if low in ORDINALS:
        return ORDINALS[low]
    tens, _, unit = low.partition("-")  # "twenty-fourth"
    if unit in ORDINALS and tens in UNITS:
        return UNITS[tens] + ORDINALS[unit]
    return None


def _is_name_number(words: list[str], i: int) -> bool:
    """A number that is part of a name or label: "Title 42", "fiscal year 2024", "(202) 555"."""
    if i == 0:
        return False
    before = words[i - 1].lower().rstrip(".")
    if before == "year":
        return i >= 2 and words[i - 2].lower() in _YEAR_LABELS
    return before in NAME_NUMBER_LABELS and (before != "no" or words[i - 1][0] == "N")


def _comparative(words: list[str], index: int) -> bool:
    """ "no more than", "not less than", "not only", "not just": a limit or an addition, not a
    negation."""
    after = [w.lower() for w in words[index + 1 : index + 3]]
    return after[:1] in (["only"], ["just"], ["merely"]) or (
        len(after) == 2 and after[0] in _COMPARATIVES and after[1] == "than"
    )


def _event(text: str) -> str:
    for pattern, kind in _EVENT_MARKERS:
        if pattern.search(text):
            return kind
    return ""


def features(text: str) -> Features:
    """Reduce a claim sentence to what the matcher compares."""
    words = _words(text)
    numbers, used = _numbers(words, bool(_ORDINAL_OPENER.match(text)))
    tokens: list[str] = []
    names: set[str] = set()
    negations = 0
    directions: set[str] = set()
    pronouns: set[str] = set()
    us_at = _us_positions(words)
    titled, titles, _ = _titles(words)
    offices = _titles(_words(_ATTRIBUTION.sub("", text)))[2]
    we = False
    for index, word in enumerate(words):
        low = word.lower().strip("'-")
        if index in used or not low or low == "%":
            continue
        we = we or (low in WE and word != "US")
        if low in HE:
            pronouns.add("he")
        elif low in SHE:
            pronouns.add("she")
        if low in NEGATIONS and not _comparative(words, index):
            negations += 1
            continue
        if low in UP:
            directions.add("up")
        elif low in DOWN:
            directions.add("down")
        if low in STOP_WORDS:
            continue
        # A sentence's first word is capitalised anyway: "Starting on July 11, ..." is no name.
        first_ok = index > 0 or not (low.endswith(_OPENER_ENDINGS) or low in OPENERS)
        if (
            word[0].isupper()
            and low not in NOT_NAMES
            and len(low) > 1
            and first_ok
            and index not in us_at
        ):
            # "Iran-backed": the capitalised parts are names, "backed" is not.
            parts = word.strip("'-").split("-")
            names.update(_name(p.lower()) for p in parts if len(p) > 1 and p[0].isupper())
        tokens.append(_stem(low))
    return Features(
        tokens=tuple(tokens),
        numbers=frozenset(numbers),
        negated=negations % 2 == 1,
        directions=frozenset(directions),
        names=frozenset(names),
        gender=next(iter(pronouns)) if len(pronouns) == 1 else "",
        event=_event(text),
        acronyms=_acronyms(words),
        us=bool(us_at),
        we=we,
        titled=frozenset(titled),
        titles=frozenset(titles),
        offices=frozenset(offices),
    )


def _name(low: str) -> str:
    """A name word as compared: a country's other names read as its own ("PRC" = "china")."""
    return " ".join(ACTOR_ALIASES[low]) if low in ACTOR_ALIASES else _stem(low)


def _titles(words: list[str]) -> tuple[set[tuple[str, str]], set[str], set[str]]:
    """Names that follow a title ("President Biden": ("biden", "president")), titles used
    without a name ("The President and Vice President restated ..."), and every title used."""
    titled: set[tuple[str, str]] = set()
    titles: set[str] = set()
    offices: set[str] = set()
    for index, word in enumerate(words):
        low = word.lower()
        if low not in TITLES:
            continue
        before = words[index - 1].lower() if index else ""
        title = f"{before} {low}" if before in _OTHER_OFFICE else low
        offices.add(title)
        following = index + 1
        while following < len(words) and _is_name_word(words[following]):
            titled.add((_stem(words[following].lower()), title))
            following += 1
        # "the President of the UAE" names its own person: not the title alone.
        after = words[following].lower() if following < len(words) else ""
        if following == index + 1 and after != "of":
            titles.add(title)
    return titled, titles, offices


def _is_name_word(word: str) -> bool:
    return word[0].isupper() and word.lower() not in NOT_NAMES and len(word) > 1


def _us_positions(words: list[str]) -> set[int]:
    """Word positions naming the United States: "United States", "U.S.", "America(n)", "USA"."""
    found: set[int] = set()
    for index, word in enumerate(words):
        before = words[index - 1].lower() if index else ""
        following = words[index + 1] if index + 1 < len(words) else ""
        # "U.S." is read as "U", "S".
        if (word, following) in (("United", "States"), ("U", "S")):
            found.update((index, index + 1))
        elif word.lower() in _US_WORDS and word[0].isupper() and before not in _NOT_US_BEFORE:
            found.add(index)
    return found


def _acronyms(words: list[str]) -> frozenset[str]:
    found: set[str] = set()
    run: list[str] = []
    for word in [*words, "."]:
        if word[:1].isupper():
            run.append(word[0].lower())
            if len(run) >= 2:
                found.update("".join(run[start:]) for start in range(len(run) - 1))
        elif word.lower() not in _ACRONYM_GLUE or not run:
            run = []
    return frozenset(found)


def _figures(numbers: frozenset[str]) -> frozenset[str]:
    """The figures among a claim's numbers: not its years, months, days and times (dates)."""
    return frozenset(
        n
        for n in numbers
        if not n.startswith(("month", "day", "time"))
        and not (n.isdigit() and YEAR_RANGE[0] <= int(n) <= YEAR_RANGE[1])
    )


def _figures_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Different figures, unless one sentence states all of the other's and more.

    A restatement may add context figures ("over $39 billion ... 415,000 jobs" plus "for the
    fifth year") provided the other states at least one figure, all of them shared: the claim's
    anchor. "13" / "13.6 billion" conflict; "$1.30 a gallon" / "$1, $1.30 a gallon" do not; a
    figure against none conflicts ("the fifth in a series" / "a series").
    """
    return a != b and not (a and b and (a < b or b < a))


def _word_parts(tokens: Iterable[str]) -> set[str]:
    return {part for token in tokens for part in (token, *token.split("-"))}


def _covered(name: str, words: Iterable[str]) -> bool:
    """The other sentence uses this name, or a form of it ("Israel"/"Israeli")."""
    for word in words:
        if word == name:
            return True
        shorter = min(len(word), len(name))
        prefix = len(os.path.commonprefix([word, name]))
        if prefix >= NAME_PREFIX_MIN and prefix >= shorter - 1:
            return True
    return False


def _event_date(f: Features, published: date) -> date:
    return published - timedelta(days=1) if f.event == "yesterday" else published


def event_conflict(a: Features, b: Features, a_date: date | None, b_date: date | None) -> bool:
    """True when one sentence reports a dated event and the other cannot be about it."""
    if not (a.event or b.event) or a_date is None or b_date is None:
        return False
    window = max(EVENT_WINDOW_DAYS.get(a.event, 0), EVENT_WINDOW_DAYS.get(b.event, 0))
    if a.event and b.event:
        return abs((_event_date(a, a_date) - _event_date(b, b_date)).days) > window
    # One side dated by a marker, the other not: the other article must report that event
    # within the following days (a later article restating it without "today").
    marked, other, other_date = (a, b, b_date) if a.event else (b, a, a_date)
    event_day = _event_date(marked, a_date if marked is a else b_date)
    lag = (other_date - event_day).days
    return lag < -window or lag > EVENT_WINDOW_DAYS["recent"] + window


def _names_own(mine: Features, other: Features, other_words: set[str]) -> bool:
    """True when this sentence names an actor the other does not."""
    covering = other_words | other.acronyms | {w for n in other.names for w in n.split()}
    by_title = {name for name, title in mine.titled if title in other.titles}
    return any(
        not all(_covered(part, covering) for part in name.split()) for name in mine.names - by_title
    )


def conflict(
    a: Features, b: Features, a_date: date | None = None, b_date: date | None = None
) -> str | None:
    """Why two claims cannot be the same claim, or None when the hard checks agree.

    The articles' dates (optional) matter when a sentence reports a dated event.
    """
    if _figures_conflict(_figures(a.numbers), _figures(b.numbers)):
        return "numbers differ"
    dates_a, dates_b = a.numbers - _figures(a.numbers), b.numbers - _figures(b.numbers)
    # One side may add a date ("since 2019"), or more dates than the other's ("in 2019-2020 ...
    # in 2020" / "in 2020"); two different dates conflict.
    if dates_a and dates_b and not (dates_a <= dates_b or dates_b <= dates_a):
        return "dates differ"
    if a.negated != b.negated:
        return "negation differs"
    if a.directions and b.directions and a.directions != b.directions:
        return "direction differs"
    # A name the other claim uses as a plain word ("Crime in Chicago" / "Since 2015, crime")
    # is no conflict: a sentence-initial capital does not make a name.
    words_a, words_b = _word_parts(a.tokens), _word_parts(b.tokens)
    # The United States is covered by its other names and by a "we" (the speaking government);
    # a titled name by its title alone ("President Biden" / "the President").
    own_a = _names_own(a, b, words_b) or (a.us and not (b.us or b.we))
    own_b = _names_own(b, a, words_a) or (b.us and not (a.us or a.we))
    if own_a and own_b:
        return "names differ"
    if a.gender and b.gender and a.gender != b.gender:
        return "another person"
    if a.offices - b.offices and b.offices - a.offices:
        return "another office"
    if event_conflict(a, b, a_date, b_date):
        return "another event"
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
