"""SpeakerComponent: attribution sources resolved to entities, pronouns, roles, anonymous and collective."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract.entities import EntityComponent
from claimledger.extract.quantities import QuantityComponent
from claimledger.extract.speakers import SpeakerComponent
from claimledger.models import Attribution, Span
from claimledger.nlp.extensions import register_extensions
from claimledger.nlp.pipeline import _load_base

from .conftest import KAKHOVKA, seed_body


@pytest.fixture(scope="module")
def nlp() -> Language:
    register_extensions()
    return _load_base()


def find(text: str, needle: str, nth: int = 0) -> int:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return at


def attribution(text: str, source: str | None, nth: int = 0, *, anchor: str | None = None) -> Attribution:
    """An attribution whose source is the `nth` occurrence of `source` (content: the next 10 chars).

    With `anchor`, the source is looked up after the first occurrence of `anchor` (for pronouns)."""
    base = text.index(anchor) if anchor else 0
    if source is None:
        start = base
        src = None
    else:
        start = find(text[base:], source, nth) + base
        src = Span(start, start + len(source), source)
    content_start = start + (len(source) if source else 0) + 1
    content = (Span(content_start, content_start + 10, text[content_start : content_start + 10]),)
    return Attribution(
        id=Attribution.make_id("doc_test", content),
        doc_id="doc_test",
        kind="direct",
        content=content,
        source=src,
    )


def resolve(nlp: Language, text: str, atts: list[Attribution]) -> list[Attribution]:
    doc = nlp(text)
    doc._.doc_id = "doc_test"
    EntityComponent()(doc)
    doc._.cl_attributions = atts
    SpeakerComponent()(doc)
    return list(doc._.cl_attributions)


def who(att: Attribution) -> tuple[str | None, str | None]:
    return att.speaker, att.speaker_kind


GLADKOV = (
    "Residents have been resettled, regional governor Vyacheslav Gladkov said on Tuesday. "
    "Drone attacks sent nine people to hospital, Gladkov said.\n\n"
    "He added Wednesday that six districts were targeted. The governor said the operation was over."
)


def test_entity_overlap_surname_pronoun_and_role(nlp: Language) -> None:
    atts = [
        attribution(GLADKOV, "regional governor Vyacheslav Gladkov"),
        attribution(GLADKOV, "Gladkov", 1),
        attribution(GLADKOV, "He"),
        attribution(GLADKOV, "The governor"),
    ]
    out = resolve(nlp, GLADKOV, atts)
    assert [who(a) for a in out] == [("Vyacheslav Gladkov", "person")] * 4
    assert len({a.speaker_entity_id for a in out}) == 1
    assert out[0].speaker_entity_id is not None and out[0].speaker_entity_id.startswith("ent_")
    # Only the speaker fields change.
    assert [(a.id, a.content, a.source) for a in out] == [(a.id, a.content, a.source) for a in atts]


def test_it_resolves_to_the_previous_organisation(nlp: Language) -> None:
    text = (
        "The Russian Ministry of Defense claimed in a daily briefing on Tuesday that its forces repelled "
        "attackers back into Ukrainian territory. It added: “The remnants were driven back.” "
        "Later, the ministry said the operation was over."
    )
    out = resolve(
        nlp,
        text,
        [
            attribution(text, "The Russian Ministry of Defense"),
            attribution(text, "It"),
            attribution(text, "the ministry"),
        ],
    )
    assert [who(a) for a in out] == [("Russian Ministry of Defense", "organization")] * 3


def test_he_is_not_an_organisation(nlp: Language) -> None:
    text = "The Russian Ministry of Defense claimed the attack was repelled. He added that it was over."
    out = resolve(nlp, text, [attribution(text, "The Russian Ministry of Defense"), attribution(text, "He")])
    assert who(out[1]) == ("He", "unresolved")
    assert out[1].speaker_entity_id is None


def test_pronoun_prefers_previous_speaker_over_nearer_mention(nlp: Language) -> None:
    text = (
        "Danilov told CNN Senior International Correspondent Frederik Pleitgen the raid was a Russian "
        "matter. He said Kyiv was not involved."
    )
    out = resolve(nlp, text, [attribution(text, "Danilov"), attribution(text, "He")])
    assert who(out[1]) == ("Danilov", "person")


def test_unresolvable_pronoun(nlp: Language) -> None:
    text = "They said the border was quiet."
    out = resolve(nlp, text, [attribution(text, "They")])
    assert who(out[0]) == ("They", "unresolved")


def test_no_source(nlp: Language) -> None:
    text = "The border was quiet, according to reports."
    out = resolve(nlp, text, [attribution(text, None)])
    assert who(out[0]) == (None, None)
    assert out[0].speaker_entity_id is None


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        (
            "Kyiv was given advance warning, a Ukrainian defense source told CNN on Wednesday.",
            "a Ukrainian defense source",
            ("a Ukrainian defense source", "anonymous"),
        ),
        (
            "A Ukrainian official acknowledged that the units had carried out an operation.",
            "A Ukrainian official",
            ("a Ukrainian official", "anonymous"),
        ),
        ("Russian officials condemned the attack.", "Russian officials", ("Russian officials", "collective")),
        ("The officials said it was over.", "The officials", ("officials", "collective")),
        ("Residents said the shelling lasted all night.", "Residents", ("Residents", "collective")),
        (
            "About 100 people were evacuated, local authorities said.",
            "local authorities",
            ("local authorities", "collective"),
        ),
        ("Analysts noted widespread confusion.", "Analysts", ("Analysts", "collective")),
        (
            "The fighters who claimed the attack say their operation is continuing.",
            "The fighters who",
            ("fighters", "collective"),
        ),
        (
            "Russian bloggers and pundits reacted with a degree of panic.",
            "Russian bloggers and pundits",
            ("Russian bloggers and pundits", "collective"),
        ),
    ],
)
def test_anonymous_and_collective_sources(
    nlp: Language, text: str, source: str, expected: tuple[str, str]
) -> None:
    # A named person nearby must not be guessed as the speaker.
    full = "Gladkov said the border was calm. " + text
    out = resolve(nlp, full, [attribution(full, "Gladkov"), attribution(full, source)])
    assert who(out[1]) == expected
    assert out[1].speaker_entity_id is None


def test_group_noun_and_post(nlp: Language) -> None:
    text = (
        "The Freedom for Russia Legion said on Telegram early on Tuesday that it and CNN sources agreed. "
        "The post described the groups as patriot volunteers.\n\n"
        "Other videos were posted too.\n\n"
        "The group did not claim direct responsibility."
    )
    out = resolve(
        nlp,
        text,
        [
            attribution(text, "The Freedom for Russia Legion"),
            attribution(text, "The post"),
            attribution(text, "The group"),
        ],
    )
    assert [who(a) for a in out] == [("Freedom for Russia Legion", "organization")] * 3


def test_norp_is_a_group_and_gpe_a_government(nlp: Language) -> None:
    text = "The Russians blamed armed Ukrainian nationalists. Moscow blamed Ukraine for the attack."
    out = resolve(nlp, text, [attribution(text, "The Russians"), attribution(text, "Moscow")])
    assert who(out[0]) == ("Russians", "group")
    assert who(out[1]) == ("Moscow", "organization")


def test_call_sign_speaker(nlp: Language) -> None:
    text = (
        "One of its fighters, who goes by the call-sign “Caesar,” says in a video: “Russia will be free.” "
        "“It was a very difficult process,” Caesar said."
    )
    out = resolve(nlp, text, [attribution(text, "Caesar", 1)])
    assert who(out[0]) == ("Caesar", "person")
    assert out[0].speaker_entity_id is not None


def test_unknown_institution(nlp: Language) -> None:
    text = "The Ukrainian government has distanced itself from the fighters."
    out = resolve(nlp, text, [attribution(text, "The Ukrainian government")])
    assert who(out[0]) == ("Ukrainian government", "organization")


def test_the_head_of_a_body_is_the_person_named_with_a_role_in_it(nlp: Language) -> None:
    text = ("The Minister of Defense of the Russian Federation Sergey Shoigu said that Kyiv on the night of "
            "June 6 made a “undermining” of the construction of the Kakhovskaya hydroelectric power station, "
            "which led to flooding of the territories.\n\nThe head of the Ministry of Defense called the "
            "goal of undermining the structures of the station an attempt to stop the offensive. The head "
            "of the IAEA said the plant was safe. “The enemy intends to transfer units,” Shoigu said.")
    sources = ["The Minister of Defense of the Russian Federation Sergey Shoigu",
               "The head of the Ministry of Defense", "The head of the IAEA"]
    out = resolve(nlp, text, [attribution(text, source) for source in sources])
    assert [who(a) for a in out] == [("Sergey Shoigu", "person"), ("Sergey Shoigu", "person"),
                                     ("IAEA", "organization")]


def test_component_without_attributions(nlp: Language) -> None:
    doc = nlp("Nothing was said.")
    doc._.doc_id = "doc_test"
    EntityComponent()(doc)
    SpeakerComponent()(doc)
    assert doc._.cl_attributions == []


# ------------------------------------------------------------------------------------------------ seed


def seed_text() -> str:
    return seed_body()


SEED_SOURCES: list[tuple[str, int, str | None, tuple[str, str]]] = [
    # (source as written, occurrence, look after this anchor, expected speaker and kind)
    ("regional governor Vyacheslav Gladkov", 0, None, ("Vyacheslav Gladkov", "person")),
    ("Russia’s Investigative Committee", 0, None, ("Russia's Investigative Committee", "organization")),
    ("Gladkov", 0, "nine people to hospital", ("Vyacheslav Gladkov", "person")),
    ("He", 0, "He added Wednesday", ("Vyacheslav Gladkov", "person")),
    ("local authorities", 0, None, ("local authorities", "collective")),
    ("Aleksey Baranovsky", 0, None, ("Aleksey Baranovsky", "person")),
    ("Baranovsky", 0, "Baranovsky said", ("Aleksey Baranovsky", "person")),
    ("The Russian Ministry of Defense", 0, None, ("Russian Ministry of Defense", "organization")),
    ("It", 0, "It added:", ("Russian Ministry of Defense", "organization")),
    ("Hertling", 0, "Hertling said", ("Mark Hertling", "person")),
    ("The Freedom for Russia Legion", 0, None, ("Freedom of Russia Legion", "organization")),
    ("The post", 0, None, ("Freedom of Russia Legion", "organization")),
    ("Caesar", 0, "Caesar said.", ("Caesar", "person")),
    ("Caesar", 0, "Caesar said of", ("Caesar", "person")),
    ("Andriy Yusov", 0, None, ("Andriy Yusov", "person")),
    ("analysts", 0, "analysts noted", ("analysts", "collective")),
    ("Russian bloggers and pundits", 0, None, ("Russian bloggers and pundits", "collective")),
    (
        "the Institute for the Study of War (ISW) think tank",
        0,
        None,
        ("Institute for the Study of War", "organization"),
    ),
    ("the ISW", 0, None, ("Institute for the Study of War", "organization")),
    ("The group", 0, "The group did not", ("Freedom of Russia Legion", "organization")),
    ("Kremlin spokesperson Dmitry Peskov", 0, None, ("Dmitry Peskov", "person")),
    ("Peskov", 0, "Peskov had", ("Dmitry Peskov", "person")),
    ("A Ukrainian official", 0, None, ("a Ukrainian official", "anonymous")),
    ("The Ukrainian National Security Adviser Oleksiy Danilov", 0, None, ("Oleksiy Danilov", "person")),
    ("Danilov", 0, "Danilov told CNN Senior", ("Oleksiy Danilov", "person")),
    ("Danilov", 0, "Danilov rejected", ("Oleksiy Danilov", "person")),
    ("a Ukrainian defense source", 0, None, ("a Ukrainian defense source", "anonymous")),
    ("Ukraine’s International Legion", 0, None, ("Ukraine's International Legion", "organization")),
]


def test_seed_speakers(nlp: Language) -> None:
    text = seed_text()
    atts = [attribution(text, source, nth, anchor=anchor) for source, nth, anchor, _ in SEED_SOURCES]
    doc: Doc = nlp(text)
    doc._.doc_id = "doc_seed"
    EntityComponent()(doc)
    doc._.cl_attributions = atts
    SpeakerComponent()(doc)
    got = [who(a) for a in doc._.cl_attributions]
    assert got == [expected for *_, expected in SEED_SOURCES]
    by_name = {e.name: e.id for e in doc._.cl_entities}
    for att in doc._.cl_attributions:
        if att.speaker_kind in {"person", "organization"}:
            assert att.speaker_entity_id == by_name[att.speaker]


def test_relative_pronoun_resolves_to_antecedent(nlp: Language) -> None:
    text = "Danilov said they are Russians who want to get rid of the darkness in their country."
    out = resolve(nlp, text, [attribution(text, "Danilov"), attribution(text, "who")])
    assert who(out[1]) == ("Russians", "group")


def test_partitive_and_coordinated_sources(nlp: Language) -> None:
    text = (
        "Some of the fighters appear to be operating armored vehicles. "
        "Ukraine and the US denied any involvement."
    )
    out = resolve(
        nlp, text, [attribution(text, "Some of the fighters"), attribution(text, "Ukraine and the US")]
    )
    assert who(out[0]) == ("Some of the fighters", "collective")
    assert who(out[1]) == ("Ukraine and the US", "collective")
    assert out[1].speaker_entity_id is None


def test_plural_channel_noun_is_the_publisher(nlp: Language) -> None:
    text = (
        "The Freedom of Russia Legion posted a video on Telegram. "
        "Other videos posted by the group also appear to show a flag over Moscow."
    )
    out = resolve(
        nlp,
        text,
        [
            attribution(text, "The Freedom of Russia Legion"),
            attribution(text, "Other videos posted by the group"),
        ],
    )
    assert who(out[1]) == ("Freedom of Russia Legion", "organization")


def test_role_noun_before_the_name_and_generic_modifier(nlp: Language) -> None:
    text = (
        "About 600 square kilometers were underwater, the regional governor said.\n\n"
        "Governor Oleksandr Prokudin said evacuations continued."
    )
    out = resolve(nlp, text, [attribution(text, "the regional governor")])
    assert who(out[0]) == ("Oleksandr Prokudin", "person")


def test_channel_noun_with_owner(nlp: Language) -> None:
    text = (
        "Martin Griffiths spoke to reporters in New York. Griffiths' statement said aid was coming. "
        "His words were that the damage was vast."
    )
    out = resolve(nlp, text, [attribution(text, "Griffiths' statement"), attribution(text, "His words")])
    assert [who(a) for a in out] == [("Martin Griffiths", "person")] * 2


CORPUS = KAKHOVKA


def test_corpus_invariants(nlp: Language) -> None:
    """All three components over a real 40-article corpus: no crash, offsets exact, ids consistent."""
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    kinds = {"person", "organization", "group", "anonymous", "collective", "unresolved", None}
    for i, doc in enumerate(nlp.pipe(texts)):
        doc._.doc_id = f"doc_{i}"
        EntityComponent()(doc)
        sources = [t for t in doc if t.dep_ in {"nsubj", "nsubjpass"} and t.head.lemma_ == "say"]
        atts = []
        for token in sources:
            phrase = doc[token.left_edge.i : token.i + 1]
            content = (
                Span(token.head.idx, token.head.idx + 4, doc.text[token.head.idx : token.head.idx + 4]),
            )
            atts.append(
                Attribution(
                    id=Attribution.make_id(doc._.doc_id, content),
                    doc_id=doc._.doc_id,
                    kind="indirect",
                    content=content,
                    source=Span(phrase.start_char, phrase.end_char, phrase.text),
                )
            )
        doc._.cl_attributions = atts
        SpeakerComponent()(doc)
        QuantityComponent()(doc)
        entity_ids = {e.id for e in doc._.cl_entities}
        for entity in doc._.cl_entities:
            assert all(doc.text[m.start : m.end] == m.text for m in entity.mentions)
        for att in doc._.cl_attributions:
            assert att.speaker_kind in kinds
            assert att.speaker_entity_id is None or att.speaker_entity_id in entity_ids
        for q in doc._.cl_quantities:
            assert doc.text[q.span.start : q.span.end] == q.span.text
            assert q.low is None or q.high is None or q.low <= q.high


def test_a_persons_spokesman_or_office_is_not_that_person(nlp: Language) -> None:
    text = (
        "Vladimir Putin called the breach a barbaric act. Putin's spokesman said Russia was not involved. "
        "Zelensky's office said the dam had been mined."
    )
    out = resolve(nlp, text, [attribution(text, "Putin's spokesman"), attribution(text, "Zelensky's office")])
    assert who(out[0]) == ("Putin's spokesman", "person")  # no spokesman is named in the document
    assert who(out[1]) == ("Zelensky's office", "organization")
    named = text + " Putin's spokesman Dmitry Peskov called it sabotage."
    out = resolve(nlp, named, [attribution(named, "Putin's spokesman")])
    assert who(out[0]) == ("Dmitry Peskov", "person")


def test_a_platform_carrying_the_statement_is_not_its_speaker(nlp: Language) -> None:
    text = (
        "About 1,300 houses remain submerged, according to Ukraine's interior ministry's latest update on "
        "its Telegram channel."
    )
    source = "Ukraine's interior ministry's latest update on its Telegram channel"
    (out,) = resolve(nlp, text, [attribution(text, source)])
    assert out.speaker is not None and "Telegram" not in out.speaker


def test_a_name_inside_the_quotation_is_not_its_speaker(nlp: Language) -> None:
    text = (
        "Acting Governor of the Kherson region Vladimir Saldo posted an update.\n\n"
        "“The number of people evacuated from the Aleshkinsky and Golopristansky districts has grown to "
        "5,000,” he wrote. The governor added that 62 people were in hospital."
    )
    start, end = text.index("“"), text.index("”") + 1
    content = (Span(start, end, text[start:end]),)
    he = text.index(" he ") + 1
    quote = Attribution(id=Attribution.make_id("doc_test", content), doc_id="doc_test", kind="direct",
                        content=content, source=Span(he, he + 2, "he"))
    out = resolve(nlp, text, [quote, attribution(text, "The governor")])
    assert who(out[0]) == ("Vladimir Saldo", "person")
    assert who(out[1]) == ("Vladimir Saldo", "person")


def test_a_hyphenated_title_finds_its_holder(nlp: Language) -> None:
    text = (
        "The collapse is a consequence of the invasion, according to UN Secretary-General Antonio Guterres. "
        "“We have all seen the tragic images,” the secretary-general said."
    )
    out = resolve(nlp, text, [attribution(text, "UN Secretary-General Antonio Guterres"),
                              attribution(text, "the secretary-general")])
    assert [who(a) for a in out] == [("Antonio Guterres", "person")] * 2


def test_a_country_s_representative_is_the_he_that_follows(nlp: Language) -> None:
    text = (
        "At the meeting in New York, Kiev and Moscow traded blame. Russia’s representative said the "
        "explosion was a crime committed by the Kiev regime. He reported that evacuations had begun."
    )
    out = resolve(nlp, text, [attribution(text, "Russia’s representative"), attribution(text, "He")])
    assert [who(a) for a in out] == [("Russia’s representative", "person")] * 2


def test_a_city_the_tagger_calls_a_person_is_a_place(nlp: Language) -> None:
    doc = nlp("The dam broke, and Kiev blamed Moscow for it. Kakhovka was flooded on Tuesday.")
    assert [e.label_ for e in doc.ents if e.text in {"Kiev", "Kakhovka"}] == ["PERSON", "PERSON"]
    doc._.doc_id = "doc_test"
    EntityComponent()(doc)
    types = {e.name: e.type for e in doc._.cl_entities}
    assert (types.get("Kiev"), types.get("Kakhovka")) == ("GPE", "GPE")


def test_an_event_or_a_facility_does_not_speak(nlp: Language) -> None:
    text = (
        "The Kakhovka hydroelectric power plant in southern Ukraine experienced significant destruction. "
        "The collapse of the dam has added that the region suffered for a year."
    )
    out = resolve(nlp, text, [attribution(text, "The Kakhovka hydroelectric power plant in southern Ukraine"),
                              attribution(text, "The collapse of the dam")])
    assert [a.speaker_kind for a in out] == ["unresolved", "unresolved"]
    assert all(a.speaker_entity_id is None for a in out)


def test_a_described_speaker_named_in_apposition_is_that_person(nlp: Language) -> None:
    text = "A State Department spokesperson, Matthew Miller, said the US did not enable the strikes."
    source = "A State Department spokesperson, Matthew Miller,"
    out = resolve(nlp, text, [attribution(text, source)])
    assert who(out[0]) == ("Matthew Miller", "person")


@pytest.mark.parametrize(("text", "pronoun", "cue", "content"), [
    ("Griffiths met the ambassador. He asked for access to the flooded areas. This was stated by "
     "Martin Griffiths.", "This", "was stated", "He asked for access to the flooded areas."),
    ("He is offsetting only 10 percent. That worries environmentalists.", "That", "worries", "That"),
    ("Nixon gave a speech. It was first declared by Richard Nixon.", "It", "was first declared", "It"),
])  # fmt: skip
def test_a_bare_this_before_a_passive_verb_of_saying_is_the_sentence_before(
    nlp: Language, text: str, pronoun: str, cue: str, content: str
) -> None:
    at, cue_at = text.rindex(pronoun), text.index(cue)
    said = Attribution(id="a", doc_id="doc_test", kind="indirect",
                       content=(Span(at, at + len(pronoun), pronoun),), source=None,
                       cue=Span(cue_at, cue_at + len(cue), cue))
    (att,) = resolve(nlp, text, [said])
    assert att.content_text == content


@pytest.mark.parametrize(("source", "kept"), [
    ("the water level of the Dnipro.[1] Ukraine’s Kherson Oblast Administration",
     "Ukraine’s Kherson Oblast Administration"),
    ("retired Army Lt. Gen. Mark Hertling", "retired Army Lt. Gen. Mark Hertling"),
    ("Dmitry S. Peskov", "Dmitry S. Peskov"),
    ("U.S. officials", "U.S. officials"),
])  # fmt: skip
def test_a_source_is_cut_to_one_sentence(source: str, kept: str) -> None:
    from claimledger.extract.attribution import within_one_sentence

    text = f"Before that, {source} announced the evacuation."
    start = text.index(source)
    content_start = text.index("the evacuation")
    att = Attribution(id="a", doc_id="d", kind="indirect",
                      content=(Span(content_start, content_start + 14, "the evacuation"),),
                      source=Span(start, start + len(source), source))
    (cut,) = within_one_sentence([att])
    assert cut.source is not None
    assert cut.source.text == kept == text[cut.source.start:cut.source.end]


@pytest.mark.parametrize(("text", "source", "speaker"), [
    ("Kyiv and Moscow, without offering evidence, quickly blamed each other for the flood.",
     "Kyiv and Moscow, without offering evidence,", "Kyiv and Moscow"),
    ("A team of legal experts, supporting Ukraine’s prosecutors, released findings on the dam.",
     "A team of legal experts, supporting Ukraine’s prosecutors,", "A team of legal experts"),
    ("That is according to what eyewitnesses of the flooding in Oleshki told reporters on the phone.",
     "what eyewitnesses of the flooding in Oleshki", "eyewitnesses of the flooding in Oleshki"),
])  # fmt: skip
def test_a_collective_speaker_is_named_without_the_phrase_after_its_head(nlp: Language, text: str,
                                                                         source: str, speaker: str) -> None:
    (att,) = resolve(nlp, text, [attribution(text, source)])
    assert att.speaker == speaker


def test_a_title_with_a_named_possessor_and_a_name_is_that_person(nlp: Language) -> None:
    text = "The dam was mined, Ukraine’s president, Volodymyr Zelenskiy, said on Tuesday evening."
    (att,) = resolve(nlp, text, [attribution(text, "Ukraine’s president, Volodymyr Zelenskiy,")])
    assert who(att) == ("Volodymyr Zelenskiy", "person")


def test_the_addressee_of_told_is_not_the_source() -> None:
    from claimledger.extract.attribution import teller_as_source
    from claimledger.models import Entity

    text = ("At least eight people have died in Oleshky, Oleksandr Prokudin, head of the regional "
            "administration, told Ukrainian media on Sunday.")

    def span(needle: str) -> Span:
        start = text.index(needle)
        return Span(start, start + len(needle), needle)

    content = span("At least eight people have died in Oleshky, Oleksandr Prokudin, head of the regional "
                   "administration")
    att = Attribution(id="a", doc_id="d", kind="indirect", content=(content,), source=span("Ukrainian media"),
                      cue=span("told"))
    prokudin = Entity("e", "d", "Oleksandr Prokudin", "PERSON", mentions=(span("Oleksandr Prokudin"),))
    (fixed,) = teller_as_source([att], [prokudin])
    assert fixed.source == span("Oleksandr Prokudin")
    assert fixed.content_text == "At least eight people have died in Oleshky"
    (kept,) = teller_as_source([att], [])  # nobody named before the cue: left as it is
    assert kept == att


def test_a_country_parsed_as_the_head_of_a_titled_name_gives_way_to_the_person(nlp: Language) -> None:
    # the small English model parses "Ukraine" as the head here, with "Danilov" as its appositive
    text = ("Putin's spokesman says that Russia was not involved in the dam’s destruction.\n"
            "Ukraine’s NSDC Secretary Oleksiy Danilov addressed Peskov accusations on the United News "
            "telethon.\n"
            "\"They are choking with rage that they cannot resolve the issue militarily,\" he said.")
    atts = [attribution(text, "Putin's spokesman"),
            attribution(text, "Ukraine’s NSDC Secretary Oleksiy Danilov"),
            attribution(text, "he", anchor=" he said")]
    _, danilov, he = resolve(nlp, text, atts)
    assert who(danilov) == ("Oleksiy Danilov", "person")
    assert who(he) == ("Oleksiy Danilov", "person")  # not Peskov, named inside what Danilov addressed


def test_a_title_for_a_country_is_a_person_speaking_for_it(nlp: Language) -> None:
    text = ("Later today, the U.S. representative at the extraordinary UNSC session on Kakhovka dam "
            "informed the disaster was caused by the occupation forces.")
    (att,) = resolve(nlp, text, [attribution(text, "the U.S. representative at the extraordinary UNSC "
                                                   "session on Kakhovka dam")])
    assert who(att) == ("U.S. representative", "person")


def test_a_demonym_modifying_a_title_is_no_antecedent_of_they(nlp: Language) -> None:
    text = ("Erdogan also discussed the matter with Ukrainian President Volodymyr Zelensky. They considered "
            "the idea of an international commission.")
    atts = [attribution(text, "Erdogan"), attribution(text, "They")]
    _, they = resolve(nlp, text, atts)
    assert who(they) != ("Ukrainian", "group")


def span_in(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle), needle)


def with_parts(att: Attribution, *parts: Span) -> Attribution:
    """`att` with these content fragments (and the id they give), as the tagger splits a content."""
    from dataclasses import replace

    return replace(att, content=parts, id=Attribution.make_id(att.doc_id, parts))


def made(text: str, source: str, cue: str, content: str, kind: str = "indirect") -> Attribution:
    """An attribution with these source, cue and content (each the first occurrence in `text`)."""
    body = (span_in(text, content),)
    return Attribution(id=Attribution.make_id("d", body), doc_id="d", kind=kind,  # type: ignore[arg-type]
                       content=body, source=span_in(text, source), cue=span_in(text, cue))


def test_a_channel_taken_for_the_content_gives_way_to_the_opening_clause(nlp: Language) -> None:
    from claimledger.extract.attribution import with_clause_for_channel

    text = ("The situation in Golaya Pristan has deteriorated rapidly on Tuesday evening, the head of the "
            "region’s government Andrey Alekseyenko wrote on his Telegram channel. Officials said on their "
            "website that buses were ready.")
    posted = made(text, "the head of the region’s government Andrey Alekseyenko", "wrote on",
                  "his Telegram channel")
    said = made(text, "Officials", "said on", "that buses were ready")
    fixed, kept = with_clause_for_channel(nlp(text), [posted, said])
    assert fixed.content_text == "The situation in Golaya Pristan has deteriorated rapidly on Tuesday evening"
    assert (fixed.source, fixed.cue) == (posted.source, posted.cue)
    assert kept == said


def test_an_app_or_an_audience_taken_for_the_content_joins_the_cue(nlp: Language) -> None:
    from claimledger.extract.attribution import with_clause_for_channel

    text = ("The missile hit the centre of the city at 7:32 p.m. (1632 GMT), Donetsk regional governor Pavlo "
            "Kyrylenko said on the Telegram messaging app. Russian forces have struck a command post in "
            "Kramatorsk, Russian Defense Ministry Spokesman Igor Konashenkov told a briefing on Wednesday. "
            "Officials told reporters that buses were ready.")
    app = made(text, "Donetsk regional governor Pavlo Kyrylenko", "said on", "the Telegram messaging app")
    told = made(text, "Russian Defense Ministry Spokesman Igor Konashenkov", "told", "a briefing")
    kept = made(text, "Officials", "told", "that buses were ready")
    fixed_app, fixed_told, same = with_clause_for_channel(nlp(text), [app, told, kept])
    assert fixed_app.content_text == "The missile hit the centre of the city at 7:32 p.m. (1632 GMT)"
    assert fixed_app.cue == span_in(text, "said on the Telegram messaging app")
    assert fixed_told.content_text == "Russian forces have struck a command post in Kramatorsk"
    assert fixed_told.cue == span_in(text, "told a briefing")
    assert same == kept


def test_words_after_said_taken_for_the_cue_are_the_content(nlp: Language) -> None:
    from claimledger.extract.attribution import with_complement_content

    text = ("“This is another devastating consequence of the Russian invasion of Ukraine.”\n\nGuterres, who "
            "has condemned Moscow, said attacks against civilians and critical civilian infrastructure "
            "“must stop.”")
    quote = "This is another devastating consequence of the Russian invasion of Ukraine."
    att = made(text, "Guterres, who has condemned Moscow", "said attacks", quote, "direct")
    (fixed,) = with_complement_content(nlp(text), [att])
    assert fixed.cue == span_in(text, "said")
    assert fixed.content_text == "attacks against civilians and critical civilian infrastructure “must stop.”"
    assert fixed.kind == "mixed"
    statement = text.replace("said attacks", "said in")
    in_statement = made(statement, "Guterres, who has condemned Moscow", "said in", quote, "direct")
    assert with_complement_content(nlp(statement), [in_statement]) == [in_statement]


def test_the_words_before_an_aside_are_part_of_the_content(nlp: Language) -> None:
    from claimledger.extract.attribution import with_subject_before_aside

    text = "Ukrhydroenergo blamed an explosion. The power plant, it said, “cannot be restored”."
    att = made(text, "it", "said", "cannot be restored", "direct")
    (fixed,) = with_subject_before_aside(nlp(text), [att])
    assert fixed.content == (span_in(text, "The power plant"), span_in(text, "cannot be restored"))
    assert fixed.kind == "mixed"
    opening = "The power plant, it said, “cannot be restored”."  # the document's first words
    (first,) = with_subject_before_aside(nlp(opening), [made(opening, "it", "said", "cannot be restored")])
    assert first.content_text == "The power plant … cannot be restored"
    plain = "It said the power plant “cannot be restored”."
    kept = made(plain, "It", "said", "the power plant “cannot be restored”", "mixed")
    assert with_subject_before_aside(nlp(plain), [kept]) == [kept]


def test_a_content_one_word_into_the_next_sentence_ends_with_its_own() -> None:
    from claimledger.extract.attribution import without_next_sentence_word

    text = ("According to NORSAR, seismic signals indicate an explosion at the dam at 02:54 am on 6 June. "
            "Time and location coincide with media reports. Officials said it was Mr. Smith")
    cut = made(text, "NORSAR", "According to",
               "seismic signals indicate an explosion at the dam at 02:54 am on 6 June. Time")
    named = made(text, "Officials", "said", "it was Mr. Smith")
    fixed, kept = without_next_sentence_word([cut, named])
    assert fixed.content_text == "seismic signals indicate an explosion at the dam at 02:54 am on 6 June."
    assert (fixed.source, fixed.cue) == (cut.source, cut.cue)
    assert kept == named


def test_a_wire_dateline_is_no_part_of_the_source() -> None:
    from claimledger.extract.attribution import within_one_sentence

    text = "MOSCOW/KYIV, May 22 (Reuters) - Russia said its forces were fighting saboteurs."
    wired = made(text, "MOSCOW/KYIV, May 22 (Reuters) - Russia", "said", "its forces were fighting saboteurs")
    (fixed,) = within_one_sentence([wired])
    assert fixed.source is not None and fixed.source.text == "Russia"
    assert text[fixed.source.start : fixed.source.end] == "Russia"
    for kept_text in ("Sen. Ted Cruz (R-Texas) — who", "NATO - the alliance"):
        kept = made(kept_text + " said it", kept_text, "said", "it")
        assert within_one_sentence([kept]) == [kept]


def test_a_cue_that_runs_into_a_date_ends_before_it() -> None:
    from claimledger.extract.attribution import without_date_in_cue

    text = "The ministry claimed on May 23 that Russian forces killed over 70 fighters."
    run_on = made(text, "The ministry", "claimed on May", "23 that Russian forces killed over 70 fighters")
    (fixed,) = without_date_in_cue(text, [run_on])
    assert fixed.cue == span_in(text, "claimed")
    assert fixed.content_text == "that Russian forces killed over 70 fighters"
    plain = made(text, "The ministry", "claimed", "that Russian forces killed over 70 fighters")
    assert without_date_in_cue(text, [plain]) == [plain]


def test_the_medium_after_said_on_belongs_to_the_cue() -> None:
    from claimledger.extract.attribution import with_medium_in_cue

    text = "Gladkov said on the Telegram messaging app that the group had entered the district."
    run_on = made(text, "Gladkov", "said on",
                  "the Telegram messaging app that the group had entered the district")
    (fixed,) = with_medium_in_cue(text, [run_on])
    assert fixed.cue == span_in(text, "said on the Telegram messaging app")
    assert fixed.content_text == "that the group had entered the district"
    dated = "Gladkov said on Monday that the group had left."
    kept = made(dated, "Gladkov", "said on", "Monday that the group had left")
    assert with_medium_in_cue(dated, [kept]) == [kept]


def test_a_medium_alone_in_the_first_content_fragment_joins_the_cue() -> None:
    from claimledger.extract.attribution import with_medium_in_cue

    text = "Gladkov said on his Telegram channel on Tuesday that the operation was continuing."
    att = made(text, "Gladkov", "said on", "that the operation was continuing")
    split = with_parts(att, span_in(text, "his Telegram channel"), *att.content)
    (fixed,) = with_medium_in_cue(text, [split])
    assert fixed.cue == span_in(text, "said on his Telegram channel")
    assert fixed.content_text == "that the operation was continuing"


def test_a_cue_left_on_a_preposition_drops_a_date_and_takes_a_statement() -> None:
    from claimledger.extract.attribution import without_dangling_preposition

    dated = "Gladkov said on Wednesday that the regime had been lifted."
    on = made(dated, "Gladkov", "said on", "that the regime had been lifted")
    (fixed,) = without_dangling_preposition(dated, [on])
    assert fixed.cue == span_in(dated, "said")
    assert fixed.content_text == "that the regime had been lifted"
    posted = "The Legion said in a post on Twitter that it had liberated Kozinka."
    in_a = made(posted, "The Legion", "said in a", "that it had liberated Kozinka")
    (fixed,) = without_dangling_preposition(posted, [in_a])
    assert fixed.cue == span_in(posted, "said in a post on Twitter")
    tweeted = '"We have nothing to do with it," he wrote on Twitter. The next sentence.'
    on = made(tweeted, "he", "wrote on", '"We have nothing to do with it,"')
    (fixed,) = without_dangling_preposition(tweeted, [on])
    assert fixed.cue == span_in(tweeted, "wrote on Twitter")
    other = "He said in a way that nobody expected that he would stay."
    kept = made(other, "He", "said in a", "that he would stay")
    assert without_dangling_preposition(other, [kept]) == [kept]  # "way" is no statement


def without_source(att: Attribution) -> Attribution:
    from dataclasses import replace

    return replace(att, source=None)


def test_a_participle_after_a_main_statement_has_its_source() -> None:
    from claimledger.extract.attribution import with_participle_source

    text = ("The ministry has stated it routed the groups, claiming to have killed 70 fighters. Trump was "
            "defensive about an architect who said he was stiffed, saying he did a bad job.")
    said = made(text, "The ministry", "has stated", "it routed the groups")
    claiming = without_source(made(text, "The ministry", "claiming", "to have killed 70 fighters"))
    architect = made(text, "who", "said", "he was stiffed")
    saying = without_source(made(text, "Trump", "saying", "he did a bad job"))
    fixed = with_participle_source(text, [said, claiming, architect, saying])
    assert fixed[1].source == said.source
    assert fixed[3].source is None  # Trump's participle, not the architect's


def test_a_lede_that_names_its_source_by_role_is_the_person_named_next(nlp: Language) -> None:
    text = ("The leader of a group of Russian fighters that crossed from Ukraine has said his unit lost two "
            "men.\n\nDenis Kapustin, the commander of the Russian Volunteer Corps, told reporters that the "
            "Russian claims were a lie.")
    lede = attribution(text, "The leader of a group of Russian fighters that crossed from Ukraine")
    (resolved,) = resolve(nlp, text, [lede])
    assert who(resolved) == ("Denis Kapustin", "person")


def test_a_verb_joined_by_and_shares_its_subject(nlp: Language) -> None:
    from claimledger.extract.attribution import with_conjunct_subject

    text = "The Legion was formed in 2022 and says it has several hundred members."
    says = without_source(made(text, "The Legion", "says", "it has several hundred members"))
    doc = nlp(text)
    (fixed,) = with_conjunct_subject(doc, [says])
    assert fixed.source == span_in(text, "The Legion")
    own = "The Legion was formed in 2022 and its commander says it has members."
    kept = without_source(made(own, "its commander", "says", "it has members"))
    assert with_conjunct_subject(nlp(own), [kept]) == [kept]


def test_a_second_verb_after_a_thing_said_is_the_speakers(nlp: Language) -> None:
    from claimledger.extract.attribution import with_the_speakers_second_verb
    from claimledger.extract.speakers import _AGENT_NOUNS

    text = "Laurent Berger said the violence was unacceptable but blamed the government for the anger."
    blamed = made(text, "the violence", "blamed", "the government for the anger")
    (fixed,) = with_the_speakers_second_verb(nlp(text), [blamed], _AGENT_NOUNS)
    assert fixed.source == span_in(text, "Laurent Berger")
    # those who can act keep their own verb
    own = "Peskov said the attackers were Ukrainians and claimed they had fled."
    kept = made(own, "the attackers", "claimed", "they had fled")
    assert with_the_speakers_second_verb(nlp(own), [kept], _AGENT_NOUNS) == [kept]


def test_a_capital_the_tagger_missed_speaks_for_its_government(nlp: Language) -> None:
    text = "What do they want?\n\nKyiv says the fighters act independently inside Russia."
    (kyiv,) = resolve(nlp, text, [attribution(text, "Kyiv")])
    assert who(kyiv) == ("Kyiv", "organization")


def test_a_content_cut_after_a_relative_word_runs_to_its_sentence_end(nlp: Language) -> None:
    from claimledger.extract.attribution import with_whole_relative_clause

    text = ("Peskov said the incursion was an attempt to divert attention from the Bakhmut direction, where "
            "Moscow claimed victory at the weekend. Kyiv denied it.")
    cut = made(text, "Peskov", "said", "the incursion was an attempt to divert attention from the Bakhmut "
               "direction, where")
    (fixed,) = with_whole_relative_clause(nlp(text), [cut])
    assert fixed.content_text.endswith("direction, where Moscow claimed victory at the weekend")


def test_the_audience_after_told_belongs_to_the_cue() -> None:
    from claimledger.extract.attribution import with_audience_in_cue

    text = "Russian troops have routed the group, the spokesman told a briefing on Tuesday."
    att = made(text, "the spokesman", "told", "Russian troops have routed the group")
    split = with_parts(att, *att.content, span_in(text, "a briefing"))
    (fixed,) = with_audience_in_cue(text, [split])
    assert fixed.cue == span_in(text, "told a briefing")
    assert fixed.content_text == "Russian troops have routed the group"


def test_a_source_cut_to_its_dateline_is_the_subject_after_it(nlp: Language) -> None:
    from claimledger.extract.attribution import with_subject_after_dateline

    text = ("MOSCOW (US Wire) - The chief of the Wagner private military company said Saturday he was "
            "ordering his fighters to turn back.")
    cut = made(text, "MOSCOW (US Wire) -", "said", "he was ordering his fighters to turn back")
    (fixed,) = with_subject_after_dateline(nlp(text), [cut])
    assert fixed.source == span_in(text, "The chief of the Wagner private military company")
    plain = "The Kremlin said on Saturday the fighters would turn back."
    kept = made(plain, "The Kremlin", "said", "the fighters would turn back")
    assert with_subject_after_dateline(nlp(plain), [kept]) == [kept]


def test_said_with_its_objects_first_word_in_the_cue_gives_it_back(nlp: Language) -> None:
    from claimledger.extract.attribution import with_complement_content

    text = "Guterres, who has condemned Moscow, said attacks against civilians must stop."
    run_on = made(text, "Guterres, who", "said attacks", "against civilians must stop")
    (fixed,) = with_complement_content(nlp(text), [run_on])
    assert (fixed.cue.text if fixed.cue else None, fixed.content_text) == (
        "said", "attacks against civilians must stop")


def test_a_content_in_a_later_paragraph_than_its_cue_is_not_its_content() -> None:
    from claimledger.extract.attribution import within_the_cues_paragraph

    text = ("19:10 BST: Wagner convoy reported in Lipetsk region\n\nThe governor of the Lipetsk region, Igor "
            "Artamonov, says a Wagner column is moving.\n\nHe said:\n\nThe column has left the region.")
    headline = made(text, "Wagner convoy", "reported", "The governor of the Lipetsk region, Igor Artamonov")
    colon = made(text, "He", "said", "The column has left the region.")
    assert within_the_cues_paragraph(text, [headline, colon]) == [colon]  # after "said:" it belongs


def test_a_wire_dateline_is_no_part_of_a_content() -> None:
    from claimledger.extract.attribution import without_dateline_in_content

    text = ("MINSK/MOSCOW, June 27 (Wire Agency) - Prigozhin has arrived in Belarus, Lukashenko said, "
            "according to BelTA.")
    att = made(text, "BelTA", "according to", text[: text.index(", according")])
    (fixed,) = without_dateline_in_content(text, [att])
    assert fixed.content_text == "Prigozhin has arrived in Belarus, Lukashenko said"


def test_a_countrys_institution_speaks_not_the_country(nlp: Language) -> None:
    text = ("Belarus's presidential press service says Alexander Lukashenko held talks with Yevgeny "
            "Prigozhin throughout the day.")
    (service,) = resolve(nlp, text, [attribution(text, "Belarus's presidential press service")])
    assert who(service) == ("Belarus's presidential press service", "organization")
