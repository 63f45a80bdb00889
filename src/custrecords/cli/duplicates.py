"""The duplicates section of the audit's report (``custrecords audit --duplicates``).

Groups of records that are likely one customer, each named by its records' ids and
lines, with the strength and reasons `find_matches` gives; values too many records
share to be anyone's own. Never a value.
"""

from __future__ import annotations

import html
import json
from array import array
from collections.abc import Iterable
from typing import Final

from custrecords.cli.report import printable
from custrecords.duplicates import DuplicateGroup, SharedValue

__all__ = [
    "Shown",
    "html_head",
    "html_row",
    "html_tail",
    "json_lines",
    "json_shared",
    "shown",
    "text_head",
    "text_line",
    "text_tail",
]

# One record updated leaves the other wrong (accuracy); a request answered from one
# record misses what the other holds (access, erasure).
_SOURCE: Final = "UK GDPR Articles 5(1)(d), 15 and 17"

Shown = tuple[DuplicateGroup, tuple[tuple[str, int], ...]]
"""A group, and each of its records as the report names it: (id or ``line N``, line)."""


def shown(groups: Iterable[DuplicateGroup], lines: array[int]) -> Iterable[Shown]:
    """Each group with its records named as the report names them, by id and line."""
    for group in groups:
        named = tuple(
            (record_id or f"line {lines[row]}", lines[row])
            for row, record_id in zip(group.rows, group.record_ids, strict=True)
        )
        yield group, named


def _records(named: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(
        printable(record) if record == f"line {line}" else f"{printable(record)} (line {line})"
        for record, line in named
    )


def _reasons(group: DuplicateGroup) -> str:
    return ", ".join(reason.value for reason in group.reasons)


def _shared_lines(value: SharedValue, lines: array[int]) -> str:
    first = ", ".join(str(lines[row]) for row in value.rows)
    more = "..." if value.count > len(value.rows) else ""
    return f"{value.reason.value}: {value.count} records share one value (lines {first}{more})"


def text_head(count: int) -> str:
    """The text report's duplicates section, up to its groups."""
    return (
        f"\nlikely duplicates: {count} groups of records that may be one customer\n"
        f"  advice: check with the customer, then merge ({_SOURCE})\n"
    )


def text_tail(shared: tuple[SharedValue, ...], lines: array[int]) -> str:
    """The text report's duplicates section, after its groups: the values too shared."""
    return "".join(f"  not one customer's: {_shared_lines(value, lines)}\n" for value in shared)


def text_line(item: Shown) -> str:
    """One group as a line of the text report."""
    group, named = item
    return f"  {_records(named)}: {group.strength.value}: {_reasons(group)}\n"


def json_lines(item: Shown) -> str:
    """One group as one JSON object on one line."""
    group, named = item
    record = {
        "duplicates": {
            "records": [{"id": record, "line": line} for record, line in named],
            "strength": group.strength.value,
            "reasons": [reason.value for reason in group.reasons],
            "links": [
                {
                    "records": [
                        named[group.rows.index(link.first)][0],
                        named[group.rows.index(link.second)][0],
                    ],
                    "strength": link.strength.value,
                    "reasons": [reason.value for reason in link.reasons],
                }
                for link in group.links
            ],
        }
    }
    return json.dumps(record) + "\n"


def json_shared(shared: tuple[SharedValue, ...], lines: array[int]) -> list[dict[str, object]]:
    """The values too many records share, as the JSON summary lists them."""
    return [
        {
            "reason": value.reason.value,
            "records": value.count,
            "lines": [lines[row] for row in value.rows],
        }
        for value in shared
    ]


def html_row(item: Shown) -> str:
    """One group as a row of the HTML report's duplicates table."""
    group, named = item
    return (
        f"<tr><td>{html.escape(_records(named))}</td><td>{group.strength.value}</td>"
        f"<td>{html.escape(_reasons(group))}</td></tr>"
    )


def html_head(count: int) -> str:
    """The HTML report's duplicates section, up to its table's rows."""
    return (
        f"<h2>Likely duplicates: {count} groups</h2>"
        "<p>Records that may be one customer: one record updated leaves the other wrong, "
        "and a request answered from one misses what the other holds "
        f"({html.escape(_SOURCE)}). Advice: check with the customer, then merge.</p>"
        "<table><thead><tr><td><b>records</b></td><td><b>strength</b></td><td><b>reasons</b></td>"
        "</tr></thead>"
        "<tbody>"
    )


def html_tail(shared: tuple[SharedValue, ...], lines: array[int]) -> str:
    """The HTML report's duplicates section, after its table's rows."""
    items = "".join(f"<li>{html.escape(_shared_lines(value, lines))}</li>" for value in shared)
    listed = f"<p>Values too many records share to be one customer's:</p><ul>{items}</ul>"
    return "</tbody></table>" + (listed if items else "")
