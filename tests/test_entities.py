"""EntityComponent: NER mentions clustered into entities with aliases and roles."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract.entities import EntityComponent, inflected_surname, normalize_name
from claimledger.models import Entity
from claimledger.nlp.extensions import register_extensions
from claimledger.nlp.pipeline import _load_base

from .conftest import seed_body


@pytest.fixture(scope="module")
def nlp() -> Language:
    register_extensions()
    return _load_base()


def entities_of(nlp: Language, text: str, doc_id: str = "doc_test") -> tuple[Doc, list[Entity]]:
    doc = nlp(text)
    doc._.doc_id = doc_id
    EntityComponent()(doc)
    return doc, list(doc._.cl_entities)


def by_name(entities: list[Entity], name: str) -> Entity:
    matches = [e for e in entities if e.name == name]
    assert matches, f"no entity {name!r} in {[e.name for e in entities]}"
    return matches[0]


def names(entities: list[Entity]) -> set[str]:
    return {e.name for e in entities}


def assert_well_formed(doc: Doc, entities: list[Entity]) -> None:
    for entity in entities:
        assert entity.id == Entity.make_id(doc._.doc_id, entity.name, entity.type)
        assert entity.doc_id == doc._.doc_id
        assert list(entity.mentions) == sorted(entity.mentions, key=lambda m: (m.start, m.end))
        for mention in entity.mentions:
            assert doc.text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("the ISW", "ISW"),
        ("The Freedom of Russia Legion", "Freedom of Russia Legion"),
        ("Russia’s", "Russia"),
        ("Gladkov's", "Gladkov"),
        ("  Kremlin  ", "Kremlin"),
        ("Russia’s Investigative Committee", "Russia's Investigative Committee"),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_person_with_role_surname_and_role_noun(nlp: Language) -> None:
    text = (
        "On Monday, regional governor Vyacheslav Gladkov said the attack had been repelled. "
        "Gladkov added that two people were hurt. Later the governor said residents could return. "
        "According to regional Governor Vyacheslav Gladkov, the shelling stopped."
    )
    doc, entities = entities_of(nlp, text)
    assert_well_formed(doc, entities)
    gladkov = by_name(entities, "Vyacheslav Gladkov")
    assert gladkov.type == "PERSON"
    assert gladkov.role == "regional governor"
    assert {"Gladkov", "the governor", "regional governor Vyacheslav Gladkov"} <= set(gladkov.aliases)
    assert [m.text for m in gladkov.mentions] == [
        "Vyacheslav Gladkov",
        "Gladkov",
        "the governor",
        "Vyacheslav Gladkov",
    ]
    assert sum(e.type == "PERSON" for e in entities) == 1


def test_spokesperson_role_noun_joins_person(nlp: Language) -> None:
    text = (
        "Kremlin spokesperson Dmitry Peskov described the attackers as militants. "
        "Peskov had previously said forces were working to push them out. "
        "The Kremlin spokesperson did not take questions."
    )
    doc, entities = entities_of(nlp, text)
    assert_well_formed(doc, entities)
    peskov = by_name(entities, "Dmitry Peskov")
    assert peskov.role == "Kremlin spokesperson"
    assert "Peskov" in peskov.aliases
    assert "the kremlin spokesperson" in peskov.aliases
    assert len(peskov.mentions) == 3


def test_title_inside_org_span_becomes_person(nlp: Language) -> None:
    # The small model labels the whole phrase ORG.
    text = "The Ukrainian National Security Adviser Oleksiy Danilov has told CNN that Kyiv was not involved."
    _, entities = entities_of(nlp, text)
    danilov = by_name(entities, "Oleksiy Danilov")
    assert danilov.type == "PERSON"
    assert danilov.role == "Ukrainian National Security Adviser"
    assert not any("Adviser" in e.name for e in entities)


def test_appositive_role(nlp: Language) -> None:
    text = "“We can confirm it,” said Andriy Yusov, Ukrainian Defense Intelligence representative, on Monday."
    _, entities = entities_of(nlp, text)
    assert by_name(entities, "Andriy Yusov").role == "Ukrainian Defense Intelligence representative"


def test_a_role_cut_at_its_length_limit_ends_on_a_word_of_its_own(nlp: Language) -> None:
    text = ("Andrei Alekseyenko, the chairman of the Russian-installed administration in the Moscow-occupied "
            "parts of the Kherson region, communicated through the Telegram messaging app.")
    _, entities = entities_of(nlp, text)
    role = by_name(entities, "Andrei Alekseyenko").role
    assert role is not None and role.startswith("chairman of the Russian-installed administration")
    assert role.split()[-1] not in {"of", "the", "in"}


def test_role_before_the_name_in_apposition(nlp: Language) -> None:
    text = "A State Department spokesman, Vedant Patel, said the US could not say who was behind it."
    _, entities = entities_of(nlp, text)
    assert by_name(entities, "Vedant Patel").role == "State Department spokesman"


def test_hyphenated_title_is_one_role(nlp: Language) -> None:
    text = "The collapse, according to UN Secretary-General Antonio Guterres, is a consequence of the war."
    _, entities = entities_of(nlp, text)
    assert by_name(entities, "Antonio Guterres").role == "UN Secretary-General"


def test_a_town_glued_to_a_name_is_split_off(nlp: Language) -> None:
    text = "This was announced by the mayor of Nova Kakhovka Vladimir Leontiev, his words are quoted by RIA."
    doc, entities = entities_of(nlp, text)
    assert_well_formed(doc, entities)
    assert by_name(entities, "Vladimir Leontiev").role == "mayor of Nova Kakhovka"
    assert by_name(entities, "Nova Kakhovka").type == "GPE"
    _, kept = entities_of(nlp, "Georgia Meloni met Paris officials.")
    assert "Georgia Meloni" in names(kept)


def test_a_person_ending_in_a_title_is_a_role(nlp: Language) -> None:
    _, entities = entities_of(nlp, "Kherson Governor Oleksandr Prokudin said the water rose.")
    assert [e.name for e in entities if e.type == "PERSON"] == ["Oleksandr Prokudin"]


def test_acronym_alias(nlp: Language) -> None:
    text = (
        "The Institute for the Study of War (ISW) think tank wrote in its daily briefing. "
        "“The attack took Russian commentators by surprise,” the ISW assessed."
    )
    doc, entities = entities_of(nlp, text)
    assert_well_formed(doc, entities)
    isw = by_name(entities, "Institute for the Study of War")
    assert isw.type == "ORG"
    assert "ISW" in isw.aliases
    assert [m.text for m in isw.mentions] == ["Institute for the Study of War", "ISW", "ISW"]
    assert "ISW" not in names(entities)


def test_a_last_word_alone_is_the_organisation_it_ends(nlp: Language) -> None:
    text = ("The Freedom of Russia Legion crossed the border. The Legion said that it was fighting. "
            "The Legion also said it had taken a village.")
    doc, entities = entities_of(nlp, text)
    assert_well_formed(doc, entities)
    legion = by_name(entities, "Freedom of Russia Legion")
    assert "Legion" in legion.aliases
    assert "Legion" not in names(entities)


def test_org_variants_merge_but_distinct_orgs_do_not(nlp: Language) -> None:
    text = (
        "The political wing of the Freedom of Russia Legion spoke to reporters. "
        "The Freedom for Russia Legion said on Telegram that it and the Russian Volunteer Corps attacked. "
        "Analysts said the Liberty of Russia Legion or Russian Volunteer Corps are going in. "
        "The Ukrainian Volunteer Corps was not involved."
    )
    doc, entities = entities_of(nlp, text)
    assert_well_formed(doc, entities)
    legion = by_name(entities, "Freedom of Russia Legion")
    assert {"Freedom for Russia Legion", "Liberty of Russia Legion"} <= set(legion.aliases)
    assert len(legion.mentions) == 3
    corps = by_name(entities, "Russian Volunteer Corps")
    assert len(corps.mentions) == 2
    assert not {"Russian Volunteer Corps", "Ukrainian Volunteer Corps"} & set(legion.aliases)
    assert "Ukrainian Volunteer Corps" not in corps.aliases


def test_distinct_ministries_stay_apart(nlp: Language) -> None:
    text = (
        "The Russian Ministry of Defense said the attack was repelled. "
        "The Russian Ministry of Justice said it would open a case."
    )
    _, entities = entities_of(nlp, text)
    orgs = {e.name for e in entities if e.type == "ORG"}
    assert {"Russian Ministry of Defense", "Russian Ministry of Justice"} <= orgs


def test_possessive_place_org(nlp: Language) -> None:
    text = "Russia’s Investigative Committee announced an investigation into the attack on Telegram."
    doc, entities = entities_of(nlp, text)
    committee = by_name(entities, "Russia's Investigative Committee")
    assert committee.type == "ORG"
    assert committee.mentions[0].text == "Russia’s Investigative Committee"
    assert_well_formed(doc, entities)


def test_two_states_ministries_stay_apart(nlp: Language) -> None:
    # the tagger reads "Armenia" as an organisation and "Defence Ministry" alone as the ministry
    text = ("Armenia's Defence Ministry said Azerbaijani forces had opened fire. "
            "Azerbaijan's Defence Ministry said Armenian forces had carried out provocations.")
    doc, entities = entities_of(nlp, text)
    orgs = {e.name for e in entities if e.type == "ORG"}
    assert {"Armenia's Defence Ministry", "Azerbaijan's Defence Ministry"} <= orgs
    assert_well_formed(doc, entities)


def test_a_state_read_as_a_person_is_a_state(nlp: Language) -> None:
    text = ("Azerbaijan denied that its troops had crossed into Armenia. Azerbaijani forces fired. "
            "It said the number of its servicemen killed had risen to 71.")
    doc, entities = entities_of(nlp, text)
    types = {e.name: e.type for e in entities}
    assert types.get("Azerbaijan") != "PERSON" and types.get("Azerbaijani") != "PERSON"
    assert_well_formed(doc, entities)


def test_call_sign_is_a_person(nlp: Language) -> None:
    text = (
        "One of its fighters, who goes by the call-sign “Caesar,” says in a video: “Russia will be free.” "
        "“It was a very difficult process,” Caesar said."
    )
    _, entities = entities_of(nlp, text)
    caesar = by_name(entities, "Caesar")
    assert caesar.type == "PERSON"
    assert len(caesar.mentions) == 2


def test_doc_without_entities(nlp: Language) -> None:
    _, entities = entities_of(nlp, "it was raining and nothing happened.")
    assert entities == []


# ------------------------------------------------------------------------------------------------ seed


def seed_text() -> str:
    return seed_body()


@pytest.fixture(scope="module")
def seed_entities(nlp: Language) -> tuple[Doc, list[Entity]]:
    return entities_of(nlp, seed_text(), doc_id="doc_seed")


def test_seed_entities_well_formed(seed_entities: tuple[Doc, list[Entity]]) -> None:
    assert_well_formed(*seed_entities)


def test_seed_gladkov(seed_entities: tuple[Doc, list[Entity]]) -> None:
    gladkov = by_name(seed_entities[1], "Vyacheslav Gladkov")
    assert gladkov.type == "PERSON"
    assert gladkov.role == "regional governor"
    assert "Gladkov" in gladkov.aliases
    assert len(gladkov.mentions) == 4


def test_seed_peskov_and_danilov(seed_entities: tuple[Doc, list[Entity]]) -> None:
    peskov = by_name(seed_entities[1], "Dmitry Peskov")
    assert (peskov.type, peskov.role) == ("PERSON", "Kremlin spokesperson")
    assert "Peskov" in peskov.aliases
    danilov = by_name(seed_entities[1], "Oleksiy Danilov")
    assert (danilov.type, danilov.role) == ("PERSON", "Ukrainian National Security Adviser")
    assert len(danilov.mentions) == 3  # the full name and two later "Danilov" the model missed


def test_seed_orgs(seed_entities: tuple[Doc, list[Entity]]) -> None:
    entities = seed_entities[1]
    isw = by_name(entities, "Institute for the Study of War")
    assert "ISW" in isw.aliases
    assert len(isw.mentions) == 3
    legion = by_name(entities, "Freedom of Russia Legion")
    assert {"Freedom for Russia Legion", "Liberty of Russia Legion"} <= set(legion.aliases)
    assert len(legion.mentions) == 5
    assert "Russian Volunteer Corps" in names(entities)
    assert "Russia's Investigative Committee" in names(entities)
    assert "Russian Ministry of Defense" in names(entities)


def test_seed_ner_repairs(seed_entities: tuple[Doc, list[Entity]]) -> None:
    entities = seed_entities[1]
    types = {e.name: e.type for e in entities}
    assert types["Caesar"] == "PERSON"  # the model says ORG
    assert types["Kyiv"] == "GPE"  # the model says PERSON
    assert types["Aleksey Baranovsky"] == "PERSON"
    assert "Baranovsky" in by_name(entities, "Aleksey Baranovsky").aliases  # tagged ORG by the model
    assert "Smoke" not in types


def test_name_after_org_head_in_org_span(nlp: Language) -> None:
    text = (
        "This was stated by Deputy Secretary General of the Organization Martin Griffiths in an interview. "
        "Griffiths added that aid was coming."
    )
    _, entities = entities_of(nlp, text)
    griffiths = by_name(entities, "Martin Griffiths")
    assert griffiths.type == "PERSON"
    assert "Griffiths" in griffiths.aliases


def test_entity_ids_are_unique_across_case_variants(nlp: Language) -> None:
    text = (
        "The Russian army advanced. Russian troops and russian volunteers crossed. The RUSSIAN side said so."
    )
    doc, entities = entities_of(nlp, text)
    assert_well_formed(doc, entities)
    assert len({e.id for e in entities}) == len(entities)


@pytest.mark.parametrize(("text", "name", "role"), [
    ("Acting Governor of the Kherson region Vladimir Saldo said on Telegram that 5,000 people had left.",
     "Vladimir Saldo", "Acting Governor of the Kherson region"),
    ("Head of Kherson Regional Military Administration Oleksandr Prokudin said the water was rising.",
     "Oleksandr Prokudin", "Head of Kherson Regional Military Administration"),
])
def test_a_title_with_an_of_phrase_before_the_name_is_a_role(nlp: Language, text: str, name: str,
                                                              role: str) -> None:
    _, entities = entities_of(nlp, text)
    assert by_name(entities, name).role == role


def test_an_of_phrase_without_a_title_is_no_role(nlp: Language) -> None:
    _, entities = entities_of(nlp, "Residents of the Kherson region Vladimir Saldo governs were evacuated.")
    assert all(e.role is None for e in entities if e.type == "PERSON")


def test_names_before_municipal_districts_are_places(nlp: Language) -> None:
    text = (
        "“The number of people evacuated from the Aleshkinsky and Golopristansky municipal districts has "
        "grown to 5,000,” Vladimir Saldo wrote."
    )
    _, entities = entities_of(nlp, text)
    assert all(e.type != "PERSON" for e in entities if e.name in {"Aleshkinsky", "Golopristansky"})
    assert by_name(entities, "Vladimir Saldo").type == "PERSON"


def test_a_case_form_of_a_surname_in_a_translation_is_the_same_person(nlp: Language) -> None:
    text = (
        "The Minister of Defense Sergey Shoigu said that Kyiv had blown up the dam. "
        "Shoigu called it a crime. "
        "“This fact indicates a large-scale sabotage planned by the Kiev regime,” says Shoiga."
    )
    doc, entities = entities_of(nlp, text)
    assert_well_formed(doc, entities)
    shoigu = by_name(entities, "Sergey Shoigu")
    assert "Shoiga" in shoigu.aliases and not any(e.name == "Shoiga" for e in entities)


@pytest.mark.parametrize(("word", "surnames", "expected"), [
    ("Shoiga", ["Shoigu"], "Shoigu"), ("Putina", ["Putin"], "Putin"), ("Shoigu", ["Shoigu"], None),
    ("Peskov", ["Pekov"], None), ("Putilin", ["Putin"], None), ("Kyiv", ["Kyive"], None),
])  # fmt: skip
def test_inflected_surname(word: str, surnames: list[str], expected: str | None) -> None:
    assert inflected_surname(word, surnames) == expected


def test_a_name_before_a_facility_noun_is_the_facilitys(nlp: Language) -> None:
    text = ("After the collapse of the Kakhovskaya hydroelectric power station, Vladimir Saldo said 1,500 "
            "people had to leave. Saldo added that buses were ready.")
    doc, entities = entities_of(nlp, text)
    assert_well_formed(doc, entities)
    assert not any(e.name.startswith("Kakhovskaya") and e.type in ("PERSON", "ORG") for e in entities)
    assert by_name(entities, "Vladimir Saldo").type == "PERSON"


def test_a_name_a_title_is_of_is_not_the_title_holder(nlp: Language) -> None:
    text = ("Referring to the disappeared, the head of the Russian Occupation Administration of Novaya "
            "Kajovka, Vladimir Leontiev, maintains that they were shepherds.")
    _, entities = entities_of(nlp, text)
    people = {e.name: e.role for e in entities if e.type == "PERSON"}
    assert people == {"Vladimir Leontiev": "head of the Russian Occupation Administration of Novaya Kajovka"}


def test_a_name_with_a_title_in_apposition_is_a_person(nlp: Language) -> None:
    text = "Griffiths said he met with Vasily Nebenza, the Russian ambassador to the UN, on Tuesday."
    _, entities = entities_of(nlp, text)
    nebenza = by_name(entities, "Vasily Nebenza")
    assert (nebenza.type, nebenza.role) == ("PERSON", "Russian ambassador to the UN")


def test_a_name_after_the_country_an_ambassador_is_sent_to_is_a_person(nlp: Language) -> None:
    text = ("Russian Ambassador to the US Anatoly Antonov said the militants had used American vehicles. "
            '"We consider this as another provocation," the diplomat said. US Ambassador to the UN Linda '
            "Thomas-Greenfield said Russia was to blame.")
    _, entities = entities_of(nlp, text)
    antonov = by_name(entities, "Anatoly Antonov")
    assert (antonov.type, antonov.role) == ("PERSON", "Russian Ambassador to the US")
    assert "the diplomat" in [m.text for m in antonov.mentions]
    assert by_name(entities, "Linda Thomas-Greenfield").role == "US Ambassador to the UN"
    assert not [e for e in entities if "Antonov" in e.name and e.type != "PERSON"]


def test_a_ministry_by_its_abbreviation_is_no_place(nlp: Language) -> None:
    text = "More than 70 militants were killed, the MoD claimed, and four armored vehicles were destroyed."
    _, entities = entities_of(nlp, text)
    assert [e.type for e in entities if e.name == "MoD"] in ([], ["ORG"])


def test_initials_given_after_a_name_are_the_organisation_not_a_call_sign(nlp: Language) -> None:
    text = ("The Security Service of Ukraine, known as the SBU, said it had detained a man. The SBU said the "
            "man filmed the restaurant.")
    doc, entities = entities_of(nlp, text)
    assert_well_formed(doc, entities)
    sbu = by_name(entities, "Security Service of Ukraine")
    assert sbu.type == "ORG" and [m.text for m in sbu.mentions].count("SBU") == 2
    assert "SBU" not in names(entities)


@pytest.mark.parametrize(("text", "name", "role"), [
    ("Colombia's president, Gustavo Petro, condemned the attack.", "Gustavo Petro", "Colombia's president"),
    ("The UN humanitarian coordinator for Ukraine, Denise Brown, said she was horrified.", "Denise Brown",
     "UN humanitarian coordinator for Ukraine"),
    # a name the tagger does not see, set off by commas after the title
    ("The Paris police prefect, Laurent Nunez, denied that officers had used excessive force.",
     "Laurent Nunez", "Paris police prefect"),
])  # fmt: skip
def test_a_title_in_apposition_before_a_name_is_its_role(nlp: Language, text: str, name: str,
                                                         role: str) -> None:
    _, entities = entities_of(nlp, text)
    person = by_name(entities, name)
    assert (person.type, person.role) == ("PERSON", role)


def test_a_hyphenated_name_and_a_ministers_portfolio(nlp: Language) -> None:
    text = ("The National Anti-Terrorism Committee said the case was opened. Defence Minister Sergei Shoigu "
            "did not comment.")
    _, entities = entities_of(nlp, text)
    assert "National Anti-Terrorism Committee" in names(entities)
    assert "Defence" not in names(entities)  # the portfolio of "Defence Minister", not a body


def test_a_time_zone_is_no_organisation_and_a_platform_no_person(nlp: Language) -> None:
    text = ("20:35 BST: Lukashenko's office says Wagner has agreed to stop. Presidential adviser Mykhailo "
            "Podolyak wrote on Twitter that Prigozhin had humiliated Putin.")
    _, entities = entities_of(nlp, text)
    assert "BST" not in names(entities)
    assert all(e.type == "ORG" for e in entities if e.name == "Twitter")


def test_arabic_names_keep_their_particles_and_a_name_one_goes_by_is_an_alias(nlp: Language) -> None:
    text = ("Army chief General Abdel Fattah al-Burhan spoke. President Abdel Fattah al-Sisi called for "
            "calm. RSF commander General Mohamed Hamdan Dagalo, known as Hemedti, told Al Jazeera so. "
            "Hemedti said more. Army spokesman Brigadier General Nabil Abdallah denied it.")
    _, entities = entities_of(nlp, text)
    people = {e.name: e for e in entities if e.type == "PERSON"}
    assert {"Abdel Fattah al-Burhan", "Abdel Fattah al-Sisi", "Mohamed Hamdan Dagalo", "Nabil Abdallah"} \
        <= set(people)
    assert "Hemedti" in people["Mohamed Hamdan Dagalo"].aliases and "Hemedti" not in people
    assert not {"Abdel Fattah", "Brigadier"} & set(people)


def test_a_deputy_ministers_portfolio_is_no_person(nlp: Language) -> None:
    """ "Deputy Defense Minister Hanna Maliar": "Defense" after the title "Deputy" is the portfolio of the
    title that follows, not a person."""
    text = "Deputy Defense Minister Hanna Maliar wrote on Telegram that the night had been difficult."
    _, entities = entities_of(nlp, text)
    assert "Defense" not in names(entities)
    assert by_name(entities, "Hanna Maliar").role == "Deputy Defense Minister"
