"""Hypothesis strategies for custrecords' types, for your tests and ours.

Every strategy draws valid, varied values: names in many scripts, internationalised
e-mail addresses, phone numbers from the UK (with the Crown Dependencies) and abroad,
UK postcodes that follow Royal Mail's rules, and records whose parts agree with each
other. Use them in your own property-based tests::

    from hypothesis import given
    from custrecords.testing import customer_records

    @given(customer_records())
    def test_my_crm_round_trips(record):
        assert load(save(record)) == record

This module needs hypothesis (``pip install custrecords[testing]``); importing
``custrecords`` alone never imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Final, final

import attrs
import phonenumbers
from hypothesis import reject, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from custrecords.audit import AuditEvent
from custrecords.channels import (
    ChannelChoice,
    Message,
    SupplyRecord,
    acknowledge,
    choose_channel,
    deliver,
    plan_supply,
    send,
)
from custrecords.collecting import (
    ChangeReason,
    ChangeSet,
    ChangeSource,
    Confirmation,
    Draft,
    update,
)
from custrecords.disclosure import (
    Authority,
    AuthorityKind,
    Colleague,
    Customer,
    Decision,
    DisclosureRequest,
    Organisation,
    Representative,
    Requester,
    audit_decision,
    authorise,
)
from custrecords.errors import Conflict, InvalidValue, UsageError
from custrecords.export_audit import RowAudit, audit_rows
from custrecords.exports import infer_columns
from custrecords.guidelines import Guidelines, Sensitivity
from custrecords.minimising import MinimisationReport, minimise
from custrecords.ports import LookupKey, RecordRepository, StoredRecord, lookup_keys
from custrecords.records import (
    AccessibilityNeed,
    Article9Condition,
    CommunicationPreferences,
    ConfirmationMethod,
    Consent,
    ContactPoint,
    CustomerRecord,
    Interaction,
    LegalHold,
    NeedKind,
    Note,
    Provenance,
    RecordStatus,
    Source,
    SpecialCategoryCondition,
)
from custrecords.retention import (
    AnonymousRecord,
    RetentionDue,
    Tombstone,
    anonymise,
    erase,
    next_due,
    retention_due,
)
from custrecords.rights import RequestEventKind, RightKind, SubjectRequest
from custrecords.scanning import Finding, FindingAction, scan_text
from custrecords.taxonomy import (
    DATA_USES,
    RECORD_FIELDS,
    Channel,
    IdentityLevel,
    InteractionKind,
    LawfulBasis,
)
from custrecords.values import EmailAddress, PersonName, PhoneNumber, PostalAddress

if TYPE_CHECKING:
    from random import Random  # noqa: TID251  # the type of the randomness a caller injects

__all__ = [
    "EXPORT_HEADERS",
    "Planted",
    "RepositoryContract",
    "SampleNote",
    "accessibility_needs",
    "anonymous_records",
    "audit_events",
    "change_sets",
    "change_sources",
    "channel_choices",
    "confirmations",
    "consents",
    "contact_points",
    "customer_records",
    "decisions",
    "disclosure_requests",
    "drafts",
    "emails",
    "export_rows",
    "findings",
    "identifiers",
    "interactions",
    "legal_holds",
    "messages",
    "minimisation_reports",
    "notes",
    "notes_with_findings",
    "person_names",
    "phone_numbers",
    "postal_addresses",
    "preferences",
    "provenances",
    "record_changes",
    "requesters",
    "retention_results",
    "row_audits",
    "special_category_conditions",
    "subject_requests",
    "supply_records",
    "times",
    "tombstones",
    "uk_phone_numbers",
    "uk_postcodes",
    "updates",
    "write_note",
    "written_uk_phone_numbers",
]

# --- names -------------------------------------------------------------------------------

_GIVEN: Final = (
    "Aisha",
    "Anwen",
    "Björn",
    "Ceri",
    "Chloé",
    "Dafydd",
    "Emeka",
    "François",
    "Gráinne",
    "Hannah",
    "Ikechukwu",
    "Jürgen",
    "Kamala",
    "Łukasz",
    "Mary-Jane",
    "Mohammed",
    "Niamh",
    "Oluwaseun",
    "Priya",
    "Raphaël",
    "Saoirse",
    "Seren",
    "Siobhán",
    "Søren",
    "Tomás",
    "Zoë",
    "Ægir",
    "Мария",
    "Ἀλέξανδρος",
    "محمد",
    "Nguyễn Thị",
    "美咲",
    "Ji-woo",
)
_FAMILY: Final = (
    "Adeyemi",
    "Brown",
    "Chowdhury",
    "Davies",
    "Ó Briain",
    "Evans",
    "Fitzgerald-Smith",
    "García Márquez",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalczyk",
    "MacDhòmhnaill",
    "McAllister",
    "Ní Bhriain",
    "O'Connor",
    "Patel",
    "ap Rhys",
    "Singh",
    "Smith",
    "van der Berg",
    "Williams",
    "Wójcik",
    "Żukowski",
    "Иванова",
    "Παπαδόπουλος",
    "Nakamura",
    "王",
)
_RANDOM_NAME: Final = st.text(
    alphabet=st.characters(categories=["Lu", "Ll", "Lo"], exclude_characters="\u3164\uffa0"),
    min_size=2,
    max_size=12,
)


@st.composite
def person_names(draw: st.DrawFn) -> PersonName:
    """Names in many scripts, given as a whole, as parts, or both."""
    given = draw(st.sampled_from(_GIVEN) | _RANDOM_NAME)
    family = draw(st.sampled_from(_FAMILY) | _RANDOM_NAME)
    form = draw(st.sampled_from(("parts", "full", "both", "given only")))
    if form == "full":
        return PersonName.parse(f"{given} {family}")
    if form == "given only":
        return PersonName.parse(given=given)
    full = f"{family} {given}" if form == "both" else None
    return PersonName.parse(full, given=given, family=family)


# --- e-mail addresses -------------------------------------------------------------------------

_LOCAL_WORD: Final = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    min_size=1,
    max_size=12,
) | st.sampled_from(("josé", "zoë", "müller", "siobhán", "用户", "иван"))
# One hyphen at most: IDNA refuses hyphens in a label's third and fourth places.
_DOMAIN_LABEL: Final = st.from_regex(
    r"[a-z0-9]{1,10}(?:-[a-z0-9]{1,8})?", fullmatch=True
) | st.sampled_from(("exämple", "bücher", "例子"))
_TLD: Final = st.sampled_from(
    ("com", "co.uk", "org.uk", "uk", "net", "org", "ie", "de", "fr", "io", "scot", "cymru")
)


@st.composite
def emails(draw: st.DrawFn) -> EmailAddress:
    """E-mail addresses, some with dots, plus-tags, upper case or non-ASCII letters."""
    words = draw(st.lists(_LOCAL_WORD, min_size=1, max_size=3))
    local = draw(st.sampled_from((".", "_", "-"))).join(words)
    if draw(st.booleans()):
        local += "+" + draw(_LOCAL_WORD)
    labels = draw(st.lists(_DOMAIN_LABEL, min_size=1, max_size=2))
    return EmailAddress.parse(f"{local}@{'.'.join(labels)}.{draw(_TLD)}")


# --- phone numbers --------------------------------------------------------------------------

# UK national significant numbers by their leading digits: mobiles, London, Leeds,
# Glasgow, Manchester, Cambridge, freephone, UK-wide 03, the Isle of Man and Jersey.
_UK_PREFIXES: Final = (
    "74",
    "75",
    "77",
    "78",
    "79",
    "207",
    "208",
    "203",
    "1134",
    "141",
    "161",
    "1223",
    "800",
    "808",
    "300",
    "7624",
    "1534",
)
_INTERNATIONAL_REGIONS: Final = (
    "IE",
    "FR",
    "DE",
    "ES",
    "IT",
    "NL",
    "PL",
    "US",
    "CA",
    "IN",
    "PK",
    "BD",
    "NG",
    "ZA",
    "AU",
    "CN",
    "JP",
    "BR",
)
_KINDS_TO_VARY: Final = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
)


def _phone_or_reject(e164: str) -> PhoneNumber:
    try:
        return PhoneNumber.parse(e164, region=None)
    except InvalidValue:
        reject()


@st.composite
def uk_phone_numbers(draw: st.DrawFn) -> PhoneNumber:
    """UK numbers in use: mobile, geographic, freephone, 03, and the Crown Dependencies'.

    The Isle of Man, Jersey and Guernsey share +44, so their numbers are UK numbers too.
    """
    prefix = draw(st.sampled_from(_UK_PREFIXES))
    rest = draw(
        st.text(alphabet="0123456789", min_size=10 - len(prefix), max_size=10 - len(prefix))
    )
    return _phone_or_reject(f"+44{prefix}{rest}")


@st.composite
def _international_numbers(draw: st.DrawFn) -> PhoneNumber:
    region = draw(st.sampled_from(_INTERNATIONAL_REGIONS))
    example = phonenumbers.example_number_for_type(region, draw(st.sampled_from(_KINDS_TO_VARY)))
    assert example is not None
    e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    return _phone_or_reject(
        e164[:-3] + draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    )


def phone_numbers() -> st.SearchStrategy[PhoneNumber]:
    """Phone numbers from the UK and from around the world."""
    return st.one_of(uk_phone_numbers(), _international_numbers())


@st.composite
def written_uk_phone_numbers(draw: st.DrawFn) -> tuple[str, PhoneNumber]:
    """A UK number as people write it, with the number it must parse to.

    The digits are split into random groups by spaces, dashes, dots or non-breaking
    spaces, and begin in one of the usual ways: ``0``, ``+44``, ``+44 (0)``, ``0044``,
    or with the area code in brackets.
    """
    number = draw(uk_phone_numbers())
    national = number.e164[3:]
    cuts = sorted(draw(st.sets(st.integers(1, len(national) - 1), min_size=1, max_size=4)))
    groups = [national[i:j] for i, j in zip([0, *cuts], [*cuts, len(national)], strict=True)]
    separator = draw(st.sampled_from((" ", "-", ".", "  ", "\u00a0")))
    style = draw(st.sampled_from(("0", "+44 ", "+44 (0)", "+44(0) ", "0044 ", "+44", "(0")))
    if style == "(0":
        return f"(0{groups[0]}) {separator.join(groups[1:])}", number
    return style + separator.join(groups), number


# --- postal addresses ----------------------------------------------------------------------

# Royal Mail's letters for each position (see custrecords.values).
_FIRST: Final = "ABCDEFGHIJKLMNOPRSTUWYZ"
_SECOND: Final = "ABCDEFGHKLMNOPQRSTUVWXY"
_THIRD_A9A: Final = "ABCDEFGHJKPSTUW"
_FOURTH_AA9A: Final = "ABEHMNPRVWXY"
_INWARD: Final = "ABDEFGHJLNPQRSTUWXYZ"
_DIGIT: Final = st.sampled_from("0123456789")


@st.composite
def uk_postcodes(draw: st.DrawFn) -> str:
    """Postcodes in Royal Mail's six formats (A9, A99, AA9, AA99, A9A, AA9A), normalised."""
    first = draw(st.sampled_from(_FIRST))
    shape = draw(st.sampled_from(("A9", "A99", "AA9", "AA99", "A9A", "AA9A")))
    digit = draw(_DIGIT)
    outward = {
        "A9": first + digit,
        "A99": first + digit + draw(_DIGIT),
        "AA9": first + draw(st.sampled_from(_SECOND)) + digit,
        "AA99": first + draw(st.sampled_from(_SECOND)) + digit + draw(_DIGIT),
        "A9A": first + digit + draw(st.sampled_from(_THIRD_A9A)),
        "AA9A": first
        + draw(st.sampled_from(_SECOND))
        + digit
        + draw(st.sampled_from(_FOURTH_AA9A)),
    }[shape]
    inward = draw(_DIGIT) + draw(st.sampled_from(_INWARD)) + draw(st.sampled_from(_INWARD))
    return f"{outward} {inward}"


_STREETS: Final = (
    "High Street",
    "Station Road",
    "Heol y Frenhines",
    "Stryd Fawr",
    "Sràid na h-Eaglaise",
    "Church Lane",
    "Queen's Drive",
    "Victoria Road",
    "Mill Lane",
    "Rue de la Paix",
    "Hauptstraße",
    "Calle Mayor",
    "Bóthar na Trá",
)
_TOWNS: Final = (
    "London",
    "Leeds",
    "Glasgow",
    "Caerdydd",
    "Belfast",
    "Inverness",
    "Llanfairpwllgwyngyll",
    "Stoke-on-Trent",
    "Douglas",
    "St Helier",
)
_FOREIGN: Final = (
    ("FR", "75008"),
    ("DE", "10115"),
    ("IE", "D02 X285"),
    ("US", "20500"),
    ("NL", "1012 JS"),
    ("ES", None),
)


@st.composite
def postal_addresses(draw: st.DrawFn) -> PostalAddress:
    """UK addresses with valid postcodes, and some from abroad."""
    house = draw(
        st.one_of(
            st.integers(1, 999).map(str), st.sampled_from(("Flat 2", "Ty Gwyn", "Rose Cottage"))
        )
    )
    street = draw(st.sampled_from(_STREETS))
    lines = [f"{house} {street}"]
    if draw(st.booleans()):
        lines.insert(0, draw(st.sampled_from(("Flat 3", "Unit 7", "The Old Rectory"))))
    town = draw(st.none() | st.sampled_from(_TOWNS))
    if draw(st.integers(0, 4)) == 0:
        country, postcode = draw(st.sampled_from(_FOREIGN))
    else:
        country, postcode = "GB", draw(st.none() | uk_postcodes())
    return PostalAddress.parse(lines, town=town, postcode=postcode, country=country)


# --- the parts of a record ---------------------------------------------------------------

_EPOCH: Final = datetime(2000, 1, 1, tzinfo=UTC)
_ZONES: Final = st.sampled_from((UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5))))


def times(
    min_value: datetime = _EPOCH, max_value: datetime = datetime(2040, 1, 1, tzinfo=UTC)
) -> st.SearchStrategy[datetime]:
    """Aware datetimes, to the second, in UTC and in fixed offsets."""
    return st.datetimes(
        min_value=min_value.replace(tzinfo=None),
        max_value=max_value.replace(tzinfo=None),
        timezones=_ZONES,
    ).map(lambda moment: moment.replace(microsecond=0))


def _after(start: datetime) -> st.SearchStrategy[datetime]:
    return st.integers(0, 10 * 365 * 86_400).map(lambda seconds: start + timedelta(seconds=seconds))


def identifiers(prefix: str = "C") -> st.SearchStrategy[str]:
    """Identifiers such as ``C-10293``."""
    return st.integers(0, 10**8).map(lambda n: f"{prefix}-{n}")


_TEXT: Final = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=80
).filter(str.strip)


def contact_points() -> st.SearchStrategy[ContactPoint]:
    """E-mail addresses and phone numbers, verified or not (none preferred)."""
    return st.builds(
        ContactPoint, value=st.one_of(emails(), phone_numbers()), verified=st.booleans()
    )


@st.composite
def accessibility_needs(draw: st.DrawFn) -> AccessibilityNeed:
    """Needs of every kind, with and without detail."""
    kind = draw(st.sampled_from(NeedKind))
    detail = draw(_TEXT if kind is NeedKind.OTHER else st.none() | _TEXT)
    return AccessibilityNeed(kind=kind, detail=detail)


@st.composite
def preferences(draw: st.DrawFn) -> CommunicationPreferences:
    """Channel preferences and refusals that do not contradict, with languages and objections."""
    channels = draw(st.lists(st.sampled_from(Channel), unique=True, max_size=4))
    refused = draw(st.frozensets(st.sampled_from([c for c in Channel if c not in channels])))
    return CommunicationPreferences(
        channels=tuple(channels),
        refused_channels=refused,
        language=draw(st.none() | st.sampled_from(("en", "en-GB", "cy", "gd", "pl", "pa-Guru-IN"))),
        objections=draw(st.frozensets(st.sampled_from(sorted(DATA_USES)), max_size=2)),
    )


@st.composite
def consents(draw: st.DrawFn) -> Consent:
    """Bases for processing, given and sometimes withdrawn."""
    given_at = draw(times())
    return Consent(
        purpose=draw(st.sampled_from(sorted(DATA_USES))),
        lawful_basis=draw(st.sampled_from(LawfulBasis)),
        given_at=given_at,
        evidence=draw(_TEXT),
        withdrawn_at=draw(st.none() | _after(given_at)),
    )


@st.composite
def interactions(draw: st.DrawFn, id: str | None = None) -> Interaction:
    """Records of service delivery of every kind, some closed."""
    at = draw(times())
    return Interaction(
        id=id or draw(identifiers("I")),
        at=at,
        channel=draw(st.sampled_from(Channel)),
        kind=draw(st.sampled_from(InteractionKind)),
        summary=draw(st.just("") | _TEXT),
        agent=draw(st.none() | identifiers("agent")),
        product=draw(st.none() | st.sampled_from(("broadband", "energy", "mobile plan"))),
        outcome=draw(st.none() | st.sampled_from(("resolved", "refund issued", "escalated"))),
        closed_at=draw(st.none() | _after(at)),
    )


@st.composite
def notes(draw: st.DrawFn, id: str | None = None) -> Note:
    """Colleagues' notes."""
    return Note(
        id=id or draw(identifiers("N")),
        at=draw(times()),
        author=draw(identifiers("agent")),
        text=draw(_TEXT),
    )


@st.composite
def legal_holds(draw: st.DrawFn, reference: str | None = None) -> LegalHold:
    """Legal holds, some lifted."""
    placed_at = draw(times())
    return LegalHold(
        reference=reference or draw(identifiers("HOLD")),
        reason=draw(_TEXT),
        placed_by=draw(identifiers("dpo")),
        placed_at=placed_at,
        lifted_at=draw(st.none() | _after(placed_at)),
    )


@st.composite
def provenances(draw: st.DrawFn, collected_at: datetime | None = None) -> Provenance:
    """Where information came from; confirmed by the customer or not."""
    collected = collected_at or draw(times())
    confirmed = draw(st.booleans())
    return Provenance(
        fields=draw(st.frozensets(st.sampled_from(sorted(RECORD_FIELDS)), min_size=1)),
        source=draw(st.sampled_from(Source)),
        collected_by=draw(identifiers("agent")),
        collected_at=collected,
        confirmed_at=draw(_after(collected)) if confirmed else None,
        confirmed_how=draw(st.sampled_from(ConfirmationMethod)) if confirmed else None,
        confirmed_by=draw(st.none() | identifiers("agent")) if confirmed else None,
    )


@st.composite
def special_category_conditions(draw: st.DrawFn) -> SpecialCategoryCondition:
    """Article 9 conditions, with a DPA 2018 Schedule 1 paragraph where one is needed."""
    condition = draw(st.sampled_from(Article9Condition))
    paragraph = {
        Article9Condition.EMPLOYMENT_SOCIAL_SECURITY: st.just(1),
        Article9Condition.HEALTH_OR_SOCIAL_CARE: st.just(2),
        Article9Condition.PUBLIC_HEALTH: st.just(3),
        Article9Condition.ARCHIVING_RESEARCH_STATISTICS: st.just(4),
        Article9Condition.SUBSTANTIAL_PUBLIC_INTEREST: st.integers(6, 28),
    }.get(condition, st.none())
    return SpecialCategoryCondition(
        fields=draw(st.frozensets(st.sampled_from(sorted(RECORD_FIELDS)), min_size=1)),
        condition=condition,
        recorded_at=draw(times()),
        evidence=draw(_TEXT),
        dpa_paragraph=draw(paragraph),
    )


@st.composite
def _contact_point_sets(
    draw: st.DrawFn, points: st.SearchStrategy[ContactPoint]
) -> tuple[ContactPoint, ...]:
    """Distinct contact points with at most one preferred of each kind."""
    drawn = draw(st.lists(points, max_size=4, unique_by=lambda p: p.value))
    preferred: set[type] = set()
    for index, point in enumerate(drawn):
        kind = type(point.value)
        if point.preferred and kind in preferred:
            drawn[index] = attrs.evolve(point, preferred=False)
        elif not point.preferred and kind not in preferred and draw(st.booleans()):
            drawn[index] = attrs.evolve(point, preferred=True)
        if drawn[index].preferred:
            preferred.add(kind)
    return tuple(drawn)


@st.composite
def customer_records(draw: st.DrawFn) -> CustomerRecord:
    """Whole records whose parts agree with each other.

    Contact points, interaction and note ids are unique; at most one point of each kind
    is preferred; the status matches ``closed_at``.
    """
    points = draw(_contact_point_sets(contact_points()))
    history = draw(st.lists(provenances(), min_size=1, max_size=3))
    created_at = min(p.collected_at for p in history)
    status = draw(st.sampled_from(RecordStatus))
    closed = status is RecordStatus.CLOSED or (
        status is RecordStatus.RESTRICTED and draw(st.booleans())
    )
    return CustomerRecord(
        id=draw(identifiers()),
        provenance=tuple(history),
        name=draw(st.none() | person_names()),
        contact_points=points,
        addresses=tuple(draw(st.lists(postal_addresses(), max_size=2, unique=True))),
        date_of_birth=draw(st.none() | st.dates(date(1910, 1, 1), date(2010, 12, 31))),
        accessibility_needs=tuple(draw(st.lists(accessibility_needs(), max_size=2))),
        special_category_conditions=tuple(
            draw(st.lists(special_category_conditions(), max_size=2, unique=True))
        ),
        preferences=draw(preferences()),
        consents=tuple(draw(st.lists(consents(), max_size=3))),
        interactions=tuple(draw(st.lists(interactions(), max_size=3, unique_by=lambda i: i.id))),
        notes=tuple(draw(st.lists(notes(), max_size=3, unique_by=lambda n: n.id))),
        status=status,
        closed_at=draw(_after(created_at)) if closed else None,
        legal_holds=tuple(
            draw(st.lists(legal_holds(), max_size=2, unique_by=lambda h: h.reference))
        ),
    )


# --- collecting --------------------------------------------------------------------------------


@st.composite
def confirmations(draw: st.DrawFn, after: datetime | None = None) -> Confirmation:
    """Confirmations by an agent, at ``after`` or later."""
    start = after or draw(times())
    return Confirmation(
        by=draw(identifiers("agent")),
        at=draw(_after(start)),
        how=draw(st.sampled_from(ConfirmationMethod)),
    )


@st.composite
def drafts(draw: st.DrawFn) -> Draft:
    """Drafts from every source, holding at least one field."""
    collected = draw(times())
    name = draw(st.none() | person_names())
    points = draw(_contact_point_sets(contact_points()))
    if name is None and not points:
        name = draw(person_names())
    return Draft(
        id=draw(identifiers()),
        source=draw(st.sampled_from(Source)),
        collected_by=draw(identifiers("agent")),
        collected_at=collected,
        name=name,
        contact_points=points,
        addresses=tuple(draw(st.lists(postal_addresses(), max_size=2, unique=True))),
        date_of_birth=draw(st.none() | st.dates(date(1910, 1, 1), date(2010, 12, 31))),
        accessibility_needs=tuple(draw(st.lists(accessibility_needs(), max_size=2))),
        special_category_conditions=tuple(
            draw(st.lists(special_category_conditions(), max_size=1))
        ),
        preferences=draw(preferences()),
        consents=tuple(draw(st.lists(consents(), max_size=2))),
        interactions=tuple(draw(st.lists(interactions(), max_size=2, unique_by=lambda i: i.id))),
    )


def _as_tuple(items: list[object]) -> tuple[object, ...]:
    return tuple(items)


def _new_values(field: str) -> st.SearchStrategy[object]:
    """Values a field may be changed to."""
    emails_only = contact_points().filter(lambda p: isinstance(p.value, EmailAddress))
    phones_only = contact_points().filter(lambda p: isinstance(p.value, PhoneNumber))
    tuples: dict[str, st.SearchStrategy[list[Any]]] = {
        "addresses": st.lists(postal_addresses(), max_size=2, unique=True),
        "accessibility_needs": st.lists(accessibility_needs(), max_size=2),
        "special_category_conditions": st.lists(
            special_category_conditions(), max_size=2, unique=True
        ),
        "consents": st.lists(consents(), max_size=2),
        "interactions": st.lists(interactions(), max_size=2, unique_by=lambda i: i.id),
        "notes": st.lists(notes(), max_size=2, unique_by=lambda n: n.id),
    }
    if field in tuples:
        return tuples[field].map(_as_tuple)
    others: dict[str, st.SearchStrategy[object]] = {
        "name": st.none() | person_names(),
        "email_addresses": _contact_point_sets(emails_only),
        "phone_numbers": _contact_point_sets(phones_only),
        "date_of_birth": st.none() | st.dates(date(1910, 1, 1), date(2010, 12, 31)),
        "preferences": preferences(),
    }
    return others[field]


@st.composite
def record_changes(draw: st.DrawFn, record: CustomerRecord) -> dict[str, object]:
    """Changes `update` accepts for ``record``: new values, and some it already holds."""
    fields = draw(st.lists(st.sampled_from(sorted(RECORD_FIELDS)), unique=True, max_size=4))
    return {
        field: getattr(record, field)
        if draw(st.booleans()) and draw(st.booleans())
        else draw(_new_values(field))
        for field in fields
    }


@st.composite
def change_sources(draw: st.DrawFn, after: datetime) -> ChangeSource:
    """Sources of a change made at ``after``, confirmed by the customer where they must be."""
    source = draw(st.sampled_from(Source))
    needs = source.is_customer or source is Source.COLLEAGUE
    return ChangeSource(
        source=source,
        by=draw(identifiers("agent")),
        reason=draw(st.sampled_from(ChangeReason)),
        confirmation=draw(confirmations(after)) if needs or draw(st.booleans()) else None,
    )


@st.composite
def updates(
    draw: st.DrawFn, record: CustomerRecord | None = None
) -> tuple[CustomerRecord, ChangeSet]:
    """An `update` of ``record`` (or of a drawn record): the new record and its change set.

    The change set may be empty, when every drawn value is one the record held.
    """
    record = draw(customer_records()) if record is None else record
    at = draw(_after(record.created_at))
    return update(record, draw(record_changes(record)), source=draw(change_sources(at)), at=at)


def change_sets() -> st.SearchStrategy[ChangeSet]:
    """Change sets of updates to drawn records, empty ones included."""
    return updates().map(lambda pair: pair[1])


# --- notes with sensitive data, and what a scanner must find in them ---------------------------


@final
@attrs.frozen
class Planted:
    """A span a note generator planted, and what a scanner must say about it.

    Attributes:
        category: the data category the span holds.
        start: the offset of its first character.
        end: the offset just after its last.
        action: what `scan_text` must do with it.
    """

    category: str
    start: int
    end: int
    action: FindingAction


@final
@attrs.frozen
class SampleNote:
    """A colleague's note as `write_note` wrote it, with what it planted in it.

    Attributes:
        text: the note.
        planted: the spans that hold something a record must not keep as it is,
            sorted by position. Everything else in the note is innocent, look-alikes
            included: order numbers, tracking codes, dates, amounts.
    """

    text: str = attrs.field(repr=lambda text: f"<{len(text)} chars>")
    planted: tuple[Planted, ...]


_CARD_CATEGORY: Final = "user.financial.credit_card"
# Card numbers by issuer: the prefix, the length, and how the digits are grouped.
_CARD_BRANDS: Final = (
    ("Visa", "4", 16, (4, 4, 4, 4)),
    ("Visa", "4", 19, (4, 4, 4, 4, 3)),
    ("Mastercard", "5", 16, (4, 4, 4, 4)),
    ("Mastercard", "2", 16, (4, 4, 4, 4)),
    ("Amex", "3", 15, (4, 6, 5)),
    ("Maestro", "6759", 18, (4, 4, 4, 4, 2)),
    ("Discover", "6011", 16, (4, 4, 4, 4)),
    ("JCB", "35", 16, (4, 4, 4, 4)),
)
_BRAND_PREFIXES: Final = {
    "5": ("51", "52", "53", "54", "55"),
    "2": ("2221", "2300", "2500", "2720"),
    "3": ("34", "37"),
    "35": ("3528", "3530", "3589"),
}


def _luhn_digit(partial: str) -> str:
    """The check digit that makes ``partial`` plus it pass the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(partial)):
        digit = int(char)
        if position % 2 == 0:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return str(-total % 10)


def _digits(rng: Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def _card_number(rng: Random, *, valid: bool = True) -> tuple[str, str]:
    """A card number as written, and its brand."""
    brand, prefix, length, grouping = rng.choice(_CARD_BRANDS)
    prefix = rng.choice(_BRAND_PREFIXES.get(prefix, (prefix,)))
    partial = prefix + _digits(rng, length - len(prefix) - 1)
    check = _luhn_digit(partial)
    if not valid:
        check = str((int(check) + rng.randint(1, 9)) % 10)
    digits = partial + check
    separator = rng.choice((" ", " ", "-", "", "\u00a0", "\u200b"))
    groups: list[str] = []
    for size in grouping:
        groups.append(digits[:size])
        digits = digits[size:]
    written = separator.join(groups)
    if rng.random() < 0.05:  # full-width digits, as pasted from some keyboards
        written = written.translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    return written, brand


def _expiry(rng: Random) -> str:
    return f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}"


def _nino(rng: Random) -> str:
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
        second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    digits = _digits(rng, 6)
    suffix = rng.choice("ABCD")
    if rng.random() < 0.5:
        return f"{first}{second} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{first}{second}{digits}{suffix}"


def _iban(rng: Random) -> str:
    bank = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
    basic = bank + _digits(rng, 14)
    numeric = "".join(str(int(char, 36)) for char in basic + "GB00")
    iban = f"GB{98 - int(numeric) % 97:02d}{basic}"
    if rng.random() < 0.7:
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


def _uk_mobile(rng: Random) -> str:
    while True:
        national = "7" + rng.choice("45789") + _digits(rng, 8)
        try:
            PhoneNumber.parse("0" + national)
        except InvalidValue:
            continue
        style = rng.choice(("0{0} {1}", "0{0}{1}", "+44 {0} {1}", "+44 (0){0} {1}", "0{0}-{1}"))
        return style.format(national[:4], national[4:])


def _uk_landline(rng: Random) -> str:
    while True:
        area, width = rng.choice((("20", 8), ("161", 7), ("113", 7), ("141", 7), ("1223", 6)))
        local = rng.choice("23456789") + _digits(rng, width - 1)
        try:
            PhoneNumber.parse(f"0{area}{local}")
        except InvalidValue:
            continue
        if area == "20":
            return f"020 {local[:4]} {local[4:]}"
        return f"0{area} {local[:3]} {local[3:]}"


_FIRST_NAMES: Final = ("jane", "sam", "priya", "tom", "aisha", "owen", "mei", "rhys", "zofia")
_LAST_NAMES: Final = ("doe", "patel", "jones", "okafor", "smith", "nowak", "evans", "chen")
_MAIL_DOMAINS: Final = ("gmail.com", "outlook.com", "btinternet.com", "example.co.uk", "icloud.com")


def _email(rng: Random) -> str:
    local = rng.choice(_FIRST_NAMES) + rng.choice((".", "_", "")) + rng.choice(_LAST_NAMES)
    if rng.random() < 0.3:
        local += str(rng.randint(1, 99))
    if rng.random() < 0.2:
        local = local.capitalize()
    return f"{local}@{rng.choice(_MAIL_DOMAINS)}"


# A sentence is a template whose {} holes are filled by pieces: (text, category, action).
_Piece = tuple[str, str, FindingAction]
_REJECT: Final = FindingAction.REJECT
_REDACT: Final = FindingAction.REDACT
_REVIEW: Final = FindingAction.REVIEW


def _card_sentence(rng: Random) -> tuple[str, list[_Piece]]:
    number, brand = _card_number(rng)
    card: _Piece = (number, _CARD_CATEGORY, _REJECT)
    expiry: _Piece = (_expiry(rng), f"{_CARD_CATEGORY}.expiry_date", _REJECT)
    code: _Piece = (
        _digits(rng, 4 if brand == "Amex" else 3),
        f"{_CARD_CATEGORY}.security_code",
        _REJECT,
    )
    return rng.choice(
        (
            (f"Customer paid by {brand} {{}}.", [card]),
            ("Card number {} given over the phone for the balance.", [card]),
            ("Took payment on card {} exp {}.", [card, expiry]),
            (f"{brand} {{}}, expiry {{}}, CVV {{}}.", [card, expiry, code]),
            ("Long number {} and the security code is {}.", [card, code]),
            ("She read out {} for the refund.", [card]),
        )
    )


def _sentence(  # noqa: PLR0911, PLR0912  # one branch per kind of sentence
    rng: Random, sensitive: float
) -> tuple[str, list[_Piece]]:
    if rng.random() >= sensitive:
        if rng.random() < 0.5:
            return rng.choice(_PLAIN), []
        return rng.choice(_INNOCENT)(rng), []
    kind = rng.randrange(16)
    if kind < 3:
        return _card_sentence(rng)
    if kind == 3:
        return "Card {} was declined twice, asked customer to check the number.", [
            (_card_number(rng, valid=False)[0], _CARD_CATEGORY, _REVIEW)
        ]
    if kind == 4:
        code = _digits(rng, 3)
        return rng.choice(
            (
                (
                    "The three digits on the back of the card are {}.",
                    [(code, f"{_CARD_CATEGORY}.security_code", _REJECT)],
                ),
                (
                    "cvv2: {} (card ending 4421).",
                    [(code, f"{_CARD_CATEGORY}.security_code", _REJECT)],
                ),
            )
        )
    if kind == 5:
        secret = rng.choice(("Tr0ub4dor&3", "hunter22", "Sunshine!1", "letmein99", "Rosebud1962"))
        template = rng.choice(
            (
                "Customer's password is {}, reset requested.",
                "Password: {}",
                "She said her memorable word is {}.",
                "telephone banking passcode {} confirmed.",
            )
        )
        if "passcode" in template:
            secret = _digits(rng, 6)
        return template, [(secret, "user.authorization.password", _REJECT)]
    if kind == 6:
        return rng.choice(("Her PIN is {}.", "PIN number {} given by mistake.")), [
            (_digits(rng, 4), f"{_CARD_CATEGORY}.pin", _REJECT)
        ]
    if kind == 7:
        return rng.choice(("NI number {} for the claim.", "National Insurance {} noted.")), [
            (_nino(rng), "user.government_id.national_identification_number", _REDACT)
        ]
    if kind == 8:
        code = f"{_digits(rng, 2)}-{_digits(rng, 2)}-{_digits(rng, 2)}"
        return "Refund to sort code {} account {}.", [
            (code, "user.financial.bank_account.sort_code", _REDACT),
            (_digits(rng, 8), "user.financial.bank_account.account_number", _REDACT),
        ]
    if kind == 9:
        return "Paying from IBAN {} next week.", [
            (_iban(rng), "user.financial.bank_account.iban", _REDACT)
        ]
    if kind == 10:
        return rng.choice(("New email {} confirmed.", "Send the form to {} please.")), [
            (_email(rng), "user.contact.email", _REDACT)
        ]
    if kind == 11:
        number = _uk_mobile(rng) if rng.random() < 0.6 else _uk_landline(rng)
        return rng.choice(("Call back on {} after 5pm.", "Daughter's number is {}.")), [
            (number, "user.contact.phone_number", _REDACT)
        ]
    phrase, category = rng.choice(_SPECIAL_PHRASES)
    template = rng.choice(
        ("Customer mentioned {}, so asked for more time.", "Note: {} - be patient on calls.")
    )
    return template, [(phrase, category, _REVIEW)]


_SPECIAL_PHRASES: Final = (
    ("she is pregnant", "user.health.reproductive_or_sexual"),
    ("he has dementia", "user.health.medical_diagnosis"),
    ("she was diagnosed with cancer", "user.health.medical_diagnosis"),
    ("he uses a wheelchair", "user.health.condition"),
    ("her depression", "user.health.social_psychological_behavioral"),
    ("he is in hospital", "user.health.treatment"),
    ("she is Muslim and fasting for Ramadan", "user.demographic.religious_belief"),
    ("he is a trade union rep", "user.demographic.union_membership"),
    ("his criminal record", "user.criminal_history"),
    ("her wife (same-sex partner)", "user.demographic.sexual_orientation"),
    ("he is a Labour Party councillor", "user.demographic.political_opinion"),
)


def _order_number(rng: Random) -> str:
    """A 12 to 16 digit order number that fails the Luhn check."""
    digits = _digits(rng, rng.randint(11, 15))
    return digits + str((int(_luhn_digit(digits)) + rng.randint(1, 9)) % 10)


def _date(rng: Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2027)
    return rng.choice(
        (f"{day:02d}/{month:02d}/{year}", f"{year}-{month:02d}-{day:02d}", f"{day} May {year}")
    )


_PLAIN: Final = (
    "Customer called to chase the delivery; explained the courier's delay and apologised.",
    "Went through the bill line by line and the customer now understands the standing charge.",
    "Customer unhappy with the engineer's visit and wants a call back from a manager.",
    "Updated the delivery instructions: leave with the neighbour if there is no answer.",
    "Sent the returns label by e-mail and explained how to book a collection.",
    "Customer asked why the direct debit went up; explained the annual price review.",
    "Transferred to the billing team after confirming the account holder's identity.",
    "Checked the order history; the replacement was sent out last week.",
    "Customer will think about the upgrade and ring back when ready.",
    "Logged a fault on the broadband line, the network team will update the customer.",
    "Customer prefers letters to e-mails and asked us to note it on the account.",
    "Apologised for the wait on hold and for having to repeat the details.",
)
_INNOCENT: Final[tuple[Callable[[Random], str], ...]] = (
    lambda rng: f"Order {_order_number(rng)} dispatched on {_date(rng)}.",
    lambda rng: f"Tracking number 1Z{_digits(rng, 3)}AA1{_digits(rng, 10)} passed to courier.",
    lambda rng: (
        f"Invoice INV-{rng.randint(2019, 2027)}-{_digits(rng, 6)} sent, "
        f"total £{rng.randint(1, 2000):,}.{_digits(rng, 2)}."
    ),
    lambda rng: f"Refund of £{rng.randint(5, 900)}.{_digits(rng, 2)} agreed on {_date(rng)}.",
    lambda rng: (
        f"Call logged at {rng.randint(1_600_000_000_000, 1_800_000_000_000)} "
        "by the card payments system."
    ),
    lambda rng: "Reminded customer we never ask for your PIN or password.",
    lambda rng: "Password reset link sent to the address on file.",
    lambda rng: f"Card ending {_digits(rng, 4)} was declined, customer will call the bank.",
    lambda rng: f"Engineer booked for {_date(rng)} between 8am and 1pm.",
    lambda rng: f"Meter reading {_digits(rng, 5)} taken, next bill due {_date(rng)}.",
    lambda rng: (
        f"Booking reference {rng.choice('ABCDEFGH')}{_digits(rng, 7)} "
        f"moved to {rng.randint(9, 17)}:{rng.choice(('00', '30'))}."
    ),
    lambda rng: "Customer happy with the outcome, no further action.",
    lambda rng: "Explained the cancellation policy and the 14-day cooling-off period.",
    lambda rng: f"Case ref {_order_number(rng)} escalated to the complaints team.",
    lambda rng: (
        f"Parcel weighed {rng.randint(1, 30)}kg, {rng.randint(1, 5)} items, "
        f"delivered to a neighbour at number {rng.randint(1, 120)}."
    ),
    lambda rng: "Asked for a paper copy of the contract by post.",
    lambda rng: "Customer asked us to stop calling at work.",
)


def write_note(rng: Random, *, sensitive: float = 0.45, sentences: int = 4) -> SampleNote:
    """A colleague's note of one to ``sentences`` sentences, some holding sensitive data.

    Randomness is injected: pass a seeded ``random.Random`` for a corpus that is the
    same on every run. Each sentence holds sensitive data with probability
    ``sensitive``. The others are innocent: half plain, half with look-alikes of
    sensitive data in them: order and case numbers that fail the Luhn check, tracking
    codes, invoice numbers, dates, amounts, millisecond timestamps, a card's last four
    digits, "we never ask for your PIN". The sensitive ones hold card numbers (every major
    issuer, grouped as people write them, some with non-breaking or zero-width spaces
    or full-width digits), expiry dates, security codes, passwords, PINs, National
    Insurance numbers, sort codes with account numbers, IBANs, e-mail addresses, UK
    phone numbers and special-category information.
    """
    parts: list[str] = []
    planted: list[Planted] = []
    length = 0
    for index in range(rng.randint(1, sentences)):
        template, pieces = _sentence(rng, sensitive)
        if index:
            parts.append(" ")
            length += 1
        chunks = template.split("{}")
        for chunk, (text, category, action) in zip(chunks, pieces, strict=False):
            parts.append(chunk)
            length += len(chunk)
            planted.append(Planted(category, length, length + len(text), action))
            parts.append(text)
            length += len(text)
        parts.append(chunks[-1])
        length += len(chunks[-1])
    return SampleNote(text="".join(parts), planted=tuple(planted))


def notes_with_findings() -> st.SearchStrategy[SampleNote]:
    """Notes from `write_note`, with the spans a scanner must find in them."""
    return st.randoms(use_true_random=False).map(write_note)


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    """Findings as `scan_text` makes them, from generated notes."""
    found = scan_text(draw(notes_with_findings()).text)
    if not found:
        reject()
    return draw(st.sampled_from(found))


@st.composite
def minimisation_reports(draw: st.DrawFn) -> MinimisationReport:
    """Reports of minimising generated records whose notes hold sensitive data."""
    record = draw(customer_records())
    samples = draw(st.lists(notes_with_findings(), min_size=1, max_size=3))
    extra = tuple(
        Note(id=f"S{index}", at=draw(times()), author="agent-1", text=sample.text)
        for index, sample in enumerate(samples)
    )
    return minimise(attrs.evolve(record, notes=record.notes + extra), Guidelines.uk_default())[1]


_NOW: Final = datetime(2030, 1, 1, tzinfo=UTC)


@st.composite
def anonymous_records(draw: st.DrawFn) -> AnonymousRecord:
    """Records anonymised with `anonymise`."""
    record = attrs.evolve(draw(customer_records()), legal_holds=())
    return anonymise(record, id=draw(identifiers("A")), at=_NOW)


@st.composite
def tombstones(draw: st.DrawFn) -> Tombstone:
    """Tombstones of whole and partial erasures, some fingerprinted."""
    record = attrs.evolve(draw(customer_records()), legal_holds=())
    parts = draw(
        st.sampled_from((frozenset({"record"}), frozenset({"notes"}), frozenset({"date_of_birth"})))
    )
    key = draw(st.none() | st.binary(min_size=16, max_size=32))
    return erase(
        record, at=_NOW, by="retention-job", reason="a rule", parts=parts, key=key
    ).tombstone


@st.composite
def retention_results(draw: st.DrawFn) -> RetentionDue:
    """What `retention_due` and `next_due` say about generated records."""
    record = draw(customer_records())
    today = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2045, 12, 31)))
    results = list(retention_due([record], Guidelines.uk_default(), today=today))
    upcoming = next_due(record, Guidelines.uk_default(), today=today)
    if upcoming is not None:
        results.append(upcoming)
    if not results:
        reject()
    return draw(st.sampled_from(results))


# --- exports ----------------------------------------------------------------------------------

EXPORT_HEADERS: Final = (
    "Contact ID",
    "Email",
    "Mobile Phone",
    "Date of Birth",
    "Notes",
    "Created Date",
    "Last Activity",
    "Closed Date",
    "Marketing Consent",
    "Email Opt Out",
)
_EXPORT_DATES: Final = st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 11, 30))


@st.composite
def export_rows(draw: st.DrawFn) -> dict[str, str]:
    """Rows of a CRM export under `EXPORT_HEADERS`, as a CSV reader gives them.

    E-mail addresses and phone numbers are valid or not, written in normal form or as
    people write them; notes hold what the scanner must find; dates are ISO or UK
    style, or unreadable; consent cells say yes, no, or neither. Any cell may be empty.
    """
    email = draw(emails())
    written_phone, _ = draw(written_uk_phone_numbers())
    cells = {
        "Contact ID": draw(st.sampled_from(("", "C1", "0035g00000AbC01"))),
        "Email": draw(
            st.sampled_from(
                ("", email.normalized, email.normalized.upper(), email.normalized + ".invalid@")
            )
        ),
        "Mobile Phone": draw(st.sampled_from(("", written_phone, "07700 900123"))),
        "Date of Birth": draw(st.sampled_from(("", "01/02/1970"))),
        "Notes": draw(notes_with_findings()).text,
        "Marketing Consent": draw(st.sampled_from(("", "yes", "no", "implied"))),
        "Email Opt Out": draw(st.sampled_from(("", "true", "false"))),
    }
    for header in ("Created Date", "Last Activity", "Closed Date"):
        day = draw(_EXPORT_DATES)
        cells[header] = draw(
            st.sampled_from(("", day.isoformat(), day.strftime("%d/%m/%Y"), "14/06/25"))
        )
    return cells


@st.composite
def row_audits(draw: st.DrawFn) -> RowAudit:
    """What `audit_rows` says of generated `export_rows`, under the UK default."""
    rows = draw(st.lists(export_rows(), min_size=1, max_size=3))
    columns = infer_columns(EXPORT_HEADERS, rows)
    today = date(2026, 11, 30)
    return draw(
        st.sampled_from(list(audit_rows(rows, columns, Guidelines.uk_default(), today=today)))
    )


# --- disclosure requests ---------------------------------------------------------------------

_REQUEST_PURPOSES: Final = (
    "essential.service",
    "essential.service.payment_processing",
    "essential.service.operations.support",
    "marketing.communications.email",
    "third_party_sharing",
    "third_party_sharing.legal_obligation",
)


def requesters() -> st.SearchStrategy[Requester]:
    """Every kind of requester, entitled or not.

    Customers at every verification level, representatives in and out of scope and
    term, colleagues in several roles, authorities with and without a cited law,
    organisations with and without an agreement.
    """
    return st.one_of(
        st.builds(Customer, verified=st.sampled_from(IdentityLevel)),
        st.builds(
            Representative,
            id=identifiers("REP"),
            authority=st.sampled_from(AuthorityKind),
            scope=st.sets(st.sampled_from(_REQUEST_PURPOSES[:3]), min_size=1).map(frozenset),
            verified=st.sampled_from(IdentityLevel),
            expires=st.none() | st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 1, 1)),
        ),
        st.builds(
            Colleague,
            id=identifiers("S"),
            role=st.sampled_from(["billing", "service", "complaints", "marketing"]),
            team=st.sampled_from(["accounts", "care", "growth"]),
            case=st.none() | identifiers("CASE"),
        ),
        st.builds(
            Authority,
            name=st.just("West Yorkshire Police"),
            legal_basis=st.sampled_from(["", "DPA 2018 Schedule 2 paragraph 2", "court order"]),
            reference=identifiers("REF"),
        ),
        st.builds(
            Organisation,
            name=st.just("Debt Recovery Ltd"),
            agreement=st.none() | identifiers("DSA"),
        ),
    )


@st.composite
def disclosure_requests(draw: st.DrawFn, subject_id: str | None = None) -> DisclosureRequest:
    """Requests from every kind of requester, for one to five fields, by any channel."""
    return DisclosureRequest(
        id=draw(identifiers("R")),
        requester=draw(requesters()),
        subject_id=subject_id or draw(identifiers("C")),
        purpose=draw(st.sampled_from(_REQUEST_PURPOSES)),
        fields=frozenset(
            draw(st.sets(st.sampled_from(sorted(RECORD_FIELDS)), min_size=1, max_size=5))
        ),
        channel=draw(st.sampled_from(Channel)),
        received_at=draw(times()),
    )


@st.composite
def decisions(draw: st.DrawFn) -> Decision:
    """Decisions the UK default rules make on generated requests and records."""
    record = draw(customer_records())
    request = draw(disclosure_requests(subject_id=record.id))
    return authorise(request, record, Guidelines.uk_default(), now=request.received_at)


@st.composite
def audit_events(draw: st.DrawFn) -> AuditEvent:
    """Audit events of generated decisions."""
    record = draw(customer_records())
    request = draw(disclosure_requests(subject_id=record.id))
    return audit_decision(
        request, authorise(request, record, Guidelines.uk_default(), now=request.received_at)
    )


# --- messages and supplies -------------------------------------------------------------------

messages: Final = st.builds(
    Message,
    topic=st.sampled_from(["your bill", "a supply outage", "your complaint", "an offer"]),
    purpose=st.sampled_from(
        [
            "essential.service",
            "essential.service.payment_processing",
            "essential.service.operations.support",
            "marketing.communications.email",
        ]
    ),
    sensitivity=st.sampled_from(Sensitivity),
    urgent=st.booleans(),
    must_send=st.booleans(),
    needs_record=st.booleans(),
    needs_signature=st.booleans(),
    visual=st.booleans(),
    needs_understanding=st.booleans(),
)
"""Messages of every sensitivity, urgent or not, written, signed, shown."""


@st.composite
def channel_choices(draw: st.DrawFn) -> ChannelChoice:
    """Channel choices the UK default rules make for generated messages and records."""
    return choose_channel(
        draw(messages), draw(customer_records()), Guidelines.uk_default(), now=draw(times())
    )


@st.composite
def supply_records(draw: st.DrawFn) -> SupplyRecord:
    """Supplies planned for generated choices, moved along some of their lifecycle."""
    message = draw(messages)
    choice = choose_channel(message, draw(customer_records()), Guidelines.uk_default(), now=_NOW)
    if choice.channel is None:
        reject()
    supply = plan_supply(message, choice, id=draw(identifiers("S")), record_id="C1", at=_NOW)
    for step, move in enumerate(
        draw(st.lists(st.sampled_from(["send", "deliver", "ack"]), max_size=3))
    ):
        at = _NOW + timedelta(hours=step + 1)
        try:
            supply = {"send": send, "deliver": deliver, "ack": acknowledge}[move](supply, at=at)
        except UsageError:
            break
    return supply


# --- rights requests ---------------------------------------------------------------------------


@st.composite
def subject_requests(draw: st.DrawFn) -> SubjectRequest:
    """Rights requests and complaints, with events in order after their receipt."""
    received = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    request = SubjectRequest(
        id=draw(identifiers("Q")),
        subject_id=draw(identifiers("C")),
        right=draw(st.sampled_from(RightKind)),
        received_on=received,
        about_marketing=draw(st.booleans()),
    )
    day = received
    for kind in draw(st.lists(st.sampled_from(RequestEventKind), max_size=4)):
        day += timedelta(days=draw(st.integers(0, 20)))
        request = request.record(kind, day)
    return request


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

    def test_behaves_like_a_dict(self) -> None:
        """Any sequence of calls gives what a plain dictionary would."""
        contract = self

        class Machine(_RepositoryMachine):
            def __init__(self) -> None:
                super().__init__(contract.make_repository())

            def teardown(self) -> None:
                contract.close_repository(self.repository)

        run_state_machine_as_test(Machine, settings=settings(stateful_step_count=15))


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
