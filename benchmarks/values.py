"""What parsing a value costs, and what custrecords adds over its parsers.

Run: python benchmarks/values.py [--repeat 31] [--number 1000]

For each value type it reports microseconds per parse (the best of several runs, on
a realistic mix of inputs), and for e-mail addresses and phone numbers, the time of
doing the same work by calling email-validator or phonenumbers directly, and our
overhead over that. It also reports the time to import custrecords and to round-trip
a full record through the converter.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import timeit
from collections.abc import Callable, Sequence
from pathlib import Path

import phonenumbers
from email_validator import validate_email

from custrecords import (
    CustomerRecord,
    EmailAddress,
    PersonName,
    PhoneNumber,
    PostalAddress,
    converter,
)

EXPORT = Path(__file__).parents[1] / "examples" / "customers.jsonl"
EMAILS = [
    "jane.doe@example.com",
    "  Jane.Doe@Example.COM ",
    "j.o'neill+billing@example.co.uk",
    "aisha.khan@mail.example.org",
    "josé@exämple.com",
    "support@sub.domain.example.scot",
]
PHONES = [
    "07400 123456",
    "+44 (0)7400 123456",
    "0044 20 7946 0018",
    "(020) 7946 0018",
    "0113 496 0000",
    "+447911123456",
    "07624 123456",
    "+353 1 234 5678",
]
POSTCODES = ["sw1a1aa", "EC1A 1BB", "cf10 1aa", "M1 1AE", "dn55 1pt", "GIR0AA"]
NAMES = ["Aisha", " Siobhán ", "Jean-Luc", "美咲", "Zoe\u0308"]

_E164 = phonenumbers.PhoneNumberFormat.E164


def direct_email(text: str) -> str:
    """What EmailAddress.parse needs from email-validator, and nothing else."""
    return validate_email(text.strip(), check_deliverability=False).normalized


def direct_phone(text: str) -> tuple[str, str | None, int, str | None]:
    """What PhoneNumber.parse needs from phonenumbers, and nothing else."""
    number = phonenumbers.parse(text, "GB")
    if not phonenumbers.is_valid_number(number):
        raise ValueError
    return (
        phonenumbers.format_number(number, _E164),
        phonenumbers.region_code_for_number(number),
        phonenumbers.number_type(number),
        number.extension,
    )


def _batch_timer(
    function: Callable[[str], object], inputs: Sequence[str], number: int
) -> Callable[[], float]:
    cycle = itertools.cycle(inputs)
    batch = [next(cycle) for _ in range(number)]

    def run() -> None:
        for text in batch:
            function(text)

    return lambda: timeit.timeit(run, number=1) / number * 1e6


def per_call_us(
    functions: Sequence[Callable[[str], object]], inputs: Sequence[str], number: int, repeat: int
) -> list[float]:
    """The best µs per call of each function, their runs interleaved.

    Interleaving exposes each function to the same moments of machine load, so that a
    comparison between them is fair even when the machine is busy.
    """
    timers = [_batch_timer(function, inputs, number) for function in functions]
    best = [float("inf")] * len(timers)
    for _ in range(repeat):
        for index, timer in enumerate(timers):
            best[index] = min(best[index], timer())
    return best


def import_ms(repeat: int) -> float:
    code = (
        "import time; t = time.perf_counter(); import custrecords; print(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(repeat)
    ]
    return min(runs) * 1e3


def sample_record() -> CustomerRecord:
    """The first record of the example export: every part of a record, filled in."""
    with EXPORT.open(encoding="utf-8") as export:
        return converter.structure(json.loads(export.readline()), CustomerRecord)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=31)
    parser.add_argument("--number", type=int, default=1000)
    args = parser.parse_args()
    n, r = args.number, args.repeat

    email_ours, email_direct = per_call_us([EmailAddress.parse, direct_email], EMAILS, n, r)
    phone_ours, phone_direct = per_call_us([PhoneNumber.parse, direct_phone], PHONES, n, r)
    [postcode] = per_call_us(
        [lambda text: PostalAddress.parse(["1 High Street"], postcode=text)], POSTCODES, n, r
    )
    [name] = per_call_us(
        [lambda text: PersonName.parse(given=text, family="Ní Bhriain")], NAMES, n, r
    )

    record = sample_record()
    data = converter.unstructure(record)
    unstructure, structure = per_call_us(
        [
            lambda _: converter.unstructure(record),
            lambda _: converter.structure(data, CustomerRecord),
        ],
        ["x"],
        n // 4,
        r,
    )

    print(f"{'what':<34}{'µs/call':>10}{'direct':>10}{'overhead':>10}")
    for label, ours, direct in (
        ("EmailAddress.parse", email_ours, email_direct),
        ("PhoneNumber.parse", phone_ours, phone_direct),
    ):
        print(f"{label:<34}{ours:>10.2f}{direct:>10.2f}{(ours / direct - 1):>10.1%}")
    print(f"{'PostalAddress.parse (UK postcode)':<34}{postcode:>10.2f}")
    print(f"{'PersonName.parse (given + family)':<34}{name:>10.2f}")
    print(f"{'converter.unstructure(record)':<34}{unstructure:>10.2f}")
    print(f"{'converter.structure(record)':<34}{structure:>10.2f}")
    print(f"{'import custrecords (ms)':<34}{import_ms(r):>10.1f}")


if __name__ == "__main__":
    main()
