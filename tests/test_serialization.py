"""Tests for custrecords.serialization: round trips, the format, and errors with paths."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from typing import Any

import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    AccessibilityNeed,
    AnonymousRecord,
    AuditEvent,
    ChangeSet,
    ChannelChoice,
    CommunicationPreferences,
    Confirmation,
    Consent,
    ContactPoint,
    CustomerRecord,
    Decision,
    DisclosureRequest,
    Draft,
    EmailAddress,
    Finding,
    Guidelines,
    Interaction,
    InvalidValue,
    LegalHold,
    Message,
    MinimisationReport,
    Note,
    PersonName,
    PhoneNumber,
    PostalAddress,
    ProcessingRecord,
    Provenance,
    RetentionDue,
    RowAudit,
    SpecialCategoryCondition,
    SubjectRequest,
    SupplyRecord,
    Tombstone,
    UsageError,
    configure_converter,
    converter,
    make_converter,
    record_of_processing,
)
from custrecords import testing as strategies

ROUND_TRIPS: list[tuple[st.SearchStrategy[Any], type]] = [
    (strategies.emails(), EmailAddress),
    (strategies.phone_numbers(), PhoneNumber),
    (strategies.postal_addresses(), PostalAddress),
    (strategies.person_names(), PersonName),
    (strategies.contact_points(), ContactPoint),
    (strategies.accessibility_needs(), AccessibilityNeed),
    (strategies.preferences(), CommunicationPreferences),
    (strategies.consents(), Consent),
    (strategies.interactions(), Interaction),
    (strategies.notes(), Note),
    (strategies.legal_holds(), LegalHold),
    (strategies.provenances(), Provenance),
    (strategies.special_category_conditions(), SpecialCategoryCondition),
    (strategies.customer_records(), CustomerRecord),
    (strategies.drafts(), Draft),
    (strategies.confirmations(), Confirmation),
    (strategies.change_sets(), ChangeSet),
    (strategies.findings(), Finding),
    (strategies.minimisation_reports(), MinimisationReport),
    (strategies.anonymous_records(), AnonymousRecord),
    (strategies.tombstones(), Tombstone),
    (strategies.retention_results(), RetentionDue),
    (strategies.disclosure_requests(), DisclosureRequest),
    (strategies.decisions(), Decision),
    (strategies.audit_events(), AuditEvent),
    (strategies.messages, Message),
    (strategies.channel_choices(), ChannelChoice),
    (strategies.supply_records(), SupplyRecord),
    (strategies.subject_requests(), SubjectRequest),
    (strategies.row_audits(), RowAudit),
    (st.just(record_of_processing(Guidelines.uk_default())), ProcessingRecord),
]


@pytest.mark.parametrize(("strategy", "cls"), ROUND_TRIPS, ids=lambda x: getattr(x, "__name__", ""))
def test_round_trip_through_json(strategy: st.SearchStrategy[Any], cls: type) -> None:
    """structure(unstructure(x)) == x, through real JSON text, for every public type."""

    @given(strategy)
    def round_trip(value: Any) -> None:
        data = json.loads(json.dumps(converter.unstructure(value)))
        assert converter.structure(data, cls) == value

    round_trip()


@given(strategies.customer_records())
def test_unstructuring_is_deterministic(record: CustomerRecord) -> None:
    """The same record always serialises to the same text (sets are sorted)."""
    once = json.dumps(converter.unstructure(record))
    assert (
        json.dumps(converter.unstructure(converter.structure(json.loads(once), CustomerRecord)))
        == once
    )


# --- the format --------------------------------------------------------------------------

SAMPLE: dict[str, Any] = {
    "id": "C-1001",
    "provenance": [
        {
            "fields": ["email_addresses", "name"],
            "source": "customer_phone",
            "collected_by": "agent-7",
            "collected_at": "2026-03-02T09:30:00+00:00",
            "confirmed_at": "2026-03-02T09:34:00+00:00",
            "confirmed_how": "read_back",
            "confirmed_by": None,
        }
    ],
    "name": {"full": "Aisha Khan", "given": "Aisha", "family": "Khan"},
    "contact_points": [
        {"value": "aisha@example.com", "verified": True, "preferred": True},
        {"value": "+447400123456", "verified": False, "preferred": False},
    ],
    "addresses": [
        {
            "lines": ["14 Heol y Frenhines"],
            "town": "Caerdydd",
            "postcode": "CF10 1AA",
            "country": "GB",
        }
    ],
    "date_of_birth": "1990-02-28",
    "accessibility_needs": [{"kind": "large_print", "detail": None}],
    "special_category_conditions": [
        {
            "fields": ["accessibility_needs"],
            "condition": "explicit_consent",
            "recorded_at": "2026-03-02T09:35:00+00:00",
            "evidence": "call recording R-5521",
            "dpa_paragraph": None,
        }
    ],
    "preferences": {
        "channels": ["email", "letter"],
        "refused_channels": ["phone", "sms"],
        "language": "cy",
        "objections": [],
    },
    "consents": [],
    "interactions": [],
    "notes": [],
    "status": "active",
    "closed_at": None,
    "legal_holds": [],
}


def test_the_format_is_plain_json_data() -> None:
    record = converter.structure(SAMPLE, CustomerRecord)
    assert record.contact_points[1].value == PhoneNumber.parse("07400 123456")
    assert record.date_of_birth == date(1990, 2, 28)
    assert record.provenance[0].collected_at == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert converter.unstructure(record) == SAMPLE


def test_contact_values_are_read_by_their_shape() -> None:
    points = converter.structure(SAMPLE, CustomerRecord).contact_points
    assert isinstance(points[0].value, EmailAddress)
    assert isinstance(points[1].value, PhoneNumber)


def test_phone_extensions_survive() -> None:
    point = ContactPoint(value=PhoneNumber.parse("020 7946 0018 ext. 42"))
    assert converter.unstructure(point)["value"] == "+442079460018;ext=42"
    assert converter.structure(converter.unstructure(point), ContactPoint) == point


def test_values_are_normalised_on_the_way_in() -> None:
    data = copy.deepcopy(SAMPLE)
    data["contact_points"][0]["value"] = "  Aisha@EXAMPLE.com "
    data["contact_points"][1]["value"] = "+44 (0)7400 123456"
    points = converter.structure(data, CustomerRecord).contact_points
    assert [p.value.normalized for p in points] == ["Aisha@example.com", "+447400123456"]


# --- bad data: one InvalidValue, with the path of the bad field ------------------------------


def _with(path: list[str | int], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(SAMPLE)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "code", "reported"),
    [
        (
            ["contact_points", 1, "value"],
            "+44 7700 900123",
            "phone_invalid",
            "$.contact_points[1].value",
        ),
        (
            ["contact_points", 1, "value"],
            "07400 123456",
            "contact_value_unrecognised",
            "$.contact_points[1].value",
        ),
        (["contact_points", 0, "value"], "aisha@", "email_invalid", "$.contact_points[0].value"),
        (["contact_points", 0, "value"], 7400123456, "wrong_type", "$.contact_points[0].value"),
        (["contact_points", 0, "verified"], "false", "wrong_type", "$.contact_points[0].verified"),
        (["contact_points", 0, "verified"], 0, "wrong_type", "$.contact_points[0].verified"),
        (["contact_points", 0, "colour"], "red", "unknown_field", "$.contact_points[0].colour"),
        (["contact_points"], "aisha@example.com", "wrong_type", "$.contact_points"),
        (["contact_points", 0], "aisha@example.com", "wrong_type", "$.contact_points[0]"),
        (["id"], _DELETE, "missing", "$.id"),
        (["id"], 1001, "wrong_type", "$.id"),
        (["nickname"], "Ash", "unknown_field", "$.nickname"),
        (["status"], "deleted", "unknown_choice", "$.status"),
        (["status"], "closed", "missing", "$.closed_at"),
        (["date_of_birth"], "28/02/1990", "invalid_date", "$.date_of_birth"),
        (["date_of_birth"], "1990-02-30", "invalid_date", "$.date_of_birth"),
        (
            ["provenance", 0, "collected_at"],
            "2026-03-02T09:30:00",
            "naive_datetime",
            "$.provenance[0].collected_at",
        ),
        (
            ["provenance", 0, "collected_at"],
            "yesterday",
            "invalid_datetime",
            "$.provenance[0].collected_at",
        ),
        (
            ["provenance", 0, "confirmed_at"],
            "2026-03-01T09:30:00+00:00",
            "before_start",
            "$.provenance[0].confirmed_at",
        ),
        (
            ["provenance", 0, "fields"],
            ["name", "shoe_size"],
            "unknown_field",
            "$.provenance[0].fields",
        ),
        (["provenance"], [], "empty", "$.provenance"),
        (["addresses", 0, "postcode"], "CF10 1AI", "postcode_invalid", "$.addresses[0].postcode"),
        (["addresses", 0, "lines"], "14 Heol y Frenhines", "wrong_type", "$.addresses[0].lines"),
        (
            ["addresses", 0, "lines", 0],
            "14  Heol y Frenhines",
            "not_normalized",
            "$.addresses[0].lines",
        ),
        (["name", "full"], "Aisha Kh4n", "invalid_character", "$.name.full"),
        (["preferences", "channels", 1], "pigeon", "unknown_choice", "$.preferences.channels[1]"),
        (["preferences", "language"], "Welsh", "invalid_language", "$.preferences.language"),
        (["accessibility_needs", 0, "kind"], "other", "missing", "$.accessibility_needs[0].detail"),
    ],
)
def test_bad_data_names_the_path(
    path: list[str | int], value: Any, code: str, reported: str
) -> None:
    with pytest.raises(InvalidValue) as raised:
        converter.structure(_with(path, value), CustomerRecord)
    assert (raised.value.code, raised.value.field) == (code, reported)
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__


def _change_set_data(**change: Any) -> dict[str, Any]:
    return {
        "record_id": "C-1",
        "at": "2026-03-02T09:30:00+00:00",
        "source": {"source": "system", "by": "billing", "reason": "system_update"},
        "changes": [change],
    }


@pytest.mark.parametrize(
    ("change", "code", "reported"),
    [
        ({"field": "shoe_size", "before": None, "after": None}, "unknown_field", "field"),
        (
            {"field": "date_of_birth", "before": None, "after": "1990-02-30"},
            "invalid_date",
            "after",
        ),
        (
            {"field": "phone_numbers", "before": [], "after": [{"value": "+44 1"}]},
            "phone_too_short",
            "after[0].value",
        ),
        ({"field": "name", "before": None}, "missing", "after"),
        ({"field": "name", "before": None, "after": None, "colour": 1}, "unknown_field", "colour"),
        ({"field": "id", "before": "C-1", "after": "C-2"}, "unknown_field", "field"),
    ],
)
def test_a_bad_field_change_names_its_path(
    change: dict[str, Any], code: str, reported: str
) -> None:
    """A change's values are read as the record holds that field, and errors say where."""
    with pytest.raises(InvalidValue) as raised:
        converter.structure(_change_set_data(**change), ChangeSet)
    assert (raised.value.code, raised.value.field) == (code, f"$.changes[0].{reported}")


def test_a_field_change_is_written_as_the_record_writes_the_field() -> None:
    data = _change_set_data(
        field="email_addresses", before=[], after=[{"value": "jane@example.com"}]
    )
    change_set = converter.structure(data, ChangeSet)
    assert change_set.changes[0].after == (
        ContactPoint(value=EmailAddress.parse("jane@example.com")),
    )
    assert converter.unstructure(change_set)["changes"][0]["after"] == [
        {"value": "jane@example.com", "verified": False, "preferred": False}
    ]


def test_a_requester_is_read_back_by_its_kind() -> None:
    request = {
        "id": "R1",
        "requester": {"kind": "colleague", "id": "S1", "role": "billing", "team": "accounts"},
        "subject_id": "C1",
        "purpose": "essential.service",
        "fields": ["name"],
        "channel": "intranet",
        "received_at": "2026-11-23T10:00:00+00:00",
    }
    read = converter.structure(request, DisclosureRequest)
    assert type(read.requester).__name__ == "Colleague"
    assert converter.unstructure(read)["requester"]["kind"] == "colleague"
    for requester in ({"kind": "spy", "id": "S1"}, {"id": "S1"}, ["colleague"]):
        with pytest.raises(InvalidValue) as raised:
            converter.structure({**request, "requester": requester}, DisclosureRequest)
        assert (raised.value.code, raised.value.field) == ("unknown_choice", "$.requester")


def test_bad_data_at_the_top() -> None:
    with pytest.raises(InvalidValue) as raised:
        converter.structure(["C-1001"], CustomerRecord)
    assert (raised.value.code, raised.value.field) == ("wrong_type", "$")


@given(
    st.sampled_from(["contact_points", "date_of_birth", "addresses", "name"]),
    st.text(min_size=1, max_size=20),
)
def test_error_messages_never_quote_the_bad_value(field: str, noise: str) -> None:
    secret = f"Qx7Zw{noise}Qx7Zw"
    bad = {
        "contact_points": [{"value": f"{secret}@", "verified": False, "preferred": False}],
        "date_of_birth": secret,
        "addresses": [{"lines": [secret], "town": None, "postcode": secret, "country": "GB"}],
        "name": {"full": f"{secret}1", "given": None, "family": None},
    }[field]
    with pytest.raises(InvalidValue) as raised:
        converter.structure(_with([field], bad), CustomerRecord)
    assert "Qx7Zw" not in str(raised.value)
    assert "Qx7Zw" not in repr(raised.value)


def test_a_type_the_converter_cannot_build_is_a_usage_error() -> None:
    class NotOurs:
        def __init__(self, anything: object) -> None:
            self.anything = anything

    with pytest.raises(UsageError):
        converter.structure({"anything": 1}, NotOurs)


# --- ownership: copies, other converters, the global converter -------------------------------


def test_the_global_cattrs_converter_is_untouched() -> None:
    assert cattrs.structure("false", bool) is True  # cattrs' own lenient default


def test_copies_are_independent_and_keep_the_errors() -> None:
    mine = converter.copy()
    mine.register_unstructure_hook(EmailAddress, lambda _: "hidden")
    email = EmailAddress.parse("aisha@example.com")
    assert mine.unstructure(email) == "hidden"
    assert converter.unstructure(email) == "aisha@example.com"
    with pytest.raises(InvalidValue):
        mine.structure(_with(["id"], 1), CustomerRecord)


def test_make_converter_gives_a_fresh_equivalent() -> None:
    fresh = make_converter()
    assert fresh is not converter
    assert fresh.unstructure(converter.structure(SAMPLE, CustomerRecord)) == SAMPLE


def test_configure_converter_on_a_plain_cattrs_converter() -> None:
    plain = cattrs.Converter()
    configure_converter(plain)
    assert plain.unstructure(plain.structure(SAMPLE, CustomerRecord)) == SAMPLE
    with pytest.raises(cattrs.BaseValidationError) as raised:
        plain.structure(_with(["contact_points", 1, "value"], "+44 7700 900123"), CustomerRecord)
    leaves = list(_leaves(raised.value))
    assert [type(leaf) for leaf in leaves] == [InvalidValue]


def _leaves(group: BaseException) -> Any:
    if isinstance(group, BaseExceptionGroup):
        for inner in group.exceptions:
            yield from _leaves(inner)
    else:
        yield group


@pytest.mark.parametrize(
    ("value", "cls", "code"),
    [
        ("false", bool, "wrong_type"),
        (0, bool, "wrong_type"),
        (1, str, "wrong_type"),
        (True, int, "wrong_type"),
        ("3", int, "wrong_type"),
        ("2026-02-30", date, "invalid_date"),
        (20260228, date, "wrong_type"),
        ("2026-03-02T09:30:00", datetime, "naive_datetime"),
        ("09:30", datetime, "invalid_datetime"),
        ("+44 7700 900123", PhoneNumber, "phone_invalid"),
        (["aisha@example.com"], EmailAddress, "wrong_type"),
    ],
)
def test_scalars_are_strict(value: Any, cls: type, code: str) -> None:
    """Nothing is guessed: cattrs alone would read "false" as True and 1 as "1"."""
    with pytest.raises(InvalidValue) as raised:
        converter.structure(value, cls)
    assert (raised.value.code, raised.value.field) == (code, "$")


@pytest.mark.parametrize(
    ("value", "cls", "expected"),
    [
        (False, bool, False),
        ("C-1", str, "C-1"),
        (3, int, 3),
        ("2024-02-29", date, date(2024, 2, 29)),
        ("2026-03-29T01:30:00+01:00", datetime, datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),
    ],
)
def test_scalars_that_are_right(value: Any, cls: type, expected: object) -> None:
    assert converter.structure(value, cls) == expected


def test_a_copy_writes_a_field_change_with_its_own_hooks() -> None:
    """A change's values go through the converter that is asked, not the one copied from."""
    copy = converter.copy()
    copy.register_unstructure_hook(EmailAddress, lambda _: "hidden")
    data = _change_set_data(
        field="email_addresses", before=[], after=[{"value": "jane@example.com"}]
    )
    change_set = converter.structure(data, ChangeSet)
    assert copy.unstructure(change_set)["changes"][0]["after"][0]["value"] == "hidden"
    assert (
        converter.unstructure(change_set)["changes"][0]["after"][0]["value"] == "jane@example.com"
    )
