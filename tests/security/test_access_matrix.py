"""Who may do what: every page and endpoint against every role, in one table.

Roles: anonymous; editor, reviewer and staff signed in with a session; and three API tokens:
read-only (a user in no group), ingest (a user in group `ingest`) and a reviewer's. Tokens
authenticate the API only, so on pages they are anonymous. PUBLIC_READ and API_PUBLIC_READ
are off (the defaults). A POST row also checks that rows were written exactly when the
status says the write happened.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import (
    Article,
    ArticleImport,
    ClaimDismissal,
    ClaimGroupEvent,
    SpeakerCorrection,
    Verdict,
    WebhookSubscription,
)
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ("anon", "editor", "reviewer", "staff", "ro_token", "ingest_token", "reviewer_token")
EVIDENCE = ["https://data.example.org/figures"]


@dataclass(frozen=True)
class Row:
    method: str
    url: str  # formatted with claim, article, speaker and verdict ids
    codes: tuple[int, ...]  # one per role, in ROLES order
    data: dict | None = None
    json: bool = False


def row(method: str, url: str, codes: str, data: dict | None = None, json: bool = False) -> Row:
    return Row(method, url, tuple(int(c) for c in codes.split()), data, json)


READ = "302 200 200 200 302 302 302"  # a page: signed-in users read, tokens are anonymous
ADMIN = "302 302 302 200 302 302 302"  # staff only
API_READ = "401 200 200 200 200 200 200"
PUBLIC = "200 200 200 200 200 200 200"
VERDICT_FORM = {"verdict": "misleading", "note": "Leaves out 2020.", "evidence": EVIDENCE[0]}
ARTICLE_FORM = {"body": "The mayor said on Tuesday that 12 bridges would be rebuilt by 2027."}
API_VERDICT = {"verdict": "misleading", "note": "Leaves out 2020.", "evidence": EVIDENCE}
DISMISS_FORM = {"reason": "not_checkworthy", "note": "A match score."}
BULK_DISMISS_FORM = {"action": "dismiss", "claims": "{claim}", "reason": "duplicate"}
API_ARTICLE = {"text": "The governor said on Friday that 40 schools would close in 2026."}
SPEAKER_FORM = {"name": "Ned Q. Price", "title": "Spokesperson"}
SPLIT = {"alias": "C. Eastman"}
CORRECT = "401 200 200 200 403 403 200"  # editors and reviewers correct speakers
# Pages: editors, reviewers and staff are sent back after the correction, others to login.
CORRECT_PAGE = "302 302 302 302 302 302 302"

MATRIX: dict[str, Row] = {
    # Pages (claims/urls.py), every URL name.
    "queue": row("GET", "/", READ),
    "claim_detail": row("GET", "/claims/{claim}/", READ),
    "claim_verdict": row(
        "POST", "/claims/{claim}/verdict/", "403 403 302 302 403 403 403", VERDICT_FORM
    ),
    "claim_verdict_get": row("GET", "/claims/{claim}/verdict/", "405 405 405 405 405 405 405"),
    # Assignment: releasing an unassigned claim changes nothing but is allowed to both roles.
    "claim_assign": row(
        "POST", "/claims/{claim}/assign/", "302 302 302 302 302 302 302", {"reviewer": ""}
    ),
    "claim_statement": row(
        "POST",
        "/claims/{claim}/statement/",
        "302 403 302 302 302 302 302",
        {"statement": "Unemployment fell to 3 percent."},
    ),
    # The matrix verdict is published without second review: approve/return refuse it (400).
    "verdict_approve": row("POST", "/verdicts/{verdict}/approve/", "302 403 400 400 302 302 302"),
    "verdict_return": row(
        "POST", "/verdicts/{verdict}/return/", "302 403 400 400 302 302 302", {"note": "Why"}
    ),
    # Published fact-checks are public whatever PUBLIC_READ says.
    "factcheck_list": row("GET", "/fact-checks/", PUBLIC),
    "factcheck_feed": row("GET", "/fact-checks/feed/", PUBLIC),
    "factcheck_detail": row("GET", "/fact-checks/{claim}/", PUBLIC),
    "queue_action": row(
        "POST",
        "/queue/actions/",
        "302 302 302 302 302 302 302",
        {"action": "release", "claims": "{claim}"},
    ),
    # Split and merge (reviewers); the matrix claim is alone, so a split is refused with 400.
    "claim_split": row("POST", "/claims/{claim}/split/", "302 403 400 400 302 302 302", {}),
    "claim_merge": row(
        "POST", "/claims/{claim}/merge/", "302 403 302 302 302 302 302", {"other": "{other}"}
    ),
    # Dismissals (reviewers); restoring a claim in the queue changes nothing but answers 302.
    "claim_dismiss": row(
        "POST", "/claims/{claim}/dismiss/", "302 403 302 302 302 302 302", DISMISS_FORM
    ),
    "claim_restore": row("POST", "/claims/{claim}/restore/", "302 403 302 302 302 302 302", {}),
    # The queue's dismiss action (reviewers): editors have other actions but not this one.
    "queue_action_dismiss": row(
        "POST", "/queue/actions/", "302 403 302 302 302 302 302", BULK_DISMISS_FORM
    ),
    "quote_search": row("GET", "/quotes/?q=hospitals", READ),
    "speaker_list": row("GET", "/speakers/", READ),
    "speaker_suggest": row("GET", "/speakers/suggest/?q=sp", READ),
    "speaker_detail": row("GET", "/speakers/{speaker}/", READ),
    "article_list": row("GET", "/articles/", READ),
    "article_new": row("GET", "/articles/new/", READ),
    "article_new_post": row("POST", "/articles/new/", "302 302 302 302 302 302 302", ARTICLE_FORM),
    "article_detail": row("GET", "/articles/{article}/", READ),
    # A background import's page: those who may add articles (all the signed-in roles here).
    "article_import": row("GET", "/articles/imports/{article_import}/", READ),
    "dashboard": row("GET", "/dashboard/", READ),
    # Speaker corrections (editors and reviewers; claims.change_speaker).
    "speaker_edit": row("POST", "/speakers/{speaker}/edit/", CORRECT_PAGE, SPEAKER_FORM),
    "speaker_merge": row(
        "POST", "/speakers/{speaker}/merge/", CORRECT_PAGE, {"speaker": "{other_speaker}"}
    ),
    "speaker_split": row("POST", "/speakers/{aliased}/split/", CORRECT_PAGE, SPLIT),
    "quote_correct": row("POST", "/quotes/{quote}/correct/", CORRECT_PAGE, {"speaker": ""}),
    "claim_speaker": row("POST", "/claims/{claim}/speaker/", CORRECT_PAGE, {"speaker": ""}),
    "password_change": row("GET", "/accounts/password/", READ),
    "login": row("GET", "/accounts/login/", PUBLIC),
    # Admin: staff only; verdict history is read-only even for a superuser.
    "admin_index": row("GET", "/admin/", ADMIN),
    "admin_claims": row("GET", "/admin/claims/claim/", ADMIN),
    "admin_verdicts": row("GET", "/admin/claims/verdict/", ADMIN),
    "admin_verdict_view": row("GET", "/admin/claims/verdict/{verdict}/change/", ADMIN),
    "admin_verdict_edit": row(
        "POST",
        "/admin/claims/verdict/{verdict}/change/",
        "302 302 302 403 302 302 302",
        {"verdict": "verified"},
    ),
    "admin_verdict_delete": row(
        "GET", "/admin/claims/verdict/{verdict}/delete/", "302 302 302 403 302 302 302"
    ),
    "admin_verdict_delete_post": row(
        "POST",
        "/admin/claims/verdict/{verdict}/delete/",
        "302 302 302 403 302 302 302",
        {"post": "yes"},
    ),
    "admin_verdict_add": row("GET", "/admin/claims/verdict/add/", "302 302 302 403 302 302 302"),
    # API: reads need a user or token; writes need the permission.
    "api_root": row("GET", "/api/", PUBLIC),
    "api_schema": row("GET", "/api/schema/", PUBLIC),
    "api_docs": row("GET", "/api/docs/", PUBLIC),
    "api_claims": row("GET", "/api/claims/", API_READ),
    "api_claim": row("GET", "/api/claims/{claim}/", API_READ),
    "api_claim_delete": row("DELETE", "/api/claims/{claim}/", "401 405 405 405 403 403 405"),
    "api_claim_patch": row("PATCH", "/api/claims/{claim}/", CORRECT, {"speaker": None}, json=True),
    "api_claimreview": row("GET", "/api/claims/{claim}/claimreview/", API_READ),
    "api_claimreviews": row("GET", "/api/claimreview/", API_READ),
    # Editors and reviewers import fact-checks (a document without ClaimReview: 400, no write).
    "api_fact_checks_import": row(
        "POST",
        "/api/fact-checks/import/",
        "401 400 400 400 403 403 400",
        {"@type": "Thing"},
        json=True,
    ),
    "api_verdict_post": row(
        "POST",
        "/api/claims/{claim}/verdicts/",
        "401 403 201 201 403 403 201",
        API_VERDICT,
        json=True,
    ),
    "api_verdict_get": row("GET", "/api/claims/{claim}/verdicts/", "401 405 405 405 405 405 405"),
    "api_verdict_put": row(
        "PUT",
        "/api/claims/{claim}/verdicts/",
        "401 403 405 405 403 403 405",
        API_VERDICT,
        json=True,
    ),
    "api_verdict_patch": row(
        "PATCH",
        "/api/claims/{claim}/verdicts/",
        "401 403 405 405 403 403 405",
        API_VERDICT,
        json=True,
    ),
    "api_verdict_delete": row(
        "DELETE", "/api/claims/{claim}/verdicts/", "401 403 405 405 403 403 405"
    ),
    "api_verdict_by_id": row("DELETE", "/api/verdicts/{verdict}/", "404 404 404 404 404 404 404"),
    "api_quotes": row("GET", "/api/quotes/?q=hospitals", API_READ),
    "api_speakers": row("GET", "/api/speakers/", API_READ),
    "api_speaker": row("GET", "/api/speakers/{speaker}/", API_READ),
    "api_speaker_patch": row(
        "PATCH", "/api/speakers/{speaker}/", CORRECT, {"title": "Spokesperson"}, json=True
    ),
    "api_speaker_merge": row(
        "POST", "/api/speakers/{speaker}/merge/", CORRECT, {"other": "{other_speaker}"}, json=True
    ),
    "api_speaker_split": row("POST", "/api/speakers/{aliased}/split/", CORRECT, SPLIT, json=True),
    "api_speaker_history": row("GET", "/api/speakers/{speaker}/history/", API_READ),
    "api_quote": row("GET", "/api/quotes/{quote}/", API_READ),
    "api_quote_patch": row("PATCH", "/api/quotes/{quote}/", CORRECT, {"speaker": None}, json=True),
    "api_articles": row("GET", "/api/articles/", API_READ),
    "api_article_post": row(
        "POST", "/api/articles/", "401 202 202 202 403 202 202", API_ARTICLE, json=True
    ),
    "api_article": row("GET", "/api/articles/{article}/", API_READ),
    "api_article_delete": row("DELETE", "/api/articles/{article}/", "401 405 405 405 405 405 405"),
    "api_claim_assign": row(
        "POST",
        "/api/claims/{claim}/assign/",
        "401 200 200 200 403 403 200",
        {"reviewer": None},
        json=True,
    ),
    "api_claim_statement": row(
        "POST",
        "/api/claims/{claim}/statement/",
        "401 403 200 200 403 403 200",
        {"statement": "Unemployment fell to 3 percent."},
        json=True,
    ),
    "api_verdict_approve": row(
        "POST", "/api/verdicts/{verdict}/approve/", "401 403 400 400 403 403 400", {}, json=True
    ),
    "api_verdict_return": row(
        "POST",
        "/api/verdicts/{verdict}/return/",
        "401 403 400 400 403 403 400",
        {"note": "Why"},
        json=True,
    ),
    "api_claim_dismiss": row(
        "POST",
        "/api/claims/{claim}/dismiss/",
        "401 403 200 200 403 403 200",
        DISMISS_FORM,
        json=True,
    ),
    "api_claim_restore": row(
        "POST", "/api/claims/{claim}/restore/", "401 403 200 200 403 403 200", {}, json=True
    ),
    "api_claim_split": row(
        "POST", "/api/claims/{claim}/split/", "401 403 400 400 403 403 400", {}, json=True
    ),
    "api_claim_merge": row(
        "POST",
        "/api/claims/{claim}/merge/",
        "401 403 200 200 403 403 200",
        {"other": "{other}"},
        json=True,
    ),
    # Webhooks: reviewers and editors (and staff) manage their own; another user's is a 404.
    "api_webhooks": row("GET", "/api/webhooks/", "401 200 200 200 403 403 200"),
    "api_webhook_post": row(
        "POST",
        "/api/webhooks/",
        "401 201 201 201 403 403 201",
        {"url": "https://hooks.example.org/factcheck"},
        json=True,
    ),
    "api_webhook": row("GET", "/api/webhooks/{webhook}/", "401 404 404 404 403 403 404"),
    "api_webhook_delete": row("DELETE", "/api/webhooks/{webhook}/", "401 404 404 404 403 403 404"),
    "api_webhook_deliveries": row(
        "GET", "/api/webhooks/{webhook}/deliveries/", "401 404 404 404 403 403 404"
    ),
}
WRITES = {
    "claim_dismiss": ClaimDismissal,
    "queue_action_dismiss": ClaimDismissal,
    "api_claim_dismiss": ClaimDismissal,
    "claim_verdict": Verdict,
    "article_new_post": Article,
    "api_verdict_post": Verdict,
    "api_article_post": Article,
    "claim_merge": ClaimGroupEvent,
    "api_claim_merge": ClaimGroupEvent,
    "api_webhook_post": WebhookSubscription,
    **dict.fromkeys(
        ["speaker_edit", "speaker_merge", "speaker_split", "quote_correct", "claim_speaker"]
        + ["api_speaker_patch", "api_speaker_merge", "api_speaker_split", "api_quote_patch"]
        + ["api_claim_patch"],
        SpeakerCorrection,
    ),
}
SUCCESS = {
    "claim_dismiss": 302,
    "queue_action_dismiss": 302,
    "api_claim_dismiss": 200,
    "claim_verdict": 302,
    "article_new_post": 302,
    "api_verdict_post": 201,
    "api_article_post": 202,
    "claim_merge": 302,
    "api_claim_merge": 200,
    "api_webhook_post": 201,
    **dict.fromkeys(
        ["speaker_edit", "speaker_merge", "speaker_split", "quote_correct", "claim_speaker"], 302
    ),
    **dict.fromkeys(
        ["api_speaker_patch", "api_speaker_merge", "api_speaker_split", "api_quote_patch"]
        + ["api_claim_patch"],
        200,
    ),
}


def _user(username: str, group: str | None = None, **extra):
    user = factories.UserFactory(username=username, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _client(role: str) -> APIClient:
    client = APIClient()
    sessions = {
        "editor": ("ed-editor", "editors", {}),
        "reviewer": ("rita-reviewer", "reviewers", {}),
        "staff": ("sam-staff", None, {"is_staff": True, "is_superuser": True}),
    }
    tokens = {
        "ro_token": ("ruth-readonly", None),
        "ingest_token": ("ian-ingest", "ingest"),
        "reviewer_token": ("rex-reviewer", "reviewers"),
    }
    if role in sessions:
        username, group, extra = sessions[role]
        client.force_login(_user(username, group, **extra))
    elif role in tokens:
        token = Token.objects.create(user=_user(*tokens[role]))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def ids() -> dict[str, int]:
    article = factories.ArticleFactory()
    speaker = factories.SpeakerFactory()
    claim = factories.ClaimFactory(
        article=article, speaker=speaker, fingerprint="fp-matrix", current_verdict="verified"
    )
    quote = factories.QuoteFactory(article=article, speaker=speaker)
    other_speaker = factories.SpeakerFactory()
    aliased = factories.SpeakerFactory(
        name="Cres Eastman", key="cres eastman", aliases=["Cres Eastman", "C. Eastman"]
    )
    verdict = factories.VerdictFactory(claim=claim)
    other = factories.ClaimFactory(article=article, fingerprint="fp-matrix-other")
    owner = _user("owen-owner", "editors")
    webhook = WebhookSubscription.objects.create(
        owner=owner, url="https://hooks.example.org/owen", secret="0" * 64
    )
    article_import = ArticleImport.objects.create(name="feed.jsonl", data=b"", total=0)
    return {
        "article_import": article_import.pk,
        "claim": claim.pk,
        "article": article.pk,
        "speaker": speaker.pk,
        "verdict": verdict.pk,
        "other": other.pk,
        "webhook": webhook.pk,
        "quote": quote.pk,
        "other_speaker": other_speaker.pk,
        "aliased": aliased.pk,
    }


CASES = [(name, role) for name in MATRIX for role in ROLES]


@override_settings(PUBLIC_READ=False, API_PUBLIC_READ=False)
@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_access_matrix(ids, name, role):
    entry = MATRIX[name]
    client = _client(role)
    url = entry.url.format(**ids)
    model = WRITES.get(name)
    before = model.objects.count() if model else 0
    kwargs = {} if entry.method == "GET" else {"format": "json" if entry.json else "multipart"}
    data = entry.data and {
        k: v.format(**ids) if isinstance(v, str) else v for k, v in entry.data.items()
    }
    response = getattr(client, entry.method.lower())(url, data, **kwargs)
    expected = entry.codes[ROLES.index(role)]
    assert response.status_code == expected, (name, role, response.content[:300])
    if expected in (301, 302) and role in ("anon", "ro_token", "ingest_token", "reviewer_token"):
        assert "login" in response["Location"]
    if model is not None:
        wrote = model.objects.count() > before
        assert wrote == (expected == SUCCESS[name] and "login" not in response.get("Location", ""))
    if name == "admin_verdict_view" and expected == 200:
        assert b'name="_save"' not in response.content  # shown read-only, no Save button
    if name.startswith("admin_verdict") and role == "staff":
        assert Verdict.objects.filter(pk=ids["verdict"], verdict="verified").exists()


def test_every_page_url_name_is_in_the_matrix():
    from claims.urls import urlpatterns

    assert {p.name for p in urlpatterns} <= set(MATRIX)


def test_every_api_url_name_is_in_the_matrix():
    from claims.api.urls import urlpatterns

    covered = {
        "root",
        "claims",
        "claim-detail",
        "claim-verdicts",
        "claim-claimreview",
        "quotes",
        "speakers",
        "speaker-detail",
        "speaker-merge",
        "speaker-split",
        "speaker-history",
        "quote-detail",
        "articles",
        "article-detail",
        "claimreview",
        "fact-checks-import",
        "claim-assign",
        "claim-statement",
        "verdict-approve",
        "verdict-return",
        "claim-split",
        "claim-merge",
        "claim-dismiss",
        "claim-restore",
        "webhooks",
        "webhook-detail",
        "webhook-deliveries",
        "schema",
        "docs",
        "not-found",
    }
    assert {p.name for p in urlpatterns} <= covered
