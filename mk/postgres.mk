# A throw-away PostgreSQL for the store tests (tests/test_store_backends.py, tests/test_migrations.py):
# scripts/with-postgres.sh starts one in a temp dir (Debian's `postgresql` package, installed when
# missing), exports CLAIMLEDGER_TEST_POSTGRES for the command it wraps and stops it afterwards.
# Include from the Makefile and wrap pytest:
#   include mk/postgres.mk
#   test: $(STAMP) browser-deps postgres-deps
#   	scripts/with-postgres.sh $(BIN)/python -m pytest -q
.PHONY: postgres-deps test-postgres

postgres-deps:
	@if ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then \
		echo "postgresql present"; \
	else \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	fi

# Only the store suites, on both backends.
test-postgres: $(STAMP) postgres-deps
	scripts/with-postgres.sh $(BIN)/python -m pytest -q tests/test_store_backends.py tests/test_migrations.py
