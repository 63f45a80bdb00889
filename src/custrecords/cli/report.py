"""The audit's report: its summary, counted as results stream past, and its three formats.

No cell's text reaches a report: problems name their column, kind and position; ids,
headers and file names have control characters escaped.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from typing import Final

import attrs

from custrecords.cli.reading import Export
from custrecords.export_audit import checks_not_run
from custrecords.exports import ColumnMap

__all__ = [
    "HTML_TAIL",
    "About",
    "Problem",
    "Result",
    "Tally",
    "html_head",
    "html_rows",
    "json_lines",
    "not_checked",
    "printable",
    "read_as",
    "text_head",
    "text_lines",
]


@attrs.frozen
class Problem:
    """One problem as the report shows it: its kind, its column, what it is; never a value."""

    kind: str
    column: str
    detail: str
    must_fix: bool = True


@attrs.frozen
class Result:
    """A record's problems, with the line it starts on and the id it is shown by."""

    line: int
    id: str
    problems: tuple[Problem, ...]
    malformed: str | None = None


class Tally:
    """The summary, counted as results stream past."""

    def __init__(self) -> None:
        self.records = 0
        self.with_problems = 0
        self.must_fix = 0
        self.kinds: Counter[str] = Counter()
        # Stopped by Ctrl-C: the counts are of the rows audited until then.
        self.interrupted = False

    def add(self, result: Result) -> None:
        """Count one record's result."""
        self.records += 1
        if result.problems or result.malformed:
            self.with_problems += 1
        if result.malformed or any(problem.must_fix for problem in result.problems):
            self.must_fix += 1
        self.kinds.update({problem.kind for problem in result.problems})
        if result.malformed:
            self.kinds["malformed"] += 1

    def summary(self) -> dict[str, object]:
        """The counts, as the JSON report's summary holds them."""
        counts: dict[str, object] = {
            "records": self.records,
            "records_with_problems": self.with_problems,
            "must_fix": self.must_fix,
            "by_kind": dict(sorted(self.kinds.items())),
        }
        return counts | {"interrupted": True} if self.interrupted else counts


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


def text_lines(result: Result) -> str:
    """A record's problems, a line each: id (line N): kind in column: detail."""
    where = printable(result.id)
    if where != f"line {result.line}":
        where += f" (line {result.line})"
    lines = [f"{where}: malformed row: {result.malformed}\n"] if result.malformed else []
    lines += [f"{where}: {p.kind} in {printable(p.column)}: {p.detail}\n" for p in result.problems]
    return "".join(lines)


_INTERRUPTED: Final = "interrupted after {} records: this report covers only those"


def text_head(tally: Tally, about: About) -> str:
    """The text report's opening: the counts, then how the file was read."""
    lines = [_INTERRUPTED.format(tally.records) + "\n\n"] if tally.interrupted else []
    lines += [
        f"records read            {tally.records}\n",
        f"records with problems   {tally.with_problems}\n",
        f"records to fix          {tally.must_fix}\n\n",
    ]
    lines += [f"  {kind:<28}{count:>6} records\n" for kind, count in sorted(tally.kinds.items())]
    lines.append(f"\n{printable(about.name)}: {about.read_as}\n")
    for role, headers in about.columns.roles.items():
        lines.append(f"  {role:<22}{', '.join(map(printable, headers))}\n")
    if about.columns.unmapped:
        lines.append(
            f"  {'(scanned only)':<22}{', '.join(map(printable, about.columns.unmapped))}\n"
        )
    lines += [f"  not checked: {check}\n" for check in not_checked(about.columns)]
    return "".join(lines) + "\n"


def json_lines(result: Result) -> str:
    """A record's problems as one JSON object on one line."""
    record = {
        "id": result.id,
        "line": result.line,
        "malformed": result.malformed,
        "problems": [attrs.asdict(problem) for problem in result.problems],
    }
    return json.dumps(record) + "\n"


def html_rows(result: Result) -> str:
    """A record's problems as rows of the HTML report's table."""
    cells = [(p.kind, p.column, p.detail) for p in result.problems]
    if result.malformed:
        cells.append(("malformed", "", result.malformed))
    return "".join(
        f"<tr><td>{_html(result.id)}</td><td>{result.line}</td><td>{_html(kind)}</td>"
        f"<td>{_html(column)}</td><td>{_html(detail)}</td></tr>"
        for kind, column, detail in cells
    )


def _html(text: str) -> str:
    return html.escape(printable(text))


def html_head(tally: Tally, about: About) -> str:
    """The HTML report's page up to its table's rows."""
    widest = max(tally.kinds.values(), default=1)
    bars = "".join(
        f'<div class="bar"><span>{html.escape(kind)}</span>'
        f'<i style="width:{count * 100 // widest}%"></i><b>{count}</b></div>'
        for kind, count in sorted(tally.kinds.items())
    )
    unchecked = "".join(
        f"<li>not checked: {_html(check)}</li>" for check in not_checked(about.columns)
    )
    return (
        "<!doctype html><html lang=en><meta charset=utf-8><title>custrecords audit</title>"
        "<style>body{font:15px system-ui;margin:2em}.bar{display:flex;gap:.5em;align-items:center}"
        ".bar span{width:14em}.bar i{background:#2b6cb0;height:1em;display:block}"
        "table{border-collapse:collapse;margin-top:1em}"
        "td,th{border:1px solid #ccc;padding:.2em .5em}"
        "th{cursor:pointer;background:#eee}</style>"
        f"<h1>Audit of {_html(about.name)}</h1>"
        + (
            f"<p><strong>{_INTERRUPTED.format(tally.records)}</strong></p>"
            if tally.interrupted
            else ""
        )
        + f"<p>{tally.records} records read, "
        f"{tally.with_problems} with problems, {tally.must_fix} to fix.</p>"
        f"<ul>{unchecked}</ul>{bars}"
        "<table id=t><thead><tr><th>record</th><th>line</th><th>problem</th><th>column</th>"
        "<th>detail</th></tr></thead><tbody>"
    )


HTML_TAIL: Final = (
    "</tbody></table>"
    "<script>document.querySelectorAll('th').forEach((h,i)=>h.onclick=()=>{"
    "const b=document.querySelector('#t tbody');[...b.rows].sort((x,y)=>"
    "x.cells[i].textContent.localeCompare(y.cells[i].textContent,undefined,{numeric:true}))"
    ".forEach(r=>b.appendChild(r))})</script></html>\n"
)


@attrs.frozen
class About:
    """What the report says of the file: its name, how it was read, its columns."""

    name: str
    read_as: str
    columns: ColumnMap


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
