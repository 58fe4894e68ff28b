"""Golden extraction on real pages: text that must be in the article, boilerplate that must not, title,
headings and teasers. Pages under ../shared are read in place (their publishers' copyright forbids copying
them here) and skip when it is absent; openly licensed pages live in tests/fixtures/."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from shared_data import FIXTURES, shared_path

from dyad.ingest import read_bytes, read_paths
from dyad.model import Document


@dataclass(frozen=True)
class Golden:
    name: str
    where: tuple[str, ...]  # under ../shared, or ("fixtures", file)
    title: str
    with_: tuple[str, ...]
    without: tuple[str, ...] = ()
    headings: tuple[str, ...] | None = None  # the first headings, in order; None: not checked
    teasers: tuple[str, ...] = ()  # a snippet of each of the first teasers' text, in order
    teaser_count: int = 0
    extra: dict[str, str] = field(default_factory=dict)  # Document attribute -> expected value


def _aeb(sha: str) -> tuple[str, ...]:
    return ("corpora", "article-extraction-benchmark", "html", f"{sha}.html.gz")


GOLDEN = [
    Golden(
        # an Iran story on a table-laid-out page whose "Top stories" and "Partner news" follow the article
        name="panarmenian-iran-protests",
        where=_aeb("d90bda7ed14df19574f4ca8b1ccde5752a78f40058af1393e81cc99adb3e8756"),
        title="Amnesty. More than 100 protesters killed in Iran unrest",
        with_=("reveal a harrowing pattern of unlawful killings by Iranian security forces",
               "At least 106 protesters in 21 cities have been killed",
               "snipers have also shot into crowds of people from rooftops and, in one case, a helicopter."),
        without=("Top stories", "Partner news", "Armenian Genocide", "Kim Kardashian"),
        headings=(),
        teasers=("voted Tuesday, October 29 to officially recognize the Armenian Genocide",),
        teaser_count=9,
        extra={"published": "2019-11-20", "site": "PanARMENIAN.Net", "format": "html", "language": "en"},
    ),
    Golden(
        # section headings kept apart from the text, each at the start of its section
        name="bbc-assange-sweden",
        where=_aeb("c7e39ac49fa1235f5d50f83bf2444248bd3aa4e6df044377916c812dd109ba23"),
        title="Sweden drops Assange rape investigation",
        with_=("Prosecutors in Sweden have dropped an investigation into a rape allegation",
               "Deputy Director of Public Prosecution Eva-Marie Persson took the decision",
               "a judge rejected Assange's attempt to delay the full extradition hearing"),
        without=("What did the prosecutors say?", "Share this with", "Media playback"),
        headings=("Julian Assange: Sweden drops rape investigation", "What did the prosecutors say?",
                  "One chapter over, another barely begun", "What was the Swedish investigation about?"),
        extra={"published": "2019-11-19", "site": "BBC News"},
    ),
    Golden(
        # trafilatura holds each deal's text as the tail of its heading element: it must not be lost
        name="ign-deals-heading-tails",
        where=_aeb("287e4d9f4af31733aad6534aefb2bd00fb344ec8d6ebf1ac99dbc4d762da0ca4"),
        title="Daily Deals: More Black Friday Deals Are Live, Including PS4 DualShock Controller, Apple AirPods "
              "and Watches, and More - IGN",
        with_=("The price of one of the PS4 DualShock controllers has prematurely dropped to Black Friday levels.",
               "Save $31 if you get a turquoise Switch Lite",
               "This is the lowest price we have ever seen for one of the best 16:9 gaming monitors"),
        without=("PS4 DualShock Controller in Crystal for $39.99",),
        headings=("PS4 DualShock Controller in Crystal for $39.99",
                  "Nintendo Switch Lite with Pokemon Sword or Shield and Case for $238.99"),
        extra={"author": "Eric Song"},
    ),
    Golden(
        # a standings table: one line per row, cells apart, words never run together
        name="autoracing-table-rows",
        where=_aeb("11ea381ad92b5448cf66eae62f52ac565361a244c8881615fc6a7bb523cc0c32"),
        title="Classificação NASCAR",
        with_=("Classificação final da Monster Energy NASCAR Cup Series em 2019 após 36 etapas:",
               "\n\n1 | Kyle Busch | 5040 | 5 | 1 | 17 | 27\n\n",
               "\n\n2 | Martin Truex Jr. | 5035 | 7 | 0 | 15 | 24\n\n"),
        without=("1Kyle", "PosPiloto"),
        extra={"language": "pt"},
    ),
    Golden(
        # BBC text: headline, then paragraphs; nothing is a heading, teaser or byline
        name="bbc-turkey-iran-mobile",
        where=("corpora", "bbc-news", "business", "074.txt"),
        title="Turkey-Iran mobile deal 'at risk'",
        with_=("Turkey's investment in Iran's mobile industry looks set to be scrapped",
               "Iran's parliament voted by a large majority to cut Turkcell's stake",
               "could yet impact other inward investments."),
        without=("Turkey-Iran mobile deal 'at risk'",),
        headings=(),
        extra={"format": "text", "language": "en"},
    ),
    Golden(
        # a paragraph ending "... they still want more." is article text, not a "more" teaser marker
        name="bbc-u2-sentence-ending-in-more",
        where=("corpora", "bbc-news", "entertainment", "262.txt"),
        title="U2's desire to be number one",
        with_=("U2, who have won three prestigious Grammy Awards for their hit Vertigo",
               "Dick Evans soon dropped out and the four-piece were known as The Feedback",
               "they had sold 125 million albums around the world. But they still want more."),
        headings=(),
    ),
    Golden(
        # Wikinews (CC BY 2.5): the map key above the article ("██ Syrian Arab Republic") is not text
        name="wikinews-syria-withdrawal",
        where=("fixtures", "wikinews-syria-withdrawal.txt"),
        title="US President Trump announces troop withdrawal from Syria",
        with_=("Late on Sunday, the United States President Donald Trump, in a statement delivered via the "
               "press secretary, announced US troops would be leaving Syria.",
               "Senator Lindsey Graham spoke on Fox News",
               "So to those who think ISIS has been defeated you will soon see."),
        without=("██", "Syrian opposition & Turkish occupation", "Tahrir al-Sham"),
        headings=(),
    ),
]


def _read(golden: Golden) -> Document:
    path = FIXTURES / golden.where[1] if golden.where[0] == "fixtures" else shared_path(*golden.where)
    (doc,) = list(read_paths([path]))
    assert isinstance(doc, Document), doc
    return doc


@pytest.mark.parametrize("golden", GOLDEN, ids=[g.name for g in GOLDEN])
def test_golden_page(golden: Golden) -> None:
    doc = _read(golden)
    assert doc.title == golden.title
    for snippet in golden.with_:
        assert snippet in doc.text, f"missing from the text: {snippet!r}"
    for snippet in golden.without:
        assert snippet not in doc.text, f"boilerplate in the text: {snippet!r}"
    if golden.headings is not None:
        assert tuple(h.text for h in doc.headings[:len(golden.headings)]) == golden.headings
        assert bool(golden.headings) == bool(doc.headings)
    for heading in doc.headings:
        assert heading.start == heading.end and 0 <= heading.start < len(doc.text)
        assert heading.start == 0 or doc.text[heading.start - 2:heading.start] == "\n\n"
    assert len(doc.teasers) == golden.teaser_count
    for teaser, snippet in zip(doc.teasers, golden.teasers, strict=False):
        assert snippet in f"{teaser.title} {teaser.summary}"
    for attribute, value in golden.extra.items():
        assert getattr(doc, attribute) == value, attribute


def test_fixture_page_read_as_bytes_matches_path() -> None:
    path = FIXTURES / "wikinews-syria-withdrawal.txt"
    (from_bytes,) = list(read_bytes(path.read_bytes(), path.name))
    (from_path,) = list(read_paths([path]))
    assert isinstance(from_bytes, Document) and from_bytes.text == from_path.text


# Small hand-built pages for the shapes of trafilatura's output tree that the golden pages above exercise.

_BODY = "<p>{}</p>".format("The ministers met in Lahore on Sunday and agreed to expand border trade and energy links. " * 2)


def _html(body: str) -> bytes:
    return f"<html><head><title>Talks</title></head><body><article>{body}</article></body></html>".encode()


def _doc(body: str) -> Document:
    (doc,) = list(read_bytes(_html(body), "page.html"))
    assert isinstance(doc, Document), doc
    return doc


def test_list_items_and_line_breaks_are_separate_paragraphs() -> None:
    doc = _doc(_BODY + "<ul><li>Iran will export more gas to Pakistan.</li><li>Pakistan will open two border"
                       " markets.</li></ul><p>First line of the address<br>Second line of the address</p>")
    assert "\n\nIran will export more gas to Pakistan.\n\nPakistan will open two border markets.\n\n" in doc.text
    assert "First line of the address\n\nSecond line of the address" in doc.text
    assert "Pakistan.Pakistan" not in doc.text


def test_trailing_section_label_moves_the_rest_to_teasers() -> None:
    doc = _doc(_BODY + "<h2>Related</h2><p>Iran and Turkey sign a gas deal.</p><p>Pakistan opens a new port.</p>")
    assert "Related" not in doc.text and "gas deal" not in doc.text
    assert [t.summary for t in doc.teasers] == ["Iran and Turkey sign a gas deal.", "Pakistan opens a new port."]


def test_section_label_followed_by_article_text_is_only_dropped() -> None:
    long_paragraph = "The talks continued on Monday with a session on electricity trade and gas pipelines. " * 3
    doc = _doc(_BODY + f"<p>Advertisement</p><p>{long_paragraph}</p>")
    assert "Advertisement" not in doc.text and "electricity trade" in doc.text and doc.teasers == []
