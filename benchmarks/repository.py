"""How fast the SQLite and PostgreSQL repositories add, get and find, on 100,000 records.

Run: python benchmarks/repository.py [--records 100000] [--adapter sqlite|postgres|both]
[--postgres-url URL]

Without ``--postgres-url`` it starts a throwaway PostgreSQL cluster as the tests do
(Debian's ``postgresql`` package; ``tests/postgres_cluster.py``), with fsync off, so
its synchronised adds say little; SQLite's are synchronised to disk.

For each adapter it makes ``--records`` realistic records (a name, an address, a date
of birth, an e-mail address and a UK mobile each), adds them to a fresh database in
transactions of 1,000, then times, on the full database:

- adds one at a time, each its own transaction;
- the anchor: a raw SQL fetch of a random row's JSON by id, through the same driver,
  decoded to Python objects (``json.loads`` for SQLite; psycopg decodes ``jsonb``), and
  the same fetch not decoded;
- gets by id, at random, and their ratio to the anchor, measured side by side;
- finds by phone number, written as customers say it (``07400 123456``), normalised
  and looked up through the index; the query plan is printed to show the index is used;
- saves of a new version with its change set.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import sqlalchemy as sa

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
from custrecords.adapters.postgres import PostgresRepository

Repository = SQLiteRepository | PostgresRepository
# A repository, its raw fetch of a row's decoded JSON by id, and find's query plan.
Opened = tuple[Repository, Callable[[str], object], str]
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


def rate(label: str, count: int, action: Callable[[int], object]) -> float:
    """Run ``action`` ``count`` times; print and return the microseconds each took."""
    started = time.perf_counter()
    for n in range(count):
        action(n)
    taken = time.perf_counter() - started
    print(f"  {label:<46} {count / taken:>10,.0f} /s   ({taken / count * 1e6:,.1f} µs each)")
    return taken / count * 1e6


def each(action: Callable[[str], object], ids: list[str]) -> Callable[[int], object]:
    """``action`` on the n-th id."""
    return lambda n: action(ids[n])


@contextmanager
def sqlite(folder: Path) -> Iterator[Opened]:
    """The SQLite repository, its raw fetch of a row's decoded JSON, and find's query plan."""
    with SQLiteRepository.open(folder / "crm.db") as repository:
        connection = repository._connection

        def fetch(record_id: str) -> object:
            row = connection.execute(
                "SELECT data, version FROM records WHERE id = ?", (record_id,)
            ).fetchone()
            return json.loads(row[0])

        def plan() -> str:
            rows = connection.execute(
                "EXPLAIN QUERY PLAN SELECT records.data FROM lookup JOIN records"
                " ON records.id = lookup.record_id WHERE lookup.kind = ? AND lookup.value = ?",
                ("phone", "+447400100000"),
            ).fetchall()
            return "; ".join(row[-1] for row in rows)

        yield repository, fetch, plan()
        print(f"  database: {(folder / 'crm.db').stat().st_size / 1e6:.0f} MB")


@contextmanager
def postgres(url: str | None) -> Iterator[Opened]:
    """The PostgreSQL repository, a raw psycopg fetch of a row's JSON, and find's plan."""
    cluster = None
    if url is None:
        sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
        from postgres_cluster import Cluster  # noqa: PLC0415 - the tests' own, found only here

        cluster = Cluster()
        cluster.start()
        url = cluster.create_database("bench")
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS custrecords_records CASCADE"))
            connection.execute(sa.text("DROP TABLE IF EXISTS custrecords_schema"))
        repository = PostgresRepository(engine)
        raw = psycopg.connect(
            engine.url.set(drivername="postgresql").render_as_string(hide_password=False),
            autocommit=True,
        )

        def fetch(record_id: str) -> object:
            row = raw.execute(
                "SELECT data, version FROM custrecords_records WHERE id = %s", (record_id,)
            ).fetchone()
            assert row is not None
            return row[0]

        yield repository, fetch, ""
        rows = raw.execute(
            "EXPLAIN SELECT r.data FROM custrecords_lookup l JOIN custrecords_records r"
            " ON r.id = l.record_id WHERE l.kind = 'phone' AND l.value = '+447400100000'"
        ).fetchall()
        print("  find's query plan:", "; ".join(row[0].strip() for row in rows))
        raw.close()
    finally:
        engine.dispose()
        if cluster is not None:
            cluster.stop()


def run(name: str, opened: tuple[Repository, Callable[[str], object], str], total: int) -> None:
    repository, fetch, plan = opened
    shuffle = random.Random(23)
    print(f"{name}:")
    records = [make(n) for n in range(total)]
    started = time.perf_counter()
    for start in range(0, total, 1_000):
        with repository.transaction():
            for record in records[start : start + 1_000]:
                repository.add(record)
    taken = time.perf_counter() - started
    print(f"  {'adds, in transactions of 1,000':<46} {total / taken:>10,.0f} /s")
    extra = [make(total + n) for n in range(2_000)]
    rate("adds, one transaction each", 2_000, lambda n: repository.add(extra[n]))
    ids = [f"C-{shuffle.randrange(total):07d}" for _ in range(20_000)]
    # Side by side, in turns, so that a busy machine weighs on both alike.
    anchor, gets = [], []
    for turn in range(4):
        part = ids[turn * 5_000 : (turn + 1) * 5_000]
        anchor.append(rate("anchor: raw SQL fetch by id, decoded", 5_000, each(fetch, part)))
        gets.append(rate("gets by id", 5_000, each(repository.get, part)))
    ratio = sorted(g / a for g, a in zip(gets, anchor, strict=True))
    print(
        f"  get / raw fetch: {ratio[len(ratio) // 2]:.2f} (median of 4 turns; all: "
        + ", ".join(f"{r:.2f}" for r in ratio)
        + ")"
    )
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
        record, change_set = update(stored.record, {"addresses": moved}, source=source, at=AT)
        repository.save(record, change_set, version=stored.version)

    rate("get + update + save", 2_000, save)
    if plan:
        print("  find's query plan:", plan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--adapter", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", help="SQLAlchemy URL of an empty database")
    arguments = parser.parse_args()
    if arguments.adapter in {"sqlite", "both"}:
        with tempfile.TemporaryDirectory() as folder, sqlite(Path(folder)) as opened:
            run("SQLite (synchronised to disk)", opened, arguments.records)
    if arguments.adapter in {"postgres", "both"}:
        with postgres(arguments.postgres_url) as opened:
            run("PostgreSQL (psycopg 3, one connection)", opened, arguments.records)


if __name__ == "__main__":
    main()
