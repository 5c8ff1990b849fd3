"""Turn uploaded or on-disk documents into article fields.

`FORMATS` is the one list of what ingestion reads: each format names its file suffixes, says
in words what it holds (help texts and the README are built from it) and parses decoded text
into `ArticleInput` records or a `DocumentError` per unreadable item. Values are passed on as
found, never shortened: the ingest service checks them against the model's limits and says
what is wrong. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
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
        title=fields.get("title", "").strip(),
        source=source,
        url=fields.get("url", "").strip(),
        published=parse_date(fields.get("date")),
    )


# trafilatura's main-text extraction takes time that grows faster than the page (a 1.9 MB page
# of 33,000 short paragraphs: 16 s); above this many elements a page is read by the linear
# pass below instead, so an upload is parsed in well under a second either way.
HTML_BOILERPLATE_MAX_ELEMENTS = 5_000
# Elements whose text is never an article's.
_HTML_NOISE = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
               "form", "button", "select", "svg", "iframe"}  # fmt: skip
_HTML_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd"}
_META_DATE = ("article:published_time", "datepublished", "date", "dc.date", "pubdate",
              "og:published_time", "publish-date", "sailthru.date")  # fmt: skip


def parse_html(html: str) -> ArticleInput:
    """Main text and metadata of an HTML page.

    Metadata comes from the page's head (title, og: and article: tags, the canonical link) in
    one pass; trafilatura's own metadata step parses dates in every text node and is skipped.
    The main text comes from trafilatura on pages up to HTML_BOILERPLATE_MAX_ELEMENTS
    elements, and from the text of their paragraphs, headings and list items beyond.
    """
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise DocumentError(f"The web page cannot be parsed: {exc}.") from None
    fields = _html_metadata(tree)
    if sum(1 for _ in tree.iter()) <= HTML_BOILERPLATE_MAX_ELEMENTS:
        import trafilatura

        body = trafilatura.extract(tree, include_comments=False, include_tables=False) or ""
    else:
        body = _html_blocks_text(tree)
    try:
        return _article(body.strip(), fields)
    except DocumentError:
        return _article(body.strip(), {**fields, "date": ""})


def _html_metadata(tree) -> dict[str, str]:
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and key not in metas and meta.get("content"):
            metas[key] = meta.get("content").strip()
    title = metas.get("og:title") or (tree.findtext(".//title") or "").strip()
    canonical = next(
        (link.get("href", "") for link in tree.iter("link") if link.get("rel") == "canonical"), ""
    )
    url = (canonical or metas.get("og:url", "")).strip()
    date = next((metas[key] for key in _META_DATE if metas.get(key)), "")
    if not date:
        date = next((t.get("datetime", "") for t in tree.iter("time") if t.get("datetime")), "")
    return {
        "title": " ".join(title.split()),
        "source": metas.get("og:site_name", ""),
        "url": url if url.startswith(("http://", "https://")) else "",
        "date": date[:10],
    }


def _html_blocks_text(tree) -> str:
    """The text of the outermost paragraphs, headings and list items, one a paragraph, in
    one walk that never enters noise (scripts, navigation) or a block's children twice."""
    paragraphs: list[str] = []
    stack = [tree]
    while stack:
        element = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HTML_NOISE:
            continue
        if tag in _HTML_BLOCKS:
            text = " ".join("".join(element.itertext()).split())
            if text:
                paragraphs.append(text)
            continue
        stack.extend(reversed(element))
    return "\n\n".join(paragraphs)


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


# (number, article or the error for it): the line for JSON Lines, 1 for one-article formats.
Parsed = list[tuple[int, ArticleInput | DocumentError]]


@dataclass(frozen=True)
class DocumentFormat:
    """A format ingestion reads: its suffixes, what it holds, and its parser."""

    suffixes: tuple[str, ...]
    description: str
    parse: Callable[[str], Parsed]
    many: bool = False  # several articles a document, numbered by line
    # Parsing can take seconds (a web page): an upload keeps the raw bytes and a worker parses
    # them (claims.services.uploads), so that a web request never waits on it.
    deferred: bool = False

    @property
    def label(self) -> str:
        return "/".join(self.suffixes)


def _one(parse: Callable[[str], ArticleInput]) -> Callable[[str], Parsed]:
    def parse_one(text: str) -> Parsed:
        try:
            return [(1, parse(text))]
        except DocumentError as exc:
            return [(1, exc)]

    return parse_one


def _jsonl_items(text: str) -> Parsed:
    return list(iter_jsonl(text))


TEXT = DocumentFormat(
    (".txt",),
    "plain text, optionally with the seed header (date, title, source and url lines, then "
    "the body)",
    _one(parse_text),
)
HTML = DocumentFormat(
    (".html", ".htm"), "a web page (its main text is kept)", _one(parse_html), deferred=True
)
JSONL = DocumentFormat(
    (".jsonl",),
    'JSON Lines, one {"title", "date", "source", "url", "text"} object a line',
    _jsonl_items,
    many=True,
)
FORMATS: tuple[DocumentFormat, ...] = (TEXT, HTML, JSONL)
SUFFIXES: frozenset[str] = frozenset(suffix for f in FORMATS for suffix in f.suffixes)


def formats_help() -> str:
    """The accepted formats in words, for help texts: ".txt (plain text ...), .html/.htm ..."."""
    return "; ".join(f"{f.label} ({f.description})" for f in FORMATS)


def document_format(name: str, text: str) -> DocumentFormat:
    """The format of a document by its suffix; without a known suffix, HTML if it looks like
    a web page, else plain text."""
    lower = name.lower()
    for candidate in FORMATS:
        if candidate is not TEXT and lower.endswith(candidate.suffixes):
            return candidate
    return HTML if looks_like_html(text) else TEXT


def read_document(name: str, data: bytes) -> tuple[DocumentFormat, str]:
    """The format of one document's bytes and its decoded text, unparsed (cheap).

    Raises DocumentError when the document cannot be read (empty, binary, an unknown encoding).
    """
    text = decode_bytes(data)
    return document_format(name, text), text


def parse_numbered(name: str, data: bytes) -> tuple[DocumentFormat, Parsed]:
    """The format of one document's bytes and its (number, article or error) items.

    Raises DocumentError when the document as a whole cannot be read (empty, binary, an
    unknown encoding); an unreadable item is a DocumentError in the list, in its place.
    """
    found, text = read_document(name, data)
    return found, found.parse(text)


def count_items(name: str, data: bytes) -> int:
    """How many articles a document holds (its non-blank lines for JSON Lines), unparsed.

    Raises DocumentError when the document cannot be decoded at all."""
    text = decode_bytes(data)
    if not document_format(name, text).many:
        return 1
    return sum(1 for line in text.splitlines() if line.strip())


def parse_document(name: str, data: bytes) -> list[ArticleInput | DocumentError]:
    """Parse one document's bytes by its name: a .jsonl gives many articles, others one."""
    return [item for _number, item in parse_numbered(name, data)[1]]
