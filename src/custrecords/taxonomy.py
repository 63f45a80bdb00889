"""The shared vocabulary: data categories, purposes, lawful bases, channels, record fields.

custrecords labels personal data with fideslang *data categories*
(``user.contact.email``) and the reasons for processing it with fideslang *data uses*
(``marketing.communications.email``), so that what a record holds, what a guideline
permits and what a report says all use one vocabulary.

Source: fideslang, the Fides privacy taxonomy: the released taxonomy
(``fideslang.default_taxonomy``, fideslang 3.1.x), and the keys its next taxonomy
(3.2, ``docs/migration/v3.2.0.md`` in the fideslang repository, not yet released) adds.
Only the ``user`` branch of the categories is listed: custrecords processes data about
people, not systems. Both forms are accepted: a released key that 3.2 replaces
(``user.job_title``, ``user.health_and_medical``) and its replacement
(``user.professional_information.job_title``, ``user.health``).
`FIDESLANG_REPLACEMENTS` maps the one to the other, and `released_category` gives the
released form, which is what `Guidelines.to_fideslang` writes by default.

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
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from custrecords.errors import InvalidValue

__all__ = [
    "DATA_CATEGORIES",
    "DATA_USES",
    "ELECTRONIC_MAIL_PURPOSES",
    "FIDESLANG_REPLACEMENTS",
    "OWN_DATA_USES",
    "RECORD_FIELDS",
    "RELEASED_DATA_CATEGORIES",
    "RELEASED_DATA_USES",
    "Article9Condition",
    "Channel",
    "IdentityLevel",
    "InteractionKind",
    "LawfulBasis",
    "check_data_category",
    "check_data_use",
    "covers",
    "is_data_category",
    "is_data_use",
    "released_category",
]

RELEASED_DATA_CATEGORIES: Final[frozenset[str]] = frozenset(
    {
        "user",
        "user.account",
        "user.account.settings",
        "user.account.username",
        "user.authorization",
        "user.authorization.biometric",
        "user.authorization.credentials",
        "user.authorization.password",
        "user.behavior",
        "user.behavior.browsing_history",
        "user.behavior.media_consumption",
        "user.behavior.purchase_history",
        "user.behavior.search_history",
        "user.biometric",
        "user.biometric.fingerprint",
        "user.biometric.health",
        "user.biometric.retinal",
        "user.biometric.voice",
        "user.childrens",
        "user.contact",
        "user.contact.address",
        "user.contact.address.city",
        "user.contact.address.country",
        "user.contact.address.postal_code",
        "user.contact.address.state",
        "user.contact.address.street",
        "user.contact.email",
        "user.contact.fax_number",
        "user.contact.organization",
        "user.contact.phone_number",
        "user.contact.url",
        "user.content",
        "user.content.private",
        "user.content.public",
        "user.content.self_image",
        "user.criminal_history",
        "user.demographic",
        "user.demographic.age_range",
        "user.demographic.date_of_birth",
        "user.demographic.gender",
        "user.demographic.language",
        "user.demographic.marital_status",
        "user.demographic.political_opinion",
        "user.demographic.profile",
        "user.demographic.race_ethnicity",
        "user.demographic.religious_belief",
        "user.demographic.sexual_orientation",
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
        "user.health_and_medical",
        "user.health_and_medical.genetic",
        "user.health_and_medical.insurance_beneficiary_id",
        "user.health_and_medical.record_id",
        "user.job_title",
        "user.location",
        "user.location.imprecise",
        "user.location.precise",
        "user.name",
        "user.name.first",
        "user.name.last",
        "user.payment",
        "user.privacy_preferences",
        "user.sensor",
        "user.social",
        "user.telemetry",
        "user.unique_id",
        "user.unique_id.pseudonymous",
        "user.user_sensor",
        "user.workplace",
    }
)
"""The ``user`` data categories of the released fideslang (3.1.x, its default taxonomy)."""

_FIDESLANG_3_2_CATEGORIES: Final[frozenset[str]] = frozenset(
    {
        "user.authorization.biometrics",
        "user.biometrics",
        "user.biometrics.fingerprint",
        "user.biometrics.retinal",
        "user.biometrics.voice",
        "user.children",
        "user.children.children_under_thirteen",
        "user.children.thirteen_to_sixteen",
        "user.contact.address.mailing_address",
        "user.contact.social_url",
        "user.demographic.citizenship_or_immigration_status",
        "user.demographic.philosophical_belief",
        "user.demographic.protected_classifications",
        "user.demographic.union_membership",
        "user.device.sensor",
        "user.device.telemetry",
        "user.health",
        "user.health.baby_formula",
        "user.health.condition",
        "user.health.genetic",
        "user.health.insurance_beneficiary_id",
        "user.health.maternity_clothing",
        "user.health.medical_diagnosis",
        "user.health.medications",
        "user.health.prescriptions",
        "user.health.record_id",
        "user.health.reproductive_or_sexual",
        "user.health.social_psychological_behavioral",
        "user.health.symptons",
        "user.health.treatment",
        "user.location.coarse",
        "user.professional_information",
        "user.professional_information.job_title",
        "user.professional_information.workplace",
        "user.settings",
        "user.social_activity",
        "user.unique_id.deterministic",
        "user.unique_id.probablistic",
    }
)

DATA_CATEGORIES: Final[frozenset[str]] = RELEASED_DATA_CATEGORIES | _FIDESLANG_3_2_CATEGORIES
"""The fideslang data categories about people (the ``user`` branch): the released
taxonomy's, and the ones fideslang 3.2 adds."""

FIDESLANG_REPLACEMENTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "user.account.settings": "user.settings",
        "user.authorization.biometric": "user.authorization.biometrics",
        "user.biometric": "user.biometrics",
        "user.biometric.fingerprint": "user.biometrics.fingerprint",
        "user.biometric.retinal": "user.biometrics.retinal",
        "user.biometric.voice": "user.biometrics.voice",
        "user.biometric.health": "user.biometrics",
        "user.childrens": "user.children",
        "user.contact.url": "user.contact.social_url",
        "user.contact.organization": "user.contact",
        "user.location.imprecise": "user.location.coarse",
        "user.social": "user.social_activity",
        "user.unique_id.pseudonymous": "user.unique_id",
        "user.telemetry": "user.device.telemetry",
        "user.user_sensor": "user.device.sensor",
        "user.sensor": "user.device.sensor",
        "user.health_and_medical": "user.health",
        "user.health_and_medical.genetic": "user.health.genetic",
        "user.health_and_medical.insurance_beneficiary_id": "user.health.insurance_beneficiary_id",
        "user.health_and_medical.record_id": "user.health.record_id",
        "user.job_title": "user.professional_information.job_title",
        "user.workplace": "user.professional_information.workplace",
    }
)
"""Each released category fideslang 3.2 deprecates, and the key that replaces it.

fideslang's own ``replaced_by`` (its 3.2 migration guide, ``docs/migration/v3.2.0.md``);
four are merged into a broader key (``user.contact.organization`` into ``user.contact``).
"""

# The other way: the released key for each 3.2 key that replaces one of its own. A 3.2
# key new in meaning (``user.health.condition``) is written as its nearest released
# ancestor, once mapped (``user.health_and_medical``).
_RELEASED_FORM: Final[Mapping[str, str]] = MappingProxyType(
    {
        "user.settings": "user.account.settings",
        "user.authorization.biometrics": "user.authorization.biometric",
        "user.biometrics": "user.biometric",
        "user.biometrics.fingerprint": "user.biometric.fingerprint",
        "user.biometrics.retinal": "user.biometric.retinal",
        "user.biometrics.voice": "user.biometric.voice",
        "user.children": "user.childrens",
        "user.contact.social_url": "user.contact.url",
        "user.location.coarse": "user.location.imprecise",
        "user.social_activity": "user.social",
        "user.device.telemetry": "user.telemetry",
        "user.device.sensor": "user.sensor",
        "user.health": "user.health_and_medical",
        "user.health.genetic": "user.health_and_medical.genetic",
        "user.health.insurance_beneficiary_id": "user.health_and_medical.insurance_beneficiary_id",
        "user.health.record_id": "user.health_and_medical.record_id",
        "user.professional_information.job_title": "user.job_title",
        "user.professional_information.workplace": "user.workplace",
    }
)

RELEASED_DATA_USES: Final[frozenset[str]] = frozenset(
    {
        "analytics",
        "analytics.reporting",
        "analytics.reporting.ad_performance",
        "analytics.reporting.campaign_insights",
        "analytics.reporting.content_performance",
        "analytics.reporting.system",
        "analytics.reporting.system.performance",
        "collect",
        "employment",
        "employment.recruitment",
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
        "functional.storage",
        "functional.storage.privacy_preferences",
        "marketing",
        "marketing.advertising",
        "marketing.advertising.first_party",
        "marketing.advertising.first_party.contextual",
        "marketing.advertising.first_party.targeted",
        "marketing.advertising.frequency_capping",
        "marketing.advertising.negative_targeting",
        "marketing.advertising.profiling",
        "marketing.advertising.serving",
        "marketing.advertising.third_party",
        "marketing.advertising.third_party.targeted",
        "marketing.communications",
        "marketing.communications.email",
        "marketing.communications.sms",
        "operations",
        "personalize",
        "personalize.content",
        "personalize.content.limited",
        "personalize.content.profiled",
        "personalize.content.profiling",
        "personalize.profiling",
        "personalize.system",
        "sales",
        "third_party_sharing",
        "third_party_sharing.legal_obligation",
        "train_ai_system",
    }
)
"""The data uses of the released fideslang (3.1.x)."""

OWN_DATA_USES: Final[frozenset[str]] = frozenset(
    # The Privacy and Electronic Communications Regulations 2003 treat live marketing
    # calls (reg 21) differently from e-mail and SMS (reg 22), and post falls under UK
    # GDPR alone, so each channel needs a purpose of its own. `Guidelines.to_fideslang`
    # declares them in its manifest, beneath ``marketing.communications``.
    {"marketing.communications.phone", "marketing.communications.post"}
)
"""custrecords' own data uses, beneath fideslang's ``marketing.communications``."""

DATA_USES: Final[frozenset[str]] = RELEASED_DATA_USES | OWN_DATA_USES
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


def released_category(key: str) -> str:
    """The released fideslang's key for a data category: what a manifest is written with.

    A released key is itself; a key fideslang 3.2 introduced to replace a released one is
    that one (``user.professional_information.job_title`` is ``user.job_title``); a 3.2
    key new in meaning, or a refinement of custrecords' own, is its nearest released
    ancestor (``user.health.condition`` is ``user.health_and_medical``,
    ``user.financial.credit_card.security_code`` is ``user.financial.credit_card``).

    >>> released_category("user.health.condition")
    'user.health_and_medical'
    >>> released_category("user.job_title")
    'user.job_title'

    Raises:
        InvalidValue: ``unknown_data_category`` for a key that is not a data category.
    """
    check_data_category(key, "category")
    while key not in RELEASED_DATA_CATEGORIES:
        if key in _RELEASED_FORM:
            return _RELEASED_FORM[key]
        key = key.rpartition(".")[0]
    return key


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


class Article9Condition(StrEnum):
    """The conditions for processing special-category data (UK GDPR Article 9(2)(a) to (j)).

    Health (including disability), racial or ethnic origin, religion or belief,
    political opinions, trade union membership, genetic and biometric data, sex life and
    sexual orientation may be processed only under one of these, on top of an Article 6
    lawful basis. Four of them, and the substantial public interest, also need a
    condition in Schedule 1 to the Data Protection Act 2018 (section 10).
    """

    EXPLICIT_CONSENT = "explicit_consent"
    """(a) The customer gave explicit consent."""
    EMPLOYMENT_SOCIAL_SECURITY = "employment_social_security"
    """(b) Employment, social security and social protection law; DPA 2018 Sch 1 para 1."""
    VITAL_INTERESTS = "vital_interests"
    """(c) To protect someone's life when they cannot consent."""
    NOT_FOR_PROFIT_BODY = "not_for_profit_body"
    """(d) A foundation, association or not-for-profit body, about its members."""
    MADE_PUBLIC = "made_public"
    """(e) The customer manifestly made the information public."""
    LEGAL_CLAIMS = "legal_claims"
    """(f) Establishing, exercising or defending legal claims."""
    SUBSTANTIAL_PUBLIC_INTEREST = "substantial_public_interest"
    """(g) Substantial public interest; DPA 2018 Sch 1 Part 2, paragraphs 6 to 28."""
    HEALTH_OR_SOCIAL_CARE = "health_or_social_care"
    """(h) Health or social care; DPA 2018 Sch 1 para 2."""
    PUBLIC_HEALTH = "public_health"
    """(i) Public health; DPA 2018 Sch 1 para 3."""
    ARCHIVING_RESEARCH_STATISTICS = "archiving_research_statistics"
    """(j) Archiving, research and statistics; DPA 2018 Sch 1 para 4."""


# DPA 2018 section 10 and Schedule 1: which paragraphs each condition may rest on.


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
    DISPUTE = "dispute"
    """A dispute about an order or a payment: a chargeback, a claim under section 75 of
    the Consumer Credit Act 1974. Like a complaint, it stays open until it is closed."""
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
