"""Sign-in throttling (django-axes), CSRF on the forms, cookies and security headers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Article, Verdict
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password
LOGIN = "/accounts/login/"


def _sign_in(client: Client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def limit(settings) -> int:
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_repeated_failed_sign_ins_lock_the_account_out_with_a_clear_page(reviewer, limit):
    client = Client()
    for _ in range(limit - 1):
        assert _sign_in(client, reviewer.username, "wrong").status_code == 400
    locked = _sign_in(client, reviewer.username, "wrong")
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content
    assert reviewer.username.encode() in locked.content


def test_the_right_password_is_refused_during_the_lockout(reviewer, limit):
    client = Client()
    for _ in range(limit):
        _sign_in(client, reviewer.username, "wrong")
    response = _sign_in(client, reviewer.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_other_users_and_other_addresses_are_not_locked_out(reviewer, editor, limit):
    for _ in range(limit):
        _sign_in(Client(), reviewer.username, "wrong")
    other_user = _sign_in(Client(), editor.username, PASSWORD)
    assert other_user.status_code == 302 and other_user["Location"] == "/"
    other_address = _sign_in(Client(), reviewer.username, PASSWORD, ip="198.51.100.9")
    assert other_address.status_code == 302


def test_a_successful_sign_in_resets_the_count(reviewer, limit):
    for _ in range(limit - 1):
        _sign_in(Client(), reviewer.username, "wrong")
    assert _sign_in(Client(), reviewer.username, PASSWORD).status_code == 302
    for _ in range(limit - 1):
        _sign_in(Client(), reviewer.username, "wrong")
    assert _sign_in(Client(), reviewer.username, PASSWORD).status_code == 302


def test_a_forwarded_for_header_does_not_dodge_the_lockout(reviewer, limit):
    for n in range(limit):
        Client().post(
            LOGIN, {"username": reviewer.username, "password": "x"},
            REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )  # fmt: skip
    assert _sign_in(Client(), reviewer.username, PASSWORD).status_code == 429


def test_admin_sign_in_is_throttled_too(staff, limit):
    for _ in range(limit):
        Client().post("/admin/login/", {"username": staff.username, "password": "x"})
    response = Client().post("/admin/login/", {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 429


def test_tokens_and_the_test_clients_login_still_work(reviewer, reviewer_token, limit):
    for _ in range(limit):
        _sign_in(Client(), reviewer.username, "wrong", ip="127.0.0.1")
    api = Client(HTTP_AUTHORIZATION=f"Token {reviewer_token.key}")
    assert api.get("/api/claims/").status_code == 200
    client = Client()
    assert client.login(username=reviewer.username, password=PASSWORD)  # no request: no lockout


# CSRF -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("verdict", {"verdict": "verified", "evidence": "https://a.org/1"}),
        ("ingest", {"body": "The mayor said 12 bridges would be rebuilt by 2027."}),
    ],
)
def test_a_post_without_a_csrf_token_is_refused(reviewer, name, data):
    claim = factories.ClaimFactory(fingerprint="fp-csrf")
    url = {
        "verdict": reverse("claims:claim_verdict", args=[claim.pk]),
        "ingest": reverse("claims:article_new"),
    }[name]
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    articles, verdicts = Article.objects.count(), Verdict.objects.count()
    response = client.post(url, data)
    assert response.status_code == 403
    assert b"CSRF" in response.content
    assert (Article.objects.count(), Verdict.objects.count()) == (articles, verdicts)


def test_a_post_with_the_csrf_token_from_the_page_is_accepted(reviewer):
    claim = factories.ClaimFactory(fingerprint="fp-csrf")
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    client.get(reverse("claims:claim_detail", args=[claim.pk]))
    token = client.cookies["csrftoken"].value
    data = {"verdict": "verified", "evidence": "https://a.org/1", "csrfmiddlewaretoken": token}
    response = client.post(reverse("claims:claim_verdict", args=[claim.pk]), data)
    assert response.status_code == 302 and Verdict.objects.count() == 1


def test_the_api_with_a_session_still_needs_csrf(reviewer):
    claim = factories.ClaimFactory(fingerprint="fp-csrf")
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(
        f"/api/claims/{claim.pk}/verdicts/",
        {"verdict": "verified", "evidence": ["https://a.org/1"]},
        content_type="application/json",
    )
    assert response.status_code == 403 and not Verdict.objects.exists()


# Cookies and headers ---------------------------------------------------------------------


def test_session_and_csrf_cookies_are_httponly_and_samesite(reviewer):
    client = Client()
    client.get(LOGIN)
    response = _sign_in(client, reviewer.username, PASSWORD)
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["samesite"] == "Lax"


def test_production_cookies_are_secure(reviewer, settings):
    settings.SESSION_COOKIE_SECURE = True  # what DEBUG=0 sets (tests/test_settings.py)
    settings.CSRF_COOKIE_SECURE = True
    client = Client()
    client.get(LOGIN)
    response = _sign_in(client, reviewer.username, PASSWORD)
    assert response.cookies["sessionid"]["secure"]
    assert client.cookies["csrftoken"]["secure"]


def test_pages_send_the_security_headers(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_hsts_is_sent_over_https_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(LOGIN, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_swagger_ui_alone_may_run_its_inline_script(client):
    docs = client.get("/api/docs/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in docs
    assert client.get("/api/")["Content-Security-Policy"].endswith("script-src 'self'")


def test_no_page_template_carries_an_inline_script_or_event_handler():
    """What lets the pages' policy forbid inline scripts. A JSON-LD data block is data, never
    run, so the policy does not apply to it (the fact-check page embeds its ClaimReview)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    for path in root.rglob("*.html"):
        html = path.read_text()
        assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))", html), (
            path
        )
        assert not re.search(r"\son[a-z]+\s*=", html), path
