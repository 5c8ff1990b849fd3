"""Benchmark: how claim scores spread on news (do they rank, or pile up at 0.99?).

    EXTRACTION_SCORER=transformer .venv/bin/python -m bench.claim_scores [--limit 200]

Extracts the first `limit` corpus articles whose id is in corpus-dev-ids.txt (evenly spread
over the corpus: every k-th) and prints, over all their claims: how many sentences became
claims, how many of the 50 best claims score >= 0.99, and score quantiles of the claims.
Reads ../shared at run time; the project does not need it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
from pathlib import Path

import numpy as np

from claims.extraction import extract_many

SHARED = Path(__file__).resolve().parents[2] / "shared"
TOP = 50
SATURATED = 0.99


def read_articles(corpus: Path, ids_file: Path, limit: int) -> list[dict]:
    """`limit` dev articles spread evenly over the corpus order."""
    allowed = set(ids_file.read_text(encoding="utf-8").split())
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        rows = [row for row in map(json.loads, fh) if row["id"] in allowed]
    step = max(1, len(rows) // limit)
    return rows[::step][:limit]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus/news.jsonl.gz")
    ap.add_argument("--ids", type=Path, default=SHARED / "eval/corpus-dev-ids.txt")
    args = ap.parse_args(argv)
    articles = read_articles(args.corpus, args.ids, args.limit)
    texts = [a["text"] for a in articles]
    titles = [a.get("title") or "" for a in articles]
    scores = np.array(
        sorted(
            (c.score for ext in extract_many(texts, titles=titles) for c in ext.claims),
            reverse=True,
        )
    )
    name = os.environ.get("EXTRACTION_SCORER") or "default"
    print(f"scorer {name}: {len(articles)} articles, {len(scores)} claims")
    if len(scores):
        top = scores[:TOP]
        print(f"top {len(top)}: {int(np.sum(top >= SATURATED))} score >= {SATURATED}, "
              f"lowest of them {top[-1]:.3f}")  # fmt: skip
        quantiles = np.quantile(scores, [0.5, 0.9, 0.99])
        print("claim score median / p90 / p99: " + " / ".join(f"{q:.3f}" for q in quantiles))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
