"""Secrets given later than the word that names them, as people really give them.

A customer rarely says "PIN: 4821". They say "the pin you sent doesn't work, it's 4 8 2
1", or read the code on the back of the card a sentence after being asked for it. Each
test names the kind of writing; the look-alikes beside them must stay quiet.
"""

from __future__ import annotations

import pytest

from custrecords import scan_text

CARD = "user.financial.credit_card"
PASSWORD = "user.authorization.password"


def _found(text: str) -> list[tuple[str, str]]:
    return [(finding.category, text[finding.start : finding.end]) for finding in scan_text(text)]


@pytest.mark.parametrize(
    ("note", "pins"),
    [
        # After "it's", "gave it" or a colon, later in the sentence or in the next.
        ("the pin they posted me doesnt work, its 4 7 1 9 apparently", ["4 7 1 9"]),
        ("forgot my app pin. i think its 2 5 8 0 or 0 8 5 2", ["2 5 8 0", "0 8 5 2"]),
        ("told me his PIN yesterday!! he gave it, 7 3 1 1", ["7 3 1 1"]),
        ("PIN written on a post-it in her purse: 4402", ["4402"]),
        ("she says the shop keeps rejecting her pin but she knows its 3080", ["3080"]),
        # After "was" or "is" a few words on, in the same clause.
        ("his pin for the chip and pin machine was 9051", ["9051"]),
    ],
)
def test_a_pin_given_later_is_found(note: str, pins: list[str]) -> None:
    assert _found(note) == [(f"{CARD}.pin", pin) for pin in pins]


@pytest.mark.parametrize(
    "note",
    [
        "Reminded cust we never ask for PIN. Balance is 1200.",
        "PIN reminder sent, call ref is 445566",
        "PIN letter sent 12/03, it's 5-7 days",
        "PIN reset on 12/03/2024, it was requested by phone",
    ],
)
def test_what_follows_a_pin_is_not_always_one(note: str) -> None:
    assert not [category for category, _ in _found(note) if category == f"{CARD}.pin"]


@pytest.mark.parametrize(
    ("note", "codes"),
    [
        # Words that name many codes elsewhere name a security code after a card.
        ("pd with card 4012 8888 8888 1881 and code 446, thanks", ["446"]),
        ("card 4111 1111 1111 1111 , sec 777, posted", ["777"]),
        ("card 5555 5555 5555 4444 exp 02/29 s/c 518. ok", ["518"]),
        ("they took 4111111111111111 and the 332 on the back", ["332"]),
        ("card 4111111111111111 then asked for the code on the back, cust said it is 901", ["901"]),
        ("cvvs 123 / 987 for cards 4111111111111111 / 5555555555554444", ["123", "987"]),
    ],
)
def test_a_security_code_named_after_a_card_is_found(note: str, codes: list[str]) -> None:
    assert [text for category, text in _found(note) if category == f"{CARD}.security_code"] == codes


@pytest.mark.parametrize(
    "note",
    [
        "card 4111111111111111 error code 404 at till",
        "card 4111 1111 1111 1111 postcode SW1A 1AA",
        "card 4111111111111111, promo code 250 applied",
        "security code 123 requested but sort code 20-32-06 given",
    ],
)
def test_other_codes_after_a_card_are_not_its_security_code(note: str) -> None:
    found = _found(note)
    assert ("user.financial.credit_card.security_code", "404") not in found
    assert ("user.financial.credit_card.security_code", "250") not in found
    assert not any(text.startswith("SW1") for _, text in found)


def test_a_diners_club_number_printed_four_four_four_two_is_a_card() -> None:
    note = "wrote it on a post-it for me: 3056 9309 0259 04 11/27 554, handed it back"
    assert _found(note) == [
        (CARD, "3056 9309 0259 04"),
        (f"{CARD}.expiry_date", "11/27"),
        (f"{CARD}.security_code", "554"),
    ]


@pytest.mark.parametrize(
    ("note", "secrets"),
    [
        # A memorable word is any word, given later in the sentence.
        ("memorable word on the acc is clementine, she gave it whole", ["clementine"]),
        ("memorable word isnt working, its toffee right?", ["toffee"]),
        ("security answer (first pet) - she gave Rusty then asked for a pin", ["Rusty"]),
        # In brackets, a sentence after the word.
        ("asked for his memorable word. He replied with it (Seashell) straight away", ["Seashell"]),
        ("Security Q answer: Pebbles.", ["Pebbles"]),
        # "pass" without a colon, before something made as passwords are.
        ("login details user jo.b pass Marigold1988 for her account", ["Marigold1988"]),
        # A second one, with a few words between "the new one" and "was".
        (
            "old password was Tenby!2022 and the new one she tried was Tenby!2023",
            ["Tenby!2022", "Tenby!2023"],
        ),
        # Codes that open a door, read out or not.
        ("alarm code 2 0 1 9, key in the shed", ["2 0 1 9"]),
        ("lockbox code 7731 by the back door", ["7731"]),
        ("gate code is 4 4 1 0", ["4 4 1 0"]),
    ],
)
def test_a_password_or_memorable_word_given_later_is_found(note: str, secrets: list[str]) -> None:
    assert _found(note) == [(PASSWORD, secret) for secret in secrets]


@pytest.mark.parametrize(
    "note",
    [
        "please pass the call on to billing",
        "pass BA1234 to the team",
        "boarding pass: AB12 3456",
        "memorable word check failed, reset sent",
        "memorable word isnt set up yet",
        "memorable word: she couldnt remember it",
    ],
)
def test_words_around_a_password_are_not_one(note: str) -> None:
    assert not [category for category, _ in _found(note) if category == PASSWORD]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # Named by its word, in words or run on: "expiry Sept 28", "... 3222 0727 553".
        (
            "took it over the phone: card 4012888888881881, expiry Oct 29, cvv 456",
            [
                (CARD, "4012888888881881"),
                (f"{CARD}.expiry_date", "Oct 29"),
                (f"{CARD}.security_code", "456"),
            ],
        ),
        (
            "card 4111 1111 1111 1111 0629 818 - declined",
            [
                (CARD, "4111 1111 1111 1111"),
                (f"{CARD}.expiry_date", "0629"),
                (f"{CARD}.security_code", "818"),
            ],
        ),
        (
            "number 5105 1051 0510 5100 end 04/27 back 902",
            [
                (CARD, "5105 1051 0510 5100"),
                (f"{CARD}.expiry_date", "04/27"),
                (f"{CARD}.security_code", "902"),
            ],
        ),
        # Beside its security code, with no card number in the note.
        (
            "she read out her cvc 341 and said the card expires 03/28",
            [(f"{CARD}.security_code", "341"), (f"{CARD}.expiry_date", "03/28")],
        ),
    ],
)
def test_an_expiry_named_or_run_on_is_found(note: str, expected: list[tuple[str, str]]) -> None:
    assert _found(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Card ending 4444 expires 09/27, new one posted",
        "contract expires 11/26, renewal letter sent",
        "card 4111111111111111 charged in May 2025",
    ],
)
def test_dates_near_a_card_word_are_not_its_expiry(note: str) -> None:
    assert f"{CARD}.expiry_date" not in [category for category, _ in _found(note)]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            "[09:12] Agent: what's your memorable place?\n[09:13] Customer: Aberystwyth\n",
            [(PASSWORD, "Aberystwyth")],
        ),
        (
            "[14:01] Customer: my pin keeps getting declined\n[14:01] Customer: its 5126",
            [(f"{CARD}.pin", "5126")],
        ),
        (
            "Agent: Can you read me the 3 digits on the back of the card?\nCustomer: 771",
            [(f"{CARD}.security_code", "771")],
        ),
    ],
)
def test_a_secret_answered_in_the_next_chat_message_is_found(
    note: str, expected: list[tuple[str, str]]
) -> None:
    assert _found(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "[09:12] Agent: please don't share your password here\n[09:13] Customer: ok sorry",
        "[14:01] Customer: my pin keeps getting declined\n[14:02] Agent: I can't see PINs",
    ],
)
def test_a_reply_that_gives_no_secret_is_quiet(note: str) -> None:
    assert _found(note) == []


@pytest.mark.parametrize(
    "note",
    [
        "14:02 Customer: 4111111111111111",
        "2024-05-12 14:02 Customer: 4111 1111 1111 1111",
        "(2:02pm) Member: 4111111111111111",
    ],
)
def test_a_card_a_chat_speaker_gives_is_rejected_whatever_the_time_looks_like(note: str) -> None:
    assert [(f.category, f.action.value) for f in scan_text(note)] == [(CARD, "reject")]


def test_a_label_at_the_start_of_a_line_is_no_speaker() -> None:
    assert [f.action.value for f in scan_text("Customer no: 4111111111111111")] == ["review"]


@pytest.mark.parametrize(
    "note",
    [
        "password is case sensitive",
        "password is saved in her browser",
        "password set to expire in 30 days",
        "password is temporary until she logs in",
        "password is emailed to her",
        "Customer says PIN 2024 letter didn't arrive",
        "Sent PIN 1234 reminder letter",
    ],
)
def test_what_is_said_of_a_password_or_a_pin_letter_is_no_secret(note: str) -> None:
    assert _found(note) == []


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # Thousands separators from a spreadsheet, control characters from a word processor.
        ("card 4,111,111,111,111,111", [(CARD, "4,111,111,111,111,111")]),
        ("card 4.111.111.111.111.111", [(CARD, "4.111.111.111.111.111")]),
        ("card 4111 1111\x0b1111 1111", [(CARD, "4111 1111\x0b1111 1111")]),
        ("card 4111\x001111\x001111\x001111", [(CARD, "4111\x001111\x001111\x001111")]),
        # Codes, PINs, expiries and memorable words as people abbreviate them.
        ("ccv 456", [(f"{CARD}.security_code", "456")]),
        ("cvv no. 456", [(f"{CARD}.security_code", "456")]),
        ("paid by card, the code on the back is 123", [(f"{CARD}.security_code", "123")]),
        ("pincode 1234", [(f"{CARD}.pin", "1234")]),
        ("pin 12 34", [(f"{CARD}.pin", "12 34")]),
        ("pin: 1-2-3-4", [(f"{CARD}.pin", "1-2-3-4")]),
        (
            "card 4111111111111111 exp 09 28",
            [(CARD, "4111111111111111"), (f"{CARD}.expiry_date", "09 28")],
        ),
        ("memorable info: rosebud", [(PASSWORD, "rosebud")]),
        ("mem word = rosebud", [(PASSWORD, "rosebud")]),
    ],
)
def test_numbers_and_words_as_people_write_them(note: str, expected: list[tuple[str, str]]) -> None:
    assert _found(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Order no 12 3456 7890 1234 5678 shipped",
        "Total 1,234,567.89 paid on 12.03.2024",
        "Invoice 1,250,000 units at 0.35",
    ],
)
def test_grouped_numbers_that_are_no_card_stay_quiet(note: str) -> None:
    assert _found(note) == []


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("email jo @ example.com thanks", [("user.contact.email", "jo @ example.com")]),
        (
            "NI: AB-12-34-56-C",
            [("user.government_id.national_identification_number", "AB-12-34-56-C")],
        ),
    ],
)
def test_identifiers_spaced_or_dashed_as_people_type_them(
    note: str, expected: list[tuple[str, str]]
) -> None:
    assert _found(note) == expected


@pytest.mark.parametrize(
    "note", ["Case AB123456C escalated", "Total @ 5.00 each", "meet @ 10.30", "photo @ 2x"]
)
def test_a_reference_or_an_at_sign_between_words_is_no_identifier(note: str) -> None:
    assert _found(note) == []


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            "card 4111111111111111 exp 12/2027, security no. 321",
            [
                (CARD, "4111111111111111"),
                (f"{CARD}.expiry_date", "12/2027"),
                (f"{CARD}.security_code", "321"),
            ],
        ),
        (
            "card 4111111111111111, expiry 12/2027, security 321",
            [
                (CARD, "4111111111111111"),
                (f"{CARD}.expiry_date", "12/2027"),
                (f"{CARD}.security_code", "321"),
            ],
        ),
        ("card 4111111111111111 security team called 0800 123", [(CARD, "4111111111111111")]),
    ],
)
def test_a_code_after_security_no_is_the_code_and_the_expirys_year_is_not(
    note: str, expected: list[tuple[str, str]]
) -> None:
    assert _found(note) == expected
