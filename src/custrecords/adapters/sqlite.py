"""`SQLiteRepository` and `SQLiteAuditSink`: the ports in an SQLite database, by ``sqlite3``."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self, final

from custrecords._checks import check_id, check_type
from custrecords.adapters._chain import GENESIS, chain_holds, link, load_event
from custrecords.adapters._common import (
    PAGE,
    Damaged,
    check_key,
    check_save,
    check_version,
    damaged_record,
    load_record,
    read_pages,
)
from custrecords.adapters._trusted import checksum, phone_facts, trusted_record
from custrecords.audit import AuditEvent
from custrecords.collecting import ChangeSet
from custrecords.errors import Conflict, InvalidValue, UsageError
from custrecords.ports import LookupKey, StoredRecord, lookup_keys
from custrecords.records import CustomerRecord
from custrecords.serialization import converter

__all__ = ["SQLiteAuditSink", "SQLiteRepository"]


# --- SQLite --------------------------------------------------------------------------------------

_SCHEMA_VERSION: Final = 3
"""1: the first tables. 2: each record's facts and checksum, for reads without checking
again what the adapter wrote. 3: names keyed as `custrecords.names` folds them."""
_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL CHECK (version >= 1),
    data TEXT NOT NULL,
    facts TEXT,
    checksum INTEGER
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


def _dump(value: CustomerRecord | ChangeSet) -> str:
    return json.dumps(converter.unstructure(value), ensure_ascii=False, separators=(",", ":"))


def _write(record: CustomerRecord) -> tuple[str, str, int]:
    """A record's row: its converter JSON, its phone facts, and their checksum."""
    data = _dump(record)
    facts = json.dumps(phone_facts(record), ensure_ascii=False, separators=(",", ":"))
    return data, facts, checksum(data, facts)


def _read(record_id: str, data: object, facts: object, stored: object) -> CustomerRecord:
    """A row as a record: built directly when it is as the adapter wrote it, else checked.

    A column of another type than the adapter writes (bytes, a number, ``NULL``) is
    damage: in the facts or checksum, the data is checked in full; in the data, it is
    `InvalidValue` ``damaged_record``.
    """
    if (
        isinstance(data, str)
        and isinstance(facts, str)
        and type(stored) is int
        and stored == checksum(data, facts)
    ):
        try:
            return trusted_record(json.loads(data), json.loads(facts))
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # not the shape this version writes: the converter says what is wrong
    return _load_record(record_id, data)


def _load_record(record_id: str, data: object) -> CustomerRecord:
    if not isinstance(data, str):
        raise damaged_record(record_id)
    try:
        loaded = json.loads(data)
    except (ValueError, RecursionError):
        raise damaged_record(record_id) from None
    return load_record(record_id, loaded)


def _version(record_id: str, value: object) -> int:
    """A row's stored version, checked: damage there is `InvalidValue`, as in the data."""
    if type(value) is not int or value < 1:
        raise InvalidValue(
            "damaged_record",
            "version",
            f"stored record {record_id} is damaged: its version is not a whole number, 1 or more",
        )
    return value


def _text(raw: bytes) -> str | bytes:
    """Stored text as a string; text that is not UTF-8 as its bytes, which `_read` reports."""
    try:
        return raw.decode()
    except UnicodeDecodeError:
        return raw


_DAMAGED_FILE: Final = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
"""SQLite's errors for a file whose pages no longer read as a database."""


@contextmanager
def _reading() -> Iterator[None]:
    """A damaged database file as `InvalidValue` ``damaged_database``, never its content."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorname", None) not in _DAMAGED_FILE:
            raise
        raise InvalidValue(
            "damaged_database", "path", "the database file is damaged: its pages do not read"
        ) from None


def _rows(connection: sqlite3.Connection, sql: str, parameters: tuple[Any, ...]) -> list[Any]:
    """A read's rows; text that is not UTF-8 is read as bytes rather than failing the read."""
    with _reading():
        try:
            return connection.execute(sql, parameters).fetchall()
        except sqlite3.OperationalError as error:
            # Python's own error (no SQLite code) for text it cannot decode; its message
            # quotes the text, so it is not passed on: the damaged row is reported instead.
            if hasattr(error, "sqlite_errorcode"):
                raise
        connection.text_factory = _text
        try:
            return connection.execute(sql, parameters).fetchall()
        finally:
            connection.text_factory = str


def _connect(
    path: str | os.PathLike[str], *, timeout: float, read_only: bool
) -> sqlite3.Connection:
    """A connection in autocommit mode; a clear error for a path that holds no database."""
    if read_only:
        if str(path) == ":memory:" or not Path(path).is_file():
            raise InvalidValue("no_database", "path", "there is no database file at this path")
        # Read-write at the file level when it may be, with every write refused: SQLite
        # needs a write-ahead log's -wal and -shm files even to read, and a read-only
        # connection creates them but, unable to checkpoint, never removes them; the last
        # read-write connection to close does (https://sqlite.org/wal.html#readonly).
        resolved = Path(path).resolve()
        writable = os.access(resolved, os.W_OK) and os.access(resolved.parent, os.W_OK)
        uri = resolved.as_uri() + ("?mode=rw" if writable else "?mode=ro")
        connection = sqlite3.connect(uri, timeout=timeout, isolation_level=None, uri=True)
        connection.execute("PRAGMA query_only = ON")
    else:
        connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        # The first read of the header: where a file that is not a database shows.
        connection.execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError:
        connection.close()
        raise InvalidValue("not_a_database", "path", "is not an SQLite database") from None
    return connection


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

    __slots__ = ("_columns", "_connection", "_damaged", "_depth", "_read_only")

    def __init__(self, connection: sqlite3.Connection, *, read_only: bool = False) -> None:
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
        self._read_only = read_only
        self._damaged: list[str] = []
        connection.execute("PRAGMA foreign_keys = ON")
        # Erased records are overwritten with zeros, not left in free pages, whatever
        # SQLite's build made the default (UK GDPR Article 17: erasure is real).
        connection.execute("PRAGMA secure_delete = ON")
        try:
            schema = connection.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError:
            raise InvalidValue("not_a_database", "path", "is not an SQLite database") from None
        if schema > _SCHEMA_VERSION:
            raise UsageError("the database was made by a later version of custrecords")
        # Version 1 had no facts or checksum: its rows are read through every check.
        self._columns = "data, facts, checksum" if schema != 1 else "data, NULL, NULL"
        if read_only:
            if schema < 1:
                raise InvalidValue("no_database", "path", "holds no custrecords tables")
            return
        self._columns = "data, facts, checksum"
        with self.transaction():
            if schema == 1:
                connection.execute("ALTER TABLE records ADD COLUMN facts TEXT")
                connection.execute("ALTER TABLE records ADD COLUMN checksum INTEGER")
            for statement in filter(str.strip, _SCHEMA.split(";")):
                connection.execute(statement)
            if 0 < schema < 3:
                self._rekey()
            connection.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, timeout: float = 10.0, read_only: bool = False
    ) -> Self:
        """Open (or create) the database at ``path``; ``":memory:"`` for a private one.

        Args:
            path: the database file.
            timeout: how many seconds to wait for another process's write to finish
                before giving up with ``sqlite3.OperationalError``.
            read_only: open an existing database for reading only (reports, audits):
                nothing is left behind, and every write raises `UsageError`. The file
                is opened read-write with ``PRAGMA query_only`` where it may be, so
                that closing removes the ``-wal`` and ``-shm`` files SQLite needs to
                read a database in write-ahead-log mode (https://sqlite.org/wal.html).

        Raises:
            InvalidValue: ``not_a_database`` for a file that is not an SQLite
                database; ``no_database`` when ``read_only`` and there is no
                custrecords database at ``path``; ``damaged_database`` for a
                database file whose pages no longer read.
        """
        connection = _connect(path, timeout=timeout, read_only=read_only)
        try:
            with _reading():
                if not read_only:
                    connection.execute("PRAGMA journal_mode = WAL")
                    connection.execute("PRAGMA synchronous = FULL")
                return cls(connection, read_only=read_only)
        except BaseException:
            connection.close()  # the last connection to close removes -wal and -shm
            raise

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
        if self._read_only:
            raise UsageError("this repository was opened read-only")
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
        return int(_rows(self._connection, "SELECT count(*) FROM records", ())[0][0])

    def get(self, record_id: str) -> StoredRecord | None:
        """The record with ``record_id`` and its version, or ``None``.

        Raises:
            InvalidValue: ``damaged_record`` (or the code of the field that no longer
                reads) for a damaged row, naming its id, never its content;
                ``damaged_database`` for a database file whose pages no longer read.
        """
        check_id(record_id, "record_id")
        rows = _rows(
            self._connection,
            f"SELECT version, {self._columns} FROM records WHERE id = ?",  # noqa: S608 - ours
            (record_id,),
        )
        if not rows:
            return None
        version, *row = rows[0]
        return StoredRecord(_read(record_id, *row), _version(record_id, version))

    def find(self, key: LookupKey) -> Sequence[StoredRecord]:
        """The records whose current version has ``key``, in order of id.

        Raises:
            InvalidValue: as `get` does, for a damaged row or database file.
        """
        check_key(key)
        rows = _rows(
            self._connection,
            f"SELECT records.id, records.version, {self._columns} FROM lookup JOIN records"  # noqa: S608
            " ON records.id = lookup.record_id"
            " WHERE lookup.kind = ? AND lookup.value = ? ORDER BY lookup.record_id",
            (key.kind.value, key.value),
        )
        return tuple(StoredRecord(_read(i, *row), _version(i, v)) for i, v, *row in rows)

    def add(self, record: CustomerRecord) -> StoredRecord:
        """Store a new record as version 1; `Conflict` ``exists`` if its id is taken."""
        check_type(record, CustomerRecord, "record")
        row = _write(record)
        with self.transaction():
            try:
                self._connection.execute(
                    "INSERT INTO records (id, version, data, facts, checksum)"
                    " VALUES (?, 1, ?, ?, ?)",
                    (record.id, *row),
                )
            except sqlite3.IntegrityError:
                raise Conflict("exists", record.id) from None
            self._index(record)
        return StoredRecord(record, 1)

    def save(self, record: CustomerRecord, change_set: ChangeSet, *, version: int) -> StoredRecord:
        """Store ``record`` as the next version after ``version``, or raise `Conflict`."""
        check_save(record, change_set, version)
        row, history = _write(record), _dump(change_set)
        with self.transaction():
            # Compare and swap in one statement: the version is checked where it is written.
            written = self._connection.execute(
                "UPDATE records SET version = ?, data = ?, facts = ?, checksum = ?"
                " WHERE id = ? AND version = ?",
                (version + 1, *row, record.id, version),
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
        if self._depth == 0:
            # Copy the zeroed pages into the database and empty the write-ahead log, so
            # the erased values are in neither file. A reader holding the log open can
            # keep it from emptying until it is done; the next delete finishes the job.
            self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @property
    def damaged(self) -> Sequence[str]:
        """The ids of the records the last `records` scan skipped as damaged."""
        return tuple(self._damaged)

    def records(self, *, damaged: Damaged | None = None) -> Iterator[CustomerRecord]:
        """Every record, in order of id, read a page at a time.

        No transaction is held open between pages, so writers are never kept waiting
        by a long retention run; a record saved during the run is read as it is when
        its page is read.

        A record whose stored data no longer reads is skipped, so that a retention run
        goes on past it: its id is passed to ``damaged`` with the `InvalidValue` (which
        names the id and the field, never the content), and kept in `damaged`.

        Args:
            damaged: called with the id and the error of each damaged record.

        Raises:
            InvalidValue: ``damaged_database`` for a database file whose pages no
                longer read: damage to the file, not to one record.
        """
        self._damaged = []

        def page(after: str) -> list[Any]:
            return _rows(
                self._connection,
                f"SELECT id, {self._columns} FROM records WHERE id > ? ORDER BY id LIMIT ?",  # noqa: S608
                (after, PAGE),
            )

        return read_pages(page, _read, self._damaged, damaged)

    def _current(self, record_id: str, version: int) -> None:
        row = self._connection.execute(
            "SELECT version FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        if row is None:
            raise Conflict("not_found", record_id)
        if row[0] != version:
            raise Conflict("stale_version", record_id)

    def _rekey(self) -> None:
        """Every record's keys computed again: a database made when names folded otherwise.

        A damaged record keeps no keys; `records` reports it.
        """
        self._connection.execute("DELETE FROM lookup")
        for record in list(self.records()):
            self._index(record)

    def _index(self, record: CustomerRecord) -> None:
        self._connection.executemany(
            "INSERT INTO lookup (kind, value, record_id) VALUES (?, ?, ?)",
            [(key.kind.value, key.value, record.id) for key in lookup_keys(record)],
        )


_AUDIT_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS audit (
    position INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    link TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
"""


@final
class SQLiteAuditSink:
    """An append-only, hash-chained audit log in an SQLite database file.

    Each event is stored as the converter's JSON with its link: the SHA-256 of the
    previous link and the event's canonical JSON, exactly as `MemoryAuditSink` makes
    it, so the two give the same `head` for the same events. Triggers refuse
    ``UPDATE`` and ``DELETE`` on the table; `verify` re-reads the stored chain and
    detects an event altered, removed or moved, and, given a `head` kept elsewhere,
    events cut off the end. Each append is one transaction, synchronised to disk, and
    takes the write lock first, so appends from many processes never fork the chain.

    The log may share a file with an `SQLiteRepository` (its table is ``audit``).

    Args:
        path: the database file; created if missing.
        timeout: seconds to wait for another process's write.

    Raises:
        InvalidValue: ``not_a_database`` for a file that is not an SQLite database.
    """

    __slots__ = ("_connection",)

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 10.0) -> None:
        connection = _connect(path, timeout=timeout, read_only=False)
        self._connection = connection
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in filter(str.strip, _AUDIT_SCHEMA.split(";\n")):
                connection.execute(statement)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

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

    def append(self, event: AuditEvent) -> None:
        """Add ``event`` at the end of the chain.

        Raises:
            InvalidValue: ``wrong_type`` for something that is not an `AuditEvent`.
        """
        check_type(event, AuditEvent, "event")
        data = json.dumps(converter.unstructure(event), ensure_ascii=False, separators=(",", ":"))
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            last = connection.execute(
                "SELECT position, link FROM audit ORDER BY position DESC LIMIT 1"
            ).fetchone()
            position, previous = (0, GENESIS) if last is None else last
            connection.execute(
                "INSERT INTO audit (position, event, link) VALUES (?, ?, ?)",
                (position + 1, data, link(previous, event)),
            )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    @property
    def events(self) -> Sequence[AuditEvent]:
        """The stored events, oldest first.

        Raises:
            InvalidValue: for a stored event that no longer reads as one.
        """
        return tuple(event for event, _ in self._chain())

    @property
    def head(self) -> str:
        """The last link's hash: keep a copy elsewhere to detect the end being cut off."""
        row = self._connection.execute(
            "SELECT link FROM audit ORDER BY position DESC LIMIT 1"
        ).fetchone()
        return GENESIS if row is None else str(row[0])

    def verify(self, head: str | None = None) -> bool:
        """Whether every stored link holds, and the log ends at ``head`` if one is given."""
        try:
            chain = self._chain()
        except InvalidValue:
            return False
        return chain_holds(chain, head)

    def _chain(self) -> list[tuple[AuditEvent, str]]:
        rows = self._connection.execute(
            "SELECT position, event, link FROM audit ORDER BY position"
        ).fetchall()
        chain = []
        for expected, (position, data, stored) in enumerate(rows, start=1):
            if position != expected:  # a row removed, or one put in between
                raise InvalidValue("broken_chain", "audit.position", "has a gap")
            try:
                loaded = json.loads(data)
            except (ValueError, TypeError):
                raise InvalidValue(
                    "damaged_record", f"audit[{position}]", "is not readable data"
                ) from None
            chain.append((load_event(loaded, f"audit[{position}]"), str(stored)))
        return chain
