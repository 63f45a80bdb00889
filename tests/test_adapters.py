"""Tests for custrecords.adapters: both reference adapters keep the repository contract."""

from __future__ import annotations

import json
import pickle
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    AuditAction,
    AuditEvent,
    ChangeReason,
    ChangeSet,
    ChangeSource,
    Conflict,
    ContactPoint,
    CustomerRecord,
    EmailAddress,
    InvalidValue,
    LookupKey,
    MemoryAuditSink,
    PersonName,
    PostalAddress,
    Provenance,
    RecordRepository,
    Source,
    StoredRecord,
    UsageError,
    update,
)
from custrecords.adapters import MemoryRepository, SQLiteAuditSink, SQLiteRepository
from custrecords.adapters._trusted import phone_facts, trusted_record
from custrecords.serialization import converter
from custrecords.testing import AuditSinkContract, RepositoryContract, customer_records


class TestMemoryRepository(RepositoryContract):
    def make_repository(self) -> RecordRepository:
        return MemoryRepository()


class TestSQLiteRepository(RepositoryContract):
    def make_repository(self) -> RecordRepository:
        return SQLiteRepository.open(":memory:")

    def close_repository(self, repository: RecordRepository) -> None:
        assert isinstance(repository, SQLiteRepository)
        repository.close()


# --- what each adapter refuses ------------------------------------------------------------------

AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


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


def corrected(record: CustomerRecord, email: str) -> tuple[CustomerRecord, ChangeSet]:
    source = ChangeSource(source=Source.SYSTEM, by="web", reason=ChangeReason.SYSTEM_UPDATE)
    points = (ContactPoint(value=EmailAddress.parse(email)),)
    return update(record, {"email_addresses": points}, source=source, at=AT)


@pytest.fixture(params=["memory", "sqlite"])
def repository(request: pytest.FixtureRequest) -> Iterator[MemoryRepository | SQLiteRepository]:
    if request.param == "memory":
        yield MemoryRepository()
    else:
        with SQLiteRepository.open(":memory:") as opened:
            yield opened


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda r: r.add("C-1"), "record"),
        (lambda r: r.get(""), "record_id"),
        (lambda r: r.get("Jane Doe"), "record_id"),
        (lambda r: r.find("jane@example.com"), "key"),
        (lambda r: r.history(None), "record_id"),
        (lambda r: r.delete("C-1", version=0), "version"),
        (lambda r: r.delete("C-1", version=True), "version"),
        (lambda r: r.save(customer("C-1"), "nothing", version=1), "change_set"),
        (
            lambda r: r.save(
                customer("C-1"), corrected(customer("C-1"), "a@b.org")[1], version="1"
            ),
            "version",
        ),
        (
            lambda r: r.save(customer("C-2"), corrected(customer("C-1"), "a@b.org")[1], version=1),
            "change_set.record_id",
        ),
    ],
)
def test_bad_arguments_are_refused_with_the_field_named(
    repository: MemoryRepository | SQLiteRepository, call: Any, field: str
) -> None:
    repository.add(customer("C-1"))
    with pytest.raises(InvalidValue) as raised:
        call(repository)
    assert raised.value.field == field
    assert repository.get("C-1") == StoredRecord(customer("C-1"), 1)


def test_a_conflict_names_the_record_and_never_a_value(
    repository: MemoryRepository | SQLiteRepository,
) -> None:
    repository.add(customer("C-1"))
    with pytest.raises(Conflict) as raised:
        repository.add(customer("C-1", email="someone@example.org"))
    assert (raised.value.code, raised.value.record_id) == ("exists", "C-1")
    assert "example" not in str(raised.value)
    assert pickle.loads(pickle.dumps(raised.value)).code == "exists"


def test_len_counts_the_records(repository: MemoryRepository | SQLiteRepository) -> None:
    for n in range(3):
        repository.add(customer(f"C-{n}"))
    repository.delete("C-1", version=1)
    assert len(repository) == 2


# --- SQLite: transactions, the file, and other processes ------------------------------------


def test_a_transaction_stores_all_or_nothing(tmp_path: Path) -> None:
    with SQLiteRepository.open(tmp_path / "crm.db") as repository:
        repository.add(customer("C-1"))

        def batch() -> None:
            with repository.transaction():
                repository.add(customer("C-2"))
                repository.add(customer("C-3"))
                repository.add(customer("C-1"))  # refused: the whole batch goes

        with pytest.raises(Conflict):
            batch()
        assert [r.id for r in repository.records()] == ["C-1"]
        with repository.transaction(), repository.transaction():
            repository.add(customer("C-2"))
        assert [r.id for r in repository.records()] == ["C-1", "C-2"]


def test_what_was_committed_is_there_when_the_file_is_opened_again(tmp_path: Path) -> None:
    record, change_set = corrected(customer("C-1"), "jane@example.org")
    with SQLiteRepository.open(tmp_path / "crm.db") as repository:
        repository.add(customer("C-1"))
        repository.save(record, change_set, version=1)
    with SQLiteRepository.open(tmp_path / "crm.db") as repository:
        assert repository.get("C-1") == StoredRecord(record, 2)
        assert repository.history("C-1") == (change_set,)
        mode = repository._connection.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_a_connection_that_commits_by_itself_is_refused() -> None:
    with pytest.raises(UsageError):
        SQLiteRepository(sqlite3.connect(":memory:"))


def test_a_database_from_a_later_version_is_refused(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "crm.db", isolation_level=None)
    connection.execute("PRAGMA user_version = 99")
    with pytest.raises(UsageError):
        SQLiteRepository(connection)


def test_a_database_keyed_by_the_old_name_folding_is_keyed_again(tmp_path: Path) -> None:
    """Versions 1 and 2 kept "mr kowalski" for "Mr Paweł Kowalski": opened now, he is found."""
    paul = attrs.evolve(
        customer("C-1"),
        name=PersonName.parse("Mr Paweł Kowalski"),
        addresses=(PostalAddress.parse(["1 High Street"], postcode="CF10 1AA"),),
    )
    with SQLiteRepository.open(tmp_path / "crm.db") as repository:
        repository.add(paul)
    connection = sqlite3.connect(tmp_path / "crm.db", isolation_level=None)
    connection.execute(
        "UPDATE lookup SET value = 'kowalski mr|CF101AA' WHERE kind = 'name_postcode'"
    )
    connection.execute("PRAGMA user_version = 2")
    connection.close()
    typed = LookupKey.name_and_postcode(PersonName.parse("Pawel Kowalski"), "cf10 1aa")
    with SQLiteRepository.open(tmp_path / "crm.db") as repository:
        assert [stored.record.id for stored in repository.find(typed)] == ["C-1"]


def test_a_damaged_row_is_reported_at_its_path_not_as_a_traceback(tmp_path: Path) -> None:
    with SQLiteRepository.open(tmp_path / "crm.db") as repository:
        repository.add(customer("C-1"))
        repository._connection.execute(
            "UPDATE records SET data = json_set(data, '$.contact_points[0].value', 'nobody')"
        )
        with pytest.raises(InvalidValue) as raised:
            repository.get("C-1")
    assert raised.value.field == "$.contact_points[0].value"


WRITER = """
import sys, time
from datetime import UTC, datetime
from custrecords import ContactPoint, CustomerRecord, EmailAddress, Provenance, Source
from custrecords.adapters import SQLiteRepository

path, pause_in = sys.argv[1], int(sys.argv[2])
at = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
repository = SQLiteRepository.open(path)
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


def _write_until_killed(path: Path, pause_in: int, kill_after: int) -> int:
    """Run the writer; kill it (SIGKILL) mid-batch; return the last batch it said it committed."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(pause_in)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    committed = -1
    for line in writer.stdout:
        if line.startswith("committed"):
            committed = int(line.split()[1])
        if line.startswith("in the middle") or committed >= kill_after:
            break
    writer.kill()
    writer.wait()
    writer.stdout.close()
    return committed


def _check_whole(path: Path) -> dict[int, int]:
    """Every stored record reads back whole, with its keys; records counted per batch."""
    with SQLiteRepository.open(path) as repository:
        assert repository._connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        batches: dict[int, int] = {}
        for record in repository.records():
            batch = int(record.id.split("-")[1])
            batches[batch] = batches.get(batch, 0) + 1
            (key,) = (LookupKey.contact(p.value) for p in record.contact_points)
            assert [s.record.id for s in repository.find(key)] == [record.id]
    return batches


def test_a_writer_killed_in_the_middle_of_a_batch_leaves_every_committed_record_whole(
    tmp_path: Path,
) -> None:
    """No data lost: what was committed survives whole; the half-written batch leaves nothing."""
    path = tmp_path / "crm.db"
    committed = _write_until_killed(path, pause_in=5, kill_after=10**6)
    assert committed == 4
    assert _check_whole(path) == dict.fromkeys(range(5), 20)


def test_a_writer_killed_at_any_moment_leaves_only_whole_batches(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    committed = _write_until_killed(path, pause_in=-1, kill_after=3)
    batches = _check_whole(path)
    assert set(range(committed + 1)) <= set(batches)
    assert set(batches.values()) == {20}


RACER = """
import sys, time
from pathlib import Path
from datetime import UTC, datetime
from custrecords import (ChangeReason, ChangeSource, ContactPoint, Conflict, EmailAddress, Source,
    update)
from custrecords.adapters import SQLiteRepository

path, me, other = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
repository = SQLiteRepository.open(path)
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


def test_two_processes_updating_one_customer_one_wins_the_other_is_told(tmp_path: Path) -> None:
    """No update silently lost: both read version 1; one save lands, the other conflicts."""
    path = tmp_path / "crm.db"
    with SQLiteRepository.open(path) as repository:
        repository.add(customer("C-1"))
    ready = [tmp_path / "alice", tmp_path / "bob"]
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(path), str(me), str(other)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for me, other in (ready, ready[::-1])
    ]
    outcomes = [racer.communicate(timeout=60)[0].strip() for racer in racers]
    assert sorted(outcomes) == ["saved", "stale_version"]
    winner = ready[outcomes.index("saved")].name
    with SQLiteRepository.open(path) as repository:
        stored = repository.get("C-1")
        assert stored is not None
        assert stored.version == 2
        assert stored.record.contact_points[0].value.normalized == f"{winner}@example.com"
        (change_set,) = repository.history("C-1")
        assert change_set.source.by == winner


class FailingCommit(sqlite3.Connection):
    """A connection whose next COMMIT fails, as it would on a full disk."""

    fail_next_commit = False

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql == "COMMIT" and self.fail_next_commit:
            self.fail_next_commit = False
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)


def test_a_commit_that_fails_leaves_nothing_half_done() -> None:
    connection = sqlite3.connect(":memory:", isolation_level=None, factory=FailingCommit)
    repository = SQLiteRepository(connection)
    connection.fail_next_commit = True
    with pytest.raises(sqlite3.OperationalError):
        repository.add(customer("C-1"))
    assert not connection.in_transaction
    assert repository.get("C-1") is None
    repository.add(customer("C-1"))  # the connection is usable again
    assert repository.get("C-1") == StoredRecord(customer("C-1"), 1)


# --- SQLite: damage, erasure, reading only --------------------------------------------------------


def test_a_row_that_is_not_json_names_the_record_and_never_its_content(tmp_path: Path) -> None:
    with SQLiteRepository.open(tmp_path / "crm.db") as repository:
        repository.add(customer("C-1"))
        repository._connection.execute("UPDATE records SET data = substr(data, 1, 60)")
        with pytest.raises(InvalidValue) as raised:
            repository.get("C-1")
        assert raised.value.code == "damaged_record"
        assert "C-1" in str(raised.value)
        assert "jane" not in str(raised.value)
        with pytest.raises(InvalidValue):
            repository.find(LookupKey.email(EmailAddress.parse("jane.doe@example.com")))


def test_a_scan_skips_damaged_records_reports_them_and_goes_on(tmp_path: Path) -> None:
    """A retention run reads every record it can, and is told which it could not."""
    with SQLiteRepository.open(tmp_path / "crm.db") as repository:
        for n in range(1, 6):
            repository.add(customer(f"C-{n}", email=f"customer.{n}@example.com"))
        repository._connection.execute("UPDATE records SET data = '{' WHERE id = 'C-2'")
        repository._connection.execute(
            "UPDATE records SET data = json_set(data, '$.contact_points[0].value', 'x')"
            " WHERE id = 'C-4'"
        )
        reported: list[tuple[str, str, str]] = []
        scanned = [
            record.id
            for record in repository.records(
                damaged=lambda i, e: reported.append((i, e.code, str(e)))
            )
        ]
        assert scanned == ["C-1", "C-3", "C-5"]
        assert [(i, code) for i, code, _ in reported] == [
            ("C-2", "damaged_record"),
            ("C-4", "contact_value_unrecognised"),
        ]
        assert all("customer" not in message for _, _, message in reported)
        assert repository.damaged == ("C-2", "C-4")
        assert [r.id for r in repository.records()] == ["C-1", "C-3", "C-5"]


# Any value SQLite can hold, as another program, a bad restore or a failing disk might
# leave it in a column: text that is not UTF-8 is written as text, cast from the bytes.
_STORED_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.binary(max_size=40),
    st.binary(min_size=1, max_size=40).map(lambda raw: ("text", raw)),
)


def _loosen(repository: SQLiteRepository) -> None:
    """The records table without its NOT NULL and CHECK constraints, as a damaged copy may be."""
    repository._connection.executescript(
        "PRAGMA foreign_keys = OFF;"
        "CREATE TABLE loose (id TEXT PRIMARY KEY, version, data, facts, checksum);"
        "INSERT INTO loose SELECT id, version, data, facts, checksum FROM records;"
        "DROP TABLE records; ALTER TABLE loose RENAME TO records;"
        "PRAGMA foreign_keys = ON;"
    )


def _put(repository: SQLiteRepository, record_id: str, column: str, value: object) -> None:
    cast = isinstance(value, tuple)
    repository._connection.execute(
        f"UPDATE records SET {column} = {'CAST(? AS TEXT)' if cast else '?'} WHERE id = ?",
        (value[1] if isinstance(value, tuple) else value, record_id),
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("data", b"\xff\x00\xfe"),
        ("data", 42),
        ("data", None),
        ("data", ("text", b"\xff\x00\xfe")),
        ("version", "two"),
        ("version", None),
        ("version", 0),
    ],
)
def test_a_row_of_the_wrong_type_is_damaged_and_the_scan_goes_on(
    column: str, value: object
) -> None:
    """Damage raises `InvalidValue` naming the id, never the content, and is skipped by a scan."""
    with SQLiteRepository.open(":memory:") as repository:
        for n in range(1, 5):
            repository.add(customer(f"C-{n}", email=f"customer.{n}@example.com"))
        _loosen(repository)
        _put(repository, "C-3", column, value)
        with pytest.raises(InvalidValue) as raised:
            repository.get("C-3")
        assert raised.value.code == "damaged_record"
        assert "C-3" in str(raised.value)
        assert "customer" not in str(raised.value)
        reported: list[tuple[str, str]] = []
        ids = [r.id for r in repository.records(damaged=lambda i, e: reported.append((i, e.code)))]
        if column == "data":  # a scan reads the data, not the version
            assert ids == ["C-1", "C-2", "C-4"]
            assert reported == [("C-3", "damaged_record")]
        assert repository.get("C-4") == StoredRecord(customer("C-4", "customer.4@example.com"), 1)


@pytest.mark.parametrize(
    ("column", "value"), [("facts", b"\xff"), ("facts", 7), ("checksum", "x"), ("checksum", b"")]
)
def test_damaged_facts_or_checksum_are_read_past_through_every_check(
    column: str, value: object
) -> None:
    """The data still holds the record: it is read through the converter, as a v1 row is."""
    with SQLiteRepository.open(":memory:") as repository:
        repository.add(customer("C-1"))
        _put(repository, "C-1", column, value)
        assert repository.get("C-1") == StoredRecord(customer("C-1"), 1)
        assert [r.id for r in repository.records()] == ["C-1"]


@given(
    st.dictionaries(
        st.sampled_from(["version", "data", "facts", "checksum"]), _STORED_VALUES, min_size=1
    )
)
def test_whatever_a_row_holds_get_reads_it_or_raises_invalid_value(
    damage: dict[str, object],
) -> None:
    """A damaged row is `InvalidValue`, never another error; a scan never stops at it."""
    with SQLiteRepository.open(":memory:") as repository:
        repository.add(customer("C-1"))
        repository.add(customer("C-2", email="someone.else@example.com"))
        _loosen(repository)
        for column, value in damage.items():
            _put(repository, "C-1", column, value)
        read = _outcome(lambda: repository.get("C-1"))
        assert isinstance(read, StoredRecord | InvalidValue)
        if isinstance(read, InvalidValue):
            assert "jane" not in str(read)
        assert "C-2" in [r.id for r in repository.records()]


def _outcome(read: Any) -> object:
    """What ``read()`` returns, or the `InvalidValue` it raises; any other error goes up."""
    try:
        return read()
    except InvalidValue as error:
        return error


def _garble(path: Path) -> None:
    """Bytes written over every page after the first, as a failing disk might."""
    damaged = bytearray(path.read_bytes())
    for i in range(4096, len(damaged), 7):
        damaged[i] = 0x5A
    path.write_bytes(bytes(damaged))


@pytest.mark.parametrize("read_only", [False, True])
def test_a_damaged_database_file_is_a_clear_error_without_its_content(
    tmp_path: Path, read_only: bool
) -> None:
    path = tmp_path / "crm.db"
    with SQLiteRepository.open(path) as repository:
        for n in range(1, 5):
            repository.add(customer(f"C-{n}", email=f"customer.{n}@example.com"))
    _garble(path)
    with SQLiteRepository.open(path, read_only=read_only) as repository:
        with pytest.raises(InvalidValue) as raised:
            list(repository.records())
        assert (raised.value.code, raised.value.field) == ("damaged_database", "path")
        assert "customer" not in str(raised.value)
        # SQLite notices damage only on the pages a read goes through: a search by index
        # may find nothing where the record was. It is never another error.
        email = LookupKey.email(EmailAddress.parse("customer.1@example.com"))
        for read in (lambda: repository.get("C-1"), lambda: repository.find(email)):
            outcome = _outcome(read)
            assert not isinstance(outcome, InvalidValue) or "customer" not in str(outcome)


def test_opening_read_only_leaves_no_file_behind(tmp_path: Path) -> None:
    """Reading only creates nothing: SQLite's -wal and -shm files go when the reader closes."""
    path = tmp_path / "crm.db"
    with SQLiteRepository.open(path) as repository:
        repository.add(customer("C-1"))
    before = sorted(p.name for p in tmp_path.iterdir())
    assert before == ["crm.db"]
    with SQLiteRepository.open(path, read_only=True) as reader:
        assert reader.get("C-1") is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_file_rejected_when_reading_only_leaves_nothing_behind(tmp_path: Path) -> None:
    """A truncated database: its header says write-ahead log, its pages are missing."""
    path = tmp_path / "crm.db"
    with SQLiteRepository.open(path) as repository:
        for n in range(1, 40):
            repository.add(customer(f"C-{n}", email=f"customer.{n}@example.com"))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(InvalidValue):
        SQLiteRepository.open(path, read_only=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crm.db"]


def test_a_reader_beside_a_writer_sees_its_commits_and_leaves_it_its_files(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    with SQLiteRepository.open(path) as writer:
        writer.add(customer("C-1"))
        with SQLiteRepository.open(path, read_only=True) as reader:
            writer.add(customer("C-2", email="ann@example.com"))
            assert [r.id for r in reader.records()] == ["C-1", "C-2"]
        assert (tmp_path / "crm.db-wal").exists()
        writer.add(customer("C-3", email="bob@example.com"))
        assert len(writer) == 3


def _file_bytes(path: Path) -> bytes:
    return b"".join(
        p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()
    )


def test_an_erased_record_leaves_no_trace_in_the_database_files(tmp_path: Path) -> None:
    """Erasure (UK GDPR Article 17) is real: the bytes are gone, not only unlinked."""
    path = tmp_path / "crm.db"
    erased, former = b"siobhan.obrien@example.com", b"s.obrien.old@example.com"
    with SQLiteRepository.open(path) as repository:
        for n in range(40):
            repository.add(customer(f"C-{n:02d}", email=f"kept.{n}@example.com"))
        repository.add(customer("C-99", email=former.decode()))
        record, change_set = corrected(customer("C-99", email=former.decode()), erased.decode())
        repository.save(record, change_set, version=1)
        assert erased in _file_bytes(path)
        repository.delete("C-99", version=2)
        on_disk = _file_bytes(path)
        assert erased not in on_disk
        assert former not in on_disk
        assert b"kept.17@example.com" in on_disk  # the reading finds what is there
    assert erased not in _file_bytes(path)


def test_secure_delete_is_on_whatever_sqlite_was_built_with(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "crm.db", isolation_level=None)
    connection.execute("PRAGMA secure_delete = OFF")
    repository = SQLiteRepository(connection)
    assert connection.execute("PRAGMA secure_delete").fetchone()[0] == 1
    repository.close()


def test_a_database_opened_read_only_reads_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    with SQLiteRepository.open(path) as repository:
        repository.add(customer("C-1"))
    with SQLiteRepository.open(path, read_only=True) as reader:
        assert reader.get("C-1") == StoredRecord(customer("C-1"), 1)
        assert [r.id for r in reader.records()] == ["C-1"]
        with pytest.raises(UsageError):
            reader.add(customer("C-2"))
        with pytest.raises(UsageError):
            reader.delete("C-1", version=1)
    with SQLiteRepository.open(path) as repository:
        assert len(repository) == 1


def test_reading_only_where_there_is_no_database_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue) as raised:
        SQLiteRepository.open(tmp_path / "missing.db", read_only=True)
    assert (raised.value.code, raised.value.field) == ("no_database", "path")
    assert not (tmp_path / "missing.db").exists()
    sqlite3.connect(tmp_path / "empty.db").execute("CREATE TABLE other (x)").connection.close()
    with pytest.raises(InvalidValue) as raised:
        SQLiteRepository.open(tmp_path / "empty.db", read_only=True)
    assert raised.value.code == "no_database"


@pytest.mark.parametrize("read_only", [False, True])
def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Name,Email\nJane Doe,jane.doe@example.com\n" * 100, encoding="utf-8")
    with pytest.raises(InvalidValue) as raised:
        SQLiteRepository.open(path, read_only=read_only)
    assert (raised.value.code, raised.value.field) == ("not_a_database", "path")
    assert "jane" not in str(raised.value)
    with pytest.raises(InvalidValue) as raised:
        SQLiteAuditSink(path)
    assert raised.value.code == "not_a_database"


# --- audit sinks: in memory and in SQLite ---------------------------------------------------


class TestMemoryAuditSink(AuditSinkContract):
    def make_sink(self) -> MemoryAuditSink:
        return MemoryAuditSink()

    def alter_event(self, sink: Any, position: int, event: AuditEvent) -> None:
        sink._chain[position - 1] = (event, sink._chain[position - 1][1])

    def remove_event(self, sink: Any, position: int) -> None:
        del sink._chain[position - 1]

    def swap_events(self, sink: Any, first: int, second: int) -> None:
        chain = sink._chain
        chain[first - 1], chain[second - 1] = chain[second - 1], chain[first - 1]

    def cut_off_last(self, sink: Any, count: int) -> None:
        del sink._chain[-count:]


class TestSQLiteAuditSink(AuditSinkContract):
    @pytest.fixture(autouse=True)
    def _folder(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self.folder = tmp_path_factory.mktemp("audit")
        self.made = 0

    def make_sink(self) -> SQLiteAuditSink:
        self.made += 1
        return SQLiteAuditSink(self.folder / f"audit-{self.made}.db")

    def close_sink(self, sink: Any) -> None:
        sink.close()

    def _tamper(self, sink: Any, *statements: str) -> None:
        connection = sink._connection
        connection.execute("DROP TRIGGER audit_no_update")
        connection.execute("DROP TRIGGER audit_no_delete")
        for statement in statements:
            connection.execute(statement)

    def alter_event(self, sink: Any, position: int, event: AuditEvent) -> None:
        data = json.dumps(converter.unstructure(event))
        sink._connection.execute("DROP TRIGGER audit_no_update")
        sink._connection.execute("UPDATE audit SET event = ? WHERE position = ?", (data, position))

    def remove_event(self, sink: Any, position: int) -> None:
        self._tamper(
            sink,
            f"DELETE FROM audit WHERE position = {position}",
            f"UPDATE audit SET position = position - 1 WHERE position > {position}",
        )

    def swap_events(self, sink: Any, first: int, second: int) -> None:
        self._tamper(
            sink,
            f"UPDATE audit SET position = -position WHERE position IN ({first}, {second})",
            f"UPDATE audit SET position = {first + second} + position WHERE position < 0",
        )

    def cut_off_last(self, sink: Any, count: int) -> None:
        self._tamper(
            sink, f"DELETE FROM audit WHERE position > (SELECT max(position) FROM audit) - {count}"
        )


def _collection(subject_id: str) -> AuditEvent:
    return AuditEvent(
        at=AT,
        action=AuditAction.COLLECTION,
        subject_id=subject_id,
        requester="system",
        outcome="recorded",
    )


@pytest.mark.parametrize(
    "statement", ["UPDATE audit SET link = 'x'", "DELETE FROM audit WHERE position = 1"]
)
def test_the_sqlite_audit_table_refuses_changes(tmp_path: Path, statement: str) -> None:
    with SQLiteAuditSink(tmp_path / "audit.db") as sink:
        sink.append(_collection("C-1"))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            sink._connection.execute(statement)
        assert sink.verify()


def test_the_audit_log_survives_being_opened_again_beside_the_records(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    with SQLiteRepository.open(path) as repository, SQLiteAuditSink(path) as sink:
        repository.add(customer("C-1"))
        sink.append(_collection("C-1"))
        head = sink.head
    with SQLiteAuditSink(path) as sink:
        sink.append(_collection("C-2"))
        assert [event.subject_id for event in sink.events] == ["C-1", "C-2"]
        assert sink.verify()
        assert not sink.verify(head)
    with SQLiteRepository.open(path, read_only=True) as repository:
        assert repository.get("C-1") is not None


# --- reading back what the adapter wrote, without checking it all again -------------------------


@given(customer_records())
def test_the_trusted_path_builds_exactly_what_the_converter_builds(record: CustomerRecord) -> None:
    data = converter.unstructure(record)
    trusted = trusted_record(json.loads(json.dumps(data)), phone_facts(record))
    checked = converter.structure(data, CustomerRecord)
    assert trusted == checked == record
    # Same types all the way down (a list is not a tuple, a fixed offset not a zone).
    assert _shape(trusted) == _shape(checked)


def _shape(value: object) -> object:
    """A value as nested (type, parts), for comparing types as well as values."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))  # type: ignore[arg-type]
        parts = {f.name: _shape(getattr(value, f.name)) for f in fields}
        return (type(value), parts)
    if isinstance(value, tuple):
        return (tuple, [_shape(item) for item in value])
    if isinstance(value, frozenset):
        return (frozenset, sorted(repr(_shape(item)) for item in value))
    if isinstance(value, datetime):
        return (datetime, value.isoformat(), type(value.tzinfo))
    return (type(value), value)


def test_a_row_changed_behind_the_adapters_back_is_checked_in_full(tmp_path: Path) -> None:
    with SQLiteRepository.open(tmp_path / "crm.db") as repository:
        repository.add(customer("C-1"))
        repository._connection.execute(
            "UPDATE records SET data = json_set(data, '$.contact_points[0].value',"
            " 'Jane.Doe@EXAMPLE.com')"
        )
        # Valid, but not as the library writes it: only the full check normalises it.
        stored = repository.get("C-1")
        assert stored is not None
        assert stored.record.contact_points[0].value.normalized == "Jane.Doe@example.com"


V1_SCHEMA = """
CREATE TABLE records (id TEXT PRIMARY KEY, version INTEGER NOT NULL CHECK (version >= 1),
    data TEXT NOT NULL);
CREATE TABLE lookup (kind TEXT NOT NULL, value TEXT NOT NULL,
    record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    PRIMARY KEY (kind, value, record_id)) WITHOUT ROWID;
CREATE INDEX lookup_by_record ON lookup (record_id);
CREATE TABLE changes (record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    version INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (record_id, version));
PRAGMA user_version = 1;
"""


def test_a_database_from_the_first_version_is_read_and_brought_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    old = sqlite3.connect(path)
    old.executescript(V1_SCHEMA)
    data = json.dumps(converter.unstructure(customer("C-1")))
    old.execute("INSERT INTO records VALUES ('C-1', 1, ?)", (data,))
    old.execute("INSERT INTO lookup VALUES ('email', 'jane.doe@example.com', 'C-1')")
    old.commit()
    old.close()
    with SQLiteRepository.open(path, read_only=True) as reader:
        assert reader.get("C-1") == StoredRecord(customer("C-1"), 1)
    with SQLiteRepository.open(path) as repository:
        assert repository.get("C-1") == StoredRecord(customer("C-1"), 1)
        record, change_set = corrected(customer("C-1"), "jane@example.org")
        repository.save(record, change_set, version=1)
        assert repository.get("C-1") == StoredRecord(record, 2)
        assert repository._connection.execute("PRAGMA user_version").fetchone()[0] == 3
