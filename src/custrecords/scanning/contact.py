"""Contact details: phone numbers and e-mail addresses.

Each is checked by the same parser a record uses (`PhoneNumber.parse`, reading UK
numbers by Ofcom's National Numbering Plan and others by ITU-T E.164, and
`EmailAddress.parse`), so what the scanner calls a phone number or an e-mail address
is one a record would accept. Contact details belong in a record's fields, where they
can be kept accurate and erased, not in a note: they are redacted.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Final

import phonenumbers
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES

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


_PLAIN: Final = frozenset("0123456789 -()")


def _metadata(region: str) -> phonenumbers.PhoneMetadata:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None:  # pragma: no cover - libphonenumber has metadata for its regions
        raise LookupError(region)
    return metadata


def _description(desc: phonenumbers.PhoneNumberDesc | None) -> str | None:
    """A pattern for numbers of one description: its lengths, if given, and its pattern."""
    if desc is None or not desc.national_number_pattern:
        return None
    lengths = "|".join(rf"\d{{{length}}}\Z" for length in desc.possible_length)
    return (f"(?={lengths})" if lengths else "") + f"(?:{desc.national_number_pattern})"


@cache
def _numbering_plan(region: str) -> re.Pattern[str]:
    """Libphonenumber's plan for ``region``'s national numbers, as one pattern.

    A national number is valid in a region when it matches the region's general
    description and the description of one of its types (fixed line, mobile, ...),
    each a pattern to match in full and, where given, the lengths it may have: what
    libphonenumber's own ``_number_type_helper`` asks, read from its own metadata.
    """
    metadata = _metadata(region)
    types = (
        metadata.premium_rate,
        metadata.toll_free,
        metadata.shared_cost,
        metadata.voip,
        metadata.personal_number,
        metadata.pager,
        metadata.uan,
        metadata.voicemail,
        metadata.fixed_line,
        metadata.mobile,
    )
    any_type = "|".join(filter(None, map(_description, types)))
    general = _description(metadata.general_desc)
    return re.compile(rf"(?=(?:{general})\Z)(?:{any_type})")


def _valid_in(region: str, national: str) -> bool:
    """Whether libphonenumber holds ``national`` a number of some type in ``region``."""
    return _numbering_plan(region).fullmatch(national) is not None


@cache
def _sharing_plus_44() -> tuple[tuple[str, re.Pattern[str] | None], ...]:
    """The regions after GB that share +44: Guernsey, the Isle of Man, Jersey.

    In libphonenumber's order, each with the leading digits that claim a number for it.
    """
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE[44]
    return tuple(
        (region, None if leading is None else re.compile(leading))
        for region in regions
        if region != "GB"
        for leading in [_metadata(region).leading_digits]
    )


@cache
def _uk_national_prefix() -> re.Pattern[str]:
    """What the parser strips from the start of a UK national number: "0", "180020"."""
    return re.compile(_metadata("GB").national_prefix_for_parsing or "0")


def _valid_uk_national(national: str) -> bool:
    """Whether the parser holds ``national``, a UK number without its 0, a number in use.

    What ``phonenumbers.parse`` then `_valid_phone` decide, without parsing.

    Libphonenumber's own steps, on its own metadata: valid when GB's plan holds the
    number; otherwise the first other region sharing +44 that claims it (by its leading
    digits, or by holding it) decides. `tests/test_scanning_shortcuts.py` checks this
    against the parser over every prefix.
    """
    if _valid_in("GB", national):
        return True
    for region, leading in _sharing_plus_44():
        if leading is not None:
            if leading.match(national):
                return _valid_in(region, national)
        elif _valid_in(region, national):
            return True
    return False


def _is_phone(candidate: str) -> bool:
    """Whether ``candidate`` is a phone number in use.

    Numbers are written with a national 0 (ten or eleven digits in the UK), or with
    ``+`` or ``00`` and a country code (at most fifteen digits, ITU-T E.164): anything
    else is not parsed at all, which keeps order numbers off the costly path. A UK
    number written in digits, spaces, dashes and brackets alone is read from
    libphonenumber's metadata directly (`_valid_uk_national`), which decides as the
    parser would, in a tenth of the time.
    """
    if not _plausible(candidate):
        return False
    national = _uk_national(candidate)
    if national is not None:
        return _valid_uk_national(national)
    try:
        _valid_phone(candidate, "GB", "phone")
    except InvalidValue:
        return False
    return True


def _plausible(written: str) -> bool:
    """Whether ``written`` has the brackets and the digits a number in use may have."""
    if written.count("(") != written.count(")"):
        return False
    digits = "".join(filter(str.isdigit, written))
    if written.startswith(("+", "00")):
        # No country calling code starts with 0 (ITU-T E.164).
        international = len(digits) - 2 * written.startswith("00")
        return 8 <= international <= 15 and not digits.startswith("000")
    # UK numbers start 01, 02, 03, 05, 07, 08 or 09 (Ofcom's National Numbering Plan).
    return (
        written.lstrip("(").startswith("0")
        and 10 <= len(digits) <= 11
        and digits[1] not in _NO_UK_AREA
    )


def _uk_national(written: str) -> str | None:
    """The national number of a plausible UK number written plainly, without its 0 or +44.

    Plainly: with a national 0, +44 or 0044, in digits, spaces, dashes and brackets
    alone. ``None`` for any other number: the parser reads those.
    """
    if not _PLAIN.issuperset(written.removeprefix("+")):
        return None
    digits = "".join(filter(str.isdigit, written))
    prefix = "44" if written.startswith("+") else "0044" if written.startswith("00") else "0"
    national = digits[len(prefix) :]
    if not digits.startswith(prefix) or national[:1] in ("", "0"):
        return None
    # After +44, a prefix the parser strips ("180020", text relay) is for it to read.
    if prefix != "0" and _uk_national_prefix().match(national):
        return None
    return national


def _uk_e164(written: str) -> str | None:
    """The E.164 form of a UK number `PhoneNumber.parse` accepts, read by the shortcut.

    For a number written plainly (`_uk_national`): `_valid_uk_national` decides, and the
    E.164 form is +44 and the national number. ``None`` for a number the parser does not
    accept, or one written any other way: those are for the parser to read (and to say
    what is wrong). `tests/test_scanning_shortcuts.py` checks it against the parser.
    """
    national = _uk_national(written) if _plausible(written) else None
    return None if national is None or not _valid_uk_national(national) else f"+44{national}"


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


_CASE_INSENSITIVE: Final = frozenset(CASE_INSENSITIVE_MAILBOX_NAMES)

# A local part of letters, digits and RFC 5322's other "atext", in dot-separated atoms.
_DOT_ATOM: Final = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


@lru_cache(maxsize=4096)
def _email_domain(domain: str) -> str | None:
    """How `EmailAddress.parse` writes ``domain``, if it accepts an address there.

    Asked once a domain: ``None`` when it does not accept one.
    """
    try:
        return EmailAddress.parse("a@" + domain).domain
    except InvalidValue:
        return None


def _is_plain_email(address: str, at: int) -> bool:
    """Whether ``address`` has an ASCII dot-atom local part, so that its domain decides."""
    return (
        len(address) <= 254 and 0 < at <= 64 and bool(_DOT_ATOM.fullmatch(address.lower(), 0, at))
    )


def _is_email(address: str, at: int) -> bool:
    """Whether `EmailAddress.parse` accepts ``address``, whose "@" is at ``at``.

    An ASCII dot-atom local part of at most 64 characters is always accepted, so the
    domain alone decides, and domains repeat: it is asked once (RFC 5322 section 3.4.1;
    `tests/test_scanning.py` checks this against the parser). Anything else is parsed.
    """
    if _is_plain_email(address, at):
        return _email_domain(address[at + 1 :]) is not None
    try:
        EmailAddress.parse(address)
    except InvalidValue:
        return False
    return True


def _email_normalized(address: str) -> str | None:
    """`EmailAddress.parse(address).normalized`, read by the shortcut, if it accepts it.

    An ASCII dot-atom local part is kept as written, but for the mailbox names RFC 2142
    makes case-insensitive (``Postmaster``), which email-validator lower-cases; the
    domain is written as the parser writes it, asked once a domain. ``None`` for an
    address the parser does not accept, or one the shortcut does not read: those are for
    the parser (and its message). `tests/test_scanning_shortcuts.py` checks it.
    """
    at = address.find("@")
    if not _is_plain_email(address, at) or address[:at].lower() in _CASE_INSENSITIVE:
        return None
    domain = _email_domain(address[at + 1 :])
    return None if domain is None else f"{address[:at]}@{domain}"


def _emails(scan: _Scan) -> None:
    """E-mail addresses that `EmailAddress.parse` accepts, "@" spaced apart too.

    Chat and dictation write "jo @ example.com": the address is the one without the
    spaces, and the span covers them.
    """
    lower = scan.lower
    at = lower.find("@")
    while at != -1:
        spaced = lower[at - 1 : at] == " " and lower[at + 1 : at + 2] == " "
        before, after = (at - 1, at + 2) if spaced else (at, at + 1)
        local = _EMAIL_LOCAL.search(lower, max(0, before - 64), before)
        domain = _EMAIL_DOMAIN.match(lower, after)
        if local is not None and domain is not None:
            start = local.start()
            while start < before and lower[start] == ".":
                start += 1
            end = domain.end()
            address = scan.text[start:before] + "@" + scan.text[after:end]
            if _is_email(address, before - start):
                scan.add("user.contact.email", (start, end), 0.99, _REDACT, "email_address")
        at = lower.find("@", at + 1)
