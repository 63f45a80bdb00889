"""The legal time limits of rights requests, by the ICO's way of counting."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    Channel,
    ContactPoint,
    CustomerRecord,
    EmailAddress,
    ErasureExemption,
    Guidelines,
    Interaction,
    InteractionKind,
    InvalidValue,
    LegalHold,
    Note,
    PersonName,
    Provenance,
    RequestEvent,
    RequestEventKind,
    RightKind,
    Source,
    SubjectRequest,
    UkWorkingDays,
    WorkingDays,
    complaint_acknowledgement_deadline,
    converter,
    erasure_response,
    next_action,
    record_of_processing,
    response_deadline,
    subject_access_package,
    uk_working_days,
)


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        # The ICO's worked examples (Right of access: time limits).
        (date(2024, 9, 3), date(2024, 10, 3)),
        (date(2019, 11, 25), date(2019, 12, 27)),  # 25 and 26 December are bank holidays
        (date(2023, 1, 31), date(2023, 2, 28)),  # February has no 31st
        (date(2024, 1, 31), date(2024, 2, 29)),  # a leap year
        # Received on a Saturday: the clock still starts that day.
        (date(2026, 5, 2), date(2026, 6, 2)),
        # Due on a Saturday: the next working day.
        (date(2026, 9, 5), date(2026, 10, 5)),
        # Due on Easter Monday 2027 (29 March): the Tuesday.
        (date(2027, 2, 28), date(2027, 3, 30)),
        # Due on Boxing Day 2026 (a Saturday, substitute Monday 28th): the 29th.
        (date(2026, 11, 26), date(2026, 12, 29)),
    ],
)
def test_the_icos_way_of_counting_a_month(received: date, deadline: date) -> None:
    assert response_deadline(received) == deadline


def test_bank_holidays_differ_by_nation() -> None:
    # St Andrew's Day, 30 November 2026, is a bank holiday in Scotland only.
    assert response_deadline(date(2026, 10, 30)) == date(2026, 11, 30)
    assert response_deadline(date(2026, 10, 30), calendar=uk_working_days("SCT")) == date(
        2026, 12, 1
    )
    # 2 January 2026 in Scotland; St Patrick's Day 2026 (a Tuesday) in Northern Ireland.
    assert response_deadline(date(2025, 12, 2), calendar=uk_working_days("SCT")) == date(2026, 1, 5)
    assert response_deadline(date(2026, 2, 17), calendar=uk_working_days("NIR")) == date(
        2026, 3, 18
    )
    assert response_deadline(date(2026, 2, 17), calendar=uk_working_days("WLS")) == date(
        2026, 3, 17
    )
    with pytest.raises(InvalidValue) as raised:
        uk_working_days("UK")
    assert (raised.value.code, raised.value.field) == ("unknown_choice", "nation")


def test_the_extension_adds_two_further_months() -> None:
    assert response_deadline(date(2023, 11, 30), extended=True) == date(2024, 2, 29)
    assert response_deadline(date(2024, 9, 3), extended=True) == date(2024, 12, 3)


def test_the_clock_starts_when_what_was_needed_arrives_and_stops_for_clarification() -> None:
    received = date(2026, 3, 2)
    identity = RequestEvent(kind=RequestEventKind.INFORMATION_ARRIVED, on=date(2026, 3, 9))
    assert response_deadline(received, events=[identity]) == date(2026, 4, 9)
    asked = RequestEvent(kind=RequestEventKind.CLARIFICATION_REQUESTED, on=date(2026, 3, 12))
    answered = RequestEvent(kind=RequestEventKind.CLARIFICATION_RECEIVED, on=date(2026, 3, 22))
    assert response_deadline(received, events=[identity, asked, answered]) == date(2026, 4, 20)
    with pytest.raises(InvalidValue) as raised:
        response_deadline(received, events=[asked])
    assert raised.value.code == "clock_stopped"


def test_any_calendar_with_working_days_stands_in() -> None:
    class EveryDay:
        def is_working_day(self, day: date) -> bool:
            return True

    assert isinstance(EveryDay(), WorkingDays)
    assert response_deadline(date(2026, 9, 5), calendar=EveryDay()) == date(2026, 10, 5)
    with pytest.raises(InvalidValue) as raised:
        response_deadline(date(2026, 9, 5), calendar="ENG")  # type: ignore[arg-type]
    assert raised.value.field == "calendar"


def test_a_complaint_is_acknowledged_within_thirty_days() -> None:
    """Data (Use and Access) Act 2025: complaints about data handling, within 30 days."""
    assert complaint_acknowledgement_deadline(date(2026, 11, 23)) == date(2026, 12, 23)


def test_bad_input_is_refused() -> None:
    with pytest.raises(InvalidValue) as raised:
        response_deadline(datetime(2026, 1, 1))  # noqa: DTZ001  # a datetime is no day
    assert raised.value.field == "received"


DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
CALENDARS = st.sampled_from([uk_working_days(n) for n in ("ENG", "WLS", "SCT", "NIR")])


@given(DAYS, st.booleans(), CALENDARS)
def test_a_deadline_is_a_working_day_after_the_month_and_soon_after_it(
    received: date, extended: bool, calendar: UkWorkingDays
) -> None:
    """Article 12(3): one month (three if extended), to the next working day."""
    deadline = response_deadline(received, extended=extended, calendar=calendar)
    assert calendar.is_working_day(deadline)
    months = 3 if extended else 1
    assert deadline > received
    # Never more than a long weekend of bank holidays after the corresponding date.
    assert (deadline - received).days <= 31 * months + 6
    assert (deadline - received).days >= 28 * months


@given(DAYS, DAYS)
def test_a_later_receipt_never_gives_an_earlier_deadline(first: date, second: date) -> None:
    early, late = sorted((first, second))
    assert response_deadline(early) <= response_deadline(late)


@given(DAYS, st.integers(0, 60))
def test_clarification_moves_the_deadline_by_at_least_the_days_it_took(
    received: date, waited: int
) -> None:
    asked = RequestEvent(kind=RequestEventKind.CLARIFICATION_REQUESTED, on=received)
    answered = RequestEvent(
        kind=RequestEventKind.CLARIFICATION_RECEIVED, on=received + timedelta(days=waited)
    )
    with_pause = response_deadline(received, events=[asked, answered])
    assert with_pause >= response_deadline(received)
    assert with_pause >= response_deadline(received) + timedelta(days=waited) - timedelta(days=6)


# --- the record of processing -------------------------------------------------------------


def test_the_record_of_processing_has_a_line_per_purpose_with_what_article_30_asks() -> None:
    uk = Guidelines.uk_default()
    record = record_of_processing(uk)
    assert [a.purpose for a in record.activities] == [p.key for p in uk.purposes]
    activity = {a.purpose: a for a in record.activities}
    billing = activity["essential.service.payment_processing"]
    assert billing.lawful_basis == "contract"
    assert "user.contact.address" in billing.data_categories
    assert "colleague" in billing.recipients
    assert any(line.startswith("interactions: anonymise after P6Y") for line in billing.retention)
    email = activity["marketing.communications.email"]
    assert email.lawful_basis == "consent"
    assert email.data_categories == ("user.contact.email", "user.name", "user.privacy_preferences")
    police = activity["third_party_sharing.legal_obligation"]
    # The data-sharing rule grants third_party_sharing, and so its refinements too.
    assert police.recipients == ("authority (referred to dpo)", "organisation (referred to dpo)")
    assert any("financial information only by" in line for line in billing.security)


def test_the_record_of_processing_as_csv_and_markdown() -> None:
    record = record_of_processing(Guidelines.uk_default())
    rows = list(csv.reader(io.StringIO(record.to_csv())))
    assert rows[0][:3] == ["Purpose", "Description", "Lawful basis"]
    assert len(rows) == len(record.activities) + 1
    markdown = record.to_markdown()
    assert markdown.startswith("# Record of processing activities: UK consumer business")
    assert markdown.count("\n|") == len(record.activities) + 2
    with pytest.raises(InvalidValue):
        record_of_processing("uk")  # type: ignore[arg-type]


# --- requests ----------------------------------------------------------------------------------


def request(
    right: RightKind, received: date = date(2026, 3, 2), **changes: object
) -> SubjectRequest:
    return SubjectRequest(id="Q1", subject_id="C1", right=right, received_on=received, **changes)  # type: ignore[arg-type]


def test_an_access_request_is_answered_within_the_month() -> None:
    access = request(RightKind.ACCESS)
    action = next_action(access, today=date(2026, 3, 10))
    assert action is not None
    assert (action.code, action.due, action.overdue) == ("respond", date(2026, 4, 2), False)
    late = next_action(access, today=date(2026, 4, 3))
    assert late is not None
    assert late.overdue
    done = access.record(RequestEventKind.COMPLETED, date(2026, 3, 20))
    assert next_action(done, today=date(2026, 5, 1)) is None


def test_the_clock_waits_for_identity_and_for_clarification() -> None:
    asked = request(RightKind.ERASURE).record(
        RequestEventKind.INFORMATION_REQUESTED, date(2026, 3, 3)
    )
    waiting = next_action(asked, today=date(2026, 3, 5))
    assert waiting is not None
    assert (waiting.code, waiting.due) == ("await_information", None)
    arrived = asked.record(RequestEventKind.INFORMATION_ARRIVED, date(2026, 3, 9))
    assert arrived.deadline() == date(2026, 4, 9)
    unclear = arrived.record(RequestEventKind.CLARIFICATION_REQUESTED, date(2026, 3, 12))
    paused = next_action(unclear, today=date(2026, 3, 13))
    assert paused is not None
    assert (paused.code, paused.due) == ("await_clarification", None)
    clarified = unclear.record(RequestEventKind.CLARIFICATION_RECEIVED, date(2026, 3, 22))
    assert clarified.deadline() == date(2026, 4, 20)
    extended = clarified.record(RequestEventKind.EXTENDED, date(2026, 3, 25))
    assert extended.deadline() == date(2026, 6, 19)


def test_a_marketing_objection_is_acted_on_at_once() -> None:
    """UK GDPR Article 21(3): an objection to direct marketing is absolute."""
    objection = request(RightKind.OBJECTION, about_marketing=True)
    action = next_action(objection, today=date(2026, 3, 3))
    assert action is not None
    assert (action.code, action.due, action.overdue) == ("stop_marketing", date(2026, 3, 2), True)
    other = next_action(request(RightKind.OBJECTION), today=date(2026, 3, 3))
    assert other is not None
    assert other.code == "respond"


def test_a_complaint_is_acknowledged_then_answered() -> None:
    complaint = request(RightKind.COMPLAINT, received=date(2026, 11, 23))
    first = next_action(complaint, today=date(2026, 11, 24))
    assert first is not None
    assert (first.code, first.due) == ("acknowledge", date(2026, 12, 23))
    acknowledged = complaint.record(RequestEventKind.ACKNOWLEDGED, date(2026, 11, 25))
    then = next_action(acknowledged, today=date(2026, 11, 26))
    assert then is not None
    assert then.code == "respond"


def test_a_malformed_request_is_refused() -> None:
    with pytest.raises(InvalidValue) as raised:
        request(
            RightKind.ACCESS,
            events=(RequestEvent(kind=RequestEventKind.COMPLETED, on=date(2026, 3, 1)),),
        )
    assert raised.value.code == "before_start"


# --- erasure and access -----------------------------------------------------------------------


def held_record(**changes: object) -> CustomerRecord:
    provenance = Provenance(
        fields=frozenset({"name"}),
        source=Source.CUSTOMER_PHONE,
        collected_by="agent-7",
        collected_at=datetime(2020, 1, 6, 9, 0, tzinfo=UTC),
    )
    return CustomerRecord(
        id="C1",
        provenance=(provenance,),
        name=PersonName.parse("Aisha Khan"),
        contact_points=(
            ContactPoint(value=EmailAddress.parse("aisha@example.com"), verified=True),
        ),
        interactions=(
            Interaction(
                id="P1",
                at=datetime(2025, 5, 1, tzinfo=UTC),
                channel=Channel.WEB,
                kind=InteractionKind.PAYMENT,
            ),
            Interaction(
                id="E1",
                at=datetime(2025, 5, 2, tzinfo=UTC),
                channel=Channel.PHONE,
                kind=InteractionKind.ENQUIRY,
            ),
            Interaction(
                id="P0",
                at=datetime(2018, 5, 1, tzinfo=UTC),
                channel=Channel.WEB,
                kind=InteractionKind.PAYMENT,
            ),
        ),
        notes=(
            Note(
                id="N1",
                at=datetime(2025, 5, 2, tzinfo=UTC),
                author="agent-7",
                text="Her son (tom.khan@example.net, 07400 654321) rang;"
                " she gave aisha@example.com.",
            ),
        ),
        **changes,  # type: ignore[arg-type]
    )


def test_erasure_keeps_what_the_law_requires_and_erases_the_rest() -> None:
    """Article 17(3)(b): accounting records stay for their six years; the rest goes."""
    response = erasure_response(held_record(), Guidelines.uk_default(), today=date(2026, 11, 23))
    assert response.held is None
    assert response.erase == {"name", "email_addresses", "notes"}
    assert response.erase_entries == (("interactions", "E1"), ("interactions", "P0"))
    [kept] = response.keep
    assert (kept.part, kept.entries, kept.until, kept.ground) == (
        "interactions",
        ("P1",),
        date(2032, 3, 31),
        ErasureExemption.LEGAL_OBLIGATION,
    )


def test_a_legal_hold_keeps_everything_against_erasure() -> None:
    hold = LegalHold(
        reference="LIT-7",
        reason="a claim",
        placed_by="legal",
        placed_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    response = erasure_response(
        held_record(legal_holds=(hold,)), Guidelines.uk_default(), today=date(2026, 11, 23)
    )
    assert (response.held, response.erase, response.keep) == ("legal hold LIT-7", frozenset(), ())


def test_the_access_package_gives_everything_but_other_peoples_data() -> None:
    package = subject_access_package(
        held_record(), Guidelines.uk_default(), today=date(2026, 11, 23)
    )
    data = json.loads(package.data)
    note = data["notes"][0]["text"]
    assert "tom.khan@example.net" not in note
    assert "07400 654321" not in note
    assert "aisha@example.com" in note  # her own address stays
    assert data["name"]["full"] == "Aisha Khan"
    assert converter.structure(data, CustomerRecord).id == "C1"  # portable: it reads back
    assert "## Where it came from" in package.summary
    assert "customer phone" in package.summary
    assert "Information Commissioner" in package.summary
    assert "Aisha" not in repr(package)
