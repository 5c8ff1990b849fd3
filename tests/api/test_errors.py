"""Malformed requests get a 4xx with a message, never a 500."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import RequestDataTooBig, ValidationError
from rest_framework.exceptions import APIException
from rest_framework.throttling import SimpleRateThrottle

from claims.api.exceptions import api_exception_handler
from claims.api.parsers import JSONParser
from claims.models import Verdict
from tests.api.conftest import ApiClaimFactory

pytestmark = pytest.mark.django_db


def test_malformed_json_is_a_400(reviewer_client):
    claim = ApiClaimFactory()
    response = reviewer_client.post(
        f"/api/claims/{claim.pk}/verdicts/", '{"verdict": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_deeply_nested_json_is_a_400_not_a_recursion_error(reviewer_client):
    claim = ApiClaimFactory()
    body = '{"verdict": "verified", "evidence": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = reviewer_client.post(
        f"/api/claims/{claim.pk}/verdicts/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_nan_in_json_is_a_400(reviewer_client):
    claim = ApiClaimFactory()
    response = reviewer_client.post(
        f"/api/claims/{claim.pk}/verdicts/", '{"verdict": NaN}', content_type="application/json"
    )
    assert response.status_code == 400


def test_a_json_array_instead_of_an_object_is_a_400(reviewer_client):
    claim = ApiClaimFactory()
    response = reviewer_client.post(f"/api/claims/{claim.pk}/verdicts/", ["verified"])
    assert response.status_code == 400


def test_wrong_content_type_is_a_415(reviewer_client):
    claim = ApiClaimFactory()
    response = reviewer_client.post(
        f"/api/claims/{claim.pk}/verdicts/", "verdict=verified",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert response.status_code == 415
    assert not Verdict.objects.exists()


def test_body_over_the_upload_limit_is_a_413(reviewer_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    claim = ApiClaimFactory()
    response = reviewer_client.post(
        f"/api/claims/{claim.pk}/verdicts/", {"verdict": "verified", "note": "n" * 2000}
    )
    assert response.status_code == 413
    assert "1,000 bytes" in response.json()["detail"]


def test_body_longer_than_its_declared_length_is_still_cut_at_the_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    with pytest.raises(APIException) as info:
        JSONParser().parse(io.BytesIO(b'{"note": "' + b"n" * 100 + b'"}'), parser_context={})
    assert info.value.status_code == 413


def test_multipart_body_over_the_limit_is_a_413_before_it_is_read(reviewer_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = reviewer_client.post("/api/articles/", {"text": "x" * 500}, format="multipart")
    assert response.status_code == 413


def test_django_request_data_too_big_becomes_a_413():
    """Where Django reads a body itself it raises RequestDataTooBig: a 413, not a 500."""
    response = api_exception_handler(RequestDataTooBig("Request body exceeded the limit."), {})
    assert response.status_code == 413
    assert response.data["detail"] == "Request body exceeded the limit."


def test_django_validation_error_becomes_a_400_with_field_messages():
    response = api_exception_handler(ValidationError({"url": "Not a URL."}), {})
    assert response.status_code == 400
    assert response.data == {"url": ["Not a URL."]}


def test_unknown_ids_are_404s(reader):
    for path in ["claims", "speakers", "articles"]:
        assert reader.get(f"/api/{path}/424242/").status_code == 404
    assert reader.get("/api/claims/424242/claimreview/").status_code == 404


def test_throttled_clients_get_a_429(api_client, settings, monkeypatch):
    settings.API_PUBLIC_READ = True
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "2/min"})
    for _ in range(2):
        assert api_client.get("/api/claims/").status_code == 200
    response = api_client.get("/api/claims/")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_tokens_are_throttled_per_user(reader, plain_client, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1/min", "user": "1/min"})
    assert reader.get("/api/claims/").status_code == 200
    assert reader.get("/api/claims/").status_code == 429
    assert plain_client.get("/api/claims/").status_code == 200


@pytest.mark.parametrize(
    "since",
    ["2328-09-02T08:23:16-18:33", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"],
)
def test_updated_since_with_an_extreme_offset_is_not_a_500(reader, since):
    """PostgreSQL refuses offsets beyond ±15:59; the filter converts to UTC or says 400."""
    ApiClaimFactory()
    assert reader.get("/api/claims/", {"updated_since": since}).status_code in {200, 400}


@pytest.mark.parametrize("speaker", ["²", "١٢", "99999999999999999999999", "\\#"])
def test_odd_speaker_values_are_not_a_500(reader, speaker):
    assert reader.get("/api/claims/", {"speaker": speaker}).status_code == 200
    assert reader.get("/api/quotes/", {"speaker": speaker}).status_code == 200


def test_a_null_character_in_a_filter_is_a_400(reader):
    assert reader.get("/api/quotes/", {"q": "tax\x00es"}).status_code == 400


@pytest.mark.parametrize("article", ["1e40", "99999999999999999999999", "-3", "1.5"])
def test_out_of_range_article_ids_find_nothing(reader, article):
    ApiClaimFactory()
    response = reader.get("/api/claims/", {"article": article})
    assert response.status_code == 200 and response.json()["count"] == 0
