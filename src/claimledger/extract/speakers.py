"""Speaker resolution: pronouns and role nouns resolved to the entity they refer to.

Runs after the entity and attribution stages. Each attribution's `source` span is classified by its
syntactic head: a named entity, a pronoun (resolved to the most recent compatible speaker or entity in
the same or previous paragraph), a role noun ("the governor", "the ministry", "the post"), an
anonymous source ("a Ukrainian defense source") or a collective ("Russian officials"). Anonymous and
collective sources are kept as written, never guessed into a named person.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger.extract.attribution import (
    teller_as_source,
    with_antecedent_content,
    with_audience_in_cue,
    with_clause_for_channel,
    with_complement_content,
    with_conjunct_subject,
    with_medium_in_cue,
    with_participle_source,
    with_subject_after_dateline,
    with_subject_before_aside,
    with_the_speakers_second_verb,
    with_whole_relative_clause,
    with_whole_words_in_source,
    within_one_sentence,
    within_the_cues_paragraph,
    without_aside_after_cue,
    without_audience_in_content,
    without_dangling_preposition,
    without_date_in_cue,
    without_dateline_in_content,
    without_next_sentence_word,
)
from claimledger.extract.entities import TITLE_NOUNS, same_title
from claimledger.extract.geo import country_named, known_place
from claimledger.extract.weapons import is_known_weapon, names_a_weapon_noun
from claimledger.models import Attribution, Entity, Span, SpeakerKind

log = logging.getLogger(__name__)


def _words(text: str) -> list[str]:
    return text.split()


_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me"})
_GROUP_PRONOUNS = frozenset({"it", "they", "them", "we", "us"})
PRONOUNS = _PERSON_PRONOUNS | _GROUP_PRONOUNS
_POSSESSIVES = {"his": "he", "her": "she", "its": "it", "their": "they", "our": "we", "my": "i"}
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
# "Some of the fighters", "one of the residents".
PARTITIVES = frozenset(_words("some many most several all few none both each one two three dozens hundreds"))
_COMPATIBLE: dict[str, frozenset[str]] = {
    "person": frozenset({"person"}),
    "it": frozenset({"organization", "group"}),
    "plural": frozenset({"organization", "group", "collective"}),
    "we": frozenset({"organization", "group", "collective", "person"}),
}
ANONYMOUS_NOUNS = frozenset(
    _words(
        "source official officer person insider diplomat witness resident spokesperson spokesman "
        "spokeswoman representative employee member aide analyst expert commander soldier fighter "
        "serviceman volunteer man woman"
    )
)
_INDEFINITE = frozenset({"a", "an", "one", "another", "some"})
# Nouns for what an organisation publishes: "the post said" is the organisation that posted.
CHANNEL_NOUNS = frozenset(
    _words(
        "post statement video report channel message release briefing account update assessment "
        "investigation finding analysis audio word comment remark tweet letter document study "
        "estimate interview footage imagery"
    )
)
# Heads of phrases that cannot speak, whatever names they contain: events, facilities and places as
# places ("24 settlements experienced flooding", "the upper portions of the flood zone").
NOT_A_SPEAKER = frozenset(
    _words(
        "collapse destruction explosion blast flood flooding evacuation operation consequence damage "
        "breach plant station dam reservoir facility bridge level situation attack strike settlement "
        "territory section portion dynamic dynamics water zone catastrophe disaster tragedy "
        "rebellion mutiny uprising revolt insurrection coup invasion incursion"
    )
)
# Modifiers that do not narrow a role: "the regional governor" is the governor.
GENERIC_MODIFIERS = frozenset(_words("regional local top senior new current acting"))
# Nouns for an armed or political group: "the group said" is the most recent such organisation.
GROUP_NOUNS = frozenset(
    _words(
        "group militia unit legion corps movement organization organisation battalion brigade "
        "formation force faction"
    )
)
# those who speak for a person's family: "Amini's father", "Navalny's lawyers", "the victim's relatives"
KIN_NOUNS = frozenset(
    _words(
        "family father mother parent brother sister son daughter wife husband widow widower relative cousin "
        "uncle aunt grandmother grandfather nephew niece fiancee fiance partner lawyer attorney friend"
    )
)
INSTITUTION_NOUNS = frozenset(
    _words(
        "ministry committee institute agency department government military army service office "
        "council administration tank command kremlin police prosecutor court parliament embassy "
        "company outlet newspaper website"
    )
)
# nouns for those who can speak or act, whose second verb stays their own (`with_the_speakers_second_verb`)
_AGENT_NOUNS = ANONYMOUS_NOUNS | GROUP_NOUNS | INSTITUTION_NOUNS | TITLE_NOUNS | frozenset(
    _words("people protester demonstrator authority troop force union country state side party leader "
           "attacker militant saboteur rebel insurgent"))
# platforms carry statements ("its Telegram channel"); they never make them
PLATFORM_NAMES = frozenset({"telegram", "twitter", "facebook", "youtube", "x", "instagram", "vk", "tiktok"})
MEDIA_NAMES = PLATFORM_NAMES | {
    "cnn", "tass", "reuters", "ap", "afp", "bbc", "interfax", "ria novosti", "associated press", "ria",
    "the kyiv independent",
}
_KIND_BY_TYPE: dict[str, SpeakerKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "organization",
    "FAC": "organization",
    "LOC": "organization",
    "NORP": "group",
    "GROUP": "group",
}


@dataclass(frozen=True, slots=True)
class Resolution:
    speaker: str | None
    kind: SpeakerKind | None
    entity_id: str | None = None

    @classmethod
    def of(cls, entity: Entity) -> Resolution:
        return cls(entity.name, _KIND_BY_TYPE.get(entity.type, "organization"), entity.id)


@dataclass(frozen=True, slots=True)
class _Said:
    """An attribution already resolved, as a candidate antecedent for later pronouns."""

    start: int
    resolution: Resolution


class _Context:
    """Entity mentions and paragraphs of one document, for look-ups by character offset."""

    def __init__(self, doc: Doc, entities: Sequence[Entity]) -> None:
        self.doc = doc
        self.entities = list(entities)
        self.mentions = sorted(
            ((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda x: (x[0], x[1])
        )
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*", doc.text)]

    def paragraph(self, char: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, char) - 1

    def entity_at(self, start: int, end: int) -> Entity | None:
        hits = [e for s, t, e in self.mentions if s < end and start < t]
        return _prefer(hits)

    def recent_entities(self, before: int, paragraphs: int | None = 1) -> list[tuple[int, Entity]]:
        """Entity mentions ending before `before`, latest first, in this paragraph and the
        `paragraphs` before it (all earlier ones when None)."""
        first_paragraph = self.paragraph(before) - paragraphs if paragraphs is not None else 0
        return [
            (s, e)
            for s, t, e in reversed(self.mentions)
            if t <= before and self.paragraph(s) >= first_paragraph
        ]


def _prefer(entities: list[Entity]) -> Entity | None:
    order = {"PERSON": 0, "ORG": 1, "GROUP": 1, "NORP": 2, "GPE": 3, "FAC": 4, "LOC": 5}
    return min(entities, key=lambda e: order.get(e.type, 9)) if entities else None


# the outlets of a country: "German media", "Russian state media", "Iranian news media"
_A_COUNTRYS_MEDIA = re.compile(
    r"\b[A-Z][a-z]+(?:\s+(?:state|news|public|independent))?\s+media(?:\s+outlets)?\W*$")


def _is_media(entity: Entity) -> bool:
    return entity.name.casefold() in MEDIA_NAMES


def _strip_the(text: str) -> str:
    """ "the fighters who" -> "fighters": no article, and no relative pronoun left dangling at the end."""
    text = text.strip(" \t\n,.;:\"“”'‘’")
    text = re.sub(r"\s+(who|which|that)$", "", text, flags=re.IGNORECASE)
    return re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)


_AFTER_THE_HEAD = frozenset({",", "–", "—", ";"})


def _speaker_phrase(span: SpacySpan) -> str:
    """The phrase a source names its speaker by, without what follows its head after a comma ("Kyiv and
    Moscow, without offering evidence", "A team of legal experts, supporting Ukraine’s prosecutors")
    and without a leading "what" ("what eyewitnesses told AP")."""
    head = span.root
    end = next((t.i for t in span if t.i > head.i and t.text in _AFTER_THE_HEAD), span.end)
    start = span.start + 1 if span[0].lower_ == "what" and end - span.start > 1 else span.start
    return _strip_the(span.doc[start:end].text) or _strip_the(span.text)


def _lower_article(text: str) -> str:
    """ "A Ukrainian official" -> "a Ukrainian official" (the phrase as a speaker label)."""
    return re.sub(r"^(A|An|One|Another|Some)\b", lambda m: m.group(1).lower(), text)


def national_branch(name: str) -> bool:
    """An organisation's national branch by its initials and the country: "PEN Ukraine", "UNICEF Ukraine"."""
    initials, _, country = name.strip().partition(" ")
    return bool(re.fullmatch(r"[A-Z]{2,7}", initials)) and country_named(country) == country


class _Resolver:
    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.history: list[_Said] = []
        self.quoted: tuple[Span, ...] = ()  # the content being attributed: its names are not its speaker
        self.unnamed: dict[str, Resolution] = {}  # head noun -> the latest anonymous or collective source

    def resolve(self, att: Attribution) -> Resolution:
        if att.source is None:
            return self._relative_clause_speaker(att)
        self.quoted = att.content
        span = self.ctx.doc.char_span(att.source.start, att.source.end, alignment_mode="expand")
        if span is None or not any(not t.is_punct and not t.is_space for t in span):
            return Resolution(_strip_the(att.source.text) or None, "unresolved")
        result = self._classify(span)
        if len(span) == 1 and span[0].lower_ in RELATIVE_PRONOUNS:
            span = _antecedent(span[0]) or span  # "The officials, who spoke ...": the officials
        head = span.root.lemma_.lower()
        if result.kind in ("unresolved", "collective") and head in self.unnamed and _the_noun_alone(span):
            # "a U.S. official said ... The official said", "analysts at the Conflict Monitor said ... The
            # analysts said": the same ones
            result = self.unnamed[head]
        elif result.kind in ("anonymous", "collective") or (
                result.kind == "organization" and head in GROUP_NOUNS
                and _appositive_name(span.root) is not None):
            # "the Oslo-based group Iran Human Rights said ... The group said": the group named before
            self.unnamed[head] = result
        if result.kind not in (None, "unresolved", "anonymous"):
            self.history.append(_Said(att.source.start, result))
        return result

    def _relative_clause_speaker(self, att: Attribution) -> Resolution:
        """A statement with no source span whose cue is a relative clause's verb: "Guterres, who since the
        start of the invasion has | condemned | Moscow ..." is Guterres's (the tagger leaves "who" out)."""
        cue = self.ctx.doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand") if att.cue else None
        verb = next((t for t in cue if t.dep_ == "relcl"), None) if cue is not None else None
        pronoun = next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in RELATIVE_PRONOUNS),
                       None) if verb is not None else None
        antecedent = _antecedent(pronoun) if pronoun is not None else None
        if antecedent is None:
            return Resolution(None, None)
        found = self._classify(antecedent, nested=True)
        return found if found.kind != "unresolved" else Resolution(None, None)

    def _classify(self, span: SpacySpan, nested: bool = False) -> Resolution:
        words = [t for t in span if not t.is_punct]
        head = span.root
        if len(words) == 1 and words[0].lower_ in RELATIVE_PRONOUNS:
            antecedent = _antecedent(words[0])
            if antecedent is None or nested:
                return Resolution(words[0].text, "unresolved")
            return self._classify(antecedent, nested=True)
        if len(words) == 1 and (words[0].lower_ in PRONOUNS or words[0].lower_ in _POSSESSIVES):
            return self._pronoun(words[0])  # "he said"; "its | claim", "his | accusation"
        text = _speaker_phrase(span)
        if national_branch(text):
            return Resolution(text, "organization")  # "PEN Ukraine said": a national branch, not the state
        outlets = _A_COUNTRYS_MEDIA.search(text)
        if outlets is not None:
            # "a joint report by German media": a country's outlets, not its government
            return Resolution(outlets.group(0), "collective")
        entity = self.ctx.entity_at(head.idx, head.idx + len(head.text))
        if entity is not None and _is_possessor(head):
            # a misparse of "Ukraine’s NSDC Secretary Oleksiy Danilov" with "Ukraine" as head: the speaker
            # is the person the country's name qualifies
            after = span.doc[head.i + 1 : span.end]
            entity = next((e for e in self._entities_in(after) if e.type == "PERSON"), entity)
        if entity is not None:
            if any(self._is_entity(c) for c in head.children if c.dep_ == "conj"):
                return Resolution(text, "collective")  # "Ukraine and the US"
            return Resolution.of(entity)
        if is_known_weapon(text) or names_a_weapon_noun([t.text for t in span[: head.i - span.start + 1]]):
            # "the Kinzhal had once again shown that ...", "Drones attacked an airport": a thing
            return Resolution(text, "unresolved")
        named_appositive = self._appositive_person(head)
        if named_appositive is not None:
            return Resolution.of(named_appositive)  # "A State Department spokesperson, Matthew Miller,"
        # one group, not "two units ...: the Freedom of Russia Legion and the Russian Volunteer Corps"
        one_group = head.lemma_.lower() in GROUP_NOUNS and head.tag_ == "NN"
        named_group = _appositive_name(head) if one_group else None
        if named_group is not None:
            return Resolution(named_group, "organization")  # "the Oslo-based group Iran Human Rights"
        if head.lemma_.lower() in CHANNEL_NOUNS:
            return self._channel(span, head) or Resolution(text, "unresolved")
        if head.tag_ == "NN" and head.lemma_.lower() in ANONYMOUS_NOUNS and _is_indefinite(head):
            return Resolution(_lower_article(text), "anonymous")
        if head.lower_ in {"sources", "source"}:
            return Resolution(_lower_article(text), "anonymous")
        if head.lower_ in PARTITIVES and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            kind: SpeakerKind = "anonymous" if head.lower_ in {"one", "each"} else "collective"
            whole = self._them(head)
            if whole is not None and whole.speaker:
                # "two US officials told US Network ... One of them said": one of those officials
                counted = whole.speaker.split()[0].lower() in PARTITIVES | {"the", "these", "those"}
                return Resolution(f"{head.lower_ if kind == 'anonymous' else head.text} of "
                                  f"{'' if counted else 'the '}{whole.speaker}", kind)
            return Resolution(_lower_article(text) if kind == "anonymous" else text, kind)
        if head.tag_ == "NNS":
            return Resolution(text, "collective")
        owner = self._person_possessor(head)
        titled = head.lower_.rstrip(".") in TITLE_NOUNS
        holder = self._role_holder(span, head, owner) if titled else None
        if holder is not None:
            return Resolution.of(holder)
        led = self._led_body(head) if titled else None
        leader = self._member_of(led, span.start_char) if led is not None else None
        if leader is not None:
            # "the head of the Ministry of Defense" is the person named before with a role in that body
            # (Shoigu, "Minister of Defense of the Russian Federation"); with none, it speaks for the body
            return Resolution.of(leader)
        if owner and head.lemma_.lower() in KIN_NOUNS:
            # "Amini's family", "Navalny's lawyer": those close to the person speak, not the person
            many = head.tag_ == "NNS" or head.lemma_.lower() == "family"
            kin: SpeakerKind = "collective" if many else "person"
            return Resolution(text, kin)
        if owner and head.lemma_.lower() in TITLE_NOUNS | INSTITUTION_NOUNS | GROUP_NOUNS:
            # "Putin's spokesman", "Zelensky's office": someone speaking for that person, not the person
            return Resolution(text, "person" if head.lemma_.lower() in TITLE_NOUNS else "organization")
        if head.lemma_.lower() in NOT_A_SPEAKER:
            return Resolution(text, "unresolved")  # "The collapse of the dam ...", "The Kakhovka power plant"
        if head.lemma_.lower() in TITLE_NOUNS and self._has_named_possessor(head):
            # "Ukraine’s president, Volodymyr Zelenskiy": the person named; "Russia's representative": a
            # person, who "he" may refer to
            person = next((e for e in self._entities_in(span) if e.type == "PERSON"), None)
            if person is not None:
                return Resolution.of(person)
            appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
            appos_name = span.doc[appos.left_edge.i : appos.right_edge.i + 1].text if appos else None
            return Resolution(appos_name or text, "person")
        country = self._country_modifier(head) if head.lemma_.lower() in TITLE_NOUNS else None
        if country is not None:
            # "the U.S. representative at the extraordinary UNSC session": a person speaking for the
            # country, not the body named after the head
            return Resolution(_strip_the(span.doc[country.left_edge.i : head.i + 1].text), "person")
        gathered = self._gatherer(head)
        if gathered is not None:
            return gathered
        named = _prefer(
            [e for e in self._entities_in(span) if e.type in {"PERSON", "ORG", "GROUP"} and not _is_media(e)]
        )
        if named is not None and self._owns_the_body(named, head):
            # "Belarus's presidential press service" (the tagger read "Belarus" as an organisation): the body
            # speaks, not the country that owns it
            return Resolution(text, "organization")
        if named is not None:
            return Resolution.of(named)
        return self._role_noun(span, head, text)

    def _owns_the_body(self, entity: Entity, head: Token) -> bool:
        """`entity` is a country named only as the owner of the institution that speaks."""
        owners = [c for c in head.children if c.dep_ == "poss"]
        return head.lemma_.lower() in INSTITUTION_NOUNS and len(owners) == 1 \
            and any(m.start == owners[0].idx for m in entity.mentions) \
            and country_named(entity.name) is not None

    def _led_body(self, head: Token) -> Entity | None:
        """The organisation in "head | of the Ministry of Defense", "chief | of the Wagner group"."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    entity = self.ctx.entity_at(obj.idx, obj.idx + len(obj.text))
                    if obj.dep_ == "pobj" and entity is not None and entity.type in {"ORG", "GROUP"}:
                        return entity
        return None

    def _member_of(self, body: Entity, before: int) -> Entity | None:
        """The person most recently named before `before` whose role names the body's own words ("Defense"
        of "Ministry of Defense")."""
        own = _body_words(body.name)
        if not own:
            return None
        best: tuple[int, Entity] | None = None
        for entity in self.ctx.entities:
            if entity.type != "PERSON" or not own <= _body_words(entity.role or ""):
                continue
            last = max((m.start for m in entity.mentions if m.start < before), default=-1)
            if last >= 0 and (best is None or last > best[0]):
                best = (last, entity)
        return best[1] if best else None

    def _appositive_person(self, head: Token) -> Entity | None:
        for child in head.children:
            if child.dep_ == "appos":
                entity = self.ctx.entity_at(child.idx, child.idx + len(child.text))
                if entity is not None and entity.type == "PERSON":
                    return entity
        return None

    def _person_possessor(self, head: Token) -> set[int]:
        """Token indices of a named person who possesses `head` ("Putin's" in "Putin's spokesman")."""
        for child in head.children:
            if child.dep_ == "poss" and any(
                e.type == "PERSON" for e in self._entities_in(child.doc[child.left_edge.i : child.i + 1])
            ):
                return {t.i for t in child.subtree}
        return set()

    def _has_named_possessor(self, head: Token) -> bool:
        """ "Russia's representative", "the UN's envoy": a role held for a named country or organisation."""
        return any(
            c.dep_ == "poss" and self._entities_in(c.doc[c.left_edge.i : c.i + 1]) for c in head.children
        )

    def _country_modifier(self, head: Token) -> Token | None:
        """ "U.S." in "the U.S. representative", "Russian" in "the Russian ambassador"."""
        for child in head.lefts:
            if child.dep_ in ("compound", "amod"):
                entity = self.ctx.entity_at(child.idx, child.idx + len(child.text))
                if entity is not None and entity.type in ("GPE", "NORP"):
                    return child
        return None

    def _is_entity(self, token: Token) -> bool:
        return self.ctx.entity_at(token.idx, token.idx + len(token.text)) is not None

    def _channel(self, span: SpacySpan, head: Token) -> Resolution | None:
        """ "Griffiths' statement", "his words", "the post": who published it. A name inside the
        phrase, else its possessive pronoun, else whoever spoke last, else the latest organisation."""
        poster = _poster(head)
        if poster is not None:  # "Footage posted by Kyiv residents": theirs, not Kyiv's
            return self._classify(poster, nested=True)
        if head.lemma_.lower() in _PICTURES and not any(c.dep_ == "poss" for c in head.children):
            return None  # "Footage of the strike shows ...", "Footage from Kramatorsk": no one's words
        gathered = self._gatherer(head)
        if gathered is not None:
            return gathered
        text = span.doc.text
        aside = _asides(head)
        inside = _prefer([e for s, t, e in self.ctx.mentions if span.start_char <= s and t <= span.end_char
                          and e.name.casefold() not in PLATFORM_NAMES
                          and not _LINKED.match(text[t : t + 20])
                          and not any(a <= s < b for a, b in aside)])
        if inside is not None:
            return Resolution.of(inside)
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in _POSSESSIVES), None)
        if owner is not None:
            found = self._pronoun(owner)
            return found if found.kind != "unresolved" else None
        if head.lemma_.lower() in _PUBLISHERS and (head.tag_ == "NNS" or _is_indefinite(head)):
            # "Wagner-linked Telegram channels claimed ...", "a pro-Kremlin blog said": the publishers
            # themselves, not the last speaker (nor the owner of a name they are linked to)
            return Resolution(_lower_article(_speaker_phrase(span)), "collective" if head.tag_ == "NNS"
                              else "anonymous")
        if _circulating(head):
            # "Videos posted on social media showed ...": anyone's, not the last speaker's; but "Other videos
            # posted by the group" are the group's, and "preliminary findings" the team's that released them
            return None
        # "Iran's armed forces said ... The military statement said ...": a collective's statement too
        return self._from_history(span.start_char, _COMPATIBLE["it"] | {"person", "collective"}) \
            or self._recent_org(span.start_char)

    def _gatherer(self, head: Token) -> Resolution | None:
        """Whose "it" the phrase's relative clause has: "the evidence it had gathered on the explosion at
        al-Ahli Arab Hospital" is the gatherer's, not the hospital's; None when the pronoun is unresolved."""
        subject = _relative_subject(head)
        found = self._pronoun(subject) if subject is not None else None
        return found if found is not None and found.kind != "unresolved" else None

    def _entities_in(self, span: SpacySpan) -> list[Entity]:
        return [e for s, t, e in self.ctx.mentions if span.start_char <= s and t <= span.end_char]

    def _pronoun(self, token: Token) -> Resolution:
        word = _POSSESSIVES.get(token.lower_, token.lower_)
        group = (
            "person"
            if word in _PERSON_PRONOUNS
            else "it"
            if word == "it"
            else "we"
            if word in {"we", "us"}
            else "plural"
        )
        kinds = _COMPATIBLE[group]
        found = self._from_history(token.idx, kinds) or self._from_entities(token.idx, kinds)
        if found is None and token.dep_ == "poss" and word in ("it", "they"):
            found = self._clause_subject(token)
        return found or Resolution(token.text, "unresolved")

    def _clause_subject(self, token: Token) -> Resolution | None:
        """ "Russia has not offered any evidence for | its | claim": the state or body that is the subject of
        the clause the possessive stands in (a state too, which is never the antecedent of "it said")."""
        head = token.head
        while head.pos_ not in ("VERB", "AUX") and head.head is not head:
            head = head.head
        subject = next((c for c in head.children if c.dep_ == "nsubj" and c.i < token.i), None)
        if subject is None:
            return None
        entity = self.ctx.entity_at(subject.idx, subject.idx + len(subject.text))
        return Resolution.of(entity) if entity is not None and entity.type in ("GPE", "ORG") else None

    def _them(self, head: Token) -> Resolution | None:
        """The group "them" in "One of them" is: the last collective source before it."""
        of = next(c for c in head.children if c.dep_ == "prep" and c.lower_ == "of")
        if not any(c.dep_ == "pobj" and c.lower_ in {"them", "those"} for c in of.children):
            return None
        return self._from_history(head.idx, frozenset({"collective"}))

    def _from_history(self, before: int, kinds: frozenset[str]) -> Resolution | None:
        first_paragraph = self.ctx.paragraph(before) - 1
        for said in reversed(self.history):
            if said.start >= before or self.ctx.paragraph(said.start) < first_paragraph:
                continue
            if self._in_content(said.start):
                continue
            if said.resolution.kind in kinds:
                return said.resolution
        return None

    def _from_entities(self, before: int, kinds: frozenset[str]) -> Resolution | None:
        for start, entity in self.ctx.recent_entities(before):
            kind = _KIND_BY_TYPE.get(entity.type)
            if entity.type in {"GPE", "LOC", "FAC"} or _is_media(entity):
                continue  # places are rarely the antecedent of "it said"
            if self._in_content(start):
                continue  # "“... Golopristansky district ...,” he wrote": not the writer
            if entity.type == "NORP" and self._modifies_a_noun(start):
                continue  # "Ukrainian" in "Ukrainian President Volodymyr Zelensky" is no "they"
            if kind in kinds:
                return Resolution.of(entity)
        return None

    def _modifies_a_noun(self, char: int) -> bool:
        span = self.ctx.doc.char_span(char, char + 1, alignment_mode="expand")
        token = span[0] if span is not None and len(span) else None
        return token is not None and token.dep_ in ("amod", "compound") and token.head.i > token.i

    def _in_content(self, char: int) -> bool:
        return any(part.covers(char, char + 1) for part in self.quoted)

    def _role_noun(self, span: SpacySpan, head: Token, text: str) -> Resolution:
        noun = head.lemma_.lower()
        start = span.start_char
        if noun in TITLE_NOUNS:
            holder = self._role_holder(span, head)
            if holder is not None:
                return Resolution.of(holder)
        elif noun in GROUP_NOUNS:
            found = self._recent_org(start, prefer=GROUP_NOUNS)
            if found is not None:
                return found
        elif noun in INSTITUTION_NOUNS:
            owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in {"its", "their"}),
                         None)
            body = self._organisation_before_in_sentence(owner) if owner is not None else None
            if body is not None:
                return Resolution.of(body)  # "The Investigative Committee has opened a case ..., its press
                # service said": the body named before in the sentence, not the last speaker
            named = self._recent_org(start, containing=noun)
            return named or Resolution(text, "organization")
        if head.pos_ == "PROPN":
            # "Kyiv says ...", where the tagger found no name: a capital speaks for its government
            is_org = any(t.lower_ in GROUP_NOUNS | INSTITUTION_NOUNS for t in span) or (
                len(span) == 1 and known_place(text, 100_000))
            return Resolution(text, "organization" if is_org else "person")
        return Resolution(text, "unresolved")

    def _organisation_before_in_sentence(self, token: Token) -> Entity | None:
        """The last organisation named in `token`'s sentence before it."""
        start = token.sent.start_char
        found = [e for s, t, e in self.ctx.mentions if start <= s and t <= token.idx and e.type == "ORG"
                 and not _is_media(e)]
        return found[-1] if found else None

    def _role_holder(self, span: SpacySpan, head: Token, skip: Set[int] = frozenset()) -> Entity | None:
        """The person whose role has this title (and every modifier given, except the tokens in `skip`),
        most recently mentioned."""
        title = same_title(head.lower_.rstrip("."))
        modifiers = {
            t.lower_ for t in span if t.i < head.i and t.pos_ in {"ADJ", "PROPN", "NOUN"} and t.i not in skip
        }
        modifiers -= GENERIC_MODIFIERS
        best: tuple[int, Entity] | None = None
        for entity in self.ctx.entities:
            words = {same_title(w) for w in re.split(r"[\s-]+", (entity.role or "").lower().replace(".", ""))}
            if entity.type != "PERSON" or title not in words:
                continue
            if not modifiers <= words:  # "the secretary-general": "UN Secretary-General"
                continue
            last = max((m.start for m in entity.mentions if m.start < span.start_char), default=-1)
            if best is None or last > best[0]:
                best = (last, entity)
        return best[1] if best else None

    def _recent_org(
        self, before: int, *, prefer: frozenset[str] | None = None, containing: str | None = None
    ) -> Resolution | None:
        orgs = [
            e
            for _, e in self.ctx.recent_entities(before, paragraphs=None)
            if e.type in {"ORG", "GROUP"} and not _is_media(e)
        ]
        if containing is not None:
            orgs = [e for e in orgs if containing in e.name.lower()]
        if prefer is not None:
            # "the group" is one named as a group, else one that has spoken ("Human Rights Watch said ...
            # at al-Ahli Arab Hospital ... The group said"), else the latest organisation
            spoken = {said.resolution.entity_id for said in self.history if said.start < before}
            preferred = [e for e in orgs if set(e.name.lower().split()) & prefer]
            orgs = preferred or [e for e in orgs if e.id in spoken] or orgs
        return Resolution.of(orgs[0]) if orgs else None


_SHARED = frozenset(_words("posted shared circulated circulating published uploaded"))
_PICTURES = frozenset(_words("footage imagery"))


def _the_noun_alone(span: SpacySpan) -> bool:
    """ "The official", "the source": a definite noun with nothing else to tell who it is ("The officials,
    who spoke on condition of anonymity," neither: a relative clause tells how they spoke)."""
    clauses = {t.i for c in span.root.children if c.dep_ == "relcl" for t in c.subtree}
    words = [t for t in span if not t.is_punct and t.i not in clauses]
    return len(words) == 2 and words[0].lower_ == "the" and words[1].tag_ in ("NN", "NNS")


def _relative_subject(head: Token) -> Token | None:
    """The pronoun subject of a relative clause on the phrase: "it" of "the evidence it had gathered"."""
    for clause in (c for c in head.children if c.dep_ == "relcl"):
        subject = next((t for t in clause.children if t.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ in _SUBJECT_PRONOUNS:
            return subject
    return None


_SUBJECT_PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
# what a phrase is about or where ("the evidence ... on the explosion at al-Ahli Arab Hospital"): no owner
_ABOUT = frozenset({"on", "at", "in", "about", "near", "over", "into", "across", "against", "after",
                    "during"})


def _asides(head: Token) -> list[tuple[int, int]]:
    """The character ranges of the phrase's phrases of place or topic (`_ABOUT`), where a name is not the
    one whose words the phrase holds (but "The group's spokesman, who goes by the call sign Caesar," is
    Caesar)."""
    return [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in head.children
            if c.dep_ == "prep" and c.lower_ in _ABOUT]


def _poster(head: Token) -> SpacySpan | None:
    """Who a publication was "posted by", "released by", "shared by" ("Footage posted by Kyiv residents")."""
    for clause in (c for c in head.children if c.dep_ == "acl" and c.lower_ in _SHARED):
        for agent in (t for t in clause.children if t.dep_ == "agent"):
            noun = next((t for t in agent.children if t.dep_ == "pobj"), None)
            if noun is not None:
                return head.doc[noun.left_edge.i : noun.right_edge.i + 1]
    return None


# nouns for those who publish, and so can be a source: "Telegram channels", "a military blog"
_PUBLISHERS = frozenset(_words("channel account blog site website outlet"))
# a name a publisher is only linked to: "Wagner-linked", "Kremlin-aligned"
_LINKED = re.compile(r"\s*-\s*(?:linked|affiliated|aligned|allied|leaning|friendly)\b")


def _circulating(head: Token) -> bool:
    """A publication no one owns, described as going round: "Videos posted on social media", "footage shared
    online" (with no determiner, owner or "by" naming who posted it)."""
    if any(c.dep_ in ("det", "poss") for c in head.children):
        return False
    shared = [c for c in head.children if c.dep_ == "acl" and c.lower_ in _SHARED]
    if head.dep_ == "nsubj" and head.head.lower_ in _SHARED:
        shared.append(head.head)  # the tagger's "Videos | posted (ROOT) on social media showed ..."
    # the tagger's "Footage | shared (amod of "online") online appears to show ..."
    shared += [t for c in head.children for t in c.subtree
               if t.i == head.i + 1 and t.lower_ in _SHARED and t.tag_ == "VBN"]
    return bool(shared) and not any(t.dep_ == "agent" for c in shared for t in c.children)


_BODY_STOPWORDS = frozenset(_words("of the for and in on a an ministry minister"))


def _body_words(name: str) -> set[str]:
    """A body's or role's distinctive words, one spelling: "Ministry of Defence" -> {"defense"}."""
    words = {w.replace("defence", "defense") for w in re.findall(r"[a-z]+", name.lower())}
    return words - _BODY_STOPWORDS - INSTITUTION_NOUNS


def _antecedent(pronoun: Token) -> SpacySpan | None:
    """The noun phrase a relative pronoun refers to: "Russians who want ..." -> "Russians"."""
    clause = pronoun.head
    if clause.dep_ not in {"relcl", "acl"} or clause.head.pos_ not in {"NOUN", "PROPN"}:
        return None
    noun = clause.head
    return noun.doc[noun.left_edge.i : noun.i + 1]


def _appositive_name(head: Token) -> str | None:
    """The proper name set beside a common noun: "the Oslo-based group | Iran Human Rights"."""
    appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > head.i), None)
    return head.doc[appos.left_edge.i : appos.right_edge.i + 1].text if appos is not None else None


def _is_possessor(token: Token) -> bool:
    return any(c.dep_ == "case" and c.lower_ in {"'s", "’s", "'", "’"} for c in token.children)


def _is_indefinite(head: Token) -> bool:
    dets = [c.lower_ for c in head.children if c.dep_ in {"det", "nummod"}]
    return bool(dets) and dets[0] in _INDEFINITE


def resolve_speakers(
    doc: Doc, attributions: Sequence[Attribution], entities: Sequence[Entity]
) -> list[Attribution]:
    """`attributions` with speaker, speaker_kind and speaker_entity_id set (same order)."""
    resolver = _Resolver(_Context(doc, entities))
    resolved: dict[int, Attribution] = {}
    for index in sorted(range(len(attributions)), key=lambda i: _source_start(attributions[i])):
        att = attributions[index]
        res = resolver.resolve(att)
        resolved[index] = replace(
            att, speaker=res.speaker, speaker_kind=res.kind, speaker_entity_id=res.entity_id
        )
    return [resolved[i] for i in range(len(attributions))]


def _source_start(att: Attribution) -> int:
    return att.source.start if att.source is not None else att.start


class SpeakerComponent:
    """Rewrites `doc._.cl_attributions` with `speaker`, `speaker_kind` and `speaker_entity_id` set, after
    the span repairs of `extract.attribution`:
    - the sentence a bare "This was stated by ..." refers to as its content (`with_antecedent_content`);
    - a source cut to the sentence of its cue (`within_one_sentence`), a source that is only a wire
      dateline replaced by the cue's subject after it (`with_subject_after_dateline`), a content in a
      later paragraph than its cue dropped unless a colon or a quotation leads to it
      (`within_the_cues_paragraph`), a wire dateline that opens a content cut from it
      (`without_dateline_in_content`), and a content that
      runs one word into the next sentence cut at its own sentence's end (`without_next_sentence_word`), and
      a cue that runs into a date, "claimed on May | 23 that", cut before it (`without_date_in_cue`);
    - the opening clause as the content of a source that "wrote on his Telegram channel"
      (`with_clause_for_channel`);
    - the words after "said" when the tagger took them for the cue (`with_complement_content`), and the
      medium after "said on" when it took them for the content (`with_medium_in_cue`), and a cue left on a
      preposition, "said on | Wednesday", "said in a | post on Twitter" (`without_dangling_preposition`);
    - a content cut after a relative word, "the Bakhmut direction, where | Moscow claimed victory", run on to
      its sentence's end (`with_whole_relative_clause`), and the audience after "told" ("told | a
      briefing") taken into the cue (`with_audience_in_cue`), or out of a content it opens ("told | a meeting
      of the ministry's board that ...": `without_audience_in_content`);
    - the words before an aside, "The power plant, it said, ..." (`with_subject_before_aside`);
    - as the source of "told", the person named before the cue, not the addressee (`teller_as_source`);
    - as the source of a participle cue after a comma, "..., claiming to have killed ...", the source of the
      statement the comma closes (`with_participle_source`), and of a verb cue joined by "and" to a verb
      with a subject, "The Legion was formed in 2022 and | says", that subject (`with_conjunct_subject`),
      unless that subject is a thing inside what a speaker said: "Berger said the violence was unacceptable
      but | blamed | the government" is Berger's (`with_the_speakers_second_verb`);
    - a fragment of content that is only the writer's aside after the cue, "..., the group said on Monday, |
      a higher toll than the 41 reported by state television", dropped (`without_aside_after_cue`)."""

    def __call__(self, doc: Doc) -> Doc:
        attributions = within_one_sentence(with_antecedent_content(doc, doc._.cl_attributions or []))
        attributions = with_whole_words_in_source(doc.text, attributions)
        attributions = with_subject_after_dateline(doc, within_the_cues_paragraph(doc.text, attributions))
        attributions = without_dateline_in_content(doc.text, attributions)
        attributions = without_date_in_cue(doc.text, without_next_sentence_word(attributions))
        attributions = with_complement_content(doc, with_clause_for_channel(doc, attributions))
        attributions = without_dangling_preposition(doc.text, with_medium_in_cue(doc.text, attributions))
        attributions = with_audience_in_cue(doc.text, with_whole_relative_clause(doc, attributions))
        attributions = without_audience_in_content(doc, attributions)
        attributions = with_subject_before_aside(doc, without_aside_after_cue(doc, attributions))
        attributions = teller_as_source(attributions, doc._.cl_entities or [])
        attributions = with_participle_source(doc.text, with_conjunct_subject(doc, attributions))
        attributions = with_the_speakers_second_verb(doc, attributions, _AGENT_NOUNS)
        doc._.cl_attributions = resolve_speakers(doc, attributions, doc._.cl_entities or [])
        log.debug("%s: resolved %d speakers", doc._.doc_id, len(attributions))
        return doc


# a state's institution named without the state ("the military said", "the ministry confirmed")
_BARE_INSTITUTION = re.compile(r"(?:the\s+)?(?:military|army|armed\s+forces|general\s+staff|"
                               r"defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e|government|authorities)",
                               re.IGNORECASE)
# a headline's speaker: "Ukraine says Soledar still held as ...", "Ukraine confirms withdrawal from Soledar"
_TITLE_SPEAKER = re.compile(r"\s*([A-Z][\w'’-]+)\s+(?:says|confirms|claims|denies|announces|reports|admits|"
                            r"insists|rejects)\b")


def institution_of_title(title: str, text: str, attribution: Attribution, name: str) -> str | None:
    """ "Ukraine's military" for the lead's "Ukrainian forces are still holding Soledar, the military said"
    under the headline "Ukraine says Soledar still held": the state a headline has speak, for the institution
    the lead paragraph credits with the same statement without naming its state (the ledger's speaker, the
    report's and the event record's claimant)."""
    source = attribution.source
    if source is None or not _BARE_INSTITUTION.fullmatch(name.strip()):
        return None
    lead = text.find("\n\n")
    if lead != -1 and source.start >= lead:
        return None  # not in the lead paragraph
    headline = _TITLE_SPEAKER.match(title)
    if headline is None or country_named(headline.group(1)) != headline.group(1):
        return None  # a country by its name ("Ukraine says"), not a demonym or a person
    return f"{headline.group(1)}'s {_strip_the(name)}"
