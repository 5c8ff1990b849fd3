"""A joint statement's claims are every signer's: stored, re-extracted, merged, split, corrected
(claims.services.extraction_rows, speaker_corrections, speaker_dedupe; fake engine)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from claims.extraction import types
from claims.models import Claim, ClaimSpeaker, Speaker, SpeakerCorrection
from claims.services import article_extract
from claims.services import extraction as service
from claims.services.speaker_corrections import (
    claim_speaker_set,
    speaker_alias_split,
    speaker_merge,
)
from tests import factories

pytestmark = pytest.mark.django_db

BODY = (
    "The port reopened on Monday after 40 days, and 12 ships have already docked there.\n\n"
    "We will spend $30 million to rebuild the harbor wall before the winter storms.\n"
)
TITLE = "Joint Statement by President Maria Alvarez and Prime Minister Ken Sato"
SIGNERS = ("Maria Alvarez", "Ken Sato")


def _paragraph(n: int) -> tuple[int, int]:
    start = 0
    for _ in range(n):
        start = BODY.index("\n\n", start) + 2
    return start, BODY.index("\n", start)


def _result(signers: tuple[str, ...] = SIGNERS, mentions: tuple[str, ...] = ()) -> types.Extraction:
    """What the engine gives a joint statement: one statement quote per signer and paragraph,
    each claim carrying the first signer as speaker and the others as co_speakers."""
    quotes, claims = [], []
    for n in range(2):
        start, end = _paragraph(n)
        for name in signers:
            quotes.append(
                types.FoundQuote(BODY[start:end], start, end, "statement", "statement", name)
            )
        claims.append(
            types.FoundClaim(
                text=BODY[start:end],
                start=start,
                end=end,
                score=0.8,
                speaker=signers[0] if signers else None,
                fingerprint=f"paragraph {n}",
                co_speakers=signers[1:],
            )
        )
    people = [
        types.FoundSpeaker(name=name, title="President", aliases=(name, *mentions))
        for name in signers
    ]
    return types.Extraction(quotes=tuple(quotes), claims=tuple(claims), speakers=tuple(people))


@pytest.fixture
def engine(monkeypatch):
    class Fake:
        result = _result()

        def __call__(self, text: str, title: str = "") -> types.Extraction:
            return self.result

    fake = Fake()
    monkeypatch.setattr(service, "_run_engine", fake)
    return fake


@pytest.fixture
def article(engine):
    row = factories.ArticleFactory(body=BODY, title=TITLE)
    article_extract(article=row)
    return row


def _signers(article) -> list[tuple[str, list[str]]]:
    claims = Claim.objects.filter(article=article, found=True).order_by("start")
    return [
        (c.speaker.name if c.speaker else None, [s.name for s in c.speakers[1:]]) for c in claims
    ]


def _rows() -> list[tuple]:
    return list(
        ClaimSpeaker.objects.order_by("pk").values_list(
            "pk", "claim_id", "speaker_id", "position", "mention"
        )
    )


def test_a_joint_statements_claims_carry_the_first_signer_as_speaker_and_the_others(article):
    assert _signers(article) == [("Maria Alvarez", ["Ken Sato"])] * 2
    sato = Speaker.objects.get(name="Ken Sato")
    assert set(sato.co_signed_claims.values_list("article_id", flat=True)) == {article.pk}
    assert set(ClaimSpeaker.objects.values_list("mention", flat=True)) == {"Ken Sato"}


def test_extracting_twice_leaves_the_same_co_signer_rows(article):
    first = _rows()
    article_extract(article=article)
    article_extract(article=article, force=True)
    assert _rows() == first and len(first) == 2


def test_a_signer_the_engine_no_longer_finds_loses_the_row(article, engine):
    engine.result = _result(signers=("Maria Alvarez",))
    article_extract(article=article)
    assert _signers(article) == [("Maria Alvarez", [])] * 2
    assert not ClaimSpeaker.objects.exists()
    engine.result = _result(signers=("Maria Alvarez", "Ken Sato", "Lena Park"))
    article_extract(article=article)
    assert _signers(article) == [("Maria Alvarez", ["Ken Sato", "Lena Park"])] * 2


def test_a_co_signer_who_is_the_claims_own_speaker_or_twice_named_is_listed_once(engine):
    engine.result = _result(signers=("Maria Alvarez", "Maria Alvarez", "Ken Sato", "Ken Sato"))
    article = factories.ArticleFactory(body=BODY, title=TITLE)
    article_extract(article=article)
    assert _signers(article) == [("Maria Alvarez", ["Ken Sato"])] * 2


def test_merging_a_co_signer_moves_the_rows_and_never_lists_anyone_twice(article, editor):
    alvarez = Speaker.objects.get(name="Maria Alvarez")
    sato = Speaker.objects.get(name="Ken Sato")
    other = factories.SpeakerFactory(name="K. Sato", key="k sato", aliases=[])
    speaker_merge(speaker=other, other=sato, editor=editor)
    assert set(ClaimSpeaker.objects.values_list("speaker_id", flat=True)) == {other.pk}
    assert _signers(article) == [("Maria Alvarez", ["Ken Sato"])] * 2  # the fuller name
    # Merging the two signers into one: the claim is that one person's, once.
    speaker_merge(speaker=alvarez, other=other, editor=editor)
    assert _signers(article) == [("Maria Alvarez", [])] * 2
    assert not ClaimSpeaker.objects.exists()


def test_merging_the_speaker_into_a_co_signer_makes_them_the_speaker_only(article, editor):
    alvarez = Speaker.objects.get(name="Maria Alvarez")
    sato = Speaker.objects.get(name="Ken Sato")
    speaker_merge(speaker=sato, other=alvarez, editor=editor)
    claims = Claim.objects.filter(article=article)
    assert set(claims.values_list("speaker_id", flat=True)) == {sato.pk}
    assert not ClaimSpeaker.objects.exists()


def test_splitting_an_alias_off_moves_the_co_signatures_made_under_it(engine, editor):
    engine.result = _result(signers=("Maria Alvarez", "Sato"))
    article = factories.ArticleFactory(body=BODY, title=TITLE)
    article_extract(article=article)
    sato = factories.SpeakerFactory(name="Ken Sato", key="ken sato", aliases=["Ken Sato"])
    old = Speaker.objects.get(name="Sato")
    speaker_merge(speaker=sato, other=old, editor=editor)
    assert _signers(article) == [("Maria Alvarez", ["Ken Sato"])] * 2
    new = speaker_alias_split(speaker=sato, alias="Sato", editor=editor)
    assert _signers(article) == [("Maria Alvarez", [new.name])] * 2
    assert new.pk != sato.pk


def test_an_editor_setting_the_claims_speaker_drops_the_co_signers_and_it_lasts(article, editor):
    claim = Claim.objects.filter(article=article).order_by("start").first()
    dan = factories.SpeakerFactory(name="Dan Reyes", key="dan reyes")
    claim_speaker_set(claim=claim, editor=editor, speaker=dan)
    row = SpeakerCorrection.objects.get()
    assert [s["name"] for s in row.before["co_speakers"]] == ["Ken Sato"]
    assert _signers(article)[0] == ("Dan Reyes", [])
    article_extract(article=article)  # re-extraction applies the correction again
    assert _signers(article) == [("Dan Reyes", []), ("Maria Alvarez", ["Ken Sato"])]


def test_an_editor_may_keep_the_speaker_and_drop_the_co_signers(article, editor):
    claim = Claim.objects.filter(article=article).order_by("start").first()
    claim_speaker_set(claim=claim, editor=editor, speaker=claim.speaker)
    assert _signers(article)[0] == ("Maria Alvarez", [])


def test_dedupe_merges_co_signer_rows_of_one_person(article):
    sato = Speaker.objects.get(name="Ken Sato")
    full = factories.SpeakerFactory(
        name="Kenji Ken Sato", key="kenji ken sato", title="President", surname="sato"
    )
    Speaker.objects.filter(pk=sato.pk).update(name="K. Sato", key="k sato")
    out = StringIO()
    call_command("speakers_dedupe", stdout=out)
    assert not Speaker.objects.filter(pk=sato.pk).exists()
    assert set(ClaimSpeaker.objects.values_list("speaker_id", flat=True)) == {full.pk}


def test_deleting_a_co_signer_deletes_only_the_co_signature(article):
    Speaker.objects.get(name="Ken Sato").delete()
    assert _signers(article) == [("Maria Alvarez", [])] * 2


def test_the_admins_claim_page_lists_the_co_signers_read_only(article, client, staff):
    claim = Claim.objects.filter(article=article, found=True).first()
    client.force_login(staff)
    page = client.get(f"/admin/claims/claim/{claim.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Co-signers" in html and "Ken Sato" in html
    assert 'name="co_signers-0-speaker"' not in html  # no form field: read-only
