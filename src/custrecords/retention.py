"""Retention: what each record's schedule makes due, and when it next will.

Keeping information longer than its purpose needs breaks the storage-limitation
principle (UK GDPR Article 5(1)(e)); deleting it too early breaks tax, contract and
complaint obligations. `retention_due` is the computation a host runs every night over
its records: it streams, so a table of millions of records costs no more memory than
one.

>>> from datetime import UTC, date, datetime
>>> from custrecords import CustomerRecord, Guidelines, Provenance, RecordStatus, Source
>>> opened = datetime(2015, 4, 1, 9, 0, tzinfo=UTC)
>>> record = CustomerRecord(
...     id="C1",
...     provenance=(Provenance(fields=frozenset({"name"}), source=Source.CUSTOMER_WEB_FORM,
...                            collected_by="web", collected_at=opened),),
...     status=RecordStatus.CLOSED,
...     closed_at=datetime(2020, 6, 30, 17, 0, tzinfo=UTC),
... )
>>> for due in retention_due([record], Guidelines.uk_default(), today=date(2026, 11, 23)):
...     print(due.outcome.value, due.rule, due.part, due.action.value, due.due)
due contract-records record anonymise 2026-06-30
due dormant-customers record review 2021-04-01
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from datetime import date, datetime
from enum import StrEnum
from typing import final

import attrs

from custrecords.errors import InvalidValue
from custrecords.guidelines import Guidelines, RetentionAction, RetentionRule, RetentionTrigger
from custrecords.records import CustomerRecord, RecordStatus
from custrecords.taxonomy import InteractionKind

__all__ = ["RetentionDue", "RetentionOutcome", "next_due", "retention_due"]


class RetentionOutcome(StrEnum):
    """What a retention run says about one rule's action on one record."""

    DUE = "due"
    """The action is due now: the host carries it out."""
    HELD = "held"
    """The action would be due, but something stops it: a legal hold, an open
    complaint, or an open data-subject request. Nothing is touched."""
    RESTRICTED = "restricted"
    """The action would be due, but the record's processing is restricted (UK GDPR
    Article 18): it is kept, and a person decides when the restriction lifts."""
    SCHEDULED = "scheduled"
    """Not due yet: `next_due` says when."""


@final
@attrs.frozen(kw_only=True)
class RetentionDue:
    """One rule's action on one record: due, held, restricted, or scheduled.

    It names the record, the part and the rule, never the data.

    Attributes:
        record_id: the record's identifier.
        outcome: due now, held, restricted, or scheduled for later.
        rule: the retention rule's identifier.
        part: the record field the action is on, or ``record`` for the whole record.
        entries: for a rule that dates each entry, the identifiers of the entries
            (interactions, notes; consents by their purpose); empty for the whole part.
        action: erase, anonymise or review.
        due: the day the action falls due.
        reason: the rule's reason, in words shown to people.
        held_by: why the action is held or restricted, in words; ``None`` when due or
            scheduled.
    """

    record_id: str
    outcome: RetentionOutcome
    rule: str
    part: str
    entries: tuple[str, ...]
    action: RetentionAction
    due: date
    reason: str
    held_by: str | None = None


def _day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.date()


def _starts(rule: RetentionRule, record: CustomerRecord) -> Iterator[tuple[str, str, date]]:
    """Each (part, entry, day the period starts) the rule dates in the record.

    A rule on the whole record or a whole field yields one start, with no entry; a rule
    that dates entries yields one per entry that has its trigger.
    """
    if not rule.per_entry:
        start = _record_start(rule.trigger, record)
        if start is not None:
            for part in sorted(rule.applies_to):
                if part == "record" or record.holds(part):
                    yield part, "", start
    elif rule.trigger is RetentionTrigger.CONSENT_WITHDRAWN:
        for consent in record.consents:
            if consent.withdrawn_at is not None:
                yield "consents", consent.purpose, consent.withdrawn_at.date()
    else:
        if "interactions" in rule.applies_to:
            yield from _interaction_starts(rule, record)
        if "notes" in rule.applies_to:
            for note in record.notes:
                yield "notes", note.id, note.at.date()


def _record_start(trigger: RetentionTrigger, record: CustomerRecord) -> date | None:
    if trigger is RetentionTrigger.CREATED:
        return record.created_at.date()
    if trigger is RetentionTrigger.LAST_INTERACTION:
        # Never in contact since: the period counts from when the record was made.
        return (record.last_interaction_at or record.created_at).date()
    return _day(record.closed_at)


def _interaction_starts(
    rule: RetentionRule, record: CustomerRecord
) -> Iterator[tuple[str, str, date]]:
    for interaction in record.interactions:
        if rule.interaction_kinds and interaction.kind not in rule.interaction_kinds:
            continue
        if rule.trigger is RetentionTrigger.COMPLAINT_CLOSED:
            if interaction.kind is InteractionKind.COMPLAINT and interaction.closed_at:
                yield "interactions", interaction.id, interaction.closed_at.date()
        elif rule.trigger is RetentionTrigger.FINANCIAL_YEAR_END:
            yield "interactions", interaction.id, rule.financial_year_end(interaction.at.date())
        else:
            yield "interactions", interaction.id, interaction.at.date()


def _schedule(
    record: CustomerRecord, guidelines: Guidelines
) -> Iterator[tuple[RetentionRule, str, str, date]]:
    """Every (rule, part, entry, due day) the guidelines give the record."""
    for rule in guidelines.retention:
        for part, entry, start in _starts(rule, record):
            yield rule, part, entry, rule.period.after(start)


def _stopped_by(record: CustomerRecord, today: date, open_requests: Container[str]) -> str | None:
    """Why nothing may be done to the record today, if anything stops it."""
    for hold in record.legal_holds:
        # Placed by the end of the day, and not lifted before it ends.
        if hold.placed_at.date() <= today and (
            hold.lifted_at is None or hold.lifted_at.date() > today
        ):
            return f"legal hold {hold.reference}"
    for interaction in record.interactions:
        if interaction.kind is InteractionKind.COMPLAINT and interaction.closed_at is None:
            return f"open complaint {interaction.id}"
    if record.id in open_requests:
        return "open data-subject request"
    return None


def _grouped(
    record: CustomerRecord,
    items: Iterable[tuple[RetentionRule, str, str, date]],
    outcome: RetentionOutcome,
    held_by: str | None,
) -> list[RetentionDue]:
    """One result per rule and part, listing its entries; due on the earliest day."""
    groups: dict[tuple[str, str], tuple[RetentionRule, list[str], date]] = {}
    for rule, part, entry, due in items:
        key = (rule.id, part)
        if key in groups:
            _, entries, earliest = groups[key]
            entries.append(entry)
            groups[key] = (rule, entries, min(earliest, due))
        else:
            groups[key] = (rule, [entry], due)
    return [
        RetentionDue(
            record_id=record.id,
            outcome=outcome,
            rule=rule.id,
            part=part,
            entries=tuple(sorted(entry for entry in entries if entry)),
            action=rule.action,
            due=due,
            reason=rule.reason,
            held_by=held_by,
        )
        for (_, part), (rule, entries, due) in groups.items()
    ]


def _check(guidelines: object, today: object) -> None:
    if not isinstance(guidelines, Guidelines):
        raise InvalidValue("wrong_type", "guidelines", "must be Guidelines")
    if not isinstance(today, date) or isinstance(today, datetime):
        raise InvalidValue("wrong_type", "today", "must be a date")


def retention_due(
    records: Iterable[CustomerRecord],
    guidelines: Guidelines,
    *,
    today: date,
    open_requests: Container[str] = frozenset(),
) -> Iterator[RetentionDue]:
    """The retention actions due on ``today``, record by record, as a stream.

    For each record, in the order given, each rule whose period has ended for some
    part of it yields one `RetentionDue`, listing the entries it covers (each
    interaction, note or withdrawn consent that is due). A record under an active
    legal hold, with an open complaint, or whose id is in ``open_requests`` (the
    host's open data-subject requests) yields its actions as ``held``, saying why, and
    nothing in it is due; a restricted record (Article 18) yields them as
    ``restricted``.

    Records are read one at a time and results are yielded as they are found, so
    memory stays flat however many records there are.

    Raises:
        InvalidValue: ``wrong_type`` for guidelines that are not `Guidelines`, a
            ``today`` that is not a date, or an item that is not a `CustomerRecord`.
    """
    _check(guidelines, today)
    return _due(records, guidelines, today, open_requests)


def _due(
    records: Iterable[CustomerRecord],
    guidelines: Guidelines,
    today: date,
    open_requests: Container[str],
) -> Iterator[RetentionDue]:
    for record in records:
        if not isinstance(record, CustomerRecord):
            raise InvalidValue("wrong_type", "records", "must hold CustomerRecords")
        items = [item for item in _schedule(record, guidelines) if item[3] <= today]
        if not items:
            continue
        held_by = _stopped_by(record, today, open_requests)
        if held_by is not None:
            outcome = RetentionOutcome.HELD
        elif record.status is RecordStatus.RESTRICTED:
            outcome, held_by = RetentionOutcome.RESTRICTED, "processing restricted"
        else:
            outcome = RetentionOutcome.DUE
        yield from _grouped(record, items, outcome, held_by)


def next_due(record: CustomerRecord, guidelines: Guidelines, *, today: date) -> RetentionDue | None:
    """When the record will next need a retention action: the earliest after ``today``.

    Returns:
        A ``scheduled`` `RetentionDue` for the rule and part that fall due first
        (with every entry due that day), or ``None`` when no rule will ever apply as
        the record stands (an open account has no closing date to count from).

    Raises:
        InvalidValue: ``wrong_type`` as `retention_due`.
    """
    _check(guidelines, today)
    if not isinstance(record, CustomerRecord):
        raise InvalidValue("wrong_type", "record", "must be a CustomerRecord")
    later = [item for item in _schedule(record, guidelines) if item[3] > today]
    if not later:
        return None
    first = min(item[3] for item in later)
    soonest = [item for item in later if item[3] == first]
    rule, part = soonest[0][0], soonest[0][1]
    same = [item for item in soonest if item[0] is rule and item[1] == part]
    return _grouped(record, same, RetentionOutcome.SCHEDULED, None)[0]
