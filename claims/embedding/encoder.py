"""The static sentence encoder: the mean of the tokens' distilled vectors, L2-normalised."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

MODEL_DIR = Path(__file__).resolve().parent / "model"
# The width of the shipped vectors (training/claim_encoder.py --dims).
DIMS = 256
# Tokens read per sentence: claims are sentences, this only bounds a pathological input.
MAX_TOKENS = 256


class StaticEncoder:
    """Encodes sentences as unit vectors; cosine similarity is their dot product."""

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        self.vectors = np.load(model_dir / "vectors.npy").astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.dims = self.vectors.shape[1]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dims) float32, each row of norm 1 (zeros for a text with no tokens)."""
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        if not texts:
            return out
        if len(texts) == 1:  # one claim: no thread pool (much faster for a single sentence)
            encodings = [self.tokenizer.encode(texts[0], add_special_tokens=False)]
        else:
            encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        for row, encoding in enumerate(encodings):
            ids = encoding.ids[:MAX_TOKENS]
            if ids:
                out[row] = self.vectors[ids].mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


@functools.cache
def encoder() -> StaticEncoder:
    """The shipped encoder, loaded once per process."""
    return StaticEncoder()


def encode(texts: Sequence[str]) -> np.ndarray:
    return encoder().encode(texts)
