from __future__ import annotations

import gzip
import itertools

import pytest
from lxml import html as lxml_html
from shared_data import shared_path

from dyad.ingest.nesting import MAX_DEPTH, WRAPPER_DEPTH, _rules, parser_limit, shallow_html


def _body(markup: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(f"<html><body><div id=root>{markup}</div></body></html>")


def _closes(open_tag: str, start_tag: str) -> bool:
    """Whether libxml2 ends an open ``open_tag`` when ``start_tag`` starts inside it."""
    root = _body(f"<{open_tag} id=X><{start_tag} id=Y>t")
    opened, started = root.get_element_by_id("X", None), root.get_element_by_id("Y", None)
    return opened is not None and started is not None and opened not in started.iterancestors()


def test_the_closing_rules_are_what_the_installed_libxml2_does() -> None:
    rules = _rules()
    tags = sorted(set(rules.closed_by).union(*rules.closed_by.values(), rules.article_structure) - rules.void)
    wrong = [(open_tag, start_tag) for open_tag, start_tag in itertools.product(tags, tags)
             if _closes(open_tag, start_tag) != (start_tag in rules.closed_by.get(open_tag, ()))]
    assert wrong == []


def test_the_void_and_raw_text_elements_are_what_the_installed_libxml2_does() -> None:
    rules = _rules()
    assert all(_closes(tag, "b") for tag in rules.void)
    assert not any(_closes(tag, "b") for tag in ("embed", "source", "wbr", "div"))  # HTML5 voids libxml2 keeps open
    for tag in rules.raw_text:
        root = _body(f"<{tag}><b id=Y>t</b></{tag}><i id=Z>z</i>")
        assert root.get_element_by_id("Y", None) is None and root.get_element_by_id("Z", None) is not None, tag


@pytest.mark.parametrize(("end", "through", "closes"), [("span", "div", False), ("div", "table", False),
                                                        ("td", "table", False), ("div", "span", True),
                                                        ("td", "div", True), ("table", "tr", True)])
def test_an_end_tag_closes_through_elements_of_lower_end_priority_only(end: str, through: str, closes: bool) -> None:
    rules = _rules()
    priority = rules.end_priority.get(through, rules.default_priority) \
        > rules.end_priority.get(end, rules.default_priority)
    root = _body(f"<table><tr><td><{end} id=X><{through}>t</{end}><b id=Y>t</b>")
    assert (root.get_element_by_id("X") not in root.get_element_by_id("Y").iterancestors()) == closes == (not priority)


def _depth(root: lxml_html.HtmlElement) -> int:
    return max(sum(1 for _ in element.iterancestors()) + 1 for element in root.iter())


def test_a_deep_page_keeps_every_word_and_its_paragraphs_within_the_parsers_depth() -> None:
    article = "<article><h1>Talks</h1><p>Iran and Pakistan met.</p><ul><li>one<li>two</ul><p>They agreed.</p></article>"
    page = "<html><body>" + "<div><span>" * 2500 + article + "</span></div>" * 2500 + "</body></html>"
    assert parser_limit(page) is not None
    shallow = shallow_html(page)
    assert parser_limit(shallow) is None
    root = lxml_html.fromstring(shallow)
    assert root.text_content() == "TalksIran and Pakistan met.onetwoThey agreed."
    assert [e.tag for e in root.iter("article", "h1", "p", "ul", "li")] == ["article", "h1", "p", "ul", "li", "li", "p"]
    assert WRAPPER_DEPTH <= _depth(root) <= MAX_DEPTH + 2  # the deepest: the article's list items


def test_a_dropped_tag_still_closes_the_paragraph_it_ended() -> None:
    # Past the wrapper depth the <div> after "one" is dropped, but it ended the paragraph; so does </div>.
    page = "<html><body>" + "<div>" * 300 + "<p>one<div>two</div><p>three</div>four" + "</body></html>"
    root = lxml_html.fromstring(shallow_html(page))
    assert [p.text_content() for p in root.iter("p")] == ["one", "three"]
    assert "two" in root.text_content() and root.text_content().endswith("four")


def test_bytes_in_any_encoding_come_back_byte_for_byte_but_the_dropped_tags() -> None:
    page = ("<html><body>" + "<div>" * 300 + "<p>Qom and Tabriz: café diplomacy</p>" + "</div>" * 300
            + "</body></html>")
    shallow = shallow_html(page)
    assert shallow_html(page.encode("cp1252")) == shallow.encode("cp1252")
    assert shallow.count("<div>") == WRAPPER_DEPTH - 2  # html and body are open too


def test_a_page_the_parser_reads_whole_is_left_as_it_came() -> None:
    folder = shared_path("corpora", "article-extraction-benchmark", "html")
    for path in sorted(folder.glob("*.html.gz"))[:25]:
        page = gzip.decompress(path.read_bytes())
        assert parser_limit(page) is None and shallow_html(page) is page, path.name


@pytest.mark.parametrize("page", [
    "<a " * 200_000,  # no tag ends: each try at one must stop at the next "<"
    "<div><table>" + "<span>" * 5000 + "</div>" * 200_000,  # each </div> is stopped by the table, not found
], ids=["unclosed angle brackets", "stray end tags under a deep page"])
def test_a_hostile_page_costs_linear_time(page: str) -> None:
    import time

    started = time.perf_counter()
    shallow_html(page)
    assert time.perf_counter() - started < 5  # quadratic would take many minutes
