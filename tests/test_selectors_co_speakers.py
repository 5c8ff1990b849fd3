"""The speaker filter of claims over a joint statement's co-signers (selectors.by_speakers)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from claims import selectors
from claims.models import Claim, ClaimSpeaker, Quote
from tests import factories
from tests.views.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint():
    alvarez = factories.SpeakerFactory(name="Maria Alvarez")
    sato = factories.SpeakerFactory(name="Ken Sato")
    claim = ClaimFactory(text="The port reopened after 40 days.", speaker=alvarez)
    ClaimSpeaker.objects.create(claim=claim, speaker=sato, position=1)
    own = ClaimFactory(text="Ken Sato's own claim about 12 ships.", speaker=sato)
    ClaimFactory(text="Someone else's claim about 9 ports.", speaker=factories.SpeakerFactory())
    return claim, own, alvarez, sato


def test_a_speaker_filter_takes_their_own_and_their_co_signed_claims_once(joint):
    claim, own, alvarez, sato = joint
    rows = selectors.by_speakers(Claim.objects.all(), [sato.pk])
    assert sorted(rows.values_list("pk", flat=True)) == sorted([claim.pk, own.pk])
    both = selectors.by_speakers(Claim.objects.all(), [alvarez.pk, sato.pk])
    assert both.count() == 2
    assert list(selectors.by_speakers(Claim.objects.all(), [alvarez.pk])) == [claim]


def test_quotes_and_speakers_who_co_signed_nothing_keep_the_plain_filter(joint):
    claim, own, alvarez, sato = joint
    lonely = factories.SpeakerFactory(name="Lena Park")
    plain = str(selectors.by_speakers(Claim.objects.all(), [lonely.pk]).query)
    assert "claimspeaker" not in plain.lower()
    quotes = str(selectors.by_speakers(Quote.objects.all(), [sato.pk]).query)
    assert "claimspeaker" not in quotes.lower()


@pytest.mark.postgres
def test_the_co_signer_filter_reads_claims_by_index_not_by_a_filter_over_every_claim(joint):
    """An `OR EXISTS` form is a filter PostgreSQL runs over every claim (hashed SubPlan);
    the union of own and co-signed claim ids is read by index."""
    claim, own, alvarez, sato = joint
    rows = selectors.by_speakers(selectors.claim_list(), [sato.pk])[:20]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = rows.explain()
    assert "hashed SubPlan" not in plan
    # Both halves of the union are looked up by the speaker: own claims and co-signatures.
    assert plan.count(f"Index Cond: (speaker_id = {sato.pk})") == 2
