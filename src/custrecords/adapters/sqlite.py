"""`SQLiteRepository`: a `RecordRepository` in an SQLite database, through ``sqlite3``."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Final, Self, final

from custrecords._checks import check_id, check_type
from custrecords.adapters._common import check_key, check_save, check_version
from custrecords.collecting import ChangeSet
from custrecords.errors import Conflict, UsageError
from custrecords.ports import LookupKey, StoredRecord, lookup_keys
from custrecords.records import CustomerRecord
from custrecords.serialization import converter

__all__ = ["SQLiteRepository"]


# --- SQLite --------------------------------------------------------------------------------------

_SCHEMA_VERSION: Final = 1
_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL CHECK (version >= 1),
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lookup (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    PRIMARY KEY (kind, value, record_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS lookup_by_record ON lookup (record_id);
CREATE TABLE IF NOT EXISTS changes (
    record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (record_id, version)
);
"""
_PAGE: Final = 500


def _dump(value: CustomerRecord | ChangeSet) -> str:
    return json.dumps(converter.unstructure(value), ensure_ascii=False, separators=(",", ":"))


def _load_record(data: str) -> CustomerRecord:
    return converter.structure(json.loads(data), CustomerRecord)


@final
class SQLiteRepository:
    """A `RecordRepository` in an SQLite database, through the standard library.

    Open one with `SQLiteRepository.open`. The database runs in write-ahead-log mode
    with full synchronisation, so a committed write survives the process being killed
    and the machine losing power; each write is one transaction, taken with the write
    lock first (``BEGIN IMMEDIATE``), so two processes saving the same record are
    serialised and the second gets `Conflict` ``stale_version``. `transaction` groups
    writes: all of them are stored, or none.

    One repository object belongs to one thread; open one per thread or process.
    """

    __slots__ = ("_connection", "_depth")

    def __init__(self, connection: sqlite3.Connection) -> None:
        """Use an open connection; `open` is the usual way in.

        The connection must be in autocommit mode (``isolation_level=None``): the
        repository begins and ends its own transactions. Its tables are created if
        they are missing.

        Raises:
            UsageError: for a connection that is not in autocommit mode, or a database
                whose tables were made by a later version of custrecords.
        """
        if not isinstance(connection, sqlite3.Connection) or connection.isolation_level is not None:
            raise UsageError(
                "SQLiteRepository needs an sqlite3 connection with isolation_level=None"
            )
        self._connection = connection
        self._depth = 0
        connection.execute("PRAGMA foreign_keys = ON")
        schema = connection.execute("PRAGMA user_version").fetchone()[0]
        if schema > _SCHEMA_VERSION:
            raise UsageError("the database was made by a later version of custrecords")
        with self.transaction():
            for statement in filter(str.strip, _SCHEMA.split(";")):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, timeout: float = 10.0) -> Self:
        """Open (or create) the database at ``path``; ``":memory:"`` for a private one.

        Args:
            path: the database file.
            timeout: how many seconds to wait for another process's write to finish
                before giving up with ``sqlite3.OperationalError``.
        """
        connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        return cls(connection)

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: every one inside is stored, or, if anything raises, none.

        Transactions nest; only the outermost one commits. The write lock is taken at
        the start, so a long transaction holds other writers back.
        """
        if self._depth == 0:
            self._connection.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._connection.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            try:
                self._connection.execute("COMMIT")
            except BaseException:
                # A commit that fails (a full disk) leaves the transaction open.
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise

    def __len__(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM records").fetchone()[0])

    def get(self, record_id: str) -> StoredRecord | None:
        """The record with ``record_id`` and its version, or ``None``."""
        check_id(record_id, "record_id")
        row = self._connection.execute(
            "SELECT data, version FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        return None if row is None else StoredRecord(_load_record(row[0]), row[1])

    def find(self, key: LookupKey) -> Sequence[StoredRecord]:
        """The records whose current version has ``key``, in order of id."""
        check_key(key)
        rows = self._connection.execute(
            "SELECT records.data, records.version FROM lookup JOIN records"
            " ON records.id = lookup.record_id"
            " WHERE lookup.kind = ? AND lookup.value = ? ORDER BY lookup.record_id",
            (key.kind.value, key.value),
        )
        return tuple(StoredRecord(_load_record(data), version) for data, version in rows)

    def add(self, record: CustomerRecord) -> StoredRecord:
        """Store a new record as version 1; `Conflict` ``exists`` if its id is taken."""
        check_type(record, CustomerRecord, "record")
        data = _dump(record)
        with self.transaction():
            try:
                self._connection.execute(
                    "INSERT INTO records (id, version, data) VALUES (?, 1, ?)", (record.id, data)
                )
            except sqlite3.IntegrityError:
                raise Conflict("exists", record.id) from None
            self._index(record)
        return StoredRecord(record, 1)

    def save(self, record: CustomerRecord, change_set: ChangeSet, *, version: int) -> StoredRecord:
        """Store ``record`` as the next version after ``version``, or raise `Conflict`."""
        check_save(record, change_set, version)
        data, history = _dump(record), _dump(change_set)
        with self.transaction():
            # Compare and swap in one statement: the version is checked where it is written.
            written = self._connection.execute(
                "UPDATE records SET version = ?, data = ? WHERE id = ? AND version = ?",
                (version + 1, data, record.id, version),
            ).rowcount
            if written != 1:
                self._current(record.id, version)
            self._connection.execute(
                "INSERT INTO changes (record_id, version, data) VALUES (?, ?, ?)",
                (record.id, version + 1, history),
            )
            self._connection.execute("DELETE FROM lookup WHERE record_id = ?", (record.id,))
            self._index(record)
        return StoredRecord(record, version + 1)

    def history(self, record_id: str) -> Sequence[ChangeSet]:
        """The change sets saved for the record, oldest first."""
        check_id(record_id, "record_id")
        rows = self._connection.execute(
            "SELECT data FROM changes WHERE record_id = ? ORDER BY version", (record_id,)
        )
        return tuple(converter.structure(json.loads(data), ChangeSet) for (data,) in rows)

    def delete(self, record_id: str, *, version: int) -> None:
        """Forget the record, its keys and its history; `Conflict` if stale or missing."""
        check_id(record_id, "record_id")
        check_version(version)
        with self.transaction():
            self._current(record_id, version)
            # Keys and history go with the record (ON DELETE CASCADE).
            self._connection.execute("DELETE FROM records WHERE id = ?", (record_id,))

    def records(self) -> Iterator[CustomerRecord]:
        """Every record, in order of id, read a page at a time.

        No transaction is held open between pages, so writers are never kept waiting
        by a long retention run; a record saved during the run is read as it is when
        its page is read.
        """
        after = ""
        while True:
            rows = self._connection.execute(
                "SELECT id, data FROM records WHERE id > ? ORDER BY id LIMIT ?", (after, _PAGE)
            ).fetchall()
            for _, data in rows:
                yield _load_record(data)
            if len(rows) < _PAGE:
                return
            after = rows[-1][0]

    def _current(self, record_id: str, version: int) -> None:
        row = self._connection.execute(
            "SELECT version FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        if row is None:
            raise Conflict("not_found", record_id)
        if row[0] != version:
            raise Conflict("stale_version", record_id)

    def _index(self, record: CustomerRecord) -> None:
        self._connection.executemany(
            "INSERT INTO lookup (kind, value, record_id) VALUES (?, ?, ?)",
            [(key.kind.value, key.value, record.id) for key in lookup_keys(record)],
        )
