"""Dev scorer: which sentences of news, briefings, statements and readouts become claims.

    .venv/bin/python bench/selection.py [--labels bench/data/news_selection.tsv]
                                        [--corpus ../shared/corpus/news.jsonl.gz] [--verbose]

Reads the hand labels (ids, offsets, check-worthy or not; the rule is at the top of the label
file), runs the engine on the labelled texts (with their titles, as the services do) and
reports per text and overall: the share of labelled sentences kept (a sentence is kept when a
claim overlaps it), precision@5 (of the five best claims inside the labelled part of the text,
how many fall on a check-worthy sentence), and the precision and recall of the kept sentences.
The texts come from the shared corpus at run time; the project never ships them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.extraction import extract_many  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LABELS = ROOT / "bench/data/news_selection.tsv"
DEFAULT_CORPUS = ROOT.parent / "shared/corpus/news.jsonl.gz"
TOP_K = 5


@dataclass(frozen=True)
class Labelled:
    start: int
    end: int
    worthy: bool


def read_labels(path: Path) -> tuple[dict[str, list[Labelled]], dict[str, str]]:
    """Labelled sentences by text id, and each text's kind."""
    by_text: dict[str, list[Labelled]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text_id, kind, start, end, label, _words = line.split("\t")
        by_text[text_id].append(Labelled(int(start), int(end), label == "1"))
        kinds[text_id] = kind
    return dict(by_text), kinds


def read_corpus(path: Path, ids: set[str]) -> dict[str, dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = (json.loads(line) for line in fh)
        return {row["id"]: row for row in rows if row["id"] in ids}


def _overlap(a: tuple[int, int], b: Labelled) -> int:
    return max(0, min(a[1], b.end) - max(a[0], b.start))


def score_text(labels: list[Labelled], claims: list[tuple[int, int]]) -> dict:
    """Kept share, precision@K and kept precision/recall for one text; claims best first."""
    lo, hi = min(x.start for x in labels), max(x.end for x in labels)
    inside = [c for c in claims if c[0] < hi and c[1] > lo]
    kept = [any(_overlap(c, x) > 0 for c in inside) for x in labels]
    top = []
    for claim in inside[:TOP_K]:
        best = max(labels, key=lambda x: _overlap(claim, x))
        top.append(_overlap(claim, best) > 0 and best.worthy)
    worthy = [x.worthy for x in labels]
    return {
        "sentences": len(labels),
        "kept": sum(kept),
        "worthy": sum(worthy),
        "kept_worthy": sum(k and w for k, w in zip(kept, worthy, strict=True)),
        "top": len(top),
        "top_worthy": sum(top),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--verbose", action="store_true", help="print each text's claims")
    args = parser.parse_args()
    labels, kinds = read_labels(args.labels)
    rows = read_corpus(args.corpus, set(labels))
    missing = set(labels) - set(rows)
    if missing:
        sys.exit(f"{len(missing)} labelled texts are not in {args.corpus}: {sorted(missing)[:3]}")
    ids = list(labels)
    found = extract_many([rows[i]["text"] for i in ids], titles=[rows[i]["title"] for i in ids])
    totals: dict[str, defaultdict] = defaultdict(lambda: defaultdict(int))
    p_at_k: dict[str, list[float]] = defaultdict(list)
    print(f"{'kind':<10} {'kept':>9} {'p@5':>5}  text")
    for text_id, extraction in zip(ids, found, strict=True):
        claims = [(c.start, c.end) for c in extraction.claims]
        result = score_text(labels[text_id], claims)
        kind = kinds[text_id]
        for group in (kind, "all"):
            for key, value in result.items():
                totals[group][key] += value
        p5 = result["top_worthy"] / result["top"] if result["top"] else None
        if p5 is not None:
            p_at_k[kind].append(p5)
            p_at_k["all"].append(p5)
        shown = f"{p5:.2f}" if p5 is not None else "   -"
        print(f"{kind:<10} {result['kept']:>3}/{result['sentences']:<5} {shown:>5}  {text_id[:70]}")
        if args.verbose:
            text = rows[text_id]["text"]
            for claim in extraction.claims[:TOP_K]:
                print(f"{'':<23}{claim.score:.2f} {text[claim.start : claim.end][:90]!r}")
    print()
    header = "group       sents  kept share  p@5 (texts)  kept precision  worthy recall"
    print(header)
    for group, t in sorted(totals.items()):
        share = t["kept"] / t["sentences"]
        prec = t["kept_worthy"] / t["kept"] if t["kept"] else 0.0
        recall = t["kept_worthy"] / t["worthy"] if t["worthy"] else 0.0
        ps = p_at_k[group]
        p5 = f"{sum(ps) / len(ps):.3f} ({len(ps)})" if ps else "-"
        print(
            f"{group:<10} {t['sentences']:>6} {t['kept']:>5} {share:>5.3f}  {p5:>11}"
            f"  {prec:>14.3f}  {recall:>13.3f}"
        )


if __name__ == "__main__":
    main()
