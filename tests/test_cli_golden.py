"""The command's reports on the demo exports and the test exports, byte for byte.

The reports were captured before the audit moved from the command line into
`custrecords.export_audit`, so a change here is a change to what users read, made on
purpose. After such a change, write the files again and read the diff:

    PYTHONPATH=src .venv/bin/python tests/test_cli_golden.py
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

import pytest

import custrecords
from custrecords import export_audit
from custrecords.cli import main

VERSION = re.compile(
    rf"(custrecords +|\"custrecords\": \"|custrecords</dt><dd>version |Made by custrecords )"
    rf"{re.escape(custrecords.__version__)}"
)
GOLDEN = Path(__file__).parent / "data" / "cli_golden"
TODAY = "2026-11-30"

# The exports the command's own tests use, and rows for the kinds they leave out.
sys.path.insert(0, str(Path(__file__).parent))
from test_cli import EXPORT  # noqa: E402
from test_cli_exports import EXPORT_SHAPES, SALESFORCE_BOM_CRLF, WINDOWS_1252  # noqa: E402

EXTRA = (
    b"id,Email,Phone,Notes,Marketing Consent,Email Opt Out,Created Date,Last Activity,"
    b"Closed Date,DOB\r\n"
    b"C1,a@example.com,07400 123456,sort code 20-00-00 acc 12345678,yes,true,01/01/2010,"
    b"01/01/2011,01/01/2012,01/02/1970\r\n"
    b"C2,b@example.com,,diagnosed with diabetes,implied,,01/01/2030,,,\r\n"
    b"C3,c@example.com,,,,,01/01/2010,31/12/9999,,\r\n"
    b"C4,d@example.com,,call 020 7946 0123,,false,01/01/0001,,,\r\n"
    b"c5@example.com,,,,no,,02/03/2020,04/05/2021,,\r\n"
)
JSONL = (
    b'{"id":"c1","notes":"card 4111111111111111"\n'
    b'{"id":"c2","properties":{"email":"X@Example.com","notes":"pw: hunter22"}}\n'
    b"\n"
    b'{"id":"c3","email":"c3@example","created_at":"2012-03-04"}\n'
)

FILES: dict[str, tuple[str, bytes]] = {
    "records": ("export.csv", EXPORT.encode()),
    "salesforce": ("export.csv", SALESFORCE_BOM_CRLF),
    "windows1252": ("export.csv", WINDOWS_1252),
    "extra": ("export.csv", EXTRA),
    "jsonl": ("export.jsonl", JSONL),
    **{
        shape: ("export.csv", f"{header}\r\n{row}\r\n".encode())
        for shape, (header, row, _) in EXPORT_SHAPES.items()
    },
}
CASES: dict[str, tuple[str, ...]] = {
    "demo-records.txt": ("--demo",),
    "demo-records.json": ("--demo", "--format", "json"),
    "demo-records.html": ("--demo", "--format", "html"),
    "demo-records-values.txt": ("--demo", "--show-values"),
    "demo-crm.txt": ("--demo", "crm"),
    "demo-crm.json": ("--demo", "crm", "--format", "json"),
    "demo-crm.html": ("--demo", "crm", "--format", "html"),
    "demo-crm-us.txt": ("--demo", "crm", "--dates", "us"),
    **{f"{name}.txt": ("{file}",) for name in FILES},
    **{f"{name}.json": ("{file}", "--format", "json") for name in FILES},
    "records-values.txt": ("{file}", "--show-values"),
    "extra-values.txt": ("{file}", "--show-values"),
}


def report(case: str, folder: Path, *more: str) -> str:
    """The case's report, the status last, the folder written as ``<tmp>``."""
    arguments = [*CASES[case], *more]
    if "{file}" in arguments:
        name, data = FILES[case.split(".", maxsplit=1)[0].removesuffix("-values")]
        path = folder / name
        path.write_bytes(data)
        arguments[arguments.index("{file}")] = str(path)
    out, err = io.StringIO(), io.StringIO()
    status = main(["audit", *arguments, "--today", TODAY], stdout=out, stderr=err)
    # The reports name custrecords' version, which is not what these files pin down.
    shown = VERSION.sub(r"\1<version>", out.getvalue().replace(str(folder), "<tmp>"))
    return f"{shown}{err.getvalue()}status {status}\n"


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_report_is_what_it_was(case: str, tmp_path: Path) -> None:
    expected = (GOLDEN / case).read_text(encoding="utf-8")
    assert report(case, tmp_path) == expected


POOLED = sorted(case for case in CASES if case.startswith(("demo-", "jsonl.", "extra.")))


@pytest.mark.parametrize("case", POOLED)
def test_the_report_is_the_same_from_one_process_or_a_pool(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks of two rows, so that the demos' few hundred go through the pool in many.
    monkeypatch.setattr(export_audit, "_CHUNK", 2)
    expected = (GOLDEN / case).read_text(encoding="utf-8")
    assert expected == report(case, tmp_path, "--jobs", "1")
    assert expected == report(case, tmp_path, "--jobs", "2")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            (GOLDEN / case).write_text(report(case, Path(folder)), encoding="utf-8")
