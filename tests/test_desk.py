"""Tests for custrecords.desk: the standard's flows, step by step, through real ports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    AuditAction,
    ChangeReason,
    ChangeSet,
    ChangeSource,
    Channel,
    CollectOutcome,
    Confirmation,
    ConfirmationMethod,
    ContactPoint,
    Customer,
    CustomerRecord,
    DecisionOutcome,
    Desk,
    DisclosureRequest,
    Draft,
    EmailAddress,
    Guidelines,
    IdentityLevel,
    InvalidValue,
    MemoryAuditSink,
    MemoryRepository,
    Message,
    Note,
    PersonName,
    PhoneNumber,
    PostalAddress,
    Sensitivity,
    Source,
    SQLiteRepository,
    StoredRecord,
    SupplyOutcome,
    UnderstandingMethod,
    UnderstoodOutcome,
    UpdateOutcome,
    UsageError,
    replay,
    send,
    uk_working_days,
    update,
)
from custrecords import testing as strategies

GUIDELINES = Guidelines.uk_default()
AT = datetime(2026, 1, 30, 10, 0, tzinfo=UTC)  # a Friday; a month later is a Saturday
READ_BACK = Confirmation(by="agent-7", at=AT, how=ConfirmationMethod.READ_BACK)
BY_PHONE = ChangeSource(
    source=Source.CUSTOMER_PHONE,
    by="agent-7",
    reason=ChangeReason.CUSTOMER_CORRECTION,
    confirmation=Confirmation(
        by="agent-7", at=AT + timedelta(days=1), how=ConfirmationMethod.READ_BACK
    ),
)


def new_desk() -> tuple[Desk, MemoryRepository, MemoryAuditSink]:
    repository, audit = MemoryRepository(), MemoryAuditSink()
    return Desk(GUIDELINES, repository, audit), repository, audit


def jane(record_id: str = "C-1", email: str = "jane.doe@example.com", **parts: object) -> Draft:
    return Draft(
        id=record_id,
        source=Source.CUSTOMER_PHONE,
        collected_by="agent-7",
        collected_at=AT,
        name=PersonName.parse("Jane Doe"),
        contact_points=(
            ContactPoint(value=EmailAddress.parse(email), verified=True, preferred=True),
            ContactPoint(value=PhoneNumber.parse("07400 123456"), verified=True),
        ),
        addresses=(
            PostalAddress.parse(["14 Heol y Frenhines"], town="Cardiff", postcode="CF10 1AA"),
        ),
        **parts,  # type: ignore[arg-type]
    )


# --- collect --------------------------------------------------------------------------------


def test_an_unconfirmed_draft_gives_the_read_back_and_stores_nothing() -> None:
    desk, repository, audit = new_desk()
    result = desk.collect(jane(), None, now=AT)
    assert result.outcome is CollectOutcome.NEEDS_CONFIRMATION
    assert result.read_back is not None
    assert "Jane Doe" in result.read_back.text
    assert [r.code for r in result.reasons] == ["unconfirmed"]
    assert len(repository) == 0
    assert audit.events == ()


def test_a_confirmed_draft_is_stored_as_version_1_and_audited() -> None:
    desk, repository, audit = new_desk()
    result = desk.collect(jane(), READ_BACK, now=AT)
    assert result.outcome is CollectOutcome.RECORDED
    assert result.version == 1
    assert repository.get("C-1") is not None
    assert repository.get("C-1").record == result.record  # type: ignore[union-attr]
    (event,) = audit.events
    assert (event.action, event.subject_id, event.requester, event.requester_id) == (
        AuditAction.COLLECTION,
        "C-1",
        "customer_phone",
        "agent-7",
    )
    assert event.fields == {"name", "email_addresses", "phone_numbers", "addresses"}
    assert event.request_id is None


def test_the_same_customer_written_differently_is_found_not_duplicated() -> None:
    desk, repository, audit = new_desk()
    desk.collect(jane(), READ_BACK, now=AT)
    again = desk.collect(jane("C-2", email="Jane.Doe@Example.com"), READ_BACK, now=AT)
    assert again.outcome is CollectOutcome.MATCHES_FOUND
    assert [(m.record_id, m.strength.value) for m in again.matches] == [("C-1", "strong")]
    assert [r.code for r in again.reasons] == ["strong_match"]
    assert len(repository) == 1
    assert len(audit.events) == 1


def test_a_match_ruled_out_with_the_customer_is_recorded_and_named_in_the_audit() -> None:
    desk, repository, audit = new_desk()
    desk.collect(jane(), READ_BACK, now=AT)
    twin = jane("C-2", email="jane.doe.junior@example.com")
    result = desk.collect(twin, READ_BACK, now=AT, ruled_out=["C-1"])
    assert result.outcome is CollectOutcome.RECORDED
    assert [m.record_id for m in result.matches] == ["C-1"]
    assert "matching.ruled_out.C-1" in audit.events[-1].rules
    assert len(repository) == 2


def test_ruled_out_must_be_ids_not_one_id() -> None:
    desk, repository, _ = new_desk()
    desk.collect(jane(), READ_BACK, now=AT)
    with pytest.raises(InvalidValue) as raised:
        desk.collect(jane("C-2"), READ_BACK, now=AT, ruled_out="C-1")
    assert (raised.value.code, raised.value.field) == ("wrong_type", "ruled_out")
    assert len(repository) == 1


def test_a_possible_match_is_reported_but_does_not_stop_the_record() -> None:
    desk, _, _ = new_desk()
    landline = Draft(
        id="C-1",
        source=Source.CUSTOMER_PHONE,
        collected_by="agent-7",
        collected_at=AT,
        name=PersonName.parse("Ann Other"),
        contact_points=(ContactPoint(value=PhoneNumber.parse("029 2018 0000")),),
    )
    desk.collect(landline, READ_BACK, now=AT)
    flatmate = Draft(
        id="C-2",
        source=Source.CUSTOMER_PHONE,
        collected_by="agent-7",
        collected_at=AT,
        name=PersonName.parse("Jane Doe"),
        contact_points=(ContactPoint(value=PhoneNumber.parse("+44 29 2018 0000")),),
    )
    result = desk.collect(flatmate, READ_BACK, now=AT)
    assert result.outcome is CollectOutcome.RECORDED
    assert [(m.record_id, m.strength.value) for m in result.matches] == [("C-1", "possible")]


def test_an_id_already_taken_is_a_result() -> None:
    desk, _, audit = new_desk()
    desk.collect(jane(), READ_BACK, now=AT)
    other = Draft(
        id="C-1",
        source=Source.SYSTEM,
        collected_by="web",
        collected_at=AT,
        name=PersonName.parse("Someone Else"),
    )
    assert desk.collect(other, None, now=AT).outcome is CollectOutcome.ID_TAKEN
    assert len(audit.events) == 1


def test_what_must_not_be_kept_is_cleaned_before_it_is_stored() -> None:
    desk, repository, _ = new_desk()
    from custrecords import Interaction, InteractionKind

    paid = Interaction(
        id="I-1",
        at=AT,
        channel=Channel.PHONE,
        kind=InteractionKind.PAYMENT,
        summary="Paid by card 4111 1111 1111 1111, CVV 123.",
    )
    result = desk.collect(jane(interactions=(paid,)), READ_BACK, now=AT)
    assert result.outcome is CollectOutcome.RECORDED
    stored = repository.get("C-1").record  # type: ignore[union-attr]
    assert "4111 1111 1111 1111" not in stored.interactions[0].summary
    assert "123" not in stored.interactions[0].summary
    assert {item.field for item in result.minimised} == {"interactions"}


# --- update ---------------------------------------------------------------------------------


def collected() -> tuple[Desk, MemoryRepository, MemoryAuditSink]:
    desk, repository, audit = new_desk()
    desk.collect(jane(), READ_BACK, now=AT)
    return desk, repository, audit


MOVED = (PostalAddress.parse(["2 Stryd y Castell"], town="Cardiff", postcode="CF10 1BH"),)


def test_an_update_is_stored_as_the_next_version_with_its_history() -> None:
    desk, repository, audit = collected()
    result = desk.update(
        "C-1", {"addresses": MOVED}, source=BY_PHONE, at=AT + timedelta(days=1), version=1
    )
    assert result.outcome is UpdateOutcome.UPDATED
    assert result.version == 2
    assert repository.history("C-1") == (result.change_set,)
    assert audit.events[-1].action is AuditAction.UPDATE
    assert audit.events[-1].fields == {"addresses"}
    assert "reason.customer_correction" in audit.events[-1].rules


def test_an_update_based_on_an_old_version_is_stale_and_stores_nothing() -> None:
    desk, repository, audit = collected()
    desk.update("C-1", {"addresses": MOVED}, source=BY_PHONE, at=AT + timedelta(days=1), version=1)
    late = desk.update(
        "C-1",
        {"date_of_birth": date(1985, 2, 28)},
        source=BY_PHONE,
        at=AT + timedelta(days=1),
        version=1,
    )
    assert late.outcome is UpdateOutcome.STALE
    assert late.version == 2
    assert repository.get("C-1").record.date_of_birth is None  # type: ignore[union-attr]
    assert len(audit.events) == 2


def test_other_update_outcomes() -> None:
    desk, _, audit = collected()
    later = AT + timedelta(days=1)
    assert (
        desk.update("C-9", {"addresses": MOVED}, source=BY_PHONE, at=later, version=1).outcome
        is UpdateOutcome.NOT_FOUND
    )
    same = desk.update(
        "C-1", {"name": PersonName.parse("Jane Doe")}, source=BY_PHONE, at=later, version=1
    )
    assert same.outcome is UpdateOutcome.UNCHANGED
    unconfirmed = ChangeSource(
        source=Source.CUSTOMER_PHONE, by="agent-7", reason=ChangeReason.NEW_INFORMATION
    )
    asked = desk.update("C-1", {"addresses": MOVED}, source=unconfirmed, at=later, version=1)
    assert asked.outcome is UpdateOutcome.NEEDS_CONFIRMATION
    assert len(audit.events) == 1
    with pytest.raises(InvalidValue):
        desk.update("C-1", {"shoe_size": 9}, source=BY_PHONE, at=later, version=1)


def test_a_card_number_typed_into_a_note_is_masked_in_the_record_and_its_history() -> None:
    desk, repository, _ = collected()
    note = Note(
        id="N-1", at=AT, author="agent-7", text="Customer read out card 4111 1111 1111 1111 to pay."
    )
    result = desk.update(
        "C-1", {"notes": (note,)}, source=BY_PHONE, at=AT + timedelta(days=1), version=1
    )
    assert result.outcome is UpdateOutcome.UPDATED
    stored = repository.get("C-1").record  # type: ignore[union-attr]
    assert "4111 1111 1111 1111" not in stored.notes[0].text
    (change_set,) = repository.history("C-1")
    assert "4111 1111 1111 1111" not in change_set.changes[0].after[0].text  # type: ignore[index]
    assert [item.field for item in result.minimised] == ["notes"]


def test_two_agents_updating_one_customer_through_sqlite_one_is_told(tmp_path: Path) -> None:
    """No update silently lost: each agent's desk reads version 1; the second save is stale."""
    path = tmp_path / "crm.db"
    with SQLiteRepository.open(path) as first, SQLiteRepository.open(path) as second:
        audit = MemoryAuditSink()
        alice, bob = Desk(GUIDELINES, first, audit), Desk(GUIDELINES, second, audit)
        alice.collect(jane(), READ_BACK, now=AT)
        later = AT + timedelta(days=1)
        moved = alice.update("C-1", {"addresses": MOVED}, source=BY_PHONE, at=later, version=1)
        born = bob.update(
            "C-1", {"date_of_birth": date(1985, 2, 28)}, source=BY_PHONE, at=later, version=1
        )
        assert (moved.outcome, born.outcome) == (UpdateOutcome.UPDATED, UpdateOutcome.STALE)
        assert second.get("C-1").record.addresses == MOVED  # type: ignore[union-attr]


@given(st.data())
def test_the_history_replays_to_the_stored_record(data: st.DataObject) -> None:
    """The change sets a desk stores rebuild every version: nothing changes off the record."""
    desk, repository, _ = new_desk()
    record = data.draw(strategies.customer_records())
    repository.add(record)
    version, current = 1, record
    for _ in range(data.draw(st.integers(1, 3))):
        _, change_set = data.draw(strategies.updates(current))
        changes = {change.field: change.after for change in change_set.changes}
        result = desk.update(
            record.id, changes, source=change_set.source, at=change_set.at, version=version
        )
        if result.outcome is UpdateOutcome.UPDATED:
            version, current = version + 1, result.record  # type: ignore[assignment]
    rebuilt = record
    for change_set in repository.history(record.id):
        rebuilt = replay(rebuilt, change_set)
    assert repository.get(record.id).record == rebuilt == current  # type: ignore[union-attr]


# --- disclose on request ---------------------------------------------------------------------


def ask(requester: object, fields: set[str], received: datetime = AT) -> DisclosureRequest:
    return DisclosureRequest(
        id="R-1",
        requester=requester,  # type: ignore[arg-type]
        subject_id="C-1",
        purpose="essential.service",
        fields=frozenset(fields),
        channel=Channel.PHONE,
        received_at=received,
    )


def test_a_verified_customer_is_told_and_their_right_of_access_has_a_deadline() -> None:
    desk, _, audit = collected()
    answered = desk.request(
        ask(Customer(verified=IdentityLevel.ONE_TIME_CODE), {"addresses"}), now=AT
    )
    assert answered.outcome is DecisionOutcome.ALLOW
    assert answered.disclosure is not None
    assert answered.disclosure.field_names == {"addresses"}
    assert [e.action for e in audit.events[-2:]] == [AuditAction.DECISION, AuditAction.DISCLOSURE]
    # 30 January + one month is 28 February 2026 (no 30th), a Saturday: due Monday 2 March.
    assert answered.deadline == date(2026, 3, 2)


def test_an_unverified_customer_is_refused_and_the_clock_waits_for_their_identity() -> None:
    desk, _, audit = collected()
    answered = desk.request(ask(Customer(verified=IdentityLevel.NONE), {"addresses"}), now=AT)
    assert answered.outcome is DecisionOutcome.DENY
    assert answered.disclosure is None
    assert answered.deadline is None
    assert answered.subject_request is not None
    assert answered.subject_request.waiting_for() is not None
    assert audit.events[-1].action is AuditAction.DECISION
    assert audit.events[-1].fields == frozenset()


def test_a_request_arriving_late_in_the_evening_counts_from_that_uk_day() -> None:
    desk, _, _ = collected()
    # 23:30 UTC on 31 May is 00:30 on 1 June in London (BST).
    late = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)
    answered = desk.request(
        ask(Customer(verified=IdentityLevel.ONE_TIME_CODE), {"name"}, late), now=late
    )
    assert answered.subject_request is not None
    assert answered.subject_request.received_on == date(2026, 6, 1)
    assert answered.deadline == date(2026, 7, 1)


def test_a_colleague_request_has_no_customer_deadline() -> None:
    from custrecords import Colleague

    desk, _, _ = collected()
    colleague = Colleague(id="staff-9", role="billing", team="billing", case=None)
    answered = desk.request(
        DisclosureRequest(
            id="R-2",
            requester=colleague,
            subject_id="C-1",
            purpose="essential.service.payment_processing",
            fields=frozenset({"addresses", "accessibility_needs"}),
            channel=Channel.INTRANET,
            received_at=AT,
        ),
        now=AT,
    )
    assert answered.outcome is DecisionOutcome.ALLOW
    assert answered.disclosure is not None
    assert answered.disclosure.field_names == {"addresses"}
    assert (answered.subject_request, answered.deadline) == (None, None)


@given(strategies.customer_records(), st.data())
def test_a_request_not_allowed_never_reveals_a_field(record: object, data: st.DataObject) -> None:
    """Deny by default: a refused or referred request discloses nothing, and the audit says so."""
    repository, audit = MemoryRepository(), MemoryAuditSink()
    repository.add(record)  # type: ignore[arg-type]
    desk = Desk(GUIDELINES, repository, audit)
    request = data.draw(strategies.disclosure_requests(subject_id=record.id))  # type: ignore[attr-defined]
    answered = desk.request(request, now=request.received_at)
    if answered.outcome is DecisionOutcome.ALLOW:
        assert answered.disclosure is not None
        assert answered.disclosure.field_names <= request.fields
        assert audit.events[-1].fields == answered.disclosure.field_names
    else:
        assert answered.disclosure is None
        assert audit.events[-1].action is AuditAction.DECISION
        assert audit.events[-1].fields == frozenset()
    assert audit.verify()


# --- supply and confirm understanding ---------------------------------------------------------

BILL = Message(
    topic="your bill",
    purpose="essential.service",
    sensitivity=Sensitivity.FINANCIAL,
    needs_understanding=True,
)


def test_a_supply_is_planned_by_the_chosen_channel_and_audited() -> None:
    desk, _, audit = collected()
    supplied = desk.supply(BILL, "C-1", supply_id="S-1", now=AT)
    assert supplied.outcome is SupplyOutcome.PLANNED
    assert supplied.supply is not None
    assert supplied.choice is not None
    assert supplied.supply.channel is supplied.choice.channel
    assert audit.events[-1].action is AuditAction.SUPPLY
    assert audit.events[-1].request_id == "S-1"
    assert [r.code for r in supplied.reasons] == [r.code for r in supplied.choice.reasons]


def test_supplying_to_nobody_or_by_no_channel_is_a_result() -> None:
    desk, _, audit = new_desk()
    assert desk.supply(BILL, "C-9", supply_id="S-1", now=AT).outcome is SupplyOutcome.NOT_FOUND
    silent = Draft(
        id="C-2",
        source=Source.SYSTEM,
        collected_by="web",
        collected_at=AT,
        name=PersonName.parse("No Contact"),
    )
    desk.collect(silent, None, now=AT)
    marketing = Message(
        topic="an offer", purpose="marketing.communications.email", sensitivity=Sensitivity.PUBLIC
    )
    supplied = desk.supply(marketing, "C-2", supply_id="S-2", now=AT)
    assert supplied.outcome is SupplyOutcome.NO_CHANNEL
    assert supplied.supply is None
    assert audit.events[-1].action is AuditAction.COLLECTION


def test_understanding_is_confirmed_once_after_sending() -> None:
    desk, _, audit = collected()
    planned = desk.supply(BILL, "C-1", supply_id="S-1", now=AT).supply
    assert planned is not None
    not_yet = desk.confirm_understanding(planned, at=AT, method=UnderstandingMethod.TEACH_BACK)
    assert not_yet.outcome is UnderstoodOutcome.NOT_SENT
    sent = send(planned, at=AT + timedelta(hours=1))
    understood = desk.confirm_understanding(
        sent, at=AT + timedelta(days=2), method=UnderstandingMethod.TEACH_BACK
    )
    assert understood.outcome is UnderstoodOutcome.UNDERSTOOD
    assert [e.state.value for e in understood.supply.events] == [
        "planned",
        "sent",
        "delivered",
        "understood",
    ]
    assert audit.events[-1].action is AuditAction.UNDERSTANDING
    again = desk.confirm_understanding(
        understood.supply, at=AT + timedelta(days=3), method=UnderstandingMethod.REPLY
    )
    assert again.outcome is UnderstoodOutcome.ALREADY
    assert audit.events[-1].outcome == "understood.teach_back"


# --- binding ----------------------------------------------------------------------------------


def test_a_desk_needs_real_ports() -> None:
    with pytest.raises(UsageError):
        Desk(GUIDELINES, {}, MemoryAuditSink())  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        Desk(GUIDELINES, MemoryRepository(), object())  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        Desk("uk", MemoryRepository(), MemoryAuditSink())  # type: ignore[arg-type]


def test_a_desk_counts_deadlines_in_the_nation_it_is_given() -> None:
    repository = MemoryRepository()
    scotland = Desk(GUIDELINES, repository, MemoryAuditSink(), calendar=uk_working_days("SCT"))
    scotland.collect(jane(), READ_BACK, now=AT)
    # 2 December + one month is 2 January 2027: a bank holiday in Scotland only.
    received = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    answered = scotland.request(
        ask(Customer(verified=IdentityLevel.ONE_TIME_CODE), {"name"}, received), now=received
    )
    assert answered.deadline == date(2027, 1, 5)
    england = Desk(GUIDELINES, repository, MemoryAuditSink())
    request = ask(Customer(verified=IdentityLevel.ONE_TIME_CODE), {"name"}, received)
    assert england.request(request, now=received).deadline == date(2027, 1, 4)


class Racing:
    """A repository in which something else happens just before the desk's save."""

    def __init__(
        self, inner: MemoryRepository, before_save: Callable[[MemoryRepository], None]
    ) -> None:
        self.inner, self.before_save = inner, before_save

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def save(self, record: CustomerRecord, change_set: ChangeSet, *, version: int) -> StoredRecord:
        self.before_save(self.inner)
        return self.inner.save(record, change_set, version=version)


def test_a_write_landing_between_read_and_save_is_caught_by_the_repository() -> None:
    """The desk's own version check is not the only guard: the save's is the one that counts."""
    _, repository, audit = collected()

    def someone_else_saves(inner: MemoryRepository) -> None:
        stored = inner.get("C-1")
        assert stored is not None
        record, change_set = update(
            stored.record,
            {"date_of_birth": date(1985, 2, 28)},
            source=BY_PHONE,
            at=AT + timedelta(days=1),
        )
        inner.save(record, change_set, version=stored.version)

    racing = Desk(GUIDELINES, Racing(repository, someone_else_saves), audit)
    result = racing.update(
        "C-1", {"addresses": MOVED}, source=BY_PHONE, at=AT + timedelta(days=1), version=1
    )
    assert result.outcome is UpdateOutcome.STALE
    assert repository.get("C-1").record.addresses != MOVED  # type: ignore[union-attr]
    assert len(audit.events) == 1


def test_a_record_deleted_between_read_and_save_is_not_found() -> None:
    _, repository, audit = collected()
    racing = Desk(
        GUIDELINES, Racing(repository, lambda inner: inner.delete("C-1", version=1)), audit
    )
    result = racing.update(
        "C-1", {"addresses": MOVED}, source=BY_PHONE, at=AT + timedelta(days=1), version=1
    )
    assert result.outcome is UpdateOutcome.NOT_FOUND
    assert [r.code for r in result.reasons] == ["not_found"]
    assert repository.get("C-1") is None


def test_no_result_shows_personal_data_in_its_repr() -> None:
    desk, _, audit = new_desk()
    results: list[object] = [
        desk.collect(jane(), None, now=AT),
        desk.collect(jane(), READ_BACK, now=AT),
    ]
    results.append(desk.collect(jane("C-2"), READ_BACK, now=AT))
    results.append(
        desk.update(
            "C-1", {"addresses": MOVED}, source=BY_PHONE, at=AT + timedelta(days=1), version=1
        )
    )
    results.append(
        desk.request(
            ask(
                Customer(verified=IdentityLevel.ONE_TIME_CODE),
                {"name", "addresses", "email_addresses"},
            ),
            now=AT,
        )
    )
    supplied = desk.supply(BILL, "C-1", supply_id="S-1", now=AT)
    results.append(supplied)
    results.append(audit.events)
    for result in results:
        shown = repr(result) + str(result)
        for value in ("jane.doe", "Jane Doe", "123456", "Heol", "Stryd", "1AA", "1BH"):
            assert value not in shown, (value, type(result).__name__)
