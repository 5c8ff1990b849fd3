"""Normalised forms of claim text, for spotting the same claim across articles.

``normalize_claim_text`` lower-cases, applies Unicode NFKC, unifies and then drops quote marks,
writes numbers plainly ("3,000" -> "3000", "5.0" -> "5"), spells out "%" and "n't", removes
punctuation and a short list of function words, and collapses whitespace. Negations and
numbers are kept, so "did not rise 3%" and "rose 3%" stay different. ``fingerprint`` returns
the first 16 hex digits of the SHA-1 of that normalised text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "and",
        "or",
        "but",
        "so",
        "it",
        "its",
        "there",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "said",
        "says",
        "say",
        "according",
    ]
)
_QUOTES = str.maketrans({c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4`"}) | {
    ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_TRAILING_ZEROS = re.compile(r"(\d+)\.0+\b")
_NEGATION = re.compile(r"n't\b")
_NON_WORD = re.compile(r"[^\w\s.]|(?<!\d)\.|\.(?!\d)")


def normalize_claim_text(text: str) -> str:
    """Lower-case, punctuation-free, number-normalised text with function words removed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = _NEGATION.sub(" not", text.replace("can't", "can not").replace("won't", "will not"))
    text = _THOUSANDS.sub("", text)
    text = _TRAILING_ZEROS.sub(r"\1", text)
    text = text.replace("%", " percent ").replace("$", " dollars ")
    text = _NON_WORD.sub(" ", text)
    return " ".join(word for word in text.split() if word not in STOP_WORDS)


def fingerprint(text: str) -> str:
    """A short stable hash (16 hex digits) of normalize_claim_text(text)."""
    return hashlib.sha1(normalize_claim_text(text).encode("utf-8")).hexdigest()[:16]
