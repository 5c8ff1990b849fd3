"""Hand corrections of speakers, and re-extraction applying them again (fake engine)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.extraction import types
from claims.models import AppendOnlyError, Quote, Speaker, SpeakerCorrection
from claims.services import article_extract
from claims.services import extraction as service
from claims.services.speaker_corrections import (
    claim_speaker_set,
    quote_correct,
    speaker_alias_split,
    speaker_edit,
    speaker_merge,
)
from tests import factories

pytestmark = pytest.mark.django_db

BODY = 'Kirby said "the ships will sail in May." Q: Will they? Sullivan said "No, not in May."'


def _found(text: str, speaker: str) -> types.FoundQuote:
    start = BODY.index(text)
    return types.FoundQuote(
        text=text, start=start, end=start + len(text), kind="direct", cue="said", speaker=speaker
    )


RESULT = types.Extraction(
    quotes=(
        _found("the ships will sail in May.", "John Kirby"),
        _found("No, not in May.", "Jake Sullivan"),
    ),
    claims=(
        types.FoundClaim(
            text="the ships will sail in May.",
            start=BODY.index("the ships"),
            end=BODY.index("the ships") + 27,
            score=0.8,
            speaker="John Kirby",
            fingerprint="ships sail may",
        ),
    ),
    speakers=(
        types.FoundSpeaker(name="John Kirby", title="spokesman", aliases=("Kirby",)),
        types.FoundSpeaker(name="Jake Sullivan", title="National Security Adviser"),
    ),
)


@pytest.fixture
def article(monkeypatch):
    monkeypatch.setattr(service, "_run_engine", lambda text, title="": RESULT)
    row = factories.ArticleFactory(body=BODY)
    article_extract(article=row)
    return row


def _speaker_of(article, text: str) -> str | None:
    quote = Quote.objects.select_related("speaker").get(article=article, text=text)
    return quote.speaker.name if quote.speaker else None


def test_a_merge_and_a_quote_correction_survive_reextraction(article, editor):
    kirby = Speaker.objects.get(name="John Kirby")
    sullivan = Speaker.objects.get(name="Jake Sullivan")
    dan = factories.SpeakerFactory(name="Dan Sullivan", key="dan sullivan", aliases=[])
    quote = Quote.objects.get(article=article, text="No, not in May.")
    quote_correct(quote=quote, editor=editor, speaker=dan)
    extra = factories.SpeakerFactory(name="J. Kirby", key="j kirby", aliases=[])
    speaker_merge(speaker=kirby, other=extra, editor=editor)
    article_extract(article=article)
    assert _speaker_of(article, "No, not in May.") == "Dan Sullivan"
    assert _speaker_of(article, "the ships will sail in May.") == "John Kirby"
    assert Speaker.objects.filter(pk=sullivan.pk).exists()


def test_a_merged_away_name_is_sent_to_the_kept_speaker_by_reextraction(article, editor):
    kirby = Speaker.objects.get(name="John Kirby")
    keep = factories.SpeakerFactory(name="Adm. John F. Kirby", key="john f kirby", aliases=[])
    speaker_merge(speaker=keep, other=kirby, editor=editor)
    article_extract(article=article)
    assert Quote.objects.get(text="the ships will sail in May.").speaker_id == keep.pk
    assert not Speaker.objects.filter(key="john kirby").exists()


def test_not_a_quote_and_a_claims_speaker_are_kept_by_reextraction(article, editor):
    quote = Quote.objects.get(article=article, text="No, not in May.")
    quote_correct(quote=quote, editor=editor, not_a_quote=True)
    claim = article.claims.get()
    claim_speaker_set(claim=claim, editor=editor, speaker=None)
    article_extract(article=article)
    assert Quote.objects.get(article=article, text="No, not in May.").not_a_quote
    assert article.claims.get().speaker_id is None


def test_an_edited_name_is_kept_by_reextraction(article, editor):
    kirby = Speaker.objects.get(name="John Kirby")
    speaker_edit(speaker=kirby, editor=editor, name="John F. Kirby", title="Press Secretary")
    article_extract(article=article)
    kirby.refresh_from_db()
    assert (kirby.name, kirby.title) == ("John F. Kirby", "Press Secretary")
    assert _speaker_of(article, "the ships will sail in May.") == "John F. Kirby"


def test_a_split_alias_keeps_its_own_speaker_after_reextraction(article, editor):
    kirby = Speaker.objects.get(name="John Kirby")
    split = speaker_alias_split(speaker=kirby, alias="Kirby", editor=editor)
    article_extract(article=article)
    kirby.refresh_from_db()
    assert "Kirby" not in kirby.aliases
    assert Speaker.objects.filter(pk=split.pk).exists()


def test_people_without_the_permission_correct_nothing(article):
    nobody = factories.UserFactory(username="pat-plain")
    kirby = Speaker.objects.get(name="John Kirby")
    with pytest.raises(PermissionDenied):
        speaker_edit(speaker=kirby, editor=nobody, title="x")
    with pytest.raises(PermissionDenied):
        quote_correct(quote=Quote.objects.first(), editor=nobody, speaker=None)
    assert SpeakerCorrection.objects.count() == 0


def test_bad_edits_are_refused(article, editor):
    kirby = Speaker.objects.get(name="John Kirby")
    sullivan = Speaker.objects.get(name="Jake Sullivan")
    for kwargs in [{"name": "He"}, {"name": "Jake Sullivan"}, {"organization": "State"}]:
        with pytest.raises(ValidationError):
            speaker_edit(speaker=kirby, editor=editor, **kwargs)
    with pytest.raises(ValidationError):
        speaker_merge(speaker=sullivan, other=sullivan, editor=editor)


def test_the_history_is_append_only(article, editor):
    kirby = Speaker.objects.get(name="John Kirby")
    row = speaker_edit(speaker=kirby, editor=editor, title="Spokesman")
    entry = SpeakerCorrection.objects.get(speaker=row)
    assert (entry.editor, entry.before["title"], entry.after["title"]) == (
        editor,
        "spokesman",
        "Spokesman",
    )
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        SpeakerCorrection.objects.all().delete()


def test_a_bare_office_in_a_batch_is_each_articles_own_holder(monkeypatch):
    import datetime as dt

    from claims.services import articles_extract

    biden = factories.SpeakerFactory(name="Joe Biden", key="joe biden", title="President")
    trump = factories.SpeakerFactory(name="Donald Trump", key="donald trump", title="President")
    for speaker, day in [(trump, dt.date(2019, 5, 1)), (biden, dt.date(2022, 5, 1))]:
        factories.QuoteFactory(speaker=speaker, published=day, article__published=day)
    office = types.Extraction(quotes=(_found("the ships will sail in May.", "THE PRESIDENT"),))
    monkeypatch.setattr(service, "_run_engine_many", lambda texts, titles=None: [office] * 2)
    old = factories.ArticleFactory(body=BODY, published=dt.date(2019, 6, 1))
    new = factories.ArticleFactory(body=BODY + " Later.", published=dt.date(2022, 6, 1))
    articles_extract(articles=[old, new])
    assert Quote.objects.get(article=old).speaker_id == trump.pk
    assert Quote.objects.get(article=new).speaker_id == biden.pk
    assert not Speaker.objects.filter(name__iexact="the president").exists()


JOINT = "We will rebuild the harbor wall before winter."
JOINT_RESULT = types.Extraction(
    quotes=tuple(
        types.FoundQuote(
            text=JOINT, start=0, end=len(JOINT), kind="statement", cue="statement", speaker=name
        )
        for name in ("Maria Alvarez", "Ken Sato")
    ),
    speakers=(types.FoundSpeaker(name="Maria Alvarez"), types.FoundSpeaker(name="Ken Sato")),
)


@pytest.fixture
def joint(monkeypatch):
    monkeypatch.setattr(service, "_run_engine", lambda text, title="": JOINT_RESULT)
    row = factories.ArticleFactory(body=JOINT)
    article_extract(article=row)
    return row


def test_a_joint_statements_paragraph_is_each_signers_quote_and_stays_so(joint, api_client, editor):
    api_client.force_authenticate(editor)
    ids = sorted(Quote.objects.filter(article=joint).values_list("pk", flat=True))
    assert sorted(q.speaker.name for q in Quote.objects.filter(article=joint)) == [
        "Ken Sato",
        "Maria Alvarez",
    ]
    article_extract(article=joint)  # re-extraction keeps both rows and their ids
    assert sorted(Quote.objects.filter(article=joint).values_list("pk", flat=True)) == ids
    for name in ("Maria Alvarez", "Ken Sato"):
        found = api_client.get("/api/quotes/", {"speaker": name}).json()["results"]
        assert [(q["text"], q["speaker"]["name"]) for q in found] == [(JOINT, name)]


def test_correcting_one_signers_quote_leaves_the_other_signers_after_reextraction(joint, editor):
    sato = Quote.objects.get(article=joint, speaker__name="Ken Sato")
    other = factories.SpeakerFactory(name="Lena Park", key="lena park", aliases=[])
    quote_correct(quote=sato, editor=editor, speaker=other)
    article_extract(article=joint)
    assert sorted(q.speaker.name for q in Quote.objects.filter(article=joint)) == [
        "Lena Park",
        "Maria Alvarez",
    ]
