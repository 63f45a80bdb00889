"""How fast the SQLite repository adds, gets and finds, on 100,000 records.

Run: python benchmarks/repository.py [--records 100000]

It makes ``--records`` realistic records (a name, an address, a date of birth, an
e-mail address and a UK mobile each), adds them to a fresh database file in
transactions of 1,000, then times, on the full database:

- adds one at a time, each its own transaction (what an agent's save costs, with the
  write-ahead log synchronised to disk on every commit);
- gets by id, at random;
- finds by phone number, written as customers say it (``07400 123456``), normalised
  and looked up through the index; the query plan is printed to show the index is used;
- saves of a new version with its change set.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from custrecords import (
    ChangeReason,
    ChangeSource,
    ContactPoint,
    CustomerRecord,
    EmailAddress,
    LookupKey,
    PersonName,
    PhoneNumber,
    PostalAddress,
    Provenance,
    Source,
    SQLiteRepository,
    update,
)

AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
GIVEN = ["Aisha", "Dafydd", "Siobhán", "Emeka", "Priya", "Tomás", "Zoë", "Mohammed", "Seren"]
FAMILY = ["Davies", "Ó Briain", "Chowdhury", "Evans", "Adeyemi", "Brown", "Nguyen", "Jones"]


def mobile(number: int) -> str:
    """A distinct UK mobile number for each of up to 900,000 customers, as people say it."""
    return f"07400 {100_000 + number}"


def make(number: int) -> CustomerRecord:
    given, family = GIVEN[number % len(GIVEN)], FAMILY[number // 7 % len(FAMILY)]
    return CustomerRecord(
        id=f"C-{number:07d}",
        provenance=(
            Provenance(
                fields=frozenset({"name", "email_addresses", "phone_numbers", "addresses"}),
                source=Source.CUSTOMER_WEB_FORM,
                collected_by="web",
                collected_at=AT,
            ),
        ),
        name=PersonName.parse(f"{given} {family}"),
        contact_points=(
            ContactPoint(value=EmailAddress.parse(f"customer.{number}@example.com"), verified=True),
            ContactPoint(value=PhoneNumber.parse(mobile(number))),
        ),
        addresses=(
            PostalAddress.parse(
                [f"{number % 200 + 1} High Street"], town="Cardiff", postcode="CF10 1AA"
            ),
        ),
        date_of_birth=date(1940, 1, 1) + timedelta(days=number % 25_000),
    )


def rate(label: str, count: int, action: Callable[[int], object]) -> None:
    started = time.perf_counter()
    for n in range(count):
        action(n)
    taken = time.perf_counter() - started
    print(f"{label:<44} {count / taken:>10,.0f} /s   ({taken / count * 1e6:,.0f} µs each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    arguments = parser.parse_args()
    total = arguments.records
    shuffle = random.Random(23)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "crm.db"
        with SQLiteRepository.open(path) as repository:
            started = time.perf_counter()
            records = [make(n) for n in range(total)]
            built = time.perf_counter() - started
            started = time.perf_counter()
            for start in range(0, total, 1_000):
                with repository.transaction():
                    for record in records[start : start + 1_000]:
                        repository.add(record)
            taken = time.perf_counter() - started
            print(f"built {total:,} records in {built:.1f} s (not counted below)")
            print(f"{'adds, in transactions of 1,000':<44} {total / taken:>10,.0f} /s")
            extra = [make(total + n) for n in range(2_000)]
            rate(
                "adds, one transaction each (synchronised)",
                2_000,
                lambda n: repository.add(extra[n]),
            )
            ids = [f"C-{shuffle.randrange(total):07d}" for _ in range(20_000)]
            rate("gets by id", 20_000, lambda n: repository.get(ids[n]))
            spoken = [mobile(shuffle.randrange(total)) for _ in range(20_000)]

            def find(n: int) -> None:
                (found,) = repository.find(LookupKey.phone(PhoneNumber.parse(spoken[n])))
                assert found.version >= 1

            rate("finds by phone (parse + normalise + index)", 20_000, find)
            keys = [LookupKey.phone(PhoneNumber.parse(number)) for number in spoken]
            rate("finds by phone key (index only)", 20_000, lambda n: repository.find(keys[n]))
            source = ChangeSource(source=Source.SYSTEM, by="web", reason=ChangeReason.SYSTEM_UPDATE)

            def save(n: int) -> None:
                stored = repository.get(f"C-{n:07d}")
                assert stored is not None
                moved = (PostalAddress.parse(["1 New Road"], town="Cardiff", postcode="CF10 1BH"),)
                record, change_set = update(
                    stored.record, {"addresses": moved}, source=source, at=AT
                )
                repository.save(record, change_set, version=stored.version)

            rate("get + update + save, synchronised", 2_000, save)
            plan = repository._connection.execute(
                "EXPLAIN QUERY PLAN SELECT records.data, records.version FROM lookup JOIN records"
                " ON records.id = lookup.record_id WHERE lookup.kind = ? AND lookup.value = ?",
                ("phone", "+447400100000"),
            ).fetchall()
            print("find's query plan:", "; ".join(row[-1] for row in plan))
        print(f"database: {path.stat().st_size / 1e6:.0f} MB for {total + 2_000:,} records")


if __name__ == "__main__":
    main()
