"""Keyword search on claim text in the queue and the API (substring on SQLite), and a 400
for bad filter values on the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.api.conftest import token_client
from tests.views.factories import ClaimFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("claims:queue")


def test_queue_finds_claims_with_all_the_words(client, editor):
    ClaimFactory(text="The embassy in Kabul cut its staff by half.")
    ClaimFactory(text="The embassy in Paris hired 12 people.")
    client.force_login(editor)
    html = client.get(QUEUE, {"q": "embassy KABUL"}).content.decode()
    assert "Kabul cut its staff" in html and "Paris hired" not in html


def test_api_q_filter_on_claims(editor):
    ClaimFactory(text="The embassy in Kabul cut its staff by half.")
    ClaimFactory(text="The embassy in Paris hired 12 people.")
    body = token_client(editor).get("/api/claims/?q=kabul").json()
    assert [r["text"] for r in body["results"]] == ["The embassy in Kabul cut its staff by half."]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("claims:queue", {"date_from": "2021-99-01"}),
        ("claims:queue", {"verdict": "nonsense"}),
        ("claims:queue", {"assignee": "ghost"}),
        ("claims:quote_search", {"date_from": "2021-99-01"}),
        ("claims:quote_search", {"date_from": "2021-05-01", "date_to": "2021-01-01"}),
    ],
)
def test_bad_filter_values_answer_400_naming_the_problem(client, editor, url, params):
    ClaimFactory()
    client.force_login(editor)
    response = client.get(reverse(url), params)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()


def test_outlet_matches_words_case_insensitively_on_pages_and_api(client, editor):
    ClaimFactory(
        text="Claim from the White House.",
        article=factories.ArticleFactory(source="The White House"),
    )
    ClaimFactory(text="Claim from elsewhere.", article=factories.ArticleFactory(source="Houses"))
    client.force_login(editor)
    html = client.get(QUEUE, {"outlet": "white house"}).content.decode()
    assert "Claim from the White House." in html and "Claim from elsewhere." not in html
    assert '<option value="The White House">' in html  # the known outlets as suggestions
    body = token_client(editor).get("/api/claims/?outlet=WHITE+house").json()
    assert [r["text"] for r in body["results"]] == ["Claim from the White House."]


@pytest.mark.postgres
def test_ranked_search_reads_the_vector_the_database_keeps_up_to_date(client, editor):
    """PostgreSQL: a trigger fills `search_vector` on insert, bulk insert and a text change,
    so the ranked search finds a claim by its current words only."""
    from claims.models import Claim

    claim = ClaimFactory(text="The embassy in Kabul cut its staff by half.")
    bulk = ClaimFactory.build(text="Refugees crossed the border at Torkham.", article=claim.article)
    Claim.objects.bulk_create([bulk])
    client.force_login(editor)
    assert "Torkham" in client.get(QUEUE, {"q": "refugee border"}).content.decode()
    claim.text = "The consulate in Herat closed."
    claim.save()
    assert not Claim.objects.filter(pk=claim.pk, search_vector__isnull=True).exists()
    assert "consulate in Herat" in client.get(QUEUE, {"q": "herat"}).content.decode()
    assert "consulate in Herat" not in client.get(QUEUE, {"q": "kabul"}).content.decode()
    Claim.objects.filter(pk=claim.pk).update(text="Kabul again.")
    assert "Kabul again." in client.get(QUEUE, {"q": "kabul"}).content.decode()
