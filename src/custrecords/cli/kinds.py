"""The kinds of problem the audit's reports group by: a plain-English name, what to do, why.

A problem's code (``must_not_keep``, ``stale``...) says what rule fired; a *kind* is
what a data protection officer acts on. Findings of the scanner are told apart by their
data category, because a card number and a password are purged for different reasons
and by different people; the other codes are one kind each. Each kind has a severity:

- ``must_not_keep``: data no record may hold (card data, passwords): purge now;
- ``legal``: a rule of data-protection law is broken, or may be (retention ended,
  marketing without consent, special-category data, data kept for no purpose);
- ``quality``: details that are wrong, unreadable or not kept up to date.

Whether a problem must be fixed or is advice stays the audit's (`RowProblem.must_fix`).
"""

from __future__ import annotations

import enum
from functools import lru_cache
from typing import Final

import attrs

__all__ = ["KINDS", "SEVERITIES", "Kind", "Severity", "kind_of"]


class Severity(enum.Enum):
    """How urgent a kind of problem is, most urgent first."""

    MUST_NOT_KEEP = "must_not_keep"
    LEGAL = "legal"
    QUALITY = "quality"

    @property
    def title(self) -> str:
        """The heading of the severity's group."""
        return _TITLES[self]

    @property
    def label(self) -> str:
        """The severity as a text report's line is marked with."""
        return self.value.replace("_", " ")


_TITLES: Final = {
    Severity.MUST_NOT_KEEP: "Data that must not be kept: purge now",
    Severity.LEGAL: "Legal: the law is broken, or may be",
    Severity.QUALITY: "Quality: wrong, unreadable or out-of-date details",
}
SEVERITIES: Final = tuple(Severity)


@attrs.frozen
class Kind:
    """A kind of problem as the reports name it.

    Attributes:
        key: stable, snake_case: the problem's code, or for a scanner's finding the
            code's kind of data (``card_number``, ``security_code``).
        name: what it is, in plain English.
        severity: how urgent it is.
        remedy: what to do about it, in plain English.
        law: the law, standard or guidance that demands it; the report shows the
            guidelines rule's own source beside it.
    """

    key: str
    name: str
    severity: Severity
    remedy: str
    law: str


_PURGE: Final = Severity.MUST_NOT_KEEP
_LEGAL: Final = Severity.LEGAL
_QUALITY: Final = Severity.QUALITY
_NOT_AFTER_AUTHORISATION: Final = (
    "Delete it from the record now, and from any copy or backup of the export."
)

KINDS: Final = {
    kind.key: kind
    for kind in (
        Kind(
            "card_number",
            "Payment card number",
            _PURGE,
            "Delete the number, or cut it to its last four digits; take payments through "
            "the payment provider, whose token may be kept instead.",
            "PCI DSS v4.0 requirements 3.4.1 and 3.5.1 (a card number is never kept in full, "
            "unprotected)",
        ),
        Kind(
            "card_expiry",
            "Card expiry date",
            _PURGE,
            "Delete the date along with the card details it came with.",
            "PCI DSS v4.0 requirement 3.5.1 (cardholder data is kept only protected, and only "
            "where needed)",
        ),
        Kind(
            "security_code",
            "Card security code (CVV2, CVC2, CID)",
            _PURGE,
            _NOT_AFTER_AUTHORISATION,
            "PCI DSS v4.0 requirement 3.3.1.2 (never kept after authorisation)",
        ),
        Kind(
            "card_pin",
            "Card PIN",
            _PURGE,
            _NOT_AFTER_AUTHORISATION + " Tell the customer to change the PIN.",
            "PCI DSS v4.0 requirement 3.3.1.3 (never kept after authorisation)",
        ),
        Kind(
            "card_track_data",
            "Card magnetic-stripe or chip data",
            _PURGE,
            _NOT_AFTER_AUTHORISATION,
            "PCI DSS v4.0 requirement 3.3.1.1 (never kept after authorisation)",
        ),
        Kind(
            "password",
            "Password, passcode or memorable word",
            _PURGE,
            "Delete it, and have the customer's password reset: it has been seen by "
            "whoever read the record.",
            "UK GDPR Article 32 (security of processing); NCSC password guidance",
        ),
        Kind(
            "must_not_keep",
            "Data that must never be kept",
            _PURGE,
            "Delete it from the record now.",
            "UK GDPR Articles 5(1)(c) and 32",
        ),
        Kind(
            "possible_card_number",
            "Number that may be a payment card number",
            _PURGE,
            "Look at the number: if it is a card number, delete it.",
            "PCI DSS v4.0 requirements 3.4.1 and 3.5.1",
        ),
        Kind(
            "bank_details_in_text",
            "Bank details in free text",
            _LEGAL,
            "Delete them from the text; keep bank details only in the payment system, "
            "where they are protected and can be corrected or erased.",
            "UK GDPR Article 5(1)(c) and (f) (only what is needed, kept securely)",
        ),
        Kind(
            "identifier_in_text",
            "Government or NHS identifier in free text",
            _LEGAL,
            "Delete it unless a declared purpose needs it; if one does, keep it in its own field.",
            "UK GDPR Article 5(1)(c) and (f) (only what is needed, kept securely)",
        ),
        Kind(
            "contact_details_in_text",
            "Contact details in free text",
            _LEGAL,
            "Move the e-mail address or phone number into its own field, or delete it: in "
            "free text it cannot be kept accurate, found for a subject access request, or "
            "erased.",
            "UK GDPR Article 5(1)(c), (d) and (f)",
        ),
        Kind(
            "personal_data_in_text",
            "Personal data in free text",
            _LEGAL,
            "Move it into the field that holds it, or delete it.",
            "UK GDPR Article 5(1)(c), (d) and (f)",
        ),
        Kind(
            "special_category",
            "Special-category or criminal-offence data",
            _LEGAL,
            "Check that an Article 9 condition (or, for offences, an Article 10 one) is "
            "recorded for it; if none is, delete it.",
            "UK GDPR Articles 9 and 10; DPA 2018 section 10 and Schedule 1",
        ),
        Kind(
            "possible_bank_details",
            "Number that may be bank details",
            _LEGAL,
            "Look at the number: if it is an account number or IBAN, delete it from the text.",
            "UK GDPR Article 5(1)(c) and (f)",
        ),
        Kind(
            "retention_due",
            "Retention period ended",
            _LEGAL,
            "Erase, anonymise or review the record as the retention rule says, unless a "
            "legal hold applies.",
            "UK GDPR Article 5(1)(e) (storage limitation)",
        ),
        Kind(
            "marketing_without_consent",
            "Marketing consent that is not an opt-in",
            _LEGAL,
            "Stop marketing to the customer until they opt in; record the opt-in when they do.",
            "PECR 2003 regulation 22; UK GDPR Articles 6(1)(a) and 7",
        ),
        Kind(
            "consent_contradicted",
            "Consent contradicted by an opt-out",
            _LEGAL,
            "Treat the customer as opted out, and set the consent column to no.",
            "PECR 2003 regulation 22; UK GDPR Articles 7(3) and 21(3)",
        ),
        Kind(
            "consent_not_recorded",
            "No marketing opt-in recorded",
            _LEGAL,
            "Do not market to the customer until an opt-in is recorded.",
            "PECR 2003 regulation 22(2)",
        ),
        Kind(
            "irrelevant",
            "Data kept for no declared purpose",
            _LEGAL,
            "Delete the column's values, or declare in the guidelines the purpose they serve.",
            "UK GDPR Article 5(1)(c) (data minimisation)",
        ),
        Kind(
            "invalid_email",
            "Invalid e-mail address",
            _QUALITY,
            "Ask the customer for the address again and correct it, or remove it.",
            "UK GDPR Article 5(1)(d) (accuracy)",
        ),
        Kind(
            "invalid_phone",
            "Invalid phone number",
            _QUALITY,
            "Ask the customer for the number again and correct it, or remove it.",
            "UK GDPR Article 5(1)(d) (accuracy)",
        ),
        Kind(
            "unreadable_date",
            "Date that cannot be read",
            _QUALITY,
            "Correct the date: until then, retention and staleness cannot be checked.",
            "UK GDPR Article 5(1)(e) and 5(2) (accountability)",
        ),
        Kind(
            "implausible_date",
            "Implausible date",
            _QUALITY,
            "Correct the date (a placeholder such as 31/12/9999 is not a day): until then, "
            "retention and staleness cannot be checked.",
            "UK GDPR Article 5(1)(e) and 5(2) (accountability)",
        ),
        Kind(
            "malformed",
            "Line that is not a record",
            _QUALITY,
            "Look at the line in the export and correct or remove it.",
            "UK GDPR Article 5(1)(d) (accuracy)",
        ),
        Kind(
            "stale",
            "Contact details not reconfirmed",
            _QUALITY,
            "Confirm the details with the customer at the next contact.",
            "UK GDPR Article 5(1)(d) (kept up to date)",
        ),
        Kind(
            "unnormalised_email",
            "E-mail address not in normal form",
            _QUALITY,
            "Write the address as the detail shows, so that it is found and matched.",
            "UK GDPR Article 5(1)(d) (accuracy)",
        ),
        Kind(
            "unnormalised_phone",
            "Phone number not in normal form",
            _QUALITY,
            "Write the number in international form, as the detail shows.",
            "UK GDPR Article 5(1)(d) (accuracy)",
        ),
    )
}
"""Every kind, by key, in the order the reports list them within a severity."""

# Findings of the scanner, by code and the data category found, most specific first.
_FOUND: Final = {
    "must_not_keep": (
        ("user.financial.credit_card.security_code", "security_code"),
        ("user.financial.credit_card.pin", "card_pin"),
        ("user.financial.credit_card.track_data", "card_track_data"),
        ("user.financial.credit_card.expiry_date", "card_expiry"),
        ("user.financial.credit_card", "card_number"),
        ("user.authorization", "password"),
    ),
    "personal_data_in_text": (
        ("user.financial.bank_account", "bank_details_in_text"),
        ("user.government_id", "identifier_in_text"),
        ("user.health.record_id", "identifier_in_text"),
        ("user.contact", "contact_details_in_text"),
    ),
    "review": (
        ("user.financial.credit_card", "possible_card_number"),
        ("user.financial.bank_account", "possible_bank_details"),
        ("user", "special_category"),
    ),
}


def _within(category: str, key: str) -> bool:
    return category == key or category.startswith(key + ".")


@lru_cache(maxsize=1024)
def kind_of(code: str, category: str | None) -> Kind:
    """The kind of a problem with this code, in this data category (if any).

    A code custrecords does not know (from a newer audit) is a quality problem of its own.
    """
    for key, kind in _FOUND.get(code, ()):
        if category is not None and _within(category, key):
            return KINDS[kind]
    if code == "review":
        return KINDS["special_category"]
    known = KINDS.get(code)
    if known is not None:
        return known
    return Kind(code, code.replace("_", " ").capitalize(), _QUALITY, "See docs/cli.md.", "")
