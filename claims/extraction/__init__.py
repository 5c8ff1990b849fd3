"""Pure-Python NLP extraction: text in, frozen dataclasses out. Never imports Django.

The names below load on first use (PEP 562), so importing the package, or its result types
(`claims.extraction.types`), never loads spaCy: web processes that only store or show results
stay small, and the pipeline loads in the workers and commands that extract.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claims.extraction.pipeline import DEFAULT_MODEL, extract, extract_many, load_model
    from claims.extraction.types import Extraction, FoundClaim, FoundQuote, FoundSpeaker

# Public name -> the module that defines it, imported when the name is first read.
_LAZY = {
    "DEFAULT_MODEL": "claims.extraction.pipeline",
    "extract": "claims.extraction.pipeline",
    "extract_many": "claims.extraction.pipeline",
    "load_model": "claims.extraction.pipeline",
    "Extraction": "claims.extraction.types",
    "FoundClaim": "claims.extraction.types",
    "FoundQuote": "claims.extraction.types",
    "FoundSpeaker": "claims.extraction.types",
}

__all__ = [
    "DEFAULT_MODEL",
    "Extraction",
    "FoundClaim",
    "FoundQuote",
    "FoundSpeaker",
    "extract",
    "extract_many",
    "load_model",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later reads skip this hook
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
