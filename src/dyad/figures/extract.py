"""Figures in text: money, percentages, counts, ranges, durations and ages, with what they measure and their role.

A small grammar over cue words in ``data/lang/<language>/figures.json``. Numbers inside dates ("August 2, 2025",
"in 2019") are not figures: the spans ``dyad.time`` finds are skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from dyad.model import Evidence, Figure
from dyad.nlp.language import language_data
from dyad.spans import SpanIndex
from dyad.time import TimeExpr, find_dates

__all__ = ["casualties", "extract_figures"]

_ROLE_WINDOW = 70  # characters before a figure in which a role cue counts
_MEASURE_WINDOW = 90
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _cues() -> dict[str, Any]:
    return language_data("figures")


def _alt(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(slots=True, frozen=True)
class _Grammar:
    money: re.Pattern[str]
    money_after: re.Pattern[str]
    percent: re.Pattern[str]
    age: re.Pattern[str]
    measure_unit: re.Pattern[str]
    vague: re.Pattern[str]
    count: re.Pattern[str]
    measures: re.Pattern[str]
    roles: tuple[tuple[str, re.Pattern[str]], ...]
    rise: re.Pattern[str]
    pair: re.Pattern[str]
    cas_number: re.Pattern[str]
    cas_after: re.Pattern[str]
    cas_before: re.Pattern[str]


@cache
def _grammar() -> _Grammar:
    c = _cues()
    num = rf"(?P<num>{_NUM})"
    worded = rf"(?P<num>{_NUM}|{_alt(c['number_words'])})"  # "six months", "seven million", "four-year"
    num2 = rf"(?:\s*(?:-|–|—|{_alt(c['range_words'])})\s*(?P<num2>{_NUM}))?"
    scale = rf"(?:\s?(?P<scale>{_alt(c['scales'])})\b)?"
    symbols = _alt(c["currency_symbols"])
    noun = rf"(?P<noun>(?:[A-Z][a-z]+\s+)?(?:{_alt(c['people_nouns'])}|[a-z][a-z-]+s|[A-Z][a-z]+s))\b"
    roles = tuple((role, re.compile(rf"(?i:\b(?:{_alt(words)})\b)")) for role, words in c["roles"].items())
    number_words = _alt(c["number_words"])
    people = rf"(?:\s+(?:(?!(?:{_alt(c['clause_conjunctions'])})\b)[A-Za-z-]+\s+){{0,2}}?)"
    killed = _alt(c["casualties"]["killed"] + c["casualties"]["injured"])
    return _Grammar(
        money=re.compile(rf"(?P<cur>{symbols})\s?{num}{num2}{scale}"),
        money_after=re.compile(rf"\b{num}{num2}{scale}\s?(?P<curword>{_alt(c['currency_words'])})\b"),
        percent=re.compile(rf"\b{num}{num2}\s?(?P<pct>{_alt(c['percent'])})(?![a-z])"),
        age=re.compile(rf"\b{num}(?:{_alt(c['age_suffixes'])})\b"),
        measure_unit=re.compile(rf"\b{worded}{num2}[\s-](?P<unit>{_alt(c['measure_units'])})\b"),
        vague=re.compile(rf"(?i:\b(?P<vague>{_alt(c['vague_counts'])}))(?:\s+(?:{_alt(c['vague_joiners'])}))?\s+{noun}"),
        count=re.compile(rf"\b{worded}{num2}{scale}\s+{noun}"),
        measures=re.compile(rf"\b(?:{_alt(c['measures'])})\b"),
        roles=roles,
        rise=re.compile(rf"(?i:\b(?:{_alt(c['rise_verbs'])})\b[^.;]{{0,60}}\b(?:{_alt(c['rise_targets'])})\s+"
                        rf"(?:(?:{_alt(c['articles'])})\s+)?(?:[a-z]+\s+)?)$"),
        pair=re.compile(rf"(?i:\b(?:{_alt(c['pair_cues'])})\b)"),
        cas_number=re.compile(rf"(?i:\b(?P<num>{_NUM}|{number_words})\b)"),
        cas_after=re.compile(rf"(?P<who>{people})(?:(?:{_alt(c['casualty_auxiliaries'])})\s+)?"
                             rf"(?P<cue>{killed})\b"),
        cas_before=re.compile(rf"(?i:\b(?P<cue>{killed})(?:\s+(?:{_alt(c['casualty_hedges'])}))?"
                              rf"(?:\s+(?:{_alt(c['casualty_links'])}))*\s*)$"),
    )


def _number(text: str) -> float:
    words = _cues()["number_words"]
    return float(words[text.lower()]) if text.lower() in words else float(text.replace(",", ""))


def _value(m: re.Match[str]) -> tuple[float, float | None]:
    scale = _cues()["scales"].get((m.groupdict().get("scale") or "").lower(), 1.0)
    value = _number(m.group("num")) * scale
    high = m.groupdict().get("num2")
    return value, _number(high) * scale if high else None


def _currency(cur: str, countries: list[str]) -> str:
    c = _cues()
    code = c["currency_symbols"].get(cur) or c["currency_words"][cur.lower()]
    if cur.rstrip(".") == "Rs":
        local = [c["rupee_by_country"][iso] for iso in countries if iso in c["rupee_by_country"]]
        if len(set(local)) == 1:
            return local[0]
    return code


def _spans(sentence: str, base: int, dates: list[TimeExpr]) -> list[tuple[re.Match[str], str]]:
    """Candidate matches of a sentence, most specific kinds first, not overlapping each other or a date."""
    g = _grammar()
    taken = [(e.start - base, e.end - base) for e in dates if e.kind != "relative"]
    out = []
    for kind, pattern in (("money", g.money), ("money", g.money_after), ("percent", g.percent), ("age", g.age),
                          ("unit", g.measure_unit), ("vague", g.vague), ("count", g.count)):
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append((m, kind))
    out.sort(key=lambda mk: mk[0].start())
    return out


def _role(before: str) -> str | None:
    g = _grammar()
    if g.rise.search(before):
        return "target"
    best, best_at = None, -1
    for role, pattern in g.roles:
        for m in pattern.finditer(before):
            if m.end() > best_at:
                best, best_at = role, m.end()
    return best


def _measure(sentence: str, start: int, end: int, look_after: bool) -> str | None:
    """The nearest measure noun phrase before the figure, else (for money and shares) just after it."""
    g = _grammar()
    before = list(g.measures.finditer(sentence, max(0, start - _MEASURE_WINDOW), start))
    if before:
        return before[-1].group(0)
    after = g.measures.search(sentence, end, end + 40) if look_after else None
    return after.group(0) if after else None


def _figure(m: re.Match[str], kind: str, sentence: str, base: int, evidence: Evidence,
            countries: list[str]) -> Figure | None:
    c = _cues()
    d = m.groupdict()
    value, high = _value(m) if "num" in m.re.groupindex else (0.0, None)
    measure = _measure(sentence, m.start(), m.end(), kind in ("money", "percent"))
    if kind == "money":
        cur = d.get("cur") or d["curword"]
        unit = _currency(cur, countries)
        if cur.lower() in c["hundredths"]:
            value, high = value / 100, high / 100 if high else None
    elif kind == "percent":
        unit = "percentage point" if "point" in d["pct"] else "percent"
    elif kind == "age":
        unit, measure = "year", "age"
    elif kind == "unit":
        unit = c["measure_units"][d["unit"]]
    elif kind == "vague":
        value, high = c["vague_counts"][d["vague"].lower()], None
        unit, measure = _count_unit(d["noun"]), d["noun"]
    else:
        head = d["noun"].split()[-1]
        worded = not d["num"][0].isdigit()
        if head in c["not_counted"] or (not d.get("scale") and (value < 10 or worded)) or _is_year(m):
            return None
        unit, measure = _count_unit(d["noun"]), d["noun"]
    role = _role(sentence[max(0, m.start() - _ROLE_WINDOW):m.start()])
    return Figure(text=m.group(0), value=value, unit=unit, evidence=evidence, measure=measure, role=role,
                  countries=countries, value_max=high)


def _is_year(m: re.Match[str]) -> bool:
    text = m.group("num")
    return len(text) == 4 and text[:2] in ("19", "20") and not m.groupdict().get("scale")


def _count_unit(noun: str) -> str:
    people = {p.lower() for p in _cues()["people_nouns"]}
    head = noun.split()[-1].lower()
    return "people" if head in people or noun.lower() in people else head


def extract_figures(text: str, sentences: list[tuple[int, int]],
                    countries_in: Callable[[int, int], list[str]], dates: SpanIndex[TimeExpr] | None = None
                    ) -> list[Figure]:
    """Every figure in ``text``, sentence by sentence, with the countries its sentence mentions.

    ``dates`` indexes the document's temporal expressions, found once; without it each sentence's are found here.
    """
    per_sentence = [list(dict.fromkeys(countries_in(s, e))) for s, e in sentences]
    salience = Counter(iso for found in per_sentence for iso in found)
    pair = _grammar().pair
    figures = []
    for (s, e), countries in zip(sentences, per_sentence, strict=True):
        sentence = text[s:e]
        evidence = Evidence(sentence=sentence, start=s, end=e)
        in_sentence = find_dates(sentence, s) if dates is None else dates.inside(s, e)
        for m, kind in _spans(sentence, s, in_sentence):
            fig = _figure(m, kind, sentence, s, evidence, countries)
            if fig is None:
                continue
            if len(fig.countries) < 2 and pair.search(sentence):
                # "bilateral trade" with the partners named elsewhere: the document's two most mentioned
                fig.countries = [*fig.countries, *(iso for iso, _ in salience.most_common()
                                                   if iso not in fig.countries)][:2]
            figures.append(fig)
    return figures


def casualties(sentence: str, start: int = 0) -> list[Figure]:
    """Killed and injured counts in a sentence ("at least 30 people were killed", "killing 12")."""
    g = _grammar()
    c = _cues()
    injured = set(c["casualties"]["injured"])
    evidence = Evidence(sentence=sentence, start=start, end=start + len(sentence))
    found = []
    for m in g.cas_number.finditer(sentence):
        raw = m.group("num").lower()
        value = c["number_words"][raw] if raw in c["number_words"] else _number(raw)
        after = g.cas_after.match(sentence, m.end())
        before = g.cas_before.search(sentence, max(0, m.start() - 40), m.start())
        hit = after or before
        if hit is None or _is_year_number(raw):  # "the 2019 talks killed the deal"
            continue
        measure = "injured" if hit.group("cue").lower() in injured else "killed"
        end = after.end() if after else m.end()
        begin = m.start() if after else before.start()
        found.append(Figure(text=sentence[begin:end], value=value, unit="people", evidence=evidence,
                            measure=measure, role="current"))
    return found


def _is_year_number(raw: str) -> bool:
    return len(raw) == 4 and raw[:2] in ("19", "20")
