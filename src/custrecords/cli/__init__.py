"""The command line: audit a CRM export, work out a rights deadline, check guidelines.

This package is the only part of custrecords that reads files, the clock or the
environment. `custrecords.cli.reading` reads an export, `custrecords.export_audit`
judges its rows (the library's audit, which hosts call too) and `report` writes what
was found; this module holds the arguments and runs them. It holds no rule of its own.

    custrecords audit PATH [--map FILE] [--columns] [--guidelines FILE] [--today DATE]
                           [--format text|json|html] [--encoding NAME] [--dates uk|us]
                           [--sheet NAME] [--show-values] [--jobs N] [--only must-fix]
                           [--duplicates]
    custrecords audit --demo [records|crm]
    custrecords deadline DATE [--nation ENG|WLS|SCT|NIR] [--extended]
    custrecords guidelines --show | --check FILE

Exit status: 0 when nothing must be fixed, 1 when something must, 2 for input that
cannot be used (a file that cannot be read, a map naming an unknown column), always
with one line on standard error.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
import tomllib
from array import array
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import IO, Final, NoReturn

from custrecords import __version__
from custrecords._checks import uk_day
from custrecords.cli.duplicates import DuplicatesSection
from custrecords.cli.page import HtmlReport
from custrecords.cli.reading import Export, Row, open_export, open_source
from custrecords.cli.reading import Unusable as _Unusable
from custrecords.cli.report import (
    About,
    JsonReport,
    Problem,
    Report,
    Result,
    Tally,
    TextReport,
    must_fix_only,
    printable,
    read_as,
)
from custrecords.duplicates import DuplicateIndex
from custrecords.errors import InvalidGuidelines
from custrecords.export_audit import RowProblem, audit_rows, shown_in_full
from custrecords.exports import ROLES, ColumnMap, DateOrder, header_key, infer_columns
from custrecords.guidelines import Guidelines
from custrecords.rights import response_deadline, uk_working_days

__all__ = ["main"]


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
                    f"its columns are: {', '.join(map(printable, export.headers))}"
                )
    return infer_columns(export.headers, [row.cells for row in export.sample], given=given)


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


def _jobs(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError("must be a whole number, 1 or more")
    return int(text)


class _Parser(argparse.ArgumentParser):
    """argparse, whose usage errors are one line and exit status 2, like every other."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.partition(" ")[2]  # "audit", of "custrecords audit"
        raise _Unusable(f"{command}: {message}" if command else message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="custrecords", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    audit = commands.add_parser(
        "audit", help="audit a CRM export: CSV, TSV, JSON lines, an Excel workbook or Parquet"
    )
    audit.add_argument(
        "path",
        nargs="?",
        help="the export (.csv, .tsv, .txt, .jsonl, .xlsx, .parquet), or - for standard input",
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
        "--only",
        choices=("must-fix",),
        help="report only what must be fixed, in any format, and count only that",
    )
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
        "--jobs",
        type=_jobs,
        default=os.cpu_count() or 1,
        help="how many processes audit the rows (default: one a core); the report is the same",
    )
    audit.add_argument(
        "--duplicates",
        action="store_true",
        help="also report groups of records that are likely one customer (by e-mail, phone, "
        "or name with postcode or date of birth)",
    )
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
    except KeyboardInterrupt:
        # Ctrl-C before the report could start: no traceback, the shell's status.
        err.write("custrecords: interrupted\n")
        return 130
    except _Unusable as error:
        # One line, but for the list of mistakes in a guidelines file.
        lines = map(printable, str(error).split("\n"))
        err.write(f"custrecords: {chr(10).join(lines)}\n")
        return 2


def _open(arguments: argparse.Namespace, stdin: IO[bytes]) -> tuple[str, Export, IO[bytes]]:
    if (arguments.demo is None) == (arguments.path is None):
        raise _Unusable("audit takes an export's PATH, or --demo")
    if arguments.demo is not None:
        name = _DEMOS[arguments.demo]
        source: IO[bytes] = resources.files("custrecords").joinpath(name).open("rb")
    else:
        name = "standard input" if arguments.path == "-" else arguments.path
        source = open_source(arguments.path, stdin)
    export = open_export(name, source, encoding=arguments.encoding, sheet=arguments.sheet)
    return name, export, source


def _run_audit(arguments: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes]) -> int:
    guidelines = _guidelines(arguments.guidelines)
    name, export, source = _open(arguments, stdin)
    columns = _columns(export, name, arguments.map)
    if arguments.columns:
        out.write(columns.to_toml())
        return 0
    # Rows are added to the duplicates index as they are read for the audit: one pass.
    # Duplicates are advice, so `--only must-fix` leaves them out and nothing is indexed.
    index = (
        DuplicateIndex(columns, dates=DateOrder(arguments.dates))
        if arguments.duplicates and arguments.only != "must-fix"
        else None
    )
    try:
        return _report(
            arguments,
            out,
            name=name,
            export=export,
            source=source,
            columns=columns,
            guidelines=guidelines,
            err=err,
            index=index,
        )
    finally:
        if index is not None:
            index.close()


def _report(
    arguments: argparse.Namespace,
    out: IO[str],
    *,
    name: str,
    export: Export,
    source: IO[bytes],
    columns: ColumnMap,
    guidelines: Guidelines,
    err: IO[str],
    index: DuplicateIndex | None,
) -> int:
    today = arguments.today or _uk_today(datetime.now(UTC))
    lines_of_rows = array("q")
    audited = _audit(
        export,
        columns,
        guidelines,
        today=today,
        order=DateOrder(arguments.dates),
        show_values=arguments.show_values,
        progress=_Progress(err, source) if err.isatty() else None,
        jobs=arguments.jobs,
        index=None if index is None else (index, lines_of_rows),
    )
    about = About(
        name,
        read_as(export),
        columns,
        today=today,
        guidelines=guidelines.name
        + (f", version {guidelines.version}" if guidelines.version else ""),
        version=__version__,
        only_must_fix=arguments.only == "must-fix",
    )
    tally = Tally()
    formats: dict[str, type[Report]] = {"text": TextReport, "json": JsonReport, "html": HtmlReport}
    report = formats[arguments.format]()
    with report:
        try:
            for audited_row in audited:
                result = must_fix_only(audited_row) if about.only_must_fix else audited_row
                tally.add(result)
                if result.problems or result.malformed:
                    report.add(result)
        except KeyboardInterrupt:
            # Ctrl-C: the report of the rows audited so far, whole, and status 130.
            tally.interrupted = True
        if not columns.roles and not tally.with_problems and not about.only_must_fix:
            raise _Unusable(
                f"{name}: no column is one custrecords knows, and nothing was found in them; "
                f"its columns are: {', '.join(map(printable, export.headers)) or 'none'}. "
                "Name them with --map (see --columns)"
            )
        section = None
        if index is not None and not tally.interrupted:
            section = DuplicatesSection(index, lines_of_rows)
        report.write(out, tally, about, section)
    if tally.interrupted:
        return 130  # as a shell reports a command stopped by SIGINT
    return 1 if tally.must_fix else 0


def _uk_today(now: datetime) -> date:
    """The day to audit as of, without ``--today``: the UK day it is, not the machine's.

    The command line is where the clock is read; a server kept on UTC is an hour behind
    the UK's day from midnight to 01:00 in summer time (Summer Time Act 1972).
    """
    return uk_day(now)


_NO_COLUMNS: Final = ColumnMap(roles={}, reasons={}, unmapped=())


def _audit(
    export: Export,
    columns: ColumnMap,
    guidelines: Guidelines,
    *,
    today: date,
    order: DateOrder,
    show_values: bool,
    progress: _Progress | None,
    jobs: int = 1,
    index: tuple[DuplicateIndex, array[int]] | None = None,
) -> Iterator[Result]:
    """Each row's audit by `audit_rows`, as the report shows it, as the rows stream past."""
    # Rows read and not yet shown, in order: audit_rows may read ahead of its results.
    waiting: deque[Row] = deque()

    def cells() -> Iterator[Mapping[str, str]]:
        for count, row in enumerate(export.rows, start=1):
            if progress is not None:
                progress.tick(count)
            waiting.append(row)
            if row.malformed is None:
                if index is not None:
                    index[0].add(row.cells)
                    index[1].append(row.line)
                yield row.cells

    def malformed() -> Iterator[Result]:
        while waiting and waiting[0].malformed is not None:
            row = waiting.popleft()
            # A row that could not be read as columns is still scanned, whole.
            (audited,) = audit_rows([row.cells], _NO_COLUMNS, guidelines, today=today, dates=order)
            yield _shown(row, audited.record_id, audited.problems, show_values)

    audited = audit_rows(
        cells(),
        columns,
        guidelines,
        today=today,
        dates=order,
        serial_dates=export.serial_dates,
        jobs=jobs,
    )
    for result in audited:
        yield from malformed()
        row = waiting.popleft()
        yield _shown(row, result.record_id, result.problems, show_values)
    yield from malformed()
    if progress is not None:
        progress.done()


class _Progress:
    """A line on a terminal: rows read, rows per second, and the time left if it is known.

    The time left is estimated from how far into the file the reading is, so it is
    shown only for a file whose size is known (not standard input).
    """

    def __init__(self, stream: IO[str], source: IO[bytes]) -> None:
        self.stream = stream
        self.source = source
        self.started = time.monotonic()
        self.shown = self.started
        try:
            self.size: int | None = os.fstat(source.fileno()).st_size or None
        except (OSError, AttributeError, io.UnsupportedOperation):
            self.size = None

    def tick(self, rows: int) -> None:
        now = time.monotonic()
        if now - self.shown < 0.5:
            return
        self.shown = now
        rate = rows / max(now - self.started, 1e-9)
        line = f"{rows:,} rows, {rate:,.0f} rows/s"
        left = self._left(now)
        if left is not None:
            line += f", about {left} left"
        self.stream.write(f"\r{line:<60}")
        self.stream.flush()

    def _left(self, now: float) -> str | None:
        if self.size is None or self.source.closed:
            return None
        try:
            done = self.source.tell() / self.size
        except (OSError, ValueError):
            return None
        if not 0 < done < 1:
            return None
        seconds = round((now - self.started) * (1 - done) / done)
        return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"

    def done(self) -> None:
        self.stream.write("\r" + " " * 60 + "\r")
        self.stream.flush()


def _shown(
    row: Row, record_id: str | None, problems: Sequence[RowProblem], show_values: bool
) -> Result:
    shown = tuple(
        Problem(
            p.code,
            p.column,
            shown_in_full(p, row.cells) if show_values else p.message,
            p.must_fix,
            category=p.category,
            rule=p.rule,
            source=p.source,
            start=p.start,
            end=p.end,
        )
        for p in problems
    )
    return Result(row.line, record_id or f"line {row.line}", shown, row.malformed)


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
