"""Write quote predictions for the PolNeAR scorer.

    .venv/bin/python scripts/eval_quotes.py /work/shared/eval/quotes/dev.jsonl preds.jsonl
    python3 /work/shared/eval/quotes/score.py --gold /work/shared/eval/quotes/dev.jsonl preds.jsonl

Reads only the texts of the gold file; writes `{"id", "quotes": [{"text", "speaker",
"start", "kind", "cue"}]}` per line. The eval data stays outside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.extraction import extract_many  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--direct-only", action="store_true", help="leave out indirect quotes")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    with args.out.open("w", encoding="utf-8") as out:
        for row, ext in zip(rows, extract_many(r["text"] for r in rows), strict=True):
            quotes = [
                {"text": q.text, "speaker": q.speaker, "start": q.start, "kind": q.kind,
                 "cue": q.cue}
                for q in ext.quotes
                if not (args.direct_only and q.kind == "indirect")
            ]
            out.write(json.dumps({"id": row["id"], "quotes": quotes}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
