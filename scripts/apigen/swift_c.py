"""Swift for libboxoffice (Sources/BoxOfficeC): one @c export per declared operation, and the
conversions of statuses and enums to their C values. Each export opens the engine, converts its
arguments (a NULL or bad one is BO_INVALID_ARGUMENT naming it), calls the engine, and fills its
out-parameters; withStatus() turns whatever is thrown into the status."""

from __future__ import annotations

from typing import Dict, List

from declarations import API, Operation
from names import camel, pascal, swift_case
from text import banner, wrap

BANNER = banner("//", "api/operations.toml")

# The Swift type of each C parameter, and the statement converting it (None: used as it is).
PARAM = {
    "uuid": ("UnsafePointer<bo_uuid>?", 'try uuid({n}, "{n}")'),
    "uuid?": ("UnsafePointer<bo_uuid>?", "{n}.map {{ $0.pointee.uuid }}"),
    "actor": ("UnsafePointer<bo_uuid>?", "actor({n})"),
    "string": ("UnsafePointer<CChar>?", 'try string({n}, "{n}")'),
    "string?": ("UnsafePointer<CChar>?", 'try optionalString({n}, "{n}")'),
    "path": ("UnsafePointer<CChar>?", 'try string({n}, "{n}")'),
    "json": ("UnsafePointer<CChar>?", 'try jsonIn({n}, "{n}", as: {of}.self)'),
    "int64": ("Int64", None),
    "money": ("Int64", None),
    "duration": ("Int64", None),
    "time": ("Int64", None),
    "int32": ("Int32", None),
    "uint64": ("UInt64", None),
    "version": ("UInt64", "expected({n})"),
    "hold_items": ("UnsafePointer<bo_hold_item>?", 'try holdItems({n}, {count})'),
    "uuids": ("UnsafePointer<bo_uuid>?", 'try uuids({n}, {count}, "{n}")'),
}

OUT = {
    "json": "OutString?",
    "hold_info": "UnsafeMutablePointer<bo_hold_info>?",
    "checkin_result": "UnsafeMutablePointer<bo_checkin_result>?",
    "availability": "UnsafeMutablePointer<UnsafeMutablePointer<bo_availability>?>?",
    "int64": "UnsafeMutablePointer<Int64>?",
    "int32": "UnsafeMutablePointer<Int32>?",
    "bool": "UnsafeMutablePointer<Int32>?",
    "uuid": "UnsafeMutablePointer<bo_uuid>?",
}

# How each out-parameter receives its value `v`.
STORE = {
    "json": "try jsonOut({v}, {n})",
    "hold_info": "{n}.pointee = bo_hold_info({v})",
    "checkin_result": "{n}.pointee = bo_checkin_result({v})",
    "availability": "{n}.pointee = bo_availability.allocate({v})",
    "int64": "{n}.pointee = {v}",
    "int32": "{n}.pointee = {v}",
    "bool": "{n}.pointee = {v} ? 1 : 0",
    "uuid": "{n}.pointee = bo_uuid({v})",
}


def function_name(op: Operation) -> str:
    return "bo" + pascal(op.c[3:])


def export(api: API, op: Operation) -> str:
    args = ["_ engine: UnsafeMutablePointer<bo_engine>?"]
    body: List[str] = ["let engine = try open(engine)"]
    pre: List[str] = []
    for out in op.outs:
        if out.type == "availability":
            pre.append(f"{out.name}?.pointee = nil")
        if out.required:
            body.append(f'guard let {out.name} else {{ throw Failure.invalid("{out.name} is NULL") }}')
    for p in op.params:
        swift_type, convert = PARAM[p.type]
        args.append(f"_ {p.name}: {swift_type}")
        if p.count:
            args.append(f"_ {p.count}: Int")
        if convert:
            body.append(f"let {p.name} = " + convert.format(n=p.name, of=api.structs[p.of].swift if p.of else "",
                                                              count=p.count))
    for out in op.outs:
        args.append(f"_ {out.name}: {OUT[out.type]}")
    args.append("_ out_error: OutError?")
    if op.lookup:
        keys = ", ".join(p.name for p in op.params if p.type != "actor")
        body.append(f'guard let result = try {op.swift} else {{ throw Failure.notFound("{op.lookup}", lookedUpBy: {keys}) }}')
    elif op.outs:
        body.append(f"let result = try {op.swift}")
    else:
        body.append(f"try {op.swift}")
    for out in op.outs:
        store = STORE[out.type].format(n=out.name, v=out.value)
        body.append(store if out.required else f"if let {out.name} {{ {store} }}")
    text = wrap(op.doc, "/// ") + "/// (Declared in api/operations.toml; the header says more.)\n"
    text += f"@c({op.c})\npublic func {function_name(op)}(\n    " + ",\n    ".join(args) + "\n) -> bo_status {\n"
    text += "".join(f"    {line}\n" for line in pre)
    text += "    " + ("return " if pre else "") + "withStatus(out_error) {\n"
    text += "".join(f"        {line}\n" for line in body) + "    }\n}\n"
    return text


def exports_files(api: API) -> Dict[str, str]:
    out = {}
    for topic in api.topics:
        ops = [op for op in api.ops_in(topic.id) if not op.custom]
        if not ops:
            continue
        text = BANNER + f"// {topic.title}.\n\nimport BoxOffice\nimport CBoxOfficeTypes\n"
        for op in ops:
            text += "\n" + export(api, op)
        out[f"Sources/BoxOfficeC/Generated/{pascal(topic.id)}.swift"] = text
    return out


def statuses_file(api: API) -> str:
    text = banner("//", "api/statuses.toml") + "\nimport CBoxOfficeTypes\n\n"
    text += "/// Returns the name of a status, e.g. \"BO_SOLD_OUT\", as a static string (never freed), or\n"
    text += "/// \"BO_UNKNOWN\" for a value this library does not know.\n"
    text += "@c(bo_status_name)\npublic func boStatusName(_ status: bo_status) -> UnsafePointer<CChar> {\n"
    text += "    let name: StaticString = switch status {\n"
    for s in api.statuses:
        text += f'    case {s.name}: "{s.name}"\n'
    text += '    default: "BO_UNKNOWN"\n    }\n'
    text += "    return UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)\n}\n"
    return text


def enums_file(api: API) -> str:
    text = banner("//", "api/model.toml") + "\nimport BoxOffice\nimport CBoxOfficeTypes\n"
    for e in api.enums.values():
        constants = e.c_constants()
        if not constants:
            continue
        text += f"\nextension {e.swift} {{\n"
        if e.c and "none" in e.c:
            text += f"    /// Its {e.c['type']}; nil is {e.c['none']}.\n"
            text += "    static func cValue(_ value: Self?) -> Int32 {\n        switch value {\n"
            for name, _, value in constants:
                text += f"        case {'nil' if value is None else '.' + swift_case(value)}: Int32({name}.rawValue)\n"
        else:
            text += f"    /// Its {e.c['type']}.\n"
            text += "    var cValue: Int32 {\n        switch self {\n"
            for name, _, value in constants:
                text += f"        case .{swift_case(value)}: Int32({name}.rawValue)\n"
        text += "        }\n    }\n}\n"
    return text


def files(api: API) -> Dict[str, str]:
    out = exports_files(api)
    out["Sources/BoxOfficeC/Generated/StatusNames.swift"] = statuses_file(api)
    out["Sources/BoxOfficeC/Generated/Enums.swift"] = enums_file(api)
    return out
