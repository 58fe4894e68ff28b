"""Temporal expressions: find them with a small grammar, resolve them with dateparser against an anchor date.

The grammar (cue words in ``data/lang/<language>/time.json``) only proposes spans; dateparser, restricted to
the document's language (the registry's ``dateparser`` code) with the anchor as its relative base, turns each
span into a date. Parsing only what the grammar found keeps
dateparser's language guessing and its false positives ("may" the verb, "SAT", "$10", "now") out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any, Literal

from dateutil.relativedelta import relativedelta

from dyad.nlp.language import language_data, spec

__all__ = ["PRECISIONS", "Prefer", "TimeExpr", "date_bounds", "document_dates", "find_dates", "resolve"]

Prefer = Literal["past", "future", "current"]
PRECISIONS = ("day", "month", "year", "none")  # finest first
_RANK = {p: i for i, p in enumerate(PRECISIONS)}
_REFERENCE_REACH = 120  # characters after "months after" in which its reference date may stand


@dataclass(slots=True)
class TimeExpr:
    """A temporal expression found in text, with document offsets and what is needed to resolve it."""

    text: str
    start: int
    end: int
    kind: str  # "absolute" (has a year), "partial" (month or day without year), "relative"
    core: str  # what dateparser is given
    precision: str  # the finest precision the words themselves support
    shift: str | None = None  # "past"/"future"/"current" fixed by the words ("last May", "next Thursday")
    reference: TimeExpr | None = None  # the date an offset counts from ("16 months after ... April 2024")
    amount: int | None = None  # the offset, None when vague ("just months after")
    unit: str | None = None  # day, week, month, year of an offset
    sign: int = 1


def _cues() -> dict[str, Any]:
    return language_data("time")


def _alt(words: list[str] | dict[str, Any]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _grammar() -> list[tuple[str, re.Pattern[str]]]:
    """(kind of match, compiled pattern) in priority order: longer, more explicit forms first.

    Each pattern opens with a cheap lookahead so the regex engine skips most positions; the words that
    must precede a bare month, a bare year or an offset are checked afterwards by ``_before``.
    """
    c = _cues()
    month = rf"(?P<month>{_alt(c['months'])}|(?:{_alt(c['month_abbreviations'])})\.?)"
    day = rf"(?P<day>[0-3]?\d)(?:{_alt(c['ordinal_suffixes'])})?"
    day_month = rf"(?:\s+(?:{_alt(c['day_month_joiners'])}))?"
    plural = rf"(?!(?:{_alt(c['not_counts_after_year'])})\b)[a-z]+s\b"
    counted = _alt(c["counted_suffixes_after_year"])
    year = rf"(?P<year>(?:19|20)\d\d)(?![\d%]|{counted}|,\d|\s+(?:{_alt(c['counted_after_year'])}|{plural})\b)"
    shift = rf"(?:(?P<shift>{_alt(c['shift'])})\s+)?"
    rel_first = _initials(c["relative"])
    weekday_first = _initials([*c["shift"], *c["weekdays"]])
    return [
        ("iso", re.compile(r"\b(?=[12])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
        ("mdy", re.compile(rf"\b(?=[A-Z]){month}\s+{day},?\s+{year}")),
        ("dmy", re.compile(rf"\b(?=\d){day}{day_month}\s+{month},?\s+{year}")),
        ("my", re.compile(rf"\b(?=[A-Z]){month},?\s+{year}")),
        ("md", re.compile(rf"\b(?=[A-Z]){month}\s+{day}\b(?![,.]?\d)")),
        ("dm", re.compile(rf"\b(?=\d){day}{day_month}\s+{month}(?![a-z])")),
        ("offset", re.compile(rf"\b(?=[dwmyDWMY])(?P<unit>(?i:{_alt(c['units'])}))\s+(?P<dir>{_alt(c['offset_directions'])})\b")),
        ("relative", re.compile(rf"\b(?=[{rel_first}])(?i:(?P<rel>{_alt(c['relative'])}))\b")),
        ("weekday", re.compile(rf"\b(?=[{weekday_first}])(?i:{shift})(?P<weekday>{_alt(c['weekdays'])})\b")),
        ("month", re.compile(rf"\b(?=[A-Z])(?P<month>{_alt(c['months'])})\b(?!\s+\d)")),
        ("year", re.compile(rf"\b(?=[12]){year}")),
    ]


def _initials(words: list[str] | dict[str, Any]) -> str:
    """A character class body of the words' first letters, both cases."""
    return "".join(sorted({ch for w in words for ch in (w[0].lower(), w[0].upper())}))


@cache
def _lookbehinds() -> dict[str, re.Pattern[str]]:
    """What must end the text just before a bare month, a bare year or an offset."""
    c = _cues()
    num = rf"(?P<num>\d+|{_alt(c['numbers'])}|{_alt(c['vague_quantities'])})"
    return {
        "month": re.compile(rf"(?i:\b(?P<pre>{_alt(c['before_bare_month'])}))\s+$"),
        "year": re.compile(rf"(?i:\b(?P<pre>{_alt(c['before_bare_year'])}))[\s-]+$"),
        "offset": re.compile(rf"(?i:\b(?:(?:{_alt(c['hedges'])})\s+)?(?:{num}\s+)?)$"),
    }


def _before(kind: str, m: re.Match[str]) -> re.Match[str] | None:
    return _lookbehinds()[kind].search(m.string, max(0, m.start() - 40), m.start())


def _month_name(word: str) -> str:
    c = _cues()
    word = word.rstrip(".")
    number = c["months"].get(word) or c["month_abbreviations"][word]
    return next(name for name, n in c["months"].items() if n == number)


def _make(kind: str, m: re.Match[str]) -> TimeExpr | None:
    g = m.groupdict()
    start, end = m.start(), m.end()
    if kind == "iso":
        return TimeExpr(m.group(0), start, end, "absolute", m.group(0), "day")
    if kind in ("mdy", "dmy"):
        core = f"{int(g['day'])} {_month_name(g['month'])} {g['year']}"
        return TimeExpr(m.group(0), start, end, "absolute", core, "day") if 1 <= int(g["day"]) <= 31 else None
    if kind == "my":
        return TimeExpr(m.group(0), start, end, "absolute", f"{_month_name(g['month'])} {g['year']}", "month")
    if kind in ("md", "dm"):
        day = int(g["day"])
        core = f"{_month_name(g['month'])} {day}"
        return TimeExpr(m.group(0), start, end, "partial", core, "day") if 1 <= day <= 31 else None
    if kind == "month":
        pre = _before("month", m)
        if pre is None:
            return None
        shift = _cues()["shift"].get(pre.group("pre").lower())
        start = pre.start("pre") if shift else start
        return TimeExpr(m.string[start:end], start, end, "partial", g["month"], "month", shift=shift)
    if kind == "year":
        return TimeExpr(g["year"], start, end, "absolute", g["year"], "year") if _before("year", m) else None
    if kind == "weekday":
        return TimeExpr(m.group(0), start, end, "relative", g["weekday"], "day", shift=_shift(g.get("shift")))
    if kind == "relative":
        return TimeExpr(m.group(0), start, end, "relative", _cues()["relative"][g["rel"].lower()], "day")
    return _offset(m)


def _shift(word: str | None) -> str | None:
    return _cues()["shift"][word.lower()] if word else None


def _offset(m: re.Match[str]) -> TimeExpr | None:
    """"sixteen months after", "just months after", "two years ago"; not "year after year"."""
    pre = _before("offset", m)
    pre = pre if pre and pre.group(0) else None
    unit_word = m.group("unit").lower()
    if pre is None and not unit_word.endswith("s"):
        return None
    raw = (pre.group("num") or "").lower() if pre else ""
    amount = int(raw) if raw.isdigit() else _cues()["numbers"].get(raw)
    if (amount is None and raw and not unit_word.endswith("s")) or (amount is not None and amount > 100):
        return None
    unit = _cues()["units"][unit_word]
    direction = m.group("dir")
    sign = _cues()["offset_directions"][direction]
    from_anchor = direction in _cues()["offsets_from_anchor"]
    precision = {"day": "day", "week": "day", "month": "month", "year": "year"}[unit]
    start = pre.start() if pre else m.start()
    return TimeExpr(m.string[start:m.end()], start, m.end(), "relative", m.string[start:m.end()], precision,
                    amount=amount, unit=unit, sign=sign, shift="past" if from_anchor else None)


def find_dates(sentence: str, offset: int = 0) -> list[TimeExpr]:
    """The temporal expressions of ``sentence`` in text order, offsets shifted by ``offset``."""
    return [_shifted(e, offset) for e in _find(sentence)]


def document_dates(text: str, sentences: list[tuple[int, int]]) -> list[TimeExpr]:
    """The temporal expressions of every sentence of ``text``, found once, in text order.

    Each sentence is read alone, as event dating and figures read it: the grammar's look-behinds and an offset's
    reference date stop at the sentence's edges.
    """
    return [expr for start, end in sentences for expr in find_dates(text[start:end], start)]


def _shifted(expr: TimeExpr, offset: int) -> TimeExpr:
    ref = _shifted(expr.reference, offset) if expr.reference is not None else None
    return replace(expr, start=expr.start + offset, end=expr.end + offset, reference=ref)


@lru_cache(maxsize=2048)
def _find(sentence: str) -> tuple[TimeExpr, ...]:
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _grammar():
        for m in pattern.finditer(sentence):
            expr = _make(kind, m)
            if expr is None or any(expr.start < e and s < expr.end for s, e in taken):
                continue
            taken.append((expr.start, expr.end))
            found.append(expr)
    found.sort(key=lambda e: e.start)
    for i, expr in enumerate(found):
        if expr.unit is not None and expr.shift is None:
            expr.reference = _reference(sentence, expr, found[i + 1:])
    return tuple(found)


def _reference(sentence: str, expr: TimeExpr, later: list[TimeExpr]) -> TimeExpr | None:
    """The first date after an offset ("16 months after the visit in April 2024") within its clause."""
    for cand in later:
        between = sentence[expr.end:cand.start]
        if cand.start - expr.end > _REFERENCE_REACH or _breaks(between):
            return None
        if cand.kind != "relative" or cand.unit is None:
            return cand
    return None


def _breaks(span: str) -> bool:
    return any(b in span for b in _cues()["clause_breaks"])


@cache
def _parser(prefer: str, anchor: dt.date, language: str | None) -> Any:
    from dateparser.date import DateDataParser  # heavy import: only when a date is resolved

    settings = {"RELATIVE_BASE": dt.datetime.combine(anchor, dt.time()), "PREFER_DAY_OF_MONTH": "first",
                "PREFER_DATES_FROM": "current_period" if prefer == "current" else prefer,
                "RETURN_AS_TIMEZONE_AWARE": False}
    return DateDataParser(languages=[spec(language).dateparser], settings=settings)


@lru_cache(maxsize=4096)
def _parse(core: str, anchor: dt.date, prefer: str, language: str | None) -> tuple[dt.date, str] | None:
    data = _parser(prefer, anchor, language).get_date_data(core)
    if data.date_obj is None:
        return None
    period = data.period or "day"
    return data.date_obj.date(), "month" if period == "week" else period if period in _RANK else "day"


def _iso(day: dt.date, precision: str) -> str:
    return {"day": day.isoformat(), "month": day.strftime("%Y-%m"), "year": f"{day.year:04d}"}[precision]


def _coarser(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


def resolve(expr: TimeExpr, anchor: dt.date, prefer: Prefer = "past", language: str | None = None
            ) -> tuple[str | None, str]:
    """(ISO date at its precision, precision) of ``expr`` against ``anchor``, dateparser reading ``language``
    (None: the default one); (None, "none") if unresolvable."""
    found = _resolve_date(expr, anchor, prefer, language)
    return (None, "none") if found is None else (_iso(*found), found[1])


def _resolve_date(expr: TimeExpr, anchor: dt.date, prefer: Prefer, language: str | None
                  ) -> tuple[dt.date, str] | None:
    if expr.unit is not None:
        return _resolve_offset(expr, anchor, prefer, language)
    parsed = _parse(expr.core, anchor, expr.shift or prefer, language)
    if parsed is None:
        return None
    day, period = parsed
    precision = _coarser(period, expr.precision) if expr.kind != "relative" else period
    if expr.kind == "partial" and expr.shift is None:
        day = _near_anchor(day, anchor, prefer)
    if expr.core in _cues()["weekdays"] and expr.shift is None and prefer != "future" \
            and anchor.strftime("%A") == expr.core:
        day = anchor  # "struck on Wednesday" in Wednesday's paper is that day, not a week before
    return day, precision


def _near_anchor(day: dt.date, anchor: dt.date, prefer: str) -> dt.date:
    """A yearless date just across the anchor belongs to the anchor's year, whatever the preference."""
    other = day + relativedelta(years=1 if day < anchor else -1)
    return other if abs((other - anchor).days) <= 14 < abs((day - anchor).days) else day


def _resolve_offset(expr: TimeExpr, anchor: dt.date, prefer: Prefer, language: str | None
                    ) -> tuple[dt.date, str] | None:
    if expr.reference is not None:
        base = _resolve_date(expr.reference, anchor, prefer, language)
        if base is None:
            return None
        base_day, base_precision = base
    elif expr.shift == "past":  # "two years ago"
        base_day, base_precision = anchor, "day"
    else:  # "(just) months after <an undated event>": what it dates happens around the anchor
        return anchor, "year"
    if expr.amount is None:  # vague: only the year survives, and only for short offsets
        return (base_day, "year") if expr.unit != "year" else None
    step = {"day": relativedelta(days=expr.amount), "week": relativedelta(weeks=expr.amount),
            "month": relativedelta(months=expr.amount), "year": relativedelta(years=expr.amount)}[expr.unit]
    day = base_day + step if expr.sign > 0 else base_day - step
    precision = "month" if expr.unit == "week" else expr.precision
    return day, _coarser(precision, base_precision)


def date_bounds(date: str | None, precision: str) -> tuple[str | None, str | None]:
    """The first and last ISO day ``date`` covers at ``precision``: ("2019-12", "month") -> 2019-12-01..31."""
    if date is None or precision == "none":
        return None, None
    if precision == "day":
        return date, date
    if precision == "month":
        first = dt.date.fromisoformat(f"{date}-01")
        return first.isoformat(), (first + relativedelta(months=1, days=-1)).isoformat()
    return f"{date}-01-01", f"{date}-12-31"
