"""What the hub's tables show, as cells, and the same cells as a CSV or JSON download.

A page's table and its download are built from the same cells (``event_cells``, ``COLUMNS``), so the CSV
an analyst downloads holds exactly the rows and values the table shows, filters and page included. A list of
events can also be downloaded in an export layout (POLECAT, ICEWS, GDELT): the same rows, written by the code
of ``dyad export --layout`` (``dyad.store.transfer.export_events``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from fastapi.responses import Response

from dyad.score import event_policy
from dyad.store.transfer import EXPORT_LAYOUTS

__all__ = ["COLUMNS", "EVENT_COLUMNS", "EVENT_LAYOUTS", "Format", "download", "event_cells", "layout_download",
           "side_text"]

Format = Literal["json", "csv"]
# How a list of events is downloaded: "dyad", the table's columns, or an event layout of the exports.
EVENT_LAYOUTS = ("dyad", *(layout for layout in EXPORT_LAYOUTS if layout != "rows"))

# The columns of the events table, in order; the download adds what a table row links to.
EVENT_COLUMNS = ("date", "type", "mode", "modality", "source", "target", "quad_class", "goldstein", "confidence",
                 "evidence")
_EVENT_EXTRA = ("published", "title", "doc", "event")

# Each list's columns, as its table shows them (events tables use EVENT_COLUMNS).
COLUMNS: dict[str, tuple[str, ...]] = {
    "events": EVENT_COLUMNS + _EVENT_EXTRA,
    "pairs": ("a", "b", "events", "cooperation", "conflict", "balance", "goldstein"),
    "changes": ("a", "b", "events_before", "events", "balance_before", "balance", "change", "goldstein_before",
                "goldstein"),
    "countries": ("country", "events", "as_source", "as_target", "as_place"),
    "places": ("place", "country", "lat", "lon", "reports"),
    "timeline": ("period", "modality", "events", "reports", "verbal_cooperation", "material_cooperation",
                 "verbal_conflict", "material_conflict", "goldstein_sum", "goldstein_mean"),
    "documents": ("title", "site", "published", "n_events", "summary", "dyads", "doc"),
    "search": ("title", "site", "published", "n_events", "summary", "evidence", "doc"),
    "figures": ("text", "value", "value_max", "unit", "measure", "role", "countries", "sentence"),
}
_JOINED = "; "  # between the members of a cell that lists several things (a document's dyads, its evidence)


def side_text(texts: Sequence[str | None] | None, countries: Sequence[str | None] | None) -> str:
    """One side's actors as "text (CTY)", each once: a coordinated mention ("Sharif and Zardari") names
    several actors with one text, which is shown once."""
    shown: list[str] = []
    for i, text in enumerate(texts or []):
        country = (countries or [])[i] if i < len(countries or []) else None
        label = f"{text or '?'} ({country})" if country else text or "?"
        if label not in shown:
            shown.append(label)
    return ", ".join(shown)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def event_cells(event: dict[str, Any]) -> dict[str, str]:
    """An event report as the events table shows it, one text per column of ``COLUMNS["events"]``."""
    return {
        "date": event.get("date") or "", "type": event.get("type") or "", "mode": event.get("mode") or "",
        "modality": event.get("modality") or "",
        "source": side_text(event.get("source_texts"), event.get("source_countries")),
        "target": side_text(event.get("target_texts"), event.get("target_countries")),
        "quad_class": event_policy().quad_classes.get(event.get("quad_class"), ""), "goldstein": _number(event.get("goldstein")),
        "confidence": _number(event.get("confidence")), "evidence": event.get("sentence") or "",
        "published": event.get("published") or "", "title": event.get("title") or "", "doc": event.get("doc") or "",
        "event": str(event.get("event", "")),
    }


def _cells(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    if kind == "events":
        return event_cells(row)
    cells = {column: row.get(column) for column in COLUMNS[kind]}
    if kind == "documents":  # as the list shows them: "IRN–PAK 3" per pair
        cells["dyads"] = _JOINED.join(f"{p['a']}–{p['b']} {p['events']}" for p in row.get("dyads") or [])
    elif kind == "search":
        cells["evidence"] = _JOINED.join(f"{e['type']} · {e['modality']} {e['sentence']}"
                                         for e in row.get("evidence") or [])
    elif kind == "figures":
        cells["countries"] = ", ".join(row.get("countries") or [])
    return cells


def download(kind: str, rows: Iterable[dict[str, Any]], fmt: Format, name: str) -> Response:
    """``rows`` of the list ``kind`` as a CSV or JSON file named ``name``, in the columns its table shows."""
    cells = [_cells(kind, row) for row in rows]
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "json":
        return Response(json.dumps(cells, ensure_ascii=False), media_type="application/json", headers=disposition)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS[kind], lineterminator="\n")
    writer.writeheader()
    writer.writerows(cells)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=disposition)


def layout_download(exported: str, fmt: Format, name: str) -> Response:
    """An export in an event layout (``export_events``'s CSV or JSON Lines text) as a CSV file or, for JSON, an
    array of the JSON Lines records, named ``name``."""
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "json":
        return Response("[" + ",".join(line for line in exported.splitlines() if line) + "]",
                        media_type="application/json", headers=disposition)
    return Response(exported, media_type="text/csv; charset=utf-8", headers=disposition)
