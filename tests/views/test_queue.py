"""The review queue (/): unreviewed claims, most check-worthy first, filterable, paginated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from claims.models import ClaimSpeaker, VerdictChoice
from tests import factories
from tests.views.factories import ClaimFactory

pytestmark = pytest.mark.django_db
URL = reverse("claims:queue")


def test_anonymous_visitor_is_redirected_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_public_read_lets_anonymous_visitors_see_the_queue(client, settings):
    settings.PUBLIC_READ = True
    ClaimFactory(text="Unemployment fell to 3 percent in 2021.")
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Unemployment fell to 3 percent" in response.content


def test_queue_lists_unreviewed_found_claims_most_check_worthy_first(client, editor):
    ClaimFactory(text="Low-scoring claim about 12 ministries.", score=0.2)
    ClaimFactory(text="High-scoring claim about 40 percent.", score=0.9)
    ClaimFactory(text="Reviewed claim about 7 dams.", current_verdict=VerdictChoice.VERIFIED)
    ClaimFactory(text="Vanished claim about 9 ports.", found=False)
    client.force_login(editor)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("High-scoring claim") < html.index("Low-scoring claim")
    assert "Reviewed claim" not in html
    assert "Vanished claim" not in html


def test_each_row_shows_speaker_article_and_date(client, editor):
    speaker = factories.SpeakerFactory(name="Ned Price", title="State Department spokesman")
    article = factories.ArticleFactory(title="Troops rushed to Kabul", source="AP")
    ClaimFactory(article=article, speaker=speaker, text="3,000 troops are going to Kabul.")
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "Ned Price" in html
    assert "State Department spokesman" in html
    assert "Troops rushed to Kabul" in html
    assert "13 Aug 2021" in html


def test_queue_filters_by_verdict_speaker_alias_outlet_and_dates(client, editor):
    price = factories.SpeakerFactory(name="Ned Price", aliases=["Ned Price", "Price"])
    kept = ClaimFactory(
        text="Kept claim with 5 figures.",
        speaker=price,
        article=factories.ArticleFactory(source="AP", published=dt.date(2021, 8, 13)),
        current_verdict=VerdictChoice.MISLEADING,
    )
    ClaimFactory(text="Other speaker claim 6.", current_verdict=VerdictChoice.MISLEADING)
    ClaimFactory(
        text="Old claim 7.",
        speaker=price,
        article=factories.ArticleFactory(source="AP", published=dt.date(2020, 1, 1)),
        current_verdict=VerdictChoice.MISLEADING,
    )
    client.force_login(editor)
    response = client.get(
        URL,
        {
            "verdict": "misleading",
            "speaker": "price",
            "outlet": "ap",
            "date_from": "2021-01-01",
            "date_to": "2021-12-31",
        },
    )
    html = response.content.decode()
    assert kept.text in html
    assert "Other speaker claim" not in html
    assert "Old claim" not in html


def test_any_verdict_shows_reviewed_claims_too(client, editor):
    ClaimFactory(text="Reviewed claim about 7 dams.", current_verdict=VerdictChoice.VERIFIED)
    client.force_login(editor)
    assert b"Reviewed claim" in client.get(URL, {"verdict": ""}).content


def test_reversed_date_range_shows_an_error(client, editor):
    client.force_login(editor)
    response = client.get(URL, {"date_from": "2021-12-31", "date_to": "2021-01-01"})
    assert response.status_code == 400
    assert b"The end date is before the start date." in response.content


def test_malformed_date_is_a_400_naming_it_not_an_unfiltered_list(client, editor):
    ClaimFactory(text="A claim about 8 bridges.")
    client.force_login(editor)
    response = client.get(URL, {"date_from": "yesterday"})
    assert response.status_code == 400
    assert b"Enter a valid date." in response.content
    assert b"8 bridges" not in response.content


def test_unknown_verdict_value_shows_an_error(client, editor):
    client.force_login(editor)
    response = client.get(URL, {"verdict": "pants-on-fire"})
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content


def test_empty_queue_says_so(client, editor):
    client.force_login(editor)
    assert b"The queue is empty." in client.get(URL).content


def test_no_match_says_so_with_a_reset_link(client, editor):
    ClaimFactory()
    client.force_login(editor)
    assert b"No claims match these filters." in client.get(URL, {"speaker": "Nobody"}).content


def test_claim_text_is_escaped(client, editor):
    ClaimFactory(text="<script>alert(1)</script> 5 percent")
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_queue_is_paginated_and_keeps_filters_in_page_links(client, editor):
    for n in range(30):
        ClaimFactory(text=f"Claim number {n} about {n} percent.", article__source="AP")
    client.force_login(editor)
    response = client.get(URL, {"outlet": "AP"})
    assert len(response.context["page"].object_list) == 25
    assert "outlet=AP" in response.content.decode().split('rel="next"')[0].rsplit("href", 1)[1]
    second = client.get(URL, {"outlet": "AP", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_post_is_not_allowed(client, editor):
    client.force_login(editor)
    assert client.post(URL).status_code == 405


def test_query_count_does_not_grow_with_page_size(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    for n in range(3):
        ClaimFactory(speaker=factories.SpeakerFactory(), text=f"Claim {n} with 4 figures.")
    # 13: the page, counts, filters (the speaker filter's look-up of joint statements the
    # speakers co-signed), one query for fact-checks published elsewhere, one for the page's
    # co-signers, and the reviewers for the Assigned-to filter and the bulk-action form.
    with django_assert_max_num_queries(13) as few:
        client.get(URL, {"speaker": "Speaker"})
    for n in range(30):
        ClaimFactory(speaker=factories.SpeakerFactory(), text=f"More {n} with 4 figures.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL, {"speaker": "Speaker"})


@pytest.mark.parametrize(
    "params",
    [{"ordering": "-published"}, {"order": "newest"}],
    ids=["api-name", "old-page-link"],
)
def test_queue_sorts_newest_first_with_the_api_parameter_name_and_old_links(client, editor, params):
    ClaimFactory(text="Older claim about 5 bridges.", published=dt.date(2020, 1, 1), score=0.9)
    ClaimFactory(text="Newer claim about 6 tunnels.", published=dt.date(2022, 1, 1), score=0.1)
    client.force_login(editor)
    html = client.get(URL, params).content.decode()
    assert html.index("Newer claim") < html.index("Older claim")


def test_a_joint_statements_claim_shows_every_signer_and_is_found_by_each(client, editor):
    alvarez = factories.SpeakerFactory(name="Maria Alvarez", title="President")
    sato = factories.SpeakerFactory(name="Ken Sato", title="Prime Minister")
    claim = ClaimFactory(text="The port reopened after 40 days.", speaker=alvarez)
    ClaimSpeaker.objects.create(claim=claim, speaker=sato, position=1)
    ClaimFactory(text="Another claim about 9 ports.", speaker=factories.SpeakerFactory())
    client.force_login(editor)
    html = client.get(URL).content.decode()
    row = html[html.index("The port reopened") :]
    row = row[: row.index("</tr>")]
    assert "Maria Alvarez" in row and "Ken Sato" in row and "Prime Minister" in row
    assert sato.get_absolute_url() in row
    found = client.get(URL, {"speaker": "Ken Sato"}).content.decode()
    assert "The port reopened" in found and "Another claim about 9 ports" not in found
