"""The command line: audit a CRM export, work out a rights deadline, check guidelines.

This package is the only part of custrecords that reads files, the clock or the
environment; `custrecords.cli.reading` reads exports.

    custrecords audit PATH [--map FILE] [--columns] [--guidelines FILE] [--today DATE]
                           [--format text|json|html] [--encoding NAME] [--dates uk|us]
                           [--sheet NAME] [--show-values]
    custrecords audit --demo [records|crm]
    custrecords deadline DATE [--nation ENG|WLS|SCT|NIR] [--extended]
    custrecords guidelines --show | --check FILE

Exit status: 0 when nothing must be fixed, 1 when something must, 2 for input that
cannot be used (a file that cannot be read, a map naming an unknown column), always
with one line on standard error.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import shutil
import sys
import tempfile
import tomllib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import IO, Final, NoReturn

import attrs

from custrecords.cli.reading import Export, Row, open_export, open_source
from custrecords.cli.reading import Unusable as _Unusable
from custrecords.errors import InvalidGuidelines, InvalidValue
from custrecords.exports import (
    ROLES,
    ColumnMap,
    DateOrder,
    consent_given,
    export_day,
    header_key,
    infer_columns,
)
from custrecords.guidelines import Guidelines, RetentionTrigger
from custrecords.rights import response_deadline, uk_working_days
from custrecords.scanning import FindingAction, scan_text
from custrecords.values import EmailAddress, PhoneNumber

__all__ = ["main"]

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
_DATE_ROLES: Final = ("created_at", "last_interaction_at", "closed_at")


@attrs.frozen
class _Problem:
    kind: str
    column: str
    detail: str
    must_fix: bool = True


@attrs.frozen
class _Options:
    """How the rows are read and reported: the command's options, once parsed."""

    columns: ColumnMap
    guidelines: Guidelines
    today: date
    order: DateOrder
    serial_dates: bool
    show_values: bool


def _map_file(path: str) -> dict[str, list[str]]:
    """Role → the export's column names, from a ``--map`` TOML file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise _Unusable(f"{path}: cannot be read as TOML ({error})") from None
    unknown = sorted(set(data) - set(ROLES))
    if unknown:
        raise _Unusable(f"{path}: unknown role {unknown[0]!r}; the roles are {', '.join(ROLES)}")
    given: dict[str, list[str]] = {}
    for role, names in data.items():
        listed = [names] if isinstance(names, str) else names
        if not isinstance(listed, list) or not all(isinstance(name, str) for name in listed):
            raise _Unusable(f"{path}: {role} must name a column, or a list of columns")
        given[role] = listed
    return given


def _columns(export: Export, name: str, map_path: str | None) -> ColumnMap:
    given = _map_file(map_path) if map_path is not None else None
    keys = {header_key(header) for header in export.headers}
    for role, names in (given or {}).items():
        for column in names:
            if column not in export.headers and header_key(column) not in keys:
                raise _Unusable(
                    f"{map_path}: {role} = {column!r}, but {name} has no such column; "
                    f"its columns are: {', '.join(map(_printable, export.headers))}"
                )
    return infer_columns(export.headers, [row.cells for row in export.sample], given=given)


# Before this, a date in an export is a placeholder ("01/01/0001"), not a day.
_FIRST_PLAUSIBLE: Final = date(1900, 1, 1)


def _day_of(
    row: Mapping[str, str], role: str, options: _Options, problems: list[_Problem]
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
                _Problem(
                    "unreadable_date", column, f"is not a date custrecords reads; {_UNCHECKED}"
                )
            )
            unusable = True
            continue
        if _FIRST_PLAUSIBLE <= day <= options.today:
            return day, unusable
        problems.append(
            _Problem(
                "implausible_date", column, f"is after the audit's day or before 1900; {_UNCHECKED}"
            )
        )
        unusable = True
    return None, unusable


_UNCHECKED: Final = "retention and staleness were not checked for this record"


def _audit_row(row: Mapping[str, str], options: _Options) -> list[_Problem]:
    problems = _contact_details(row, options)
    problems += _scan(row, options.columns)
    problems += _relevance(row, options)
    problems += _dates(row, options)
    problems += _consent(row, options.columns)
    return problems


def _filled(row: Mapping[str, str], columns: ColumnMap, role: str) -> str | None:
    """The first of ``role``'s columns that holds something."""
    return next((c for c in columns.headers(role) if (row.get(c) or "").strip()), None)


def _contact_details(row: Mapping[str, str], options: _Options) -> list[_Problem]:
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
                problems.append(_Problem(f"invalid_{role}", column, error.problem))
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
                _Problem(f"unnormalised_{role}", column, f"write it {shown}", must_fix=False)
            )
    return problems


def _scan(row: Mapping[str, str], columns: ColumnMap) -> list[_Problem]:
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
                _Problem(
                    _FINDING_KINDS[finding.action],
                    column,
                    f"{finding.category} at {finding.start}-{finding.end}",
                    must_fix=finding.action is not FindingAction.REVIEW,
                )
            )
    return problems


def _relevance(row: Mapping[str, str], options: _Options) -> list[_Problem]:
    """Values kept for no purpose the guidelines declare (UK GDPR Art 5(1)(c))."""
    guidelines, problems = options.guidelines, []
    for role, field in _FIELDS.items():
        rule = guidelines.field(field)
        if rule is None or any(guidelines.purpose(p) for p in rule.purposes):
            continue
        problems += [
            _Problem("irrelevant", column, f"{field} serves no declared purpose")
            for column in options.columns.headers(role)
            if (row.get(column) or "").strip()
        ]
    return problems


def _dates(row: Mapping[str, str], options: _Options) -> list[_Problem]:
    """Contact details not confirmed in time, and retention periods that have ended."""
    problems: list[_Problem] = []
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
                    _Problem(
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
                problems.append(_Problem("retention_due", "record", action))
    return problems


def _consent(row: Mapping[str, str], columns: ColumnMap) -> list[_Problem]:
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
                    _Problem(
                        "marketing_without_consent",
                        column,
                        "is neither yes nor no: only an opt-in is consent (PECR reg. 22)",
                    )
                )
    opt_outs = columns.headers("marketing_opt_out")
    if True in said["marketing_consent"] and False in said["marketing_opt_out"]:
        problems.append(
            _Problem(
                "consent_contradicted",
                opt_outs[0],
                "says the customer opted out, where a consent column says yes: the opt-out "
                "stands until the customer opts in again (PECR reg. 22; UK GDPR Art 7(3), 21(3))",
            )
        )
    if opt_outs and not said["marketing_consent"] and not said["marketing_opt_out"]:
        problems.append(
            _Problem(
                "consent_not_recorded",
                opt_outs[0],
                "not having opted out is not consent: record an opt-in before marketing "
                "(PECR reg. 22)",
                must_fix=False,
            )
        )
    return problems


@attrs.frozen
class _Result:
    line: int
    id: str
    problems: tuple[_Problem, ...]
    malformed: str | None = None


def _audit(rows: Iterator[Row], options: _Options, progress: IO[str] | None) -> Iterator[_Result]:
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
        yield _Result(row.line, record_id, tuple(problems), row.malformed)
    if progress is not None:
        progress.write("\n")


class _Tally:
    """The summary, counted as results stream past."""

    def __init__(self) -> None:
        self.records = 0
        self.with_problems = 0
        self.must_fix = 0
        self.kinds: Counter[str] = Counter()

    def add(self, result: _Result) -> None:
        self.records += 1
        if result.problems or result.malformed:
            self.with_problems += 1
        if result.malformed or any(problem.must_fix for problem in result.problems):
            self.must_fix += 1
        self.kinds.update({problem.kind for problem in result.problems})
        if result.malformed:
            self.kinds["malformed"] += 1

    def summary(self) -> dict[str, object]:
        return {
            "records": self.records,
            "records_with_problems": self.with_problems,
            "must_fix": self.must_fix,
            "by_kind": dict(sorted(self.kinds.items())),
        }


def _not_checked(columns: ColumnMap) -> list[str]:
    """The checks no row can have, for want of a column."""
    missing = []
    if not any(columns.headers(role) for role in _DATE_ROLES):
        missing.append("retention and staleness (no created, last activity or closed date)")
    if not columns.headers("email") and not columns.headers("phone"):
        missing.append("contact details (no e-mail or phone column)")
    if not columns.headers("marketing_consent") and not columns.headers("marketing_opt_out"):
        missing.append("marketing consent (no consent or opt-out column)")
    return missing


def _printable(text: str) -> str:
    """``text`` with control characters and lone surrogates escaped, for a terminal."""
    if text.isprintable():
        return text
    return "".join(
        character if character.isprintable() else f"\\u{ord(character):04x}" for character in text
    )


def _text_lines(result: _Result) -> str:
    where = _printable(result.id)
    if where != f"line {result.line}":
        where += f" (line {result.line})"
    lines = [f"{where}: malformed row: {result.malformed}\n"] if result.malformed else []
    lines += [f"{where}: {p.kind} in {_printable(p.column)}: {p.detail}\n" for p in result.problems]
    return "".join(lines)


def _text_head(tally: _Tally, about: _About) -> str:
    lines = [
        f"records read            {tally.records}\n",
        f"records with problems   {tally.with_problems}\n",
        f"records to fix          {tally.must_fix}\n\n",
    ]
    lines += [f"  {kind:<28}{count:>6} records\n" for kind, count in sorted(tally.kinds.items())]
    lines.append(f"\n{_printable(about.name)}: {about.read_as}\n")
    for role, headers in about.columns.roles.items():
        lines.append(f"  {role:<22}{', '.join(map(_printable, headers))}\n")
    if about.columns.unmapped:
        lines.append(
            f"  {'(scanned only)':<22}{', '.join(map(_printable, about.columns.unmapped))}\n"
        )
    lines += [f"  not checked: {check}\n" for check in _not_checked(about.columns)]
    return "".join(lines) + "\n"


def _json_lines(result: _Result) -> str:
    record = {
        "id": result.id,
        "line": result.line,
        "malformed": result.malformed,
        "problems": [attrs.asdict(problem) for problem in result.problems],
    }
    return json.dumps(record) + "\n"


def _html_rows(result: _Result) -> str:
    cells = [(p.kind, p.column, p.detail) for p in result.problems]
    if result.malformed:
        cells.append(("malformed", "", result.malformed))
    return "".join(
        f"<tr><td>{_html(result.id)}</td><td>{result.line}</td><td>{_html(kind)}</td>"
        f"<td>{_html(column)}</td><td>{_html(detail)}</td></tr>"
        for kind, column, detail in cells
    )


def _html(text: str) -> str:
    return html.escape(_printable(text))


def _html_head(tally: _Tally, about: _About) -> str:
    widest = max(tally.kinds.values(), default=1)
    bars = "".join(
        f'<div class="bar"><span>{html.escape(kind)}</span>'
        f'<i style="width:{count * 100 // widest}%"></i><b>{count}</b></div>'
        for kind, count in sorted(tally.kinds.items())
    )
    not_checked = "".join(
        f"<li>not checked: {_html(check)}</li>" for check in _not_checked(about.columns)
    )
    return (
        "<!doctype html><html lang=en><meta charset=utf-8><title>custrecords audit</title>"
        "<style>body{font:15px system-ui;margin:2em}.bar{display:flex;gap:.5em;align-items:center}"
        ".bar span{width:14em}.bar i{background:#2b6cb0;height:1em;display:block}"
        "table{border-collapse:collapse;margin-top:1em}"
        "td,th{border:1px solid #ccc;padding:.2em .5em}"
        "th{cursor:pointer;background:#eee}</style>"
        f"<h1>Audit of {_html(about.name)}</h1><p>{tally.records} records read, "
        f"{tally.with_problems} with problems, {tally.must_fix} to fix.</p>"
        f"<ul>{not_checked}</ul>{bars}"
        "<table id=t><thead><tr><th>record</th><th>line</th><th>problem</th><th>column</th>"
        "<th>detail</th></tr></thead><tbody>"
    )


_HTML_TAIL: Final = (
    "</tbody></table>"
    "<script>document.querySelectorAll('th').forEach((h,i)=>h.onclick=()=>{"
    "const b=document.querySelector('#t tbody');[...b.rows].sort((x,y)=>"
    "x.cells[i].textContent.localeCompare(y.cells[i].textContent,undefined,{numeric:true}))"
    ".forEach(r=>b.appendChild(r))})</script></html>\n"
)


@attrs.frozen
class _About:
    """What the report says of the file: its name, how it was read, its columns."""

    name: str
    read_as: str
    columns: ColumnMap


def _guidelines(path: str | None) -> Guidelines:
    if path is None:
        return Guidelines.uk_default()
    try:
        return Guidelines.from_toml(Path(path))
    except OSError as error:
        raise _Unusable(f"{path}: cannot be read ({error.strerror})") from None
    except InvalidGuidelines as error:
        raise _Unusable(f"{path}: {error}") from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a date, YYYY-MM-DD") from None


class _Parser(argparse.ArgumentParser):
    """argparse, whose usage errors are one line and exit status 2, like every other."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.partition(" ")[2]  # "audit", of "custrecords audit"
        raise _Unusable(f"{command}: {message}" if command else message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="custrecords", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    audit = commands.add_parser(
        "audit", help="audit a CRM export: CSV, TSV, JSON lines or an Excel workbook"
    )
    audit.add_argument(
        "path",
        nargs="?",
        help="the export (.csv, .tsv, .txt, .jsonl, .xlsx), or - for standard input",
    )
    audit.add_argument(
        "--demo",
        nargs="?",
        const="records",
        choices=tuple(_DEMOS),
        help="audit a bundled demo export: records (our column names) or crm (a CRM's own)",
    )
    audit.add_argument("--map", help="a TOML file naming the export's column for each role")
    audit.add_argument(
        "--columns",
        action="store_true",
        help="print the columns' roles as inferred, as a --map file to edit, and stop",
    )
    audit.add_argument("--guidelines", help="the organisation's guidelines (TOML)")
    audit.add_argument("--today", type=_day, help="the day to audit as of (default: today)")
    audit.add_argument("--format", choices=("text", "json", "html"), default="text")
    audit.add_argument(
        "--encoding", help="the file's text encoding (default: UTF-8, else Windows-1252)"
    )
    audit.add_argument(
        "--dates",
        choices=[order.value for order in DateOrder],
        default=DateOrder.UK,
        help="read 04/03/2012 as dd/mm (uk, the default) or mm/dd (us)",
    )
    audit.add_argument("--sheet", help="the workbook's sheet to audit (default: the first)")
    audit.add_argument(
        "--show-values",
        action="store_true",
        help="show the normal form of an e-mail or phone in full in the advice, not masked",
    )
    deadline = commands.add_parser("deadline", help="the last day to answer a rights request")
    deadline.add_argument("received", type=_day)
    deadline.add_argument("--nation", choices=("ENG", "WLS", "SCT", "NIR"), default="ENG")
    deadline.add_argument("--extended", action="store_true")
    guidelines = commands.add_parser(
        "guidelines", help="show the default guidelines, or check a file"
    )
    group = guidelines.add_mutually_exclusive_group(required=True)
    group.add_argument("--show", action="store_true")
    group.add_argument("--check", metavar="FILE")
    return parser


_DEMOS: Final = {"records": "demo_customers.csv", "crm": "demo_crm_export.csv"}


def main(
    argv: Sequence[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[bytes] | None = None,
) -> int:
    """Run the command line; return the exit status."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        arguments = _parser().parse_args(argv)
        if arguments.command == "deadline":
            calendar = uk_working_days(arguments.nation)
            due = response_deadline(
                arguments.received, extended=arguments.extended, calendar=calendar
            )
            out.write(f"{due}\n")
            return 0
        if arguments.command == "guidelines":
            if arguments.show:
                out.write(
                    resources.files("custrecords")
                    .joinpath("uk_default.toml")
                    .read_text(encoding="utf-8")
                )
                return 0
            _guidelines(arguments.check)
            out.write(f"{arguments.check}: no problems\n")
            return 0
        return _run_audit(arguments, out, err, stdin or sys.stdin.buffer)
    except _Unusable as error:
        # One line, but for the list of mistakes in a guidelines file.
        lines = map(_printable, str(error).split("\n"))
        err.write(f"custrecords: {chr(10).join(lines)}\n")
        return 2


def _open(arguments: argparse.Namespace, stdin: IO[bytes]) -> tuple[str, Export]:
    if (arguments.demo is None) == (arguments.path is None):
        raise _Unusable("audit takes an export's PATH, or --demo")
    if arguments.demo is not None:
        name = _DEMOS[arguments.demo]
        source: IO[bytes] = resources.files("custrecords").joinpath(name).open("rb")
    else:
        name = "standard input" if arguments.path == "-" else arguments.path
        source = open_source(arguments.path, stdin)
    export = open_export(name, source, encoding=arguments.encoding, sheet=arguments.sheet)
    return name, export


def _read_as(export: Export) -> str:
    if export.kind == "workbook":
        how = "an Excel workbook"
    elif export.kind == "json lines":
        how = f"JSON lines in {export.encoding}"
    else:
        delimiter = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}[
            export.delimiter or ","
        ]
        how = f"delimited by {delimiter}, in {export.encoding}"
    return "; ".join((how, *export.notes))


def _run_audit(arguments: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes]) -> int:
    guidelines = _guidelines(arguments.guidelines)
    name, export = _open(arguments, stdin)
    columns = _columns(export, name, arguments.map)
    if arguments.columns:
        out.write(columns.to_toml())
        return 0
    options = _Options(
        columns=columns,
        guidelines=guidelines,
        today=arguments.today or date.today(),  # the command line is where the clock is read
        order=DateOrder(arguments.dates),
        serial_dates=export.serial_dates,
        show_values=arguments.show_values,
    )
    about = _About(name, _read_as(export), columns)
    progress = err if err.isatty() else None
    tally = _Tally()
    lines = {"text": _text_lines, "json": _json_lines, "html": _html_rows}[arguments.format]
    # The report's lines wait in a file that spills to disk, so that the summary can
    # come first while memory stays flat however many rows there are.
    with tempfile.SpooledTemporaryFile(
        mode="w+", max_size=1 << 20, encoding="utf-8", errors="backslashreplace"
    ) as body:
        for result in _audit(export.rows, options, progress):
            tally.add(result)
            if result.problems or result.malformed:
                body.write(lines(result))
        if not columns.roles and not tally.with_problems:
            raise _Unusable(
                f"{name}: no column is one custrecords knows, and nothing was found in them; "
                f"its columns are: {', '.join(map(_printable, export.headers)) or 'none'}. "
                "Name them with --map (see --columns)"
            )
        if arguments.format == "text":
            out.write(_text_head(tally, about))
        elif arguments.format == "html":
            out.write(_html_head(tally, about))
        body.seek(0)
        shutil.copyfileobj(body, out)
    if arguments.format == "json":
        summary = tally.summary() | {
            "file": about.name,
            "read_as": about.read_as,
            "columns": dict(columns.roles),
            "not_checked": _not_checked(columns),
        }
        out.write(json.dumps({"summary": summary}) + "\n")
    elif arguments.format == "html":
        out.write(_HTML_TAIL)
    return 1 if tally.must_fix else 0


def main_exit() -> None:
    """The ``custrecords`` command: run `main` and exit with its status."""
    # A report never stops at a character the terminal cannot show.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped reading (| head): not an error
        sys.stderr.close()
        status = 0
    except KeyboardInterrupt:
        status = 130
    except Exception as error:
        # A fault of custrecords' own. A traceback's messages may quote a customer's
        # data, so only the kind of error is shown.
        sys.stderr.write(
            f"custrecords: internal error ({type(error).__name__}); please report it\n"
        )
        status = 2
    sys.exit(status)
