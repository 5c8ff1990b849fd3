"""Transcripts: each paragraph of a named speaker's turn is that speaker's direct quote."""

from __future__ import annotations

import pytest

from claims.extraction import extract
from claims.extraction.mentions import honorific_name
from claims.extraction.speakers import SpeakerRegistry
from claims.extraction.transcripts import CUE, TurnState, find_turn_quotes, resolve_label

BRIEFING = """Press Briefing by Press Secretary Dana Whitfield

Dana Whitfield, Press Secretary

2:03 P.M. EST

MS. WHITFIELD: Good afternoon, everyone. I have two updates at the top.

The administration shipped 4 million doses of vaccine to 12 states last week, the largest \
weekly total since January.

QUESTION: Thanks, Dana. Unemployment rose to 7 percent in March. Is the relief bill working?

MS. WHITFIELD: The relief bill has put 300,000 people back to work since it passed in February.

Thank you.

QUESTION: One more on trade.

SECRETARY OKAFOR: Exports to Canada grew by 8 percent in 2022, and our tariffs did not cause \
that drop in imports.

MS. WHITFIELD: Thanks, everyone.

END 2:41 P.M. EST
"""


def _turns(text: str):
    return [q for q in extract(text).quotes if q.cue == CUE]


def test_each_paragraph_of_a_turn_is_a_quote_by_the_named_speaker():
    turns = _turns(BRIEFING)
    texts = [q.text for q in turns]
    assert texts[0] == "Good afternoon, everyone. I have two updates at the top."
    assert texts[1].startswith("The administration shipped 4 million doses")  # same turn
    assert {q.speaker for q in turns if "doses" in q.text or "relief" in q.text} == {
        "Dana Whitfield"
    }
    assert all(q.kind == "direct" for q in turns)
    assert all(BRIEFING[q.start : q.end] == q.text for q in turns)


def test_questions_short_paragraphs_and_the_end_line_are_not_quotes():
    texts = [q.text for q in _turns(BRIEFING)]
    assert not any("Unemployment rose" in t or "One more on trade" in t for t in texts)
    assert "Thank you." not in texts and "Thanks, everyone." not in texts
    assert not any(t.startswith("END") for t in texts)


def test_a_label_with_a_title_gives_the_title_and_a_surname():
    (okafor,) = [q for q in _turns(BRIEFING) if "Exports" in q.text]
    assert okafor.speaker == "Okafor"
    assert okafor.speaker_title == "Secretary"
    speakers = {s.name: s for s in extract(BRIEFING).speakers}
    assert "Ms. Whitfield" in speakers["Dana Whitfield"].aliases or any(
        "Whitfield" in a for a in speakers["Dana Whitfield"].aliases
    )


def test_claims_in_a_turn_are_attributed_to_its_speaker_and_questions_to_nobody():
    claims = extract(BRIEFING).claims
    by_text = {c.text: c for c in claims}
    doses = next(c for t, c in by_text.items() if "4 million doses" in t)
    assert doses.speaker == "Dana Whitfield"
    unemployment = [c for t, c in by_text.items() if "Unemployment rose" in t]
    assert all(c.speaker is None for c in unemployment)


def test_a_role_label_resolves_to_the_name_given_early_in_the_text():
    text = (
        "Remarks by President Maria Alvarez on the Economy\n\nThe Rose Garden\n\n"
        "THE PRESIDENT: Wages grew 5 percent last year across the country.\n\n"
        "QUESTION: Madam President, what about prices?\n\n"
        "THE PRESIDENT: Prices fell 2 percent in the last quarter, the first fall in a decade.\n"
    )
    turns = _turns(text)
    assert [q.speaker for q in turns] == ["Maria Alvarez", "Maria Alvarez"]
    assert turns[0].speaker_title == "President"


def test_a_role_nobody_names_keeps_its_office_and_anonymous_officials_give_no_quotes():
    text = (
        "The Rose Garden\n\n"
        "THE PRESIDENT: Wages grew 5 percent last year across the country.\n\n"
        "SENIOR ADMINISTRATION OFFICIAL: We expect the deficit to shrink by half in two years.\n\n"
        "THE PRESIDENT: Prices fell 2 percent in the last quarter, the first fall in a decade.\n"
    )
    turns = _turns(text)
    assert [q.text[:12] for q in turns] == ["Wages grew 5", "Prices fell "]
    assert {(q.speaker, q.speaker_title) for q in turns} == {(None, "President")}


def test_vice_president_is_not_taken_for_the_president():
    text = (
        "Remarks by Vice President Tom Reyes\n\n"
        "THE PRESIDENT: We will open 40 new clinics in rural counties this year.\n\n"
        "THE VICE PRESIDENT: Thank you, Mr. President, for the 40 clinics you promised.\n\n"
        "THE PRESIDENT: And every clinic will stay open seven days a week.\n"
    )
    turns = _turns(text)
    reyes = [q for q in turns if q.speaker is not None]
    assert {q.speaker for q in reyes} == {"Tom Reyes"}
    assert all("clinics you promised" in q.text for q in reyes)
    assert {q.speaker_title for q in turns if q.speaker is None} == {"President"}


@pytest.mark.parametrize(
    "text",
    [
        "NOTE: This story was updated at 5 p.m. with the mayor's comments on the budget.\n\n"
        "The council voted 7-2 to approve the budget on Tuesday night.",
        "UPDATE: The road reopened.\n\nWASHINGTON: Officials said the bridge was safe.\n\n"
        "The bridge carries 40,000 cars a day.",
    ],
)
def test_a_news_story_with_a_label_or_two_is_not_a_transcript(text):
    assert _turns(text) == []


def test_a_turn_runs_on_across_chunks_of_a_long_transcript():
    filler = "We have delivered 25 new buses to the city and more are on the way this year. "
    turn = "\n\n".join(filler * 8 for _ in range(30))  # ~19,000 chars: several chunks
    text = (
        "Briefing by Transit Director Lena Park\n\nMS. PARK: Good morning to all of you here.\n\n"
        + turn
        + "\n\nQUESTION: What about trains on the north line?\n\nMS. PARK: Trains come next year.\n"
    )
    turns = _turns(text)
    assert len(turns) >= 30
    assert {q.speaker for q in turns} == {"Lena Park"}
    assert all(text[q.start : q.end] == q.text for q in turns)


def test_resolve_label_pieces():
    registry = SpeakerRegistry()
    text = "Briefing with Ned Price, Department Spokesperson\n\nMR PRICE: Hello there everyone."
    assert resolve_label("QUESTION", text, registry, 0) == (None, "")
    assert resolve_label("AUDIENCE MEMBER", text, registry, 0) == (None, "")
    assert resolve_label("MR O'BRIEN", text, registry, 0)[0] == "O'Brien"
    assert resolve_label("MS. JEAN-PIERRE", text, registry, 0)[0] == "Jean-Pierre"
    assert resolve_label("DR. MCDONOUGH", text, registry, 0)[0] == "McDonough"


def test_find_turn_quotes_keeps_offsets_global():
    text = (
        "A: x\n\nMR LEE: Prices rose 3 percent this year.\n\nMR LEE: And wages rose too, a bit.\n"
    )
    state = TurnState()
    quotes = find_turn_quotes(text, SpeakerRegistry(), 100, state)
    assert state.transcript
    assert [(q.start - 100, q.end - 100) for q in quotes] == [
        (text.index("Prices"), text.index("year.") + 5),
        (text.index("And"), text.index("bit.") + 4),
    ]


def test_the_answers_of_a_printed_interview_are_not_quotes_by_a_speaker_named_a():
    text = (
        "Maria Lopez, the county's new sheriff, spoke with us this week.\n\n"
        "Q: What is your first priority in office?\n\n"
        "A: Hiring 20 more deputies before the summer and opening the new jail wing.\n\n"
        "Q: And the budget?\n\n"
        "A: It grew by 4 percent, less than the council wanted to give us.\n"
    )
    assert _turns(text) == []
    assert resolve_label("A", text, SpeakerRegistry(), 0) == (None, "")


GAGGLE = """Press Gaggle by Press Secretary Nora Blake

MS. BLAKE: Good morning. The port handled 40 ships in March, up from 12 a year ago.

Q Thanks, Nora. Unemployment rose to 7 percent in March. Is the relief bill working?

And does the governor plan to call the mayors of the flooded towns this week?

MS. BLAKE: The relief bill has put 300,000 people back to work since it passed.

Q: One more on trade. Did tariffs cause the drop in imports last year?

AUDIENCE MEMBER: We lost 200 jobs at the mill when the tariffs came in.

PRESS SECRETARY BLAKE: Our tariffs did not cause that drop, and exports grew 8 percent.
"""


def test_a_reporters_bare_q_and_its_follow_up_paragraphs_are_nobodys_words():
    found = extract(GAGGLE, title="Press Gaggle by Press Secretary Nora Blake")
    turns = [q for q in found.quotes if q.cue == CUE]
    assert [q.text[:16] for q in turns] == [
        "Good morning. Th",
        "The relief bill ",
        "Our tariffs did ",
    ]
    assert not any(
        w in q.text for q in found.quotes for w in ("Unemployment", "governor", "200 jobs")
    )
    claims = [c for c in found.claims if "Unemployment" in c.text or "200 jobs" in c.text]
    assert all(c.speaker is None for c in claims)


def test_a_surname_label_takes_the_full_name_the_headline_gives():
    found = extract(GAGGLE, title="Press Gaggle by Press Secretary Nora Blake")
    assert {q.speaker for q in found.quotes if q.cue == CUE} == {"Nora Blake"}


def test_a_surname_label_takes_the_headlines_full_name_after_an_office_with_a_joiner():
    # The office's "for Strategic Communications" is no part of the name; a reporter's
    # "Q Okafor, ..." naming the surname alone later does not replace the full name.
    text = (
        "MS. BLAKE: I will turn it over to the Admiral.\n\n"
        "MR. OKAFOR: Exports to Canada grew by 8 percent in 2022, the fastest in a decade.\n\n"
        "Q Okafor, is that a record for the region?\n\n"
        "MR. OKAFOR: It is the highest figure since the agreement was signed in 2015.\n\n"
        "MS. BLAKE: Thanks, everyone, for coming today.\n"
    )
    title = (
        "Press Gaggle by Press Secretary Nora Blake and Coordinator for Strategic "
        "Communications Sam Okafor"
    )
    speakers = {q.speaker for q in extract(text, title=title).quotes if q.cue == CUE}
    assert speakers == {"Nora Blake", "Sam Okafor"}


def test_remarks_with_a_single_label_are_the_headline_speakers_throughout():
    text = (
        "THE PRESIDENT: Thank you all for coming. We will open 40 new clinics this year.\n\n"
        "Every clinic will stay open seven days a week, and none will charge for a visit.\n\n"
        "We built 12 new roads in the county, the most in a decade.\n"
    )
    turns = [q for q in extract(text, title="Remarks by President Maria Alvarez on Health").quotes]
    assert [q.text[:14] for q in turns if q.cue == CUE] == [
        "Thank you all ",
        "Every clinic w",
        "We built 12 ne",
    ]
    assert {q.speaker for q in turns if q.cue == CUE} == {"Maria Alvarez"}


def test_remarks_without_labels_are_the_headline_speakers_speech():
    text = (
        "Thank you all for coming. We will open 40 new clinics this year.\n\n"
        "Every clinic will stay open seven days a week, and none will charge for a visit.\n"
    )
    found = extract(text, title="Remarks by President Maria Alvarez on Health")
    assert [(q.speaker, q.kind) for q in found.quotes] == [("Maria Alvarez", "direct")] * 2


def test_a_quotation_inside_a_turn_goes_to_whom_the_speaker_quotes_or_to_nobody():
    text = (
        "MR. OKAFOR: Thank you. Let me start with the ships held at the port since March.\n\n"
        "QUESTION: What did the minister say?\n\n"
        'MR. OKAFOR: Minister Tanaka told me, "We will release all 12 ships within 30 days." '
        "I believe him.\n\n"
        'Forty countries signed a letter, "We condemn the seizure of the ships in March."\n\n'
        "MR. OKAFOR: That is all for today, thank you very much.\n"
    )
    found = extract(text, title="Briefing by Special Envoy Dev Okafor")
    inner = {q.text[:12]: q for q in found.quotes if q.cue != CUE}
    assert inner["We will rele"].speaker == "Tanaka"
    assert inner["We condemn t"].speaker is None
    turn = next(q for q in found.quotes if q.cue == CUE and q.text.startswith("Forty"))
    assert turn.speaker == "Dev Okafor"


def test_an_unlabelled_answer_after_a_printed_question_keeps_its_quotes():
    text = (
        "Q: What did the governor tell you about the budget?\n\n"
        "Governor Ana Ruiz told me that the budget would grow by 12 percent next year.\n\n"
        "Q: And the schools?\n\n"
        "She said that 40 new schools would open in the county by 2026.\n\n"
        "Q: Anything else?\n\n"
        "Nothing more for now, and thank you for your time.\n"
    )
    reported = [q for q in extract(text).quotes if q.kind == "indirect"]
    assert any("12 percent" in q.text and q.speaker == "Ana Ruiz" for q in reported)


# A briefing whose labels are an honorific and a surname in capitals ("MR PRICE:"); the byline
# gives the full name. "PRICE" is also a common noun, which the tagger reads it as.
HONORIFIC_BRIEFING = """Ned Price, Department Spokesperson

Washington, D.C.

MR PRICE: Good afternoon, everyone. The Secretary has tested positive and will quarantine.

QUESTION: Did he meet the Swedish minister in person yesterday?

MR PRICE: I will – I don’t want to divulge —

QUESTION: I know you don’t want to —

MR PRICE: — divulge anyone’s health information. What I will say is that he had a meeting —

QUESTION: Fair enough, but —

MR PRICE: — with the Swedish foreign minister, and the press part was only one element of it.

QUESTION: Right.

MR PRICE: So suffice it to say that we are notifying everyone who is considered a close \
contact per that CDC guidance.

QUESTION: Thanks, Ned.
"""


def test_an_honorific_label_read_inside_its_own_turn_is_the_person_the_byline_names():
    found = extract(HONORIFIC_BRIEFING, title="Department Press Briefing – May 4, 2022")
    assert {q.speaker for q in found.quotes} == {"Ned Price"}
    assert [s.name for s in found.speakers] == ["Ned Price"]


def test_an_honorific_label_nobody_names_in_full_is_the_surname_never_the_label():
    text = HONORIFIC_BRIEFING.replace("Ned Price, Department Spokesperson", "Press Room")
    found = extract(text.replace("Thanks, Ned.", "Thanks."), title="Press Availability")
    names = {q.speaker for q in found.quotes} | {s.name for s in found.speakers}
    assert names == {"Price"}


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("MR PRICE", "Price"),
        ("MS. JEAN-PIERRE", "Jean-Pierre"),
        ("Mr. O'Brien", "O'Brien"),
        ("MR. MCDONOUGH", "McDonough"),
        ("Mr. President", None),
        ("the event website", None),
        ("PRICE", None),
    ],
)
def test_an_honorific_and_a_name_in_capitals_is_written_as_a_name(phrase, name):
    assert honorific_name(phrase) == name


@pytest.mark.parametrize(
    ("label", "speaker", "alias"),
    [
        ("S. WHITFIELD", "Dana Whitfield", "Whitfield"),  # the "M" of "MS." lost
        ("QMS. WHITFIELD", "Dana Whitfield", "Ms Whitfield"),  # "Q" run into "MS."
        ("D. WHITFIELD", "D Whitfield", "D Whitfield"),  # her own initial stays
    ],
)
def test_a_typists_fragment_before_the_name_in_a_label_is_dropped(label, speaker, alias):
    registry = SpeakerRegistry()
    text = f"Press Briefing by Dana Whitfield\n\n{label}: Good afternoon, everyone."
    headline = "Press Briefing by Press Secretary Dana Whitfield"
    assert resolve_label(label, text, registry, 40, headline)[0] == speaker
    (found,) = registry.speakers()
    assert alias in found.aliases
    assert not any(a.startswith(("S ", "Qms")) for a in found.aliases)


def test_a_fragment_is_never_a_first_name_even_when_nobody_is_named_in_full():
    registry = SpeakerRegistry()
    assert resolve_label("QMS. WHITFIELD", "x", registry, 0)[0] == "Whitfield"
    assert resolve_label("NSC SPOKESPERSON", "x", registry, 0) == (None, "Spokesperson")
    # Short first names have vowels: they are names, not fragments.
    assert resolve_label("TIM KAINE", "x", registry, 0)[0] == "Tim Kaine"


def test_an_offices_initialism_in_a_label_is_its_title():
    registry = SpeakerRegistry()
    text = "Gaggle with Jake Sullivan\n\nAPNSA SULLIVAN: Thanks, everybody."
    assert resolve_label("APNSA SULLIVAN", text, registry, 30, text.split("\n")[0]) == (
        "Jake Sullivan",
        "Apnsa",
    )


def test_the_first_lady_is_an_office_never_a_speaker_named_lady():
    text = (
        "Today, First Lady Jill Biden will unveil the theme for the holidays.\n\n"
        "“These are the gifts that tie our lives together,” the First Lady and President wrote "
        "in a welcome letter."
    )
    found = extract(text)
    assert "Lady" not in {s.name for s in found.speakers}
    # the office (its holder at the text's date, for the services) or the person: never "Lady"
    assert {q.speaker for q in found.quotes} <= {"Jill Biden", "First Lady", None}
