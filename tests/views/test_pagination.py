"""Long lists count at most COUNT_LIMIT rows: the queue and the quote search say "N+"."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.functions import Upper
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import pagination
from claims.models import Claim
from claims.pagination import BoundedPaginator
from tests import factories
from tests.views.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_bounded_paginator_counts_up_to_its_limit():
    ClaimFactory.create_batch(5)
    rows = Claim.objects.order_by("pk")
    capped = BoundedPaginator(rows, 2, limit=3)
    assert (capped.count, capped.capped, capped.num_pages) == (3, True, 2)
    assert [c.pk for c in capped.page(2)] == [rows[2].pk]
    exact = BoundedPaginator(rows, 2, limit=5)
    assert (exact.count, exact.capped, exact.num_pages) == (5, False, 3)
    assert BoundedPaginator(list(rows), 2, limit=4).capped


def test_bounded_count_is_one_limited_query():
    ClaimFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        assert BoundedPaginator(Claim.objects.all(), 2, limit=2).count == 2
    assert len(queries) == 1
    assert "LIMIT 3" in queries[0]["sql"].upper()


def test_bounded_count_selects_only_the_ids():
    """The count leaves out the page's annotations (a search rank, the article label), which
    would otherwise be computed for every counted row."""
    ClaimFactory.create_batch(2)
    rows = Claim.objects.annotate(label=Upper("text")).order_by("label")
    with CaptureQueriesContext(connection) as queries:
        assert BoundedPaginator(rows, 2, limit=5).count == 2
    assert "UPPER" not in queries[0]["sql"].upper()


@pytest.mark.parametrize("limit", [2, 10])
def test_queue_and_quote_search_say_when_the_list_goes_on(client, editor, monkeypatch, limit):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", limit)
    ClaimFactory.create_batch(3)
    factories.QuoteFactory.create_batch(3)
    client.force_login(editor)
    queue = client.get(reverse("claims:queue")).content.decode()
    quotes = client.get(reverse("claims:quote_search")).content.decode()
    if limit == 2:
        assert "2+ claims" in queue and "2+ quotes" in quotes
    else:
        assert "3 claims" in queue and "3 quotes" in quotes
