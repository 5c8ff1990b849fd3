"""The matcher's decision (claims.claim_decision): meaning first, then a fact-checker's checks.

Cases written for these tests (not the measured pairs set, which is bench/data/).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import numpy as np
import pytest

from claims import claim_comparison, claim_decision
from claims.embedding import DIMS, encode

DAY = date(2024, 3, 5)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A paraphrase: other words, the same claim.
        (
            "The new law caps the cost of insulin at $35 a month for seniors on Medicare.",
            "For seniors on Medicare, the new law caps insulin costs at $35 a month.",
        ),
        (
            "The unemployment rate is the lowest it has been in 50 years.",
            "We have the lowest unemployment rate in over 50 years.",
        ),
        # Word forms do not block: "Revitalize" / "Revitalizing".
        (
            "The Revitalize Main Street Act gives towns $2 billion for downtown repairs.",
            "The Revitalizing Main Street Act gives towns $2 billion for downtown repairs.",
        ),
        # Numbers that are parts of names are no figures: COVID-19, Title 42, fiscal year 2025.
        (
            "Hospital admissions for COVID-19 fell by half after the vaccines arrived.",
            "After the vaccines arrived, hospital admissions fell by half.",
        ),
        (
            "The administration ended the Title 42 expulsions at the southern border.",
            "Title 42 expulsions at the southern border were ended by the administration.",
        ),
        (
            "The fiscal year 2025 budget adds 1,200 border agents.",
            "The budget adds 1,200 border agents.",
        ),
        # "one of" is not the figure 1.
        (
            "Cutting junk fees is one of the ways we are lowering costs for families.",
            "Cutting junk fees is a way we are lowering costs for families.",
        ),
        # Other words and another order, which a bag of words scored too low.
        (
            "Since January, the price of a gallon of milk has dropped by 40 cents.",
            "Milk is 40 cents a gallon cheaper than it was in January.",
        ),
        # One restatement adds context figures; the claim's figure is shared.
        (
            "The port handled 2.1 million containers in 2023, a record, and employs 4,000 people.",
            "The port handled a record 2.1 million containers in 2023.",
        ),
        # The speaking government named or said "we"; "not just ... but" is no negation.
        (
            "We have sent 600 tons of medical supplies to Moldova since the floods.",
            "The United States has sent 600 tons of medical supplies to Moldova since the floods.",
        ),
        (
            "The fund pays not just for seeds but for irrigation pumps in Malawi.",
            "The fund pays for seeds and for irrigation pumps in Malawi.",
        ),
        # A hyphenated name's lower-case part is no name: "Iran-backed" / "Iranian-supported".
        (
            "Israel has the right to defend itself against Iran-backed militias in Syria.",
            "Israel has a right to defend itself against Iranian-supported militias in Syria.",
        ),
    ],
)
def test_restatements_of_the_same_claim_match(a, b):
    decision = claim_decision.decide(a, b)
    assert decision.same, decision


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # The same template about another person, place or country in a list.
        (
            "He tested negative for COVID-19 on Monday.",
            "She tested negative for COVID-19 on Monday.",
        ),
        (
            "The Department designated Ivan Petrov under Section 7031(c) for corruption.",
            "The Department designated Oleg Sidorov under Section 7031(c) for corruption.",
        ),
        (
            "Leaders from France, Germany and Italy signed the pledge.",
            "Leaders from France, Germany and Spain signed the pledge.",
        ),
        # Another figure: "13" is not "13.6 billion".
        (
            "The program has delivered 13 billion dollars to small farms.",
            "The program has delivered 13.6 billion dollars to small farms.",
        ),
        # Another ordinal: the fifth event of a series is not the twenty-fourth.
        (
            "This was the fifth in a series of forums on rural broadband.",
            "This was the twenty-fourth in a series of forums on rural broadband.",
        ),
        # Opposite polarity.
        ("The governor signed the water bill.", "The governor did not sign the water bill."),
        # Each side has a figure of its own: adding is allowed, replacing is not.
        (
            "The port handled 2.1 million containers in 2023 and employs 4,000 people.",
            "The port handled 2.1 million containers in 2023 and employs 6,500 people.",
        ),
        # A figure against none: the fifth round of talks is not "a round of talks".
        (
            "This was the fifth round of talks on the Black Sea grain corridor.",
            "This was a round of talks on the Black Sea grain corridor.",
        ),
        # The United States against another government that also says "we" elsewhere.
        (
            "The United States condemned the missile launch by the DPRK.",
            "Japan condemned the missile launch by the DPRK.",
        ),
    ],
)
def test_the_same_template_about_something_else_does_not_match(a, b):
    decision = claim_decision.decide(a, b)
    assert not decision.same, decision


def test_an_event_reported_today_matches_only_the_same_days_report():
    a = "The Secretary spoke today with Foreign Minister Kuleba about grain exports."
    b = "The Secretary spoke today with Foreign Minister Kuleba about grain exports."
    assert claim_decision.decide(a, b, DAY, DAY).same
    assert not claim_decision.decide(a, b, DAY, date(2024, 5, 9)).same
    # Without dates nothing says the events differ.
    assert claim_decision.decide(a, b).same


def test_yesterday_in_the_next_days_article_is_the_same_event():
    a = "The President met today with the Prime Minister of Japan."
    b = "The President met yesterday with the Prime Minister of Japan."
    assert claim_decision.decide(a, b, DAY, date(2024, 3, 6)).same
    assert not claim_decision.decide(a, b, DAY, date(2024, 3, 9)).same


def test_a_readout_sentence_of_another_meeting_is_another_event():
    text = "The leaders reaffirmed their support for Ukraine's sovereignty."
    assert claim_decision.decide(text, text, DAY, DAY).same
    assert not claim_decision.decide(text, text, DAY, date(2024, 8, 1)).same


def test_a_figure_one_sentence_adds_as_a_year_is_no_conflict_but_two_years_are():
    a = claim_comparison.features("The city opened 40 shelters in 2021.")
    b = claim_comparison.features("The city opened 40 shelters.")
    c = claim_comparison.features("The city opened 40 shelters in 2022.")
    assert claim_comparison.conflict(a, b) is None
    assert claim_comparison.conflict(a, c) == "dates differ"


def test_no_more_than_is_a_limit_not_a_negation():
    limit = claim_comparison.features("Seniors pay no more than $35 a month for insulin.")
    plain = claim_comparison.features("Seniors pay $35 a month for insulin.")
    refused = claim_comparison.features("Seniors do not pay $35 a month for insulin.")
    assert not limit.negated
    assert claim_comparison.conflict(limit, plain) is None
    assert claim_comparison.conflict(refused, plain) == "negation differs"


def test_a_name_and_its_adjective_or_acronym_are_the_same_name():
    a = claim_comparison.features("The Affordable Care Act covers 21 million Israelis.")
    b = claim_comparison.features("The ACA covers 21 million people in Israel.")
    assert claim_comparison.conflict(a, b) is None


def test_the_encoder_gives_unit_vectors_deterministically():
    vectors = encode(["Prices rose.", "Prices rose.", ""])
    assert vectors.shape == (3, DIMS)
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 1.0, atol=1e-3)  # float16 steps
    assert np.array_equal(vectors[0], vectors[1])
    assert not vectors[2].any()


def test_the_decision_module_loads_neither_django_nor_the_encoder_until_it_compares():
    code = (
        "import sys, claims.claim_decision\n"
        "sys.exit(any(m in sys.modules for m in "
        "('django', 'numpy', 'tokenizers', 'torch', 'onnxruntime')))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A country's abbreviation, demonym or seat of government against its name.
        (
            "PRC authorities detained 40 journalists in Xinjiang and Tibet.",
            "The Chinese Government detained 40 journalists in Xinjiang and Tibet.",
        ),
        (
            "Pyongyang launched 12 ballistic missiles toward Japan.",
            "North Korea launched 12 ballistic missiles toward Japan.",
        ),
        (
            "The Dutch government pledged $50 million to Ukraine.",
            "The Netherlands pledged $50 million to Ukraine.",
        ),
        # A titled name against its title alone, while the other sentence names another actor.
        (
            "President Biden signed the wildfire bill.",
            "The President signed the wildfire bill with Governor Newsom.",
        ),
        (
            "President Biden and Vice President Harris met the union leadership.",
            "The President and Vice President met the AFL-CIO leadership.",
        ),
    ],
)
def test_one_actor_named_two_ways_is_no_conflict(a, b):
    features_a, features_b = claim_comparison.features(a), claim_comparison.features(b)
    assert claim_comparison.conflict(features_a, features_b) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Two Koreas: "DPRK" reads as North Korea, "ROK" as South Korea.
        (
            "The DPRK launched 12 ballistic missiles toward Japan.",
            "The ROK launched 12 ballistic missiles toward Japan.",
        ),
        # "the President of Kenya" is a title with its own name, not "the President" alone.
        (
            "President Biden signed the trade pact.",
            "The President of Kenya signed the trade pact with Governor Newsom.",
        ),
        # The title alone covers the Vice President only as "the Vice President".
        (
            "Vice President Harris met the union leadership.",
            "The President met the Teamsters leadership.",
        ),
        # A demonym of another country is another actor.
        (
            "The French government pledged $50 million to Ukraine.",
            "The Dutch government pledged $50 million to Ukraine.",
        ),
    ],
)
def test_other_actors_behind_titles_and_country_names_still_conflict(a, b):
    assert (
        claim_comparison.conflict(claim_comparison.features(a), claim_comparison.features(b))
        == "names differ"
    )


def _conflict(a: str, b: str, a_date: date | None = None, b_date: date | None = None):
    return claim_comparison.conflict(
        claim_comparison.features(a), claim_comparison.features(b), a_date, b_date
    )


def test_two_offices_acting_in_the_same_words_are_two_people():
    president = "The President underscored the importance of the ceasefire in Gaza."
    vice = "The Vice President underscored the importance of the ceasefire in Gaza."
    assert _conflict(president, vice) == "another office"
    # A title against no title, or the same office named two ways, is no conflict.
    assert _conflict(president, "We underscored the importance of the ceasefire in Gaza.") is None
    assert _conflict(vice, "Vice President Harris underscored the ceasefire in Gaza.") is None


def test_the_person_quoted_as_a_source_is_not_an_actor():
    a = "The Secretary reiterated that the two peoples equally deserve to live in safety."
    b = "As President Biden has said, we believe the two peoples equally deserve to live in safety."
    assert _conflict(a, b) is None
    assert _conflict(a, "President Biden said the two peoples deserve to live in safety.") == (
        "another office"
    )


def test_an_announced_engagement_is_the_one_of_the_same_days():
    a = "In Hanoi, the Secretary will meet with the Foreign Minister to discuss trade."
    b = "In Hanoi, the Secretary will meet with the Foreign Minister to discuss trade and climate."
    assert _conflict(a, b, DAY, date(2024, 3, 8)) is None
    assert _conflict(a, b, DAY, date(2024, 6, 20)) == "another event"
    # The meeting reported after it took place, a few days after the announcement.
    met = "The Secretary met with the Foreign Minister in Hanoi to discuss trade."
    assert _conflict(a, met, DAY, date(2024, 3, 9)) is None


def test_a_readout_of_a_persons_act_months_apart_is_another_event():
    a = "President Biden condemned the arbitrary detention of the two aid workers."
    b = "The President also condemned the arbitrary detention of the two aid workers."
    assert _conflict(a, b, DAY, date(2024, 3, 7)) is None
    assert _conflict(a, b, DAY, date(2024, 7, 1)) == "another event"
    # "called ... garbage" is a description, not a readout's act.
    said = "Representative Boebert called the infrastructure law garbage."
    assert _conflict(said, said, DAY, date(2024, 7, 1)) is None


def test_a_sentence_about_its_own_agreement_or_meeting_is_bound_to_its_date():
    text = "The annexes and footnotes to this Agreement constitute an integral part of it."
    assert _conflict(text, text, DAY, date(2024, 3, 8)) is None
    assert _conflict(text, text, DAY, date(2025, 1, 8)) == "another event"
    # A standing description without such a pointer is not tied to a date.
    law = "The law caps out-of-pocket drug costs at $2,000 a year for seniors."
    assert _conflict(law, law, DAY, date(2025, 1, 8)) is None


def test_ones_as_a_pronoun_is_no_figure():
    a = claim_comparison.features("Airlines must disclose the fee to sit next to one's kid.")
    assert not a.numbers


def test_days_and_times_are_dates_one_side_may_add():
    planned = "On March 10, the Deputy Secretary will meet the Foreign Minister at 4:00 p.m."
    plain = "The Deputy Secretary will meet the Foreign Minister."
    other_day = "On March 12, the Deputy Secretary will meet the Foreign Minister."
    assert _conflict(planned, plain) is None
    assert _conflict(planned, other_day) == "dates differ"
    # A month before an amount is no day: "In March 2 million people voted".
    assert "2000000" in claim_comparison.features("In March 2 million people voted.").numbers


def test_a_lists_first_item_is_no_ordinal():
    a = "First, the White House released a guidebook on climate funding for small businesses."
    b = "The White House released a guidebook on climate funding for small businesses."
    assert _conflict(a, b) is None
    assert _conflict("It was the first guidebook of its kind.", "It was a guidebook.") == (
        "numbers differ"
    )
