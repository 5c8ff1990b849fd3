"""Distillation targets of training.checkworthy: teachers never leak a held-out label."""

import json

import numpy as np
import pytest

from training import checkworthy as script

PAIRS = ("12", "34", "13", "24", "14", "23")


@pytest.fixture
def teacher_dir(tmp_path):
    """Six teachers; each scores a row it did not train on with its own code (pair / 100)."""
    ids = [f"x-{n}" for n in range(1, 21) if n % 5]
    for pair in PAIRS:
        probs = {i: int(pair) / 100 for i in ids if int(i.split("-")[1]) % 5 not in map(int, pair)}
        (tmp_path / f"teacher-{pair}.json").write_text(json.dumps(probs))
    return tmp_path, ids


def test_without_teachers_the_targets_are_the_labels():
    y = np.array([1, 0, 1, 0], dtype=np.float32)
    fold = np.array([1, 2, 3, 4])
    targets = script.Targets(y, fold)
    assert targets(np.arange(4), None).tolist() == y.tolist()
    assert targets(np.array([0, 2]), 2).tolist() == [1, 1]


def test_cross_validation_uses_only_the_teacher_that_saw_neither_fold(teacher_dir):
    directory, ids = teacher_dir
    fold = np.array([int(i.split("-")[1]) % 5 for i in ids])
    y = np.zeros(len(ids), dtype=np.float32)
    targets = script.Targets(y, fold, script.load_teachers(directory, ids), weight=1.0)
    rows = np.flatnonzero(fold != 3)
    out = dict(zip(fold[rows].tolist(), targets(rows, 3).tolist(), strict=False))
    # fold 1 with fold 3 held out: only the teacher trained on folds 2 and 4
    assert out == {1: pytest.approx(0.24), 2: pytest.approx(0.14), 4: pytest.approx(0.12)}


def test_final_targets_average_every_teacher_that_did_not_train_on_the_row(teacher_dir):
    directory, ids = teacher_dir
    fold = np.array([int(i.split("-")[1]) % 5 for i in ids])
    y = np.ones(len(ids), dtype=np.float32)
    targets = script.Targets(y, fold, script.load_teachers(directory, ids), weight=0.5)
    out = targets(np.arange(len(ids)), None)
    first = out[np.flatnonzero(fold == 1)[0]]
    assert first == pytest.approx(0.5 + 0.5 * (0.34 + 0.24 + 0.23) / 3)


def test_a_missing_teacher_probability_stops_training(teacher_dir):
    directory, ids = teacher_dir
    (directory / "teacher-24.json").write_text(json.dumps({}))
    fold = np.array([int(i.split("-")[1]) % 5 for i in ids])
    targets = script.Targets(np.zeros(len(ids)), fold, script.load_teachers(directory, ids), 1.0)
    with pytest.raises(SystemExit, match="no probability"):
        targets(np.flatnonzero(fold != 3), 3)
