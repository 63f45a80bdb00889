"""Tests for custrecords.ports: lookup keys agree however a value was written."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    CustomerRecord,
    Draft,
    EmailAddress,
    InvalidValue,
    LookupKey,
    LookupKind,
    PersonName,
    PhoneNumber,
    confirm,
    lookup_keys,
)
from custrecords import testing as strategies
from custrecords.names import name_keys


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Jane.Doe@Example.com", "jane.doe@example.com"),
        ("JANE.DOE@EXAMPLE.COM", " jane.doe@example.com "),
        ("zoë@example.com", "ZOË@example.com"),
    ],
)
def test_an_email_key_ignores_case(one: str, other: str) -> None:
    assert LookupKey.email(EmailAddress.parse(one)) == LookupKey.email(EmailAddress.parse(other))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("jane.doe@example.com", "janedoe@example.com"),
        ("jane@example.com", "jane+shop@example.com"),
        ("jane@example.com", "jane@example.co.uk"),
    ],
)
def test_different_email_addresses_have_different_keys(one: str, other: str) -> None:
    assert LookupKey.email(EmailAddress.parse(one)) != LookupKey.email(EmailAddress.parse(other))


@pytest.mark.parametrize(
    "written",
    ["07400 123456", "+44 7400 123456", "+44 (0)7400 123456", "0044 7400 123456", "07400-123-456"],
)
def test_a_phone_key_is_the_number_however_written(written: str) -> None:
    assert LookupKey.phone(PhoneNumber.parse(written)).value == "+447400123456"


def test_a_phone_key_drops_the_extension() -> None:
    with_extension = PhoneNumber.parse("020 7946 0018 ext. 42")
    assert LookupKey.phone(with_extension) == LookupKey.phone(PhoneNumber.parse("020 7946 0018"))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Siobhán O'Brien", "siobhan obrien"),
        ("Siobhán O’Brien", "SIOBHAN O'BRIEN"),
        ("Jane Mary Doe", "Jane Doe"),
        ("Zhang Wei", "Wei Zhang"),
        ("Mary-Jane Smith-Jones", "Mary Jones"),
        ("Zoë  Brown", "Zoe Brown"),
    ],
)
def test_a_name_key_folds_case_accents_punctuation_and_middle_names(one: str, other: str) -> None:
    keys = [
        LookupKey.name_and_postcode(PersonName.parse(name), "cf10 1aa") for name in (one, other)
    ]
    assert keys[0] == keys[1]


def test_names_that_differ_have_different_keys() -> None:
    jane = LookupKey.name_and_birth_date(PersonName.parse("Jane Doe"), date(1985, 2, 28))
    john = LookupKey.name_and_birth_date(PersonName.parse("John Doe"), date(1985, 2, 28))
    later = LookupKey.name_and_birth_date(PersonName.parse("Jane Doe"), date(1985, 3, 1))
    assert len({jane, john, later}) == 3


def test_a_postcode_key_ignores_spacing_and_case() -> None:
    name = PersonName.parse("Jane Doe")
    assert LookupKey.name_and_postcode(name, "sw1a1aa") == LookupKey.name_and_postcode(
        name, "SW1A 1AA"
    )


def test_a_key_hides_its_value() -> None:
    key = LookupKey.email(EmailAddress.parse("jane.doe@example.com"))
    assert "jane" not in repr(key)
    assert key.kind is LookupKind.EMAIL


def test_a_key_needs_a_kind_and_a_value() -> None:
    with pytest.raises(InvalidValue) as raised:
        LookupKey(LookupKind.EMAIL, "")
    assert raised.value.code == "empty"
    with pytest.raises(InvalidValue):
        LookupKey("shoe_size", "9")  # type: ignore[arg-type]


def test_lookup_keys_needs_a_record_or_a_draft() -> None:
    with pytest.raises(InvalidValue) as raised:
        lookup_keys("jane@example.com")  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == ("wrong_type", "record")


@given(strategies.customer_records())
def test_a_record_has_a_key_for_each_contact_point_and_name_pairing(record: CustomerRecord) -> None:
    """One key per contact point; with a name, for each of its keys, one per postcode and
    one for a birth date."""
    keys = lookup_keys(record)
    contact = {k for k in keys if k.kind in {LookupKind.EMAIL, LookupKind.PHONE}}
    assert contact == {LookupKey.contact(p.value) for p in record.contact_points}
    named = keys - contact
    if record.name is None:
        assert not named
    else:
        postcodes = {"".join(a.postcode.split()).upper() for a in record.addresses if a.postcode}
        expected = len(postcodes) + (record.date_of_birth is not None)
        assert len(named) == expected * len(name_keys(record.name))


@given(strategies.drafts(), st.data())
def test_a_draft_and_its_record_have_the_same_keys(draft: Draft, data: st.DataObject) -> None:
    record = confirm(draft, data.draw(strategies.confirmations(draft.collected_at)))
    assert lookup_keys(draft) == lookup_keys(record)
