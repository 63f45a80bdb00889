"""The desk's rights answers start from every record the subject's details match."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from custrecords import (
    Channel,
    Colleague,
    Confirmation,
    ConfirmationMethod,
    ContactPoint,
    Customer,
    Desk,
    DisclosureRequest,
    Draft,
    EmailAddress,
    Guidelines,
    IdentityLevel,
    InvalidValue,
    MemoryAuditSink,
    MemoryRepository,
    PersonName,
    PhoneNumber,
    PostalAddress,
    Source,
    confirm,
)

AT = datetime(2026, 1, 30, 10, 0, tzinfo=UTC)
READ_BACK = Confirmation(by="agent-7", at=AT, how=ConfirmationMethod.READ_BACK)


def record(
    record_id: str,
    name: str,
    *,
    email: str | None = None,
    phone: str | None = None,
    postcode: str | None = None,
    born: date | None = None,
) -> Draft:
    points = []
    if email:
        points.append(ContactPoint(value=EmailAddress.parse(email)))
    if phone:
        points.append(ContactPoint(value=PhoneNumber.parse(phone)))
    return Draft(
        id=record_id,
        source=Source.CUSTOMER_PHONE,
        collected_by="agent-7",
        collected_at=AT,
        name=PersonName.parse(name),
        contact_points=tuple(points),
        addresses=(PostalAddress.parse(["1 High St"], postcode=postcode),) if postcode else (),
        date_of_birth=born,
    )


def desk_holding(*drafts: Draft) -> Desk:
    repository = MemoryRepository()
    for draft in drafts:
        repository.add(confirm(draft, READ_BACK))
    return Desk(Guidelines.uk_default(), repository, MemoryAuditSink())


# Paweł's record, and two more of him stored by other teams; and a neighbour.
PAWEL = record("C-1", "Paweł Kowalski", email="pawel.k@example.com", postcode="CF10 1AA")
AGAIN = record("C-2", "Mr Pawel Kowalski", postcode="cf101aa", phone="07400 123456")
BY_EMAIL = record("C-3", "P Kowalski", email="Pawel.K@example.com")
NEIGHBOUR = record("C-4", "Anna Nowak", postcode="CF10 1AA")


def access(requester: object, subject_id: str = "C-1") -> DisclosureRequest:
    return DisclosureRequest(
        id="R-1",
        requester=requester,  # type: ignore[arg-type]
        subject_id=subject_id,
        purpose="essential.service",
        fields=frozenset({"name"}),
        channel=Channel.PHONE,
        received_at=AT,
    )


def test_a_subject_access_request_lists_every_other_record_of_the_customer_and_why() -> None:
    desk = desk_holding(PAWEL, AGAIN, BY_EMAIL, NEIGHBOUR)
    answered = desk.request(access(Customer(verified=IdentityLevel.ONE_TIME_CODE)), now=AT)
    assert [
        (m.record_id, m.strength.value, [r.value for r in m.reasons]) for m in answered.candidates
    ] == [
        ("C-3", "likely", ["same_email"]),
        ("C-2", "possible", ["same_name_and_postcode"]),
    ]
    # Only the record asked about is disclosed: the others are for the agent to check.
    assert answered.disclosure is not None
    assert answered.disclosure.subject_id == "C-1"


def test_an_unverified_customer_still_starts_the_search_for_their_records() -> None:
    """The clock waits for their identity; finding every record can start now."""
    desk = desk_holding(PAWEL, AGAIN)
    answered = desk.request(access(Customer(verified=IdentityLevel.NONE)), now=AT)
    assert [m.record_id for m in answered.candidates] == ["C-2"]


def test_a_colleague_request_is_not_a_rights_request_and_lists_none() -> None:
    desk = desk_holding(PAWEL, AGAIN)
    colleague = Colleague(id="staff-9", role="billing", team="billing", case=None)
    assert desk.request(access(colleague), now=AT).candidates == ()


def test_no_record_no_candidates() -> None:
    desk = desk_holding(PAWEL, AGAIN)
    answered = desk.request(access(Customer(verified=IdentityLevel.ONE_TIME_CODE), "C-9"), now=AT)
    assert answered.candidates == ()


def test_candidates_for_an_erasure_request_start_from_the_id_given() -> None:
    desk = desk_holding(PAWEL, AGAIN, BY_EMAIL, NEIGHBOUR)
    assert [m.record_id for m in desk.candidates("C-2")] == ["C-1"]
    assert [m.record_id for m in desk.candidates("C-1")] == ["C-3", "C-2"]
    assert desk.candidates("C-9") == ()
    with pytest.raises(InvalidValue) as raised:
        desk.candidates("not an id!")
    assert raised.value.field == "subject_id"
