"""The export audit on Apache Spark: `audit_rows` on the executors, for tables beyond one machine.

A CRM with tens of millions of customers keeps them in a lakehouse (Parquet or Delta
tables on Databricks, EMR, Synapse or any Spark cluster). `audit_dataframe` audits such
a table where it is: each partition's rows go through the library's own `audit_rows` on
the executors, by ``mapInArrow``, and the problems come back as a DataFrame, one row per
problem, never a cell's value. `summarise` counts them by kind. Nothing here judges a row:
the rules are `audit_rows`', so Spark, the command line and a host's own code agree.

It needs the ``spark`` extra (``pip install 'custrecords[spark]'``), and custrecords
installed on the executors too (on Databricks, the wheel as a cluster library).

The guidelines travel to the executors as their TOML text, and the column map as JSON:
no object of the library is pickled, so the driver and the executors need only agree on
the text, and each executor's Python worker reads it once.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

import attrs
import pyarrow as pa
from pyspark import TaskContext
from pyspark.sql import DataFrame
from pyspark.sql import functions as F  # noqa: N812 - as Spark's own guide imports it
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DataType,
    DateType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from custrecords._arrow import batch_rows, cell_texts, counted_names
from custrecords._checks import check_type
from custrecords.errors import InvalidValue
from custrecords.export_audit import RowProblem, audit_rows
from custrecords.exports import ColumnMap, DateOrder, infer_columns
from custrecords.guidelines import Guidelines

__all__ = ["PROBLEMS_SCHEMA", "audit_dataframe", "summarise"]

PROBLEMS_SCHEMA: Final = StructType(
    [
        StructField("row", LongType(), nullable=False),
        StructField("record_id", StringType()),
        StructField("column", StringType(), nullable=False),
        StructField("code", StringType(), nullable=False),
        StructField("must_fix", BooleanType(), nullable=False),
        StructField("rule", StringType(), nullable=False),
        StructField("source", StringType(), nullable=False),
        StructField("message", StringType(), nullable=False),
        StructField("category", StringType()),
        StructField("start", IntegerType()),
        StructField("end", IntegerType()),
        StructField("due", DateType()),
    ]
)
"""The schema of the problems `audit_dataframe` returns, one row per problem.

- ``row``: the audited row's number, unique in the audit: its partition's index in the
  upper 31 bits and its position in the partition in the lower 33, as Spark's
  ``monotonically_increasing_id`` numbers the rows of the same DataFrame.
- ``record_id``: the row's identifier, from the first ``id`` column holding one; null
  where there is none, or where a problem was found in an ``id`` column.
- ``column``, ``code``, ``must_fix``, ``rule``, ``source``, ``message``, ``category``,
  ``start``, ``end``, ``due``: the `RowProblem`'s, as `audit_rows` gives them.
"""

_ARROW_PROBLEMS: Final = pa.schema(
    [
        pa.field("row", pa.int64(), nullable=False),
        pa.field("record_id", pa.string()),
        pa.field("column", pa.string(), nullable=False),
        pa.field("code", pa.string(), nullable=False),
        pa.field("must_fix", pa.bool_(), nullable=False),
        pa.field("rule", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("message", pa.string(), nullable=False),
        pa.field("category", pa.string()),
        pa.field("start", pa.int32()),
        pa.field("end", pa.int32()),
        pa.field("due", pa.date32()),
    ]
)
_SAMPLE_ROWS: Final = 200
"""Rows read to infer what each column holds, as the command line reads."""
_BATCH: Final = 10_000
"""Problems sent back from an executor at once."""
_PARTITION_SHIFT: Final = 33


def audit_dataframe(
    df: DataFrame,
    *,
    columns: ColumnMap | Mapping[str, Sequence[str]] | None = None,
    guidelines: str | os.PathLike[str] | None = None,
    today: dt.date,
    dates: DateOrder = DateOrder.UK,
    serial_dates: bool = False,
) -> DataFrame:
    """Audit a Spark DataFrame's rows with `audit_rows`, on the executors: one row per problem.

    The DataFrame's columns are read as an export's headers: a struct column's fields
    are columns ``outer.inner``, and a repeated name is counted, ``Phone (2)``. Unless
    ``columns`` is a `ColumnMap`, what each holds is inferred by `infer_columns` from
    the names and from the first 200 rows (one small Spark job), as ``custrecords
    audit`` infers it from a file's headers and first rows. The audit itself is lazy:
    it runs when the problems are written, counted or collected, partition by
    partition, each partition's rows streamed through `audit_rows` as Arrow batches.

    Args:
        df: the rows to audit: any DataFrame (a Delta or Parquet table, a CSV read by
            Spark, a query). Cells may be of any Spark type; they are read as
            `audit_rows` reads a row's (dates and timestamps as ISO text, whole numbers
            as their digits, arrays joined, nulls empty).
        columns: which columns hold what: a `ColumnMap` (used as it is), or role →
            column names (`custrecords.exports.ROLES`), which those roles take as a
            ``--map`` file gives them, the rest being inferred; or None to infer all.
        guidelines: the organisation's guidelines, as TOML text or the path of a TOML
            file read here, on the driver; None for `Guidelines.uk_default`. They are
            checked here, and sent to the executors as that text.
        today: the day to audit as of.
        dates: how an all-digit date such as ``04/03/2012`` is ordered.
        serial_dates: whether a bare number in a date column is an Excel serial date.

    Returns:
        A DataFrame of `PROBLEMS_SCHEMA`: ``row``, ``record_id``, ``column``, ``code``,
        ``must_fix``, ``rule``, ``source`` (the law or guidance the rule follows),
        ``message``, ``category``, ``start``, ``end`` (a finding's span, in characters)
        and ``due``. A row with no problem has no row in it. No cell's value is in it.

    Raises:
        InvalidValue: ``wrong_type`` for a ``df`` that is not a Spark DataFrame, a
            ``today`` that is not a date, ``dates`` that is not a `DateOrder`,
            ``guidelines`` that are neither text nor a path, or ``columns`` that are
            neither a `ColumnMap` nor a mapping; ``unknown_role`` and
            ``unknown_column`` for ``columns`` naming a role or a column that is not
            there; ``header_holds_data`` for a column name that is a customer's details.
        InvalidGuidelines: for guidelines with mistakes, each at its TOML path.
        OSError: when a guidelines file cannot be read.
    """
    if not isinstance(df, DataFrame):
        raise InvalidValue("wrong_type", "df", "must be a Spark DataFrame")
    if not isinstance(today, dt.date) or isinstance(today, dt.datetime):
        raise InvalidValue("wrong_type", "today", "must be a date")
    check_type(dates, DateOrder, "dates")
    toml = _guidelines_text(guidelines)
    names = counted_names(df.columns)
    headers = _headers(df.schema, names)
    # Spark's mapInArrow resolves each column by its name, and a name with a dot in it
    # ("Asst. Phone") names a struct's field: the columns go by their positions, and
    # the executors are sent their names.
    df = df.toDF(*(f"_{number}" for number in range(len(names))))
    column_map = _column_map(df, headers, names, columns)
    settings = json.dumps(
        {
            "guidelines": toml,
            "names": names,
            "roles": {role: list(found) for role, found in column_map.roles.items()},
            "reasons": dict(column_map.reasons),
            "unmapped": list(column_map.unmapped),
            "today": today.isoformat(),
            "dates": dates.value,
            "serial_dates": bool(serial_dates),
        }
    )
    return df.mapInArrow(functools.partial(_audit_batches, settings), PROBLEMS_SCHEMA)


def summarise(problems: DataFrame) -> DataFrame:
    """The problems `audit_dataframe` found, counted by kind: one row per code, by code.

    Args:
        problems: a DataFrame of `PROBLEMS_SCHEMA`, as `audit_dataframe` returns it
            (or as it was written to a table and read back).

    Returns:
        A DataFrame with ``code``, ``records`` (the rows with that problem: the count
        the command line's summary gives), ``records_to_fix`` (those where it must be
        fixed) and ``problems`` (how many there are, a row may have several), ordered
        by ``code``.

    Raises:
        InvalidValue: ``wrong_type`` for ``problems`` that is not a DataFrame holding
            the ``row``, ``code`` and ``must_fix`` columns.
    """
    if not isinstance(problems, DataFrame) or not {"row", "code", "must_fix"} <= set(
        problems.columns
    ):
        raise InvalidValue("wrong_type", "problems", "must be the problems audit_dataframe gave")
    return (
        problems.groupBy("code")
        .agg(
            F.countDistinct("row").alias("records"),
            F.countDistinct(F.when(F.col("must_fix"), F.col("row"))).alias("records_to_fix"),
            F.count(F.lit(1)).alias("problems"),
        )
        .orderBy("code")
    )


def _guidelines_text(guidelines: object) -> str:
    """The guidelines' TOML text, checked: what the executors read."""
    if guidelines is None:
        return resources.files("custrecords").joinpath("uk_default.toml").read_text("utf-8")
    if isinstance(guidelines, os.PathLike):
        Guidelines.from_toml(guidelines)  # every mistake at once, or a file not UTF-8
        return Path(guidelines).read_text(encoding="utf-8")
    if not isinstance(guidelines, str):
        raise InvalidValue("wrong_type", "guidelines", "must be TOML text, or a path to it")
    Guidelines.from_toml(guidelines)
    return guidelines


def _template(kind: DataType) -> object:
    """A cell of type ``kind`` with nothing in it, a struct's as a mapping of its fields."""
    if isinstance(kind, StructType):
        return {field.name: _template(field.dataType) for field in kind.fields}
    return None


def _headers(schema: StructType, names: Sequence[str]) -> tuple[str, ...]:
    """The column names the schema's rows have once flattened, checked to be names."""
    template = {
        name: _template(field.dataType) for name, field in zip(names, schema.fields, strict=True)
    }
    return tuple(cell_texts(template, set()))


_SAMPLE_SCHEMA: Final = StructType([StructField("cells", ArrayType(StringType()))])


def _column_map(
    df: DataFrame, headers: tuple[str, ...], names: Sequence[str], columns: object
) -> ColumnMap:
    if isinstance(columns, ColumnMap):
        for role, named in columns.roles.items():
            if any(header not in headers for header in named):
                raise InvalidValue("unknown_column", role, "names a column the DataFrame lacks")
        return columns
    if columns is not None and not isinstance(columns, Mapping):
        raise InvalidValue("wrong_type", "columns", "must be a ColumnMap, or role to columns")
    found = df.limit(_SAMPLE_ROWS).mapInArrow(
        functools.partial(_sample_batches, headers, tuple(names)), _SAMPLE_SCHEMA
    )
    sample = [dict(zip(headers, row["cells"], strict=True)) for row in found.collect()]
    return infer_columns(headers, sample, given=columns)


def _sample_batches(
    headers: tuple[str, ...], names: tuple[str, ...], batches: Iterable[Any]
) -> Iterator[Any]:
    """On an executor: each row's cells as text, in the order of ``headers``."""
    checked: set[tuple[str, ...]] = set()
    for batch in batches:
        cells = [cell_texts(row, checked) for row in batch_rows(batch, names)]
        texts = [[row.get(header, "") for header in headers] for row in cells]
        yield pa.RecordBatch.from_arrays([pa.array(texts, pa.list_(pa.string()))], names=["cells"])


@attrs.frozen
class _Settings:
    names: tuple[str, ...]
    columns: ColumnMap
    guidelines: Guidelines
    today: dt.date
    dates: DateOrder
    serial_dates: bool


@functools.lru_cache(maxsize=8)
def _settings(text: str) -> _Settings:
    """The audit's settings from their JSON, read once in each Python worker."""
    data = json.loads(text)
    return _Settings(
        names=tuple(data["names"]),
        columns=ColumnMap(
            roles={role: tuple(found) for role, found in data["roles"].items()},
            reasons=data["reasons"],
            unmapped=tuple(data["unmapped"]),
        ),
        guidelines=Guidelines.from_toml(data["guidelines"]),
        today=dt.date.fromisoformat(data["today"]),
        dates=DateOrder(data["dates"]),
        serial_dates=data["serial_dates"],
    )


def _audit_batches(settings: str, batches: Iterable[Any]) -> Iterator[Any]:
    """On an executor: a partition's rows through `audit_rows`, its problems as Arrow batches."""
    audit = _settings(settings)
    context = TaskContext.get()
    first = (context.partitionId() if context is not None else 0) << _PARTITION_SHIFT
    rows = (row for batch in batches for row in batch_rows(batch, audit.names))
    found = _Found()
    for result in audit_rows(
        rows,
        audit.columns,
        audit.guidelines,
        today=audit.today,
        dates=audit.dates,
        serial_dates=audit.serial_dates,
    ):
        for problem in result.problems:
            found.add(first + result.index, result.record_id, problem)
        if len(found.rows) >= _BATCH:
            yield found.batch()
    if found.rows:
        yield found.batch()


class _Found:
    """Problems gathered column by column, to be sent back as one Arrow batch."""

    _FIELDS: Final = ("column", "code", "must_fix", "rule", "source", "message", "category")

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self.rows: list[int] = []
        self.ids: list[str | None] = []
        self.fields: dict[str, list[object]] = {name: [] for name in self._FIELDS}
        self.starts: list[int | None] = []
        self.ends: list[int | None] = []
        self.dues: list[dt.date | None] = []

    def add(self, row: int, record_id: str | None, problem: RowProblem) -> None:
        self.rows.append(row)
        self.ids.append(record_id)
        for name, values in self.fields.items():
            values.append(getattr(problem, name))
        self.starts.append(problem.start)
        self.ends.append(problem.end)
        self.dues.append(problem.due)

    def batch(self) -> Any:  # noqa: ANN401 - pyarrow has no types
        arrays = [
            self.rows,
            self.ids,
            *self.fields.values(),
            self.starts,
            self.ends,
            self.dues,
        ]
        batch = pa.RecordBatch.from_arrays(
            [
                pa.array(values, field.type)
                for values, field in zip(arrays, _ARROW_PROBLEMS, strict=True)
            ],
            schema=_ARROW_PROBLEMS,
        )
        self._clear()
        return batch
