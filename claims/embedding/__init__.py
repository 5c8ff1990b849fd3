"""Sentence embeddings for claim matching: all-MiniLM-L6-v2 on ONNX Runtime (int8, CPU).

No Django, no network, no torch: the exported sentence model (ONNX Runtime) and its word-piece
tokenizer (`tokenizers`). Imported only by workers and commands (matching runs in tasks), never
by a web request. See `model/MODEL_CARD.md` and docs/MATCHING.md.
"""

# ONNX Runtime before usearch, always: with onnxruntime 1.32 and usearch 2.26 from PyPI,
# `import onnxruntime` after `import usearch` kills the process (segmentation fault); in this
# order both load. Every module of this package, the index's included, goes through here.
import onnxruntime  # noqa: F401, I001

from claims.embedding.encoder import DIMS, SentenceEncoder, encode, encoder

__all__ = ["DIMS", "SentenceEncoder", "encode", "encoder"]
