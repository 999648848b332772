"""The generated part of the Python package (bindings/python/boxoffice): the record dataclasses
(_types.py), the exceptions (_errors.py), the ctypes prototypes (_prototypes.py) and the
methods of Engine (_operations.py). The hand-written modules they use: _records (decoding),
_marshal (arguments and out-parameters), _hotpath (struct answers), _error_base."""

from __future__ import annotations

import json
import re
from typing import Dict, List, Tuple

from c_header import statuses as c_statuses
from declarations import API, NO_DEFAULT, Field, Operation, Param, Struct, Type
from names import pascal, snake
from text import banner, sentence, wrap

PACKAGE = "bindings/python/boxoffice"
BANNER = banner("#", "api/*.toml")

SCALAR = {"uuid": "UUID", "string": "str", "int64": "int", "uint64": "int", "int32": "int", "time": "int",
          "money": "int", "bool": "bool", "double": "float"}


def py_name(s: Struct) -> str:
    return s.python


# Enums get a Python class (a str Enum, so "valid" == TicketStatus.VALID), except CheckIn.Result,
# whose name the hot-path answer CheckInResult already has (its `accepted` says the same).
HOT_PATH_NAMES = {"CheckInResult", "HoldInfo", "HoldItem", "Availability", "TierAvailability"}


def python_enums(api: API) -> Dict[str, Any]:
    return {name: e for name, e in api.enums.items() if name not in HOT_PATH_NAMES}


def hint(api: API, t: Type) -> str:
    if t.base in SCALAR:
        base = SCALAR[t.base]
    elif t.base in python_enums(api):
        base = t.base
    elif t.base in api.enums:
        base = "str"
    else:
        base = py_name(api.structs[t.base])
    text = f"Tuple[{base}, ...]" if t.list else base
    return f"Optional[{text}]" if t.optional else text


def converter(api: API, t: Type) -> str:
    if t.base in python_enums(api):
        return f"_tuple_of_enum({t.base})" if t.list else f"_enum({t.base})"
    if t.base in api.structs:
        cls = py_name(api.structs[t.base])
        return f"_tuple_of({cls})" if t.list else f"_nested({cls})"
    if t.list:
        return "tuple"
    return SCALAR.get(t.base, "str")


def literal(value) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list):
        return "()" if not value else "(" + ", ".join(json.dumps(v) for v in value) + ",)"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def docstring(text: str, indent: str) -> str:
    body = wrap(text, indent).rstrip("\n")
    body = body[len(indent):]
    if "\n" not in body and len(indent) + len(body) + 6 <= 100:
        return f'{indent}"""{body}"""\n'
    return f'{indent}"""{body}\n{indent}"""\n'


def field_docs(api: API, s: Struct, fields: List[Field]) -> str:
    """A line per documented field or enumeration, for the class docstring."""
    lines = []
    for f in fields:
        notes = []
        if f.doc:
            notes.append(sentence(f.doc))
        if f.type.base in api.enums:
            notes.append("One of " + ", ".join(api.enums[f.type.base].values) + ".")
        if notes:
            lines.append(f"``{snake(f.name)}``: " + " ".join(notes))
    return "\n\n".join(lines)


def binding_fields(s: Struct) -> List[Field]:
    return [f for f in s.fields if f.json != "export"] + s.computed


def details_class(api: API, s: Struct) -> str:
    required = [f for f in s.fields if f.input_required]
    rest = [f for f in s.fields if not f.input_required]
    out = f"@dataclass(frozen=True)\nclass {py_name(s)}(_Details):\n"
    doc = s.doc + "\n\n" + field_docs(api, s, s.fields)
    out += docstring(doc, "    ") + "\n"
    enums = python_enums(api)
    for f in required:
        # Read back from JSON (from_json) as members, UUIDs and nested values.
        converted = (f.type.base in enums or f.type.base == "uuid") and not f.type.list or f.type.base in api.structs
        out += f"    {snake(f.name)}: {hint(api, f.type)}" + (f" = _conv({converter(api, f.type)})" if converted else "") + "\n"
    for f in rest:
        if f.type.optional and f.type.base == "uuid":  # ids are read back as UUIDs, as in records
            out += f"    {snake(f.name)}: {hint(api, f.type)} = _conv(UUID, None)\n"
        elif f.type.optional:
            out += f"    {snake(f.name)}: {hint(api, f.type)} = None\n"
        elif f.type.list:
            conv = "_tuple_of_uuid" if f.type.base == "uuid" else converter(api, f.type)
            out += f"    {snake(f.name)}: {hint(api, f.type)} = _conv({conv}, {literal(f.default)})\n"
        elif f.type.base in enums:  # the member as the default, and decoded to members
            out += f"    {snake(f.name)}: {hint(api, f.type)} = _conv({converter(api, f.type)}, {f.type.base}.{f.default.upper()})\n"
        else:
            out += f"    {snake(f.name)}: {hint(api, f.type)} = {literal(f.default)}\n"
    return out + "    extra: Dict[str, Any] = _extra()\n"


def record_class(api: API, s: Struct) -> str:
    fields = binding_fields(s)
    if s.kind == "record" and s.key == "id":
        # The record's own fields first, in the order a reader expects.
        fields = fields[:3] + [Field("version", Type("uint64"))] + fields[3:]
    elif s.kind == "record":
        fields = fields + [Field("version", Type("uint64"))]
    required = [f for f in fields if not f.type.optional]
    optional = [f for f in fields if f.type.optional]
    bases = ["_Record"] + ([f"{s.name}Mixin"] if s.python_mixin else [])
    out = f"@dataclass(frozen=True)\nclass {py_name(s)}({', '.join(bases)}):\n"
    out += docstring(s.doc + "\n\n" + field_docs(api, s, fields), "    ") + "\n"
    if s.kind == "nested":  # a value callers also build (a seat of a plan): its declared defaults apply
        required = [f for f in required if not f.has_default] + [f for f in required if f.has_default]
    for f in required:
        default = f", {literal(f.default)}" if s.kind == "nested" and f.has_default else ""
        out += f"    {snake(f.name)}: {hint(api, f.type)} = _conv({converter(api, f.type)}{default})\n"
    for f in optional:
        conv = converter(api, f.type)
        default = f"_conv({conv}, None)" if conv not in ("str", "int", "bool") else "None"
        out += f"    {snake(f.name)}: {hint(api, f.type)} = {default}\n"
    details = api.details_of(s) if s.kind == "record" else None
    if details:  # flat reading: event.title for event.details.title
        own = {snake(f.name) for f in fields}
        for f in binding_fields(details):
            if snake(f.name) in own:
                continue
            out += f"\n    @property\n    def {snake(f.name)}(self) -> {hint(api, f.type)}:\n"
            out += f'        """``details.{snake(f.name)}``."""\n        return self.details.{snake(f.name)}\n'
    return out


def enum_tables(api: API) -> Tuple[str, List[str]]:
    out, names = "", []
    for e in api.enums.values():
        constants = e.c_constants()
        if not constants:
            continue
        stem = e.c["type"][3:].upper()
        name = stem + ("ES" if stem.endswith("S") else "S")
        names.append(name)
        items = ", ".join(f'{number}: "{value}"' for _, number, value in constants if value is not None)
        out += f"#: The {e.c['type']} values and the strings the JSON uses for them ({e.name}).\n"
        out += f"{name}: Dict[int, str] = {{{items}}}\n"
    return out, names


def types_file(api: API) -> str:
    structs = [s for s in api.structs.values() if s.kind != "record" or s.bindings]
    structs = [s for s in structs if s.kind != "nested" or api.structs[s.of].bindings]
    tables, table_names = enum_tables(api)
    names = [py_name(s) for s in structs] + list(python_enums(api)) + table_names
    mixins = sorted(f"{s.name}Mixin" for s in structs if s.python_mixin)
    out = BANNER + '"""The records and answers of the engine, as frozen dataclasses (conventions: ``_records``)."""\n\n'
    out += "from __future__ import annotations\n\nfrom dataclasses import dataclass\n"
    out += "from typing import Any, Dict, Optional, Tuple\nfrom uuid import UUID\n\n"
    out += "from ._records import " + ", ".join(mixins + ["_conv", "_Details", "_enum", "_extra", "_nested", "_Record", "_StrEnum",
                                                           "_tuple_of", "_tuple_of_enum", "_tuple_of_uuid"]) + "\n\n"
    out += "__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n\n" + tables
    for name, e in python_enums(api).items():
        out += f"\n\nclass {name}(_StrEnum):\n" + docstring(e.doc, "    ") + "\n"
        out += "".join(f'    {value.upper()} = "{value}"\n' for value in e.values)
    order = [s for s in structs if s.kind == "nested"] + [s for s in structs if s.kind == "details"]
    order += [s for s in structs if s.kind == "record"] + [s for s in structs if s.kind == "answer"]
    for s in order:
        out += "\n\n" + (details_class(api, s) if s.kind == "details" else record_class(api, s))
    return out


# ---------------------------------------------------------------------------------------------
# Exceptions
# ---------------------------------------------------------------------------------------------


def class_name(api: API, status) -> str:
    return status.python or pascal(status.short)


def errors_file(api: API) -> str:
    statuses = [s for s in api.statuses if s.value != 0]
    storage_base = next(s for s in statuses if s.storage)
    names = ["BoxOfficeError"] + [class_name(api, s) for s in statuses] + ["STATUS_CLASSES", "STATUS_NAMES", "error_for_status"]
    out = BANNER + '''"""Exceptions mirroring ``bo_status``.

Every failure of a library call raises the class of its status (one table, ``STATUS_CLASSES``).
Branch on the class or on ``.status``, never on the message: messages are for people and may
change between versions.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

from ._error_base import BoxOfficeError

'''
    out += "__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n\n"
    out += "#: bo_status values and their names (boxoffice.h), for statuses raised without a library call.\n"
    out += "STATUS_NAMES: Dict[int, str] = {\n" + "".join(f'    {s.value}: "{s.name}",\n' for s in api.statuses) + "}\n"
    for s in statuses:
        if s.storage and s is not storage_base:
            bases = [class_name(api, storage_base)]
        else:
            bases = ["BoxOfficeError"] + s.python_bases
        detail = s.detail
        if s is storage_base:
            detail += f" The base of the other storage statuses."
        out += f"\n\nclass {class_name(api, s)}({', '.join(bases)}):\n"
        out += docstring(f"{s.name} ({s.value}): {detail}", "    ")
    out += "\n\n#: Each bo_status and the class raised for it.\nSTATUS_CLASSES: Dict[int, Type[BoxOfficeError]] = {\n"
    out += "".join(f"    {s.value}: {class_name(api, s)},\n" for s in statuses) + "}\n"
    out += '''

def error_for_status(status: int, message: str, code_name: Optional[str] = None) -> BoxOfficeError:
    """The exception for a status (``BoxOfficeError`` itself for an unknown one)."""
    return STATUS_CLASSES.get(status, BoxOfficeError)(status, message, code_name)
'''
    return out


# ---------------------------------------------------------------------------------------------
# Prototypes
# ---------------------------------------------------------------------------------------------

PARAM_CTYPES = {
    "uuid": ["_uuid_p"], "uuid?": ["_uuid_p"], "actor": ["_uuid_p"], "string": ["_str"], "string?": ["_str"],
    "path": ["_str"], "json": ["_str"], "int64": ["c_int64"], "money": ["c_int64"], "duration": ["c_int64"], "time": ["c_int64"],
    "int32": ["c_int32"], "uint64": ["c_uint64"], "version": ["c_uint64"], "hold_items": ["POINTER(BoHoldItem)", "c_ssize_t"],
    "uuids": ["_uuid_p", "c_ssize_t"],
}
OUT_CTYPES = {
    "json": "_json_out", "hold_info": "POINTER(BoHoldInfo)", "checkin_result": "POINTER(BoCheckinResult)",
    "availability": "POINTER(POINTER(BoAvailability))", "int64": "POINTER(c_int64)", "int32": "POINTER(c_int32)",
    "bool": "POINTER(c_int32)", "uuid": "_uuid_p",
}
RAW_CTYPES = {
    "bo_status": "_status", "const char *": "_str", "char *": "POINTER(c_char)", "void *": "c_void_p",
    "bo_options *": "POINTER(BoOptions)", "const bo_options *": "POINTER(BoOptions)", "bo_engine *": "_engine",
    "bo_engine **": "POINTER(c_void_p)", "bo_error **": "_error_out", "bo_error *": "_error",
    "const bo_error *": "_error", "bo_uuid *": "_uuid_p", "const bo_uuid *": "_uuid_p",
    "bo_availability *": "POINTER(BoAvailability)", "int64_t": "c_int64",
}
RAW_RETURNS = {"bo_status": "_status", "int32_t": "c_int32", "void": "None", "const char *": "c_char_p",
               "char *": "c_void_p"}  # an owned string: string_at() reads it, bo_free() frees it


def argtypes(op: Operation) -> List[str]:
    if op.custom:
        return [RAW_CTYPES[p.c] for p in op.params]
    out = ["_engine"] if op.engine else []
    for p in op.params:
        out += PARAM_CTYPES[p.type]
    return out + [OUT_CTYPES[o.type] for o in op.outs] + ["_error_out"]


def version_number(api: API) -> int:
    major, minor, patch = api.version
    return major * 1_000_000 + minor * 1000 + patch


def regions(api: API) -> Dict[str, Dict[str, str]]:
    return {"bindings/python/pyproject.toml": {"version": 'version = "%d.%d.%d"\n' % api.version}}


def prototypes_file(api: API) -> str:
    out = BANNER + '"""The prototype of every function of boxoffice.h, for ctypes."""\n\n'
    out += "from __future__ import annotations\n\n"
    out += "from ctypes import POINTER, c_char, c_char_p, c_int, c_int32, c_int64, c_ssize_t, c_uint64, c_void_p\n"
    out += "from typing import Any, List, Tuple\n\n"
    out += "from ._structs import BoAvailability, BoCheckinResult, BoHoldInfo, BoHoldItem, BoOptions, BoUUID\n\n"
    out += f"#: BOXOFFICE_VERSION_NUMBER of the header this binding mirrors.\nHEADER_VERSION_NUMBER = {version_number(api)}\n\n"
    out += '''_status = c_int  # bo_status (an enum: int)
_engine = c_void_p  # bo_engine *
_error = c_void_p  # bo_error *
_error_out = POINTER(c_void_p)  # bo_error **
_json_out = POINTER(c_void_p)  # char ** (raw, for bo_free)
_uuid_p = POINTER(BoUUID)  # (const) bo_uuid *
_str = c_char_p  # const char *

#: (name, result type, argument types) of each function.
PROTOTYPES: List[Tuple[str, Any, List[Any]]] = [
'''
    for topic in api.topics:
        out += f"    # {topic.title}\n"
        for op in api.ops_in(topic.id):
            restype = RAW_RETURNS[op.returns]
            out += f'    ("{op.c}", {restype}, [{", ".join(argtypes(op))}]),\n'
    return out + "]\n"


# ---------------------------------------------------------------------------------------------
# Methods
# ---------------------------------------------------------------------------------------------

PARAM_HINT = {
    "uuid": "IdLike", "uuid?": "Optional[IdLike]", "actor": "Optional[IdLike]", "string": "Text",
    "string?": "Optional[Text]", "path": "PathLike", "int64": "int", "money": "int", "duration": "DurationLike", "time": "Optional[TimeLike]",
    "int32": "int",
    "uint64": "int", "version": "int", "hold_items": "HoldItems", "uuids": "Optional[Iterable[IdLike]]",
}
BOUNDS = {"int64": "_INT64", "money": "_INT64", "int32": "_INT32", "uint64": "_UINT64", "version": "_UINT64"}


def param_name(p: Param) -> str:
    if p.python:
        return p.python
    return {"actor": "actor", "json": "details"}.get(p.type, p.name)


def argument(api: API, p: Param, name: str) -> str:
    quoted = f'"{name}"'
    # A required value's None is refused in Python, naming the Python parameter (not the C one).
    if p.type == "uuid":
        return f"_required_id({name}, {quoted})"
    if p.type in ("uuid?", "actor"):
        return f"_id({name}, {quoted})"
    if p.type == "string":
        return f"_required_text({name}, {quoted})"
    if p.type == "string?":
        return f"_text({name}, {quoted})"
    if p.type == "path":
        return f"_path({name}, {quoted})"
    if p.type == "json":
        return f"_details({name}, {py_name(api.structs[p.of])}, {quoted})"
    if p.type in BOUNDS:
        return f"_int({name}, {quoted}, {BOUNDS[p.type]})"
    if p.type == "time":
        return f"_time({name}, {quoted})"
    if p.type == "duration":
        return f"_duration({name}, {quoted})"
    if p.type == "hold_items":
        return f"*hold_items({name})"
    if p.type == "uuids":
        return f"*_ids({name}, {quoted})"
    raise ValueError(p.type)


def out_spec(api: API, o) -> Tuple[str, str]:
    """(the Out expression, the Python type of its answer)."""
    if o.type == "json":
        t = Type.parse(o.of)
        cls = py_name(api.structs[t.base])
        if t.list:
            return f"JSONOut(_list_of({cls}))", f"List[{cls}]"
        return f"JSONOut({cls}._from_json)", cls
    if o.type == "hold_info":
        return "StructOut(BoHoldInfo, hold_info)", "HoldInfo"
    if o.type == "checkin_result":
        return "StructOut(BoCheckinResult, checkin_result)", "CheckInResult"
    if o.type == "availability":
        return "AvailabilityOut(availability)", "Availability"
    if o.type == "uuid":
        on_error = f'on_error="{o.name.removeprefix("out_")}"' if o.keep_on_error else ""
        return f"UUIDOut({on_error})", "UUID"
    ctype = "c_int64" if o.type == "int64" else "c_int32"
    convert = ", bool" if o.type == "bool" else ""
    fills = f', fills="{o.fills}"' if o.fills else ""
    return f"ScalarOut({ctype}{convert}{fills})", "bool" if o.type == "bool" else "int"


def translate(api: API, op: Operation, text: str) -> str:
    """An operation's doc in Python's words: its parameters' Python names, None, exception classes."""
    names = {p.name: param_name(p) for p in op.params}
    text = re.sub(r"`(\w+)`", lambda m: f"``{names.get(m.group(1), m.group(1))}``", text)
    text = text.replace("NULL", "None")
    statuses = {s.name: class_name(api, s) for s in api.statuses}
    return re.sub(r"\bBO_[A-Z_]+\b", lambda m: f"``{statuses[m.group(0)]}``" if m.group(0) in statuses else m.group(0), text)


def method(api: API, op: Operation) -> str:
    py = op.python
    flatten = py.get("flatten")
    positional: List[str] = []
    keyword: List[str] = []
    args: List[str] = []
    prelude = ""
    seen_default = False

    # Options (parameters with a default) are keyword-only, as Python APIs take them
    # (create_hold(event, items, ttl_ms=...)); when every parameter is optional (a lookup by id
    # or by slug) the first stays positional.
    all_optional = all(p.has_default or (p.nullable and not p.required_in_bindings) or p.type == "version"
                       for p in op.params if p.name != flatten)

    def add(signature: str, has_default: bool, kw_only: bool = False) -> None:
        nonlocal seen_default
        if kw_only or (has_default and not (all_optional and not positional)):
            keyword.append(signature)
            return
        if seen_default and not has_default:
            raise ValueError(f"{op.c}: Python parameter {signature} without a default follows one with a default")
        seen_default = seen_default or has_default
        positional.append(signature)

    for p in op.params:
        name = param_name(p)
        if p.name == flatten:
            details = api.structs[p.of]
            cls = py_name(details)
            for f in details.fields:
                if f.input_required:
                    add(f"{snake(f.name)}: {hint(api, f.type)}", False)
            kwargs = []
            for f in details.fields:
                field = snake(f.name)
                if not f.input_required:
                    if f.type.list:
                        keyword.append(f"{field}: Sequence[{hint(api, Type(f.type.base))}] = {literal(f.default)}")
                        kwargs.append(f'{field}=_sequence({field}, "{field}")')
                        continue
                    default = "None" if f.type.optional else literal(f.default)
                    keyword.append(f"{field}: {hint(api, f.type)} = {default}")
                kwargs.append(f"{field}={field}")
            prelude = f"        {name} = {cls}(\n" + "".join(f"            {k},\n" for k in kwargs) + "        )\n"
            args.append(argument(api, p, name))
            continue
        hint_text = py_name(api.structs[p.of]) if p.type == "json" else PARAM_HINT[p.type]
        if p.has_default:
            add(f"{name}: {hint_text} = {literal(p.default)}", True)
        elif p.type == "version":
            add(f"{name}: {hint_text} = 0", True)
        elif p.nullable and not p.required_in_bindings:
            add(f"{name}: {hint_text} = None", True)
        else:
            add(f"{name}: {hint_text}", False)
        args.append(argument(api, p, name))

    outs = [out_spec(api, o) for o in op.outs]
    answers = [spec for o, spec in zip(op.outs, outs) if not o.fills and not o.keep_on_error]
    returns = answers[-1][1] if answers else "None"
    if op.lookup:
        returns = f"Optional[{returns}]"
    signature = ["self"] + positional + (["*"] + keyword if keyword else [])
    doc = translate(api, op, py.get("doc") or op.doc)
    doc = sentence(doc)
    notes = []
    if op.role:
        notes.append("Actor: " + ("only the system (``actor`` None)" if op.role == "system" else f"{op.role} or above") + ".")
    raised = [(s, n) for s, n in c_statuses(api, op) if s not in ("BO_OK", "BO_MISUSE")]
    if op.lookup:
        raised = [(s, n) for s, n in raised if s != "BO_NOT_FOUND"]
        notes.append(f"Returns None when there is no such {op.lookup}.")
    if raised:
        named = {s.name: class_name(api, s) for s in api.statuses}
        notes.append("Raises " + ", ".join(f"``{named[s]}``" + (f" ({translate(api, op, n)})" if n else "") for s, n in raised) + ".")
    body = docstring(doc + ("\n\n" + " ".join(notes) if notes else ""), "        ")
    parts = [f"lib.{op.c}", f"({', '.join(args)}{',' if len(args) == 1 else ''})"]
    if outs:
        parts.append(f"({', '.join(spec for spec, _ in outs)},)")
    if op.lookup:
        parts.append("lookup=True")
    lead = "        return " if returns != "None" else "        "
    statement = f"{lead}self._invoke({', '.join(parts)})\n"
    if len(statement) > 111:
        parts[1] = "(\n" + "".join(f"                {a},\n" for a in args) + "            )"
        statement = f"{lead}self._invoke(\n" + "".join(f"            {p},\n" for p in parts) + "        )\n"
    line = f"    def {py['name']}({', '.join(signature)}) -> {returns}:\n"
    if len(line) > 101:
        line = f"    def {py['name']}(\n" + "".join(f"        {s},\n" for s in signature) + f"    ) -> {returns}:\n"
    return line + body + prelude + statement


def operations_file(api: API) -> str:
    out = BANNER + '''"""Every operation of the C API as a method of ``Engine`` (which adds opening, closing and
``_invoke``). Conventions: ids are ``uuid.UUID`` (their text is accepted too), times ``int`` ms since
the epoch, money ``int`` minor units. ``actor=None`` acts as the system; otherwise pass the id of the
user on whose behalf the call is made (C_API.md §3.9). Failures raise the ``BoxOfficeError``
subclass of their status; lookups return None when nothing is found. A required argument given as
None raises ``InvalidArgument``, as the library does for NULL."""

from __future__ import annotations

from ctypes import c_int32, c_int64
from typing import Any, Iterable, List, Optional, Sequence
from uuid import UUID

from ._hotpath import Availability, CheckInResult, HoldInfo, HoldItems, availability, checkin_result, hold_info, hold_items
from ._library import lib
from ._marshal import (
    _INT32,
    _INT64,
    _UINT64,
    AvailabilityOut,
    DurationLike,
    IdLike,
    JSONOut,
    PathLike,
    ScalarOut,
    StructOut,
    Text,
    TimeLike,
    UUIDOut,
    _details,
    _duration,
    _id,
    _ids,
    _int,
    _list_of,
    _path,
    _required_id,
    _required_text,
    _sequence,
    _time,
    _text,
)
from ._structs import BoCheckinResult, BoHoldInfo
from ._types import *  # noqa: F403 (the classes of every answer)


class Operations:
    """The methods of ``Engine`` generated from api/operations.toml, by topic."""

    def _invoke(self, function: Any, args: Any, outs: Any = (), lookup: bool = False) -> Any:
        raise NotImplementedError
'''
    for topic in api.topics:
        ops = [op for op in api.ops_in(topic.id) if op.bound]
        if not ops:
            continue
        out += f"\n    # -- {topic.title.lower()} " + "-" * (88 - len(topic.title)) + "\n"
        for op in ops:
            out += "\n" + method(api, op)
    return out


def files(api: API) -> Dict[str, str]:
    return {
        f"{PACKAGE}/_types.py": types_file(api),
        f"{PACKAGE}/_errors.py": errors_file(api),
        f"{PACKAGE}/_prototypes.py": prototypes_file(api),
        f"{PACKAGE}/_operations.py": operations_file(api),
    }
