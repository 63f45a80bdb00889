"""How fast a nightly retention run gets through a table of records, and in what memory.

Run: python benchmarks/retention.py [--records 1000000] [--distinct 10000]

It builds ``--distinct`` varied records (seeded, so runs compare): open and closed
accounts opened over twenty years, with orders, payments, complaints, notes,
consents (some withdrawn) and the odd legal hold or restriction. It then streams
``--records`` of them, cycling through the distinct ones, into `retention_due` against
the UK default schedule, and reports records/s, what was found, and the process's peak
resident memory before and after the run: the stream keeps memory flat however many
records pass. It also times `next_due`, `anonymise` and `erase` per call.
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from custrecords import (
    Channel,
    Consent,
    CustomerRecord,
    Guidelines,
    Interaction,
    InteractionKind,
    LawfulBasis,
    LegalHold,
    Note,
    PersonName,
    Provenance,
    RecordStatus,
    Source,
    anonymise,
    erase,
    next_due,
    retention_due,
)

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
KINDS = (
    InteractionKind.ORDER,
    InteractionKind.PAYMENT,
    InteractionKind.ENQUIRY,
    InteractionKind.COMPLAINT,
)


def when(rng: random.Random, after: datetime, before: datetime) -> datetime:
    span = int((before - after).total_seconds())
    return after + timedelta(seconds=rng.randrange(max(span, 1)))


def make_record(rng: random.Random, number: int) -> CustomerRecord:
    opened = when(rng, datetime(2005, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    closed = rng.random() < 0.4
    closed_at = when(rng, opened, NOW) if closed else None
    last = closed_at or NOW
    interactions = []
    for index in range(rng.randint(0, 8)):
        kind = rng.choice(KINDS)
        at = when(rng, opened, last)
        interactions.append(
            Interaction(
                id=f"I{index}",
                at=at,
                channel=Channel.PHONE,
                kind=kind,
                summary="Order placed."
                if kind is not InteractionKind.COMPLAINT
                else "Late delivery.",
                closed_at=when(rng, at, last) if kind is InteractionKind.COMPLAINT else None,
            )
        )
    notes = tuple(
        Note(id=f"N{index}", at=when(rng, opened, last), author="agent-1", text="Called back.")
        for index in range(rng.randint(0, 3))
    )
    consents: tuple[Consent, ...] = ()
    if rng.random() < 0.5:
        given = when(rng, opened, last)
        withdrawn = when(rng, given, last) if rng.random() < 0.5 else None
        consents = (
            Consent(
                purpose="marketing.communications.email",
                lawful_basis=LawfulBasis.CONSENT,
                given_at=given,
                evidence="web form",
                withdrawn_at=withdrawn,
            ),
        )
    holds: tuple[LegalHold, ...] = ()
    if rng.random() < 0.02:
        holds = (LegalHold(reference="LIT-1", reason="claim", placed_by="legal", placed_at=opened),)
    status = RecordStatus.CLOSED if closed else RecordStatus.ACTIVE
    if not closed and rng.random() < 0.01:
        status = RecordStatus.RESTRICTED
    return CustomerRecord(
        id=f"C{number}",
        provenance=(
            Provenance(
                fields=frozenset({"name"}),
                source=Source.CUSTOMER_WEB_FORM,
                collected_by="web",
                collected_at=opened,
            ),
        ),
        name=PersonName.parse("Sam Jones"),
        date_of_birth=date(1950 + number % 50, 1 + number % 12, 1 + number % 28),
        interactions=tuple(interactions),
        notes=notes,
        consents=consents,
        status=status,
        closed_at=closed_at,
        legal_holds=holds,
    )


def stream(pool: list[CustomerRecord], count: int) -> Iterator[CustomerRecord]:
    return itertools.islice(itertools.cycle(pool), count)


def peak_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def per_call(function: object, records: list[CustomerRecord], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for record in records:
            function(record)  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best / len(records) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--distinct", type=int, default=10_000)
    arguments = parser.parse_args()
    guidelines = Guidelines.uk_default()
    rng = random.Random(20261123)
    pool = [make_record(rng, number) for number in range(arguments.distinct)]
    before = peak_megabytes()

    outcomes: Counter[str] = Counter()
    started = time.perf_counter()
    for result in retention_due(stream(pool, arguments.records), guidelines, today=TODAY):
        outcomes[f"{result.outcome.value} {result.rule}"] += 1
    taken = time.perf_counter() - started
    after = peak_megabytes()

    print(
        f"retention_due: {arguments.records:,} records ({arguments.distinct:,} distinct) "
        f"in {taken:.1f} s: {arguments.records / taken:,.0f} records/s"
    )
    print(f"peak resident memory: {before:.0f} MB with the records built, {after:.0f} MB after")
    for key, count in sorted(outcomes.items()):
        print(f"  {count:>9,}  {key}")

    sample = pool[:2000]
    free = [r for r in sample if not r.is_held(NOW)]
    timings = {
        "next_due": per_call(lambda r: next_due(r, guidelines, today=TODAY), sample),
        "anonymise": per_call(lambda r: anonymise(r, id="A-1", at=NOW), free),
        "erase (whole record, fingerprinted)": per_call(
            lambda r: erase(r, at=NOW, by="job", reason="rule", key=b"k" * 32), free
        ),
    }
    print()
    for name, micros in timings.items():
        print(f"{name:<38}{micros:7.1f} µs per record")


if __name__ == "__main__":
    main()
