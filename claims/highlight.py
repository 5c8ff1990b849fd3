"""Safe HTML for article text with quotes and claims highlighted by character offsets.

Every text segment is escaped; markup is only ever built here, from escaped text and
attributes. Spans may overlap or nest: the text is cut at every span boundary and each piece
is wrapped once, carrying the classes of all spans that cover it and the link of the
innermost one, so the HTML stays well-formed whatever the offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # a CSS class suffix: "quote", "claim", "focus"
    href: str = ""
    title: str = ""


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    html: SafeString


def paragraph_bounds(body: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each paragraph: text separated by a blank line."""
    bounds: list[tuple[int, int]] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        if match.start() > position:
            bounds.append((position, match.start()))
        position = match.end()
    if position < len(body):
        bounds.append((position, len(body)))
    return bounds


def _clamp(spans: Iterable[Span], lo: int, hi: int) -> list[Span]:
    """Spans cut to [lo, hi); empty or reversed spans (bad offsets) are dropped."""
    kept = []
    for span in spans:
        start, end = max(span.start, lo), min(span.end, hi)
        if start < end:
            kept.append(Span(start, end, span.kind, span.href, span.title))
    return kept


def _text(segment: str) -> str:
    return escape(segment).replace("\n", "<br>")


def _wrap(segment: str, active: Sequence[Span]) -> str:
    # The innermost span (latest start, then shortest) decides the link and tooltip.
    inner = max(active, key=lambda s: (s.start, -s.end))
    kinds = sorted({s.kind for s in active})
    classes = " ".join(["hl", *(f"hl-{kind}" for kind in kinds)])
    title = f' title="{escape(inner.title)}"' if inner.title else ""
    if inner.href:
        return f'<a class="{classes}" href="{escape(inner.href)}"{title}>{_text(segment)}</a>'
    return f'<mark class="{classes}"{title}>{_text(segment)}</mark>'


def highlight_range(body: str, start: int, end: int, spans: Iterable[Span]) -> SafeString:
    """HTML for body[start:end] with the spans (absolute offsets) wrapped."""
    spans = _clamp(spans, start, end)
    cuts = sorted({start, end, *(s.start for s in spans), *(s.end for s in spans)})
    parts: list[str] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        active = [s for s in spans if s.start <= lo and s.end >= hi]
        segment = body[lo:hi]
        parts.append(_wrap(segment, active) if active else _text(segment))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def highlight_paragraphs(
    body: str, spans: Iterable[Span], *, only_touching: bool = False
) -> list[Paragraph]:
    """The article as paragraphs of safe HTML; with only_touching, just those a span touches."""
    spans = list(spans)
    paragraphs = []
    for start, end in paragraph_bounds(body):
        if only_touching and not any(s.start < end and s.end > start for s in spans):
            continue
        paragraphs.append(Paragraph(start, end, highlight_range(body, start, end, spans)))
    return paragraphs
