"""Reading back, cheaply, the records a reference adapter wrote itself.

Structuring a record through the converter checks every value again: each e-mail
address through email-validator and each phone number through libphonenumber's
numbering plans. That is right for data from anywhere else, and wasted on data the
adapter wrote from a record that was checked when it was made, and that is unchanged
since. So an adapter stores, beside each record's converter JSON:

- the facts a phone number's check derives (`phone_facts`: its region and kind), so
  that reading needs no numbering plan;
- a checksum of both (its own), which tells it the row is as it wrote it.

A row whose checksum holds is built by `trusted_record`, straight into the record's
classes; any other row (written by someone else, by an earlier version, damaged) goes
through the converter and every check, as before.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from types import NoneType, UnionType
from typing import Any, Final, Union, get_args, get_origin

import attrs

from custrecords.records import CustomerRecord
from custrecords.values import EmailAddress, PhoneKind, PhoneNumber

__all__ = ["checksum", "phone_facts", "trusted_record"]

Facts = Mapping[str, list[str | None]]
_Build = Callable[[Any, Facts], Any]

_new: Final = object.__new__
_set: Final = object.__setattr__


def phone_facts(record: CustomerRecord) -> dict[str, list[str | None]]:
    """Each phone number's normalised form, mapped to its E.164 form, region, kind, extension."""
    return {
        point.value.normalized: [
            point.value.e164,
            point.value.region,
            point.value.kind.value,
            point.value.extension,
        ]
        for point in record.contact_points
        if isinstance(point.value, PhoneNumber)
    }


def checksum(data: str, facts: str) -> int:
    """The CRC-32 of a row's data and facts: damage, or a write by anyone else, changes it."""
    return zlib.crc32(facts.encode(), zlib.crc32(data.encode()))


def _email(value: str, _: Facts) -> EmailAddress:
    email = _new(EmailAddress)
    _set(email, "normalized", value)
    return email


def _phone(value: str, facts: Facts) -> PhoneNumber:
    e164, region, kind, extension = facts[value]
    phone = _new(PhoneNumber)
    _set(phone, "e164", e164)
    _set(phone, "region", region)
    _set(phone, "kind", PhoneKind(str(kind)))
    _set(phone, "extension", extension)
    return phone


def _contact(value: str, facts: Facts) -> EmailAddress | PhoneNumber:
    return _phone(value, facts) if value in facts else _email(value, facts)


def _same(value: Any, _: Facts) -> Any:
    return value


def _builder(kind: Any) -> _Build:  # noqa: PLR0911 - one case a kind of type
    if kind in _BUILDERS:
        return _BUILDERS[kind]
    args = get_args(kind)
    origin = get_origin(kind)
    if origin in (UnionType, Union):
        if set(args) == {EmailAddress, PhoneNumber}:
            return _contact
        (inner,) = (arg for arg in args if arg is not NoneType)
        build = _builder(inner)
        if build is _same:
            return _same
        return lambda value, facts: None if value is None else build(value, facts)
    if origin in (tuple, frozenset):
        collect = tuple if origin is tuple else frozenset
        build = _builder(args[0])
        if build is _same:
            return lambda value, _: collect(value)
        return lambda value, facts: collect([build(item, facts) for item in value])
    if isinstance(kind, type) and issubclass(kind, Enum):
        members = kind._value2member_map_
        return lambda value, _: members[value]
    if attrs.has(kind):
        return _attrs_builder(kind)
    raise TypeError(kind)  # a type this path does not know: the converter reads it


def _attrs_builder(cls: type) -> _Build:
    """A function that builds ``cls`` from its converter data, written out as attrs does.

    One line a field, no loop and no checks: the generated code is what makes this path
    cheap.
    """
    attrs.resolve_types(cls)
    namespace: dict[str, Any] = {"new": _new, "set": _set, "cls": cls}
    lines = [f"def build_{cls.__name__}(value, facts):", "    made = new(cls)"]
    for index, field in enumerate(attrs.fields(cls)):
        build = _builder(field.type)
        if build is _same:
            lines.append(f"    set(made, {field.name!r}, value[{field.name!r}])")
        else:
            namespace[f"build_{index}"] = build
            lines.append(
                f"    set(made, {field.name!r}, build_{index}(value[{field.name!r}], facts))"
            )
    lines.append("    return made")
    exec("\n".join(lines), namespace)  # noqa: S102 - our own code, from the field names
    built: _Build = namespace[f"build_{cls.__name__}"]
    return built


_BUILDERS: Final[dict[Any, _Build]] = {
    str: _same,
    int: _same,
    bool: _same,
    datetime: lambda value, _: datetime.fromisoformat(value),
    date: lambda value, _: date.fromisoformat(value),
    EmailAddress: _email,
    PhoneNumber: _phone,
}
_RECORD: Final = _attrs_builder(CustomerRecord)


def trusted_record(data: Any, facts: Any) -> CustomerRecord:
    """A record the adapter wrote, built without checking its values again.

    Only for rows whose `checksum` holds. Raises ``KeyError``, ``TypeError`` or
    ``ValueError`` when the data does not have the shape the adapter writes; the caller
    then reads it through the converter, whose errors say what is wrong and where.
    """
    record: CustomerRecord = _RECORD(data, facts)
    return record
