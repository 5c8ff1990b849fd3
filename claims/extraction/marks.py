"""Quotation marks: the spans between them, paired by context rather than by glyph.

`find_marked_spans` scans the raw text for quotation marks (straight, typographic, `''`), pairing
them by the characters around each mark so that mismatched marks survive, and splitting quotes
that run over paragraphs the newspaper way (an unclosed quote ends at its paragraph and the next
paragraph opening with a mark continues it). `add_headline_quotes` adds headline lines quoting
someone in single marks; `join_listed` joins quotations listed in one breath. The predicates at
the end judge a span from the characters around it (a title, a fragment mid-sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

MARK_RE = re.compile(r"''|``|[\"“”„«»]")


WORD_RE = re.compile(r"[^\W_]+")


# A headline quoting someone in single marks, the headline style: `Kasich: 'We Will Win.'`.
HEADLINE_QUOTE_RE = re.compile(
    r"^[ \t]*[^\n:'‘’\"“”]{2,80}:[ \t]*(?:‘|'(?!'))"
    r"(?P<body>[^\n\"“”]+?)(?:’|(?<!')'(?!'))\.?[ \t]*$",
    re.M,
)


# What may stand between two quotations listed in one breath: `"A" and "B"`, `"A" . . . "B"`.
LIST_JOINERS = re.compile(r"[ \t]*(?:,?[ \t]*(?:and|or)|\.[ \t]?\.[ \t]?\.|…)[ \t]*")


# A quoted span of capitalised words inside a running sentence is a title (show, book, slogan).
TITLE_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")


TITLE_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "from"}
)


MAX_TITLE_WORDS = 15


@dataclass(frozen=True)
class MarkedSpan:
    """Text between a pair of quotation marks (content offsets, marks excluded)."""

    start: int
    end: int
    open_mark: int
    close_mark: int  # -1 when the quote runs to the end of its paragraph
    continues: int = -1  # index of the span this one continues (multi-paragraph quotes)
    gap: int = 0  # characters between the parts of quotations listed in one breath


def _direction(text: str, i: int, length: int) -> str:
    """'open', 'close' or '?' judged from the characters around a mark."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + length] if i + length < len(text) else " "
    if prev.isspace() or prev in "([{—–-/":
        return "?" if nxt.isspace() else "open"
    if nxt.isspace() or nxt in ".,;:!?)]}—–-" or i + length == len(text):
        return "close"
    return "?"


def trim_space(text: str, start: int, end: int) -> tuple[int, int]:
    """start:end without the whitespace around it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """Every span between paired quotation marks, in order."""
    spans: list[MarkedSpan] = []
    open_at: tuple[int, int] | None = None  # (mark offset, mark length)
    carried = -1  # index of a span cut at a paragraph end, waiting for its continuation
    for m in MARK_RE.finditer(text):
        i, n = m.start(), m.end() - m.start()
        if open_at is not None:
            para_end = text.find("\n", open_at[0], i)
            if para_end != -1:  # ran over the end of its paragraph without a close
                carried = _cut_at_paragraph(text, spans, open_at, para_end)
                open_at = None
        way = _direction(text, i, n)
        if open_at is None:
            if way == "close" and not at_line_start(text, i):
                continue  # stray closing mark
            if carried != -1 and not at_line_start(text, i):
                carried = -1
            open_at = (i, n)
            continue
        start, end = trim_space(text, open_at[0] + open_at[1], i)
        if end > start:
            spans.append(MarkedSpan(start, end, open_at[0], i, continues=carried))
        carried = -1
        open_at = None
    if open_at is not None:
        para_end = text.find("\n", open_at[0])
        _cut_at_paragraph(text, spans, open_at, len(text) if para_end == -1 else para_end)
    return spans


def add_headline_quotes(text: str, spans: list[MarkedSpan]) -> list[MarkedSpan]:
    """Add the quotes of headline lines in single marks (`Kasich: 'We Will Win Ohio.'`)."""
    found = [
        MarkedSpan(m.start("body"), m.end("body"), m.start("body") - 1, m.end("body"))
        for m in HEADLINE_QUOTE_RE.finditer(text)
        if not any(s.open_mark <= m.end("body") and m.start("body") <= s.end for s in spans)
    ]
    if not found:
        return spans
    order = sorted(range(len(spans) + len(found)), key=lambda k: ([*spans, *found][k].start))
    new_index = {old: new for new, old in enumerate(order)}
    merged = [*spans, *found]
    return [
        replace(merged[k], continues=new_index[merged[k].continues])
        if merged[k].continues != -1
        else merged[k]
        for k in order
    ]


def join_listed(text: str, spans: list[MarkedSpan]) -> list[MarkedSpan]:
    """Join quotations listed in one breath (`"A" and "B"`, `"A" . . . "B"`) into one span."""
    out: list[MarkedSpan] = []
    new_index: list[int] = []  # index in `out` of each span given
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.close_mark != -1
            and span.continues == -1
            and LIST_JOINERS.fullmatch(text[prev.close_mark + 1 : span.open_mark])
        ):
            gap = prev.gap + span.start - prev.end
            out[-1] = replace(prev, end=span.end, close_mark=span.close_mark, gap=gap)
        else:
            continues = new_index[span.continues] if span.continues != -1 else -1
            out.append(replace(span, continues=continues))
        new_index.append(len(out) - 1)
    return out


def at_line_start(text: str, i: int) -> bool:
    line_start = text.rfind("\n", 0, i) + 1
    return not text[line_start:i].strip()


def _cut_at_paragraph(
    text: str, spans: list[MarkedSpan], open_at: tuple[int, int], para_end: int
) -> int:
    """Close an unterminated quote at its paragraph end; return its index for continuation."""
    start, end = trim_space(text, open_at[0] + open_at[1], para_end)
    if end <= start:
        return -1
    spans.append(MarkedSpan(start, end, open_at[0], -1))
    return len(spans) - 1


def word_count(text: str) -> int:
    return len(WORD_RE.findall(text))


def closes_sentence(text: str, span: MarkedSpan) -> bool:
    """`..." ends with a full stop and a new sentence follows: a cue after it is not its own."""
    if text[span.end - 1] != ".":
        return False
    after = text[span.close_mark + 1 : span.close_mark + 4].lstrip(" '\u201d\"")
    return after[:1].isupper()


def is_embedded(text: str, span: MarkedSpan) -> bool:
    """A quoted fragment inside a running sentence (`found "clear patterns" of ...`)."""
    first = text[span.start]
    prev = text[max(0, span.open_mark - 2) : span.open_mark].strip()
    return first.islower() and prev not in (":", ",") and not at_line_start(text, span.open_mark)


def is_title(text: str, span: MarkedSpan) -> bool:
    """A quoted name inside a running sentence: on CNN's "State of the Union", author of "X"."""
    body = text[span.start : span.end]
    words = TITLE_WORD_RE.findall(body)
    content = [w for w in words if w.lower() not in TITLE_SMALL_WORDS]
    return (
        2 <= len(words) <= MAX_TITLE_WORDS
        and all(w[0].isupper() for w in content)
        and body.rstrip("'’\"”,.")[-1:] not in ("!", "?")
        and mid_sentence(text, span)
    )


def mid_sentence(text: str, span: MarkedSpan) -> bool:
    """The opening mark follows a word of the same sentence (not a boundary, colon or comma)."""
    before = text[: span.open_mark].rstrip(" \t")
    return bool(before) and before[-1] not in ".!?:,;\n—–-([" and not before.endswith("''")


def paragraph_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1
