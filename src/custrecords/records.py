"""The customer record and its parts.

A `CustomerRecord` is what an organisation holds about one customer: who they are, how
to reach them, what they need to be reached well, what they agreed to, what service
they received, and where each piece of that came from. It is a frozen value: an update
makes a new record, and the old one stays as it was.

Every part checks itself when built. Times must carry a time zone (a naive time in a
record is a bug waiting for the clocks to change); identifiers must be identifiers,
not names or e-mail addresses; collections are tuples and frozensets.

>>> from datetime import datetime, timezone
>>> when = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
>>> record = CustomerRecord(
...     id="C-1001",
...     name=PersonName.parse("Aisha Khan"),
...     contact_points=(ContactPoint(value=EmailAddress.parse("aisha@example.com")),),
...     provenance=(
...         Provenance(
...             fields=frozenset({"name", "email_addresses"}),
...             source=Source.CUSTOMER_PHONE,
...             collected_by="agent-7",
...             collected_at=when,
...             confirmed_at=when,
...             confirmed_how=ConfirmationMethod.READ_BACK,
...         ),
...     ),
... )
>>> record.name
PersonName('A. K.')
>>> record.created_at == when
True
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Final, final

import attrs

from custrecords._checks import (
    check_bool,
    check_choice,
    check_id,
    check_items,
    check_not_before,
    check_optional_id,
    check_optional_text,
    check_optional_time,
    check_text,
    check_time,
    check_type,
    check_unique,
    uk_day,
)
from custrecords._masking import mask_text
from custrecords.errors import InvalidValue
from custrecords.taxonomy import (
    ELECTRONIC_MAIL_PURPOSES,
    RECORD_FIELDS,
    Article9Condition,
    Channel,
    InteractionKind,
    LawfulBasis,
    check_data_use,
    covers,
)
from custrecords.values import EmailAddress, PersonName, PhoneNumber, PostalAddress

__all__ = [
    "AccessibilityNeed",
    "Article9Condition",
    "CommunicationPreferences",
    "ConfirmationMethod",
    "Consent",
    "ContactPoint",
    "CustomerRecord",
    "Interaction",
    "LegalHold",
    "NeedGroup",
    "NeedKind",
    "Note",
    "Provenance",
    "RecordStatus",
    "SoftOptIn",
    "Source",
    "SpecialCategoryCondition",
]


def _check_fields(value: frozenset[str], field: str) -> None:
    check_items(value, str, field, frozenset)
    if not value:
        raise InvalidValue("empty", field, "must name at least one field")
    if not value <= RECORD_FIELDS:
        raise InvalidValue("unknown_field", field, "names a field records do not have")


def _masked(value: object) -> str:
    return "None" if value is None else "<masked>"


def _masked_text(value: str | None) -> str:
    return "None" if value is None else mask_text(value)


# --- contact points -------------------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class ContactPoint:
    """An e-mail address or phone number the customer can be reached at.

    Attributes:
        value: the address or number.
        verified: whether the customer has proved they receive it (a code sent to it
            was returned, a reply came from it). Only verified points should carry
            personal information.
        preferred: whether it is the customer's preferred point of its kind.
    """

    value: EmailAddress | PhoneNumber
    verified: bool = False
    preferred: bool = False

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.value, EmailAddress | PhoneNumber):
            raise InvalidValue(
                "wrong_type", "contact_point.value", "must be an EmailAddress or PhoneNumber"
            )
        check_bool(self.verified, "contact_point.verified")
        check_bool(self.preferred, "contact_point.preferred")

    @property
    def category(self) -> str:
        """The fideslang data category of the value."""
        if isinstance(self.value, EmailAddress):
            return "user.contact.email"
        return "user.contact.phone_number"


# --- accessibility needs ----------------------------------------------------------------


class NeedGroup(StrEnum):
    """The three kinds of need the NHS Accessible Information Standard (DCB1605) records."""

    FORMAT = "format"
    """Information in another format."""
    SUPPORT = "support"
    """Communication support, or a person who communicates with or for the customer."""
    CONTACT = "contact"
    """A way of making contact the customer needs."""


class NeedKind(StrEnum):
    """An accessibility need: a reasonable adjustment the customer is owed.

    Service providers must make reasonable adjustments for disabled people (Equality
    Act 2010, section 20 and Schedule 2), including providing information in an
    accessible format, at no charge. The kinds follow the NHS Accessible Information
    Standard's categories; `group` says which.
    """

    LARGE_PRINT = "large_print"
    BRAILLE = "braille"
    AUDIO = "audio"
    EASY_READ = "easy_read"
    ELECTRONIC = "electronic"
    """A document a screen reader can read."""
    BSL_VIDEO = "bsl_video"
    """Information as a British Sign Language video."""
    BSL_INTERPRETER = "bsl_interpreter"
    LIPSPEAKER = "lipspeaker"
    HEARING_LOOP = "hearing_loop"
    NAMED_SUPPORTER = "named_supporter"
    """A carer, advocate or other named person who supports the customer."""
    TEXT_RELAY = "text_relay"
    """Calls through a text relay service (Relay UK)."""
    OTHER = "other"
    """Described in the need's detail."""

    @property
    def group(self) -> NeedGroup:
        """Which of the Standard's kinds of need this is."""
        return _NEED_GROUPS[self]


_NEED_GROUPS: Final = {
    NeedKind.LARGE_PRINT: NeedGroup.FORMAT,
    NeedKind.BRAILLE: NeedGroup.FORMAT,
    NeedKind.AUDIO: NeedGroup.FORMAT,
    NeedKind.EASY_READ: NeedGroup.FORMAT,
    NeedKind.ELECTRONIC: NeedGroup.FORMAT,
    NeedKind.BSL_VIDEO: NeedGroup.FORMAT,
    NeedKind.BSL_INTERPRETER: NeedGroup.SUPPORT,
    NeedKind.LIPSPEAKER: NeedGroup.SUPPORT,
    NeedKind.HEARING_LOOP: NeedGroup.SUPPORT,
    NeedKind.NAMED_SUPPORTER: NeedGroup.SUPPORT,
    NeedKind.TEXT_RELAY: NeedGroup.CONTACT,
    NeedKind.OTHER: NeedGroup.SUPPORT,
}


@final
@attrs.frozen(kw_only=True)
class AccessibilityNeed:
    """One accessibility need, recorded so that every colleague meets it.

    A need can reveal a disability, which is health data: both its kind and its detail
    are masked in ``repr``.

    Attributes:
        kind: what the customer needs.
        detail: more about it, in words (``"24 point"``, ``"her son, Tom, speaks for
            her"``); required for `NeedKind.OTHER`.
    """

    kind: NeedKind = attrs.field(repr=_masked)
    detail: str | None = attrs.field(default=None, repr=_masked_text)

    def __attrs_post_init__(self) -> None:
        check_choice(self.kind, NeedKind, "accessibility_need.kind")
        check_optional_text(self.detail, "accessibility_need.detail")
        if self.kind is NeedKind.OTHER and self.detail is None:
            raise InvalidValue(
                "missing", "accessibility_need.detail", "is required for other needs"
            )


# --- communication preferences ----------------------------------------------------------

# BCP 47 language tags as people use them: "en", "en-GB", "cy", "pa-Guru-IN".
_LANGUAGE: Final = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@final
@attrs.frozen(kw_only=True)
class CommunicationPreferences:
    """How the customer likes to be contacted, and what they have objected to.

    Attributes:
        channels: channels the customer prefers, most preferred first.
        refused_channels: channels the customer has asked not to be contacted by.
        language: the language the customer wants to be addressed in, as a BCP 47 tag
            (``"cy"`` for Welsh, ``"en-GB"``).
        objections: purposes (fideslang data uses) the customer has objected to under
            UK GDPR Article 21. An objection to direct marketing is absolute
            (Article 21(3)).
    """

    channels: tuple[Channel, ...] = ()
    refused_channels: frozenset[Channel] = frozenset()
    language: str | None = None
    objections: frozenset[str] = frozenset()

    def __attrs_post_init__(self) -> None:
        check_items(self.channels, Channel, "preferences.channels")
        check_unique(self.channels, "preferences.channels")
        check_items(self.refused_channels, Channel, "preferences.refused_channels", frozenset)
        if self.refused_channels.intersection(self.channels):
            raise InvalidValue(
                "contradiction", "preferences.channels", "holds a channel that is also refused"
            )
        if self.language is not None and (
            not isinstance(self.language, str) or not _LANGUAGE.fullmatch(self.language)
        ):
            raise InvalidValue(
                "invalid_language", "preferences.language", "is not a BCP 47 language tag"
            )
        check_items(self.objections, str, "preferences.objections", frozenset)
        for purpose in self.objections:
            check_data_use(purpose, "preferences.objections")


# --- special-category data ---------------------------------------------------------------


_DPA_PARAGRAPHS: Final[dict[Article9Condition, range]] = {
    Article9Condition.EMPLOYMENT_SOCIAL_SECURITY: range(1, 2),
    Article9Condition.HEALTH_OR_SOCIAL_CARE: range(2, 3),
    Article9Condition.PUBLIC_HEALTH: range(3, 4),
    Article9Condition.ARCHIVING_RESEARCH_STATISTICS: range(4, 5),
    Article9Condition.SUBSTANTIAL_PUBLIC_INTEREST: range(6, 29),
}


@final
@attrs.frozen(kw_only=True)
class SpecialCategoryCondition:
    """The Article 9 condition relied on to hold some of the record's special-category data.

    Attributes:
        fields: the record fields it covers (names from `RECORD_FIELDS`), such as
            ``accessibility_needs``, which can reveal a disability.
        condition: the Article 9(2) condition.
        dpa_paragraph: the paragraph of Schedule 1 to the DPA 2018 the condition rests
            on; required for the conditions that need one (paragraph 1 for (b), 2 for
            (h), 3 for (i), 4 for (j), one of 6 to 28 for (g)) and given for no other.
        recorded_at: when the condition was recorded.
        evidence: where the proof is (for explicit consent, the consent's record).
    """

    fields: frozenset[str]
    condition: Article9Condition
    recorded_at: datetime
    evidence: str = attrs.field(repr=mask_text)
    dpa_paragraph: int | None = None

    def __attrs_post_init__(self) -> None:
        _check_fields(self.fields, "special_category_condition.fields")
        check_choice(self.condition, Article9Condition, "special_category_condition.condition")
        check_time(self.recorded_at, "special_category_condition.recorded_at")
        check_text(self.evidence, "special_category_condition.evidence")
        paragraphs = _DPA_PARAGRAPHS.get(self.condition)
        field = "special_category_condition.dpa_paragraph"
        if self.dpa_paragraph is None:
            if paragraphs is not None:
                raise InvalidValue("missing", field, "is required for this condition")
        elif paragraphs is None:
            raise InvalidValue("contradiction", field, "is given for a condition that needs none")
        elif (
            not isinstance(self.dpa_paragraph, int)
            or isinstance(self.dpa_paragraph, bool)
            or self.dpa_paragraph not in paragraphs
        ):
            raise InvalidValue(
                "invalid_paragraph", field, "is not a Schedule 1 paragraph for this condition"
            )


# --- lawful bases and consents ----------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class SoftOptIn:
    """How PECR's soft opt-in (regulation 22(3)) was met for one customer.

    E-mail and SMS marketing needs the customer's prior consent (PECR regulation
    22(2)), except to an existing customer whose details were obtained in the course
    of a sale, about the organisation's own similar products and services, where the
    customer was given a simple, free means of refusing when the details were collected
    and is given one in every message (regulation 22(3)). The UK GDPR basis for it is
    legitimate interests (Article 6(1)(f)); the ICO's guidance on electronic mail
    marketing describes each condition.

    Attributes:
        sale: the identifier of the record's interaction (an order, a payment, a
            service, or an enquiry about buying: negotiations for a sale) in the course
            of which the contact details were obtained (regulation 22(3)(a)).
        products: the products and services the organisation may market under it: its
            own, similar to those in the sale (regulation 22(3)(b)); at least one.
        refusal_offered_at: when the customer was given a simple, free means of
            refusing, at the time the details were collected (regulation 22(3)(c));
            ``None`` when none was given, and the soft opt-in never applies.
    """

    sale: str
    products: frozenset[str]
    refusal_offered_at: datetime | None

    def __attrs_post_init__(self) -> None:
        check_id(self.sale, "soft_opt_in.sale")
        check_items(self.products, str, "soft_opt_in.products", frozenset)
        if not self.products:
            raise InvalidValue("empty", "soft_opt_in.products", "must name at least one")
        for product in self.products:
            check_text(product, "soft_opt_in.products")
        check_optional_time(self.refusal_offered_at, "soft_opt_in.refusal_offered_at")


@final
@attrs.frozen(kw_only=True)
class Consent:
    """The basis on which the customer's data is used for one purpose.

    When the basis is consent, the organisation must be able to show that the customer
    gave it (UK GDPR Article 7(1)), and withdrawing it must be as easy as giving it
    (Article 7(3)): hence ``evidence`` and ``withdrawn_at``.

    An entry for a marketing purpose counts as consent only when its basis is consent;
    e-mail or SMS marketing may instead rest on PECR's soft opt-in, recorded as an entry
    on legitimate interests with its `SoftOptIn` (see `marketing_permission`).

    Attributes:
        purpose: the fideslang data use (``marketing.communications.email``).
        lawful_basis: the Article 6 basis relied on.
        given_at: when consent was given, or the basis first applied.
        evidence: where the proof is: the form and its version, a call recording's
            reference, a signed document's reference.
        withdrawn_at: when the customer withdrew it (or refused the soft opt-in's
            marketing), if they have.
        soft_opt_in: for e-mail and SMS marketing on legitimate interests, how PECR
            regulation 22(3)'s conditions were met.

    Raises:
        InvalidValue: ``soft_opt_in_basis`` for a soft opt-in on a basis other than
            legitimate interests; ``soft_opt_in_purpose`` for one whose purpose is not
            e-mail or SMS marketing.
    """

    purpose: str
    lawful_basis: LawfulBasis
    given_at: datetime
    evidence: str = attrs.field(repr=mask_text)
    withdrawn_at: datetime | None = None
    soft_opt_in: SoftOptIn | None = None

    def __attrs_post_init__(self) -> None:
        check_data_use(self.purpose, "consent.purpose")
        check_choice(self.lawful_basis, LawfulBasis, "consent.lawful_basis")
        check_time(self.given_at, "consent.given_at")
        check_text(self.evidence, "consent.evidence")
        check_optional_time(self.withdrawn_at, "consent.withdrawn_at")
        check_not_before(self.withdrawn_at, self.given_at, "consent.withdrawn_at")
        if self.soft_opt_in is not None:
            check_type(self.soft_opt_in, SoftOptIn, "consent.soft_opt_in")
            if self.lawful_basis is not LawfulBasis.LEGITIMATE_INTERESTS:
                raise InvalidValue(
                    "soft_opt_in_basis",
                    "consent.soft_opt_in",
                    "rests on legitimate interests (UK GDPR Article 6(1)(f)), not another basis",
                )
            if not any(covers(mail, self.purpose) for mail in ELECTRONIC_MAIL_PURPOSES):
                raise InvalidValue(
                    "soft_opt_in_purpose",
                    "consent.soft_opt_in",
                    "is only for e-mail and SMS marketing (PECR regulation 22(3))",
                )

    def is_active(self, at: datetime) -> bool:
        """Whether the basis applies at ``at``: given by then, and not yet withdrawn."""
        return self.given_at <= at and (self.withdrawn_at is None or at < self.withdrawn_at)

    def is_active_on(self, day: date) -> bool:
        """Whether the basis applies on ``day``: given by its end, not withdrawn before it ends.

        ``day`` is a UK calendar day (Interpretation Act 1978 s9, Summer Time Act 1972):
        a withdrawal at 00:30 BST on 2 July, 23:30 UTC on 1 July, leaves 1 July consented.
        """
        return uk_day(self.given_at) <= day and (
            self.withdrawn_at is None or uk_day(self.withdrawn_at) > day
        )


# --- what happened: interactions and notes ------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class Interaction:
    """A record of service delivery: one contact with the customer and what came of it.

    Attributes:
        id: the interaction's identifier, unique within the record.
        at: when it happened.
        channel: how it happened.
        kind: what it was about.
        summary: what was said or done, in words.
        agent: who handled it (a colleague's or system's identifier).
        product: the product or service concerned.
        outcome: how it ended (``"refund issued"``, ``"resolved"``).

    Summary, product and outcome are free text, so ``repr`` shows only their length:
    a product can say as much about a person as a note ("mobility scooter").
        closed_at: when a case that stays open (a complaint, a repair) was closed.
    """

    id: str
    at: datetime
    channel: Channel
    kind: InteractionKind
    summary: str = attrs.field(default="", repr=mask_text)
    agent: str | None = None
    product: str | None = attrs.field(default=None, repr=_masked_text)
    outcome: str | None = attrs.field(default=None, repr=_masked_text)
    closed_at: datetime | None = None

    def __attrs_post_init__(self) -> None:
        check_id(self.id, "interaction.id")
        check_time(self.at, "interaction.at")
        check_choice(self.channel, Channel, "interaction.channel")
        check_choice(self.kind, InteractionKind, "interaction.kind")
        check_text(self.summary, "interaction.summary", allow_empty=True)
        check_optional_id(self.agent, "interaction.agent")
        check_optional_text(self.product, "interaction.product")
        check_optional_text(self.outcome, "interaction.outcome")
        check_optional_time(self.closed_at, "interaction.closed_at")
        check_not_before(self.closed_at, self.at, "interaction.closed_at")

    @property
    def is_open_case(self) -> bool:
        """Whether it is a complaint or a dispute (a chargeback) with no ``closed_at``.

        Whether a case is open at a given time is `is_open_case_at` (or, on a UK day,
        `is_open_case_on`): a case closed later than that time is still open then.
        """
        return self.kind in _CASE_KINDS and self.closed_at is None

    def is_open_case_at(self, at: datetime) -> bool:
        """Whether it is a complaint or a dispute not closed as of ``at``.

        An open case is kept whatever a retention schedule or an erasure request says,
        until it closes: it may found or answer a legal claim (UK GDPR Article 17(3)(e)).
        A case whose ``closed_at`` is after ``at`` is open at ``at``, as a legal hold
        lifted after ``at`` is active then (`LegalHold.is_active`).
        """
        return self.kind in _CASE_KINDS and (self.closed_at is None or at < self.closed_at)

    def is_open_case_on(self, day: date) -> bool:
        """Whether it is a complaint or a dispute not closed by the end of UK day ``day``.

        A case closed at 00:30 BST on 2 July (23:30 UTC on 1 July) is open all of 1 July
        (Interpretation Act 1978 s9, Summer Time Act 1972), as `LegalHold.is_active_on`.
        """
        return self.kind in _CASE_KINDS and (self.closed_at is None or uk_day(self.closed_at) > day)


_CASE_KINDS: Final = frozenset({InteractionKind.COMPLAINT, InteractionKind.DISPUTE})


@final
@attrs.frozen(kw_only=True)
class Note:
    """A free-text note a colleague wrote on the record; masked in ``repr``.

    Attributes:
        id: the note's identifier, unique within the record.
        at: when it was written.
        author: who wrote it (a colleague's identifier).
        text: what it says.
    """

    id: str
    at: datetime
    author: str
    text: str = attrs.field(repr=mask_text)

    def __attrs_post_init__(self) -> None:
        check_id(self.id, "note.id")
        check_time(self.at, "note.at")
        check_id(self.author, "note.author")
        check_text(self.text, "note.text")


# --- where data came from -----------------------------------------------------------------


class Source(StrEnum):
    """Where a piece of customer information came from."""

    CUSTOMER_PHONE = "customer_phone"
    CUSTOMER_IN_PERSON = "customer_in_person"
    CUSTOMER_WEB_FORM = "customer_web_form"
    CUSTOMER_EMAIL = "customer_email"
    CUSTOMER_LETTER = "customer_letter"
    COLLEAGUE = "colleague"
    SYSTEM = "system"
    """A system or device that records service delivery: a till, a meter, a website."""
    THIRD_PARTY = "third_party"

    @property
    def is_customer(self) -> bool:
        """Whether the customer gave the information themselves."""
        return self.value.startswith("customer_")


class ConfirmationMethod(StrEnum):
    """How the customer confirmed information was right before it was recorded."""

    READ_BACK = "read_back"
    """Read back to the customer, who agreed it was right."""
    SHOWN_ON_SCREEN = "shown_on_screen"
    EMAIL_REPLY = "email_reply"
    SIGNED_FORM = "signed_form"
    ENTERED_BY_CUSTOMER = "entered_by_customer"
    """The customer typed it and submitted it themselves."""


@final
@attrs.frozen(kw_only=True)
class Provenance:
    """Where some of a record's information came from, and whether the customer confirmed it.

    Attributes:
        fields: the record fields this covers (names from `RECORD_FIELDS`).
        source: where it came from.
        collected_by: who or what collected it (a colleague's or system's identifier).
        collected_at: when.
        confirmed_at: when the customer confirmed it was right, if they did.
        confirmed_how: how they confirmed it; given exactly when ``confirmed_at`` is.
        confirmed_by: who confirmed it with the customer, when that was not the
            collector; given only with ``confirmed_at``.
    """

    fields: frozenset[str]
    source: Source
    collected_by: str
    collected_at: datetime
    confirmed_at: datetime | None = None
    confirmed_how: ConfirmationMethod | None = None
    confirmed_by: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_fields(self.fields, "provenance.fields")
        check_choice(self.source, Source, "provenance.source")
        check_id(self.collected_by, "provenance.collected_by")
        check_time(self.collected_at, "provenance.collected_at")
        check_optional_time(self.confirmed_at, "provenance.confirmed_at")
        if self.confirmed_how is not None:
            check_choice(self.confirmed_how, ConfirmationMethod, "provenance.confirmed_how")
        if (self.confirmed_at is None) != (self.confirmed_how is None):
            raise InvalidValue(
                "missing", "provenance.confirmed_how", "is given exactly when confirmed_at is"
            )
        check_not_before(self.confirmed_at, self.collected_at, "provenance.confirmed_at")
        check_optional_id(self.confirmed_by, "provenance.confirmed_by")
        if self.confirmed_by is not None and self.confirmed_at is None:
            raise InvalidValue(
                "contradiction", "provenance.confirmed_by", "is given without confirmed_at"
            )

    @property
    def confirmed(self) -> bool:
        """Whether the customer confirmed this information."""
        return self.confirmed_at is not None


# --- legal holds and status ------------------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class LegalHold:
    """An instruction to keep a record, whatever its retention schedule says.

    Placed for litigation, a regulator's investigation or a police request; while it is
    active, nothing in the record may be erased or anonymised.

    Attributes:
        reference: the matter's reference.
        reason: why, in words; masked in ``repr``.
        placed_by: who placed it (a colleague's identifier).
        placed_at: when.
        lifted_at: when it was lifted, if it has been.
    """

    reference: str
    reason: str = attrs.field(repr=mask_text)
    placed_by: str
    placed_at: datetime
    lifted_at: datetime | None = None

    def __attrs_post_init__(self) -> None:
        check_id(self.reference, "legal_hold.reference")
        check_text(self.reason, "legal_hold.reason")
        check_id(self.placed_by, "legal_hold.placed_by")
        check_time(self.placed_at, "legal_hold.placed_at")
        check_optional_time(self.lifted_at, "legal_hold.lifted_at")
        check_not_before(self.lifted_at, self.placed_at, "legal_hold.lifted_at")

    def is_active(self, at: datetime) -> bool:
        """Whether the hold applies at ``at``."""
        return self.placed_at <= at and (self.lifted_at is None or at < self.lifted_at)

    def is_active_on(self, day: date) -> bool:
        """Whether the hold applies on ``day``: placed by its end, not lifted before it ends.

        ``day`` is a UK calendar day (Interpretation Act 1978 s9, Summer Time Act 1972):
        a hold lifted at 00:30 BST on 2 July, 23:30 UTC on 1 July, still held on 1 July.
        """
        return uk_day(self.placed_at) <= day and (
            self.lifted_at is None or uk_day(self.lifted_at) > day
        )


class RecordStatus(StrEnum):
    """Where a record is in its life."""

    ACTIVE = "active"
    CLOSED = "closed"
    """The customer relationship has ended; the record is kept for its retention period."""
    RESTRICTED = "restricted"
    """Processing is restricted (UK GDPR Article 18): the record is stored, not used."""


# --- the record ---------------------------------------------------------------------------


_NO_PREFERENCES: Final = CommunicationPreferences()


@final
@attrs.frozen(kw_only=True)
class CustomerRecord:
    """Everything an organisation holds about one customer.

    Attributes:
        id: the record's identifier.
        provenance: where the information came from: at least one entry, the first
            for the record's creation.
        name: the customer's name, if held.
        contact_points: e-mail addresses and phone numbers, each at most once, with at
            most one preferred of each kind.
        addresses: postal addresses, each at most once.
        date_of_birth: if held.
        accessibility_needs: reasonable adjustments the customer needs.
        special_category_conditions: the Article 9 conditions the record's
            special-category data is held under.
        preferences: how they like to be contacted, and their objections.
        consents: the bases for using their data, purpose by purpose.
        interactions: records of service delivered, each with an identifier unique
            within the record.
        notes: colleagues' free-text notes, each with a unique identifier.
        status: active, closed or restricted.
        closed_at: when the relationship ended; set when the status is closed, never
            when it is active.
        legal_holds: instructions to keep the record, each with a unique reference.
    """

    id: str
    provenance: tuple[Provenance, ...]
    name: PersonName | None = None
    contact_points: tuple[ContactPoint, ...] = ()
    addresses: tuple[PostalAddress, ...] = ()
    date_of_birth: date | None = attrs.field(default=None, repr=_masked)
    accessibility_needs: tuple[AccessibilityNeed, ...] = ()
    special_category_conditions: tuple[SpecialCategoryCondition, ...] = ()
    preferences: CommunicationPreferences = CommunicationPreferences()
    consents: tuple[Consent, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    notes: tuple[Note, ...] = ()
    status: RecordStatus = RecordStatus.ACTIVE
    closed_at: datetime | None = None
    legal_holds: tuple[LegalHold, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_id(self.id, "id")
        check_items(self.provenance, Provenance, "provenance")
        if not self.provenance:
            raise InvalidValue("empty", "provenance", "must say where the record came from")
        if self.name is not None and not isinstance(self.name, PersonName):
            raise InvalidValue("wrong_type", "name", "must be a PersonName")
        self._check_contact_points()
        check_items(self.addresses, PostalAddress, "addresses")
        check_unique(self.addresses, "addresses")
        if self.date_of_birth is not None and (
            not isinstance(self.date_of_birth, date) or isinstance(self.date_of_birth, datetime)
        ):
            raise InvalidValue("wrong_type", "date_of_birth", "must be a date")
        check_items(self.accessibility_needs, AccessibilityNeed, "accessibility_needs")
        check_items(
            self.special_category_conditions,
            SpecialCategoryCondition,
            "special_category_conditions",
        )
        check_unique(self.special_category_conditions, "special_category_conditions")
        check_type(self.preferences, CommunicationPreferences, "preferences")
        check_items(self.consents, Consent, "consents")
        check_items(self.interactions, Interaction, "interactions")
        check_unique((i.id for i in self.interactions), "interactions")
        check_items(self.notes, Note, "notes")
        check_unique((n.id for n in self.notes), "notes")
        check_items(self.legal_holds, LegalHold, "legal_holds")
        check_unique((h.reference for h in self.legal_holds), "legal_holds")
        self._check_status()

    def _check_contact_points(self) -> None:
        check_items(self.contact_points, ContactPoint, "contact_points")
        check_unique((p.value for p in self.contact_points), "contact_points")
        preferred = [type(p.value) for p in self.contact_points if p.preferred]
        if len(preferred) != len(set(preferred)):
            raise InvalidValue(
                "two_preferred", "contact_points", "has more than one preferred point of a kind"
            )

    def _check_status(self) -> None:
        check_choice(self.status, RecordStatus, "status")
        check_optional_time(self.closed_at, "closed_at")
        if self.status is RecordStatus.CLOSED and self.closed_at is None:
            raise InvalidValue("missing", "closed_at", "is required when the record is closed")
        if self.status is RecordStatus.ACTIVE and self.closed_at is not None:
            raise InvalidValue("contradiction", "closed_at", "is set on an active record")
        check_not_before(self.closed_at, self.created_at, "closed_at")

    @property
    def email_addresses(self) -> tuple[ContactPoint, ...]:
        """The contact points that are e-mail addresses, in order."""
        return tuple(p for p in self.contact_points if isinstance(p.value, EmailAddress))

    @property
    def phone_numbers(self) -> tuple[ContactPoint, ...]:
        """The contact points that are phone numbers, in order."""
        return tuple(p for p in self.contact_points if isinstance(p.value, PhoneNumber))

    @property
    def created_at(self) -> datetime:
        """When the record's first information was collected."""
        return min(p.collected_at for p in self.provenance)

    @property
    def last_interaction_at(self) -> datetime | None:
        """When the customer was last in contact, if ever."""
        return max((i.at for i in self.interactions), default=None)

    def holds(self, field: str) -> bool:
        """Whether the record holds anything in ``field``, one of `RECORD_FIELDS`.

        A field holds something when it is not None, not empty, and (for
        ``preferences``) not the default.

        Raises:
            InvalidValue: ``unknown_field`` for a name that is not one of `RECORD_FIELDS`.
        """
        if field not in RECORD_FIELDS:
            raise InvalidValue("unknown_field", "field", "is not a record field")
        value = getattr(self, field)
        return value is not None and value not in ((), _NO_PREFERENCES)

    def is_held(self, at: datetime) -> bool:
        """Whether a legal hold applies to the record at ``at``."""
        return any(hold.is_active(at) for hold in self.legal_holds)
