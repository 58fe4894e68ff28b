"""Dyad timelines over a store built from hand-built analyses (no dependence on the analysis stages)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dyad.dyads.timeline import in_range, period_of
from dyad.model import ActorRef, Analysis, Document, Event, Evidence
from dyad.store import Store, StoreError, analysis_to_rows

_NAMES = {"IRN": "Iran", "PAK": "Pakistan", "IND": "India"}


def _report(origin: str, published: str | None, facts: list[tuple[str, list[str], list[str], str | None, int, float]]
            ) -> Analysis:
    """One article; each fact is (type, source, target, date, quad class, goldstein)."""
    sentences = [f"{' and '.join(_NAMES[c] for c in s)} {kind.lower()} {' '.join(_NAMES[c] for c in t)} ({origin})."
                 for kind, s, t, *_ in facts]
    text = " ".join(sentences)
    events, start = [], 0
    for sentence, (kind, source, target, when, quad, goldstein) in zip(sentences, facts, strict=True):
        events.append(Event(type=kind, evidence=Evidence(sentence, start, start + len(sentence)),
                            source=[ActorRef(f"dyad:{c}", _NAMES[c], c) for c in source],
                            target=[ActorRef(f"dyad:{c}", _NAMES[c], c) for c in target], date=when,
                            date_precision="day" if when and len(when) == 10 else "month" if when else "none",
                            quad_class=quad, goldstein=goldstein))
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
    assert in_range("2024-08-03", "2024-08", "2024-08") and not in_range("2024-07-31", "2024-08", None)


def test_monthly_timeline_counts_events_once_with_their_reports(store: Store) -> None:
    rows = store.dyad("Iran", "pak", by="month").to_dict("records")
    assert [r["period"] for r in rows] == ["2024-08", "2024-09", "2025-01", "undated"]
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
    with pytest.raises(StoreError, match="Atlantis"):
        store.dyad("Atlantis", "PAK")


def test_event_and_actor_queries(store: Store) -> None:
    events = store.events(country="IRN", since="2024-09")
    assert sorted(events["type"]) == ["ACCUSE", "AID", "CONSULT"]
    assert set(store.events(type="AGREE")["reports"]) == {2}
    assert store.clusters(min_reports=2)["type"].tolist() == ["AGREE"]
