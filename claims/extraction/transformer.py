"""Check-worthiness from a fine-tuned transformer, run on the CPU as an int8 ONNX model.

Reads the folder `python -m training.transformer` writes: `model.onnx` (all-MiniLM-L6-v2
fine-tuned on CheckThat! sentences, mean-pooled, one logistic output, weights quantised to
int8), the word-piece `tokenizer.json` of the same model, and `meta.json` with the Platt
calibration (probability = sigmoid(a * logit + b)) and the F1-best cut, both fitted on
training rows the network never saw. It needs only ONNX Runtime and `tokenizers` (no PyTorch,
no Django, nothing fetched at run time) and imports neither until a model is loaded, so it is
ready to move into the engine (`claims/extraction/`) once a model ships with the app; until
then `training.transformer` uses it to calibrate and measure exactly what would ship.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# One sentence per ONNX call: dynamic int8 quantisation scales each activation tensor by its
# largest value, so in a padded batch a sentence's score would shift (logits by up to 0.03)
# with its neighbours. Alone, a sentence scores the same in every article (batches of 8 were
# 25% cheaper: 4.9 against 6.5 ms of CPU a news sentence for MiniLM-L6).
BATCH_SIZE = 1
THREADS = 1  # one intra-op thread: spaCy runs single-threaded beside it, and workers scale out
PAD_ID = 0


@dataclass(frozen=True)
class TransformerScorer:
    """The ONNX session, its tokenizer and the calibration stored with the model."""

    session: Any
    tokenizer: Any
    a: float
    b: float
    threshold: float

    @classmethod
    def load(cls, directory: Path) -> TransformerScorer:
        """Read model.onnx, tokenizer.json and meta.json from directory."""
        import onnxruntime  # noqa: PLC0415 - only processes that score load it
        from tokenizers import Tokenizer  # noqa: PLC0415

        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = THREADS
        options.inter_op_num_threads = THREADS
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = onnxruntime.InferenceSession(
            str(directory / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=int(meta["max_length"]))
        calibration = meta["calibration"]
        return cls(
            session=session,
            tokenizer=tokenizer,
            a=float(calibration["a"]),
            b=float(calibration["b"]),
            threshold=float(meta["threshold"]),
        )

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """The network's raw score of each text, in input order."""
        out = np.zeros(len(texts), dtype=np.float32)
        if not texts:
            return out
        ids = [enc.ids for enc in self.tokenizer.encode_batch(list(texts))]
        order = np.argsort([len(seq) for seq in ids], kind="stable")
        for start in range(0, len(order), BATCH_SIZE):
            rows = order[start : start + BATCH_SIZE]
            width = max(len(ids[i]) for i in rows)
            input_ids = np.full((len(rows), width), PAD_ID, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for j, i in enumerate(rows):
                input_ids[j, : len(ids[i])] = ids[i]
                mask[j, : len(ids[i])] = 1
            feed = {"input_ids": input_ids, "attention_mask": mask}
            out[rows] = self.session.run(None, feed)[0]
        return out

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities in 0..1 that each text is check-worthy."""
        z = self.a * self.logits(texts).astype(np.float64) + self.b
        return 1.0 / (1.0 + np.exp(-z))


@functools.cache
def load_scorer(directory: str) -> TransformerScorer:
    """The scorer in `directory`, loaded once per process."""
    return TransformerScorer.load(Path(directory))
