"""`PostgresRepository` and `PostgresAuditSink`: custrecords' ports on PostgreSQL.

Built on SQLAlchemy 2 Core with psycopg 3 (``pip install 'custrecords[postgres]'``);
no ORM models for the host to adopt. Hand it the host's own `sqlalchemy.Engine`, whose
pool it shares. The tables are `SCHEMA`'s, made and upgraded by `migrate`, which the
constructors call; their layout is documented in ``docs/adapters.md``:

- ``custrecords_records``: one row a record, its converter JSON as ``jsonb`` and its
  version;
- ``custrecords_lookup``: one row a lookup key, indexed for `find`;
- ``custrecords_changes``: one row a save's change set (the history);
- ``custrecords_audit``: the hash-chained audit log, which a trigger keeps append-only;
- ``custrecords_schema``: the version of this layout the database is at.

PostgreSQL text cannot hold the NUL character (U+0000), so a record or event holding
one is refused with `InvalidValue` ``nul_character`` at the path of the text that holds
it, and nothing is written.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Final, NoReturn, Self, final

import psycopg
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect

from custrecords._checks import check_id, check_type
from custrecords.adapters._chain import GENESIS, chain_holds, link, load_event
from custrecords.adapters._common import (
    PAGE,
    Damaged,
    check_key,
    check_save,
    check_version,
    load_record,
    read_pages,
)
from custrecords.adapters._trusted import phone_facts, trusted_record
from custrecords.audit import AuditEvent
from custrecords.collecting import ChangeSet
from custrecords.errors import Conflict, InvalidValue, UsageError
from custrecords.ports import LookupKey, StoredRecord, lookup_keys
from custrecords.records import CustomerRecord
from custrecords.serialization import converter

__all__ = ["SCHEMA", "SCHEMA_VERSION", "PostgresAuditSink", "PostgresRepository", "migrate"]

SCHEMA: Final = sa.MetaData()
"""The tables, as SQLAlchemy Core `Table` objects (for a host's own migrations tool)."""

_records: Final = sa.Table(
    "custrecords_records",
    SCHEMA,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("version", sa.Integer, sa.CheckConstraint("version >= 1"), nullable=False),
    sa.Column("data", JSONB, nullable=False),
    # What reading needs without a numbering plan, and a checksum of both: see `_read`.
    sa.Column("facts", JSONB),
    sa.Column("checksum", sa.Text),
)
_lookup: Final = sa.Table(
    "custrecords_lookup",
    SCHEMA,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, primary_key=True),
    sa.Column(
        "record_id",
        sa.Text,
        sa.ForeignKey("custrecords_records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Index("custrecords_lookup_by_record", "record_id"),
)
_changes: Final = sa.Table(
    "custrecords_changes",
    SCHEMA,
    sa.Column(
        "record_id",
        sa.Text,
        sa.ForeignKey("custrecords_records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("data", JSONB, nullable=False),
)
_audit: Final = sa.Table(
    "custrecords_audit",
    SCHEMA,
    sa.Column("position", sa.BigInteger, primary_key=True),
    sa.Column("event", JSONB, nullable=False),
    sa.Column("link", sa.Text, nullable=False),
)
_schema: Final = sa.Table(
    "custrecords_schema",
    SCHEMA,
    sa.Column("version", sa.Integer, nullable=False),
)

# Version 1 makes every table; each later version adds its own step to `migrate`,
# never edits an earlier one, so every database follows the same steps.
_REFUSE_CHANGES: Final = (
    """
    CREATE OR REPLACE FUNCTION custrecords_audit_refuse() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'custrecords_audit is append-only' USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    """
    CREATE TRIGGER custrecords_audit_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON custrecords_audit
    FOR EACH STATEMENT EXECUTE FUNCTION custrecords_audit_refuse()
    """,
)
SCHEMA_VERSION: Final = 1
"""The version of the layout this release makes and reads."""

_LOCK: Final = 0x637573747265  # the advisory lock migrations take: "custre" in hex


def migrate(engine: sa.Engine) -> int:
    """Bring the database's custrecords tables to `SCHEMA_VERSION`; its version before.

    Safe to call from many processes at once: an advisory lock lets one migrate while
    the others wait, then find nothing to do.

    Raises:
        UsageError: when the database was made by a later version of custrecords.
    """
    with engine.connect() as connection:
        # The usual case, up to date, costs one query and no lock.
        made = connection.execute(sa.text("SELECT to_regclass('custrecords_schema')")).scalar()
        if made is not None:
            found = connection.execute(sa.select(sa.func.max(_schema.c.version))).scalar()
            if found == SCHEMA_VERSION:
                return SCHEMA_VERSION
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": _LOCK})
        _schema.create(connection, checkfirst=True)
        found = connection.execute(sa.select(_schema.c.version)).scalar()
        before = 0 if found is None else int(found)
        if before > SCHEMA_VERSION:
            raise UsageError("the database was made by a later version of custrecords")
        if before < 1:
            for table in (_records, _lookup, _changes, _audit):
                table.create(connection, checkfirst=True)
            for statement in _REFUSE_CHANGES:
                connection.execute(sa.text(statement))
        if found is None:
            connection.execute(sa.insert(_schema).values(version=SCHEMA_VERSION))
        elif before < SCHEMA_VERSION:
            connection.execute(sa.update(_schema).values(version=SCHEMA_VERSION))
        return before


def _check_engine(engine: object) -> sa.Engine:
    if not isinstance(engine, sa.Engine) or engine.dialect.name != "postgresql":
        raise UsageError("this adapter needs an sqlalchemy Engine for PostgreSQL")
    return engine


def _without_nul(data: object, path: str = "$") -> None:
    """``data``, once no text in it holds U+0000; `InvalidValue` at its path otherwise."""
    if isinstance(data, str):
        if "\x00" in data:
            raise InvalidValue(
                "nul_character", path, "holds a NUL character, which PostgreSQL cannot store"
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            _without_nul(value, f"{path}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _without_nul(value, f"{path}[{index}]")


def _dump(value: CustomerRecord | ChangeSet | AuditEvent) -> object:
    data = converter.unstructure(value)
    # One C-speed search first: the walk that names the path runs only on a hit.
    if "\\u0000" in json.dumps(data):
        _without_nul(data)
    return data


@final
class PostgresRepository:
    """A `RecordRepository` in PostgreSQL, through SQLAlchemy Core and psycopg 3.

    Each write is one transaction. A save is a compare-and-swap: the ``UPDATE`` names
    the version it was based on, and PostgreSQL's row lock makes a second writer that
    read the same version wait, then find the row changed and write nothing
    (`Conflict` ``stale_version``). `transaction` groups writes.

    The engine, and its pool, may be shared by every thread; one repository object
    belongs to one thread (or one request), as its open transaction does. It keeps one
    pooled connection for its reads: `close` it (or use it in a ``with``) to give it
    back.

    Args:
        engine: an `sqlalchemy.Engine` for PostgreSQL with psycopg 3
            (``postgresql+psycopg://...``).

    Raises:
        UsageError: for an engine that is not PostgreSQL's, or a database made by a
            later version of custrecords.
    """

    __slots__ = ("__weakref__", "_connection", "_damaged", "_engine", "_held", "_reader")

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = _check_engine(engine)
        # Reads are one statement each, consistent on their own: in autocommit they cost
        # one round trip, not three (BEGIN, the query, COMMIT).
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._held: sa.Connection | None = None
        self._connection: sa.Connection | None = None
        self._damaged: list[str] = []
        migrate(engine)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: every one inside is stored, or, if anything raises, none.

        Transactions nest; only the outermost one commits.
        """
        if self._connection is not None:
            yield
            return
        with self._engine.begin() as connection:
            self._connection = connection
            try:
                yield
            finally:
                self._connection = None

    @contextmanager
    def _use(self) -> Iterator[sa.Connection]:
        if self._connection is not None:
            yield self._connection
        else:
            with self._engine.begin() as connection:
                yield connection

    @contextmanager
    def _reading(self) -> Iterator[sa.Connection]:
        if self._connection is not None:
            yield self._connection
        else:
            with self._reader.connect() as connection:
                yield connection

    def _fetch(self, statement: str, parameters: Mapping[str, object]) -> list[Any]:
        """The rows of a read, on the driver's own connection.

        On reads as small as a get, SQLAlchemy's layers and a pool checkout cost more
        than the query: the repository keeps one connection for its reads.
        """
        if self._connection is not None:
            driver: Any = self._connection.connection.driver_connection
            return list(driver.execute(statement, parameters).fetchall())
        for attempt in (1, 2):
            if self._held is None:
                self._held = self._reader.connect()
                # Given back to the pool when the repository goes, if not closed before.
                weakref.finalize(self, self._held.close)
            try:
                driver_: Any = self._held.connection.driver_connection
                return list(driver_.execute(statement, parameters).fetchall())
            except psycopg.OperationalError:
                # The server dropped the connection (a restart, a failover): once more
                # on a fresh one.
                self._held.invalidate()
                self._held.close()
                self._held = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Give back the connection this repository reads on; the engine stays open."""
        if self._held is not None:
            self._held.close()
            self._held = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __len__(self) -> int:
        with self._reading() as connection:
            return int(
                connection.execute(sa.select(sa.func.count()).select_from(_records)).scalar_one()
            )

    def get(self, record_id: str) -> StoredRecord | None:
        """The record with ``record_id`` and its version, or ``None``.

        Raises:
            InvalidValue: for a stored record that no longer reads as one, at the path
                of the field, the problem naming the record's id; never its content.
        """
        check_id(record_id, "record_id")
        rows = self._fetch(_GET_SQL, {"id": record_id})
        return StoredRecord(_read(record_id, *rows[0][1:]), rows[0][0]) if rows else None

    def find(self, key: LookupKey) -> Sequence[StoredRecord]:
        """The records whose current version has ``key``, in order of id."""
        check_key(key)
        rows = self._fetch(_FIND_SQL, {"kind": key.kind.value, "value": key.value})
        return tuple(StoredRecord(_read(i, *row), version) for i, version, *row in rows)

    def add(self, record: CustomerRecord) -> StoredRecord:
        """Store a new record as version 1; `Conflict` ``exists`` if its id is taken.

        Raises:
            InvalidValue: ``nul_character`` for text holding U+0000.
        """
        check_type(record, CustomerRecord, "record")
        data, facts = _dump(record), phone_facts(record)
        with self._use() as connection:
            added = connection.execute(
                postgres_insert(_records)
                .values(
                    id=record.id, version=1, data=data, facts=facts, checksum=_seal(data, facts)
                )
                .on_conflict_do_nothing(index_elements=["id"])
                .returning(_records.c.version)
            ).first()
            if added is None:
                raise Conflict("exists", record.id)
            self._index(connection, record)
        return StoredRecord(record, 1)

    def save(self, record: CustomerRecord, change_set: ChangeSet, *, version: int) -> StoredRecord:
        """Store ``record`` as the next version after ``version``, or raise `Conflict`.

        Raises:
            InvalidValue: ``nul_character`` for text holding U+0000.
        """
        check_save(record, change_set, version)
        data, facts, history = _dump(record), phone_facts(record), _dump(change_set)
        with self._use() as connection:
            written = connection.execute(
                sa.update(_records)
                .where(_records.c.id == record.id, _records.c.version == version)
                .values(version=version + 1, data=data, facts=facts, checksum=_seal(data, facts))
            ).rowcount
            if written != 1:
                _current(connection, record.id, version)
            connection.execute(
                sa.insert(_changes).values(record_id=record.id, version=version + 1, data=history)
            )
            connection.execute(sa.delete(_lookup).where(_lookup.c.record_id == record.id))
            self._index(connection, record)
        return StoredRecord(record, version + 1)

    def history(self, record_id: str) -> Sequence[ChangeSet]:
        """The change sets saved for the record, oldest first."""
        check_id(record_id, "record_id")
        with self._reading() as connection:
            rows = connection.execute(
                sa.select(_changes.c.data)
                .where(_changes.c.record_id == record_id)
                .order_by(_changes.c.version)
            ).all()
        return tuple(converter.structure(data, ChangeSet) for (data,) in rows)

    def delete(self, record_id: str, *, version: int) -> None:
        """Forget the record, its keys and its history; `Conflict` if stale or missing.

        The rows are deleted; PostgreSQL reclaims their space at its next ``VACUUM``
        (see ``docs/adapters.md`` on erasure).
        """
        check_id(record_id, "record_id")
        check_version(version)
        with self._use() as connection:
            deleted = connection.execute(
                sa.delete(_records).where(_records.c.id == record_id, _records.c.version == version)
            ).rowcount
            if deleted != 1:
                _current(connection, record_id, version)

    @property
    def damaged(self) -> Sequence[str]:
        """The ids of the records the last `records` scan skipped as damaged."""
        return tuple(self._damaged)

    def records(self, *, damaged: Damaged | None = None) -> Iterator[CustomerRecord]:
        """Every record, in order of id, read a page at a time, no transaction held between.

        A record whose stored data no longer reads is skipped, passed to ``damaged``
        with its `InvalidValue` and kept in `damaged`, as `SQLiteRepository` does.
        """
        self._damaged = []

        def page(after: str) -> Sequence[Any]:
            with self._reading() as connection:
                return connection.execute(
                    sa.select(_records.c.id, *_READ)
                    .where(_records.c.id > after)
                    .order_by(_records.c.id)
                    .limit(PAGE)
                ).all()

        return read_pages(page, _read, self._damaged, damaged)

    @staticmethod
    def _index(connection: sa.Connection, record: CustomerRecord) -> None:
        keys = [
            {"kind": key.kind.value, "value": key.value, "record_id": record.id}
            for key in lookup_keys(record)
        ]
        if keys:
            connection.execute(sa.insert(_lookup), keys)


def _seal(data: object, facts: object) -> sa.ColumnElement[str]:
    """The checksum a row is written with: MD5 of its data and facts as PostgreSQL prints them."""
    as_text = [
        sa.cast(sa.cast(sa.literal(value, JSONB), JSONB), sa.Text) for value in (data, facts)
    ]
    return sa.func.md5(as_text[0] + as_text[1])


_READ: Final = (
    _records.c.data,
    _records.c.facts,
    sa.func.md5(sa.cast(_records.c.data, sa.Text) + sa.cast(_records.c.facts, sa.Text))
    == _records.c.checksum,
)


def _read(record_id: str, data: object, facts: object, intact: bool | None) -> CustomerRecord:
    """A row as a record: built directly when it is as the adapter wrote it, else checked.

    A row written by anyone else (a migration, a hand-made fix, damage) has no matching
    checksum, and goes through the converter and every check.
    """
    if intact:
        try:
            return trusted_record(data, facts)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # not the shape this version writes: the converter says what is wrong
    return load_record(record_id, data)


_GET: Final = sa.select(_records.c.version, *_READ).where(_records.c.id == sa.bindparam("id"))
_FIND: Final = (
    sa.select(_records.c.id, _records.c.version, *_READ)
    .join(_lookup, _lookup.c.record_id == _records.c.id)
    .where(_lookup.c.kind == sa.bindparam("kind"), _lookup.c.value == sa.bindparam("value"))
    .order_by(_records.c.id)
)
_DIALECT: Final = psycopg_dialect()  # type: ignore[no-untyped-call]
_GET_SQL: Final = str(_GET.compile(dialect=_DIALECT))
_FIND_SQL: Final = str(_FIND.compile(dialect=_DIALECT))


def _current(connection: sa.Connection, record_id: str, version: int) -> NoReturn:
    """Raise the `Conflict` that explains why a write based on ``version`` wrote nothing."""
    found = connection.execute(
        sa.select(_records.c.version).where(_records.c.id == record_id)
    ).scalar()
    if found is None:
        raise Conflict("not_found", record_id)
    raise Conflict("stale_version", record_id)


@final
class PostgresAuditSink:
    """An append-only, hash-chained audit log in PostgreSQL's ``custrecords_audit``.

    Each event is stored as the converter's JSON with its link: the SHA-256 of the
    previous link and the event's canonical JSON, as `MemoryAuditSink` makes it. A
    trigger refuses ``UPDATE``, ``DELETE`` and ``TRUNCATE`` on the table; `verify`
    re-reads the stored chain and detects an event altered, removed or moved, and,
    given a `head` kept elsewhere, events cut off the end. Appends from many processes
    are serialised by a lock on the table, so the chain never forks.

    Args:
        engine: an `sqlalchemy.Engine` for PostgreSQL with psycopg 3.

    Raises:
        UsageError: as `PostgresRepository` does.
    """

    __slots__ = ("_engine",)

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = _check_engine(engine)
        migrate(engine)

    def append(self, event: AuditEvent) -> None:
        """Add ``event`` at the end of the chain, in its own transaction.

        Raises:
            InvalidValue: ``wrong_type`` for something that is not an `AuditEvent`;
                ``nul_character`` for text holding U+0000.
        """
        check_type(event, AuditEvent, "event")
        data = _dump(event)
        with self._engine.begin() as connection:
            # SHARE ROW EXCLUSIVE conflicts with itself: one appender at a time reads
            # the last link and writes the next.
            connection.execute(sa.text("LOCK TABLE custrecords_audit IN SHARE ROW EXCLUSIVE MODE"))
            last = connection.execute(
                sa.select(_audit.c.position, _audit.c.link)
                .order_by(_audit.c.position.desc())
                .limit(1)
            ).first()
            position, previous = (0, GENESIS) if last is None else (last[0], last[1])
            connection.execute(
                sa.insert(_audit).values(
                    position=position + 1, event=data, link=link(previous, event)
                )
            )

    @property
    def events(self) -> Sequence[AuditEvent]:
        """The stored events, oldest first."""
        return tuple(event for event, _ in self._chain())

    @property
    def head(self) -> str:
        """The last link's hash: keep a copy elsewhere to detect the end being cut off."""
        with self._engine.connect() as connection:
            found = connection.execute(
                sa.select(_audit.c.link).order_by(_audit.c.position.desc()).limit(1)
            ).scalar()
        return GENESIS if found is None else str(found)

    def verify(self, head: str | None = None) -> bool:
        """Whether every stored link holds, and the log ends at ``head`` if one is given."""
        try:
            chain = self._chain()
        except InvalidValue:
            return False
        return chain_holds(chain, head)

    def _chain(self) -> list[tuple[AuditEvent, str]]:
        with self._engine.connect() as connection:
            rows = connection.execute(
                sa.select(_audit.c.position, _audit.c.event, _audit.c.link).order_by(
                    _audit.c.position
                )
            ).all()
        chain = []
        for expected, (position, data, stored) in enumerate(rows, start=1):
            if position != expected:  # a row removed, or one put in between
                raise InvalidValue("broken_chain", "custrecords_audit.position", "has a gap")
            chain.append((load_event(data, f"custrecords_audit[{position}]"), str(stored)))
        return chain
