"""Hostile input on every write path: a clear 4xx (or command error), nothing half-stored.

One table per entry point: the case, what is sent, the status expected and how many rows of
each kind the request may add. Every row counts articles, quotes, claims, speakers, verdicts
and users before and after, so a refused request that stored anything fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Article, Claim, Quote, Speaker, Verdict
from claims.services import article_upload_read
from tests.api.conftest import token_client
from tests.factories import ArticleFactory, ClaimFactory
from tests.security import hostile as h

pytestmark = pytest.mark.django_db

GOOD_TEXT = "The minister said on Monday that 14 hospitals would open by 2025."
URLENCODED = "application/x-www-form-urlencoded"


def counts() -> dict[str, int]:
    models = {
        "article": Article,
        "quote": Quote,
        "claim": Claim,
        "speaker": Speaker,
        "verdict": Verdict,
        "user": get_user_model(),
    }
    return {name: model.objects.count() for name, model in models.items()}


@dataclass(frozen=True)
class Case:
    name: str
    send: Callable[[Any, str], Any]  # (client, url) -> response
    status: int
    added: dict[str, int] = field(default_factory=dict)  # rows a success may add (at least)


def post(data: dict) -> Callable[[Any, str], Any]:
    return lambda client, url: client.post(url, data)


def raw(body: bytes, content_type: str) -> Callable[[Any, str], Any]:
    return lambda client, url: client.generic("POST", url, body, content_type=content_type)


def upload(name: str, content: bytes, **fields: str) -> Callable[[Any, str], Any]:
    def send(client: Any, url: str) -> Any:
        data = {"file": SimpleUploadedFile(name, content), **fields}
        if isinstance(client, APIClient):
            return client.post(url, data, format="multipart")
        return client.post(url, data)

    return send


def api_json(data: Any) -> Callable[[Any, str], Any]:
    return raw(json.dumps(data).encode(), "application/json")


def check(case: Case, client: Any, url: str) -> Any:
    before = counts()
    response = case.send(client, url)
    after = counts()
    assert response.status_code == case.status, (case.name, response.content[:500])
    if case.status >= 400:
        assert after == before, f"{case.name}: a refused request stored rows"
    else:
        for kind, minimum in case.added.items():
            assert after[kind] - before[kind] >= minimum, (case.name, kind)
        changed = {k for k in after if after[k] != before[k]}
        assert changed <= {"article", "quote", "claim", "speaker", "verdict"}, case.name
    return response


# Web: the verdict form ------------------------------------------------------------------

EVIDENCE = "https://data.example.org/figures"
VERDICT_FORM = [
    Case("empty", post({}), 400),
    Case("whitespace", post({"verdict": h.WHITESPACE, "evidence": h.WHITESPACE}), 400),
    Case("ten_mb_note", post({"verdict": "verified", "note": "x" * h.TEN_MB}), 400),
    Case(
        "nul_in_note", post({"verdict": "verified", "note": h.NUL_TEXT, "evidence": EVIDENCE}), 400
    ),
    Case(
        "invalid_utf8",
        raw(b"verdict=verified&note=%FF%FE%C3%28&evidence=https%3A%2F%2Fa.org", URLENCODED),
        400,
    ),
    Case("unknown_choice", post({"verdict": "pants-on-fire", "evidence": EVIDENCE}), 400),
    Case(
        "overlong_note",
        post({"verdict": "verified", "note": "n" * 10_001, "evidence": EVIDENCE}),
        400,
    ),
    Case("script_url", post({"verdict": "verified", "evidence": "javascript:alert(1)"}), 400),
    Case(
        "overlong_url",
        post({"verdict": "verified", "evidence": "https://a.org/" + h.OVERLONG}),
        400,
    ),
    Case(
        "too_many_urls",
        post(
            {"verdict": "verified", "evidence": "\n".join(f"https://a.org/{i}" for i in range(21))}
        ),
        400,
    ),
    Case(
        "html_note",
        post({"verdict": "misleading", "note": h.SCRIPT, "evidence": EVIDENCE}),
        302,
        {"verdict": 1},
    ),
]


@pytest.mark.parametrize("case", VERDICT_FORM, ids=lambda c: c.name)
def test_verdict_form_refuses_hostile_input(client, reviewer, case):
    claim = ClaimFactory(fingerprint="fp-hostile")
    client.force_login(reviewer)
    check(case, client, reverse("claims:claim_verdict", args=[claim.pk]))


# Web: the ingest form (paste and upload) -------------------------------------------------

INGEST_FORM = [
    Case("empty", post({}), 400),
    Case("whitespace", post({"body": h.WHITESPACE}), 400),
    Case("ten_mb_text", post({"body": "word " * (h.TEN_MB // 5)}), 413),
    Case("control_chars", post({"body": "text \x01\x02\x7f more"}), 400),
    Case("nul", post({"body": h.NUL_TEXT}), 400),
    Case("invalid_utf8", raw(b"body=" + b"%FF%FE%C3%28" * 10, URLENCODED), 400),
    Case("overlong_title", post({"body": GOOD_TEXT, "title": h.OVERLONG}), 400),
    Case("overlong_source", post({"body": GOOD_TEXT, "source": h.OVERLONG}), 400),
    Case("overlong_url", post({"body": GOOD_TEXT, "url": "https://a.org/" + h.OVERLONG}), 400),
    Case("script_url", post({"body": GOOD_TEXT, "url": "javascript:alert(1)"}), 400),
    Case("bad_date", post({"body": GOOD_TEXT, "published": "2021-02-30"}), 400),
    Case("html_text", post({"body": h.HTML_ARTICLE}), 302, {"article": 1}),
    Case("upload_empty", upload("a.txt", b""), 400),
    Case("upload_whitespace", upload("a.txt", h.WHITESPACE.encode()), 400),
    Case("upload_ten_mb", upload("a.txt", b"word " * (h.TEN_MB // 5)), 413),
    Case("upload_binary", upload("a.txt", h.BINARY), 400),
    Case("upload_nul", upload("a.txt", h.NUL_TEXT.encode()), 400),
    Case("upload_bad_seed_date", upload("a.txt", b"date 2021-13-45\n\n" + GOOD_TEXT.encode()), 400),
    Case("upload_malformed_jsonl", upload("a.jsonl", h.MALFORMED_JSON), 400),
    Case("upload_deep_jsonl", upload("a.jsonl", h.DEEP_JSON), 400),
    Case("upload_deep_object_jsonl", upload("a.jsonl", h.DEEP_OBJECT), 400),
    Case(
        "upload_html_with_scripts",
        upload("a.html", f"<html><body><p>{h.SCRIPT}</p><p>{GOOD_TEXT}</p></body></html>".encode()),
        302,
        {"article": 1},
    ),
]


@pytest.mark.parametrize("case", INGEST_FORM, ids=lambda c: c.name)
def test_ingest_form_refuses_hostile_input(client, editor, case):
    client.force_login(editor)
    check(case, client, reverse("claims:article_new"))


def test_uploaded_html_is_stored_without_its_scripts(client, editor):
    client.force_login(editor)
    page = f"<html><body><script>steal()</script><p>{GOOD_TEXT}</p></body></html>"
    client.post(
        reverse("claims:article_new"), {"file": SimpleUploadedFile("a.html", page.encode())}
    )
    # The worker reads the page (claims.services.uploads); here, directly.
    body = article_upload_read(article=Article.objects.get()).body
    assert "steal()" not in body and GOOD_TEXT in body


# Web: the sign-in form --------------------------------------------------------------------

LOGIN = [
    Case("empty", post({}), 400),
    Case("whitespace", post({"username": h.WHITESPACE, "password": h.WHITESPACE}), 400),
    Case("ten_mb_password", post({"username": "rita-reviewer", "password": "p" * h.TEN_MB}), 400),
    Case("nul", post({"username": "rita\x00", "password": "x"}), 400),
    Case("invalid_utf8", raw(b"username=%FF%FE&password=%C3%28", URLENCODED), 400),
    Case("html", post({"username": h.SCRIPT, "password": h.SCRIPT}), 400),
    Case("overlong", post({"username": h.OVERLONG, "password": h.OVERLONG}), 400),
]


@pytest.mark.parametrize("case", LOGIN, ids=lambda c: c.name)
def test_sign_in_refuses_hostile_input(reviewer, case):
    response = check(case, Client(), reverse("login"))
    assert "_auth_user_id" not in response.client.session


# API: POST /api/articles/ (JSON and upload) ----------------------------------------------

ARTICLE = {"text": GOOD_TEXT, "title": "Hospitals"}
API_ARTICLES = [
    Case("empty_body", raw(b"", "application/json"), 400),
    Case("empty_object", api_json({}), 400),
    Case("not_an_object", api_json([ARTICLE]), 400),
    Case("whitespace", api_json({"text": h.WHITESPACE}), 400),
    Case("ten_mb", api_json({"text": "word " * (h.TEN_MB // 5)}), 413),
    Case("nul", api_json({"text": h.NUL_TEXT}), 400),
    Case("control_chars", api_json({"text": "a\x01b\x1bc " + GOOD_TEXT}), 400),
    Case("invalid_utf8", raw(b'{"text": "' + h.INVALID_UTF8 + b'"}', "application/json"), 400),
    Case("deep_array", raw(h.DEEP_JSON, "application/json"), 400),
    Case("deep_object", raw(h.DEEP_OBJECT, "application/json"), 400),
    Case("malformed", raw(h.MALFORMED_JSON, "application/json"), 400),
    Case("nan", raw(b'{"text": NaN}', "application/json"), 400),
    Case("text_is_a_list", api_json({"text": [GOOD_TEXT]}), 400),
    Case("overlong_title", api_json({**ARTICLE, "title": h.OVERLONG}), 400),
    Case("overlong_source", api_json({**ARTICLE, "source": h.OVERLONG}), 400),
    Case("overlong_url", api_json({**ARTICLE, "url": "https://a.org/" + h.OVERLONG}), 400),
    Case("script_url", api_json({**ARTICLE, "url": "javascript:alert(1)"}), 400),
    Case("bad_date", api_json({**ARTICLE, "published": "2021-02-30"}), 400),
    Case("not_a_date", api_json({**ARTICLE, "published": "yesterday"}), 400),
    Case("unknown_content_type", raw(b"text=hello", "text/csv"), 415),
    Case("html_text", api_json({"text": h.HTML_ARTICLE}), 202, {"article": 1}),
    Case("upload_empty", upload("a.txt", b""), 400),
    Case("upload_binary", upload("a.txt", h.BINARY), 400),
    Case("upload_ten_mb", upload("a.txt", b"word " * (h.TEN_MB // 5)), 413),
    Case("upload_nul", upload("a.txt", h.NUL_TEXT.encode()), 400),
    Case("upload_bad_date", upload("a.txt", GOOD_TEXT.encode(), published="13/08/2021"), 400),
    Case("upload_overlong_title", upload("a.txt", GOOD_TEXT.encode(), title=h.OVERLONG), 400),
    Case(
        "upload_two_articles",
        upload("a.jsonl", b'{"text": "One article here."}\n{"text": "Another one here."}'),
        400,
    ),
    Case("upload_deep_jsonl", upload("a.jsonl", h.DEEP_JSON), 400),
]


@pytest.mark.parametrize("case", API_ARTICLES, ids=lambda c: c.name)
def test_api_article_post_refuses_hostile_input(ingest_user, case):
    check(case, token_client(ingest_user), "/api/articles/")


# API: POST /api/claims/{id}/verdicts/ ------------------------------------------------------

VERDICT = {"verdict": "verified", "evidence": [EVIDENCE]}
API_VERDICTS = [
    Case("empty_body", raw(b"", "application/json"), 400),
    Case("empty_object", api_json({}), 400),
    Case("whitespace", api_json({"verdict": h.WHITESPACE}), 400),
    Case("unknown_choice", api_json({**VERDICT, "verdict": "pants-on-fire"}), 400),
    Case("ten_mb", api_json({**VERDICT, "note": "x" * h.TEN_MB}), 413),
    Case("nul_in_note", api_json({**VERDICT, "note": h.NUL_TEXT}), 400),
    Case(
        "invalid_utf8", raw(b'{"verdict": "verified", "note": "\xff\xfe"}', "application/json"), 400
    ),
    Case("deep_array", raw(h.DEEP_JSON, "application/json"), 400),
    Case("malformed", raw(h.MALFORMED_JSON, "application/json"), 400),
    Case("overlong_note", api_json({**VERDICT, "note": "n" * 10_001}), 400),
    Case("evidence_not_a_list", api_json({**VERDICT, "evidence": EVIDENCE}), 400),
    Case("script_url", api_json({**VERDICT, "evidence": ["javascript:alert(1)"]}), 400),
    Case("overlong_url", api_json({**VERDICT, "evidence": ["https://a.org/" + h.OVERLONG]}), 400),
    Case(
        "too_many_urls",
        api_json({**VERDICT, "evidence": [f"https://a.org/{i}" for i in range(21)]}),
        400,
    ),
    Case("form_encoded", raw(b"verdict=verified", URLENCODED), 415),
    Case("html_note", api_json({**VERDICT, "note": h.SCRIPT}), 201, {"verdict": 1}),
]


@pytest.mark.parametrize("case", API_VERDICTS, ids=lambda c: c.name)
def test_api_verdict_post_refuses_hostile_input(reviewer, case):
    claim = ClaimFactory(fingerprint="fp-hostile")
    check(case, token_client(reviewer), f"/api/claims/{claim.pk}/verdicts/")


# manage.py ingest ---------------------------------------------------------------------------

COMMAND_FILES: list[tuple[str, str, bytes, str]] = [
    ("empty", "a.txt", b"", "empty"),
    ("whitespace", "a.txt", h.WHITESPACE.encode(), "empty"),
    ("ten_mb", "a.txt", b"word " * (h.TEN_MB // 5), "larger than the limit"),
    ("binary", "a.txt", h.BINARY, "binary"),
    ("nul", "a.txt", h.NUL_TEXT.encode(), "binary"),
    ("bad_seed_date", "a.txt", b"date 2021-13-45\n\n" + GOOD_TEXT.encode(), "Malformed date"),
    ("malformed_jsonl", "a.jsonl", h.MALFORMED_JSON, "Malformed JSON"),
    ("deep_jsonl", "a.jsonl", h.DEEP_JSON, "error"),
    ("jsonl_not_an_object", "a.jsonl", b'["text"]', "must be an object"),
    (
        "jsonl_bad_date",
        "a.jsonl",
        json.dumps({"text": GOOD_TEXT, "date": "2021-02-30"}).encode(),
        "Malformed date",
    ),
    (
        "jsonl_overlong_url",
        "a.jsonl",
        json.dumps({"text": GOOD_TEXT, "url": "https://a.org/" + h.OVERLONG}).encode(),
        "URL",
    ),
]


@pytest.mark.parametrize(
    ("name", "filename", "content", "message"), COMMAND_FILES, ids=[c[0] for c in COMMAND_FILES]
)
def test_ingest_command_reports_hostile_files(
    tmp_path: Path, capsys, name, filename, content, message
):
    path = tmp_path / filename
    path.write_bytes(content)
    before = counts()
    with pytest.raises(CommandError, match="Nothing could be read"):
        call_command("ingest", str(path))
    out = capsys.readouterr().out
    assert "error" in out and message in out, out[-500:]
    assert counts() == before


def test_ingest_command_stores_the_good_lines_of_a_mixed_file(tmp_path: Path, capsys):
    lines = [json.dumps({"text": GOOD_TEXT}).encode(), h.MALFORMED_JSON, h.DEEP_JSON[:20_000]]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines))
    call_command("ingest", str(path))
    assert "1 ingested, 0 duplicate, 2 error(s)" in capsys.readouterr().out
    assert Article.objects.count() == 1


def test_a_stored_article_is_whole_after_a_refused_duplicate(ingest_user):
    article = ArticleFactory(body=GOOD_TEXT)
    response = token_client(ingest_user).post(
        "/api/articles/", {"text": GOOD_TEXT, "published": "2021-02-30"}, format="json"
    )
    assert response.status_code == 400
    article.refresh_from_db()
    assert article.body == GOOD_TEXT and Article.objects.count() == 1


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_an_overlong_username_is_refused_not_a_500(staff, url):
    """axes stores the username of a failed sign-in in a 255-character column: PostgreSQL
    refused a longer one (DataError, a 500); SQLite never checks the length."""
    response = Client().post(url, {"username": "u" * 5_000, "password": "x"})
    assert response.status_code in (200, 400)
    assert b"Please enter" in response.content
