"""GET /api/claims/ and /api/claims/{id}/: filters, pagination, history, who may read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.pagination import PageNumberPagination

from claims.models import ClaimSpeaker
from claims.services import verdict_record
from tests.api.conftest import ApiClaimFactory
from tests.factories import ArticleFactory, SpeakerFactory, UserFactory, VerdictFactory

EVIDENCE = ["https://evidence.example.org/source"]

pytestmark = pytest.mark.django_db

URL = "/api/claims/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_anonymous_visitor_gets_401(api_client):
    ApiClaimFactory()
    assert api_client.get(URL).status_code == 401


def test_anonymous_visitor_reads_when_api_public_read_is_on(api_client, settings):
    settings.API_PUBLIC_READ = True
    claim = ApiClaimFactory()
    assert ids(api_client.get(URL)) == [claim.pk]


def test_anonymous_visitor_cannot_post_even_with_public_read(api_client, settings):
    settings.API_PUBLIC_READ = True
    claim = ApiClaimFactory()
    response = api_client.post(f"{URL}{claim.pk}/verdicts/", {"verdict": "verified"})
    assert response.status_code == 401


def test_invalid_token_gets_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.get(URL).status_code == 401


def test_plain_user_reads_claims_with_speaker_and_article(plain_client):
    speaker = SpeakerFactory(name="Ned Price")
    claim = ApiClaimFactory(speaker=speaker, score=0.7)
    row = plain_client.get(URL).json()["results"][0]
    assert row["id"] == claim.pk
    assert row["api_url"] == f"http://testserver/api/claims/{claim.pk}/"
    assert row["speaker"]["name"] == "Ned Price"
    assert row["article"]["id"] == claim.article_id and "body" not in row["article"]
    assert row["score"] == 0.7 and row["current_verdict"] == "unreviewed"


def test_claims_come_most_check_worthy_first_and_lost_claims_are_left_out(reader):
    low, high = ApiClaimFactory(score=0.2), ApiClaimFactory(score=0.9)
    ApiClaimFactory(score=0.95, found=False)
    assert ids(reader.get(URL)) == [high.pk, low.pk]


def test_filter_by_verdict(reader):
    wrong = ApiClaimFactory(current_verdict="contradicted")
    ApiClaimFactory(current_verdict="verified")
    assert ids(reader.get(URL, {"verdict": "contradicted"})) == [wrong.pk]


def test_unknown_verdict_filter_is_a_400_naming_the_parameter(reader):
    response = reader.get(URL, {"verdict": "true-ish"})
    assert response.status_code == 400
    assert "verdict" in response.json()


def test_filter_by_speaker_id_name_and_alias(reader):
    price = SpeakerFactory(name="Ned Price", aliases=["Ned Price", "State Department spokesman"])
    other = SpeakerFactory(name="Jen Psaki")
    mine = ApiClaimFactory(speaker=price)
    ApiClaimFactory(speaker=other)
    assert ids(reader.get(URL, {"speaker": price.pk})) == [mine.pk]
    assert ids(reader.get(URL, {"speaker": "ned price"})) == [mine.pk]
    assert ids(reader.get(URL, {"speaker": "department spokesman"})) == [mine.pk]
    assert ids(reader.get(URL, {"speaker": "Nobody Known"})) == []


def test_filter_by_article_and_outlet(reader):
    reuters = ArticleFactory(source="Reuters")
    claim = ApiClaimFactory(article=reuters)
    ApiClaimFactory()
    assert ids(reader.get(URL, {"article": reuters.pk})) == [claim.pk]
    assert ids(reader.get(URL, {"outlet": "reuters"})) == [claim.pk]


def test_non_numeric_article_filter_is_a_400(reader):
    assert reader.get(URL, {"article": "abc"}).status_code == 400


def test_filter_by_minimum_score(reader):
    worthy = ApiClaimFactory(score=0.9)
    ApiClaimFactory(score=0.3)
    assert ids(reader.get(URL, {"min_score": "0.5"})) == [worthy.pk]
    assert reader.get(URL, {"min_score": "lots"}).status_code == 400


def test_updated_since_returns_claims_whose_verdict_changed_after_the_last_poll(reader, reviewer):
    old = ApiClaimFactory(updated_at=timezone.now() - dt.timedelta(days=3))
    ApiClaimFactory(updated_at=timezone.now() - dt.timedelta(days=3))
    last_poll = timezone.now() - dt.timedelta(days=1)
    assert ids(reader.get(URL, {"updated_since": last_poll.isoformat()})) == []
    verdict_record(claim=old, reviewer=reviewer, verdict="misleading", evidence=EVIDENCE)
    assert ids(reader.get(URL, {"updated_since": last_poll.isoformat()})) == [old.pk]
    assert len(ids(reader.get(URL, {"updated_since": "2000-01-01"}))) == 2


def test_malformed_updated_since_is_a_400(reader):
    response = reader.get(URL, {"updated_since": "yesterday"})
    assert response.status_code == 400
    assert "updated_since" in response.json()


def test_ordering_by_updated_at_breaks_ties_by_id(reader):
    now = timezone.now()
    first, second = ApiClaimFactory(updated_at=now), ApiClaimFactory(updated_at=now)
    assert ids(reader.get(URL, {"ordering": "updated_at"})) == [first.pk, second.pk]
    assert ids(reader.get(URL, {"ordering": "-updated_at"})) == [second.pk, first.pk]
    assert reader.get(URL, {"ordering": "text"}).status_code == 400


def test_pages_have_a_next_link_and_do_not_overlap(reader, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    made = [ApiClaimFactory(score=0.5) for _ in range(5)]
    first = reader.get(URL).json()
    assert first["count"] == 5 and first["next"].endswith("/api/claims/?page=2")
    second = reader.get(first["next"]).json()
    third = reader.get(second["next"]).json()
    assert third["next"] is None
    seen = [row["id"] for page in (first, second, third) for row in page["results"]]
    assert seen == sorted((c.pk for c in made), reverse=True)


def test_a_page_past_the_end_is_a_404(reader):
    ApiClaimFactory()
    assert reader.get(URL, {"page": 9}).status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_count_does_not_grow_with_page_size(reader, rows, django_assert_max_num_queries):
    for _ in range(rows):
        ApiClaimFactory(speaker=SpeakerFactory())
    with django_assert_max_num_queries(4):  # token user, count, page (+ a savepoint margin)
        assert len(ids(reader.get(URL))) == rows


def test_detail_has_the_full_verdict_history_newest_first(reader, reviewer):
    claim = ApiClaimFactory()
    verdict_record(
        claim=claim, reviewer=reviewer, verdict="mixed", note="First look.", evidence=EVIDENCE
    )
    verdict_record(
        claim=claim, reviewer=reviewer, verdict="contradicted",
        evidence=["https://data.example.org/x"],
    )  # fmt: skip
    body = reader.get(f"{URL}{claim.pk}/").json()
    assert body["current_verdict"] == "contradicted"
    assert [v["verdict"] for v in body["verdicts"]] == ["contradicted", "mixed"]
    assert body["verdicts"][0]["evidence"] == ["https://data.example.org/x"]
    assert body["verdicts"][0]["reviewer"] == reviewer.username
    assert body["verdicts"][1]["note"] == "First look."


def test_detail_of_a_claim_no_longer_found_still_answers(reader):
    claim = ApiClaimFactory(found=False)
    VerdictFactory(claim=claim, reviewer=UserFactory())
    assert reader.get(f"{URL}{claim.pk}/").json()["found"] is False


def test_unknown_claim_is_a_404(reader):
    assert reader.get(f"{URL}999999/").status_code == 404


def test_detail_query_count_does_not_grow_with_history(
    reader, reviewer, django_assert_max_num_queries
):
    claim = ApiClaimFactory()
    for verdict in ["mixed", "verified", "misleading", "contradicted"]:
        verdict_record(claim=claim, reviewer=reviewer, verdict=verdict, evidence=EVIDENCE)
    for _ in range(4):
        ApiClaimFactory(fingerprint=claim.fingerprint)
    # token, two permission reads (who sees drafts), the claim, then one prefetch each: verdicts,
    # dismissals, group events, external fact-checks, co-signers
    with django_assert_max_num_queries(9):
        assert reader.get(f"{URL}{claim.pk}/").status_code == 200


def test_claims_filter_by_publication_dates_with_the_page_parameter_names(reader):
    early = ApiClaimFactory(published=dt.date(2020, 1, 1))
    ApiClaimFactory(published=dt.date(2022, 1, 1))
    assert ids(reader.get(URL, {"date_from": "2019-06-01", "date_to": "2020-06-01"})) == [early.pk]


# A joint statement's claim: the first signer is `speaker`, the others co-signers -----------


def _joint_claim(**kwargs):
    alvarez = SpeakerFactory(name="Maria Alvarez", title="President")
    sato = SpeakerFactory(name="Ken Sato", title="Prime Minister")
    claim = ApiClaimFactory(speaker=alvarez, **kwargs)
    ClaimSpeaker.objects.create(claim=claim, speaker=sato, position=1, mention="Ken Sato")
    return claim, alvarez, sato


def test_a_joint_statements_claim_lists_every_signer_beside_its_speaker(reader):
    claim, alvarez, sato = _joint_claim()
    alone = ApiClaimFactory(speaker=SpeakerFactory(name="Lena Park"))
    nobody = ApiClaimFactory(speaker=None)
    rows = {row["id"]: row for row in reader.get(URL).json()["results"]}
    assert rows[claim.pk]["speaker"]["name"] == "Maria Alvarez"
    assert [s["name"] for s in rows[claim.pk]["speakers"]] == ["Maria Alvarez", "Ken Sato"]
    assert rows[claim.pk]["speakers"][1]["api_url"].endswith(f"/api/speakers/{sato.pk}/")
    assert [s["name"] for s in rows[alone.pk]["speakers"]] == ["Lena Park"]
    assert rows[nobody.pk]["speakers"] == []
    detail = reader.get(f"{URL}{claim.pk}/").json()
    assert [s["id"] for s in detail["speakers"]] == [alvarez.pk, sato.pk]


def test_the_speaker_filter_finds_a_claim_by_its_co_signer_by_name_or_id(reader):
    claim, alvarez, sato = _joint_claim()
    other = ApiClaimFactory(speaker=SpeakerFactory(name="Lena Park"))
    assert ids(reader.get(URL, {"speaker": "Ken Sato"})) == [claim.pk]
    assert ids(reader.get(URL, {"speaker": str(sato.pk)})) == [claim.pk]
    assert ids(reader.get(URL, {"speaker": "Maria Alvarez"})) == [claim.pk]
    assert ids(reader.get(URL, {"speaker": "Lena Park"})) == [other.pk]
    assert ids(reader.get(URL, {"speaker": "He"})) == []


def test_the_co_signer_filter_counts_each_claim_once(reader):
    claim, alvarez, sato = _joint_claim()
    sato.name = "Maria Sato"
    sato.save()
    # A name both signers answer to lists the claim once.
    response = reader.get(URL, {"speaker": "Maria"})
    assert ids(response) == [claim.pk] and response.json()["count"] == 1


def test_the_claim_schema_documents_the_speakers_list(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    claim = schema["components"]["schemas"]["Claim"]
    assert "speakers" in claim["properties"] and "speakers" in claim["required"]
    assert claim["properties"]["speakers"]["type"] == "array"
    review = schema["components"]["schemas"]["ClaimReview"]["properties"]["itemReviewed"]
    assert {"type": "array"}.items() <= review["properties"]["author"]["oneOf"][1].items()


def test_a_speakers_claim_count_takes_the_claims_they_co_signed_in(reader):
    claim, alvarez, sato = _joint_claim()
    rows = {row["id"]: row for row in reader.get("/api/speakers/").json()["results"]}
    assert rows[sato.pk]["claim_count"] == 1 and rows[alvarez.pk]["claim_count"] == 1
    detail = reader.get(f"/api/speakers/{sato.pk}/").json()
    assert detail["claim_count"] == 1
    assert detail["verdict_tally"]["unreviewed"] == 1
