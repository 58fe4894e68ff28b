"""The learned event step on real sentences (free-news, CC BY; their text is in the repository): exact events."""

from __future__ import annotations

import pytest

from dyad.evaluation.corpus import load_corpus
from dyad.learn.model import event_model, model_digest
from dyad.model import Analysis, Document
from dyad.pipeline import Pipeline, analyse_document

ITEMS = {item.id: item for item in load_corpus(redistributable_only=True)}


def _analyse(item_id: str, pipeline: Pipeline | None = None) -> Analysis:
    item = ITEMS[item_id]
    return analyse_document(Document(id=item.id, origin=item.document, text=item.text, language="en"), pipeline)


def _tuples(analysis: Analysis) -> list[tuple]:
    return [(e.type, e.modality, [r.text for r in e.source], [r.text for r in e.target], e.evidence.trigger)
            for e in analysis.events]


@pytest.mark.parametrize(("item_id", "expected"), [
    # the quote's "we" (Saree's movement) warns; the gold names the speaker, Saree
    ("ev02616", [("THREATEN", "asserted", ["we"], ["Saudis"], "warn")]),
    ("ev02663", [("COERCE", "negated", ["United States"], ["ISIS detainees"], "holding")]),
    ("ev02659", [("COERCE", "planned", ["Turkey"], ["ISIS fighters"], "guarding"),
                 ("REJECT", "asserted", [], ["ISIS fighters"], "repatriate")]),
    ("ev02624", [("ASSAULT", "asserted", ["US special forces"], [], "killed")]),
])
def test_learned_events_on_real_sentences(item_id: str, expected: list[tuple]) -> None:
    assert _tuples(_analyse(item_id)) == expected


def test_the_rules_alone_miss_what_the_learned_step_finds() -> None:
    rules = Pipeline(without={"event_sentences", "learned_events"})
    assert _tuples(_analyse("ev02663", rules)) != _tuples(_analyse("ev02663"))


def test_a_participant_no_knowledge_file_names_becomes_a_phrase_actor() -> None:
    analysis = _analyse("ev01776")  # "The parties reaffirmed their mutual commitment to ... Russian-Uzbek relations"
    phrases = [a for a in analysis.actors if a.id.startswith("dyad:phrase:")]
    assert [(a.id, a.kind, a.country) for a in phrases] == [("dyad:phrase:parties", "group", None)]
    assert [m.kind for m in analysis.mentions if m.actors == [phrases[0].id]] == ["phrase"]


def test_the_model_files_are_checked_and_part_of_the_pipeline_version() -> None:
    from dyad.version import knowledge_digest

    model = event_model()
    assert model.manifest["heads_sha256"] and 0 < model.keep_threshold < 1
    assert set(model.thresholds) == set(model.type.labels)
    assert len(model_digest()) == 12 and knowledge_digest()  # the heads live under dyad/data, digested there


def test_a_corrupted_heads_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import dyad.learn.model as module

    heads, manifest = module._files()
    monkeypatch.setattr(module, "_files", lambda: (heads[:-1] + b"x", manifest))
    module.event_model.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="does not match its manifest"):
            module.event_model()
    finally:
        module.event_model.cache_clear()


def test_a_natural_force_is_no_actor_for_the_learned_step_either() -> None:
    text = "A powerful earthquake struck eastern Turkey on Monday, killing 40 people."
    assert analyse_document(Document(id="quake", origin="t", text=text, language="en")).events == []


def test_an_empty_side_of_a_rule_event_takes_the_known_actor_the_role_head_ranks_first(monkeypatch) -> None:
    from dyad.learn.coder import LearnedEventCoder
    from dyad.learn.features import Candidate
    from dyad.model import Actor, ActorRef, Event, Evidence, Mention

    actors = {"IRN": Actor(id="IRN", name="Iran", kind="state", country="IRN"),
              "ISR": Actor(id="ISR", name="Israel", kind="state", country="ISR")}
    inside = [Mention(0, 4, "Iran", ["IRN"]), Mention(20, 26, "Israel", ["ISR"])]
    coder = LearnedEventCoder()
    chosen: dict[str, Candidate | None] = {}
    monkeypatch.setattr(coder, "_roles", lambda *args: (chosen.get("source"), chosen.get("target")))

    def filled(source: list[ActorRef], target: list[ActorRef]) -> tuple[list[str], list[str]]:
        event = Event("ACCUSE", Evidence("s", 0, 1), source=list(source), target=list(target))
        coder._fill_side(event, None, None, object(), [], inside, actors)
        return [r.actor for r in event.source], [r.actor for r in event.target]

    iran = ActorRef(actor="IRN", text="Iran", country="IRN")
    chosen.update(target=Candidate(20, 26, mention=1))
    assert filled([iran], []) == (["IRN"], ["ISR"])
    chosen.update(target=Candidate(0, 4, mention=0))  # never the source again
    assert filled([iran], []) == (["IRN"], [])
    chosen.update(source=Candidate(20, 26, mention=1), target=Candidate(8, 14))  # a noun phrase no file names
    assert filled([], [iran]) == (["ISR"], ["IRN"])
    assert filled([], []) == (["ISR"], [])


def test_a_word_of_a_name_is_never_a_learned_trigger() -> None:
    import numpy as np

    from dyad.learn.coder import LearnedEventCoder
    from dyad.learn.encoder import encoder
    from dyad.nlp import load_pipeline

    text = "The minister accused Indian officials of lying."
    sentence = load_pipeline()(text)
    assert {t.text: t.ent_type_ for t in sentence}["Indian"] == "NORP"
    (enc,) = encoder().encode([text])
    coder = LearnedEventCoder()
    column = coder.model.trigger.labels.index("ACCUSE")
    probs = np.zeros((len(enc.offsets), len(coder.model.trigger.labels)))
    for word, score in (("Indian", 0.8), ("accused", 0.4)):  # the name scores highest
        start = text.index(word)
        probs[(enc.offsets[:, 0] < start + len(word)) & (enc.offsets[:, 1] > start), column] = score
    assert coder._trigger(sentence, enc, probs, "ACCUSE").text == "accused"


def test_pick_roles_takes_each_roles_most_probable_candidate_from_the_threshold_never_one_for_both() -> None:
    import numpy as np

    from dyad.learn.coder import pick_roles

    # rows: candidates; columns: none, source, target
    probs = np.array([[0.60, 0.30, 0.10],   # "none" is its likeliest label, yet it is the best source guess
                      [0.20, 0.10, 0.70],
                      [0.50, 0.25, 0.25]])
    assert pick_roles(probs, 0.25) == (0, 1)
    assert pick_roles(probs, 0.5) == (None, 1)  # from 0.5 only a label's own majority counts
    both = np.array([[0.0, 0.5, 0.5], [0.9, 0.05, 0.05]])
    assert pick_roles(both, 0.25) == (0, None)  # one candidate fills one role
    assert pick_roles(np.array([[0.2, 0.3, 0.5]]), 0.25) == (None, 0)  # a likelier target is no source


def test_a_chunk_without_a_letter_or_digit_is_no_candidate() -> None:
    from dyad.learn.features import candidates
    from dyad.nlp import load_pipeline

    # spaCy makes "-" of "e-University" a noun chunk of its own; it had become the actor "dyad:phrase:"
    sentence = load_pipeline()("With no direct accountability, the e-University had had too much freedom.")
    texts = [sentence.text[c.start:c.end] for c in candidates(sentence, [])]
    assert "-" not in texts and "University" in texts


def test_an_unresolved_pronoun_is_a_participant_of_its_own_occurrence() -> None:
    from dyad.learn.features import candidates
    from dyad.nlp import load_pipeline

    sentence = load_pipeline()("He said they would meet us, and it was himself who told his friends.")
    found = [(sentence.text[c.start:c.end], c.pronoun) for c in candidates(sentence, [])]
    assert found == [("He", True), ("they", True), ("us", True), ("it", True), ("friends", False)]

    analysis = _analyse("ev02616")  # "... we warn the Saudis ...", Saree said.
    (event,) = analysis.events
    (we,) = event.source
    actor = next(a for a in analysis.actors if a.id == we.actor)
    assert (actor.id, actor.kind, actor.country) == (f"dyad:phrase:we-{ITEMS['ev02616'].text.index('we warn')}",
                                                    "group", None)
