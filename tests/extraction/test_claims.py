"""Check-worthy claims on sentences written for these tests."""

from __future__ import annotations

import functools

import pytest
import spacy

from claims.extraction import DEFAULT_MODEL
from claims.extraction.claims import claim_threshold, find_claims
from claims.extraction.fingerprint import fingerprint
from claims.extraction.types import FoundQuote

ARTICLE = (
    "Unemployment in Ohio fell to 4.1 percent in March, the lowest rate since 2000. "
    "Isn't that something? "
    "I really hope the summer will be lovely. "
    '"We sent 3,000 troops to the border in 2021 and arrests dropped by half," '
    "Governor Jane Doe said. "
    "Thank you."
)


@functools.cache
def _nlp() -> spacy.Language:
    return spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])


def _quote(text: str, speaker: str) -> FoundQuote:
    start = text.index('"We sent')
    end = text.index('half,"') + len('half,"')
    return FoundQuote(text=text[start:end], start=start, end=end, kind="direct", speaker=speaker)


def _claims(text: str = ARTICLE, quotes: tuple[FoundQuote, ...] = ()) -> list:
    return find_claims(_nlp()(text), list(quotes), [])


def test_offsets_match_the_text():
    for claim in _claims():
        assert ARTICLE[claim.start : claim.end] == claim.text


def test_number_laden_fact_is_a_claim_and_opinion_and_question_are_not():
    texts = [c.text for c in _claims()]
    assert any(t.startswith("Unemployment in Ohio fell") for t in texts)
    assert not any("hope the summer" in t for t in texts)
    assert not any("Isn't that something" in t for t in texts)
    assert "Thank you." not in texts


def test_claims_are_ranked_by_score_above_the_threshold():
    scores = [c.score for c in _claims()]
    assert scores == sorted(scores, reverse=True)
    assert all(claim_threshold() <= s <= 1.0 for s in scores)


def test_claim_inside_a_quote_is_attributed_to_its_speaker():
    claims = _claims(quotes=(_quote(ARTICLE, "Jane Doe"),))
    [quoted] = [c for c in claims if "3,000 troops" in c.text]
    assert quoted.speaker == "Jane Doe"
    assert quoted.text.startswith("We sent 3,000 troops")
    assert "said" not in quoted.text
    assert ARTICLE[quoted.start : quoted.end] == quoted.text


def test_claim_outside_quotes_has_no_speaker():
    claims = _claims(quotes=(_quote(ARTICLE, "Jane Doe"),))
    [fact] = [c for c in claims if c.text.startswith("Unemployment")]
    assert fact.speaker is None


def test_claims_carry_reasons_and_fingerprints():
    [fact] = [c for c in _claims() if c.text.startswith("Unemployment")]
    assert fact.reasons[0] == "states a figure: 4.1 percent"
    assert "a record or superlative: lowest" in fact.reasons
    assert not any(r.startswith(("classifier", "named entity")) for r in fact.reasons)
    assert fact.fingerprint == fingerprint(fact.text)


def test_empty_document_has_no_claims():
    assert _claims("") == []


def test_a_heading_line_is_not_glued_to_the_next_sentence():
    text = "Budget news today\n\nThe council cut the school budget by $4 million in 2023."
    claims = _claims(text)
    assert "The council cut the school budget by $4 million in 2023." in [c.text for c in claims]
    assert all("\n" not in c.text for c in claims)


def _reported(text: str, clause: str, speaker: str | None) -> FoundQuote:
    start = text.index(clause)
    end = start + len(clause)
    return FoundQuote(text=clause, start=start, end=end, kind="indirect", speaker=speaker)


def test_claim_text_drops_a_leading_that_and_trailing_comma_but_offsets_stay_true():
    text = (
        "Mayor Jane Doe said that the city cut bus fares by 40 percent in 2022 and ridership "
        "doubled, pointing to the annual report."
    )
    clause = "that the city cut bus fares by 40 percent in 2022 and ridership doubled,"
    [claim] = [c for c in _claims(text, (_reported(text, clause, "Jane Doe"),)) if c.speaker]
    assert claim.text == "the city cut bus fares by 40 percent in 2022 and ridership doubled"
    assert text[claim.start : claim.end] == claim.text


@pytest.mark.parametrize(
    ("text", "claim_text"),
    [
        (  # a quotation closing the sentence keeps its closing mark
            "The county spent $4 million on 12 shelters, known locally as \u201cwarm rooms.\u201d",
            "The county spent $4 million on 12 shelters, known locally as \u201cwarm rooms.\u201d",
        ),
        (  # a sentence that is all one quotation loses the pair
            '"The county spent $4 million on 12 shelters in 2023."',
            "The county spent $4 million on 12 shelters in 2023.",
        ),
    ],
)
def test_claim_text_keeps_a_quotation_mark_whose_partner_it_holds(text, claim_text):
    [claim] = _claims(text)
    assert claim.text == claim_text
    assert text[claim.start : claim.end] == claim.text


def test_a_clause_ending_inside_a_quotation_takes_its_closing_mark():
    text = (
        'Analysts said that 39 percent of the 277 flaws are rated "highly critical". '
        "The vendor disputed it."
    )
    clause = 'that 39 percent of the 277 flaws are rated "highly critical'
    [claim] = [c for c in _claims(text, (_reported(text, clause, None),)) if "39" in c.text]
    assert claim.text == '39 percent of the 277 flaws are rated "highly critical"'
    assert text[claim.start : claim.end] == claim.text


def test_official_statement_ranks_at_least_as_high_as_the_same_words_in_prose():
    words = "the state sent 3,000 troops to the border in 2021 and arrests dropped by half"
    prose = f"In 2021 {words}."
    said = f"Governor Jane Doe said {words}."
    [unsaid] = _claims(prose)
    [attributed] = _claims(said, (_reported(said, words, "Jane Doe"),))
    assert attributed.speaker == "Jane Doe"
    assert attributed.score >= unsaid.score
    assert "attributed to Jane Doe" in attributed.reasons


def test_reasons_are_in_words():
    text = "Because of the drought, wheat prices rose faster than in any year since 1990."
    [claim] = _claims(text)
    assert "a causal claim" in claim.reasons
    assert "a comparison" in claim.reasons
    assert "states a figure: 1990" not in claim.reasons  # a year is a date, not a figure


def test_never_a_claim_sentences_are_dropped_before_scoring():
    text = (
        "The below is attributable to Spokesperson Ann Cole:\n\n"
        "The city cut bus fares by 40 percent in 2022 and ridership doubled."
    )
    texts = [c.text for c in _claims(text)]
    assert texts == ["The city cut bus fares by 40 percent in 2022 and ridership doubled."]
