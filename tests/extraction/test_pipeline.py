"""The entry points: robustness on any input, chunking, offsets, model loading."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from claims.extraction import Extraction, extract, extract_many, load_model
from claims.extraction.pipeline import split_chunks

ROOT = Path(__file__).resolve().parents[2]
PARAGRAPH = (
    '"The harbour will reopen next week after the repairs," port director Ana Silva '
    "said on Tuesday. Officials said that traffic would return to normal soon."
)


def _check_offsets(text: str, ext: Extraction) -> None:
    for item in (*ext.quotes, *ext.claims):
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start : item.end] == item.text


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n\t ",
        "\x00\x01\x02 \x7f",
        '"',
        "“”",
        "''",
        "Der Minister sagte: „Wir schaffen das.“",
        "« Nous allons gagner », a déclaré le ministre.",
        "这是一个测试。他说：“我们会赢。”",
        "a" * 5000,
    ],
)
def test_extract_never_raises_and_keeps_offsets(text):
    ext = extract(text)
    assert isinstance(ext, Extraction)
    _check_offsets(text, ext)


def test_huge_text_is_chunked_on_paragraphs_without_raising(monkeypatch):
    # A cheap pipeline: this test is about chunking, not parsing. The claims scorer needs the
    # real model's tensors, so it is switched off here.
    monkeypatch.setattr("claims.extraction.pipeline.find_claims", lambda *args: [])
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "\n\n".join([PARAGRAPH] * 14_000)
    assert len(text) > 2_000_000
    [ext] = list(extract_many([text], nlp=nlp))
    assert len(ext.quotes) == 14_000
    _check_offsets(text, ext)


def test_long_text_offsets_are_shifted_across_chunks():
    text = "\n\n".join([PARAGRAPH] * 150)
    assert len(split_chunks(text)) > 1
    ext = extract(text)
    directs = [q for q in ext.quotes if q.kind == "direct"]
    assert len(directs) == 150
    assert {q.speaker for q in directs} == {"Ana Silva"}
    _check_offsets(text, ext)


def test_split_chunks_cuts_at_paragraphs_and_covers_text():
    text = "\n\n".join(f"Paragraph {i} " + "x" * 90 for i in range(100))
    chunks = split_chunks(text, limit=1000)
    assert "".join(c for _, c in chunks) == text
    assert all(len(c) <= 1000 for _, c in chunks)
    assert all(text[off : off + len(c)] == c for off, c in chunks)
    assert all(c.endswith("\n\n") for _, c in chunks[:-1])


def test_split_chunks_without_any_break_still_cuts():
    chunks = split_chunks("x" * 2500, limit=1000)
    assert [len(c) for _, c in chunks] == [1000, 1000, 500]


def test_extract_many_keeps_order_and_count():
    texts = ["", PARAGRAPH, "No quotes here at all.", PARAGRAPH]
    results = list(extract_many(texts))
    assert len(results) == 4
    assert results[0].quotes == () and results[2].quotes == ()
    assert results[1].quotes and results[3].quotes


def test_load_model_is_cached_and_skips_unused_pipes():
    assert load_model() is load_model()
    assert "lemmatizer" not in load_model().pipe_names


def test_to_dict_is_plain_json_data():
    data = extract(PARAGRAPH).to_dict()
    assert data["quotes"][0]["speaker"] == "Ana Silva"


def test_importing_extraction_does_not_import_django():
    code = "import sys, claims.extraction; assert 'django' not in sys.modules, 'django imported'"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_a_surname_in_a_later_chunk_takes_the_nearest_full_name_before_it():
    filler = "The council met on Tuesday to discuss the roads and the water supply. " * 8
    head = "\n\n".join(
        ['"We need rain," Bob Smith, a farmer, said on Monday.']
        + [filler] * 18
        + ['"The bridge will reopen," Anna Smith, the mayor, said.']
    )
    text = head + "\n\n" + filler + "\n\n" + '"We will rebuild the dam by June," Smith said.'
    assert len(split_chunks(text)) == 2  # the last quote is in the second chunk
    found = extract(text)
    last = found.quotes[-1]
    assert last.text.startswith("We will rebuild")
    assert last.speaker == "Anna Smith"  # the nearest before it, across the chunk boundary
