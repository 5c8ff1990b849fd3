"""Reviewer-labelled extra rows (`--extra`) and the Platt calibration of training.transformer."""

from __future__ import annotations

import json

import numpy as np
import pytest

from training.calibration import platt
from training.checkworthy import EXTRA_FOLD, Targets, load_extra


def _write(tmp_path, lines: list[str]):
    path = tmp_path / "labels.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_extra_rows_are_read_with_their_labels_and_source(tmp_path):
    path = _write(
        tmp_path,
        [
            json.dumps(
                {"text": " Crime fell 8% in Ohio. ", "checkworthy": True, "source": "reviewer"}
            ),
            "",
            json.dumps({"text": "Thank you all.", "checkworthy": False, "source": "reviewer"}),
        ],
    )
    assert load_extra(path) == [
        {"text": "Crime fell 8% in Ohio.", "checkworthy": True, "source": "reviewer"},
        {"text": "Thank you all.", "checkworthy": False, "source": "reviewer"},
    ]


@pytest.mark.parametrize(
    "bad",
    [
        "not json",
        json.dumps(["a list"]),
        json.dumps({"text": "", "checkworthy": True}),
        json.dumps({"text": "No label."}),
        json.dumps({"text": "A string label.", "checkworthy": "yes"}),
    ],
)
def test_a_bad_extra_line_stops_training_and_names_the_line(tmp_path, bad):
    path = _write(tmp_path, [json.dumps({"text": "Fine.", "checkworthy": True}), bad])
    with pytest.raises(SystemExit, match=r"labels.jsonl:2"):
        load_extra(path)


def test_extra_rows_learn_their_label_even_when_teachers_score_the_rest():
    y = np.array([1, 0, 1, 0], dtype=np.float32)
    fold = np.array([1, 2, 3, EXTRA_FOLD])
    nan = np.nan
    teachers = {
        frozenset({2, 3}): np.array([0.9, nan, nan, nan]),
        frozenset({1, 3}): np.array([nan, 0.2, nan, nan]),
        frozenset({1, 2}): np.array([nan, nan, 0.7, nan]),
    }
    targets = Targets(y, fold, teachers, weight=1.0)
    assert targets(np.arange(4), None).tolist() == pytest.approx([0.9, 0.2, 0.7, 0.0])


def test_platt_recovers_the_slope_and_offset_of_a_known_calibration():
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 3, 20_000)
    y = (rng.random(len(logits)) < 1 / (1 + np.exp(-(0.5 * logits - 1.0)))).astype(float)
    a, b = platt(logits, y)
    assert a == pytest.approx(0.5, abs=0.03)
    assert b == pytest.approx(-1.0, abs=0.06)


def test_platt_keeps_a_perfectly_separated_set_finite():
    logits = np.array([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0])
    a, b = platt(logits, np.array([0, 0, 0, 1, 1, 1.0]))
    probs = 1 / (1 + np.exp(-(a * logits + b)))
    assert np.isfinite([a, b]).all() and a > 0
    assert probs.min() > 0.0
    assert probs.max() < 1.0
