"""Score the claim matcher on the judged sentence pairs (bench/data/matching_pairs.jsonl).

    .venv/bin/python bench/matching_pairs.py [--pairs FILE] [--errors]

Each line: {"id", "kind", "same", "a", "b", "a_date", "b_date", "a_id", "b_id"}, mined from
corpus texts listed in ../shared/eval/corpus-dev-ids.txt and judged by reading. Kinds:
verbatim (the same sentence reused), paraphrase (the same claim in other words), template (the
same wording about another event, person, place or figure), near_miss (shares figures or names,
another claim). Prints, for today's decision (`claim_decision`) and the matcher before it
(rapidfuzz score >= 85 after the old hard checks, `claim_comparison.is_match`): precision, the
recall of each kind that should match and the false-positive rate of each kind that should not;
then the same for a range of thresholds.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims import claim_comparison, claim_decision  # noqa: E402

PAIRS = ROOT / "bench" / "data" / "matching_pairs.jsonl"
KINDS = ("verbatim", "paraphrase", "template", "near_miss")
THRESHOLDS = (0.75, 0.8, 0.825, 0.85, 0.865, 0.875, 0.9)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def report(name: str, pairs: list[dict], said: list[bool]) -> str:
    tp = sum(1 for p, s in zip(pairs, said, strict=True) if s and p["same"])
    fp = sum(1 for p, s in zip(pairs, said, strict=True) if s and not p["same"])
    precision = tp / (tp + fp) if tp + fp else 1.0
    parts = [f"{name}: precision {precision:.3f} ({tp} right, {fp} wrong)"]
    for kind in KINDS:
        rows = [s for p, s in zip(pairs, said, strict=True) if p["kind"] == kind]
        if not rows:
            continue
        same = next(p["same"] for p in pairs if p["kind"] == kind)
        label = "recall" if same else "false positives"
        parts.append(f"{kind} {label} {sum(rows) / len(rows):.3f} ({sum(rows)}/{len(rows)})")
    return "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--errors", action="store_true", help="print the pairs decided wrong")
    args = parser.parse_args()
    pairs = [json.loads(line) for line in args.pairs.read_text().splitlines() if line.strip()]
    before = [claim_comparison.is_match(p["a"], p["b"]) for p in pairs]
    inputs = [(p["a"], p["b"], _date(p.get("a_date")), _date(p.get("b_date"))) for p in pairs]
    decisions = claim_decision.decide_many(inputs)
    print(
        f"{len(pairs)} pairs: "
        + ", ".join(f"{k} {sum(p['kind'] == k for p in pairs)}" for k in KINDS)
    )
    print(report("before (fuzzy >= 85)", pairs, before))
    print(
        report(f"after (cosine >= {claim_decision.THRESHOLD})", pairs, [d.same for d in decisions])
    )
    for threshold in THRESHOLDS:
        said = [
            d.reason is None or (d.reason == "not similar enough" and d.score >= threshold)
            for d in decisions
        ]
        said = [s and d.score >= threshold for s, d in zip(said, decisions, strict=True)]
        print(report(f"  threshold {threshold}", pairs, said))
    if args.errors:
        for p, d in zip(pairs, decisions, strict=True):
            if d.same != p["same"]:
                print(
                    f"{p['id']} {p['kind']} judged {p['same']} said {d.same} "
                    f"(cosine {d.score:.3f}, {d.reason})\n  a: {p['a']}\n  b: {p['b']}"
                )


if __name__ == "__main__":
    main()
