from __future__ import annotations

import pytest

from dyad.events.lexicon import lexicon
from dyad.events.modality import modality_of
from dyad.nlp import load_pipeline


def _modality(sentence: str, trigger: str) -> str:
    doc = load_pipeline()(sentence)
    token = next(t for t in doc if t.text == trigger)
    return modality_of(token)


@pytest.mark.parametrize(("sentence", "trigger", "expected"), [
    # an event noun that is the passive subject of a light verb takes that verb's modality
    ("We know the strike was not launched by Russian planes.", "strike", "negated"),
    ("Talks will be held in Doha next week.", "Talks", "planned"),
    ("The talks were held in Doha.", "talks", "asserted"),
    ("Iran attacked Israel on Monday.", "attacked", "asserted"),
    ("Iran did not attack Israel.", "attack", "negated"),
    ("Iran never signed the agreement.", "signed", "negated"),
    ("Iran could attack Israel.", "attack", "hypothetical"),
    ("The sanctions may ease tensions between the two.", "ease", "hypothetical"),
    ("If Iran attacks Israel, the region will burn.", "attacks", "hypothetical"),
    ("Iran will sign the agreement next week.", "sign", "planned"),
    ("President Pezeshkian is scheduled to hold talks with Sharif.", "talks", "planned"),
    ("These meetings are expected to culminate in the signing of agreements.", "signing", "expected"),
    ("Trump floated a trade deal with Pakistan.", "deal", "proposed"),
    ("Russia proposed talks with Ukraine.", "talks", "proposed"),
    ("Any dialogue between their leaders must include Afghanistan.", "dialogue", "hypothetical"),
    ("The threat of sanctions could complicate cooperation.", "sanctions", "hypothetical"),
    # a subject is not governed by its verb's modal: the rapprochement happened
    ("Signs of rapprochement between Iran and Saudi Arabia may ease rivalries.", "rapprochement", "asserted"),
    ("Pakistani officials condemned the Israeli strikes.", "strikes", "asserted"),
    ("Officials said Iran had attacked the tanker.", "attacked", "asserted"),
    # a reported "will" is planned as "will" is; a condition or a past counterfactual keeps it hypothetical
    ("Officials said Iran would attack the tanker.", "attack", "planned"),
    ("Officials said Iran would attack the tanker if talks failed.", "attack", "hypothetical"),
    ("Officials said Iran would have attacked the tanker.", "attacked", "hypothetical"),
    ("Iran would attack any tanker.", "attack", "hypothetical"),
    # a modifier of the event noun: its schedule, a prediction, a proposal, a possibility
    ("The planned peace talks were postponed.", "talks", "planned"),
    ("Villagers fled ahead of an imminent incursion.", "incursion", "planned"),
    ("Peace talks that are due to resume in Geneva will include Iran.", "talks", "planned"),
    ("The proposed deployment of peacekeepers divides the council.", "deployment", "proposed"),
    ("Civilians brace for the expected offensive.", "offensive", "expected"),
    ("A potential withdrawal worries the Kurds.", "withdrawal", "hypothetical"),
    # a negative subject, a failed attempt
    ("No troops were sent to the border.", "sent", "negated"),
    ("None of the players made concrete offers.", "offers", "negated"),
    ("The union has failed to negotiate a new contract.", "negotiate", "negated"),
    # past the first verb a negative subject is that verb's: the signing is not negated
    ("No one knew that Iran had signed the deal.", "signed", "asserted"),
    # "would like to" performs the act it names
    ("I would like to thank you for inviting me.", "thank", "asserted"),
    ("Bolton advocated air strikes against Iran.", "strikes", "proposed"),
])
def test_modality_cases(sentence: str, trigger: str, expected: str) -> None:
    assert _modality(sentence, trigger) == expected


def test_lexicon_prefers_curated_entries_and_reads_cameo_patterns() -> None:
    lex = lexicon()
    assert lex.verb("condemn", []) == ("ACCUSE", "disapprove")
    assert lex.verb("say", []) is None  # statements are not PLOVER events
    assert lex.is_curated("punish") and lex.verb("punish", []) == ("SANCTION", None)
    # a CAMEO dictionary pattern: verb + object
    assert lex.verb("impose", ["sanction"]) is not None
    assert lex.nouns["rapprochement"][0] == "AGREE"


def test_curated_patterns_name_their_object_by_its_lemma() -> None:
    # the coder matches a verb's object by lemma: "send troops" had never matched "sent troops" ("troop")
    nlp = load_pipeline()
    patterns = [key for key in lexicon().phrases if " " in key]
    assert "send troop" in patterns
    for key in patterns:
        verb, word = key.split(" ", 1)
        assert nlp(f"They {verb} {word}")[-1].lemma_.lower() == word.split()[-1], key
