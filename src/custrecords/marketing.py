"""Whether a customer's record gives a purpose the basis it needs: one rule for marketing.

`assess`, `choose_channel` (and the desk, through it) and the export audit all judge
marketing by `marketing_permission`, so they can never disagree:

- A purpose that rests on consent needs an entry for it (or for a purpose it refines)
  whose basis is consent, given and not withdrawn: an entry on another basis
  (legitimate interests, contract) is not consent (UK GDPR Articles 4(11), 6(1)(a)
  and 7).
- E-mail and SMS marketing needs consent whatever basis the guidelines declare (PECR
  regulation 22(2)), or, where the guidelines allow it for the purpose
  (`Purpose.soft_opt_in`), PECR's soft opt-in (regulation 22(3)): an entry on
  legitimate interests with a `SoftOptIn` whose sale is one of the record's own
  interactions, whose customer was given a simple means of refusing when the details
  were collected, and, for a message, whose products cover what the message markets
  and which offers the refusal again.
- Any other purpose rests on the basis the guidelines declare, and needs nothing from
  the customer (post under legitimate interests).
- An objection to direct marketing (`CommunicationPreferences.objections` naming the
  purpose, or a purpose it refines) wins over everything, consent and soft opt-in
  included: it is absolute (UK GDPR Article 21(2) and (3); PECR regulation 22(3)(c)).
  An objection to another purpose (Article 21(1)) is judged by each caller.

>>> from datetime import UTC, date, datetime
>>> from custrecords import Consent, CustomerRecord, Guidelines, LawfulBasis, Provenance, Source
>>> at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
>>> made = Provenance(fields=frozenset({"name"}), source=Source.CUSTOMER_WEB_FORM,
...                   collected_by="web", collected_at=at)
>>> record = CustomerRecord(id="C1", provenance=(made,), consents=(
...     Consent(purpose="marketing.communications.email", given_at=at, evidence="form v3",
...             lawful_basis=LawfulBasis.LEGITIMATE_INTERESTS),))
>>> permission = marketing_permission(record, Guidelines.uk_default(),
...                                   purpose="marketing.communications.email",
...                                   on=date(2026, 11, 30))
>>> permission.permitted, permission.code
(False, 'not_consent')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Final, final

import attrs

from custrecords._checks import check_type
from custrecords.errors import InvalidValue
from custrecords.guidelines import Guidelines, Purpose
from custrecords.records import Consent, CustomerRecord
from custrecords.taxonomy import ELECTRONIC_MAIL_PURPOSES, InteractionKind, LawfulBasis, covers

__all__ = ["MarketingBasis", "MarketingPermission", "marketing_permission"]


class MarketingBasis(StrEnum):
    """What a purpose's use for a customer rests on, when it may be used."""

    CONSENT = "consent"
    """An entry whose basis is consent (UK GDPR Article 6(1)(a); PECR regulation 22(2))."""
    SOFT_OPT_IN = "soft_opt_in"
    """PECR regulation 22(3)'s soft opt-in, on legitimate interests (Article 6(1)(f))."""
    DECLARED = "declared"
    """The basis the guidelines declare for the purpose, which needs nothing from the
    customer (marketing by post on legitimate interests)."""


@final
@attrs.frozen(kw_only=True)
class MarketingPermission:
    """Whether a purpose may be used for a customer, on what basis, and why.

    Attributes:
        purpose: the purpose judged.
        permitted: whether the record gives it the basis it needs.
        basis: what it rests on, when permitted; ``None`` when not.
        code: stable, for hosts: ``consent``, ``soft_opt_in`` or ``declared_basis``
            when permitted; ``objected`` (the customer objected to this direct
            marketing, or to marketing it refines: Article 21(3)), ``no_consent`` (no
            active entry for it), ``not_consent`` (an entry on another basis, which is
            not consent), ``soft_opt_in_not_allowed``
            (the guidelines do not allow it for the purpose), ``soft_opt_in_no_sale``
            (its sale is not one of the record's sales or enquiries: 22(3)(a)),
            ``soft_opt_in_not_similar`` (the message markets products it does not cover:
            22(3)(b)), ``soft_opt_in_no_refusal`` (no means of refusing at collection,
            or none in the message: 22(3)(c)) when not.
        rule: the guidelines path of the rule that decided
            (``purposes."marketing.communications.email".lawful_basis``).
        source: the law the decision follows.
        message: why, in plain English; never a value from the record.
    """

    purpose: str
    permitted: bool
    basis: MarketingBasis | None
    code: str
    rule: str
    source: str
    message: str


_CONSENT_SOURCE: Final = "UK GDPR Articles 4(11), 6(1)(a) and 7"
_PECR_CONSENT: Final = "PECR 2003 regulation 22(2); UK GDPR Articles 6(1)(a) and 7"
_SOFT_OPT_IN: Final = "PECR 2003 regulation 22(3)"
_OBJECTION: Final = "UK GDPR Article 21(2) and (3); PECR 2003 regulation 22(3)(c)"
# Regulation 22(3)(a): details obtained "in the course of the sale or negotiations for
# the sale of a product or service". An enquiry about buying is negotiation (ICO guidance
# on electronic mail marketing); a complaint or feedback is not.
_SALE_KINDS: Final = frozenset(
    {
        InteractionKind.ORDER,
        InteractionKind.PAYMENT,
        InteractionKind.SERVICE,
        InteractionKind.ENQUIRY,
    }
)
_MESSAGES: Final = {
    "objected": "the customer objected to this marketing: an objection to direct marketing "
    "is absolute (UK GDPR Article 21(3))",
    "consent": "the customer consented to it",
    "soft_opt_in": "an existing customer, about similar products, with a chance to refuse "
    "given at collection and in the message (PECR reg. 22(3))",
    "declared_basis": "it rests on the basis the guidelines declare, which needs no consent",
    "no_consent": "it rests on consent, and the customer has given none that is active",
    "not_consent": "the customer's entry for it rests on another basis, which is not "
    "consent: only an opt-in is consent",
    "soft_opt_in_not_allowed": "a soft opt-in is recorded, but the guidelines do not allow "
    "one for this purpose",
    "soft_opt_in_no_sale": "the soft opt-in's sale is not one of the customer's orders, "
    "payments, services or enquiries about buying (PECR reg. 22(3)(a))",
    "soft_opt_in_not_similar": "the message markets products the soft opt-in does not cover "
    "(PECR reg. 22(3)(b))",
    "soft_opt_in_no_refusal": "the customer must be given a simple means of refusing when "
    "the details were collected and in every message (PECR reg. 22(3)(c))",
}


def _active(consent: Consent, on: date | None, at: datetime | None) -> bool:
    """Whether the entry counts at the moment ``at``, or on the UK day ``on``."""
    if at is not None:
        return consent.is_active(at)
    assert on is not None
    return consent.is_active_on(on)


def _soft_opt_in_fault(
    consent: Consent,
    record: CustomerRecord,
    products: frozenset[str] | None,
    offers_refusal: bool | None,
) -> str | None:
    """Which of regulation 22(3)'s conditions the entry fails, if any."""
    terms = consent.soft_opt_in
    assert terms is not None
    sales = {i.id for i in record.interactions if i.kind in _SALE_KINDS}
    if terms.sale not in sales:
        return "soft_opt_in_no_sale"
    if terms.refusal_offered_at is None or terms.refusal_offered_at > consent.given_at:
        return "soft_opt_in_no_refusal"
    if offers_refusal is False:
        return "soft_opt_in_no_refusal"
    if products is not None and not (products and products <= terms.products):
        return "soft_opt_in_not_similar"
    return None


def _permission(
    purpose: str, code: str, rule: str, source: str, basis: MarketingBasis | None = None
) -> MarketingPermission:
    return MarketingPermission(
        purpose=purpose,
        permitted=basis is not None,
        basis=basis,
        code=code,
        rule=rule,
        source=source,
        message=_MESSAGES[code],
    )


def marketing_permission(  # noqa: PLR0911 - one return per outcome
    record: CustomerRecord,
    guidelines: Guidelines,
    *,
    purpose: str,
    on: date | None = None,
    at: datetime | None = None,
    products: Iterable[str] | None = None,
    offers_refusal: bool | None = None,
) -> MarketingPermission:
    """Whether ``record`` gives ``purpose`` the basis it needs, on a day or at a moment.

    The rule, for every purpose (see the module's documentation for its sources):
    a purpose resting on consent needs an active entry whose basis is consent; e-mail
    and SMS marketing needs one whatever basis is declared (PECR regulation 22(2)), or
    a soft opt-in that meets regulation 22(3) where the purpose's guidelines allow it;
    any other purpose rests on its declared basis. A purpose the guidelines do not
    declare rests on consent. An objection the record holds to direct marketing for
    the purpose (or a purpose it refines) refuses it first, with ``objected``,
    whatever consent or soft opt-in it holds (UK GDPR Article 21(2) and (3)).

    Args:
        record: the customer's record.
        guidelines: the organisation's guidelines.
        purpose: the purpose (a fideslang data use), such as
            ``marketing.communications.email``.
        on: the UK day to judge on (for an assessment); give this or ``at``.
        at: the moment to judge at (for a message about to be sent).
        products: for a message, the products and services it markets; a soft opt-in
            counts only when they are among its own (regulation 22(3)(b)). ``None``
            when no message is judged.
        offers_refusal: for a message, whether it gives the customer a simple, free
            means of refusing further marketing (regulation 22(3)(c)); a soft opt-in
            counts only when it does. ``None`` when no message is judged.

    Returns:
        The permission: permitted or not, the basis, a stable code, the rule, its
        source and a plain-English reason.

    Raises:
        InvalidValue: ``wrong_type`` for a record or guidelines of the wrong type, or
            unless exactly one of ``on`` (a date) and ``at`` (a datetime with a time
            zone) is given.
    """
    check_type(record, CustomerRecord, "record")
    check_type(guidelines, Guidelines, "guidelines")
    if (on is None) == (at is None):
        raise InvalidValue("wrong_type", "on", "give either a day (on) or a moment (at)")
    if on is not None and (not isinstance(on, date) or isinstance(on, datetime)):
        raise InvalidValue("wrong_type", "on", "must be a date")
    if at is not None and (not isinstance(at, datetime) or at.tzinfo is None):
        raise InvalidValue("wrong_type", "at", "must be a datetime with a time zone")
    if not isinstance(purpose, str):
        raise InvalidValue("wrong_type", "purpose", "must be a data use")
    wanted = None if products is None else frozenset(products)
    declared: Purpose | None = guidelines.purpose(purpose)
    path = f'purposes."{declared.key}"' if declared is not None else "purposes"
    electronic = any(covers(mail, purpose) for mail in ELECTRONIC_MAIL_PURPOSES)
    on_consent = declared is None or declared.lawful_basis is LawfulBasis.CONSENT
    source = _PECR_CONSENT if electronic else _CONSENT_SOURCE
    if declared is not None and declared.source:
        source = declared.source
    if covers("marketing", purpose) and any(
        covers(objection, purpose) for objection in record.preferences.objections
    ):
        return _permission(purpose, "objected", path, _OBJECTION)
    if not electronic and not on_consent:
        return _permission(
            purpose, "declared_basis", f"{path}.lawful_basis", source, MarketingBasis.DECLARED
        )
    entries = [c for c in record.consents if covers(c.purpose, purpose) and _active(c, on, at)]
    if any(c.lawful_basis is LawfulBasis.CONSENT for c in entries):
        return _permission(
            purpose, "consent", f"{path}.lawful_basis", source, MarketingBasis.CONSENT
        )
    soft = [c for c in entries if c.soft_opt_in is not None]
    if soft and electronic:
        if declared is None or not declared.soft_opt_in:
            return _permission(purpose, "soft_opt_in_not_allowed", f"{path}.soft_opt_in", source)
        faults = [_soft_opt_in_fault(c, record, wanted, offers_refusal) for c in soft]
        if None in faults:
            return _permission(
                purpose,
                "soft_opt_in",
                f"{path}.soft_opt_in",
                _SOFT_OPT_IN,
                MarketingBasis.SOFT_OPT_IN,
            )
        fault = next(f for f in faults if f is not None)
        return _permission(purpose, fault, f"{path}.soft_opt_in", _SOFT_OPT_IN)
    code = "not_consent" if entries else "no_consent"
    return _permission(purpose, code, f"{path}.lawful_basis", source)
