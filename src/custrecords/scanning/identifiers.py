"""UK government and health identifiers: National Insurance, NHS, passport, driving licence.

Each is read by the rule its issuer publishes: HMRC's for the letters of a National
Insurance number (NIM39110), the NHS Data Dictionary's modulus 11 check for an NHS
number, HM Passport Office's nine digits, and DVLA's layout of a driving licence
number. Each is personal data that belongs in a record's fields, not in a note: it
is redacted.
"""

from __future__ import annotations

import re
from typing import Final

from custrecords._checks import nhs_valid
from custrecords.scanning.cards import _LABEL
from custrecords.scanning.context import _REFERENCE, _named, _Scan
from custrecords.scanning.findings import _REDACT

__all__: list[str] = []  # `Scanner` runs these detectors; nothing here is public


# Grouped by spaces or dashes, or not at all: "AB 12 34 56 C", "AB-12-34-56-C".
_NINO_SHAPE: Final = re.compile(
    r"(?<![a-z0-9])([a-z]{2})[ \-]?(\d{2})[ \-]?(\d{2})[ \-]?(\d{2})(?:[ \-]?([a-d]))?(?![a-z0-9])"
)
# HMRC's National Insurance Manual NIM39110: the first letter is not D, F, I, Q, U or V;
# the second is none of those nor O; BG, GB, KN, NK, NT, TN and ZZ are never issued.
_NINO_FIRST: Final = frozenset("abceghjklmnoprstwxyz")
_NINO_SECOND: Final = frozenset("abceghjklmnprstwxyz")
_NINO_UNISSUED: Final = frozenset({"bg", "gb", "kn", "nk", "nt", "tn", "zz"})
# A reference's label right before, with no colon: "Case AB123456C", "Order no AB...".
_REFERENCE_RIGHT_BEFORE: Final = re.compile(
    r"(?<![a-z])(?:ref|reference|case|order|ticket|invoice|inv|booking|flight|policy|po)"
    r"(?:\s*(?:no|num|number|id)\.?)?\s+$"
)
_NINO_NAMED: Final = re.compile(r"(?<![a-z])(?:ni|nino|national\s+insurance)(?![a-z])")
_NHS_NAMED: Final = re.compile(
    r"(?<![a-z])(?:nhs|chi|h&c|health\s+(?:and\s+care\s+)?number)(?![a-z])"
)
_PASSPORT_NAMED: Final = re.compile(r"(?<![a-z])passport(?![a-z])")
# Written whole, or in the groups the licence prints it in: "HUGHE 652126 EL9WE".
_LICENCE: Final = re.compile(
    r"[a-z9]{5}( ?)\d(?P<month>\d{2})(?P<day>\d{2})\d\1[a-z9]{2}\d[a-z]{2}(?![a-z0-9])"
)
_LICENCE_SURNAME: Final = re.compile(r"(?<![a-z0-9])[a-z9]{5} ")
_NHS_GROUPS: Final = re.compile(r"\d{3}[ \-]\d{3}[ \-]\d{4}")
# The nine digits in threes, as a passport's number is often read out: "507 339 821".
_PASSPORT_GROUPS: Final = re.compile(r"\d{3}([ \-])\d{3}\1\d{3}")
# A number introduced as one: "... the number is ", "no: ", "its ".
_INTRODUCED: Final = re.compile(
    r"(?<![a-z])(?:number|num|no|it'?s|it\s+is)\.?\s*(?:(?:is|was)\s*)?[:\-]?\s*$"
)
# The end of a sentence, but not the dot of "no." after the name.
_SENTENCE_BREAK: Final = re.compile(r"[.!?;](?:\s|$)|\n")
_NHS_LABEL_END: Final = re.compile(r"\s*(?:no|num|number)?\.?")


def _government_ids(scan: _Scan, start: int, end: int, run: str, digits: str) -> None:
    """National Insurance, driving licence, passport and NHS numbers in a run."""
    count = len(digits)
    before = scan.lower[start - 1] if start else " "
    if count == 6 and start >= 2 and (before.isalpha() or before in " -"):
        _national_insurance(scan, start, end)
    if (
        count == 6
        and run.isdigit()
        and before == " "
        and _LICENCE_SURNAME.match(scan.lower, start - 6)
    ):
        _driving_licence(scan, start, end)  # written in its groups: "HUGHE 652126 EL9WE"
    elif 6 <= count <= 11 and start >= 1 and before.isalpha() and run.isdigit():
        _driving_licence(scan, start, end)
    elif count == 9 and (run.isdigit() or len(run) == 17 or _PASSPORT_GROUPS.fullmatch(run)):
        # Whole, in threes, or read out digit by digit: "1 2 9 8 4 5 6 7 0".
        _passport(scan, start, end)
    elif count == 10 and digits[0] != "0":
        _nhs_number(scan, start, end, run, digits)


def _national_insurance(scan: _Scan, start: int, end: int) -> None:
    """A UK National Insurance number, by HMRC's rules for the letters (NIM39110)."""
    # Past the letter a NINO may end with, so that what follows it is seen:
    # "SC 40 11 62 AN 31926819" is a sort code and account, not a NINO ending in A.
    match = _NINO_SHAPE.search(scan.lower, start - min(start, 3), end + 3)
    if match is None:
        return
    prefix = match[1]
    if prefix[0] not in _NINO_FIRST or prefix[1] not in _NINO_SECOND or prefix in _NINO_UNISSUED:
        return
    named = _named(_NINO_NAMED, scan.lower, match.span(), before=30)
    if match[5] is None and not named:
        return  # two letters and six digits, not named: as likely a reference
    if not named and _REFERENCE_RIGHT_BEFORE.search(
        scan.lower, max(0, match.start() - 24), match.start()
    ):
        return  # "Case AB123456C": a reference's label names it
    scan.add(
        "user.government_id.national_identification_number",
        (match.start(), match.end()),
        0.99 if named else 0.9,
        _REDACT,
        "national_insurance_number",
    )
    scan.claim(match.span())


def _passport(scan: _Scan, start: int, end: int) -> None:
    """A UK passport number: nine digits (HM Passport Office), named as a passport's.

    HM Passport Office prints the number as nine digits; agents write it whole, in
    threes ("507 339 821") or digit by digit. It counts where "passport" is at most 80
    characters before it, or 200 when the number is introduced as one ("... passport.
    The number on it is 507339821"); never right after a reference's label ("order
    123456789"), whose number it is.
    """
    lower = scan.lower
    if _REFERENCE.search(lower, max(0, start - 30), start) is not None:
        return
    if _named(_PASSPORT_NAMED, lower, (start, end), before=80) or (
        _INTRODUCED.search(lower, max(0, start - 20), start) is not None
        and _named(_PASSPORT_NAMED, lower, (start, end), before=200)
    ):
        scan.add(
            "user.government_id.passport_number", (start, end), 0.9, _REDACT, "passport_number"
        )
        scan.claim((start, end))


def _driving_licence(scan: _Scan, run_start: int, run_end: int) -> None:
    """A GB driving licence number, by DVLA's format.

    Five letters of the surname (padded with 9), six digits from the date of birth
    (the decade's digit, the month, plus 50 for a woman, the day, the year's digit),
    two initials (padded with 9), a digit, and two check letters: 16 characters.
    """
    # The surname's padding 9s run into the date's digits: "LEE99758071M99TR".
    lower = scan.lower
    word = run_start - (lower[run_start - 1] == " ")
    while word and lower[word - 1].isalpha():
        word -= 1
    match = _LICENCE.match(lower, word) if run_start - word <= 6 else None
    if match is None or match.end() < run_end:
        return
    month, day = int(match["month"]), int(match["day"])
    if not (1 <= month % 50 <= 12 and month // 50 <= 1 and 1 <= day <= 31):
        return
    scan.add(
        "user.government_id.drivers_license_number",
        match.span(),
        0.9,
        _REDACT,
        "driving_licence_number",
    )
    scan.claim(match.span())


def _nhs_number(scan: _Scan, start: int, end: int, run: str, digits: str) -> None:
    """An NHS number: ten digits, the last the modulus 11 check of the nine before.

    The NHS Data Dictionary's rule: weights 10 down to 2, the check digit is 11 less
    the remainder of the sum by 11 (11 is 0; 10 is never issued). One number in
    eleven passes by chance, so it counts where it is named ("NHS no", "CHI") within
    60 characters before it, or earlier in the same sentence ("NHS no requested by
    the supplier for the swap - 4505356825"), or written as the NHS writes it, 3-3-4
    ("943 476 5919"). A health identifier: special-category data (UK GDPR Article 9(1)).
    """
    if not nhs_valid(digits) or scan.is_claimed(start, end):
        return
    named = _named(_NHS_NAMED, scan.lower, (start, end), before=60) or _named_in_sentence(
        scan.lower, start
    )
    if (
        not named
        and (
            _NHS_GROUPS.fullmatch(run) is None
            # "Order 945 807 3022": a reference written 3-3-4, which one in eleven passes.
            or _LABEL.search(scan.lower, max(0, start - 30), start) is not None
            or scan.lower[max(0, start - 8) : start].rstrip().endswith(("call", "tel", "phone"))
        )
    ):
        return
    scan.add("user.health.record_id", (start, end), 0.95 if named else 0.8, _REDACT, "nhs_number")
    scan.claim((start, end))


def _named_in_sentence(lower: str, start: int) -> bool:
    """Whether an NHS number is named earlier in its sentence, at most 160 characters back.

    Not when a reference's label is right before the number ("NHS no given. Order
    4505356825"): the number is the reference's.
    """
    names = list(_NHS_NAMED.finditer(lower, max(0, start - 160), start))
    if not names or _REFERENCE.search(lower, max(0, start - 30), start) is not None:
        return False
    name = names[-1]  # the nearest
    after = _NHS_LABEL_END.match(lower, name.end())
    return _SENTENCE_BREAK.search(lower, after.end() if after else name.end(), start) is None
