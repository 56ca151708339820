"""claimledger: turn news reports about a fast-moving event into a sourced "What we know" ledger."""

__version__ = "0.1.0"

# The attribution backend used unless a command says otherwise (see `claimledger.nlp.ATTRIBUTION_BACKENDS`).
DEFAULT_ATTRIBUTION = "model"
