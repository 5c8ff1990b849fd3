"""The upload budget (claims.upload_budget): article posts wait, before their body is read,
until the second has room for their size, and are refused with a 429 when it has none in
time, so that clients posting large files back to back cannot take the web processes' CPU
from every other request."""

from __future__ import annotations

import math

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims import upload_budget
from claims.models import Article
from tests.api.conftest import token_client

PAGE = b"<html><head><title>Budget</title></head><body><p>" + b"x" * 600 + b"</p></body></html>"


class Clock:
    """time.time, time.monotonic and time.sleep for claims.upload_budget, without waiting."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.25
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 2))
        self.now += seconds


@pytest.fixture
def clock(monkeypatch, settings) -> Clock:
    settings.UPLOAD_BYTES_PER_SECOND = 1000
    settings.UPLOAD_MAX_WAIT_SECONDS = 5
    fake = Clock()
    monkeypatch.setattr(upload_budget, "time", fake)
    return fake


def _fill_this_second(clock: Clock, used: int) -> None:
    cache.set(upload_budget.KEY.format(second=math.floor(clock.now)), used, timeout=5)


def _post(user):
    upload = SimpleUploadedFile("budget.html", PAGE, content_type="text/html")
    return token_client(user).post("/api/articles/", {"file": upload}, format="multipart")


def test_an_upload_that_fits_the_second_goes_in_at_once(clock, ingest_user):
    assert _post(ingest_user).status_code == 202
    assert clock.slept == []


def test_an_upload_waits_for_the_next_second_when_this_one_is_full(clock, ingest_user):
    _fill_this_second(clock, 900)
    response = _post(ingest_user)
    assert response.status_code == 202, response.content[:300]
    assert clock.slept == [0.75]  # to the start of the next second, once
    assert Article.objects.count() == 1


def test_an_upload_without_room_in_time_is_a_429_and_nothing_is_stored(
    clock, settings, ingest_user
):
    settings.UPLOAD_MAX_WAIT_SECONDS = 0
    _fill_this_second(clock, 900)
    response = _post(ingest_user)
    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    assert "Too many uploads at once" in response.json()["detail"]
    assert Article.objects.count() == 0


def test_the_first_upload_of_a_second_goes_in_however_large(clock, settings, ingest_user):
    settings.UPLOAD_BYTES_PER_SECOND = 100  # smaller than the upload
    assert _post(ingest_user).status_code == 202
    assert clock.slept == []


def test_the_web_form_waits_for_the_budget_too_and_refuses_with_a_429(
    clock, settings, client, ingest_user
):
    settings.UPLOAD_MAX_WAIT_SECONDS = 0
    _fill_this_second(clock, 900)
    client.force_login(ingest_user)
    upload = SimpleUploadedFile("budget.html", PAGE, content_type="text/html")
    response = client.post(reverse("claims:article_new"), {"file": upload})
    assert response.status_code == 429 and response["Retry-After"] == "1"
    assert "Too many uploads at once" in response.content.decode()
    assert Article.objects.count() == 0


def test_no_budget_means_no_wait(clock, settings, ingest_user):
    settings.UPLOAD_BYTES_PER_SECOND = 0
    _fill_this_second(clock, 10**9)
    assert _post(ingest_user).status_code == 202
    assert clock.slept == []
