"""API: webhook subscriptions (reviewers and editors manage their own) and their deliveries."""

from __future__ import annotations

import pytest
from django.test import override_settings

from claims.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from claims.services import webhook_subscription_create
from tests.api.conftest import ApiClaimFactory, token_client

pytestmark = pytest.mark.django_db

URL = "/api/webhooks/"
HOOK = "https://hooks.example.org/factcheck"


@pytest.fixture(autouse=True)
def _public_hosts_only():
    with override_settings(WEBHOOK_ALLOW_PRIVATE=False):
        yield


def test_editor_registers_a_webhook_and_sees_the_secret_once(reader, editor):
    response = reader.post(
        URL, {"url": HOOK, "filters": {"verdicts": ["contradicted"]}}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    row = WebhookSubscription.objects.get()
    assert (row.owner, row.url, row.filters) == (editor, HOOK, {"verdicts": ["contradicted"]})
    assert body["secret"] == row.secret and len(body["secret"]) == 64
    assert response["Location"] == body["api_url"]
    listed = reader.get(URL).json()["results"]
    assert [item["id"] for item in listed] == [row.pk]
    assert "secret" not in listed[0]
    assert "secret" not in reader.get(body["api_url"]).json()


def test_reviewer_may_register_too(reviewer_client):
    assert reviewer_client.post(URL, {"url": HOOK}, format="json").status_code == 201


@pytest.mark.parametrize(
    "url",
    ["not a url", "ftp://hooks.example.org/x", "http://localhost/hook", "http://10.0.0.5/hook", ""],
)
def test_bad_url_is_a_400_naming_the_field(reader, url):
    response = reader.post(URL, {"url": url}, format="json")
    assert response.status_code == 400
    assert "url" in response.json()
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("filters", [{"colour": "red"}, {"verdicts": ["bogus"]}, {"speakers": "1"}])
def test_bad_filters_are_a_400(reader, filters):
    response = reader.post(URL, {"url": HOOK, "filters": filters}, format="json")
    assert response.status_code == 400
    assert "filters" in response.json()


def test_user_without_the_permission_gets_403(plain_client):
    assert plain_client.post(URL, {"url": HOOK}, format="json").status_code == 403
    assert plain_client.get(URL).status_code == 403


def test_ingest_user_gets_403(ingest_client):
    assert ingest_client.post(URL, {"url": HOOK}, format="json").status_code == 403


def test_anonymous_gets_401(api_client):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, {"url": HOOK}, format="json").status_code == 401


def test_list_shows_only_own_subscriptions(reader, reviewer):
    webhook_subscription_create(owner=reviewer, url=HOOK)
    assert reader.get(URL).json()["results"] == []


def test_another_users_subscription_is_a_404(reader, reviewer):
    theirs = webhook_subscription_create(owner=reviewer, url=HOOK)
    assert reader.get(f"{URL}{theirs.pk}/").status_code == 404
    assert reader.delete(f"{URL}{theirs.pk}/").status_code == 404
    assert reader.get(f"{URL}{theirs.pk}/deliveries/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.active


def test_delete_deactivates_own_subscription(reader, editor):
    mine = webhook_subscription_create(owner=editor, url=HOOK)
    assert reader.delete(f"{URL}{mine.pk}/").status_code == 204
    mine.refresh_from_db()
    assert mine.active is False
    assert reader.get(f"{URL}{mine.pk}/").json()["active"] is False


def test_unknown_subscription_is_a_404(reader):
    assert reader.delete(f"{URL}999999/").status_code == 404


def test_deliveries_list_own_deliveries_with_response_codes(reader, editor):
    mine = webhook_subscription_create(owner=editor, url=HOOK)
    claim = ApiClaimFactory()
    for code in (500, 200):
        WebhookDelivery.objects.create(
            subscription=mine, claim=claim, event="claim.verdict_changed", payload={},
            status=DeliveryStatus.DELIVERED if code == 200 else DeliveryStatus.RETRYING,
            attempts=1, status_code=code,
        )  # fmt: skip
    rows = reader.get(f"{URL}{mine.pk}/deliveries/").json()["results"]
    assert [row["status_code"] for row in rows] == [200, 500]
    assert rows[0]["status"] == "delivered" and rows[0]["claim_id"] == claim.pk


def test_deliveries_query_count_does_not_grow(reader, editor, django_assert_max_num_queries):
    mine = webhook_subscription_create(owner=editor, url=HOOK)
    for _ in range(8):
        WebhookDelivery.objects.create(subscription=mine, event="e", payload={})
    with django_assert_max_num_queries(6):  # token, perms x2, subscription, count, page
        assert reader.get(f"{URL}{mine.pk}/deliveries/").status_code == 200


def test_another_token_cannot_see_deliveries(reviewer, editor):
    mine = webhook_subscription_create(owner=editor, url=HOOK)
    assert token_client(reviewer).get(f"{URL}{mine.pk}/deliveries/").status_code == 404
