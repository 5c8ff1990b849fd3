"""Parsing documents into article fields: formats, encodings and bad input."""

import datetime as dt
import json

import pytest

from claims.documents import DocumentError, decode_bytes, parse_document, parse_text

SEED_HEADER = (
    "date 2021-06-29\ntitle Department Press Briefing\n"
    "source U.S. Department of State (public domain, U.S. government work)\n"
    "url https://www.state.gov/briefings/x/\n\nJalina Porter, Principal Deputy Spokesperson\n\n"
    "MS PORTER: Good afternoon."
)


def test_seed_header_fields_are_read_and_removed_from_body():
    item = parse_text(SEED_HEADER)
    assert item.published == dt.date(2021, 6, 29)
    assert item.title == "Department Press Briefing"
    assert item.source == "U.S. Department of State"
    assert item.url == "https://www.state.gov/briefings/x/"
    assert item.body.startswith("Jalina Porter")


def test_date_header_sharing_the_first_line_with_the_body():
    item = parse_text("date 2021-08-13 Just weeks before the deadline.\n\nMore text.")
    assert item.published == dt.date(2021, 8, 13)
    assert item.body == "Just weeks before the deadline.\n\nMore text."


def test_plain_text_without_header_is_all_body():
    item = parse_text("The minister said 40 schools closed.\n\nSecond paragraph.")
    assert item.published is None and item.title == ""
    assert item.body.startswith("The minister said")


def test_malformed_date_in_header_is_an_error():
    with pytest.raises(DocumentError, match="Malformed date"):
        parse_text("date 2021-13-45\ntitle T\n\nBody text here.")


def test_latin1_text_is_decoded():
    text = "Le ministre a déclaré que les écoles étaient fermées depuis trois semaines."
    assert decode_bytes(text.encode("latin-1")) == text


def test_utf8_with_bom_is_decoded():
    assert decode_bytes("\ufeffHello world".encode()) == "Hello world"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "binary"),
    ],
)
def test_bad_bytes_are_rejected_with_a_reason(data, message):
    with pytest.raises(DocumentError, match=message):
        decode_bytes(data)


def test_html_main_text_is_extracted():
    html = (
        "<html><head><title>Storm hits coast</title></head><body><nav>Home | News</nav>"
        "<article><h1>Storm hits coast</h1><p>The storm destroyed 300 homes on Tuesday, "
        "officials said, and cut power to 20,000 people across the region.</p>"
        "<p>Rescue teams from three provinces arrived on Wednesday morning to help.</p>"
        "</article><script>alert('x')</script></body></html>"
    )
    [item] = parse_document("page.html", html.encode())
    assert "destroyed 300 homes" in item.body
    assert "alert" not in item.body
    assert item.title == "Storm hits coast"


def test_jsonl_gives_one_article_per_line_and_errors_per_bad_line():
    lines = [
        json.dumps({"title": "A", "date": "2022-01-02", "source": "S", "url": "", "text": "One."}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"title": "B", "date": "2022-31-01", "text": "Two."}),
    ]
    items = parse_document("batch.jsonl", "\n".join(lines).encode())
    assert len(items) == 5
    assert items[0].title == "A" and items[0].published == dt.date(2022, 1, 2)
    assert isinstance(items[1], DocumentError) and "Malformed JSON" in str(items[1])
    assert isinstance(items[2], DocumentError) and "'text'" in str(items[2])
    assert isinstance(items[3], DocumentError)
    assert isinstance(items[4], DocumentError) and "Malformed date" in str(items[4])


def test_deeply_nested_json_is_an_error_not_a_crash():
    deep = "[" * 100_000 + "]" * 100_000
    [item] = parse_document("deep.jsonl", deep.encode())
    assert isinstance(item, DocumentError)
