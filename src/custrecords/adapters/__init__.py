"""Reference adapters for `RecordRepository`: in memory, and SQLite.

`MemoryRepository` is for tests, demos and hosts small enough to load everything.
`SQLiteRepository` stores records in an SQLite database through the standard
library's ``sqlite3``: each record is the converter's JSON, its lookup keys sit in an
indexed table beside it, and each save's change set is kept as its history. Both pass
`custrecords.testing.RepositoryContract`; read them as worked examples when writing an
adapter for your own database.

>>> from datetime import UTC, datetime
>>> from custrecords import CustomerRecord, EmailAddress, ContactPoint, Provenance, Source
>>> from custrecords.ports import LookupKey
>>> email = EmailAddress.parse("jane@example.com")
>>> record = CustomerRecord(id="C-1", contact_points=(ContactPoint(value=email),),
...     provenance=(Provenance(fields=frozenset({"email_addresses"}), source=Source.SYSTEM,
...         collected_by="web", collected_at=datetime(2026, 11, 23, tzinfo=UTC)),))
>>> with SQLiteRepository.open(":memory:") as repository:
...     repository.add(record).version
...     [stored.record.id for stored in repository.find(LookupKey.email(email))]
1
['C-1']
"""

from custrecords.adapters.memory import MemoryRepository
from custrecords.adapters.sqlite import SQLiteAuditSink, SQLiteRepository

__all__ = ["MemoryRepository", "SQLiteAuditSink", "SQLiteRepository"]
