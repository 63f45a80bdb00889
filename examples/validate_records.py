"""Check each record of a JSON-lines export and say what is wrong, without showing it.

Run: python examples/validate_records.py [PATH]   (default: examples/customers.jsonl)

Every line is structured into a CustomerRecord through custrecords' converter. A good
record prints masked; a bad one prints the path of its first bad field and the problem,
never the bad value. The exit status is 1 when any record is bad.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from custrecords import CustomerRecord, InvalidValue, converter

DEMO = Path(__file__).with_name("customers.jsonl")


def main(path: Path) -> int:
    read = bad = 0
    with path.open(encoding="utf-8") as export:
        for number, line in enumerate(export, start=1):
            read = number
            try:
                record = converter.structure(json.loads(line), CustomerRecord)
            except InvalidValue as error:
                bad += 1
                print(f"line {number}: {error} [{error.code}]")
            else:
                points = ", ".join(str(p.value) for p in record.contact_points)
                print(f"line {number}: {record.id} ok: {record.name}; {points}")
    print(f"{read} records, {read - bad} ok, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO))
