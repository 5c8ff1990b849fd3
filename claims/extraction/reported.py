"""Reported clauses (`X said that ...`, `according to X, ...`) and the cue words around quotes.

`find_reported` walks the speech verbs of a Doc once and collects reported clauses: a clause
needs a subject of its own, loses a trailing comma-led gloss (`, which ...`), and one before its
cue must reach it without a colon, semicolon, dash or full stop in between. The token helpers
(regions before and after a quotation mark, the cue verb in a region, its subject) are shared
with the attribution of direct quotes in `quotes.py`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claims.extraction.cues import is_phrasal_cue, is_strong_cue, speech_lemma
from claims.extraction.mentions import Mention, describe_mention

QUOTE_TOKENS = frozenset({'"', "“", "”", "''", "``", "„", "«", "»"})


SENT_END = frozenset({".", "!", "?"})


REGION_TOKENS = 50  # tokens before or after a quotation mark searched for its cue
ORG_RANK_PENALTY = 100  # tokens: a person near a cue beats an organisation nearer to it


OBJECT_DEPS = frozenset({"dobj", "dative", "oprd", "iobj"})


SUBJ_DEPS = frozenset({"nsubj", "nsubjpass"})


# Links a participial cue hangs on (`X took ..., saying`, `X, shifting ... and admitting`).
CLIMB_DEPS = frozenset({"conj", "advcl", "xcomp"})


CLIMB_STEPS = 4


# A reported clause that precedes its cue is tied to it by a comma ("X, critics argue"); one
# cut off by these (or by a full stop) is a separate statement the parser hung on the next verb.
HARD_SEPARATORS = frozenset({":", ";", "—", "–", "--"})


# Cues whose passive subject is the one spoken to: `he was told`, `she was asked`.
ADDRESSEE_CUES = frozenset({"tell", "ask", "inform", "advise", "urge", "assure", "warn", "remind"})


# Cognition verbs: inside another reported clause ("said she hopes ...") they are part of
# what the outer speaker reported, not a report of their own.
COGNITION_CUES = frozenset({"believe", "think", "feel", "hope", "fear", "worry", "wonder"})


# A comma-led phrase of these kinds closing a reported clause (`, which ...`, `, a former ...`,
# `, down from ...`) is the writer's gloss, not part of what was reported.
TRAILING_DEPS = frozenset({"relcl", "appos", "acl", "npadvmod", "advmod"})


CLAUSE_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})


NOT_SPEAKER_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}
)


@dataclass(frozen=True)
class Reported:
    """A reported clause governed by a speech cue."""

    start: int
    end: int
    cue: str
    mention: Mention | None


class TokenIndex:
    """Character offset to token lookups for one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def at(self, char: int) -> int:
        """Index of the token covering (or just before) `char`."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)


def is_boundary(tok: Token) -> bool:
    # A full stop the tagger reads as a word (`No. 2`) does not end the sentence.
    sentence_end = tok.text in SENT_END and tok.pos_ == "PUNCT"
    return sentence_end or (tok.is_space and "\n" in tok.text)


def after_region(doc: Doc, first: int) -> range:
    """Tokens after a closing mark, up to the end of that sentence."""
    last = first
    while last < len(doc) and last - first < REGION_TOKENS:
        tok = doc[last]
        if tok.text in QUOTE_TOKENS or (tok.is_space and "\n" in tok.text):
            break
        last += 1
        if tok.text in SENT_END:
            break
    return range(first, last)


def before_region(doc: Doc, last: int) -> range:
    """Tokens before an opening mark, back to the start of that sentence."""
    first = last
    while first > 0 and last - first < REGION_TOKENS:
        tok = doc[first - 1]
        if tok.text in QUOTE_TOKENS or is_boundary(tok):
            break
        first -= 1
    return range(first, last)


def _is_cue_verb(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return False
    nxt = tok.nbor().text if tok.i + 1 < len(tok.doc) else ""
    return is_strong_cue(tok.text) or is_phrasal_cue(tok.text, nxt)


def find_cue(doc: Doc, region: range, nearest_last: bool = False) -> Token | None:
    """The first speech verb (or `according`) in a region; the last one if `nearest_last`."""
    for i in reversed(region) if nearest_last else region:
        tok = doc[i]
        if _is_cue_verb(tok):
            return tok
        if tok.lower_ == "according" and i + 1 < len(doc) and doc[i + 1].lower_ == "to":
            return tok
    return None


def cue_subject(doc: Doc, cue: Token, region: range) -> Token | None:
    """The speaker head of a cue inside `region`."""
    if cue.lower_ == "according":
        to = doc[cue.i + 1]
        for child in to.children:
            if child.dep_ == "pobj" and child.i in region:
                return child
        return _noun_after(doc, to.i, region)
    head = _verb_subject(cue, region)
    # A common-noun subject (`a spokesman for the board said`) is the speaker as written; a
    # name elsewhere in the attribution (`in an interview with X`) is not.
    described = head is not None and head.pos_ == "NOUN"
    if head is None:
        head = _noun_after(doc, cue.i, region)
        if head is not None and _is_object_of(head, cue) and not _right_after_quote(doc, cue):
            head = None
    if head is None or (
        head.pos_ not in ("PROPN", "PRON") and not head.ent_type_ and not described
    ):
        head = _entity_near(doc, cue, region) or head
    if head is None and cue.i - 1 in region and doc[cue.i - 1].pos_ in ("PROPN", "NOUN", "PRON"):
        head = doc[cue.i - 1]
    if head is not None and head.ent_type_ in NOT_SPEAKER_ENTS:
        return None
    return head


def _verb_subject(verb: Token, region: range) -> Token | None:
    """The subject of `verb`, climbing through `and said` / `, saying` / `went on to say`."""
    passive, agent = _passive_speaker(verb)
    if passive:
        return agent if agent is not None and agent.i in region else None
    tok: Token | None = verb
    for _ in range(CLIMB_STEPS):
        for child in tok.children:
            if child.dep_ in SUBJ_DEPS and child.i in region:
                return child
        tok = _climb(tok)
        if tok is None or tok.i not in region:
            return None
    return None


def _right_after_quote(doc: Doc, cue: Token) -> bool:
    """`..." opined Cleveland's Plain Dealer`: a cue right after the closing mark is inverted,
    so the noun after it is its speaker even when parsed as its object."""
    return cue.i > 0 and doc[cue.i - 1].text in QUOTE_TOKENS


def _is_object_of(tok: Token, verb: Token) -> bool:
    """`call Trump "flexible"`, `urges voters`: the one spoken to or about, not the speaker."""
    return tok.head.i == verb.i and tok.dep_ in OBJECT_DEPS


def _entity_near(doc: Doc, cue: Token, region: range) -> Token | None:
    """Root token of the PERSON (else ORG) entity in `region` nearest to the cue."""
    best: tuple[int, Token] | None = None
    for ent in doc[region.start : region.stop].ents:
        if ent.label_ not in ("PERSON", "ORG") or _is_object_of(ent.root, cue):
            continue
        rank = abs(ent.root.i - cue.i) + (0 if ent.label_ == "PERSON" else ORG_RANK_PENALTY)
        if best is None or rank < best[0]:
            best = (rank, ent.root)
    return best[1] if best else None


def _noun_after(doc: Doc, i: int, region: range) -> Token | None:
    """Head of the noun phrase right after token `i` ("said Ned Price")."""
    j = i + 1
    while j in region and doc[j].pos_ in ("DET", "ADV"):
        j += 1
    if j not in region or doc[j].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    tok = doc[j]
    while (
        tok.dep_ in ("compound", "flat", "amod", "nmod", "poss")
        and tok.head.i in region
        and tok.head.i > tok.i
    ):
        tok = tok.head
    return tok


def find_reported(doc: Doc) -> list[Reported]:
    """Reported clauses: `X said (that) ...`, `X warned Y that ...`, `according to X, ...`."""
    out: list[Reported] = []
    for tok in doc:
        low = tok.lower_
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            rep = _according(doc, tok)
        elif speech_lemma(low) is not None and tok.pos_ in ("VERB", "AUX"):
            rep = _clause_of(doc, tok)
        else:
            continue
        if rep is not None:
            out.append(rep)
    return out


def _clause_of(doc: Doc, verb: Token) -> Reported | None:
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None or not _has_subject(clause):
        return None
    lo, hi = clause.left_edge.i, clause.right_edge.i + 1
    hi = _trim_trailing_modifier(doc, lo, hi)
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    if (
        hi - lo < 3
        or lo <= verb.i < hi
        or _crosses_paragraph(doc, min(lo, verb.i), max(hi, verb.i + 1))
        or _cut_off_before(doc, hi, verb.i)
    ):
        return None
    sent = verb.sent
    subj = _clause_subject(verb)
    if subj is None and lo > verb.i:  # `X, meanwhile, who sits ..., said ...`: a misparse
        subj = _subject_by_position(doc, range(sent.start, verb.i))
    mention = None
    if subj is not None and not lo <= subj.i < hi:
        mention = describe_mention(doc, subj, lo=sent.start, hi=sent.end, avoid=(lo, hi))
    return Reported(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]), verb.text, mention)


def _clause_subject(verb: Token) -> Token | None:
    """The subject of a cue, climbing from a participle to the verb it hangs on.

    `X sought ..., and took ..., saying ...`, `X landed in trouble by saying ...`,
    `X told reporters, before insisting ...`: the one who says is the subject up the chain.
    """
    passive, agent = _passive_speaker(verb)
    if passive:
        return agent
    tok: Token | None = verb
    for _ in range(CLIMB_STEPS):
        subj = next((c for c in tok.children if c.dep_ in SUBJ_DEPS), None)
        if subj is not None or (tok := _climb(tok)) is None:
            return subj
    return None


def _passive_speaker(verb: Token) -> tuple[bool, Token | None]:
    """Whether a cue is passive with a known speaker position, and that speaker.

    `was asked by host Bill Maher`: the agent. `his salespersons were told`: nobody, since
    only the one told or asked is named. (False, None) for an active cue.
    """
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return False, None
    for child in verb.children:
        if child.dep_ == "agent":
            return True, next((c for c in child.children if c.dep_ == "pobj"), None)
    return speech_lemma(verb.text) in ADDRESSEE_CUES, None


def _climb(tok: Token) -> Token | None:
    """The verb a participle or conjunct hangs on (`by saying` -> the verb of `by`), or None."""
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
        return tok.head.head
    if tok.dep_ in CLIMB_DEPS and tok.head.i != tok.i:
        return tok.head
    return None


def _subject_by_position(doc: Doc, region: range) -> Token | None:
    """The first person named in `region` as a subject would be (not an object, not after a
    preposition), for a speech verb the parser left without a subject."""
    for ent in doc[region.start : region.stop].ents:
        if ent.label_ == "PERSON" and ent.root.dep_ not in ("pobj", "dobj", "dative", "poss"):
            return ent.root
    return None


def _trim_trailing_modifier(doc: Doc, lo: int, hi: int) -> int:
    """Cut a trailing `, which ...` / `, a former ...` / `, down from ...` off a clause."""
    for k in range(lo + 3, hi - 1):
        if doc[k].text != ",":
            continue
        roots = [t for t in doc[k + 1 : hi] if not k < t.head.i < hi]
        if len(roots) == 1 and roots[0].dep_ in TRAILING_DEPS:
            return k
    return hi


def _has_subject(clause: Token) -> bool:
    """A finite reported clause has a subject; `thinks [should be made public]` is a fragment."""
    return any(c.dep_ in CLAUSE_SUBJ_DEPS for c in clause.children)


def _cut_off_before(doc: Doc, hi: int, verb_i: int) -> bool:
    """A clause before its verb, separated from it by a colon, semicolon, dash or full stop."""
    return any(doc[i].text in HARD_SEPARATORS or doc[i].text in SENT_END for i in range(hi, verb_i))


def _crosses_paragraph(doc: Doc, lo: int, hi: int) -> bool:
    return any(doc[i].is_space and "\n" in doc[i].text for i in range(lo, hi))


def _according(doc: Doc, tok: Token) -> Reported | None:
    phrase_lo, phrase_hi = tok.left_edge.i, tok.right_edge.i + 1
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    phrase_hi = max(phrase_hi, pobj.right_edge.i + 1)
    sent = tok.sent
    before = (sent.start, phrase_lo)
    after = (phrase_hi, sent.end)
    lo, hi = after if after[1] - after[0] >= before[1] - before[0] else before
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    if hi - lo < 3:
        return None
    mention = describe_mention(doc, pobj, lo=phrase_lo, hi=phrase_hi)
    return Reported(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]), "according to", mention)
