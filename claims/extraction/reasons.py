"""Why a sentence was flagged, in words a reviewer reads at a glance.

Each reason names what makes the claim checkable, read from the parse of the claim's own
tokens: a figure it states ("states a figure: $1 trillion"), who it is attributed to, a
comparison, a record or superlative, a causal link, the people, places and bodies it names.
"""

from __future__ import annotations

from spacy.tokens import Span

# Figures in order of interest: money and shares before bare counts.
FIGURE_LABELS = ("MONEY", "PERCENT", "QUANTITY", "CARDINAL")
NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LAW", "EVENT", "LOC", "FAC")
MAX_FIGURES = 2
MAX_NAMES = 3
COMPARISON_TAGS = frozenset({"JJR", "RBR"})
COMPARISON_WORDS = frozenset({"than", "compared", "versus"})
SUPERLATIVE_TAGS = frozenset({"JJS", "RBS"})
RECORD_WORDS = frozenset({"record", "ever", "unprecedented"})
# Single words and two-word phrases that state a cause.
CAUSAL_WORDS = frozenset({"because", "caused", "causes", "cause", "causing", "therefore"})
CAUSAL_PAIRS = frozenset(
    {("due", "to"), ("led", "to"), ("leads", "to"), ("lead", "to"), ("result", "of")}
    | {("resulted", "in"), ("results", "in"), ("thanks", "to"), ("because", "of")}
    | {("blamed", "for"), ("responsible", "for"), ("contributed", "to")}
)


def _figures(span: Span) -> list[str]:
    ents = [e for e in span.ents if e.label_ in FIGURE_LABELS]
    ents.sort(key=lambda e: (FIGURE_LABELS.index(e.label_), e.start))
    seen: list[str] = []
    for ent in ents:
        if ent.text not in seen:
            seen.append(ent.text)
    return seen[:MAX_FIGURES]


def _names(span: Span, speaker: str | None) -> list[str]:
    names: list[str] = []
    for ent in span.ents:
        text = ent.text.strip()
        if ent.label_ in NAME_LABELS and text not in names and text != speaker:
            names.append(text)
    return names[:MAX_NAMES]


def _causal(words: list[str]) -> bool:
    return any(w in CAUSAL_WORDS for w in words) or any(
        pair in CAUSAL_PAIRS for pair in zip(words, words[1:], strict=False)
    )


def claim_reasons(span: Span, speaker: str | None = None) -> tuple[str, ...]:
    """Plain-words reasons for the claim whose tokens are `span` (said by `speaker`, if any)."""
    words = [t.text.lower() for t in span]
    tags = {t.tag_ for t in span}
    reasons: list[str] = []
    figures = _figures(span)
    if figures:
        noun = "a figure" if len(figures) == 1 else "figures"
        reasons.append(f"states {noun}: {', '.join(figures)}")
    if speaker:
        reasons.append(f"attributed to {speaker}")
    if tags & COMPARISON_TAGS or COMPARISON_WORDS.intersection(words):
        reasons.append("a comparison")
    superlative = next((t.text for t in span if t.tag_ in SUPERLATIVE_TAGS), None)
    if superlative or RECORD_WORDS.intersection(words):
        reasons.append("a record or superlative" + (f": {superlative}" if superlative else ""))
    if _causal(words):
        reasons.append("a causal claim")
    names = _names(span, speaker)
    if names:
        reasons.append(f"names {', '.join(names)}")
    dates = [e.text for e in span.ents if e.label_ in ("DATE", "TIME")]
    if dates and not figures:
        reasons.append(f"dated: {dates[0]}")
    return tuple(reasons)
