"""Reading an export as a CRM or a spreadsheet saved it: bytes, dialect, rows, line numbers.

- **Bytes.** A byte-order mark says UTF-8, UTF-16 or UTF-32. Without one, a file
  that is valid UTF-8 is UTF-8, and any other is Windows-1252 (what Excel's
  "CSV (Comma delimited)" writes on a UK or Western European Windows), unless
  ``--encoding`` says otherwise. A file that is neither is refused with the byte
  offset where it stops being readable.
- **Kind.** A workbook (``.xlsx``) is known by its zip signature, a Parquet file by
  its ``PAR1``; text whose first character is ``{`` is JSON lines; any other text is
  delimited.
- **Dialect.** The delimiter is the one of ``,`` ``;`` tab ``|`` that splits the
  header into the most columns and the rows below it into as many; Excel's
  ``sep=;`` first line says so outright. Quoted cells may hold line breaks and
  doubled quotes, and are of any length.
- **Rows.** Each row carries the line of the file it starts on (a workbook's row
  number; a Parquet row's line in a CSV of the table, the first row line 2, under
  the header); rows with no text in any cell are skipped; cells beyond the header are
  named ``column N``; a repeated header is named ``Header (2)``.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Final

import attrs

from custrecords.errors import InvalidValue
from custrecords.exports import _counted
from custrecords.scanning import FindingAction, scan_text

__all__ = ["Export", "Row", "Unusable", "open_export", "open_source"]

# Every cell may be as long as the file: a pasted e-mail thread in a notes cell is
# audited, not refused. (The C long of some platforms is 32 bits.)
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

_SAMPLE_ROWS: Final = 200
_SAMPLE_CHARACTERS: Final = 1 << 16
_CHUNK: Final = 1 << 20
_DELIMITERS: Final = ",;\t|"
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIGNATURES: Final = (
    (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV"),
    (b"%PDF", "a PDF document, not an export"),
    (b"\x1f\x8b", "a gzip file: decompress it first"),
)
_PARQUET_BATCH: Final = 1024
"""Rows of a Parquet file read at once, a row group at a time: memory stays flat."""


class Unusable(Exception):
    """Input that cannot be used at all: one line for standard error, exit status 2."""


@attrs.frozen
class Row:
    """One row of an export: the line it starts on, and header → cell text."""

    line: int
    cells: Mapping[str, str]
    malformed: str | None = None


@attrs.frozen
class Export:
    """An export opened for reading.

    Attributes:
        headers: the column headers, in file order (a JSON-lines export's are the keys
            of its first rows).
        sample: the first rows, for inferring what the columns hold.
        rows: every row, the sample first, read as they are asked for.
        kind: ``"delimited"``, ``"json lines"``, ``"workbook"`` or ``"parquet"``.
        encoding: the encoding the text was read in; None for a workbook.
        delimiter: the delimiter of a delimited export.
        notes: what the report should say of how the file was read.
    """

    headers: tuple[str, ...]
    sample: tuple[Row, ...]
    rows: Iterator[Row]
    kind: str
    encoding: str | None = None
    delimiter: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def serial_dates(self) -> bool:
        """Whether a bare number in a date column is an Excel serial date."""
        return self.kind == "workbook"


def open_source(path: str, stdin: IO[bytes]) -> IO[bytes]:
    """The bytes of the export at ``path``; ``-`` is ``stdin``, held so it can be read twice.

    Raises:
        Unusable: for a file that cannot be opened.
    """
    if path == "-":
        spooled = tempfile.SpooledTemporaryFile(max_size=1 << 26)  # noqa: SIM115
        shutil.copyfileobj(stdin, spooled)
        spooled.seek(0)
        return spooled
    try:
        return Path(path).open("rb")  # closed when its rows have been read
    except OSError as error:
        raise Unusable(f"{path}: cannot be read ({error.strerror})") from None


def open_export(
    name: str, source: IO[bytes], *, encoding: str | None = None, sheet: str | None = None
) -> Export:
    """Open the export ``source`` (called ``name`` in messages) and read its sample.

    Raises:
        Unusable: with one line naming the file and what is wrong.
    """
    try:
        return _open(source, name, encoding, sheet)
    except BaseException:
        source.close()
        raise


def _open(source: IO[bytes], name: str, encoding: str | None, sheet: str | None) -> Export:
    try:
        head = source.read(8)
        source.seek(0)
    except OSError as error:  # a directory, or a device that cannot be read
        raise Unusable(f"{name}: cannot be read ({error.strerror})") from None
    if head.startswith(b"PK\x03\x04"):
        if encoding is not None:
            raise Unusable(f"{name}: a workbook, whose text has no --encoding to give")
        return _workbook(source, name, sheet)
    if head.startswith(b"PAR1"):
        if encoding is not None:
            raise Unusable(f"{name}: a Parquet file, whose text has no --encoding to give")
        if sheet is not None:
            raise Unusable(f"{name}: --sheet is for a workbook (.xlsx), and this is Parquet")
        return _parquet(source, name)
    if sheet is not None:
        raise Unusable(f"{name}: --sheet is for a workbook (.xlsx), and this is text")
    for signature, what in _SIGNATURES:
        if head.startswith(signature) and encoding is None:
            raise Unusable(f"{name}: {what}")
    chosen = _encoding(source, name, encoding)
    text = io.TextIOWrapper(source, encoding=chosen, newline="")
    start = text.read(_SAMPLE_CHARACTERS)
    text.seek(0)
    opening = start.lstrip(" \t\r\n\ufeff")[:1]
    if opening == "{":
        return _export(None, _json_lines(text), "json lines", encoding=chosen)
    if opening == "[":
        raise Unusable(
            f"{name}: a JSON array; give JSON lines, one object a line (jq -c '.[]' does it)"
        )
    return _delimited(text, start, name, chosen)


def _export(
    headers: tuple[str, ...] | None,
    stream: Iterator[Row],
    kind: str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    notes: tuple[str, ...] = (),
) -> Export:
    """An `Export` whose first rows are read as its sample; headers, if None, their keys."""
    sample = tuple(itertools.islice(stream, _SAMPLE_ROWS))
    if headers is None:
        headers = tuple(dict.fromkeys(key for row in sample for key in row.cells))
    return Export(
        headers, sample, itertools.chain(sample, stream), kind, encoding, delimiter, notes
    )


def _encoding(source: IO[bytes], name: str, given: str | None) -> str:
    """The encoding to read ``source`` in: the one given, its BOM's, UTF-8 or Windows-1252."""
    if given is not None:
        try:
            # bytes.decode refuses codecs that are not text encodings (rot13, zlib), but
            # only for bytes it must decode.
            b"\0".decode(given)
        except UnicodeError:
            pass  # one byte is too few for UTF-16, and that is all
        except (LookupError, ValueError):  # ValueError: a NUL in the name
            raise Unusable(f"--encoding {given}: not a text encoding Python knows") from None
        candidates = [given]
    else:
        head = source.read(4)
        source.seek(0)
        bom = next((found for mark, found in _BOMS if head.startswith(mark)), None)
        candidates = [bom] if bom else ["utf-8", "cp1252"]
    failures = []
    for candidate in candidates:
        failure = _first_failure(source, candidate)
        source.seek(0)
        if failure is None:
            return candidate
        failures.append(failure)
    if len(failures) > 1:
        hint = " (utf-16-le, if it is UTF-16 saved with no byte-order mark)"
        raise Unusable(
            f"{name}: neither UTF-8 ({failures[0]}) nor Windows-1252 ({failures[1]}); "
            f"say which with --encoding{hint if 'NUL' in failures[1] else ''}"
        )
    raise Unusable(f"{name}: cannot be read as {candidates[0]} ({failures[0]})")


def _first_failure(source: IO[bytes], encoding: str) -> str | None:
    """Where ``source`` stops being text in ``encoding``, or None if it never does."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    # In UTF-16 and UTF-32, a NUL byte is half of many a character.
    narrow = not codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    position = 0
    while True:
        chunk = source.read(_CHUNK)
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            return f"byte {position - pending + error.start} cannot be decoded"
        except UnicodeError:  # "UTF-16 stream does not start with BOM"
            return "it does not start with the byte-order mark that encoding needs"
        nul = chunk.find(b"\0") if narrow else -1
        if nul >= 0:
            return f"byte {position + nul} is NUL: not a text export"
        if not chunk:
            return None
        position += len(chunk)


def _delimited(text: io.TextIOWrapper, start: str, name: str, encoding: str) -> Export:
    line_offset = 0
    first_line = start.split("\n", 1)[0].strip("\r\ufeff").strip('"')
    if first_line[:4].lower() == "sep=" and len(first_line) == 5:
        # Excel writes, and reads, a first line naming the delimiter.
        delimiter = first_line[4]
        text.readline()
        line_offset = 1
    else:
        delimiter = _delimiter(start)
    reader = csv.reader(text, delimiter=delimiter)

    def next_cells() -> tuple[int, list[str]] | None:
        """The next row of cells with text, and the line it starts on."""
        while True:
            line = line_offset + reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                text.close()
                return None
            except csv.Error as error:
                raise Unusable(f"{name}: line {line}: {error}") from None
            if any(cell.strip() for cell in cells):
                return line, cells

    first = next_cells()
    if first is None:
        raise Unusable(f"{name}: no header row: the first line must name the columns")
    headers, data = _header(first[1])

    def rows() -> Iterator[Row]:
        if data:
            yield Row(first[0], _cells(headers, first[1]))
        while (found := next_cells()) is not None:
            yield Row(found[0], _cells(headers, found[1]))

    notes = (_HEADERLESS,) if data else ()
    return _export(
        headers, rows(), "delimited", encoding=encoding, delimiter=delimiter, notes=notes
    )


def _delimiter(start: str) -> str:
    """The delimiter that splits the header widest and the rows below it as wide."""
    end = max(start.rfind("\n"), start.rfind("\r"))
    body = start[:end] if end > 0 else start
    best, best_score = ",", (0.0, 0)
    for candidate in _DELIMITERS:
        try:
            rows = [
                row
                for row in itertools.islice(
                    csv.reader(io.StringIO(body, newline=""), delimiter=candidate), 50
                )
                if row
            ]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        alike = sum(len(row) == width for row in rows[1:]) / max(1, len(rows) - 1)
        score = (alike if len(rows) > 1 else 1.0, width)
        if score > best_score:
            best, best_score = candidate, score
    return best


_HEADERLESS: Final = "no header row: the first line is a record, and columns are numbered"


def _header(cells: Sequence[str]) -> tuple[tuple[str, ...], bool]:
    """The column names a first row gives, and whether it is a record rather than names.

    A row holding an e-mail address, a phone number, a card number or anything else the
    scanner would take out of a note is a record: names never hold them. Its cells are
    then data, audited like any other row, and never printed as column names.
    """
    if any(
        finding.action is not FindingAction.REVIEW for cell in cells for finding in scan_text(cell)
    ):
        return tuple(f"column {number}" for number in range(1, len(cells) + 1)), True
    return _unique([cell.strip(" \t\ufeff") for cell in cells]), False


def _unique(headers: Sequence[str]) -> tuple[str, ...]:
    """Headers that name one column each: blanks numbered, repeats counted.

    A repeat is named ``Header (2)``, or ``(3)`` and on where the file has a
    ``Header (2)`` of its own: no column is ever lost under another's name.
    """
    taken = set(headers)
    named: list[str] = []
    for number, header in enumerate(headers, start=1):
        name = header or f"column {number}"
        count = 1
        while name in named or (name != header and name in taken):
            count += 1
            name = f"{header or f'column {number}'} ({count})"
        named.append(name)
    return tuple(named)


def _cells(headers: tuple[str, ...], cells: Sequence[str]) -> dict[str, str]:
    """A row's cells by header; cells beyond the header are ``column N``."""
    row = dict(zip(headers, cells, strict=False))
    for number in range(len(headers) + 1, len(cells) + 1):
        key = f"column {number}"
        while key in row:
            key += "+"
        row[key] = cells[number - 1]
    return row


class _Object(list[tuple[str, object]]):
    """A JSON object as its pairs, in order: a repeated key keeps both its values."""


def _json_lines(text: io.TextIOWrapper) -> Iterator[Row]:
    with text:
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line, object_pairs_hook=_Object)
                cells = _flatten(value) if isinstance(value, _Object) else None
            except (ValueError, RecursionError):
                cells = None
            if cells is None:
                # What cannot be read as an object is still scanned, as one cell.
                yield Row(number, {_UNREAD: line}, "not a JSON object custrecords can read")
            else:
                yield Row(number, cells)


_UNREAD: Final = "(the whole line)"


def _flatten(
    value: _Object, prefix: str = "", cells: dict[str, str] | None = None
) -> dict[str, str]:
    """A JSON object's cells: nested objects as ``outer.inner``, other values as text.

    A name met twice (a repeated key, or ``"a.b"`` beside ``"a": {"b"}``) is counted,
    ``a.b (2)``, so that no value is lost.
    """
    cells = {} if cells is None else cells
    for key, item in value:
        name = f"{prefix}{key}"
        if isinstance(item, _Object):
            _flatten(item, f"{name}.", cells)
            continue
        cells[_counted(name, cells)] = _json_text(item)
    return cells


def _json_text(item: object) -> str:
    if isinstance(item, str):
        return item
    if item is None:
        return ""
    if isinstance(item, bool):
        return "true" if item else "false"
    return json.dumps(item, ensure_ascii=False)


def _workbook(source: IO[bytes], name: str, sheet: str | None) -> Export:
    try:
        import openpyxl  # noqa: PLC0415 (an optional extra)
    except ImportError:
        raise Unusable(
            f"{name}: a workbook; reading one needs openpyxl: pip install 'custrecords[excel]'"
        ) from None
    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception:  # a damaged workbook fails in many ways, all one to the user
        raise Unusable(f"{name}: not a workbook that can be read (.xlsx)") from None
    if sheet is not None and sheet not in book.sheetnames:
        raise Unusable(
            f"{name}: no sheet {sheet!r}; the sheets are {', '.join(map(repr, book.sheetnames))}"
        )
    worksheet = book[sheet] if sheet is not None else book.worksheets[0]
    values = worksheet.iter_rows(values_only=True)

    def cells_of(number: int) -> tuple[object, ...] | None:
        try:
            return next(values)
        except StopIteration:
            return None
        except Exception:
            raise Unusable(f"{name}: row {number} of the workbook cannot be read") from None

    number = 1
    raw = cells_of(number)
    while raw is not None and not any(_cell(value) for value in raw):
        number += 1
        raw = cells_of(number)
    if raw is None:
        raise Unusable(f"{name}: the sheet is empty: its first row must name the columns")
    first = [_cell(value) for value in raw]
    headers, data = _header(first)

    def rows() -> Iterator[Row]:
        if data:
            yield Row(number, _cells(headers, first))
        line = number
        while (found := cells_of(line + 1)) is not None:
            line += 1
            texts = [_cell(value) for value in found]
            if any(texts):
                yield Row(line, _cells(headers, texts))
        book.close()
        source.close()

    notes = [f"sheet {worksheet.title!r}"]
    unread = [title for title in book.sheetnames if title != worksheet.title]
    if unread:
        notes.append(f"not read: sheets {', '.join(map(repr, unread))} (--sheet reads one)")
    if data:
        notes.append(_HEADERLESS)
    return _export(headers, rows(), "workbook", notes=tuple(notes))


def _parquet(source: IO[bytes], name: str) -> Export:
    """A Parquet file's rows, read a batch at a time, row group by row group, by pyarrow.

    Its cells are read as `custrecords.spark` reads a DataFrame's, in one module: the
    same table gives the same problems on the command line and on Spark.
    """
    try:
        import pyarrow.parquet as pq  # noqa: PLC0415 (an optional extra)

        from custrecords._arrow import batch_rows, cell_texts, schema_headers  # noqa: PLC0415
    except ImportError:
        raise Unusable(
            f"{name}: a Parquet file; reading one needs pyarrow: pip install 'custrecords[parquet]'"
        ) from None
    try:
        table = pq.ParquetFile(source)
        headers = schema_headers(table.schema_arrow)
    except InvalidValue:
        raise Unusable(
            f"{name}: a column's name holds personal data (an e-mail address, a phone or card "
            "number); rename the column"
        ) from None
    except Exception:  # a damaged file fails in many ways, all one to the user
        raise Unusable(f"{name}: not a Parquet file that can be read") from None
    batches = table.iter_batches(batch_size=_PARQUET_BATCH)
    metadata = table.metadata

    def rows() -> Iterator[Row]:
        line = 1  # the header's, in a CSV of the table
        checked: set[tuple[str, ...]] = set()
        try:
            while True:
                try:
                    batch = next(batches)
                except StopIteration:
                    break
                except Exception:
                    raise Unusable(f"{name}: the rows after line {line} cannot be read") from None
                for row in batch_rows(batch):
                    line += 1
                    cells = cell_texts(row, checked)
                    if any(cell.strip() for cell in cells.values()):
                        yield Row(line, cells)
        finally:
            table.close()
            source.close()

    groups = metadata.num_row_groups
    note = f"{metadata.num_rows} rows in {groups} row group{'' if groups == 1 else 's'}"
    return _export(headers, rows(), "parquet", notes=(note,))


def _cell(value: object) -> str:  # noqa: PLR0911
    """A workbook cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
