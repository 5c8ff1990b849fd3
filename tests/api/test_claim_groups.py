"""API: group_id and group_verdict on claims, the group's appearances on the detail, and
reviewers' split and merge endpoints."""

from __future__ import annotations

import pytest

from claims.models import ClaimGroupEvent, GroupAction
from claims.services import claim_group_merge, group_verdict_refresh
from tests.api.conftest import ApiClaimFactory
from tests.grouping import at, verdict_at

pytestmark = pytest.mark.django_db

URL = "/api/claims/"


@pytest.fixture
def pair(reviewer):
    """A reviewed claim and an unreviewed repeat in one group."""
    first, repeat = ApiClaimFactory(score=0.9), ApiClaimFactory(score=0.8)
    claim_group_merge(claim=repeat, other=first, reviewer=reviewer)
    verdict_at(first, "contradicted", at(2021, 8, 14, 10), reviewer=reviewer)
    first.refresh_from_db()
    group_verdict_refresh(group=first.group)
    repeat.refresh_from_db()
    return first, repeat


def test_detail_gives_group_id_group_verdict_and_the_groups_appearances(reader, pair):
    first, repeat = pair
    body = reader.get(f"{URL}{repeat.pk}/").json()
    assert body["group_id"] == first.group_id
    assert body["current_verdict"] == "unreviewed"
    assert body["group_verdict"] == "contradicted"
    assert body["seen_before"] is True
    assert [row["id"] for row in body["appearances"]] == [first.pk]
    assert body["verdict_as_of"] is None


def test_list_items_carry_group_id_and_group_verdict(reader, pair):
    ApiClaimFactory(score=0.1)
    rows = {row["id"]: row for row in reader.get(URL).json()["results"]}
    assert rows[pair[1].pk]["group_id"] == pair[0].group_id
    assert rows[pair[1].pk]["group_verdict"] == "contradicted"
    alone = [row for row in rows.values() if row["group_id"] is None]
    assert alone and alone[0]["group_verdict"] == alone[0]["current_verdict"]


@pytest.mark.parametrize("size", [3, 15])
def test_list_query_count_does_not_grow_with_page_size_of_grouped_claims(
    reader, reviewer, size, django_assert_max_num_queries
):
    for _ in range(size):
        a, b = ApiClaimFactory(), ApiClaimFactory()
        claim_group_merge(claim=b, other=a, reviewer=reviewer)
    with django_assert_max_num_queries(4):  # token user, count, page (+ a margin)
        assert reader.get(URL).status_code == 200


def test_detail_query_count_stays_flat_with_a_large_group(
    reader, reviewer, django_assert_max_num_queries
):
    first = ApiClaimFactory()
    for _ in range(6):
        claim_group_merge(claim=ApiClaimFactory(), other=first, reviewer=reviewer)
    # 12: one of them for the fact-checks of the claim published elsewhere, one for the group
    # history, two for the reader's permissions (drafts or not) and two for the co-signers of
    # the claim and of its appearances, whatever the group's size.
    with django_assert_max_num_queries(12):
        assert reader.get(f"{URL}{first.pk}/", {"as_of": "2021-01-01"}).status_code == 200


# Split and merge ----------------------------------------------------------------------------


def test_reviewer_splits_a_claim_out_of_its_group(reviewer_client, pair):
    response = reviewer_client.post(
        f"{URL}{pair[1].pk}/split/", {"note": "Wrong match."}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["claim"] == pair[1].pk and body["members"] == [pair[1].pk]
    assert body["group_id"] != pair[0].group_id
    assert body["group_verdict"] == "unreviewed"
    assert ClaimGroupEvent.objects.filter(action=GroupAction.SPLIT, note="Wrong match.").exists()


def test_split_of_a_claim_alone_is_a_400(reviewer_client):
    alone = ApiClaimFactory()
    response = reviewer_client.post(f"{URL}{alone.pk}/split/", {}, format="json")
    assert response.status_code == 400
    assert "not grouped" in str(response.json())


def test_reviewer_merges_two_claims(reviewer_client, reviewer):
    a, b = ApiClaimFactory(), ApiClaimFactory()
    verdict_at(b, "verified", at(2021, 5, 1), reviewer=reviewer)
    response = reviewer_client.post(f"{URL}{a.pk}/merge/", {"other": b.pk}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["members"] == sorted([a.pk, b.pk])
    assert body["group_verdict"] == "verified"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "other"),
        ({"other": "x"}, "other"),
        ({"other": 0}, "other"),
        ({"other": 999999}, "other"),
    ],
)
def test_merge_with_bad_other_is_a_400_naming_the_field(reviewer_client, payload, field):
    a = ApiClaimFactory()
    response = reviewer_client.post(f"{URL}{a.pk}/merge/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_merge_with_itself_is_a_400(reviewer_client):
    a = ApiClaimFactory()
    response = reviewer_client.post(f"{URL}{a.pk}/merge/", {"other": a.pk}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("action", ["split", "merge"])
def test_editor_gets_403(reader, pair, action):
    response = reader.post(f"{URL}{pair[1].pk}/{action}/", {"other": pair[0].pk}, format="json")
    assert response.status_code == 403
    assert ClaimGroupEvent.objects.count() == 1  # the fixture's merge only


@pytest.mark.parametrize("action", ["split", "merge"])
def test_anonymous_gets_401(api_client, pair, action):
    response = api_client.post(f"{URL}{pair[1].pk}/{action}/", {"other": 1}, format="json")
    assert response.status_code == 401


@pytest.mark.parametrize("action", ["split", "merge"])
def test_unknown_claim_is_a_404(reviewer_client, action):
    response = reviewer_client.post(f"{URL}999999/{action}/", {"other": 1}, format="json")
    assert response.status_code == 404


def test_group_verdict_filter_finds_unreviewed_repeats_that_verdict_leaves_out(reader, pair):
    first, repeat = pair
    by_verdict = [r["id"] for r in reader.get(f"{URL}?verdict=contradicted").json()["results"]]
    by_group = [r["id"] for r in reader.get(f"{URL}?group_verdict=contradicted").json()["results"]]
    assert by_verdict == [first.pk]
    assert sorted(by_group) == sorted([first.pk, repeat.pk])
    assert reader.get(f"{URL}?group_verdict=nonsense").status_code == 400


def test_detail_lists_the_group_events_split_and_merge_included(reader, reviewer, pair):
    from claims.services import claim_group_split

    first, repeat = pair
    claim_group_split(claim=repeat, reviewer=reviewer, note="Different dates.")
    events = reader.get(f"{URL}{repeat.pk}/").json()["group_events"]
    assert [e["action"] for e in events] == ["split", "merge"]
    assert events[0]["reviewer"] == reviewer.username
    assert events[0]["note"] == "Different dates."
    assert events[1]["claim"] == repeat.pk and events[1]["other_claim"] == first.pk
