"""Attributed statements in German reports, found by rules.

No German spaCy pipeline installs from PyPI here (the `de_core_news_*` names are empty placeholders), and the
English models read German as noise. German news prose credits statements in a few fixed ways, which this
module reads per sentence (spaCy's blank `de` tokenizer and sentencizer, quotations kept whole):

* a quotation credited after it: „Sie haben Angst …“, so der Präsident. / „…“, sagte Peskow.
* a source before a colon and a quotation: Selenskyj erinnert an seine Warnungen: „…“
* a source before its reporting verb: Kremlsprecher Dmitri Peskow sagte, die Ukraine …
* "according to": Laut Selenskyj … / Nach Angaben des Gouverneurs … / Wie Saldo mitteilte, …
* a rejection: Die Ukraine wies jede Beteiligung zurück (a denial, its object the content)
* reported speech in the subjunctive (Konjunktiv I), the way German reports paraphrase a speaker
  sentence after sentence: Da der Damm besetzt sei, könne er keine Belege präsentieren.
* a quotation standing alone right after a statement continues its speaker's words.

A person is named with a role noun before the name ("den ukrainischen Präsidenten Wolodymyr Selenskyj") or
an age after it ("Selenskyj (45)"); a pronoun or a role noun alone ("er", "der Präsident") is the person named
last. German spellings of Slavic names are carried over to English ones ("Wolodymyr Selenskyj" is
"Volodymyr Zelenskyy", "Peskow" is "Peskov"), so that the ledger merges them with the English reports'
speakers; the written form stays an alias. Counts, events, dates and verification notes are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract.cyrillic import sentences_of
from claimledger.extract.rule_reader import Found, People, RuleAttributions, assemble, blank_pipeline, inner
from claimledger.models import Attribution, Entity, SpeakerKind

_VERBS = (
    r"sagte|sagt|sagten|erklärte|erklärt|erklärten|betonte|betont|warnte|warnt|behauptete|behauptet|"
    r"bestätigte|bestätigt|berichtete|berichtet|meldete|meldet|schrieb|schreibt|teilte mit|teilt mit|"
    r"kritisierte|kritisiert|bestritt|bestreitet|dementierte|dementiert|forderte|fordert|versicherte|"
    r"versichert|erinnert|erinnerte|wirft|warf|beschuldigte|beschuldigt|räumte ein|räumt ein|"
    r"unterstrich|verkündete|verkündet|sprach|spricht|fügte hinzu|ergänzte|ergänzt"
)
_DENY = re.compile(r"^(bestritt|bestreitet|dementiert|wies|weist)", re.IGNORECASE)
_QUOTE = r"[„“\"»«]"
_UNQUOTE = r"[“”\"«»]"
# „…“, so der Präsident. / „…“, sagte Peskow im Interview.
_QUOTE_CREDIT = re.compile(
    rf"^(?P<q>{_QUOTE}.+{_UNQUOTE}),?\s+(?P<cue>so|{_VERBS})\s+(?P<src>[^.!?]+?)[.!?]?$"
)
# Selenskyj erinnert an seine Warnungen: „…“ / Der Präsident ist sicher: „…“
_COLON_QUOTE = re.compile(rf"^(?P<lead>[^:„“\"]{{3,120}}):\s*(?P<q>{_QUOTE}.+{_UNQUOTE})[.!?]?$")
# Für Selenskyj ist klar: Moskau steckt hinter der Zerstörung des Damms!
_FOR_X_CLEAR = re.compile(r"^Für (?P<src>[^:]{2,60}?) (?P<cue>(?:ist|sind|war|scheint) (?:es )?"
                          r"(?:klar|sicher|eindeutig|offensichtlich)):\s*(?P<c>.+)$")
_SOURCE_VERB = re.compile(
    rf"^(?P<src>[^,:;.„“\"]{{2,90}}?)\s+(?P<cue>{_VERBS})\b,?:?\s*(?:dass\s+)?(?P<c>.+)$"
)
_ACCORDING = re.compile(
    r"^(?:(?P<cue>Laut|Nach Angaben (?:von |des |der )?|Wie)\s+(?P<src>[^,]{2,80}?)"
    r"(?:\s+(?:mitteilte|sagte|berichtete|erklärte|meldete|schrieb))?,\s*(?P<c>.+)$)"
)
# "Laut Gouverneur Wladimir Saldo wurden ...": no comma; the source is the capitalised words before the verb
_ACCORDING_INVERTED = re.compile(
    r"^(?P<cue>Laut|Nach Angaben (?:von |des |der )?)\s+(?P<src>(?:(?:dem|der|des) )?[A-ZÄÖÜ][\w-]*"
    r"(?: [A-ZÄÖÜ][\w-]*){0,3}) (?P<c>[a-zäöüß].+)$"
)
# "Die Ukraine wies jede Beteiligung zurück", "Moskau weist die Vorwürfe zurück": a denial, no verb of saying
_REJECTS = re.compile(
    r"^(?P<src>[^,:;.„“\"]{2,60}?)\s+(?P<cue>wies|weist)\s+(?P<c>[^,:;„“\"]{3,80}?)\s+zurück[.!?]?$"
)
_ZUFOLGE = re.compile(r"^(?P<src>[^,]{2,60}?)\s+(?P<cue>zufolge)\s+(?P<c>.+)$")
_SUBJUNCTIVE = re.compile(
    r"\b(sei|seien|habe|könne|könnten|werde|müsse|solle|wolle|dürfe|gebe|stehe|liege|komme|gehe|wisse)\b"
)
_PRONOUN = re.compile(r"^(er|sie|der|die)$", re.IGNORECASE)
_ROLE_NOUNS = (
    r"Präsident|Präsidenten|Präsidentin|Sprecher|Sprechers|Sprecherin|Kremlsprecher|Kremlsprechers|Minister|"
    r"Ministers|Ministerin|Außenminister|Außenministers|Verteidigungsminister|Verteidigungsministers|"
    r"Bürgermeister|Bürgermeisters|Gouverneur|Gouverneurs|Kanzler|Kanzlers|Chef|Chefs|Generalsekretär|"
    r"Generalsekretärs|Botschafter|Botschafters|Berater|Beraters|Leiter|Leiters|Regierungschef|"
    r"Regierungschefs|Vize|Staatschef|Staatschefs|Kremlchef|Kremlchefs|Experte|Experten|Analyst|Analysten"
)
_ROLE_WORD = re.compile(rf"^(?:{_ROLE_NOUNS})$")
_ROLE_THEN_NAME = re.compile(
    rf"\b(?P<role>(?:[a-zäöüß]+e[nmrs]? )?(?:{_ROLE_NOUNS})) +"
    r"(?P<name>[A-ZÄÖÜ][\w-]+(?: +[A-ZÄÖÜ][\w-]+){0,2})"
)
_AGED = re.compile(r"\b(?P<name>[A-ZÄÖÜ][\w-]+(?: +[A-ZÄÖÜ][\w-]+){0,2}) +\(\d{2}\)")
_CONTINUING = re.compile(r"^(?:Und|Aber|Doch|Dann|Weiter|Außerdem|Zudem|Auch)$")
_SOURCE_END = re.compile(r"\s+(?:im|in|am|bei|auf|gegenüber|vor|nach|laut|mit|zum|zur)\s|[,;:(]")
_CHANNELS = (
    ("interview", re.compile(r"\bInterview\b")),
    ("telegram", re.compile(r"\bTelegram\b")),
    ("tv", re.compile(r"\b(Fernsehen|TV|Fernsehansprache|Videoansprache)\b")),
    ("statement", re.compile(r"\b(Erklärung|Mitteilung|Pressemitteilung)\b")),
    ("briefing", re.compile(r"\b(Pressekonferenz|Briefing)\b")),
)
# German names and spellings the English reports write otherwise
EXONYMS = {
    "Kreml": "Kremlin", "Moskau": "Moscow", "Kiew": "Kyiv", "Russland": "Russia", "Ukraine": "Ukraine",
    "UN": "United Nations", "UNO": "United Nations", "Vereinte Nationen": "United Nations",
    "Bundesregierung": "German government", "Dmitri": "Dmitry", "Sergej": "Sergey", "Jewgeni": "Yevgeny",
    "Wladimir": "Vladimir", "Wolodymyr": "Volodymyr", "Schoigu": "Shoigu", "Lawrow": "Lavrov",
}
# a surname German spells from Russian or Ukrainian ("Peskow", "Selenskyj", "Klymenko", "Podoljak"); only
# then is the whole name carried over, so "Olaf Scholz" and "Wolfgang Schmidt" stay as written
_SLAVIC_SURNAME = re.compile(r"(?:ow|ew|jew|owa|ewa|yj|ij|kyj|enko|tschuk|uk|itsch|jak|ski|sky)$|tsch")
_LATIN = (("schtsch", "shch"), ("tsch", "ch"), ("sch", "sh"), ("ch", "kh"), ("w", "v"), ("j", "y"))
MIN_CONTENT_WORDS = 3
_NOT_IN_A_SOURCE = frozenset({"ist", "sind", "war", "wird", "hat", "haben", "wurde", "wurden"})
_WORD = re.compile(r"[\w’'-]+")


def latin_name(written: str) -> str:
    """The English spelling of a name as German writes it: "Wolodymyr Selenskyj" -> "Volodymyr Zelenskyy"."""
    words = written.split()
    slavic = bool(words) and _SLAVIC_SURNAME.search(words[-1]) is not None
    return " ".join(EXONYMS.get(word) or (_latin_word(word) if slavic else word) for word in words)


def _latin_word(word: str) -> str:
    latin = word.lower()
    for german, english in _LATIN:
        latin = latin.replace(german, english)
    if len(latin) > 1 and latin[0] == "s" and latin[1] in "aeiouy":
        latin = "z" + latin[1:]  # German "S" before a vowel is voiced: Selenskyj, Saporischschja
    return latin[:1].upper() + latin[1:] if word[:1].isupper() else latin


_QUOTES = ("„“\"»«", "“”\"«»")


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    return inner(text, start, end, _QUOTES)


def _source_phrase(text: str, start: int, end: int) -> tuple[int, int]:
    cut = _SOURCE_END.search(text, start, end)
    return start, (cut.start() if cut else end)


def _named_in(lead: str, people: People) -> tuple[int, int] | None:
    """Where the clause before a colon names its speaker: a person the text introduces, else a role noun
    or a pronoun ("Der Präsident ist sicher", "Selenskyj erinnert an seine Warnungen")."""
    for written in sorted(people, key=len, reverse=True):
        at = re.search(rf"(?<![\w-]){re.escape(written)}(?![\w-])", lead)
        if at:
            return at.span()
    at = re.search(rf"\b(?:[Dd]er |[Dd]ie )?(?:{_ROLE_NOUNS})\b|\b(?:er|sie)\b", lead)
    return at.span() if at else None


def _one_sentence(text: str, start: int, end: int, last: Found | None, previous_end: int,
                  people: People) -> Found | None:
    sentence = text[start:end]
    m = _QUOTE_CREDIT.match(sentence)
    if m:
        source = _source_phrase(text, start + m.start("src"), start + m.end("src"))
        return Found(_inner(text, start + m.start("q"), start + m.end("q")),
                      (start + m.start("cue"), start + m.end("cue")), source)
    m = _FOR_X_CLEAR.match(sentence)
    if m:
        return Found(_inner(text, start + m.start("c"), start + m.end("c")),
                      (start + m.start("cue"), start + m.end("cue")),
                      (start + m.start("src"), start + m.end("src")))
    m = _COLON_QUOTE.match(sentence)
    if m:
        content = _inner(text, start + m.start("q"), start + m.end("q"))
        if _CONTINUING.match(m.group("lead").strip()):
            return Found(content, (start, start), None, resolve_previous=True) if last is not None else None
        named = _named_in(m.group("lead"), people)
        if named is not None:
            # the cue is what the lead says besides the name: "erinnert an seine Warnungen", "ist sicher"
            after = _inner(text, start + named[1], start + m.end("lead"))
            cue = after if after[1] > after[0] else _inner(text, start, start + named[0])
            if cue[1] <= cue[0]:
                cue = (start + m.end("lead"), start + m.end("lead") + 1)
            return Found(content, cue, (start + named[0], start + named[1]))
    for pattern in (_ACCORDING, _ACCORDING_INVERTED, _ZUFOLGE, _SOURCE_VERB, _REJECTS):
        m = pattern.match(sentence)
        if m and _names_a_source(m.group("src")):
            return Found(_inner(text, start + m.start("c"), start + m.end("c")),
                          (start + m.start("cue"), start + m.end("cue")),
                          _source_phrase(text, start + m.start("src"), start + m.end("src")))
    if last is None or text.count("\n", previous_end, start) > 2:
        return None
    if re.fullmatch(rf"{_QUOTE}[^„“”\"«»]+{_UNQUOTE}[.!?]?", sentence):
        return Found(_inner(text, start, end), (start, start), None, resolve_previous=True)
    outside = re.sub(r"[„“\"][^„“”\"]*[“”\"]", " ", sentence)
    if _SUBJUNCTIVE.search(outside):
        return Found(_inner(text, start, end), (start, start), None, resolve_previous=True)
    return None


def _names_a_source(phrase: str) -> bool:
    words = phrase.split()
    if not words or len(words) > 8 or (not words[-1][:1].isupper() and not _PRONOUN.match(words[-1])):
        return False
    return not any(w.lower() in _NOT_IN_A_SOURCE for w in words)


def find_attributions(text: str, sentences: list[tuple[int, int]],
                      people: People) -> Iterator[Found]:
    """Every attribution the rules find, sentence by sentence, in text order."""
    last: Found | None = None
    previous_end = 0
    for start, end in sentences:
        found = _one_sentence(text, start, end, last, previous_end, people)
        words = len(_WORD.findall(text[found.content[0]:found.content[1]])) if found is not None else 0
        rejection = found is not None and _DENY.match(text[found.cue[0]:found.cue[1]]) is not None
        if found is not None and words >= (2 if rejection else MIN_CONTENT_WORDS):  # "wies jede Beteiligung"
            yield found
            last = found
            previous_end = end
        elif "\n" in text[previous_end:start] and text.count("\n", previous_end, start) > 3:
            last = None  # a new section: reported speech no longer runs on


def named_people(text: str) -> People:
    """Persons a German text introduces, by every form written: "Präsidenten Wolodymyr Selenskyj" and
    "Selenskyj (45)" -> {"Wolodymyr Selenskyj": ("Volodymyr Zelenskyy", "ukrainischen Präsidenten"), ...}."""
    people: People = {}
    for m in _ROLE_THEN_NAME.finditer(text):
        words = [w for w in m.group("name").split() if not _ROLE_WORD.match(w)]
        if words:
            written = " ".join(words)
            people[written] = (latin_name(written), m.group("role"))
    for m in _AGED.finditer(text):
        written = " ".join(w for w in m.group("name").split() if not _ROLE_WORD.match(w))
        if written and written not in people:
            people[written] = (latin_name(written), None)
    for written, (latin, role) in list(people.items()):
        surname = written.split()[-1]
        if surname not in people:
            people[surname] = (latin, role)
    return people


def _speaker(phrase: str, people: People,
             last_person: str | None) -> tuple[str | None, SpeakerKind, str | None, str]:
    """(speaker, kind, role, form written) of a source phrase."""
    words = phrase.split()
    tails = (" ".join(words[i:]) for i in range(len(words)))
    known = next((people[tail] for tail in tails if tail in people), None)
    if known is not None:
        return known[0], "person", known[1], phrase
    if len(words) <= 3 and (_PRONOUN.match(words[-1]) or _ROLE_WORD.match(words[-1])):
        return last_person, "person" if last_person else "unresolved", None, phrase
    if phrase in EXONYMS or words[-1] in EXONYMS:
        return EXONYMS.get(phrase) or EXONYMS[words[-1]], "organization", None, phrase
    if len(words) <= 3 and all(w[:1].isupper() for w in words):
        return latin_name(phrase), "person" if len(words) >= 2 else "organization", None, phrase
    return phrase, "collective", None, phrase


def extract(text: str, doc_id: str,
            sentences: list[tuple[int, int]]) -> tuple[list[Attribution], list[Entity]]:
    """Attributions and named speakers (as entities) of one German document."""
    people = named_people(text)
    return assemble(text, doc_id, sentences, find_attributions(text, sentences, people), people=people,
                    speaker_of=_speaker, deny=_DENY, channels=_CHANNELS, quotes=_QUOTES)


def _read(doc: Doc) -> tuple[list[Attribution], list[Entity]]:
    return extract(doc.text, doc._.doc_id or "", sentences_of(doc))


@Language.factory("claimledger_german")
def make_german_attributions(nlp: Language, name: str) -> RuleAttributions:
    return RuleAttributions(_read)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """spaCy's blank German pipeline with a sentencizer and the rules above."""
    return blank_pipeline("de", "claimledger_german")
