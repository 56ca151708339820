"""Ingest: raw bytes from files, directories, JSONL, WARC and URLs -> clean `Document`s.

Public interface (used by the CLI and the store):

- `read_inputs(targets, *, fetch=False, story=None)` yields, for every article candidate found under
  the targets, either a `Loaded(document, raw)` or a `Failure` (never raises for bad input, so a batch
  always completes). Directories are walked recursively in sorted order, hidden files skipped.
- `reread(where, locator, *, fetch=False)` yields the same for one recorded failure (retry): a file, one
  JSONL line (`line N`), one WARC record (`record N`) or a URL.

Inputs: `.html`/`.htm` (optionally `.gz`), plain-text page dumps (`.txt`), JSON Lines (`.jsonl`, one
article per line), WARC (`.warc`/`.warc.gz`), Telegram Desktop JSON exports (`result.json`, one document
per message, recognised by content; locator `message N`), and http(s) URLs when `fetch=True`. Other files
are sniffed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from claimledger.ingest import reader
from claimledger.ingest.reader import Loaded
from claimledger.models import Failure

__all__ = ["Loaded", "read_inputs", "reread"]


def read_inputs(
    targets: Iterable[str], *, fetch: bool = False, story: str | None = None
) -> Iterator[Loaded | Failure]:
    """Documents and failures for every article under `targets` (paths or URLs), in a stable order."""
    return reader.read_inputs(targets, fetch=fetch, story=story)


def reread(
    where: str, locator: str = "", *, fetch: bool = False, story: str | None = None
) -> Iterator[Loaded | Failure]:
    """Re-read the one input a failure names: `where` (path or URL) and `locator` ("line 3", "record 2")."""
    return reader.reread(where, locator, fetch=fetch, story=story)
