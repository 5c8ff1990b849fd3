"""Never-a-claim rules, each on sentences written for these tests."""

from __future__ import annotations

import functools

import pytest
import spacy
from spacy.tokens import Span

from claims.extraction import DEFAULT_MODEL
from claims.extraction.selection import never_a_claim


@functools.cache
def _nlp() -> spacy.Language:
    return spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])


def _sentence(text: str) -> Span:
    return _nlp()(text)[:]


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("Did the council raise the water tax by 12 percent last year?", "question"),
        ("Q Thank you, Jen.", "transcript question"),
        ("Q Two on the bridge project.", "transcript question"),
        ("The following is attributable to Deputy Mayor Ann Cole:", "introduces what follows"),
        ("Here is the full text of the letter:", "introduces what follows"),
        ("Remarks by the Governor at the Harbour Opening", "fragment without a verb"),
        ("Office of the Press Secretary", "fragment without a verb"),
        ("Good afternoon, everybody.", "greeting or thanks"),
        ("I want to thank the volunteers of the Riverside shelter.", "greeting or thanks"),
        ("Thank you all for coming to Springfield tonight.", "greeting or thanks"),
        ("Welcome to the annual harbour festival.", "greeting or thanks"),
        (
            "The two ministers discussed trade and reaffirmed their commitment to open ports.",
            "readout formula",
        ),
        ("Minister Rao spoke today with her Canadian counterpart.", "readout formula"),
        ("The two officials condemned the attack on the embassy.", "readout formula"),
        ("The Governor will travel to Dayton on Thursday.", "schedule"),
        ("The hearing is scheduled to begin at 10 a.m. in Room 4.", "schedule"),
        ("The ministers will visit the new port on Friday.", "schedule"),
        ("Tickets will be handed out at the east gate.", "schedule"),
        ("Let us get this bridge built.", "exhortation"),
        ("Join us in the fight for cleaner rivers.", "exhortation"),
        ("We must do better for our children.", "exhortation"),
        ("For more details, please contact the press office.", "exhortation"),
        ("We have to stand together.", "exhortation"),
        ("I believe our best days are still ahead.", "opinion"),
        ("We hope the talks go well.", "opinion"),
        ("We are determined to end this scourge.", "opinion"),
    ],
)
def test_rule_rules_the_sentence_out(sentence: str, rule: str):
    assert never_a_claim(_sentence(sentence)) == rule


@pytest.mark.parametrize(
    "sentence",
    [
        "Unemployment in Ohio fell to 4.1 percent in March, the lowest rate since 2000.",
        "The city spent $2 million more on roads than it did in 2019.",
        "The new plant caused the river's fish population to drop by half.",
        "Mayor Ruiz said the bridge cost $40 million.",
        "We have seen coal production rise for three years.",  # 'have' of the perfect
        "Officials held 40 people overnight.",  # past event, not a schedule
        "The two ministers met with 300 farmers in Lyon in 2019.",  # a figure: checkable
        "Health insurance premiums, up $2,500.",  # verbless but states a figure
        "The highest unemployment of any developed nation.",  # verbless superlative
        "He wrote a letter thanking the mayor for the $5 million grant.",
        "The plan will create 7.5 million jobs by 2030.",  # a forecast with a figure
        # A readout verb with an inanimate subject is news prose, not a readout formula.
        "The ruling highlights the rapid collapse of the coalition, including its loss of the "
        "northern province.",
    ],
)
def test_checkable_statement_is_not_ruled_out(sentence: str):
    assert never_a_claim(_sentence(sentence)) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Let me say that the council balanced the budget in 2019.",
        "For the record, the mayor signed the bill.",
        "The two leaders discussed how inflation fell to 3 percent.",
    ],
)
def test_framed_or_figured_statement_is_kept(sentence: str):
    assert never_a_claim(_sentence(sentence)) is None
