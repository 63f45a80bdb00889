"""The text as the detectors see it: folded, and the way back to the text as given.

Full-width digits, non-breaking spaces, every kind of dash and zero-width characters
hide nothing: they are folded to ASCII, or taken out, before a detector looks, and
a finding's offsets are mapped back to the text as given.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, final

import attrs

from custrecords.scanning.findings import Finding

__all__: list[str] = []  # `Scanner` folds what it scans; nothing here is public

# Zero-width and formatting characters: invisible, so they must not split a number.
_INVISIBLE: Final = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]"
)

# Folding can change only characters outside ASCII.
_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]")

# Text that `redact` and `minimise` wrote: scanning it again must find nothing.
_TOKEN: Final = re.compile(r"\[(?:REDACTED|MASKED):[a-z][a-z0-9_.]*(?::[0-9A-Za-z]{1,4})?\]")


def blank_tokens(text: str) -> str:
    """``text`` with what `redact` and `minimise` wrote blanked to NULs, offsets kept."""
    if "[" in text and _TOKEN.search(text):
        return _TOKEN.sub(lambda token: "\0" * len(token[0]), text)
    return text


_CACHE_LIMIT: Final = 1 << 16


class _Fold(dict[int, str]):
    """``str.translate`` table, filled on first use: one character for one character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = char
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            folded = str(digit)
        elif char.isspace():
            folded = " "
        elif unicodedata.category(char) == "Pd" or char == "\u2212":
            folded = "-"
        elif 0xFF01 <= code <= 0xFF5E:  # full-width forms of ASCII
            folded = chr(code - 0xFEE0)
        if len(self) < _CACHE_LIMIT:  # text with every character in it must not fill memory
            self[code] = folded
        return folded


_FOLD: Final = _Fold()


_FOLDS: Final[dict[str, bool]] = {}


def _folds(text: str) -> bool:
    """Whether folding would change ``text``: most non-ASCII text has only a £ or an é."""
    for char in set(_NON_ASCII.findall(text)):
        folds = _FOLDS.get(char)
        if folds is None:
            folds = _FOLD[ord(char)] != char or _INVISIBLE.match(char) is not None
            if len(_FOLDS) < _CACHE_LIMIT:
                _FOLDS[char] = folds
        if folds:
            return True
    return False


@final
class _Folded:
    """A text as the detectors see it, and the way back to the text as given."""

    __slots__ = ("lower", "positions", "text")

    def __init__(self, text: str) -> None:
        positions: list[int] | None = None
        if not text.isascii() and _folds(text):
            text = text.translate(_FOLD)
            if _INVISIBLE.search(text):
                positions = []
                kept_from = 0
                for invisible in _INVISIBLE.finditer(text):
                    positions.extend(range(kept_from, invisible.start()))
                    kept_from = invisible.end()
                positions.extend(range(kept_from, len(text)))
                text = _INVISIBLE.sub("", text)
        text = blank_tokens(text)
        lower = text.lower()
        if len(lower) != len(text):  # a letter such as İ lowers to two characters
            lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        self.text = text
        self.lower = lower
        self.positions = positions

    def back(self, finding: Finding) -> Finding:
        """The finding, at its offsets in the text as given."""
        if self.positions is None:
            return finding
        return attrs.evolve(
            finding,
            start=self.positions[finding.start],
            end=self.positions[finding.end - 1] + 1,
        )
