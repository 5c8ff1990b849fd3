"""Factories for the page tests: claims with plain fingerprints, so no extraction is needed."""

from __future__ import annotations

import factory

from tests import factories


class ClaimFactory(factories.ClaimFactory):
    fingerprint = factory.Sequence(lambda n: f"fp-{n}")


def article_with(*sentences: str, **kwargs) -> tuple[factories.Article, list[tuple[int, int]]]:
    """An article whose body is the given paragraphs, with each one's (start, end) offsets."""
    body = "\n\n".join(sentences)
    offsets, position = [], 0
    for sentence in sentences:
        offsets.append((position, position + len(sentence)))
        position += len(sentence) + 2
    return factories.ArticleFactory(body=body, **kwargs), offsets
