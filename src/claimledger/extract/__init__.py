"""Per-document extraction: attributions, speakers, entities, quantities (spaCy components)."""
