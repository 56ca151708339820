"""Attributed statements in Russian and Ukrainian reports, found by rules.

No trained Russian or Ukrainian spaCy pipeline installs from PyPI (the `ru_core_news_*` / `uk_core_news_*`
names there are empty placeholders), and the English models read Cyrillic as noise. Yet the outlets a
conflict analyst needs most (TASS, RIA, Meduza, Suspilne, regional Telegram digests) write in these
languages, and their news prose credits statements in a few fixed ways. Per sentence (spaCy's blank `ru` /
`uk` tokenizer and sentencizer, with quotation marks kept whole), this module finds:

* a quotation credited after a dash: «Подрыва не было», — заявил Леонтьев.
* a source before its reporting verb: Глава Новой Каховки Леонтьев заявил, что ...
* a source after the verb, closing the sentence: ..., пишет ТАСС со ссылкой на экстренные службы.
* "according to": По словам Гладкова, ... / За даними ДСНС, ...
* "Об этом сообщил X" / "Про це повідомив X": the previous sentence is what X said.

Speakers are transliterated (BGN/PCGN for Russian, Ukraine's 2010 national system for Ukrainian), so that
"Владимир Леонтьев" and "Vladimir Leontyev" are one speaker in the ledger; the written form stays an alias
of the entity. Counts of people killed, injured, evacuated or missing are read too ("погибли семь человек",
"эвакуированы более 1,5 тыс. жителей"), with the statement they belong to. Events, dates and verification
notes are not read in these languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract.rule_reader import blank_pipeline
from claimledger.models import (
    Attribution,
    AttributionKind,
    Entity,
    Polarity,
    Quantity,
    Span,
    SpeakerKind,
)

LANGUAGES = ("ru", "uk")

_RU = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
     "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
    strict=True,
))
_UK = dict(zip(
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'’",
    ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia", "", ""],
    strict=True,
))
# at the start of a word these letters are spelt with a y ("Євген" Yevhen, "Юрій" Yurii)
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_RU_IOTATED_AFTER = set("аеёиоуыэюяъь")


# names from outside the Slavic world, as Russian and Ukrainian write them, back in their own spelling
# (letter-by-letter transliteration turns "Гутерриш" into "Guterrish", which meets no English report)
EXONYMS = {
    "антониу": "Antonio", "антоніу": "Antonio", "гутерриш": "Guterres", "гутерреш": "Guterres",
    "гутерріш": "Guterres", "гутерреса": "Guterres", "эрдоган": "Erdogan", "ердоган": "Erdogan",
    "реджеп": "Recep", "тайип": "Tayyip", "тайіп": "Tayyip", "байден": "Biden", "джо": "Joe",
    "блинкен": "Blinken", "блінкен": "Blinken", "энтони": "Antony", "ентоні": "Antony",
    "столтенберг": "Stoltenberg", "йенс": "Jens", "єнс": "Jens", "макрон": "Macron",
    "эммануэль": "Emmanuel", "еммануель": "Emmanuel", "шольц": "Scholz", "олаф": "Olaf",
    "гриффитс": "Griffiths", "гріффітс": "Griffiths", "мартин": "Martin", "мартін": "Martin",
    "гросси": "Grossi", "гроссі": "Grossi", "рафаэль": "Rafael", "рафаель": "Rafael",
}


def latin_name(written: str, language: str) -> str:
    """A person's name in Latin letters: an exonym where one is known, else `transliterate`."""
    return " ".join(EXONYMS.get(w.casefold()) or transliterate(w, language) for w in written.split())


def transliterate(text: str, language: str) -> str:
    """Latin spelling of Cyrillic `text` ("Леонтьев" -> "Leontyev"); other characters are kept."""
    out: list[str] = []
    for i, char in enumerate(text):
        lower = char.lower()
        before = text[i - 1].lower() if i else " "
        at_start = not before.isalpha()
        if language == "uk":
            latin = _UK_INITIAL[lower] if at_start and lower in _UK_INITIAL else _UK.get(lower)
        else:
            latin = "ye" if lower == "е" and (at_start or before in _RU_IOTATED_AFTER) else _RU.get(lower)
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() and latin else latin)
    return "".join(out)


_CUE_RU = (
    r"заявил[аио]?|заявля(?:ет|ют)|сообщил[аио]?|сообща(?:ет|ют)|сказал[аио]?|написал[аи]?|пишет|пишут|"
    r"отметил[аи]?|подчеркнул[аи]?|добавил[аи]?|пояснил[аи]?|уточнил[аи]?|рассказал[аи]?|объявил[аи]?|"
    r"предупредил[аи]?|утвержда(?:ет|ют|л[аи]?)|переда(?:ет|ют)|считает|считают|"
    r"обвинил[аи]?|обвиня(?:ет|ют)|назвал[аи]?|опроверг(?:ла|ли)?|отрица(?:ет|ют|л[аи]?)|отверг(?:ла|ли)?|"
    r"признал(?:ся|ась|ись|а|и)?|вин(?:ит|ят)|говор(?:ит|ят|ил[аи]?)|указал[аи]?|указывает|предположил[аи]?|"
    r"допуска(?:ет|ют)"
)
_CUE_UK = (
    r"заявив|заявила|заявили|заявля(?:є|ють)|повідомив|повідомила|повідомили|повідомля(?:є|ють)|сказав|"
    r"сказала|сказали|написав|написала|написали|пише|пишуть|зазначив|зазначила|зазначили|наголосив|"
    r"наголосила|додав|додала|пояснив|пояснила|розповів|розповіла|вважа(?:є|ють)|звинуватив|звинуватила|"
    r"звинуватили|звинувачу(?:є|ють)|назвав|назвала|назвали|заперечив|заперечила|заперечили|"
    r"заперечу(?:є|ють)|спростував|спростувала|спростували|визнав|визнала|визнали|каже|кажуть|вказав|"
    r"вказала|припустив|припустила|звинувачують"
)
CUE = re.compile(rf"(?<![\w-])(?:{_CUE_RU}|{_CUE_UK})(?![\w-])", re.IGNORECASE)
_DENY = re.compile(r"^(опроверг|отрица|отверг|заперечи|заперечу|спростува)", re.IGNORECASE)
_ACCORDING = re.compile(
    r"(?:по (?:его|её|ее|их) словам|за (?:його|її|їхніми) словами|"
    r"по словам|по данным|по информации|по сообщению|по сообщениям|согласно данным|согласно|"
    r"как (?:заявил|заявила|заявили|сообщил|сообщила|сообщили|сообщает|сообщают|пишет|отметил|"
    r"отметила|рассказал|рассказала)|"
    r"за словами|за даними|за інформацією|як (?:заявив|заявила|повідомив|повідомила|повідомили|"
    r"повідомляє|зазначив|зазначила|пише)),?\s+",
    re.IGNORECASE,
)
_ACCORDING_PRONOUN = re.compile(r"(?<= )(?:его|её|ее|их|його|її|їхніми)(?= )", re.IGNORECASE)
_THIS_WAS_SAID = re.compile(r"(?:об этом|о чем|про це)\s+", re.IGNORECASE)
_LATER_THAT = re.compile(r",\s*(?:что|що)\s+", re.IGNORECASE)
_THAT = re.compile(r"^\s*(?:,\s*)?(?:что|що|о том, что|про те, що)\s+", re.IGNORECASE)
# words that open a clause before its subject ("При этом глава ... заявил"): not part of the source
_LEADING = re.compile(
    r"^(?:(?:при этом|также|однако|ранее|позднее|позже|затем|между тем|тем временем|в свою очередь|"
    r"кроме того|в частности|при цьому|також|проте|однак|раніше|згодом|водночас|натомість|зокрема|"
    r"крім того|а|и|і|но|але)\s+)+",
    re.IGNORECASE,
)
# where a source after its verb stops: "губернатор Гладков | в Telegram", "ТАСС | со ссылкой на ..."
_SOURCE_END = re.compile(r"\s+(?:в|во|на|по|со|с|из|у|для|із|з|до|від|после|після|ссылаясь)\s|[,;:.!?(]")
_ROLE = re.compile(
    r"^(?:губернатор|мэр|глав|генсек|генеральный секретарь|президент|премьер|министр|министерство|советник|"
    r"помощник|заместитель|замглавы|руководител|директор|радник|заступник|керівник|"
    r"минобороны|представитель|"
    r"пресс-секретарь|спикер|власти|чиновник|эксперт|военн|командир|командование|источник|экстренн|"
    r"служб|ведомств|администрац|штаб|очевид|жител|голова|міністр|міністерство|речник|представник|"
    r"влада|посадов|експерт|військов|джерел|мешкан|очільник|начальник|прокуратур|генштаб|мчс|дснс|"
    r"оон|сбу|гур|всу|зсу)",
    re.IGNORECASE,
)
_PREPOSITIONS = frozenset({"в", "во", "на", "из", "у", "із", "з"})
# an adverbial after a subject is no part of it: "Украинские власти | без обиняков винят"
_TRAILING_ADVERBIAL = re.compile(
    r"\s+(?:без|с|со|уже|давно|вновь|снова|также|тоже|вже|знову|теж|також)\s+\w+$", re.IGNORECASE
)
_CONJUNCTIONS = frozenset({"и", "і", "та", "а", "но", "але", "й"})
# "он заявил", "по его словам", "за його словами": the person named last
_PRONOUN = re.compile(r"^(?:он|она|они|його|її|їх|він|вона|вони|его|её|ее|их)$", re.IGNORECASE)
_ORG_WORD = re.compile(
    r"министерств|минобороны|ведомств|служб|администрац|агентств|штаб|мчс|тасс|риа|интерфакс|"
    r"міністерств|адміністрац|дснс|укрінформ|суспільне|генштаб|прокуратур|"
    r"легион|легіон|корпус|батальон|бригад|полк|«",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[А-ЯЁІЇЄҐA-Z]{2,}$")  # ТАСС, МЧС, ООН
_CHANNELS = (
    ("telegram", re.compile(r"telegram|телеграм", re.IGNORECASE)),
    ("interview", re.compile(r"интервью|інтерв['’]ю", re.IGNORECASE)),
    ("briefing", re.compile(r"брифинг|брифінг", re.IGNORECASE)),
    ("statement", re.compile(r"заявлени|заяв[іи]\b", re.IGNORECASE)),
    ("social_media", re.compile(r"соцсет|соцмереж|facebook|twitter|вконтакте", re.IGNORECASE)),
    ("tv", re.compile(r"в эфире|в ефірі|телеканал", re.IGNORECASE)),
)
_OPEN_QUOTES = "«„“\""
_CLOSE_QUOTES = "»“”\""
_QUOTED = re.compile(r"[«„“\"][^«»„“”\"]+[»“”\"]")
_DASH_CREDIT = re.compile(
    r"^(?P<quote>[«„“\"].+[»“”\"])\s*[,.!?…]?\s*[—–-]\s*(?P<rest>.+)$", re.DOTALL
)
_GENITIVE = (  # a name after "по словам" / "за словами" back to its dictionary form
    (re.compile(r"(ов|ев|ёв|ин|ын)а$"), r"\1"),
    (re.compile(r"([сц]к)ого$"), r"\1ий"),
    (re.compile(r"([сц]ьк)ого$"), r"\1ий"),
    (re.compile(r"енка$"), "енко"),
    (re.compile(r"([бвгджзклмнпрстфхцчшщ])а$"), r"\1"),  # "Александра", "Гутерриша": a man's name
)
# a capitalised word in an oblique case is a place or an office, not a first name ("Новой Каховки Леонтьев")
_OBLIQUE = re.compile(r"(и|ы|ой|ого|ей|ых|их|ому|ском|ської|ського|ів|ам)$")
_WORD = re.compile(r"[\w’'-]+")
_CAPITALISED = re.compile(r"^[А-ЯЁІЇЄҐA-Z]")
MIN_CONTENT_WORDS = 3


@dataclass(frozen=True, slots=True)
class _Found:
    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    resolve_previous: bool = False  # "он заявил": the speaker is the document's last named one


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without surrounding spaces and trailing sentence punctuation."""
    while start < end and (text[start].isspace() or text[start] in ",:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?…—–-"):
        end -= 1
    return start, end


def _without_outer_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    if end - start > 2 and text[start] in _OPEN_QUOTES and text[end - 1] in _CLOSE_QUOTES:
        return start + 1, end - 1
    return start, end


def _content_after_cue(text: str, start: int, end: int) -> tuple[int, int]:
    credit = _NESTED_CREDIT.search(text, start, end)  # "..., пишет ТАСС со ссылкой на ...": not content
    if credit and _source_after(text, credit.end(), end):
        end = credit.start()
    rest = text[start:end]
    that = _THAT.match(rest) or _LATER_THAT.search(rest, 0, 100)  # "признался в интервью Bild, что ..."
    if that:
        return _strip(text, start + that.end(), end)
    colon = rest.find(":")
    if 0 <= colon < 60:  # "сообщил о затоплении города: в трёх населённых пунктах ..."
        return _strip(text, start + colon + 1, end)
    return _strip(text, start, end)


def _is_source(phrase: str) -> bool:
    words = _WORD.findall(phrase)
    if not words or len(words) > 10:
        return False
    if len(words) == 1 and _PRONOUN.match(words[0]):
        return True
    if CUE.search(phrase) or any(w.casefold() in ("что", "що", "который", "яка", "який") for w in words):
        return False
    named = any(_CAPITALISED.match(w) for w in words[1:]) or (len(words) == 1
                                                               and _CAPITALISED.match(words[0]))
    return bool(named or any(_ROLE.match(w) for w in words[:3]))


def _source_before(text: str, sent_start: int, cue_start: int) -> tuple[int, int] | None:
    clause = text[sent_start:cue_start]
    cut = max(clause.rfind(mark) for mark in (", ", ": ", "— ", "– "))
    closing = clause.rfind("» ")
    if closing > cut and not 0 <= clause.rfind("«", cut + 1, closing) < closing:
        cut = closing  # "«...» заявил X" ends a quotation; "Легион «Свобода России» заявил" names a source
    begin = sent_start + (cut + 2 if cut >= 0 else 0)
    lead = _LEADING.match(text[begin:cue_start])
    if lead:
        begin += lead.end()
    start, end = _strip(text, begin, cue_start)
    if end <= start or not _is_source(text[start:end]):
        return None
    head = _from_head(text, start, end)
    if head is None:
        return None
    trailing = _TRAILING_ADVERBIAL.search(text, head[0], head[1])
    return (head[0], trailing.start()) if trailing else head


def _from_head(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The source phrase from its first role noun or name ("6 июня вскоре после катастрофы | генсек ООН
    Антониу Гутерриш", "прежде чем | Путин"); none when it ends on a conjunction (a second verb's subject
    lies further back: "Світові лідери засудили ... і | назвали")."""
    words = list(_WORD.finditer(text, start, end))
    if words and words[-1].group().casefold() in _CONJUNCTIONS:
        return None
    for i, word in enumerate(words):
        w = word.group()
        if w.casefold() in _PREPOSITIONS:  # "В Минобороны России заявили"
            continue
        if _ROLE.match(w) or _PRONOUN.match(w) or (_CAPITALISED.match(w) and (i > 0 or len(words) == 1
                                                                              or _is_name_start(words))):
            return word.start(), end
    return None


def _is_name_start(words: list[re.Match[str]]) -> bool:
    """A capitalised first word is a name, not just a sentence's first letter, when the next is one too
    (or it qualifies the role noun after it: "Украинские власти")."""
    return len(words) > 1 and bool(_CAPITALISED.match(words[1].group()) or _ROLE.match(words[1].group()))


def _source_after(text: str, start: int, end: int) -> tuple[int, int] | None:
    stop = _SOURCE_END.search(text, start, end)
    s, e = _strip(text, start, stop.start() if stop else end)
    return (s, e) if e > s and _is_source(text[s:e]) else None


_NESTED_CREDIT = re.compile(rf",\s*[—–]?\s*(?:{_CUE_RU}|{_CUE_UK})\s", re.IGNORECASE)


def _dash_credit(text: str, start: int, end: int) -> _Found | None:
    match = _DASH_CREDIT.match(text[start:end])
    if not match:
        return None
    rest_start = start + match.start("rest")
    cue = CUE.match(text, rest_start, end)
    if not cue:
        return None
    source = _source_after(text, cue.end(), end)
    if source is None:
        return None
    q_start, q_end = _without_outer_quotes(text, *_strip(text, start + match.start("quote"),
                                                          start + match.end("quote")))
    return _Found(source, (cue.start(), cue.end()), (q_start, q_end),
                  resolve_previous=bool(_PRONOUN.match(text[source[0]:source[1]])))


def _according_to(text: str, start: int, end: int) -> _Found | None:
    lead = _ACCORDING.match(text, start, end)
    if not lead:
        return None
    pronoun = _ACCORDING_PRONOUN.search(lead.group())
    if pronoun:  # "По его словам, ...": the person named before
        content = _strip(text, lead.end(), end)
        who = (start + pronoun.start(), start + pronoun.end())
        return _Found(who, _strip(text, start, lead.end()), content, resolve_previous=True)
    comma = text.find(",", lead.end(), end)
    if comma < 0:
        return None
    stop = _SOURCE_END.search(text, lead.end(), comma)  # "Прокудина | на утро 8 июня"
    source = _strip(text, lead.end(), stop.start() if stop else comma)
    if source[1] <= source[0] or not _is_source(text[source[0]:source[1]]):
        return None
    cue = _strip(text, start, lead.end())
    return _Found(source, cue, _strip(text, comma + 1, end))


def _verb_first(text: str, start: int, end: int, previous: tuple[int, int] | None) -> _Found | None:
    """"Об этом сообщил губернатор Гладков." credits the sentence before."""
    lead = _THIS_WAS_SAID.match(text, start, end)
    if not lead or previous is None:
        return None
    cue = CUE.match(text, lead.end(), end)
    if not cue:
        return None
    source = _source_after(text, cue.end(), end)
    return _Found(source, (cue.start(), cue.end()), previous) if source else None


def _around_cue(text: str, start: int, end: int) -> list[_Found]:
    """Each reporting verb of the sentence with its source; a statement runs to the clause that opens the
    next one ("винят Россию в подрыве ... | , хотя спустя сутки Зеленский признался ...")."""
    heads: list[tuple[tuple[int, int], tuple[int, int]]] = []  # (source, cue)
    for cue in CUE.finditer(text, start, end):
        if _inside_quote(text, start, cue.start()):
            continue
        source = _source_before(text, start, cue.start())
        if source is not None:
            heads.append((source, (cue.start(), cue.end())))
            continue
        before = text[start:cue.start()].rstrip()
        if before.endswith(",") and not heads:  # "..., пишет ТАСС со ссылкой на ..."
            after = _source_after(text, cue.end(), end)
            if after is not None:
                return [_Found(after, (cue.start(), cue.end()), _strip(text, start, len(before) + start - 1))]
    found = []
    for i, (head, verb) in enumerate(heads):
        stop = end
        if i + 1 < len(heads):
            nxt = heads[i + 1][0][0]
            comma = text.rfind(",", verb[1], nxt)
            stop = comma if comma >= 0 else nxt
        found.append(_Found(head, verb, _content_after_cue(text, verb[1], stop),
                            resolve_previous=bool(_PRONOUN.match(text[head[0]:head[1]]))))
    return found


def _inside_quote(text: str, start: int, position: int) -> bool:
    before = text[start:position]
    return before.count("«") > before.count("»") or before.count("„") > before.count("“") \
        or before.count('"') % 2 == 1  # a "..." quotation, as agencies write it in plain text


def find_attributions(text: str, sentences: list[tuple[int, int]]) -> Iterator[_Found]:
    """Every attribution the rules find, sentence by sentence, in text order."""
    previous: tuple[int, int] | None = None
    for start, end in sentences:
        single = (_dash_credit(text, start, end) or _according_to(text, start, end)
                  or _verb_first(text, start, end, previous))
        for found in [single] if single else _around_cue(text, start, end):
            if len(_WORD.findall(text[found.content[0]:found.content[1]])) >= MIN_CONTENT_WORDS:
                yield found
        previous = _strip(text, start, end)


def sentences_of(doc: Doc) -> list[tuple[int, int]]:
    """Sentence character ranges, with an opening quotation mark moved to the sentence it opens and no
    break inside «...»."""
    text = doc.text
    bounds: list[tuple[int, int]] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        if bounds:
            before_start, before_end = bounds[-1]
            tail = text[before_start:before_end].rstrip()
            if len(tail) > 1 and tail[-1] in "«„":  # "... часов. «" + "Просим ...»": the mark opens this one
                start = before_start + len(tail) - 1
                bounds[-1] = (before_start, start)
            elif _inside_quote(text, before_start, before_end) or text[start:start + 1].islower():
                bounds[-1] = (before_start, end)  # no break inside «...», nor after "тыс." or "г."
                continue
        bounds.append((start, end))
    out = []
    for start, end in bounds:
        for line_start, line in _lines(text[start:end]):
            s, e = _strip(text, start + line_start, start + line_start + len(line))
            if e > s:
                out.append((s, e))
    return out


def _lines(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    for line in text.split("\n"):
        yield position, line
        position += len(line) + 1


# -- speakers and entities ------------------------------------------------------------------------


def _dictionary_form(word: str) -> str:
    for pattern, repl in _GENITIVE:
        if pattern.search(word):
            return pattern.sub(repl, word)
    return word


def _is_org_word(word: str) -> bool:
    return bool(_ORG_WORD.search(word) or _ACRONYM.match(word))


def _name_words(source: str, genitive: bool) -> tuple[list[str], list[str]]:
    """(role words, name words) of a source phrase: the name is its run of capitalised words at the end
    ("глава Новой Каховки Леонтьев" -> role "глава Новой Каховки", name "Леонтьев")."""
    words = source.split()
    name: list[str] = []
    for word in reversed(words):
        if word != word.strip("«»\"“”„"):
            break  # a name in quotation marks names an organisation: Легион «Свобода России»
        word = _dictionary_form(word) if genitive else word
        # "Минобороны России": a capitalised word in an oblique case names a place or an office, not a person
        if not _CAPITALISED.match(word) or _OBLIQUE.search(word) or (name and _is_org_word(word)):
            break
        name.insert(0, word)
        if len(name) == 2:
            break
    role = words[: len(words) - len(name)]
    return role, name


# groups and bodies named by common nouns in Russian and Ukrainian reports, by the names English reports give
# them (the form written stays an alias; a proper name such as "Минобороны России" stays as written);
# "{place}" is the place a body is named after, in English
_GLOSSARY = (
    (r"представник\w* українськ\w* влад\w* та військов\w*|"
     r"представител\w* украинск\w* власт\w* и военн\w*",
     "representatives of the Ukrainian authorities and military"),
    (r"украинск\w* власт\w*|українськ\w* влад\w*", "Ukrainian authorities"),
    (r"российск\w* власт\w*|російськ\w* влад\w*", "Russian authorities"),
    (r"(?:оккупационн\w*|окупаційн\w*) (?:администрац\w*|адміністрац\w*|власт\w*|влад\w*) (?P<place>.+)",
     "occupation administration of {place}"),
    (r"(?:оккупационн\w*|окупаційн\w*) (?:администрац\w*|адміністрац\w*|власт\w*|влад\w*)",
     "occupation authorities"),
    (r"экстренн\w* служб\w*|екстрен\w* служб\w*|спасател\w*|рятувальник\w*", "emergency services"),
)
GLOSSARY = tuple((re.compile(pattern, re.IGNORECASE), english) for pattern, english in _GLOSSARY)
# the places of this field as bodies are named after them (in the genitive), by their English names
PLACES = {
    "Новой Каховки": "Nova Kakhovka", "Нової Каховки": "Nova Kakhovka", "Каховки": "Kakhovka",
    "Херсонской области": "Kherson region", "Херсонської області": "Kherson region", "Херсона": "Kherson",
    "Алешек": "Oleshky", "Олешок": "Oleshky",
    "Голой Пристани": "Hola Prystan", "Голої Пристані": "Hola Prystan",
}


def english_name(source: str, language: str) -> str | None:
    """The English name of a body or group a Russian or Ukrainian source names (`GLOSSARY`), else None."""
    phrase = source.strip()
    for pattern, english in GLOSSARY:
        found = pattern.fullmatch(phrase)
        if found:
            place = (found.groupdict().get("place") or "").strip()
            return english.format(place=PLACES.get(place) or transliterate(place, language))
    return None


_Speaker = tuple[str, SpeakerKind, str | None, str]


def _speaker(source: str, language: str, genitive: bool) -> _Speaker:
    """(speaker in Latin letters, kind, role as written, the name as written)."""
    speaker, kind, role, written = _speaker_as_written(source, language, genitive)
    english = english_name(source, language) if kind in ("organization", "collective") else None
    return (english, kind, role, written) if english else (speaker, kind, role, written)


def _speaker_as_written(source: str, language: str, genitive: bool) -> _Speaker:
    role, name = _name_words(source, genitive)
    if name and (role or len(name) >= 2) and not any(_is_org_word(w) for w in name):
        written = " ".join(name)
        return latin_name(written, language), "person", " ".join(role) or None, written
    if any(_is_org_word(w) for w in source.split()) and any(_CAPITALISED.match(w) for w in source.split()):
        # an acronym meets its English spelling ("ТАСС" is TASS); a longer name reads better as written
        # ("Минобороны России"), and its side is found in its own words
        shown = transliterate(source, language) if _ACRONYM.match(source) else source
        return shown, "organization", None, source
    if name:
        written = " ".join(name)
        return latin_name(written, language), "person", " ".join(role) or None, written
    return source, "collective", None, source


def _span(text: str, where: tuple[int, int]) -> Span:
    return Span(where[0], where[1], text[where[0]:where[1]])


def _channel(sentence: str) -> str | None:
    return next((name for name, pattern in _CHANNELS if pattern.search(sentence)), None)


def _kind(text: str, content: tuple[int, int]) -> AttributionKind:
    start, end = content
    if start > 0 and text[start - 1] in _OPEN_QUOTES and end < len(text) and text[end] in _CLOSE_QUOTES:
        return "direct"
    return "mixed" if _QUOTED.search(text[start:end]) else "indirect"


@dataclass(slots=True)
class _Named:
    """A speaker the document names, by its Latin name: what it is, its role and forms as written, and where
    it stands in the text."""

    kind: SpeakerKind
    role: str | None
    written: set[str] = field(default_factory=set)
    mentions: list[Span] = field(default_factory=list)

    @property
    def entity_type(self) -> str:
        return "PERSON" if self.kind == "person" else "ORG"


_People = dict[str, _Named]


def extract(text: str, doc_id: str, sentences: list[tuple[int, int]],
            language: str) -> tuple[list[Attribution], list[Entity]]:
    """Attributions and the named speakers (as entities) of one Russian or Ukrainian document."""
    attributions: list[Attribution] = []
    people: _People = {}
    last_person: str | None = None
    for found in find_attributions(text, sentences):
        content = (_span(text, found.content),)
        cue = _span(text, found.cue)
        source = _span(text, found.source) if found.source else None
        genitive = bool(_ACCORDING.match(cue.text + " "))
        speaker: str | None
        kind: SpeakerKind | None
        if found.resolve_previous:
            speaker, kind = last_person, "person" if last_person else "unresolved"
        elif source is not None:
            speaker, kind, role, written = _speaker(source.text, language, genitive)
            named = people.setdefault(speaker, _Named(kind, role))
            named.written.add(written)
            named.mentions.append(source)
            if kind == "person":
                last_person = speaker
        else:
            speaker, kind = None, None
        sentence = next(((s, e) for s, e in sentences if s <= cue.start < e), (cue.start, cue.end))
        # the channel is named between the source and what it said ("признался в интервью Bild, что"),
        # or after a closing credit ("— заявил Гладков в Telegram")
        head = min(found.cue[0], found.source[0]) if found.source else found.cue[0]
        region = (head, found.content[0]) if found.content[0] > found.cue[1] else (found.cue[0], sentence[1])
        polarity: Polarity = "deny" if _DENY.match(cue.text) else "assert"
        attributions.append(Attribution(
            id=Attribution.make_id(doc_id, content), doc_id=doc_id, kind=_kind(text, found.content),
            content=content, source=source, cue=cue, speaker=speaker, speaker_kind=kind,
            channel=_channel(text[region[0]:region[1]]), polarity=polarity,
        ))
    attributions, people = _full_names(attributions, people)
    entities = [
        Entity(id=Entity.make_id(doc_id, name, named.entity_type), doc_id=doc_id, name=name,
               type=named.entity_type, aliases=tuple(sorted(named.written - {name})),
               mentions=tuple(sorted(set(named.mentions), key=lambda s: s.start)), role=named.role)
        for name, named in people.items() if named.kind in ("person", "organization")
    ]
    ids = {entity.name: entity.id for entity in entities}
    attributions = [replace(a, speaker_entity_id=ids.get(a.speaker or "")) for a in attributions]
    return attributions, entities


def _full_names(attributions: list[Attribution], people: _People) -> tuple[list[Attribution], _People]:
    """A person named by surname alone ("Леонтьев"), or in an oblique case ("Гутерриша"), is the one the
    document names in full ("Владимир Леонтьев") when exactly one name matches."""
    full: dict[str, str] = {}
    persons = [n for n, named in people.items() if named.kind == "person"]
    for name in persons:
        last = name.split()[-1]
        matches = [n for n in persons if n != name and (
            (" " not in name and n.endswith(" " + name))
            # an oblique case the dictionary-form rules missed: "По словам Гутерриша" (Guterrisha)
            or any(last == n.split()[-1] + ending for ending in ("a", "ya", "u", "yu")))]
        if len(matches) == 1:
            full[name] = matches[0]
    if not full:
        return attributions, people
    merged: _People = {}
    for name, named in people.items():
        into = merged.setdefault(full.get(name, name), _Named(named.kind, named.role))
        into.role = into.role or named.role
        into.written |= named.written
        into.mentions += named.mentions
    renamed = [replace(a, speaker=full.get(a.speaker or "", a.speaker)) for a in attributions]
    return renamed, merged


# -- counts of people ------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "один": 1, "одна": 1, "одного": 1, "два": 2, "две": 2, "двое": 2, "двух": 2, "три": 3, "трое": 3,
    "трех": 3, "трёх": 3, "четыре": 4, "четверо": 4, "пять": 5, "пятеро": 5, "шесть": 6, "семь": 7,
    "восемь": 8,
    "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "пятнадцать": 15, "двадцать": 20,
    "тридцать": 30, "сорок": 40, "пятьдесят": 50, "сто": 100,
    "дві": 2, "двоє": 2, "чотири": 4, "п'ять": 5, "п’ять": 5, "шість": 6, "сім": 7, "вісім": 8,
    "дев'ять": 9, "дев’ять": 9, "двадцять": 20,
}
# collective numerals count people by themselves: "погибли трое", "п'ятеро вважаються зниклими"
_COLLECTIVE = {"двое": 2, "трое": 3, "четверо": 4, "пятеро": 5, "шестеро": 6, "семеро": 7, "двоє": 2,
               "троє": 3, "п'ятеро": 5, "п’ятеро": 5}
_NUMBER_WORDS |= _COLLECTIVE
_NUMBER = re.compile(
    r"(?P<qual>(?:около|более|свыше|не менее|не более|почти|порядка|до|понад|близько|щонайменше|майже|"
    r"більше|не менше|как минимум|минимум|по меньшей мере|принаймні)\s+)?"
    r"(?P<num>\d+(?:[ \u00a0]\d{3})*(?:[.,]\d+)?|"
    + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True)) +
    r")(?P<scale>\s+(?:тыс(?:\.|яч[аи]?)?|тис(?:\.|яч[аі]?)?))?(?![\w’'-])",
    re.IGNORECASE,
)
_QUALIFIER = {"около": "about", "порядка": "about", "близько": "about", "более": "more than",
              "свыше": "more than", "понад": "more than", "більше": "more than", "не менее": "at least",
              "щонайменше": "at least", "не менше": "at least", "почти": "nearly", "майже": "nearly",
              "не более": "up to", "до": "up to",
              "как минимум": "at least", "минимум": "at least", "по меньшей мере": "at least",
              "принаймні": "at least"}
_HARM_WORDS = (
    ("missing", re.compile(r"пропа\w* без вести|пропавш\w* без вести|зник\w* безвісти", re.IGNORECASE)),
    ("killed", re.compile(r"погиб\w*|убит\w*|уничтожен\w*|ликвидирован\w*|жертв\w*|тел\b|загину\w*|"
                          r"загибл\w*|вбит\w*|знищен\w*|смерт\w*|утонул\w*|потонул\w*", re.IGNORECASE)),
    ("injured", re.compile(r"ранен\w*|пострадал\w*|поранен\w*|травмирован\w*|постраждал\w*|травмован\w*",
                           re.IGNORECASE)),
    ("evacuated", re.compile(r"эвакуир\w*|эвакуац\w*|вывезен\w*|евакуйов\w*|евакуюва\w*|евакуац\w*",
                             re.IGNORECASE)),
)
# what a count of people counts: "человек", "жителей", "боевиков" ... (the noun right after the number)
_PEOPLE = re.compile(
    r"\s+(?:\w+\s+){0,2}?(человек|людей|люди|жител\w*|мирн\w*|граждан\w*|дет\w*|детей|"
    r"боевик\w*|диверсант\w*|националист\w*|террорист\w*|военнослужащ\w*|военн\w*|бойц\w*|солдат\w*|"
    r"осіб|особи|людини|мешкан\w*|цивільн\w*|бойовик\w*|військов\w*)(?![\w-])",
    re.IGNORECASE,
)
# a verb of rising or reaching right before "до": the count it reached ("зросла до 10", "возросло до 10")
_RISEN_TO = re.compile(r"\b(?:(?:з|ви|воз|вы)рос(?:л[аои]|ли)?|зріс|увеличил\w*|збільшил\w*|досяг\w*|"
                       r"достиг\w*)\s+$", re.IGNORECASE)
_NEAR = 60  # characters between a count and the word that says what happened to the people counted


def _count_value(match: re.Match[str]) -> float | None:
    raw = match.group("num").lower().replace("\u00a0", " ")
    if raw in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[raw])
    else:
        digits = raw.replace(" ", "")
        # "1,5 тыс." is a decimal comma; "2,743" without a scale separates thousands
        digits = digits.replace(",", ".") if match.group("scale") else digits.replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            return None
    return value * 1000 if match.group("scale") else value


def _harm_near(text: str, start: int, end: int, sentence: tuple[int, int]) -> str | None:
    """The harm word closest to the count, within its sentence."""
    best: tuple[int, str] | None = None
    lo, hi = max(sentence[0], start - _NEAR), min(sentence[1], end + _NEAR)
    for category, pattern in _HARM_WORDS:
        for hit in pattern.finditer(text, lo, hi):
            distance = hit.start() - end if hit.start() >= end else start - hit.end()
            if best is None or distance < best[0]:
                best = (distance, category)
    return best[1] if best else None


def quantities(text: str, doc_id: str, sentences: list[tuple[int, int]],
               attributions: list[Attribution]) -> list[Quantity]:
    """Counts of people killed, injured, evacuated or missing, each tied to the statement it lies in."""
    out: list[Quantity] = []
    for sentence in sentences:
        for match in _NUMBER.finditer(text, *sentence):
            people = _PEOPLE.match(text, match.end())
            collective = match.group("num").lower() in _COLLECTIVE
            if people is None and not collective:
                continue  # "14 из 28 пролетов", "600 домов": not people
            end = people.end() if people else match.end()
            value = _count_value(match)
            category = _harm_near(text, match.start("num"), end, sentence)
            if value is None or category is None:
                continue
            start = match.start()
            qualifier = _QUALIFIER.get((match.group("qual") or "").strip().lower())
            if qualifier == "up to" and _RISEN_TO.search(text, max(sentence[0], start - 25), start):
                qualifier = None  # "кількість загиблих зросла до 10": rose to 10, not up to 10
            owner = next((a.id for a in attributions if any(c.start <= start and end <= c.end
                                                            for c in a.content)), None)
            out.append(Quantity(
                id=Quantity.make_id(doc_id, start, end), doc_id=doc_id, value=value, category=category,
                span=Span(start, end, text[start:end]), qualifier=qualifier,
                low=value if qualifier in ("at least", "more than") else None,
                high=value if qualifier in ("up to", "nearly") else None, attribution_id=owner,
            ))
    return out


# -- the spaCy pipeline -----------------------------------------------------------------------------


@Language.factory("claimledger_cyrillic")
def make_cyrillic_attributions(nlp: Language, name: str) -> CyrillicAttributions:
    return CyrillicAttributions(nlp.lang or "ru")


class CyrillicAttributions:
    """Fills `Doc._.cl_attributions` and `Doc._.cl_entities` of a Russian or Ukrainian Doc."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, doc: Doc) -> Doc:
        bounds = sentences_of(doc)
        attributions, entities = extract(doc.text, doc._.doc_id or "", bounds, self.language)
        doc._.cl_attributions = attributions
        doc._.cl_entities = entities
        doc._.cl_quantities = quantities(doc.text, doc._.doc_id or "", bounds, attributions)
        return doc


@lru_cache(maxsize=len(LANGUAGES))
def pipeline(language: str) -> Language:
    """spaCy's blank pipeline for `language` with a sentencizer and the rules above."""
    return blank_pipeline(language, "claimledger_cyrillic")
