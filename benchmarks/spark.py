"""Rows a second a core through `custrecords.spark.audit_dataframe`, beside the command line.

Run: python benchmarks/spark.py [--rows 1000000] [--cores 2]

The table: ``--rows`` customers in the Salesforce-shaped demo export's columns, written
here as one Parquet file (row groups of 50,000 rows, deleted afterwards): the demo's
customers repeated, each with its own id, e-mail address and mobile number, so that
nothing is judged from a cache.

In one run, on the same file:

- the anchor, ``custrecords audit FILE.parquet --format json --jobs N`` with its report
  going nowhere: the command line on one machine, one process a core;
- `audit_dataframe` on a local Spark session (``local[N]``), the file read by
  ``spark.read.parquet`` and the problems written as a Parquet table, as a team would
  write them (then counted by `summarise` from that table, untimed);
- both as rows a second a core, and Spark's as a ratio to the command line's.

The two must find the same problems: the counts by kind are compared, and a difference
stops the benchmark. Spark's rate counts its session's start, once (as a cluster job
does not); the rate without it is printed too. It needs the ``spark`` and ``parquet``
extras and a Java runtime.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
import time
from datetime import date
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from custrecords.cli import main

TODAY = "2026-11-30"
_GROUP = 50_000


def write_table(path: Path, rows: int) -> None:
    """The demo export's customers, repeated under their own ids, e-mails and mobiles."""
    demo = resources.files("custrecords").joinpath("demo_crm_export.csv")
    template = list(csv.DictReader(io.StringIO(demo.read_text(encoding="utf-8-sig"))))
    names = list(template[0])
    schema = pa.schema([(name, pa.string()) for name in names])
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, rows, _GROUP):
            columns: dict[str, list[str]] = {name: [] for name in names}
            for number in range(start, min(rows, start + _GROUP)):
                row = dict(template[number % len(template)])
                row["Contact ID"] = f"C{number:09d}"
                local, _, domain = row["Email"].partition("@")
                if domain:
                    row["Email"] = f"{local}.{number}@{domain}"
                if row["Mobile Phone"]:
                    row["Mobile Phone"] = f"07400 {100_000 + number % 900_000}"
                for name in names:
                    columns[name].append(row[name])
            writer.write_table(pa.table(columns, schema=schema))


def command_line(path: Path, jobs: int) -> tuple[float, dict[str, int]]:
    """Seconds for ``custrecords audit``, and its records by kind."""
    report = io.StringIO()
    started = time.perf_counter()
    status = main(
        ["audit", str(path), "--today", TODAY, "--format", "json", "--jobs", str(jobs)],
        stdout=report,
        stderr=io.StringIO(),
    )
    seconds = time.perf_counter() - started
    if status not in (0, 1):
        sys.exit(f"custrecords audit stopped with status {status}")
    summary = json.loads(report.getvalue().rsplit("\n", 2)[-2])["summary"]
    return seconds, summary["by_kind"]


def on_spark(path: Path, cores: int) -> tuple[float, float, dict[str, int]]:
    """Seconds for `audit_dataframe` with and without the session's start; records by kind."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    started = time.perf_counter()
    from pyspark.sql import SparkSession  # noqa: PLC0415 - its import is part of the start

    from custrecords.spark import audit_dataframe, summarise  # noqa: PLC0415

    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(cores))
        # Partitions of a few row groups each, several a core, so every core has work.
        .config("spark.sql.files.maxPartitionBytes", str(8 << 20))
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    ready = time.perf_counter()
    problems = audit_dataframe(spark.read.parquet(str(path)), today=date.fromisoformat(TODAY))
    written = path.with_name("problems")
    problems.write.parquet(str(written))
    done = time.perf_counter()
    by_kind = {
        row.code: row.records for row in summarise(spark.read.parquet(str(written))).collect()
    }
    spark.stop()
    return done - started, done - ready, by_kind


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cores", type=int, default=2)
    arguments = parser.parse_args()
    rows, cores = arguments.rows, arguments.cores
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "customers.parquet"
        started = time.perf_counter()
        write_table(path, rows)
        print(
            f"{rows:,} rows written to Parquet ({path.stat().st_size / 1e6:.0f} MB) "
            f"in {time.perf_counter() - started:.0f} s; {cores} cores"
        )
        cli_seconds, cli_kinds = command_line(path, cores)
        total, auditing, spark_kinds = on_spark(path, cores)
    if cli_kinds != spark_kinds:
        sys.exit(f"Spark and the command line disagree:\n{cli_kinds}\n{spark_kinds}")
    anchor = rows / cli_seconds / cores
    print(f"\n{'':<44}{'seconds':>9}{'rows/s/core':>13}{'ratio':>8}")
    label = f"custrecords audit --jobs {cores} (anchor)"
    print(f"{label:<44}{cli_seconds:9.1f}{anchor:13,.0f}{1:8.2f}")
    for label, seconds in (
        (f"audit_dataframe, local[{cores}], with its start", total),
        (f"audit_dataframe, local[{cores}], auditing only", auditing),
    ):
        rate = rows / seconds / cores
        print(f"{label:<44}{seconds:9.1f}{rate:13,.0f}{rate / anchor:8.2f}")
    print(
        "\nthe same problems by kind on both:",
        ", ".join(f"{k} {v:,}" for k, v in cli_kinds.items()),
    )


if __name__ == "__main__":
    main_()
