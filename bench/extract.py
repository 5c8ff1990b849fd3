"""Benchmark: extraction overhead over the bare spaCy parse, and peak memory.

    .venv/bin/python bench/extract.py [--limit 500] [--corpus PATH] [--rounds 2]
        [--scorer transformer|fast]

Parses the same articles with bare `nlp.pipe` (same model, same enabled pipes) and with
`extract_many`, alternating the order over several rounds after a warm-up, and prints
articles/s, tokens/s, the extract/bare speed ratio and peak RSS (< 600 MB). Targets for the
ratio: >= 0.6 with the default check-worthiness scorer (the transformer in two stages), and
the fast scorer's ratio reported beside it (`--scorer fast`, as `EXTRACTION_SCORER=fast`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.extraction import (  # noqa: E402
    extract_many,
    load_model,
    pipeline,  # noqa: E402
)
from claims.extraction.checkworthy import SCORER_VARIABLE, SCORERS, scorer_name  # noqa: E402
from claims.extraction.pipeline import split_chunks  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/news.jsonl.gz"


def read_texts(path: Path, limit: int) -> list[str]:
    """The first `limit` article texts of a gzipped JSONL corpus."""
    texts: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(texts) >= limit:
                break
            texts.append(json.loads(line)["text"])
    return texts


def bare(nlp, texts: list[str]) -> int:  # noqa: ANN001
    """Parse only (same chunking as extract_many); returns the token count."""
    chunks = (chunk for text in texts for _, chunk in split_chunks(text))
    return sum(len(doc) for doc in nlp.pipe(chunks, batch_size=8))


def full(nlp, texts: list[str]) -> int:  # noqa: ANN001
    """Full extraction; returns the number of quotes found."""
    return sum(len(ext.quotes) for ext in extract_many(texts, nlp=nlp, batch_size=8))


def timed(fn: Callable[[], int]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of this process, and the function's result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--no-claims", action="store_true", help="skip find_claims (quotes only)")
    ap.add_argument("--scorer", choices=SCORERS, help="EXTRACTION_SCORER for this run")
    args = ap.parse_args(argv)
    if args.scorer:
        os.environ[SCORER_VARIABLE] = args.scorer
    print(f"check-worthiness scorer: {scorer_name()}")
    if args.no_claims:
        pipeline.find_claims = lambda *_args: []
    nlp = load_model()
    texts = read_texts(args.corpus, args.limit)
    print(f"{len(texts)} articles, {sum(map(len, texts)):,} chars, pipes: {nlp.pipe_names}")
    bare(nlp, texts[:20])
    full(nlp, texts[:20])  # warm-up
    wall = {"bare": 0.0, "full": 0.0}
    cpu = {"bare": 0.0, "full": 0.0}
    tokens = quotes = 0
    for r in range(args.rounds):
        order = [("bare", bare), ("full", full)] if r % 2 == 0 else [("full", full), ("bare", bare)]
        for name, fn in order:
            seconds, cpu_seconds, count = timed(lambda fn=fn: fn(nlp, texts))
            wall[name] += seconds
            cpu[name] += cpu_seconds
            tokens, quotes = (count, quotes) if name == "bare" else (tokens, count)
    n = len(texts) * args.rounds
    for label, name in (("bare nlp.pipe", "bare"), ("extract_many", "full")):
        rate = tokens * args.rounds / wall[name]
        print(
            f"{label:<14} {n / wall[name]:7.1f} articles/s {rate:9.0f} tokens/s (wall)  "
            f"{n / cpu[name]:7.1f} articles/s (CPU)"
        )
    print(f"quotes found: {quotes}")
    print(
        f"ratio extract/bare speed, wall: {wall['bare'] / wall['full']:.3f}, "
        f"CPU: {cpu['bare'] / cpu['full']:.3f} (target >= 0.6 with the default scorer; CPU "
        "time is steadier on a shared machine)"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB (target < 600 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
