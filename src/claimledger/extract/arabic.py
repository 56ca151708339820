"""Attributed statements in Arabic reports, found by rules.

No Arabic spaCy pipeline installs from PyPI, and the English models cannot read Arabic script. Arabic news
prose credits statements in a few fixed ways, mostly verb first; this module reads them per sentence
(spaCy's blank `ar` tokenizer; sentences cut at full stops outside quotations):

* a reporting verb, its subject, and what was said after "إن" / "أن" / "إلى أن" or a colon:
  وقال غريفيث في اجتماع لمجلس الأمن: "..." / وأشار نائب الأمين العام إلى أن ...
* the same verb with no subject of its own continues the last speaker: وأكد أن "..." / وقال إن ...
* "according to": وبحسب فلاديمير ليونتييف، رئيس منطقة نوفوكاخوفا، تم هدم ... / وفقا لـ ... / نقلا عن ...

A role noun standing for the subject ("نائب الأمين العام", the deputy secretary-general) is the person named
last. Arabic script leaves out most vowels, so names are not transliterated letter by letter: a list of the
public figures of this field (`NAMES`: Griffiths, Guterres, Zelensky, Putin, Peskov, Leontyev ...) gives
their English names, so the ledger merges them with the English reports' speakers; other names stay as
written. Counts, events, dates and verification notes are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract.rule_reader import Found, People, RuleAttributions, assemble, blank_pipeline, inner
from claimledger.models import Attribution, Entity, SpeakerKind

# past tense (masculine, feminine) and present forms of the verbs news uses to report speech
_VERBS = (
    "قال|قالت|أكد|أكدت|أشار|أشارت|أوضح|أوضحت|أضاف|أضافت|صرح|صرحت|أعلن|أعلنت|ذكر|ذكرت|نفى|نفت|اتهم|"
    "اتهمت|حذر|حذرت|شدد|شددت|لفت|لفتت|كشف|كشفت|زعم|زعمت|ادعى|ادعت|أفاد|أفادت|يقول|تقول|يؤكد|تؤكد|"
    "نقل|نقلت|رأى|رأت|اعتبر|اعتبرت|طالب|طالبت|دعا|دعت"
)
_CUE_FIRST = re.compile(rf"^(?:و|ف)?(?P<cue>{_VERBS})(?=\s|$)")
# where the subject ends and what was said begins
_SAID = re.compile(r"\s*(?:إلى\s+أن|إلى\s+أنه|بأن|أنه|إنه|أن|إن|:)\s*|\s*(?=[\"«“])")
# where a subject's phrase ends before what was said ("في اجتماع ...", "خلال ...")
_SUBJECT_END = re.compile(r"\s+(?:في|خلال|أمام|عبر|لـ|ل|على|عن|من|مع)\s|،")
_ACCORDING = re.compile(r"^(?:و|ف)?(?P<cue>بحسب|حسب|وفقا\s+لـ?|وفقاً\s+لـ?|نقلا\s+عن|نقلاً\s+عن)\s*"
                        r"(?P<src>[^،,:]{2,80})[،,:]\s*(?P<c>.+)$")
_DENY = re.compile(r"^(?:و|ف)?(?:نفى|نفت|ينفي|تنفي)")
_ROLE = re.compile(
    r"^(?:ال)?(?:نائب|رئيس|وزير|وزيرة|المتحدث|متحدث|الناطق|ناطق|الأمين|حاكم|عمدة|مدير|سفير|مندوب|مستشار|"
    r"قائد|محافظ)"
)
_PRONOUN = re.compile(r"^(?:هو|هي|هم)$")
_QUOTE = "\"«“"
_UNQUOTE = "\"»”"
# Arabic spellings of the people and bodies of this field -> the names the English reports use
NAMES = {
    "غريفيث": "Martin Griffiths", "مارتن غريفيث": "Martin Griffiths",
    "غوتيريش": "Antonio Guterres", "أنطونيو غوتيريش": "Antonio Guterres",
    "زيلينسكي": "Volodymyr Zelensky", "فولوديمير زيلينسكي": "Volodymyr Zelensky",
    "بوتين": "Vladimir Putin", "فلاديمير بوتين": "Vladimir Putin",
    "بيسكوف": "Dmitry Peskov", "ديمتري بيسكوف": "Dmitry Peskov", "دميتري بيسكوف": "Dmitry Peskov",
    "شويغو": "Sergei Shoigu", "سيرغي شويغو": "Sergei Shoigu",
    "لافروف": "Sergei Lavrov", "سيرغي لافروف": "Sergei Lavrov",
    "زاخاروفا": "Maria Zakharova", "ماريا زاخاروفا": "Maria Zakharova",
    "ليونتييف": "Vladimir Leontyev", "فلاديمير ليونتييف": "Vladimir Leontyev",
    "سالدو": "Vladimir Saldo", "فلاديمير سالدو": "Vladimir Saldo",
    "بروكودين": "Oleksandr Prokudin", "أولكسندر بروكودين": "Oleksandr Prokudin",
    "كليمنكو": "Ihor Klymenko", "كوليبا": "Dmytro Kuleba", "دميترو كوليبا": "Dmytro Kuleba",
    "أردوغان": "Recep Tayyip Erdogan", "رجب طيب أردوغان": "Recep Tayyip Erdogan",
    "نيبينزيا": "Vassily Nebenzia", "بايدن": "Joe Biden", "بلينكن": "Antony Blinken",
    "ستولتنبرغ": "Jens Stoltenberg", "ماكرون": "Emmanuel Macron", "شولتس": "Olaf Scholz",
}
BODIES = {
    "الكرملين": "Kremlin", "موسكو": "Moscow", "كييف": "Kyiv", "الأمم المتحدة": "United Nations",
    "مجلس الأمن": "UN Security Council", "وزارة الدفاع الروسية": "Russian Ministry of Defence",
    "وزارة الدفاع الأوكرانية": "Ukrainian Ministry of Defence", "تاس": "TASS", "نوفوستي": "RIA Novosti",
}
_CHANNELS = (
    ("interview", re.compile(r"مقابلة|حوار")),
    ("telegram", re.compile(r"تلغرام|تيليغرام")),
    ("statement", re.compile(r"بيان")),
    ("briefing", re.compile(r"مؤتمر صحفي|إحاطة")),
    ("tv", re.compile(r"التلفزيون|تلفزيون|قناة")),
)
MIN_CONTENT_WORDS = 3
_WORD = re.compile(r"\w+")


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    return inner(text, start, end, (_QUOTE, _UNQUOTE), stops=".!?؟")


def _verb_first(text: str, start: int, end: int) -> Found | None:
    sentence = text[start:end]
    verb = _CUE_FIRST.match(sentence)
    if verb is None:
        return None
    cue = (start + verb.start("cue"), start + verb.end("cue"))
    said = _SAID.search(sentence, verb.end())
    if verb.group("cue") in _OBJECT_VERBS and (named := _name_at(text, start + verb.end(), end)):
        # "واتهم زيلينسكي روسيا بتفجير السد": accused (Zelensky) (Russia of blowing up the dam)
        return Found(_inner(text, named[1], end), cue, named)
    if said is None:
        return None
    between = sentence[verb.end():said.start()]
    content = _inner(text, start + said.end(), end)
    if not between.strip():
        return Found(content, cue, None, resolve_previous=True)  # وقال إن ... : he said that ...
    subject_start = start + verb.end() + len(between) - len(between.lstrip())
    cut = _SUBJECT_END.search(text, subject_start, start + said.start())
    source = (subject_start, cut.start() if cut else start + said.start())
    return Found(content, cue, _inner(text, *source)) if source[1] > source[0] else None


# verbs whose object, not a clause, says what was claimed
_OBJECT_VERBS = frozenset({"اتهم", "اتهمت", "حذر", "حذرت", "طالب", "طالبت", "دعا", "دعت"})


def _name_at(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a known person or body named right at `start` (after spaces)."""
    while start < end and text[start].isspace():
        start += 1
    for written in sorted([*NAMES, *BODIES], key=len, reverse=True):
        after = start + len(written)
        if text.startswith(written, start) and not text[after:after + 1].isalnum():
            return start, after
    return None


def _according_to(text: str, start: int, end: int) -> Found | None:
    m = _ACCORDING.match(text[start:end])
    if m is None:
        return None
    content_start = start + m.start("c")
    # "بحسب فلاديمير ليونتييف، رئيس منطقة نوفوكاخوفا، ...": the role between commas is no part of the content
    role = re.match(r"([^،,]{2,60})[،,]\s*", text[content_start:end])
    if role and _ROLE.match(role.group(1)):
        content_start += role.end()
    return Found(_inner(text, content_start, end), (start + m.start("cue"), start + m.end("cue")),
                 (start + m.start("src"), start + m.end("src")))


def find_attributions(text: str, sentences: list[tuple[int, int]]) -> Iterator[Found]:
    """Every attribution the rules find, sentence by sentence, in text order."""
    for start, end in sentences:
        found = _according_to(text, start, end) or _verb_first(text, start, end)
        if found is not None and len(_WORD.findall(text[slice(*found.content)])) >= MIN_CONTENT_WORDS:
            yield found


_STOP = re.compile(r"[.!?؟][\"»”]?(?=\s)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ranges: each line cut after a full stop, never inside a quotation (spaCy's sentencizer keeps
    `".` together with what follows)."""
    out: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for stop in _STOP.finditer(text, line.start(), line.end()):
            before = text[line.start():stop.end()]
            if before.count('"') % 2 == 0 and before.count("«") == before.count("»"):
                out.append((start, stop.end()))
                start = stop.end()
        out.append((start, line.end()))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in out if text[s:e].strip()]


def named_people(text: str) -> People:
    """The people of `NAMES` the text names, by the form it writes, with the role that follows the name
    between commas ("فلاديمير ليونتييف، رئيس منطقة نوفوكاخوفا،")."""
    people: People = {}
    for written in sorted(NAMES, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(written)}(?!\w)", text):
            role = re.match(r"\s*[،,]\s*([^،,.]{2,60})[،,]", text[m.end():])
            found_role = role.group(1).strip() if role and _ROLE.match(role.group(1).strip()) else None
            if written not in people or (found_role and not people[written][1]):
                people[written] = (NAMES[written], found_role)
    return people


def _speaker(phrase: str, people: People,
             last_person: str | None) -> tuple[str | None, SpeakerKind, str | None, str]:
    """(speaker, kind, role, form written) of a source phrase."""
    phrase = phrase.strip()
    for written in sorted(people, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(written)}(?!\w)", phrase):
            name, role = people[written]
            return name, "person", role, written
    for written, name in BODIES.items():
        if re.search(rf"(?<!\w)(?:و|ب|ل)?{re.escape(written)}(?!\w)", phrase):
            return name, "organization", None, written
    if _ROLE.match(phrase) or _PRONOUN.match(phrase):
        return last_person, "person" if last_person else "unresolved", None, phrase
    return phrase, "collective", None, phrase


def extract(text: str, doc_id: str,
            sentences: list[tuple[int, int]]) -> tuple[list[Attribution], list[Entity]]:
    """Attributions and named speakers (as entities) of one Arabic document."""
    return assemble(text, doc_id, sentences, find_attributions(text, sentences), people=named_people(text),
                    speaker_of=_speaker, deny=_DENY, channels=_CHANNELS, quotes=(_QUOTE, _UNQUOTE))


def _read(doc: Doc) -> tuple[list[Attribution], list[Entity]]:
    return extract(doc.text, doc._.doc_id or "", sentences(doc.text))


@Language.factory("claimledger_arabic")
def make_arabic_attributions(nlp: Language, name: str) -> RuleAttributions:
    return RuleAttributions(_read)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """spaCy's blank Arabic pipeline (its tokenizer) with the rules above, which cut their own sentences."""
    return blank_pipeline("ar", "claimledger_arabic", sentencizer=False)
