"""The audit trail covers rights work, and holds codes, ids and field names only.

A hash-chained log cannot be erased without breaking its chain, so personal data must
never reach it (UK GDPR Articles 5(1)(c) and 17). Rights requests are answered within a
month of receipt, extendable by two (Article 12(3)); an erasure (Article 17) and an
anonymisation (Recital 26) are evidence the controller keeps (Article 5(2)).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import assume, given

from custrecords import (
    AuditAction,
    AuditEvent,
    Channel,
    ContactPoint,
    Customer,
    CustomerRecord,
    Desk,
    DisclosureRequest,
    EmailAddress,
    Guidelines,
    IdentityLevel,
    Interaction,
    InteractionKind,
    InvalidValue,
    MemoryAuditSink,
    Note,
    PersonName,
    PhoneNumber,
    Provenance,
    RequestEventKind,
    RightKind,
    Source,
    SubjectRequest,
    anonymise,
    audit_anonymisation,
    audit_erasure,
    audit_request,
    erase,
)
from custrecords.adapters import MemoryRepository
from custrecords.testing import customer_records

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TEXTS = ("requester", "outcome", "subject_id", "request_id", "requester_id")


def event(**changes: object) -> AuditEvent:
    fields: dict[str, object] = {
        "at": NOW,
        "action": AuditAction.RIGHTS_REQUEST,
        "request_id": "Q1",
        "subject_id": "C1",
        "requester": "customer",
        "requester_id": "agent-7",
        "outcome": "received",
        "fields": frozenset({"name"}),
        "refused": frozenset({"notes"}),
        "rules": ("rights.access",),
        "counts": (("notes", 2),),
    }
    return AuditEvent(**{**fields, **changes})  # type: ignore[arg-type]


PERSONAL = [
    ("aisha.khan@example.com", {"not_a_code", "invalid_id"}),
    ("AISHA.KHAN@EXAMPLE.COM", {"not_a_code", "invalid_id"}),
    ("Aisha Khan", {"not_a_code", "invalid_id"}),
    ("4111111111111111", {"personal_data"}),  # a test Visa number: Luhn-valid
    ("4111-1111-1111-1111", {"personal_data"}),
    ("card:5555555555554444", {"personal_data"}),
    ("07700900123", {"personal_data"}),  # Ofcom's drama range, national form
    ("447700900123", {"personal_data"}),  # international form without the plus
    ("07700-900-123", {"personal_data"}),
    ("02079460000", {"personal_data"}),  # a London number
    ("JG103759A", {"personal_data"}),  # a National Insurance number (HMRC NIM39110 shape)
    ("00447400123456", {"personal_data"}),  # international form, dialled from the UK
    ("+447400123456", {"invalid_id", "not_a_code"}),
    ("0044-7400-123456", {"personal_data"}),
    ("AB-12-34-56-C", {"personal_data"}),  # a National Insurance number, as printed
    ("AB 12 34 56 C", {"invalid_id", "not_a_code"}),
    ("ab.12.34.56.c", {"personal_data"}),
    ("ni:AB_12_34_56_C", {"personal_data"}),
    ("GB82WEST12345698765432", {"personal_data"}),  # an IBAN: ISO 13616, mod 97
    ("gb82west12345698765432", {"personal_data"}),
    ("iban:DE89370400440532013000", {"personal_data"}),  # a German IBAN, 22 characters
    ("GB82-WEST-1234-5698-7654-32", {"personal_data"}),
    ("GB82WEST12345698765432:v2", {"personal_data"}),
    ("943-476-5919", {"personal_data"}),  # an NHS number in its groups: mod 11
    ("200000:12345678", {"personal_data"}),  # a sort code and an account number
    ("20-00-00-12345678", {"personal_data"}),
    ("20-00-00 12345678", {"invalid_id", "not_a_code"}),
]
# Personal data in a code, but also the shape of a host's numeric record id: HubSpot's
# contact ids are numbers of up to 12 digits, others' up to 19. Refused in the free
# codes (requester, outcome, fields, refused, rules, counts), accepted as an id.
PERSONAL_IN_CODES = [
    "7400123456",  # a UK mobile number that lost its leading zero in a spreadsheet
    "2079460000",  # a London number that lost it
    "9434765919",  # an NHS number: passes the NHS Data Dictionary's modulus 11 check
    "100000000000000008",  # Luhn-valid, but no card issuer's prefix (ISO/IEC 7812-1)
]
# Look-alikes that are codes and ids, and must stay accepted.
CODES = [
    "C-10293",
    "R-2026-0001",
    "disclosure.customer-verified",
    "matching.ruled_out.C-1",
    "4111111111111112",  # fails the Luhn check: not a card number
    "REP-100000000",
    "planned.email",
    "uk_gdpr.article_12_3",
    "QQ123456C",  # HMRC's specimen: QQ is never issued, so it is nobody's number
    "0034L00000017CI",  # a Salesforce id: 15 characters
    "0034L00000017CIQAY",  # and its 18-character form
    "C-1001",
    "rule.v2",
    "2026-11-30",
    "retention:2026-11-30:1",
    "GB82WEST12345698765433",  # an IBAN's shape, failing mod 97
    "GB82WEST123456987654",  # too short for a GB IBAN
    "943-476-5918",  # an NHS number's groups, failing modulus 11
    "v1.2.3-200000",
    "20261130101500",  # a timestamp: fourteen digits with no sort code's separator
    "123456789012",  # a HubSpot contact id: 12 digits
]


@pytest.mark.parametrize("name", TEXTS)
@pytest.mark.parametrize(("value", "codes"), PERSONAL)
def test_an_audit_event_refuses_personal_data_in_any_text(
    name: str, value: str, codes: set[str]
) -> None:
    """Articles 5(1)(c) and 17: what cannot be erased from the chain never enters it."""
    with pytest.raises(InvalidValue) as raised:
        event(**{name: value})
    assert raised.value.code in codes
    assert raised.value.field == f"audit_event.{name}"
    assert value not in str(raised.value)


@pytest.mark.parametrize(("value", "codes"), PERSONAL)
def test_an_audit_event_refuses_personal_data_among_its_names(value: str, codes: set[str]) -> None:
    for name, changed in (
        ("fields", frozenset({"name", value})),
        ("refused", frozenset({value})),
        ("rules", ("rights.access", value)),
        ("counts", ((value, 1),)),
    ):
        with pytest.raises(InvalidValue) as raised:
            event(**{name: changed})
        assert raised.value.code in codes | {"not_a_code"}
        assert raised.value.field == f"audit_event.{name}"


@pytest.mark.parametrize("value", PERSONAL_IN_CODES)
def test_bare_numbers_that_are_personal_data_are_refused_in_codes_but_not_in_ids(
    value: str,
) -> None:
    """A host's numeric record id may be any ten digits: only a code must not be one.

    Ofcom's National Telephone Numbering Plan (a national number without its 0), the
    NHS Data Dictionary's NHS number (modulus 11), ISO/IEC 7812-1 (the Luhn check).
    """
    for name, changed in (
        ("requester", value),
        ("outcome", value),
        ("fields", frozenset({value})),
        ("refused", frozenset({value})),
        ("rules", (f"rule:{value}",)),
        ("counts", ((value, 1),)),
    ):
        with pytest.raises(InvalidValue) as raised:
            event(**{name: changed})
        assert raised.value.code == "personal_data"
        assert raised.value.field == f"audit_event.{name}"
        assert value not in str(raised.value)
    for name in ("subject_id", "request_id", "requester_id"):
        assert getattr(event(**{name: value}), name) == value


@pytest.mark.parametrize("value", CODES)
def test_codes_and_ids_that_look_like_numbers_are_accepted(value: str) -> None:
    for name in TEXTS:
        assert getattr(event(**{name: value}), name) == value
    assert event(rules=(value,)).rules == (value,)


@pytest.mark.parametrize("counts", [(("notes", -1),), (("notes", "2"),), (("notes",),)])
def test_counts_are_parts_with_whole_numbers(counts: object) -> None:
    with pytest.raises(InvalidValue) as raised:
        event(counts=counts)
    assert (raised.value.code, raised.value.field) == ("wrong_type", "audit_event.counts")


@pytest.mark.parametrize(
    "counts", [(("notes", 1), ("interactions", 2)), (("notes", 1), ("notes", 2))]
)
def test_counts_name_each_part_once_in_order_so_one_erasure_hashes_one_way(
    counts: object,
) -> None:
    # The chain hashes counts as given: the same erasure listed two ways would link two ways.
    with pytest.raises(InvalidValue) as raised:
        event(counts=counts)
    assert (raised.value.code, raised.value.field) == ("duplicate", "audit_event.counts")


def test_an_event_without_counts_hashes_as_it_did_before_counts_existed() -> None:
    """A durable chain written before keeps verifying: its bytes are unchanged."""
    plain = event(counts=())
    assert set(json.loads(plain.canonical())) == {
        "at",
        "action",
        "request_id",
        "subject_id",
        "requester",
        "requester_id",
        "outcome",
        "fields",
        "refused",
        "rules",
    }
    assert json.loads(event().canonical())["counts"] == [["notes", 2]]


# --- rights requests -----------------------------------------------------------------------


def test_each_step_of_a_rights_request_is_audited() -> None:
    """Articles 12(3) and 12(5): receipt, identity, extension, completion or refusal."""
    request = SubjectRequest(
        id="Q1", subject_id="C1", right=RightKind.ERASURE, received_on=date(2026, 3, 2)
    )
    steps = [audit_request(request, at=NOW, by="agent-7")]
    for kind in (
        RequestEventKind.INFORMATION_REQUESTED,
        RequestEventKind.INFORMATION_ARRIVED,
        RequestEventKind.EXTENDED,
        RequestEventKind.COMPLETED,
    ):
        request = request.record(kind, date(2026, 3, 9))
        steps.append(audit_request(request, at=NOW, by="agent-7"))
    assert [(e.action, e.outcome, e.rules) for e in steps] == [
        (AuditAction.RIGHTS_REQUEST, "received", ("rights.erasure",)),
        (AuditAction.RIGHTS_REQUEST, "information_requested", ("rights.erasure",)),
        (AuditAction.RIGHTS_REQUEST, "information_arrived", ("rights.erasure",)),
        (AuditAction.RIGHTS_REQUEST, "extended", ("rights.erasure", "uk_gdpr.article_12_3")),
        (AuditAction.RIGHTS_REQUEST, "completed", ("rights.erasure",)),
    ]
    assert {(e.request_id, e.subject_id, e.requester_id) for e in steps} == {
        ("Q1", "C1", "agent-7")
    }
    refused = audit_request(
        attrs.evolve(request, events=()).record(RequestEventKind.REFUSED, date(2026, 3, 4)),
        at=NOW,
    )
    assert (refused.outcome, refused.rules) == (
        "refused",
        ("rights.erasure", "uk_gdpr.article_12_5"),
    )


def test_a_rights_request_audit_refuses_a_colleague_named_in_words() -> None:
    request = SubjectRequest(
        id="Q1", subject_id="C1", right=RightKind.ACCESS, received_on=date(2026, 3, 2)
    )
    with pytest.raises(InvalidValue) as raised:
        audit_request(request, at=NOW, by="Jo Bloggs")
    assert raised.value.code == "invalid_id"


ACCESS = SubjectRequest(
    id="Q1", subject_id="C1", right=RightKind.ACCESS, received_on=date(2024, 9, 3)
)


@pytest.mark.parametrize(
    ("today", "left", "overdue"),
    [
        # The ICO's example: received 3 September, due 3 October.
        (date(2024, 9, 3), 30, False),
        (date(2024, 10, 2), 1, False),
        (date(2024, 10, 3), 0, False),  # answered on the last day: in time
        (date(2024, 10, 4), -1, True),
        (date(2024, 11, 3), -31, True),
    ],
)
def test_days_left_and_overdue_count_to_the_article_12_3_deadline(
    today: date, left: int, overdue: bool
) -> None:
    """Article 12(3): one month from receipt, the ICO's way of counting."""
    assert ACCESS.days_left(today=today) == left
    assert ACCESS.is_overdue(today=today) is overdue


def test_an_extension_gives_two_more_months_before_a_request_is_overdue() -> None:
    """Article 12(3): extended, 3 September's request is due on 3 December."""
    extended = ACCESS.record(RequestEventKind.EXTENDED, date(2024, 9, 20))
    assert extended.days_left(today=date(2024, 10, 4)) == 60
    assert not extended.is_overdue(today=date(2024, 12, 3))
    assert extended.is_overdue(today=date(2024, 12, 4))


def test_no_days_are_counted_while_the_clock_is_stopped_or_after_an_answer() -> None:
    waiting = ACCESS.record(RequestEventKind.INFORMATION_REQUESTED, date(2024, 9, 4))
    assert waiting.days_left(today=date(2024, 12, 1)) is None
    assert not waiting.is_overdue(today=date(2024, 12, 1))
    done = ACCESS.record(RequestEventKind.COMPLETED, date(2024, 11, 1))
    assert done.days_left(today=date(2024, 12, 1)) is None
    assert not done.is_overdue(today=date(2024, 12, 1))
    with pytest.raises(InvalidValue) as raised:
        ACCESS.days_left(today=NOW)
    assert (raised.value.code, raised.value.field) == ("wrong_type", "today")


def test_the_desk_audits_an_access_requests_receipt_before_its_decision() -> None:
    repository = MemoryRepository()
    repository.add(aisha())
    audit = MemoryAuditSink()
    desk = Desk(Guidelines.uk_default(), repository, audit)
    request = DisclosureRequest(
        id="R-7",
        requester=Customer(verified=IdentityLevel.ONE_TIME_CODE),
        subject_id="C1",
        purpose="essential.service",
        fields=frozenset({"name"}),
        channel=Channel.PHONE,
        received_at=NOW,
    )
    desk.request(request, now=NOW)
    assert [(e.action, e.outcome) for e in audit.events] == [
        (AuditAction.RIGHTS_REQUEST, "received"),
        (AuditAction.DECISION, "allow"),
        (AuditAction.DISCLOSURE, "allow"),
    ]
    assert audit.events[0].rules == ("rights.access",)


# --- erasures and anonymisations -----------------------------------------------------------


def aisha() -> CustomerRecord:
    when = datetime(2020, 3, 2, 10, 0, tzinfo=UTC)
    return CustomerRecord(
        id="C1",
        name=PersonName.parse("Aisha Khan"),
        provenance=(
            Provenance(
                fields=frozenset({"name"}),
                source=Source.CUSTOMER_PHONE,
                collected_by="agent-7",
                collected_at=when,
            ),
        ),
        contact_points=(
            ContactPoint(value=EmailAddress.parse("aisha.khan@example.com"), verified=True),
            ContactPoint(value=PhoneNumber.parse("07400 123456"), verified=True),
        ),
        interactions=(
            Interaction(
                id="I1",
                at=when,
                channel=Channel.PHONE,
                kind=InteractionKind.ORDER,
                summary="Aisha Khan ordered a kettle; confirm to aisha.khan@example.com.",
            ),
        ),
        notes=(
            Note(id="N1", at=when, author="agent-7", text="Aisha prefers calls."),
            Note(id="N2", at=when, author="agent-7", text="Call 07400 123456 after 5."),
        ),
    )


def test_an_erasure_is_audited_by_rule_and_counts_never_values() -> None:
    """Article 17 and Article 5(2): the proof an erasure happened holds none of it."""
    record = aisha()
    erasure = erase(
        record,
        at=NOW,
        by="retention-job",
        reason="colleague notes kept two years",
        parts=frozenset({"notes", "phone_numbers"}),
        entries=("N1", "N2"),
    )
    audited = audit_erasure(record, erasure, rule="colleague-notes")
    assert (audited.action, audited.outcome, audited.subject_id, audited.requester_id) == (
        AuditAction.ERASURE,
        "erased",
        "C1",
        "retention-job",
    )
    assert audited.fields == {"notes", "phone_numbers"}
    assert audited.rules == ("colleague-notes",)
    assert audited.counts == (("notes", 2), ("phone_numbers", 1))
    whole = audit_erasure(
        record, erase(record, at=NOW, by="dpo", reason="request"), rule="rights.erasure"
    )
    assert whole.fields == {"record"}
    assert dict(whole.counts)["interactions"] == 1
    for text in ("Aisha", "aisha.khan@example.com", "07400", "+447400123456", "kettle"):
        assert text.encode() not in audited.canonical() + whole.canonical()


def test_an_erasure_by_someone_named_in_words_is_refused_by_the_audit() -> None:
    record = aisha()
    erasure = erase(record, at=NOW, by="Jo Bloggs", reason="request")
    with pytest.raises(InvalidValue) as raised:
        audit_erasure(record, erasure, rule="rights.erasure")
    assert (raised.value.code, raised.value.field) == ("invalid_id", "audit_event.requester_id")
    with pytest.raises(InvalidValue) as other:
        audit_erasure(attrs.evolve(record, id="C2"), erasure, rule="rights.erasure")
    assert other.value.code == "wrong_record"


def test_an_anonymisation_is_audited_without_the_anonymous_records_id() -> None:
    """Recital 26: linking the anonymous record to the customer's would identify it."""
    record = aisha()
    anonymous = anonymise(record, id="A-91c2", at=NOW)
    audited = audit_anonymisation(
        record, anonymous, at=NOW, by="retention-job", rule="contract-records"
    )
    assert (audited.action, audited.outcome, audited.rules) == (
        AuditAction.ANONYMISATION,
        "anonymised",
        ("contract-records",),
    )
    counts = dict(audited.counts)
    assert counts["notes"] == 2
    assert counts["interactions"] == 1
    assert counts["email_addresses"] == 1
    assert counts["redactions"] >= 3
    assert b"A-91c2" not in audited.canonical()
    assert b"Aisha" not in audited.canonical()


@given(customer_records())
def test_no_erasure_or_anonymisation_audit_holds_a_value_of_the_record(
    record: CustomerRecord,
) -> None:
    """Articles 5(1)(c) and 17, for any record."""
    assume(not record.is_held(NOW))
    assume(not any(i.is_open_case_at(NOW) for i in record.interactions))
    values = [point.value.normalized for point in record.contact_points]
    if record.name is not None:
        values += [part for part in record.name.full.split() if len(part) > 3]
    events = [
        audit_erasure(record, erase(record, at=NOW, by="dpo", reason="r"), rule="rights.erasure"),
        audit_anonymisation(
            record, anonymise(record, id="A-1", at=NOW), at=NOW, by="job", rule="rule-1"
        ),
    ]
    for audited in events:
        text = audited.canonical().decode()
        for value in values:
            assert f'"{value}"' not in text


def test_an_event_with_counts_round_trips_through_the_converter() -> None:
    from custrecords import converter

    assert converter.structure(converter.unstructure(event()), AuditEvent) == event()
