"""Bank details: UK sort codes and account numbers, and IBANs.

A UK bank account is a six-digit sort code and an eight-digit account number, the
form Bacs payments carry: six digits count as a sort code only when grouped like one
or named, and only with an account number near them. An IBAN passes ISO 7064 mod
97-10 and has its country's length and BBAN structure, both from the SWIFT IBAN
Registry. Bank details belong in a record's fields, not in a note: they are redacted.
"""

from __future__ import annotations

import bisect
import re
from typing import Final

from custrecords._checks import IBAN_LENGTHS as _IBAN_LENGTHS
from custrecords._checks import bban_pattern as _bban_pattern
from custrecords.scanning.context import _named, _Scan
from custrecords.scanning.findings import _REDACT, _REVIEW

__all__: list[str] = []  # `Scanner` runs these detectors; nothing here is public


# Agents' "SC 20-00-00 AN 12345678", and chat's "sort 309634 acc ...": the short
# names count only right before digits.
_BANK: Final = re.compile(
    r"(?<![a-z])(?:sort\s?code|s/c|s/code|account|acc|a/c|acct|bank|direct\s+debit|"
    r"(?:sc|an|sort)(?=\s*[:.#]?\s*(?:\d|$)))(?![a-z])"
)
# A sort code (6 digits), an account number (8), or both in one run (14).
_BANK_SIZES: Final = frozenset({6, 8, 14})
_SORT_CODE: Final = re.compile(r"\d{2}([ -])\d{2}\1\d{2}")
_SORT_CODE_AND_ACCOUNT: Final = re.compile(r"(\d{2}([ -])\d{2}\2\d{2})[ -](\d{8})")
# Sort codes written apart otherwise: "60.16.13", "30 - 94 - 35". Not part of a longer
# dotted number (an IP address, a version).
# It starts with a digit, so that the engine skips to digits fast.
_LOOSE_SORT_CODE: Final = re.compile(r"\d(?<![\d.]\d)\d(\.| - | \. )\d{2}\1\d{2}(?!\d|[.\-]\d)")
# What names six digits a sort code, not only a bank's detail.
_SORT_CODE_NAMED: Final = re.compile(
    r"(?<![a-z])(?:sort\s?code|s/c|s/code|bank(?:\s+details)?|"
    r"(?:sc|sort)(?=\s*[:.#]?\s*(?:\d|$)))(?![a-z])"
)
# An account number: eight digits, or in pairs or fours when named as one.
_ACCOUNT: Final = re.compile(
    r"(?<![\d\-./])(?:\d{8}|\d{2}( )\d{2}\1\d{2}\1\d{2}|\d{4} \d{4})(?![\d]|[.\-/]\d)"
)
_ACCOUNT_GROUPS: Final = re.compile(r"\d{2}([ -])\d{2}\1\d{2}\1\d{2}|\d{4}[ -]\d{4}")
_ACCOUNT_NAMED: Final = re.compile(
    r"(?<![a-z])(?:account|acc|a/c|acct|an(?=\s*[:.#]?\s*(?:\d|$)))(?![a-z])"
)
_IBAN_START: Final = re.compile(r"(?<![a-z0-9])[a-z]{2}\d{2}")
_IBAN_SHAPE: Final = re.compile(r"[a-z]{2}\d{2}(?: ?[a-z0-9]){11,30}")


def _iban(scan: _Scan, start: int) -> None:
    """An IBAN of its country's length and BBAN structure, passing ISO 7064 mod 97-10.

    Both from the SWIFT IBAN Registry: a GB IBAN is 22 characters, and its BBAN four
    letters (the bank) and fourteen digits (the sort code and account).
    """
    lower = scan.lower
    # The nearest country code and check digits before the digits: a BBAN may open
    # with letters ("jo66 aaaa 0000 a...").
    for begins in reversed(list(_IBAN_START.finditer(lower, max(0, start - 34), start + 2))):
        match = _IBAN_SHAPE.match(lower, begins.start())
        length = None if match is None else _IBAN_LENGTHS.get(match[0][:2])
        if match is not None and length is not None:
            break
    else:
        return
    compact = match[0].replace(" ", "")
    if len(compact) < length:
        return
    # Count characters up to the country's length: the rest is the next word.
    end = match.start()
    taken = 0
    while taken < length:
        taken += lower[end] != " "
        end += 1
    groups = lower[match.start() : end].split(" ")
    if len(groups) > 1 and any(len(group) != 4 for group in groups[:-1]):
        return  # written neither whole nor in fours: words that happen to fit
    iban = compact[:length]
    if not _bban_pattern(iban[:2]).fullmatch(iban[4:]):
        return  # not the country's BBAN: a GB IBAN's bank code is four letters
    rearranged = iban[4:] + iban[:4]
    if int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1:
        scan.add("user.financial.bank_account.iban", (match.start(), end), 0.99, _REDACT, "iban")
    elif not lower[end : end + 1].isalnum():
        # An IBAN's shape and length, but a wrong check: a mistyped IBAN is still
        # an IBAN, and its digits are no card's.
        scan.add(
            "user.financial.bank_account.iban",
            (match.start(), end),
            0.5,
            _REVIEW,
            "iban_unchecked",
        )
    else:
        return
    scan.claim((match.start(), end))


def _bank_parts(
    scan: _Scan,
    span: tuple[int, int],
    run: str,
    count: int,
    *,
    sort_codes: list[tuple[int, int, bool]],
    accounts: list[tuple[int, int]],
) -> None:
    """Sort codes and account numbers, to pair up once every run has been seen."""
    start, end = span
    whole = count == len(run)
    if count == 8 and (whole or _grouped_account(scan, span, run)):
        accounts.append(span)
    elif count == 6 and (whole or _SORT_CODE.fullmatch(run)):
        sort_codes.append((start, end, not whole))
    elif count == 14 and (both := _SORT_CODE_AND_ACCOUNT.fullmatch(run)):
        _bank_account(scan, (start, start + both.end(1)), (start + both.start(3), end))


def _grouped_account(scan: _Scan, span: tuple[int, int], run: str) -> bool:
    """An account number written in groups ("11 22 33 44", "1122 3344"), named as one."""
    return _ACCOUNT_GROUPS.fullmatch(run) is not None and _named(
        _ACCOUNT_NAMED, scan.lower, span, before=20
    )


def _bank_accounts(
    scan: _Scan, sort_codes: list[tuple[int, int, bool]], accounts: list[tuple[int, int]]
) -> None:
    """A sort code with an account number near it: together they are a bank account."""
    paired: set[tuple[int, int]] = set()
    for sort_code in sort_codes:
        first = bisect.bisect_left(accounts, (sort_code[0] - 50, -1))
        last = bisect.bisect_right(accounts, (sort_code[1] + 80, -1))
        _pair(scan, sort_code, accounts[first:last], paired)


def _loose_sort_codes(scan: _Scan) -> None:
    """Sort codes written apart by dots or spaced dashes ("60.16.13", "30 - 94 - 35").

    They pair with an account number by the same rules as sort codes written with
    one space or dash between their pairs.
    """
    text = scan.text
    for match in _LOOSE_SORT_CODE.finditer(text):
        start, end = match.span()
        if scan.is_claimed(start, end):
            continue
        accounts = [
            account.span()
            for account in _ACCOUNT.finditer(text, max(0, start - 50), end + 80)
            if account[0].isdigit() or _grouped_account(scan, account.span(), account[0])
        ]
        _pair(scan, (start, end, True), accounts, set())


def _pair(
    scan: _Scan,
    sort_code: tuple[int, int, bool],
    accounts: list[tuple[int, int]],
    paired: set[tuple[int, int]],
) -> None:
    """The sort code with the nearest account number that is not paired yet, if any.

    Six digits are a sort code only when grouped like one, or named; grouped like a
    date ("03-04-24") they must be named as a sort code, since a date is likelier.
    Apart from the account and not named, they are a date and some other number.
    """
    code_start, code_end, grouped = sort_code
    if scan.is_claimed(code_start, code_end):
        return
    nearest = [
        account
        for account in accounts
        if account not in paired
        and (0 <= account[0] - code_end <= 80 or 0 <= code_start - account[1] <= 40)
        and not scan.is_claimed(*account)
    ]
    if not nearest:
        return
    lower = scan.lower
    named = _named(_BANK, lower, (code_start, code_end), before=30)
    if not grouped and not named:
        return
    date_like = grouped and _date_like(scan.text[code_start:code_end])
    if date_like or any(account[0] - code_end > 40 for account in nearest):
        called = _named(_SORT_CODE_NAMED, lower, (code_start, code_end), before=30)
        if date_like and not called:
            return
        if not called:
            # Only named a sort code may its account be given later in the sentence.
            nearest = [account for account in nearest if account[0] - code_end <= 40]
            if not nearest:
                return
    account = min(nearest, key=lambda span: abs(span[0] - code_end))
    between = lower[min(code_end, account[1]) : max(code_start, account[0])]
    named = named or _BANK.search(between) is not None
    if not named and between.strip():
        return
    paired.add(account)
    _bank_account(scan, (code_start, code_end), account, named=named)


def _date_like(written: str) -> bool:
    """Whether six digits in pairs read as a day, a month and a year: "12-03-24"."""
    apart = (len(written) - 6) // 2  # what stands between the pairs: "-", ".", " - "
    day, month = int(written[:2]), int(written[2 + apart : 4 + apart])
    return 1 <= day <= 31 and 1 <= month <= 12


def _bank_account(
    scan: _Scan, sort_code: tuple[int, int], account: tuple[int, int], *, named: bool = False
) -> None:
    first = min(sort_code[0], account[0])
    named = named or _named(_BANK, scan.lower, (first, first), before=30)
    confidence = 0.9 if named else 0.6
    bank = "user.financial.bank_account"
    scan.add(f"{bank}.sort_code", sort_code, confidence, _REDACT, "bank_account")
    scan.add(f"{bank}.account_number", account, confidence, _REDACT, "bank_account")
    scan.claim(sort_code)
    scan.claim(account)
