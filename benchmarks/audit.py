"""How fast `custrecords audit` reads an export, in what memory, beside simpler pipelines.

Run: python benchmarks/audit.py [--rows 100000] [--presidio-rows 5000]

The export: ``--rows`` customers under custrecords' own column names, every e-mail
address and phone number distinct (so nothing is parsed from a cache), and long notes
(eight sentences, a quarter of them holding something sensitive), written by the
library's own note writer. Also the Salesforce-shaped demo export (byte-order mark,
CRLF, UK dates, headers to infer), its customers repeated under new ids.

For each, in one run:

- the audit as the command line runs it, with the JSON report going nowhere: rows/s
  with ``--jobs 1`` (one process) and with ``--jobs`` one a core;
- the anchor, the standard library's csv.DictReader only reading the same file;
- a naive pipeline: the same file read with csv.DictReader and each cell searched
  with four regular expressions (e-mail, UK phone, a 16-digit card passing Luhn, a NI
  number): what a hand-written check does, validating nothing;
- with Presidio installed (pip install -r benchmarks/compare.txt), its pattern
  recognisers over every cell of the first ``--presidio-rows`` rows;
- the HTML report of the same audit with ``--jobs`` one a core: its size (it lists at
  most 1,000 records of each kind of problem, and stays under 10 MB) and its time as a
  ratio to the JSON report's, measured in the same run;
- the audit's peak resident memory at a tenth of the rows and at all of them, each in a
  fresh process, with one process and with a pool (the largest worker's peak times the
  workers, added to the command's): the audit streams, so the two stay alike.

The other pipelines run on one core.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from custrecords.cli import main
from custrecords.testing import write_note

# Presidio's recognisers, as benchmarks/scanning.py runs them beside the scanner.
sys.path.insert(0, str(Path(__file__).parent))
from scanning import presidio

TODAY = "2026-11-23"


def write_distinct(path: Path, rows: int) -> None:
    """Customers whose e-mail addresses and phone numbers are all different, with long notes."""
    demo = resources.files("custrecords").joinpath("demo_customers.csv").read_text("utf-8")
    template = list(csv.DictReader(io.StringIO(demo)))
    rng = random.Random(20261130)
    with path.open("w", encoding="utf-8", newline="") as export:
        writer = csv.DictWriter(export, fieldnames=list(template[0]))
        writer.writeheader()
        for number in range(rows):
            row = dict(template[number % len(template)])
            row["id"] = f"C{number:07d}"
            row["email"] = f"{row['first_name'].lower()}.{number}@example.com"
            row["phone"] = f"07400 {100_000 + number % 900_000}"
            row["notes"] = write_note(rng, sensitive=0.25, sentences=8).text
            writer.writerow(row)


def write_crm(path: Path, rows: int) -> None:
    """The Salesforce-shaped demo export, its customers repeated under new ids."""
    demo = resources.files("custrecords").joinpath("demo_crm_export.csv")
    template = list(csv.DictReader(io.StringIO(demo.read_text(encoding="utf-8-sig"))))
    with path.open("w", encoding="utf-8-sig", newline="") as export:
        writer = csv.DictWriter(export, fieldnames=list(template[0]), lineterminator="\r\n")
        writer.writeheader()
        for number in range(rows):
            row = dict(template[number % len(template)])
            row["Contact ID"] = f"C{number:07d}"
            writer.writerow(row)


def read_only(path: Path) -> float:
    """The anchor: the seconds the standard library takes just to read the rows."""
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as export:
        for _ in csv.DictReader(export):
            pass
    return time.perf_counter() - started


_NAIVE = (
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    re.compile(r"(?:\+44\s?|0)7\d{3}\s?\d{6}|0\d{2,4}\s?\d{3,4}\s?\d{3,4}"),
    re.compile(r"\b(?:\d[ -]?){15}\d\b"),
    re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"),
)


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def naive(path: Path) -> tuple[float, int]:
    """Four regular expressions over every cell: the seconds, and how many matches."""
    found = 0
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as export:
        for row in csv.DictReader(export):
            for cell in row.values():
                for number, pattern in enumerate(_NAIVE):
                    for match in pattern.finditer(cell):
                        if number != 2 or _luhn(re.sub(r"\D", "", match[0])):
                            found += 1
    return time.perf_counter() - started, found


def presidio_seconds(path: Path, rows: int, analyse: Callable[[str], object]) -> float:
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as export:
        for number, row in enumerate(csv.DictReader(export)):
            if number == rows:
                break
            for cell in row.values():
                if cell:
                    analyse(cell)
    return time.perf_counter() - started


def audit_seconds(
    path: Path, jobs: int, output: str = "json", to: str = os.devnull
) -> tuple[float, int]:
    with open(to, "w", encoding="utf-8") as report, open(os.devnull, "w") as nowhere:
        started = time.perf_counter()
        status = main(
            ["audit", str(path), "--today", TODAY, "--format", output, "--jobs", str(jobs)],
            stdout=report,
            stderr=nowhere,
        )
        return time.perf_counter() - started, status


_PEAK = """
import os, resource, sys
from custrecords.cli import main
if __name__ == "__main__":
    with open(os.devnull, "w") as nowhere:
        main(["audit", sys.argv[1], "--today", sys.argv[2], "--format", "json",
              "--jobs", sys.argv[3]], stdout=nowhere, stderr=nowhere)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(own // 1024, workers // 1024)
"""


def peak_megabytes(path: Path, jobs: int) -> int:
    """The peak resident memory of a fresh process auditing ``path``, in MB.

    With a pool, the largest worker's peak times the workers, added to the command's.
    """
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(path), TODAY, str(jobs)],
        capture_output=True,
        text=True,
        check=True,
    )
    own, worker = map(int, done.stdout.split()[-2:])
    return own + (worker * jobs if jobs > 1 else 0)


def others(
    export: Path, rows: int, analyse: Callable[[str], object] | None, presidio_rows: int
) -> list[tuple[str, float, float]]:
    """The anchors and the other pipelines: name, rows/s, seconds for all the rows."""
    naive_taken, _ = naive(export)
    anchor = read_only(export)
    timed = [("naive regex pipeline", rows / naive_taken, naive_taken)]
    if analyse is not None:
        some = min(rows, presidio_rows)
        rate = some / presidio_seconds(export, some, analyse)
        timed.append((f"Presidio patterns (first {some:,})", rate, rows / rate))
    timed.append(("csv.DictReader, reading only", rows / anchor, anchor))
    return timed


def main_benchmark() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--presidio-rows", type=int, default=5_000)
    arguments = parser.parse_args()
    rows = arguments.rows
    cores = os.cpu_count() or 1
    analyse = presidio()
    with tempfile.TemporaryDirectory() as folder:
        for shape, write in (("distinct, long notes", write_distinct), ("Salesforce", write_crm)):
            export = Path(folder) / "export.csv"
            write(export, rows)
            size = export.stat().st_size
            print(f"\n{shape}: {rows:,} rows, {size / 1e6:.1f} MB, {cores} cores")
            print(f"{'':<34}{'rows/s':>10}{'seconds':>9}{'--jobs 1 is':>14}{'--jobs all is':>16}")
            timed = []
            for jobs in (1, cores):
                taken, status = audit_seconds(export, jobs)
                timed.append((f"custrecords audit --jobs {jobs}", rows / taken, taken))
            one, pooled = timed[0][1], timed[1][1]
            timed += others(export, rows, analyse, arguments.presidio_rows)
            for name, rate, seconds in timed:
                print(
                    f"{name:<34}{rate:>10,.0f}{seconds:>9.1f}"
                    f"{one / rate:>13.2f}x{pooled / rate:>15.2f}x"
                )
            print(f"(audit exit status {status}: problems found, as planted)")
            page = Path(folder) / "report.html"
            html_seconds, _ = audit_seconds(export, cores, "html", str(page))
            print(
                f"HTML report, --jobs {cores}: {page.stat().st_size / 1e6:.1f} MB, "
                f"{html_seconds:.1f} s, {html_seconds / timed[1][2]:.2f}x the JSON report's time"
            )
            if shape.startswith("distinct"):
                tenth = Path(folder) / "tenth.csv"
                write(tenth, rows // 10)
                for jobs in (1, cores):
                    small, large = peak_megabytes(tenth, jobs), peak_megabytes(export, jobs)
                    print(
                        f"peak resident memory, --jobs {jobs}: {small} MB auditing "
                        f"{rows // 10:,} rows, {large} MB auditing {rows:,}"
                    )


if __name__ == "__main__":
    main_benchmark()
