"""Apache Arrow record batches as the rows `audit_rows` reads: Parquet files, Spark partitions.

A Parquet file and a Spark partition both arrive as Arrow record batches. The command
line (a Parquet file) and `custrecords.spark` (a DataFrame) read them here, in one way,
so that the same table gives the same cells, and the same problems, whichever runs it.

- A struct column is flattened to ``outer.inner`` columns, as a JSON-lines export's
  nested objects are.
- A repeated column name is counted, ``Phone (2)``, as a repeated header is.
- Cells are Python values (text, numbers, dates, date-times, bools, lists, ``None``),
  which `audit_rows` reads as it reads any row's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pyarrow as pa

from custrecords.export_audit import _cells
from custrecords.exports import _counted

__all__ = ["batch_rows", "cell_texts", "counted_names", "schema_headers"]


def counted_names(names: Iterable[str]) -> list[str]:
    """Column names as an export's headers are read: a repeated one counted, ``Phone (2)``."""
    counted: list[str] = []
    for name in names:
        counted.append(_counted(name, counted))
    return counted


def _names(schema: Any) -> list[str]:  # noqa: ANN401 - pyarrow has no types
    """The schema's top-level column names, a repeated one counted."""
    return counted_names(schema.names)


def batch_rows(
    batch: Any,  # noqa: ANN401 - pyarrow has no types
    names: Sequence[str] | None = None,
) -> Iterator[dict[str, object]]:
    """Each row of a record batch as column name → cell, the names counted where repeated.

    ``names``, where given, name the batch's columns in its stead.
    """
    names = _names(batch.schema) if names is None else names
    columns = [column.to_pylist() for column in batch.columns]
    for cells in zip(*columns, strict=True):
        yield dict(zip(names, cells, strict=True))


def _template(kind: Any) -> object:  # noqa: ANN401 - pyarrow has no types
    """A cell of type ``kind`` with nothing in it, a struct's as a mapping of its fields."""
    if pa.types.is_struct(kind):
        return {field.name: _template(field.type) for field in kind}
    return None


def schema_headers(schema: Any) -> tuple[str, ...]:  # noqa: ANN401 - pyarrow has no types
    """The column names a schema's rows have once flattened: ``outer.inner`` for structs.

    Raises:
        InvalidValue: ``header_holds_data`` where a name holds personal data (an
            e-mail address, a phone or card number).
    """
    template = {
        name: _template(field.type) for name, field in zip(_names(schema), schema, strict=True)
    }
    return tuple(_cells(template, set()))


def cell_texts(row: dict[str, object], checked: set[tuple[str, ...]]) -> dict[str, str]:
    """A row's cells as the text `audit_rows` judges, structs flattened to ``outer.inner``.

    ``checked`` holds the sets of column names already checked, kept from row to row.

    Raises:
        InvalidValue: ``header_holds_data`` where a name holds personal data.
    """
    return _cells(row, checked)
