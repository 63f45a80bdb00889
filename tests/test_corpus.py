"""The hand-written corpora of notes are what they say they are.

Four corpora, each checked the same way: tests/data/notes.txt;
tests/data/notes_heldout.txt, written after the scanner was tuned and never used to tune
it; tests/data/notes_unseen.txt, written apart from the scanner (its writer never
read the scanner's code nor ran it on the notes), whose misses are never used to tune
it; and tests/data/notes_secrets.txt, secrets and card data only, written after the
scanner's second tuning, apart from its code, to find the kinds of secret it misses (its
misses are read and used to tune it). These tests check the corpora, never the scanner:
every labelled span is valid by its published rule, each corpus is big and varied enough,
and what is left unlabelled holds nothing a human reviewer would flag. The scanner's
recall and precision on them are measured by ``benchmarks/corpus.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import pytest
from labelled_notes import (
    FAMILIES,
    FAMILY_CATEGORIES,
    HELD_OUT,
    PATH,
    SECRETS,
    STYLES,
    UNSEEN,
    Note,
    load,
)

from custrecords import EmailAddress, PhoneNumber
from custrecords.errors import InvalidValue
from custrecords.taxonomy import is_data_category


@dataclass(frozen=True)
class Corpus:
    """A corpus's notes, and the least it must hold."""

    notes: list[Note]
    least_notes: int
    # Families that must have more labelled spans than the least every family has.
    least_spans: Mapping[str, int] = field(default_factory=dict)
    # The families the corpus must label (at least 10 spans each); it labels no others
    # but may label them.
    families: tuple[str, ...] = FAMILIES


CORPORA: Final = {
    "notes": Corpus(load(PATH), least_notes=400),
    # Written after the scanner was tuned, and never used to tune it.
    "heldout": Corpus(
        load(HELD_OUT),
        least_notes=250,
        least_spans={"card": 20, "security_code": 20, "pin": 20, "password": 20},
    ),
    # Written apart from the scanner, and never used to tune it.
    "unseen": Corpus(
        load(UNSEEN),
        least_notes=300,
        least_spans={"card": 25, "security_code": 25, "pin": 25, "password": 25},
    ),
    # Secrets and card data only; written after the second tuning, and used to tune.
    "secrets": Corpus(
        load(SECRETS),
        least_notes=220,
        least_spans={"card": 40, "expiry": 30, "security_code": 50, "pin": 50, "password": 60},
        families=("card", "expiry", "security_code", "pin", "password"),
    ),
}


@pytest.fixture(params=list(CORPORA))
def corpus(request: pytest.FixtureRequest) -> Corpus:
    name: str = request.param
    return CORPORA[name]


# --- the published rules -------------------------------------------------------------------

_WORD_DIGITS: Final = {
    "zero": "0",
    "nought": "0",
    "oh": "0",
    "o": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_REPEATS: Final = {"double": 2, "triple": 3}


def spoken_digits(text: str) -> str | None:
    """The digits of a number read out in words ("oh seven four double oh ..."), or None."""
    digits: list[str] = []
    repeat = 1
    for word in re.findall(r"[a-z]+|\d+", text.lower()):
        if word in _REPEATS:
            repeat = _REPEATS[word]
            continue
        digit = word if word.isdigit() else _WORD_DIGITS.get(word)
        if digit is None:
            return None
        digits.append(digit * repeat)
        repeat = 1
    return "".join(digits)


def digits_of(text: str) -> str | None:
    """The digits of a number as written: grouped any way, or read out in words."""
    if re.search(r"[a-z]", text, re.IGNORECASE):
        return spoken_digits(text)
    return re.sub(r"\D", "", text)


def luhn(digits: str) -> bool:
    """The Luhn (mod 10) check of ISO/IEC 7812-1."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


# Issuers' ranges and lengths (the networks' published tables), to tell a card number
# from a reference that passes Luhn by chance.
_ISSUERS: Final = (
    ("4", "4", (13, 16, 19)),
    ("51", "55", (16,)),
    ("2221", "2720", (16,)),
    ("34", "34", (15,)),
    ("37", "37", (15,)),
    ("6011", "6011", (16, 17, 18, 19)),
    ("644", "649", (16, 17, 18, 19)),
    ("65", "65", (16, 17, 18, 19)),
    ("62", "62", (16, 17, 18, 19)),
    ("3528", "3589", (16, 17, 18, 19)),
    ("36", "36", (14, 15, 16, 17, 18, 19)),
    ("300", "305", (14, 16, 17, 18, 19)),
    ("38", "39", (14, 16, 17, 18, 19)),
    ("5018", "5018", tuple(range(12, 20))),
    ("5020", "5020", tuple(range(12, 20))),
    ("5038", "5038", tuple(range(12, 20))),
    ("5893", "5893", tuple(range(12, 20))),
    ("6304", "6304", tuple(range(12, 20))),
    ("6759", "6759", tuple(range(12, 20))),
    ("6761", "6763", tuple(range(12, 20))),
)


def in_issuer_range(digits: str) -> bool:
    return any(
        len(digits) in lengths and int(low) <= int(digits[: len(low)]) <= int(high)
        for low, high, lengths in _ISSUERS
    )


def valid_card(text: str) -> bool:
    digits = digits_of(text)
    return digits is not None and 13 <= len(digits) <= 19 and luhn(digits)


_MONTHS: Final = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_NAMED_MONTH: Final = re.compile(r"([a-z]{3})[a-z]*\.?\s*'?(\d{2}|20\d{2})", re.IGNORECASE)


def valid_expiry(text: str) -> bool:
    """A month and year: in digits ("09/28", "0928"), read out, or named ("Sept 28")."""
    named = _NAMED_MONTH.fullmatch(text.strip())
    if named is not None and named[1].lower() in _MONTHS:
        return True
    compact = re.sub(r"\s", "", text)
    if re.search(r"[a-z]", text, re.IGNORECASE):
        compact = spoken_digits(text) or ""
    return re.fullmatch(r"(0?[1-9]|1[0-2])[/.\-]?(\d{2}|20\d{2})", compact) is not None


def digit_count(*counts: int) -> Callable[[str], bool]:
    def valid(text: str) -> bool:
        digits = digits_of(text)
        return digits is not None and len(digits) in counts

    return valid


def valid_password(text: str) -> bool:
    return len(text) >= 3 and set(text) != {"*"}


_TRACK1: Final = re.compile(r"%?B(\d{12,19})\^[^^\n]{2,26}\^\d{7}[^?\n]*\??")
_TRACK2: Final = re.compile(r";?(\d{12,19})=\d{7}\d*\??")


def valid_track(text: str) -> bool:
    match = _TRACK1.fullmatch(text) or _TRACK2.fullmatch(text)
    return match is not None and luhn(match[1])


# HMRC's National Insurance Manual, NIM39110.
_NINO_FIRST: Final = set("ABCEGHJKLMNOPRSTWXYZ")
_NINO_SECOND: Final = set("ABCEGHJKLMNPRSTWXYZ")
_NINO_UNISSUED: Final = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
_NINO: Final = re.compile(r"([A-Z]{2})(\d{6})([A-D]?)")


def valid_nino(text: str) -> bool:
    match = _NINO.fullmatch(re.sub(r"[\s\-]", "", text.upper()))
    if match is None:
        return False
    prefix = match[1]
    return prefix[0] in _NINO_FIRST and prefix[1] in _NINO_SECOND and prefix not in _NINO_UNISSUED


def valid_nhs(text: str) -> bool:
    """NHS number: ten digits, the last a mod 11 check digit (never 10)."""
    digits = digits_of(text)
    if digits is None or len(digits) != 10:
        return False
    check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    return check != 10 and check % 11 == int(digits[9])


# IBAN lengths by country (the SWIFT IBAN registry), for the countries in the corpus.
_IBAN_LENGTHS: Final = {
    "AT": 20, "BE": 16, "CH": 21, "DE": 22, "DK": 18, "ES": 24, "FI": 18, "FR": 27,
    "GB": 22, "IE": 22, "IT": 27, "LU": 20, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "SE": 24,
}  # fmt: skip


def iban_checks(iban: str) -> bool:
    """ISO 7064 mod 97-10, as ISO 13616 applies it to an IBAN."""
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def iban_at_start(text: str) -> str:
    """The IBAN that ``text`` starts with: as many characters as its country's IBANs have."""
    length = _IBAN_LENGTHS.get(text[:2].upper(), 0)
    taken = 0
    for end, char in enumerate(text, start=1):
        taken += not char.isspace()
        if taken == length:
            return text[:end]
    return text


def valid_iban(text: str) -> bool:
    iban = re.sub(r"\s", "", text.upper())
    return (
        re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", iban) is not None
        and _IBAN_LENGTHS.get(iban[:2]) == len(iban)
        and iban_checks(iban)
    )


# DVLA: five letters of the surname (padded with 9), the decade digit of the year of
# birth, the month (plus 50 for women), the day, the year's last digit, two initials
# (padded with 9), a digit (usually 9) and two check characters.
_DRIVING_LICENCE: Final = re.compile(
    r"(?=[A-Z]{1,5}9*\d)[A-Z9]{5}\d(\d{2})(\d{2})\d[A-Z][A-Z9]\d[A-Z]{2}"
)


def valid_driving_licence(text: str) -> bool:
    match = _DRIVING_LICENCE.fullmatch(re.sub(r"\s", "", text.upper()))
    if match is None:
        return False
    month, day = int(match[1]), int(match[2])
    return (1 <= month <= 12 or 51 <= month <= 62) and 1 <= day <= 31


def written_email(text: str) -> str:
    """An address as written, with a spelt-out "at", "dot", "underscore" put back."""
    if "@" in text:
        return text
    for word, char in (("at", "@"), ("dot", "."), ("underscore", "_"), ("dash", "-")):
        text = re.sub(rf"\s+{word}\s+", char, text)
    return text


def valid_email(text: str) -> bool:
    try:
        EmailAddress.parse(written_email(text))
    except InvalidValue:
        return False
    return True


def valid_phone(text: str) -> bool:
    written = text
    if re.search(r"[a-z]", text, re.IGNORECASE):
        spoken = spoken_digits(text)
        if spoken is None:
            return False
        written = spoken
    try:
        PhoneNumber.parse(written)
    except InvalidValue:
        return False
    return True


RULES: Final[dict[str, Callable[[str], bool]]] = {
    "card": valid_card,
    "expiry": valid_expiry,
    "security_code": digit_count(3, 4),
    "pin": digit_count(4, 5, 6),
    "password": valid_password,
    "track": valid_track,
    "nino": valid_nino,
    "nhs": valid_nhs,
    "sort_code": digit_count(6),
    "account_number": digit_count(8),
    "iban": valid_iban,
    "passport": digit_count(9),
    "driving_licence": valid_driving_licence,
    "email": valid_email,
    "phone": valid_phone,
    "special_category": lambda text: re.search(r"[a-z]", text, re.IGNORECASE) is not None,
}


# --- the corpus ------------------------------------------------------------------------------


def test_the_corpus_has_enough_notes(corpus: Corpus) -> None:
    notes = corpus.notes
    assert len(notes) >= corpus.least_notes
    assert [note.number for note in notes] == list(range(1, len(notes) + 1))


def test_every_style_is_written_in(corpus: Corpus) -> None:
    styles = Counter(note.style for note in corpus.notes)
    assert set(styles) == set(STYLES)
    assert min(styles.values()) >= 40, styles


def test_every_family_is_labelled_and_has_a_category(corpus: Corpus) -> None:
    families = Counter(family for note in corpus.notes for *_, family in note.spans)
    assert set(corpus.families) <= set(families) <= set(FAMILIES)
    assert min(families[family] for family in corpus.families) >= 10, families
    short = {f: families[f] for f, least in corpus.least_spans.items() if families[f] < least}
    assert not short, short
    assert set(RULES) == set(FAMILIES)
    for family, categories in FAMILY_CATEGORIES.items():
        assert categories, family
        assert all(is_data_category(category) for category in categories), family


def test_at_least_a_third_of_the_notes_hold_only_look_alikes(corpus: Corpus) -> None:
    quiet = [note for note in corpus.notes if note.quiet]
    assert len(quiet) * 3 >= len(corpus.notes)
    assert {note.style for note in quiet} == set(STYLES)


def test_spans_are_in_order_and_apart(corpus: Corpus) -> None:
    for note in corpus.notes:
        ends = [0]
        for start, end, _ in note.spans:
            assert ends[-1] <= start < end <= len(note.text), note.number
            ends.append(end)


def _labelled(notes: list[Note], family: str) -> list[tuple[int, str]]:
    return [
        (note.number, note.span_text(span))
        for note in notes
        for span in note.spans
        if span[2] == family
    ]


@pytest.mark.parametrize("family", FAMILIES)
def test_every_labelled_span_is_valid_by_its_published_rule(corpus: Corpus, family: str) -> None:
    labelled = _labelled(corpus.notes, family)
    invalid = [(number, text) for number, text in labelled if not RULES[family](text)]
    assert not invalid, f"{family} spans that fail the rule (note, text): {invalid}"


# --- what is left unlabelled -----------------------------------------------------------------


def unlabelled(note: Note) -> str:
    """The note's text with its labelled spans blanked out."""
    text = note.text
    for start, end, _ in note.spans:
        text = text[:start] + "\0" * (end - start) + text[end:]
    return text


_DIGIT_RUN: Final = re.compile(r"(?<![\d.])\d+(?:[ \-]\d+)*(?![\d.]\d)")
_EMAIL_LIKE: Final = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_PHONE_LIKE: Final = re.compile(r"(?<![\w+\-.:])(?:\+\d|\(?0)[\d ().\-]{7,18}\d(?!\d)")
_IBAN_LIKE: Final = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}", re.IGNORECASE)
_NINO_LIKE: Final = re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.IGNORECASE)


def test_no_unlabelled_number_is_a_card_a_human_would_flag(corpus: Corpus) -> None:
    """A number that passes Luhn in an issuer's range is a card to a reviewer: labelled."""
    flagged = [
        (note.number, run[0])
        for note in corpus.notes
        for run in _DIGIT_RUN.finditer(unlabelled(note))
        if 13 <= len(digits := re.sub(r"\D", "", run[0])) <= 19
        and luhn(digits)
        and in_issuer_range(digits)
    ]
    assert not flagged


def test_no_unlabelled_email_address_or_phone_number(corpus: Corpus) -> None:
    flagged = [
        (note.number, found[0])
        for note in corpus.notes
        for found in _EMAIL_LIKE.finditer(unlabelled(note))
        if valid_email(found[0])
    ]
    flagged += [
        (note.number, found[0])
        for note in corpus.notes
        for found in _PHONE_LIKE.finditer(unlabelled(note))
        if valid_phone(found[0].strip(" ().-"))
    ]
    assert not flagged


def test_no_unlabelled_iban_or_national_insurance_number(corpus: Corpus) -> None:
    flagged = [
        (note.number, found[0])
        for note in corpus.notes
        for found in _IBAN_LIKE.finditer(unlabelled(note))
        if valid_iban(iban_at_start(found[0]))
    ]
    flagged += [
        (note.number, found[0])
        for note in corpus.notes
        for found in _NINO_LIKE.finditer(unlabelled(note))
        if valid_nino(found[0])
    ]
    assert not flagged


# --- the loader ------------------------------------------------------------------------------


def test_markers_are_taken_out_and_spans_point_at_their_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(
        "# style: agent\nPaid by [[card:4111 1111 1111 1111]] exp [[expiry:09/28]]\n"
        "---\n# style: chat\n[09:15] Customer: hi\n\tbye\n",
        encoding="utf-8",
    )
    first, second = load(path)
    assert first.text == "Paid by 4111 1111 1111 1111 exp 09/28"
    assert [(first.span_text(span), span[2]) for span in first.spans] == [
        ("4111 1111 1111 1111", "card"),
        ("09/28", "expiry"),
    ]
    assert (second.number, second.style, second.text, second.quiet) == (
        2,
        "chat",
        "[09:15] Customer: hi\n\tbye",
        True,
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("# style: agent\nPaid by [[card:4111 1111 1111 1111 exp 09/28", "never closed"),
        ("# style: agent\nPaid by card:4111]] exp 09/28", "closes no marker"),
        ("# style: agent\n[[card:4111 [[expiry:09/28]] ]]", "opens inside another"),
        ("# style: agent\nPaid by [[visa:4111]]", "known family"),
        ("# style: agent\nPaid by [[card 4111]]", "known family"),
        ("# style: agent\nPaid by [[card: 4111]]", "white space"),
        ("# style: agent\nPaid by [[card:]]", "empty"),
        ("# style: memo\nPaid", "unknown style"),
        ("Paid by card", "not '# style"),
        ("# style: agent\n", "no text"),
    ],
)
def test_a_malformed_note_is_named(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(f"# style: agent\nfine\n---\n{text}\n---\n# style: chat\nfine\n")
    with pytest.raises(ValueError, match=f"^note 2 .*{re.escape(problem)}"):
        load(path)


def test_an_empty_block_is_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("# style: agent\nfine\n---\n---\n# style: chat\nfine\n")
    with pytest.raises(ValueError, match=r"^note 2 .*empty"):
        load(path)
