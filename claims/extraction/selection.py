"""Sentences that are never claims, whatever the classifier says.

A fact-checker checks assertions of fact: figures, records, comparisons, causes, what an
official stated. News, briefings, statements and readouts also carry text that asserts nothing
checkable: questions, lines that introduce what follows ("... is attributable to X:"),
greetings and thanks, schedules, headings, exhortations, first-person opinion, the set phrases
of diplomatic readouts ("discussed", "reaffirmed", "spoke with") and a transcript's reporter
lines ("Q One on Israel."). Each rule below reads the spaCy parse (tags, dependencies,
entities; the pipeline runs without a lemmatizer, so verb sets list inflected forms) and
returns the rule's name, which the caller may log or test; None means the sentence may be a
claim.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from claims.extraction.lexicon import OFFICES, TITLE_WORDS

# Who can be the subject of a readout's set phrase (besides offices and titles).
PRONOUN_TAGS = frozenset({"PRP", "WP"})
PARTICIPANT_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
PARTICIPANT_NOUNS = frozenset(
    {"leaders", "leader", "sides", "delegations", "delegation", "officials", "official",
     "ministers", "counterparts", "counterpart", "participants", "parties", "governments",
     "partners", "allies", "presidents", "secretaries", "heads", "team", "teams"}
)  # fmt: skip

# Entities that are figures whatever their words; number words count from these magnitudes.
MEASURE_ENTS = frozenset({"PERCENT", "MONEY", "QUANTITY"})
TIME_ENTS = frozenset({"DATE", "TIME"})
MAGNITUDES = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
GRADED_TAGS = frozenset({"JJR", "RBR", "JJS", "RBS"})
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})


def _forms(*stems: str) -> frozenset[str]:
    """Inflected forms of regular verbs: 'thank' -> thank, thanks, thanked, thanking."""
    out: set[str] = set()
    for stem in stems:
        base = stem[:-1] if stem.endswith("e") else stem
        third = stem + ("es" if stem.endswith(("s", "sh", "ch")) else "s")
        out |= {stem, third, base + "ed", base + "ing"}
    return frozenset(out)


# Speech acts of courtesy: thanking, welcoming, congratulating, greeting.
COURTESY_VERBS = _forms("thank", "welcome", "congratulate", "greet", "appreciate", "applaud")
COURTESY_OPENERS = frozenset({"thanks", "hello", "hi", "welcome", "congratulations", "greetings"})
GREETING_NOUNS = frozenset({"morning", "afternoon", "evening", "day", "night", "everyone", "all"})
# Set phrases of diplomatic readouts: the verb names the meeting, not a fact checked by anyone.
READOUT_VERBS = _forms(
    "discuss", "reaffirm", "affirm", "underscore", "emphasize", "stress", "express", "reiterate",
    "highlight", "convey", "pledge", "welcome", "thank", "congratulate", "condemn", "update",
    "brief", "share",
)  # fmt: skip
MEETING_VERBS = frozenset(
    {"spoke", "speaks", "speak", "met", "meets", "meet", "talked", "talks", "talk", "called"}
    | {"calls", "call", "hosted", "hosts", "host", "convened", "convenes", "joined", "joins"}
)
# Movements and events of a schedule.
SCHEDULE_VERBS = _forms(
    "travel", "depart", "arrive", "attend", "host", "visit", "participate", "join", "return",
    "deliver", "convene", "hold", "open", "close", "start", "begin", "meet", "receive",
) | frozenset({"held", "met", "began", "begun", "gave", "give", "gives"})  # fmt: skip
SCHEDULE_FUTURE = frozenset({"will", "shall", "'ll"})
SCHEDULE_PLANNED = frozenset({"scheduled", "expected", "set", "slated", "due"})
# First-person stance verbs: what the speaker believes, hopes or wants.
STANCE_VERBS = frozenset(
    {"think", "believe", "feel", "hope", "wish", "want", "love", "hate", "guess", "suppose"}
    | {"look", "trust", "pray", "mean"}
)
# The speaker's feelings and resolve: "We are determined to ...", "I am honored to ...".
STANCE_ADJECTIVES = frozenset(
    {"determined", "committed", "proud", "honored", "honoured", "grateful", "pleased", "glad"}
    | {"happy", "delighted", "thrilled", "excited", "saddened", "heartbroken", "resolved"}
    | {"confident", "optimistic", "hopeful", "sure", "certain", "convinced", "sorry"}
)
FIRST_SECOND_PERSON = frozenset({"i", "we", "you"})
# Deontic modals of exhortation ("we must", "you should"); main verbs that act as one before
# an infinitive ("we have to", "we need to").
DEONTIC = frozenset({"must", "should", "ought"})
DEONTIC_VERBS = frozenset({"need", "needs", "have", "got"})
ADJUNCT_DEPS = frozenset({"prep", "advmod", "advcl", "intj", "punct", "npadvmod", "mark", "cc"})
IMPERATIVE_OPENERS = frozenset({"please", "let", "let's", "do", "don't", "never", "always"})
INTERVIEWER_MARKS = frozenset({"q", "q.", "q:"})
INTRODUCING_END = frozenset({":"})
QUESTION_END = frozenset({"?"})


def _solid(sent: Span) -> list[Token]:
    return [t for t in sent if not t.is_space and not (t.is_punct and t.text in "\"'“”‘’()[]")]


def _root(sent: Span) -> Token:
    return sent.root


def _is_figure(token: Token) -> bool:
    if token.ent_type_ in MEASURE_ENTS:
        return True
    if token.ent_type_ in TIME_ENTS:  # a year or a date is when, not how much
        return False
    text = token.text.lower()
    return any(ch.isdigit() for ch in text) or (token.like_num and text in MAGNITUDES)


def _has_figure(sent: Span) -> bool:
    """A figure worth checking: digits, an amount or a share, a magnitude word ("million");
    not a small number word ("the two leaders")."""
    return any(_is_figure(t) for t in sent)


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)


def _names_participants(subject: Token | None) -> bool:
    """True when a readout's subject could be the people meeting: absent ("Discussed ..."), a
    pronoun, a named person, organisation or country, an office ("the Secretary") or a noun for
    the sides ("the two leaders"). An inanimate subject ("The move highlights ...") is news
    prose, not a readout."""
    if subject is None or subject.tag_ in PRONOUN_TAGS:
        return True
    if subject.ent_type_ in PARTICIPANT_ENTS:
        return True
    word = subject.text.lower()
    return word in OFFICES or word in TITLE_WORDS or word in PARTICIPANT_NOUNS


def _frames_statement(verb: Token) -> bool:
    """True when a finite clause with its own subject hangs below `verb` (what is said)."""
    return any(
        t.dep_ == "ccomp"
        and _subject(t) is not None
        and (t.tag_ in FINITE_TAGS or any(c.tag_ in FINITE_TAGS for c in t.children))
        for t in verb.subtree
    )


def question(sent: Span) -> bool:
    """A question asserts nothing: the sentence ends with a question mark."""
    solid = _solid(sent)
    return bool(solid) and solid[-1].text in QUESTION_END


def transcript_question(sent: Span) -> bool:
    """A reporter's line in a transcript starts with the interviewer's mark "Q"."""
    solid = _solid(sent)
    return bool(solid) and solid[0].text.lower() in INTERVIEWER_MARKS and len(solid) > 1


def introduces_what_follows(sent: Span) -> bool:
    """A line ending in a colon introduces a statement, a list or a quote (boilerplate such as
    attribution lines, "Here is the text:"); what follows is the claim, not this line."""
    solid = [t for t in sent if not t.is_space]
    return bool(solid) and solid[-1].text in INTRODUCING_END


def verbless_fragment(sent: Span) -> bool:
    """Headings, datelines and list fragments: no verb at all, and no figure, comparison or
    superlative that would make even a fragment a claim ("Health premiums, up $2,500.")."""
    if any(t.tag_ in VERB_TAGS or t.pos_ in ("VERB", "AUX") for t in sent):
        return False
    return not _has_figure(sent) and not any(t.tag_ in GRADED_TAGS for t in sent)


def courtesy(sent: Span) -> bool:
    """Greetings and thanks: a courtesy verb said by the speaker or addressed to the listener
    ("I want to thank ...", "Thank you all"), or an opening greeting ("Good morning").
    """
    solid = _solid(sent)
    if not solid:
        return False
    first = solid[0].text.lower()
    if first in COURTESY_OPENERS:
        return True
    if first == "good" and len(solid) > 1 and solid[1].text.lower() in GREETING_NOUNS:
        return True
    root = _root(sent)
    if root.text.lower() in COURTESY_VERBS and root.tag_ in VERB_TAGS:
        subject = _subject(root)
        return subject is None or subject.text.lower() in FIRST_SECOND_PERSON
    subject = _subject(root)
    if subject is None or subject.text.lower() not in ("i", "we"):
        return False
    # "I want to thank ...", "We would like to welcome ..."
    return any(c.dep_ == "xcomp" and c.text.lower() in COURTESY_VERBS for c in root.children)


def readout_formula(sent: Span) -> bool:
    """A readout's set phrase: the main verb only names the meeting or its topics ("spoke
    today with", "discussed ... and reaffirmed ..."), with no clause of fact below it and no
    figure."""
    root = _root(sent)
    if _has_figure(sent) or any(t.dep_ == "ccomp" for t in root.children):
        return False
    if not _names_participants(_subject(root)):
        return False
    if root.text.lower() in READOUT_VERBS and root.tag_ in VERB_TAGS:
        return True
    after = [t.text.lower() for t in sent if t.i > root.i]
    return root.text.lower() in MEETING_VERBS and "with" in after


def schedule(sent: Span) -> bool:
    """Schedules and logistics: a planned movement or event ("will travel to ... on Tuesday",
    "is scheduled to begin at 2 p.m."), or anything announced for the future with no figure
    to check ("The leaders will discuss ...", "Tickets will be distributed at the gate")."""
    root = _root(sent)
    future = {c.text.lower() for c in root.children if c.dep_ in ("aux", "auxpass")}
    if future & SCHEDULE_FUTURE and not _has_figure(sent):
        return True
    verb = root
    if root.text.lower() in SCHEDULE_PLANNED:  # "is scheduled to travel"
        verb = next((c for c in root.children if c.dep_ == "xcomp"), root)
    if verb.text.lower() not in SCHEDULE_VERBS:
        return False
    aux = {c.text.lower() for c in [*root.children, *verb.children] if c.dep_ in ("aux", "auxpass")}
    planned = root.text.lower() in SCHEDULE_PLANNED or bool(aux & SCHEDULE_FUTURE)
    when = any(t.ent_type_ in ("DATE", "TIME") for t in sent)
    return planned and (when or any(t.ent_type_ in ("GPE", "FAC", "LOC") for t in sent))


def exhortation(sent: Span) -> bool:
    """Exhortation: an imperative ("Join us.", "Let's get it done.") or a deontic modal on the
    speaker or listener ("We must do better.", "You should get vaccinated.") with no figure."""
    root = _root(sent)
    solid = _solid(sent)
    if not solid or _has_figure(sent):
        return False
    imperative = (
        root.tag_ == "VB"
        and _subject(root) is None
        and not any(c.dep_ in ("aux", "auxpass") for c in root.children)
    )
    # Only adjuncts before the verb: "Join us.", "For details, please contact ...". An
    # imperative that frames a statement ("Let me say that the budget was balanced") is not one.
    fronted = all(c.dep_ in ADJUNCT_DEPS for c in root.lefts)
    if imperative and (fronted or solid[0].text.lower() in IMPERATIVE_OPENERS):
        return not _frames_statement(root)
    subject = _subject(root)
    if subject is None or subject.text.lower() not in FIRST_SECOND_PERSON:
        return False
    modals = {c.text.lower() for c in root.children if c.dep_ in ("aux", "auxpass")}
    if modals & DEONTIC:
        return True
    # "We need to act", "We have to act": a deontic main verb with an infinitive.
    to_clause = any(c.dep_ == "xcomp" for c in root.children)
    return root.text.lower() in DEONTIC_VERBS and to_clause


def first_person_opinion(sent: Span) -> bool:
    """Pure opinion: the speaker's belief, hope or wish ("I think we can", "We hope ...") or
    feeling about it ("We are determined to ...", "I'm honored to ...") with no figure, and
    for beliefs no named entity to check in what is believed."""
    root = _root(sent)
    subject = _subject(root)
    if subject is None or subject.text.lower() not in ("i", "we") or _has_figure(sent):
        return False
    if any(c.dep_ == "acomp" and c.text.lower() in STANCE_ADJECTIVES for c in root.children):
        return True
    if root.text.lower() not in STANCE_VERBS:
        return False
    return not any(t.ent_type_ and t.ent_type_ not in TIME_ENTS for t in sent)


# Applied in order; the first that fires names the reason.
RULES: tuple[tuple[str, Callable[[Span], bool]], ...] = (
    ("question", question),
    ("transcript question", transcript_question),
    ("introduces what follows", introduces_what_follows),
    ("greeting or thanks", courtesy),
    ("fragment without a verb", verbless_fragment),
    ("readout formula", readout_formula),
    ("schedule", schedule),
    ("exhortation", exhortation),
    ("opinion", first_person_opinion),
)


def never_a_claim(sent: Span) -> str | None:
    """The name of the first rule that rules `sent` out as a claim, or None."""
    for name, rule in RULES:
        if rule(sent):
            return name
    return None
