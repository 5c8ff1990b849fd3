"""Speaker turns of transcripts: after "MS. PSAKI:" every paragraph is hers until the next label.

Press briefings, interviews and remarks are published as transcripts: a paragraph opens with
the speaker's label in capitals ("MR PRICE:", "SECRETARY BLINKEN:", "THE PRESIDENT:",
"QUESTION:") and the speaker's words follow without quotation marks, often over several
paragraphs. `find_turn_quotes` returns each paragraph of a named speaker's turn as a direct
quote (cue "transcript"), with the label resolved to a person through the text's speaker
registry ("MR PRICE" -> "Ned Price" when the text names him, else "Price").

Reporters' questions ("Q", "Q:", "QUESTION:", "AUDIENCE MEMBER:"), operators, moderators,
anonymous officials and labels that name nobody open a turn that yields no quotes: their
sentences stay context, never anyone's words. A role label ("THE PRESIDENT") is resolved from
the headline first ("Remarks by President Biden at ..."), then from the start of the text;
failing both, its paragraphs are quotes with the office as `speaker_title` and no speaker.
A text counts as a transcript only when it has at least MIN_LABELS label paragraphs and some
label repeats, so a lone "NOTE:" or "UPDATE:" paragraph in a news story is not a turn; remarks
with fewer labels start with their headline's speaker (`statements.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from claims.extraction.lexicon import (
    FLOOR_ADDRESS,
    UNNAMED_SPEAKERS,
    is_honorific,
    is_name_title,
    lexical,
    proper_case,
)
from claims.extraction.mentions import Mention
from claims.extraction.speakers import SpeakerRegistry
from claims.extraction.statements import (
    headline_name,
    is_body,
    paragraph_quote,
    resolve_phrase,
)
from claims.extraction.types import FoundQuote

CUE = "transcript"
MIN_LABELS = 3  # label paragraphs a text needs before its labels are read as speaker turns
MIN_TURN_WORDS = 3  # a shorter paragraph ("Thank you.") is not quoted
MAX_FRAGMENT_LETTERS = 3  # a label word this short with no vowel is a typist's fragment
_VOWELS = frozenset("aeiouy")
ROLE_WINDOW = 600  # chars at the start of a text searched for "President Name" and the like
# Capitalised words of title-case headlines that end a name: "President Biden During Tour".
_HEADLINE_STOP = frozenset(
    {
        "About",
        "After",
        "Against",
        "Ahead",
        "Along",
        "Amid",
        "And",
        "Announcing",
        "As",
        "At",
        "Before",
        "Between",
        "By",
        "During",
        "For",
        "From",
        "In",
        "Into",
        "Of",
        "On",
        "Or",
        "Over",
        "The",
        "To",
        "Upon",
        "Via",
        "With",
        "Without",
    }
)

# A paragraph opening with 1-7 capitalised words and a colon ("MS. JEAN-PIERRE: ..."), or a
# reporter's bare "Q" (White House transcripts write "Q    Thank you, Jen." without a colon).
_LABEL = re.compile(
    r"^[ \t]*(?:(?P<label>[A-Z][A-Z'’.\-]*(?:[ \t]+[A-Z][A-Z'’.\-]*){0,6})[ \t]*:"
    r"|(?P<question>Q)\.?(?=[ \t]))[ \t]+(?=\S)",
    re.M,
)
_PARAGRAPH = re.compile(r"[^\n]+")
_END = re.compile(r"^\s*(?:END\b|#{3}|\*{3}|-{3})")
# Label words whose turns are somebody's words but nobody a reader can name or hold to account
# (the lexicon's unnamed speakers: "Q", "OPERATOR"), and header words that open no turn.
_NOBODY = frozenset(w.upper() for w in UNNAMED_SPEAKERS) | frozenset(
    [
        "STAFF",
        "OFFICIAL",
        "OFFICIALS",
        "NOTE",
        "EDITOR",
        "EDITOR'S",
        "UPDATE",
        "UPDATED",
        "CORRECTION",
        "SOURCE",
        "SOURCES",
        "PHOTO",
        "WATCH",
        "RELATED",
        "READ",
        "SUBJECT",
        "TOPIC",
        "TOPICS",
        "WHEN",
        "WHERE",
        "WHAT",
        "WHO",
        "DATE",
        "TIME",
        "LOCATION",
        "CONTACT",
        "MEDIA",
        "ATTENDEES",
        "BACKGROUND",
        "TRANSCRIPT",
        "VIDEO",
        "AUDIO",
        "VESSEL",
        "NAME",
        "TYPE",
        "FLAG",
    ]
)


# Whole labels that mark a turn without naming its speaker: the answers of a printed Q&A
# interview ("A: ...") belong to someone only the introduction names.
_UNNAMED = frozenset({"A"})
# Words that name nobody on their own ("THE PRESS:") but open a title ("PRESS SECRETARY X:").
_NOBODY_ALONE = frozenset({"THE", "PRESS", "WHITE", "HOUSE", "ALL"})


@dataclass
class TurnState:
    """What carries from one chunk of a text to the next: transcript or not, whose turn."""

    transcript: bool | None = None  # None: decide on the first chunk seen
    speaker: tuple[str | None, str] = (None, "")  # canonical name and title of the turn
    headline: str = ""  # the text's title, searched first for the name of a role label
    opening: str = ""  # whose words come before the first label ("Remarks by X": X)
    # Paragraphs of the last chunk read in nobody's turn (questions, moderators): global
    # (start, end) spans, context only.
    context: list[tuple[int, int]] = field(default_factory=list)


def _is_label_title(word: str) -> bool:
    """A title word of a label: an office, a rank or an office's initialism ("SECRETARY",
    "APNSA") or a floor address."""
    return is_name_title(word) or lexical(word) in FLOOR_ADDRESS


def _label_of(match: re.Match[str]) -> str:
    return match["label"] or match["question"]


def label_count(text: str) -> int:
    """How many paragraphs of `text` open with a speaker label."""
    return sum(1 for _ in _LABEL.finditer(text))


def _words(label: str) -> list[str]:
    return [w.strip(".").replace("’", "'") for w in label.split()]


def _is_transcript(labels: list[str]) -> bool:
    counts = Counter(" ".join(_words(label)) for label in labels)
    return len(labels) >= MIN_LABELS and max(counts.values(), default=0) >= 2


def looks_like_transcript(text: str) -> bool:
    """Whether a whole text reads as a transcript (its labels are speaker turns)."""
    return _is_transcript([_label_of(m) for m in _LABEL.finditer(text)])


def _role_name(text: str, title_words: list[str], headline: bool = False) -> str | None:
    """The name after the role early in the text: "Remarks by President Joe Biden" -> Joe Biden.

    In a title-case headline the name ends at the first function word or -ing word
    ("President Biden During Tour" -> Biden).
    """
    role = " ".join(w.capitalize() for w in title_words if w != "THE")
    if not role:
        return None
    guard = "" if role.startswith("Vice") else r"(?<!Vice )"
    word = r"[A-Z][a-z][\w'’\-]*"
    pattern = rf"{guard}\b{re.escape(role)}[ \t]+({word}(?:[ \t]+(?:[A-Z]\.|{word})){{0,2}})"
    found = re.search(pattern, text[:ROLE_WINDOW])
    if not found:
        return None
    if not headline:
        return found[1]
    words = found[1].split()
    end = next(
        (i for i, w in enumerate(words) if i and (w in _HEADLINE_STOP or w.endswith("ing"))),
        len(words),
    )
    return " ".join(words[:end])


def _role_holder(registry: SpeakerRegistry, found: str, role: str, pos: int) -> tuple[str, str]:
    """The person a role's name means, and the mention kind to register it with.

    A full name is looked up as it is ("Joe Biden"). A lone surname ("Biden") becomes the
    speaker of that surname whom the text already gives the same role; failing that it stays
    as it is. Either way it is registered as it is (kind "nominal"), so the registry does not
    widen it to a namesake ("Jill Biden").
    """
    if len(found.split()) > 1:
        return registry.find_person(found, pos) or found, "person"
    surname, role = found.lower(), role.lower()
    holders = {
        s.name
        for s in registry.speakers()
        if s.kind == "person"
        and s.name.lower().split()[-1:] == [surname]
        and role in s.title.lower()
        and ("vice" in role or "vice" not in s.title.lower())
    }
    return (holders.pop() if len(holders) == 1 else found), "nominal"  # canonical already


def _is_fragment(word: str) -> bool:
    """A typist's fragment, not a word of a name: at most MAX_FRAGMENT_LETTERS letters and no
    vowel ("S" of a cut "MS.", "QMS" of "Q" run into "MS."), not an honorific or a title."""
    low = lexical(word)
    return (
        0 < len(low) <= MAX_FRAGMENT_LETTERS
        and low.isalpha()
        and not set(low) & _VOWELS
        and not is_honorific(low)
        and not _is_label_title(low)
    )


def _mend_label(words: list[str], registry: SpeakerRegistry, pos: int, headline: str) -> list[str]:
    """A label's words without the typist's fragment before the name ("S. PSAKI",
    "QMS. PSAKI" -> "MS. PSAKI", "PSAKI").

    A fragment ending in an honorific is that honorific ("QMS" -> "MS"). Any other fragment
    before a lone surname is dropped when the person the text names with that surname has
    another initial, or when it is more than an initial; a single letter that may be the
    initial of the person (or of someone the text does not name) stays.
    """
    if len(words) < 2 or not _is_fragment(words[0]):
        return words
    first, rest = lexical(words[0]), words[1:]
    tail = next((first[k:] for k in range(1, len(first)) if is_honorific(first[k:])), "")
    if tail:
        return [tail.upper(), *rest]
    if len(rest) > 1 or len(first) > 1:
        return rest
    surname = proper_case(rest[0])
    known = registry.find_person(surname, pos) or headline_name(surname, headline)
    if known and len(known.split()) > 1 and not known.lower().startswith(first):
        return rest
    return words


def resolve_label(
    label: str, text: str, registry: SpeakerRegistry, pos: int, headline: str = ""
) -> tuple[str | None, str]:
    """Canonical name and title of the speaker a label names; (None, "") when nobody.

    A role label ("THE PRESIDENT") takes the name the headline, else the text's start, gives;
    when neither names anyone it is (None, "President"): an office-holder the text does not
    name. A typist's fragment before the name is dropped (`_mend_label`).
    """
    words = _words(label)
    if (
        any(w in _NOBODY for w in words)
        or " ".join(words) in _UNNAMED
        or all(w in _NOBODY_ALONE for w in words)
    ):
        return None, ""
    words = _mend_label(words, registry, pos, headline)
    label_words = list(words)
    while words and is_honorific(words[0]):
        words = words[1:]
    titles: list[str] = []
    while words and (_is_label_title(words[0]) or words[0] == "THE"):
        titles.append(words.pop(0))
    title = " ".join(w.capitalize() for w in titles if w != "THE")
    if words:
        surname = " ".join(proper_case(w) for w in words)
        found = registry.find_person(surname, pos)
        if found is None or len(found.split()) <= len(surname.split()):
            # Only the surname known so far ("Q Kirby, ..."): the headline's full name wins.
            found = headline_name(surname, headline) or found
        name, kind = found or surname, "person"
    else:  # a role: "THE PRESIDENT"
        found = _role_name(headline, titles, headline=True) or _role_name(text, titles)
        if found is None:  # the office alone, for the services to resolve to its holder
            return None, title
        name, kind = _role_holder(registry, found, title, pos)
    surface = " ".join(proper_case(w) for w in label_words)
    return registry.resolve(Mention(surface=surface, name=name, title=title, kind=kind, pos=pos))


def find_turn_quotes(
    text: str, registry: SpeakerRegistry, offset: int, state: TurnState
) -> list[FoundQuote]:
    """Direct quotes of the named speakers' turns in `text` (one chunk of a text at `offset`).

    `state` comes from the previous chunk and is updated for the next one (set
    `state.transcript` from `looks_like_transcript` of the whole text first, else the first
    chunk decides; `state.headline` to the text's title, if any). Offsets are global (shifted
    by `offset`); `text[q.start - offset:q.end - offset] == q.text`.
    """
    labels = list(_LABEL.finditer(text))
    if state.transcript is None:
        state.transcript = _is_transcript([_label_of(m) for m in labels])
    if not state.transcript:
        return []
    opening = state.opening and not state.speaker[0]
    if state.opening:  # remarks: the headline's speaker talks until the first label
        state.speaker = resolve_phrase(state.opening, registry, offset, state.headline)
        state.opening = ""
    starts = {m.start(): m for m in labels}
    state.context = []
    quotes: list[FoundQuote] = []
    for para in _PARAGRAPH.finditer(text):
        begin = para.start()
        label = starts.get(begin)  # both patterns start at the beginning of a line
        if label is not None:
            pos = label.start() + offset
            state.speaker = resolve_label(_label_of(label), text, registry, pos, state.headline)
            begin, opening = label.end(), False
        elif _END.match(para[0]):
            state.speaker = (None, "")
            continue
        if opening and not is_body(para[0]):
            continue  # a header before the first label ("The Rose Garden")
        if state.speaker == (None, "") and (label is not None or "?" in para[0]):
            # The question itself and its follow-ups; an unlabelled answer after "Q:" in a
            # printed interview is not a question.
            state.context.append((para.start() + offset, para.end() + offset))
        quote = paragraph_quote(text, begin, para.end(), offset, state.speaker, "direct", CUE)
        if quote is not None:
            quotes.append(quote)
    return quotes
