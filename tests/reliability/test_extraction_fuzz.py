"""The extraction engine on random and hostile text: no exception, offsets always honest.

Bounded hypothesis runs (deadline off: the machine is shared, and speed is bench/'s job).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import DEFAULT_MODEL, extract

QUOTE_MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‹", "›", "「", "」"]
PIECES = [
    "said",
    "says",
    "told reporters",
    "according to",
    "The minister",
    "Ned Price, State Department spokesman,",
    " 12 percent ",
    "2021",
    ". ",
    ", ",
    ": ",
    "\n",
    "\n\n",
    "\t",
    " ",
    "—",
    "...",
]

# Surrogate-free Unicode (what a str from a UTF-8 request can hold), plus the characters that
# steer the engine, in runs and mixes.
text_chars = st.characters(blacklist_categories=("Cs",))
fragments = st.one_of(
    st.text(text_chars, max_size=40),
    st.sampled_from(QUOTE_MARKS + PIECES),
    st.builds(
        lambda c, n: c * n,
        st.sampled_from(QUOTE_MARKS + ["\n", " ", "a", "."]),
        st.integers(1, 300),
    ),
)
articles = st.lists(fragments, max_size=60).map("".join)


def assert_offsets_honest(text: str) -> None:
    result = extract(text, model=DEFAULT_MODEL)
    for item in [*result.quotes, *result.claims]:
        assert 0 <= item.start <= item.end <= len(text), item
        assert text[item.start : item.end] == item.text, item


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles)
def test_random_text_never_raises_and_offsets_match_the_text(text):
    assert_offsets_honest(text)


HOSTILE = {
    "empty": "",
    "whitespace": " \n\t \n\n  ",
    "punctuation_only": "?!.,;:\"'“”«»()[]{}—–-…" * 200,
    "unbalanced_quotes": '"' * 501 + " said the minister. “" * 50,
    "nested_quotes": "He said “she said ‘they said “no” twice’ once” today." * 20,
    "rtl": "قال الوزير إن الأسعار انخفضت بنسبة ١٢ بالمئة. \u202eمرحبا\u202c " * 30,
    "cjk": "部长说：“价格下降了百分之十二。”他还表示，明年会更好。" * 40,
    "emoji": "The minister 😀 said: “prices 📉 fell by 12% 🎉,” he said. 👨‍👩‍👧‍👦 " * 40,
    "combining": "Z̷̡̢͖a̶͍l̴g̸o̵ said “t̶e̷x̸t̵” " * 50,
    "zero_width": "The\u200b minister\u200d said\ufeff “prices fell,” he\u2060 said. " * 40,
    "one_long_word": "a" * 100_000,
    "one_long_quote": "“" + "word " * 20_000 + "” said the minister.",
    "binaryish": "".join(chr(c) for c in range(0x20, 0x2FF)) * 20,
    "private_use": "\ue000\uf8ff said “\U000f0000” " * 100,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_never_raises_and_offsets_match_the_text(text):
    assert_offsets_honest(text)
