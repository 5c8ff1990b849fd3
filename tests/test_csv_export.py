"""CSV exports: queue and quote search pages (`?format=csv`) and the API lists."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from claims.csv_export import safe_cell
from claims.models import ClaimSpeaker
from claims.services import claim_assign
from tests import factories
from tests.api.conftest import token_client
from tests.views.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"])
def test_formula_like_text_is_quoted(value):
    assert safe_cell(value) == "'" + value


def test_plain_values_are_kept():
    assert [safe_cell(v) for v in ["Ann", 0.5, -3, None]] == ["Ann", 0.5, -3, ""]


def test_queue_csv_has_every_filtered_row_with_a_header(client, editor, reviewer):
    for n in range(30):  # more than a page
        ClaimFactory(text=f"Claim {n}: 12 bridges rebuilt.")
    ClaimFactory(text='=HYPERLINK("http://evil") 40 dams', score=0.99)
    ClaimFactory(text="Reviewed 9 ports.", current_verdict="verified")
    held = ClaimFactory(text="Émigrés said 7 ministries – in Zürich.", score=0.95)
    claim_assign(claim=held, by=editor, reviewer=reviewer)
    client.force_login(editor)
    rows = _rows(client.get(reverse("claims:queue"), {"format": "csv"}))
    assert len(rows) == 32  # the unreviewed ones, as the queue shows them
    assert list(rows[0])[:3] == ["id", "text", "statement"]
    by_text = {r["text"]: r for r in rows}
    assert '\'=HYPERLINK("http://evil") 40 dams' in by_text
    assert by_text["Émigrés said 7 ministries – in Zürich."]["assignee"] == reviewer.username
    mine = _rows(client.get(reverse("claims:queue"), {"format": "csv", "assignee": "none"}))
    assert len(mine) == 31


def test_queue_page_links_to_its_csv_with_the_same_filters(client, editor):
    ClaimFactory()
    client.force_login(editor)
    html = client.get(reverse("claims:queue"), {"outlet": "Example News", "page": "1"})
    assert "?outlet=Example+News&amp;format=csv" in html.content.decode()


def test_quote_search_csv(client, editor):
    factories.QuoteFactory(text="We will rebuild 12 bridges.")
    factories.QuoteFactory(text="-Nothing to add.")
    client.force_login(editor)
    rows = _rows(client.get(reverse("claims:quote_search"), {"q": "bridges", "format": "csv"}))
    assert [r["text"] for r in rows] == ["We will rebuild 12 bridges."]
    rows = _rows(client.get(reverse("claims:quote_search"), {"format": "csv"}))
    assert "'-Nothing to add." in {r["text"] for r in rows}


def test_api_claims_csv_streams_all_rows_with_filters(editor):
    for n in range(60):  # more than the API page size
        ClaimFactory(text=f"Claim {n} about 4 schools.")
    ClaimFactory(text="Claim about 9 dams.", current_verdict="verified")
    client = token_client(editor)
    rows = _rows(client.get("/api/claims/?format=csv&verdict=unreviewed"))
    assert len(rows) == 60
    rows = _rows(client.get("/api/claims/?format=csv&q=dams"))
    assert [r["text"] for r in rows] == ["Claim about 9 dams."]


def test_api_quotes_csv(editor):
    factories.QuoteFactory(text="We will rebuild 12 bridges.")
    rows = _rows(token_client(editor).get("/api/quotes/?format=csv"))
    assert rows[0]["text"] == "We will rebuild 12 bridges."


def test_api_csv_with_a_bad_filter_is_a_400(editor):
    response = token_client(editor).get("/api/claims/?format=csv&verdict=nonsense")
    assert response.status_code == 400
    assert b"verdict" in response.content


def test_anonymous_api_csv_is_refused(client):
    assert client.get("/api/claims/?format=csv").status_code == 401


def test_a_joint_statements_claim_lists_its_co_signers_in_both_csvs(client, editor):
    alvarez = factories.SpeakerFactory(name="Maria Alvarez")
    claim = ClaimFactory(text="The port reopened after 40 days.", speaker=alvarez)
    for n, name in enumerate(["Ken Sato", "Lena Park"], start=1):
        ClaimSpeaker.objects.create(
            claim=claim, speaker=factories.SpeakerFactory(name=name), position=n
        )
    client.force_login(editor)
    for response in (
        client.get(reverse("claims:queue"), {"format": "csv", "speaker": "Lena Park"}),
        token_client(editor).get("/api/claims/?format=csv&speaker=Lena%20Park"),
    ):
        (row,) = _rows(response)
        assert (row["speaker"], row["co_speakers"]) == ("Maria Alvarez", "Ken Sato; Lena Park")
