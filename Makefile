# The two entry points: `make demo` and `make test`. Both create .venv and install everything pinned.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= out/demo.db

.PHONY: install demo test lint typecheck bench clean

include mk/browser.mk
include mk/postgres.mk

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	mkdir -p out
	rm -f $(DB) $(DB)-wal $(DB)-shm  # the demo shows what this version extracts
	$(BIN)/claimledger ingest examples/belgorod --story belgorod-raid --db $(DB)
	$(BIN)/claimledger ingest examples/kakhovka --story kakhovka-dam --db $(DB)
	$(BIN)/claimledger ledger --db $(DB)
	$(BIN)/claimledger events --db $(DB) > out/events.txt
	$(BIN)/claimledger export --db $(DB) --format acled --out out/events.csv
	$(BIN)/claimledger export --db $(DB) --format geojson --out out/events.geojson
	$(BIN)/claimledger report --db $(DB) --format md --out out/report.md
	$(BIN)/claimledger report --db $(DB) --format html --out out/report.html
	$(BIN)/claimledger report --db $(DB) --format json --out out/report.json
	@echo "Report written to $(CURDIR)/out/report.md (also out/report.html, out/report.json;"
	@echo "events: out/events.csv, out/events.geojson). Browse it: $(BIN)/claimledger serve --db $(DB)"

# pytest exit code 5 (no tests collected) must fail the build, which it does by default with set -e.
test: $(STAMP) browser-deps postgres-deps
	scripts/with-postgres.sh $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
