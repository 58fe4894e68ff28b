"""Dyad timelines over a store built from hand-built analyses (no dependence on the analysis stages)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from shared_data import shared_path

from dyad.dyads.timeline import period_of, periods_between
from dyad.executors.local import ingest
from dyad.filters import FilterError
from dyad.model import ActorRef, Analysis, Document, Event, Evidence
from dyad.score import event_policy
from dyad.store import analysis_to_rows
from dyad.stores import Store
from dyad.web.downloads import COLUMNS
from dyad.web.models import TimelineRow

_NAMES = {"IRN": "Iran", "PAK": "Pakistan", "IND": "India"}
_PRECISION = {10: "day", 7: "month", 4: "year"}

Fact = tuple[str, list[str], list[str], str | None, int, float] | tuple[str, list[str], list[str], str | None, int,
                                                                       float, str]


def _report(origin: str, published: str | None, facts: list[Fact]) -> Analysis:
    """One article; each fact is (type, source, target, date, quad class, goldstein[, modality])."""
    sentences = [f"{' and '.join(_NAMES[c] for c in s)} {kind.lower()} {' '.join(_NAMES[c] for c in t)} ({origin})."
                 for kind, s, t, *_ in facts]
    text = " ".join(sentences)
    events, start = [], 0
    for sentence, (kind, source, target, when, quad, goldstein, *modality) in zip(sentences, facts, strict=True):
        events.append(Event(type=kind, evidence=Evidence(sentence, start, start + len(sentence)),
                            source=[ActorRef(f"dyad:{c}", _NAMES[c], c) for c in source],
                            target=[ActorRef(f"dyad:{c}", _NAMES[c], c) for c in target], date=when,
                            date_precision=_PRECISION.get(len(when or ""), "none"), quad_class=quad,
                            goldstein=goldstein, modality=modality[0] if modality else "asserted"))
        start += len(sentence) + 1
    return Analysis(document=Document(id="", origin=origin, text=text, published=published), events=events,
                    pipeline="dyad test")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    analyses = [
        _report("https://a.example/1", "2024-08-03", [("AGREE", ["IRN", "PAK"], [], "2024-08-03", 1, 3.0),
                                                      ("ASSAULT", ["IND"], ["PAK"], "2024-08-02", 4, -10.0)]),
        _report("https://b.example/2", "2024-08-04", [("AGREE", ["PAK", "IRN"], [], "2024-08-03", 1, 3.0)]),
        _report("https://c.example/3", "2024-09-10", [("ACCUSE", ["PAK"], ["IRN"], None, 3, -2.0),
                                                      ("AID", ["IRN"], ["PAK"], "2024-09", 2, 5.0)]),
        _report("https://d.example/4", "2025-01-02", [("CONSULT", ["IRN"], ["PAK"], "2025-01-01", 1, 1.0)]),
        _report("undated.txt", None, [("REJECT", ["PAK"], ["IRN"], None, 3, -4.0)]),
    ]
    opened = Store(tmp_path / "dyad.duckdb")
    opened.write_batch(opened.begin_run("test", []), [analysis_to_rows(a) for a in analyses])
    opened.recluster()
    yield opened
    opened.close()


def test_periods_use_the_event_date_when_precise_enough() -> None:
    assert period_of("2024-08-03", "2024-08-05", "day") == "2024-08-03"
    assert period_of("2024-08", "2024-09-01", "day") == "2024-09-01"
    assert period_of("2024-08", "2024-09-01", "month") == "2024-08"
    assert period_of("2024-08-03", None, "week") == "2024-W31"
    assert period_of(None, None, "year") is None


def test_periods_between_lists_every_period_of_a_range() -> None:
    assert list(periods_between("2024-11", "2025-02", "month")) == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert list(periods_between("2024-W52", "2025-W02", "week")) == ["2024-W52", "2025-W01", "2025-W02"]
    assert list(periods_between("2024-02-28", "2024-03-01", "day")) == ["2024-02-28", "2024-02-29", "2024-03-01"]
    assert list(periods_between("2023", "2025", "year")) == ["2023", "2024", "2025"]


def test_monthly_timeline_counts_events_once_with_their_reports(store: Store) -> None:
    rows = store.dyad("Iran", "pak", by="month").to_dict("records")
    assert [r["period"] for r in rows] == ["2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2025-01",
                                           "undated"]
    assert {r["modality"] for r in rows} == {"asserted"}
    assert rows[-1]["verbal_conflict"] == 1
    august = rows[0]
    assert (august["events"], august["reports"], august["verbal_cooperation"]) == (1, 2, 1)
    assert august["goldstein_sum"] == 3.0 and august["evidence"][0]["reports"] == 2
    september = rows[1]
    assert (september["material_cooperation"], september["verbal_conflict"], september["goldstein_sum"]) == (1, 1, 3.0)


def test_timeline_filters_by_dates_modality_and_pair(store: Store) -> None:
    yearly = store.dyad("IRN", "PAK", by="year", since="2024-09").to_dict("records")
    assert [(r["period"], r["events"]) for r in yearly] == [("2024", 2), ("2025", 1)]
    assert store.dyad("IR", "PK", until="2024-08").shape[0] == 1
    assert store.dyad("IRN", "PAK", modality="negated").empty
    india = store.dyad("Pakistan", "India", by="day").to_dict("records")
    assert [(r["period"], r["material_conflict"]) for r in india] == [("2024-08-02", 1)]
    with pytest.raises(FilterError, match="Atlantis"):
        store.dyad("Atlantis", "PAK")


def test_event_and_actor_queries(store: Store) -> None:
    events = store.events(country="IRN", since="2024-09")
    assert sorted(events["type"]) == ["ACCUSE", "AID", "CONSULT"]
    assert set(store.events(type="AGREE")["reports"]) == {2}
    assert store.clusters(min_reports=2)["type"].tolist() == ["AGREE"]


@pytest.fixture
def mixed(tmp_path: Path) -> Iterator[Store]:
    """Iran–Pakistan events of several modalities and directions, a repeated country, and coarse dates."""
    analyses = [
        _report("https://e.example/1", "2024-03-05", [("ACCUSE", ["IRN"], ["PAK"], "2024-03-04", 3, -2.0),
                                                      ("ASSAULT", ["IRN"], ["PAK"], "2024-03-05", 4, -10.0,
                                                       "hypothetical"),
                                                      ("AID", ["PAK"], ["IRN"], "2024-03-05", 2, 5.0),
                                                      ("CONSULT", ["IRN"], ["PAK"], "2024-06", 1, 1.0, "planned")]),
        _report("https://e.example/2", "2024-05-20", [("AGREE", ["IRN", "PAK"], [], "2024-05-19", 1, 3.0),
                                                      ("REJECT", ["IRN", "IRN"], ["PAK", "PAK"], "2024-05-18",
                                                       3, -4.0),
                                                      ("THREATEN", ["IRN"], ["IRN"], "2024-05-18", 3, -6.0)]),
        _report("https://e.example/3", "2025-02-01", [("SUPPORT", ["PAK"], ["IRN"], "2025", 1, 3.5)]),
    ]
    opened = Store(tmp_path / "mixed.duckdb")
    opened.write_batch(opened.begin_run("test", []), [analysis_to_rows(a) for a in analyses])
    opened.recluster()
    yield opened
    opened.close()


def _series(frame: object) -> list[tuple[str, str, int]]:
    return [(r["modality"], r["period"], r["events"]) for r in frame.to_dict("records")]  # type: ignore[attr-defined]


def test_timelines_count_asserted_events_unless_other_modalities_are_asked(mixed: Store) -> None:
    asserted = mixed.dyad("IRN", "PAK", since="2024-03", until="2024-06")
    assert _series(asserted) == [("asserted", "2024-03", 2), ("asserted", "2024-04", 0), ("asserted", "2024-05", 2),
                                 ("asserted", "2024-06", 0)]
    march = asserted.to_dict("records")[0]
    assert (march["verbal_conflict"], march["material_conflict"], march["material_cooperation"]) == (1, 0, 1)
    assert (march["goldstein_sum"], march["goldstein_mean"]) == (3.0, 1.5)
    both = mixed.dyad("IRN", "PAK", since="2024-03", until="2024-06", modality=["planned", "asserted"])
    assert [s for s in _series(both) if s[0] == "planned"] == [("planned", "2024-03", 0), ("planned", "2024-04", 0),
                                                                ("planned", "2024-05", 0), ("planned", "2024-06", 1)]
    everything = mixed.dyad("IRN", "PAK", by="year", until="2024", modality="all")
    assert {(m, n) for m, _, n in _series(everything)} == {("asserted", 4), ("planned", 1), ("hypothetical", 1),
                                                            ("expected", 0), ("proposed", 0), ("negated", 0)}
    with pytest.raises(FilterError, match="did you mean planned"):
        mixed.dyad("IRN", "PAK", modality="planed")


def test_timelines_are_directed_and_never_self_dyads(mixed: Store) -> None:
    def types(direction: str) -> list[str]:
        frame = mixed.dyad("Iran", "Pakistan", by="year", until="2024", direction=direction, top=10)
        return sorted(e["type"] for row in frame.to_dict("records") for e in row["evidence"])

    assert types("a-to-b") == ["ACCUSE", "AGREE", "REJECT"]  # the joint agreement goes both ways
    assert types("b-to-a") == ["AGREE", "AID"]
    assert types("both") == ["ACCUSE", "AGREE", "AID", "REJECT"]
    with pytest.raises(FilterError, match="two different countries"):
        mixed.dyad("Iran", "IRN")
    with pytest.raises(FilterError, match="direction"):
        mixed.dyad("IRN", "PAK", direction="sideways")


def test_repeated_countries_count_once_per_side(mixed: Store) -> None:
    rejects = mixed.events(type="REJECT")
    assert rejects["source_countries"].tolist()[0].tolist() == ["IRN"]
    assert rejects["target_countries"].tolist()[0].tolist() == ["PAK"]
    may = mixed.dyad("IRN", "PAK", since="2024-05", until="2024-05").to_dict("records")
    assert (may[0]["events"], may[0]["verbal_conflict"]) == (2, 1)  # the self-directed threat is no IRN–PAK event


def test_coarse_dates_overlap_finer_bounds(mixed: Store) -> None:
    assert mixed.events(since="2025-01")["type"].tolist() == ["SUPPORT"]  # dated just "2025"
    assert mixed.events(until="2025-01", since="2025-01")["type"].tolist() == ["SUPPORT"]
    assert mixed.dyad("IRN", "PAK", by="year", since="2025-01").to_dict("records")[0]["events"] == 1
    assert len(mixed.events(until="2024-03-04")) == 1


@pytest.mark.slow
def test_turkey_syria_december_2018_counts_asserted_events_by_default(tmp_path: Path) -> None:
    """Issue 14's case on five Guardian articles of December 2018 and January 2019: "Bolton's insistence that
    Turkey not attack Kurdish Syrian forces" is a negated attack and must not count among what happened."""
    frame = pd.read_csv(shared_path("corpora", "ngec-guardian", "Guardian_SDF_sample.csv"))
    corpus = tmp_path / "guardian.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for i in (55, 56, 66, 70, 76):
            out.write(json.dumps({"id": f"guardian-{i}", "text": frame.text[i], "date": frame.date[i],
                                  "url": f"https://www.theguardian.com/sample/{i}"}) + "\n")
    with Store(tmp_path / "dyad.duckdb") as store:
        ingest(store, [str(corpus)], workers=0)
        december = {"since": "2018-12", "until": "2018-12", "top": 100}
        default = store.dyad("TUR", "SYR", **december)
        asserted = store.dyad("Turkey", "Syria", modality="asserted", **december)
        every = store.dyad("TUR", "SYR", modality="all", **december)
        bolton = store.events(country="TUR", since="2018-12", until="2019-01")
    pd.testing.assert_frame_equal(default, asserted)
    assert set(default["modality"]) <= {"asserted"}
    by_modality = every.groupby("modality")["events"].sum().to_dict()
    assert by_modality.get("asserted", 0) == default["events"].sum()
    assert by_modality["negated"] > 0  # Bolton's "Turkey not attack": its own series, not among what happened
    assert every["events"].sum() > default["events"].sum()  # plans, denials and conditions are their own series
    insisted = bolton[bolton["sentence"].str.contains("insistence that Turkey")]
    assert len(insisted) > 0
    for modality in set(insisted["modality"]) - {"asserted"}:
        counted = {s for row in default["evidence"] for s in (e["sentence"] for e in row)}
        assert not counted & set(insisted[insisted["modality"] == modality]["sentence"]), modality


def test_report_filters_keep_events_with_a_matching_report(mixed: Store) -> None:
    from dyad.dyads.timeline import dyad_timeline
    from dyad.filters import EventFilter

    def counts(reports: EventFilter) -> list[int]:
        return [row["events"] for row in dyad_timeline(mixed.con, "IRN", "PAK", by="year", until="2024",
                                                       reports=reports)]

    assert counts(EventFilter()) == [4]
    assert counts(EventFilter.parse(quad_class="verbal conflict")) == [2]  # the accusation and the rejection
    assert counts(EventFilter.parse(type="AID")) == [1]
    # its own dates and modalities are the timeline's, not the filter's
    assert counts(EventFilter.parse(type="AID", since="2030", modality="planned")) == [1]


def test_a_row_counts_every_quad_class_of_the_ontology(store: Store) -> None:
    row = store.dyad("Iran", "pak", by="year").to_dict("records")[0]
    columns = {name.replace(" ", "_") for name in event_policy().quad_classes.values()}
    assert columns <= set(row)
    assert columns <= set(TimelineRow.model_fields) and columns <= set(COLUMNS["timeline"])  # the hub's row, download
