"""manage.py ingest PATH [PATH ...]: store articles from files and folders."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from claims import services
from claims.documents import ArticleInput, DocumentError, parse_document

SUFFIXES = {".txt", ".html", ".htm", ".jsonl"}
# Articles stored per transaction; their extraction is queued in batches when it commits.
BATCH_SIZE = 100


def _files(paths: list[str]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(raw)
    return files, missing


def _message(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{msg}" for msgs in exc.message_dict.values() for msg in msgs)
    return "; ".join(exc.messages)


class Command(BaseCommand):
    help = (
        "Ingest articles from files or folders: the seed format, .txt, .html and .jsonl "
        "(one {title, date, source, url, text} object a line). Duplicates are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--progress",
            action="store_true",
            help="show a progress bar on stderr even when it is not a terminal",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"articles per transaction, queued for extraction on commit ({BATCH_SIZE})",
        )

    def handle(self, *args, paths: list[str], progress: bool = False, **options):
        files, missing = _files(paths)
        tally: Counter[str] = Counter()
        for raw in missing:
            self._line(raw, "error", "no such file or folder")
            tally["error"] += 1
        show = progress or _isatty(self.stderr)
        self._bar = tqdm(
            total=_count(files) if show else None,
            unit="article",
            disable=not show,
            file=getattr(self.stderr, "_out", sys.stderr),
            dynamic_ncols=True,
        )
        items = self._items(files)
        size = max(1, options.get("batch_size") or BATCH_SIZE)
        with self._bar:
            while batch := list(islice(items, size)):
                # Extraction is queued after the commit, several articles a task.
                with services.articles_queue_in_batches(), transaction.atomic():
                    for label, item in batch:
                        tally[self._ingest_one(label, item)] += 1
                self._bar.update(len(batch))
        summary = (
            f"{tally['ingested']} ingested, {tally['duplicate']} duplicate, "
            f"{tally['error']} error(s) from {len(files)} file(s)."
        )
        self.stdout.write(summary)
        if tally["ingested"] + tally["duplicate"] == 0:
            raise CommandError("Nothing could be read.")

    def _items(self, files: list[Path]) -> Iterator[tuple[str, ArticleInput | DocumentError]]:
        """(label, parsed article or its error) for every article of every file, lazily."""
        for path in files:
            try:
                items = parse_document(path.name, path.read_bytes())
            except (DocumentError, OSError) as exc:
                yield str(path), DocumentError(str(exc))
                continue
            for number, item in enumerate(items, 1):
                jsonl = len(items) > 1 or path.suffix == ".jsonl"
                yield (f"{path}:{number}" if jsonl else str(path)), item

    def _ingest_one(self, label: str, item: ArticleInput | DocumentError) -> str:
        if isinstance(item, DocumentError):
            self._line(label, "error", str(item))
            return "error"
        try:
            result = services.article_ingest_input(item=item)
        except ValidationError as exc:
            self._line(label, "error", _message(exc))
            return "error"
        if result.created:
            self._line(label, "ingested", f"article {result.article.pk}")
            return "ingested"
        self._line(label, "duplicate", result.reason)
        return "duplicate"

    def _line(self, label: str, outcome: str, detail: str) -> None:
        style = {"ingested": self.style.SUCCESS, "duplicate": self.style.WARNING}.get(
            outcome, self.style.ERROR
        )
        bar = getattr(self, "_bar", None)
        if bar is not None and not bar.disable:
            with bar.external_write_mode():
                self.stdout.write(f"{label}: {style(outcome)} ({detail})")
        else:
            self.stdout.write(f"{label}: {style(outcome)} ({detail})")


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _count(files: list[Path]) -> int:
    """How many articles the progress bar expects: one a file, one a non-blank JSONL line."""
    total = 0
    for path in files:
        if path.suffix.lower() != ".jsonl":
            total += 1
            continue
        try:
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except OSError:
            total += 1
    return total
