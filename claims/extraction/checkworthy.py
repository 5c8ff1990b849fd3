"""Check-worthiness scores for sentences of a document that spaCy has already parsed.

The scorer reuses the parse instead of running a second pipeline. Per token it takes the
en_core_web_sm tok2vec output (``doc.tensor``, 96 floats), a small learned embedding of the
word and the word's pretrained GloVe vector (50 floats; the 50,000 most frequent words ship
with the model), passes them through one ReLU layer and max+mean pools over the sentence; per
sentence it adds a bag of hashed word 1-3-grams and a few parse/entity signals (numbers,
entity types, comparatives, first person, modals, question mark ...). The weights (a few
seeds, averaged) ship in ``models/checkworthy/model.npz``, trained by
``python -m training.checkworthy`` (``training/checkworthy.py``), and are evaluated here in numpy.

Two scorers, chosen by the ``EXTRACTION_SCORER`` environment variable (``scorer_name()``):

- ``transformer`` (the default): two stages. The nets above score every sentence; those at or
  above the first-stage cut stored with the transformer (``meta.json``: ``prefilter``) are
  scored again by all-MiniLM-L6-v2 fine-tuned on CheckThat! sentences, run as an int8 ONNX
  model (``transformer.py``, ``models/checkworthy-minilm/``). The final score fuses both
  models (``Fusion``: the mean of their logits, calibrated on held-out training rows) and the
  fused cut decides. Sentences below the first-stage cut keep the nets' probability, which
  lies below both cuts, so they are never claims.
- ``fast``: the nets alone, with their own cut (about twice as fast, less accurate).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, IS_SPACE, LIKE_NUM, LOWER, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from thinc.api import NumpyOps

from claims.extraction.transformer import TransformerScorer, load_scorer

MODEL_DIR = Path(__file__).resolve().parent / "models" / "checkworthy"
TRANSFORMER_DIR = Path(__file__).resolve().parent / "models" / "checkworthy-minilm"
SCORER_VARIABLE = "EXTRACTION_SCORER"
SCORERS = ("transformer", "fast")  # the first is the default
HASH_BITS = 18  # buckets of the n-gram table
WORD_BITS = 14  # buckets of the word embedding table
TENSOR_WIDTH = 96  # en_core_web_sm tok2vec width
VECTOR_WIDTH = 50  # GloVe 6B 50d

NUMERIC_ENTS = ("CARDINAL", "PERCENT", "MONEY", "QUANTITY", "DATE", "TIME", "ORDINAL")
NAMED_ENTS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "LAW", "EVENT", "PRODUCT")
WORD_SETS: dict[str, str] = {
    "first person singular": "i me my mine myself",
    "first person plural": "we us our ours ourselves",
    "second person": "you your yours yourself",
    "future": "will 'll gonna going plan promise",
    "opinion marker": "think believe feel hope wish want guess suppose opinion should must ought "
    "love hate agree disagree",
    "causal": "because cause caused causes result resulted due led thanks",
    "record": "record highest lowest largest smallest most least first ever",
}
TAG_SETS: dict[str, tuple[str, ...]] = {
    "comparison": ("JJR", "RBR"),
    "superlative": ("JJS", "RBS"),
    "modal": ("MD",),
    "past tense": ("VBD",),
}
WH_WORDS = "what why how who whom whose which when where"

# Names of the hand-made signal columns, in order.
SIGNAL_NAMES: tuple[str, ...] = (
    *(f"named entity: {label}" for label in NUMERIC_ENTS + NAMED_ENTS),
    "number",
    *WORD_SETS,
    *TAG_SETS,
    "negation",
    "question",
    "wh start",
    "length",
)
_ATTRS = [LOWER, LIKE_NUM, TAG, DEP, ENT_TYPE, ENT_IOB, IS_SPACE]
_OPS = NumpyOps()
_MASK = np.uint64((1 << HASH_BITS) - 1)
_MUL = np.uint64(0x9E3779B97F4A7C15)


def _ids(words: str | Iterable[str]) -> np.ndarray:
    items = words.split() if isinstance(words, str) else words
    return np.array([get_string_id(w) for w in items], dtype=np.uint64)


_NUM_KEY, _BOS, _EOS, _ENT_SALT, _BIAS = _ids(["<num>", "<s>", "</s>", "<ent>", "<bias>"])
_ENT_IDS = _ids(NUMERIC_ENTS + NAMED_ENTS)
_WORD_IDS = {name: _ids(words) for name, words in WORD_SETS.items()}
_TAG_IDS = {name: _ids(tags) for name, tags in TAG_SETS.items()}
_WH_IDS, _QMARK, _NEG = _ids(WH_WORDS), get_string_id("?"), get_string_id("neg")


@dataclass(frozen=True)
class Features:
    """Model input for a batch of sentences.

    dense: (n, 2 * TENSOR_WIDTH + len(SIGNAL_NAMES)) pooled tensor and signals per sentence;
    tokens / words / lowers: the tensor rows, hashed word ids and lower-case string ids of
    every token, sentence by sentence, with token_ptr bounding each sentence; indices /
    indptr: hashed n-gram ids in CSR form.
    """

    dense: np.ndarray
    tokens: np.ndarray
    words: np.ndarray
    lowers: np.ndarray
    token_ptr: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray

    @property
    def signals(self) -> np.ndarray:
        """The hand-made signal columns (same order as SIGNAL_NAMES)."""
        return self.dense[:, 2 * TENSOR_WIDTH :]


def _mix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return (a * _MUL) ^ (b >> np.uint64(7)) ^ b


def _ngrams(keys: np.ndarray, seg: np.ndarray, ents: np.ndarray, ent_seg: np.ndarray, n: int):
    """Distinct bucket ids of each sentence's 1-3-grams, entity labels and a bias, in CSR form.

    keys/seg: word keys of the non-space tokens and their sentence numbers (0..n-1, sorted);
    ents/ent_seg: entity labels at entity starts and their sentence numbers.
    """
    counts = np.bincount(seg, minlength=n)
    seq_start = np.cumsum(counts + 2) - (counts + 2)
    seq = np.empty(len(keys) + 2 * n, dtype=np.uint64)
    seq_seg = np.repeat(np.arange(n), counts + 2)
    seq[seq_start], seq[seq_start + counts + 1] = _BOS, _EOS
    rank = np.arange(len(keys)) - (np.cumsum(counts) - counts)[seg]
    seq[seq_start[seg] + 1 + rank] = keys
    bi, tri = _mix(seq[:-1], seq[1:]), _mix(_mix(seq[:-2], seq[1:-1]), seq[2:])
    bi_ok, tri_ok = seq_seg[:-1] == seq_seg[1:], seq_seg[:-2] == seq_seg[2:]
    ids = np.concatenate(
        [keys, bi[bi_ok], tri[tri_ok], _mix(np.full(len(ents), _ENT_SALT), ents), np.full(n, _BIAS)]
    )
    owner = np.concatenate([seg, seq_seg[:-1][bi_ok], seq_seg[:-2][tri_ok], ent_seg, np.arange(n)])
    combined = np.unique((owner.astype(np.int64) << HASH_BITS) | (ids & _MASK).astype(np.int64))
    indptr = np.concatenate([[0], np.cumsum(np.bincount(combined >> HASH_BITS, minlength=n))])
    return combined & int(_MASK), indptr


def _token_signals(arr: np.ndarray) -> np.ndarray:
    """Per-token indicator columns, summed per sentence later."""
    lower, tag, ent = arr[:, 0], arr[:, 2], arr[:, 4]
    cols = [ent[:, None] == _ENT_IDS[None, :], arr[:, 1:2] == 1]
    cols += [np.isin(lower, ids)[:, None] for ids in _WORD_IDS.values()]
    cols += [np.isin(tag, ids)[:, None] for ids in _TAG_IDS.values()]
    cols.append((arr[:, 3] == _NEG)[:, None])
    return np.concatenate(cols, axis=1).astype(np.float32)


def _sentence_signals(a: np.ndarray, sums: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    """Signals of each sentence from its token rows and summed indicator columns."""
    n_tok, starts = np.diff(ptr), ptr[:-1]
    n_ents = len(_ENT_IDS)
    out = (sums > 0).astype(np.float32)
    out[:, n_ents] = np.log1p(sums[:, n_ents])  # how many numbers
    past = n_ents + 1 + len(_WORD_IDS) + 3
    out[:, past] = sums[:, past] / np.maximum(n_tok, 1)  # share of past-tense verbs
    pos, solid = np.arange(len(a)), a[:, 6] == 0
    last = np.maximum.reduceat(np.where(solid, pos, -1), starts)
    first = np.minimum.reduceat(np.where(solid, pos, len(a)), starts)
    has = last >= 0
    question = has & (a[np.where(has, last, 0), 0] == _QMARK)
    wh = has & np.isin(a[np.where(has, first, 0), 0], _WH_IDS)
    return np.column_stack([out, question, wh, np.log1p(n_tok)]).astype(np.float32)


def _doc_arrays(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    tensor = doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape != (len(doc), TENSOR_WIDTH):
        raise ValueError("the Doc has no tok2vec tensor; parse it with en_core_web_sm")
    return doc.to_array(_ATTRS).astype(np.uint64), np.asarray(tensor, dtype=np.float32)


def _doc_features(doc: Doc, spans: Sequence[Span]) -> Features:
    """Features of sentences that all belong to one Doc (vectorised over the sentences)."""
    arr, tensor = _doc_arrays(doc)
    bounds = np.array([(s.start, s.end) for s in spans], dtype=np.int64).reshape(-1, 2)
    n_tok = bounds[:, 1] - bounds[:, 0]
    if (n_tok == 0).any():
        raise ValueError("cannot score an empty sentence")
    ptr = np.concatenate([[0], np.cumsum(n_tok)])
    idx = np.arange(ptr[-1]) + np.repeat(bounds[:, 0] - ptr[:-1], n_tok)
    a, t, seg = arr[idx], tensor[idx], np.repeat(np.arange(len(spans)), n_tok)
    pooled = [np.add.reduceat(t, ptr[:-1]) / n_tok[:, None], np.maximum.reduceat(t, ptr[:-1])]
    signals = _sentence_signals(a, np.add.reduceat(_token_signals(a), ptr[:-1]), ptr)
    keys = np.where(a[:, 1] == 1, _NUM_KEY, a[:, 0])
    solid, ent_start = a[:, 6] == 0, a[:, 5] == 3
    indices, indptr = _ngrams(keys[solid], seg[solid], a[ent_start, 4], seg[ent_start], len(spans))
    return Features(
        dense=np.concatenate([*pooled, signals], axis=1).astype(np.float32),
        tokens=t,
        words=(keys & np.uint64((1 << WORD_BITS) - 1)).astype(np.int64),
        lowers=a[:, 0].copy(),
        token_ptr=ptr,
        indices=indices,
        indptr=indptr,
    )


def _concat(parts: Sequence[Features]) -> Features:
    def ptrs(name: str) -> np.ndarray:
        out, base = [np.zeros(1, np.int64)], 0
        for part in parts:
            out.append(getattr(part, name)[1:] + base)
            base += getattr(part, name)[-1]
        return np.concatenate(out)

    return Features(
        dense=np.concatenate([p.dense for p in parts]),
        tokens=np.concatenate([p.tokens for p in parts]),
        words=np.concatenate([p.words for p in parts]),
        lowers=np.concatenate([p.lowers for p in parts]),
        token_ptr=ptrs("token_ptr"),
        indices=np.concatenate([p.indices for p in parts]),
        indptr=ptrs("indptr"),
    )


def featurize(spans: Sequence[Span]) -> Features:
    """Turn parsed, non-empty sentences (Spans of Docs with a tok2vec tensor) into model input."""
    if not spans:
        return Features(
            dense=np.zeros((0, 2 * TENSOR_WIDTH + len(SIGNAL_NAMES)), np.float32),
            tokens=np.zeros((0, TENSOR_WIDTH), np.float32),
            words=np.zeros(0, np.int64),
            lowers=np.zeros(0, np.uint64),
            token_ptr=np.zeros(1, np.int64),
            indices=np.zeros(0, np.int64),
            indptr=np.zeros(1, np.int64),
        )
    parts, run = [], [spans[0]]
    for span in spans[1:]:  # consecutive sentences of the same Doc share one pass
        if span.doc is run[-1].doc:
            run.append(span)
        else:
            parts.append(_doc_features(run[-1].doc, run))
            run = [span]
    parts.append(_doc_features(run[-1].doc, run))
    return parts[0] if len(parts) == 1 else _concat(parts)


def as_spans(items: Iterable[Span | Doc]) -> list[Span]:
    """Accept sentences as Spans or as whole one-sentence Docs."""
    return [item[:] if isinstance(item, Doc) else item for item in items]


def _segment_pool(h: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    """Max and mean of h's rows within each segment ptr[i]:ptr[i+1] (empty segments -> 0)."""
    counts = np.diff(ptr)
    out = np.zeros((len(counts), 2 * h.shape[1]), dtype=h.dtype)
    full = counts > 0
    if full.any():
        starts = ptr[:-1][full]
        out[full, : h.shape[1]] = np.maximum.reduceat(h, starts, axis=0)
        out[full, h.shape[1] :] = np.add.reduceat(h, starts, axis=0) / counts[full, None]
    return out


def vector_rows(keys: np.ndarray, lowers: np.ndarray) -> np.ndarray:
    """Row of each token's word vector: 1 + its position in the sorted `keys`, 0 when absent."""
    if len(keys) == 0:
        return np.zeros(len(lowers), np.int64)
    pos = np.minimum(np.searchsorted(keys, lowers), len(keys) - 1)
    return np.where(keys[pos] == lowers, pos + 1, 0)


def _segment_sum(values: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    cum = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
    return cum[ptr[1:]] - cum[ptr[:-1]]


@dataclass(frozen=True)
class CheckworthyModel:
    """Averaged ensemble of token-pooling nets; arrays carry a leading member axis.

    For each member: h = relu([std(tensor row), emb[word], vectors[word]] @ w1 + b1) per
    token; logit = [max(h), mean(h)] @ w2 + std(dense) @ w_dense + sum(w_sparse[ngrams]) + bias.
    The score is the mean of the members' sigmoids. `vectors` (shared, frozen) holds pretrained
    word vectors, row 0 zeros for unknown words, rows 1.. for the words whose string ids are
    `vector_keys` (sorted).
    """

    tok_mean: np.ndarray
    tok_scale: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    vector_keys: np.ndarray  # (v,) uint64, sorted
    vectors: np.ndarray  # (v + 1, VECTOR_WIDTH)
    emb: np.ndarray  # (m, 2**WORD_BITS, k)
    w1: np.ndarray  # (m, TENSOR_WIDTH + k + VECTOR_WIDTH, hidden)
    b1: np.ndarray  # (m, hidden)
    w2: np.ndarray  # (m, 2 * hidden)
    w_dense: np.ndarray  # (m, n_dense)
    w_sparse: np.ndarray  # (m, 2**HASH_BITS)
    bias: np.ndarray  # (m,)
    threshold: float = 0.5

    def member_logits(self, feats: Features, i: int, rows: np.ndarray | None = None) -> np.ndarray:
        """Raw scores of member i, one per sentence (rows: vector_rows of the tokens)."""
        if rows is None:
            rows = vector_rows(self.vector_keys, feats.lowers)
        tok = (feats.tokens - self.tok_mean) / self.tok_scale
        x = np.concatenate([tok, self.emb[i][feats.words], self.vectors[rows]], axis=1)
        # blis (single-threaded, as spaCy uses it): numpy's threaded BLAS stalls on a busy box
        h = np.maximum(_OPS.gemm(np.ascontiguousarray(x), self.w1[i]) + self.b1[i], 0.0)
        z = (feats.dense - self.mean) / self.scale
        sparse = _segment_sum(self.w_sparse[i][feats.indices], feats.indptr)
        pooled = _segment_pool(h, feats.token_ptr)
        linear = (pooled * self.w2[i]).sum(axis=1) + (z * self.w_dense[i]).sum(axis=1)
        return linear + sparse + self.bias[i]

    def predict(self, feats: Features) -> np.ndarray:
        """Probabilities in 0..1 that each sentence is check-worthy."""
        if len(feats.dense) == 0:
            return np.zeros(0)
        rows = vector_rows(self.vector_keys, feats.lowers)
        members = [self.member_logits(feats, i, rows) for i in range(len(self.bias))]
        return np.mean([1.0 / (1.0 + np.exp(-m)) for m in members], axis=0)

    def save(self, directory: Path, meta: dict | None = None) -> None:
        """Write model.npz (large tables as float16) and meta.json into directory."""
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {k: np.asarray(v, dtype=np.float32) for k, v in self.__dict__.items()}
        arrays["vector_keys"] = np.asarray(self.vector_keys, dtype=np.uint64)
        arrays["vectors"] = arrays["vectors"].astype(np.float16)
        arrays["emb"] = arrays["emb"].astype(np.float16)
        arrays["w_sparse"] = arrays["w_sparse"].astype(np.float16)
        np.savez_compressed(directory / "model.npz", **arrays)
        info = {"hash_bits": HASH_BITS, "word_bits": WORD_BITS, "signals": list(SIGNAL_NAMES)}
        (directory / "meta.json").write_text(json.dumps({**info, **(meta or {})}, indent=2) + "\n")

    @classmethod
    def load(cls, directory: Path) -> CheckworthyModel:
        """Read a model written by save()."""
        with np.load(directory / "model.npz") as data:
            arrays = {key: data[key].astype(np.float32) for key in data.files}
            arrays["vector_keys"] = data["vector_keys"].astype(np.uint64)
        return cls(**{**arrays, "threshold": float(arrays["threshold"])})


@functools.cache
def load_model(directory: str = str(MODEL_DIR)) -> CheckworthyModel:
    """The shipped model, loaded once per process."""
    return CheckworthyModel.load(Path(directory))


@dataclass(frozen=True)
class SentenceScore:
    """Classifier probability for one sentence with the readable reasons behind it."""

    score: float
    reasons: tuple[str, ...]


def signal_reasons(signals: np.ndarray) -> tuple[str, ...]:
    """Readable names of the signals that fire for one sentence ("number", "question" ...)."""
    return tuple(
        name
        for name, value in zip(SIGNAL_NAMES, signals, strict=True)
        if value > 0 and name not in ("length", "past tense", "wh start")
    )


def scorer_name() -> str:
    """The scorer ``EXTRACTION_SCORER`` selects: "transformer" (default) or "fast"."""
    name = os.environ.get(SCORER_VARIABLE, "").strip().lower() or SCORERS[0]
    if name not in SCORERS:
        raise ValueError(f"{SCORER_VARIABLE} must be one of {', '.join(SCORERS)}, not {name!r}")
    return name


def logit(probs: np.ndarray) -> np.ndarray:
    """log(p / (1 - p)), with p kept off 0 and 1."""
    probs = np.clip(np.asarray(probs, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.log(probs / (1 - probs))


@dataclass(frozen=True)
class Fusion:
    """The second stage's score: a weighted mean of the transformer's calibrated logit and the
    nets' logit, calibrated again (Platt: sigmoid(a * z + b)), with its F1-best cut."""

    weight: float  # of the transformer; the nets take the rest
    a: float
    b: float
    threshold: float
    # The nets' logit is clipped to +-clip: on news, far from their debate training data, they
    # are sure of too much (a fifth of the claims of 100 corpus articles above logit 4).
    clip: float = 4.0

    def probabilities(self, transformer_logits: np.ndarray, nets: np.ndarray) -> np.ndarray:
        """transformer_logits: calibrated (a * raw + b of the transformer); nets: probabilities."""
        nets_logits = np.clip(logit(nets), -self.clip, self.clip)
        z = self.weight * transformer_logits + (1 - self.weight) * nets_logits
        return 1.0 / (1.0 + np.exp(-(self.a * z + self.b)))


@dataclass(frozen=True)
class TwoStage:
    """The fast nets as a filter, then the nets and the transformer together on what passes."""

    nets: CheckworthyModel
    transformer: TransformerScorer
    fusion: Fusion
    prefilter: float  # the nets' probability from which the transformer scores a sentence

    @property
    def threshold(self) -> float:
        return self.fusion.threshold

    def predict(self, spans: Sequence[Span], feats: Features) -> np.ndarray:
        nets = self.nets.predict(feats).astype(np.float64)
        passed = np.flatnonzero(nets >= self.prefilter)
        # below the filter a sentence keeps the nets' probability, under both cuts
        probs = np.minimum(nets, np.nextafter(self.threshold, 0))
        raw = self.transformer.logits([spans[i].text for i in passed]).astype(np.float64)
        calibrated = self.transformer.a * raw + self.transformer.b
        probs[passed] = self.fusion.probabilities(calibrated, nets[passed])
        return probs


@functools.cache
def load_two_stage(directory: str = str(TRANSFORMER_DIR)) -> TwoStage:
    """The shipped two-stage scorer, loaded once per process."""
    meta = json.loads((Path(directory) / "meta.json").read_text(encoding="utf-8"))
    keys = ("weight", "a", "b", "threshold", "clip")
    fusion = Fusion(**{key: float(meta["fusion"][key]) for key in keys})
    prefilter = float(meta["prefilter"]["cut"])
    if not 0.0 <= prefilter <= fusion.threshold:
        raise ValueError(f"{directory}: the first-stage cut must lie in 0..the model's cut")
    return TwoStage(
        nets=load_model(), transformer=load_scorer(directory), fusion=fusion, prefilter=prefilter
    )


def load_scorer_models() -> None:
    """Load the selected scorer's models now (a worker does it once, before its first task)."""
    if scorer_name() == "fast":
        load_model()
    else:
        load_two_stage()


def active_threshold() -> float:
    """Score from which a sentence counts as a claim for the selected scorer: its F1-best cut,
    chosen on held-out training rows (never on dev) and stored with the model."""
    return load_model().threshold if scorer_name() == "fast" else load_two_stage().threshold


def score_sentences(items: Sequence[Span | Doc]) -> list[SentenceScore]:
    """Check-worthiness of each parsed sentence, with reasons, in input order."""
    spans = as_spans(items)
    if not spans:
        return []
    feats = featurize(spans)
    if scorer_name() == "fast":
        probs = load_model().predict(feats)
    else:
        probs = load_two_stage().predict(spans, feats)
    return [
        SentenceScore(float(p), (f"classifier {p:.2f}", *signal_reasons(sig)))
        for p, sig in zip(probs, feats.signals, strict=True)
    ]
