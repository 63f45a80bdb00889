"""New customer or existing one: the records a draft may already be.

Before a new record is stored, an agent checks whether the customer is already known,
so that they update the existing record rather than create a duplicate: duplicates
split a customer's history, let stale copies be disclosed, and survive erasure.
`find_matches` looks the draft up by every key it has (`lookup_keys`) and says how
strongly each record found matches, and why.

How strong a match is:

- **strong**: the same e-mail address, verified on the stored record (only the
  customer reads that inbox);
- **likely**: the same e-mail address, not verified (it may be mistyped on either
  record); the same mobile number (personal, though numbers change hands); the same
  name and date of birth (common names share birthdays in a large customer base);
- **possible**: the same other phone number (landlines and switchboards are shared);
  the same name and postcode (relatives with one name share a home).

Two or more different reasons make any match strong.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, final

import attrs

from custrecords.collecting import Draft
from custrecords.errors import InvalidValue
from custrecords.ports import LookupKey, LookupKind, RecordRepository, lookup_keys
from custrecords.records import CustomerRecord
from custrecords.values import PhoneKind

__all__ = ["Match", "MatchReason", "MatchStrength", "find_matches"]


class MatchStrength(StrEnum):
    """How likely a stored record is the draft's customer."""

    POSSIBLE = "possible"
    """Worth asking the customer about; not enough alone to treat them as the same."""
    LIKELY = "likely"
    """Probably the same customer: confirm one more detail with them."""
    STRONG = "strong"
    """The same customer: update their record instead of creating another."""


_RANK: Final = {strength: rank for rank, strength in enumerate(MatchStrength)}


class MatchReason(StrEnum):
    """Why a stored record matches a draft."""

    SAME_VERIFIED_EMAIL = "same_verified_email"
    SAME_EMAIL = "same_email"
    SAME_MOBILE = "same_mobile"
    SAME_PHONE = "same_phone"
    SAME_NAME_AND_BIRTH_DATE = "same_name_and_birth_date"
    SAME_NAME_AND_POSTCODE = "same_name_and_postcode"


_STRENGTH: Final = {
    MatchReason.SAME_VERIFIED_EMAIL: MatchStrength.STRONG,
    MatchReason.SAME_EMAIL: MatchStrength.LIKELY,
    MatchReason.SAME_MOBILE: MatchStrength.LIKELY,
    MatchReason.SAME_NAME_AND_BIRTH_DATE: MatchStrength.LIKELY,
    MatchReason.SAME_PHONE: MatchStrength.POSSIBLE,
    MatchReason.SAME_NAME_AND_POSTCODE: MatchStrength.POSSIBLE,
}


@final
@attrs.frozen(kw_only=True)
class Match:
    """A stored record a draft may be, how strongly, and why.

    Attributes:
        record_id: the stored record.
        version: its version when it was found: update from this one.
        strength: possible, likely or strong.
        reasons: what the two have in common, strongest first.
    """

    record_id: str
    version: int
    strength: MatchStrength
    reasons: tuple[MatchReason, ...]

    @property
    def rank(self) -> tuple[int, int]:
        """What orders matches: strength, then how many reasons."""
        return (_RANK[self.strength], len(self.reasons))


def _reason(key: LookupKey, found: CustomerRecord) -> MatchReason:
    if key.kind is LookupKind.NAME_POSTCODE:
        return MatchReason.SAME_NAME_AND_POSTCODE
    if key.kind is LookupKind.NAME_BIRTH_DATE:
        return MatchReason.SAME_NAME_AND_BIRTH_DATE
    points = [point for point in found.contact_points if LookupKey.contact(point.value) == key]
    if key.kind is LookupKind.EMAIL:
        verified = any(point.verified for point in points)
        return MatchReason.SAME_VERIFIED_EMAIL if verified else MatchReason.SAME_EMAIL
    mobile = any(getattr(point.value, "kind", None) is PhoneKind.MOBILE for point in points)
    return MatchReason.SAME_MOBILE if mobile else MatchReason.SAME_PHONE


def find_matches(draft: Draft | CustomerRecord, repository: RecordRepository) -> tuple[Match, ...]:
    """The stored records ``draft`` may be, strongest first (then by id).

    Works for a record as well as a draft (to look for duplicates of it); a stored
    record with the draft's own id is never a match for it.

    >>> from datetime import UTC, datetime
    >>> from custrecords import ContactPoint, EmailAddress, PersonName
    >>> from custrecords.adapters import MemoryRepository
    >>> from custrecords.collecting import Confirmation, confirm
    >>> from custrecords.records import ConfirmationMethod, Source
    >>> def draft(id, email):
    ...     return Draft(id=id, source=Source.CUSTOMER_PHONE, collected_by="agent-7",
    ...         collected_at=datetime(2026, 11, 23, 10, tzinfo=UTC),
    ...         name=PersonName.parse("Jane Doe"),
    ...         contact_points=(ContactPoint(value=EmailAddress.parse(email), verified=True),))
    >>> repository = MemoryRepository()
    >>> ok = Confirmation(by="agent-7", at=datetime(2026, 11, 23, 10, 5, tzinfo=UTC),
    ...     how=ConfirmationMethod.READ_BACK)
    >>> _ = repository.add(confirm(draft("C-1", "jane.doe@example.com"), ok))
    >>> [(m.record_id, m.strength.value, [r.value for r in m.reasons])
    ...  for m in find_matches(draft("C-2", "Jane.Doe@Example.com"), repository)]
    [('C-1', 'strong', ['same_verified_email'])]

    Raises:
        InvalidValue: ``wrong_type`` for a draft that is neither a `Draft` nor a record.
    """
    if not isinstance(draft, Draft | CustomerRecord):
        raise InvalidValue("wrong_type", "draft", "must be a Draft or a CustomerRecord")
    found: dict[str, tuple[int, set[MatchReason]]] = {}
    for key in lookup_keys(draft):
        for stored in repository.find(key):
            record = stored.record
            if record.id == draft.id:
                continue
            found.setdefault(record.id, (stored.version, set()))[1].add(_reason(key, record))
    matches = [
        _match(record_id, version, reasons) for record_id, (version, reasons) in found.items()
    ]
    matches.sort(key=lambda match: match.record_id)
    matches.sort(key=lambda match: match.rank, reverse=True)
    return tuple(matches)


def _match(record_id: str, version: int, reasons: set[MatchReason]) -> Match:
    ordered = sorted(reasons, key=lambda reason: (-_RANK[_STRENGTH[reason]], reason.value))
    strength = MatchStrength.STRONG if len(ordered) > 1 else _STRENGTH[ordered[0]]
    return Match(record_id=record_id, version=version, strength=strength, reasons=tuple(ordered))
