"""Reads api/*.toml into checked objects. Everything a generator needs is here, resolved: a
generator never reads TOML, and a declaration that does not hold together fails here, with the
file and the name at fault."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

SCALARS = {"uuid", "string", "int64", "uint64", "int32", "bool", "time", "money", "double"}
NO_DEFAULT = object()


class DeclarationError(Exception):
    pass


def fail(where: str, message: str) -> DeclarationError:
    return DeclarationError(f"{where}: {message}")


ANY = object
TABLE = dict
LIST = list
TEXT = str


def strict(raw: Any, where: str, required: Dict[str, Any], optional: Dict[str, Any]) -> Dict[str, Any]:
    """`raw` after checking its keys against a shape ({key: type}): a misspelt key ("lookpu") or
    a value of the wrong type fails here, naming it, instead of being ignored or failing later."""
    if not isinstance(raw, dict):
        raise fail(where, f"expected a table {{ ... }}, not {raw!r}")
    known = {**required, **optional}
    for key in raw:
        if key not in known:
            close = difflib.get_close_matches(key, known, 1)
            hint = f"did you mean {close[0]}?" if close else f"known keys: {', '.join(known)}"
            raise fail(where, f"unknown key {key!r} ({hint})")
    for key in required:
        if key not in raw:
            raise fail(where, f"the key {key!r} is missing")
    for key, value in raw.items():
        kind = known[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if object not in kinds and (not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)):
            wanted = " or ".join(KIND_NAMES[k] for k in kinds)
            raise fail(where, f"{key} = {value!r} is not {wanted}")
    return raw


def _named(raw: Any, key: str) -> str:
    """What an entry is called in an error: its `key` (name, c, id), or itself if it is no table."""
    return str(raw.get(key)) if isinstance(raw, dict) else repr(raw)


KIND_NAMES = {str: "a string", int: "an integer", bool: "true or false", dict: "a table { ... }",
              list: "a list [ ... ]", object: "a value"}


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------


@dataclass
class Type:
    """A field's type: a scalar, an enum or a struct, maybe optional (`?`) or a list (`[T]`)."""

    base: str
    optional: bool = False
    list: bool = False

    @staticmethod
    def parse(text: str) -> "Type":
        optional = text.endswith("?")
        text = text.rstrip("?")
        if text.startswith("[") and text.endswith("]"):
            return Type(text[1:-1], optional, True)
        return Type(text, optional, False)

    def __str__(self) -> str:
        text = f"[{self.base}]" if self.list else self.base
        return text + ("?" if self.optional else "")

    @property
    def wire(self) -> str:
        """What the registry keeps of a field: the type without `?`, which only says whether
        a value may be absent and changes nothing stored."""
        return f"[{self.base}]" if self.list else self.base


@dataclass
class Field:
    name: str
    type: Type
    number: Optional[int] = None
    default: Any = NO_DEFAULT
    stored: Optional[str] = None  # "required": a record without it does not decode
    stored_default: Any = NO_DEFAULT
    json: str = "public"  # one of JSON_FORMS
    doc: str = ""
    check: Dict[str, Any] = field(default_factory=dict)
    details: bool = False
    swift: str = ""  # a computed field's Swift expression

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT

    @property
    def input_required(self) -> bool:
        """Required in a details object sent as JSON."""
        return not self.has_default and not self.type.optional


@dataclass
class Enum:
    name: str
    swift: str
    doc: str
    values: List[str]
    go: Dict[str, str]
    c: Optional[Dict[str, Any]]

    def c_constants(self) -> List[tuple]:
        """(C name, number, value or None) of its C enum: `none` (a missing value) is 0 and the
        values follow; else the values from 0."""
        if not self.c:
            return []
        rename = self.c.get("rename", {})
        prefix = self.c["prefix"]
        out = []
        if "none" in self.c:
            out.append((self.c["none"], 0, None))
        for value in self.values:
            out.append((rename.get(value, prefix + value.upper()), len(out), value))
        return out


@dataclass
class Index:
    name: str
    unique: bool
    key: List[str]
    when: Optional[str]


@dataclass
class Struct:
    """A record, a details struct, a nested value or an answer."""

    kind: str  # record | details | nested | answer
    name: str
    doc: str
    fields: List[Field]
    swift: str = ""
    of: Optional[str] = None
    python: str = ""
    go: str = ""
    table: str = ""
    entity: str = ""
    key: str = "id"
    computed: List[Field] = field(default_factory=list)
    indexes: List[Index] = field(default_factory=list)
    bindings: bool = True
    entity_base: bool = False  # id, createdAt and updatedAt first
    swift_generated: bool = True
    python_mixin: bool = False

    @property
    def stored_fields(self) -> List[Field]:
        return [f for f in self.fields if f.number is not None]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


ENTITY_BASE = [
    {"n": 1, "name": "id", "type": "uuid", "stored": "required"},
    {"n": 2, "name": "createdAt", "type": "time"},
    {"n": 3, "name": "updatedAt", "type": "time"},
]


# public: in every JSON; export: only in export/import files; filled: in no JSON, set by the binding
# from an out-parameter.
JSON_FORMS = ("public", "export", "filled")
FIELD_CHECKS = {"text": int, "empty": bool, "range": list, "count": int, "amount": bool, "currency": bool,
                "email": bool, "quantity": bool, "slug": bool, "timeZone": bool}


def _field(raw: Dict[str, Any], where: str) -> Field:
    strict(raw, where + (f" field {raw.get('name')}" if isinstance(raw, dict) else ""),
           {"name": str, "type": str},
           {"n": int, "default": ANY, "stored": str, "stored_default": ANY, "json": str, "doc": str, "check": dict,
            "details": bool, "swift": str})
    strict(raw.get("check", {}), f"{where} field {raw['name']} check", {}, FIELD_CHECKS)
    if raw.get("json", "public") not in JSON_FORMS:
        raise fail(where, f"field {raw['name']}: json = {raw['json']!r} is not one of {', '.join(JSON_FORMS)}")
    if raw.get("stored", "required") != "required":
        raise fail(where, f"field {raw['name']}: stored = {raw['stored']!r} is not \"required\"")
    return Field(
        name=raw["name"],
        type=Type.parse(raw["type"]),
        number=raw.get("n"),
        default=raw.get("default", NO_DEFAULT),
        stored=raw.get("stored"),
        stored_default=raw.get("stored_default", NO_DEFAULT),
        json=raw.get("json", "public"),
        doc=raw.get("doc", ""),
        check=raw.get("check", {}),
        details=raw.get("details", False),
        swift=raw.get("swift", ""),
    )


# ---------------------------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------------------------

PARAM_TYPES = {"uuid", "uuid?", "string", "string?", "path", "json", "int64", "money", "int32", "uint64", "version",
               "actor", "duration", "time", "hold_items", "uuids"}
OUT_TYPES = {"json", "hold_info", "checkin_result", "availability", "int64", "int32", "bool", "uuid"}


@dataclass
class Param:
    name: str
    type: str = ""
    c: str = ""  # a raw C type, for hand-written functions
    of: str = ""
    doc: str = ""
    default: Any = NO_DEFAULT
    count: str = ""
    python: str = ""
    go: str = ""
    required_in_bindings: bool = False

    @property
    def nullable(self) -> bool:
        return self.type.endswith("?") or self.type == "actor"

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT


@dataclass
class Out:
    name: str
    type: str
    of: str = ""
    value: str = "result"
    required: bool = False
    keep_on_error: bool = False
    fills: str = ""  # sets this field of the JSON answer (a field the JSON does not carry)


@dataclass
class Operation:
    c: str
    topic: str
    doc: str
    params: List[Param]
    outs: List[Out]
    swift: str
    engine: bool = True
    returns: str = "bo_status"
    role: str = ""
    statuses: List[tuple] = field(default_factory=list)  # (name, note)
    lookup: str = ""
    python: Dict[str, Any] = field(default_factory=dict)
    go: List[Dict[str, Any]] = field(default_factory=list)

    @property
    def custom(self) -> bool:
        return self.swift == "custom"

    @property
    def bound(self) -> bool:
        """Whether the bindings generate a method for it (hand-written ones have no `python`)."""
        return bool(self.python)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


@dataclass
class Status:
    value: int
    name: str
    summary: str
    detail: str
    storage: bool
    python: str
    python_bases: List[str]
    go_error: str

    @property
    def short(self) -> str:
        """"BO_SOLD_OUT" -> "SOLD_OUT"."""
        return self.name[3:]


@dataclass
class Topic:
    id: str
    title: str


@dataclass
class API:
    root: Path
    statuses: List[Status]
    enums: Dict[str, Enum]
    structs: Dict[str, Struct]
    topics: List[Topic]
    operations: List[Operation]
    currencies: Dict[str, int] = field(default_factory=dict)  # ISO 4217 code -> minor units
    schema_version: int = 1  # model.toml [schema]: versions after 1 have migrations in BoxOfficeMigrations
    # Hand-written files as generation leaves them (their generated regions filled in).
    filled: Dict[str, str] = field(default_factory=dict)

    def text(self, path: str) -> str:
        return self.filled.get(path) or (self.root / path).read_text()

    @property
    def records(self) -> List[Struct]:
        return [s for s in self.structs.values() if s.kind == "record"]

    def of_kind(self, kind: str) -> List[Struct]:
        return [s for s in self.structs.values() if s.kind == kind]

    def status(self, short: str) -> Status:
        for s in self.statuses:
            if s.short == short:
                return s
        raise KeyError(short)

    def kind(self, base: str) -> str:
        if base in SCALARS:
            return "scalar"
        if base in self.enums:
            return "enum"
        if base in self.structs:
            return self.structs[base].kind
        raise KeyError(base)

    def details_of(self, record: Struct) -> Optional[Struct]:
        for f in record.fields:
            if f.details:
                return self.structs[f.type.base]
        return None

    @property
    def version(self) -> tuple:
        """(major, minor, patch), declared once: BOXOFFICE_VERSION_* in boxoffice_types.h."""
        text = self.text("Sources/CBoxOfficeTypes/include/boxoffice_types.h")
        parts = dict(re.findall(r"#define BOXOFFICE_VERSION_(MAJOR|MINOR|PATCH|NUMBER) (\d+)", text))
        major, minor, patch = int(parts["MAJOR"]), int(parts["MINOR"]), int(parts["PATCH"])
        # C needs NUMBER as a literal (Swift imports it); it must follow from the three parts.
        if int(parts.get("NUMBER", -1)) != major * 1_000_000 + minor * 1000 + patch:
            raise fail("Sources/CBoxOfficeTypes/include/boxoffice_types.h",
                       f"BOXOFFICE_VERSION_NUMBER is {parts.get('NUMBER')}, not {major * 1_000_000 + minor * 1000 + patch}"
                       f" (MAJOR * 1000000 + MINOR * 1000 + PATCH)")
        return major, minor, patch

    def ops_in(self, topic: str) -> List[Operation]:
        return [op for op in self.operations if op.topic == topic]


# ---------------------------------------------------------------------------------------------
# Loading and checking
# ---------------------------------------------------------------------------------------------


def _toml(root: Path, name: str) -> Dict[str, Any]:
    try:
        return tomllib.loads((root / name).read_text())
    except tomllib.TOMLDecodeError as error:
        raise DeclarationError(f"{name}: {error}") from None


def load(root: Path) -> API:
    statuses_toml = strict(_toml(root, "api/statuses.toml"), "api/statuses.toml", {"status": list}, {})
    model = strict(_toml(root, "api/model.toml"), "api/model.toml", {"enum": dict, "record": list},
                   {"details": list, "nested": list, "answer": list, "schema": dict})
    ops = strict(_toml(root, "api/operations.toml"), "api/operations.toml", {"topic": list, "operation": list}, {})

    statuses = []
    for s in statuses_toml["status"]:
        where = f"api/statuses.toml status {_named(s, 'name')}"
        strict(s, where, {"value": int, "name": str, "summary": str},
               {"detail": str, "storage": bool, "python": str, "python_bases": list, "go_error": str})
        statuses.append(Status(
            value=s["value"], name=s["name"], summary=s["summary"], detail=s.get("detail", s["summary"]),
            storage=s.get("storage", False), python=s.get("python", ""), python_bases=s.get("python_bases", []),
            go_error=s.get("go_error", ""),
        ))

    enums = {}
    for name, e in model["enum"].items():
        where = f"api/model.toml enum {name}"
        strict(e, where, {"swift": str, "doc": str, "values": list}, {"go": dict, "c": dict})
        strict(e.get("go", {}), where + " go", {}, {"type": str, "prefix": str})
        if "c" in e:
            strict(e["c"], where + " c", {"type": str, "prefix": str}, {"none": str, "rename": dict, "go": dict})
            strict(e["c"].get("go", {}), where + " c.go", {}, {"type": str, "prefix": str, "none": str})
        enums[name] = Enum(name=name, swift=e["swift"], doc=e["doc"], values=e["values"], go=e.get("go", {}),
                           c=e.get("c"))

    structs: Dict[str, Struct] = {}

    def add(struct: Struct) -> None:
        if struct.name in structs or struct.name in enums:
            raise fail("api/model.toml", f"{struct.name} is declared twice")
        structs[struct.name] = struct

    for r in model["record"]:
        where = f"api/model.toml record {_named(r, 'name')}"
        strict(r, where, {"name": str, "doc": str, "table": str, "entity": str, "fields": list},
               {"base": str, "key": str, "computed": list, "indexes": list, "bindings": bool, "python_mixin": bool})
        if r.get("base", "entity") != "entity":
            raise fail(where, f"base = {r['base']!r} is not \"entity\"")
        for i in r.get("indexes", []):
            strict(i, f"{where} index {_named(i, 'name')}", {"name": str, "key": list},
                   {"unique": bool, "when": str})
        raw_fields = (ENTITY_BASE if r.get("base") == "entity" else []) + r["fields"]
        add(Struct(
            kind="record", name=r["name"], doc=r["doc"], swift=r["name"],
            fields=[_field(f, where) for f in raw_fields], table=r["table"], entity=r["entity"],
            key=r.get("key", "id"), computed=[_field(f, where) for f in r.get("computed", [])],
            indexes=[Index(i["name"], i.get("unique", False), i["key"], i.get("when")) for i in r.get("indexes", [])],
            bindings=r.get("bindings", True), python_mixin=r.get("python_mixin", False),
            entity_base=r.get("base") == "entity",
        ))
    for kind in ("details", "nested", "answer"):
        for s in model.get(kind, []):
            where = f"api/model.toml {kind} {_named(s, 'name')}"
            strict(s, where, {"name": str, "doc": str, "fields": list},
                   {"swift": (str, bool), "of": str, "python": str, "go": str, "python_mixin": bool})
            add(Struct(
                kind=kind, name=s["name"], doc=s["doc"], swift=s.get("swift") or s["name"],
                fields=[_field(f, where) for f in s["fields"]], of=s.get("of"),
                python=s.get("python", ""), go=s.get("go", ""),
                swift_generated=s.get("swift", True) is not False, python_mixin=s.get("python_mixin", False),
            ))
            if s.get("swift") is False:
                structs[s["name"]].swift = s["name"]
    for s in structs.values():
        s.python = s.python or s.name
        s.go = s.go or s.name

    topics = []
    for t in ops["topic"]:
        strict(t, f"api/operations.toml topic {_named(t, 'id')}", {"id": str, "title": str}, {})
        topics.append(Topic(t["id"], t["title"]))
    operations = [_operation(o) for o in ops["operation"]]

    schema = strict(model.get("schema", {"version": 1}), "api/model.toml schema", {"version": int}, {})
    if schema["version"] < 1:
        raise fail("api/model.toml schema", f"version {schema['version']} is below 1")
    api = API(root, statuses, enums, structs, topics, operations, currencies=_currencies(root),
              schema_version=schema["version"])
    _check(api)
    return api


def _currencies(root: Path) -> Dict[str, int]:
    where = "api/currencies.toml"
    units = strict(_toml(root, where), where, {"minor_units": dict}, {})["minor_units"]
    for code, digits in units.items():
        if not re.fullmatch(r"[A-Z]{3}", code) or not isinstance(digits, int) or isinstance(digits, bool) or not 0 <= digits <= 4:
            raise fail(where, f"{code} = {digits!r}: expected a three-letter code and 0 to 4 digits")
    return dict(sorted(units.items()))


def _statuses(raw: List[str]) -> List[tuple]:
    out = []
    for text in raw:
        name, _, note = text.partition(":")
        out.append((name.strip(), note.strip()))
    return out


RETURNS = ("bo_status", "void", "const char *", "char *", "int32_t")
DEFAULT_KINDS = {"int64": int, "money": int, "int32": int, "uint64": int, "duration": int, "time": int, "string": str, "string?": str}
PARAM_KEYS = {"type": str, "c": str, "of": str, "doc": str, "default": ANY, "count": str, "python": str, "go": str,
              "required_in_bindings": bool}
OUT_KEYS = {"of": str, "value": str, "required": bool, "keep_on_error": bool, "fills": str}
GO_VARIANT_KEYS = {"doc": str, "fixed": dict, "required": list, "options": dict}


def _operation(o: Dict[str, Any]) -> Operation:
    where = f"api/operations.toml {_named(o, 'c')}"
    strict(o, where, {"c": str, "topic": str, "doc": str, "swift": str},
           {"engine": bool, "returns": str, "role": str, "statuses": list, "lookup": str, "params": list, "outs": list,
            "python": dict, "go": (dict, list)})
    for p in o.get("params", []):
        strict(p, f"{where} parameter {_named(p, 'name')}", {"name": str}, PARAM_KEYS)
        if "type" not in p and "c" not in p:
            raise fail(where, f"parameter {p['name']} needs a type (or, in a custom export, a raw c type)")
    for x in o.get("outs", []):
        strict(x, f"{where} out-parameter {_named(x, 'name')}", {"name": str, "type": str},
               OUT_KEYS)
    if "python" in o:
        strict(o["python"], where + " python", {"name": str}, {"doc": str, "flatten": str})
    go = o.get("go", [])
    variants = go if isinstance(go, list) else [go]
    for v in variants:
        strict(v, where + " go", {"name": str}, GO_VARIANT_KEYS)
        if "options" in v:
            strict(v["options"], where + " go options", {"type": str, "doc": str, "params": list}, {})
    if not all(isinstance(text, str) for text in o.get("statuses", [])):
        raise fail(where, "statuses are strings: \"NAME\" or \"NAME: when\"")
    return Operation(
        c=o["c"], topic=o["topic"], doc=o["doc"], swift=o["swift"], engine=o.get("engine", True),
        returns=o.get("returns", "bo_status"), role=o.get("role", ""),
        statuses=_statuses(o.get("statuses", [])), lookup=o.get("lookup", ""),
        params=[Param(**p) for p in o.get("params", [])],
        outs=[Out(**x) for x in o.get("outs", [])],
        python=o.get("python", {}), go=variants,
    )


def _check(api: API) -> None:
    for s in api.structs.values():
        where = f"api/model.toml {s.kind} {s.name}"
        seen: Dict[int, str] = {}
        names = set()
        for f in s.fields + s.computed:
            if f.name in names:
                raise fail(where, f"field {f.name} is declared twice")
            names.add(f.name)
            try:
                api.kind(f.type.base)
            except KeyError:
                raise fail(where, f"field {f.name} has the unknown type {f.type.base}") from None
            if f.type.base in api.enums:
                for value in (f.default, f.stored_default):
                    if value is not NO_DEFAULT and value not in api.enums[f.type.base].values:
                        raise fail(where, f"{f.name}'s default {value!r} is not a {f.type.base}")
        for f in _number_space(api, s):
            if not 1 <= f.number <= 1023:
                raise fail(where, f"field {f.name} has the number {f.number}, outside 1...1023")
            if f.number in seen:
                raise fail(where, f"fields {seen[f.number]} and {f.name} share the number {f.number}")
            seen[f.number] = f.name
        if s.kind in ("record", "nested", "details") and any(f.number is None and not f.details for f in s.fields):
            raise fail(where, "every stored field needs a number (n)")
    for name, e in api.enums.items():
        _unique(f"api/model.toml enum {name}", "value", e.values)
    _unique("api/statuses.toml", "status number", [st.value for st in api.statuses])
    _unique("api/statuses.toml", "status name", [st.name for st in api.statuses])
    _unique("api/operations.toml", "C function", [op.c for op in api.operations])
    _unique("api/operations.toml", "Python method", [op.python["name"] for op in api.operations if op.python])
    _unique("api/operations.toml", "Go method", [v["name"] for op in api.operations for v in op.go])
    _unique("api/operations.toml", "topic", [t.id for t in api.topics])
    known_statuses = {st.short for st in api.statuses}
    topics = {t.id for t in api.topics}
    roles = set(api.enums["Role"].values) | {"system"}
    for op in api.operations:
        where = f"api/operations.toml {op.c}"
        if op.topic not in topics:
            raise fail(where, f"unknown topic {op.topic}")
        if op.role and op.role not in roles:
            raise fail(where, f"role = {op.role!r} is not one of {', '.join(sorted(roles))}")
        if op.returns not in RETURNS:
            raise fail(where, f"returns = {op.returns!r} is not one of {', '.join(RETURNS)}")
        _unique(where, "parameter", [p.name for p in op.params] + [p.count for p in op.params if p.count]
                + [o.name for o in op.outs])
        names = {p.name for p in op.params}
        for p in op.params:
            wanted = DEFAULT_KINDS.get(p.type)
            if p.has_default and wanted and (not isinstance(p.default, wanted) or isinstance(p.default, bool)):
                raise fail(where, f"parameter {p.name}'s default {p.default!r} is not a {p.type}")
        if op.python.get("flatten") and op.python["flatten"] not in names:
            raise fail(where, f"python flatten = {op.python['flatten']!r} is not a parameter")
        for v in op.go:
            used = list(v.get("fixed", {})) + v.get("required", []) + v.get("options", {}).get("params", [])
            for name in used:
                if name not in names:
                    raise fail(where, f"go {v['name']} names {name!r}, which is not a parameter")
        for name, _ in op.statuses:
            if name not in known_statuses:
                raise fail(where, f"unknown status {name}")
        for p in op.params:
            if not op.custom and p.type not in PARAM_TYPES:
                raise fail(where, f"parameter {p.name} has the unknown type {p.type!r}")
            if p.type == "json" and p.of not in api.structs:
                raise fail(where, f"parameter {p.name} is JSON of the unknown {p.of!r}")
        for out in op.outs:
            if out.type not in OUT_TYPES:
                raise fail(where, f"out-parameter {out.name} has the unknown type {out.type!r}")
            if out.type == "json" and Type.parse(out.of).base not in api.structs:
                raise fail(where, f"out-parameter {out.name} is JSON of the unknown {out.of!r}")


def _unique(where: str, what: str, items: List[Any]) -> None:
    seen = set()
    for item in items:
        if item in seen:
            raise fail(where, f"the {what} {item!r} is declared twice")
        seen.add(item)


def _number_space(api: API, s: Struct) -> List[Field]:
    """The fields whose numbers one stored value shares: a record's own and its details'."""
    if s.kind == "details":
        return []
    fields = list(s.stored_fields)
    if s.kind == "record":
        details = api.details_of(s)
        if details:
            fields += details.stored_fields
    return fields


def number_spaces(api: API) -> Dict[str, List[Field]]:
    """Every stored value's fields by number, keyed by the value's name (records and nested)."""
    return {s.name: _number_space(api, s) for s in api.structs.values() if s.kind in ("record", "nested")}
