"""Card, phone and other numbers not written as one run of digits.

Agents write numbers as customers give them: split by dots, slashes, tabs, two
spaces or line breaks ("020.7946.0018", "4111/1111/1111/1111"), over several chat
messages, or read out digit by digit in words ("oh seven four double oh ...").
Whatever splits them, the digits are checked as written ones are: a card passes Luhn
in an issuer's range (ISO/IEC 7812-1), a phone number is one `PhoneNumber.parse`
accepts, a sort code pairs with an account number (`bank`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from custrecords._checks import nhs_valid
from custrecords.errors import InvalidValue
from custrecords.scanning.bank import _loose_sort_codes
from custrecords.scanning.cards import _CARD, _MOST_GROUPS, _card_from, _is_card
from custrecords.scanning.contact import _is_phone
from custrecords.scanning.context import _REFERENCE, _embedded, _named, _Scan
from custrecords.scanning.findings import _REDACT, _REJECT
from custrecords.scanning.identifiers import _NHS_NAMED
from custrecords.values import EmailAddress

__all__: list[str] = []  # `Scanner` runs these detectors; nothing here is public


# What may stand between the groups of a number besides one space or dash: a dot, a
# slash, a comma, a tab, two spaces or more, a spaced dash, a line break, and the "> "
# that quotes a line of an e-mail.
_SPLITTERS: Final = (".", "/", "\t", "  ", "\n", " -", "- ", ",", "\x0b", "\x0c", "\x00")
# Digits with any of those between them, ten characters or more. It starts with a digit,
# so that the engine skips to digits fast (a "+" before it is read by `_split_phone`),
# and it is one character class: cheap on every note, the checks in Python run only on
# what it finds.
# Two digits between dots, as in a sort code written "60.16.13". Starting with a
# literal, the pattern is searched for as fast as a substring is.
_DOTTED_PAIR: Final = re.compile(r"\.\d\d\.")
# A vertical tab (Word's line break), a form feed or a NUL splits groups too.
_SPLIT_RUN: Final = re.compile(
    r"\d(?=[\d \-./\t\n\r,>\x0b\x0c\x00]{9})[\d \-./\t\n\r,>\x0b\x0c\x00]*\d"
)
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


# A chat message that holds only digits, in groups: "[10:01] Customer: 4111 1111". The
# speaker is what stands before the colon; the digits are the whole of the message.
_CHAT_DIGITS: Final = re.compile(
    r"^[ \t]*(?:\[[^\]\n]{1,24}\][ \t]*)?(?P<who>[A-Za-z][^\n:\]]{0,39}):[ \t]*"
    r"(?P<digits>\d+(?:[ \-]\d+)*)[ \t]*\r?$",
    re.MULTILINE,
)


def _chat_cards(scan: _Scan) -> None:
    """A card number sent over several chat messages by one speaker, one after another.

    "[10:01] Customer: 4111 1111" then "[10:01] Customer: 1111 1111" is one card: the
    digits of messages in a row are checked together, as written ones are (Luhn, in an
    issuer's range). Each message's digits are a finding of their own, so that
    redacting them leaves the transcript's lines as they were.
    """
    text = scan.text
    pieces: list[tuple[int, int]] = []  # the digits of each message in the row
    who = ""
    last_end = -2
    for match in _CHAT_DIGITS.finditer(text):
        if match.start() != last_end + 1 or match["who"] != who:
            _chat_card(scan, pieces)
            pieces = []
        who, last_end = match["who"], match.end()
        pieces.append(match.span("digits"))
    _chat_card(scan, pieces)


def _chat_card(scan: _Scan, pieces: list[tuple[int, int]]) -> None:
    """Cards among the digits of messages in a row, where one runs over more than one."""
    if len(pieces) < 2:
        return  # one message's digits are a run of their own, read by `scan._numbers`
    groups = [group.span() for piece in pieces for group in _DIGITS.finditer(scan.text, *piece)]
    first = 0
    while first < len(groups):
        last = _card_across(scan, groups, first) if not scan.is_claimed(*groups[first]) else None
        first = first + 1 if last is None else last + 1


def _card_across(scan: _Scan, groups: Sequence[tuple[int, int]], first: int) -> int | None:
    """The last group of a card that starts at group ``first`` and runs on, if any."""
    text = scan.text
    digits = ""
    for last in range(first, min(len(groups), first + _MOST_GROUPS)):
        digits += text[groups[last][0] : groups[last][1]]
        if len(digits) > 19:
            return None
        if last > first and "\n" in text[groups[first][0] : groups[last][1]] and _is_card(digits):
            # One finding for each message's part, which `_expiry_dates` looks after.
            for start, end in _by_line(text, groups[first][0], groups[last][1], groups):
                scan.add(_CARD, (start, end), 0.9, _REJECT, "card_number")
                scan.cards.append((start, end))
                scan.claim((start, end))
            return last
    return None


def _by_line(
    text: str, start: int, end: int, groups: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The groups between ``start`` and ``end``, merged where they share a line."""
    spans: list[tuple[int, int]] = []
    for group in groups:
        if group[0] < start or group[1] > end:
            continue
        if spans and "\n" not in text[spans[-1][1] : group[0]]:
            spans[-1] = (spans[-1][0], group[1])
        else:
            spans.append(group)
    return spans


def _split_numbers(scan: _Scan) -> None:
    """Cards and phone numbers whose groups are split other than by one space or dash.

    Agents write "020.7946.0018", "4111/1111/1111/1111", groups apart by a tab, two
    spaces, " - " or a line break. The same validation applies: a card passes Luhn
    in an issuer's range, a phone number is one `PhoneNumber.parse` accepts.
    """
    text = scan.text
    if "\n" in text and ":" in text:
        _chat_cards(scan)
    if " - " in text or _DOTTED_PAIR.search(text):
        _loose_sort_codes(scan)
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
                first += 1 + _spoken_nhs_number(scan, digits, ends, first)
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


def _spoken_nhs_number(scan: _Scan, digits: str, spans: list[tuple[int, int]], first: int) -> int:
    """An NHS number read out from digit ``first``, named as one; the digits it used past one.

    "nine nine nine, two four two, six four six two": ten digits passing the NHS Data
    Dictionary's modulus 11 check, named ("NHS number") as `identifiers` needs them
    to be, for one number in eleven passes by chance.
    """
    number = digits[first : first + 10]
    span = (spans[first][0], spans[first + 9][1]) if len(number) == 10 else None
    if (
        span is None
        or not nhs_valid(number)
        or scan.is_claimed(*span)
        or not _named(_NHS_NAMED, scan.lower, span, before=60)
    ):
        return 0
    scan.add("user.health.record_id", span, 0.95, _REDACT, "nhs_number")
    scan.claim(span)
    return 9


# An e-mail address read out: "jo dot bloggs at example dot com". The words that stand
# for what separates its parts, and the parts.
_SPOKEN_MARKS: Final = {"dot": ".", "underscore": "_", "dash": "-", "hyphen": "-"}
_ADDRESS_PART: Final = re.compile(r"[a-z0-9]+(?:[._\-][a-z0-9]+)*")
_MORE_DOMAIN: Final = re.compile(r"\s+dot\s+[a-z]{2,6}(?![a-z0-9])")
_EMAIL_WORD: Final = re.compile(r"(?<![a-z])(?:e-?mail|address)(?![a-z])")


def _spoken_email(scan: _Scan, start: int, end: int) -> None:
    """An e-mail address read out in words, ending with the "dot com" at ``start:end``.

    Written back with "@", ".", "_" and "-" for the words, it must be an address
    `EmailAddress.parse` accepts; and since "look at bbc dot co dot uk" reads as one
    too, it counts only where its local part has a word for a mark or a digit in it,
    or an e-mail is named just before it.
    """
    lower = scan.lower
    while (more := _MORE_DOMAIN.match(lower, end)) is not None:
        end = more.end()
    parts = list(_ADDRESS_PART.finditer(lower, max(0, start - 120), end))
    # From the end back: the domain's labels and "dot"s, then "at", then the local part.
    index = len(parts) - 1
    domain: list[str] = []
    while index >= 1 and _joined(lower, parts[index - 1], parts[index]):
        domain.insert(0, parts[index][0])
        if parts[index - 1][0] == "at":
            break
        if parts[index - 1][0] != "dot":
            return
        domain.insert(0, ".")
        index -= 2
    else:
        return
    index -= 1  # the "at"
    if index < 1 or not _joined(lower, parts[index - 1], parts[index]):
        return
    index -= 1
    local = [parts[index][0]]
    marked = any(character.isdigit() for character in parts[index][0])
    while (
        index >= 2
        and parts[index - 1][0] in _SPOKEN_MARKS
        and _joined(lower, parts[index - 1], parts[index])
        and _joined(lower, parts[index - 2], parts[index - 1])
    ):
        local[:0] = [parts[index - 2][0], _SPOKEN_MARKS[parts[index - 1][0]]]
        marked = True
        index -= 2
    first = parts[index].start()
    if not marked and _EMAIL_WORD.search(lower, max(0, first - 40), first) is None:
        return
    try:
        EmailAddress.parse("".join(local) + "@" + "".join(domain))
    except InvalidValue:
        return
    if not scan.is_claimed(first, end):
        scan.add("user.contact.email", (first, end), 0.8, _REDACT, "email_address")
        scan.claim((first, end))


def _joined(lower: str, before: re.Match[str], after: re.Match[str]) -> bool:
    """Whether two parts are one word apart: nothing but spaces between them."""
    return lower[before.end() : after.start()].isspace()
