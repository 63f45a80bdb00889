"""The desk: the standard's flows, one method per step of an agent's work.

A `Desk` is bound to the organisation's guidelines, a `RecordRepository` and an
`AuditSink`. It is the one place where the library's decisions meet the host's
storage:

- `Desk.collect`: is this customer already known? has the customer confirmed what
  was captured? then minimise, store, audit (standard, 1.1 to 1.5);
- `Desk.update`: change, minimise what changed, store as the next version, audit
  (1.2, 1.3);
- `Desk.request`: retrieve, authorise, disclose what is allowed, audit, and where
  it is the customer's right of access, the day the answer is due (2.1 to 2.3);
- `Desk.supply`: choose the channel and plan the supply, audit (2.4, 2.5);
- `Desk.confirm_understanding`: record that the customer understood, audit (2.6).

Time is always a parameter. Every method returns a result that says what happened
and why, with stable codes; a refusal, a possible duplicate or a write that lost a
race is a result, never an exception. Nothing is printed, and nothing is stored or
audited that the result does not report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Final, final

import attrs

from custrecords._checks import check_id, check_time, check_type, uk_day
from custrecords.audit import AuditAction, AuditEvent, AuditSink
from custrecords.channels import (
    ChannelChoice,
    Message,
    SupplyRecord,
    SupplyState,
    UnderstandingMethod,
    choose_channel,
    deliver,
    plan_supply,
    understand,
)
from custrecords.collecting import (
    ChangeSet,
    ChangeSource,
    Confirmation,
    Draft,
    ReadBack,
    confirm,
    read_back,
    update,
)
from custrecords.disclosure import Customer as CustomerRequester
from custrecords.disclosure import (
    Decision,
    DecisionOutcome,
    Disclosure,
    DisclosureRequest,
    Reason,
    Representative,
    audit_decision,
    audit_disclosure,
    authorise,
    disclose,
)
from custrecords.errors import Conflict, InvalidValue, UsageError
from custrecords.guidelines import Guidelines
from custrecords.matching import Match, MatchStrength, find_matches
from custrecords.minimising import MinimisedItem, minimise
from custrecords.ports import RecordRepository
from custrecords.records import CustomerRecord
from custrecords.rights import (
    RequestEventKind,
    RightKind,
    SubjectRequest,
    WorkingDays,
    audit_request,
    uk_working_days,
)

__all__ = [
    "Answered",
    "CollectOutcome",
    "Collected",
    "Desk",
    "Supplied",
    "SupplyOutcome",
    "Understood",
    "UnderstoodOutcome",
    "UpdateOutcome",
    "Updated",
]


def _reason(code: str, rule: str, message: str) -> Reason:
    return Reason(code=code, rule=rule, message=message)


# --- results ---------------------------------------------------------------------------------


class CollectOutcome(StrEnum):
    """What `Desk.collect` did."""

    RECORDED = "recorded"
    """The record was stored, as version 1, and audited."""
    MATCHES_FOUND = "matches_found"
    """The customer may already be known: nothing was stored. Update the match, or
    rule it out with the customer and collect again."""
    NEEDS_CONFIRMATION = "needs_confirmation"
    """Nothing was stored: read the summary back and collect again with the customer's
    confirmation."""
    ID_TAKEN = "id_taken"
    """A record with the draft's id is already stored: nothing was stored."""


@final
@attrs.frozen(kw_only=True)
class Collected:
    """The result of `Desk.collect`.

    Attributes:
        outcome: what happened.
        record_id: the draft's id.
        version: the stored version (1), when recorded.
        record: the record stored, after minimisation, when recorded.
        matches: every stored record the draft may be, strongest first, those
            ruled out included.
        read_back: the summary to read to the customer, when confirmation is needed.
        minimised: what minimisation removed, masked, redacted or flagged.
        reasons: why, each with a stable code.
    """

    outcome: CollectOutcome
    record_id: str
    version: int | None = None
    record: CustomerRecord | None = None
    matches: tuple[Match, ...] = ()
    read_back: ReadBack | None = None
    minimised: tuple[MinimisedItem, ...] = ()
    reasons: tuple[Reason, ...] = ()


class UpdateOutcome(StrEnum):
    """What `Desk.update` did."""

    UPDATED = "updated"
    """The changed record was stored as the next version, and audited."""
    UNCHANGED = "unchanged"
    """Every value given is what the record holds: nothing was stored."""
    STALE = "stale"
    """The record changed since the agent read it: nothing was stored. Read it again."""
    NOT_FOUND = "not_found"
    """There is no such record: nothing was stored."""
    NEEDS_CONFIRMATION = "needs_confirmation"
    """The change is to what the customer gives, and they have not confirmed it."""


@final
@attrs.frozen(kw_only=True)
class Updated:
    """The result of `Desk.update`.

    Attributes:
        outcome: what happened.
        record_id: the record.
        version: the version stored, when updated; else the version held, if any.
        record: the record as stored, when updated.
        change_set: what changed, when updated.
        minimised: what minimisation did to the changed fields.
        reasons: why.
    """

    outcome: UpdateOutcome
    record_id: str
    version: int | None = None
    record: CustomerRecord | None = None
    change_set: ChangeSet | None = None
    minimised: tuple[MinimisedItem, ...] = ()
    reasons: tuple[Reason, ...] = ()


@final
@attrs.frozen(kw_only=True)
class Answered:
    """The result of `Desk.request`.

    Attributes:
        decision: the decision, with its reasons.
        disclosure: what may be given out, when allowed.
        subject_request: for a request by the customer or their representative, the
            right of access (UK GDPR Article 15) it exercises, with its clock.
        deadline: the last day to answer it in full; ``None`` while the clock waits
            for the requester's identity to be checked, and for other requesters.
        candidates: for a request by the customer or their representative, the other
            stored records the subject's details match (`Desk.candidates`), strongest
            first, each with why: an answer from one record of two misses half of
            what is held (Article 15). Nothing of them is disclosed: check them with
            the customer first.
    """

    decision: Decision
    disclosure: Disclosure | None = None
    subject_request: SubjectRequest | None = None
    deadline: date | None = None
    candidates: tuple[Match, ...] = ()

    @property
    def outcome(self) -> DecisionOutcome:
        """Allow, deny or refer."""
        return self.decision.outcome


class SupplyOutcome(StrEnum):
    """What `Desk.supply` did."""

    PLANNED = "planned"
    """A channel was chosen and the supply planned, and audited."""
    NO_CHANNEL = "no_channel"
    """No channel is allowed for this message to this customer: nothing may be sent."""
    NOT_FOUND = "not_found"
    """There is no such record."""


@final
@attrs.frozen(kw_only=True)
class Supplied:
    """The result of `Desk.supply`.

    Attributes:
        outcome: what happened.
        record_id: the customer's record.
        choice: the channel choice, with every step of it, when the record exists.
        supply: the planned supply, for the host to keep and move on as it is sent.
        reasons: why.
    """

    outcome: SupplyOutcome
    record_id: str
    choice: ChannelChoice | None = None
    supply: SupplyRecord | None = None
    reasons: tuple[Reason, ...] = ()


class UnderstoodOutcome(StrEnum):
    """What `Desk.confirm_understanding` did."""

    UNDERSTOOD = "understood"
    """The customer's understanding was recorded, and audited."""
    ALREADY = "already"
    """It was recorded before: nothing changed."""
    NOT_SENT = "not_sent"
    """The supply has not been sent (or it failed): there is nothing to understand yet."""


@final
@attrs.frozen(kw_only=True)
class Understood:
    """The result of `Desk.confirm_understanding`.

    Attributes:
        outcome: what happened.
        supply: the supply as it is now.
        reasons: why.
    """

    outcome: UnderstoodOutcome
    supply: SupplyRecord
    reasons: tuple[Reason, ...] = ()


# --- the desk ----------------------------------------------------------------------------------

# Strong and likely matches stop a new record until the agent rules them out; a
# possible one (a shared landline, a namesake at the address) is reported only.
_BLOCKING: Final = frozenset({MatchStrength.STRONG, MatchStrength.LIKELY})
_ENGLAND: Final = uk_working_days("ENG")


def _not_found(record_id: str) -> Updated:
    return Updated(
        outcome=UpdateOutcome.NOT_FOUND,
        record_id=record_id,
        reasons=(_reason("not_found", "repository", "there is no such record"),),
    )


def _choice_rules(choice: ChannelChoice) -> tuple[str, ...]:
    """A channel choice's steps as audit codes.

    A guidelines rule is named by its id (``channels.<id>``); a step that cites the law
    in words ("UK GDPR Article 32") is named by its reason's code (``choice.<code>``),
    since an audit event holds only codes.
    """
    return tuple(
        dict.fromkeys(
            r.rule if r.rule.startswith("channels.") else f"choice.{r.code}" for r in choice.reasons
        )
    )


def _rules(items: Iterable[MinimisedItem]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item.rule for item in items))


@final
class Desk:
    """The standard's flows, bound to guidelines, a repository and an audit sink.

    >>> from custrecords import Guidelines, MemoryAuditSink
    >>> from custrecords.adapters import MemoryRepository
    >>> desk = Desk(Guidelines.uk_default(), MemoryRepository(), MemoryAuditSink())

    See ``docs/desk.md`` for each flow, worked.
    """

    __slots__ = ("_audit", "_calendar", "_guidelines", "_repository")

    def __init__(
        self,
        guidelines: Guidelines,
        repository: RecordRepository,
        audit: AuditSink,
        *,
        calendar: WorkingDays = _ENGLAND,
    ) -> None:
        """Bind the desk.

        Args:
            guidelines: the organisation's rules.
            repository: where records are stored.
            audit: where every collection, update, decision, disclosure, supply and
                confirmed understanding is recorded.
            calendar: the working days response deadlines count in; England's by
                default (`uk_working_days` for the other nations).

        Raises:
            UsageError: for arguments that are not a guidelines value, a repository
                and an audit sink.
        """
        if not isinstance(guidelines, Guidelines):
            raise UsageError("the desk needs Guidelines")
        if not isinstance(repository, RecordRepository):
            raise UsageError("the desk needs a RecordRepository")
        if not isinstance(audit, AuditSink):
            raise UsageError("the desk needs an AuditSink")
        self._guidelines = guidelines
        self._repository = repository
        self._audit = audit
        self._calendar = calendar

    # --- collect -----------------------------------------------------------------------------

    def collect(
        self,
        draft: Draft,
        confirmation: Confirmation | None,
        *,
        now: datetime,
        ruled_out: Iterable[str] = (),
    ) -> Collected:
        """Record a new customer: match check, confirmation, minimisation, store, audit.

        Args:
            draft: what was captured.
            confirmation: the customer's confirmation of it; ``None`` gives back the
                summary to read to them, unless the source (a system) needs none.
            now: the time.
            ruled_out: ids of strong or likely matches the agent has checked with the
                customer and found to be someone else; the audit event names them.
        """
        check_type(draft, Draft, "draft")
        check_time(now, "now")
        if isinstance(ruled_out, str):  # one id would otherwise be read as its letters
            raise InvalidValue("wrong_type", "ruled_out", "must be a collection of record ids")
        ruled_out = frozenset(ruled_out)
        for record_id in ruled_out:
            check_id(record_id, "ruled_out")
        matches = find_matches(draft, self._repository)
        blocking = [m for m in matches if m.strength in _BLOCKING and m.record_id not in ruled_out]
        if blocking:
            return Collected(
                outcome=CollectOutcome.MATCHES_FOUND,
                record_id=draft.id,
                matches=matches,
                reasons=tuple(
                    _reason(
                        f"{match.strength.value}_match",
                        "matching." + "+".join(reason.value for reason in match.reasons),
                        f"record {match.record_id} may be this customer: update it, or "
                        "rule it out with the customer",
                    )
                    for match in blocking
                ),
            )
        try:
            record = confirm(draft, confirmation)
        except InvalidValue as error:
            if error.code != "unconfirmed":
                raise
            return Collected(
                outcome=CollectOutcome.NEEDS_CONFIRMATION,
                record_id=draft.id,
                matches=matches,
                read_back=read_back(draft),
                reasons=(
                    _reason(
                        "unconfirmed",
                        "standard.1.4",
                        "information from the customer or a colleague is confirmed with "
                        "the customer before it is recorded: read the summary back",
                    ),
                ),
            )
        record, report = minimise(record, self._guidelines)
        try:
            stored = self._repository.add(record)
        except Conflict:
            return Collected(
                outcome=CollectOutcome.ID_TAKEN,
                record_id=draft.id,
                matches=matches,
                reasons=(_reason("id_taken", "repository", "a record with this id is stored"),),
            )
        checked = tuple(f"matching.ruled_out.{record_id}" for record_id in sorted(ruled_out))
        self._audit.append(
            AuditEvent(
                at=now,
                action=AuditAction.COLLECTION,
                subject_id=record.id,
                requester=draft.source.value,
                requester_id=draft.collected_by,
                outcome=CollectOutcome.RECORDED.value,
                fields=frozenset(f for f in draft.fields if record.holds(f)),
                rules=checked + _rules(report.items),
            )
        )
        return Collected(
            outcome=CollectOutcome.RECORDED,
            record_id=record.id,
            version=stored.version,
            record=record,
            matches=matches,
            minimised=report.items,
        )

    # --- update ------------------------------------------------------------------------------

    def update(  # noqa: PLR0911 - one return per outcome
        self,
        record_id: str,
        changes: Mapping[str, object],
        *,
        source: ChangeSource,
        at: datetime,
        version: int,
    ) -> Updated:
        """Change a record the agent read at ``version``; minimise, store, audit.

        The new values pass through minimisation before they are stored (a card
        number typed into a note is masked); only the fields changed are touched.

        Args:
            record_id: the record.
            changes: the new values, as `update` takes them.
            source: where they came from, who made the change, why, and the customer's
                confirmation.
            at: the time.
            version: the version the agent read and changed: a record changed since
                is never overwritten.

        Raises:
            InvalidValue: for changes that are malformed, as `update` raises them.
        """
        check_id(record_id, "record_id")
        check_time(at, "at")
        stored = self._repository.get(record_id)
        if stored is None:
            return _not_found(record_id)
        if stored.version != version:
            return self._stale(record_id, stored.version)
        try:
            record, change_set = update(stored.record, changes, source=source, at=at)
        except InvalidValue as error:
            if error.code != "unconfirmed":
                raise
            return Updated(
                outcome=UpdateOutcome.NEEDS_CONFIRMATION,
                record_id=record_id,
                version=stored.version,
                reasons=(_reason("unconfirmed", "standard.1.4", error.problem),),
            )
        record, change_set, report = self._minimise_changes(stored.record, record, change_set)
        if change_set.is_empty:
            return Updated(
                outcome=UpdateOutcome.UNCHANGED,
                record_id=record_id,
                version=stored.version,
                minimised=report,
                reasons=(_reason("unchanged", "update", "the record already holds this"),),
            )
        try:
            saved = self._repository.save(record, change_set, version=version)
        except Conflict as conflict:
            if conflict.code == "not_found":  # deleted since it was read
                return _not_found(record_id)
            return self._stale(record_id, None)
        self._audit.append(
            AuditEvent(
                at=at,
                action=AuditAction.UPDATE,
                subject_id=record_id,
                requester=source.source.value,
                requester_id=source.by,
                outcome=UpdateOutcome.UPDATED.value,
                fields=change_set.fields,
                rules=(f"reason.{source.reason.value}", *_rules(report)),
            )
        )
        return Updated(
            outcome=UpdateOutcome.UPDATED,
            record_id=record_id,
            version=saved.version,
            record=record,
            change_set=change_set,
            minimised=report,
        )

    def _minimise_changes(
        self, before: CustomerRecord, after: CustomerRecord, change_set: ChangeSet
    ) -> tuple[CustomerRecord, ChangeSet, tuple[MinimisedItem, ...]]:
        """Minimise only what the change set changed, and say so in the change set."""
        cleaned, report = minimise(after, self._guidelines)
        items = tuple(item for item in report.items if item.field in change_set.fields)
        if not items or cleaned == after:
            return after, change_set, items
        kept = {field: getattr(cleaned, field) for field in change_set.fields}
        record, change_set = update(before, kept, source=change_set.source, at=change_set.at)
        return record, change_set, items

    @staticmethod
    def _stale(record_id: str, version: int | None) -> Updated:
        return Updated(
            outcome=UpdateOutcome.STALE,
            record_id=record_id,
            version=version,
            reasons=(
                _reason(
                    "stale_version",
                    "repository",
                    "the record changed since it was read: read it again and redo the change",
                ),
            ),
        )

    # --- disclose on request -----------------------------------------------------------------

    def request(self, request: DisclosureRequest, *, now: datetime) -> Answered:
        """Answer a request for information: retrieve, authorise, disclose, audit.

        The decision is audited whatever it is; what is disclosed is audited too. A
        request by the customer, or by their representative, exercises the right of
        access: the result carries it as a `SubjectRequest`, with the day the full
        answer is due (one month, by the ICO's rule), and its receipt is audited
        before the decision (`audit_request`). While the requester's identity
        is unchecked, the clock waits for it, and there is no deadline yet.
        """
        check_type(request, DisclosureRequest, "request")
        check_time(now, "now")
        stored = self._repository.get(request.subject_id)
        record = None if stored is None else stored.record
        decision = authorise(request, record, self._guidelines, now=now)
        subject_request = self._right_of_access(request, decision)
        if subject_request is not None:
            # The rights request is in the trail from its receipt, and with it the proof
            # of identity asked for, if it was.
            received = attrs.evolve(subject_request, events=())
            self._audit.append(audit_request(received, at=now))
            if subject_request.events:
                self._audit.append(audit_request(subject_request, at=now))
        self._audit.append(audit_decision(request, decision))
        disclosure = None
        if decision.outcome is DecisionOutcome.ALLOW and record is not None:
            disclosure = disclose(decision, record)
            self._audit.append(audit_disclosure(request, disclosure, at=now))
        candidates: tuple[Match, ...] = ()
        if subject_request is not None and record is not None:
            candidates = find_matches(record, self._repository)
        return Answered(
            decision=decision,
            disclosure=disclosure,
            subject_request=subject_request,
            deadline=None if subject_request is None else subject_request.deadline(self._calendar),
            candidates=candidates,
        )

    def candidates(self, subject_id: str) -> tuple[Match, ...]:
        """The other records a rights request about ``subject_id`` must start from.

        A subject access or erasure request is about the customer, not one record: every
        stored record the subject's details match (the same e-mail address or phone
        number, the same folded name with a postcode or date of birth) may hold their
        data too (UK GDPR Articles 15 and 17). Each comes with its strength and
        reasons, as `find_matches` gives them, strongest first; confirm them with the
        customer before answering from them. Empty when no record has the id.

        Raises:
            InvalidValue: ``invalid_id`` for an id that is not one.
        """
        check_id(subject_id, "subject_id")
        stored = self._repository.get(subject_id)
        return () if stored is None else find_matches(stored.record, self._repository)

    @staticmethod
    def _right_of_access(request: DisclosureRequest, decision: Decision) -> SubjectRequest | None:
        if not isinstance(request.requester, CustomerRequester | Representative):
            return None
        received = uk_day(request.received_at)
        access = SubjectRequest(
            id=request.id,
            subject_id=request.subject_id,
            right=RightKind.ACCESS,
            received_on=received,
        )
        if any(reason.code == "unverified" for reason in decision.reasons):
            # The clock starts when the identity check the organisation asked for is done.
            access = access.record(RequestEventKind.INFORMATION_REQUESTED, received)
        return access

    # --- supply and confirm understanding ------------------------------------------------------

    def supply(
        self, message: Message, record_id: str, *, supply_id: str, now: datetime
    ) -> Supplied:
        """Choose how to supply ``message`` to the customer, and plan it; audit the plan."""
        check_type(message, Message, "message")
        check_id(record_id, "record_id")
        check_id(supply_id, "supply_id")
        check_time(now, "now")
        stored = self._repository.get(record_id)
        if stored is None:
            return Supplied(
                outcome=SupplyOutcome.NOT_FOUND,
                record_id=record_id,
                reasons=(_reason("not_found", "repository", "there is no such record"),),
            )
        choice = choose_channel(message, stored.record, self._guidelines, now=now)
        reasons = tuple(_reason(r.code, r.rule, r.message) for r in choice.reasons)
        if choice.channel is None:
            return Supplied(
                outcome=SupplyOutcome.NO_CHANNEL,
                record_id=record_id,
                choice=choice,
                reasons=reasons,
            )
        supply = plan_supply(message, choice, id=supply_id, record_id=record_id, at=now)
        self._audit.append(
            AuditEvent(
                at=now,
                action=AuditAction.SUPPLY,
                request_id=supply_id,
                subject_id=record_id,
                requester="organisation",
                outcome=f"planned.{choice.channel.value}",
                rules=_choice_rules(choice),
            )
        )
        return Supplied(
            outcome=SupplyOutcome.PLANNED,
            record_id=record_id,
            choice=choice,
            supply=supply,
            reasons=reasons,
        )

    def confirm_understanding(
        self, supply: SupplyRecord, *, at: datetime, method: UnderstandingMethod
    ) -> Understood:
        """Record that the customer understood what was supplied, and how; audit it.

        A supply still marked as sent is taken to have been delivered when the
        customer shows they understood it.
        """
        check_type(supply, SupplyRecord, "supply")
        check_time(at, "at")
        if supply.state is SupplyState.UNDERSTOOD:
            return Understood(
                outcome=UnderstoodOutcome.ALREADY,
                supply=supply,
                reasons=(_reason("already", "supply", "understanding was confirmed before"),),
            )
        if supply.state in {SupplyState.PLANNED, SupplyState.FAILED}:
            return Understood(
                outcome=UnderstoodOutcome.NOT_SENT,
                supply=supply,
                reasons=(_reason("not_sent", "supply", f"the supply is {supply.state.value}"),),
            )
        if supply.state is SupplyState.SENT:
            supply = deliver(supply, at=at)
        supply = understand(supply, at=at, method=method)
        self._audit.append(
            AuditEvent(
                at=at,
                action=AuditAction.UNDERSTANDING,
                request_id=supply.id,
                subject_id=supply.record_id,
                requester="customer",
                outcome=f"understood.{method.value}",
            )
        )
        return Understood(outcome=UnderstoodOutcome.UNDERSTOOD, supply=supply)
