"""Entities with aliases within one document.

spaCy's NER gives the raw mentions; cheap rules repair what the small model gets wrong in news copy
(a name after a title noun is a person, "Freedom for Russia Legion" is one organisation, a surname the
model labels ORG is still the person), and mentions are then clustered into entities: surnames join
the full name, acronyms and spelling variants of an organisation join it, and role nouns ("the
governor") join the person holding that role.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from rapidfuzz import fuzz
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger.models import Entity, Span

log = logging.getLogger(__name__)


def _words(text: str) -> list[str]:
    return text.split()


ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})

# Nouns that name a position. A proper name right after one is a person; the nouns before it are a role.
TITLE_NOUNS = frozenset(
    _words(
        "governor spokesperson spokesman spokeswoman representative adviser advisor minister "
        "president commander official chief head director secretary mayor general gen colonel col "
        "lieutenant lt major maj captain capt sergeant sgt admiral adm leader founder chairman "
        "chairwoman deputy premier ambassador envoy analyst correspondent reporter journalist "
        "editor blogger expert researcher professor prof dr senator lawmaker prosecutor judge "
        "officer ombudsman chancellor aide negotiator lawyer attorney diplomat councillor councilor "
        "mp commissioner gov sen rep coordinator rapporteur defender brigadier brig marshal prince emir "
        "sheikh prefect"
    )
)
# Head nouns of organisation names ("... Legion", "... Committee").
ORG_HEADS = frozenset(
    _words(
        "legion corps committee ministry institute centre center council army party brigade "
        "battalion regiment division group agency service union front movement guard forces "
        "university command intelligence directorate office bureau commission parliament assembly "
        "duma government company organisation organization foundation federation coalition alliance"
    )
)
# the last words of organisations' names the tagger may miss ("Human Rights Watch") or read as people's
_RULE_ORG_HEADS = ORG_HEADS | frozenset(_words("watch international league"))
_ORG_NAME_ENDS = _RULE_ORG_HEADS | {"hospital"}
# Modifiers that do not narrow a role: "the regional governor" is the governor.
GENERIC_MODIFIERS = frozenset(_words("regional local top senior new current acting"))
# Words the variant matcher treats as the same ("Freedom of/for Russia Legion", "Liberty of Russia Legion").
_SYNONYMS = {"liberty": "freedom", "free": "freedom", "centre": "center", "defence": "defense"}
_FUNCTION_WORDS = frozenset({"the", "of", "for", "and", "'s", "s", "in", "on", "to", "a", "an"})
_CONNECTORS = frozenset({"of", "for", "and", "the", "de", "on"})
_PLACE_NOUNS = frozenset(
    _words(
        "region regions oblast oblasts province district districts raion city village villages town towns "
        "krai municipality settlement settlements"
    )
)
_PLACE_QUALIFIERS = frozenset(_words("municipal urban rural administrative city regional"))
_PLACE_PREPS = frozenset({"in", "from", "into", "near", "across", "against", "to", "by", "toward", "towards"})
_ROLE_PHRASE_STOP = frozenset({",", "–", "—", "-", ";", ":", ".", "(", ")", '"', "“", "”"})
_CALL_SIGN = re.compile(
    r"(?:call[- ]?sign|nom de guerre|nicknamed|nickname|goes by|known as)\s+(?:the\s+)?"
    r"[\"“‘']?([A-Z][\w\-]+(?:\s[A-Z][\w\-]+)?)"
)
_ROLE_MENTION_MAX_MODIFIERS = 3

# Priorities when candidate mentions overlap: the higher one wins.
_PRIO_NER, _PRIO_RULE_ORG, _PRIO_TITLE, _PRIO_FORCED = 1, 2, 3, 4


@dataclass(slots=True)
class _Mention:
    """A candidate mention: tokens [start, end) of the doc."""

    start: int
    end: int
    label: str
    priority: int = _PRIO_NER
    role: str | None = None
    role_alias: str | None = None  # "regional governor Vyacheslav Gladkov"

    def overlaps(self, other: _Mention) -> bool:
        return self.start < other.end and other.start < self.end


def normalize_name(text: str) -> str:
    """Canonical surface form: straight apostrophes, no leading "the", no possessive, single spaces."""
    text = " ".join(text.replace("’", "'").replace("‘", "'").split())
    text = text.strip("\"“”'.,:;()[] ")
    text = re.sub(r"^(?:the)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"'s?$", "", text)
    return text.strip()


def _is_title_noun(token: Token) -> bool:
    return token.lower_.rstrip(".") in TITLE_NOUNS and token.pos_ in {"NOUN", "PROPN"}


def _is_name_token(token: Token) -> bool:
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and token.ent_type_ not in {"DATE", "TIME", "GPE", "NORP", "LOC"}
        and token.lower_.rstrip(".") not in TITLE_NOUNS
    )


# ministries and services by their usual abbreviations, which the tagger reads as places ("the MoD", GPE)
_ORG_ABBREVIATIONS = frozenset({"MoD", "MOD", "MFA", "MVD", "FSB", "SBU", "HUR", "GUR", "NSDC", "SSU"})
# platforms the tagger reads as people ("wrote on Twitter"): organisations
_PLATFORMS = frozenset({"Telegram", "Twitter", "Facebook", "YouTube", "Instagram", "TikTok", "VKontakte"})
# "20:35 BST": a time zone, which the tagger reads as an organisation
_TIME_ZONES = frozenset(_words("GMT BST UTC CET CEST EET EEST MSK EDT EST PDT PST"))


def _ner_mentions(doc: Doc) -> list[_Mention]:
    return [_Mention(_sentence_start_within(doc, e.start, e.end), e.end,
                     "ORG" if e.text in _ORG_ABBREVIATIONS | _PLATFORMS else e.label_)
            for e in doc.ents if e.label_ in ENTITY_LABELS and e.text not in _TIME_ZONES]


def _sentence_start_within(doc: Doc, start: int, end: int) -> int:
    """A name does not run across a sentence's or a paragraph's end: "he wrote on X.\n\nRussian Foreign
    Ministry spokeswoman" gave "X. Russian Foreign Ministry" as one organisation (the parser read "X." as an
    abbreviation); the name is the part after the last break."""
    breaks = [i + (not doc[i].is_sent_start) for i in range(start + 1, end)
              if doc[i].is_sent_start or (doc[i].is_space and "\n" in doc[i].text)]
    return min(max(breaks, default=start), end - 1)


# the jihadist groups reports name by many spellings, which the tagger splits ("Islamic" as a nationality)
JIHADIST_GROUP = re.compile(
    r"\b(?:Islamic State(?: (?:of Iraq and (?:the )?(?:Levant|Syria)|(?:in )?Khorasan(?: Province)?|"
    r"Khorasan Province))?|IS-K|ISIS-K|ISIS|ISIL|Daesh)\b")


# non-state armed groups known by one name, which the tagger reads as places or people ("Hamas" as a GPE):
# the groups ACLED codes most often outside a state's forces
ARMED_GROUP_NAMES = re.compile(
    r"\b(?:Hamas|(?:Palestinian )?Islamic Jihad|Hezbollah|Houthis?|Ansar Allah|al-Shabaab|Boko Haram|Taliban|"
    r"al-Qaeda|Hayat Tahrir al-Sham|M23)\b")


def _jihadist_group_mentions(doc: Doc) -> list[_Mention]:
    found = []
    for match in (*JIHADIST_GROUP.finditer(doc.text), *ARMED_GROUP_NAMES.finditer(doc.text)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            found.append(_Mention(span.start, span.end, "ORG", _PRIO_FORCED))
    return found


def _general_staff(doc: Doc, i: int) -> bool:
    """Tokens i, i+1 are "General Staff", a military's body, not a general named Staff."""
    return doc[i].text == "General" and i + 1 < len(doc) and doc[i + 1].text == "Staff"


def _title_person_mentions(doc: Doc) -> list[_Mention]:
    """A proper name right after a title noun is a person ("Governor Vyacheslav Gladkov"), and so is a
    name of two words or more set off by commas after one ("The Paris police prefect, Laurent Nunez,
    denied ...", which the tagger does not see)."""
    found: list[_Mention] = []
    for token in doc:
        if not _is_title_noun(token):
            continue
        start = token.i + 1
        appositive = start + 1 < len(doc) and doc[start].text == ","
        start += appositive
        while not appositive and start < len(doc) and _is_rank(doc[start]):
            start += 1  # "spokesman Rear Adm. Daniel Hagari": the name after the rank
        end = start
        while end < len(doc) and end - start < 4 and _is_name_token(doc[end]):
            end += 1
        if appositive and (end - start < 2 or end >= len(doc) or doc[end].text != ","):
            continue
        if _general_staff(doc, token.i):
            continue  # "Ukraine's General Staff": a body
        if end > start and all(t.lower_ in _PORTFOLIOS for t in doc[start:end]):
            continue  # "Deputy Defense | Minister Hanna Maliar": a minister's portfolio, before the title
        if end > start:
            found.append(_Mention(start, end, "PERSON", _PRIO_TITLE))
    return found


def _call_sign_mentions(doc: Doc) -> list[_Mention]:
    found = []
    for match in _CALL_SIGN.finditer(doc.text):
        if match.group(1).isupper():
            continue  # "the Security Service of Ukraine, known as the SBU": an organisation's initials
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="strict")
        if span is not None:
            found.append(_Mention(span.start, span.end, "PERSON", _PRIO_FORCED))
    return found


def _rule_org_mentions(doc: Doc) -> list[_Mention]:
    """Capitalised names ending in an organisation head noun ("Freedom for Russia Legion")."""
    found: list[_Mention] = []
    for token in doc:
        if token.i > 0 and _general_staff(doc, token.i - 1):
            found.append(_Mention(token.i - 1, token.i + 1, "ORG", _PRIO_RULE_ORG))  # not "Staff", a general
            continue
        if not (token.is_title and token.lower_ in _RULE_ORG_HEADS and token.i > token.sent.start):
            continue
        start = token.i
        while start - 1 >= token.sent.start:
            prev = doc[start - 1]
            if (prev.is_title and prev.pos_ in {"PROPN", "ADJ", "NOUN"} and not _is_title_noun(prev)) or (
                prev.lower_ in _CONNECTORS - {"the"} and start - 2 >= 0 and doc[start - 2].is_title
            ) or _joins_a_hyphenated_word(doc, start):
                start -= 1
            else:
                break
        while start < token.i and doc[start].lower_ in _CONNECTORS:
            start += 1
        end = _extend_of_phrase(doc, token.i + 1)
        if token.lower_ not in ORG_HEADS and end < len(doc) and doc[end].is_title:
            continue  # "Khartoum International Airport": the name goes on, and is no organisation's
        if end - start >= 2 and any(t.is_title for t in doc[start : token.i]):
            found.append(_Mention(start, end, "ORG", _PRIO_RULE_ORG))
    return found


def _joins_a_hyphenated_word(doc: Doc, start: int) -> bool:
    """ "Anti-|Terrorism": a hyphen between two words of a name, written without spaces."""
    return start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
        and not doc[start - 2].whitespace_ and doc[start - 2].is_title


def _extend_of_phrase(doc: Doc, end: int) -> int:
    """Extend a name over "of (the) Title Title" ("Ministry of Defense")."""
    if end < len(doc) and doc[end].lower_ == "of":
        probe = end + 1
        if probe < len(doc) and doc[probe].lower_ == "the":
            probe += 1
        stop = probe
        while stop < len(doc) and doc[stop].is_title and doc[stop].pos_ == "PROPN":
            stop += 1
        if stop > probe:
            return stop
    return end


def _possessive_orgs(doc: Doc, mentions: list[_Mention]) -> None:
    """ "Russia's Investigative Committee": a place's possessive belongs to the organisation's name, also
    where the tagger read the country as an organisation ("Armenia's Defence Ministry", which is not
    "Azerbaijan's Defence Ministry")."""
    for mention in mentions:
        if mention.label != "ORG" or mention.start < 2:
            continue
        owner, case = doc[mention.start - 2], doc[mention.start - 1]
        if case.tag_ == "POS" and (owner.ent_type_ == "LOC" or _names_a_state(owner)) and owner.is_title:
            mention.start -= 2


def _names_a_state(token: Token) -> bool:
    """A place or people the tagger knew, or a country it read as an organisation ("Armenia's")."""
    from claimledger.extract.geo import country_named

    return token.ent_type_ in {"GPE", "NORP"} or country_named(token.text) is not None


def _resolve_overlaps(candidates: list[_Mention]) -> list[_Mention]:
    """Greedy: higher priority first, then longer; a candidate overlapping an accepted one is dropped."""
    accepted: list[_Mention] = []
    for cand in sorted(candidates, key=lambda m: (-m.priority, -(m.end - m.start), m.start)):
        if not any(cand.overlaps(other) for other in accepted):
            accepted.append(cand)
    return sorted(accepted, key=lambda m: m.start)


def _split_title_spans(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """An NER span that swallowed a title ("The ... Adviser Oleksiy Danilov", ORG) keeps only the name."""
    out = []
    for mention in mentions:
        titles = [t.i for t in doc[mention.start : mention.end] if _is_title_noun(t)]
        if titles and titles[-1] + 1 < mention.end and _is_name_token(doc[titles[-1] + 1]):
            out.append(_Mention(titles[-1] + 1, mention.end, "PERSON", _PRIO_TITLE))
        elif (name_start := _trailing_name(doc, mention)) is not None:
            out.append(_Mention(name_start, mention.end, "PERSON", _PRIO_TITLE))
        else:
            out.append(mention)
    return out


def _trailing_name(doc: Doc, mention: _Mention) -> int | None:
    """ "(Secretary General of the) Organization Martin Griffiths", "(Ambassador to the) US Anatoly
    Antonov": two or three name tokens after an organisation head noun, or after the country or body a
    title is held to, end an ORG span; they are a person."""
    if mention.label != "ORG":
        return None
    held_to = _after_title_to(doc, mention.start)
    for i in range(mention.end - 3, mention.end - 1):
        head = doc[i - 1] if i > mention.start else None
        tail = doc[i : mention.end]
        if head is None or not all(_is_name_token(t) for t in tail):
            continue
        if head.lower_ in ORG_HEADS or (held_to and i == mention.end - 2 and head.pos_ == "PROPN"):
            return i
    return None


def _after_title_to(doc: Doc, start: int) -> bool:
    """Token `start` follows "ambassador to (the)", "envoy to (the)"."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 1 and doc[i].lower_ == "to" and _is_title_noun(doc[i - 1])


def _vote_labels(doc: Doc, mentions: list[_Mention]) -> None:
    """One label per surface form, voted over all its mentions and a few context cues."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    full_names = {
        normalize_name(doc[m.start : m.end].text).split()[-1]
        for m in mentions
        if m.label == "PERSON" and m.end - m.start >= 2
    }
    surnames = (_last_word(doc, m) for m in mentions if m.label == "PERSON")
    people = {name for name in surnames if name and not _known_place(name) and _country_of_word(name) is None}
    backed: set[str] = set()
    for mention in mentions:
        key = normalize_name(doc[mention.start : mention.end].text)
        weight = {_PRIO_TITLE: 3, _PRIO_FORCED: 5}.get(mention.priority, 1)
        votes[key][mention.label] += weight
        surname = key in full_names or (inflected_surname(key, people) is not None and not _known_place(key))
        if surname or mention.priority >= _PRIO_TITLE:
            backed.add(key)
        if surname:
            votes[key]["PERSON"] += 3
        if mention.label == "PERSON" and mention.end - mention.start >= 2 \
                and doc[mention.end - 1].lower_ in _ORG_NAME_ENDS:
            votes[key]["ORG"] += 3  # "Human Rights Watch", "Amnesty International", read as a person
        if mention.label == "PERSON" and _described_as_a_body(doc, mention):
            votes[key]["ORG"] += 3  # "Grey Zone, a Telegram channel linked to Wagner, said ..."
        if _named_in_brackets_after_an_organisation(doc, mention, mentions):
            votes[key]["ORG"] += 5  # "Russia's Federal Air Transport Agency (Rosaviatsia)": its other name
    by_text: dict[str, list[Token]] = defaultdict(list)
    for token in doc:
        by_text[token.text].append(token)
    for key, counter in votes.items():
        if " " not in key:
            unbacked_person = counter["PERSON"] > 0 and key not in backed
            counter["GPE"] += sum(_place_evidence(t, unbacked_person) for t in by_text.get(key, []))
            if unbacked_person and _known_place(key):  # "Kyiv said", read as a person by the model
                counter["GPE"] += counter["PERSON"] + 1
            elif counter["ORG"] > 0 and _known_place(key):  # "launched at Kyiv", read as an organisation
                counter["GPE"] += sum(3 for t in by_text.get(key, []) if _after_a_place_word(t))
            elif unbacked_person and (country := _country_of_word(key)) is not None:
                # "Azerbaijan said", "Azerbaijani forces": a state and its people, not a person
                counter["GPE" if country == key else "NORP"] += counter["PERSON"] + 1
    for mention in mentions:
        key = normalize_name(doc[mention.start : mention.end].text)
        if mention.priority < _PRIO_TITLE and votes[key]:
            mention.label = votes[key].most_common(1)[0][0]


# what a name in apposition to one of these nouns is ("Grey Zone, a Telegram channel", "Rybar, a military
# blog"): a body, not a person
_BODY_NOUNS = frozenset({
    "channel", "outlet", "agency", "newspaper", "website", "blog", "broadcaster", "network", "station",
    "company", "organisation", "organization", "group", "movement", "party", "militia", "battalion",
    "brigade",
})


def _named_in_brackets_after_an_organisation(doc: Doc, mention: _Mention, mentions: list[_Mention]) -> bool:
    start, end = mention.start, mention.end
    if start < 2 or end >= len(doc) or doc[start - 1].text != "(" or doc[end].text != ")":
        return False
    return any(m.label == "ORG" and m.end == start - 1 for m in mentions)


def _described_as_a_body(doc: Doc, mention: _Mention) -> bool:
    """The name is followed by ", a/the ... <body noun>" in apposition."""
    if mention.end + 1 >= len(doc) or doc[mention.end].text != ",":
        return False
    for token in doc[mention.end + 1 : mention.end + 7]:
        if token.text in {",", "."}:
            return False
        if token.lemma_.lower() in _BODY_NOUNS and token.dep_ == "appos":
            return doc[mention.end + 1].lower_ in {"a", "an", "the"}
    return False


def _country_of_word(word: str) -> str | None:
    from claimledger.extract.geo import country_named

    return country_named(word) if word[:1].isupper() else None


def _last_word(doc: Doc, mention: _Mention) -> str:
    words = normalize_name(doc[mention.start : mention.end].text).split()
    return words[-1] if words else ""


def _known_place(name: str, min_population: int = 20_000) -> bool:
    """A name the gazetteer knows as a town or region of `min_population` people or more."""
    from claimledger.extract.geo import known_place

    return name[:1].isupper() and known_place(name, min_population)


def _place_noun_at(doc: Doc, i: int) -> bool:
    """ "district", or "municipal district", starts at token i."""
    if doc[i].lower_ in _PLACE_QUALIFIERS and i + 1 < len(doc):
        i += 1
    return doc[i].lower_ in _PLACE_NOUNS


def _place_evidence(token: Token, unbacked_person: bool) -> int:
    """Votes for "place" from one occurrence: "X region", "X-based", "from X" (the last only for
    single names the model called PERSON that no full name or title backs)."""
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if after is not None and _place_noun_at(doc, token.i + 1):
        return 2
    if after is not None and after.lower_ in {"and", ","} and token.i + 3 < len(doc) \
            and doc[token.i + 2].pos_ == "PROPN" and _place_noun_at(doc, token.i + 3):
        return 2  # "Aleshkinsky and Golopristansky municipal districts"
    if (
        after is not None
        and after.text == "-"
        and token.i + 2 < len(doc)
        and doc[token.i + 2].lower_ == "based"
    ):
        return 3
    if unbacked_person and token.i > 0 and doc[token.i - 1].lower_ in _PLACE_PREPS | {"capital"}:
        return 3
    return 0


def _after_a_place_word(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].lower_ in _LOCATIVES


# words after which a town's name is the place: "launched at Kyiv", "over Kyiv" (not "by Kyiv", "against
# Kyiv")
_LOCATIVES = frozenset({"in", "at", "near", "over", "across", "into", "capital", "outside"})


def _add_roles(doc: Doc, mentions: list[_Mention]) -> None:
    taken = {i for m in mentions for i in range(m.start, m.end)}
    for mention in mentions:
        if mention.label == "PERSON":
            _take_given_name(doc, mention, taken)
    for mention in mentions:
        if mention.label == "PERSON" and _names_what_a_title_is_of(doc, mention, mentions):
            mention.label = "GPE"
        elif mention.label == "ORG" and _names_a_title_holder(doc, mention):
            mention.label = "PERSON"
    person_tokens = {i for m in mentions if m.label == "PERSON" for i in range(m.start, m.end)}
    for mention in mentions:
        if mention.label != "PERSON":
            continue
        start = _premodifier_role_start(doc, mention.start)
        if start is not None:
            mention.role = _without_trailing_ranks(doc[start : mention.start])
            mention.role_alias = doc[start : mention.end].text
        else:
            mention.role = _appositive_role(doc, mention.end, person_tokens) or _role_before_comma(
                doc, mention.start
            )


def _without_trailing_ranks(role: SpacySpan) -> str:
    """ "Pentagon press secretary Brig. Gen." -> "Pentagon press secretary": the office, not the rank; but a
    rank with no office before it stays ("Gen.", "retired Army Lt. Gen.")."""
    end = len(role)
    while end > 0 and _is_rank(role[end - 1]):
        end -= 1
    if 0 < end < len(role) and any(_is_title_noun(t) and not _RANK.fullmatch(t.text) for t in role[:end]):
        return role[:end].text
    return role.text


def _names_what_a_title_is_of(doc: Doc, mention: _Mention, mentions: list[_Mention]) -> bool:
    """ "the head of the Russian Occupation Administration of *Novaya Kajovka*, Vladimir Leontiev": a name
    that a title's "of" phrase ends with, followed by the person who holds the title, is no person (the
    tagger takes unusual transliterations of places for names)."""
    before = mention.start - 1
    if before < 1 or doc[before].lower_ != "of" or _title_before_of_phrase(doc, before) is None:
        return False
    after = mention.end
    return after + 1 < len(doc) and doc[after].text == "," and any(
        m.label == "PERSON" and m.start == after + 1 for m in mentions)


def _names_a_title_holder(doc: Doc, mention: _Mention) -> bool:
    """ "Vasily Nebenza, the Russian ambassador to the UN": two or three proper nouns, none an
    organisation's word, with a title in apposition after or before them, are a person the tagger took for
    an organisation."""
    tokens = doc[mention.start : mention.end]
    if not 2 <= len(tokens) <= 3 or any(t.pos_ != "PROPN" or not t.text[:1].isupper() for t in tokens):
        return False
    if any(t.lower_ in ORG_HEADS or t.lower_ in _PLACE_NOUNS for t in tokens):
        return False
    # "Colombia's president, Gustavo Petro, condemned ...": a title in apposition before the name, too
    return (_appositive_role(doc, mention.end, set()) is not None
            or _role_before_comma(doc, mention.start) is not None)


def _role_before_comma(doc: Doc, name_start: int) -> str | None:
    """ "A State Department spokesman, Vedant Patel, said", "the head of the administration of Nova
    Kakhovka, Vladimir Leontiev, said": the role the name stands in apposition to."""
    comma = name_start - 1
    if comma < 1 or doc[comma].text != ",":
        return None
    start = _premodifier_role_start(doc, comma)
    return doc[start:comma].text if start is not None else None


def _take_given_name(doc: Doc, mention: _Mention, taken: set[int]) -> None:
    """ "Oleksandr | Prokudin", where the tagger left the given name out of the person's span."""
    i = mention.start - 1
    if i < 0 or i in taken or doc[i].ent_type_:
        return
    if _is_name_token(doc[i]) and not _is_title_noun(doc[i]):
        mention.start = i
        taken.add(i)


def _premodifier_role_start(doc: Doc, name_start: int) -> int | None:
    """Token where "regional governor" starts before "Vyacheslav Gladkov", or None without a title.

    The title may govern an "of" phrase: "Acting Governor of the Kherson region Vladimir Saldo".
    """
    i = name_start - 1
    if i < 0 or doc[i].lower_ == "of":
        return None  # "the head of the administration of | Kherson": the name is what the title is of
    if not _is_title_noun(doc[i]):
        title = _title_before_of_phrase(doc, i)
        if title is None:
            return None
        i = title
    start = i
    while start - 1 >= 0:
        prev = doc[start - 1]
        if prev.is_sent_end or prev.ent_type_ == "PERSON" or "/" in prev.text:
            break  # nor "MOSCOW, August 25. /Moscow State News/. Kremlin spokesman Dmitry Peskov"
        if _is_title_noun(prev) or (prev.pos_ in {"ADJ", "PROPN", "NOUN"} and prev.tag_ != "POS"):
            start -= 1
        elif prev.tag_ == "POS" and start - 2 >= 0 and (_names_a_state(doc[start - 2]) or (
                doc[start - 2].is_title and _known_place(doc[start - 2].text, 1_000)
                # not "The European Union's": the last word of a longer name
                and not (start - 3 >= 0 and doc[start - 3].is_title and doc[start - 3].pos_ == "PROPN"))):
            start -= 2  # "Colombia's president", "Bucha's mayor": whose president, whose mayor
            break
        elif prev.text == "." and start - 2 >= 0 and doc[start - 2].pos_ == "PROPN":
            start -= 1  # "Lt . Gen." as tokenised
        elif prev.text in {"-", "–"} and start >= 2 and not (prev.whitespace_ or doc[start - 2].whitespace_):
            start -= 2  # "Secretary-General": the hyphenated title is one word
        else:
            break
    return start


def _title_before_of_phrase(doc: Doc, last: int, reach: int = 8) -> int | None:
    """The title noun of "Head of Kherson Regional Military Administration" (or "Ambassador to the US",
    "humanitarian coordinator for Ukraine") ending at token `last`."""
    for i in range(last, max(-1, last - reach), -1):
        token = doc[i]
        if token.is_sent_end and i != last:
            return None
        if token.lower_ in {"of", "to", "for"} and i > 0 and _is_title_noun(doc[i - 1]) and i < last:
            return i - 1
        if token.pos_ not in {"ADJ", "PROPN", "NOUN", "DET"} and token.lower_ != "of" and token.tag_ != "POS":
            return None  # "the secretary of Armenia's Security Council": the possessive is part of it
    return None


def _appositive_role(doc: Doc, name_end: int, person_tokens: set[int]) -> str | None:
    """ "Andriy Yusov, Ukrainian Defense Intelligence representative," -> the role."""
    if name_end + 1 >= len(doc) or doc[name_end].text != ",":
        return None
    start = name_end + 1
    if doc[start].lower_ in {"a", "an", "the"}:
        start += 1
    end = start
    while end < len(doc) and end - start < 15 and not _ends_role_phrase(doc[end]):
        hyphenated = doc[end - 1].text == "-" and not doc[end - 2].whitespace_
        if (doc[end].pos_ in {"VERB", "AUX", "PRON"} and not hyphenated) or end in person_tokens:
            return None
        end += 1
    if person_tokens & set(range(end, end + 4)):
        return None  # "retired Army Lt. Gen. Mark Hertling" is the next person, not a role
    while end > start and doc[end - 1].pos_ in {"ADP", "DET", "CCONJ", "PUNCT"}:
        end -= 1  # a phrase cut at 15 words: "... in the Moscow-occupied parts of the" ends at "parts"
    tokens = doc[start:end]
    if not any(_is_title_noun(t) for t in tokens[:6]):
        return None
    return tokens.text or None


def _ends_role_phrase(token: Token) -> bool:
    if token.text in {"-", "–"} and not token.doc[token.i - 1].whitespace_:
        return False  # "Kyiv-based"
    return token.text in _ROLE_PHRASE_STOP or bool(token.is_sent_start)


def _string_matches(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Later mentions the model missed: exact occurrences of known person and organisation names."""
    forms: dict[str, str] = {}
    for mention in mentions:
        name = normalize_name(doc[mention.start : mention.end].text)
        forms.setdefault(name, mention.label)
        if mention.label == "PERSON" and len(name.split()) >= 2:
            forms.setdefault(name.split()[-1], "PERSON")
    taken = [False] * len(doc)
    for mention in mentions:
        for i in range(mention.start, mention.end):
            taken[i] = True
    added: list[_Mention] = []
    for form, label in sorted(forms.items(), key=lambda kv: -len(kv[0])):
        if len(form) < 3 or not form[0].isupper():
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", doc.text.replace("’", "'")):
            span = doc.char_span(match.start(), match.end(), alignment_mode="strict")
            if span is None or any(taken[i] for i in range(span.start, span.end)):
                continue
            for i in range(span.start, span.end):
                taken[i] = True
            added.append(_Mention(span.start, span.end, label))
    return added


def _collect_mentions(doc: Doc) -> list[_Mention]:
    """Candidate mentions after the repairs, one label each, sorted by position."""
    ner = [m for m in _split_title_spans(doc, _ner_mentions(doc)) if not _is_noise(doc, m)]
    ner = _split_place_prefixes(doc, _without_datelines(doc, _outlets_named_after_places(doc, ner)))
    rule_orgs = [m for m in _rule_org_mentions(doc) if not _inside_ner_org(m, ner)]
    candidates = ner + _title_person_mentions(doc) + _call_sign_mentions(doc) + rule_orgs \
        + _jihadist_group_mentions(doc)
    mentions = _resolve_overlaps(candidates)
    _extend_name_particles(doc, mentions)
    _possessive_orgs(doc, mentions)
    mentions = _resolve_overlaps(mentions)
    _vote_labels(doc, mentions)
    mentions = _not_facility_names(doc, mentions)
    mentions = _not_weapon_names(doc, mentions)
    mentions = sorted(mentions + _string_matches(doc, mentions), key=lambda m: m.start)
    for mention in mentions:
        while mention.end - mention.start > 1 and doc[mention.start].lower_ == "the":
            mention.start += 1
    _add_roles(doc, mentions)
    return mentions


# the particles of Arabic names, which the tagger leaves outside the name: "Abdel Fattah al-Burhan", "Mohammed
# bin Salman"
NAME_PARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "bin", "ibn", "bint", "abu"})


def _extend_name_particles(doc: Doc, mentions: list[_Mention]) -> None:
    """A person's name goes on through a particle and the capitalised word it joins ("al-Burhan"), which
    the tagger cuts off; else "Abdel Fattah al-Burhan" and "Abdel Fattah al-Sisi" are one "Abdel Fattah"."""
    starts = {m.start for m in mentions}
    for mention in mentions:
        if mention.label != "PERSON":
            continue
        end = mention.end
        if end + 2 < len(doc) and doc[end].lower_ in NAME_PARTICLES and doc[end + 1].text == "-" \
                and not doc[end].whitespace_ and not doc[end + 1].whitespace_ and doc[end + 2].is_title \
                and end not in starts:
            mention.end = end + 3
        elif end + 1 < len(doc) and doc[end].lower_ in {"bin", "ibn", "bint"} and doc[end + 1].is_title \
                and end not in starts:
            mention.end = end + 2
        elif end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                and not doc[end].whitespace_ and doc[end + 1].is_title and end + 1 not in starts:
            # a hyphenated given name, "Francois-Philippe Champagne", cut at the hyphen by the tagger
            end += 2
            while end < len(doc) and doc[end - 1].whitespace_ and doc[end].is_title \
                    and doc[end].pos_ == "PROPN" and end not in starts:
                end += 1
            mention.end = end


# the last word of a news outlet's name after a place: "US Paper", "Kyiv Post", "Moscow Times"
_MEDIA_HEADS = frozenset({"Paper", "Times", "Post", "News", "Herald", "Today", "Journal", "Network", "Agency",
                          "Press", "Daily", "Tribune", "Gazette", "Telegraph", "Observer", "Chronicle",
                          "Independent", "Radio", "TV", "Television"})


def _outlets_named_after_places(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """ "an analysis by US Paper", tagged as the place "US": an outlet named after its country or city."""
    out = []
    for mention in mentions:
        end = mention.end
        if mention.label in ("GPE", "NORP") and end < len(doc) and doc[end].text in _MEDIA_HEADS \
                and not any(m.start == end for m in mentions):
            mention = _Mention(mention.start, end + 1, "ORG", mention.priority)
        out.append(mention)
    return out


def _dateline_end(doc: Doc, start: int) -> int | None:
    """The token after "KYIV - ", a dateline at the start of a paragraph: a city in capitals and a dash."""
    token = doc[start]
    opens = start == 0 or "\n" in doc[start - 1].text_with_ws
    if not opens or not token.is_upper or len(token.text) < 3 or start + 2 >= len(doc):
        return None
    return start + 2 if doc[start + 1].text in ("-", "–", "—", "--") else None


def _without_datelines(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """ "KYIV - Ukraine International Airlines said", tagged as one organisation: the dateline is where the
    report was filed; "OTTAWA - Prime Minister ...", tagged as an organisation, is a place."""
    out: list[_Mention] = []
    for mention in mentions:
        after = _dateline_end(doc, mention.start)
        if after is not None and mention.end > after:
            mention = _Mention(after, mention.end, mention.label, mention.priority)
        elif after is not None and mention.end == mention.start + 1 and mention.label != "GPE" \
                and _known_place(doc[mention.start].text.title(), 1_000):
            mention = _Mention(mention.start, mention.end, "GPE", mention.priority)
        out.append(mention)
    return out


def _split_place_prefixes(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """ "the mayor of Nova Kakhovka Vladimir Leontiev", tagged as one person: the town, then the person."""
    out: list[_Mention] = []
    for mention in mentions:
        size = mention.end - mention.start
        cut = next((k for k in (2, 1) if mention.label == "PERSON" and size - k >= 2
                    and all(t.is_title for t in doc[mention.start : mention.end])
                    and _known_place(doc[mention.start : mention.start + k].text, 1_000)), None)
        if cut is None:
            out.append(mention)
            continue
        out.append(_Mention(mention.start, mention.start + cut, "GPE", mention.priority))
        out.append(_Mention(mention.start + cut, mention.end, "PERSON", mention.priority))
    return out


# "the Kakhovskaya hydroelectric power station", "Kakhovskaya HPP": the name before is the facility's
_FACILITY_NOUNS = frozenset(_words("hydroelectric hpp dam reservoir power plant station bridge"))


def _not_facility_names(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Without the "persons" right before a facility noun ("the Kakhovskaya hydroelectric power station"):
    a facility's name is not an actor. Taken out after the label vote, so that a place the story also
    names alone ("Kakhovka") keeps its place label."""
    def names_facility(mention: _Mention) -> bool:
        after = doc[mention.end] if mention.end < len(doc) else None
        return mention.label == "PERSON" and after is not None and after.lower_ in _FACILITY_NOUNS

    return [m for m in mentions if not names_facility(m)]


def _not_weapon_names(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Without the names of weapons ("Kinzhal hypersonic missile", "the Patriot"; `weapons.weapon_names`),
    which the tagger reads as persons and organisations; a place keeps its label."""
    from claimledger.extract.weapons import is_known_weapon, names_a_weapon_noun, weapon_names

    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for mention in mentions:
        if mention.label not in _PLACE_LABELS:
            spans[normalize_name(doc[mention.start : mention.end].text)].append((mention.start, mention.end))
    weapons = weapon_names(doc, spans)

    def a_weapon(mention: _Mention) -> bool:
        name = normalize_name(doc[mention.start : mention.end].text)
        if is_known_weapon(name) or names_a_weapon_noun(name.split()):
            return True  # "the Patriot", "Drones" at a sentence's start, whatever the tagger called them
        return mention.label not in _PLACE_LABELS and name in weapons

    return [m for m in mentions if not _made_in(doc, m.end) and not a_weapon(m)]


def _made_in(doc: Doc, end: int) -> bool:
    """ "Iranian-made Shahed drones", "U.S.-built": where a thing was made, no actor of the story."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in _MADE


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MADE = frozenset({"made", "built", "designed", "manufactured", "produced", "developed"})


def _is_noise(doc: Doc, mention: _Mention) -> bool:
    """A lone common noun at the start of a sentence ("Smoke", tagged NORP) is not a name, and a "person"
    ending in a title ("Kherson Governor", before "Oleksandr Prokudin") is a role."""
    token = doc[mention.start]
    if mention.label == "PERSON" and _is_title_noun(doc[mention.end - 1]):
        return True
    if mention.end - mention.start == 1 and token.lower_ in _PORTFOLIOS:
        return True  # "Defence" of "Defence Minister Sergei Shoigu": a minister's portfolio, not a body
    if all(_is_rank(t) for t in doc[mention.start : mention.end]):
        return True  # "Brig." of "Brig. Gen. Pat Ryder", tagged a place; "Rear" of "Rear Adm. Daniel Hagari"
    if mention.label == "PERSON" and mention.start > 0 and _general_staff(doc, mention.start - 1):
        return True  # "Staff" of "Ukraine's General Staff": the body is found by rule (`_rule_org_mentions`)
    return mention.end - mention.start == 1 and bool(token.is_sent_start) and token.tag_ in {"NN", "NNS"}


_PORTFOLIOS = frozenset(_words("defence defense interior foreign justice finance health economy"))
# military ranks as written before a name ("Brig. Gen. Pat Ryder"): the tokenizer's special cases
# (`nlp.pipeline`), the ledger's sentence splitter (`ledger.times`) and the roles here
RANKS = ("Brig", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm", "Cmdr", "Cpl", "Pvt")
_RANK = re.compile(rf"(?:{'|'.join(RANKS)})\.?")
_RANK_QUALIFIERS = frozenset({"Rear", "Vice"})  # "Rear Adm.", "Vice Adm."


def _is_rank(token: Token) -> bool:
    """A rank's abbreviation ("Gen."), or the word that qualifies one ("Rear" of "Rear Adm.")."""
    if _RANK.fullmatch(token.text):
        return True
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    return token.text in _RANK_QUALIFIERS and following is not None and bool(_RANK.fullmatch(following.text))


def _inside_ner_org(mention: _Mention, ner: list[_Mention]) -> bool:
    return any(o.label == "ORG" and o.start <= mention.start and mention.end <= o.end for o in ner)


# ---------------------------------------------------------------------------------------------- clusters


@dataclass(slots=True)
class _Cluster:
    label: str
    mentions: list[_Mention]
    names: list[str]  # normalized surface form of each mention

    def best_name(self) -> str:
        if self.label == "PERSON":
            return max(self.names, key=lambda n: (len(n.split()), -self.names.index(n)))
        full = [n for n in self.names if not _is_acronym(n)] or self.names
        longer = [n for n in full if " " in n]
        full = longer or full  # "Freedom of Russia Legion", however often "the Legion" follows
        counts = Counter(full)
        return max(full, key=lambda n: (counts[n], -self.names.index(n)))


def _is_acronym(name: str) -> bool:
    return 2 <= len(name) <= 6 and name.isupper() and name.isalpha()


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper() and w.lower() not in _FUNCTION_WORDS)


def _variant_key(name: str) -> list[str]:
    words = re.findall(r"[\w\-]+", name.lower())
    return [_SYNONYMS.get(w, w) for w in words if w not in _FUNCTION_WORDS]


def _same_org(a: str, b: str, place_words: set[str]) -> bool:
    """Spelling and translation variants of one organisation name, not two organisations."""
    if _is_acronym(a) or _is_acronym(b):
        short, long_ = (a, b) if _is_acronym(a) else (b, a)
        return not _is_acronym(long_) and _initials(long_) == short
    ka, kb = _variant_key(a), _variant_key(b)
    if ka == kb or sorted(ka) == sorted(kb):
        return True
    if len(ka) != len(kb) or ka[-1] != kb[-1]:
        return False
    differing = [(x, y) for x, y in zip(ka, kb, strict=True) if x != y]
    if any(x in place_words or y in place_words for x, y in differing):
        return False  # "Russian Volunteer Corps" is not "Ukrainian Volunteer Corps"
    return fuzz.ratio(" ".join(ka), " ".join(kb)) >= 90


def _possessive_suffix(short: str, long_: str) -> bool:
    """ "Investigative Committee" is "Russia's Investigative Committee"."""
    return bool(re.fullmatch(rf"[\w\- ]+'s? {re.escape(short)}", long_))


def _cluster(doc: Doc, mentions: list[_Mention]) -> list[_Cluster]:
    place_words = {
        w.lower()
        for m in mentions
        if m.label in {"GPE", "NORP", "LOC"}
        for w in doc[m.start : m.end].text.split()
    }
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    initials = _initials_given(doc, mentions)
    for mention in mentions:
        name = normalize_name(doc[mention.start : mention.end].text)
        if not name:
            continue
        full = initials.get(name)
        cluster = by_key.get((mention.label, name.casefold())) or (
            by_key.get(("ORG", full.casefold())) if full and mention.label == "ORG" else None
        ) or _find_cluster(clusters, mention.label, name, place_words)
        if cluster is None:
            cluster = _Cluster(mention.label, [], [])
            clusters.append(cluster)
        cluster.mentions.append(mention)
        cluster.names.append(name)
        by_key[(mention.label, name.casefold())] = cluster
    return _join_surnames(clusters)


# "The Security Service of Ukraine, known as the SBU, ...", "the Main Intelligence Directorate (HUR)"
_INITIALS_AFTER = re.compile(r"\s*(?:,\s*(?:also\s+)?known as\s+(?:the\s+)?|\(\s*)([A-Z]{2,6})\b")


def _initials_given(doc: Doc, mentions: list[_Mention]) -> dict[str, str]:
    """Initials a document gives an organisation right after its name -> that name."""
    out: dict[str, str] = {}
    for mention in mentions:
        if mention.label != "ORG":
            continue
        match = _INITIALS_AFTER.match(doc.text, doc[mention.end - 1].idx + len(doc[mention.end - 1].text))
        if match is not None:
            out.setdefault(match.group(1), normalize_name(doc[mention.start : mention.end].text))
    return out


def _find_cluster(clusters: list[_Cluster], label: str, name: str, places: set[str]) -> _Cluster | None:
    if label != "ORG":
        return None
    for cluster in reversed(clusters):
        if cluster.label != "ORG":
            continue
        for other in set(cluster.names):
            if (
                _same_org(name, other, places)
                or _possessive_suffix(name, other)
                or _possessive_suffix(other, name)
                or _short_form(name, other, places)
            ):
                return cluster
    return None


def _short_form(short: str, long_: str, places: set[str]) -> bool:
    """ "the Legion" after "the Freedom of Russia Legion": a name's last word, standing alone."""
    words = long_.split()
    return (" " not in short and len(words) >= 2 and words[-1].casefold() == short.casefold()
            and short.lower() not in places)


def _join_surnames(clusters: list[_Cluster]) -> list[_Cluster]:
    """ "Gladkov" joins "Vyacheslav Gladkov" (the nearest earlier full name when several share it)."""
    persons = [c for c in clusters if c.label == "PERSON"]
    full = [c for c in persons if max(len(n.split()) for n in c.names) >= 2]
    kept = []
    for cluster in clusters:
        if cluster.label != "PERSON" or cluster in full:
            kept.append(cluster)
            continue
        target = _full_name_for(cluster, full)
        if target is None:
            kept.append(cluster)
            continue
        target.mentions.extend(cluster.mentions)
        target.names.extend(cluster.names)
    return kept


def inflected_surname(word: str, surnames: Iterable[str]) -> str | None:
    """The surname `word` is a case form of, in a translation from Russian or Ukrainian ("Shoiga" beside
    "Sergey Shoigu", "Putina" beside "Vladimir Putin"): the same stem, an ending up to two letters apart."""
    if len(word) < 5 or " " in word:
        return None
    for surname in surnames:
        stem = sum(1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1],
                                                  zip(word.casefold(), surname.casefold(), strict=False)))
        if word != surname and abs(len(word) - len(surname)) <= 2 \
                and stem >= max(4, len(word) - 2, len(surname) - 2):
            return surname
    return None


def _full_name_for(short: _Cluster, full: list[_Cluster]) -> _Cluster | None:
    words = short.best_name().split()
    matches = [c for c in full if c.best_name().split()[-len(words) :] == words]
    if not matches and len(words) == 1:
        matches = [c for c in full if inflected_surname(words[0], [c.best_name().split()[-1]])]
    if not matches:
        return None
    first = min(m.start for m in short.mentions)
    before = [c for c in matches if min(m.start for m in c.mentions) <= first]
    pool = before or matches
    return max(pool, key=lambda c: max((m.start for m in c.mentions if m.start <= first), default=-1))


# ---------------------------------------------------------------------------------------------- roles


def _role_head(role: str) -> str | None:
    words = [w.rstrip(".").lower() for w in role.split()]
    titles = [w for w in words if w in TITLE_NOUNS]
    return titles[-1] if titles else None


_SAME_TITLE = {
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "advisor": "adviser",
    # a later "the diplomat" is the ambassador named before; "the leader" of a unit, its commander
    "ambassador": "diplomat", "envoy": "diplomat", "commander": "leader",
}


def same_title(word: str) -> str:
    """One word for titles a report uses of the same person: "spokeswoman" -> "spokesperson"."""
    return _SAME_TITLE.get(word, word)


def _role_mentions(doc: Doc, people: list[tuple[_Cluster, str]]) -> Iterator[tuple[_Cluster, int, int]]:
    """ "the governor", "the Kremlin spokesperson": (cluster, start token, end token) for each."""
    for token in doc:
        if token.lower_ != "the":
            continue
        end = token.i + 1
        while (
            end < len(doc)
            and end - token.i <= _ROLE_MENTION_MAX_MODIFIERS + 1
            and not _is_title_noun(doc[end])
        ):
            if doc[end].pos_ not in {"ADJ", "PROPN", "NOUN"}:
                break
            end += 1
        if end >= len(doc) or not _is_title_noun(doc[end]):
            continue
        if end + 1 < len(doc) and (_is_name_token(doc[end + 1]) or doc[end + 1].lower_ == "of"):
            continue  # "the governor Vyacheslav Gladkov": the name is the mention
        holder = _role_holder(doc, token.i, end, people)
        if holder is not None:
            yield holder, token.i, end + 1


def _role_holder(doc: Doc, start: int, title_i: int, people: list[tuple[_Cluster, str]]) -> _Cluster | None:
    title = doc[title_i].lower_.rstrip(".")
    title = same_title(title)
    modifiers = {t.lower_ for t in doc[start + 1 : title_i]} - GENERIC_MODIFIERS
    char = doc[start].idx
    best: tuple[int, _Cluster] | None = None
    for cluster, role in people:
        head = _role_head(role)
        if head is None or same_title(head) != title:
            continue
        role_words = {w.lower() for w in role.split()}
        if not modifiers <= role_words:
            continue
        last = max((m.start for m in cluster.mentions if doc[m.start].idx < char), default=None)
        if last is not None and (best is None or last > best[0]):
            best = (last, cluster)
    return best[1] if best else None


# ---------------------------------------------------------------------------------------------- output


def _span(doc: Doc, start: int, end: int) -> Span:
    sp: SpacySpan = doc[start:end]
    return Span(sp.start_char, sp.end_char, sp.text)


def _dedupe(names: Iterable[str], exclude: str) -> tuple[str, ...]:
    seen = {exclude.casefold()}
    out = []
    for name in names:
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return tuple(out)


def build_entities(doc: Doc) -> list[Entity]:
    """All entities of `doc`, sorted by first mention."""
    doc_id: str = doc._.doc_id or ""
    clusters = _join_names_they_go_by(doc, _cluster(doc, _collect_mentions(doc)))
    roles = {id(c): next((m.role for m in c.mentions if m.role), None) for c in clusters}
    people = [(c, r) for c in clusters if c.label == "PERSON" and (r := roles[id(c)])]
    extra: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for cluster, start, end in _role_mentions(doc, people):
        extra[id(cluster)].append((start, end))
    entities = []
    for cluster in clusters:
        name = cluster.best_name()
        spans = [_span(doc, m.start, m.end) for m in cluster.mentions]
        spans += [_span(doc, s, e) for s, e in extra[id(cluster)]]
        aliases = [
            *cluster.names,
            *(m.role_alias for m in cluster.mentions if m.role_alias),
            *(doc[s:e].text.lower() for s, e in extra[id(cluster)]),
        ]
        entities.append(
            Entity(
                id=Entity.make_id(doc_id, name, cluster.label),
                doc_id=doc_id,
                name=name,
                type=cluster.label,
                aliases=_dedupe(aliases, name),
                mentions=tuple(sorted(set(spans), key=lambda s: (s.start, s.end))),
                role=roles[id(cluster)],
            )
        )
    return _unique(entities)


# "Mohamed Hamdan Dagalo, known as Hemedti": the name a person goes by, right after their name
_GOES_BY = re.compile(r"^\s*(?:,|\()\s*(?:also\s+|better\s+|widely\s+)?(?:known as|nicknamed|dubbed)\s+"
                      r"(?:the\s+)?[\"“‘']?$")


def _join_names_they_go_by(doc: Doc, clusters: list[_Cluster]) -> list[_Cluster]:
    """A call sign or nickname given in apposition to a person's name is that person's alias, not another
    person: "General Mohamed Hamdan Dagalo, known as Hemedti" (and "Hemedti said" later)."""
    ends = {m.end: c for c in clusters if c.label == "PERSON" for m in c.mentions}
    gone: set[int] = set()
    for cluster in clusters:
        if cluster.label != "PERSON" or id(cluster) in gone:
            continue
        named = next((c for m in cluster.mentions for end, c in ends.items()
                      if end < m.start and c is not cluster and id(c) not in gone
                      and _GOES_BY.match(doc[end:m.start].text + doc[m.start - 1].whitespace_)), None)
        if named is not None:
            named.mentions.extend(cluster.mentions)
            named.names.extend(cluster.names)
            gone.add(id(cluster))
    return [c for c in clusters if id(c) not in gone]


def _unique(entities: list[Entity]) -> list[Entity]:
    """One entity per id (the id ignores case), mentions and aliases merged; sorted by first mention."""
    merged: dict[str, Entity] = {}
    for entity in entities:
        known = merged.get(entity.id)
        if known is None:
            merged[entity.id] = entity
            continue
        mentions = tuple(sorted(set(known.mentions) | set(entity.mentions), key=lambda s: (s.start, s.end)))
        aliases = _dedupe([*known.aliases, entity.name, *entity.aliases], known.name)
        merged[entity.id] = replace(known, mentions=mentions, aliases=aliases, role=known.role or entity.role)
    return sorted(merged.values(), key=lambda e: e.mentions[0].start)


class EntityComponent:
    """Fills `doc._.cl_entities` with `Entity` objects."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_entities = build_entities(doc)
        log.debug("%s: %d entities", doc._.doc_id, len(doc._.cl_entities))
        return doc
