"""The command line, run as a user runs it: in a subprocess, on real files."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

COLUMNS = (
    "id first_name last_name email phone address_line1 postcode date_of_birth notes "
    "created_at last_interaction_at closed_at marketing_consent"
).split()
ROWS = [
    ["C1", "Aisha", "Khan", "aisha@example.com", "+447400123456", "12 Acacia Avenue", "LS6 2AB",
     "", "Called about delivery.", "2026-01-05T10:00:00+00:00", "2026-10-01T10:00:00+00:00",
     "", "yes"],
    ["C2", "Tom", "Jones", " Tom.Jones@Example.COM ", "07400 123457", "1 High Street", "M1 1AE",
     "1980-02-29", "Paid by Visa 4111 1111 1111 1111, CVV 123.", "2010-01-05T10:00:00+00:00",
     "2012-01-01T10:00:00+00:00", "2013-06-30T10:00:00+00:00", "implied"],
    ["C3", "Mei", "Chen", "mei@example", "07700 900123", "2 Mill Road", "B1 1BB", "", "",
     "last Tuesday", "", "", "no"],
]  # fmt: skip


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


EXPORT = csv_text(ROWS)


def run(*arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "custrecords", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def test_the_audit_reports_every_kind_of_problem_and_exits_1(export: Path) -> None:
    result = run("audit", str(export), "--today", "2026-11-23")
    assert result.returncode == 1
    report = result.stdout
    assert report.startswith("records read            3\n")
    for expected in (
        "C2 (line 3): unnormalised_email in email: write it T***@example.com",
        "C2 (line 3): must_not_keep in notes: user.financial.credit_card at 13-32",
        "C2 (line 3): must_not_keep in notes: user.financial.credit_card.security_code",
        "C2 (line 3): irrelevant in date_of_birth",
        "C2 (line 3): retention_due in record: contract-records: anonymise since 2019-06-30",
        "C2 (line 3): marketing_without_consent in marketing_consent",
        "C2 (line 3): stale in email: not confirmed since 2012-01-01",
        "C3 (line 4): unreadable_date in created_at: is not a date custrecords reads; "
        "retention and staleness were not checked for this record",
        "C3 (line 4): invalid_email in email",
        "C3 (line 4): invalid_phone in phone",
    ):
        assert expected in report
    assert "4111" not in report  # what must not be kept is never shown
    assert "C1 (line 2)" not in report  # nothing wrong with C1


def test_an_export_with_nothing_to_fix_exits_0(tmp_path: Path) -> None:
    clean = tmp_path / "clean.csv"
    clean.write_text(csv_text(ROWS[:1]), encoding="utf-8")
    result = run("audit", str(clean), "--today", "2026-11-23")
    assert (result.returncode, result.stderr) == (0, "")


def test_json_output_is_one_object_per_record_with_a_summary(export: Path) -> None:
    result = run("audit", str(export), "--today", "2026-11-23", "--format", "json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[-1]["summary"]["records"] == 3
    assert lines[-1]["summary"]["must_fix"] == 2
    first = lines[0]
    assert set(first) == {"id", "line", "malformed", "problems"}
    assert set(first["problems"][0]) == {"kind", "column", "detail", "must_fix"}


def test_html_output_is_one_self_contained_page(export: Path) -> None:
    result = run("audit", str(export), "--today", "2026-11-23", "--format", "html")
    assert result.stdout.startswith("<!doctype html>")
    assert "<script>" in result.stdout
    # Nothing fetched from elsewhere: no address, and links only within the page.
    assert "http:" not in result.stdout
    assert "https:" not in result.stdout
    assert "url(" not in result.stdout
    assert "@import" not in result.stdout
    assert re.findall(r"\b(?:src|href|action)\s*=\s*['\"]?(.)", result.stdout) == ["#"] * len(
        re.findall(r"\b(?:src|href|action)\s*=", result.stdout)
    )


def test_jsonl_from_standard_input(export: Path) -> None:
    rows = [
        {"id": "J1", "email": "bad@", "created_at": "2026-01-01T00:00:00+00:00"},
        {"id": "J2", "notes": "password is hunter22", "created_at": "2026-01-01T00:00:00+00:00"},
    ]
    text = "\n".join(json.dumps(row) for row in rows) + "\nnot json\n"
    result = run("audit", "-", "--today", "2026-11-23", stdin=text)
    assert result.returncode == 1
    # Each row is reported at its own line of the file.
    assert "J1 (line 1): invalid_email" in result.stdout
    assert "J2 (line 2): must_not_keep in notes: user.authorization.password" in result.stdout
    assert "line 3: malformed row: not a JSON object" in result.stdout


def test_a_map_reads_other_column_names(tmp_path: Path) -> None:
    export = tmp_path / "crm.csv"
    export.write_text("CustomerRef,EmailAddress\nX1,not-an-email\n", encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text('id = "CustomerRef"\nemail = "EmailAddress"\n', encoding="utf-8")
    result = run("audit", str(export), "--map", str(mapping), "--today", "2026-11-23")
    assert "X1 (line 2): invalid_email" in result.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["audit", "missing.csv"], "missing.csv: cannot be read"),
        (["audit", "export.csv", "--demo"], "audit takes an export's PATH, or --demo"),
        (["audit", "--format", "pdf", "--demo"], "invalid choice: 'pdf'"),
        (["audit"], "audit takes an export's PATH, or --demo"),
    ],
)
def test_unusable_input_exits_2_with_a_message_and_no_traceback(
    arguments: list[str], message: str
) -> None:
    result = run(*arguments)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_map_naming_an_unknown_column_exits_2(export: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text('shoe_size = "Shoe"\n', encoding="utf-8")
    result = run("audit", str(export), "--map", str(mapping))
    assert result.returncode == 2
    assert "unknown role 'shoe_size'" in result.stderr


def test_the_demo_runs_on_a_fresh_install() -> None:
    result = run("audit", "--demo", "--today", "2026-11-23")
    assert result.returncode == 1
    assert result.stdout.startswith("records read            300\n")


def test_the_crm_demo_is_read_by_its_own_headers() -> None:
    result = run("audit", "--demo", "crm", "--today", "2026-11-30", "--format", "json")
    assert result.returncode == 1
    summary = json.loads(result.stdout.splitlines()[-1])["summary"]
    assert summary["read_as"] == "delimited by comma, in utf-8-sig"
    assert summary["columns"]["notes"] == ["Description"]
    assert summary["columns"]["marketing_opt_out"] == ["Email Opt Out"]
    for kind in ("must_not_keep", "retention_due", "invalid_email", "unreadable_date"):
        assert summary["by_kind"][kind] > 0
    assert "@example.com" not in result.stdout.replace("***@example.com", "")


def test_deadline_and_guidelines_commands(tmp_path: Path) -> None:
    assert run("deadline", "2019-11-25").stdout == "2019-12-27\n"
    assert run("deadline", "2026-10-30", "--nation", "SCT").stdout == "2026-12-01\n"
    assert run("deadline", "2024-09-03", "--extended").stdout == "2024-12-03\n"
    shown = run("guidelines", "--show")
    assert "[[retention]]" in shown.stdout
    good = tmp_path / "good.toml"
    good.write_text(shown.stdout, encoding="utf-8")
    assert run("guidelines", "--check", str(good)).returncode == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('[about]\nname = "x"\n', encoding="utf-8")
    checked = run("guidelines", "--check", str(bad))
    assert checked.returncode == 2
    assert "purposes: must declare at least one purpose" in checked.stderr
