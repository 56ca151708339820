"""Lexicons for rule-based attribution: reporting verbs, nominal cues, channels, verification, denials.

`VERB_FRAMES` is data-derived from the PolNeAR *train* split (never dev): every verb was proposed with
every frame (`RuleAttributionComponent(all_verbs=True)`), and a (lemma, frame) pair was kept when its
candidates outside other attributions' contents overlapped a gold relation (content and cue) with
precision >= 0.45 and at least 3 hits. `NOMINAL_FRAMES` the same way. Only lemma lists are kept here.

Frames:
    ccomp   clausal complement ("said that ...", "..., he said")
    colon   the cue is followed by a colon ("It added: ...")
    xcomp   open clausal complement ("wants to ...", "declined to comment")
    dobj    nominal object, with a following predicate ("called X Y", "described X as Y")
    prep    prepositional object ("referring to X", "talking about X")
    quote   a quotation in the same sentence that no other frame attaches
"""

from __future__ import annotations

import re

from claimledger.models import VerificationStatus

# Frames every verb of SPEECH_VERBS accepts even when the table below is silent about it.
SPEECH_VERBS: frozenset[str] = frozenset(
    {
        "say", "tell", "add", "claim", "announce", "insist", "acknowledge", "deny", "assess", "write",
        "state", "declare", "explain", "note", "report", "warn", "argue", "tweet", "post", "reply",
        "respond", "ask", "answer", "suggest", "stress", "confirm", "allege", "assert", "admit",
        "concede", "contend", "maintain", "repeat", "reiterate", "recall", "remark", "observe", "comment",
        "continue", "predict", "promise", "vow", "pledge", "threaten", "estimate", "conclude", "indicate",
        "reveal", "disclose", "inform", "testify", "accuse", "blame", "charge", "describe", "characterise",
        "characterize", "call", "quote", "cite", "mention", "emphasize", "emphasise", "underline",
        "boast", "joke", "complain", "urge", "demand", "counter", "caution", "dismiss", "reject",
        "refute", "speculate", "surmise", "guess", "hint", "imply", "publish", "brief",
    }
)  # fmt: skip

# Generated from PolNeAR train (lemma -> frames with precision >= threshold); see eval/polnear.py.
VERB_FRAMES: dict[str, frozenset[str]] = {
    "accuse": frozenset({"dobj", "prep_of"}),
    "acknowledge": frozenset({"ccomp", "dobj"}),
    "add": frozenset({"ccomp"}),
    "address": frozenset({"ccomp"}),
    "admit": frozenset({"ccomp"}),
    "advise": frozenset({"xcomp"}),
    "advocate": frozenset({"prep_for"}),
    "agree": frozenset({"ccomp", "prep_on", "prep_to", "prep_with", "xcomp"}),
    "aim": frozenset({"xcomp"}),
    "allege": frozenset({"ccomp"}),
    "allude": frozenset({"prep_to"}),
    "announce": frozenset({"ccomp", "dobj"}),
    "answer": frozenset({"ccomp", "dobj"}),
    "apologize": frozenset({"prep_for"}),
    "appear": frozenset({"xcomp"}),
    "applaud": frozenset({"dobj"}),
    "approve": frozenset({"dobj"}),
    "argue": frozenset({"ccomp", "dobj", "prep_for"}),
    "articulate": frozenset({"dobj"}),
    "ask": frozenset({"ccomp", "prep_about", "prep_for", "xcomp"}),
    "assail": frozenset({"dobj"}),
    "assert": frozenset({"ccomp", "dobj"}),
    "assume": frozenset({"ccomp"}),
    "assure": frozenset({"ccomp", "prep_of"}),
    "attack": frozenset({"dobj"}),
    "attribute": frozenset({"dobj"}),
    "bash": frozenset({"dobj"}),
    "believe": frozenset({"ccomp", "dobj"}),
    "bemoan": frozenset({"dobj"}),
    "blame": frozenset({"dobj"}),
    "blast": frozenset({"dobj"}),
    "boast": frozenset({"ccomp", "prep_about", "prep_of"}),
    "brag": frozenset({"prep_about"}),
    "broadcast": frozenset({"dobj"}),
    "brush": frozenset({"dobj"}),
    "calculate": frozenset({"ccomp"}),
    "call": frozenset({"dobj", "prep_for", "quote", "xcomp"}),
    "campaign": frozenset({"prep_against", "prep_for"}),
    "caution": frozenset({"ccomp", "prep_against"}),
    "challenge": frozenset({"xcomp"}),
    "chant": frozenset({"dobj", "xcomp"}),
    "characterize": frozenset({"dobj"}),
    "charge": frozenset({"ccomp", "dobj", "prep_with"}),
    "chide": frozenset({"dobj"}),
    "cite": frozenset({"dobj"}),
    "claim": frozenset({"ccomp", "xcomp"}),
    "clarify": frozenset({"ccomp", "dobj"}),
    "comment": frozenset({"prep_on"}),
    "compare": frozenset({"dobj"}),
    "complain": frozenset({"ccomp", "prep_about"}),
    "concede": frozenset({"ccomp"}),
    "conclude": frozenset({"ccomp"}),
    "condemn": frozenset({"dobj"}),
    "confirm": frozenset({"ccomp", "dobj"}),
    "congratulate": frozenset({"dobj"}),
    "consider": frozenset({"ccomp"}),
    "contemplate": frozenset({"dobj"}),
    "contend": frozenset({"ccomp"}),
    "continue": frozenset({"ccomp"}),
    "contrast": frozenset({"dobj"}),
    "convince": frozenset({"ccomp"}),
    "counter": frozenset({"ccomp"}),
    "credit": frozenset({"dobj"}),
    "criticize": frozenset({"dobj", "prep_for"}),
    "decide": frozenset({"xcomp"}),
    "declare": frozenset({"ccomp", "dobj"}),
    "decline": frozenset({"dobj", "xcomp"}),
    "decry": frozenset({"dobj"}),
    "deem": frozenset({"dobj"}),
    "defend": frozenset({"dobj"}),
    "demand": frozenset({"ccomp", "dobj"}),
    "demonstrate": frozenset({"ccomp"}),
    "denounce": frozenset({"dobj"}),
    "deny": frozenset({"ccomp", "dobj"}),
    "deride": frozenset({"dobj"}),
    "describe": frozenset({"ccomp", "dobj", "prep_as"}),
    "detail": frozenset({"dobj"}),
    "disagree": frozenset({"prep_with"}),
    "disavow": frozenset({"dobj"}),
    "disclose": frozenset({"dobj"}),
    "discuss": frozenset({"ccomp", "dobj"}),
    "dislike": frozenset({"dobj"}),
    "dismiss": frozenset({"dobj"}),
    "display": frozenset({"dobj"}),
    "dispute": frozenset({"dobj"}),
    "document": frozenset({"dobj"}),
    "double": frozenset({"prep_on"}),
    "doubt": frozenset({"ccomp"}),
    "dwell": frozenset({"prep_on"}),
    "echo": frozenset({"dobj"}),
    "email": frozenset({"dobj"}),
    "emphasize": frozenset({"ccomp", "dobj"}),
    "encourage": frozenset({"xcomp"}),
    "endorse": frozenset({"dobj", "xcomp"}),
    "estimate": frozenset({"ccomp"}),
    "expect": frozenset({"ccomp", "dobj", "xcomp"}),
    "experience": frozenset({"dobj"}),
    "explain": frozenset({"ccomp", "dobj"}),
    "explore": frozenset({"dobj"}),
    "express": frozenset({"ccomp", "dobj"}),
    "favor": frozenset({"dobj"}),
    "fear": frozenset({"ccomp", "dobj"}),
    "feel": frozenset({"prep_for"}),
    "find": frozenset({"ccomp"}),
    "foresee": frozenset({"dobj"}),
    "forget": frozenset({"ccomp"}),
    "forward": frozenset({"dobj"}),
    "guess": frozenset({"ccomp"}),
    "hail": frozenset({"dobj"}),
    "hammer": frozenset({"dobj"}),
    "herald": frozenset({"dobj"}),
    "highlight": frozenset({"ccomp", "dobj"}),
    "hint": frozenset({"ccomp"}),
    "hop": frozenset({"ccomp", "prep_for", "xcomp"}),
    "hope": frozenset({"ccomp"}),
    "identify": frozenset({"dobj", "prep_as"}),
    "imagine": frozenset({"ccomp"}),
    "imply": frozenset({"ccomp"}),
    "include": frozenset({"colon"}),
    "indicate": frozenset({"ccomp"}),
    "insist": frozenset({"ccomp"}),
    "insult": frozenset({"dobj"}),
    "issue": frozenset({"dobj"}),
    "joke": frozenset({"ccomp", "prep_about"}),
    "judge": frozenset({"dobj"}),
    "justify": frozenset({"dobj"}),
    "know": frozenset({"ccomp", "prep_as", "prep_for", "xcomp"}),
    "label": frozenset({"dobj"}),
    "lambast": frozenset({"dobj"}),
    "lament": frozenset({"dobj"}),
    "learn": frozenset({"ccomp"}),
    "like": frozenset({"xcomp"}),
    "liken": frozenset({"dobj"}),
    "list": frozenset({"dobj"}),
    "look": frozenset({"prep_to", "xcomp"}),
    "love": frozenset({"dobj", "xcomp"}),
    "maintain": frozenset({"ccomp"}),
    "mention": frozenset({"dobj", "xcomp"}),
    "mock": frozenset({"dobj"}),
    "name": frozenset({"dobj"}),
    "note": frozenset({"ccomp", "dobj"}),
    "notice": frozenset({"ccomp"}),
    "offer": frozenset({"dobj", "xcomp"}),
    "open": frozenset({"prep_about"}),
    "oppose": frozenset({"dobj"}),
    "order": frozenset({"ccomp", "dobj", "xcomp"}),
    "outline": frozenset({"dobj"}),
    "peg": frozenset({"dobj"}),
    "persuade": frozenset({"xcomp"}),
    "plan": frozenset({"xcomp"}),
    "plead": frozenset({"prep_to"}),
    "pledge": frozenset({"ccomp", "xcomp"}),
    "point": frozenset({"ccomp", "dobj", "prep_to"}),
    "portray": frozenset({"dobj", "prep_as"}),
    "post": frozenset({"ccomp", "dobj"}),
    "praise": frozenset({"dobj"}),
    "predict": frozenset({"ccomp", "dobj"}),
    "prefer": frozenset({"dobj", "xcomp"}),
    "press": frozenset({"prep_about", "xcomp"}),
    "proclaim": frozenset({"ccomp"}),
    "prohibit": frozenset({"dobj"}),
    "promise": frozenset({"ccomp", "dobj", "xcomp"}),
    "pronounce": frozenset({"dobj"}),
    "propose": frozenset({"ccomp", "dobj", "xcomp"}),
    "publish": frozenset({"dobj"}),
    "push": frozenset({"prep_against", "prep_for", "xcomp"}),
    "put": frozenset({"colon"}),
    "question": frozenset({"ccomp", "dobj"}),
    "quote": frozenset({"dobj"}),
    "rail": frozenset({"prep_against"}),
    "rank": frozenset({"dobj"}),
    "read": frozenset({"ccomp"}),
    "realize": frozenset({"ccomp"}),
    "rebuke": frozenset({"dobj"}),
    "rebut": frozenset({"dobj"}),
    "recall": frozenset({"ccomp", "dobj"}),
    "recite": frozenset({"dobj"}),
    "recognize": frozenset({"ccomp", "dobj"}),
    "recommend": frozenset({"ccomp", "dobj"}),
    "recount": frozenset({"dobj"}),
    "refer": frozenset({"prep_to"}),
    "reference": frozenset({"dobj"}),
    "refuse": frozenset({"dobj", "xcomp"}),
    "regard": frozenset({"dobj", "prep_as"}),
    "reiterate": frozenset({"ccomp", "dobj"}),
    "reject": frozenset({"dobj"}),
    "relish": frozenset({"dobj"}),
    "remark": frozenset({"ccomp"}),
    "remember": frozenset({"dobj"}),
    "remind": frozenset({"ccomp", "dobj"}),
    "repeat": frozenset({"dobj"}),
    "reply": frozenset({"ccomp"}),
    "report": frozenset({"ccomp", "dobj", "xcomp"}),
    "repudiate": frozenset({"dobj"}),
    "request": frozenset({"xcomp"}),
    "respond": frozenset({"ccomp", "prep_with", "quote"}),
    "restrict": frozenset({"dobj"}),
    "retweete": frozenset({"dobj"}),
    "reveal": frozenset({"ccomp", "dobj"}),
    "rule": frozenset({"ccomp", "xcomp"}),
    "savage": frozenset({"dobj"}),
    "say": frozenset({"ccomp", "colon", "dobj", "prep_about", "prep_for", "prep_of", "quote", "xcomp"}),
    "see": frozenset({"dobj", "prep_as"}),
    "seek": frozenset({"xcomp"}),
    "seem": frozenset({"xcomp"}),
    "share": frozenset({"ccomp"}),
    "shoot": frozenset({"ccomp"}),
    "shout": frozenset({"xcomp"}),
    "show": frozenset({"ccomp", "dobj", "xcomp"}),
    "side": frozenset({"prep_with"}),
    "signal": frozenset({"ccomp", "dobj"}),
    "single": frozenset({"dobj"}),
    "slam": frozenset({"dobj"}),
    "sound": frozenset({"dobj"}),
    "speak": frozenset({"prep_about", "prep_of"}),
    "speculate": frozenset({"ccomp"}),
    "split": frozenset({"prep_on"}),
    "state": frozenset({"ccomp", "dobj"}),
    "stress": frozenset({"ccomp", "dobj"}),
    "suggest": frozenset({"ccomp", "dobj", "xcomp"}),
    "support": frozenset({"xcomp"}),
    "talk": frozenset({"dobj", "prep_about", "prep_of"}),
    "tell": frozenset({"ccomp", "xcomp"}),
    "testify": frozenset({"ccomp"}),
    "thank": frozenset({"dobj"}),
    "think": frozenset({"ccomp", "prep_about", "prep_of"}),
    "threaten": frozenset({"xcomp"}),
    "touch": frozenset({"prep_on"}),
    "tout": frozenset({"dobj"}),
    "tweet": frozenset({"ccomp", "colon", "dobj", "quote"}),
    "understand": frozenset({"ccomp"}),
    "urge": frozenset({"dobj", "xcomp"}),
    "utter": frozenset({"dobj"}),
    "view": frozenset({"dobj", "prep_as"}),
    "voice": frozenset({"dobj"}),
    "vote": frozenset({"prep_against", "xcomp"}),
    "vouch": frozenset({"prep_for"}),
    "vow": frozenset({"ccomp", "xcomp"}),
    "want": frozenset({"ccomp", "dobj", "xcomp"}),
    "warn": frozenset({"ccomp", "dobj", "prep_against", "prep_of", "xcomp"}),
    "weigh": frozenset({"prep_on"}),
    "withdraw": frozenset({"dobj"}),
    "witness": frozenset({"dobj"}),
    "wonder": frozenset({"ccomp"}),
    "worry": frozenset({"ccomp", "prep_about"}),
    "write": frozenset({"ccomp", "dobj", "prep_about", "quote"}),
}

# Hand-added frames for war reporting that PolNeAR is too small (or too American) to teach.
EXTRA_FRAMES: dict[str, frozenset[str]] = {
    lemma: frozenset({"dobj"})
    for lemma in (
        "characterise",
        "characterize",
        "describe",
        "deny",
        "reject",
        "dismiss",
        "blame",
        "claim",
        "announce",
        "accuse",
        "condemn",
        "label",
        "brand",
        "dub",
    )
}

# Verbs whose direct object is the person addressed ("told CNN that ..."), not the content.
ADDRESSEE_VERBS: frozenset[str] = frozenset(
    {"tell", "inform", "ask", "assure", "warn", "remind", "brief", "advise", "notify", "email", "text"}
)

# Frames that SPEECH_VERBS always accept.
SPEECH_FRAMES: frozenset[str] = frozenset({"ccomp", "colon", "quote"})

# Nouns that introduce a claim: "Peskov's claim that ...", "accusations of ... levied by Moscow".
NOMINAL_CUES: frozenset[str] = frozenset(
    {
        "claim", "accusation", "allegation", "assertion", "statement", "denial", "insistence", "warning",
        "suggestion", "charge", "assurance", "announcement", "admission", "belief", "contention",
        "prediction", "promise", "pledge", "vow", "argument", "report", "remark", "comment", "assessment",
        "rumor", "rumour", "speculation", "acknowledgment", "acknowledgement", "notion", "view",
    }
)  # fmt: skip

# Nominal cue lemma -> frames ("that": "claim that ...", "of": "accusations of ...").
NOMINAL_FRAMES: dict[str, frozenset[str]] = {
    "accusation": frozenset({"of"}),
    "allegation": frozenset({"that"}),
    "announcement": frozenset({"of"}),
    "assertion": frozenset({"that"}),
    "belief": frozenset({"that"}),
    "claim": frozenset({"that"}),
    "remark": frozenset({"that"}),
    "speculation": frozenset({"that"}),
    "statement": frozenset({"that"}),
    "suggestion": frozenset({"that"}),
    # not frequent enough in PolNeAR to be learnt, but unambiguous in war reporting
    "denial": frozenset({"that", "of"}),
    "insistence": frozenset({"that"}),
    "warning": frozenset({"that"}),
}

# Prepositions after a nominal cue that introduce its content ("accusations of involvement").
NOMINAL_CONTENT_PREPS: frozenset[str] = frozenset({"of", "about"})

DENY_VERBS: frozenset[str] = frozenset({"deny", "reject", "dismiss", "refute", "rebuff", "disavow"})
DENY_NOUNS: frozenset[str] = frozenset({"denial", "rejection"})
DENY_PHRASES: re.Pattern[str] = re.compile(
    r"\b(had|has|have) nothing to do with\b|\bdenying (any )?(involvement|responsibility)\b",
    re.IGNORECASE,
)
# a content that calls what was said untrue: "the accusation was untrue", "All the messages ... about an
# alleged strike ... do not correspond to reality", "The statements ... have no basis"
CALLED_UNTRUE = (r"(?:is|are|was|were)\s+[\"“']?(?:untrue|false|baseless|groundless|fabricated|a fabrication|"
                 r"fake|(?:an?\s+)?(?:(?:absolute|outright|blatant|complete|total)\s+)?lies?|not true)")
UNTRUE_PHRASES: re.Pattern[str] = re.compile(
    rf"\b(?:do|does|did) not correspond to reality\b|\b(?:have|has|had) no basis\b|\b{CALLED_UNTRUE}\b|"
    # what a speaker "called" the claims: "called the Russian claims \"nonsense\""
    r"\b(?:claims?|reports?|allegations?|assertions?|statements?)\s+[\"“']?(?:nonsense|lies|fake|propaganda|"
    r"fabrications?|a lie|absurd)\b|"
    # "called the Western reports a big lie", "called the missile reports illogical rumours"
    r"\b(?:claims?|reports?|allegations?|assertions?|statements?)\s+[\"“']?(?:an?\s+)?(?:big|huge|blatant|"
    r"outright|absolute|complete|total|illogical|baseless|groundless)\s+(?:lies?|fabrications?|rumou?rs)\b",
    re.IGNORECASE,
)

CHANNELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("video", re.compile(r"\bvideo (statement|address|message|appeal)\b", re.I)),
    ("telegram", re.compile(r"\b(on|via|in a|in an?|to|its) ?(\w+ )?telegram\b|"
                            r"\btelegram (channel|post)", re.I)),
    ("press_conference", re.compile(r"\b(press|news) conference\b|\bpress briefing\b", re.I)),
    ("briefing", re.compile(r"\bbriefing\b", re.I)),
    ("interview", re.compile(r"\binterview\b|\btold (CNN|the BBC|BBC|Reuters|AP|AFP|the Associated Press|"
                             r"[A-Z][\w.]*(?: [A-Z][\w.]*)* (News|TV|Times|Post|Journal))\b|"
                             r"\bin a comment to\b|\bspeaking to\b|\bin response to a query\b")),
    ("tv", re.compile(r"\b(state )?(TV|television)\b|\bon (air|Rossiya|Channel One)\b", re.I)),
    ("social_media", re.compile(r"\b(twitter|tweet(ed)?|facebook|instagram|social media|vkontakte|"
                                r"posted on x|on x,|youtube|tiktok)\b", re.I)),
    ("statement", re.compile(r"\bstatement\b|\bcommuniqu[eé]\b|\bpress release\b", re.I)),
    ("video", re.compile(r"\b(posted|released|published|shared) an? (\w+ )?video\b|"
                         r"\bin an? (\w+ )?video\b", re.I)),
)  # fmt: skip

VERIFICATION: tuple[tuple[VerificationStatus, re.Pattern[str]], ...] = (
    ("unverified", re.compile(
        r"\b(could not|couldn't|cannot|can't|was unable to|has been unable|have been unable|is unable|"
        r"has not been able to|hasn't been able to|have not been able to|was not able to)\b"
        r"[^.;]{0,40}?\b(verify|confirm|corroborate)\b|"
        r"\b(could not|cannot|can't|has not been|have not been) be(en)? (independently )?"
        r"(verified|confirmed)\b|\bunverified\b|\bnot (been )?independently (verified|confirmed)\b|"
        r"\b(none of|neither)\b[^.;]{0,60}?\b(could|can|has|have|had|was|were) (be(en)? )?(independently )?"
        r"(be )?(verified|confirmed)\b|\b(impossible|no way) to (independently )?(verify|confirm)\b",
        re.I)),
    ("no_evidence", re.compile(
        r"\b(did not|didn't|does not|doesn't|has not|have not|failed to) (provide|offer|present|give|"
        r"produce|show) (any )?(evidence|proof)\b|\bwithout (offering|providing|presenting|giving|citing) "
        r"(any )?(evidence|proof)\b|\bbaselessly\b|\bwithout evidence\b|\bno evidence\b|"
        r"\bunsubstantiated\b|\bunfounded\b", re.I)),
    # a statement its speaker took back: "initially said ..., but later withdrew the statement"
    ("withdrawn", re.compile(
        r"\b(later |subsequently |then )?(withdrew|retracted|deleted|walked back|took down|removed|"
        r"has withdrawn|had withdrawn|was withdrawn|were withdrawn|has retracted|had retracted|"
        r"has deleted|had deleted) (the |its |his |her |their |that )?(statement|post|tweet|claim|report|"
        r"remarks?|comments?|message|video)\b", re.I)),
    ("confirmed", re.compile(r"\b(CNN|Reuters|the Associated Press|AP|AFP|the BBC|BBC|we) "
                             r"(has|have|was able to|could) (independently )?"
                             r"(confirmed|verified|confirm|verify)\b")),
)  # fmt: skip

OPEN_QUOTES = "“«„"
CLOSE_QUOTES = "”»“"
STRAIGHT_QUOTES = '"'
QUOTE_CHARS = '"“”„«»'
