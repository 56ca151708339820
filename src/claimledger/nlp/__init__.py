"""spaCy backbone: the English pipeline plus claimledger's components, results in `Doc._`."""

from claimledger.nlp.pipeline import ATTRIBUTION_BACKENDS, annotate, load_pipeline

__all__ = ["ATTRIBUTION_BACKENDS", "annotate", "load_pipeline"]
