"""Erasure keeps what the law still needs: open cases, held records, exempt records.

UK GDPR Article 17(3): the right to erasure does not apply where processing is
necessary (b) for compliance with a legal obligation, or (e) for the establishment,
exercise or defence of legal claims. An open complaint, an open dispute or chargeback,
and anything under a legal hold is kept, with the reason in the response; only closed
ones follow their retention rule. Every route to erasure keeps them: the erasure
response, the retention run, and `erase` itself.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    Channel,
    CustomerRecord,
    ErasureExemption,
    Guidelines,
    Interaction,
    InteractionKind,
    LegalHold,
    Note,
    Period,
    PersonName,
    Provenance,
    RecordStatus,
    RetentionAction,
    RetentionOutcome,
    RetentionRule,
    RetentionTrigger,
    Source,
    UsageError,
    erase,
    erasure_response,
    retention_due,
)

UK = Guidelines.uk_default()
TODAY = date(2026, 11, 23)


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def case(id: str, kind: InteractionKind, closed: str | None = None) -> Interaction:
    return Interaction(
        id=id,
        at=at("2018-03-01"),
        channel=Channel.PHONE,
        kind=kind,
        summary="Customer disputes the charge for the March bill.",
        closed_at=None if closed is None else at(closed),
    )


def customer(*interactions: Interaction, **fields: object) -> CustomerRecord:
    return CustomerRecord(
        id="C1",
        provenance=(
            Provenance(
                fields=frozenset({"name"}),
                source=Source.CUSTOMER_PHONE,
                collected_by="agent-7",
                collected_at=at("2015-04-01"),
            ),
        ),
        name=PersonName.parse("Aisha Khan"),
        interactions=(
            Interaction(
                id="E1", at=at("2018-02-01"), channel=Channel.EMAIL, kind=InteractionKind.ENQUIRY
            ),
            *interactions,
        ),
        **fields,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("kind", [InteractionKind.COMPLAINT, InteractionKind.DISPUTE])
def test_an_open_complaint_or_dispute_is_kept_against_erasure(kind: InteractionKind) -> None:
    """Article 17(3)(e): a case still open may found or answer a legal claim.

    Opened in 2018 and never closed: before the fix, the complaint's six years counted
    from nothing, so it was erased with the rest.
    """
    response = erasure_response(customer(case("K1", kind)), UK, today=TODAY)
    assert response.held is None
    assert response.erase == {"name"}
    assert response.erase_entries == (("interactions", "E1"),)
    [kept] = response.keep
    assert (kept.part, kept.entries, kept.until, kept.ground, kept.rule) == (
        "interactions",
        ("K1",),
        None,
        ErasureExemption.LEGAL_CLAIMS,
        "safeguard.open_case",
    )
    assert "Article 17(3)(e)" in kept.reason
    assert "open complaint or dispute" in kept.reason


@pytest.mark.parametrize("kind", [InteractionKind.COMPLAINT, InteractionKind.DISPUTE])
def test_a_closed_case_follows_its_retention_rule(kind: InteractionKind) -> None:
    """Limitation Act 1980 ss2, 5: six years after closing, then it goes like the rest."""
    recent = erasure_response(customer(case("K1", kind, "2022-06-30")), UK, today=TODAY)
    [kept] = recent.keep
    assert (kept.entries, kept.until, kept.rule) == (
        ("K1",),
        date(2028, 6, 30),
        "complaint-records",
    )
    old = erasure_response(customer(case("K1", kind, "2019-06-30")), UK, today=TODAY)
    assert old.keep == ()
    assert old.erase == {"name", "interactions"}


def test_a_chargeback_is_kept_under_a_legal_hold_as_everything_else() -> None:
    """Article 17(3)(b) and (e): a legal hold keeps the whole record, and says so."""
    hold = LegalHold(
        reference="CB-2026-11",
        reason="card scheme chargeback",
        placed_by="legal",
        placed_at=at("2026-11-01"),
    )
    response = erasure_response(
        customer(case("K1", InteractionKind.DISPUTE, "2019-01-01"), legal_holds=(hold,)),
        UK,
        today=TODAY,
    )
    assert (response.held, response.erase, response.keep) == (
        "legal hold CB-2026-11",
        frozenset(),
        (),
    )


def test_an_open_dispute_holds_the_retention_run() -> None:
    """The retention route: nothing in a record with an open dispute is due."""
    closed = customer(
        case("K1", InteractionKind.DISPUTE),
        status=RecordStatus.CLOSED,
        closed_at=at("2019-01-31"),
    )
    results = list(retention_due([closed], UK, today=TODAY))
    assert results
    assert {(r.outcome, r.held_by) for r in results} == {(RetentionOutcome.HELD, "open dispute K1")}


@pytest.mark.parametrize("kind", [InteractionKind.COMPLAINT, InteractionKind.DISPUTE])
def test_erase_refuses_to_erase_an_open_case(kind: InteractionKind) -> None:
    """The last route: `erase` itself never erases an open case, whatever it is asked."""
    record = customer(case("K1", kind))
    now = at("2026-11-23")
    with pytest.raises(UsageError, match="open complaint or dispute"):
        erase(record, at=now, by="dpo", reason="erasure request")
    with pytest.raises(UsageError):
        erase(record, at=now, by="dpo", reason="erasure request", parts=frozenset({"interactions"}))
    with pytest.raises(UsageError):
        erase(
            record,
            at=now,
            by="dpo",
            reason="erasure request",
            parts=frozenset({"interactions"}),
            entries=("K1",),
        )
    # What the response says may go, goes.
    done = erase(
        record,
        at=now,
        by="dpo",
        reason="erasure request",
        parts=frozenset({"name", "interactions"}),
        entries=("E1",),
    )
    assert done.record is not None
    assert [i.id for i in done.record.interactions] == ["K1"]
    assert done.record.name is None


@given(
    kinds=st.lists(st.sampled_from(InteractionKind), min_size=1, max_size=5),
    open_=st.lists(st.booleans(), min_size=5, max_size=5),
)
def test_no_open_case_is_ever_in_what_an_erasure_response_erases(
    kinds: list[InteractionKind], open_: list[bool]
) -> None:
    """Article 17(3)(e), for any mix of interactions open and closed."""
    interactions = [
        case(f"K{n}", kind, None if open_[n] else "2019-05-01") for n, kind in enumerate(kinds)
    ]
    record = customer(*interactions)
    response = erasure_response(record, UK, today=TODAY)
    open_cases = {i.id for i in interactions if i.is_open_case}
    erased = {entry for part, entry in response.erase_entries if part == "interactions"}
    assert not erased & open_cases
    if open_cases:
        assert "interactions" not in response.erase
        kept = {entry for item in response.keep for entry in item.entries}
        assert open_cases <= kept


def test_a_case_closed_after_the_time_is_open_as_of_that_time_art_17_3_e() -> None:
    """UK GDPR Article 17(3)(e): a case not closed as of the erasure is still open.

    As a legal hold whose ``lifted_at`` is still to come is active, a complaint whose
    ``closed_at`` is still to come is open: erase, erasure_response and the retention
    run all judge it as of their own time, by one rule. Days are UK days: a case closed
    at 00:30 BST on 2 July (23:30 UTC on 1 July) is open all of 1 July.
    """
    complaint = case("K1", InteractionKind.COMPLAINT, "2026-12-01")
    record = customer(complaint, status=RecordStatus.CLOSED, closed_at=at("2019-01-31"))
    assert complaint.is_open_case_at(at("2026-11-23"))
    assert not complaint.is_open_case_at(at("2026-12-02"))
    with pytest.raises(UsageError, match="open complaint or dispute"):
        erase(record, at=at("2026-11-23"), by="dpo", reason="erasure request")
    assert erase(record, at=at("2026-12-02"), by="dpo", reason="request").record is None
    kept = [k for k in erasure_response(record, UK, today=TODAY).keep if k.rule.startswith("safe")]
    assert [(k.entries, k.until, k.rule) for k in kept] == [(("K1",), None, "safeguard.open_case")]
    assert {r.held_by for r in retention_due([record], UK, today=TODAY)} == {"open complaint K1"}
    midnight = attrs.evolve(complaint, closed_at=datetime(2026, 7, 1, 23, 30, tzinfo=UTC))
    assert midnight.is_open_case_on(date(2026, 7, 1))
    assert not midnight.is_open_case_on(date(2026, 7, 2))


def test_the_retention_run_holds_for_an_open_case_exactly_what_erase_refuses() -> None:
    """Article 17(3)(e): one rule for what an open case keeps, in every route.

    An open complaint keeps itself and the whole record: the retention run holds them,
    `erase` refuses them. A colleague's note past its own retention period is not the
    case: the run reports it due, and `erase` erases it, as an erasure response does.
    """
    note = Note(id="N1", at=at("2019-05-01"), author="agent-7", text="Asked about a bill.")
    record = customer(
        case("K1", InteractionKind.COMPLAINT),
        notes=(note,),
        status=RecordStatus.CLOSED,
        closed_at=at("2019-01-31"),
    )
    results = {(r.rule, r.part): r for r in retention_due([record], UK, today=TODAY)}
    assert results[("colleague-notes", "notes")].outcome is RetentionOutcome.DUE
    assert results[("contract-records", "record")].outcome is RetentionOutcome.HELD
    assert results[("contract-records", "record")].held_by == "open complaint K1"
    now = at("2026-11-23")
    for result in results.values():
        parts = frozenset({result.part})
        if result.outcome is RetentionOutcome.HELD:
            with pytest.raises(UsageError, match="open complaint or dispute"):
                erase(record, at=now, by="job", reason=result.rule, parts=parts)
        else:
            kept = erase(
                record, at=now, by="job", reason=result.rule, parts=parts, entries=result.entries
            )
            assert kept.record is not None
            assert kept.record.notes == ()
            assert [i.id for i in kept.record.interactions] == ["E1", "K1"]
    assert "notes" in erasure_response(record, UK, today=TODAY).erase


def test_a_rule_on_all_the_interactions_is_held_while_a_case_is_open() -> None:
    """Article 17(3)(e): all the interactions go together with the case, so they stay."""
    everything = RetentionRule(
        id="all-interactions",
        applies_to=frozenset({"interactions"}),
        period=Period.parse("P1Y"),
        trigger=RetentionTrigger.CLOSED,
        action=RetentionAction.ERASE,
        reason="All contact history goes a year after the account closes.",
    )
    guidelines = attrs.evolve(UK, retention=(everything,))
    record = customer(
        case("K1", InteractionKind.DISPUTE), status=RecordStatus.CLOSED, closed_at=at("2019-01-31")
    )
    [result] = retention_due([record], guidelines, today=TODAY)
    assert (result.outcome, result.held_by) == (RetentionOutcome.HELD, "open dispute K1")
    with pytest.raises(UsageError):
        erase(record, at=at("2026-11-23"), by="job", reason="r", parts=frozenset({"interactions"}))
