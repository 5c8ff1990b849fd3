"""API: `GET /api/claims/{id}/?as_of=YYYY-MM-DD` gives the verdict that stood on that date."""

from __future__ import annotations

import pytest

from claims.services import claim_group_merge, group_verdict_refresh
from tests.api.conftest import ApiClaimFactory
from tests.grouping import at, verdict_at

pytestmark = pytest.mark.django_db

URL = "/api/claims/"


@pytest.fixture
def claim(reviewer):
    row = ApiClaimFactory()
    verdict_at(row, "mixed", at(2021, 1, 10, 9), reviewer=reviewer)
    verdict_at(row, "contradicted", at(2021, 3, 1, 9), reviewer=reviewer)
    verdict_at(row, "verified", at(2021, 6, 1, 9), reviewer=reviewer)
    return row


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2021-01-10", "mixed"),
        ("2021-02-28", "mixed"),
        ("2021-03-01", "contradicted"),
        ("2021-05-31", "contradicted"),
        ("2021-06-01", "verified"),
        ("2030-01-01", "verified"),
    ],
)
def test_as_of_gives_the_verdict_that_stood_on_that_date(reader, claim, reviewer, day, expected):
    body = reader.get(f"{URL}{claim.pk}/", {"as_of": day}).json()
    as_of = body["verdict_as_of"]
    assert as_of["verdict"] == expected
    assert as_of["date"] == day
    assert as_of["reviewer"] == reviewer.username
    assert as_of["label"] == expected.replace("_", " ").capitalize()
    assert as_of["recorded_at"].startswith("2021-")
    assert body["current_verdict"] == "verified"


def test_as_of_before_any_verdict_is_null(reader, claim):
    assert reader.get(f"{URL}{claim.pk}/", {"as_of": "2020-12-31"}).json()["verdict_as_of"] is None


def test_as_of_uses_the_group_verdict_of_another_appearance(reader, claim, reviewer):
    repeat = ApiClaimFactory()
    claim_group_merge(claim=repeat, other=claim, reviewer=reviewer)
    claim.refresh_from_db()
    group_verdict_refresh(group=claim.group)
    as_of = reader.get(f"{URL}{repeat.pk}/", {"as_of": "2021-04-01"}).json()["verdict_as_of"]
    assert as_of["verdict"] == "contradicted"
    assert as_of["claim"] == claim.pk


@pytest.mark.parametrize("bad", ["2021-02-30", "yesterday", "14/08/2021", "2021-1-1x", "9" * 40])
def test_bad_as_of_is_a_400_with_a_field_message(reader, claim, bad):
    response = reader.get(f"{URL}{claim.pk}/", {"as_of": bad})
    assert response.status_code == 400
    assert "as_of" in response.json()


def test_empty_as_of_is_ignored(reader, claim):
    response = reader.get(f"{URL}{claim.pk}/", {"as_of": ""})
    assert response.status_code == 200
    assert response.json()["verdict_as_of"] is None


def test_as_of_on_an_unknown_claim_is_a_404(reader):
    assert reader.get(f"{URL}999999/", {"as_of": "2021-01-01"}).status_code == 404
