"""The one-way flow: raw input -> Document -> annotated Doc -> Extraction -> store.

Inputs are read lazily, documents already in the store are skipped before any NLP runs (so a re-run,
or a run resumed after a kill, only does the missing work), new documents are annotated in batches with
`nlp.pipe`, and each document is written in its own transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from spacy.language import Language

from claimledger import __version__
from claimledger.errors import ErrorCode
from claimledger.ingest import Loaded, read_inputs, reread
from claimledger.models import Extraction, Failure, IngestSummary
from claimledger.nlp import annotate, load_pipeline
from claimledger.store import Store

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str], None]


def extractor_name(backend: str) -> str:
    return f"claimledger {__version__} attribution={backend}"


def _batches(items: Iterable[Loaded], size: int) -> Iterator[list[Loaded]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def extract_loaded(
    nlp: Language, batch: Sequence[Loaded]
) -> Iterator[tuple[Loaded, Extraction | Failure]]:
    """Annotate a batch; if the batch fails, retry one by one so one bad document fails alone."""
    try:
        extractions = list(annotate(nlp, [item.document for item in batch]))
    except Exception:  # isolate the failing document below
        log.warning("batch of %d failed, retrying documents one by one", len(batch), exc_info=True)
        for item in batch:
            yield item, _extract_one(nlp, item)
        return
    yield from zip(batch, extractions, strict=True)


def _extract_one(nlp: Language, item: Loaded) -> Extraction | Failure:
    try:
        return next(annotate(nlp, [item.document]))
    except Exception as exc:  # recorded as a failure, the batch goes on
        doc = item.document
        return Failure(
            where=doc.source_path or doc.id,
            code=ErrorCode.EXTRACTION_FAILED.value,
            message=f"extraction failed: {type(exc).__name__}: {exc}",
            locator=doc.source_locator or "",
            input_kind=doc.input_kind,
        )


def ingest(
    store: Store,
    targets: Sequence[str],
    *,
    fetch: bool = False,
    story: str | None = None,
    retry_failed: bool = False,
    attribution: str = "rules",
    batch_size: int = 16,
    progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Ingest targets (and, with `retry_failed`, every recorded failure) into the store."""
    summary = IngestSummary()
    nlp = load_pipeline(attribution)
    extractor = extractor_name(attribution)
    seen: set[str] = set()

    def new_documents() -> Iterator[Loaded]:
        for item in _inputs(store, targets, fetch=fetch, story=story, retry_failed=retry_failed):
            if isinstance(item, Failure):
                _record(store, summary, item, progress)
            elif item.document.id in seen or store.has_document(item.document.id):
                summary.unchanged += 1
                if item.document.source_path:
                    store.clear_failure(item.document.source_path, item.document.source_locator or "")
                if progress:
                    progress(item.document.source_path or item.document.id)
            else:
                seen.add(item.document.id)
                yield item

    for batch in _batches(new_documents(), batch_size):
        for item, result in extract_loaded(nlp, batch):
            if isinstance(result, Failure):
                _record(store, summary, result, progress)
                continue
            if store.add(result, item.raw, extractor=extractor):
                summary.new += 1
                summary.new_ids.append(result.document.id)
            else:
                summary.unchanged += 1
            if progress:
                progress(item.document.source_path or item.document.id)
    return summary


def _inputs(
    store: Store, targets: Sequence[str], *, fetch: bool, story: str | None, retry_failed: bool
) -> Iterator[Loaded | Failure]:
    if targets:
        yield from read_inputs(targets, fetch=fetch, story=story)
    if retry_failed:
        for failure in store.failures():
            yield from reread(failure.where, failure.locator, fetch=fetch, story=story)


def _record(
    store: Store, summary: IngestSummary, failure: Failure, progress: ProgressCallback | None
) -> None:
    store.record_failure(failure)
    summary.failed += 1
    summary.failures.append(failure)
    log.warning("%s", _failure_line(failure))
    if progress:
        progress(failure.where)


def _failure_line(failure: Failure) -> str:
    place = " ".join(p for p in (failure.where, failure.locator) if p)
    return f"{place}: {failure.code} {failure.message}"


def extract_documents(
    targets: Sequence[str], *, fetch: bool = False, attribution: str = "rules", batch_size: int = 16
) -> tuple[list[Extraction], list[Failure]]:
    """Read and extract without a store (for `claimledger extract --json`)."""
    nlp = load_pipeline(attribution)
    failures: list[Failure] = []
    loaded: list[Loaded] = []
    for item in read_inputs(targets, fetch=fetch):
        if isinstance(item, Failure):
            failures.append(item)
        else:
            loaded.append(item)
    extractions: list[Extraction] = []
    for batch in _batches(loaded, batch_size):
        for _, result in extract_loaded(nlp, batch):
            if isinstance(result, Failure):
                failures.append(result)
            else:
                extractions.append(result)
    return extractions, failures
