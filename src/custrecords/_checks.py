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


def nhs_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check (NHS Data Dictionary, "NHS Number").

    ``digits`` holds ten ASCII digits.
    """
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    return check != 10 and (check % 11) == int(digits[9])


# Each country's BBAN, as the SWIFT IBAN Registry (release 101) writes it: "4!a6!n8!n"
# is four letters, six digits, eight digits (GB: bank code, sort code, account).
IBAN_BBAN: Final[dict[str, str]] = dict(
    entry.split(":")
    for entry in (
        "ad:4!n4!n12!c ae:3!n16!n al:8!n16!c at:5!n11!n az:4!a20!c ba:3!n3!n8!n2!n "
        "be:3!n7!n2!n bg:4!a4!n2!n8!c bh:4!a14!c bi:5!n5!n11!n2!n br:8!n5!n10!n1!a1!c "
        "by:4!c4!n16!c ch:5!n12!c cr:4!n14!n cy:3!n5!n16!c cz:4!n16!n de:8!n10!n "
        "dj:5!n5!n11!n2!n dk:4!n9!n1!n do:4!c20!n ee:2!n14!n eg:4!n4!n17!n es:4!n4!n1!n1!n10!n "
        "fi:3!n11!n fk:2!a12!n fo:4!n9!n1!n fr:5!n5!n11!c2!n gb:4!a6!n8!n ge:2!a16!n "
        "gi:4!a15!c gl:4!n9!n1!n gr:3!n4!n16!c gt:4!c20!c hn:4!a20!n hr:7!n10!n "
        "hu:3!n4!n1!n15!n1!n ie:4!a6!n8!n il:3!n3!n13!n iq:4!a3!n12!n is:4!n2!n6!n10!n "
        "it:1!a5!n5!n12!c jo:4!a4!n18!c kw:4!a22!c kz:3!n13!c lb:4!n20!c lc:4!a24!c li:5!n12!c "
        "lt:5!n11!n lu:3!n13!c lv:4!a13!c ly:3!n3!n15!n mc:5!n5!n11!c2!n md:2!c18!c "
        "me:3!n13!n2!n mk:3!n10!c2!n mn:4!n12!n mr:5!n5!n11!n2!n mt:4!a5!n18!c "
        "mu:4!a2!n2!n12!n3!n3!a ni:4!a20!n nl:4!a10!n no:4!n6!n1!n om:3!n16!c pk:4!a16!c "
        "pl:8!n16!n ps:4!a21!c pt:4!n4!n11!n2!n qa:4!a21!c ro:4!a16!c rs:3!n13!n2!n "
        "ru:9!n5!n15!c sa:2!n18!c sc:4!a2!n2!n16!n3!a sd:2!n12!n se:3!n16!n1!n si:5!n8!n2!n "
        "sk:4!n6!n10!n sm:1!a5!n5!n12!c so:4!n3!n12!n st:4!n4!n11!n2!n sv:4!a20!n "
        "tl:3!n14!n2!n tn:2!n3!n13!n2!n tr:5!n1!n16!c ua:6!n19!c va:3!n15!n vg:4!a16!n "
        "xk:4!n10!n2!n ye:4!a4!n18!c"
    ).split()
)
_BBAN_PART: Final = re.compile(r"(\d+)!([nac])")
_BBAN_CLASS: Final = {"n": "[0-9]", "a": "[a-z]", "c": "[a-z0-9]"}
# IBAN lengths by country: the country code, the check digits and the BBAN.
IBAN_LENGTHS: Final[dict[str, int]] = {
    country: 4 + sum(int(count) for count, _ in _BBAN_PART.findall(bban))
    for country, bban in IBAN_BBAN.items()
}


@functools.cache
def bban_pattern(country: str) -> re.Pattern[str]:
    """The country's BBAN structure as a pattern, compiled when an IBAN of it is first met."""
    parts = _BBAN_PART.findall(IBAN_BBAN[country])
    return re.compile("".join(f"{_BBAN_CLASS[kind]}{{{count}}}" for count, kind in parts))


def iban_valid(iban: str) -> bool:
    """Whether ``iban``, without spaces or separators, is an IBAN (ISO 13616).

    Its country's length and BBAN structure, from the SWIFT IBAN Registry, and the
    ISO 7064 mod 97-10 check. Either case.
    """
    iban = iban.lower()
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not bban_pattern(iban[:2]).fullmatch(iban[4:]):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1
