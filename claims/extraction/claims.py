"""Check-worthy claims: the sentences of an article worth fact-checking, ranked by score.

Sentences that are never claims (questions, headings, greetings, readout formulae ...:
``selection.never_a_claim``) are dropped first. The rest are scored by the trained
check-worthiness model (``checkworthy.score_sentences``, which reuses the parse); those
scoring at least ``claim_threshold()`` (the cut stored with the model) come back as
FoundClaims, best first. A claim that sits inside a quote is attributed to the quote's speaker
(a joint statement's paragraph is one quote per signer: the first named is the claim's speaker,
the others its ``co_speakers``); when a sentence holds a long quote or reported clause, the
claim text is that clause, since that is what the speaker asserted, and it scores
as the better of the sentence and the clause alone, moved ``ATTRIBUTED_PRIOR`` of the way to 1:
an official's attributed statement ranks at least as high as the same words in the article's
own prose.
Claim text is trimmed for display (no leading "that", no trailing comma or colon) by moving
its offsets, so ``source[start:end] == text`` still holds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc, Span

from claims.extraction.checkworthy import active_threshold, score_sentences
from claims.extraction.fingerprint import fingerprint
from claims.extraction.reasons import claim_reasons
from claims.extraction.selection import never_a_claim
from claims.extraction.statements import STATEMENT
from claims.extraction.types import FoundClaim, FoundQuote, FoundSpeaker

MIN_WORDS = 4  # shorter sentences ("Thank you.") are never claims
MIN_CLAUSE_WORDS = 5  # a quote narrower than its sentence becomes the claim text from here up
# Share of the distance to 1 added to the score of a claim attributed to a speaker: ranks it
# above the same words unsaid, without piling the best claims up at 1.0.
ATTRIBUTED_PRIOR = 0.1
_STRIP = " \t\r\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
_DOUBLE = '"\u201c\u201d'  # kept at an end when paired inside the claim (`_trim`)
_TRAILING = ",;:\u2013\u2014-"  # punctuation that ends a clause cut from its sentence
_LEADING_WORDS = ("that",)  # a reported clause's complementiser is not part of the claim


def claim_threshold() -> float:
    """Score from which a sentence counts as a claim: the selected scorer's F1-best cut, chosen
    on a held-out part of the training rows (not on dev) and stored with the model."""
    return active_threshold()


def _paired(text: str, start: int, end: int, at: int) -> bool:
    """Whether the double quotation mark at `at`, at either end of start:end, has its partner
    inside the span (`known as “priorities.”` keeps both; `rated "highly critical` has none)."""
    span = text[start:end]
    mark = text[at]
    if mark == '"':
        return span.count('"') % 2 == 0
    opening, closing = span.count("\u201c"), span.count("\u201d")
    return closing >= opening if mark == "\u201c" else opening >= closing


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets with surrounding whitespace and quote marks removed; a double quotation mark
    whose partner is inside the span stays, so the claim reads as the sentence does."""
    while start < end and text[start] in _STRIP:
        if text[start] in _DOUBLE and _paired(text, start, end, start):
            break
        start += 1
    while end > start and text[end - 1] in _STRIP:
        if text[end - 1] in _DOUBLE and _paired(text, start, end, end - 1):
            break
        end -= 1
    inner = text[start + 1 : end - 1]
    if end - start > 2 and text[start] in _DOUBLE and not any(m in inner for m in _DOUBLE):
        return _trim(text, start + 1, end - 1)  # a claim that is all one quotation
    span = text[start:end]
    unclosed = span.count('"') % 2 == 1 or span.count("\u201c") > span.count("\u201d")
    if end < len(text) and text[end] in '"\u201d' and unclosed:
        end += 1  # `rated "highly critical` closes its quotation just after the clause
    return start, end


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _best_quote(quotes: Sequence[FoundQuote], start: int, end: int) -> FoundQuote | None:
    """The quote sharing the most characters with start:end, if any."""
    best = max(quotes, key=lambda q: _overlap(q.start, q.end, start, end), default=None)
    if best is None or _overlap(best.start, best.end, start, end) == 0:
        return None
    return best


def _signers(quotes: Sequence[FoundQuote], quote: FoundQuote | None) -> tuple[str, ...]:
    """Whose words a claim inside `quote` is: its speaker, or for a statement paragraph every
    named signer (one statement quote each over the same span), first signer first."""
    if quote is None:
        return ()
    if quote.kind != STATEMENT:
        return (quote.speaker,) if quote.speaker else ()
    same = (
        q.speaker
        for q in quotes
        if q.kind == STATEMENT and (q.start, q.end) == (quote.start, quote.end)
    )
    return tuple(dict.fromkeys(name for name in same if name))


def _display(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without a leading complementiser ("that") or trailing clause punctuation."""
    while True:
        start, end = _trim(text, start, end)
        before = (start, end)
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        head = text[start:end].split(maxsplit=1)
        if len(head) == 2 and head[0].lower() in _LEADING_WORDS:
            start = end - len(head[1])
        if (start, end) == before:
            return start, end


def _clause_span(text: str, sent: Span, quote: FoundQuote | None) -> tuple[int, int] | None:
    """The quoted clause inside the sentence when it is narrower and long enough, else None."""
    start, end = _trim(text, sent.start_char, sent.end_char)
    if quote is None or (quote.start <= start and quote.end >= end):
        return None
    q_start, q_end = _display(text, max(quote.start, start), min(quote.end, end))
    if len(text[q_start:q_end].split()) >= MIN_CLAUSE_WORDS:
        return q_start, q_end
    return None


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


def _clause_tokens(doc: Doc, span: tuple[int, int]) -> Span | None:
    return doc.char_span(span[0], span[1], alignment_mode="expand")


def find_claims(
    doc: Doc, quotes: Sequence[FoundQuote], speakers: Sequence[FoundSpeaker]
) -> list[FoundClaim]:
    """Check-worthy claims in `doc`, best first; quote offsets are relative to `doc.text`.

    ``speakers`` is accepted for the pipeline's interface; quotes already carry the canonical
    speaker name, which is what a claim inherits.
    """
    text = doc.text  # built from the tokens on every access: read it once
    found: list[tuple[Span, tuple[str, ...], Span | None]] = []
    for sent in _candidates(doc):
        if never_a_claim(sent):
            continue
        quote = _best_quote(quotes, *_trim(text, sent.start_char, sent.end_char))
        clause_span = _clause_span(text, sent, quote)
        clause = _clause_tokens(doc, clause_span) if clause_span else None
        found.append((sent, _signers(quotes, quote), clause))
    # An attributed clause is also scored alone, as the same words in prose would be.
    attributed = [c for _, signers, c in found if c is not None and signers]
    scores = iter(score_sentences([s for s, _, _ in found] + attributed))
    sentence_scores = [next(scores).score for _ in found]
    clause_scores = iter(s.score for s in scores)
    cut = claim_threshold()
    claims = []
    for (sent, signers, clause), score in zip(found, sentence_scores, strict=True):
        speaker = signers[0] if signers else None
        if clause is not None and speaker:
            score = max(score, next(clause_scores))
        if score < cut:
            continue
        if speaker:  # closer to 1 by ATTRIBUTED_PRIOR of the way: never saturates at 1
            score += ATTRIBUTED_PRIOR * (1.0 - score)
        span = clause if clause is not None else sent
        start, end = _display(text, span.start_char, span.end_char)
        claim_text = text[start:end]
        claims.append(
            FoundClaim(
                text=claim_text,
                start=start,
                end=end,
                score=round(score, 4),
                speaker=speaker,
                reasons=claim_reasons(span, speaker),
                fingerprint=fingerprint(claim_text),
                co_speakers=signers[1:],
            )
        )
    return sorted(claims, key=lambda c: (-c.score, c.start))
