"""article_extract and the speaker merge, with a fake engine (the real one: tests/test_worker.py).

The fake engine is injected by monkeypatching `_run_engine`, the service's one call into
claims.extraction; everything else (database, transactions, matching) is real.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import OperationalError, connection

from claims.extraction import types
from claims.models import Article, Claim, ExtractionStatus, Quote, Speaker, Verdict
from claims.services import (
    article_extract,
    articles_extract,
    extraction_rows,
    speaker_key,
    speakers_upsert,
    verdict_record,
)
from claims.services import extraction as service
from tests import factories

EVIDENCE = ["https://evidence.example.org/source"]

pytestmark = pytest.mark.django_db

BODY = (
    'State Department spokesman Ned Price said "the talks will resume in 2022." '
    "Officials said 40 percent of the aid had arrived. "
    "Price added that the embassy would reopen."
)


def _quote(text: str, speaker: str | None = "Ned Price", kind: str = "direct") -> types.FoundQuote:
    start = BODY.index(text)
    return types.FoundQuote(
        text=text,
        start=start,
        end=start + len(text),
        kind=kind,
        cue="said",
        speaker=speaker,
        speaker_title="spokesman",
    )


def _claim(text: str, score: float = 0.7, fingerprint: str | None = None) -> types.FoundClaim:
    start = BODY.index(text)
    return types.FoundClaim(
        text=text,
        start=start,
        end=start + len(text),
        score=score,
        speaker="Ned Price",
        reasons=("number",),
        fingerprint=fingerprint or text.lower(),
    )


NED = types.FoundSpeaker(
    name="Ned Price",
    title="State Department spokesman",
    organization="State Department",
    aliases=("Ned Price", "Price"),
)
RESULT = types.Extraction(
    quotes=(
        _quote("the talks will resume in 2022."),
        _quote("the embassy would reopen", kind="indirect"),
    ),
    claims=(
        _claim("the talks will resume in 2022."),
        _claim("40 percent of the aid had arrived", score=0.9, fingerprint="aid 40 percent"),
    ),
    speakers=(NED,),
)


@pytest.fixture
def engine(monkeypatch):
    """A fake engine: set `engine.result` (or `engine.error`) before extracting."""

    class Fake:
        result: types.Extraction = RESULT
        error: Exception | None = None
        calls = 0

        def __call__(self, text: str, title: str = "") -> types.Extraction:
            self.calls += 1
            if self.error is not None:
                raise self.error
            return self.result

    fake = Fake()
    monkeypatch.setattr(service, "_run_engine", fake)
    return fake


def _article(**kwargs) -> Article:
    return factories.ArticleFactory(body=BODY, **kwargs)


def _rows(article: Article) -> tuple[list, list]:
    quotes = list(
        Quote.objects.filter(article=article)
        .order_by("pk")
        .values_list("pk", "text", "start", "end", "kind", "cue", "speaker_id", "published")
    )
    claims = list(
        Claim.objects.filter(article=article)
        .order_by("pk")
        .values_list(
            "pk",
            "text",
            "start",
            "end",
            "score",
            "fingerprint",
            "speaker_id",
            "found",
            "updated_at",
        )
    )
    return quotes, claims


def test_extracting_an_article_stores_its_quotes_claims_and_speakers_and_marks_it_done(engine):
    article = _article()
    result = article_extract(article=article)
    assert result is not None and result.status == ExtractionStatus.DONE
    article.refresh_from_db()
    assert article.status == ExtractionStatus.DONE and article.extracted_at is not None
    assert article.status_message == ""
    assert sorted(article.quotes.values_list("text", flat=True)) == [
        "the embassy would reopen",
        "the talks will resume in 2022.",
    ]
    assert article.claims.count() == 2
    ned = Speaker.objects.get()
    assert (ned.name, ned.key, ned.organization) == ("Ned Price", "ned price", "State Department")
    assert set(article.quotes.values_list("speaker", flat=True)) == {ned.pk}
    assert set(article.claims.values_list("speaker", flat=True)) == {ned.pk}


def test_quotes_and_claims_copy_the_articles_published_date(engine):
    article = _article()
    article_extract(article=article)
    assert {q.published for q in article.quotes.all()} == {article.published}
    assert {c.published for c in article.claims.all()} == {article.published}


def test_extracting_twice_leaves_exactly_the_same_rows(engine):
    article = _article()
    article_extract(article=article)
    first = _rows(article)
    article_extract(article=article)
    assert _rows(article) == first
    assert Speaker.objects.count() == 1


def test_a_claim_with_verdicts_survives_reextraction_matched_by_fingerprint(engine, reviewer):
    article = _article()
    article_extract(article=article)
    claim = Claim.objects.get(fingerprint="aid 40 percent")
    verdict_record(claim=claim, reviewer=reviewer, verdict="verified", evidence=EVIDENCE)
    moved = types.FoundClaim(
        text="40 percent of the aid",
        start=BODY.index("40 percent"),
        end=BODY.index("40 percent") + 21,
        score=0.5,
        fingerprint="aid 40 percent",
    )
    engine.result = types.Extraction(quotes=RESULT.quotes, claims=(moved,), speakers=(NED,))
    article_extract(article=article)
    claim.refresh_from_db()
    assert (claim.text, claim.end - claim.start, claim.score) == ("40 percent of the aid", 21, 0.5)
    assert claim.found is True and claim.current_verdict == "verified"
    assert claim.verdicts.count() == 1
    # The unreviewed claim that vanished is gone; no duplicate of the reviewed one appeared.
    assert list(article.claims.values_list("pk", flat=True)) == [claim.pk]


def test_a_claim_with_verdicts_that_disappears_is_kept_as_not_found(engine, reviewer):
    article = _article()
    article_extract(article=article)
    claim = Claim.objects.get(fingerprint="aid 40 percent")
    verdict_record(claim=claim, reviewer=reviewer, verdict="misleading", evidence=EVIDENCE)
    engine.result = types.Extraction(quotes=RESULT.quotes, claims=(), speakers=(NED,))
    article_extract(article=article)
    claim.refresh_from_db()
    assert claim.found is False and claim.current_verdict == "misleading"
    assert Verdict.objects.filter(claim=claim).count() == 1
    assert list(article.claims.values_list("pk", flat=True)) == [claim.pk]
    # When it comes back it is found again, still the same row.
    engine.result = RESULT
    article_extract(article=article)
    claim.refresh_from_db()
    assert claim.found is True and article.claims.count() == 2


def test_quotes_no_longer_found_are_replaced_on_reextraction(engine):
    article = _article()
    article_extract(article=article)
    engine.result = types.Extraction(quotes=RESULT.quotes[:1], speakers=(NED,))
    article_extract(article=article)
    assert list(article.quotes.values_list("text", flat=True)) == ["the talks will resume in 2022."]


def test_the_same_speaker_in_two_articles_is_one_canonical_row(engine):
    engine.result = types.Extraction(
        quotes=(_quote("the embassy would reopen", speaker="Mr. Price"),),
        speakers=(types.FoundSpeaker(name="Mr. Price", aliases=("Mr. Price",)),),
    )
    first = _article(source="Another Wire")
    article_extract(article=first)
    engine.result = RESULT
    second = factories.ArticleFactory(body=BODY + " More.")
    article_extract(article=second)
    # "Mr. Price" (a surname alone, no office, quoted by another outlet) is not widened to
    # "Ned Price": two rows.
    assert Speaker.objects.count() == 2
    engine.result = types.Extraction(
        quotes=(_quote("the embassy would reopen", speaker="Ned Price"),),
        speakers=(
            types.FoundSpeaker(
                name="Ned  Price", title="spokesman", aliases=("Ned Price", "Spokesman Price")
            ),
        ),
    )
    third = factories.ArticleFactory(body=BODY + " Even more.")
    article_extract(article=third)
    ned = Speaker.objects.get(key="ned price")
    assert ned.title == "State Department spokesman"  # filled once, never overwritten
    # "Spokesman Price" holds a word that is never in a name: no alias.
    assert ned.aliases == ["Ned Price", "Price", "Ned  Price"]
    assert {q.speaker_id for q in Quote.objects.filter(article__in=[second, third])} == {ned.pk}


def test_speaker_keys_ignore_case_accents_honorifics_and_punctuation():
    assert speaker_key("Dr. José  Ramos-Horta") == speaker_key("jose ramos horta")
    assert speaker_key("Mr. Ned Price") == "ned price"
    assert speaker_key("General Motors") == "general motors"
    assert speaker_key("Dr.") == "dr"


def test_speaker_upsert_fills_an_empty_title_and_organisation_but_keeps_existing_ones():
    factories.SpeakerFactory(
        name="Ned Price", key="ned price", title="", organization="State", aliases=["Ned Price"]
    )
    rows = speakers_upsert(
        speakers=[
            types.FoundSpeaker(
                name="Ned Price", title="spokesman", organization="Treasury", aliases=("Price",)
            )
        ]
    )
    ned = rows["ned price"]
    ned.refresh_from_db()
    assert (ned.title, ned.organization, ned.aliases) == (
        "spokesman",
        "State",
        ["Ned Price", "Price"],
    )


def test_an_engine_error_marks_the_article_failed_with_the_error(engine):
    engine.error = ValueError("the parser choked")
    article = _article()
    result = article_extract(article=article)
    assert result.status == ExtractionStatus.FAILED
    assert "ValueError: the parser choked" in result.status_message
    assert not Quote.objects.exists()


def test_a_value_the_database_rejects_marks_the_article_failed(engine):
    bad = types.FoundClaim(text="x", start=5, end=1, score=0.5, fingerprint="x")  # end < start
    engine.result = types.Extraction(claims=(bad,))
    article = _article()
    result = article_extract(article=article)
    assert result.status == ExtractionStatus.FAILED
    assert "IntegrityError" in result.status_message


def test_an_article_another_worker_is_processing_is_left_alone(engine):
    article = _article(status=ExtractionStatus.PROCESSING)
    assert article_extract(article=article) is None
    assert engine.calls == 0
    assert article_extract(article=article, force=True).status == ExtractionStatus.DONE


def test_a_crash_half_way_through_storing_leaves_nothing_and_a_rerun_completes(engine, monkeypatch):
    article = _article()

    def crash(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(extraction_rows, "store_claims", crash)
    with pytest.raises(OperationalError):
        article_extract(article=article)
    article.refresh_from_db()
    assert article.status == ExtractionStatus.PROCESSING
    assert not Quote.objects.exists() and not Speaker.objects.exists()
    monkeypatch.undo()
    monkeypatch.setattr(service, "_run_engine", engine)
    article_extract(article=article, force=True)
    article.refresh_from_db()
    assert article.status == ExtractionStatus.DONE
    assert article.quotes.count() == 2 and article.claims.count() == 2


def test_storing_many_quotes_takes_a_fixed_number_of_queries(engine, django_assert_max_num_queries):
    body = " ".join(f'Price said "item {n} is ready."' for n in range(200))
    quotes = []
    for n in range(200):
        text = f"item {n} is ready."
        start = body.index(f'"{text}"') + 1
        quotes.append(
            types.FoundQuote(
                text=text,
                start=start,
                end=start + len(text),
                kind="direct",
                cue="said",
                speaker="Ned Price",
            )
        )
    engine.result = types.Extraction(quotes=tuple(quotes), speakers=(NED,))
    article = factories.ArticleFactory(body=body)
    with django_assert_max_num_queries(20):
        article_extract(article=article)
    assert article.quotes.count() == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_merging_the_same_new_speaker_create_one_row():
    FORMS = ["Price", "Mr. Price", "N. Price", "Ned J. Price"]
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait()
            speakers_upsert(speakers=[types.FoundSpeaker(name="Ned Price", aliases=(FORMS[n],))])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    ned = Speaker.objects.get()
    # Every worker's alias is kept (only forms of the person's name are aliases).
    assert sorted(ned.aliases) == sorted({"Ned Price", *FORMS})


def test_a_batch_stores_the_same_rows_as_one_article_at_a_time():
    """The real engine: one `extract_many` pass over a batch == `extract` per article."""
    from pathlib import Path

    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))[:5]
    articles = [factories.ArticleFactory(body=p.read_text(encoding="utf-8")) for p in seeds]
    results = articles_extract(articles=articles)
    assert [r.status for r in results] == [ExtractionStatus.DONE] * len(articles)
    batch = [_rows(a) for a in articles]
    assert any(quotes for quotes, _ in batch)
    for article in articles:
        assert article_extract(article=article).status == ExtractionStatus.DONE
    assert [_rows(a) for a in articles] == batch  # same rows, not even updated


def test_a_quote_by_an_office_the_text_never_names_goes_to_its_holder_at_that_date(engine):
    day = dt.date(2022, 5, 1)
    biden = factories.SpeakerFactory(name="Joe Biden", key="joe biden", title="President")
    factories.QuoteFactory(article=factories.ArticleFactory(published=day), speaker=biden)
    start = BODY.index("Officials said")
    office_quote = types.FoundQuote(
        text=BODY[start : start + 14],
        start=start,
        end=start + 14,
        kind="statement",
        cue="statement",
        speaker=None,
        speaker_title="President",
    )
    engine.result = types.Extraction(quotes=(office_quote,))
    article = _article(published=day)
    article_extract(article=article)
    (row,) = Quote.objects.filter(article=article)
    assert (row.kind, row.speaker) == ("statement", biden)
