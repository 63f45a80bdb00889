"""The organisation's guidelines, as one value.

An organisation decides what customer information it collects, for which purposes,
what each purpose cannot do without, how often each piece must be confirmed again,
what must never be kept, how long things are kept, who may see what, and how
information is sent. The standard asks staff to follow those *organisational
guidelines*; custrecords makes them a `Guidelines` value that every check reads.

Guidelines are written in TOML (see ``docs/guidelines.md`` for every key) and loaded
with `Guidelines.from_toml`, which reports every mistake in the file at once, each at
its TOML path. `Guidelines.uk_default` is the embedded default for a typical UK
consumer business, tuned to UK GDPR and the Data Protection Act 2018.

>>> guidelines = Guidelines.uk_default()
>>> guidelines.field("email_addresses").category
'user.contact.email'
>>> guidelines.purpose("marketing.communications.email").lawful_basis.value
'consent'
>>> guidelines.field("card_security_code").keep.value
'never'
"""

from __future__ import annotations

import calendar
import functools
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, timedelta
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Final, TypeVar, cast, final

import attrs

from custrecords._checks import (
    check_choice,
    check_id,
    check_items,
    check_optional_id,
    check_text,
)
from custrecords.errors import InvalidGuidelines, InvalidValue, UsageError
from custrecords.taxonomy import (
    DATA_CATEGORIES,
    ELECTRONIC_MAIL_PURPOSES,
    FIDESLANG_REPLACEMENTS,
    RECORD_FIELDS,
    RELEASED_DATA_USES,
    Article9Condition,
    Channel,
    IdentityLevel,
    InteractionKind,
    LawfulBasis,
    check_data_category,
    check_data_use,
    covers,
    released_category,
)

__all__ = [
    "ChannelRule",
    "DisclosureRule",
    "ErasureExemption",
    "FieldRule",
    "Guidelines",
    "KeepRule",
    "Period",
    "Purpose",
    "RequesterKind",
    "RetentionAction",
    "RetentionRule",
    "RetentionTrigger",
    "Sensitivity",
]

_E = TypeVar("_E", bound=StrEnum)
# Finds every problem in a rule's attribute values, without stopping at the first.
_Problems = Callable[[Mapping[str, object]], list[InvalidValue]]


class _Checks:
    """Runs checks over a rule's attribute values, keeping every problem found.

    Problems are reported at ``<prefix>.<attribute>`` (``field_rule.keep``).
    """

    def __init__(self, values: Mapping[str, object], prefix: str) -> None:
        self.values = values
        self.prefix = prefix
        self.problems: list[InvalidValue] = []

    def __call__(self, key: str, check: Callable[[object, str], object]) -> None:
        try:
            check(self.values.get(key), f"{self.prefix}.{key}")
        except InvalidValue as problem:
            self.problems.append(problem)


def _text(value: object, field: str) -> None:
    check_text(value, field)


def _optional_text(value: object, field: str) -> None:
    check_text(value, field, allow_empty=True)


def _optional_nonempty_text(value: object, field: str) -> None:
    if value is not None:
        check_text(value, field)


def _choice(kind: type[StrEnum]) -> Callable[[object, str], object]:
    return lambda value, field: check_choice(value, kind, field)


def _optional_choice(kind: type[StrEnum]) -> Callable[[object, str], object]:
    return lambda value, field: None if value is None else check_choice(value, kind, field)


def _set_of(kind: type) -> Callable[[object, str], object]:
    return lambda value, field: check_items(value, kind, field, frozenset)


def _keys(check: Callable[[object, str], object]) -> Callable[[object, str], object]:
    return lambda value, field: _check_keys(value, field, check)


def _optional_period(value: object, field: str) -> None:
    if value is not None and not isinstance(value, Period):
        raise InvalidValue("wrong_type", field, "must be a Period")


def _period(value: object, field: str) -> None:
    if not isinstance(value, Period):
        raise InvalidValue("wrong_type", field, "must be a Period")


def _not_empty(checks: _Checks, *keys: str) -> None:
    for key in keys:
        value = checks.values.get(key)
        if isinstance(value, frozenset) and not value:
            checks.problems.append(
                InvalidValue("empty", f"{checks.prefix}.{key}", "must name at least one")
            )


def _check_whole(value: attrs.AttrsInstance, problems_of: _Problems) -> None:
    """Check a rule built in code: all its problems are found, the first is raised."""
    problems = problems_of(
        {field.name: getattr(value, field.name) for field in attrs.fields(type(value))}
    )
    if problems:
        raise problems[0]


def _check_keys(value: object, field: str, check: Callable[[object, str], object]) -> None:
    check_items(value, str, field, frozenset)
    for key in sorted(value):  # type: ignore[call-overload]  # a frozenset of str: checked above
        check(key, field)


# --- periods ---------------------------------------------------------------------------------

_DURATION: Final = re.compile(
    r"P(?=\d)(?:(\d{1,3})Y)?(?:(\d{1,4})M)?(?:(\d{1,3})W)?(?:(\d{1,5})D)?"
)
_MAX_YEARS: Final = 200


@final
@attrs.frozen(kw_only=True)
class Period:
    """A calendar period: years, months and days, as people and statutes count them.

    Months are calendar months: a month after 31 January is the last day of February,
    as the ICO counts a month for a subject access request and as courts count one
    under the Interpretation Act 1978. Written in guidelines as an ISO 8601 duration
    (``P6Y``, ``P18M``, ``P2W``, ``P1Y6M``).

    >>> Period.parse("P1M").after(date(2026, 1, 31))
    datetime.date(2026, 2, 28)
    >>> Period.parse("P6Y").after(date(2024, 2, 29))
    datetime.date(2030, 2, 28)
    >>> str(Period(years=1, months=6))
    'P1Y6M'

    Attributes:
        years: whole years.
        months: whole calendar months.
        days: days (a week is seven).
    """

    years: int = 0
    months: int = 0
    days: int = 0

    def __attrs_post_init__(self) -> None:
        for name in ("years", "months", "days"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise InvalidValue(
                    "wrong_type", f"period.{name}", "must be a whole number, 0 or more"
                )
        if not (self.years or self.months or self.days):
            raise InvalidValue("empty", "period", "must be longer than nothing")
        if self.years + self.months / 12 + self.days / 366 > _MAX_YEARS:
            raise InvalidValue("too_long", "period", f"is longer than {_MAX_YEARS} years")

    @classmethod
    def parse(cls, text: object, *, field: str = "period") -> Period:
        """Read an ISO 8601 duration of years, months, weeks and days (``P2Y``, ``P30D``).

        Raises:
            InvalidValue: ``invalid_period`` for anything else (times of day included:
                guidelines count in days).
        """
        match = _DURATION.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise InvalidValue(
                "invalid_period", field, "must be an ISO 8601 duration such as P6Y, P18M or P30D"
            )
        years, months, weeks, days = (int(part or 0) for part in match.groups())
        try:
            return cls(years=years, months=months, days=days + 7 * weeks)
        except InvalidValue as error:
            raise error.at(field) from None

    def after(self, start: date) -> date:
        """The date this period after ``start``; a missing month-end day is the month's last.

        A date past the calendar's end (year 9999) is `datetime.date.max`.
        """
        index = start.year * 12 + start.month - 1 + self.years * 12 + self.months
        year, month = divmod(index, 12)
        if year > date.max.year:
            return date.max
        day = min(start.day, calendar.monthrange(year, month + 1)[1])
        try:
            return date(year, month + 1, day) + timedelta(days=self.days)
        except OverflowError:
            return date.max

    def __str__(self) -> str:
        parts = [(self.years, "Y"), (self.months, "M"), (self.days, "D")]
        return "P" + "".join(f"{count}{unit}" for count, unit in parts if count)


# --- purposes and the field catalogue -----------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class Purpose:
    """A purpose the organisation processes customer information for.

    Attributes:
        key: the fideslang data use (``essential.service.payment_processing``). A
            declared purpose covers its refinements too.
        description: what it means, in words a customer would understand.
        lawful_basis: the UK GDPR Article 6 basis it rests on.
        source: the law or guidance it follows, for people to check.
        soft_opt_in: whether marketing for this purpose may rest on PECR's soft opt-in
            (regulation 22(3)) as well as on consent: existing customers, the
            organisation's similar products and services, and a chance to refuse at
            collection and in every message. Only e-mail and SMS marketing
            (``marketing.communications.email`` and ``.sms``, "electronic mail" in PECR
            regulation 2(1)) may allow it; off unless the guidelines say so.
    """

    key: str
    description: str
    lawful_basis: LawfulBasis
    source: str = ""
    soft_opt_in: bool = False

    def __attrs_post_init__(self) -> None:
        _check_whole(self, _purpose_problems)


def _purpose_problems(values: Mapping[str, object]) -> list[InvalidValue]:
    checks = _Checks(values, "purpose")
    checks("key", check_data_use)
    checks("description", _text)
    checks("lawful_basis", _choice(LawfulBasis))
    checks("source", _optional_text)
    checks("soft_opt_in", _soft_opt_in(values.get("key")))
    return checks.problems


def _soft_opt_in(key: object) -> Callable[[object, str], None]:
    def check(value: object, field: str) -> None:
        if not isinstance(value, bool):
            raise InvalidValue("wrong_type", field, "must be true or false")
        if value and not (
            isinstance(key, str) and any(covers(mail, key) for mail in ELECTRONIC_MAIL_PURPOSES)
        ):
            raise InvalidValue(
                "soft_opt_in_purpose",
                field,
                "is only for e-mail and SMS marketing (PECR regulation 22(3))",
            )

    return check


class KeepRule(StrEnum):
    """Whether, and how, a kind of information may be kept."""

    ALLOWED = "allowed"
    MASK = "mask"
    """Only a masked form may be kept: a payment card number as its last four digits
    (PCI DSS v4.0 requirement 3.4.1)."""
    NEEDS_CONDITION = "needs_condition"
    """Special-category data: kept only with an Article 9 condition recorded for it."""
    NEVER = "never"
    """Never kept at all: card security codes and PINs after authorisation (PCI DSS
    v4.0 requirement 3.3.1), passwords."""


# Field names: the record's own (RECORD_FIELDS) and any other the organisation names,
# such as a card number it must never see in full.
_FIELD_NAME: Final = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _check_field_name(name: object, field: str) -> None:
    if not isinstance(name, str) or not _FIELD_NAME.fullmatch(name):
        raise InvalidValue(
            "invalid_name",
            field,
            "is not a field name: 1 to 64 lowercase letters, digits or _, starting with a letter",
        )


@final
@attrs.frozen(kw_only=True)
class FieldRule:
    """What the guidelines say about one field of customer information.

    Attributes:
        name: the field: one of `RECORD_FIELDS`, or another piece of information the
            organisation must make a rule about (``card_security_code``).
        category: its fideslang data category.
        purposes: the purposes it serves. A field that serves a purpose serves that
            purpose's refinements too. No purposes at all means nothing needs it.
        required_for: the purposes that cannot be carried out without it; each must be
            one the field serves.
        reconfirm_every: how long a confirmation with the customer stays good; none
            for information that does not go out of date (a record of a call).
        keep: whether it may be kept. `KeepRule.MASK` is for information a record
            does not hold as such (a card number), so record fields cannot have it.
        description: what it is, in words.
        source: the law or guidance the rule follows.
        condition: for special-category data (``keep = needs_condition``), the UK GDPR
            Article 9(2) condition the organisation relies on for it, as its record of
            processing and its Fides manifest say; each record still records the
            condition it holds the data under (`SpecialCategoryCondition`).
    """

    name: str
    category: str
    purposes: frozenset[str] = frozenset()
    required_for: frozenset[str] = frozenset()
    reconfirm_every: Period | None = None
    keep: KeepRule = KeepRule.ALLOWED
    description: str = ""
    source: str = ""
    condition: Article9Condition | None = None

    def __attrs_post_init__(self) -> None:
        _check_whole(self, _field_rule_problems)

    def serves(self, purpose: str) -> bool:
        """Whether the field serves ``purpose``: one of its purposes, or a refinement of one."""
        return any(covers(served, purpose) for served in self.purposes)

    def is_required_for(self, purpose: str) -> bool:
        """Whether ``purpose``, or a purpose it refines, cannot be done without the field."""
        return any(covers(required, purpose) for required in self.required_for)

    def stale_since(self, confirmed: date, *, today: date) -> date | None:
        """The day the field went stale, if a value confirmed on ``confirmed`` is stale today.

        A value is stale from the day its ``reconfirm_every`` period after its last
        confirmation ends (UK GDPR Article 5(1)(d): accurate and, where necessary, kept
        up to date); a rule with no period never makes it stale. `assess` and the
        export audit both judge staleness by this.

        >>> rule = FieldRule(name="phone_numbers", category="user.contact.phone_number",
        ...                  reconfirm_every=Period.parse("P2Y"))
        >>> rule.stale_since(date(2020, 1, 31), today=date(2022, 1, 31))
        datetime.date(2022, 1, 31)
        >>> print(rule.stale_since(date(2020, 2, 1), today=date(2022, 1, 31)))
        None
        """
        if self.reconfirm_every is None:
            return None
        due = self.reconfirm_every.after(confirmed)
        return due if due <= today else None


def _field_rule_problems(values: Mapping[str, object]) -> list[InvalidValue]:
    checks = _Checks(values, "field_rule")
    checks("name", _check_field_name)
    checks("category", check_data_category)
    checks("purposes", _keys(check_data_use))
    checks("required_for", _keys(check_data_use))
    checks("reconfirm_every", _optional_period)
    checks("keep", _choice(KeepRule))
    checks("description", _optional_text)
    checks("source", _optional_text)
    checks("condition", _optional_choice(Article9Condition))
    # The checks across keys, for the keys that passed their own.
    bad = {problem.field.partition(".")[2] for problem in checks.problems}
    purposes: frozenset[str] = values["purposes"]  # type: ignore[assignment]  # checked above
    required_for: frozenset[str] = values["required_for"]  # type: ignore[assignment]
    keep = values["keep"]
    if not bad & {"purposes", "required_for"} and any(
        not any(covers(p, need) for p in purposes) for need in required_for
    ):
        checks.problems.append(
            InvalidValue(
                "required_not_served",
                "field_rule.required_for",
                "names a purpose the field does not serve",
            )
        )
    if not bad & {"purposes", "keep"} and keep is KeepRule.NEVER and purposes:
        checks.problems.append(
            InvalidValue(
                "contradiction", "field_rule.keep", "is never, but the field serves purposes"
            )
        )
    if "keep" not in bad and keep is KeepRule.MASK and values["name"] in RECORD_FIELDS:
        checks.problems.append(
            InvalidValue(
                "not_maskable",
                "field_rule.keep",
                "cannot be mask for a record field: records hold fields whole",
            )
        )
    return checks.problems


# --- the Fides manifest -------------------------------------------------------------------------

# fideslang's LegalBasisForProcessingEnum and SpecialCategoryLegalBasisEnum (models.py).
_FIDES_LEGAL_BASES: Final = {
    LawfulBasis.CONSENT: "Consent",
    LawfulBasis.CONTRACT: "Contract",
    LawfulBasis.LEGAL_OBLIGATION: "Legal obligations",
    LawfulBasis.VITAL_INTERESTS: "Vital interests",
    LawfulBasis.PUBLIC_TASK: "Public interest",
    LawfulBasis.LEGITIMATE_INTERESTS: "Legitimate interests",
}
_FIDES_ARTICLE_9: Final = {
    Article9Condition.EXPLICIT_CONSENT: "Explicit consent",
    Article9Condition.EMPLOYMENT_SOCIAL_SECURITY: (
        "Employment, social security and social protection"
    ),
    Article9Condition.VITAL_INTERESTS: "Vital interests",
    Article9Condition.NOT_FOR_PROFIT_BODY: "Not-for-profit bodies",
    Article9Condition.MADE_PUBLIC: "Made public by the data subject",
    Article9Condition.LEGAL_CLAIMS: "Legal claims or judicial acts",
    Article9Condition.SUBSTANTIAL_PUBLIC_INTEREST: (
        "Reasons of substantial public interest (with a basis in law)"
    ),
    Article9Condition.HEALTH_OR_SOCIAL_CARE: "Health or social care (with a basis in law)",
    Article9Condition.PUBLIC_HEALTH: "Public health (with a basis in law)",
    Article9Condition.ARCHIVING_RESEARCH_STATISTICS: (
        "Archiving, research and statistics (with a basis in law)"
    ),
}
_FIDES_KEY_GAPS: Final = re.compile(r"[^a-z0-9_.-]+")


def _fides_key(name: str) -> str:
    """A fideslang key (letters, digits, ``_ . - < >``) for a name in words."""
    return _FIDES_KEY_GAPS.sub("_", name.casefold()).strip("_.-") or "customer_records"


def _by_key(resource: Mapping[str, object]) -> str:
    return str(resource["fides_key"])


def _fides_category(key: str, taxonomy: str) -> str:
    """A data category as the chosen fideslang taxonomy names it."""
    if taxonomy == "released":
        return released_category(key)
    while not (key in DATA_CATEGORIES or key in FIDESLANG_REPLACEMENTS):
        key = key.rpartition(".")[0]  # a refinement of custrecords' own
    return FIDESLANG_REPLACEMENTS.get(key, key)


_PERIOD_UNITS: Final = (("years", "year"), ("months", "month"), ("days", "day"))
_TRIGGER_WORDS: Final = {
    "created": "after the record was created",
    "last_interaction": "after the customer's last contact",
    "closed": "after the customer relationship ended",
    "consent_withdrawn": "after the consent was withdrawn",
    "complaint_closed": "after the complaint was closed",
    "entry": "after each entry",
    "financial_year_end": "after the end of the financial year",
}
_ACTION_WORDS: Final = {"erase": "erased", "anonymise": "anonymised", "review": "reviewed"}


def _retention_words(rule: RetentionRule) -> str:
    """``record: anonymised 6 years after the customer relationship ended``."""
    counts = [
        f"{count} {unit if count == 1 else units}"
        for units, unit in _PERIOD_UNITS
        if (count := getattr(rule.period, units))
    ]
    return (
        f"{', '.join(sorted(rule.applies_to))}: {_ACTION_WORDS[rule.action.value]} "
        f"{' and '.join(counts)} {_TRIGGER_WORDS[rule.trigger.value]}"
    )


# --- retention, disclosure and channel rules ------------------------------------------------


class RetentionTrigger(StrEnum):
    """The event a retention period counts from."""

    CREATED = "created"
    LAST_INTERACTION = "last_interaction"
    """The customer's last contact, while the relationship is open: a closed one
    counts from its closing."""
    CLOSED = "closed"
    """The customer relationship ended."""
    CONSENT_WITHDRAWN = "consent_withdrawn"
    """Each consent's withdrawal: for rules on ``consents`` only."""
    COMPLAINT_CLOSED = "complaint_closed"
    """Each complaint's or dispute's closing: for rules on ``interactions`` only. An open
    one has no start: it is kept until it closes."""
    ENTRY = "entry"
    """Each entry's own date: an interaction's or a note's."""
    FINANCIAL_YEAR_END = "financial_year_end"
    """The end of the financial year an interaction falls in: for ``interactions`` only."""


# Triggers that date each entry of a part rather than the record as a whole, and the
# parts whose entries they can date.
_ENTRY_TRIGGERS: Final = {
    RetentionTrigger.CONSENT_WITHDRAWN: frozenset({"consents"}),
    RetentionTrigger.COMPLAINT_CLOSED: frozenset({"interactions"}),
    RetentionTrigger.ENTRY: frozenset({"interactions", "notes"}),
    RetentionTrigger.FINANCIAL_YEAR_END: frozenset({"interactions"}),
}


class RetentionAction(StrEnum):
    """What happens when a retention period ends."""

    ERASE = "erase"
    ANONYMISE = "anonymise"
    REVIEW = "review"
    """A person decides: keep for a stated reason, or erase."""


class ErasureExemption(StrEnum):
    """Why data is kept even when the customer asks for it to be erased (Article 17(3))."""

    LEGAL_OBLIGATION = "legal_obligation"
    """Article 17(3)(b): a law requires it to be kept (tax and accounting records)."""
    LEGAL_CLAIMS = "legal_claims"
    """Article 17(3)(e): it is needed to establish, exercise or defend legal claims."""


# What a retention rule can apply to: a record field, or the whole record.
_RETAINABLE: Final = RECORD_FIELDS | {"record"}


@final
@attrs.frozen(kw_only=True)
class RetentionRule:
    """How long some of a record is kept, and what happens then (UK GDPR Article 5(1)(e)).

    Attributes:
        id: the rule's identifier, shown wherever it fires.
        applies_to: the record fields it covers, or ``record`` for the whole record.
        period: how long after the trigger.
        trigger: the event the period counts from.
        action: what is then due.
        reason: why, in words shown to people (the legal basis or business need).
        source: the law or guidance it follows.
        interaction_kinds: for a rule on ``interactions``, the kinds it covers; none
            for every kind.
        year_ends: the day the financial year ends (``MM-DD``), for the
            ``financial_year_end`` trigger: 31 March unless the organisation's differs.
        erasure_exemption: the UK GDPR Article 17(3) ground on which what the rule
            covers is kept, until its period ends, even when the customer asks for
            erasure: ``legal_obligation`` (17(3)(b)) or ``legal_claims`` (17(3)(e)).
    """

    id: str
    applies_to: frozenset[str]
    period: Period
    trigger: RetentionTrigger
    action: RetentionAction
    reason: str
    source: str = ""
    interaction_kinds: frozenset[InteractionKind] = frozenset()
    year_ends: str = "03-31"
    erasure_exemption: ErasureExemption | None = None

    @property
    def per_entry(self) -> bool:
        """Whether the rule dates each entry of its part, not the record as a whole.

        The entries are interactions, notes or consents, each with its own date.
        """
        return self.trigger in _ENTRY_TRIGGERS

    def financial_year_end(self, day: date) -> date:
        """The last day of the financial year that ``day`` falls in.

        >>> rule = RetentionRule(id="tax", applies_to=frozenset({"interactions"}),
        ...     period=Period(years=6), trigger=RetentionTrigger.FINANCIAL_YEAR_END,
        ...     action=RetentionAction.ANONYMISE, reason="HMRC")
        >>> rule.financial_year_end(date(2026, 3, 31)), rule.financial_year_end(date(2026, 4, 1))
        (datetime.date(2026, 3, 31), datetime.date(2027, 3, 31))
        """
        month, day_of_month = int(self.year_ends[:2]), int(self.year_ends[3:])
        end = date(day.year, month, day_of_month)
        return end if day <= end else date(day.year + 1, month, day_of_month)

    def __attrs_post_init__(self) -> None:
        _check_whole(self, _retention_rule_problems)


def _check_retainable(key: object, field: str) -> None:
    if key not in _RETAINABLE:
        raise InvalidValue("unknown_field", field, "names neither a record field nor record")


def _retention_rule_problems(values: Mapping[str, object]) -> list[InvalidValue]:
    checks = _Checks(values, "retention_rule")
    checks("id", check_id)
    checks("applies_to", _keys(_check_retainable))
    checks("period", _period)
    checks("trigger", _choice(RetentionTrigger))
    checks("action", _choice(RetentionAction))
    checks("reason", _text)
    checks("source", _optional_text)
    checks("interaction_kinds", _set_of(InteractionKind))
    checks("year_ends", _check_year_end)
    checks("erasure_exemption", _optional_choice(ErasureExemption))
    _not_empty(checks, "applies_to")
    parts = values.get("applies_to")
    trigger = values.get("trigger")
    if not isinstance(parts, frozenset):
        return checks.problems
    allowed = _ENTRY_TRIGGERS.get(trigger) if isinstance(trigger, RetentionTrigger) else None
    if allowed is not None and not parts <= allowed:
        checks.problems.append(
            InvalidValue(
                "trigger_not_applicable",
                "retention_rule.trigger",
                f"dates each entry, so applies only to {', '.join(sorted(allowed))}",
            )
        )
    if values.get("interaction_kinds") and parts != {"interactions"}:
        checks.problems.append(
            InvalidValue(
                "trigger_not_applicable",
                "retention_rule.interaction_kinds",
                "applies only to a rule on interactions alone",
            )
        )
    return checks.problems


_YEAR_END: Final = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")


def _check_year_end(value: object, field: str) -> None:
    match = _YEAR_END.fullmatch(value) if isinstance(value, str) else None
    if (
        match is None
        or int(match[2]) > (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[int(match[1]) - 1]
    ):
        raise InvalidValue(
            "invalid_date", field, "is not a day of the year as MM-DD (not 29 February)"
        )


class RequesterKind(StrEnum):
    """Who is asking for a customer's information."""

    CUSTOMER = "customer"
    """The customer themself."""
    REPRESENTATIVE = "representative"
    """Someone with authority to act for the customer: an attorney, a parent."""
    COLLEAGUE = "colleague"
    AUTHORITY = "authority"
    """The police, a regulator, a court, another public authority."""
    ORGANISATION = "organisation"
    """Another organisation, under a data-sharing agreement."""


@final
@attrs.frozen(kw_only=True)
class DisclosureRule:
    """Which fields one kind of requester may be given, for which purposes, by which channels.

    Nothing is disclosed without a rule that grants it (deny by default).

    Attributes:
        id: the rule's identifier, named in every decision it makes.
        requester: who the rule is for.
        purposes: the purposes it grants for (refinements included).
        fields: the fields it grants (names from the field catalogue).
        channels: the channels the fields may be given by.
        refer_to: when set, a request the rule matches is not granted but referred to
            this role (``dpo``, ``team-leader``), who must agree.
        reason: why, in words shown to people.
        source: the law or guidance it follows.
        verification: for customers and representatives, how far their identity
            must have been checked.
        roles: for colleagues, the roles it is for; none for every role.
        masked: the granted fields that are given only in masked form (an address
            as its postcode district, a phone number as its last digits).
    """

    id: str
    requester: RequesterKind
    purposes: frozenset[str]
    fields: frozenset[str]
    channels: frozenset[Channel]
    reason: str
    refer_to: str | None = None
    source: str = ""
    verification: IdentityLevel = IdentityLevel.NONE
    roles: frozenset[str] = frozenset()
    masked: frozenset[str] = frozenset()

    def __attrs_post_init__(self) -> None:
        _check_whole(self, _disclosure_rule_problems)


def _disclosure_rule_problems(values: Mapping[str, object]) -> list[InvalidValue]:
    checks = _Checks(values, "disclosure_rule")
    checks("id", check_id)
    checks("requester", _choice(RequesterKind))
    checks("purposes", _keys(check_data_use))
    checks("fields", _keys(_check_field_name))
    checks("channels", _set_of(Channel))
    checks("reason", _text)
    checks("refer_to", check_optional_id)
    checks("source", _optional_text)
    checks("verification", _choice(IdentityLevel))
    checks("roles", _keys(check_id))
    checks("masked", _keys(_check_field_name))
    _not_empty(checks, "purposes", "fields", "channels")
    masked, fields = values.get("masked"), values.get("fields")
    if isinstance(masked, frozenset) and isinstance(fields, frozenset) and not masked <= fields:
        checks.problems.append(
            InvalidValue(
                "contradiction", "disclosure_rule.masked", "names a field it does not grant"
            )
        )
    return checks.problems


class Sensitivity(StrEnum):
    """How much harm a message could do if it reached the wrong person."""

    PUBLIC = "public"
    PERSONAL = "personal"
    FINANCIAL = "financial"
    SPECIAL_CATEGORY = "special_category"
    """Health, disability and the other kinds of data in UK GDPR Article 9."""


@final
@attrs.frozen(kw_only=True)
class ChannelRule:
    """The channels a message of one sensitivity may be sent by.

    Attributes:
        id: the rule's identifier, named in every choice it shapes.
        sensitivity: the messages it covers.
        channels: the channels they may go by.
        reason: why, in words shown to people.
        source: the law or guidance it follows.
    """

    id: str
    sensitivity: Sensitivity
    channels: frozenset[Channel]
    reason: str
    source: str = ""

    def __attrs_post_init__(self) -> None:
        _check_whole(self, _channel_rule_problems)


def _channel_rule_problems(values: Mapping[str, object]) -> list[InvalidValue]:
    checks = _Checks(values, "channel_rule")
    checks("id", check_id)
    checks("sensitivity", _choice(Sensitivity))
    checks("channels", _set_of(Channel))
    checks("reason", _text)
    checks("source", _optional_text)
    _not_empty(checks, "channels")
    return checks.problems


# --- the guidelines ------------------------------------------------------------------------------


def _cross_problems(
    declared: list[str],
    served: Iterable[tuple[str, object]],
    rules: Mapping[str, list[tuple[int, RetentionRule | DisclosureRule | ChannelRule]]],
    catalogue: Iterable[str],
) -> list[InvalidValue]:
    """The problems between parts: undeclared purposes, unknown fields, repeated names.

    ``declared`` and ``catalogue`` are every purpose key and field name given, even
    those whose entries have problems of their own, so that one mistake is not reported
    again wherever its name is used. Rules come with their index in their section.
    """
    problems: list[InvalidValue] = []
    if not declared:
        problems.append(InvalidValue("empty", "purposes", "must declare at least one purpose"))
    for key in {key for key in declared if declared.count(key) > 1}:
        problems.append(InvalidValue("duplicate", f"purposes.{_toml_key(key)}", "is given twice"))
    names = list(catalogue)
    for name in {name for name in names if names.count(name) > 1}:
        problems.append(InvalidValue("duplicate", f"fields.{_toml_key(name)}", "is given twice"))

    def undeclared(keys: Iterable[str]) -> bool:
        return any(not any(covers(d, key) for d in declared) for key in keys)

    for name, purposes in served:
        if isinstance(purposes, frozenset) and undeclared(purposes):
            problems.append(
                InvalidValue(
                    "undeclared_purpose",
                    f"fields.{_toml_key(name)}.purposes",
                    "names a purpose the guidelines do not declare",
                )
            )
    for section, indexed in rules.items():
        ids: set[str] = set()
        for index, entry in indexed:
            path = f"{section}[{index}]"
            if entry.id in ids:
                problems.append(InvalidValue("duplicate", f"{path}.id", "is another rule's id"))
            ids.add(entry.id)
            if not isinstance(entry, DisclosureRule):
                continue
            if undeclared(entry.purposes):
                problems.append(
                    InvalidValue(
                        "undeclared_purpose",
                        f"{path}.purposes",
                        "names a purpose the guidelines do not declare",
                    )
                )
            if not entry.fields <= set(names):
                problems.append(
                    InvalidValue(
                        "unknown_field",
                        f"{path}.fields",
                        "names a field the catalogue does not have",
                    )
                )
    return problems


def _toml_key(key: str) -> str:
    """A key as it is written in a TOML path: bare when it can be, quoted when not."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else '"' + key.replace('"', '\\"') + '"'


@final
@attrs.frozen(kw_only=True)
class Guidelines:
    """An organisation's rules for customer information, as one immutable value.

    Build it in code, load it with `from_toml`, or start from `uk_default`. Building
    checks that the parts agree: every purpose a field, or a disclosure rule, names is
    one the guidelines declare; every field a disclosure rule grants is in the
    catalogue; names and rule identifiers are unique. Every problem is reported at
    once, in an `InvalidGuidelines`, each at the path its key has in TOML.

    Attributes:
        name: what these guidelines are called.
        version: the organisation's version of them, if it numbers them.
        purposes: the purposes declared, each with its lawful basis.
        fields: the field catalogue.
        retention: the retention schedule.
        disclosure: who may be given what.
        channels: how information of each sensitivity may be sent.
    """

    name: str
    purposes: tuple[Purpose, ...]
    fields: tuple[FieldRule, ...]
    version: str | None = None
    retention: tuple[RetentionRule, ...] = ()
    disclosure: tuple[DisclosureRule, ...] = ()
    channels: tuple[ChannelRule, ...] = ()
    _purposes_by_key: Mapping[str, Purpose] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _fields_by_name: Mapping[str, FieldRule] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        problems = self._problems()
        if problems:
            raise InvalidGuidelines(problems)
        object.__setattr__(self, "_purposes_by_key", {p.key: p for p in self.purposes})
        object.__setattr__(self, "_fields_by_name", {f.name: f for f in self.fields})

    def _problems(self) -> list[InvalidValue]:
        checks = _Checks({"name": self.name, "version": self.version}, "about")
        checks("name", _text)
        checks("version", _optional_nonempty_text)
        parts = {
            "purposes": Purpose,
            "fields": FieldRule,
            "retention": RetentionRule,
            "disclosure": DisclosureRule,
            "channels": ChannelRule,
        }
        problems = checks.problems
        for part, kind in parts.items():
            try:
                check_items(getattr(self, part), kind, part)
            except InvalidValue as problem:
                problems.append(problem)
        if problems:
            return problems
        return _cross_problems(
            [purpose.key for purpose in self.purposes],
            [(rule.name, rule.purposes) for rule in self.fields],
            {
                "retention": list(enumerate(self.retention)),
                "disclosure": list(enumerate(self.disclosure)),
                "channels": list(enumerate(self.channels)),
            },
            [rule.name for rule in self.fields],
        )

    def purpose(self, key: str) -> Purpose | None:
        """The declared purpose ``key`` falls under: itself, or the nearest it refines."""
        while key:
            found = self._purposes_by_key.get(key)
            if found is not None:
                return found
            key = key.rpartition(".")[0]
        return None

    def field(self, name: str) -> FieldRule | None:
        """The catalogue's rule for field ``name``, if it has one."""
        return self._fields_by_name.get(name)

    def serves_a_declared_purpose(self, rule: FieldRule) -> bool:
        """Whether a field kept under ``rule`` serves any purpose the guidelines declare.

        A field that serves none is not relevant to anything the organisation does, and
        is not kept (UK GDPR Article 5(1)(c): adequate, relevant and limited to what is
        necessary). `minimise` and the export audit both judge relevance by this.

        >>> guidelines = Guidelines.uk_default()
        >>> guidelines.serves_a_declared_purpose(guidelines.field("date_of_birth"))
        False
        """
        return any(self.purpose(purpose) is not None for purpose in rule.purposes)

    def rule_for_category(self, category: str) -> FieldRule | None:
        """The catalogue rule for the most specific category that covers ``category``.

        This is the rule that decides what is done with data of ``category`` found in
        free text. A rule for the whole of ``user`` (a notes field holds anything)
        decides nothing.

        >>> Guidelines.uk_default().rule_for_category("user.financial.credit_card").name
        'card_number'
        """
        best: FieldRule | None = None
        for rule in self.fields:
            if (
                "." in rule.category
                and covers(rule.category, category)
                and (best is None or len(rule.category) > len(best.category))
            ):
                best = rule
        return best

    def to_fideslang(self, *, taxonomy: str = "released") -> dict[str, list[dict[str, object]]]:
        """The guidelines as a fideslang manifest (Fides), as plain data.

        One ``system``, this organisation's customer records, with a privacy
        declaration for each purpose: its data use; the data categories of the
        catalogue's fields that serve it (none that must never be kept); the data
        subject ``customer``; the legal basis (UK GDPR Article 6); whether it processes
        special-category data, and the Article 9 condition the catalogue names for it;
        and the retention rules for those fields, in words. Purposes that are not in
        fideslang's taxonomy (custrecords' ``marketing.communications.phone`` and
        ``.post``, an organisation's refinements) are declared under ``data_use``,
        beneath the fideslang use they refine, as fideslang allows.

        ``json.dumps`` or a YAML writer turns it into a manifest file; fideslang's own
        models (``fideslang.models.Taxonomy``) read it, which the tests check.
        fideslang is not a dependency of custrecords.

        Args:
            taxonomy: ``released`` (the default) writes data categories as the released
                fideslang (3.1.x) names them (`released_category`: ``user.health`` is
                written ``user.health_and_medical``); ``3.2`` writes fideslang 3.2's
                names (`FIDESLANG_REPLACEMENTS`: ``user.job_title`` is written
                ``user.professional_information.job_title``).

        Returns:
            ``{"system": [...], "data_use": [...]}``: lists of fideslang resources as
            dictionaries of strings, booleans and lists.

        Raises:
            InvalidValue: ``unknown_choice`` for another ``taxonomy``.

        >>> manifest = Guidelines.uk_default().to_fideslang()
        >>> service = manifest["system"][0]["privacy_declarations"][0]
        >>> service["data_use"], service["legal_basis_for_processing"]
        ('essential.service', 'Contract')
        >>> "user.health_and_medical" in service["data_categories"]
        True
        """
        if taxonomy not in ("released", "3.2"):
            raise InvalidValue("unknown_choice", "taxonomy", "must be one of: released, 3.2")
        declarations = [self._declaration(purpose, taxonomy) for purpose in self.purposes]
        custom: dict[str, dict[str, object]] = {}
        for purpose in self.purposes:
            key = purpose.key
            description = purpose.description
            while key not in RELEASED_DATA_USES and key not in custom:
                parent = key.rpartition(".")[0]
                custom[key] = {
                    "fides_key": key,
                    "name": key.rpartition(".")[2].replace("_", " ").capitalize(),
                    "description": description,
                    "parent_key": parent,
                }
                key, description = parent, f"Refinements of {parent}."
        system: dict[str, object] = {
            "fides_key": _fides_key(self.name),
            "name": self.name,
            "description": f"Customer records kept under {self.name}"
            + (f", version {self.version}" if self.version else ""),
            "system_type": "Service",
            "privacy_declarations": declarations,
        }
        return {"system": [system], "data_use": sorted(custom.values(), key=_by_key)}

    def _declaration(self, purpose: Purpose, taxonomy: str) -> dict[str, object]:
        """The fideslang privacy declaration of one purpose."""
        fields = [
            rule
            for rule in self.fields
            if rule.keep is not KeepRule.NEVER
            and any(
                covers(served, purpose.key) or covers(purpose.key, served)
                for served in rule.purposes
            )
        ]
        special = [rule for rule in fields if rule.keep is KeepRule.NEEDS_CONDITION]
        conditions = sorted({rule.condition for rule in special if rule.condition is not None})
        names = {rule.name for rule in fields}
        retention = [
            _retention_words(rule)
            for rule in self.retention
            if "record" in rule.applies_to or rule.applies_to & names
        ]
        return {
            "name": purpose.description,
            "data_use": purpose.key,
            "data_categories": sorted({_fides_category(r.category, taxonomy) for r in fields}),
            "data_subjects": ["customer"],
            "legal_basis_for_processing": _FIDES_LEGAL_BASES[purpose.lawful_basis],
            "flexible_legal_basis_for_processing": False,
            "processes_special_category_data": bool(special),
            "special_category_legal_basis": _FIDES_ARTICLE_9[conditions[0]] if conditions else None,
            "data_shared_with_third_parties": covers("third_party_sharing", purpose.key),
            "retention_period": "; ".join(retention) if retention else None,
        }

    @classmethod
    def from_toml(cls, source: str | os.PathLike[str]) -> Guidelines:
        """Load guidelines from TOML: a `pathlib.Path` (or other path) to read, or the text.

        The keys are documented in ``docs/guidelines.md``.

        Raises:
            InvalidGuidelines: listing every mistake, each at its TOML path: a syntax
                error, an unknown key, a missing one, a value of the wrong kind, a purpose
                or category that is not a fideslang key, parts that disagree.
            UsageError: for a `str` that looks like a file name rather than TOML; pass
                a `pathlib.Path` to read a file.
            OSError: when the file cannot be read.
        """
        if isinstance(source, os.PathLike):
            raw = Path(source).read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidGuidelines(
                    [InvalidValue("not_utf8", "guidelines", "is not UTF-8 text")]
                ) from None
        elif isinstance(source, str):
            if "\n" not in source and source.strip().endswith(".toml"):
                msg = "Guidelines.from_toml reads a str as TOML text; pass a pathlib.Path"
                raise UsageError(msg)
            text = source
        else:  # a caller without a type checker
            msg = "Guidelines.from_toml takes TOML text or a path"  # type: ignore[unreachable]
            raise UsageError(msg)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise InvalidGuidelines(
                [InvalidValue("toml_syntax", "guidelines", str(error))]
            ) from None
        return _Loader().load(data)

    @staticmethod
    @functools.cache
    def uk_default() -> Guidelines:
        """The embedded default: a typical UK consumer business under UK GDPR and the DPA 2018.

        It declares four kinds of purpose (providing the service, billing, handling
        enquiries and complaints, and marketing by consent), a catalogue of the record's
        fields and of the card and login data that must never be kept, each rule
        citing its source. Its text is ``custrecords/uk_default.toml``, shipped with
        the package; ``docs/guidelines.md`` explains every choice.
        """
        text = resources.files("custrecords").joinpath("uk_default.toml").read_text("utf-8")
        return Guidelines.from_toml(text)


# --- reading TOML ------------------------------------------------------------------------------


class _Loader:
    """Reads parsed TOML into `Guidelines`, keeping every problem instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[InvalidValue] = []
        self._reported: set[str] = set()
        self.last_values: dict[str, object] = {}
        """The values of the entry read last, whether or not it had problems."""

    def report(self, problem: InvalidValue) -> None:
        # One problem per path: a value that could not be read is not also reported by
        # the checks that then see it.
        if problem.field not in self._reported:
            self._reported.add(problem.field)
            self.problems.append(problem)

    def table(self, value: object, path: str) -> dict[str, object]:
        if isinstance(value, dict):
            return value
        self.report(InvalidValue("wrong_type", path, "must be a table"))
        return {}

    def load(self, data: dict[str, object]) -> Guidelines:
        for key in data:
            if key not in _SECTIONS:
                self.report(InvalidValue("unknown_key", _toml_key(key), "is not a section"))
        about = self.entry(self.table(data.get("about", {}), "about"), "about", _ABOUT)
        declared: list[str] = []
        purposes: list[Purpose] = []
        for key, value, path in self.named_entries(data, "purposes"):
            declared.append(key)
            entry = self.entry(self.table(value, path), path, _PURPOSE, key)
            if entry is not None:
                purposes.append(Purpose(**entry))  # type: ignore[arg-type]  # entry() checked it
        fields: list[FieldRule] = []
        served: list[tuple[str, object]] = []
        for name, value, path in self.named_entries(data, "fields"):
            entry = self.entry(self.table(value, path), path, _FIELD, name)
            if entry is not None:
                fields.append(FieldRule(**entry))  # type: ignore[arg-type]
            # What a field serves is checked even when another of its keys is wrong.
            served.append((name, self.last_values.get("purposes")))
        rules: dict[str, list[tuple[int, RetentionRule | DisclosureRule | ChannelRule]]] = {}
        for section, spec in _LISTED.items():
            rules[section] = []
            for index, value in enumerate(self.listed_entries(data, section)):
                path = f"{section}[{index}]"
                entry = self.entry(self.table(value, path), path, spec)
                if entry is not None:
                    rule = cast("RetentionRule | DisclosureRule | ChannelRule", spec.kind(**entry))
                    rules[section].append((index, rule))
        catalogue = [name for name, _ in served]
        for problem in _cross_problems(declared, served, rules, catalogue):
            self.report(problem)
        if self.problems or about is None:
            raise InvalidGuidelines(self.problems)
        return Guidelines(
            name=about["name"],  # type: ignore[arg-type]
            version=about["version"],  # type: ignore[arg-type]
            purposes=tuple(purposes),
            fields=tuple(fields),
            retention=tuple(rule for _, rule in rules["retention"]),  # type: ignore[misc]
            disclosure=tuple(rule for _, rule in rules["disclosure"]),  # type: ignore[misc]
            channels=tuple(rule for _, rule in rules["channels"]),  # type: ignore[misc]
        )

    def named_entries(
        self, data: dict[str, object], section: str
    ) -> Iterator[tuple[str, object, str]]:
        for key, entry in self.table(data.get(section, {}), section).items():
            yield key, entry, f"{section}.{_toml_key(key)}"

    def listed_entries(self, data: dict[str, object], section: str) -> list[object]:
        value = data.get(section, [])
        if isinstance(value, list):
            return value
        self.report(InvalidValue("wrong_type", section, "must be an array of tables"))
        return []

    def entry(
        self,
        table: dict[str, object],
        path: str,
        spec: _Spec,
        own_key: str | None = None,
    ) -> dict[str, object] | None:
        """Read one entry's keys and check them as its class would, at their TOML paths.

        Returns the values, or None when the entry has a problem.
        """
        before = len(self.problems)
        values: dict[str, object] = dict(spec.defaults)
        for key, value in table.items():
            reader = spec.readers.get(key)
            if reader is None:
                self.report(
                    InvalidValue("unknown_key", f"{path}.{_toml_key(key)}", "is not a key here")
                )
                continue
            try:
                values[key] = reader(value, f"{path}.{key}")
            except InvalidValue as problem:
                self.report(problem)
                values[key] = value
        for key in spec.readers:
            if key not in values:
                self.report(InvalidValue("missing", f"{path}.{key}", "is required"))
        if spec.own_key is not None:
            values[spec.own_key] = own_key
        for found in spec.problems(values) if spec.problems else ():
            _, _, key = found.field.partition(".")
            # The entry's own key (a purpose's, a field's name) is reported at the entry.
            self.report(found.at(path if key == spec.own_key else f"{path}.{key}"))
        self.last_values = values
        return values if len(self.problems) == before else None


@final
@attrs.frozen
class _Spec:
    """How to read one kind of entry: the class it builds, a reader per key, its checks."""

    kind: type[attrs.AttrsInstance]
    readers: Mapping[str, Callable[[object, str], object]]
    problems: _Problems | None = None
    own_key: str | None = None
    """The attribute that the entry's TOML key fills (a purpose's key, a field's name)."""

    @property
    def defaults(self) -> dict[str, object]:
        """The values of the keys a file may leave out: the class's own defaults."""
        return {
            field.name: field.default
            for field in attrs.fields(self.kind)
            if field.name in self.readers and field.default is not attrs.NOTHING
        }


def _read_text(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise InvalidValue("wrong_type", path, "must be a string")
    return value


def _read_bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue("wrong_type", path, "must be true or false")
    return value


def _read_period(value: object, path: str) -> Period:
    return Period.parse(value, field=path)


def _read_keys(value: object, path: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidValue("wrong_type", path, "must be an array of strings")
    if len(set(value)) != len(value):
        raise InvalidValue("duplicate", path, "holds the same item twice")
    return frozenset(value)


def _read_choice(kind: type[_E]) -> Callable[[object, str], _E]:
    def read(value: object, path: str) -> _E:
        if not isinstance(value, str) or value not in {member.value for member in kind}:
            choices = ", ".join(member.value for member in kind)
            raise InvalidValue("unknown_choice", path, f"must be one of: {choices}")
        return kind(value)

    return read


def _read_choices(kind: type[_E]) -> Callable[[object, str], frozenset[_E]]:
    one = _read_choice(kind)

    def read(value: object, path: str) -> frozenset[_E]:
        return frozenset(one(item, path) for item in _read_keys(value, path))

    return read


_SECTIONS: Final = frozenset({"about", "purposes", "fields", "retention", "disclosure", "channels"})
_ABOUT: Final = _Spec(Guidelines, {"name": _read_text, "version": _read_text})
_PURPOSE: Final = _Spec(
    Purpose,
    {
        "description": _read_text,
        "lawful_basis": _read_choice(LawfulBasis),
        "source": _read_text,
        "soft_opt_in": _read_bool,
    },
    _purpose_problems,
    own_key="key",
)
_FIELD: Final = _Spec(
    FieldRule,
    {
        "category": _read_text,
        "purposes": _read_keys,
        "required_for": _read_keys,
        "reconfirm_every": _read_period,
        "keep": _read_choice(KeepRule),
        "description": _read_text,
        "source": _read_text,
        "condition": _read_choice(Article9Condition),
    },
    _field_rule_problems,
    own_key="name",
)
_LISTED: Final[dict[str, _Spec]] = {
    "retention": _Spec(
        RetentionRule,
        {
            "id": _read_text,
            "applies_to": _read_keys,
            "period": _read_period,
            "trigger": _read_choice(RetentionTrigger),
            "action": _read_choice(RetentionAction),
            "reason": _read_text,
            "source": _read_text,
            "interaction_kinds": _read_choices(InteractionKind),
            "year_ends": _read_text,
            "erasure_exemption": _read_choice(ErasureExemption),
        },
        _retention_rule_problems,
    ),
    "disclosure": _Spec(
        DisclosureRule,
        {
            "id": _read_text,
            "requester": _read_choice(RequesterKind),
            "purposes": _read_keys,
            "fields": _read_keys,
            "channels": _read_choices(Channel),
            "reason": _read_text,
            "refer_to": _read_text,
            "source": _read_text,
            "verification": _read_choice(IdentityLevel),
            "roles": _read_keys,
            "masked": _read_keys,
        },
        _disclosure_rule_problems,
    ),
    "channels": _Spec(
        ChannelRule,
        {
            "id": _read_text,
            "sensitivity": _read_choice(Sensitivity),
            "channels": _read_choices(Channel),
            "reason": _read_text,
            "source": _read_text,
        },
        _channel_rule_problems,
    ),
}
