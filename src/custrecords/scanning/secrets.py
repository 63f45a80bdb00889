"""Secrets named in a note: passwords, memorable words, and the words that name a secret.

The words that name a card's security code or PIN are here too, beside the other
words that name a secret; the detectors for those are in `cards`. The value after
such a word is the secret, and only where the words around it say so: "the password
is Tr0ub4dor" holds one, "password reset" does not.
"""

from __future__ import annotations

import re
from typing import Final

from custrecords.scanning.context import _NEXT_MESSAGE, _REFERENCE_WORDS, _label, _phrases, _Scan
from custrecords.scanning.findings import _REJECT

__all__: list[str] = []  # `Scanner` runs this detector; nothing here is public

# Words that name a secret: the value after them is the secret.
# A security code is never kept in notes, whether a card's or an account's (PCI DSS
# 3.3.1.2): these name one wherever they stand.
_SECURITY_CODE: Final = _phrases(
    "cvv, cvv2, cvc, cvc2, cv2, csc, cvn, cvd, cvvs, cvcs, ccv, cvv no, cvv no., cvv number, "
    "cvc number, security digits, card verification, "
    "card verification code, card verification number, "
    "security code, security codes, sec codes, "
    "sec code, sec no, security number, security no, 3 digit code, three digit code, "
    "3-digit code, three-digit code, 4 digit code, four digit code, 4-digit code"
)
# Said of many things; a security code only when the note is about a card.
_SECURITY_CODE_IF_CARD: Final = _phrases(
    "cid, digits on the back, numbers on the back, three digits, 3 digits, last three digits, "
    "code on the back, code on back, number on the back, three digit number, 3 digit number, "
    "last 3 digits, digits on back, numbers on back"
)
_PASSWORD: Final = _phrases(
    "password, passwd, pwd, passphrase, pass phrase, passcode, pass code, memorable word, "
    "memorable information, memorable answer, memorable date, memorable place, memorable name, "
    "secret answer, secret word, security answer, security question answer, pw, p/w, pswd, "
    # As agents mistype it.
    "pasword, passowrd, passwrod, passwrd, pword, password's, "
    "wifi key, wi-fi key, network key, wpa key, "
    "security q answer, security q, sec answer, answer to the security question"
)
# Codes that open a door, a box or an alarm are secrets too, never kept in notes: given
# as digits (with "#" or "*" as keypads take them) or letters and digits.
_PASSWORD_CODE: Final = _phrases(
    "key safe code, keysafe code, key safe, key-safe, alarm code, alarm, door code, "
    "door entry code, entry code, lockbox code, lockbox, lock box code, lock-box, key box code, "
    "keybox code, keybox, gate code, front gate, back gate, padlock code, padlock, garage code, "
    "keypad code, master code, user code, combination, combination code, combi code"
)
# "key" alone is said of much else: a key only when a password is made so ("key
# bKt7QxE3vNyR4a"), as a Wi-Fi key is.
_PASSWORD_KEY: Final = _phrases("key")
# Security questions, named before their answer: "mothers maiden name O'Sullivan".
_QUESTION_ANSWERED: Final = _phrases(
    "mother's maiden name, mothers maiden name, mum's maiden name, mums maiden name, "
    "first school, first pet, first pet's name, first pets name, pet's name, pets name, "
    "place of birth, town of birth, birthplace, first car, favourite teacher, favourite film, "
    "fave film, favourite colour, favourite food, favourite team, favourite book, first job, "
    "childhood friend, father's middle name, dogs name, dog's name"
)
# A memorable word is a word: given right after the words, it is the secret as it is.
_PASSWORD_WORD: Final = _phrases(
    "memorable word, memorable answer, memorable name, memorable place, secret word, "
    "memorable info, mem word, mem info, mem answer, "
    "secret answer, security answer, security question answer, security q answer, "
    "security q, sec answer, answer to the security question"
)
# "pass" is said of much else ("pass the call on"): a password only right before ":" or "=".
_PASSWORD_COLON: Final = _phrases("pass")
# Passes that are tickets: "boarding pass: AB12" is not a password.
_TICKETS: Final = frozenset("boarding bus rail season day travel visitor guest parking".split())
_PIN: Final = _phrases("pin, pin number, pin code, pincode, pin no")

# The question a security answer answers, named before the answer: "security answer
# (mother's maiden name) Jenkins". The question is not the secret; the answer is.
_QUESTION: Final = (
    r"\(?(?:mother'?s\s+maiden\s+name|maiden\s+name|first\s+(?:school|pet|car|job|teacher)|"
    r"place\s+of\s+birth|town\s+of\s+birth|birthplace|pet'?s\s+name|"
    r"favou?rite\s+[a-z]{3,12})\)?"
)
# Quoted, a secret may hold spaces ("password is 'blue sky 22'"); unquoted, it is one word.
_VALUE: Final = (
    # Digits read out one by one: "alarm code 1 9 8 4".
    r"(?:(?P<spaced>\d(?: \d){3,7})(?! ?\d)"
    r"|[\"'“‘](?P<quoted>[^\"'“‘”’\n\0]{3,64})[\"'”’]"
    r"|[\"'“‘]?(?P<value>[^\s\"'”’\0]{2,64}))"
)
_SECRET_VALUE: Final = re.compile(
    r"(?P<marker>(?:\s*(?:[:=]|->|-|=>|'s|"
    r"(?:is|was|set\s+to|changed\s+to|reset\s+to|given\s+as|now|of|"
    # "pw: old abc123 new def456": which password, not the password.
    r"old|new|current|previous|temp|temporary|" + _QUESTION + r")(?![a-z0-9])))*)\s*" + _VALUE,
    re.IGNORECASE,
)
# Another secret given after the first: "old pw: hunter2 new: swordfish9", "old password
# was Bluebell77 and the new one is Daisy88".
_ANOTHER: Final = re.compile(
    r"[\s,;/]*(?:(?:and|but|then)\s+)?(?:(?:the|his|her|their|my)\s+)?"
    r"(?:new|old|current|previous|temp|temporary)(?:\s+(?:one|pw|password|passcode))?"
    # "the new one I tried was ...".
    r"(?:\s+(?:i|we|he|she|they|you|cust)\s+[a-z]{2,12})?"
    r"(?P<marker>(?:\s*(?:[:=]|->|-|(?:is|was|now)(?![a-z0-9])))*)\s*" + _VALUE,
    re.IGNORECASE,
)
# A secret given in the next sentence, said of the one just named: "pw reset done. cust
# then told me the new one is Password123", "my PIN ... The old one was 0912".
_REFERRED: Final = (
    r"[^\n]{0,80}?(?<![a-z])(?:new|old|current|previous|temporary)\s+one\s+(?:is|was)\s+"
)
_REFERRED_SECRET: Final = re.compile(_REFERRED + _VALUE, re.IGNORECASE)
# Digits given after what the secret opens: "passcode for phone banking 774120".
_FOR_DIGITS: Final = re.compile(r"\s+for\s+[a-z' ]{1,30}?\s(?P<value>\d{4,12})(?![\d/.,:\-]?\d)")
# After "password is": words that say something about a password, not what it is.
_NOT_SECRETS: Final = frozenset(
    (
        "correct incorrect wrong right reset changed change expired locked unlocked invalid valid "
        "required needed not never being the a an same different too strong weak ok okay fine "
        "blank empty sent set unknown forgotten forgot known updated working accepted rejected "
        "verified confirmed given provided correctly protected hidden masked stored case- "
        "sensitive and or for to in on at by with his her their its my your our also still now "
        "please been link reminder default something "
        # Who gave it, and whether it works: "she gave ...", "isnt working, its ...".
        "she he they we i you it cust customer caller isnt isn't doesnt doesn't wont won't "
        "didnt didn't working work works worked separate different of sorry thanks thank "
        "cheers btw please hi hello said says asked told gave pin pins min max minimum maximum "
        # How it is kept or sent: "password is case sensitive", "is saved", "is emailed".
        "case saved stored expire expires expiring temporary emailed e-mailed texted posted "
        "until till when after before if unless "
        # The question a security answer answers, said before it.
        "mothers mother's maiden name first pet pets school place birth town favourite fave "
        # What is said of a memorable word or a security question, not the word.
        "check checks checked question questions characters character letters hint prompt "
        "field box "
        # What an identity check writes in a password's place: no secret in it.
        "n/a na none null nil tbc tba yes no passed pass matched failed fail refused withheld "
        "redacted declined vault see removed deleted"
    ).split()
)
# What names a number as something other than a secret: "password for account 12345678".
_LABEL: Final = _label(f"{_REFERENCE_WORDS}|customer|member|account|acct|acc|a/c")
# Punctuation that ends a sentence rather than a password ("!" and "?" may be either).
_PUNCTUATION_END: Final = ".,;:)]}>"


def _password(scan: _Scan, kind: str, start: int, end: int) -> None:
    """A password, passcode, memorable word or door code, near the words that name it.

    "The password is Tr0ub4dor" is a password; "password reset", "the password was
    wrong" and "we never ask for your password" are not. ``kind`` says which words
    named it: a password's; a memorable word's or a security question's (any word may
    be its secret); a door's, a gate's or a box's code (digits); "key" (only a word
    made as passwords are: letters of both cases and digits); or "pass" (only before
    ":" or "=", or a word made as passwords are). Where the words right after it are
    not the secret, it is looked for later in the sentence ("password on the account:
    Marmalade", "changed from the default to blackbird-42-river", "router password on
    sticker Xk9pR2mT"), said of it in the next ("the new one is Password123"), just
    before the words ("Rover1 is my memorable word"), or in the next chat message
    when that one asked for it. A second secret given with the first ("old pw:
    hunter2 new: swordfish9") is one too.
    """
    marked = kind == "password_colon"
    if marked and not _TICKETS.isdisjoint(scan.lower[max(0, start - 12) : start].split()[-1:]):
        return  # "boarding pass: AB12"
    if marked and scan.text[end : end + 1] not in (":", "="):
        # "pass the call on"; but "user maureen.h pass Tiddles1952" is a password.
        value = _PASS_VALUE.match(scan.text, end)
        if value is not None and _looks_like_password(value[1]):
            scan.add("user.authorization.password", value.span(1), 0.9, _REJECT, "password")
        return
    if _in_reference(scan.text, start, end):
        return  # "Ref SEC-PW-0041": a reference's letters, not a password's label
    if kind == "password_key":
        key = _STRONG_AFTER.match(scan.text, end)
        if key is not None and _looks_strong(key["value"]):
            scan.add("user.authorization.password", key.span("value"), 0.9, _REJECT, "password")
        return
    word = kind.endswith("_word")
    span = _given(scan, end, marked=marked, word=word)
    if span is not None and kind == "password_answer_word" and not _answer(scan, end, span):
        span = None
    if span is not None and kind == "password_code" and not _has_digit(scan.text, span):
        span = None
    if span is None and kind == "password_code":
        span = _code_later(scan, end)
    elif span is None and not marked:
        span = (
            _given_later(scan, end, word=word)
            or _referred(scan, end)
            or _strong_later(scan, end)
            or _given_before(scan, start, word=word)
        )
    if span is None and not marked:
        span = _in_next_message(scan, end, word=word)
    while span is not None:
        scan.add("user.authorization.password", span, 0.9, _REJECT, "password")
        span = _another(scan, span[1])


def _has_digit(text: str, span: tuple[int, int]) -> bool:
    return any(map(str.isdigit, text[span[0] : span[1]]))


def _answer(scan: _Scan, end: int, span: tuple[int, int]) -> bool:
    """Whether what follows a security question is its answer, not words about it.

    With "is", "as" or ":" it is; without, only a name ("first pet Rex", not "first
    pet died").
    """
    between = scan.lower[end : span[0]]
    return bool(between.strip(" \t(\"'")) or scan.text[span[0]].isupper()


# A door's code later in its sentence, after "code", a colon, "#", a bracket, "is" or
# "was": "key safe by back door, code 2580", "(code given by the agent: 8 1 3 2)".
_CODE_LATER: Final = re.compile(
    r"[^.\n]{0,60}?(?:(?<![a-z])(?:code|combination|is|was)[\s:]+|[:(]\s*|\s-\s*)"
    r"(?P<value>[*#]?\d(?:[ \-]?\d){2,7}[*#]?)(?![\d/.:]\d|\d)"
)


def _code_later(scan: _Scan, end: int) -> tuple[int, int] | None:
    match = _CODE_LATER.match(scan.lower, end)
    if match is None or _PIN_NAMED.search(scan.lower, end, match.start("value")):
        return None  # "door code is his bank pin - 3 3 6 9": the PIN's digits
    return match.span("value")


_PIN_NAMED: Final = re.compile(r"(?<![a-z])pin(?![a-z])")


# One word right after: what a "key" must be to be a password.
_STRONG_AFTER: Final = re.compile(r"[ \t:=]+(?P<value>[^\s\"'”’\0]{8,64})")
# Later in the sentence, a word made as passwords are ("on sticker Xk9pR2mT"), or
# anything quoted that looks like one ("to set up the app - "sunshine2020"").
_STRONG_LATER: Final = re.compile(
    r"[^.\n!?]{0,50}?(?:[\"“](?P<quoted>[^\s\"”\0]{3,64})[\"”]"
    r"|(?<![^\s(])(?P<value>[^\s\"'”’\0]{8,64}))"
)


def _looks_strong(value: str) -> bool:
    """Upper- and lower-case letters and digits, eight or more: made as a password is."""
    value = value.rstrip(_PUNCTUATION_END)
    return (
        len(value) >= 8
        and any(map(str.isupper, value))
        and any(map(str.islower, value))
        and any(map(str.isdigit, value))
        and "@" not in value
        and "://" not in value
        and not value.startswith("www.")
    )


def _strong_later(scan: _Scan, end: int) -> tuple[int, int] | None:
    """The first long or quoted word later in the sentence, if made as passwords are."""
    match = _STRONG_LATER.match(scan.text, end)
    if match is None:
        return None
    if match["quoted"] is not None:
        if _looks_secret(match["quoted"].lower()):
            return _trimmed(scan, *match.span("quoted"))
    elif _looks_strong(match["value"]):
        return _trimmed(scan, *match.span("value"))
    return None


# The secret, then the words that name it: "Rover1 is my memorable word".
_GIVEN_BEFORE: Final = re.compile(
    r"(?<![^\s\"'“‘(])[\"'“‘]?(?P<value>[^\s\"'”’\0]{3,64}?)[\"'”’]?\s+(?:is|was|=)\s+"
    r"(?:(?:my|his|her|their|our|the)\s+)?(?:new\s+|old\s+)?$"
)


def _given_before(scan: _Scan, start: int, *, word: bool) -> tuple[int, int] | None:
    """The secret just before "is my memorable word", "was her password"."""
    said = scan.lower[max(0, start - 24) : start]
    if " is " not in said and " was " not in said and "=" not in said:
        return None
    match = _GIVEN_BEFORE.search(scan.text, max(0, start - 80), start)
    if match is None:
        return None
    span = _trimmed(scan, *match.span("value"))
    if span is None:
        return None
    value = scan.text[span[0] : span[1]]
    if not (_looks_secret(value.lower()) or (word and value[:1].isupper())):
        return None
    return span


# The answer in the next chat message, to a question asked or after "its": "[11:20]
# Agent: what's your memorable word?" then "[11:20] Customer: pineapple".
_ANSWER: Final = re.compile(
    _NEXT_MESSAGE + r"[\"'“‘]?(?P<value>[^\s\"'”’\0]{3,64}(?:\s[A-Z][A-Za-z'’]{1,20}){0,2})[\"'”’]?"
    r"[ \t.!]*(?:\r?\n|$)"
)


def _in_next_message(scan: _Scan, end: int, *, word: bool) -> tuple[int, int] | None:
    """The secret in the next chat message, when the one naming it asked for it."""
    if "\n" not in scan.text[end : end + 140]:
        return None
    match = _ANSWER.match(scan.text, end)
    if match is None or (match["asked"] is None and match["its"] is None):
        return None
    span = _trimmed(scan, *match.span("value"))
    if span is None:
        return None
    value = scan.lower[span[0] : span[1]]
    if not (word or _looks_secret(value) or match["its"] is not None):
        return None
    return span


def _in_reference(text: str, start: int, end: int) -> bool:
    """Whether the word is joined by "-" or "_" on both sides to a reference's parts."""
    return (
        start >= 2
        and text[start - 1] in "-_"
        and text[start - 2].isalnum()
        and text[end : end + 1] in ("-", "_")
        and text[end + 1 : end + 2].isalnum()
    )


def _value_span(match: re.Match[str]) -> tuple[int, int]:
    for group in ("spaced", "quoted"):
        if match[group] is not None:
            return match.span(group)
    return match.span("value")


def _given(scan: _Scan, end: int, *, marked: bool, word: bool) -> tuple[int, int] | None:
    """The secret right after the word that names it, if that is what follows."""
    match = _SECRET_VALUE.match(scan.text, end)
    if match is None:
        return None
    start, end = _value_span(match)
    if "\n" in scan.text[match.start() : start]:
        return None  # the next line says something else: "[10:10:31] Agent: ..."
    if scan.text[start] == "(":
        return _bracketed(scan, start, end)
    if word and match["quoted"] is None and scan.text[start].isupper():
        # A memorable answer is often a name of several words: "St Marys Primary".
        name = _NAME_GOES_ON.match(scan.text, end)
        if name is not None:
            end = name.end()
    span = _trimmed(scan, start, end)
    if span is None:
        return None
    value = scan.lower[span[0] : span[1]]
    if (
        not match["marker"].strip()
        and match["quoted"] is None
        and (marked or (value.isalpha() and not word))
    ):
        # "password changed": with no "is" or ":", only what looks like a secret;
        # "pass" names one only with ":" or "=".
        return None
    return span


def _bracketed(scan: _Scan, start: int, end: int) -> tuple[int, int] | None:
    """A secret in brackets: "email password (Rosebud1962)".

    "(12+ characters)" is an aside, and so is "WiFi key (WPA2) changed to ...", where
    the secret is given after it.
    """
    if scan.text[end - 1] != ")":
        return None
    return _given_later(scan, end) or _trimmed(scan, start + 1, end - 1)


# The words of a name after its first: capitalised, one space apart.
_NAME_GOES_ON: Final = re.compile(r"(?: [A-Z][a-z'’]{1,20}){1,4}(?![A-Za-z0-9])")


def _another(scan: _Scan, end: int) -> tuple[int, int] | None:
    """A second secret right after one: "old pw: hunter2 new: swordfish9"."""
    match = _ANOTHER.match(scan.text, end)
    if match is None or "\n" in scan.text[end : match.start("marker")]:
        return None
    span = _trimmed(scan, *_value_span(match))
    if span is None:
        return None
    if (
        not match["marker"].strip()
        and match["quoted"] is None
        and not _looks_secret(scan.lower[span[0] : span[1]])
    ):
        return None
    return span


def _referred(scan: _Scan, end: int) -> tuple[int, int] | None:
    """A secret said of the one just named, later on: "... the new one is Password123"."""
    if "one" not in scan.lower[end : end + 100]:
        return None
    match = _REFERRED_SECRET.match(scan.text, end)
    if match is None:
        return None
    span = _trimmed(scan, *_value_span(match))
    if span is None or not _looks_secret(scan.lower[span[0] : span[1]]):
        return None
    return span


def _given_later(scan: _Scan, end: int, *, word: bool = False) -> tuple[int, int] | None:
    """A secret given later in the sentence: after a colon, or "to", "as", "is", "it's".

    A memorable word (``word``) may be any word ("memorable word on the account is
    marmalade"); a password must look like one. One given in brackets after "with it"
    may be in the next sentence ("asked for her memorable word. She replied with it
    (Buttercup)").

    Digits given after what the secret opens are one too: "passcode for phone
    banking 774120", though not an account's or a reference's ("password for account
    12345678").
    """
    match = _LATER_VALUE.match(scan.lower, end)
    if match is None and "(" in scan.lower[end : end + 80]:
        bracketed = _LATER_BRACKETED.match(scan.lower, end)
        if bracketed is not None:
            return _trimmed(scan, *bracketed.span("value"))
    if match is None:
        digits = _FOR_DIGITS.match(scan.lower, end)
        if digits is None or _LABEL.search(scan.lower, end, digits.start("value")) is not None:
            return None
        return digits.span("value")
    span = _trimmed(scan, *match.span("value"))
    if span is None:
        return None
    value = scan.lower[span[0] : span[1]]
    # A memorable word may be any word, said soon after the words that name it:
    # "memorable word on the acc is clementine", not "... which she says is phishing".
    near = match.start("value") - end <= 24
    if match["colon"] is None and not (_looks_secret(value) or (word and near and value.isalpha())):
        return None
    return span


def _trimmed(scan: _Scan, start: int, end: int) -> tuple[int, int] | None:
    """The value without the punctuation that ends a sentence; None if it is no secret."""
    while end > start and scan.text[end - 1] in _PUNCTUATION_END:
        end -= 1
    value = scan.lower[start:end]
    if (
        len(value) < 3
        or _NOT_SECRETS.issuperset(value.split())  # "not needed" is no secret, quoted or not
        or set(value) <= {"*", "x", "•", "#"}
    ):
        return None
    return start, end


# After "pass" with no colon: one word, as long as a password is made.
_PASS_VALUE: Final = re.compile(r"[ \t]+([^\s\"'”’\0]{6,64})(?<![.,;:!?)])")


def _looks_like_password(value: str) -> bool:
    """Lower-case letters with digits or symbols: not a reference ("BA1234", "PO-55")."""
    return any(map(str.islower, value)) and _looks_secret(value.lower())


def _looks_secret(value: str) -> bool:
    """Letters with digits or symbols, as passwords are made, and not an address."""
    if "@" in value or "://" in value or value.startswith("www."):
        return False
    letters = any(character.isalpha() for character in value)
    others = any(not character.isalpha() for character in value)
    return letters and others


# Later in the same sentence, past at most 40 characters of other words.
_LATER_VALUE: Final = re.compile(
    r"[^.\n:;!?]{0,40}?(?:(?P<colon>:)\s*|(?<![a-z])(?:to|as|is|it'?s|gave|said)\s+)"
    r"[\"'“‘]?(?P<value>[^\s\"'”’\0]{3,64})"
)
# "She replied with it (Buttercup)": across one sentence's end, in brackets.
_LATER_BRACKETED: Final = re.compile(
    r"[^\n]{0,60}?(?<![a-z])(?:with\s+it|gave\s+it|it\s+was)\s*\((?P<value>[^\s()\0]{3,64})\)"
)
