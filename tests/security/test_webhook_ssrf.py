"""Webhook deliveries cannot be turned against the server's own network: the POST goes to
the address that was checked (a name that resolves elsewhere a moment later, DNS rebinding,
changes nothing), a redirect is the answer and never followed, and nothing of a subscriber's
answer but its status line is kept where the subscriber could read it back."""

from __future__ import annotations

import socket

import pytest

from claims.models import DeliveryStatus, WebhookDelivery
from claims.services import webhook_subscription_create
from tests.api.conftest import token_client
from tests.grouping import claim
from tests.test_webhooks import TEXT, _record

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.216.34"  # a global address: the check lets it through


@pytest.fixture
def rebinding(monkeypatch, receiver):
    """`rebind.example` resolves to a public address once, then to 127.0.0.1 (the receiver);
    the public address refuses connections. Returns the addresses connected to."""
    real_resolve, real_connect = socket.getaddrinfo, socket.create_connection
    answers = iter([PUBLIC])
    connected: list[str] = []

    def resolve(host, port, *args, **kwargs):
        if host == "rebind.example":
            address = next(answers, "127.0.0.1")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]
        return real_resolve(host, port, *args, **kwargs)

    def connect(address, *args, **kwargs):
        connected.append(address[0])
        if address[0] == PUBLIC:
            raise ConnectionRefusedError("the public host is down")
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket, "create_connection", connect)
    return connected


def test_a_name_that_rebinds_to_loopback_after_the_check_gets_nothing(
    settings,
    editor,
    reviewer,
    receiver,
    rebinding,
    django_capture_on_commit_callbacks,
):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    port = receiver.server.server_address[1]
    webhook_subscription_create(owner=editor, url=f"http://rebind.example:{port}/hook")
    _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks)
    assert receiver.requests == []
    assert set(rebinding) == {PUBLIC}
    delivery = WebhookDelivery.objects.get()
    assert delivery.status in (DeliveryStatus.RETRYING, DeliveryStatus.FAILED)


def test_a_redirect_is_the_answer_and_is_not_followed(
    editor,
    reviewer,
    receiver,
    django_capture_on_commit_callbacks,
):
    receiver.status = 302
    receiver.headers = {"Location": "http://169.254.169.254/latest/meta-data/"}
    webhook_subscription_create(owner=editor, url=receiver.url)
    _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert len(receiver.requests) == 1
    assert (delivery.status, delivery.status_code) == (DeliveryStatus.FAILED, 302)


@pytest.mark.parametrize("status", [200, 404, 500])
def test_a_subscriber_cannot_read_back_the_body_it_answered(
    editor,
    reviewer,
    receiver,
    django_capture_on_commit_callbacks,
    status,
):
    receiver.status = status
    receiver.body = b"root:x:0:0:internal-secret"
    subscription = webhook_subscription_create(owner=editor, url=receiver.url)
    _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status_code == status
    assert "internal-secret" not in delivery.response_excerpt + delivery.error
    answer = token_client(editor).get(f"/api/webhooks/{subscription.pk}/deliveries/")
    assert answer.status_code == 200
    assert b"internal-secret" not in answer.content
    assert delivery.response_excerpt.startswith(str(status))
