"""Contact details: phone numbers and e-mail addresses.

Each is checked by the same parser a record uses (`PhoneNumber.parse`, reading UK
numbers by Ofcom's National Numbering Plan and others by ITU-T E.164, and
`EmailAddress.parse`), so what the scanner calls a phone number or an e-mail address
is one a record would accept. Contact details belong in a record's fields, where they
can be kept accurate and erased, not in a note: they are redacted.
"""

from __future__ import annotations

import re
from typing import Final

from custrecords.errors import InvalidValue
from custrecords.scanning.context import _REFERENCE, _embedded, _Scan
from custrecords.scanning.findings import _REDACT
from custrecords.values import EmailAddress, _valid_phone

__all__: list[str] = []  # `Scanner` runs these detectors; nothing here is public


# Written as people write UK numbers: a national 0, +44 or 0044, brackets, groups.
# Not inside a word, a longer number or a path ("ref/0123..."); after a number and "/"
# it is the second of two ("07400123458/07400123459").
# Up to 24 characters inside: a number read out digit by digit ("0 7 4 0 0 ...") is long.
_PHONE: Final = re.compile(r"(?<![\w+\-])(?<![^\d]/)(?<!^/)(?:\+\d|\(?0)[\d \-()]{7,24}\d(?!\d)")
_NO_UK_AREA: Final = frozenset("046")


def _is_phone(candidate: str) -> bool:
    """Whether ``candidate`` is a phone number in use.

    Numbers are written with a national 0 (ten or eleven digits in the UK), or with
    ``+`` or ``00`` and a country code (at most fifteen digits, ITU-T E.164): anything
    else is not parsed at all, which keeps order numbers off the costly path.
    """
    digits = sum(char.isdigit() for char in candidate)
    if candidate.count("(") != candidate.count(")"):
        return False
    if candidate.startswith(("+", "00")):
        # No country calling code starts with 0 (ITU-T E.164).
        plausible = 8 <= digits - 2 * candidate.startswith("00") <= 15 and not (
            candidate.startswith("000")
        )
    else:
        # UK numbers start 01, 02, 03, 05, 07, 08 or 09 (Ofcom's National Numbering Plan).
        national = candidate.lstrip("(")
        plausible = (
            national.startswith("0") and 10 <= digits <= 11 and national[1:2] not in _NO_UK_AREA
        )
    if not plausible:
        return False
    try:
        _valid_phone(candidate, "GB", "phone")
    except InvalidValue:
        return False
    return True


def _phone(scan: _Scan, start: int, end: int) -> None:
    """Each phone number in use in a run, as `PhoneNumber.parse` reads it (UK unless +code).

    A run may hold two numbers ("07400 123456 07400 123457"): after each one found,
    or each start that is none, the search goes on from there.
    """
    position = max(0, start - 8)
    while (match := _PHONE.search(scan.text, position, end)) is not None:
        first, last = match.span()
        if last <= start:
            return
        position = first + 1
        if _embedded(scan.text, first, last) or _REFERENCE.search(
            scan.lower, max(0, first - 30), first
        ):
            continue
        # A number run into the next one ("07400 123456 4111 ..."): try it shorter.
        for _ in range(4):
            if not scan.is_claimed(first, last) and _is_phone(scan.text[first:last]):
                scan.add("user.contact.phone_number", (first, last), 0.85, _REDACT, "phone_number")
                scan.claim((first, last))
                position = last
                break
            last = scan.text.rfind(" ", first, last)
            if last == -1:
                break


# A local part of at most 64 characters (RFC 5321, section 4.5.3.1.1), domain labels of
# at most 63 (RFC 1035, section 2.3.4).
_EMAIL_LOCAL: Final = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")
_EMAIL_DOMAIN: Final = re.compile(
    r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?){1,8}"
)


def _emails(scan: _Scan) -> None:
    """E-mail addresses that `EmailAddress.parse` accepts."""
    lower = scan.lower
    at = lower.find("@")
    while at != -1:
        local = _EMAIL_LOCAL.search(lower, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(lower, at + 1)
        if local is not None and domain is not None:
            start = local.start()
            while start < at and lower[start] == ".":
                start += 1
            end = domain.end()
            try:
                EmailAddress.parse(scan.text[start:end])
            except InvalidValue:
                pass
            else:
                scan.add("user.contact.email", (start, end), 0.99, _REDACT, "email_address")
        at = lower.find("@", at + 1)
