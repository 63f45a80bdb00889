"""Marketing needs the right basis: one rule, `marketing_permission`, everywhere.

The rules, by source:

- PECR 2003 regulation 22(2): no e-mail or SMS marketing to an individual without their
  prior consent; a consent entry on another basis is not consent (UK GDPR Articles
  4(11), 6(1)(a) and 7).
- PECR regulation 22(3), the soft opt-in: (a) details obtained in the course of a sale
  or negotiations for one, (b) marketing of the organisation's own similar products and
  services only, (c) a simple, free means of refusing given at collection and in every
  message. Only for "electronic mail" (regulation 2(1)): e-mail and SMS.
- Marketing by post rests on the UK GDPR basis declared; PECR does not cover it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    AssessmentCode,
    Channel,
    CommunicationPreferences,
    ConfirmationMethod,
    Consent,
    ContactPoint,
    CustomerRecord,
    EmailAddress,
    Guidelines,
    Interaction,
    InteractionKind,
    InvalidValue,
    LawfulBasis,
    MarketingBasis,
    Message,
    PhoneNumber,
    PostalAddress,
    Provenance,
    Purpose,
    Sensitivity,
    SoftOptIn,
    Source,
    assess,
    audit_rows,
    choose_channel,
    converter,
    marketing_permission,
)
from custrecords.exports import infer_columns, marketing_basis_given
from custrecords.taxonomy import covers

UK = Guidelines.uk_default()
LONDON = ZoneInfo("Europe/London")
EMAIL = "marketing.communications.email"
SMS = "marketing.communications.sms"
POST = "marketing.communications.post"
GIVEN = datetime(2025, 5, 1, 10, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)  # a Monday, 11:00 GMT
TODAY = date(2026, 11, 30)


def allowing_soft_opt_in(guidelines: Guidelines = UK, *keys: str) -> Guidelines:
    """The guidelines, with the soft opt-in allowed for e-mail (and any ``keys``)."""
    allowed = {EMAIL, *keys}
    return attrs.evolve(
        guidelines,
        purposes=tuple(
            attrs.evolve(p, soft_opt_in=True) if p.key in allowed else p
            for p in guidelines.purposes
        ),
    )


def declaring(key: str, basis: LawfulBasis, guidelines: Guidelines = UK) -> Guidelines:
    return attrs.evolve(
        guidelines,
        purposes=tuple(
            attrs.evolve(p, lawful_basis=basis) if p.key == key else p for p in guidelines.purposes
        ),
    )


def entry(
    purpose: str = EMAIL,
    basis: LawfulBasis = LawfulBasis.CONSENT,
    soft_opt_in: SoftOptIn | None = None,
    withdrawn_at: datetime | None = None,
) -> Consent:
    return Consent(
        purpose=purpose,
        lawful_basis=basis,
        given_at=GIVEN,
        evidence="checkout form v4",
        soft_opt_in=soft_opt_in,
        withdrawn_at=withdrawn_at,
    )


def terms(
    sale: str = "ORD1",
    products: frozenset[str] = frozenset({"kettles", "toasters"}),
    refusal_offered_at: datetime | None = GIVEN,
) -> SoftOptIn:
    return SoftOptIn(sale=sale, products=products, refusal_offered_at=refusal_offered_at)


def customer(*consents: Consent, sale: InteractionKind = InteractionKind.ORDER) -> CustomerRecord:
    made = Provenance(
        fields=frozenset({"email_addresses", "phone_numbers", "addresses"}),
        source=Source.CUSTOMER_WEB_FORM,
        collected_by="web",
        collected_at=GIVEN,
        confirmed_at=GIVEN,
        confirmed_how=ConfirmationMethod.ENTERED_BY_CUSTOMER,
    )
    return CustomerRecord(
        id="C1",
        provenance=(made,),
        contact_points=(
            ContactPoint(value=EmailAddress.parse("ann@example.co.uk"), verified=True),
            ContactPoint(value=PhoneNumber.parse("07400 123456"), verified=True),
        ),
        addresses=(PostalAddress.parse(["1 High Street"], postcode="LS6 2AB"),),
        interactions=(
            Interaction(id="ORD1", at=GIVEN, channel=Channel.WEB, kind=sale, product="kettle"),
        ),
        consents=consents,
    )


def offer(products: frozenset[str] = frozenset({"kettles"}), *, refusal: bool = True) -> Message:
    return Message(
        topic="winter offer",
        purpose=EMAIL,
        sensitivity=Sensitivity.PUBLIC,
        products=products,
        offers_refusal=refusal,
    )


def permission(record: CustomerRecord, guidelines: Guidelines = UK, **options: object) -> str:
    options.setdefault("purpose", EMAIL)
    if "at" not in options:
        options.setdefault("on", TODAY)
    return marketing_permission(record, guidelines, **options).code  # type: ignore[arg-type]


# --- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize("basis", [b for b in LawfulBasis if b is not LawfulBasis.CONSENT])
def test_a_marketing_entry_on_another_basis_is_not_consent_pecr_22_2(basis: LawfulBasis) -> None:
    """PECR reg. 22(2); UK GDPR Art 4(11), 6(1)(a): only an entry on consent is consent."""
    assert permission(customer(entry(basis=basis))) == "not_consent"
    assert permission(customer(entry(basis=LawfulBasis.CONSENT))) == "consent"
    assert permission(customer()) == "no_consent"


def test_email_marketing_needs_consent_whatever_basis_is_declared_pecr_22_2() -> None:
    """PECR reg. 22(2) applies to electronic mail whatever Article 6 basis is declared."""
    declared = declaring(EMAIL, LawfulBasis.LEGITIMATE_INTERESTS)
    assert permission(customer(), declared) == "no_consent"
    assert permission(customer(entry(basis=LawfulBasis.LEGITIMATE_INTERESTS)), declared) == (
        "not_consent"
    )


def test_post_marketing_on_legitimate_interests_needs_no_consent_art_6_1_f() -> None:
    """PECR does not cover post: it rests on the declared basis (UK GDPR Art 6(1)(f))."""
    declared = declaring(POST, LawfulBasis.LEGITIMATE_INTERESTS)
    result = marketing_permission(customer(), declared, purpose=POST, on=TODAY)
    assert (result.permitted, result.basis, result.code) == (
        True,
        MarketingBasis.DECLARED,
        "declared_basis",
    )
    # In the default guidelines post rests on consent, and needs it.
    assert permission(customer(), purpose=POST) == "no_consent"


def test_a_withdrawn_consent_counts_until_its_uk_day() -> None:
    withdrawn = entry(withdrawn_at=datetime(2026, 7, 1, 23, 30, tzinfo=UTC))  # 00:30 BST, 2 July
    assert permission(customer(withdrawn), on=date(2026, 7, 1)) == "consent"
    assert permission(customer(withdrawn), on=date(2026, 7, 2)) == "no_consent"
    assert permission(customer(withdrawn), at=datetime(2026, 7, 1, 23, 31, tzinfo=UTC)) == (
        "no_consent"
    )


def soft(**changes: object) -> CustomerRecord:
    return customer(entry(basis=LawfulBasis.LEGITIMATE_INTERESTS, soft_opt_in=terms(**changes)))  # type: ignore[arg-type]


def test_the_soft_opt_in_is_its_own_basis_where_the_guidelines_allow_it_pecr_22_3() -> None:
    """PECR reg. 22(3): existing customer, similar products, a chance to refuse."""
    allowed = allowing_soft_opt_in()
    result = marketing_permission(soft(), allowed, purpose=EMAIL, on=TODAY)
    assert (result.permitted, result.basis, result.rule) == (
        True,
        MarketingBasis.SOFT_OPT_IN,
        'purposes."marketing.communications.email".soft_opt_in',
    )
    # For a message: the products it markets, and a means of refusing in it.
    assert permission(soft(), allowed, at=NOW, products={"kettles"}, offers_refusal=True) == (
        "soft_opt_in"
    )


def test_the_soft_opt_in_is_refused_where_the_guidelines_do_not_allow_it() -> None:
    assert not UK.purpose(EMAIL).soft_opt_in  # type: ignore[union-attr]
    assert permission(soft()) == "soft_opt_in_not_allowed"
    texts = customer(entry(SMS, LawfulBasis.LEGITIMATE_INTERESTS, terms()))
    assert permission(texts, allowing_soft_opt_in(), purpose=SMS) == "soft_opt_in_not_allowed"
    assert permission(texts, allowing_soft_opt_in(UK, SMS), purpose=SMS) == "soft_opt_in"


def test_the_soft_opt_in_needs_a_sale_or_negotiations_for_one_pecr_22_3_a() -> None:
    allowed = allowing_soft_opt_in()
    assert permission(soft(sale="ORD9"), allowed) == "soft_opt_in_no_sale"
    for kind in (InteractionKind.COMPLAINT, InteractionKind.FEEDBACK):
        record = attrs.evolve(
            soft(), interactions=(attrs.evolve(soft().interactions[0], kind=kind),)
        )
        assert permission(record, allowed) == "soft_opt_in_no_sale"
    # Negotiations for a sale: an enquiry about buying.
    enquiry = attrs.evolve(
        soft(), interactions=(attrs.evolve(soft().interactions[0], kind=InteractionKind.ENQUIRY),)
    )
    assert permission(enquiry, allowed) == "soft_opt_in"


def test_the_soft_opt_in_covers_similar_products_only_pecr_22_3_b() -> None:
    allowed = allowing_soft_opt_in()
    for products in ({"holidays"}, {"kettles", "holidays"}, set()):
        assert (
            permission(soft(), allowed, at=NOW, products=products, offers_refusal=True)
            == "soft_opt_in_not_similar"
        )


def test_the_soft_opt_in_needs_a_chance_to_refuse_at_collection_and_in_every_message() -> None:
    """PECR reg. 22(3)(c)."""
    allowed = allowing_soft_opt_in()
    assert permission(soft(refusal_offered_at=None), allowed) == "soft_opt_in_no_refusal"
    late = datetime(2025, 6, 1, tzinfo=UTC)  # after the details were collected
    assert permission(soft(refusal_offered_at=late), allowed) == "soft_opt_in_no_refusal"
    assert (
        permission(soft(), allowed, at=NOW, products={"kettles"}, offers_refusal=False)
        == "soft_opt_in_no_refusal"
    )


def test_a_refused_soft_opt_in_no_longer_counts() -> None:
    refused = entry(
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        soft_opt_in=terms(),
        withdrawn_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    )
    assert permission(customer(refused), allowing_soft_opt_in()) == "no_consent"


@pytest.mark.parametrize("purpose", ["marketing.communications.phone", POST, "essential.service"])
def test_the_soft_opt_in_is_for_email_and_sms_only_pecr_22_3(purpose: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        entry(purpose, LawfulBasis.LEGITIMATE_INTERESTS, terms())
    assert (raised.value.code, raised.value.field) == ("soft_opt_in_purpose", "consent.soft_opt_in")
    with pytest.raises(InvalidValue) as raised:
        Purpose(key=purpose, description="x", lawful_basis=LawfulBasis.CONSENT, soft_opt_in=True)
    assert (raised.value.code, raised.value.field) == ("soft_opt_in_purpose", "purpose.soft_opt_in")
    entry(SMS, LawfulBasis.LEGITIMATE_INTERESTS, terms())  # SMS is electronic mail


@pytest.mark.parametrize(
    "basis", [b for b in LawfulBasis if b is not LawfulBasis.LEGITIMATE_INTERESTS]
)
def test_the_soft_opt_in_rests_on_legitimate_interests(basis: LawfulBasis) -> None:
    with pytest.raises(InvalidValue) as raised:
        entry(EMAIL, basis, terms())
    assert (raised.value.code, raised.value.field) == ("soft_opt_in_basis", "consent.soft_opt_in")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"sale": ""}, "invalid_id", "soft_opt_in.sale"),
        ({"products": frozenset()}, "empty", "soft_opt_in.products"),
        ({"products": ["kettles"]}, "wrong_type", "soft_opt_in.products"),
        (
            {"refusal_offered_at": datetime(2025, 5, 1)},  # noqa: DTZ001
            "naive_datetime",
            "soft_opt_in.refusal_offered_at",
        ),
    ],
)
def test_a_malformed_soft_opt_in_is_refused(
    changes: dict[str, object], code: str, field: str
) -> None:
    values: dict[str, object] = {
        "sale": "ORD1",
        "products": frozenset({"kettles"}),
        "refusal_offered_at": GIVEN,
    }
    with pytest.raises(InvalidValue) as raised:
        SoftOptIn(**{**values, **changes})  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == (code, field)


def test_a_soft_opt_in_round_trips_through_the_converter() -> None:
    record = soft()
    assert converter.structure(converter.unstructure(record), CustomerRecord) == record


def test_guidelines_allow_the_soft_opt_in_in_toml() -> None:
    toml = """
[about]
name = "A shop"
version = "1"

[purposes."marketing.communications.email"]
description = "Offers by e-mail."
lawful_basis = "legitimate_interests"
soft_opt_in = true
source = "PECR 2003 regulation 22(3)"
"""
    guidelines = Guidelines.from_toml(toml)
    assert guidelines.purpose(EMAIL).soft_opt_in  # type: ignore[union-attr]
    with pytest.raises(InvalidValue):
        Guidelines.from_toml(toml.replace("soft_opt_in = true", 'soft_opt_in = "yes"'))


# --- every place that judges marketing uses the rule ---------------------------------------


def test_assess_finds_no_consent_in_an_entry_on_another_basis_pecr_22_2() -> None:
    record = customer(entry(basis=LawfulBasis.LEGITIMATE_INTERESTS))
    result = assess(record, UK, purpose=EMAIL, today=TODAY)
    assert AssessmentCode.MISSING_CONSENT in result.codes
    item = next(i for i in result.items if i.code is AssessmentCode.MISSING_CONSENT)
    assert item.rule == 'purposes."marketing.communications.email".lawful_basis'
    assert "not consent" in item.message
    consented = assess(customer(entry()), UK, purpose=EMAIL, today=TODAY)
    assert AssessmentCode.MISSING_CONSENT not in consented.codes


def test_assess_accepts_a_soft_opt_in_only_where_the_guidelines_allow_it() -> None:
    assert AssessmentCode.MISSING_CONSENT in assess(soft(), UK, purpose=EMAIL, today=TODAY).codes
    allowed = assess(soft(), allowing_soft_opt_in(), purpose=EMAIL, today=TODAY)
    assert AssessmentCode.MISSING_CONSENT not in allowed.codes


def test_choose_channel_sends_no_marketing_on_an_entry_that_is_not_consent_pecr_22_2() -> None:
    record = customer(entry(basis=LawfulBasis.LEGITIMATE_INTERESTS))
    choice = choose_channel(offer(), record, UK, now=NOW)
    assert choice.channel is None
    assert "not_consent" in {reason.code for reason in choice.reasons}
    consented = choose_channel(offer(), customer(entry()), UK, now=NOW)
    assert consented.channel is Channel.EMAIL


def test_choose_channel_markets_on_the_soft_opt_in_only_with_its_conditions() -> None:
    allowed = allowing_soft_opt_in()
    chosen = choose_channel(offer(), soft(), allowed, now=NOW)
    assert chosen.channel is Channel.EMAIL
    assert "soft_opt_in" in {reason.code for reason in chosen.reasons}
    for message, code in (
        (offer(refusal=False), "soft_opt_in_no_refusal"),
        (offer(frozenset({"holidays"})), "soft_opt_in_not_similar"),
    ):
        refused = choose_channel(message, soft(), allowed, now=NOW)
        assert refused.channel is None
        assert code in {reason.code for reason in refused.reasons}
    assert choose_channel(offer(), soft(), UK, now=NOW).channel is None


BASIS_CELLS = {
    LawfulBasis.CONSENT: "Freely given consent from contact",
    LawfulBasis.LEGITIMATE_INTERESTS: "Legitimate interest – prospect/lead",
    LawfulBasis.CONTRACT: "Performance of a contract",
    LawfulBasis.LEGAL_OBLIGATION: "Legal obligation",
    LawfulBasis.VITAL_INTERESTS: "Vital interests",
    LawfulBasis.PUBLIC_TASK: "Public task",
}
HEADERS = ["id", "Email", "Marketing Consent", "Legal basis for processing contact's data"]


def audited(
    cells: list[dict[str, str]], guidelines: Guidelines = UK
) -> list[set[tuple[str, bool]]]:
    columns = infer_columns(HEADERS, cells)
    return [
        {(p.code, p.must_fix) for p in result.problems}
        for result in audit_rows(cells, columns, guidelines, today=TODAY)
    ]


def row(consent: str, basis: str) -> dict[str, str]:
    return {
        "id": "C1",
        "Email": "ann@example.co.uk",
        "Marketing Consent": consent,
        "Legal basis for processing contact's data": basis,
    }


@pytest.mark.parametrize("basis", list(LawfulBasis))
def test_assess_choose_channel_and_the_export_audit_agree_on_each_basis(basis: LawfulBasis) -> None:
    """One rule: an e-mail marketing entry on ``basis`` is consent in all three, or in none."""
    record = customer(entry(basis=basis))
    assessed = (
        AssessmentCode.MISSING_CONSENT not in assess(record, UK, purpose=EMAIL, today=TODAY).codes
    )
    sent = choose_channel(offer(), record, UK, now=NOW).channel is Channel.EMAIL
    [problems] = audited([row("Yes", BASIS_CELLS[basis])])
    exported = ("marketing_basis_not_consent", True) not in problems
    assert assessed == sent == exported == (basis is LawfulBasis.CONSENT)


def test_the_export_audit_reads_the_basis_column_pecr_22_2() -> None:
    assert infer_columns(HEADERS, []).headers("marketing_basis") == (HEADERS[3],)
    [lawful, contract, consent, unsaid] = audited(
        [
            row("Yes", "Legitimate interest – existing customer"),
            row("", "Performance of a contract"),
            row("Yes", "Freely given consent from contact"),
            row("Yes", "Not applicable"),
        ]
    )
    assert ("marketing_basis_not_consent", True) in lawful
    # Without a consent column saying yes, it is advice: nothing says they are marketed to.
    assert ("marketing_basis_not_consent", False) in contract
    assert not {code for code, _ in consent | unsaid} & {
        "marketing_basis_not_consent",
        "soft_opt_in_unproven",
    }


def test_the_export_audit_names_a_soft_opt_in_where_the_guidelines_allow_one() -> None:
    [problems] = audited(
        [row("Yes", "Legitimate interest – existing customer")], allowing_soft_opt_in()
    )
    assert problems == {("soft_opt_in_unproven", False)}
    # A prospect's legitimate interest is no soft opt-in: they bought nothing.
    [prospect] = audited(
        [row("Yes", "Legitimate interest – prospect/lead")], allowing_soft_opt_in()
    )
    assert ("marketing_basis_not_consent", True) in prospect


def test_an_opt_out_overrides_whatever_the_basis_column_says() -> None:
    headers = [*HEADERS, "Email Opt Out"]
    cells = [{**row("", "Legitimate interest – prospect/lead"), "Email Opt Out": "true"}]
    [result] = audit_rows(cells, infer_columns(headers, cells), UK, today=TODAY)
    assert not result.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Legitimate interest – existing customer", (LawfulBasis.LEGITIMATE_INTERESTS, True)),
        ("Soft opt-in", (LawfulBasis.LEGITIMATE_INTERESTS, True)),
        ("LEGITIMATE_INTERESTS", (LawfulBasis.LEGITIMATE_INTERESTS, False)),
        ("Legitimate interest - other", (LawfulBasis.LEGITIMATE_INTERESTS, False)),
        ("Freely given consent from contact", (LawfulBasis.CONSENT, False)),
        ("consent", (LawfulBasis.CONSENT, False)),
        ("Performance of a contract", (LawfulBasis.CONTRACT, False)),
        ("Not applicable", None),
        ("", None),
    ],
)
def test_basis_cells_are_read_as_crms_write_them(
    text: str, expected: tuple[LawfulBasis, bool] | None
) -> None:
    assert marketing_basis_given(text) == expected


# --- the rule as a property -----------------------------------------------------------------

MOMENTS = [
    datetime(2024, 1, 5, 9, 0, tzinfo=UTC),
    datetime(2026, 11, 29, 23, 30, tzinfo=UTC),  # 29 November, UK time
    datetime(2026, 11, 30, 23, 30, tzinfo=UTC),  # after the day judged
    datetime(2027, 1, 1, 9, 0, tzinfo=UTC),
]


@st.composite
def marketing_entries(draw: st.DrawFn) -> Consent:
    """Entries for marketing purposes on any basis, some soft opt-ins, some withdrawn."""
    purpose = draw(st.sampled_from([EMAIL, SMS, POST, "marketing.communications", "marketing"]))
    basis = draw(st.sampled_from(LawfulBasis))
    given_at = draw(st.sampled_from(MOMENTS))
    later = [m for m in [datetime(2026, 11, 30, 9, 0, tzinfo=UTC), *MOMENTS] if m >= given_at]
    withdrawn_at = draw(st.none() | st.sampled_from(later))
    soft_opt_in = None
    if (
        basis is LawfulBasis.LEGITIMATE_INTERESTS
        and purpose in {EMAIL, SMS}
        and draw(st.booleans())
    ):
        soft_opt_in = terms(refusal_offered_at=given_at)
    return Consent(
        purpose=purpose,
        lawful_basis=basis,
        given_at=given_at,
        evidence="form",
        withdrawn_at=withdrawn_at,
        soft_opt_in=soft_opt_in,
    )


@given(st.lists(marketing_entries(), max_size=4), st.booleans())
def test_email_marketing_rests_on_consent_or_an_allowed_soft_opt_in_and_nothing_else(
    entries: list[Consent], allowed: bool
) -> None:
    """PECR 2003 reg. 22(2) and (3); UK GDPR Art 6(1)(a): e-mail marketing on a day needs an
    entry for it, given by the day's end and not withdrawn by then, whose basis is consent,
    or a soft opt-in the guidelines allow; and `assess` says the same."""
    guidelines = allowing_soft_opt_in() if allowed else UK
    record = customer(*entries)
    result = marketing_permission(record, guidelines, purpose=EMAIL, on=TODAY)
    active = [
        e
        for e in entries
        if e.purpose in {EMAIL, "marketing.communications", "marketing"}
        and e.given_at.astimezone(LONDON).date() <= TODAY
        and (e.withdrawn_at is None or e.withdrawn_at.astimezone(LONDON).date() > TODAY)
    ]
    consented = any(e.lawful_basis is LawfulBasis.CONSENT for e in active)
    soft = allowed and any(e.soft_opt_in is not None for e in active)
    expected = MarketingBasis.CONSENT if consented else MarketingBasis.SOFT_OPT_IN if soft else None
    assert (result.permitted, result.basis) == (expected is not None, expected)
    assessment = assess(record, guidelines, purpose=EMAIL, today=TODAY)
    assert (AssessmentCode.MISSING_CONSENT in assessment.codes) is not result.permitted


# --- an objection ------------------------------------------------------------------------------


def objecting(record: CustomerRecord, *purposes: str) -> CustomerRecord:
    return attrs.evolve(
        record,
        preferences=CommunicationPreferences(objections=frozenset(purposes or {EMAIL})),
    )


@pytest.mark.parametrize("objection", [EMAIL, "marketing.communications", "marketing"])
def test_an_objection_to_direct_marketing_wins_over_consent_and_soft_opt_in_art_21_3(
    objection: str,
) -> None:
    """UK GDPR Art 21(2)-(3): an objection to direct marketing is absolute; PECR reg. 22."""
    allowed = allowing_soft_opt_in()
    for record, guidelines in ((customer(entry()), UK), (soft(), allowed)):
        result = marketing_permission(
            objecting(record, objection), guidelines, purpose=EMAIL, on=TODAY
        )
        assert (result.permitted, result.basis, result.code) == (False, None, "objected")
        assert "Article 21" in result.source
    assert permission(objecting(customer(entry()), objection), at=NOW) == "objected"
    # Post on legitimate interests needs no consent: an objection to it still wins.
    post = declaring(POST, LawfulBasis.LEGITIMATE_INTERESTS)
    assert permission(objecting(customer(), objection), post, purpose=POST) == (
        "objected" if covers(objection, POST) else "declared_basis"
    )
    # An objection to e-mail marketing leaves SMS marketing the customer consented to.
    assert permission(objecting(customer(entry(SMS)), EMAIL), purpose=SMS) == "consent"


def test_assess_and_choose_channel_agree_with_marketing_permission_on_an_objection() -> None:
    """UK GDPR Art 21(3): one rule; a marketing message goes by no channel objected to."""
    record = objecting(customer(entry(), entry(SMS)), EMAIL)
    assert AssessmentCode.OBJECTED in assess(record, UK, purpose=EMAIL, today=TODAY).codes
    assert AssessmentCode.OBJECTED not in assess(record, UK, purpose=SMS, today=TODAY).codes
    general = attrs.evolve(offer(), purpose="marketing.communications")
    choice = choose_channel(general, record, UK, now=NOW)
    assert choice.channel is Channel.SMS
    assert Channel.EMAIL not in choice.fallbacks
    assert "objected" in {reason.code for reason in choice.reasons}
