"""Scraped text stays inert in a real browser: script, onerror and javascript: payloads never run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from hubdata import TOKEN, XSS, XSS_URL, build_store, sample_analyses, serving, shot

from dyad.model import Teaser

pytestmark = pytest.mark.browser

# A page whose title, headline, body and links carry payloads; every one would set window.__xss if it ran.
HOSTILE_PAGE = """<!doctype html><html><head><title>Talks <script>window.__xss=10</script></title>
<meta property="og:title" content="Iran and Pakistan &lt;img src=x onerror=window.__xss=11&gt; talks">
<meta name="date" content="2025-08-02"></head><body><article>
<h1>Iran and Pakistan &lt;img src=x onerror="window.__xss=12"&gt; hold talks</h1>
<p>Iranian President Masoud Pezeshkian met Prime Minister Shehbaz Sharif in Islamabad on August 3, 2025, and the
two leaders agreed to expand border trade. &lt;script&gt;window.__xss=13;alert(13)&lt;/script&gt; The ministers said
the talks were productive.</p>
<p>Pakistan accused Iran of harbouring militants &lt;img src=x onerror="window.__xss=14"&gt; near the border,
officials said on Monday. <a href="javascript:window.__xss=15">click</a></p>
<p>Iran rejected the claims &lt;svg onload="window.__xss=16"&gt; and called for calm between the two neighbours.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A hub over the sample plus the hostile page analysed by the real pipeline, with hostile teasers."""
    from dyad.api import analyse

    analysis = analyse(HOSTILE_PAGE, origin=XSS_URL)
    analysis.document.teasers = [Teaser(f"Teaser {XSS}", f"Summary {XSS}", XSS_URL),
                                 Teaser("Plain teaser", "", "https://example.org/plain")]
    store = build_store(tmp_path_factory.mktemp("hostile") / "hostile.duckdb", [*sample_analyses(), analysis])
    with serving(store, TOKEN) as base:
        yield base


def _assert_inert(page: Any) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.dialogs == []
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert page.locator("#article-text script, #article-text img, #article-text svg, li.doc img").count() == 0


def test_payloads_do_not_run_on_any_page(page: Any, hostile: str) -> None:
    import httpx

    docs = httpx.get(hostile + "/api/documents", params={"limit": 100}).json()["items"]
    targets = [d["doc"] for d in docs if "xss" in (d["title"] or "") + d["summary"]]
    assert len(targets) == 2
    urls = ["/", "/search?q=xss", "/dyad/IRN/PAK", "/actor/dyad:IRN:GOV", *[f"/article/{doc}" for doc in targets]]
    for url in urls:
        page.goto(hostile + url)
        page.wait_for_load_state("load")
        for mark in page.locator("#article-text mark.evidence").all():
            mark.hover()
            mark.click()
        _assert_inert(page)
        assert "window.__xss" in page.locator("main").inner_text(), f"{url}: the payload should show as text"
    analysed = next(doc for doc in targets if len(httpx.get(f"{hostile}/api/documents/{doc}").json()["teasers"]) == 2)
    page.goto(hostile + f"/article/{analysed}")
    teasers = page.locator("section.teasers").inner_text()
    assert "Teaser <script>window.__xss=1</script>" in teasers
    assert page.locator("section.teasers a").count() == 1  # only the https teaser became a link
    shot(page, "security-article")
    _assert_inert(page)


def test_analyse_page_keeps_pasted_payloads_inert(page: Any, hostile: str) -> None:
    page.goto(hostile + "/analyse")
    page.fill("textarea[name=text]", HOSTILE_PAGE)
    page.get_by_role("button", name="analyse").click()
    page.wait_for_selector("strong.unsaved")
    _assert_inert(page)
    assert "window.__xss=13" in page.locator("#article-text").inner_text()
    shot(page, "security-analyse")


def test_storing_from_the_page_needs_the_token(page: Any, hostile: str) -> None:
    page.goto(hostile + "/analyse")
    page.fill("textarea[name=text]", "Iran and Pakistan held talks on trade in Tehran on Sunday.")
    page.check("input[name=save]")
    page.fill("input[name=token]", "wrong")
    page.get_by_role("button", name="analyse").click()
    assert "valid write token" in page.locator("p.error").inner_text()
    page.goto(hostile + "/analyse")
    page.fill("textarea[name=text]", "Iran and Pakistan held talks on trade in Tehran on Sunday.")
    page.check("input[name=save]")
    page.fill("input[name=token]", TOKEN)
    page.get_by_role("button", name="analyse").click()
    page.wait_for_selector("#article-text")
    assert page.locator("strong.unsaved").count() == 0
    page.goto(hostile + "/")
    assert page.locator("li.doc p.summary", has_text="held talks on trade in Tehran").count() == 1


def test_workbench_views_keep_payloads_inert(page: Any, hostile: str) -> None:
    """The overview draws only codes and numbers; filter values typed into a URL come back as text."""
    page.goto(hostile + "/dyads")
    page.wait_for_selector("#matrix[data-rendered=chart]", timeout=15_000)
    _assert_inert(page)
    payload = '"><script>window.__xss=20</script><img src=x onerror="window.__xss=21">'
    page.goto(hostile + "/dyad/IRN/PAK?" + urlencode({"site": payload, "sector": "GOV"}))
    page.wait_for_selector("#chart[data-rendered]", timeout=15_000)
    _assert_inert(page)
    assert page.input_value("input[name=site]") == payload
    assert page.locator("a.download-timeline-csv").get_attribute("href").endswith("download=csv")
    shot(page, "security-dyad-filters")
