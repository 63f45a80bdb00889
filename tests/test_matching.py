"""Tests for custrecords.matching: new customer, or one already known."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    Confirmation,
    ConfirmationMethod,
    ContactPoint,
    CustomerRecord,
    Draft,
    EmailAddress,
    InvalidValue,
    MatchReason,
    MatchStrength,
    MemoryRepository,
    PersonName,
    PhoneNumber,
    PostalAddress,
    Source,
    confirm,
    find_matches,
)
from custrecords import testing as strategies

AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
READ_BACK = Confirmation(by="agent-7", at=AT, how=ConfirmationMethod.READ_BACK)


def draft(
    record_id: str = "C-new",
    *,
    name: str | None = "Jane Doe",
    email: str | None = None,
    verified: bool = False,
    phone: str | None = None,
    postcode: str | None = None,
    born: date | None = None,
) -> Draft:
    points = []
    if email:
        points.append(ContactPoint(value=EmailAddress.parse(email), verified=verified))
    if phone:
        points.append(ContactPoint(value=PhoneNumber.parse(phone)))
    addresses = (PostalAddress.parse(["1 High Street"], postcode=postcode),) if postcode else ()
    return Draft(
        id=record_id,
        source=Source.CUSTOMER_PHONE,
        collected_by="agent-7",
        collected_at=AT,
        name=None if name is None else PersonName.parse(name),
        contact_points=tuple(points),
        addresses=addresses,
        date_of_birth=born,
    )


def stored(*records: CustomerRecord) -> MemoryRepository:
    repository = MemoryRepository()
    for record in records:
        repository.add(record)
    return repository


def reasons_and_strength(
    new: Draft, repository: MemoryRepository
) -> list[tuple[str, str, list[str]]]:
    return [
        (m.record_id, m.strength.value, [r.value for r in m.reasons])
        for m in find_matches(new, repository)
    ]


def test_the_same_verified_email_written_differently_is_a_strong_match() -> None:
    known = confirm(draft("C-1", email="jane.doe@example.com", verified=True), READ_BACK)
    new = draft(name="J Doe", email="Jane.Doe@Example.com")
    assert reasons_and_strength(new, stored(known)) == [("C-1", "strong", ["same_verified_email"])]


def test_an_unverified_email_is_only_likely() -> None:
    known = confirm(draft("C-1", email="jane.doe@example.com"), READ_BACK)
    new = draft(name="Someone Else", email="jane.doe@example.com", verified=True)
    assert reasons_and_strength(new, stored(known)) == [("C-1", "likely", ["same_email"])]


def test_the_same_mobile_written_two_ways_is_likely() -> None:
    known = confirm(draft("C-1", phone="+44 7400 123456"), READ_BACK)
    new = draft(name="Someone Else", phone="07400 123456")
    assert reasons_and_strength(new, stored(known)) == [("C-1", "likely", ["same_mobile"])]


def test_a_shared_landline_is_only_possible() -> None:
    known = confirm(draft("C-1", phone="029 2018 0000"), READ_BACK)
    new = draft(name="Someone Else", phone="+44 29 2018 0000")
    assert reasons_and_strength(new, stored(known)) == [("C-1", "possible", ["same_phone"])]


def test_name_with_postcode_and_name_with_birth_date() -> None:
    at_home = confirm(draft("C-1", name="Siobhán O'Brien", postcode="CF10 1AA"), READ_BACK)
    born = confirm(draft("C-2", name="Siobhan OBrien", born=date(1985, 2, 28)), READ_BACK)
    new = draft(name="siobhan o'brien", postcode="cf101aa", born=date(1985, 2, 28))
    assert reasons_and_strength(new, stored(at_home, born)) == [
        ("C-2", "likely", ["same_name_and_birth_date"]),
        ("C-1", "possible", ["same_name_and_postcode"]),
    ]


def test_two_reasons_make_a_strong_match_and_come_first() -> None:
    both = confirm(
        draft("C-9", name="Jane Doe", phone="029 2018 0000", postcode="CF10 1AA"), READ_BACK
    )
    phone_only = confirm(draft("C-1", name="Ann Other", phone="029 2018 0000"), READ_BACK)
    new = draft(name="Jane Doe", phone="029 2018 0000", postcode="CF10 1AA")
    assert reasons_and_strength(new, stored(phone_only, both)) == [
        ("C-9", "strong", ["same_name_and_postcode", "same_phone"]),
        ("C-1", "possible", ["same_phone"]),
    ]


def test_nothing_in_common_is_no_match() -> None:
    known = confirm(
        draft("C-1", email="jane.doe@example.com", phone="07400 123456", postcode="CF10 1AA"),
        READ_BACK,
    )
    new = draft(
        name="Jane Doe", email="jane.doe@example.org", phone="07400 123457", postcode="CF10 1AB"
    )
    assert find_matches(new, stored(known)) == ()


def test_a_record_is_never_its_own_match() -> None:
    known = confirm(draft("C-1", email="jane.doe@example.com"), READ_BACK)
    assert find_matches(known, stored(known)) == ()


def test_the_match_names_the_version_to_update_from() -> None:
    known = confirm(draft("C-1", email="jane.doe@example.com"), READ_BACK)
    (match,) = find_matches(draft(email="jane.doe@example.com"), stored(known))
    assert (match.version, match.strength) == (1, MatchStrength.LIKELY)
    assert match.reasons == (MatchReason.SAME_EMAIL,)


def test_find_matches_needs_a_draft() -> None:
    with pytest.raises(InvalidValue) as raised:
        find_matches("jane@example.com", MemoryRepository())  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == ("wrong_type", "draft")


@given(strategies.customer_records(), st.data())
def test_a_stored_customer_is_found_by_a_draft_holding_any_of_their_keys(
    record: CustomerRecord, data: st.DataObject
) -> None:
    """Whatever one identifying detail the agent captures again, the customer is found."""
    points = record.contact_points
    if not points:
        return
    point = data.draw(st.sampled_from(points))
    new = attrs.evolve(
        draft("C-new-" + record.id),
        name=None,
        contact_points=(attrs.evolve(point, preferred=False),),
    )
    matches = find_matches(new, stored(record))
    assert [m.record_id for m in matches] == [record.id]
    assert matches[0].strength is not MatchStrength.POSSIBLE or isinstance(point.value, PhoneNumber)


def test_a_polish_letter_typed_without_it_and_a_title_in_the_name_still_match() -> None:
    """The misses the issue reported: ``ł`` typed as ``l`` on the phone, ``Mr`` typed in."""
    known = confirm(draft("C-1", name="Paweł Kowalski", postcode="CF10 1AA"), READ_BACK)
    new = draft(name="Mr Pawel Kowalski", postcode="cf10 1aa")
    assert reasons_and_strength(new, stored(known)) == [
        ("C-1", "possible", ["same_name_and_postcode"])
    ]


def test_half_a_double_barrelled_surname_with_the_birth_date_is_likely() -> None:
    known = confirm(draft("C-1", name="Jane Smith-Jones", born=date(1985, 2, 28)), READ_BACK)
    new = draft(name="Mrs Jane Jones", born=date(1985, 2, 28))
    assert reasons_and_strength(new, stored(known)) == [
        ("C-1", "likely", ["same_name_and_birth_date"])
    ]
