"""Scale-out: the NLP step on Dask workers, the store written by the caller.

`claimledger.runner.ingest(..., workers=N)` starts a local cluster of N single-threaded worker
processes (`local_cluster`, tuned to leave the cores to the NLP, see `LOCAL_CONFIG`);
`scheduler="tcp://host:8786"` uses a running cluster instead. Documents are sent in batches
(no raw bytes: those stay with the caller, who stores them), every worker loads the pipeline once (a
worker plugin warms the per-process `load_pipeline` cache) and runs the same `extract_batch` as the
single-process path, and the Extraction or Failure objects come back in submission order (a new
batch is sent whenever any batch finishes, so one slow batch does not idle the other workers).

This module imports dask, so only `runner` imports it, and only when asked to. Workers of a remote
cluster need claimledger (and the spaCy model) installed: tasks and the plugin refer to it by name.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial

import dask
from dask.distributed import Client, Future, LocalCluster, Worker, WorkerPlugin, wait

from claimledger.errors import ClaimLedgerError, ErrorCode
from claimledger.ingest import Loaded
from claimledger.models import Document
from claimledger.nlp import load_pipeline
from claimledger.runner import BatchExtractor, Result, document_failure, extract_batch

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = "10s"


class PipelinePlugin(WorkerPlugin):
    """Load the pipeline when a worker starts, so the first batch does not pay for it."""

    def __init__(self, attribution: str) -> None:
        self.attribution = attribution

    def setup(self, worker: Worker) -> None:
        load_pipeline(self.attribution)


def extract_on_worker(documents: list[Document], attribution: str) -> list[Result]:
    """The task each worker runs: one batch through the worker's own (cached) pipeline."""
    return extract_batch(load_pipeline(attribution), documents)


# Local clusters poll a lot by default (a 10 ms stack-sampling profiler in every worker, memory checks
# every 100 ms, a 20 ms event-loop tick in every process): about 2% of a core per process, busy or
# idle; on a few cores that is taken from the NLP. The nanny also starts workers with
# MALLOC_TRIM_THRESHOLD_=65536, so glibc hands freed memory back to the OS at once and spaCy faults it
# in again: about 10 ms more system time per article (some 10% of the NLP). Our clusters skip both;
# the workers' peak RSS stays under 600 MB. The client-side settings also apply to `--scheduler`.
LOCAL_CONFIG: dict[str, object] = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A client on a running scheduler, or on a local cluster of `workers` processes."""
    if scheduler is not None and workers is not None:
        raise ClaimLedgerError("give either a worker count or a scheduler address, not both")
    if scheduler is not None:
        with dask.config.set(LOCAL_CONFIG), _connect(scheduler) as client:
            yield client
        return
    if workers is None or workers < 1:
        raise ClaimLedgerError(f"the number of workers must be at least 1 (got {workers})")
    with local_cluster(workers) as cluster, Client(cluster) as client:
        yield client


@contextmanager
def local_cluster(workers: int) -> Iterator[LocalCluster]:
    """`workers` single-threaded worker processes on this machine, polling as little as they can."""
    with (
        dask.config.set(LOCAL_CONFIG),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # spaCy is not thread-parallel; one process per core
            processes=True,
            dashboard_address=None,
            silence_logs=logging.WARNING,
        ) as cluster,
    ):
        yield cluster


def _connect(address: str) -> Client:
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClaimLedgerError(
            f"cannot connect to the Dask scheduler at {address!r}: {exc}", code=ErrorCode.USAGE
        ) from exc


@contextmanager
def dask_extractor(
    attribution: str, *, workers: int | None = None, scheduler: str | None = None
) -> Iterator[BatchExtractor]:
    """A `runner.BatchExtractor` that runs batches on Dask workers."""
    with dask_client(workers, scheduler) as client:
        client.register_plugin(PipelinePlugin(attribution), name=f"claimledger-{attribution}")
        count = max(1, len(client.scheduler_info().get("workers", {})))
        log.info("extracting on %d Dask workers", count)
        yield partial(_run, client, attribution, 2 * count)


def _run(
    client: Client, attribution: str, window: int, batches: Iterable[list[Loaded]]
) -> Iterator[tuple[Loaded, Result]]:
    """Keep `window` batches running; yield results in the order the batches were given.

    A new batch goes out as soon as any batch finishes, not only the oldest one, so a slow batch does
    not leave the other workers idle; finished batches wait (at most `4 * window`) for their turn.
    """
    pending: deque[tuple[list[Loaded], Future[list[Result]]]] = deque()
    for batch in batches:
        documents = [item.document for item in batch]
        pending.append((batch, client.submit(extract_on_worker, documents, attribution, pure=False)))
        while _running(pending) >= window or len(pending) >= 4 * window:
            wait([f for _, f in pending if not f.done()], return_when="FIRST_COMPLETED")
            yield from _finished(pending)
        yield from _finished(pending)
    while pending:
        yield from _collect(*pending.popleft())


def _running(pending: deque[tuple[list[Loaded], Future[list[Result]]]]) -> int:
    return sum(not future.done() for _, future in pending)


def _finished(
    pending: deque[tuple[list[Loaded], Future[list[Result]]]],
) -> Iterator[tuple[Loaded, Result]]:
    """Results of the oldest batches, as long as they are done."""
    while pending and pending[0][1].done():
        yield from _collect(*pending.popleft())


def _collect(batch: list[Loaded], future: Future[list[Result]]) -> Iterator[tuple[Loaded, Result]]:
    try:
        results: list[Result] = future.result()
    except Exception as exc:  # a worker died (e.g. out of memory): the batch fails, the run goes on
        log.warning("batch of %d failed on the cluster", len(batch), exc_info=True)
        message = f"extraction failed on a Dask worker: {type(exc).__name__}: {exc}"
        results = [document_failure(item.document, message) for item in batch]
    finally:
        future.release()
    yield from zip(batch, results, strict=True)


__all__ = [
    "LOCAL_CONFIG",
    "PipelinePlugin",
    "dask_client",
    "dask_extractor",
    "extract_on_worker",
    "local_cluster",
]
