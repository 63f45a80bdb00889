"""Tests for custrecords.records: every part refuses what would make a record wrong."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given

from custrecords import (
    RECORD_FIELDS,
    AccessibilityNeed,
    Article9Condition,
    Channel,
    CommunicationPreferences,
    ConfirmationMethod,
    Consent,
    ContactPoint,
    CustomerRecord,
    EmailAddress,
    Interaction,
    InteractionKind,
    InvalidValue,
    LawfulBasis,
    LegalHold,
    NeedGroup,
    NeedKind,
    Note,
    PersonName,
    PhoneNumber,
    PostalAddress,
    Provenance,
    RecordStatus,
    Source,
    SpecialCategoryCondition,
)
from custrecords.testing import customer_records

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
LATER = T0 + timedelta(days=30)
NAIVE = datetime(2026, 4, 1)  # noqa: DTZ001 - a time with no zone, for the checks that refuse one
EMAIL = EmailAddress.parse("aisha.khan@example.com")
MOBILE = PhoneNumber.parse("07400 123456")


def provenance(**overrides: Any) -> Provenance:
    fields: dict[str, Any] = {
        "fields": frozenset({"name", "email_addresses"}),
        "source": Source.CUSTOMER_PHONE,
        "collected_by": "agent-7",
        "collected_at": T0,
        "confirmed_at": T0 + timedelta(minutes=4),
        "confirmed_how": ConfirmationMethod.READ_BACK,
    }
    return Provenance(**(fields | overrides))


def record(**overrides: Any) -> CustomerRecord:
    fields: dict[str, Any] = {
        "id": "C-1001",
        "provenance": (provenance(),),
        "name": PersonName.parse("Aisha Khan"),
        "contact_points": (ContactPoint(value=EMAIL, verified=True, preferred=True),),
    }
    return CustomerRecord(**(fields | overrides))


def assert_invalid(code: str, field: str, build: Any) -> None:
    with pytest.raises(InvalidValue) as raised:
        build()
    assert (raised.value.code, raised.value.field) == (code, field)


# --- the record --------------------------------------------------------------------------


def test_a_minimal_record() -> None:
    minimal = CustomerRecord(id="C-1", provenance=(provenance(),))
    assert minimal.name is None
    assert minimal.contact_points == ()
    assert minimal.status is RecordStatus.ACTIVE
    assert minimal.preferences == CommunicationPreferences()


def test_created_at_is_the_earliest_collection() -> None:
    history = (provenance(collected_at=LATER, confirmed_at=None, confirmed_how=None), provenance())
    assert record(provenance=history).created_at == T0


def test_last_interaction_at() -> None:
    assert record().last_interaction_at is None
    visits = tuple(
        Interaction(
            id=f"I-{day}",
            at=T0 + timedelta(days=day),
            channel=Channel.PHONE,
            kind=InteractionKind.ENQUIRY,
        )
        for day in (3, 9, 1)
    )
    assert record(interactions=visits).last_interaction_at == T0 + timedelta(days=9)


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"id": ""}, "invalid_id", "id"),
        ({"id": "Aisha Khan"}, "invalid_id", "id"),
        ({"id": "aisha@example.com"}, "invalid_id", "id"),
        ({"id": "x" * 129}, "invalid_id", "id"),
        ({"provenance": ()}, "empty", "provenance"),
        ({"provenance": [provenance()]}, "wrong_type", "provenance"),
        ({"name": "Aisha Khan"}, "wrong_type", "name"),
        ({"contact_points": [ContactPoint(value=EMAIL)]}, "wrong_type", "contact_points"),
        ({"contact_points": (EMAIL,)}, "wrong_type", "contact_points"),
        (
            {
                "contact_points": (
                    ContactPoint(value=EMAIL),
                    ContactPoint(value=EMAIL, verified=True),
                )
            },
            "duplicate",
            "contact_points",
        ),
        (
            {
                "contact_points": (
                    ContactPoint(value=EMAIL, preferred=True),
                    ContactPoint(value=EmailAddress.parse("a.k@example.org"), preferred=True),
                )
            },
            "two_preferred",
            "contact_points",
        ),
        ({"addresses": (PostalAddress.parse("1 High St"),) * 2}, "duplicate", "addresses"),
        ({"date_of_birth": "1990-01-02"}, "wrong_type", "date_of_birth"),
        ({"date_of_birth": datetime(1990, 1, 2, tzinfo=UTC)}, "wrong_type", "date_of_birth"),
        ({"preferences": None}, "wrong_type", "preferences"),
        (
            {
                "notes": (
                    Note(id="N-1", at=T0, author="a", text="x"),
                    Note(id="N-1", at=LATER, author="b", text="y"),
                )
            },
            "duplicate",
            "notes",
        ),
        ({"status": "active"}, "wrong_type", "status"),
        ({"status": RecordStatus.CLOSED}, "missing", "closed_at"),
        ({"closed_at": LATER}, "contradiction", "closed_at"),
        (
            {"status": RecordStatus.CLOSED, "closed_at": T0 - timedelta(days=1)},
            "before_start",
            "closed_at",
        ),
        (
            {"status": RecordStatus.CLOSED, "closed_at": NAIVE},
            "naive_datetime",
            "closed_at",
        ),
    ],
)
def test_record_refuses(overrides: dict[str, Any], code: str, field: str) -> None:
    assert_invalid(code, field, lambda: record(**overrides))


def test_one_preferred_point_of_each_kind_is_fine() -> None:
    points = (ContactPoint(value=EMAIL, preferred=True), ContactPoint(value=MOBILE, preferred=True))
    assert record(contact_points=points).contact_points == points


def test_closed_and_restricted_records() -> None:
    closed = record(status=RecordStatus.CLOSED, closed_at=LATER)
    assert closed.closed_at == LATER
    assert record(status=RecordStatus.RESTRICTED).closed_at is None
    assert record(status=RecordStatus.RESTRICTED, closed_at=LATER).status is RecordStatus.RESTRICTED


def test_evolve_checks_again() -> None:
    with pytest.raises(InvalidValue):
        attrs.evolve(record(), status=RecordStatus.CLOSED)


def test_records_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record().id = "C-2"  # type: ignore[misc]


# --- holds, consents, provenance ----------------------------------------------------------


def test_legal_hold_is_active_between_placing_and_lifting() -> None:
    hold = LegalHold(
        reference="CLAIM-77",
        reason="County court claim",
        placed_by="dpo-1",
        placed_at=T0,
        lifted_at=LATER,
    )
    assert not hold.is_active(T0 - timedelta(seconds=1))
    assert hold.is_active(T0)
    assert not hold.is_active(LATER)
    assert record(legal_holds=(hold,)).is_held(T0 + timedelta(days=1))
    assert not record(legal_holds=(hold,)).is_held(LATER)


def test_consent_is_active_until_withdrawn() -> None:
    consent = Consent(
        purpose="marketing.communications.email",
        lawful_basis=LawfulBasis.CONSENT,
        given_at=T0,
        evidence="web form v3, tick box 2",
        withdrawn_at=LATER,
    )
    assert consent.is_active(T0)
    assert not consent.is_active(T0 - timedelta(seconds=1))
    assert not consent.is_active(LATER)


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"purpose": "spam"}, "unknown_data_use", "consent.purpose"),
        ({"purpose": "user.contact.email"}, "unknown_data_use", "consent.purpose"),
        ({"lawful_basis": "consent"}, "wrong_type", "consent.lawful_basis"),
        ({"given_at": NAIVE}, "naive_datetime", "consent.given_at"),
        ({"evidence": ""}, "wrong_type", "consent.evidence"),
        ({"withdrawn_at": T0 - timedelta(days=1)}, "before_start", "consent.withdrawn_at"),
    ],
)
def test_consent_refuses(overrides: dict[str, Any], code: str, field: str) -> None:
    fields: dict[str, Any] = {
        "purpose": "marketing.communications.email",
        "lawful_basis": LawfulBasis.CONSENT,
        "given_at": T0,
        "evidence": "web form v3",
    }
    assert_invalid(code, field, lambda: Consent(**(fields | overrides)))


def test_consent_accepts_a_finer_purpose() -> None:
    consent = Consent(
        purpose="marketing.communications.email.newsletter",
        lawful_basis=LawfulBasis.LEGITIMATE_INTERESTS,
        given_at=T0,
        evidence="privacy notice v2",
    )
    assert consent.purpose == "marketing.communications.email.newsletter"


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"fields": frozenset()}, "empty", "provenance.fields"),
        ({"fields": frozenset({"name", "shoe_size"})}, "unknown_field", "provenance.fields"),
        ({"fields": {"name"}}, "wrong_type", "provenance.fields"),
        ({"source": "phone"}, "wrong_type", "provenance.source"),
        ({"collected_by": "Jane Smith"}, "invalid_id", "provenance.collected_by"),
        ({"confirmed_how": None}, "missing", "provenance.confirmed_how"),
        ({"confirmed_at": None}, "missing", "provenance.confirmed_how"),
        ({"confirmed_at": T0 - timedelta(minutes=1)}, "before_start", "provenance.confirmed_at"),
    ],
)
def test_provenance_refuses(overrides: dict[str, Any], code: str, field: str) -> None:
    assert_invalid(code, field, lambda: provenance(**overrides))


def test_system_collected_data_needs_no_confirmation() -> None:
    meter = provenance(
        source=Source.SYSTEM, collected_by="smart-meter-gw", confirmed_at=None, confirmed_how=None
    )
    assert meter.confirmed_at is None
    assert not meter.source.is_customer
    assert Source.CUSTOMER_WEB_FORM.is_customer


def test_record_fields_are_readable_from_a_record() -> None:
    record = CustomerRecord(
        id="C-1",
        provenance=(provenance(),),
        contact_points=(ContactPoint(value=MOBILE), ContactPoint(value=EMAIL, preferred=True)),
    )
    for field in RECORD_FIELDS:
        assert hasattr(record, field)
    assert record.email_addresses == (ContactPoint(value=EMAIL, preferred=True),)
    assert record.phone_numbers == (ContactPoint(value=MOBILE),)
    assert set(attrs.fields_dict(CustomerRecord)) >= RECORD_FIELDS - {
        "email_addresses",
        "phone_numbers",
    }


def test_confirmed_by_names_who_confirmed_when_it_was_not_the_collector() -> None:
    entry = provenance(confirmed_by="team-leader-2")
    assert entry.confirmed
    assert_invalid(
        "contradiction",
        "provenance.confirmed_by",
        lambda: provenance(confirmed_by="agent-2", confirmed_at=None, confirmed_how=None),
    )
    assert_invalid("invalid_id", "provenance.confirmed_by", lambda: provenance(confirmed_by="A B"))


def condition(**overrides: Any) -> SpecialCategoryCondition:
    fields: dict[str, Any] = {
        "fields": frozenset({"accessibility_needs"}),
        "condition": Article9Condition.EXPLICIT_CONSENT,
        "recorded_at": T0,
        "evidence": "call recording R-88",
    }
    return SpecialCategoryCondition(**(fields | overrides))


def test_special_category_conditions_need_the_right_dpa_paragraph() -> None:
    """DPA 2018 s10: (b), (h), (i), (j) rest on Sch 1 paras 1 to 4; (g) on one of 6 to 28."""
    assert condition().dpa_paragraph is None
    public_interest = Article9Condition.SUBSTANTIAL_PUBLIC_INTEREST
    assert condition(condition=public_interest, dpa_paragraph=18).dpa_paragraph == 18
    field = "special_category_condition.dpa_paragraph"
    assert_invalid("missing", field, lambda: condition(condition=public_interest))
    assert_invalid(
        "invalid_paragraph", field, lambda: condition(condition=public_interest, dpa_paragraph=5)
    )
    assert_invalid(
        "invalid_paragraph",
        field,
        lambda: condition(condition=Article9Condition.HEALTH_OR_SOCIAL_CARE, dpa_paragraph=3),
    )
    assert_invalid("contradiction", field, lambda: condition(dpa_paragraph=18))
    assert_invalid(
        "unknown_field",
        "special_category_condition.fields",
        lambda: condition(fields=frozenset({"diagnosis"})),
    )
    held = CustomerRecord(
        id="C-1", provenance=(provenance(),), special_category_conditions=(condition(),)
    )
    assert "call recording" not in repr(held)
    assert_invalid(
        "duplicate",
        "special_category_conditions",
        lambda: attrs.evolve(held, special_category_conditions=(condition(), condition())),
    )


# --- the other parts -------------------------------------------------------------------------


def test_contact_point_category_and_type() -> None:
    assert ContactPoint(value=EMAIL).category == "user.contact.email"
    assert ContactPoint(value=MOBILE).category == "user.contact.phone_number"
    not_a_value: Any = "jane@example.com"
    assert_invalid("wrong_type", "contact_point.value", lambda: ContactPoint(value=not_a_value))
    not_a_bool: Any = "yes"
    assert_invalid(
        "wrong_type",
        "contact_point.verified",
        lambda: ContactPoint(value=EMAIL, verified=not_a_bool),
    )


def test_accessibility_needs() -> None:
    assert NeedKind.BRAILLE.group is NeedGroup.FORMAT
    assert NeedKind.TEXT_RELAY.group is NeedGroup.CONTACT
    assert NeedKind.NAMED_SUPPORTER.group is NeedGroup.SUPPORT
    assert all(kind.group in NeedGroup for kind in NeedKind)
    assert_invalid(
        "missing", "accessibility_need.detail", lambda: AccessibilityNeed(kind=NeedKind.OTHER)
    )
    assert AccessibilityNeed(kind=NeedKind.OTHER, detail="Needs extra time on calls").detail


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"channels": (Channel.EMAIL, Channel.EMAIL)}, "duplicate", "preferences.channels"),
        ({"channels": ("email",)}, "wrong_type", "preferences.channels"),
        (
            {"channels": (Channel.SMS,), "refused_channels": frozenset({Channel.SMS})},
            "contradiction",
            "preferences.channels",
        ),
        ({"refused_channels": {Channel.SMS}}, "wrong_type", "preferences.refused_channels"),
        ({"language": "English"}, "invalid_language", "preferences.language"),
        (
            {"objections": frozenset({"marketing", "junk"})},
            "unknown_data_use",
            "preferences.objections",
        ),
    ],
)
def test_preferences_refuse(overrides: dict[str, Any], code: str, field: str) -> None:
    assert_invalid(code, field, lambda: CommunicationPreferences(**overrides))


def test_preferences_accept_welsh_and_objections() -> None:
    prefs = CommunicationPreferences(
        channels=(Channel.LETTER, Channel.EMAIL),
        refused_channels=frozenset({Channel.PHONE}),
        language="cy",
        objections=frozenset({"marketing"}),
    )
    assert prefs.language == "cy"


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"id": "call 1"}, "invalid_id", "interaction.id"),
        ({"at": date(2026, 3, 2)}, "wrong_type", "interaction.at"),
        ({"channel": "phone"}, "wrong_type", "interaction.channel"),
        ({"kind": "complaint"}, "wrong_type", "interaction.kind"),
        ({"closed_at": T0 - timedelta(hours=1)}, "before_start", "interaction.closed_at"),
        ({"agent": "Jane Smith"}, "invalid_id", "interaction.agent"),
        ({"outcome": ""}, "wrong_type", "interaction.outcome"),
    ],
)
def test_interaction_refuses(overrides: dict[str, Any], code: str, field: str) -> None:
    fields: dict[str, Any] = {
        "id": "I-1",
        "at": T0,
        "channel": Channel.PHONE,
        "kind": InteractionKind.COMPLAINT,
    }
    assert_invalid(code, field, lambda: Interaction(**(fields | overrides)))


def test_times_in_other_zones_compare_as_instants() -> None:
    bst = timezone(timedelta(hours=1))
    note = Note(
        id="N-1", at=datetime(2026, 6, 1, 10, 0, tzinfo=bst), author="agent-7", text="Called back"
    )
    assert note.at == datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@given(customer_records())
def test_a_record_never_holds_the_same_item_twice(generated: CustomerRecord) -> None:
    """Adding a copy of any contact point, address, note or interaction is refused."""
    for field in ("contact_points", "addresses", "notes", "interactions"):
        items = getattr(generated, field)
        if items:
            changes: dict[str, Any] = {field: (*items, items[0])}
            with pytest.raises(InvalidValue) as raised:
                attrs.evolve(generated, **changes)
            assert raised.value.field == field


@given(customer_records())
def test_status_and_closed_at_always_agree(generated: CustomerRecord) -> None:
    """An active record has no closing time; a closed record must have one."""
    if generated.status is RecordStatus.ACTIVE:
        with pytest.raises(InvalidValue):
            attrs.evolve(generated, closed_at=generated.created_at)
    if generated.status is RecordStatus.CLOSED:
        with pytest.raises(InvalidValue):
            attrs.evolve(generated, closed_at=None)
