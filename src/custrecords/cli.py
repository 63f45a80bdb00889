"""The command line: audit a CRM export, work out a rights deadline, check guidelines.

This is the only module that reads files, the clock or the environment.

    custrecords audit PATH [--map FILE] [--guidelines FILE] [--today DATE]
                           [--format text|json|html]
    custrecords audit --demo
    custrecords deadline DATE [--nation ENG|WLS|SCT|NIR] [--extended]
    custrecords guidelines --show | --check FILE

Exit status: 0 when nothing must be fixed, 1 when something must, 2 for input that
cannot be used (a file that cannot be read, a map naming an unknown column).
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import itertools
import json
import shutil
import sys
import tempfile
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import IO, Final

import attrs

from custrecords.errors import InvalidGuidelines, InvalidValue
from custrecords.guidelines import Guidelines, RetentionTrigger
from custrecords.rights import response_deadline, uk_working_days
from custrecords.scanning import FindingAction, scan_text
from custrecords.values import EmailAddress, PhoneNumber

__all__ = ["main"]

COLUMNS: Final = (
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "address_line1",
    "postcode",
    "date_of_birth",
    "notes",
    "created_at",
    "last_interaction_at",
    "closed_at",
    "marketing_consent",
)
"""The columns an export is read by; ``--map`` names others."""
_FIELDS: Final = {
    "email": "email_addresses",
    "phone": "phone_numbers",
    "date_of_birth": "date_of_birth",
    "address_line1": "addresses",
    "first_name": "name",
}
_NORMALISE: Final = {
    "email": lambda text: EmailAddress.parse(text).normalized,
    "phone": lambda text: PhoneNumber.parse(text).normalized,
}
_OWN_CATEGORY: Final = {"email": "user.contact.email", "phone": "user.contact.phone_number"}
_FINDING_KINDS: Final = {
    FindingAction.REJECT: "must_not_keep",
    FindingAction.REDACT: "personal_data_in_text",
    FindingAction.REVIEW: "review",
}
_CONSENTED: Final = frozenset({"yes", "y", "true", "1", "opt-in", "opted in", "consented"})
_NO_CONSENT: Final = frozenset({"", "no", "n", "false", "0", "opt-out", "opted out"})


_MALFORMED: Final = "\0malformed"


class _Unusable(Exception):
    """Input that cannot be used at all: exit status 2."""


@attrs.frozen
class _Problem:
    kind: str
    column: str
    detail: str
    must_fix: bool = True


def _reader(path: str, stdin: IO[str]) -> Iterator[dict[str, str]]:
    """The export's rows, one at a time: CSV, or JSON lines.

    A file's extension says which; on standard input, its first line does.
    """
    lines: Iterable[str]
    if path == "-":
        first = stdin.readline()
        lines = itertools.chain([first], stdin)
        jsonl = first.lstrip().startswith("{")
    else:
        file = Path(path)
        if file.suffix.lower() not in {".csv", ".jsonl", ".ndjson"}:
            raise _Unusable(f"{path}: not a .csv or .jsonl export")
        try:
            lines = file.open(encoding="utf-8", newline="")
        except OSError as error:
            raise _Unusable(f"{path}: cannot be read ({error.strerror})") from None
        jsonl = file.suffix.lower() != ".csv"
    if not jsonl:
        yield from csv.DictReader(lines)
        return
    for line in lines:
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            value = None
        if not isinstance(value, dict):
            yield {_MALFORMED: "not a JSON object"}
            continue
        yield {str(key): "" if item is None else str(item) for key, item in value.items()}


def _mapping(path: str | None) -> dict[str, str]:
    """Our column name → the export's, from a ``--map`` TOML file."""
    if path is None:
        return {column: column for column in COLUMNS}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise _Unusable(f"{path}: cannot be read as TOML ({error})") from None
    unknown = sorted(set(data) - set(COLUMNS))
    if unknown:
        raise _Unusable(
            f"{path}: unknown column {unknown[0]!r}; the columns are {', '.join(COLUMNS)}"
        )
    if not all(isinstance(value, str) for value in data.values()):
        raise _Unusable(f"{path}: each column must map to a column name")
    return {column: data.get(column, column) for column in COLUMNS}


def _when(value: str, column: str, problems: list[_Problem]) -> datetime | None:
    """The moment in a date column; a malformed one is a problem, and no moment."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        problems.append(_Problem("malformed", column, "is not an ISO 8601 date and time"))
        return None
    if moment.tzinfo is None:
        problems.append(_Problem("malformed", column, "has no time zone"))
        return None
    return moment


def _audit_row(  # noqa: PLR0912
    row: Mapping[str, str], columns: Mapping[str, str], guidelines: Guidelines, today: date
) -> list[_Problem]:
    problems: list[_Problem] = []

    def value(column: str) -> str:
        return (row.get(columns[column]) or "").strip()

    for column in ("email", "phone"):
        written = value(column)
        if not written:
            continue
        try:
            normalized = _NORMALISE[column](written)
        except InvalidValue as error:
            problems.append(_Problem(f"invalid_{column}", column, error.problem))
            continue
        if normalized != row.get(columns[column]):
            advice = f"write it {normalized}"
            problems.append(_Problem(f"unnormalised_{column}", column, advice, must_fix=False))
    for column in COLUMNS:
        text = row.get(columns[column]) or ""
        for finding in scan_text(text) if text else ():
            if finding.category == _OWN_CATEGORY.get(column):
                continue  # an e-mail address in the e-mail column is where it belongs
            problems.append(
                _Problem(
                    _FINDING_KINDS[finding.action],
                    column,
                    f"{finding.category} at {finding.start}-{finding.end}",
                    must_fix=finding.action is not FindingAction.REVIEW,
                )
            )
    for column, field in _FIELDS.items():
        rule = guidelines.field(field)
        if (
            value(column)
            and rule is not None
            and not any(guidelines.purpose(p) for p in rule.purposes)
        ):
            problems.append(_Problem("irrelevant", column, f"{field} serves no declared purpose"))
    created, last, closed = (
        _when(value(column), column, problems)
        for column in ("created_at", "last_interaction_at", "closed_at")
    )
    for column, field in (("email", "email_addresses"), ("phone", "phone_numbers")):
        rule = guidelines.field(field)
        seen = last or created
        if value(column) and rule is not None and rule.reconfirm_every and seen is not None:
            due = rule.reconfirm_every.after(seen.date())
            if due <= today:
                problems.append(
                    _Problem(
                        "stale",
                        column,
                        f"not confirmed since {seen.date()}; due {due}",
                        must_fix=False,
                    )
                )
    for retention in guidelines.retention:
        start = {
            RetentionTrigger.CREATED: created,
            RetentionTrigger.CLOSED: closed,
            RetentionTrigger.LAST_INTERACTION: None if closed else (last or created),
        }.get(retention.trigger)
        applies = "record" in retention.applies_to or (
            "date_of_birth" in retention.applies_to and value("date_of_birth")
        )
        if start is not None and applies:
            due = retention.period.after(start.date())
            if due <= today:
                action = f"{retention.id}: {retention.action.value} since {due}"
                problems.append(_Problem("retention_due", "record", action))
    consent = value("marketing_consent").lower()
    if consent not in _CONSENTED | _NO_CONSENT:
        problems.append(
            _Problem(
                "marketing_without_consent",
                "marketing_consent",
                f"{consent!r} is not consent (PECR: opt-in only)",
            )
        )
    return problems


@attrs.frozen
class _Result:
    line: int
    id: str
    problems: tuple[_Problem, ...]
    malformed: str | None = None


def _audit(
    rows: Iterator[dict[str, str]],
    columns: Mapping[str, str],
    guidelines: Guidelines,
    today: date,
    progress: IO[str] | None,
) -> Iterator[_Result]:
    for line, row in enumerate(rows, start=2):
        if progress is not None and line % 1000 == 0:
            progress.write(f"\r{line - 1:,} rows read")
            progress.flush()
        record_id = (row.get(columns["id"]) or "").strip() or f"line {line}"
        if _MALFORMED in row:
            yield _Result(line, record_id, (), row[_MALFORMED])
            continue
        # Every check reports what it cannot read as a problem of the row: nothing
        # here raises, so one bad row never stops the audit.
        yield _Result(line, record_id, tuple(_audit_row(row, columns, guidelines, today)))
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


def _text_lines(result: _Result) -> str:
    where = f"{result.id} (line {result.line})"
    lines = [f"{where}: malformed row: {result.malformed}\n"] if result.malformed else []
    lines += [f"{where}: {p.kind} in {p.column}: {p.detail}\n" for p in result.problems]
    return "".join(lines)


def _text_head(tally: _Tally) -> str:
    lines = [
        f"records read            {tally.records}\n",
        f"records with problems   {tally.with_problems}\n",
        f"records to fix          {tally.must_fix}\n\n",
    ]
    lines += [f"  {kind:<28}{count:>6} records\n" for kind, count in sorted(tally.kinds.items())]
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
        f"<tr><td>{html.escape(result.id)}</td><td>{result.line}</td><td>{html.escape(kind)}</td>"
        f"<td>{html.escape(column)}</td><td>{html.escape(detail)}</td></tr>"
        for kind, column, detail in cells
    )


def _html_head(tally: _Tally) -> str:
    widest = max(tally.kinds.values(), default=1)
    bars = "".join(
        f'<div class="bar"><span>{html.escape(kind)}</span>'
        f'<i style="width:{count * 100 // widest}%"></i><b>{count}</b></div>'
        for kind, count in sorted(tally.kinds.items())
    )
    return (
        "<!doctype html><html lang=en><meta charset=utf-8><title>custrecords audit</title>"
        "<style>body{font:15px system-ui;margin:2em}.bar{display:flex;gap:.5em;align-items:center}"
        ".bar span{width:14em}.bar i{background:#2b6cb0;height:1em;display:block}"
        "table{border-collapse:collapse;margin-top:1em}"
        "td,th{border:1px solid #ccc;padding:.2em .5em}"
        "th{cursor:pointer;background:#eee}</style>"
        f"<h1>Audit</h1><p>{tally.records} records read, {tally.with_problems} "
        f"with problems, {tally.must_fix} to fix.</p>{bars}"
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


def _guidelines(path: str | None) -> Guidelines:
    if path is None:
        return Guidelines.uk_default()
    try:
        return Guidelines.from_toml(Path(path))
    except OSError as error:
        raise _Unusable(f"{path}: cannot be read ({error.strerror})") from None
    except InvalidGuidelines as error:
        raise _Unusable(str(error)) from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a date, YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="custrecords", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    audit = commands.add_parser("audit", help="audit a CSV or JSONL export of customer records")
    audit.add_argument(
        "path", nargs="?", help="the export (.csv or .jsonl), or - for standard input"
    )
    audit.add_argument("--demo", action="store_true", help="audit the bundled demo export")
    audit.add_argument("--map", help="a TOML file mapping these column names to the export's")
    audit.add_argument("--guidelines", help="the organisation's guidelines (TOML)")
    audit.add_argument("--today", type=_day, help="the day to audit as of (default: today)")
    audit.add_argument("--format", choices=("text", "json", "html"), default="text")
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


def main(
    argv: Sequence[str] | None = None, stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> int:
    """Run the command line; return the exit status."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    arguments = _parser().parse_args(argv)
    try:
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
        return _run_audit(arguments, out, err)
    except _Unusable as error:
        err.write(f"custrecords: {error}\n")
        return 2


def _run_audit(arguments: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    if arguments.demo == bool(arguments.path):
        raise _Unusable("audit takes an export's PATH, or --demo")
    guidelines = _guidelines(arguments.guidelines)
    columns = _mapping(arguments.map)
    today = arguments.today or date.today()  # the command line is where the clock is read
    if arguments.demo:
        demo = resources.files("custrecords").joinpath("demo_customers.csv")
        rows: Iterator[dict[str, str]] = csv.DictReader(
            io.StringIO(demo.read_text(encoding="utf-8"))
        )
    else:
        rows = _reader(arguments.path, sys.stdin)
    progress = err if err.isatty() else None
    tally = _Tally()
    lines = {"text": _text_lines, "json": _json_lines, "html": _html_rows}[arguments.format]
    # The report's lines wait in a file that spills to disk, so that the summary can
    # come first while memory stays flat however many rows there are.
    with tempfile.SpooledTemporaryFile(mode="w+", max_size=1 << 20, encoding="utf-8") as body:
        for result in _audit(rows, columns, guidelines, today, progress):
            tally.add(result)
            if result.problems or result.malformed:
                body.write(lines(result))
        if arguments.format == "text":
            out.write(_text_head(tally))
        elif arguments.format == "html":
            out.write(_html_head(tally))
        body.seek(0)
        shutil.copyfileobj(body, out)
    if arguments.format == "json":
        out.write(json.dumps({"summary": tally.summary()}) + "\n")
    elif arguments.format == "html":
        out.write(_HTML_TAIL)
    return 1 if tally.must_fix else 0


def main_exit() -> None:
    """The ``custrecords`` command: run `main` and exit with its status."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped reading (| head): not an error
        sys.stderr.close()
        status = 0
    sys.exit(status)
