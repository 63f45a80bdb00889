"""The scanner: what must not be kept, found in free text, and nothing else."""

from __future__ import annotations

import itertools
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    Finding,
    FindingAction,
    InvalidValue,
    Scanner,
    UsageError,
    redact,
    scan_text,
)
from custrecords._checks import luhn
from custrecords.testing import SampleNote, notes_with_findings

CARD = "user.financial.credit_card"
PHONE = "user.contact.phone_number"
SEVERITY = {FindingAction.REVIEW: 1, FindingAction.REDACT: 2, FindingAction.REJECT: 3}


def found(text: str) -> list[tuple[str, str, str]]:
    """(what was found, its category, its action) for each finding."""
    return [(text[f.start : f.end], f.category, f.action.value) for f in scan_text(text)]


# --- payment cards ------------------------------------------------------------------------

ISSUERS = [
    ("Visa", "4111111111111111"),
    ("Visa", "4012888888881881"),
    ("Visa, 13 digits", "4222222222222"),
    ("Visa, 19 digits", "4000000000000000006"),
    ("Mastercard", "5555555555554444"),
    ("Mastercard", "5105105105105100"),
    ("Mastercard 2-series, low end", "2221000000000009"),
    ("Mastercard 2-series, high end", "2720999999999996"),
    ("American Express", "378282246310005"),
    ("American Express", "371449635398431"),
    ("Discover", "6011111111111117"),
    ("Discover, 19 digits", "6011000000000000001"),
    ("JCB", "3530111333300000"),
    ("JCB", "3566002020360505"),
    ("Diners Club, 14 digits", "30569309025904"),
    ("UnionPay", "6200000000000005"),
    ("UnionPay, 19 digits", "6212345678901234569"),
    ("Maestro UK", "6759649826438453"),
    ("Mir", "2200000000000004"),
    ("Verve", "5060990000000008"),
]


@pytest.mark.parametrize(("issuer", "number"), ISSUERS)
def test_every_issuers_numbers_are_rejected(issuer: str, number: str) -> None:
    text = f"Customer gave {number} over the phone."
    assert found(text) == [(number, CARD, "reject")], issuer


@pytest.mark.parametrize(
    "written",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "3782 822463 10005",
        "4111\u00a01111\u00a01111\u00a01111",  # non-breaking spaces
        "4111\u200b1111\u200b1111\u200b1111",  # zero-width spaces
        "4\u200b1\u200b1\u200b1\u200b1111 1111 1111",
        "４１１１ １１１１ １１１１ １１１１",  # full-width digits
        "4111\u20131111\u20131111\u20131111",  # en dashes
        "4111\u2007\u200d1111 1111 1111",  # a figure space and a zero-width joiner
    ],
)
def test_a_card_number_is_found_however_it_is_written(written: str) -> None:
    text = f"Paid with {written} today"
    findings = scan_text(text)
    assert [(f.category, f.action) for f in findings] == [(CARD, FindingAction.REJECT)]
    assert text[findings[0].start : findings[0].end] == written


def test_a_card_run_into_its_security_code_or_after_a_phone_number_is_still_found() -> None:
    assert found("card 4111 1111 1111 1111 123") == [("4111 1111 1111 1111", CARD, "reject")]
    assert found("07400 123456 4111 1111 1111 1111") == [
        ("07400 123456", "user.contact.phone_number", "redact"),
        ("4111 1111 1111 1111", CARD, "reject"),
    ]


def test_a_mistyped_card_number_in_a_payment_context_is_for_review() -> None:
    """Luhn chooses the label, not whether to act."""
    assert found("Card number 4111 1111 1111 1112 declined") == [
        ("4111 1111 1111 1112", CARD, "review")
    ]
    assert found("paid by visa 4929123456789013") == [("4929123456789013", CARD, "review")]


@pytest.mark.parametrize(
    "text",
    [
        "Order 4929 1234 5678 9012 dispatched.",  # fails Luhn, no payment words
        "Order no. 4929123456789013 paid by card",  # fails Luhn; the label names it
        "Case ref 771516204664 escalated.",
        "Payment logged at 1732363200000 by card",  # a millisecond timestamp
        "Tracking number 1Z999AA10123456784 passed to courier.",
        "Invoice INV-2024-000123 sent, total £1,234.56 on 12/05/2024.",
        "Card ending 4242 was declined.",
        "Reference 123456789012345678901234567890 noted.",  # too long for a card
        "IMEI 490154203237518 for the handset",  # Luhn-valid, but not an issuer's range
        "Meter serial 8000 0000 0000 0000 replaced",
    ],
)
def test_look_alikes_do_not_fire(text: str) -> None:
    assert found(text) == []


def test_a_valid_card_number_labelled_as_something_else_is_for_review() -> None:
    # One order number in ten passes Luhn: a person decides.
    assert found("Order 4111111111111111 dispatched") == [("4111111111111111", CARD, "review")]
    assert found("Reference number is 4540821733106726") == [("4540821733106726", CARD, "review")]
    assert found("PO 4540821733106726") == [("4540821733106726", CARD, "review")]


def test_expiry_dates_next_to_a_card_number_are_rejected() -> None:
    assert found("Visa 4111 1111 1111 1111 exp 12/27") == [
        ("4111 1111 1111 1111", CARD, "reject"),
        ("12/27", f"{CARD}.expiry_date", "reject"),
    ]
    assert found("expiry 03/2029, card 5555555555554444") == [
        ("03/2029", f"{CARD}.expiry_date", "reject"),
        ("5555555555554444", CARD, "reject"),
    ]
    # A date is only an expiry date next to a card.
    assert found("Engineer booked for 08/09/2027, and 12/27 is fine") == []
    assert found("Visa 4111 1111 1111 1111 booked for 08/09/2027") == [
        ("4111 1111 1111 1111", CARD, "reject")
    ]


def test_track_data_is_rejected_whole() -> None:
    track1 = "%B4111111111111111^DOE/JANE^2712101000000000000000?"
    track2 = ";4111111111111111=27121010000000000?"
    assert found(f"swiped {track1} at till") == [(track1, f"{CARD}.track_data", "reject")]
    assert found(f"swiped {track2} at till") == [(track2, f"{CARD}.track_data", "reject")]


# --- security codes, passwords, PINs ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Visa 4111 1111 1111 1111, CVV 123.", "123"),
        ("cvv2: 456 (card ending 4421)", "456"),
        ("CVC is 789", "789"),
        ("Amex CID 1234 read out", "1234"),
        ("the three digits on the back of the card are 321", "321"),
        ("card security code 987 given", "987"),
        ("321 is the cvv", "321"),
    ],
)
def test_security_codes_are_found_by_context(text: str, code: str) -> None:
    assert (code, f"{CARD}.security_code", "reject") in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "We never ask for your CVV.",
        "CVV check failed on order 123456",
        "Security code 482913 sent by text to log in",  # a one-time code, not a card's
        "The security code is on the letter",
    ],
)
def test_security_code_look_alikes_do_not_fire(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Customer's password is Tr0ub4dor&3, reset requested.", "Tr0ub4dor&3"),
        ("Password: hunter22", "hunter22"),
        ("memorable word is Rosebud.", "Rosebud"),
        ('password "correct-horse-battery"', "correct-horse-battery"),
        ("telephone banking passcode 511253 confirmed", "511253"),
        ("pwd = s3cret!", "s3cret!"),
        ("The password is hunter2.", "hunter2"),
        ('He said "pw: hunter2"', "hunter2"),
        ("pw=abc123", "abc123"),
        ("p/w: Hunter22", "Hunter22"),
        ("pass: hunter22", "hunter22"),
        ("Pass:Tr0ub4dor", "Tr0ub4dor"),
        ("memorable date 12/05/1980", "12/05/1980"),
        ("memorable place is Leeds", "Leeds"),
        ("secret word: bluebell", "bluebell"),
        ("p/w Summer2024! given by cust", "Summer2024!"),
        ("P/W JASMINE2020 - CUST INSISTED", "JASMINE2020"),
        ("Caller gave memorable word FLUFFY as part of security.", "FLUFFY"),
        ("email password (Rosebud1962) so I could check", "Rosebud1962"),
        ("Wifi password changed from default to blackbird-42-river.", "blackbird-42-river"),
        ("Cust set a verbal password on the account: Marmalade.", "Marmalade"),
        ("i set my password as Chelsea!2024 but it says invalid", "Chelsea!2024"),
        ("key safe code 4590", "4590"),
        ("Her password's hunter2", "hunter2"),
        ("the password they use is hunter2", "hunter2"),
        ("Pswd: Sunshine1", "Sunshine1"),
        ("password -> Hunter22", "Hunter22"),
        ("pasword is hunter22", "hunter22"),
    ],
)
def test_passwords_are_found_after_the_word_that_names_them(text: str, secret: str) -> None:
    assert found(text) == [(secret, "user.authorization.password", "reject")]


@pytest.mark.parametrize(
    "text",
    [
        "Password reset link sent.",
        "The password was incorrect three times.",
        "We never ask for your password or PIN.",
        "password: ********",
        "Password changed by customer online.",
        "PIN reset on 2024-05-12",
        "Spinning 1234 times",
        "pinned 4821 to the board",
        "PW Smith called about the invoice",  # initials, not a password
        "pw reset done",
        "please pass the message on to billing",
        "pass the call to 2nd line",
        "boarding pass: ABC123",
        "bus pass: 12345",
        "Told cust to choose a strong password (12+ characters).",
        "password reset link sent to the address on file",
        "password reset to default",
        "PIN reset on 2024-05-12, 2 attempts left",
        # References that start like a phone number, and an amount after a card.
        "Order 00441779003570 dispatched on 19 May 2026.",
        "Case ref 0012048813670 escalated to the complaints team.",
        "the password's wrong again",
        "the password is not needed for this",
        "password for the portal is on the letter",
        # What an identity check writes where a password would be.
        "Password: N/A",
        "Password: passed",
        "DPA pass: yes",
        # References written 3-3-4 that pass the NHS check by chance.
        "Order 945 807 3022",
        "Case 945 807 3022 opened",
        "Call 945 807 3022",
        "password sent to customer by post as requested",
        "Customer: can you reset my password\n[10:10:31] Agent: link sent",
    ],
)
def test_credential_look_alikes_do_not_fire(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize("text", ["Her PIN is 4821.", "PIN number 4310 given", "pin: 9245"])
def test_pins_are_rejected(text: str) -> None:
    assert [(category, action) for _, category, action in found(text)] == [
        (f"{CARD}.pin", "reject")
    ]


# --- identifiers and bank details -------------------------------------------------------------


@pytest.mark.parametrize(
    "nino", ["AB123456C", "AB 12 34 56 C", "ab123456c", "JZ 12 34 56 D", "ce123456a"]
)
def test_national_insurance_numbers_are_redacted(nino: str) -> None:
    assert found(f"For the claim: {nino}.") == [
        (nino, "user.government_id.national_identification_number", "redact")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "QQ123456C",  # Q is never a first letter (HMRC NIM39110)
        "DA123456C",  # nor D
        "AO123456C",  # O is never a second letter
        "BG123456C",  # never issued
        "GB123456A",
        "TN123456A",  # temporary numbers
        "AB123456E",  # the suffix is A to D
        "Booking reference AB123456 moved",  # no suffix and not named one
    ],
)
def test_national_insurance_look_alikes_do_not_fire(text: str) -> None:
    assert found(text) == []


def test_words_after_a_national_insurance_number_do_not_make_it_an_iban() -> None:
    # "EE95 3336 B for the claim" has an Estonian IBAN's length if the words count.
    assert found("NI number EE953336B for the claim.") == [
        ("EE953336B", "user.government_id.national_identification_number", "redact")
    ]


def test_a_national_insurance_number_without_its_letter_counts_when_named() -> None:
    assert found("NI number AB123456 on file") == [
        ("AB123456", "user.government_id.national_identification_number", "redact")
    ]


def test_a_sort_code_with_an_account_number_is_redacted() -> None:
    bank = "user.financial.bank_account"
    assert found("Refund to sort code 20-32-06 account 12345678.") == [
        ("20-32-06", f"{bank}.sort_code", "redact"),
        ("12345678", f"{bank}.account_number", "redact"),
    ]
    assert found("bank details 203206 / 12345678") == [
        ("203206", f"{bank}.sort_code", "redact"),
        ("12345678", f"{bank}.account_number", "redact"),
    ]
    assert found("20 32 06 12345678") == [
        ("20 32 06", f"{bank}.sort_code", "redact"),
        ("12345678", f"{bank}.account_number", "redact"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Sort code 20-32-06 for the branch",  # a sort code alone names a branch, not a person
        "Delivered 12-05-24, order 12345678",  # a date, then an order number
        "Customer account number 12345678",
    ],
)
def test_bank_look_alikes_do_not_fire(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "iban",
    [
        "GB82 WEST 1234 5698 7654 32",
        "GB82WEST12345698765432",
        "gb82 west 1234 5698 7654 32",
        "DE89 3704 0044 0532 0130 00",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91 ABNA 0417 1643 00",
    ],
)
def test_ibans_that_pass_mod_97_are_redacted(iban: str) -> None:
    assert found(f"Paying from {iban} next week") == [
        (iban, "user.financial.bank_account.iban", "redact")
    ]


def test_an_iban_that_fails_mod_97_is_for_review_and_not_a_card() -> None:
    assert found("Paying from GB83 WEST 1234 5698 7654 32 next week") == [
        ("GB83 WEST 1234 5698 7654 32", "user.financial.bank_account.iban", "review")
    ]
    assert found("Paying from GB83 WEST 1234 next week") == []


# --- contact details ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["jane.doe@example.com", "Jane.Doe+crm@Example.co.uk", "o'brien@mail.ie"]
)
def test_email_addresses_are_redacted(address: str) -> None:
    assert found(f"New e-mail {address}, confirmed.") == [(address, "user.contact.email", "redact")]


@pytest.mark.parametrize("text", ["reply to @jane", "a@b", "user@localhost", "5@10% off"])
def test_email_look_alikes_do_not_fire(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "number",
    [
        "07400 123456",
        "07400123456",
        "+44 7400 123456",
        "+44 (0)7400 123456",
        "0044 7400 123456",
        "020 7946 0018",
        "(01223) 496 001",
        "0161 496 0123",
        "+353 1 234 5678",
    ],
)
def test_phone_numbers_in_use_are_redacted(number: str) -> None:
    assert found(f"Call back on {number} after 5pm.") == [
        (number, "user.contact.phone_number", "redact")
    ]


def test_numbers_not_in_use_are_not_phone_numbers() -> None:
    # Ofcom's drama range, and a number that only parses without its leading 0.
    assert found("Call 07700 900123 or INV-2019-937865") == []


# --- special-category information ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term", "category"),
    [
        ("she is pregnant", "pregnant", "user.health.reproductive_or_sexual"),
        ("he has dementia", "dementia", "user.health.medical_diagnosis"),
        ("uses a wheelchair", "wheelchair", "user.health.condition"),
        ("is in  hospital", "in  hospital", "user.health.treatment"),
        ("on antidepressants", "antidepressants", "user.health.medications"),
        ("her depression", "depression", "user.health.social_psychological_behavioral"),
        ("BRCA gene", "BRCA", "user.health.genetic"),
        ("fingerprint login", "fingerprint", "user.biometrics.fingerprint"),
        ("she is Muslim", "Muslim", "user.demographic.religious_belief"),
        ("mixed race family", "mixed race", "user.demographic.race_ethnicity"),
        ("his same-sex partner", "same-sex partner", "user.demographic.sexual_orientation"),
        ("a Labour Party councillor", "Labour Party", "user.demographic.political_opinion"),
        ("trade union rep", "trade union", "user.demographic.union_membership"),
        ("his criminal record", "criminal record", "user.criminal_history"),
    ],
)
def test_special_category_terms_are_for_review(text: str, term: str, category: str) -> None:
    assert found(text) == [(term, category, "review")]


@pytest.mark.parametrize(
    "text",
    [
        "Gayle called about the bill",
        "Delivered to 12 Church Road",
        "acted in good faith",
        "labour costs on the invoice",
        "a conservative estimate",
        "the operation of the boiler",
        "hearing aid batteries",  # not "hard of hearing"
    ],
)
def test_special_category_look_alikes_do_not_fire(text: str) -> None:
    assert found(text) == []


# --- the scanner as a whole --------------------------------------------------------------------


def test_findings_are_sorted_and_do_not_overlap() -> None:
    text = "IBAN GB82 WEST 1234 5698 7654 32, then card 4111 1111 1111 1111 exp 01/30"
    findings = scan_text(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
    # The card digits inside the IBAN are the IBAN's, not a card.
    assert [f.category for f in findings] == [
        "user.financial.bank_account.iban",
        CARD,
        f"{CARD}.expiry_date",
    ]


def test_an_empty_or_innocent_text_has_no_findings() -> None:
    assert scan_text("") == ()
    assert scan_text("Customer happy with the outcome, no further action.") == ()


def test_scanning_something_that_is_not_text_is_refused() -> None:
    with pytest.raises(InvalidValue) as raised:
        scan_text(b"4111111111111111")  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == ("wrong_type", "text")


def test_a_detector_of_your_own_runs_beside_the_built_in_ones() -> None:
    def staff_number(text: str) -> list[Finding]:
        at = text.find("EMP-")
        if at == -1:
            return []
        return [
            Finding(
                category="user.unique_id",
                start=at,
                end=at + 10,
                confidence=1.0,
                action=FindingAction.REDACT,
                detector="staff_number",
            )
        ]

    text = "EMP-123456 took card 4111 1111 1111 1111"
    findings = Scanner(extra=(staff_number,)).scan(text)
    assert [f.detector for f in findings] == ["staff_number", "card_number"]
    assert scan_text(text)[0].detector == "card_number"


def test_a_detector_of_your_own_that_is_not_one_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        Scanner(extra=("card_number",))  # type: ignore[arg-type]
    wrong = Scanner(extra=(lambda text: ["4111"],))  # type: ignore[list-item]
    with pytest.raises(UsageError):
        wrong.scan("card 4111")
    finding = scan_text("Visa 4111 1111 1111 1111")[0]
    past_the_end = Scanner(extra=(lambda text: [finding],))
    with pytest.raises(UsageError):
        past_the_end.scan("Visa")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"category": "user.contact.emial"}, "unknown_data_category", "finding.category"),
        ({"start": -1}, "invalid_offset", "finding.start"),
        ({"end": 3}, "invalid_span", "finding.end"),
        ({"confidence": 0.0}, "invalid_confidence", "finding.confidence"),
        ({"confidence": 1.5}, "invalid_confidence", "finding.confidence"),
        ({"action": "delete"}, "wrong_type", "finding.action"),
        ({"detector": ""}, "wrong_type", "finding.detector"),
    ],
)
def test_a_malformed_finding_is_refused(changes: dict[str, object], code: str, field: str) -> None:
    values: dict[str, object] = {
        "category": CARD,
        "start": 3,
        "end": 19,
        "confidence": 0.9,
        "action": FindingAction.REJECT,
        "detector": "card_number",
        **changes,
    }
    with pytest.raises(InvalidValue) as raised:
        Finding(**values)  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == (code, field)


# --- redaction -------------------------------------------------------------------------------


def test_redact_replaces_each_span_with_its_category() -> None:
    text = "Visa 4111 1111 1111 1111, call 020 7946 0018"
    assert redact(text, scan_text(text)) == (
        "Visa [REDACTED:user.financial.credit_card], call [REDACTED:user.contact.phone_number]"
    )


def test_redact_refuses_findings_that_do_not_fit_the_text() -> None:
    finding = scan_text("Visa 4111 1111 1111 1111")[0]
    with pytest.raises(InvalidValue) as raised:
        redact("Visa", [finding])
    assert raised.value.code == "invalid_span"
    with pytest.raises(InvalidValue) as raised:
        redact("Visa", ["4111"])  # type: ignore[list-item]
    assert raised.value.code == "wrong_type"


@given(notes_with_findings())
def test_redaction_leaves_no_detected_span(note: SampleNote) -> None:
    """Redacted text holds nothing the scanner finds, and redacting it again changes nothing."""
    redacted = redact(note.text, scan_text(note.text))
    assert scan_text(redacted) == ()
    assert redact(redacted, scan_text(redacted)) == redacted


@given(st.text())
def test_any_text_scans_without_error_and_redacts_clean(text: str) -> None:
    findings = scan_text(text)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
    assert scan_text(redact(text, findings)) == ()


@given(notes_with_findings())
def test_what_was_planted_is_found(note: SampleNote) -> None:
    """Every planted span is found, with its category, at least as strictly as planted.

    (A mistyped card number that happens to hold a valid shorter one is rejected,
    which is stricter than the review planted for it.)
    """
    findings = scan_text(note.text)
    for planted in note.planted:
        assert any(
            f.start < planted.end
            and planted.start < f.end
            and f.category == planted.category
            and SEVERITY[f.action] >= SEVERITY[planted.action]
            for f in findings
        ), (planted, findings)


@given(notes_with_findings())
def test_nothing_innocent_is_found(note: SampleNote) -> None:
    """Outside what was planted, the look-alikes in a note raise nothing."""
    for finding in scan_text(note.text):
        assert any(
            finding.start < planted.end and planted.start < finding.end for planted in note.planted
        ), finding


@given(st.text(alphabet="0123456789", min_size=1, max_size=19))
def test_the_luhn_check_is_the_textbook_one(digits: str) -> None:
    """ISO/IEC 7812-1: double every second digit from the right, sum the digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    assert luhn(digits) == (total % 10 == 0)


def test_a_lone_surrogate_is_scanned_like_any_character() -> None:
    # An unpaired "\ud800" escape in a JSON export reads as a lone surrogate.
    text = "\ud800 card 4111111111111111 jane.doe@example.com"
    assert [(f.category, f.start, f.end) for f in scan_text(text)] == [
        ("user.financial.credit_card", 7, 23),
        ("user.contact.email", 24, 44),
    ]


# Free text as agents write it: every number in a run on its own, numbers split by
# any separator, NHS numbers, and secrets named without a card nearby.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Cards on file: 4111111111111111 5555555555554444",
            [("4111111111111111", CARD), ("5555555555554444", CARD)],
        ),
        (
            "4111 1111 1111 1111 5555 5555 5555 4444",
            [("4111 1111 1111 1111", CARD), ("5555 5555 5555 4444", CARD)],
        ),
        (
            "New mobiles for both of them: 07400 123456 07400 123457 "
            "(old one 07400123458/07400123459).",
            [
                ("07400 123456", PHONE),
                ("07400 123457", PHONE),
                ("07400123458", PHONE),
                ("07400123459", PHONE),
            ],
        ),
        (
            "07400 123456, 07400 123457 or 07400 123458",
            [("07400 123456", PHONE), ("07400 123457", PHONE), ("07400 123458", PHONE)],
        ),
        (
            "call 07400 123456 card 4111 1111 1111 1111",
            [("07400 123456", PHONE), ("4111 1111 1111 1111", CARD)],
        ),
        (
            "Can be reached at 020.7946.0018 (work) or 07400.123.456 (mobile).",
            [("020.7946.0018", PHONE), ("07400.123.456", PHONE)],
        ),
        ("card 4111/1111/1111/1111", [("4111/1111/1111/1111", CARD)]),
        ("card 4111,1111,1111,1111", [("4111,1111,1111,1111", CARD)]),
        ("my card\n> 4111 1111\n> 1111 1111", [("4111 1111\n> 1111 1111", CARD)]),
        ("card 4111.1111.1111.1111", [("4111.1111.1111.1111", CARD)]),
        ("card 4111  1111  1111  1111", [("4111  1111  1111  1111", CARD)]),
        ("card 4111 - 1111 - 1111 - 1111", [("4111 - 1111 - 1111 - 1111", CARD)]),
        ("card 4111 1111\n1111 1111", [("4111 1111\n1111 1111", CARD)]),
        ("call 07400\t123456", [("07400\t123456", PHONE)]),
        (
            "Her NHS number is 943 476 5919, please update the record.",
            [("943 476 5919", "user.health.record_id")],
        ),
        ("NHS no 9434765919", [("9434765919", "user.health.record_id")]),
        ("security code is 088", [("088", f"{CARD}.security_code")]),
        ("sec code 4821", [("4821", f"{CARD}.security_code")]),
        ("the 3 digit code is 123", [("123", f"{CARD}.security_code")]),
        (
            "card is four one one one one one one one one one one one one one one one",
            [("four one one one one one one one one one one one one one one one", CARD)],
        ),
        (
            "four 1 1 1, 1 1 1 1, 1 1 1 1, 1 1 1 1",
            [("four 1 1 1, 1 1 1 1, 1 1 1 1, 1 1 1 1", CARD)],
        ),
        (
            "number: oh seven four double oh one two three four five six",
            [("oh seven four double oh one two three four five six", PHONE)],
        ),
        (
            "card 4111111111111111 08/27 999. payment plan set up",
            [
                ("4111111111111111", CARD),
                ("08/27", f"{CARD}.expiry_date"),
                ("999", f"{CARD}.security_code"),
            ],
        ),
        (
            "card no\t5555\t5555\t5555\t4444\texp\t06/30",
            [("5555\t5555\t5555\t4444", CARD), ("06/30", f"{CARD}.expiry_date")],
        ),
        ("Her PIN (6655) was on a note", [("6655", f"{CARD}.pin")]),
        ("PIN 0 4 2 7 doesnt work at the shop", [("0 4 2 7", f"{CARD}.pin")]),
        ('log: {"pin": "4321"}', [("4321", f"{CARD}.pin")]),
        ("CVV\n123", [("123", f"{CARD}.security_code")]),
        ("cvv 123/321", [("123", f"{CARD}.security_code"), ("321", f"{CARD}.security_code")]),
        ("pin 4321 or 1234", [("4321", f"{CARD}.pin"), ("1234", f"{CARD}.pin")]),
        (
            "his pin is 4321 and hers is 1234",
            [("4321", f"{CARD}.pin"), ("1234", f"{CARD}.pin")],
        ),
        ("4321 is my pin", [("4321", f"{CARD}.pin")]),
        ("PIN: '4321'", [("4321", f"{CARD}.pin")]),
        (
            "new card 4012 8888 8888 1881  exp 0329  cvv2 448",
            [
                ("4012 8888 8888 1881", CARD),
                ("0329", f"{CARD}.expiry_date"),
                ("448", f"{CARD}.security_code"),
            ],
        ),
        ("Sec no: 346", [("346", f"{CARD}.security_code")]),
        ("4 digit code 7702", [("7702", f"{CARD}.security_code")]),
        (
            "Cust number: 0 7 4 0 0 1 2 3 4 6 3 (read digit by digit)",
            [("0 7 4 0 0 1 2 3 4 6 3", PHONE)],
        ),
        (
            "DL: MORGA753116SM9IJ, passport 123456789",
            [
                ("MORGA753116SM9IJ", "user.government_id.drivers_license_number"),
                ("123456789", "user.government_id.passport_number"),
            ],
        ),
        ("passport no. 925076473", [("925076473", "user.government_id.passport_number")]),
        (
            "he sent his passport by email with the number 475910362 in the body",
            [("475910362", "user.government_id.passport_number")],
        ),
        (
            "licence LEE99758071M99TR",  # the surname's 9s run into the date's digits
            [("LEE99758071M99TR", "user.government_id.drivers_license_number")],
        ),
        (
            "SC 40 11 62 AN 31926819 - name on acc",  # not a NINO ending in A
            [
                ("40 11 62", "user.financial.bank_account.sort_code"),
                ("31926819", "user.financial.bank_account.account_number"),
            ],
        ),
        (
            "sc 20-00-00 an 12345678",
            [
                ("20-00-00", "user.financial.bank_account.sort_code"),
                ("12345678", "user.financial.bank_account.account_number"),
            ],
        ),
        (
            "SC: 200000 AN: 12345678",
            [
                ("200000", "user.financial.bank_account.sort_code"),
                ("12345678", "user.financial.bank_account.account_number"),
            ],
        ),
    ],
)
def test_every_number_agents_write_is_found_on_its_own(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(span, category) for span, category, _ in found(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "paid £12.50 on 04.03.2012 at 10.30, app v2.14.1 on 192.168.0.1",
        "pages 10 - 20 - 30 of the 2023/24 statement",
        "order 9434765919 dispatched",  # passes the NHS check, but not named or grouped
        "ref 943 476 5918",  # grouped as an NHS number, but fails its check
        "see ref/07400123458 in the log",
        "Security code 482913 sent by text to log in",
        "The security code is on the letter",
        "an 8 digit number and 6 digits",
        "one two three four five six seven eight nine ten",
        "Refund to card 411111******1111 approved, ref RF-20240312-0045.",
        "meter read exp 1399 ref",  # not a month
        "order 123456789 shipped",  # nine digits, not named a passport's
        "ABCDE123456AB1CD",  # a licence's shape with month 23
        "MORGA713116SM9IJ",  # and with month 13
        "I have one or two questions about three or four things, five at most",
        # Digits inside an identifier, a hex string, a file name or a web address.
        "hash 4111111111111111abcdef",
        "see https://example.com/orders/4111111111111111",
        "file invoice_4111111111111111.pdf",
        "attached 4111111111111111.pdf",
        "ticket INC4111111111111111",
        "value 0x4111111111111111",
        "www.example.com/07400123456",
        "id 5f3c1c2e-8d3a-4b7e-9a55-0c2d9e6f1a10",
        "tracking 1Z999AA10123456784, Royal Mail AB123456789GB",
        "version 4.1.1.1111.1111.1111, build 20240102.1, ip 192.168.100.123",
        "amount £4,111,111,111,111.11 on 2024-01-02 10:11:12",
    ],
)
def test_look_alikes_of_split_numbers_stay_quiet(text: str) -> None:
    assert found(text) == []


def test_an_amount_after_a_card_is_not_its_expiry_date() -> None:
    text = "Customer paid by Amex 3409 006289 00631. Refund of £7.21 agreed."
    assert "7.21" not in [text[f.start : f.end] for f in scan_text(text)]


def test_the_second_card_in_a_run_is_redacted_too() -> None:
    # PCI DSS 3.3 and 3.4: no full card number may stay readable.
    text = "Cards on file: 4111111111111111 5555555555554444"
    assert redact(text, scan_text(text)) == (
        "Cards on file: [REDACTED:user.financial.credit_card] [REDACTED:user.financial.credit_card]"
    )


def _iban(country: str, bban: str) -> str:
    """An IBAN with the check digits ISO 7064 mod 97-10 gives ``bban``."""
    rearranged = f"{bban}{country}00"
    remainder = int("".join(str(int(char, 36)) for char in rearranged)) % 97
    return f"{country}{98 - remainder:02d}{bban}"


_BBAN_ALPHABETS = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def _registry() -> dict[str, str]:
    """python-stdnum's copy of the SWIFT IBAN registry: country → BBAN structure."""
    from importlib import resources

    table: dict[str, str] = {}
    for line in resources.files("stdnum").joinpath("iban.dat").read_text().splitlines():
        if line and not line.startswith("#"):
            table[line[:2]] = line.split('bban="')[1].split('"')[0]
    return table


REGISTRY = _registry()


def test_the_iban_registry_is_the_swift_registry() -> None:
    from custrecords._checks import IBAN_BBAN

    assert {country.upper(): bban for country, bban in IBAN_BBAN.items()} == REGISTRY


@given(st.sampled_from(sorted(REGISTRY)), st.randoms(use_true_random=False))
def test_an_iban_is_found_exactly_when_the_registry_says_it_is_valid(
    country: str, rng: random.Random
) -> None:
    """SWIFT IBAN Registry: the country's length and BBAN structure, and mod 97-10."""
    from stdnum import iban as oracle

    parts = re.findall(r"(\d+)!([nac])", REGISTRY[country])
    # Where the registry allows letters or digits, banks issue digits (an IBAN is looked
    # for around a run of digits; docs/scanning.md says so).
    alphabet = {**_BBAN_ALPHABETS, "c": _BBAN_ALPHABETS["n"]}
    bban = "".join(
        "".join(rng.choice(alphabet[kind]) for _ in range(int(count))) for count, kind in parts
    )
    # Written with the wrong kind of character in one place, it is no IBAN.
    position = rng.randrange(len(bban))
    kind = "".join(kind * int(count) for count, kind in parts)[position]
    wrong = {"n": "A", "a": "7", "c": bban[position]}[kind]
    for candidate in (bban, bban[:position] + wrong + bban[position + 1 :]):
        number = _iban(country, candidate)
        findings = [
            (f.start, f.end, f.action)
            for f in scan_text(f"Refund to IBAN {number} please")
            if f.category == "user.financial.bank_account.iban"
        ]
        valid = oracle.is_valid(number, check_country=False)  # the registry alone
        assert (findings == [(15, 15 + len(number), FindingAction.REDACT)]) == valid, number


@pytest.mark.parametrize(
    "text",
    [
        "Cust has been signed off with stress for a month",
        "baby due next week so wants the bill moved",
        "PSR: medical equipment - on oxygen at night",
        "uses a screen reader, send accessible PDF",
        "wife voted Labour, husband did not",
    ],
)
def test_special_category_phrases_agents_write_are_for_review(text: str) -> None:
    findings = scan_text(text)
    assert findings
    assert {finding.action for finding in findings} == {FindingAction.REVIEW}


# --- kinds of miss found by a new user ---------------------------------------------------------

PASSWORD = "user.authorization.password"


@pytest.mark.parametrize(
    ("text", "secrets"),
    [
        # Quoted, a password may hold spaces.
        ("password is 'blue sky 22'", ["blue sky 22"]),
        ('Cust said her pw is "my dog rex" - told her to change it', ["my dog rex"]),
        # A second password in the same note, however the second is introduced.
        ("old pw X9k new pw Y7z", ["X9k", "Y7z"]),
        ("pw: old abc123 new def456", ["abc123", "def456"]),
        ("old pw: hunter2 new: swordfish9", ["hunter2", "swordfish9"]),
        ("old password was Bluebell77 and the new one is Daisy88", ["Bluebell77", "Daisy88"]),
        # Said of the password just named, in the next sentence.
        ("pw reset done. cust then told me the new one is Password123. Told her", ["Password123"]),
        # The secret after an aside in brackets, not the aside.
        ("WiFi key (WPA2) changed to Granary-Tuesday-77 at cust's request", ["Granary-Tuesday-77"]),
        # A security answer after the question it answers, and an answer of several words.
        ("cust security answer - mothers maiden name Jenkins - passed", ["Jenkins"]),
        ("security answer (first school) given as St Marys Primary - passed", ["St Marys Primary"]),
        # Digits after what they open.
        ("cust passcode for phone banking 774120 - told cust", ["774120"]),
    ],
)
def test_every_password_in_a_note_is_found_however_it_is_given(
    text: str, secrets: list[str]
) -> None:
    assert found(text) == [(secret, PASSWORD, "reject") for secret in secrets]


@pytest.mark.parametrize(
    "text",
    [
        "Ref SEC-PW-0041 raised for the verbal password request.",
        "Security: cust passed memorable word check (characters 1, 3 and 6).",
        "password for account 12345678 reset by the customer",
        "the password is 'not needed' for this",
        "old password expired, new one sent by post",
    ],
)
def test_words_about_a_password_are_not_one(text: str) -> None:
    assert found(text) == []


SECURITY_CODE = f"{CARD}.security_code"
EXPIRY = f"{CARD}.expiry_date"


def test_a_card_sent_over_several_chat_messages_is_rejected_piece_by_piece() -> None:
    text = (
        "[10:01] Customer: 4111 1111\n"
        "[10:01] Customer: 1111 1111\n"
        "[10:02] Customer: 09/28\n"
        "[10:02] Customer: 123\n"
        "[10:03] Agent: please don't send card details here"
    )
    assert found(text) == [
        ("4111 1111", CARD, "reject"),
        ("1111 1111", CARD, "reject"),
        ("09/28", EXPIRY, "reject"),
        ("123", SECURITY_CODE, "reject"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # Two speakers' digits are not one number.
        "[10:01] Customer: 4111 1111\n[10:01] Agent: 1111 1111",
        # Messages apart are not one number.
        "[10:01] Customer: 4111 1111\n[10:01] Customer: ok\n[10:02] Customer: 1111 1111",
        # Digits that fail Luhn, however many messages they fill.
        "[10:01] Customer: 4111 1111\n[10:01] Customer: 1111 1112",
    ],
)
def test_chat_messages_that_hold_no_card_between_them_stay_quiet(text: str) -> None:
    assert [c for _, c, _ in found(text) if c.startswith(CARD)] == []


def test_a_speaker_named_customer_does_not_label_a_card_as_a_customer_number() -> None:
    text = "[10:10] Customer: 4111 1111 1111 1111\nCustomer: 5555 5555 5555 4444"
    assert [action for _, _, action in found(text)] == ["reject", "reject"]
    assert found("Customer no 4111 1111 1111 1111")[0][2] == "review"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("4111 1111 1111 1111 / exp 09/28 / 123", "123"),
        ("card 5555555555554444 09/28 123", "123"),
        ("card 5555555555554444 | 09/28 | 4321", "4321"),
        ("its a mastercard 5596 2459 5711 7773 expires 06/2029 code on back 099", "099"),
        ("card 4111111111111111 exp 09/28\n[10:10] Customer: 220", "220"),
    ],
)
def test_a_security_code_after_a_card_and_its_expiry_needs_no_label(text: str, code: str) -> None:
    assert (code, SECURITY_CODE, "reject") in found(text)


@pytest.mark.parametrize(
    ("text", "secret", "category"),
    [
        ("CVV 1 2 3", "1 2 3", SECURITY_CODE),
        ("cvv one two three", "one two three", SECURITY_CODE),
        ("security code is four, oh, two", "four, oh, two", SECURITY_CODE),
        ("pin is 4 8 2 1", "4 8 2 1", f"{CARD}.pin"),
        ("pin is four eight two one", "four eight two one", f"{CARD}.pin"),
        # Said of the PIN just named, in the next sentence.
        (
            "I never got my PIN for the new card. The old one was 0912, can I keep it?",
            "0912",
            f"{CARD}.pin",
        ),
    ],
)
def test_security_codes_and_pins_read_out_are_rejected(
    text: str, secret: str, category: str
) -> None:
    assert found(text) == [(secret, category, "reject")]


@pytest.mark.parametrize(
    "text",
    [
        "cvv 1 2 3 4 5",  # five digits are no security code
        "CVV is three digits, on the back",
        "pin is one of the things we never ask for",
        "the code on the back of the parcel was 123",
    ],
)
def test_digits_and_words_that_are_no_code_stay_quiet(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expiry", "code"),
    [
        (
            "cust gave card: 4 6 6 1 3 1 8 6 0 9 1 3 9 0 9 0 ... then expiry 0 7 2 9 and cvv 8 0 4",
            "0 7 2 9",
            "8 0 4",
        ),
        ("digits 5 4 9 0 1 0 9 2 8 1 5 9 0 1 3 8 then 1 1 2 7 then 5 5 1.", "1 1 2 7", "5 5 1"),
    ],
)
def test_an_expiry_and_code_read_out_after_a_card_are_rejected(
    text: str, expiry: str, code: str
) -> None:
    assert [(expiry, EXPIRY, "reject"), (code, SECURITY_CODE, "reject")] == found(text)[1:]


def test_a_card_number_excel_wrote_as_a_float_is_a_card_only_when_all_its_digits_remain() -> None:
    """ "4111111111111111.0" keeps every digit; "4.11111111111111E+15" has lost the last."""
    assert found("card 4111111111111111.0") == [("4111111111111111", CARD, "reject")]
    assert found("card 4.11111111111111E+15") == []


@given(st.integers(min_value=0, max_value=9999), st.sampled_from(["cvv", "pin", "CVC", "PIN"]))
def test_a_code_read_out_digit_by_digit_is_found_as_its_digits_are(number: int, word: str) -> None:
    """Sensitive authentication data is never kept (PCI DSS 3.3.1): spaced digits hide none."""
    pin = word.lower() == "pin"
    digits = str(number).zfill(4) if pin else str(number % 1000).zfill(3)
    category = f"{CARD}.pin" if pin else SECURITY_CODE
    assert found(f"{word} {digits}") == [(digits, category, "reject")]
    spaced = " ".join(digits)
    assert found(f"{word} {spaced}") == [(spaced, category, "reject")]


SORT_CODE = "user.financial.bank_account.sort_code"
ACCOUNT = "user.financial.bank_account.account_number"


@pytest.mark.parametrize(
    ("text", "sort_code", "account"),
    [
        ("bank details for the DD: 60.16.13 31926819", "60.16.13", "31926819"),
        (
            "sort code 30 - 94 - 35 account no 11 22 33 44. DD amended.",
            "30 - 94 - 35",
            "11 22 33 44",
        ),
        ("s/c 20-32-06 a/c 1234 5678", "20-32-06", "1234 5678"),
        # Named a sort code, its account may come later in the sentence.
        (
            "sort code 40-47-84, account number had lost its leading zero in Excel. "
            "Fixed to 07087249 and re-submitted.",
            "40-47-84",
            "07087249",
        ),
        # Grouped like a date, and named as a sort code.
        ("Sort code 07-04-36. Account 24681357", "07-04-36", "24681357"),
    ],
)
def test_sort_codes_and_accounts_are_found_however_they_are_grouped(
    text: str, sort_code: str, account: str
) -> None:
    assert found(text) == [(sort_code, SORT_CODE, "redact"), (account, ACCOUNT, "redact")]


@pytest.mark.parametrize(
    "text",
    [
        # A date, then an account number named as one: a date, not a sort code.
        "cust moved house 03-04-24, new acc no. 55123456 created for the new property.",
        "the direct debit of £1,234.56 taken 12-03-24 was far too high. Acc 55126677.",
        "paid 12.03.24 ref 55126677",
        "server 10.20.30.40 port 12345678",
        "version 10.20.30 build 12345678",
        # Digits in pairs, not named an account.
        "sort code 30 - 94 - 35 then call 11 22 33 44",
    ],
)
def test_dates_and_dotted_numbers_are_not_bank_details(text: str) -> None:
    assert [c for _, c, _ in found(text) if "bank_account" in c] == []


@given(
    st.integers(min_value=32, max_value=99),
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(["-", " ", ".", " - "]),
    st.integers(min_value=0, max_value=99_999_999),
)
def test_a_sort_code_reads_the_same_however_its_pairs_are_split(
    first: int, second: int, third: int, split: str, account: int
) -> None:
    """A sort code is six digits in three pairs (Bacs); what splits the pairs changes nothing."""
    sort_code = split.join(f"{pair:02d}" for pair in (first, second, third))
    text = f"sort code {sort_code} account {account:08d}"
    assert found(text) == [(sort_code, SORT_CODE, "redact"), (f"{account:08d}", ACCOUNT, "redact")]


@pytest.mark.parametrize(
    "text",
    [
        # A name, of a person or a place.
        "spoke to Christian Hughes about the bill",
        "cust Christian Evans called to update address.",
        "Business account: St Mary's Catholic Church Hall. Meter read 08812.",
        # A machine's fault.
        "fault diagnosis - PCB failure, code F28",
        "the engineer's diagnosis of the boiler was a faulty diverter valve",
        "Pressure 1.2 bar. Diagnosis: pump seized, replaced.",
        # Idioms, questions and denials.
        "Cust complaint fell on deaf ears last time",
        "Cust said the bill nearly gave her a heart attack.",
        "cust says he was sentenced to 3 hours on hold (his words)",
        "customer in hospital reception all day (she works there)",
        "PSR check done - no medical equipment at the property.",
        "Just let me know whether you use medical equipment that needs power.",
        # A system's setting.
        "Debug logging disabled on the POS service.",
        "Attachment deleted, OCR disabled for the ticket queue.",
    ],
)
def test_special_category_words_said_of_something_else_stay_quiet(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("cust is a practising Christian, asked about Sunday visits", "Christian"),
        ("she goes to the Catholic Church on Sundays", "Catholic"),
        ("cust recently diagnosed, waiting on results", "diagnosed"),
        ("cust was diagnosed last week, engineer to call before visiting", "diagnosed"),
        ("cust is deaf, use text relay", "deaf"),
        ("husband had a heart attack last month", "heart attack"),
        ("cust is disabled and needs a ground floor visit", "disabled"),
        ("cust's son uses medical equipment that needs power", "medical equipment"),
    ],
)
def test_special_category_words_said_of_a_person_are_still_for_review(text: str, term: str) -> None:
    assert [(span, action) for span, _, action in found(text)] == [(term, "review")]


@pytest.mark.parametrize(
    ("text", "number", "category"),
    [
        # A licence as it is printed, in its groups (DVLA).
        (
            "HUGHE 652126 EL9WE - licence no. given for the van hire deposit",
            "HUGHE 652126 EL9WE",
            "user.government_id.drivers_license_number",
        ),
        # Read out digit by digit, or in words, and named.
        (
            "passport number 1 2 9 8 4 5 6 7 0 is that enough for ID?",
            "1 2 9 8 4 5 6 7 0",
            "user.government_id.passport_number",
        ),
        (
            "Cust read her NHS number out: nine nine nine, two four two, six four six two.",
            "nine nine nine, two four two, six four six two",
            "user.health.record_id",
        ),
    ],
)
def test_identifiers_are_found_however_they_are_written(
    text: str, number: str, category: str
) -> None:
    assert found(text) == [(number, category, "redact")]


@pytest.mark.parametrize(
    "text",
    [
        "order ABCDE 123456 for pickup",
        "HUGHE 652126EL9WE",  # grouped one way and not the other: no licence's layout
        "read out: nine nine nine, two four two, six four six two.",  # not named an NHS number
        "digits 1 2 9 8 4 5 6 7 0 keyed",  # not named a passport's
    ],
)
def test_identifier_look_alikes_written_apart_stay_quiet(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("send it to jo dot bloggs at example dot com pls", "jo dot bloggs at example dot com"),
        (
            "cust email is tom underscore patel at example dot com (read out)",
            "tom underscore patel at example dot com",
        ),
        ("email is jo at example dot co dot uk", "jo at example dot co dot uk"),
        ("new address sam99 at example dot org", "sam99 at example dot org"),
    ],
)
def test_an_email_address_read_out_in_words_is_redacted(text: str, address: str) -> None:
    assert found(text) == [(address, "user.contact.email", "redact")]


@pytest.mark.parametrize(
    "text",
    [
        "look at bbc dot co dot uk for news",
        "reply at example dot com",
        "the dot com bubble",
        "dot com dot com at dot com",
    ],
)
def test_words_that_only_sound_like_an_address_stay_quiet(text: str) -> None:
    assert found(text) == []


def test_redacting_overlapping_findings_leaves_nothing_of_either() -> None:
    text = "abcdefgh"
    findings = [
        Finding(category="user.contact.email", start=0, end=5, confidence=0.9,
                action=FindingAction.REDACT, detector="mine"),
        Finding(category="user.financial.credit_card", start=3, end=8, confidence=0.9,
                action=FindingAction.REJECT, detector="mine"),
    ]  # fmt: skip
    assert redact(text, findings) == "[REDACTED:user.financial.credit_card]"
    assert redact(text, reversed(findings)) == "[REDACTED:user.financial.credit_card]"


@pytest.mark.parametrize("findings", [None, 3, "abc", b"abc"])
def test_redact_refuses_findings_that_are_not_an_iterable_of_findings(findings: object) -> None:
    with pytest.raises(InvalidValue) as raised:
        redact("secret text", findings)  # type: ignore[arg-type]
    assert raised.value.code == "wrong_type"
    assert "secret" not in str(raised.value)
