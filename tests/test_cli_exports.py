"""The audit on exports as CRMs and spreadsheets really save them.

Each export here is written byte for byte as the tool that makes it writes it: a
Salesforce report saved by Excel (a byte-order mark, CRLF, a cell over two lines),
the same from a European Excel (``;``) and a Windows one (Windows-1252), HubSpot,
Dynamics 365 and Mailchimp exports with their own headers, Excel's "Unicode Text"
(UTF-16, tabs), and a workbook. None of them uses custrecords' own column names.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from custrecords.cli import main

TODAY = "2026-11-30"

SALESFORCE_HEADER = (
    "First Name,Last Name,Email,Mobile Phone,Mailing Street,Mailing Postal Code,Description,"
    "Created Date,Email Opt Out"
)
SALESFORCE_ROWS = (
    'Amélie,Dupont,amelie.dupont@example.com,07400 123456,"12 Rue Street\nFlat 3",sw1a 1aa,'
    "Called re bill of £120. Paid by card no: 4111111111111111 exp 12/27 cvv 123,03/04/2021,"
    "false\r\n"
    "John,O'Neil,JOHN.ONEIL@Example.COM,+44 (0)7400 123457,1 High St,EC1A 1BB,"
    '"He said ""pw: hunter2""; sort code 20-00-00 acc 12345678",25/12/2019,true\r\n'
    'Sarah,Smith,not-an-email,01632 960000,2 Low Rd,XX1 1XX,"NINO QQ 12 34 56 C, diagnosed '
    'with diabetes",01/01/2015,\r\n'
)
SALESFORCE = f"{SALESFORCE_HEADER}\r\n{SALESFORCE_ROWS}"
# As Excel saves it: "CSV UTF-8" with a byte-order mark; a European Excel's ";"; and
# "CSV (Comma delimited)" on a UK Windows, in Windows-1252.
SALESFORCE_BOM_CRLF = b"\xef\xbb\xbf" + SALESFORCE.encode()
SEMICOLON = (
    b"\xef\xbb\xbf"
    + (
        SALESFORCE_HEADER.replace(",", ";")
        + "\r\n"
        + 'Amélie;Dupont;amelie.dupont@example.com;07400 123456;"12 Rue Street\nFlat 3";sw1a 1aa;'
        "Called re bill of £120. Paid by card no: 4111111111111111 exp 12/27 cvv 123;03/04/2021;"
        "false\r\n"
        "John;O'Neil;JOHN.ONEIL@Example.COM;+44 (0)7400 123457;1 High St;EC1A 1BB;"
        '"He said ""pw: hunter2""; sort code 20-00-00 acc 12345678";25/12/2019;true\r\n'
        "Sarah;Smith;not-an-email;01632 960000;2 Low Rd;XX1 1XX;NINO QQ 12 34 56 C, diagnosed "
        "with diabetes;01/01/2015;\r\n"
    ).encode()
)
WINDOWS_1252 = SALESFORCE.encode("cp1252")
# Nothing of these may ever be printed: the report names columns, kinds and positions.
SECRETS = (
    "4111",
    "hunter2",
    "20-00-00",
    "12345678",
    "Amélie",
    "Dupont",
    "amelie.dupont",
    "ONEIL",
    "07400",
    "diabetes",
    "£120",
)


def audit(
    tmp_path: Path, data: bytes, *arguments: str, name: str = "export.csv"
) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    status = main(["audit", str(path), "--today", TODAY, *arguments], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def problems(tmp_path: Path, data: bytes, *arguments: str, name: str = "export.csv") -> Any:
    """(status, {line: [(kind, column, detail)]}, summary) from the JSON report."""
    status, out, err = audit(tmp_path, data, "--format", "json", *arguments, name=name)
    assert err == "", err
    *records, last = (json.loads(line) for line in out.splitlines())
    found = {
        record["line"]: [(p["kind"], p["column"], p["detail"]) for p in record["problems"]]
        for record in records
    }
    return status, found, last["summary"]


def kinds(found: list[tuple[str, str, str]]) -> set[tuple[str, str]]:
    return {(kind, column) for kind, column, _ in found}


def categories(found: list[tuple[str, str, str]]) -> set[str]:
    return {detail.split(" at ")[0] for kind, _, detail in found if " at " in detail}


@pytest.mark.parametrize(
    "data",
    [SALESFORCE_BOM_CRLF, SEMICOLON, WINDOWS_1252],
    ids=["utf8-bom-crlf", "semicolon", "windows-1252"],
)
def test_a_salesforce_export_as_excel_saves_it_is_audited_without_a_map(
    tmp_path: Path, data: bytes
) -> None:
    status, found, summary = problems(tmp_path, data)
    assert status == 1
    assert summary["records"] == 3
    assert summary["columns"]["notes"] == ["Description"]
    assert summary["columns"]["marketing_opt_out"] == ["Email Opt Out"]
    # Amélie's row starts on line 2 and runs over two lines; John's starts on line 4.
    assert set(found) == {2, 4, 5}
    assert {
        "user.financial.credit_card",
        "user.financial.credit_card.expiry_date",
        "user.financial.credit_card.security_code",
    } <= categories(found[2])
    assert ("must_not_keep", "Description") in kinds(found[2])
    assert {
        "user.authorization.password",
        "user.financial.bank_account.sort_code",
        "user.financial.bank_account.account_number",
    } <= categories(found[4])
    assert ("invalid_email", "Email") in kinds(found[5])
    # Email Opt Out = true is no consent, so nothing to say; false is not consent either.
    assert ("consent_not_recorded", "Email Opt Out") in kinds(found[2])
    assert "consent_not_recorded" not in {kind for kind, _ in kinds(found[4])}
    # 25/12/2019 is read as a UK date: the record is dormant, and its retention is due.
    assert ("retention_due", "record") in kinds(found[4])


def test_the_windows_1252_export_reads_the_same_when_its_encoding_is_given(
    tmp_path: Path,
) -> None:
    detected = problems(tmp_path, WINDOWS_1252)
    given = problems(tmp_path, WINDOWS_1252, "--encoding", "cp1252")
    assert detected[1] == given[1]
    assert detected[2]["read_as"] == "delimited by comma, in cp1252"


@pytest.mark.parametrize("data", [SALESFORCE_BOM_CRLF, SEMICOLON, WINDOWS_1252])
@pytest.mark.parametrize("output", ["text", "json", "html"])
def test_no_cell_is_ever_printed(tmp_path: Path, data: bytes, output: str) -> None:
    _, out, _ = audit(tmp_path, data, "--format", output)
    for secret in SECRETS:
        assert secret not in out


def test_a_file_that_cannot_be_decoded_is_one_line_naming_the_file_and_offset(
    tmp_path: Path,
) -> None:
    # 0x81 is undefined in Windows-1252, and begins no UTF-8 character.
    data = b"id,notes\nC1,caf\xc3\xa9 \x81\n"
    status, out, err = audit(tmp_path, data)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert "export.csv: neither UTF-8 (byte 18 cannot be decoded)" in err
    assert "--encoding" in err
    status, out, err = audit(tmp_path, data, "--encoding", "utf-8")
    assert status == 2
    assert "export.csv: cannot be read as utf-8 (byte 18 cannot be decoded)" in err
    assert audit(tmp_path, data, "--encoding", "latin-1")[0] == 0


def test_a_byte_order_mark_does_not_swallow_the_first_column(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfid,email,notes\r\nC1,x@example.com,card 4111111111111111\r\n"
    status, out, _ = audit(tmp_path, data)
    assert status == 1
    assert "C1 (line 2): must_not_keep in notes: user.financial.credit_card at 5-21" in out


def test_dates_as_crms_export_them_are_one_day(tmp_path: Path) -> None:
    data = (
        b"id,email,created_at,closed_at\n"
        b"C1,a@example.com,2012-03-04,\n"
        b"C2,b@example.com,2012-03-04 10:00:00,\n"
        b"C3,c@example.com,2012-03-04T10:00:00Z,\n"
        b"C4,d@example.com,04/03/2012,\n"
    )
    status, found, _ = problems(tmp_path, data)
    assert status == 1
    for line in (2, 3, 4, 5):
        assert found[line] == [
            ("stale", "email", "not confirmed since 2012-03-04; due 2014-03-04"),
            ("retention_due", "record", "dormant-customers: review since 2018-03-04"),
        ]


def test_a_date_that_cannot_be_read_says_which_checks_were_not_made(tmp_path: Path) -> None:
    data = b"id,email,created_at\nC1,a@example.com,last Tuesday\nC2,b@example.com,12/25/2019\n"
    status, found, _ = problems(tmp_path, data)
    assert status == 1
    for line in (2, 3):
        assert found[line] == [
            (
                "unreadable_date",
                "created_at",
                "is not a date custrecords reads; retention and staleness were not checked "
                "for this record",
            )
        ]
    # Month first, where the CRM is set up for the US.
    _, us, _ = problems(tmp_path, data, "--dates", "us")
    assert ("retention_due", "record") in kinds(us[3])


def test_one_unreadable_date_stops_the_checks_the_others_would_mislead(
    tmp_path: Path,
) -> None:
    # Were the unreadable last activity ignored, the 2010 creation would make the record
    # look dormant and stale.
    data = b"id,email,Created Date,Last Activity\nC1,a@example.com,2010-01-01,last week\n"
    _, found, _ = problems(tmp_path, data)
    assert kinds(found[2]) == {("unreadable_date", "Last Activity")}


def test_a_value_in_the_consent_column_is_named_never_printed(tmp_path: Path) -> None:
    data = (
        b"id,email,marketing_consent\n"
        b"C1,a@example.com,4111111111111111 jane.doe@example.com 07400 123456\n"
    )
    status, out, _ = audit(tmp_path, data)
    assert status == 1
    assert "C1 (line 2): must_not_keep in marketing_consent: user.financial.credit_card" in out
    assert "C1 (line 2): marketing_without_consent in marketing_consent" in out
    for secret in ("4111", "jane.doe", "07400"):
        assert secret not in out


def test_json_lines_are_numbered_by_the_file_s_own_lines(tmp_path: Path) -> None:
    data = b'{"id":"A1","email":"bad"}\n\n{"id":"A2","email":"bad2"}\n'
    status, out, _ = audit(tmp_path, data, name="export.jsonl")
    assert status == 1
    assert "A1 (line 1): invalid_email" in out
    assert "A2 (line 3): invalid_email" in out


def test_a_lone_surrogate_is_audited_like_any_other_row(tmp_path: Path) -> None:
    data = b'{"id":"C1","notes":"\\ud800 card 4111111111111111 jane.doe@example.com"}\n'
    status, out, err = audit(tmp_path, data, name="export.jsonl")
    assert (status, err) == (1, "")
    assert "C1 (line 1): must_not_keep in notes: user.financial.credit_card at 7-23" in out


def test_a_hubspot_export(tmp_path: Path) -> None:
    data = (
        b"Record ID,First Name,Last Name,Email,Phone Number,Create Date,Last Activity Date,"
        b"Unsubscribed from all email,Notes\n"
        b"501,Priya,Patel,priya@example.com,+44 7400 100001,2019-03-04 10:00,"
        b"2019-06-01 09:30,false,Customer read out card 5555555555554444 over the phone\n"
        b"502,Owen,Evans,owen@example.com,07400 100002,2026-01-04 10:00,,true,\n"
    )
    status, found, summary = problems(tmp_path, data)
    assert status == 1
    assert summary["columns"] == {
        "id": ["Record ID"],
        "first_name": ["First Name"],
        "last_name": ["Last Name"],
        "email": ["Email"],
        "phone": ["Phone Number"],
        "notes": ["Notes"],
        "created_at": ["Create Date"],
        "last_interaction_at": ["Last Activity Date"],
        "marketing_opt_out": ["Unsubscribed from all email"],
    }
    assert ("must_not_keep", "Notes") in kinds(found[2])
    assert ("retention_due", "record") in kinds(found[2])
    assert 3 not in found or all(kind != "must_not_keep" for kind, _, _ in found[3])


def test_a_dynamics_365_export(tmp_path: Path) -> None:
    data = (
        b"(Do Not Modify) Contact,(Do Not Modify) Row Checksum,(Do Not Modify) Modified On,"
        b"Full Name,Email,Mobile Phone,Address 1: ZIP/Postal Code,Created On,"
        b"Do not allow Emails,Description\r\n"
        b"5f3c1c2e-8d3a-4b7e-9a55-0c2d9e6f1a10,Xk3Jd9P0qL2mZ7sT1vB8nR4wY6uC5eH0aG=,"
        b"04/03/2012 10:00,Grace Okafor,grace@example.com,07400 100003,M1 1AE,04/03/2012 10:00,"
        b"Do Not Allow,Security code is 737 for the Amex\r\n"
    )
    status, found, summary = problems(tmp_path, data)
    assert status == 1
    assert summary["columns"]["id"] == ["(Do Not Modify) Contact"]
    assert summary["columns"]["marketing_opt_out"] == ["Do not allow Emails"]
    ((line, row_problems),) = found.items()
    assert line == 2
    assert ("must_not_keep", "Description") in kinds(row_problems)
    # "Do Not Allow" is the customer's opt-out; a GUID, a checksum and dates are not cards.
    columns = {column for _, column in kinds(row_problems)}
    assert not {column for column in columns if "(Do Not Modify)" in column}
    assert "Do not allow Emails" not in columns


def test_a_mailchimp_audience_export(tmp_path: Path) -> None:
    data = (
        b"Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,CONFIRM_TIME,"
        b"LAST_CHANGED,LEID,EUID,NOTES\n"
        b"mei@example.com,Mei,Chen,2,2024-05-01 10:00:00,2024-05-01 10:05:00,"
        b"2024-06-01 12:00:00,123456789,a1b2c3d4e5,\n"
        b"tom@example.com,Tom,Jones,4,2024-05-02 10:00:00,2024-05-02 10:01:00,"
        b"2024-06-02 12:00:00,123456790,f6e5d4c3b2,\n"
    )
    status, found, summary = problems(tmp_path, data)
    assert summary["columns"]["email"] == ["Email Address"]
    assert summary["columns"]["id"] == ["LEID", "EUID"]
    assert (status, found) == (0, {})


def test_an_opt_in_beside_an_opt_out_is_consent(tmp_path: Path) -> None:
    data = b"id,Marketing Consent,Email Opt Out\nC1,yes,false\nC2,,false\n"
    _, found, _ = problems(tmp_path, data)
    assert list(found) == [3]
    assert kinds(found[3]) == {("consent_not_recorded", "Email Opt Out")}


def test_rows_of_empty_cells_are_not_records(tmp_path: Path) -> None:
    # Excel saves the rows a sheet once used as rows of delimiters.
    data = b"id,notes\r\nC1,cvv 123\r\n,\r\n,\r\n"
    assert problems(tmp_path, data)[2]["records"] == 1


def test_the_delimiter_is_the_one_that_splits_every_row_alike(tmp_path: Path) -> None:
    # Split on commas, this header is as wide as split on semicolons; its rows are not.
    data = "Name, First;Name, Last;Notes\nAmélie;Dupont;cvv 123\n".encode()
    _, found, summary = problems(tmp_path, data)
    assert summary["read_as"] == "delimited by semicolon, in utf-8"
    assert ("must_not_keep", "Notes") in kinds(found[2])


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path) -> None:
    text = "Contact ID\tEmail\tNotes\r\nC9\tsam@example.com\tPIN is 4821\r\n"
    status, out, _ = audit(tmp_path, b"\xff\xfe" + text.encode("utf-16-le"), name="export.txt")
    assert status == 1
    assert "C9 (line 2): must_not_keep in Notes: user.financial.credit_card.pin" in out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("id|email|notes\nP1|a@example.com|cvv 123\n", "export.txt"),
        ("id\temail\tnotes\nP1\ta@example.com\tcvv 123\n", "export.tsv"),
        ("sep=;\nid;email;notes\nP1;a@example.com;cvv 123\n", "export.csv"),
    ],
    ids=["pipes", "tabs", "excel-sep-line"],
)
def test_each_delimiter_is_found_from_the_file(tmp_path: Path, text: str, name: str) -> None:
    status, out, _ = audit(tmp_path, text.encode(), name=name)
    assert status == 1
    line = 3 if text.startswith("sep=") else 2
    assert f"P1 (line {line}): must_not_keep in notes: user.financial.credit_card" in out


def test_a_ten_megabyte_notes_cell_is_audited(tmp_path: Path) -> None:
    thread = ("> Thanks for your e-mail, we will be in touch shortly.\n" * 200_000)[:10_000_000]
    data = (f'id,notes\nT1,"{thread} card 4111 1111 1111 1111"\n').encode()
    status, out, _ = audit(tmp_path, data)
    assert status == 1
    assert "T1 (line 2): must_not_keep in notes: user.financial.credit_card" in out


def test_an_excel_workbook(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Contact ID", "Email", "Created Date", "Custom Field 7", "Email Opt Out"])
    # A workbook's times have no zone: they are UK local time.
    sheet.append(["W1", "w1@example.com", datetime(2012, 3, 4, 10, 0), "ok", False])  # noqa: DTZ001
    sheet.append([])  # a blank row, as people leave them
    # A card number typed into a number cell, and a date left as Excel's serial day.
    sheet.append(["W2", "w2@example.com", 40972, 4111111111111111, True])
    book.save(tmp_path / "export.xlsx")
    status, found, summary = problems(
        tmp_path, (tmp_path / "export.xlsx").read_bytes(), name="export.xlsx"
    )
    assert status == 1
    assert summary["read_as"] == "an Excel workbook; sheet 'Sheet'"
    assert ("retention_due", "record") in kinds(found[2])
    assert ("retention_due", "record") in kinds(found[4])
    assert ("must_not_keep", "Custom Field 7") in kinds(found[4])
    assert ("consent_not_recorded", "Email Opt Out") in kinds(found[2])
    assert "consent_not_recorded" not in {kind for kind, _ in kinds(found[4])}


def test_a_column_named_nothing_known_is_read_by_its_content(tmp_path: Path) -> None:
    data = (
        b"Col A,Col B,Custom Field 7\n"
        b"a@example.com,x,\nb@example.com,y,\nc@example.com,z,card 4111 1111 1111 1111\n"
    )
    status, found, summary = problems(tmp_path, data)
    assert status == 1
    assert summary["columns"] == {"email": ["Col A"]}
    assert ("must_not_keep", "Custom Field 7") in kinds(found[4])


def test_columns_prints_the_inferred_map_and_its_reasons(tmp_path: Path) -> None:
    status, out, _ = audit(tmp_path, SALESFORCE_BOM_CRLF, "--columns")
    assert status == 0
    assert 'email = ["Email"]  # header name\n' in out
    assert 'marketing_opt_out = ["Email Opt Out"]  # header name\n' in out
    # The printed map, passed back, reads the export the same way.
    (tmp_path / "map.toml").write_text(out, encoding="utf-8")
    assert (
        problems(tmp_path, SALESFORCE_BOM_CRLF, "--map", str(tmp_path / "map.toml"))[1]
        == problems(tmp_path, SALESFORCE_BOM_CRLF)[1]
    )


def test_a_map_naming_a_column_the_file_lacks_lists_the_headers(tmp_path: Path) -> None:
    (tmp_path / "map.toml").write_text('notes = "Comments"\n', encoding="utf-8")
    status, out, err = audit(tmp_path, SALESFORCE_BOM_CRLF, "--map", str(tmp_path / "map.toml"))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert "notes = 'Comments', but" in err
    assert "its columns are: First Name, Last Name, Email," in err


def test_a_file_with_no_known_column_and_nothing_found_is_not_called_clean(
    tmp_path: Path,
) -> None:
    status, out, err = audit(tmp_path, b"Widget,Colour\nsprocket,blue\ncog,red\n")
    assert (status, out) == (2, "")
    assert "no column is one custrecords knows" in err
    assert "its columns are: Widget, Colour" in err


def test_advice_masks_the_value_unless_asked(tmp_path: Path) -> None:
    data = b"id,phone\nC1,+44 (0)7400 123456\n"
    assert "write it +*********456" in audit(tmp_path, data)[1]
    assert "write it +447400123456" in audit(tmp_path, data, "--show-values")[1]


def test_control_characters_in_ids_are_escaped(tmp_path: Path) -> None:
    data = b'id,notes\n"C1\x1b[2J",cvv 123\n'
    _, out, _ = audit(tmp_path, data)
    assert "C1\\u001b[2J (line 2)" in out
    assert "\x1b" not in out


def test_every_phone_column_is_checked(tmp_path: Path) -> None:
    data = b"id,Phone,Mobile Phone,Phone\nC1,07400 123456,not a phone,12\n"
    _, found, summary = problems(tmp_path, data)
    assert summary["columns"]["phone"] == ["Phone", "Mobile Phone", "Phone (2)"]
    assert {("invalid_phone", "Mobile Phone"), ("invalid_phone", "Phone (2)")} <= kinds(found[2])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
        (b'[{"id": "C1"}]', "a JSON array; give JSON lines"),
        (b"PK\x03\x04 not really a zip", "not a workbook that can be read"),
        (b"", "no header row"),
        (b"id,notes\nC1,a\x00b\n", "byte 13 is NUL: not a text export"),
    ],
)
def test_what_cannot_be_read_is_one_line_and_exit_2(
    tmp_path: Path, data: bytes, message: str
) -> None:
    status, out, err = audit(tmp_path, data)
    assert (status, out) == (2, "")
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_a_workbook_read_by_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Summary"
    first.append(["Total", 1])
    second = book.create_sheet("Contacts")
    second.append(["Contact ID", "Notes"])
    second.append(["S1", f"Paid by card 4111111111111111 on {date(2026, 1, 2)}"])
    book.save(tmp_path / "book.xlsx")
    data = (tmp_path / "book.xlsx").read_bytes()
    status, out, _ = audit(tmp_path, data, "--sheet", "Contacts", name="book.xlsx")
    assert status == 1
    assert "S1 (line 2): must_not_keep in Notes" in out
    status, _, err = audit(tmp_path, data, "--sheet", "Nope", name="book.xlsx")
    assert status == 2
    assert "no sheet 'Nope'; the sheets are 'Summary', 'Contacts'" in err


# Headers as each tool's own export writes them, and the roles they must take.
EXPORT_SHAPES = {
    "google-contacts": (
        "First Name,Middle Name,Last Name,Birthday,Notes,Labels,E-mail 1 - Label,"
        "E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Street,"
        "Address 1 - Postal Code",
        "Asha,,Rao,,card 4111111111111111,* myContacts,* Home,asha@example.com,Mobile,"
        "07400 100010,1 Mill Road,B1 1BB",
        {"email": ["E-mail 1 - Value"], "phone": ["Phone 1 - Value"], "notes": ["Notes"]},
    ),
    "outlook": (
        "First Name,Last Name,Notes,E-mail Address,E-mail 2 Address,Mobile Phone,Home Street,"
        "Home Postal Code,Birthday",
        "Asha,Rao,card 4111111111111111,asha@example.com,,07400 100010,1 Mill Road,B1 1BB,",
        {"email": ["E-mail Address", "E-mail 2 Address"], "postcode": ["Home Postal Code"]},
    ),
    "shopify-customers": (
        "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,"
        "Default Address Address1,Default Address Zip,Default Address Phone,Phone,"
        "Accepts SMS Marketing,Total Spent,Note,Tags",
        "'7035,Asha,Rao,asha@example.com,yes,1 Mill Road,B1 1BB,07400 100010,,no,120.50,"
        "card 4111111111111111,vip",
        {
            "id": ["Customer ID"],
            "marketing_consent": ["Accepts Email Marketing", "Accepts SMS Marketing"],
            "postcode": ["Default Address Zip"],
            "phone": ["Default Address Phone", "Phone"],
        },
    ),
    "zoho-contacts": (
        "Record Id,Contact Owner,First Name,Last Name,Email,Mobile,Date of Birth,"
        "Email Opt Out,Created Time,Mailing Street,Mailing Zip,Description,Last Activity Time",
        "zcrm_4876876000000123456,Sam Agent,Asha,Rao,asha@example.com,07400 100010,,false,"
        "2021-04-03 10:00:00,1 Mill Road,B1 1BB,card 4111111111111111,2021-05-01 09:00:00",
        {
            "id": ["Record Id"],
            "marketing_opt_out": ["Email Opt Out"],
            "created_at": ["Created Time"],
            "last_interaction_at": ["Last Activity Time"],
        },
    ),
    "pipedrive-people": (
        "Person - ID,Person - Name,Person - Email - Work,Person - Phone - Mobile,"
        "Person - Person created,Person - Last activity date,Person - Notes",
        "17,Asha Rao,asha@example.com,07400 100010,2021-04-03 10:00:00,2021-05-01,"
        "card 4111111111111111",
        {
            "id": ["Person - ID"],
            "name": ["Person - Name"],
            "email": ["Person - Email - Work"],
            "phone": ["Person - Phone - Mobile"],
            "created_at": ["Person - Person created"],
        },
    ),
    "salesforce-data-loader": (
        "Id,FirstName,LastName,Email,MobilePhone,MailingPostalCode,Description,CreatedDate,"
        "HasOptedOutOfEmail,LastActivityDate",
        "0035g00000XyZ12AAB,Asha,Rao,asha@example.com,07400 100010,B1 1BB,"
        "card 4111111111111111,2021-04-03T10:00:00.000+0000,false,2021-05-01",
        {
            "id": ["Id"],
            "marketing_opt_out": ["HasOptedOutOfEmail"],
            "created_at": ["CreatedDate"],
            "last_interaction_at": ["LastActivityDate"],
        },
    ),
}


@pytest.mark.parametrize("shape", sorted(EXPORT_SHAPES))
def test_exports_of_other_tools_are_read_by_their_own_headers(tmp_path: Path, shape: str) -> None:
    header, row, expected = EXPORT_SHAPES[shape]
    status, found, summary = problems(tmp_path, f"{header}\r\n{row}\r\n".encode())
    assert status == 1
    for role, columns in expected.items():
        assert summary["columns"][role] == columns
    ((_, row_problems),) = found.items()
    assert "user.financial.credit_card" in categories(row_problems)


def test_stale_names_the_column_that_holds_the_detail(tmp_path: Path) -> None:
    data = b"Contact ID,Mobile Phone,Phone,Last Activity\nS1,,020 7946 0123,01/01/2015\n"
    _, found, _ = problems(tmp_path, data)
    assert ("stale", "Phone") in kinds(found[2])
    assert ("stale", "Mobile Phone") not in kinds(found[2])


def test_a_customer_who_said_no_is_not_told_to_record_an_opt_in(tmp_path: Path) -> None:
    data = b"id,Marketing Consent,Email Opt Out\nC1,no,false\nC2,unsubscribed,\n"
    assert problems(tmp_path, data)[1] == {}


UTF16_WITHOUT_BOM = "Contact ID\tNotes\r\nU1\tcvv 123\r\n".encode("utf-16-le")


def test_utf16_without_a_byte_order_mark_is_read_when_named(tmp_path: Path) -> None:
    status, out, _ = audit(tmp_path, UTF16_WITHOUT_BOM, "--encoding", "utf-16-le")
    assert status == 1
    assert "U1 (line 2): must_not_keep in Notes" in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--encoding", "utf-16"], "does not start with the byte-order mark"),
        (["--encoding", "rot13"], "--encoding rot13: not a text encoding"),
        (["--encoding", "zlib"], "--encoding zlib: not a text encoding"),
        (["--encoding", "klingon"], "--encoding klingon: not a text encoding"),
        (["--sheet", "Contacts"], "--sheet is for a workbook"),
        (["--dates", "fr"], "invalid choice: 'fr' (choose from 'uk', 'us')"),
    ],
)
def test_options_that_do_not_fit_the_file_are_one_line_and_exit_2(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    status, out, err = audit(tmp_path, UTF16_WITHOUT_BOM, *arguments)
    assert (status, out) == (2, "")
    assert message in err
    assert err.count("\n") == 1


def test_an_encoding_given_for_a_workbook_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.save(tmp_path / "book.xlsx")
    status, _, err = audit(
        tmp_path, (tmp_path / "book.xlsx").read_bytes(), "--encoding", "utf-8", name="book.xlsx"
    )
    assert status == 2
    assert "a workbook, whose text has no --encoding" in err


def test_a_file_with_no_header_row_is_audited_and_never_printed_as_names(
    tmp_path: Path,
) -> None:
    data = (
        b"jane@example.com,07400 123456,Card 4111111111111111 exp 09/28\r\n"
        b"john@example.com,07400 123457,ok\r\n"
        b"mei@example.com,07400 123458,ok\r\n"
    )
    for output in ("text", "json", "html"):
        status, out, _ = audit(tmp_path, data, "--format", output)
        assert status == 1
        for secret in ("jane@", "07400", "4111"):
            assert secret not in out
    _, found, summary = problems(tmp_path, data)
    assert "no header row: the first line is a record" in summary["read_as"]
    assert ("must_not_keep", "column 3") in kinds(found[1])
    assert summary["columns"]["email"] == ["column 1"]  # by its content


def test_an_id_that_holds_personal_data_is_scanned_and_not_shown(tmp_path: Path) -> None:
    data = (
        b"Ref,Email,Notes\r\n4111111111111111,bad@,x\r\njane.doe@example.com,bad2@,y\r\n"
        b"Password: hunter2,bad3@,z\r\nC4,bad4@,ok\r\n"
    )
    for output in ("text", "json", "html"):
        _, out, _ = audit(tmp_path, data, "--format", output)
        for secret in ("4111", "jane.doe", "hunter2"):
            assert secret not in out
    status, out, _ = audit(tmp_path, data)
    assert status == 1
    assert "line 2: must_not_keep in Ref: user.financial.credit_card" in out
    assert "line 4: must_not_keep in Ref: user.authorization.password" in out
    assert "C4 (line 5): invalid_email in Email" in out


def test_a_repeated_header_never_hides_a_column_of_the_same_name(tmp_path: Path) -> None:
    data = b"Email,Notes,Notes (2),Notes\r\nj@example.com,a,card 4111111111111111,b\r\n"
    status, found, summary = problems(tmp_path, data)
    assert status == 1
    assert summary["columns"]["notes"] == ["Notes", "Notes (2)", "Notes (3)"]
    assert ("must_not_keep", "Notes (2)") in kinds(found[2])


def test_json_keys_that_meet_once_flattened_keep_both_values(tmp_path: Path) -> None:
    data = (
        b'{"id":"c2","a":{"b":"4111111111111111"},"a.b":"x"}\n'
        b'{"id":"c3","notes":"5555555555554444","notes":"ok"}\n'
    )
    status, out, _ = audit(tmp_path, data, name="export.jsonl")
    assert status == 1
    assert "c2 (line 1): must_not_keep in a.b: user.financial.credit_card" in out
    assert "c3 (line 2): must_not_keep in notes: user.financial.credit_card" in out


def test_a_line_that_is_not_json_is_still_scanned(tmp_path: Path) -> None:
    data = b'{"id":"c1","notes":"card 4111111111111111"\n'
    status, out, _ = audit(tmp_path, data, name="export.jsonl")
    assert status == 1
    assert "line 1: malformed row: not a JSON object custrecords can read" in out
    assert "line 1: must_not_keep in (the whole line): user.financial.credit_card" in out
    assert "4111" not in out


def test_blank_lines_before_the_header_are_skipped(tmp_path: Path) -> None:
    data = b"\r\n,,\r\nid,email,notes\r\nC1,jane@example.com,card 4111111111111111\r\n"
    status, out, _ = audit(tmp_path, data)
    assert status == 1
    assert "C1 (line 4): must_not_keep in notes" in out


def test_a_quoted_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    data = b'"sep=;"\r\nid;notes\r\nC1;cvv 123\r\n'
    assert "C1 (line 3): must_not_keep in notes" in audit(tmp_path, data)[1]


def test_placeholder_and_future_dates_are_reported_not_counted_from(tmp_path: Path) -> None:
    data = (
        b"id,email,Created Date,Last Activity\r\n"
        b"C1,a@example.com,01/01/2030,\r\n"
        b"C2,b@example.com,01/01/2010,31/12/9999\r\n"
        b"C3,c@example.com,01/01/0001,\r\n"
    )
    status, found, _ = problems(tmp_path, data)
    assert status == 1
    assert kinds(found[2]) == {("implausible_date", "Created Date")}
    assert kinds(found[3]) == {("implausible_date", "Last Activity")}
    assert kinds(found[4]) == {("implausible_date", "Created Date")}
    assert found[3][0][2].endswith("retention and staleness were not checked for this record")


def test_an_opt_out_beside_a_yes_is_a_contradiction_to_fix(tmp_path: Path) -> None:
    data = (
        b"id,Marketing Consent,Email Opt Out\r\nC1,yes,true\r\nC2,transactional,\r\n"
        b"C3,never_subscribed,\r\nC4,1.0,0.0\r\n"
    )
    status, found, _ = problems(tmp_path, data)
    assert status == 1
    assert list(found) == [2]
    assert kinds(found[2]) == {("consent_contradicted", "Email Opt Out")}


def test_show_values_never_shows_a_card(tmp_path: Path) -> None:
    data = b"id,email\r\nC1,4111111111111111@EXAMPLE.com\r\n"
    _, out, _ = audit(tmp_path, data, "--show-values")
    assert "4111" not in out
    assert "must_not_keep in email: user.financial.credit_card" in out


def test_the_report_names_the_sheets_it_did_not_read(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.append(["id", "notes"])
    first.append(["C1", "ok"])
    second = book.create_sheet("Second")
    second.append(["S1", "4111111111111111"])
    book.save(tmp_path / "book.xlsx")
    data = (tmp_path / "book.xlsx").read_bytes()
    _, _, summary = problems(tmp_path, data, name="book.xlsx")
    assert "not read: sheets 'Second' (--sheet reads one)" in summary["read_as"]


def test_utf16_with_no_mark_is_named_in_the_message(tmp_path: Path) -> None:
    status, _, err = audit(tmp_path, UTF16_WITHOUT_BOM)
    assert status == 2
    assert "--encoding (utf-16-le, if it is UTF-16 saved with no byte-order mark)" in err


def test_a_usage_mistake_names_the_command_once(tmp_path: Path) -> None:
    _, _, err = audit(tmp_path, SALESFORCE_BOM_CRLF, "--today", "soon")
    assert err == "custrecords: audit: argument --today: must be a date, YYYY-MM-DD\n"


@pytest.mark.parametrize("jobs", ["0", "-1", "two", "²"])
def test_jobs_must_be_a_whole_number_of_processes(tmp_path: Path, jobs: str) -> None:
    data = b"id,email\r\nC1,jane@example.com\r\n"
    status, out, err = audit(tmp_path, data, "--jobs", jobs)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert "--jobs: must be a whole number, 1 or more" in err
