"""Ingest: raw bytes from files, directories, JSONL, WARC and URLs -> clean `Document`s.

Public interface (used by the CLI and the store):

- `read_inputs(targets, *, fetch=False, story=None)` yields, for every article candidate found under
  the targets, either a `Loaded(document, raw)` or a `Failure` (never raises for bad input, so a batch
  always completes).
- `reread(where, locator, *, fetch=False)` yields the same for one recorded failure (retry).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from claimledger.models import Document, Failure, RawInput


@dataclass(frozen=True, slots=True)
class Loaded:
    document: Document
    raw: RawInput


def read_inputs(
    targets: Sequence[str], *, fetch: bool = False, story: str | None = None
) -> Iterator[Loaded | Failure]:
    raise NotImplementedError


def reread(where: str, locator: str = "", *, fetch: bool = False) -> Iterator[Loaded | Failure]:
    raise NotImplementedError
