"""The audit of an export's rows: each row judged by the checks the guidelines call for.

A row is header → cell text, and the `ColumnMap` says which column holds what. Every
check reports what it cannot read as a problem of the row, and never raises, so one
bad row never stops an audit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import IO, Final

import attrs

from custrecords.cli.reading import Row
from custrecords.errors import InvalidValue
from custrecords.exports import ColumnMap, DateOrder, consent_given, export_day
from custrecords.guidelines import Guidelines, RetentionTrigger
from custrecords.scanning import FindingAction, scan_text
from custrecords.values import EmailAddress, PhoneNumber

__all__ = ["DATE_ROLES", "Options", "Problem", "Result", "audit"]

# The guidelines' field each role's value is kept in, for the relevance check.
_FIELDS: Final = {
    "email": "email_addresses",
    "phone": "phone_numbers",
    "date_of_birth": "date_of_birth",
    "address_line1": "addresses",
    "name": "name",
    "first_name": "name",
    "last_name": "name",
}
_CONTACT: Final = {
    "email": ("user.contact.email", "email_addresses"),
    "phone": ("user.contact.phone_number", "phone_numbers"),
}
_FINDING_KINDS: Final = {
    FindingAction.REJECT: "must_not_keep",
    FindingAction.REDACT: "personal_data_in_text",
    FindingAction.REVIEW: "review",
}
DATE_ROLES: Final = ("created_at", "last_interaction_at", "closed_at")


@attrs.frozen
class Problem:
    """One problem of a record: its kind, the column it is in, what it is; never a value."""

    kind: str
    column: str
    detail: str
    must_fix: bool = True


@attrs.frozen
class Options:
    """How the rows are read and reported: the command's options, once parsed."""

    columns: ColumnMap
    guidelines: Guidelines
    today: date
    order: DateOrder
    serial_dates: bool
    show_values: bool


# Before this, a date in an export is a placeholder ("01/01/0001"), not a day.
_FIRST_PLAUSIBLE: Final = date(1900, 1, 1)


def _day_of(
    row: Mapping[str, str], role: str, options: Options, problems: list[Problem]
) -> tuple[date | None, bool]:
    """The first usable day among ``role``'s columns, and whether one could not be used.

    A day after the audit's, or before 1900, is a placeholder ("31/12/9999" for never)
    or a mistake: counting from it would put retention off for ever, so it is reported
    and, like a date that cannot be read, stops the checks that would start from it.
    """
    unusable = False
    for column in options.columns.headers(role):
        text = (row.get(column) or "").strip()
        if not text:
            continue
        try:
            day = export_day(text, order=options.order, serials=options.serial_dates)
        except InvalidValue:
            problems.append(
                Problem("unreadable_date", column, f"is not a date custrecords reads; {_UNCHECKED}")
            )
            unusable = True
            continue
        if _FIRST_PLAUSIBLE <= day <= options.today:
            return day, unusable
        problems.append(
            Problem(
                "implausible_date", column, f"is after the audit's day or before 1900; {_UNCHECKED}"
            )
        )
        unusable = True
    return None, unusable


_UNCHECKED: Final = "retention and staleness were not checked for this record"


def _audit_row(row: Mapping[str, str], options: Options) -> list[Problem]:
    """Every check the guidelines call for, on one row."""
    problems = _contact_details(row, options)
    problems += _scan(row, options.columns)
    problems += _relevance(row, options)
    problems += _dates(row, options)
    problems += _consent(row, options.columns)
    return problems


def _filled(row: Mapping[str, str], columns: ColumnMap, role: str) -> str | None:
    """The first of ``role``'s columns that holds something."""
    return next((c for c in columns.headers(role) if (row.get(c) or "").strip()), None)


def _contact_details(row: Mapping[str, str], options: Options) -> list[Problem]:
    """E-mail addresses and phone numbers that are not valid, or not in normal form."""
    problems = []
    for role in _CONTACT:
        parse = EmailAddress.parse if role == "email" else PhoneNumber.parse
        for column in options.columns.headers(role):
            written = row.get(column) or ""
            if not written.strip():
                continue
            try:
                value = parse(written.strip())
            except InvalidValue as error:
                problems.append(Problem(f"invalid_{role}", column, error.problem))
                continue
            if value.normalized == written:
                continue
            # Shown in full only if asked, and never if it holds what must not be kept.
            shown = repr(value).split("'")[1]
            if options.show_values and not any(
                finding.action is FindingAction.REJECT for finding in scan_text(written)
            ):
                shown = value.normalized
            problems.append(
                Problem(f"unnormalised_{role}", column, f"write it {shown}", must_fix=False)
            )
    return problems


def _scan(row: Mapping[str, str], columns: ColumnMap) -> list[Problem]:
    """What must not be kept, or belongs in a field of its own, in any cell."""
    own = {
        column: category
        for role, (category, _) in _CONTACT.items()
        for column in columns.headers(role)
    }
    problems = []
    for column, text in row.items():
        for finding in scan_text(text) if text else ():
            if finding.category == own.get(column):
                continue  # an e-mail address in the e-mail column is where it belongs
            problems.append(
                Problem(
                    _FINDING_KINDS[finding.action],
                    column,
                    f"{finding.category} at {finding.start}-{finding.end}",
                    must_fix=finding.action is not FindingAction.REVIEW,
                )
            )
    return problems


def _relevance(row: Mapping[str, str], options: Options) -> list[Problem]:
    """Values kept for no purpose the guidelines declare (UK GDPR Art 5(1)(c))."""
    guidelines, problems = options.guidelines, []
    for role, field in _FIELDS.items():
        rule = guidelines.field(field)
        if rule is None or any(guidelines.purpose(p) for p in rule.purposes):
            continue
        problems += [
            Problem("irrelevant", column, f"{field} serves no declared purpose")
            for column in options.columns.headers(role)
            if (row.get(column) or "").strip()
        ]
    return problems


def _dates(row: Mapping[str, str], options: Options) -> list[Problem]:
    """Contact details not confirmed in time, and retention periods that have ended."""
    problems: list[Problem] = []
    created, bad_created = _day_of(row, "created_at", options, problems)
    last, bad_last = _day_of(row, "last_interaction_at", options, problems)
    closed, bad_closed = _day_of(row, "closed_at", options, problems)
    if bad_created or bad_last or bad_closed:
        return problems
    columns, guidelines, today = options.columns, options.guidelines, options.today
    seen = last or created
    for role, (_, field) in _CONTACT.items():
        rule = guidelines.field(field)
        kept_in = _filled(row, columns, role)
        if kept_in and rule is not None and rule.reconfirm_every and seen is not None:
            due = rule.reconfirm_every.after(seen)
            if due <= today:
                problems.append(
                    Problem(
                        "stale", kept_in, f"not confirmed since {seen}; due {due}", must_fix=False
                    )
                )
    for retention in guidelines.retention:
        start = {
            RetentionTrigger.CREATED: created,
            RetentionTrigger.CLOSED: closed,
            RetentionTrigger.LAST_INTERACTION: None if closed else seen,
        }.get(retention.trigger)
        applies = "record" in retention.applies_to or (
            "date_of_birth" in retention.applies_to and _filled(row, columns, "date_of_birth")
        )
        if start is not None and applies:
            due = retention.period.after(start)
            if due <= today:
                action = f"{retention.id}: {retention.action.value} since {due}"
                problems.append(Problem("retention_due", "record", action))
    return problems


def _consent(row: Mapping[str, str], columns: ColumnMap) -> list[Problem]:
    """Marketing consent that is not an opt-in, or that an opt-out overrides (PECR reg. 22)."""
    problems = []
    said: dict[str, list[bool]] = {"marketing_consent": [], "marketing_opt_out": []}
    for role, answers in said.items():
        for column in columns.headers(role):
            text = (row.get(column) or "").strip()
            answer = consent_given(text, role)
            if answer is not None:
                answers.append(answer)
            elif role == "marketing_consent" and text:
                problems.append(
                    Problem(
                        "marketing_without_consent",
                        column,
                        "is neither yes nor no: only an opt-in is consent (PECR reg. 22)",
                    )
                )
    opt_outs = columns.headers("marketing_opt_out")
    if True in said["marketing_consent"] and False in said["marketing_opt_out"]:
        problems.append(
            Problem(
                "consent_contradicted",
                opt_outs[0],
                "says the customer opted out, where a consent column says yes: the opt-out "
                "stands until the customer opts in again (PECR reg. 22; UK GDPR Art 7(3), 21(3))",
            )
        )
    if opt_outs and not said["marketing_consent"] and not said["marketing_opt_out"]:
        problems.append(
            Problem(
                "consent_not_recorded",
                opt_outs[0],
                "not having opted out is not consent: record an opt-in before marketing "
                "(PECR reg. 22)",
                must_fix=False,
            )
        )
    return problems


@attrs.frozen
class Result:
    """A record's problems, with the line it starts on and the id it is shown by."""

    line: int
    id: str
    problems: tuple[Problem, ...]
    malformed: str | None = None


def audit(rows: Iterator[Row], options: Options, progress: IO[str] | None) -> Iterator[Result]:
    """Each row's result, as the rows stream past; progress on a terminal."""
    ids = options.columns.headers("id")
    for count, row in enumerate(rows, start=1):
        if progress is not None and count % 1000 == 0:
            progress.write(f"\r{count:,} rows read")
            progress.flush()
        # Every check reports what it cannot read as a problem of the row: nothing
        # here raises, so one bad row never stops the audit. A row that could not be
        # read is still scanned, whole.
        problems = (
            _scan(row.cells, options.columns)
            if row.malformed is not None
            else _audit_row(row.cells, options)
        )
        # An id that holds what the scanner finds is not shown: the line names the record.
        record_id = next(
            (
                text
                for column in ids
                if (text := (row.cells.get(column) or "").strip(" \t\r\n\ufeff"))
            ),
            "",
        )
        if not record_id or any(problem.column in ids for problem in problems):
            record_id = f"line {row.line}"
        yield Result(row.line, record_id, tuple(problems), row.malformed)
    if progress is not None:
        progress.write("\n")
