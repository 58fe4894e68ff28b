"""The hub in a real browser (Debian's Chromium driven by Playwright): pages render, highlights, chart, search."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hubdata import serving, shot

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "src" / "dyad" / "sample"
SAMPLE = [SAMPLE_DIR / "000_15d95e7bf78c1045.txt", SAMPLE_DIR / "free-news.jsonl"]  # as in the Makefile

pytestmark = pytest.mark.browser


def test_recent_lists_articles_with_dyads(page: Any, server: str) -> None:
    page.goto(server + "/")
    titles = page.locator("li.doc h2 a").all_inner_texts()
    assert "Ministers meet to calm tensions" in titles and len(titles) == 5
    assert page.locator("a.pill[href='/dyad/IRN/PAK']").count() == 5
    assert "Iran consulted Pakistan in Islamabad." in page.locator("li.doc p.summary").all_inner_texts()
    shot(page, "recent")
    assert page.problems == []


def test_article_highlights_evidence_and_shows_details(page: Any, server: str) -> None:
    page.goto(server + "/")
    page.get_by_role("link", name="Border clash strains ties").click()
    page.wait_for_selector("mark.evidence")
    marks = page.locator("#article-text mark.evidence")
    assert marks.count() == 2
    assert marks.first.inner_text() == "Pakistan attacked Iran across the border."
    assert page.locator("mark.evidence b.trigger").first.inner_text() == "attacked"
    assert page.locator("#article-text span.mention").count() == 4
    assert page.locator("h2.heading").inner_text() == "Background"
    assert "ASSAULT" in (marks.first.get_attribute("title") or "")
    marks.nth(1).click()
    detail = page.locator("#event-detail")
    assert detail.is_visible() and "ACCUSE" in detail.inner_text()
    assert page.locator("tr#ev-1.target-row").count() == 1
    shot(page, "article")
    assert page.problems == []


def test_dyad_chart_renders_with_data_points(page: Any, server: str) -> None:
    page.goto(server + "/dyad/IRN/PAK")
    page.wait_for_selector("#chart[data-rendered]", timeout=15_000)
    assert page.get_attribute("#chart", "data-rendered") == "chart"
    bars = page.locator("#chart svg .mark-rect.role-mark path")
    assert bars.count() >= 4  # one bar segment per period and quad class present
    assert page.locator("#chart svg .mark-symbol.role-mark path").count() == 4  # the net Goldstein line: one point a month
    assert "Jul 2025" in (page.locator("#chart svg").text_content() or "")  # a time axis, not period labels
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 7  # the asserted events the chart counts; the planned one only when asked
    assert page.locator("table.events a[href^='/article/']").count() == 7
    shot(page, "dyad")
    page.select_option("select[name=modality]", "planned")
    page.get_by_role("button", name="apply").click()
    page.wait_for_selector("#chart[data-rendered]", timeout=15_000)
    assert page.locator("table.events tbody tr").count() == 1
    assert page.problems == []  # includes CSP violations: the chart needs no eval and no inline script


def test_search_finds_articles_and_evidence(page: Any, server: str) -> None:
    page.goto(server + "/")
    page.fill("header input[name=q]", "pipeline")
    page.keyboard.press("Enter")
    page.wait_for_selector("p.count")
    assert page.locator("p.count").inner_text() == "1 article"
    assert page.locator("ol.results h2").inner_text() == "Pezeshkian arrives in Pakistan"
    assert "gas pipeline" in page.locator("ul.hits").inner_text()
    shot(page, "search")
    assert page.problems == []


def test_actor_page(page: Any, server: str) -> None:
    page.goto(server + "/actor/dyad:PAK:GOV")
    assert page.locator("h1").inner_text() == "Pakistan"
    assert "Iran" in page.locator("ul.partners").inner_text()
    assert page.locator("table.events").count() == 2
    shot(page, "actor")
    assert page.problems == []


def test_analyse_shows_analysis_without_storing(page: Any, server: str) -> None:
    page.goto(server + "/analyse")
    page.fill("textarea[name=text]", "Iran and Pakistan signed a trade agreement in Islamabad on Monday.")
    page.get_by_role("button", name="analyse").click()
    page.wait_for_selector("strong.unsaved")
    assert "signed a trade agreement" in page.locator("#article-text").inner_text()
    shot(page, "analyse")
    assert page.problems == []


def test_api_docs_render_offline(page: Any, server: str) -> None:
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() >= 9
    shot(page, "docs")


@pytest.mark.slow
def test_make_run_flow_on_the_bundled_sample(page: Any, tmp_path: Path) -> None:
    """What `make run` does: `dyad ingest` the sample, `dyad serve` it, and the pages work on real analyses."""
    store = tmp_path / "sample.duckdb"
    dyad = str(Path(sys.executable).with_name("dyad"))
    subprocess.run([dyad, "ingest", *map(str, SAMPLE), "--db", str(store), "--workers", "0", "--quiet"], check=True,
                   timeout=300)
    with serving(store) as base:
        page.goto(base + "/")
        assert page.locator("li.doc").count() >= 10
        shot(page, "sample-recent")
        page.get_by_role("link", name="Iranian President in Pakistan: Advancing Iran-Pakistan Cooperation").click()
        assert page.locator("#article-text mark.evidence").count() >= 5
        assert page.locator("#article-text span.mention").count() >= 20
        shot(page, "sample-article")
        page.goto(base + "/dyad/Iran/Pakistan")
        page.wait_for_selector("#chart[data-rendered]", timeout=15_000)
        assert page.get_attribute("#chart", "data-rendered") == "chart"
        assert page.locator("#chart svg .mark-rect.role-mark path").count() >= 1
        shot(page, "sample-dyad")
        assert page.problems == []
