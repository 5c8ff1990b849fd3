"""Small things a professional notices in the first hour: one date format, a confirm button
for a repeat, no doubled words in the history, a favicon, a heading and a skip link on every
page, a styled 403."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from claims.models import ClaimGroupEvent, GroupAction, Verdict, VerdictChoice
from claims.services import claim_group_merge, group_verdict_refresh
from tests import factories
from tests.grouping import at, claim, verdict_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(db):
    user = factories.UserFactory(username="rita")
    user.groups.add(Group.objects.get(name="reviewers"))
    return user


@pytest.fixture
def repeat(rita):
    """An unreviewed repeat of a claim rita found contradicted, with evidence."""
    first = claim("Unemployment fell to 3.5 percent in March.", score=0.9)
    again = claim("Unemployment fell to 3.5% in March.", score=0.8)
    claim_group_merge(claim=again, other=first, reviewer=rita)
    verdict_at(first, VerdictChoice.CONTRADICTED, at(2021, 8, 14, 10), reviewer=rita)
    first.refresh_from_db()
    group_verdict_refresh(group=first.group)
    again.refresh_from_db()
    return again


def test_confirm_button_repeats_the_earlier_verdict_with_its_evidence(client, rita, repeat):
    client.force_login(rita)
    html = client.get(repeat.get_absolute_url()).content.decode()
    assert "Confirm: Contradicted" in html
    earlier = Verdict.objects.exclude(claim=repeat).get()
    assert '<input type="hidden" name="verdict" value="contradicted">' in html
    assert f'<textarea name="evidence" hidden aria-hidden="true">{earlier.evidence[0]}&#10;' in html
    data = {
        "verdict": "contradicted",
        "note": earlier.note,
        "evidence": "\n".join(earlier.evidence),
    }
    response = client.post(reverse("claims:claim_verdict", args=[repeat.pk]), data)
    assert response.status_code == 302
    row = Verdict.objects.get(claim=repeat)
    assert (row.verdict, row.evidence) == ("contradicted", earlier.evidence)


def test_automatic_match_is_not_called_automatic_twice(client, editor):
    a, b = claim("Exports doubled to 40 billion."), claim("Exports doubled to 40 billion!")
    ClaimGroupEvent.objects.create(
        action=GroupAction.MATCH, claim=b, other_claim=a, to_group_id=1, score=91.0
    )
    client.force_login(editor)
    html = client.get(b.get_absolute_url()).content.decode()
    assert "Matched automatically" in html
    assert "automatically automatically" not in " ".join(html.split())
    assert 'automatically</span> <span class="when">automatically' not in html


def test_dates_use_one_format(client, editor, repeat):
    client.force_login(editor)
    html = client.get(reverse("claims:queue"), {"tab": "seen"}).content.decode()
    assert "on 14 Aug 2021 by rita" in html and "2021-08-14 by" not in html


@pytest.mark.parametrize("name", ["claims:queue", "claims:quote_search", "claims:dashboard"])
def test_every_page_has_a_favicon_a_skip_link_and_an_h1(client, editor, name):
    client.force_login(editor)
    html = client.get(reverse(name)).content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert "<h1" in html


def test_claim_page_has_an_h1(client, editor):
    client.force_login(editor)
    html = client.get(claim("Exports doubled to 40 billion.").get_absolute_url()).content.decode()
    assert '<h1 class="claim-h1">' in html


def test_403_page_is_styled_and_says_why(client, editor):
    client.force_login(editor)
    response = client.post(reverse("claims:claim_verdict", args=[claim("A 40% claim.").pk]), {})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>You may not do that</h1>" in html and "Only reviewers can record verdicts." in html
    assert "app.css" in html
