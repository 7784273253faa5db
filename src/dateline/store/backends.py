"""Database connections: SQLite (the default, a file) and PostgreSQL (a server, for many users).

Both connections take the same SQL, written once in the dialect SQLite and
PostgreSQL share (``?`` placeholders, ``INSERT … ON CONFLICT``, ``RETURNING``),
so :class:`~dateline.store.database.Store` never asks which one it has. The
PostgreSQL connection rewrites the few things that differ: placeholders, the
column ``end`` (a reserved word there) and, in schema statements, SQLite's
column types. Rows from both can be read by position or by column name.

A database is named by a path (``dateline.db``, ``:memory:``) or by a
PostgreSQL URL (``postgresql://user:pass@host:5432/dbname``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from dateline.errors import StoreError

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(name: str | Path) -> bool:
    """True when ``name`` names a PostgreSQL database rather than a SQLite file."""
    return str(name).startswith(POSTGRES_SCHEMES)


def display_name(name: str | Path) -> str:
    """``name`` with any password hidden, for messages."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", str(name))


class Connection(Protocol):
    """What the store needs from a database connection."""

    dialect: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...
    def transaction(self) -> Any: ...
    def close(self) -> None: ...


class _Transactions:
    """Explicit transactions over a connection in autocommit mode; one writer at a time."""

    raw: Any
    BEGIN = "BEGIN"
    LOCK: str | None = None  # run first inside the transaction

    _depth = 0  # transactions open on this connection: an inner one is part of the outer one

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside is committed together, or rolled back together. Inside another
        transaction, it is part of that one (committed or rolled back with it)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.raw.execute(self.BEGIN)
        self._depth = 1
        try:
            if self.LOCK:
                self.raw.execute(self.LOCK)
            yield
        except BaseException:
            self._depth = 0
            self.raw.execute("ROLLBACK")
            raise
        self._depth = 0
        self.raw.execute("COMMIT")

    def close(self) -> None:
        self.raw.close()


class SQLiteConnection(_Transactions):
    """A SQLite file in WAL mode, autocommit outside explicit transactions."""

    dialect = "sqlite"
    BEGIN = "BEGIN IMMEDIATE"  # take the write lock at once: one writer

    def __init__(self, path: str):
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.raw = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.raw.row_factory = sqlite3.Row
            self.raw.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:":
                self.raw.execute("PRAGMA journal_mode = WAL")
            self.raw.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database: {exc}", path=path) from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.raw.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.raw.executemany(sql, rows)


class Row(tuple):  # type: ignore[type-arg]
    """A result row readable as ``row[0]`` or ``row["name"]`` (like ``sqlite3.Row``)."""

    names: tuple[str, ...] = ()

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self.names.index(key))
            except ValueError:
                raise IndexError(f"no column {key!r}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


def _rows(cursor: Any) -> Any:
    """psycopg row factory: rows of one result share their column names."""
    kind = type("Row", (Row,), {"names": tuple(c.name for c in cursor.description or ()), "__slots__": ()})
    return kind


_END = re.compile(r'(?<![\w"])end(?![\w"])')  # lower case: the column, not CASE … END
_TYPES = [
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGSERIAL PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
]


def to_postgres(sql: str) -> str:
    """Rewrite a statement in the shared dialect for PostgreSQL."""
    sql = _END.sub('"end"', sql.replace("%", "%%").replace("?", "%s"))
    if sql.lstrip()[:6].upper() in ("CREATE", "ALTER "):
        for pattern, repl in _TYPES:
            sql = pattern.sub(repl, sql)
    return sql


class PostgresConnection(_Transactions):
    """A PostgreSQL database through psycopg 3, autocommit outside explicit transactions."""

    dialect = "postgresql"
    LOCK = "SELECT pg_advisory_xact_lock(7428)"  # writers one at a time, as on SQLite

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(
                "PostgreSQL needs psycopg: pip install 'dateline[postgres]'", path=display_name(url)
            ) from exc
        try:
            self.raw = psycopg.connect(url, autocommit=True, row_factory=_rows)
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"cannot connect: {first}", path=display_name(url)) from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        cur = self.raw.cursor()
        cur.execute(to_postgres(sql), tuple(params) or None)
        return cur

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            with self.raw.cursor() as cur:
                cur.executemany(to_postgres(sql), rows)


def connect(name: str | Path) -> SQLiteConnection | PostgresConnection:
    """Open the database named by a SQLite path or a PostgreSQL URL."""
    if is_server_url(name):
        return PostgresConnection(str(name))
    return SQLiteConnection(str(name))
