"""`audit_rows` on rows as hosts really hand them over: database rows, pandas, headerless CSV."""

from __future__ import annotations

import csv
import io
import math
import sqlite3
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import pytest

from custrecords import Guidelines, InvalidValue, RowAudit, audit_rows, converter
from custrecords.export_audit import checks_not_run, shown_in_full
from custrecords.exports import ColumnMap, infer_columns

TODAY = date(2026, 11, 30)
UK = Guidelines.uk_default()
HEADERS = ["ID", "Email", "Phone", "Notes"]
COLUMNS = infer_columns(HEADERS, [])


def _codes(rows: Sequence[object], columns: ColumnMap = COLUMNS) -> list[list[tuple[str, str]]]:
    return [
        [(problem.code, problem.column) for problem in result.problems]
        for result in audit_rows(rows, columns, UK, today=TODAY)  # type: ignore[arg-type]
    ]


def test_rows_read_with_their_first_row_as_the_header_are_refused_without_the_data() -> None:
    text = "C9,ann.lee@example.com,07400 123456,Paid 4111 1111 1111 1111\r\n"
    text += "C10,bo@example.com,07400 123457,CVV 123\r\n"
    rows = list(csv.DictReader(io.StringIO(text)))
    with pytest.raises(InvalidValue) as raised:
        list(audit_rows(rows, infer_columns(list(rows[0]), rows), UK, today=TODAY))
    assert raised.value.code == "header_holds_data"
    for value in ("ann.lee", "4111", "07400"):
        assert value not in str(raised.value)
        assert value not in repr(raised.value)


def test_a_pandas_empty_cell_is_empty_and_a_whole_float_is_its_digits() -> None:
    row = {"ID": "C1", "Email": math.nan, "Phone": 7400123456.0, "Notes": math.nan}
    assert _codes([row]) == [[("unnormalised_phone", "Phone")]]


def test_cells_of_every_type_a_database_or_json_gives_are_audited_not_refused() -> None:
    row = {
        "ID": 17,
        "Email": None,
        "Phone": Decimal("7400123456"),
        "Notes": {"text": "Paid by card 4111 1111 1111 1111", "tags": ["vip", b"CVV 123"]},
    }
    codes = _codes([row])
    assert ("must_not_keep", "Notes.text") in codes[0]
    assert ("must_not_keep", "Notes.tags") in codes[0]


def test_cells_past_the_header_are_audited_too() -> None:
    text = "ID,Email,Phone,Notes\r\nC1,a@example.com,07400 123456,ok,CVV 123\r\n"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert ("must_not_keep", "(cells past the header)") in _codes(rows)[0]


def test_a_sqlite_row_is_a_row() -> None:
    database = sqlite3.connect(":memory:")
    database.row_factory = sqlite3.Row
    database.execute("create table customers (ID, Email, Phone, Notes)")
    database.execute("insert into customers values ('C1', 'jo@example', '07400 123456', '')")
    rows = database.execute("select * from customers")
    assert _codes(list(rows)) == [[("invalid_email", "Email"), ("unnormalised_phone", "Phone")]]


def test_an_empty_row_has_no_problems_whatever_the_columns() -> None:
    columns = infer_columns([*HEADERS, "Email Opt Out"], [])
    results = list(audit_rows([{}, dict.fromkeys(columns.roles, "")], columns, UK, today=TODAY))
    assert [result.problems for result in results] == [(), ()]


@pytest.mark.parametrize("rows", [None, 5, "ID,Email", {"ID": "C1"}])
def test_rows_that_are_no_iterable_of_rows_are_refused(rows: object) -> None:
    with pytest.raises(InvalidValue) as raised:
        audit_rows(rows, COLUMNS, UK, today=TODAY)  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == ("wrong_type", "rows")


def test_infer_columns_reads_cells_of_any_type_and_leaves_out_cells_past_the_header() -> None:
    columns = infer_columns(["ID", "Mobile", None], [{"ID": 5, "Mobile": 7400123456}] * 5)  # type: ignore[list-item]
    assert columns.roles["id"] == ("ID",)


@pytest.mark.parametrize(
    ("headers", "sample"), [("ID,Email", []), (["ID", 3], []), (["ID"], ["C1"])]
)
def test_infer_columns_refuses_what_is_no_header_or_row(headers: object, sample: object) -> None:
    with pytest.raises(InvalidValue) as raised:
        infer_columns(headers, sample)  # type: ignore[arg-type]
    assert raised.value.code == "wrong_type"


def test_the_helpers_refuse_what_is_not_theirs() -> None:
    with pytest.raises(InvalidValue):
        checks_not_run({"email": ["Email"]})  # type: ignore[arg-type]
    (result,) = audit_rows([{"ID": "C1", "Email": "Jo@Example.COM"}], COLUMNS, UK, today=TODAY)
    (problem,) = result.problems
    with pytest.raises(InvalidValue):
        shown_in_full("x", {})  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        shown_in_full(problem, None)  # type: ignore[arg-type]
    assert shown_in_full(problem, {}) == problem.message


def test_a_record_closed_before_it_was_created_is_implausible_and_not_counted() -> None:
    columns = infer_columns(["ID", "Created Date", "Closed Date"], [])
    row = {"ID": "C1", "Created Date": "2020-01-01", "Closed Date": "2010-01-01"}
    (result,) = audit_rows([row], columns, UK, today=TODAY)
    assert [(p.code, p.column) for p in result.problems] == [("implausible_date", "Closed Date")]


@pytest.mark.parametrize("said", ["Do Not Email", "DO NOT CONTACT", "no marketing"])
def test_an_opt_out_column_saying_do_not_email_is_an_opt_out(said: str) -> None:
    columns = infer_columns(["ID", "Email Opt Out"], [])
    (result,) = audit_rows([{"ID": "C1", "Email Opt Out": said}], columns, UK, today=TODAY)
    assert "consent_not_recorded" not in [p.code for p in result.problems]


def test_a_row_audit_is_never_at_a_negative_place() -> None:
    with pytest.raises(ValueError, match="index"):
        RowAudit(index=-1, record_id=None, problems=())


def test_the_converter_refuses_a_row_audit_at_a_negative_place() -> None:
    with pytest.raises(InvalidValue):
        converter.structure({"index": -1, "record_id": None, "problems": []}, RowAudit)


def test_an_audit_keeps_nothing_of_the_cells_once_it_ends() -> None:
    from custrecords import export_audit

    rows = [{"ID": f"C{n}", "Email": "jo@example.com", "Notes": "Mrs Jones"} for n in range(5)]
    results = audit_rows(rows, COLUMNS, UK, today=TODAY)
    next(results)
    assert export_audit._scanned_short.cache_info().currsize > 0
    list(results)
    assert export_audit._scanned_short.cache_info().currsize == 0
    assert export_audit._normal_form.cache_info().currsize == 0


def test_infer_columns_refuses_headers_that_are_a_customers_details() -> None:
    text = "ann@example.com,07400 123456,4111111111111111\nbo@example.com,07400 123457,x\n"
    rows = list(csv.DictReader(io.StringIO(text)))
    with pytest.raises(InvalidValue) as raised:
        infer_columns(list(rows[0]), rows)
    assert (raised.value.code, raised.value.field) == ("header_holds_data", "headers")
    for value in ("ann@", "07400", "4111"):
        assert value not in str(raised.value)
