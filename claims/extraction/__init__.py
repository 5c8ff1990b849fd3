"""Pure-Python NLP extraction: text in, frozen dataclasses out. Never imports Django."""

from claims.extraction.pipeline import DEFAULT_MODEL, extract, extract_many, load_model
from claims.extraction.types import Extraction, FoundClaim, FoundQuote, FoundSpeaker

__all__ = [
    "DEFAULT_MODEL",
    "FoundClaim",
    "Extraction",
    "FoundQuote",
    "FoundSpeaker",
    "extract",
    "extract_many",
    "load_model",
]
