"""manage.py extract_text: one text or a JSONL data set in, the engine's JSON out."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SAMPLE = SEEDS / "000_1760076bc07e5ae5.txt"


def _run(*args: str, stdin: str | bytes | None = None, monkeypatch=None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        fake = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        monkeypatch.setattr("sys.stdin", fake)
    call_command("extract_text", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_seed_file_prints_quotes_claims_and_speakers_with_offsets_into_the_file():
    out, _ = _run(str(SAMPLE))
    found = json.loads(out)
    text = SAMPLE.read_text(encoding="utf-8")
    assert set(found) == {"quotes", "claims", "speakers"}
    assert found["quotes"] and found["claims"] and found["speakers"]
    for item in found["quotes"] + found["claims"]:
        assert text[item["start"] : item["end"]] == item["text"]
    quote = found["quotes"][0]
    assert set(quote) == {"text", "speaker", "speaker_title", "kind", "cue", "start", "end"}
    assert {"text", "start", "end", "score", "speaker"} <= set(found["claims"][0])
    assert {"name", "title", "organization", "kind", "aliases"} == set(found["speakers"][0])
    assert any(q["speaker"] == "Ned Price" for q in found["quotes"])
    assert not any(q["text"].startswith(("date ", "title ")) for q in found["quotes"])


def test_every_seed_file_extracts(tmp_path):
    for path in sorted(SEEDS.glob("*.txt"))[:47]:
        found = json.loads(_run(str(path))[0])
        text = path.read_text(encoding="utf-8")
        assert all(text[q["start"] : q["end"]] == q["text"] for q in found["quotes"])


@pytest.mark.parametrize(
    "content",
    ["", "   \n\t \n", "Der Bundestag hat am Donnerstag das Gesetz beschlossen, sagte Scholz."],
)
def test_empty_whitespace_and_foreign_text_give_a_result_not_an_error(tmp_path, content):
    path = tmp_path / "in.txt"
    path.write_text(content, encoding="utf-8")
    found = json.loads(_run(str(path))[0])
    assert set(found) == {"quotes", "claims", "speakers"}


def test_standard_input(monkeypatch):
    out, _ = _run(
        "-", stdin='"We will win," Mayor Ann Lee said on Monday.', monkeypatch=monkeypatch
    )
    (quote,) = json.loads(out)["quotes"]
    assert quote["speaker"] == "Ann Lee"


def test_jsonl_writes_one_line_per_record_and_reports_bad_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": '"Taxes went up by 4 percent," Senator Bo Kim said.'}),
        "{not json",
        json.dumps(["no", "object"]),
        json.dumps({"id": 7, "text": 12}),
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = _run(str(path), "--jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert rows[0]["quotes"][0]["speaker"] == "Bo Kim"
    assert rows[1]["quotes"] == [] and rows[2]["claims"] == []
    assert "line 2: not JSON" in err and "line 3" in err and "line 4" in err


def test_unreadable_and_binary_input_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        _run(str(tmp_path / "missing.txt"))
    binary = tmp_path / "image.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    with pytest.raises(CommandError, match="binary"):
        _run(str(binary))


def test_two_megabytes_of_text_returns(tmp_path, monkeypatch):
    # A cheap pipeline: this is about the command reading and printing 2 MB, not about parsing
    # (tests/extraction covers chunking); the claims scorer needs the real model's tensors.
    import spacy

    from claims.extraction import extract_many

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    monkeypatch.setattr("claims.extraction.pipeline.find_claims", lambda *args: [])
    monkeypatch.setattr(
        "claims.management.commands.extract_text.extract_many",
        lambda texts, model, titles=None: extract_many(texts, nlp=nlp, titles=titles),
    )
    path = tmp_path / "big.txt"
    paragraph = '"The budget grew by 3 million dollars this year," the mayor said on Monday.\n\n'
    path.write_text(paragraph * (2_100_000 // len(paragraph)), encoding="utf-8")
    found = json.loads(_run(str(path))[0])
    assert len(found["quotes"]) == 2_100_000 // len(paragraph)
