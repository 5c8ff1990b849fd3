"""Are two claim sentences the same claim? Meaning first, then a fact-checker's hard checks.

1. **Meaning**: the cosine of the two sentences' embeddings (`claims.embedding`,
   all-MiniLM-L6-v2 on ONNX Runtime) must reach `THRESHOLD`.
2. **Hard checks** (`claim_comparison.conflict`), which no score overrides: the same figures
   (numbers that are parts of names, "COVID-19", "Title 42", "G7", "fiscal year 2024", do not
   count; one side may add a year or a month), the same actors and places, the same pronoun
   for the person, the same polarity (negation, direction), and the same event when a sentence
   reports one ("spoke today with", "this week", "The leaders reaffirmed ..."): the articles'
   dates must then agree.

Measured on the pairs in bench/data/matching_pairs.jsonl (bench/matching_pairs.py); the figures
and how the threshold was chosen are in docs/MATCHING.md. No Django here; numpy, ONNX Runtime and
`tokenizers` are loaded only when a sentence is encoded (workers and commands, never the web).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from claims import claim_comparison

# Chosen on the judged and the written pairs by `bench/matching_pairs.py` (`choose`: the most
# same-claim recall with precision >= 0.95 and template false positives <= 5%); the figures,
# cross-validated too, are in docs/MATCHING.md.
THRESHOLD = 0.76


@dataclass(frozen=True)
class Decision:
    same: bool
    score: float  # cosine of the embeddings, -1..1
    reason: str | None  # the hard check that said no, or "not similar enough"


def decide_features(
    a: claim_comparison.Features,
    b: claim_comparison.Features,
    cosine: float,
    a_date: date | None = None,
    b_date: date | None = None,
    threshold: float = THRESHOLD,
) -> Decision:
    """The decision for two claims whose features and embedding cosine are known."""
    reason = claim_comparison.conflict(a, b, a_date, b_date)
    if reason is None and cosine < threshold:
        reason = "not similar enough"
    return Decision(same=reason is None, score=round(float(cosine), 4), reason=reason)


def decide_many(
    pairs: Sequence[tuple[str, str, date | None, date | None]], threshold: float = THRESHOLD
) -> list[Decision]:
    """Decisions for (a, b, a_date, b_date) pairs, encoding every sentence once."""
    from claims.embedding import encode  # ONNX Runtime, tokenizers: only where claims are compared

    if not pairs:
        return []
    left = encode([a for a, _, _, _ in pairs])
    right = encode([b for _, b, _, _ in pairs])
    cosines = (left * right).sum(axis=1)
    return [
        decide_features(
            claim_comparison.features(a),
            claim_comparison.features(b),
            float(cosine),
            a_date,
            b_date,
            threshold,
        )
        for (a, b, a_date, b_date), cosine in zip(pairs, cosines, strict=True)
    ]


def decide(a: str, b: str, a_date: date | None = None, b_date: date | None = None) -> Decision:
    """True in `.same` when the two claim texts state the same claim."""
    return decide_many([(a, b, a_date, b_date)])[0]
