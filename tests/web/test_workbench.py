"""The analyst's workbench through TestClient: the dyads overview, the dyad page's filters, downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hubdata import IRN, PAK, build_store, gulf_analyses, sample_analyses
from typer.testing import CliRunner

from dyad.cli import app as cli
from dyad.model import ActorRef, Analysis, Event, Evidence
from dyad.web.app import create_app


@pytest.fixture(scope="module")
def gulf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("gulf") / "gulf.duckdb", [*sample_analyses(), *gulf_analyses()])


@pytest.fixture(scope="module")
def client(gulf: Path) -> Iterator[TestClient]:
    app = create_app(gulf)
    yield TestClient(app)
    app.state.hub.close()


def _csv(response: object) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text)))  # type: ignore[attr-defined]


def test_pairs_are_ranked_by_events_with_their_balance(client: TestClient) -> None:
    items = client.get("/api/dyads").json()["items"]
    assert [(p["a"], p["b"], p["events"]) for p in items] == [("IRN", "PAK", 7), ("IRN", "SAU", 4), ("PAK", "SAU", 2)]
    irn_sau = items[1]
    assert (irn_sau["cooperation"], irn_sau["conflict"], irn_sau["balance"], irn_sau["goldstein"]) == (2, 2, 0.0, 4.0)
    year = client.get("/api/dyads", params={"since": "2024", "until": "2024"}).json()["items"]
    assert [(p["a"], p["b"], p["balance"]) for p in year] == [("IRN", "SAU", -1.0), ("PAK", "SAU", 1.0)]
    planned = client.get("/api/dyads", params={"modality": "planned"}).json()["items"]
    assert [(p["a"], p["b"], p["events"]) for p in planned] == [("IRN", "PAK", 1)]


def test_changes_compare_the_last_year_with_the_one_before_by_default(client: TestClient) -> None:
    items = client.get("/api/dyads/changes").json()["items"]
    assert [(c["a"], c["b"], c["balance_before"], c["balance"], c["change"]) for c in items] == [
        ("IRN", "SAU", -1.0, 1.0, 2.0), ("PAK", "SAU", 1.0, 1.0, 0.0)]  # IRN–PAK has no 2024 events
    asked = client.get("/api/dyads/changes", params={"since": "2025-07", "until": "2025-08",
                                                     "before_since": "2025-05", "before_until": "2025-06"}).json()
    assert [(c["a"], c["b"], c["events_before"], c["events"]) for c in asked["items"]] == [("IRN", "PAK", 3, 4)]
    assert client.get("/api/dyads/changes", params={"before_since": "2025-13"}).status_code == 400


def test_overview_page_links_every_pair_to_its_dyad_page(client: TestClient) -> None:
    html = client.get("/dyads", params={"since": "2024"}).text
    for pair in ("IRN/PAK", "IRN/SAU", "PAK/SAU"):
        assert f'href="/dyad/{pair}?modality=asserted&amp;since=2024"' in html
    data = json.loads(html.split('id="matrix-data">')[1].split("</script>")[0])
    assert len(data["cells"]) == 6  # three pairs, each both ways round
    assert "Largest change in balance" in html and ">2.0<" in html


def test_dyad_filters_keep_events_with_a_matching_report(client: TestClient) -> None:
    def totals(**params: str) -> tuple[int, int]:
        body = client.get("/api/dyads/IRN/PAK", params=params).json()
        return sum(row["events"] for row in body["timeline"]), body["events"]["total"]

    assert totals() == (7, 7)
    assert totals(quad_class="material conflict") == (1, 1)
    assert totals(type="accuse") == (2, 2)
    assert totals(sector="GOV") == (7, 7) and totals(sector="MIL") == (0, 0)
    assert totals(site="example.org") == (7, 7) and totals(site="other.org") == (0, 0)
    assert totals(confidence="0.9") == (7, 7) and totals(confidence="0.95") == (0, 0)
    assert client.get("/api/dyads/IRN/PAK", params={"quad_class": "9"}).status_code == 400
    page = client.get("/dyad/IRN/PAK", params={"quad_class": "4"}).text
    assert page.count('<tr id="ev-') == 1 and '<option value="4" selected>' in page


def test_downloads_hold_exactly_the_rows_of_the_list(client: TestClient) -> None:
    shown = client.get("/api/events", params={"country": "SAU", "limit": 3, "offset": 1}).json()["items"]
    rows = _csv(client.get("/api/events", params={"country": "SAU", "limit": 3, "offset": 1, "download": "csv"}))
    assert [(r["doc"], r["event"], r["type"], r["evidence"]) for r in rows] == [
        (e["doc"], str(e["event"]), e["type"], e["sentence"]) for e in shown]
    as_json = client.get("/api/events", params={"country": "SAU", "limit": 3, "offset": 1, "download": "json"})
    assert as_json.headers["content-disposition"] == 'attachment; filename="events.json"'
    assert [{k: v for k, v in r.items()} for r in rows] == as_json.json()
    pairs = _csv(client.get("/api/dyads", params={"download": "csv"}))
    assert [(p["a"], p["b"], p["events"]) for p in pairs] == [("IRN", "PAK", "7"), ("IRN", "SAU", "4"),
                                                               ("PAK", "SAU", "2")]
    timeline = _csv(client.get("/api/dyads/IRN/SAU", params={"by": "year", "part": "timeline", "download": "csv"}))
    assert [(t["period"], t["verbal_conflict"], t["material_cooperation"]) for t in timeline] == [
        ("2024", "2", "0"), ("2025", "0", "1")]


def test_pages_link_downloads_of_what_they_show(client: TestClient) -> None:
    html = client.get("/dyad/IRN/PAK", params={"type": "ACCUSE", "offset": 0}).text
    assert 'href="/api/dyads/IRN/PAK?type=ACCUSE&amp;offset=0&amp;limit=50&amp;download=csv"' in html
    assert 'href="/api/dyads/IRN/PAK?type=ACCUSE&amp;offset=0&amp;limit=50&amp;part=timeline&amp;download=csv"' in html
    for layout in ("polecat", "icews", "gdelt"):
        for fmt in ("csv", "json"):
            assert (f'href="/api/dyads/IRN/PAK?type=ACCUSE&amp;offset=0&amp;limit=50&amp;layout={layout}&amp;'
                    f'download={fmt}"') in html


def _exported(store: Path, out: Path, layout: str, fmt: str) -> str:
    """What `dyad export --layout LAYOUT --format FMT` writes for the whole store."""
    result = CliRunner().invoke(cli, ["export", "--out", str(out), "--format", fmt, "--layout", layout,
                                      "--db", str(store)])
    assert result.exit_code == 0, result.output
    return (out / f"{layout}.{fmt}").read_text("utf-8")


_EVENT_ID = {"polecat": "Event ID", "icews": "Event ID", "gdelt": "GLOBALEVENTID"}


@pytest.mark.parametrize("layout", ["polecat", "icews", "gdelt"])
def test_event_downloads_in_a_layout_equal_the_export_of_the_same_events(
        client: TestClient, gulf: Path, tmp_path: Path, layout: str) -> None:
    lists = {"/api/events": {"country": "SAU", "limit": "3", "offset": "1"},
             "/api/dyads/IRN/PAK": {"type": "ACCUSE", "direction": "a-to-b", "limit": "2"}}
    exported_csv = list(csv.reader(io.StringIO(_exported(gulf, tmp_path / "csv", layout, "csv"))))
    header, column = exported_csv[0], exported_csv[0].index(_EVENT_ID[layout])
    csv_by_id = {row[column]: row for row in exported_csv[1:]}
    jsonl = _exported(gulf, tmp_path / "jsonl", layout, "jsonl").splitlines()
    json_by_id = {record[_EVENT_ID[layout]]: record for record in map(json.loads, jsonl)}
    for path, params in lists.items():
        shown = _csv(client.get(path, params={**params, "download": "csv"}))
        ids = [f"{row['doc']}:{row['event']}" for row in shown]
        assert ids, path
        as_csv = client.get(path, params={**params, "layout": layout, "download": "csv"})
        assert as_csv.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(as_csv.text)))
        assert rows == [header, *(csv_by_id[i] for i in ids)]
        as_json = client.get(path, params={**params, "layout": layout, "download": "json"})
        assert as_json.json() == [json_by_id[i] for i in ids]


def test_an_unknown_download_layout_is_refused(client: TestClient) -> None:
    refused = client.get("/api/events", params={"layout": "cameo", "download": "csv"})
    assert refused.status_code == 422 and "layout" in refused.json()["error"]


def test_coordinated_actors_are_shown_once(tmp_path: Path) -> None:
    from dyad.web.downloads import side_text

    assert side_text(["Sharif and Zardari", "Sharif and Zardari", "Iran"], ["PAK", "PAK", "IRN"]) == \
        "Sharif and Zardari (PAK), Iran (IRN)"
    pair = "Prime Minister Shehbaz Sharif and President Asif Ali Zardari"
    sentence = f"{pair} met Iran in Islamabad."
    coordinated = [ActorRef("dyad:PAK:Sharif", pair, "PAK", "GOV"), ActorRef("dyad:PAK:Zardari", pair, "PAK", "GOV")]
    base = sample_analyses()[0]
    event = Event(type="CONSULT", evidence=Evidence(sentence, 0, len(sentence), "met", len(pair) + 1, len(pair) + 4),
                  source=coordinated, target=[IRN], modality="asserted", date="2025-05-10", date_precision="day",
                  quad_class=1, goldstein=1.0, confidence=0.9)
    analysis = Analysis(document=base.document, actors=base.actors, events=[event], figures=[], pipeline="test",
                        mentions=[])
    app = create_app(build_store(tmp_path / "coordinated.duckdb", [analysis]))
    html = TestClient(app).get("/dyad/IRN/PAK").text
    app.state.hub.close()
    assert html.count(f"{pair} (PAK)") == 1
    assert PAK.country == "PAK"


def test_map_counts_countries_as_source_target_or_place(client: TestClient) -> None:
    body = client.get("/api/map").json()
    assert [(c["country"], c["events"], c["as_place"]) for c in body["countries"]] == [
        ("IRN", 11, 0), ("PAK", 9, 0), ("SAU", 6, 0), ("CHN", 1, 1)]
    assert body["places"] == [{"place": "Beijing", "country": "CHN", "lat": 39.9042, "lon": 116.4074, "reports": 1}]
    assert client.get("/api/map", params={"since": "2025-06"}).json()["places"] == []
    rows = _csv(client.get("/api/map", params={"part": "places", "download": "csv"}))
    assert rows == [{"place": "Beijing", "country": "CHN", "lat": "39.9042", "lon": "116.4074", "reports": "1"}]
    html = client.get("/map").text
    data = json.loads(html.split('id="map-data">')[1].split("</script>")[0])
    assert data["iso"]["364"] == "IRN" and data["atlas"] == "/static/vendor/world-countries-110m.json"


def test_dyad_page_draws_a_compared_pair_with_the_same_filters(client: TestClient) -> None:
    html = client.get("/dyad/IRN/PAK", params={"compare": "Iran/Saudi Arabia", "by": "year", "type": "ACCUSE"}).text
    compared = json.loads(html.split('id="chart-compare-data">')[1].split("</script>")[0])
    assert [(r["period"], r["events"]) for r in compared["timeline"]] == [("2024", 2)]  # the accusations only
    assert client.get("/dyad/IRN/PAK", params={"compare": "IRN"}).status_code == 400
    assert client.get("/dyad/IRN/PAK", params={"compare": "IRN/Atlantis"}).status_code == 404


def test_actor_events_are_paged_with_their_totals(client: TestClient) -> None:
    profile = client.get("/api/actors/dyad:IRN:GOV", params={"limit": 2, "source_offset": 4}).json()
    assert (profile["n_as_source"], profile["n_as_target"]) == (7, 5)
    assert len(profile["as_source"]) == 2 and len(profile["as_target"]) == 2
    everything = client.get("/api/actors/dyad:IRN:GOV", params={"limit": 50}).json()["as_source"]
    assert [e["sentence"] for e in profile["as_source"]] == [e["sentence"] for e in everything[4:6]]
    html = client.get("/actor/dyad:IRN:GOV").text
    assert "As source <small>7</small>" in html and "As target <small>5</small>" in html


def test_overview_views_name_every_modality_asked(client: TestClient) -> None:
    for view in ("/dyads", "/network", "/map"):
        html = client.get(view, params={"modality": ["asserted", "planned"]}).text
        assert "asserted, planned events" in html.lower(), view


def _links(html: str, kind: str) -> list[str]:
    """The hrefs of a page's ``download-<kind>`` links, unescaped."""
    return [h.replace("&amp;", "&") for h in re.findall(rf'class="download-{kind}" href="([^"]+)"', html)]


@pytest.mark.parametrize(("page", "lists"), [
    ("/", 1), ("/search?q=Saudi", 1), ("/actor/dyad:SAU:GOV", 2), ("/dyads", 2), ("/network", 1), ("/map", 2),
    ("/dyad/IRN/SAU?since=2024", 1)])
def test_every_list_on_a_page_has_a_csv_and_a_json_download(client: TestClient, page: str, lists: int) -> None:
    html = client.get(page).text
    csv_links, json_links = _links(html, "csv"), _links(html, "json")
    assert len(csv_links) == len(json_links) == lists
    for csv_link, json_link in zip(csv_links, json_links, strict=True):
        rows, records = _csv(client.get(csv_link)), client.get(json_link).json()
        assert rows and len(rows) == len(records), csv_link


def test_new_lists_download_the_rows_they_show(client: TestClient) -> None:
    recent = client.get("/api/documents", params={"limit": 2, "offset": 1}).json()["items"]
    assert [r["doc"] for r in _csv(client.get("/api/documents", params={"limit": 2, "offset": 1,
                                                                        "download": "csv"}))] == [
        d["doc"] for d in recent]
    found = _csv(client.get("/api/search", params={"q": "Saudi aided", "download": "csv"}))
    assert [r["title"] for r in found] == ["Saudi aid reaches Pakistan", "Tehran and Riyadh restore ties"]
    assert found[0]["evidence"] == "AID · asserted Saudi Arabia aided Pakistan after the floods."
    profile = client.get("/api/actors/dyad:SAU:GOV", params={"limit": 2}).json()
    as_target = _csv(client.get("/api/actors/dyad:SAU:GOV", params={"limit": 2, "part": "as_target",
                                                                    "download": "csv"}))
    assert [(r["doc"], r["event"]) for r in as_target] == [(e["doc"], str(e["event"])) for e in profile["as_target"]]
    doc = recent[0]["doc"]
    article = client.get(f"/article/{doc}").text
    assert f'href="/api/documents/{doc}?part=events&amp;layout=icews&amp;download=csv"' in article
    events = client.get(f"/api/documents/{doc}", params={"part": "events", "download": "json"}).json()
    assert [e["event"] for e in events] == [str(e["event"]) for e in client.get(f"/api/documents/{doc}").json()["events"]]
