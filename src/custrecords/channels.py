"""Supplying information: the most appropriate channel, and confirming it was understood.

The standard asks the agent to choose the most appropriate way to supply information
(in writing, verbally, electronically or using images) and to confirm that the
customer or colleague received and understood it. `choose_channel` makes the choice,
every step a reason; a `SupplyRecord` follows one message from planned to understood,
and `follow_ups_due` says what needs chasing.

>>> from datetime import UTC, datetime
>>> from custrecords import Guidelines, Sensitivity
>>> colleague_note = Message(topic="case handover", purpose="essential.service.operations.support",
...                          sensitivity=Sensitivity.PERSONAL)
>>> choice = choose_channel(colleague_note, None, Guidelines.uk_default(),
...                         now=datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
>>> choice.channel.value, choice.format.value
('intranet', 'standard')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Final, final

import attrs

from custrecords._checks import (
    check_choice,
    check_id,
    check_items,
    check_text,
    check_time,
    check_type,
    uk_time,
)
from custrecords.errors import InvalidValue, UsageError
from custrecords.guidelines import Guidelines, Sensitivity
from custrecords.marketing import MarketingBasis, marketing_permission
from custrecords.records import CustomerRecord, NeedKind, RecordStatus
from custrecords.taxonomy import Channel, check_data_use, covers
from custrecords.values import EmailAddress, PhoneKind, PhoneNumber

__all__ = [
    "ChannelChoice",
    "ChoiceReason",
    "FollowUp",
    "Format",
    "Message",
    "SupplyEvent",
    "SupplyRecord",
    "SupplyState",
    "UnderstandingMethod",
    "acknowledge",
    "choose_channel",
    "deliver",
    "fail",
    "follow_ups_due",
    "plan_supply",
    "retry",
    "send",
    "understand",
]


class Format(StrEnum):
    """The form information takes (the NHS Accessible Information Standard's formats)."""

    STANDARD = "standard"
    LARGE_PRINT = "large_print"
    BRAILLE = "braille"
    AUDIO = "audio"
    EASY_READ = "easy_read"
    ELECTRONIC = "electronic"
    """A document a screen reader can read."""
    BSL_VIDEO = "bsl_video"
    """British Sign Language video."""
    VISUAL = "visual"
    """Shown rather than told: a diagram, a map, a form."""


@final
@attrs.frozen(kw_only=True)
class Message:
    """What is being sent.

    Attributes:
        topic: what it is about, in words.
        purpose: the purpose it serves (``essential.service``; ``marketing.*`` for
            marketing).
        sensitivity: how much harm it could do in the wrong hands.
        urgent: whether it cannot wait (a supply outage, a safety notice).
        must_send: whether the organisation must send it (a safety notice, a
            statutory notice): it cannot be opted out of, but keeps to the channel rules.
        needs_record: whether the customer needs it in writing.
        needs_signature: whether they must sign and return it.
        visual: whether it must be shown rather than told (a statement, a diagram, a
            map, a form).
        needs_understanding: whether the customer's understanding must be confirmed.
        products: for marketing, the products and services it markets: a soft opt-in
            covers only the organisation's similar products (PECR regulation 22(3)(b)).
        offers_refusal: for marketing, whether it gives the customer a simple, free
            means of refusing more (an unsubscribe link, "reply STOP"): a soft opt-in
            needs one in every message (PECR regulation 22(3)(c)).

    A message that is visual, needed in writing or to be signed `must_be_seen`: it is
    never sent by a voice-only channel.
    """

    topic: str
    purpose: str
    sensitivity: Sensitivity
    urgent: bool = False
    must_send: bool = False
    needs_record: bool = False
    needs_signature: bool = False
    visual: bool = False
    needs_understanding: bool = False
    products: frozenset[str] = frozenset()
    offers_refusal: bool = False

    def __attrs_post_init__(self) -> None:
        check_text(self.topic, "message.topic")
        check_data_use(self.purpose, "message.purpose")
        check_choice(self.sensitivity, Sensitivity, "message.sensitivity")
        for name in (
            "urgent",
            "must_send",
            "needs_record",
            "needs_signature",
            "visual",
            "needs_understanding",
            "offers_refusal",
        ):
            if not isinstance(getattr(self, name), bool):
                raise InvalidValue("wrong_type", f"message.{name}", "must be true or false")
        check_items(self.products, str, "message.products", frozenset)
        for product in self.products:
            check_text(product, "message.products")

    @property
    def must_be_seen(self) -> bool:
        """Whether the customer must see it, or read it in an accessible form.

        Something shown, a document to keep or a form to sign cannot be heard, so
        `choose_channel` never sends it by a voice-only channel.

        >>> Message(topic="your statement", purpose="essential.service",
        ...         sensitivity=Sensitivity.FINANCIAL, needs_record=True).must_be_seen
        True
        """
        return self.visual or self.needs_record or self.needs_signature


@final
@attrs.frozen(kw_only=True)
class ChoiceReason:
    """One step of a channel choice.

    Attributes:
        code: a stable machine code (``accessibility``, ``unverified``, ``quiet_hours``...).
        rule: what the step follows: a channel rule's ``channels.<id>``, or the law.
        message: the step, in plain English.
    """

    code: str
    rule: str
    message: str


@final
@attrs.frozen(kw_only=True)
class ChannelChoice:
    """How to supply a message: the channel, the format, and what to try next.

    Attributes:
        channel: the channel to use; ``None`` when nothing is allowed (the reasons
            say why).
        format: the form the information takes.
        fallbacks: the channels to try, in order, if the first fails.
        support: communication support to arrange (``bsl_interpreter``,
            ``text_relay``, ``named_supporter``), at no charge to the customer.
        reasons: every step of the choice.
    """

    channel: Channel | None
    format: Format
    fallbacks: tuple[Channel, ...]
    support: tuple[str, ...]
    reasons: tuple[ChoiceReason, ...]

    @property
    def allowed(self) -> tuple[Channel, ...]:
        """The chosen channel and its fallbacks, in order."""
        return () if self.channel is None else (self.channel, *self.fallbacks)


# Accessibility needs (Equality Act 2010 s20; NHS Accessible Information Standard,
# DCB1605): the format they call for, channels they rule out, and support to arrange.
_NEED_FORMATS: Final = {
    NeedKind.LARGE_PRINT: Format.LARGE_PRINT,
    NeedKind.BRAILLE: Format.BRAILLE,
    NeedKind.AUDIO: Format.AUDIO,
    NeedKind.EASY_READ: Format.EASY_READ,
    NeedKind.ELECTRONIC: Format.ELECTRONIC,
    NeedKind.BSL_VIDEO: Format.BSL_VIDEO,
}
_NEED_RULES_OUT: Final[dict[NeedKind, frozenset[Channel]]] = {
    # Braille goes on paper; a text message or a plain e-mail is no braille.
    NeedKind.BRAILLE: frozenset({Channel.SMS, Channel.EMAIL, Channel.WEB}),
    NeedKind.AUDIO: frozenset({Channel.SMS}),
    # A Deaf customer who signs is not called by voice, and gets signed video.
    NeedKind.BSL_VIDEO: frozenset({Channel.PHONE}),
    NeedKind.BSL_INTERPRETER: frozenset({Channel.PHONE}),
    NeedKind.LIPSPEAKER: frozenset({Channel.PHONE}),
}
_NEED_SUPPORT: Final = {
    NeedKind.BSL_INTERPRETER: "bsl_interpreter",
    NeedKind.LIPSPEAKER: "lipspeaker",
    NeedKind.HEARING_LOOP: "hearing_loop",
    NeedKind.NAMED_SUPPORTER: "named_supporter",
    NeedKind.TEXT_RELAY: "text_relay",
}
_ACCESS_RULE: Final = "Equality Act 2010 s20; NHS Accessible Information Standard (DCB1605)"

# The order channels are tried in when nothing else decides it.
_ROUTINE_ORDER: Final = (
    Channel.EMAIL,
    Channel.WEB,
    Channel.LETTER,
    Channel.PHONE,
    Channel.SMS,
    Channel.VIDEO,
    Channel.FACE_TO_FACE,
)
_URGENT_ORDER: Final = (
    Channel.PHONE,
    Channel.SMS,
    Channel.VIDEO,
    Channel.EMAIL,
    Channel.WEB,
    Channel.LETTER,
    Channel.FACE_TO_FACE,
)
_WRITTEN: Final = frozenset({Channel.LETTER, Channel.EMAIL, Channel.WEB, Channel.SMS})
_SIGNABLE: Final = frozenset({Channel.LETTER, Channel.WEB, Channel.FACE_TO_FACE})
_SHOWABLE: Final = frozenset(
    {Channel.LETTER, Channel.EMAIL, Channel.WEB, Channel.VIDEO, Channel.FACE_TO_FACE}
)
_INTERRUPTING: Final = frozenset({Channel.PHONE, Channel.SMS})
# Heard, never seen: a call, its voicemail and an automated line are all the phone.
_VOICE_ONLY: Final = frozenset({Channel.PHONE})
# "Choose the most appropriate way to supply information to your customers or
# colleagues": in writing, verbally, electronically or using images. What must be seen
# is not supplied verbally.
_SUPPLY_RULE: Final = "Process information about customers P7 (CFACSAA6 A6.3.2)"
# How a customer who cannot see it takes in what must be seen, in each accessible format.
_ACCESSIBLE_SEEING: Final = {
    Format.LARGE_PRINT: "read in large print",
    Format.BRAILLE: "read in braille",
    Format.AUDIO: "kept as an audio recording",
    Format.EASY_READ: "read in easy read",
    Format.ELECTRONIC: "read by a screen reader",
    Format.BSL_VIDEO: "watched in signed video",
}
# PECR 2003 regulations 21 and 22: marketing by each channel needs its own consent.
_MARKETING_PURPOSES: Final = {
    Channel.EMAIL: "marketing.communications.email",
    Channel.SMS: "marketing.communications.sms",
    Channel.PHONE: "marketing.communications.phone",
    Channel.LETTER: "marketing.communications.post",
}


QUIET_HOURS: Final = (time(21, 0), time(8, 0))
"""No calls or texts between these times, UK time, unless the message is urgent."""


class _Choice:
    """The working state of one choice: what is still allowed, and why."""

    def __init__(self, message: Message, now: datetime) -> None:
        self.message = message
        self.now = now
        self.allowed = list(_ROUTINE_ORDER)
        self.format = Format.VISUAL if message.visual else Format.STANDARD
        self.support: list[str] = []
        self.reasons: list[ChoiceReason] = []
        self.first: Channel | None = None
        self.preferred: tuple[Channel, ...] = ()

    def ordered(self) -> list[Channel]:
        """What is allowed, in order of precedence.

        An accessibility need's channel first, then the customer's preferred ones, then
        by what shows best and by urgency.
        """
        speed = _URGENT_ORDER if self.message.urgent else _ROUTINE_ORDER
        visual = self.message.visual and self.format is Format.VISUAL
        return sorted(
            self.allowed,
            key=lambda channel: (
                channel is not self.first,
                self.preferred.index(channel) if channel in self.preferred else len(self.preferred),
                visual and channel not in _SHOWABLE,
                speed.index(channel),
            ),
        )

    def remove(self, channels: Iterable[Channel], code: str, rule: str, message: str) -> None:
        gone = [channel for channel in self.allowed if channel in set(channels)]
        if gone:
            self.allowed = [channel for channel in self.allowed if channel not in gone]
            names = ", ".join(channel.value for channel in gone)
            self.reasons.append(
                ChoiceReason(code=code, rule=rule, message=f"{message} (not {names})")
            )

    def note(self, code: str, rule: str, message: str) -> None:
        self.reasons.append(ChoiceReason(code=code, rule=rule, message=message))


def _reachable(record: CustomerRecord) -> dict[Channel, bool]:
    """Which channels reach the customer through a contact point they have verified."""
    emails = [p for p in record.contact_points if isinstance(p.value, EmailAddress) and p.verified]
    phones = [
        p.value for p in record.contact_points if isinstance(p.value, PhoneNumber) and p.verified
    ]
    mobiles = [
        phone
        for phone in phones
        if isinstance(phone, PhoneNumber)
        and phone.kind in {PhoneKind.MOBILE, PhoneKind.FIXED_LINE_OR_MOBILE}
    ]
    return {
        Channel.EMAIL: bool(emails),
        Channel.WEB: bool(emails),  # the secure portal signs in by a verified e-mail address
        Channel.PHONE: bool(phones),
        Channel.SMS: bool(mobiles),
        Channel.LETTER: bool(record.addresses),
        Channel.VIDEO: bool(emails or phones),
        Channel.FACE_TO_FACE: True,
    }


def _accessibility(choice: _Choice, record: CustomerRecord) -> None:
    for need in record.accessibility_needs:
        if need.kind in _NEED_FORMATS:
            if choice.message.visual and need.kind in {NeedKind.BRAILLE, NeedKind.AUDIO}:
                choice.note("images_described", _ACCESS_RULE, "images are described in words")
            choice.format = _NEED_FORMATS[need.kind]
            choice.note(
                "accessibility",
                _ACCESS_RULE,
                f"the customer needs {choice.format.value.replace('_', ' ')}, at no charge",
            )
        if need.kind in _NEED_RULES_OUT:
            choice.remove(
                _NEED_RULES_OUT[need.kind],
                "accessibility",
                _ACCESS_RULE,
                f"the customer's need for {need.kind.value.replace('_', ' ')} rules channels out",
            )
        if need.kind in _NEED_SUPPORT:
            choice.support.append(_NEED_SUPPORT[need.kind])
            choice.note(
                "support",
                _ACCESS_RULE,
                f"arrange {_NEED_SUPPORT[need.kind].replace('_', ' ')}, at no charge",
            )
        if need.kind is NeedKind.TEXT_RELAY:
            choice.note("text_relay", _ACCESS_RULE, "calls go through Relay UK")
        if need.kind is NeedKind.OTHER:
            choice.note("accessibility", _ACCESS_RULE, "another need is recorded: read its detail")
    if NeedKind.BSL_VIDEO in {need.kind for need in record.accessibility_needs}:
        # Signed video first: it is the customer's language.
        choice.first = Channel.VIDEO


def _security(choice: _Choice, record: CustomerRecord, guidelines: Guidelines) -> None:
    reachable = _reachable(record)
    choice.remove(
        [channel for channel, ok in reachable.items() if not ok],
        "unverified",
        "UK GDPR Article 5(1)(f)",
        "only contact points the customer has verified are used",
    )
    rules = [rule for rule in guidelines.channels if rule.sensitivity is choice.message.sensitivity]
    if not rules:
        choice.remove(
            list(Channel),
            "no_channel_rule",
            "guidelines.channels",
            f"no channel rule covers {choice.message.sensitivity.value} information",
        )
    for rule in rules:
        choice.remove(
            [channel for channel in Channel if channel not in rule.channels],
            "sensitivity",
            f"channels.{rule.id}",
            rule.reason,
        )


def _marketing(choice: _Choice, record: CustomerRecord, guidelines: Guidelines) -> None:
    """Marketing goes only by a channel whose own marketing purpose the record permits.

    Each channel is judged by `marketing_permission`, the rule `assess` and the export
    audit use: consent whose basis is consent, or, for e-mail and SMS where the
    guidelines allow it, PECR's soft opt-in for the products the message markets and
    with a means of refusing in it (PECR regulations 21 and 22).
    """
    message = choice.message
    refused: dict[tuple[str, str, str], list[Channel]] = {}
    soft = []
    for channel in Channel:
        purpose = _MARKETING_PURPOSES.get(channel)
        if purpose is None:
            why = ("no_consent", "PECR 2003 regulations 21 and 22", "no marketing purpose")
            refused.setdefault(why, []).append(channel)
            continue
        permission = marketing_permission(
            record,
            guidelines,
            purpose=purpose,
            at=choice.now,
            products=message.products,
            offers_refusal=message.offers_refusal,
        )
        if permission.basis is MarketingBasis.SOFT_OPT_IN:
            soft.append(channel)
        elif not permission.permitted:
            why = (permission.code, permission.source, permission.message)
            refused.setdefault(why, []).append(channel)
    for (code, rule, reason), channels in refused.items():
        choice.remove(channels, code, rule, f"marketing goes only with its basis: {reason}")
    if soft:
        names = ", ".join(channel.value for channel in soft)
        choice.note(
            "soft_opt_in",
            "PECR 2003 regulation 22(3)",
            f"by {names} on the soft opt-in: keep the means of refusing in the message",
        )


def _preferences(choice: _Choice, record: CustomerRecord, guidelines: Guidelines) -> None:
    message, preferences = choice.message, record.preferences
    if any(covers(objection, message.purpose) for objection in preferences.objections):
        if message.must_send:
            choice.note("must_send", "the law that requires it", "the message must be sent")
        else:
            choice.remove(
                list(Channel),
                "objected",
                "UK GDPR Article 21(3)"
                if message.purpose.startswith("marketing")
                else "UK GDPR Article 21(1)",
                "the customer objected to this purpose: that is absolute for marketing",
            )
            return
    if covers("marketing", message.purpose):
        _marketing(choice, record, guidelines)
    refused = [channel for channel in choice.allowed if channel in preferences.refused_channels]
    if refused and message.must_send and len(refused) == len(choice.allowed):
        choice.note(
            "must_send",
            "the law that requires it",
            "refused channels are used, as nothing else is left",
        )
    else:
        choice.remove(
            refused,
            "refused",
            "the customer's preferences",
            "the customer asked not to be contacted this way",
        )
    if preferences.channels:
        choice.preferred = preferences.channels
        choice.note(
            "preferred",
            "the customer's preferences",
            "the customer's preferred channels come first",
        )


def _seeing(choice: _Choice) -> None:
    """What must be seen is never sent by a voice-only channel, whatever else is wished.

    The standard's criterion (P7; CFACSAA6 A6.3.2) is the way most appropriate to the
    information; an accessible format is a reasonable adjustment (Equality Act 2010 s20)
    the customer keeps, not something read out on a call.
    """
    if choice.message.visual and choice.format is Format.VISUAL:
        choice.note("visual", "the message", "it is better shown than told")
    if not choice.message.must_be_seen:
        return
    accessible = _ACCESSIBLE_SEEING.get(choice.format)
    choice.remove(
        _VOICE_ONLY,
        "must_be_seen",
        _SUPPLY_RULE if accessible is None else f"{_SUPPLY_RULE}; Equality Act 2010 s20",
        "it must be seen, and a voice-only channel can only be heard"
        if accessible is None
        else f"it must be seen, or {accessible}, and a voice-only channel can only be heard",
    )


def _timing(choice: _Choice) -> None:
    message = choice.message
    local = choice.now.astimezone(uk_time()).time()
    start, end = QUIET_HOURS
    if (local >= start or local < end) and not message.urgent:
        choice.remove(
            _INTERRUPTING,
            "quiet_hours",
            "Ofcom guidance on persistent misuse; the organisation's quiet hours",
            "no calls or texts between 21:00 and 08:00 unless urgent",
        )
    if message.urgent:
        choice.note("urgent", "the message", "the fastest channels come first")
    if message.needs_signature:
        choice.remove(
            [c for c in choice.allowed if c not in _SIGNABLE],
            "signature",
            "the message",
            "it must be signed and returned",
        )
    elif message.needs_record:
        choice.remove(
            [c for c in choice.allowed if c not in _WRITTEN],
            "record",
            "the message",
            "the customer needs it in writing",
        )


def choose_channel(
    message: Message, record: CustomerRecord | None, guidelines: Guidelines, *, now: datetime
) -> ChannelChoice:
    """Choose how to supply ``message`` to the customer whose ``record`` it is.

    ``record`` is ``None`` for a colleague, who is given internal information on the
    intranet. For a customer, in this order of precedence, each step a reason:

    1. accessibility needs and reasonable adjustments change the format and rule
       channels out, and call for communication support, at no charge;
    2. security: only verified contact points; the guidelines' channel rule for the
       message's sensitivity (nothing financial or special-category by SMS or plain
       e-mail in the default); no voicemail with personal data;
    3. the customer's objections (absolute for marketing, which also needs consent
       for each channel), refused and preferred channels; a message the organisation
       must send cannot be opted out of;
    4. what must be seen (`Message.must_be_seen`: shown, in writing or to sign) is
       never sent by a voice-only channel (a call, its voicemail, an automated line),
       whatever the customer prefers and however urgent, as the most appropriate way
       to supply it (Process information about customers P7; CFACSAA6 A6.3.2); a
       customer who cannot see it gets it in their accessible format, to keep
       (Equality Act 2010 s20), not read out;
    5. urgency and quiet hours (no calls or texts 21:00 to 08:00 UK time unless
       urgent), and whether it must be in writing, signed, or shown;
    6. what is left, in order, is the channel and its fallbacks.

    When nothing is left, the channel is ``None`` and the reasons say why. A
    restricted record (Article 18) is only stored: nothing is sent.

    Raises:
        InvalidValue: ``wrong_type`` for arguments of the wrong type.
    """
    check_type(message, Message, "message")
    if record is not None and not isinstance(record, CustomerRecord):
        raise InvalidValue("wrong_type", "record", "must be a CustomerRecord or None")
    check_type(guidelines, Guidelines, "guidelines")
    check_time(now, "now")
    if record is None:
        return ChannelChoice(
            channel=Channel.INTRANET,
            format=Format.VISUAL if message.visual else Format.STANDARD,
            fallbacks=(),
            support=(),
            reasons=(
                ChoiceReason(
                    code="internal",
                    rule="UK GDPR Article 5(1)(f)",
                    message="information for a colleague stays on the intranet",
                ),
            ),
        )
    choice = _Choice(message, now)
    if record.status is RecordStatus.RESTRICTED:
        # UK GDPR Article 18(2): a restricted record is only stored.
        choice.remove(
            list(Channel),
            "restricted",
            "UK GDPR Article 18(2)",
            "processing of the record is restricted: it may only be stored",
        )
    _accessibility(choice, record)
    _security(choice, record, guidelines)
    _preferences(choice, record, guidelines)
    _seeing(choice)
    _timing(choice)
    allowed = choice.ordered()
    if not allowed:
        choice.note(
            "nothing_allowed",
            "custrecords",
            "no channel is left: the message cannot be sent as it stands",
        )
    elif Channel.PHONE in allowed and message.sensitivity is not Sensitivity.PUBLIC:
        choice.note(
            "no_voicemail",
            "UK GDPR Article 32",
            "if the call is not answered, leave no personal information in a voicemail",
        )
    return ChannelChoice(
        channel=allowed[0] if allowed else None,
        format=choice.format,
        fallbacks=tuple(allowed[1:]),
        support=tuple(dict.fromkeys(choice.support)),
        reasons=tuple(choice.reasons),
    )


# --- supplying: planned, sent, delivered, acknowledged, understood --------------------------------


class SupplyState(StrEnum):
    """Where a supplied message is in its life."""

    PLANNED = "planned"
    SENT = "sent"
    DELIVERED = "delivered"
    ACKNOWLEDGED = "acknowledged"
    UNDERSTOOD = "understood"
    FAILED = "failed"


class UnderstandingMethod(StrEnum):
    """How the customer's understanding was confirmed."""

    READ_BACK = "read_back"
    """The customer repeated the information back."""
    TEACH_BACK = "teach_back"
    """The customer explained it in their own words."""
    WRITTEN_ACKNOWLEDGEMENT = "written_acknowledgement"
    SIGNED_FORM = "signed_form"
    REPLY = "reply"
    """A reply that shows it was understood."""


# The one table of legal moves.
_MOVES: Final[dict[SupplyState, frozenset[SupplyState]]] = {
    SupplyState.PLANNED: frozenset({SupplyState.SENT}),
    SupplyState.SENT: frozenset({SupplyState.DELIVERED, SupplyState.FAILED}),
    SupplyState.DELIVERED: frozenset(
        {SupplyState.ACKNOWLEDGED, SupplyState.UNDERSTOOD, SupplyState.FAILED}
    ),
    SupplyState.ACKNOWLEDGED: frozenset({SupplyState.UNDERSTOOD}),
    SupplyState.FAILED: frozenset({SupplyState.PLANNED}),
    SupplyState.UNDERSTOOD: frozenset(),
}


@final
@attrs.frozen(kw_only=True)
class SupplyEvent:
    """One move in a supply's life.

    Attributes:
        state: the state it moved to.
        at: when.
        channel: the channel at the time.
        method: for understanding, how it was confirmed.
    """

    state: SupplyState
    at: datetime
    channel: Channel
    method: UnderstandingMethod | None = None


@final
@attrs.frozen(kw_only=True)
class SupplyRecord:
    """One message supplied to one customer, from planned to understood.

    Attributes:
        id: the supply's identifier.
        record_id: the customer's record.
        message: what is supplied.
        channels: the channel chosen, then its fallbacks.
        attempt: which of ``channels`` is in use (0 for the first).
        events: every move, oldest first; the last is the current state.
    """

    id: str
    record_id: str
    message: Message
    channels: tuple[Channel, ...]
    attempt: int
    events: tuple[SupplyEvent, ...]

    def __attrs_post_init__(self) -> None:
        check_id(self.id, "supply.id")
        check_id(self.record_id, "supply.record_id")
        if not self.channels or not 0 <= self.attempt < len(self.channels):
            raise InvalidValue("wrong_type", "supply.channels", "must hold the channel in use")
        if not self.events:
            raise InvalidValue("empty", "supply.events", "must hold at least the plan")

    @property
    def state(self) -> SupplyState:
        """Where the supply is now."""
        return self.events[-1].state

    @property
    def channel(self) -> Channel:
        """The channel in use."""
        return self.channels[self.attempt]

    def since(self, state: SupplyState) -> datetime | None:
        """When the supply last moved to ``state``, if it has."""
        return next((e.at for e in reversed(self.events) if e.state is state), None)


def plan_supply(
    message: Message, choice: ChannelChoice, *, id: str, record_id: str, at: datetime
) -> SupplyRecord:
    """Plan to supply ``message`` by the chosen channel, its fallbacks kept for retries.

    Raises:
        UsageError: for a choice with no channel: nothing may be sent.
    """
    if choice.channel is None:
        raise UsageError("the channel choice allows no channel: nothing may be sent")
    check_time(at, "at")
    return SupplyRecord(
        id=id,
        record_id=record_id,
        message=message,
        channels=choice.allowed,
        attempt=0,
        events=(SupplyEvent(state=SupplyState.PLANNED, at=at, channel=choice.channel),),
    )


def _move(
    supply: SupplyRecord,
    state: SupplyState,
    at: datetime,
    method: UnderstandingMethod | None = None,
    attempt: int | None = None,
) -> SupplyRecord:
    check_type(supply, SupplyRecord, "supply")
    check_time(at, "at")
    if state not in _MOVES[supply.state]:
        raise UsageError(f"a supply that is {supply.state.value} cannot become {state.value}")
    if at < supply.events[-1].at:
        raise InvalidValue("before_start", "at", "is earlier than the supply's last move")
    attempt = supply.attempt if attempt is None else attempt
    event = SupplyEvent(state=state, at=at, channel=supply.channels[attempt], method=method)
    return attrs.evolve(supply, attempt=attempt, events=(*supply.events, event))


def send(supply: SupplyRecord, *, at: datetime) -> SupplyRecord:
    """The supply was sent by its current channel."""
    return _move(supply, SupplyState.SENT, at)


def deliver(supply: SupplyRecord, *, at: datetime) -> SupplyRecord:
    """The supply reached the customer."""
    return _move(supply, SupplyState.DELIVERED, at)


def acknowledge(supply: SupplyRecord, *, at: datetime) -> SupplyRecord:
    """The customer acknowledged receiving it."""
    return _move(supply, SupplyState.ACKNOWLEDGED, at)


def understand(supply: SupplyRecord, *, at: datetime, method: UnderstandingMethod) -> SupplyRecord:
    """The customer's understanding was confirmed, by ``method``."""
    check_choice(method, UnderstandingMethod, "method")
    return _move(supply, SupplyState.UNDERSTOOD, at, method)


def fail(supply: SupplyRecord, *, at: datetime) -> SupplyRecord:
    """The current channel failed: bounced, returned, not answered."""
    return _move(supply, SupplyState.FAILED, at)


def retry(supply: SupplyRecord, *, at: datetime) -> SupplyRecord:
    """Plan the failed supply again on the next fallback channel.

    Raises:
        UsageError: when no fallback is left, or the supply has not failed.
    """
    if supply.attempt + 1 >= len(supply.channels):
        raise UsageError("no fallback channel is left: choose the channel again")
    return _move(supply, SupplyState.PLANNED, at, attempt=supply.attempt + 1)


@final
@attrs.frozen(kw_only=True)
class FollowUp:
    """A supply that needs chasing, and why.

    Attributes:
        supply_id: the supply.
        record_id: the customer's record.
        code: ``not_sent``, ``not_delivered``, ``not_acknowledged``,
            ``understanding_not_confirmed`` or ``failed``.
        since: when the supply entered the state it is stuck in.
        message: what to do, in plain English.
    """

    supply_id: str
    record_id: str
    code: str
    since: datetime
    message: str


# How long each state may last before it is chased.
FOLLOW_UP_AFTER: Final = {
    SupplyState.PLANNED: timedelta(days=1),
    SupplyState.SENT: timedelta(days=5),
    SupplyState.DELIVERED: timedelta(days=10),
    SupplyState.ACKNOWLEDGED: timedelta(days=5),
}
"""How long a supply may stay in each state before `follow_ups_due` chases it: a day to
send, five working days or so for the post, ten days to acknowledge, five more to
confirm understanding."""
_CHASE_CODES: Final = {
    SupplyState.PLANNED: "not_sent",
    SupplyState.SENT: "not_delivered",
    SupplyState.DELIVERED: "not_acknowledged",
    SupplyState.ACKNOWLEDGED: "understanding_not_confirmed",
}
_CHASE_ADVICE: Final = {
    SupplyState.PLANNED: "planned but not sent",
    SupplyState.SENT: "sent but not known to be delivered: check, or try the next channel",
    SupplyState.DELIVERED: "delivered but not acknowledged: contact the customer",
    SupplyState.ACKNOWLEDGED: "understanding is not confirmed: read back or teach back",
}


def follow_ups_due(supplies: Iterable[SupplyRecord], *, now: datetime) -> Iterator[FollowUp]:
    """The supplies that need chasing at ``now``, and why.

    A failed supply is always due (retry it on its next fallback, or choose again); a
    planned, sent or delivered one is due once it has been so for longer than
    `FOLLOW_UP_AFTER` allows; an acknowledged one is due only if its message needs
    understanding confirmed. An understood supply is never due.

    Raises:
        InvalidValue: ``wrong_type`` for items that are not supplies, or a ``now``
            without a time zone.
    """
    check_time(now, "now")
    for supply in supplies:
        if not isinstance(supply, SupplyRecord):
            raise InvalidValue("wrong_type", "supplies", "must hold SupplyRecords")
        state, since = supply.state, supply.events[-1].at
        if state is SupplyState.UNDERSTOOD:
            continue
        if state is SupplyState.FAILED:
            left = len(supply.channels) - supply.attempt - 1
            advice = "retry on the next channel" if left else "no channel is left: choose again"
            yield FollowUp(
                supply_id=supply.id,
                record_id=supply.record_id,
                code="failed",
                since=since,
                message=advice,
            )
            continue
        if state is SupplyState.ACKNOWLEDGED and not supply.message.needs_understanding:
            continue
        if now - since > FOLLOW_UP_AFTER[state]:
            code, advice = _CHASE_CODES[state], _CHASE_ADVICE[state]
            yield FollowUp(
                supply_id=supply.id,
                record_id=supply.record_id,
                code=code,
                since=since,
                message=advice,
            )
