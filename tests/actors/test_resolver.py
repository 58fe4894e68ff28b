"""Resolution rules of ActorResolver, one test per rule, on hand-written text (no model needed)."""

from __future__ import annotations

import pytest
import spacy
from shared_data import shared_path
from spacy.tokens import Span

from dyad.actors import ActorResolver
from dyad.model import Actor, Document, Mention


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def resolve(resolver: ActorResolver, text: str, on: str = "2025-08-02") -> tuple[dict[str, Actor], list[Mention]]:
    actors, mentions = resolver.resolve(Document(id="t", origin="t", text=text, published=on), [])
    return {a.id: a for a in actors}, mentions


def mention(mentions: list[Mention], text: str) -> Mention:
    return next(m for m in mentions if m.text == text)


def test_state_name_and_demonym(resolver: ActorResolver) -> None:
    actors, mentions = resolve(resolver, "Iran welcomed the Saudi offer.")
    assert mention(mentions, "Iran").actors == ["dyad:IRN"]
    assert mention(mentions, "Saudi").actors == ["dyad:SAU"]
    assert actors["dyad:IRN"].kind == "state" and actors["dyad:IRN"].country == "IRN"


def test_capital_as_metonym_is_the_government_but_a_destination_is_a_place(resolver: ActorResolver) -> None:
    actors, mentions = resolve(resolver, "Tehran praised the talks. Sharif flew to Tehran.")
    assert mentions[0].actors == ["dyad:IRN:GOV"] and mentions[0].kind == "capital"
    assert actors["dyad:IRN:GOV"].sector == "GOV"
    assert mention(mentions, "Tehran") is mentions[0]
    place = [m for m in mentions if m.kind == "place"]
    assert [(m.text, m.actors) for m in place] == [("Tehran", ["dyad:IRN"])]


def test_a_capital_receiving_a_transfer_is_its_government(resolver: ActorResolver) -> None:
    # the transfer word must be in the name's own sentence: the second "Kyiv" is where officials flew
    _, mentions = resolve(resolver, "Germany will deliver missiles to Kyiv. Officials flew to Kyiv.")
    kyiv = [(m.kind, m.actors) for m in mentions if m.text == "Kyiv"]
    assert kyiv == [("capital", ["dyad:UKR:GOV"]), ("place", ["dyad:UKR"])]
    # whole words, not stems: "fundamental" names no transfer
    _, mentions = resolve(resolver, "A fundamental shift brought officials to Kyiv.")
    assert [(m.kind, m.actors) for m in mentions if m.text == "Kyiv"] == [("place", ["dyad:UKR"])]


@pytest.mark.parametrize(("text", "span", "actor", "kind"), [
    ("Pakistani officials condemned the strikes.", "Pakistani officials", "dyad:PAK:GOV", "government"),
    ("Washington punished Indian companies.", "Indian companies", "dyad:IND:BUS", "business"),
    ("After the Indian military's poor showing, talks began.", "Indian military", "dyad:IND:MIL", "military"),
    ("Iran hosts millions of Afghan refugees.", "Afghan refugees", "dyad:AFG:REF", "people"),
    ("Under the Trump administration, sanctions grew.", "Trump administration", "dyad:USA:GOV", "government"),
    # the longer agent wins over the word after the gap: the opposition, not "leader" (the government)
    ("The Syrian opposition leader called for talks.", "Syrian opposition leader", "dyad:SYR:OPP", "group"),
    ("Iranian state media reported the arrests.", "Iranian state media", "dyad:IRN:MED", "organisation"),
])
def test_country_word_and_agent(resolver: ActorResolver, text: str, span: str, actor: str, kind: str) -> None:
    actors, mentions = resolve(resolver, text)
    assert mention(mentions, span).actors == [actor]
    assert actors[actor].kind == kind


def test_possessive_is_the_state(resolver: ActorResolver) -> None:
    _, mentions = resolve(resolver, "Pakistan's robust diplomatic support for Iran was clear.")
    assert mention(mentions, "Pakistan").actors == ["dyad:PAK"]


@pytest.mark.parametrize(("text", "span", "ids"), [
    ("They discussed the Iran-Pakistan relationship.", "Iran-Pakistan", ["dyad:IRN", "dyad:PAK"]),
    ("During the Iran–Israel crisis, markets fell.", "Iran–Israel", ["dyad:IRN", "dyad:ISR"]),
    ("The threat concerns both Tehran and Islamabad.", "Tehran and Islamabad", ["dyad:IRN:GOV", "dyad:PAK:GOV"]),
])
def test_compounds_and_pairs_name_both(resolver: ActorResolver, text: str, span: str, ids: list[str]) -> None:
    _, mentions = resolve(resolver, text)
    assert mention(mentions, span).actors == ids


def test_the_two_countries_refers_to_the_pair_in_focus(resolver: ActorResolver) -> None:
    text = ("Iran and Pakistan share a border. Iran exports gas. Pakistan buys it.\n\n"
            "The two countries agreed to expand trade, and both leaders praised Pezeshkian's visit.")
    _, mentions = resolve(resolver, text)
    assert mention(mentions, "The two countries").actors == ["dyad:IRN", "dyad:PAK"]
    assert mention(mentions, "both leaders").actors == ["dyad:IRN:GOV", "dyad:PAK:GOV"]  # no leader named before


def test_the_pair_later_in_the_sentence_wins(resolver: ActorResolver) -> None:
    text = "The Iran-Israel war ended.\n\nAs the two primary neighbors, both Pakistan and Iran host refugees."
    _, mentions = resolve(resolver, text)
    assert mention(mentions, "the two primary neighbors").actors == ["dyad:PAK", "dyad:IRN"]


def test_roles_are_those_held_on_the_document_date(resolver: ActorResolver) -> None:
    text = "The late President Ebrahim Raisi met Donald Trump."
    actors, _ = resolve(resolver, text, on="2025-08-02")
    raisi = next(a for a in actors.values() if a.name == "Ebrahim Raisi")
    trump = next(a for a in actors.values() if a.name == "Donald Trump")
    assert (raisi.country, raisi.sector, raisi.role) == ("IRN", "GOV", "former President of Iran")
    assert trump.role == "President of the United States"
    actors, _ = resolve(resolver, text, on="2022-06-01")
    assert next(a for a in actors.values() if a.name == "Ebrahim Raisi").role == "President of Iran"
    assert next(a for a in actors.values() if a.name == "Donald Trump").role == "former President of the United States"


def test_person_without_office_keeps_country_only(resolver: ActorResolver) -> None:
    actors, _ = resolve(resolver, "A tribute at the tomb of Allama Muhammad Iqbal.")
    iqbal = next(a for a in actors.values() if a.kind == "person")
    assert (iqbal.country, iqbal.sector, iqbal.role) == ("PAK", None, None)


def test_title_and_demonym_belong_to_the_person_mention(resolver: ActorResolver) -> None:
    _, mentions = resolve(resolver, "The arrival of Iranian President Masoud Pezeshkian in Pakistan.")
    assert mention(mentions, "Iranian President Masoud Pezeshkian").kind == "person"
    assert not any(m.text == "Iranian" for m in mentions)


def test_bare_surname_resolves_to_the_person_introduced(resolver: ActorResolver) -> None:
    text = "Prime Minister Nawaz Sharif spoke first. Later, Sharif left."
    actors, mentions = resolve(resolver, text, on="2015-01-01")
    nawaz = next(a for a in actors.values() if a.name == "Nawaz Sharif")
    assert mention(mentions, "Sharif").actors == [nawaz.id]
    assert nawaz.role == "Prime Minister of Pakistan"


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("Georgia met Armenia in Tbilisi.", "Georgia", ["dyad:GEO"]),
    ("Georgia's governor spoke in Atlanta about the U.S. state budget.", "Georgia", ["dyad:USA"]),
    ("Congo traded blame with Rwanda over Goma.", "Congo", ["dyad:COD"]),
    ("Congo said so in Brazzaville.", "Congo", ["dyad:COG"]),
])
def test_ambiguous_names_follow_context(resolver: ActorResolver, text: str, name: str, expected: list[str]) -> None:
    _, mentions = resolve(resolver, text)
    assert mention(mentions, name).actors == expected


def test_longest_match_separates_niger_and_nigeria(resolver: ActorResolver) -> None:
    _, mentions = resolve(resolver, "Nigeria and Niger closed the border with Equatorial Guinea.")
    assert [m.actors for m in mentions] == [["dyad:NGA", "dyad:NER"], ["dyad:GNQ"]]


def test_lowercase_common_words_are_not_countries(resolver: ActorResolver) -> None:
    _, mentions = resolve(resolver, "They ate turkey on china plates; the talks were about us.")
    assert mentions == []


def test_knowledge_beats_ner_but_a_longer_person_beats_a_country(resolver: ActorResolver) -> None:
    text = "Michael Jordan visited Nepal."
    doc = spacy.blank("en")(text)
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 4, label="PERSON")]
    doc.user_data["offset"] = 0
    _actors, mentions = resolver.resolve(Document(id="t", origin="t", text=text, published="2020-01-01"), [doc])
    assert [(m.text, m.actors) for m in mentions] == [
        ("Michael Jordan", ["dyad:person:michael-jordan"]), ("Nepal", ["dyad:NPL"])]


def test_organisations_and_dated_groups(resolver: ActorResolver) -> None:
    actors, _ = resolve(resolver, "The United Nations and NATO condemned the Taliban.", on="2025-01-01")
    assert actors["dyad:igo:UN"].sector == "IGO" and actors["dyad:igo:NATO"].kind == "igo"
    assert (actors["dyad:group:TALIBAN"].country, actors["dyad:group:TALIBAN"].sector) == ("AFG", "GOV")
    actors, _ = resolve(resolver, "The Taliban attacked a checkpoint.", on="2019-01-01")
    assert actors["dyad:group:TALIBAN"].sector == "INS"


def test_actor_mentions_are_offsets_into_the_text(resolver: ActorResolver) -> None:
    text = "Iran and Israel clashed. Iran fired missiles."
    actors, _ = resolve(resolver, text)
    assert [text[s:e] for s, e in actors["dyad:IRN"].mentions] == ["Iran and Israel", "Iran"]


def test_lookup_and_country_code(resolver: ActorResolver) -> None:
    assert resolver.lookup("Iran").id == "dyad:IRN"
    assert resolver.lookup("IRN").id == "dyad:IRN"
    assert resolver.lookup("Tehran").id == "dyad:IRN:GOV"
    assert resolver.lookup("Pakistani officials").id == "dyad:PAK:GOV"
    assert resolver.lookup("Shehbaz Sharif", on="2025-08-02").role == "Prime Minister of Pakistan"
    assert resolver.lookup("Atlantis") is None
    assert [resolver.country_code(x) for x in ("Iran", "IRN", "iran", "IR", "Iranian", "Narnia")] == [
        "IRN", "IRN", "IRN", "IRN", "IRN", None]


def test_places_and_candidates(resolver: ActorResolver) -> None:
    lahore = resolver.place("Lahore")
    assert (lahore.country, lahore.admin1) == ("PAK", "Punjab") and lahore.lat and lahore.lon
    assert resolver.place("Sistan va Baluchestan").country == "IRN"
    assert resolver.place("Balochistan").country == "PAK"
    assert resolver.place("Nowhereville") is None
    text = "Nothing here. Pakistan spoke."
    assert [text[s:e] for s, e in resolver.candidates(text)] == ["Pakistan"]


def _resolve_parsed(resolver: ActorResolver, text: str) -> tuple[dict[str, Actor], list[Mention]]:
    from dyad.nlp import parse_spans, split_sentences

    document = Document(id="t", origin="t", text=text, published="2025-08-02")
    actors, mentions = resolver.resolve(document, parse_spans(text, split_sentences(text)), generic_agents=True)
    return {a.id: a for a in actors}, mentions


@pytest.mark.parametrize(("text", "span", "actor"), [
    ("Police arrested dozens of activists in Moscow.", "Police", "dyad:RUS:COP"),
    ("Thousands of protesters marched in Tehran against the government.", "protesters", "dyad:IRN:CVL"),
    ("Rebels attacked a convoy near Aleppo.", "Rebels", "dyad:agent:REB"),  # rebels in Syria may be foreign
    ("Troops fired on the crowd.", "Troops", "dyad:agent:MIL"),
])
def test_bare_agents_are_actors_by_sector(resolver: ActorResolver, text: str, span: str, actor: str) -> None:
    actors, mentions = _resolve_parsed(resolver, text)
    assert mention(mentions, span).actors == [actor] and mention(mentions, span).kind == "generic"
    assert actors[actor].sector == actor.rsplit(":", 1)[1]


def test_home_sector_agents_placed_nowhere_take_the_documents_home_country(resolver: ActorResolver) -> None:
    text = ("Gordon Brown and Jack Straw met Labour officials. The government said police would act. "
            "In Moscow, police detained 20 protesters. Troops fired on the crowd.")
    _, mentions = _resolve_parsed(resolver, text)
    assert mention(mentions, "government").actors == ["dyad:GBR:GOV"]
    assert mention(mentions, "police").actors == ["dyad:GBR:COP"]
    assert [m.actors for m in mentions if m.text == "police"][1] == ["dyad:RUS:COP"]  # its sentence places it
    assert mention(mentions, "Troops").actors == ["dyad:agent:MIL"]  # troops are too often foreign
    _, mentions = _resolve_parsed(resolver, "Iran and Pakistan argued. The government said police would act.")
    assert mention(mentions, "government").actors == ["dyad:agent:GOV"]  # no home country: two countries share it


@pytest.mark.parametrize("text", [
    "The two-day state visit began on Sunday.",
    "A military confrontation between the two followed.",
    "Any dialogue between their leaders must include trade.",
])
def test_agent_words_used_as_modifiers_or_possessed_are_not_actors(resolver: ActorResolver, text: str) -> None:
    actors, _ = _resolve_parsed(resolver, text)
    assert not [a for a in actors if a.startswith("dyad:agent:")]


@pytest.mark.parametrize(("page", "name", "country"), [
    ("001.txt", "Tony Blair", "GBR"), ("001.txt", "Gordon Brown", "GBR"), ("009.txt", "Jack Straw", "GBR"),
    ("058.txt", "Jacques Chirac", "FRA"), ("035.txt", "Gerhard Schroeder", "DEU"), ("149.txt", "Ariel Sharon", "ISR"),
])
def test_people_of_bbc_politics_hold_their_2005_government_role(resolver: ActorResolver, page: str, name: str,
                                                                 country: str) -> None:
    text = shared_path("corpora", "bbc-news", "politics", page).read_text("utf-8")
    actors, _ = resolve(resolver, text, on="2005-06-01")
    person = next(a for a in actors.values() if a.name == name)
    assert (person.kind, person.country, person.sector) == ("person", country, "GOV")
    assert person.role and not person.role.startswith(("former ", "later "))


def test_a_person_outside_every_role_keeps_the_nearest_sector_flagged(resolver: ActorResolver) -> None:
    before = resolve(resolver, "Gerhard Schroeder spoke.", on="1985-01-01")[0]["dyad:person:gerhard-schroeder"]
    after = resolve(resolver, "Gerhard Schroeder spoke.", on="2015-01-01")[0]["dyad:person:gerhard-schroeder"]
    assert (before.country, before.sector, before.role) == ("DEU", "GOV", "later Prime Minister of Lower Saxony")
    assert (after.country, after.sector, after.role) == ("DEU", "GOV", "former Chancellor of Germany")


def test_islamic_state_is_one_actor_under_every_name(resolver: ActorResolver) -> None:
    text = "Isis fighters fled. Islamic State, ISIL and Daesh are one group; ISIS lost Baghuz."
    actors, mentions = resolve(resolver, text, on="2019-03-01")
    assert {a for m in mentions if m.kind != "place" for a in m.actors} == {"dyad:group:ISIS"}
    assert len(actors["dyad:group:ISIS"].mentions) == 5


def test_parties_police_units_and_armed_groups_carry_country_and_sector(resolver: ActorResolver) -> None:
    text = ("Militants threw a grenade at a Central Reserve Police Force patrol. Labour and the Tories argued. "
            "Pakistan Tehreek-e-Insaf protested. The YPG and the Rapid Support Forces fought.")
    actors, _ = resolve(resolver, text, on="2005-03-01")
    got = {i: (a.country, a.sector) for i, a in actors.items()}
    assert got["dyad:org:IND-CRPF"] == ("IND", "COP")
    assert got["dyad:party:GBR-LAB"] == ("GBR", "PTY") and got["dyad:party:GBR-CON"] == ("GBR", "PTY")
    assert got["dyad:party:PAK-PTI"] == ("PAK", "PTY")
    assert got["dyad:group:YPG"] == ("SYR", "REB") and got["dyad:group:RSF"] == ("SDN", "REB")


def test_a_ucdp_group_is_an_actor_with_its_country(resolver: ActorResolver) -> None:
    actors, _ = resolve(resolver, "The United Liberation Front of Assam ambushed a convoy.", on="2005-03-01")
    group = next(a for a in actors.values() if a.name == "ULFA")
    assert (group.kind, group.country, group.sector) == ("group", "IND", "REB")


def test_rangers_by_context_the_paramilitary_or_no_actor(resolver: ActorResolver) -> None:
    actors, _ = resolve(resolver, "Rangers arrested five suspects in Karachi.", on="2019-03-01")
    assert (actors["dyad:org:PAK-RANGERS"].country, actors["dyad:org:PAK-RANGERS"].sector) == ("PAK", "MIL")
    _, mentions = resolve(resolver, "Rangers beat Celtic in the league match at Ibrox.", on="2019-03-01")
    assert [m for m in mentions if m.kind != "place"] == []


def test_honorific_surname_and_office_refer_to_the_person_in_office(resolver: ActorResolver) -> None:
    text = "Labour met in London. Mr Straw spoke first. Later the foreign secretary left; Straw was tired."
    actors, mentions = resolve(resolver, text, on="2005-03-01")
    assert actors["dyad:person:jack-straw"].role == "Foreign Secretary"
    assert [m.text for m in mentions if m.actors == ["dyad:person:jack-straw"]] == [
        "Mr Straw", "foreign secretary", "Straw"]
    _, mentions = resolve(resolver, "Alastair Campbell of Labour left. Mr Campbell was tired.", on="2005-03-01")
    assert not any(m.text.endswith("Campbell") and m.actors and m.actors[0] in resolver.knowledge.people
                   for m in mentions)


def test_an_organisation_after_a_locative_places_no_agent(resolver: ActorResolver) -> None:
    from dyad.nlp import parse_spans

    text = "Police at the United Nations arrested two men."
    _, mentions = resolver.resolve(Document(id="t", origin="t", text=text, published="2020-01-01"),
                                   parse_spans(text, [(0, len(text))]), generic_agents=True)
    assert mention(mentions, "Police").actors == ["dyad:agent:COP"]


def test_an_honorific_and_an_unknown_surname_is_a_person(resolver: ActorResolver) -> None:
    text = "Labour and the Tories met in London with Tony Blair. Mr Younger said the register was wrong."
    actors, mentions = resolve(resolver, text, on="2005-03-01")
    assert mention(mentions, "Younger").actors == ["dyad:person:younger"]
    assert (actors["dyad:person:younger"].kind, actors["dyad:person:younger"].country) == ("person", "GBR")
    _, mentions = resolve(resolver, "Alastair Campbell of Labour left. Mr Campbell was tired.", on="2005-03-01")
    assert not any(m.text == "Campbell" for m in mentions)  # the full name is there: no second Campbell
    _, mentions = resolve(resolver, "Mr Justice Sullivan ruled. Thank you, Mr Prime Minister.", on="2005-03-01")
    assert not any(m.text in ("Justice", "Prime") for m in mentions)
    # a closing quote or a possessive is not part of the surname; an apostrophe inside it is
    actors, _ = resolve(resolver, "Labour aired 'No More Mr Nasty'. Mr Younger's aide and Mr O'Brien left.",
                        on="2005-03-01")
    assert {"dyad:person:nasty", "dyad:person:younger", "dyad:person:o-brien"} <= set(actors)
    assert not any(a.name.endswith(("'", "'s")) for a in actors.values())


def test_a_coordinated_ner_person_span_is_two_people(resolver: ActorResolver) -> None:
    text = "Anna Kowalska and Jan Nowakowski met."
    doc = spacy.blank("en")(text)
    doc.ents = [Span(doc, 0, 5, label="PERSON")]
    doc.user_data["offset"] = 0
    actors, _mentions = resolver.resolve(Document(id="t", origin="t", text=text, published="2020-01-01"), [doc])
    assert sorted(a.name for a in actors) == ["Anna Kowalska", "Jan Nowakowski"]
    assert all(" and " not in a.name for a in actors)


@pytest.mark.parametrize(("text", "person", "mention_text", "country", "sector"), [
    ("Tory shadow chancellor Anna Kowalska accused the minister.", "Anna Kowalska",
     "Tory shadow chancellor Anna Kowalska", "GBR", "PTY"),
    ("Iranian activist Anna Kowalska was arrested.", "Anna Kowalska", "Iranian activist Anna Kowalska", "IRN", "OPP"),
    ("Bahraini Prime Minister, Prince Jan Nowakowski, met the envoy.", "Jan Nowakowski",
     "Bahraini Prime Minister, Prince Jan Nowakowski", "BHR", "GOV"),
    ("Polish Anna Kowalska won.", "Anna Kowalska", "Polish Anna Kowalska", "POL", None),
])
def test_an_ner_person_takes_the_country_and_sector_of_the_description_before_the_name(
        resolver: ActorResolver, text: str, person: str, mention_text: str, country: str, sector: str | None) -> None:
    doc = spacy.blank("en")(text)
    start = text.index(person)
    doc.ents = [doc.char_span(start, start + len(person), label="PERSON")]
    doc.user_data["offset"] = 0
    actors, mentions = resolver.resolve(Document(id="t", origin="t", text=text, published="2005-06-01"), [doc])
    (actor,) = [a for a in actors if a.name == person]
    assert (actor.country, actor.sector) == (country, sector)
    assert [m.text for m in mentions if m.actors == [actor.id]] == [mention_text]  # one mention, no second actor


def test_a_known_person_takes_a_description_of_their_own_state_into_the_mention(resolver: ActorResolver) -> None:
    text = "Turkish president Recep Tayyip Erdoğan met the Iranian president Vladimir Putin."
    doc = spacy.blank("en")(text)
    doc.user_data["offset"] = 0
    _, mentions = resolver.resolve(Document(id="t", origin="t", text=text, published="2020-01-01"), [doc])
    texts = [m.text for m in mentions]
    assert "Turkish president Recep Tayyip Erdoğan" in texts
    assert "Vladimir Putin" in texts  # a description of another state is not his


def test_a_bare_agent_right_before_a_persons_name_is_the_persons_title(resolver: ActorResolver) -> None:
    _, mentions = _resolve_parsed(resolver, "Former secretary of state Rex Tillerson met officials in Ankara.")
    assert not [m for m in mentions if m.text == "secretary of state"]


def test_a_name_after_a_comma_and_a_place_is_not_described_by_it(resolver: ActorResolver) -> None:
    text = "In Poland, Anna Kowalska said the talks had failed."
    doc = spacy.blank("en")(text)
    doc.ents = [doc.char_span(11, 24, label="PERSON")]
    doc.user_data["offset"] = 0
    actors, _ = resolver.resolve(Document(id="t", origin="t", text=text, published="2005-06-01"), [doc])
    assert next(a for a in actors if a.name == "Anna Kowalska").country is None


def test_a_possessive_the_ner_span_takes_in_is_not_part_of_the_name(resolver: ActorResolver) -> None:
    text = "Anna Kowalska's aides met Jan Nowakowski’s lawyer."
    doc = spacy.blank("en")(text)
    doc.ents = [Span(doc, 0, 3, label="PERSON"), Span(doc, 5, 8, label="PERSON")]
    assert [e.text for e in doc.ents] == ["Anna Kowalska's", "Jan Nowakowski’s"]
    doc.user_data["offset"] = 0
    actors, mentions = resolver.resolve(Document(id="t", origin="t", text=text, published="2020-01-01"), [doc])
    assert sorted(a.name for a in actors) == ["Anna Kowalska", "Jan Nowakowski"]
    assert sorted(m.text for m in mentions) == ["Anna Kowalska", "Jan Nowakowski"]


def test_a_subject_pronoun_is_the_person_named_last_before_its_sentence_in_its_or_the_previous_paragraph(
        resolver: ActorResolver) -> None:
    text = ("Jack Straw met Dominique de Villepin in Paris. He said Iran must comply.\n\nHe left early. "
            "Gordon Brown said he agreed.\n\nThe talks ended.\n\nShe was not there.")
    _, mentions = _resolve_parsed(resolver, text)
    pronouns = [(m.text, m.actors) for m in mentions if m.kind == "pronoun"]
    # The second "He" opens a paragraph: the last person of the one before. "he agreed" is left to the parse of its
    # sentence; "She" has no person in its paragraph or the one before.
    assert pronouns == [("He", ["dyad:person:dominique-de-villepin"]), ("He", ["dyad:person:dominique-de-villepin"])]


def test_a_capital_before_a_label_noun_names_a_document_not_the_government(resolver: ActorResolver) -> None:
    _, mentions = resolve(resolver, "Putin demanded the implementation of the Minsk agreements. Minsk denied it.")
    assert [m.text for m in mentions if "dyad:BLR:GOV" in m.actors] == ["Minsk"]
    assert mention(mentions, "Minsk").start == len("Putin demanded the implementation of the Minsk agreements. ")


def test_a_longer_union_name_is_not_the_us_congress(resolver: ActorResolver) -> None:
    actors, mentions = resolve(resolver, "The Nigeria Labour Congress called a strike. The Trades Union Congress backed it.")
    assert mention(mentions, "Nigeria Labour Congress").actors == ["dyad:org:NGA-NLC"]
    assert actors["dyad:org:NGA-NLC"].country == "NGA" and actors["dyad:org:NGA-NLC"].sector == "LAB"
    assert mention(mentions, "Trades Union Congress").actors == ["dyad:org:GBR-TUC"]
    assert "dyad:USA:LEG" not in actors


def test_gordon_brown_is_one_person_under_every_phoenix_headword(resolver: ActorResolver) -> None:
    actors, mentions = resolve(resolver, "James Gordon Brown met Gordon Brown's aides.", on="2009-01-01")
    assert {a for m in mentions for a in m.actors} == {"dyad:person:gordon-brown"}
    assert actors["dyad:person:gordon-brown"].role == "Prime Minister of the United Kingdom"
    assert "dyad:person:james-brown" not in resolver.knowledge.people


def test_phoenix_groups_and_igos_are_actors_with_the_country_of_their_code(resolver: ActorResolver) -> None:
    actors, mentions = resolve(resolver, "Action Directe bombed an office in Paris. IGAD condemned the Angry Brigade.")
    assert [(m.text, m.actors) for m in mentions if m.kind == "name"] == [
        ("Action Directe", ["dyad:group:phoenix-action-directe"]), ("IGAD", ["dyad:igo:phoenix-igad"]),
        ("Angry Brigade", ["dyad:group:phoenix-angry-brigade"])]
    assert [(actors[i].country, actors[i].sector) for i in (
        "dyad:group:phoenix-action-directe", "dyad:igo:phoenix-igad", "dyad:group:phoenix-angry-brigade")] == [
        ("FRA", "REB"), (None, "IGO"), ("ITA", "REB")]


def test_a_states_official_name_is_the_state_never_a_group_named_after_it(resolver: ActorResolver) -> None:
    # UCDP lists 1940s-90s groups as "Republic of Azerbaijan" (in Iran) and "Republic of South Sudan" (in Sudan)
    actors, mentions = resolve(resolver, "Putin called the President of the Republic of Azerbaijan, Ilham Aliyev. "
                                         "The Republic of South Sudan protested.")
    assert not [a for a in actors if a.startswith("dyad:group:")]
    assert mention(mentions, "Republic of South Sudan").actors == ["dyad:SSD"]


def test_a_major_city_is_the_default_reading_of_its_name(resolver: ActorResolver) -> None:
    _, mentions = resolve(resolver, "Protesters marched in Manchester and in Sofia.")
    assert [m.actors for m in mentions if m.kind == "place"] == [["dyad:GBR"], ["dyad:BGR"]]


@pytest.mark.parametrize(("text", "agent", "actor"), [
    ("Police in Moscow arrested 20 protesters.", "protesters", "dyad:RUS:CVL"),  # another argument of its verb
    ("Thousands of protesters marched in Tehran.", "protesters", "dyad:IRN:CVL"),
    # the place completes another phrase: "MPs" are not Syria's
    ("There are calls for the government to give MPs a vote before any military intervention in Syria.", "MPs",
     "dyad:agent:LEG"),
])
def test_a_bare_agent_takes_the_country_of_a_place_the_parse_attaches_to_its_phrase_or_clause(
        resolver: ActorResolver, text: str, agent: str, actor: str) -> None:
    _, mentions = _resolve_parsed(resolver, text)
    assert mention(mentions, agent).actors == [actor]


def _with_entities(text: str, entities: list[tuple[str, str, int]]) -> list:  # type: ignore[type-arg]
    """A parsed sentence carrying only the given NER entities: (text, label, occurrence)."""
    doc = spacy.blank("en")(text)
    spans = []
    for name, label, occurrence in entities:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(name, start + 1)
        spans.append(doc.char_span(start, start + len(name), label=label))
    doc.ents = spans
    doc.user_data["offset"] = 0
    return [doc]


def test_a_one_word_name_is_the_surname_of_the_person_ner_introduces(resolver: ActorResolver) -> None:
    # the headline's "Butler" (NER: an organisation) and "Lord Butler" come before the full name; "Oaten" (NER: a
    # one-word person) after it: all the one person, never an organisation or a second actor
    text = ("Butler launches attack on Blair. Lord Butler spoke. Robin Butler's remarks were criticised. "
            "Mark Oaten of the Lib Dems spoke. Mr Oaten said no.")
    parsed = _with_entities(text, [("Butler", "ORG", 0), ("Butler", "PERSON", 1), ("Robin Butler", "PERSON", 0),
                                   ("Mark Oaten", "PERSON", 0), ("Oaten", "PERSON", 1)])
    actors, mentions = resolver.resolve(Document(id="t", origin="t", text=text, published="2005-06-01"), parsed)
    assert not any(a.kind == "organisation" for a in actors)
    by_start = {m.start: m.actors for m in mentions}
    assert [by_start[i] for i in (0, text.index("Lord Butler") + 5, text.index("Robin"))] == [
        ["dyad:person:robin-butler"]] * 3
    assert by_start[text.index("Oaten", text.index("Mr "))] == ["dyad:person:mark-oaten"]


def test_an_honorific_that_ner_takes_into_a_name_is_not_part_of_it(resolver: ActorResolver) -> None:
    text = "Shamima Begum left London. Ms Begum was stripped of her citizenship."
    parsed = _with_entities(text, [("Shamima Begum", "PERSON", 0), ("Ms Begum", "PERSON", 0)])
    actors, mentions = resolver.resolve(Document(id="t", origin="t", text=text, published="2019-06-01"), parsed)
    assert [a.id for a in actors if a.kind == "person"] == ["dyad:person:shamima-begum"]
    assert mention(mentions, "Begum").actors == ["dyad:person:shamima-begum"]


def test_she_does_not_refer_back_to_a_man_an_honorific_names(resolver: ActorResolver) -> None:
    from dyad.nlp import parse_spans, split_sentences

    # "British" names the country, so "Mr Straw" is the knowledge's Jack Straw, whose mention takes the "Mr" in
    for pronoun, linked in (("She", False), ("He", True)):
        text = f"Mr Straw met the British envoy in London.\n\n{pronoun} said the talks had failed."
        _, mentions = resolver.resolve(Document(id="t", origin="t", text=text, published="2005-06-01"),
                                       parse_spans(text, split_sentences(text)))
        assert any(m.text == pronoun for m in mentions) == linked, pronoun


def test_a_surname_after_an_honorific_does_not_link_back_to_a_later_full_name(resolver: ActorResolver) -> None:
    # "Mrs Oaten" before "Mark Oaten, her husband" is someone else
    text = "Mrs Oaten said the family was proud. Mark Oaten, her husband, spoke later."
    parsed = _with_entities(text, [("Oaten", "PERSON", 0), ("Mark Oaten", "PERSON", 0)])
    _, mentions = resolver.resolve(Document(id="t", origin="t", text=text, published="2005-06-01"), parsed)
    assert not any(m.start == text.index("Oaten") and "dyad:person:mark-oaten" in m.actors for m in mentions)
