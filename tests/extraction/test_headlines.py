"""A text's headline is context: it names whom a transcript's "THE PRESIDENT:" means."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from claims.extraction import extract, extract_many
from claims.extraction.speakers import SpeakerRegistry
from claims.extraction.transcripts import resolve_label

REMARKS = """The Rose Garden

11:02 A.M. EDT

THE PRESIDENT: Thank you. Wages grew 5 percent last year across the whole country.

QUESTION: Mr. President, what about prices?

THE PRESIDENT: Prices fell 2 percent in the last quarter, the first fall in a decade.

THE PRESIDENT: And we opened 40 new clinics in rural counties this year.
"""


@pytest.mark.parametrize(
    ("headline", "label", "name"),
    [
        ("Remarks by President Alvarez During Tour of a Steel Plant", "THE PRESIDENT", "Alvarez"),
        ("Remarks by President Maria Alvarez on the Economy", "THE PRESIDENT", "Maria Alvarez"),
        ("Address by President Maria T. Alvarez, Jr.", "THE PRESIDENT", "Maria T. Alvarez"),
        ("Remarks by President Alvarez Announcing New Clinics", "THE PRESIDENT", "Alvarez"),
        ("Remarks by Vice President Reyes at a Rally", "THE VICE PRESIDENT", "Reyes"),
        ("Remarks by Vice President Reyes at a Rally", "THE PRESIDENT", None),
        (
            "Remarks by President Alvarez and First Lady Ann Cole at a Fair",
            "THE FIRST LADY",
            "Ann Cole",
        ),
    ],
)
def test_a_role_label_takes_the_name_the_headline_gives(headline, label, name):
    found, _ = resolve_label(label, "No names here.", SpeakerRegistry(), 0, headline)
    assert found == name


def test_the_headline_resolves_every_turn_of_remarks_that_never_name_the_speaker():
    alone = extract(REMARKS)  # without the headline: the office only, nobody named
    turns = [q for q in alone.quotes if q.cue == "transcript"]
    assert {(q.speaker, q.speaker_title) for q in turns} == {(None, "President")}

    found = extract(REMARKS, title="Remarks by President Maria Alvarez on the Economy")
    turns = [q for q in found.quotes if q.cue == "transcript"]
    assert [q.speaker for q in turns] == ["Maria Alvarez"] * 3
    assert turns[0].speaker_title == "President"
    assert all(REMARKS[q.start : q.end] == q.text for q in found.quotes + found.claims)
    assert not any("Rose Garden" in q.text or "Remarks" in q.text for q in found.quotes)


def test_titles_go_with_their_texts_in_a_batch():
    first, second, third = extract_many(
        [REMARKS, REMARKS, REMARKS],
        titles=["Remarks by President Maria Alvarez", None, "Remarks by President Lee Park"],
    )
    assert {q.speaker for q in first.quotes if q.cue == "transcript"} == {"Maria Alvarez"}
    assert {q.speaker for q in second.quotes if q.cue == "transcript"} == {None}
    assert {q.speaker for q in third.quotes if q.cue == "transcript"} == {"Lee Park"}


def test_the_headline_does_not_override_a_name_the_label_gives():
    text = REMARKS.replace("THE PRESIDENT", "PRESIDENT OKAFOR")
    found = extract(text, title="Remarks by President Maria Alvarez")
    turns = [q for q in found.quotes if q.cue == "transcript"]
    assert turns and {q.speaker for q in turns} == {"Okafor"}


def test_extract_text_uses_a_seed_headers_title(tmp_path):
    path = tmp_path / "remarks.txt"
    content = "title Remarks by President Maria Alvarez on the Economy\n\n" + REMARKS
    path.write_text(content, encoding="utf-8")
    out = StringIO()
    call_command("extract_text", str(path), stdout=out)
    found = json.loads(out.getvalue())
    turns = [q for q in found["quotes"] if q["cue"] == "transcript"]
    assert turns and {q["speaker"] for q in turns} == {"Maria Alvarez"}
    assert all(content[q["start"] : q["end"]] == q["text"] for q in found["quotes"])


def test_extract_text_jsonl_reads_an_optional_title(tmp_path):
    path = tmp_path / "in.jsonl"
    rows = [
        {"id": 1, "text": REMARKS, "title": "Remarks by President Lee Park"},
        {"id": 2, "text": REMARKS},
        {"id": 3, "text": REMARKS, "title": 7},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = StringIO()
    call_command("extract_text", str(path), "--jsonl", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    speakers = [{q["speaker"] for q in ln["quotes"] if q["cue"] == "transcript"} for ln in lines]
    assert speakers == [{"Lee Park"}, {None}, {None}]


@pytest.mark.django_db
def test_an_ingested_articles_title_names_the_speaker_of_its_transcript():
    from claims.models import Quote
    from claims.services.extraction import article_extract, articles_extract
    from tests.factories import ArticleFactory

    one = ArticleFactory(title="Remarks by President Maria Alvarez on the Economy", body=REMARKS)
    body = REMARKS.replace("Thank you.", "Thanks.")  # the same body would be a duplicate
    two = ArticleFactory(title="Remarks by President Lee Park on Trade", body=body)
    article_extract(article=one)
    articles_extract(articles=[two])
    for article, name in ((one, "Maria Alvarez"), (two, "Lee Park")):
        quotes = Quote.objects.filter(article=article, cue="transcript")
        assert quotes.count() == 3
        assert {q.speaker.name for q in quotes} == {name}


def test_a_surname_from_the_headline_is_not_widened_to_a_namesake():
    text = "First Lady Ann Alvarez opened the fair on Monday.\n\n" + REMARKS
    found = extract(text, title="Remarks by President Alvarez at the State Fair")
    turns = [q for q in found.quotes if q.cue == "transcript"]
    assert turns and {q.speaker for q in turns} == {"Alvarez"}


def test_a_surname_from_the_headline_takes_the_full_name_of_the_text_s_president():
    text = '"We will win," President Maria Alvarez said on Monday.\n\n' + REMARKS
    found = extract(text, title="Remarks by President Alvarez at the State Fair")
    turns = [q for q in found.quotes if q.cue == "transcript"]
    assert turns and {q.speaker for q in turns} == {"Maria Alvarez"}
