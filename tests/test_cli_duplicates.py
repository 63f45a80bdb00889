"""``custrecords audit --duplicates``: likely duplicates in the report, never a value."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from custrecords.cli import main

TODAY = "2026-11-30"
EXPORT = """\
Customer ID,First Name,Last Name,Email,Mobile,Postcode,DOB
C-01,Paweł,Kowalski,,,CF10 1AA,
C-02,Mr Pawel,Kowalski,,,cf101aa,
C-03,Siobhán,O'Brien,Siobhan.OBrien@example.ie,+44 7400 123123,,
C-04,Siobhan,O Brien,siobhan.obrien@example.ie,07400 123123,,
,Jane,Smith-Jones,,,,28/02/1985
C-06,Mrs Jane,Jones,,,,1985-02-28
C-07,Anna,Nowak,anna@example.com,,,
"""


def audit(tmp_path: Path, *arguments: str, text: str = EXPORT) -> tuple[int, str, str]:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    status = main(["audit", str(path), "--today", TODAY, *arguments], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_the_text_report_lists_each_group_by_id_and_line(tmp_path: Path) -> None:
    status, out, err = audit(tmp_path, "--duplicates")
    section = out[out.index("likely duplicates") :].splitlines()
    assert section[0] == "likely duplicates: 3 groups of records that may be one customer"
    assert section[2:] == [
        "  C-01 (line 2), C-02 (line 3): possible: same_name_and_postcode",
        "  C-03 (line 4), C-04 (line 5): strong: same_email, same_mobile",
        "  line 6, C-06 (line 7): likely: same_name_and_birth_date",
    ]
    assert (status, err) == (1, "")  # the audit's own problems; duplicates are advice


def test_without_the_flag_there_is_no_section(tmp_path: Path) -> None:
    assert "likely duplicates" not in audit(tmp_path)[1]


def test_duplicates_alone_do_not_change_the_exit_status(tmp_path: Path) -> None:
    clean = "id,Email\nA,ann@example.com\nB,ann@example.com\n"
    status, out, _ = audit(tmp_path, "--duplicates", text=clean)
    assert status == 0
    assert "  A (line 2), B (line 3): likely: same_email" in out


def test_the_json_report_has_a_line_a_group_and_counts_them(tmp_path: Path) -> None:
    _, out, _ = audit(tmp_path, "--duplicates", "--format", "json")
    lines = [json.loads(line) for line in out.splitlines()]
    groups = [line["duplicates"] for line in lines if "duplicates" in line]
    assert [(g["records"], g["strength"], g["reasons"]) for g in groups][1] == (
        [{"id": "C-03", "line": 4}, {"id": "C-04", "line": 5}],
        "strong",
        ["same_email", "same_mobile"],
    )
    summary = lines[-1]["summary"]
    assert (summary["duplicate_groups"], summary["shared_values"]) == (3, [])


def test_the_html_report_has_a_table_after_the_problems(tmp_path: Path) -> None:
    _, out, _ = audit(tmp_path, "--duplicates", "--format", "html")
    assert out.count("<table") == out.count("</table>")
    section = out.index("<h2 id=duplicates>Likely duplicates: 3 groups</h2>")
    assert out.rindex("id=problems") < section < out.index("</main>") < out.index("<script>")
    assert out[section:].count("<table") == 1
    assert "<th scope=col>Records</th>" in out[section:]
    assert (
        "<td>C-03 (line 4), C-04 (line 5)</td><td>strong</td>"
        "<td>the same e-mail address; the same mobile number</td>"
    ) in out


def test_a_shared_switchboard_is_reported_not_grouped(tmp_path: Path) -> None:
    rows = "".join(f"S{n},Staff{'abcdefghijkl'[n]},Desk,,020 7946 0000,,\n" for n in range(12))
    _, out, _ = audit(tmp_path, "--duplicates", text=EXPORT.split("\n", 1)[0] + "\n" + rows)
    assert "likely duplicates: 0 groups" in out
    assert (
        "  not one customer's: same_phone: 12 records share one value "
        "(lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11...)"
    ) in out


@pytest.mark.parametrize("format", ["text", "json", "html"])
def test_no_value_reaches_the_report(tmp_path: Path, format: str) -> None:
    _, out, _ = audit(tmp_path, "--duplicates", "--format", format)
    section = out[out.index("uplicates") :]
    for value in ("Kowalski", "Siobhan", "example.ie", "123123", "CF10", "1985", "Pawel"):
        assert value not in section


def test_jobs_give_the_same_groups(tmp_path: Path) -> None:
    many = "".join(f"C{n},Given{n},Family{n // 2},f{n // 2}@example.com,,,\n" for n in range(1_200))
    text = "id,First Name,Last Name,Email,Mobile,Postcode,DOB\n" + many
    one = audit(tmp_path, "--duplicates", "--jobs", "1", text=text)[1]
    two = audit(tmp_path, "--duplicates", "--jobs", "2", text=text)[1]
    assert one == two
    assert "likely duplicates: 600 groups" in one


def test_the_installed_command_takes_the_flag(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "custrecords", "audit", str(path), "--duplicates", "--today", TODAY],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (1, "")
    assert "likely duplicates: 3 groups" in done.stdout


@pytest.mark.parametrize("format", ["text", "json", "html"])
def test_only_must_fix_leaves_the_duplicates_advice_out(tmp_path: Path, format: str) -> None:
    # docs/cli.md: duplicates are advice, and `--only must-fix` leaves the advice out of
    # any format.
    status, out, err = audit(tmp_path, "--duplicates", "--only", "must-fix", "--format", format)
    assert (status, err) == (1, "")
    assert "duplicate" not in out.lower()
    assert "C-03" not in out  # a record of a group, with no must-fix of its own
