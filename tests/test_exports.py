"""Reading what exports hold: headers by the names CRMs give them, dates, consent cells."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import InvalidValue
from custrecords.exports import (
    HEADER_NAMES,
    ROLES,
    ColumnMap,
    DateOrder,
    consent_given,
    export_day,
    header_key,
    infer_columns,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("header", "role"),
    [
        # The headers the issue names, as each tool writes them.
        ("Email Address", "email"),  # Mailchimp
        ("E-mail", "email"),  # Outlook, Excel
        ("Mobile Phone", "phone"),  # Salesforce, Dynamics 365
        ("Mailing Postal Code", "postcode"),  # Salesforce
        ("Zip/Postal Code", "postcode"),
        ("Description", "notes"),  # Salesforce, Dynamics 365, Zoho
        ("Notes", "notes"),
        ("Created Date", "created_at"),  # Salesforce
        ("Create Date", "created_at"),  # HubSpot
        ("Created On", "created_at"),  # Dynamics 365
        ("Created Time", "created_at"),  # Zoho
        ("Last Activity Date", "last_interaction_at"),  # HubSpot, Salesforce
        ("Email Opt Out", "marketing_opt_out"),  # Salesforce, Zoho
        ("Unsubscribed", "marketing_opt_out"),
        ("Do Not Email", "marketing_opt_out"),
        ("Unsubscribed from all email", "marketing_opt_out"),  # HubSpot
        ("Do not allow Emails", "marketing_opt_out"),  # Dynamics 365
        ("Person - Email", "email"),  # Pipedrive
        ("Address 1: ZIP/Postal Code", "postcode"),  # Dynamics 365
        ("HasOptedOutOfEmail", "marketing_opt_out"),  # Salesforce's API name
        ("MailingPostalCode", "postcode"),
        ("first_name", "first_name"),  # our own
        ("  EMAIL_address ", "email"),
    ],
)
def test_headers_are_read_by_the_names_crms_export(header: str, role: str) -> None:
    assert HEADER_NAMES[header_key(header)] == role


def test_every_name_has_a_role_and_no_name_two() -> None:
    assert set(HEADER_NAMES.values()) == set(ROLES)
    assert all(key == header_key(key) for key in HEADER_NAMES)


def test_a_map_takes_precedence_and_can_say_none() -> None:
    headers = ["Email", "Work Email", "Notes", "Comments"]
    columns = infer_columns(headers, [], given={"email": ["work email"], "notes": []})
    assert columns.roles == {"email": ("Work Email",)}
    assert columns.reasons == {"Work Email": "the map"}
    assert columns.unmapped == ("Email", "Notes", "Comments")


@pytest.mark.parametrize(
    ("given", "code", "field"),
    [
        ({"shoe_size": ["Email"]}, "unknown_role", "shoe_size"),
        ({"notes": ["Memo"]}, "unknown_column", "notes"),
    ],
)
def test_a_map_naming_what_is_not_there_is_refused(
    given: dict[str, list[str]], code: str, field: str
) -> None:
    with pytest.raises(InvalidValue) as raised:
        infer_columns(["Email"], [], given=given)
    assert (raised.value.code, raised.value.field) == (code, field)


def test_content_decides_where_the_header_says_nothing() -> None:
    sample = [
        {"A": "a@example.com", "B": "07400 123456", "C": "SW1A 1AA", "D": "blue"},
        {"A": "b@example.com", "B": "+44 20 7946 0018", "C": "ls6 2ab", "D": "red"},
        {"A": "c@example.com", "B": "0161 496 0000", "C": "EH1 1YZ", "D": "green"},
    ]
    columns = infer_columns(["A", "B", "C", "D"], sample)
    assert columns.roles == {"email": ("A",), "phone": ("B",), "postcode": ("C",)}
    assert columns.reasons["A"] == "its content"
    assert columns.unmapped == ("D",)
    # Two cells are too few to go on, and one e-mail in four is a column of notes.
    assert infer_columns(["A"], sample[:2]).roles == {}
    mixed = [{"A": "a@example.com"}, {"A": "call back"}, {"A": "left voicemail"}, {"A": "ok"}]
    assert infer_columns(["A"], mixed).roles == {}


@pytest.mark.parametrize("headers", [["Where", "Postcode"], ["Postcode", "Where"]])
def test_content_never_takes_a_role_a_header_has_named(headers: list[str]) -> None:
    sample = [{"Where": code, "Postcode": code} for code in ("SW1A 1AA", "LS6 2AB", "EH1 1YZ")]
    assert infer_columns(headers, sample).roles == {"postcode": ("Postcode",)}


def test_a_nested_json_key_is_read_by_its_last_part() -> None:
    assert infer_columns(["properties.email"], []).roles == {"email": ("properties.email",)}


def test_the_printed_map_quotes_what_toml_must() -> None:
    columns = ColumnMap(
        roles={"notes": ('Say "hi"\\',)}, reasons={'Say "hi"\\': "the map"}, unmapped=("a\tb",)
    )
    assert columns.to_toml().splitlines()[1:] == [
        'notes = ["Say \\"hi\\"\\\\"]  # the map',
        '# No role, scanned for what must not be kept: "a\\u0009b"',
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2012-03-04",
        "2012-03-04 10:00:00",
        "2012-03-04T10:00:00Z",
        "2012-03-04T10:00:00.000+0000",  # Salesforce's API
        "2012-03-04 10:00",
        "04/03/2012",
        "4/3/2012",
        "04/03/2012 10:00",
        "04/03/2012, 10:00",
        "04/03/2012 10:00:00 PM",
        "04-03-2012",
        "04.03.2012",
        "2012/03/04",
        "4 March 2012",
        "4th Mar 2012",
        "Mar 4, 2012",
        "March 4, 2012 10:00 AM",
        "Sunday, 4 March 2012",
        "2012-03-04 10:00:00 UTC",
    ],
)
def test_dates_as_exports_write_them(text: str) -> None:
    assert export_day(text) == date(2012, 3, 4)


@pytest.mark.parametrize(
    "text", ["", "last Tuesday", "04/03/12", "31/02/2012", "13/13/2012", "2012-13-01", "25:00"]
)
def test_what_is_not_a_day_is_refused_without_the_text(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        export_day(text, field="Created Date")
    assert (raised.value.code, raised.value.field) == ("invalid_date", "Created Date")
    assert text not in str(raised.value) or not text


def test_the_us_order_is_month_first() -> None:
    assert export_day("12/25/2019", order=DateOrder.US) == date(2019, 12, 25)
    with pytest.raises(InvalidValue):
        export_day("12/25/2019")


def test_a_zoned_time_is_the_uk_day_it_falls_on_either_side_of_midnight_in_summer() -> None:
    """An instant's legal day is the UK calendar day (BST is UTC+1 in summer)."""
    assert export_day("2026-07-01T22:59:59Z") == date(2026, 7, 1)  # 23:59:59 BST
    assert export_day("2026-07-01T23:00:00Z") == date(2026, 7, 2)  # 00:00 BST
    assert export_day("2026-12-31T23:30:00Z") == date(2026, 12, 31)  # GMT in winter
    assert export_day("01/07/2026 23:30 +00:00") == date(2026, 7, 2)
    # With no zone, the time is already UK time: the day is as written.
    assert export_day("2026-07-01 23:30") == date(2026, 7, 1)


def test_excel_serial_days_only_where_the_cell_is_a_workbook_s() -> None:
    assert export_day("40972", serials=True) == date(2012, 3, 4)
    assert export_day("40972.75", serials=True) == date(2012, 3, 4)
    assert export_day("61", serials=True) == date(1900, 3, 1)  # past Excel's 29 Feb 1900
    assert export_day("59", serials=True) == date(1900, 2, 28)
    assert export_day("1", serials=True) == date(1900, 1, 1)
    with pytest.raises(InvalidValue):
        export_day("40972")


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_every_day_round_trips_through_the_forms_people_write(day: date) -> None:
    """Each published form of a day (ISO 8601, dd/mm/yyyy, the month in words) reads back."""
    for text, order in (
        (day.isoformat(), DateOrder.UK),
        (f"{day.day:02d}/{day.month:02d}/{day.year:04d}", DateOrder.UK),
        (f"{day.month}/{day.day}/{day.year:04d}", DateOrder.US),
        (f"{day.day} {day.strftime('%B')} {day.year:04d}", DateOrder.UK),
        (f"{day.strftime('%b')} {day.day}, {day.year:04d}", DateOrder.UK),
    ):
        assert export_day(text, order=order) == day
    serial = (day - date(1899, 12, 30)).days
    assert export_day(str(serial), serials=True) == day


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1)))  # noqa: DTZ001
def test_an_instant_in_utc_is_its_day_in_london(moment: datetime) -> None:
    aware = moment.replace(tzinfo=UTC)
    expected = aware.astimezone(LONDON).date()
    assert export_day(aware.isoformat()) == expected
    assert export_day(aware.strftime("%d/%m/%Y %H:%M") + " Z") == (
        (aware.replace(second=0, microsecond=0)).astimezone(LONDON).date()
    )
    assert expected - moment.date() in {timedelta(0), timedelta(days=1)}


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("Yes", "marketing_consent", True),
        ("opted in", "marketing_consent", True),
        ("No", "marketing_consent", False),
        ("implied", "marketing_consent", None),
        ("pre-ticked", "marketing_consent", None),
        ("", "marketing_consent", None),
        ("Allow", "marketing_consent", True),
        # An opt-out column says only that there is no consent, never that there is.
        ("TRUE", "marketing_opt_out", False),
        ("1", "marketing_opt_out", False),
        ("Unsubscribed", "marketing_opt_out", False),
        ("false", "marketing_opt_out", None),
        ("0", "marketing_opt_out", None),
        ("", "marketing_opt_out", None),
        ("Do Not Allow", "marketing_opt_out", False),
        ("Allow", "marketing_opt_out", None),
    ],
)
def test_consent_cells_are_read_with_their_polarity(
    text: str, role: str, expected: bool | None
) -> None:
    assert consent_given(text, role) is expected


@given(st.text(max_size=30), st.sampled_from(["marketing_consent", "marketing_opt_out"]))
def test_an_opt_out_column_never_gives_consent(text: str, role: str) -> None:
    """PECR reg. 22(2): only the recipient's prior consent is consent; silence is not."""
    said = consent_given(text, role)
    if role == "marketing_opt_out":
        assert said is not True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2012-3-4", date(2012, 3, 4)),
        ("2012-03-04 10:00 BST", date(2012, 3, 4)),
        ("2012-07-01 23:30 GMT", date(2012, 7, 2)),  # 00:30 BST
        ("01/07/2012 23:30 BST", date(2012, 7, 1)),
    ],
)
def test_dates_with_single_digits_or_uk_zone_names(text: str, expected: date) -> None:
    assert export_day(text) == expected


def test_a_repeated_header_has_the_role_of_its_name() -> None:
    columns = infer_columns(["Notes", "Notes (2)", "Email (2)"], [])
    assert columns.roles == {"email": ("Email (2)",), "notes": ("Notes", "Notes (2)")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("transactional", False),  # Mailchimp: receipts, not marketing
        ("never_subscribed", False),
        ("non-subscribed", False),
        ("1.0", True),  # a spreadsheet's number
        ("0.0", False),
        ("Yes - double opt-in", True),
        ("confirmed", True),
    ],
)
def test_what_mailing_tools_write_in_consent_columns(text: str, expected: bool) -> None:
    assert consent_given(text, "marketing_consent") is expected


def test_a_header_with_a_lone_surrogate_is_named_in_a_map_by_u_fffd() -> None:
    # TOML holds no lone surrogate; the printed map writes U+FFFD, and reads back to
    # that header, not to another that differs only there.
    headers = ["EMAIL", "EMAIL\ud800"]
    printed = infer_columns(headers, []).to_toml()
    assert 'email = ["EMAIL", "EMAIL\ufffd"]' in printed
    given = infer_columns(headers, [], given={"email": ["EMAIL\ufffd"]})
    assert given.roles == {"email": ("EMAIL\ud800",)}
