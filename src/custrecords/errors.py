"""The errors custrecords raises.

A refusal (a disclosure denied, a channel not allowed) is never an exception: it is a
result. Exceptions are for input that cannot be understood at all (`InvalidValue`), for
a host calling the library wrongly (`UsageError`), and for a store whose contents are no
longer what a write was based on (`Conflict`), which the desk turns back into a result.

No message ever contains the rejected value. Personal data that reaches an exception
reaches logs, error trackers and support tickets; so messages name the field and the
problem, and the value stays with the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

__all__ = ["Conflict", "CustrecordsError", "InvalidGuidelines", "InvalidValue", "UsageError"]


class CustrecordsError(Exception):
    """The base of every error custrecords raises."""


class InvalidValue(CustrecordsError, ValueError):
    """Input that is malformed: a phone number that is not one, a date with no time zone.

    Attributes:
        code: a stable, snake_case machine code for the problem (``"phone_invalid"``),
            for hosts to translate or count.
        field: the field the problem is in: a name (``"email"``) or, when structuring
            nested data, a path (``"$.contact_points[1].value"``).
        problem: a short plain-English description of the problem.

    The message is ``"<field>: <problem>"``; it never contains the rejected value.

    >>> error = InvalidValue("postcode_invalid", "postcode", "not a valid UK postcode")
    >>> str(error)
    'postcode: not a valid UK postcode'
    >>> error.code, error.field
    ('postcode_invalid', 'postcode')
    """

    code: str
    field: str
    problem: str

    def __init__(self, code: str, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.code = code
        self.field = field
        self.problem = problem

    def __reduce__(self) -> tuple[type[InvalidValue], tuple[object, ...]]:
        # Exceptions pickle through their args; ours has three, not one.
        return (type(self), (self.code, self.field, self.problem))

    def at(self, field: str) -> InvalidValue:
        """Return the same error, reported at another field name or path.

        >>> InvalidValue("empty", "email", "is empty").at("$.contact_points[0].value").field
        '$.contact_points[0].value'
        """
        return InvalidValue(self.code, field, self.problem)


class InvalidGuidelines(InvalidValue):
    """Guidelines with mistakes in them: every mistake, each at its own path.

    A guidelines file is written by hand, so one error at a time would make fixing it
    a loop. This error carries all of them at once.

    Attributes:
        problems: one `InvalidValue` per mistake, whose ``field`` is the path of the
            key it concerns (``fields.email_addresses.keep``,
            ``purposes."essential.service".lawful_basis``, ``retention[2].period``).

    >>> error = InvalidGuidelines(
    ...     [
    ...         InvalidValue("missing", "about.name", "is required"),
    ...         InvalidValue("unknown_key", "fields.name.colour", "is not a key here"),
    ...     ]
    ... )
    >>> print(error)
    guidelines: 2 problems
      about.name: is required
      fields.name.colour: is not a key here
    >>> error.code, [problem.code for problem in error.problems]
    ('invalid_guidelines', ['missing', 'unknown_key'])
    """

    problems: tuple[InvalidValue, ...]

    def __init__(self, problems: Iterable[InvalidValue]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "".join(f"\n  {problem}" for problem in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__("invalid_guidelines", "guidelines", f"{count} {noun}{lines}")

    def __reduce__(self) -> tuple[type[InvalidValue], tuple[object, ...]]:
        return (type(self), (self.problems,))


class UsageError(CustrecordsError, TypeError):
    """A host used the library wrongly: a programming mistake, not bad data.

    For example, asking the converter to structure a type that is not one of the
    library's.
    """


_CONFLICTS: Final = {
    "stale_version": "the record changed since it was read",
    "exists": "a record with this id is already stored",
    "not_found": "no record with this id is stored",
}


class Conflict(CustrecordsError):
    """A repository refused a write: what it holds is not what the write was based on.

    Nothing was written. The caller reads the record again, and decides again.

    Attributes:
        code: ``stale_version`` (someone saved a newer version first), ``exists`` (a
            record with that id is already stored) or ``not_found`` (there is no such
            record, or it was deleted).
        record_id: the record concerned; an identifier, never personal data.

    >>> error = Conflict("stale_version", "C-1")
    >>> str(error)
    'C-1: stale_version: the record changed since it was read'
    """

    code: str
    record_id: str

    def __init__(self, code: str, record_id: str) -> None:
        super().__init__(f"{record_id}: {code}: {_CONFLICTS.get(code, 'refused')}")
        self.code = code
        self.record_id = record_id

    def __reduce__(self) -> tuple[type[Conflict], tuple[object, ...]]:
        return (type(self), (self.code, self.record_id))
