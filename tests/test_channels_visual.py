"""Content that must be seen is never sent by a voice-only channel, whatever the customer prefers.

The standard asks the agent to choose the most appropriate way to supply information
(Process information about customers, P7; CFACSAA6 A6.3.2): in writing, verbally,
electronically or using images. A statement, a form to sign or a diagram cannot be
heard, so a phone call (its voicemail, an automated line) is never the way, and a
customer who cannot see it gets it in an accessible form they can keep (Equality Act
2010 s20), not read out on a call.
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

from custrecords import (
    AccessibilityNeed,
    Channel,
    ChoiceReason,
    CommunicationPreferences,
    ContactPoint,
    CustomerRecord,
    EmailAddress,
    Format,
    Guidelines,
    Message,
    NeedKind,
    PhoneNumber,
    PostalAddress,
    Provenance,
    Sensitivity,
    Source,
    choose_channel,
)
from custrecords.testing import customer_records, messages

UK = Guidelines.uk_default()
DAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PREFERS_PHONE = CommunicationPreferences(channels=(Channel.PHONE,))


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
        preferences=PREFERS_PHONE,
    )
    return attrs.evolve(record, **changes)  # type: ignore[arg-type]


def statement(**changes: object) -> Message:
    values: dict[str, object] = {
        "topic": "your annual statement",
        "purpose": "essential.service.payment_processing",
        "sensitivity": Sensitivity.FINANCIAL,
        "visual": True,
        **changes,
    }
    return Message(**values)  # type: ignore[arg-type]


def voice_reason(reasons: tuple[ChoiceReason, ...]) -> list[str]:
    return [reason.message for reason in reasons if reason.code == "must_be_seen"]


def test_what_must_be_seen_is_said_on_the_message() -> None:
    assert statement().must_be_seen
    assert statement(visual=False, needs_record=True).must_be_seen
    assert statement(visual=False, needs_signature=True).must_be_seen
    assert not statement(visual=False).must_be_seen


def test_a_statement_is_not_phoned_to_a_customer_who_prefers_phone() -> None:
    choice = choose_channel(statement(), customer(), UK, now=DAY)
    assert Channel.PHONE not in choice.allowed
    assert choice.channel is Channel.WEB  # a financial statement: the secure portal first
    assert voice_reason(choice.reasons) == [
        "it must be seen, and a voice-only channel can only be heard (not phone)"
    ]
    assert {r.rule for r in choice.reasons if r.code == "must_be_seen"} == {
        "Process information about customers P7 (CFACSAA6 A6.3.2)"
    }


def test_a_statement_never_falls_back_to_a_call() -> None:
    choice = choose_channel(
        statement(), customer(preferences=CommunicationPreferences()), UK, now=DAY
    )
    assert Channel.PHONE not in choice.fallbacks


def test_an_urgent_statement_is_not_phoned_first() -> None:
    choice = choose_channel(statement(urgent=True), customer(), UK, now=DAY)
    assert choice.channel is not Channel.PHONE
    assert Channel.PHONE not in choice.allowed


def test_written_and_signed_content_says_voice_was_passed_over_because_it_must_be_seen() -> None:
    for changes in ({"needs_record": True}, {"needs_signature": True}):
        choice = choose_channel(statement(visual=False, **changes), customer(), UK, now=DAY)
        assert Channel.PHONE not in choice.allowed
        assert voice_reason(choice.reasons), changes


def test_a_blind_customer_who_prefers_phone_gets_the_statement_in_braille_by_post() -> None:
    """Equality Act 2010 s20: the adjustment is an accessible form to keep, not a call."""
    blind = customer(NeedKind.BRAILLE)
    assert Channel.PHONE not in choose_channel(statement(urgent=True), blind, UK, now=DAY).allowed
    choice = choose_channel(statement(), blind, UK, now=DAY)
    assert (choice.channel, choice.format, choice.fallbacks) == (
        Channel.LETTER,
        Format.BRAILLE,
        (Channel.VIDEO, Channel.FACE_TO_FACE),
    )
    reason = next(r for r in choice.reasons if r.code == "must_be_seen")
    assert "Equality Act 2010 s20" in reason.rule
    assert reason.message == (
        "it must be seen, or read in braille, and a voice-only channel can only be heard"
        " (not phone)"
    )


def test_an_audio_version_of_a_statement_is_a_recording_to_keep_not_a_call() -> None:
    choice = choose_channel(statement(), customer(NeedKind.AUDIO), UK, now=DAY)
    assert choice.format is Format.AUDIO
    assert Channel.PHONE not in choice.allowed
    assert "images_described" in {r.code for r in choice.reasons}


def test_a_statement_that_only_a_call_could_carry_is_not_sent() -> None:
    phone_only = customer(
        contact_points=(ContactPoint(value=PhoneNumber.parse("07400 123456"), verified=True),),
        addresses=(),
        preferences=CommunicationPreferences(
            channels=(Channel.PHONE,),
            refused_channels=frozenset({Channel.VIDEO, Channel.FACE_TO_FACE}),
        ),
    )
    for must_send in (False, True):
        choice = choose_channel(statement(must_send=must_send), phone_only, UK, now=DAY)
        assert choice.channel is None
        assert [r.code for r in choice.reasons][-2:] == ["must_be_seen", "nothing_allowed"]


# --- properties ---------------------------------------------------------------------------

MUST_BE_SEEN = st.one_of(
    messages.map(lambda sent: attrs.evolve(sent, visual=True)),
    messages.map(lambda sent: attrs.evolve(sent, needs_record=True)),
    messages.map(lambda sent: attrs.evolve(sent, needs_signature=True)),
)
"""Messages that are shown, needed in writing or to be signed."""
MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001
    max_value=datetime(2027, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


# A customer reachable by phone, by day, who would rather be called: the case to hold.
@example(customer(), statement(), DAY, list(Channel), True)
@example(customer(NeedKind.AUDIO), statement(urgent=True), DAY, list(Channel), True)
@given(customer_records(), MUST_BE_SEEN, MOMENTS, st.permutations(list(Channel)), st.booleans())
def test_content_that_must_be_seen_never_goes_by_a_voice_only_channel(
    record: CustomerRecord, sent: Message, now: datetime, order: list[Channel], phone_first: bool
) -> None:
    """P7 (CFACSAA6 A6.3.2), the most appropriate way to supply information: whatever
    the customer prefers, whatever their needs, however urgent, what must be seen is
    never sent by phone, first or as a fallback; the reasons say why."""
    refused = record.preferences.refused_channels
    preferred = [channel for channel in order if channel not in refused]
    if phone_first and Channel.PHONE not in refused:
        preferred = [Channel.PHONE, *(c for c in preferred if c is not Channel.PHONE)]
    record = attrs.evolve(
        record, preferences=attrs.evolve(record.preferences, channels=tuple(preferred))
    )
    choice = choose_channel(sent, record, UK, now=now)
    assert Channel.PHONE not in choice.allowed
    if choice.channel is None:
        assert choice.reasons[-1].code == "nothing_allowed"
