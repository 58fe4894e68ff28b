"""The cue table: the finer CAMEO code (and its Goldstein weight) where the trigger or the sentence decides it."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from dyad.model import ActorRef, Document, Event, Evidence, Location
from dyad.score import cameo_code, crosswalk, cue_rules, score_event


def scored(ptype: str, sentence: str, trigger: str, mode: str | None = None, **fields: object) -> Event:
    start = sentence.index(trigger)
    event = Event(type=ptype, mode=mode, evidence=Evidence(sentence, 0, len(sentence), trigger, start,
                                                           start + len(trigger)), **fields)
    score_event(event)
    return event


def goldstein_of(code: str) -> float:
    return cameo_code(code).goldstein


@pytest.mark.parametrize(("sentence", "trigger", "mode", "cameo"), [
    ("The UN has launched an appeal for $3.3bn to help people in Syria.", "appeal", None, "023"),
    ("The Red Cross appealed for humanitarian access and medical supplies for Gaza.", "appealed", None, "0233"),
    ("Kyiv asked Washington for more air defence systems.", "asked", "assist", "0232"),
    ("The EU urged Iran and the US to return to talks.", "urged", None, "026"),
    ("Qatar called for the release of the hostages.", "called", "yield", "0253"),
    ("Pope Francis appealed for a ceasefire in Gaza.", "appealed", None, "0256"),
    ("Washington asked Islamabad for help against the militants.", "asked", "assist", "021"),
    ("Iran demanded that Pakistan release the detained border guards.", "demanded", None, "1053"),
    ("Protesters demanded the resignation of the prime minister.", "demanded", None, "104"),
    ("Turkey insisted that Syria withdraw its forces.", "insisted", "yield", "105"),
    ("The ministry ordered the embassy to hand over the documents.", "ordered", None, "100"),
])
def test_request_appeal_or_demand(sentence: str, trigger: str, mode: str | None, cameo: str) -> None:
    event = scored("REQUEST", sentence, trigger, mode)
    assert (event.cameo, event.goldstein, event.quad_class) == (cameo, goldstein_of(cameo), cameo_code(cameo).quad_class)


def test_an_appeal_is_verbal_cooperation_not_a_demand() -> None:
    event = scored("REQUEST", "The UN has launched an appeal for $3.3bn to help people in Syria.", "appeal")
    demand = crosswalk("REQUEST", None)
    assert (demand.cameo, demand.goldstein) == ("100", -5.0)
    assert event.cameo.startswith("02") and event.goldstein > 0 and event.quad_class == 1


@pytest.mark.parametrize(("sentence", "trigger", "mode", "cameo"), [
    ("The UN will investigate allegations of war crimes in Tigray.", "investigate", "disapprove", "094"),
    ("A commission will investigate human rights abuses in Myanmar.", "investigate", "investigate", "092"),
    ("Prosecutors opened an investigation into corruption at the ministry.", "investigation", None, "091"),
    ("Monitors will probe the strike on the convoy.", "probe", "investigate", "093"),
    ("Parliament launched an inquiry into the leak.", "inquiry", "investigate", "090"),
    ("Iran accused the United States of war crimes.", "accused", "allege", "1124"),
    ("Russia accused Britain of espionage.", "accused", "allege", "1125"),
    ("Pakistan accused India of aggression along the Line of Control.", "accused", "allege", "1123"),
    ("Pakistan condemned India for the attack in Kashmir.", "condemned", "disapprove", "111"),
    ("Chevron sued Ecuador over the ruling.", "sued", "allege", "115"),
    ("Beijing lodged a formal protest with Tokyo.", "protest", "disapprove", "114"),
])
def test_accuse_investigate_or_disapprove(sentence: str, trigger: str, mode: str | None, cameo: str) -> None:
    assert scored("ACCUSE", sentence, trigger, mode).cameo == cameo


def test_accuse_without_a_cue_keeps_the_crosswalk_code() -> None:
    assert scored("ACCUSE", "Iran took issue with the report.", "took issue", "disapprove").cameo == "110"


@pytest.mark.parametrize(("sentence", "trigger", "mode", "place", "cameo"), [
    ("Erdogan spoke by phone with Putin on Tuesday.", "spoke", None, None, "041"),
    ("Modi telephoned Sharif after the floods.", "telephoned", "phone", None, "041"),
    ("Iranian President Hassan Rouhani visited Pakistan on Monday.", "visited", "visit", None, "042"),
    ("Putin met Trump in Helsinki.", "met", None, Location("Helsinki", "FIN"), "044"),
    ("Iran and Pakistan met in Tehran.", "met", None, Location("Tehran", "IRN"), "040"),
    ("Qatar mediated between Hamas and Israel.", "mediated", "third-party", None, "045"),
    ("Iran and the EU negotiated for a week.", "negotiated", None, None, "046"),
])
def test_consult_medium_and_setting(sentence: str, trigger: str, mode: str | None, place: Location | None,
                                    cameo: str) -> None:
    parties = [ActorRef("dyad:A", "A", "IRN" if "Iran" in sentence else "RUS"), ActorRef("dyad:B", "B", "PAK")]
    assert scored("CONSULT", sentence, trigger, mode, source=parties, location=place).cameo == cameo


@pytest.mark.parametrize(("ptype", "sentence", "trigger", "cameo"), [
    ("AGREE", "Iran and Pakistan signed a trade agreement in Islamabad on Saturday.", "agreement", "057"),
    ("AGREE", "Both sides agreed to hold talks next month.", "agreed", "036"),
    ("SUPPORT", "The United States praised Pakistan for its efforts against terrorism.", "praised", "051"),
    ("SUPPORT", "Sweden recognised Palestine as a state.", "recognised", "054"),
    ("SUPPORT", "Japan apologised to Korea for the wartime abuses.", "apologised", "055"),
    ("AID", "Japan will provide humanitarian aid to Bangladesh.", "aid", "073"),
    ("AID", "Germany will send weapons to Ukraine.", "send", "072"),
    ("AID", "The IMF approved a $3bn loan to Pakistan.", "loan", "071"),
    ("COOPERATE", "Turkey extradited the suspect to Germany.", "extradited", "063"),
    ("COOPERATE", "India and France held joint naval exercises.", "exercises", "062"),
    ("REJECT", "Russia vetoed the UN Security Council resolution on Syria.", "vetoed", "129"),
    ("REJECT", "Iran rejected talks with the United States.", "rejected", "125"),
])
def test_other_families(ptype: str, sentence: str, trigger: str, cameo: str) -> None:
    event = scored(ptype, sentence, trigger)
    assert (event.cameo, event.goldstein) == (cameo, goldstein_of(cameo))


def test_every_rule_names_a_known_code_of_its_own_quad_class_family() -> None:
    rules = cue_rules("en")
    assert rules and all(cameo_code(rule.cameo).label for rule in rules)
    # a rule moves a code within verbal/material cooperation or conflict as CAMEO's roots say, never to a
    # code the type's PLOVER definition excludes: appeals (02) are the one cooperative code of a REQUEST
    for rule in rules:
        own = crosswalk(rule.type, None).quad_class
        assert cameo_code(rule.cameo).quad_class == own or (rule.type, rule.cameo[:2]) == ("REQUEST", "02"), rule


def test_the_table_names_its_source_and_a_language_without_one_keeps_the_crosswalk() -> None:
    raw = json.loads(resources.files("dyad.data").joinpath("lang", "en", "cameo_cues.json").read_text("utf-8"))
    assert "CAMEO" in raw["_source"] and raw["_licence"] and raw["_language"] == "en"
    assert cue_rules("xx") == ()
    event = Event(type="REQUEST", evidence=Evidence("x", 0, 1, "appeal", 0, 6))
    score_event(event, "xx")
    assert event.cameo == "100"


@pytest.mark.parametrize("without", [set(), {"event_sentences", "learned_events"}])
def test_both_coders_get_the_finer_code(without: set[str]) -> None:
    from dyad.pipeline import Pipeline, analyse_document

    text = "The UN has launched an appeal for $3.3bn to help people in Syria."
    analysis = analyse_document(Document(id="", origin="t", text=text, published="2024-08-03", language="en"),
                                Pipeline(without=without))
    requests = [e for e in analysis.events if e.type == "REQUEST"]
    assert [(e.cameo, e.goldstein, e.quad_class) for e in requests] == [("023", 3.4, 1)]


@pytest.mark.parametrize(("ptype", "sentence", "trigger", "cameo"), [
    # BBC politics sentences where a loose cue once chose a finer code wrongly
    ("REJECT", "An artist critical of Welsh arts funding being brought under assembly government control has denied "
               "comparing the idea with dictatorships.", "denied", "120"),
    ("AGREE", "He acknowledged he would have a \"a job of persuading to do\" on other nations to get the necessary "
              "commitment to debt relief.", "job", "033"),
    ("REQUEST", "Final appeals are being made for the government not to ditch the reform plan.", "made", "100"),
])
def test_real_sentences_without_a_deciding_cue(ptype: str, sentence: str, trigger: str, cameo: str) -> None:
    assert scored(ptype, sentence, trigger).cameo == cameo
