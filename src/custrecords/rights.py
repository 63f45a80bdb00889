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
import functools
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Final, Protocol, final, runtime_checkable

import attrs
import holidays

from custrecords._checks import check_choice
from custrecords.errors import InvalidValue

__all__ = [
    "ClockEvent",
    "ClockEventKind",
    "UkWorkingDays",
    "WorkingDays",
    "complaint_acknowledgement_deadline",
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


class ClockEventKind(StrEnum):
    """What happens to a request's clock."""

    NEEDED_INFORMATION_ARRIVED = "needed_information_arrived"
    """What the organisation needed before it could begin arrived: proof of identity,
    or proof of a third party's authority. The clock starts from the later of this and
    the request's receipt."""
    CLARIFICATION_REQUESTED = "clarification_requested"
    """The organisation asked what the request means: the clock stops."""
    CLARIFICATION_RECEIVED = "clarification_received"
    """The answer arrived: the clock runs again."""


@final
@attrs.frozen(kw_only=True)
class ClockEvent:
    """Something that starts, stops or restarts the clock on a request.

    Attributes:
        kind: what happened.
        on: the day it happened.
    """

    kind: ClockEventKind
    on: date

    def __attrs_post_init__(self) -> None:
        check_choice(self.kind, ClockEventKind, "clock_event.kind")
        _check_day(self.on, "clock_event.on")


def _check_day(day: object, field: str) -> None:
    if not isinstance(day, date) or isinstance(day, datetime):
        raise InvalidValue("wrong_type", field, "must be a date")


def _months_after(day: date, months: int) -> date:
    """The corresponding calendar date ``months`` later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_lengths.monthrange(year, month)[1]))


def _paused_days(events: Iterable[ClockEvent], start: date) -> int:
    """Days the clock was stopped for clarification, after it started."""
    paused = 0
    stopped: date | None = None
    for event in sorted(events, key=lambda e: e.on):
        if event.kind is ClockEventKind.CLARIFICATION_REQUESTED and stopped is None:
            stopped = max(event.on, start)
        elif event.kind is ClockEventKind.CLARIFICATION_RECEIVED and stopped is not None:
            paused += max((event.on - stopped).days, 0)
            stopped = None
    if stopped is not None:
        raise InvalidValue(
            "clock_stopped", "events", "the clock is stopped: clarification has not arrived"
        )
    return paused


_ENGLAND: Final = UkWorkingDays("ENG")


def response_deadline(
    received: date,
    *,
    extended: bool = False,
    calendar: WorkingDays = _ENGLAND,
    events: Iterable[ClockEvent] = (),
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
        events: what started, stopped or restarted the clock.

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
    if not all(isinstance(event, ClockEvent) for event in events):
        raise InvalidValue("wrong_type", "events", "must be ClockEvents")
    start = max(
        [received] + [e.on for e in events if e.kind is ClockEventKind.NEEDED_INFORMATION_ARRIVED]
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
