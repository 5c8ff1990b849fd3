"""Speaker pages: the list with name search, and one speaker's quotes, claims and tally."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import ClaimSpeaker, VerdictChoice
from tests import factories
from tests.views.factories import ClaimFactory

pytestmark = pytest.mark.django_db
LIST = reverse("claims:speaker_list")


@pytest.fixture
def price(db):
    return factories.SpeakerFactory(
        name="Ned Price",
        title="State Department spokesman",
        organization="U.S. Department of State",
        aliases=["Ned Price", "Price", "Edward Price"],
    )


def _url(speaker) -> str:
    return reverse("claims:speaker_detail", args=[speaker.pk])


def test_anonymous_visitor_is_redirected_to_login(client, price):
    assert client.get(_url(price)).status_code == 302
    assert client.get(LIST).status_code == 302


def test_speaker_page_shows_name_title_organisation_and_aliases(client, editor, price):
    client.force_login(editor)
    html = client.get(_url(price)).content.decode()
    for text in (
        "Ned Price",
        "State Department spokesman",
        "U.S. Department of State",
        "Edward Price",
    ):
        assert text in html


def test_speaker_page_lists_quotes_newest_first(client, editor, price):
    import datetime as dt

    old = factories.ArticleFactory(published=dt.date(2020, 1, 1))
    new = factories.ArticleFactory(published=dt.date(2021, 8, 13))
    factories.QuoteFactory(speaker=price, article=old, text="An old remark.")
    factories.QuoteFactory(speaker=price, article=new, text="A new remark.")
    client.force_login(editor)
    html = client.get(_url(price)).content.decode()
    assert html.index("A new remark.") < html.index("An old remark.")


def test_speaker_page_tallies_claims_by_verdict(client, editor, price):
    for verdict in ("contradicted", "contradicted", "verified", "unreviewed"):
        ClaimFactory(speaker=price, current_verdict=verdict)
    ClaimFactory(speaker=price, current_verdict=VerdictChoice.MIXED, found=False)
    client.force_login(editor)
    response = client.get(_url(price))
    tally = {row["verdict"]: row["count"] for row in response.context["tally"]}
    assert tally == {"contradicted": 2, "verified": 1, "unreviewed": 1}
    assert b"Contradicted \xc2\xb7 2" in response.content


def test_speaker_without_quotes_or_claims_shows_empty_states(client, editor, price):
    client.force_login(editor)
    html = client.get(_url(price)).content.decode()
    assert "No quotes." in html
    assert "No claims." in html


def test_unknown_speaker_is_404(client, editor):
    client.force_login(editor)
    assert client.get(reverse("claims:speaker_detail", args=[999_999])).status_code == 404


def test_speaker_names_and_quotes_are_escaped(client, editor):
    speaker = factories.SpeakerFactory(name="<img src=x onerror=alert(1)>", aliases=["<b>x</b>"])
    factories.QuoteFactory(speaker=speaker, text="<script>alert(1)</script>")
    client.force_login(editor)
    html = client.get(_url(speaker)).content.decode()
    assert "<img src=x" not in html and "<script>alert" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_speaker_list_finds_speakers_by_alias(client, editor, price):
    factories.SpeakerFactory(name="Jen Psaki")
    client.force_login(editor)
    html = client.get(LIST, {"name": "edward"}).content.decode()
    assert "Ned Price" in html
    assert "Jen Psaki" not in html


def test_speaker_list_with_no_match_says_so(client, editor, price):
    client.force_login(editor)
    assert "Nobody called “zzz”".encode() in client.get(LIST, {"name": "zzz"}).content


def test_query_count_does_not_grow_with_quotes(
    client, editor, price, django_assert_max_num_queries
):
    client.force_login(editor)
    factories.QuoteFactory(speaker=price)
    ClaimFactory(speaker=price)
    with django_assert_max_num_queries(13) as few:  # 13 with the claims' co-signers
        client.get(_url(price))
    for _ in range(30):
        factories.QuoteFactory(speaker=price)
        ClaimFactory(speaker=price)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url(price))


def test_speaker_list_query_count_does_not_grow(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    factories.SpeakerFactory()
    with django_assert_max_num_queries(8) as few:
        client.get(LIST)
    for _ in range(30):
        factories.QuoteFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


def test_a_co_signers_page_lists_and_counts_the_joint_statements_claims(client, editor, price):
    alvarez = factories.SpeakerFactory(name="Maria Alvarez", title="President")
    claim = ClaimFactory(text="The port reopened after 40 days.", speaker=alvarez)
    ClaimSpeaker.objects.create(claim=claim, speaker=price, position=1)
    ClaimFactory(text="A claim of someone else about 9 ports.", speaker=alvarez)
    client.force_login(editor)
    response = client.get(_url(price))
    html = response.content.decode()
    assert "The port reopened" in html and "9 ports" not in html
    assert "jointly: Maria Alvarez and Ned Price" in html
    assert response.context["claims"].paginator.count == 1
    assert response.context["tally"] == [
        {"verdict": "unreviewed", "label": "Unreviewed", "count": 1}
    ]
    assert sum(row["claims"] for row in response.context["monthly"]) == 1
