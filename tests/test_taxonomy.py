"""Tests for custrecords.taxonomy: fideslang keys, and finer keys beneath them."""

from __future__ import annotations

import pytest

from custrecords import InvalidValue
from custrecords.taxonomy import (
    DATA_CATEGORIES,
    DATA_USES,
    check_data_category,
    check_data_use,
    is_data_category,
    is_data_use,
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
