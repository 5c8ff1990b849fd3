"""GET /api/quotes/: speaker (id, name, alias), words, dates, outlet, kind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

URL = "/api/quotes/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def quote(text: str = "We will cut taxes for working families.", **kwargs):
    article = kwargs.pop("article", None) or ArticleFactory(
        published=kwargs.pop("published", dt.date(2021, 8, 13)),
        source=kwargs.pop("source", "Example News"),
    )
    return QuoteFactory(text=text, article=article, **kwargs)


def test_anonymous_visitor_gets_401(api_client):
    assert api_client.get(URL).status_code == 401


def test_quotes_come_newest_first_with_speaker_and_article(reader):
    old = quote(published=dt.date(2020, 1, 1))
    new = quote(published=dt.date(2022, 1, 1))
    response = reader.get(URL)
    assert ids(response) == [new.pk, old.pk]
    row = response.json()["results"][0]
    assert row["speaker"]["name"] == new.speaker.name
    assert row["article"]["title"] == new.article.title and row["published"] == "2022-01-01"


def test_filter_by_speaker_id_name_or_alias(reader):
    price = SpeakerFactory(name="Ned Price", aliases=["Ned Price", "State Department spokesman"])
    mine = quote(speaker=price)
    quote(speaker=SpeakerFactory(name="Jen Psaki"))
    assert ids(reader.get(URL, {"speaker": price.pk})) == [mine.pk]
    assert ids(reader.get(URL, {"speaker": "Price"})) == [mine.pk]
    assert ids(reader.get(URL, {"speaker": "state department"})) == [mine.pk]


def test_search_by_words(reader):
    taxes = quote("The economy added jobs and we cut taxes.")
    quote("Troops will leave by the end of August.")
    assert ids(reader.get(URL, {"q": "taxes"})) == [taxes.pk]
    assert ids(reader.get(URL, {"q": "jobs taxes"})) == [taxes.pk]
    assert ids(reader.get(URL, {"q": "pineapple"})) == []


@pytest.mark.postgres
def test_search_is_ranked_full_text_on_postgresql(reader):
    assert settings.USING_POSTGRES
    once = quote("Taxes matter, the minister said about the budget.")
    twice = quote("Taxes, taxes and more taxes: that is all the tax office talks about.")
    quote("Nothing to see here.")
    # Stemming: "taxing" finds "taxes"; the quote using the word most ranks first.
    assert ids(reader.get(URL, {"q": "taxing"})) == [twice.pk, once.pk]


def test_filter_by_date_range(reader):
    quote(published=dt.date(2020, 6, 1))
    inside = quote(published=dt.date(2021, 6, 1))
    quote(published=dt.date(2022, 6, 1))
    params = {"date_from": "2021-01-01", "date_to": "2021-12-31"}
    assert ids(reader.get(URL, params)) == [inside.pk]


@pytest.mark.parametrize("param", ["date_from", "date_to"])
def test_malformed_date_is_a_400_naming_the_parameter(reader, param):
    response = reader.get(URL, {param: "13/45/2021"})
    assert response.status_code == 400
    assert param in response.json()


def test_filter_by_outlet_and_kind(reader):
    reuters = quote(source="Reuters", kind="indirect")
    quote(source="Reuters", kind="direct")
    quote(source="AP", kind="indirect")
    assert ids(reader.get(URL, {"outlet": "REUTERS", "kind": "indirect"})) == [reuters.pk]


def test_unknown_kind_is_a_400(reader):
    assert reader.get(URL, {"kind": "shouted"}).status_code == 400


@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_count_does_not_grow_with_page_size(reader, rows, django_assert_max_num_queries):
    for _ in range(rows):
        quote()
    with django_assert_max_num_queries(4):
        assert len(ids(reader.get(URL, {"q": "taxes"}))) == rows
