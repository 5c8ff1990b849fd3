"""Fixtures of the second-review tests (tests/test_services_second_review.py, tests/api/ and
tests/views/test_second_review.py), loaded for every test by tests/conftest.py:
`second_review` (REQUIRE_SECOND_REVIEW on; a module asks for it with
`pytest.mark.usefixtures("second_review")`), a `second` reviewer, and a `draft` verdict on the
module's `draft_claim`.
"""

from __future__ import annotations

import pytest

from claims.services import verdict_record
from tests import factories

EVIDENCE = ["https://data.example.org/figures"]
DRAFT_VERDICT = "misleading"


@pytest.fixture
def second_review(settings):
    settings.REQUIRE_SECOND_REVIEW = True


@pytest.fixture
def second(db):
    """The second reviewer, who approves or returns `reviewer`'s drafts."""
    return factories.UserFactory(username="bea-second", roles=["reviewers"])


@pytest.fixture
def draft(reviewer, draft_claim):
    """A draft verdict by `reviewer` on `draft_claim` (each test module says how to make it)."""
    return verdict_record(
        claim=draft_claim, reviewer=reviewer, verdict=DRAFT_VERDICT, evidence=EVIDENCE
    )
