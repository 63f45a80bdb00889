"""Retention: the schedule's actions, due on the right day, and never under a hold."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    Channel,
    Consent,
    ContactPoint,
    CustomerRecord,
    EmailAddress,
    Guidelines,
    Interaction,
    InteractionKind,
    InvalidValue,
    LawfulBasis,
    LegalHold,
    Note,
    Period,
    PersonName,
    PhoneNumber,
    PostalAddress,
    Provenance,
    RecordStatus,
    RetentionAction,
    RetentionOutcome,
    RetentionRule,
    RetentionTrigger,
    Source,
    Tombstone,
    UsageError,
    anonymise,
    erase,
    identifiers_in,
    next_due,
    retention_due,
)
from custrecords.retention import retention_starts
from custrecords.testing import customer_records

UK = Guidelines.uk_default()
OPENED = datetime(2015, 4, 1, 9, 0, tzinfo=UTC)


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def record(**fields: object) -> CustomerRecord:
    provenance = Provenance(
        fields=frozenset({"name"}),
        source=Source.CUSTOMER_WEB_FORM,
        collected_by="web",
        collected_at=OPENED,
    )
    return CustomerRecord(id="C1", provenance=(provenance,), **fields)  # type: ignore[arg-type]


def interaction(id: str, day: str, kind: InteractionKind, closed: str | None = None) -> Interaction:
    return Interaction(
        id=id,
        at=at(day),
        channel=Channel.PHONE,
        kind=kind,
        closed_at=None if closed is None else at(closed),
    )


def due(record: CustomerRecord, today: str, **options: object) -> list[tuple[str, ...]]:
    """(outcome, rule, part, entries, due day) for each result, in order.

    Leaves out the review of customers with no contact for six years, which most of
    these old records are due.
    """
    return [
        (d.outcome.value, d.rule, d.part, ",".join(d.entries), d.due.isoformat())
        for d in retention_due([record], UK, today=date.fromisoformat(today), **options)  # type: ignore[arg-type]
        if d.rule != "dormant-customers"
    ]


def test_financial_records_count_from_the_end_of_their_financial_year() -> None:
    """Six years from the end of the financial year (31 March) each order or payment is in."""
    given = record(
        interactions=(
            interaction("P1", "2019-03-31", InteractionKind.PAYMENT),
            interaction("P2", "2019-04-01", InteractionKind.ORDER),
            interaction("E1", "2019-04-01", InteractionKind.ENQUIRY),  # not a financial record
        )
    )
    assert due(given, "2025-03-30") == []
    assert due(given, "2025-03-31") == [
        ("due", "financial-records", "interactions", "P1", "2025-03-31")
    ]
    assert due(given, "2026-03-31") == [
        ("due", "financial-records", "interactions", "P1,P2", "2025-03-31")
    ]


def test_a_complaint_counts_from_its_closing_with_month_end_arithmetic() -> None:
    complaint = interaction("K1", "2019-12-01", InteractionKind.COMPLAINT, closed="2020-02-29")
    given = record(interactions=(complaint,))
    assert due(given, "2026-02-27") == []
    assert due(given, "2026-02-28") == [
        ("due", "complaint-records", "interactions", "K1", "2026-02-28")
    ]


def test_a_closed_account_is_anonymised_six_years_after_it_closed() -> None:
    closed = record(status=RecordStatus.CLOSED, closed_at=at("2020-06-30"))
    assert ("due", "contract-records", "record", "", "2026-06-30") not in due(closed, "2026-06-29")
    assert ("due", "contract-records", "record", "", "2026-06-30") in due(closed, "2026-06-30")
    # A closed account is not reviewed for dormancy: its closing is what counts.
    assert [r.rule for r in retention_due([closed], UK, today=date(2040, 1, 1))] == [
        "contract-records"
    ]
    # An open account has no closing date to count from; it is reviewed when dormant.
    assert due(record(), "2040-01-01") == []
    assert [r.rule for r in retention_due([record()], UK, today=date(2040, 1, 1))] == [
        "dormant-customers"
    ]


def test_identity_check_data_is_erased_five_years_after_the_relationship_ends() -> None:
    closed = record(
        status=RecordStatus.CLOSED,
        closed_at=at("2020-01-15"),
        date_of_birth=date(1980, 5, 1),
    )
    assert ("due", "identity-checks", "date_of_birth", "", "2025-01-15") in due(
        closed, "2025-01-15"
    )


def test_a_withdrawn_consent_is_erased_after_a_month() -> None:
    consent = Consent(
        purpose="marketing.communications.email",
        lawful_basis=LawfulBasis.CONSENT,
        given_at=at("2024-01-10"),
        evidence="web form",
        withdrawn_at=at("2026-01-31"),
    )
    given = record(consents=(consent,))
    assert due(given, "2026-02-27") == []
    assert due(given, "2026-02-28") == [
        (
            "due",
            "withdrawn-marketing-consent",
            "consents",
            "marketing.communications.email",
            "2026-02-28",
        )
    ]


def test_notes_are_erased_two_years_after_they_were_written() -> None:
    note = Note(id="N1", at=at("2024-11-23"), author="agent-7", text="Asked about delivery.")
    assert due(record(notes=(note,)), "2026-11-23") == [
        ("due", "colleague-notes", "notes", "N1", "2026-11-23")
    ]


def test_a_legal_hold_an_open_complaint_or_request_holds_everything() -> None:
    closed = record(status=RecordStatus.CLOSED, closed_at=at("2016-01-01"))
    hold = LegalHold(
        reference="LIT-7", reason="litigation", placed_by="legal", placed_at=at("2026-01-01")
    )
    held = attrs.evolve(closed, legal_holds=(hold,))
    results = list(retention_due([held], UK, today=date(2026, 11, 23)))
    assert {r.outcome for r in results} == {RetentionOutcome.HELD}
    assert {r.held_by for r in results} == {"legal hold LIT-7"}
    lifted = attrs.evolve(hold, lifted_at=at("2026-06-01"))
    assert {
        r.outcome
        for r in retention_due(
            [attrs.evolve(closed, legal_holds=(lifted,))], UK, today=date(2026, 11, 23)
        )
    } == {RetentionOutcome.DUE}

    open_complaint = interaction("K9", "2026-11-01", InteractionKind.COMPLAINT)
    complaining = attrs.evolve(closed, interactions=(open_complaint,))
    assert {d[0] for d in due(complaining, "2026-11-23")} == {"held"}
    assert {r.held_by for r in retention_due([complaining], UK, today=date(2026, 11, 23))} == {
        "open complaint K9"
    }

    assert {d[0] for d in due(closed, "2026-11-23", open_requests={"C1"})} == {"held"}


def test_a_restricted_record_is_kept_and_flagged() -> None:
    restricted = record(status=RecordStatus.RESTRICTED)
    results = list(retention_due([restricted], UK, today=date(2026, 11, 23)))
    assert [(r.outcome, r.rule, r.held_by) for r in results] == [
        (RetentionOutcome.RESTRICTED, "dormant-customers", "processing restricted")
    ]


def test_next_due_says_when_a_record_next_needs_action() -> None:
    given = record(interactions=(interaction("P1", "2026-05-02", InteractionKind.PAYMENT),))
    upcoming = next_due(given, UK, today=date(2026, 11, 23))
    assert upcoming is not None
    # Six years without contact comes before six years from that financial year's end.
    assert (upcoming.outcome, upcoming.rule, upcoming.entries, upcoming.due) == (
        RetentionOutcome.SCHEDULED,
        "dormant-customers",
        (),
        date(2032, 5, 2),
    )
    without_review = attrs.evolve(
        UK, retention=tuple(r for r in UK.retention if r.id != "dormant-customers")
    )
    financial = next_due(given, without_review, today=date(2026, 11, 23))
    assert financial is not None
    assert (financial.rule, financial.entries, financial.due) == (
        "financial-records",
        ("P1",),
        date(2033, 3, 31),
    )
    assert next_due(given, attrs.evolve(UK, retention=()), today=date(2026, 11, 23)) is None


def test_results_are_streamed_one_record_at_a_time() -> None:
    closed = record(status=RecordStatus.CLOSED, closed_at=at("2016-01-01"))

    def table() -> Iterator[CustomerRecord]:
        yield closed
        raise AssertionError("read past the first record before it was asked for")

    results = retention_due(table(), UK, today=date(2026, 11, 23))
    assert next(results).record_id == "C1"


def test_bad_input_is_refused() -> None:
    # A datetime is a date to mypy, but not a day to count from.
    with pytest.raises(InvalidValue) as raised:
        retention_due([], UK, today=datetime(2026, 11, 23, tzinfo=UTC))
    assert (raised.value.code, raised.value.field) == ("wrong_type", "today")
    with pytest.raises(InvalidValue) as raised:
        list(retention_due(["C1"], UK, today=date(2026, 11, 23)))  # type: ignore[list-item]
    assert (raised.value.code, raised.value.field) == ("wrong_type", "records")
    with pytest.raises(InvalidValue) as raised:
        next_due(record(), "uk", today=date(2026, 11, 23))  # type: ignore[arg-type]
    assert raised.value.field == "guidelines"


def rule(**changes: object) -> RetentionRule:
    values: dict[str, object] = {
        "id": "r",
        "applies_to": frozenset({"interactions"}),
        "period": Period(years=1),
        "trigger": RetentionTrigger.ENTRY,
        "action": RetentionAction.ERASE,
        "reason": "because",
        **changes,
    }
    return RetentionRule(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"applies_to": frozenset({"record"})}, "trigger_not_applicable", "retention_rule.trigger"),
        (
            {"trigger": RetentionTrigger.CONSENT_WITHDRAWN},
            "trigger_not_applicable",
            "retention_rule.trigger",
        ),
        (
            {
                "applies_to": frozenset({"notes"}),
                "interaction_kinds": frozenset({InteractionKind.ORDER}),
            },
            "trigger_not_applicable",
            "retention_rule.interaction_kinds",
        ),
        ({"year_ends": "02-29"}, "invalid_date", "retention_rule.year_ends"),
        ({"year_ends": "13-01"}, "invalid_date", "retention_rule.year_ends"),
        (
            {"interaction_kinds": frozenset({"orders"})},
            "wrong_type",
            "retention_rule.interaction_kinds",
        ),
    ],
)
def test_a_rule_that_cannot_apply_is_refused(
    changes: dict[str, object], code: str, field: str
) -> None:
    with pytest.raises(InvalidValue) as raised:
        rule(**changes)
    assert (raised.value.code, raised.value.field) == (code, field)


def test_a_financial_year_may_end_on_another_day() -> None:
    tax_year = rule(trigger=RetentionTrigger.FINANCIAL_YEAR_END, year_ends="04-05")
    assert tax_year.financial_year_end(date(2026, 4, 5)) == date(2026, 4, 5)
    assert tax_year.financial_year_end(date(2026, 4, 6)) == date(2027, 4, 5)


# --- properties ----------------------------------------------------------------------------

TODAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2045, 12, 31))


@given(customer_records(), TODAYS)
def test_nothing_under_an_active_hold_is_ever_due(
    given_record: CustomerRecord, today: date
) -> None:
    """UK GDPR Article 17(3)(e): a legal hold keeps the record, whatever the schedule says."""
    hold = LegalHold(
        reference="HOLD-1",
        reason="litigation",
        placed_by="legal",
        placed_at=datetime(2000, 1, 1, tzinfo=UTC),
    )
    held = attrs.evolve(given_record, legal_holds=(hold,))
    for result in retention_due([held], UK, today=today):
        assert result.outcome is RetentionOutcome.HELD


@given(customer_records())
def test_a_rules_due_date_is_never_before_its_trigger(given_record: CustomerRecord) -> None:
    for each in UK.retention:
        for _, _, start in retention_starts(each, given_record):
            assert each.period.after(start) >= start


@given(customer_records(), TODAYS, st.integers(0, 4000))
def test_what_is_due_stays_due(given_record: CustomerRecord, today: date, later: int) -> None:
    """A period that has ended does not start again: due today is due, or held, later."""
    then = {(r.rule, r.part) for r in retention_due([given_record], UK, today=today)}
    after = {
        (r.rule, r.part)
        for r in retention_due([given_record], UK, today=today + timedelta(days=later))
    }
    assert then <= after


@given(st.lists(customer_records(), max_size=4), TODAYS)
def test_a_table_is_the_sum_of_its_records(records: list[CustomerRecord], today: date) -> None:
    together = list(retention_due(records, UK, today=today))
    apart = [r for one in records for r in retention_due([one], UK, today=today)]
    assert together == apart


@given(customer_records(), TODAYS)
def test_next_due_is_after_today_and_then_due(given_record: CustomerRecord, today: date) -> None:
    upcoming = next_due(given_record, UK, today=today)
    if upcoming is None:
        return
    assert upcoming.due > today
    assert (upcoming.rule, upcoming.part) in {
        (r.rule, r.part) for r in retention_due([given_record], UK, today=upcoming.due)
    }


def test_the_new_keys_load_from_toml() -> None:
    loaded = Guidelines.from_toml(
        """
[about]
name = "x"
[purposes."essential.service"]
description = "Service."
lawful_basis = "contract"
[[retention]]
id = "tax"
applies_to = ["interactions"]
interaction_kinds = ["payment"]
trigger = "financial_year_end"
year_ends = "04-05"
period = "P6Y"
action = "anonymise"
reason = "HMRC"
"""
    )
    assert loaded.retention[0].interaction_kinds == {InteractionKind.PAYMENT}
    assert loaded.retention[0].year_ends == "04-05"


def test_the_default_schedule_cites_a_source_for_every_rule() -> None:
    assert [r.id for r in UK.retention] == [
        "financial-records",
        "complaint-records",
        "contract-records",
        "identity-checks",
        "withdrawn-marketing-consent",
        "colleague-notes",
        "dormant-customers",
    ]
    assert all(r.source and r.reason for r in UK.retention)


# --- anonymise and erase --------------------------------------------------------------------

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def customer() -> CustomerRecord:
    email = EmailAddress.parse("aisha.khan@example.co.uk")
    phone = PhoneNumber.parse("07400 123456")
    home = PostalAddress.parse(["12 Acacia Avenue"], town="Leeds", postcode="ls6 2ab")
    return record(
        name=PersonName.parse("Aisha Khan"),
        contact_points=(ContactPoint(value=email), ContactPoint(value=phone)),
        addresses=(home,),
        date_of_birth=date(1984, 2, 29),
        interactions=(
            Interaction(
                id="I1",
                at=at("2021-05-04"),
                channel=Channel.PHONE,
                kind=InteractionKind.ORDER,
                summary="Aisha Khan ordered a kettle for 12 Acacia Avenue, LS6 2AB.",
                product="kettle",
                outcome="dispatched; text sent to 07400 123456",
            ),
        ),
        notes=(
            Note(
                id="N1",
                at=at("2021-05-05"),
                author="agent-7",
                text="Mrs Khan prefers e-mail: aisha.khan@example.co.uk, card 4111 1111 1111 1111.",
            ),
        ),
    )


def test_anonymise_keeps_what_reports_need_and_nothing_that_identifies() -> None:
    original = customer()
    anonymous = anonymise(original, id="A-1", at=NOW)
    assert (anonymous.id, anonymous.created_on, anonymous.birth_year) == (
        "A-1",
        OPENED.date(),
        1984,
    )
    assert anonymous.postcode_districts == ("LS6",)
    assert anonymous.interactions[0].product == "kettle"
    assert anonymous.interactions[0].at == original.interactions[0].at
    assert anonymous.interactions[0].summary == (
        "[REDACTED:user.name] ordered a kettle for [REDACTED:user.contact.address.street],"
        " [REDACTED:user.contact.address.postal_code]."
    )
    assert anonymous.interactions[0].outcome == (
        "dispatched; text sent to [REDACTED:user.contact.phone_number]"
    )
    assert anonymous.notes[0].text == (
        "[REDACTED:user.name] prefers e-mail: [REDACTED:user.contact.email],"
        " card [REDACTED:user.financial.credit_card]."
    )
    assert identifiers_in(anonymous, original) == ()
    # The check finds what a careless copy would leave.
    careless = attrs.evolve(anonymous, notes=original.notes)
    assert identifiers_in(careless, original) == ("notes[N1].text",)


def test_a_record_under_a_legal_hold_is_neither_anonymised_nor_erased() -> None:
    hold = LegalHold(reference="LIT-7", reason="litigation", placed_by="legal", placed_at=OPENED)
    held = attrs.evolve(customer(), legal_holds=(hold,))
    with pytest.raises(UsageError):
        anonymise(held, id="A-1", at=NOW)
    with pytest.raises(UsageError):
        erase(held, at=NOW, by="retention-job", reason="contract-records")


@pytest.mark.parametrize("kind", [InteractionKind.COMPLAINT, InteractionKind.DISPUTE])
def test_a_record_with_an_open_case_is_not_anonymised_article_17_3_e(
    kind: InteractionKind,
) -> None:
    """UK GDPR Article 17(3)(e): an open case may found or answer a legal claim."""
    case = interaction("K9", "2026-11-01", kind)
    open_case = attrs.evolve(customer(), interactions=(case,))
    with pytest.raises(UsageError, match="record C1 has an open complaint or dispute"):
        anonymise(open_case, id="A-1", at=NOW)
    closed = attrs.evolve(case, closed_at=at("2026-11-20"))
    anonymous = anonymise(attrs.evolve(open_case, interactions=(closed,)), id="A-1", at=NOW)
    assert anonymous.interactions[0].kind is kind


def test_erasing_the_whole_record_leaves_only_a_tombstone() -> None:
    erasure = erase(customer(), at=NOW, by="retention-job", reason="contract-records")
    assert erasure.record is None
    tombstone = erasure.tombstone
    assert (tombstone.record_id, tombstone.parts, tombstone.fingerprint) == (
        "C1",
        frozenset({"record"}),
        None,
    )
    assert "contract-records" not in repr(tombstone)


def test_erasing_entries_keeps_the_rest() -> None:
    given = attrs.evolve(
        customer(),
        notes=(*customer().notes, Note(id="N2", at=at("2026-11-01"), author="a", text="Called.")),
    )
    erasure = erase(
        given,
        at=NOW,
        by="retention-job",
        reason="colleague-notes",
        parts=frozenset({"notes"}),
        entries=["N1"],
    )
    assert erasure.record is not None
    assert [n.id for n in erasure.record.notes] == ["N2"]
    assert erasure.tombstone.entries == ("N1",)
    dob = erase(
        given, at=NOW, by="job", reason="identity-checks", parts=frozenset({"date_of_birth"})
    )
    assert dob.record is not None
    assert dob.record.date_of_birth is None
    phones = erase(given, at=NOW, by="job", reason="request", parts=frozenset({"phone_numbers"}))
    assert phones.record is not None
    assert phones.record.phone_numbers == ()
    assert phones.record.email_addresses == given.email_addresses


def test_a_fingerprint_recognises_the_erased_data_only_with_the_key() -> None:
    first = erase(customer(), at=NOW, by="job", reason="r", key=b"k1").tombstone.fingerprint
    again = erase(customer(), at=NOW, by="job", reason="r", key=b"k1").tombstone.fingerprint
    other = erase(customer(), at=NOW, by="job", reason="r", key=b"k2").tombstone.fingerprint
    assert first is not None
    assert first == again != other
    changed = attrs.evolve(customer(), date_of_birth=date(1984, 3, 1))
    assert erase(changed, at=NOW, by="job", reason="r", key=b"k1").tombstone.fingerprint != first


def test_erasing_something_that_is_not_a_part_is_refused() -> None:
    with pytest.raises(InvalidValue) as raised:
        erase(customer(), at=NOW, by="job", reason="r", parts=frozenset({"card_number"}))
    assert (raised.value.code, raised.value.field) == ("unknown_field", "parts")


def anonymisable(record: CustomerRecord) -> CustomerRecord:
    """``record`` without a legal hold or an open case, which keep it from anonymising."""
    return attrs.evolve(
        record,
        legal_holds=(),
        interactions=tuple(i for i in record.interactions if not i.is_open_case_at(NOW)),
    )


@st.composite
def records_that_mention_themselves(draw: st.DrawFn) -> CustomerRecord:
    """Records whose notes repeat the customer's own name, e-mail and phone number."""
    given = anonymisable(draw(customer_records()))
    words = []
    if given.name is not None:
        words.append(given.name.full)
    words += [point.value.normalized for point in given.email_addresses]
    words += [point.value.e164 for point in given.phone_numbers]  # type: ignore[union-attr]
    if not words:
        return given
    text = "Spoke to " + ", ".join(words) + "."
    return attrs.evolve(
        given, notes=(*given.notes, Note(id="SELF", at=at("2026-01-01"), author="a", text=text))
    )


@given(records_that_mention_themselves())
def test_an_anonymised_record_holds_none_of_the_originals_identifiers(
    given_record: CustomerRecord,
) -> None:
    anonymous = anonymise(given_record, id="A-1", at=NOW)
    assert identifiers_in(anonymous, given_record) == ()


@given(records_that_mention_themselves())
def test_anonymising_is_idempotent(given_record: CustomerRecord) -> None:
    once = anonymise(given_record, id="A-1", at=NOW)
    assert anonymise(once, id="A-1", at=NOW) == once


# Recital 26: data is anonymous only when the person can no longer be identified by
# any means reasonably likely to be used; the ICO's guidance on anonymisation counts a
# direct identifier however it is written. Each form below is one a person writes in a
# note or an exported cell, of the customer() above.
WRITTEN_FORMS = [
    ("postcode without its space", "ls62ab", "user.contact.address.postal_code"),
    ("postcode in capitals, no space", "LS62AB", "user.contact.address.postal_code"),
    ("postcode in lower case", "ls6 2ab", "user.contact.address.postal_code"),
    ("phone, national", "07400123456", "user.contact.phone_number"),
    ("phone, spaced", "07400 123 456", "user.contact.phone_number"),
    ("phone, international", "+447400123456", "user.contact.phone_number"),
    ("phone, international spaced", "+44 7400 123456", "user.contact.phone_number"),
    ("phone, international with (0)", "+44 (0)7400 123456", "user.contact.phone_number"),
    ("phone, 0044", "0044 7400 123456", "user.contact.phone_number"),
    ("phone, area code in brackets", "(07400) 123456", "user.contact.phone_number"),
    ("e-mail in capitals", "AISHA.KHAN@EXAMPLE.CO.UK", "user.contact.email"),
    ("e-mail mixed case", "Aisha.Khan@Example.co.uk", "user.contact.email"),
    ("birth, UK numeric", "29/02/1984", "user.demographic.date_of_birth"),
    ("birth, dotted short year", "29.2.84", "user.demographic.date_of_birth"),
    ("birth, dashed", "29-02-1984", "user.demographic.date_of_birth"),
    ("birth, ISO 8601", "1984-02-29", "user.demographic.date_of_birth"),
    ("birth, US order", "02/29/1984", "user.demographic.date_of_birth"),
    ("birth, compact", "19840229", "user.demographic.date_of_birth"),
    ("birth, in words", "29 February 1984", "user.demographic.date_of_birth"),
    ("birth, ordinal and abbreviation", "29th Feb 1984", "user.demographic.date_of_birth"),
    ("birth, month first", "February 29, 1984", "user.demographic.date_of_birth"),
    # With the year the anonymous record keeps, the day and month are the whole date.
    ("birth, day and month only", "29th of February", "user.demographic.date_of_birth"),
    ("name with title", "Mrs Khan", "user.name"),
    ("name with title and initial", "Mrs A. Khan", "user.name"),
    ("name with title, full", "Ms. Aisha Khan", "user.name"),
    ("name without title, initial", "A Khan", "user.name"),
    ("name in capitals", "AISHA KHAN", "user.name"),
    ("street abbreviated", "12 Acacia Ave", "user.contact.address.street"),
    ("street in capitals", "12 ACACIA AVENUE", "user.contact.address.street"),
    # As a spreadsheet writes a number: its leading zero lost.
    ("phone, national without its 0", "7400123456", "user.contact.phone_number"),
    ("postcode with a hyphen", "ls6-2ab", "user.contact.address.postal_code"),
    ("postcode with a dot", "LS6.2AB", "user.contact.address.postal_code"),
    ("street abbreviated with a dot", "12 Acacia Av.", "user.contact.address.street"),
    # The record's own id leads straight back to the customer in any other table.
    ("the record's own id", "C1", "user.unique_id"),
    # A name joined to hers by a hyphen is part of how she is written.
    ("surname double-barrelled after", "Mrs Aisha Khan-Smith", "user.name"),
    ("surname double-barrelled before", "Ms Smith-Khan", "user.name"),
]


def _noting(original: CustomerRecord, text: str) -> CustomerRecord:
    note = Note(id="W1", at=at("2024-01-01"), author="agent-7", text=text)
    return attrs.evolve(original, notes=(note,), interactions=())


@pytest.mark.parametrize(
    ("form", "written", "category"), WRITTEN_FORMS, ids=[form for form, _, _ in WRITTEN_FORMS]
)
def test_anonymising_removes_the_customers_identifiers_however_written_recital_26(
    form: str, written: str, category: str
) -> None:
    original = _noting(customer(), f"Noted: {written}; called back.")
    anonymous = anonymise(original, id="A-1", at=NOW)
    assert anonymous.notes[0].text == f"Noted: [REDACTED:{category}]; called back."
    assert identifiers_in(anonymous, original) == ()


@pytest.mark.parametrize(
    ("form", "written", "category"), WRITTEN_FORMS, ids=[form for form, _, _ in WRITTEN_FORMS]
)
def test_identifiers_in_finds_every_form_a_careless_copy_keeps_recital_26(
    form: str, written: str, category: str
) -> None:
    original = _noting(customer(), f"Noted: {written}; called back.")
    careless = attrs.evolve(anonymise(original, id="A-1", at=NOW), notes=original.notes)
    assert identifiers_in(careless, original) == ("notes[W1].text",)


# Look-alikes of the customer's identifiers that identify someone or something else,
# and must be kept: an anonymised record is worth keeping only for what it still says.
LOOK_ALIKES = [
    "Postcode LS6 2AD is the depot's.",
    "Mr Khanna at the depot signed.",
    "Delivered to 14 Acacia Road instead.",
    "Offer ends 28/02/1984.",
    "Offer ends 29/02/1988.",
    "Price 29.50 for 2 items.",
    "Avenue branch closed.",
    "Ms Jones, the manager, agreed.",
    "Order 1984 of 2021 shipped.",
    "Ring 7400123457 for the depot.",
    "Postcode ls6-2ad is the depot's.",
    "Delivered to 12 Acacia Rd. instead.",
    "Record C15 is another customer's.",
    "Ms Khanna-Smith at the depot signed.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_of_the_customers_identifiers_are_kept(text: str) -> None:
    original = _noting(customer(), text)
    anonymous = anonymise(original, id="A-1", at=NOW)
    assert anonymous.notes[0].text == text
    assert identifiers_in(anonymous, original) == ()


def test_a_one_character_name_is_a_name_not_an_initial() -> None:
    """A family name of one character (王) identifies like any other; an initial does not."""
    original = attrs.evolve(
        _noting(customer(), "Spoke to Mr 王 and A. Smith."),
        name=PersonName.parse(given="Fang", family="王"),
    )
    anonymous = anonymise(original, id="A-1", at=NOW)
    assert anonymous.notes[0].text == "Spoke to [REDACTED:user.name] and A. Smith."
    assert identifiers_in(anonymous, original) == ()


_BIRTH_FORMATS = ("%d/%m/%Y", "%d.%m.%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y")
_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Mr.", "Prof")


@st.composite
def records_writing_themselves_any_way(draw: st.DrawFn) -> tuple[CustomerRecord, list[str]]:
    """Records whose notes write the customer's own identifiers in the forms people use."""
    given = anonymisable(draw(customer_records()))
    written = []
    # A part of one letter (an initial, the particle of "Ó Briain") names no one alone;
    # one Chinese, Japanese or Korean character can be a whole family name.
    names = [] if given.name is None else given.name.full.split()
    names = [part for part in names if len(part) > 1 or ord(part) >= 0x2E80]
    if names:
        title = draw(st.sampled_from(_TITLES))
        written.append(f"{title} {draw(st.sampled_from(names))}")
    for point in given.contact_points:
        if isinstance(point.value, EmailAddress):
            written.append(point.value.normalized.upper())
        elif point.value.e164.startswith("+44"):
            national = point.value.e164[3:]
            style = draw(st.sampled_from(("0{}", "+44 {}", "+44 (0){}", "0044 {}")))
            written.append(style.format(f"{national[:4]} {national[4:]}"))
    for address in given.addresses:
        if address.postcode:
            written.append(draw(st.sampled_from((str.lower, str.upper)))(address.postcode))
            written[-1] = written[-1].replace(" ", draw(st.sampled_from(("", " "))))
    if given.date_of_birth is not None:
        written.append(given.date_of_birth.strftime(draw(st.sampled_from(_BIRTH_FORMATS))))
    note = Note(id="SELF", at=at("2026-01-01"), author="a", text="Spoke to " + "; ".join(written))
    return attrs.evolve(given, notes=(*given.notes, note)), written


@given(records_writing_themselves_any_way())
def test_no_form_of_the_customers_own_identifiers_survives_anonymising(
    drawn: tuple[CustomerRecord, list[str]],
) -> None:
    """Recital 26: nothing by which the customer can be identified is left, in any form."""
    original, written = drawn
    anonymous = anonymise(original, id="A-1", at=NOW)
    assert identifiers_in(anonymous, original) == ()
    text = next(note.text for note in anonymous.notes if note.id == "SELF")
    assert not [form for form in written if form.casefold() in text.casefold()]


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"by": ""}, "wrong_type", "tombstone.by"),
        ({"reason": 7}, "wrong_type", "tombstone.reason"),
        ({"erased_at": datetime(2026, 11, 23)}, "naive_datetime", "tombstone.erased_at"),  # noqa: DTZ001
        ({"parts": frozenset({"cards"})}, "unknown_field", "tombstone.parts"),
        ({"fingerprint": "not hex"}, "wrong_type", "tombstone.fingerprint"),
    ],
)
def test_a_malformed_tombstone_is_refused(
    changes: dict[str, object], code: str, field: str
) -> None:
    values: dict[str, object] = {
        "record_id": "C1",
        "erased_at": NOW,
        "by": "job",
        "reason": "rule",
        "parts": frozenset({"record"}),
        **changes,
    }
    with pytest.raises(InvalidValue) as raised:
        Tombstone(**values)  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == (code, field)


def test_a_malformed_anonymous_record_is_refused() -> None:
    good = anonymise(customer(), id="A-1", at=NOW)
    with pytest.raises(InvalidValue) as raised:
        attrs.evolve(good, birth_year="1984")  # type: ignore[arg-type]
    assert raised.value.field == "anonymous_record.birth_year"
    with pytest.raises(InvalidValue) as raised:
        attrs.evolve(good, created_on=NOW)
    assert raised.value.field == "anonymous_record.created_on"
