"""Hostile values shared by the security tests: what an attacker or a broken client sends."""

from __future__ import annotations

TEN_MB = 10 * 1024 * 1024

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
BREAKOUT = '</script><script>alert("ld")</script>'
# A real sentence wrapped in markup, so extraction has something to find.
HTML_ARTICLE = (
    f'{SCRIPT} The minister said on Monday that "{SCRIPT} 14 hospitals would open by 2025," '
    f"adding that {BREAKOUT} funding was secured."
)
BINARY = bytes(range(256)) * 64
INVALID_UTF8 = b"The minister said \xff\xfe\xc3\x28 that prices fell."
NUL_TEXT = "The minister\x00 said prices fell."
DEEP_JSON = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
MALFORMED_JSON = b'{"text": "unterminated'
OVERLONG = "x" * 5_000
WHITESPACE = " \n\t \r\n  "
