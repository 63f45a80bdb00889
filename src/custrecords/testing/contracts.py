"""The contract suites a host runs against its own adapters: repositories and audit sinks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Final, Protocol, final

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from custrecords.audit import AuditAction, AuditEvent, MemoryAuditSink
from custrecords.collecting import (
    ChangeReason,
    ChangeSet,
    ChangeSource,
    Confirmation,
    update,
)
from custrecords.errors import Conflict, InvalidValue
from custrecords.ports import LookupKey, RecordRepository, StoredRecord, lookup_keys
from custrecords.records import (
    ConfirmationMethod,
    ContactPoint,
    CustomerRecord,
    Note,
    Provenance,
    Source,
)
from custrecords.testing.strategies import (
    _NOW,
    _new_values,
    audit_events,
    change_sources,
    customer_records,
    identifiers,
    updates,
)
from custrecords.values import EmailAddress, PersonName, PhoneNumber, PostalAddress

__all__ = ["AuditSinkContract", "RepositoryContract"]


# --- the repository contract ------------------------------------------------------------------


def _contract_record(
    record_id: str,
    *,
    email: str | None = "Jane.Doe@Example.com",
    verified: bool = True,
    phone: str | None = "07400 123456",
    name: str = "Siobhán O'Brien",
    postcode: str = "CF10 1AA",
    born: date | None = date(1985, 2, 28),
) -> CustomerRecord:
    points = []
    if email is not None:
        points.append(ContactPoint(value=EmailAddress.parse(email), verified=verified))
    if phone is not None:
        points.append(ContactPoint(value=PhoneNumber.parse(phone)))
    return CustomerRecord(
        id=record_id,
        provenance=(
            Provenance(
                fields=frozenset({"name"}),
                source=Source.CUSTOMER_PHONE,
                collected_by="agent-7",
                collected_at=_NOW,
                confirmed_at=_NOW,
                confirmed_how=ConfirmationMethod.READ_BACK,
            ),
        ),
        name=PersonName.parse(name),
        contact_points=tuple(points),
        addresses=(
            PostalAddress.parse(["14 Heol y Frenhines"], town="Cardiff", postcode=postcode),
        ),
        date_of_birth=born,
    )


_CHANGED_BY: Final = ChangeSource(
    source=Source.CUSTOMER_PHONE,
    by="agent-7",
    reason=ChangeReason.CUSTOMER_CORRECTION,
    confirmation=Confirmation(
        by="agent-7", at=_NOW + timedelta(days=1), how=ConfirmationMethod.READ_BACK
    ),
)


def _with_note(record: CustomerRecord, text: str) -> CustomerRecord:
    return attrs.evolve(record, notes=(Note(id="N-1", at=_NOW, author="agent-7", text=text),))


def _changed(record: CustomerRecord, **changes: object) -> tuple[CustomerRecord, ChangeSet]:
    return update(record, changes, source=_CHANGED_BY, at=_NOW + timedelta(days=1))


def _expect(holds: bool, what: str) -> None:
    # Not ``assert``: the contract must check under ``python -O`` too.
    if not holds:
        raise AssertionError(what)


def _expect_conflict(code: str, action: Callable[[], object]) -> None:
    try:
        action()
    except Conflict as conflict:
        _expect(conflict.code == code, f"expected Conflict {code!r}, got {conflict.code!r}")
    else:
        raise AssertionError(f"expected Conflict {code!r}; the write was accepted")


def _ids(found: Sequence[StoredRecord]) -> list[str]:
    return [stored.record.id for stored in found]


class RepositoryContract:
    """The contract every `RecordRepository` keeps, as tests to run against yours.

    Subclass it in your test suite (pytest collects the subclass by its ``Test``
    name) and say how to make an empty repository::

        from custrecords.testing import RepositoryContract

        class TestMyRepository(RepositoryContract):
            def make_repository(self):
                return MyRepository(connect_to_a_fresh_test_database())

            def close_repository(self, repository):
                repository.close()

    The examples check each promise of the port on real values; then
    ``test_behaves_like_a_dict`` lets hypothesis drive your repository and a plain
    dictionary side by side through adds, saves (stale ones included), deletes, gets,
    finds, histories and full scans, and shrinks any difference to the shortest
    sequence of calls that shows it. The hypothesis profile you load sets how many
    sequences it tries.
    """

    def make_repository(self) -> RecordRepository:
        """A new, empty repository. Override this."""
        raise NotImplementedError("RepositoryContract needs make_repository()")

    def close_repository(self, repository: RecordRepository) -> None:
        """Release what `make_repository` opened; nothing, unless overridden."""

    @contextmanager
    def _repository(self) -> Iterator[RecordRepository]:
        repository = self.make_repository()
        try:
            yield repository
        finally:
            self.close_repository(repository)

    def test_a_record_added_is_read_back_whole_as_version_1(self) -> None:
        """What is stored is what is read: equal, field for field."""
        record = _contract_record("C-1")
        with self._repository() as repository:
            _expect(repository.add(record) == StoredRecord(record, 1), "add gives version 1")
            _expect(repository.get("C-1") == StoredRecord(record, 1), "get gives it back")
            _expect(repository.get("C-2") is None, "an unknown id gives None")
            _expect(list(repository.history("C-1")) == [], "a new record has no history")

    def test_adding_a_taken_id_conflicts_and_keeps_the_first(self) -> None:
        """An id names one record: adding it again is refused, and nothing changes."""
        first, second = _contract_record("C-1"), _contract_record("C-1", email=None)
        with self._repository() as repository:
            repository.add(first)
            _expect_conflict("exists", lambda: repository.add(second))
            _expect(repository.get("C-1") == StoredRecord(first, 1), "the first is kept")

    def test_a_save_makes_the_next_version_and_keeps_its_change_set(self) -> None:
        """Each save is the next version, and its change set joins the history."""
        record = _contract_record("C-1")
        moved, change_set = _changed(record, addresses=())
        with self._repository() as repository:
            repository.add(record)
            stored = repository.save(moved, change_set, version=1)
            _expect(stored == StoredRecord(moved, 2), "save gives version 2")
            _expect(repository.get("C-1") == stored, "get gives the new version")
            _expect(list(repository.history("C-1")) == [change_set], "history holds the change")

    def test_a_stale_save_conflicts_and_writes_nothing(self) -> None:
        """Optimistic concurrency: a save based on an old version never lands."""
        record = _contract_record("C-1")
        first, first_changes = _changed(record, addresses=())
        second, second_changes = _changed(record, date_of_birth=None)
        with self._repository() as repository:
            repository.add(record)
            repository.save(first, first_changes, version=1)
            _expect_conflict(
                "stale_version", lambda: repository.save(second, second_changes, version=1)
            )
            _expect(repository.get("C-1") == StoredRecord(first, 2), "the newer one is kept")
            _expect(list(repository.history("C-1")) == [first_changes], "history is untouched")
            _expect_conflict(
                "stale_version", lambda: repository.save(second, second_changes, version=3)
            )

    def test_saving_or_deleting_a_missing_record_conflicts(self) -> None:
        """A write to a record that is not stored is refused, and writes nothing."""
        record = _contract_record("C-1")
        moved, change_set = _changed(record, addresses=())
        with self._repository() as repository:
            _expect_conflict("not_found", lambda: repository.save(moved, change_set, version=1))
            _expect_conflict("not_found", lambda: repository.delete("C-1", version=1))
            _expect(repository.get("C-1") is None, "nothing was written")

    def test_records_are_found_by_their_normalised_values(self) -> None:
        """The same customer written two ways is found by either."""
        record = _contract_record("C-1")
        with self._repository() as repository:
            repository.add(record)
            repository.add(_contract_record("C-2", email="someone.else@example.org", phone=None))
            for key in (
                LookupKey.email(EmailAddress.parse("jane.doe@example.com")),
                LookupKey.phone(PhoneNumber.parse("+44 7400 123456")),
                LookupKey.name_and_postcode(PersonName.parse("siobhan obrien"), "cf101aa"),
                LookupKey.name_and_birth_date(
                    PersonName.parse("O'Brien Siobhan"), date(1985, 2, 28)
                ),
            ):
                expected = ["C-1"] if key.kind in {"email", "phone"} else ["C-1", "C-2"]
                _expect(_ids(repository.find(key)) == expected, f"found by {key.kind}")
            nobody = LookupKey.phone(PhoneNumber.parse("07911 123456"))
            _expect(list(repository.find(nobody)) == [], "an unknown key finds nothing")

    def test_a_save_moves_the_keys_with_the_values(self) -> None:
        """A record is found by what it holds now, never by what it held."""
        record = _contract_record("C-1")
        moved, change_set = _changed(
            record, phone_numbers=(ContactPoint(value=PhoneNumber.parse("07911 123456")),)
        )
        with self._repository() as repository:
            repository.add(record)
            repository.save(moved, change_set, version=1)
            old = LookupKey.phone(PhoneNumber.parse("07400 123456"))
            new = LookupKey.phone(PhoneNumber.parse("07911 123456"))
            _expect(list(repository.find(old)) == [], "the old number no longer finds it")
            _expect(_ids(repository.find(new)) == ["C-1"], "the new number does")
            _expect(repository.find(new)[0].version == 2, "found at its current version")

    def test_a_deleted_record_is_forgotten_keys_and_history_too(self) -> None:
        """Erasure: a change set holds old values, so history goes with the record."""
        record = _contract_record("C-1")
        moved, change_set = _changed(record, addresses=())
        with self._repository() as repository:
            repository.add(record)
            repository.save(moved, change_set, version=1)
            _expect_conflict("stale_version", lambda: repository.delete("C-1", version=1))
            repository.delete("C-1", version=2)
            _expect(repository.get("C-1") is None, "get finds nothing")
            _expect(list(repository.history("C-1")) == [], "the history is gone")
            _expect(list(repository.records()) == [], "a scan finds nothing")
            for key in lookup_keys(record):
                _expect(list(repository.find(key)) == [], f"no {key.kind} key is left")
            repository.add(record)  # the id may be used again
            _expect(repository.get("C-1") == StoredRecord(record, 1), "a new record, version 1")

    def test_records_are_scanned_in_order_of_id(self) -> None:
        """A full scan gives every record once, in order of id, past any page size."""
        ids = [f"C-{n:04d}" for n in range(1, 1_202)]
        with self._repository() as repository:
            for record_id in reversed(ids):
                repository.add(_contract_record(record_id, email=None, phone=None))
            _expect([r.id for r in repository.records()] == ids, "every record, by id")

    def test_text_the_database_may_not_hold_is_kept_whole_or_refused_whole(self) -> None:
        """A NUL character in a note: read back exactly, or refused with nothing written.

        Some databases cannot hold U+0000 in text (PostgreSQL's ``text`` and ``jsonb``).
        An adapter may refuse such a record with `InvalidValue` ``nul_character``; it
        must never store it changed, cut short, or half.
        """
        record = _with_note(_contract_record("C-1"), "Called back.\x00 Left a message.")
        with self._repository() as repository:
            try:
                stored = repository.add(record)
            except InvalidValue as error:
                _expect(error.code == "nul_character", f"refused as {error.code!r}")
                _expect(repository.get("C-1") is None, "a refused record is not stored")
                _expect(list(repository.records()) == [], "nor scanned")
                for key in lookup_keys(record):
                    _expect(list(repository.find(key)) == [], f"nor found by {key.kind}")
                return
            _expect(stored == StoredRecord(record, 1), "added as version 1")
            _expect(repository.get("C-1") == stored, "read back exactly, NUL and all")

    def test_the_longest_note_is_kept_whole(self) -> None:
        """A note of the most text a record holds (100,000 characters) reads back whole."""
        line = "Customer rang about the bill; explained the charges — agreed a plan. "
        text = (line * (100_000 // len(line) + 1))[:100_000]
        record = _with_note(_contract_record("C-1"), text)
        with self._repository() as repository:
            repository.add(record)
            _expect(repository.get("C-1") == StoredRecord(record, 1), "the whole note is read")

    def test_characters_beyond_the_basic_plane_are_kept(self) -> None:
        """Names and notes outside the Basic Multilingual Plane survive, and are found by."""
        record = _with_note(
            _contract_record("C-1", name="𠮷野 花子"), "Prefers 📞 after 5pm; wrote 𝔗𝔥𝔞𝔫𝔨𝔰 🙏."
        )
        with self._repository() as repository:
            repository.add(record)
            _expect(repository.get("C-1") == StoredRecord(record, 1), "read back exactly")
            key = LookupKey.name_and_postcode(PersonName.parse("𠮷野 花子"), "CF10 1AA")
            _expect(_ids(repository.find(key)) == ["C-1"], "found by the name")
            _expect(list(repository.records()) == [record], "scanned exactly")

    def test_behaves_like_a_dict(self) -> None:
        """Any sequence of calls gives what a plain dictionary would."""
        contract = self

        class Machine(_RepositoryMachine):
            def __init__(self) -> None:
                super().__init__(contract.make_repository())

            def teardown(self) -> None:
                contract.close_repository(self.repository)

        run_state_machine_as_test(Machine, settings=self.state_machine_settings())

    def state_machine_settings(self) -> settings:
        """The settings of `test_behaves_like_a_dict`: the loaded profile's, 15 calls a run.

        Override it to try fewer sequences where each call crosses a network.
        """
        return settings(stateful_step_count=15)


_KEY_FIELDS: Final = ("name", "email_addresses", "phone_numbers", "addresses", "date_of_birth")


@final
@attrs.frozen
class _Entry:
    record: CustomerRecord
    version: int
    history: tuple[ChangeSet, ...]


class _RepositoryMachine(RuleBasedStateMachine):
    """A repository and a dict model, driven side by side."""

    record_ids = Bundle("record_ids")

    def __init__(self, repository: RecordRepository) -> None:
        super().__init__()
        self.repository = repository
        self.model: dict[str, _Entry] = {}
        # Every key any record has held: the ones no longer held must find nothing.
        self.keys: set[LookupKey] = set()

    def _keep(self, record: CustomerRecord, version: int, history: tuple[ChangeSet, ...]) -> None:
        self.model[record.id] = _Entry(record, version, history)
        self.keys |= lookup_keys(record)

    @rule(target=record_ids, record=customer_records())
    def add(self, record: CustomerRecord) -> str:
        return self._add(record)

    def _add(self, record: CustomerRecord) -> str:
        if record.id in self.model:
            _expect_conflict("exists", lambda: self.repository.add(record))
        else:
            _expect(self.repository.add(record) == StoredRecord(record, 1), "added as version 1")
            self._keep(record, 1, ())
        return record.id

    @rule(target=record_ids, record_id=record_ids, data=st.data())
    def add_a_namesake(self, record_id: str, data: st.DataObject) -> str:
        """Another record with the same contact points, name, address and birth date."""
        entry = self.model.get(record_id)
        if entry is None:
            return record_id
        return self._add(attrs.evolve(entry.record, id=data.draw(identifiers())))

    @rule(record_id=record_ids, data=st.data(), stale=st.sampled_from([0, 0, -1, 1]))
    def save(self, record_id: str, data: st.DataObject, stale: int) -> None:
        entry = self.model.get(record_id)
        if entry is None:  # deleted: the examples check that saving it conflicts
            return
        record, change_set = data.draw(updates(entry.record))
        version = entry.version + stale
        if stale:
            if version >= 1:
                _expect_conflict(
                    "stale_version",
                    lambda: self.repository.save(record, change_set, version=version),
                )
            return
        stored = self.repository.save(record, change_set, version=version)
        _expect(stored == StoredRecord(record, version + 1), "saved as the next version")
        self._keep(record, version + 1, (*entry.history, change_set))

    @rule(record_id=record_ids, data=st.data())
    def move(self, record_id: str, data: st.DataObject) -> None:
        """A save that changes what the record is found by."""
        entry = self.model.get(record_id)
        if entry is None:
            return
        fields = data.draw(st.lists(st.sampled_from(_KEY_FIELDS), min_size=1, unique=True))
        changes = {field: data.draw(_new_values(field)) for field in fields}
        at = entry.record.created_at + timedelta(days=1)
        record, change_set = update(
            entry.record, changes, source=data.draw(change_sources(at)), at=at
        )
        stored = self.repository.save(record, change_set, version=entry.version)
        _expect(stored == StoredRecord(record, entry.version + 1), "saved as the next version")
        self._keep(record, entry.version + 1, (*entry.history, change_set))

    @rule(record_id=record_ids, stale=st.booleans())
    def delete(self, record_id: str, stale: bool) -> None:
        entry = self.model.get(record_id)
        if entry is None:
            _expect_conflict("not_found", lambda: self.repository.delete(record_id, version=1))
        elif stale:
            version = entry.version + 1
            _expect_conflict(
                "stale_version", lambda: self.repository.delete(record_id, version=version)
            )
        else:
            self.repository.delete(record_id, version=entry.version)
            del self.model[record_id]

    @rule(record_id=record_ids)
    def get(self, record_id: str) -> None:
        entry = self.model.get(record_id)
        expected = None if entry is None else StoredRecord(entry.record, entry.version)
        _expect(self.repository.get(record_id) == expected, "get gives the model's record")
        history = [] if entry is None else list(entry.history)
        _expect(list(self.repository.history(record_id)) == history, "the history matches")

    @invariant()
    def find(self) -> None:
        """Every key ever held finds exactly the records that hold it now."""
        for key in self.keys:
            expected = [
                StoredRecord(self.model[record_id].record, self.model[record_id].version)
                for record_id in sorted(self.model)
                if key in lookup_keys(self.model[record_id].record)
            ]
            _expect(list(self.repository.find(key)) == expected, f"find by {key.kind} matches")

    @rule()
    def scan(self) -> None:
        expected = [self.model[record_id].record for record_id in sorted(self.model)]
        _expect(list(self.repository.records()) == expected, "a scan gives every record by id")


# --- the audit sink contract ------------------------------------------------------------------


class _ChainedSink(Protocol):
    """What a hash-chained audit sink offers beyond `AuditSink.append`."""

    def append(self, event: AuditEvent) -> None: ...  # pragma: no cover

    @property
    def events(self) -> Sequence[AuditEvent]: ...  # pragma: no cover

    @property
    def head(self) -> str: ...  # pragma: no cover

    def verify(self, head: str | None = None) -> bool: ...  # pragma: no cover


def _event(subject_id: str, minutes: int, outcome: str = "allow") -> AuditEvent:
    return AuditEvent(
        at=_NOW + timedelta(minutes=minutes),
        action=AuditAction.DECISION,
        request_id=f"R-{minutes}",
        subject_id=subject_id,
        requester="colleague",
        requester_id="agent-7",
        outcome=outcome,
        fields=frozenset({"email_addresses", "name"}),
        refused=frozenset({"date_of_birth"}),
        rules=("colleague.same_team",),
    )


_EVENTS: Final = tuple(_event(f"C-{n}", n) for n in range(1, 6))


class AuditSinkContract:
    """The contract every durable, hash-chained `AuditSink` keeps, as tests to run.

    A sink under this contract has ``append(event)``, ``events`` (oldest first),
    ``head`` (the last link's SHA-256, in hex) and ``verify(head=None)``, and chains its
    events exactly as `MemoryAuditSink` does, so a head kept by one checks the other.
    Subclass it (pytest collects the subclass by its ``Test`` name), say how to make an
    empty sink, and how someone with write access to its storage would tamper with it,
    bypassing whatever refuses changes (a trigger, a permission)::

        class TestMyAuditSink(AuditSinkContract):
            def make_sink(self):
                return MyAuditSink(connect_to_a_fresh_test_database())

            def alter_event(self, sink, position, event): ...
            def remove_event(self, sink, position): ...
            def swap_events(self, sink, first, second): ...
            def cut_off_last(self, sink, count): ...

    Positions count from 1, in the order events were appended. The tests then check
    that events are kept whole and in order, and that `verify` catches each kind of
    tampering: an event altered, one removed (and the rest moved up to hide the gap),
    two swapped, and the last ones cut off, the last caught with a head kept elsewhere.
    """

    def make_sink(self) -> _ChainedSink:
        """A new, empty sink. Override this."""
        raise NotImplementedError("AuditSinkContract needs make_sink()")

    def close_sink(self, sink: _ChainedSink) -> None:
        """Release what `make_sink` opened; nothing, unless overridden."""

    def alter_event(self, sink: _ChainedSink, position: int, event: AuditEvent) -> None:
        """Store ``event`` in place of the one at ``position``, keeping its link."""
        raise NotImplementedError("AuditSinkContract needs alter_event()")

    def remove_event(self, sink: _ChainedSink, position: int) -> None:
        """Remove the event at ``position``, and move the later ones up to close the gap."""
        raise NotImplementedError("AuditSinkContract needs remove_event()")

    def swap_events(self, sink: _ChainedSink, first: int, second: int) -> None:
        """Swap the events (with their links) at two positions."""
        raise NotImplementedError("AuditSinkContract needs swap_events()")

    def cut_off_last(self, sink: _ChainedSink, count: int) -> None:
        """Remove the last ``count`` events."""
        raise NotImplementedError("AuditSinkContract needs cut_off_last()")

    @contextmanager
    def _sink(self, events: Sequence[AuditEvent] = ()) -> Iterator[_ChainedSink]:
        sink = self.make_sink()
        try:
            for event in events:
                sink.append(event)
            yield sink
        finally:
            self.close_sink(sink)

    def test_an_empty_log_verifies_and_has_the_first_link_as_head(self) -> None:
        """Nothing appended: no events, the genesis head, and nothing to break."""
        with self._sink() as sink:
            _expect(list(sink.events) == [], "no events")
            _expect(sink.head == MemoryAuditSink().head, "the genesis head")
            _expect(sink.verify() and sink.verify(sink.head), "an empty log verifies")

    def test_events_are_kept_whole_and_in_order(self) -> None:
        """What is appended is read back equal, field for field, oldest first."""
        with self._sink(_EVENTS) as sink:
            _expect(list(sink.events) == list(_EVENTS), "every event, in order")
            _expect(sink.verify(), "the chain holds")

    def test_the_chain_is_the_memory_sinks_chain(self) -> None:
        """The same events give the same head as `MemoryAuditSink`: one head checks both."""
        memory = MemoryAuditSink()
        for event in _EVENTS:
            memory.append(event)
        with self._sink(_EVENTS) as sink:
            _expect(sink.head == memory.head, "the same head")
            _expect(sink.verify(memory.head), "verifies against the memory sink's head")

    def test_only_events_are_appended(self) -> None:
        """Anything else is `InvalidValue` ``wrong_type``, and nothing is kept."""
        with self._sink() as sink:
            try:
                sink.append("C-1 was told everything")  # type: ignore[arg-type]
            except InvalidValue as error:
                _expect(error.code == "wrong_type", f"refused as {error.code!r}")
            else:
                raise AssertionError("a string was appended as an event")
            _expect(list(sink.events) == [], "nothing was kept")

    def test_an_altered_event_is_detected(self) -> None:
        """Changing any stored event (an outcome turned from deny to allow) breaks its link."""
        with self._sink(_EVENTS) as sink:
            self.alter_event(sink, 3, _event("C-3", 3, outcome="deny"))
            _expect(not sink.verify(), "verify detects the altered event")

    def test_a_removed_event_is_detected(self) -> None:
        """Removing an event, even with the gap closed, breaks the next link."""
        with self._sink(_EVENTS) as sink:
            head = sink.head
            self.remove_event(sink, 2)
            _expect(not sink.verify(), "verify detects the removal")
            _expect(not sink.verify(head), "and the head no longer matches")

    def test_reordered_events_are_detected(self) -> None:
        """Swapping two events, links and all, breaks the chain."""
        with self._sink(_EVENTS) as sink:
            self.swap_events(sink, 2, 4)
            _expect(not sink.verify(), "verify detects the reordering")

    def test_a_truncated_log_is_detected_by_a_head_kept_elsewhere(self) -> None:
        """Cutting off the end leaves a valid shorter chain: only a kept head shows it."""
        with self._sink(_EVENTS) as sink:
            head = sink.head
            self.cut_off_last(sink, 2)
            _expect(list(sink.events) == list(_EVENTS[:3]), "the first events are left")
            _expect(not sink.verify(head), "verify against the kept head detects the cut")

    def test_any_events_are_kept_and_chained(self) -> None:
        """Any audit events (as the desk makes them) read back equal, chained as in memory."""

        @given(st.lists(audit_events(), max_size=4))
        @settings(max_examples=10)
        def check(events: list[AuditEvent]) -> None:
            memory = MemoryAuditSink()
            for event in events:
                memory.append(event)
            with self._sink(events) as sink:
                _expect(list(sink.events) == events, "every event, in order")
                _expect(sink.head == memory.head, "the memory sink's head")
                _expect(sink.verify(memory.head), "the chain holds")

        check()
