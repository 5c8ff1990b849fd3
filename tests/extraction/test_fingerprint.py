"""Claim fingerprints: equal for trivially different forms, different when the facts differ."""

from __future__ import annotations

from claims.extraction.fingerprint import fingerprint, normalize_claim_text


def test_thousands_separator_does_not_change_the_fingerprint():
    assert fingerprint("He sent 3,000 troops.") == fingerprint("He sent 3000 troops.")


def test_curly_and_straight_quotes_and_case_match():
    curly = "\u201cThe Senate passed the bill,\u201d he said."
    straight = '"the senate passed the bill," HE SAID'
    assert fingerprint(curly) == fingerprint(straight)


def test_whitespace_and_unicode_forms_match():
    assert fingerprint("Prices  rose\u00a0by 5%") == fingerprint("prices rose by 5 %")


def test_changed_number_gives_a_different_fingerprint():
    assert fingerprint("He sent 3,000 troops.") != fingerprint("He sent 4,000 troops.")


def test_added_negation_gives_a_different_fingerprint():
    assert fingerprint("The plan raised taxes.") != fingerprint("The plan did not raise taxes.")
    assert fingerprint("The plan didn't raise taxes.") == fingerprint(
        "The plan did not raise taxes."
    )


def test_decimals_survive_and_trailing_zeros_go():
    assert normalize_claim_text("Growth was 3.5% and then 4.0%.") == (
        "growth 3.5 percent then 4 percent"
    )


def test_fingerprint_is_a_short_stable_hex_digest():
    value = fingerprint("Unemployment fell to 3.5 percent.")
    assert len(value) == 16
    assert int(value, 16) >= 0
    assert value == fingerprint("Unemployment fell to 3.5 percent.")
