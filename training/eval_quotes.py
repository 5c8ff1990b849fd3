"""Write quote predictions for the PolNeAR scorer.

    .venv/bin/python -m training.eval_quotes /work/shared/eval/quotes/dev.jsonl preds.jsonl
    python3 /work/shared/eval/quotes/score.py --gold /work/shared/eval/quotes/dev.jsonl preds.jsonl

Reads only the texts of the gold file; writes `{"id", "quotes": [{"text", "speaker",
"start", "kind", "cue"}]}` per line. The eval data stays outside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from claims.extraction import FoundQuote, extract_many

QUOTE_MARKS = ('"', "“", "”", "''")


def _wanted(quote: FoundQuote, kinds: str) -> bool:
    if quote.kind == "direct" or kinds == "all":
        return True
    return kinds == "scored" and any(mark in quote.text for mark in QUOTE_MARKS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument(
        "--kinds",
        choices=("scored", "all", "direct"),
        default="scored",
        help="scored (default): direct quotes and reported clauses holding quotation "
        "marks, i.e. the kinds the scorer counts; all: every quote; direct: no "
        "reported speech",
    )
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    with args.out.open("w", encoding="utf-8") as out:
        for row, ext in zip(rows, extract_many(r["text"] for r in rows), strict=True):
            quotes = [
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "start": q.start,
                    "kind": q.kind,
                    "cue": q.cue,
                }
                for q in ext.quotes
                if _wanted(q, args.kinds)
            ]
            out.write(json.dumps({"id": row["id"], "quotes": quotes}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
