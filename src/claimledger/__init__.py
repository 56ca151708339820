"""claimledger: turn news reports about a fast-moving event into a sourced "What we know" ledger."""

__version__ = "0.1.0"
