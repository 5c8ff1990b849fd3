"""Verdicts over time: as of a date, the timeline, and a speaker's monthly record."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import VerdictChoice as V
from claims.selectors.groups import (
    claim_verdict_as_of,
    claim_verdict_timeline,
    speaker_monthly_record,
)
from claims.services import claim_group_merge, claims_match
from tests import factories
from tests.grouping import at, claim, verdict_at

pytestmark = pytest.mark.django_db

TEXT = "Gas prices have risen 40 percent since January."


@pytest.fixture
def history(reviewer):
    """One claim: verified on 1 March, contradicted 10 June, misleading 23:59 on 1 Sept."""
    item = claim(TEXT)
    rows = [
        verdict_at(item, V.VERIFIED, at(2021, 3, 1, 9), reviewer=reviewer),
        verdict_at(item, V.CONTRADICTED, at(2021, 6, 10, 15)),
        verdict_at(item, V.MISLEADING, at(2021, 9, 1, 23, 59)),
    ]
    return item, rows


def test_before_the_first_verdict_there_is_none(history):
    item, _ = history
    assert claim_verdict_as_of(claim=item, date=dt.date(2021, 2, 28)) is None


def test_the_verdict_as_of_a_date_is_the_one_standing_at_the_end_of_that_day(history):
    item, (verified, contradicted, misleading) = history
    assert claim_verdict_as_of(claim=item, date=dt.date(2021, 3, 1)) == verified
    assert claim_verdict_as_of(claim=item, date=dt.date(2021, 6, 9)) == verified
    assert claim_verdict_as_of(claim=item, date=dt.date(2021, 6, 10)) == contradicted
    assert claim_verdict_as_of(claim=item, date=dt.date(2021, 8, 31)) == contradicted
    assert claim_verdict_as_of(claim=item, date=dt.date(2021, 9, 1)) == misleading
    assert claim_verdict_as_of(claim=item, date=dt.date(2030, 1, 1)) == misleading


def test_the_timeline_has_one_segment_per_verdict_ending_where_the_next_starts(history):
    item, (verified, contradicted, misleading) = history
    segments = claim_verdict_timeline(claim=item)
    assert [s.verdict_id for s in segments] == [verified.pk, contradicted.pk, misleading.pk]
    assert [s.start_date for s in segments] == [
        dt.date(2021, 3, 1),
        dt.date(2021, 6, 10),
        dt.date(2021, 9, 1),
    ]
    assert [s.end for s in segments] == [contradicted.created_at, misleading.created_at, None]
    assert (segments[0].label, segments[0].reviewer) == ("Verified", "rita-reviewer")


def test_an_empty_timeline_for_an_unreviewed_claim():
    assert claim_verdict_timeline(claim=claim(TEXT)) == []


def test_as_of_considers_the_whole_group_unless_asked_for_the_claim_alone(history, reviewer):
    item, (verified, contradicted, _) = history
    repeat = claim("Since January, gas prices have risen by 40%.")
    later = verdict_at(repeat, V.MIXED, at(2021, 7, 1, 12))
    claims_match(claims=[item])
    claims_match(claims=[repeat])
    item.refresh_from_db()
    repeat.refresh_from_db()
    assert item.group_id == repeat.group_id
    july = dt.date(2021, 7, 15)
    assert claim_verdict_as_of(claim=item, date=july) == later
    assert claim_verdict_as_of(claim=item, date=july, scope="claim") == contradicted
    assert claim_verdict_as_of(claim=repeat, date=dt.date(2021, 6, 30)) == contradicted
    assert [s.claim_id for s in claim_verdict_timeline(claim=repeat)] == [
        item.pk,
        item.pk,
        repeat.pk,
        item.pk,
    ]


def test_a_speakers_monthly_record_counts_each_claim_once_with_its_group_verdict(reviewer):
    speaker = factories.SpeakerFactory()
    march = factories.ArticleFactory(published=dt.date(2021, 3, 5))
    march_again = factories.ArticleFactory(published=dt.date(2021, 3, 20))
    april = factories.ArticleFactory(published=dt.date(2021, 4, 2))
    said = claim(TEXT, article=march, speaker=speaker)
    repeated = claim(
        "Since January, gas prices have risen by 40%.", article=march_again, speaker=speaker
    )
    other = claim(
        "The mayor cut the police budget by $150 million.",
        article=march_again,
        speaker=speaker,
        start=60,
        end=100,
    )
    again_in_april = claim(TEXT, article=april, speaker=speaker)
    claim("Someone else said this.", speaker=factories.SpeakerFactory())
    verdict_at(said, V.CONTRADICTED, at(2021, 3, 6, 9))
    verdict_at(other, V.VERIFIED, at(2021, 3, 21, 9))
    claim_group_merge(claim=repeated, other=said, reviewer=reviewer)
    claim_group_merge(claim=again_in_april, other=said, reviewer=reviewer)

    record = speaker_monthly_record(speaker=speaker)
    assert [row["month"] for row in record] == [dt.date(2021, 3, 1), dt.date(2021, 4, 1)]
    assert record[0]["claims"] == 2 and record[0]["appearances"] == 3
    assert (record[0]["contradicted"], record[0]["verified"], record[0]["unreviewed"]) == (1, 1, 0)
    assert (record[1]["claims"], record[1]["contradicted"]) == (1, 1)
    assert set(V.values) <= set(record[0])
