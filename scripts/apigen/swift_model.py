"""Swift for the BoxOffice module: the records with their binary codecs and JSON, the details
structs with their input defaults and field checks, the enums, the schema with its typed index
handles, and BoxOfficeError.Code."""

from __future__ import annotations

import json
from typing import Dict, List

from declarations import API, NO_DEFAULT, Field, Index, Struct, Type
from names import camel, swift_case
from text import banner, wrap

SCALAR_SWIFT = {"uuid": "UUID", "string": "String", "int64": "Int64", "time": "Int64", "money": "Int64",
                "uint64": "UInt64", "int32": "Int32", "bool": "Bool", "double": "Double"}
ZERO = {"String": '""', "Int64": "0", "UInt64": "0", "Int32": "0", "Bool": "false"}
BANNER = banner("//", "api/model.toml")


def swift_type(api: API, t: Type) -> str:
    base = SCALAR_SWIFT.get(t.base) or (api.enums[t.base].swift if t.base in api.enums else api.structs[t.base].swift)
    text = f"[{base}]" if t.list else base
    return text + ("?" if t.optional else "")


def literal(api: API, t: Type, value) -> str:
    if t.base in api.enums:
        return "." + swift_case(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def doc(text: str, indent: str) -> str:
    return wrap(text, indent + "/// ") if text else ""


def properties(api: API, s: Struct, indent: str, defaults: bool = False) -> str:
    out = []
    for f in s.fields:
        initial = ""
        if defaults and f.has_default:
            initial = " = " + literal(api, f.type, f.default)
        out.append(doc(f.doc, indent) + f"{indent}public var {f.name}: {swift_type(api, f.type)}{initial}\n")
    return "".join(out)


def encoder(api: API, s: Struct, indent: str) -> str:
    lines = []
    for f in s.fields:
        if f.details:
            lines.append(f"{f.name}.encode(to: &w)")
        elif f.type.list:
            lines.append(f"w.write({f.number}, all: {f.name})")
        else:
            lines.append(f"w.write({f.number}, {f.name})")
    return "".join(f"{indent}{line}\n" for line in lines)


def decoder(api: API, s: Struct, indent: str) -> str:
    lines = []
    for f in s.fields:
        if f.details:
            lines.append(f"{f.name} = try {swift_type(api, f.type)}(from: r)")
        elif f.type.list:
            lines.append(f"{f.name} = try r.all({f.number})")
        elif f.stored == "required":
            lines.append(f'{f.name} = try r.required({f.number}, "{f.name}")')
        elif f.type.optional:
            lines.append(f"{f.name} = try r({f.number})")
        else:
            fallback = f.stored_default if f.stored_default is not NO_DEFAULT else f.default
            if fallback is NO_DEFAULT:
                zero = ZERO.get(swift_type(api, f.type))
                if zero is None:
                    raise ValueError(f"{s.name}.{f.name} needs `stored`, `default` or `stored_default`")
                rendered = zero
            else:
                rendered = literal(api, f.type, fallback)
            lines.append(f"{f.name} = try r({f.number}) ?? {rendered}")
    return "".join(f"{indent}{line}\n" for line in lines)


# ---------------------------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------------------------


def enum(api: API, name: str) -> str:
    e = api.enums[name]
    owner, _, local = e.swift.rpartition(".")
    cases = []
    for value in e.values:
        case = swift_case(value)
        cases.append(f"case {case}" if camel(value) == value else f'case {case} = "{value}"')
    body = doc(e.doc, "    ") + (f"    public enum {local}: String, RecordField, Codable, Sendable, DeclaredEnum {{\n"
                                   + "".join(f"        {c}\n" for c in cases) + "    }\n")
    return f"extension {owner} {{\n{body}}}\n"


def record(api: API, s: Struct) -> str:
    key = s.field(s.key)
    out = doc(s.doc, "") + f"public struct {s.name}: Record, Equatable, Codable {{\n"
    out += properties(api, s, "    ")
    out += "    public var version: UInt64 = 0\n"
    out += f"    public var primaryKey: {swift_type(api, key.type)} {{ {key.name} }}\n"
    for c in s.computed:
        out += doc(c.doc, "    ") + f"    public var {c.name}: {swift_type(api, c.type)} {{ {c.swift} }}\n"
    out += "\n    public func encode(to w: inout RecordWriter) {\n" + encoder(api, s, "        ") + "    }\n"
    out += "\n    public init(from r: RecordReader) throws {\n" + decoder(api, s, "        ") + "    }\n}\n"
    out += f'\nextension {s.name}: Entity {{\n    public static let entityName = "{s.entity}"\n}}\n'
    if s.computed or any(f.json != "public" for f in s.fields):
        out += json_form(api, s)
    return out


def json_form(api: API, s: Struct) -> str:
    """Codable by hand for a record whose JSON differs from its fields: computed keys are added,
    and export-only fields are written only into export files (CodingUserInfoKey.exportForm)."""
    public = [f for f in s.fields if f.json == "public"]
    export = [f for f in s.fields if f.json == "export"]
    keys = [f.name for f in public] + ["version"] + [c.name for c in s.computed] + [f.name for f in export]
    out = f"\nextension {s.name} {{\n"
    out += f"    private enum CodingKeys: String, CodingKey {{ case {', '.join(keys)} }}\n\n"
    out += "    public func encode(to encoder: any Encoder) throws {\n"
    out += "        var c = encoder.container(keyedBy: CodingKeys.self)\n"
    for name in [f.name for f in public] + ["version"] + [c.name for c in s.computed]:
        field = next((f for f in public if f.name == name), None)
        method = "encodeIfPresent" if field and field.type.optional else "encode"
        out += f"        try c.{method}({name}, forKey: .{name})\n"
    if export:
        out += "        if encoder.userInfo[.exportForm] as? Bool == true {\n"
        for f in export:
            method = "encodeIfPresent" if f.type.optional else "encode"
            out += f"            try c.{method}({f.name}, forKey: .{f.name})\n"
        out += "        }\n"
    out += "    }\n\n"
    out += "    public init(from decoder: any Decoder) throws {\n"
    out += "        let c = try decoder.container(keyedBy: CodingKeys.self)\n"
    for f in public + [Field("version", Type("uint64"))] + export:
        t = swift_type(api, f.type)
        if f.type.optional:
            out += f"        {f.name} = try c.decodeIfPresent({t.rstrip('?')}.self, forKey: .{f.name})\n"
        else:
            out += f"        {f.name} = try c.decode({t}.self, forKey: .{f.name})\n"
    out += "    }\n}\n"
    return out


def nested(api: API, s: Struct) -> str:
    owner, _, local = s.swift.rpartition(".")
    body = doc(s.doc, "    ") + f"    public struct {local}: RecordCodable, Equatable, Codable, Sendable {{\n"
    body += properties(api, s, "        ", defaults=True)
    body += "\n        public func encode(to w: inout RecordWriter) {\n" + encoder(api, s, "            ") + "        }\n"
    body += "\n        public init(from r: RecordReader) throws {\n" + decoder(api, s, "            ") + "        }\n"
    body += "\n        /// Reads JSON: required fields must be present; the others take their defaults.\n"
    body += "        public init(from decoder: any Decoder) throws {\n            let c = try JSONFields(decoder)\n"
    body += "".join(f"            {f.name} = {json_read(api, f)}\n" for f in s.fields) + "        }\n    }\n"
    return f"extension {owner} {{\n{body}}}\n"


def json_read(api: API, f: Field) -> str:
    """How JSON input reads a field: required fields must be there; the others take the declared defaults."""
    if f.has_default:
        return f'try c.value("{f.name}", {literal(api, f.type, f.default)})'
    if f.type.optional:
        return f'try c.optional("{f.name}")'
    return f'try c.required("{f.name}")'



def details(api: API, s: Struct) -> str:
    out = doc(s.doc, "") + f"public struct {s.name}: Equatable, Codable, Sendable {{\n"
    out += properties(api, s, "    ")
    params = []
    for f in s.fields:
        default = ""
        if f.has_default:
            default = " = " + literal(api, f.type, f.default)
        elif f.type.optional:
            default = " = nil"
        params.append(f"{f.name}: {swift_type(api, f.type)}{default}")
    out += "\n    public init(" + ", ".join(params) + ") {\n"
    out += "".join(f"        self.{f.name} = {f.name}\n" for f in s.fields) + "    }\n"
    out += "\n    func encode(to w: inout RecordWriter) {\n" + encoder(api, s, "        ") + "    }\n"
    out += "\n    init(from r: RecordReader) throws {\n" + decoder(api, s, "        ") + "    }\n"
    # JSON input: required fields must be there; the others take the declared defaults.
    args = [f"{f.name}: {json_read(api, f)}" for f in s.fields]
    out += "\n    /// Reads JSON input: required fields must be present; the others take their defaults.\n"
    out += "    public init(from decoder: any Decoder) throws {\n        let c = try JSONFields(decoder)\n"
    out += "        self.init(" + ",\n                  ".join(args) + ")\n    }\n"
    checks = [line for f in s.fields for line in field_checks(f)]
    out += "\n    /// The checks of each field on its own; rules between fields are the engine's.\n"
    out += "    func checkFields() throws {\n" + "".join(f"        {c}\n" for c in checks) + "    }\n}\n"
    return out


def field_checks(f: Field) -> List[str]:
    """Calls of Validate (Engine/Validation.swift) for a field's `check` declaration."""
    c = f.check
    if not c and f.type.base != "time":
        return []
    value = "$0" if f.type.list else ("value" if f.type.optional else f.name)
    calls = []
    if f.type.base == "time":  # every time a caller gives: 1970 to 9999, so sums with it cannot overflow
        calls.append(f'try Validate.time({value}, "{f.name}")')
    if "text" in c:
        calls.append(f'try Validate.text({value}, "{f.name}", max: {c["text"]}' + (", allowEmpty: true)" if c.get("empty") else ")"))
    for name in ("email", "slug", "currency", "timeZone", "amount", "quantity"):
        if c.get(name):
            calls.append(f'try Validate.{name}({value}, "{f.name}")')
    if "range" in c:
        low, high = c["range"]
        calls.append(f'try Validate.range({value}, "{f.name}", {low}...{high})')
    if f.type.list:
        out = [f'try Validate.count({f.name}, "{f.name}", max: {c["count"]})'] if "count" in c else []
        return out + [f"try {f.name}.forEach {{ {call} }}" for call in calls]
    if f.type.optional:
        return [f"if let value = {f.name} {{ {call} }}" for call in calls]
    return calls


def answer(api: API, s: Struct) -> str:
    out = doc(s.doc, "") + f"public struct {s.name}: Encodable, Equatable, Sendable {{\n"
    out += properties(api, s, "    ")
    params = ", ".join(f"{f.name}: {swift_type(api, f.type)}" + (" = nil" if f.type.optional else "") for f in s.fields)
    out += f"\n    public init({params}) {{\n" + "".join(f"        self.{f.name} = {f.name}\n" for f in s.fields)
    return out + "    }\n}\n"


def model_file(api: API) -> str:
    parts = [BANNER, "import BoxOfficeStore\nimport FoundationEssentials\n"]
    for name in api.enums:
        parts.append(enum(api, name))
    for s in api.structs.values():
        if s.kind == "record":
            parts.append(record(api, s))
        elif s.kind == "details":
            parts.append(details(api, s))
        elif s.kind == "nested":
            parts.append(nested(api, s))
        elif s.kind == "answer" and s.swift_generated:
            parts.append(answer(api, s))
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------------------------


def optional_component(api: API, s: Struct, component: str) -> bool:
    """Whether a key component (a field, or a path into a details struct such as
    "details.validUntil") reads an optional field; a computed one (with "()") never does."""
    if "(" in component:
        root = component.split(".")[0].split("(")[0]
        return s.field(root).type.optional
    struct = s
    *path, last = component.split(".")
    for name in path:
        field = struct.field(name)
        if field.type.base not in api.structs:  # a property of a scalar or enum: status.rawValue
            return field.type.optional
        struct = api.structs[field.type.base]
    return struct.field(last).type.optional


def index_key(api: API, s: Struct, index: Index) -> str:
    """The key closure of an index: nil (no entry) when `when` is false or an optional
    component is nil."""
    guards, parts = [], []
    if index.when:
        guards.append(f"r.{index.when}")
    for component in index.key:
        if optional_component(api, s, component):
            name = component.split(".")[-1].split("(")[0] if "(" not in component else component.split(".")[0].split("(")[0]
            guards.append(f"let {name} = r.{component if '(' not in component else name}")
            parts.append(component.split(".")[-1] if "(" not in component else component)
        else:
            parts.append("r." + component)
    key = f"Key({', '.join(parts)})"
    if not guards:
        return f"{{ r in {key} }}"
    return f"{{ r in\n            guard {', '.join(guards)} else {{ return nil }}\n            return {key}\n        }}"


def table_property(s: Struct) -> str:
    return camel(s.table)


def schema_file(api: API) -> str:
    out = BANNER + "import BoxOfficeStore\n\n"
    out += "/// BoxOffice's tables and indexes (api/model.toml). The version is model.toml's `[schema]`; the\n"
    out += "/// migrations to each version after 1 are written by hand in `BoxOfficeMigrations`.\npublic enum BoxOfficeSchema {\n"
    for s in api.records:
        handles = ", ".join("." + camel(i.name) for i in s.indexes)
        out += f'    public static let {table_property(s)} = TableDefinition<{s.name}>("{s.table}", indexes: [{handles}])\n'
    out += f"\n    public static let current = Schema(version: {api.schema_version}, tables: [\n"
    out += "".join(f"        {table_property(s)},\n" for s in api.records)
    out += "    ]" + (", migrations: BoxOfficeMigrations.all" if api.schema_version > 1 else "") + ")\n\n"
    out += "    /// The field each unique index keeps unique, by \"table.index\" (\"users.org_email\" -> \"email\"), so\n"
    out += "    /// that a duplicate names what the caller gave.\n"
    out += "    static let uniqueFields: [String: String] = [\n"
    out += "".join(f'        "{s.table}.{i.name}": "{[p for p in i.key[-1].split(".") if not p.endswith("()")][-1]}",\n'
                   for s in api.records for i in s.indexes if i.unique)
    out += "    ]\n\n"
    out += "    /// The entity each table holds (\"ticket_types\" -> \"ticket type\"), for errors the store raises.\n"
    out += "    static let entityNames: [String: String] = [\n"
    out += "".join(f'        "{s.table}": {s.name}.entityName,\n' for s in api.records) + "    ]\n\n"
    out += "    /// The index definitions behind the handles below.\n    enum Indexes {\n"
    for s in api.records:
        for i in s.indexes:
            kind = "unique" if i.unique else "nonUnique"
            out += f'        static let {table_property(s)}{camel(i.name)[0].upper() + camel(i.name)[1:]} = IndexDefinition<{s.name}>.{kind}("{i.name}") {index_key(api, s, i)}\n'
    out += "    }\n}\n"
    for s in api.records:
        if not s.indexes:
            continue
        out += f"\n/// The indexes of {s.table}, for `tables.{table_property(s)}.lookup(.{camel(s.indexes[0].name)}, ...)`.\n"
        out += f"extension IndexDefinition where R == {s.name} {{\n"
        for i in s.indexes:
            handle = camel(i.name)
            out += f"    static var {handle}: Self {{ BoxOfficeSchema.Indexes.{table_property(s)}{handle[0].upper() + handle[1:]} }}\n"
        out += "}\n"
    out += "\n/// The opened tables of an engine.\nstruct Tables: Sendable {\n"
    out += "".join(f"    let {table_property(s)}: Table<{s.name}>\n" for s in api.records)
    out += "\n    init(_ store: Store) throws {\n"
    out += "".join(f"        {table_property(s)} = try store.table(BoxOfficeSchema.{table_property(s)})\n" for s in api.records)
    out += "    }\n\n    /// Every table, read and written as JSON by name (dump, get, export, import).\n"
    out += "    var json: [any JSONTable] {\n        [\n"
    out += "".join(f"            TypedJSONTable(table: {table_property(s)}),\n" for s in api.records)
    out += "        ]\n    }\n}\n"
    return out


# ---------------------------------------------------------------------------------------------
# Error codes
# ---------------------------------------------------------------------------------------------


def codes_file(api: API) -> str:
    out = banner("//", "api/statuses.toml") + "\n"
    out += "extension BoxOfficeError {\n"
    out += "    /// Stable numeric codes, shared with the C ABI's `bo_status` and every binding.\n"
    out += "    public enum Code: Int32, Sendable, CaseIterable, Codable {\n"
    for s in api.statuses:
        if s.value == 0:
            continue
        out += doc(s.detail, "        ") + f"        case {camel(s.short)} = {s.value}\n"
    out += "    }\n}\n"
    return out


def defaults_file(api: API) -> str:
    """The parameters' defaults (`default` in api/operations.toml), for the engine's Swift API to
    share with the bindings."""
    from names import pascal

    out = banner("//", "api/operations.toml") + "\n/// The defaults of operations' parameters, the same in Swift and in every binding.\n"
    out += "public enum APIDefaults {\n"
    types = {"duration": "Int64", "int64": "Int64", "money": "Int64", "int32": "Int", "uint64": "UInt64"}
    for op in api.operations:
        for p in op.params:
            if p.has_default and p.type in types:
                name = camel(op.c[3:]) + pascal(p.name)
                out += f"    /// {op.c}'s `{p.name}`.\n    public static let {name}: {types[p.type]} = {p.default}\n"
    return out + "}\n"


def currencies_file(api: API) -> str:
    pairs = [f'"{code}": {digits}' for code, digits in api.currencies.items()]
    rows = ",\n".join("        " + ", ".join(pairs[i:i + 10]) for i in range(0, len(pairs), 10))
    return (banner("//", "api/currencies.toml") + "extension Currency {\n"
            "    /// ISO 4217's minor units by currency code (api/currencies.toml).\n"
            f"    static let minorUnitsByCode: [String: Int] = [\n{rows},\n    ]\n}}\n")


def files(api: API) -> Dict[str, str]:
    return {
        "Sources/BoxOffice/Generated/APIDefaults.swift": defaults_file(api),
        "Sources/BoxOffice/Generated/Model.swift": model_file(api),
        "Sources/BoxOffice/Generated/Schema.swift": schema_file(api),
        "Sources/BoxOffice/Generated/ErrorCodes.swift": codes_file(api),
        "Sources/BoxOffice/Generated/Currencies.swift": currencies_file(api),
        "Sources/BoxOffice/Generated/Version.swift": BANNER + "extension Engine {\n"
        "    /// The engine's version: the C library's BOXOFFICE_VERSION_* (boxoffice_types.h).\n"
        '    public static let version = "%d.%d.%d"\n}\n' % api.version,
    }
