"""manage.py ingest PATH [PATH ...]: store articles from files and folders."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims import services
from claims.documents import ArticleInput, DocumentError, parse_document

SUFFIXES = {".txt", ".html", ".htm", ".jsonl"}


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

    def handle(self, *args, paths: list[str], **options):
        files, missing = _files(paths)
        tally: Counter[str] = Counter()
        for raw in missing:
            self._line(raw, "error", "no such file or folder")
            tally["error"] += 1
        for path in files:
            self._ingest_file(path, tally)
        summary = (
            f"{tally['ingested']} ingested, {tally['duplicate']} duplicate, "
            f"{tally['error']} error(s) from {len(files)} file(s)."
        )
        self.stdout.write(summary)
        if tally["ingested"] + tally["duplicate"] == 0:
            raise CommandError("Nothing could be read.")

    def _ingest_file(self, path: Path, tally: Counter[str]) -> None:
        try:
            items = parse_document(path.name, path.read_bytes())
        except (DocumentError, OSError) as exc:
            self._line(str(path), "error", str(exc))
            tally["error"] += 1
            return
        for number, item in enumerate(items, 1):
            label = f"{path}:{number}" if len(items) > 1 or path.suffix == ".jsonl" else str(path)
            tally[self._ingest_one(label, item)] += 1

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
        self.stdout.write(f"{label}: {style(outcome)} ({detail})")
