"""Tests for custrecords.duplicates: the records of one customer found across an export."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custrecords import (
    DuplicateGroup,
    DuplicateIndex,
    DuplicateLink,
    InvalidValue,
    MatchReason,
    MatchStrength,
    SharedValue,
    converter,
    find_duplicates,
)
from custrecords.exports import ColumnMap, infer_columns

HEADERS = ["Customer ID", "First Name", "Last Name", "Email", "Mobile", "Postcode", "DOB"]

# A CRM export, written by hand: who is who is known. Each row: id, first name, last
# name, e-mail, phone, postcode, date of birth.
EXPORT = [
    # Paweł, stored with his Polish letter, and again as typed on the phone, with a title.
    ("C-01", "Paweł", "Kowalski", "", "", "CF10 1AA", ""),
    ("C-02", "Mr Pawel", "Kowalski", "", "", "cf101aa", ""),
    # Siobhán: the same e-mail written two ways, and the same mobile written two ways.
    ("C-03", "Siobhán", "O'Brien", "Siobhan.OBrien@example.ie", "+44 7400 123123", "", ""),
    ("C-04", "Siobhan", "O Brien", "siobhan.obrien@example.ie", "07400 123123", "", ""),
    # Jane: double-barrelled, then half her surname, with her date of birth.
    ("C-05", "Jane", "Smith-Jones", "", "", "", "28/02/1985"),
    ("C-06", "Mrs Jane", "Jones", "", "", "", "1985-02-28"),
    # Jürgen, in three records chained: e-mail, then mobile.
    ("C-07", "Jürgen", "Großmann", "j.grossmann@example.de", "", "", ""),
    ("C-08", "Jurgen", "Grossmann", "j.grossmann@example.de", "07400 123456", "", ""),
    ("C-09", "J", "Grossmann", "", "07400123456", "", ""),
    # Look-alikes that must stay apart.
    ("C-10", "Jan", "van der Berg", "", "", "SW1A 1AA", ""),
    ("C-11", "Jan", "van der Meer", "", "", "SW1A 1AA", ""),  # a shared particle
    ("C-12", "Иван", "Петров", "", "", "EH1 1YZ", ""),
    ("C-13", "Ivan", "Petrov", "", "", "EH1 1YZ", ""),  # no guessed transliteration
    ("C-14", "Anna", "Schmidt", "", "", "", "01/05/1990"),
    ("C-15", "Anna", "Schmidt", "", "", "", "02/05/1990"),  # a different birthday
    ("C-16", "Mary", "McDonald", "", "", "G1 1AA", ""),
    ("C-17", "Mary", "Donald", "", "", "G1 1AA", ""),  # Mc is part of the name
    # A shared landline: a household, possible.
    ("C-18", "Rhys", "Williams", "", "029 2018 0000", "", ""),
    ("C-19", "Eleri", "Williams", "", "029 2018 0000", "", ""),
    # Arabic, with and without the hamza seat, at one postcode.
    ("C-20", "محمد", "أحمد", "", "", "B1 1AA", ""),
    ("C-21", "محمد", "احمد", "", "", "B1 1AA", ""),
]


def rows(export: Sequence[tuple[str, ...]] = EXPORT) -> list[dict[str, str]]:
    return [dict(zip(HEADERS, row, strict=True)) for row in export]


def columns(sample: list[dict[str, str]] | None = None) -> ColumnMap:
    return infer_columns(HEADERS, sample or [])


def shown(groups: Iterator[DuplicateGroup]) -> list[tuple[tuple[str | None, ...], str, list[str]]]:
    return [(g.record_ids, g.strength.value, [r.value for r in g.reasons]) for g in groups]


def test_the_hand_written_export_is_grouped_as_its_customers_are() -> None:
    assert shown(find_duplicates(rows(), columns())) == [
        (("C-01", "C-02"), "possible", ["same_name_and_postcode"]),
        (("C-03", "C-04"), "strong", ["same_email", "same_mobile"]),
        (("C-05", "C-06"), "likely", ["same_name_and_birth_date"]),
        (("C-07", "C-08", "C-09"), "likely", ["same_email", "same_mobile"]),
        (("C-18", "C-19"), "possible", ["same_phone"]),
        (("C-20", "C-21"), "possible", ["same_name_and_postcode"]),
    ]


def test_a_group_names_its_rows_and_each_link() -> None:
    groups = list(find_duplicates(rows(), columns()))
    chained = groups[3]
    assert chained.rows == (6, 7, 8)
    assert [(link.first, link.second, link.reasons) for link in chained.links] == [
        (6, 7, (MatchReason.SAME_EMAIL,)),
        (7, 8, (MatchReason.SAME_MOBILE,)),
    ]


def test_at_least_likely_leaves_the_possible_groups_out() -> None:
    groups = find_duplicates(rows(), columns(), at_least=MatchStrength.LIKELY)
    assert [g.record_ids for g in groups] == [
        ("C-03", "C-04"),
        ("C-05", "C-06"),
        ("C-07", "C-08", "C-09"),
    ]


def test_a_group_holds_as_strongly_as_its_weakest_needed_link() -> None:
    export = [
        ("A", "Ann", "Lee", "ann@example.com", "07400 123111", "", ""),
        ("B", "Ann", "Lee", "ann@example.com", "07400 123111", "", ""),  # strong to A
        ("C", "Bob", "Lee", "", "029 2018 0001", "", ""),
        ("D", "Ann", "Lee", "", "029 2018 0001", "", ""),  # possible to C, and
        ("E", "Ann", "Lee", "ann@example.com", "", "", ""),  # E likely to A and B
    ]
    (group, other) = find_duplicates(rows(export), columns())
    assert (group.record_ids, group.strength) == (("A", "B", "E"), MatchStrength.LIKELY)
    assert (other.record_ids, other.strength) == (("C", "D"), MatchStrength.POSSIBLE)


def test_a_value_too_many_rows_share_joins_none_and_is_reported() -> None:
    switchboard = [
        (f"S-{n}", f"Name{'abcdefghijklm'[n]}", "Staff", "", "020 7946 0000", "", "")
        for n in range(12)
    ]
    index = DuplicateIndex(columns(), most=10)
    with index:
        for row in rows(switchboard + EXPORT[17:19]):
            index.add(row)
        groups = list(index.groups())
        shared = index.shared()
    assert [g.record_ids for g in groups] == [("C-18", "C-19")]
    assert [(s.reason, s.count, s.rows) for s in shared] == [
        (MatchReason.SAME_PHONE, 12, tuple(range(10)))
    ]


def test_rows_without_ids_are_named_by_position_and_an_id_holding_an_email_is_not_shown() -> None:
    export = [
        ("", "Ann", "Lee", "ann@example.com", "", "", ""),
        ("ann@example.com", "Ann", "Lee", "ann@example.com", "", "", ""),
    ]
    (group,) = find_duplicates(rows(export), columns())
    assert (group.rows, group.record_ids) == ((0, 1), (None, None))


def test_cells_that_are_not_what_their_column_holds_give_no_key() -> None:
    export = [
        ("A", "Ann", "Lee", "not an address", "0000", "NOT A POSTCODE", "31/02/1985"),
        ("B", "Ann", "Lee", "not an address", "0000", "NOT A POSTCODE", "31/02/1985"),
    ]
    assert list(find_duplicates(rows(export), columns())) == []


def test_a_whole_name_column_and_an_unmapped_export_work_too() -> None:
    export = [
        {"ID": "1", "Full Name": "Dr Ørjan Lindstrøm", "Zip": "EH1 1YZ"},
        {"ID": "2", "Full Name": "Orjan Lindstrom", "Zip": "eh11yz"},
        {"ID": "3", "Notes": "nothing to group by"},
    ]
    mapped = infer_columns(["ID", "Full Name", "Zip", "Notes"], export)
    assert shown(find_duplicates(export, mapped)) == [
        (("1", "2"), "possible", ["same_name_and_postcode"])
    ]


def test_nothing_is_a_value_in_a_group() -> None:
    """A group names rows, ids, strengths and reasons: never an e-mail, phone or name."""
    text = repr(list(find_duplicates(rows(), columns())))
    for row in EXPORT:
        for cell in row[1:]:
            if len(cell) > 3:
                assert cell not in text


def test_bad_arguments_raise_invalid_value_with_the_field() -> None:
    with pytest.raises(InvalidValue) as raised:
        find_duplicates("rows.csv", columns())  # type: ignore[arg-type]
    assert (raised.value.code, raised.value.field) == ("wrong_type", "rows")
    with pytest.raises(InvalidValue) as raised:
        DuplicateIndex(columns(), most=1)
    assert raised.value.field == "most"
    with pytest.raises(InvalidValue) as raised:
        DuplicateIndex({"email": ["Email"]})  # type: ignore[arg-type]
    assert raised.value.field == "columns"
    with pytest.raises(InvalidValue) as raised:
        list(find_duplicates([["not", "a", "mapping"]], columns()))  # type: ignore[list-item]
    assert raised.value.field == "rows"


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Ann", "Anne", "Ánn", "Bob"]),
            st.sampled_from(["Lee", "Lée", "Li"]),
            st.sampled_from(["", "a@example.com", "b@example.com"]),
            st.sampled_from(["", "07400 123111", "07400 123222"]),
        ),
        max_size=12,
    )
)
def test_groups_are_the_rows_that_share_a_key(
    people: list[tuple[str, str, str, str]],
) -> None:
    """Two rows are in one group exactly when a chain of shared keys joins them; every
    group has two rows or more, and no row is in two groups."""
    export = [
        (f"R{n}", first, last, email, phone, "CF10 1AA", "")
        for n, (first, last, email, phone) in enumerate(people)
    ]
    groups = list(find_duplicates(rows(export), columns()))
    seen = [row for group in groups for row in group.rows]
    assert len(seen) == len(set(seen))
    assert all(len(group.rows) >= 2 for group in groups)
    member = {row: n for n, group in enumerate(groups) for row in group.rows}
    for a in range(len(export)):
        for b in range(a + 1, len(export)):
            if _share(export[a], export[b]):
                assert a in member
                assert member[a] == member.get(b)


def _share(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    from custrecords import PersonName
    from custrecords.names import name_keys

    def names(row: tuple[str, ...]) -> frozenset[str]:
        return name_keys(PersonName.parse(given=row[1], family=row[2]))

    return bool(
        (one[3] and one[3] == other[3])
        or (one[4] and one[4] == other[4])
        or names(one) & names(other)
    )


def test_rows_may_be_any_mapping() -> None:
    class Row(Mapping[str, str]):
        def __init__(self, cells: dict[str, str]) -> None:
            self.cells = cells

        def __getitem__(self, key: str) -> str:
            return self.cells[key]

        def __iter__(self) -> Iterator[str]:
            return iter(self.cells)

        def __len__(self) -> int:
            return len(self.cells)

    groups = find_duplicates([Row(row) for row in rows(EXPORT[2:4])], columns())
    assert [g.record_ids for g in groups] == [("C-03", "C-04")]


strengths = st.sampled_from(list(MatchStrength))
reasons = st.lists(st.sampled_from(list(MatchReason)), min_size=1, max_size=3, unique=True).map(
    tuple
)
links = st.builds(
    DuplicateLink,
    first=st.integers(0, 100),
    second=st.integers(101, 200),
    strength=strengths,
    reasons=reasons,
)
duplicate_groups = st.builds(
    DuplicateGroup,
    rows=st.lists(st.integers(0, 10**6), min_size=2, max_size=5, unique=True).map(
        lambda rows: tuple(sorted(rows))
    ),
    record_ids=st.lists(
        st.one_of(st.none(), st.from_regex(r"C-[0-9]{1,6}", fullmatch=True)), min_size=2, max_size=2
    ).map(tuple),
    strength=strengths,
    reasons=reasons,
    links=st.lists(links, min_size=1, max_size=3).map(tuple),
)
shared_values = st.builds(
    SharedValue,
    reason=st.sampled_from(list(MatchReason)),
    count=st.integers(11, 10**6),
    rows=st.lists(st.integers(0, 10**6), min_size=1, max_size=10).map(tuple),
)


@given(st.one_of(duplicate_groups, shared_values))
def test_results_round_trip_through_json(value: DuplicateGroup | SharedValue) -> None:
    """structure(unstructure(x)) == x, through JSON text, as for every public type."""
    data = json.loads(json.dumps(converter.unstructure(value)))
    assert converter.structure(data, type(value)) == value


def test_real_groups_round_trip_too() -> None:
    for group in find_duplicates(rows(), columns()):
        assert converter.structure(converter.unstructure(group), DuplicateGroup) == group


def test_groups_may_be_asked_for_again_after_more_rows() -> None:
    with DuplicateIndex(columns()) as index:
        assert index.shared() == ()
        for row in rows(EXPORT[2:4]):
            index.add(row)
        assert [g.record_ids for g in index.groups()] == [("C-03", "C-04")]
        for row in rows(EXPORT[4:6]):
            index.add(row)
        assert [g.record_ids for g in index.groups()] == [("C-03", "C-04"), ("C-05", "C-06")]


@pytest.mark.parametrize(
    "number",
    [
        "07400 123456",  # 074: mobile
        "07777 123456",  # 077: mobile
        "07911 123456",  # 079: mobile
        "07624 123456",  # Isle of Man mobile
        "07010 123456",  # 070: personal number, not a mobile
        "07640 123456",  # 076: pager, not a mobile
        "020 7946 0018",  # London fixed line
        "0800 123 4567",  # freephone
    ],
)
def test_a_uk_mobile_is_a_mobile_as_phone_number_says_it_is(number: str) -> None:
    """The duplicates index's shortcut for UK mobiles agrees with `PhoneNumber.kind`
    (Ofcom's National Telephone Numbering Plan, as libphonenumber holds it)."""
    from custrecords.duplicates import _phone_key
    from custrecords.values import PhoneKind, PhoneNumber

    key = _phone_key(number)
    assert key is not None
    assert key[1] == (PhoneNumber.parse(number).kind is PhoneKind.MOBILE)
