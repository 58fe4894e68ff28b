"""Highlight markup: escaped text, nesting spans, crossing spans split, bad offsets ignored."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dyad.web.highlight import Span, highlight


def test_wraps_spans_and_escapes_text_and_attributes() -> None:
    text = "Iran <b>met</b> Pakistan."
    html = highlight(text, [Span(0, 4, "span", "mention", {"title": 'Iran "IRN" <x>'}),
                            Span(0, len(text), "mark", "evidence", {"data-event": "0"})])
    assert html == ('<mark class="evidence" data-event="0"><span class="mention" title="Iran &#34;IRN&#34; &lt;x&gt;">'
                    "Iran</span> &lt;b&gt;met&lt;/b&gt; Pakistan.</mark>")


def test_crossing_spans_are_split_so_markup_nests() -> None:
    html = highlight("abcdef", [Span(0, 4, "mark", "a"), Span(2, 6, "span", "b")])
    assert html == '<mark class="a">ab<span class="b">cd</span></mark><span class="b">ef</span>'


def test_out_of_range_and_empty_spans_are_ignored() -> None:
    assert highlight("a<b", [Span(2, 9, "mark", "x"), Span(1, 1, "mark", "y"), Span(-1, 2, "mark", "z")]) == "a&lt;b"


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=6))
def test_text_survives_any_spans(text: str, bounds: list[tuple[int, int]]) -> None:
    import html as stdlib_html
    import re

    markup = highlight(text, [Span(a, b, "mark", "m") for a, b in bounds])
    assert markup.count("<mark") == markup.count("</mark>")
    assert stdlib_html.unescape(re.sub(r"<[^>]+>", "", markup)) == text
