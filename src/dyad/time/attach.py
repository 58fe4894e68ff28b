"""Which temporal expression dates an event: its clause first, then its sentence, then the paragraph before."""

from __future__ import annotations

import datetime as dt

from dyad.time.expressions import Prefer, TimeExpr, _cues, find_dates, resolve

__all__ = ["event_date", "prefer_for"]

_FUTURE_MODALITIES = frozenset({"planned", "expected", "proposed"})
_NO_ANCHOR = dt.date(2000, 1, 1)  # absolute expressions resolve the same against any anchor


def prefer_for(modality: str) -> Prefer:
    """Reported events lean to past dates, intended or predicted ones to future dates."""
    if modality in _FUTURE_MODALITIES:
        return "future"
    return "current" if modality == "hypothetical" else "past"


def _clause(sentence: str, start: int, exprs: list[TimeExpr], pos: int) -> tuple[int, int]:
    """Document span of the clause of ``sentence`` (starting at ``start``) around document offset ``pos``."""
    inside = [(e.start - start, e.end - start) for e in exprs]
    cuts = [0, len(sentence)]
    for mark in _cues()["clause_breaks"]:
        i = sentence.find(mark)
        while i >= 0:
            if not any(s <= i < e for s, e in inside):
                cuts.append(i if mark.strip() else i + len(mark))
            i = sentence.find(mark, i + 1)
    cuts.sort()
    rel = pos - start
    left = max(c for c in cuts if c <= rel)
    right = min((c for c in cuts if c > rel), default=len(sentence))
    return start + left, start + right


def _usable(exprs: list[TimeExpr], anchor: dt.date | None) -> list[TimeExpr]:
    return exprs if anchor is not None else [e for e in exprs if e.kind == "absolute"]


def _distance(expr: TimeExpr, pos: int) -> int:
    return 0 if expr.start <= pos < expr.end else min(abs(expr.start - pos), abs(pos - expr.end))


def event_date(sentence_text: str, sentence_start: int, trigger_start: int, anchor: dt.date | None,
               modality: str = "asserted",
               paragraph_context: list[tuple[int, str]] | None = None) -> tuple[str | None, str]:
    """(ISO date, precision) of the event whose trigger starts at ``trigger_start``, or (None, "none").

    ``paragraph_context`` holds (start, text) of the paragraph's other sentences; the nearest date before
    the event's sentence is used when its own sentence has none. Without an anchor only expressions that
    name their year ("in 2003", "April 2024") can date an event.
    """
    prefer = prefer_for(modality)
    exprs = _usable(find_dates(sentence_text, sentence_start), anchor)
    base = anchor or _NO_ANCHOR
    dated = [(e, resolve(e, base, prefer)) for e in exprs]
    dated = [(e, r) for e, r in dated if r[0] is not None]
    if dated:
        lo, hi = _clause(sentence_text, sentence_start, [e for e, _ in dated], trigger_start)
        in_clause = [(e, r) for e, r in dated if lo <= e.start and e.end <= hi]
        pool = in_clause or dated
        return min(pool, key=lambda er: _distance(er[0], trigger_start))[1]
    for start, text in sorted(paragraph_context or [], reverse=True):
        if start >= sentence_start:
            continue
        earlier = [resolve(e, base, prefer) for e in _usable(find_dates(text, start), anchor)]
        earlier = [r for r in earlier if r[0] is not None]
        if earlier:
            return earlier[-1]
    return None, "none"
