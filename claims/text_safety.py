"""Characters that make text read differently from what it is, removed or refused.

Bidi overrides, embeddings and isolates reorder what a reader sees ("evil.com/‮gpj.exe");
zero-width characters hide inside names and URLs so that two strings that look the same are
not; C1 control characters and terminal escape sequences ("\\x1b[2J") act on a terminal or log
viewer that shows them. Free text (titles, names, notes, outlets) has them stripped; a URL
holding one, or a backslash or whitespace (read differently by browsers and by Python's URL
parser), is refused. No Django here.
"""

from __future__ import annotations

import re

# U+061C Arabic letter mark, U+200E/F LRM/RLM, U+202A-E embeddings and overrides,
# U+2066-9 isolates.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Zero width space, non-joiner, joiner, word joiner, Mongolian vowel separator, BOM.
ZERO_WIDTH = "\u200b-\u200d\u2060\u180e\ufeff"
C1_CONTROLS = "\u0080-\u009f"
# C0 controls but tab, newline and carriage return, and DEL.
C0_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"

# ESC [ ... final byte (CSI), ESC ] ... BEL or ST (OSC), or ESC and one more character.
_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?")
_SPOOFING = re.compile(f"[{BIDI_CONTROLS}{ZERO_WIDTH}{C1_CONTROLS}{C0_CONTROLS}]")
_URL_REFUSED = re.compile(f"[{BIDI_CONTROLS}{ZERO_WIDTH}{C1_CONTROLS}{C0_CONTROLS}\\\\\\s]")


def clean_text(text: str) -> str:
    """The text without escape sequences, bidi controls, zero-width or control characters
    (tabs and line breaks are kept)."""
    if not text:
        return text
    return _SPOOFING.sub("", _ESCAPE_SEQUENCE.sub("", text))


def url_problem(url: str) -> str:
    """Why this URL is refused ("" when it is not): it holds a backslash, whitespace, a bidi
    control, a zero-width or a control character."""
    match = _URL_REFUSED.search(url or "")
    if match is None:
        return ""
    if match.group() == "\\":
        return "The URL contains a backslash."
    if match.group().isspace():
        return "The URL contains whitespace."
    return f"The URL contains an invisible or control character (U+{ord(match.group()):04X})."
