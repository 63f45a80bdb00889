"""The scanner's shortcuts decide as the slower ways they stand in for.

What the scanner calls a phone number or an e-mail address is what `PhoneNumber.parse`
and `EmailAddress.parse` accept. To be fast on notes dense with contact details, it
reads UK numbers from libphonenumber's metadata without parsing them, and asks
email-validator about each domain once; it searches a note for its word lists only
where a phrase may start: at a word that tells of it, when the note holds every word
of the phrase. These tests hold each shortcut to
what it stands in for.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import EmailAddress, InvalidValue, PhoneNumber, scan_text
from custrecords.scanning.contact import (
    _email_normalized,
    _is_email,
    _is_phone,
    _uk_e164,
    _valid_uk_national,
)
from custrecords.scanning.words import _WORD_BYTES, _WORD_KINDS, _WORDS, _phrase_matches, _told
from custrecords.values import _valid_phone


def _parser_accepts_phone(candidate: str) -> bool:
    try:
        _valid_phone(candidate, "GB", "phone")
    except InvalidValue:
        return False
    return True


def _parser_accepts_email(address: str) -> bool:
    try:
        EmailAddress.parse(address)
    except InvalidValue:
        return False
    return True


def test_uk_national_numbers_are_read_as_the_parser_reads_them_under_every_prefix() -> None:
    # Every four-digit start of a national number (GB, Guernsey, Jersey, the Isle of
    # Man) at the lengths a UK number has after its 0, and every three-digit start at
    # the lengths a +44 number may be written with, each with random rests.
    rng = random.Random(20261130)
    starts = [(str(prefix), length) for prefix in range(1000, 10000) for length in (9, 10)]
    starts += [(str(prefix), length) for prefix in range(100, 1000) for length in (7, 8, 11) * 4]
    valid = 0
    for prefix, length in starts:
        national = prefix + "".join(rng.choices("0123456789", k=length - len(prefix)))
        expected = _parser_accepts_phone("0" + national)
        assert _valid_uk_national(national) is expected, national
        valid += expected
    assert 1_000 < valid < len(starts) - 1_000  # both answers are exercised


_SEPARATOR = st.sampled_from(["", "", "", " ", "-", "  "])


@st.composite
def _uk_numbers(draw: st.DrawFn) -> str:
    """A UK number as people write it: national, +44 or 0044, grouped any way."""
    start = draw(st.sampled_from(["0", "+44", "+44 ", "0044 ", "+44 (0)", "0"]))
    national = draw(st.sampled_from("1235789")) + draw(
        st.text("0123456789", min_size=8, max_size=9)
    )
    written = "".join(digit + draw(_SEPARATOR) for digit in national).rstrip(" -")
    if start == "0" and draw(st.booleans()):
        return f"(0{written[:3]}){written[3:]}"
    return start + written


@pytest.mark.parametrize(
    "number",
    [
        "+44 1800208001111",  # text relay's 18002 before a freephone number: parsed
        "004418002074001234",
        "+44 (0)20 7946 0000",
        "0044 7400 123456",
        "(01632) 960 001",
    ],
)
def test_numbers_the_parser_reads_its_own_way_are_left_to_it(number: str) -> None:
    assert _is_phone(number) is _parser_accepts_phone(number)


@given(_uk_numbers())
def test_a_written_uk_number_is_a_phone_exactly_when_the_parser_accepts_it(number: str) -> None:
    assert _is_phone(number) is _parser_accepts_phone(number)


_ATEXT = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789!#$%&'*+/=?^_`{|}~-."
_DOMAINS = [
    "example.com",
    "Example.CO.UK",
    "mail.example.org",
    "localhost",
    "example.test",
    "printer.local",
    "x.invalid",
    "example..com",
    "-example.com",
    "example-.com",
    "example.123",
    "ex_ample.com",
    "xn--bcher-kva.example",
    "a" * 63 + ".com",
    ".".join(["a" * 60] * 4) + ".com",
]


@given(st.text(_ATEXT, min_size=1, max_size=70), st.sampled_from(_DOMAINS))
def test_an_address_is_an_email_exactly_when_the_parser_accepts_it(local: str, domain: str) -> None:
    address = f"{local}@{domain}"
    assert _is_email(address, len(local)) is _parser_accepts_email(address)


def _parser_e164(written: str) -> str | None:
    try:
        return PhoneNumber.parse(written).e164
    except InvalidValue:
        return None


def _parser_email(address: str) -> str | None:
    try:
        return EmailAddress.parse(address).normalized
    except InvalidValue:
        return None


def test_a_plain_uk_number_has_the_e164_form_the_parser_gives_under_every_prefix() -> None:
    # As for validity above: every four-digit start written with a 0, every three-digit
    # start written with +44, and the shortcut reads each one the parser accepts.
    rng = random.Random(20261201)
    written = [
        f"0{prefix}{''.join(rng.choices('0123456789', k=length - 4))}"
        for prefix in range(1000, 10000)
        for length in (9, 10)
    ]
    written += [
        f"+44 {prefix}{''.join(rng.choices('0123456789', k=length - 3))}"
        for prefix in range(100, 1000)
        for length in (7, 8, 9, 10, 11)
    ]
    read = 0
    for number in written:
        expected = _parser_e164(number)
        shortcut = _uk_e164(number)
        assert shortcut in (None, expected), number
        if expected is not None and number[1] not in "046":
            assert shortcut == expected, number
        read += shortcut is not None
    assert read > 1_000


@given(_uk_numbers())
def test_a_written_uk_number_has_the_parser_s_e164_form_when_the_shortcut_reads_it(
    number: str,
) -> None:
    assert _uk_e164(number) in (None, _parser_e164(number))
    if number.startswith(("0", "(0")) and not number.startswith("00"):
        assert _uk_e164(number) == _parser_e164(number)  # read whenever written with a 0


@pytest.mark.parametrize(
    "number", ["+44 1800208001111", "004418002074001234", "+44 (0)20 7946 0000", "0800 123"]
)
def test_numbers_the_shortcut_does_not_read_are_left_to_the_parser(number: str) -> None:
    assert _uk_e164(number) is None


@given(
    st.text(_ATEXT, min_size=1, max_size=70)
    | st.sampled_from(["Postmaster", "ABUSE", "Jane.Doe", "webmaster"]),
    st.sampled_from(_DOMAINS),
)
def test_an_address_has_the_parser_s_normal_form_when_the_shortcut_reads_it(
    local: str, domain: str
) -> None:
    address = f"{local}@{domain}"
    expected = _parser_email(address)
    assert _email_normalized(address) in (None, expected)
    if expected is not None and local.lower() not in ("postmaster", "abuse", "webmaster"):
        assert _email_normalized(address) == expected


def _found_as_searched(note: str) -> list[tuple[int, int]]:
    lower = note.lower()
    words = lower.encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split()
    return [match.span() for match in _phrase_matches(lower, _told(words))]


def _found_everywhere(note: str) -> list[tuple[int, int]]:
    return [match.span() for match in _WORDS.finditer(note.lower())]


@pytest.mark.parametrize("phrase", sorted(_WORD_KINDS))
def test_a_note_holding_a_phrase_is_searched_for_it(phrase: str) -> None:
    for written in (phrase, phrase.replace(" ", "\n  "), phrase.upper(), f"'{phrase}'"):
        note = f"Spoke to cust; ({written}), then {written} closed."
        assert _found_as_searched(note) == _found_everywhere(note) != []


_PHRASE_WORDS = sorted({word for phrase in _WORD_KINDS for word in re.split(r"[\s-]+", phrase)})


@given(
    st.lists(
        st.tuples(
            st.sampled_from([*_PHRASE_WORDS, "spin", "o'", "x"]),
            st.sampled_from([" ", "  ", "-", "\n", ", ", "'", ".", ""]),
        ),
        max_size=16,
    )
)
def test_searching_where_a_phrase_may_start_finds_what_searching_everywhere_finds(
    parts: list[tuple[str, str]],
) -> None:
    note = "".join(word + gap for word, gap in parts)
    assert _found_as_searched(note) == _found_everywhere(note)


@pytest.mark.parametrize(
    "note",
    ["cust says she has 'depression', wants letters", "Told us he is 'diabetic'.", "'PIN' 4821"],
)
def test_a_word_in_quote_marks_is_found(note: str) -> None:
    assert scan_text(note)
