"""Direct and reported quotations with their speakers.

Works in linear passes over one parsed Doc:

1. `find_marked_spans` scans the raw text for quotation marks (straight, typographic, `''`),
   pairing them by context rather than by glyph so that mismatched marks survive, and
   splitting quotes that run over paragraphs the newspaper way.
2. `find_reported` walks the speech verbs once and collects reported clauses
   (`X said that ...`, `according to X, ...`): a clause needs a subject of its own, loses a
   trailing comma-led gloss (`, which ...`), and one before its cue must reach it without a
   colon, semicolon, dash or full stop in between.
3. `build_quotes` merges both, after dropping a reported clause that lies inside a longer one
   (the outer report carries it): a reported clause that is mostly one quotation is that direct
   quote; a clause holding quoted fragments is one mixed (indirect) quote; every direct quote
   gets its speaker from a cue after or before it, from the end of the previous paragraph
   (`X said:`), or from the quote it continues.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from claims.extraction.cues import is_phrasal_cue, is_strong_cue, mixed_lemma, speech_lemma
from claims.extraction.speakers import Mention, SpeakerRegistry, describe_mention
from claims.extraction.types import FoundQuote

MARK_RE = re.compile(r"''|``|[\"“”„«»]")
QUOTE_TOKENS = frozenset({'"', "“", "”", "''", "``", "„", "«", "»"})
SENT_END = frozenset({".", "!", "?"})
WORD_RE = re.compile(r"[^\W_]+")
MIN_UNCUED_WORDS = 6  # a quoted span with no cue and fewer words is a scare quote or a title
MIN_CUED_WORDS = 1
MIN_FRAGMENT_WORDS = 4  # a shorter quoted phrase inside a running sentence is a term, not a quote
REGION_TOKENS = 50
# A headline quoting someone in single marks, the headline style: `Kasich: 'We Will Win.'`.
HEADLINE_QUOTE_RE = re.compile(
    r"^[ \t]*[^\n:'‘’\"“”]{2,80}:[ \t]*(?:‘|'(?!'))"
    r"(?P<body>[^\n\"“”]+?)(?:’|(?<!')'(?!'))\.?[ \t]*$",
    re.M,
)
# What may stand between two quotations listed in one breath: `"A" and "B"`, `"A" . . . "B"`.
LIST_JOINERS = re.compile(r"[ \t]*(?:,?[ \t]*(?:and|or)|\.[ \t]?\.[ \t]?\.|…)[ \t]*")
# A quoted span of capitalised words inside a running sentence is a title (show, book, slogan).
TITLE_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
TITLE_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "from"}
)
MAX_TITLE_WORDS = 15
MIN_TAIL_WORDS = 4  # words after a mixed quote's last fragment that make it end there
TAIL_BREAK_RE = re.compile(r"'?\s*[,;:(\u2014\u2013-]")
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
NOT_NAME_BEFORE_COLON = NOT_SPEAKER_ENTS | {"NORP", "LANGUAGE"}  # `quoting him in Italian:`


@dataclass(frozen=True)
class MarkedSpan:
    """Text between a pair of quotation marks (content offsets, marks excluded)."""

    start: int
    end: int
    open_mark: int
    close_mark: int  # -1 when the quote runs to the end of its paragraph
    continues: int = -1  # index of the span this one continues (multi-paragraph quotes)
    gap: int = 0  # characters between the parts of quotations listed in one breath


@dataclass(frozen=True)
class Reported:
    """A reported clause governed by a speech cue."""

    start: int
    end: int
    cue: str
    mention: Mention | None


# --------------------------------------------------------------------------- marks


def _direction(text: str, i: int, length: int) -> str:
    """'open', 'close' or '?' judged from the characters around a mark."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + length] if i + length < len(text) else " "
    if prev.isspace() or prev in "([{—–-/":
        return "?" if nxt.isspace() else "open"
    if nxt.isspace() or nxt in ".,;:!?)]}—–-" or i + length == len(text):
        return "close"
    return "?"


def trim_space(text: str, start: int, end: int) -> tuple[int, int]:
    """start:end without the whitespace around it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """Every span between paired quotation marks, in order."""
    spans: list[MarkedSpan] = []
    open_at: tuple[int, int] | None = None  # (mark offset, mark length)
    carried = -1  # index of a span cut at a paragraph end, waiting for its continuation
    for m in MARK_RE.finditer(text):
        i, n = m.start(), m.end() - m.start()
        if open_at is not None:
            para_end = text.find("\n", open_at[0], i)
            if para_end != -1:  # ran over the end of its paragraph without a close
                carried = _cut_at_paragraph(text, spans, open_at, para_end)
                open_at = None
        way = _direction(text, i, n)
        if open_at is None:
            if way == "close" and not _at_line_start(text, i):
                continue  # stray closing mark
            if carried != -1 and not _at_line_start(text, i):
                carried = -1
            open_at = (i, n)
            continue
        start, end = trim_space(text, open_at[0] + open_at[1], i)
        if end > start:
            spans.append(MarkedSpan(start, end, open_at[0], i, continues=carried))
        carried = -1
        open_at = None
    if open_at is not None:
        para_end = text.find("\n", open_at[0])
        _cut_at_paragraph(text, spans, open_at, len(text) if para_end == -1 else para_end)
    return spans


def add_headline_quotes(text: str, spans: list[MarkedSpan]) -> list[MarkedSpan]:
    """Add the quotes of headline lines in single marks (`Kasich: 'We Will Win Ohio.'`)."""
    found = [
        MarkedSpan(m.start("body"), m.end("body"), m.start("body") - 1, m.end("body"))
        for m in HEADLINE_QUOTE_RE.finditer(text)
        if not any(s.open_mark <= m.end("body") and m.start("body") <= s.end for s in spans)
    ]
    if not found:
        return spans
    order = sorted(range(len(spans) + len(found)), key=lambda k: ([*spans, *found][k].start))
    new_index = {old: new for new, old in enumerate(order)}
    merged = [*spans, *found]
    return [
        replace(merged[k], continues=new_index[merged[k].continues])
        if merged[k].continues != -1
        else merged[k]
        for k in order
    ]


def join_listed(text: str, spans: list[MarkedSpan]) -> list[MarkedSpan]:
    """Join quotations listed in one breath (`"A" and "B"`, `"A" . . . "B"`) into one span."""
    out: list[MarkedSpan] = []
    new_index: list[int] = []  # index in `out` of each span given
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.close_mark != -1
            and span.continues == -1
            and LIST_JOINERS.fullmatch(text[prev.close_mark + 1 : span.open_mark])
        ):
            gap = prev.gap + span.start - prev.end
            out[-1] = replace(prev, end=span.end, close_mark=span.close_mark, gap=gap)
        else:
            continues = new_index[span.continues] if span.continues != -1 else -1
            out.append(replace(span, continues=continues))
        new_index.append(len(out) - 1)
    return out


def _at_line_start(text: str, i: int) -> bool:
    line_start = text.rfind("\n", 0, i) + 1
    return not text[line_start:i].strip()


def _cut_at_paragraph(
    text: str, spans: list[MarkedSpan], open_at: tuple[int, int], para_end: int
) -> int:
    """Close an unterminated quote at its paragraph end; return its index for continuation."""
    start, end = trim_space(text, open_at[0] + open_at[1], para_end)
    if end <= start:
        return -1
    spans.append(MarkedSpan(start, end, open_at[0], -1))
    return len(spans) - 1


# --------------------------------------------------------------------------- tokens


class TokenIndex:
    """Character offset to token lookups for one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def at(self, char: int) -> int:
        """Index of the token covering (or just before) `char`."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)


def _is_boundary(tok: Token) -> bool:
    # A full stop the tagger reads as a word (`No. 2`) does not end the sentence.
    sentence_end = tok.text in SENT_END and tok.pos_ == "PUNCT"
    return sentence_end or (tok.is_space and "\n" in tok.text)


def _after_region(doc: Doc, first: int) -> range:
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


def _before_region(doc: Doc, last: int) -> range:
    """Tokens before an opening mark, back to the start of that sentence."""
    first = last
    while first > 0 and last - first < REGION_TOKENS:
        tok = doc[first - 1]
        if tok.text in QUOTE_TOKENS or _is_boundary(tok):
            break
        first -= 1
    return range(first, last)


def _is_cue_verb(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return False
    nxt = tok.nbor().text if tok.i + 1 < len(tok.doc) else ""
    return is_strong_cue(tok.text) or is_phrasal_cue(tok.text, nxt)


def _find_cue(doc: Doc, region: range, nearest_last: bool = False) -> Token | None:
    """The first speech verb (or `according`) in a region; the last one if `nearest_last`."""
    for i in reversed(region) if nearest_last else region:
        tok = doc[i]
        if _is_cue_verb(tok):
            return tok
        if tok.lower_ == "according" and i + 1 < len(doc) and doc[i + 1].lower_ == "to":
            return tok
    return None


def _subject(doc: Doc, cue: Token, region: range) -> Token | None:
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
        rank = abs(ent.root.i - cue.i) + (0 if ent.label_ == "PERSON" else 100)
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


def _mention(doc: Doc, head: Token, region: range) -> Mention | None:
    return describe_mention(doc, head, lo=region.start, hi=region.stop)


# --------------------------------------------------------------------------- reported


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


# --------------------------------------------------------------------------- merge


def _word_count(text: str) -> int:
    return len(WORD_RE.findall(text))


@dataclass
class _Attr:
    cue: str = ""
    mention: Mention | None = None
    via: str = ""  # "after" | "before" | "intro" | "continuation" | "clause"


def _attribute_span(doc: Doc, index: TokenIndex, span: MarkedSpan, text: str) -> _Attr:
    """Find the cue and speaker of one direct quote from the text around it."""
    if span.close_mark != -1 and not _closes_sentence(text, span):
        first = index.at(span.close_mark) + 1
        region = _after_region(doc, first)
        cue = _find_cue(doc, region)
        if cue is not None and not _coordinated_from_before(cue, index.at(span.open_mark)):
            head = _subject(doc, cue, region)
            return _Attr(_cue_text(doc, cue), _head_mention(doc, head, region), "after")
    last = index.at(span.open_mark)
    region = _before_region(doc, last)
    cue = _find_cue(doc, region, nearest_last=True)
    if cue is not None:
        head = _subject(doc, cue, region)
        return _Attr(_cue_text(doc, cue), _head_mention(doc, head, region), "before")
    if region and doc[region.stop - 1].text == ":":
        head = _name_before_colon(doc, region) or _main_subject(doc, region)
        if head is not None:
            return _Attr(":", _head_mention(doc, head, region), "colon")
    if _at_line_start(text, span.open_mark):
        return _intro_from_previous_paragraph(doc, index, span, text)
    return _Attr()


def _coordinated_from_before(cue: Token, open_tok: int) -> bool:
    """`X called it "A" but described ...`: an after-quote cue continuing a verb before it."""
    return cue.dep_ == "conj" and cue.head.i < open_tok


def _closes_sentence(text: str, span: MarkedSpan) -> bool:
    """`..." ends with a full stop and a new sentence follows: a cue after it is not its own."""
    if text[span.end - 1] != ".":
        return False
    after = text[span.close_mark + 1 : span.close_mark + 4].lstrip(" '\u201d\"")
    return after[:1].isupper()


def _name_before_colon(doc: Doc, region: range) -> Token | None:
    """`... - Pew Research: "..."`, `Republican pollster Daron Shaw: "..."`: the name itself."""
    tok = doc[region.stop - 2] if len(region) >= 2 else None
    if tok is None or tok.pos_ != "PROPN" or tok.ent_type_ in NOT_NAME_BEFORE_COLON:
        return None
    return tok


def _main_subject(doc: Doc, region: range) -> Token | None:
    """The subject of the first verb of a region (`Kasich resisted:`)."""
    for i in region:
        tok = doc[i]
        if tok.dep_ in SUBJ_DEPS and tok.head.i in region and tok.head.pos_ in ("VERB", "AUX"):
            return tok
    return None


def _head_mention(doc: Doc, head: Token | None, region: range) -> Mention | None:
    if head is None:
        return None
    return describe_mention(doc, head, lo=region.start, hi=region.stop)


def _cue_text(doc: Doc, cue: Token) -> str:
    return "according to" if cue.lower_ == "according" else cue.text


def _intro_from_previous_paragraph(
    doc: Doc, index: TokenIndex, span: MarkedSpan, text: str
) -> _Attr:
    """`X said:` / `Rathbun stated,` closing the paragraph before the quote."""
    para_start = text.rfind("\n", 0, span.open_mark)
    prev_end = para_start
    while prev_end > 0 and text[prev_end - 1].isspace():
        prev_end -= 1
    if prev_end <= 0 or text[prev_end - 1] not in ":,":
        return _Attr()
    last = index.at(prev_end - 1)
    region = _before_region(doc, last)
    cue = _find_cue(doc, region, nearest_last=True)
    if cue is None:
        head = _main_subject(doc, region) if text[prev_end - 1] == ":" else None
        return _Attr(":", _head_mention(doc, head, region), "intro") if head else _Attr()
    head = _subject(doc, cue, region)
    return _Attr(_cue_text(doc, cue), _head_mention(doc, head, region), "intro")


def _is_embedded(text: str, span: MarkedSpan) -> bool:
    """A quoted fragment inside a running sentence (`found "clear patterns" of ...`)."""
    first = text[span.start]
    prev = text[max(0, span.open_mark - 2) : span.open_mark].strip()
    return first.islower() and prev not in (":", ",") and not _at_line_start(text, span.open_mark)


def _is_title(text: str, span: MarkedSpan) -> bool:
    """A quoted name inside a running sentence: on CNN's "State of the Union", author of "X"."""
    body = text[span.start : span.end]
    words = TITLE_WORD_RE.findall(body)
    content = [w for w in words if w.lower() not in TITLE_SMALL_WORDS]
    return (
        2 <= len(words) <= MAX_TITLE_WORDS
        and all(w[0].isupper() for w in content)
        and body.rstrip("'’\"”,.")[-1:] not in ("!", "?")
        and _mid_sentence(text, span)
    )


def _mid_sentence(text: str, span: MarkedSpan) -> bool:
    """The opening mark follows a word of the same sentence (not a boundary, colon or comma)."""
    before = text[: span.open_mark].rstrip(" \t")
    return bool(before) and before[-1] not in ".!?:,;\n—–-([" and not before.endswith("''")


def build_quotes(
    doc: Doc,
    registry: SpeakerRegistry,
    offset: int = 0,
    prev_speaker: tuple[str | None, str] = (None, ""),
) -> list[FoundQuote]:
    """All quotes of one Doc, offsets shifted by `offset` (the Doc's place in the full text)."""
    text = doc.text
    index = TokenIndex(doc)
    marked = join_listed(text, add_headline_quotes(text, find_marked_spans(text)))
    registry.observe_people(doc, offset, [(s.start + offset, s.end + offset) for s in marked])
    absorbed: set[int] = set()
    items: list[tuple[int, object]] = []
    clause_attr: dict[int, Reported] = {}
    for rep in find_reported(doc):
        kept = _merge_clause(text, rep, marked, absorbed, clause_attr)
        if kept is not None:
            items.append((kept.start, kept))
    for k, span in enumerate(marked):
        if k in absorbed or k in clause_attr or not _is_embedded(text, span):
            continue
        rep = _mixed_around(doc, index, span)
        if rep is not None:
            kept = _merge_clause(text, rep, marked, absorbed, clause_attr)
            if kept is not None:
                items.append((kept.start, kept))
    items = _drop_nested(items)
    items.extend((span.start, k) for k, span in enumerate(marked) if k not in absorbed)
    items.sort(key=lambda item: item[0])
    return _resolve_items(doc, index, marked, items, clause_attr, registry, offset, prev_speaker)


def _drop_nested(items: list[tuple[int, object]]) -> list[tuple[int, object]]:
    """Drop reported clauses lying inside a longer reported clause (`X said Y told her Z`)."""
    reps = [rep for _, rep in items if isinstance(rep, Reported)]

    def nested(rep: Reported) -> bool:
        return any(
            o.start <= rep.start
            and rep.end <= o.end
            and o.end - o.start > rep.end - rep.start
            and (o.cue != "according to" or speech_lemma(rep.cue) in COGNITION_CUES)
            for o in reps
        )

    return [(pos, rep) for pos, rep in items if not (isinstance(rep, Reported) and nested(rep))]


def _merge_clause(
    text: str,
    rep: Reported,
    marked: list[MarkedSpan],
    absorbed: set[int],
    clause_attr: dict[int, Reported],
) -> Reported | None:
    """Decide what a reported clause is next to the quotation marks it overlaps.

    Mostly one quotation: that direct quote (the clause lends it its speaker). Holding quoted
    fragments: one mixed quote that absorbs them. Cutting through a quotation: dropped.
    """
    inside = [k for k, s in enumerate(marked) if s.start < rep.end and s.end > rep.start]
    if not inside:
        return rep
    covered = sum(
        min(marked[k].end, rep.end) - max(marked[k].start, rep.start) - marked[k].gap
        for k in inside
    )
    if covered >= 0.6 * (rep.end - rep.start):
        for k in inside:
            if not _speaker_inside(rep, marked[k]):
                clause_attr.setdefault(k, rep)
        return None
    if any(marked[k].open_mark < rep.start - 1 or k in absorbed for k in inside):
        return None
    inside, rep = _within_first_sentence(text, marked, inside, rep)
    end = max(rep.end, max(marked[k].end for k in inside))
    if any(marked[k].end > rep.end + 3 for k in inside) and end - rep.end > 0.5 * (
        rep.end - rep.start
    ):
        return None
    absorbed.update(inside)
    last = max((marked[k] for k in inside), key=lambda s: s.end)
    if _ends_at_fragment(text, last, end):
        end = last.end
    return Reported(rep.start, end, rep.cue, rep.mention)


def _within_first_sentence(
    text: str, marked: list[MarkedSpan], inside: list[int], rep: Reported
) -> tuple[list[int], Reported]:
    """Cut a clause at a quotation that ends its sentence (`... Mexican." Trump called ...`)."""
    for n, k in enumerate(inside):
        span = marked[k]
        if span.close_mark == -1 or span.close_mark >= rep.end - 1:
            continue
        if text[span.end - 1] in SENT_END and text[span.close_mark + 1 :].lstrip()[:1].isupper():
            return inside[: n + 1], Reported(rep.start, span.end, rep.cue, rep.mention)
    return inside, rep


def _speaker_inside(rep: Reported, span: MarkedSpan) -> bool:
    """The clause's speaker is named inside the quotation: it is quoted speech, not its source."""
    return rep.mention is not None and span.start <= rep.mention.pos < span.end


def _ends_at_fragment(text: str, last: MarkedSpan, end: int) -> bool:
    """A mixed quote ends with its last quoted fragment when more words follow a clear break.

    `called it "extremely careless," but said ...` and `... "worse than amnesty." And ...`:
    the fragment closes with punctuation, or the words after it open with a comma or dash.
    """
    if last.close_mark == -1 or last.close_mark >= end:
        return False
    tail = text[last.close_mark + 1 : end]
    if _word_count(tail) < MIN_TAIL_WORDS:
        return False
    return text[last.end - 1] in ",;.!?" or bool(TAIL_BREAK_RE.match(tail))


def _mixed_around(doc: Doc, index: TokenIndex, span: MarkedSpan) -> Reported | None:
    """`X told NBC that it was "immensely beneficial."`: the clause around a quoted fragment."""
    open_tok = index.at(span.open_mark)
    region = _before_region(doc, open_tok)
    cue = next((doc[i] for i in reversed(region) if _is_mixed_cue(doc[i])), None)
    if cue is None:
        return None
    lo = cue.i + 1
    that = next((i for i in range(lo, open_tok) if doc[i].lower_ == "that"), None)
    if that is not None:
        lo = that
    while lo < open_tok and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    hi = index.at(span.close_mark) + 1 if span.close_mark != -1 else index.at(span.end - 1) + 1
    while hi < len(doc) and not _is_boundary(doc[hi]) and hi - lo < 80:
        hi += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if hi <= lo:
        return None
    start, end = doc[lo].idx, max(doc[hi - 1].idx + len(doc[hi - 1]), span.end)
    teller = _reporting_verb(cue, region)
    # The speaker may stand before an earlier quotation of the same sentence (`X lamented the
    # "a" state and criticized the "b"`): the subject is looked for back to the sentence start.
    who = range(min(region.start, teller.sent.start), teller.i + 1)
    head = _subject(doc, teller, who) if cue.lower_ != "according" else None
    mention = _head_mention(doc, head, range(who.start, teller.i)) if head is not None else None
    return Reported(start, end, cue.text, mention)


def _reporting_verb(cue: Token, region: range) -> Token:
    """The speech verb whose report holds the cue (`X says that people want to counter "..."`)."""
    tok = cue
    while tok.head.i != tok.i and tok.head.i in region:
        if tok.dep_ == "ccomp" and speech_lemma(tok.head.text) and tok.head.pos_ == "VERB":
            return tok.head
        tok = tok.head
    return cue


def _is_mixed_cue(tok: Token) -> bool:
    """A verb that can introduce a clause or phrase with quoted words in it."""
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return False
    return speech_lemma(tok.text) is not None or mixed_lemma(tok.text) is not None


def _lead_in_subject(doc: Doc, index: TokenIndex, span: MarkedSpan) -> Mention | None:
    """The named subject of the sentence right before an uncued quote in the same paragraph."""
    i = index.at(span.open_mark) - 1
    while i >= 0 and doc[i].is_space and "\n" not in doc[i].text:
        i -= 1
    if i < 0 or doc[i].text not in SENT_END:
        return None
    sent = doc[i].sent
    subj = next((c for c in sent.root.children if c.dep_ in SUBJ_DEPS), None)
    if subj is None or (subj.pos_ != "PROPN" and subj.ent_type_ not in ("PERSON", "ORG")):
        return None
    return describe_mention(doc, subj, lo=sent.start, hi=sent.end)


def _paragraph_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _resolve_items(
    doc: Doc,
    index: TokenIndex,
    marked: list[MarkedSpan],
    items: list,
    clause_attr: dict[int, Reported],
    registry: SpeakerRegistry,
    offset: int,
    prev_speaker: tuple[str | None, str],
) -> list[FoundQuote]:
    text = doc.text

    def resolve(mention: Mention | None) -> tuple[str | None, str]:
        """The registry's speaker for a mention, at its place in the whole text."""
        if mention is None:
            return None, ""
        return registry.resolve(replace(mention, pos=mention.pos + offset) if offset else mention)

    quotes: list[FoundQuote] = []
    speaker_of: dict[int, tuple[str | None, str]] = {}
    last: tuple[str | None, str] = prev_speaker
    last_end = -10_000
    # The last quoted speaker and the paragraph of that quote: an uncued quote in the same
    # paragraph is theirs even when a reported clause came in between.
    in_paragraph: tuple[int, tuple[str | None, str]] = (-1, (None, ""))
    for _, item in items:
        if isinstance(item, Reported):
            name, title = resolve(item.mention)
            if name is not None:  # `Carter said that ...` then an uncued quote: Carter's
                last, last_end = (name, title), item.end
            quotes.append(
                FoundQuote(
                    text[item.start : item.end],
                    item.start + offset,
                    item.end + offset,
                    "indirect",
                    item.cue,
                    name,
                    title,
                )
            )
            continue
        span = marked[item]
        attr = _attribute_span(doc, index, span, text)
        if attr.cue == "" and item in clause_attr:
            rep = clause_attr[item]
            attr = _Attr(rep.cue, rep.mention, "clause")
        words = _word_count(text[span.start : span.end])
        if _is_title(text, span):
            continue
        if attr.cue:
            if words < MIN_CUED_WORDS or (words < MIN_FRAGMENT_WORDS and _mid_sentence(text, span)):
                continue
            name, title = resolve(attr.mention)
            if name is None and attr.mention is None and last[0] and span.start - last_end < 400:
                name, title = last
        elif span.continues in speaker_of:
            name, title = speaker_of[span.continues]
        elif _is_embedded(text, span):
            continue
        elif _paragraph_start(text, span.open_mark) == in_paragraph[0]:
            if words < MIN_UNCUED_WORDS and _mid_sentence(text, span):
                continue
            name, title = in_paragraph[1]  # `"A," X said. "B."`: X's, however short
        elif words < MIN_UNCUED_WORDS:
            continue
        elif (lead := _lead_in_subject(doc, index, span)) is not None:
            name, title = resolve(lead)  # `Clinton touted her record. "We need ..."`
        elif last[0] is not None and span.open_mark - last_end < 1200:
            name, title = last  # continuation of the previous speaker
        else:
            name, title = None, ""
        speaker_of[item] = (name, title)
        if name is not None:
            last = (name, title)
            in_paragraph = (_paragraph_start(text, span.open_mark), last)
        last_end = span.end
        quotes.append(
            FoundQuote(
                text[span.start : span.end],
                span.start + offset,
                span.end + offset,
                "direct",
                attr.cue,
                name,
                title,
            )
        )
    return quotes
