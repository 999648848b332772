"""The generated part of the Go module (bindings/go): the statuses and sentinel errors
(status_gen.go), the record, details and answer structs with their enums (types_gen.go), and the
methods of *Engine (api_gen.go). The hand-written files they use: boxoffice.go (Open, call,
callJSON, cstring, detailsJSON, cuuid), errors.go (Error), types.go (Timestamp, Record, the
hot-path answers), hotpath.go (their conversions)."""

from __future__ import annotations

import re
import subprocess
from typing import Dict, List, Tuple

from c_header import statuses as c_statuses
from declarations import API, DeclarationError, Field, Operation, Param, Struct, Type
from names import camel, go_exported, go_local, pascal
from text import banner, sentence, wrap

MODULE = "bindings/go"
BANNER = banner("//", "api/*.toml")

SCALAR = {"uuid": "UUID", "string": "string", "int64": "int64", "money": "int64", "uint64": "uint64",
          "int32": "int32", "time": "Timestamp", "bool": "bool", "double": "float64"}
ZERO_DEFAULTS = ("", 0, False, [])


def go_enum_type(api: API, name: str) -> str:
    return api.enums[name].go.get("type", name)


def go_type(api: API, t: Type, f: Field = None) -> str:
    if t.base in SCALAR:
        base = SCALAR[t.base]
    elif t.base in api.enums:
        base = go_enum_type(api, t.base)
    else:
        base = api.structs[t.base].go
    if t.list:
        return "[]" + base
    if t.optional and base not in ("string",) and t.base not in api.enums:
        return "*" + base
    if f is not None and f.has_default and f.default not in ZERO_DEFAULTS and base == "bool":
        return "*bool"  # nil: the default (true)
    return base


def comment(text: str, indent: str = "") -> str:
    return wrap(text, indent + "// ") if text else ""


def go_literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def field_line(api: API, f: Field, details: bool) -> Tuple[str, str]:
    """(declaration, trailing comment) of a struct field."""
    t = go_type(api, f.type, f if details else None)
    omit = f.type.optional or (details and f.has_default) or f.json == "filled"
    tag = "-" if f.json == "filled" else camel(f.name) + (",omitempty" if omit else "")
    note = ""
    if details and f.has_default and f.default not in ZERO_DEFAULTS:
        note = f"nil = {go_literal(f.default)}" if t.startswith("*") else \
            f'"" = {go_literal(f.default)}' if t == "string" or f.type.base in api.enums else f"0 = {go_literal(f.default)}"
    elif f.type.optional and f.doc:
        note = f.doc.split(". ")[0].rstrip(".")
    return f"{go_exported(f.name)} {t} `json:\"{tag}\"`", note


def struct(api: API, s: Struct) -> str:
    details = s.kind == "details"
    out = comment(f"{s.go} is " + s.doc[0].lower() + s.doc[1:] if not s.doc.startswith(s.go) else s.doc)
    out += f"type {s.go} struct {{\n"
    fields = [f for f in s.fields if f.json != "export"] + s.computed
    if s.kind == "record" and s.entity_base:
        out += "\tRecord\n"
        fields = fields[3:]
    lines = [field_line(api, f, details) for f in fields]
    if s.kind == "record" and not s.entity_base:
        lines.append(('Version uint64 `json:"version"`', ""))
    width = max((len(d.split(" ")[0]) for d, _ in lines), default=0)
    type_width = max((len(d.split(" ")[1]) for d, _ in lines), default=0)
    tag_width = max((len(d.split(" ", 2)[2]) for d, n in lines if n), default=0)
    for decl, note in lines:
        name, typ, tag = decl.split(" ", 2)
        line = f"\t{name:<{width}} {typ:<{type_width}} {tag}"
        if note:
            line = f"\t{name:<{width}} {typ:<{type_width}} {tag:<{tag_width}} // {note}"
        out += line.rstrip() + "\n"
    return out + "}\n"


def enums(api: API) -> str:
    out = ""
    for e in api.enums.values():
        go = e.go.get("type", e.name)
        if go != "string":
            prefix = e.go["prefix"]
            out += "\n" + comment(f"{go} is " + e.doc[0].lower() + e.doc[1:]) + f"type {go} string\n\n"
            out += f"// The {go} values.\nconst (\n"
            width = max(len(prefix + pascal(v)) for v in e.values)
            out += "".join(f"\t{prefix + pascal(v):<{width}} {go} = \"{v}\"\n" for v in e.values) + ")\n"
        constants = e.c_constants()
        if constants and go != "string":
            var = go[0].lower() + go[1:] + ("es" if go.endswith("s") else "s")
            out += f"\n// {var} are the {go} values by their {e.c['type']} number.\n"
            out += f"var {var} = [...]{go}{{" + ", ".join(e.go["prefix"] + pascal(v) for _, _, v in constants) + "}\n"
        if constants and "go" in e.c:
            g = e.c["go"]
            out += "\n" + comment(f"{g['type']} is a {e.c['type']}: why a scan was rejected, or {g['prefix']}{pascal(g['none'])}.")
            out += f"type {g['type']} int32\n\n// The {e.c['type']} values.\nconst (\n"
            names = [g["prefix"] + pascal(value or g["none"]) for _, _, value in constants]
            width = max(len(n) for n in names)
            out += "".join(f"\t{n:<{width}} {g['type']} = {number}\n" for n, (_, number, _) in zip(names, constants)) + ")\n"
            strings = ", ".join(f'"{value or g["none"]}"' for _, _, value in constants)
            out += f"\nvar {g['type'][0].lower() + g['type'][1:]}Names = [...]string{{{strings}}}\n"
            out += f'\n// String returns the value as the JSON writes it ("{constants[1][2]}"), or "unknown".\n'
            out += f"func (r {g['type']}) String() string {{\n"
            out += f"\tif r >= 0 && int(r) < len({g['type'][0].lower() + g['type'][1:]}Names) {{\n"
            out += f"\t\treturn {g['type'][0].lower() + g['type'][1:]}Names[r]\n\t}}\n\treturn \"unknown\"\n}}\n"
    return out


def types_file(api: API) -> str:
    out = BANNER + "\npackage boxoffice\n" + enums(api)
    for kind in ("details", "nested", "record", "answer"):
        for s in api.of_kind(kind):
            if kind == "record" and not s.bindings:
                continue
            if kind == "nested" and not api.structs[s.of].bindings:
                continue
            out += "\n" + struct(api, s)
    # The library's messages name fields as JSON does (priceMinor); Go callers know them by their
    # Go names (PriceMinor): statusError rewrites them with this table.
    names = sorted({(camel(f.name), go_exported(f.name)) for st in api.of_kind("details") for f in st.fields})
    out += "\n// goFieldNames maps the JSON names of the details fields to their Go names.\nvar goFieldNames = map[string]string{\n"
    # Only names of several words: a one-word name ("title") reads the same in any language.
    out += "".join(f'\t"{j}": "{g}",\n' for j, g in names if j != j.lower()) + "}\n"
    return out


# ---------------------------------------------------------------------------------------------
# Statuses
# ---------------------------------------------------------------------------------------------


def status_const(s) -> str:
    return "Status" + go_exported(s.short)


def sentinel(s) -> str:
    return s.go_error or "Err" + go_exported(s.short)


def status_file(api: API) -> str:
    width = max(len(status_const(s)) for s in api.statuses)
    out = BANNER + "\npackage boxoffice\n\n// Status is a bo_status: the outcome of a library call. The values are stable.\ntype Status int32\n\n"
    out += "// The statuses of boxoffice.h.\nconst (\n"
    out += "".join(f"\t{status_const(s):<{width}} Status = {s.value:<2} // {s.summary}\n" for s in api.statuses) + ")\n\n"
    out += "var statusNames = map[Status]string{\n"
    out += "".join(f'\t{status_const(s) + ":":<{width + 1}} "{s.name}",\n' for s in api.statuses) + "}\n\n"
    storage = [status_const(s) for s in api.statuses if s.storage]
    out += "// IsStorage reports whether s is a storage status (" + ", ".join(s.name for s in api.statuses if s.storage) + ").\n"
    out += "func (s Status) IsStorage() bool {\n\tswitch s {\n\tcase " + ", ".join(storage) + ":\n\t\treturn true\n\t}\n\treturn false\n}\n\n"
    out += "// Sentinel errors, for errors.Is. Each matches the *Error values with its status.\nvar (\n"
    for s in api.statuses:
        if s.value == 0:
            continue
        out += comment(f"{sentinel(s)}: {s.name}. {s.detail}", "\t")
        out += f"\t{sentinel(s)} error = sentinel({status_const(s)})\n"
    return out + ")\n"


# ---------------------------------------------------------------------------------------------
# Methods
# ---------------------------------------------------------------------------------------------


def param_name(p: Param) -> str:
    if p.go:
        return p.go
    if p.type == "actor":
        return "actor"
    if p.type == "json":
        return "d"
    if p.type == "duration":
        return go_local(p.name.removesuffix("_ms"))
    return go_local(p.name)


def field_name(p: Param) -> str:
    name = param_name(p)
    return "Actor" if p.type == "actor" else go_exported(p.name.removesuffix("_ms") if p.type == "duration" else p.name)


GO_PARAM = {"uuid": "UUID", "uuid?": "*UUID", "actor": "*UUID", "string": "string", "string?": "string",
            "path": "string", "int64": "int", "money": "int64", "int32": "int", "uint64": "uint64", "version": "uint64",
            "duration": "time.Duration", "time": "time.Time", "hold_items": "[]HoldItem", "uuids": "[]UUID"}


def translate(api: API, op: Operation, text: str, names: Dict[str, str]) -> str:
    # An optional string is "" in Go, not nil: "`cursor` (NULL: the first page)" says so.
    for p in op.params:
        if p.type == "string?":
            text = text.replace(f"`{p.name}` (NULL", f'`{p.name}` (""')
    text = re.sub(r"`(\w+)`", lambda m: names.get(m.group(1), m.group(1)), text)
    text = text.replace("NULL", "nil")
    errors = {s.name: sentinel(s) for s in api.statuses}
    return re.sub(r"\bBO_[A-Z_]+\b", lambda m: errors.get(m.group(0), m.group(0)), text)


def go_doc(api: API, op: Operation, name: str, variant: dict, names: Dict[str, str]) -> str:
    text = translate(api, op, variant.get("doc") or op.doc, names)
    first, _, rest = text.partition(" ")
    if first in ("The", "One", "What", "Whether"):
        text = f"{name} returns " + text[0].lower() + text[1:]
    else:
        text = f"{name} " + text[0].lower() + text[1:]
    notes = []
    if op.role:
        notes.append("Actor: " + ("only the system (nil)" if op.role == "system" else f"{op.role} or above; nil is the system") + ".")
    errors = [(s, n) for s, n in c_statuses(api, op) if s not in ("BO_OK", "BO_MISUSE")]
    if errors:
        named = {s.name: sentinel(s) for s in api.statuses}
        notes.append("Errors: " + ", ".join(named[s] + (f" ({translate(api, op, n, names)})" if n else "") for s, n in errors) + ".")
    return comment(sentence(text) + (" " + " ".join(notes) if notes else ""))


def method(api: API, op: Operation, variant: dict) -> str:
    name = variant["name"]
    fixed = variant.get("fixed", {})
    required = set(variant.get("required", []))
    options = variant.get("options")
    option_params = set(options["params"]) if options else set()
    sig: List[str] = []
    prep: List[str] = []
    cargs: List[str] = []
    names: Dict[str, str] = {}
    for p in op.params:
        ref = f"opts.{field_name(p)}" if p.name in option_params else param_name(p)
        names[p.name] = ref
        if p.name in fixed:
            cargs.append(fixed[p.name])
            continue
        kind = p.type.rstrip("?") if p.name in required else p.type
        if p.name not in option_params:
            sig.append(f"{param_name(p)} {api.structs[p.of].go if kind == 'json' else GO_PARAM[kind]}")
        label = field_name(p) if p.name in option_params else param_name(p)
        c = "c" + go_exported(p.name.removesuffix("_ms"))
        if kind == "uuid":
            cargs.append(f"cuuid({ref})")
        elif p.type in ("uuid?", "actor"):
            cargs.append(f"optUUID({ref})")
        elif kind in ("string", "path"):
            prep.append(f'{c}, err := cstring(op, "{label}", {ref})\n\tif err != nil {{\n\t\treturn {{zero}}, err\n\t}}\n\tdefer C.free(unsafe.Pointer({c}))')
            cargs.append(c)
        elif p.type == "string?":
            prep.append(f'{c}, err := optCString(op, "{label}", {ref})\n\tif err != nil {{\n\t\treturn {{zero}}, err\n\t}}\n\tdefer C.free(unsafe.Pointer({c}))')
            cargs.append(c)
        elif p.type == "json":
            prep.append(f"{c}, err := detailsJSON(op, {ref})\n\tif err != nil {{\n\t\treturn {{zero}}, err\n\t}}\n\tdefer C.free(unsafe.Pointer({c}))")
            cargs.append(c)
        elif p.type in ("int64", "money"):
            cargs.append(f"C.int64_t({ref})")
        elif p.type == "int32":
            prep.append(f'{c}, err := cInt32(op, "{label}", {ref})\n\tif err != nil {{\n\t\treturn {{zero}}, err\n\t}}')
            cargs.append(c)
        elif p.type in ("uint64", "version"):
            cargs.append(f"C.uint64_t({ref})")
        elif p.type == "time":
            cargs.append(f"C.int64_t(timeMillis({ref}))")
        elif p.type == "duration" and p.name in option_params and p.has_default:
            cargs.append(f"C.int64_t(millisOr({ref}, {p.default}))")  # a zero option is the default
        elif p.type == "duration":
            cargs.append(f"C.int64_t(millis({ref}))")
        elif p.type == "hold_items":
            prep.append(f"{c}, {c}Count := cHoldItems({ref})")
            cargs += [c, f"{c}Count"]
        elif p.type == "uuids":
            prep.append(f"{c}, {c}Count := cUUIDs({ref})")
            cargs += [c, f"{c}Count"]
    if options:
        sig.append(f"opts {options['type']}")

    # Out-parameters: one JSON (through callJSON) or struct or scalar answer; the others fill it.
    decls, fills, json_out = [], [], None
    answer, zero, ret_type = None, "nil", None
    for o in op.outs:
        if o.type == "json":
            t = Type.parse(o.of)
            cls = api.structs[t.base].go
            json_out = o
            cargs.append("out")
            if t.list:
                decls.append(f"v := []{cls}{{}}")
                ret_type, zero = f"[]{cls}", "nil"
            else:
                decls.append(f"var v {cls}")
                ret_type, zero = cls, f"{cls}{{}}"
            answer = "v"
            continue
        var = go_local(o.name.removeprefix("out_"))
        if o.type == "hold_info":
            decls.append(f"var {var} C.bo_hold_info")
            cargs.append(f"&{var}")
            answer, ret_type, zero = f"holdInfo(&{var})", "HoldInfo", "HoldInfo{}"
        elif o.type == "checkin_result":
            decls.append(f"var {var} C.bo_checkin_result")
            cargs.append(f"&{var}")
            answer, ret_type, zero = f"checkInResult(&{var})", "CheckInResult", "CheckInResult{}"
        elif o.type == "availability":
            decls.append(f"var {var} *C.bo_availability")
            cargs.append(f"&{var}")
            fills.append(f"defer C.bo_availability_free({var})")
            answer, ret_type, zero = f"availability({var})", "Availability", "Availability{}"
        elif o.type == "uuid":
            cargs.append("nil")  # Go keeps no partial answer
        else:
            ctype = "C.int64_t" if o.type == "int64" else "C.int32_t"
            decls.append(f"var {var} {ctype}")
            cargs.append(f"&{var}")
            value = f"{var} != 0" if o.type == "bool" else f"int({var})"
            if o.fills:
                fills.append(f"v.{go_exported(o.fills)} = {value}")
            else:
                answer, ret_type, zero = value, "bool" if o.type == "bool" else "int", "false" if o.type == "bool" else "0"
    ret_type = ret_type or ""
    zero_value = zero if ret_type else ""
    call = f"C.{op.c}(h, " + "".join(a + ", " for a in cargs) + "perr)"
    body = [f'const op = "{name}"']
    body += [p.replace("{zero}", zero_value).replace("return , err", "return err") for p in prep]
    body += decls
    assign = "=" if any("err :=" in p for p in prep) else ":="
    if json_out:
        body.append(f"err {assign} e.callJSON(op, &v, func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {{\n\t\treturn {call}\n\t}})")
    else:
        body.append(f"err {assign} e.call(op, func(h *C.bo_engine, perr **C.bo_error) C.bo_status {{\n\t\treturn {call}\n\t}})")
    availability_free = [f for f in fills if f.startswith("defer")]
    for f in availability_free:
        var = f.split("(")[1].rstrip(")")
        body.append(f"if {var} != nil {{\n\t\t{f}\n\t}}")
    if ret_type:
        body.append(f"if err != nil {{\n\t\treturn {zero_value}, err\n\t}}")
        body += [f for f in fills if not f.startswith("defer")]
        body.append(f"return {answer}, nil")
    else:
        body.append("return err")
    result = f"({ret_type}, error)" if ret_type else "error"
    text = go_doc(api, op, name, variant, names)
    text += f"func (e *Engine) {name}({', '.join(sig)}) {result} {{\n"
    return text + "".join(f"\t{line}\n" for line in body) + "}\n"


def options_struct(api: API, op: Operation, options: dict) -> str:
    out = comment(options["doc"])
    out += f"type {options['type']} struct {{\n"
    lines = []
    for name in options["params"]:
        p = op.param(name)
        doc = p.doc or ("nil for the system, else the user acting" if p.type == "actor" else "")
        if p.type == "string?":
            doc = doc.replace("NULL", '""') if doc else '"" for none'
        if p.type == "duration" and p.has_default:
            doc += f"; zero: the default, {p.default} ms"
        lines.append((field_name(p), GO_PARAM[p.type], translate(api, op, doc, {})))
    width = max(len(n) for n, _, _ in lines)
    type_width = max(len(t) for _, t, _ in lines)
    for n, t, d in lines:
        out += f"\t{n:<{width}} {t:<{type_width}}" + (f" // {d}" if d else "") + "\n"
    return out + "}\n"


def api_file(api: API) -> str:
    out = BANNER + '''
package boxoffice

/*
#include <stdlib.h>
#include <boxoffice.h>
*/
import "C"

import (
	"time"
	"unsafe"
)

var _ = time.Duration(0)
var _ = unsafe.Pointer(nil)
'''
    for topic in api.topics:
        ops = [op for op in api.ops_in(topic.id) if op.go]
        if not ops:
            continue
        out += f"\n// {'-' * 93}\n// {topic.title}\n// {'-' * 93}\n"
        for op in ops:
            for variant in op.go:
                if variant.get("options"):
                    out += "\n" + options_struct(api, op, variant["options"])
                out += "\n" + method(api, op, variant)
    return out


def gofmt(text: str) -> str:
    """The text as gofmt lays it out (alignment of fields and comments is gofmt's)."""
    try:
        done = subprocess.run(["gofmt"], input=text, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise DeclarationError("gofmt is needed to generate the Go binding (apt-get install golang-go)") from None
    if done.returncode != 0:
        raise DeclarationError(f"generated Go does not parse:\n{done.stderr}")
    return done.stdout


def files(api: API) -> Dict[str, str]:
    return {
        f"{MODULE}/status_gen.go": gofmt(status_file(api)),
        f"{MODULE}/types_gen.go": gofmt(types_file(api)),
        f"{MODULE}/api_gen.go": gofmt(api_file(api)),
    }
