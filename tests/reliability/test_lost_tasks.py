"""Tasks lost to a broker restart or outage are sent again by the sweeps: matching of done
articles whose claims were never matched (`reextract --stale`), and webhook deliveries left
pending (`webhooks_retry`, and the same sweep in `reextract --stale`)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.models import Article, DeliveryStatus, ExtractionStatus, WebhookDelivery
from claims.services import broker, claims_index, verdict_record, webhook_subscription_create
from claims.services.webhooks import webhooks_queue
from claims.tasks import deliver_webhook
from tests.grouping import claim

pytestmark = pytest.mark.django_db

SAME = ("Crime in Chicago has doubled since 2015.", "Since 2015, crime has doubled in Chicago.")
EVIDENCE = ["https://stats.example.org/march"]


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _extracted_without_matching(texts, minutes_ago: int = 30):
    """Claims stored and indexed by extraction whose `match_articles` task was then lost."""
    claims = [claim(text) for text in texts]
    claims_index(claims=claims)
    when = timezone.now() - dt.timedelta(minutes=minutes_ago)
    Article.objects.filter(pk__in=[c.article_id for c in claims]).update(
        status=ExtractionStatus.DONE, extracted_at=when
    )
    return claims


def test_the_stale_sweep_matches_done_articles_whose_matching_was_lost():
    first, second = _extracted_without_matching(SAME)
    output = _run("reextract", "--stale", "10")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.group_id is not None and first.group_id == second.group_id
    assert "Queued matching again for 2 article(s)." in output
    assert "Queued matching again for 0 article(s)." in _run("reextract", "--stale", "10")


def test_the_stale_sweep_leaves_recent_articles_to_their_own_matching_task():
    first, second = _extracted_without_matching(SAME, minutes_ago=2)
    _run("reextract", "--stale", "10")
    first.refresh_from_db()
    assert first.group_id is None


def _pending_delivery(editor, reviewer, receiver_url, minutes_ago: int, monkeypatch):
    """A verdict whose delivery could not be queued (broker down), `minutes_ago`."""
    webhook_subscription_create(owner=editor, url=receiver_url)

    def down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    with monkeypatch.context() as patch:
        patch.setattr(deliver_webhook, "delay", down)
        verdict_record(
            claim=claim(SAME[0]), reviewer=reviewer, verdict="contradicted", evidence=EVIDENCE
        )
        webhooks_queue(delivery_ids=list(WebhookDelivery.objects.values_list("pk", flat=True)))
    monkeypatch.setattr(broker, "_down", (0.0, ""))  # the broker is back
    when = timezone.now() - dt.timedelta(minutes=minutes_ago)
    WebhookDelivery.objects.update(created_at=when)
    return WebhookDelivery.objects.get()


@pytest.mark.parametrize("command", [("webhooks_retry",), ("reextract", "--stale", "10")])
def test_a_delivery_left_pending_by_a_broker_outage_is_sent_by_the_sweep(
    editor, reviewer, receiver, monkeypatch, command
):
    delivery = _pending_delivery(editor, reviewer, receiver.url, 30, monkeypatch)
    assert delivery.status == DeliveryStatus.PENDING and "webhooks_retry" in delivery.error
    output = _run(*command)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert len(receiver.requests) == 1
    assert "Queued 1 of 1 pending webhook delivery(ies)." in output


def test_webhooks_retry_leaves_fresh_deliveries_and_reports_a_broker_still_down(
    editor, reviewer, receiver, monkeypatch
):
    _pending_delivery(editor, reviewer, receiver.url, 30, monkeypatch)
    assert "Queued 0 of 0" in _run("webhooks_retry", "--older-than", "60")

    def down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(deliver_webhook, "delay", down)
    with pytest.raises(CommandError, match="1 delivery\\(ies\\) not queued"):
        _run("webhooks_retry")
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING
    assert receiver.requests == []
