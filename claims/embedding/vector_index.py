"""A vector index of sentence embeddings keyed by integer ids (usearch HNSW). No Django here.

`claims.services.claim_index` keeps one of claims in step with the database; bench/matching.py
measures it at 1,000,000 claims.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from usearch.index import Index

from claims.embedding.encoder import DIMS

# HNSW graph degree and search breadth: recall@10 and speed in bench/matching.py.
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 64


class ClaimVectorIndex:
    """Claim ids -> embeddings, searchable by cosine; `high_water` is the last id it holds."""

    def __init__(self, index: Index | None = None, high_water: int = 0) -> None:
        self.index = index or new_index()
        self.high_water = high_water

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        if len(ids):
            self.index.add(np.asarray(ids, dtype=np.uint64), vectors, copy=True)
            self.high_water = max(self.high_water, int(max(ids)))

    def search(self, vectors: np.ndarray, count: int) -> list[list[int]]:
        """For each query vector, the ids of up to `count` nearest claims (nearest first)."""
        if len(self.index) == 0 or len(vectors) == 0:
            return [[] for _ in range(len(vectors))]
        found = self.index.search(vectors, min(count, len(self.index)))
        if not hasattr(found, "counts"):  # one query: usearch answers with a single Matches
            return [[int(k) for k in found.keys]]
        return [[int(k) for k in row[:n]] for row, n in zip(found.keys, found.counts, strict=True)]

    def vectors(self, ids: Sequence[int]) -> dict[int, np.ndarray]:
        """The stored vectors of those ids it holds (float32; exactly what the encoder gave)."""
        if not len(ids):
            return {}
        found = self.index.get(np.asarray(ids, dtype=np.uint64))
        if not isinstance(found, tuple):  # one id: usearch answers with a single vector
            found = (found,)
        return {
            int(pk): vector.astype(np.float32)
            for pk, vector in zip(ids, found, strict=True)
            if vector is not None
        }

    def save(self, path: Path) -> None:
        """Write atomically (a temporary file renamed over the old one), with its high water."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            temporary = Path(tmp.name)
        self.index.save(str(temporary))
        _meta_path(temporary).write_text(json.dumps({"high_water": self.high_water}))
        os.replace(_meta_path(temporary), _meta_path(path))
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: Path) -> ClaimVectorIndex:
        """The index in this file; an empty one if the file holds vectors of another width
        (written for an earlier encoder: the caller fills it from the database)."""
        index = new_index()
        index.load(str(path))
        if index.ndim != DIMS:
            return cls()
        meta = json.loads(_meta_path(path).read_text()) if _meta_path(path).exists() else {}
        return cls(index, int(meta.get("high_water", 0)))


def new_index() -> Index:
    return Index(
        ndim=DIMS,
        metric="cos",
        dtype="f16",
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")
