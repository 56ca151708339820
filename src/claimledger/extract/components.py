"""spaCy component factories. Importing this module registers them.

Each component lives in the module of its stage; this file only wires names to classes, so that a
backend can be swapped (see `claimledger.nlp.pipeline.ATTRIBUTION_BACKENDS`).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from claimledger.extract.attribution import RuleAttributionComponent
from claimledger.extract.entities import EntityComponent
from claimledger.extract.learned.component import LearnedAttributionComponent, default_model_dir
from claimledger.extract.paragraphs import paragraph_starts  # noqa: F401  (registers the component)
from claimledger.extract.quantities import QuantityComponent
from claimledger.extract.speakers import SpeakerComponent


@Language.factory("claimledger_entities")
def make_entities(nlp: Language, name: str) -> EntityComponent:
    return EntityComponent()


@Language.factory("claimledger_attribution_rules")
def make_attribution_rules(nlp: Language, name: str) -> RuleAttributionComponent:
    return RuleAttributionComponent()


@Language.factory(
    "claimledger_attribution_model",
    default_config={"model_dir": "", "variant": "fast", "rule_fallback": True},
)
def make_attribution_model(
    nlp: Language, name: str, model_dir: str, variant: str, rule_fallback: bool
) -> LearnedAttributionComponent:
    folder = Path(model_dir) if model_dir else default_model_dir(variant)
    return LearnedAttributionComponent(folder, rule_fallback=rule_fallback)


@Language.factory("claimledger_speakers")
def make_speakers(nlp: Language, name: str) -> SpeakerComponent:
    return SpeakerComponent()


@Language.factory("claimledger_quantities")
def make_quantities(nlp: Language, name: str) -> QuantityComponent:
    return QuantityComponent()
