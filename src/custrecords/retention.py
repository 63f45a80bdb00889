"""Retention: what each record's schedule makes due, and when it next will.

Keeping information longer than its purpose needs breaks the storage-limitation
principle (UK GDPR Article 5(1)(e)); deleting it too early breaks tax, contract and
complaint obligations. `retention_due` is the computation a host runs every night over
its records: it streams, so a table of millions of records costs no more memory than
one.

>>> from datetime import UTC, date, datetime
>>> from custrecords import CustomerRecord, Guidelines, Provenance, RecordStatus, Source
>>> opened = datetime(2015, 4, 1, 9, 0, tzinfo=UTC)
>>> record = CustomerRecord(
...     id="C1",
...     provenance=(Provenance(fields=frozenset({"name"}), source=Source.CUSTOMER_WEB_FORM,
...                            collected_by="web", collected_at=opened),),
...     status=RecordStatus.CLOSED,
...     closed_at=datetime(2020, 6, 30, 17, 0, tzinfo=UTC),
... )
>>> for due in retention_due([record], Guidelines.uk_default(), today=date(2026, 11, 23)):
...     print(due.outcome.value, due.rule, due.part, due.action.value, due.due)
due contract-records record anonymise 2026-06-30
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable, Container, Iterable, Iterator
from datetime import date, datetime
from enum import StrEnum
from typing import Final, final

import attrs

from custrecords._checks import (
    check_choice,
    check_id,
    check_items,
    check_text,
    check_time,
    check_type,
    uk_day,
)
from custrecords._masking import mask_text
from custrecords.audit import AuditAction, AuditEvent
from custrecords.errors import InvalidValue, UsageError
from custrecords.guidelines import Guidelines, RetentionAction, RetentionRule, RetentionTrigger
from custrecords.records import CustomerRecord, Interaction, NeedKind, Note, RecordStatus
from custrecords.scanning import FindingAction, redact, scan_text
from custrecords.scanning.folding import blank_tokens
from custrecords.taxonomy import RECORD_FIELDS, InteractionKind
from custrecords.values import EmailAddress, PhoneNumber

__all__ = [
    "AnonymousRecord",
    "ConsentDates",
    "Erasure",
    "RetentionDue",
    "RetentionOutcome",
    "Tombstone",
    "anonymise",
    "audit_anonymisation",
    "audit_erasure",
    "erase",
    "identifiers_in",
    "next_due",
    "retention_due",
]


class RetentionOutcome(StrEnum):
    """What a retention run says about one rule's action on one record."""

    DUE = "due"
    """The action is due now: the host carries it out."""
    HELD = "held"
    """The action would be due, but something stops it: a legal hold, an open
    complaint, or an open data-subject request. Nothing is touched."""
    RESTRICTED = "restricted"
    """The action would be due, but the record's processing is restricted (UK GDPR
    Article 18): it is kept, and a person decides when the restriction lifts."""
    SCHEDULED = "scheduled"
    """Not due yet: `next_due` says when."""


@final
@attrs.frozen(kw_only=True)
class RetentionDue:
    """One rule's action on one record: due, held, restricted, or scheduled.

    It names the record, the part and the rule, never the data.

    Attributes:
        record_id: the record's identifier.
        outcome: due now, held, restricted, or scheduled for later.
        rule: the retention rule's identifier.
        part: the record field the action is on, or ``record`` for the whole record.
        entries: for a rule that dates each entry, the identifiers of the entries
            (interactions, notes; consents by their purpose); empty for the whole part.
        action: erase, anonymise or review.
        due: the day the action falls due.
        reason: the rule's reason, in words shown to people.
        held_by: why the action is held or restricted, in words; ``None`` when due or
            scheduled.
    """

    record_id: str
    outcome: RetentionOutcome
    rule: str
    part: str
    entries: tuple[str, ...]
    action: RetentionAction
    due: date
    reason: str
    held_by: str | None = None


def _day(moment: datetime | None) -> date | None:
    return None if moment is None else uk_day(moment)


def retention_starts(
    rule: RetentionRule, record: CustomerRecord
) -> Iterator[tuple[str, str, date]]:
    """Each (part, entry, day the period starts) the rule dates in the record.

    A rule on the whole record or a whole field yields one start, with no entry; a rule
    that dates entries yields one per entry that has its trigger. Erasure requests use
    it too, to tell how long an exempt part must stay.

    Each day is the UK calendar day of its moment (`uk_day`): a note at 23:30 UTC on
    1 July is dated 2 July, 00:30 BST (Interpretation Act 1978 s9, Summer Time Act 1972).
    """
    if not rule.per_entry:
        start = _record_start(rule.trigger, record)
        if start is not None:
            for part in sorted(rule.applies_to):
                if part == "record" or record.holds(part):
                    yield part, "", start
    elif rule.trigger is RetentionTrigger.CONSENT_WITHDRAWN:
        for consent in record.consents:
            if consent.withdrawn_at is not None:
                yield "consents", consent.purpose, uk_day(consent.withdrawn_at)
    else:
        if "interactions" in rule.applies_to:
            yield from _interaction_starts(rule, record)
        if "notes" in rule.applies_to:
            for note in record.notes:
                yield "notes", note.id, uk_day(note.at)


def _record_start(trigger: RetentionTrigger, record: CustomerRecord) -> date | None:
    if trigger is RetentionTrigger.CREATED:
        return uk_day(record.created_at)
    if trigger is RetentionTrigger.LAST_INTERACTION:
        if record.status is RecordStatus.CLOSED:
            return None  # a closed relationship counts from its closing instead
        # Never in contact since: the period counts from when the record was made.
        return uk_day(record.last_interaction_at or record.created_at)
    return _day(record.closed_at)


_CASES: Final = frozenset({InteractionKind.COMPLAINT, InteractionKind.DISPUTE})


def _interaction_starts(
    rule: RetentionRule, record: CustomerRecord
) -> Iterator[tuple[str, str, date]]:
    for interaction in record.interactions:
        if rule.interaction_kinds and interaction.kind not in rule.interaction_kinds:
            continue
        if rule.trigger is RetentionTrigger.COMPLAINT_CLOSED:
            if interaction.kind in _CASES and interaction.closed_at:
                yield "interactions", interaction.id, uk_day(interaction.closed_at)
        elif rule.trigger is RetentionTrigger.FINANCIAL_YEAR_END:
            yield "interactions", interaction.id, rule.financial_year_end(uk_day(interaction.at))
        else:
            yield "interactions", interaction.id, uk_day(interaction.at)


def _schedule(
    record: CustomerRecord, guidelines: Guidelines
) -> Iterator[tuple[RetentionRule, str, str, date]]:
    """Every (rule, part, entry, due day) the guidelines give the record."""
    for rule in guidelines.retention:
        for part, entry, start in retention_starts(rule, record):
            yield rule, part, entry, rule.period.after(start)


def _stopped_by(record: CustomerRecord, today: date, open_requests: Container[str]) -> str | None:
    """Why nothing may be done to the record today, if anything stops it."""
    for hold in record.legal_holds:
        if hold.is_active_on(today):
            return f"legal hold {hold.reference}"
    if record.id in open_requests:
        return "open data-subject request"
    return None


def _keeps_for_open_case(part: str, entries: Iterable[str], cases: frozenset[str]) -> bool:
    """Whether an open case keeps this part (or these of its entries) of its record.

    The one rule `erase` and the retention run share (UK GDPR Article 17(3)(e)): while
    a complaint or dispute is open, the whole record (``record``), all its
    interactions (``interactions`` with no entries), and the case itself stay; other
    parts and entries, a colleague's note or another interaction, can go. ``cases``
    holds the ids of the record's cases open at the time; an empty entry is the whole
    part.
    """
    chosen = frozenset(entry for entry in entries if entry)
    return part == "record" or (part == "interactions" and (not chosen or bool(chosen & cases)))


def _grouped(
    record: CustomerRecord,
    items: Iterable[tuple[RetentionRule, str, str, date]],
    outcome: RetentionOutcome,
    held_by: str | None,
) -> list[RetentionDue]:
    """One result per rule and part, listing its entries; due on the earliest day."""
    groups: dict[tuple[str, str], tuple[RetentionRule, list[str], date]] = {}
    for rule, part, entry, due in items:
        key = (rule.id, part)
        if key in groups:
            _, entries, earliest = groups[key]
            entries.append(entry)
            groups[key] = (rule, entries, min(earliest, due))
        else:
            groups[key] = (rule, [entry], due)
    return [
        RetentionDue(
            record_id=record.id,
            outcome=outcome,
            rule=rule.id,
            part=part,
            entries=tuple(sorted(entry for entry in entries if entry)),
            action=rule.action,
            due=due,
            reason=rule.reason,
            held_by=held_by,
        )
        for (_, part), (rule, entries, due) in groups.items()
    ]


def _check(guidelines: object, today: object) -> None:
    check_type(guidelines, Guidelines, "guidelines")
    if not isinstance(today, date) or isinstance(today, datetime):
        raise InvalidValue("wrong_type", "today", "must be a date")


def retention_due(
    records: Iterable[CustomerRecord],
    guidelines: Guidelines,
    *,
    today: date,
    open_requests: Container[str] = frozenset(),
) -> Iterator[RetentionDue]:
    """The retention actions due on ``today``, record by record, as a stream.

    For each record, in the order given, each rule whose period has ended for some
    part of it yields one `RetentionDue`, listing the entries it covers (each
    interaction, note or withdrawn consent that is due). A record under an active
    legal hold, or whose id is in ``open_requests`` (the host's open data-subject
    requests) yields its actions as ``held``, saying why, and nothing in it is due; a
    restricted record (Article 18) yields them as ``restricted``. A complaint or
    dispute open on ``today`` (`Interaction.is_open_case_on`) holds what `erase`
    refuses while it is open, by the same rule: actions on the whole record, on all
    its interactions, or on the case itself are ``held``; the rest is due (UK GDPR
    Article 17(3)(e)).

    Records are read one at a time and results are yielded as they are found, so
    memory stays flat however many records there are.

    Raises:
        InvalidValue: ``wrong_type`` for guidelines that are not `Guidelines`, a
            ``today`` that is not a date, or an item that is not a `CustomerRecord`.
    """
    _check(guidelines, today)
    return _due(records, guidelines, today, open_requests)


def _due(
    records: Iterable[CustomerRecord],
    guidelines: Guidelines,
    today: date,
    open_requests: Container[str],
) -> Iterator[RetentionDue]:
    for record in records:
        if not isinstance(record, CustomerRecord):
            raise InvalidValue("wrong_type", "records", "must hold CustomerRecords")
        items = [item for item in _schedule(record, guidelines) if item[3] <= today]
        if not items:
            continue
        held_by = _stopped_by(record, today, open_requests)
        if held_by is not None:
            outcome = RetentionOutcome.HELD
        elif record.status is RecordStatus.RESTRICTED:
            outcome, held_by = RetentionOutcome.RESTRICTED, "processing restricted"
        else:
            outcome = RetentionOutcome.DUE
        open_cases = (
            [i for i in record.interactions if i.is_open_case_on(today)]
            if outcome is RetentionOutcome.DUE
            else []
        )
        if open_cases:
            case = open_cases[0]
            cases = frozenset(i.id for i in open_cases)
            kept = [item for item in items if _keeps_for_open_case(item[1], [item[2]], cases)]
            yield from _grouped(
                record, kept, RetentionOutcome.HELD, f"open {case.kind.value} {case.id}"
            )
            items = [item for item in items if item not in kept]
        yield from _grouped(record, items, outcome, held_by)


def next_due(record: CustomerRecord, guidelines: Guidelines, *, today: date) -> RetentionDue | None:
    """When the record will next need a retention action: the earliest after ``today``.

    Returns:
        A ``scheduled`` `RetentionDue` for the rule and part that fall due first
        (with every entry due that day), or ``None`` when nothing is scheduled after
        ``today``: what the rules give is already due, or waits for an event that
        has not happened (an open account has no closing date to count from).

    Raises:
        InvalidValue: ``wrong_type`` as `retention_due`.
    """
    _check(guidelines, today)
    check_type(record, CustomerRecord, "record")
    later = [item for item in _schedule(record, guidelines) if item[3] > today]
    if not later:
        return None
    first = min(item[3] for item in later)
    soonest = [item for item in later if item[3] == first]
    rule, part = soonest[0][0], soonest[0][1]
    same = [item for item in soonest if item[0] is rule and item[1] == part]
    return _grouped(record, same, RetentionOutcome.SCHEDULED, None)[0]


# --- anonymise and erase -----------------------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class ConsentDates:
    """What an anonymised record keeps of a consent: its purpose and its dates."""

    purpose: str
    given_on: date
    withdrawn_on: date | None = None


@final
@attrs.frozen(kw_only=True)
class AnonymousRecord:
    """What is left of a customer record once nothing in it identifies the customer.

    It keeps what reports need: when the relationship began and ended, the postcode
    districts (each covers thousands of addresses), the year of birth, the kinds of
    reasonable adjustment, consents' purposes and dates, and every interaction and note
    with its dates, kind, product and outcome, their text scanned and redacted.

    Attributes:
        id: a new identifier, chosen by the host: the customer's own would lead back
            to them through any other table that holds it.
        created_on: the day the record was made.
        closed_on: the day the relationship ended, if it has.
        status: the record's status when it was anonymised.
        birth_year: the year of birth, if a date of birth was held.
        postcode_districts: the districts of the addresses (``SW1A``), or their
            countries for addresses outside the UK.
        accessibility_needs: the kinds of need, without their details.
        language: the preferred language, if any.
        consents: each consent's purpose and dates.
        interactions: the interactions, their free text redacted.
        notes: the notes, their text redacted.
    """

    id: str
    created_on: date
    closed_on: date | None
    status: RecordStatus
    birth_year: int | None = None
    postcode_districts: tuple[str, ...] = ()
    accessibility_needs: tuple[NeedKind, ...] = ()
    language: str | None = None
    consents: tuple[ConsentDates, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    notes: tuple[Note, ...] = ()

    def __attrs_post_init__(self) -> None:
        check_id(self.id, "anonymous_record.id")
        for name in ("created_on", "closed_on"):
            value = getattr(self, name)
            if (value is not None or name == "created_on") and (
                not isinstance(value, date) or isinstance(value, datetime)
            ):
                raise InvalidValue("wrong_type", f"anonymous_record.{name}", "must be a date")
        check_choice(self.status, RecordStatus, "anonymous_record.status")
        if self.birth_year is not None and (
            not isinstance(self.birth_year, int) or not 1000 <= self.birth_year <= 9999
        ):
            raise InvalidValue("wrong_type", "anonymous_record.birth_year", "must be a year")
        check_items(self.postcode_districts, str, "anonymous_record.postcode_districts")
        check_items(self.accessibility_needs, NeedKind, "anonymous_record.accessibility_needs")
        check_items(self.consents, ConsentDates, "anonymous_record.consents")
        check_items(self.interactions, Interaction, "anonymous_record.interactions")
        check_items(self.notes, Note, "anonymous_record.notes")


# --- the customer's own identifiers, however they are written ------------------------------

# Recital 26: data is anonymous only when the person can no longer be identified by any
# means reasonably likely to be used. The ICO's guidance on anonymisation (2025) counts
# direct identifiers written any way a person would write them: a postcode without its
# space, a number with spaces, an address in capitals, a date in words.
# The separators people put between a phone number's digits.
_PHONE_GAP: Final = r"[\s\-.()/]*"
# A UK number's national digits after its lead: 0, (0, +44, +44 (0), 0044. Compiled once:
# each customer's number is compared with what it finds, never made a pattern of its own.
_UK_PHONE: Final = re.compile(
    rf"(?<![\w+])(?:(?:\+|00){_PHONE_GAP}44{_PHONE_GAP}(?:\(0\){_PHONE_GAP})?|\(?0{_PHONE_GAP})"
    rf"(\d(?:{_PHONE_GAP}\d){{8,9}})(?!\d)"
)
# A UK number's national digits with no lead at all, as a spreadsheet writes
# 07400 123456 once it has taken it for a number and dropped the 0: 7400123456.
_UK_PHONE_BARE: Final = re.compile(rf"(?<![\w+])(\d(?:{_PHONE_GAP}\d){{8,9}})(?!\d)")
_OTHER_PHONE: Final = re.compile(
    rf"(?<![\w+])(?:\+|00)?{_PHONE_GAP}(\d(?:{_PHONE_GAP}\d){{6,14}})(?!\d)"
)
# Street words and their usual abbreviations (Royal Mail's Postal Address File writes
# them whole; people do not).
_STREET_WORDS: Final = {
    "avenue": ("ave", "av"),
    "close": ("cl",),
    "court": ("ct",),
    "crescent": ("cres",),
    "drive": ("dr",),
    "gardens": ("gdns",),
    "grove": ("gr",),
    "lane": ("ln",),
    "place": ("pl",),
    "road": ("rd",),
    "square": ("sq",),
    "street": ("st",),
    "terrace": ("terr",),
}
# What may stand between the two halves of a postcode in place of its space.
_POSTCODE_GAP: Final = r"[\s\-./_]*"
# A name joined to the customer's by a hyphen: "Khan-Smith", "Smith-Khan".
_JOINED_AFTER: Final = re.compile(r"(?:[-\u2010\u2011][^\W\d_]+)+(?!\w)")
_JOINED_BEFORE: Final = re.compile(r"(?<!\w)(?:[^\W\d_]+[-\u2010\u2011])+$")
_MONTHS: Final = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_WORDS: Final = {
    **{name: number for number, name in enumerate(_MONTHS, 1)},
    **{name[:3]: number for number, name in enumerate(_MONTHS, 1)},
    "sept": 9,
}
_MONTH: Final = "(" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\.?"
_DATE_GAP: Final = r"(?:\s*[./\-]\s*|\s+)"
# Every common way to write a date, compiled once: each match is read as the dates it
# may be, and compared with the customer's date of birth.
_DATES: Final = re.compile(
    rf"(?<!\d)(\d{{1,4}}){_DATE_GAP}(\d{{1,2}}){_DATE_GAP}(\d{{1,4}})(?!\d)"
    r"|(?<!\d)(\d{8})(?!\d)"
    rf"|(?<!\w)(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]*{_MONTH}(?:[\s,\-]+(\d{{4}}|\d{{2}}))?(?!\w)"
    rf"|(?<!\w){_MONTH}[\s\-]*(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}|\d{{2}}))?(?!\w)",
    re.IGNORECASE,
)
# A title and initials before a name: "Mrs A. K." of "Mrs A. K. Khan".
_NAME_LEAD: Final = re.compile(
    r"(?:(?<!\w)(?:mr|mrs|miss|ms|mx|dr|prof|professor|sir|dame|lady|lord|rev|revd|reverend"
    r"|master)\.?\s+)?((?:(?<!\w)[^\W\d_]\.?\s+){0,3})$",
    re.IGNORECASE,
)


def _is_name(part: str) -> bool:
    """Whether a part of a name names someone: not an initial, but ``王`` is a whole name.

    One letter of an alphabet is an initial; one character of a script that writes a
    syllable or a word in one (Chinese, Japanese, Korean: from U+2E80) is a name.
    """
    return len(part) > 1 or ord(part) >= 0x2E80


# Finds where a text holds one identifier: (start, end) spans.
_Finder = Callable[[str], Iterator[tuple[int, int]]]


def _pattern_finder(pattern: str) -> _Finder:
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda text: (m.span() for m in compiled.finditer(text))


def _name_finder(record: CustomerRecord) -> _Finder | None:
    """The name whole, each part of it, with or without a title and the customer's initials.

    "Mrs A. K. Khan" is all one name when A and K are the customer's own initials; a
    name joined to hers by a hyphen is part of how she is written: "Khan-Smith" is
    found whole.
    """
    if record.name is None:
        return None
    parts = {record.name.full, *record.name.full.split(), record.name.given, record.name.family}
    words = sorted((p for p in parts if p and _is_name(p)), key=lambda p: -len(p))
    if not words:
        return None
    names = re.compile(
        r"(?<!\w)(?:"
        + "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
        + r")(?!\w)",
        re.IGNORECASE,
    )
    initials = {word[0].casefold() for word in words}

    def find(text: str) -> Iterator[tuple[int, int]]:
        for match in names.finditer(text):
            start, end = match.span()
            joined = _JOINED_BEFORE.search(text, max(0, start - 80), start)
            if joined is not None:
                start = joined.start()
            joined = _JOINED_AFTER.match(text, end)
            if joined is not None:
                end = joined.end()
            lead = _NAME_LEAD.search(text, max(0, start - 40), start)
            # Initials are capitals, and the customer's own: "saw a Khan" keeps its "a".
            if lead is not None and all(
                char.isupper() and char.casefold() in initials for char in lead[1] if char.isalpha()
            ):
                start = lead.start()
            yield start, end

    return find


def _phone_finder(phone: PhoneNumber) -> _Finder:
    """The number in national, international or spaced form.

    ``07400 123456``, ``+44 (0)7400 123 456``, ``0044 7400-123456``, ``(07400) 123456``,
    and a UK number with its leading zero lost: ``7400123456``.
    """
    uk = phone.e164.startswith("+44")
    wanted = phone.e164[3:] if uk else phone.e164[1:]
    patterns = (_UK_PHONE, _UK_PHONE_BARE) if uk else (_OTHER_PHONE,)

    def find(text: str) -> Iterator[tuple[int, int]]:
        for pattern in patterns:
            for match in pattern.finditer(text):
                if "".join(char for char in match[1] if char.isdigit()) == wanted:
                    yield match.span()

    return find


def _birth_finder(born: date) -> _Finder:
    """The date of birth in every common form.

    ``29/02/1984``, ``29.2.84``, ``1984-02-29``, ``02/29/1984``, ``19840229``,
    ``29 February 1984``, ``29th Feb`` and ``Feb 29, 1984``. The day and month alone
    are enough when written in words, since an anonymised record keeps the year.
    """
    years = {str(born.year), f"{born.year % 100:02d}"}
    day, month = born.day, born.month

    def is_birth(found: re.Match[str]) -> bool:
        first, second, third, compact, *words = found.groups()
        if compact is not None:
            return compact in (born.strftime("%Y%m%d"), born.strftime("%d%m%Y"))
        if first is not None:
            numbers = (int(first), int(second), third)
            return (numbers[:2] in ((day, month), (month, day)) and third in years) or (
                first == str(born.year) and (int(second), int(third)) == (month, day)
            )
        day_first, month_first, year_first, month_word, day_word, year_word = words
        if day_first is not None:
            said = (int(day_first), _MONTH_WORDS[month_first.casefold()], year_first)
        else:
            said = (int(day_word), _MONTH_WORDS[month_word.casefold()], year_word)
        return said[:2] == (day, month) and (said[2] is None or said[2] in years)

    return lambda text: (m.span() for m in _DATES.finditer(text) if is_birth(m))


def _line_pattern(line: str) -> str:
    """An address line in any case and spacing, its street word whole or abbreviated.

    ``12 Acacia Avenue``, ``12 ACACIA AVE``, ``12 Acacia Av.``.
    """
    words = []
    for word in line.replace(",", " ").split():
        short = "|".join(_STREET_WORDS.get(word.casefold(), ()))
        words.append(rf"(?:{re.escape(word)}|(?:{short})\.?)" if short else re.escape(word))
    return r"(?<!\w)" + r"[\s,]+".join(words) + r"(?!\w)"


def _postcode_pattern(postcode: str) -> str:
    """The postcode in any case, its space kept, left out or another separator.

    ``LS6 2AB``, ``ls62ab``, ``ls6-2ab``, ``LS6.2AB``.
    """
    outward, _, inward = postcode.partition(" ")
    return rf"(?<!\w){re.escape(outward)}{_POSTCODE_GAP}{re.escape(inward)}(?!\w)"


def _own_identifiers(record: CustomerRecord) -> list[tuple[_Finder, str]]:
    """Finders for the record's direct identifiers, however written, with their categories."""
    # The record's own id leads straight back to the customer through any other table.
    found: list[tuple[_Finder, str]] = []
    if len(record.id) > 1:
        pattern = rf"(?<![\w.:-]){re.escape(record.id)}(?![\w-]|[.:]\w)"
        found.append((_pattern_finder(pattern), "user.unique_id"))
    name = _name_finder(record)
    if name is not None:
        found.append((name, "user.name"))
    for point in record.contact_points:
        if isinstance(point.value, EmailAddress):
            # Domains and local parts are matched in any case: people write them so.
            for text in (point.value.normalized, point.value.local_part):
                if len(text) > 1:
                    pattern = rf"(?<![\w.+-]){re.escape(text)}(?![\w-])"
                    found.append((_pattern_finder(pattern), "user.contact.email"))
        else:
            found.append((_phone_finder(point.value), "user.contact.phone_number"))
    for address in record.addresses:
        found += [
            (_pattern_finder(_line_pattern(line)), "user.contact.address.street")
            for line in address.lines
            if len(line) > 1
        ]
        if address.postcode:
            pattern = _postcode_pattern(address.postcode)
            found.append((_pattern_finder(pattern), "user.contact.address.postal_code"))
    if record.date_of_birth is not None:
        found.append((_birth_finder(record.date_of_birth), "user.demographic.date_of_birth"))
    return found


def _own_spans(text: str, identifiers: list[tuple[_Finder, str]]) -> list[tuple[int, int, str]]:
    """Where ``text`` holds one of the identifiers: (start, end, category), none overlapping.

    Of overlapping matches the one that starts first, and then the longest, is kept.
    """
    spans = sorted(
        (
            (start, end, category)
            for find, category in identifiers
            for start, end in find(text)
            if end > start
        ),
        key=lambda span: (span[0], -span[1]),
    )
    kept: list[tuple[int, int, str]] = []
    for start, end, category in spans:
        if kept and start < kept[-1][1]:
            if end > kept[-1][1]:
                kept[-1] = (kept[-1][0], end, kept[-1][2])
            continue
        kept.append((start, end, category))
    return kept


def _scrub(text: str, identifiers: list[tuple[_Finder, str]]) -> str:
    """``text`` with the customer's own identifiers, and whatever the scanner finds, redacted."""
    parts: list[str] = []
    position = 0
    # Redaction tokens out first: a customer called "Name" is not in "[REDACTED:user.name]".
    for start, end, category in _own_spans(blank_tokens(text), identifiers):
        parts += [text[position:start], f"[REDACTED:{category}]"]
        position = end
    text = "".join(parts) + text[position:]
    return redact(text, [f for f in scan_text(text) if f.action is not FindingAction.REVIEW])


def _identifies(text: str, identifiers: list[tuple[_Finder, str]]) -> bool:
    """Whether ``text`` still holds one of the identifiers, or anything the scanner redacts."""
    if _own_spans(blank_tokens(text), identifiers):
        return True
    return any(f.action is not FindingAction.REVIEW for f in scan_text(text))


def _scrubbed(interaction: Interaction, identifiers: list[tuple[_Finder, str]]) -> Interaction:
    outcome = interaction.outcome
    return attrs.evolve(
        interaction,
        summary=_scrub(interaction.summary, identifiers),
        outcome=None if outcome is None else _scrub(outcome, identifiers),
    )


def _check_not_held(record: CustomerRecord, at: object, doing: str) -> None:
    check_type(record, CustomerRecord, "record")
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise InvalidValue("wrong_type", "at", "must be a datetime with a time zone")
    if record.is_held(at):
        raise UsageError(f"record {record.id} is under a legal hold: it cannot be {doing}")


def anonymise(
    record: CustomerRecord | AnonymousRecord, *, id: str, at: datetime
) -> AnonymousRecord:
    """Remove or generalise everything in ``record`` that identifies the customer.

    Names, contact points and address lines go; addresses become postcode districts;
    the date of birth becomes its year; accessibility needs keep their kinds and lose
    their details; free text (interaction summaries and outcomes, notes) is scanned and
    redacted, and every appearance of the customer's own identifiers in it is redacted
    too, however it is written (UK GDPR Recital 26: anonymous only when the person can
    no longer be identified by means reasonably likely to be used; ICO guidance on
    anonymisation):

    - the name whole or in parts, in any case, with or without a title and the
      customer's initials (``Mrs A. Khan``, ``KHAN``), a part of one character too
      where its script writes a name in one (``王``), and with any name joined to it
      by a hyphen (``Khan-Smith`` goes whole);
    - the record's own id (``C4``, not ``C45``), which leads back to the customer;
    - e-mail addresses and their local parts, in any case;
    - phone numbers in national, international or spaced form (``07400 123456``,
      ``+44 (0)7400 123 456``, ``0044 7400123456``, ``(07400) 123456``), and a UK
      number with its leading zero lost, as spreadsheets write it (``7400123456``);
    - address lines in any case, the street word whole or abbreviated, with or
      without a dot (``Ave``, ``Av.``);
    - postcodes in any case, with or without the space or with another separator in
      its place (``ls62ab``, ``ls6-2ab``);
    - the date of birth in every common form (``29/02/1984``, ``29.2.84``,
      ``1984-02-29``, ``02/29/1984``, ``29th Feb 1984``, ``February 29, 1984``), and
      its day and month alone (``29 February``), since the year is kept.

    Dates, kinds, products and outcomes stay, for reports.

    Anonymising is idempotent: an `AnonymousRecord` given again comes back the same,
    under ``id``.

    Args:
        record: the record.
        id: the anonymous record's identifier, chosen by the host (a random one).
        at: when; a record under a legal hold at that time cannot be anonymised.

    Raises:
        InvalidValue: ``wrong_type`` for a record that is not a `CustomerRecord` or an
            ``at`` without a time zone; ``invalid_id`` for an ``id`` that is not one.
        UsageError: for a record under a legal hold, or with an open complaint or
            dispute: it is kept as it is until the case closes, as `erase` keeps it
            (UK GDPR Article 17(3)(e)).

    >>> from datetime import UTC, datetime
    >>> from custrecords import CustomerRecord, PersonName, Note, Provenance, Source
    >>> when = datetime(2020, 3, 2, 10, 0, tzinfo=UTC)
    >>> record = CustomerRecord(
    ...     id="C1", name=PersonName.parse("Aisha Khan"),
    ...     provenance=(Provenance(fields=frozenset({"name"}), source=Source.CUSTOMER_PHONE,
    ...                            collected_by="agent-7", collected_at=when),),
    ...     notes=(Note(id="N1", at=when, author="agent-7", text="Aisha asked for a refund."),),
    ... )
    >>> anonymous = anonymise(record, id="A-91c2", at=when)
    >>> anonymous.notes[0].text
    '[REDACTED:user.name] asked for a refund.'
    >>> identifiers_in(anonymous, record)
    ()
    """
    if isinstance(record, AnonymousRecord):
        return attrs.evolve(
            record,
            id=id,
            interactions=tuple(_scrubbed(i, []) for i in record.interactions),
            notes=tuple(attrs.evolve(n, text=_scrub(n.text, [])) for n in record.notes),
        )
    _check_not_held(record, at, "anonymised")
    if any(interaction.is_open_case_at(at) for interaction in record.interactions):
        raise UsageError(
            f"record {record.id} has an open complaint or dispute: it cannot be anonymised"
        )
    identifiers = _own_identifiers(record)
    districts = []
    for address in record.addresses:
        district = address.postcode_district
        districts.append(district if district is not None else address.country)
    return AnonymousRecord(
        id=id,
        created_on=uk_day(record.created_at),
        closed_on=_day(record.closed_at),
        status=record.status,
        birth_year=None if record.date_of_birth is None else record.date_of_birth.year,
        postcode_districts=tuple(districts),
        accessibility_needs=tuple(need.kind for need in record.accessibility_needs),
        language=record.preferences.language,
        consents=tuple(
            ConsentDates(
                purpose=consent.purpose,
                given_on=uk_day(consent.given_at),
                withdrawn_on=_day(consent.withdrawn_at),
            )
            for consent in record.consents
        ),
        interactions=tuple(_scrubbed(i, identifiers) for i in record.interactions),
        notes=tuple(
            attrs.evolve(note, text=_scrub(note.text, identifiers)) for note in record.notes
        ),
    )


def identifiers_in(anonymous: AnonymousRecord, original: CustomerRecord) -> tuple[str, ...]:
    """Where ``anonymous`` still holds a direct identifier from ``original``, if anywhere.

    Every free text is searched for the original's name, id, e-mail addresses, phone
    numbers, address lines, postcodes and date of birth, in every form `anonymise`
    removes them in, and scanned for anything the scanner would redact or reject.
    Redaction tokens are not searched: a customer called "Name" is not found in
    ``[REDACTED:user.name]``. An empty result is the check that anonymisation worked.

    Returns:
        The paths of the texts that still identify (``notes[N1].text``), sorted.
    """
    identifiers = _own_identifiers(original)
    texts = [
        *((f"interactions[{i.id}].summary", i.summary) for i in anonymous.interactions),
        *((f"interactions[{i.id}].outcome", i.outcome or "") for i in anonymous.interactions),
        *((f"notes[{n.id}].text", n.text) for n in anonymous.notes),
    ]
    return tuple(sorted(path for path, text in texts if _identifies(text, identifiers)))


@final
@attrs.frozen(kw_only=True)
class Tombstone:
    """The proof that an erasure happened, holding none of what was erased.

    Attributes:
        record_id: the record the erasure was in.
        erased_at: when.
        by: who or what erased it (a colleague, or the retention job).
        reason: why: the retention rule, or the erasure request, in words.
        parts: the fields erased, or ``record`` for the whole record.
        entries: the entries erased, for parts erased entry by entry.
        fingerprint: an HMAC-SHA256 of what was erased, under the host's key, if it
            gave one: a copy of the data that turns up later can be shown to be what
            was erased, while the tombstone alone reveals nothing.
    """

    record_id: str
    erased_at: datetime
    by: str
    reason: str = attrs.field(repr=mask_text)
    parts: frozenset[str]
    entries: tuple[str, ...] = ()
    fingerprint: str | None = None

    def __attrs_post_init__(self) -> None:
        check_id(self.record_id, "tombstone.record_id")
        check_time(self.erased_at, "tombstone.erased_at")
        check_text(self.by, "tombstone.by")
        check_text(self.reason, "tombstone.reason")
        check_items(self.parts, str, "tombstone.parts", frozenset)
        if not self.parts or not self.parts <= RECORD_FIELDS | {"record"}:
            raise InvalidValue(
                "unknown_field", "tombstone.parts", "must name record fields, or record"
            )
        check_items(self.entries, str, "tombstone.entries")
        if self.fingerprint is not None and not _HEX.fullmatch(str(self.fingerprint)):
            raise InvalidValue("wrong_type", "tombstone.fingerprint", "must be 64 hex digits")


@final
@attrs.frozen(kw_only=True)
class Erasure:
    """What `erase` leaves: the record to save, or none, and the tombstone to keep.

    Attributes:
        record: the record without what was erased; ``None`` when the whole record is
            erased, and the host deletes it.
        tombstone: the proof of the erasure, for the host to keep.
    """

    record: CustomerRecord | None
    tombstone: Tombstone


_HEX: Final = re.compile(r"[0-9a-f]{64}")
_ENTRY_PARTS: Final = {"interactions": "id", "notes": "id", "consents": "purpose"}


def erase(
    record: CustomerRecord,
    *,
    at: datetime,
    by: str,
    reason: str,
    parts: frozenset[str] = frozenset({"record"}),
    entries: Iterable[str] = (),
    key: bytes | None = None,
) -> Erasure:
    """Erase the whole record, or some of its parts, and say so in a tombstone.

    Args:
        record: the record.
        at: when; a record under a legal hold then cannot be erased.
        by: who or what erases it.
        reason: why, in words: the rule or the request.
        parts: ``record`` for all of it, or the fields to erase.
        entries: for ``interactions``, ``notes`` and ``consents``, the entries to erase
            (interaction and note ids, consent purposes); none for every entry.
        key: a secret the host keeps, to fingerprint what was erased; none for no
            fingerprint.

    Raises:
        InvalidValue: ``unknown_field`` for a part that is not a record field or
            ``record``; ``wrong_type`` as `anonymise`.
        UsageError: for a record under a legal hold, or for erasing an open complaint
            or dispute (the whole record, all its interactions, or the case itself):
            it is kept until it closes (UK GDPR Article 17(3)(e)). A case is open at
            ``at`` unless its ``closed_at`` is at or before it (`Interaction.is_open_case_at`);
            the retention run holds what it keeps, by the same rule.

    >>> from datetime import UTC, datetime
    >>> from custrecords import CustomerRecord, Provenance, Source
    >>> when = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    >>> record = CustomerRecord(id="C1", provenance=(Provenance(fields=frozenset({"name"}),
    ...     source=Source.SYSTEM, collected_by="import", collected_at=when),))
    >>> erasure = erase(record, at=when, by="retention-job", reason="contract-records")
    >>> erasure.record is None, sorted(erasure.tombstone.parts)
    (True, ['record'])
    """
    _check_not_held(record, at, "erased")
    if not isinstance(parts, frozenset) or not parts or not parts <= RECORD_FIELDS | {"record"}:
        raise InvalidValue("unknown_field", "parts", "must name record fields, or record")
    chosen = frozenset(entries)
    cases = frozenset(i.id for i in record.interactions if i.is_open_case_at(at))
    if cases and any(_keeps_for_open_case(part, chosen, cases) for part in parts):
        raise UsageError(
            f"record {record.id} has an open complaint or dispute: it cannot be erased"
        )
    erased: dict[str, object] = {}
    changes: dict[str, object] = {}
    for part in sorted(parts - {"record"}):
        if part in _ENTRY_PARTS and chosen:
            attribute = _ENTRY_PARTS[part]
            kept = tuple(e for e in getattr(record, part) if getattr(e, attribute) not in chosen)
            erased[part] = [e for e in getattr(record, part) if getattr(e, attribute) in chosen]
            changes[part] = kept
        else:
            erased[part] = getattr(record, part)
            changes.update(_emptied(record, part))
    whole = "record" in parts
    tombstone = Tombstone(
        record_id=record.id,
        erased_at=at,
        by=by,
        reason=reason,
        parts=parts,
        entries=tuple(sorted(chosen)),
        fingerprint=None if key is None else _fingerprint(key, record if whole else erased),
    )
    return Erasure(record=None if whole else attrs.evolve(record, **changes), tombstone=tombstone)  # type: ignore[arg-type]


def _emptied(record: CustomerRecord, part: str) -> dict[str, object]:
    if part in {"email_addresses", "phone_numbers"}:
        kind = EmailAddress if part == "email_addresses" else PhoneNumber
        return {
            "contact_points": tuple(
                p for p in record.contact_points if not isinstance(p.value, kind)
            )
        }
    return {part: attrs.fields_dict(CustomerRecord)[part].default}


def _fingerprint(key: bytes, erased: object) -> str:
    data = attrs.asdict(erased) if isinstance(erased, CustomerRecord) else erased
    canonical = json.dumps(data, sort_keys=True, default=_plain, separators=(",", ":"))
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


def _plain(value: object) -> object:
    if attrs.has(type(value)):
        return attrs.asdict(value)  # type: ignore[arg-type]
    if isinstance(value, frozenset | set):
        return sorted(map(str, value))
    return str(value)


# --- the audit trail of erasures and anonymisations ---------------------------------------------


def _size(value: object) -> int:
    if isinstance(value, tuple | frozenset):
        return len(value)
    return 0 if value is None or value == attrs.NOTHING else 1


def _held_counts(record: CustomerRecord) -> dict[str, int]:
    """How many entries each field the record holds has, by field name."""
    counts = {
        "email_addresses": len(record.email_addresses),
        "phone_numbers": len(record.phone_numbers),
    }
    for field in RECORD_FIELDS - counts.keys():
        if hasattr(record, field):
            counts[field] = _size(getattr(record, field))
    return {field: count for field, count in counts.items() if count}


def audit_erasure(record: CustomerRecord, erasure: Erasure, *, rule: str) -> AuditEvent:
    """The audit event for an erasure `erase` carried out: what went, counted, never what.

    Args:
        record: the record as it was before the erasure.
        erasure: what `erase` gave back.
        rule: why, as a code: the retention rule's id (``identity-checks``) or the
            erasure request's (``rights.erasure``).

    Returns:
        An `AuditEvent` with action ``erasure``, outcome ``erased``, the parts erased
        as its fields (``record`` for the whole record), the tombstone's ``by`` as who
        did it, and ``counts``: for each field that lost entries, how many.

    Raises:
        InvalidValue: ``wrong_record`` for an erasure of another record; ``not_a_code``
            for a ``rule`` that is not a code; ``invalid_id`` for a tombstone whose
            ``by`` is not an identifier (a name in words cannot go in the audit trail).
    """
    check_type(record, CustomerRecord, "record")
    check_type(erasure, Erasure, "erasure")
    tombstone = erasure.tombstone
    if tombstone.record_id != record.id:
        raise InvalidValue("wrong_record", "erasure", "is not an erasure of this record")
    before = _held_counts(record)
    after = {} if erasure.record is None else _held_counts(erasure.record)
    counts = tuple(
        (field, count - after.get(field, 0))
        for field, count in sorted(before.items())
        if count > after.get(field, 0)
    )
    return AuditEvent(
        at=tombstone.erased_at,
        action=AuditAction.ERASURE,
        subject_id=record.id,
        requester="organisation",
        requester_id=tombstone.by,
        outcome="erased",
        fields=tombstone.parts,
        rules=(rule,),
        counts=counts,
    )


_REDACTED: Final = re.compile(r"\[REDACTED:[a-z_.]+\]")


def audit_anonymisation(
    record: CustomerRecord, anonymous: AnonymousRecord, *, at: datetime, by: str, rule: str
) -> AuditEvent:
    """The audit event for an anonymisation carried out, in counts, never values.

    The anonymous record's own id is left out: the audit trail names the customer's
    record, and linking the two would identify the anonymous one again (Recital 26).

    Args:
        record: the record as it was before.
        anonymous: what `anonymise` gave back.
        at: when.
        by: who or what did it, by identifier (``retention-job``).
        rule: why, as a code: the retention rule's id (``contract-records``).

    Returns:
        An `AuditEvent` with action ``anonymisation``, outcome ``anonymised``, the
        fields the record held as its fields, and ``counts``: the entries of each
        field the record held, and ``redactions``, the spans redacted in free text.

    Raises:
        InvalidValue: ``wrong_type`` for arguments of the wrong type; ``invalid_id``
            and ``not_a_code`` for a ``by`` or ``rule`` that is not one.
    """
    check_type(record, CustomerRecord, "record")
    check_type(anonymous, AnonymousRecord, "anonymous")
    check_time(at, "at")
    texts = [
        *(i.summary for i in anonymous.interactions),
        *(i.outcome or "" for i in anonymous.interactions),
        *(n.text for n in anonymous.notes),
    ]
    redactions = sum(len(_REDACTED.findall(text)) for text in texts)
    held = _held_counts(record)
    counts = tuple(sorted({**held, "redactions": redactions}.items()))
    return AuditEvent(
        at=at,
        action=AuditAction.ANONYMISATION,
        subject_id=record.id,
        requester="organisation",
        requester_id=by,
        outcome="anonymised",
        fields=frozenset(held),
        rules=(rule,),
        counts=tuple((part, count) for part, count in counts if count),
    )
