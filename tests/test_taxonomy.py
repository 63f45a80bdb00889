"""Tests for custrecords.taxonomy: fideslang keys, and finer keys beneath them."""

from __future__ import annotations

import pytest

from custrecords import InvalidValue
from custrecords.taxonomy import (
    DATA_CATEGORIES,
    DATA_USES,
    FIDESLANG_REPLACEMENTS,
    OWN_DATA_USES,
    RELEASED_DATA_CATEGORIES,
    RELEASED_DATA_USES,
    check_data_category,
    check_data_use,
    is_data_category,
    is_data_use,
    released_category,
)


@pytest.mark.parametrize(
    "key",
    [
        "user.contact.email",
        "user.financial.credit_card",
        "user.financial.credit_card.security_code",  # a finer key beneath a listed one
        "user.government_id.national_identification_number",
        "user.health_and_medical",  # fideslang 2's name, still in use
        "user.health.condition",
    ],
)
def test_data_categories(key: str) -> None:
    assert is_data_category(key)
    assert check_data_category(key, "category") == key


@pytest.mark.parametrize(
    "key",
    [
        "contact.email",  # not under user
        "system.operations",  # about systems, not people
        "user.contact.Email",
        "user..email",
        "user.contact.email.",
        "",
        "user.unknown_branch",  # beneath "user", whose kinds are all listed
        "user.contact.emial",  # a typing mistake, not a refinement of user.contact
    ],
)
def test_not_data_categories(key: str) -> None:
    assert not is_data_category(key)
    with pytest.raises(InvalidValue) as raised:
        check_data_category(key, "category")
    assert (raised.value.code, raised.value.field) == ("unknown_data_category", "category")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("essential.service", True),
        ("marketing.communications.email", True),
        ("marketing.communications.post", True),
        ("marketing.communications.email.newsletter", True),
        ("essential.legal_obligation", True),
        ("essential.service.payment_processing.direct_debit", True),
        ("marketing.spam", False),  # marketing's kinds are listed: this is none of them
        ("essential.servise", False),
        ("spam", False),
        ("user.contact.email", False),
        ("Marketing", False),
    ],
)
def test_data_uses(key: str, expected: bool) -> None:
    assert is_data_use(key) is expected


def test_check_data_use_refuses_non_text() -> None:
    with pytest.raises(InvalidValue) as raised:
        check_data_use(42, "purpose")
    assert raised.value.code == "unknown_data_use"


def test_every_listed_key_is_well_formed_and_has_its_parent_listed() -> None:
    for known in (DATA_CATEGORIES, DATA_USES):
        for key in known:
            parent = key.rpartition(".")[0]
            assert not parent or parent in known, key


# Released keys that fideslang 3.2 replaces, and replacements only 3.2 has: both forms
# are valid, since inventories hold the one and fideslang's next release the other.
@pytest.mark.parametrize(
    ("released", "replacement"),
    [
        ("user.job_title", "user.professional_information.job_title"),
        ("user.workplace", "user.professional_information.workplace"),
        ("user.childrens", "user.children"),
        ("user.biometric.fingerprint", "user.biometrics.fingerprint"),
        ("user.contact.url", "user.contact.social_url"),
        ("user.location.imprecise", "user.location.coarse"),
        ("user.account.settings", "user.settings"),
        ("user.health_and_medical", "user.health"),
        ("user.health_and_medical.record_id", "user.health.record_id"),
        ("user.sensor", "user.device.sensor"),
        ("user.telemetry", "user.device.telemetry"),
        ("user.social", "user.social_activity"),
    ],
)
def test_released_keys_and_their_fideslang_3_2_replacements_are_both_accepted(
    released: str, replacement: str
) -> None:
    """fideslang 3.2 migration guide (docs/migration/v3.2.0.md): deprecated → replaced_by."""
    assert released in RELEASED_DATA_CATEGORIES
    assert replacement not in RELEASED_DATA_CATEGORIES
    assert is_data_category(released)
    assert is_data_category(replacement)
    assert FIDESLANG_REPLACEMENTS[released] == replacement
    assert released_category(replacement) == released
    assert released_category(released) == released


@pytest.mark.parametrize(
    ("key", "released"),
    [
        # fideslang 3.2 merges these into a broader key: written as the broader released key.
        ("user.contact.organization", "user.contact.organization"),
        # New in 3.2, with no released key of its own: its nearest released ancestor.
        ("user.health.condition", "user.health_and_medical"),
        ("user.health.medical_diagnosis", "user.health_and_medical"),
        ("user.demographic.union_membership", "user.demographic"),
        ("user.contact.address.mailing_address", "user.contact.address"),
        ("user.children.children_under_thirteen", "user.childrens"),
        ("user.professional_information", "user"),
        # custrecords' own refinements: the released key they refine.
        ("user.financial.credit_card.security_code", "user.financial.credit_card"),
        ("user.financial.bank_account.sort_code", "user.financial.bank_account"),
    ],
)
def test_every_key_is_written_as_a_released_fideslang_key(key: str, released: str) -> None:
    assert released_category(key) == released
    assert released in RELEASED_DATA_CATEGORIES


def test_every_key_has_a_released_form() -> None:
    for key in DATA_CATEGORIES:
        assert released_category(key) in RELEASED_DATA_CATEGORIES, key
    assert len(DATA_CATEGORIES - RELEASED_DATA_CATEGORIES) == 38  # fideslang 3.2's new keys


def test_released_category_refuses_an_unknown_key() -> None:
    with pytest.raises(InvalidValue) as raised:
        released_category("user.contact.emial")
    assert raised.value.code == "unknown_data_category"


@pytest.mark.parametrize(
    "key",
    [
        "functional.storage.privacy_preferences",
        "personalize.profiling",
        "marketing.advertising.frequency_capping",
        "analytics.reporting.ad_performance",
    ],
)
def test_released_data_uses_are_accepted(key: str) -> None:
    assert key in RELEASED_DATA_USES
    assert is_data_use(key)


def test_custrecords_own_data_uses_refine_marketing_communications() -> None:
    assert {"marketing.communications.phone", "marketing.communications.post"} == OWN_DATA_USES
    assert not OWN_DATA_USES & RELEASED_DATA_USES
    assert all(key.rpartition(".")[0] in RELEASED_DATA_USES for key in OWN_DATA_USES)
