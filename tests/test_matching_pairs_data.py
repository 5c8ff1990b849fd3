"""The judged sentence pairs under bench/data/ that bench/matching_pairs.py scores."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = [
    ROOT / "bench" / "data" / "matching_pairs.jsonl",
    ROOT / "bench" / "data" / "matching_pairs_more.jsonl",
    ROOT / "bench" / "data" / "matching_pairs_holdout.jsonl",
    ROOT / "bench" / "data" / "matching_pairs_holdout2.jsonl",
]
# ../shared next to the main checkout, or two levels up from a worktree under wt/.
DEV_IDS = next(
    (
        folder / "shared" / "eval" / "corpus-dev-ids.txt"
        for folder in (ROOT.parent, ROOT.parent.parent)
        if (folder / "shared" / "eval" / "corpus-dev-ids.txt").exists()
    ),
    ROOT.parent / "shared" / "eval" / "corpus-dev-ids.txt",
)
SAME_KINDS = {"verbatim": True, "paraphrase": True, "template": False, "near_miss": False}


def _rows() -> list[dict]:
    return [json.loads(line) for f in FILES for line in f.read_text().splitlines() if line.strip()]


def test_every_pair_is_complete_and_its_judgement_matches_its_kind():
    rows = _rows()
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert SAME_KINDS[row["kind"]] is row["same"], row["id"]
        assert row["a"].strip() and row["b"].strip(), row["id"]
        assert row["a_id"] and row["b_id"], row["id"]
        for key in ("a_date", "b_date"):
            date.fromisoformat(row[key])


def test_no_pair_is_judged_twice():
    seen = set()
    for row in _rows():
        key = frozenset((row["a"], row["b"]))
        assert key not in seen, row["id"]
        seen.add(key)


def test_every_source_text_is_on_the_development_list():
    if not DEV_IDS.exists():
        pytest.skip(f"{DEV_IDS} is not on this machine")
    dev = set(DEV_IDS.read_text().split())
    for row in _rows():
        assert row["a_id"] in dev and row["b_id"] in dev, row["id"]
