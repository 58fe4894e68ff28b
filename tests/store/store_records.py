"""Hand-built Analysis records with events, so store and dyad tests do not depend on the analysis stages."""

from __future__ import annotations

from dyad.model import Actor, ActorRef, Analysis, Document, Event, Evidence, Location
from dyad.time import date_bounds

STAMP = "dyad test+kfixed"

COUNTRIES = {"IRN": "Iran", "PAK": "Pakistan", "IND": "India", "USA": "the United States", "GBR": "Britain"}


def ref(code: str) -> ActorRef:
    return ActorRef(f"dyad:{code}", COUNTRIES[code], code, "GOV")


def event(kind: str, source: list[str], target: list[str], sentence: str, *, date: str | None = None,
          quad: int = 1, goldstein: float = 1.0, modality: str = "asserted", place: Location | None = None) -> Event:
    precision = {10: "day", 7: "month", 4: "year"}.get(len(date or ""), "none")
    start, end = date_bounds(date, precision)
    return Event(type=kind, evidence=Evidence(sentence, 0, len(sentence)), source=[ref(c) for c in source],
                 target=[ref(c) for c in target], modality=modality, date=date, date_precision=precision,
                 date_start=start, date_end=end, quad_class=quad, goldstein=goldstein, location=place)


def analysis(text: str, events: list[Event], *, origin: str = "https://example.org/a", published: str | None = None,
             stamp: str = STAMP) -> Analysis:
    doc = Document(id="", origin=origin, text=text, published=published)
    codes = sorted({r.country for e in events for r in e.source + e.target if r.country})
    actors = [Actor(f"dyad:{c}", COUNTRIES[c], "state", c, "GOV", mentions=[(0, 1)]) for c in codes]
    return Analysis(document=doc, events=events, actors=actors, pipeline=stamp)


def agreement(origin: str, published: str, order: tuple[str, str] = ("IRN", "PAK"), date: str | None = None) -> Analysis:
    """An article reporting the Iran–Pakistan trade agreement (joint actors) in its own words."""
    sentence = f"{COUNTRIES[order[0]]} and {COUNTRIES[order[1]]} signed a trade agreement in Islamabad."
    text = f"{sentence} Reported by {origin}."
    return analysis(text, [event("AGREE", list(order), [], sentence, date=date or published,
                                 place=Location("Islamabad", "PAK"), quad=1, goldstein=3.0)],
                    origin=origin, published=published)
