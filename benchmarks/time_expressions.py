"""Count the time expressions of a store's documents by granularity, and list the unresolved ones.

    python benchmarks/time_expressions.py [--db out/demo.db] [--locator-dates]

Each English document is read against its page's publication date (with `--locator-dates`, a missing
one is taken from the URL or file name, as events and the ledger do). Not a gold-standard score: a
check that fewer expressions stay unresolved and that clock times land on the day the text names.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimledger.extract.dates import GRANULARITIES, date_from_locator, find_time_expressions
from claimledger.extract.geo import base_nlp
from claimledger.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("out/demo.db"))
    parser.add_argument("--locator-dates", action="store_true")
    args = parser.parse_args()
    nlp = base_nlp()
    counts: Counter[str] = Counter()
    unresolved: list[str] = []
    for document in (d for d in open_store(args.db).documents() if d.in_english):
        published = document.published or (date_from_locator(document) if args.locator_dates else None)
        for expression in find_time_expressions(document.id, document.text, published, nlp):
            counts[expression.granularity] += 1
            if expression.granularity == "unresolved":
                unresolved.append(expression.span.text)
    table = Table("granularity", "expressions")
    for granularity in GRANULARITIES:
        table.add_row(granularity, str(counts[granularity]))
    table.add_row("total", str(sum(counts.values())))
    console = Console()
    console.print(table)
    console.print("unresolved:", ", ".join(unresolved))


if __name__ == "__main__":
    main()
