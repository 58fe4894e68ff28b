"""Modality of an event from the grammar around its trigger: asserted, planned, expected, proposed,
hypothetical or negated.

The trigger and the words that govern it (walking up through complements, never through a
subject) are checked nearest first; the first cue found decides.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyad.events.lexicon import lexicon

__all__ = ["GOVERNING_DEPS", "governors", "modality_of"]

# Dependencies through which a head governs the meaning of its dependant ("expected to culminate
# in the signing", "floating a deal"). Subjects are not governed: "signs of rapprochement may ease"
# does not make the rapprochement hypothetical.
GOVERNING_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "conj", "advcl", "acl", "attr",
                            "oprd", "appos", "dative", "agent", "npadvmod", "relcl"})


def governors(token: Token) -> list[Token]:
    """The trigger followed by the chain of heads that govern it, nearest first. An event noun that is the passive
    subject of a light verb is governed by it too: "the strike was not launched", "talks will be held"."""
    chain = [token]
    current = token
    light = lexicon().light_verbs
    while (current.dep_ in GOVERNING_DEPS or (current.dep_ == "nsubjpass" and current.head.lemma_.lower() in light)) \
            and current.head is not current and len(chain) < 12:
        current = current.head
        chain.append(current)
    return chain


def modality_of(trigger: Token) -> str:
    """The modality of the event that ``trigger`` expresses."""
    cues = lexicon().modality
    chain = governors(trigger)
    clause_seen = False  # past the first verb, a negative subject negates that verb's act, not the trigger's
    for position, node in enumerate(chain):
        if not clause_seen and any(_negative_subject(c, cues) for c in node.children):
            return "negated"
        clause_seen = clause_seen or node.pos_ in ("VERB", "AUX")
        if position == 0 and (modifier := _modifier_modality(node, cues)):
            return modifier
        polite = node.lemma_.lower() in cues["polite_modal_verbs"]  # "would like to thank" thanks
        for child in node.children:
            word = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "det" and word in cues["negation_words"]):
                return "negated"
            if (child.dep_ == "aux" or child.dep_ == "auxpass") and not polite:
                if word in cues["modal_reported_future"] and _reported_future(node, cues):
                    return "planned"
                if word in cues["modal_hypothetical"]:
                    return "hypothetical"
                if word in cues["modal_planned"]:
                    return "planned"
            if child.dep_ == "mark" and word in cues["conditional_marks"] and node.dep_ in ("advcl", "ccomp"):
                return "hypothetical"
            if child.dep_ == "det" and word in cues["hypothetical_dets"]:
                return "hypothetical"
            if child.dep_ == "advmod" and word in cues["hypothetical"]:
                return "hypothetical"
        if position == 0:
            continue
        lemma = node.lemma_.lower()
        if node.pos_ == "VERB" and lemma in cues["negating_verbs"]:  # "failed to reach an agreement"
            return "negated"
        if node.pos_ == "NOUN":
            for kind in ("planned", "proposed", "expected", "hypothetical"):
                if lemma in cues[f"{kind}_nouns"]:
                    return kind
            continue
        for kind in ("planned", "expected", "proposed", "hypothetical"):
            if lemma in cues[kind] or node.lower_ in cues[kind]:
                return kind
    return "asserted"


def _negative_subject(child: Token, cues: dict[str, frozenset[str]]) -> bool:
    """A subject that says nobody did it: "none of them", "no one", "no troops were sent"."""
    if child.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return child.lower_ in cues["negative_subjects"] or any(
        d.dep_ == "det" and d.lower_ in cues["negation_words"] for d in child.children)


def _modifier_modality(node: Token, cues: dict[str, frozenset[str]]) -> str | None:
    """The modality a modifier gives an event noun: "the planned talks", "a proposed deployment", "an imminent
    incursion", "talks that are due to resume"."""
    for child in node.children:
        words = [child.lower_]
        if child.dep_ == "relcl":
            words += [c.lower_ for c in child.children if c.dep_ in ("acomp", "oprd")]
        elif child.dep_ not in ("amod", "acl"):
            continue
        for kind in ("planned", "expected", "proposed", "hypothetical"):
            if any(w in cues[f"{kind}_modifiers"] for w in words):
                return kind
    return None


def _reported_future(clause: Token, cues: dict[str, frozenset[str]]) -> bool:
    """Whether "would" is a reported "will": its clause is what a past reporting verb says ("reported that the
    ministers would discuss …"), with no condition in it ("… would discuss it if …") and not a past counterfactual
    ("… would have met him")."""
    reporting = clause.head
    if clause.dep_ != "ccomp" or reporting.tag_ != "VBD" or reporting.lemma_.lower() not in cues["reporting_verbs"]:
        return False
    if any(c.dep_ == "aux" and c.lemma_.lower() in cues["perfect_auxiliaries"] for c in clause.children):
        return False
    return not any(t.dep_ == "mark" and t.lower_ in cues["conditional_marks"] for t in clause.subtree)
