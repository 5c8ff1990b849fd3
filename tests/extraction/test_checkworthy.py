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
    vector_rows,
)


@functools.cache
def _nlp() -> spacy.Language:
    return spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])


def _sentences(text: str) -> list:
    return list(_nlp()(text).sents)


def test_shipped_model_is_small_and_attributed():
    assert (MODEL_DIR / "model.npz").stat().st_size < 20_000_000
    assert "CC BY 4.0" in (MODEL_DIR / "ATTRIBUTION.md").read_text()


def test_word_vectors_cover_common_words_and_not_made_up_ones():
    model = load_model()
    assert len(model.vector_keys) == len(model.vectors) - 1 == 50_000
    assert np.all(np.diff(model.vector_keys.astype(np.float64)) > 0)  # sorted, for searchsorted
    assert not model.vectors[0].any()  # row 0: unknown word
    (sentence,) = _sentences("The unemployment rate fell zqxvbrr.")
    rows = vector_rows(model.vector_keys, featurize([sentence]).lowers)
    assert [bool(r) for r in rows] == [True, True, True, True, False, True]
    # the words with vectors share meaning: rate and unemployment sit closer than rate and the
    the, unemployment, rate = (model.vectors[r] for r in rows[:3])
    assert np.dot(rate, unemployment) > np.dot(rate, the)


def test_vector_rows_without_vectors_are_unknown():
    lowers = np.array([1, 2, 3], dtype=np.uint64)
    assert vector_rows(np.zeros(0, np.uint64), lowers).tolist() == [0, 0, 0]
    assert vector_rows(np.array([2], np.uint64), lowers).tolist() == [0, 1, 0]


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
