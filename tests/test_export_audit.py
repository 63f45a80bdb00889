"""custrecords.export_audit: the audit of exported rows, as hosts and the command call it."""

from __future__ import annotations

import csv
import io
import itertools
import json
import sqlite3
from concurrent.futures import Future
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custrecords import Guidelines, InvalidValue, RowAudit, audit_rows, converter, export_audit
from custrecords.cli import main
from custrecords.export_audit import shown_in_full
from custrecords.exports import infer_columns
from custrecords.testing import EXPORT_HEADERS, export_rows

TODAY = date(2026, 11, 30)
GUIDELINES = Guidelines.uk_default()


def api_report(name: str) -> list[tuple[str | None, list[list[object]]]]:
    """A demo export audited by the API alone: read by csv, columns inferred."""
    text = resources.files("custrecords").joinpath(name).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    columns = infer_columns(list(rows[0]), rows[:200])
    return [
        (result.record_id, [[p.code, p.column, p.message, p.must_fix] for p in result.problems])
        for result in audit_rows(rows, columns, GUIDELINES, today=TODAY)
        if result.problems
    ]


@pytest.mark.parametrize(
    ("demo", "name"), [("records", "demo_customers.csv"), ("crm", "demo_crm_export.csv")]
)
def test_the_command_and_the_api_agree_on_the_demo_exports(demo: str, name: str) -> None:
    out = io.StringIO()
    main(["audit", "--demo", demo, "--today", TODAY.isoformat(), "--format", "json"], stdout=out)
    *records, _ = (json.loads(line) for line in out.getvalue().splitlines())
    command = [
        (
            None if record["id"].startswith("line ") else record["id"],
            [[p["kind"], p["column"], p["detail"], p["must_fix"]] for p in record["problems"]],
        )
        for record in records
    ]
    api = api_report(name)
    assert len(api) > 100
    assert command == api


def test_every_check_runs_on_a_row() -> None:
    row = {
        "id": "C1",
        "Email": "ann@example",
        "Phone": "07400 123456",
        "DOB": "01/02/1970",
        "Notes": "CVV 123",
        "Created Date": "01/01/2010",
        "Last Activity": "01/01/2011",
        "Closed Date": "01/01/2012",
        "Marketing Consent": "yes",
        "Email Opt Out": "true",
    }
    columns = infer_columns(list(row), [row])
    (result,) = audit_rows([row], columns, GUIDELINES, today=TODAY)
    assert result.index == 0
    assert result.record_id == "C1"
    assert [(p.code, p.column, p.rule) for p in result.problems] == [
        ("invalid_email", "Email", "fields.email_addresses"),
        ("unnormalised_phone", "Phone", "fields.phone_numbers"),
        ("must_not_keep", "Notes", "fields.card_security_code.keep"),
        ("irrelevant", "DOB", "fields.date_of_birth.purposes"),
        ("stale", "Email", "fields.email_addresses.reconfirm_every"),
        ("stale", "Phone", "fields.phone_numbers.reconfirm_every"),
        ("retention_due", "record", "contract-records"),
        ("retention_due", "record", "identity-checks"),
        ("consent_contradicted", "Email Opt Out", 'purposes."marketing.communications.email"'
         ".lawful_basis"),
    ]  # fmt: skip
    card = result.problems[2]
    assert card.source.startswith("PCI DSS")
    assert (card.category, card.start, card.end) == (
        "user.financial.credit_card.security_code",
        4,
        7,
    )
    assert result.problems[6].due == date(2018, 1, 1)
    assert result.must_fix


def test_a_changed_guideline_changes_the_audit(tmp_path: Path) -> None:
    """The audit has no rule of its own: staleness is the field rule's reconfirm_every."""
    row = {"Email": "ann@example.com", "Created Date": "2025-01-01"}
    columns = infer_columns(list(row), [row])
    (before,) = audit_rows([row], columns, GUIDELINES, today=TODAY)
    assert before.problems == ()
    text = resources.files("custrecords").joinpath("uk_default.toml").read_text(encoding="utf-8")
    path = tmp_path / "guidelines.toml"
    path.write_text(text.replace('reconfirm_every = "P2Y"', 'reconfirm_every = "P1Y"', 1))
    (after,) = audit_rows([row], columns, Guidelines.from_toml(path), today=TODAY)
    assert [(p.code, p.due) for p in after.problems] == [("stale", date(2026, 1, 1))]


def test_rows_from_a_database_cursor() -> None:
    database = sqlite3.connect(":memory:")
    database.execute("create table contacts (id integer, email text, notes text, created date)")
    database.execute(
        "insert into contacts values (7, 'Ann@Example.com', 'pw: hunter22', '2012-03-04')"
    )
    cursor = database.execute("select * from contacts")
    names = [column[0] for column in cursor.description]
    rows = (dict(zip(names, row, strict=True)) for row in cursor)
    columns = infer_columns(names, [], given={"created_at": ["created"]})
    (result,) = audit_rows(rows, columns, GUIDELINES, today=TODAY)
    assert result.record_id == "7"
    assert [p.code for p in result.problems] == [
        "unnormalised_email",
        "must_not_keep",
        "stale",
        "retention_due",
    ]
    database.close()


def test_cells_of_other_types_are_read_as_text() -> None:
    row = {"id": 7, "Email": None, "Created Date": date(2012, 3, 4), "Opt In": True, "n": 1.5}
    columns = infer_columns(list(row), [])
    (result,) = audit_rows([row], columns, GUIDELINES, today=TODAY)
    assert result.record_id == "7"
    assert [p.code for p in result.problems] == ["retention_due"]
    when = {"Last Activity": datetime(2026, 1, 1, 10, 0, tzinfo=UTC)}
    (result,) = audit_rows([when], infer_columns(list(when), []), GUIDELINES, today=TODAY)
    assert result.problems == ()


def test_a_partial_row_has_the_checks_its_columns_allow() -> None:
    """A row that lacks a column is judged without it: no date, no retention."""
    columns = infer_columns(["id", "Email", "Notes", "Created Date", "Email Opt Out"], [])
    rows = [{"Notes": "card 4111 1111 1111 1111"}, {"Email": "a@example.com"}]
    first, second = audit_rows(rows, columns, GUIDELINES, today=TODAY)
    assert [p.code for p in first.problems] == ["must_not_keep", "consent_not_recorded"]
    assert [p.code for p in second.problems] == ["consent_not_recorded"]
    assert (first.index, second.index, first.record_id) == (0, 1, None)


def test_an_id_holding_what_the_scanner_finds_is_not_given() -> None:
    row = {"id": "ann@example.com", "Notes": ""}
    (result,) = audit_rows([row], infer_columns(list(row), []), GUIDELINES, today=TODAY)
    assert result.record_id is None
    assert "ann@example.com" not in repr(result)


def test_the_audit_streams_an_endless_iterable() -> None:
    row = {"Notes": "CVV 123"}
    rows = itertools.repeat(row)
    results = list(itertools.islice(audit_rows(rows, infer_columns(["Notes"], []), GUIDELINES,
                                               today=TODAY), 3))  # fmt: skip
    assert [result.index for result in results] == [0, 1, 2]


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"columns": {"email": ("Email",)}}, "columns"),
        ({"guidelines": "uk"}, "guidelines"),
        ({"today": datetime(2026, 11, 30, 9, 0, tzinfo=UTC)}, "today"),
        ({"dates": "uk"}, "dates"),
        ({"jobs": 0}, "jobs"),
        ({"jobs": "2"}, "jobs"),
        ({"jobs": True}, "jobs"),
    ],
)
def test_wrong_arguments_are_refused_at_once(arguments: dict[str, Any], field: str) -> None:
    given_: dict[str, Any] = {
        "columns": infer_columns(["Email"], []),
        "guidelines": GUIDELINES,
        "today": TODAY,
    }
    given_.update(arguments)
    with pytest.raises(InvalidValue) as raised:
        audit_rows(iter(()), **given_)
    assert (raised.value.code, raised.value.field) == ("wrong_type", field)


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (["ann@example.com"], "rows"),
        ({1: "ann@example.com"}, "rows"),
    ],
)
def test_a_row_that_is_not_a_mapping_of_cells_is_refused_without_its_data(
    row: Any, field: str
) -> None:
    results = audit_rows([row], infer_columns(["Email"], []), GUIDELINES, today=TODAY)
    with pytest.raises(InvalidValue) as raised:
        next(results)
    assert (raised.value.code, raised.value.field) == ("wrong_type", field)
    assert "ann" not in str(raised.value)


COLUMNS = infer_columns(EXPORT_HEADERS, [])
# Dates, and consent cells' yes and no, are not the customer's data.
NOT_VALUES = {"Created Date", "Last Activity", "Closed Date", "Marketing Consent", "Email Opt Out"}


@settings(max_examples=150, deadline=None)
@given(st.lists(export_rows(), min_size=1, max_size=4))
def test_no_value_of_a_row_is_in_any_result(rows: list[dict[str, str]]) -> None:
    """UK GDPR Article 32 and the principle of this library: results name, never show.

    No cell's value, as written or normalised, is in the repr, str or JSON of a result,
    but for the record's id and its dates (created, last contact, closed), which are
    not the customer's data but what retention and staleness are reckoned from, and
    consent cells, whose yes and no are words of the report too. The
    advice to write a contact detail in normal form masks it as its repr does.
    """
    for result in audit_rows(rows, COLUMNS, GUIDELINES, today=TODAY):
        row = rows[result.index]
        shown = repr(result) + str(result) + json.dumps(converter.unstructure(result))
        for column, cell in row.items():
            if column in NOT_VALUES or column == "Contact ID" or len(cell.strip()) < 4:
                continue
            assert cell.strip() not in shown
            assert cell.strip().lower() not in shown.lower()
        for problem in result.problems:
            assert shown_in_full(problem, row) == problem.message or problem.code.startswith(
                "unnormalised_"
            )


@settings(max_examples=50, deadline=None)
@given(st.lists(export_rows(), min_size=1, max_size=3))
def test_results_round_trip_through_the_converter(rows: list[dict[str, str]]) -> None:
    for result in audit_rows(rows, COLUMNS, GUIDELINES, today=TODAY):
        data = json.loads(json.dumps(converter.unstructure(result)))
        assert converter.structure(data, RowAudit) == result


def demo_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("custrecords").joinpath(name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("name", ["demo_customers.csv", "demo_crm_export.csv"])
def test_a_pool_gives_the_results_one_process_gives_in_the_same_order(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_audit, "_CHUNK", 16)
    rows = demo_rows(name)
    columns = infer_columns(list(rows[0]), rows[:200])
    one = list(audit_rows(rows, columns, GUIDELINES, today=TODAY))
    pooled = list(audit_rows(iter(rows), columns, GUIDELINES, today=TODAY, jobs=2))
    assert [result.index for result in pooled] == list(range(len(rows)))
    assert one == pooled


def test_fewer_rows_than_a_chunk_are_audited_without_a_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_pool(*arguments: object, **keywords: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(export_audit, "ProcessPoolExecutor", no_pool)
    rows = demo_rows("demo_customers.csv")[:10]
    columns = infer_columns(list(rows[0]), rows)
    one = list(audit_rows(rows, columns, GUIDELINES, today=TODAY))
    assert one == list(audit_rows(rows, columns, GUIDELINES, today=TODAY, jobs=4))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_row_that_cannot_be_audited_stops_a_pool_where_it_stops_one_process(
    jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_audit, "_CHUNK", 4)
    rows: list[Any] = [{"Notes": f"note {number}"} for number in range(13)]
    rows[11] = {3: "CVV 123"}  # a column named by a number
    results = audit_rows(rows, infer_columns(["Notes"], []), GUIDELINES, today=TODAY, jobs=jobs)
    seen: list[int] = []
    with pytest.raises(InvalidValue) as raised:
        seen.extend(result.index for result in results)  # up to the row that stops it
    assert seen == list(range(11))
    assert (raised.value.code, raised.value.field) == ("wrong_type", "rows")


def test_an_error_in_a_worker_is_raised_after_the_rows_before_it() -> None:
    audited = RowAudit(index=0, record_id="C1", problems=())
    done: Future[Any] = Future()
    done.set_result(([audited], InvalidValue("wrong_type", "Notes", "must be text")))
    results = export_audit._results(done)
    assert next(results) == audited
    with pytest.raises(InvalidValue) as raised:
        next(results)
    assert (raised.value.code, raised.value.field) == ("wrong_type", "Notes")
