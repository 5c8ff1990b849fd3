"""Dismissing claims on the pages: the claim page's form, the queue's bulk action, the
dashboard's count. Reviewers only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import ClaimDismissal
from tests.views.factories import ClaimFactory

pytestmark = pytest.mark.django_db


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


def test_queue_bulk_action_dismisses_the_ticked_claims(client, reviewer):
    first, second, left = (ClaimFactory(text=f"Claim number {n} here.") for n in (1, 2, 3))
    client.force_login(reviewer)
    queue = client.get(reverse("claims:queue")).content.decode()
    assert 'id="bulk-dismiss"' in queue and f'value="{first.pk}"' in queue
    response = client.post(
        reverse("claims:claims_dismiss"),
        {"claims": [first.pk, second.pk], "reason": "duplicate", "next": "/?page=1"},
    )
    assert response.status_code == 302 and response["Location"] == "/?page=1"
    page = client.get(reverse("claims:queue")).content.decode()
    assert "Claim number 3" in page and "Claim number 1" not in page
    assert ClaimDismissal.objects.count() == 2


def test_bulk_action_without_claims_dismisses_nothing(client, reviewer):
    ClaimFactory()
    client.force_login(reviewer)
    response = client.post(reverse("claims:claims_dismiss"), {"reason": "duplicate"})
    assert response.status_code == 302
    assert not ClaimDismissal.objects.exists()


def test_bulk_action_ignores_an_offsite_next(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:claims_dismiss"),
        {"claims": [claim.pk], "reason": "duplicate", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("claims:queue")


def test_editor_sees_no_bulk_action(client, editor):
    ClaimFactory()
    client.force_login(editor)
    assert b'id="bulk-dismiss"' not in client.get(reverse("claims:queue")).content


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


def test_bulk_action_with_a_bad_id_dismisses_nothing(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    client.post(
        reverse("claims:claims_dismiss"), {"claims": [claim.pk, "abc"], "reason": "duplicate"}
    )
    assert not ClaimDismissal.objects.exists()
