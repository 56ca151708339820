#!/usr/bin/env bash
# Run COMMAND... with a throw-away PostgreSQL cluster: initdb in a temp dir, a server listening on a
# unix socket only, a fresh database, CLAIMLEDGER_TEST_POSTGRES=postgresql://... exported; the server
# is stopped and the directory removed when COMMAND ends (also on failure or Ctrl-C).
# Needs Debian's `postgresql` package (installed here with apt-get when missing and we are root).
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
# Already set CLAIMLEDGER_TEST_POSTGRES? Then COMMAND runs against that server, nothing is started.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi
if [ -n "${CLAIMLEDGER_TEST_POSTGRES:-}" ]; then
    exec "$@"
fi

find_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BINDIR="$(find_bindir)"
if [ -z "$BINDIR" ] && [ "$(id -u)" -eq 0 ]; then
    echo "with-postgres: installing Debian's postgresql package" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    BINDIR="$(find_bindir)"
fi
if [ -z "$BINDIR" ]; then
    echo "with-postgres: PostgreSQL not found (apt-get install postgresql); running without it" >&2
    exec "$@"
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/claimledger-pg.XXXXXX")"
PORT="${CLAIMLEDGER_PG_PORT:-$((20000 + RANDOM % 20000))}"
DB=claimledger_test

if [ "$(id -u)" -eq 0 ]; then
    OWNER=postgres
    chown "$OWNER" "$DIR"
    as_owner() { runuser -u "$OWNER" -- "$@"; }
else
    OWNER="$(id -un)"
    as_owner() { "$@"; }
fi

stop() {
    as_owner "$BINDIR/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap stop EXIT
trap 'exit 130' INT TERM

as_owner "$BINDIR/initdb" -D "$DIR/data" -U "$OWNER" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
as_owner "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
    -o "-k $DIR -p $PORT -c listen_addresses='' -c fsync=off -c full_page_writes=off" start >/dev/null \
    || { cat "$DIR/server.log" >&2; exit 1; }
as_owner "$BINDIR/createdb" -h "$DIR" -p "$PORT" -U "$OWNER" "$DB"

export CLAIMLEDGER_TEST_POSTGRES="postgresql://$OWNER@/$DB?host=$DIR&port=$PORT"
echo "with-postgres: $CLAIMLEDGER_TEST_POSTGRES" >&2
"$@"
