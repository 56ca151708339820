"""Which attributions state a claim that someone can be held to.

PolNeAR, which the attribution model learns from, annotates any predicate that links a source to a
content, actions and states included: "crossing the river to *attack* Russian occupying forces", "24
settlements *experienced* flooding", "Moscow *has responded* with a barrage of missile attacks". The store
keeps every attribution (the PolNeAR scores count them all), but in a ledger of who claims what they
would say that Ukrainian troops claim something, or that water levels do. The ledger, the report and the
event records therefore use only attributions that `states_a_claim`: a source that can speak (not a
facility, an event or a thing), a cue that is not a physical act, no mere appearance ("the attackers
appeared to have achieved surprise"), no question ("What is Kyiv saying?") and no motive the writer
ascribes to the source ("Moscow has always been eager to paint a picture ...").

Some attributions are no claim only beside the others of their document (`claims_of`): an unattributed
cue inside another statement's content adds nothing to it, nor does an infinitive inside the same
speaker's statement ("used terms like ... | to describe | ..."); a want reported by someone else is that
speaker's claim, not the wanter's; and what an agreement to act covers ("agreed | not to reveal | his
name") is no claim either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimledger.extract.attribution import MEDIUM_NOUNS, SENTENCE_END
from claimledger.extract.cues import CALLED_UNTRUE
from claimledger.extract.speakers import CHANNEL_NOUNS, NOT_A_SPEAKER
from claimledger.extract.weapons import is_known_weapon, names_a_weapon_noun
from claimledger.models import Attribution, Span

# Cue words for physical acts. A person who "attacked" someone in a speech made a claim; a state,
# army or group that "attacked" a dam did not.
_ACT = re.compile(r"(?:attack|strik|struck|shell|bomb|destr|kill|captur|seiz|shoot|shot|invad|occup|"
                  r"experienc|went)\w*")
_APPEAR = re.compile(r"\b(?:appear|appears|appeared|appearing|seem|seems|seemed|seeming)\b", re.IGNORECASE)
_PICTURES = frozenset({"footage", "image", "photo", "photograph", "picture", "clip", "imagery"})
_RESPONSES = re.compile(r"\b(?:respond|react|retaliat)\w*", re.IGNORECASE)
# what one can respond with and still be saying something
_SPEECH = re.compile(
    r"\b(?:statements?|comments?|remarks?|words?|messages?|letters?|tweets?|posts?|speech|denials?|"
    r"questions?|answers?|address|video|note|accusations?|claims?|threats?|warnings?|criticism|"
    r"condemnation|silence)\b",
    re.IGNORECASE,
)
# an unresolved "it" is a placeholder: "it was impossible *to predict* ..."
_EMPTY_SOURCES = frozenset({"it", "there"})
# what cannot speak besides `NOT_A_SPEAKER`: "memes that compare the Belgorod incident to ...", "the use of
# American weapons | showed | ...", "Footage shared online appears | to show | military vehicles"
_THINGS = NOT_A_SPEAKER | {"meme", "use", "footage", "video", "image", "photo", "picture"}
_TRAILING_PHRASE = re.compile(r"\s+(?:in|near|on|at|of|from|outside|across|along)\s.*$", re.IGNORECASE)


def _lower_words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.casefold())


def names_a_thing(name: str) -> bool:
    """ "The Kahovka hydroelectric power plant in southern Ukraine", "the collapse of the dam", "water
    levels": a facility, an event or a thing, which cannot speak and takes no side from the places it
    names."""
    words = _TRAILING_PHRASE.sub("", name).split()
    if not words:
        return False
    if is_known_weapon(" ".join(words)) or names_a_weapon_noun(words):
        return True  # "the Kinzhal had once again shown that ...", "Drones attacked an airport"
    head = words[-1].casefold()
    return head in _THINGS or head.removesuffix("s") in _THINGS


def is_an_act(attribution: Attribution) -> bool:
    """Is the cue a physical act rather than saying, showing or believing something? "Ukrainian troops
    ... to attack Russian occupying forces", "Moscow has responded with a barrage of missile attacks"."""
    if attribution.cue is None:
        return False
    words = _lower_words(attribution.cue.text)
    if any(_ACT.fullmatch(w) for w in words):
        return attribution.speaker_kind != "person"
    if _RESPONSES.search(attribution.cue.text):
        # "responded with a barrage of missile attacks"; "responded | to the raid with panic and criticism"
        # names what was responded to, never what was said
        content = attribution.content_text.lstrip().casefold()
        if re.match(r"to (?:the|a|an|this|that|these|its|their) ", content):
            return True
        return content.startswith("with ") and not _SPEECH.search(content)
    return False


_QUESTION_WORDS = frozenset({"what", "who", "whom", "why", "how", "when", "where", "which", "is", "are",
                             "was", "were", "do", "does", "did"})


def _asks(attribution: Attribution) -> bool:
    """A heading that asks ("What is Kyiv saying?"): its content is only the question's words."""
    words = _lower_words(attribution.content_text)
    return bool(words) and all(w in _QUESTION_WORDS for w in words)


# the writer's reading of a source's motives: "Moscow has always been *eager* to paint a picture of Russian
# victimhood", "Putin *will no doubt look* to use these attacks"
_ASCRIBED = re.compile(r"\b(?:eager|keen|no doubt|likely|unlikely|bound to)\b", re.IGNORECASE)


def _writer_ascribes(attribution: Attribution) -> bool:
    return attribution.cue is not None and bool(_ASCRIBED.search(attribution.cue.text))


def is_an_appearance(attribution: Attribution) -> bool:
    """ "Some of the fighters *appear* to be operating Humvees", "the attackers *appeared* to have achieved
    surprise": how something looks to an observer the text does not name, not what its subject claims.
    What a video or a post "appears to show" stays its publisher's claim."""
    if attribution.cue is None or not _APPEAR.search(attribution.cue.text):
        return False
    if attribution.source is None:
        return True
    words = _lower_words(attribution.source.text)
    if words in (["that"], ["which"]) and attribution.speaker_kind in ("person", "organization"):
        return False  # "a video that appears to show ...", resolved to whoever posted it
    return not any(w.removesuffix("s") in CHANNEL_NOUNS | _PICTURES for w in words)


# "at least seven people *had been reported* missing": the subject of a passive cue is what was reported
_PASSIVE = re.compile(r"^(?:(?:has|have|had|will|would|could|may|might)\s+)?(?:been|be|is|are|was|were)\s+"
                      r"(?:\w+ly\s+)?(\w+(?:ed|en|wn)|found|said|told|seen|known|shown|held|made|heard|"
                      r"thought|brought|caught|put|set)$", re.IGNORECASE)
# ... unless its subject holds the view or said the words: "Kyiv is convinced that", "was quoted as saying"
_HOLDER = frozenset({"convinced", "concerned", "worried", "pleased", "determined", "satisfied", "surprised",
                     "disappointed", "alarmed", "interested", "prepared", "committed", "opposed", "inclined",
                     "persuaded", "quoted", "cited", "asked", "frightened", "scared", "shocked", "outraged",
                     "unconvinced", "undeterred", "engaged", "involved", "tired", "angered", "encouraged"})


def is_a_passive_subject(attribution: Attribution) -> bool:
    """The source stands before a passive cue ("at least seven people | had been reported | missing"): it is
    what was reported, not who reported it."""
    cue, source = attribution.cue, attribution.source
    if cue is None or source is None or source.end > cue.start:
        return False
    passive = _PASSIVE.match(cue.text.strip())
    return passive is not None and passive.group(1).casefold() not in _HOLDER


_MEETING_CUE = re.compile(r"\b(?:spoke|speaks|speaking|talked|talks|talking|met|meets)\b", re.IGNORECASE)


def _only_met(attribution: Attribution) -> bool:
    """ "Euronews View *spoke* to Vsevolod Prokofiev": a conversation took place; nothing was said yet."""
    if attribution.cue is None or not _MEETING_CUE.search(attribution.cue.text):
        return False
    return bool(re.match(r"(?:to|with)\s", attribution.content_text.lstrip(), re.IGNORECASE))


def _names_only_a_statement(attribution: Attribution) -> bool:
    """ "The update | was shared", "has commented on | the Kremlin's statement": the content names a
    statement without saying what it says. Not "wrote on | his Telegram channel", where the tagger took the
    channel for the content of a sentence that does say something."""
    words = _lower_words(attribution.content_text)
    if not 0 < len(words) <= 4 or words[-1] in MEDIUM_NOUNS:
        return False
    if points_back(attribution):
        return False  # "Islamic Jihad | rejected | the accusation": that it is untrue is said
    return words[-1].removesuffix("s") in CHANNEL_NOUNS | {"accusation", "claim"}


# a name given, not a claim made: "a Russian-style statelet *called* the “Bilhorod People's Republic”"
_NAMING = re.compile(r"(?:called|named|dubbed|nicknamed|titled|known as)", re.IGNORECASE)


def _names_it(attribution: Attribution) -> bool:
    """A participle that names its source ("a statelet called ..."). A speaker who "called" something a
    name ("Zelensky called it terrorism") makes a claim; a thing or an unresolved phrase does not."""
    if attribution.cue is None:
        return False
    cue = attribution.cue.text.strip()
    if cue.casefold() == "known" and attribution.source is None:
        return True  # "| The Security Service of Ukraine |, known as the SBU": a name, as the tagger read it
    opening = attribution.content_text.lstrip().casefold()
    if cue.casefold() == "known for" or (cue.casefold() == "known" and opening.startswith("for ")):
        return True  # "Soledar, | known for | its salt mines": what a thing is known for, by no one
    if cue.casefold() == "known" and opening.startswith("as "):
        cue += " as"  # "Mohamed Hamdan Dagalo, known | as Hemedti": the tagger's cue without its "as"
    if not _NAMING.fullmatch(cue):
        return False
    if cue.casefold() == "known as":
        return True  # "The Security Service of Ukraine, known as | the SBU": what it is called, by no one
    return attribution.speaker_kind not in ("person", "organization", "collective", "group", "anonymous")


# "CNN *agreed* not to reveal his name": a promise kept by an act, not a statement of fact
_AGREED_TO_ACT = re.compile(r"(?:(?:has|have|had)\s+)?(?:agree[sd]?|agreeing)", re.IGNORECASE)


def _agrees_to_act(attribution: Attribution) -> bool:
    if attribution.cue is None or not _AGREED_TO_ACT.fullmatch(attribution.cue.text.strip()):
        return False
    return bool(re.match(r"(?:not\s+)?to\s", attribution.content_text.lstrip(), re.IGNORECASE))


# the writer telling the reader where to look: "(click here) *to see* ISW's interactive map"
_LOOK = re.compile(r"(?:to\s+)?(?:see|view|watch|click|read)", re.IGNORECASE)


def _tells_the_reader(attribution: Attribution) -> bool:
    cue = attribution.cue
    return attribution.source is None and cue is not None and bool(_LOOK.fullmatch(cue.text.strip()))


# "did not confirm or deny", "has neither confirmed nor denied": no statement, and no position in a question
NEITHER_CONFIRMED_NOR_DENIED = r"\b(?:not|neither)\s+confirm\w*\s+(?:or|nor)\s+den\w*"
# "has not yet commented on", "declined to comment", "did not respond to a request for comment": no statement
_NO_COMMENT = re.compile(r"\b(?:not|never|yet to|declined to|refused to|no)\b.{0,30}\b(?:comment|respond)|"
                         # "would not say which part had been hit" (not "could not say who was behind it")
                         r"\b(?:would|did)\s+not\s+(?:say|disclose|specify|elaborate)\b|"
                         # "declined to comment, referring questions to the Defence Ministry"
                         r"\brefer(?:s|red|ring)?\s+(?:all\s+)?(?:questions|queries|inquiries|requests)\b|"
                         # "declined on Wednesday to confirm that Russian forces had taken Soledar"
                         r"\b(?:declin|refus)\w*\s+(?:\w+\s+){0,2}?to\s+(?:confirm|say|disclose|specify)\b|"
                         # "The first statement | did not mention | Wagner": a reporter's note on a statement
                         r"\b(?:did\s+not|didn['’]t|does\s+not|doesn['’]t|failed\s+to|never)\s+mention\b|"
                         # "did not confirm or deny that its forces had shot down the plane"
                         + NEITHER_CONFIRMED_NOR_DENIED,
                         re.IGNORECASE)


def _says_nothing(attribution: Attribution) -> bool:
    cue = attribution.cue
    opening = attribution.content_text[:20]  # "declined | to comment on the report"
    if _ONLY_A_PRONOUN.fullmatch(attribution.content_text.strip()):
        return True  # "He did not mention ... and | declared | Sunday a national day of mourning": "He did"
    if _CLOCK_ONLY.fullmatch(attribution.content_text.strip()):
        return True  # a live blog's heading, "19:10 BST: Wagner convoy | reported | in Lipetsk region"
    if _ANONYMITY.match(attribution.content_text):
        return True  # "The official | spoke | on condition of anonymity to discuss ...": how, not what
    if _offers_no_evidence(attribution):
        return True
    return cue is not None and bool(_NO_COMMENT.search(f"{cue.text} {opening}"))


# "Russia | has not offered | any evidence for its claim that ...": a note on a claim, not a statement (but
# the claim inside it is one)
_NO_EVIDENCE_OFFERED = re.compile(
    r"\b(?:not|never|no|failed\s+to|without)\s+(?:\w+\s+)?(?:offer\w*|provid\w*|present\w*|produc\w*|"
    r"show\w*|give|given|gave)\s+(?:any\s+)?(?:evidence|proof)\b", re.IGNORECASE)


def _offers_no_evidence(attribution: Attribution) -> bool:
    cue = attribution.cue
    opening = attribution.content_text[:20]
    return cue is not None and bool(_NO_EVIDENCE_OFFERED.search(f"{cue.text} {opening}"))


_CLOCK_ONLY = re.compile(r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|[A-Z]{2,5})?\W*", re.IGNORECASE)
_ANONYMITY = re.compile(r"\s*on (?:the )?condition (?:of|that)\b", re.IGNORECASE)
# a content that is only a pronoun and an auxiliary: a misread of a verb that says nothing (a pronoun alone
# may be what is said: "The government said it would not withdraw | it")
_ONLY_A_PRONOUN = re.compile(r"(?:he|she|it|they|we|i|you)\s+(?:did|does|do|was|were|is|are|had|has|have|"
                             r"would|will|could|can|may|might)", re.IGNORECASE)


# "the Kremlin | had ordered | the crash of the plane", "Putin | had ordered | Prigozhin killed": an order of
# a deed of violence, not a statement
_ORDERED = re.compile(r"(?:(?:has|have|had)\s+)?order(?:ed|s|ing)?", re.IGNORECASE)
# a deed of violence, ordered ("the crash of the plane", "Prigozhin killed", "it"); not "the evacuation of
# several villages", which the one who ordered it reports
DEEDS = r"(?:crash|killing|death|murder|assassination|attack|strike|bombing|explosion|downing|shooting)"
_DEED = re.compile(rf"^\s*(?:the\s+|his\s+|her\s+|their\s+|a\s+|an\s+)?{DEEDS}\b|"
                   r"^\s*\S+(?:\s+\S+)?\s+(?:killed|murdered|assassinated|eliminated|shot)\s*$|"
                   r"^\s*(?:it|this|them)\s*$",
                   re.IGNORECASE)


def _orders_a_deed(attribution: Attribution) -> bool:
    cue = attribution.cue
    return cue is not None and bool(_ORDERED.fullmatch(cue.text.strip())) \
        and bool(_DEED.search(attribution.content_text))


def states_a_claim(attribution: Attribution) -> bool:
    """Whether the attribution belongs in a ledger of claims (see the module's doc)."""
    if is_an_act(attribution) or is_an_appearance(attribution) or _asks(attribution) \
            or _orders_a_deed(attribution) or _writer_ascribes(attribution) or _only_met(attribution) \
            or _names_only_a_statement(attribution) or _names_it(attribution) \
            or _agrees_to_act(attribution) or _tells_the_reader(attribution) or _says_nothing(attribution):
        return False
    if attribution.source is None or attribution.speaker_kind not in (None, "unresolved", "collective"):
        return True
    if is_a_passive_subject(attribution):
        return False
    # a source stored before `within_one_sentence` existed may still run over a sentence end
    source = SENTENCE_END.split(attribution.source.text.strip())[-1]
    if source.casefold() in _EMPTY_SOURCES or names_a_thing(source):
        return False
    # a relative pronoun resolved to a thing: "memes | that | compare ..."
    return not names_a_thing(SENTENCE_END.split((attribution.speaker or "").strip())[-1])


_WANT = re.compile(r"(?:wants?|wanted|wanting|wish|wishes|wished)", re.IGNORECASE)


def _inside_content(attribution: Attribution, other: Attribution) -> bool:
    cue = attribution.cue
    return other is not attribution and cue is not None and _within_content(cue, other)


def _within_content(span: Span, other: Attribution) -> bool:
    return any(part.start <= span.start and span.end <= part.end for part in other.content)


# "it is now known that ...": the "it" of a passive with no agent names no one
_IMPERSONAL = re.compile(r"known|thought|believed|understood|feared|rumou?red", re.IGNORECASE)


def _unattributed(attribution: Attribution) -> bool:
    source, cue = attribution.source, attribution.cue
    if source is None:
        return attribution.speaker is None
    return source.text.strip().casefold() == "it" and cue is not None and cue.start - source.end >= 3 \
        and bool(_IMPERSONAL.fullmatch(cue.text.strip()))


def _unresolved_pronoun(attribution: Attribution) -> bool:
    """ "The chief of the Wagner private military company said Saturday | he | was ordering his fighters to
    turn back": a pronoun left unresolved inside another statement is part of that statement."""
    source = attribution.source
    return attribution.speaker_kind == "unresolved" and source is not None \
        and source.text.strip().casefold() in {"he", "she", "they", "we", "i"}


def _redundant(attribution: Attribution, claims: Sequence[Attribution]) -> bool:
    """Beside the document's other claims, nothing of its own: an unattributed cue inside another
    statement's content ("... said the dam was not destroyed, and | called | it “great happiness”", "...
    added that | it | is now | known | that 700,000 people have lost access to drinking water"), or
    a want inside someone else's statement ("... told CNN those responsible are Russians who | want | to
    get rid of “the darkness”"), which is that speaker's claim about them, an unresolved pronoun's
    statement inside another (`_unresolved_pronoun`), or an infinitive inside the same speaker's
    statement."""
    cue = attribution.cue
    if cue is None:
        return False
    wanted = bool(_WANT.fullmatch(cue.text.strip()))
    if _unattributed(attribution) or wanted or _unresolved_pronoun(attribution):
        return any(_inside_content(attribution, other) for other in claims)
    if _GERUND.fullmatch(cue.text.strip()) and any(
            _inside_content(attribution, other) and _source_inside_content(attribution, other)
            for other in claims):
        # the manner of a deed in another's statement: "Hamas said Israel was trying to evade responsibility
        # by | blaming | the resistance" is Hamas's claim about Israel, not Israel's statement
        return True
    if cue.text.lstrip().casefold().startswith("to "):
        # the purpose of the speaker's own act: "officials used terms like “terrorist act” | to describe |
        # the torrent of water"; a proposition inside another's statement: "Ryder told reporters that the
        # United States had no information at this time | to indicate | that a missile had hit the aircraft"
        # (but "Peskov called on Kyiv | to explain | the breach" is Kyiv's to answer); or a part of a source:
        # "The officials, who spoke on condition of anonymity | to discuss | intelligence, said"
        reported = bool(_THAT_CLAUSE.match(attribution.content_text))
        no_one = attribution.speaker_kind == "unresolved"  # "for a visit meant | to show | support"
        return any(_inside_source(attribution, other) or (_inside_content(attribution, other) and (
            other.speaker == attribution.speaker or reported or no_one)) for other in claims)
    return False


_THAT_CLAUSE = re.compile(r"\s*that\b", re.IGNORECASE)
_GERUND = re.compile(r"[a-z]+ing", re.IGNORECASE)


def _source_inside_content(attribution: Attribution, other: Attribution) -> bool:
    return attribution.source is not None and _within_content(attribution.source, other)


def _inside_source(attribution: Attribution, other: Attribution) -> bool:
    """The attribution's cue lies between the other's source and its cue."""
    cue, source, other_cue = attribution.cue, other.source, other.cue
    return other is not attribution and cue is not None and source is not None and other_cue is not None \
        and source.start <= cue.start and cue.end <= other_cue.start


def claims_of(attributions: Sequence[Attribution]) -> list[Attribution]:
    """A document's attributions that state a claim: `states_a_claim`, less those that add nothing to
    the document's other claims (see `_redundant`) and those inside an agreement to act ("CNN agreed |
    not to reveal | his name")."""
    claims = [a for a in attributions if states_a_claim(a)]
    agreements = [a for a in attributions if _agrees_to_act(a)]
    # "Peskov | declined | to comment on the strike": nor is "to comment on | the strike" his statement
    silences = [a for a in attributions if _says_nothing(a) and not _offers_no_evidence(a)]
    return [a for a in claims if not _redundant(a, claims)
            and not any(_inside_content(a, agreed) for agreed in agreements)
            and not any(_inside_content(a, silent) and silent.speaker == a.speaker for silent in silences)]


# "The Legion denied this", "Kyiv rejected the claims": a denial whose content only points back at a
# statement before it
_POINTS_BACK = re.compile(
    r"(?:this|that|it|them|these|those|"
    r"(?:the|this|that|these|those|such|his|her|its|their)\s+"
    r"(?:(?:latest|earlier|russian|ukrainian|official)\s+)?"
    r"(?:claims?|reports?|allegations?|accusations?|statements?|figures?|accounts?|assertions?|version))"
    rf"(?:\s+{CALLED_UNTRUE})?"  # "the accusation was untrue"
    r"[.,;]?",
    re.IGNORECASE,
)
# the end of a sentence, or of a paragraph (which ends one): '... killed. The', '..."partisans."\n\nMoscow'
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘A-Z])")


def points_back(attribution: Attribution) -> bool:
    """A denial whose content is only "this", "it", "the claims" ...: what it denies was said before it."""
    return attribution.polarity == "deny" and bool(_POINTS_BACK.fullmatch(attribution.content_text.strip()))


def denied_statement(denial: Attribution, attributions: Sequence[Attribution],
                     text: str) -> Attribution | None:
    """What a denial that points back denies ("By Tuesday, the Defense Ministry claimed the attackers had
    been "routed" ... The Legion denied this"; "Kiev has denied having anything to do with the raid ...
    Moscow has dismissed these claims"): the last statement of another speaker that ends in the sentence
    before it or in its own; None if there is none or the denial names what it denies."""
    if not points_back(denial):
        return None
    before = [a for a in attributions
              if a.end <= denial.start and (a.speaker or "").casefold() != (denial.speaker or "").casefold()]
    if not before:
        return None
    antecedent = max(before, key=lambda a: (a.end, -a.start))
    # from two characters before its end: a statement's content can end on its sentence's full stop
    if len(_SENTENCE_BREAK.findall(text[max(0, antecedent.end - 2) : denial.start + 1])) > 1:
        return None
    return antecedent
