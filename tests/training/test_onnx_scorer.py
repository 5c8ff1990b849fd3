"""The ONNX scorer of the check-worthiness transformer, on a tiny random fixture model.

`data/tiny-transformer/` was written by `python -m training.transformer --test-model DIR`:
a 2-layer BERT of width 32 with random weights, exported and quantised exactly as the real
model is, with the MiniLM tokenizer cut at 16 word pieces and a fixed calibration (a 1.5,
b -0.25). Its scores mean nothing; the tests check the plumbing around them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from claims.extraction.transformer import TransformerScorer, load_scorer

FIXTURE = Path(__file__).resolve().parent / "data" / "tiny-transformer"
TEXTS = [
    "Unemployment fell from 8.2 percent in 2012 to 4.1 percent last year.",
    "Thank you all so much for being here tonight.",
    "Taxes rose.",
]


@pytest.fixture(scope="module")
def scorer() -> TransformerScorer:
    return TransformerScorer.load(FIXTURE)


def test_calibration_and_cut_come_from_the_model_folder(scorer):
    meta = json.loads((FIXTURE / "meta.json").read_text())
    assert (scorer.a, scorer.b) == (meta["calibration"]["a"], meta["calibration"]["b"])
    assert scorer.threshold == meta["threshold"]
    logits = scorer.logits(TEXTS).astype(np.float64)
    expected = 1 / (1 + np.exp(-(1.5 * logits - 0.25)))
    assert scorer.probabilities(TEXTS) == pytest.approx(expected)


def test_a_sentence_scores_the_same_alone_as_among_others(scorer):
    together = scorer.logits(TEXTS)
    assert together.tolist() == [scorer.logits([text])[0] for text in TEXTS]
    assert scorer.logits(list(reversed(TEXTS))).tolist() == list(reversed(together.tolist()))


def test_text_past_the_model_length_is_cut_not_refused(scorer):
    head = "The deficit grew by 1.2 trillion dollars in the year to March, the report said"
    assert scorer.tokenizer.encode(head).overflowing  # longer than the fixture's 16 pieces
    long_a, long_b = scorer.logits([head + " and then more.", head + " but nothing else."])
    assert long_a == long_b  # only the first 16 word pieces count
    assert scorer.logits(["Taxes rose."])[0] != long_a


def test_no_texts_no_work(scorer):
    assert scorer.probabilities([]).shape == (0,)


def test_a_model_folder_loads_once_per_process():
    assert load_scorer(str(FIXTURE)) is load_scorer(str(FIXTURE))


def test_importing_the_scorer_loads_neither_onnxruntime_nor_tokenizers():
    code = (
        "import sys, claims.extraction.transformer; "
        "print(sorted(m for m in ('onnxruntime', 'tokenizers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
