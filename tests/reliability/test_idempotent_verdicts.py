"""POST /api/claims/{id}/verdicts/ with an Idempotency-Key: a retry (the client timed out,
the network dropped the answer) gets the first answer and records nothing again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from claims.models import Verdict
from tests.api.conftest import token_client
from tests.factories import UserFactory
from tests.grouping import claim

pytestmark = pytest.mark.django_db

EVIDENCE = ["https://stats.example.org/march"]
BODY = {"verdict": "contradicted", "note": "Checked.", "evidence": EVIDENCE}


@pytest.fixture
def target():
    return claim("Unemployment fell to 3.5 percent in March.")


def _post(client, target, body=BODY, key="retry-1"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(f"/api/claims/{target.pk}/verdicts/", body, format="json", **headers)


def test_a_retry_with_the_same_key_gets_the_first_answer_and_writes_nothing(reviewer, target):
    client = token_client(reviewer)
    first = _post(client, target)
    again = _post(client, target)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert Verdict.objects.count() == 1


def test_without_a_key_each_post_is_a_new_verdict(reviewer, target):
    client = token_client(reviewer)
    assert _post(client, target, key=None).status_code == 201
    assert _post(client, target, key=None).status_code == 201
    assert Verdict.objects.count() == 2


def test_the_same_key_with_another_request_is_refused(reviewer, target):
    client = token_client(reviewer)
    assert _post(client, target).status_code == 201
    other = _post(client, target, body={**BODY, "verdict": "verified"})
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]
    assert Verdict.objects.count() == 1


def test_keys_belong_to_their_user(reviewer, target):
    second = UserFactory(username="rob-reviewer")
    second.groups.set(reviewer.groups.all())
    assert _post(token_client(reviewer), target).status_code == 201
    assert _post(token_client(second), target).status_code == 201
    assert Verdict.objects.count() == 2


def test_a_key_is_honoured_for_24_hours_then_forgotten(reviewer, target):
    from claims.models import IdempotencyKey

    client = token_client(reviewer)
    assert _post(client, target).status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=23))
    assert _post(client, target).status_code == 201
    assert Verdict.objects.count() == 1
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    assert _post(client, target).status_code == 201
    assert Verdict.objects.count() == 2
    assert IdempotencyKey.objects.count() == 1


def test_a_refused_verdict_is_not_remembered(reviewer, target):
    from claims.models import IdempotencyKey

    client = token_client(reviewer)
    assert _post(client, target, body={**BODY, "evidence": []}).status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert _post(client, target, body={**BODY, "evidence": []}).status_code == 400


@pytest.mark.parametrize("key", ["", "a b", "x" * 256, "clé"])
def test_a_malformed_key_is_a_400(reviewer, target, key):
    response = _post(token_client(reviewer), target, key=key)
    assert response.status_code == 400
    assert not Verdict.objects.exists()
