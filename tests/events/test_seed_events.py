"""The seed page's events (issue table): type, source → target countries, modality; dates for the dated ones."""

from __future__ import annotations

import pytest
from shared_data import SEED

from dyad.ingest import read_paths
from dyad.ingest.published import NO_EVIDENCE, text_published
from dyad.model import Analysis, Event
from dyad.pipeline import analyse_document

# The seed page carries no trusted date (no metadata, dateline or dated URL); it appeared on 2025-08-02, the
# day of the visit it reports, and is dated as a user would date it: `--published 2025-08-02`.
SEED_PUBLISHED = "2025-08-02"


@pytest.fixture(scope="module")
def seed_analysis() -> Analysis:
    (document,) = list(read_paths([SEED], published=SEED_PUBLISHED))
    return analyse_document(document)


def _countries(refs: list) -> set[str]:
    return {r.country for r in refs if r.country}


def _find(events: list[Event], words: str, types: set[str]) -> list[Event]:
    return [e for e in events if words in e.evidence.sentence and e.type in types]


def _key(event: Event) -> tuple[str, str, str, str | None, tuple[str, ...], tuple[str, ...], str]:
    """An event as the table below lists it: its sentence's first four words, trigger, type, mode, source and
    target countries, modality."""
    return (" ".join(event.evidence.sentence.split()[:4]), event.evidence.trigger, event.type, event.mode,
            tuple(sorted(_countries(event.source))), tuple(sorted(_countries(event.target))), event.modality)


# Every event the pipeline codes on the seed page, in text order, and no others. The rows marked * are the issue
# table's events; the others are what the coder adds (some without a country on either side: an unnamed visit,
# "these meetings"). A change here is a change of the output: check it against the text before updating the table.
SEED_EVENTS = [
    ("The arrival of Iranian", "arrival", "CONSULT", "visit", ("IRN",), ("PAK",), "asserted"),  # *
    ("Taking place just months", "confrontation", "ASSAULT", None, ("IRN", "ISR"), (), "asserted"),
    ("Taking place just months", "visit", "CONSULT", "visit", (), (), "asserted"),
    ("Coming just sixteen months", "visit", "CONSULT", "visit", ("IRN",), ("PAK",), "asserted"),  # *
    ("Coming just sixteen months", "attendance", "CONSULT", "visit", ("PAK",), ("IRN",), "asserted"),  # *
    ("On August 3rd, President", "talks", "CONSULT", None, ("IRN",), ("PAK",), "planned"),  # *
    ("These meetings are expected", "meetings", "CONSULT", None, (), (), "planned"),
    ("These meetings are expected", "signing", "AGREE", None, ("IRN", "PAK"), (), "expected"),  # *
    ("The discussions will focus", "discussions", "CONSULT", None, (), (), "planned"),
    ("The discussions will focus", "cooperation", "COOPERATE", None, ("IRN", "PAK"), (), "planned"),
    ("The deep cultural, historical,", "visit", "CONSULT", "visit", (), ("PAK",), "asserted"),
    ("Both nations are grappling", "grappling", "ACCUSE", "disapprove", ("IRN", "PAK"), (), "asserted"),
    ("Pakistan’s robust diplomatic support", "support", "SUPPORT", None, ("PAK",), ("IRN",), "asserted"),  # *
    ("This deepening of ties", "mindful", "SUPPORT", None, ("PAK",), ("IRN",), "asserted"),  # "ties with Tehran"
    ("However, the China-brokered Iran-Saudi", "rapprochement", "AGREE", None, ("IRN", "SAU"), (), "asserted"),  # *
    ("However, the China-brokered Iran-Saudi", "rapprochement", "COOPERATE", None, ("IRN", "SAU"), (), "asserted"),
    # a misreading: Islamabad's stance "on the Iran-Israel crisis" accuses neither (the role threshold gave it a target)
    ("In stark contrast to", "unequivocal", "ACCUSE", "disapprove", ("PAK",), ("IRN", "ISR"), "asserted"),
    ("At the United Nations", "condemned", "ACCUSE", "disapprove", ("PAK",), ("ISR",), "asserted"),  # *
    ("At the United Nations", "affirmed", "SUPPORT", None, ("PAK",), ("IRN",), "asserted"),  # *
    ("Any substantive dialogue between", "discussion", "CONSULT", None, (), (), "proposed"),
    ("It is worth noting", "visit", "CONSULT", "visit", ("PAK",), ("IRN",), "asserted"),  # *
    ("It is worth noting", "agreed", "AGREE", None, ("IRN", "PAK"), (), "asserted"),  # *
    ("Under the Trump administration,", "punished", "SANCTION", None, ("USA",), ("IND",), "asserted"),  # *
    ("Under the Trump administration,", "punished", "ACCUSE", "allege", ("USA",), ("IND",), "asserted"),
    ("Yet, in a remarkable", "sympathetic", "SUPPORT", None, ("USA",), ("PAK",), "asserted"),
    ("Yet, in a remarkable", "deal", "AGREE", None, ("USA",), ("PAK",), "proposed"),  # *
    ("Yet, in a remarkable", "help", "AID", None, ("USA",), ("PAK",), "asserted"),
    ("This underscores a critical", "objection", "REJECT", None, ("USA",), (), "asserted"),
    ("However, after the Indian", "skirmish", "ASSAULT", None, ("IND",), ("PAK",), "asserted"),  # *
    ("Persistent cross-border tensions and", "allegations", "ACCUSE", "allege", (), (), "asserted"),
    ("Smuggling, sectarian sensitivities, and", "sanctions", "SANCTION", None, ("USA",), (), "hypothetical"),
    ("Although recent signs of", "rapprochement", "AGREE", None, ("IRN", "SAU"), (), "asserted"),
    ("Although recent signs of", "backing", "SUPPORT", None, ("CHN",), (), "asserted"),
]


def test_seed_events_exactly(seed_analysis: Analysis) -> None:
    assert [_key(e) for e in seed_analysis.events] == SEED_EVENTS


def test_seed_assault_between_iran_and_israel(seed_analysis: Analysis) -> None:
    assaults = [e for e in seed_analysis.events if e.type == "ASSAULT" and e.modality == "asserted"]
    pairs = [_countries(e.source) | _countries(e.target) for e in assaults]
    assert {"IRN", "ISR"} in pairs or any(_countries(e.source) == {"ISR"} for e in assaults)


def test_china_is_a_third_party_of_the_rapprochement(seed_analysis: Analysis) -> None:
    (event,) = [e for e in _find(seed_analysis.events, "China-brokered", {"AGREE", "SUPPORT"})]
    assert "CHN" not in _countries(event.source) | _countries(event.target)
    assert _countries(event.third_parties) == {"CHN"}


@pytest.mark.parametrize("words", ["could all complicate", "may ease regional rivalries",
                                   "could see this trade expand manifold", "must invariably include discussion"])
def test_nothing_asserted_from_hypothetical_sentences(seed_analysis: Analysis, words: str) -> None:
    for event in seed_analysis.events:
        if words in event.evidence.sentence:
            trigger_after = event.evidence.trigger_start - event.evidence.start >= event.evidence.sentence.index(words)
            if trigger_after or event.evidence.trigger in ("sanctions", "discussion", "trade", "cooperation"):
                assert event.modality != "asserted", (event.type, event.evidence.trigger)


def test_no_event_or_actor_from_teasers_headings_or_byline(seed_analysis: Analysis) -> None:
    text = seed_analysis.document.text
    for event in seed_analysis.events:
        assert text[event.evidence.start:event.evidence.end] == event.evidence.sentence
        assert event.evidence.sentence in text
    for teaser in seed_analysis.document.teasers:
        for event in seed_analysis.events:
            assert event.evidence.sentence not in teaser.summary
    assert not any("Gorkha" in e.evidence.sentence or "Kashmir" in e.evidence.sentence for e in seed_analysis.events)


def test_every_event_is_scored(seed_analysis: Analysis) -> None:
    for event in seed_analysis.events:
        assert event.cameo and event.quad_class in (1, 2, 3, 4) and event.goldstein is not None


@pytest.mark.parametrize(("words", "types", "date", "precision"), [
    ("arrival of Iranian President", {"CONSULT"}, "2025-08-02", "day"),
    ("scheduled to hold separate high-level talks", {"CONSULT"}, "2025-08-03", "day"),
    ("Raisi’s landmark visit", {"CONSULT"}, "2024-04", "month"),
    ("Sharif’s visit to Tehran in May", {"CONSULT"}, "2025-05", "month"),
    ("both leaders agreed to find a quick resolution", {"AGREE"}, "2025-05", "month"),
    ("skirmish with Pakistan in May", {"ASSAULT"}, "2025-05", "month"),
    ("military confrontation between Iran and Israel", {"ASSAULT"}, "2025", "year"),
])
def test_seed_event_dates(seed_analysis: Analysis, words: str, types: set[str], date: str, precision: str) -> None:
    dated = {(e.date, e.date_precision) for e in _find(seed_analysis.events, words, types)}
    assert (date, precision) in dated, dated


def test_seed_gets_no_publication_date_from_its_body(seed_analysis: Analysis) -> None:
    assert (seed_analysis.document.published, seed_analysis.document.published_source) == (SEED_PUBLISHED, "given")
    (undated,) = list(read_paths([SEED]))  # its body's "August 2, 2025" is the visit's date, not the page's
    assert undated.published is None and text_published(undated) == (None, NO_EVIDENCE)


def test_seed_places(seed_analysis: Analysis) -> None:
    (arrival,) = _find(seed_analysis.events, "arrival of Iranian President", {"CONSULT"})
    assert arrival.location is not None and arrival.location.country == "PAK"
    (visit,) = [e for e in _find(seed_analysis.events, "Sharif’s visit to Tehran", {"CONSULT"}) if e.mode == "visit"]
    assert visit.location is not None and visit.location.country == "IRN"


def test_seed_trade_figures(seed_analysis: Analysis) -> None:
    by_text = {f.text: f for f in seed_analysis.figures}
    current, target = by_text["$3 billion"], by_text["$10 billion"]
    assert (current.value, current.unit, current.role) == (3e9, "USD", "current")
    assert (target.value, target.unit, target.role) == (1e10, "USD", "target")
    for figure in (current, target):
        assert figure.measure == "bilateral trade" and set(figure.countries) == {"IRN", "PAK"}
        assert seed_analysis.document.text[figure.evidence.start:figure.evidence.end] == figure.evidence.sentence
