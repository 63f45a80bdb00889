"""The ports a host implements: where records are stored, and how they are looked up.

custrecords keeps no data of its own. A host plugs its storage in by implementing
`RecordRepository` and `AuditSink` (defined with the audit trail, and re-exported
here so that both ports are in one place) for its own database;
`custrecords.adapters` has in-memory, SQLite and PostgreSQL references, and
`custrecords.testing.RepositoryContract` is the suite that proves an adapter right.

Records are looked up by `LookupKey`: a normalised e-mail address, phone number, or
name with a postcode or a date of birth. The library computes the keys
(`lookup_keys`), so every adapter agrees on what "the same e-mail address" means; an
adapter only stores each record's keys beside it and finds records by key.

>>> from custrecords import EmailAddress, PhoneNumber
>>> LookupKey.email(EmailAddress.parse("Jane.Doe@Example.com")).value
'jane.doe@example.com'
>>> LookupKey.phone(PhoneNumber.parse("07400 123456")).value
'+447400123456'
>>> LookupKey.phone(PhoneNumber.parse("07400 123456"))
LookupKey(kind=<LookupKind.PHONE: 'phone'>, value='<masked>')
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from enum import StrEnum
from typing import Protocol, final, runtime_checkable

import attrs

from custrecords._checks import check_choice
from custrecords.audit import AuditSink
from custrecords.collecting import ChangeSet, Draft
from custrecords.errors import InvalidValue
from custrecords.names import _keys as _name_keys
from custrecords.records import CustomerRecord
from custrecords.values import EmailAddress, PersonName, PhoneNumber

__all__ = [
    "AuditSink",
    "LookupKey",
    "LookupKind",
    "RecordRepository",
    "StoredRecord",
    "lookup_keys",
]


class LookupKind(StrEnum):
    """What a lookup key is made of."""

    EMAIL = "email"
    PHONE = "phone"
    NAME_POSTCODE = "name_postcode"
    NAME_BIRTH_DATE = "name_birth_date"


def _fold_postcode(postcode: str) -> str:
    return "".join(postcode.split()).upper()


@final
@attrs.frozen
class LookupKey:
    """A normalised value a record can be found by; the value is masked in ``repr``.

    Build keys with the named constructors, never by hand: they hold the one
    normalisation every adapter must agree on.

    Attributes:
        kind: e-mail, phone, name and postcode, or name and date of birth.
        value: the normalised value, the string an adapter indexes.
    """

    kind: LookupKind
    value: str = attrs.field(repr=lambda _: "'<masked>'")

    def __attrs_post_init__(self) -> None:
        check_choice(self.kind, LookupKind, "lookup_key.kind")
        if not isinstance(self.value, str) or not self.value:
            raise InvalidValue("empty", "lookup_key.value", "must be non-empty text")

    @classmethod
    def email(cls, address: EmailAddress) -> LookupKey:
        """The key for an e-mail address: the whole address, case-folded.

        The part before the ``@`` is case-sensitive in principle, and in practice no
        mail provider treats it so: ``Jane.Doe@Example.com`` is ``jane.doe@example.com``.
        Dots and ``+tags`` are kept: they do make different addresses at most providers.
        """
        return cls(LookupKind.EMAIL, address.normalized.casefold())

    @classmethod
    def phone(cls, number: PhoneNumber) -> LookupKey:
        """The key for a phone number: its E.164 form (``+447400123456``), extension dropped."""
        return cls(LookupKind.PHONE, number.e164)

    @classmethod
    def contact(cls, value: EmailAddress | PhoneNumber) -> LookupKey:
        """The key for a contact point's value: `email` or `phone`, by its type."""
        return cls.email(value) if isinstance(value, EmailAddress) else cls.phone(value)

    @classmethod
    def name_and_postcode(cls, name: PersonName, postcode: str) -> LookupKey:
        """The key for a name at a postcode: the name's principal key, and the postcode.

        The principal key is the given name with the whole last surname, folded as
        `custrecords.names` folds names; the postcode is without spaces. A record is
        found by every key of its name (`lookup_keys`); this is the one to look it up by.

        Raises:
            InvalidValue: ``empty`` for a name with no letters left once folded.
        """
        return cls(LookupKind.NAME_POSTCODE, f"{_principal(name)}|{_fold_postcode(postcode)}")

    @classmethod
    def name_and_birth_date(cls, name: PersonName, born: date) -> LookupKey:
        """The key for a name with a date of birth: the name's principal key, and the date."""
        return cls(LookupKind.NAME_BIRTH_DATE, f"{_principal(name)}|{born.isoformat()}")


def _principal(name: PersonName) -> str:
    keys = _name_keys(name)
    if not keys:
        raise InvalidValue("empty", "name", "has no letters to find it by")
    return keys[0]


def lookup_keys(record: CustomerRecord | Draft) -> frozenset[LookupKey]:
    """Every key a record (or a draft of one) can be found by.

    One per e-mail address and phone number; with a name, one per postcode held and
    one for the date of birth, for each key of the name (`custrecords.names.name_keys`:
    ``Jane Smith-Jones`` is found as ``Jane Smith``, ``Jane Jones`` and
    ``Jane SmithJones``).

    >>> from custrecords import PersonName, PostalAddress
    >>> from custrecords.collecting import Draft
    >>> from custrecords.records import Source
    >>> from datetime import UTC, datetime
    >>> draft = Draft(id="C-1", source=Source.CUSTOMER_PHONE, collected_by="agent-7",
    ...     collected_at=datetime(2026, 11, 23, 10, tzinfo=UTC),
    ...     name=PersonName.parse("Siobhán O'Brien"),
    ...     addresses=(PostalAddress.parse(["1 High St"], postcode="cf10 1aa"),))
    >>> [key.value for key in lookup_keys(draft)]
    ['obrien siobhan|CF101AA']
    """
    if not isinstance(record, CustomerRecord | Draft):
        raise InvalidValue("wrong_type", "record", "must be a CustomerRecord or a Draft")
    keys = {LookupKey.contact(point.value) for point in record.contact_points}
    names = () if record.name is None else _name_keys(record.name)
    for name in names:
        for address in record.addresses:
            if address.postcode:
                postcode = _fold_postcode(address.postcode)
                keys.add(LookupKey(LookupKind.NAME_POSTCODE, f"{name}|{postcode}"))
        if record.date_of_birth is not None:
            born = record.date_of_birth.isoformat()
            keys.add(LookupKey(LookupKind.NAME_BIRTH_DATE, f"{name}|{born}"))
    return frozenset(keys)


@final
@attrs.frozen
class StoredRecord:
    """A record as a repository holds it, with its version.

    Attributes:
        record: the record.
        version: 1 when it was added, one more with each save.
    """

    record: CustomerRecord
    version: int


@runtime_checkable
class RecordRepository(Protocol):
    """Where a host keeps customer records: its own database, behind this port.

    An implementation must:

    - keep each record whole: a read returns exactly what was written, or nothing;
    - refuse a write based on a version that is no longer the stored one, with
      `Conflict`, and write nothing: a stale write never overwrites a newer one;
    - keep the change set of every save, in order, as the record's history;
    - find records by every key `lookup_keys` gives for their current version, and by
      no key they no longer hold;
    - forget a deleted record entirely: its keys and its history too, since change sets
      hold the values they changed.

    `custrecords.testing.RepositoryContract` checks all of this against an adapter.
    """

    def get(self, record_id: str) -> StoredRecord | None:
        """The record with ``record_id`` and its version, or ``None``."""
        ...  # pragma: no cover

    def find(self, key: LookupKey) -> Sequence[StoredRecord]:
        """The records whose current version has ``key``, in order of id."""
        ...  # pragma: no cover

    def add(self, record: CustomerRecord) -> StoredRecord:
        """Store a new record, as version 1.

        Raises:
            Conflict: ``exists`` when a record with its id is stored.
        """
        ...  # pragma: no cover

    def save(self, record: CustomerRecord, change_set: ChangeSet, *, version: int) -> StoredRecord:
        """Store ``record`` as the next version, made by ``change_set`` from ``version``.

        Raises:
            Conflict: ``stale_version`` when the stored version is not ``version``;
                ``not_found`` when no record with the id is stored.
        """
        ...  # pragma: no cover

    def history(self, record_id: str) -> Sequence[ChangeSet]:
        """The change sets saved for the record, oldest first; empty for none or no record."""
        ...  # pragma: no cover

    def delete(self, record_id: str, *, version: int) -> None:
        """Forget the record, its keys and its history (erasure).

        Raises:
            Conflict: ``stale_version`` or ``not_found``, as `save` does.
        """
        ...  # pragma: no cover

    def records(self) -> Iterator[CustomerRecord]:
        """Every record, in order of id, read a few at a time (for retention runs)."""
        ...  # pragma: no cover
