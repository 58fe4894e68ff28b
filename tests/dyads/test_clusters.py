"""Same event, many reports: constructed near-duplicates and real overlapping Guardian articles."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from shared_data import shared_path

from dyad.dyads.clusters import cluster_events, date_span, places_compatible
from dyad.executors.local import ingest
from dyad.store import Store


def _row(doc: str, kind: str, source: list[str], target: list[str], *, date: str | None = None,
         published: str | None = "2024-08-03", place: tuple[str, str] | None = None, modality: str = "asserted",
         event: int = 0) -> dict[str, Any]:
    return {"doc": doc, "event": event, "type": kind, "modality": modality, "joint": len(source) > 1 and not target,
            "source_actors": [f"dyad:{c}" for c in source], "source_countries": source,
            "target_actors": [f"dyad:{c}" for c in target], "target_countries": target,
            "date": date, "date_precision": {10: "day", 7: "month", 4: "year"}.get(len(date or ""), "none"),
            "location_name": place[0] if place else None, "location_country": place[1] if place else None,
            "location_admin1": None, "published": published, "origin": f"https://news.example/{doc}",
            "quad_class": 1, "goldstein": 3.0, "cameo": "057", "sentence": f"{doc} reports {kind}."}


def _groups(rows: list[dict[str, Any]]) -> list[list[str]]:
    clusters, members = cluster_events(rows)
    by_cluster: dict[str, list[str]] = {c["cluster"]: [] for c in clusters}
    for member in members:
        by_cluster[member["cluster"]].append(f"{member['doc']}:{member['event']}")
    return sorted(sorted(m) for m in by_cluster.values())


def test_date_spans_overlap_at_the_coarser_precision() -> None:
    assert date_span("2024-08-03") == (date(2024, 8, 3), date(2024, 8, 3))
    assert date_span("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_span("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert date_span(None, "2024-08-03") == (date(2024, 8, 1), date(2024, 8, 3))
    assert date_span(None, None) is None and date_span("2024-13") is None


def test_places_are_compatible_when_unknown_equal_or_nested() -> None:
    lahore = {"name": "Lahore", "country": "PAK", "admin1": "Punjab"}
    assert places_compatible(None, lahore)
    assert places_compatible(lahore, {"name": "lahore", "country": "PAK"})
    assert places_compatible(lahore, {"name": "Punjab", "country": "PAK"})
    assert places_compatible(lahore, {"name": "Pakistan", "country": "PAK"})
    assert not places_compatible(lahore, {"name": "Islamabad", "country": "PAK"})
    assert not places_compatible(lahore, {"name": "Tehran", "country": "IRN"})


def test_joint_reports_in_either_order_are_one_event_reported_twice() -> None:
    rows = [_row("b", "AGREE", ["PAK", "IRN"], [], date="2024-08-03", published="2024-08-04"),
            _row("a", "AGREE", ["IRN", "PAK"], [], date="2024-08-03", published="2024-08-03",
                 place=("Islamabad", "PAK")),
            _row("a", "AGREE", ["IRN", "PAK"], [], date="2024-08-03", published="2024-08-03", event=1)]
    clusters, members = cluster_events(rows)
    assert len(clusters) == 1 and len(members) == 3
    (cluster,) = clusters
    assert (cluster["reports"], cluster["mentions"], cluster["first_reported"]) == (2, 3, "2024-08-03")
    assert cluster["cluster"] == "a:0" and cluster["joint"] and cluster["source_keys"] == ["IRN", "PAK"]
    assert cluster["location_name"] == "Islamabad"


def test_type_modality_direction_day_and_place_keep_events_apart() -> None:
    base = _row("a", "ACCUSE", ["PAK"], ["IND"], date="2024-08-03")
    rows = [base,
            _row("b", "ACCUSE", ["IND"], ["PAK"], date="2024-08-03"),
            _row("c", "THREATEN", ["PAK"], ["IND"], date="2024-08-03"),
            _row("d", "ACCUSE", ["PAK"], ["IND"], date="2024-08-03", modality="negated"),
            _row("e", "ACCUSE", ["PAK"], ["IND"], date="2024-08-05"),
            _row("f", "ACCUSE", ["PAK"], ["IND"], date="2024-08-03", place=("Lahore", "PAK")),
            _row("g", "ACCUSE", ["PAK"], ["IND"], date="2024-08-03", place=("Karachi", "PAK"))]
    assert _groups(rows) == [["a:0", "f:0"], ["b:0"], ["c:0"], ["d:0"], ["e:0"], ["g:0"]]


def test_coarser_and_undated_reports_join_the_dated_event() -> None:
    rows = [_row("a", "CONSULT", ["IRN"], ["PAK"], date="2024-08-03"),
            _row("b", "CONSULT", ["IRN"], ["PAK"], date="2024-08", published="2024-08-20"),
            _row("c", "CONSULT", ["IRN"], ["PAK"], date=None, published="2024-08-04"),
            _row("d", "CONSULT", ["IRN"], ["PAK"], date=None, published="2024-08-20"),
            _row("e", "CONSULT", ["IRN"], ["PAK"], date="2023", published="2023-05-01")]
    assert _groups(rows) == [["a:0", "b:0", "c:0"], ["d:0"], ["e:0"]]


def test_clusters_do_not_depend_on_input_order() -> None:
    rows = [_row(d, "CONSULT", ["IRN"], ["PAK"], date=when, published="2024-08-05")
            for d, when in [("a", "2024-08-03"), ("b", "2024-08"), ("c", None), ("d", "2024-08-04"), ("e", "2024")]]
    expected = cluster_events(rows)
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    assert cluster_events(shuffled) == expected


@pytest.mark.slow
def test_real_overlapping_guardian_reports_share_clusters(tmp_path: Path) -> None:
    """Articles 13/14 (Shamima Begum, 8 and 9 March 2019) repeat sentences; 77/78 report one Syria decision."""
    frame = pd.read_csv(shared_path("corpora", "ngec-guardian", "Guardian_SDF_sample.csv"))
    corpus = tmp_path / "guardian.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for i in (13, 14, 77, 78):
            out.write(json.dumps({"id": f"guardian-{i}", "text": frame.text[i], "date": frame.date[i],
                                  "url": f"https://www.theguardian.com/sample/{i}"}) + "\n")
    with Store(tmp_path / "dyad.duckdb") as store:
        ingest(store, [str(corpus)])
        events = store.trusted_query("SELECT e.doc, e.event, e.type, e.modality, e.sentence, coalesce(e.date, '') AS date, "
                             "array_to_string(e.source_countries, ',') AS source, "
                             "array_to_string(e.target_countries, ',') AS target, m.cluster, "
                             "c.reports FROM events e JOIN cluster_members m USING (doc, event) "
                             "JOIN event_clusters c USING (cluster)")
        members = store.trusted_query("SELECT cluster, count(*) AS n, count(DISTINCT doc) AS docs FROM cluster_members "
                              "GROUP BY cluster")
        clusters = store.trusted_query("SELECT cluster, reports, mentions FROM event_clusters")
    assert len(events) > 0
    merged = clusters.merge(members, on="cluster")
    assert (merged["reports"] == merged["docs"]).all() and (merged["mentions"] == merged["n"]).all()
    # The same sentence coding the same event in two of the articles is one event with two reports.
    same = ["sentence", "type", "modality", "source", "target", "date"]
    # dropna=False: a side with an actor but no country joins to NULL, and such events (the terror group's,
    # the Kurdish-led forces') are the ones these articles share now that Islamic State has no country.
    shared = events.groupby(same, dropna=False).filter(lambda g: g["doc"].nunique() > 1)
    assert not shared.empty
    for _, group in shared.groupby(same, dropna=False):
        assert group["cluster"].nunique() == 1 and (group["reports"] >= 2).all()
