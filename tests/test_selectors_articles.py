"""claims.selectors.articles: the outlets offered as filter suggestions."""

from __future__ import annotations

import pytest

from claims import selectors
from tests import factories

pytestmark = pytest.mark.django_db


def test_outlet_names_are_the_distinct_sources_alphabetically_without_blanks():
    for source in ["Reuters", "AP", "", "The White House", "AP", "Reuters", "AFP"]:
        factories.ArticleFactory(source=source)
    assert selectors.outlet_names() == ["AFP", "AP", "Reuters", "The White House"]


def test_outlet_names_is_empty_without_articles():
    assert selectors.outlet_names() == []
