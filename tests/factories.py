"""factory_boy factories, one per model."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from claims.models import Article, Claim, Quote, Speaker, Verdict, VerdictChoice
from claims.services.ingest import content_hash


def _fingerprint(text: str) -> str:
    from claims.extraction.fingerprint import fingerprint

    return fingerprint(text)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True  # `roles` adds groups; the user needs no second save

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(user, create, names, **kwargs):
        """`UserFactory(roles=["reviewers"])`: the user joins those role groups."""
        from claims.roles import role_group

        for name in names or ():
            user.groups.add(role_group(name))


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(
        lambda n: f"Officials said on Monday that {n + 3} ministries had met the 2021 target."
    )
    source = "Example News"
    url = factory.Sequence(lambda n: f"https://news.example.org/{n}")
    published = dt.date(2021, 8, 13)
    content_hash = factory.LazyAttribute(lambda a: content_hash(a.body))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker
        django_get_or_create = ("key",)

    name = factory.Sequence(lambda n: f"Speaker Number{n}")
    key = factory.LazyAttribute(lambda s: s.name.lower())
    title = "Spokesperson"
    organization = "Example Ministry"
    aliases = factory.LazyAttribute(lambda s: [s.name, s.name.split()[-1]])


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    text = factory.LazyAttribute(lambda q: q.article.body[:40])
    kind = "direct"
    cue = "said"
    start = 0
    end = factory.LazyAttribute(lambda q: len(q.text))
    published = factory.LazyAttribute(lambda q: q.article.published)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    speaker = None
    text = factory.LazyAttribute(lambda c: c.article.body)
    start = 0
    end = factory.LazyAttribute(lambda c: len(c.text))
    score = 0.8
    reasons = factory.LazyFunction(lambda: ["number"])
    fingerprint = factory.LazyAttribute(lambda c: _fingerprint(c.text))
    published = factory.LazyAttribute(lambda c: c.article.published)


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    verdict = VerdictChoice.VERIFIED
    note = "Checked against the ministry's published figures."
    evidence = factory.LazyFunction(lambda: ["https://data.example.org/figures"])
    reviewer = factory.SubFactory(UserFactory)
