"""The column table in docs/cli.md says exactly what `ROLES` and `HEADER_NAMES` say.

After changing either, print the table again and paste it over the old one:

    .venv/bin/python tests/test_docs_columns.py
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import custrecords.exports
from custrecords.exports import HEADER_NAMES, ROLES, header_key

DOC = Path(__file__).parent.parent / "docs" / "cli.md"
START = "<!-- The column table: printed by tests/test_docs_columns.py, and checked by it. -->"
END = "<!-- End of the column table. -->"
ROW = re.compile(r"\| `(?P<role>\w+)` \| (?P<purpose>[^|]+) \| (?P<headers>[^|]*) \|")


def spellings() -> dict[str, str]:
    """Each header key, spelt as exports.py writes it (its first spelling), or as its role."""
    tree = ast.parse(Path(custrecords.exports.__file__).read_text(encoding="utf-8"))
    spelt: dict[str, str] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_names"
            and isinstance(node.args[1], ast.Constant)
        ):
            for name in str(node.args[1].value).split(","):
                spelt.setdefault(header_key(name), name.strip())
    for role in ROLES:  # a role's own name is a header too: ``last_interaction_at``
        spelt.setdefault(header_key(role), role)
    return spelt


def table() -> str:
    """The column table, in Markdown: a row for each role, in the order of `ROLES`."""
    spelt = spellings()
    lines = ["| role | what it holds | headers read as it |", "|---|---|---|"]
    for role, purpose in ROLES.items():
        names = [spelt.get(key, key) for key, found in HEADER_NAMES.items() if found == role]
        lines.append(f"| `{role}` | {purpose} | {', '.join(f'`{name}`' for name in names)} |")
    return "\n".join(lines) + "\n"


def documented() -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The table in docs/cli.md: (role, purpose) rows, and header key → role."""
    text = DOC.read_text(encoding="utf-8")
    assert START in text, f"docs/cli.md has lost the line {START!r}"
    block = text.split(START, 1)[1].split(END, 1)[0]
    rows: list[tuple[str, str]] = []
    keys: dict[str, str] = {}
    for line in block.splitlines():
        match = ROW.fullmatch(line.strip())
        if match is None:
            continue
        rows.append((match["role"], match["purpose"].strip()))
        for name in re.findall(r"`([^`]+)`", match["headers"]):
            key = header_key(name)
            assert key not in keys, f"{name!r} is listed twice (as {keys[key]} and {match['role']})"
            keys[key] = match["role"]
    return rows, keys


def test_the_table_has_a_row_for_each_role_saying_what_it_holds() -> None:
    rows, _ = documented()
    assert rows == list(ROLES.items()), "run: python tests/test_docs_columns.py"


def test_the_table_lists_exactly_the_headers_read() -> None:
    _, keys = documented()
    missing = {key: role for key, role in HEADER_NAMES.items() if keys.get(key) != role}
    extra = {key: role for key, role in keys.items() if HEADER_NAMES.get(key) != role}
    assert (missing, extra) == ({}, {}), "run: python tests/test_docs_columns.py"
    assert keys == dict(HEADER_NAMES)


def test_the_generated_table_reads_back_as_it_was_made() -> None:
    # A header spelt with a backtick or a bar would break the table.
    assert all("`" not in name and "|" not in name for name in spellings().values())
    assert len(table().splitlines()) == len(ROLES) + 2


if __name__ == "__main__":
    print(table(), end="")
