"""Reading an export as a CRM or a spreadsheet saved it: bytes, dialect, rows, line numbers.

- **Bytes.** A byte-order mark says UTF-8, UTF-16 or UTF-32. Without one, a file
  that is valid UTF-8 is UTF-8, and any other is Windows-1252 (what Excel's
  "CSV (Comma delimited)" writes on a UK or Western European Windows), unless
  ``--encoding`` says otherwise. A file that is neither is refused with the byte
  offset where it stops being readable.
- **Kind.** A workbook (``.xlsx``) is known by its zip signature; text whose first
  character is ``{`` is JSON lines; any other text is delimited.
- **Dialect.** The delimiter is the one of ``,`` ``;`` tab ``|`` that splits the
  header into the most columns and the rows below it into as many; Excel's
  ``sep=;`` first line says so outright. Quoted cells may hold line breaks and
  doubled quotes, and are of any length.
- **Rows.** Each row carries the line of the file it starts on (a workbook's row
  number); rows with no text in any cell are skipped; cells beyond the header are
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
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Final

import attrs

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
    (b"PAR1", "a Parquet file, which this version does not read"),
)


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
        kind: ``"delimited"``, ``"json lines"`` or ``"workbook"``.
        encoding: the encoding the text was read in; None for a workbook.
        delimiter: the delimiter of a delimited export.
    """

    headers: tuple[str, ...]
    sample: tuple[Row, ...]
    rows: Iterator[Row]
    kind: str
    encoding: str | None = None
    delimiter: str | None = None

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
    if sheet is not None:
        raise Unusable(f"{name}: --sheet is for a workbook (.xlsx), and this is text")
    for signature, what in _SIGNATURES:
        if head.startswith(signature) and encoding is None:
            raise Unusable(f"{name}: {what}")
    chosen = _encoding(source, name, encoding)
    text = io.TextIOWrapper(source, encoding=chosen, newline="")
    start = text.read(_SAMPLE_CHARACTERS)
    text.seek(0)
    if start.lstrip(" \t\r\n\ufeff")[:1] == "{":
        rows = _json_lines(text)
        sample = tuple(itertools.islice(rows, _SAMPLE_ROWS))
        headers = tuple(dict.fromkeys(key for row in sample for key in row.cells))
        return Export(headers, sample, itertools.chain(sample, rows), "json lines", chosen)
    if start.lstrip(" \t\r\n\ufeff")[:1] == "[":
        raise Unusable(
            f"{name}: a JSON array; give JSON lines, one object a line (jq -c '.[]' does it)"
        )
    return _delimited(text, start, name, chosen)


def _encoding(source: IO[bytes], name: str, given: str | None) -> str:
    """The encoding to read ``source`` in: the one given, its BOM's, UTF-8 or Windows-1252."""
    if given is not None:
        try:
            # bytes.decode refuses codecs that are not text encodings (rot13, zlib), but
            # only for bytes it must decode.
            b"\0".decode(given)
        except (LookupError, ValueError):  # ValueError: a NUL in the name
            raise Unusable(f"--encoding {given}: not a text encoding Python knows") from None
        except UnicodeError:
            pass  # one byte is too few for UTF-16, and that is all
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
        raise Unusable(
            f"{name}: neither UTF-8 ({failures[0]}) nor Windows-1252 ({failures[1]}); "
            "say which with --encoding"
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
    first_line = start.split("\n", 1)[0].strip("\r\ufeff")
    if first_line[:4].lower() == "sep=" and len(first_line) == 5:
        # Excel writes, and reads, a first line naming the delimiter.
        delimiter = first_line[4]
        text.readline()
        line_offset = 1
    else:
        delimiter = _delimiter(start)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        raw = next(reader, None)
    except csv.Error as error:
        raise Unusable(f"{name}: line {line_offset + 1}: {error}") from None
    if raw is None or not any(cell.strip() for cell in raw):
        raise Unusable(f"{name}: no header row: the first line must name the columns")
    headers = _unique([cell.strip(" \t\ufeff") for cell in raw])

    def rows() -> Iterator[Row]:
        width = len(headers)
        while True:
            line = line_offset + reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                text.close()
                return
            except csv.Error as error:
                raise Unusable(f"{name}: line {line}: {error}") from None
            if not any(cells):
                continue
            row = dict(zip(headers, cells, strict=False))
            if len(cells) > width:
                row.update(
                    (f"column {number}", cell)
                    for number, cell in enumerate(cells[width:], start=width + 1)
                )
            yield Row(line, row)

    stream = rows()
    sample = tuple(itertools.islice(stream, _SAMPLE_ROWS))
    return Export(
        headers, sample, itertools.chain(sample, stream), "delimited", encoding, delimiter
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


def _unique(headers: list[str]) -> tuple[str, ...]:
    """Headers that name one column each: blanks numbered, repeats counted."""
    seen: dict[str, int] = {}
    named = []
    for number, header in enumerate(headers, start=1):
        name = header or f"column {number}"
        seen[name] = seen.get(name, 0) + 1
        named.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return tuple(named)


def _json_lines(text: io.TextIOWrapper) -> Iterator[Row]:
    with text:
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
                cells = dict(_flatten(value, "")) if isinstance(value, dict) else None
            except (ValueError, RecursionError):
                cells = None
            if cells is None:
                yield Row(number, {}, "not a JSON object")
            else:
                yield Row(number, cells)


def _flatten(value: dict[object, object], prefix: str) -> Iterator[tuple[str, str]]:
    """A JSON object's cells: nested objects as ``outer.inner``, other values as text."""
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            yield from _flatten(item, f"{name}.")
        elif isinstance(item, str):
            yield name, item
        elif item is None:
            yield name, ""
        elif isinstance(item, bool):
            yield name, "true" if item else "false"
        else:
            yield name, json.dumps(item, ensure_ascii=False)


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
    headers = _unique([_cell(value).strip() for value in raw])

    def rows() -> Iterator[Row]:
        line = number
        while (found := cells_of(line + 1)) is not None:
            line += 1
            texts = [_cell(value) for value in found]
            if not any(texts):
                continue
            row = dict(zip(headers, texts, strict=False))
            row.update(
                (f"column {column}", text)
                for column, text in enumerate(texts[len(headers) :], start=len(headers) + 1)
                if text
            )
            yield Row(line, row)
        book.close()
        source.close()

    stream = rows()
    sample = tuple(itertools.islice(stream, _SAMPLE_ROWS))
    return Export(headers, sample, itertools.chain(sample, stream), "workbook")


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
