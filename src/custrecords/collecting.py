"""Collect, confirm, update and assess: the standard's Element 1 as pure functions.

The standard asks for customer information to be collected and recorded in line with
the organisation's guidelines, confirmed with the customer *before* it is recorded,
updated when the customer gives more, and kept accurate, sufficient and relevant to
its purpose. Here that is:

- a `Draft`: what an agent captured, and where it came from;
- `read_back`: the plain-language summary the agent reads back to the customer;
- `confirm`: the draft and the customer's `Confirmation` become a `CustomerRecord`
  whose provenance says who confirmed it, when and how;
- `update`: a record and some changes become a new record and the `ChangeSet` that
  says what changed, from what, by whom, when and why; `replay` applies a change set
  again;
- `assess`: what a record lacks for a purpose, holds without need, has not had
  confirmed in time, or must not hold, under the organisation's `Guidelines`.

Nothing here reads a clock: every time is a parameter.

>>> from datetime import datetime, timezone
>>> from custrecords import ConfirmationMethod, EmailAddress, PersonName, Source
>>> draft = Draft(
...     id="C-2001",
...     source=Source.CUSTOMER_PHONE,
...     collected_by="agent-7",
...     collected_at=datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc),
...     name=PersonName.parse("Ceri Jones"),
... )
>>> print(read_back(draft).text)
Name: Ceri Jones
>>> record = confirm(
...     draft,
...     Confirmation(
...         by="agent-7",
...         at=datetime(2026, 11, 23, 10, 2, tzinfo=timezone.utc),
...         how=ConfirmationMethod.READ_BACK,
...     ),
... )
>>> record.provenance[0].confirmed_how.value
'read_back'
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Final, final

import attrs
import phonenumbers

from custrecords._checks import (
    check_choice,
    check_id,
    check_items,
    check_time,
    check_type,
    uk_day,
)
from custrecords._masking import mask_text
from custrecords.errors import InvalidValue
from custrecords.guidelines import FieldRule, Guidelines, KeepRule
from custrecords.marketing import MarketingPermission, marketing_permission
from custrecords.records import (
    AccessibilityNeed,
    Article9Condition,
    CommunicationPreferences,
    ConfirmationMethod,
    Consent,
    ContactPoint,
    CustomerRecord,
    Interaction,
    NeedKind,
    Provenance,
    Source,
    SpecialCategoryCondition,
)
from custrecords.taxonomy import RECORD_FIELDS, Channel, LawfulBasis, covers
from custrecords.values import EmailAddress, PersonName, PhoneNumber, PostalAddress

__all__ = [
    "Assessment",
    "AssessmentCode",
    "AssessmentItem",
    "ChangeReason",
    "ChangeSet",
    "ChangeSource",
    "Confirmation",
    "Draft",
    "FieldChange",
    "ReadBack",
    "ReadBackLine",
    "assess",
    "confirm",
    "read_back",
    "replay",
    "update",
]

# Records the organisation makes about its service, rather than information the
# customer gives: they are not read back, and not confirmed with the customer.
_ORGANISATION_FIELDS: Final = frozenset({"interactions", "notes"})
# The two fields a record keeps together as its contact points.
_CONTACT_KINDS: Final = {"email_addresses": EmailAddress, "phone_numbers": PhoneNumber}


def _needs_confirmation(source: Source) -> bool:
    """Whether information from ``source`` must be confirmed with the customer first.

    What the customer or a colleague passes on is confirmed before it is recorded
    (standard, 1.4); what a system or device records carries that source instead.
    """
    return source.is_customer or source is Source.COLLEAGUE


# --- collect and confirm ---------------------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class Confirmation:
    """The customer's confirmation that what was captured is right.

    Attributes:
        by: who confirmed it with the customer (a colleague's or system's identifier).
        at: when.
        how: how (read back on the phone, shown on screen, an e-mail reply).
    """

    by: str
    at: datetime
    how: ConfirmationMethod

    def __attrs_post_init__(self) -> None:
        check_id(self.by, "confirmation.by")
        check_time(self.at, "confirmation.at")
        check_choice(self.how, ConfirmationMethod, "confirmation.how")


@final
@attrs.frozen(kw_only=True)
class Draft:
    """What an agent (or a system) captured about a new customer, before it is a record.

    A draft holds the parts a record would; building it checks them as a record
    would. It becomes a record only through `confirm`.

    Attributes:
        id: the identifier the record will have.
        source: where the information came from: the customer on the phone, a web
            form, a colleague, a system or device that records service delivery.
        collected_by: who or what captured it (a colleague's or system's identifier).
        collected_at: when.
        name, contact_points, addresses, date_of_birth, accessibility_needs,
        special_category_conditions, preferences, consents, interactions: as in
            `CustomerRecord`.
    """

    id: str
    source: Source
    collected_by: str
    collected_at: datetime
    name: PersonName | None = None
    contact_points: tuple[ContactPoint, ...] = ()
    addresses: tuple[PostalAddress, ...] = ()
    date_of_birth: date | None = attrs.field(
        default=None, repr=lambda v: "None" if v is None else "<masked>"
    )
    accessibility_needs: tuple[AccessibilityNeed, ...] = ()
    special_category_conditions: tuple[SpecialCategoryCondition, ...] = ()
    preferences: CommunicationPreferences = attrs.field(factory=CommunicationPreferences)
    consents: tuple[Consent, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    _fields: frozenset[str] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        check_choice(self.source, Source, "draft.source")
        check_id(self.collected_by, "draft.collected_by")
        check_time(self.collected_at, "draft.collected_at")
        # The parts must make a record; building one checks them, and tells which
        # fields are held the way a record tells it.
        trial = CustomerRecord(
            id=self.id,
            provenance=(
                Provenance(
                    fields=frozenset({"name"}),
                    source=self.source,
                    collected_by=self.collected_by,
                    collected_at=self.collected_at,
                ),
            ),
            **self._parts(),  # type: ignore[arg-type]
        )
        held = frozenset(field for field in RECORD_FIELDS if trial.holds(field))
        if not held:
            raise InvalidValue("empty", "draft", "holds nothing to record")
        object.__setattr__(self, "_fields", held)

    @property
    def fields(self) -> frozenset[str]:
        """The record fields the draft holds something in."""
        return self._fields

    def _parts(self) -> dict[str, object]:
        return {
            field.name: getattr(self, field.name)
            for field in attrs.fields(Draft)
            if field.init and field.name not in {"id", "source", "collected_by", "collected_at"}
        }

    def _record(self, confirmation: Confirmation | None) -> CustomerRecord:
        provenance = _provenances(
            self.fields, self.source, self.collected_by, self.collected_at, confirmation
        )
        return CustomerRecord(id=self.id, provenance=provenance, **self._parts())  # type: ignore[arg-type]


def _provenance(
    fields: frozenset[str],
    source: Source,
    collected_by: str,
    collected_at: datetime,
    confirmation: Confirmation | None,
) -> Provenance:
    if confirmation is None:
        return Provenance(
            fields=fields, source=source, collected_by=collected_by, collected_at=collected_at
        )
    return Provenance(
        fields=fields,
        source=source,
        collected_by=collected_by,
        collected_at=collected_at,
        confirmed_at=confirmation.at,
        confirmed_how=confirmation.how,
        confirmed_by=None if confirmation.by == collected_by else confirmation.by,
    )


def _provenances(
    fields: frozenset[str],
    source: Source,
    collected_by: str,
    collected_at: datetime,
    confirmation: Confirmation | None,
) -> tuple[Provenance, ...]:
    """Provenance for newly recorded fields.

    The customer's confirmation covers what they gave; the organisation's own records of
    service are never confirmed by them.
    """
    given = fields - _ORGANISATION_FIELDS
    made = fields & _ORGANISATION_FIELDS
    entries = []
    if given:
        entries.append(_provenance(given, source, collected_by, collected_at, confirmation))
    if made:
        entries.append(_provenance(made, source, collected_by, collected_at, None))
    return tuple(entries)


def _check_confirmation(
    confirmation: Confirmation | None, source: Source, collected_at: datetime
) -> None:
    if confirmation is None:
        if _needs_confirmation(source):
            raise InvalidValue(
                "unconfirmed",
                "confirmation",
                "is required: information from the customer or a colleague is confirmed "
                "with the customer before it is recorded",
            )
        return
    check_type(confirmation, Confirmation, "confirmation")
    if confirmation.at < collected_at:
        raise InvalidValue(
            "before_start", "confirmation.at", "is earlier than the information was collected"
        )


def confirm(draft: Draft, confirmation: Confirmation | None) -> CustomerRecord:
    """Make a confirmed draft a record.

    Information the customer or a colleague gave needs the customer's confirmation;
    information a system or a third party recorded may be given ``None``, and its
    provenance then names that source, unconfirmed. Interactions in a draft are the
    organisation's records of service, so their provenance is never marked as
    confirmed by the customer.

    Raises:
        InvalidValue: ``unconfirmed`` without a confirmation the source needs;
            ``before_start`` for a confirmation dated before the draft was collected.
    """
    check_type(draft, Draft, "draft")
    _check_confirmation(confirmation, draft.source, draft.collected_at)
    return draft._record(confirmation)


# --- reading back -------------------------------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class ReadBackLine:
    """One line of a read-back: the field it reads, and what to say; masked in ``repr``."""

    field: str
    text: str = attrs.field(repr=mask_text)


@final
@attrs.frozen(kw_only=True)
class ReadBack:
    """What an agent reads back to the customer to confirm a draft; masked in ``repr``.

    Attributes:
        lines: one line per piece of information, in the order to read them.
    """

    lines: tuple[ReadBackLine, ...]

    @property
    def text(self) -> str:
        """The whole read-back, a line each."""
        return "\n".join(line.text for line in self.lines)

    def __str__(self) -> str:
        return f"<read-back of {len(self.lines)} lines>"


# Letters that sound alike over a phone line ("b", "d", "p"; "m", "n"; "f", "s"), read
# with the NATO phonetic alphabet so that the customer hears which one was written.
_NATO: Final = {
    "b": "bravo",
    "c": "charlie",
    "d": "delta",
    "e": "echo",
    "f": "foxtrot",
    "g": "golf",
    "m": "mike",
    "n": "november",
    "p": "papa",
    "s": "sierra",
    "t": "tango",
    "v": "victor",
    "z": "zulu",
}
_SYMBOLS: Final = {
    ".": "dot",
    "-": "hyphen",
    "_": "underscore",
    "+": "plus",
    "'": "apostrophe",
    "@": "at",
}
# Addresses at these providers are said as they are written: everyone knows them.
_WELL_KNOWN_DOMAINS: Final = frozenset(
    {
        "aol.com",
        "btinternet.com",
        "gmail.com",
        "googlemail.com",
        "hotmail.co.uk",
        "hotmail.com",
        "icloud.com",
        "live.co.uk",
        "live.com",
        "me.com",
        "outlook.com",
        "proton.me",
        "protonmail.com",
        "sky.com",
        "talktalk.net",
        "virginmedia.com",
        "yahoo.co.uk",
        "yahoo.com",
    }
)
_PLAIN_WORD: Final = re.compile(r"[a-z]+")


def _spell(text: str) -> str:
    """Spell ``text`` out a character at a time: ``"b for bravo, o, b"``."""
    spoken = []
    for char in text:
        lower = char.lower()
        if lower in _NATO:
            spoken.append(f"{char} for {_NATO[lower]}")
        else:
            spoken.append(_SYMBOLS.get(char, char))
    return ", ".join(spoken)


def _ambiguous(part: str) -> bool:
    """Whether a part of an address could be written down wrong when heard.

    Digits, symbols, capitals, doubled letters and letters that sound like others
    (``b``/``d``/``p``, ``m``/``n``, ``f``/``s``) all can. A part made only of plain
    words without them (``jo``, ``hull``) is said as written.
    """
    words = part.split(".")
    return (
        not all(_PLAIN_WORD.fullmatch(word) for word in words)
        or any(a == b for word in words for a, b in itertools.pairwise(word))
        or any(char in _NATO for char in part)
    )


def _read_email(address: EmailAddress) -> str:
    local, domain = address.local_part, address.domain
    said = f"E-mail: {address.normalized}"
    spell_local = _ambiguous(local)
    spell_domain = domain.lower() not in _WELL_KNOWN_DOMAINS and _ambiguous(domain)
    if not (spell_local or spell_domain):
        return said
    local_said = _spell(local) if spell_local else local
    domain_said = f"at, {_spell(domain)}" if spell_domain else f"at {domain}"
    return f"{said}; spelled {local_said}, {domain_said}"


def _digit_groups(digits: str) -> list[str]:
    """Split a block of digits into the groups people read aloud.

    Up to five digits are one group (``07400``, ``020``); longer blocks are read in
    threes, ending in a four where a three would leave one digit alone.
    """
    if len(digits) <= 5:  # the longest block a UK number is written with
        return [digits]
    if len(digits) in {7, 8}:
        return [digits[: len(digits) - 4], digits[-4:]]
    return [digits[:3], *_digit_groups(digits[3:])]


def _read_phone(number: PhoneNumber) -> str:
    parsed = phonenumbers.parse(number.e164)
    if number.region == "GB":
        written = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    else:
        written = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    # Digits are read in the groups the number is written in, whatever separates them.
    groups = ["plus"] if written.startswith("+") else []
    for block in re.findall(r"\d+", written):
        groups.extend(" ".join(group) for group in _digit_groups(block))
    said = ", ".join(groups)
    if number.extension:
        written += f" extension {number.extension}"
        said += f", extension {' '.join(number.extension)}"
    return f"Phone: {written}; read as {said}"


def _read_address(address: PostalAddress) -> str:
    parts = [*address.lines]
    if address.town:
        parts.append(address.town)
    if address.postcode:
        parts.append(address.postcode)
    if address.country != "GB":
        parts.append(address.country)
    line = f"Address: {', '.join(parts)}"
    if address.postcode:
        line += f"; postcode spelled {_spell(address.postcode.replace(' ', ''))}"
    return line


_NEED_WORDS: Final = {
    NeedKind.LARGE_PRINT: "large print",
    NeedKind.BRAILLE: "braille",
    NeedKind.AUDIO: "audio",
    NeedKind.EASY_READ: "easy read",
    NeedKind.ELECTRONIC: "documents a screen reader can read",
    NeedKind.BSL_VIDEO: "British Sign Language video",
    NeedKind.BSL_INTERPRETER: "a British Sign Language interpreter",
    NeedKind.LIPSPEAKER: "a lipspeaker",
    NeedKind.HEARING_LOOP: "a hearing loop",
    NeedKind.NAMED_SUPPORTER: "a named supporter",
    NeedKind.TEXT_RELAY: "calls through Relay UK",
}  # NeedKind.OTHER is read as its detail
_CHANNEL_WORDS: Final = {
    Channel.LETTER: "letter",
    Channel.PHONE: "phone",
    Channel.SMS: "text message",
    Channel.EMAIL: "e-mail",
    Channel.WEB: "your online account",
    Channel.FACE_TO_FACE: "face to face",
    Channel.VIDEO: "video call",
    Channel.INTRANET: "our internal systems",
}
_LANGUAGES: Final = {"en": "English", "cy": "Welsh", "gd": "Scottish Gaelic", "ga": "Irish"}
_PURPOSE_WORDS: Final = {
    "marketing": "marketing",
    "marketing.communications": "marketing messages",
    "marketing.communications.email": "marketing by e-mail",
    "marketing.communications.sms": "marketing by text message",
    "marketing.communications.phone": "marketing calls",
    "marketing.communications.post": "marketing by post",
    "essential.service.notifications": "service messages",
}
_CONDITION_WORDS: Final = {
    Article9Condition.EXPLICIT_CONSENT: "you agreed that we may keep it",
}


def _purpose_words(key: str) -> str:
    return _PURPOSE_WORDS.get(key, key)


def _read_preferences(preferences: CommunicationPreferences) -> list[str]:
    lines = []
    if preferences.channels:
        said = ", then ".join(_CHANNEL_WORDS[channel] for channel in preferences.channels)
        lines.append(f"Contact by: {said}")
    if preferences.refused_channels:
        refused = sorted(_CHANNEL_WORDS[channel] for channel in preferences.refused_channels)
        lines.append(f"Not by: {', '.join(refused)}")
    if preferences.language:
        primary = preferences.language.split("-")[0].lower()
        lines.append(f"Language: {_LANGUAGES.get(primary, preferences.language)}")
    if preferences.objections:
        objected = ", ".join(_purpose_words(key) for key in sorted(preferences.objections))
        lines.append(f"You asked us not to use your details for: {objected}")
    return lines


def _say_who(draft: Draft) -> Iterator[tuple[str, str]]:
    if draft.name is not None:
        yield "name", f"Name: {draft.name.full}"
    for point in draft.contact_points:
        if isinstance(point.value, EmailAddress):
            yield "email_addresses", _read_email(point.value)
    for point in draft.contact_points:
        if isinstance(point.value, PhoneNumber):
            yield "phone_numbers", _read_phone(point.value)
    for address in draft.addresses:
        yield "addresses", _read_address(address)
    if draft.date_of_birth is not None:
        born = draft.date_of_birth
        month = calendar.month_name[born.month]
        yield "date_of_birth", f"Date of birth: {born.day} {month} {born.year}"


def _say_needs(draft: Draft) -> Iterator[tuple[str, str]]:
    for need in draft.accessibility_needs:
        if need.kind is NeedKind.OTHER:
            yield "accessibility_needs", f"You need: {need.detail}"
        else:
            detail = f" ({need.detail})" if need.detail else ""
            yield "accessibility_needs", f"You need: {_NEED_WORDS[need.kind]}{detail}"
    for condition in draft.special_category_conditions:
        if condition.condition in _CONDITION_WORDS:
            covered = ", ".join(sorted(f.replace("_", " ") for f in condition.fields))
            words = _CONDITION_WORDS[condition.condition]
            yield "special_category_conditions", f"About your {covered}: {words}"


def _say_choices(draft: Draft) -> Iterator[tuple[str, str]]:
    for line in _read_preferences(draft.preferences):
        yield "preferences", line
    for consent in draft.consents:
        # Only a consent is something the customer gives; other bases are the
        # organisation's.
        if consent.lawful_basis is LawfulBasis.CONSENT:
            yield "consents", f"You agreed to: {_purpose_words(consent.purpose)}"


_READERS: Final = (_say_who, _say_needs, _say_choices)


def read_back(draft: Draft) -> ReadBack:
    """The plain-language summary an agent reads back to the customer before recording.

    It reads what the customer gave, and nothing the customer did not: no number's
    kind or region, no postcode district, no records of service. Phone numbers are
    written as the customer would write them and grouped for reading aloud; e-mail
    addresses are spelled out where a listener could write them down wrong, with
    letters that sound alike given their NATO words; postcodes are spelled; dates of
    birth name their month, so that 03/04 cannot be read two ways.

    >>> from datetime import datetime, timezone
    >>> from custrecords import Source, PhoneNumber
    >>> draft = Draft(
    ...     id="C-1",
    ...     source=Source.CUSTOMER_PHONE,
    ...     collected_by="agent-7",
    ...     collected_at=datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc),
    ...     contact_points=(
    ...         ContactPoint(value=EmailAddress.parse("jo.b@gmail.com")),
    ...         ContactPoint(value=PhoneNumber.parse("07400123456")),
    ...     ),
    ...     date_of_birth=date(1990, 4, 3),
    ... )
    >>> print(read_back(draft).text)
    E-mail: jo.b@gmail.com; spelled j, o, dot, b for bravo, at gmail.com
    Phone: 07400 123456; read as 0 7 4 0 0, 1 2 3, 4 5 6
    Date of birth: 3 April 1990
    """
    check_type(draft, Draft, "draft")
    lines = [
        ReadBackLine(field=field, text=text) for reader in _READERS for field, text in reader(draft)
    ]
    return ReadBack(lines=tuple(lines))


# --- update ----------------------------------------------------------------------------------


class ChangeReason(StrEnum):
    """Why information in a record changed."""

    NEW_INFORMATION = "new_information"
    """The customer gave more information (standard, 1.2)."""
    CUSTOMER_CORRECTION = "customer_correction"
    """The customer said something held was wrong."""
    RECTIFICATION_REQUEST = "rectification_request"
    """A request under UK GDPR Article 16 to correct inaccurate data."""
    RETURNED_MAIL = "returned_mail"
    """Post came back: the customer no longer lives at the address."""
    UNDELIVERABLE = "undeliverable"
    """An e-mail or text message could not be delivered."""
    SYSTEM_UPDATE = "system_update"
    """A system or device recorded service delivered, or updated what it holds."""


@final
@attrs.frozen(kw_only=True)
class ChangeSource:
    """Where a change came from, who made it, why, and how the customer confirmed it.

    Attributes:
        source: where the new information came from.
        by: who or what made the change (a colleague's or system's identifier).
        reason: why.
        confirmation: the customer's confirmation; required when the change touches
            information the customer gives and the source is the customer or a
            colleague.
    """

    source: Source
    by: str
    reason: ChangeReason
    confirmation: Confirmation | None = None

    def __attrs_post_init__(self) -> None:
        check_choice(self.source, Source, "change_source.source")
        check_id(self.by, "change_source.by")
        check_choice(self.reason, ChangeReason, "change_source.reason")
        if self.confirmation is not None and not isinstance(self.confirmation, Confirmation):
            raise InvalidValue("wrong_type", "change_source.confirmation", "must be a Confirmation")


@final
@attrs.frozen(kw_only=True)
class FieldChange:
    """One field's value before and after a change; both masked in ``repr``.

    Attributes:
        field: the field (a name from `RECORD_FIELDS`).
        before: what the record held.
        after: what it holds now.
    """

    field: str
    before: object = attrs.field(repr=lambda _: "<masked>")
    after: object = attrs.field(repr=lambda _: "<masked>")

    def __attrs_post_init__(self) -> None:
        if self.field not in RECORD_FIELDS:
            raise InvalidValue(
                "unknown_field", "field_change.field", "names a field records do not have"
            )


@final
@attrs.frozen(kw_only=True)
class ChangeSet:
    """What one update changed: the history that rectification and audits need.

    Attributes:
        record_id: the record changed.
        at: when the information was collected.
        source: where it came from, who made the change, why, and how it was confirmed.
        changes: each field that changed, with its value before and after; empty when
            the update changed nothing.
    """

    record_id: str
    at: datetime
    source: ChangeSource
    changes: tuple[FieldChange, ...]

    def __attrs_post_init__(self) -> None:
        check_id(self.record_id, "change_set.record_id")
        check_time(self.at, "change_set.at")
        check_type(self.source, ChangeSource, "change_set.source")
        check_items(self.changes, FieldChange, "change_set.changes")
        fields = [change.field for change in self.changes]
        if len(set(fields)) != len(fields):
            raise InvalidValue("duplicate", "change_set.changes", "changes one field twice")

    @property
    def fields(self) -> frozenset[str]:
        """The fields changed."""
        return frozenset(change.field for change in self.changes)

    @property
    def is_empty(self) -> bool:
        """Whether nothing changed."""
        return not self.changes


# Fields that are kept as the record's own attributes (contact points are split in two).
_ATTRIBUTE_FIELDS: Final = RECORD_FIELDS - _CONTACT_KINDS.keys()


def _apply(record: CustomerRecord, change_set: ChangeSet) -> CustomerRecord:
    """The record with the change set's values, and its provenance."""
    values: dict[str, object] = {
        change.field: change.after
        for change in change_set.changes
        if change.field in _ATTRIBUTE_FIELDS
    }
    contact = {
        change.field: change.after
        for change in change_set.changes
        if change.field in _CONTACT_KINDS
    }
    if contact:
        emails = contact.get("email_addresses", record.email_addresses)
        phones = contact.get("phone_numbers", record.phone_numbers)
        values["contact_points"] = (*emails, *phones)  # type: ignore[misc]
    source = change_set.source
    provenance = _provenances(
        change_set.fields, source.source, source.by, change_set.at, source.confirmation
    )
    return attrs.evolve(record, provenance=record.provenance + provenance, **values)  # type: ignore[arg-type]


def _check_contact_kind(field: str, value: object) -> None:
    kind = _CONTACT_KINDS[field]
    if not isinstance(value, tuple) or not all(
        isinstance(point, ContactPoint) and isinstance(point.value, kind) for point in value
    ):
        raise InvalidValue(
            "wrong_type", f"changes.{field}", f"must be a tuple of ContactPoint of {kind.__name__}"
        )


def update(
    record: CustomerRecord,
    changes: Mapping[str, object],
    *,
    source: ChangeSource,
    at: datetime,
) -> tuple[CustomerRecord, ChangeSet]:
    """Change some of a record's fields; return the new record and what changed.

    ``changes`` maps field names from `RECORD_FIELDS` to their new values, of the type
    the record holds them in: ``email_addresses`` and ``phone_numbers`` are tuples of
    `ContactPoint` of that kind, and replace all of the record's points of that kind.
    A field set to what it already holds is not a change; when nothing changes, the
    record comes back as it was, with an empty change set.

    The new record's provenance gains an entry for the changed fields, with the
    source, who made the change, when, and the customer's confirmation.

    Raises:
        InvalidValue: for an unknown field (``unknown_field``), a value of the wrong
            type, a change dated before the record was created (``before_start``), a
            confirmation missing where the source needs one (``unconfirmed``) or dated
            before the change (``before_start``), or a result that is not a valid
            record. The record passed in is never changed.
    """
    check_type(record, CustomerRecord, "record")
    if not isinstance(changes, Mapping):
        raise InvalidValue("wrong_type", "changes", "must be a mapping of field names to values")
    check_type(source, ChangeSource, "source")
    check_time(at, "at")
    if at < record.created_at:
        raise InvalidValue("before_start", "at", "is earlier than the record was created")
    for field, value in changes.items():
        if not isinstance(field, str) or field not in RECORD_FIELDS:
            raise InvalidValue("unknown_field", "changes", "names a field records do not have")
        if field in _CONTACT_KINDS:
            _check_contact_kind(field, value)
    field_changes = tuple(
        FieldChange(field=field, before=getattr(record, field), after=value)
        for field, value in sorted(changes.items())
        if getattr(record, field) != value
    )
    change_set = ChangeSet(record_id=record.id, at=at, source=source, changes=field_changes)
    if change_set.is_empty:
        return record, change_set
    if change_set.fields - _ORGANISATION_FIELDS:
        _check_confirmation(source.confirmation, source.source, at)
    return _apply(record, change_set), change_set


def replay(record: CustomerRecord, change_set: ChangeSet) -> CustomerRecord:
    """Apply a change set to the record it was made from, giving the record it made.

    Raises:
        InvalidValue: ``wrong_record`` for a change set made for another record;
            ``conflict`` when the record no longer holds what a change was made from
            (it changed since), so that a stale change never overwrites a newer one.
    """
    check_type(change_set, ChangeSet, "change_set")
    check_type(record, CustomerRecord, "record")
    if record.id != change_set.record_id:
        raise InvalidValue("wrong_record", "change_set.record_id", "is not the record's id")
    for change in change_set.changes:
        if getattr(record, change.field) != change.before:
            raise InvalidValue(
                "conflict",
                f"changes.{change.field}",
                "no longer holds what the change was made from",
            )
    if change_set.is_empty:
        return record
    return _apply(record, change_set)


# --- assess ----------------------------------------------------------------------------------


class AssessmentCode(StrEnum):
    """What an assessment found wrong with a record."""

    MISSING = "missing"
    """A field the purpose cannot be done without is empty: insufficient."""
    MISSING_CONSENT = "missing_consent"
    """The purpose needs consent (or, where the guidelines allow it, PECR's soft opt-in),
    and the record holds none that counts: `marketing_permission` says why."""
    OBJECTED = "objected"
    """The customer objected to the purpose (UK GDPR Article 21)."""
    IRRELEVANT = "irrelevant"
    """A field is held that no purpose in use for this customer needs."""
    UNCATALOGUED = "uncatalogued"
    """A field is held that the guidelines' catalogue does not list."""
    UNCONFIRMED = "unconfirmed"
    """A field the customer gave was never confirmed with them."""
    STALE = "stale"
    """A field was last confirmed longer ago than the guidelines allow."""
    PROHIBITED = "prohibited"
    """A field the guidelines say must never be kept is held."""
    NEEDS_CONDITION = "needs_condition"
    """Special-category data is held without an Article 9 condition recorded for it."""


_MESSAGES: Final = {
    AssessmentCode.MISSING: "is needed for this purpose, and the record has none",
    AssessmentCode.MISSING_CONSENT: (
        "the purpose rests on consent, and the customer has no active consent for it"
    ),
    AssessmentCode.OBJECTED: "the customer objected to this purpose",
    AssessmentCode.IRRELEVANT: "is held, but no purpose in use for this customer needs it",
    AssessmentCode.UNCATALOGUED: "is held, but the guidelines do not list it",
    AssessmentCode.UNCONFIRMED: "was never confirmed with the customer",
    AssessmentCode.STALE: "was last confirmed longer ago than the guidelines allow",
    AssessmentCode.PROHIBITED: "must never be kept",
    AssessmentCode.NEEDS_CONDITION: "is special-category data held without an Article 9 condition",
}


@final
@attrs.frozen(kw_only=True)
class AssessmentItem:
    """One thing an assessment found.

    Attributes:
        code: what was found; stable, for hosts to render in any language.
        field: the field it concerns (or ``consents`` for a missing consent).
        rule: the guidelines rule that fired, as its TOML path
            (``fields.addresses.required_for``).
        message: a plain-English description; it never holds the field's value.
        due: for a stale field, the day it went stale.
    """

    code: AssessmentCode
    field: str
    rule: str
    message: str
    due: date | None = None


@final
@attrs.frozen(kw_only=True)
class Assessment:
    """Whether a record is sufficient, relevant, confirmed and permitted, for a purpose.

    Attributes:
        record_id: the record assessed.
        purpose: the purpose it was assessed for.
        on: the day it was assessed.
        items: what was found, ordered by field and code; empty when nothing was.
    """

    record_id: str
    purpose: str
    on: date
    items: tuple[AssessmentItem, ...]

    @property
    def ok(self) -> bool:
        """Whether nothing was found."""
        return not self.items

    @property
    def codes(self) -> frozenset[AssessmentCode]:
        """The kinds of thing found."""
        return frozenset(item.code for item in self.items)

    def fields_with(self, code: AssessmentCode) -> frozenset[str]:
        """The fields an item of kind ``code`` was found for."""
        return frozenset(item.field for item in self.items if item.code is code)

    @property
    def sufficient(self) -> bool:
        """Whether the record has what the purpose needs (standard, 1.3)."""
        return not self.codes & {
            AssessmentCode.MISSING,
            AssessmentCode.MISSING_CONSENT,
            AssessmentCode.OBJECTED,
        }

    @property
    def relevant(self) -> bool:
        """Whether everything held is needed (UK GDPR Article 5(1)(c))."""
        return not self.codes & {AssessmentCode.IRRELEVANT, AssessmentCode.UNCATALOGUED}

    @property
    def confirmed(self) -> bool:
        """Whether everything was confirmed, and recently enough (Article 5(1)(d))."""
        return not self.codes & {AssessmentCode.UNCONFIRMED, AssessmentCode.STALE}

    @property
    def permitted(self) -> bool:
        """Whether nothing held is forbidden or held without its condition."""
        return not self.codes & {AssessmentCode.PROHIBITED, AssessmentCode.NEEDS_CONDITION}


class _Assessor:
    """The facts about one record that every check needs, worked out once."""

    def __init__(self, record: CustomerRecord, guidelines: Guidelines, today: date) -> None:
        self.record = record
        self.guidelines = guidelines
        self.today = today
        self.permissions: dict[str, MarketingPermission] = {}

    def objected_to(self, purpose: str) -> bool:
        """Whether the customer objected to the purpose, or to one it refines."""
        return any(covers(objection, purpose) for objection in self.record.preferences.objections)

    def in_use(self, purpose: str) -> bool:
        """Whether the purpose may be used for this customer today."""
        if self.guidelines.purpose(purpose) is None or self.objected_to(purpose):
            return False
        return self.permission(purpose).permitted

    def permission(self, purpose: str) -> MarketingPermission:
        """The basis the record gives the purpose today: the one rule `marketing_permission`."""
        if purpose not in self.permissions:
            self.permissions[purpose] = marketing_permission(
                self.record, self.guidelines, purpose=purpose, on=self.today
            )
        return self.permissions[purpose]

    def last_confirmed(self, field: str) -> tuple[date | None, bool]:
        """When ``field`` was last confirmed (or recorded by a source that needs none).

        Returns the day, and whether any provenance names the field at all.
        """
        latest: datetime | None = None
        named = False
        for entry in self.record.provenance:
            if field not in entry.fields:
                continue
            named = True
            when = entry.confirmed_at
            if when is None and not _needs_confirmation(entry.source):
                when = entry.collected_at
            if when is not None and (latest is None or when > latest):
                latest = when
        return (uk_day(latest) if latest else None), named

    def field_items(self, field: str, rule: FieldRule | None) -> Iterable[AssessmentItem]:
        path = f"fields.{field}"
        if rule is None:
            yield _item(AssessmentCode.UNCATALOGUED, field, "fields")
            return
        if rule.keep is KeepRule.NEVER:
            yield _item(AssessmentCode.PROHIBITED, field, f"{path}.keep")
        elif rule.keep is KeepRule.NEEDS_CONDITION and not any(
            field in condition.fields for condition in self.record.special_category_conditions
        ):
            yield _item(AssessmentCode.NEEDS_CONDITION, field, f"{path}.keep")
        if not any(self.in_use(purpose) for purpose in rule.purposes):
            yield _item(AssessmentCode.IRRELEVANT, field, f"{path}.purposes")
        if field in _ORGANISATION_FIELDS:
            return
        confirmed, named = self.last_confirmed(field)
        if confirmed is None:
            if named or rule.reconfirm_every is not None:
                yield _item(AssessmentCode.UNCONFIRMED, field, path)
        elif (due := rule.stale_since(confirmed, today=self.today)) is not None:
            yield _item(AssessmentCode.STALE, field, f"{path}.reconfirm_every", due)


def _item(code: AssessmentCode, field: str, rule: str, due: date | None = None) -> AssessmentItem:
    return AssessmentItem(code=code, field=field, rule=rule, message=_MESSAGES[code], due=due)


def assess(
    record: CustomerRecord, guidelines: Guidelines, *, purpose: str, today: date
) -> Assessment:
    """Check a record against the guidelines, for a purpose, on a day.

    It finds, for ``purpose``, the fields the purpose cannot do without that are
    empty (``missing``), a consent the purpose needs and the customer has not given
    (``missing_consent``), and an objection to it (``objected``); and, across the
    record, fields held that no purpose in use for this customer needs
    (``irrelevant``: a phone number kept only for marketing the customer withdrew
    from) or that the catalogue does not list (``uncatalogued``), fields the customer
    gave that were never confirmed (``unconfirmed``) or were confirmed longer ago
    than the field's ``reconfirm_every`` (``stale``, from the day the period ends),
    and fields that must never be kept (``prohibited``) or are special-category data
    without a recorded Article 9 condition (``needs_condition``).

    Whether a purpose has the basis it needs is `marketing_permission`'s rule, the one
    `choose_channel` and the export audit use: a purpose resting on consent needs an
    entry whose basis is consent, given by ``today`` and not withdrawn by then (an entry
    on another basis is not consent); e-mail and SMS marketing needs consent whatever
    the declared basis (PECR regulation 22(2)), or PECR's soft opt-in where the
    guidelines allow it (regulation 22(3)). A purpose without that basis is
    ``missing_consent``, and the fields only it needs are ``irrelevant``.

    Raises:
        InvalidValue: ``undeclared_purpose`` for a purpose the guidelines do not
            declare; ``wrong_type`` for a ``today`` that is not a date.
    """
    check_type(record, CustomerRecord, "record")
    check_type(guidelines, Guidelines, "guidelines")
    if not isinstance(today, date) or isinstance(today, datetime):
        raise InvalidValue("wrong_type", "today", "must be a date")
    declared = guidelines.purpose(purpose) if isinstance(purpose, str) else None
    if declared is None:
        raise InvalidValue(
            "undeclared_purpose", "purpose", "is not a purpose the guidelines declare"
        )
    assessor = _Assessor(record, guidelines, today)
    items: list[AssessmentItem] = []
    purpose_path = f'purposes."{declared.key}"'
    if assessor.objected_to(purpose):
        items.append(_item(AssessmentCode.OBJECTED, "preferences", purpose_path))
    elif not (permission := assessor.permission(purpose)).permitted:
        items.append(
            AssessmentItem(
                code=AssessmentCode.MISSING_CONSENT,
                field="consents",
                rule=permission.rule,
                message=permission.message,
            )
        )
    for rule in guidelines.fields:
        if (
            rule.name in RECORD_FIELDS
            and rule.is_required_for(purpose)
            and not record.holds(rule.name)
        ):
            items.append(
                _item(AssessmentCode.MISSING, rule.name, f"fields.{rule.name}.required_for")
            )
    for field in sorted(RECORD_FIELDS):
        if record.holds(field):
            items.extend(assessor.field_items(field, guidelines.field(field)))
    items.sort(key=lambda item: (item.field, item.code.value))
    return Assessment(record_id=record.id, purpose=purpose, on=today, items=tuple(items))
