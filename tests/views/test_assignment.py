"""Pages: take, assign and release a claim; the queue's Mine tab, filter and bulk actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import ClaimEvent
from claims.services import claim_assign
from tests import factories
from tests.views.factories import ClaimFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("claims:queue")
ACTIONS = reverse("claims:queue_action")


def _assign_url(claim) -> str:
    return reverse("claims:claim_assign", args=[claim.pk])


def test_reviewer_takes_a_claim_from_its_page_and_sees_in_progress(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    response = client.post(_assign_url(claim), {"reviewer": reviewer.username})
    assert response.status_code == 302
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "In progress by <strong>rita-reviewer</strong>" in page
    assert "Taken by <strong>rita-reviewer</strong>" in page
    assert "Release" in page


def test_taking_a_colleagues_claim_shows_the_reason_as_a_400(client, reviewer, colleague):
    claim = ClaimFactory()
    claim_assign(claim=claim, by=colleague, reviewer=colleague)
    client.force_login(reviewer)
    response = client.post(_assign_url(claim), {"reviewer": reviewer.username})
    assert response.status_code == 400
    assert "in progress by carl-colleague" in response.content.decode()


def test_editor_assigns_with_the_select(client, editor, reviewer):
    claim = ClaimFactory()
    client.force_login(editor)
    assert client.post(_assign_url(claim), {"reviewer": reviewer.username}).status_code == 302
    claim.refresh_from_db()
    assert claim.assignee == reviewer
    assert client.post(_assign_url(claim), {"reviewer": "ghost"}).status_code == 400


def test_user_in_no_role_may_not_assign(client, reviewer):
    client.force_login(factories.UserFactory(username="nora-nobody"))
    response = client.post(_assign_url(ClaimFactory()), {"reviewer": reviewer.username})
    assert response.status_code == 403


def test_mine_tab_lists_only_my_claims(client, reviewer, colleague):
    mine, theirs = ClaimFactory(text="Mine: 12 bridges."), ClaimFactory(text="Theirs: 9 dams.")
    claim_assign(claim=mine, by=reviewer, reviewer=reviewer)
    claim_assign(claim=theirs, by=colleague, reviewer=colleague)
    client.force_login(reviewer)
    html = client.get(QUEUE, {"tab": "mine"}).content.decode()
    assert "Mine: 12 bridges." in html and "Theirs: 9 dams." not in html
    assert "In progress by rita-reviewer" in html


def test_assigned_to_filter_by_username_or_nobody(client, editor, reviewer):
    held = ClaimFactory(text="Held: 40 schools.")
    ClaimFactory(text="Free: 3 ports.")
    claim_assign(claim=held, by=editor, reviewer=reviewer)
    client.force_login(editor)
    html = client.get(QUEUE, {"assignee": reviewer.username}).content.decode()
    assert "Held: 40 schools." in html and "Free: 3 ports." not in html
    html = client.get(QUEUE, {"assignee": "none"}).content.decode()
    assert "Free: 3 ports." in html and "Held: 40 schools." not in html


def test_bulk_assign_from_the_queue(client, editor, reviewer):
    first, second, untouched = ClaimFactory(), ClaimFactory(), ClaimFactory()
    client.force_login(editor)
    data = {
        "action": "assign",
        "reviewer": reviewer.username,
        "claims": [first.pk, second.pk],
        "next": "/?tab=new",
    }
    response = client.post(ACTIONS, data)
    assert response.status_code == 302
    assert response["Location"] == "/?tab=new"
    assert set(reviewer.assigned_claims.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert ClaimEvent.objects.count() == 2
    untouched.refresh_from_db()
    assert untouched.assignee is None


def test_bulk_action_refuses_an_off_site_next_and_bad_input(client, editor, reviewer):
    claim = ClaimFactory()
    client.force_login(editor)
    data = {"action": "assign", "reviewer": reviewer.username, "claims": [claim.pk]}
    response = client.post(ACTIONS, data | {"next": "https://evil.example.org/"})
    assert response["Location"] == "/"
    assert client.post(ACTIONS, {"action": "assign", "claims": [claim.pk]}).status_code == 400
    assert client.post(ACTIONS, {"action": "explode", "claims": [claim.pk]}).status_code == 400
    response = client.post(ACTIONS, {"action": "release"})
    assert response.status_code == 400
    assert "Tick at least one claim." in response.content.decode()


def test_reviewer_cannot_bulk_assign_to_a_colleague(client, reviewer, colleague):
    claim = ClaimFactory()
    client.force_login(reviewer)
    data = {"action": "assign", "reviewer": colleague.username, "claims": [claim.pk]}
    assert client.post(ACTIONS, data).status_code == 403  # not an action reviewers have
    claim.refresh_from_db()
    assert claim.assignee is None
    response = client.post(ACTIONS, {"action": "take", "claims": [claim.pk]})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.assignee == reviewer


def test_queue_shows_bulk_form_only_to_those_who_can_use_it(client, settings, reviewer):
    ClaimFactory()
    settings.PUBLIC_READ = True
    assert 'id="queue-actions"' not in client.get(QUEUE).content.decode()
    client.force_login(reviewer)
    assert 'id="queue-actions"' in client.get(QUEUE).content.decode()


def test_bulk_release_by_the_reviewer_and_by_an_editor(client, reviewer, editor, colleague):
    mine, theirs = ClaimFactory(), ClaimFactory()
    claim_assign(claim=mine, by=reviewer, reviewer=reviewer)
    claim_assign(claim=theirs, by=colleague, reviewer=colleague)
    client.force_login(reviewer)
    response = client.post(ACTIONS, {"action": "release", "claims": [mine.pk]})
    assert response.status_code == 302
    response = client.post(ACTIONS, {"action": "release", "claims": [theirs.pk]})
    assert response.status_code == 400  # a reviewer releases only their own claims
    theirs.refresh_from_db()
    assert theirs.assignee == colleague
    client.force_login(editor)
    assert client.post(ACTIONS, {"action": "release", "claims": [theirs.pk]}).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.assignee is None and theirs.assignee is None


def test_queue_lists_each_role_its_actions_in_one_select(client, reviewer, editor):
    ClaimFactory()
    client.force_login(reviewer)
    html = client.get(QUEUE).content.decode()
    options = [a for a in ("take", "assign", "release", "dismiss") if f'value="{a}"' in html]
    assert options == ["take", "release", "dismiss"]
    client.force_login(editor)
    html = client.get(QUEUE).content.decode()
    options = [a for a in ("take", "assign", "release", "dismiss") if f'value="{a}"' in html]
    assert options == ["assign", "release"]


def test_queue_actions_need_the_csrf_token(reviewer):
    from django.test import Client

    claim = ClaimFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.post(ACTIONS, {"action": "take", "claims": [claim.pk]}).status_code == 403
    html = client.get(QUEUE).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    data = {"action": "take", "claims": [claim.pk], "csrfmiddlewaretoken": token}
    assert client.post(ACTIONS, data).status_code == 302
    claim.refresh_from_db()
    assert claim.assignee == reviewer
