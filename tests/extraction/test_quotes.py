"""Quote detection and attribution on sentences written for these tests."""

from __future__ import annotations

import pytest

from claims.extraction import Extraction, extract
from claims.extraction.cues import is_phrasal_cue, is_strong_cue, speech_lemma
from claims.extraction.marks import add_headline_quotes, find_marked_spans, join_listed
from claims.extraction.pipeline import load_model
from claims.extraction.quotes import _mixed_around, _reporting_verb
from claims.extraction.reported import TokenIndex


def _direct(ext: Extraction) -> list:
    return [q for q in ext.quotes if q.kind == "direct"]


def _assert_offsets(text: str, ext: Extraction) -> None:
    for q in ext.quotes:
        assert text[q.start : q.end] == q.text


def test_speaker_after_quote_with_said():
    text = '"We will rebuild the bridge before the winter comes," Mayor Jane Doe said.'
    ext = extract(text)
    [q] = _direct(ext)
    assert q.text.startswith("We will rebuild the bridge")
    assert q.speaker == "Jane Doe"
    assert q.cue == "said"
    _assert_offsets(text, ext)


def test_speaker_after_inverted_said():
    text = "“The budget is balanced for the first time in years,” said Tom Baker, the treasurer."
    [q] = _direct(extract(text))
    assert q.speaker == "Tom Baker"
    assert "treasurer" in q.speaker_title


def test_speaker_with_apposition_before_cue():
    text = (
        '"Nobody expected the river to rise that fast," Carla Mendes, the director of the '
        "Harbor Authority, said on Monday."
    )
    [q] = _direct(extract(text))
    assert q.speaker == "Carla Mendes"
    assert "director" in q.speaker_title


def test_speaker_told_reporters():
    text = '"The talks were useful but nothing is settled yet," Peter Olsen told reporters.'
    [q] = _direct(extract(text))
    assert q.speaker == "Peter Olsen"
    assert q.cue == "told"


def test_speaker_before_quote_with_comma():
    text = 'Maria Lopez said, "Our volunteers have cleaned every beach in the county."'
    [q] = _direct(extract(text))
    assert q.speaker == "Maria Lopez"


def test_colon_introduced_quote():
    text = 'Governor Sam Reed put it plainly: "The state cannot afford another year like this one."'
    [q] = _direct(extract(text))
    assert q.speaker == "Sam Reed"


def test_according_to_introduces_a_quote():
    text = 'According to Helen Park, "the new rules will cost small farms thousands of dollars."'
    quotes = extract(text).quotes
    assert quotes and all(q.speaker == "Helen Park" for q in quotes)


def test_quote_broken_by_its_attribution_gives_both_parts_one_speaker():
    text = (
        '"We have done our part," Anna Berg said, "and now the council has to find the money '
        'for the rest of the project."'
    )
    quotes = _direct(extract(text))
    assert len(quotes) == 2
    assert {q.speaker for q in quotes} == {"Anna Berg"}


def test_several_sentences_inside_one_quote():
    text = (
        '"The plant is safe. The inspectors found nothing. We will reopen on Monday," '
        "plant manager Joe Kim said."
    )
    [q] = _direct(extract(text))
    assert q.text.count(".") == 2 and q.text.endswith("Monday,")
    assert q.speaker == "Joe Kim"


def test_continuation_quote_takes_previous_speaker():
    text = (
        '"The flood barriers held through the night," engineer Lisa Grant said.\n\n'
        '"We were lucky this time, but the next storm could be worse than this one."'
    )
    quotes = _direct(extract(text))
    assert [q.speaker for q in quotes] == ["Lisa Grant", "Lisa Grant"]


def test_quote_running_over_paragraphs_the_newspaper_way():
    text = (
        'Coach Dana White said: "The team trained harder than ever this season and it showed '
        "in every match we played.\n\n"
        '"Next year we want to go even further in the national cup."'
    )
    quotes = _direct(extract(text))
    assert len(quotes) == 2
    assert {q.speaker for q in quotes} == {"Dana White"}
    _assert_offsets(text, extract(text))


def test_quote_introduced_at_end_of_previous_paragraph():
    text = (
        "After the hearing, the lawyer Rosa Diaz stated,\n\n"
        '"My client has cooperated with the investigation from the very first day."'
    )
    [q] = _direct(extract(text))
    assert q.speaker == "Rosa Diaz"


def test_nested_single_quotes_stay_inside_the_quote():
    text = "“He told me ‘go home now’ and then he left the building,” witness Omar Haddad said."
    [q] = _direct(extract(text))
    assert "‘go home now’" in q.text
    assert q.speaker == "Omar Haddad"


@pytest.mark.parametrize(
    "verb",
    [
        "insisted",
        "warned",
        "argued",
        "tweeted",
        "declared",
        "explained",
        "cautioned",
        "acknowledged",
        "admitted",
        "stressed",
        "replied",
        "noted",
        "scoffed",
        "fumed",
        "barked",
        "retaliated",
        "opined",
        "surmised",
        "pressed",
    ],
)
def test_many_speech_verbs_attribute_quotes(verb):
    text = f'"The report leaves too many questions unanswered," Senator Mark Hill {verb}.'
    [q] = _direct(extract(text))
    assert q.speaker == "Mark Hill"
    assert q.cue == verb


def test_scare_quotes_and_titles_are_not_quotes():
    text = (
        'The so-called "reform" was debated after a screening of "Jaws" at the '
        '"Grand" cinema downtown.'
    )
    assert _direct(extract(text)) == []


def test_indirect_speech_with_that():
    text = "The minister said that the new airport would open in the spring of next year."
    [q] = extract(text).quotes
    assert q.kind == "indirect"
    assert q.text.endswith("spring of next year")
    assert q.speaker == "minister" or "minister" in q.speaker


def test_indirect_speech_warned_object_that():
    text = "Helen Park warned the farmers that the river could flood their fields again."
    [q] = extract(text).quotes
    assert q.kind == "indirect" and q.speaker == "Helen Park"
    assert "river could flood" in q.text


def test_indirect_speech_according_to():
    text = "According to the Weather Office, the storm will reach the coast on Friday night."
    [q] = extract(text).quotes
    assert q.kind == "indirect" and q.cue == "according to"
    assert q.text.startswith("the storm will reach")
    assert q.speaker == "Weather Office"


def test_mixed_quote_keeps_the_reported_clause():
    text = 'Jane Doe told the council that the budget was "simply not good enough."'
    [q] = extract(text).quotes
    assert q.kind == "indirect" and q.speaker == "Jane Doe"
    assert q.text.startswith("that the budget") and "simply not good enough" in q.text


def test_marks_are_paired_by_context_even_when_mismatched():
    text = "He said “this is fine.“ Then “that is fine too.”"
    spans = find_marked_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["this is fine.", "that is fine too."]


def test_cue_lexicon_handles_inflections():
    assert speech_lemma("insisted") == "insist"
    assert speech_lemma("Says") == "say"
    assert speech_lemma("emphasizes") == "emphasize"
    assert speech_lemma("replied") == "reply"
    assert is_strong_cue("told")
    assert speech_lemma("table") is None


def _indirect(ext: Extraction) -> list:
    return [q for q in ext.quotes if q.kind == "indirect"]


def test_hope_inside_reported_clause_is_not_a_second_quote():
    text = "Karen Wu, the director, said she hopes the city council approves the new budget."
    ext = extract(text)
    [q] = _indirect(ext)
    assert q.cue == "said"
    assert q.text.startswith("she hopes the city council")
    _assert_offsets(text, ext)


def test_reported_clause_before_cue_cut_off_by_colon_is_dropped():
    text = (
        "The mood in the town has changed a great deal: most residents said that the new "
        "factory brought jobs to the valley."
    )
    ext = extract(text)
    assert all("mood in the town" not in q.text for q in ext.quotes)
    _assert_offsets(text, ext)


def test_report_inside_a_report_is_not_a_second_quote():
    text = "Ms. Lee added that her brother told her he had seen the letter before the trial."
    ext = extract(text)
    [q] = _indirect(ext)
    assert q.cue == "added"
    assert q.text.startswith("that her brother told her he had seen the letter")
    _assert_offsets(text, ext)


def test_reported_clause_needs_a_subject():
    text = "These are the emails that Senator Clinton thinks should be made public at once."
    ext = extract(text)
    assert _indirect(ext) == []


def test_trailing_gloss_is_cut_off_the_reported_clause():
    text = (
        "Mayor Jane Doe said she received a call from her niece, who had grown up in the "
        "United States."
    )
    ext = extract(text)
    [q] = _indirect(ext)
    assert q.text == "she received a call from her niece"
    assert q.speaker == "Jane Doe"
    _assert_offsets(text, ext)


def test_preposed_reported_clause_with_comma_is_kept():
    text = "The new factory will bring hundreds of jobs to the valley, Mayor Jane Doe said."
    ext = extract(text)
    [q] = _indirect(ext)
    assert q.text == "The new factory will bring hundreds of jobs to the valley"
    assert q.speaker == "Jane Doe"


def test_mixed_quote_ends_with_its_fragment_before_a_new_clause():
    text = (
        'Director Ann Lowe called the agency\'s handling of the files "extremely careless," '
        "but said nobody should face charges, a finding the board later adopted."
    )
    [q] = [q for q in extract(text).quotes if q.cue == "called"]
    assert q.text == "the agency's handling of the files \"extremely careless,"
    assert text[q.start : q.end] == q.text and q.speaker == "Ann Lowe"


def test_mixed_quote_keeps_words_after_a_fragment_without_a_break():
    text = (
        'Senator Jane Doe told NBC that the deal was "immensely beneficial" '
        "for the workers of the state."
    )
    [q] = _indirect(extract(text))
    assert q.text.endswith("for the workers of the state")


def test_person_named_inside_a_quote_is_not_its_speaker():
    text = (
        '"Our company is open to everyone," Acme said in a statement. "John Smith has been '
        'told that his conduct was unacceptable and his employment has been terminated."'
    )
    quotes = [q for q in extract(text).quotes if q.kind == "direct"]
    assert [q.speaker for q in quotes] == ["Acme", "Acme"]


def test_cue_in_the_sentence_after_a_closed_quote_is_not_its_attribution():
    text = (
        '"It is a very sad development," Ted Cruz told reporters. "This is the consequence '
        'of the culture of the campaign. That has no place in politics." Ohio Gov. John Kasich '
        "said he would have fired him."
    )
    quotes = [q for q in extract(text).quotes if q.kind == "direct"]
    assert [q.speaker for q in quotes] == ["Ted Cruz", "Ted Cruz"]


def test_object_of_the_cue_is_not_the_speaker():
    text = (
        'That prompted Marco Rubio to make a joke about yoga and call Donald Trump "very '
        'flexible," a nod to the front-runner.'
    )
    assert all(q.speaker != "Donald Trump" for q in extract(text).quotes)


def test_cue_nearest_before_the_quote_gives_its_speaker():
    text = (
        "After Hillary Clinton argued that the plan would fail, Marco Rubio responded, "
        '"We have heard that before, and we will hear it again."'
    )
    [q] = [q for q in extract(text).quotes if q.kind == "direct"]
    assert q.speaker == "Marco Rubio" and q.cue == "responded"


@pytest.mark.parametrize(
    "text",
    [
        "Senator Ann Moore sought to calm the crowd, and took a question in stride, saying the "
        "new clinic would open in June.",
        "Governor Paul Reyes stirred anger last week by saying that the state would close three "
        "of its prisons.",
    ],
)
def test_a_participle_cue_takes_the_subject_of_the_verb_it_hangs_on(text):
    [q] = [q for q in extract(text).quotes if q.kind == "indirect"]
    assert q.speaker in ("Ann Moore", "Paul Reyes")


def test_a_quote_after_a_participle_cue_takes_the_subject_up_the_chain():
    text = (
        'Mayor Lee Chang dodged two questions about the budget before saying, "We will not '
        'raise taxes this year."'
    )
    [q] = _direct(extract(text))
    assert q.speaker == "Lee Chang"


def test_an_uncued_quote_after_a_reported_clause_is_that_speakers():
    text = (
        '"We need more buses," Senator Ann Moore said on Friday.\n\n'
        "Mayor Tom Reed said that the new bridge would open in May.\n\n"
        '"It will carry 20,000 cars a day and cut the drive to the airport in half."'
    )
    quotes = extract(text).quotes
    assert quotes[-1].text.startswith("It will carry")
    assert quotes[-1].speaker == "Tom Reed"


def test_the_second_part_of_a_split_quote_stays_with_its_speaker_past_a_reported_clause():
    text = (
        '"I am not paid for this!" Ann Moore declared, a point she makes after callers asked how '
        'much she was getting. "I run my own business and it is doing very well."'
    )
    quotes = _direct(extract(text))
    assert [q.speaker for q in quotes] == ["Ann Moore", "Ann Moore"]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ('Senator Mark Hill shot back, "The report leaves too many questions unanswered."', "shot"),
        (
            '"The report leaves too many questions unanswered," Senator Mark Hill fired back.',
            "fired",
        ),
        ('As Senator Mark Hill put it, "The report leaves too many questions unanswered."', "put"),
    ],
)
def test_a_verb_with_its_particle_is_a_cue(text, cue):
    [q] = _direct(extract(text))
    assert (q.speaker, q.cue) == ("Mark Hill", cue)


def test_a_phrasal_cue_needs_its_particle():
    assert is_phrasal_cue("shot", "back") and is_phrasal_cue("puts", "it")
    assert not is_phrasal_cue("shot", "down") and not is_phrasal_cue("put", "the")


def test_an_abbreviation_full_stop_does_not_cut_off_the_speaker_before_a_quote():
    text = (
        'As Ruth Cole, the No. 2 in the party leadership, put it: "This bill will not pass '
        'the Senate this year."'
    )
    [q] = _direct(extract(text))
    assert q.speaker == "Ruth Cole"


@pytest.mark.parametrize(
    "text",
    [
        'Senator Ann Moore said on CNN\'s "State of the Union With Dana Bash" that the bill '
        "would pass.",
        '"We will win this race," said Tom Reed, the author of "A Nation of Small Towns," on '
        "Sunday.",
    ],
)
def test_a_title_in_capitals_inside_a_sentence_is_not_a_quote(text):
    assert not any(
        "State of the Union" in q.text or "Small Towns" in q.text for q in _direct(extract(text))
    )


def test_a_quote_opening_a_sentence_is_kept_even_in_capitals():
    text = '"Happy New Year To All Of You!" the mayor said at midnight.'
    [q] = _direct(extract(text))
    assert q.text.startswith("Happy New Year")


@pytest.mark.parametrize("joiner", [" and ", " or ", " . . . ", ", and "])
def test_quotations_listed_in_one_breath_are_one_quote(joiner):
    text = f'The marchers chanted "we want our jobs back"{joiner}"no more plant closures."'
    [q] = _direct(extract(text))
    assert q.text == f'we want our jobs back"{joiner}"no more plant closures.'
    _assert_offsets(text, extract(text))


def test_quotations_with_words_between_stay_apart():
    text = '"We will build it," she said, "and we will pay for it."'
    assert len(join_listed(text, find_marked_spans(text))) == 2


def test_fragments_listed_in_a_reported_phrase_stay_one_mixed_quote():
    text = 'The mayor, Ann Moore, called the governor\'s plan "reckless" and "dangerous."'
    [q] = extract(text).quotes
    assert q.kind == "indirect"
    assert q.text.endswith('"reckless" and "dangerous.')


def test_joining_listed_quotations_keeps_multi_paragraph_quotes_linked():
    text = (
        'They chanted "no more cuts" and "save our schools."\n\n'
        '"We will march again next week, and every week after that,\n\n'
        '"and we will bring our children with us," Ann Moore said.'
    )
    spans = join_listed(text, find_marked_spans(text))
    assert len(spans) == 3
    assert spans[2].continues == 1


def test_a_short_quote_after_an_attributed_one_in_its_paragraph_is_kept():
    text = '"The river rose two feet overnight," Mayor Ann Moore said. "We were lucky."'
    quotes = _direct(extract(text))
    assert [q.text for q in quotes] == ["The river rose two feet overnight,", "We were lucky."]
    assert {q.speaker for q in quotes} == {"Ann Moore"}


def test_a_short_uncued_quote_elsewhere_is_still_dropped():
    text = (
        '"The river rose two feet overnight," Mayor Ann Moore said.\n\n'
        'Residents said the town was "very lucky" this time, and "We were lucky" was painted '
        "on a wall."
    )
    assert [q.text for q in _direct(extract(text))] == ["The river rose two feet overnight,"]


def test_a_name_right_before_the_colon_is_the_speaker():
    text = (
        "The early lead of the mayor does not surprise Republican pollster Dan Shaw: "
        '"Lesser-known candidates often fade before the first votes are cast."'
    )
    [q] = _direct(extract(text))
    assert q.speaker == "Dan Shaw"


def test_a_language_before_the_colon_is_not_the_speaker():
    text = (
        "At a dinner that week, the mayor Ann Moore ended her speech by quoting a poet in "
        'Italian: "Ogni giorno e un nuovo inizio per tutti noi qui."'
    )
    [q] = _direct(extract(text))
    assert q.speaker != "Italian"


def test_a_headline_quoting_someone_in_single_marks_is_a_quote():
    text = (
        "Moore: ‘We Will Build the Bridge Before Winter.’\n\n"
        "Mayor Ann Moore promised on Monday to finish the bridge this year."
    )
    [q] = _direct(extract(text))
    assert q.text == "We Will Build the Bridge Before Winter."
    _assert_offsets(text, extract(text))


def test_single_marks_inside_a_running_line_are_not_a_headline_quote():
    text = "The mayor said the plan was 'not dead yet' and left the room.\n\nNobody followed her."
    assert _direct(extract(text)) == []


def test_headline_quotes_keep_multi_paragraph_quotes_linked():
    text = (
        "Moore: ‘We Will Build the Bridge.’\n\n"
        '"We will march again next week, and every week after that,\n\n'
        '"and we will bring our children with us," Ann Moore said.'
    )
    spans = add_headline_quotes(text, find_marked_spans(text))
    assert [text[s.start : s.end][:6] for s in spans] == ["We Wil", "We wil", "and we"]
    assert spans[2].continues == 1


def test_a_fragment_cue_inside_a_report_answers_to_the_reporting_verb():
    doc = load_model()(
        "Senator Ann Moore says that the voters are seeking a leader to counter the banks."
    )
    counter = next(t for t in doc if t.text == "counter")
    assert _reporting_verb(counter, range(len(doc))).text == "says"
    assert _reporting_verb(counter, range(counter.i - 3, len(doc))).text == "counter"


def test_a_second_fragment_finds_its_speaker_before_the_first_one():
    text = (
        'Mayor Ann Moore lamented the "sorry" state of the roads and criticized the "endless '
        'delays" at the county office.'
    )
    doc = load_model()(text)
    second = find_marked_spans(text)[1]
    rep = _mixed_around(doc, TokenIndex(doc), second)
    assert rep is not None and rep.cue == "criticized"
    assert rep.mention is not None and rep.mention.name == "Ann Moore"


def test_a_mixed_quote_ends_with_a_quotation_that_ends_its_sentence():
    text = (
        'Ann Moore said on Friday that the mayor "happens to be, we believe, a good man." Moore '
        'called the plan a "disaster" for the city.'
    )
    first = extract(text).quotes[0]
    assert first.text.endswith("a good man.")
    assert "disaster" not in first.text


def test_a_cue_after_a_quote_that_continues_an_earlier_verb_is_not_its_attribution():
    text = (
        'Ann Moore waved to the crowd and shouted "We will win this race in November and keep '
        'our seats," but described the polls as close.'
    )
    [q] = _direct(extract(text))
    assert (q.speaker, q.cue) == ("Ann Moore", "shouted")


def test_an_uncued_quote_after_a_sentence_about_a_named_person_is_theirs():
    text = (
        '"We will fix the roads," said Tom Reed on Monday.\n\n'
        "Ann Moore touted her record as the author of the transit bill. "
        '"We need more buses on every line and we need them this year."'
    )
    quotes = _direct(extract(text))
    assert quotes[-1].speaker == "Ann Moore"


def test_a_speech_verb_left_without_a_subject_takes_the_person_named_before_it():
    text = "Mayor Ann Moore was quick to add that the new bridge would not raise local taxes."
    [q] = extract(text).quotes
    assert q.speaker == "Ann Moore"


def test_a_person_after_a_preposition_is_not_taken_for_the_missing_subject():
    text = "In a letter to Ann Moore, was quick to add that the bridge would not raise taxes."
    assert all(q.speaker != "Ann Moore" for q in extract(text).quotes)


def test_a_passive_cue_takes_its_agent_as_speaker():
    text = 'Ann Moore was asked by the host, Tom Reed, "Will you run for mayor again next year?"'
    [q] = _direct(extract(text))
    assert q.speaker == "Tom Reed"


def test_the_one_told_in_a_passive_cue_is_not_the_speaker():
    text = 'The new volunteers were told, "Bring water and sunscreen to every shift this summer."'
    [q] = _direct(extract(text))
    assert q.speaker != "The new volunteers" and q.speaker != "volunteers"


def test_the_noun_phrase_after_an_inverted_cue_is_its_speaker_even_as_an_object():
    text = '"Drivers should slow down in the rain," opined Springfield\'s Daily Ledger.'
    [q] = _direct(extract(text))
    assert q.speaker is not None and "Ledger" in q.speaker


def test_a_dash_and_a_name_after_the_closing_mark_sign_the_quote():
    text = (
        "Readers wrote in after the debate.\n\n"
        "\u201cThe plan will cost every family $400 a year.\u201d \u2015 Sonya Herrera "
        "\u201cHe never said how he would pay for the wall.\u201d\u2015 Pamela Ortiz\n"
    )
    ext = extract(text)
    assert [(q.speaker, q.cue) for q in _direct(ext)] == [
        ("Sonya Herrera", "\u2015"),
        ("Pamela Ortiz", "\u2015"),
    ]
    _assert_offsets(text, ext)


def test_a_dash_before_a_name_that_goes_on_to_a_verb_is_no_signature():
    text = "\u201cWe will win the state by ten points next year\u201d \u2014 Ana Ruiz said later."
    [quote] = _direct(extract(text))
    assert (quote.speaker, quote.cue) == ("Ana Ruiz", "said")


def test_a_dash_signature_the_tagger_misses_is_still_a_name_and_a_non_name_is_nobody():
    text = (
        "Readers wrote in after the debate.\n\n"
        "\u201cThe plan will cost every family $400 a year.\u201d \u2015 Sonya Herrera "
        "\u201cNo one wants a man who never pays his taxes.\u201d"
        "\u00a0\u2015\u00a0Christina N Luis Olidem "
        "\u201cI am ashamed of what I heard in that debate tonight.\u201d"
        " \u2015 Our Readers\n"
    )
    speakers = [q.speaker for q in _direct(extract(text))]
    assert speakers == ["Sonya Herrera", "Christina N Luis Olidem", None]
