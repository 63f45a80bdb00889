"""Authorised requests: who may be given what, and the view they are given.

The standard asks for prompt answers to *authorised* requests: those who need it get
the relevant information and nothing more, and confidentiality is kept by law and by
the organisation's guidelines (UK GDPR Article 5(1)(f)). `authorise` makes the
decision, naming the rule behind every reason; `disclose` builds the view the decision
allows, masked where the rule says so.

Deny by default: a request no rule grants is refused. A refusal to someone who is not
entitled is the same whether or not the customer exists.

>>> from datetime import UTC, datetime
>>> from custrecords import Channel, Guidelines, IdentityLevel, PersonName
>>> request = DisclosureRequest(
...     id="R1", requester=Customer(verified=IdentityLevel.NONE), subject_id="C1",
...     purpose="essential.service", fields=frozenset({"addresses"}), channel=Channel.PHONE,
...     received_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
>>> decision = authorise(request, None, Guidelines.uk_default(), now=request.received_at)
>>> decision.outcome.value, [reason.code for reason in decision.reasons]
('deny', ['unverified'])
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar, Final, final

import attrs

from custrecords._checks import (
    check_choice,
    check_id,
    check_text,
    check_time,
    check_type,
    uk_day,
)
from custrecords._masking import mask_email, mask_initials, mask_phone
from custrecords.audit import AuditAction, AuditEvent
from custrecords.errors import InvalidValue
from custrecords.guidelines import DisclosureRule, Guidelines, KeepRule, RequesterKind
from custrecords.records import CustomerRecord, RecordStatus
from custrecords.scanning import FindingAction, redact, scan_text
from custrecords.taxonomy import RECORD_FIELDS, Channel, IdentityLevel, check_data_use, covers
from custrecords.values import EmailAddress, PhoneNumber

__all__ = [
    "Authority",
    "AuthorityKind",
    "Colleague",
    "Customer",
    "Decision",
    "DecisionOutcome",
    "DisclosedField",
    "Disclosure",
    "DisclosureRequest",
    "Organisation",
    "Reason",
    "Representative",
    "Requester",
    "audit_decision",
    "audit_disclosure",
    "authorise",
    "disclose",
]


# --- requesters --------------------------------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class Customer:
    """The customer themself.

    Attributes:
        verified: how far their identity has been checked on this contact.
    """

    verified: IdentityLevel

    kind: ClassVar[RequesterKind] = RequesterKind.CUSTOMER

    def __attrs_post_init__(self) -> None:
        check_choice(self.verified, IdentityLevel, "customer.verified")


class AuthorityKind(StrEnum):
    """What gives a representative their authority to act for the customer.

    Each kind covers what the law that creates it covers, whatever purposes the
    organisation writes into a representative's ``scope``:

    - property and financial affairs only: a lasting power of attorney for property
      and financial affairs (Mental Capacity Act 2005 s9(1)(b)), an enduring power of
      attorney (MCA 2005 Schedule 4), an ordinary power of attorney (Powers of
      Attorney Act 1971 s10), a property and affairs deputy (MCA 2005 ss16(2)(b) and
      18), a third-party mandate on an account, and a continuing power of attorney in
      Scotland (Adults with Incapacity (Scotland) Act 2000 s15). None of them reaches
      health and welfare information.
    - health and welfare only: a lasting power of attorney for health and welfare
      (MCA 2005 ss9(1)(a) and 11), a personal welfare deputy (MCA 2005 ss16(2)(b) and
      17), and a welfare power of attorney in Scotland (AWI(S)A 2000 s16). None of
      them reaches the customer's finances.
    - both: a combined continuing and welfare power of attorney (AWI(S)A 2000 ss15
      and 16, granted in one document), the customer's own written authority (it
      covers what it names), and a parent of a child customer.

    `POWER_OF_ATTORNEY` and `DEPUTYSHIP` say that there is a power or an order but not
    which kind: they reach neither finances nor health and welfare information, only
    what every kind reaches (the customer's name, addresses and preferences). Record
    the kind the document or the Office of the Public Guardian's register shows.
    """

    LPA_PROPERTY_AND_FINANCIAL_AFFAIRS = "lpa_property_and_financial_affairs"
    """A registered lasting power of attorney for property and financial affairs
    (MCA 2005 s9(1)(b))."""
    LPA_HEALTH_AND_WELFARE = "lpa_health_and_welfare"
    """A registered lasting power of attorney for health and welfare (MCA 2005 ss9(1)(a), 11)."""
    ENDURING_POWER_OF_ATTORNEY = "enduring_power_of_attorney"
    """An enduring power of attorney made before October 2007: property and affairs only
    (MCA 2005 Schedule 4)."""
    ORDINARY_POWER_OF_ATTORNEY = "ordinary_power_of_attorney"
    """An ordinary (general) power of attorney: property and financial affairs only, and
    only while the customer has capacity (Powers of Attorney Act 1971 s10)."""
    PROPERTY_AND_AFFAIRS_DEPUTY = "property_and_affairs_deputy"
    """A Court of Protection deputy for property and affairs (MCA 2005 ss16(2)(b), 18)."""
    PERSONAL_WELFARE_DEPUTY = "personal_welfare_deputy"
    """A Court of Protection deputy for personal welfare (MCA 2005 ss16(2)(b), 17)."""
    THIRD_PARTY_MANDATE = "third_party_mandate"
    """The customer's mandate for someone to operate their account: its finances only."""
    CONTINUING_POWER_OF_ATTORNEY = "continuing_power_of_attorney"
    """A continuing power of attorney in Scotland: property and financial affairs
    (Adults with Incapacity (Scotland) Act 2000 s15)."""
    WELFARE_POWER_OF_ATTORNEY = "welfare_power_of_attorney"
    """A welfare power of attorney in Scotland: personal welfare (AWI(S)A 2000 s16)."""
    CONTINUING_AND_WELFARE_POWER_OF_ATTORNEY = "continuing_and_welfare_power_of_attorney"
    """A continuing and a welfare power of attorney granted together (AWI(S)A 2000 ss15, 16)."""
    POWER_OF_ATTORNEY = "power_of_attorney"
    """A power of attorney whose kind is not recorded: neither finances nor health and
    welfare information."""
    DEPUTYSHIP = "deputyship"
    """A Court of Protection deputyship order whose kind is not recorded: neither
    finances nor health and welfare information."""
    WRITTEN_AUTHORITY = "written_authority"
    """The customer's own written authority for someone to act for them."""
    PARENT = "parent"
    """A parent or guardian of a child customer."""

    @property
    def covers_finances(self) -> bool:
        """Whether this kind of authority reaches the customer's financial affairs."""
        return self in _FINANCIAL_AUTHORITIES

    @property
    def covers_welfare(self) -> bool:
        """Whether this kind of authority reaches health and welfare information."""
        return self in _WELFARE_AUTHORITIES


_FINANCIAL_AUTHORITIES: Final = frozenset(
    {
        AuthorityKind.LPA_PROPERTY_AND_FINANCIAL_AFFAIRS,
        AuthorityKind.ENDURING_POWER_OF_ATTORNEY,
        AuthorityKind.ORDINARY_POWER_OF_ATTORNEY,
        AuthorityKind.PROPERTY_AND_AFFAIRS_DEPUTY,
        AuthorityKind.THIRD_PARTY_MANDATE,
        AuthorityKind.CONTINUING_POWER_OF_ATTORNEY,
        AuthorityKind.CONTINUING_AND_WELFARE_POWER_OF_ATTORNEY,
        AuthorityKind.WRITTEN_AUTHORITY,
        AuthorityKind.PARENT,
    }
)
_WELFARE_AUTHORITIES: Final = frozenset(
    {
        AuthorityKind.LPA_HEALTH_AND_WELFARE,
        AuthorityKind.PERSONAL_WELFARE_DEPUTY,
        AuthorityKind.WELFARE_POWER_OF_ATTORNEY,
        AuthorityKind.CONTINUING_AND_WELFARE_POWER_OF_ATTORNEY,
        AuthorityKind.WRITTEN_AUTHORITY,
        AuthorityKind.PARENT,
    }
)

# The special categories of personal data (UK GDPR Article 9(1)) and criminal offence
# data (Article 10), as taxonomy keys and their refinements.
_SPECIAL_CATEGORIES: Final = (
    "user.health",
    "user.health_and_medical",
    "user.biometrics",
    "user.authorization.biometrics",
    "user.demographic.race_ethnicity",
    "user.demographic.religious_belief",
    "user.demographic.philosophical_belief",
    "user.demographic.political_opinion",
    "user.demographic.union_membership",
    "user.demographic.sexual_orientation",
    "user.criminal_history",
)
# The customer's finances: financial data, and their orders and payments.
_FINANCIAL_CATEGORIES: Final = ("user.financial", "user.behavior.purchase_history")
_FINANCIAL_PURPOSES: Final = ("essential.service.payment_processing",)


def _is_special(category: str) -> bool:
    return any(covers(special, category) for special in _SPECIAL_CATEGORIES)


@final
@attrs.frozen(kw_only=True)
class Representative:
    """Someone with authority to act for the customer.

    Attributes:
        id: who they are, as the organisation records them.
        authority: what their authority rests on; its kind bounds what they can be
            given, whatever ``scope`` names (`AuthorityKind`).
        scope: the purposes the organisation accepts their authority for (a power of
            attorney for property and financial affairs for
            ``essential.service.payment_processing``). It narrows what the kind of
            authority covers, and never widens it.
        expires: the last day the authority holds, if it ends.
        verified: how far their identity has been checked.
    """

    id: str
    authority: AuthorityKind
    scope: frozenset[str]
    verified: IdentityLevel
    expires: date | None = None

    kind: ClassVar[RequesterKind] = RequesterKind.REPRESENTATIVE

    def __attrs_post_init__(self) -> None:
        check_id(self.id, "representative.id")
        check_choice(self.authority, AuthorityKind, "representative.authority")
        check_choice(self.verified, IdentityLevel, "representative.verified")
        if not isinstance(self.scope, frozenset) or not self.scope:
            raise InvalidValue("empty", "representative.scope", "must name at least one purpose")
        for purpose in self.scope:
            check_data_use(purpose, "representative.scope")
        if self.expires is not None and (
            not isinstance(self.expires, date) or isinstance(self.expires, datetime)
        ):
            raise InvalidValue("wrong_type", "representative.expires", "must be a date")


@final
@attrs.frozen(kw_only=True)
class Colleague:
    """A colleague inside the organisation.

    Attributes:
        id: their staff identifier.
        role: their role (``billing``, ``service``, ``complaints``).
        team: their team.
        case: the case they are working on, if any.
    """

    id: str
    role: str
    team: str
    case: str | None = None

    kind: ClassVar[RequesterKind] = RequesterKind.COLLEAGUE

    def __attrs_post_init__(self) -> None:
        check_id(self.id, "colleague.id")
        check_id(self.role, "colleague.role")
        check_id(self.team, "colleague.team")
        if self.case is not None:
            check_id(self.case, "colleague.case")


@final
@attrs.frozen(kw_only=True)
class Authority:
    """The police, a regulator, a court or another public authority.

    Attributes:
        name: who they are.
        legal_basis: the law they cite (``DPA 2018 Schedule 2 paragraph 2``, a court
            order's reference). Without one, nothing is disclosed.
        reference: their reference for the request.
    """

    name: str
    legal_basis: str
    reference: str

    kind: ClassVar[RequesterKind] = RequesterKind.AUTHORITY

    def __attrs_post_init__(self) -> None:
        check_text(self.name, "authority.name")
        check_text(self.legal_basis, "authority.legal_basis", allow_empty=True)
        check_text(self.reference, "authority.reference")


@final
@attrs.frozen(kw_only=True)
class Organisation:
    """Another organisation.

    Attributes:
        name: who they are.
        agreement: the data-sharing agreement the request rests on, if any.
    """

    name: str
    agreement: str | None = None

    kind: ClassVar[RequesterKind] = RequesterKind.ORGANISATION

    def __attrs_post_init__(self) -> None:
        check_text(self.name, "organisation.name")
        if self.agreement is not None:
            check_text(self.agreement, "organisation.agreement")


Requester = Customer | Representative | Colleague | Authority | Organisation
_REQUESTERS: Final = (Customer, Representative, Colleague, Authority, Organisation)


@final
@attrs.frozen(kw_only=True)
class DisclosureRequest:
    """A request for some of a customer's information.

    Attributes:
        id: the request's identifier, named in the decision and the audit trail.
        requester: who is asking.
        subject_id: the record asked about.
        purpose: what the information is for (a declared purpose).
        fields: the fields asked for.
        channel: how the information would be given.
        received_at: when the request arrived.
    """

    id: str
    requester: Requester
    subject_id: str
    purpose: str
    fields: frozenset[str]
    channel: Channel
    received_at: datetime

    def __attrs_post_init__(self) -> None:
        check_id(self.id, "request.id")
        if not isinstance(self.requester, _REQUESTERS):
            raise InvalidValue("wrong_type", "request.requester", "must be a requester")
        check_id(self.subject_id, "request.subject_id")
        check_data_use(self.purpose, "request.purpose")
        if not isinstance(self.fields, frozenset) or not self.fields:
            raise InvalidValue("empty", "request.fields", "must name at least one field")
        if not self.fields <= RECORD_FIELDS:
            raise InvalidValue(
                "unknown_field", "request.fields", "names a field records do not hold"
            )
        check_choice(self.channel, Channel, "request.channel")
        check_time(self.received_at, "request.received_at")


# --- decisions ---------------------------------------------------------------------------------


class DecisionOutcome(StrEnum):
    """What was decided about a request."""

    ALLOW = "allow"
    DENY = "deny"
    REFER = "refer"
    """Beyond the requester's authority, or the rules': someone who can agree decides."""


@final
@attrs.frozen(kw_only=True)
class Reason:
    """One reason for a decision.

    Attributes:
        code: a stable machine code (``granted``, ``unverified``, ``no_rule``...).
        rule: the rule that fired: a disclosure rule's ``disclosure.<id>``, or the
            library's own safeguard (``safeguard.identity``).
        message: why, in plain English. It names fields, never their values.
    """

    code: str
    rule: str
    message: str


@final
@attrs.frozen(kw_only=True)
class Decision:
    """The answer to a disclosure request.

    Attributes:
        request_id: the request decided.
        subject_id: the record it was about.
        outcome: allow, deny or refer.
        fields: the fields granted; empty unless allowed.
        masked: the granted fields given only in masked form.
        reasons: why, each naming its rule.
        refer_to: for a referral, the role that must agree (``dpo``).
        decided_at: when.
        special_categories: the special categories of data (UK GDPR Articles 9 and
            10, as taxonomy keys such as ``user.health``) the decision lets out: those
            a granting rule names by granting a field of that category, and the
            requester's authority reaches. Special-category words in free text of any
            other category are redacted by `disclose`.
    """

    request_id: str
    subject_id: str
    outcome: DecisionOutcome
    fields: frozenset[str]
    masked: frozenset[str]
    reasons: tuple[Reason, ...]
    refer_to: str | None
    decided_at: datetime
    special_categories: frozenset[str] = frozenset()


_SAFEGUARD_MESSAGES: Final = {
    "unverified": "the requester's identity has not been checked: no personal data is given",
    "no_rule": "no rule allows this requester these fields for this purpose by this channel",
    "authority_expired": "the representative's authority has ended",
    "outside_authority": "the purpose is outside the representative's authority",
    "outside_authority_kind": "the representative's kind of authority does not reach what "
    "was asked for (Mental Capacity Act 2005 ss9-11, 16; Adults with Incapacity (Scotland) "
    "Act 2000 ss15-16)",
    "no_legal_basis": "the authority cited no law for the request",
    "no_agreement": "there is no data-sharing agreement with the organisation",
    "not_found": "there is no such customer",
    "restricted": "processing of the record is restricted (UK GDPR Article 18): the data "
    "protection officer decides",
}


def _refusal(request: DisclosureRequest, code: str, rule: str, now: datetime) -> Decision:
    return Decision(
        request_id=request.id,
        subject_id=request.subject_id,
        outcome=DecisionOutcome.DENY,
        fields=frozenset(),
        masked=frozenset(),
        reasons=(Reason(code=code, rule=rule, message=_SAFEGUARD_MESSAGES[code]),),
        refer_to=None,
        decided_at=now,
    )


def _safeguard(  # noqa: PLR0911 - one return per safeguard
    request: DisclosureRequest, now: datetime
) -> tuple[str, str] | None:
    """The library's own refusals, before any rule: (code, rule) if one applies."""
    requester = request.requester
    if isinstance(requester, Customer | Representative) and (
        requester.verified is IdentityLevel.NONE
    ):
        return "unverified", "safeguard.identity"
    if isinstance(requester, Representative):
        # The authority's last day is a UK day (Interpretation Act 1978 s9, Summer Time
        # Act 1972): one that ended on 1 July has ended at 00:30 BST on 2 July.
        if requester.expires is not None and requester.expires < uk_day(now):
            return "authority_expired", "safeguard.authority"
        if not any(covers(scope, request.purpose) for scope in requester.scope):
            return "outside_authority", "safeguard.authority"
        if not requester.authority.covers_finances and any(
            covers(purpose, request.purpose) for purpose in _FINANCIAL_PURPOSES
        ):
            # A health and welfare attorney has no say in payments, whatever the scope.
            return "outside_authority_kind", "safeguard.authority_kind"
    if isinstance(requester, Authority) and not requester.legal_basis.strip():
        return "no_legal_basis", "safeguard.legal_basis"
    if isinstance(requester, Organisation) and requester.agreement is None:
        return "no_agreement", "safeguard.agreement"
    return None


def _field_categories(guidelines: Guidelines, field: str) -> tuple[str, bool]:
    """A field's category in the catalogue, and whether it is special-category data."""
    rule = guidelines.field(field)
    if rule is None:
        return "user", False
    special = rule.keep is KeepRule.NEEDS_CONDITION or _is_special(rule.category)
    return rule.category, special


def _beyond_authority(requester: Requester, guidelines: Guidelines) -> frozenset[str]:
    """The record fields a representative's kind of authority does not reach.

    A property and financial affairs attorney, deputy or mandate holder reaches no
    special-category field (MCA 2005 s9(1)(b), s18; AWI(S)A 2000 s15); a health and
    welfare one no financial field (MCA 2005 s9(1)(a), s11, s17; AWI(S)A 2000 s16).
    """
    if not isinstance(requester, Representative):
        return frozenset()
    kind = requester.authority
    beyond = set()
    for field in RECORD_FIELDS:
        category, special = _field_categories(guidelines, field)
        financial = any(covers(key, category) for key in _FINANCIAL_CATEGORIES)
        if (special and not kind.covers_welfare) or (financial and not kind.covers_finances):
            beyond.add(field)
    return frozenset(beyond)


def _named_special(
    rules: list[DisclosureRule], guidelines: Guidelines, beyond: frozenset[str]
) -> frozenset[str]:
    """The special categories the rules name, by granting a field of that category.

    Only the fields the requester's kind of authority reaches count (``beyond`` is
    what it does not): the kind narrows what a rule names, never widens it.
    """
    named = set()
    for rule in rules:
        for field in rule.fields - beyond:
            category, special = _field_categories(guidelines, field)
            if special:
                named.add(category)
    return frozenset(named)


def _matches(rule: DisclosureRule, request: DisclosureRequest) -> bool:
    requester = request.requester
    if rule.requester is not requester.kind or request.channel not in rule.channels:
        return False
    if not any(covers(purpose, request.purpose) for purpose in rule.purposes):
        return False
    if isinstance(requester, Customer | Representative):
        return requester.verified.at_least(rule.verification)
    if isinstance(requester, Colleague):
        return not rule.roles or requester.role in rule.roles
    return True


def authorise(
    request: DisclosureRequest,
    record: CustomerRecord | None,
    guidelines: Guidelines,
    *,
    now: datetime,
) -> Decision:
    """Decide a disclosure request by the guidelines' rules.

    In order:

    1. The library's safeguards: a customer or representative whose identity has
       not been checked gets nothing; a representative's authority must not have
       ended and must cover the purpose; an authority must cite a law; another
       organisation needs a data-sharing agreement.
    2. A representative gets only what their kind of authority reaches, whatever
       its scope names (`AuthorityKind`): no special-category field for a property
       and financial affairs attorney or deputy (Mental Capacity Act 2005 ss9(1)(b),
       16, 18; Adults with Incapacity (Scotland) Act 2000 s15), no payment purpose
       and no financial field for a health and welfare one (MCA 2005 ss9(1)(a), 11,
       17; AWI(S)A 2000 s16). Such fields are refused with ``outside_authority_kind``.
    3. The rules for this kind of requester, purpose and channel (and the
       requester's verification level, or a colleague's role). Fields they grant
       are allowed, and only those asked for; a matching rule with ``refer_to``
       refers the request to that role. No matching rule: denied. Special-category
       data goes out only under a rule that names it (UK GDPR Article 9(1)): the
       decision's ``special_categories`` are those the rules that decide its granted
       fields (the rules its reasons name) grant a field of, within what the kind of
       authority reaches. A wider rule that also matches but decides none of the
       fields names nothing.
    4. Only an entitled requester learns whether the customer exists (``record``
       is ``None`` when the host found none), and a request on a restricted record
       is referred to the data protection officer.

    Returns:
        The `Decision`. It never grants a field that was not asked for.

    Raises:
        InvalidValue: ``wrong_type`` for arguments of the wrong type, or a record
            that is not the one the request names (``wrong_record``).
    """
    check_type(request, DisclosureRequest, "request")
    if record is not None and not isinstance(record, CustomerRecord):
        raise InvalidValue("wrong_type", "record", "must be a CustomerRecord or None")
    check_type(guidelines, Guidelines, "guidelines")
    check_time(now, "now")
    if record is not None and record.id != request.subject_id:
        raise InvalidValue("wrong_record", "record", "is not the record the request names")
    refused = _safeguard(request, now)
    if refused is not None:
        return _refusal(request, *refused, now)
    beyond = _beyond_authority(request.requester, guidelines)
    asked = request.fields - beyond
    rules = [rule for rule in guidelines.disclosure if _matches(rule, request)]
    referring = [rule for rule in rules if rule.refer_to is not None and rule.fields & asked]
    granting = [rule for rule in rules if rule.refer_to is None]
    granted = frozenset().union(*(rule.fields for rule in granting)) & asked
    if not granted and not referring:
        if request.fields & beyond:
            return _refusal(request, "outside_authority_kind", "safeguard.authority_kind", now)
        return _refusal(request, "no_rule", "safeguard.deny_by_default", now)
    if record is None:
        return _refusal(request, "not_found", "safeguard.subject", now)
    if referring or record.status is RecordStatus.RESTRICTED:
        return _referral(request, referring, now)
    return _grant(request, granting, granted, beyond, guidelines, now=now)


def _referral(
    request: DisclosureRequest, referring: list[DisclosureRule], now: datetime
) -> Decision:
    if referring:
        reasons = tuple(
            Reason(code="refer", rule=f"disclosure.{rule.id}", message=rule.reason)
            for rule in referring
        )
        refer_to = referring[0].refer_to
    else:
        reasons = (
            Reason(
                code="restricted",
                rule="safeguard.restriction",
                message=_SAFEGUARD_MESSAGES["restricted"],
            ),
        )
        refer_to = "dpo"
    return Decision(
        request_id=request.id,
        subject_id=request.subject_id,
        outcome=DecisionOutcome.REFER,
        fields=frozenset(),
        masked=frozenset(),
        reasons=reasons,
        refer_to=refer_to,
        decided_at=now,
    )


def _narrowness(rule: DisclosureRule, purpose: str) -> int:
    """How narrow the rule's narrowest purpose covering the requested one is."""
    return max(p.count(".") for p in rule.purposes if covers(p, purpose))


def _grant(
    request: DisclosureRequest,
    granting: list[DisclosureRule],
    granted: frozenset[str],
    beyond: frozenset[str],
    guidelines: Guidelines,
    *,
    now: datetime,
) -> Decision:
    reasons: list[Reason] = []
    masked: set[str] = set()
    deciding: list[DisclosureRule] = []
    for field in sorted(granted):
        # The least-masking rule that grants the field decides how it is given; of
        # those, the one for the narrowest purpose covering the request's, whatever
        # the rules' order (a payments rule before a general service one).
        givers = [rule for rule in granting if field in rule.fields]
        plain = [rule for rule in givers if field not in rule.masked]
        rule = max(plain or givers, key=lambda r: _narrowness(r, request.purpose))
        if not plain:
            masked.add(field)
        deciding.append(rule)
        reasons.append(
            Reason(code="granted", rule=f"disclosure.{rule.id}", message=f"{field}: {rule.reason}")
        )
    for field in sorted(request.fields & beyond):
        reasons.append(
            Reason(
                code="outside_authority_kind",
                rule="safeguard.authority_kind",
                message=f"{field}: {_SAFEGUARD_MESSAGES['outside_authority_kind']}",
            )
        )
    for field in sorted(request.fields - granted - beyond):
        reasons.append(
            Reason(
                code="not_granted",
                rule="safeguard.deny_by_default",
                message=f"{field}: no rule allows it to this requester for this purpose",
            )
        )
    return Decision(
        request_id=request.id,
        subject_id=request.subject_id,
        outcome=DecisionOutcome.ALLOW,
        fields=granted,
        masked=frozenset(masked),
        reasons=tuple(reasons),
        refer_to=None,
        decided_at=now,
        special_categories=_named_special(deciding, guidelines, beyond),
    )


# --- disclosures ---------------------------------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class DisclosedField:
    """One field as it is given: its lines of text, masked if the decision says so.

    Attributes:
        field: the record field.
        lines: the field's contents as text, one line per item.
        masked: whether the lines are a masked form.
    """

    field: str
    lines: tuple[str, ...] = attrs.field(repr=lambda lines: f"<{len(lines)} lines>")
    masked: bool = False


@final
@attrs.frozen(kw_only=True)
class Disclosure:
    """What a requester is given: only the fields the decision granted.

    Attributes:
        request_id: the request it answers.
        subject_id: the record it comes from.
        fields: the granted fields, in name order.
    """

    request_id: str
    subject_id: str
    fields: tuple[DisclosedField, ...]

    @property
    def field_names(self) -> frozenset[str]:
        """The names of the fields given."""
        return frozenset(item.field for item in self.fields)


def _lines(  # noqa: PLR0911
    record: CustomerRecord, field: str, masked: bool, special: frozenset[str]
) -> tuple[str, ...]:
    """A field of the record as lines of text; masked forms keep just enough to recognise."""
    if field == "name":
        if record.name is None:
            return ()
        return (mask_initials(record.name.full) if masked else record.name.full,)
    if field in {"email_addresses", "phone_numbers"}:
        points = record.email_addresses if field == "email_addresses" else record.phone_numbers
        values = [point.value for point in points]
        return tuple(_contact(value, masked) for value in values)
    if field == "addresses":
        return tuple(
            (address.postcode_district or address.country)
            if masked
            else ", ".join((*address.lines, *filter(None, (address.town, address.postcode))))
            for address in record.addresses
        )
    if field == "date_of_birth":
        if record.date_of_birth is None:
            return ()
        return (str(record.date_of_birth.year) if masked else record.date_of_birth.isoformat(),)
    if field == "notes":
        return tuple(_clean_text(note.text, special) for note in record.notes)
    if field == "interactions":
        return tuple(
            f"{uk_day(i.at).isoformat()} {i.kind.value} by {i.channel.value}: "
            + _clean_text(i.summary, special)
            for i in record.interactions
        )
    value = getattr(record, field)
    items = value if isinstance(value, tuple) else (value,)
    return tuple(_describe(item, special) for item in items if item is not None)


def _contact(value: EmailAddress | PhoneNumber, masked: bool) -> str:
    if isinstance(value, EmailAddress):
        return mask_email(value.normalized) if masked else value.normalized
    return mask_phone(value.e164) if masked else value.normalized


def _clean_text(text: str, special: frozenset[str]) -> str:
    """Free text as given out: what must not be kept, or belongs elsewhere, redacted.

    Special-category words go out only where the decision's rules name their category
    (UK GDPR Article 9(1)): a note that the customer has diabetes is no part of what a
    property and financial affairs attorney, or the police asking about a payment, get.
    """
    return redact(
        text,
        [
            finding
            for finding in scan_text(text)
            if finding.action is not FindingAction.REVIEW
            or (
                _is_special(finding.category)
                and not any(covers(named, finding.category) for named in special)
            )
        ],
    )


def _describe(item: object, special: frozenset[str]) -> str:
    """A record part that is not personal text, described field by field."""
    if attrs.has(type(item)):
        parts = []
        for name, value in attrs.asdict(item, recurse=False).items():  # type: ignore[arg-type]
            if value in (None, (), frozenset()):
                continue
            shown = value.value if isinstance(value, StrEnum) else value
            if name in {"evidence", "detail"}:
                shown = _clean_text(str(value), special)
            parts.append(f"{name}: {shown}")
        return "; ".join(parts)
    return str(item)


def disclose(decision: Decision, record: CustomerRecord) -> Disclosure:
    """The view a decision allows: only the granted fields, masked where it says so.

    A denied or referred decision gives an empty view. Free text (notes, interaction
    summaries) goes out with card numbers, security codes, passwords, identifiers and
    other people's contact details redacted, and with special-category words redacted
    unless their category is one of the decision's ``special_categories`` (UK GDPR
    Article 9(1)).

    Raises:
        InvalidValue: ``wrong_type`` for arguments of the wrong type; ``wrong_record``
            for a record that is not the one decided about.
    """
    check_type(decision, Decision, "decision")
    check_type(record, CustomerRecord, "record")
    if record.id != decision.subject_id:
        raise InvalidValue("wrong_record", "record", "is not the record the decision is about")
    granted = decision.fields if decision.outcome is DecisionOutcome.ALLOW else frozenset()
    return Disclosure(
        request_id=decision.request_id,
        subject_id=decision.subject_id,
        fields=tuple(
            DisclosedField(
                field=field,
                lines=_lines(record, field, field in decision.masked, decision.special_categories),
                masked=field in decision.masked,
            )
            for field in sorted(granted)
        ),
    )


def _requester_id(requester: Requester) -> str | None:
    return requester.id if isinstance(requester, Representative | Colleague) else None


def audit_decision(request: DisclosureRequest, decision: Decision) -> AuditEvent:
    """The audit event for a decision: identifiers and field names, never values."""
    return AuditEvent(
        at=decision.decided_at,
        action=AuditAction.DECISION,
        request_id=request.id,
        subject_id=request.subject_id,
        requester=request.requester.kind.value,
        requester_id=_requester_id(request.requester),
        outcome=decision.outcome.value,
        fields=decision.fields,
        refused=request.fields - decision.fields,
        rules=tuple(dict.fromkeys(reason.rule for reason in decision.reasons)),
    )


def audit_disclosure(
    request: DisclosureRequest, disclosure: Disclosure, *, at: datetime
) -> AuditEvent:
    """The audit event for information given out under a decision."""
    check_time(at, "at")
    return AuditEvent(
        at=at,
        action=AuditAction.DISCLOSURE,
        request_id=request.id,
        subject_id=disclosure.subject_id,
        requester=request.requester.kind.value,
        requester_id=_requester_id(request.requester),
        outcome=DecisionOutcome.ALLOW.value,
        fields=disclosure.field_names,
        refused=request.fields - disclosure.field_names,
    )
