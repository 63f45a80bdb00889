"""Supplying information: channels that respect needs and security, and supplies followed up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    AccessibilityNeed,
    Channel,
    CommunicationPreferences,
    Consent,
    ContactPoint,
    CustomerRecord,
    EmailAddress,
    Format,
    Guidelines,
    InvalidValue,
    LawfulBasis,
    Message,
    NeedKind,
    PhoneNumber,
    PostalAddress,
    Provenance,
    RecordStatus,
    Sensitivity,
    Source,
    SupplyState,
    UnderstandingMethod,
    UsageError,
    acknowledge,
    choose_channel,
    deliver,
    fail,
    follow_ups_due,
    plan_supply,
    retry,
    send,
    understand,
)
from custrecords.testing import customer_records, messages

UK = Guidelines.uk_default()
DAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
NIGHT = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)


def customer(*needs: NeedKind, **changes: object) -> CustomerRecord:
    record = CustomerRecord(
        id="C1",
        provenance=(
            Provenance(
                fields=frozenset({"name"}),
                source=Source.CUSTOMER_PHONE,
                collected_by="agent-7",
                collected_at=datetime(2024, 1, 5, tzinfo=UTC),
            ),
        ),
        contact_points=(
            ContactPoint(value=EmailAddress.parse("aisha@example.com"), verified=True),
            ContactPoint(value=PhoneNumber.parse("07400 123456"), verified=True),
        ),
        addresses=(PostalAddress.parse(["12 Acacia Avenue"], postcode="LS6 2AB"),),
        accessibility_needs=tuple(AccessibilityNeed(kind=need) for need in needs),
    )
    return attrs.evolve(record, **changes)  # type: ignore[arg-type]


def message(**changes: object) -> Message:
    values: dict[str, object] = {
        "topic": "your bill",
        "purpose": "essential.service.payment_processing",
        "sensitivity": Sensitivity.FINANCIAL,
        **changes,
    }
    return Message(**values)  # type: ignore[arg-type]


def test_a_blind_customer_gets_their_bill_in_braille_by_post() -> None:
    choice = choose_channel(message(needs_record=True), customer(NeedKind.BRAILLE), UK, now=DAY)
    assert (choice.channel, choice.format, choice.fallbacks) == (Channel.LETTER, Format.BRAILLE, ())
    assert "accessibility" in {r.code for r in choice.reasons}


def test_a_deaf_customer_hears_of_an_urgent_outage_by_signed_video_first_even_at_night() -> None:
    outage = message(
        topic="supply outage tonight",
        purpose="essential.service",
        sensitivity=Sensitivity.PERSONAL,
        urgent=True,
        must_send=True,
    )
    choice = choose_channel(outage, customer(NeedKind.BSL_VIDEO), UK, now=NIGHT)
    assert choice.channel is Channel.VIDEO
    assert choice.format is Format.BSL_VIDEO
    assert Channel.PHONE not in choice.allowed  # no voice calls for a BSL user
    assert Channel.SMS in choice.fallbacks  # urgent: texts allowed at night
    not_urgent = attrs.evolve(outage, urgent=False)
    assert (
        Channel.SMS
        not in choose_channel(not_urgent, customer(NeedKind.BSL_VIDEO), UK, now=NIGHT).allowed
    )


def test_a_sensitive_complaint_outcome_never_goes_by_text_or_plain_email() -> None:
    outcome = message(
        topic="complaint outcome",
        purpose="essential.service.operations.support",
        sensitivity=Sensitivity.SPECIAL_CATEGORY,
        needs_record=True,
    )
    choice = choose_channel(outcome, customer(), UK, now=DAY)
    assert (choice.channel, choice.fallbacks) == (Channel.WEB, (Channel.LETTER,))
    assert {r.rule for r in choice.reasons if r.code == "sensitivity"} == {
        "channels.special-category-information"
    }


def test_a_colleague_is_answered_on_the_intranet() -> None:
    handover = message(
        purpose="essential.service.operations.support", sensitivity=Sensitivity.PERSONAL
    )
    choice = choose_channel(handover, None, UK, now=DAY)
    assert (choice.channel, choice.fallbacks) == (Channel.INTRANET, ())


def test_only_verified_contact_points_are_used() -> None:
    unverified = customer(
        contact_points=(
            ContactPoint(value=EmailAddress.parse("aisha@example.com"), verified=False),
        )
    )
    choice = choose_channel(message(sensitivity=Sensitivity.PERSONAL), unverified, UK, now=DAY)
    assert Channel.EMAIL not in choice.allowed
    assert choice.channel is Channel.LETTER


def test_an_objection_to_marketing_is_absolute_but_never_blocks_service() -> None:
    objected = customer(
        preferences=CommunicationPreferences(objections=frozenset({"marketing"})),
        consents=(
            Consent(
                purpose="marketing.communications.email",
                lawful_basis=LawfulBasis.CONSENT,
                given_at=datetime(2025, 1, 1, tzinfo=UTC),
                evidence="web form",
            ),
        ),
    )
    offer = message(purpose="marketing.communications.email", sensitivity=Sensitivity.PUBLIC)
    refused = choose_channel(offer, objected, UK, now=DAY)
    assert refused.channel is None
    assert {r.code for r in refused.reasons} >= {"objected", "nothing_allowed"}
    service = message(purpose="essential.service", sensitivity=Sensitivity.PERSONAL)
    assert choose_channel(service, objected, UK, now=DAY).channel is not None


def test_marketing_goes_only_by_channels_with_consent() -> None:
    consented = customer(
        consents=(
            Consent(
                purpose="marketing.communications.post",
                lawful_basis=LawfulBasis.CONSENT,
                given_at=datetime(2025, 1, 1, tzinfo=UTC),
                evidence="signed form",
            ),
        )
    )
    offer = message(purpose="marketing.communications", sensitivity=Sensitivity.PUBLIC)
    assert choose_channel(offer, consented, UK, now=DAY).allowed == (Channel.LETTER,)


def test_preferences_order_and_refusals_remove_unless_the_message_must_be_sent() -> None:
    prefers = customer(
        preferences=CommunicationPreferences(
            channels=(Channel.LETTER,), refused_channels=frozenset({Channel.EMAIL})
        )
    )
    choice = choose_channel(message(sensitivity=Sensitivity.PERSONAL), prefers, UK, now=DAY)
    assert choice.channel is Channel.LETTER
    assert Channel.EMAIL not in choice.allowed


def test_nothing_allowed_says_so_rather_than_guessing() -> None:
    nowhere = customer(contact_points=(), addresses=())
    choice = choose_channel(message(needs_record=True), nowhere, UK, now=DAY)
    assert choice.channel is None
    assert choice.reasons[-1].code == "nothing_allowed"


def test_a_restricted_record_is_only_stored() -> None:
    """UK GDPR Article 18(2): while processing is restricted, nothing is sent."""
    restricted = customer(status=RecordStatus.RESTRICTED)
    choice = choose_channel(message(sensitivity=Sensitivity.PERSONAL), restricted, UK, now=DAY)
    assert choice.channel is None
    assert choice.reasons[0].code == "restricted"


def test_a_bad_message_is_refused() -> None:
    with pytest.raises(InvalidValue) as raised:
        message(purpose="marketing.spam")
    assert raised.value.field == "message.purpose"


# --- supplies ---------------------------------------------------------------------------------


def test_a_supply_goes_from_planned_to_understood() -> None:
    choice = choose_channel(message(needs_understanding=True), customer(), UK, now=DAY)
    supply = plan_supply(message(needs_understanding=True), choice, id="S1", record_id="C1", at=DAY)
    supply = send(supply, at=DAY + timedelta(hours=1))
    supply = deliver(supply, at=DAY + timedelta(days=1))
    supply = acknowledge(supply, at=DAY + timedelta(days=2))
    assert [f.code for f in follow_ups_due([supply], now=DAY + timedelta(days=8))] == [
        "understanding_not_confirmed"
    ]
    supply = understand(supply, at=DAY + timedelta(days=3), method=UnderstandingMethod.TEACH_BACK)
    assert supply.state is SupplyState.UNDERSTOOD
    assert list(follow_ups_due([supply], now=DAY + timedelta(days=90))) == []


def test_a_failed_supply_is_retried_on_the_next_fallback() -> None:
    choice = choose_channel(message(), customer(), UK, now=DAY)
    supply = send(plan_supply(message(), choice, id="S1", record_id="C1", at=DAY), at=DAY)
    failed = fail(supply, at=DAY + timedelta(hours=2))
    assert [f.code for f in follow_ups_due([failed], now=DAY + timedelta(hours=3))] == ["failed"]
    again = retry(failed, at=DAY + timedelta(hours=3))
    assert (again.state, again.channel) == (SupplyState.PLANNED, choice.fallbacks[0])


def test_illegal_moves_are_refused() -> None:
    choice = choose_channel(message(), customer(), UK, now=DAY)
    planned = plan_supply(message(), choice, id="S1", record_id="C1", at=DAY)
    with pytest.raises(UsageError):
        deliver(planned, at=DAY)
    with pytest.raises(UsageError):
        understand(planned, at=DAY, method=UnderstandingMethod.READ_BACK)
    with pytest.raises(InvalidValue) as raised:
        send(planned, at=DAY - timedelta(days=1))
    assert raised.value.code == "before_start"
    last = choose_channel(message(needs_record=True), customer(NeedKind.BRAILLE), UK, now=DAY)
    only = fail(send(plan_supply(message(), last, id="S2", record_id="C1", at=DAY), at=DAY), at=DAY)
    with pytest.raises(UsageError):
        retry(only, at=DAY)
    nowhere = customer(contact_points=(), addresses=())
    no_choice = choose_channel(message(needs_record=True), nowhere, UK, now=DAY)
    with pytest.raises(UsageError):
        plan_supply(message(), no_choice, id="S3", record_id="C1", at=DAY)


def test_stuck_supplies_are_chased_after_their_time() -> None:
    choice = choose_channel(message(), customer(), UK, now=DAY)
    planned = plan_supply(message(), choice, id="S1", record_id="C1", at=DAY)
    assert list(follow_ups_due([planned], now=DAY + timedelta(hours=23))) == []
    assert [f.code for f in follow_ups_due([planned], now=DAY + timedelta(days=2))] == ["not_sent"]
    sent = send(planned, at=DAY)
    assert [f.code for f in follow_ups_due([sent], now=DAY + timedelta(days=6))] == [
        "not_delivered"
    ]
    delivered = deliver(sent, at=DAY)
    assert [f.code for f in follow_ups_due([delivered], now=DAY + timedelta(days=11))] == [
        "not_acknowledged"
    ]
    # Acknowledged, and its understanding need not be confirmed: nothing to chase.
    assert (
        list(follow_ups_due([acknowledge(delivered, at=DAY)], now=DAY + timedelta(days=60))) == []
    )


# --- properties ---------------------------------------------------------------------------

MESSAGES = messages
# Naive bounds are how hypothesis takes them; it adds the time zone.
MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001
    max_value=datetime(2027, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(customer_records(), MESSAGES, MOMENTS)
def test_every_channel_offered_respects_needs_and_security(
    record: CustomerRecord, sent: Message, now: datetime
) -> None:
    """Equality Act 2010 s20 and UK GDPR Article 32: neither is traded for convenience."""
    choice = choose_channel(sent, record, UK, now=now)
    rule = next(r for r in UK.channels if r.sensitivity is sent.sensitivity)
    needs = {need.kind for need in record.accessibility_needs}
    for channel in choice.allowed:
        assert channel in rule.channels  # a fallback is never a forbidden channel
        if needs & {NeedKind.BSL_VIDEO, NeedKind.BSL_INTERPRETER, NeedKind.LIPSPEAKER}:
            assert channel is not Channel.PHONE
        if NeedKind.BRAILLE in needs:
            assert channel not in {Channel.SMS, Channel.EMAIL, Channel.WEB}
        if channel is Channel.EMAIL:
            assert any(p.verified for p in record.email_addresses)
        if channel in {Channel.PHONE, Channel.SMS}:
            assert any(p.verified for p in record.phone_numbers)
    assert len(set(choice.allowed)) == len(choice.allowed)
    if choice.channel is None:
        assert choice.reasons[-1].code == "nothing_allowed"


@given(
    customer_records(),
    MESSAGES,
    st.lists(st.sampled_from(["send", "deliver", "fail", "ack", "understand"]), max_size=6),
)
def test_follow_ups_never_include_understood_supplies(
    record: CustomerRecord, sent: Message, moves: list[str]
) -> None:
    choice = choose_channel(sent, record, UK, now=DAY)
    if choice.channel is None:
        return
    supply = plan_supply(sent, choice, id="S1", record_id=record.id, at=DAY)
    steps = {
        "send": lambda s, at: send(s, at=at),
        "deliver": lambda s, at: deliver(s, at=at),
        "fail": lambda s, at: fail(s, at=at),
        "ack": lambda s, at: acknowledge(s, at=at),
        "understand": lambda s, at: understand(s, at=at, method=UnderstandingMethod.REPLY),
    }
    for index, move in enumerate(moves):
        try:
            supply = steps[move](supply, DAY + timedelta(hours=index + 1))
        except UsageError:
            continue
    due = list(follow_ups_due([supply], now=DAY + timedelta(days=365)))
    if supply.state is SupplyState.UNDERSTOOD:
        assert due == []
    else:
        assert supply.state is SupplyState.ACKNOWLEDGED or due
