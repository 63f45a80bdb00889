"""Malformed input of any shape raises InvalidValue, and nothing else.

A value parsed from a form, a file or an API must never surface a dependency's own
exception (which may quote the input) or a bare TypeError or KeyError.
"""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    CustomerRecord,
    EmailAddress,
    InvalidValue,
    PersonName,
    PhoneNumber,
    PostalAddress,
    converter,
)
from custrecords.testing import customer_records

# Text as it arrives: any Unicode, with the characters that break parsers made likely.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from("0123456789+()-. @\u00a0\u200b\ufeff\uff10\uff11٠١۲߀𝟎"),
    ),
    max_size=40,
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


def only_invalid_value(attempt: Any) -> None:
    """Run ``attempt``; any exception but InvalidValue fails the test."""
    with contextlib.suppress(InvalidValue):
        attempt()


@given(TEXT, st.sampled_from(["GB", "FR", "US", None]))
def test_phone_parse(text: str, region: str | None) -> None:
    only_invalid_value(lambda: PhoneNumber.parse(text, region))


@given(TEXT)
def test_email_parse(text: str) -> None:
    only_invalid_value(lambda: EmailAddress.parse(text))
    only_invalid_value(lambda: EmailAddress.parse(f"{text}@{text}"))


@given(st.lists(TEXT, max_size=3) | TEXT, TEXT | st.none(), TEXT | st.none(), TEXT)
def test_address_parse(lines: Any, town: str | None, postcode: str | None, country: str) -> None:
    only_invalid_value(lambda: PostalAddress.parse(lines, town=town, postcode=postcode))
    only_invalid_value(lambda: PostalAddress.parse(lines, postcode=postcode, country=country))


@given(TEXT | st.none(), TEXT | st.none(), TEXT | st.none())
def test_name_parse(full: str | None, given_name: str | None, family: str | None) -> None:
    only_invalid_value(lambda: PersonName.parse(full, given=given_name, family=family))


@given(JSON)
def test_structuring_arbitrary_data(data: Any) -> None:
    only_invalid_value(lambda: converter.structure(data, CustomerRecord))


@given(customer_records(), st.data())
def test_structuring_a_record_with_one_field_spoiled(
    record: CustomerRecord, data: st.DataObject
) -> None:
    """Replace one field of a real record's data with arbitrary data: still only InvalidValue."""
    unstructured = converter.unstructure(record)
    field = data.draw(st.sampled_from(sorted(unstructured)))
    unstructured[field] = data.draw(JSON)
    only_invalid_value(lambda: converter.structure(unstructured, CustomerRecord))
