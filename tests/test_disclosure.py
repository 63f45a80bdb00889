"""Disclosure: deny by default, exactly the granted fields, and an audit trail that holds."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    AccessibilityNeed,
    AuditAction,
    AuditEvent,
    AuditSink,
    Authority,
    AuthorityKind,
    Channel,
    Colleague,
    ContactPoint,
    Customer,
    CustomerRecord,
    Decision,
    DecisionOutcome,
    DisclosureRequest,
    EmailAddress,
    Guidelines,
    IdentityLevel,
    InvalidValue,
    MemoryAuditSink,
    NeedKind,
    Note,
    Organisation,
    PersonName,
    PhoneNumber,
    PostalAddress,
    Provenance,
    RecordStatus,
    Representative,
    Requester,
    Source,
    audit_decision,
    audit_disclosure,
    authorise,
    disclose,
)
from custrecords.taxonomy import RECORD_FIELDS
from custrecords.testing import customer_records, requesters

UK = Guidelines.uk_default()
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
SERVICE = "essential.service"
BILLING = "essential.service.payment_processing"


def customer_record(**changes: object) -> CustomerRecord:
    return CustomerRecord(
        id="C1",
        provenance=(
            Provenance(
                fields=frozenset({"name"}),
                source=Source.CUSTOMER_PHONE,
                collected_by="agent-7",
                collected_at=datetime(2024, 1, 5, 9, 0, tzinfo=UTC),
            ),
        ),
        name=PersonName.parse("Aisha Khan"),
        contact_points=(
            ContactPoint(value=EmailAddress.parse("aisha.khan@example.com"), verified=True),
            ContactPoint(value=PhoneNumber.parse("07400 123456"), verified=True),
        ),
        addresses=(PostalAddress.parse(["12 Acacia Avenue"], town="Leeds", postcode="LS6 2AB"),),
        accessibility_needs=(AccessibilityNeed(kind=NeedKind.LARGE_PRINT),),
        notes=(
            Note(
                id="N1",
                at=datetime(2026, 1, 2, tzinfo=UTC),
                author="agent-7",
                text="Paid with card 4111 1111 1111 1111.",
            ),
        ),
        **changes,  # type: ignore[arg-type]
    )


def ask(
    requester: Requester,
    fields: set[str],
    purpose: str = SERVICE,
    channel: Channel = Channel.PHONE,
) -> DisclosureRequest:
    return DisclosureRequest(
        id="R1",
        requester=requester,
        subject_id="C1",
        purpose=purpose,
        fields=frozenset(fields),
        channel=channel,
        received_at=NOW,
    )


def decide(request: DisclosureRequest, record: CustomerRecord | None = None) -> Decision:
    return authorise(request, record or customer_record(), UK, now=NOW)


def test_a_verified_customer_is_given_their_own_information() -> None:
    request = ask(Customer(verified=IdentityLevel.ONE_TIME_CODE), {"name", "addresses"})
    decision = decide(request)
    assert decision.outcome is DecisionOutcome.ALLOW
    assert decision.fields == {"name", "addresses"}
    assert {r.rule for r in decision.reasons} == {"disclosure.customer-verified"}
    view = disclose(decision, customer_record())
    assert [(f.field, f.lines) for f in view.fields] == [
        ("addresses", ("12 Acacia Avenue, Leeds, LS6 2AB",)),
        ("name", ("Aisha Khan",)),
    ]


def test_security_questions_alone_give_contact_details_only_in_part() -> None:
    request = ask(
        Customer(verified=IdentityLevel.KNOWLEDGE), {"addresses", "phone_numbers", "date_of_birth"}
    )
    decision = decide(request)
    assert decision.outcome is DecisionOutcome.ALLOW
    assert decision.fields == {"addresses", "phone_numbers"}
    assert decision.masked == {"addresses", "phone_numbers"}
    assert [(r.code, r.message.split(":")[0]) for r in decision.reasons][-1] == (
        "not_granted",
        "date_of_birth",
    )
    view = disclose(decision, customer_record())
    assert [(f.field, f.lines, f.masked) for f in view.fields] == [
        ("addresses", ("LS6",), True),
        ("phone_numbers", ("+*********456",), True),
    ]


def test_an_unverified_caller_gets_nothing_and_learns_nothing() -> None:
    """A spouse ringing without authority is an unverified caller."""
    request = ask(Customer(verified=IdentityLevel.NONE), {"addresses"})
    with_record = authorise(request, customer_record(), UK, now=NOW)
    without = authorise(request, None, UK, now=NOW)
    assert with_record == without
    assert with_record.outcome is DecisionOutcome.DENY
    assert [r.code for r in with_record.reasons] == ["unverified"]


def test_a_refusal_to_someone_not_entitled_does_not_reveal_whether_the_customer_exists() -> None:
    request = ask(
        Colleague(id="S1", role="marketing", team="growth"), {"name"}, channel=Channel.INTRANET
    )
    assert authorise(request, customer_record(), UK, now=NOW) == authorise(
        request, None, UK, now=NOW
    )
    entitled = ask(
        Colleague(id="S2", role="billing", team="accounts"), {"name"}, BILLING, Channel.INTRANET
    )
    assert [r.code for r in authorise(entitled, None, UK, now=NOW).reasons] == ["not_found"]


def test_a_power_of_attorney_acts_within_its_scope_and_term() -> None:
    attorney = Representative(
        id="REP-1",
        authority=AuthorityKind.LPA_PROPERTY_AND_FINANCIAL_AFFAIRS,
        scope=frozenset({BILLING}),
        verified=IdentityLevel.DOCUMENTS,
        expires=date(2027, 1, 31),
    )
    allowed = decide(ask(attorney, {"name", "interactions", "notes"}, BILLING, Channel.LETTER))
    assert allowed.outcome is DecisionOutcome.ALLOW
    assert allowed.fields == {"name", "interactions"}
    outside = decide(ask(attorney, {"accessibility_needs"}, SERVICE, Channel.LETTER))
    assert [r.code for r in outside.reasons] == ["outside_authority"]
    expired = attrs.evolve(attorney, expires=date(2026, 11, 22))
    assert [r.code for r in decide(ask(expired, {"name"}, BILLING, Channel.LETTER)).reasons] == [
        "authority_expired"
    ]


def test_a_billing_colleague_does_not_see_accessibility_or_health_notes() -> None:
    billing = Colleague(id="S2", role="billing", team="accounts", case="CASE-9")
    decision = decide(
        ask(
            billing,
            {"name", "addresses", "accessibility_needs", "notes"},
            BILLING,
            Channel.INTRANET,
        )
    )
    assert decision.outcome is DecisionOutcome.ALLOW
    assert decision.fields == {"name", "addresses"}
    service = Colleague(id="S3", role="service", team="care")
    assert (
        "accessibility_needs"
        in decide(ask(service, {"accessibility_needs"}, SERVICE, Channel.INTRANET)).fields
    )
    # By phone, not the intranet: no rule gives it that way.
    assert decide(ask(billing, {"name"}, BILLING, Channel.PHONE)).outcome is DecisionOutcome.DENY


def test_a_police_request_goes_to_the_data_protection_officer() -> None:
    police = Authority(
        name="West Yorkshire Police",
        legal_basis="DPA 2018 Schedule 2 paragraph 2",
        reference="WYP-2026-118",
    )
    decision = decide(
        ask(police, {"name", "addresses"}, "third_party_sharing.legal_obligation", Channel.EMAIL)
    )
    assert (decision.outcome, decision.refer_to, decision.fields) == (
        DecisionOutcome.REFER,
        "dpo",
        frozenset(),
    )
    assert [r.rule for r in decision.reasons] == ["disclosure.police-and-authorities"]
    no_basis = attrs.evolve(police, legal_basis="")
    assert [
        r.code
        for r in decide(
            ask(no_basis, {"name"}, "third_party_sharing.legal_obligation", Channel.EMAIL)
        ).reasons
    ] == ["no_legal_basis"]


def test_another_organisation_needs_an_agreement() -> None:
    agency = Organisation(name="Debt Recovery Ltd")
    assert [
        r.code for r in decide(ask(agency, {"name"}, "third_party_sharing", Channel.EMAIL)).reasons
    ] == ["no_agreement"]
    with_agreement = attrs.evolve(agency, agreement="DSA-2025-04")
    assert (
        decide(ask(with_agreement, {"name"}, "third_party_sharing", Channel.EMAIL)).refer_to
        == "dpo"
    )


def test_a_request_on_a_restricted_record_is_referred() -> None:
    restricted = customer_record(status=RecordStatus.RESTRICTED)
    decision = decide(ask(Customer(verified=IdentityLevel.DOCUMENTS), {"name"}), restricted)
    assert (decision.outcome, decision.refer_to) == (DecisionOutcome.REFER, "dpo")
    assert [r.code for r in decision.reasons] == ["restricted"]


def test_free_text_is_given_out_with_card_numbers_redacted() -> None:
    service = Colleague(id="S3", role="service", team="care")
    decision = decide(ask(service, {"notes"}, SERVICE, Channel.INTRANET))
    view = disclose(decision, customer_record())
    assert view.fields[0].lines == ("Paid with card [REDACTED:user.financial.credit_card].",)


def test_a_denied_decision_discloses_nothing() -> None:
    decision = decide(ask(Customer(verified=IdentityLevel.NONE), {"name"}))
    assert disclose(decision, customer_record()).fields == ()


def test_bad_input_is_refused() -> None:
    with pytest.raises(InvalidValue) as raised:
        ask(Customer(verified=IdentityLevel.NONE), {"card_number"})
    assert (raised.value.code, raised.value.field) == ("unknown_field", "request.fields")
    request = ask(Customer(verified=IdentityLevel.DOCUMENTS), {"name"})
    other = attrs.evolve(customer_record(), id="C2")
    with pytest.raises(InvalidValue) as raised:
        authorise(request, other, UK, now=NOW)
    assert raised.value.code == "wrong_record"
    with pytest.raises(InvalidValue) as raised:
        Representative(
            id="R", authority=AuthorityKind.PARENT, scope=frozenset(), verified=IdentityLevel.NONE
        )
    assert raised.value.field == "representative.scope"


# --- the audit trail -----------------------------------------------------------------------


def test_decisions_and_disclosures_become_audit_events_without_values() -> None:
    request = ask(Customer(verified=IdentityLevel.ONE_TIME_CODE), {"name", "notes"})
    decision = decide(request)
    view = disclose(decision, customer_record())
    sink = MemoryAuditSink()
    assert isinstance(sink, AuditSink)
    sink.append(audit_decision(request, decision))
    sink.append(audit_disclosure(request, view, at=NOW))
    first, second = sink.events
    assert (first.outcome, first.fields, first.refused, first.rules) == (
        "allow",
        frozenset({"name"}),
        frozenset({"notes"}),
        ("disclosure.customer-verified", "safeguard.deny_by_default"),
    )
    assert second.action.value == "disclosure"
    assert "Aisha" not in repr(sink.events)
    assert b"Aisha" not in first.canonical()
    assert sink.verify(head=sink.head)


def test_the_hash_chain_detects_an_altered_removed_or_reordered_event() -> None:
    sink = MemoryAuditSink()
    for number in range(4):
        sink.append(
            AuditEvent(
                at=NOW,
                action=AuditAction.DECISION,
                request_id=f"R{number}",
                subject_id="C1",
                requester="customer",
                outcome="deny",
            )
        )
    head = sink.head
    assert sink.verify(head=head)
    chain = sink._chain
    original = list(chain)
    chain[1] = (attrs.evolve(chain[1][0], outcome="allow"), chain[1][1])
    assert not sink.verify()
    chain[:] = original
    del chain[2]
    assert not sink.verify()
    chain[:] = original
    chain[1], chain[2] = chain[2], chain[1]
    assert not sink.verify()
    chain[:] = original[:-1]
    assert sink.verify()  # the links still hold...
    assert not sink.verify(head=head)  # ...but the head kept elsewhere shows the cut


# --- properties ----------------------------------------------------------------------------

REQUESTERS = requesters()
PURPOSES = st.sampled_from(
    [
        SERVICE,
        BILLING,
        "essential.service.operations.support",
        "marketing.communications.email",
        "third_party_sharing",
        "third_party_sharing.legal_obligation",
    ]
)


@given(
    customer_records(),
    REQUESTERS,
    st.sets(st.sampled_from(sorted(RECORD_FIELDS)), min_size=1),
    PURPOSES,
    st.sampled_from(Channel),
)
def test_a_decision_never_grants_more_than_was_asked_nor_discloses_more_than_it_granted(
    record: CustomerRecord, requester: Requester, fields: set[str], purpose: str, channel: Channel
) -> None:
    """Least data (UK GDPR Article 5(1)(c)): nothing beyond the request or the decision."""
    request = DisclosureRequest(
        id="R1",
        requester=requester,
        subject_id=record.id,
        purpose=purpose,
        fields=frozenset(fields),
        channel=channel,
        received_at=NOW,
    )
    decision = authorise(request, record, UK, now=NOW)
    assert decision.fields <= request.fields
    assert decision.masked <= decision.fields
    if decision.outcome is not DecisionOutcome.ALLOW:
        assert decision.fields == frozenset()
    view = disclose(decision, record)
    assert view.field_names <= decision.fields
    if (
        isinstance(requester, Customer | Representative)
        and requester.verified is IdentityLevel.NONE
    ):
        assert decision.outcome is DecisionOutcome.DENY
    assert all(reason.rule for reason in decision.reasons)


@given(customer_records(), st.sets(st.sampled_from(sorted(RECORD_FIELDS)), min_size=1))
def test_a_denied_field_never_appears_in_a_disclosure(
    record: CustomerRecord, fields: set[str]
) -> None:
    """What a billing colleague is refused is absent from what they are given, values and all."""
    billing = Colleague(id="S2", role="billing", team="accounts")
    request = DisclosureRequest(
        id="R1",
        requester=billing,
        subject_id=record.id,
        purpose=BILLING,
        fields=frozenset(fields),
        channel=Channel.INTRANET,
        received_at=NOW,
    )
    view = disclose(authorise(request, record, UK, now=NOW), record)
    assert not view.field_names & {"accessibility_needs", "notes", "date_of_birth", "phone_numbers"}
