"""Secrets named in a note: passwords, memorable words, and the words that name a secret.

The words that name a card's security code or PIN are here too, beside the other
words that name a secret; the detectors for those are in `cards`. The value after
such a word is the secret, and only where the words around it say so: "the password
is Tr0ub4dor" holds one, "password reset" does not.
"""

from __future__ import annotations

import re
from typing import Final

from custrecords.scanning.context import _phrases, _Scan
from custrecords.scanning.findings import _REJECT

__all__: list[str] = []  # `Scanner` runs this detector; nothing here is public

# Words that name a secret: the value after them is the secret.
# A security code is never kept in notes, whether a card's or an account's (PCI DSS
# 3.3.1.2): these name one wherever they stand.
_SECURITY_CODE: Final = _phrases(
    "cvv, cvv2, cvc, cvc2, cv2, csc, card verification, card verification code, security code, "
    "sec code, sec no, security number, security no, 3 digit code, three digit code, "
    "3-digit code, three-digit code, 4 digit code, four digit code, 4-digit code"
)
# Said of many things; a security code only when the note is about a card.
_SECURITY_CODE_IF_CARD: Final = _phrases(
    "cid, digits on the back, numbers on the back, three digits, 3 digits, last three digits, "
    "last 3 digits"
)
_PASSWORD: Final = _phrases(
    "password, passwd, pwd, passphrase, pass phrase, passcode, pass code, memorable word, "
    "memorable information, memorable answer, memorable date, memorable place, memorable name, "
    "secret answer, secret word, security answer, security question answer, pw, p/w, pswd, "
    # As agents mistype it.
    "pasword, passowrd, passwrod, pword, password's, "
    # Codes that open a door or a network are secrets too, never kept in notes.
    "key safe code, keysafe code, key safe, alarm code, door code, wifi key, wi-fi key, "
    "network key, wpa key"
)
# A memorable word is a word: given right after the words, it is the secret as it is.
_PASSWORD_WORD: Final = _phrases(
    "memorable word, memorable answer, memorable name, memorable place, secret word"
)
# "pass" is said of much else ("pass the call on"): a password only right before ":" or "=".
_PASSWORD_COLON: Final = _phrases("pass")
# Passes that are tickets: "boarding pass: AB12" is not a password.
_TICKETS: Final = frozenset("boarding bus rail season day travel visitor guest parking".split())
_PIN: Final = _phrases("pin, pin number, pin code, pin no")

_SECRET_VALUE: Final = re.compile(
    r"(?P<marker>(?:\s*(?:[:=]|->|-|=>|'s|is|was|set\s+to|changed\s+to|reset\s+to|now|of))*)\s*"
    r"[\"'“‘]?(?P<value>[^\s\"'”’\0]{3,64})",
    re.IGNORECASE,
)
# After "password is": words that say something about a password, not what it is.
_NOT_SECRETS: Final = frozenset(
    (
        "correct incorrect wrong right reset changed change expired locked unlocked invalid valid "
        "required needed not never being the a an same different too strong weak ok okay fine "
        "blank empty sent set unknown forgotten forgot known updated working accepted rejected "
        "verified confirmed given provided correctly protected hidden masked stored case- "
        "sensitive and or for to in on at by with his her their its my your our also still now "
        "please been link reminder default something "
        # What an identity check writes in a password's place: no secret in it.
        "n/a na none null nil tbc tba yes no passed pass matched failed fail refused withheld "
        "redacted declined vault see removed deleted"
    ).split()
)
# Punctuation that ends a sentence rather than a password ("!" and "?" may be either).
_PUNCTUATION_END: Final = ".,;:)]}>"


def _password(scan: _Scan, kind: str, start: int, end: int) -> None:
    """A password, passcode or memorable word given after the word that names it.

    "The password is Tr0ub4dor" is a password; "password reset", "the password was
    wrong" and "we never ask for your password" are not. ``kind`` says which word
    named it: a password's, a memorable word's, or "pass". Where the words right after
    it are not the secret, a secret given later in the same sentence is: after a colon
    ("password on the account: Marmalade"), or after "to" or "as" when it looks like
    one ("changed from the default to blackbird-42-river").
    """
    marked = kind == "password_colon"
    if marked and (
        scan.text[end : end + 1] not in (":", "=")
        or not _TICKETS.isdisjoint(scan.lower[max(0, start - 12) : start].split()[-1:])
    ):
        return  # "pass the call on", "boarding pass: AB12"
    span = _given(scan, end, marked=marked, word=kind == "password_word")
    if span is None and not marked:
        span = _given_later(scan, end)
    if span is not None:
        scan.add("user.authorization.password", span, 0.9, _REJECT, "password")


def _given(scan: _Scan, end: int, *, marked: bool, word: bool) -> tuple[int, int] | None:
    """The secret right after the word that names it, if that is what follows."""
    match = _SECRET_VALUE.match(scan.text, end)
    if match is None:
        return None
    start, end = match.span("value")
    if "\n" in scan.text[match.start() : start]:
        return None  # the next line says something else: "[10:10:31] Agent: ..."
    if scan.text[start] == "(":
        # "email password (Rosebud1962)": the secret in brackets; "(12+ characters)"
        # is an aside.
        if scan.text[end - 1] != ")":
            return None
        start, end = start + 1, end - 1
    span = _trimmed(scan, start, end)
    if span is None:
        return None
    value = scan.lower[span[0] : span[1]]
    if not match["marker"].strip() and (marked or (value.isalpha() and not word)):
        # "password changed": with no "is" or ":", only what looks like a secret;
        # "pass" names one only with ":" or "=".
        return None
    return span


def _given_later(scan: _Scan, end: int) -> tuple[int, int] | None:
    """A secret given later in the sentence: after a colon, or "to", "as" or "is"."""
    match = _LATER_VALUE.match(scan.lower, end)
    if match is None:
        return None
    span = _trimmed(scan, *match.span("value"))
    if span is None:
        return None
    value = scan.lower[span[0] : span[1]]
    if match["colon"] is None and not _looks_secret(value):
        return None
    return span


def _trimmed(scan: _Scan, start: int, end: int) -> tuple[int, int] | None:
    """The value without the punctuation that ends a sentence; None if it is no secret."""
    while end > start and scan.text[end - 1] in _PUNCTUATION_END:
        end -= 1
    value = scan.lower[start:end]
    if len(value) < 3 or value in _NOT_SECRETS or set(value) <= {"*", "x", "•", "#"}:
        return None
    return start, end


def _looks_secret(value: str) -> bool:
    """Letters with digits or symbols, as passwords are made, and not an address."""
    if "@" in value or "://" in value or value.startswith("www."):
        return False
    letters = any(character.isalpha() for character in value)
    others = any(not character.isalpha() for character in value)
    return letters and others


# Later in the same sentence, past at most 40 characters of other words.
_LATER_VALUE: Final = re.compile(
    r"[^.\n:;!?]{0,40}?(?:(?P<colon>:)\s*|(?<![a-z])(?:to|as|is)\s+)"
    r"[\"'“‘]?(?P<value>[^\s\"'”’\0]{3,64})"
)
