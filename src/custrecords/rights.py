"""Customers' rights: the legal time limits for answering them.

A request under UK GDPR Articles 15 to 22 must be answered without undue delay and at
the latest within one month of receipt (Article 12(3)), extendable by two further
months where requests are complex or numerous. The ICO's guidance says how to count:
the period starts on the day the request is received, working day or not, and ends on
the corresponding calendar date of the next month; where that month has no such date,
on its last day; and where that date is a weekend or a bank holiday, on the next
working day.

>>> from datetime import date
>>> response_deadline(date(2019, 11, 25))  # 25 and 26 December are bank holidays
datetime.date(2019, 12, 27)
>>> response_deadline(date(2023, 1, 31))
datetime.date(2023, 2, 28)
"""

from __future__ import annotations

import calendar as month_lengths
import csv
import functools
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Final, Protocol, final, runtime_checkable

import attrs

from custrecords._checks import check_choice, check_id, check_time, check_type
from custrecords.audit import AuditAction, AuditEvent
from custrecords.errors import InvalidValue
from custrecords.guidelines import ErasureExemption, Guidelines, RetentionRule
from custrecords.records import CustomerRecord
from custrecords.retention import retention_starts
from custrecords.scanning import FindingAction, redact, scan_text
from custrecords.serialization import converter
from custrecords.taxonomy import RECORD_FIELDS, covers
from custrecords.values import EmailAddress, PhoneNumber

__all__ = [
    "NextAction",
    "ProcessingActivity",
    "ProcessingRecord",
    "RequestEvent",
    "RequestEventKind",
    "RightKind",
    "SubjectRequest",
    "UkWorkingDays",
    "WorkingDays",
    "audit_request",
    "complaint_acknowledgement_deadline",
    "next_action",
    "record_of_processing",
    "response_deadline",
    "uk_working_days",
]


@runtime_checkable
class WorkingDays(Protocol):
    """A calendar of working days: `uk_working_days` for a UK nation, or your own."""

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day."""
        ...  # pragma: no cover


_NATIONS: Final = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}


@final
class UkWorkingDays:
    """Monday to Friday, except the bank holidays of one UK nation.

    Bank holidays differ by nation (Scotland has 2 January and St Andrew's Day;
    Northern Ireland St Patrick's Day and the Battle of the Boyne), and come from the
    ``holidays`` package, which follows the published proclamations.
    """

    __slots__ = ("_years", "nation")

    def __init__(self, nation: str) -> None:
        if nation not in _NATIONS:
            raise InvalidValue("unknown_choice", "nation", "must be one of: ENG, WLS, SCT, NIR")
        self.nation = nation
        self._years: dict[int, frozenset[date]] = {}

    def bank_holidays(self, year: int) -> frozenset[date]:
        """The nation's bank holidays in ``year``."""
        found = self._years.get(year)
        if found is None:
            # Loaded on first use: most hosts that import custrecords never count a deadline.
            import holidays  # noqa: PLC0415

            found = frozenset(holidays.country_holidays("GB", subdiv=self.nation, years=year))
            self._years[year] = found
        return found

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a weekday that is not a bank holiday in the nation."""
        return day.weekday() < 5 and day not in self.bank_holidays(day.year)

    def __repr__(self) -> str:
        return f"UkWorkingDays({self.nation!r})"


@functools.cache
def uk_working_days(nation: str) -> UkWorkingDays:
    """The working days of a UK nation.

    The nations are ``ENG`` (England), ``WLS`` (Wales), ``SCT`` (Scotland) and ``NIR``
    (Northern Ireland).

    Raises:
        InvalidValue: ``unknown_choice`` for any other nation.
    """
    return UkWorkingDays(nation)


class RequestEventKind(StrEnum):
    """What happened to a request."""

    INFORMATION_REQUESTED = "information_requested"
    """Proof of identity, or of a third party's authority, was asked for."""
    INFORMATION_ARRIVED = "information_arrived"
    """What was asked for arrived: the clock starts from the later of this and the
    request's receipt."""
    CLARIFICATION_REQUESTED = "clarification_requested"
    """The organisation asked what the request means: the clock stops."""
    CLARIFICATION_RECEIVED = "clarification_received"
    """The answer arrived: the clock runs again."""
    EXTENDED = "extended"
    """The request is complex or one of many: two further months (Article 12(3))."""
    ACKNOWLEDGED = "acknowledged"
    COMPLETED = "completed"
    REFUSED = "refused"
    """Refused as manifestly unfounded or excessive (Article 12(5)), with reasons given."""


@final
@attrs.frozen(kw_only=True)
class RequestEvent:
    """Something that happened to a request, on a day.

    Attributes:
        kind: what happened.
        on: the day.
    """

    kind: RequestEventKind
    on: date

    def __attrs_post_init__(self) -> None:
        check_choice(self.kind, RequestEventKind, "request_event.kind")
        _check_day(self.on, "request_event.on")


def _check_day(day: object, field: str) -> None:
    if not isinstance(day, date) or isinstance(day, datetime):
        raise InvalidValue("wrong_type", field, "must be a date")


def _months_after(day: date, months: int) -> date:
    """The corresponding calendar date ``months`` later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_lengths.monthrange(year, month)[1]))


def _paused_days(events: Iterable[RequestEvent], start: date) -> int:
    """Days the clock was stopped for clarification, after it started."""
    paused = 0
    stopped: date | None = None
    for event in sorted(events, key=lambda e: e.on):
        if event.kind is RequestEventKind.CLARIFICATION_REQUESTED and stopped is None:
            stopped = max(event.on, start)
        elif event.kind is RequestEventKind.CLARIFICATION_RECEIVED and stopped is not None:
            paused += max((event.on - stopped).days, 0)
            stopped = None
    if stopped is not None:
        raise InvalidValue(
            "clock_stopped", "events", "the clock is stopped: clarification has not arrived"
        )
    return paused


_ENGLAND: Final = uk_working_days("ENG")


def response_deadline(
    received: date,
    *,
    extended: bool = False,
    calendar: WorkingDays = _ENGLAND,
    events: Iterable[RequestEvent] = (),
) -> date:
    """The last day to answer a rights request, by the ICO's rule.

    The period starts on the day the request is received (or, if later, the day what
    the organisation needed first arrived) and ends on the corresponding calendar date
    one month later (three with ``extended``: the two further months Article 12(3)
    allows for complex or numerous requests). A month without that date ends on its
    last day. Days the clock was stopped while a clarification was awaited are added.
    A deadline on a weekend or a bank holiday moves to the next working day.

    Args:
        received: the day the request arrived.
        extended: whether the two-month extension applies.
        calendar: the working days; England's by default. Any object with
            ``is_working_day(date)`` stands in.
        events: what happened to the request: what the organisation needed arriving
            starts the clock, and a clarification stops it; other events do not touch it.

    Raises:
        InvalidValue: ``wrong_type`` for a ``received`` that is not a date or a
            calendar without ``is_working_day``; ``clock_stopped`` when a
            clarification was asked for and has not arrived: there is no deadline yet.

    >>> response_deadline(date(2024, 9, 3))
    datetime.date(2024, 10, 3)
    >>> response_deadline(date(2024, 9, 3), extended=True)
    datetime.date(2024, 12, 3)
    """
    _check_day(received, "received")
    if not isinstance(calendar, WorkingDays):
        raise InvalidValue("wrong_type", "calendar", "must have is_working_day(date)")
    events = tuple(events)
    if not all(isinstance(event, RequestEvent) for event in events):
        raise InvalidValue("wrong_type", "events", "must be RequestEvents")
    start = max(
        [received] + [e.on for e in events if e.kind is RequestEventKind.INFORMATION_ARRIVED]
    )
    deadline = _months_after(start, 3 if extended else 1)
    deadline += timedelta(days=_paused_days(events, start))
    while not calendar.is_working_day(deadline):
        deadline += timedelta(days=1)
    return deadline


def complaint_acknowledgement_deadline(received: date) -> date:
    """The last day to acknowledge a complaint about the handling of personal data.

    The Data (Use and Access) Act 2025 (inserting section 164A into the DPA 2018) asks
    controllers to acknowledge such a complaint within 30 days of receiving it.

    >>> complaint_acknowledgement_deadline(date(2026, 11, 23))
    datetime.date(2026, 12, 23)
    """
    _check_day(received, "received")
    return received + timedelta(days=30)


# --- the record of processing (Article 30) ------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class ProcessingActivity:
    """One purpose's line in the record of processing activities (Article 30(1)).

    Attributes:
        purpose: the purpose (a fideslang data use).
        description: what it is, in words.
        lawful_basis: its Article 6 basis.
        data_subjects: whose data it is.
        data_categories: the categories of personal data it uses (fideslang keys).
        recipients: who may be given it, by kind of requester; a referral says to whom.
        retention: how long the data it uses is kept, rule by rule.
        security: the measures that protect it, in words.
    """

    purpose: str
    description: str
    lawful_basis: str
    data_subjects: str
    data_categories: tuple[str, ...]
    recipients: tuple[str, ...]
    retention: tuple[str, ...]
    security: tuple[str, ...]


_COLUMNS: Final = (
    ("Purpose", "purpose"),
    ("Description", "description"),
    ("Lawful basis", "lawful_basis"),
    ("Data subjects", "data_subjects"),
    ("Categories of data", "data_categories"),
    ("Recipients", "recipients"),
    ("Retention", "retention"),
    ("Security measures", "security"),
)


@final
@attrs.frozen(kw_only=True)
class ProcessingRecord:
    """The record of processing activities a controller keeps (UK GDPR Article 30(1)).

    Attributes:
        controller: whose record it is (the guidelines' name).
        activities: one line per declared purpose.
    """

    controller: str
    activities: tuple[ProcessingActivity, ...]

    def rows(self) -> list[list[str]]:
        """A header row, then one row per activity, lists joined by ``; ``."""
        rows = [[title for title, _ in _COLUMNS]]
        for activity in self.activities:
            row = []
            for _, name in _COLUMNS:
                value = getattr(activity, name)
                row.append("; ".join(value) if isinstance(value, tuple) else value)
            rows.append(row)
        return rows

    def to_csv(self) -> str:
        """The record as CSV text (RFC 4180)."""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(self.rows())
        return buffer.getvalue()

    def to_markdown(self) -> str:
        """The record as a Markdown table, under the controller's name."""
        header, *body = self.rows()
        lines = [f"# Record of processing activities: {self.controller}", ""]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        lines += [
            "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body
        ]
        return "\n".join(lines) + "\n"


def record_of_processing(guidelines: Guidelines) -> ProcessingRecord:
    """The Article 30 record of processing, generated from the guidelines.

    For each declared purpose: its description and lawful basis; the categories of
    personal data of the catalogue's fields that serve it; its recipients (the
    disclosure rules that grant it, by requester, and who a referral goes to); the
    retention rules for those fields, or for the whole record; and the security
    measures (the channel rules, and the disclosure safeguards). Transfers outside the
    UK are not declared in guidelines, so none are listed.

    >>> from custrecords import Guidelines
    >>> record = record_of_processing(Guidelines.uk_default())
    >>> record.activities[0].purpose, record.activities[0].lawful_basis
    ('essential.service', 'contract')
    """
    check_type(guidelines, Guidelines, "guidelines")
    security = (
        *(
            f"{rule.sensitivity.value} information only by "
            + ", ".join(sorted(channel.value for channel in rule.channels))
            for rule in guidelines.channels
        ),
        "disclosure denied by default; identity checked before disclosing to customers",
        "free text scanned for card data, credentials and identifiers before it is kept",
    )
    activities = []
    for purpose in guidelines.purposes:
        fields = [
            rule
            for rule in guidelines.fields
            if any(
                covers(served, purpose.key) or covers(purpose.key, served)
                for served in rule.purposes
            )
        ]
        names = {rule.name for rule in fields}
        recipients = tuple(
            sorted(
                {
                    f"{rule.requester.value}"
                    + (f" (referred to {rule.refer_to})" if rule.refer_to else "")
                    for rule in guidelines.disclosure
                    if any(covers(granted, purpose.key) for granted in rule.purposes)
                }
            )
        )
        retention = tuple(
            f"{', '.join(sorted(rule.applies_to))}: {rule.action.value} after {rule.period} "
            f"from {rule.trigger.value.replace('_', ' ')}"
            for rule in guidelines.retention
            if "record" in rule.applies_to or rule.applies_to & names
        )
        activities.append(
            ProcessingActivity(
                purpose=purpose.key,
                description=purpose.description,
                lawful_basis=purpose.lawful_basis.value,
                data_subjects="customers",
                data_categories=tuple(sorted({rule.category for rule in fields})),
                recipients=recipients or ("none outside the organisation",),
                retention=retention,
                security=security,
            )
        )
    return ProcessingRecord(controller=guidelines.name, activities=tuple(activities))


# --- requests: what is due next, and by when ------------------------------------------------


class RightKind(StrEnum):
    """The right a request exercises (UK GDPR Articles 15 to 22), or a complaint."""

    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    OBJECTION = "objection"
    PORTABILITY = "portability"
    COMPLAINT = "complaint"
    """A complaint about how the customer's personal data was handled."""


@final
@attrs.frozen(kw_only=True)
class SubjectRequest:
    """A customer's request to exercise a right, or their complaint, and what happened.

    Attributes:
        id: the request's identifier.
        subject_id: the customer's record.
        right: the right exercised.
        received_on: the day it arrived.
        about_marketing: for an objection, whether it is to direct marketing: then it
            is absolute, and acted on at once (Article 21(3)).
        events: what has happened since, oldest first.
    """

    id: str
    subject_id: str
    right: RightKind
    received_on: date
    about_marketing: bool = False
    events: tuple[RequestEvent, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_id(self.id, "subject_request.id")
        check_id(self.subject_id, "subject_request.subject_id")
        check_choice(self.right, RightKind, "subject_request.right")
        _check_day(self.received_on, "subject_request.received_on")
        if not isinstance(self.events, tuple) or not all(
            isinstance(event, RequestEvent) for event in self.events
        ):
            raise InvalidValue("wrong_type", "subject_request.events", "must be RequestEvents")
        if any(event.on < self.received_on for event in self.events):
            raise InvalidValue("before_start", "subject_request.events", "is before the request")

    def record(self, kind: RequestEventKind, on: date) -> SubjectRequest:
        """The request with ``kind`` happened on ``on``."""
        return attrs.evolve(self, events=(*self.events, RequestEvent(kind=kind, on=on)))

    def happened(self, kind: RequestEventKind) -> bool:
        """Whether ``kind`` has happened."""
        return any(event.kind is kind for event in self.events)

    def waiting_for(self) -> RequestEventKind | None:
        """What the organisation is waiting for from the customer, if anything."""
        waiting: RequestEventKind | None = None
        for event in self.events:
            if event.kind is RequestEventKind.INFORMATION_REQUESTED:
                waiting = RequestEventKind.INFORMATION_ARRIVED
            elif event.kind is RequestEventKind.CLARIFICATION_REQUESTED:
                waiting = RequestEventKind.CLARIFICATION_RECEIVED
            elif event.kind is waiting:
                waiting = None
        return waiting

    def deadline(self, calendar: WorkingDays = _ENGLAND) -> date | None:
        """The last day to respond, or ``None`` while the clock is not running."""
        if self.waiting_for() is not None:
            return None
        extended = self.happened(RequestEventKind.EXTENDED)
        return response_deadline(
            self.received_on, extended=extended, calendar=calendar, events=self.events
        )

    def _open_deadline(self, today: object, calendar: WorkingDays) -> date | None:
        _check_day(today, "today")
        if self.happened(RequestEventKind.COMPLETED) or self.happened(RequestEventKind.REFUSED):
            return None
        return self.deadline(calendar)

    def days_left(self, *, today: date, calendar: WorkingDays = _ENGLAND) -> int | None:
        """Calendar days from ``today`` to the last day to respond (UK GDPR Article 12(3)).

        ``0`` on the last day itself, negative once it has passed (``-3``: three days
        overdue). ``None`` while the clock is stopped (proof of identity or a
        clarification awaited) and once the request is completed or refused.

        Raises:
            InvalidValue: ``wrong_type`` for a ``today`` that is not a date.

        >>> request = SubjectRequest(
        ...     id="Q1", subject_id="C1", right=RightKind.ACCESS, received_on=date(2024, 9, 3)
        ... )
        >>> request.days_left(today=date(2024, 9, 30)), request.days_left(today=date(2024, 10, 7))
        (3, -4)
        """
        deadline = self._open_deadline(today, calendar)
        return None if deadline is None else (deadline - today).days

    def is_overdue(self, *, today: date, calendar: WorkingDays = _ENGLAND) -> bool:
        """Whether the last day to respond passed before ``today`` with no answer given.

        A request completed or refused is not overdue, nor one whose clock is stopped.
        The last day is the one `response_deadline` gives (UK GDPR Article 12(3)); a
        response on it is in time.

        Raises:
            InvalidValue: ``wrong_type`` for a ``today`` that is not a date.
        """
        deadline = self._open_deadline(today, calendar)
        return deadline is not None and deadline < today


_STEP_RULES: Final = {
    RequestEventKind.EXTENDED: "uk_gdpr.article_12_3",
    RequestEventKind.REFUSED: "uk_gdpr.article_12_5",
}


def audit_request(request: SubjectRequest, *, at: datetime, by: str | None = None) -> AuditEvent:
    """The audit event for a rights request's latest step, in codes and ids only.

    The step is ``received`` while nothing has happened to the request, else its last
    event's kind: ``information_requested`` and ``information_arrived`` (proof of
    identity or authority asked for, and checked), ``clarification_requested`` and
    ``clarification_received``, ``extended``, ``acknowledged``, ``completed``,
    ``refused``. The event names the right (``rights.access``) and, for an extension
    or a refusal, the article that allows it (``uk_gdpr.article_12_3``,
    ``uk_gdpr.article_12_5``); never what the customer asked for in words.

    Args:
        request: the request, with what has happened to it.
        at: when the step was taken.
        by: the colleague who took it, by their identifier.

    Raises:
        InvalidValue: ``wrong_type`` for a request that is not a `SubjectRequest`;
            ``naive_datetime`` for an ``at`` without a time zone; ``invalid_id`` for
            a ``by`` that is not an identifier.

    >>> from datetime import UTC
    >>> request = SubjectRequest(
    ...     id="Q1", subject_id="C1", right=RightKind.ERASURE, received_on=date(2026, 3, 2)
    ... )
    >>> event = audit_request(request, at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    >>> event.action.value, event.outcome, event.rules
    ('rights_request', 'received', ('rights.erasure',))
    """
    check_type(request, SubjectRequest, "request")
    check_time(at, "at")
    last = request.events[-1].kind if request.events else None
    rules: tuple[str, ...] = (f"rights.{request.right.value}",)
    if last in _STEP_RULES:
        rules += (_STEP_RULES[last],)
    return AuditEvent(
        at=at,
        action=AuditAction.RIGHTS_REQUEST,
        request_id=request.id,
        subject_id=request.subject_id,
        requester="customer",
        requester_id=by,
        outcome="received" if last is None else last.value,
        rules=rules,
    )


@final
@attrs.frozen(kw_only=True)
class NextAction:
    """What a request needs next, and by when.

    Attributes:
        request_id: the request.
        code: ``acknowledge``, ``stop_marketing``, ``respond``, or ``await_information``
            and ``await_clarification`` while the customer is to act.
        due: the last day; ``None`` while the clock is stopped.
        overdue: whether ``due`` has passed.
        message: what to do, in plain English.
    """

    request_id: str
    code: str
    due: date | None
    overdue: bool
    message: str


def next_action(
    request: SubjectRequest, *, today: date, calendar: WorkingDays = _ENGLAND
) -> NextAction | None:
    """What ``request`` needs next and by when; ``None`` once completed or refused.

    - A complaint is acknowledged within 30 days (Data (Use and Access) Act 2025), then
      answered.
    - An objection to direct marketing is absolute: marketing stops at once
      (Article 21(3)), so it is due the day it arrived.
    - While proof of identity or authority, or a clarification, is awaited, the
      customer is to act and the clock does not run.
    - Anything else is answered by its deadline (`response_deadline`, extended if
      recorded).

    Raises:
        InvalidValue: ``wrong_type`` for a request that is not a `SubjectRequest` or
            a ``today`` that is not a date.
    """
    check_type(request, SubjectRequest, "request")
    _check_day(today, "today")
    if request.happened(RequestEventKind.COMPLETED) or request.happened(RequestEventKind.REFUSED):
        return None

    def action(code: str, due: date | None, message: str) -> NextAction:
        overdue = due is not None and due < today
        return NextAction(
            request_id=request.id, code=code, due=due, overdue=overdue, message=message
        )

    if request.right is RightKind.COMPLAINT and not request.happened(RequestEventKind.ACKNOWLEDGED):
        return action(
            "acknowledge",
            complaint_acknowledgement_deadline(request.received_on),
            "acknowledge the complaint",
        )
    if request.right is RightKind.OBJECTION and request.about_marketing:
        return action(
            "stop_marketing", request.received_on, "stop all direct marketing to the customer now"
        )
    waiting = request.waiting_for()
    if waiting is RequestEventKind.INFORMATION_ARRIVED:
        return action(
            "await_information",
            None,
            "the clock starts when proof of identity or authority arrives",
        )
    if waiting is RequestEventKind.CLARIFICATION_RECEIVED:
        return action(
            "await_clarification", None, "the clock is stopped until the customer clarifies"
        )
    return action(
        "respond", request.deadline(calendar), f"respond to the {request.right.value} request"
    )


# --- erasure, with its exemptions ----------------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class KeptData:
    """Data kept despite an erasure request, and why (UK GDPR Article 17(3)).

    Attributes:
        part: the record field.
        entries: the entries kept (interaction ids); empty for the whole part.
        until: the day the retention rule lets it go; ``None`` for an open complaint
            or dispute, kept until it closes and then by its retention rule.
        ground: the Article 17(3) ground.
        rule: the retention rule that keeps it, or ``safeguard.open_case``.
        reason: why, for the response to the customer.
    """

    part: str
    entries: tuple[str, ...]
    until: date | None
    ground: ErasureExemption
    rule: str
    reason: str


@final
@attrs.frozen(kw_only=True)
class ErasureResponse:
    """What an erasure request erases, and what stays and why.

    Attributes:
        subject_id: the customer's record.
        held: why nothing may be erased yet (a legal hold), if so.
        erase: the record fields to erase.
        erase_entries: for fields erased in part, the entries that go (field, id).
        keep: what stays, each with its ground and its end.
    """

    subject_id: str
    held: str | None
    erase: frozenset[str]
    erase_entries: tuple[tuple[str, str], ...]
    keep: tuple[KeptData, ...]


def erasure_response(
    record: CustomerRecord, guidelines: Guidelines, *, today: date
) -> ErasureResponse:
    """Answer an erasure request (Article 17): what goes, and what stays and why.

    Data a retention rule keeps on an Article 17(3) ground (``erasure_exemption``) and
    whose period has not ended stays: in the default, orders and payments for six
    years from the end of their financial year (a legal obligation, Article 17(3)(b)),
    complaints and disputes for six years after closing (legal claims, Article
    17(3)(e)). A complaint or a dispute (a chargeback) that is still open on ``today``
    (`Interaction.is_open_case_on`: one closed after it is open) stays until it closes,
    whatever the rules say (Article 17(3)(e)). Everything else the record holds
    is erased. A record under an active legal hold keeps everything, and the response
    says so in ``held``.

    Raises:
        InvalidValue: ``wrong_type`` for arguments of the wrong type.
    """
    check_type(record, CustomerRecord, "record")
    check_type(guidelines, Guidelines, "guidelines")
    _check_day(today, "today")
    held = next(
        (f"legal hold {hold.reference}" for hold in record.legal_holds if hold.is_active_on(today)),
        None,
    )
    if held is not None:
        return ErasureResponse(
            subject_id=record.id, held=held, erase=frozenset(), erase_entries=(), keep=()
        )
    kept: list[KeptData] = []
    kept_entries: set[tuple[str, str]] = set()
    cases = tuple(sorted(i.id for i in record.interactions if i.is_open_case_on(today)))
    if cases:
        kept_entries.update(("interactions", case) for case in cases)
        kept.append(
            KeptData(
                part="interactions",
                entries=cases,
                until=None,
                ground=ErasureExemption.LEGAL_CLAIMS,
                rule="safeguard.open_case",
                reason=_OPEN_CASE,
            )
        )
    for rule in guidelines.retention:
        if rule.erasure_exemption is None:
            continue
        entries: dict[str, list[tuple[str, date]]] = {}
        for part, entry, until in _exempt_until(rule, record):
            if until > today and (part, entry) not in kept_entries:
                entries.setdefault(part, []).append((entry, until))
        for part, items in entries.items():
            kept_entries.update((part, entry) for entry, _ in items)
            kept.append(
                KeptData(
                    part=part,
                    entries=tuple(sorted(entry for entry, _ in items if entry)),
                    until=max(until for _, until in items),
                    ground=rule.erasure_exemption,
                    rule=rule.id,
                    reason=rule.reason,
                )
            )
    held_fields = {field for field in RECORD_FIELDS if record.holds(field)}
    partly = {part for part, _ in kept_entries}
    erase_entries = tuple(
        sorted(
            ("interactions", interaction.id)
            for interaction in record.interactions
            if "interactions" in partly and ("interactions", interaction.id) not in kept_entries
        )
    )
    return ErasureResponse(
        subject_id=record.id,
        held=None,
        erase=frozenset(held_fields - partly),
        erase_entries=erase_entries,
        keep=tuple(kept),
    )


_OPEN_CASE: Final = (
    "An open complaint or dispute is kept until it is closed, as it may found or answer "
    "a legal claim (UK GDPR Article 17(3)(e)); then its retention rule applies."
)


def _exempt_until(rule: RetentionRule, record: CustomerRecord) -> Iterator[tuple[str, str, date]]:
    """Each (part, entry, day the rule lets it go) the rule keeps in the record."""
    for part, entry, start in retention_starts(rule, record):
        yield part, entry, rule.period.after(start)


# --- subject access and portability --------------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class AccessPackage:
    """The answer to a subject access request (Article 15), and a portable copy (Article 20).

    Attributes:
        subject_id: the customer's record.
        prepared_on: the day it was prepared.
        data: everything held about the customer, as JSON through the library's
            converter: machine-readable, and the copy for portability.
        summary: the rest of what Article 15(1) requires, in words: purposes,
            categories, recipients, retention, sources, and the customer's rights.
    """

    subject_id: str
    prepared_on: date
    data: str = attrs.field(repr=lambda text: f"<{len(text)} chars>")
    summary: str = attrs.field(repr=lambda text: f"<{len(text)} chars>")


def _own_values(record: CustomerRecord) -> set[str]:
    return {point.value.normalized for point in record.contact_points}


def _third_parties_redacted(text: str, own: set[str]) -> str:
    """``text`` without other people's contact details and identifiers, or secrets."""
    spans = []
    for finding in scan_text(text):
        if finding.action is FindingAction.REVIEW:
            continue
        value = text[finding.start : finding.end]
        if finding.category in {"user.contact.email", "user.contact.phone_number"}:
            try:
                parsed = (
                    EmailAddress.parse(value).normalized
                    if finding.category == "user.contact.email"
                    else PhoneNumber.parse(value).normalized
                )
            except InvalidValue:
                parsed = ""
            if parsed in own:
                continue  # the customer's own
        spans.append(finding)
    return redact(text, spans)


def subject_access_package(
    record: CustomerRecord, guidelines: Guidelines, *, today: date
) -> AccessPackage:
    """Everything held about the customer, and what Article 15(1) says they must be told.

    The data is the whole record as JSON, with other people's contact details and
    identifiers in free text (notes, interaction summaries and outcomes) redacted, and
    anything that must never be kept (a card number, a password) redacted too; the
    customer's own contact details stay. The summary gives the purposes the held data
    serves, its categories, its recipients, how long it is kept, where it came from,
    and the customer's rights.

    Raises:
        InvalidValue: ``wrong_type`` for arguments of the wrong type.
    """
    check_type(record, CustomerRecord, "record")
    check_type(guidelines, Guidelines, "guidelines")
    _check_day(today, "today")
    own = _own_values(record)
    cleaned = attrs.evolve(
        record,
        notes=tuple(
            attrs.evolve(note, text=_third_parties_redacted(note.text, own))
            for note in record.notes
        ),
        interactions=tuple(
            attrs.evolve(
                interaction,
                summary=_third_parties_redacted(interaction.summary, own),
                outcome=None
                if interaction.outcome is None
                else _third_parties_redacted(interaction.outcome, own),
            )
            for interaction in record.interactions
        ),
    )
    data = json.dumps(converter.unstructure(cleaned), indent=2, sort_keys=True, ensure_ascii=False)
    return AccessPackage(
        subject_id=record.id,
        prepared_on=today,
        data=data,
        summary=_access_summary(record, guidelines, today),
    )


def _access_summary(record: CustomerRecord, guidelines: Guidelines, today: date) -> str:
    held = sorted(field for field in RECORD_FIELDS if record.holds(field))
    rules = {rule.name: rule for rule in guidelines.fields}
    purposes = sorted(
        {
            purpose.key
            for purpose in guidelines.purposes
            for field in held
            if field in rules and rules[field].serves(purpose.key)
        }
    )
    lines = [
        f"# What we hold about you ({today.isoformat()})",
        "",
        "## What we hold, and why",
        "",
    ]
    for field in held:
        rule = rules.get(field)
        lines.append(f"- {field.replace('_', ' ')}: {rule.description if rule else 'held'}")
    lines += ["", "## What it is used for", ""]
    for key in purposes:
        purpose = guidelines.purpose(key)
        if purpose is not None:
            basis = purpose.lawful_basis.value.replace("_", " ")
            lines.append(f"- {purpose.description} (lawful basis: {basis})")
    lines += ["", "## Who may receive it", ""]
    lines += sorted(
        {
            f"- {rule.requester.value}s: {rule.reason}"
            for rule in guidelines.disclosure
            if rule.fields & set(held)
        }
    ) or ["- no one outside the organisation"]
    lines += ["", "## How long it is kept", ""]
    lines += [
        f"- {rule.reason}"
        for rule in guidelines.retention
        if "record" in rule.applies_to or rule.applies_to & set(held)
    ]
    sources = sorted({entry.source.value.replace("_", " ") for entry in record.provenance})
    lines += ["", "## Where it came from", "", *(f"- {source}" for source in sources)]
    lines += [
        "",
        "## Your rights",
        "",
        "You may ask us to correct it, erase it, restrict its use or give you a copy to "
        "take elsewhere, and object to its use; to direct marketing, absolutely. You may "
        "complain to us, and to the Information Commissioner's Office (ico.org.uk). We "
        "make no decisions about you by automated means alone.",
        "",
    ]
    return "\n".join(lines)
