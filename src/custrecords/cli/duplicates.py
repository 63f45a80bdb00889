"""The duplicates section of the audit's report (``custrecords audit --duplicates``).

Groups of records that are likely one customer, each named by its records' ids and
lines, with the strength and reasons `find_matches` gives; values too many records
share to be anyone's own. Never a value.
"""

from __future__ import annotations

import contextlib
import html
import json
import shutil
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Final

from custrecords.cli.report import printable
from custrecords.duplicates import DuplicateGroup, DuplicateIndex, SharedValue
from custrecords.matching import MatchReason

__all__ = ["DuplicatesSection", "Shown", "shown"]

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


class DuplicatesSection:
    """The likely duplicates as a section of each format's report (`Section`).

    Groups come from the index once it holds every row; a group's records are named by
    their ids and lines, ``lines`` holding each row's line.
    """

    def __init__(self, index: DuplicateIndex, lines: array[int]) -> None:
        self.index = index
        self.lines = lines

    @contextlib.contextmanager
    def _groups(self, line: Callable[[Shown], str]) -> Iterator[tuple[int, IO[str]]]:
        """How many groups, and their lines in a file that spills to disk.

        The count comes before the groups in a report, and memory stays flat however
        many there are.
        """
        with tempfile.SpooledTemporaryFile(
            mode="w+", max_size=1 << 20, encoding="utf-8", errors="backslashreplace"
        ) as body:
            count = 0
            for item in shown(self.index.groups(), self.lines):
                count += 1
                body.write(line(item))
            body.seek(0)
            yield count, body

    def text(self, out: IO[str]) -> None:
        """The section of the text report: a line a group, then the values too shared."""
        with self._groups(_text_line) as (count, body):
            out.write(
                f"\nlikely duplicates: {count} groups of records that may be one customer\n"
                f"  advice: check with the customer, then merge ({_SOURCE})\n"
            )
            shutil.copyfileobj(body, out)
        for value in self.index.shared():
            out.write(f"  not one customer's: {_shared_lines(value, self.lines)}\n")

    def json(self, out: IO[str]) -> dict[str, object]:
        """A JSON line a group; the summary's count of groups and the values too shared."""
        with self._groups(_json_line) as (count, body):
            shutil.copyfileobj(body, out)
        shared = [
            {
                "reason": value.reason.value,
                "records": value.count,
                "lines": [self.lines[row] for row in value.rows],
            }
            for value in self.index.shared()
        ]
        return {"duplicate_groups": count, "shared_values": shared}

    def html(self) -> Iterator[str]:
        """The page's section: a table of the groups, then the values too shared."""
        with self._groups(_html_row) as (count, body):
            yield (
                "<section class=dup aria-labelledby=duplicates>"
                f"<h2 id=duplicates>Likely duplicates: {count:,} groups</h2>"
                "<p>Records that may be one customer: one record updated leaves the other "
                "wrong, and a request answered from one misses what the other holds "
                f"({html.escape(_SOURCE)}). <strong>What to do:</strong> check with the "
                "customer, then merge.</p>"
                "<table><thead><tr><th scope=col>Records</th><th scope=col>Strength</th>"
                "<th scope=col>Reasons</th></tr></thead><tbody>"
            )
            yield from body
        items = "".join(
            f"<li>{html.escape(_shared_lines(value, self.lines))}</li>"
            for value in self.index.shared()
        )
        listed = f"<p>Values too many records share to be one customer's:</p><ul>{items}</ul>"
        yield "</tbody></table>" + (listed if items else "") + "</section>\n"


def _text_line(item: Shown) -> str:
    group, named = item
    return f"  {_records(named)}: {group.strength.value}: {_reasons(group)}\n"


def _json_line(item: Shown) -> str:
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


# The page speaks to people: each reason in words.
_REASON_WORDS: Final = {
    MatchReason.SAME_VERIFIED_EMAIL: "the same verified e-mail address",
    MatchReason.SAME_EMAIL: "the same e-mail address",
    MatchReason.SAME_MOBILE: "the same mobile number",
    MatchReason.SAME_PHONE: "the same phone number",
    MatchReason.SAME_NAME_AND_BIRTH_DATE: "the same name and date of birth",
    MatchReason.SAME_NAME_AND_POSTCODE: "the same name and postcode",
}


def _html_row(item: Shown) -> str:
    group, named = item
    reasons = "; ".join(_REASON_WORDS[reason] for reason in group.reasons)
    return (
        f"<tr><td>{html.escape(_records(named))}</td><td>{group.strength.value}</td>"
        f"<td>{html.escape(reasons)}</td></tr>\n"
    )
