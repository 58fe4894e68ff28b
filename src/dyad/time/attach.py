"""Which temporal expression dates an event: its clause first, then its sentence, then the paragraph before.

Direction: a yearless or relative date resolves the way the tense nearest it says ("In December Trump
announced" in an April article is the December before, "in December he will" the one after); without a
tense marker the event's modality decides. Speech: a date inside a quotation or a reported "that" clause
is the speaker's, so a relative one ("tomorrow", "on Friday", "in December") resolves against the speech's
date when the reporting clause gives one ("he said on Monday: ..."). When it gives none, a day-level
relative date inside a quotation dates nothing (the speaker's "tomorrow" may be any day before
publication), while one in reported speech keeps the publication date (writers recast those deictics).
Cue words are in ``data/lang/<language>/tense.json``; dateparser reads the document's language.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from dyad.nlp.language import language_data
from dyad.spans import SpanIndex
from dyad.time.expressions import Prefer, TimeExpr, _cues, find_dates, resolve

__all__ = ["event_date", "prefer_for"]

_FUTURE_MODALITIES = frozenset({"planned", "expected", "proposed"})
_NO_ANCHOR = dt.date(2000, 1, 1)  # absolute expressions resolve the same against any anchor
_THAT_REACH = 40  # characters from a reporting verb to the "that" opening what was said
_SPEECH_DATE_REACH = 25  # characters between a reporting verb and the date it was said ("said on Monday")


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


def _tense_cues() -> dict[str, Any]:
    return language_data("tense")


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _tense_markers() -> re.Pattern[str]:
    c = _tense_cues()
    suffix = re.escape(c["past_suffix"])
    return re.compile(rf"(?<![\w'’])(?:(?P<not>{_words(c['not_past'])})|(?P<future>{_words(c['future'])})|"
                      rf"(?P<past>{_words(c['past'])}|[a-z][a-z-]+{suffix}))(?![\w'’])")


def _tense(text: str, pos: int) -> Prefer | None:
    """"past" or "future" by the tense marker nearest document-relative ``pos`` in ``text``, or None."""
    nearest: tuple[int, Prefer] | None = None
    not_after = _tense_cues()["not_past_after"]
    for m in _tense_markers().finditer(text):
        if m.group("not") or (m.group("past") and text[:m.start()].rstrip().rsplit(" ", 1)[-1].lower() in not_after):
            continue
        distance = min(abs(m.start() - pos), abs(m.end() - pos))
        if nearest is None or distance < nearest[0]:
            nearest = distance, "future" if m.group("future") else "past"
    return nearest[1] if nearest else None


def _direction(sentence: str, start: int, exprs: list[TimeExpr], expr: TimeExpr, trigger_start: int,
               modality: str) -> Prefer:
    """The tense in the expression's clause, else in the trigger's, else the modality's leaning."""
    for pos in (expr.start, trigger_start):
        lo, hi = _clause(sentence, start, exprs, pos)
        text = sentence[lo - start:hi - start]
        tense = _tense(text, expr.start - lo if pos == expr.start else trigger_start - lo)
        if tense:
            return tense
    return prefer_for(modality)


@dataclass(frozen=True, slots=True)
class _Speech:
    """A span of a sentence (document offsets) that a speaker said, and the speech's day when given."""

    start: int
    end: int
    quoted: bool
    day: dt.date | None


@cache
def _reporting() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_words(_tense_cues()['reporting_verbs'])})(?!\w)")


def _speech_spans(sentence: str, start: int, exprs: list[TimeExpr], anchor: dt.date | None,
                  language: str | None) -> list[_Speech]:
    """Quotations and reported "that" clauses of ``sentence``, each with its speech day if a date outside it
    stands next to a reporting verb outside it ("he said on Monday")."""
    c = _tense_cues()
    spans: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(sentence):
        close = c["quotes"].get(sentence[i])
        j = sentence.find(close, i + 1) if close else -1
        if j > i:
            spans.append((i, j + 1, True))
            i = j + 1
        else:
            i += 1
    verbs = [m for m in _reporting().finditer(sentence) if not any(a <= m.start() < b for a, b, _ in spans)]
    opener = re.compile(rf"\b{re.escape(c['reported_speech_opener'])}\b")
    for verb in verbs:
        that = opener.search(sentence, verb.end(), verb.end() + _THAT_REACH)
        if that and not any(a <= that.start() < b for a, b, _ in spans) \
                and not _ends_speech(sentence[verb.end():that.start()]):
            spans.append((that.end(), len(sentence), False))
    out = []
    for a, b, quoted in spans:
        outside = [e for e in exprs if not (start + a <= e.start and e.end <= start + b)]
        day = _speech_day(outside, [start + v.start() for v in verbs if not a <= v.start() < b], anchor, language)
        out.append(_Speech(start + a, start + b, quoted, day))
    return out


def _ends_speech(span: str) -> bool:
    """Whether ``span`` holds a sentence end or a quotation mark, so a "that" after it is not the verb's."""
    quotes = _tense_cues()["quotes"]
    return any(mark in span for mark in (".", ";", *quotes, *quotes.values()))


def _speech_day(outside: list[TimeExpr], verbs: list[int], anchor: dt.date | None, language: str | None
                ) -> dt.date | None:
    """The day-precise date nearest a reporting verb, within a few words of it, resolved as past."""
    near = [(min(abs(e.start - v), abs(e.end - v)), e) for e in outside for v in verbs]
    near = [(d, e) for d, e in near if d <= _SPEECH_DATE_REACH]
    if not near or anchor is None:
        return None
    date, precision = resolve(min(near, key=lambda de: de[0])[1], anchor, "past", language)
    return dt.date.fromisoformat(date) if date and precision == "day" else None


def _usable(exprs: list[TimeExpr], anchor: dt.date | None) -> list[TimeExpr]:
    return exprs if anchor is not None else [e for e in exprs if e.kind == "absolute"]


def _dates_in(sentence: str, start: int, dates: SpanIndex[TimeExpr] | None) -> list[TimeExpr]:
    return find_dates(sentence, start) if dates is None else dates.inside(start, start + len(sentence))


def _distance(expr: TimeExpr, pos: int) -> int:
    return 0 if expr.start <= pos < expr.end else min(abs(expr.start - pos), abs(pos - expr.end))


def event_date(sentence_text: str, sentence_start: int, trigger_start: int, anchor: dt.date | None,
               modality: str = "asserted",
               paragraph_context: list[tuple[int, str]] | None = None, language: str | None = None,
               dates: SpanIndex[TimeExpr] | None = None) -> tuple[str | None, str]:
    """(ISO date, precision) of the event whose trigger starts at ``trigger_start``, or (None, "none").

    ``paragraph_context`` holds (start, text) of the paragraph's other sentences; the nearest date before
    the event's sentence is used when its own sentence has none. Without an anchor only expressions that
    name their year ("in 2003", "April 2024") can date an event. dateparser reads ``language`` (None: the
    default one). ``dates`` indexes the document's expressions, found once (``document_dates``); without it
    each sentence's are found here.
    """
    prefer = prefer_for(modality)
    exprs = _usable(_dates_in(sentence_text, sentence_start, dates), anchor)
    base = anchor or _NO_ANCHOR
    speech = _speech_spans(sentence_text, sentence_start, exprs, anchor, language)
    dated = []
    for expr in exprs:
        said = next((s for s in speech if s.start <= expr.start and expr.end <= s.end), None)
        expr_anchor = base
        if said is not None and expr.kind != "absolute" and expr.reference is None:
            if said.day is not None:
                expr_anchor = said.day
            elif said.quoted and expr.kind == "relative":
                continue  # the speaker's "tomorrow", said on a day the text does not give
        found = resolve(expr, expr_anchor, _direction(sentence_text, sentence_start, exprs, expr, trigger_start,
                                                      modality), language)
        if found[0] is not None:
            dated.append((expr, found))
    if dated:
        lo, hi = _clause(sentence_text, sentence_start, [e for e, _ in dated], trigger_start)
        in_clause = [(e, r) for e, r in dated if lo <= e.start and e.end <= hi]
        pool = in_clause or dated
        return min(pool, key=lambda er: _distance(er[0], trigger_start))[1]
    for start, text in sorted(paragraph_context or [], reverse=True):
        if start >= sentence_start:
            continue
        earlier = [resolve(e, base, prefer, language) for e in _usable(_dates_in(text, start, dates), anchor)]
        earlier = [r for r in earlier if r[0] is not None]
        if earlier:
            return earlier[-1]
    return None, "none"
