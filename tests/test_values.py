"""Tests for custrecords.values: real addresses, numbers, postcodes and names."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    EmailAddress,
    InvalidValue,
    PersonName,
    PhoneKind,
    PhoneNumber,
    PostalAddress,
)
from custrecords.testing import (
    emails,
    person_names,
    phone_numbers,
    postal_addresses,
    uk_postcodes,
    written_uk_phone_numbers,
)

# --- e-mail addresses -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("jane@example.com", "jane@example.com"),
        ("  Jane.Doe@Example.COM\n", "Jane.Doe@example.com"),
        ("j.o'neill+billing@example.co.uk", "j.o'neill+billing@example.co.uk"),
        ("josé@exämple.com", "josé@exämple.com"),
        ("user@xn--exmple-cua.com", "user@exämple.com"),
        ("用户@例子.广告", "用户@例子.广告"),
    ],
)
def test_email_parse_normalizes(text: str, normalized: str) -> None:
    assert EmailAddress.parse(text).normalized == normalized


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("jane.example.com", "email_invalid"),
        ("jane@", "email_invalid"),
        ("@example.com", "email_invalid"),
        ("jane@localhost", "email_invalid"),
        ("jane@example", "email_invalid"),
        ("jane..doe@example.com", "email_invalid"),
        ("jane doe@example.com", "email_invalid"),
        ("jane@exam_ple.com", "email_invalid"),
    ],
)
def test_email_parse_rejects(text: str, code: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        EmailAddress.parse(text, field="contact_email")
    assert (raised.value.code, raised.value.field) == (code, "contact_email")


def test_email_parts() -> None:
    email = EmailAddress.parse("Jane.Doe@Example.com")
    assert (email.local_part, email.domain) == ("Jane.Doe", "example.com")


def test_email_constructor_refuses_what_parse_would_change() -> None:
    assert EmailAddress("jane@example.com") == EmailAddress.parse("jane@example.com")
    with pytest.raises(InvalidValue) as raised:
        EmailAddress("jane@EXAMPLE.com")
    assert raised.value.code == "not_normalized"
    with pytest.raises(InvalidValue):
        attrs.evolve(EmailAddress.parse("jane@example.com"), normalized="not an address")


def test_email_non_text_is_wrong_type() -> None:
    with pytest.raises(InvalidValue) as raised:
        EmailAddress.parse(42)  # type: ignore[arg-type]
    assert raised.value.code == "wrong_type"


@given(emails())
def test_email_parse_is_idempotent(email: EmailAddress) -> None:
    assert EmailAddress.parse(email.normalized) == email


# --- phone numbers --------------------------------------------------------------------------

MOBILE = "+447400123456"
LONDON = "+442079460018"


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("07400 123456", MOBILE),
        ("07400123456", MOBILE),
        ("07400-123-456", MOBILE),
        ("07400.123.456", MOBILE),
        ("(07400) 123456", MOBILE),
        ("+44 7400 123456", MOBILE),
        ("+447400123456", MOBILE),
        ("+44 (0)7400 123456", MOBILE),
        ("+44(0)7400123456", MOBILE),
        ("0044 7400 123456", MOBILE),
        ("00 44 7400 123 456", MOBILE),
        ("44 7400 123456", MOBILE),
        ("tel:+44-7400-123456", MOBILE),
        ("０７４００ １２３４５６", MOBILE),
        ("07400\u00a0123456", MOBILE),
        ("020 7946 0018", LONDON),
        ("(020) 7946 0018", LONDON),
        ("+44 (0) 20 7946 0018", LONDON),
        ("0044 20 7946 0018", LONDON),
    ],
)
def test_phone_parse_every_common_uk_format(text: str, e164: str) -> None:
    assert PhoneNumber.parse(text).e164 == e164


@pytest.mark.parametrize(
    ("text", "region", "e164", "number_region", "kind"),
    [
        ("07400 123456", "GB", MOBILE, "GB", PhoneKind.MOBILE),
        ("020 7946 0018", "GB", LONDON, "GB", PhoneKind.FIXED_LINE),
        ("0113 496 0000", "GB", "+441134960000", "GB", PhoneKind.FIXED_LINE),
        ("0800 123 4567", "GB", "+448001234567", "GB", PhoneKind.TOLL_FREE),
        ("0300 123 4567", "GB", "+443001234567", "GB", PhoneKind.UAN),
        ("07624 123456", "GB", "+447624123456", "IM", PhoneKind.MOBILE),
        ("01534 123456", "GB", "+441534123456", "JE", PhoneKind.FIXED_LINE),
        ("01 234 5678", "IE", "+35312345678", "IE", PhoneKind.FIXED_LINE),
        ("06 12 34 56 78", "FR", "+33612345678", "FR", PhoneKind.MOBILE),
        ("+1 (202) 456-1111", "GB", "+12024561111", "US", PhoneKind.FIXED_LINE_OR_MOBILE),
        ("+91 81234 56789", None, "+918123456789", "IN", PhoneKind.MOBILE),
    ],
)
def test_phone_parse_region_and_kind(
    text: str, region: str | None, e164: str, number_region: str, kind: PhoneKind
) -> None:
    number = PhoneNumber.parse(text, region)
    assert (number.e164, number.region, number.kind) == (e164, number_region, kind)


@pytest.mark.parametrize(
    ("text", "extension"),
    [
        ("020 7946 0018 ext. 123", "123"),
        ("020 7946 0018 x123", "123"),
        ("020 7946 0018 extension 123", "123"),
        ("+442079460018;ext=123", "123"),
    ],
)
def test_phone_extension_is_kept(text: str, extension: str) -> None:
    number = PhoneNumber.parse(text)
    assert (number.e164, number.extension) == (LONDON, extension)
    assert number.normalized == f"{LONDON};ext={extension}"
    assert PhoneNumber.parse(number.normalized, region=None) == number


@pytest.mark.parametrize(
    ("text", "region", "code"),
    [
        ("", "GB", "empty"),
        ("hello", "GB", "phone_not_a_number"),
        ("07700 900123", "GB", "phone_invalid"),  # Ofcom's range for drama: never in use
        ("020 7946 001", "GB", "phone_invalid"),  # UK lengths vary, so possible, but not in use
        ("0740 012 34", "GB", "phone_invalid"),
        ("07400 1234567", "GB", "phone_too_long"),
        ("+33 1 23 45 67", None, "phone_too_short"),
        ("+1 202 456 11111", None, "phone_too_long"),
        ("+61 412 345 678 11", None, "phone_wrong_length"),
        ("+49 30 1", None, "phone_invalid"),  # possible only as a local number
        ("12", "GB", "phone_too_short"),
        ("07400 123456", None, "phone_country_unknown"),
        ("+999 123 456 789", "GB", "phone_country_unknown"),
    ],
)
def test_phone_parse_rejects_with_a_specific_code(text: str, region: str | None, code: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        PhoneNumber.parse(text, region, field="mobile")
    assert (raised.value.code, raised.value.field) == (code, "mobile")


def test_phone_constructor_checks_every_field() -> None:
    number = PhoneNumber.parse("07400 123456")
    assert PhoneNumber(MOBILE, "GB", PhoneKind.MOBILE) == number
    for wrong in (
        {"e164": "07400123456"},
        {"region": "IE"},
        {"kind": PhoneKind.FIXED_LINE},
        {"extension": ""},
    ):
        with pytest.raises(InvalidValue):
            attrs.evolve(number, **wrong)
    with pytest.raises(InvalidValue) as raised:
        PhoneNumber(MOBILE, "GB", "mobile")  # type: ignore[arg-type]
    assert raised.value.code == "wrong_type"


@given(written_uk_phone_numbers())
def test_every_written_form_parses_to_the_same_number(written: tuple[str, PhoneNumber]) -> None:
    text, number = written
    assert PhoneNumber.parse(text) == number


@given(phone_numbers())
def test_phone_parse_is_idempotent(number: PhoneNumber) -> None:
    assert PhoneNumber.parse(number.normalized, region=None) == number


# --- postal addresses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("sw1a1aa", "SW1A 1AA"),  # A9A... AA9A: Buckingham Palace
        ("SW1A  1AA", "SW1A 1AA"),
        (" ec1a 1bb ", "EC1A 1BB"),
        ("W1A0AX", "W1A 0AX"),  # A9A: Broadcasting House
        ("m1 1ae", "M1 1AE"),  # A9
        ("B33 8TH", "B33 8TH"),  # A99
        ("CR2 6XH", "CR2 6XH"),  # AA9
        ("DN55 1PT", "DN55 1PT"),  # AA99
        ("cf10\u00a01aa", "CF10 1AA"),
        ("GIR0AA", "GIR 0AA"),
        ("bfpo 123", "BFPO 123"),
        ("BFPO57", "BFPO 57"),
    ],
)
def test_uk_postcodes_are_normalised(text: str, postcode: str) -> None:
    assert PostalAddress.parse(["1 High Street"], postcode=text).postcode == postcode


@pytest.mark.parametrize(
    "text",
    [
        "QA1 1AA",  # Q never first
        "AI1 1AA",  # I never second
        "W1I 1AA",  # I not third in an A9A district
        "EC1C 1BB",  # C not fourth in an AA9A district
        "SW1A 1AI",  # I never in the inward code
        "SW1A 1CA",  # C never in the inward code
        "SW1A1A",
        "SW1A 1AAA",
        "12345",
        "BFPO 12345",
        "X",
    ],
)
def test_invalid_uk_postcodes_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        PostalAddress.parse(["1 High Street"], postcode=text)
    assert (raised.value.code, raised.value.field) == ("postcode_invalid", "address.postcode")


@pytest.mark.parametrize(
    ("country", "postcode"),
    [("GG", "GY1 1AA"), ("JE", "JE2 3XP"), ("IM", "IM1 1AA")],
)
def test_crown_dependencies_use_uk_postcodes(country: str, postcode: str) -> None:
    assert (
        PostalAddress.parse(["1 Rue"], postcode=postcode.lower(), country=country).postcode
        == postcode
    )
    with pytest.raises(InvalidValue):
        PostalAddress.parse(["1 Rue"], postcode="75001", country=country)


@pytest.mark.parametrize(
    ("country", "text", "postcode"),
    [
        ("FR", "75001", "75001"),
        ("IE", "d02 x285", "D02 X285"),
        ("NL", "1012  js", "1012 JS"),
        ("US", "20500-0003", "20500-0003"),
        ("uk", "sw1a 1aa", "SW1A 1AA"),
    ],
)
def test_other_countries_keep_their_postcodes(country: str, text: str, postcode: str) -> None:
    assert PostalAddress.parse(["1 Main St"], postcode=text, country=country).postcode == postcode


def test_address_lines_are_tidied() -> None:
    address = PostalAddress.parse("  Flat 2\n\n14   Heol y Frenhines \r\n", town=" Caerdydd ")
    assert address.lines == ("Flat 2", "14 Heol y Frenhines")
    assert address.town == "Caerdydd"
    assert address.postcode is None
    assert address.country == "GB"


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"lines": []}, "empty", "address.lines"),
        ({"lines": ["  ", "\n"]}, "empty", "address.lines"),
        ({"lines": ["1 High St\x00"]}, "invalid_character", "address.lines"),
        ({"lines": ["x" * 201]}, "too_long", "address.lines"),
        ({"lines": ["1"] * 11}, "too_long", "address.lines"),
        ({"lines": ["1 High St"], "country": "ZZ"}, "country_invalid", "address.country"),
        ({"lines": ["1 High St"], "country": "GBR"}, "country_invalid", "address.country"),
        (
            {"lines": ["1 High St"], "country": "FR", "postcode": "7" * 21},
            "too_long",
            "address.postcode",
        ),
    ],
)
def test_address_parse_rejects(kwargs: dict[str, object], code: str, field: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        PostalAddress.parse(**kwargs)  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == (code, field)


def test_address_constructor_refuses_unnormalised_parts() -> None:
    good = PostalAddress(lines=("1 High Street",), postcode="SW1A 1AA")
    assert good == PostalAddress.parse(["1 High Street"], postcode="sw1a1aa")
    for wrong in (
        {"postcode": "sw1a 1aa"},
        {"postcode": "SW1A1AA"},
        {"lines": ("1  High Street",)},
        {"lines": ["1 High Street"]},
        {"country": "gb"},
        {"town": " Leeds"},
    ):
        with pytest.raises(InvalidValue):
            attrs.evolve(good, **wrong)


def test_postcode_district() -> None:
    assert PostalAddress.parse(["1 High St"], postcode="sw1a1aa").postcode_district == "SW1A"
    assert PostalAddress.parse(["1 High St"]).postcode_district is None
    assert PostalAddress.parse(["1 Rue"], postcode="75001", country="FR").postcode_district is None


@given(uk_postcodes())
def test_generated_postcodes_are_accepted_in_any_case_and_spacing(postcode: str) -> None:
    typed = postcode.replace(" ", "").lower()
    assert PostalAddress.parse(["1 High St"], postcode=typed).postcode == postcode


@given(postal_addresses())
def test_address_parse_is_idempotent(address: PostalAddress) -> None:
    again = PostalAddress.parse(
        address.lines, town=address.town, postcode=address.postcode, country=address.country
    )
    assert again == address


# --- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "full", "given", "family"),
    [
        ({"full": "Aisha Khan"}, "Aisha Khan", None, None),
        (
            {"given": " Siobhán ", "family": "Ní  Bhriain"},
            "Siobhán Ní Bhriain",
            "Siobhán",
            "Ní Bhriain",
        ),
        ({"full": "Mao Zedong", "given": "Zedong", "family": "Mao"}, "Mao Zedong", "Zedong", "Mao"),
        ({"full": "毛泽东"}, "毛泽东", None, None),
        ({"given": "Madonna"}, "Madonna", "Madonna", None),
        ({"full": "Jean-Luc O'Neill Jr."}, "Jean-Luc O'Neill Jr.", None, None),
        ({"full": "Smith (née Jones)"}, "Smith (née Jones)", None, None),
        ({"full": "Dara O’Briain"}, "Dara O’Briain", None, None),
        ({"full": "Paul·la Ramírez"}, "Paul·la Ramírez", None, None),
        ({"full": "Zoe\u0308"}, "Zoë", None, None),  # decomposed input is stored composed (NFC)
        ({"full": "Anna\u200b Maria"}, "Anna Maria", None, None),
        ({"full": "می\u200cخواهم"}, "می\u200cخواهم", None, None),  # the joiner is part of the name
    ],
)
def test_name_parse(
    kwargs: dict[str, str], full: str, given: str | None, family: str | None
) -> None:
    name = PersonName.parse(**kwargs)
    assert (name.full, name.given, name.family) == (full, given, family)


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({}, "empty", "name"),
        ({"full": "  "}, "empty", "name"),
        ({"full": "jane@example.com"}, "invalid_character", "name.full"),
        ({"full": "Jane Doe #2"}, "invalid_character", "name.full"),
        ({"full": "Jane/John"}, "invalid_character", "name.full"),
        ({"given": "Jane", "family": "07400123456"}, "invalid_character", "name.family"),
        ({"full": "Jane\x07"}, "invalid_character", "name.full"),
        ({"full": "x" * 257}, "too_long", "name.full"),
    ],
)
def test_name_parse_rejects(kwargs: dict[str, str], code: str, field: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        PersonName.parse(**kwargs)
    assert (raised.value.code, raised.value.field) == (code, field)


def test_name_constructor_refuses_unnormalised_text() -> None:
    with pytest.raises(InvalidValue):
        PersonName(full="Zoe\u0308")
    with pytest.raises(InvalidValue):
        PersonName(full="Aisha  Khan")
    with pytest.raises(InvalidValue):
        PersonName(full="")


@given(person_names())
def test_name_parse_is_idempotent(name: PersonName) -> None:
    assert PersonName.parse(name.full, given=name.given, family=name.family) == name


# --- errors never carry the value ---------------------------------------------------------------

MARKER = "Zq8Xv"


@given(st.text(max_size=30), st.text(max_size=30))
def test_rejections_never_quote_the_input(head: str, tail: str) -> None:
    """Whatever is rejected, the message names the field and the problem, not the value."""
    text = f"{head}{MARKER}{tail}"
    attempts = (
        lambda: EmailAddress.parse(text),
        lambda: EmailAddress.parse(f"{text}@{text}.com"),
        lambda: PhoneNumber.parse(text),
        lambda: PostalAddress.parse([f"1 {MARKER}"], postcode=text),
        lambda: PostalAddress.parse([text], country=text),
        lambda: PersonName.parse(f"{text}1"),
    )
    errors: list[InvalidValue] = []
    for attempt in attempts:
        try:
            attempt()
        except InvalidValue as error:
            errors.append(error)
    for rejection in errors:
        assert MARKER not in str(rejection)
        assert MARKER not in repr(rejection)
        assert rejection.__cause__ is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"lines": 12}, "address.lines"),
        ({"lines": ["1 High St", 2]}, "address.lines"),
        ({"lines": ["1 High St"], "postcode": 11}, "address.postcode"),
        ({"lines": ["1 High St"], "town": ["Leeds"]}, "address.town"),
        ({"lines": ["1 High St"], "country": None}, "address.country"),
    ],
)
def test_address_parse_refuses_what_is_not_text(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        PostalAddress.parse(**kwargs)  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == ("wrong_type", field)
