"""The hash chain every durable audit sink keeps, as `MemoryAuditSink` keeps it."""

from __future__ import annotations

from custrecords.audit import GENESIS, AuditEvent, chain_holds, link
from custrecords.errors import InvalidValue
from custrecords.serialization import converter

__all__ = ["GENESIS", "chain_holds", "link", "load_event"]


def load_event(data: object, where: str) -> AuditEvent:
    """A stored event, structured by the library's converter, so new fields travel.

    Raises:
        InvalidValue: for a stored event that no longer reads as one, at ``where``.
    """
    try:
        return converter.structure(data, AuditEvent)
    except InvalidValue as error:
        raise error.at(f"{where}{error.field.removeprefix('$')}") from None
