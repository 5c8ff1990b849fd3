"""CSV exports of claim and quote lists, streamed row by row.

The queue and quote search pages (`?format=csv` on their URL) and the API lists
(`/api/claims/?format=csv`, `/api/quotes/?format=csv`) export whatever their filters select,
all rows, not one page. UTF-8 with a header row. Text cells that a spreadsheet would read as a
formula (starting with = + - @, a tab or a carriage return) are prefixed with an apostrophe,
as OWASP advises against CSV injection.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000  # rows fetched per database round trip

Column = tuple[str, Callable[[Any], Any]]


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should see it: text that could start a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _speaker(row: Model, attr: str) -> str:
    return getattr(row.speaker, attr) if row.speaker_id else ""


CLAIM_COLUMNS: list[Column] = [
    ("id", lambda c: c.pk),
    ("text", lambda c: c.text),
    ("statement", lambda c: c.statement),
    ("speaker", lambda c: _speaker(c, "name")),
    ("speaker_title", lambda c: _speaker(c, "title")),
    ("co_speakers", lambda c: "; ".join(s.name for s in c.speakers[1:])),
    ("outlet", lambda c: c.article.source),
    ("article_title", lambda c: c.article.title),
    ("article_url", lambda c: c.article.url),
    ("published", lambda c: c.published.isoformat() if c.published else ""),
    ("score", lambda c: round(c.score, 4)),
    ("current_verdict", lambda c: c.current_verdict),
    ("assignee", lambda c: c.assignee.get_username() if c.assignee_id else ""),
    ("updated_at", lambda c: timezone.localtime(c.updated_at).isoformat()),
]

QUOTE_COLUMNS: list[Column] = [
    ("id", lambda q: q.pk),
    ("text", lambda q: q.text),
    ("kind", lambda q: q.kind),
    ("cue", lambda q: q.cue),
    ("speaker", lambda q: _speaker(q, "name")),
    ("speaker_title", lambda q: _speaker(q, "title")),
    ("outlet", lambda q: q.article.source),
    ("article_title", lambda q: q.article.title),
    ("article_url", lambda q: q.article.url),
    ("published", lambda q: q.published.isoformat() if q.published else ""),
]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Any], columns: list[Column]) -> Iterator[str]:
    """The header line, then one line per row."""
    writer = csv.writer(_Echo())
    yield writer.writerow([name for name, _ in columns])
    for row in rows:
        yield writer.writerow([safe_cell(get(row)) for _, get in columns])


def csv_response(rows: QuerySet, columns: list[Column], filename: str) -> StreamingHttpResponse:
    """Stream `rows` as a CSV download named `filename`."""
    lines = csv_lines(rows.iterator(chunk_size=CHUNK_SIZE), columns)
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
