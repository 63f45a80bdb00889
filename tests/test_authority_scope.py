"""An authority covers what its kind of authority covers, and no more.

Mental Capacity Act 2005 s9(1): a lasting power of attorney is either for personal
welfare (health and welfare) or for property and affairs (property and financial
affairs); s11 limits welfare attorneys, s16 gives the Court of Protection deputies of
either kind (ss17, 18). Adults with Incapacity (Scotland) Act 2000 s15 (continuing
powers: property and financial affairs) and s16 (welfare powers). Ordinary powers of
attorney (Powers of Attorney Act 1971 s10) and third-party mandates reach an account's
finances only. UK GDPR Article 9(1): special-category data goes out only under a rule
that names it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    AccessibilityNeed,
    AuthorityKind,
    Channel,
    Colleague,
    CustomerRecord,
    Decision,
    DecisionOutcome,
    DisclosureRequest,
    Guidelines,
    IdentityLevel,
    Interaction,
    InteractionKind,
    NeedKind,
    Note,
    PersonName,
    PostalAddress,
    Provenance,
    Representative,
    Requester,
    Source,
    authorise,
    converter,
    disclose,
)
from custrecords.taxonomy import RECORD_FIELDS

UK = Guidelines.uk_default()
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
SERVICE = "essential.service"
BILLING = "essential.service.payment_processing"

FINANCIAL_ONLY = [
    AuthorityKind.LPA_PROPERTY_AND_FINANCIAL_AFFAIRS,  # MCA 2005 s9(1)(b)
    AuthorityKind.ENDURING_POWER_OF_ATTORNEY,  # MCA 2005 Schedule 4
    AuthorityKind.ORDINARY_POWER_OF_ATTORNEY,  # Powers of Attorney Act 1971 s10
    AuthorityKind.PROPERTY_AND_AFFAIRS_DEPUTY,  # MCA 2005 ss16(2)(b), 18
    AuthorityKind.THIRD_PARTY_MANDATE,
    AuthorityKind.CONTINUING_POWER_OF_ATTORNEY,  # AWI(S)A 2000 s15
]
WELFARE_ONLY = [
    AuthorityKind.LPA_HEALTH_AND_WELFARE,  # MCA 2005 ss9(1)(a), 11
    AuthorityKind.PERSONAL_WELFARE_DEPUTY,  # MCA 2005 ss16(2)(b), 17
    AuthorityKind.WELFARE_POWER_OF_ATTORNEY,  # AWI(S)A 2000 s16
]
BOTH = [
    AuthorityKind.CONTINUING_AND_WELFARE_POWER_OF_ATTORNEY,  # AWI(S)A 2000 ss15, 16
    AuthorityKind.WRITTEN_AUTHORITY,
    AuthorityKind.PARENT,
]
UNRECORDED = [AuthorityKind.POWER_OF_ATTORNEY, AuthorityKind.DEPUTYSHIP]

SPECIAL_FIELDS = {"accessibility_needs"}  # user.health in the default catalogue
FINANCIAL_FIELDS = {"interactions"}  # user.behavior.purchase_history: orders and payments


def record() -> CustomerRecord:
    when = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    return CustomerRecord(
        id="C1",
        provenance=(
            Provenance(
                fields=frozenset({"name"}),
                source=Source.CUSTOMER_PHONE,
                collected_by="agent-7",
                collected_at=when,
            ),
        ),
        name=PersonName.parse("Margaret Lewis"),
        addresses=(PostalAddress.parse(["3 Mill Lane"], town="Leeds", postcode="LS6 2AB"),),
        accessibility_needs=(
            AccessibilityNeed(kind=NeedKind.LARGE_PRINT, detail="macular degeneration"),
        ),
        interactions=(
            Interaction(
                id="I1",
                at=when,
                channel=Channel.PHONE,
                kind=InteractionKind.PAYMENT,
                summary="Payment plan agreed: she was diagnosed with dementia in May.",
            ),
        ),
        notes=(
            Note(
                id="N1",
                at=when,
                author="agent-7",
                text="Daughter says she is a Jehovah's Witness and has diabetes.",
            ),
        ),
    )


def representative(kind: AuthorityKind, *scope: str) -> Representative:
    return Representative(
        id="REP-1",
        authority=kind,
        scope=frozenset(scope or {SERVICE}),
        verified=IdentityLevel.DOCUMENTS,
    )


def ask(requester: Requester, fields: set[str], purpose: str = SERVICE) -> DisclosureRequest:
    return DisclosureRequest(
        id="R1",
        requester=requester,
        subject_id="C1",
        purpose=purpose,
        fields=frozenset(fields),
        channel=Channel.LETTER if isinstance(requester, Representative) else Channel.INTRANET,
        received_at=NOW,
    )


def decide(request: DisclosureRequest) -> Decision:
    return authorise(request, record(), UK, now=NOW)


@pytest.mark.parametrize("kind", FINANCIAL_ONLY)
def test_a_property_and_financial_affairs_authority_gets_no_health_and_welfare_information(
    kind: AuthorityKind,
) -> None:
    """MCA 2005 s9(1)(b), s18; AWI(S)A 2000 s15: finances only, whatever the scope names."""
    attorney = representative(kind, SERVICE)
    decision = decide(ask(attorney, {"name", "accessibility_needs", "interactions"}))
    assert decision.outcome is DecisionOutcome.ALLOW
    assert decision.fields == {"name", "interactions"}
    assert decision.special_categories == frozenset()
    assert [(r.code, r.message.split(":")[0]) for r in decision.reasons][-1] == (
        "outside_authority_kind",
        "accessibility_needs",
    )
    view = disclose(decision, record())
    (payments,) = [item.lines for item in view.fields if item.field == "interactions"]
    assert "dementia" not in payments[0]
    assert "[REDACTED:user.health.medical_diagnosis]" in payments[0]
    assert "Payment plan agreed" in payments[0]


@pytest.mark.parametrize("kind", FINANCIAL_ONLY)
def test_health_information_alone_is_refused_to_a_financial_authority(kind: AuthorityKind) -> None:
    """MCA 2005 s9(1)(b): a request for health information only is refused outright."""
    decision = decide(ask(representative(kind, SERVICE), {"accessibility_needs"}))
    assert decision.outcome is DecisionOutcome.DENY
    assert [(r.code, r.rule) for r in decision.reasons] == [
        ("outside_authority_kind", "safeguard.authority_kind")
    ]


@pytest.mark.parametrize("kind", WELFARE_ONLY)
def test_a_health_and_welfare_authority_gets_no_finances(kind: AuthorityKind) -> None:
    """MCA 2005 ss9(1)(a), 11, 17; AWI(S)A 2000 s16: no payments, whatever the scope names."""
    attorney = representative(kind, SERVICE, BILLING)
    billing = decide(ask(attorney, {"name", "interactions"}, BILLING))
    assert billing.outcome is DecisionOutcome.DENY
    assert [r.code for r in billing.reasons] == ["outside_authority_kind"]
    service = decide(ask(attorney, {"name", "accessibility_needs", "interactions"}))
    assert service.outcome is DecisionOutcome.ALLOW
    assert service.fields == {"name", "accessibility_needs"}
    assert service.special_categories == {"user.health"}
    assert "outside_authority_kind" in {r.code for r in service.reasons}
    view = disclose(service, record())
    assert [(item.field, item.lines) for item in view.fields] == [
        ("accessibility_needs", ("kind: large_print; detail: macular degeneration",)),
        ("name", ("Margaret Lewis",)),
    ]


@pytest.mark.parametrize("kind", BOTH)
def test_a_combined_power_or_the_customers_own_authority_reaches_both(kind: AuthorityKind) -> None:
    """AWI(S)A 2000 ss15-16 in one document; the customer's own written authority."""
    attorney = representative(kind, SERVICE, BILLING)
    assert decide(ask(attorney, {"interactions"}, BILLING)).fields == {"interactions"}
    service = decide(ask(attorney, {"accessibility_needs", "interactions"}))
    assert service.fields == {"accessibility_needs", "interactions"}
    view = disclose(service, record())
    (payments,) = [item.lines for item in view.fields if item.field == "interactions"]
    assert "dementia" in payments[0]  # the rule names user.health, and the authority reaches it


@pytest.mark.parametrize("kind", UNRECORDED)
def test_an_authority_of_unrecorded_kind_reaches_neither_finances_nor_welfare(
    kind: AuthorityKind,
) -> None:
    """Deny by default: an LPA of either kind, or a deputy of either kind, may be this one."""
    attorney = representative(kind, SERVICE, BILLING)
    assert decide(ask(attorney, {"name"}, BILLING)).outcome is DecisionOutcome.DENY
    decision = decide(ask(attorney, {"name", "accessibility_needs", "interactions"}))
    assert decision.fields == {"name"}


def test_special_category_words_go_out_only_under_a_rule_that_names_them() -> None:
    """UK GDPR Article 9(1): a rule that grants no special-category field lets none out.

    The billing colleagues' rule grants interactions but no health field: the payment
    note's diagnosis is redacted. The service colleagues' rule grants accessibility
    needs (user.health): health words stay, but a religious belief, which it does not
    name, is redacted.
    """
    billing = decide(
        ask(Colleague(id="S-1", role="billing", team="accounts"), {"interactions"}, BILLING)
    )
    assert billing.special_categories == frozenset()
    (payments,) = disclose(billing, record()).fields
    assert "dementia" not in payments.lines[0]
    service = decide(ask(Colleague(id="S-2", role="service", team="care"), {"notes"}))
    assert service.special_categories == {"user.health"}
    (notes,) = disclose(service, record()).fields
    assert notes.lines == (
        "Daughter says she is a [REDACTED:user.demographic.religious_belief] and has diabetes.",
    )


def test_a_decision_with_special_categories_round_trips_through_the_converter() -> None:
    decision = decide(ask(representative(AuthorityKind.LPA_HEALTH_AND_WELFARE), {"name"}))
    assert converter.structure(converter.unstructure(decision), Decision) == decision


@given(
    kind=st.sampled_from(AuthorityKind),
    fields=st.sets(st.sampled_from(sorted(RECORD_FIELDS)), min_size=1),
    purpose=st.sampled_from([SERVICE, BILLING]),
)
def test_no_representative_is_given_more_than_their_kind_of_authority_covers(
    kind: AuthorityKind, fields: set[str], purpose: str
) -> None:
    """MCA 2005 ss9-11, 16-18; AWI(S)A 2000 ss15-16, whatever the request and scope."""
    decision = decide(ask(representative(kind, SERVICE, BILLING), fields, purpose))
    if not kind.covers_welfare:
        assert not decision.fields & SPECIAL_FIELDS
        assert decision.special_categories == frozenset()
    if not kind.covers_finances:
        assert not decision.fields & FINANCIAL_FIELDS
        assert purpose != BILLING or decision.outcome is DecisionOutcome.DENY


@pytest.mark.parametrize("kind", list(AuthorityKind))
def test_a_payments_request_names_no_special_category_its_granting_rule_does_not_grant(
    kind: AuthorityKind,
) -> None:
    """UK GDPR Article 9(1); MCA 2005 s9: the kind of authority narrows, never widens.

    The payments rule grants no health field. A wider service rule that also matches
    (its purpose covers payments) but grants none of the fields asked for names no
    special category: the health words in the payment note are redacted for every kind.
    """
    attorney = representative(kind, SERVICE, BILLING)
    decision = decide(ask(attorney, {"name", "interactions"}, BILLING))
    assert decision.special_categories == frozenset()
    if decision.outcome is DecisionOutcome.ALLOW:
        assert {r.rule for r in decision.reasons if r.code == "granted"} == {
            "disclosure.representative-finance"
        }
        (payments,) = [
            i.lines for i in disclose(decision, record()).fields if i.field == "interactions"
        ]
        assert "dementia" not in payments[0]


def _requesters() -> list[Requester]:
    colleagues: list[Requester] = [
        Colleague(id="S-1", role=role, team="t") for role in ("billing", "service", "complaints")
    ]
    return [representative(kind, SERVICE, BILLING) for kind in AuthorityKind] + colleagues


@pytest.mark.parametrize(
    "requester",
    _requesters(),
    ids=lambda r: r.authority.value if isinstance(r, Representative) else r.role,
)
@pytest.mark.parametrize("purpose", [SERVICE, BILLING])
@pytest.mark.parametrize("fields", [{"name"}, {"interactions"}, {"name", "accessibility_needs"}])
def test_special_categories_come_only_from_the_rules_that_grant_the_fields(
    requester: Requester, purpose: str, fields: set[str]
) -> None:
    """UK GDPR Article 9(1): only the rules named in the granted reasons name categories,
    and only within what the kind of authority reaches."""
    decision = decide(ask(requester, fields, purpose))
    rules = {r.rule.removeprefix("disclosure.") for r in decision.reasons if r.code == "granted"}
    named = {
        field.category
        for rule in UK.disclosure
        if rule.id in rules
        for field in UK.fields
        if field.name in rule.fields and field.name in SPECIAL_FIELDS
    }
    if isinstance(requester, Representative) and not requester.authority.covers_welfare:
        named = set()
    assert decision.special_categories == named
