"""Webhook signing: what we send and what a subscriber checks. No Django here.

Each request carries `X-Factcheck-Timestamp` (unix seconds) and `X-Factcheck-Signature:
sha256=<hex>`, the HMAC-SHA256 of `"<timestamp>.<body>"` under the subscriber's secret.
docs/WEBHOOKS.md gives the recipe for consumers; `webhook_verify` is that recipe.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

TIMESTAMP_HEADER = "X-Factcheck-Timestamp"
SIGNATURE_HEADER = "X-Factcheck-Signature"
DELIVERY_HEADER = "X-Factcheck-Delivery"
EVENT_HEADER = "X-Factcheck-Event"
# A signed request older (or newer) than this is refused by `webhook_verify`: replay guard.
TOLERANCE_SECONDS = 300


def encode_body(payload: dict) -> bytes:
    """The exact bytes sent: compact, key-sorted UTF-8 JSON."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode(
        "utf-8"
    )


def webhook_signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` under the secret."""
    message = str(int(timestamp)).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def webhook_verify(
    *,
    secret: str,
    timestamp: str | int,
    body: bytes,
    signature: str,
    tolerance: int = TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """True when the signature is ours for this body and the timestamp is recent enough."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - sent) > tolerance:
        return False
    expected = webhook_signature(secret, sent, body)
    return hmac.compare_digest(expected, (signature or "").strip())
