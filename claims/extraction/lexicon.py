"""The one lexicon of honorifics, titles and offices, for the engine and the services.

Words are lower-case without a closing full stop; `lexical` turns a word as written ("Sen.",
"MS.", "Spokesperson,") into that form, and `proper_case` writes a name given in capitals (a
transcript label's "PRICE") as a name ("Price"). Every list a rule needs is built here from
these parts, so the engine's speaker rules, the transcript labels and the services' speaker
keys cannot disagree about what a title is:

- HONORIFICS: courtesy forms that say nothing about office ("Mr.", "Dr.").
- OFFICES: words that name an office or a role on their own ("president", "spokesperson").
- RANK_MODIFIERS: words that, written before an office, make it another one ("Vice
  President" is not "the President", "Press Secretary" is not "the Secretary").
- TITLE_ABBREVIATIONS: abbreviated titles and the word they stand for ("Sen." -> senator).
- TITLE_WORDS: every word that may stand in a title before a name (the three above).
- NAME_TITLE_ABBREVIATIONS: initialisms of an office that are a title only before a name
  ("APNSA Jake Sullivan", "DNI Haines"); alone they may name a body ("the NSA"), so they are
  no TITLE_WORDS and never a title description on their own.
- NAME_KEY_PREFIXES: the prefixes a person's stored name is compared without ("Mr. Price" is
  "Price", "Sen. Cruz" is "Cruz"); only forms that never open an organisation's name, so
  "General Motors" keeps "general".
- NON_NAME_WORDS: words that make a phrase an office or a body, never a person's name.
- PRONOUNS: personal pronouns, resolved to the person they mean; NOT_NAMES: every word that
  refers to someone without naming them, never a name or an alias.
- ORGANIZATION_HEADS: last words of a body's name ("Herald", "University").
- PERSON_NOUNS: nouns that describe someone as a person ("woman", "campaigner"), so that a
  proper noun glossed with one is a person's name.
- UNNAMED_SPEAKERS (transcript labels for nobody: "Q", "OPERATOR"), STAGE_DIRECTIONS,
  DETERMINERS, NAME_JOINERS, TITLE_JOINERS, ORGANIZATION_FRAGMENTS: what the engine and the
  services' name checks (`claims.services.speakers`) both read.
"""

from __future__ import annotations

import re

HONORIFICS: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "reverend", "hon"}
)
OFFICES: frozenset[str] = frozenset(
    {
        "president",
        "secretary",
        "senator",
        "representative",
        "governor",
        "mayor",
        "judge",
        "justice",
        "general",
        "colonel",
        "captain",
        "sergeant",
        "admiral",
        "chief",
        "minister",
        "premier",
        "ambassador",
        "envoy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "speaker",
        "leader",
        "director",
        "commissioner",
        "attorney",
        "professor",
        "coach",
        "candidate",
        "sheriff",
        "officer",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "cardinal",
        "bishop",
        "lord",
        "lady",
        "dean",
        "chancellor",
        "treasurer",
        "councilman",
        "councilwoman",
        "congressman",
        "congresswoman",
        "assemblyman",
        "assemblywoman",
        "administrator",
        "adviser",
        "advisor",
        "counselor",
        "coordinator",
    }
)
RANK_MODIFIERS: frozenset[str] = frozenset(
    {
        "vice",
        "deputy",
        "assistant",
        "under",
        "associate",
        "acting",
        "former",
        "prime",
        "lieutenant",
        "first",
        "second",
        "press",
        "principal",
        "executive",
        "senior",
        "chief",
        "special",
        "co",
    }
)
TITLE_ABBREVIATIONS: dict[str, str] = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "col": "colonel",
    "capt": "captain",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "adm": "admiral",
    "amb": "ambassador",
    "sec": "secretary",
    "pres": "president",
}
TITLE_WORDS: frozenset[str] = OFFICES | RANK_MODIFIERS | frozenset(TITLE_ABBREVIATIONS)
# Initialisms of offices written before a holder's name in government texts, with the office
# they stand for ("APNSA": the Assistant to the President for National Security Affairs).
NAME_TITLE_ABBREVIATIONS: dict[str, str] = {
    "apnsa": "national security adviser",
    "nsa": "national security adviser",
    "dni": "director of national intelligence",
}
NAME_KEY_PREFIXES: frozenset[str] = (
    HONORIFICS
    | frozenset(TITLE_ABBREVIATIONS) - {"sec", "pres"}
    | frozenset(NAME_TITLE_ABBREVIATIONS)
    | {"professor", "senator", "ambassador"}
)
# Words a transcript label opens with that address a member of a chamber without naming them
# ("THE GENTLEMAN FROM OHIO"): a title for reading the label, never an office of a person.
FLOOR_ADDRESS: frozenset[str] = frozenset({"gentleman", "gentlewoman", "gentlelady"})
# Words that never stand in a person's name: a phrase holding one is an office, a body or a
# description ("State Department Official", "the Embassy"), not someone a reader can name.
NON_NAME_WORDS: frozenset[str] = frozenset(
    {
        "administration",
        "agency",
        "bureau",
        "commission",
        "committee",
        "council",
        "department",
        "embassy",
        "government",
        "group",
        "house",
        "leaders",
        "meeting",
        "nations",
        "partners",
        "policy",
        "spokesman",
        "spokesperson",
        "spokeswoman",
        "states",
        "union",
        "ministry",
        "office",
        "official",
        "officials",
        "source",
        "sources",
        "staff",
        "team",
    }
)
NAME_SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Personal pronouns with the gender they tell ("" when none), for coreference.
PRONOUNS: dict[str, str] = {
    "he": "m",
    "him": "m",
    "she": "f",
    "her": "f",
    "i": "",
    "we": "",
    "they": "",
    "it": "",
}
# Words that refer to someone without naming them: never a speaker's name or an alias.
NOT_NAMES: frozenset[str] = frozenset(PRONOUNS) | frozenset(
    {
        "me",
        "us",
        "them",
        "you",
        "who",
        "whom",
        "my",
        "his",
        "hers",
        "its",
        "our",
        "their",
        "your",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "everyone",
        "everybody",
        "nobody",
        "one",
        "this",
        "that",
        "these",
        "those",
        # ordinals that open a point of a speech ("Third, ... I cannot help but say")
        "second",
        "third",
        "fourth",
        "fifth",
        "finally",
        "lastly",
    }
)
# Who speaks in a transcript without being named: a label made of these words ("Q",
# "AUDIENCE MEMBER:", "OPERATOR:") opens nobody's turn, and none of them is a speaker's name.
UNNAMED_SPEAKERS: frozenset[str] = frozenset(
    {
        "q",
        "question",
        "questions",
        "answer",
        "answers",
        "audience",
        "member",
        "members",
        "moderator",
        "operator",
        "participant",
        "participants",
        "reporter",
        "reporters",
        "crowd",
        "interpreter",
        "translator",
        "voice",
        "voices",
        "unidentified",
    }
)
# Stage directions of a transcript ("(Laughter.)", "[crosstalk]"): never a speaker's name.
STAGE_DIRECTIONS: frozenset[str] = frozenset({"laughter", "applause", "crosstalk", "inaudible"})
# Words that open a phrase describing someone ("One poster", "the event website"), not a name.
DETERMINERS: frozenset[str] = frozenset(
    {
        "the",
        "a",
        "an",
        "one",
        "some",
        "many",
        "several",
        "another",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "our",
        "my",
        "its",
        "each",
        "every",
        "no",
        "other",
        "both",
        "all",
        "your",
    }
)
# Lower-case words allowed inside a name ("Centers for Disease Control and Prevention",
# "Ursula von der Leyen").
NAME_JOINERS: frozenset[str] = frozenset(
    {
        "of",
        "for",
        "and",
        "the",
        "de",
        "da",
        "del",
        "della",
        "der",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "bin",
        "al",
        "el",
        "y",
        "on",
        "to",
        "in",
        "at",
    }
)
# Words that join an office's words ("Secretary of State", "Coordinator for Communications"):
# after one, a run of capitalised words still belongs to the office before the name.
TITLE_JOINERS: frozenset[str] = frozenset({"of", "for", "to", "the", "on"})
# A one-word organisation that is only a piece of one ("State" from "State Department").
ORGANIZATION_FRAGMENTS: frozenset[str] = frozenset(
    {
        "state",
        "house",
        "white",
        "department",
        "office",
        "ministry",
        "agency",
        "bureau",
        "national",
        "federal",
        "united",
        "foreign",
        "american",
        "u.s.",
        "us",
        "government",
        "administration",
    }
)
# Nouns that describe a person by who they are, not by an office: a proper noun in apposition
# to one is a person's name even when the tagger read it as a place or a body ("Valeska Paris,
# an Australian woman, ..."). Offices (OFFICES) say the same and are read with these.
PERSON_NOUNS: frozenset[str] = frozenset(
    {
        "man",
        "woman",
        "boy",
        "girl",
        "mother",
        "father",
        "wife",
        "husband",
        "son",
        "daughter",
        "activist",
        "campaigner",
        "resident",
        "student",
        "teacher",
        "doctor",
        "nurse",
        "lawyer",
        "author",
        "writer",
        "journalist",
        "reporter",
        "editor",
        "researcher",
        "scientist",
        "economist",
        "analyst",
        "expert",
        "historian",
        "politician",
        "lawmaker",
        "member",
        "founder",
        "owner",
        "worker",
        "employee",
        "survivor",
        "victim",
        "witness",
        "veteran",
        "actor",
        "actress",
        "singer",
        "player",
        "athlete",
    }
)
# The last word of a body's name: a run of proper nouns ending in one is an organisation (a
# newspaper, a university, a party) even when the tagger marks no entity ("according to the
# Sydney Morning Herald", "The Deseret News observed").
ORGANIZATION_HEADS: frozenset[str] = frozenset(
    {
        "news",
        "times",
        "herald",
        "post",
        "journal",
        "tribune",
        "gazette",
        "telegraph",
        "chronicle",
        "guardian",
        "press",
        "radio",
        "television",
        "network",
        "university",
        "college",
        "institute",
        "foundation",
        "association",
        "federation",
        "coalition",
        "alliance",
        "society",
        "corporation",
        "company",
        "bank",
        "party",
        "church",
        "court",
        "authority",
        "organisation",
        "organization",
    }
)
# Things that "say" only as a place where words are written: a phrase headed by one ("the event
# website", "oral history", "guidelines by the CDC", "one slide") names nobody. Sources a
# reporter quotes as such ("the report", "the poll", "the ruling") are not listed.
NOT_SPEAKER_NOUNS: frozenset[str] = frozenset(
    {
        "article",
        "book",
        "box",
        "chart",
        "clip",
        "data",
        "database",
        "guideline",
        "guidelines",
        "history",
        "language",
        "page",
        "piece",
        "post",
        "site",
        "slide",
        "spot",
        "story",
        "tweet",
        "video",
        "webpage",
        "website",
    }
)


def lexical(word: str) -> str:
    """A word as the lexicon lists it: "Sen." -> "sen", "MS." -> "ms", "Price," -> "price"."""
    return word.strip(" ,;:()").rstrip(".").replace("’", "'").lower()


def is_honorific(word: str) -> bool:
    return lexical(word) in HONORIFICS


def is_title_word(word: str) -> bool:
    """An office or rank word; a hyphenated one when every part is ("Director-General")."""
    low = lexical(word)
    return low in TITLE_WORDS or ("-" in low and all(p in TITLE_WORDS for p in low.split("-")))


def is_name_title(word: str) -> bool:
    """A word that may stand before a name as (part of) its title: an office, a rank, or an
    office's initialism ("APNSA")."""
    return is_title_word(word) or lexical(word) in NAME_TITLE_ABBREVIATIONS


def spelled_out(word: str) -> str:
    """A title word with its abbreviation spelled out: "Sen." -> "senator"."""
    low = lexical(word)
    return TITLE_ABBREVIATIONS.get(low, low)


def proper_case(word: str) -> str:
    """A word written in capitals as a name is: PRICE -> Price, JEAN-PIERRE -> Jean-Pierre,
    O'BRIEN -> O'Brien, MCDONOUGH -> McDonough."""
    out = "-".join(part[:1] + part[1:].lower() for part in word.split("-"))
    out = re.sub(r"\b([A-Z])'([a-z])", lambda m: f"{m[1]}'{m[2].upper()}", out)
    return re.sub(r"\bMc([a-z])", lambda m: f"Mc{m[1].upper()}", out)
