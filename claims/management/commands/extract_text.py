"""manage.py extract_text PATH|- [--jsonl]: print what the engine finds in a text, as JSON.

Nothing is stored. One text (a file, or standard input with `-`; the seed header of
`seeds/*.txt` is allowed and skipped, its title used as context) gives one JSON object:
quotes, claims and speakers, with offsets into the text given. With `--jsonl` every input
line is `{"id", "text"}` (an optional `"title"` is context too) and every output line
`{"id", "quotes", "claims", "speakers"}`, so a whole data set can be scored; a line that is
not such an object is reported on standard error and skipped, the rest go on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.documents import DocumentError, decode_bytes, parse_text
from claims.extraction import extract_many


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def _decode(data: bytes, path: str) -> str:
    if not data.strip():
        return data.decode("utf-8", errors="replace")  # empty or whitespace: nothing to find
    try:
        return decode_bytes(data)
    except DocumentError as exc:
        raise CommandError(f"{path}: {exc}") from None


def body_span(text: str) -> tuple[int, int, str]:
    """Where the article body lies in `text` (after a seed header, if any), and its title."""
    if not text.strip():
        return 0, len(text), ""
    try:
        document = parse_text(text)
    except DocumentError:  # a malformed header date: treat everything as the body
        return 0, len(text), ""
    body, title = document.body, document.title or ""
    start = text.find(body) if body else -1
    return (start, start + len(body), title) if start >= 0 else (0, len(text), title)


def _shifted(found: dict, offset: int) -> dict:
    for kind in ("quotes", "claims"):
        for item in found[kind]:
            item["start"] += offset
            item["end"] += offset
    return found


class Command(BaseCommand):
    help = (
        "Print the quotes, claims and speakers the extraction engine finds in a text, as JSON "
        "(offsets index the text given). PATH is a file or - for standard input. With --jsonl, "
        'read one {"id", "text"} object a line (an optional "title" is context, as a seed\'s '
        'title is) and write one {"id", ...extraction} a line.'
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a text file, or - for standard input")
        parser.add_argument(
            "--jsonl", action="store_true", help='one {"id", "text"} JSON object a line'
        )

    def handle(self, *args, path: str, jsonl: bool, **options):
        text = _decode(_read(path), path)
        if jsonl:
            self._jsonl(text)
            return
        start, end, title = body_span(text)
        (found,) = extract_many([text[start:end]], model=settings.SPACY_MODEL, titles=[title])
        self.stdout.write(
            json.dumps(_shifted(found.to_dict(), start), ensure_ascii=False, indent=2)
        )

    def _jsonl(self, text: str) -> None:
        records = list(self._records(text))
        texts = (body for _, body, _ in records)
        titles = (title for _, _, title in records)
        found_all = extract_many(texts, model=settings.SPACY_MODEL, titles=titles)
        for (record_id, _, _), found in zip(records, found_all, strict=True):
            line = {"id": record_id, **found.to_dict()}
            self.stdout.write(json.dumps(line, ensure_ascii=False))

    def _records(self, text: str) -> Iterator[tuple[object, str, str]]:
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                self.stderr.write(f"line {number}: not JSON ({exc.msg}); skipped.")
                continue
            if not isinstance(record, dict) or "id" not in record:
                self.stderr.write(f'line {number}: not an object with an "id"; skipped.')
                continue
            body = record.get("text")
            if body is not None and not isinstance(body, str):
                self.stderr.write(f'line {number}: "text" is not a string; skipped.')
                continue
            title = record.get("title")
            yield record["id"], body or "", title if isinstance(title, str) else ""
