"""No personal data in repr or str, for every public type.

UK GDPR Article 5(1)(f) asks for appropriate security of personal data, including
against accidental disclosure. Reprs reach logs, tracebacks, debuggers and test output;
so every value that holds personal data renders masked.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import custrecords
from custrecords import (
    AccessibilityNeed,
    Consent,
    CustomerRecord,
    EmailAddress,
    InvalidValue,
    NeedKind,
    Note,
    PersonName,
    PhoneNumber,
    PostalAddress,
)
from custrecords import testing as strategies

SENTINEL = "Sentinel9Q"


def secrets_of(value: object) -> Iterator[str]:
    """The strings that must never appear in the repr of anything holding ``value``."""
    if isinstance(value, EmailAddress):
        yield value.normalized
        yield f"{value.local_part}@"
    elif isinstance(value, PhoneNumber):
        yield value.e164
        yield value.e164[:-3]
    elif isinstance(value, PostalAddress):
        yield from (line for line in value.lines if len(line) > 2)
        if value.town is not None:
            yield value.town
        if value.postcode is not None and value.postcode_district is not None:
            yield value.postcode
    elif isinstance(value, PersonName):
        yield from (
            part for part in (value.full, value.given, value.family) if part and len(part) > 2
        )
    elif isinstance(value, AccessibilityNeed):
        yield "NeedKind"
        yield f"'{value.kind.value}'"
    elif attrs.has(cls := type(value)):
        for field in attrs.fields(cls):
            yield from secrets_of(getattr(value, field.name))
    elif isinstance(value, tuple | frozenset):
        for item in value:
            yield from secrets_of(item)


def with_sentinels(record: CustomerRecord) -> CustomerRecord:
    """The record with a sentinel in every free-text field and a date of birth."""
    return attrs.evolve(
        record,
        notes=tuple(attrs.evolve(n, text=f"{SENTINEL} {n.text}") for n in record.notes),
        interactions=tuple(
            attrs.evolve(
                i,
                summary=f"{SENTINEL} {i.summary}",
                product=f"{SENTINEL} product",
                outcome=f"{SENTINEL} outcome",
            )
            for i in record.interactions
        ),
        consents=tuple(
            attrs.evolve(c, evidence=f"{SENTINEL} {c.evidence}") for c in record.consents
        ),
        legal_holds=tuple(
            attrs.evolve(h, reason=f"{SENTINEL} {h.reason}") for h in record.legal_holds
        ),
        accessibility_needs=tuple(
            attrs.evolve(n, detail=f"{SENTINEL} {n.detail}") for n in record.accessibility_needs
        ),
    )


# The words a repr is built of: class, field and enumeration names and values, None.
# A short name such as "Non" is inside "None", so where a secret is a substring of
# these, only a quoted value that is or ends with it counts as shown.
STRUCTURE = " ".join(
    ["None", "True", "False", "frozenset", "datetime", "timezone", "tzinfo"]
    + [name for name in dir(custrecords) if name[:1].isupper()]
    + [
        field.name
        for name in dir(custrecords)
        if attrs.has(cls := getattr(custrecords, name))
        for field in attrs.fields(cls)
    ]
    + [
        member.value
        for name in dir(custrecords)
        if isinstance(cls := getattr(custrecords, name), type) and issubclass(cls, enum.Enum)
        for member in cls
    ]
)


def assert_masked(value: object, rendered: str) -> None:
    assert SENTINEL not in rendered
    for secret in secrets_of(value):
        if secret in STRUCTURE.split():
            continue  # a name that is a word of the repr itself ("system") cannot be told apart
        if secret in STRUCTURE:
            assert f"'{secret}'" not in rendered
            assert f" {secret}'" not in rendered
        else:
            assert secret not in rendered


@given(strategies.customer_records().map(with_sentinels))
def test_records_never_show_personal_data(record: CustomerRecord) -> None:
    assert_masked(record, repr(record))
    assert_masked(record, str(record))
    if record.date_of_birth is not None:
        assert record.date_of_birth.isoformat() not in repr(record)
        assert repr(record.date_of_birth) not in repr(record)


PARTS: list[st.SearchStrategy[Any]] = [
    strategies.emails(),
    strategies.phone_numbers(),
    strategies.postal_addresses(),
    strategies.person_names(),
    strategies.contact_points(),
    strategies.accessibility_needs(),
    strategies.preferences(),
    strategies.consents(),
    strategies.interactions(),
    strategies.notes(),
    strategies.legal_holds(),
    strategies.provenances(),
    strategies.special_category_conditions(),
]


@pytest.mark.parametrize("strategy", PARTS, ids=repr)
def test_every_part_is_masked_on_its_own(strategy: st.SearchStrategy[Any]) -> None:
    @given(strategy)
    def check(value: Any) -> None:
        assert_masked(value, repr(value))
        assert_masked(value, str(value))

    check()


def test_the_masked_forms() -> None:
    assert repr(EmailAddress.parse("jane.doe@example.com")) == "EmailAddress('j***@example.com')"
    assert str(PhoneNumber.parse("07400 123456")) == "+*********456"
    assert repr(PersonName.parse("Siobhán Ní Bhriain")) == "PersonName('S. N. B.')"
    address = PostalAddress.parse(["10 Downing Street"], town="London", postcode="SW1A 2AA")
    assert repr(address) == (
        "PostalAddress(lines=('1***',), town='L***', postcode='SW1A ***', country='GB')"
    )
    need = AccessibilityNeed(kind=NeedKind.BRAILLE, detail="Grade 2")
    assert repr(need) == "AccessibilityNeed(kind=<masked>, detail=<7 chars>)"


@given(st.text(min_size=1, max_size=20))
def test_constructor_errors_never_quote_the_value(noise: str) -> None:
    secret = f"{SENTINEL}{noise}"
    note = Note(id="N-1", at=datetime(2026, 1, 5, tzinfo=UTC), author="agent-1", text=secret)
    for build in (
        lambda: attrs.evolve(note, id=f"{secret} !"),
        lambda: attrs.evolve(note, author=f"{secret}@example.com"),
        lambda: Consent(purpose=secret, lawful_basis="consent", given_at=note.at, evidence=secret),  # type: ignore[arg-type]
        lambda: PersonName(full=f" {secret}"),
    ):
        with pytest.raises(InvalidValue) as raised:
            build()
        assert SENTINEL not in str(raised.value)
