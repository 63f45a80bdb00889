"""Payment cards: card numbers, expiry dates, track data, security codes and PINs.

A card number is validated, not matched: it passes the Luhn check and falls in an
issuer's range, with a length that issuer issues (ISO/IEC 7812-1, and the card
schemes' published ranges). PCI DSS lets no sensitive authentication data be kept
after authorisation (requirement 3.3.1: the full track data, the card verification
code, the PIN), and a card number only where it is unreadable (3.5.1), which a note
is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from custrecords._checks import luhn
from custrecords.scanning.context import (
    _NEXT_MESSAGE,
    _REFERENCE,
    _REFERENCE_WORDS,
    _embedded,
    _label,
    _Scan,
)
from custrecords.scanning.findings import _REJECT, _REVIEW

__all__: list[str] = []  # `Scanner` runs these detectors; nothing here is public

_CARD: Final = "user.financial.credit_card"

# The number a label names is that label's, not a card: "order no. 4929 ...".
# A customer's or an account's number is not a card either, though it may be a phone's.
_LABEL: Final = _label(
    f"{_REFERENCE_WORDS}|customer|member|membership|account|acct|a/c|auth|authorisation|"
    "authorization"
)
# Who speaks in a chat transcript, at the start of a line, after the time if any:
# "[10:10] Customer: ", "14:02 Customer: ", "2024-05-12 14:02:11 Member: ". A speaker
# named "Customer" gives a number; it does not name it a customer number.
_SPEAKER: Final = re.compile(
    r"^[ \t]*(?:\[[^\]\n]{1,24}\][ \t]*"
    r"|\(?(?:\d{4}-\d{2}-\d{2}[ t])?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]m)?\)?[ \t]+)?"
    # Not a label's own words: "Customer no: 4111...".
    r"[a-z][a-z .'\-]{0,30}(?<![ .]no)(?<!num)(?<!number)(?<![ .]id)(?<!ref):[ \t]*$",
    re.MULTILINE,
)


def _labelled(lower: str, start: int) -> bool:
    """Whether a label right before ``start`` names the number something other than a card."""
    return _LABEL.search(lower, max(0, start - 30), start) is not None and (
        _SPEAKER.search(lower, max(0, start - 70), start) is None
    )


# Words that make a number about a payment card.
# No look-behind at the start: a pattern that starts with its words lets the engine
# skip to their first letters; `_paid_by_card` checks the word's start instead.
_PAYMENT: Final = re.compile(
    r"(?:cards?|visa|master\s?card|amex|american\s+express|maestro|debit|credit|"
    r"paid|paying|pay|payment|pan|long\s+number)(?![a-z])"
)


def _paid_by_card(lower: str, start: int, end: int) -> bool:
    """Whether a word about paying by card is in ``lower[start:end]``."""
    match = _PAYMENT.search(lower, max(0, start), end)
    while match is not None and match.start() and lower[match.start() - 1].isalpha():
        match = _PAYMENT.search(lower, match.start() + 1, end)
    return match is not None


# Issuer identification numbers in use, with the lengths each issues (ISO/IEC 7812;
# the networks' published ranges). Mastercard's 2-series (2221-2720, since 2017) and
# 19-digit Visa, Discover, JCB and UnionPay numbers are included.
_ISSUERS: Final[tuple[tuple[str, str, tuple[int, ...]], ...]] = (
    ("4", "4", (13, 16, 19)),  # Visa, Visa Electron, Visa Debit
    ("51", "55", (16,)),  # Mastercard
    ("2221", "2720", (16,)),  # Mastercard 2-series
    ("34", "34", (15,)),  # American Express
    ("37", "37", (15,)),
    ("6011", "6011", (16, 17, 18, 19)),  # Discover
    ("644", "649", (16, 17, 18, 19)),
    ("65", "65", (16, 17, 18, 19)),  # Discover, RuPay, Troy
    ("62", "62", (16, 17, 18, 19)),  # UnionPay
    ("81", "82", (16, 17, 18, 19)),  # UnionPay, RuPay
    ("60", "60", (16,)),  # RuPay
    ("508", "508", (16,)),
    ("3528", "3589", (16, 17, 18, 19)),  # JCB
    ("36", "36", (14, 15, 16, 17, 18, 19)),  # Diners Club International
    ("300", "305", (14, 16, 17, 18, 19)),  # Diners Club Carte Blanche: 14 digits
    ("3095", "3095", (16, 17, 18, 19)),
    ("38", "39", (14, 16, 17, 18, 19)),
    ("5018", "5018", tuple(range(12, 20))),  # Maestro
    ("5020", "5020", tuple(range(12, 20))),
    ("5038", "5038", tuple(range(12, 20))),
    ("5893", "5893", tuple(range(12, 20))),
    ("6304", "6304", tuple(range(12, 20))),
    ("6759", "6759", tuple(range(12, 20))),  # Maestro UK
    ("6761", "6763", tuple(range(12, 20))),
    ("5019", "5019", (16,)),  # Dankort
    ("506099", "506198", (16, 18, 19)),  # Verve
    ("650002", "650027", (16, 18, 19)),
    ("2200", "2204", (16, 17, 18, 19)),  # Mir
    ("1", "1", (15,)),  # UATP
    ("8600", "8600", (16,)),  # UzCard
    ("9792", "9792", (16,)),  # Troy
    ("9860", "9860", (16,)),  # Humo
)


def _prefixes(issuers: Iterable[tuple[str, str, tuple[int, ...]]]) -> dict[str, frozenset[int]]:
    """Every issuer prefix spelled out, with the lengths of number it issues."""
    table: dict[str, set[int]] = {}
    for low, high, lengths in issuers:
        for prefix in range(int(low), int(high) + 1):
            table.setdefault(str(prefix).zfill(len(low)), set()).update(lengths)
    return {prefix: frozenset(lengths) for prefix, lengths in table.items()}


_PREFIXES: Final = _prefixes(_ISSUERS)
_PREFIX_SIZES: Final = tuple(sorted({len(prefix) for prefix in _PREFIXES}))


def _issued(digits: str) -> bool:
    """Whether a card number of this length starts in an issuer's range."""
    length = len(digits)
    for size in _PREFIX_SIZES:
        lengths = _PREFIXES.get(digits[:size])
        if lengths is not None and length in lengths:
            return True
    return False


def _is_card(digits: str) -> bool:
    return 12 <= len(digits) <= 19 and _issued(digits) and luhn(digits)


def _looks_like_timestamp(digits: str) -> bool:
    """A Unix time in milliseconds, 2001 to 2033: 13 digits from 1 000 000 000 000."""
    return len(digits) == 13 and digits[0] == "1"


_EXPIRY: Final = re.compile(
    r"(?<![\d/.\-£$€])(0?[1-9]|1[0-2]) ?[/\-.] ?(\d{2}|20\d{2})(?![\d/\-])"
    # "exp 0329": month and year run together, only right after the word.
    r"|(?<=exp )(0[1-9]|1[0-2])(\d{2})(?!\d)|(?<=exp: )(0[1-9]|1[0-2])(\d{2})(?!\d)"
    r"|(?<=\"exp\":\")(0[1-9]|1[0-2])(\d{2})(?!\d)"
)
_NOT_AFTER_DATE: Final = frozenset("0123456789/-")
# Named by its word: "expiry Sept 28", "exp Dec 27", "expires 11/26", "end 06/26".
_NAMED_EXPIRY: Final = re.compile(
    r"(?<![a-z])(?:exp|expiry|expires|expiring|expiry\s+date|exp\s+date|valid\s+(?:thru|to|until)|"
    r"end|ends)[\s:.]{1,3}(?:date[\s:]+)?(?:is\s+|of\s+)?"
    r"((?:0?[1-9]|1[0-2]) ?[/\-. ] ?(?:\d{2}|20\d{2})(?![\d/\-])"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]{0,6}\.?\s+(?:20)?\d{2}(?!\d))"
)
# Month and year run together right after a card, before its code: "... 3222 0727 553".
_RUN_ON_EXPIRY: Final = re.compile(r"[ \t,]{1,3}((?:0[1-9]|1[0-2])\d{2})(?=[ \t,]+\d{3,4}(?!\d))")
_EXPIRY_WORD: Final = re.compile(
    r"(?<![a-z])(?:exp|expiry|expires|valid\s+(?:thru|to|until))(?![a-z])"
)
_TRACK: Final = re.compile(
    r"%?b(\d{12,19})\^[^\^\n]{2,26}\^\d{7}[^?\n]{0,60}\??"  # track 1
    r"|;?(\d{12,19})=\d{7}\d{0,24}\??"  # track 2
)
# Digits read out one by one, in words: "one two three", "oh four two seven".
_DIGIT_WORDS: Final = tuple("zero oh nought one two three four five six seven eight nine".split())
_DIGIT_WORD: Final = r"(?:" + "|".join(_DIGIT_WORDS) + ")"


def _read_out(fewest: int, most: int) -> str:
    """Digits written apart ("1 2 3") or in words ("one two three"), as many as given.

    Neither may go on: "1 2 3 4 5" holds no three-digit code.
    """
    words = rf"{_DIGIT_WORD}(?:[ ,\-]+{_DIGIT_WORD}){{{fewest - 1},{most - 1}}}"
    return (
        rf"\d(?: \d){{{fewest - 1},{most - 1}}}(?! ?\d|[/\-.]\d)"
        rf"|(?<![a-z]){words}(?![a-z]|[ ,\-]+{_DIGIT_WORD}(?![a-z]))"
    )


# A security code: three or four digits, not the start of a date ("123/12") though a
# second code may follow ("123/321"), or read out.
_CODE: Final = rf"(?<!\d)(\d{{3,4}}(?!\d|/\d{{1,2}}(?!\d)|[.\-]\d)|{_read_out(3, 4)})"
# After the words, not past a sentence's end; "no." is no end ("security no. 321").
_CODE_AFTER: Final = re.compile(r"(?:\s*(?:no|num)\.)?[^\d\n.;]{0,32}?" + _CODE)
# Before the words ("321 is the cvv"); never a date's year ("exp 12/2027, security no.").
_CODE_BEFORE: Final = re.compile(
    r"(?<![\d./\-])(\d{3,4})[\s:,-]*(?:(?:is|was|are|were)\s+)?(?:(?:the|their|his|her|its|my)\s+)?$"
)
# The label, then the code alone on the next line, as chat and forms write it.
_CODE_NEXT_LINE: Final = re.compile(r"[ \t:]*\r?\n[ \t>]*(\d{3,4})[ \t.]*(?:\r?\n|$)")
# A PIN given before the word: "4321 is my pin".
_PIN_BEFORE: Final = re.compile(
    r"(?<![\d.])(\d{4,6})\s+(?:is|was)\s+(?:(?:my|his|her|their|the)\s+)?(?:new\s+|card\s+)?pin$"
)
# A second secret given with the first: "pin 4321 or 1234", "cvv 123/321".
_MORE: Final = re.compile(
    r"\s*(?:,|/|or|and|&)\s*(?:(?:his|hers|hers is|his is)\s+)?"
    r"(\d{3,6}(?![\d/.:\-])|\d(?: \d){2,5}(?! ?\d))"
)
# A chat message's opening: "[10:10] Customer: ", "Customer: ".
_CHAT_OPENING: Final = r"(?:\[[^\]\n]{1,24}\][ \t]*)?[A-Za-z][^\n:\]]{0,39}:[ \t]*"
# After a card's expiry, with nothing but separators between, or in the next message;
# "code on back" may name it ("expires 06/29 code on back 099").
_CODE_AFTER_EXPIRY: Final = re.compile(
    r"(?:[ \t,;/|\-]{1,5}(?:(?:and|then)\s+)?|[ \t]*\r?\n[ \t]*(?:" + _CHAT_OPENING + r")?)"
    r"(?:(?:code(?:\s+on\s+(?:the\s+)?back)?|(?:on\s+the\s+)?back)(?:\s+(?:is|was))?[\s:]+)?"
    rf"(\d{{3,4}}(?!\d|[/\-.:]\d)|{_read_out(3, 4)})"
)
# An expiry read out digit by digit after a card, as a month then a year: "expiry 0 7
# 2 9", "then 1 1 2 7".
_EXPIRY_READ_OUT: Final = re.compile(
    r"[ \t,;/|.\-]{0,6}(?:(?:then|and|exp|expiry|expires|date|is)(?![a-z])[\s:.]*){0,3}"
    r"((?:0 [1-9]|1 [0-2]) \d \d)(?! ?\d)"
)
# A PIN's digits: four to six, not part of a longer number ("0800 123 4567"), or read
# out one by one ("0 4 2 7", "oh four two seven"), in pairs ("12 34") or apart
# ("1-2-3-4"); not a letter's name ("PIN 2024 letter", "PIN 1234 reminder").
_PIN_NUMBER: Final = (
    rf"(?<!\d)(\d{{4,6}}(?![\d/\-.:]?\d| \d)|{_read_out(4, 6)}"
    r"|\d\d \d\d(?! ?\d)|\d(?:[.\-]\d){3,5}(?![\d.\-]))"
    r"(?!\s+(?:reminder|letter|mailer|pack|notification)s?(?![a-z]))"
)
_PIN_VALUE: Final = re.compile(
    r"(?:\s*(?:[:=#(.\"'-]|'s|is|was|of|number|no\.?|code|set\s+to|changed\s+to|now))*\s*"
    + _PIN_NUMBER
)
# A PIN said of the one just named, later on: "my PIN ... The old one was 0912".
_PIN_REFERRED: Final = re.compile(
    r"[^\n]{0,80}?(?<![a-z])(?:new|old|current|previous)\s+one\s+(?:is|was)\s+"
    r"(\d{4,6})(?![\d/\-.]?\d)"
)
# A PIN given later in the sentence or the next, after what says it is given: "the pin u
# sent doesnt work its 8 0 2 4", "my pin yesterday!!! I gave it, 5802", "stuck to it:
# 6613"; or after "is" or "was" a few words on, in the same clause ("pin for the card
# reader was 3366").
_PIN_LATER: Final = re.compile(
    r"[^\n]{0,60}?(?:(?<![a-z'])(?:it'?s|it\s+is|it\s+was|gave(?:\s+it)?|read\s+it\s+as|"
    r"i\s+know)[\s:,]+(?:(?:definitely|defo|def|probably|actually|just)\s+)?|:[ \t]*|\s-\s*)"
    + _PIN_NUMBER
    + r"|[^\n\d.,;!?]{0,30}?(?<![a-z])(?:is|was)\s+"
    + _PIN_NUMBER
)
# After a card, a code named by a word said of many things: "and code 909", "sec 210",
# "s/c 331" (three digits: a sort code has six), "cvvs 123 / 987", "the code on the back.
# he said it's 118"; or the code said to be on the back: "and the 120 on the back".
_CODE_OF_CARD: Final = re.compile(
    r"(?<![a-z/])(?P<word>code|sec|s/c|cvvs|cvcs|csc|cvv|cvc)(?![a-z])[^\d\n]{0,40}?"
    + _CODE
    + r"|(?<![\d.,])(\d{3,4})\s+on\s+(?:the\s+)?back(?![a-z])"
    # "security" is said of much else: the code only right after it ("security 321").
    + r"|(?<![a-z])security(?:\s+(?:no\.?|number|digits))?[\s:.#-]{1,4}(\d{3,4})(?![\d/.:\-]?\d)"
)
# Words before "code" that make it some other code: "error code 404", "post code".
_OTHER_CODES: Final = frozenset(
    "post zip area dialling dial error fault promo promotional discount voucher gift auth "
    "authorisation authorization sort branch tracking reference ref door alarm gate access "
    "qr bar country product item no without".split()
)
# Each of those words holds one of these.
_CODE_WORDS: Final = ("code", "sec", "s/c", "cv", "csc", "back")
# How far after a card its code may be named.
_CODE_REACH: Final = 160
# A card fills at most six groups of three or more digits (19 digits).
_MOST_GROUPS: Final = 6


def _card_number(scan: _Scan, start: int, end: int, run: str, digits: str) -> None:
    """A card number: the whole run, or groups of three or more digits at its ends.

    Groups at the start are a card followed by its security code; groups at the end
    are a card after a phone number.
    """
    if start and scan.text[start - 1] == "+":  # an international phone number
        return
    if _embedded(scan.text, start, end):
        return
    if _is_card(digits):
        _add_card(scan, start, end)
        return
    if run is not digits and not _labelled(scan.lower, start) and _card_within(scan, start, run):
        # A run named as something else ("ICCID 8944 1100 0012 ...") is that thing's
        # number as a whole: a card that fits in part of it is chance.
        return
    if (
        len(digits) <= 19
        and not _looks_like_timestamp(digits)
        and _paid_by_card(scan.lower, start - 40, end + 20)
        and not _labelled(scan.lower, start)
    ):
        # Luhn chooses the label, not whether to act: a mistyped card number is
        # still a card number.
        scan.add(_CARD, (start, end), 0.5, _REVIEW, "card_number_unchecked")
        scan.cards.append((start, end))


def _card_within(scan: _Scan, start: int, run: str) -> bool:
    """Find every card among the groups of a longer run; whether one was found.

    A run may hold two cards side by side, a card and its security code, or a phone
    number and a card: each card is found on its own, from the left.
    """
    groups: list[tuple[int, int]] = []
    position = start
    for group in run.replace("-", " ").split(" "):
        groups.append((position, position + len(group)))
        position += len(group) + 1
    found = False
    first = 0
    while first < len(groups):
        last = _card_from(scan, groups, first)
        if last is None:
            first += 1
        else:
            found = True
            first = last + 1
    return found


def _card_from(scan: _Scan, groups: Sequence[tuple[int, int]], first: int) -> int | None:
    """The last group of a card that starts at group ``first``, longest first, if any.

    Each group is digits only, so a window's length is known before it is joined:
    only the windows of 13 to 19 digits are checked.
    """
    text = scan.text
    sizes: list[int] = []
    for index, (start, end) in enumerate(groups[first : first + _MOST_GROUPS + 1]):
        sizes.append(end - start + (sizes[-1] if sizes else 0))
        if end - start < 3 and index:
            # A short group starts a card (thousands: "4,111,111,111,111,111") or ends
            # one (Diners Club's "3056 9309 0259 04"), never stands inside one.
            break
    for last in range(len(sizes) - 1, -1, -1):
        if 13 <= sizes[last] <= 19:
            digits = "".join(text[a:b] for a, b in groups[first : first + last + 1])
            if _is_card(digits):
                _add_card(scan, groups[first][0], groups[first + last][1])
                return first + last
    return None


def _add_card(scan: _Scan, start: int, end: int) -> None:
    if _labelled(scan.lower, start):
        # Valid, but named as something else: most likely a reference that happens
        # to pass (one number in ten does). A person decides.
        scan.add(_CARD, (start, end), 0.5, _REVIEW, "card_number")
    else:
        confidence = 0.99 if _paid_by_card(scan.lower, start - 40, end + 20) else 0.9
        scan.add(_CARD, (start, end), confidence, _REJECT, "card_number")
    scan.cards.append((start, end))
    scan.claim((start, end))


def _track_data(scan: _Scan) -> None:
    """The full contents of a magnetic stripe: a card number, then its fields.

    Tracks 1 and 2 as ISO/IEC 7813 lays them out; never kept (PCI DSS 3.3.1.1).
    """
    for match in _TRACK.finditer(scan.lower):
        if _is_card(match[1] or match[2]):
            scan.add(
                f"{_CARD}.track_data", (match.start(), match.end()), 0.99, _REJECT, "track_data"
            )
            scan.claim(match.span())


def _named_expiry_dates(scan: _Scan) -> None:
    """An expiry date named as one beside a security code, with no card number.

    "her CVC is 992 and her card expires 11/26": the date is the card's, and is
    never kept with its security code (PCI DSS 3.3.1).
    """
    lower = scan.lower
    if not any(finding.category == f"{_CARD}.security_code" for finding in scan.found):
        return  # "card ending 4444 expires 09/27": no card's data with it
    for match in _NAMED_EXPIRY.finditer(lower):
        if match.group(0).lstrip()[:3] in ("end",):
            continue  # "end 06/26" is an expiry only right after a card
        if lower[match.end() : match.end() + 1] not in _NOT_AFTER_DATE and not scan.is_claimed(
            *match.span(1)
        ):
            scan.add(f"{_CARD}.expiry_date", match.span(1), 0.8, _REJECT, "card_expiry")


def _expiry_dates(scan: _Scan) -> None:
    """An expiry date just after a card number, or named as one just before it.

    Three or four digits right after the expiry ("4111... 08/27 999", "... / exp 09/28 /
    123", or in the next chat message) are the card's security code.
    """
    lower = scan.lower
    for start, end in scan.cards:
        _codes_of_card(scan, end)
        span = _expiry_after(lower, start, end)
        if span is None or scan.is_claimed(*span):
            continue
        scan.add(f"{_CARD}.expiry_date", span, 0.9, _REJECT, "card_expiry")
        code = _CODE_AFTER_EXPIRY.match(lower, span[1])
        if code is not None and span[0] >= end:
            scan.add(f"{_CARD}.security_code", code.span(1), 0.9, _REJECT, "security_code")


def _codes_of_card(scan: _Scan, end: int) -> None:
    """Security codes named after a card by words that name many codes elsewhere.

    "code", "sec" and "s/c" are a security code's only after a card: "card 2223 ... and
    code 909", "sec 210", "s/c 331". Not "error code 404" or "post code".
    """
    lower = scan.lower
    reach = min(len(lower), end + _CODE_REACH)
    if not any(map(lower[end:reach].__contains__, _CODE_WORDS)):
        return
    for match in _CODE_OF_CARD.finditer(lower, end, reach):
        if match["word"] is not None:
            before = lower[max(0, match.start() - 16) : match.start()].split()[-1:]
            if not _OTHER_CODES.isdisjoint(before):
                continue
        span = _number_span(match)
        if not scan.is_claimed(*span):
            _add_with_more(
                scan,
                f"{_CARD}.security_code",
                span,
                confidence=0.9,
                detector="security_code",
                least=3,
            )


def _expiry_after(lower: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a card's expiry date: after it, read out after it, or named before it."""
    named = _NAMED_EXPIRY.search(lower, end, min(len(lower), end + 60))
    if named is not None:
        return named.span(1)
    match = _EXPIRY.search(lower, end, end + 48) or _RUN_ON_EXPIRY.match(lower, end)
    if match is None:
        read_out = _EXPIRY_READ_OUT.match(lower, end)
        if read_out is not None:
            return read_out.span(1)
    if match is None and _EXPIRY_WORD.search(lower, max(0, start - 40), start):
        match = _EXPIRY.search(lower, max(0, start - 30), start)
    # The end position hides what follows, which the pattern's look-ahead needs.
    if match is None or lower[match.end() : match.end() + 1] in _NOT_AFTER_DATE:
        return None
    return match.span(1) if match.re is _RUN_ON_EXPIRY else match.span()


def _security_code(scan: _Scan, kind: str, start: int, end: int) -> None:
    """Three or four digits said to be a card's security code, after the words or before.

    A card verification code is never kept after authorisation (PCI DSS 3.3.1.2).
    ``kind`` says which words named it: words said of many things ("three digits")
    name one only in a note about a card. A code on the next line ("CVV" then "123")
    is the code; so is a second one given with it ("cvv 123 or 321").
    """
    if kind == "code_if_card" and not _paid_by_card(scan.lower, 0, len(scan.lower)):
        return
    match = (
        _CODE_AFTER.match(scan.lower, end)
        or _CODE_NEXT_LINE.match(scan.lower, end)
        or _in_next_message(scan.lower, end, _CODE_NEXT)
        or _CODE_BEFORE.search(scan.lower, max(0, start - 30), start)
    )
    if match is not None:
        _add_with_more(
            scan,
            f"{_CARD}.security_code",
            _number_span(match),
            confidence=0.95,
            detector="security_code",
            least=3,
        )


def _card_pin(scan: _Scan, end: int) -> None:
    """Four to six digits given as a card's PIN, never kept (PCI DSS 3.3.1.3).

    After the word ("PIN 4321", "pin: '4321'", "PIN 0 4 2 7"), or before it ("4321 is
    my pin"); said of it later ("the old one was 0912"), given later in the sentence
    or the next ("doesnt work, its 8 0 2 4"), or answered in the next chat message;
    never a reference's number. A second one given with it ("pin 4321 or 1234") is a
    PIN too.
    """
    match = (
        _PIN_VALUE.match(scan.lower, end)
        or _PIN_BEFORE.search(scan.lower, max(0, end - 40), end)
        or _PIN_REFERRED.match(scan.lower, end)
        or (_may_be_given(scan.lower, end) and _PIN_LATER.match(scan.lower, end))
        or _in_next_message(scan.lower, end, _PIN_NEXT)
    )
    if match is None:
        return
    span = _number_span(match)
    if _REFERENCE.search(scan.lower, max(0, span[0] - 30), span[0]) is None:
        _add_with_more(scan, f"{_CARD}.pin", span, confidence=0.9, detector="pin", least=4)


# The secret alone in the next chat message (`_NEXT_MESSAGE`): "[16:05] Customer: My PIN
# isnt working" then "[16:05] Customer: its 7391".
_PIN_NEXT: Final = re.compile(_NEXT_MESSAGE + _PIN_NUMBER + r"[ \t.!?]*(?:\r?\n|$)")
_CODE_NEXT: Final = re.compile(_NEXT_MESSAGE + _CODE + r"[ \t.!?]*(?:\r?\n|$)")


def _number_span(match: re.Match[str]) -> tuple[int, int]:
    """The span of the secret a match found: its last group that matched."""
    group = max(index for index in range(1, match.re.groups + 1) if match[index] is not None)
    return match.span(group)


def _in_next_message(lower: str, end: int, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """The secret alone in the next chat message, if the message naming it asked for it."""
    if "\n" not in lower[end : end + 90]:
        return None
    match = pattern.match(lower, end)
    if match is None or (match["asked"] is None and match["its"] is None):
        return None
    return match


def _may_be_given(lower: str, end: int) -> bool:
    """Whether digits, or digits in words, follow closely enough to be given later."""
    window = lower[end : end + 100]
    return any(map(window.__contains__, "0123456789")) or any(
        map(window.__contains__, _DIGIT_WORDS)
    )


def _add_with_more(
    scan: _Scan,
    category: str,
    span: tuple[int, int],
    *,
    confidence: float,
    detector: str,
    least: int,
) -> None:
    """Add a secret found at ``span``, and each one given after it with ",", "/", "or", "and"."""
    scan.add(category, span, confidence, _REJECT, detector)
    position = span[1]
    while (more := _MORE.match(scan.lower, position)) is not None and (
        sum(map(str.isdigit, more[1])) >= least
    ):
        scan.add(category, more.span(1), confidence, _REJECT, detector)
        position = more.end(1)
