"""What the collect-confirm-update-assess workflow costs per call.

Run: python benchmarks/collecting.py [--records 2000] [--repeat 5]

It generates realistic records (seeded, so runs compare), then reports microseconds
per call, the best of several runs, for `read_back`, `confirm`, `update` (a change of
address), `replay`, and `assess` against the UK default guidelines, and the rate at
which a host could assess a whole table of records.
"""

from __future__ import annotations

import argparse
import timeit
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custrecords import (
    ChangeReason,
    ChangeSet,
    ChangeSource,
    Confirmation,
    ConfirmationMethod,
    CustomerRecord,
    Draft,
    Guidelines,
    PostalAddress,
    Source,
    assess,
    confirm,
    read_back,
    replay,
    update,
)
from custrecords.testing import customer_records, drafts

T = TypeVar("T")
TODAY = date(2027, 6, 1)
NEW_HOME = (PostalAddress.parse(["2 Harbour Row"], town="Whitby", postcode="YO21 3PU"),)


def sample(strategy: st.SearchStrategy[T], count: int) -> list[T]:
    """``count`` examples of ``strategy``, the same ones on every run."""
    found: list[T] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(strategy)
    def collect(value: T) -> None:
        found.append(value)

    collect()
    return found


def per_call(work: Callable[[T], object], items: Sequence[T], repeat: int) -> float:
    """Microseconds per call of ``work`` over ``items``: the best of ``repeat`` runs."""
    runs = timeit.repeat(lambda: [work(item) for item in items], number=1, repeat=repeat)
    return min(runs) / len(items) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    guidelines = Guidelines.uk_default()
    records = sample(customer_records(), args.records)
    made = sample(drafts(), args.records)

    def confirmation(draft: Draft) -> Confirmation:
        return Confirmation(
            by="agent-7",
            at=draft.collected_at + timedelta(minutes=3),
            how=ConfirmationMethod.READ_BACK,
        )

    def move(record: CustomerRecord) -> tuple[CustomerRecord, ChangeSet]:
        at = max(record.created_at, datetime(2027, 1, 1, tzinfo=UTC))
        source = ChangeSource(
            source=Source.CUSTOMER_PHONE,
            by="agent-9",
            reason=ChangeReason.CUSTOMER_CORRECTION,
            confirmation=Confirmation(
                by="agent-9", at=at + timedelta(minutes=2), how=ConfirmationMethod.READ_BACK
            ),
        )
        return update(record, {"addresses": NEW_HOME}, source=source, at=at)

    moves = [(record, move(record)[1]) for record in records]

    def assess_one(record: CustomerRecord) -> object:
        return assess(record, guidelines, purpose="essential.service", today=TODAY)

    def replay_one(move: tuple[CustomerRecord, ChangeSet]) -> object:
        return replay(*move)

    def confirm_one(draft: Draft) -> object:
        return confirm(draft, confirmation(draft))

    results = {
        "read_back": per_call(read_back, made, args.repeat),
        "confirm": per_call(confirm_one, made, args.repeat),
        "update (new address)": per_call(move, records, args.repeat),
        "replay": per_call(replay_one, moves, args.repeat),
        "assess (UK default)": per_call(assess_one, records, args.repeat),
    }
    print(f"{len(records)} records, {len(made)} drafts; best of {args.repeat} runs")
    for name, micros in results.items():
        print(f"{name:<22} {micros:8.1f} µs per call")
    print(f"{'assess rate':<22} {1e6 / results['assess (UK default)']:8.0f} records/s")


if __name__ == "__main__":
    main()
