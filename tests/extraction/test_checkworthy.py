"""The check-worthiness scorer: loads the shipped model and ranks sentences sensibly."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
import spacy

from claims.extraction import DEFAULT_MODEL
from claims.extraction.checkworthy import (
    MODEL_DIR,
    SIGNAL_NAMES,
    TRANSFORMER_DIR,
    Fusion,
    TwoStage,
    active_threshold,
    featurize,
    load_model,
    load_two_stage,
    score_sentences,
    scorer_name,
    vector_rows,
)
from claims.extraction.transformer import load_scorer

TINY_TRANSFORMER = Path(__file__).resolve().parents[1] / "training" / "data" / "tiny-transformer"


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


def test_the_scorer_is_the_transformer_unless_fast_is_asked(monkeypatch):
    monkeypatch.delenv("EXTRACTION_SCORER", raising=False)
    assert scorer_name() == "transformer"
    assert active_threshold() == load_two_stage().threshold
    monkeypatch.setenv("EXTRACTION_SCORER", " Fast ")
    assert scorer_name() == "fast"
    assert active_threshold() == load_model().threshold
    monkeypatch.setenv("EXTRACTION_SCORER", "bert")
    with pytest.raises(ValueError, match="EXTRACTION_SCORER must be one of transformer, fast"):
        scorer_name()


def test_shipped_transformer_is_small_attributed_and_calibrated():
    assert (TRANSFORMER_DIR / "model.onnx").stat().st_size < 30_000_000
    attribution = (TRANSFORMER_DIR / "ATTRIBUTION.md").read_text()
    assert "Apache-2.0" in attribution and "CC BY 4.0" in attribution
    two = load_two_stage()
    assert 0.0 <= two.prefilter <= two.threshold < 1.0
    assert two.transformer.a > 0  # a calibration, not a flip


def test_fast_scorer_gives_the_nets_probabilities(monkeypatch):
    sents = _sentences("Crime fell 8% in Ohio. We must do better.")
    monkeypatch.setenv("EXTRACTION_SCORER", "fast")
    fast = [s.score for s in score_sentences(sents)]
    assert fast == pytest.approx(load_model().predict(featurize(sents)).tolist(), abs=1e-6)


def test_two_stages_send_only_what_passes_the_nets_to_the_transformer():
    sents = _sentences(
        "Crime fell 8% in Ohio in 2019, the largest drop since 1990. Thank you all for coming."
    )
    nets = load_model().predict(featurize(sents))
    tiny = load_scorer(str(TINY_TRANSFORMER))
    cut = float(nets[1] + min(nets[0], tiny.threshold)) / 2  # between the two, under the cut
    assert nets[0] >= cut > nets[1]
    fusion = Fusion(weight=0.5, a=2.0, b=-0.5, threshold=0.5, clip=4.0)
    two = TwoStage(nets=load_model(), transformer=tiny, fusion=fusion, prefilter=cut)
    probs = two.predict(sents, featurize(sents))
    calibrated = tiny.a * tiny.logits([sents[0].text]) + tiny.b
    z = 0.5 * calibrated[0] + 0.5 * np.clip(np.log(nets[0] / (1 - nets[0])), -4, 4)
    assert probs[0] == pytest.approx(1 / (1 + np.exp(-(2.0 * z - 0.5))), abs=1e-5)
    assert probs[1] == pytest.approx(nets[1], abs=1e-6)  # the nets' probability, under both cuts
    assert probs[1] < two.threshold


def test_the_fusion_of_a_sure_transformer_and_unsure_nets_lies_between():
    fusion = Fusion(weight=0.5, a=1.0, b=0.0, threshold=0.5)
    [mixed] = fusion.probabilities(np.array([4.0]), np.array([0.5]))
    assert 0.5 < mixed < 1 / (1 + np.exp(-4.0))
    [same] = Fusion(weight=1.0, a=1.0, b=0.0, threshold=0.5).probabilities(
        np.array([4.0]), np.array([0.01])
    )
    assert same == pytest.approx(1 / (1 + np.exp(-4.0)))


def test_the_nets_sure_of_too_much_count_no_more_than_the_clip():
    fusion = Fusion(weight=0.5, a=1.0, b=0.0, threshold=0.5, clip=4.0)
    sure, surer = fusion.probabilities(np.array([1.0, 1.0]), np.array([0.99, 0.99999]))
    assert sure == pytest.approx(surer)  # logit 4.6 and 11.5 both count as 4
    assert sure < fusion.probabilities(np.array([3.0]), np.array([0.99]))[0]
