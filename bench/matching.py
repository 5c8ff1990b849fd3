"""Benchmark: one new claim against 1,000,000 stored claims (target p95 < 50 ms a claim).

    nice -n 10 .venv/bin/python bench/matching.py [--known 1000000] [--queries 200]

Stored claims are sentences of the corpus texts listed in ../shared/eval/corpus-dev-ids.txt
(the first --sentences of them) and variants of them (a word dropped, a figure or a name
changed) up to --known. The sentences are encoded by the shipped model (in padded batches, the
bench's shortcut); a variant's vector is its sentence's moved by Gaussian noise whose mean
cosine to it equals that of 300 variants encoded for real (encoding a million variants one by
one would take hours on this machine). The vectors and the usearch HNSW index (the settings of
`claims.services.claim_index`) are built once and cached under bench/out/ (delete it to
rebuild). Each query is what the matcher does for
a new claim: encode it (timed apart: the encoder's cost does not depend on the stored claims),
take the nearest `CANDIDATES` from the index, and decide on each of them
(`claim_decision.decide_features`: features of both sentences, the hard checks, the cosine).
Queries are a third reworded repeats of stored claims, a third near misses (a figure changed),
a third unseen sentences. The same queries then run against brute force (exact cosine over
every stored claim): its time, and the recall at 10 of the index (how many of the exact 10
nearest the index returned in its first 10). Run by hand, under nice, never in CI.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl.gz"
DEV_IDS = ROOT.parent / "shared" / "eval" / "corpus-dev-ids.txt"
CANDIDATES = 50  # as claims.services.claim_grouping.CANDIDATE_LIMIT
THREADS = 2  # usearch threads while building (the machine's two cores)
NAMES = ["Kovacs", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Novak", "Costa"]
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_NUMBER = re.compile(r"\d[\d,.]*")


def corpus_sentences() -> list[str]:
    ids = set(DEV_IDS.read_text().split())
    seen: dict[str, None] = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["id"] not in ids:
                continue
            for sentence in _SPLIT.split(row["text"].replace("\n", " ")):
                if 6 <= len(sentence.split()) <= 60:
                    seen.setdefault(sentence.strip(), None)
    return list(seen)


def variant(rng: random.Random, sentence: str) -> str:
    words = sentence.split()
    choice = rng.random()
    if choice < 0.4 and _NUMBER.search(sentence):
        return _NUMBER.sub(lambda m: str(rng.randint(2, 999)), sentence, count=1)
    if choice < 0.7:
        words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    else:
        del words[rng.randrange(len(words))]
    return " ".join(words)


def encode_fast(texts: list[str]) -> np.ndarray:
    """The shipped model on many sentences at once: batches of similar length (bench only).

    The app encodes one sentence per call (exact, a few ms); padded batches are about 3x
    cheaper a sentence and move a vector by about 1e-3 in cosine (int8 activations are scaled
    per batch), which does not matter for timing the index or for its recall.
    """
    from claims.embedding import encoder

    model = encoder()
    pieces = [e.ids for e in model.tokenizer.encode_batch(texts)]
    order = np.argsort([len(p) for p in pieces], kind="stable")
    out = np.zeros((len(texts), model.dims), dtype=np.float32)
    for first in range(0, len(order), 64):
        rows = order[first : first + 64]
        width = max(len(pieces[i]) for i in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for j, i in enumerate(rows):
            ids[j, : len(pieces[i])], mask[j, : len(pieces[i])] = pieces[i], 1
        out[rows] = model.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        if first % 6400 == 0:
            print(f"\r  encoded {first:,} of {len(texts):,}", end="", flush=True)
    print()
    return out


def variant_vectors(
    rng: np.random.Generator, base: np.ndarray, rows: np.ndarray, sigma: float
) -> np.ndarray:
    """Vectors of variants: their sentence's vector moved by Gaussian noise, renormalised."""
    moved = base[rows] + rng.normal(0.0, sigma, size=(len(rows), base.shape[1]))
    return (moved / np.linalg.norm(moved, axis=1, keepdims=True)).astype(np.float16)


def calibrated_sigma(base_texts: list[str], base: np.ndarray, seed: int) -> tuple[float, float]:
    """The noise whose mean cosine to the sentence equals real variants' (encoded, 300)."""
    rng = random.Random(seed + 2)
    picks = [rng.randrange(len(base_texts)) for _ in range(300)]
    real = encode_fast([variant(rng, base_texts[i]) for i in picks])
    target = float(np.mean((real * base[picks]).sum(axis=1)))
    dims = base.shape[1]
    # E[cos] for unit u + N(0, s^2 I): about 1 / sqrt(1 + dims * s^2).
    sigma = float(np.sqrt(max(1.0 / target**2 - 1.0, 0.0) / dims))
    return sigma, target


def stored_claims(
    known: int, seed: int, sentences: int | None
) -> tuple[list[str], list[str], np.ndarray]:
    """Texts of the stored claims, the corpus sentences, and each claim's sentence's row."""
    rng = random.Random(seed)
    base = corpus_sentences()[:sentences]
    texts = dict.fromkeys(base[:known])
    sources = list(range(len(texts)))
    while len(texts) < known:
        i = rng.randrange(len(base))
        text = variant(rng, base[i])
        if text not in texts:
            texts[text] = None
            sources.append(i)
    return list(texts), base, np.asarray(sources)


def build(known: int, seed: int, sentences: int | None):
    from claims.embedding.vector_index import ClaimVectorIndex

    OUT.mkdir(parents=True, exist_ok=True)
    stem = OUT / f"matching-minilm-{known}-{sentences or 'all'}"
    texts_path, vectors_path = stem.with_suffix(".texts.json"), stem.with_suffix(".f16.npy")
    index_path = stem.with_suffix(".usearch")
    if texts_path.exists() and vectors_path.exists() and index_path.exists():
        texts = json.loads(texts_path.read_text())
        vectors = np.load(vectors_path, mmap_mode="r")
        return texts, vectors, ClaimVectorIndex.load(index_path), 0.0, 0.0
    start = time.perf_counter()
    texts, base_texts, sources = stored_claims(known, seed, sentences)
    base_path = OUT / f"matching-minilm-sentences-{sentences or 'all'}.f16.npy"
    if base_path.exists():
        base = np.load(base_path).astype(np.float32)
    else:
        base = encode_fast(base_texts)
        np.save(base_path, base.astype(np.float16))
    sigma, target = calibrated_sigma(base_texts, base, seed)
    print(f"variants: noise sigma {sigma:.4f} (real variants' mean cosine {target:.3f})")
    real = min(len(base_texts), known)
    vectors = np.concatenate(
        [
            base[:real].astype(np.float16),
            variant_vectors(np.random.default_rng(seed), base, sources[real:], sigma),
        ]
    )
    encoded = time.perf_counter() - start
    index = ClaimVectorIndex()
    start = time.perf_counter()
    for first in range(0, known, 50000):
        index.index.add(
            np.arange(first + 1, min(first + 50000, known) + 1, dtype=np.uint64),
            vectors[first : first + 50000],
            threads=THREADS,
        )
        index.high_water = min(first + 50000, known)
        print(f"\r  indexed {index.high_water:,} ({time.perf_counter() - start:.0f} s)", end="")
    print()
    built = time.perf_counter() - start
    texts_path.write_text(json.dumps(texts))
    np.save(vectors_path, vectors)
    index.save(index_path)
    return texts, vectors, index, encoded, built


def queries(texts: list[str], count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed + 1)
    out = []
    for i in range(count):
        text = rng.choice(texts)
        if i % 3 == 0:
            out.append((variant(rng, text), "repeat"))
        elif i % 3 == 1 and _NUMBER.search(text):
            out.append((_NUMBER.sub(lambda m: str(rng.randint(1000, 9999)), text, count=1), "miss"))
        else:  # the first half of one sentence and the second half of another
            left, right = rng.choice(texts).split(), rng.choice(texts).split()
            out.append((" ".join(left[: len(left) // 2] + right[len(right) // 2 :]), "new"))
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--known", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--sentences",
        type=int,
        help="encode only the first N corpus sentences (the rest: variants)",
    )
    args = parser.parse_args()
    from claims import claim_comparison, claim_decision
    from claims.embedding import encode

    texts, vectors, index, encoded, built = build(args.known, args.seed, args.sentences)
    if built:
        print(f"encoded {len(texts):,} claims in {encoded:.0f} s, indexed in {built:.0f} s")
    work = queries(texts, args.queries, args.seed)
    exact_vectors = np.asarray(vectors, dtype=np.float32)  # brute force at its fastest
    timings, brute_timings, recalls, matched = [], [], [], {"repeat": 0, "miss": 0, "new": 0}
    encodings = []
    encode(["warm up"])
    for text, kind in work:
        start = time.perf_counter()
        vector = encode([text])
        encodings.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        ids = index.search(vector, CANDIDATES)[0]
        mine = claim_comparison.features(text)
        cosines = [float(vectors[pk - 1].astype(np.float32) @ vector[0]) for pk in ids]
        decisions = [  # as the service: features and checks only above the threshold
            claim_decision.decide_features(mine, claim_comparison.features(texts[pk - 1]), cosine)
            for pk, cosine in zip(ids, cosines, strict=True)
            if cosine >= claim_decision.THRESHOLD
        ]
        timings.append((time.perf_counter() - start) * 1000)
        matched[kind] += any(d.same for d in decisions)
        start = time.perf_counter()
        scores = exact_vectors @ vector[0]
        exact = np.argpartition(-scores, 10)[:10] + 1
        brute_timings.append((time.perf_counter() - start) * 1000)
        recalls.append(len(set(exact.tolist()) & set(ids[:10])) / 10)
    print(f"{len(texts):,} stored claims, {len(work)} new claims, {CANDIDATES} candidates each")
    print(
        f"encoding the new claim (MiniLM, ONNX Runtime): p50 {statistics.median(encodings):.1f} "
        f"ms, p95 {pct(encodings, 0.95):.1f} ms"
    )
    print(
        f"index + decision: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {pct(timings, 0.95):.1f} ms, max {max(timings):.1f} ms"
    )
    print(
        f"brute force (exact cosine, search only): p50 {statistics.median(brute_timings):.1f} ms, "
        f"p95 {pct(brute_timings, 0.95):.1f} ms"
    )
    print(f"recall@10 of the index against brute force: {statistics.mean(recalls):.3f}")
    print(
        "matched: "
        + ", ".join(f"{k} {v}/{len([w for w in work if w[1] == k])}" for k, v in matched.items())
    )


if __name__ == "__main__":
    main()
