"""How fast, and how well, the scanner finds what must not be kept in notes.

Run: python benchmarks/scanning.py [--notes 10000] [--repeat 5]

With scrubadub and Presidio installed (pip install -r benchmarks/compare.txt; they
are never dependencies of custrecords), it runs them beside custrecords on the same
notes in the same process, one core each:

- speed, on a corpus of realistic notes: one to six sentences, about one in twenty
  holding something sensitive, half the rest holding look-alikes (order numbers,
  tracking codes, dates, amounts, timestamps);
- recall and precision, on a labelled corpus where nearly half the sentences hold
  something sensitive, each span labelled with what it is (`write_note`);
- the cost of adversarial input beside 1 MB of ordinary notes (custrecords only): long
  digit runs, repeated separators, '@' signs, secrets' words over and over, at 250 kB
  and at 1 MB, with the ratio (linear: four times the text, at most five times the time).

scrubadub runs with its default detectors for en_GB. Presidio runs its pattern
recognisers for what custrecords also finds (credit card, e-mail, IBAN, UK NINO) and
its phone recogniser, without the spaCy model: the pattern recognisers are what
Presidio offers for this job without a language model.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from custrecords import scan_text
from custrecords.testing import SampleNote, write_note

Span = tuple[str, int, int]  # kind, start, end
Detector = Callable[[str], list[Span]]

# custrecords' categories, by the kinds the comparison counts.
KINDS = {
    "user.financial.credit_card": "card",
    "user.financial.credit_card.expiry_date": "card expiry",
    "user.financial.credit_card.track_data": "track data",
    "user.financial.credit_card.security_code": "security code",
    "user.financial.credit_card.pin": "PIN",
    "user.authorization.password": "password",
    "user.government_id.national_identification_number": "NI number",
    "user.financial.bank_account.sort_code": "sort code and account",
    "user.financial.bank_account.account_number": "sort code and account",
    "user.financial.bank_account.iban": "IBAN",
    "user.contact.email": "e-mail",
    "user.contact.phone_number": "phone",
}


def kind_of(category: str) -> str:
    return KINDS.get(category, "special category")


def custrecords_spans(text: str) -> list[Span]:
    return [(kind_of(f.category), f.start, f.end) for f in scan_text(text)]


def presidio() -> Detector | None:
    try:
        from presidio_analyzer.predefined_recognizers import (  # noqa: PLC0415
            CreditCardRecognizer,
            EmailRecognizer,
            IbanRecognizer,
            PhoneRecognizer,
            UkNinoRecognizer,
        )
    except ImportError:
        return None
    kinds = {
        "CREDIT_CARD": "card",
        "EMAIL_ADDRESS": "e-mail",
        "IBAN_CODE": "IBAN",
        "UK_NINO": "NI number",
        "PHONE_NUMBER": "phone",
    }
    recognisers = [
        CreditCardRecognizer(),
        EmailRecognizer(),
        IbanRecognizer(),
        UkNinoRecognizer(),
        PhoneRecognizer(supported_regions=("GB",)),
    ]

    def spans(text: str) -> list[Span]:
        found: list[Span] = []
        for recogniser in recognisers:
            for result in recogniser.analyze(text, recogniser.supported_entities, None):
                found.append((kinds.get(result.entity_type, "other"), result.start, result.end))
        return found

    return spans


def scrubadub() -> Detector | None:
    try:
        import scrubadub as module  # noqa: PLC0415
    except ImportError:
        return None
    scrubber = module.Scrubber(locale="en_GB")
    kinds = {
        "credit_card": "card",
        "email": "e-mail",
        "phone": "phone",
        "national_insurance_number": "NI number",
        "credential": "password",
    }

    def spans(text: str) -> list[Span]:
        return [(kinds.get(f.type, "other"), f.beg, f.end) for f in scrubber.iter_filth(text)]

    return spans


def seconds(detect: Detector, texts: Sequence[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            detect(text)
        best = min(best, time.perf_counter() - started)
    return best


def accuracy(detect: Detector, notes: Iterable[SampleNote]) -> tuple[Counter[str], Counter[str]]:
    """Per kind: planted spans found and missed; detections right and wrong."""
    recall: Counter[str] = Counter()
    precision: Counter[str] = Counter()
    for note in notes:
        planted = [(kind_of(p.category), p.start, p.end) for p in note.planted]
        detected = detect(note.text)
        for kind, start, end in planted:
            hit = any(k == kind and s < end and start < e for k, s, e in detected)
            recall[f"{kind}:{'found' if hit else 'missed'}"] += 1
        for kind, start, end in detected:
            hit = any(k == kind and s < end and start < e for k, s, e in planted)
            precision[f"{kind}:{'right' if hit else 'wrong'}"] += 1
    return recall, precision


def share(counter: Counter[str], good: str, bad: str, kinds: set[str] | None = None) -> str:
    ok = sum(n for key, n in counter.items() if key.endswith(good) and _in(key, kinds))
    no = sum(n for key, n in counter.items() if key.endswith(bad) and _in(key, kinds))
    return f"{ok / (ok + no):6.1%}" if ok + no else "     -"


def _in(key: str, kinds: set[str] | None) -> bool:
    return kinds is None or key.rpartition(":")[0] in kinds


def adversarial(size: int) -> dict[str, str]:
    """Texts of ``size`` characters (about) that a careless pattern would take long over."""
    return {
        "one digit run": "7" * size,
        "digits with single spaces": "4 " * (size // 2),
        "card-sized groups, no gaps": "4111 " * (size // 5),
        "repeated dashes and spaces": "1- -" * (size // 4),
        "'@' signs": "a@" * (size // 2),
        "digits read out in words": "oh seven " * (size // 9),
        "digits split by dots": "1.2." * (size // 4),
        "phone numbers joined by '/'": "07400123456/" * (size // 12),
        "'password is' over and over": "password is " * (size // 12),
        "'pin its' over and over": "pin its 12 " * (size // 11),
        "questions and answers in chat": "Agent: memorable word?\nCustomer: x\n" * (size // 36),
        "a card and 'code' over and over": "4111111111111111 code " * (size // 22),
        "special-category words": "pregnant " * (size // 9),
        "zero-width spaces between digits": "4\u200b" * (size // 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--dense",
        metavar="JSONL",
        help='a dense corpus, a {"text": ...} object a line (most notes holding one to three '
        "items), timed for every tool side by side",
    )
    arguments = parser.parse_args()
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")

    rng = random.Random(20261123)
    realistic = [write_note(rng, sensitive=0.05, sentences=6) for _ in range(arguments.notes)]
    labelled = [write_note(rng) for _ in range(arguments.notes)]
    texts = [note.text for note in realistic]
    size = sum(len(text.encode()) for text in texts)
    with_data = sum(bool(note.planted) for note in realistic)
    print(
        f"Realistic corpus: {len(texts):,} notes, {size / 1e6:.2f} MB, "
        f"{size / len(texts):.0f} bytes a note, {with_data / len(texts):.0%} holding something"
    )
    tools: list[tuple[str, Detector, int]] = [("custrecords", custrecords_spans, arguments.repeat)]
    for name, make in (("scrubadub", scrubadub), ("Presidio patterns", presidio)):
        detect = make()
        if detect is None:
            print(f"({name} is not installed: pip install -r benchmarks/compare.txt)")
        else:
            tools.append((name, detect, 1))

    print()
    report_speed(tools, texts)
    if arguments.dense:
        report_dense(tools, arguments.dense)
    report_accuracy(tools, labelled)
    report_adversarial(texts)


def report_dense(tools: list[tuple[str, Detector, int]], path: str) -> None:
    """Each tool's speed on a dense corpus, where the cost of validation shows."""
    with open(path, encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
    size = sum(len(text.encode()) for text in texts)
    print(f"\nDense corpus ({path}): {len(texts):,} notes, {size / 1e6:.2f} MB")
    report_speed(tools, texts)


def report_speed(tools: list[tuple[str, Detector, int]], texts: Sequence[str]) -> None:
    """MB/s and notes/s of each tool on ``texts``, one core, and custrecords' ratio to each."""
    size = sum(len(text.encode()) for text in texts)
    print(f"{'speed':<20}{'MB/s':>8}{'notes/s':>11}")
    rates: dict[str, float] = {}
    for name, detect, repeat in tools:
        taken = seconds(detect, texts, repeat)
        rates[name] = size / taken / 1e6
        print(f"{name:<20}{rates[name]:>8.2f}{len(texts) / taken:>11,.0f}")
    for name, rate in rates.items():
        if name != "custrecords":
            print(f"custrecords is {rates['custrecords'] / rate:.1f}x {name}")


def report_accuracy(tools: list[tuple[str, Detector, int]], labelled: list[SampleNote]) -> None:
    planted = Counter(kind_of(p.category) for note in labelled for p in note.planted)
    print(
        f"\nLabelled corpus: {len(labelled):,} notes, {sum(planted.values()):,} planted spans: "
        + ", ".join(f"{kind} {count}" for kind, count in sorted(planted.items()))
    )
    claimed = {
        "custrecords": set(KINDS.values()) | {"special category"},
        "scrubadub": {"card", "e-mail", "phone", "NI number", "password"},
        "Presidio patterns": {"card", "e-mail", "phone", "NI number", "IBAN"},
    }
    print(f"{'':<20}{'recall':>8}{'precision':>11}   {'on the kinds it claims to find':>30}")
    details = {}
    for name, detect, _ in tools:
        recall, precision = accuracy(detect, labelled)
        details[name] = recall
        overall = share(precision, "right", "wrong")
        print(
            f"{name:<20}{share(recall, 'found', 'missed'):>8}{overall:>11}"
            f"   recall {share(recall, 'found', 'missed', claimed[name])}"
            f", precision {share(precision, 'right', 'wrong', claimed[name])}"
        )
    print("\nrecall by kind")
    for kind in sorted(planted):
        print(
            f"  {kind:<24}"
            + "".join(
                f"{name}: {share(recall, 'found', 'missed', {kind}).strip():>6}   "
                for name, recall in details.items()
            )
        )


def report_adversarial(texts: list[str]) -> None:
    print(f"\n{'1 MB of input (custrecords)':<40}{'seconds':>8}")
    notes_in_a_megabyte: list[str] = []
    taken = 0
    for text in texts:
        notes_in_a_megabyte.append(text)
        taken += len(text)
        if taken >= 1_000_000:
            break
    started = time.perf_counter()
    for text in notes_in_a_megabyte:
        scan_text(text)
    print(f"{'ordinary notes, one by one':<40}{time.perf_counter() - started:>8.3f}")
    started = time.perf_counter()
    scan_text(" ".join(texts)[:1_000_000])
    print(f"{'ordinary notes, as one text':<40}{time.perf_counter() - started:>8.3f}")
    # Linear in the text: four times the text takes at most five times as long.
    print(f"\n{'adversarial input (custrecords)':<40}{'250 kB':>8}{'1 MB':>8}{'ratio':>7}")
    quarter, whole = adversarial(250_000), adversarial(1_000_000)
    for name in whole:
        times = []
        for text in (quarter[name], whole[name]):
            started = time.perf_counter()
            scan_text(text)
            times.append(time.perf_counter() - started)
        ratio = times[1] / times[0]
        flag = "" if ratio <= 5 else "  over 5x"
        print(f"{name:<40}{times[0]:>8.3f}{times[1]:>8.3f}{ratio:>6.1f}x{flag}")


if __name__ == "__main__":
    main()
