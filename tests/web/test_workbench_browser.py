"""The workbench views in a real browser (Debian's Chromium through Playwright): the dyads heat map, the dyad
page's time axis and filters, and downloads that equal the tables on screen."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hubdata import build_store, gulf_analyses, sample_analyses, serving, shot

from dyad.store.transfer import layout_columns

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def gulf_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = build_store(tmp_path_factory.mktemp("gulf") / "gulf.duckdb", [*sample_analyses(), *gulf_analyses()])
    with serving(store) as base:
        yield base


def _table(page: Any, selector: str) -> tuple[list[str], list[list[str]]]:
    header = [t.strip() for t in page.locator(f"{selector} thead th").all_inner_texts()]
    rows = [[c.strip() for c in row.locator("td").all_inner_texts()] for row in page.locator(f"{selector} tbody tr").all()]
    return header, rows


def _download(page: Any, link: str) -> list[dict[str, str]]:
    """The file behind a download link, fetched the way the browser would (same origin, same URL)."""
    with page.expect_download() as info:
        page.click(link)
    return list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))


def test_dyads_heat_map_renders_cells_that_open_their_dyad(page: Any, gulf_server: str) -> None:
    page.goto(gulf_server + "/dyads")
    page.wait_for_selector("#matrix[data-rendered]", timeout=15_000)
    assert page.get_attribute("#matrix", "data-rendered") == "chart"
    cells = page.locator("#matrix svg .mark-rect.role-mark path")
    assert cells.count() == 6  # IRN–PAK, IRN–SAU, PAK–SAU, each both ways round
    labels = page.locator("#matrix svg .mark-text.role-mark text").all_text_contents()
    assert sorted(labels) == ["2", "2", "4", "4", "7", "7"]
    _, rows = _table(page, "table.pairs")
    assert [r[:3] for r in rows] == [["IRN", "PAK", "7"], ["IRN", "SAU", "4"], ["PAK", "SAU", "2"]]
    header, changes = _table(page, "table.changes")
    assert changes[0][:2] == ["IRN", "SAU"] and changes[0][header.index("change")] == "2.0"
    shot(page, "dyads")
    box = cells.first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/dyad/**", timeout=10_000)
    assert "/dyad/" in page.url and "modality=asserted" in page.url
    assert page.problems == []


def test_dyads_download_equals_the_table(page: Any, gulf_server: str) -> None:
    page.goto(gulf_server + "/dyads?since=2024")
    header, rows = _table(page, "table.pairs")
    downloaded = _download(page, "table.pairs ~ p.downloads a.download-csv")
    assert [[r[h] for h in header] for r in downloaded] == rows
    assert page.problems == []


def test_dyad_page_draws_a_time_axis_with_empty_periods(page: Any, gulf_server: str) -> None:
    page.goto(gulf_server + "/dyad/IRN/SAU")
    page.wait_for_selector("#chart[data-rendered]", timeout=15_000)
    assert page.get_attribute("#chart", "data-periods") == "14"  # March 2024 to April 2025, every month
    points = page.locator("#chart svg .mark-symbol.role-mark path")
    assert points.count() == 14  # the Goldstein line has a point (zero) in every empty month
    xs = [points.nth(i).bounding_box()["x"] for i in range(points.count())]
    steps = [b - a for a, b in pairwise(xs)]
    assert max(steps) - min(steps) < 0.15 * max(steps)  # months evenly spaced on a time scale
    heights = [b["height"] for b in (p.bounding_box() for p in page.locator("#chart svg .mark-rect.role-mark path").all())]
    assert sum(1 for h in heights if h > 10) == 3  # March 2024: verbal conflict; April 2025: two cooperations
    assert "Mar 2024" in (page.locator("#chart svg").text_content() or "")
    shot(page, "dyad-time-axis")
    page.select_option("select[name=quad_class]", "3")
    page.get_by_role("button", name="apply").click()
    page.wait_for_selector("#chart[data-rendered]", timeout=15_000)
    assert "quad_class=3" in page.url  # the view is a shareable URL
    assert page.locator("table.events tbody tr").count() == 2
    assert page.problems == []


def test_dyad_events_download_equals_the_table(page: Any, gulf_server: str) -> None:
    page.goto(gulf_server + "/dyad/IRN/PAK?direction=a-to-b")
    header, rows = _table(page, "table.events")
    downloaded = _download(page, "table.events ~ p.downloads a.download-csv")
    # the evidence cell also links its article; the download has the title in its own column
    shown = [[cell.removesuffix(" " + r["title"]) if h == "evidence" else cell for h, cell in zip(header, row,
              strict=True)] for row, r in zip(rows, downloaded, strict=True)]
    assert [[r[h.replace(" ", "_")] for h in header] for r in downloaded] == shown
    assert len(rows) == 4
    for layout in ("polecat", "icews", "gdelt"):  # the same rows in each export layout, in the table's order
        column = {source: name for name, source in layout_columns(layout) if source}
        exported = _download(page, f"table.events ~ p.downloads a.download-{layout}-csv")
        assert [r[column["event_id"]] for r in exported] == [f"{r['doc']}:{r['event']}" for r in downloaded]
        cells = [{h: cell for h, cell in zip(header, row, strict=True)} for row in shown]
        assert [(r[column["type"]], r[column["mode"]], r[column["modality"]], float(r[column["goldstein"]]),
                 r[column["sentence"]]) for r in exported] == [
            (c["type"], c["mode"], c["modality"], float(c["goldstein"]), c["evidence"]) for c in cells]
    assert page.problems == []


def test_network_draws_countries_and_coloured_edges_that_open_their_dyad(page: Any, gulf_server: str) -> None:
    page.goto(gulf_server + "/network")
    page.wait_for_selector("#network[data-rendered]", timeout=15_000)
    assert page.get_attribute("#network", "data-rendered") == "chart"
    assert sorted(page.locator("#network svg .mark-text.role-mark text").all_text_contents()) == ["IRN", "PAK", "SAU"]
    edges = page.locator("#network svg .mark-path.role-mark path")
    assert edges.count() == 3
    colours = {edges.nth(i).get_attribute("stroke") for i in range(3)}
    assert len(colours) == 3  # IRN–PAK mixed, IRN–SAU balanced, PAK–SAU all cooperation
    shot(page, "network")
    frame = page.locator("#network svg").bounding_box()
    for node in page.locator("#network svg .mark-symbol.role-mark path").all():
        box = node.bounding_box()
        assert box["width"] > 10
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]  # inside the frame
        assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"]
    edges.first.dispatch_event("click")
    page.wait_for_url("**/dyad/**", timeout=10_000)
    assert page.problems == []


def test_map_shades_countries_and_marks_places_offline(page: Any, gulf_server: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(gulf_server + "/map")
    page.wait_for_selector("#map[data-rendered]", timeout=20_000)
    assert page.get_attribute("#map", "data-rendered") == "chart"
    shapes = page.locator("#map svg .mark-shape.role-mark path")
    assert shapes.count() > 150  # every country of Natural Earth 1:110m
    fills = [shapes.nth(i).get_attribute("fill") for i in range(shapes.count())]
    assert len({f for f in fills if f != "#e3e6ea"}) >= 3  # IRN, PAK, SAU (and CHN, the place) in their shades
    beijing = page.locator("#map svg .mark-symbol.role-mark path")
    assert beijing.count() == 1
    dot, world = beijing.bounding_box(), page.locator("#map svg").bounding_box()
    assert 0.7 < (dot["x"] - world["x"]) / world["width"] < 0.9  # east of the middle, where China is
    assert 0.1 < (dot["y"] - world["y"]) / world["height"] < 0.45  # well north of the equator
    _, rows = _table(page, "table.countries")
    assert [r[:2] for r in rows[:3]] == [["IRN", "11"], ["PAK", "9"], ["SAU", "6"]]
    downloaded = _download(page, "table.countries ~ p.downloads a.download-csv")
    assert [list(r.values()) for r in downloaded] == rows
    assert all(url.startswith(gulf_server) for url in requests)  # nothing from the network: drawn offline
    shot(page, "map")
    assert page.problems == []


def test_dyad_page_compares_two_dyads(page: Any, gulf_server: str) -> None:
    page.goto(gulf_server + "/dyad/IRN/PAK?compare=IRN/SAU&by=year")
    page.wait_for_selector("#chart-compare[data-rendered]", timeout=15_000)
    page.wait_for_selector("#chart[data-rendered]", timeout=15_000)
    assert page.get_attribute("#chart", "data-periods") == "1"  # IRN–PAK: 2025
    assert page.get_attribute("#chart-compare", "data-periods") == "2"  # IRN–SAU: 2024 and 2025
    assert page.locator("section.compare h2 a[href='/dyad/IRN/SAU']").count() == 1
    assert page.input_value("input[name=compare]") == "IRN/SAU"
    shot(page, "dyad-compare")
    assert page.problems == []
