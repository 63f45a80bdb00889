"""How well the scanner finds what must not be kept, family by family, on labelled notes.

Run: python benchmarks/corpus.py [--generated 2000] [--seed 20261123] [--misses]

Five corpora, the same two tables for each:

- the notes written by hand in tests/data/notes.txt (loaded by tests/labelled_notes.py): agents',
  engineers', complaint handlers' notes, chat transcripts and e-mail threads, each
  sensitive span labelled with its family, a third of the notes holding only look-alikes;
- notes from `custrecords.testing.write_note` (what `notes_with_findings` draws), drawn
  as benchmarks/scanning.py draws its labelled corpus: a seeded `random.Random`, the
  default share of sensitive sentences;
- the held-out notes in tests/data/notes_heldout.txt, in the same format: written by hand
  after the scanner was first tuned, apart from its code and from notes.txt. Its misses
  were then read and the kinds they showed were fixed, so it no longer measures text the
  scanner was not tuned on: the unseen corpus does.
- the unseen notes in tests/data/notes_unseen.txt, in the same format: written apart from
  the scanner, by a writer who never read its code nor ran it on them, in forms hand-written
  examples seldom take (forwarded e-mail threads, webchat and SMS transcripts, speech-to-text
  calls, CRM notes in capitals, engineers' job sheets). Its misses are never used to tune the
  scanner: its tables only measure it.
- the secrets notes in tests/data/notes_secrets.txt, in the same format: card numbers, expiry
  dates, security codes, PINs and passwords (memorable words, passcodes, door and key-safe
  codes) only, written after the scanner's second tuning, apart from its code, to find the
  kinds of secret it misses. Its misses are read and used to tune the scanner.

Per family of labelled span: how many spans, how many a finding of the family's
category overlaps (tests/labelled_notes.py's FAMILY_CATEGORIES), and the recall. Per category
the scanner emits: its findings, how many overlap a span of a family mapped to that
category, and the precision. A family the scanner has no detector for shows a recall
of 0; a category no family maps to shows a precision of 0; precision is also given by
the findings' action (the goal: reject and redact findings right). --misses lists each
span missed and each finding that matches no label, note by note, for every corpus but
the unseen one. A summary ends the report: recall per family, precision per action, and
the share of quiet notes flagged, corpus beside corpus.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from custrecords import scan_text
from custrecords.testing import write_note

# The corpus's loader lives with the tests, which are no package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from labelled_notes import FAMILIES, FAMILY_CATEGORIES, HELD_OUT, SECRETS, UNSEEN, load

Span = tuple[int, int, str]  # start, end, family
Labelled = tuple[str, str, list[Span]]  # a name for the note, its text, its labelled spans

_FAMILY_OF = {
    category: family for family, categories in FAMILY_CATEGORIES.items() for category in categories
}


def categories_of(family: str) -> tuple[str, ...]:
    """The scanner's categories for a family; a category no family has is its own."""
    return FAMILY_CATEGORIES.get(family, (family,))


def hand_written(path: Path | None = None) -> list[Labelled]:
    """The notes of a hand-written corpus: by default tests/data/notes.txt."""
    notes = load() if path is None else load(path)
    return [(f"note {note.number} ({note.style})", note.text, note.spans) for note in notes]


def generated(count: int, seed: int) -> list[Labelled]:
    rng = random.Random(seed)
    notes: list[Labelled] = []
    for number in range(1, count + 1):
        note = write_note(rng)
        spans = [(p.start, p.end, _FAMILY_OF.get(p.category, p.category)) for p in note.planted]
        notes.append((f"generated {number}", note.text, spans))
    return notes


class Tally:
    """Spans found and missed by family; findings right and wrong by category."""

    def __init__(self) -> None:
        self.spans: Counter[str] = Counter()
        self.found: Counter[str] = Counter()
        self.findings: Counter[str] = Counter()
        self.correct: Counter[str] = Counter()
        # By action: the goal is for reject and redact findings to be right.
        self.actions: Counter[str] = Counter()
        self.actions_correct: Counter[str] = Counter()
        self.quiet = 0
        self.quiet_flagged = 0
        self.misses: list[str] = []

    def add(self, name: str, text: str, spans: Sequence[Span]) -> None:
        findings = scan_text(text)
        for start, end, family in spans:
            self.spans[family] += 1
            categories = categories_of(family)
            if any(f.category in categories and f.start < end and start < f.end for f in findings):
                self.found[family] += 1
            else:
                self.misses.append(f"missed  {name}: {family} {text[start:end]!r}")
        for finding in findings:
            self.findings[finding.category] += 1
            self.actions[finding.action.value] += 1
            if any(
                finding.category in categories_of(family)
                and finding.start < end
                and start < finding.end
                for start, end, family in spans
            ):
                self.correct[finding.category] += 1
                self.actions_correct[finding.action.value] += 1
            else:
                self.misses.append(
                    f"wrong   {name}: {finding.category} {text[finding.start : finding.end]!r}"
                )
        if not spans:
            self.quiet += 1
            self.quiet_flagged += bool(findings)


def share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def table(title: str, notes: Iterable[Labelled], *, misses: bool) -> Tally:
    tally = Tally()
    count = 0
    for name, text, spans in notes:
        tally.add(name, text, spans)
        count += 1
    labelled = sum(tally.spans.values())
    print(f"\n{title}: {count:,} notes, {labelled:,} labelled spans, {tally.quiet:,} notes quiet")

    print(f"\n{'family':<20}{'spans':>7}{'found':>7}{'recall':>8}")
    families = [f for f in FAMILIES if f in tally.spans] + sorted(set(tally.spans) - set(FAMILIES))
    for family in families:
        labels, found = tally.spans[family], tally.found[family]
        print(f"{family:<20}{labels:>7}{found:>7}{share(found, labels):>8}")
    found = sum(tally.found.values())
    print(f"{'all':<20}{labelled:>7}{found:>7}{share(found, labelled):>8}")

    print(f"\n{'category':<52}{'findings':>9}{'correct':>9}{'precision':>11}")
    for category in sorted(tally.findings):
        findings, correct = tally.findings[category], tally.correct[category]
        print(f"{category:<52}{findings:>9}{correct:>9}{share(correct, findings):>11}")
    findings, correct = sum(tally.findings.values()), sum(tally.correct.values())
    print(f"{'all':<52}{findings:>9}{correct:>9}{share(correct, findings):>11}")
    for action in sorted(tally.actions):
        findings, correct = tally.actions[action], tally.actions_correct[action]
        print(f"{'action: ' + action:<52}{findings:>9}{correct:>9}{share(correct, findings):>11}")
    print(
        f"\nquiet notes (look-alikes only) with a finding: {tally.quiet_flagged:,} of "
        f"{tally.quiet:,} ({share(tally.quiet_flagged, tally.quiet)})"
    )
    if misses:
        print()
        print("\n".join(tally.misses))
    return tally


def summary(tallies: dict[str, Tally]) -> None:
    """Recall per family, and precision per action, of every corpus side by side."""
    print(f"\nSummary\n\n{'recall':<20}" + "".join(f"{name:>14}" for name in tallies))
    families = [f for f in FAMILIES if any(f in tally.spans for tally in tallies.values())]
    for family in [*families, "all"]:
        cells = []
        for tally in tallies.values():
            if family == "all":
                found, spans = sum(tally.found.values()), sum(tally.spans.values())
            else:
                found, spans = tally.found[family], tally.spans[family]
            cells.append(share(found, spans))
        print(f"{family:<20}" + "".join(f"{cell:>14}" for cell in cells))
    print(f"\n{'precision':<20}" + "".join(f"{name:>14}" for name in tallies))
    for action in ("reject", "redact", "review"):
        cells = [
            share(tally.actions_correct[action], tally.actions[action])
            for tally in tallies.values()
        ]
        print(f"{action:<20}" + "".join(f"{cell:>14}" for cell in cells))
    cells = [share(tally.quiet_flagged, tally.quiet) for tally in tallies.values()]
    print(f"{'quiet flagged':<20}" + "".join(f"{cell:>14}" for cell in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated", type=int, default=2_000, help="generated notes to draw")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument(
        "--misses", action="store_true", help="list every span missed and finding wrong"
    )
    arguments = parser.parse_args()
    tallies = {
        "hand-written": table(
            "Hand-written corpus (tests/data/notes.txt)", hand_written(), misses=arguments.misses
        ),
        "held-out": table(
            "Held-out hand-written corpus (tests/data/notes_heldout.txt)",
            hand_written(HELD_OUT),
            misses=arguments.misses,
        ),
        # Its misses are never listed: read, they would tune the scanner to it.
        "unseen": table(
            "Unseen hand-written corpus (tests/data/notes_unseen.txt)",
            hand_written(UNSEEN),
            misses=False,
        ),
        # Written to find the kinds of secret the scanner misses: its misses are listed.
        "secrets": table(
            "Secrets hand-written corpus (tests/data/notes_secrets.txt)",
            hand_written(SECRETS),
            misses=arguments.misses,
        ),
        "generated": table(
            f"Generated corpus (custrecords.testing.write_note, seed {arguments.seed})",
            generated(arguments.generated, arguments.seed),
            misses=arguments.misses,
        ),
    }
    summary(tallies)


if __name__ == "__main__":
    main()
