"""Colleagues' notes with sensitive data planted in them, and what a scanner must find."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final, final

import attrs
from hypothesis import strategies as st

from custrecords.errors import InvalidValue
from custrecords.scanning import FindingAction
from custrecords.values import PhoneNumber

if TYPE_CHECKING:
    from random import Random  # noqa: TID251  # the type of the randomness a caller injects


__all__ = [
    "Planted",
    "SampleNote",
    "notes_with_findings",
    "write_note",
]


# --- notes with sensitive data, and what a scanner must find in them ---------------------------


@final
@attrs.frozen
class Planted:
    """A span a note generator planted, and what a scanner must say about it.

    Attributes:
        category: the data category the span holds.
        start: the offset of its first character.
        end: the offset just after its last.
        action: what `scan_text` must do with it.
    """

    category: str
    start: int
    end: int
    action: FindingAction


@final
@attrs.frozen
class SampleNote:
    """A colleague's note as `write_note` wrote it, with what it planted in it.

    Attributes:
        text: the note.
        planted: the spans that hold something a record must not keep as it is,
            sorted by position. Everything else in the note is innocent, look-alikes
            included: order numbers, tracking codes, dates, amounts.
    """

    text: str = attrs.field(repr=lambda text: f"<{len(text)} chars>")
    planted: tuple[Planted, ...]


_CARD_CATEGORY: Final = "user.financial.credit_card"
# Card numbers by issuer: the prefix, the length, and how the digits are grouped.
_CARD_BRANDS: Final = (
    ("Visa", "4", 16, (4, 4, 4, 4)),
    ("Visa", "4", 19, (4, 4, 4, 4, 3)),
    ("Mastercard", "5", 16, (4, 4, 4, 4)),
    ("Mastercard", "2", 16, (4, 4, 4, 4)),
    ("Amex", "3", 15, (4, 6, 5)),
    ("Maestro", "6759", 18, (4, 4, 4, 4, 2)),
    ("Discover", "6011", 16, (4, 4, 4, 4)),
    ("JCB", "35", 16, (4, 4, 4, 4)),
)
_BRAND_PREFIXES: Final = {
    "5": ("51", "52", "53", "54", "55"),
    "2": ("2221", "2300", "2500", "2720"),
    "3": ("34", "37"),
    "35": ("3528", "3530", "3589"),
}


def _luhn_digit(partial: str) -> str:
    """The check digit that makes ``partial`` plus it pass the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(partial)):
        digit = int(char)
        if position % 2 == 0:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return str(-total % 10)


def _digits(rng: Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def _card_number(rng: Random, *, valid: bool = True) -> tuple[str, str]:
    """A card number as written, and its brand."""
    brand, prefix, length, grouping = rng.choice(_CARD_BRANDS)
    prefix = rng.choice(_BRAND_PREFIXES.get(prefix, (prefix,)))
    partial = prefix + _digits(rng, length - len(prefix) - 1)
    check = _luhn_digit(partial)
    if not valid:
        check = str((int(check) + rng.randint(1, 9)) % 10)
    digits = partial + check
    separator = rng.choice((" ", " ", "-", "", "\u00a0", "\u200b"))
    groups: list[str] = []
    for size in grouping:
        groups.append(digits[:size])
        digits = digits[size:]
    written = separator.join(groups)
    if rng.random() < 0.05:  # full-width digits, as pasted from some keyboards
        written = written.translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    return written, brand


def _expiry(rng: Random) -> str:
    return f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}"


def _nino(rng: Random) -> str:
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
        second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    digits = _digits(rng, 6)
    suffix = rng.choice("ABCD")
    if rng.random() < 0.5:
        return f"{first}{second} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{first}{second}{digits}{suffix}"


def _iban(rng: Random) -> str:
    bank = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
    basic = bank + _digits(rng, 14)
    numeric = "".join(str(int(char, 36)) for char in basic + "GB00")
    iban = f"GB{98 - int(numeric) % 97:02d}{basic}"
    if rng.random() < 0.7:
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


def _uk_mobile(rng: Random) -> str:
    while True:
        national = "7" + rng.choice("45789") + _digits(rng, 8)
        try:
            PhoneNumber.parse("0" + national)
        except InvalidValue:
            continue
        style = rng.choice(("0{0} {1}", "0{0}{1}", "+44 {0} {1}", "+44 (0){0} {1}", "0{0}-{1}"))
        return style.format(national[:4], national[4:])


def _uk_landline(rng: Random) -> str:
    while True:
        area, width = rng.choice((("20", 8), ("161", 7), ("113", 7), ("141", 7), ("1223", 6)))
        local = rng.choice("23456789") + _digits(rng, width - 1)
        try:
            PhoneNumber.parse(f"0{area}{local}")
        except InvalidValue:
            continue
        if area == "20":
            return f"020 {local[:4]} {local[4:]}"
        return f"0{area} {local[:3]} {local[3:]}"


_FIRST_NAMES: Final = ("jane", "sam", "priya", "tom", "aisha", "owen", "mei", "rhys", "zofia")
_LAST_NAMES: Final = ("doe", "patel", "jones", "okafor", "smith", "nowak", "evans", "chen")
_MAIL_DOMAINS: Final = ("gmail.com", "outlook.com", "btinternet.com", "example.co.uk", "icloud.com")


def _email(rng: Random) -> str:
    local = rng.choice(_FIRST_NAMES) + rng.choice((".", "_", "")) + rng.choice(_LAST_NAMES)
    if rng.random() < 0.3:
        local += str(rng.randint(1, 99))
    if rng.random() < 0.2:
        local = local.capitalize()
    return f"{local}@{rng.choice(_MAIL_DOMAINS)}"


# A sentence is a template whose {} holes are filled by pieces: (text, category, action).
_Piece = tuple[str, str, FindingAction]
_REJECT: Final = FindingAction.REJECT
_REDACT: Final = FindingAction.REDACT
_REVIEW: Final = FindingAction.REVIEW


def _card_sentence(rng: Random) -> tuple[str, list[_Piece]]:
    number, brand = _card_number(rng)
    card: _Piece = (number, _CARD_CATEGORY, _REJECT)
    expiry: _Piece = (_expiry(rng), f"{_CARD_CATEGORY}.expiry_date", _REJECT)
    code: _Piece = (
        _digits(rng, 4 if brand == "Amex" else 3),
        f"{_CARD_CATEGORY}.security_code",
        _REJECT,
    )
    return rng.choice(
        (
            (f"Customer paid by {brand} {{}}.", [card]),
            ("Card number {} given over the phone for the balance.", [card]),
            ("Took payment on card {} exp {}.", [card, expiry]),
            (f"{brand} {{}}, expiry {{}}, CVV {{}}.", [card, expiry, code]),
            ("Long number {} and the security code is {}.", [card, code]),
            ("She read out {} for the refund.", [card]),
        )
    )


def _sentence(  # noqa: PLR0911, PLR0912  # one branch per kind of sentence
    rng: Random, sensitive: float
) -> tuple[str, list[_Piece]]:
    if rng.random() >= sensitive:
        if rng.random() < 0.5:
            return rng.choice(_PLAIN), []
        return rng.choice(_INNOCENT)(rng), []
    kind = rng.randrange(16)
    if kind < 3:
        return _card_sentence(rng)
    if kind == 3:
        return "Card {} was declined twice, asked customer to check the number.", [
            (_card_number(rng, valid=False)[0], _CARD_CATEGORY, _REVIEW)
        ]
    if kind == 4:
        code = _digits(rng, 3)
        return rng.choice(
            (
                (
                    "The three digits on the back of the card are {}.",
                    [(code, f"{_CARD_CATEGORY}.security_code", _REJECT)],
                ),
                (
                    "cvv2: {} (card ending 4421).",
                    [(code, f"{_CARD_CATEGORY}.security_code", _REJECT)],
                ),
            )
        )
    if kind == 5:
        secret = rng.choice(("Tr0ub4dor&3", "hunter22", "Sunshine!1", "letmein99", "Rosebud1962"))
        template = rng.choice(
            (
                "Customer's password is {}, reset requested.",
                "Password: {}",
                "She said her memorable word is {}.",
                "telephone banking passcode {} confirmed.",
            )
        )
        if "passcode" in template:
            secret = _digits(rng, 6)
        return template, [(secret, "user.authorization.password", _REJECT)]
    if kind == 6:
        return rng.choice(("Her PIN is {}.", "PIN number {} given by mistake.")), [
            (_digits(rng, 4), f"{_CARD_CATEGORY}.pin", _REJECT)
        ]
    if kind == 7:
        return rng.choice(("NI number {} for the claim.", "National Insurance {} noted.")), [
            (_nino(rng), "user.government_id.national_identification_number", _REDACT)
        ]
    if kind == 8:
        code = f"{_digits(rng, 2)}-{_digits(rng, 2)}-{_digits(rng, 2)}"
        return "Refund to sort code {} account {}.", [
            (code, "user.financial.bank_account.sort_code", _REDACT),
            (_digits(rng, 8), "user.financial.bank_account.account_number", _REDACT),
        ]
    if kind == 9:
        return "Paying from IBAN {} next week.", [
            (_iban(rng), "user.financial.bank_account.iban", _REDACT)
        ]
    if kind == 10:
        return rng.choice(("New email {} confirmed.", "Send the form to {} please.")), [
            (_email(rng), "user.contact.email", _REDACT)
        ]
    if kind == 11:
        number = _uk_mobile(rng) if rng.random() < 0.6 else _uk_landline(rng)
        return rng.choice(("Call back on {} after 5pm.", "Daughter's number is {}.")), [
            (number, "user.contact.phone_number", _REDACT)
        ]
    phrase, category = rng.choice(_SPECIAL_PHRASES)
    template = rng.choice(
        ("Customer mentioned {}, so asked for more time.", "Note: {} - be patient on calls.")
    )
    return template, [(phrase, category, _REVIEW)]


_SPECIAL_PHRASES: Final = (
    ("she is pregnant", "user.health.reproductive_or_sexual"),
    ("he has dementia", "user.health.medical_diagnosis"),
    ("she was diagnosed with cancer", "user.health.medical_diagnosis"),
    ("he uses a wheelchair", "user.health.condition"),
    ("her depression", "user.health.social_psychological_behavioral"),
    ("he is in hospital", "user.health.treatment"),
    ("she is Muslim and fasting for Ramadan", "user.demographic.religious_belief"),
    ("he is a trade union rep", "user.demographic.union_membership"),
    ("his criminal record", "user.criminal_history"),
    ("her wife (same-sex partner)", "user.demographic.sexual_orientation"),
    ("he is a Labour Party councillor", "user.demographic.political_opinion"),
)


def _order_number(rng: Random) -> str:
    """A 12 to 16 digit order number that fails the Luhn check."""
    digits = _digits(rng, rng.randint(11, 15))
    return digits + str((int(_luhn_digit(digits)) + rng.randint(1, 9)) % 10)


def _date(rng: Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2027)
    return rng.choice(
        (f"{day:02d}/{month:02d}/{year}", f"{year}-{month:02d}-{day:02d}", f"{day} May {year}")
    )


_PLAIN: Final = (
    "Customer called to chase the delivery; explained the courier's delay and apologised.",
    "Went through the bill line by line and the customer now understands the standing charge.",
    "Customer unhappy with the engineer's visit and wants a call back from a manager.",
    "Updated the delivery instructions: leave with the neighbour if there is no answer.",
    "Sent the returns label by e-mail and explained how to book a collection.",
    "Customer asked why the direct debit went up; explained the annual price review.",
    "Transferred to the billing team after confirming the account holder's identity.",
    "Checked the order history; the replacement was sent out last week.",
    "Customer will think about the upgrade and ring back when ready.",
    "Logged a fault on the broadband line, the network team will update the customer.",
    "Customer prefers letters to e-mails and asked us to note it on the account.",
    "Apologised for the wait on hold and for having to repeat the details.",
)
_INNOCENT: Final[tuple[Callable[[Random], str], ...]] = (
    lambda rng: f"Order {_order_number(rng)} dispatched on {_date(rng)}.",
    lambda rng: f"Tracking number 1Z{_digits(rng, 3)}AA1{_digits(rng, 10)} passed to courier.",
    lambda rng: (
        f"Invoice INV-{rng.randint(2019, 2027)}-{_digits(rng, 6)} sent, "
        f"total £{rng.randint(1, 2000):,}.{_digits(rng, 2)}."
    ),
    lambda rng: f"Refund of £{rng.randint(5, 900)}.{_digits(rng, 2)} agreed on {_date(rng)}.",
    lambda rng: (
        f"Call logged at {rng.randint(1_600_000_000_000, 1_800_000_000_000)} "
        "by the card payments system."
    ),
    lambda rng: "Reminded customer we never ask for your PIN or password.",
    lambda rng: "Password reset link sent to the address on file.",
    lambda rng: f"Card ending {_digits(rng, 4)} was declined, customer will call the bank.",
    lambda rng: f"Engineer booked for {_date(rng)} between 8am and 1pm.",
    lambda rng: f"Meter reading {_digits(rng, 5)} taken, next bill due {_date(rng)}.",
    lambda rng: (
        f"Booking reference {rng.choice('ABCDEFGH')}{_digits(rng, 7)} "
        f"moved to {rng.randint(9, 17)}:{rng.choice(('00', '30'))}."
    ),
    lambda rng: "Customer happy with the outcome, no further action.",
    lambda rng: "Explained the cancellation policy and the 14-day cooling-off period.",
    lambda rng: f"Case ref {_order_number(rng)} escalated to the complaints team.",
    lambda rng: (
        f"Parcel weighed {rng.randint(1, 30)}kg, {rng.randint(1, 5)} items, "
        f"delivered to a neighbour at number {rng.randint(1, 120)}."
    ),
    lambda rng: "Asked for a paper copy of the contract by post.",
    lambda rng: "Customer asked us to stop calling at work.",
)


def write_note(rng: Random, *, sensitive: float = 0.45, sentences: int = 4) -> SampleNote:
    """A colleague's note of one to ``sentences`` sentences, some holding sensitive data.

    Randomness is injected: pass a seeded ``random.Random`` for a corpus that is the
    same on every run. Each sentence holds sensitive data with probability
    ``sensitive``. The others are innocent: half plain, half with look-alikes of
    sensitive data in them: order and case numbers that fail the Luhn check, tracking
    codes, invoice numbers, dates, amounts, millisecond timestamps, a card's last four
    digits, "we never ask for your PIN". The sensitive ones hold card numbers (every major
    issuer, grouped as people write them, some with non-breaking or zero-width spaces
    or full-width digits), expiry dates, security codes, passwords, PINs, National
    Insurance numbers, sort codes with account numbers, IBANs, e-mail addresses, UK
    phone numbers and special-category information.
    """
    parts: list[str] = []
    planted: list[Planted] = []
    length = 0
    for index in range(rng.randint(1, sentences)):
        template, pieces = _sentence(rng, sensitive)
        if index:
            parts.append(" ")
            length += 1
        chunks = template.split("{}")
        for chunk, (text, category, action) in zip(chunks, pieces, strict=False):
            parts.append(chunk)
            length += len(chunk)
            planted.append(Planted(category, length, length + len(text), action))
            parts.append(text)
            length += len(text)
        parts.append(chunks[-1])
        length += len(chunks[-1])
    return SampleNote(text="".join(parts), planted=tuple(planted))


def notes_with_findings() -> st.SearchStrategy[SampleNote]:
    """Notes from `write_note`, with the spans a scanner must find in them."""
    return st.randoms(use_true_random=False).map(write_note)
