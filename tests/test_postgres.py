"""Tests for custrecords.adapters.postgres, against a real PostgreSQL server.

The server is started once a session by the ``postgres_cluster`` fixture (conftest.py):
Debian's ``postgresql`` package, in a temporary folder, on a Unix socket.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import attrs
import pytest
import sqlalchemy as sa
from hypothesis import settings
from postgres_cluster import Cluster

from custrecords import (
    AuditAction,
    AuditEvent,
    ChangeReason,
    ChangeSource,
    ContactPoint,
    CustomerRecord,
    EmailAddress,
    InvalidValue,
    LookupKey,
    Note,
    Provenance,
    RecordRepository,
    Source,
    StoredRecord,
    UsageError,
    update,
)
from custrecords.adapters.postgres import (
    SCHEMA_VERSION,
    PostgresAuditSink,
    PostgresRepository,
    migrate,
)
from custrecords.serialization import converter
from custrecords.testing import AuditSinkContract, RepositoryContract

AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def engine(postgres_cluster: Cluster) -> Iterator[sa.Engine]:
    url = postgres_cluster.create_database(f"test_{__name__.rsplit('.', 1)[-1]}")
    engine = sa.create_engine(url)
    migrate(engine)
    yield engine
    engine.dispose()


def empty(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text("TRUNCATE custrecords_records, custrecords_lookup, custrecords_changes")
        )


def tamper(engine: sa.Engine, *statements: str) -> None:
    """Run statements as the table's owner would, with the append-only trigger off."""
    with engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE custrecords_audit DISABLE TRIGGER USER"))
        for statement in statements:
            connection.execute(sa.text(statement))
        connection.execute(sa.text("ALTER TABLE custrecords_audit ENABLE TRIGGER USER"))


class TestPostgresRepository(RepositoryContract):
    @pytest.fixture(autouse=True)
    def _engine(self, engine: sa.Engine) -> None:
        self.engine = engine

    def make_repository(self) -> RecordRepository:
        empty(self.engine)
        return PostgresRepository(self.engine)

    def close_repository(self, repository: RecordRepository) -> None:
        assert isinstance(repository, PostgresRepository)
        repository.close()

    def state_machine_settings(self) -> settings:
        # Each call is a round trip to the server: fewer runs keep the suite quick.
        return settings(max_examples=25, stateful_step_count=15)


class TestPostgresAuditSink(AuditSinkContract):
    @pytest.fixture(autouse=True)
    def _engine(self, engine: sa.Engine) -> None:
        self.engine = engine

    def make_sink(self) -> PostgresAuditSink:
        tamper(self.engine, "TRUNCATE custrecords_audit")
        return PostgresAuditSink(self.engine)

    def alter_event(self, sink: object, position: int, event: AuditEvent) -> None:
        with self.engine.begin() as connection:
            connection.execute(sa.text("ALTER TABLE custrecords_audit DISABLE TRIGGER USER"))
            connection.execute(
                sa.text(
                    "UPDATE custrecords_audit SET event = CAST(:event AS jsonb)"
                    " WHERE position = :position"
                ),
                {"event": json.dumps(converter.unstructure(event)), "position": position},
            )
            connection.execute(sa.text("ALTER TABLE custrecords_audit ENABLE TRIGGER USER"))

    def remove_event(self, sink: object, position: int) -> None:
        tamper(
            self.engine,
            f"DELETE FROM custrecords_audit WHERE position = {position}",
            f"UPDATE custrecords_audit SET position = position - 1 WHERE position > {position}",
        )

    def swap_events(self, sink: object, first: int, second: int) -> None:
        tamper(
            self.engine,
            "UPDATE custrecords_audit SET position = -position"
            f" WHERE position IN ({first}, {second})",
            f"UPDATE custrecords_audit SET position = {first + second} + position"
            " WHERE position < 0",
        )

    def cut_off_last(self, sink: object, count: int) -> None:
        tamper(
            self.engine,
            "DELETE FROM custrecords_audit WHERE position > "
            f"(SELECT max(position) FROM custrecords_audit) - {count}",
        )


# --- what PostgreSQL brings ---------------------------------------------------------------------


def customer(record_id: str, email: str = "jane.doe@example.com") -> CustomerRecord:
    return CustomerRecord(
        id=record_id,
        provenance=(
            Provenance(
                fields=frozenset({"email_addresses"}),
                source=Source.SYSTEM,
                collected_by="web",
                collected_at=AT,
            ),
        ),
        contact_points=(ContactPoint(value=EmailAddress.parse(email)),),
    )


@pytest.fixture
def repository(engine: sa.Engine) -> Iterator[PostgresRepository]:
    empty(engine)
    with PostgresRepository(engine) as opened:
        yield opened


def test_a_nul_character_is_refused_at_its_path_and_nothing_is_written(
    repository: PostgresRepository,
) -> None:
    note = Note(id="N-1", at=AT, author="agent-7", text="Rang back.\x00 Card 4111")
    record = attrs.evolve(customer("C-1"), notes=(note,))
    with pytest.raises(InvalidValue) as raised:
        repository.add(record)
    assert (raised.value.code, raised.value.field) == ("nul_character", "$.notes[0].text")
    assert "4111" not in str(raised.value)
    assert repository.get("C-1") is None
    assert len(repository) == 0


def test_a_damaged_row_names_the_record_never_its_content(
    repository: PostgresRepository, engine: sa.Engine
) -> None:
    for n in (1, 2, 3):
        repository.add(customer(f"C-{n}", email=f"customer.{n}@example.com"))
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE custrecords_records SET data = jsonb_set(data,"
                " '{contact_points,0,value}', '\"customer.2 at example\"') WHERE id = 'C-2'"
            )
        )
    with pytest.raises(InvalidValue) as raised:
        repository.get("C-2")
    assert raised.value.field == "$.contact_points[0].value"
    assert "C-2" in str(raised.value)
    assert "customer.2" not in str(raised.value)
    reported: list[tuple[str, str]] = []
    scanned = list(repository.records(damaged=lambda i, e: reported.append((i, e.code))))
    assert [record.id for record in scanned] == ["C-1", "C-3"]
    assert [record_id for record_id, _ in reported] == ["C-2"]
    assert repository.damaged == ("C-2",)


@pytest.mark.parametrize("statement", ["UPDATE", "DELETE", "TRUNCATE"])
def test_the_audit_table_refuses_changes(engine: sa.Engine, statement: str) -> None:
    tamper(engine, "TRUNCATE custrecords_audit")
    sink = PostgresAuditSink(engine)
    sink.append(
        AuditEvent(
            at=AT,
            action=AuditAction.COLLECTION,
            subject_id="C-1",
            requester="system",
            outcome="recorded",
        )
    )
    sql = {
        "UPDATE": "UPDATE custrecords_audit SET link = 'x'",
        "DELETE": "DELETE FROM custrecords_audit",
        "TRUNCATE": "TRUNCATE custrecords_audit",
    }[statement]
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(sa.text(sql))
    assert len(sink.events) == 1
    assert sink.verify()


def test_migrations_run_once_and_a_later_schema_is_refused(postgres_cluster: Cluster) -> None:
    engine = sa.create_engine(postgres_cluster.create_database("test_migrations"))
    try:
        assert migrate(engine) == 0
        assert migrate(engine) == SCHEMA_VERSION
        with engine.begin() as connection:
            tables = set(
                connection.execute(
                    sa.text("SELECT tablename FROM pg_tables WHERE tablename LIKE 'custrecords_%'")
                ).scalars()
            )
            indexes = set(
                connection.execute(
                    sa.text(
                        "SELECT indexname FROM pg_indexes WHERE tablename = 'custrecords_lookup'"
                    )
                ).scalars()
            )
            connection.execute(sa.text("UPDATE custrecords_schema SET version = version + 1"))
        assert tables == {
            "custrecords_records",
            "custrecords_lookup",
            "custrecords_changes",
            "custrecords_audit",
            "custrecords_schema",
        }
        assert "custrecords_lookup_by_record" in indexes
        with pytest.raises(UsageError):
            PostgresRepository(engine)
    finally:
        engine.dispose()


def test_an_engine_for_another_database_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        PostgresRepository(sa.create_engine("sqlite://"))
    with pytest.raises(UsageError):
        PostgresAuditSink("postgresql://")  # type: ignore[arg-type]


def test_writes_in_a_transaction_land_together_or_not_at_all(
    repository: PostgresRepository,
) -> None:
    def add_then_fail() -> None:
        with repository.transaction():
            repository.add(customer("C-1"))
            raise RuntimeError("the host's own step failed")

    with pytest.raises(RuntimeError):
        add_then_fail()
    assert repository.get("C-1") is None
    with repository.transaction():
        repository.add(customer("C-1"))
        repository.add(customer("C-2", email="someone@example.com"))
    assert len(repository) == 2


# --- processes: killed writers, racing writers ------------------------------------------------

WRITER = """
import sys, time
from datetime import UTC, datetime
import sqlalchemy as sa
from custrecords import ContactPoint, CustomerRecord, EmailAddress, Provenance, Source
from custrecords.adapters.postgres import PostgresRepository

url, pause_in = sys.argv[1], int(sys.argv[2])
at = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
repository = PostgresRepository(sa.create_engine(url))
for batch in range(10_000):
    with repository.transaction():
        for n in range(20):
            repository.add(CustomerRecord(
                id=f"C-{batch:05d}-{n:02d}",
                provenance=(Provenance(fields=frozenset({"email_addresses"}), source=Source.SYSTEM,
                    collected_by="web", collected_at=at),),
                contact_points=(ContactPoint(value=EmailAddress.parse(f"c{batch}.{n}@example.com")),),
            ))
            if batch == pause_in and n == 10:
                print("in the middle", flush=True)
                time.sleep(60)
    print(f"committed {batch}", flush=True)
"""


def _url(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_a_writer_killed_in_the_middle_of_a_batch_leaves_every_committed_record_whole(
    repository: PostgresRepository, engine: sa.Engine
) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, _url(engine), "5"], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    committed = -1
    for line in writer.stdout:
        if line.startswith("committed"):
            committed = int(line.split()[1])
        if line.startswith("in the middle"):
            break
    writer.kill()
    writer.wait()
    writer.stdout.close()
    assert committed == 4
    batches: dict[int, int] = {}
    for record in repository.records():
        batch = int(record.id.split("-")[1])
        batches[batch] = batches.get(batch, 0) + 1
        (key,) = (LookupKey.contact(p.value) for p in record.contact_points)
        assert [s.record.id for s in repository.find(key)] == [record.id]
    assert batches == dict.fromkeys(range(5), 20)


RACER = """
import sys, time
from pathlib import Path
from datetime import UTC, datetime
import sqlalchemy as sa
from custrecords import (ChangeReason, ChangeSource, ContactPoint, Conflict, EmailAddress, Source,
    update)
from custrecords.adapters.postgres import PostgresRepository

url, me, other = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
repository = PostgresRepository(sa.create_engine(url))
stored = repository.get("C-1")
me.touch()
while not other.exists():
    time.sleep(0.005)
source = ChangeSource(source=Source.SYSTEM, by=me.name, reason=ChangeReason.SYSTEM_UPDATE)
new = (ContactPoint(value=EmailAddress.parse(f"{me.name}@example.com")),)
record, change_set = update(stored.record, {"email_addresses": new}, source=source,
    at=datetime(2026, 11, 23, 11, 0, tzinfo=UTC))
try:
    repository.save(record, change_set, version=stored.version)
except Conflict as conflict:
    print(conflict.code)
else:
    print("saved")
"""


def test_two_processes_updating_one_customer_one_wins_the_other_is_told(
    repository: PostgresRepository, engine: sa.Engine, tmp_path: object
) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    repository.add(customer("C-1"))
    ready = [folder / "alice", folder / "bob"]
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, _url(engine), str(me), str(other)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for me, other in (ready, ready[::-1])
    ]
    outcomes = [racer.communicate(timeout=60)[0].strip() for racer in racers]
    assert sorted(outcomes) == ["saved", "stale_version"]
    winner = ready[outcomes.index("saved")].name
    stored = repository.get("C-1")
    assert stored is not None
    assert stored.version == 2
    assert stored.record.contact_points[0].value.normalized == f"{winner}@example.com"
    (change_set,) = repository.history("C-1")
    assert change_set.source.by == winner


APPENDER = """
import sys
from datetime import UTC, datetime, timedelta
import sqlalchemy as sa
from custrecords import AuditAction, AuditEvent
from custrecords.adapters.postgres import PostgresAuditSink

url, me = sys.argv[1], sys.argv[2]
sink = PostgresAuditSink(sa.create_engine(url))
for n in range(40):
    sink.append(AuditEvent(at=datetime(2026, 11, 23, tzinfo=UTC) + timedelta(seconds=n),
        action=AuditAction.COLLECTION, subject_id=f"{me}-{n}", requester="system",
        outcome="recorded"))
"""


def test_two_processes_appending_keep_one_unbroken_chain(engine: sa.Engine) -> None:
    tamper(engine, "TRUNCATE custrecords_audit")
    appenders = [
        subprocess.Popen([sys.executable, "-c", APPENDER, _url(engine), me]) for me in ("A", "B")
    ]
    assert [appender.wait(timeout=60) for appender in appenders] == [0, 0]
    sink = PostgresAuditSink(engine)
    assert len(sink.events) == 80
    assert sink.verify()
    assert [e.subject_id for e in sink.events if e.subject_id.startswith("A")] == [
        f"A-{n}" for n in range(40)
    ]


def test_the_stored_record_is_the_converters_json(
    repository: PostgresRepository, engine: sa.Engine
) -> None:
    record = customer("C-1")
    repository.add(record)
    with engine.connect() as connection:
        data = connection.execute(sa.text("SELECT data FROM custrecords_records")).scalar_one()
    assert data == converter.unstructure(record)
    assert repository.get("C-1") == StoredRecord(record, 1)


def test_a_read_connection_the_server_dropped_is_replaced(
    repository: PostgresRepository, engine: sa.Engine
) -> None:
    repository.add(customer("C-1"))
    assert repository.get("C-1") == StoredRecord(customer("C-1"), 1)
    held = repository._held
    assert held is not None
    backend = held.connection.driver_connection.info.backend_pid  # type: ignore[union-attr]
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    assert repository.get("C-1") == StoredRecord(customer("C-1"), 1)


def test_a_nul_in_a_change_set_is_refused_before_anything_is_written(
    repository: PostgresRepository,
) -> None:
    repository.add(customer("C-1"))
    note = Note(id="N-1", at=AT, author="agent-7", text="Pasted\x00from the old system")
    source = ChangeSource(source=Source.SYSTEM, by="import", reason=ChangeReason.SYSTEM_UPDATE)
    moved, change_set = update(customer("C-1"), {"notes": (note,)}, source=source, at=AT)
    assert moved.notes == (note,)
    with pytest.raises(InvalidValue) as raised:
        repository.save(moved, change_set, version=1)
    assert raised.value.code == "nul_character"
    assert repository.get("C-1") == StoredRecord(customer("C-1"), 1)
    assert list(repository.history("C-1")) == []
