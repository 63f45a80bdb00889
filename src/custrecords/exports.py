"""What CRM exports hold, and how they write it: column names, dates and consent cells.

An export from Salesforce, HubSpot, Dynamics 365, Zoho, Pipedrive, Mailchimp or a
spreadsheet names its columns its own way (``Email``, ``E-mail Address``,
``Mailing Postal Code``, ``Email Opt Out``) and writes its dates its own way
(``2012-03-04T10:00:00.000+0000``, ``04/03/2012 10:00``). This module reads both, so an
export can be audited as it comes, with no map written first.

- `infer_columns` gives each column a role (``email``, ``notes``, ``created_at``...)
  from its header, through `HEADER_NAMES`, or else from what its cells hold.
- `export_day` reads a date or date-time cell as the UK calendar day it falls on.
- `consent_given` reads a consent or opt-out cell with its polarity.

It reads no file: the command line does, and hands rows here.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Final, final

import attrs

from custrecords._checks import uk_day
from custrecords.errors import InvalidValue
from custrecords.scanning import FindingAction, scan_text
from custrecords.taxonomy import LawfulBasis
from custrecords.values import EmailAddress, PhoneNumber, PostalAddress

__all__ = [
    "HEADER_NAMES",
    "ROLES",
    "ColumnMap",
    "DateOrder",
    "consent_given",
    "export_day",
    "header_key",
    "infer_columns",
    "marketing_basis_given",
]

ROLES: Final[Mapping[str, str]] = {
    "id": "the record's identifier, shown in the report",
    "name": "the customer's full name",
    "first_name": "the customer's first or given name",
    "last_name": "the customer's last or family name",
    "email": "an e-mail address: checked, and its normal form advised",
    "phone": "a phone number: checked, and its normal form advised",
    "address_line1": "the first line of a postal address",
    "postcode": "a UK postcode",
    "date_of_birth": "the customer's date of birth",
    "notes": "free text: notes, descriptions, comments",
    "created_at": "when the record was created: starts retention and staleness",
    "last_interaction_at": "the last contact with the customer: staleness and retention",
    "closed_at": "when the customer relationship ended: starts retention",
    "marketing_consent": "consent to marketing, where yes means consent",
    "marketing_opt_out": "an opt-out or unsubscribe flag, where yes means no consent",
    "marketing_basis": "the lawful basis recorded for marketing: only consent is consent",
}
"""What a column can hold, by role name. A ``--map`` file and `ColumnMap` use these."""

# Roles a row has several columns of (Salesforce exports Phone, Mobile Phone and Home
# Phone side by side); every other role takes the first column that has a value.
_MANY: Final = frozenset({"email", "phone", "notes", "marketing_consent", "marketing_opt_out"})


def header_key(header: str) -> str:
    """The form headers are compared in: case-folded, with only letters and digits.

    ``"E-mail Address"``, ``"email_address"`` and ``"EmailAddress"`` are one header.

    >>> header_key("Zip/Postal Code"), header_key(" E-mail_Address ")
    ('zippostalcode', 'emailaddress')
    """
    return "".join(character for character in header.casefold() if character.isalnum())


def _names(role: str, text: str) -> dict[str, str]:
    return {header_key(name): role for name in text.split(",")}


HEADER_NAMES: Final[Mapping[str, str]] = {
    # Our own names, and the generic ones every CRM uses.
    **{header_key(role): role for role in ROLES},
    **_names(
        "id",
        "ID, Record ID, Contact ID, Lead ID, Customer ID, Customer Ref, Customer Reference, "
        "Customer Number, Client ID, Account ID, Person ID, Person - ID, Member ID, "
        # Dynamics 365 writes its hidden key column under this header.
        "(Do Not Modify) Contact, Contact Id, Record Id, Unique Email ID, LEID, EUID, Ref",
    ),
    **_names(
        "name",
        "Name, Full Name, Contact Name, Customer Name, Person Name, Person - Name, "
        "Display Name, Contact, Client Name",
    ),
    **_names(
        "first_name",
        "First Name, Firstname, Given Name, Forename, Forenames, First, FNAME, "
        "Person - First name, Contact First Name",
    ),
    **_names(
        "last_name",
        "Last Name, Lastname, Surname, Family Name, Last, LNAME, Person - Last name, "
        "Contact Last Name",
    ),
    **_names(
        "email",
        "Email, E-mail, Email Address, E-mail Address, Email 1, Email Address 1, Primary Email, "
        "Personal Email, Work Email, Business Email, Other Email, Secondary Email, Email 2, "
        "E-mail 2 Address, E-mail 3 Address, Person - Email, Contact Email, Mail, "
        "Email Address (Primary), E-mail 1 - Value, E-mail 2 - Value, Person - Email - Work, "
        "Person - Email - Home, Person - Email - Other",
    ),
    **_names(
        "phone",
        "Phone, Phone Number, Telephone, Telephone Number, Tel, Mobile, Mobile Phone, "
        "Mobile Number, Mobile Phone Number, Cell, Cell Phone, Home Phone, Work Phone, "
        "Business Phone, Main Phone, Other Phone, Primary Phone, Direct Line, Phone 1, Phone 2, "
        "Landline, Mobile Telephone, Person - Phone, Contact Phone, SMS Number, Fax, "
        "Phone 1 - Value, Phone 2 - Value, Person - Phone - Work, Person - Phone - Mobile, "
        "Person - Phone - Home, Person - Phone - Other, Default Address Phone, Home Phone 2, "
        "Business Phone 2, Asst Phone",
    ),
    **_names(
        "address_line1",
        "Address, Address 1, Address Line 1, Address1, Street, Street Address, Mailing Street, "
        "Mailing Address, Billing Street, Billing Address, Shipping Street, Home Address, "
        "Address 1: Street 1, Address 1: Street, Other Street, Postal Address, "
        "Person - Address, Address 1 - Street, Home Street, Business Street, "
        "Default Address Address1",
    ),
    **_names(
        "postcode",
        "Postcode, Post Code, Postal Code, Zip, Zip Code, ZIP/Postal Code, Zip/Postal Code, "
        "Mailing Postal Code, Mailing Zip, Mailing Zip/Postal Code, Billing Postal Code, "
        "Billing Zip/Postal Code, Billing Code, Shipping Postal Code, "
        "Address 1: ZIP/Postal Code, Other Postal Code, Postal/Zip Code, Address 1 - Postal Code, "
        "Home Postal Code, Business Postal Code, Default Address Zip, Other Zip",
    ),
    **_names("date_of_birth", "Date of Birth, DOB, D.O.B., Birthdate, Birth Date, Birthday"),
    **_names(
        "notes",
        "Notes, Note, Description, Comments, Comment, Remarks, Details, Additional Information, "
        "Notes (Body), Note Body, Last Note, Internal Notes, Call Notes, Case Notes, Memo",
    ),
    **_names(
        "created_at",
        "Created, Created Date, Create Date, Created On, Created Time, Created At, Date Created, "
        "Creation Date, Date Added, Added On, Person created, Person - Person created, "
        "Record Created, Date Joined, Customer Since, Signup Date, Sign-up Date",
    ),
    **_names(
        "last_interaction_at",
        "Last Activity, Last Activity Date, Last Activity Time, Last Contacted, "
        "Last Contact Date, Last Engagement Date, Last Interaction, Last Interaction Date, "
        "Last Activity Date (EST), Person - Last activity date, Last activity date, "
        "Last Order Date, Last Purchase Date, Last Seen",
    ),
    **_names(
        "closed_at",
        "Closed, Closed Date, Close Date, Closed On, Date Closed, Account Closed, "
        "Account Closed Date, Date Left, End Date, Deactivated On, Cancelled On, "
        "Cancellation Date",
    ),
    **_names(
        "marketing_consent",
        "Marketing Consent, Email Consent, Consent, GDPR Consent, Opt In, Opted In, Optin, "
        "Marketing Opt In, Email Opt In, Email Marketing Consent, Accepts Marketing, "
        "Accepts Email Marketing, Subscribed, Newsletter, Marketing Emails, SMS Consent, "
        "Email Subscription Status, Accepts SMS Marketing",
    ),
    **_names(
        "marketing_opt_out",
        "Email Opt Out, Email Opt-out, Has Opted Out Of Email, Opted Out, Opt Out, Unsubscribed, "
        "Unsubscribed from all email, Do Not Email, Do Not Contact, Do Not Call, "
        "Do Not Mail, Do not allow Emails, Do not allow Bulk Emails, Do not allow Phone Calls, "
        "SMS Opt Out, Global Unsubscribe, Marketing Opt Out, No Marketing",
    ),
    **_names(
        "marketing_basis",
        "Marketing Basis, Legal basis for processing contact's data, Legal Basis, "
        "Lawful Basis, Legal Basis For Processing, Lawful Basis For Processing, "
        "Basis For Processing, GDPR Lawful Basis, Marketing Lawful Basis",
    ),
}
"""The headers CRMs and mailing tools export, compared by `header_key`, and the role each has.

Each name is as the tool's own export writes it: Salesforce (``Mailing Postal Code``,
``Email Opt Out``, ``Created Date``), HubSpot (``Create Date``, ``Last Activity Date``,
``Unsubscribed from all email``), Dynamics 365 (``Created On``, ``Do not allow Emails``,
``Address 1: ZIP/Postal Code``), Zoho (``Created Time``, ``Email Opt Out``), Pipedrive
(``Person - Email - Work``), Mailchimp (``Email Address``, ``FNAME``), Shopify
(``Default Address Zip``, ``Accepts Email Marketing``), Google Contacts
(``E-mail 1 - Value``), Outlook (``E-mail Address``, ``Home Postal Code``) and a plain
spreadsheet.
"""

# A column the headers say nothing of is given a role when most of its sampled cells
# are of that kind: the share of non-empty cells that must be, and how few may decide.
_CONTENT_SHARE: Final = 0.8
_CONTENT_MINIMUM: Final = 3


@final
@attrs.frozen
class ColumnMap:
    """Which columns of an export hold what, and why each was read so.

    Attributes:
        roles: role name (a key of `ROLES`) → the headers holding it, in file order.
        reasons: header → why it has its role (a header name, a map, its content).
        unmapped: the headers with no role: still scanned for what must not be kept.
    """

    roles: Mapping[str, tuple[str, ...]]
    reasons: Mapping[str, str]
    unmapped: tuple[str, ...]

    def headers(self, role: str) -> tuple[str, ...]:
        """The headers with ``role``, or ``()``."""
        return self.roles.get(role, ())

    def to_toml(self) -> str:
        """The map as a ``--map`` file, each line with its reason as a comment.

        >>> print(infer_columns(["E-mail", "Notes"], []).to_toml(), end="")
        # Each role names the column(s) that hold it; edit, then pass with --map.
        email = ["E-mail"]  # header name
        notes = ["Notes"]  # header name
        """
        lines = ["# Each role names the column(s) that hold it; edit, then pass with --map.\n"]
        for role in ROLES:
            headers = self.headers(role)
            if headers:
                names = ", ".join(_toml_string(header) for header in headers)
                why = "; ".join(dict.fromkeys(self.reasons[header] for header in headers))
                lines.append(f"{role} = [{names}]  # {why}\n")
        if self.unmapped:
            lines.append(
                "# No role, scanned for what must not be kept: "
                f"{', '.join(_toml_string(header) for header in self.unmapped)}\n"
            )
        return "".join(lines)


def _toml_string(text: str) -> str:
    escaped = _storable(text).replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(
        f"\\u{ord(character):04X}" if ord(character) < 0x20 or character == "\x7f" else character
        for character in escaped
    )
    return f'"{escaped}"'


def _storable(text: str) -> str:
    """``text`` as a TOML file can hold it, a lone surrogate as U+FFFD.

    A JSON key may hold an unpaired surrogate escape, which TOML cannot; a map names
    that header with U+FFFD in its place.
    """
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def infer_columns(
    headers: Sequence[str],
    sample: Iterable[Mapping[str, object]],
    *,
    given: Mapping[str, Sequence[str]] | None = None,
) -> ColumnMap:
    """Give each column a role: from ``given``, else its header, else its content.

    Args:
        headers: the export's column headers, in file order.
        sample: the first rows (a few hundred is plenty), header → cell text.
        given: role → headers, from a ``--map`` file; these roles take exactly these
            columns (``[]`` for none), and no other column is given them.

    Returns:
        The `ColumnMap`. A header is matched through `HEADER_NAMES` by `header_key`;
        one that matches none, and whose sampled non-empty cells are mostly valid
        e-mail addresses, UK phone numbers or postcodes, takes that role.

    Raises:
        InvalidValue: ``wrong_type`` for headers that are not a sequence of text (a
            ``None`` header, where ``csv.DictReader`` keeps cells past the header, is
            left out) or a sample row that is not a mapping; ``header_holds_data``
            for headers that are personal data (a first row read as the header);
            ``unknown_role`` when
            ``given`` names a role not in `ROLES` (the field is the role);
            ``unknown_column`` when it names a header not in ``headers`` (the field is
            the role).

    >>> columns = infer_columns(["First Name", "Mobile Phone", "Custom 7"], [])
    >>> columns.roles
    {'first_name': ('First Name',), 'phone': ('Mobile Phone',)}
    >>> columns.unmapped
    ('Custom 7',)
    """
    headers = _named_headers(headers)
    roles: dict[str, list[str]] = {}
    reasons: dict[str, str] = {}
    by_key = {header_key(header): header for header in reversed(headers)}
    stored = {_storable(header): header for header in reversed(headers)}
    for role, names in (given or {}).items():
        if role not in ROLES:
            raise InvalidValue("unknown_role", role, "is not a column role")
        roles[role] = []
        for name in names:
            header = stored.get(name) or by_key.get(header_key(name))
            if header is None:
                raise InvalidValue("unknown_column", role, "names a column the export lacks")
            roles[role].append(header)
            reasons[header] = "the map"
    for header in headers:
        # A JSON export's nested keys ("properties.email") are matched by their last part.
        # A repeated header, counted "Notes (2)" when read, is what "Notes" is.
        plain = _REPEAT.sub("", header)
        named = HEADER_NAMES.get(header_key(plain)) or HEADER_NAMES.get(
            header_key(plain.rpartition(".")[2])
        )
        if header not in reasons and named is not None and named not in (given or {}):
            roles.setdefault(named, []).append(header)
            reasons[header] = "header name"
    # Content decides only what no header has named, so that column order does not.
    rows = list(sample)
    if not all(isinstance(row, Mapping) for row in rows):
        raise InvalidValue("wrong_type", "sample", "must hold mappings of column to cell")
    for header in headers:
        guessed = None if header in reasons else _role_by_content(header, rows)
        if guessed is not None and guessed not in (given or {}):
            if guessed in roles and guessed not in _MANY:
                continue
            roles.setdefault(guessed, []).append(header)
            reasons[header] = "its content"
    return ColumnMap(
        roles={role: tuple(roles[role]) for role in ROLES if roles.get(role)},
        reasons=reasons,
        unmapped=tuple(header for header in headers if header not in reasons),
    )


_REPEAT: Final = re.compile(r" \(\d+\)$")


def _named_headers(headers: object) -> list[str]:
    """The headers that name a column, checked to be names and not a customer's details."""
    if isinstance(headers, str) or not isinstance(headers, Sequence):
        raise InvalidValue("wrong_type", "headers", "must be a sequence of column names")
    # csv.DictReader keeps cells past the header under None: they have no name to read.
    named = [header for header in headers if header is not None]
    if not all(isinstance(header, str) for header in named):
        raise InvalidValue("wrong_type", "headers", "must be column names as text")
    if any(_holds_data(header) for header in named):
        raise InvalidValue("header_holds_data", "headers", _HEADER_HOLDS_DATA)
    return named


_HEADER_HOLDS_DATA: Final = (
    "name a column with personal data: the rows were read with their first row as the"
    " header; read them without one"
)


def _holds_data(name: str) -> bool:
    """Whether a column's name is personal data the scanner would take out.

    Then the rows were read with their first row as the header, and every report
    would name a customer's details as a column.
    """
    return any(finding.action is not FindingAction.REVIEW for finding in scan_text(name))


def _counted(name: str, taken: Container[str]) -> str:
    """``name``, or ``name (2)``, ``(3)``... where it is taken: no cell lost under another's."""
    unique, count = name, 1
    while unique in taken:
        count += 1
        unique = f"{name} ({count})"
    return unique


def _role_by_content(header: str, rows: Sequence[Mapping[str, object]]) -> str | None:
    # A database's or JSON's cells may be numbers: a phone number kept as one too.
    cells = [text for row in rows if (text := str(row.get(header) or "").strip())]
    if len(cells) < _CONTENT_MINIMUM:
        return None
    for role, parse in (
        ("email", EmailAddress.parse),
        ("phone", PhoneNumber.parse),
        ("postcode", _parse_postcode),
    ):
        valid = 0
        for text in cells:
            try:
                parse(text)
            except InvalidValue:
                continue
            valid += 1
        if valid >= _CONTENT_SHARE * len(cells):
            return role
    return None


def _parse_postcode(text: str) -> PostalAddress:
    return PostalAddress.parse(("-",), postcode=text)


class DateOrder(StrEnum):
    """How an all-digit date such as ``04/03/2012`` is read."""

    UK = "uk"
    """Day first: 4 March 2012, as UK exports and Excel's UK settings write it."""
    US = "us"
    """Month first: April 3 2012, as US-configured CRMs write it."""


_ISO_START: Final = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
# The zones UK exports name in words: Greenwich Mean Time, British Summer Time.
_ZONE_NAMES: Final = {"UTC": "+00:00", "GMT": "+00:00", "BST": "+01:00"}
_NUMERIC: Final = re.compile(
    r"(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})"
    r"(?:(?:,?\s+|T)(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(?P<ampm>[ap]\.?m\.?)?)?"
    r"\s*(?P<zone>z|utc|gmt|bst|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)
_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TIME: Final = (
    r"(?:(?:,?\s+(?:at\s+)?)(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*(?P<ampm>[ap]\.?m\.?)?)?"
    r"\s*(?P<zone>z|utc|gmt|bst|[+-]\d{2}:?\d{2})?"
)
_WORDED: Final = (
    re.compile(
        rf"(?:[a-z]+,?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[\s\-]+(?P<month>{_MONTH})\.?"
        rf"[\s\-,]+(?P<year>\d{{4}}){_TIME}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?:[a-z]+,?\s+)?(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
        rf"(?P<year>\d{{4}}){_TIME}",
        re.IGNORECASE,
    ),
)
_SERIAL: Final = re.compile(r"\d{1,7}(?:\.\d+)?")
# Excel's day 1 is 1 January 1900, and it counts a 29 February 1900 that never was.
_EXCEL_DAY_ZERO: Final = date(1899, 12, 30)
_EXCEL_LAST_SERIAL: Final = 2_958_465  # 31 December 9999


def export_day(
    text: str, *, order: DateOrder = DateOrder.UK, serials: bool = False, field: str = "date"
) -> date:
    """The UK calendar day a date or date-time cell of an export falls on.

    Reads ISO 8601 dates and date-times, with or without a zone (``2012-03-04``,
    ``2012-03-04 10:00:00``, ``2012-03-04T10:00:00.000+0000``); ``dd/mm/yyyy`` with
    ``/``, ``-`` or ``.`` and an optional time, with or without am/pm (month first
    with ``order=DateOrder.US``); ``yyyy/mm/dd``; months in words (``4 March 2012``,
    ``Mar 4, 2012``); and, with ``serials=True`` (a workbook's cells), Excel serial
    day numbers in the 1900 date system.

    A date with no zone, or a time with no zone, is UK local time: the day it names is
    the day. A time with a zone is the day it falls on in the UK (``2012-03-04T23:30Z``
    is 4 March; ``2012-07-01T23:30Z`` is 2 July, in British Summer Time).

    Args:
        text: the cell.
        order: how an all-digit day and month are ordered.
        serials: whether a bare number is an Excel serial date.
        field: the column, for the error.

    Raises:
        InvalidValue: ``invalid_date`` at ``field`` for text that is none of these, or
            names no real day (``31/02/2012``). Two-digit years are refused: ``01/02/30``
            could be 1930 or 2030, and a guess would start retention a century wrong.

    >>> export_day("04/03/2012"), export_day("04/03/2012", order=DateOrder.US)
    (datetime.date(2012, 3, 4), datetime.date(2012, 4, 3))
    >>> export_day("2012-07-01T23:30:00Z")
    datetime.date(2012, 7, 2)
    """
    written = text.strip()
    try:
        day = _read_day(written, order, serials)
    except (ValueError, OverflowError):
        day = None
    if day is None:
        raise InvalidValue(
            "invalid_date",
            field,
            "is not a date in a form custrecords reads (ISO 8601, dd/mm/yyyy, 4 March 2012)",
        )
    return day


def _read_day(text: str, order: DateOrder, serials: bool) -> date | None:  # noqa: PLR0911
    if _ISO_START.match(text):
        padded = _ISO_START.sub(lambda m: "-".join(part.zfill(2) for part in m[0].split("-")), text)
        for name, offset in _ZONE_NAMES.items():
            padded = padded.replace(f" {name}", offset)
        return uk_day(datetime.fromisoformat(padded))
    if serials and _SERIAL.fullmatch(text):
        serial = float(text)
        if not 1 <= serial <= _EXCEL_LAST_SERIAL:
            return None
        whole = int(serial)
        return _EXCEL_DAY_ZERO + timedelta(days=whole if whole > 60 else whole + 1)
    match = _NUMERIC.fullmatch(text)
    if match is not None:
        a, b, c = int(match["a"]), int(match["b"]), int(match["c"])
        if len(match["a"]) == 4:
            year, month, day = a, b, c
        elif len(match["c"]) == 4:
            year, month, day = (c, a, b) if order is DateOrder.US else (c, b, a)
        else:
            return None
        return _at(date(year, month, day), match["time"], match["ampm"], match["zone"])
    for pattern in _WORDED:
        match = pattern.fullmatch(text)
        if match is not None:
            month = _MONTHS[match["month"].lower()]
            when = date(int(match["year"]), month, int(match["day"]))
            return _at(when, match["time"], match["ampm"], match["zone"])
    return None


def _at(day: date, time: str | None, ampm: str | None, zone: str | None) -> date | None:
    """The UK day of ``day`` at ``time`` in ``zone``; with no zone, ``day`` itself."""
    hour, minute = 0, 0
    if time is not None:
        hour, minute = (int(part) for part in time.split(":")[:2])
        if ampm is not None:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm[0] in "pP" else 0)
        if hour > 23 or minute > 59:
            return None
    if zone is None:
        return day
    offset = _ZONE_NAMES.get(zone.upper(), "+00:00" if zone.lower() == "z" else zone)
    moment = datetime.fromisoformat(f"{day.isoformat()}T{hour:02d}:{minute:02d}{offset}")
    return uk_day(moment)


# A checkbox's two states, whose meaning is the column's: consent, or opt-out.
_TICKED: Final = frozenset("yes y true t 1 1.0 x ✓ ✔ on checked ticked".split())
_UNTICKED: Final = frozenset("no n false f 0 0.0 off unchecked unticked none".split())
# Words that say what the customer chose, whatever the column is called.
_OPTED_IN: Final = frozenset(
    "opt-in, opted-in, opted in, opt in, optin, subscribed, consented, consent given, granted, "
    "allow, allowed, permitted, confirmed, agreed, accepted, double opt-in, single opt-in, "
    "yes - double opt-in, yes - single opt-in".split(", ")
)
_OPTED_OUT: Final = frozenset(
    "opt-out, opted-out, opted out, opt out, optout, unsubscribed, not subscribed, "
    "non-subscribed, non subscribed, never subscribed, cleaned, withdrawn, refused, declined, "
    # Mailchimp's "transactional": the address may be sent receipts, not marketing.
    "transactional, do not allow, don't allow, not allowed, disallowed, "
    # The instruction itself, as CRMs' picklists write it.
    "do not email, do not e-mail, do not mail, do not contact, do not call, do not text, "
    "do not market, don't email, don't contact, no marketing, no contact".split(", ")
)


def consent_given(text: str, role: str) -> bool | None:
    """Whether a consent or opt-out cell says the customer consents to marketing.

    Args:
        text: the cell.
        role: ``"marketing_consent"`` (yes means consent) or ``"marketing_opt_out"``
            (yes means *no* consent: ``Email Opt Out = true``).

    Returns:
        True for consent, False for none, and None when the cell is empty or says
        neither (``implied``, ``pending``, or anything else). For an opt-out column,
        ``false`` is None, not True: not having opted out is not consent (PECR
        regulation 22(2) needs the recipient's prior consent).

    >>> consent_given("Yes", "marketing_consent"), consent_given("TRUE", "marketing_opt_out")
    (True, False)
    >>> print(consent_given("false", "marketing_opt_out"))
    None
    """
    said = " ".join(text.casefold().replace("_", " ").split())
    if said in _OPTED_OUT:
        return False
    if role == "marketing_opt_out":
        return False if said in _TICKED else None
    if said in _TICKED or said in _OPTED_IN:
        return True
    return False if said in _UNTICKED else None


# What CRMs write for the basis of marketing (HubSpot's "Legal basis for processing
# contact's data" picklist, and the Article 6 bases in words), most telling first.
_BASIS_WORDS: Final = (
    ("soft opt", LawfulBasis.LEGITIMATE_INTERESTS, True),
    ("existing customer", LawfulBasis.LEGITIMATE_INTERESTS, True),
    ("consent", LawfulBasis.CONSENT, False),
    ("opt-in", LawfulBasis.CONSENT, False),
    ("opted in", LawfulBasis.CONSENT, False),
    ("legitimate interest", LawfulBasis.LEGITIMATE_INTERESTS, False),
    ("contract", LawfulBasis.CONTRACT, False),
    ("legal obligation", LawfulBasis.LEGAL_OBLIGATION, False),
    ("vital interest", LawfulBasis.VITAL_INTERESTS, False),
    ("public task", LawfulBasis.PUBLIC_TASK, False),
)


def marketing_basis_given(text: str) -> tuple[LawfulBasis, bool] | None:
    """The lawful basis a basis cell records for marketing, and whether it is a soft opt-in.

    Args:
        text: the cell, as a CRM writes it: HubSpot's ``Legitimate interest – existing
            customer``, ``Freely given consent from contact``, ``Performance of a
            contract``, or a basis in words.

    Returns:
        The Article 6 basis, and whether the cell says PECR's soft opt-in (an existing
        customer, regulation 22(3)); None when the cell is empty or names no basis
        (``Not applicable``).

    >>> marketing_basis_given("Legitimate interest – existing customer")
    (<LawfulBasis.LEGITIMATE_INTERESTS: 'legitimate_interests'>, True)
    >>> marketing_basis_given("Freely given consent from contact")
    (<LawfulBasis.CONSENT: 'consent'>, False)
    >>> print(marketing_basis_given("Not applicable"))
    None
    """
    said = " ".join(text.casefold().replace("_", " ").split())
    for words, basis, soft in _BASIS_WORDS:
        if words in said:
            return basis, soft
    return None
