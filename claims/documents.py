"""Turn uploaded or on-disk documents into article fields.

Reads bytes in the formats ingestion accepts (the seed format, plain text, HTML and JSON
Lines) and returns plain `ArticleInput` records. Raises `DocumentError` with a message a
person can act on; nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from charset_normalizer import from_bytes

HEADER_KEYS = ("date", "title", "source", "url")
_HEADER_LINE = re.compile(r"^(date|title|source|url)[ \t]+(.*)$")
_SEED_DATE = re.compile(r"^date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+(.*))?$")
# Control characters other than tab, newline and carriage return mark binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DocumentError(ValueError):
    """The document cannot be read as an article; the message says why."""


@dataclass(frozen=True)
class ArticleInput:
    body: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: dt.date | None = None


def decode_bytes(data: bytes) -> str:
    """Decode text, trying UTF-8 first and then the common encodings; reject binary data."""
    if not data.strip():
        raise DocumentError("The document is empty.")
    if b"\x00" in data[:8192] and not _looks_utf16(data):
        raise DocumentError("The document is binary data, not text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_other(data)
    if _binary_share(text) > 0.01:
        raise DocumentError("The document is binary data, not text.")
    return text


def _looks_utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")


def _decode_other(data: bytes) -> str:
    match = from_bytes(data[:200_000]).best()
    if match is None or match.encoding is None:
        raise DocumentError("The document is not text in UTF-8 or a common encoding.")
    try:
        return data.decode(match.encoding)
    except (UnicodeDecodeError, LookupError):
        raise DocumentError(
            f"The document looks like {match.encoding} but does not decode cleanly."
        ) from None


def _binary_share(text: str) -> float:
    sample = text[:100_000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def parse_date(value: str | None) -> dt.date | None:
    """Parse YYYY-MM-DD (a longer ISO timestamp keeps its date part); empty means unknown."""
    if value is None or not str(value).strip():
        return None
    raw = str(value).strip()
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        raise DocumentError(f"Malformed date {raw!r}: use YYYY-MM-DD.") from None


def parse_text(text: str) -> ArticleInput:
    """Plain text, with the optional seed header (`date`, `title`, `source`, `url` lines).

    The first header line may share its line with the body ("date 2021-08-13 Just weeks...").
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields: dict[str, str] = {}
    index = 0
    first = _SEED_DATE.match(lines[0].strip()) if lines else None
    if first:
        fields["date"] = first.group(1)
        if first.group(2):
            lines[0] = first.group(2)
        else:
            index = 1
    while index < len(lines) and not (first and first.group(2)):
        match = _HEADER_LINE.match(lines[index].strip())
        if not match or match.group(1) in fields:
            break
        fields[match.group(1)] = match.group(2).strip()
        index += 1
    body = "\n".join(lines[index:]).strip()
    return _article(body, fields)


def _article(body: str, fields: dict[str, str]) -> ArticleInput:
    source = re.sub(r"\s*\([^)]*\)\s*$", "", fields.get("source", "")).strip()
    return ArticleInput(
        body=body,
        title=fields.get("title", "")[:500],
        source=source[:200],
        url=fields.get("url", "").strip(),
        published=parse_date(fields.get("date")),
    )


def parse_html(html: str) -> ArticleInput:
    """Main text and metadata of an HTML page, via trafilatura."""
    import trafilatura

    body = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(html)
    fields = {}
    if meta is not None:
        fields = {
            "title": meta.title or "",
            "source": meta.sitename or "",
            "url": meta.url or "",
            "date": (meta.date or "")[:10],
        }
    try:
        return _article(body.strip(), fields)
    except DocumentError:
        return _article(body.strip(), {**fields, "date": ""})


def parse_json_record(record: object) -> ArticleInput:
    """One JSON object with `text` (or `body`) and optional title, date, source, url."""
    if not isinstance(record, dict):
        raise DocumentError("Each JSON line must be an object with a 'text' field.")
    body = record.get("text", record.get("body"))
    if not isinstance(body, str):
        raise DocumentError("The JSON object has no 'text' string.")
    fields = {
        key: str(record.get(key) or "")
        for key in ("title", "source", "url")
        if isinstance(record.get(key, ""), str | int | float | type(None))
    }
    fields["date"] = str(record.get("date") or record.get("published") or "")
    return _article(body.strip(), fields)


def iter_jsonl(text: str) -> Iterator[tuple[int, ArticleInput | DocumentError]]:
    """Yield (line number, article or the error for that line) for each non-blank line."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield lineno, parse_json_record(json.loads(line))
        except json.JSONDecodeError as exc:
            yield lineno, DocumentError(f"Malformed JSON: {exc.msg} (column {exc.colno}).")
        except (DocumentError, RecursionError) as exc:
            yield lineno, DocumentError(str(exc) or "Malformed JSON.")


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def parse_document(name: str, data: bytes) -> list[ArticleInput | DocumentError]:
    """Parse one file's bytes by its name: .jsonl gives many articles, anything else one."""
    text = decode_bytes(data)
    lower = name.lower()
    if lower.endswith(".jsonl"):
        return [item for _lineno, item in iter_jsonl(text)]
    if lower.endswith((".html", ".htm")) or looks_like_html(text):
        return [parse_html(text)]
    return [parse_text(text)]
