"""Tests for custrecords.guidelines: the rules as data, loaded from TOML with every mistake."""

from __future__ import annotations

import json
import pickle
import re
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    RECORD_FIELDS,
    Article9Condition,
    Channel,
    DisclosureRule,
    FieldRule,
    Guidelines,
    InvalidGuidelines,
    InvalidValue,
    KeepRule,
    LawfulBasis,
    Period,
    Purpose,
    RequesterKind,
    RetentionAction,
    RetentionRule,
    RetentionTrigger,
    UsageError,
)

DEFAULT_TEXT = resources.files("custrecords").joinpath("uk_default.toml").read_text("utf-8")

SERVICE = Purpose(
    key="essential.service", description="Providing the service.", lawful_basis=LawfulBasis.CONTRACT
)
EMAIL_MARKETING = Purpose(
    key="marketing.communications.email",
    description="Offers by e-mail.",
    lawful_basis=LawfulBasis.CONSENT,
)


def problems_of(error: InvalidGuidelines) -> set[tuple[str, str]]:
    return {(problem.code, problem.field) for problem in error.problems}


def problems_loading(text: str) -> tuple[InvalidValue, ...] | None:
    """The problems loading ``text`` reports, or None when it loads; nothing else escapes."""
    try:
        Guidelines.from_toml(text)
    except InvalidGuidelines as error:
        if not error.problems:
            raise AssertionError("an InvalidGuidelines must say what is wrong") from error
        return error.problems
    return None


# --- the default -----------------------------------------------------------------------------


def test_the_default_loads_and_is_one_value() -> None:
    default = Guidelines.uk_default()
    assert default is Guidelines.uk_default()
    assert default == Guidelines.from_toml(DEFAULT_TEXT)
    assert default.version == "2026.11"


def test_the_default_catalogues_every_record_field() -> None:
    default = Guidelines.uk_default()
    for name in RECORD_FIELDS:
        rule = default.field(name)
        assert rule is not None, name
        assert rule.keep is not KeepRule.MASK


def test_every_default_rule_cites_its_source() -> None:
    """Rules cite their source, so that people can check them."""
    default = Guidelines.uk_default()
    for purpose in default.purposes:
        assert purpose.source, purpose.key
    for rule in default.fields:
        assert rule.source, rule.name
        assert rule.description, rule.name


def test_the_default_markets_only_by_consent() -> None:
    """PECR 2003 regs 21 and 22: marketing by e-mail, SMS and phone on consent."""
    default = Guidelines.uk_default()
    marketing = [p for p in default.purposes if p.key.startswith("marketing.")]
    assert {p.key for p in marketing} == {
        "marketing.communications.email",
        "marketing.communications.sms",
        "marketing.communications.phone",
        "marketing.communications.post",
    }
    assert all(p.lawful_basis is LawfulBasis.CONSENT for p in marketing)


def test_the_default_keeps_no_card_secrets_and_no_unneeded_data() -> None:
    default = Guidelines.uk_default()
    for name in ("card_security_code", "card_pin", "card_track_data", "password"):
        rule = default.field(name)
        assert rule is not None
        assert rule.keep is KeepRule.NEVER
        assert not rule.purposes
    card = default.field("card_number")
    assert card is not None
    assert card.keep is KeepRule.MASK
    for unneeded in ("date_of_birth", "national_insurance_number"):
        rule = default.field(unneeded)
        assert rule is not None
        assert not rule.purposes
    needs = default.field("accessibility_needs")
    assert needs is not None
    assert needs.keep is KeepRule.NEEDS_CONDITION


def test_what_each_default_purpose_needs() -> None:
    default = Guidelines.uk_default()

    def required(purpose: str) -> set[str]:
        return {rule.name for rule in default.fields if rule.is_required_for(purpose)}

    assert required("essential.service") == {"name"}
    assert required("essential.service.payment_processing") == {"name", "addresses"}
    assert required("marketing.communications.email") == {"email_addresses"}
    assert required("marketing.communications.post") == {"name", "addresses"}
    assert required("marketing.communications.sms") == {"phone_numbers"}


def test_lookups() -> None:
    default = Guidelines.uk_default()
    billing = default.purpose("essential.service.payment_processing.direct_debit")
    assert billing is not None
    assert billing.key == "essential.service.payment_processing"
    assert default.purpose("analytics.reporting") is None
    assert default.field("shoe_size") is None


# --- loading, and reporting every mistake -----------------------------------------------------

BAD = """
[about]
version = 3
colour = "red"

[purposes."essential.servise"]
description = "x"
lawful_basis = "contrct"

[purposes."essential.service"]
description = ""
lawful_basis = "contract"

[purposes."marketing.communications.email"]
description = "Email marketing"
lawful_basis = "consent"

[fields.email_addresses]
category = "user.contact.emial"
purposes = ["marketing.communications.email"]
required_for = ["essential.service"]
reconfirm_every = "2 years"
keep = "sometimes"

[fields.Phone]
category = "user.contact.phone_number"

[fields.name]
category = "user.name"
purposes = ["essential.service", "marketing.communications.sms"]

[fields.notes]
category = "user"
keep = "mask"

[fields.cvv]
category = "user.financial.credit_card.security_code"
keep = "never"
purposes = ["essential.service"]

[[retention]]
id = "notes short"
applies_to = ["notes", "shoe_size"]
period = "P0D"
trigger = "closed"
action = "erase"

[[disclosure]]
id = "billing"
requester = "colleague"
purposes = ["essential.service.payment_processing", "analytics.reporting"]
fields = ["addresses", "card"]
channels = ["intranet"]
reason = "need to know"

[[disclosure]]
id = "billing"
requester = "colleague"
purposes = ["essential.service"]
fields = ["email_addresses"]
channels = ["intranet"]
reason = "need to know"

[[channels]]
id = "sensitive"
sensitivity = "secret"
channels = ["carrier_pigeon"]
reason = "x"
colour = "red"
"""


def test_every_mistake_is_reported_at_once_at_its_toml_path() -> None:
    with pytest.raises(InvalidGuidelines) as caught:
        Guidelines.from_toml(BAD)
    assert problems_of(caught.value) == {
        ("wrong_type", "about.version"),
        ("unknown_key", "about.colour"),
        ("missing", "about.name"),
        ("unknown_choice", 'purposes."essential.servise".lawful_basis'),
        ("unknown_data_use", 'purposes."essential.servise"'),
        ("wrong_type", 'purposes."essential.service".description'),
        ("invalid_period", "fields.email_addresses.reconfirm_every"),
        ("unknown_choice", "fields.email_addresses.keep"),
        ("unknown_data_category", "fields.email_addresses.category"),
        ("required_not_served", "fields.email_addresses.required_for"),
        ("invalid_name", "fields.Phone"),
        ("undeclared_purpose", "fields.name.purposes"),
        ("not_maskable", "fields.notes.keep"),
        ("contradiction", "fields.cvv.keep"),
        ("empty", "retention[0].period"),
        ("missing", "retention[0].reason"),
        ("invalid_id", "retention[0].id"),
        ("unknown_field", "retention[0].applies_to"),
        ("undeclared_purpose", "disclosure[0].purposes"),
        ("unknown_field", "disclosure[0].fields"),
        ("duplicate", "disclosure[1].id"),
        ("unknown_choice", "channels[0].sensitivity"),
        ("unknown_choice", "channels[0].channels"),
        ("unknown_key", "channels[0].colour"),
    }
    message = str(caught.value)
    assert message.startswith("guidelines: 24 problems\n")
    assert '  purposes."essential.servise": is not a fideslang data use (a purpose)\n' in message


@pytest.mark.parametrize(
    ("text", "code", "field"),
    [
        ("[about\nname = 'x'", "toml_syntax", "guidelines"),
        ("colour = 'red'", "unknown_key", "colour"),
        ("about = 'x'", "wrong_type", "about"),
        ("[about]\nname = 'x'\n[purposes]\nx = 1", "wrong_type", "purposes.x"),
        ("retention = {}\n[about]\nname = 'x'", "wrong_type", "retention"),
        ("[about]\nname = 'x'\n[fields.notes]\ncategory = 'user'", "empty", "purposes"),
        ("[about]\nname = 'x'\n[[retention]]\nid = 1", "wrong_type", "retention[0].id"),
    ],
)
def test_one_mistake(text: str, code: str, field: str) -> None:
    with pytest.raises(InvalidGuidelines) as caught:
        Guidelines.from_toml(text)
    assert (code, field) in problems_of(caught.value)


def test_a_path_is_read_and_text_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    path.write_text(DEFAULT_TEXT, encoding="utf-8")
    assert Guidelines.from_toml(path) == Guidelines.uk_default()
    with pytest.raises(UsageError, match=r"pathlib\.Path"):
        Guidelines.from_toml(str(path))
    path.write_bytes(b"[about]\nname = '\xff'\n")
    with pytest.raises(InvalidGuidelines) as caught:
        Guidelines.from_toml(path)
    assert problems_of(caught.value) == {("not_utf8", "guidelines")}
    with pytest.raises(FileNotFoundError):
        Guidelines.from_toml(tmp_path / "missing.toml")
    not_a_source: Any = 42
    with pytest.raises(UsageError):
        Guidelines.from_toml(not_a_source)


def test_retention_disclosure_and_channel_rules_load() -> None:
    text = (
        DEFAULT_TEXT
        + """
[[retention]]
id = "call-notes"
applies_to = ["notes"]
period = "P18M"
trigger = "created"
action = "erase"
reason = "Call notes are needed only while a matter is live."

[[disclosure]]
id = "billing-colleague"
requester = "colleague"
purposes = ["essential.service.payment_processing"]
fields = ["name", "addresses"]
channels = ["intranet"]
reason = "Billing needs the name and address, nothing more."

[[channels]]
id = "financial"
sensitivity = "financial"
channels = ["letter", "web"]
reason = "Nothing financial by SMS or plain e-mail."
"""
    )
    loaded = Guidelines.from_toml(text)
    assert loaded.retention[-1:] == (
        RetentionRule(
            id="call-notes",
            applies_to=frozenset({"notes"}),
            period=Period(months=18),
            trigger=RetentionTrigger.CREATED,
            action=RetentionAction.ERASE,
            reason="Call notes are needed only while a matter is live.",
        ),
    )
    assert loaded.disclosure[-1].requester is RequesterKind.COLLEAGUE
    assert loaded.disclosure[-1].refer_to is None
    assert loaded.channels[-1].channels == frozenset({Channel.LETTER, Channel.WEB})


@st.composite
def toml_values(draw: st.DrawFn) -> str:
    scalar = st.one_of(
        st.integers(-5, 5).map(str),
        st.booleans().map(lambda b: str(b).lower()),
        st.text(max_size=12).map(json.dumps),
        st.sampled_from(['"P1Y"', '"never"', '"user"', '"essential.service"', '"2026-01-01"']),
    )
    return draw(scalar | st.lists(scalar, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"))


@given(st.data())
def test_any_spoiled_default_raises_only_invalid_guidelines(data: st.DataObject) -> None:
    """Whatever one value in the file is changed to, the result is guidelines or the error."""
    lines = DEFAULT_TEXT.splitlines()
    candidates = [i for i, line in enumerate(lines) if re.match(r"^\w+ = ", line)]
    index = data.draw(st.sampled_from(candidates))
    key = lines[index].split(" = ", 1)[0]
    lines[index] = f"{key} = {data.draw(toml_values())}"
    problems = problems_loading("\n".join(lines))
    assert problems is None or all(isinstance(problem, InvalidValue) for problem in problems)


@given(st.text(max_size=200))
def test_any_text_raises_only_invalid_guidelines(text: str) -> None:
    problems_loading(text + "\n")


def test_the_error_pickles() -> None:
    with pytest.raises(InvalidGuidelines) as caught:
        Guidelines.from_toml(BAD)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert str(copy) == str(caught.value)
    assert [(p.code, p.field) for p in copy.problems] == [
        (p.code, p.field) for p in caught.value.problems
    ]


# --- built in code -------------------------------------------------------------------------


def test_guidelines_built_in_code_are_checked_whole() -> None:
    notes = FieldRule(name="notes", category="user", purposes=frozenset({"essential.service"}))
    email = FieldRule(
        name="email_addresses",
        category="user.contact.email",
        purposes=frozenset({"marketing.communications.email"}),
    )
    disclosure = DisclosureRule(
        id="billing",
        requester=RequesterKind.COLLEAGUE,
        purposes=frozenset({"analytics.reporting"}),
        fields=frozenset({"shoe_size"}),
        channels=frozenset({Channel.INTRANET}),
        reason="need to know",
    )
    with pytest.raises(InvalidGuidelines) as caught:
        Guidelines(
            name="ours",
            purposes=(SERVICE, SERVICE),
            fields=(notes, email, notes),
            disclosure=(disclosure, disclosure),
        )
    assert problems_of(caught.value) == {
        ("duplicate", 'purposes."essential.service"'),
        ("duplicate", "fields.notes"),
        ("undeclared_purpose", "fields.email_addresses.purposes"),
        ("duplicate", "disclosure[1].id"),
        ("undeclared_purpose", "disclosure[0].purposes"),
        ("undeclared_purpose", "disclosure[1].purposes"),
        ("unknown_field", "disclosure[0].fields"),
        ("unknown_field", "disclosure[1].fields"),
    }
    wrong: Any = [SERVICE]
    with pytest.raises(InvalidGuidelines) as caught:
        Guidelines(name="", purposes=wrong, fields=())
    assert problems_of(caught.value) == {("wrong_type", "about.name"), ("wrong_type", "purposes")}
    ours = Guidelines(name="ours", purposes=(SERVICE, EMAIL_MARKETING), fields=(notes, email))
    assert attrs.evolve(ours, version="2") != ours


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"name": "Notes"}, "invalid_name", "field_rule.name"),
        ({"category": "user.contact.emial"}, "unknown_data_category", "field_rule.category"),
        ({"purposes": ["essential.service"]}, "wrong_type", "field_rule.purposes"),
        ({"purposes": frozenset({"essential.servise"})}, "unknown_data_use", "field_rule.purposes"),
        (
            {"required_for": frozenset({"marketing.communications.email"})},
            "required_not_served",
            "field_rule.required_for",
        ),
        ({"keep": KeepRule.NEVER}, "contradiction", "field_rule.keep"),
        ({"keep": KeepRule.MASK}, "not_maskable", "field_rule.keep"),
        ({"keep": "never"}, "wrong_type", "field_rule.keep"),
        ({"reconfirm_every": "P1Y"}, "wrong_type", "field_rule.reconfirm_every"),
    ],
)
def test_field_rules_refuse(overrides: dict[str, Any], code: str, field: str) -> None:
    values: dict[str, Any] = {
        "name": "notes",
        "category": "user",
        "purposes": frozenset({"essential.service"}),
    }
    with pytest.raises(InvalidValue) as caught:
        FieldRule(**(values | overrides))
    assert (caught.value.code, caught.value.field) == (code, field)


def test_a_field_serves_and_is_required_for_refinements_of_its_purposes() -> None:
    rule = FieldRule(
        name="addresses",
        category="user.contact.address",
        purposes=frozenset({"essential.service"}),
        required_for=frozenset({"essential.service.payment_processing"}),
    )
    assert rule.serves("essential.service.payment_processing")
    assert not rule.serves("essential")
    assert not rule.serves("essential.service_desk")
    assert rule.is_required_for("essential.service.payment_processing.direct_debit")
    assert not rule.is_required_for("essential.service")
    masked_card = FieldRule(
        name="card_number", category="user.financial.credit_card", keep=KeepRule.MASK
    )
    assert masked_card.keep is KeepRule.MASK


# --- periods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("P6Y", Period(years=6)),
        ("P18M", Period(months=18)),
        ("P2W", Period(days=14)),
        ("P30D", Period(days=30)),
        ("P1Y6M", Period(years=1, months=6)),
        ("P1Y2M3W4D", Period(years=1, months=2, days=25)),
    ],
)
def test_periods_parse(text: str, period: Period) -> None:
    assert Period.parse(text) == period


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("P", "invalid_period"),
        ("P0D", "empty"),
        ("PT1H", "invalid_period"),
        ("P1Y1H", "invalid_period"),
        ("1Y", "invalid_period"),
        ("-P1Y", "invalid_period"),
        ("P1.5Y", "invalid_period"),
        ("p1y", "invalid_period"),
        ("P999Y", "too_long"),
        (6, "invalid_period"),
    ],
)
def test_periods_refuse(text: object, code: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        Period.parse(text, field="fields.name.reconfirm_every")
    assert (caught.value.code, caught.value.field) == (code, "fields.name.reconfirm_every")


@pytest.mark.parametrize(
    ("start", "period", "end"),
    [
        (date(2026, 1, 31), "P1M", date(2026, 2, 28)),
        (date(2028, 1, 31), "P1M", date(2028, 2, 29)),
        (date(2026, 3, 31), "P1M", date(2026, 4, 30)),
        (date(2026, 9, 3), "P1M", date(2026, 10, 3)),
        (date(2024, 2, 29), "P1Y", date(2025, 2, 28)),
        (date(2024, 2, 29), "P4Y", date(2028, 2, 29)),
        (date(2026, 11, 30), "P3M", date(2027, 2, 28)),
        (date(2026, 12, 31), "P1D", date(2027, 1, 1)),
        (date(2026, 1, 31), "P1M1D", date(2026, 3, 1)),
        (date(9990, 1, 1), "P20Y", date.max),
    ],
)
def test_periods_count_calendar_months(start: date, period: str, end: date) -> None:
    """A month after the 31st is the month's last day when it has no 31st."""
    assert Period.parse(period).after(start) == end


@st.composite
def some_periods(draw: st.DrawFn) -> Period:
    years, months, days = draw(
        st.tuples(st.integers(0, 10), st.integers(0, 30), st.integers(0, 400))
    )
    if not (years or months or days):
        days = 1
    return Period(years=years, months=months, days=days)


@given(some_periods())
def test_a_period_reads_back_what_it_writes(period: Period) -> None:
    assert Period.parse(str(period)) == period


@given(some_periods(), st.dates(date(1900, 1, 1), date(2200, 12, 31)), st.integers(0, 100))
def test_later_starts_never_end_earlier(period: Period, start: date, gap: int) -> None:
    later = start + timedelta(days=gap)
    assert start < period.after(start) <= period.after(later)


@given(st.integers(1, 120), st.dates(date(1900, 1, 1), date(2200, 12, 31)))
def test_whole_months_keep_the_day_or_end_the_month(months: int, start: date) -> None:
    end = Period(months=months).after(start)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == start.day or (end.day < start.day and (end + timedelta(days=1)).day == 1)


def test_a_field_names_its_article_9_condition_in_toml() -> None:
    """UK GDPR Article 9(2): the condition special-category data is held under."""
    default = Guidelines.uk_default().field("accessibility_needs")
    assert default is not None
    assert default.condition is Article9Condition.SUBSTANTIAL_PUBLIC_INTEREST
    text = """
[about]
name = "A shop"

[purposes."essential.service"]
description = "Service."
lawful_basis = "contract"

[fields.accessibility_needs]
category = "user.health"
purposes = ["essential.service"]
keep = "needs_condition"
condition = "explicit_consent"
"""
    rule = Guidelines.from_toml(text).field("accessibility_needs")
    assert rule is not None
    assert rule.condition is Article9Condition.EXPLICIT_CONSENT
    with pytest.raises(InvalidGuidelines) as raised:
        Guidelines.from_toml(text.replace('"explicit_consent"', '"because"'))
    assert [p.field for p in raised.value.problems] == ["fields.accessibility_needs.condition"]
