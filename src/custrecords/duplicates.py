"""Duplicates across an export: the rows that are likely one customer, grouped.

A duplicate customer is an accuracy fault (UK GDPR Article 5(1)(d): one record is
updated, the other left wrong) and a rights fault (a subject access or erasure request
that finds one record of two misses half the data, Articles 15 and 17). `find_duplicates`
reads the rows of an export, as `custrecords.export_audit.audit_rows` does, and groups
those that share a key, with the strength and reasons `find_matches` gives:

- **same_email** (likely): the same e-mail address (an export does not say whether it
  was verified);
- **same_mobile** (likely), **same_phone** (possible): the same phone number;
- **same_name_and_birth_date** (likely), **same_name_and_postcode** (possible): a key
  of the same name (`custrecords.names`) with the same date of birth, or UK postcode.

Two different reasons make a link strong. A group is the rows joined by links of at
least the strength asked for; its strength is that of the weakest link it needs to hold
together. A value held by more rows than ``most`` (a switchboard number, a placeholder
address such as ``noemail@example.com``) is nobody's own: it joins no rows, and is
reported as a `SharedValue` instead.

Nothing is kept in memory per key: each row's keys go, hashed, into an SQLite database
of the standard library's own, private and temporary (deleted when it is closed), and
are grouped there; only one 8-byte entry a row stays in memory while groups are formed.
No result holds a value: rows are named by their position and record id.

>>> from custrecords.exports import infer_columns
>>> rows = [
...     {"id": "C-1", "Name": "Paweł Kowalski", "Email": "pawel@example.com"},
...     {"id": "C-2", "Name": "Mr Pawel Kowalski", "Email": "Pawel@Example.com"},
...     {"id": "C-3", "Name": "Anna Nowak", "Email": "anna@example.com"},
... ]
>>> columns = infer_columns(["id", "Name", "Email"], rows)
>>> for group in find_duplicates(rows, columns):
...     print(group.record_ids, group.strength.value, [r.value for r in group.reasons])
('C-1', 'C-2') likely ['same_email']
"""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import lru_cache
from types import TracebackType
from typing import Final, Self, final

import attrs
import phonenumbers

from custrecords._checks import check_type
from custrecords.errors import InvalidValue
from custrecords.export_audit import _cells, _scanned_short
from custrecords.exports import ColumnMap, DateOrder, export_day
from custrecords.matching import _RANK, _STRENGTH, MatchReason, MatchStrength
from custrecords.names import _keys as _name_keys
from custrecords.ports import LookupKind
from custrecords.scanning.contact import _email_normalized, _uk_e164
from custrecords.values import EmailAddress, PersonName, _normalize_postcode, _phone_forms

__all__ = ["DuplicateGroup", "DuplicateIndex", "DuplicateLink", "SharedValue", "find_duplicates"]


@final
@attrs.frozen(kw_only=True)
class DuplicateLink:
    """Two rows that are likely one customer, how strongly, and why.

    Attributes:
        first: the position of the first row among the rows read, from 0.
        second: the position of the second, after ``first``.
        strength: possible, likely or strong, as `find_matches` would say.
        reasons: what the two have in common, strongest first.
    """

    first: int
    second: int
    strength: MatchStrength
    reasons: tuple[MatchReason, ...]


@final
@attrs.frozen(kw_only=True)
class DuplicateGroup:
    """Rows that are likely one customer: every record of them should be one record.

    Attributes:
        rows: the rows' positions among the rows read, from 0, in order.
        record_ids: each row's record id, in the order of ``rows``; ``None`` for a row
            with no id, or whose id cell holds what the scanner finds (an e-mail address).
        strength: the weakest link the group needs to hold together.
        reasons: every reason among its links, strongest first.
        links: each pair of rows that share a key, in order.
    """

    rows: tuple[int, ...]
    record_ids: tuple[str | None, ...]
    strength: MatchStrength
    reasons: tuple[MatchReason, ...]
    links: tuple[DuplicateLink, ...]


@final
@attrs.frozen(kw_only=True)
class SharedValue:
    """A value held by too many rows to be one customer's: a switchboard, a placeholder.

    Attributes:
        reason: what the rows share, as a match reason (``same_phone``, ``same_email``...).
        count: how many rows hold it.
        rows: the first rows holding it (at most ten), by position.
    """

    reason: MatchReason
    count: int
    rows: tuple[int, ...]


# Each key kind, as a bit: the reasons two rows share are summed, each kind once.
_BITS: Final = {
    MatchReason.SAME_EMAIL: 1,
    MatchReason.SAME_MOBILE: 2,
    MatchReason.SAME_PHONE: 4,
    MatchReason.SAME_NAME_AND_BIRTH_DATE: 8,
    MatchReason.SAME_NAME_AND_POSTCODE: 16,
}
_BY_BIT: Final = {bit: reason for reason, bit in _BITS.items()}
_SHOWN: Final = 10
_BATCH: Final = 5_000
_SCHEMA: Final = """
CREATE TABLE keys (bit INTEGER NOT NULL, hash INTEGER NOT NULL, row INTEGER NOT NULL);
CREATE TABLE ids (row INTEGER PRIMARY KEY, id TEXT);
CREATE TABLE links (a INTEGER NOT NULL, b INTEGER NOT NULL, bit INTEGER NOT NULL);
CREATE TABLE shared (bit INTEGER NOT NULL, count INTEGER NOT NULL, rows TEXT NOT NULL);
"""


def _hash(kind: LookupKind, value: str) -> int:
    """A key as a signed 64-bit number: what the index holds in place of the value.

    Two different values share a number with a chance of about one in 10^19 a pair of
    keys: for a million rows' keys, about one in ten million that any two do.
    """
    text = f"{kind.value}:{value}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big", signed=True)


def _reasons(bits: int) -> tuple[MatchReason, ...]:
    found = [reason for bit, reason in _BY_BIT.items() if bits & bit]
    return tuple(sorted(found, key=lambda reason: (-_RANK[_STRENGTH[reason]], reason.value)))


def _strength(reasons: tuple[MatchReason, ...]) -> MatchStrength:
    return MatchStrength.STRONG if len(reasons) > 1 else _STRENGTH[reasons[0]]


@final
class DuplicateIndex:
    """Rows added one at a time, then grouped: `find_duplicates` in steps.

    For a host that reads an export once for several purposes (the command line audits
    each row and adds it here as it goes). Close it, or use it as a context manager:
    its database is deleted when it is closed.
    """

    __slots__ = (
        "_at_least",
        "_checked",
        "_columns",
        "_connection",
        "_dates",
        "_ids",
        "_most",
        "_pending",
        "_rows",
    )

    def __init__(
        self,
        columns: ColumnMap,
        *,
        at_least: MatchStrength = MatchStrength.POSSIBLE,
        most: int = 10,
        dates: DateOrder = DateOrder.UK,
    ) -> None:
        """Start an empty index.

        Args:
            columns: which columns hold what, from `infer_columns`: the ``id``,
                ``email``, ``phone``, ``name``, ``first_name``, ``last_name``,
                ``postcode`` and ``date_of_birth`` columns are read.
            at_least: the weakest link that joins two rows into a group.
            most: the most rows that may share a value for it to join them (2 or more).
            dates: how an all-digit date of birth such as ``04/03/1985`` is ordered.

        Raises:
            InvalidValue: ``wrong_type`` for columns that are not a `ColumnMap`, a
                strength that is not a `MatchStrength`, ``most`` that is not a whole
                number, 2 or more, or ``dates`` that is not a `DateOrder`.
        """
        check_type(columns, ColumnMap, "columns")
        check_type(at_least, MatchStrength, "at_least")
        check_type(dates, DateOrder, "dates")
        if not isinstance(most, int) or isinstance(most, bool) or most < 2:
            raise InvalidValue("wrong_type", "most", "must be a whole number, 2 or more")
        self._columns = columns
        self._at_least = at_least
        self._most = most
        self._dates = dates
        # An empty name: SQLite's private temporary database, on disk, deleted on close.
        self._connection = sqlite3.connect("", isolation_level=None)
        self._connection.executescript(_SCHEMA)
        self._connection.execute("PRAGMA journal_mode = OFF")
        self._connection.execute("PRAGMA synchronous = OFF")
        self._connection.execute("BEGIN")
        self._pending: list[tuple[int, int, int]] = []
        self._rows = 0
        self._checked: set[tuple[str, ...]] = set()
        self._ids: list[tuple[int, str]] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Delete the index's database."""
        self._connection.close()

    def add(self, row: Mapping[str, object]) -> int:
        """Add a row; return its position.

        A cell that cannot be read as what its column holds (an e-mail address that is
        not one, a date of birth that is not a date) gives no key: the audit reports it.

        Raises:
            InvalidValue: ``wrong_type`` for a row that is not a mapping of text to cells,
                as `audit_rows` raises it.
        """
        cells = _cells(row, self._checked)
        at = self._rows
        self._rows += 1
        record_id = self._record_id(cells)
        if record_id is not None:
            self._ids.append((at, record_id))
        self._pending += [(bit, key, at) for bit, key in self._keys(cells)]
        if len(self._pending) >= _BATCH:
            self._flush()
        return at

    def _flush(self) -> None:
        self._connection.executemany("INSERT INTO keys VALUES (?, ?, ?)", self._pending)
        self._connection.executemany("INSERT INTO ids VALUES (?, ?)", self._ids)
        self._pending, self._ids = [], []

    def _record_id(self, cells: Mapping[str, str]) -> str | None:
        for column in self._columns.headers("id"):
            text = (cells.get(column) or "").strip(" \t\r\n\ufeff")
            if text:
                # An id holding what the scanner finds (an e-mail address) is not shown.
                return None if _scanned_short(text) else text
        return None

    def _keys(self, cells: Mapping[str, str]) -> set[tuple[int, int]]:
        keys: set[tuple[int, int]] = set()
        for column in self._columns.headers("email"):
            email = _email_key(cells.get(column) or "")
            if email is not None:
                keys.add((_BITS[MatchReason.SAME_EMAIL], _hash(LookupKind.EMAIL, email)))
        for column in self._columns.headers("phone"):
            phone = _phone_key(cells.get(column) or "")
            if phone is not None:
                e164, mobile = phone
                reason = MatchReason.SAME_MOBILE if mobile else MatchReason.SAME_PHONE
                keys.add((_BITS[reason], _hash(LookupKind.PHONE, e164)))
        names = self._names(cells)
        if names:
            postcode = _postcode_key(self._first(cells, "postcode"))
            born = self._born(self._first(cells, "date_of_birth"))
            for name in names:
                if postcode is not None:
                    bit = _BITS[MatchReason.SAME_NAME_AND_POSTCODE]
                    keys.add((bit, _hash(LookupKind.NAME_POSTCODE, f"{name}|{postcode}")))
                if born is not None:
                    bit = _BITS[MatchReason.SAME_NAME_AND_BIRTH_DATE]
                    keys.add((bit, _hash(LookupKind.NAME_BIRTH_DATE, f"{name}|{born}")))
        return keys

    def _first(self, cells: Mapping[str, str], role: str) -> str:
        return next(
            (text for c in self._columns.headers(role) if (text := (cells.get(c) or "").strip())),
            "",
        )

    def _names(self, cells: Mapping[str, str]) -> tuple[str, ...]:
        full = self._first(cells, "name") or None
        given = self._first(cells, "first_name") or None
        family = self._first(cells, "last_name") or None
        if full is None and given is None and family is None:
            return ()
        return _names_of(full, given, family)

    def _born(self, text: str) -> date | None:
        if not text:
            return None
        try:
            return export_day(text, order=self._dates)
        except InvalidValue:
            return None

    def groups(self) -> Iterator[DuplicateGroup]:
        """The groups of the rows added so far, in the order of their first row.

        Call it after the last row is added; called again after more rows, it groups
        them all again.
        """
        self._flush()
        for table in ("pairs", "grouped"):
            self._connection.execute(f"DROP TABLE IF EXISTS {table}")
        connection = self._connection
        self._link()
        parent = array("q", range(self._rows))
        connection.execute(
            "CREATE TABLE pairs AS SELECT a, b, SUM(DISTINCT bit) AS bits FROM links GROUP BY a, b"
        )
        connection.execute(
            "CREATE TABLE grouped (root INTEGER, a INTEGER, b INTEGER, bits INTEGER)"
        )
        rank = _RANK[self._at_least]
        batch: list[tuple[int, int, int, int]] = []
        for a, b, bits in connection.execute("SELECT a, b, bits FROM pairs"):
            if _RANK[_strength(_reasons(bits))] >= rank:
                _union(parent, a, b)
        for a, b, bits in connection.execute("SELECT a, b, bits FROM pairs"):
            if _RANK[_strength(_reasons(bits))] >= rank:
                batch.append((_find(parent, a), a, b, bits))
            if len(batch) >= _BATCH:
                connection.executemany("INSERT INTO grouped VALUES (?, ?, ?, ?)", batch)
                batch = []
        connection.executemany("INSERT INTO grouped VALUES (?, ?, ?, ?)", batch)
        del parent, batch
        return self._grouped()

    def _link(self) -> None:
        """Each pair of rows that share a key, into ``links``; values too shared, noted."""
        connection = self._connection
        for table in ("links", "shared"):
            connection.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names
        pairs: list[tuple[int, int, int]] = []
        current: tuple[int, int] | None = None
        run: list[int] = []
        count = 0

        def close_run() -> None:
            if current is None or count < 2:
                return
            if count > self._most:
                shown = ",".join(map(str, run[:_SHOWN]))
                connection.execute(
                    "INSERT INTO shared VALUES (?, ?, ?)", (current[0], count, shown)
                )
                return
            pairs.extend((a, b, current[0]) for i, a in enumerate(run) for b in run[i + 1 :])

        ordered = connection.execute(
            "SELECT DISTINCT bit, hash, row FROM keys ORDER BY bit, hash, row"
        )
        for bit, key, row in ordered:
            if (bit, key) != current:
                close_run()
                if len(pairs) >= _BATCH:
                    connection.executemany("INSERT INTO links VALUES (?, ?, ?)", pairs)
                    pairs = []
                current, run, count = (bit, key), [], 0
            count += 1
            if count <= max(self._most, _SHOWN):
                run.append(row)
        close_run()
        connection.executemany("INSERT INTO links VALUES (?, ?, ?)", pairs)

    def _grouped(self) -> Iterator[DuplicateGroup]:
        connection = self._connection
        rows = connection.execute("SELECT root, a, b, bits FROM grouped ORDER BY root, a, b")
        root: int | None = None
        links: list[DuplicateLink] = []
        for at, a, b, bits in rows:
            if at != root and links:
                yield self._group(links)
                links = []
            root = at
            reasons = _reasons(bits)
            links.append(
                DuplicateLink(first=a, second=b, strength=_strength(reasons), reasons=reasons)
            )
        if links:
            yield self._group(links)

    def _group(self, links: list[DuplicateLink]) -> DuplicateGroup:
        members = sorted({row for link in links for row in (link.first, link.second)})
        marks = ",".join("?" * len(members))
        ids = dict(
            self._connection.execute(f"SELECT row, id FROM ids WHERE row IN ({marks})", members)  # noqa: S608 - marks only
        )
        reasons = tuple(
            sorted(
                {reason for link in links for reason in link.reasons},
                key=lambda reason: (-_RANK[_STRENGTH[reason]], reason.value),
            )
        )
        return DuplicateGroup(
            rows=tuple(members),
            record_ids=tuple(ids.get(row) for row in members),
            strength=_bottleneck(members, links),
            reasons=reasons,
            links=tuple(links),
        )

    def shared(self) -> tuple[SharedValue, ...]:
        """The values too many rows share to join them, most shared first (after `groups`)."""
        found = self._connection.execute(
            "SELECT bit, count, rows FROM shared ORDER BY count DESC, bit"
        ).fetchall()
        return tuple(
            SharedValue(
                reason=_BY_BIT[bit], count=count, rows=tuple(int(row) for row in rows.split(","))
            )
            for bit, count, rows in found
        )


def _find(parent: array[int], row: int) -> int:
    while parent[row] != row:
        parent[row] = parent[parent[row]]
        row = parent[row]
    return row


def _union(parent: array[int], a: int, b: int) -> None:
    """Join two rows' groups; the group's root is its first row."""
    first, second = _find(parent, a), _find(parent, b)
    if first != second:
        parent[max(first, second)] = min(first, second)


def _bottleneck(members: list[int], links: list[DuplicateLink]) -> MatchStrength:
    """The strength of the weakest link a group needs: joined strongest first."""
    parent = {row: row for row in members}

    def find(row: int) -> int:
        while parent[row] != row:
            row = parent[row]
        return row

    joined = 1
    for link in sorted(links, key=lambda link: -_RANK[link.strength]):
        first, second = find(link.first), find(link.second)
        if first != second:
            parent[max(first, second)] = min(first, second)
            joined += 1
            if joined == len(members):
                return link.strength
    return MatchStrength.POSSIBLE  # pragma: no cover - a group's links join all its rows


@lru_cache(maxsize=16_384)
def _names_of(full: str | None, given: str | None, family: str | None) -> tuple[str, ...]:
    try:
        return _name_keys(PersonName.parse(full, given=given, family=family))
    except InvalidValue:
        return ()  # digits in a name: the audit reports the cell


def _email_key(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    normalized = _email_normalized(text)
    if normalized is None:
        try:
            normalized = EmailAddress.parse(text).normalized
        except InvalidValue:
            return None
    return normalized.casefold()


def _phone_key(text: str) -> tuple[str, bool] | None:
    """A phone cell's E.164 form, and whether it is a mobile, as `PhoneNumber.kind` says."""
    text = text.strip()
    if not text:
        return None
    e164 = _uk_e164(text)
    if e164 is None:
        try:
            e164, _ = _phone_forms(text, "GB", "phone")
        except InvalidValue:
            return None
    return e164, _is_mobile(e164)


@lru_cache(maxsize=4096)
def _is_mobile(e164: str) -> bool:
    kind = phonenumbers.number_type(phonenumbers.parse(e164))
    return kind == phonenumbers.PhoneNumberType.MOBILE


def _postcode_key(text: str) -> str | None:
    if not text:
        return None
    try:
        return _normalize_postcode(text.upper(), "GB", "postcode").replace(" ", "")
    except InvalidValue:
        return None


def find_duplicates(
    rows: Iterable[Mapping[str, object]],
    columns: ColumnMap,
    *,
    at_least: MatchStrength = MatchStrength.POSSIBLE,
    most: int = 10,
    dates: DateOrder = DateOrder.UK,
) -> Iterator[DuplicateGroup]:
    """The groups of rows that are likely one customer, in the order of their first row.

    Every row is read before the first group is given. See `DuplicateIndex` for the
    arguments, and `DuplicateIndex.shared` for the values too many rows share.

    Raises:
        InvalidValue: as `DuplicateIndex` and `DuplicateIndex.add` raise it; ``wrong_type``
            (field ``rows``) for rows that are not an iterable of rows.
    """
    if not isinstance(rows, Iterable) or isinstance(rows, str | bytes | Mapping):
        raise InvalidValue("wrong_type", "rows", "must be an iterable of rows")
    index = DuplicateIndex(columns, at_least=at_least, most=most, dates=dates)
    return _all_groups(index, rows)


def _all_groups(
    index: DuplicateIndex, rows: Iterable[Mapping[str, object]]
) -> Iterator[DuplicateGroup]:
    with index:
        for row in rows:
            index.add(row)
        yield from index.groups()
