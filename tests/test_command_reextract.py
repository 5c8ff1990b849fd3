"""manage.py reextract and the admin action "Re-run extraction" (eager tasks, fake engine)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError

from claims.extraction import types
from claims.models import Article, Claim, ExtractionStatus
from claims.services import extraction as service
from claims.services import verdict_record
from claims.tasks import extract_article
from tests import factories

EVIDENCE = ["https://evidence.example.org/source"]

pytestmark = pytest.mark.django_db

BODY = "Officials said on Monday that 40 ministries had met the 2021 target."
CLAIM = types.FoundClaim(
    text="40 ministries had met the 2021 target",
    start=BODY.index("40"),
    end=BODY.index("40") + 37,
    score=0.8,
    fingerprint="40 ministries 2021 target",
)


@pytest.fixture
def engine(monkeypatch):
    class Fake:
        result = types.Extraction(claims=(CLAIM,))
        seen: list[str] = []

        def __call__(self, text: str, title: str = "") -> types.Extraction:
            self.seen.append(text)
            return self.result

    fake = Fake()
    fake.seen = []
    monkeypatch.setattr(service, "_run_engine", fake)
    monkeypatch.setattr(  # batches
        service, "_run_engine_many", lambda texts, titles=None: map(fake, texts)
    )
    return fake


def run(*args) -> str:
    out = StringIO()
    call_command("reextract", *args, stdout=out)
    return out.getvalue()


def _articles() -> dict[str, Article]:
    return {
        status: factories.ArticleFactory(status=status, body=f"{BODY} ({status})")
        for status in ExtractionStatus.values
    }


def test_reextract_pending_runs_only_the_pending_articles(engine):
    articles = _articles()
    output = run("--pending")
    assert "Extracted 1 article(s) in-process: 1 done, 0 failed." in output
    articles["pending"].refresh_from_db()
    assert articles["pending"].status == ExtractionStatus.DONE
    assert engine.seen == [articles["pending"].body]


def test_reextract_failed_runs_only_the_failed_articles(engine):
    articles = _articles()
    run("--failed")
    assert engine.seen == [articles["failed"].body]


def test_reextract_all_skips_articles_a_worker_is_processing(engine):
    articles = _articles()
    output = run("--all")
    assert "Extracted 4 article(s)" in output
    assert len(engine.seen) == 3
    articles["processing"].refresh_from_db()
    assert articles["processing"].status == ExtractionStatus.PROCESSING


def test_reextract_force_takes_over_an_article_left_in_processing(engine):
    article = factories.ArticleFactory(status=ExtractionStatus.PROCESSING, body=BODY)
    run(str(article.pk), "--force")
    article.refresh_from_db()
    assert article.status == ExtractionStatus.DONE


def test_reextracting_by_id_keeps_the_verdicts_given_to_its_claims(engine, reviewer):
    article = factories.ArticleFactory(body=BODY)
    run(str(article.pk))
    claim = Claim.objects.get()
    verdict_record(claim=claim, reviewer=reviewer, verdict="contradicted", evidence=EVIDENCE)
    run(str(article.pk))
    claim.refresh_from_db()
    assert Claim.objects.get().pk == claim.pk
    assert claim.current_verdict == "contradicted" and claim.verdicts.count() == 1


def test_a_reviewed_claim_missing_after_reextract_is_kept_as_not_found(engine, reviewer):
    article = factories.ArticleFactory(body=BODY)
    run(str(article.pk))
    claim = Claim.objects.get()
    verdict_record(claim=claim, reviewer=reviewer, verdict="verified", evidence=EVIDENCE)
    engine.result = types.Extraction()
    run(str(article.pk))
    claim.refresh_from_db()
    assert claim.found is False and claim.verdicts.count() == 1


def test_reextract_needs_ids_or_exactly_one_selection():
    with pytest.raises(CommandError, match="Give article ids or one of"):
        run()
    with pytest.raises(CommandError, match="Give article ids or one of"):
        run("3", "--all")


def test_reextract_of_an_unknown_id_says_which(engine):
    article = factories.ArticleFactory()
    with pytest.raises(CommandError, match="No article with id 424242"):
        run(str(article.pk), "424242")
    assert engine.seen == []


def test_reextract_with_the_broker_down_reports_it_and_exits_non_zero(engine, monkeypatch):
    def unavailable(*args, **kwargs):
        raise BrokerError("Connection refused.")

    monkeypatch.setattr(extract_article, "delay", unavailable)
    article = factories.ArticleFactory()
    with pytest.raises(CommandError, match="1 article\\(s\\) not queued, the broker"):
        run("--pending")
    article.refresh_from_db()
    assert article.status == ExtractionStatus.PENDING
    assert "reextract --pending" in article.status_message


def test_the_admin_action_reruns_extraction_of_the_selected_articles(engine, client, staff):
    chosen = factories.ArticleFactory(status=ExtractionStatus.FAILED, body=BODY)
    other = factories.ArticleFactory(status=ExtractionStatus.FAILED)
    client.force_login(staff)
    response = client.post(
        reverse("admin:claims_article_changelist"),
        {"action": "rerun_extraction", "_selected_action": [chosen.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Extraction queued for 1 article(s)." in response.content.decode()
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, other.status) == (ExtractionStatus.DONE, ExtractionStatus.FAILED)
