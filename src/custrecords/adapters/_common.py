"""Checks every reference adapter makes on what it is given."""

from __future__ import annotations

from custrecords._checks import check_type
from custrecords.collecting import ChangeSet
from custrecords.errors import InvalidValue
from custrecords.ports import LookupKey
from custrecords.records import CustomerRecord

__all__ = ["check_key", "check_save", "check_version"]


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
