"""The README's first command: the example runs on its bundled export, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[1] / "examples" / "validate_records.py"


def test_the_example_reports_each_planted_problem_by_path() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "line 1: C-1001 ok: A. K.; a***@example.com, +*********456",
        "line 2: $.contact_points[0].value: is not a number in use in its country's numbering"
        " plan [phone_invalid]",
        "line 3: $.addresses[0].postcode: is not a valid UK postcode [postcode_invalid]",
        "line 4: $.provenance[0].collected_at: must have a time zone offset [naive_datetime]",
        "line 5: $.closed_at: is required when the record is closed [missing]",
        "line 6: C-1006 ok: P. P.; p***@example.co.uk, +*********018",
        "line 7: $.name.full: contains digits, symbols or control characters [invalid_character]",
        "7 records, 2 ok, 5 with problems",
    ]
    for secret in ("aisha.khan", "7400123456", "SW1A 1AI", "07400 123456", "Jane Smith"):
        assert secret not in result.stdout


def test_the_example_reports_an_empty_export(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), str(empty)], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == ["0 records, 0 ok, 0 with problems"]
