"""manage.py match_text, rematch and claim_index."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims import claim_decision
from claims.models import Claim, ClaimGroupEvent, GroupAction
from claims.services import claim_find_match, claim_group_split, claims_match
from tests import factories
from tests.grouping import claim

SAME_A = "Women are still paid on average only 84 cents for every dollar paid to men."
SAME_B = "On average, women earn 84 cents for each dollar that men are paid."
OTHER = "The governor vetoed the school funding bill on Friday."


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_match_text_writes_the_pipelines_decision_per_pair(tmp_path):
    lines = [
        {"id": "p1", "a": SAME_A, "b": SAME_B},
        {"id": "p2", "a": SAME_A, "b": OTHER, "a_date": "2024-03-01", "b_date": "2024-03-02"},
        {"id": 3, "a": "He spoke today with the mayor.", "b": "He spoke today with the mayor.",
         "a_date": "2024-03-01", "b_date": "2024-06-01"},
    ]  # fmt: skip
    source = tmp_path / "pairs.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    out, _ = _run("match_text", "--jsonl", str(source))
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["id"] for row in rows] == ["p1", "p2", 3]
    assert [row["same"] for row in rows] == [True, False, False]
    expected = claim_decision.decide(SAME_A, SAME_B)
    assert rows[0]["score"] == expected.score and set(rows[0]) == {"id", "same", "score"}


def test_match_text_reports_bad_lines_and_still_decides_the_good_ones(tmp_path):
    source = tmp_path / "pairs.jsonl"
    source.write_text(
        json.dumps({"id": "ok", "a": SAME_A, "b": SAME_B})
        + "\nnot json\n"
        + json.dumps({"id": "d", "a": "x", "b": "y", "a_date": "01/02/2024"})
        + "\n"
        + json.dumps({"id": "n", "a": 5, "b": "y"})
        + "\n"
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="3 line"):
        call_command("match_text", "--jsonl", str(source), stdout=out, stderr=err)
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["ok"]
    assert "line 2:" in err.getvalue() and "line 3: a_date" in err.getvalue()
    assert "line 4:" in err.getvalue()


@pytest.mark.django_db
def test_rematch_groups_untouched_claims_and_leaves_reviewers_work_alone(reviewer):
    a, b = claim(SAME_A), claim(SAME_B)  # stored before matching: no groups yet
    split_old, split_new = claim(SAME_A), claim(SAME_A)
    claims_match(claims=[split_old, split_new])
    split_new.refresh_from_db()
    claim_group_split(claim=split_new, reviewer=reviewer, note="not the same")
    split_new.refresh_from_db()
    kept_group = split_new.group_id
    judged = claim(SAME_B)
    factories.VerdictFactory(claim=judged)
    events = ClaimGroupEvent.objects.count()

    out, _ = _run("rematch", "--dry-run")
    assert f"claim {b.pk}:" in out and "would change" in out
    assert f"claim {split_new.pk}:" not in out and f"claim {judged.pk}:" not in out
    assert ClaimGroupEvent.objects.count() == events  # a dry run writes nothing
    assert Claim.objects.get(pk=b.pk).group_id is None

    out, _ = _run("rematch")
    a.refresh_from_db(), b.refresh_from_db(), split_new.refresh_from_db(), judged.refresh_from_db()
    assert a.group_id is not None and b.group_id == a.group_id
    assert split_new.group_id == kept_group and judged.group_id is None
    assert ClaimGroupEvent.objects.filter(action=GroupAction.REMATCH, claim=b).exists()
    # Run again: nothing left to change.
    out, _ = _run("rematch", "--dry-run")
    assert "0 claim(s) would change" in out


@pytest.mark.django_db
def test_claim_index_rebuild_writes_a_file_the_matcher_loads(settings, tmp_path):
    from claims.services import claim_index

    settings.CLAIM_INDEX_PATH = str(tmp_path / "claims.usearch")
    old = claim(SAME_A)
    out, _ = _run("claim_index", "--rebuild")
    assert "1 claims indexed" in out and (tmp_path / "claims.usearch").exists()
    loaded = claim_index.claim_vector_index()
    new = claim(SAME_B)  # stored after the rebuild: caught up from the database
    vectors, nearest = claim_index.claim_neighbours([SAME_B], 5)
    assert old.pk in nearest[0] and new.pk in nearest[0]
    assert loaded.high_water == new.pk
    with pytest.raises(CommandError):
        call_command("claim_index")


@pytest.mark.django_db
def test_the_pipeline_scores_a_pair_as_match_text_does_from_the_indexed_vectors(tmp_path):
    from claims.embedding import encode
    from claims.services import claim_index

    old = claim(SAME_A)
    claim_index.claim_vector_index()
    stored = claim_index.claim_stored_vectors([old.pk, old.pk + 1000])
    # The index holds exactly the encoder's vector (float16 both), none for an unknown id.
    assert list(stored) == [old.pk]
    assert np.array_equal(stored[old.pk], encode([SAME_A])[0])
    found = claim_find_match(claim=claim(SAME_B))
    source = tmp_path / "pair.jsonl"
    source.write_text(json.dumps({"id": 1, "a": SAME_B, "b": SAME_A}) + "\n")
    row = json.loads(_run("match_text", "--jsonl", str(source))[0])
    assert found is not None and found.claim_id == old.pk and row["same"]
    assert found.score == round(row["score"] * 100, 1)


@pytest.mark.django_db
def test_a_claim_whose_text_changed_after_indexing_is_decided_on_its_current_text():
    from claims.services import claim_index

    old = claim(SAME_A)
    claim_index.claim_vector_index()  # indexed with SAME_A's vector
    Claim.objects.filter(pk=old.pk).update(text=OTHER)  # re-extracted since
    assert claim_find_match(claim=claim(SAME_B)) is None


@pytest.mark.django_db
def test_an_index_file_of_an_older_encoder_is_refilled_from_the_database(settings, tmp_path):
    from usearch.index import Index

    from claims.embedding import DIMS
    from claims.services import claim_index

    old_file = tmp_path / "claims.usearch"
    older = Index(ndim=DIMS - 128, metric="cos", dtype="f16")
    older.add(np.arange(1, 4, dtype=np.uint64), np.ones((3, DIMS - 128), dtype=np.float32))
    older.save(str(old_file))
    settings.CLAIM_INDEX_PATH = str(old_file)
    stored = claim(SAME_A)
    index = claim_index.claim_vector_index()
    assert index.index.ndim == DIMS and len(index.index) == 1
    assert claim_index.claim_neighbours([SAME_B], 5)[1] == [[stored.pk]]
