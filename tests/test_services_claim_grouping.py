"""claims_match_articles / claims_match_article / claims_match: joining new claims to the groups
of known claims."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection

from claims import claim_decision, selectors
from claims.extraction import types
from claims.models import (
    Article,
    Claim,
    ClaimBlockKey,
    ClaimGroup,
    ClaimGroupEvent,
    ExtractionStatus,
    GroupAction,
    VerdictChoice,
)
from claims.services import (
    claims_index,
    claims_match,
    claims_match_article,
    claims_match_articles,
    verdict_record,
)
from claims.tasks import match_articles
from tests import factories
from tests.grouping import at, claim, verdict_at

EVIDENCE = ["https://evidence.example.org/source"]

pytestmark = pytest.mark.django_db

OLD = "Unemployment fell to 3.5 percent in March."
PARAPHRASE = "In March, the unemployment rate fell to 3.5%."


def test_a_claim_with_the_same_fingerprint_in_a_new_article_joins_the_old_claims_group():
    old = claim(OLD)
    new = claim(OLD)
    joined = claims_match_article(article=new.article)
    old.refresh_from_db()
    new.refresh_from_db()
    assert joined[new.pk].method == "fingerprint"
    assert new.group_id is not None and new.group_id == old.group_id
    event = ClaimGroupEvent.objects.get()
    assert (event.action, event.claim, event.other_claim) == (GroupAction.MATCH, new, old)
    assert event.to_group_id == new.group_id and event.reviewer is None


def test_a_paraphrase_joins_by_meaning_with_its_score():
    old = claim(OLD)
    claims_match(claims=[old])
    new = claim(PARAPHRASE)
    joined = claims_match_article(article=new.article)
    new.refresh_from_db()
    old.refresh_from_db()
    assert joined[new.pk].method == "meaning"
    assert joined[new.pk].score >= claim_decision.THRESHOLD * 100
    assert new.group_id == old.group_id


@pytest.mark.parametrize(
    "near_miss",
    [
        "Unemployment fell to 3.8 percent in March.",
        "Unemployment fell to 3.5 percent in April.",
        "Unemployment did not fall to 3.5 percent in March.",
        "Unemployment rose to 3.5 percent in March.",
    ],
)
def test_a_near_miss_stays_out_of_the_group(near_miss):
    claims_match(claims=[claim(OLD)])
    new = claim(near_miss)
    assert claims_match_article(article=new.article) == {}
    new.refresh_from_db()
    assert new.group_id is None


def test_claims_of_the_same_article_are_not_matched_with_each_other():
    article = factories.ArticleFactory()
    first = claim(OLD, article=article)
    claim(OLD, article=article, start=50, end=90)
    assert claims_match_article(article=article) == {}
    first.refresh_from_db()
    assert first.group_id is None


def test_matching_an_article_twice_changes_nothing_the_second_time():
    claims_match(claims=[claim(OLD)])
    new = claim(PARAPHRASE)
    claims_match_article(article=new.article)
    before = (ClaimGroup.objects.count(), ClaimGroupEvent.objects.count())
    assert claims_match_article(article=new.article) == {}
    assert (ClaimGroup.objects.count(), ClaimGroupEvent.objects.count()) == before


def test_matching_writes_the_blocking_keys_once_per_claim():
    new = claim(OLD)
    claims_match_article(article=new.article)
    claims_match_article(article=new.article)
    keys = list(ClaimBlockKey.objects.filter(claim=new).values_list("key", flat=True))
    assert keys and len(keys) == len(set(keys))


def test_a_third_appearance_joins_the_existing_group():
    first, second = claim(OLD), claim(PARAPHRASE)
    claims_match(claims=[first])
    claims_match_article(article=second.article)
    third = claim("The unemployment rate fell to 3.5% in March, officials said.")
    claims_match_article(article=third.article)
    third.refresh_from_db()
    first.refresh_from_db()
    assert third.group_id == first.group_id
    assert ClaimGroup.objects.count() == 1


def test_a_new_appearance_of_a_reviewed_claim_shows_the_group_verdict_and_is_flagged(reviewer):
    old = claim(OLD)
    verdict_at(old, VerdictChoice.CONTRADICTED, at(2021, 8, 14, 10), reviewer=reviewer)
    claims_match(claims=[old])
    new = claim(PARAPHRASE)
    claims_match_article(article=new.article)
    new.refresh_from_db()

    shown = selectors.claim_group_verdict(claim=new)
    assert shown.verdict == VerdictChoice.CONTRADICTED and shown.claim_id == old.pk
    seen = selectors.claim_seen_before(claim=new)
    assert seen.message == "Seen before: Contradicted on 14 Aug 2021 by rita-reviewer"
    assert new.current_verdict == VerdictChoice.UNREVIEWED  # verdicts stay on their claim

    queue = selectors.claims_with_group_verdict(Claim.objects.filter(pk__in=[old.pk, new.pk]))
    flags = {row.pk: (row.seen_before, row.group_verdict) for row in queue}
    assert flags[new.pk] == (True, VerdictChoice.CONTRADICTED)
    assert flags[old.pk] == (False, VerdictChoice.CONTRADICTED)
    assert new.pk not in set(selectors.claim_queue_new_work().values_list("pk", flat=True))
    assert list(selectors.claim_queue_seen_before().values_list("pk", flat=True)) == [new.pk]


def test_an_unreviewed_repeat_is_not_flagged_as_seen_before():
    old = claim(OLD)
    claims_match(claims=[old])
    new = claim(PARAPHRASE)
    claims_match_article(article=new.article)
    new.refresh_from_db()
    assert selectors.claim_seen_before(claim=new) is None
    assert new.pk in set(selectors.claim_queue_new_work().values_list("pk", flat=True))


def test_a_verdict_on_the_new_appearance_becomes_the_groups_verdict(reviewer):
    old = claim(OLD)
    verdict_at(old, VerdictChoice.CONTRADICTED, at(2021, 8, 14, 10), reviewer=reviewer)
    claims_match(claims=[old])
    new = claim(PARAPHRASE)
    claims_match_article(article=new.article)
    new.refresh_from_db()
    verdict_record(
        claim=new, reviewer=reviewer, verdict=VerdictChoice.MISLEADING, evidence=EVIDENCE
    )
    old.refresh_from_db()
    assert old.group.current_verdict == VerdictChoice.MISLEADING
    assert selectors.claim_group_verdict(claim=old).claim_id == new.pk
    assert old.current_verdict == VerdictChoice.CONTRADICTED


def _extract_paraphrase(monkeypatch) -> Article:
    from claims.extraction import types
    from claims.services import extraction as service

    article = factories.ArticleFactory(body=f"Officials said: {PARAPHRASE}")
    start = article.body.index(PARAPHRASE)
    found = types.FoundClaim(
        text=PARAPHRASE, start=start, end=start + len(PARAPHRASE), score=0.9, fingerprint=""
    )
    monkeypatch.setattr(
        service, "_run_engine", lambda text, title="": types.Extraction(claims=(found,))
    )
    return article


def test_extraction_indexes_its_claims_and_matches_them_only_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    from claims.services import article_extract

    old = claim(OLD)
    claims_match(claims=[old])
    article = _extract_paraphrase(monkeypatch)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article_extract(article=article)
    new = article.claims.get()
    article.refresh_from_db()
    assert article.status == ExtractionStatus.DONE and len(callbacks) == 1
    assert new.group_id is None and ClaimBlockKey.objects.filter(claim=new).exists()
    callbacks[0]()  # queues the match_articles task, eager here
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.group_id == old.group_id is not None


def test_a_concurrent_run_that_grouped_the_claim_first_wins_and_nothing_is_written_twice():
    from claims.services import claim_grouping as service

    claims_match(claims=[claim(OLD)])
    new = claim(PARAPHRASE)
    joined = claims_match(claims=[new])
    assert joined  # joined; now pretend a second run read it before that commit
    stale = Claim.objects.get(pk=new.pk)
    stale.group_id = None
    found = service._find([stale], service._Pool(), claim_decision.THRESHOLD)
    before = (ClaimGroup.objects.count(), ClaimGroupEvent.objects.count())
    assert found and service._join(found) == {}
    assert (ClaimGroup.objects.count(), ClaimGroupEvent.objects.count()) == before


def test_the_match_task_joins_once_and_is_a_no_op_the_second_time():
    claims_match(claims=[claim(OLD)])
    new = claim(PARAPHRASE)
    claims_match(claims=[new], index=True)
    new.refresh_from_db()
    new.group = None
    new.save(update_fields=["group"])
    events = ClaimGroupEvent.objects.count()
    assert match_articles.delay([new.article_id]).get() == 1
    assert match_articles.delay([new.article_id]).get() == 0
    new.refresh_from_db()
    assert new.group_id is not None
    assert ClaimGroupEvent.objects.count() == events + 1 and ClaimGroup.objects.count() == 1


def test_the_match_task_for_a_deleted_article_does_nothing():
    assert match_articles.delay([987654]).get() == 0


def test_extracting_an_article_groups_its_claims_with_known_claims(
    monkeypatch, reviewer, django_capture_on_commit_callbacks
):
    from claims.services import article_extract

    old = claim(OLD)
    verdict_at(old, VerdictChoice.CONTRADICTED, at(2021, 8, 14, 10), reviewer=reviewer)
    claims_match(claims=[old])
    article = _extract_paraphrase(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):  # matching runs after commit
        article_extract(article=article)
    new = article.claims.get()
    old.refresh_from_db()
    assert new.group_id == old.group_id is not None
    assert selectors.claim_seen_before(claim=new) is not None


def test_the_match_claims_command_groups_claims_stored_before_matching_existed():
    from io import StringIO

    from django.core.management import call_command

    old, new = claim(OLD), claim(PARAPHRASE)
    out = StringIO()
    call_command("match_claims", stdout=out)
    call_command("match_claims", stdout=StringIO())
    old.refresh_from_db()
    new.refresh_from_db()
    assert new.group_id == old.group_id is not None
    assert out.getvalue().strip() == "2 claims indexed, 1 joined a group."
    assert ClaimGroupEvent.objects.count() == 1


# One matching run for the articles of an extraction batch (the match_articles task).


def stored(*texts: str) -> list[Claim]:
    """Claims on new articles, indexed as extraction stores them."""
    claims = [claim(text) for text in texts]
    claims_index(claims=claims)
    return claims


def _groups(claims: list[Claim]) -> list[int | None]:
    rows = dict(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("pk", "group_id"))
    return [rows[c.pk] for c in claims]


def test_the_same_claim_in_several_articles_of_one_batch_ends_in_one_group():
    claims = stored(OLD, OLD, OLD, PARAPHRASE)
    joined = claims_match_articles(article_ids=[c.article_id for c in claims])
    groups = _groups(claims)
    assert groups[0] is not None and set(groups) == {groups[0]}
    assert ClaimGroup.objects.count() == 1
    assert len(joined) == 3 == ClaimGroupEvent.objects.count()  # the first one is joined


def test_a_batch_joins_the_group_a_known_claim_is_in_already():
    first, second = claim(OLD), claim(PARAPHRASE)
    claims_match(claims=[first, second])
    group = Claim.objects.get(pk=first.pk).group_id
    assert group is not None
    batch = stored(PARAPHRASE, OLD, "Unemployment fell to 3.8 percent in March.")
    joined = claims_match_articles(article_ids=[c.article_id for c in batch])
    assert _groups(batch) == [group, group, None]  # the near miss stays out
    assert set(joined) == {batch[0].pk, batch[1].pk} and ClaimGroup.objects.count() == 1


def test_claims_of_one_article_in_a_batch_are_not_matched_with_each_other():
    article = factories.ArticleFactory()
    first = claim(OLD, article=article)
    second = claim(OLD, article=article, start=50, end=90)
    claims_index(claims=[first, second])
    (other,) = stored("Crime rose by 12 percent in Chicago last year.")
    assert claims_match_articles(article_ids=[article.pk, other.article_id]) == {}
    assert _groups([first, second, other]) == [None, None, None]


def test_the_match_task_run_twice_on_a_batch_gives_the_same_groups():
    claims = stored(OLD, PARAPHRASE, OLD, "Crime rose by 12 percent.")
    ids = [c.article_id for c in claims]
    assert match_articles.delay(ids).get() == 2
    groups = _groups(claims)
    history = list(ClaimGroupEvent.objects.order_by("pk").values_list("claim", "to_group_id"))
    assert match_articles.delay(ids).get() == 0
    assert match_articles.delay(list(reversed(ids))).get() == 0
    assert _groups(claims) == groups and groups[0] == groups[1] == groups[2] is not None
    assert groups[3] is None
    assert list(ClaimGroupEvent.objects.order_by("pk").values_list("claim", "to_group_id")) == (
        history
    )


def test_the_match_task_skips_deleted_articles():
    kept = stored(OLD, OLD)
    assert match_articles.delay([987654, *[c.article_id for c in kept]]).get() == 1


def test_matching_a_batch_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    claims_match(claims=[claim(OLD), claim(PARAPHRASE)])
    batch = stored(*[PARAPHRASE] * 8)
    # One article at a time this was about 7 queries an article (docs/MATCHING.md).
    # +1 since matched_at marks the batch's articles matched (for the stale sweep)
    with django_assert_max_num_queries(15):
        joined = claims_match_articles(article_ids=[c.article_id for c in batch])
    assert len(joined) == 8 and len(set(_groups(batch))) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_joining_claims_into_the_same_group_do_not_deadlock():
    # Each run joins its claim to a different member of one group: no claim lock in common,
    # both then lock and refresh the same group.
    first, second = claim(OLD), claim(PARAPHRASE)
    claims_match(claims=[first, second])
    group = Claim.objects.get(pk=first.pk).group_id
    errors: list[BaseException] = []
    joined: list[Claim] = []
    for _ in range(10):
        pair = stored(OLD, PARAPHRASE)
        joined += pair
        barrier = threading.Barrier(2)

        def work(article_id: int, barrier: threading.Barrier = barrier) -> None:
            try:
                barrier.wait()
                claims_match_articles(article_ids=[article_id])
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=work, args=(c.article_id,)) for c in pair]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert set(_groups(joined)) == {group} and ClaimGroup.objects.count() == 1


CRIME = "Crime rose by 12 percent in Chicago."


def _claims_at(body: str, *texts: str) -> types.Extraction:
    found = []
    for text in texts:
        start = body.index(text)
        found.append(types.FoundClaim(text=text, start=start, end=start + len(text), score=0.8))
    return types.Extraction(claims=tuple(found))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_re_extraction_and_matching_of_the_same_claims_do_not_deadlock(monkeypatch):
    # Re-extraction deletes one of the article's claims and updates another while a matching
    # run locks both (its new claims match them). The store locks its claims in id order
    # before it writes, as matching does, so one waits for the other.
    from claims.services import article_extract
    from claims.services import extraction as service

    body = f"{OLD} {CRIME}"
    article = factories.ArticleFactory(body=body)
    results = iter([_claims_at(body, OLD, CRIME), _claims_at(body, OLD)])
    monkeypatch.setattr(service, "_run_engine", lambda text, title="": next(results))
    article_extract(article=article)
    kept, dropped = article.claims.order_by("pk")
    batch = stored(OLD, CRIME)  # a later batch: matches both
    store = threading.current_thread()
    deleted, matching_started = threading.Event(), threading.Event()
    bulk_update = Claim.objects.bulk_update

    def paused_bulk_update(*args, **kwargs):
        if threading.current_thread() is not store:
            return bulk_update(*args, **kwargs)
        deleted.set()  # the store deleted `dropped` and is about to update `kept`
        matching_started.wait(10)
        time.sleep(1)  # let the matching run reach its locks
        return bulk_update(*args, **kwargs)

    monkeypatch.setattr(Claim.objects, "bulk_update", paused_bulk_update)
    errors: list[BaseException] = []

    def match() -> None:
        try:
            deleted.wait(10)
            matching_started.set()
            claims_match_articles(article_ids=[c.article_id for c in batch])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=match)
    thread.start()
    try:
        store = threading.current_thread()
        assert article_extract(article=article, force=True).status == ExtractionStatus.DONE
    finally:
        thread.join()
    assert errors == []
    assert not Claim.objects.filter(pk=dropped.pk).exists()
    group = _groups([kept])[0]
    assert group is not None and _groups(batch) == [group, None]  # `dropped` was gone


def test_a_paraphrase_is_found_by_the_vector_index_without_the_blocking_keys(monkeypatch):
    from claims.services import claim_grouping as service

    old = claim("Women are still paid on average only 84 cents for every dollar paid to men.")
    claims_match(claims=[old])
    # The lexical index proposes nothing: only the nearest neighbours by meaning remain.
    monkeypatch.setattr(service, "_candidate_ids", lambda keys, limit: [[] for _ in keys])
    new = claim("On average, women earn 84 cents for each dollar that men are paid.")
    joined = claims_match(claims=[new])
    assert joined[new.pk].claim_id == old.pk and joined[new.pk].method == "meaning"


def test_the_same_readout_about_another_days_call_stays_apart():
    text = "Secretary Blinken spoke today with Foreign Minister Kuleba of Ukraine."
    old = claim(text, published=dt.date(2022, 4, 30))
    claims_match(claims=[old])
    same_day = claim(text, published=dt.date(2022, 4, 30))
    other_day = claim(text, published=dt.date(2022, 5, 15))
    joined = claims_match(claims=[same_day, other_day])
    assert same_day.pk in joined and other_day.pk not in joined
