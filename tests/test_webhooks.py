"""Change alerts: subscriptions, signed POSTs to a real receiver on loopback, retries."""

from __future__ import annotations

import http.server
import json
import threading
import time
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from claims import services, webhook_signing
from claims.models import (
    ClaimSpeaker,
    DeliveryStatus,
    Verdict,
    VerdictChoice,
    WebhookDelivery,
)
from claims.services import verdict_record, webhook_subscription_create
from claims.tasks import deliver_webhook
from tests import factories
from tests.grouping import claim

pytestmark = pytest.mark.django_db

TEXT = "Unemployment fell to 3.5 percent in March."


class Receiver:
    """A real HTTP server on 127.0.0.1 that records each POST and answers `status`."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.headers: dict[str, str] = {}  # extra response headers (a redirect's Location)
        self.body: bytes | None = None  # the answer's body; "thanks" or "broken" by default
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                for name, value in receiver.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                default = b"thanks" if receiver.status < 300 else b"broken"
                self.wfile.write(default if receiver.body is None else receiver.body)

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def _record(claim_, reviewer, callbacks, verdict=VerdictChoice.CONTRADICTED):
    with callbacks(execute=True):
        return verdict_record(
            claim=claim_,
            reviewer=reviewer,
            verdict=verdict,
            note="See the labour statistics.",
            evidence=["https://stats.example.org/march"],
        )


# Signing helpers ---------------------------------------------------------------------------


def test_a_signature_verifies_for_its_body_and_not_for_a_tampered_one():
    body = webhook_signing.encode_body({"event": "claim.verdict_changed"})
    now = int(time.time())
    signature = webhook_signing.webhook_signature("s3cret", now, body)
    assert signature.startswith("sha256=") and len(signature) == 7 + 64
    assert webhook_signing.webhook_verify(
        secret="s3cret", timestamp=now, body=body, signature=signature
    )
    assert not webhook_signing.webhook_verify(
        secret="s3cret", timestamp=now, body=body + b" ", signature=signature
    )
    assert not webhook_signing.webhook_verify(
        secret="other", timestamp=now, body=body, signature=signature
    )


def test_an_old_timestamp_is_refused_even_with_a_good_signature():
    body = b"{}"
    old = int(time.time()) - 3600
    signature = webhook_signing.webhook_signature("s3cret", old, body)
    assert not webhook_signing.webhook_verify(
        secret="s3cret", timestamp=old, body=body, signature=signature
    )


# Subscriptions -----------------------------------------------------------------------------


def test_a_subscription_gets_its_own_64_hex_secret(editor):
    first = webhook_subscription_create(owner=editor, url="https://hooks.example.org/a")
    second = webhook_subscription_create(owner=editor, url="https://hooks.example.org/b")
    assert len(first.secret) == 64 and int(first.secret, 16) >= 0
    assert first.secret != second.secret and first.active


def test_a_user_without_the_permission_cannot_subscribe():
    with pytest.raises(PermissionDenied):
        webhook_subscription_create(owner=factories.UserFactory(), url="https://x.example.org/")


@pytest.mark.parametrize(
    "url", ["ftp://hooks.example.org/", "file:///etc/passwd", "gopher://x.example.org/", "hooks"]
)
def test_only_http_and_https_urls_are_accepted(editor, url):
    with pytest.raises(ValidationError):
        webhook_subscription_create(owner=editor, url=url)


@override_settings(WEBHOOK_ALLOW_PRIVATE=False)
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://localhost/",
        "http://10.0.0.5/",
        "http://169.254.169.254/",
        "http://[::1]/",
    ],
)
def test_internal_addresses_are_refused_in_production(editor, url):
    with pytest.raises(ValidationError):
        webhook_subscription_create(owner=editor, url=url)


@override_settings(WEBHOOK_ALLOW_PRIVATE=False)
def test_a_stored_loopback_url_is_not_posted_to_in_production(
    editor, reviewer, receiver, django_capture_on_commit_callbacks
):
    with override_settings(WEBHOOK_ALLOW_PRIVATE=True):
        webhook_subscription_create(owner=editor, url=receiver.url)
    _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and "private" in delivery.error
    assert receiver.requests == []


def test_unknown_filters_are_refused(editor):
    with pytest.raises(ValidationError):
        webhook_subscription_create(
            owner=editor, url="https://x.example.org/", filters={"colour": "red"}
        )


# Delivery ----------------------------------------------------------------------------------


def test_a_verdict_change_is_posted_signed_to_the_subscriber(
    editor, reviewer, receiver, django_capture_on_commit_callbacks
):
    subscription = webhook_subscription_create(owner=editor, url=receiver.url)
    row = _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks)

    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert webhook_signing.webhook_verify(
        secret=subscription.secret,
        timestamp=headers["X-Factcheck-Timestamp"],
        body=body,
        signature=headers["X-Factcheck-Signature"],
    )
    payload = json.loads(body)
    assert payload["event"] == "claim.verdict_changed"
    assert payload["claim"]["id"] == row.claim_id
    assert payload["claim"]["verdict"] == "contradicted"
    assert payload["claim"]["previous_verdict"] == "unreviewed"
    assert payload["claim"]["url"] == urljoin(settings.SITE_URL, row.claim.get_absolute_url())
    assert payload["verdict"]["reviewer"] == "rita-reviewer"
    assert payload["verdict"]["evidence"] == ["https://stats.example.org/march"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.status_code) == (
        DeliveryStatus.DELIVERED,
        1,
        200,
    )
    assert delivery.delivered_at is not None and delivery.response_excerpt == "200 OK"


def test_a_subscriber_answering_500_is_retried_and_every_attempt_logged_and_the_verdict_stands(
    editor, reviewer, receiver, django_capture_on_commit_callbacks
):
    receiver.status = 500
    webhook_subscription_create(owner=editor, url=receiver.url)
    row = _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks)

    assert Verdict.objects.filter(pk=row.pk).exists()
    delivery = WebhookDelivery.objects.get()
    tries = deliver_webhook.max_retries + 1
    assert len(receiver.requests) == tries
    assert (delivery.status, delivery.attempts, delivery.status_code) == (
        DeliveryStatus.FAILED,
        tries,
        500,
    )
    assert [entry["status_code"] for entry in delivery.log] == [500] * tries
    assert delivery.response_excerpt == "500 Internal Server Error"


def test_a_subscriber_that_recovers_gets_the_event_on_a_retry(
    editor, reviewer, receiver, django_capture_on_commit_callbacks, monkeypatch
):
    receiver.status = 503
    webhook_subscription_create(owner=editor, url=receiver.url)
    real_post = services.webhooks.webhook_post

    def post_then_recover(**kwargs):
        attempt = real_post(**kwargs)
        receiver.status = 200
        return attempt

    monkeypatch.setattr(services.webhooks, "webhook_post", post_then_recover)
    _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
    assert [entry["status_code"] for entry in delivery.log] == [503, 200]


def test_an_unreachable_subscriber_is_retried_with_the_network_error_logged(
    editor, reviewer, django_capture_on_commit_callbacks
):
    closed = Receiver()
    closed.close()  # nothing listens on this port any more
    webhook_subscription_create(owner=editor, url=closed.url)
    row = _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == deliver_webhook.max_retries + 1
    assert delivery.status_code is None and "refused" in delivery.error.lower()
    assert Verdict.objects.filter(pk=row.pk).exists()


def test_a_4xx_answer_is_not_retried(
    editor, reviewer, receiver, django_capture_on_commit_callbacks
):
    receiver.status = 410
    webhook_subscription_create(owner=editor, url=receiver.url)
    _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.status_code) == (
        DeliveryStatus.FAILED,
        1,
        410,
    )


def test_running_the_task_again_does_not_post_a_delivered_event_twice(
    editor, reviewer, receiver, django_capture_on_commit_callbacks
):
    webhook_subscription_create(owner=editor, url=receiver.url)
    _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert deliver_webhook.apply(args=[delivery.pk]).get() == DeliveryStatus.DELIVERED
    assert len(receiver.requests) == 1


def test_the_same_verdict_again_sends_nothing(
    editor, reviewer, receiver, django_capture_on_commit_callbacks
):
    webhook_subscription_create(owner=editor, url=receiver.url)
    item = claim(TEXT)
    _record(item, reviewer, django_capture_on_commit_callbacks)
    _record(item, reviewer, django_capture_on_commit_callbacks)
    assert WebhookDelivery.objects.count() == 1 and len(receiver.requests) == 1


def test_filters_choose_which_changes_a_subscriber_gets(
    editor, reviewer, receiver, django_capture_on_commit_callbacks
):
    webhook_subscription_create(
        owner=editor, url=receiver.url, filters={"verdicts": ["contradicted"]}
    )
    _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks, VerdictChoice.VERIFIED)
    assert WebhookDelivery.objects.count() == 0
    _record(claim("Another claim."), reviewer, django_capture_on_commit_callbacks)
    assert WebhookDelivery.objects.count() == 1


def test_a_speaker_filter_takes_the_claims_the_speaker_co_signed(
    editor, reviewer, receiver, django_capture_on_commit_callbacks
):
    alvarez, sato = factories.SpeakerFactory(), factories.SpeakerFactory()
    webhook_subscription_create(owner=editor, url=receiver.url, filters={"speakers": [sato.pk]})
    _record(claim(TEXT, speaker=alvarez), reviewer, django_capture_on_commit_callbacks)
    assert WebhookDelivery.objects.count() == 0
    joint = claim("A joint statement's claim.", speaker=alvarez)
    ClaimSpeaker.objects.create(claim=joint, speaker=sato, position=1)
    _record(joint, reviewer, django_capture_on_commit_callbacks)
    assert list(WebhookDelivery.objects.values_list("claim_id", flat=True)) == [joint.pk]


def test_inactive_subscriptions_get_nothing(
    editor, reviewer, receiver, django_capture_on_commit_callbacks
):
    subscription = webhook_subscription_create(owner=editor, url=receiver.url)
    services.webhook_subscription_set_active(subscription=subscription, user=editor, active=False)
    _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks)
    assert WebhookDelivery.objects.count() == 0


def test_a_broker_outage_leaves_the_delivery_pending_and_the_verdict_saved(
    editor, reviewer, receiver, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unavailable")

    monkeypatch.setattr(services.webhooks.deliver_webhook_task, "delay", broker_down)
    webhook_subscription_create(owner=editor, url=receiver.url)
    row = _record(claim(TEXT), reviewer, django_capture_on_commit_callbacks)
    assert Verdict.objects.filter(pk=row.pk).exists()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING
    assert receiver.requests == []


def test_staff_see_subscriptions_and_read_only_deliveries_in_the_admin(client, staff, editor):
    subscription = webhook_subscription_create(owner=editor, url="https://hooks.example.org/")
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="claim.verdict_changed", payload={}
    )
    client.force_login(staff)
    assert client.get("/admin/claims/webhooksubscription/").status_code == 200
    assert client.get("/admin/claims/webhookdelivery/").status_code == 200
    assert client.get("/admin/claims/claimgroup/").status_code == 200
    assert client.get("/admin/claims/claimgroupevent/").status_code == 200
    assert client.get("/admin/claims/webhookdelivery/add/").status_code == 403
    page = client.get(f"/admin/claims/webhookdelivery/{delivery.pk}/change/")
    assert page.status_code == 200 and b'name="attempts"' not in page.content
