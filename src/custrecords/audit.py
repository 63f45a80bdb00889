"""The audit trail: every decision and disclosure, as events a host cannot quietly change.

An `AuditEvent` says who asked, for whom, what was granted or refused, under which
rules, and when: identifiers and field names, never values. It refuses any text that is
not a code, an id or a field name: a hash-chained log cannot be erased without breaking
its chain, so personal data must never reach it (UK GDPR Articles 5(1)(c) and 17).
Hosts send events to an
`AuditSink`, a port they implement for their own store; `MemoryAuditSink` is the
reference: append-only, each event chained to the one before by SHA-256, so that
`verify` detects an event altered, removed or moved.

>>> from datetime import UTC, datetime
>>> sink = MemoryAuditSink()
>>> sink.append(AuditEvent(at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
...     action=AuditAction.DECISION, request_id="R1", subject_id="C1",
...     requester="customer", outcome="allow", fields=frozenset({"addresses"}),
...     rules=("disclosure.customer-verified",)))
>>> sink.verify()
True
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Final, Protocol, final, runtime_checkable

import attrs

from custrecords._checks import (
    IBAN_LENGTHS,
    check_choice,
    check_id,
    check_time,
    check_type,
    iban_valid,
    luhn,
    nhs_valid,
)
from custrecords.errors import InvalidValue

__all__ = ["AuditAction", "AuditEvent", "AuditSink", "MemoryAuditSink"]


class AuditAction(StrEnum):
    """What an audit event records."""

    DECISION = "decision"
    """A disclosure request was decided."""
    DISCLOSURE = "disclosure"
    """Information was given out under a decision."""
    COLLECTION = "collection"
    """A new customer's record was stored."""
    UPDATE = "update"
    """A record was changed and stored as a new version."""
    SUPPLY = "supply"
    """Information was planned to be supplied to a customer by a chosen channel."""
    UNDERSTANDING = "understanding"
    """The customer's understanding of information supplied was confirmed."""
    RIGHTS_REQUEST = "rights_request"
    """A step in a customer's rights request: received, identity checked, extended,
    completed, refused (UK GDPR Articles 12 and 15 to 22)."""
    ERASURE = "erasure"
    """Some or all of a record was erased (Article 17, or a retention rule)."""
    ANONYMISATION = "anonymisation"
    """A record was anonymised (a retention rule; Recital 26)."""


# Codes, ids and field names: what an audit event may hold. No spaces and no "@" keep
# names, sentences and e-mail addresses out.
_CODE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
# Personal data that can still look like a code (Article 4(1)), each read by the rule
# its issuer publishes:
# - a payment card number: 13 to 19 digits that pass the Luhn check (ISO/IEC 7812-1);
# - a UK phone number in national or international form, 0, 44 or 0044 before the
#   national number (Ofcom's National Telephone Numbering Plan: 01, 02, 03 and 07);
# - a National Insurance number, whole or in its printed groups (HMRC NIM39110);
# - an IBAN of its country's length and BBAN, passing mod 97 (ISO 13616, SWIFT's
#   IBAN Registry);
# - a sort code and an account number with a separator between them (Bacs);
# - an NHS number in its 3-3-4 groups, passing modulus 11 (NHS Data Dictionary).
# In a free code, also a bare number that is one of these: ten digits that are a
# phone number which lost its leading 0, or an NHS number; 13 to 19 Luhn-valid digits
# whatever they begin with. In an id they are accepted: hosts number their records
# (HubSpot's contact ids are numbers of up to 12 digits), and one id in a hundred
# would otherwise be refused for passing modulus 11, one in ten for passing Luhn.
_SEPARATOR: Final = re.compile(r"[-._:]")
_DIGIT_RUN: Final = re.compile(r"(?<!\d)\d(?:[-._:]?\d){12,18}(?!\d)")
# ISO/IEC 7812-1 issuer prefixes of the schemes UK customers pay with: Visa 4;
# Mastercard 51-55 and 2221-2720; American Express 34, 37; Diners 30, 36, 38; JCB 35;
# Discover, Maestro and UnionPay 50 and 56-69.
_CARD_ISSUER: Final = re.compile(r"4|5[0-6]|2[2-7]|3[0456789]|6")
_UK_PHONE: Final = re.compile(r"(?<!\d)(?:0|0044|44)(?:[1237]\d{9}|[12]\d{8})(?!\d)")
_UK_NATIONAL_NUMBER: Final = re.compile(r"[1237]\d{9}")
_NINO: Final = re.compile(
    r"(?<![A-Za-z0-9])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"([-._:]?)\d{2}\1\d{2}\1\d{2}\1[A-D](?![A-Za-z0-9])",
    re.IGNORECASE,
)
_IBAN_START: Final = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}")
_SORT_CODE_AND_ACCOUNT: Final = re.compile(
    r"(?<![\d-])\d{2}([-._:]?)\d{2}\1\d{2}[-._:]\d{8}(?![\d])"
)
_NHS_GROUPS: Final = re.compile(r"(?<![\d-])(\d{3})([-._:])(\d{3})\2(\d{4})(?!\d)")
_NUMBER: Final = re.compile(r"(?<!\d)\d+(?!\d)")


def _is_iban(text: str, start: int) -> bool:
    """Whether an IBAN begins at ``start``: whole, or in groups between separators."""
    length = IBAN_LENGTHS.get(text[start : start + 2].lower())
    if length is None:
        return False
    compact = ""
    end = start
    while end < len(text) and len(compact) < length:
        if text[end].isalnum():
            compact += text[end]
        end += 1
    return not text[end : end + 1].isalnum() and iban_valid(compact)


def _holds_personal_data(text: str, *, id: bool = False) -> bool:
    for run in _DIGIT_RUN.finditer(text):
        digits = _SEPARATOR.sub("", run[0])
        if luhn(digits) and (not id or _CARD_ISSUER.match(digits)):
            return True
    if _UK_PHONE.search(_SEPARATOR.sub("", text)) or _NINO.search(text):
        return True
    if any(_is_iban(text, match.start()) for match in _IBAN_START.finditer(text)):
        return True
    if _SORT_CODE_AND_ACCOUNT.search(text):
        return True
    if any(nhs_valid(match[1] + match[3] + match[4]) for match in _NHS_GROUPS.finditer(text)):
        return True
    return not id and any(
        len(number) == 10 and (_UK_NATIONAL_NUMBER.fullmatch(number) or nhs_valid(number))
        for number in _NUMBER.findall(text)
    )


def _check_code(value: object, field: str, *, id: bool = False) -> None:
    """``value`` is a code, an id or a field name, and no personal data that looks like one."""
    if id:
        check_id(value, field)
    elif not isinstance(value, str) or not _CODE.fullmatch(value):
        raise InvalidValue(
            "not_a_code",
            field,
            "must be a code, an id or a field name: 1 to 128 letters, digits or . _ : - "
            "(no spaces, no @)",
        )
    if _holds_personal_data(value, id=id):  # type: ignore[arg-type]
        raise InvalidValue(
            "personal_data",
            field,
            "looks like personal data (a card number, a phone number, a National Insurance "
            "number, bank details, an NHS number): an audit event holds only codes, ids "
            "and field names",
        )


@final
@attrs.frozen(kw_only=True)
class AuditEvent:
    """One thing done with a customer's information, in identifiers and field names only.

    Attributes:
        at: when.
        action: a decision, a disclosure, a collection, an update, a supply or a
            confirmed understanding.
        request_id: the request, for decisions and disclosures; the supply, for
            supplies and understanding; ``None`` for collections and updates.
        subject_id: the record it was about.
        requester: the kind of requester (``customer``, ``colleague``...); for a
            collection or an update, where the information came from
            (``customer_phone``, ``system``...); ``organisation`` for a supply, and
            ``customer`` for their understanding.
        requester_id: who, where the organisation knows them by an identifier (a
            colleague's staff id, a representative's id).
        outcome: allow, deny or refer; what the desk did (``recorded``, ``updated``,
            ``planned``, ``understood``); a rights request's step (``received``,
            ``information_arrived``, ``extended``, ``completed``, ``refused``...);
            ``erased`` or ``anonymised``.
        fields: the fields granted, given, recorded, changed or erased.
        refused: the fields asked for and not granted.
        rules: the rules that decided.
        counts: for an erasure or an anonymisation, how many entries of each part it
            touched, as (part, count) pairs sorted by part; never what they held.

    Every text is a code, an id or a field name (letters, digits and ``. _ : -``, no
    spaces and no ``@``), and none is personal data shaped like one (UK GDPR Article
    4(1)): a payment card number (Luhn-valid, ISO/IEC 7812-1), a UK phone number with
    ``0``, ``44`` or ``0044`` before it (Ofcom's National Telephone Numbering Plan), a
    National Insurance number, whole or in its groups (HMRC NIM39110), an IBAN of its
    country's length passing mod 97 (ISO 13616), a sort code and account number with a
    separator between them, or an NHS number in its 3-3-4 groups (modulus 11, NHS Data
    Dictionary). The codes (``requester``, ``outcome``, ``fields``, ``refused``,
    ``rules``, ``counts``) also refuse a bare number that is one: ten digits that are a
    UK phone number without its ``0`` or a valid NHS number, and any Luhn-valid 13 to
    19 digits. The ids (``subject_id``, ``request_id``, ``requester_id``) accept those:
    hosts number their records (HubSpot's contact ids are numbers of up to 12 digits),
    so a bare number there cannot be told from a record id, and refusing every
    ten-digit number that passes modulus 11 would refuse one host id in eleven; an id
    is refused as a card number only with a card issuer's prefix.

    Raises:
        InvalidValue: ``not_a_code`` for text that is not a code or a field name,
            ``invalid_id`` for an id that is not one, ``personal_data`` for a value
            that is personal data, ``wrong_type`` for counts that are not (part,
            whole number) pairs.
    """

    at: datetime
    action: AuditAction
    subject_id: str
    requester: str
    outcome: str
    fields: frozenset[str] = frozenset()
    refused: frozenset[str] = frozenset()
    rules: tuple[str, ...] = ()
    requester_id: str | None = None
    request_id: str | None = None
    counts: tuple[tuple[str, int], ...] = ()

    def __attrs_post_init__(self) -> None:
        check_time(self.at, "audit_event.at")
        check_choice(self.action, AuditAction, "audit_event.action")
        if self.request_id is not None:
            _check_code(self.request_id, "audit_event.request_id", id=True)
        _check_code(self.subject_id, "audit_event.subject_id", id=True)
        _check_code(self.requester, "audit_event.requester")
        _check_code(self.outcome, "audit_event.outcome")
        if self.requester_id is not None:
            _check_code(self.requester_id, "audit_event.requester_id", id=True)
        for name in ("fields", "refused"):
            names = getattr(self, name)
            if not isinstance(names, frozenset):
                raise InvalidValue("wrong_type", f"audit_event.{name}", "must be a frozenset")
            for item in names:
                _check_code(item, f"audit_event.{name}")
        if not isinstance(self.rules, tuple):
            raise InvalidValue("wrong_type", "audit_event.rules", "must be a tuple")
        for rule in self.rules:
            _check_code(rule, "audit_event.rules")
        if not isinstance(self.counts, tuple) or not all(
            isinstance(pair, tuple)
            and len(pair) == 2
            and isinstance(pair[1], int)
            and not isinstance(pair[1], bool)
            and pair[1] >= 0
            for pair in self.counts
        ):
            raise InvalidValue(
                "wrong_type", "audit_event.counts", "must be (part, whole number) pairs"
            )
        for part, _ in self.counts:
            _check_code(part, "audit_event.counts")
        parts = [part for part, _ in self.counts]
        if parts != sorted(set(parts)):
            # One erasure has one form: the chain hashes counts in the order given.
            raise InvalidValue(
                "duplicate", "audit_event.counts", "must name each part once, sorted by part"
            )

    def canonical(self) -> bytes:
        """The event as canonical JSON: the bytes its chain hash covers."""
        data: dict[str, object] = {
            "at": self.at.isoformat(),
            "action": self.action.value,
            "request_id": self.request_id,
            "subject_id": self.subject_id,
            "requester": self.requester,
            "requester_id": self.requester_id,
            "outcome": self.outcome,
            "fields": sorted(self.fields),
            "refused": sorted(self.refused),
            "rules": list(self.rules),
        }
        if self.counts:
            # Only when there are any: events written before counts existed keep the
            # bytes, and so the chain links, they had.
            data["counts"] = [[part, count] for part, count in self.counts]
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


@runtime_checkable
class AuditSink(Protocol):
    """Where a host keeps audit events: its own table, log or service.

    An implementation must keep every event it is given, in order, and never change
    one. `MemoryAuditSink` is the reference implementation.
    """

    def append(self, event: AuditEvent) -> None:
        """Keep ``event`` after every event kept before it."""
        ...  # pragma: no cover


GENESIS: Final = "0" * 64
"""The link before the first event: what an empty log's head is."""


def link(previous: str, event: AuditEvent) -> str:
    """The SHA-256 of the previous link and the event's canonical JSON, in hex."""
    return hashlib.sha256(previous.encode() + event.canonical()).hexdigest()


def chain_holds(chain: Iterable[tuple[AuditEvent, str]], head: str | None = None) -> bool:
    """Whether every (event, link) of a log, oldest first, holds, and it ends at ``head``.

    Every sink's ``verify``: a changed, removed or moved event breaks every link after
    it; a ``head`` kept elsewhere detects events cut off the end.
    """
    previous = GENESIS
    for event, stored in chain:
        if link(previous, event) != stored:
            return False
        previous = stored
    return head is None or head == previous


@final
class MemoryAuditSink:
    """An append-only, hash-chained audit log held in memory.

    Each event is stored with the SHA-256 of the previous link and the event's
    canonical JSON. Changing, removing or moving any event breaks every link after
    it; keep `head` somewhere else to detect the last events being cut off.
    """

    __slots__ = ("_chain",)

    def __init__(self) -> None:
        self._chain: list[tuple[AuditEvent, str]] = []

    def append(self, event: AuditEvent) -> None:
        """Add ``event`` at the end of the chain.

        Raises:
            InvalidValue: ``wrong_type`` for something that is not an `AuditEvent`.
        """
        check_type(event, AuditEvent, "event")
        previous = self._chain[-1][1] if self._chain else GENESIS
        self._chain.append((event, link(previous, event)))

    @property
    def events(self) -> Sequence[AuditEvent]:
        """The events, oldest first."""
        return tuple(event for event, _ in self._chain)

    @property
    def head(self) -> str:
        """The last link's hash: what a copy kept elsewhere checks the log against."""
        return self._chain[-1][1] if self._chain else GENESIS

    def verify(self, head: str | None = None) -> bool:
        """Whether every link holds, and the log still ends at ``head`` if one is given.

        A ``head`` kept elsewhere detects events cut off the end of the log.
        """
        return chain_holds(self._chain, head)
