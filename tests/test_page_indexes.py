"""PostgreSQL: the long pages' orders can be read off their indexes (migrations 0023, 0024).

With sorting and the other scans turned off, a plan exists only if an index holds the page's
exact order (NULLS LAST included), so the plan shows whether the query matches the index.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from claims import selectors
from tests import factories
from tests.views.factories import ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _plan(rows) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        return rows.explain()


def test_the_queue_over_any_verdict_reads_its_order_off_the_queue_index():
    ClaimFactory.create_batch(3)
    assert "claim_queue_order_idx" in _plan(selectors.claim_queue()[:25])


def test_the_quote_search_without_words_reads_its_order_off_the_quote_index():
    factories.QuoteFactory.create_batch(3)
    assert "quote_search_order_idx" in _plan(selectors.quote_search()[:25])
