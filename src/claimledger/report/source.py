"""Build a report from the store: source check first, latest page versions, analysts' corrections.

The report refuses to build when a stored quote or number is not found verbatim at its recorded offsets
(`claimledger check` lists the mismatches): a ledger that cannot be traced back to its sources is worse
than none.
"""

from __future__ import annotations

from claimledger.corrections import apply_corrections, load_corrections
from claimledger.errors import ClaimLedgerError, ErrorCode
from claimledger.ledger.model import Member, StoryLedger
from claimledger.ledger.store import ingested_at
from claimledger.models import Document, Extraction
from claimledger.provenance import (
    check_sources,
    latest_extractions,
    load_outlets,
    outlet_breakdown,
    trace_telegram,
)
from claimledger.provenance.telegram import telegram_documents
from claimledger.report.build import NO_STORY, Report, build_report
from claimledger.report.where_when import build_where_when
from claimledger.store import Store

MAX_LISTED_MISMATCHES = 10


def report_from_store(store: Store, story: str | None = None) -> Report:
    mismatches = check_sources(store, story)
    if mismatches:
        listed = "; ".join(m.line() for m in mismatches[:MAX_LISTED_MISMATCHES])
        more = len(mismatches) - MAX_LISTED_MISMATCHES
        suffix = f"; and {more} more" if more > 0 else ""
        raise ClaimLedgerError(
            f"source check failed, {len(mismatches)} quote(s) or number(s) not found verbatim at their "
            f"offsets (run `claimledger check`): {listed}{suffix}",
            where=store.where,
            code=ErrorCode.SOURCE_CHECK,
        )
    corrections = load_corrections(store.sql)
    extractions = apply_corrections(latest_extractions(store, story), corrections)
    report = build_report(extractions, seen=ingested_at(store, story))
    has_events = store.sql.table_exists("events")
    documents = {e.document.id: e.document for e in report.extractions}
    for section in report.stories:
        if section.ledger is not None:
            section.ledger = apply_corrections(section.ledger, corrections)
            section.outlets = outlet_summaries(section.ledger, documents)
        if has_events:
            section.where_when = build_where_when(store, None if section.name == NO_STORY else section.name)
    report.reviewed = frozenset(target_id for _kind, target_id in corrections.targets)
    report.chains = telegram_chains(store, extractions)
    return report


def telegram_chains(store: Store, extractions: list[Extraction]) -> dict[str, str]:
    """outlet → Telegram post → speaker, for every claim made on Telegram or read from a post.

    When the post itself was not ingested the chain still says the claim went through Telegram.
    """
    posts = telegram_documents(store)
    chains: dict[str, str] = {}
    for extraction in extractions:
        document = extraction.document
        for attribution in extraction.attributions:
            if attribution.channel != "telegram" and document.input_kind != "telegram":
                continue
            chain = trace_telegram(store, document, attribution, posts)
            if not chain:
                speaker = attribution.speaker or (attribution.source.text if attribution.source else None)
                chain = [
                    document.outlet or document.url or document.id,
                    "Telegram (post not captured)",
                    *([f"speaker: {speaker}"] if speaker else []),
                ]
            chains[attribution.id] = " → ".join(chain)
    return chains


def outlet_summaries(ledger: StoryLedger, documents: dict[str, Document]) -> dict[str, str]:
    """Per claim group and per dispute side: which kinds of outlets carry it (a claim is not carried by the
    documents that contradict it)."""
    table = load_outlets()

    def summary(members: list[Member]) -> str:
        docs = [documents[d] for d in dict.fromkeys(m.doc_id for m in members) if d in documents]
        return outlet_breakdown(docs, table).summary

    summaries = {group.id: summary(group.carriers if group.kind == "claim" else group.members)
                 for group in ledger.groups}
    for dispute in ledger.disputes:
        for side in dispute.sides:
            summaries[f"{dispute.id}/{side.position}"] = summary(side.members)
    return summaries
