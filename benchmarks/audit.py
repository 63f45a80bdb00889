"""How fast `custrecords audit` reads an export, and in what memory.

Run: python benchmarks/audit.py [--rows 100000]

It writes a generated export of ``--rows`` rows (the bundled demo's 300 customers,
repeated under new ids, so every kind of problem is in it), audits it as the command
line does with the JSON report going nowhere, and reports rows/s and the process's
peak resident memory before and after: the audit streams, so memory stays flat.
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


def write_export(path: Path, rows: int) -> None:
    demo = resources.files("custrecords").joinpath("demo_customers.csv").read_text(encoding="utf-8")
    template = list(csv.DictReader(io.StringIO(demo)))
    with path.open("w", encoding="utf-8", newline="") as export:
        writer = csv.DictWriter(export, fieldnames=list(template[0]))
        writer.writeheader()
        for number in range(rows):
            row = dict(template[number % len(template)])
            row["id"] = f"C{number:07d}"
            writer.writerow(row)


def peak_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main_benchmark() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.csv"
        write_export(export, arguments.rows)
        size = export.stat().st_size
        before = peak_megabytes()
        with open(os.devnull, "w", encoding="utf-8") as nowhere:
            started = time.perf_counter()
            status = main(
                ["audit", str(export), "--today", "2026-11-23", "--format", "json"],
                stdout=nowhere,
                stderr=nowhere,
            )
            taken = time.perf_counter() - started
    print(
        f"audit: {arguments.rows:,} rows ({size / 1e6:.1f} MB) in {taken:.1f} s: "
        f"{arguments.rows / taken:,.0f} rows/s (exit status {status})"
    )
    print(
        f"peak resident memory: {before:.0f} MB before the audit, {peak_megabytes():.0f} MB after"
    )


if __name__ == "__main__":
    main_benchmark()
