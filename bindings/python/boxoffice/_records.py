"""How the generated dataclasses of ``_types`` read the library's JSON and write details back.

Conventions, for every record and answer class:

- Field names are the JSON keys of docs/C_API.md §4.2 in snake_case (``createdAt`` → ``created_at``).
- Ids are ``uuid.UUID``; times are ``int`` UTC milliseconds since the epoch; money is ``int`` minor
  units (cents) of the organization's currency; enumerations are their lowercase strings
  (``"published"``, ``"partially_refunded"``, ``"already_used"``).
- A key the library leaves out (an unset optional value) is ``None``.
- Nested collections are tuples (the objects are immutable and hashable); lists returned by the
  engine's list methods are plain lists.
- The editable fields of a record are nested in its ``details`` (an ``*Details`` dataclass), as in
  the JSON. Updates take a whole details object and replace the stored one (C_API.md §3.12): to
  change one field, ``dataclasses.replace(record.details, field=value)`` and send that back.
  Details keep any key this binding does not know in ``extra`` so that an update sends it back
  unchanged.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from dataclasses import MISSING, field
from enum import Enum
from typing import Any, Callable, Dict, Mapping, Optional, Tuple, Type, TypeVar, Union
from uuid import UUID

T = TypeVar("T")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _conv(converter: Callable[[Any], Any], default: Any = MISSING) -> Any:
    """A dataclass field whose JSON value goes through converter."""
    return field(default=default, metadata={"conv": converter})


def _tuple_of(cls: Any) -> Callable[[Any], Tuple[Any, ...]]:
    return lambda values: tuple(cls._from_json(value) for value in values)


def _nested(cls: Any) -> Callable[[Any], Any]:
    return lambda value: cls._from_json(value)


class _StrEnum(str, Enum):
    """The base of the generated enums: a str, so that ``status == "valid"`` holds, printed as its
    value (``f"{status}"`` is ``valid``)."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


def _enum(cls: Any) -> Callable[[Any], Any]:
    """The member for a JSON value; a value a newer library added stays a plain str."""
    return lambda value: cls._value2member_map_.get(value, value)


def _tuple_of_uuid(values: Any) -> Tuple[UUID, ...]:
    return tuple(UUID(value) for value in values)


def _tuple_of_enum(cls: Any) -> Callable[[Any], Tuple[Any, ...]]:
    return lambda values: tuple(cls._value2member_map_.get(value, value) for value in values)


def _decode(cls: Type[T], obj: Mapping[str, Any], **filled: Any) -> T:
    if not isinstance(obj, Mapping):
        raise TypeError(f"libboxoffice returned {type(obj).__name__} where a {cls.__name__} object was expected")
    kwargs: Dict[str, Any] = {}
    known = set()
    extra_field = False
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name == "extra":
            extra_field = True
            continue
        if f.name in filled:
            continue
        key = _camel(f.name)
        known.add(key)
        value = obj.get(key)
        if value is None:
            if f.default is MISSING and f.default_factory is MISSING:
                raise ValueError(f"libboxoffice's {cls.__name__} JSON lacks the key {key!r}")
            continue
        converter = f.metadata.get("conv")
        kwargs[f.name] = converter(value) if converter is not None else value
    if extra_field:
        kwargs["extra"] = {key: value for key, value in obj.items() if key not in known}
    return cls(**kwargs, **filled)


def _json_object(record: Any) -> Dict[str, Any]:
    """A details object or a nested value (a seat of a plan) as the JSON object the library reads."""
    out: Dict[str, Any] = dict(getattr(record, "extra", {}) or {})
    for f in dataclasses.fields(record):
        if f.name == "extra":
            continue
        value = getattr(record, f.name)
        if value is None:
            out.pop(_camel(f.name), None)  # absent: the library's default
            continue
        if isinstance(value, tuple):
            value = [item._to_json() if hasattr(item, "_to_json") else item for item in value]
        elif hasattr(value, "_to_json"):
            value = value._to_json()
        out[_camel(f.name)] = value
    return out


def _check_json(value: Any, annotation: str, where: str) -> None:
    """Checks JSON input against a field's annotation before it is converted: the converters
    read the library's own answers and would turn ``"false"`` into True."""
    kind = annotation.removeprefix("Optional[").removesuffix("]") if annotation.startswith("Optional[") else annotation
    if value is None:
        return  # absent or null: _decode says whether it may be
    def refuse(wanted: str) -> None:
        found = "true or false" if isinstance(value, bool) else {str: "a string", list: "a list", dict: "an object"}.get(type(value), "a number")
        raise TypeError(f"{where} must be {wanted}, not {found}")
    if kind.startswith("Tuple["):
        if not isinstance(value, list):
            refuse("a list")
        for index, item in enumerate(value):
            _check_json(item, kind.removeprefix("Tuple[").removesuffix(", ...]"), f"{where}[{index}]")
        return
    nested = getattr(sys.modules.get(__package__ + "._types"), kind, None)
    if isinstance(nested, type) and dataclasses.is_dataclass(nested):
        if not isinstance(value, Mapping):
            refuse("an object")
        for f in dataclasses.fields(nested):
            if f.name != "extra" and _camel(f.name) in value:
                _check_json(value[_camel(f.name)], str(f.type), f"{where}.{_camel(f.name)}")
    elif kind == "bool" and not isinstance(value, bool):
        refuse("true or false")
    elif kind in ("int", "float") and (isinstance(value, bool) or not isinstance(value, (int, float))):
        refuse("a number")
    elif kind == "int" and isinstance(value, float) and not value.is_integer():
        refuse("a whole number")
    elif kind in ("str", "UUID") or (isinstance(nested, type) and issubclass(nested, Enum)):
        if not isinstance(value, str):
            refuse("a string")


class _Details:
    """Shared by the *Details classes: the JSON object the create and update functions read."""

    def _to_json(self) -> Dict[str, Any]:
        return _json_object(self)

    @classmethod
    def _from_json(cls: Type[T], obj: Mapping[str, Any]) -> T:
        return _decode(cls, obj)

    @classmethod
    def from_json(cls: Type[T], obj: Union[Mapping[str, Any], str, bytes]) -> T:
        """The object from the JSON the library takes (docs/C_API.md §4.1): a dict, or its text.
        For what is kept in files, such as a seating plan:
        ``SeatingPlanDefinition.from_json(Path("arena.json").read_text())``. A value of the wrong
        JSON kind (``"false"`` for true or false, a string for a number) is ``TypeError`` naming
        its place, as the library would refuse it; a missing required key is ``ValueError``."""
        if isinstance(obj, (str, bytes)):
            obj = json.loads(obj)
        _check_json(obj, cls.__name__, cls.__name__)
        return _decode(cls, obj)


class _Record:
    def _to_json(self) -> Dict[str, Any]:
        return _json_object(self)

    @classmethod
    def _from_json(cls: Type[T], obj: Mapping[str, Any], **filled: Any) -> T:
        """The object from its JSON; `filled`: fields the JSON does not carry (from out-parameters)."""
        return _decode(cls, obj, **filled)


def _extra() -> Any:
    return field(default_factory=dict, repr=False, compare=False)


# ---------------------------------------------------------------------------------------------
# Behaviour of some generated classes (api/model.toml: python_mixin)
# ---------------------------------------------------------------------------------------------


class OrderDetailMixin:
    order: Any

    @property
    def id(self) -> UUID:
        """The order's id."""
        return self.order.id

    def __getattr__(self, name: str) -> Any:
        """Flat reading: ``detail.number``, ``detail.status`` are the order's."""
        if name.startswith("_") or name == "order":
            raise AttributeError(name)
        return getattr(self.order, name)


class AuditEntryMixin:
    actor: str

    @property
    def actor_id(self) -> Optional[UUID]:
        """The acting user's id, or None for the system."""
        if self.actor.startswith("user:"):
            return UUID(self.actor[5:])
        return None


class ReaderSlotMixin:
    transaction: str

    @property
    def is_idle(self) -> bool:
        """An idle read transaction kept for reuse: it pins no snapshot."""
        return self.transaction == "-"
