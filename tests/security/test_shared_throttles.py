"""Throttles and failure counts live in a cache every web process shares (Redis with
REDIS_URL, the database otherwise), and failures that django-axes never sees are counted too:
bad API tokens and wrong old passwords on the password-change page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
RATE = 10


def test_bad_tokens_from_one_address_are_refused_for_a_while(settings, reviewer):
    settings.API_BAD_TOKEN_LIMIT = 3
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert [bad.get("/api/claims/").status_code for _ in range(3)] == [401] * 3
    assert bad.get("/api/claims/").status_code == 429
    # A good token from the same address waits too: guessing cannot go on under cover of it.
    assert token_client(reviewer).get("/api/claims/").status_code == 429


def test_good_tokens_are_not_counted(settings, reviewer):
    settings.API_BAD_TOKEN_LIMIT = 3
    client = token_client(reviewer)
    assert {client.get("/api/claims/").status_code for _ in range(5)} == {200}


def test_wrong_old_passwords_lock_the_password_change_form(client, settings, editor):
    settings.AXES_FAILURE_LIMIT = 3
    editor.set_password("the-right-one-42")
    editor.save()
    client.force_login(editor)
    url = reverse("password_change")

    def change(old: str) -> int:
        new = "a-brand-new-passphrase-77"
        data = {"old_password": old, "new_password1": new, "new_password2": new}
        return client.post(url, data).status_code

    assert [change(f"guess-{n}") for n in range(3)] == [400, 400, 400]
    assert change("the-right-one-42") == 429
    editor.refresh_from_db()
    assert editor.check_password("the-right-one-42")


THROTTLE_SCRIPT = f"""
import django
django.setup()
from types import SimpleNamespace
from rest_framework.throttling import UserRateThrottle

class Throttle(UserRateThrottle):
    rate = "{RATE}/min"

user = SimpleNamespace(is_authenticated=True, pk=424242)
request = SimpleNamespace(user=user, META={{"REMOTE_ADDR": "203.0.113.9"}})
print(sum(Throttle().allow_request(request, None) for _ in range({RATE})))
"""


@pytest.mark.redis
def test_the_api_throttle_counts_across_two_processes():
    """Two web processes (as gunicorn workers are) share one count: RATE requests in all."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    from django.core.cache import cache

    cache.delete_many([f"throttle_user_{424242}"])
    allowed = [
        int(
            subprocess.run(
                [sys.executable, "-c", THROTTLE_SCRIPT],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        for _ in range(2)
    ]
    cache.delete_many([f"throttle_user_{424242}"])
    assert sum(allowed) == RATE, allowed
