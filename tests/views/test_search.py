"""Quote search by official (/quotes/) and the speaker suggestions endpoint."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("claims:quote_search")
SUGGEST = reverse("claims:speaker_suggest")


@pytest.fixture
def price(db):
    return factories.SpeakerFactory(
        name="Ned Price",
        title="State Department spokesman",
        aliases=["Ned Price", "Price", "Edward Price"],
    )


def _quote(text: str, speaker=None, *, source: str = "AP", published=dt.date(2021, 8, 13)):
    article = factories.ArticleFactory(
        body=f"Lead. “{text}” More.", source=source, published=published
    )
    start = article.body.index(text)
    return factories.QuoteFactory(
        article=article,
        speaker=speaker or factories.SpeakerFactory(),
        text=text,
        start=start,
        end=start + len(text),
    )


def test_anonymous_visitor_is_redirected_to_login(client):
    assert client.get(URL).status_code == 302
    assert client.get(SUGGEST, {"q": "Ned"}).status_code == 302


def test_search_by_speaker_name_shows_quote_speaker_title_article_and_date(client, editor, price):
    _quote("This is not abandonment.", price)
    _quote("Somebody else talking.")
    client.force_login(editor)
    response = client.get(URL, {"speaker": "Ned Price"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This is not abandonment." in html
    assert "State Department spokesman" in html
    assert "13 Aug 2021" in html
    assert "Somebody else talking" not in html


@pytest.mark.parametrize(
    ("name", "aliases", "said", "searched"),
    [
        ("Ned Price", ["Edward Price"], "This is not an evacuation.", "edward price"),
        ("Olaf Scholz", ["Bundeskanzler Schölz"], "Wir schaffen das.", "Schölz"),
    ],
    ids=["alias", "non-ascii-alias"],
)
def test_search_by_alias_finds_the_canonical_speaker(client, editor, name, aliases, said, searched):
    _quote(said, factories.SpeakerFactory(name=name, aliases=aliases))
    client.force_login(editor)
    assert said.encode() in client.get(URL, {"speaker": searched}).content


def test_search_by_words_outlet_and_dates(client, editor, price):
    _quote("A reduction in our civilian footprint.", price, source="AP")
    _quote("Our civilian footprint stays.", price, source="Reuters")
    _quote("Civilian footprint, said long ago.", price, published=dt.date(2019, 1, 1))
    client.force_login(editor)
    response = client.get(
        URL,
        {
            "q": "civilian footprint",
            "outlet": "ap",
            "date_from": "2021-01-01",
            "date_to": "2021-12-31",
        },
    )
    html = response.content.decode()
    assert "A reduction in our civilian footprint." in html
    assert "Our civilian footprint stays." not in html
    assert "said long ago" not in html


def test_no_match_says_so(client, editor, price):
    _quote("Something.", price)
    client.force_login(editor)
    assert b"No quotes match." in client.get(URL, {"speaker": "Nobody Atall"}).content


def test_empty_database_shows_an_empty_state(client, editor):
    client.force_login(editor)
    assert b"No quotes yet." in client.get(URL).content


def test_reversed_dates_show_an_error(client, editor):
    client.force_login(editor)
    response = client.get(URL, {"date_from": "2022-01-01", "date_to": "2021-01-01"})
    assert response.status_code == 400
    assert b"The end date is before the start date." in response.content


def test_quote_text_is_escaped(client, editor, price):
    _quote("<script>alert(1)</script> is not policy", price)
    client.force_login(editor)
    html = client.get(URL, {"speaker": "Price"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_results_are_paginated_with_the_search_in_page_links(client, editor, price):
    for n in range(30):
        _quote(f"Statement number {n}.", price)
    client.force_login(editor)
    response = client.get(URL, {"speaker": "Ned Price"})
    assert response.context["page"].paginator.count == 30
    assert "speaker=Ned+Price&amp;page=2" in response.content.decode()


def test_query_count_does_not_grow_with_page_size(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    for n in range(3):
        _quote(f"Early {n}.")
    with django_assert_max_num_queries(8) as few:
        client.get(URL, {"speaker": "Speaker"})
    for n in range(30):
        _quote(f"Later {n}.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL, {"speaker": "Speaker"})


def test_suggestions_return_canonical_names_and_the_matching_alias(client, editor, price):
    client.force_login(editor)
    response = client.get(SUGGEST, {"q": "edward"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {"name": "Ned Price", "title": "State Department spokesman", "alias": "Edward Price"}
        ]
    }


def test_suggestions_match_names_without_repeating_them_as_alias(client, editor, price):
    client.force_login(editor)
    assert client.get(SUGGEST, {"q": "ned p"}).json()["results"][0]["alias"] == ""


def test_suggestions_need_two_characters(client, editor, price):
    client.force_login(editor)
    assert client.get(SUGGEST, {"q": "n"}).json() == {"results": []}


def test_suggestions_refuse_post(client, editor):
    client.force_login(editor)
    assert client.post(SUGGEST, {"q": "ned"}).status_code == 405


@pytest.mark.postgres
def test_postgres_full_text_search_stems_and_ranks(client, editor, price):
    _quote("Withdrawal is not the word. The withdrawals, the withdrawing: none.", price)
    _quote("We discussed many things, including a withdrawal.", price)
    _quote("Nothing relevant here at all.", price)
    client.force_login(editor)
    response = client.get(URL, {"q": "withdrawals"})
    texts = [q.text for q in response.context["page"].object_list]
    assert texts == [
        "Withdrawal is not the word. The withdrawals, the withdrawing: none.",
        "We discussed many things, including a withdrawal.",
    ]


@pytest.mark.postgres
def test_postgres_search_accepts_web_search_syntax(client, editor, price):
    _quote("A reduction in our civilian footprint.", price)
    _quote("Our footprint grew.", price)
    client.force_login(editor)
    response = client.get(URL, {"q": '"civilian footprint" -grew'})
    assert [q.text for q in response.context["page"]] == ["A reduction in our civilian footprint."]


@pytest.mark.postgres
def test_postgres_search_can_use_the_gin_index(price):
    from django.db import connection, transaction

    from claims import selectors
    from claims.models import Quote

    _quote("A reduction in our civilian footprint.", price)
    with transaction.atomic(), connection.cursor() as cursor:
        # Only a bitmap scan is left, and only on the words (quote_search's not_a_quote filter
        # matches a partial index, which a full run's planner took on a one-row table): the
        # plan shows whether the search's expression is the GIN index's.
        for path in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{path} = off")
        plan = selectors.quotes_by_text(Quote.objects.all(), "footprint").explain()
    assert "quote_search_vector_idx" in plan


@pytest.mark.postgres
def test_quote_search_reads_the_vector_the_database_keeps_up_to_date(client, editor, price):
    """PostgreSQL: a trigger fills the quotes' `search_vector` on insert, bulk insert and a text
    change, so the ranked search finds a quote by its current words only."""
    from claims.models import Quote

    quote = _quote("The embassy in Kabul cut its staff by half.", price)
    bulk = factories.QuoteFactory.build(
        text="Refugees crossed the border at Torkham.", article=quote.article, speaker=price
    )
    Quote.objects.bulk_create([bulk])
    client.force_login(editor)
    assert "Torkham" in client.get(URL, {"q": "refugee border"}).content.decode()
    quote.text = "The consulate in Herat closed."
    quote.save()
    assert not Quote.objects.filter(pk=quote.pk, search_vector__isnull=True).exists()
    assert "consulate in Herat" in client.get(URL, {"q": "herat"}).content.decode()
    assert "consulate in Herat" not in client.get(URL, {"q": "kabul"}).content.decode()
    Quote.objects.filter(pk=quote.pk).update(text="Kabul again.")
    assert "Kabul again." in client.get(URL, {"q": "kabul"}).content.decode()


def test_a_statement_in_the_speakers_name_is_marked_as_one(client, editor, price):
    quote = _quote("The embassy will reopen on Monday.", price)
    quote.kind, quote.cue = "statement", "attributable to"
    quote.save(update_fields=["kind", "cue"])
    client.force_login(editor)
    html = client.get(URL, {"speaker": "Ned Price"}).content.decode()
    assert "statement in their name · attributable to" in html
