"""The shared vocabulary: data categories, purposes, lawful bases, channels, record fields.

custrecords labels personal data with fideslang *data categories*
(``user.contact.email``) and the reasons for processing it with fideslang *data uses*
(``marketing.communications.email``), so that what a record holds, what a guideline
permits and what a report says all use one vocabulary.

Source: fideslang, the Fides privacy taxonomy (``data_files/data_categories.csv`` and
``data_files/data_uses.csv``, taxonomy version 3.x). Only the ``user`` branch of the
categories is listed: custrecords processes data about people, not systems.
Keys that fideslang 3 deprecated (such as ``user.health_and_medical``) are kept, since
existing inventories use them.

A key is accepted when it is listed, or when it refines a listed key that has no
listed refinements of its own: ``user.financial.credit_card.security_code`` refines
``user.financial.credit_card``. A key beneath one whose refinements are already listed
is not a refinement but a new category, and more often a typing mistake
(``user.contact.emial``), so it is refused.

>>> is_data_category("user.financial.credit_card.security_code")
True
>>> is_data_category("user.contact.emial")
False
>>> is_data_use("marketing.communications.post")
True
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

from custrecords.errors import InvalidValue

__all__ = [
    "DATA_CATEGORIES",
    "DATA_USES",
    "ELECTRONIC_MAIL_PURPOSES",
    "RECORD_FIELDS",
    "Channel",
    "IdentityLevel",
    "InteractionKind",
    "LawfulBasis",
    "check_data_category",
    "check_data_use",
    "covers",
    "is_data_category",
    "is_data_use",
]

DATA_CATEGORIES: Final[frozenset[str]] = frozenset(
    {
        "user",
        "user.account",
        "user.account.username",
        "user.authorization",
        "user.authorization.biometrics",
        "user.authorization.credentials",
        "user.authorization.password",
        "user.behavior",
        "user.behavior.browsing_history",
        "user.behavior.media_consumption",
        "user.behavior.purchase_history",
        "user.behavior.search_history",
        "user.biometrics",
        "user.biometrics.fingerprint",
        "user.biometrics.retinal",
        "user.biometrics.voice",
        "user.children",
        "user.contact",
        "user.contact.address",
        "user.contact.address.city",
        "user.contact.address.country",
        "user.contact.address.mailing_address",
        "user.contact.address.postal_code",
        "user.contact.address.state",
        "user.contact.address.street",
        "user.contact.email",
        "user.contact.fax_number",
        "user.contact.phone_number",
        "user.contact.social_url",
        "user.content",
        "user.content.private",
        "user.content.public",
        "user.content.self_image",
        "user.criminal_history",
        "user.demographic",
        "user.demographic.age_range",
        "user.demographic.citizenship_or_immigration_status",
        "user.demographic.date_of_birth",
        "user.demographic.gender",
        "user.demographic.language",
        "user.demographic.marital_status",
        "user.demographic.philosophical_belief",
        "user.demographic.political_opinion",
        "user.demographic.profile",
        "user.demographic.protected_classifications",
        "user.demographic.race_ethnicity",
        "user.demographic.religious_belief",
        "user.demographic.sexual_orientation",
        "user.demographic.union_membership",
        "user.device",
        "user.device.cookie",
        "user.device.cookie_id",
        "user.device.device_id",
        "user.device.ip_address",
        "user.financial",
        "user.financial.bank_account",
        "user.financial.credit_card",
        "user.government_id",
        "user.government_id.birth_certificate",
        "user.government_id.drivers_license_number",
        "user.government_id.immigration",
        "user.government_id.national_identification_number",
        "user.government_id.passport_number",
        "user.government_id.vehicle_registration",
        "user.health",
        "user.health.condition",
        "user.health.genetic",
        "user.health.medical_diagnosis",
        "user.health.medications",
        "user.health.prescriptions",
        "user.health.record_id",
        "user.health.reproductive_or_sexual",
        "user.health.social_psychological_behavioral",
        "user.health.treatment",
        "user.health_and_medical",
        "user.location",
        "user.location.coarse",
        "user.location.precise",
        "user.name",
        "user.name.first",
        "user.name.last",
        "user.payment",
        "user.privacy_preferences",
        "user.professional_information",
        "user.professional_information.job_title",
        "user.professional_information.workplace",
        "user.settings",
        "user.unique_id",
    }
)
"""The fideslang data categories about people (the ``user`` branch)."""

DATA_USES: Final[frozenset[str]] = frozenset(
    {
        "analytics",
        "analytics.reporting",
        "analytics.reporting.campaign_insights",
        "analytics.reporting.content_performance",
        "analytics.reporting.system",
        "collect",
        "employment",
        "essential",
        "essential.fraud_detection",
        "essential.legal_obligation",
        "essential.service",
        "essential.service.authentication",
        "essential.service.notifications",
        "essential.service.notifications.email",
        "essential.service.notifications.sms",
        "essential.service.operations",
        "essential.service.operations.improve",
        "essential.service.operations.support",
        "essential.service.payment_processing",
        "essential.service.security",
        "essential.service.upgrades",
        "finance",
        "functional",
        "functional.service",
        "functional.service.improve",
        "marketing",
        "marketing.advertising",
        "marketing.advertising.first_party",
        "marketing.advertising.profiling",
        "marketing.advertising.third_party",
        "marketing.communications",
        "marketing.communications.email",
        # custrecords' own: the Privacy and Electronic Communications Regulations 2003
        # treat live marketing calls (reg 21) differently from e-mail and SMS (reg 22),
        # and post falls under UK GDPR alone, so each channel needs a purpose of its own.
        "marketing.communications.phone",
        "marketing.communications.post",
        "marketing.communications.sms",
        "operations",
        "personalize",
        "personalize.content",
        "personalize.system",
        "sales",
        "third_party_sharing",
        "third_party_sharing.legal_obligation",
        "train_ai_system",
    }
)
"""The fideslang data uses: the purposes personal data is processed for."""

ELECTRONIC_MAIL_PURPOSES: Final[frozenset[str]] = frozenset(
    {"marketing.communications.email", "marketing.communications.sms"}
)
"""The marketing purposes PECR regulation 22 governs: "electronic mail" is e-mail and
text messages (PECR regulation 2(1)), and regulation 22(3)'s soft opt-in is for them
only, never for calls or post."""

_KEY = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*")


def _refined(known: frozenset[str]) -> frozenset[str]:
    """The listed keys that have listed refinements."""
    return frozenset(key.rpartition(".")[0] for key in known if "." in key)


_REFINED_CATEGORIES: Final = _refined(DATA_CATEGORIES)
_REFINED_USES: Final = _refined(DATA_USES)


def _within(key: str, known: frozenset[str], refined: frozenset[str]) -> bool:
    if key in known:
        return True
    if not _KEY.fullmatch(key):
        return False
    ancestor, dot, _ = key.rpartition(".")
    while dot and ancestor not in known:
        ancestor, dot, _ = ancestor.rpartition(".")
    return bool(dot) and ancestor not in refined


def is_data_category(key: str) -> bool:
    """Whether ``key`` is a fideslang data category, or a refinement of one."""
    return _within(key, DATA_CATEGORIES, _REFINED_CATEGORIES)


def is_data_use(key: str) -> bool:
    """Whether ``key`` is a fideslang data use (a purpose), or a refinement of one."""
    return _within(key, DATA_USES, _REFINED_USES)


def covers(key: str, refinement: str) -> bool:
    """Whether ``refinement`` is ``key`` itself or one of its refinements.

    A purpose covers its refinements, and so does a consent or an objection given for it.

    >>> covers("essential.service", "essential.service.payment_processing")
    True
    >>> covers("essential.service", "essential.service_desk")
    False
    """
    return refinement == key or refinement.startswith(key + ".")


def check_data_category(key: object, field: str) -> str:
    """Return ``key`` if it is a data category.

    Raises:
        InvalidValue: ``unknown_data_category`` when it is not one.
    """
    if not isinstance(key, str) or not is_data_category(key):
        raise InvalidValue("unknown_data_category", field, "is not a fideslang data category")
    return key


def check_data_use(key: object, field: str) -> str:
    """Return ``key`` if it is a data use (a purpose).

    Raises:
        InvalidValue: ``unknown_data_use`` when it is not one.
    """
    if not isinstance(key, str) or not is_data_use(key):
        raise InvalidValue("unknown_data_use", field, "is not a fideslang data use (a purpose)")
    return key


class LawfulBasis(StrEnum):
    """The lawful bases for processing personal data (UK GDPR Article 6(1)(a) to (f))."""

    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"


class Channel(StrEnum):
    """A way information reaches a customer or a colleague.

    Between them these cover the standard's four ways to supply information: in
    writing (letter, e-mail, SMS, web), verbally (phone, face to face), electronically
    and using images (web, video).
    """

    LETTER = "letter"
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    WEB = "web"
    """The organisation's secure portal or the customer's online account."""
    FACE_TO_FACE = "face_to_face"
    VIDEO = "video"
    """A video call, including British Sign Language video relay."""
    INTRANET = "intranet"
    """For colleagues: the organisation's internal systems."""


class InteractionKind(StrEnum):
    """What an interaction with the customer was about."""

    ENQUIRY = "enquiry"
    ORDER = "order"
    PAYMENT = "payment"
    SERVICE = "service"
    """A service delivered: a delivery, a visit, a repair, an appointment."""
    COMPLAINT = "complaint"
    FEEDBACK = "feedback"
    ACCOUNT_CHANGE = "account_change"


class IdentityLevel(StrEnum):
    """How far a requester's identity has been checked, weakest first.

    The levels follow the ICO's guidance on checking identity before disclosing: what
    is reasonable depends on the risk of the information reaching the wrong person.
    """

    NONE = "none"
    """Not checked: a name and an account number are not a check."""
    KNOWLEDGE = "knowledge"
    """Knowledge-based: security questions, or details only the customer should know."""
    ONE_TIME_CODE = "one_time_code"
    """A one-time code sent to a contact point the record holds as verified."""
    DOCUMENTS = "documents"
    """Identity documents checked."""

    def at_least(self, other: IdentityLevel) -> bool:
        """Whether this level is ``other`` or stronger."""
        order = list(IdentityLevel)
        return order.index(self) >= order.index(other)


RECORD_FIELDS: Final[frozenset[str]] = frozenset(
    {
        "name",
        "email_addresses",
        "phone_numbers",
        "addresses",
        "date_of_birth",
        "accessibility_needs",
        "special_category_conditions",
        "preferences",
        "consents",
        "interactions",
        "notes",
    }
)
"""The fields of a `CustomerRecord` that hold information about the customer.

Each is readable as an attribute of the record. A record keeps e-mail addresses and
phone numbers together as ``contact_points``, but they serve different purposes and
are confirmed separately, so guidelines, provenance and change sets name them apart.
"""
