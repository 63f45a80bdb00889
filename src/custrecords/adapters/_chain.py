"""The hash chain every durable audit sink keeps, as `MemoryAuditSink` keeps it."""

from __future__ import annotations

import hashlib
from typing import Final

from custrecords.audit import AuditEvent
from custrecords.errors import InvalidValue
from custrecords.serialization import converter

__all__ = ["GENESIS", "link", "load_event"]

GENESIS: Final = "0" * 64
"""The link before the first event: what an empty log's head is."""


def link(previous: str, event: AuditEvent) -> str:
    """The SHA-256 of the previous link and the event's canonical JSON, in hex."""
    return hashlib.sha256(previous.encode() + event.canonical()).hexdigest()


def load_event(data: object, where: str) -> AuditEvent:
    """A stored event, structured by the library's converter, so new fields travel.

    Raises:
        InvalidValue: for a stored event that no longer reads as one, at ``where``.
    """
    try:
        return converter.structure(data, AuditEvent)
    except InvalidValue as error:
        raise error.at(f"{where}{error.field.removeprefix('$')}") from None
