"""Change alerts: subscriptions, one delivery row per verdict change and subscriber, and the
signed POST that the `deliver_webhook` task makes (docs/WEBHOOKS.md).

A subscriber can never hold up a verdict: delivery rows are written in a savepoint of the
verdict's transaction (an error there is logged, never raised), tasks are queued on commit
(a broker outage is logged; the rows stay pending, flagged, for `manage.py webhooks_retry`), and the
POST happens in the worker.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import logging
import secrets
import socket
import ssl
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.utils import timezone

from claims import webhook_signing
from claims.models import (
    URL_MAX_LENGTH,
    Claim,
    DeliveryStatus,
    Verdict,
    VerdictChoice,
    WebhookDelivery,
    WebhookSubscription,
)
from claims.services.broker import broker_publish
from claims.tasks import deliver_webhook as deliver_webhook_task
from claims.text_safety import clean_text, url_problem

logger = logging.getLogger(__name__)

EVENT_VERDICT_CHANGED = "claim.verdict_changed"
USER_AGENT = "factcheck-webhooks/1"


# Subscriptions ----------------------------------------------------------------------------


def _private_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global or ip.is_multicast


def webhook_url_clean(url: str) -> str:
    """An http(s) URL, refusing other schemes and, unless WEBHOOK_ALLOW_PRIVATE, hosts that
    are (or are named as) loopback, private or link-local addresses."""
    url = (url or "").strip()
    if problem := url_problem(url):
        raise ValidationError({"url": problem})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError({"url": "Give an http:// or https:// URL."}) from None
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError({"url": f"The URL is longer than {URL_MAX_LENGTH:,} characters."})
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    if not settings.WEBHOOK_ALLOW_PRIVATE:
        if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
            raise ValidationError({"url": "Internal hosts are not allowed."})
        try:
            private = _private_address(host)
        except ValueError:  # a name, checked again when delivering
            private = False
        if private:
            raise ValidationError({"url": "Private and loopback addresses are not allowed."})
    return url


def webhook_filters_clean(filters: dict | None) -> dict:
    """`{"verdicts": [values], "speakers": [ids]}`, either optional; anything else refused."""
    if filters is not None and not isinstance(filters, dict):
        raise ValidationError({"filters": "Filters must be an object."})
    filters = dict(filters or {})
    unknown = set(filters) - {"verdicts", "speakers"}
    if unknown:
        raise ValidationError({"filters": f"Unknown filters: {', '.join(sorted(unknown))}."})
    verdicts = filters.get("verdicts")
    if verdicts is not None and (
        not isinstance(verdicts, list)
        or not all(isinstance(v, str) and v in VerdictChoice.values for v in verdicts)
    ):
        raise ValidationError({"filters": "`verdicts` must be a list of verdict values."})
    speakers = filters.get("speakers")
    if speakers is not None and (
        not isinstance(speakers, list) or not all(isinstance(s, int) for s in speakers)
    ):
        raise ValidationError({"filters": "`speakers` must be a list of speaker ids."})
    return filters


@transaction.atomic
def webhook_subscription_create(
    *, owner: AbstractBaseUser, url: str, filters: dict | None = None
) -> WebhookSubscription:
    """Subscribe a URL to verdict changes; the secret is generated here (show it once).

    `filters` may hold `verdicts` (new verdict values) and `speakers` (speaker ids: the claim's
    speaker or one of a joint statement's co-signers); an event is sent when every given
    filter matches. Raises PermissionDenied without the
    `claims.add_webhooksubscription` permission (reviewers, editors, staff).
    """
    if not owner.has_perm("claims.add_webhooksubscription"):
        raise PermissionDenied("You may not subscribe to webhooks.")
    return WebhookSubscription.objects.create(
        owner=owner,
        url=webhook_url_clean(url),
        filters=webhook_filters_clean(filters),
        secret=secrets.token_hex(32),
    )


@transaction.atomic
def webhook_subscription_set_active(
    *, subscription: WebhookSubscription, user: AbstractBaseUser, active: bool
) -> WebhookSubscription:
    """Pause or resume a subscription (its owner or staff)."""
    if subscription.owner_id != user.pk and not user.is_staff:
        raise PermissionDenied("Only the owner can change this subscription.")
    subscription.active = active
    subscription.save(update_fields=["active"])
    return subscription


# Queueing on a verdict change -------------------------------------------------------------


def _wants(subscription: WebhookSubscription, speakers: set[int], verdict: Verdict) -> bool:
    """Whether the subscription's filters take a verdict on a claim of these `speakers` (its
    speaker and a joint statement's co-signers)."""
    filters = subscription.filters or {}
    if filters.get("verdicts") and verdict.verdict not in filters["verdicts"]:
        return False
    return not (filters.get("speakers") and not speakers & set(filters["speakers"]))


def verdict_changed_payload(*, claim: Claim, verdict: Verdict, previous: str) -> dict:
    """The JSON body of a `claim.verdict_changed` event."""
    return {
        "event": EVENT_VERDICT_CHANGED,
        "claim": {
            "id": claim.pk,
            "text": claim.text,
            "url": urllib.parse.urljoin(settings.SITE_URL, claim.get_absolute_url()),
            "verdict": verdict.verdict,
            "previous_verdict": previous,
            "group_id": claim.group_id,
        },
        "verdict": {
            "id": verdict.pk,
            "reviewer": verdict.reviewer.get_username(),
            "note": verdict.note,
            "evidence": list(verdict.evidence or []),
            "created_at": verdict.created_at.isoformat(),
        },
    }


NOT_QUEUED = (
    "Not queued: broker unavailable ({error}); `manage.py webhooks_retry` sends it once the "
    "broker is back."
)


def webhooks_queue(*, delivery_ids: Sequence[int]) -> int:
    """Send `deliver_webhook` for each delivery now; returns how many were sent.

    A broker outage (refused, or a timeout) is logged, never raised: the deliveries not sent
    stay pending with a message saying so, for `webhooks_retry`.
    """
    for index, pk in enumerate(delivery_ids):
        try:
            broker_publish(lambda pk=pk: deliver_webhook_task.delay(pk))
        except Exception as exc:  # noqa: BLE001 - whatever the broker raises stays here
            left = list(delivery_ids[index:])
            logger.warning("Could not queue %d webhook deliveries (%s)", len(left), exc)
            error = NOT_QUEUED.format(error=f"{type(exc).__name__}: {exc}"[:300])
            WebhookDelivery.objects.filter(pk__in=left, status=DeliveryStatus.PENDING).update(
                error=error
            )
            return index
    return len(delivery_ids)


def webhooks_verdict_changed(
    *, claim: Claim, verdict: Verdict, previous: str
) -> list[WebhookDelivery]:
    """Write a delivery per interested active subscription and queue them after commit.

    Called by `verdict_record` inside its transaction; nothing happens when the verdict did
    not change. Any database error here is logged and swallowed (in a savepoint), so the
    verdict is saved whatever happens to its alerts.
    """
    if verdict.verdict == previous:
        return []
    try:
        with transaction.atomic():
            payload = verdict_changed_payload(claim=claim, verdict=verdict, previous=previous)
            speakers = {claim.speaker_id, *claim.co_signers.values_list("speaker_id", flat=True)}
            rows = [
                WebhookDelivery(
                    subscription=sub,
                    claim=claim,
                    verdict=verdict,
                    event=EVENT_VERDICT_CHANGED,
                    payload=payload,
                )
                for sub in WebhookSubscription.objects.filter(active=True).order_by("pk")
                if _wants(sub, speakers - {None}, verdict)
            ]
            created = WebhookDelivery.objects.bulk_create(rows)
    except DatabaseError:
        logger.exception("Could not record webhook deliveries for verdict %s", verdict.pk)
        return []
    ids = [row.pk for row in created]
    if ids:
        transaction.on_commit(lambda: webhooks_queue(delivery_ids=ids))
    return created


def webhook_deliveries_requeue(*, older_than: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    """Queue again the deliveries still pending `older_than` after they were written (the
    broker was down, or lost their task); returns how many were sent, and stops at the first
    broker error (the rest stay pending, flagged, for the next run).

    A delivery whose task is merely late may be sent twice; the task skips a delivery already
    made, and subscribers dedupe on X-Factcheck-Delivery (docs/WEBHOOKS.md).
    """
    cutoff = timezone.now() - older_than
    ids = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, created_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return webhooks_queue(delivery_ids=ids)


def webhook_deliveries_pending(*, older_than: dt.timedelta) -> int:
    """How many deliveries have been pending for `older_than` or more."""
    cutoff = timezone.now() - older_than
    return WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, created_at__lte=cutoff
    ).count()


# Delivering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """The outcome of one POST; `retry` says whether the task should try again later."""

    status: str
    status_code: int | None = None
    error: str = ""
    retry: bool = False


def _resolve(url: str) -> tuple[str, Attempt | None]:
    """The address to connect to for this URL, checked; or no address and the failed attempt.

    The name is resolved once here and the connection goes to the address that was checked
    (`_PinnedHTTPConnection`), so a name that answers differently a moment later (DNS
    rebinding) cannot send the POST to an internal address.
    """
    host = urllib.parse.urlsplit(url).hostname
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:  # cannot resolve now: retried later
        error = f"cannot resolve {host}: {exc}"[:500]
        return "", Attempt(status=DeliveryStatus.RETRYING, error=error, retry=True)
    addresses = [info[4][0] for info in infos]
    if not settings.WEBHOOK_ALLOW_PRIVATE and any(_private_address(a) for a in addresses):
        error = f"{host} resolves to a private or loopback address"
        return "", Attempt(status=DeliveryStatus.FAILED, error=error)
    return addresses[0], None


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to a fixed address; the URL's host is still sent as the Host header."""

    def __init__(self, host: str, port: int | None, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed address; the certificate is still checked against the URL's host."""

    def __init__(self, host: str, port: int | None, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _status_line(code: int, reason: str) -> str:
    """What is kept of a subscriber's answer: its status line, never its body."""
    return f"{code} {clean_text(reason or '')}".strip()[:STATUS_LINE_MAX]


STATUS_LINE_MAX = 100


def _signed_headers(*, secret: str, body: bytes, payload: dict, delivery_id: int) -> dict:
    timestamp = int(time.time())
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        webhook_signing.TIMESTAMP_HEADER: str(timestamp),
        webhook_signing.SIGNATURE_HEADER: webhook_signing.webhook_signature(
            secret, timestamp, body
        ),
        webhook_signing.DELIVERY_HEADER: str(delivery_id),
        webhook_signing.EVENT_HEADER: str(payload.get("event", "")),
    }


def webhook_post(*, url: str, secret: str, payload: dict, delivery_id: int) -> Attempt:
    """POST the signed payload once, to the address that was checked; a redirect is the
    answer (never followed), only the status line is kept, a short timeout."""
    if problem := url_problem(url):
        return Attempt(status=DeliveryStatus.FAILED, error=problem)
    address, refused = _resolve(url)
    if refused is not None:
        return refused
    parts = urllib.parse.urlsplit(url)
    body = webhook_signing.encode_body(payload)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(
        parts.hostname, parts.port, address=address, timeout=settings.WEBHOOK_TIMEOUT
    )
    path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    headers = _signed_headers(secret=secret, body=body, payload=payload, delivery_id=delivery_id)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        code, line = response.status, _status_line(response.status, response.reason)
    except (OSError, ValueError, http.client.HTTPException) as exc:  # timeouts, refused, reset
        return Attempt(status=DeliveryStatus.RETRYING, error=f"{exc}"[:500], retry=True)
    finally:
        connection.close()
    if 200 <= code < 300:
        return Attempt(status=DeliveryStatus.DELIVERED, status_code=code, error=line)
    retry = code >= 500 or code == 429
    status = DeliveryStatus.RETRYING if retry else DeliveryStatus.FAILED
    return Attempt(status=status, status_code=code, error=line, retry=retry)


@transaction.atomic
def _record(delivery_id: int, attempt: Attempt, *, final: bool) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    now = timezone.now()
    status = attempt.status
    if attempt.retry and final:
        status = DeliveryStatus.FAILED
    delivered = status == DeliveryStatus.DELIVERED
    delivery.attempts += 1
    delivery.status = status
    delivery.status_code = attempt.status_code
    delivery.response_excerpt = attempt.error if attempt.status_code else ""
    delivery.error = "" if delivered or attempt.status_code else attempt.error
    if not delivered and attempt.status_code:
        delivery.error = f"HTTP {attempt.status_code}"
    delivery.delivered_at = now if delivered else None
    delivery.log = [
        *delivery.log,
        {"at": now.isoformat(), "status_code": attempt.status_code, "error": delivery.error},
    ]
    delivery.save()
    return delivery


def webhook_deliver(*, delivery: WebhookDelivery, final: bool = False) -> Attempt:
    """Make one delivery attempt and log it on the row; a delivered row is not sent again.

    `final` (the task's last retry) turns a retryable failure into `failed`. The POST runs
    outside any transaction; only the bookkeeping is atomic.
    """
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery.pk)
    if delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
        return Attempt(status=delivery.status, status_code=delivery.status_code)
    subscription = delivery.subscription
    if not subscription.active:
        attempt = Attempt(status=DeliveryStatus.FAILED, error="The subscription is paused.")
    else:
        attempt = webhook_post(
            url=subscription.url,
            secret=subscription.secret,
            payload=delivery.payload,
            delivery_id=delivery.pk,
        )
    _record(delivery.pk, attempt, final=final)
    return Attempt(
        status=DeliveryStatus.FAILED if attempt.retry and final else attempt.status,
        status_code=attempt.status_code,
        error=attempt.error,
        retry=attempt.retry and not final,
    )


def webhook_retry_countdown(retries: int) -> int:
    """Seconds before retry number `retries + 1`: 30 s doubling, capped at an hour, jittered."""
    base = min(3600, 30 * 2**retries)
    return base + secrets.randbelow(max(1, base // 4))
