"""What a scan finds, and taking it out of the text: findings, their actions, redaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Final, final

import attrs

from custrecords._checks import check_choice
from custrecords.errors import InvalidValue
from custrecords.taxonomy import check_data_category

__all__ = ["Detector", "Finding", "FindingAction", "redact"]


class FindingAction(StrEnum):
    """What a host should do with what a detector found, strictest first."""

    REJECT = "reject"
    """Refuse to save the text as it stands: it holds something that must never be
    kept (a full card number, a security code, a password)."""
    REDACT = "redact"
    """Save the text with the span replaced: it holds personal data that belongs in a
    record's fields, where it can be kept accurate and erased, not in free text."""
    REVIEW = "review"
    """Save it, and ask a person to look: it may hold special-category information,
    or something that may be card data but could not be validated."""


_SEVERITY: Final = {FindingAction.REJECT: 3, FindingAction.REDACT: 2, FindingAction.REVIEW: 1}

_REJECT: Final = FindingAction.REJECT
_REDACT: Final = FindingAction.REDACT
_REVIEW: Final = FindingAction.REVIEW


@final
@attrs.frozen(kw_only=True)
class Finding:
    """A span of text that holds something a record must not keep as it is.

    A finding holds offsets, never the text itself, so findings can be logged, stored
    and shown in reports.

    Attributes:
        category: what was found: a fideslang data category, or a refinement of one
            (``user.financial.credit_card.security_code``).
        start: the offset of the span's first character in the scanned text.
        end: the offset just after the span's last character.
        confidence: how sure the detector is, above 0 and at most 1.
        action: what the host should do with it.
        detector: the name of the detector that found it.
    """

    category: str
    start: int
    end: int
    confidence: float
    action: FindingAction
    detector: str

    def __attrs_post_init__(self) -> None:
        check_data_category(self.category, "finding.category")
        check_choice(self.action, FindingAction, "finding.action")
        if not isinstance(self.detector, str) or not self.detector:
            raise InvalidValue("wrong_type", "finding.detector", "must be a detector's name")
        for name in ("start", "end"):
            offset = getattr(self, name)
            if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
                raise InvalidValue(
                    "invalid_offset", f"finding.{name}", "must be an offset: 0 or more"
                )
        if self.end <= self.start:
            raise InvalidValue("invalid_span", "finding.end", "must be after the start")
        if (
            not isinstance(self.confidence, float | int)
            or isinstance(self.confidence, bool)
            or not 0 < self.confidence <= 1
        ):
            raise InvalidValue(
                "invalid_confidence", "finding.confidence", "must be above 0 and at most 1"
            )


Detector = Callable[[str], Iterable[Finding]]
"""A detector of your own: given the folded text, the findings in it.

The text a detector sees has the same length as the text scanned (once zero-width
characters are taken out: `Scanner` maps offsets back), with full-width digits as
ASCII digits, every kind of space as a space and every kind of dash as ``-``.
"""


def _resolve(found: list[Finding]) -> list[Finding]:
    """Sort by position, and where two findings overlap keep the stricter one."""
    if len(found) < 2:
        return found
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            if _rank(finding) > _rank(kept[-1]):
                kept[-1] = finding
            continue
        kept.append(finding)
    return kept


def _rank(finding: Finding) -> tuple[int, float, int]:
    return _SEVERITY[finding.action], finding.confidence, finding.end - finding.start


def redact(text: str, findings: Iterable[Finding]) -> str:
    """``text`` with each finding's span replaced by ``[REDACTED:<category>]``.

    Overlapping findings are replaced once, all of them, by the stricter one's token:
    nothing of either is left. Scanning the result again finds nothing of what was
    replaced, and redacting it again changes nothing: ``redact(r, scan_text(r)) == r``
    where ``r`` is a redacted text. The findings must be the text's own (from
    `scan_text` of the same text): offsets are all a finding holds of it.

    Raises:
        InvalidValue: ``wrong_type`` for a text that is not a string, findings that
            are not an iterable, or a finding that is not a `Finding`;
            ``invalid_span`` for a finding that reaches past the end of the text.

    >>> from custrecords.scanning import scan_text
    >>> redact("Card 4111-1111-1111-1111 declined", scan_text("Card 4111-1111-1111-1111 declined"))
    'Card [REDACTED:user.financial.credit_card] declined'
    """
    if not isinstance(text, str):
        raise InvalidValue("wrong_type", "text", "must be text")
    given: object = findings  # callers without types pass anything
    if not isinstance(given, Iterable) or isinstance(given, (str, bytes)):
        raise InvalidValue("wrong_type", "findings", "must be an iterable of Findings")
    spans: list[Finding] = []
    for finding in findings:
        if not isinstance(finding, Finding):
            raise InvalidValue("wrong_type", "findings", "must be Findings")
        if finding.end > len(text):
            raise InvalidValue("invalid_span", "finding.end", "is past the end of the text")
        spans.append(finding)
    return _replace(text, _covering(spans), lambda finding: f"[REDACTED:{finding.category}]")


def _covering(found: list[Finding]) -> list[Finding]:
    """Sorted findings, each overlapping group made one: the stricter's, over all of them."""
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            last = kept[-1]
            stricter = finding if _rank(finding) > _rank(last) else last
            kept[-1] = attrs.evolve(stricter, start=last.start, end=max(last.end, finding.end))
            continue
        kept.append(finding)
    return kept


def _replace(text: str, findings: Sequence[Finding], token: Callable[[Finding], str]) -> str:
    """``text`` with each of ``findings`` (sorted, not overlapping) replaced by its token."""
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(token(finding))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)
