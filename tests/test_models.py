"""Models and constraints: unique hashes and URLs, append-only verdicts, current verdict."""

import pytest
from django.db import IntegrityError, connection, transaction

from claims.models import AppendOnlyError, Article, Verdict
from claims.services import verdict_record
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

EVIDENCE = ["https://evidence.example.org/source"]

pytestmark = pytest.mark.django_db


def test_content_hash_is_unique():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(body="other", content_hash=article.content_hash)


def test_url_is_unique_when_present_and_blank_urls_may_repeat():
    ArticleFactory(url="")
    ArticleFactory(url="")
    ArticleFactory(url="https://example.org/x")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://example.org/x")
    assert Article.objects.filter(url="").count() == 2


def test_verdict_rows_cannot_be_edited_or_deleted_through_the_orm():
    verdict = VerdictFactory()
    verdict.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        verdict.save()
    with pytest.raises(AppendOnlyError):
        verdict.delete()
    with pytest.raises(AppendOnlyError):
        Verdict.objects.filter(pk=verdict.pk).update(note="x")
    with pytest.raises(AppendOnlyError):
        Verdict.objects.all().delete()


def test_the_database_itself_refuses_to_update_verdict_history():
    verdict = VerdictFactory()
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE claims_verdict SET note = 'x' WHERE id = %s", [verdict.pk])
    verdict.refresh_from_db()
    assert verdict.note != "x"


def test_a_claim_with_verdicts_cannot_be_deleted():
    verdict = VerdictFactory()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        verdict.claim.delete()


def test_current_verdict_follows_the_newest_row(reviewer):
    claim = ClaimFactory()
    assert claim.current_verdict == "unreviewed"
    verdict_record(claim=claim, reviewer=reviewer, verdict="verified", evidence=EVIDENCE)
    verdict_record(
        claim=claim, reviewer=reviewer, verdict="contradicted", note="new data", evidence=EVIDENCE
    )
    claim.refresh_from_db()
    assert claim.current_verdict == "contradicted"
    assert [v.verdict for v in claim.verdicts.all()] == ["contradicted", "verified"]
