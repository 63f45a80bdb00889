"""Every legal day is a UK calendar day: the day in Europe/London, not in UTC.

Legal time in Great Britain is Greenwich mean time (Interpretation Act 1978, s9), an
hour ahead of it in summer time (Summer Time Act 1972, s1), and time limits under the
UK GDPR and the DPA 2018 are counted in calendar days from the UK day something happens
(ICO, "Time limits for responding to data protection rights requests"). So 23:30 UTC on
1 July 2026 is 00:30 BST on 2 July, a UK day later, while 22:30 UTC is 23:30 BST and
still 1 July. In winter the UK keeps GMT, and the UTC day is the UK day.

Each test puts a moment on each side of UK midnight in summer time, and one in winter.
A request's received day, counted from the UK day by `Desk.request`, is tested in
``test_desk.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from custrecords import (
    AssessmentCode,
    AuthorityKind,
    Channel,
    ConfirmationMethod,
    Consent,
    CustomerRecord,
    DecisionOutcome,
    DisclosureRequest,
    Guidelines,
    IdentityLevel,
    Interaction,
    InteractionKind,
    LawfulBasis,
    LegalHold,
    Note,
    PersonName,
    Provenance,
    Representative,
    Source,
    anonymise,
    assess,
    authorise,
    disclose,
    retention_due,
)
from custrecords._checks import uk_day

UK = Guidelines.uk_default()
SERVICE = "essential.service"
MARKETING = "marketing.communications.email"

NEXT_UK_DAY = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
"""00:30 BST on 2 July 2026: 2 July in the UK, though 1 July in UTC."""
SAME_UK_DAY = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)
"""23:30 BST on 1 July 2026: still 1 July in the UK."""
WINTER = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
"""23:30 GMT on 1 December 2026: 1 December in the UK and in UTC alike."""
SUMMER_CASES = [(NEXT_UK_DAY, date(2026, 7, 2)), (SAME_UK_DAY, date(2026, 7, 1))]
ALL_CASES = [*SUMMER_CASES, (WINTER, date(2026, 12, 1))]


def record(**changes: object) -> CustomerRecord:
    parts: dict[str, object] = {
        "id": "C1",
        "provenance": (
            Provenance(
                fields=frozenset({"name"}),
                source=Source.CUSTOMER_PHONE,
                collected_by="agent-7",
                collected_at=datetime(2020, 1, 6, 9, 0, tzinfo=UTC),
            ),
        ),
        "name": PersonName.parse("Aisha Khan"),
    }
    return CustomerRecord(**(parts | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(("moment", "uk"), ALL_CASES)
def test_the_uk_day_of_a_moment_is_its_day_in_london(moment: datetime, uk: date) -> None:
    """Interpretation Act 1978 s9 with the Summer Time Act 1972: GMT, BST in summer."""
    assert uk == uk_day(moment)


def test_a_moment_without_a_zone_is_read_as_uk_wall_clock_time() -> None:
    assert date(2026, 7, 1) == uk_day(datetime(2026, 7, 1, 23, 30))  # noqa: DTZ001


@pytest.mark.parametrize(("moment", "uk"), ALL_CASES)
def test_an_authority_that_ended_on_a_day_has_ended_when_that_uk_day_has(
    moment: datetime, uk: date
) -> None:
    """A representative's authority holds through its last UK day, and no further."""
    attorney = Representative(
        id="REP-1",
        authority=AuthorityKind.LPA_PROPERTY_AND_FINANCIAL_AFFAIRS,
        scope=frozenset({SERVICE}),
        verified=IdentityLevel.DOCUMENTS,
        expires=moment.date(),  # the last day is the UTC day of the moment
    )
    request = DisclosureRequest(
        id="R1",
        requester=attorney,
        subject_id="C1",
        purpose=SERVICE,
        fields=frozenset({"name"}),
        channel=Channel.LETTER,
        received_at=moment,
    )
    decision = authorise(request, record(), UK, now=moment)
    expired = uk > moment.date()
    assert expired == ("authority_expired" in {reason.code for reason in decision.reasons})
    assert expired == (decision.outcome is not DecisionOutcome.ALLOW)


@pytest.mark.parametrize(("moment", "uk"), ALL_CASES)
def test_a_legal_hold_lifted_after_uk_midnight_still_held_the_uk_day_before(
    moment: datetime, uk: date
) -> None:
    """A hold applies on a UK day if placed by its end and not lifted before it ends."""
    hold = LegalHold(
        reference="CLAIM-1",
        reason="a claim is expected",
        placed_by="legal-1",
        placed_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        lifted_at=moment,
    )
    assert (uk > moment.date()) == hold.is_active_on(moment.date())
    placed = LegalHold(
        reference="CLAIM-2", reason="a claim is expected", placed_by="legal-1", placed_at=moment
    )
    assert (uk == moment.date()) == placed.is_active_on(moment.date())


@pytest.mark.parametrize(("moment", "uk"), ALL_CASES)
def test_consent_withdrawn_after_uk_midnight_still_counted_the_uk_day_before(
    moment: datetime, uk: date
) -> None:
    """Consent counts on a UK day when given by its end and not withdrawn by then."""
    consented = record(
        consents=(
            Consent(
                purpose=MARKETING,
                lawful_basis=LawfulBasis.CONSENT,
                given_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
                evidence="web form v4",
                withdrawn_at=moment,
            ),
        )
    )
    assessment = assess(consented, UK, purpose=MARKETING, today=moment.date())
    assert (uk == moment.date()) == (AssessmentCode.MISSING_CONSENT in assessment.codes)
    assert (uk > moment.date()) == consented.consents[0].is_active_on(moment.date())


@pytest.mark.parametrize(("moment", "uk"), ALL_CASES)
def test_a_value_goes_stale_counting_from_the_uk_day_it_was_confirmed(
    moment: datetime, uk: date
) -> None:
    """A name is reconfirmed every three years from the UK day of its confirmation."""
    confirmed = record(
        provenance=(
            Provenance(
                fields=frozenset({"name"}),
                source=Source.CUSTOMER_PHONE,
                collected_by="agent-7",
                collected_at=moment,
                confirmed_at=moment,
                confirmed_how=ConfirmationMethod.READ_BACK,
                confirmed_by="agent-7",
            ),
        )
    )
    three_years_on = moment.date().replace(year=moment.year + 3)
    assessment = assess(confirmed, UK, purpose=SERVICE, today=three_years_on)
    assert (uk == moment.date()) == (AssessmentCode.STALE in assessment.codes)


@pytest.mark.parametrize(("moment", "uk"), ALL_CASES)
def test_a_withdrawn_consent_is_kept_a_month_from_the_uk_day_of_withdrawal(
    moment: datetime, uk: date
) -> None:
    """The withdrawn-marketing-consent rule counts one month from the UK day (PECR)."""
    withdrawn = record(
        consents=(
            Consent(
                purpose=MARKETING,
                lawful_basis=LawfulBasis.CONSENT,
                given_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
                evidence="web form v4",
                withdrawn_at=moment,
            ),
        )
    )
    a_month_on = date(moment.year + moment.month // 12, moment.month % 12 + 1, moment.day)
    due = [
        action
        for action in retention_due([withdrawn], UK, today=a_month_on)
        if action.rule == "withdrawn-marketing-consent"
    ]
    assert (uk == moment.date()) == bool(due)


@pytest.mark.parametrize(("moment", "uk"), ALL_CASES)
def test_an_entry_is_kept_from_the_uk_day_it_was_made(moment: datetime, uk: date) -> None:
    """The colleague-notes rule counts two years from the UK day of the note."""
    noted = record(notes=(Note(id="N1", at=moment, author="agent-7", text="Called back."),))
    two_years_on = moment.date().replace(year=moment.year + 2)
    due = [
        action
        for action in retention_due([noted], UK, today=two_years_on)
        if action.rule == "colleague-notes"
    ]
    assert (uk == moment.date()) == bool(due)


@pytest.mark.parametrize(("moment", "uk"), ALL_CASES)
def test_a_closed_complaint_is_kept_from_the_uk_day_it_closed(moment: datetime, uk: date) -> None:
    """The complaint-records rule counts six years from the UK day of closing."""
    complained = record(
        interactions=(
            Interaction(
                id="I1",
                at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
                channel=Channel.PHONE,
                kind=InteractionKind.COMPLAINT,
                closed_at=moment,
            ),
        )
    )
    six_years_on = moment.date().replace(year=moment.year + 6)
    due = [
        action
        for action in retention_due([complained], UK, today=six_years_on)
        if action.rule == "complaint-records"
    ]
    assert (uk == moment.date()) == bool(due)


@pytest.mark.parametrize(("moment", "uk"), ALL_CASES)
def test_an_anonymous_record_keeps_the_uk_days_it_began_and_consented(
    moment: datetime, uk: date
) -> None:
    """Anonymising keeps the UK days the relationship began and consent came and went."""
    made = record(
        provenance=(
            Provenance(
                fields=frozenset({"name"}),
                source=Source.CUSTOMER_PHONE,
                collected_by="agent-7",
                collected_at=moment,
            ),
        ),
        consents=(
            Consent(
                purpose=MARKETING,
                lawful_basis=LawfulBasis.CONSENT,
                given_at=moment,
                evidence="web form v4",
                withdrawn_at=moment,
            ),
        ),
    )
    anonymous = anonymise(made, id="A1", at=datetime(2027, 1, 5, tzinfo=UTC))
    assert uk == anonymous.created_on
    assert [(uk, uk)] == [(c.given_on, c.withdrawn_on) for c in anonymous.consents]


@pytest.mark.parametrize(("moment", "uk"), ALL_CASES)
def test_a_disclosed_interaction_shows_its_uk_day(moment: datetime, uk: date) -> None:
    """What a requester is shown dates each interaction by its UK day."""
    customer = Representative(
        id="REP-1",
        authority=AuthorityKind.LPA_PROPERTY_AND_FINANCIAL_AFFAIRS,
        scope=frozenset({SERVICE}),
        verified=IdentityLevel.DOCUMENTS,
    )
    request = DisclosureRequest(
        id="R1",
        requester=customer,
        subject_id="C1",
        purpose=SERVICE,
        fields=frozenset({"interactions"}),
        channel=Channel.LETTER,
        received_at=moment,
    )
    called = record(
        interactions=(
            Interaction(
                id="I1",
                at=moment,
                channel=Channel.PHONE,
                kind=InteractionKind.ENQUIRY,
                summary="asked about a bill",
            ),
        )
    )
    view = disclose(authorise(request, called, UK, now=moment), called)
    lines = [line for shown in view.fields for line in shown.lines]
    assert [line.split(" ")[0] for line in lines] == [uk.isoformat()]


def test_the_audit_without_a_day_given_audits_as_of_the_uk_day() -> None:
    from custrecords.cli import _uk_today

    # 23:30 UTC on 1 July is 00:30 BST on 2 July (Summer Time Act 1972).
    assert _uk_today(datetime(2026, 7, 1, 23, 30, tzinfo=UTC)) == date(2026, 7, 2)
    assert _uk_today(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == date(2026, 7, 1)
