"""The one filter model: validation with hints, coarse-date overlap, and the same answer from CLI, API and Python."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import dyad
from dyad.cli import app as cli
from dyad.filters import (
    EventFilter,
    FilterError,
    check_date,
    check_event_type,
    check_limit,
    check_modalities,
    overlaps,
)
from dyad.model import ActorRef, Analysis, Document, Event, Evidence
from dyad.store import analysis_to_rows
from dyad.stores import Store
from dyad.web.app import create_app


def test_types_and_modalities_follow_the_ontology_with_hints() -> None:
    assert check_event_type("assault") == "ASSAULT"
    with pytest.raises(FilterError, match="did you mean ASSAULT"):
        check_event_type("ASSALT")
    assert check_modalities(["planned", "asserted", "planned"]) == ("asserted", "planned")
    assert check_modalities("all") == dyad.MODALITIES and check_modalities(None) == ()
    with pytest.raises(FilterError, match="did you mean negated"):
        check_modalities("negatd")


@pytest.mark.parametrize("good", ["2025", "2025-08", "2025-08-02", "2024-02-29"])
def test_dates_of_year_month_or_day_precision_pass(good: str) -> None:
    assert check_date(good) == good


@pytest.mark.parametrize("bad", ["2019-13", "yesterday", "2023-02-29", "2025-8", "25", "2025-08-02T10:00", ""])
def test_other_dates_are_clear_errors(bad: str) -> None:
    with pytest.raises(FilterError, match="must be a date as YYYY, YYYY-MM or YYYY-MM-DD"):
        check_date(bad, "since")


def test_coarse_dates_overlap_finer_bounds() -> None:
    assert overlaps("2025", "2025-01", None) and overlaps("2025", None, "2025-01")
    assert overlaps("2025-01-31", None, "2025-01") and overlaps("2025-01", "2025-01-15", None)
    assert not overlaps("2024-12-31", "2025", None) and not overlaps("2025-02", None, "2025-01-31")
    assert overlaps(None, None, None) and not overlaps(None, "2025", None)


def test_parse_checks_everything_at_once() -> None:
    parsed = EventFilter.parse(country="Syrian", type="agree", modality="Planned", since="2018-12", until="2018-12")
    assert parsed == EventFilter(country="SYR", type="AGREE", modalities=("planned",), since="2018-12", until="2018-12")
    with pytest.raises(FilterError, match="since 2019 is after until 2018-12"):
        EventFilter.parse(since="2019", until="2018-12")
    assert check_limit(None) is None and check_limit(5) == 5
    with pytest.raises(FilterError, match="limit"):
        check_limit(0)


def _store(path: Path) -> Path:
    """Three Syria–Turkey reports: dated by day, by month, and by year only."""
    analyses = []
    for i, when in enumerate(("2025-01-10", "2025-01", "2025")):
        sentence = f"Turkey accused Syria of shelling ({i})."
        refs = ActorRef("dyad:TUR", "Turkey", "TUR"), ActorRef("dyad:SYR", "Syria", "SYR")
        analyses.append(Analysis(
            document=Document(id="", origin=f"https://a.example/{i}", text=sentence, published="2025-03-01"),
            events=[Event("ACCUSE", Evidence(sentence, 0, len(sentence)), source=[refs[0]], target=[refs[1]],
                          date=when, date_precision={10: "day", 7: "month", 4: "year"}[len(when)], quad_class=3,
                          goldstein=-2.0)], pipeline="dyad test"))
    with Store(path) as store:
        store.write_batch(store.begin_run("test", []), [analysis_to_rows(a) for a in analyses])
        store.recluster()
    return path


@pytest.mark.parametrize(("filters", "expected"), [
    ({"country": "Syria", "since": "2025-01"}, 3),
    ({"country": "syrian", "until": "2025-01-05"}, 2),  # the month and the year may hold the 5th
    ({"country": "TR", "since": "2025-01-11"}, 2),
    ({"country": "Turkey", "type": "accuse", "until": "2024"}, 0),
])
def test_the_same_filter_gives_the_same_rows_everywhere(tmp_path: Path, filters: dict[str, str],
                                                        expected: int) -> None:
    db = _store(tmp_path / "dyad.duckdb")
    with dyad.open(db) as store:
        python = len(store.events(**filters))
    options = [part for key, value in filters.items() for part in (f"--{key}", value)]
    cli_rows = json.loads(CliRunner().invoke(cli, ["events", "--db", str(db), "-f", "json", *options]).stdout)
    hub = create_app(db)
    try:
        api = TestClient(hub).get("/api/events", params=filters).json()["total"]
    finally:
        hub.state.hub.close()
    assert python == len(cli_rows) == api == expected


@pytest.mark.parametrize("filters", [{"country": "Sirya"}, {"type": "ASSALT"}, {"since": "2019-13"},
                                     {"until": "yesterday"}, {"modality": "planed"}])
def test_the_same_bad_filter_gives_the_same_message_everywhere(tmp_path: Path, filters: dict[str, str]) -> None:
    db = _store(tmp_path / "dyad.duckdb")
    with dyad.open(db) as store, pytest.raises(FilterError) as python:
        store.events(**filters)
    options = [part for key, value in filters.items() for part in (f"--{key}", value)]
    result = CliRunner().invoke(cli, ["events", "--db", str(db), *options])
    hub = create_app(db)
    try:
        response = TestClient(hub).get("/api/events", params=filters)
    finally:
        hub.state.hub.close()
    assert result.exit_code == 2 and response.status_code == 400
    assert str(python.value) in " ".join(result.stderr.split()) and response.json()["error"] == str(python.value)


def test_quad_class_sector_site_and_confidence_are_checked() -> None:
    parsed = EventFilter.parse(quad_class="Material Conflict", sector="gov", site="example.org", min_confidence="0.5")
    assert (parsed.quad_class, parsed.sector, parsed.site, parsed.min_confidence) == (4, "GOV", "example.org", 0.5)
    assert EventFilter.parse(quad_class="2").quad_class == 2
    assert parsed.narrows_reports and not EventFilter.parse(since="2025", modality="planned").narrows_reports
    with pytest.raises(FilterError, match="did you mean material conflict"):
        EventFilter.parse(quad_class="materal conflict")
    with pytest.raises(FilterError, match="three-letter code"):
        EventFilter.parse(sector="government")
    with pytest.raises(FilterError, match="from 0 to 1"):
        EventFilter.parse(min_confidence="1.5")
    with pytest.raises(FilterError, match="from 0 to 1"):
        EventFilter.parse(min_confidence="high")


def test_an_actor_on_one_side_or_either(tmp_path: Path) -> None:
    db = _store(tmp_path / "dyad.duckdb")
    with dyad.open(db) as store:
        def matching(filters: EventFilter) -> int:
            where, params = filters.where()
            return int(store.con.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0])

        assert matching(EventFilter(actor="dyad:TUR")) == matching(EventFilter(actor="dyad:SYR")) == 3
        assert matching(EventFilter(actor="dyad:TUR", actor_side="source")) == 3
        assert matching(EventFilter(actor="dyad:TUR", actor_side="target")) == 0
        assert matching(EventFilter(actor="dyad:SYR", actor_side="target")) == 3
