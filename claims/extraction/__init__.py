"""Pure-Python NLP extraction: text in, frozen dataclasses out. Never imports Django."""

from claims.extraction.pipeline import DEFAULT_MODEL, extract, extract_many, load_model
from claims.extraction.types import Claim, Extraction, Quote, Speaker

__all__ = [
    "DEFAULT_MODEL",
    "Claim",
    "Extraction",
    "Quote",
    "Speaker",
    "extract",
    "extract_many",
    "load_model",
]
