"""Dismissing claims on the pages: the claim page's form, the queue's bulk action, the
dashboard's count. Reviewers only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import ClaimDismissal
from tests.views.factories import ClaimFactory

pytestmark = pytest.mark.django_db
ACTIONS = reverse("claims:queue_action")


def _dismiss(claim, client, **data):
    return client.post(reverse("claims:claim_dismiss", args=[claim.pk]), data)


def test_reviewer_dismisses_from_the_claim_page_and_sees_it_in_history(client, reviewer):
    claim = ClaimFactory(text="He was released on bail on Thursday.")
    client.force_login(reviewer)
    response = _dismiss(claim, client, reason="not_checkworthy", note="Routine court news.")
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Dismissed: Not check-worthy" in page
    assert "Routine court news." in page
    assert "Restore to the queue" in page
    assert reviewer.username in page


def test_dismissed_claim_leaves_the_queue_and_restore_brings_it_back(client, reviewer):
    claim = ClaimFactory(text="The match ended 3-1 after extra time.")
    client.force_login(reviewer)
    _dismiss(claim, client, reason="not_checkworthy")
    assert "The match ended" not in client.get(reverse("claims:queue")).content.decode()
    client.post(reverse("claims:claim_restore", args=[claim.pk]), {"note": "Sports bet claim."})
    assert "The match ended" in client.get(reverse("claims:queue")).content.decode()
    assert [d.action for d in ClaimDismissal.objects.order_by("pk")] == ["dismiss", "restore"]


def test_missing_reason_shows_the_page_again_with_a_400(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    response = _dismiss(claim, client, note="no reason")
    assert response.status_code == 400
    assert b"This field is required." in response.content
    assert not ClaimDismissal.objects.exists()


def test_editor_cannot_dismiss_and_sees_no_form(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    assert _dismiss(claim, client, reason="duplicate").status_code == 403
    assert b"Not worth checking?" not in client.get(claim.get_absolute_url()).content
    assert not ClaimDismissal.objects.exists()


def test_anonymous_post_goes_to_login_and_stores_nothing(client):
    response = _dismiss(ClaimFactory(), client, reason="duplicate")
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not ClaimDismissal.objects.exists()


def test_queue_dismiss_action_dismisses_the_ticked_claims(client, reviewer):
    first, second, left = (ClaimFactory(text=f"Claim number {n} here.") for n in (1, 2, 3))
    client.force_login(reviewer)
    queue = client.get(reverse("claims:queue")).content.decode()
    assert '<option value="dismiss">' in queue and f'value="{first.pk}"' in queue
    assert 'id="bulk-dismiss"' not in queue  # one action form, one checkbox a row
    assert queue.count(f'name="claims" value="{first.pk}"') == 1
    response = client.post(
        ACTIONS,
        {"action": "dismiss", "claims": [first.pk, second.pk], "reason": "duplicate"}
        | {"note": "Same as #1.", "next": "/?page=1"},
    )
    assert response.status_code == 302 and response["Location"] == "/?page=1"
    page = client.get(reverse("claims:queue")).content.decode()
    assert "Claim number 3" in page and "Claim number 1" not in page
    assert "2 claims dismissed." in page
    assert list(ClaimDismissal.objects.values_list("note", flat=True)) == ["Same as #1."] * 2


def test_dismiss_action_without_claims_or_reason_dismisses_nothing(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    response = client.post(ACTIONS, {"action": "dismiss", "reason": "duplicate"})
    assert response.status_code == 400 and "Tick at least one claim." in response.content.decode()
    response = client.post(ACTIONS, {"action": "dismiss", "claims": [claim.pk]})
    assert response.status_code == 400
    assert "Choose why the claims are not worth checking." in response.content.decode()
    response = client.post(ACTIONS, {"action": "dismiss", "claims": [claim.pk], "reason": "bad"})
    assert response.status_code == 400
    assert not ClaimDismissal.objects.exists()


def test_dismiss_action_ignores_an_offsite_next(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    response = client.post(
        ACTIONS,
        {"action": "dismiss", "claims": [claim.pk], "reason": "duplicate"}
        | {"next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_editor_may_not_dismiss_from_the_queue(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    queue = client.get(reverse("claims:queue")).content.decode()
    assert 'id="queue-actions"' in queue  # editors assign and release
    assert '<option value="dismiss">' not in queue and 'name="reason"' not in queue
    response = client.post(
        ACTIONS, {"action": "dismiss", "claims": [claim.pk], "reason": "duplicate"}
    )
    assert response.status_code == 403
    assert not ClaimDismissal.objects.exists()


def test_dashboard_counts_dismissals(client, reviewer):
    for reason in ("duplicate", "not_checkworthy", "not_checkworthy"):
        services.claim_dismiss(claim=ClaimFactory(), reviewer=reviewer, reason=reason)
    client.force_login(reviewer)
    page = client.get(reverse("claims:dashboard")).content.decode()
    assert '<div class="stat" id="dismissed-count">3</div>' in page


def test_restore_with_an_overlong_note_is_a_400_and_keeps_it_dismissed(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    _dismiss(claim, client, reason="duplicate")
    url = reverse("claims:claim_restore", args=[claim.pk])
    assert client.post(url, {"note": "x" * 10_001}).status_code == 400
    claim.refresh_from_db()
    assert claim.dismissed


def test_dismiss_action_with_a_bad_id_dismisses_nothing(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    data = {"action": "dismiss", "claims": [claim.pk, "abc"], "reason": "duplicate"}
    assert client.post(ACTIONS, data).status_code == 400
    assert client.post(ACTIONS, data | {"claims": [claim.pk, 10**9]}).status_code == 400
    assert not ClaimDismissal.objects.exists()
