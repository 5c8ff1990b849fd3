"""Fact-checks published elsewhere: ClaimReview import (valid, partial, broken), matching with
our claims, and where they show (claim page, queue, API, verdict evidence)."""

from __future__ import annotations

import http.server
import io
import json
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from claims import claimreview_reader
from claims.models import ExternalFactCheck, ExternalFactCheckMatch
from claims.services import claims_match
from claims.services.external_reviews import external_reviews_fetch, external_reviews_import
from tests import factories
from tests.grouping import claim

pytestmark = pytest.mark.django_db

CLAIM = "Women are still paid on average only 84 cents for every dollar paid to men."
REVIEWED = "On average, women earn 84 cents for each dollar that men are paid."


def review(n: int = 1, **changes) -> dict:
    node = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checker.example.org/reviews/{n}",
        "claimReviewed": REVIEWED if n == 1 else f"Claim number {n} about the budget.",
        "datePublished": "2024-03-12",
        "author": {"@type": "Organization", "name": "Example Checks",
                   "url": "https://checker.example.org/"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Senator"}},
        "reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 5,
                         "alternateName": "Mostly true"},
    }  # fmt: skip
    node.update(changes)
    return {k: v for k, v in node.items() if v is not None}


def as_bytes(document) -> bytes:
    return json.dumps(document).encode()


# Reading documents -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        review(),
        [review()],
        {"@context": "https://schema.org", "@graph": [review()]},
        {  # the public feed shape: a DataFeed whose elements carry the reviews in `item`
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "dataFeedElement": [{"@type": "DataFeedItem", "item": [review()]}],
        },
    ],
    ids=["one", "list", "graph", "datafeed"],
)
def test_every_shape_of_document_reads_the_same_review(document):
    read = claimreview_reader.read_claimreviews(as_bytes(document))
    assert read.errors == []
    (found,) = read.reviews
    assert (found.publisher, found.rating_value, found.rating_name) == (
        "Example Checks", "4", "Mostly true"
    )  # fmt: skip
    assert found.claimant == "A. Senator" and found.published.isoformat() == "2024-03-12"
    assert found.claim_reviewed == REVIEWED and found.url.endswith("/reviews/1")


def test_an_html_page_with_json_ld_is_read():
    page = (
        "<html><head><script type='application/ld+json'>{broken</script>"
        f'<script type="application/ld+json">{json.dumps(review())}</script></head></html>'
    )
    assert len(claimreview_reader.read_claimreviews(page.encode()).reviews) == 1


@pytest.mark.parametrize(
    "data",
    [b"not json at all", b'{"@type": "ClaimReview"', as_bytes({"@type": "Article"})],
)
def test_a_broken_document_is_refused_whole_with_a_reason(data):
    with pytest.raises(ValidationError) as caught:
        external_reviews_import(data=data)
    assert caught.value.message_dict["file"]
    assert not ExternalFactCheck.objects.exists()


def test_a_partial_document_imports_the_good_items_and_names_each_bad_one():
    document = {"@type": "DataFeed", "dataFeedElement": [
        {"item": [review(1)]},
        {"item": [review(2, claimReviewed=None)]},
        {"item": [review(3, url="javascript:alert(1)", reviewRating=None)]},
        {"item": [review(4, datePublished="last Tuesday")]},
        {"item": [review(5)]},
    ]}  # fmt: skip
    report = external_reviews_import(data=as_bytes(document), source="feed")
    assert len(report.created) == 2 and report.updated == []
    assert report.errors[0] == "item 2: no claimReviewed"
    assert (
        report.errors[1].startswith("item 3: no http(s) url") and "reviewRating" in report.errors[1]
    )
    assert report.errors[2].startswith("item 4: datePublished 'last Tuesday'")
    assert set(ExternalFactCheck.objects.values_list("url", flat=True)) == {
        "https://checker.example.org/reviews/1", "https://checker.example.org/reviews/5"
    }  # fmt: skip


def test_importing_again_updates_the_review_instead_of_duplicating_it():
    external_reviews_import(data=as_bytes(review()))
    changed = review(reviewRating={"ratingValue": 1, "alternateName": "False"})
    report = external_reviews_import(data=as_bytes(changed))
    assert report.created == [] and len(report.updated) == 1
    assert ExternalFactCheck.objects.get().rating == "False"
    assert external_reviews_import(data=as_bytes(changed)).updated == []  # nothing new


# From a URL (a local server, never the internet) ----------------------------------------


@pytest.fixture
def local_server(tmp_path):
    handler = lambda *args: http.server.SimpleHTTPRequestHandler(  # noqa: E731
        *args, directory=str(tmp_path)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_message = lambda *a: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_command_imports_a_feed_from_a_url_and_links_matching_claims(settings, local_server):
    settings.CLAIMREVIEW_IMPORT_ALLOW_PRIVATE = True
    folder, base = local_server
    (folder / "feed.json").write_text(json.dumps({"@type": "DataFeed", "dataFeedElement": [
        {"item": [review(1)]}, {"item": [review(2, author=None)]}]}))  # fmt: skip
    ours = claim(CLAIM)
    claims_match(claims=[ours])
    out, err = io.StringIO(), io.StringIO()
    call_command("import_claimreview", f"{base}/feed.json", stdout=out, stderr=err)
    assert "1 imported" in out.getvalue() and "1 claim link" in out.getvalue()
    assert "item 2: no author or publisher name" in err.getvalue()
    assert ExternalFactCheckMatch.objects.get().claim == ours


def test_a_missing_file_or_page_is_a_clear_error(settings, local_server, tmp_path):
    settings.CLAIMREVIEW_IMPORT_ALLOW_PRIVATE = True
    _, base = local_server
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 source"):
        call_command(
            "import_claimreview", f"{base}/nothing.json", str(tmp_path / "absent.json"),
            stdout=io.StringIO(), stderr=err,
        )  # fmt: skip
    assert "answered 404" in err.getvalue() and "cannot read it" in err.getvalue()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/feed.json",
        "http://localhost/feed",
        "http://10.0.0.8/x",
        "file:///etc/passwd",
    ],
)
def test_urls_to_private_or_loopback_hosts_are_refused_in_production(settings, url):
    settings.CLAIMREVIEW_IMPORT_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as caught:
        external_reviews_fetch(url=url)
    assert caught.value.message_dict["url"]


# Matching and display --------------------------------------------------------------------


def test_a_new_claim_is_matched_against_imported_reviews():
    external_reviews_import(data=as_bytes({"@graph": [review(1), review(2)]}))
    from claims.tasks import match_articles

    ours = claim(CLAIM)
    other = claim("The city cut the police budget by 150 million dollars last year.")
    match_articles([ours.article_id, other.article_id])
    assert list(ExternalFactCheckMatch.objects.values_list("claim_id", flat=True)) == [ours.pk]


def _checked_claim():
    ours = claim(CLAIM)
    claims_match(claims=[ours])
    external_reviews_import(data=as_bytes(review()))  # matching queued on commit, eager here
    from claims.services.external_reviews import external_reviews_match_reviews

    external_reviews_match_reviews(
        review_ids=list(ExternalFactCheck.objects.values_list("pk", flat=True))
    )
    return ours


def test_the_claim_page_and_the_queue_say_already_checked_with_the_link(client, reviewer):
    ours = _checked_claim()
    client.force_login(reviewer)
    page = client.get(ours.get_absolute_url()).content.decode()
    assert "Already checked by" in page and "Example Checks" in page and "Mostly true" in page
    assert "12 Mar 2024" in page and 'href="https://checker.example.org/reviews/1"' in page
    queue = client.get("/").content.decode()
    assert "Already checked by" in queue


def test_a_reviewer_takes_the_review_over_as_evidence(client, reviewer):
    ours = _checked_claim()
    review_id = ExternalFactCheck.objects.get().pk
    client.force_login(reviewer)
    page = client.get(f"{ours.get_absolute_url()}?use_review={review_id}").content.decode()
    assert "https://checker.example.org/reviews/1</textarea>" in page
    assert "Already checked by Example Checks: Mostly true, 2024-03-12." in page


def test_the_api_carries_external_reviews_on_the_claim(api_client, editor):
    ours = _checked_claim()
    api_client.force_authenticate(editor)
    body = api_client.get(f"/api/claims/{ours.pk}/").json()
    (found,) = body["external_reviews"]
    assert found["publisher"] == "Example Checks" and found["rating"] == "Mostly true"
    assert (
        found["url"] == "https://checker.example.org/reviews/1"
        and found["published"] == "2024-03-12"
    )


def test_editors_import_through_the_api_and_others_cannot(api_client, editor, db):
    response = api_client.post("/api/fact-checks/import/", [review()], format="json")
    assert response.status_code in (401, 403)
    ingest_only = factories.UserFactory(username="ivy-ingest", roles=["ingest"])
    api_client.force_authenticate(ingest_only)
    assert api_client.post("/api/fact-checks/import/", [review()], format="json").status_code == 403
    api_client.force_authenticate(editor)
    partial = api_client.post(
        "/api/fact-checks/import/", [review(1), review(2, url=None)], format="json"
    )
    assert partial.status_code == 201
    assert partial.json() == {
        "created": 1,
        "updated": 0,
        "errors": ["item 2: no http(s) url for the review"],
    }
    broken = api_client.post("/api/fact-checks/import/", {"@type": "Thing"}, format="json")
    assert broken.status_code == 400 and "No ClaimReview" in json.dumps(broken.json())
    refused = api_client.post(
        "/api/fact-checks/import/", {"url": "http://127.0.0.1/x"}, format="json"
    )
    assert refused.status_code == 400


def test_the_admin_imports_an_uploaded_file(client, staff):
    client.force_login(staff)
    upload = io.BytesIO(as_bytes([review(1), review(2, claimReviewed="")]))
    upload.name = "reviews.json"
    response = client.post("/admin/claims/externalfactcheck/import/", {"file": upload}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == ["1 imported, 0 updated, 1 refused.", "item 2: no claimReviewed"]
    assert ExternalFactCheck.objects.count() == 1
