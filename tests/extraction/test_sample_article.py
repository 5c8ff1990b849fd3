"""The sample AP article (seeds/000): the quotes and speakers the issue asks for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claims.extraction import extract

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [
    ROOT / "seeds/000_1760076bc07e5ae5.txt",
    ROOT.parent / "shared/seeds/000_1760076bc07e5ae5.txt",
]


@pytest.fixture(scope="module")
def article() -> tuple[str, object]:
    path = next((p for p in CANDIDATES if p.exists()), None)
    if path is None:
        pytest.skip("sample article 000 not found")
    text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s+", "", path.read_text(encoding="utf-8"))
    return text, extract(text)


def _quote(ext, prefix: str):
    found = [q for q in ext.quotes if q.text.startswith(prefix)]
    assert found, f"no quote starting {prefix!r}"
    return found[0]


def test_three_sentences_are_one_quote_by_ned_price(article):
    _, ext = article
    q = _quote(ext, "This is not abandonment")
    assert q.kind == "direct"
    assert "This is not an evacuation" in q.text and "wholesale withdrawal" in q.text
    assert q.speaker == "Ned Price"
    assert "State Department spokesman" in q.speaker_title


def test_reduction_quote_is_ned_prices(article):
    _, ext = article
    assert _quote(ext, "What this is is a reduction").speaker == "Ned Price"


def test_message_quote_is_ned_prices_canonical_name(article):
    _, ext = article
    q = _quote(ext, "The message we are sending")
    assert q.speaker == "Ned Price"
    assert q.cue == "insisted"


def test_state_department_indirect_speech(article):
    _, ext = article
    q = _quote(ext, "the embassy will continue functioning")
    assert q.kind == "indirect"
    assert q.speaker == "State Department"
    speakers = {s.name: s for s in ext.speakers}
    assert speakers["State Department"].kind == "organization"


def test_ned_price_speaker_record(article):
    text, ext = article
    price = {s.name: s for s in ext.speakers}["Ned Price"]
    assert "State Department spokesman" in price.title
    assert price.organization == "State Department"
    assert "Price" in price.aliases
    for q in ext.quotes:
        assert text[q.start : q.end] == q.text
