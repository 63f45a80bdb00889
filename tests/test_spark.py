"""custrecords.spark on a real local Spark session: the command line's problems, on Spark.

Every test here runs on one ``local[2]`` session (the ``spark`` fixture); each audit is
compared with ``custrecords audit`` on the same rows, which is `audit_rows` as one
process runs it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyspark.sql import DataFrame, Row, SparkSession
from pyspark.sql import functions as F  # noqa: N812
from pyspark.sql.types import StringType, StructField, StructType

from custrecords import Guidelines, InvalidGuidelines, InvalidValue
from custrecords.cli import main
from custrecords.exports import infer_columns
from custrecords.spark import PROBLEMS_SCHEMA, audit_dataframe, summarise

TODAY = dt.date(2026, 11, 30)
Problem = tuple[str | None, str, str, str, bool]


def demo_rows() -> list[dict[str, str]]:
    """The bundled Salesforce-shaped export's rows, as csv.DictReader reads them."""
    text = resources.files("custrecords").joinpath("demo_crm_export.csv").read_text("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def cli(*arguments: str) -> tuple[Counter[Problem], dict[str, object]]:
    """``custrecords audit ... --format json``: its problems by record id, and its summary."""
    out = io.StringIO()
    status = main(
        ["audit", *arguments, "--today", TODAY.isoformat(), "--format", "json"],
        stdout=out,
        stderr=io.StringIO(),
    )
    assert status in (0, 1)
    found: Counter[Problem] = Counter()
    summary: dict[str, object] = {}
    for line in out.getvalue().splitlines():
        record = json.loads(line)
        if "summary" in record:
            summary = record["summary"]
            continue
        # The command line names a record with no id by its line; Spark leaves it null.
        record_id = None if record["id"] == f"line {record['line']}" else record["id"]
        for p in record["problems"]:
            found[(record_id, p["kind"], p["column"], p["detail"], p["must_fix"])] += 1
    return found, summary


def on_spark(rows: list[Row]) -> Counter[Problem]:
    return Counter((r.record_id, r.code, r.column, r.message, r.must_fix) for r in rows)


@pytest.fixture(scope="module")
def demo(spark: SparkSession) -> DataFrame:
    rows = demo_rows()
    schema = StructType([StructField(name, StringType()) for name in rows[0]])
    return spark.createDataFrame([tuple(row.values()) for row in rows], schema=schema)


@pytest.fixture(scope="module")
def demo_problems(demo: DataFrame) -> list[Row]:
    return audit_dataframe(demo, today=TODAY).collect()


def test_the_demo_export_has_the_problems_the_command_line_finds(
    demo_problems: list[Row],
) -> None:
    expected, _ = cli("--demo", "crm")
    assert sum(expected.values()) > 900  # the demo plants hundreds of problems
    assert on_spark(demo_problems) == expected


def test_each_problem_names_its_rule_and_source_and_never_a_value(
    demo_problems: list[Row],
) -> None:
    rows = demo_rows()
    by_id = {row["Contact ID"]: row for row in rows}
    pin = next(
        p for p in demo_problems if p.record_id == "0034L0000000YAx" and p.code == "must_not_keep"
    )
    # Written by hand from the demo's first row: "Her PIN is 1518." in its Description.
    assert (pin.column, pin.rule, pin.category) == (
        "Description",
        "fields.card_pin.keep",
        "user.financial.credit_card.pin",
    )
    assert by_id["0034L0000000YAx"]["Description"][pin.start : pin.end] == "1518"
    assert pin.source.startswith("PCI DSS")
    assert all(p.rule and p.source for p in demo_problems)
    # No cell that could identify or harm a customer is anywhere in the problems.
    cells = {
        cell
        for row in rows
        for column, cell in row.items()
        if column != "Contact ID" and len(cell) >= 6
    }
    shown = {text for p in demo_problems for text in (p.column, p.message, p.rule, p.source)}
    assert not {cell for cell in cells for text in shown if cell in text}


def test_summarise_counts_records_by_kind_as_the_command_line_does(demo: DataFrame) -> None:
    _, summary = cli("--demo", "crm")
    counts = summarise(audit_dataframe(demo, today=TODAY)).collect()
    assert [row.code for row in counts] == sorted(row.code for row in counts)
    assert {row.code: row.records for row in counts} == summary["by_kind"]
    assert {row.code: row.records_to_fix for row in counts}["stale"] == 0  # advice only
    assert {row.code: row.problems for row in counts}["must_not_keep"] > summary["by_kind"][
        "must_not_keep"
    ]  # a note may hold several


def test_a_row_is_numbered_as_monotonically_increasing_id_numbers_it(
    demo: DataFrame, demo_problems: list[Row]
) -> None:
    """A row with no id, or whose id holds data, is found by its number."""
    numbered = demo.withColumn("number", F.monotonically_increasing_id())
    ids = {row.number: row["Contact ID"] for row in numbered.collect()}
    assert all(ids[p.row] == p.record_id for p in demo_problems if p.record_id is not None)


def typed_table() -> pa.Table:
    """A lakehouse table, typed as Spark writes one: numbers, dates, times, structs, lists."""
    utc = dt.UTC
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
                    dt.datetime(2026, 10, 18, 9, 0, tzinfo=utc),
                    dt.datetime(2013, 6, 30, 23, 30, tzinfo=utc),
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


def test_a_typed_parquet_table_on_spark_and_on_the_command_line(
    spark: SparkSession, tmp_path: Path
) -> None:
    path = tmp_path / "customers.parquet"
    pq.write_table(typed_table(), path, row_group_size=2)
    given = {"id": ["customer_id"]}
    (tmp_path / "map.toml").write_text('id = ["customer_id"]\n', encoding="utf-8")
    expected, _ = cli(str(path), "--map", str(tmp_path / "map.toml"))
    found = on_spark(
        audit_dataframe(spark.read.parquet(str(path)), columns=given, today=TODAY).collect()
    )
    assert found == expected
    kinds = {(record_id, code, column) for record_id, code, column, _, _ in found}
    # Written by hand from the rows above.
    assert {
        ("101", "unnormalised_phone", "Mobile Phone"),  # 7400123456.0 is 07400 123456
        ("101", "must_not_keep", "billing.memo"),  # a security code, in a struct's field
        ("102", "invalid_email", "Email"),
        ("102", "must_not_keep", "Notes"),  # a card number
        ("102", "retention_due", "record"),  # dormant since its last activity, in 2013
        ("103", "invalid_email", "billing.email"),
        ("103", "must_not_keep", "tags"),  # a password, in a list
        (None, "unnormalised_email", "Email"),  # row 4 has no id
        (None, "implausible_date", "Created Date"),  # created in 2030
    } <= kinds
    assert ("101", "retention_due", "record") not in kinds  # active, contacted in 2026


def test_guidelines_travel_as_their_toml_text(
    demo: DataFrame, spark: SparkSession, tmp_path: Path
) -> None:
    default = resources.files("custrecords").joinpath("uk_default.toml").read_text("utf-8")
    # An organisation that checks its customers' age keeps the date of birth.
    ours = default.replace(
        'purposes = []\nsource = "UK GDPR Article 5(1)(c): data minimisation"',
        'purposes = ["essential.service"]\nsource = "Age checks: Licensing Act 2003 s.146"',
    )
    assert ours != default
    (tmp_path / "ours.toml").write_text(ours, encoding="utf-8")
    expected, _ = cli("--demo", "crm", "--guidelines", str(tmp_path / "ours.toml"))
    found = on_spark(audit_dataframe(demo, guidelines=ours, today=TODAY).collect())
    assert found == expected
    assert not [p for p in found if p[1] == "irrelevant" and p[2] == "Birthdate"]
    assert [p for p in cli("--demo", "crm")[0] if p[1] == "irrelevant" and p[2] == "Birthdate"]
    # A path is read on the driver, and its text is what travels.
    plan = audit_dataframe(demo, guidelines=tmp_path / "ours.toml", today=TODAY)
    assert plan.schema == PROBLEMS_SCHEMA


def test_column_names_spark_makes_awkward(spark: SparkSession) -> None:
    """Dots, repeats, and names given as a --map gives them."""
    df = spark.createDataFrame(
        [("C1", "07400 123456", "not a phone", "x@example", "Paid by 4111111111111111")],
        schema="a string, b string, c string, d string, e string",
    ).toDF("Ref", "Phone", "Phone", "e.mail", "Memo")
    problems = audit_dataframe(df, columns={"email": ["e.mail"]}, today=TODAY).collect()
    found = {(p.record_id, p.code, p.column) for p in problems}
    assert found == {
        ("C1", "unnormalised_phone", "Phone"),
        ("C1", "invalid_phone", "Phone (2)"),
        ("C1", "invalid_email", "e.mail"),
        ("C1", "must_not_keep", "Memo"),
    }
    # A ColumnMap is used as it is: here, one that checks no e-mail column.
    columns = infer_columns(
        ["Ref", "Phone", "Phone (2)", "e.mail", "Memo"], [], given={"email": []}
    )
    again = audit_dataframe(df, columns=columns, today=TODAY).collect()
    assert {(p.code, p.column) for p in again} == {
        ("unnormalised_phone", "Phone"),
        ("invalid_phone", "Phone (2)"),
        ("must_not_keep", "Memo"),
    }


@pytest.mark.parametrize(
    ("arguments", "code", "field"),
    [
        ({"df": [{"Email": "a@example.com"}]}, "wrong_type", "df"),
        ({"today": "2026-11-30"}, "wrong_type", "today"),
        ({"today": dt.datetime(2026, 11, 30, tzinfo=dt.UTC)}, "wrong_type", "today"),
        ({"dates": "uk"}, "wrong_type", "dates"),
        ({"guidelines": Guidelines.uk_default()}, "wrong_type", "guidelines"),
        ({"columns": ["Email"]}, "wrong_type", "columns"),
        ({"columns": {"email": ["Correo"]}}, "unknown_column", "email"),
        ({"columns": {"colour": ["Email"]}}, "unknown_role", "colour"),
    ],
)
def test_what_cannot_be_audited_is_refused_before_any_job(
    spark: SparkSession, arguments: dict[str, object], code: str, field: str
) -> None:
    df = spark.createDataFrame([("C1", "a@example.com")], schema="id string, Email string")
    given: dict[str, object] = {"df": df, "today": TODAY} | arguments
    with pytest.raises(InvalidValue) as raised:
        audit_dataframe(given.pop("df"), **given)  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == (code, field)


def test_column_names_and_guidelines_that_cannot_be_used(spark: SparkSession) -> None:
    # A DataFrame read from a headerless CSV with header=True names columns by a record.
    df = spark.createDataFrame([("C2",)], schema="`ann.lee@example.com` string")
    with pytest.raises(InvalidValue) as raised:
        audit_dataframe(df, today=TODAY)
    assert raised.value.code == "header_holds_data"
    assert "ann.lee" not in str(raised.value)
    with pytest.raises(InvalidGuidelines):
        audit_dataframe(df, guidelines="[about]\nname = 3\n", today=TODAY)
    with pytest.raises(InvalidValue) as raised:
        summarise(df)
    assert (raised.value.code, raised.value.field) == ("wrong_type", "problems")


def test_the_guides_examples_run_as_written(tmp_path: Path) -> None:
    """docs/spark.md's examples run with the Python custrecords is installed in, not
    activated: its executors are told which Python to run, in the guide, not by a
    conftest (an unactivated venv's ``python3`` on the PATH lacks custrecords)."""
    elsewhere = tmp_path / "bin"
    elsewhere.mkdir()
    for name in ("python", "python3"):
        (elsewhere / name).write_text("#!/bin/sh\necho 'No module named custrecords' >&2\nexit 1\n")
        (elsewhere / name).chmod(0o755)
    root = Path(__file__).parent.parent
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYSPARK")}
    env["PATH"] = f"{elsewhere}{os.pathsep}{env.get('PATH', '')}"
    pytest_args = ["-q", "--noconftest", "-p", "no:cacheprovider", "--doctest-glob=*.md"]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args, str(root / "docs" / "spark.md")],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:]
