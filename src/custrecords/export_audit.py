"""The audit of exported rows: each row of a CRM export judged by the library's own rules.

An export (a CSV file, JSON lines, a database table, a DataFrame) holds customer
records as rows: column → cell. `audit_rows` judges each row as the library judges a
record, and streams one `RowAudit` per row, each problem a `RowProblem` with a stable
code, the column, the rule that fired and its source, and never a cell's value.

The rules are the library's, not the audit's own:

- e-mail addresses and phone numbers are checked by `EmailAddress.parse` and
  `PhoneNumber.parse`;
- every cell is scanned by `scan_text`, and the catalogue rule that covers what is found
  (`Guidelines.rule_for_category`, as `minimise` finds it) is the rule that fired;
- relevance is `Guidelines.serves_a_declared_purpose`, as `minimise` judges it;
- staleness is `FieldRule.stale_since`, as `assess` judges it, the last contact (or the
  record's creation) standing for the last confirmation;
- retention is `retention_due`, run on a `CustomerRecord` built from the row's dates.

Some checks have no counterpart for a record, because only an export can be wrong this
way: a date cell that cannot be read, or is a placeholder (``31/12/9999``), and consent
written as a cell (``Email Opt Out = false``), read by `consent_given`.

This module is not the disclosure audit trail: that is `custrecords.audit`.

>>> from datetime import date
>>> from custrecords import Guidelines
>>> from custrecords.exports import infer_columns
>>> rows = [{"id": "C1", "Email": "ann@example", "Notes": "CVV 123"}]
>>> columns = infer_columns(["id", "Email", "Notes"], rows)
>>> for result in audit_rows(rows, columns, Guidelines.uk_default(), today=date(2026, 11, 30)):
...     for problem in result.problems:
...         print(result.record_id, problem.code, problem.column, problem.must_fix)
C1 invalid_email Email True
C1 must_not_keep Notes True
"""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from typing import Final, final

import attrs

from custrecords._checks import check_type
from custrecords._masking import mask_phone
from custrecords.errors import InvalidValue
from custrecords.exports import (
    _HEADER_HOLDS_DATA,
    ColumnMap,
    DateOrder,
    _counted,
    _holds_data,
    consent_given,
    export_day,
    marketing_basis_given,
)
from custrecords.guidelines import Guidelines
from custrecords.marketing import MarketingPermission, marketing_permission
from custrecords.records import (
    Consent,
    CustomerRecord,
    Interaction,
    Provenance,
    RecordStatus,
    Source,
)
from custrecords.retention import retention_due
from custrecords.scanning import FindingAction, scan_text
from custrecords.scanning.contact import _email_normalized, _uk_e164
from custrecords.taxonomy import Channel, InteractionKind, LawfulBasis
from custrecords.values import EmailAddress, PhoneNumber, _phone_forms, _trusted

__all__ = ["DATE_ROLES", "RowAudit", "RowProblem", "audit_rows", "checks_not_run", "shown_in_full"]

DATE_ROLES: Final = ("created_at", "last_interaction_at", "closed_at")
"""The roles whose dates start retention and staleness."""


@final
@attrs.frozen(kw_only=True)
class RowProblem:
    """One problem of one row. It names the column and the rule, never the cell's value.

    Attributes:
        code: what is wrong, stable: ``invalid_email``, ``must_not_keep``, ``stale``...
            (the table in docs/cli.md).
        column: the column it is in, or ``record`` for the whole row.
        rule: the rule that fired: a guidelines path (``fields.card_number.keep``,
            ``fields.email_addresses.reconfirm_every``), a retention rule's id, or the
            scanner's detector (``scanner.password``) where no catalogue rule covers it.
        source: the law or guidance the rule follows, as the guidelines cite it.
        message: what is wrong, in plain English. A value it advises is masked as the
            value's ``repr`` masks it; a finding in text is named by category and span.
        must_fix: whether it must be fixed; otherwise it is advice.
        category: the data category concerned (``user.contact.email``), if one is.
        start: where a finding in text starts, as a character offset in the cell.
        end: where it ends.
        due: for ``stale`` and ``retention_due``, the day it fell due.
    """

    code: str
    column: str
    rule: str
    source: str
    message: str
    must_fix: bool = True
    category: str | None = None
    start: int | None = None
    end: int | None = None
    due: dt.date | None = None


@final
@attrs.frozen(kw_only=True)
class RowAudit:
    """The audit of one row.

    Attributes:
        index: the row's position among the rows audited, from 0.
        record_id: the row's identifier, from the first ``id`` column holding one;
            ``None`` when it has none, or when a problem was found in an ``id`` column
            (an id holding an e-mail address is not shown).
        problems: what was found, in the order the checks run.
    """

    index: int = attrs.field(validator=attrs.validators.ge(0))
    record_id: str | None
    problems: tuple[RowProblem, ...]

    @property
    def must_fix(self) -> bool:
        """Whether any problem must be fixed."""
        return any(problem.must_fix for problem in self.problems)


_CONTACT: Final = {
    "email": ("user.contact.email", "email_addresses"),
    "phone": ("user.contact.phone_number", "phone_numbers"),
}
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
_FINDING_CODES: Final = {
    FindingAction.REJECT: "must_not_keep",
    FindingAction.REDACT: "personal_data_in_text",
    FindingAction.REVIEW: "review",
}
_SCANNED: Final = "UK GDPR Article 5(1)(c) and (f): only what is needed, kept securely"
_ACCURACY: Final = "UK GDPR Article 5(1)(d)"
_DATES: Final = "UK GDPR Article 5(1)(e) and 5(2): kept no longer than needed, and able to show it"
_CONSENT: Final = "PECR 2003 regulation 22; UK GDPR Articles 6(1)(a) and 7"
_OPT_OUT: Final = "PECR 2003 regulation 22; UK GDPR Articles 7(3) and 21(3)"
_MARKETING: Final = "marketing.communications.email"
# Before this, a date in an export is a placeholder ("01/01/0001"), not a day.
_FIRST_PLAUSIBLE: Final = dt.date(1900, 1, 1)
_UNCHECKED: Final = "retention and staleness were not checked for this record"
_ID_TRIM: Final = " \t\r\n\ufeff"


@attrs.frozen
class _Audit:
    """What every row is judged by: the audit's arguments, once checked."""

    columns: ColumnMap
    guidelines: Guidelines
    today: dt.date
    dates: DateOrder
    serial_dates: bool
    # What `marketing_permission` says of e-mail marketing for a row holding one entry on
    # each basis, or none: the same for every row, so judged once an audit.
    marketing: Mapping[LawfulBasis | None, MarketingPermission]


def audit_rows(
    rows: Iterable[Mapping[str, object]],
    columns: ColumnMap,
    guidelines: Guidelines,
    *,
    today: dt.date,
    dates: DateOrder = DateOrder.UK,
    serial_dates: bool = False,
    jobs: int = 1,
) -> Iterator[RowAudit]:
    """Audit rows of an export against the guidelines, one `RowAudit` per row, as a stream.

    Rows are read one at a time, and each result is yielded before the next row is
    read, so memory stays flat however many rows there are; an endless iterable gives
    results for as long as it is read.

    Each row is judged by the checks its columns allow (see docs/export_audit.md):
    e-mail and phone columns are parsed; every cell is scanned; values in columns
    whose field serves no declared purpose are ``irrelevant``; the ``created_at``,
    ``last_interaction_at`` and ``closed_at`` dates start staleness and retention,
    and a date that cannot be read stops both; consent and opt-out columns are read
    for their polarity. No check raises on what a row holds: what cannot be read is
    a problem of the row.

    Args:
        rows: mappings of column → cell: CSV rows, JSON objects, database rows,
            DataFrame records. A cell is text, a number, a date or date-time, a bool,
            or ``None`` (empty); numbers and dates are read as their ISO text.
        columns: which columns hold what, from `infer_columns`.
        guidelines: the organisation's guidelines.
        today: the day to audit as of.
        dates: how an all-digit date such as ``04/03/2012`` is ordered.
        serial_dates: whether a bare number in a date column is an Excel serial date.
        jobs: how many processes audit the rows. With 1 (the default) they are audited
            here, one by one. With more, rows are read here, a few chunks ahead, and
            sent in chunks of 500 to a pool of that many worker processes, at most two
            chunks a worker in flight, so memory stays flat; the results are the same,
            in the same order, and an error is raised as with 1, after the results of
            the rows before it. Fewer rows than a chunk are audited here. Workers are
            started with ``spawn`` (a host's threads are safe): a script calling this
            with ``jobs`` above 1 must start from ``if __name__ == "__main__":``.

    Returns:
        An iterator of `RowAudit`, in the order of ``rows``.

    Raises:
        InvalidValue: ``wrong_type`` for columns that are not a `ColumnMap`, guidelines
            that are not `Guidelines`, a ``today`` that is not a date, or ``dates`` that
            is not a `DateOrder` (at once); and, when that row is reached, for a row that
            is not a mapping (field ``rows``), a column name that is not text (field
            ``rows``) or a cell of another type (field: its column); ``wrong_type``
            for ``jobs`` that is not a whole number, 1 or more. No message holds a value.
    """
    check_type(columns, ColumnMap, "columns")
    check_type(guidelines, Guidelines, "guidelines")
    if not isinstance(today, dt.date) or isinstance(today, dt.datetime):
        raise InvalidValue("wrong_type", "today", "must be a date")
    check_type(dates, DateOrder, "dates")
    if not isinstance(rows, Iterable) or isinstance(rows, str | bytes | Mapping):
        raise InvalidValue("wrong_type", "rows", "must be an iterable of rows")
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise InvalidValue("wrong_type", "jobs", "must be a whole number, 1 or more")
    marketing = {
        basis: marketing_permission(
            _consenting(today, basis), guidelines, purpose=_MARKETING, on=today
        )
        for basis in (None, *LawfulBasis)
    }
    audit = _Audit(columns, guidelines, today, dates, bool(serial_dates), marketing)
    return _forgetting(_rows(rows, audit) if jobs == 1 else _pooled(rows, audit, jobs))


def _forgetting(audits: Iterator[RowAudit]) -> Iterator[RowAudit]:
    """``audits``, the caches of their cells dropped once they end, or are dropped."""
    try:
        yield from audits
    finally:
        _forget()


def _rows(rows: Iterable[Mapping[str, object]], audit: _Audit) -> Iterator[RowAudit]:
    checked: set[tuple[str, ...]] = set()
    for index, row in enumerate(rows):
        yield _audit_row(index, _cells(row, checked), audit)


_CHUNK: Final = 500
"""Rows sent to a worker at once: enough that sending them costs little beside auditing."""


def _pooled(rows: Iterable[Mapping[str, object]], audit: _Audit, jobs: int) -> Iterator[RowAudit]:
    """`_rows` over a pool of ``jobs`` processes, in chunks, in order.

    Rows are read and their cells checked here, so that a row that cannot be audited
    raises here, once the rows before it have been yielded, as `_rows` would. Rows that
    end before the first chunk is full are audited here: a pool would cost more.
    """
    reading = iter(rows)
    checked: set[tuple[str, ...]] = set()
    chunk, refused = _chunk(reading, checked)
    if refused is not None or len(chunk) < _CHUNK:
        yield from (_audit_row(index, cells, audit) for index, cells in enumerate(chunk))
        if refused is not None:
            raise refused
        return
    # The guidelines and column map are frozen values of our own, sent to each worker
    # once, pickled, as it starts. Spawned, not forked: a host's threads stay its own.
    pool = ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_start, initargs=(audit,)
    )
    in_flight: deque[Future[_Chunk]] = deque()
    try:
        start = 0
        while chunk:
            with _deaf_to_ctrl_c():
                in_flight.append(pool.submit(_audit_chunk, start, chunk))
            start += len(chunk)
            if len(in_flight) >= 2 * jobs:
                yield from _results(in_flight.popleft())
            if refused is not None:
                break
            chunk, refused = _chunk(reading, checked)
        while in_flight:
            yield from _results(in_flight.popleft())
        if refused is not None:
            raise refused
    finally:
        pool.shutdown(cancel_futures=True)


@contextmanager
def _deaf_to_ctrl_c() -> Iterator[None]:
    """SIGINT held back while workers may start, so that they start deaf to it.

    A worker is spawned when a chunk is submitted, and a blocked signal stays blocked
    in it: Ctrl-C while it is still starting would otherwise print its traceback. The
    caller's Ctrl-C is held, not lost: it is heard as the block ends. (Ignoring the
    signal instead lost every Ctrl-C pressed while a chunk was being submitted.) Only
    the main thread may set signal handlers.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _chunk(
    rows: Iterator[Mapping[str, object]], checked: set[tuple[str, ...]]
) -> tuple[list[dict[str, str]], InvalidValue | None]:
    """The next rows' cells, up to a chunk, and the error of a row that cannot be audited."""
    chunk: list[dict[str, str]] = []
    for row in rows:
        try:
            chunk.append(_cells(row, checked))
        except InvalidValue as error:
            return chunk, error
        if len(chunk) == _CHUNK:
            break
    return chunk, None


_worker_audit: _Audit | None = None


def _start(audit: _Audit) -> None:
    """In each worker: keep what every row is judged by."""
    global _worker_audit  # noqa: PLW0603 - one per worker process, set once as it starts
    _worker_audit = audit
    # Ctrl-C reaches every process of the terminal's group: the caller's process stops
    # the pool, and a worker that stopped on its own would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_Chunk = tuple[list[RowAudit], InvalidValue | None]


def _audit_chunk(start: int, chunk: list[dict[str, str]]) -> _Chunk:
    """In a worker: the audits of a chunk of rows, the first at ``start``.

    An `InvalidValue` comes back with the audits of the rows before it, to be raised
    where one process would raise it.
    """
    if _worker_audit is None:  # pragma: no cover - _start always runs first
        raise RuntimeError("a worker was not started with the audit")
    audits: list[RowAudit] = []
    try:
        for offset, row in enumerate(chunk):
            audits.append(_audit_row(start + offset, row, _worker_audit))
    except InvalidValue as error:
        return audits, error
    return audits, None


def _results(done: Future[_Chunk]) -> Iterator[RowAudit]:
    audits, error = done.result()
    yield from audits
    if error is not None:
        raise error


def _cells(row: object, checked: set[tuple[str, ...]]) -> dict[str, str]:
    """A row's cells as text, nested mappings flattened to ``outer.inner``.

    A row is a mapping, or a database row with ``keys()`` (`sqlite3.Row`). Cells
    ``csv.DictReader`` found past the header (under ``None``) are one more column,
    ``(cells past the header)``. Column names are checked once for each set of them:
    one that holds personal data means the rows were read with their first row as the
    header, and every result would name a customer's details as a column.
    """
    if not isinstance(row, Mapping):
        keys = getattr(row, "keys", None)
        if not callable(keys):
            raise InvalidValue("wrong_type", "rows", "must hold mappings of column to cell")
        row = {key: row[key] for key in keys()}  # type: ignore[index]
    cells: dict[str, str] = {}
    for key, cell in row.items():
        if key is not None and not isinstance(key, str):
            raise InvalidValue("wrong_type", "rows", "must name their columns with text")
        _flatten(_PAST_THE_HEADER if key is None else key, cell, cells)
    names = tuple(row)
    if names not in checked:
        if any(_holds_data(name) for name in cells):
            raise InvalidValue("header_holds_data", "rows", _HEADER_HOLDS_DATA)
        if len(checked) < _NAMES_REMEMBERED:
            checked.add(names)
    return cells


_PAST_THE_HEADER: Final = "(cells past the header)"
_NAMES_REMEMBERED: Final = 64


def _flatten(column: str, cell: object, cells: dict[str, str]) -> None:
    """Put ``cell`` in ``cells`` as text, under ``column``, nested mappings by their keys."""
    if isinstance(cell, Mapping):
        for key, item in cell.items():
            _flatten(f"{column}.{key}", item, cells)
        return
    cells[_counted(column, cells)] = _text(cell)


def _text(cell: object) -> str:
    """A cell as the text it says: what a row holds is audited, never refused."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        if math.isnan(cell):
            return ""  # pandas' empty cell
        # A whole number read as a float (a pandas column with a gap): its digits.
        return str(int(cell)) if cell.is_integer() else str(cell)
    return _other_text(cell)


def _other_text(cell: object) -> str:
    if isinstance(cell, dt.date):  # a datetime too
        return cell.isoformat()
    if isinstance(cell, bytes | bytearray | memoryview):
        return bytes(cell).decode("utf-8", "replace")
    if isinstance(cell, list | tuple):
        return ", ".join(map(_text, cell))
    return str(cell)  # an int, a Decimal, or anything else: what it prints as


def _audit_row(index: int, row: Mapping[str, str], audit: _Audit) -> RowAudit:
    """Every check the guidelines call for, on one row; none on a row with nothing in it."""
    if not any(cell.strip() for cell in row.values()):
        return RowAudit(index=index, record_id=None, problems=())
    problems = _contact_details(row, audit)
    problems += _scan(row, audit)
    problems += _relevance(row, audit)
    problems += _dates(row, audit)
    problems += _consent(row, audit)
    ids = audit.columns.headers("id")
    record_id = next((text for c in ids if (text := (row.get(c) or "").strip(_ID_TRIM))), None)
    if any(problem.column in ids for problem in problems):
        record_id = None  # what the scanner found in it must not be shown
    return RowAudit(index=index, record_id=record_id, problems=tuple(problems))


def _filled(row: Mapping[str, str], columns: ColumnMap, role: str) -> str | None:
    """The first of ``role``'s columns that holds something."""
    return next((c for c in columns.headers(role) if (row.get(c) or "").strip()), None)


def _field_source(guidelines: Guidelines, field: str, default: str) -> str:
    rule = guidelines.field(field)
    return rule.source if rule is not None and rule.source else default


def _contact_details(row: Mapping[str, str], audit: _Audit) -> list[RowProblem]:
    """E-mail addresses and phone numbers that are not valid, or not in normal form."""
    problems = []
    for role, (category, field) in _CONTACT.items():
        rule, source = f"fields.{field}", _field_source(audit.guidelines, field, _ACCURACY)
        for column in audit.columns.headers(role):
            written = row.get(column) or ""
            if not written.strip():
                continue
            normalized, said = _normal_form(role, written.strip())
            if normalized is None:
                problems.append(
                    RowProblem(
                        code=f"invalid_{role}",
                        column=column,
                        rule=rule,
                        source=source,
                        message=said,
                        category=category,
                    )
                )
            elif normalized != written:
                problems.append(
                    RowProblem(
                        code=f"unnormalised_{role}",
                        column=column,
                        rule=rule,
                        source=source,
                        message=f"write it {said}",
                        must_fix=False,
                        category=category,
                    )
                )
    return problems


@lru_cache(maxsize=8192)
def _normal_form(role: str, text: str) -> tuple[str | None, str]:
    """``text`` as `EmailAddress.parse` or `PhoneNumber.parse` reads it, once a value.

    Returns:
        The normalised form and its mask, as the value's ``repr`` masks it; or
        ``None`` and the problem the parser names.

    The audit needs only whether the value is valid and how it is written: not a phone
    number's region and kind, which cost most of a parse. The scanner's shortcuts,
    held to the parsers by their tests, read the plain cases; the parsers the rest.
    Values that repeat (a switchboard's number) are read once, up to the cache's size,
    for as long as an audit runs (`_forget`).
    """
    try:
        if role == "email":
            normalized = _email_normalized(text) or EmailAddress.parse(text).normalized
            # The value's own masked form, from its repr.
            return normalized, repr(_trusted(EmailAddress, normalized=normalized)).split("'")[1]
        e164 = _uk_e164(text)
        if e164 is not None:
            normalized = e164
        else:
            e164, normalized = _phone_forms(text, "GB", "phone")
    except InvalidValue as error:
        return None, error.problem
    # What a PhoneNumber's repr shows: +, stars and digits, which repr does not quote.
    return normalized, mask_phone(e164)


# Short cells repeat across an export (consent words, postcodes, names, dates): each
# is scanned once an audit.
_SHORT: Final = 64
_scanned_short: Final = lru_cache(maxsize=16_384)(scan_text)


def _forget() -> None:
    """Drop what the caches hold of an audit's cells: personal data is not kept after it."""
    _normal_form.cache_clear()
    _scanned_short.cache_clear()


def _scan(row: Mapping[str, str], audit: _Audit) -> list[RowProblem]:
    """What must not be kept, or belongs in a field of its own, in any cell."""
    own = {
        column: category
        for role, (category, _) in _CONTACT.items()
        for column in audit.columns.headers(role)
    }
    problems = []
    for column, text in row.items():
        if not text:
            continue
        for finding in _scanned_short(text) if len(text) <= _SHORT else scan_text(text):
            if finding.category == own.get(column):
                continue  # an e-mail address in the e-mail column is where it belongs
            rule = audit.guidelines.rule_for_category(finding.category)
            problems.append(
                RowProblem(
                    code=_FINDING_CODES[finding.action],
                    column=column,
                    rule=f"fields.{rule.name}.keep" if rule else f"scanner.{finding.detector}",
                    source=rule.source if rule and rule.source else _SCANNED,
                    message=f"{finding.category} at {finding.start}-{finding.end}",
                    must_fix=finding.action is not FindingAction.REVIEW,
                    category=finding.category,
                    start=finding.start,
                    end=finding.end,
                )
            )
    return problems


def _relevance(row: Mapping[str, str], audit: _Audit) -> list[RowProblem]:
    """Values kept for no purpose the guidelines declare (UK GDPR Art 5(1)(c))."""
    guidelines, problems = audit.guidelines, []
    for role, field in _FIELDS.items():
        rule = guidelines.field(field)
        if rule is None or guidelines.serves_a_declared_purpose(rule):
            continue
        problems += [
            RowProblem(
                code="irrelevant",
                column=column,
                rule=f"fields.{field}.purposes",
                source=rule.source or "UK GDPR Article 5(1)(c)",
                message=f"{field} serves no declared purpose",
                category=rule.category,
            )
            for column in audit.columns.headers(role)
            if (row.get(column) or "").strip()
        ]
    return problems


def _day_of(
    row: Mapping[str, str], role: str, audit: _Audit, problems: list[RowProblem]
) -> tuple[dt.date | None, bool]:
    """The first usable day among ``role``'s columns, and whether one could not be used.

    A day after the audit's, or before 1900, is a placeholder ("31/12/9999" for never)
    or a mistake: counting from it would put retention off for ever, so it is reported
    and, like a date that cannot be read, stops the checks that would start from it.
    """
    unusable = False
    for column in audit.columns.headers(role):
        text = (row.get(column) or "").strip()
        if not text:
            continue
        try:
            day = export_day(text, order=audit.dates, serials=audit.serial_dates)
        except InvalidValue:
            code, message = "unreadable_date", f"is not a date custrecords reads; {_UNCHECKED}"
        else:
            if _FIRST_PLAUSIBLE <= day <= audit.today:
                return day, unusable
            code = "implausible_date"
            message = f"is after the audit's day or before 1900; {_UNCHECKED}"
        problems.append(
            RowProblem(
                code=code, column=column, rule=f"export.{role}", source=_DATES, message=message
            )
        )
        unusable = True
    return None, unusable


def _dates(row: Mapping[str, str], audit: _Audit) -> list[RowProblem]:
    """Contact details not confirmed in time, and retention periods that have ended."""
    problems: list[RowProblem] = []
    created, bad_created = _day_of(row, "created_at", audit, problems)
    last, bad_last = _day_of(row, "last_interaction_at", audit, problems)
    closed, bad_closed = _day_of(row, "closed_at", audit, problems)
    if created is not None and closed is not None and closed < created:
        # Closed before it was opened: one of the two is wrong, and retention counted
        # from either could end years early or late.
        problems.append(
            RowProblem(
                code="implausible_date",
                column=_filled(row, audit.columns, "closed_at") or "record",
                rule="export.closed_at",
                source=_DATES,
                message=f"is before the record was created; {_UNCHECKED}",
            )
        )
        return problems
    if bad_created or bad_last or bad_closed:
        return problems
    # The export keeps no confirmations: the last contact, or else the record's
    # creation, is the last day its contact details can have been confirmed.
    seen = last or created
    for role, (category, field) in _CONTACT.items():
        rule = audit.guidelines.field(field)
        kept_in = _filled(row, audit.columns, role)
        if kept_in is None or rule is None or seen is None:
            continue
        due = rule.stale_since(seen, today=audit.today)
        if due is not None:
            problems.append(
                RowProblem(
                    code="stale",
                    column=kept_in,
                    rule=f"fields.{field}.reconfirm_every",
                    source=rule.source or _ACCURACY,
                    message=f"not confirmed since {seen}; due {due}",
                    must_fix=False,
                    category=category,
                    due=due,
                )
            )
    record = _dated_record(row, audit, created, last, closed)
    if record is not None:
        rules = {rule.id: rule for rule in audit.guidelines.retention}
        for action in retention_due([record], audit.guidelines, today=audit.today):
            if action.entries:
                continue  # the row's entries are not in the export, only its dates
            problems.append(
                RowProblem(
                    code="retention_due",
                    column="record",
                    rule=action.rule,
                    source=rules[action.rule].source or "UK GDPR Article 5(1)(e)",
                    message=f"{action.rule}: {action.action.value} since {action.due}",
                    due=action.due,
                )
            )
    return problems


def _dated_record(
    row: Mapping[str, str],
    audit: _Audit,
    created: dt.date | None,
    last: dt.date | None,
    closed: dt.date | None,
) -> CustomerRecord | None:
    """The row as the record `retention_due` judges: its dates, its status, what it holds.

    A row with no date cannot be dated, and has no retention. One with no creation
    date was created at the latest on the earliest day it shows, so a period that has
    ended from that day has ended from the true one too.
    """
    known = [day for day in (created, last, closed) if day is not None]
    if not known:
        return None
    start = _moment(min(known))
    held = {"name"} if _filled(row, audit.columns, "date_of_birth") is None else {"date_of_birth"}
    return CustomerRecord(
        id="row",
        provenance=(
            Provenance(
                fields=frozenset(held),
                source=Source.SYSTEM,
                collected_by="export",
                collected_at=start,
            ),
        ),
        # Only whether the row holds a date of birth matters to retention; its cell may be
        # in any form, so the record holds the day its period counts from.
        date_of_birth=start.date() if "date_of_birth" in held else None,
        interactions=(
            ()
            if last is None
            else (
                Interaction(
                    id="last", at=_moment(last), channel=Channel.WEB, kind=InteractionKind.SERVICE
                ),
            )
        ),
        status=RecordStatus.ACTIVE if closed is None else RecordStatus.CLOSED,
        closed_at=None if closed is None else _moment(closed),
    )


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def _consent(row: Mapping[str, str], audit: _Audit) -> list[RowProblem]:
    """Marketing consent that is not an opt-in, or that an opt-out overrides (PECR reg. 22)."""
    columns = audit.columns
    marketing = audit.guidelines.purpose(_MARKETING)
    rule = f'purposes."{marketing.key}".lawful_basis' if marketing else "pecr.regulation_22"
    source = marketing.source if marketing and marketing.source else _CONSENT
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
                    RowProblem(
                        code="marketing_without_consent",
                        column=column,
                        rule=rule,
                        source=source,
                        message="is neither yes nor no: only an opt-in is consent (PECR reg. 22)",
                    )
                )
    opt_outs = columns.headers("marketing_opt_out")
    basis, basis_problems = _basis(row, audit, said)
    problems += basis_problems
    if True in said["marketing_consent"] and False in said["marketing_opt_out"]:
        problems.append(
            RowProblem(
                code="consent_contradicted",
                column=opt_outs[0],
                rule=rule,
                source=_OPT_OUT,
                message="says the customer opted out, where a consent column says yes: the "
                "opt-out stands until the customer opts in again (PECR reg. 22; UK GDPR "
                "Art 7(3), 21(3))",
            )
        )
    if (
        opt_outs
        and not basis_problems
        and not said["marketing_consent"]
        and not said["marketing_opt_out"]
    ):
        # Nothing but an opt-out left unticked: the row holds no entry, or one on the
        # basis its basis column names; the one rule says whether that is enough.
        permission = audit.marketing[basis]
        if not permission.permitted:
            problems.append(
                RowProblem(
                    code="consent_not_recorded",
                    column=opt_outs[0],
                    rule=permission.rule,
                    source=permission.source,
                    message="not having opted out is not consent: record an opt-in before "
                    "marketing (PECR reg. 22)",
                    must_fix=False,
                )
            )
    return problems


def _consenting(today: dt.date, basis: LawfulBasis | None) -> CustomerRecord:
    """A record holding what a row says of e-mail marketing: one entry on ``basis``, or none."""
    at = _moment(today)
    made = Provenance(
        fields=frozenset({"consents"}), source=Source.SYSTEM, collected_by="export", collected_at=at
    )
    entries: tuple[Consent, ...] = ()
    if basis is not None:
        entries = (Consent(purpose=_MARKETING, lawful_basis=basis, given_at=at, evidence="export"),)
    return CustomerRecord(id="row", provenance=(made,), consents=entries)


def _basis(
    row: Mapping[str, str], audit: _Audit, said: Mapping[str, list[bool]]
) -> tuple[LawfulBasis | None, list[RowProblem]]:
    """Marketing recorded on a basis that is not consent, judged by `marketing_permission`.

    A row the customer did not opt out of, whose basis column names a basis, holds an
    entry on that basis: consent counts; legitimate interests, contract or any other
    does not (PECR reg. 22(2); UK GDPR Articles 4(11) and 6(1)(a)). A soft opt-in
    (``Legitimate interest – existing customer``) where the guidelines allow one for
    e-mail is advice: an export cannot show its conditions (PECR reg. 22(3)).

    Returns:
        The basis the row's entry rests on (``None`` for no entry), and the problems.
    """
    if False in said["marketing_opt_out"] or False in said["marketing_consent"]:
        return None, []
    for column in audit.columns.headers("marketing_basis"):
        read = marketing_basis_given(row.get(column) or "")
        if read is not None:
            break
    else:
        return None, []
    basis, soft = read
    permission = audit.marketing[basis]
    if permission.permitted:
        return basis, []
    declared = audit.guidelines.purpose(_MARKETING)
    if soft and declared is not None and declared.soft_opt_in:
        return basis, [
            RowProblem(
                code="soft_opt_in_unproven",
                column=column,
                rule=f'purposes."{declared.key}".soft_opt_in',
                source="PECR 2003 regulation 22(3)",
                message="a soft opt-in: keep the sale it came from, the chance to refuse given "
                "at collection, and one in every message (PECR reg. 22(3))",
                must_fix=False,
            )
        ]
    return basis, [
        RowProblem(
            code="marketing_basis_not_consent",
            column=column,
            rule=permission.rule,
            source=permission.source,
            message=f"{permission.message} (PECR reg. 22(2))",
            # A consent column saying yes means marketing goes on a basis that is not
            # consent; without one, it is advice: record an opt-in before marketing.
            must_fix=True in said["marketing_consent"],
        )
    ]


def shown_in_full(problem: RowProblem, row: Mapping[str, object]) -> str:
    """A problem's message, with the normal form it advises shown whole, not masked.

    For a report that stays with whoever fixes the records. Only ``unnormalised_email``
    and ``unnormalised_phone`` advise a value; any other problem's message is returned
    as it is, and so is theirs where the cell holds what the scanner says must never be
    kept (an e-mail address made of a card number).

    Args:
        problem: a problem `audit_rows` found in ``row``.
        row: the row it was found in.
    """
    check_type(problem, RowProblem, "problem")
    if not isinstance(row, Mapping):
        raise InvalidValue("wrong_type", "row", "must be a mapping of column to cell")
    if problem.code not in ("unnormalised_email", "unnormalised_phone"):
        return problem.message
    written = _text(row.get(problem.column)).strip()
    if not written:
        return problem.message
    if any(finding.action is FindingAction.REJECT for finding in scan_text(written)):
        return problem.message
    parse = EmailAddress.parse if problem.code == "unnormalised_email" else PhoneNumber.parse
    return f"write it {parse(written).normalized}"


def checks_not_run(columns: ColumnMap) -> tuple[str, ...]:
    """The checks no row can have, for want of a column.

    >>> from custrecords.exports import infer_columns
    >>> checks_not_run(infer_columns(["Email", "Notes"], []))
    ('retention and staleness (no created, last activity or closed date)', \
'marketing consent (no consent or opt-out column)')
    """
    check_type(columns, ColumnMap, "columns")
    missing = []
    if not any(columns.headers(role) for role in DATE_ROLES):
        missing.append("retention and staleness (no created, last activity or closed date)")
    if not columns.headers("email") and not columns.headers("phone"):
        missing.append("contact details (no e-mail or phone column)")
    if not columns.headers("marketing_consent") and not columns.headers("marketing_opt_out"):
        missing.append("marketing consent (no consent or opt-out column)")
    return tuple(missing)
