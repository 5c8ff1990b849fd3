"""Claims over time on the pages: group verdicts, the "seen before" queue tab, the verdict
timeline and `?as_of=`, reviewers' split and merge, the history with group events, and a
speaker's monthly record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import ClaimGroupEvent, GroupAction, VerdictChoice
from claims.services import claim_group_merge, claim_group_split, group_verdict_refresh
from tests import factories
from tests.grouping import at, claim, verdict_at

pytestmark = pytest.mark.django_db

TEXT = "Unemployment fell to 3.5 percent in March."


@pytest.fixture
def rita(db):
    from django.contrib.auth.models import Group

    user = factories.UserFactory(username="rita")
    user.groups.add(Group.objects.get(name="reviewers"))
    return user


@pytest.fixture
def pair(rita):
    """An appearance reviewed "contradicted" on 14 Aug 2021 by rita, and a repeat (unreviewed)
    in the same group."""
    first = claim(TEXT, score=0.9)
    repeat = claim("Unemployment fell to 3.5% in March.", score=0.8)
    claim_group_merge(claim=repeat, other=first, reviewer=rita)
    verdict_at(first, VerdictChoice.CONTRADICTED, at(2021, 8, 14, 10), reviewer=rita)
    refresh_group(first)
    first.refresh_from_db()
    repeat.refresh_from_db()
    return first, repeat


def refresh_group(c) -> None:
    """verdict_at writes rows directly; recompute the group's verdict as verdict_record does."""
    c.refresh_from_db()
    group_verdict_refresh(group=c.group)


def _url(name: str, pk: int) -> str:
    return reverse(f"claims:{name}", args=[pk])


# Queue --------------------------------------------------------------------------------------


def test_queue_shows_new_work_but_not_repeats_of_reviewed_claims(client, editor, pair):
    fresh = claim("Exports doubled to 40 billion dollars last year.")
    client.force_login(editor)
    html = client.get(reverse("claims:queue")).content.decode()
    assert fresh.text in html
    assert pair[1].text not in html
    assert 'aria-current="page">New work' in html


def test_seen_before_tab_lists_repeats_with_the_earlier_verdict(client, editor, pair):
    claim("Exports doubled to 40 billion dollars last year.")
    client.force_login(editor)
    response = client.get(reverse("claims:queue"), {"tab": "seen"})
    html = response.content.decode()
    assert response.status_code == 200
    assert pair[1].text in html
    assert "Seen before: Contradicted on 14 Aug 2021 by rita" in html
    assert "Exports doubled" not in html
    assert 'class="badge verdict v-contradicted"' in html  # the group verdict on the row


def test_queue_query_count_does_not_grow_with_rows(
    client, editor, rita, django_assert_max_num_queries
):
    for n in range(6):
        first = claim(f"Claim number {n} says 1{n} things.")
        repeat = claim(f"Claim number {n} says 1{n} things again.")
        claim_group_merge(claim=repeat, other=first, reviewer=rita)
        verdict_at(first, VerdictChoice.VERIFIED, at(2021, 8, 1 + n), reviewer=rita)
        refresh_group(first)
    client.force_login(editor)
    with django_assert_max_num_queries(11):  # 11 with the page's co-signers
        assert client.get(reverse("claims:queue"), {"tab": "seen"}).status_code == 200


def test_unknown_tab_falls_back_to_new_work(client, editor, pair):
    client.force_login(editor)
    response = client.get(reverse("claims:queue"), {"tab": "nope"})
    assert response.status_code == 200
    assert response.context["tab"] == "new"


# Claim page ---------------------------------------------------------------------------------


def test_claim_page_shows_the_group_verdict_and_seen_before_on_a_repeat(client, editor, pair):
    client.force_login(editor)
    html = client.get(_url("claim_detail", pair[1].pk)).content.decode()
    assert 'class="badge verdict v-contradicted"' in html
    assert "Seen before: Contradicted on 14 Aug 2021 by rita" in html


def test_other_appearances_are_the_group_members(client, editor, pair):
    client.force_login(editor)
    response = client.get(_url("claim_detail", pair[1].pk))
    assert [c.pk for c in response.context["appearances"]] == [pair[0].pk]


def test_timeline_draws_one_segment_per_verdict_with_dates(client, editor, rita):
    c = claim(TEXT)
    verdict_at(c, "mixed", at(2021, 1, 10), reviewer=rita)
    verdict_at(c, "contradicted", at(2021, 3, 1), reviewer=rita)
    verdict_at(c, "verified", at(2021, 6, 1), reviewer=rita)
    client.force_login(editor)
    html = client.get(_url("claim_detail", c.pk)).content.decode()
    assert html.count('<rect class="verdict v-') == 3
    for verdict in ("mixed", "contradicted", "verified"):
        assert f'<rect class="verdict v-{verdict}"' in html
    assert "10 Jan 2021" in html
    assert "Mixed from 10 Jan 2021 to 1 Mar 2021, by rita" in html


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2021-01-09", None),
        ("2021-01-10", "mixed"),
        ("2021-02-28", "mixed"),
        ("2021-03-01", "contradicted"),
        ("2021-07-01", "verified"),
    ],
)
def test_as_of_shows_the_verdict_that_stood_on_that_date(client, editor, rita, day, expected):
    c = claim(TEXT)
    verdict_at(c, "mixed", at(2021, 1, 10, 9), reviewer=rita)
    verdict_at(c, "contradicted", at(2021, 3, 1, 9), reviewer=rita)
    verdict_at(c, "verified", at(2021, 6, 1, 9), reviewer=rita)
    client.force_login(editor)
    response = client.get(_url("claim_detail", c.pk), {"as_of": day})
    assert response.status_code == 200
    row = response.context["as_of_verdict"]
    assert (row.verdict if row else None) == expected
    html = response.content.decode()
    assert "no verdict had been recorded yet" in html if expected is None else "by rita" in html


@pytest.mark.parametrize("bad", ["2021-02-30", "yesterday", "14/08/2021", "9" * 40])
def test_bad_as_of_is_a_400_with_a_form_error(client, editor, bad):
    c = claim(TEXT)
    client.force_login(editor)
    response = client.get(_url("claim_detail", c.pk), {"as_of": bad})
    assert response.status_code == 400
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()


def test_reviewer_sees_split_and_merge_controls_with_csrf(client, reviewer, pair):
    client.force_login(reviewer)
    html = client.get(_url("claim_detail", pair[1].pk)).content.decode()
    assert _url("claim_split", pair[1].pk) in html
    assert _url("claim_merge", pair[1].pk) in html
    assert "csrfmiddlewaretoken" in html


def test_editor_sees_no_split_or_merge_controls(client, editor, pair):
    client.force_login(editor)
    html = client.get(_url("claim_detail", pair[1].pk)).content.decode()
    assert _url("claim_split", pair[1].pk) not in html
    assert _url("claim_merge", pair[1].pk) not in html


def test_claim_page_history_interleaves_verdicts_and_group_events(client, editor, rita):
    first, other = claim(TEXT), claim("Inflation rose to 9 percent in 2022.")
    verdict_at(first, "mixed", at(2021, 1, 1), reviewer=rita)
    claim_group_merge(claim=other, other=first, reviewer=rita, note="Same statement.")
    ClaimGroupEvent.objects.filter(action=GroupAction.MERGE)  # recorded now, after the verdict
    client.force_login(editor)
    history = client.get(_url("claim_detail", first.pk)).context["history"]
    assert [entry["kind"] for entry in history] == ["group", "verdict"]
    assert history[0]["row"].note == "Same statement."


# Split and merge ----------------------------------------------------------------------------


def test_reviewer_splits_a_wrong_match(client, reviewer, pair):
    client.force_login(reviewer)
    response = client.post(_url("claim_split", pair[1].pk), {"note": "Different month."})
    assert response.status_code == 302
    pair[1].refresh_from_db()
    assert pair[1].group_id != pair[0].group_id
    event = ClaimGroupEvent.objects.get(action=GroupAction.SPLIT)
    assert (event.claim_id, event.reviewer, event.note) == (
        pair[1].pk,
        reviewer,
        "Different month.",
    )
    page = client.get(_url("claim_detail", pair[1].pk)).content.decode()
    assert "Split out" in page and "Different month." in page


def test_split_of_a_claim_alone_is_a_400_with_the_message(client, reviewer):
    alone = claim(TEXT)
    client.force_login(reviewer)
    response = client.post(_url("claim_split", alone.pk), {"note": ""})
    assert response.status_code == 400
    assert "not grouped with any other claim" in response.content.decode()


def test_reviewer_merges_two_groups(client, reviewer):
    a, b = claim(TEXT), claim("Unemployment dropped to 3.5 percent in March.")
    client.force_login(reviewer)
    response = client.post(_url("claim_merge", a.pk), {"other": b.pk, "note": "Same."})
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.group_id == b.group_id is not None
    assert ClaimGroupEvent.objects.filter(action=GroupAction.MERGE, claim=a).exists()


@pytest.mark.parametrize(
    ("other", "message"),
    [("", "This field is required."), ("abc", "Enter a whole number."), ("999999", "no claim")],
)
def test_merge_with_bad_other_claim_is_a_400(client, reviewer, other, message):
    a = claim(TEXT)
    client.force_login(reviewer)
    response = client.post(_url("claim_merge", a.pk), {"other": other})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_merge_with_itself_is_a_400(client, reviewer):
    a = claim(TEXT)
    client.force_login(reviewer)
    response = client.post(_url("claim_merge", a.pk), {"other": a.pk})
    assert response.status_code == 400
    assert "cannot be merged with itself" in response.content.decode()


@pytest.mark.parametrize("action", ["claim_split", "claim_merge"])
def test_editor_gets_403_on_split_and_merge(client, editor, pair, action):
    client.force_login(editor)
    response = client.post(_url(action, pair[1].pk), {"other": pair[0].pk})
    assert response.status_code == 403
    assert not ClaimGroupEvent.objects.exclude(action=GroupAction.MERGE).exists()
    assert ClaimGroupEvent.objects.count() == 1  # only the fixture's merge


@pytest.mark.parametrize("action", ["claim_split", "claim_merge"])
def test_anonymous_is_redirected_to_sign_in(client, pair, action):
    response = client.post(_url(action, pair[1].pk), {"other": pair[0].pk})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("action", ["claim_split", "claim_merge"])
def test_split_and_merge_need_csrf(reviewer, pair, action):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reviewer)
    assert strict.post(_url(action, pair[1].pk), {"other": pair[0].pk}).status_code == 403


@pytest.mark.parametrize("action", ["claim_split", "claim_merge"])
def test_split_and_merge_refuse_get(client, reviewer, pair, action):
    client.force_login(reviewer)
    assert client.get(_url(action, pair[1].pk)).status_code == 405


def test_split_of_unknown_claim_is_a_404(client, reviewer):
    client.force_login(reviewer)
    assert client.post(_url("claim_split", 999999)).status_code == 404


def test_split_then_page_shows_own_history_only(client, reviewer, pair):
    claim_group_split(claim=pair[1], reviewer=reviewer)
    client.force_login(reviewer)
    response = client.get(_url("claim_detail", pair[1].pk))
    assert response.context["timeline"].empty
    assert "Seen before" not in response.content.decode()


# Speaker page -------------------------------------------------------------------------------


def test_speaker_page_shows_verified_and_contradicted_per_month(client, editor, rita):
    speaker = factories.SpeakerFactory(name="Ned Price")
    for day, verdict in [(3, "verified"), (9, "contradicted"), (20, "contradicted")]:
        c = claim(f"Claim on day {day} of 1{day} items.", speaker=speaker)
        c.published = dt.date(2021, 8, day)
        c.save(update_fields=["published"])
        verdict_at(c, verdict, at(2021, 8, day), reviewer=rita)
    c = claim("A July claim about 7 ships.", speaker=speaker)
    c.published = dt.date(2021, 7, 2)
    c.save(update_fields=["published"])
    client.force_login(editor)
    response = client.get(reverse("claims:speaker_detail", args=[speaker.pk]))
    rows = response.context["monthly"]
    assert [(r["month"], r["verified"], r["contradicted"], r["other"]) for r in rows] == [
        (dt.date(2021, 8, 1), 1, 2, 0),
        (dt.date(2021, 7, 1), 0, 0, 1),
    ]
    html = response.content.decode()
    assert "Record by month" in html and "Aug 2021" in html


def test_split_and_merge_fields_do_not_reuse_the_verdict_forms_ids(client, reviewer, pair):
    client.force_login(reviewer)
    html = client.get(_url("claim_detail", pair[1].pk)).content.decode()
    assert html.count('id="id_note"') == 1
    assert 'id="id_split_note"' in html and 'id="id_merge_other"' in html
