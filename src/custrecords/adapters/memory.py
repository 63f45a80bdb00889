"""`MemoryRepository`: a `RecordRepository` held in a few dictionaries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import final

from custrecords._checks import check_id, check_type
from custrecords.adapters._common import check_key, check_save, check_version
from custrecords.collecting import ChangeSet
from custrecords.errors import Conflict
from custrecords.ports import LookupKey, StoredRecord, lookup_keys
from custrecords.records import CustomerRecord

__all__ = ["MemoryRepository"]


# --- in memory ---------------------------------------------------------------------------------


@final
class MemoryRepository:
    """A `RecordRepository` held in a few dictionaries.

    Records are immutable, so what it returns is what it holds, never a copy that
    could drift. It is not safe to share between threads without a lock.
    """

    __slots__ = ("_history", "_index", "_records")

    def __init__(self) -> None:
        self._records: dict[str, StoredRecord] = {}
        self._index: dict[LookupKey, set[str]] = {}
        self._history: dict[str, list[ChangeSet]] = {}

    def __len__(self) -> int:
        return len(self._records)

    def get(self, record_id: str) -> StoredRecord | None:
        """The record with ``record_id`` and its version, or ``None``."""
        check_id(record_id, "record_id")
        return self._records.get(record_id)

    def find(self, key: LookupKey) -> Sequence[StoredRecord]:
        """The records whose current version has ``key``, in order of id."""
        check_key(key)
        return tuple(self._records[record_id] for record_id in sorted(self._index.get(key, ())))

    def add(self, record: CustomerRecord) -> StoredRecord:
        """Store a new record as version 1; `Conflict` ``exists`` if its id is taken."""
        check_type(record, CustomerRecord, "record")
        if record.id in self._records:
            raise Conflict("exists", record.id)
        return self._put(StoredRecord(record, 1))

    def save(self, record: CustomerRecord, change_set: ChangeSet, *, version: int) -> StoredRecord:
        """Store ``record`` as the next version after ``version``, or raise `Conflict`."""
        check_save(record, change_set, version)
        self._current(record.id, version)
        self._unindex(record.id)
        self._history.setdefault(record.id, []).append(change_set)
        return self._put(StoredRecord(record, version + 1))

    def history(self, record_id: str) -> Sequence[ChangeSet]:
        """The change sets saved for the record, oldest first."""
        check_id(record_id, "record_id")
        return tuple(self._history.get(record_id, ()))

    def delete(self, record_id: str, *, version: int) -> None:
        """Forget the record, its keys and its history; `Conflict` if stale or missing."""
        check_id(record_id, "record_id")
        check_version(version)
        self._current(record_id, version)
        self._unindex(record_id)
        del self._records[record_id]
        self._history.pop(record_id, None)

    def records(self) -> Iterator[CustomerRecord]:
        """Every record, in order of id."""
        for record_id in sorted(self._records):
            stored = self._records.get(record_id)
            if stored is not None:  # deleted while the caller was iterating
                yield stored.record

    def _current(self, record_id: str, version: int) -> None:
        stored = self._records.get(record_id)
        if stored is None:
            raise Conflict("not_found", record_id)
        if stored.version != version:
            raise Conflict("stale_version", record_id)

    def _put(self, stored: StoredRecord) -> StoredRecord:
        self._records[stored.record.id] = stored
        for key in lookup_keys(stored.record):
            self._index.setdefault(key, set()).add(stored.record.id)
        return stored

    def _unindex(self, record_id: str) -> None:
        for key in lookup_keys(self._records[record_id].record):
            ids = self._index[key]
            ids.discard(record_id)
            if not ids:
                del self._index[key]
