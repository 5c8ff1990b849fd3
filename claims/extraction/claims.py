"""Check-worthy claims: the sentences of an article worth fact-checking, ranked by score.

Every sentence of the parsed Doc is scored by the trained check-worthiness model
(``checkworthy.score_sentences``, which reuses the parse). Sentences scoring at least
``CLAIM_THRESHOLD`` come back as Claims, best first. A claim that sits inside a quote is
attributed to the quote's speaker; when a sentence holds a long quote or reported clause, the
claim text is that clause, since that is what the speaker asserted.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc, Span

from claims.extraction.checkworthy import load_model, score_sentences
from claims.extraction.fingerprint import fingerprint
from claims.extraction.types import FoundClaim, FoundQuote, FoundSpeaker

# The model's F1-best cut, chosen on a held-out part of the training rows (not on dev).
CLAIM_THRESHOLD: float | None = None  # None: use the threshold stored with the model
MIN_WORDS = 4  # shorter sentences ("Thank you.") are never claims
MIN_CLAUSE_WORDS = 5  # a quote narrower than its sentence becomes the claim text from here up
_STRIP = " \t\r\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


def claim_threshold() -> float:
    """Score from which a sentence counts as a claim."""
    return CLAIM_THRESHOLD if CLAIM_THRESHOLD is not None else load_model().threshold


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets with surrounding whitespace and quote marks removed."""
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _best_quote(quotes: Sequence[FoundQuote], start: int, end: int) -> FoundQuote | None:
    """The quote sharing the most characters with start:end, if any."""
    best = max(quotes, key=lambda q: _overlap(q.start, q.end, start, end), default=None)
    if best is None or _overlap(best.start, best.end, start, end) == 0:
        return None
    return best


def _claim_span(text: str, sent: Span, quote: FoundQuote | None) -> tuple[int, int]:
    """The sentence, or the quoted clause inside it when the quote is long enough."""
    start, end = _trim(text, sent.start_char, sent.end_char)
    if quote is None or (quote.start <= start and quote.end >= end):
        return start, end
    q_start, q_end = _trim(text, max(quote.start, start), min(quote.end, end))
    while q_end > q_start and text[q_end - 1] in ",;:" + _STRIP:
        q_end -= 1
    if len(text[q_start:q_end].split()) >= MIN_CLAUSE_WORDS:
        return q_start, q_end
    return start, end


def _line_pieces(doc: Doc, sent: Span, breaks: np.ndarray) -> list[Span]:
    """The sentence cut at line breaks: a heading or a list line is not part of the next line."""
    inside = breaks[(breaks > sent.start) & (breaks < sent.end - 1)]
    if not len(inside):
        return [sent]
    cuts = [sent.start, *(int(i) for i in inside), sent.end]
    return [doc[a + (a != sent.start) : b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _candidates(doc: Doc) -> list[Span]:
    """Sentences (cut at line breaks) with at least MIN_WORDS words, counted on arrays."""
    flags = doc.to_array([IS_PUNCT, IS_SPACE])
    words = np.concatenate([[0], np.cumsum(flags.sum(axis=1) == 0)])
    breaks = np.array([i for i in np.flatnonzero(flags[:, 1]) if "\n" in doc[int(i)].text])
    pieces = (p for sent in doc.sents for p in _line_pieces(doc, sent, breaks))
    return [p for p in pieces if words[p.end] - words[p.start] >= MIN_WORDS]


def find_claims(
    doc: Doc, quotes: Sequence[FoundQuote], speakers: Sequence[FoundSpeaker]
) -> list[FoundClaim]:
    """Check-worthy claims in `doc`, best first; quote offsets are relative to `doc.text`.

    ``speakers`` is accepted for the pipeline's interface; quotes already carry the canonical
    speaker name, which is what a claim inherits.
    """
    sentences = _candidates(doc)
    cut = claim_threshold()
    text = doc.text  # built from the tokens on every access: read it once
    claims = []
    for sent, scored in zip(sentences, score_sentences(sentences), strict=True):
        if scored.score < cut:
            continue
        s_start, s_end = _trim(text, sent.start_char, sent.end_char)  # sentence or line
        quote = _best_quote(quotes, s_start, s_end)
        start, end = _claim_span(text, sent, quote)
        claim_text = text[start:end]
        claims.append(
            FoundClaim(
                text=claim_text,
                start=start,
                end=end,
                score=round(scored.score, 4),
                speaker=quote.speaker if quote else None,
                reasons=scored.reasons,
                fingerprint=fingerprint(claim_text),
            )
        )
    return sorted(claims, key=lambda c: (-c.score, c.start))
