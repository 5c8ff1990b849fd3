"""Speech-cue lexicon: verbs and phrases that introduce what someone said.

The lexicon is matched on lower-cased token text, so every inflected form is listed here
(generated from the base form with a small set of spelling rules plus an irregular table);
this keeps the lemmatizer out of the pipeline.
"""

from __future__ import annotations

from functools import cache

SPEECH_VERBS: tuple[str, ...] = (
    "say",
    "tell",
    "add",
    "insist",
    "warn",
    "argue",
    "ask",
    "note",
    "write",
    "tweet",
    "declare",
    "explain",
    "state",
    "claim",
    "reply",
    "acknowledge",
    "admit",
    "announce",
    "caution",
    "contend",
    "emphasize",
    "emphasise",
    "stress",
    "urge",
    "continue",
    "recall",
    "respond",
    "conclude",
    "report",
    "observe",
    "remark",
    "comment",
    "assert",
    "maintain",
    "predict",
    "promise",
    "pledge",
    "suggest",
    "confirm",
    "deny",
    "answer",
    "shout",
    "yell",
    "scream",
    "exclaim",
    "quip",
    "joke",
    "muse",
    "concede",
    "complain",
    "lament",
    "boast",
    "brag",
    "charge",
    "allege",
    "testify",
    "vow",
    "assure",
    "mention",
    "point",
    "describe",
    "tout",
    "recount",
    "counter",
    "retort",
    "reiterate",
    "repeat",
    "demand",
    "plead",
    "proclaim",
    "affirm",
    "whisper",
    "post",
    "blast",
    "criticize",
    "criticise",
    "mock",
    "chant",
    "sing",
    "read",
    "email",
    "text",
    "inform",
    "advise",
    "estimate",
    "believe",
    "think",
    "feel",
    "hope",
    "fear",
    "worry",
    "agree",
    "disagree",
    "concur",
    "elaborate",
    "clarify",
    "reveal",
    "disclose",
    "indicate",
    "underscore",
    "highlight",
    "specify",
    "add",
    "wonder",
    "interject",
    "interrupt",
    "begin",
    "go",
    "recommend",
    "propose",
    "bark",
    "snap",
    "scoff",
    "sneer",
    "jeer",
    "taunt",
    "fume",
    "rant",
    "rail",
    "vent",
    "grumble",
    "gloat",
    "marvel",
    "riff",
    "retaliate",
    "demur",
    "confess",
    "surmise",
    "opine",
    "posit",
    "exhort",
    "chide",
    "scold",
    "thunder",
    "echo",
    "press",
    "question",
    "react",
)

# Verbs that only count as a cue when they govern a reported clause (too ambiguous otherwise
# when standing next to a quotation, e.g. "go", "begin", "read", "think").
CLAUSE_ONLY: frozenset[str] = frozenset(
    {
        "believe",
        "think",
        "feel",
        "hope",
        "fear",
        "worry",
        "agree",
        "disagree",
        "begin",
        "go",
        "indicate",
        "estimate",
        "reveal",
        "disclose",
        "recommend",
        "propose",
        "point",
        "post",
    }
)

IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "read": ("read", "reads", "reading"),
    "sing": ("sing", "sings", "sang", "sung", "singing"),
    "think": ("think", "thinks", "thought", "thinking"),
    "feel": ("feel", "feels", "felt", "feeling"),
    "go": ("go", "goes", "went", "gone", "going"),
    "begin": ("begin", "begins", "began", "begun", "beginning"),
    "deny": ("deny", "denies", "denied", "denying"),
    "reply": ("reply", "replies", "replied", "replying"),
    "testify": ("testify", "testifies", "testified", "testifying"),
    "worry": ("worry", "worries", "worried", "worrying"),
    "specify": ("specify", "specifies", "specified", "specifying"),
    "clarify": ("clarify", "clarifies", "clarified", "clarifying"),
    "quip": ("quip", "quips", "quipped", "quipping"),
    "text": ("text", "texts", "texted", "texting"),
    "email": ("email", "emails", "emailed", "emailing"),
    "echo": ("echo", "echoes", "echoed", "echoing"),
}

# Verbs that introduce quoted words inside a running sentence (`called it "a disaster"`) but
# are not speech verbs on their own.
MIXED_VERBS: tuple[str, ...] = (
    "call",
    "dub",
    "label",
    "term",
    "brand",
    "defend",
    "accuse",
    "hail",
    "herald",
    "cite",
    "seek",
    "slam",
    "praise",
    "dismiss",
    "deride",
    "characterize",
    "decry",
    "condemn",
    "denounce",
    "attack",
    "vow",
    "pledge",
    "promise",
    "refer",
    "compare",
)

# Verbs that are speech cues only with the word after them: "shot back", "fired back",
# "hit back", "chimed in", "cut in", "as X put it".
PHRASAL_CUES: dict[str, str] = {
    "shoot": "back",
    "fire": "back",
    "hit": "back",
    "chime": "in",
    "cut": "in",
    "put": "it",
}
PHRASAL_IRREGULAR: dict[str, tuple[str, ...]] = {
    "shoot": ("shoot", "shoots", "shot", "shooting"),
    "hit": ("hit", "hits", "hitting"),
    "cut": ("cut", "cuts", "cutting"),
    "put": ("put", "puts", "putting"),
}

# Multi-word cues that name a source without a speech verb: "according to X",
# "in a statement", "statement from X".
PHRASE_CUES: tuple[str, ...] = ("according to", "in a statement", "statement from")


def _inflect(base: str) -> tuple[str, ...]:
    """Regular inflections: base, 3rd person, past, gerund."""
    if base in IRREGULAR:
        return IRREGULAR[base]
    if base.endswith("e"):
        return (base, base + "s", base + "d", base[:-1] + "ing")
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return (base, base + "es", base + "ed", base + "ing")
    if base.endswith("y") and base[-2] not in "aeiou":
        return (base, base[:-1] + "ies", base[:-1] + "ied", base + "ing")
    if base in {"admit", "plan", "stop", "chat", "snap", "demur"}:
        return (base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing")
    return (base, base + "s", base + "ed", base + "ing")


@cache
def verb_forms() -> dict[str, str]:
    """Every inflected speech-verb form mapped to its base form."""
    forms: dict[str, str] = {}
    for base in SPEECH_VERBS:
        for form in _inflect(base):
            forms.setdefault(form, base)
    return forms


def speech_lemma(word: str) -> str | None:
    """The base form of a speech verb, or None when `word` is not one."""
    return verb_forms().get(word.lower())


def is_strong_cue(word: str) -> bool:
    """A speech verb that may attribute an adjacent quotation on its own."""
    base = speech_lemma(word)
    return base is not None and base not in CLAUSE_ONLY


@cache
def mixed_forms() -> dict[str, str]:
    """Inflected forms of the verbs that only introduce quoted fragments."""
    forms: dict[str, str] = {}
    for base in MIXED_VERBS:
        for form in _inflect(base):
            forms.setdefault(form, base)
    forms.update({"referred": "refer", "referring": "refer"})
    return forms


def mixed_lemma(word: str) -> str | None:
    """The base form of a fragment-introducing verb, or None."""
    return mixed_forms().get(word.lower())


@cache
def phrasal_forms() -> dict[str, str]:
    """Inflected forms of the phrasal cue verbs mapped to the word that must follow them."""
    forms: dict[str, str] = {}
    for base, particle in PHRASAL_CUES.items():
        for form in PHRASAL_IRREGULAR.get(base) or _inflect(base):
            forms.setdefault(form, particle)
    return forms


def is_phrasal_cue(word: str, next_word: str) -> bool:
    """`shot back`, `chimed in`, `put it`: a verb that is a cue with the word after it."""
    return phrasal_forms().get(word.lower()) == next_word.lower()
