"""One SQL interface over both backends, so feature modules write each query once.

`SqlDatabase` is what `store.sql` (and `connect`) hands out: `query(sql, params) -> list[dict]`,
`value`, `execute`, `transaction()`, `insert_all`, `upsert`, `insert` (returning the new id),
`create_tables` (from a `claimledger.store.schema.Table`), `table_exists`, `columns`, `count` and
`full_text` (FTS5 on SQLite, tsvector columns on PostgreSQL).

Queries are written in the SQL both backends share, with SQLite's `?` placeholders. Two conventions keep
results identical on both: text sort keys say `COLLATE BINARY` (SQLite's default, bytewise; PostgreSQL
gets `COLLATE "C"`), and nullable sort keys say `NULLS FIRST` (ascending; SQLite's default, PostgreSQL's
is the opposite). `group_concat(x)` becomes `string_agg(x, ',')` on PostgreSQL. Nothing else is
rewritten: write portable SQL (no `LIMIT -1`, `[brackets]`, `rowid`, `IFNULL` or `LIKE`).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import sqlite_utils

from claimledger.store.schema import Index, Table

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    import psycopg

Row = dict[str, Any]
Params = Sequence[Any]
SearchTable = Literal["documents", "attributions"]

# What `full_text` returns and snippets of which column (FTS5 column numbers of the SQLite index).
_SEARCH: dict[str, tuple[str, str, int]] = {
    "documents": ("d.id, d.title, d.outlet, d.published, d.story", "text", 1),
    "attributions": ("d.id, d.doc_id, d.speaker, d.char_start, d.char_end", "content_text", 1),
}
_SNIPPET_WORDS = {"documents": 16, "attributions": 24}


def fts5_match(words: Sequence[str]) -> str:
    """Words as an FTS5 query: every word quoted, so no operator or syntax error can leak in."""
    return " ".join(f'"{w}"' for w in words)


class SqlDatabase(ABC):
    """A connection to a claimledger database, whichever the backend."""

    dialect: ClassVar[Literal["sqlite", "postgresql"]]

    def __init__(self, where: str) -> None:
        self.where = where  # the file or (password-free) URL, for messages and cache keys

    @abstractmethod
    def query(self, sql: str, params: Params = ()) -> list[Row]:
        """Rows of a SELECT as dicts, in column order."""

    def value(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row (None without rows)."""
        rows = self.query(sql, params)
        return next(iter(rows[0].values())) if rows else None

    @abstractmethod
    def execute(self, sql: str, params: Params = ()) -> None:
        """Run a statement (committed at once unless inside `transaction()`)."""

    @abstractmethod
    def transaction(self) -> Any:
        """A context manager: everything inside commits together or not at all (nests)."""

    @abstractmethod
    def table_exists(self, name: str) -> bool: ...

    @abstractmethod
    def lock(self, key: str) -> None:
        """Serialise writers of `key` until the current transaction ends."""

    @abstractmethod
    def columns(self, table: str) -> list[str]:
        """The stored columns of `table`, in order (without PostgreSQL's generated search columns)."""

    @abstractmethod
    def create_tables(self, tables: Sequence[Table]) -> None:
        """Create the tables and their indexes that do not exist yet, and add the columns a table made by
        an earlier release lacks (one transaction). Rows already stored keep their values and get NULL in
        the new columns: feature tables only ever gain columns."""

    @abstractmethod
    def create_index(self, table: str, index: Index) -> None: ...

    @abstractmethod
    def insert_all(
        self, table: str, rows: Sequence[Row], *, pk: str | None = None, replace: bool = False,
        ignore: bool = False,
    ) -> None:
        """Insert rows; on a primary-key clash `replace` overwrites the row, `ignore` keeps the old one."""

    @abstractmethod
    def upsert(self, table: str, row: Row, *, pk: str) -> None:
        """Insert `row`, or update the given columns of the row with the same `pk`."""

    @abstractmethod
    def insert(self, table: str, row: Row) -> int:
        """Insert one row into a table with an autoincrement key; returns the new key."""

    @abstractmethod
    def full_text(
        self, table: SearchTable, words: Sequence[str], limit: int, offset: int, marks: tuple[str, str]
    ) -> list[Row]:
        """Documents or attributions matching every word, best first, with a `snippet` whose hits are
        wrapped in `marks`. Documents: id, title, outlet, published, story; attributions: id, doc_id,
        speaker, char_start, char_end."""

    @abstractmethod
    def close(self) -> None: ...

    def count(self, table: str) -> int:
        return int(self.value(f'SELECT count(*) FROM "{table}"'))


# -- SQLite ------------------------------------------------------------------------------------------


class SQLiteDatabase(SqlDatabase):
    """A sqlite3 connection (or a sqlite-utils Database); writes go through sqlite-utils as before."""

    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection | sqlite_utils.Database, where: str = "") -> None:
        if isinstance(conn, sqlite_utils.Database):
            self._utils: sqlite_utils.Database | None = conn
            self.conn = conn.conn
        else:
            self._utils = None
            self.conn = conn
        super().__init__(where or _sqlite_path(self.conn))

    @property
    def utils(self) -> sqlite_utils.Database:
        if self._utils is None:
            self._utils = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._utils

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        cursor = self.conn.execute(sql, list(params))
        keys = [d[0] for d in cursor.description or ()]
        return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]

    def execute(self, sql: str, params: Params = ()) -> None:
        self.utils.execute(sql, list(params))

    def transaction(self) -> Any:
        return self.utils.atomic()

    def lock(self, key: str) -> None:
        """Nothing to do: a SQLite file has one writer at a time."""

    def table_exists(self, name: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name])
        return row.fetchone() is not None

    def columns(self, table: str) -> list[str]:
        return [str(r[1]) for r in self.conn.execute(f'PRAGMA table_info("{table}")')]

    def create_tables(self, tables: Sequence[Table]) -> None:
        db = self.utils
        with db.atomic():
            for table in tables:
                db.table(table.name).create(
                    dict(table.columns),
                    pk=table.pk,
                    foreign_keys=list(table.foreign_keys) or None,
                    not_null=set(table.not_null) or None,
                    if_not_exists=True,
                )
                existing = set(db.table(table.name).columns_dict)
                for name, kind in table.columns.items():
                    if name not in existing:
                        log.info("table %s: adding column %s", table.name, name)
                        db.table(table.name).add_column(name, kind)
                for index in table.indexes:
                    self.create_index(table.name, index)

    def create_index(self, table: str, index: Index) -> None:
        self.utils.table(table).create_index(
            list(index.columns), index_name=index.name, if_not_exists=True
        )

    def insert_all(
        self, table: str, rows: Sequence[Row], *, pk: str | None = None, replace: bool = False,
        ignore: bool = False,
    ) -> None:
        self.utils.table(table).insert_all(rows, pk=pk, replace=replace, ignore=ignore)

    def upsert(self, table: str, row: Row, *, pk: str) -> None:
        self.utils.table(table).upsert(row, pk=pk)

    def insert(self, table: str, row: Row) -> int:
        columns = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" * len(row))
        with self.transaction():
            sql = f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'
            cursor = self.conn.execute(sql, list(row.values()))
        return int(cursor.lastrowid or 0)

    def full_text(
        self, table: SearchTable, words: Sequence[str], limit: int, offset: int, marks: tuple[str, str]
    ) -> list[Row]:
        columns, _, snippet_column = _SEARCH[table]
        fts = f"{table}_fts"
        sql = (
            f"SELECT {columns}, snippet({fts}, {snippet_column}, '{marks[0]}', '{marks[1]}', '…', "
            f"{_SNIPPET_WORDS[table]}) AS snippet FROM {fts} JOIN {table} d ON d.rowid = {fts}.rowid "
            f"WHERE {fts} MATCH ? ORDER BY rank LIMIT ? OFFSET ?"
        )
        return self.query(sql, [fts5_match(words), limit, offset])

    def close(self) -> None:
        self.conn.close()


def _sqlite_path(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row and row[2] else ":memory:"


# -- PostgreSQL --------------------------------------------------------------------------------------

_LITERAL = re.compile(r"('(?:[^']|'')*')")
_GROUP_CONCAT = re.compile(r"\bgroup_concat\(\s*(DISTINCT\s+)?([^()]+?)\s*\)", re.IGNORECASE)
_COLLATE_BINARY = re.compile(r"\bCOLLATE\s+BINARY\b", re.IGNORECASE)
_PG_TYPES: dict[type, str] = {str: "TEXT", int: "BIGINT", float: "DOUBLE PRECISION", bytes: "BYTEA"}
# Any constant works: it serialises table creation between claimledger processes.
_CREATE_LOCK = 0x636C7462


@lru_cache(maxsize=512)
def to_postgres(sql: str) -> str:
    """A query in the shared dialect (see the module docstring) as psycopg expects it."""
    parts = _LITERAL.split(sql)
    out = []
    for i, part in enumerate(parts):
        part = part.replace("%", "%%")
        if i % 2 == 0:  # outside string literals
            part = part.replace("?", "%s")
            part = _COLLATE_BINARY.sub('COLLATE "C"', part)
            part = _GROUP_CONCAT.sub(r"string_agg(\1\2, ',')", part)
        out.append(part)
    return "".join(out)


def _column_ddl(table: Table, name: str, kind: type) -> str:
    if table.autoincrement and table.pk_columns == (name,):
        return f'"{name}" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY'
    not_null = " NOT NULL" if name in table.not_null else ""
    return f'"{name}" {_PG_TYPES[kind]}{not_null}'


def postgres_ddl(table: Table) -> list[str]:
    """CREATE TABLE / CREATE INDEX statements (IF NOT EXISTS) for `table`."""
    lines = [_column_ddl(table, name, kind) for name, kind in table.columns.items()]
    if table.pk_columns and not table.autoincrement:
        lines.append(f"PRIMARY KEY ({', '.join(table.pk_columns)})")
    lines += [f"FOREIGN KEY ({c}) REFERENCES {t} ({o})" for c, t, o in table.foreign_keys]
    body = ",\n    ".join(lines)
    statements = [f'CREATE TABLE IF NOT EXISTS "{table.name}" (\n    {body}\n)']
    # a table made by an earlier release gains the columns it lacks (NULL in the rows it has)
    statements += [f'ALTER TABLE "{table.name}" ADD COLUMN IF NOT EXISTS "{name}" {_PG_TYPES[kind]}'
                   for name, kind in table.columns.items() if name not in table.pk_columns]
    statements += [_index_ddl(table.name, index) for index in table.indexes]
    return statements


def _index_ddl(table: str, index: Index) -> str:
    return f'CREATE INDEX IF NOT EXISTS "{index.name_for(table)}" ON "{table}" ({", ".join(index.columns)})'


class PostgresDatabase(SqlDatabase):
    """A psycopg 3 connection in autocommit mode (dict rows); `transaction()` is psycopg's."""

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Row], where: str) -> None:
        super().__init__(where)
        self.conn = conn

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        return self.conn.execute(to_postgres(sql).encode(), list(params)).fetchall()

    def execute(self, sql: str, params: Params = ()) -> None:
        self.conn.execute(to_postgres(sql).encode(), list(params))

    def transaction(self) -> Any:
        return self.conn.transaction()

    def lock(self, key: str) -> None:
        self.conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])

    def table_exists(self, name: str) -> bool:
        return bool(self.value("SELECT to_regclass(?) IS NOT NULL", [name]))

    def columns(self, table: str) -> list[str]:
        rows = self.query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? AND is_generated = 'NEVER' AND coalesce(identity_generation, '') <> 'ALWAYS' "
            "ORDER BY ordinal_position",
            [table],
        )
        return [str(r["column_name"]) for r in rows]

    def create_tables(self, tables: Sequence[Table]) -> None:
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", [_CREATE_LOCK])
            for table in tables:
                for statement in postgres_ddl(table):
                    self.conn.execute(statement.encode())

    def create_index(self, table: str, index: Index) -> None:
        self.conn.execute(_index_ddl(table, index).encode())

    def _insert_sql(self, table: str, columns: list[str], conflict: str = "") -> str:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        return f'INSERT INTO "{table}" ({names}) VALUES ({marks}){conflict}'

    def _pk(self, table: str, pk: str | None) -> str:
        if pk:
            return pk
        rows = self.query(
            "SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a "
            "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indrelid = to_regclass(?) AND i.indisprimary",
            [table],
        )
        return ", ".join(str(r["name"]) for r in rows)

    def insert_all(
        self, table: str, rows: Sequence[Row], *, pk: str | None = None, replace: bool = False,
        ignore: bool = False,
    ) -> None:
        if not rows:
            return
        columns = list(dict.fromkeys(c for row in rows for c in row))
        conflict = ""
        if replace:
            key = self._pk(table, pk)
            keys = {k.strip() for k in key.split(",")}
            updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in keys)
            conflict = f" ON CONFLICT ({key}) DO " + (f"UPDATE SET {updates}" if updates else "NOTHING")
        elif ignore:
            conflict = " ON CONFLICT DO NOTHING"
        sql = self._insert_sql(table, columns, conflict)
        with self.conn.cursor() as cur:
            cur.executemany(sql.encode(), [[row.get(c) for c in columns] for row in rows])

    def upsert(self, table: str, row: Row, *, pk: str) -> None:
        self.insert_all(table, [row], pk=pk, replace=True)

    def insert(self, table: str, row: Row) -> int:
        sql = self._insert_sql(table, list(row)) + " RETURNING id"
        found = self.conn.execute(sql.encode(), list(row.values())).fetchone()
        return int(found["id"]) if found else 0

    def full_text(
        self, table: SearchTable, words: Sequence[str], limit: int, offset: int, marks: tuple[str, str]
    ) -> list[Row]:
        columns, snippet_column, _ = _SEARCH[table]
        options = (
            f"StartSel={marks[0]}, StopSel={marks[1]}, MaxWords={_SNIPPET_WORDS[table]}, MinWords=5, "
            "MaxFragments=1, FragmentDelimiter=…"
        )
        sql = (
            f"SELECT {columns}, ts_headline('simple', coalesce(d.{snippet_column}, ''), q, %s) AS snippet "
            f"FROM {table} d, plainto_tsquery('simple', %s) q WHERE d.search @@ q "
            'ORDER BY ts_rank(d.search, q) DESC, d.id COLLATE "C" LIMIT %s OFFSET %s'
        )
        return self.conn.execute(sql.encode(), [options, " ".join(words), limit, offset]).fetchall()

    def close(self) -> None:
        self.conn.close()


# -- opening -----------------------------------------------------------------------------------------


def as_sql(conn: SqlDatabase | sqlite3.Connection) -> SqlDatabase:
    """`conn` as a `SqlDatabase` (a bare sqlite3 connection is wrapped)."""
    return conn if isinstance(conn, SqlDatabase) else SQLiteDatabase(conn)


@contextmanager
def opened(location: str | Path, *, readonly: bool = True) -> Iterator[SqlDatabase]:
    """`connect` as a context manager (closes the connection)."""
    db = connect(location, readonly=readonly)
    try:
        yield db
    finally:
        db.close()


def connect(location: str | Path, *, readonly: bool = True) -> SqlDatabase:
    """A short-lived connection to an existing database (no schema set-up: see `open_store`)."""
    from claimledger.store import postgres_url

    url = postgres_url(location)
    if url is None:
        path = Path(location).resolve()
        uri = f"file:{path}" + ("?mode=ro" if readonly else "")
        return SQLiteDatabase(sqlite3.connect(uri, uri=True, check_same_thread=False), str(path))
    from claimledger.store.postgres import connect_postgres, redact

    conn = connect_postgres(url)
    if readonly:
        conn.execute("SET default_transaction_read_only = on")
    return PostgresDatabase(conn, redact(url))


__all__ = [
    "PostgresDatabase",
    "Row",
    "SQLiteDatabase",
    "SqlDatabase",
    "as_sql",
    "connect",
    "fts5_match",
    "opened",
    "postgres_ddl",
    "to_postgres",
]
