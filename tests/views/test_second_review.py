"""Pages: a draft verdict, approved or returned by a second reviewer on the claim page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.second_review import EVIDENCE
from tests.views.factories import ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_review")]


@pytest.fixture
def draft_claim(db):
    return ClaimFactory()


def test_recording_says_it_is_a_draft(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    data = {"verdict": "contradicted", "note": "", "evidence": EVIDENCE[0]}
    response = client.post(reverse("claims:claim_verdict", args=[claim.pk]), data, follow=True)
    html = response.content.decode()
    assert "Draft recorded: Contradicted." in html
    assert "Draft, awaiting second review" in html
    assert "Waiting for another reviewer" in html
    assert "Approve and publish" not in html


def test_second_reviewer_sees_the_buttons_and_approves(client, draft, second):
    client.force_login(second)
    html = client.get(draft.claim.get_absolute_url()).content.decode()
    assert "Approve and publish" in html and "Return to author" in html
    response = client.post(reverse("claims:verdict_approve", args=[draft.pk]), follow=True)
    html = response.content.decode()
    assert "Approved and published: Misleading." in html
    assert "Approved by <strong>bea-second</strong>" in html


def test_author_posting_approve_is_refused(client, draft, reviewer):
    client.force_login(reviewer)
    assert client.post(reverse("claims:verdict_approve", args=[draft.pk])).status_code == 403


def test_return_without_a_note_is_a_400_and_with_one_goes_back(client, draft, second):
    client.force_login(second)
    url = reverse("claims:verdict_return", args=[draft.pk])
    response = client.post(url, {"note": ""})
    assert response.status_code == 400
    assert "Say why the draft goes back" in response.content.decode()
    response = client.post(url, {"note": "Source is from 2019."}, follow=True)
    html = response.content.decode()
    assert "Returned by <strong>bea-second</strong>" in html and "Source is from 2019." in html


def test_editors_do_not_see_drafts(client, draft, editor):
    client.force_login(editor)
    html = client.get(draft.claim.get_absolute_url()).content.decode()
    assert "Draft" not in html


def test_approving_a_verdict_published_without_review_is_a_400_saying_why(client, second):
    claim = ClaimFactory()
    row = factories.VerdictFactory(claim=claim)
    client.force_login(second)
    response = client.post(reverse("claims:verdict_approve", args=[row.pk]))
    assert response.status_code == 400
    assert "published without second review" in response.content.decode()
