"""Check-worthy claims (placeholder: the claims engineer replaces this module)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from claims.extraction.types import Claim, Quote, Speaker


def find_claims(doc: Doc, quotes: Sequence[Quote], speakers: Sequence[Speaker]) -> list[Claim]:
    """Claims in `doc`; quote offsets are relative to `doc.text`. Placeholder: none yet."""
    return []
