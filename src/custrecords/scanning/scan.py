"""The scan: every detector family run over a text, once, and `Scanner` to run it.

The text is folded (`folding`), then each family looks only where it can find
something: the word lists only in a note that has one of their words, the number
detectors only over runs of digits, the e-mail detector only where there is an "@".
One `_Scan` collects what they find; overlapping findings are then resolved, the
stricter kept (`findings`).
"""

from __future__ import annotations

import re
from typing import Final, final

import attrs

from custrecords.errors import InvalidValue, UsageError
from custrecords.scanning.bank import _BANK_SIZES, _bank_accounts, _bank_parts, _iban
from custrecords.scanning.cards import (
    _card_number,
    _expiry_dates,
    _named_expiry_dates,
    _track_data,
)
from custrecords.scanning.contact import _emails, _phone
from custrecords.scanning.context import _Scan
from custrecords.scanning.findings import Detector, Finding, _resolve
from custrecords.scanning.folding import _Folded, _folds
from custrecords.scanning.identifiers import _government_ids
from custrecords.scanning.split import (
    _NUMBER_WORDS,
    _SPLITTERS,
    _split_numbers,
    _spoken_numbers,
)
from custrecords.scanning.words import _WORD_BYTES, _told, _words

__all__ = ["Scanner", "scan_text"]

# Digits in groups split by one space or dash, six characters or more: the shape of
# every number a detector wants. Unambiguous, so linear.
# It starts with a digit so that the regular expression engine skips to digits fast.
_RUN: Final = re.compile(r"\d(?<!\d\d)(?=[\d \-]{5})\d*(?:[ \-]\d+)*")


def _detect(text: str, lower: str) -> list[Finding]:
    """What the built-in detectors find in a folded text, each family where it may find some."""
    scan = _Scan(text, lower)
    # A lone surrogate (an unpaired "\ud800" escape read from JSON) is text like any
    # other character here: encoding it must not fail, nor tell anyone what it is.
    words = lower.encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split()
    if told := _told(words):
        _words(scan, told)
    if not _NUMBER_WORDS.isdisjoint(words):
        _spoken_numbers(scan)
    # Asking for each digit in turn is faster than a pattern that skips to one.
    has_digits = any(map(text.__contains__, "0123456789"))
    runs = [match.span() for match in _RUN.finditer(text)] if has_digits else None
    if runs:
        if "^" in text or "=" in text:
            _track_data(scan)
        _numbers(scan, runs)
    if has_digits and any(map(text.__contains__, _SPLITTERS)):
        _split_numbers(scan)
    if scan.cards:
        _expiry_dates(scan)
    elif "exp" in lower:
        _named_expiry_dates(scan)
    if "@" in text:
        _emails(scan)
    return scan.found


def _numbers(scan: _Scan, runs: list[tuple[int, int]]) -> None:
    """Each run of digits, offered to every family whose numbers it may be."""
    text = scan.text
    sort_codes: list[tuple[int, int, bool]] = []
    accounts: list[tuple[int, int]] = []
    lower = scan.lower
    for start, end in runs:
        if scan.claimed and scan.is_claimed(start, end):
            continue
        run = text[start:end]
        digits = run.replace(" ", "").replace("-", "") if not run.isdigit() else run
        count = len(digits)
        before = lower[start - 1] if start else " "
        # An IBAN's first long run of digits follows its country code and check
        # digits ("de89 3704 ...") or its bank code ("gb82 west 1234 ...").
        if before.isalpha() or (
            count >= 10
            and before == " "
            and lower[max(0, start - 5) : start - 1].isalpha()
            and lower[max(0, start - 8) : start - 6].isdigit()
        ):
            _iban(scan, start)
            if scan.claimed and scan.is_claimed(start, end):
                continue
        if count >= 12:
            _card_number(scan, start, end, run, digits)
        _government_ids(scan, start, end, run, digits)
        if count in _BANK_SIZES:
            _bank_parts(scan, (start, end), run, count, sort_codes=sort_codes, accounts=accounts)
        opening = text[max(0, start - 8) : start]
        if "(" in opening or (count >= 9 and (digits[0] == "0" or "+" in opening)):
            _phone(scan, start, end)
    if sort_codes and accounts:
        _bank_accounts(scan, sort_codes, accounts)


@final
@attrs.frozen
class Scanner:
    r"""Runs the built-in detectors, and any of your own, over a text.

    `scan_text` uses a scanner with the built-in detectors only. Give ``extra`` to add
    detectors of your own: each is a callable that takes the folded text and returns
    its findings (see `Detector`).

    >>> import re
    >>> from custrecords.scanning import Finding, FindingAction
    >>> def loyalty_number(text):
    ...     for match in re.finditer(r"\bLC-\d{8}\b", text):
    ...         yield Finding(category="user.unique_id", start=match.start(),
    ...                       end=match.end(), confidence=0.9,
    ...                       action=FindingAction.REDACT, detector="loyalty_number")
    >>> scanner = Scanner(extra=(loyalty_number,))
    >>> [f.detector for f in scanner.scan("Loyalty card LC-12345678 scanned.")]
    ['loyalty_number']
    """

    extra: tuple[Detector, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.extra, tuple) or not all(map(callable, self.extra)):
            msg = "Scanner(extra=...) takes a tuple of detectors: callables from text to findings"
            raise UsageError(msg)

    def scan(self, text: str) -> tuple[Finding, ...]:
        """The findings in ``text``, sorted by position; where two overlap, the stricter.

        Raises:
            InvalidValue: ``wrong_type`` when ``text`` is not a string.
            UsageError: when a detector of your own returns something that is not a
                `Finding` within the text.
        """
        if not isinstance(text, str):
            raise InvalidValue("wrong_type", "text", "must be text")
        if not self.extra and "[" not in text and (text.isascii() or not _folds(text)):
            # Most notes: nothing to fold and nothing redacted before.
            lower = text.lower()
            if len(lower) == len(text):
                return tuple(_resolve(_detect(text, lower)))
        folded = _Folded(text)
        found = _detect(folded.text, folded.lower)
        for detector in self.extra:
            for finding in detector(folded.text):
                if not isinstance(finding, Finding) or finding.end > len(folded.text):
                    msg = f"detector {detector!r} returned something not a Finding within the text"
                    raise UsageError(msg)
                found.append(finding)
        if not found:
            return ()
        if folded.positions is None:
            return tuple(_resolve(found))
        return tuple(folded.back(finding) for finding in _resolve(found))


_DEFAULT: Final = Scanner()


def scan_text(text: str) -> tuple[Finding, ...]:
    """Find what must not be kept in ``text``, with the built-in detectors.

    Returns:
        The findings, sorted by position. Where two overlap, only the stricter is
        kept: a card number inside track data is reported once, as track data.

    Raises:
        InvalidValue: ``wrong_type`` when ``text`` is not a string.

    >>> [(f.category, f.action.value) for f in scan_text("Her PIN is 4821.")]
    [('user.financial.credit_card.pin', 'reject')]
    >>> scan_text("Order 4929 1234 5678 9012 dispatched; we never ask for your PIN.")
    ()
    """
    return _DEFAULT.scan(text)
