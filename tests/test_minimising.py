"""Minimising a record: keep rules applied to fields, free text cleaned."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    AccessibilityNeed,
    Article9Condition,
    Channel,
    CustomerRecord,
    Finding,
    FindingAction,
    Guidelines,
    Interaction,
    InteractionKind,
    InvalidValue,
    KeepRule,
    MinimiseAction,
    NeedKind,
    Note,
    Provenance,
    Scanner,
    Source,
    SpecialCategoryCondition,
    UsageError,
    minimise,
    scan_text,
)
from custrecords.testing import SampleNote, customer_records, notes_with_findings

AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
UK = Guidelines.uk_default()


def record(**fields: object) -> CustomerRecord:
    provenance = Provenance(
        fields=frozenset({"notes"}),
        source=Source.COLLEAGUE,
        collected_by="agent-7",
        collected_at=AT,
    )
    return CustomerRecord(id="C1", provenance=(provenance,), **fields)  # type: ignore[arg-type]


def note(text: str, id: str = "N1") -> Note:
    return Note(id=id, at=AT, author="agent-7", text=text)


def test_a_card_number_in_a_note_is_masked_and_its_security_code_redacted() -> None:
    cleaned, report = minimise(record(notes=(note("Visa 4111 1111 1111 1111, CVV 123."),)), UK)
    assert cleaned.notes[0].text == (
        "Visa [MASKED:user.financial.credit_card:1111],"
        " CVV [REDACTED:user.financial.credit_card.security_code]."
    )
    assert [(i.action, i.path, i.rule) for i in report.items] == [
        (MinimiseAction.MASKED, "notes[N1].text", "fields.card_number.keep"),
        (MinimiseAction.REDACTED, "notes[N1].text", "fields.card_security_code.keep"),
    ]
    assert report.changed
    assert not report.needs_review
    assert report.fields_with(MinimiseAction.MASKED) == {"notes"}


def test_every_card_in_a_run_is_masked() -> None:
    # PCI DSS 3.4: the second of two cards side by side was left in clear.
    text = "Cards on file: 4111111111111111 5555555555554444"
    cleaned, _ = minimise(record(notes=(note(text),)), UK)
    assert cleaned.notes[0].text == (
        "Cards on file: [MASKED:user.financial.credit_card:1111] "
        "[MASKED:user.financial.credit_card:4444]"
    )


@pytest.mark.parametrize(
    ("text", "cleaned_text"),
    [
        # The expiry sits under the card number's rule, but a mask of it would be all of it.
        (
            "Card 4111111111111111 exp 09/28 cvv 123",
            "Card [MASKED:user.financial.credit_card:1111]"
            " exp [REDACTED:user.financial.credit_card.expiry_date]"
            " cvv [REDACTED:user.financial.credit_card.security_code]",
        ),
        (
            "exp 09/2028 card 5555555555554444",
            "exp [REDACTED:user.financial.credit_card.expiry_date]"
            " card [MASKED:user.financial.credit_card:4444]",
        ),
    ],
)
def test_a_cards_expiry_is_redacted_not_masked(text: str, cleaned_text: str) -> None:
    cleaned, _ = minimise(record(notes=(note(text),)), UK)
    assert cleaned.notes[0].text == cleaned_text


@pytest.mark.parametrize(
    "text",
    [
        "Visa 4111 1111 1111 1112 declined",  # fails Luhn: mistyped, still a card number
        "Order 4111111111111111 dispatched",  # passes Luhn after a reference's label
    ],
)
def test_a_number_that_may_be_a_card_is_masked_too(text: str) -> None:
    assert [f.action for f in scan_text(text)] == [FindingAction.REVIEW]
    cleaned, report = minimise(record(notes=(note(text),)), UK)
    assert "[MASKED:user.financial.credit_card:" in cleaned.notes[0].text
    assert "1111 1111" not in cleaned.notes[0].text
    assert "4111111111111111" not in cleaned.notes[0].text
    assert [item.action for item in report.items] == [MinimiseAction.MASKED]


def test_a_masked_card_keeps_the_last_four_of_full_width_digits_as_ascii() -> None:
    cleaned, _ = minimise(record(notes=(note("card ４１１１ １１１１ １１１１ １１１１ ok"),)), UK)
    assert cleaned.notes[0].text == "card [MASKED:user.financial.credit_card:1111] ok"


def test_contact_details_and_identifiers_in_free_text_are_redacted() -> None:
    interaction = Interaction(
        id="I1",
        at=AT,
        kind=InteractionKind.ENQUIRY,
        channel=Channel.PHONE,
        summary="Asked us to use jane.doe@example.com; NI number AB123456C.",
    )
    cleaned, report = minimise(record(interactions=(interaction,)), UK)
    assert cleaned.interactions[0].summary == (
        "Asked us to use [REDACTED:user.contact.email];"
        " NI number [REDACTED:user.government_id.national_identification_number]."
    )
    assert [i.rule for i in report.items] == [
        "fields.email_addresses.keep",
        "fields.national_insurance_number.keep",
    ]
    assert {i.message for i in report.items} == {
        "user.contact.email belongs in the record's fields, not in free text",
        "user.government_id.national_identification_number belongs in the record's fields,"
        " not in free text",
    }


def test_what_no_specific_rule_covers_is_decided_by_the_scanner() -> None:
    # The notes field's category is all of "user": it must not decide for bank details.
    text = "Refund to sort code 20-32-06 account 12345678; his criminal record came up."
    _, report = minimise(record(notes=(note(text),)), UK)
    assert [(i.action, i.rule) for i in report.items] == [
        (MinimiseAction.REDACTED, "scanner.bank_account"),
        (MinimiseAction.REDACTED, "scanner.bank_account"),
        (MinimiseAction.FLAGGED, "scanner.special_category"),
    ]


def test_special_category_words_are_flagged_and_kept() -> None:
    text = "Customer is pregnant, asked for a ground-floor appointment."
    cleaned, report = minimise(record(notes=(note(text),)), UK)
    assert cleaned.notes[0].text == text
    assert [(i.action, i.category, i.rule) for i in report.items] == [
        (
            MinimiseAction.FLAGGED,
            "user.health.reproductive_or_sexual",
            "fields.accessibility_needs.keep",
        )
    ]
    assert report.needs_review
    assert not report.changed


def test_special_category_words_under_a_recorded_condition_are_not_flagged() -> None:
    condition = SpecialCategoryCondition(
        fields=frozenset({"notes"}),
        condition=Article9Condition.EXPLICIT_CONSENT,
        recorded_at=AT,
        evidence="call recording 2026-11-02",
    )
    given = record(notes=(note("Customer is pregnant."),), special_category_conditions=(condition,))
    cleaned, report = minimise(given, UK)
    assert cleaned == given
    assert report.items == ()


def test_accessibility_needs_without_an_article_9_condition_are_removed() -> None:
    """UK GDPR Article 9: special-category data is kept only under a recorded condition."""
    need = AccessibilityNeed(kind=NeedKind.LARGE_PRINT)
    cleaned, report = minimise(record(accessibility_needs=(need,)), UK)
    assert cleaned.accessibility_needs == ()
    assert [(i.action, i.path, i.rule) for i in report.items] == [
        (MinimiseAction.REMOVED, "accessibility_needs", "fields.accessibility_needs.keep")
    ]
    condition = SpecialCategoryCondition(
        fields=frozenset({"accessibility_needs"}),
        condition=Article9Condition.EXPLICIT_CONSENT,
        recorded_at=AT,
        evidence="agreed on the call",
    )
    kept = record(accessibility_needs=(need,), special_category_conditions=(condition,))
    assert minimise(kept, UK) == (kept, minimise(kept, UK)[1])
    assert minimise(kept, UK)[0].accessibility_needs == (need,)


def test_a_field_the_guidelines_say_never_to_keep_is_removed() -> None:
    never = attrs.evolve(
        UK,
        fields=tuple(
            attrs.evolve(rule, keep=KeepRule.NEVER) if rule.name == "date_of_birth" else rule
            for rule in UK.fields
        ),
    )
    given = record(date_of_birth=datetime(1980, 2, 29, tzinfo=UTC).date())
    cleaned, report = minimise(given, never)
    assert cleaned.date_of_birth is None
    assert [(i.action, i.field, i.rule) for i in report.items] == [
        (MinimiseAction.REMOVED, "date_of_birth", "fields.date_of_birth.keep")
    ]


def test_a_field_that_serves_no_declared_purpose_is_flagged_not_removed() -> None:
    given = record(date_of_birth=datetime(1980, 2, 29, tzinfo=UTC).date())
    cleaned, report = minimise(given, UK)
    assert cleaned == given
    assert [(i.action, i.field, i.rule) for i in report.items] == [
        (MinimiseAction.FLAGGED, "date_of_birth", "fields.date_of_birth.purposes")
    ]


def test_detectors_of_your_own_are_minimised_by_the_catalogue_too() -> None:
    def staff_number(text: str) -> list[Finding]:
        at = text.find("EMP-")
        if at == -1:
            return []
        return [
            Finding(
                category="user.unique_id",
                start=at,
                end=at + 10,
                confidence=1.0,
                action=FindingAction.REDACT,
                detector="staff_number",
            )
        ]

    given = record(notes=(note("Handled by EMP-123456 today."),))
    cleaned, report = minimise(given, UK, scanner=Scanner(extra=(staff_number,)))
    assert cleaned.notes[0].text == "Handled by [REDACTED:user.unique_id] today."
    assert [i.rule for i in report.items] == ["scanner.staff_number"]
    assert minimise(given, UK)[0] == given
    with pytest.raises(UsageError):
        minimise(given, UK, scanner=staff_number)  # type: ignore[arg-type]


def test_minimise_refuses_what_is_not_a_record_or_guidelines() -> None:
    with pytest.raises(InvalidValue) as raised:
        minimise("C1", UK)  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == ("wrong_type", "record")
    with pytest.raises(InvalidValue) as raised:
        minimise(record(), {})  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == ("wrong_type", "guidelines")


@st.composite
def records_with_sensitive_notes(draw: st.DrawFn) -> CustomerRecord:
    base = draw(customer_records())
    samples: list[SampleNote] = draw(st.lists(notes_with_findings(), min_size=1, max_size=3))
    notes = tuple(note(sample.text, f"S{index}") for index, sample in enumerate(samples))
    return attrs.evolve(base, notes=base.notes + notes)


@given(records_with_sensitive_notes())
def test_minimising_twice_changes_nothing_more(given_record: CustomerRecord) -> None:
    once, _ = minimise(given_record, UK)
    twice, report = minimise(once, UK)
    assert twice == once
    assert not report.changed


@given(records_with_sensitive_notes())
def test_nothing_to_reject_or_redact_survives_in_the_notes(given_record: CustomerRecord) -> None:
    cleaned, _ = minimise(given_record, UK)
    for kept in cleaned.notes:
        assert all(f.action is FindingAction.REVIEW for f in scan_text(kept.text))


@given(records_with_sensitive_notes())
def test_the_report_names_fields_never_their_contents(given_record: CustomerRecord) -> None:
    _, report = minimise(given_record, UK)
    shown = repr(report)
    for kept in given_record.notes:
        for finding in scan_text(kept.text):
            value = kept.text[finding.start : finding.end]
            if len(value) >= 6:
                assert value not in shown
