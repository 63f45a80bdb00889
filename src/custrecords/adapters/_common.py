"""Checks every reference adapter makes on what it is given."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final, TypeAlias

from custrecords._checks import check_type
from custrecords.collecting import ChangeSet
from custrecords.errors import InvalidValue
from custrecords.ports import LookupKey
from custrecords.records import CustomerRecord
from custrecords.serialization import converter

__all__ = [
    "Damaged",
    "check_key",
    "check_save",
    "check_version",
    "damaged_record",
    "load_record",
    "read_pages",
]

Damaged: TypeAlias = Callable[[str, InvalidValue], None]
"""What a scan calls with a damaged record's id and the error, before going on."""


PAGE: Final = 500
"""Records read at a time by a scan, each page in its own short read."""


def read_pages(
    page: Callable[[str], Sequence[Sequence[Any]]],
    read: Callable[..., CustomerRecord],
    found: list[str],
    damaged: Damaged | None,
) -> Iterator[CustomerRecord]:
    """Every record, a page at a time, a damaged one skipped and reported.

    Args:
        page: the stored rows after an id, in order of id, at most `PAGE` of them:
            each the id, then what ``read`` takes after the id.
        read: a stored row's record, given its id and the rest of the row.
        found: where each damaged record's id is kept.
        damaged: called with each damaged record's id and its `InvalidValue`.
    """
    after = ""
    while True:
        rows = page(after)
        for record_id, *row in rows:
            try:
                record = read(record_id, *row)
            except InvalidValue as error:
                found.append(record_id)
                if damaged is not None:
                    damaged(record_id, error)
                continue
            yield record
        if len(rows) < PAGE:
            return
        after = rows[-1][0]


def check_save(record: object, change_set: object, version: object) -> None:
    change_set = check_type(change_set, ChangeSet, "change_set")
    if change_set.record_id != check_type(record, CustomerRecord, "record").id:
        raise InvalidValue("wrong_record", "change_set.record_id", "is not the record's id")
    check_version(version)


def check_version(version: object) -> None:
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidValue("wrong_type", "version", "must be a whole number, 1 or more")


def check_key(key: object) -> None:
    check_type(key, LookupKey, "key")


def load_record(record_id: str, data: object) -> CustomerRecord:
    """A stored record's converter data, structured; the problem names the record, not its content.

    Raises:
        InvalidValue: at the path of the field that no longer reads, its problem
            naming the stored record's id.
    """
    try:
        return converter.structure(data, CustomerRecord)
    except InvalidValue as error:
        raise InvalidValue(
            error.code, error.field, f"{error.problem} (in stored record {record_id})"
        ) from None


def damaged_record(record_id: str) -> InvalidValue:
    """The error for a stored record whose data is not even JSON."""
    return InvalidValue(
        "damaged_record", "$", f"stored record {record_id} is damaged: not readable data"
    )
