"""Card and phone numbers not written as one run of digits.

Agents write numbers as customers give them: split by dots, slashes, tabs, two
spaces or line breaks ("020.7946.0018", "4111/1111/1111/1111"), or read out digit
by digit in words ("oh seven four double oh ..."). Whatever splits them, the digits
are checked as written ones are: a card passes Luhn in an issuer's range (ISO/IEC
7812-1), a phone number is one `PhoneNumber.parse` accepts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from custrecords.scanning.cards import _CARD, _card_from, _is_card
from custrecords.scanning.contact import _is_phone
from custrecords.scanning.context import _REFERENCE, _embedded, _Scan
from custrecords.scanning.findings import _REDACT, _REJECT

__all__: list[str] = []  # `Scanner` runs these detectors; nothing here is public


# What may stand between the groups of a number besides one space or dash: a dot, a
# slash, a comma, a tab, two spaces or more, a spaced dash, a line break, and the "> "
# that quotes a line of an e-mail.
_SPLITTERS: Final = (".", "/", "\t", "  ", "\n", " -", "- ", ",")
# Digits with any of those between them, ten characters or more. It starts with a digit,
# so that the engine skips to digits fast (a "+" before it is read by `_split_phone`),
# and it is one character class: cheap on every note, the checks in Python run only on
# what it finds.
_SPLIT_RUN: Final = re.compile(r"\d(?=[\d \-./\t\n\r,>]{9})[\d \-./\t\n\r,>]*\d")
_PLAIN_RUN: Final = re.compile(r"\d+(?:[ \-]\d+)*")
_DIGITS: Final = re.compile(r"\d+")
_NOT_DIGITS: Final = re.compile(r"\D+")


# Digits as they are read out: each a word or a digit, "double" and "triple" before one.
_DIGIT_WORDS: Final = {
    **{
        word: str(value)
        for value, word in enumerate("zero one two three four five six seven eight nine".split())
    },
    "oh": "0",
    "nought": "0",
}
_NUMBER_WORDS: Final = frozenset(word.encode() for word in _DIGIT_WORDS)
_SPOKEN_TOKEN: Final = r"(?:" + "|".join([*_DIGIT_WORDS, "double", "triple", r"\d"]) + r")"
# Ten tokens at the least (a phone number's fewest digits), apart by spaces, commas or
# dashes.
_SPOKEN: Final = re.compile(
    rf"(?<![a-z0-9]){_SPOKEN_TOKEN}(?:[\s,\-]+{_SPOKEN_TOKEN}(?![a-z0-9])){{9,}}"
)
_SPOKEN_PART: Final = re.compile(_SPOKEN_TOKEN)


def _spoken_digits(match: re.Match[str]) -> tuple[str, list[tuple[int, int]]]:
    """The digits a spoken run says, and for each the span of the words that say it."""
    digits: list[str] = []
    spans: list[tuple[int, int]] = []
    times = 1
    start = match.start()
    for part in _SPOKEN_PART.finditer(match.string, match.start(), match.end()):
        word = part[0]
        if word in ("double", "triple"):
            times = 2 if word == "double" else 3
            start = part.start()
            continue
        digit = word if word.isdigit() else _DIGIT_WORDS[word]
        digits.extend(digit * times)
        spans.extend([(start if times > 1 else part.start(), part.end())] * times)
        times = 1
    return "".join(digits), spans


def _spoken_number(digits: str, first: int) -> int | None:
    """The end of a card or UK phone number that the digits from ``first`` begin, if any."""
    for last in range(min(len(digits), first + 19), first + 12, -1):
        if _is_card(digits[first:last]):
            return last
    if digits[first] == "0":
        for last in (first + 11, first + 10):
            if last <= len(digits) and _is_phone(digits[first:last]):
                return last
    return None


def _split_numbers(scan: _Scan) -> None:
    """Cards and phone numbers whose groups are split other than by one space or dash.

    Agents write "020.7946.0018", "4111/1111/1111/1111", groups apart by a tab, two
    spaces, " - " or a line break. The same validation applies: a card passes Luhn
    in an issuer's range, a phone number is one `PhoneNumber.parse` accepts.
    """
    text = scan.text
    for match in _SPLIT_RUN.finditer(text):
        if _PLAIN_RUN.fullmatch(match[0]) or len(_NOT_DIGITS.sub("", match[0])) < 10:
            continue  # one space or dash between groups (`scan._numbers` has read it), or short
        if _embedded(text, *match.span()):
            continue
        groups = [(group.start(), group.end()) for group in _DIGITS.finditer(text, *match.span())]
        first = 0
        while first < len(groups):
            last = None
            if not scan.is_claimed(*groups[first]):
                last = _card_from(scan, groups, first)
                if last is None:
                    last = _split_phone(scan, groups, first)
            first = first + 1 if last is None else last + 1


def _split_phone(scan: _Scan, groups: Sequence[tuple[int, int]], first: int) -> int | None:
    """The last group of a phone number that starts at group ``first``, if any."""
    text = scan.text
    start = groups[first][0] - (groups[first][0] > 0 and text[groups[first][0] - 1] == "+")
    if text[start] not in "0+" or _REFERENCE.search(scan.lower, max(0, start - 30), start):
        return None
    digits = 0
    for last in range(first, len(groups)):
        digits += groups[last][1] - groups[last][0]
        if digits > 15:
            return None
        end = groups[last][1]
        candidate = _NOT_DIGITS.sub(" ", text[start:end]).strip()
        if text[start] == "+":
            candidate = "+" + candidate
        if digits >= 10 and not scan.is_claimed(start, end) and _is_phone(candidate):
            scan.add("user.contact.phone_number", (start, end), 0.85, _REDACT, "phone_number")
            scan.claim((start, end))
            return last
    return None


def _spoken_numbers(scan: _Scan) -> None:
    """Card and phone numbers read out digit by digit, in words or mixed with digits.

    "four one one one, one one one one ..." and "oh seven four double oh ..." are
    what an agent types while a customer reads a number out. Each digit is a word
    (`oh` and `nought` are 0; `double` and `triple` repeat the next); the digits are
    then checked as written ones are: Luhn in an issuer's range, or a phone number
    in use.
    """
    for match in _SPOKEN.finditer(scan.lower):
        digits, ends = _spoken_digits(match)
        first = 0
        while first < len(digits):
            last = _spoken_number(digits, first)
            if last is None:
                first += 1
                continue
            span = (ends[first][0], ends[last - 1][1])
            if not scan.is_claimed(*span):
                if last - first >= 13:
                    scan.add(_CARD, span, 0.9, _REJECT, "card_number")
                    scan.cards.append(span)
                else:
                    scan.add("user.contact.phone_number", span, 0.8, _REDACT, "phone_number")
                scan.claim(span)
            first = last
