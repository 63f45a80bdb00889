"""``custrecords audit export.parquet``: a lakehouse table's file, read by row groups.

A Parquet file of an export's rows gives the report the CSV of the same rows gives;
a typed one (numbers, dates, times, structs, lists, as Spark writes them) is read as
`custrecords.spark` reads the same table.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from custrecords.cli import main
from custrecords.cli.reading import Unusable, open_export

TODAY = "2026-11-30"


def demo_rows() -> list[dict[str, str]]:
    """The bundled Salesforce-shaped export's rows, as csv.DictReader reads them."""
    text = resources.files("custrecords").joinpath("demo_crm_export.csv").read_text("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def typed_table() -> pa.Table:
    """A lakehouse table, typed as Spark writes one: numbers, dates, times, structs, lists."""
    return pa.table(
        {
            "customer_id": pa.array([101, 102, 103, None], pa.int64()),
            "Email": ["priya@example.com", "tom@example", None, "Ann.Lee@Example.com"],
            "Mobile Phone": pa.array([7400123456.0, None, 7700900123.0, 1.5], pa.float64()),
            "Created Date": pa.array(
                [dt.date(2019, 3, 4), dt.date(2012, 5, 12), None, dt.date(2030, 1, 1)],
                pa.date32(),
            ),
            # 23:30 UTC on 30 June is 1 July in the UK (BST): the day counted is the UK's.
            "Last Activity": pa.array(
                [
                    dt.datetime(2026, 10, 18, 9, 0, tzinfo=dt.UTC),
                    dt.datetime(2013, 6, 30, 23, 30, tzinfo=dt.UTC),
                    None,
                    None,
                ],
                pa.timestamp("us", tz="UTC"),
            ),
            "Email Opt Out": pa.array([False, True, None, False], pa.bool_()),
            "Notes": [
                "Called about the bill.",
                "Paid by Visa 4111 1111 1111 1111",
                None,
                "NI number QQ 12 34 56 C",
            ],
            "billing": pa.array(
                [
                    {"email": "accounts@example.com", "memo": "CVV 123"},
                    None,
                    {"email": "nobody@", "memo": None},
                    {"email": None, "memo": None},
                ],
                pa.struct([("email", pa.string()), ("memo", pa.string())]),
            ),
            "tags": pa.array([["vip"], None, ["pw: hunter22"], []], pa.list_(pa.string())),
        }
    )


def audit(*arguments: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(
        ["audit", *arguments, "--today", TODAY],
        stdout=out,
        stderr=err,
        stdin=io.BytesIO(stdin),
    )
    return status, out.getvalue(), err.getvalue()


def report(*arguments: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The JSON report's records, without the lines they start on, and its summary."""
    status, out, err = audit(*arguments, "--format", "json")
    assert (status, err) == (1, "")
    records = [json.loads(line) for line in out.splitlines()]
    summary = records.pop()["summary"]
    return records, summary


def test_a_parquet_file_reports_what_the_csv_of_its_rows_reports(tmp_path: Path) -> None:
    rows = demo_rows()
    path = tmp_path / "export.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=64)
    from_parquet, parquet_summary = report(str(path))
    from_csv, csv_summary = report("--demo", "crm")
    assert parquet_summary.pop("read_as") == "Parquet; 200 rows in 4 row groups"
    assert csv_summary.pop("read_as") == "delimited by comma, in utf-8-sig"
    assert (parquet_summary.pop("file"), csv_summary.pop("file")) == (
        str(path),
        "demo_crm_export.csv",
    )
    assert parquet_summary == csv_summary
    # A Parquet row is at the line it would have in a CSV of one line a row (the demo's
    # CSV has notes over several lines).
    position = {row["Contact ID"]: number for number, row in enumerate(rows)}
    assert [record.pop("line") for record in from_parquet] == [
        position[str(record["id"])] + 2 for record in from_parquet
    ]
    for record in from_csv:
        record.pop("line")
    assert from_parquet == from_csv


def test_rows_are_numbered_as_in_a_csv_of_the_table_and_empty_rows_skipped(
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.parquet"
    table = pa.table(
        {
            "id": ["C1", None, "C3"],
            "Email": ["ann@example", None, "bo@example"],
        }
    )
    pq.write_table(table, path, row_group_size=1)
    records, summary = report(str(path))
    assert [(record["id"], record["line"]) for record in records] == [("C1", 2), ("C3", 4)]
    assert summary["records"] == 2
    assert summary["read_as"] == "Parquet; 3 rows in 3 row groups"


def test_a_typed_table_is_read_as_its_values_say(tmp_path: Path) -> None:
    path = tmp_path / "customers.parquet"
    pq.write_table(typed_table(), path)
    (tmp_path / "map.toml").write_text('id = ["customer_id"]\n', encoding="utf-8")
    records, summary = report(str(path), "--map", str(tmp_path / "map.toml"))
    found = {
        (record["id"], problem["kind"], problem["column"])
        for record in records
        for problem in record["problems"]
    }
    # Written by hand from the rows: each of a struct's fields is a column, a list's
    # items one cell, a whole float its digits, a timestamp its UK day.
    assert {
        ("101", "unnormalised_phone", "Mobile Phone"),
        ("101", "must_not_keep", "billing.memo"),
        ("102", "invalid_email", "Email"),
        ("102", "must_not_keep", "Notes"),
        ("102", "retention_due", "record"),
        ("103", "invalid_email", "billing.email"),
        ("103", "must_not_keep", "tags"),
        ("line 5", "unnormalised_email", "Email"),
        ("line 5", "implausible_date", "Created Date"),
    } <= found
    assert ("101", "retention_due", "record") not in found
    assert summary["columns"]["email"] == ["Email", "billing.email"]
    assert summary["columns"]["last_interaction_at"] == ["Last Activity"]
    stale = next(
        problem
        for record in records
        if record["id"] == "102"
        for problem in record["problems"]
        if problem["kind"] == "stale"
    )
    assert "since 2013-07-01" in stale["detail"]  # 23:30 UTC, 30 June: 1 July in the UK


def test_standard_input_may_be_parquet(tmp_path: Path) -> None:
    sink = io.BytesIO()
    pq.write_table(pa.table({"id": ["C1"], "Notes": ["CVV 123"]}), sink)
    status, out, err = audit("-", stdin=sink.getvalue())
    assert (status, err) == (1, "")
    assert "C1 (line 2): must_not_keep in Notes" in out


def parquet_bytes(table: pa.Table, **options: object) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, **options)
    return sink.getvalue()


def test_a_damaged_file_read_past_its_sample_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """Rows are read by row groups as the audit goes: a damaged one is found there."""
    rows = [{"id": f"C{n}", "Notes": f"note {n} " * 20} for n in range(3000)]
    data = bytearray(
        parquet_bytes(pa.Table.from_pylist(rows), row_group_size=1000, compression="none")
    )
    metadata = pq.ParquetFile(io.BytesIO(bytes(data))).metadata
    last = metadata.row_group(2).column(1)
    start = last.data_page_offset
    data[start : start + 64] = b"\xff" * 64
    path = tmp_path / "export.parquet"
    path.write_bytes(bytes(data))
    with path.open("rb") as source:
        export = open_export(str(path), source)  # the sample is read; the rest is not
        assert len(export.sample) == 200
        with pytest.raises(Unusable, match="cannot be read"):
            list(export.rows)
    status, out, err = audit(str(path))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert "note" not in err


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PAR1 then nothing a Parquet file holds", "not a Parquet file that can be read"),
        (
            parquet_bytes(pa.table({"id": ["C1"]}))[:-10],
            "not a Parquet file that can be read",
        ),
        (
            parquet_bytes(pa.table({"id": ["C1"], "ann.lee@example.com": ["x"]})),
            "a column's name holds personal data",
        ),
    ],
)
def test_what_cannot_be_read_is_one_line_and_exit_2(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "export.parquet"
    path.write_bytes(data)
    status, out, err = audit(str(path))
    assert (status, out) == (2, "")
    assert message in err
    assert err.count("\n") == 1
    assert "ann.lee" not in err


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (("--encoding", "utf-8"), "a Parquet file, whose text has no --encoding"),
        (("--sheet", "Contacts"), "--sheet is for a workbook (.xlsx), and this is Parquet"),
    ],
)
def test_options_for_text_and_workbooks_are_refused(
    tmp_path: Path, option: tuple[str, str], message: str
) -> None:
    path = tmp_path / "export.parquet"
    path.write_bytes(parquet_bytes(pa.table({"id": ["C1"]})))
    status, _, err = audit(str(path), *option)
    assert status == 2
    assert message in err


def test_without_pyarrow_the_extra_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "export.parquet"
    path.write_bytes(parquet_bytes(pa.table({"id": ["C1"]})))
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    status, out, err = audit(str(path))
    assert (status, out) == (2, "")
    assert "pip install 'custrecords[parquet]'" in err
