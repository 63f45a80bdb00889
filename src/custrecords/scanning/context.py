"""What every detector works with: the scan it adds to, and what is around a span.

One `_Scan` is made for each text scanned, and every detector family adds its
findings to it. A span that a validated detector owns (a card number that passed
Luhn, an IBAN that passed mod 97) is claimed, and the other number detectors do not
look there.
"""

from __future__ import annotations

import bisect
import re
from typing import Final, final

from custrecords.scanning.findings import Finding, FindingAction

__all__: list[str] = []  # the detectors' common ground; nothing here is public


@final
class _Scan:
    """One scan of one folded text: what the detectors found, and where."""

    __slots__ = ("cards", "claimed", "found", "lower", "text")

    def __init__(self, text: str, lower: str) -> None:
        self.text = text
        self.lower = lower
        self.found: list[Finding] = []
        self.cards: list[tuple[int, int]] = []
        # Spans a validated detector owns, where other number detectors do not look.
        self.claimed: list[tuple[int, int]] = []

    def is_claimed(self, start: int, end: int) -> bool:
        """Whether a validated detector owns any of the span."""
        claimed = self.claimed
        # Claimed spans never overlap: the one starting last before ``end`` decides.
        index = bisect.bisect_left(claimed, (end, -1)) - 1
        return index >= 0 and claimed[index][1] > start

    def claim(self, span: tuple[int, int]) -> None:
        bisect.insort(self.claimed, span)

    def add(
        self,
        category: str,
        span: tuple[int, int],
        confidence: float,
        action: FindingAction,
        detector: str,
    ) -> None:
        # The built-in detectors make well-formed findings: the checks would only cost time.
        finding = object.__new__(Finding)
        for name, value in (
            ("category", category),
            ("start", span[0]),
            ("end", span[1]),
            ("confidence", confidence),
            ("action", action),
            ("detector", detector),
        ):
            object.__setattr__(finding, name, value)
        self.found.append(finding)


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(phrase.strip() for phrase in text.split(","))


# A reference's label right before a number: "Order 0044...", "Case ref 0012...". Its
# digits are the reference's, not a card's or a phone number's.
_REFERENCE_WORDS: Final = (
    "order|ref|reference|invoice|inv|tracking|consignment|parcel|booking|policy|ticket|case|"
    r"claim|quote|transaction|po|purchase\s+order|serial|imei|iccid|imsi|meter|mpan|mprn"
)


def _label(words: str) -> re.Pattern[str]:
    """A label of ``words`` ending where the number starts: "Order no. ", "Case ref is "."""
    return re.compile(
        rf"(?<![a-z])(?:{words})(?:\s*(?:no|num|number|id|code|ref))?[\s.:#-]*"
        r"(?:(?:is|was)\s*)?$"
    )


_REFERENCE: Final = _label(_REFERENCE_WORDS)

# What leads to the next chat message's answer, after the words that name a secret: the
# rest of this message (``asked`` if it is a question), the next one's opening ("[11:20]
# Customer: "), and ``its`` if it says the secret is what follows ("its 7391"). A
# detector adds the secret's own pattern; an answer counts only after a question or an
# "its".
_NEXT_MESSAGE: Final = (
    r"(?P<asked>[^\n]{0,80}?\?)?[^\n]{0,80}\r?\n[ \t>]*"
    r"(?:\[[^\]\n]{1,24}\][ \t]*)?(?:[A-Za-z][^\n:\]]{0,39}:[ \t]*)?"
    r"(?P<its>(?:(?:ok|yes|sure|erm|um)[ ,]+)?(?:it'?s|it\s+is)\s+"
    r"(?:(?:definitely|defo|def|probably)\s+)?)?"
)


def _named(
    pattern: re.Pattern[str], lower: str, span: tuple[int, int], *, before: int, after: int = 0
) -> bool:
    """Whether ``pattern`` is at most ``before`` characters before ``span``, or ``after`` after.

    The span itself is digits, which no context word matches, so one search covers
    both sides.
    """
    start, end = span
    return (
        pattern.search(lower, max(0, start - before), end + after if after else start) is not None
    )


# A file's extension: "4111111111111111.pdf" is a file's name.
_EXTENSION: Final = re.compile(r"\.[a-z][a-z0-9]{1,4}(?![a-z0-9])", re.IGNORECASE)


def _embedded(text: str, start: int, end: int) -> bool:
    """Whether digits are part of something else: a word, a hex string, a file name, a URL.

    "INC4111111111111111", "0x4111...", "invoice_4111....pdf" and a web address are
    identifiers that hold digits, not card or phone numbers written in a note.
    """
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isalpha() or before == "_" or after.isalpha() or after == "_":
        return True
    if before in "-/" and start >= 2 and text[start - 2].isalpha():
        return True  # "RF-20240312-0045", "ref/0123...": a reference's digits
    if after == "." and _EXTENSION.match(text, end):
        return True
    # The word the digits are in, looked for at most 200 characters back: a web address
    # is no longer, and an unbounded look back would cost a pass over the text each time.
    nearest = max(0, start - 200)
    token = max(text.rfind(" ", nearest, start), text.rfind("\n", nearest, start), nearest - 1) + 1
    return "://" in text[token:start] or text.startswith("www.", token)
