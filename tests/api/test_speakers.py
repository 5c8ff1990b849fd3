"""GET /api/speakers/ (search by name or alias) and /api/speakers/{id}/ (counts, tally)."""

from __future__ import annotations

import pytest

from claims.models import VerdictChoice
from tests.api.conftest import ApiClaimFactory
from tests.factories import QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

URL = "/api/speakers/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_anonymous_visitor_gets_401(api_client):
    assert api_client.get(URL).status_code == 401


def test_speakers_come_most_quoted_first_with_counts(reader):
    quiet, loud = SpeakerFactory(name="Ann Quiet"), SpeakerFactory(name="Bob Loud")
    QuoteFactory(speaker=quiet)
    QuoteFactory.create_batch(3, speaker=loud)
    ApiClaimFactory(speaker=loud)
    response = reader.get(URL)
    assert ids(response) == [loud.pk, quiet.pk]
    row = response.json()["results"][0]
    assert (row["quote_count"], row["claim_count"]) == (3, 1)
    assert row["aliases"] == loud.aliases


def test_search_matches_names_and_aliases(reader):
    price = SpeakerFactory(name="Ned Price", aliases=["Ned Price", "State Department spokesman"])
    SpeakerFactory(name="Jen Psaki")
    assert ids(reader.get(URL, {"search": "price"})) == [price.pk]
    assert ids(reader.get(URL, {"search": "spokesman"})) == [price.pk]
    assert ids(reader.get(URL, {"search": "zzz"})) == []


def test_detail_has_quote_counts_and_a_verdict_tally(reader):
    speaker = SpeakerFactory()
    QuoteFactory.create_batch(2, speaker=speaker, kind="direct")
    QuoteFactory(speaker=speaker, kind="indirect")
    QuoteFactory(speaker=speaker, kind="statement")
    ApiClaimFactory.create_batch(2, speaker=speaker, current_verdict="contradicted")
    ApiClaimFactory(speaker=speaker, current_verdict="verified")
    ApiClaimFactory(speaker=speaker)
    body = reader.get(f"{URL}{speaker.pk}/").json()
    assert body["quote_counts"] == {"total": 4, "direct": 2, "indirect": 1, "statement": 1}
    assert body["claim_count"] == 4
    assert set(body["verdict_tally"]) == set(VerdictChoice.values)
    assert body["verdict_tally"]["contradicted"] == 2
    assert body["verdict_tally"]["verified"] == 1
    assert body["verdict_tally"]["unreviewed"] == 1
    assert body["verdict_tally"]["misleading"] == 0


def test_unknown_speaker_is_a_404(reader):
    assert reader.get(f"{URL}987654/").status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_count_does_not_grow_with_page_size(reader, rows, django_assert_max_num_queries):
    for _ in range(rows):
        QuoteFactory(speaker=SpeakerFactory())
    with django_assert_max_num_queries(4):
        assert len(ids(reader.get(URL))) == rows


def test_detail_includes_the_monthly_record(reader, reviewer):
    import datetime as dt

    from tests.api.conftest import ApiClaimFactory
    from tests.factories import SpeakerFactory
    from tests.grouping import at, verdict_at

    speaker = SpeakerFactory(name="Ned Price")
    for day, verdict in [(3, "verified"), (9, "contradicted")]:
        claim = ApiClaimFactory(speaker=speaker, published=dt.date(2021, 8, day))
        verdict_at(claim, verdict, at(2021, 8, day), reviewer=reviewer)
    ApiClaimFactory(speaker=speaker, published=dt.date(2021, 7, 1))
    record = reader.get(f"/api/speakers/{speaker.pk}/").json()["monthly_record"]
    assert [(r["month"], r["claims"]) for r in record] == [("2021-07", 1), ("2021-08", 2)]
    assert record[1]["verdicts"]["verified"] == 1
    assert record[1]["verdicts"]["contradicted"] == 1
    assert record[0]["verdicts"]["unreviewed"] == 1
