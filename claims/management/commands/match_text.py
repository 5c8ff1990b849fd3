"""manage.py match_text --jsonl FILE: the matcher's decision on sentence pairs, one JSON a line."""

from __future__ import annotations

import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from claims import claim_decision

# Pairs decided per batch (the sentences of a batch are encoded together).
BATCH = 512


def _date(row: dict, key: str) -> date | None:
    value = row.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a YYYY-MM-DD string")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{key} {value!r} is not a YYYY-MM-DD date") from None


def _pair(line: str) -> tuple[object, tuple[str, str, date | None, date | None]]:
    row = json.loads(line)
    if not isinstance(row, dict):
        raise ValueError("each line must be a JSON object")
    a, b = row.get("a"), row.get("b")
    if not isinstance(a, str) or not isinstance(b, str):
        raise ValueError('"a" and "b" must be strings')
    return row.get("id"), (a, b, _date(row, "a_date"), _date(row, "b_date"))


class Command(BaseCommand):
    help = (
        'Read {"id", "a", "b", "a_date", "b_date"} lines (dates optional, YYYY-MM-DD) and write '
        '{"id", "same", "score"} lines: the decision claim matching makes for the two sentences '
        "(score: cosine of their embeddings). A bad line is reported on stderr with its number "
        "and skipped; the command then exits with an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", required=True, help="input file, or - for stdin")

    def handle(self, *args, jsonl: str, **options):
        try:
            source = sys.stdin if jsonl == "-" else open(jsonl, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {jsonl}: {exc.strerror}") from None
        bad = 0
        batch: list[tuple[object, tuple]] = []
        with source:
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                try:
                    batch.append(_pair(line))
                except ValueError as exc:  # json.JSONDecodeError is a ValueError
                    self.stderr.write(f"line {number}: {exc}")
                    bad += 1
                    continue
                if len(batch) >= BATCH:
                    self._write(batch)
                    batch = []
        self._write(batch)
        if bad:
            raise CommandError(f"{bad} line(s) could not be read.")

    def _write(self, batch: list[tuple[object, tuple]]) -> None:
        decisions = claim_decision.decide_many([pair for _, pair in batch])
        for (pair_id, _), decision in zip(batch, decisions, strict=True):
            row = {"id": pair_id, "same": decision.same, "score": decision.score}
            self.stdout.write(json.dumps(row))
