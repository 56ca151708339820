"""Benchmark the web UI on a 10k-document synthetic database.

    python benchmarks/bench_web.py [--documents 10000] [--repeats 30] [--source out/demo.db] [--check]

The database is made without NLP: the stored rows of the bundled examples (from `--source`, a database
that `make demo` writes; if it is missing the two examples are ingested into a temporary one first) are
copied over and over, every id given a per-copy suffix and each title perturbed, ledger rows included,
into stories of about 400 documents. Then each page (and the main JSON endpoints) is requested
`--repeats` times in-process with Starlette's TestClient after one warm-up, and a table of p50 / p95 / max
milliseconds is printed. With `--check` the exit code is 1 if any p95 is 200 ms or more.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
ID = re.compile(r"\b((?:doc|att|ent|qty|q|grp|dsp|num|lent|rev)_[0-9a-f]{16})\b")
COPIES_PER_STORY = 10
ID_TABLES = {  # table -> columns holding ids (or JSON/text that contains ids)
    "documents": ("id",),
    "attributions": ("id", "doc_id", "speaker_entity_id"),
    "entities": ("id", "doc_id"),
    "quantities": ("id", "doc_id", "attribution_id"),
    "ledger_groups": ("id", "data"),
    "ledger_members": ("group_id", "attribution_id", "doc_id"),
    "ledger_disputes": ("id", "group_id", "data"),
    "ledger_numbers": ("id", "data"),
}
BUDGET_MS = 200.0


def source_db(path: Path | None) -> Path:
    if path is not None and path.exists():
        return path
    from claimledger.ledger.store import update_all
    from claimledger.runner import ingest
    from claimledger.store.sqlite import SQLiteStore

    made = Path(tempfile.mkdtemp(prefix="cl-bench-src-")) / "demo.db"
    with SQLiteStore(made) as store:
        ingest(store, [str(REPO / "examples" / "belgorod")], story="belgorod-raid")
        ingest(store, [str(REPO / "examples" / "kakhovka")], story="kakhovka-dam")
        update_all(store)
    return made


def _suffixed(value: object, suffix: str) -> object:
    return ID.sub(lambda m: m.group(1) + suffix, value) if isinstance(value, str) else value


def build(target: Path, source: Path, documents: int) -> int:
    """Copy `source`'s rows into `target` until it holds `documents` documents; returns the count."""
    from claimledger.ledger.store import ensure_tables
    from claimledger.store.sqlite import SQLiteStore
    from claimledger.web.db import ensure_indexes

    with SQLiteStore(target) as store:
        ensure_tables(store)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    rows = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in ID_TABLES}
    columns = {t: [c[1] for c in src.execute(f"PRAGMA table_info({t})")] for t in ID_TABLES}
    per_copy = len(rows["documents"])
    copies = max(1, -(-documents // per_copy))
    stories: dict[str, dict[str, list[object]]] = {}
    with dst:
        for copy in range(copies):
            suffix = f"{copy:06x}"[:6]
            story_of = f"-{copy // COPIES_PER_STORY}"
            for table, table_rows in rows.items():
                cols = columns[table]
                out = []
                for row in table_rows:
                    values = dict(zip(cols, row, strict=True))
                    for col in ID_TABLES[table]:
                        values[col] = _suffixed(values[col], suffix)
                    if values.get("story"):
                        values["story"] = f"{values['story']}{story_of}"
                    if table == "documents":
                        values["title"] = f"{values['title'] or ''} (copy {copy})"
                        values["raw_sha256"] = None
                    out.append(values)
                if table == "documents" and copy * per_copy + len(out) > documents:
                    out = out[: documents - copy * per_copy]
                if out:
                    names = list(out[0])
                    marks = ",".join("?" * len(names))
                    dst.executemany(
                        f"INSERT OR IGNORE INTO {table} ({','.join(names)}) VALUES ({marks})",
                        [[r[n] for n in names] for r in out],
                    )
            for story, data in src.execute("SELECT story, data FROM ledger_stories"):
                merged = stories.setdefault(f"{story}{story_of}", {})
                whole = json.loads(str(_suffixed(data, suffix)))
                for key, value in whole.items():
                    if isinstance(value, list):
                        merged.setdefault(key, []).extend(value)
        for story, data in stories.items():
            dst.execute("INSERT OR REPLACE INTO ledger_stories (story, built_at, documents, data) "
                        "VALUES (?, '', ?, ?)", [story, len(data.get("documents", [])),
                                                 json.dumps({"story": story, **data})])
    count = int(dst.execute("SELECT count(*) FROM documents").fetchone()[0])
    dst.close()
    src.close()
    ensure_indexes(target)
    return count


def pages(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)

    def one(sql: str) -> str | None:
        row = conn.execute(sql).fetchone()
        return str(row[0]) if row and row[0] is not None else None

    story = one("SELECT story FROM documents GROUP BY story ORDER BY count(*) DESC LIMIT 1")
    doc = one(f"SELECT id FROM documents WHERE story = '{story}' ORDER BY length(text) DESC LIMIT 1")
    dispute = one(f"SELECT id FROM ledger_disputes WHERE story = '{story}' LIMIT 1")
    group = one(f"SELECT id FROM ledger_groups WHERE story = '{story}' ORDER BY n_reports DESC LIMIT 1")
    entity = one("SELECT speaker_entity_id FROM attributions WHERE speaker_entity_id IS NOT NULL "
                 "GROUP BY speaker_entity_id ORDER BY count(*) DESC LIMIT 1")
    conn.close()
    found = [
        ("stories", "/"),
        ("story sheet", f"/stories/{story}"),
        ("story, documents p5", f"/stories/{story}?docs=5"),
        ("dispute", f"/disputes/{dispute}"),
        ("claim group", f"/groups/{group}"),
        ("entity", f"/entities/{entity}"),
        ("document", f"/documents/{doc}"),
        ("map", f"/stories/{story}/map"),
        ("search (common word)", "/search?q=said"),
        ("search (phrase)", "/search?q=Kakhovka+dam"),
        ("search page 3", "/search?q=water&page=3"),
        ("api story", f"/api/stories/{story}"),
        ("api document", f"/api/documents/{doc}"),
        ("api search", "/api/search?q=dam"),
    ]
    return [(name, path) for name, path in found if "None" not in path]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--source", type=Path, default=REPO / "out" / "demo.db")
    parser.add_argument("--db", type=Path, help="Keep the synthetic database here (default: a temp file).")
    parser.add_argument("--check", action="store_true", help=f"Exit 1 if a p95 is >= {BUDGET_MS:.0f} ms.")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from claimledger.web.app import create_app

    console = Console()
    db = args.db or Path(tempfile.mkdtemp(prefix="cl-bench-web-")) / "web.db"
    if not db.exists():
        start = time.perf_counter()
        n = build(db, source_db(args.source), args.documents)
        console.print(f"built {db}: {n} documents in {time.perf_counter() - start:.1f} s")
    places = {"Kherson": (46.64, 32.62), "Nova Kakhovka": (46.75, 33.35), "Belgorod": (50.6, 36.6)}
    client = TestClient(create_app(db, geocoder=places.get))
    table = Table(title=f"web pages, {args.repeats} requests each (ms)")
    for column in ("page", "p50", "p95", "max", "KiB"):
        table.add_column(column, justify="left" if column == "page" else "right")
    worst = 0.0
    for name, path in pages(db):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        p95 = percentile(times, 0.95)
        worst = max(worst, p95)
        table.add_row(name, f"{statistics.median(times):.1f}", f"{p95:.1f}", f"{max(times):.1f}",
                      f"{len(response.content) / 1024:.0f}")
    console.print(table)
    console.print(f"worst p95: {worst:.1f} ms (budget {BUDGET_MS:.0f} ms)")
    return 1 if args.check and worst >= BUDGET_MS else 0


if __name__ == "__main__":
    sys.exit(main())
