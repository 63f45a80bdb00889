"""Write the bundled demo export: a few hundred generated customers with planted problems.

Run: python scripts/make_demo_export.py   (writes src/custrecords/demo_customers.csv)

Seeded, so the file is the same on every run. Every problem `custrecords audit` looks
for is planted in some rows: e-mail addresses and phone numbers written carelessly or
not valid at all, card numbers, security codes, passwords and health details in notes,
dates of birth the default guidelines have no purpose for, accounts closed long enough
ago that their retention has ended, implied marketing consent, and a malformed row.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from custrecords.testing import write_note

OUT = Path(__file__).parent.parent / "src" / "custrecords" / "demo_customers.csv"
COLUMNS = (
    "id first_name last_name email phone address_line1 postcode date_of_birth notes "
    "created_at last_interaction_at closed_at marketing_consent"
).split()
FIRST = "Aisha Tom Priya Owen Mei Rhys Zofia Sam Grace Kwame Niamh Hamza Eilidh Dafydd".split()
LAST = "Khan Jones Patel Evans Chen Nowak Smith Okafor Murphy Campbell Williams Ali".split()
STREETS = "High Street|Station Road|Church Lane|Acacia Avenue|Mill Road|Park View".split("|")
POSTCODES = "LS6 2AB|SW1A 1AA|CF10 1EP|EH1 1YZ|BT1 5GS|M1 1AE|B1 1BB|G2 1DU".split("|")


def row(rng: random.Random, number: int) -> dict[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = f"{first}.{last}{number}@example.com".lower()
    style = rng.random()
    if style < 0.08:
        email = f" {first}.{last}{number}@Example.COM "  # unnormalised
    elif style < 0.12:
        email = f"{first}.{last}{number}@example"  # not valid
    phone = f"07400 {100000 + number:06d}"
    style = rng.random()
    if style < 0.1:
        phone = f"+44 (0)7400 {100000 + number:06d}"  # unnormalised
    elif style < 0.14:
        phone = f"07700 900{number % 1000:03d}"  # Ofcom's drama range: not in use
    created_year = rng.randint(2008, 2025)
    created = f"{created_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00+00:00"
    last_year = rng.randint(created_year, 2026)
    last_contact = f"{last_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00+00:00"
    closed = ""
    if rng.random() < 0.3:
        day = f"{rng.randint(last_year, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        closed = f"{day}T10:00:00+00:00"
    born = f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    note = write_note(rng, sensitive=0.25, sentences=3).text if rng.random() < 0.7 else ""
    consent = (
        rng.choice(["yes", "yes", "no", "", "implied", "pre-ticked"])
        if rng.random() < 0.9
        else "no"
    )
    return {
        "id": f"C{number:04d}",
        "first_name": first,
        "last_name": last,
        "email": email,
        "phone": phone,
        "address_line1": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
        "postcode": rng.choice(POSTCODES),
        "date_of_birth": born if rng.random() < 0.4 else "",
        "notes": note,
        "created_at": created,
        "last_interaction_at": last_contact,
        "closed_at": closed,
        "marketing_consent": consent,
    }


def main() -> None:
    rng = random.Random(20261123)
    rows = [row(rng, number) for number in range(1, 301)]
    rows[41]["created_at"] = "last Tuesday"  # a malformed row: the audit reports it and goes on
    with OUT.open("w", encoding="utf-8", newline="") as export:
        writer = csv.DictWriter(export, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} customers to {OUT}")


if __name__ == "__main__":
    main()
