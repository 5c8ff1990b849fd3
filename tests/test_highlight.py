"""claims.highlight: escaped article HTML with spans wrapped by character offsets."""

from __future__ import annotations

from claims.highlight import Span, highlight_paragraphs, highlight_range, paragraph_bounds


def test_paragraphs_split_on_blank_lines_keeping_offsets():
    body = "One.\n\nTwo\nlines.\n  \nThree."
    assert [body[s:e] for s, e in paragraph_bounds(body)] == ["One.", "Two\nlines.", "Three."]


def test_text_is_escaped_and_single_newlines_become_breaks():
    html = highlight_range('a <b> & "c"\nd', 0, 13, [])
    assert html == "a &lt;b&gt; &amp; &quot;c&quot;<br>d"


def test_span_is_wrapped_with_link_and_escaped_title():
    body = "He said <hi> today."
    html = highlight_range(body, 0, len(body), [Span(8, 12, "quote", "/s/1/", 'A "B"')])
    assert html == (
        'He said <a class="hl hl-quote" href="/s/1/" title="A &quot;B&quot;">&lt;hi&gt;</a> today.'
    )


def test_overlapping_spans_stay_well_formed():
    body = "abcdefghij"
    html = highlight_range(body, 0, 10, [Span(1, 6, "quote", "/q"), Span(4, 9, "claim", "/c")])
    assert html == (
        'a<a class="hl hl-quote" href="/q">bcd</a>'
        '<a class="hl hl-claim hl-quote" href="/c">ef</a>'
        '<a class="hl hl-claim" href="/c">ghi</a>j'
    )


def test_nested_span_links_to_the_innermost():
    html = highlight_range("abcdef", 0, 6, [Span(0, 6, "quote", "/q"), Span(2, 4, "claim", "/c")])
    assert '<a class="hl hl-claim hl-quote" href="/c">cd</a>' in html


def test_spans_without_links_use_mark():
    assert (
        highlight_range("abc", 0, 3, [Span(1, 2, "focus")])
        == 'a<mark class="hl hl-focus">b</mark>c'
    )


def test_out_of_range_and_reversed_spans_are_ignored():
    assert highlight_range("abc", 0, 3, [Span(5, 9, "claim"), Span(2, 1, "quote")]) == "abc"


def test_span_across_paragraphs_is_cut_at_the_break():
    body = "First part.\n\nSecond part."
    paragraphs = highlight_paragraphs(body, [Span(6, 19, "quote")])
    assert [str(p.html) for p in paragraphs] == [
        'First <mark class="hl hl-quote">part.</mark>',
        '<mark class="hl hl-quote">Second</mark> part.',
    ]


def test_only_touching_keeps_the_paragraphs_a_span_is_in():
    body = "One.\n\nTwo.\n\nThree."
    paragraphs = highlight_paragraphs(body, [Span(6, 10, "focus")], only_touching=True)
    assert [(p.start, p.end) for p in paragraphs] == [(6, 10)]
