"""manage.py ingest PATH [PATH ...]: store articles from files and folders.

Parses and stores through `claims.services.documents_ingest`, which reports every article;
a line is printed for each once its batch has committed.
"""

from __future__ import annotations

import sys
from collections import Counter
from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims import services
from claims.documents import JSONL, SUFFIXES, formats_help
from claims.services.ingest import BATCH_SIZE, DUPLICATE, ERROR, INGESTED, ItemOutcome


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


class Command(BaseCommand):
    help = (
        f"Ingest articles from files or folders: {formats_help()}. Duplicates are skipped; "
        "a bad article is reported and the others are stored."
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
        self._tally: Counter[str] = Counter()
        for raw in missing:
            self._report([ItemOutcome(raw, None, ERROR, "no such file or folder")])
        show = progress or _isatty(self.stderr)
        self._bar = tqdm(
            total=_count(files) if show else None,
            unit="article",
            disable=not show,
            file=getattr(self.stderr, "_out", sys.stderr),
            dynamic_ncols=True,
        )
        documents = [
            services.Document(name=path.name, load=path.read_bytes, label=str(path))
            for path in files
        ]
        with self._bar:
            services.documents_ingest(
                documents=documents,
                batch_size=max(1, options.get("batch_size") or BATCH_SIZE),
                report_batch=partial(self._report, advance=True),
            )
        tally = self._tally
        summary = (
            f"{tally[INGESTED]} ingested, {tally[DUPLICATE]} duplicate, "
            f"{tally[ERROR]} error(s) from {len(files)} file(s)."
        )
        self.stdout.write(summary)
        if tally[INGESTED] + tally[DUPLICATE] == 0:
            raise CommandError("Nothing could be read.")

    def _report(self, outcomes: list[ItemOutcome], advance: bool = False) -> None:
        """Print the outcomes of a committed batch, one line each."""
        for outcome in outcomes:
            self._tally[outcome.outcome] += 1
            self._line(outcome.label, outcome.outcome, outcome.message)
        if advance:
            self._bar.update(len(outcomes))

    def _line(self, label: str, outcome: str, detail: str) -> None:
        style = {INGESTED: self.style.SUCCESS, DUPLICATE: self.style.WARNING}.get(
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
        if not path.name.lower().endswith(JSONL.suffixes):
            total += 1
            continue
        try:
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except OSError:
            total += 1
    return total
