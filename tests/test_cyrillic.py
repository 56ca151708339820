"""Russian and Ukrainian statements read by rules (claimledger.extract.cyrillic)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extract.cyrillic import pipeline, transliterate
from claimledger.ledger.sides import side_of, translit_key
from claimledger.models import Attribution, Entity

from .conftest import read_by_rules


def read(text: str, language: str = "ru") -> tuple[list[Attribution], list[Entity]]:
    return read_by_rules(pipeline(language), text)


@pytest.mark.parametrize(("written", "language", "latin"), [
    ("Леонтьев", "ru", "Leontyev"),
    ("Вячеслав Гладков", "ru", "Vyacheslav Gladkov"),
    ("Сальдо", "ru", "Saldo"),
    ("Клименко", "uk", "Klymenko"),
    ("Євген Єрмак", "uk", "Yevhen Yermak"),
    ("Зеленський", "uk", "Zelenskyi"),
])
def test_transliteration(written: str, language: str, latin: str) -> None:
    assert transliterate(written, language) == latin


def test_transliterated_names_meet_their_english_spelling() -> None:
    assert translit_key(transliterate("Леонтьев", "ru")) == translit_key("Leontyev")
    assert translit_key(transliterate("Зеленський", "uk")) == translit_key("Zelensky")
    assert translit_key(transliterate("Гладков", "ru")) == translit_key("Hladkov")


def test_source_before_the_verb_with_its_title() -> None:
    text = ("Мэр Новой Каховки Владимир Леонтьев сообщил о затоплении города: в трёх населённых пунктах "
            "подтоплено около 600 домов, пишет ТАСС со ссылкой на местные экстренные службы.")
    (att,), (person,) = read(text)
    assert att.source is not None and att.source.text == "Мэр Новой Каховки Владимир Леонтьев"
    assert att.cue is not None and att.cue.text == "сообщил"
    assert att.content_text == "в трёх населённых пунктах подтоплено около 600 домов"
    assert (att.speaker, att.speaker_kind, att.kind) == ("Vladimir Leontyev", "person", "indirect")
    assert (person.name, person.type, person.role) == ("Vladimir Leontyev", "PERSON", "Мэр Новой Каховки")
    assert person.aliases == ("Владимир Леонтьев",)


def test_every_span_is_verbatim_at_its_offsets() -> None:
    text = "Прежде всего. При этом глава Новой Каховки Леонтьев заявил, что подрыва на станции не было."
    (att,), _ = read(text)
    for span in (att.source, att.cue, *att.content):
        assert span is not None and text[span.start : span.end] == span.text
    assert att.source is not None and att.source.text == "глава Новой Каховки Леонтьев"
    assert att.content_text == "подрыва на станции не было"


def test_a_quotation_credited_after_a_dash_with_its_channel() -> None:
    text = ("«Ситуация в Грайворонском округе остаётся сложной», — заявил губернатор Вячеслав Гладков "
            "в Telegram.")
    (att,), _ = read(text)
    assert att.kind == "direct" and att.channel == "telegram"
    assert att.content_text == "Ситуация в Грайворонском округе остаётся сложной"
    assert att.speaker == "Vyacheslav Gladkov"
    assert side_of(att.speaker, "губернатор") == "russian_government"


def test_a_quotation_of_several_sentences_in_straight_quotes_is_one_statement() -> None:
    text = ('"Формирования были блокированы и разгромлены. Остатки националистов были отброшены на '
            'территорию Украины", - сказал Конашенков.')
    (att,), _ = read(text)
    assert att.speaker == "Konashenkov" and att.cue is not None and att.cue.text == "сказал"
    assert att.content_text.startswith("Формирования были блокированы")
    assert att.content_text.endswith("на территорию Украины")


def test_according_to_takes_the_name_in_its_dictionary_form() -> None:
    (att,), _ = read("По словам Гладкова, в результате обстрела пострадали восемь человек.")
    assert att.speaker == "Gladkov" and att.cue is not None and att.cue.text == "По словам"
    assert att.content_text == "в результате обстрела пострадали восемь человек"
    (uk,), _ = read("За словами Клименка, загинули десять людей, ще 42 вважаються зниклими.", "uk")
    assert uk.speaker == "Klymenko"


def test_this_was_said_credits_the_sentence_before() -> None:
    text = ("В Херсоне эвакуированы более двух тысяч человек. "
            "Об этом сообщил глава области Александр Прокудин.")
    (att,), _ = read(text)
    assert att.content_text == "В Херсоне эвакуированы более двух тысяч человек"
    assert att.speaker == "Aleksandr Prokudin"


def test_two_statements_in_one_sentence_and_a_denial() -> None:
    text = ("Украинские власти без обиняков винят Россию в подрыве плотины, хотя спустя сутки "
            "Владимир Зеленский признался в интервью Bild, что Украина пока не располагает доказательствами. "
            "Песков отверг обвинения в причастности России к разрушению ГЭС.")
    blame, admission, denial = read(text)[0]
    assert blame.content_text == "Россию в подрыве плотины" and blame.speaker_kind == "collective"
    assert blame.source is not None and blame.source.text == "Украинские власти"  # not "... без обиняков"
    assert admission.content_text == "Украина пока не располагает доказательствами"
    assert (admission.speaker, admission.channel) == ("Vladimir Zelenskiy", "interview")
    assert (denial.speaker, denial.polarity) == ("Peskov", "deny")


def test_a_pronoun_speaks_for_the_last_person_named() -> None:
    text = ("Губернатор Вячеслав Гладков заявил, что обстрел продолжается уже несколько часов. "
            "«Просим жителей оставаться в укрытиях», — добавил он.")
    first, second = read(text)[0]
    assert second.speaker == first.speaker == "Vyacheslav Gladkov"
    assert second.source is not None and second.source.text == "он"


def test_a_second_verbs_subject_is_not_guessed() -> None:
    text = "Світові лідери засудили знищення ГЕС і назвали її черговим воєнним злочином Росії."
    assert read(text, "uk")[0] == []


@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИКЛМНОПРСТ «»—,.:\n", max_size=300))
@settings(max_examples=80, deadline=None)
def test_any_text_gives_verbatim_spans(text: str) -> None:
    for att in read(text)[0]:
        for span in (att.source, att.cue, *att.content):
            assert span is None or text[span.start : span.end] == span.text


def test_a_name_in_an_oblique_case_is_the_person_named_before() -> None:
    text = ("Генсек ООН Антониу Гутерриш сообщил, что домов лишились не менее 16 тысяч человек. "
            "По словам Гутерриша, эта цифра может вырасти в ближайшие дни.")
    atts, entities = read(text)
    assert [a.speaker for a in atts] == ["Antonio Guterres", "Antonio Guterres"]  # his own spelling
    assert [e.name for e in entities] == ["Antonio Guterres"]
    assert translit_key("Antonio Guterres") == translit_key(atts[0].speaker or "")


def test_a_named_speaker_links_to_its_entity() -> None:
    (att,), (person,) = read("Губернатор Вячеслав Гладков заявил, что обстрел продолжается с утра.")
    assert att.speaker_entity_id == person.id


def test_an_organisation_keeps_its_written_name_and_an_acronym_its_english_one() -> None:
    (ministry,), _ = read("Минобороны России заявило, что остатки группы были отброшены за границу.")
    assert (ministry.speaker, ministry.speaker_kind) == ("Минобороны России", "organization")
    assert side_of(ministry.speaker, None) == "russian_government"
    (tass,), _ = read("В Белгородской области эвакуированы жители двух сёл, сообщает ТАСС.")
    assert tass.speaker == "TASS" and side_of(tass.speaker, None) == "media"


def test_russian_reports_take_sides_in_the_raids_disputes() -> None:
    from claimledger.ledger.build import _hash_embed, build_story_ledger
    from claimledger.models import Document
    from claimledger.nlp.pipeline import annotate, load_pipeline

    texts = {
        "en": "Governor Vyacheslav Gladkov said a Ukrainian sabotage group had entered the region in a raid.",
        "ru1": "Минобороны России заявило, что остатки диверсионно-разведывательной группы были отброшены "
               "на территорию Украины.",
        "ru2": "Представитель Русского добровольческого корпуса заявил, что бои продолжаются в области.",
    }
    documents = [Document(id=f"doc_{key}", text=text, language=key[:2], story="raid", outlet=key)
                 for key, text in texts.items()]
    extractions = list(annotate(load_pipeline("rules"), documents))
    ledger = build_story_ledger("raid", extractions, embedder=_hash_embed)
    sides = {d.kind: {s.position: s.claimants for s in d.sides} for d in ledger.disputes}
    assert sides["outcome"] == {"the attack was repelled": ["Минобороны России"],
                                "the fighting goes on": ["Представитель Русского добровольческого корпуса"]}
    (identity,) = [g for g in ledger.groups if g.kind == "identity"]
    assert {m.claimant for m in identity.members} == {"Vyacheslav Gladkov", "Минобороны России"}


@pytest.mark.parametrize(("text", "language", "counts"), [
    ("В результате обстрела погибли семь человек, ещё 12 человек ранены.", "ru",
     [(7.0, "killed", None), (12.0, "injured", None)]),
    ("Губернатор Вячеслав Гладков заявил, что из сёл эвакуированы более 1,5 тыс. жителей.", "ru",
     [(1500.0, "evacuated", "more than")]),
    ("Семь человек числятся пропавшими без вести.", "ru", [(7.0, "missing", None)]),
    ("За словами Клименка, загинули 10 людей, ще 42 особи вважаються зниклими безвісти.", "uk",
     [(10.0, "killed", None), (42.0, "missing", None)]),
    ("Сейчас разрушены уже 14 из 28 пролетов ГЭС, подтоплено около 600 домов.", "ru", []),
    # "rose to 10", not "up to 10"; "up to 10 people died" stays an upper bound
    ("Кількість загиблих зросла до 10 людей, серед них троє дітей.", "uk",
     [(10.0, "killed", None), (3.0, "killed", None)]),
    ("Погибли до 10 человек.", "ru", [(10.0, "killed", "up to")]),
])
def test_counts_of_people(text: str, language: str, counts: list[tuple[float, str, str | None]]) -> None:
    nlp = pipeline(language)
    doc = nlp.make_doc(text)
    doc._.doc_id = "doc_x"
    found = nlp(doc)._.cl_quantities
    assert [(q.value, q.category, q.qualifier) for q in found] == counts
    assert all(text[q.span.start : q.span.end] == q.span.text for q in found)


def test_a_count_belongs_to_the_statement_it_lies_in_and_fighters_are_fighters() -> None:
    from claimledger.extract.quantities import counts_fighters

    text = "Минобороны России заявило, что более 70 украинских боевиков были уничтожены."
    nlp = pipeline("ru")
    doc = nlp.make_doc(text)
    doc._.doc_id = "doc_x"
    doc = nlp(doc)
    (count,) = doc._.cl_quantities
    (statement,) = doc._.cl_attributions
    assert (count.value, count.category, count.attribution_id) == (70.0, "killed", statement.id)
    assert counts_fighters(count.span.text)
    assert counts_fighters("более 70 украинских террористов")


def test_an_admission_of_no_evidence_joins_the_evidence_question() -> None:
    from claimledger.ledger.build import _hash_embed, build_story_ledger
    from claimledger.models import Document
    from claimledger.nlp.pipeline import annotate, load_pipeline

    texts = {
        "en": "Ukraine's intelligence said there are irrefutable facts that Russia blew up the dam.",
        "ru": "Владимир Зеленский признался в интервью Bild, что Украина пока не располагает "
              "доказательствами причастности российских военных к разрушению ГЭС.",
    }
    documents = [Document(id=f"doc_{key}", text=text, language=key, story="dam", outlet=key)
                 for key, text in texts.items()]
    extractions = list(annotate(load_pipeline("rules"), documents))
    ledger = build_story_ledger("dam", extractions, embedder=_hash_embed)
    (evidence,) = [d for d in ledger.disputes if d.kind == "evidence"]
    sides = {s.position: s.claimants for s in evidence.sides}
    assert sides["no evidence offered"] == ["Vladimir Zelenskiy"]


@pytest.mark.parametrize(("text", "speaker", "kind", "side"), [
    ("В Минобороны России заявили, что националисты были блокированы и уничтожены.",
     "Минобороны России", "organization", "russian_government"),
    ("Легион «Свобода России» заявил, что его бойцы освободили село Козинка.",
     "Легион «Свобода России»", "organization", "attackers"),
    ("Советник главы офиса президента Украины Михаил Подоляк заявил, что Украина тут ни при чем.",
     "Mikhail Podolyak", "person", "ukrainian_government"),
    ("Как сообщает РИА Новости, жители приграничных сел были эвакуированы.",
     "РИА Новости", "organization", "media"),
])
def test_sources_of_a_cross_border_raid(text: str, speaker: str, kind: str, side: str) -> None:
    (att,), _ = read(text)
    assert (att.speaker, att.speaker_kind) == (speaker, kind)
    role = att.source.text if att.source else None
    assert side_of(att.speaker or "", role) == side


def test_an_abbreviation_ends_no_sentence_and_collective_numerals_count_people() -> None:
    atts, _ = read("Як повідомляє Суспільне, евакуйовано понад 1,3 тис. людей.", "uk")
    assert atts[0].content_text == "евакуйовано понад 1,3 тис. людей"
    nlp = pipeline("uk")
    doc = nlp.make_doc("У ДСНС повідомили, що загинули троє людей, ще п'ятеро вважаються зниклими безвісти.")
    doc._.doc_id = "doc_x"
    counts = [(q.value, q.category) for q in nlp(doc)._.cl_quantities]
    assert counts == [(3.0, "killed"), (5.0, "missing")]


def test_according_to_him_is_the_person_named_before() -> None:
    text = ("Губернатор Вячеслав Гладков сообщил, что в округ вошла диверсионная группа. "
            "По его словам, пострадали восемь человек.")
    first, second = read(text)[0]
    assert second.speaker == first.speaker == "Vyacheslav Gladkov"
    assert second.content_text == "пострадали восемь человек"


@pytest.mark.parametrize(("name", "side"), [
    ("Минобороны", "russian_government"),  # the Russian spelling: Russia's ministry in a Russian report
    ("Міноборони", "ukrainian_government"),  # the Ukrainian spelling: Ukraine's
    ("ГУР", "ukrainian_government"),
    ("МЧС", "russian_government"),
])
def test_ministries_and_agencies_take_their_side(name: str, side: str) -> None:
    assert side_of(name, None) == side


@pytest.mark.parametrize(("source", "language", "english"), [
    ("оккупационной администрации Новой Каховки", "ru", "occupation administration of Nova Kakhovka"),
    ("Украинские власти", "ru", "Ukrainian authorities"),
    ("экстренных служб", "ru", "emergency services"),
    ("Представники української влади та військові", "uk",
     "representatives of the Ukrainian authorities and military"),
    ("Минобороны России", "ru", None),  # a proper name stays as written
])  # fmt: skip
def test_groups_named_by_common_nouns_take_their_english_names(source: str, language: str,
                                                               english: str | None) -> None:
    from claimledger.extract.cyrillic import english_name

    assert english_name(source, language) == english
