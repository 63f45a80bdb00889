"""The audit trail: every decision and disclosure, as events a host cannot quietly change.

An `AuditEvent` says who asked, for whom, what was granted or refused, under which
rules, and when: identifiers and field names, never values. Hosts send events to an
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
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Protocol, final, runtime_checkable

import attrs

from custrecords._checks import check_choice, check_id, check_text, check_time, check_type

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
            ``planned``, ``understood``).
        fields: the fields granted, given, recorded or changed.
        refused: the fields asked for and not granted.
        rules: the rules that decided.
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

    def __attrs_post_init__(self) -> None:
        check_time(self.at, "audit_event.at")
        check_choice(self.action, AuditAction, "audit_event.action")
        if self.request_id is not None:
            check_id(self.request_id, "audit_event.request_id")
        check_id(self.subject_id, "audit_event.subject_id")
        check_text(self.requester, "audit_event.requester")
        check_text(self.outcome, "audit_event.outcome")
        if self.requester_id is not None:
            check_id(self.requester_id, "audit_event.requester_id")

    def canonical(self) -> bytes:
        """The event as canonical JSON: the bytes its chain hash covers."""
        data = {
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


_GENESIS = "0" * 64


def _link(previous: str, event: AuditEvent) -> str:
    return hashlib.sha256(previous.encode() + event.canonical()).hexdigest()


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
        previous = self._chain[-1][1] if self._chain else _GENESIS
        self._chain.append((event, _link(previous, event)))

    @property
    def events(self) -> Sequence[AuditEvent]:
        """The events, oldest first."""
        return tuple(event for event, _ in self._chain)

    @property
    def head(self) -> str:
        """The last link's hash: what a copy kept elsewhere checks the log against."""
        return self._chain[-1][1] if self._chain else _GENESIS

    def verify(self, head: str | None = None) -> bool:
        """Whether every link holds, and the log still ends at ``head`` if one is given.

        A ``head`` kept elsewhere detects events cut off the end of the log.
        """
        previous = _GENESIS
        for event, link in self._chain:
            if _link(previous, event) != link:
                return False
            previous = link
        return head is None or head == previous
