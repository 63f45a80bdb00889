"""Parsed values: e-mail addresses, phone numbers, postal addresses and people's names.

Each value is frozen and holds only its normalised form, so two ways of writing the
same thing compare equal: ``+44 (0)7400 123456`` and ``07400 123456`` are one
``PhoneNumber``. Build values with ``parse``; constructing one directly checks that
what you pass is already normalised.

Every value masks itself in ``repr`` and ``str``: read the data through its attributes
(``.normalized``, ``.e164``, ``.full``), never by printing the value.

>>> EmailAddress.parse(" Jane.Doe@Example.COM ")
EmailAddress('J***@example.com')
>>> PhoneNumber.parse("+44 (0)7400 123456").e164
'+447400123456'
>>> PostalAddress.parse(["10 Downing Street"], town="London", postcode="sw1a2aa").postcode
'SW1A 2AA'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum
from typing import Final, TypeVar, final

import attrs
import phonenumbers
from email_validator import EmailNotValidError, EmailUndeliverableError, validate_email

from custrecords._checks import check_type
from custrecords._masking import mask_email, mask_initials, mask_phone, mask_start
from custrecords.errors import InvalidValue

__all__ = ["COUNTRIES", "EmailAddress", "PersonName", "PhoneKind", "PhoneNumber", "PostalAddress"]

_V = TypeVar("_V")


def _trusted(cls: type[_V], /, **fields: object) -> _V:
    """Build a value from fields that its ``parse`` has just produced.

    Parsing is the costly part of a value. ``__init__`` checks that its input is
    normalised by parsing it again, which ``parse`` has no need of: this skips it.
    """
    value = object.__new__(cls)
    for name, field_value in fields.items():
        object.__setattr__(value, name, field_value)
    return value


def _require_text(text: object, field: str) -> str:
    if not isinstance(text, str):
        raise InvalidValue("wrong_type", field, "must be text")
    return text


def _empty(field: str) -> InvalidValue:
    return InvalidValue("empty", field, "is empty")


def _not_normalized(field: str, kind: str) -> InvalidValue:
    return InvalidValue("not_normalized", field, f"is not a normalised {kind}; build it with parse")


# --- e-mail addresses -----------------------------------------------------------------


def _normalize_email(text: object, field: str, check_deliverability: bool) -> str:
    stripped = _require_text(text, field).strip()
    if not stripped:
        raise _empty(field)
    try:
        return validate_email(stripped, check_deliverability=check_deliverability).normalized
    except EmailUndeliverableError:
        raise InvalidValue(
            "email_undeliverable", field, "the domain does not accept e-mail"
        ) from None
    except EmailNotValidError:
        problem = "not a valid e-mail address" if "@" in stripped else "has no @ sign"
        raise InvalidValue("email_invalid", field, problem) from None


@final
@attrs.frozen(repr=False)
class EmailAddress:
    """An e-mail address, validated and normalised by email-validator.

    The domain is lower-cased and converted to its Unicode form; the local part (before
    the ``@``) keeps its case, which RFC 5321 leaves to the receiving server.
    Internationalised addresses (``josé@exämple.com``) are accepted.

    Attributes:
        normalized: the address in normalised form.
    """

    normalized: str

    def __attrs_post_init__(self) -> None:
        if _normalize_email(self.normalized, "email", False) != self.normalized:
            raise _not_normalized("email", "e-mail address")

    @classmethod
    def parse(
        cls, text: str, *, field: str = "email", check_deliverability: bool = False
    ) -> EmailAddress:
        """Parse an e-mail address as someone typed it.

        Args:
            text: the address; surrounding white space is ignored.
            field: the field name to report in an error.
            check_deliverability: also look the domain up in DNS. Off by default:
                it is network I/O, which the rest of the library never does.

        Raises:
            InvalidValue: ``wrong_type``, ``empty``, ``email_invalid``, or
                ``email_undeliverable`` (only when checking deliverability).

        >>> EmailAddress.parse("jane@example.co.uk").domain
        'example.co.uk'
        >>> EmailAddress.parse("jane.example.co.uk")
        Traceback (most recent call last):
        ...
        custrecords.errors.InvalidValue: email: has no @ sign
        """
        return _trusted(cls, normalized=_normalize_email(text, field, check_deliverability))

    @property
    def local_part(self) -> str:
        """The part before the ``@``."""
        return self.normalized.rpartition("@")[0]

    @property
    def domain(self) -> str:
        """The part after the ``@``."""
        return self.normalized.rpartition("@")[2]

    def __repr__(self) -> str:
        return f"EmailAddress({mask_email(self.normalized)!r})"

    def __str__(self) -> str:
        return mask_email(self.normalized)


# --- phone numbers ----------------------------------------------------------------------


class PhoneKind(StrEnum):
    """What kind of line a phone number is, from libphonenumber's numbering plans.

    ``FIXED_LINE_OR_MOBILE`` is for countries (such as the United States) whose plans do
    not tell the two apart.
    """

    FIXED_LINE = "fixed_line"
    MOBILE = "mobile"
    FIXED_LINE_OR_MOBILE = "fixed_line_or_mobile"
    TOLL_FREE = "toll_free"
    PREMIUM_RATE = "premium_rate"
    SHARED_COST = "shared_cost"
    VOIP = "voip"
    PERSONAL_NUMBER = "personal_number"
    PAGER = "pager"
    UAN = "uan"
    VOICEMAIL = "voicemail"
    UNKNOWN = "unknown"


_PNT = phonenumbers.PhoneNumberType
_KINDS: Final = {
    _PNT.FIXED_LINE: PhoneKind.FIXED_LINE,
    _PNT.MOBILE: PhoneKind.MOBILE,
    _PNT.FIXED_LINE_OR_MOBILE: PhoneKind.FIXED_LINE_OR_MOBILE,
    _PNT.TOLL_FREE: PhoneKind.TOLL_FREE,
    _PNT.PREMIUM_RATE: PhoneKind.PREMIUM_RATE,
    _PNT.SHARED_COST: PhoneKind.SHARED_COST,
    _PNT.VOIP: PhoneKind.VOIP,
    _PNT.PERSONAL_NUMBER: PhoneKind.PERSONAL_NUMBER,
    _PNT.PAGER: PhoneKind.PAGER,
    _PNT.UAN: PhoneKind.UAN,
    _PNT.VOICEMAIL: PhoneKind.VOICEMAIL,
}

_NPE = phonenumbers.NumberParseException
_PARSE_PROBLEMS: Final = {
    _NPE.INVALID_COUNTRY_CODE: (
        "phone_country_unknown",
        "has no country code (such as +44) and no known region was given",
    ),
    _NPE.NOT_A_NUMBER: ("phone_not_a_number", "is not a phone number"),
    _NPE.TOO_SHORT_AFTER_IDD: ("phone_too_short", "has too few digits"),
    _NPE.TOO_SHORT_NSN: ("phone_too_short", "has too few digits"),
    _NPE.TOO_LONG: ("phone_too_long", "has too many digits"),
}

_VR = phonenumbers.ValidationResult
_LENGTH_PROBLEMS: Final = {
    _VR.TOO_SHORT: ("phone_too_short", "has too few digits for its country"),
    _VR.TOO_LONG: ("phone_too_long", "has too many digits for its country"),
    _VR.INVALID_LENGTH: ("phone_wrong_length", "has the wrong number of digits for its country"),
    _VR.INVALID_COUNTRY_CODE: ("phone_country_unknown", "has a country code that is not in use"),
}
_NOT_IN_USE: Final = ("phone_invalid", "is not a number in use in its country's numbering plan")

_E164: Final = phonenumbers.PhoneNumberFormat.E164
_EXTENSION_MARK: Final = ";ext="


def _valid_phone(text: str, region: str | None, field: str) -> phonenumbers.PhoneNumber:
    """Libphonenumber's reading of ``text``, if it is a number in use.

    Finding phone numbers in free text needs only this, not the rest of `PhoneNumber`.
    """
    if not _require_text(text, field).strip():
        raise _empty(field)
    try:
        number = phonenumbers.parse(text, region)
    except _NPE as error:
        code, problem = _PARSE_PROBLEMS.get(error.error_type, _PARSE_PROBLEMS[_NPE.NOT_A_NUMBER])
        raise InvalidValue(code, field, problem) from None
    # Valid for the region it was read in is the common case, and the cheap question:
    # asking which region a number is valid in tries each region sharing its code.
    in_region = (
        region is not None
        and number.country_code == phonenumbers.country_code_for_region(region)
        and phonenumbers.is_valid_number_for_region(number, region)
    )
    if not in_region and not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        code, problem = _LENGTH_PROBLEMS.get(reason, _NOT_IN_USE)
        raise InvalidValue(code, field, problem)
    return number


def _phone_forms(text: str, region: str | None, field: str) -> tuple[str, str]:
    """`PhoneNumber.parse`'s ``e164`` and ``normalized`` for ``text``, or the error it raises.

    Without the number's region and kind, which cost most of a parse: checking that a
    number is valid and how to write it needs neither.
    """
    number = _valid_phone(text, region, field)
    e164 = phonenumbers.format_number(number, _E164)
    return e164, _with_extension(e164, number.extension or None)


def _with_extension(e164: str, extension: str | None) -> str:
    return e164 if extension is None else f"{e164}{_EXTENSION_MARK}{extension}"


@final
@attrs.frozen(repr=False)
class PhoneNumber:
    """A phone number, validated against libphonenumber's numbering plans.

    Attributes:
        e164: the number in E.164 form (``+447400123456``).
        region: the ISO 3166-1 region the number belongs to (``GB``; ``GG``, ``JE`` or
            ``IM`` for the Crown Dependencies, which share +44), or ``001`` for
            non-geographic numbers such as international freephone.
        kind: mobile, fixed line, freephone and so on.
        extension: the extension, if one was given (``020 7946 0958 ext. 123``).
    """

    e164: str
    region: str
    kind: PhoneKind
    extension: str | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.e164, str) or not isinstance(self.extension, str | None):
            raise InvalidValue("wrong_type", "phone", "must be text")
        check_type(self.kind, PhoneKind, "phone.kind")
        if PhoneNumber.parse(self.normalized, region=None) != self:
            raise _not_normalized("phone", "phone number")

    @classmethod
    def parse(cls, text: str, region: str | None = "GB", *, field: str = "phone") -> PhoneNumber:
        """Parse a phone number written in any of the usual ways.

        Spaces, dashes, dots and brackets are ignored; ``+44``, ``0044``, ``+44 (0)``
        and national ``0`` prefixes are all understood, as are extensions
        (``ext. 123``, ``x123``, ``;ext=123``) and full-width digits.

        Args:
            text: the number as written.
            region: where a number written without a country code is from (an
                ISO 3166-1 code); ``None`` to require a country code.
            field: the field name to report in an error.

        Raises:
            InvalidValue: ``wrong_type``, ``empty``, ``phone_not_a_number``,
                ``phone_country_unknown``, ``phone_too_short``, ``phone_too_long``,
                ``phone_wrong_length`` or ``phone_invalid`` (the right length, but
                not a number in use, such as Ofcom's drama range 07700 900xxx).

        >>> number = PhoneNumber.parse("0044 (0) 20 7946 0018")
        >>> number.e164, number.region, number.kind
        ('+442079460018', 'GB', <PhoneKind.FIXED_LINE: 'fixed_line'>)
        >>> PhoneNumber.parse("07700 900123").e164
        Traceback (most recent call last):
        ...
        custrecords.errors.InvalidValue: phone: is not a number in use in its country's ...
        """
        number = _valid_phone(text, region, field)
        return _trusted(
            cls,
            e164=phonenumbers.format_number(number, _E164),
            region=phonenumbers.region_code_for_number(number) or "ZZ",
            kind=_KINDS.get(phonenumbers.number_type(number), PhoneKind.UNKNOWN),
            extension=number.extension or None,
        )

    @property
    def normalized(self) -> str:
        """The number as one string: E.164, then ``;ext=`` and the extension (RFC 3966).

        >>> PhoneNumber.parse("020 7946 0018 ext. 42").normalized
        '+442079460018;ext=42'
        """
        return _with_extension(self.e164, self.extension)

    def __repr__(self) -> str:
        masked = mask_phone(self.e164)
        return f"PhoneNumber({masked!r}, region={self.region!r}, kind={self.kind.value!r})"

    def __str__(self) -> str:
        return mask_phone(self.e164)


# --- postal addresses -------------------------------------------------------------------

COUNTRIES: Final[frozenset[str]] = frozenset(
    (phonenumbers.SUPPORTED_REGIONS - {"AC", "TA"}) | {"AQ", "BV", "GS", "HM", "PN", "TF", "UM"}
)
"""ISO 3166-1 alpha-2 country codes, and ``XK`` (Kosovo, in wide use).

Derived from libphonenumber's regions rather than typed out: those are the ISO codes
of every inhabited territory, to which ISO adds the seven uninhabited ones listed here.
"""

_UK_POSTCODE_COUNTRIES: Final = frozenset({"GB", "GG", "JE", "IM"})
_COUNTRY_ALIASES: Final = {"UK": "GB"}

# The format and the letters each position may hold are Royal Mail's, as set out in
# the UK Government Data Standards Catalogue, "Postcode" (BS7666), and its additional
# validation rules: no Q, V or X first; no I, J or Z second; only A-H, J, K, P, S-U or
# W third in A9A districts; only A, B, E, H, M, N, P, R, V-Y fourth in AA9A districts;
# never C, I, K, M, O or V in the last two. GIR 0AA (Girobank) and BFPO numbers
# (British Forces Post Office) are the two real exceptions.
_UK_POSTCODE: Final = re.compile(
    r"GIR 0AA"
    r"|BFPO [0-9]{1,4}"
    r"|[A-PR-UWYZ]"
    r"(?:[0-9][0-9]?|[A-HK-Y][0-9][0-9]?|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" [0-9][ABD-HJLNP-UW-Z]{2}"
)
_MAX_LINES: Final = 10
_MAX_LINE_LENGTH: Final = 200
_MAX_POSTCODE_LENGTH: Final = 20

# Characters that carry no content and arrive with pasted text.
_INVISIBLE: Final = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
# Joiners shape letters in Arabic, Persian and Indic scripts: they are part of a name.
_JOINERS: Final = frozenset("\u200c\u200d")


def _clean(text: object, field: str) -> str:
    """NFC, invisible characters removed, runs of white space made one space."""
    text = _require_text(text, field).translate(_INVISIBLE)
    return " ".join(unicodedata.normalize("NFC", text).split())


def _clean_optional(text: object, field: str) -> str | None:
    """As `_clean`, with ``None`` for no text or only white space."""
    return None if text is None else (_clean(text, field) or None)


def _is_clean(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text) and " ".join(text.split()) == text


def _has_control(text: str) -> bool:
    return any(unicodedata.category(char)[0] == "C" and char not in _JOINERS for char in text)


def _check_line(line: object, field: str) -> str:
    if not isinstance(line, str) or not line:
        raise InvalidValue("wrong_type", field, "must be non-empty text")
    if len(line) > _MAX_LINE_LENGTH:
        raise InvalidValue("too_long", field, f"is longer than {_MAX_LINE_LENGTH} characters")
    if _has_control(line):
        raise InvalidValue("invalid_character", field, "contains control characters")
    if not _is_clean(line):
        raise _not_normalized(field, "address line")
    return line


def _normalize_country(text: object, field: str) -> str:
    code = _require_text(text, field).strip().upper()
    code = _COUNTRY_ALIASES.get(code, code)
    if code not in COUNTRIES:
        raise InvalidValue("country_invalid", field, "is not an ISO 3166-1 country code")
    return code


def _normalize_postcode(cleaned: str, country: str, field: str) -> str:
    """The standard form of a postcode that `_clean` has tidied."""
    if not cleaned:
        raise _empty(field)
    if country not in _UK_POSTCODE_COUNTRIES:
        return _check_foreign_postcode(_clean(cleaned.upper(), field), field)
    compact = cleaned.replace(" ", "").upper()
    postcode = (
        f"BFPO {compact[4:]}" if compact.startswith("BFPO") else f"{compact[:-3]} {compact[-3:]}"
    )
    if not _UK_POSTCODE.fullmatch(postcode):
        raise InvalidValue("postcode_invalid", field, "is not a valid UK postcode")
    return postcode


def _check_foreign_postcode(postcode: str, field: str) -> str:
    if len(postcode) > _MAX_POSTCODE_LENGTH:
        raise InvalidValue("too_long", field, f"is longer than {_MAX_POSTCODE_LENGTH} characters")
    if _has_control(postcode) or postcode != postcode.upper() or not _is_clean(postcode):
        raise _not_normalized(field, "postcode")
    return postcode


def _mask_postcode(postcode: str | None) -> str | None:
    if postcode is None:
        return None
    district, space, _ = postcode.partition(" ")
    return f"{district} ***" if space else mask_start(postcode)


@final
@attrs.frozen(repr=False, kw_only=True)
class PostalAddress:
    """A postal address: lines, town, postcode and country.

    UK postcodes (for addresses in ``GB`` and in the Crown Dependencies ``GG``, ``JE``
    and ``IM``) are checked against Royal Mail's rules and written in their standard
    form (``SW1A 1AA``). Other countries' postcodes are kept as given, upper-cased.

    Attributes:
        lines: the address lines, first (house and street) to last; at least one.
        town: the post town, if given separately from the lines.
        postcode: the postcode, if known.
        country: the ISO 3166-1 alpha-2 country code; ``GB`` by default.
    """

    lines: tuple[str, ...]
    town: str | None = None
    postcode: str | None = None
    country: str = "GB"

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.lines, tuple) or not self.lines:
            raise InvalidValue("empty", "address.lines", "needs at least one line")
        if len(self.lines) > _MAX_LINES:
            raise InvalidValue("too_long", "address.lines", f"has more than {_MAX_LINES} lines")
        for line in self.lines:
            _check_line(line, "address.lines")
        if self.town is not None:
            _check_line(self.town, "address.town")
        if _normalize_country(self.country, "address.country") != self.country:
            raise _not_normalized("address.country", "country code")
        if (
            self.postcode is not None
            and _normalize_postcode(
                _clean(self.postcode, "address.postcode"), self.country, "address.postcode"
            )
            != self.postcode
        ):
            raise _not_normalized("address.postcode", "postcode")

    @classmethod
    def parse(
        cls,
        lines: str | Iterable[str],
        *,
        town: str | None = None,
        postcode: str | None = None,
        country: str = "GB",
        field: str = "address",
    ) -> PostalAddress:
        """Parse an address as someone typed it.

        Args:
            lines: the address lines, or one string with a line on each line of text.
                White space is tidied and blank lines dropped.
            town: the post town, if it is not already the last line.
            postcode: the postcode, written any way (``sw1a1aa``, ``SW1A  1AA``).
            country: an ISO 3166-1 alpha-2 code; ``UK`` is read as ``GB``.
            field: the field name to report in an error (``address.postcode`` etc.).

        Raises:
            InvalidValue: ``empty``, ``too_long``, ``invalid_character``,
                ``country_invalid`` or ``postcode_invalid``.

        >>> address = PostalAddress.parse(["Flat 2", " 14  Heol y Frenhines "], postcode="cf10 1aa")
        >>> address.lines, address.postcode
        (('Flat 2', '14 Heol y Frenhines'), 'CF10 1AA')
        >>> PostalAddress.parse(["1 Rue de Rivoli"], postcode="75001", country="fr").country
        'FR'
        >>> PostalAddress.parse(["1 High Street"], postcode="QQ1 1AA").postcode
        Traceback (most recent call last):
        ...
        custrecords.errors.InvalidValue: address.postcode: is not a valid UK postcode
        """
        if isinstance(lines, str):
            lines = lines.splitlines()
        elif not isinstance(lines, Iterable):
            raise InvalidValue("wrong_type", f"{field}.lines", "must be text or a list of lines")
        cleaned = tuple(line for line in (_clean(text, f"{field}.lines") for text in lines) if line)
        if not cleaned:
            raise InvalidValue("empty", f"{field}.lines", "needs at least one line")
        for line in cleaned:
            _check_line(line, f"{field}.lines")
        if len(cleaned) > _MAX_LINES:
            raise InvalidValue("too_long", f"{field}.lines", f"has more than {_MAX_LINES} lines")
        clean_town = _clean_optional(town, f"{field}.town")
        if clean_town is not None:
            _check_line(clean_town, f"{field}.town")
        code = _normalize_country(country, f"{field}.country")
        clean_postcode = _clean_optional(postcode, f"{field}.postcode")
        if clean_postcode is not None:
            clean_postcode = _normalize_postcode(clean_postcode, code, f"{field}.postcode")
        return _trusted(cls, lines=cleaned, town=clean_town, postcode=clean_postcode, country=code)

    @property
    def postcode_district(self) -> str | None:
        """The outward part of a UK postcode (``SW1A`` of ``SW1A 1AA``); else ``None``.

        A district covers thousands of addresses, so it is what an anonymised record
        may keep of an address.
        """
        if self.postcode is None or self.country not in _UK_POSTCODE_COUNTRIES:
            return None
        return self.postcode.partition(" ")[0]

    def __repr__(self) -> str:
        lines = tuple(mask_start(line) for line in self.lines)
        town = None if self.town is None else mask_start(self.town)
        return (
            f"PostalAddress(lines={lines!r}, town={town!r}, "
            f"postcode={_mask_postcode(self.postcode)!r}, country={self.country!r})"
        )

    __str__ = __repr__


# --- names ------------------------------------------------------------------------------

_MAX_NAME_LENGTH: Final = 256
# Letters and combining marks of every script; dashes, brackets and quotation marks
# (O'Neill, O’Neill, Smith (née Jones)); full stops, commas and the middle dot (Jr.,
# Paul·la). Digits, symbols, "@" and control characters mean something else was typed
# into a name field: an e-mail address, a phone number, a stray paste.
_NAME_CATEGORIES: Final = frozenset(
    {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Pd", "Ps", "Pe", "Pi", "Pf"}
)
_NAME_PUNCTUATION: Final = frozenset(" .,'·\u200c\u200d")


def _check_name_part(text: str, field: str) -> None:
    if len(text) > _MAX_NAME_LENGTH:
        raise InvalidValue("too_long", field, f"is longer than {_MAX_NAME_LENGTH} characters")
    for char in text:
        if char not in _NAME_PUNCTUATION and unicodedata.category(char) not in _NAME_CATEGORIES:
            raise InvalidValue(
                "invalid_character", field, "contains digits, symbols or control characters"
            )


@final
@attrs.frozen(repr=False, kw_only=True)
class PersonName:
    """A person's name, as they write it.

    No assumption is made about how many parts a name has or which comes first:
    ``full`` is the whole name as the person gives it; ``given`` and ``family`` are kept
    when they were collected separately. Letters of every script are accepted.

    Attributes:
        full: the whole name.
        given: the given name(s), if collected separately.
        family: the family name, if collected separately.
    """

    full: str
    given: str | None = None
    family: str | None = None

    def __attrs_post_init__(self) -> None:
        for part, field in (
            (self.full, "name.full"),
            (self.given, "name.given"),
            (self.family, "name.family"),
        ):
            if part is None and field != "name.full":
                continue
            if not isinstance(part, str) or not part:
                raise InvalidValue("wrong_type", field, "must be non-empty text")
            _check_name_part(part, field)
            if not _is_clean(part):
                raise _not_normalized(field, "name")

    @classmethod
    def parse(
        cls,
        full: str | None = None,
        *,
        given: str | None = None,
        family: str | None = None,
        field: str = "name",
    ) -> PersonName:
        """Parse a name as someone typed it.

        Give the whole name, or its parts, or both. Without ``full``, the whole name is
        the given name followed by the family name.

        Raises:
            InvalidValue: ``empty`` (no part given), ``too_long`` or
                ``invalid_character``.

        >>> PersonName.parse(given=" Siobhán ", family="Ní  Bhriain").full
        'Siobhán Ní Bhriain'
        >>> PersonName.parse("毛泽东")
        PersonName('毛.')
        """
        parts = {
            name: _clean_optional(text, f"{field}.{name}")
            for name, text in (("full", full), ("given", given), ("family", family))
        }
        whole = parts["full"] or " ".join(p for p in (parts["given"], parts["family"]) if p)
        if not whole:
            raise _empty(field)
        for name, text in parts.items():
            if text is not None:
                _check_name_part(text, f"{field}.{name}")
        if parts["full"] is None:
            _check_name_part(whole, f"{field}.full")
        return _trusted(cls, full=whole, given=parts["given"], family=parts["family"])

    def __repr__(self) -> str:
        return f"PersonName({mask_initials(self.full)!r})"

    def __str__(self) -> str:
        return mask_initials(self.full)
