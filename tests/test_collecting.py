"""Tests for custrecords.collecting: collect, confirm, update and assess."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    RECORD_FIELDS,
    AccessibilityNeed,
    Article9Condition,
    AssessmentCode,
    ChangeReason,
    ChangeSet,
    ChangeSource,
    Channel,
    CommunicationPreferences,
    Confirmation,
    ConfirmationMethod,
    Consent,
    ContactPoint,
    CustomerRecord,
    Draft,
    EmailAddress,
    FieldRule,
    Guidelines,
    Interaction,
    InteractionKind,
    InvalidValue,
    KeepRule,
    LawfulBasis,
    NeedKind,
    Note,
    PersonName,
    PhoneNumber,
    PostalAddress,
    Source,
    SpecialCategoryCondition,
    assess,
    confirm,
    read_back,
    replay,
    update,
)
from custrecords import testing as strategies

CALL = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
READ_BACK = Confirmation(
    by="agent-7", at=CALL + timedelta(minutes=3), how=ConfirmationMethod.READ_BACK
)
UK = Guidelines.uk_default()
EMAIL = EmailAddress.parse("Aisha.Khan@Example.com")
MOBILE = PhoneNumber.parse("07400 123456")
HOME = PostalAddress.parse(["14 Heol y Frenhines"], town="Caerdydd", postcode="cf101aa")
NEW_HOME = PostalAddress.parse(["2 Harbour Row"], town="Whitby", postcode="YO21 3PU")


def draft(**overrides: Any) -> Draft:
    values: dict[str, Any] = {
        "id": "C-2001",
        "source": Source.CUSTOMER_PHONE,
        "collected_by": "agent-7",
        "collected_at": CALL,
        "name": PersonName.parse(given="Aisha", family="Khan"),
        "contact_points": (ContactPoint(value=EMAIL), ContactPoint(value=MOBILE)),
        "addresses": (HOME,),
    }
    return Draft(**(values | overrides))


def assert_invalid(code: str, field: str, call: Any) -> None:
    with pytest.raises(InvalidValue) as caught:
        call()
    assert (caught.value.code, caught.value.field) == (code, field)


# --- confirm -------------------------------------------------------------------------------


def test_a_confirmed_draft_becomes_a_record_that_says_how_it_was_confirmed() -> None:
    record = confirm(draft(), READ_BACK)
    assert record.id == "C-2001"
    assert record.name == PersonName.parse(given="Aisha", family="Khan")
    assert record.addresses == (HOME,)
    (entry,) = record.provenance
    assert entry.fields == {"name", "email_addresses", "phone_numbers", "addresses"}
    assert entry.source is Source.CUSTOMER_PHONE
    assert entry.collected_by == "agent-7"
    assert entry.collected_at == CALL
    assert entry.confirmed_at == READ_BACK.at
    assert entry.confirmed_how is ConfirmationMethod.READ_BACK
    assert entry.confirmed_by is None


def test_a_colleague_who_confirms_is_named() -> None:
    supervisor = attrs.evolve(READ_BACK, by="team-leader-2")
    assert confirm(draft(), supervisor).provenance[0].confirmed_by == "team-leader-2"


@pytest.mark.parametrize(
    "source",
    [Source.CUSTOMER_PHONE, Source.CUSTOMER_WEB_FORM, Source.CUSTOMER_IN_PERSON, Source.COLLEAGUE],
)
def test_what_a_person_gave_cannot_be_recorded_unconfirmed(source: Source) -> None:
    """Standard 1.4: confirm the accuracy of information with the customer before recording."""
    assert_invalid("unconfirmed", "confirmation", lambda: confirm(draft(source=source), None))


def test_system_collected_data_carries_its_system_instead() -> None:
    delivery = Interaction(
        id="DEL-77", at=CALL, channel=Channel.FACE_TO_FACE, kind=InteractionKind.SERVICE
    )
    meter = draft(
        source=Source.SYSTEM,
        collected_by="delivery-van-12",
        name=None,
        contact_points=(),
        addresses=(),
        interactions=(delivery,),
    )
    record = confirm(meter, None)
    (entry,) = record.provenance
    assert (entry.fields, entry.source, entry.collected_by, entry.confirmed_at) == (
        frozenset({"interactions"}),
        Source.SYSTEM,
        "delivery-van-12",
        None,
    )
    assert read_back(meter).lines == ()


def test_records_of_service_in_a_draft_are_never_marked_confirmed_by_the_customer() -> None:
    call = Interaction(id="CALL-1", at=CALL, channel=Channel.PHONE, kind=InteractionKind.ENQUIRY)
    record = confirm(draft(interactions=(call,)), READ_BACK)
    given, made = record.provenance
    assert given.confirmed_at is not None
    assert "interactions" not in given.fields
    assert made.fields == {"interactions"}
    assert made.confirmed_at is None


def test_bad_drafts_and_confirmations() -> None:
    assert_invalid(
        "before_start",
        "confirmation.at",
        lambda: confirm(draft(), attrs.evolve(READ_BACK, at=CALL - timedelta(seconds=1))),
    )
    assert_invalid("empty", "draft", lambda: draft(name=None, contact_points=(), addresses=()))
    assert_invalid(
        "naive_datetime",
        "draft.collected_at",
        lambda: draft(collected_at=CALL.replace(tzinfo=None)),
    )
    assert_invalid(
        "duplicate",
        "contact_points",
        lambda: draft(contact_points=(ContactPoint(value=EMAIL), ContactPoint(value=EMAIL))),
    )
    assert_invalid("invalid_id", "confirmation.by", lambda: attrs.evolve(READ_BACK, by="Jo Bloggs"))
    not_a_draft: Any = {"id": "C-1"}
    assert_invalid("wrong_type", "draft", lambda: confirm(not_a_draft, READ_BACK))


@given(strategies.drafts(), st.data())
def test_every_confirmed_draft_is_a_record_holding_exactly_the_draft(
    made: Draft, data: st.DataObject
) -> None:
    confirmation = data.draw(strategies.confirmations(made.collected_at))
    record = confirm(made, confirmation)
    covered = set().union(*(entry.fields for entry in record.provenance))
    assert covered == made.fields
    for field in RECORD_FIELDS - {"notes"}:
        if field not in {"email_addresses", "phone_numbers"}:
            assert getattr(record, field) == getattr(made, field)
    assert record.contact_points == made.contact_points
    assert all(
        entry.confirmed_at == confirmation.at
        for entry in record.provenance
        if "interactions" not in entry.fields
    )


# --- read back -----------------------------------------------------------------------------


def test_the_read_back_of_a_new_customer_on_the_phone() -> None:
    lines = read_back(
        draft(
            date_of_birth=date(1990, 2, 28),
            accessibility_needs=(AccessibilityNeed(kind=NeedKind.LARGE_PRINT, detail="24 point"),),
            preferences=CommunicationPreferences(
                channels=(Channel.EMAIL, Channel.LETTER),
                refused_channels=frozenset({Channel.SMS}),
                language="cy",
            ),
            consents=(
                Consent(
                    purpose="marketing.communications.email",
                    lawful_basis=LawfulBasis.CONSENT,
                    given_at=CALL,
                    evidence="call recording R-5521",
                ),
                Consent(
                    purpose="essential.service",
                    lawful_basis=LawfulBasis.CONTRACT,
                    given_at=CALL,
                    evidence="terms v3",
                ),
            ),
        )
    ).lines
    assert [(line.field, line.text) for line in lines] == [
        ("name", "Name: Aisha Khan"),
        (
            "email_addresses",
            "E-mail: Aisha.Khan@example.com; spelled A, i, s for sierra, h, a, dot, K, h, a, "
            "n for november, at, e for echo, x, a, m for mike, p for papa, l, e for echo, dot, "
            "c for charlie, o, m for mike",
        ),
        ("phone_numbers", "Phone: 07400 123456; read as 0 7 4 0 0, 1 2 3, 4 5 6"),
        (
            "addresses",
            "Address: 14 Heol y Frenhines, Caerdydd, CF10 1AA; postcode spelled "
            "C for charlie, F for foxtrot, 1, 0, 1, A, A",
        ),
        ("date_of_birth", "Date of birth: 28 February 1990"),
        ("accessibility_needs", "You need: large print (24 point)"),
        ("preferences", "Contact by: e-mail, then letter"),
        ("preferences", "Not by: text message"),
        ("preferences", "Language: Welsh"),
        ("consents", "You agreed to: marketing by e-mail"),
    ]


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("020 7946 0018", "Phone: 020 7946 0018; read as 0 2 0, 7 9 4 6, 0 0 1 8"),
        ("01535 642123", "Phone: 01535 642123; read as 0 1 5 3 5, 6 4 2, 1 2 3"),
        ("0113 245 6789", "Phone: 0113 245 6789; read as 0 1 1 3, 2 4 5, 6 7 8 9"),
        ("+1 212 555 0123", "Phone: +1 212-555-0123; read as plus, 1, 2 1 2, 5 5 5, 0 1 2 3"),
        ("0800 123 4567", "Phone: 0800 123 4567; read as 0 8 0 0, 1 2 3, 4 5 6 7"),
        ("+33 1 42 68 53 00", "Phone: +33 1 42 68 53 00; read as plus, 3 3, 1, 4 2, 6 8, 5 3, 0 0"),
        (
            "020 7946 0018 ext. 42",
            "Phone: 020 7946 0018 extension 42; read as 0 2 0, 7 9 4 6, 0 0 1 8, extension 4 2",
        ),
    ],
)
def test_phone_numbers_are_grouped_for_reading_aloud(written: str, said: str) -> None:
    lines = read_back(draft(contact_points=(ContactPoint(value=PhoneNumber.parse(written)),))).lines
    assert lines[-2].text == said


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("jo@gmail.com", "E-mail: jo@gmail.com"),
        ("jo.b@gmail.com", "E-mail: jo.b@gmail.com; spelled j, o, dot, b for bravo, at gmail.com"),
        (
            "jo@hull.ac.uk",
            "E-mail: jo@hull.ac.uk; spelled jo, at, h, u, l, l, dot, a, c for charlie, dot, u, k",
        ),
        (
            "jo_2@yahoo.co.uk",
            "E-mail: jo_2@yahoo.co.uk; spelled j, o, underscore, 2, at yahoo.co.uk",
        ),
    ],
)
def test_e_mail_addresses_are_spelled_where_they_could_be_misheard(address: str, said: str) -> None:
    lines = read_back(
        draft(contact_points=(ContactPoint(value=EmailAddress.parse(address)),))
    ).lines
    assert lines[1].text == said


@given(strategies.drafts())
def test_a_read_back_says_only_what_the_customer_gave(made: Draft) -> None:
    """No derived facts (a number's kind or region), no records of service, no defaults."""
    back = read_back(made)
    assert {line.field for line in back.lines} <= made.fields - {"interactions"}
    said = {line.field for line in back.lines}
    for field in ("name", "email_addresses", "phone_numbers", "addresses", "date_of_birth"):
        assert (field in said) == (field in made.fields)
    assert str(back) == f"<read-back of {len(back.lines)} lines>"
    for line in back.lines:
        assert line.text not in repr(back)


# --- update ----------------------------------------------------------------------------------


@pytest.fixture
def aisha() -> CustomerRecord:
    return confirm(draft(), READ_BACK)


def moved(at: datetime) -> ChangeSource:
    return ChangeSource(
        source=Source.CUSTOMER_PHONE,
        by="agent-9",
        reason=ChangeReason.CUSTOMER_CORRECTION,
        confirmation=Confirmation(
            by="agent-9", at=at + timedelta(minutes=2), how=ConfirmationMethod.READ_BACK
        ),
    )


def test_an_existing_customer_moving_house(aisha: CustomerRecord) -> None:
    later = CALL + timedelta(days=200)
    record, changes = update(aisha, {"addresses": (NEW_HOME,)}, source=moved(later), at=later)
    assert record.addresses == (NEW_HOME,)
    assert aisha.addresses == (HOME,)
    assert changes.record_id == aisha.id
    assert changes.fields == {"addresses"}
    (change,) = changes.changes
    assert (change.before, change.after) == ((HOME,), (NEW_HOME,))
    entry = record.provenance[-1]
    assert entry.fields == {"addresses"}
    assert (entry.collected_by, entry.collected_at, entry.confirmed_how) == (
        "agent-9",
        later,
        ConfirmationMethod.READ_BACK,
    )
    assert "Whitby" not in repr(changes)
    assert "Caerdydd" not in repr(changes)


def test_returned_mail_needs_no_confirmation(aisha: CustomerRecord) -> None:
    later = CALL + timedelta(days=30)
    returned = ChangeSource(
        source=Source.THIRD_PARTY, by="royal-mail-returns", reason=ChangeReason.RETURNED_MAIL
    )
    record, changes = update(aisha, {"addresses": ()}, source=returned, at=later)
    assert record.addresses == ()
    assert record.provenance[-1].confirmed_at is None
    assert changes.source.reason is ChangeReason.RETURNED_MAIL


def test_one_kind_of_contact_point_changes_without_touching_the_other(
    aisha: CustomerRecord,
) -> None:
    later = CALL + timedelta(days=1)
    new_email = ContactPoint(value=EmailAddress.parse("aisha@khan.example"), verified=True)
    record, changes = update(
        aisha, {"email_addresses": (new_email,)}, source=moved(later), at=later
    )
    assert record.email_addresses == (new_email,)
    assert record.phone_numbers == aisha.phone_numbers
    assert changes.fields == {"email_addresses"}
    assert record.provenance[-1].fields == {"email_addresses"}


def test_a_colleague_adds_a_note_without_asking_the_customer(aisha: CustomerRecord) -> None:
    later = CALL + timedelta(hours=1)
    note = Note(id="N-1", at=later, author="agent-7", text="Asked about the new tariff.")
    colleague = ChangeSource(
        source=Source.COLLEAGUE, by="agent-7", reason=ChangeReason.NEW_INFORMATION
    )
    record, _ = update(aisha, {"notes": (note,)}, source=colleague, at=later)
    assert record.notes == (note,)
    assert record.provenance[-1].confirmed_at is None


def test_updating_to_the_same_value_changes_nothing(aisha: CustomerRecord) -> None:
    later = CALL + timedelta(days=1)
    unconfirmed = ChangeSource(
        source=Source.CUSTOMER_PHONE, by="agent-9", reason=ChangeReason.CUSTOMER_CORRECTION
    )
    record, changes = update(
        aisha, {"addresses": (HOME,), "name": aisha.name}, source=unconfirmed, at=later
    )
    assert record is aisha
    assert changes.is_empty
    assert replay(aisha, changes) is aisha


def test_bad_updates_leave_the_record_untouched(aisha: CustomerRecord) -> None:
    before = attrs.evolve(aisha)
    later = CALL + timedelta(days=1)
    source = moved(later)
    cases: list[tuple[str, str, Any]] = [
        ("unknown_field", "changes", {"shoe_size": 9}),
        ("unknown_field", "changes", {"contact_points": ()}),
        (
            "wrong_type",
            "changes.email_addresses",
            {"email_addresses": (ContactPoint(value=MOBILE),)},
        ),
        ("wrong_type", "addresses", {"addresses": [NEW_HOME]}),
        ("wrong_type", "name", {"name": "Aisha Khan"}),
        ("wrong_type", "date_of_birth", {"date_of_birth": "1990-02-28"}),
    ]
    for code, field, changes in cases:
        assert_invalid(
            code, field, lambda changes=changes: update(aisha, changes, source=source, at=later)
        )
    unconfirmed = attrs.evolve(source, confirmation=None)
    assert_invalid(
        "unconfirmed",
        "confirmation",
        lambda: update(aisha, {"addresses": (NEW_HOME,)}, source=unconfirmed, at=later),
    )
    early = attrs.evolve(
        source, confirmation=attrs.evolve(READ_BACK, at=later - timedelta(seconds=1))
    )
    assert_invalid(
        "before_start",
        "confirmation.at",
        lambda: update(aisha, {"addresses": (NEW_HOME,)}, source=early, at=later),
    )
    assert_invalid(
        "before_start",
        "at",
        lambda: update(
            aisha, {"addresses": (NEW_HOME,)}, source=source, at=CALL - timedelta(days=1)
        ),
    )
    assert aisha == before


@given(strategies.customer_records(), st.data())
def test_a_change_set_replayed_on_the_old_record_gives_the_new_one(
    record: CustomerRecord, data: st.DataObject
) -> None:
    at = record.created_at + timedelta(seconds=data.draw(st.integers(0, 10**9)))
    changes = data.draw(strategies.record_changes(record))
    source = data.draw(strategies.change_sources(at))
    new, change_set = update(record, changes, source=source, at=at)
    assert replay(record, change_set) == new
    assert change_set.fields <= changes.keys()
    for change in change_set.changes:
        assert getattr(new, change.field) == change.after
        assert getattr(record, change.field) == change.before != change.after
    for field in changes.keys() - change_set.fields:
        assert getattr(new, field) == getattr(record, field)
    if not change_set.is_empty:
        with pytest.raises(InvalidValue) as caught:
            replay(new, change_set)
        assert caught.value.code == "conflict"


def test_a_change_set_belongs_to_its_record(aisha: CustomerRecord) -> None:
    later = CALL + timedelta(days=1)
    _, changes = update(aisha, {"addresses": (NEW_HOME,)}, source=moved(later), at=later)
    other = attrs.evolve(aisha, id="C-9")
    assert_invalid("wrong_record", "change_set.record_id", lambda: replay(other, changes))
    assert isinstance(changes, ChangeSet)


# --- assess ------------------------------------------------------------------------------------


def codes(
    record: CustomerRecord, purpose: str, today: date, guidelines: Guidelines = UK
) -> set[tuple[str, str]]:
    assessment = assess(record, guidelines, purpose=purpose, today=today)
    return {(item.code.value, item.field) for item in assessment.items}


def test_a_new_customer_is_sufficient_for_service(aisha: CustomerRecord) -> None:
    assessment = assess(aisha, UK, purpose="essential.service", today=date(2026, 11, 24))
    assert assessment.ok
    assert assessment.sufficient
    assert assessment.relevant
    assert assessment.confirmed
    assert assessment.permitted


def test_what_each_purpose_lacks(aisha: CustomerRecord) -> None:
    today = date(2026, 11, 24)
    no_address = attrs.evolve(aisha, addresses=())
    assert codes(no_address, "essential.service.payment_processing", today) == {
        ("missing", "addresses")
    }
    assert codes(aisha, "marketing.communications.email", today) == {
        ("missing_consent", "consents")
    }
    consented = attrs.evolve(
        aisha,
        consents=(
            Consent(
                purpose="marketing.communications.email",
                lawful_basis=LawfulBasis.CONSENT,
                given_at=CALL,
                evidence="web form v4",
            ),
        ),
    )
    assert codes(consented, "marketing.communications.email", today) == {
        ("unconfirmed", "consents")
    }
    objected = attrs.evolve(
        consented, preferences=CommunicationPreferences(objections=frozenset({"marketing"}))
    )
    found = codes(objected, "marketing.communications.email", today)
    assert ("objected", "preferences") in found
    assert codes(aisha, "essential.service.payment_processing.direct_debit", today) == set()
    with pytest.raises(InvalidValue) as caught:
        assess(aisha, UK, purpose="analytics.reporting", today=today)
    assert (caught.value.code, caught.value.field) == ("undeclared_purpose", "purpose")


def test_a_date_of_birth_a_consumer_business_does_not_need_is_irrelevant(
    aisha: CustomerRecord,
) -> None:
    with_birthday = attrs.evolve(aisha, date_of_birth=date(1990, 2, 28))
    assessment = assess(with_birthday, UK, purpose="essential.service", today=date(2026, 11, 24))
    (item,) = [item for item in assessment.items if item.field == "date_of_birth"]
    assert item.code is AssessmentCode.IRRELEVANT
    assert item.rule == "fields.date_of_birth.purposes"
    assert not assessment.relevant
    assert "1990" not in item.message


def test_accessibility_needs_are_health_data_and_need_their_condition(
    aisha: CustomerRecord,
) -> None:
    today = date(2026, 11, 24)
    needs = (AccessibilityNeed(kind=NeedKind.BRAILLE),)
    held = attrs.evolve(
        aisha,
        accessibility_needs=needs,
        provenance=(
            attrs.evolve(
                aisha.provenance[0], fields=aisha.provenance[0].fields | {"accessibility_needs"}
            ),
        ),
    )
    assert codes(held, "essential.service", today) == {("needs_condition", "accessibility_needs")}
    condition = SpecialCategoryCondition(
        fields=frozenset({"accessibility_needs"}),
        condition=Article9Condition.EXPLICIT_CONSENT,
        recorded_at=CALL,
        evidence="call recording R-5521",
    )
    covered = attrs.evolve(
        held,
        special_category_conditions=(condition,),
        provenance=(
            attrs.evolve(
                held.provenance[0],
                fields=held.provenance[0].fields | {"special_category_conditions"},
            ),
        ),
    )
    assert codes(covered, "essential.service", today) == set()


def test_information_goes_stale_on_the_day_its_period_ends(aisha: CustomerRecord) -> None:
    """The default asks for an address to be confirmed again every year."""
    assert codes(aisha, "essential.service", date(2027, 11, 22)) == set()
    assessment = assess(aisha, UK, purpose="essential.service", today=date(2027, 11, 23))
    assert [(i.code.value, i.field, i.due) for i in assessment.items] == [
        ("stale", "addresses", date(2027, 11, 23)),
    ]
    assert assessment.items[0].rule == "fields.addresses.reconfirm_every"
    later = datetime(2027, 12, 1, 9, 0, tzinfo=UTC)
    again, _ = update(aisha, {"addresses": (NEW_HOME,)}, source=moved(later), at=later)
    assert codes(again, "essential.service", date(2027, 12, 2)) == set()


def test_legacy_data_nobody_confirmed(aisha: CustomerRecord) -> None:
    legacy = attrs.evolve(
        aisha,
        provenance=(attrs.evolve(aisha.provenance[0], confirmed_at=None, confirmed_how=None),),
    )
    found = codes(legacy, "essential.service", date(2026, 11, 24))
    assert found == {
        ("unconfirmed", "name"),
        ("unconfirmed", "email_addresses"),
        ("unconfirmed", "phone_numbers"),
        ("unconfirmed", "addresses"),
    }


def test_an_organisations_own_rules(aisha: CustomerRecord) -> None:
    ours = Guidelines(
        name="ours",
        purposes=UK.purposes,
        fields=(
            *(rule for rule in UK.fields if rule.name not in {"phone_numbers", "date_of_birth"}),
            FieldRule(
                name="date_of_birth", category="user.demographic.date_of_birth", keep=KeepRule.NEVER
            ),
        ),
    )
    with_birthday = attrs.evolve(aisha, date_of_birth=date(1990, 2, 28))
    found = codes(with_birthday, "essential.service", date(2026, 11, 24), ours)
    assert found == {
        ("uncatalogued", "phone_numbers"),
        ("prohibited", "date_of_birth"),
        ("irrelevant", "date_of_birth"),
    }


@given(
    strategies.customer_records(),
    st.sampled_from([p.key for p in UK.purposes]),
    st.dates(date(2000, 1, 1), date(2045, 1, 1)),
)
def test_every_item_names_its_field_and_a_rule_that_exists(
    record: CustomerRecord, purpose: str, today: date
) -> None:
    assessment = assess(record, UK, purpose=purpose, today=today)
    for item in assessment.items:
        assert item.field in RECORD_FIELDS
        section, _, rest = item.rule.partition(".")
        if section == "fields":
            name = rest.split(".")[0]
            assert UK.field(name) is not None
            if item.code is not AssessmentCode.MISSING:
                assert getattr(record, item.field) not in (None, ())
        else:
            assert section == "purposes"
    assert list(assessment.items) == sorted(assessment.items, key=lambda i: (i.field, i.code.value))
    assert assessment.ok == (not assessment.items)


def test_the_read_back_says_objections_and_the_condition_agreed_to() -> None:
    condition = SpecialCategoryCondition(
        fields=frozenset({"accessibility_needs"}),
        condition=Article9Condition.EXPLICIT_CONSENT,
        recorded_at=CALL,
        evidence="call recording R-5521",
    )
    legal_claims = SpecialCategoryCondition(
        fields=frozenset({"accessibility_needs"}),
        condition=Article9Condition.LEGAL_CLAIMS,
        recorded_at=CALL,
        evidence="claim CL-9",
    )
    lines = read_back(
        draft(
            name=None,
            contact_points=(),
            addresses=(),
            accessibility_needs=(AccessibilityNeed(kind=NeedKind.OTHER, detail="short calls"),),
            special_category_conditions=(condition, legal_claims),
            preferences=CommunicationPreferences(
                objections=frozenset({"marketing.communications.phone", "marketing"})
            ),
        )
    ).lines
    assert [line.text for line in lines] == [
        "You need: short calls",
        "About your accessibility needs: you agreed that we may keep it",
        "You asked us not to use your details for: marketing, marketing calls",
    ]


def test_an_assessment_lists_the_fields_of_each_kind(aisha: CustomerRecord) -> None:
    held = attrs.evolve(aisha, date_of_birth=date(1990, 2, 28), addresses=())
    assessment = assess(
        held, UK, purpose="essential.service.payment_processing", today=date(2026, 11, 24)
    )
    assert assessment.fields_with(AssessmentCode.MISSING) == {"addresses"}
    assert assessment.fields_with(AssessmentCode.IRRELEVANT) == {"date_of_birth"}
    assert assessment.fields_with(AssessmentCode.STALE) == frozenset()
    assert assessment.codes == {AssessmentCode.MISSING, AssessmentCode.IRRELEVANT}
    assert not assessment.sufficient
    assert not assessment.relevant
    assert assessment.confirmed
    assert assessment.permitted
