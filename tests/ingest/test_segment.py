from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.ingest.segment import segment_text

SEED_TITLE = "Iranian President in Pakistan: Advancing Iran-Pakistan Cooperation"


def test_seed_title_headings_text_and_teasers(seed_text: str) -> None:
    seg = segment_text(seed_text)
    assert seg.title == SEED_TITLE
    assert [h.text for h in seg.headings] == ["History and Necessity", "Commerce and Calculation", "Navigating the Path"]
    assert seg.text.startswith("The arrival of Iranian President Masoud Pezeshkian")
    assert seg.text.endswith("the underlying mistrust remains.")
    assert "SAT Editorial Desk" not in seg.text and "Your go-to editorial hub" not in seg.text
    assert SEED_TITLE not in seg.text
    for heading in seg.headings:
        assert heading.text not in seg.text
        # the heading sits at a paragraph start
        assert seg.text[heading.start - 2: heading.start] == "\n\n"
    assert seg.headings[0].start == seg.text.index("The visit’s agenda")
    assert len(seg.teasers) == 4
    titles = [t.title for t in seg.teasers]
    assert titles[0] == "Revising the Agnipath Scheme: Preserving the Gorkha Legacy in India-Nepal Relations"
    assert "Pakistan–Taliban Showdown" in titles[1]
    assert "Climate Change Framework" in titles[2]
    assert titles[3].startswith("Kashmir’s Fading Legacy")
    assert seg.teasers[0].summary.startswith("The introduction of India’s Agnipath scheme")
    assert seg.teasers[3].summary.endswith("it’s a global responsibility.")
    for teaser in seg.teasers:
        assert teaser.title not in teaser.summary  # titles appear once, not doubled
        for word in ("Read More", "Recent"):
            assert word not in teaser.title and word not in teaser.summary
    assert "Read More" not in seg.text and "\nRecent" not in seg.text
    assert seg.author == "SAT Editorial Desk"


def test_heading_needs_a_following_paragraph() -> None:
    seg = segment_text("A Title\n\nFirst paragraph of the article, long enough to be one.\n\nA Section\n\n"
                       "The section's paragraph follows here with several words in it.")
    assert seg.title == "A Title"
    assert [h.text for h in seg.headings] == ["A Section"]
    assert "A Section" not in seg.text


def test_teasers_with_inline_markers_and_no_doubled_titles() -> None:
    page = ("Headline of the story\n\n" + "The body of the story is here and it is long enough. " * 6 + "\n\n"
            "Related\n\nAnother story\n\nIts summary sentence, short. Read more »\n\n"
            "Third story\n\nA second summary sentence of the teaser. Read more »\n")
    seg = segment_text(page)
    assert seg.title == "Headline of the story"
    assert [t.title for t in seg.teasers] == ["Another story", "Third story"]
    assert seg.teasers[0].summary == "Its summary sentence, short."
    assert "Related" not in seg.text and "Another story" not in seg.text


def test_plain_article_without_furniture_is_kept_whole() -> None:
    body = "Ministers met on Monday. They agreed to talk again.\n\nA second paragraph follows."
    seg = segment_text("Ministers meet\n\n" + body)
    assert seg.title == "Ministers meet"
    assert seg.text == body
    assert seg.teasers == []


@pytest.mark.parametrize("raw", ["", "\n\n  \n", "Read More »"])
def test_degenerate_pages(raw: str) -> None:
    seg = segment_text(raw)
    assert seg.text == "" or "Read More" not in seg.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=2000))
def test_segmenter_is_total_and_text_comes_from_the_input(raw: str) -> None:
    seg = segment_text(raw)
    normalised_input = " ".join(raw.split())
    for paragraph in seg.text.split("\n\n"):
        assert paragraph == "" or " ".join(paragraph.split()) in normalised_input or "»" in raw or "›" in raw \
            or ">" in raw or "…" in raw


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Title line", "Read More »", "Recent", "", "A sentence that ends.",
                                 "word " * 40, "Short heading"]), max_size=30))
def test_segmenter_on_page_shaped_inputs(lines: list[str]) -> None:
    seg = segment_text("\n".join(lines))
    assert "Read More" not in seg.text
    for heading in seg.headings:
        assert 0 <= heading.start <= len(seg.text)
