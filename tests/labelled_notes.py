"""Hand-written, labelled corpora of customer-service notes, and their loader.

``tests/data/notes.txt`` (`PATH`) holds notes written by hand, apart from the library's
own generator (`custrecords.testing.write_note`), in the styles of contact-centre agents,
field and software engineers, complaint handlers, chat transcripts and e-mail threads.

``tests/data/notes_heldout.txt`` (`HELD_OUT`) holds more such notes, in the same format,
written after the scanner was first tuned, apart from its code and from ``notes.txt``.
Its misses were then read and the kinds they showed fixed, so it now measures as
``notes.txt`` does; ``notes_unseen.txt`` measures text the scanner was not tuned on.

``tests/data/notes_unseen.txt`` (`UNSEEN`) holds more notes in the same format, written
apart from the scanner: by a writer who never read the scanner's code, never ran the
scanner on them while writing them, and never changed a label to agree with it. They
take forms hand-written examples seldom do (forwarded e-mail threads with quoted replies
and signatures, webchat and SMS transcripts, speech-to-text calls with numbers in words,
CRM notes in capitals, engineers' job sheets full of serial numbers, meter readings and
IMEIs). Its misses are never used to tune the scanner: it only measures.

``tests/data/notes_secrets.txt`` (`SECRETS`) holds more notes in the same format, about
secrets and card data only: card numbers, expiry dates, security codes, PINs, and
passwords (memorable words and answers, passcodes, Wi-Fi keys, door, alarm and key-safe
codes, all labelled ``password``). It was written after the scanner's second tuning,
apart from its code (its writer never read it nor ran the scanner while writing), to
find the kinds of secret the scanner misses; its misses are read and used to tune it.
One-time passcodes sent by SMS, masked numbers ("card ending 4444") and mere mentions
("never share your PIN") are left unlabelled.

All four measure the scanner's recall and precision family by family
(``benchmarks/corpus.py``); ``tests/test_corpus.py`` checks the corpora themselves.

The format, one note per block::

    # style: agent
    Paid by [[card:4111 1111 1111 1111]] exp [[expiry:09/28]] cvv [[security_code:123]]
    ---
    # style: chat
    [09:15] Customer: whats my balance

- Blocks are separated by a line holding only ``---``.
- Each block starts with ``# style: <style>``, one of `STYLES`; the note is the lines
  after it, which may be many (blank lines at either end are dropped). A tab in the
  file is a tab in the note.
- Each sensitive span is marked inline as ``[[family:text]]``, ``family`` one of
  `FAMILIES`. Markers do not nest, and a span neither starts nor ends with white
  space. Everything not marked is innocent: a note with no marker holds only
  look-alikes, which a scanner must leave alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

PATH: Final = Path(__file__).parent / "data" / "notes.txt"
# Written after the scanner was first tuned; its misses then tuned it.
HELD_OUT: Final = Path(__file__).parent / "data" / "notes_heldout.txt"
# Written apart from the scanner (never read, never run on them); its misses never tune it.
UNSEEN: Final = Path(__file__).parent / "data" / "notes_unseen.txt"
# Secrets and card data only, written after the second tuning; its misses tune the scanner.
SECRETS: Final = Path(__file__).parent / "data" / "notes_secrets.txt"

STYLES: Final = ("agent", "engineer", "complaint", "chat", "email")

# Families of sensitive span, and the scanner's category (or categories) for each: a
# finding is right when its category is one of its span's family's.
_SPECIAL_CATEGORIES: Final = (
    "user.health.medical_diagnosis",
    "user.health.social_psychological_behavioral",
    "user.health.condition",
    "user.health.treatment",
    "user.health.medications",
    "user.health.prescriptions",
    "user.health.reproductive_or_sexual",
    "user.health.genetic",
    "user.health",
    "user.biometrics.fingerprint",
    "user.biometrics.retinal",
    "user.biometrics.voice",
    "user.biometrics",
    "user.demographic.religious_belief",
    "user.demographic.philosophical_belief",
    "user.demographic.race_ethnicity",
    "user.demographic.sexual_orientation",
    "user.demographic.political_opinion",
    "user.demographic.union_membership",
    "user.criminal_history",
)
FAMILY_CATEGORIES: Final[Mapping[str, tuple[str, ...]]] = {
    "card": ("user.financial.credit_card",),
    "expiry": ("user.financial.credit_card.expiry_date",),
    "security_code": ("user.financial.credit_card.security_code",),
    "pin": ("user.financial.credit_card.pin",),
    "password": ("user.authorization.password",),
    "track": ("user.financial.credit_card.track_data",),
    "nino": ("user.government_id.national_identification_number",),
    # No detector yet. An NHS number identifies a person's health records: fideslang's
    # user.health.record_id ("health records or medical record numbers"), which
    # taxonomy.py lists; user.health_and_medical.* is the deprecated branch.
    "nhs": ("user.health.record_id",),
    "sort_code": ("user.financial.bank_account.sort_code",),
    "account_number": ("user.financial.bank_account.account_number",),
    "iban": ("user.financial.bank_account.iban",),
    # No detector yet: fideslang's keys for them, both listed in taxonomy.py.
    "passport": ("user.government_id.passport_number",),
    "driving_licence": ("user.government_id.drivers_license_number",),
    "email": ("user.contact.email",),
    "phone": ("user.contact.phone_number",),
    # Every key the scanner's special-category words give (scanning.special._SPECIAL), and the
    # two parents, for a detector that finds the kind but not the refinement.
    "special_category": _SPECIAL_CATEGORIES,
}
FAMILIES: Final = tuple(FAMILY_CATEGORIES)

Span = tuple[int, int, str]  # start, end, family: offsets into the note's text


@dataclass(frozen=True)
class Note:
    """A note of the corpus: its text with the markers taken out, and its spans."""

    number: int  # 1 for the first note in the file
    style: str
    text: str
    spans: list[Span]

    @property
    def quiet(self) -> bool:
        """Whether the note holds only look-alikes: nothing a scanner should find."""
        return not self.spans

    def span_text(self, span: Span) -> str:
        return self.text[span[0] : span[1]]


_HEADER: Final = re.compile(r"# style: (\S+)")
_MARK: Final = re.compile(r"\[\[|\]\]")
_FAMILY: Final = re.compile(r"([a-z_]+):")


def load(path: Path | str = PATH) -> list[Note]:
    """The notes in ``path`` (by default the tuning corpus, `PATH`), in order.

    Raises:
        ValueError: naming the note (1 for the first) for a block without a header, an
            unknown style or family, or a malformed marker.
    """
    notes: list[Note] = []
    block: list[str] = []
    first_line = 1
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    for number, line in enumerate([*lines, "---"], start=1):
        if line.strip() == "---":
            if any(part.strip() for part in block):
                notes.append(_note(len(notes) + 1, first_line, block))
            elif number <= len(lines):
                msg = f"note {len(notes) + 1} (line {first_line}): the note is empty"
                raise ValueError(msg)
            block = []
            first_line = number + 1
        else:
            block.append(line)
    return notes


def _note(number: int, line: int, block: list[str]) -> Note:
    where = f"note {number} (line {line})"
    while block and not block[0].strip():
        block = block[1:]
        line += 1
    header = _HEADER.fullmatch(block[0].rstrip())
    if header is None:
        msg = f"{where}: starts with {block[0]!r}, not '# style: <style>'"
        raise ValueError(msg)
    style = header[1]
    if style not in STYLES:
        msg = f"{where}: unknown style {style!r}; styles are {', '.join(STYLES)}"
        raise ValueError(msg)
    marked = "\n".join(block[1:]).strip("\n")
    if not marked.strip():
        msg = f"{where}: the note has a header and no text"
        raise ValueError(msg)
    text, spans = _unmark(marked, where)
    return Note(number=number, style=style, text=text, spans=spans)


def _unmark(marked: str, where: str) -> tuple[str, list[Span]]:
    """The text with its markers taken out, and the spans they marked."""
    parts: list[str] = []
    spans: list[Span] = []
    length = 0
    position = 0
    opened: tuple[int, str] | None = None  # where the open span starts, and its family
    for mark in _MARK.finditer(marked):
        piece = marked[position : mark.start()]
        if mark[0] == "[[":
            if opened is not None:
                msg = f"{where}: a marker opens inside another: {_around(marked, mark.start())}"
                raise ValueError(msg)
            family = _FAMILY.match(marked, mark.end())
            if family is None or family[1] not in FAMILY_CATEGORIES:
                msg = (
                    f"{where}: a marker needs a known family and ':' after '[[': "
                    f"{_around(marked, mark.start())}"
                )
                raise ValueError(msg)
            parts.append(piece)
            length += len(piece)
            opened = (length, family[1])
            position = family.end()
        else:
            if opened is None:
                msg = f"{where}: ']]' closes no marker: {_around(marked, mark.start())}"
                raise ValueError(msg)
            if not piece or piece != piece.strip():
                msg = (
                    f"{where}: a marked span must not be empty, nor start or end with white "
                    f"space: {_around(marked, mark.start())}"
                )
                raise ValueError(msg)
            parts.append(piece)
            length += len(piece)
            spans.append((opened[0], length, opened[1]))
            opened = None
            position = mark.end()
    if opened is not None:
        msg = f"{where}: a marker is never closed: {_around(marked, len(marked))}"
        raise ValueError(msg)
    parts.append(marked[position:])
    return "".join(parts), spans


def _around(text: str, offset: int) -> str:
    return repr(text[max(0, offset - 30) : offset + 30])
