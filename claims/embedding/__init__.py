"""Sentence embeddings for claim matching: a static encoder distilled from all-MiniLM-L6-v2.

No Django, no network, no torch: a vocabulary-sized table of token vectors (numpy) and the
teacher's WordPiece tokenizer (`tokenizers`). Imported only by workers and commands (matching
runs in tasks), never by a web request. See `model/MODEL_CARD.md` and docs/MATCHING.md.
"""

from claims.embedding.encoder import DIMS, StaticEncoder, encode, encoder

__all__ = ["DIMS", "StaticEncoder", "encode", "encoder"]
