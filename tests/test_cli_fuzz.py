"""The audit command on input of any shape: it ends with a report or one line of error.

Each property runs ``custrecords audit`` in-process, on standard input or on a file,
with every report format and with ``--columns``. Whatever the bytes, `main` returns
0, 1 or 2 and raises nothing; a 2 comes with exactly one line on standard error,
``custrecords: ...``, and nothing on standard output; and the report never prints
the text of a cell.
"""

from __future__ import annotations

import ast
import codecs
import csv
import html
import io
import json
import re
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import custrecords
from custrecords import Finding, InvalidValue, scan_text
from custrecords.cli import main
from custrecords.cli.report import printable
from custrecords.exports import HEADER_NAMES, header_key

TODAY = "2026-11-30"
CARD = "4111111111111111"

# The ways a report is asked for: the three formats, and the columns' roles alone.
OPTIONS = st.sampled_from(
    [
        (),
        ("--format", "json"),
        ("--format", "html"),
        ("--columns",),
        ("--dates", "us"),
        ("--format", "json", "--dates", "us"),
    ]
)
# Standard input (spooled, so read twice) or a file on disk.
SOURCES = st.sampled_from(["stdin", "file"])


@pytest.fixture(scope="session")
def export_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file per session (and per xdist worker), rewritten by every example."""
    return tmp_path_factory.mktemp("fuzz") / "export"


@pytest.fixture(scope="session")
def map_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A --map file per session (and per xdist worker), rewritten by every example."""
    return tmp_path_factory.mktemp("fuzz-map") / "map.toml"


def audit(data: bytes, source: str, options: tuple[str, ...], path: Path) -> tuple[int, str, str]:
    """Run the audit on ``data``, check the rules every run keeps, return status, out, err.

    The rules: `main` raises nothing and returns 0, 1 or 2. With 2, standard output is
    empty and standard error is exactly one line, ``custrecords: ...``. With 0 or 1,
    standard error is empty and standard output is a whole report: a map for
    ``--columns`` (always 0), JSON lines ending in the summary, an HTML page, or text
    starting with the summary.
    """
    if source == "file":
        path.write_bytes(data)
        argv = ["audit", str(path), "--today", TODAY, *options]
    else:
        argv = ["audit", "-", "--today", TODAY, *options]
    stdout, stderr = io.StringIO(), io.StringIO()
    status = main(argv, stdout=stdout, stderr=stderr, stdin=io.BytesIO(data))
    out, err = stdout.getvalue(), stderr.getvalue()
    event(f"exit status {status}")
    assert status in {0, 1, 2}, (status, out, err)
    if status == 2:
        assert out == "", out
        assert err.startswith("custrecords: "), err
        assert err.endswith("\n"), err
        assert err.count("\n") == 1, err
        assert len(err.splitlines()) == 1, err
        return status, out, err
    assert err == "", err
    if "--columns" in options:
        assert status == 0, out
        assert out.startswith("# Each role names the column(s)"), out
    elif "json" in options:
        lines = [json.loads(line) for line in out.splitlines()]
        assert lines, out
        assert "summary" in lines[-1], out
    elif "html" in options:
        assert out.startswith("<!doctype html>"), out
        assert out.endswith("</html>\n"), out
    else:
        assert out.startswith("records read"), out
    return status, out, err


# -- 1. Any bytes ------------------------------------------------------------------------


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["email", "notes", "Created Date", "Email Opt Out"])
    sheet.append(["a@example.com", f"card {CARD}", "2010-01-05", "no"])
    sheet.append(["not an email", None, 40000, True])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WORKBOOK = _workbook()

# Byte strings that break readers: byte-order marks, NULs, line ends, quotes, the
# delimiters, file signatures, lone UTF-8 continuation and lead bytes, an encoded
# lone surrogate, Unicode's own line separators, and the names of our columns.
PIECES = st.sampled_from(
    [
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
        codecs.BOM_UTF32_LE,
        codecs.BOM_UTF32_BE,
        b"\x00",
        b"\r",
        b"\n",
        b"\r\n",
        b'"',
        b'""',
        b",",
        b";",
        b"\t",
        b"|",
        b"sep=;\n",
        b"sep=",
        b"{",
        b"}",
        b"[",
        b'{"email": "',
        b"PK\x03\x04",
        b"\xd0\xcf\x11\xe0",
        b"%PDF",
        b"\x1f\x8b",
        b"PAR1",
        b"\x80",
        b"\xbf",
        b"\xc3",
        b"\xe2\x80",
        b"\xed\xa0\x80",
        b"\x85",
        b"\xe2\x80\xa8",
        b"\x1a",
        b"email",
        b"notes",
        b"Created Date",
        b"Email Opt Out",
        b"2010-01-05",
        b"yes",
        CARD.encode(),
        b"a@example.com",
    ]
)
TROUBLESOME = st.lists(st.one_of(PIECES, st.binary(max_size=16)), max_size=80).map(b"".join)


@st.composite
def spoiled_workbooks(draw: st.DrawFn) -> bytes:
    """A real .xlsx, cut short or with some bytes changed."""
    data = bytearray(WORKBOOK[: draw(st.integers(0, len(WORKBOOK)))])
    for _ in range(draw(st.integers(0, 4))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


ANY_BYTES = st.one_of(
    st.binary(max_size=4096),
    TROUBLESOME,
    st.tuples(PIECES, TROUBLESOME).map(b"".join),
    spoiled_workbooks(),
)


@given(data=ANY_BYTES, source=SOURCES, options=OPTIONS)
def test_any_bytes_end_in_a_report_or_one_line_of_error(
    data: bytes, source: str, options: tuple[str, ...], export_path: Path
) -> None:
    """Any bytes at all: status 0, 1 or 2, no exception, and a 2 is one line on stderr only."""
    audit(data, source, options, export_path)


def test_the_spoiled_workbooks_start_from_one_that_is_read() -> None:
    """The workbook the byte property spoils is itself read (else it would test nothing)."""
    assert zipfile.is_zipfile(io.BytesIO(WORKBOOK))
    stdout = io.StringIO()
    status = main(
        ["audit", "-", "--today", TODAY],
        stdout=stdout,
        stderr=io.StringIO(),
        stdin=io.BytesIO(WORKBOOK),
    )
    assert status == 1
    assert "an Excel workbook" in stdout.getvalue()


# -- 2. Delimited exports ----------------------------------------------------------------

OUR_HEADERS = st.sampled_from(
    [
        "email",
        "notes",
        "Created Date",
        "Email Opt Out",
        "Phone",
        "Mobile Phone",
        "Last Activity Date",
        "Closed Date",
        "Marketing Consent",
        "Date of Birth",
        "Postcode",
        "First Name",
        "Full Name",
        "Address 1",
    ]
)
# Text as exports hold it: any Unicode, with the characters that break CSV readers made
# likely: line ends, quotes, every delimiter, NUL, BOMs, lone surrogates.
AWKWARD = st.sampled_from(
    list("\r\n\"',;\t| \x00\ufeff\x85\u2028\u00a0\u00e9\u20ac\ud800\udc80\udcff\udfff")
)
TEXT = st.text(alphabet=st.one_of(st.characters(), AWKWARD), max_size=40)


def _is_id(header: str) -> bool:
    """Whether the audit would read ``header`` as the record id, which it prints."""
    stripped = header.strip(" \t\ufeff")
    return "id" in {
        HEADER_NAMES.get(header_key(stripped)),
        HEADER_NAMES.get(header_key(stripped.rpartition(".")[2])),
    }


# One of our names with marks after it ("Email *", "Phone\t", "notes\ud800"): the
# marks are not letters or digits, so the column keeps the name's role.
DECORATED = st.builds(
    lambda name, marks: name + marks,
    OUR_HEADERS,
    st.text(
        alphabet=st.one_of(AWKWARD, st.characters(categories=["P", "S", "Zs", "Cc", "Cs"])),
        min_size=1,
        max_size=3,
    ),
)
KEYS = TEXT | OUR_HEADERS | DECORATED
HEADERS = st.lists(
    st.one_of(OUR_HEADERS, DECORATED, TEXT.map(lambda text: f"x{text}")).filter(
        lambda h: not _is_id(h)
    ),
    min_size=1,
    max_size=6,
)
CELLS = st.one_of(
    TEXT,
    st.sampled_from(
        [
            CARD,
            "4111 1111 1111 1111",
            f"Paid by Visa {CARD}, CVV 123.",
            "a@example.com",
            " A.Person@Example.COM ",
            "07400 123456",
            "2010-01-05",
            "05/01/2010",
            "2010-01-05T23:30:00Z",
            "0001-01-01",
            "9999-12-31",
            "31/12/9999 23:59 -1200",
            "4 March 2012",
            "29/02/2023",
            "yes",
            "no",
            "",
        ]
    ),
    st.tuples(TEXT, st.sampled_from([CARD, "4111-1111-1111-1111"]), TEXT).map("".join),
)
# How the text becomes bytes, as real tools write it: the codec, how a character it
# cannot encode is written, and how each cell is encoded alone (without a BOM).
ENCODINGS = st.sampled_from(
    [
        ("utf-8", "surrogatepass", "utf-8"),
        ("utf-8", "surrogateescape", "utf-8"),
        ("utf-8-sig", "surrogatepass", "utf-8"),
        ("cp1252", "replace", "cp1252"),
        ("utf-16", "surrogatepass", "utf-16-le"),
    ]
)


def _escapable(text: str) -> str:
    """``text`` with each lone surrogate outside U+DC80..U+DCFF moved into that range.

    Encoded with ``surrogateescape`` these become single bytes 0x80..0xFF: the stray
    bytes of a file in some other encoding.
    """
    return "".join(
        chr(0xDC80 | (ord(character) & 0x7F)) if 0xD800 <= ord(character) <= 0xDFFF else character
        for character in text
    )


def _read_encoding(data: bytes) -> str | None:
    """The codec the reader decodes ``data`` in (per cell, without a BOM), if any."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    for candidate in ("utf-8", "cp1252"):
        try:
            data.decode(candidate)
        except UnicodeDecodeError:
            continue
        return candidate
    return None


def _shown(text: str) -> set[str]:
    """Every way a report could print ``text``: as it is, escaped, in HTML, in JSON."""
    return {
        text,
        printable(text),
        html.escape(printable(text)),
        json.dumps(text)[1:-1],
        json.dumps(text, ensure_ascii=False)[1:-1],
    }


def _literals(source: str) -> Iterator[str]:
    """The string literals of Python ``source``, but not its docstrings (their examples
    hold card numbers and addresses, which the leak check must not excuse)."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.value


def _vocabulary() -> str:
    """The report's own words: custrecords' string literals and its default guidelines."""
    package = Path(custrecords.__file__).parent
    words = [
        literal
        for path in sorted(package.rglob("*.py"))
        for literal in _literals(path.read_text(encoding="utf-8"))
    ]
    words += [path.read_text(encoding="utf-8") for path in sorted(package.rglob("*.toml"))]
    return "\n".join(words)


VOCABULARY = _vocabulary()


def assert_no_cell_shown(cells: list[str], headers: list[str], out: str, err: str) -> None:
    """No cell's text of 8 characters or more is on stdout or stderr, in any form.

    A form is the text as it is, escaped for a terminal, in HTML or in JSON. Exempt
    are texts that are part of a header (the report names the columns), a day written
    YYYY-MM-DD (the report gives the day a contact was last confirmed), and text in
    custrecords' own string literals (the report's own words, which hypothesis draws
    on; docstrings are not among them).
    """
    named = "\n".join(form for header in headers for form in _shown(header))
    for cell in cells:
        if len(cell) > max(len(out), len(err)):
            continue  # every form is at least as long as the text
        for form in _shown(cell):
            if (
                len(form) >= 8
                and form.strip()
                and form not in named
                and not re.fullmatch(r"\d{4}-\d\d-\d\d", form)
                and form not in VOCABULARY
            ):
                assert form not in out, (form, out)
                assert form not in err, (form, err)


@st.composite
def delimited_exports(draw: st.DrawFn) -> tuple[bytes, list[str], list[str]]:
    """A CSV written by csv.writer: its bytes, its headers, and its cells' texts as read."""
    headers = draw(HEADERS)
    rows = draw(
        st.lists(st.lists(CELLS, min_size=0, max_size=len(headers) + 2), min_size=0, max_size=8)
    )
    delimiter = draw(st.sampled_from(",;\t|"))
    terminator = draw(st.sampled_from(["\r\n", "\n"]))
    encoding, errors, per_cell = draw(ENCODINGS)
    if errors == "surrogateescape":
        headers = [_escapable(header) for header in headers]
        rows = [[_escapable(cell) for cell in row] for row in rows]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=terminator)
    writer.writerow(headers)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding, errors)
    read_as = _read_encoding(data)
    if read_as is None:
        return data, headers, []

    def as_read(text: str) -> str:
        return text.encode(per_cell, errors).decode(read_as, "replace")

    header_line = io.StringIO(newline="")
    csv.writer(header_line, delimiter=delimiter, lineterminator="").writerow(headers)
    written_headers = [as_read(header) for header in headers]
    written_headers.append(as_read(header_line.getvalue()))
    return data, written_headers, [as_read(cell) for row in rows for cell in row]


@given(export=delimited_exports(), source=SOURCES, options=OPTIONS)
def test_a_delimited_export_is_audited_without_printing_a_cell(
    export: tuple[bytes, list[str], list[str]],
    source: str,
    options: tuple[str, ...],
    export_path: Path,
) -> None:
    """Any CSV in any dialect and encoding: the rules of any bytes, and no cell is printed.

    See `assert_no_cell_shown` for what counts as printing a cell.
    """
    data, headers, cells = export
    _, out, err = audit(data, source, options, export_path)
    assert_no_cell_shown(cells, headers, out, err)


# -- 3. JSON lines -------------------------------------------------------------------------

JSON_TEXT = st.one_of(
    TEXT,
    # Huge strings: one character many times.
    st.builds(lambda character, count: character * count, st.characters(), st.integers(0, 10**5)),
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | JSON_TEXT
    | st.sampled_from([CARD, "a@example.com", "2010-01-05", "yes"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


def _nested(depth: int, opening: str) -> str:
    if opening == "{":
        return '{"a":' * depth + "1" + "}" * depth
    return "[" * depth + "1" + "]" * depth


DEEP = st.builds(_nested, st.integers(1, 3000), st.sampled_from("{["))
LINE = st.one_of(
    st.tuples(JSON_VALUES, st.booleans()).map(
        lambda drawn: json.dumps(drawn[0], ensure_ascii=drawn[1])
    ),
    DEEP,
    st.sampled_from(["{", "}", "{}", "[]", "null", '{"email": ', "{'a': 1}", "\ufeff{}"]),
)
BLANK = st.sampled_from(["\n", "\r\n", "\r", "\n\n", " \n", "\t\r\n", "\u2028", "\x85"])


@st.composite
def json_lines(draw: st.DrawFn) -> bytes:
    """JSON lines whose first is an object (so read as JSON lines), blank lines between."""
    first = json.dumps(
        draw(st.dictionaries(KEYS, JSON_VALUES, max_size=5)),
        ensure_ascii=draw(st.booleans()),
    )
    lines = [draw(st.sampled_from([first, _nested(draw(st.integers(1, 3000)), "{")]))]
    for line in draw(st.lists(LINE, max_size=8)):
        lines.append(draw(BLANK))
        lines.append(line)
    text = draw(st.sampled_from(["", "\ufeff", " \n"])) + "\n".join(lines)
    return text.encode("utf-8", "surrogatepass")


def _strings(value: object) -> Iterator[str]:
    """Every string in a JSON value, its keys among them."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())


def _json_cells(data: bytes) -> tuple[list[str], list[str]]:
    """The columns of JSON lines (``outer.inner`` for a nested object's keys), and the
    strings in their cells, as the audit flattens each line's object.

    Strings in a column the audit reads as the record's id are left out: the report
    names each record by its id.
    """
    columns: list[str] = []
    cells: list[str] = []
    for line in re.split(r"\r\n|\r|\n", data.decode("utf-8", "surrogatepass")):
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            continue
        pending: list[tuple[str, object]] = [("", value)] if isinstance(value, dict) else []
        while pending:
            prefix, found = pending.pop()
            assert isinstance(found, dict)
            for key, inner in found.items():
                if isinstance(inner, dict) and inner:
                    pending.append((f"{prefix}{key}.", inner))
                    continue
                columns.append(f"{prefix}{key}")
                if not _is_id(f"{prefix}{key}"):
                    cells.extend(_strings(inner))
    return columns, cells


@given(data=json_lines(), source=SOURCES, options=OPTIONS)
def test_json_lines_end_in_a_report_or_one_line_of_error(
    data: bytes, source: str, options: tuple[str, ...], export_path: Path
) -> None:
    """Any JSON lines, nested deep or with huge strings: the rules of any bytes, and no
    string in a value is printed (the keys, the report's column names, may be)."""
    _, out, err = audit(data, source, options, export_path)
    columns, cells = _json_cells(data)
    assert_no_cell_shown(cells, columns, out, err)


# -- 4. The scanner ------------------------------------------------------------------------

SCANNED = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.characters(categories=["Cs"]),
        st.characters(categories=["Cc", "Cf", "Zl", "Zp"]),
        st.sampled_from("0123456789 -+@."),
    ),
    max_size=200,
) | st.tuples(
    st.text(st.characters(categories=["Cc", "Cs"]), max_size=5),
    st.sampled_from([CARD, "4111 1111 1111 1111", "AB 12 34 56 C", "a@example.com", "CVV 123"]),
    st.text(st.characters(categories=["Cc", "Cs"]), max_size=5),
).map("".join)


def _scan(text: str) -> tuple[Finding, ...] | InvalidValue:
    try:
        return scan_text(text)
    except InvalidValue as error:
        return error


@given(SCANNED)
def test_scan_text_returns_findings_or_an_error_without_the_text(text: str) -> None:
    """scan_text on text with lone surrogates and control characters: findings within the
    text, or an InvalidValue whose message quotes none of it."""
    scanned = _scan(text)
    if isinstance(scanned, InvalidValue):
        assert len(text) < 8 or text not in str(scanned), str(scanned)
        return
    assert isinstance(scanned, tuple)
    for finding in scanned:
        assert isinstance(finding, Finding)
        assert 0 <= finding.start < finding.end <= len(text)


# -- 5. A named encoding -----------------------------------------------------------------

# What a user may pass to --encoding: text codecs, with and without a byte order, and
# codecs Python knows that are not text codecs at all.
ENCODING_NAMES = st.sampled_from(
    [
        "utf-8",
        "utf-8-sig",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "utf-32-le",
        "cp1252",
        "latin-1",
        "ascii",
        "utf-7",
        "shift_jis",
        "cp037",
        "idna",
        "punycode",
        "rot13",
        "base64",
        "hex",
        "zlib",
        "bz2",
        "uu",
        "quopri",
        "undefined",
        "no-such-encoding",
    ]
)


@given(
    data=ANY_BYTES | delimited_exports().map(lambda export: export[0]),
    name=ENCODING_NAMES,
    source=SOURCES,
    options=OPTIONS,
)
def test_any_named_encoding_ends_in_a_report_or_one_line_of_error(
    data: bytes, name: str, source: str, options: tuple[str, ...], export_path: Path
) -> None:
    """--encoding with any codec Python knows, or none: the rules of any bytes."""
    event(f"--encoding {name}")
    audit(data, source, ("--encoding", name, *options), export_path)


# -- 6. --columns writes a --map file ----------------------------------------------------


@given(
    data=delimited_exports().map(lambda export: export[0]) | json_lines(),
    source=SOURCES,
)
def test_the_columns_map_is_a_map_file_that_reads_back(
    data: bytes, source: str, export_path: Path, map_path: Path
) -> None:
    """What --columns prints, saved as UTF-8 (as the command writes it), is TOML that
    --map reads back to the same roles for the same export."""
    status, out, _ = audit(data, source, ("--columns",), export_path)
    if status == 2:
        return
    saved = out.encode("utf-8", "backslashreplace")
    roles = tomllib.loads(saved.decode("utf-8"))
    map_path.write_bytes(saved)
    status, again, _ = audit(data, source, ("--columns", "--map", str(map_path)), export_path)
    assert status == 0, again
    assert tomllib.loads(again) == roles


# -- 7. Workbooks --------------------------------------------------------------------------


def _storable(text: str) -> str:
    """``text`` without what a workbook cannot hold (C0 controls, lone surrogates)."""
    return "".join(
        character
        for character in text
        if not (ord(character) < 0x20 and character not in "\t\n\r")
        and not 0xD800 <= ord(character) <= 0xDFFF
    )


WORKBOOK_CELLS = st.one_of(
    CELLS.map(_storable),
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.datetimes(),
    st.sampled_from([int(CARD), 4111111111111111.0, 40000, 2958465, 2958466, 0.5]),
)


@st.composite
def workbooks(draw: st.DrawFn) -> tuple[bytes, list[str], list[str]]:
    """An .xlsx as openpyxl writes it: its bytes, its headers, and its cells as text."""
    headers = [_storable(header) for header in draw(HEADERS)]
    rows = draw(
        st.lists(
            st.lists(WORKBOOK_CELLS, min_size=0, max_size=len(headers) + 2),
            min_size=0,
            max_size=6,
        )
    )
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if draw(st.booleans()):
        sheet.append([])  # a blank first row, skipped as Excel users leave one
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    texts = [str(cell) for row in rows for cell in row if isinstance(cell, str | int)]
    return buffer.getvalue(), headers, texts


@given(workbook=workbooks(), source=SOURCES, options=OPTIONS)
def test_a_workbook_is_audited_without_printing_a_cell(
    workbook: tuple[bytes, list[str], list[str]],
    source: str,
    options: tuple[str, ...],
    export_path: Path,
) -> None:
    """Any sheet of text, numbers, dates and booleans: the rules of any bytes, and no
    cell's text is printed (as for a delimited export)."""
    data, headers, cells = workbook
    _, out, err = audit(data, source, options, export_path)
    assert_no_cell_shown(cells, headers, out, err)
