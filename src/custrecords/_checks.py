"""The checks every value and rule shares, with fixed messages that never hold the value.

attrs' own validators put the rejected value in their messages, and can be switched
off process-wide; these are plain functions called from ``__attrs_post_init__``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Final, TypeVar
from zoneinfo import ZoneInfo

from custrecords.errors import InvalidValue

__all__ = [
    "check_bool",
    "check_choice",
    "check_id",
    "check_items",
    "check_not_before",
    "check_optional_id",
    "check_optional_text",
    "check_optional_time",
    "check_text",
    "check_time",
    "check_unique",
]

# Identifiers name records, notes, colleagues and systems. They are references, not
# personal data, so they may be shown and logged: no spaces and no "@" keeps names
# and e-mail addresses out of them.
_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_MAX_TEXT: Final = 100_000
_T = TypeVar("_T")


def check_type(value: object, kind: type[_T], field: str) -> _T:
    """``value``, if it is a ``kind``; else `InvalidValue` naming the type, never the value."""
    if not isinstance(value, kind):
        name = kind.__name__
        article = "" if name.endswith("s") else "an " if name[0] in "AEIOU" else "a "
        raise InvalidValue("wrong_type", field, f"must be {article}{name}")
    return value


def check_id(value: object, field: str) -> None:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise InvalidValue(
            "invalid_id",
            field,
            "must be an identifier: 1 to 128 letters, digits or . _ : - (no spaces, no @)",
        )


def check_optional_id(value: object, field: str) -> None:
    if value is not None:
        check_id(value, field)


def check_time(value: object, field: str) -> None:
    if not isinstance(value, datetime):
        raise InvalidValue("wrong_type", field, "must be a datetime")
    if value.utcoffset() is None:
        raise InvalidValue("naive_datetime", field, "must have a time zone")


def check_optional_time(value: object, field: str) -> None:
    if value is not None:
        check_time(value, field)


def check_not_before(later: datetime | None, earlier: datetime, field: str) -> None:
    if later is not None and later < earlier:
        raise InvalidValue("before_start", field, "is earlier than the time it follows")


def check_text(value: object, field: str, *, allow_empty: bool = False) -> None:
    if not isinstance(value, str) or (not value and not allow_empty):
        raise InvalidValue("wrong_type", field, "must be non-empty text")
    if len(value) > _MAX_TEXT:
        raise InvalidValue("too_long", field, f"is longer than {_MAX_TEXT} characters")


def check_optional_text(value: object, field: str) -> None:
    if value is not None:
        check_text(value, field)


def check_bool(value: object, field: str) -> None:
    if not isinstance(value, bool):
        raise InvalidValue("wrong_type", field, "must be true or false")


def check_choice(value: object, choices: type[StrEnum], field: str) -> None:
    if not isinstance(value, choices):
        raise InvalidValue("wrong_type", field, f"must be a {choices.__name__}")


def check_items(
    value: object,
    kind: type,
    field: str,
    container: type[tuple[object, ...] | frozenset[object]] = tuple,
) -> None:
    if not isinstance(value, container) or not all(isinstance(item, kind) for item in value):
        raise InvalidValue(
            "wrong_type", field, f"must be a {container.__name__} of {kind.__name__}"
        )


def check_unique(keys: Iterable[object], field: str) -> None:
    seen: set[object] = set()
    for key in keys:
        if key in seen:
            raise InvalidValue("duplicate", field, "holds the same item twice")
        seen.add(key)


@functools.cache
def uk_time() -> ZoneInfo:
    """UK time, read from the time-zone database on first use rather than at import."""
    return ZoneInfo("Europe/London")


def uk_day(moment: datetime) -> date:
    """The UK calendar day ``moment`` falls on: the day in Europe/London, not in UTC.

    Every legal day in custrecords is a UK day. Legal time in Great Britain is Greenwich
    mean time (Interpretation Act 1978, s9), an hour ahead of it in summer time (Summer
    Time Act 1972, s1), and the ICO counts the time limits for rights requests in
    calendar days from the day a request arrives (ICO, "Time limits for responding to
    data protection rights requests"). So an authority that ended on 1 July has ended
    at 00:30 BST on 2 July, though that moment is 23:30 on 1 July in UTC.

    The library's records only hold timezone-aware datetimes (`check_time` refuses
    naive ones). A naive ``moment`` is read as UK wall-clock time already, so its own
    date, as export dates without a zone are; it is never read in the machine's zone.

    >>> from datetime import UTC
    >>> uk_day(datetime(2026, 7, 1, 23, 30, tzinfo=UTC))
    datetime.date(2026, 7, 2)
    >>> uk_day(datetime(2026, 12, 1, 23, 30, tzinfo=UTC))
    datetime.date(2026, 12, 1)
    """
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(uk_time()).date()


# Every second digit from the right, doubled, with the digits of the product summed.
_DOUBLED: Final = str.maketrans("0123456789", "0246813579")


def luhn(digits: str) -> bool:
    """The Luhn (mod 10) check that every payment card number passes (ISO/IEC 7812-1).

    ``digits`` holds ASCII digits only.
    """
    checked = (digits[-1::-2] + digits[-2::-2].translate(_DOUBLED)).encode()
    return (sum(checked) - ord("0") * len(checked)) % 10 == 0
