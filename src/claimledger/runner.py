"""The one-way flow: raw input -> Document -> annotated Doc -> Extraction -> store.

Inputs are read lazily, documents already in the store are skipped before any NLP runs (so a re-run,
or a run resumed after a kill, only does the missing work), new documents are annotated in batches with
`nlp.pipe`, and each document is written in its own transaction.

The NLP step is pluggable: in one process (the default) or spread over Dask workers
(`workers=N` or `scheduler=ADDRESS`, see `claimledger.distributed`, imported only then). Either way the
store is written here, in the calling process, so idempotence and failure recording are the same.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from itertools import chain, islice
from pathlib import Path

from spacy.language import Language

from claimledger import DEFAULT_ATTRIBUTION, __version__
from claimledger.errors import ErrorCode
from claimledger.ingest import Loaded, read_inputs, reread
from claimledger.models import Document, Extraction, Failure, IngestSummary
from claimledger.nlp import annotate, load_pipeline
from claimledger.store import Store

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str], None]
Result = Extraction | Failure
# Batches of documents in, (document, result) pairs out, in the order the batches came.
BatchExtractor = Callable[[Iterable[list[Loaded]]], Iterator[tuple[Loaded, Result]]]


def extractor_name(backend: str) -> str:
    return f"claimledger {__version__} attribution={backend}"


def _batches(items: Iterable[Loaded], size: int) -> Iterator[list[Loaded]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def extract_batch(nlp: Language, documents: Sequence[Document]) -> list[Result]:
    """Annotate a batch; if the batch fails, retry one by one so one bad document fails alone.

    Documents longer than the pipeline's `max_length` fail up front, without costing the batch.
    """
    results: list[Result | None] = [_too_long(nlp, d) for d in documents]
    todo = [d for d, r in zip(documents, results, strict=True) if r is None]
    try:
        done: Iterator[Result] = iter(list(annotate(nlp, todo)))
    except Exception:  # isolate the failing document below
        log.warning("batch of %d failed, retrying documents one by one", len(todo), exc_info=True)
        done = iter([_extract_one(nlp, d) for d in todo])
    return [r if r is not None else next(done) for r in results]


def extract_loaded(nlp: Language, batch: Sequence[Loaded]) -> Iterator[tuple[Loaded, Result]]:
    """`extract_batch` over loaded inputs, paired with them."""
    yield from zip(batch, extract_batch(nlp, [item.document for item in batch]), strict=True)


def _too_long(nlp: Language, doc: Document) -> Failure | None:
    if len(doc.text) <= nlp.max_length:
        return None
    return document_failure(doc, f"document too long: {len(doc.text):,} characters "
                                 f"(the pipeline takes at most {nlp.max_length:,})")


def _extract_one(nlp: Language, doc: Document) -> Result:
    try:
        return next(annotate(nlp, [doc]))
    except Exception as exc:  # recorded as a failure, the batch goes on
        return document_failure(doc, f"extraction failed: {type(exc).__name__}: {exc}")


def document_failure(doc: Document, message: str, code: ErrorCode = ErrorCode.EXTRACTION_FAILED) -> Failure:
    """The failure of one read document, named by the input it came from."""
    return Failure(
        where=doc.source_path or doc.id,
        code=code.value,
        message=message,
        locator=doc.source_locator or "",
        input_kind=doc.input_kind,
    )


def in_process(attribution: str) -> BatchExtractor:
    """The default extractor: this process, one pipeline."""
    nlp = load_pipeline(attribution)

    def run(batches: Iterable[list[Loaded]]) -> Iterator[tuple[Loaded, Result]]:
        for batch in batches:
            yield from extract_loaded(nlp, batch)

    return run


def _extractor(
    attribution: str, workers: int | None, scheduler: str | None
) -> AbstractContextManager[BatchExtractor]:
    if workers is None and scheduler is None:
        return nullcontext(in_process(attribution))
    from claimledger.distributed import dask_extractor  # lazy: dask only when asked for

    return dask_extractor(attribution, workers=workers, scheduler=scheduler)


def ingest(
    store: Store,
    targets: Sequence[str],
    *,
    fetch: bool = False,
    story: str | None = None,
    retry_failed: bool = False,
    attribution: str = DEFAULT_ATTRIBUTION,
    batch_size: int = 16,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    manifest: Path | None = None,
) -> IngestSummary:
    """Ingest targets (and, with `retry_failed`, every recorded failure) into the store.

    With `workers` (a local Dask cluster of that many processes) or `scheduler` (the address of a
    running Dask scheduler) the NLP runs on Dask workers; the store is still written here. Every run
    records its manifest (input hashes, versions, counts) in the `runs` table, and in `manifest` if given.
    """
    from claimledger.provenance.manifest import record_run

    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    summary = _ingest(
        store,
        targets,
        fetch=fetch,
        story=story,
        retry_failed=retry_failed,
        attribution=attribution,
        batch_size=batch_size,
        progress=progress,
        workers=workers,
        scheduler=scheduler,
    )
    record_run(
        store,
        targets,
        summary,
        started_at=started_at,
        attribution=attribution,
        story=story,
        fetch=fetch,
        retry_failed=retry_failed,
        json_path=manifest,
    )
    return summary


def _ingest(
    store: Store,
    targets: Sequence[str],
    *,
    fetch: bool,
    story: str | None,
    retry_failed: bool,
    attribution: str,
    batch_size: int,
    progress: ProgressCallback | None,
    workers: int | None,
    scheduler: str | None,
) -> IngestSummary:
    summary = IngestSummary()
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

    batches = _batches(new_documents(), batch_size)
    first = next(batches, None)
    if first is None:  # nothing new: no pipeline to load, no cluster to start
        return summary
    with _extractor(attribution, workers, scheduler) as extract:
        for item, result in extract(chain([first], batches)):
            _store_result(store, summary, item, result, extractor, progress)
    return summary


def _store_result(
    store: Store,
    summary: IngestSummary,
    item: Loaded,
    result: Result,
    extractor: str,
    progress: ProgressCallback | None,
) -> None:
    if isinstance(result, Failure):
        _record(store, summary, result, progress)
        return
    try:
        added = store.add(result, item.raw, extractor=extractor)
    except Exception as exc:  # this document's rows were rolled back; the batch goes on
        _record_store_failure(store, summary, result.document, exc, progress)
        return
    if added:
        summary.new += 1
        summary.new_ids.append(result.document.id)
    else:
        summary.unchanged += 1
    if progress:
        progress(item.document.source_path or item.document.id)


def _record_store_failure(
    store: Store,
    summary: IngestSummary,
    document: Document,
    exc: Exception,
    progress: ProgressCallback | None,
) -> None:
    """Record a document the store refused (e.g. a constraint it breaks) as a retryable failure.

    A store that cannot record the failure either is broken as a whole (disk full, connection
    lost): then the original error ends the run, as every later document would fail the same way.
    """
    message = f"could not store the document: {type(exc).__name__}: {exc}"
    failure = document_failure(document, message, ErrorCode.STORE_ERROR)
    try:
        _record(store, summary, failure, progress)
    except Exception:
        raise exc from None


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
    log.info("%s", failure.line())  # the CLI prints the failures itself
    if progress:
        progress(failure.where)




def extract_documents(
    targets: Sequence[str],
    *,
    fetch: bool = False,
    attribution: str = DEFAULT_ATTRIBUTION,
    batch_size: int = 16,
) -> tuple[list[Extraction], list[Failure]]:
    """Read and extract without a store (for `claimledger extract --json`)."""
    failures: list[Failure] = []
    loaded: list[Loaded] = []
    for item in read_inputs(targets, fetch=fetch):
        if isinstance(item, Failure):
            failures.append(item)
        else:
            loaded.append(item)
    extractions: list[Extraction] = []
    for _, result in in_process(attribution)(_batches(loaded, batch_size)):
        if isinstance(result, Failure):
            failures.append(result)
        else:
            extractions.append(result)
    return extractions, failures
