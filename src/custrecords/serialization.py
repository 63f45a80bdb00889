"""Records as plain data and back: the library's own cattrs converter.

``custrecords.converter`` turns every public type into JSON-ready data (dicts, lists,
strings, numbers, booleans) and back::

    data = converter.unstructure(record)                 # ready for json.dumps
    record = converter.structure(data, CustomerRecord)   # checked on the way in

The format:

- e-mail addresses and phone numbers are their normalised strings
  (``"jane@example.com"``, ``"+447400123456"``); a contact point's ``value`` is read as
  an e-mail address when it has an ``@`` and as a phone number when it starts ``+``;
- times are ISO 8601 strings with their offset; dates are ``YYYY-MM-DD``;
- enumerations are their string values; tuples are lists; frozensets are sorted lists;
- every field is written, and unknown keys are refused on the way in.

Structuring is strict: ``"false"`` is not a boolean and ``1`` is not a string. Bad data
raises one `InvalidValue` whose ``field`` is the path of the first bad field
(``$.contact_points[1].value``) and whose message never contains the bad value.

The converter belongs to custrecords. To change it, copy it first
(``my_converter = converter.copy()``), or configure one of your own with
`configure_converter`; the global cattrs converter is never touched.

>>> from custrecords import ContactPoint, EmailAddress
>>> converter.unstructure(EmailAddress.parse("jane@example.com"))
'jane@example.com'
>>> converter.structure({"value": "+44 7400 123456", "verified": "yes"}, ContactPoint)
Traceback (most recent call last):
...
custrecords.errors.InvalidValue: $.verified: must be true or false
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum, StrEnum
from types import UnionType
from typing import Any, Final, TypeVar, Union, get_args, get_origin, get_type_hints

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
    StructureHandlerNotFoundError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from custrecords.collecting import FieldChange
from custrecords.errors import InvalidValue, UsageError
from custrecords.records import ContactPoint, CustomerRecord
from custrecords.taxonomy import RECORD_FIELDS
from custrecords.values import EmailAddress, PhoneNumber

__all__ = ["configure_converter", "converter", "make_converter"]

_T = TypeVar("_T")
_LEAF: Final = "value"
_ROOT: Final = "$"


# --- scalars: strict, so that nothing is guessed ---------------------------------------------


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise InvalidValue("wrong_type", _LEAF, "must be a string")
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue("wrong_type", _LEAF, "must be true or false")
    return value


def _structure_int(value: object, _: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidValue("wrong_type", _LEAF, "must be a whole number")
    return value


def _structure_datetime(value: object, _: object) -> datetime:
    text = _structure_str(value, None)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue("invalid_datetime", _LEAF, "is not an ISO 8601 date and time") from None
    if parsed.utcoffset() is None:
        raise InvalidValue("naive_datetime", _LEAF, "must have a time zone offset")
    return parsed


def _structure_date(value: object, _: object) -> date:
    text = _structure_str(value, None)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue("invalid_date", _LEAF, "is not an ISO 8601 date (YYYY-MM-DD)") from None


def _structure_email(value: object, _: object) -> EmailAddress:
    return EmailAddress.parse(_structure_str(value, None), field=_LEAF)


def _structure_phone(value: object, _: object) -> PhoneNumber:
    return PhoneNumber.parse(_structure_str(value, None), region=None, field=_LEAF)


def _structure_contact_value(value: object, _: object) -> EmailAddress | PhoneNumber:
    text = _structure_str(value, None)
    if "@" in text:
        return EmailAddress.parse(text, field=_LEAF)
    if text.lstrip().startswith("+"):
        return PhoneNumber.parse(text, region=None, field=_LEAF)
    raise InvalidValue(
        "contact_value_unrecognised",
        _LEAF,
        "is neither an e-mail address (with @) nor an international phone number (+...)",
    )


def _normalized(value: EmailAddress | PhoneNumber) -> str:
    return value.normalized


# --- enumerations and collections ----------------------------------------------------------


def _structure_enum(value: object, cls: type[Enum]) -> Enum:
    member = cls._value2member_map_.get(value) if isinstance(value, str | int) else None
    if member is None:
        choices = ", ".join(str(member.value) for member in cls)
        raise InvalidValue("unknown_choice", _LEAF, f"must be one of: {choices}")
    return member


def _enum_value(member: Enum) -> Any:
    return member.value


def _is_collection(cls: Any) -> bool:
    args = get_args(cls)
    if get_origin(cls) is tuple:
        return len(args) == 2 and args[1] is Ellipsis
    return get_origin(cls) is frozenset and len(args) == 1


def _collection_structure_hook(
    cls: Any, converter: cattrs.Converter
) -> Callable[[object, object], tuple[Any, ...] | frozenset[Any]]:
    item_type = get_args(cls)[0]
    item_hook = converter.get_structure_hook(item_type)
    build = tuple if get_origin(cls) is tuple else frozenset

    def structure(value: object, _: object) -> tuple[Any, ...] | frozenset[Any]:
        # A string or a mapping is iterable too; taking either for a list of items
        # would turn "12 High Street" into twelve address lines.
        if not isinstance(value, list | tuple):
            raise InvalidValue("wrong_type", _LEAF, "must be a list")
        items, errors = [], []
        for index, item in enumerate(value):
            try:
                items.append(item_hook(item, item_type))
            except Exception as error:  # every item's error is collected, then raised together
                error.add_note(IterableValidationNote(f"@ index {index}", index, item_type))
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {cls!r}", errors, cls)
        return build(items)

    return structure


def _collection_unstructure_hook(
    cls: Any, converter: cattrs.Converter
) -> Callable[[tuple[Any, ...] | frozenset[Any]], list[Any]]:
    item_hook = converter.get_unstructure_hook(get_args(cls)[0])
    if get_origin(cls) is tuple:
        return lambda items: [item_hook(item) for item in items]
    # Sorted, so that the same set always serialises the same way.
    return lambda items: sorted(item_hook(item) for item in items)


# --- attrs classes: refuse extra keys, and anything but a mapping ----------------------------


def _attrs_structure_hook(cls: Any, converter: cattrs.Converter) -> Callable[[object, object], Any]:
    inner = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

    def structure(value: object, _: object) -> Any:
        if not isinstance(value, Mapping):
            raise InvalidValue("wrong_type", _LEAF, f"must be an object ({cls.__name__})")
        return inner(value, cls)

    return structure


# --- unions of kinds: a requester is one of several classes, each with its own kind --------
# A class with a ``kind`` class variable (the disclosure requesters) is written with that
# kind as a key, and a union of such classes is read back by it.


def _kind(cls: Any) -> str | None:
    kind = getattr(cls, "kind", None) if attrs.has(cls) else None
    return kind.value if isinstance(kind, StrEnum) else None


def _is_kinded_union(cls: Any) -> bool:
    members = get_args(cls) if get_origin(cls) in (Union, UnionType) else ()
    return bool(members) and all(_kind(member) is not None for member in members)


def _kinded_union_structure_hook(
    cls: Any, converter: cattrs.Converter
) -> Callable[[object, object], Any]:
    by_kind = {_kind(member): member for member in get_args(cls)}

    def structure(value: object, _: object) -> Any:
        if not isinstance(value, Mapping) or value.get("kind") not in by_kind:
            kinds = ", ".join(sorted(filter(None, by_kind)))
            raise InvalidValue("unknown_choice", _LEAF, f"must have a kind: one of {kinds}")
        rest = {key: item for key, item in value.items() if key != "kind"}
        return converter.structure(rest, by_kind[value["kind"]])

    return structure


def _kinded_unstructure_hook(cls: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    inner = make_dict_unstructure_fn(cls, converter)
    kind = _kind(cls)

    def unstructure(value: Any) -> Any:
        return {"kind": kind, **inner(value)}

    return unstructure


# --- a field change: its values are of the type the record holds the field in ----------------


def _field_types() -> dict[str, Any]:
    """The type of each field a change may name."""
    hints = get_type_hints(CustomerRecord)
    # The record keeps both kinds in contact_points; a change names each kind apart.
    contact = {"email_addresses", "phone_numbers"}
    types = {field: hints[field] for field in RECORD_FIELDS - contact}
    return types | dict.fromkeys(contact, tuple[ContactPoint, ...])


def _field_change_unstructure_hook(
    _: Any, converter: cattrs.Converter
) -> Callable[[FieldChange], Any]:
    hooks = {field: converter.get_unstructure_hook(kind) for field, kind in _field_types().items()}

    def unstructure(change: FieldChange) -> Any:
        hook = hooks[change.field]
        return {"field": change.field, "before": hook(change.before), "after": hook(change.after)}

    return unstructure


def _field_change_structure_hook(
    _: Any, converter: cattrs.Converter
) -> Callable[[object, object], FieldChange]:
    types = _field_types()
    hooks = {field: converter.get_structure_hook(kind) for field, kind in types.items()}
    structure_str = converter.get_structure_hook(str)

    def structure(value: object, _: object) -> FieldChange:
        if not isinstance(value, Mapping):
            raise InvalidValue("wrong_type", _LEAF, "must be an object (FieldChange)")
        if extra := value.keys() - {"field", "before", "after"}:
            raise ForbiddenExtraKeysError("", FieldChange, extra)
        parts: dict[str, Any] = {}
        for name in ("field", "before", "after"):
            kind = str if name == "field" else types[parts["field"]]
            try:
                if name == "field":
                    parts[name] = structure_str(value[name], str)
                    if parts[name] not in types:
                        raise InvalidValue(
                            "unknown_field", _LEAF, "names a field records do not have"
                        )
                else:
                    parts[name] = hooks[parts["field"]](value[name], kind)
            except Exception as error:  # reported at its attribute, as cattrs reports its own
                error.add_note(AttributeValidationNote(f"@ attribute {name}", name, kind))
                raise ClassValidationError("While structuring", [error], FieldChange) from None
        return FieldChange(**parts)

    return structure


# --- errors: one InvalidValue with the path of the first bad field -------------------------


def _constructor_path(error: BaseException, cls: type, path: str) -> str:
    """Where a constructor's own check failed: the field it names last, if cls has it.

    A constructor reports ``consent.withdrawn_at``; within ``$.consents[0]`` that is
    ``$.consents[0].withdrawn_at``.
    """
    if isinstance(error, InvalidValue) and attrs.has(cls):
        name = error.field.rpartition(".")[2]
        if name in attrs.fields_dict(cls):
            return f"{path}.{name}"
    return path


def _first_problem(error: BaseException, path: str) -> InvalidValue:  # noqa: PLR0911 - one case a kind
    if isinstance(error, ClassValidationError):
        with_notes, without_notes = error.group_exceptions()
        if with_notes:
            inner, note = with_notes[0]
            return _first_problem(inner, f"{path}.{note.name}")
        return _first_problem(without_notes[0], _constructor_path(without_notes[0], error.cl, path))
    if isinstance(error, IterableValidationError):
        with_index, without_index = error.group_exceptions()
        if with_index:
            inner, index_note = with_index[0]
            return _first_problem(inner, f"{path}[{index_note.index}]")
        return _first_problem(without_index[0], path)
    if isinstance(error, ForbiddenExtraKeysError):
        key = sorted(error.extra_fields)[0]
        return InvalidValue("unknown_field", f"{path}.{key}", "is not a field of this type")
    if isinstance(error, BaseValidationError):
        return _first_problem(error.exceptions[0], path)
    if isinstance(error, InvalidValue):
        return error.at(path)
    if isinstance(error, KeyError):
        return InvalidValue("missing", path, "is required")
    return InvalidValue("invalid_value", path, "could not be read")


class _Converter(cattrs.Converter):
    """A cattrs converter whose structuring errors are `InvalidValue`."""

    def structure(self, obj: Any, cl: type[_T]) -> _T:
        try:
            return super().structure(obj, cl)
        except StructureHandlerNotFoundError:
            raise UsageError("the converter has no way to structure that type") from None
        except (BaseValidationError, InvalidValue, KeyError, TypeError, ValueError) as error:
            # Raised without its cause: the cause may quote the bad value.
            raise _first_problem(error, _ROOT) from None


def configure_converter(converter: cattrs.Converter) -> None:
    """Register custrecords' hooks on a converter of your own.

    Structuring errors from a plain cattrs converter stay cattrs' own exception
    groups; their leaves are `InvalidValue` (without the bad value) where custrecords'
    hooks raised them. `make_converter` gives a converter that also turns the group
    into a single `InvalidValue` with a path.
    """
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _structure_int)
    # Hooks are found along the class's MRO, where a StrEnum is a str before it is an
    # Enum: StrEnum needs hooks of its own, or the str hooks would take it.
    for enum_base in (Enum, StrEnum):
        converter.register_structure_hook(enum_base, _structure_enum)
        converter.register_unstructure_hook(enum_base, _enum_value)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(EmailAddress, _structure_email)
    converter.register_structure_hook(PhoneNumber, _structure_phone)
    converter.register_structure_hook(EmailAddress | PhoneNumber, _structure_contact_value)
    for value_type in (EmailAddress, PhoneNumber):
        converter.register_unstructure_hook(value_type, _normalized)
    converter.register_structure_hook_factory(_is_collection, _collection_structure_hook)
    converter.register_unstructure_hook_factory(_is_collection, _collection_unstructure_hook)
    converter.register_structure_hook_factory(
        lambda cls: attrs.has(cls) and cls not in (EmailAddress, PhoneNumber),
        _attrs_structure_hook,
    )
    converter.register_structure_hook_factory(_is_kinded_union, _kinded_union_structure_hook)
    # Factories, so that a copy of the converter builds the hooks from its own.
    converter.register_structure_hook_factory(
        lambda cls: cls is FieldChange, _field_change_structure_hook
    )
    converter.register_unstructure_hook_factory(
        lambda cls: cls is FieldChange, _field_change_unstructure_hook
    )
    converter.register_unstructure_hook_factory(
        lambda cls: _kind(cls) is not None, _kinded_unstructure_hook
    )


def make_converter() -> cattrs.Converter:
    """A new converter configured as ``custrecords.converter`` is.

    >>> from custrecords import ContactPoint, PhoneNumber
    >>> make_converter().unstructure(ContactPoint(value=PhoneNumber.parse("07400 123456")))
    {'value': '+447400123456', 'verified': False, 'preferred': False}
    """
    converter = _Converter()
    configure_converter(converter)
    return converter


converter: Final[cattrs.Converter] = make_converter()
"""custrecords' own converter. Copy it (``converter.copy()``) before changing it."""
