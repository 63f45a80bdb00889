"""Fides interop: the taxonomy and `Guidelines.to_fideslang` checked by fideslang itself.

fideslang is in the ``test`` extra, never a dependency of custrecords (it pins
pydantic); without it these tests are skipped, and ``.ci/run`` installs it.
"""

from __future__ import annotations

import importlib.util
import json
from typing import Any, cast

import attrs
import pytest

from custrecords import Article9Condition, Guidelines, InvalidValue, KeepRule
from custrecords.taxonomy import (
    DATA_CATEGORIES,
    FIDESLANG_REPLACEMENTS,
    RELEASED_DATA_CATEGORIES,
    RELEASED_DATA_USES,
)

UK = Guidelines.uk_default()
# Only the tests that ask fideslang itself are skipped without it.
needs_fideslang = pytest.mark.skipif(
    importlib.util.find_spec("fideslang") is None, reason="fideslang is in the test extra"
)
if importlib.util.find_spec("fideslang") is not None:
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY
    from fideslang.models import Taxonomy
    from fideslang.relationships import get_referenced_missing_keys
    from pydantic import ValidationError


def declarations(manifest: dict[str, list[dict[str, object]]]) -> list[dict[str, Any]]:
    """The manifest's privacy declarations, as the one system declares them."""
    [system] = manifest["system"]
    return cast("list[dict[str, Any]]", system["privacy_declarations"])


def missing_keys(manifest: dict[str, list[dict[str, object]]]) -> set[str]:
    """The keys the manifest uses that neither it nor fideslang's released taxonomy holds."""
    own = Taxonomy.model_validate(manifest)
    whole = Taxonomy(
        data_category=[*DEFAULT_TAXONOMY.data_category, *own.data_category],
        data_subject=DEFAULT_TAXONOMY.data_subject,
        data_use=[*DEFAULT_TAXONOMY.data_use, *own.data_use],
        organization=DEFAULT_TAXONOMY.organization,
        system=own.system,
    )
    return set(get_referenced_missing_keys(whole))


@needs_fideslang
def test_our_released_keys_are_the_released_fideslang_taxonomys() -> None:
    released = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}
    assert {key for key in released if key.startswith("user")} == RELEASED_DATA_CATEGORIES
    assert {u.fides_key for u in DEFAULT_TAXONOMY.data_use} == RELEASED_DATA_USES
    # The rest are fideslang 3.2's, not yet released.
    assert not (DATA_CATEGORIES - RELEASED_DATA_CATEGORIES) & released


@needs_fideslang
def test_the_replacement_map_leads_from_released_keys_to_keys_we_accept() -> None:
    released = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}
    for old, new in FIDESLANG_REPLACEMENTS.items():
        assert old in released
        assert new in DATA_CATEGORIES


@needs_fideslang
def test_the_manifest_is_valid_by_fideslangs_own_models() -> None:
    manifest = UK.to_fideslang()
    taxonomy = Taxonomy.model_validate(manifest)
    [system] = taxonomy.system
    assert system.fides_key == "uk_consumer_business_custrecords_default"
    assert {d.data_use for d in system.privacy_declarations} == {p.key for p in UK.purposes}
    assert missing_keys(manifest) == set()


def test_the_manifest_says_what_the_guidelines_say() -> None:
    by_use = {d["data_use"]: d for d in declarations(UK.to_fideslang())}
    email = by_use["marketing.communications.email"]
    assert email["data_categories"] == [
        "user.contact.email",
        "user.name",
        "user.privacy_preferences",
    ]
    assert email["data_subjects"] == ["customer"]
    assert email["legal_basis_for_processing"] == "Consent"
    assert email["processes_special_category_data"] is False
    assert email["special_category_legal_basis"] is None
    service = by_use["essential.service"]
    # Accessibility needs can reveal a disability: health data, under Article 9(2)(g).
    assert "user.health_and_medical" in service["data_categories"]
    assert service["processes_special_category_data"] is True
    assert service["special_category_legal_basis"] == (
        "Reasons of substantial public interest (with a basis in law)"
    )
    assert "record: anonymised 6 years after the customer relationship ended" in str(
        service["retention_period"]
    )
    # What must never be kept is declared for no purpose.
    never = {r.category for r in UK.fields if r.keep is KeepRule.NEVER}
    assert not never & {c for d in by_use.values() for c in d["data_categories"]}
    assert by_use["third_party_sharing"]["data_shared_with_third_parties"] is True
    assert by_use["third_party_sharing.legal_obligation"]["legal_basis_for_processing"] == (
        "Legal obligations"
    )
    json.dumps(UK.to_fideslang())  # plain data


def test_custrecords_own_purposes_are_declared_beneath_fideslangs() -> None:
    uses = {u["fides_key"]: u for u in UK.to_fideslang()["data_use"]}
    assert set(uses) == {"marketing.communications.phone", "marketing.communications.post"}
    assert {u["parent_key"] for u in uses.values()} == {"marketing.communications"}


@needs_fideslang
def test_an_unknown_key_is_refused() -> None:
    manifest = UK.to_fideslang()
    declaration = declarations(manifest)[0]
    declaration["data_categories"] = [*declaration["data_categories"], "user.contact.emial"]
    assert missing_keys(manifest) == {"user.contact.emial"}
    # An undeclared purpose of our own is unknown to fideslang too.
    assert missing_keys({**manifest, "data_use": []}) == {
        "user.contact.emial",
        "marketing.communications.phone",
        "marketing.communications.post",
    }


@needs_fideslang
def test_fideslang_3_2_keys_are_unknown_to_the_released_fideslang() -> None:
    """Why the released key is written by default: ``user.health`` is not released yet."""
    assert missing_keys(UK.to_fideslang(taxonomy="3.2")) == {"user.health"}
    assert "user.health" in str(UK.to_fideslang(taxonomy="3.2"))


@needs_fideslang
def test_a_malformed_manifest_is_refused_by_fideslang() -> None:
    manifest = UK.to_fideslang()
    declaration = declarations(manifest)[0]
    declaration["legal_basis_for_processing"] = "Because we can"
    with pytest.raises(ValidationError):
        Taxonomy.model_validate(manifest)


@needs_fideslang
def test_guidelines_with_released_and_3_2_keys_write_valid_manifests() -> None:
    fields = tuple(
        attrs.evolve(rule, category="user.job_title")
        if rule.name == "notes"
        else attrs.evolve(rule, category="user.professional_information.workplace")
        if rule.name == "preferences"
        else rule
        for rule in UK.fields
    )
    guidelines = attrs.evolve(UK, fields=fields)
    assert missing_keys(guidelines.to_fideslang()) == set()
    written = json.dumps(guidelines.to_fideslang())
    assert "user.workplace" in written
    assert "user.professional_information" not in written
    three_two = json.dumps(guidelines.to_fideslang(taxonomy="3.2"))
    assert "user.professional_information.job_title" in three_two


@needs_fideslang
def test_a_catalogue_condition_is_written_as_fideslangs_special_category_basis() -> None:
    fields = tuple(
        attrs.evolve(rule, condition=Article9Condition.EXPLICIT_CONSENT)
        if rule.name == "accessibility_needs"
        else rule
        for rule in UK.fields
    )
    manifest = attrs.evolve(UK, fields=fields).to_fideslang()
    Taxonomy.model_validate(manifest)
    declaration = declarations(manifest)[0]
    assert declaration["special_category_legal_basis"] == "Explicit consent"


def test_another_taxonomy_is_refused() -> None:
    with pytest.raises(InvalidValue) as raised:
        UK.to_fideslang(taxonomy="4.0")
    assert (raised.value.code, raised.value.field) == ("unknown_choice", "taxonomy")
