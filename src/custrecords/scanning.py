"""Finding what must not be kept in free text: card data, credentials, identifiers.

The most common data-protection failure in customer service is a card number, a
security code, a password or a diagnosis typed into a note. `scan_text` finds them;
`redact` takes them out.

Every detector validates what it finds rather than trusting a pattern: card numbers
pass the Luhn check and fall in an issuer's range, IBANs pass ISO 7064 mod 97, National
Insurance numbers use HMRC's prefix rules, e-mail addresses and phone numbers go
through the same parsers as `EmailAddress` and `PhoneNumber`, and security codes,
passwords and PINs count only where the words around them say what they are.

>>> note = "Paid by Visa 4111 1111 1111 1111, CVV 123. Call back on 020 7946 0018."
>>> for finding in scan_text(note):
...     print(finding.category, finding.action.value, finding.detector)
user.financial.credit_card reject card_number
user.financial.credit_card.security_code reject security_code
user.contact.phone_number redact phone_number
>>> short = "Visa 4111 1111 1111 1111; call 020 7946 0018"
>>> print(redact(short, scan_text(short)))
Visa [REDACTED:user.financial.credit_card]; call [REDACTED:user.contact.phone_number]

Scanning takes time linear in the length of the text: no pattern here can backtrack
without bound, and each validation looks at a bounded window. Text is folded before
it is scanned, so full-width digits, non-breaking spaces and zero-width characters
hide nothing; the findings' offsets are always offsets into the text as given.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Final, final

import attrs

from custrecords._checks import check_choice
from custrecords.errors import InvalidValue, UsageError
from custrecords.taxonomy import check_data_category
from custrecords.values import EmailAddress, _valid_phone

__all__ = ["Detector", "Finding", "FindingAction", "Scanner", "redact", "scan_text"]


class FindingAction(StrEnum):
    """What a host should do with what a detector found, strictest first."""

    REJECT = "reject"
    """Refuse to save the text as it stands: it holds something that must never be
    kept (a full card number, a security code, a password)."""
    REDACT = "redact"
    """Save the text with the span replaced: it holds personal data that belongs in a
    record's fields, where it can be kept accurate and erased, not in free text."""
    REVIEW = "review"
    """Save it, and ask a person to look: it may hold special-category information,
    or something that may be card data but could not be validated."""


_SEVERITY: Final = {FindingAction.REJECT: 3, FindingAction.REDACT: 2, FindingAction.REVIEW: 1}


@final
@attrs.frozen(kw_only=True)
class Finding:
    """A span of text that holds something a record must not keep as it is.

    A finding holds offsets, never the text itself, so findings can be logged, stored
    and shown in reports.

    Attributes:
        category: what was found: a fideslang data category, or a refinement of one
            (``user.financial.credit_card.security_code``).
        start: the offset of the span's first character in the scanned text.
        end: the offset just after the span's last character.
        confidence: how sure the detector is, above 0 and at most 1.
        action: what the host should do with it.
        detector: the name of the detector that found it.
    """

    category: str
    start: int
    end: int
    confidence: float
    action: FindingAction
    detector: str

    def __attrs_post_init__(self) -> None:
        check_data_category(self.category, "finding.category")
        check_choice(self.action, FindingAction, "finding.action")
        if not isinstance(self.detector, str) or not self.detector:
            raise InvalidValue("wrong_type", "finding.detector", "must be a detector's name")
        for name in ("start", "end"):
            offset = getattr(self, name)
            if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
                raise InvalidValue(
                    "invalid_offset", f"finding.{name}", "must be an offset: 0 or more"
                )
        if self.end <= self.start:
            raise InvalidValue("invalid_span", "finding.end", "must be after the start")
        if (
            not isinstance(self.confidence, float | int)
            or isinstance(self.confidence, bool)
            or not 0 < self.confidence <= 1
        ):
            raise InvalidValue(
                "invalid_confidence", "finding.confidence", "must be above 0 and at most 1"
            )


Detector = Callable[[str], Iterable[Finding]]
"""A detector of your own: given the folded text, the findings in it.

The text a detector sees has the same length as the text scanned (once zero-width
characters are taken out: `Scanner` maps offsets back), with full-width digits as
ASCII digits, every kind of space as a space and every kind of dash as ``-``.
"""


# --- folding: what the detectors see ---------------------------------------------------------

# Zero-width and formatting characters: invisible, so they must not split a number.
_INVISIBLE: Final = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]"
)

# Folding can change only characters outside ASCII.
_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]")

# Text that `redact` and `minimise` wrote: scanning it again must find nothing.
_TOKEN: Final = re.compile(r"\[(?:REDACTED|MASKED):[a-z][a-z0-9_.]*(?::[0-9A-Za-z]{1,4})?\]")


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
        if "[" in text and _TOKEN.search(text):
            text = _TOKEN.sub(lambda token: "\0" * len(token[0]), text)
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


# --- words: special-category terms, and the words that name a secret ------------------------


_Trie = dict[str, "_Trie"]


def _alternation(phrases: Iterable[str]) -> str:
    """A regular expression matching any of ``phrases``, as a trie.

    A flat alternation of hundreds of words tries each at every position; a trie
    tries one branch per letter, which keeps the pass over a note fast.
    """
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(phrase.strip() for phrase in text.split(","))


# Special-category information (UK GDPR Article 9(1)) and criminal offence data
# (Article 10): words and phrases that, in a note about a customer, usually say
# something of that kind about them. They are for a person to review, never to reject:
# the same words can be about someone else, or about nothing personal at all. Words that
# are as often innocent as not ("church" in an address, "labour" in a bill, "faith" in
# "good faith") are left out, or only counted in a phrase.
_SPECIAL: Final[dict[str, tuple[str, ...]]] = {
    "user.health.medical_diagnosis": _phrases(
        "diagnosed, diagnosis, cancer, tumour, tumor, leukaemia, leukemia, diabetes, diabetic, "
        "dementia, alzheimer's, alzheimers, epilepsy, epileptic, seizures, had a stroke, "
        "heart attack, heart condition, asthma, asthmatic, copd, hiv, multiple sclerosis, "
        "parkinson's, parkinsons, motor neurone disease, arthritis, long covid, crohn's, "
        "kidney failure, terminally ill, terminal illness, chronic pain"
    ),
    "user.health.social_psychological_behavioral": _phrases(
        "depression, depressed, anxiety, panic attacks, mental health, bipolar, schizophrenia, "
        "schizophrenic, psychosis, ptsd, ocd, eating disorder, anorexia, bulimia, suicidal, "
        "self-harm, self harm, alcoholic, alcoholism, addiction, addicted, rehab"
    ),
    "user.health.condition": _phrases(
        "disabled, disability, disabilities, wheelchair, wheelchair user, partially sighted, "
        "visually impaired, registered blind, is blind, deaf, hard of hearing, hearing impaired, "
        "learning disability, learning difficulties, autism, autistic, adhd, dyslexia, dyslexic, "
        "dyspraxia, cerebral palsy, down's syndrome, down syndrome"
    ),
    "user.health.treatment": _phrases(
        "chemotherapy, chemo, radiotherapy, dialysis, in hospital, hospitalised, hospitalized, "
        "had surgery, having surgery, an operation on, palliative, hospice, transplant, "
        "physiotherapy, counselling"
    ),
    "user.health.medications": _phrases(
        "medication, antidepressants, sertraline, fluoxetine, methadone, insulin, morphine, "
        "prescribed"
    ),
    "user.health.prescriptions": _phrases("prescription, prescriptions"),
    "user.health.reproductive_or_sexual": _phrases(
        "pregnant, pregnancy, miscarriage, ivf, fertility treatment, termination of pregnancy, "
        "sexual health, std, sti"
    ),
    "user.health.genetic": _phrases(
        "genetic, genetics, dna test, dna results, brca, genome, hereditary condition"
    ),
    "user.biometrics.fingerprint": _phrases("fingerprint, fingerprints"),
    "user.biometrics.retinal": _phrases("iris scan, retina scan, retinal scan"),
    "user.biometrics.voice": _phrases("voiceprint, voice print, voice biometrics"),
    "user.biometrics": _phrases("facial recognition, face scan, biometric, biometrics"),
    "user.demographic.religious_belief": _phrases(
        "muslim, islam, islamic, christian, catholic, protestant, jewish, judaism, hindu, "
        "hinduism, sikh, sikhism, buddhist, buddhism, atheist, jehovah's witness, "
        "jehovah's witnesses, mormon, mosque, synagogue, gurdwara, goes to church, "
        "attends church, churchgoer, ramadan, halal, kosher, religion, religious"
    ),
    "user.demographic.philosophical_belief": _phrases("humanist, ethical vegan"),
    "user.demographic.race_ethnicity": _phrases(
        "ethnic, ethnicity, ethnic origin, racial, racially, mixed race, black british, "
        "white british, british asian, british indian, british pakistani, gypsy, romany, "
        "irish traveller, roma"
    ),
    "user.demographic.sexual_orientation": _phrases(
        "gay, lesbian, bisexual, homosexual, heterosexual, queer, sexual orientation, "
        "same-sex partner, same sex partner, lgbt, lgbtq"
    ),
    "user.demographic.political_opinion": _phrases(
        "labour party, labour voter, votes labour, conservative party, conservative voter, "
        "votes conservative, tory voter, lib dem voter, liberal democrat party, green party, "
        "reform uk, snp member, plaid cymru, political views, political opinions, "
        "political party"
    ),
    "user.demographic.union_membership": _phrases(
        "trade union, union member, union membership, union rep, unison member, unite member, "
        "gmb member"
    ),
    "user.criminal_history": _phrases(
        "criminal record, conviction, convictions, convicted, arrested, in prison, "
        "prison sentence, released from prison, probation, offender, sentenced, jail, jailed, "
        "on bail, police caution, criminal offence, community service order, tagged by police"
    ),
}

# Words that name a secret: the value after them is the secret.
# A security code is never kept in notes, whether a card's or an account's (PCI DSS
# 3.3.1.2): these name one wherever they stand.
_SECURITY_CODE: Final = _phrases(
    "cvv, cvv2, cvc, cvc2, cv2, csc, card verification, card verification code, security code, "
    "sec code, security number, 3 digit code, three digit code, 3-digit code, three-digit code"
)
# Said of many things; a security code only when the note is about a card.
_SECURITY_CODE_IF_CARD: Final = _phrases(
    "cid, digits on the back, numbers on the back, three digits, 3 digits, last three digits, "
    "last 3 digits"
)
_PASSWORD: Final = _phrases(
    "password, passwd, pwd, passphrase, pass phrase, passcode, pass code, memorable word, "
    "memorable information, memorable answer, memorable date, memorable place, memorable name, "
    "secret answer, secret word, security answer, security question answer, pw, p/w"
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

_WORD_KINDS: Final[dict[str, str]] = {
    **dict.fromkeys(_SECURITY_CODE, "code"),
    **dict.fromkeys(_SECURITY_CODE_IF_CARD, "code_if_card"),
    **dict.fromkeys(_PASSWORD, "password"),
    **dict.fromkeys(_PASSWORD_WORD, "password_word"),
    **dict.fromkeys(_PASSWORD_COLON, "password_colon"),
    **dict.fromkeys(_PIN, "pin"),
    **{phrase: category for category, phrases in _SPECIAL.items() for phrase in phrases},
}
# Not inside a longer word: "pin" is not "spin" or "pinned", "gay" is not "gayle".
_WORDS: Final = re.compile(r"(?<![a-z0-9'])" + _alternation(_WORD_KINDS) + r"(?![a-z0-9])")
_SPACES: Final = re.compile(r"\s+")

# Most notes hold none of those words. Splitting a note into words at C speed, and
# asking whether any is one of the words above, is cheaper than looking for them:
# only a note that has one is searched.
_WORD_BYTES: Final = bytes(
    byte if chr(byte).isalnum() or byte in b"'" or byte >= 0x80 else ord(" ") for byte in range(256)
).lower()
# Words common in notes of every kind, so poor at telling which notes to search.
_COMMON: Final = frozenset(
    b"the of on in to is a an had has his her their my no number code card".split()
)


def _telling(phrase: str) -> bytes:
    """The word of ``phrase`` that best tells a note might hold it: the longest uncommon one."""
    words = phrase.encode().translate(_WORD_BYTES).split()
    return max(words, key=lambda word: (word not in _COMMON, len(word), word))


# Every phrase has a word here, and a phrase matches only where all its words are: a
# note with none of these words has none of the phrases.
_TRIGGERS: Final = frozenset(_telling(phrase) for phrase in _WORD_KINDS)


# --- numbers ---------------------------------------------------------------------------------

# Digits in groups split by one space or dash, six characters or more: the shape of
# every number a detector wants. Unambiguous, so linear.
# It starts with a digit so that the regular expression engine skips to digits fast.
_RUN: Final = re.compile(r"\d(?<!\d\d)(?=[\d \-]{5})\d*(?:[ \-]\d+)*")

# The number a label names is that label's, not a card: "order no. 4929 ...".
_LABEL: Final = re.compile(
    r"(?<![a-z])(?:order|ref|reference|invoice|inv|tracking|consignment|parcel|booking|"
    r"policy|ticket|case|customer|member|membership|account|acct|a/c|serial|imei|meter|"
    r"mpan|mprn|claim|quote|transaction|auth|authorisation|authorization)"
    r"(?:\s*(?:no|num|number|id|code|ref))?[\s.:#-]*$"
)
# Words that make a number about a payment card.
# No look-behind at the start: a pattern that starts with its words lets the engine
# skip to their first letters; `_paid_by_card` checks the word's start instead.
_PAYMENT: Final = re.compile(
    r"(?:cards?|visa|master\s?card|amex|american\s+express|maestro|debit|credit|"
    r"paid|paying|pay|payment|pan|long\s+number)(?![a-z])"
)
# Agents' "SC 20-00-00 AN 12345678": the two letters count only right before digits.
_BANK: Final = re.compile(
    r"(?<![a-z])(?:sort\s?code|s/c|account|acc|a/c|acct|bank|direct\s+debit|"
    r"(?:sc|an)(?=\s*[:.#]?\s*(?:\d|$)))(?![a-z])"
)
_NHS_NAMED: Final = re.compile(
    r"(?<![a-z])(?:nhs|chi|h&c|health\s+(?:and\s+care\s+)?number)(?![a-z])"
)
_PASSPORT_NAMED: Final = re.compile(r"(?<![a-z])passport(?![a-z])")
_LICENCE: Final = re.compile(
    r"[a-z9]{5}\d(?P<month>\d{2})(?P<day>\d{2})\d[a-z9]{2}\d[a-z]{2}(?![a-z0-9])"
)
_NHS_GROUPS: Final = re.compile(r"\d{3}[ \-]\d{3}[ \-]\d{4}")
_NINO_NAMED: Final = re.compile(r"(?<![a-z])(?:ni|nino|national\s+insurance)(?![a-z])")
# Every second digit from the right, doubled, with the digits of the product summed.
_DOUBLED: Final = str.maketrans("0123456789", "0246813579")


def _nhs_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check (NHS Data Dictionary, "NHS Number")."""
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    return check != 10 and (check % 11) == int(digits[9])


def _luhn(digits: str) -> bool:
    """The Luhn (mod 10) check that every payment card number passes (ISO/IEC 7812-1)."""
    checked = (digits[-1::-2] + digits[-2::-2].translate(_DOUBLED)).encode()
    return (sum(checked) - ord("0") * len(checked)) % 10 == 0


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
    return 12 <= len(digits) <= 19 and _issued(digits) and _luhn(digits)


def _looks_like_timestamp(digits: str) -> bool:
    """A Unix time in milliseconds, 2001 to 2033: 13 digits from 1 000 000 000 000."""
    return len(digits) == 13 and digits[0] == "1"


_EXPIRY: Final = re.compile(r"(?<![\d/.\-])(0?[1-9]|1[0-2]) ?[/\-.] ?(\d{2}|20\d{2})(?![\d/\-])")
_NOT_AFTER_DATE: Final = frozenset("0123456789/-")
_EXPIRY_WORD: Final = re.compile(
    r"(?<![a-z])(?:exp|expiry|expires|valid\s+(?:thru|to|until))(?![a-z])"
)
_TRACK: Final = re.compile(
    r"%?b(\d{12,19})\^[^\^\n]{2,26}\^\d{7}[^?\n]{0,60}\??"  # track 1
    r"|;?(\d{12,19})=\d{7}\d{0,24}\??"  # track 2
)
_CODE_AFTER: Final = re.compile(r"[^\d\n.;]{0,32}?(?<!\d)(\d{3,4})(?![\d/]|[.\-]\d)")
_CODE_BEFORE: Final = re.compile(
    r"(?<![\d.])(\d{3,4})[\s:,-]*(?:(?:is|was|are|were)\s+)?(?:(?:the|their|his|her|its|my)\s+)?$"
)
_CODE_AFTER_EXPIRY: Final = re.compile(r"[\s,;]{1,3}(?:and\s+)?(\d{3,4})(?!\d|[/\-.:]\d)")
_PIN_VALUE: Final = re.compile(
    r"(?:\s*(?:[:=#(.-]|is|was|of|number|no\.?|code|set\s+to|changed\s+to|now))*\s*"
    r"(?<!\d)(\d{4,6})(?!\d|[/\-.]\d)"
)
_SECRET_VALUE: Final = re.compile(
    r"(?P<marker>(?:\s*(?:[:=]|-|is|was|set\s+to|changed\s+to|reset\s+to|now|of))*)\s*"
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
        "please been link reminder"
    ).split()
)
# Punctuation that ends a sentence rather than a password ("!" and "?" may be either).
_PUNCTUATION_END: Final = ".,;:)]}>"
_NINO_SHAPE: Final = re.compile(
    r"(?<![a-z0-9])([a-z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2})(?: ?([a-d]))?(?![a-z0-9])"
)
# HMRC's National Insurance Manual NIM39110: the first letter is not D, F, I, Q, U or V;
# the second is none of those nor O; BG, GB, KN, NK, NT, TN and ZZ are never issued.
_NINO_FIRST: Final = frozenset("abceghjklmnoprstwxyz")
_NINO_SECOND: Final = frozenset("abceghjklmnprstwxyz")
_NINO_UNISSUED: Final = frozenset({"bg", "gb", "kn", "nk", "nt", "tn", "zz"})
_IBAN_START: Final = re.compile(r"(?<![a-z0-9])[a-z]{2}\d{2}")
_IBAN_SHAPE: Final = re.compile(r"[a-z]{2}\d{2}(?: ?[a-z0-9]){11,30}")
# Each country's BBAN, as the SWIFT IBAN Registry (release 101) writes it: "4!a6!n8!n"
# is four letters, six digits, eight digits (GB: bank code, sort code, account).
_IBAN_BBAN: Final[dict[str, str]] = dict(
    entry.split(":")
    for entry in (
        "ad:4!n4!n12!c ae:3!n16!n al:8!n16!c at:5!n11!n az:4!a20!c ba:3!n3!n8!n2!n "
        "be:3!n7!n2!n bg:4!a4!n2!n8!c bh:4!a14!c bi:5!n5!n11!n2!n br:8!n5!n10!n1!a1!c "
        "by:4!c4!n16!c ch:5!n12!c cr:4!n14!n cy:3!n5!n16!c cz:4!n16!n de:8!n10!n "
        "dj:5!n5!n11!n2!n dk:4!n9!n1!n do:4!c20!n ee:2!n14!n eg:4!n4!n17!n es:4!n4!n1!n1!n10!n "
        "fi:3!n11!n fk:2!a12!n fo:4!n9!n1!n fr:5!n5!n11!c2!n gb:4!a6!n8!n ge:2!a16!n "
        "gi:4!a15!c gl:4!n9!n1!n gr:3!n4!n16!c gt:4!c20!c hn:4!a20!n hr:7!n10!n "
        "hu:3!n4!n1!n15!n1!n ie:4!a6!n8!n il:3!n3!n13!n iq:4!a3!n12!n is:4!n2!n6!n10!n "
        "it:1!a5!n5!n12!c jo:4!a4!n18!c kw:4!a22!c kz:3!n13!c lb:4!n20!c lc:4!a24!c li:5!n12!c "
        "lt:5!n11!n lu:3!n13!c lv:4!a13!c ly:3!n3!n15!n mc:5!n5!n11!c2!n md:2!c18!c "
        "me:3!n13!n2!n mk:3!n10!c2!n mn:4!n12!n mr:5!n5!n11!n2!n mt:4!a5!n18!c "
        "mu:4!a2!n2!n12!n3!n3!a ni:4!a20!n nl:4!a10!n no:4!n6!n1!n om:3!n16!c pk:4!a16!c "
        "pl:8!n16!n ps:4!a21!c pt:4!n4!n11!n2!n qa:4!a21!c ro:4!a16!c rs:3!n13!n2!n "
        "ru:9!n5!n15!c sa:2!n18!c sc:4!a2!n2!n16!n3!a sd:2!n12!n se:3!n16!n1!n si:5!n8!n2!n "
        "sk:4!n6!n10!n sm:1!a5!n5!n12!c so:4!n3!n12!n st:4!n4!n11!n2!n sv:4!a20!n "
        "tl:3!n14!n2!n tn:2!n3!n13!n2!n tr:5!n1!n16!c ua:6!n19!c va:3!n15!n vg:4!a16!n "
        "xk:4!n10!n2!n ye:4!a4!n18!c"
    ).split()
)
_BBAN_PART: Final = re.compile(r"(\d+)!([nac])")
_BBAN_CLASS: Final = {"n": "[0-9]", "a": "[a-z]", "c": "[a-z0-9]"}
# IBAN lengths by country: the country code, the check digits and the BBAN.
_IBAN_LENGTHS: Final[dict[str, int]] = {
    country: 4 + sum(int(count) for count, _ in _BBAN_PART.findall(bban))
    for country, bban in _IBAN_BBAN.items()
}
_IBAN_BBAN_PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    country: re.compile(
        "".join(f"{_BBAN_CLASS[kind]}{{{count}}}" for count, kind in _BBAN_PART.findall(bban))
    )
    for country, bban in _IBAN_BBAN.items()
}
_EMAIL_LOCAL: Final = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")
_EMAIL_DOMAIN: Final = re.compile(
    r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?){1,8}"
)
# Written as people write UK numbers: a national 0, +44 or 0044, brackets, groups.
# Not inside a word, a longer number or a path ("ref/0123..."); after a number and "/"
# it is the second of two ("07400123458/07400123459").
_PHONE: Final = re.compile(r"(?<![\w+\-])(?<![^\d]/)(?<!^/)(?:\+\d|\(?0)[\d \-()]{7,18}\d(?!\d)")
# A sort code (6 digits), an account number (8), or both in one run (14).
_BANK_SIZES: Final = frozenset({6, 8, 14})
_SORT_CODE: Final = re.compile(r"\d{2}([ -])\d{2}\1\d{2}")
_SORT_CODE_AND_ACCOUNT: Final = re.compile(r"(\d{2}([ -])\d{2}\2\d{2})[ -](\d{8})")


@final
@attrs.frozen
class Scanner:
    r"""Runs the built-in detectors, and any of your own, over a text.

    `scan_text` uses a scanner with the built-in detectors only. Give ``extra`` to add
    detectors of your own: each is a callable that takes the folded text and returns
    its findings (see `Detector`).

    >>> import re
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
                return tuple(_resolve(_Scan(text, lower).found))
        folded = _Folded(text)
        found = _Scan(folded.text, folded.lower).found
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


def _resolve(found: list[Finding]) -> list[Finding]:
    """Sort by position, and where two findings overlap keep the stricter one."""
    if len(found) < 2:
        return found
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            if _rank(finding) > _rank(kept[-1]):
                kept[-1] = finding
            continue
        kept.append(finding)
    return kept


def _rank(finding: Finding) -> tuple[int, float, int]:
    return _SEVERITY[finding.action], finding.confidence, finding.end - finding.start


_REJECT: Final = FindingAction.REJECT
_REDACT: Final = FindingAction.REDACT
_REVIEW: Final = FindingAction.REVIEW
_CARD: Final = "user.financial.credit_card"


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


def _paid_by_card(lower: str, start: int, end: int) -> bool:
    """Whether a word about paying by card is in ``lower[start:end]``."""
    match = _PAYMENT.search(lower, max(0, start), end)
    while match is not None and match.start() and lower[match.start() - 1].isalpha():
        match = _PAYMENT.search(lower, match.start() + 1, end)
    return match is not None


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
        # A lone surrogate (an unpaired "\ud800" escape read from JSON) is text like any
        # other character here: encoding it must not fail, nor tell anyone what it is.
        words = lower.encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split()
        if not _TRIGGERS.isdisjoint(words):
            self.words()
        if not _NUMBER_WORDS.isdisjoint(words):
            self.spoken_numbers()
        # Asking for each digit in turn is faster than a pattern that skips to one.
        has_digits = any(map(text.__contains__, "0123456789"))
        runs = [match.span() for match in _RUN.finditer(text)] if has_digits else None
        if runs:
            if "^" in text or "=" in text:
                self.track_data()
            self.numbers(runs)
        if has_digits and any(map(text.__contains__, _SPLITTERS)):
            self.split_numbers()
        if self.cards:
            self.expiry_dates()
        if "@" in text:
            self.emails()

    # --- words -------------------------------------------------------------------------------

    def words(self) -> None:
        secrets: list[tuple[str, int, int]] = []
        for match in _WORDS.finditer(self.lower):
            kind = _WORD_KINDS[_SPACES.sub(" ", match[0])]
            if kind.startswith("user"):
                self.add(kind, (match.start(), match.end()), 0.7, _REVIEW, "special_category")
            else:
                secrets.append((kind, match.start(), match.end()))
        for kind, start, end in secrets:
            if kind.startswith("password"):
                if kind == "password_colon" and (
                    self.text[end : end + 1] not in (":", "=")
                    or not _TICKETS.isdisjoint(self.lower[max(0, start - 12) : start].split()[-1:])
                ):
                    continue  # "pass the call on", "boarding pass: AB12"
                self.password(end, marked=kind == "password_colon", word=kind == "password_word")
            elif kind == "pin":
                self.pin(end)
            elif kind == "code" or _paid_by_card(self.lower, 0, len(self.lower)):
                self.security_code(start, end)

    def security_code(self, start: int, end: int) -> None:
        """Three or four digits said to be a card's security code, after the words or before."""
        match = _CODE_AFTER.match(self.lower, end) or _CODE_BEFORE.search(
            self.lower, max(0, start - 30), start
        )
        if match is not None:
            self.add(
                f"{_CARD}.security_code",
                (match.start(1), match.end(1)),
                0.95,
                _REJECT,
                "security_code",
            )

    def pin(self, end: int) -> None:
        """Four to six digits given as a card's PIN."""
        match = _PIN_VALUE.match(self.lower, end)
        if match is not None:
            self.add(f"{_CARD}.pin", (match.start(1), match.end(1)), 0.9, _REJECT, "pin")

    def password(self, end: int, *, marked: bool = False, word: bool = False) -> None:
        """A password, passcode or memorable word given after the word that names it.

        "The password is Tr0ub4dor" is a password; "password reset", "the password was
        wrong" and "we never ask for your password" are not.
        """
        match = _SECRET_VALUE.match(self.text, end)
        if match is None:
            return
        start, end = match.span("value")
        if "\n" in self.text[match.start() : start]:
            return  # the next line says something else: "[10:10:31] Agent: ..."
        if self.text[start] == "(":
            # "email password (Rosebud1962)": the secret in brackets; "(12+ characters)"
            # is an aside.
            if self.text[end - 1] != ")":
                return
            start, end = start + 1, end - 1
        while end > start and self.text[end - 1] in _PUNCTUATION_END:
            end -= 1
        value = self.lower[start:end]
        if len(value) < 3 or value in _NOT_SECRETS or set(value) <= {"*", "x", "•", "#"}:
            return
        if not match["marker"].strip() and (marked or (value.isalpha() and not word)):
            # "password changed": with no "is" or ":", only what looks like a secret;
            # "pass" names one only with ":" or "=".
            return
        self.add("user.authorization.password", (start, end), 0.9, _REJECT, "password")

    # --- numbers -----------------------------------------------------------------------------

    def numbers(self, runs: list[tuple[int, int]]) -> None:
        text = self.text
        sort_codes: list[tuple[int, int, bool]] = []
        accounts: list[tuple[int, int]] = []
        lower = self.lower
        for start, end in runs:
            if self.claimed and self.is_claimed(start, end):
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
                self.iban(start)
                if self.claimed and self.is_claimed(start, end):
                    continue
            if count >= 12:
                self.card(start, end, run, digits)
            self.government_ids(start, end, run, digits)
            if count in _BANK_SIZES:
                self.bank_parts((start, end), run, count, sort_codes, accounts)
            opening = text[max(0, start - 8) : start]
            if "(" in opening or (count >= 9 and (digits[0] == "0" or "+" in opening)):
                self.phone(start, end)
        if sort_codes and accounts:
            self.bank_accounts(sort_codes, accounts)

    def government_ids(self, start: int, end: int, run: str, digits: str) -> None:
        """National Insurance, driving licence, passport and NHS numbers in a run."""
        count = len(digits)
        before = self.lower[start - 1] if start else " "
        if count == 6 and start >= 2 and (before.isalpha() or before == " "):
            self.national_insurance(start, end)
        if 6 <= count <= 11 and start >= 1 and before.isalpha() and run.isdigit():
            self.driving_licence(start, end)
        elif count == 9 and run.isdigit():
            self.passport(start, end)
        elif count == 10 and digits[0] != "0":
            self.nhs_number(start, end, run, digits)

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

    def card(self, start: int, end: int, run: str, digits: str) -> None:
        """A card number: the whole run, or groups of three or more digits at its ends.

        Groups at the start are a card followed by its security code; groups at the end
        are a card after a phone number.
        """
        if start and self.text[start - 1] == "+":  # an international phone number
            return
        if _embedded(self.text, start, end):
            return
        if _is_card(digits):
            self.add_card(start, end)
            return
        if run is not digits and self.card_within(start, run):
            return
        if (
            len(digits) <= 19
            and not _looks_like_timestamp(digits)
            and _paid_by_card(self.lower, start - 40, end + 20)
            and not _named(_LABEL, self.lower, (start, end), before=30)
        ):
            # Luhn chooses the label, not whether to act: a mistyped card number is
            # still a card number.
            self.add(_CARD, (start, end), 0.5, _REVIEW, "card_number_unchecked")
            self.cards.append((start, end))

    def card_within(self, start: int, run: str) -> bool:
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
            last = self.card_from(groups, first)
            if last is None:
                first += 1
            else:
                found = True
                first = last + 1
        return found

    def card_from(self, groups: Sequence[tuple[int, int]], first: int) -> int | None:
        """The last group of a card that starts at group ``first``, longest first, if any.

        Each group is digits only, so a window's length is known before it is joined:
        only the windows of 13 to 19 digits are checked.
        """
        text = self.text
        sizes: list[int] = []
        for start, end in groups[first : first + _MOST_GROUPS]:
            if end - start < 3:
                break
            sizes.append(end - start + (sizes[-1] if sizes else 0))
        for last in range(len(sizes) - 1, -1, -1):
            if 13 <= sizes[last] <= 19:
                digits = "".join(text[a:b] for a, b in groups[first : first + last + 1])
                if _is_card(digits):
                    self.add_card(groups[first][0], groups[first + last][1])
                    return first + last
        return None

    def add_card(self, start: int, end: int) -> None:
        if _LABEL.search(self.lower, max(0, start - 30), start) is not None:
            # Valid, but named as something else: most likely a reference that happens
            # to pass (one number in ten does). A person decides.
            self.add(_CARD, (start, end), 0.5, _REVIEW, "card_number")
        else:
            confidence = 0.99 if _paid_by_card(self.lower, start - 40, end + 20) else 0.9
            self.add(_CARD, (start, end), confidence, _REJECT, "card_number")
        self.cards.append((start, end))
        self.claim((start, end))

    def track_data(self) -> None:
        """The full contents of a magnetic stripe: a card number, then its fields."""
        for match in _TRACK.finditer(self.lower):
            if _is_card(match[1] or match[2]):
                self.add(
                    f"{_CARD}.track_data", (match.start(), match.end()), 0.99, _REJECT, "track_data"
                )
                self.claim(match.span())

    def expiry_dates(self) -> None:
        """An expiry date just after a card number, or named as one just before it."""
        lower = self.lower
        for start, end in self.cards:
            match = _EXPIRY.search(lower, end, end + 48)
            if match is None and _EXPIRY_WORD.search(lower, max(0, start - 40), start):
                match = _EXPIRY.search(lower, max(0, start - 30), start)
            # The end position hides what follows, which the pattern's look-ahead needs.
            if match is not None and lower[match.end() : match.end() + 1] in _NOT_AFTER_DATE:
                match = None
            if match is not None and not self.is_claimed(*match.span()):
                self.add(
                    f"{_CARD}.expiry_date",
                    (match.start(), match.end()),
                    0.9,
                    _REJECT,
                    "card_expiry",
                )
                # "4111... 08/27 999": three or four digits right after a card's expiry
                # are its security code.
                code = _CODE_AFTER_EXPIRY.match(lower, match.end())
                if code is not None and match.start() >= end:
                    self.add(f"{_CARD}.security_code", code.span(1), 0.9, _REJECT, "security_code")

    def national_insurance(self, start: int, end: int) -> None:
        """A UK National Insurance number, by HMRC's rules for the letters."""
        # Past the letter a NINO may end with, so that what follows it is seen:
        # "SC 40 11 62 AN 31926819" is a sort code and account, not a NINO ending in A.
        match = _NINO_SHAPE.search(self.lower, start - min(start, 3), end + 3)
        if match is None:
            return
        prefix = match[1]
        if (
            prefix[0] not in _NINO_FIRST
            or prefix[1] not in _NINO_SECOND
            or prefix in _NINO_UNISSUED
        ):
            return
        named = _named(_NINO_NAMED, self.lower, match.span(), before=30)
        if match[5] is None and not named:
            return  # two letters and six digits, not named: as likely a reference
        self.add(
            "user.government_id.national_identification_number",
            (match.start(), match.end()),
            0.99 if named else 0.9,
            _REDACT,
            "national_insurance_number",
        )
        self.claim(match.span())

    def passport(self, start: int, end: int) -> None:
        """A UK passport number: nine digits (HM Passport Office), named as a passport's."""
        if _named(_PASSPORT_NAMED, self.lower, (start, end), before=30):
            self.add(
                "user.government_id.passport_number", (start, end), 0.9, _REDACT, "passport_number"
            )
            self.claim((start, end))

    def driving_licence(self, run_start: int, run_end: int) -> None:
        """A GB driving licence number, by DVLA's format.

        Five letters of the surname (padded with 9), six digits from the date of birth
        (the decade's digit, the month, plus 50 for a woman, the day, the year's digit),
        two initials (padded with 9), a digit, and two check letters: 16 characters.
        """
        # The surname's padding 9s run into the date's digits: "LEE99758071M99TR".
        lower = self.lower
        word = run_start
        while word and lower[word - 1].isalpha():
            word -= 1
        match = _LICENCE.match(lower, word) if run_start - word <= 5 else None
        if match is None or match.end() < run_end:
            return
        month, day = int(match["month"]), int(match["day"])
        if not (1 <= month % 50 <= 12 and month // 50 <= 1 and 1 <= day <= 31):
            return
        self.add(
            "user.government_id.drivers_license_number",
            match.span(),
            0.9,
            _REDACT,
            "driving_licence_number",
        )
        self.claim(match.span())

    def nhs_number(self, start: int, end: int, run: str, digits: str) -> None:
        """An NHS number: ten digits, the last the modulus 11 check of the nine before.

        The NHS Data Dictionary's rule: weights 10 down to 2, the check digit is 11 less
        the remainder of the sum by 11 (11 is 0; 10 is never issued). One number in
        eleven passes by chance, so it counts where it is named ("NHS no", "CHI") or
        written as the NHS writes it, 3-3-4 ("943 476 5919"). A health identifier:
        special-category data (UK GDPR Article 9(1)).
        """
        if not _nhs_valid(digits) or self.is_claimed(start, end):
            return
        named = _named(_NHS_NAMED, self.lower, (start, end), before=40)
        if not named and _NHS_GROUPS.fullmatch(run) is None:
            return
        self.add(
            "user.health.record_id", (start, end), 0.95 if named else 0.8, _REDACT, "nhs_number"
        )
        self.claim((start, end))

    def iban(self, start: int) -> None:
        """An IBAN of its country's length and BBAN structure, passing ISO 7064 mod 97-10.

        Both from the SWIFT IBAN Registry: a GB IBAN is 22 characters, and its BBAN four
        letters (the bank) and fourteen digits (the sort code and account).
        """
        lower = self.lower
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
        if not _IBAN_BBAN_PATTERNS[iban[:2]].fullmatch(iban[4:]):
            return  # not the country's BBAN: a GB IBAN's bank code is four letters
        rearranged = iban[4:] + iban[:4]
        if int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1:
            self.add(
                "user.financial.bank_account.iban", (match.start(), end), 0.99, _REDACT, "iban"
            )
        elif not lower[end : end + 1].isalnum():
            # An IBAN's shape and length, but a wrong check: a mistyped IBAN is still
            # an IBAN, and its digits are no card's.
            self.add(
                "user.financial.bank_account.iban",
                (match.start(), end),
                0.5,
                _REVIEW,
                "iban_unchecked",
            )
        else:
            return
        self.claim((match.start(), end))

    def bank_parts(
        self,
        span: tuple[int, int],
        run: str,
        count: int,
        sort_codes: list[tuple[int, int, bool]],
        accounts: list[tuple[int, int]],
    ) -> None:
        """Sort codes and account numbers, to pair up once every run has been seen."""
        start, end = span
        whole = count == len(run)
        if count == 8 and whole:
            accounts.append(span)
        elif count == 6 and (whole or _SORT_CODE.fullmatch(run)):
            sort_codes.append((start, end, not whole))
        elif count == 14 and (both := _SORT_CODE_AND_ACCOUNT.fullmatch(run)):
            self.bank_account((start, start + both.end(1)), (start + both.start(3), end))

    def bank_accounts(
        self, sort_codes: list[tuple[int, int, bool]], accounts: list[tuple[int, int]]
    ) -> None:
        """A sort code with an account number near it: together they are a bank account."""
        paired: set[tuple[int, int]] = set()
        for code_start, code_end, grouped in sort_codes:
            if self.is_claimed(code_start, code_end):
                continue
            named = _named(_BANK, self.lower, (code_start, code_end), before=30)
            if not grouped and not named:
                continue  # six digits are a sort code only when grouped like one, or named
            first = bisect.bisect_left(accounts, (code_start - 50, -1))
            last = bisect.bisect_right(accounts, (code_end + 40, -1))
            nearest = [
                account
                for account in accounts[first:last]
                if account not in paired
                and not self.is_claimed(*account)
                and (0 <= account[0] - code_end <= 40 or 0 <= code_start - account[1] <= 40)
            ]
            if not nearest:
                continue
            account = min(nearest, key=lambda span: abs(span[0] - code_end))
            between = self.lower[min(code_end, account[1]) : max(code_start, account[0])]
            named = named or _BANK.search(between) is not None
            if not named and between.strip():
                continue  # apart and not named: a date and some other number
            paired.add(account)
            self.bank_account((code_start, code_end), account, named=named)

    def bank_account(
        self, sort_code: tuple[int, int], account: tuple[int, int], *, named: bool = False
    ) -> None:
        first = min(sort_code[0], account[0])
        named = named or _named(_BANK, self.lower, (first, first), before=30)
        confidence = 0.9 if named else 0.6
        bank = "user.financial.bank_account"
        self.add(f"{bank}.sort_code", sort_code, confidence, _REDACT, "bank_account")
        self.add(f"{bank}.account_number", account, confidence, _REDACT, "bank_account")
        self.claim(sort_code)
        self.claim(account)

    def spoken_numbers(self) -> None:
        """Card and phone numbers read out digit by digit, in words or mixed with digits.

        "four one one one, one one one one ..." and "oh seven four double oh ..." are
        what an agent types while a customer reads a number out. Each digit is a word
        (`oh` and `nought` are 0; `double` and `triple` repeat the next); the digits are
        then checked as written ones are: Luhn in an issuer's range, or a phone number
        in use.
        """
        for match in _SPOKEN.finditer(self.lower):
            digits, ends = _spoken_digits(match)
            first = 0
            while first < len(digits):
                last = _spoken_number(digits, first)
                if last is None:
                    first += 1
                    continue
                span = (ends[first][0], ends[last - 1][1])
                if not self.is_claimed(*span):
                    if last - first >= 13:
                        self.add(_CARD, span, 0.9, _REJECT, "card_number")
                        self.cards.append(span)
                    else:
                        self.add("user.contact.phone_number", span, 0.8, _REDACT, "phone_number")
                    self.claim(span)
                first = last

    def split_numbers(self) -> None:
        """Cards and phone numbers whose groups are split other than by one space or dash.

        Agents write "020.7946.0018", "4111/1111/1111/1111", groups apart by a tab, two
        spaces, " - " or a line break. The same validation applies: a card passes Luhn
        in an issuer's range, a phone number is one `PhoneNumber.parse` accepts.
        """
        text = self.text
        for match in _SPLIT_RUN.finditer(text):
            if _PLAIN_RUN.fullmatch(match[0]) or len(_NOT_DIGITS.sub("", match[0])) < 10:
                continue  # one space or dash between groups (`numbers` has read it), or short
            if _embedded(text, *match.span()):
                continue
            groups = [
                (group.start(), group.end()) for group in _DIGITS.finditer(text, *match.span())
            ]
            first = 0
            while first < len(groups):
                last = None
                if not self.is_claimed(*groups[first]):
                    last = self.card_from(groups, first)
                    if last is None:
                        last = self.split_phone(groups, first)
                first = first + 1 if last is None else last + 1

    def split_phone(self, groups: Sequence[tuple[int, int]], first: int) -> int | None:
        """The last group of a phone number that starts at group ``first``, if any."""
        text = self.text
        start = groups[first][0] - (groups[first][0] > 0 and text[groups[first][0] - 1] == "+")
        if text[start] not in "0+":
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
            if digits >= 10 and not self.is_claimed(start, end) and _is_phone(candidate):
                self.add("user.contact.phone_number", (start, end), 0.85, _REDACT, "phone_number")
                self.claim((start, end))
                return last
        return None

    def phone(self, start: int, end: int) -> None:
        """Each phone number in use in a run, as `PhoneNumber.parse` reads it (UK unless +code).

        A run may hold two numbers ("07400 123456 07400 123457"): after each one found,
        or each start that is none, the search goes on from there.
        """
        position = max(0, start - 8)
        while (match := _PHONE.search(self.text, position, end)) is not None:
            first, last = match.span()
            if last <= start:
                return
            position = first + 1
            if _embedded(self.text, first, last):
                continue
            # A number run into the next one ("07400 123456 4111 ..."): try it shorter.
            for _ in range(4):
                if not self.is_claimed(first, last) and _is_phone(self.text[first:last]):
                    self.add(
                        "user.contact.phone_number", (first, last), 0.85, _REDACT, "phone_number"
                    )
                    self.claim((first, last))
                    position = last
                    break
                last = self.text.rfind(" ", first, last)
                if last == -1:
                    break

    # --- e-mail addresses --------------------------------------------------------------------

    def emails(self) -> None:
        """E-mail addresses that `EmailAddress.parse` accepts."""
        lower = self.lower
        at = lower.find("@")
        while at != -1:
            local = _EMAIL_LOCAL.search(lower, max(0, at - 64), at)
            domain = _EMAIL_DOMAIN.match(lower, at + 1)
            if local is not None and domain is not None:
                start = local.start()
                while start < at and lower[start] == ".":
                    start += 1
                end = domain.end()
                try:
                    EmailAddress.parse(self.text[start:end])
                except InvalidValue:
                    pass
                else:
                    self.add("user.contact.email", (start, end), 0.99, _REDACT, "email_address")
            at = lower.find("@", at + 1)


# A card fills at most six groups of three or more digits (19 digits).
_MOST_GROUPS: Final = 6
# What may stand between the groups of a number besides one space or dash: a dot, a
# slash, a tab, two spaces or more, a spaced dash or slash, a line break.
_SPLITTERS: Final = (".", "/", "\t", "  ", "\n", " -", "- ")
# It starts with a digit, so that the engine skips to digits fast; a "+" before it is
# read by `split_phone`.
# Digits with any of those between them, ten characters or more. It starts with a digit,
# so that the engine skips to digits fast, and it is a plain run of one character class:
# cheap on every note, the checks in Python run only on what it finds.
_SPLIT_RUN: Final = re.compile(r"\d(?=[\d \-./\t\n\r]{9})[\d \-./\t\n\r]*\d")
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
    token = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    return "://" in text[token:start] or text.startswith("www.", token)


_NO_UK_AREA: Final = frozenset("046")


def _is_phone(candidate: str) -> bool:
    """Whether ``candidate`` is a phone number in use.

    Numbers are written with a national 0 (ten or eleven digits in the UK), or with
    ``+`` or ``00`` and a country code (at most fifteen digits, ITU-T E.164): anything
    else is not parsed at all, which keeps order numbers off the costly path.
    """
    digits = sum(char.isdigit() for char in candidate)
    if candidate.count("(") != candidate.count(")"):
        return False
    if candidate.startswith(("+", "00")):
        # No country calling code starts with 0 (ITU-T E.164).
        plausible = 8 <= digits - 2 * candidate.startswith("00") <= 15 and not (
            candidate.startswith("000")
        )
    else:
        # UK numbers start 01, 02, 03, 05, 07, 08 or 09 (Ofcom's National Numbering Plan).
        national = candidate.lstrip("(")
        plausible = (
            national.startswith("0") and 10 <= digits <= 11 and national[1:2] not in _NO_UK_AREA
        )
    if not plausible:
        return False
    try:
        _valid_phone(candidate, "GB", "phone")
    except InvalidValue:
        return False
    return True


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


def redact(text: str, findings: Iterable[Finding]) -> str:
    """``text`` with each finding's span replaced by ``[REDACTED:<category>]``.

    Overlapping findings are replaced once, by the stricter one's token. Scanning the
    result again finds nothing of what was replaced, and redacting it again changes
    nothing: ``redact(r, scan_text(r)) == r`` where ``r`` is a redacted text.

    Raises:
        InvalidValue: ``wrong_type`` for a text that is not a string or a finding
            that is not a `Finding`; ``invalid_span`` for a finding that reaches past
            the end of the text.

    >>> redact("Card 4111-1111-1111-1111 declined", scan_text("Card 4111-1111-1111-1111 declined"))
    'Card [REDACTED:user.financial.credit_card] declined'
    """
    if not isinstance(text, str):
        raise InvalidValue("wrong_type", "text", "must be text")
    spans: list[Finding] = []
    for finding in findings:
        if not isinstance(finding, Finding):
            raise InvalidValue("wrong_type", "findings", "must be Findings")
        if finding.end > len(text):
            raise InvalidValue("invalid_span", "finding.end", "is past the end of the text")
        spans.append(finding)
    return _replace(text, _resolve(spans), lambda finding: f"[REDACTED:{finding.category}]")


def _replace(text: str, findings: Sequence[Finding], token: Callable[[Finding], str]) -> str:
    """``text`` with each of ``findings`` (sorted, not overlapping) replaced by its token."""
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(token(finding))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)
