"""How fast `custrecords audit` reads an export, and in what memory.

Run: python benchmarks/audit.py [--rows 100000]

For each of two shapes of export (the bundled demo under custrecords' own column names,
and the Salesforce-shaped one, with a byte-order mark, CRLF, UK dates and headers to
infer) it writes a generated export of ``--rows`` rows (the demo's customers repeated
under new ids, so every kind of problem is in it), audits it as the command line does
with the JSON report going nowhere, and reports rows/s, the ratio to the time the
standard library's csv.DictReader takes only to read the same file (the anchor, timed
in the same run), and the process's peak resident memory before and after: the audit
streams, so memory stays flat.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import tempfile
import time
from importlib import resources
from pathlib import Path

from custrecords.cli import main

SHAPES = {
    # custrecords' own column names, UTF-8, LF: the export a map was written for.
    "records": ("demo_customers.csv", "id", "utf-8", "\n"),
    # A Salesforce report as Excel saves it: BOM, CRLF, UK dates, headers to infer.
    "crm": ("demo_crm_export.csv", "Contact ID", "utf-8-sig", "\r\n"),
}


def write_export(path: Path, rows: int, shape: str) -> None:
    name, id_column, encoding, line_end = SHAPES[shape]
    demo = resources.files("custrecords").joinpath(name).read_text(encoding="utf-8-sig")
    template = list(csv.DictReader(io.StringIO(demo)))
    with path.open("w", encoding=encoding, newline="") as export:
        writer = csv.DictWriter(export, fieldnames=list(template[0]), lineterminator=line_end)
        writer.writeheader()
        for number in range(rows):
            row = dict(template[number % len(template)])
            row[id_column] = f"C{number:07d}"
            writer.writerow(row)


def peak_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_only(path: Path, encoding: str) -> float:
    """The anchor: the seconds the standard library takes just to read the rows."""
    started = time.perf_counter()
    with path.open(encoding=encoding, newline="") as export:
        for _ in csv.DictReader(export):
            pass
    return time.perf_counter() - started


def main_benchmark() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    arguments = parser.parse_args()
    for shape in SHAPES:
        with tempfile.TemporaryDirectory() as folder:
            export = Path(folder) / "export.csv"
            write_export(export, arguments.rows, shape)
            size = export.stat().st_size
            before = peak_megabytes()
            anchor = read_only(export, SHAPES[shape][2])
            with open(os.devnull, "w", encoding="utf-8") as nowhere:
                started = time.perf_counter()
                status = main(
                    ["audit", str(export), "--today", "2026-11-23", "--format", "json"],
                    stdout=nowhere,
                    stderr=nowhere,
                )
                taken = time.perf_counter() - started
        print(
            f"audit ({shape}): {arguments.rows:,} rows ({size / 1e6:.1f} MB) in {taken:.1f} s: "
            f"{arguments.rows / taken:,.0f} rows/s (exit status {status}); "
            f"{taken / anchor:.0f}x the time csv.DictReader takes to read them"
        )
        print(
            f"  peak resident memory: {before:.0f} MB before the audit, "
            f"{peak_megabytes():.0f} MB after"
        )


if __name__ == "__main__":
    main_benchmark()
