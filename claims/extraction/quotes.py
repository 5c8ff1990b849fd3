"""Direct and reported quotations with their speakers: the merge and attribution pass.

Works in linear passes over one parsed Doc:

1. `marks.find_marked_spans` pairs the quotation marks of the raw text (see `marks.py`).
2. `reported.find_reported` collects the reported clauses of the speech verbs (`reported.py`).
3. `build_quotes` (here) merges both, after dropping a reported clause that lies inside a longer
   one (the outer report carries it): a reported clause that is mostly one quotation is that
   direct quote; a clause holding quoted fragments is one mixed (indirect) quote; every direct
   quote gets its speaker from a cue after or before it, from the end of the previous paragraph
   (`X said:`), or from the quote it continues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from claims.extraction.cues import mixed_lemma, speech_lemma
from claims.extraction.lexicon import NOT_NAMES, lexical
from claims.extraction.marks import (
    MarkedSpan,
    add_headline_quotes,
    at_line_start,
    closes_sentence,
    find_marked_spans,
    is_embedded,
    is_title,
    join_listed,
    mid_sentence,
    paragraph_start,
    word_count,
)
from claims.extraction.mentions import Mention, describe_mention
from claims.extraction.reported import (
    COGNITION_CUES,
    NOT_SPEAKER_ENTS,
    SENT_END,
    SUBJ_DEPS,
    Reported,
    TokenIndex,
    after_region,
    before_region,
    cue_subject,
    find_cue,
    find_reported,
    is_boundary,
)
from claims.extraction.speakers import SpeakerRegistry
from claims.extraction.types import FoundQuote

MIN_UNCUED_WORDS = 6  # a quoted span with no cue and fewer words is a scare quote or a title


MIN_CUED_WORDS = 1


MIN_FRAGMENT_WORDS = 4  # a shorter quoted phrase inside a running sentence is a term, not a quote


MIN_TAIL_WORDS = 4  # words after a mixed quote's last fragment that make it end there


# Distance limits of attribution.
CUE_CARRY_CHARS = 400  # a cued quote naming nobody is the previous speaker's within this reach
CONTINUATION_CHARS = 1200  # an uncued quote this close after a speaker's quote continues it
MIXED_CLAUSE_TOKENS = 80  # a mixed quote's clause runs at most this far past its opening
DIRECT_SHARE = 0.6  # a reported clause this much in quotation marks is that direct quote
OVERRUN_SHARE = 0.5  # quoted words running past a clause by more than this share: not mixed
TAIL_BREAK_RE = re.compile(r"'?\s*[,;:(\u2014\u2013-]")


# `"..." ― Name`: a closing mark, a dash, and the name that signs the quote.
DASH_SIGNATURE_RE = re.compile(r"[ \t\u00a0]*[\u2015\u2014\u2013][ \t\u00a0]*")
SIGNATURE_MAX_WORDS = 5  # "Christina N Luis Olidem", "Julie A. Diaz Martinez"
SIGNATURE_NAME_RE = re.compile(
    rf"(?:(?:[A-Z]\.|[A-Z][\w'’\-]*)[ \t\u00a0]*){{1,{SIGNATURE_MAX_WORDS}}}"
)
SIGNATURE_ENDS = ("", ".", ",", "\n", "\u201c", '"')
NOT_NAME_BEFORE_COLON = NOT_SPEAKER_ENTS | {"NORP", "LANGUAGE"}  # `quoting him in Italian:`


@dataclass
class _Attr:
    cue: str = ""
    mention: Mention | None = None
    via: str = ""  # "after" | "before" | "intro" | "continuation" | "clause"


def _attribute_span(doc: Doc, index: TokenIndex, span: MarkedSpan, text: str) -> _Attr:
    """Find the cue and speaker of one direct quote from the text around it."""
    signed = _dash_attribution(doc, span, text)
    if signed is not None:
        return signed
    if span.close_mark != -1 and not closes_sentence(text, span):
        first = index.at(span.close_mark) + 1
        region = after_region(doc, first)
        cue = find_cue(doc, region)
        if cue is not None and not _coordinated_from_before(cue, index.at(span.open_mark)):
            head = cue_subject(doc, cue, region)
            return _Attr(_cue_text(doc, cue), _head_mention(doc, head, region), "after")
    last = index.at(span.open_mark)
    region = before_region(doc, last)
    cue = find_cue(doc, region, nearest_last=True)
    if cue is not None:
        head = cue_subject(doc, cue, region)
        return _Attr(_cue_text(doc, cue), _head_mention(doc, head, region), "before")
    if region and doc[region.stop - 1].text == ":":
        head = _name_before_colon(doc, region) or _main_subject(doc, region)
        if head is not None:
            return _Attr(":", _head_mention(doc, head, region), "colon")
    if at_line_start(text, span.open_mark):
        return _intro_from_previous_paragraph(doc, index, span, text)
    return _Attr()


def _dash_attribution(doc: Doc, span: MarkedSpan, text: str) -> _Attr | None:
    """`"..." ― Ana Ruiz`: a dash and a name alone right after the closing mark (a pull
    quote, a roundup of readers' words) sign the quote. The name (a PERSON entity, else a run
    of SIGNATURE_MAX_WORDS capitalised words or initials) must end there: end of sentence or
    line, a comma, or the next quote, so `"..." — Ruiz said later` is not one. A dash and
    words that are no name sign the quote by nobody one can name (never the last speaker).
    """
    if span.close_mark == -1:
        return None
    dash = DASH_SIGNATURE_RE.match(text, span.close_mark + 1)
    if dash is None:
        return None
    words = SIGNATURE_NAME_RE.match(text, dash.end())
    if words is None or text[words.end() :].lstrip(" \t\u00a0")[:1] not in SIGNATURE_ENDS:
        return None
    cue = dash[0].strip()
    person = next(
        (e for e in doc.ents if e.start_char == dash.end() and e.label_ == "PERSON"), None
    )
    if person is not None and person.end_char <= words.end():
        return _Attr(
            cue, describe_mention(doc, person.root, lo=person.start, hi=person.end), "dash"
        )
    name = words[0].strip()
    if len(name.split()) < 2 or any(lexical(w) in NOT_NAMES for w in name.split()):
        return _Attr(cue, Mention(surface=name, name=name, kind="nobody", pos=dash.end()), "dash")
    return _Attr(cue, Mention(surface=name, name=name, kind="person", pos=dash.end()), "dash")


def _coordinated_from_before(cue: Token, open_tok: int) -> bool:
    """`X called it "A" but described ...`: an after-quote cue continuing a verb before it."""
    return cue.dep_ == "conj" and cue.head.i < open_tok


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
    region = before_region(doc, last)
    cue = find_cue(doc, region, nearest_last=True)
    if cue is None:
        head = _main_subject(doc, region) if text[prev_end - 1] == ":" else None
        return _Attr(":", _head_mention(doc, head, region), "intro") if head else _Attr()
    head = cue_subject(doc, cue, region)
    return _Attr(_cue_text(doc, cue), _head_mention(doc, head, region), "intro")


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
        if k in absorbed or k in clause_attr or not is_embedded(text, span):
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
    if covered >= DIRECT_SHARE * (rep.end - rep.start):
        for k in inside:
            if not _speaker_inside(rep, marked[k]):
                clause_attr.setdefault(k, rep)
        return None
    if any(marked[k].open_mark < rep.start - 1 or k in absorbed for k in inside):
        return None
    inside, rep = _within_first_sentence(text, marked, inside, rep)
    end = max(rep.end, max(marked[k].end for k in inside))
    if any(marked[k].end > rep.end + 3 for k in inside) and end - rep.end > OVERRUN_SHARE * (
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
    if word_count(tail) < MIN_TAIL_WORDS:
        return False
    return text[last.end - 1] in ",;.!?" or bool(TAIL_BREAK_RE.match(tail))


def _mixed_around(doc: Doc, index: TokenIndex, span: MarkedSpan) -> Reported | None:
    """`X told NBC that it was "immensely beneficial."`: the clause around a quoted fragment."""
    open_tok = index.at(span.open_mark)
    region = before_region(doc, open_tok)
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
    while hi < len(doc) and not is_boundary(doc[hi]) and hi - lo < MIXED_CLAUSE_TOKENS:
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
    head = cue_subject(doc, teller, who) if cue.lower_ != "according" else None
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


def _names_nobody(mention: Mention | None) -> bool:
    return mention is not None and mention.kind == "nobody"


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
            elif _names_nobody(item.mention):  # `the website said`: nor what follows
                last, last_end = (None, ""), item.end
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
        words = word_count(text[span.start : span.end])
        if is_title(text, span):
            continue
        if attr.cue:
            if words < MIN_CUED_WORDS or (words < MIN_FRAGMENT_WORDS and mid_sentence(text, span)):
                continue
            name, title = resolve(attr.mention)
            if (
                name is None
                and attr.mention is None
                and last[0]
                and span.start - last_end < CUE_CARRY_CHARS
            ):
                name, title = last
        elif span.continues in speaker_of:
            name, title = speaker_of[span.continues]
        elif is_embedded(text, span):
            continue
        elif paragraph_start(text, span.open_mark) == in_paragraph[0]:
            if words < MIN_UNCUED_WORDS and mid_sentence(text, span):
                continue
            name, title = in_paragraph[1]  # `"A," X said. "B."`: X's, however short
        elif words < MIN_UNCUED_WORDS:
            continue
        elif (lead := _lead_in_subject(doc, index, span)) is not None:
            name, title = resolve(lead)  # `Clinton touted her record. "We need ..."`
        elif last[0] is not None and span.open_mark - last_end < CONTINUATION_CHARS:
            name, title = last  # continuation of the previous speaker
        else:
            name, title = None, ""
        speaker_of[item] = (name, title)
        if name is None and attr.cue and _names_nobody(attr.mention):
            last = (None, "")  # what follows a quote "the website said" is not an older speaker's
        if name is not None:
            last = (name, title)
            in_paragraph = (paragraph_start(text, span.open_mark), last)
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
