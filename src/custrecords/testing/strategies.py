"""Hypothesis strategies for custrecords' types: values, records, requests and results."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Final

import attrs
import phonenumbers
from hypothesis import reject
from hypothesis import strategies as st

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
from custrecords.errors import InvalidValue, UsageError
from custrecords.export_audit import RowAudit, audit_rows
from custrecords.exports import infer_columns
from custrecords.guidelines import Guidelines, Sensitivity
from custrecords.minimising import MinimisationReport, minimise
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
from custrecords.scanning import Finding, scan_text
from custrecords.taxonomy import (
    DATA_USES,
    RECORD_FIELDS,
    Channel,
    IdentityLevel,
    InteractionKind,
    LawfulBasis,
)
from custrecords.testing.notes import notes_with_findings
from custrecords.values import EmailAddress, PersonName, PhoneNumber, PostalAddress

__all__ = [
    "EXPORT_HEADERS",
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
    record = _anonymisable(draw(customer_records()))
    return anonymise(record, id=draw(identifiers("A")), at=_NOW)


def _anonymisable(record: CustomerRecord) -> CustomerRecord:
    """``record`` without what keeps it from anonymising: a legal hold, an open case."""
    return attrs.evolve(
        record,
        legal_holds=(),
        interactions=tuple(i for i in record.interactions if not i.is_open_case_at(_NOW)),
    )


@st.composite
def tombstones(draw: st.DrawFn) -> Tombstone:
    """Tombstones of whole and partial erasures, some fingerprinted."""
    record = draw(customer_records())
    # What the law still needs is never erased: no legal hold, no open complaint or dispute.
    open_cases = [i for i in record.interactions if i.is_open_case_at(_NOW)]
    record = attrs.evolve(
        record,
        legal_holds=(),
        interactions=tuple(i for i in record.interactions if i not in open_cases),
    )
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
