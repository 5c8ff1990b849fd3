"""The nearest-neighbour index of claim embeddings: candidates by meaning, never a scan.

One usearch HNSW index (cosine, half precision) of every found claim's sentence embedding,
keyed by claim id. It lives in a file (`settings.CLAIM_INDEX_PATH`) that `manage.py claim_index
--rebuild` writes from the database; each worker process loads it once and, before every
search, adds the claims stored since (ids above the highest it holds, read from the database),
so it stays in step as claims arrive without a worker writing the shared file while others
read it. Deleted or re-extracted claims are harmless: every candidate is re-read from the
database and decided on its current text. Only workers and commands import this module
(usearch, numpy and the encoder stay out of web processes).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
from django.conf import settings

from claims.embedding import encode
from claims.embedding.vector_index import ClaimVectorIndex
from claims.models import Claim

# Claims encoded and added per database read while catching up or rebuilding.
CHUNK = 5000
_lock = threading.Lock()
_index: ClaimVectorIndex | None = None


def _claims_after(pk: int) -> Iterator[tuple[list[int], list[str]]]:
    while True:
        rows = list(
            Claim.objects.filter(pk__gt=pk, found=True)
            .order_by("pk")
            .values_list("pk", "text")[:CHUNK]
        )
        if not rows:
            return
        yield [row[0] for row in rows], [row[1] for row in rows]
        pk = rows[-1][0]


def _catch_up(index: ClaimVectorIndex) -> int:
    added = 0
    for ids, texts in _claims_after(index.high_water):
        index.add(ids, encode(texts))
        added += len(ids)
    return added


def index_path() -> Path | None:
    return Path(settings.CLAIM_INDEX_PATH) if settings.CLAIM_INDEX_PATH else None


def claim_vector_index() -> ClaimVectorIndex:
    """This process's index, loaded once and brought up to date with the database."""
    global _index
    with _lock:
        if _index is None:
            path = index_path()
            _index = ClaimVectorIndex.load(path) if path and path.exists() else ClaimVectorIndex()
        # Ids above every stored claim: the database was emptied or rolled back; start over.
        newest = Claim.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if newest < _index.high_water:
            _index = ClaimVectorIndex()
        _catch_up(_index)
        return _index


def claim_index_reset() -> None:
    """Forget this process's index (tests; after the file was rebuilt)."""
    global _index
    with _lock:
        _index = None


def claim_index_rebuild(path: Path | None = None) -> int:
    """Build the index of every found claim from the database and write it; returns its size."""
    index = ClaimVectorIndex()
    _catch_up(index)
    path = path or index_path()
    if path is not None:
        index.save(path)
    claim_index_reset()
    return len(index.index)


def claim_stored_vectors(ids: Sequence[int]) -> dict[int, np.ndarray]:
    """The vectors this process's index holds for these claim ids, as it holds them (no
    database read): the cheap first test of a candidate. A claim re-extracted since it was
    indexed may have a vector of its older text, so a decision re-encodes the current text."""
    with _lock:
        index = _index
    return index.vectors(ids) if index is not None else {}


def claim_neighbours(texts: Sequence[str], count: int) -> tuple[np.ndarray, list[list[int]]]:
    """The embeddings of these texts and, for each, the ids of the `count` nearest claims."""
    vectors = encode(list(texts))
    return vectors, claim_vector_index().search(vectors, count)
