"""Tests for custrecords.adapters: both reference adapters keep the repository contract."""

from __future__ import annotations

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

from custrecords import (
    ChangeReason,
    ChangeSet,
    ChangeSource,
    Conflict,
    ContactPoint,
    CustomerRecord,
    EmailAddress,
    InvalidValue,
    LookupKey,
    PersonName,
    PostalAddress,
    Provenance,
    RecordRepository,
    Source,
    StoredRecord,
    UsageError,
    update,
)
from custrecords.adapters import MemoryRepository, SQLiteRepository
from custrecords.testing import RepositoryContract


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
    """Version 1 kept "mr kowalski" for "Mr Paweł Kowalski": opened now, he is found."""
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
    connection.execute("PRAGMA user_version = 1")
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
