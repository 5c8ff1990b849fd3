"""The check-worthiness scorer: loads the shipped model and ranks sentences sensibly."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import spacy

from claims.extraction import DEFAULT_MODEL
from claims.extraction.checkworthy import (
    MODEL_DIR,
    SIGNAL_NAMES,
    featurize,
    load_model,
    score_sentences,
)


@functools.cache
def _nlp() -> spacy.Language:
    return spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])


def _sentences(text: str) -> list:
    return list(_nlp()(text).sents)


def test_shipped_model_is_small_and_attributed():
    assert (MODEL_DIR / "model.npz").stat().st_size < 20_000_000
    assert "CC BY 4.0" in (MODEL_DIR / "ATTRIBUTION.md").read_text()


def test_model_loads_once():
    assert load_model() is load_model()
    assert 0.0 < load_model().threshold < 1.0


def test_factual_sentence_with_numbers_outranks_opinion_and_question():
    factual, opinion, question = score_sentences(
        _sentences(
            "The state cut its budget by $2.3 billion in 2019, the largest cut since 1982. "
            "I think we all deserve a better future. "
            "What are we going to do about it?"
        )
    )
    assert factual.score > 0.5
    assert factual.score > opinion.score
    assert factual.score > question.score


def test_scores_are_probabilities_with_reasons():
    scored = score_sentences(_sentences("Exports to China rose 12 percent last year."))
    [only] = scored
    assert 0.0 <= only.score <= 1.0
    assert only.reasons[0].startswith("classifier ")
    assert "number" in only.reasons
    assert "named entity: GPE" in only.reasons


def test_score_is_deterministic_and_batch_independent():
    sents = _sentences("Crime fell 8% in Ohio. We must do better. The law passed in 2004.")
    together = [s.score for s in score_sentences(sents)]
    alone = [score_sentences([s])[0].score for s in sents]
    assert together == pytest.approx(alone, abs=1e-6)
    assert together == [s.score for s in score_sentences(sents)]


def test_features_flag_question_and_opinion():
    feats = featurize(_sentences("Do you really believe that?"))
    signals = dict(zip(SIGNAL_NAMES, feats.signals[0], strict=True))
    assert signals["question"] == 1.0
    assert signals["opinion marker"] == 1.0
    assert signals["number"] == 0.0


def test_docs_without_a_tensor_are_refused():
    blank = spacy.blank("en")("No parse here.")
    with pytest.raises(ValueError, match="tensor"):
        featurize([blank[:]])


def test_empty_input_gives_no_scores():
    assert score_sentences([]) == []
    assert np.isfinite(load_model().threshold)
