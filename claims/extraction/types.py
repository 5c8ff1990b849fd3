"""Plain data returned by the extraction engine. No Django, no spaCy objects."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class FoundSpeaker:
    """A canonical speaker: a person or an organisation, with every surface form seen."""

    name: str
    title: str = ""
    organization: str = ""
    kind: str = "person"  # "person" | "organization"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FoundQuote:
    """Something a speaker said: direct (in quotation marks) or indirect (reported clause)."""

    text: str
    start: int  # character offsets into the text given to extract(): text == source[start:end]
    end: int
    kind: str  # "direct" | "indirect" | "statement" (a body paragraph of a text in their voice)
    cue: str = ""  # "said", "insisted", "according to", ...
    speaker: str | None = None  # canonical FoundSpeaker.name, None when nobody can be found
    speaker_title: str = ""


@dataclass(frozen=True)
class FoundClaim:
    """A check-worthy statement with its score and the reasons the score rests on."""

    text: str
    start: int
    end: int
    score: float  # 0..1, higher means more worth checking
    speaker: str | None = None  # canonical FoundSpeaker.name when said by someone, else None
    reasons: tuple[str, ...] = ()
    fingerprint: str = ""  # normalised form for matching the same claim across articles
    # The other signers of a joint statement's paragraph (canonical names, in the headline's
    # order): the claim is theirs as much as `speaker`'s.
    co_speakers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    quotes: tuple[FoundQuote, ...] = ()
    claims: tuple[FoundClaim, ...] = ()
    speakers: tuple[FoundSpeaker, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        """The JSON shape printed by `manage.py extract_text`."""
        return {
            "quotes": [asdict(q) for q in self.quotes],
            "claims": [
                {**asdict(c), "reasons": list(c.reasons), "co_speakers": list(c.co_speakers)}
                for c in self.claims
            ],
            "speakers": [{**asdict(s), "aliases": list(s.aliases)} for s in self.speakers],
        }
