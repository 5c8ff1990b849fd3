"""Texts in someone's voice: statements, readouts, bylined releases, signed proclamations.

A press release often speaks for one person without a quotation mark or a speaker label:
"Statement by President Joe Biden on ...", "Statement from Press Secretary ...", "Readout of
Vice President Harris's Call with ...", "Readout by NSC Spokesperson X of ...", a line "The
below is attributable to Spokesperson Ned Price:", a byline ("Antony J. Blinken, Secretary of
State" on a line of its own at the start or the end) or a signature (the last line in
capitals, "JOSEPH R. BIDEN JR."). Every body paragraph of such a text is that person's, a
quote of kind `statement` (joint statements: one quote per person). Remarks ("Remarks by X")
are X's speech throughout, kind `direct`, unless the text is a transcript with several
speakers' labels (`transcripts.py` reads those).

`text_voice` decides the voice once per text (title and whole text, before chunking);
`voice_quotes` turns a chunk's paragraphs into quotes. A voice nobody can name ("Statement
by the Press Secretary" in a text that never names her) keeps its office as the quotes'
`speaker_title` with no speaker, for the services to resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.extraction.lexicon import (
    NAME_SUFFIXES,
    NON_NAME_WORDS,
    TITLE_JOINERS,
    is_title_word,
    lexical,
)
from claims.extraction.marks import trim_space
from claims.extraction.mentions import Mention
from claims.extraction.speakers import SpeakerRegistry
from claims.extraction.types import FoundQuote

STATEMENT = "statement"
REMARKS_CUE = "remarks"
READOUT_CUE = "attributable to"
BYLINE_CUE = "byline"
SIGNATURE_CUE = "signature"
MIN_BODY_WORDS = 3  # a shorter paragraph ("Thank you.") is not quoted
BYLINE_REACH = 3  # paragraphs at each end of a text where a byline may stand
MAX_BYLINE_TITLE_WORDS = 12  # "Assistant to the President and Domestic Policy Advisor"
MAX_NAME_WORDS = 4  # "Mohammed Bin Abdulrahman Al Thani" is longer and stays unnamed

# "Statement by President Joe Biden on Hanukkah": the kind of text and the phrase naming whose.
_TITLE_VOICE = re.compile(
    r"^\s*(?P<joint>Joint\s+)?(?P<what>Statement|Remarks|Readout|Message|Letter|Op-Ed)"
    r"(?:\s+as\s+Prepared\s+for\s+Delivery)?\s+(?P<how>by|from|of)\s+(?P<who>.+)$",
    re.I,
)
# Where the phrase naming someone ends in a title: "... on Hanukkah", "... to the Nation".
_WHO_END = re.compile(
    r"\s+(?:on|at|to|in|for|before|during|after|following|regarding|marking|about|upon|"
    r"honoring|celebrating|commemorating|announcing|as|of|with|welcoming|ahead)\s+|\s*[:–—|]\s*"
    r"|\s+-\s+",
    re.I,  # title-case headlines: "... Biden, Jr. On the Anniversary", "... Biden Honoring ..."
)
_POSSESSIVE = re.compile(r"['’]s?$")
# "Assistant to the President and Domestic Policy Advisor": "and" joins offices in a byline.
_OFFICE_JOINERS = TITLE_JOINERS | {"and"}
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’\-]*|[A-Z]\.)$")
# A statement issued in someone's name: "The below is attributable to Spokesperson Ned Price:"
# on a line of its own; the paragraphs after it are that person's words.
_READOUT = re.compile(
    r"^[ \t]*(?:the[ \t]+(?:below|following)(?:[ \t]+statement)?[ \t]+is[ \t]+|)"
    r"attributable[ \t]+to[ \t]+(?P<who>[^\n:]{3,150}?)[ \t]*:[ \t]*$",
    re.M | re.I,
)
# A byline: a name, a comma and a title on a line of its own ("Ned Price, Department
# Spokesperson").
_BYLINE = re.compile(r"^[ \t]*(?P<name>[A-Z][^,\n]{2,60}?),[ \t]+(?P<title>[^\n]{3,120}?)[ \t]*$")
# A signature: the last line, a name in capitals ("JOSEPH R. BIDEN JR.").
_SIGNATURE = re.compile(r"^[ \t]*(?P<name>[A-Z][A-Z.'’\-]*(?:[ \t]+[A-Z][A-Z.'’\-]*){1,4})[ \t]*$")
_PARAGRAPH = re.compile(r"[^\n]+")
_END = re.compile(r"^\s*(?:END\b|#{3}|\*{3}|-{3})")
# A body paragraph has a sentence in it; "Office of the Spokesperson" or a dateline is a header.
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*(?:\s|$)")


@dataclass(frozen=True)
class Voice:
    """Whose words a text's body paragraphs are, as written ("President Joe Biden")."""

    phrases: tuple[str, ...]  # one per person (two or more for a joint statement)
    kind: str = STATEMENT  # quote kind of the body: "statement", or "direct" for remarks
    cue: str = STATEMENT


@dataclass
class VoiceState:
    """What carries from one chunk to the next: the text's voice and its resolved speakers."""

    voice: Voice | None = None
    speakers: list[tuple[str | None, str]] = field(default_factory=list)
    readout: tuple[str | None, str] = (None, "")  # an "attributable to" line's person
    ended: bool = False  # an END line closed the body
    headline: str = ""  # the text's title: full names for the surnames the body uses


def _who_phrase(text: str) -> str:
    """The phrase naming someone at the start of `text`: "President Joe Biden on ..." -> the
    name; "Vice President Harris's Call with ..." -> "Vice President Harris"."""
    phrase = text
    for cut in _WHO_END.finditer(text):
        before = text[: cut.start()].split()
        if cut.group(0).strip().lower() in ("of", "for") and before and is_title_word(before[-1]):
            continue  # "Secretary of State X", "Minister for Foreign Affairs X"
        phrase = text[: cut.start()]
        break
    words = phrase.split()
    for i, word in enumerate(words):
        if _POSSESSIVE.search(word) and i:
            return " ".join([*words[:i], _POSSESSIVE.sub("", word)])
    return phrase.strip()


def _split_joint(phrase: str) -> tuple[str, ...]:
    """One phrase per person: "President A and Prime Minister B"; "A, Secretary of State" is
    one person written name first, read as "Secretary of State A"."""
    out = []
    for part in re.split(r",?\s+and\s+", phrase):
        name, _, title = part.partition(", ")
        if lexical(title) in NAME_SUFFIXES:  # "Joseph R. Biden, Jr."
            title = ""
        out.append(f"{title} {name}".strip() if title else name.strip(" ,"))
    return tuple(p for p in out if p)


def title_voice(title: str) -> Voice | None:
    """The voice a headline gives its text, else None ("Readout of Harris's Call" -> Harris)."""
    found = _TITLE_VOICE.match(title or "")
    if found is None:
        return None
    what, who = found["what"].lower(), found["who"]
    if what == "readout" and found["how"].lower() != "of":  # "Readout by X of Y's Meeting"
        by = re.match(r"(?P<by>.+?)\s+of\s+", who)
        who = by["by"] if by else who
    elif what == "readout":  # "Readout of X's Call": only a possessive names the voice
        who = who.split(" with ")[0]
        if not any(_POSSESSIVE.search(w) for w in who.split()[1:]):
            return None
    phrase = _who_phrase(who)
    if not phrase:
        return None
    phrases = tuple(p for p in _split_joint(phrase) if _names_someone(p))
    if not phrases:
        return None
    if what == "remarks":
        return Voice(phrases[:1], "direct", REMARKS_CUE) if len(phrases) == 1 else None
    return Voice(phrases, STATEMENT, STATEMENT)


def _could_be_name(words: list[str]) -> bool:
    """Words that may be a person's name: capitalised, no office (singular or plural), no
    body ("Department", "Meeting"), at most MAX_NAME_WORDS."""
    return 0 < len(words) <= MAX_NAME_WORDS and all(
        _NAME_WORD.match(w)
        and not is_title_word(w)
        and not is_title_word(w.rstrip("s"))
        and lexical(w) not in NON_NAME_WORDS
        for w in words
    )


def _names_someone(phrase: str) -> bool:
    """A person by name ("Joe Biden", "President Biden") or an office ("the Press Secretary");
    not a country or a body ("the United States", "Japan", "the G7")."""
    words = [w for w in phrase.split() if w.lower() != "the"]
    title, name = _name_run(words)
    if not name:
        return any(is_title_word(w) for w in title)
    return _could_be_name(name) and (len(name) > 1 or any(is_title_word(w) for w in title))


def _looks_like_byline(name: str, title: str) -> bool:
    """ "Ned Price, Department Spokesperson": a name in mixed case (not a dateline, "NEW YORK,
    Dec. 11 (UPI) — ...") and a short title with an office, not a sentence."""
    words, title_words = name.split(), title.split()
    return (
        len(words) >= 2
        and not name.isupper()
        and _could_be_name(words)
        and len(title_words) <= MAX_BYLINE_TITLE_WORDS
        and not re.search(r"[—–(]|\.\s|[.!?]$", title)
        and any(is_title_word(w) for w in title_words)
    )


def text_voice(text: str, title: str = "") -> Voice | None:
    """The voice of a whole text: its headline's, else a byline's or a signature's."""
    if _READOUT.search(text):
        return None  # the "attributable to" line says whose the paragraphs after it are
    voice = title_voice(title)
    if voice is not None:
        return voice
    paras = [p.group(0) for p in _PARAGRAPH.finditer(text) if p.group(0).strip()]
    ends = [*paras[:BYLINE_REACH], *paras[-BYLINE_REACH:]]
    bylines = [m for m in map(_BYLINE.match, ends) if m and _looks_like_byline(*m.groups())]
    if len({m["name"] for m in bylines}) == 1:  # one person; a list of attendees is not one
        line = bylines[0]
        return Voice((f"{line['title']} {line['name']}",), STATEMENT, BYLINE_CUE)
    last = _SIGNATURE.match(paras[-1]) if paras else None
    if last is not None and _looks_like_byline(last["name"].title(), "President"):
        return Voice((_proper_name(last["name"]),), STATEMENT, SIGNATURE_CUE)
    return None


def _proper_name(caps: str) -> str:
    """JOSEPH R. BIDEN JR. -> Joseph R. Biden Jr."""
    return " ".join(w if len(w.rstrip(".")) == 1 else w.capitalize() for w in caps.split())


def _name_run(words: list[str]) -> tuple[list[str], list[str]]:
    """Split "Secretary of State Antony J. Blinken" into title words and name words.

    The name is the closing run of capitalised words that are not titles; after a joiner
    ("of State", "for Europe") the run's first words still belong to the office, so the name
    keeps its last two words (three with a middle initial).
    """
    k = len(words)
    while k and _NAME_WORD.match(words[k - 1]) and not is_title_word(words[k - 1]):
        k -= 1
    name = words[k:]
    if k and words[k - 1].lower() in _OFFICE_JOINERS and len(name) > 2:
        keep = 3 if len(name) > 2 and re.fullmatch(r"[A-Z]\.", name[-2]) else 2
        k, name = len(words) - keep, name[-keep:]
    return words[:k], name


def headline_name(surname: str, headline: str) -> str | None:
    """The full name a headline gives a surname: "Dana Whitfield" for "Whitfield"."""
    words = surname.split()
    if not words or not headline:
        return None
    tail = re.escape(words[-1])
    pattern = rf"((?:(?:[A-Z][a-z][\w'’\-]*|[A-Z]\.)\s+){{1,3}}){tail}\b"
    for found in re.finditer(pattern, headline):
        # The whole headline up to the surname, so that an office's joiner ("Coordinator for
        # Strategic Communications John Kirby") still ends the office before the name.
        title, name = _name_run([*headline[: found.start(1)].split(), *found[1].split(), words[-1]])
        if len(words) < len(name) <= MAX_NAME_WORDS:
            return " ".join(name)
    return None


def resolve_phrase(
    phrase: str, registry: SpeakerRegistry, pos: int, headline: str = ""
) -> tuple[str | None, str]:
    """Name and title from "Spokesperson Ned Price" or "Vice President Harris", through the
    text's own naming and its headline ("Harris" -> "Kamala Harris"); (None, office) when
    only an office is given ("the Press Secretary"); (None, "") for nobody anyone can name."""
    words = phrase.strip(" \t,.").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    title_words, name_words = _name_run(words)
    title = " ".join(title_words).strip(" ,")
    if not name_words:  # an office alone ("the Press Secretary"), for the services to resolve
        if any(lexical(w) in NON_NAME_WORDS and not is_title_word(w) for w in title_words):
            return None, ""  # "a senior State Department official", "the Embassy press office"
        return (None, title) if any(is_title_word(w) for w in title_words) else (None, "")
    if not _could_be_name(name_words):
        return None, ""  # "G7 Foreign Ministers"
    name = " ".join(name_words)
    if len(name_words) > 1:
        name = registry.find_person(name, pos) or name
    else:  # a surname: the registry's office rule, never widened to a namesake
        name = headline_name(name, headline) or name
    mention = Mention(surface=phrase.strip(), name=name, title=title, kind="person", pos=pos)
    return registry.resolve(mention)


def paragraph_quote(
    text: str,
    begin: int,
    end: int,
    offset: int,
    speaker: tuple[str | None, str],
    kind: str = "direct",
    cue: str = "",
) -> FoundQuote | None:
    """The paragraph text[begin:end] as the speaker's quote; None for nobody's (no name and
    no office), or a paragraph under MIN_BODY_WORDS words or without a lower-case letter."""
    name, title = speaker
    if name is None and not title:
        return None
    start, end = trim_space(text, begin, end)
    body = text[start:end]
    if len(body.split()) < MIN_BODY_WORDS or not any(c.islower() for c in body):
        return None
    return FoundQuote(body, start + offset, end + offset, kind, cue, name, title)


def is_body(paragraph: str) -> bool:
    """A paragraph holding a sentence; "Office of the Spokesperson" or a dateline is a header."""
    return _SENTENCE_END.search(paragraph) is not None


def _is_voice_line(para: str, voice: Voice) -> bool:
    """The byline or signature line itself, not a body paragraph."""
    if voice.cue == BYLINE_CUE:
        found = _BYLINE.match(para)
        return found is not None and _looks_like_byline(*found.groups())
    return voice.cue == SIGNATURE_CUE and _SIGNATURE.match(para) is not None


def voice_quotes(
    text: str,
    registry: SpeakerRegistry,
    offset: int,
    state: VoiceState,
    skip: set[int] = frozenset(),
) -> list[FoundQuote]:
    """Body paragraphs of one chunk (`text` at `offset`) as quotes in the text's voice.

    After an "attributable to" line, its person's; otherwise the voice's (one quote per
    person of a joint statement). Paragraphs starting at a char in `skip` (speaker labels,
    read by the caller) are left alone. Offsets are global.
    """
    readouts = {m.start(): m for m in _READOUT.finditer(text)}
    voice = state.voice
    if voice is not None and not state.speakers:
        state.speakers = [
            resolve_phrase(p, registry, offset, state.headline) for p in voice.phrases
        ]
    quotes: list[FoundQuote] = []
    for para in _PARAGRAPH.finditer(text):
        line = readouts.get(para.start())
        if line is not None:
            pos = line.start() + offset
            state.readout = resolve_phrase(line["who"], registry, pos, state.headline)
            continue
        if _END.match(para[0]):
            state.readout, state.ended = (None, ""), True
            continue
        if para.start() in skip or state.ended:
            continue
        if state.readout != (None, ""):
            speakers, kind, cue = [state.readout], STATEMENT, READOUT_CUE
        elif voice is not None and not _is_voice_line(para[0], voice) and is_body(para[0]):
            speakers, kind, cue = state.speakers, voice.kind, voice.cue
        else:
            continue
        for speaker in speakers:
            quote = paragraph_quote(text, para.start(), para.end(), offset, speaker, kind, cue)
            if quote is not None:
                quotes.append(quote)
    return quotes
