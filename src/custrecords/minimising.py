"""Data minimisation: keep only what the guidelines allow, in the form they allow.

`minimise` applies the field catalogue's keep rules to a record and scans its free
text, returning the cleaned record and a report of what was removed, masked, redacted
or flagged, each with the rule behind it (UK GDPR Article 5(1)(c): adequate, relevant
and limited to what is necessary).

>>> from datetime import UTC, datetime
>>> from custrecords import CustomerRecord, Guidelines, Note, Provenance, Source
>>> at = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
>>> record = CustomerRecord(
...     id="C1",
...     provenance=(Provenance(fields=frozenset({"notes"}), source=Source.COLLEAGUE,
...                            collected_by="agent-7", collected_at=at),),
...     notes=(Note(id="N1", at=at, author="agent-7",
...                 text="Paid by Visa 4111 1111 1111 1111, CVV 123."),),
... )
>>> cleaned, report = minimise(record, Guidelines.uk_default())
>>> for part in cleaned.notes[0].text.split(", "):
...     print(part)
Paid by Visa [MASKED:user.financial.credit_card:1111]
CVV [REDACTED:user.financial.credit_card.security_code].
>>> for item in report.items:
...     print(item.action.value, item.path, item.rule)
masked notes[N1].text fields.card_number.keep
redacted notes[N1].text fields.card_security_code.keep
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Final, final

import attrs

from custrecords._checks import check_type
from custrecords.errors import UsageError
from custrecords.guidelines import Guidelines, KeepRule
from custrecords.records import ContactPoint, CustomerRecord
from custrecords.scanning import Finding, FindingAction, Scanner
from custrecords.taxonomy import RECORD_FIELDS
from custrecords.values import EmailAddress, PhoneNumber

__all__ = ["MinimisationReport", "MinimiseAction", "MinimisedItem", "minimise"]


class MinimiseAction(StrEnum):
    """What `minimise` did about something a record held."""

    REMOVED = "removed"
    """A whole field was taken out of the record."""
    MASKED = "masked"
    """A span of free text was replaced by a masked form: a card number by its last four
    digits."""
    REDACTED = "redacted"
    """A span of free text was replaced by ``[REDACTED:<category>]``."""
    FLAGGED = "flagged"
    """Kept as it was, for a person to review."""


@final
@attrs.frozen(kw_only=True)
class MinimisedItem:
    """One thing `minimise` did, and why. It names fields, never their contents.

    Attributes:
        action: what was done.
        field: the record field it concerns (one of `RECORD_FIELDS`).
        path: where in the record: the field (``date_of_birth``), or a text within it
            by the identifier of its entry (``notes[N1].text``).
        category: the data category of what was found.
        rule: the guidelines path of the rule that decided (``fields.card_number.keep``),
            or ``scanner.<detector>`` where the scanner's own action decided.
        message: why, in plain English.
    """

    action: MinimiseAction
    field: str
    path: str
    category: str
    rule: str
    message: str


@final
@attrs.frozen(kw_only=True)
class MinimisationReport:
    """Everything `minimise` did to one record.

    Attributes:
        record_id: the record's identifier.
        items: what was done, field by field, in the order the record holds them.
    """

    record_id: str
    items: tuple[MinimisedItem, ...]

    @property
    def changed(self) -> bool:
        """Whether the cleaned record differs from the one given."""
        return any(item.action is not MinimiseAction.FLAGGED for item in self.items)

    @property
    def needs_review(self) -> bool:
        """Whether anything was flagged for a person to look at."""
        return any(item.action is MinimiseAction.FLAGGED for item in self.items)

    def fields_with(self, action: MinimiseAction) -> frozenset[str]:
        """The record fields that had ``action`` done to them."""
        return frozenset(item.field for item in self.items if item.action is action)


# The free text a record holds, by field: the attribute of each entry, and how to name it.
_TEXTS: Final[dict[str, tuple[str, ...]]] = {
    "accessibility_needs": ("detail",),
    "interactions": ("summary", "outcome"),
    "notes": ("text",),
}
_MESSAGES: Final[dict[str, str]] = {
    "never": "must never be kept",
    "mask": "may be kept only masked",
    "needs_condition": "is special-category data held without an Article 9 condition for it",
    "irrelevant": "serves no purpose the guidelines declare",
    "uncatalogued": "is not in the guidelines' field catalogue",
    "reject": "must never be kept in free text",
    "redact": "belongs in the record's fields, not in free text",
    "review": "may be sensitive: a person should review it",
}


def _masked(text: str, finding: Finding) -> str:
    """``[MASKED:<category>:<last four>]``: the last four digits or letters of the span."""
    kept = "".join(char for char in text[finding.start : finding.end] if char.isalnum())[-4:]
    kept = "".join(str(int(char)) if char.isdigit() else char for char in kept)
    return f"[MASKED:{finding.category}:{kept}]"


def _redacted(text: str, finding: Finding) -> str:
    return f"[REDACTED:{finding.category}]"


def _empty(record: CustomerRecord, field: str) -> dict[str, object]:
    """The changes that take ``field`` out of ``record``."""
    if field == "email_addresses":
        kind: type[object] = EmailAddress
    elif field == "phone_numbers":
        kind = PhoneNumber
    else:
        default = attrs.fields_dict(CustomerRecord)[field].default
        return {field: default}
    points: tuple[ContactPoint, ...] = record.contact_points
    return {"contact_points": tuple(p for p in points if not isinstance(p.value, kind))}


@final
class _Minimiser:
    def __init__(self, record: CustomerRecord, guidelines: Guidelines, scanner: Scanner) -> None:
        self.record = record
        self.guidelines = guidelines
        self.scanner = scanner
        self.items: list[MinimisedItem] = []
        self.conditioned = frozenset(
            field for condition in record.special_category_conditions for field in condition.fields
        )

    def item(
        self, action: MinimiseAction, *, field: str, path: str, category: str, rule: str, why: str
    ) -> None:
        message = f"{category} {_MESSAGES[why]}"
        self.items.append(
            MinimisedItem(
                action=action, field=field, path=path, category=category, rule=rule, message=message
            )
        )

    def fields(self) -> dict[str, object]:
        """Apply the keep rules to the record's fields: the changes to make."""
        changes: dict[str, object] = {}
        for field in sorted(RECORD_FIELDS):
            if not self.record.holds(field):
                continue
            rule = self.guidelines.field(field)
            if rule is None:
                self.item(
                    MinimiseAction.FLAGGED,
                    field=field,
                    path=field,
                    category="user",
                    rule="fields",
                    why="uncatalogued",
                )
                continue
            at = {"field": field, "path": field, "category": rule.category}
            if rule.keep is KeepRule.NEVER:
                self.item(MinimiseAction.REMOVED, **at, rule=f"fields.{field}.keep", why="never")
                changes.update(_empty(self.record, field))
            elif rule.keep is KeepRule.NEEDS_CONDITION and field not in self.conditioned:
                self.item(
                    MinimiseAction.REMOVED, **at, rule=f"fields.{field}.keep", why="needs_condition"
                )
                changes.update(_empty(self.record, field))
            elif not self.guidelines.serves_a_declared_purpose(rule):
                self.item(
                    MinimiseAction.FLAGGED, **at, rule=f"fields.{field}.purposes", why="irrelevant"
                )
        return changes

    def text(self, field: str, path: str, text: str) -> str:
        """``text`` with what must not be kept taken out, and what may be sensitive flagged."""
        cleaned: list[tuple[Finding, Callable[[str, Finding], str]]] = []
        for finding in self.scanner.scan(text):
            rule = self.guidelines.rule_for_category(finding.category)
            keep = rule.keep if rule is not None else None
            at = {
                "field": field,
                "path": path,
                "category": finding.category,
                "rule": f"fields.{rule.name}.keep" if rule else f"scanner.{finding.detector}",
            }
            # A mask keeps the last four of the rule's own data: a card number's, even
            # one only likely to be a card's, never its expiry or code (PCI DSS 3.4.1).
            if keep is KeepRule.MASK and rule is not None and finding.category == rule.category:
                self.item(MinimiseAction.MASKED, **at, why="mask")
                cleaned.append((finding, _masked))
            elif finding.action is FindingAction.REVIEW:
                if keep is KeepRule.NEEDS_CONDITION and field in self.conditioned:
                    continue  # held under a recorded condition
                self.item(MinimiseAction.FLAGGED, **at, why="review")
            else:
                why = "never" if keep is KeepRule.NEVER else finding.action.value
                self.item(MinimiseAction.REDACTED, **at, why=why)
                cleaned.append((finding, _redacted))
        parts: list[str] = []
        position = 0
        for finding, token in cleaned:
            parts.append(text[position : finding.start])
            parts.append(token(text, finding))
            position = finding.end
        parts.append(text[position:])
        return "".join(parts)

    def texts(self, removed: dict[str, object]) -> Iterator[tuple[str, object]]:
        """The free-text fields, scanned and cleaned: each field's new entries."""
        for field, attributes in _TEXTS.items():
            if field in removed:
                continue
            entries = getattr(self.record, field)
            new_entries = []
            for index, entry in enumerate(entries):
                name = getattr(entry, "id", index)
                changes = {}
                for attribute in attributes:
                    value = getattr(entry, attribute)
                    if value:
                        cleaned = self.text(field, f"{field}[{name}].{attribute}", value)
                        if cleaned != value:
                            changes[attribute] = cleaned
                new_entries.append(attrs.evolve(entry, **changes) if changes else entry)
            if new_entries != list(entries):
                yield field, tuple(new_entries)


_SCANNER: Final = Scanner()


def minimise(
    record: CustomerRecord, guidelines: Guidelines, *, scanner: Scanner = _SCANNER
) -> tuple[CustomerRecord, MinimisationReport]:
    """Apply the guidelines' keep rules to ``record``, and clean its free text.

    For the record's fields: a field whose rule is ``never`` is removed; one whose
    rule is ``needs_condition`` is removed unless the record holds an Article 9
    condition for it (record one, with `SpecialCategoryCondition`, to keep it); one
    that serves no purpose the guidelines declare, or that the catalogue does not
    list, is flagged and kept, since only a person can tell whether the guidelines
    or the record is wrong.

    For free text (notes, interaction summaries and outcomes, accessibility needs'
    details), `scan_text` finds what is in it, and the catalogue rule for the found
    category decides, or the scanner's own action where no rule covers it:

    - ``mask`` (card numbers): replaced by ``[MASKED:<category>:<last four>]``,
      a number the scanner is unsure of too (PCI DSS 3.4.1: a card number is never
      shown whole); the mask is the rule's own category's, so a card's expiry date
      or security code, under the card number's rule, is redacted;
    - ``never``, or a finding the scanner rejects or redacts: replaced by
      ``[REDACTED:<category>]``. Contact details, identifiers and bank details
      belong in a record's fields, where they can be kept accurate and erased;
    - a finding for review (special-category words, a number that may be a
      mistyped card): flagged and kept, unless it is special-category data in a
      field the record holds an Article 9 condition for.

    Args:
        record: the record to minimise.
        guidelines: the organisation's guidelines, whose field catalogue decides.
        scanner: the scanner for free text; give one with detectors of your own
            (`Scanner(extra=...)`) to apply the rules to what they find too.

    Returns:
        The cleaned record, and the report. Minimising the cleaned record again
        changes nothing.

    Raises:
        InvalidValue: ``wrong_type`` for a record that is not a `CustomerRecord`, or
            guidelines that are not `Guidelines`.
        UsageError: for a scanner that is not a `Scanner`.
    """
    check_type(record, CustomerRecord, "record")
    check_type(guidelines, Guidelines, "guidelines")
    if not isinstance(scanner, Scanner):
        raise UsageError("minimise(scanner=...) takes a Scanner")
    minimiser = _Minimiser(record, guidelines, scanner)
    changes = minimiser.fields()
    changes.update(minimiser.texts(changes))
    cleaned = attrs.evolve(record, **changes) if changes else record  # type: ignore[arg-type]
    return cleaned, MinimisationReport(record_id=record.id, items=tuple(minimiser.items))
