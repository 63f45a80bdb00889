"""The audit's report: its summary, counted as results stream past, and its three formats.

No cell's text reaches a report: problems name their column, kind and position; ids,
headers and file names have control characters escaped.

Every format opens with the verdict. The text report then lists what must be fixed,
grouped by severity (`custrecords.cli.kinds`), then the advice, each line marked with
its severity; the JSON report lists each record's problems, in the file's order, then
its summary; the HTML report (`custrecords.cli.page`) groups the records by kind.
Lines wait in files that spill to disk, so that memory stays flat however many rows
there are.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from typing import IO, Final, Protocol, Self

import attrs

from custrecords.cli.kinds import KINDS, SEVERITIES, Kind, Severity, kind_of
from custrecords.cli.reading import Export
from custrecords.export_audit import checks_not_run
from custrecords.exports import ColumnMap

__all__ = [
    "About",
    "JsonReport",
    "Problem",
    "Report",
    "Result",
    "Section",
    "Tally",
    "TextReport",
    "json_lines",
    "must_fix_only",
    "not_checked",
    "printable",
    "read_as",
    "text_head",
    "text_lines",
]


@attrs.frozen
class Problem:
    """One problem as the report shows it: its code, its column, what it is; never a value.

    ``kind`` is the audit's code (``must_not_keep``); `kind_of` reads it with the
    category to name the kind a reader acts on. ``start`` and ``end`` are a finding's
    character offsets in its cell; ``rule`` and ``source`` the rule that fired and the
    law or guidance it cites.
    """

    kind: str
    column: str
    detail: str
    must_fix: bool = True
    category: str | None = None
    rule: str = ""
    source: str = ""
    start: int | None = None
    end: int | None = None

    @property
    def shown_as(self) -> Kind:
        """The kind of problem this is, as the reports name and group it."""
        return kind_of(self.kind, self.category)


@attrs.frozen
class Result:
    """A record's problems, with the line it starts on and the id it is shown by."""

    line: int
    id: str
    problems: tuple[Problem, ...]
    malformed: str | None = None

    def kinds(self) -> dict[str, bool]:
        """The record's kinds of problem, by key, each with whether one must be fixed."""
        found: dict[str, bool] = {}
        for problem in self.problems:
            key = problem.shown_as.key
            found[key] = found.get(key, False) or problem.must_fix
        if self.malformed:
            found["malformed"] = True
        return found


def must_fix_only(result: Result) -> Result:
    """``result`` with only the problems that must be fixed (``--only must-fix``)."""
    return attrs.evolve(result, problems=tuple(p for p in result.problems if p.must_fix))


@attrs.frozen
class About:
    """What the report says of the audit: the file, how it was read, against what, when.

    Attributes:
        name: the file's name, as given.
        read_as: how it was read (`read_as`).
        columns: which columns hold what.
        today: the day it was audited as of.
        guidelines: the guidelines' name, and version if they have one.
        version: custrecords' version.
        only_must_fix: whether the report holds only what must be fixed.
    """

    name: str
    read_as: str
    columns: ColumnMap
    today: date = date(1970, 1, 1)
    guidelines: str = ""
    version: str = ""
    only_must_fix: bool = False


class Tally:
    """The summary, counted as results stream past."""

    def __init__(self) -> None:
        self.records = 0
        self.with_problems = 0
        self.must_fix = 0
        # Records by the audit's code (by_kind), and by the kind the reports name.
        self.kinds: Counter[str] = Counter()
        self.by_problem: Counter[str] = Counter()
        # Records with a problem of the severity that must be fixed.
        self.by_severity: Counter[Severity] = Counter()
        self.advice_only = 0
        self.with_advice = 0
        # Records by kind, where one of its problems must be fixed, and where none must.
        self.kind_to_fix: Counter[str] = Counter()
        self.kind_advice: Counter[str] = Counter()
        # The rules that fired for each kind, with the sources they cite.
        self.rules: defaultdict[str, dict[str, str]] = defaultdict(dict)
        self.columns: set[str] = set()
        # Stopped by Ctrl-C: the counts are of the rows audited until then.
        self.interrupted = False

    def add(self, result: Result) -> None:
        """Count one record's result."""
        self.records += 1
        if not (result.problems or result.malformed):
            return
        self.with_problems += 1
        kinds = result.kinds()
        severities = {problem.shown_as.severity for problem in result.problems if problem.must_fix}
        if result.malformed:
            severities.add(Severity.QUALITY)
        if severities:
            self.must_fix += 1
            self.by_severity.update(severities)
        else:
            self.advice_only += 1
        if any(not problem.must_fix for problem in result.problems):
            self.with_advice += 1
        self.kinds.update({problem.kind for problem in result.problems})
        if result.malformed:
            self.kinds["malformed"] += 1
        self.by_problem.update(list(kinds))
        self.kind_to_fix.update(key for key, to_fix in kinds.items() if to_fix)
        self.kind_advice.update({p.shown_as.key for p in result.problems if not p.must_fix})
        for problem in result.problems:
            self.rules[problem.shown_as.key].setdefault(problem.rule, problem.source)
            self.columns.add(problem.column)

    def summary(self) -> dict[str, object]:
        """The counts, as the JSON report's summary holds them."""
        counts: dict[str, object] = {
            "records": self.records,
            "records_with_problems": self.with_problems,
            "must_fix": self.must_fix,
            "by_kind": dict(sorted(self.kinds.items())),
            "by_severity": {severity.value: self.by_severity[severity] for severity in SEVERITIES},
            "advice_only": self.advice_only,
            "by_problem": dict(sorted(self.by_problem.items())),
        }
        return counts | {"interrupted": True} if self.interrupted else counts

    def listed_kinds(self, severity: Severity) -> list[str]:
        """The kinds of ``severity`` found, as the reports list them: to fix, then advice."""
        found = [key for key in _ORDER if key in self.by_problem and _severity(key) is severity]
        return [k for k in found if self.kind_to_fix[k]] + [
            k for k in found if not self.kind_to_fix[k]
        ]


def _severity(key: str) -> Severity:
    return KINDS[key].severity if key in KINDS else Severity.QUALITY


_ORDER: Final = tuple(KINDS)


def not_checked(columns: ColumnMap) -> list[str]:
    """The checks no row can have, for want of a column."""
    return list(checks_not_run(columns))


def printable(text: str) -> str:
    """``text`` with control characters and lone surrogates escaped, for a terminal."""
    if text.isprintable():
        return text
    return "".join(
        character if character.isprintable() else f"\\u{ord(character):04x}" for character in text
    )


_ADVICE: Final = "advice"


def _where(result: Result) -> str:
    where = printable(result.id)
    if where != f"line {result.line}":
        where += f" (line {result.line})"
    return where


def _tag(severity: Severity, must_fix: bool) -> str:
    return f"[{severity.label}]" if must_fix else f"[advice: {severity.label}]"


def text_lines(result: Result) -> dict[str, str]:
    """A record's problems, a line each, by the group of the text report they go in.

    Each line is ``[severity] id (line N): code in column: detail``; the groups are the
    severities (what must be fixed) and ``advice``.
    """
    where = _where(result)
    lines: dict[str, str] = {}

    def add(group: str, line: str) -> None:
        lines[group] = lines.get(group, "") + line

    if result.malformed:
        tag = _tag(Severity.QUALITY, True)
        add(Severity.QUALITY.value, f"{tag} {where}: malformed row: {result.malformed}\n")
    for p in result.problems:
        severity = p.shown_as.severity
        line = (
            f"{_tag(severity, p.must_fix)} {where}: {p.kind} in {printable(p.column)}: {p.detail}\n"
        )
        add(severity.value if p.must_fix else _ADVICE, line)
    return lines


_INTERRUPTED: Final = "interrupted after {} records: this report covers only those"
_ONLY: Final = "only what must be fixed is reported (--only must-fix)"


def text_head(tally: Tally, about: About) -> str:
    """The text report's opening: the verdict, then what was audited and how it was read."""
    lines = [_INTERRUPTED.format(tally.records) + "\n\n"] if tally.interrupted else []
    lines += [
        f"records read            {tally.records}\n",
        f"records with problems   {tally.with_problems}\n",
        f"records to fix          {tally.must_fix}\n",
    ]
    for severity in SEVERITIES:
        note = ": purge now" if severity is Severity.MUST_NOT_KEEP else ""
        lines.append(f"  {severity.label:<20}{tally.by_severity[severity]:>6} records{note}\n")
    lines.append(f"records with advice only {tally.advice_only}\n")
    if about.only_must_fix:
        lines.append(f"{_ONLY}\n")
    lines.append(f"\n{printable(about.name)}: {about.read_as}\n")
    lines += [
        f"  {'audited as of':<22}{about.today.isoformat()}\n",
        f"  {'guidelines':<22}{printable(about.guidelines)}\n",
        f"  {'custrecords':<22}{about.version}\n",
    ]
    for role, headers in about.columns.roles.items():
        lines.append(f"  {role:<22}{', '.join(map(printable, headers))}\n")
    if about.columns.unmapped:
        lines.append(
            f"  {'(scanned only)':<22}{', '.join(map(printable, about.columns.unmapped))}\n"
        )
    lines += [f"  not checked: {check}\n" for check in not_checked(about.columns)]
    return "".join(lines) + "\n"


def _group_head(title: str, records: int, kinds: list[tuple[str, int]]) -> str:
    lines = [f"{title} ({records} records)\n"]
    for key, count in kinds:
        name = KINDS[key].name if key in KINDS else key
        lines.append(f"  {name:<44}{count:>6} records\n")
    return "".join(lines)


class Section(Protocol):
    """A section after the records' problems, in each format (the likely duplicates)."""

    def text(self, out: IO[str]) -> None:
        """Write the section of the text report."""

    def json(self, out: IO[str]) -> dict[str, object]:
        """Write the section's JSON lines; return what it adds to the summary."""

    def html(self) -> Iterator[str]:
        """The section of the page, in parts."""


class Report(Protocol):
    """A report of one format: given each record's result, then written whole."""

    def __enter__(self) -> Self: ...

    def __exit__(self, *_: object) -> None: ...

    def add(self, result: Result) -> None:
        """Keep what the report shows of a record with problems."""

    def write(
        self, out: IO[str], tally: Tally, about: About, section: Section | None = None
    ) -> None:
        """Write the whole report, once every record has been given, then ``section``."""


def _spool() -> IO[str]:
    return tempfile.SpooledTemporaryFile(
        mode="w+", max_size=1 << 20, encoding="utf-8", errors="backslashreplace"
    )


class TextReport:
    """The text report: the verdict, what must be fixed by severity, then the advice."""

    def __init__(self) -> None:
        groups = [severity.value for severity in SEVERITIES] + [_ADVICE]
        self.groups: dict[str, IO[str]] = {group: _spool() for group in groups}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        for spool in self.groups.values():
            spool.close()

    def add(self, result: Result) -> None:
        """Keep a record's lines, each in its group."""
        for group, lines in text_lines(result).items():
            self.groups[group].write(lines)

    def write(
        self, out: IO[str], tally: Tally, about: About, section: Section | None = None
    ) -> None:
        """Write the whole report, then ``section``."""
        out.write(text_head(tally, about))
        for severity in SEVERITIES:
            if not tally.by_severity[severity]:
                continue
            kinds = [
                (key, tally.kind_to_fix[key])
                for key in tally.listed_kinds(severity)
                if tally.kind_to_fix[key]
            ]
            out.write(_group_head(severity.title, tally.by_severity[severity], kinds))
            self._copy(severity.value, out)
        if tally.with_advice:
            kinds = [
                (key, tally.kind_advice[key])
                for severity in SEVERITIES
                for key in tally.listed_kinds(severity)
                if tally.kind_advice[key]
            ]
            out.write(_group_head("Advice", tally.with_advice, kinds))
            self._copy(_ADVICE, out)
        if section is not None:
            section.text(out)

    def _copy(self, group: str, out: IO[str]) -> None:
        spool = self.groups[group]
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        out.write("\n")


def json_lines(result: Result) -> str:
    """A record's problems as one JSON object on one line."""
    record = {
        "id": result.id,
        "line": result.line,
        "malformed": result.malformed,
        "problems": [
            {"kind": p.kind, "column": p.column, "detail": p.detail, "must_fix": p.must_fix}
            for p in result.problems
        ],
    }
    return json.dumps(record) + "\n"


class JsonReport:
    """The JSON report: a line for each record with problems, then the summary."""

    def __init__(self) -> None:
        self.body = _spool()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.body.close()

    def add(self, result: Result) -> None:
        """Keep a record's line."""
        self.body.write(json_lines(result))

    def write(
        self, out: IO[str], tally: Tally, about: About, section: Section | None = None
    ) -> None:
        """Write the whole report: the records' lines, ``section``'s, then the summary."""
        self.body.seek(0)
        shutil.copyfileobj(self.body, out)
        added = {} if section is None else section.json(out)
        summary = tally.summary() | {
            "file": about.name,
            "read_as": about.read_as,
            "columns": dict(about.columns.roles),
            "not_checked": not_checked(about.columns),
            "audited_as_of": about.today.isoformat(),
            "guidelines": about.guidelines,
            "custrecords": about.version,
        }
        if about.only_must_fix:
            summary["only"] = "must-fix"
        out.write(json.dumps({"summary": summary | added}) + "\n")


def read_as(export: Export) -> str:
    """How the export was read: its kind, delimiter and encoding, and any notes."""
    if export.kind == "workbook":
        how = "an Excel workbook"
    elif export.kind == "parquet":
        how = "Parquet"
    elif export.kind == "json lines":
        how = f"JSON lines in {export.encoding}"
    else:
        delimiter = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}[
            export.delimiter or ","
        ]
        how = f"delimited by {delimiter}, in {export.encoding}"
    return "; ".join((how, *export.notes))
