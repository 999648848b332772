"""Arguments in, answers out: Python values to C values, refusing what C cannot be given
faithfully, and the out-parameters of a call turned back into Python values. The generated
methods of ``_operations`` (api/operations.toml) are made of these."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from datetime import datetime, timedelta, timezone
from ctypes import POINTER, byref, c_int32, c_int64, c_void_p, string_at
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Type, Union
from uuid import UUID

from ._error_base import BoxOfficeError
from ._errors import InvalidArgument, error_for_status
from ._library import lib
from ._records import _Details
from ._structs import BoAvailability, BoUUID
from . import _types
from ._records import _camel
from ._types import ErrorDetails

#: An id argument: a ``uuid.UUID``, or its 36-character text.
IdLike = Union[UUID, str]
#: A text argument: ``str`` (encoded UTF-8), or ``bytes`` passed as they are (the library checks
#: that they are UTF-8).
Text = Union[str, bytes]
PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
#: A time: UTC milliseconds since the epoch, or an aware datetime.
TimeLike = Union[int, datetime]
#: A duration: milliseconds, or a timedelta.
DurationLike = Union[int, timedelta]

_INT64 = (-(1 << 63), (1 << 63) - 1)
_UINT64 = (0, (1 << 64) - 1)
_INT32 = (-(1 << 31), (1 << 31) - 1)
_UINT32 = (0, (1 << 32) - 1)
_NIL = bytes(16)


# ---------------------------------------------------------------------------------------------
# Arguments: Python values to C values, refusing what C cannot be given faithfully
# ---------------------------------------------------------------------------------------------


def _invalid(message: str) -> InvalidArgument:
    """An InvalidArgument found before calling the library: no details, as the library gives none."""
    error = InvalidArgument(2, _python_names(message))
    error.details = ErrorDetails._from_json({})
    return error


def _id(value: Optional[IdLike], name: str) -> Optional[BoUUID]:
    """A bo_uuid for an id argument, or None (NULL: the library answers BO_INVALID_ARGUMENT where
    the id is required)."""
    if value is None:
        return None
    if isinstance(value, UUID):
        return BoUUID.from_buffer_copy(value.bytes)
    if isinstance(value, str):
        try:
            return BoUUID.from_buffer_copy(UUID(value).bytes)
        except ValueError:
            raise _invalid(f"{name}: {value!r} is not a UUID") from None
    raise TypeError(f"{name} must be a uuid.UUID or its text, not {type(value).__name__}")


def _required_id(value: Optional[IdLike], name: str) -> BoUUID:
    struct = _id(value, name)
    if struct is None:
        raise _invalid(f"{name} is required (None given)")
    return struct


def _required_text(value: Optional[Text], name: str) -> bytes:
    """As _text, refusing None here, where the message can use the Python name."""
    data = _text(value, name)
    if data is None:
        raise _invalid(f"{name} is required (None given)")
    return data


def _text(value: Optional[Text], name: str) -> Optional[bytes]:
    """UTF-8 bytes for a text argument, or None (NULL)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            data = value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise _invalid(
                f"{name} is not valid Unicode text: {error.reason} at index {error.start}"
            ) from None
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    else:
        raise TypeError(f"{name} must be str or bytes, not {type(value).__name__}")
    if b"\0" in data:
        raise _invalid(f"{name} contains a NUL character")
    return data


def _path(value: Optional[PathLike], name: str) -> Optional[bytes]:
    if value is None:
        return None
    return _text(os.fspath(value), name)


def _int(value: Any, name: str, bounds: Tuple[int, int]) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    low, high = bounds
    if not low <= value <= high:
        raise _invalid(f"{name} {value} is out of range ({low} to {high})")
    return int(value)


def _json_ready(value: Any, where: str) -> Any:
    """A details object's JSON form ready for json.dumps: times (aware ``datetime``) become UTC
    milliseconds and durations (``timedelta``) milliseconds; lone surrogates and naive datetimes
    are refused, naming the field."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise _invalid(f"{where} is not valid Unicode text: {error.reason} at index {error.start}") from None
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise _invalid(f"{where}: {value!r} has no time zone; give an aware datetime (tzinfo=timezone.utc)")
        return _millis_since_epoch(value)
    if isinstance(value, timedelta):
        return value // timedelta(milliseconds=1)
    if isinstance(value, Mapping):
        return {_json_ready(key, f"{where} key"): _json_ready(item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(item, f"{where}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, UUID):
        return str(value)
    return value


def _millis_since_epoch(moment: datetime) -> int:
    return (moment - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(milliseconds=1)


def _duration(value: Any, name: str) -> int:
    """Milliseconds for a duration argument: an int, or a ``timedelta`` (rounded up to a whole
    millisecond, so that a positive one never becomes 0)."""
    if isinstance(value, timedelta):
        return _int(-(-value // timedelta(milliseconds=1)), name, _INT64)
    return _int(value, name, _INT64)


def _time(value: Optional[TimeLike], name: str) -> int:
    """UTC milliseconds for a time argument: an int, an aware datetime, or None (0)."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return _json_ready(value, name)
    return _int(value, name, _INT64)


def _sequence(values: Any, name: str) -> Tuple[Any, ...]:
    """A list argument as a tuple; a str (which would become its characters) is refused."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list or tuple, not {type(values).__name__}")
    return tuple(values)


def _check_field(value: Any, f: "dataclasses.Field[Any]", where: str = "") -> None:
    """A details field checked here, named as Python names it, before the library sees JSON: a
    required one given None, text where a list goes, numbers JSON cannot carry, other types.
    `where` is the path of the nested value it is in."""
    name = where + f.name
    if value is None:
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise _invalid(f"{name} is required (None given)")
        return
    if str(f.type).startswith("Tuple["):
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            raise TypeError(f"{name} must be a list or tuple, not {type(value).__name__}")
        element = str(f.type).removeprefix("Tuple[").removesuffix(", ...]")  # Tuple[UUID, ...], Tuple[PlanSeat, ...]
        for index, item in enumerate(value):
            _check_value(item, f"{name}[{index}]", element)
        return
    _check_value(value, name, str(f.type))


# What a details field's annotation asks for, in words (times: the fields named *_at).
_KINDS = {"int": "an int", "str": "a str", "bool": "True or False"}


def _check_value(value: Any, where: str, annotation: str) -> None:
    kind = annotation.removeprefix("Optional[").removesuffix("]")
    record = getattr(_types, kind, None)
    if isinstance(record, type) and dataclasses.is_dataclass(record):  # a nested value: a seat of a plan
        if not isinstance(value, record):
            raise TypeError(f"{where} must be a {kind}, not {type(value).__name__}")
        for f in dataclasses.fields(value):
            if f.name != "extra":
                _check_field(getattr(value, f.name), f, f"{where}.")
        return
    if isinstance(value, datetime) and not where.endswith("_at"):
        raise TypeError(f"{where} must be {_KINDS.get(kind, 'a ' + kind)}, not a datetime (times are the fields named *_at)")
    if kind == "str" and not isinstance(value, str):
        raise TypeError(f"{where} must be a str, not {type(value).__name__}")
    # JSON would carry 19.0 as a number the library reads as 19: an int field takes whole ints only.
    if kind == "int" and isinstance(value, float):
        raise _invalid(f"{where} must be a whole number, not {value}")
    if kind == "UUID":  # a UUID, or its text (checked here, so the error names the field)
        if isinstance(value, str):
            try:
                UUID(value)
            except ValueError:
                raise _invalid(f"{where} {value[:40]!r} is not a UUID") from None
        elif not isinstance(value, UUID):
            raise TypeError(f"{where} must be a UUID or its text, not {type(value).__name__}")
        return
    if isinstance(value, (bool, str, datetime, timedelta, Mapping)):
        return
    if isinstance(value, int):
        _int(value, where, _INT64)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _invalid(f"{where} must be a number, not {value}")
    else:
        raise TypeError(f"{where} must be {_KINDS.get(kind, 'a ' + kind)}, not {type(value).__name__}")


def _details(details: Any, cls: Type[_Details], name: str = "details") -> Optional[bytes]:
    if details is None:
        return None
    if not isinstance(details, cls):
        raise TypeError(f"{name} must be a {cls.__name__}, not {type(details).__name__}")
    for f in dataclasses.fields(details):
        if f.name != "extra":
            _check_field(getattr(details, f.name), f)
    obj = _json_ready(details._to_json(), name)
    try:
        return json.dumps(obj, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as error:
        raise _invalid(f"{name} cannot be written as JSON: {error}") from None


def _uuid_out(struct: BoUUID) -> UUID:
    return UUID(bytes=bytes(struct.bytes))


def _take_error(status: int, error: c_void_p) -> BoxOfficeError:
    """The exception for a failed call; frees the error object."""
    try:
        raw = lib.bo_error_message(error)
        message = raw.decode("utf-8", "replace") if raw else ""
        name = lib.bo_status_name(status)
        code_name = name.decode("ascii", "replace") if name else None
        details = lib.bo_error_details(error)
        fields = json.loads(details) if details else {}
    finally:
        lib.bo_error_free(error)
    exception = error_for_status(status, _python_names(message), code_name)
    exception.details = ErrorDetails._from_json(fields)
    return exception


_CAMEL = re.compile(r"\b[a-z]+(?:[A-Z][a-z0-9]*)+\b")

_NAMES: List[frozenset] = []


def _api_names() -> frozenset:
    """The camelCase names the library's messages use for what a caller passes: every field of
    the declared types and every parameter of Engine's methods. Only these are renamed, so a tier
    named 'earlyBird' or a cursor keeps its spelling in a message."""
    if not _NAMES:
        from ._operations import Operations  # here: _operations imports this module
        fields = {f.name for cls in vars(_types).values() if isinstance(cls, type) and dataclasses.is_dataclass(cls)
                  for f in dataclasses.fields(cls)}
        params = {name for method in vars(Operations).values() if callable(method)
                  for name in getattr(getattr(method, "__code__", None), "co_varnames", ())}
        _NAMES.append(frozenset(_camel(name) for name in fields | params))
    return _NAMES[0]


def _python_names(message: str) -> str:
    """The library's message with field and parameter names as Python spells them (priceMinor ->
    price_minor): a field named in an error is the argument the caller passed."""
    names = _api_names()
    # Quoted text is the caller's own (a tier's name, a key, a cursor): left as it is.
    parts = re.split(r"('(?:[^'\\]|\\.)*')", message)
    return "".join(part if part.startswith("'") and part.endswith("'") and len(part) > 1 else
                   _CAMEL.sub(lambda m: re.sub(r"([A-Z])", lambda c: "_" + c.group(1).lower(), m.group(0))
                              if m.group(0) in names else m.group(0), part)
                   for part in parts)


def _ids(values: Optional[Iterable[IdLike]], name: str) -> Tuple[Any, int]:
    """A bo_uuid array and its count."""
    if values is None:
        return None, 0
    if isinstance(values, (str, bytes, UUID)):
        raise TypeError(f"{name} must be a collection of ids, not a single id")
    ids = [_required_id(value, f"{name}[{index}]") for index, value in enumerate(values)]
    return (BoUUID * len(ids))(*ids), len(ids)


def _list_of(cls: Any) -> Callable[..., List[Any]]:
    return lambda values: [cls._from_json(value) for value in values]


# ---------------------------------------------------------------------------------------------
# Out-parameters
# ---------------------------------------------------------------------------------------------


class Out:
    """One out-parameter of a call. Its value is the call's answer, unless `fills` names a field
    of the answer it sets, or `on_error` an attribute of the exception it is kept in when the call
    fails (an order id known before reading the order back failed)."""

    fills: Optional[str] = None
    on_error: Optional[str] = None

    def make(self) -> Any:
        raise NotImplementedError

    def arg(self, holder: Any) -> Any:
        return byref(holder)

    def take(self, holder: Any) -> Any:
        raise NotImplementedError

    def answer(self, value: Any, filled: Dict[str, Any]) -> Any:
        return value

    def free(self, holder: Any) -> None:
        pass


class JSONOut(Out):
    """``char **``: JSON the library allocates, decoded by `decode` and freed with bo_free()."""

    def __init__(self, decode: Callable[..., Any]) -> None:
        self.decode = decode

    def make(self) -> Any:
        return c_void_p()

    def take(self, holder: Any) -> Any:
        if not holder.value:
            raise BoxOfficeError(0, "the library returned BO_OK without JSON", "BO_OK")
        return json.loads(string_at(holder.value))

    def answer(self, value: Any, filled: Dict[str, Any]) -> Any:
        return self.decode(value, **filled)

    def free(self, holder: Any) -> None:
        if holder.value:
            lib.bo_free(holder)


class ScalarOut(Out):
    """``int64_t *`` or ``int32_t *`` (a count, or a boolean)."""

    def __init__(self, ctype: Any, convert: Callable[[Any], Any] = int, fills: Optional[str] = None) -> None:
        self.ctype, self.convert, self.fills = ctype, convert, fills

    def make(self) -> Any:
        return self.ctype(0)

    def take(self, holder: Any) -> Any:
        return self.convert(holder.value)


class StructOut(Out):
    """A hot-path struct the caller provides, converted by `convert`."""

    def __init__(self, struct: Any, convert: Callable[[Any], Any]) -> None:
        self.struct, self.convert = struct, convert

    def make(self) -> Any:
        return self.struct()

    def take(self, holder: Any) -> Any:
        return self.convert(holder)


class UUIDOut(Out):
    """``bo_uuid *``; None while the library has not set it."""

    def __init__(self, on_error: Optional[str] = None) -> None:
        self.on_error = on_error

    def make(self) -> Any:
        return BoUUID()

    def take(self, holder: Any) -> Any:
        return None if bytes(holder.bytes) == _NIL else _uuid_out(holder)


class AvailabilityOut(Out):
    """``bo_availability **``, freed with bo_availability_free()."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        self.convert = convert

    def make(self) -> Any:
        return POINTER(BoAvailability)()

    def take(self, holder: Any) -> Any:
        return self.convert(holder.contents)

    def free(self, holder: Any) -> None:
        if holder:
            lib.bo_availability_free(holder)


def invoke(handle: Optional[int], function: Any, args: Sequence[Any], outs: Sequence[Out], lookup: bool) -> Any:
    """Calls function(handle, *args, *outs, &error) and returns its answer; raises the status's
    exception, or with `lookup` returns None for BO_NOT_FOUND."""
    holders = [out.make() for out in outs]
    error = c_void_p()
    try:
        status = function(handle, *args, *(out.arg(h) for out, h in zip(outs, holders)), byref(error))
        if status != 0:
            if lookup and status == 1:
                lib.bo_error_free(error)
                return None
            exc = _take_error(status, error)
            for out, holder in zip(outs, holders):
                if out.on_error and (value := out.take(holder)) is not None:
                    setattr(exc, out.on_error, value)
            raise exc
        filled = {out.fills: out.take(h) for out, h in zip(outs, holders) if out.fills}
        answers = [(out, h) for out, h in zip(outs, holders) if not out.fills and not out.on_error]
        if not answers:
            return None
        out, holder = answers[-1]
        return out.answer(out.take(holder), filled)
    finally:
        for out, holder in zip(outs, holders):
            out.free(holder)
