"""Include/boxoffice.h, grouped by topic as sqlite3.h is: the C types of
Sources/CBoxOfficeTypes/include/boxoffice_types.h (whose status and enum regions come from here
too), then each topic's functions with their documentation. scripts/check_exports.py checks that
the Swift exports have exactly these prototypes."""

from __future__ import annotations

import re
from typing import Dict, List

from declarations import API, Operation, Type
from text import article, sentence, wrap

TYPES_H = "Sources/CBoxOfficeTypes/include/boxoffice_types.h"

PARAM_C = {
    "uuid": "const bo_uuid *", "uuid?": "const bo_uuid *", "actor": "const bo_uuid *",
    "string": "const char *", "string?": "const char *", "path": "const char *", "json": "const char *",
    "int64": "int64_t ", "money": "int64_t ", "duration": "int64_t ", "time": "int64_t ", "int32": "int32_t ", "uint64": "uint64_t ", "version": "uint64_t ",
    "hold_items": "const bo_hold_item *", "uuids": "const bo_uuid *",
}
OUT_C = {
    "json": "char **", "hold_info": "bo_hold_info *", "checkin_result": "bo_checkin_result *",
    "availability": "bo_availability **", "int64": "int64_t *", "int32": "int32_t *", "bool": "int32_t *",
    "uuid": "bo_uuid *",
}
REQUIRED_POINTERS = {"uuid", "string", "path", "json", "hold_items", "uuids"}


def c_params(op: Operation) -> List[str]:
    """Each parameter as C declares it: "const bo_uuid *id"."""
    if op.custom:
        return [f"{p.c}{'' if p.c.endswith('*') else ' '}{p.name}" for p in op.params]
    out = ["bo_engine *engine"] if op.engine else []
    for p in op.params:
        out.append(PARAM_C[p.type] + p.name)
        if p.count:
            out.append(f"ptrdiff_t {p.count}")
    out += [OUT_C[o.type] + o.name for o in op.outs]
    return out + ["bo_error **out_error"]


def prototype(op: Operation, width: int = 100) -> str:
    head = f"{op.returns}{'' if op.returns.endswith('*') else ' '}{op.c}("
    params = c_params(op) or ["void"]
    lines, line = [], head
    for i, p in enumerate(params):
        piece = p + (", " if i < len(params) - 1 else ");")
        if len(line) + len(piece.rstrip()) > width and line.strip() != head.strip():
            lines.append(line.rstrip())
            line = " " * len(head)
        line += piece
    lines.append(line)
    return "\n".join(lines)


def statuses(api: API, op: Operation) -> List[tuple]:
    """(status, note) in the order the docs give them: BO_OK, the declared ones, BO_MISUSE, storage."""
    if op.returns != "bo_status":
        return []
    if op.custom and not any(p.c == "bo_error **" for p in op.params):
        return []  # its bo_status is the value it answers (bo_error_code), not how the call went
    listed = [(api.status(name).name, note) for name, note in op.statuses]
    needs_invalid = any(p.type in REQUIRED_POINTERS for p in op.params) or any(o.required for o in op.outs)
    if not op.custom and needs_invalid and "BO_INVALID_ARGUMENT" not in [s for s, _ in listed]:
        listed.append(("BO_INVALID_ARGUMENT", ""))
    out = [("BO_OK", "")] + listed
    if op.engine and not op.custom:
        out.append(("BO_MISUSE", ""))
    return out


def status_text(api: API, op: Operation, name=lambda s: s) -> str:
    parts = [name(s) + (f" ({note})" if note else "") for s, note in statuses(api, op)]
    if not parts:
        return ""
    storage = op.engine and not op.custom
    if storage:
        return "Returns " + ", ".join(parts) + " or a storage status."
    return "Returns " + (", ".join(parts[:-1]) + " or " + parts[-1] if len(parts) > 1 else parts[0]) + "."


ROLE_TEXT = {"system": "only the system (actor NULL)"}


def role_text(op: Operation) -> str:
    if not op.role:
        return ""
    return "Actor: " + ROLE_TEXT.get(op.role, f"{op.role} or above") + "."


def io_notes(api: API, op: Operation) -> List[str]:
    """What each JSON in and out is, and who frees it."""
    notes = []
    for p in op.params:
        if p.type == "json":
            notes.append(f"`{p.name}`: {article(p.of)} {p.of} object (C_API.md §4.1).")
        elif p.doc:
            notes.append(f"`{p.name}`: {p.doc}.")
    for o in op.outs:
        if o.type == "json":
            t = Type.parse(o.of)
            what = f"a JSON array of {t.base}" if t.list else f"the {t.base} as JSON"
            notes.append(f"`*{o.name}` (may be NULL) receives {what} (C_API.md §4.2); free it with bo_free().")
    return notes


def comment(api: API, op: Operation) -> str:
    text = sentence(op.doc)
    extra = [role_text(op)] + io_notes(api, op) + [status_text(api, op)]
    text += "\n\n" + " ".join(x for x in extra if x) if any(extra) else ""
    body = wrap(text.replace("`", ""), " * ")
    return "/**\n" + body + " */\n"


def types_section(api: API) -> str:
    text = api.text(TYPES_H)
    section = text[text.index("/* BEGIN TYPES") : text.index("/* END TYPES */")]
    section = section[section.index("\n") + 1 :]
    handles = re.search(r"/\* BEGIN HANDLES \*/\n(.*?)/\* END HANDLES \*/\n", section, re.S)
    incomplete = "".join(
        f"typedef struct {name} {name};\n" for name in re.findall(r"typedef struct (\w+) \{", handles.group(1)))
    section = section.replace(handles.group(0), incomplete)
    section = re.sub(r"/\* (BEGIN|END) GENERATED: [^\n]*\*/\n", "", section)
    return section.strip() + "\n"


HEADER = """\
/*
 * boxoffice.h: the C interface of libboxoffice, an embedded ticketing engine.
 *
 * GENERATED by `make generate` from the declarations in api/ and the C types of
 * Sources/CBoxOfficeTypes/include/boxoffice_types.h. Do not edit; change those and regenerate.
 *
 * Conventions (see docs/C_API.md):
 *  - Functions that can fail return a bo_status; BO_OK is 0 and BO_NOT_FOUND is an answer.
 *  - The last parameter, `out_error`, may be NULL; if not, every status other than BO_OK
 *    (BO_NOT_FOUND included) stores an error object there that the caller frees with
 *    bo_error_free(). bo_last_error_message() gives the calling thread's last message too.
 *  - "A storage status": any call that reads the file may return BO_STORAGE_FAILURE or
 *    BO_CORRUPT, and any that writes also BO_READ_ONLY, BO_FULL or BO_DISK_FULL.
 *  - Handles are opaque and checked: a closed one gives BO_MISUSE. Destructors accept NULL.
 *  - Strings are NUL-terminated UTF-8. Memory the library returns is freed with bo_free()
 *    or the bo_*_free() function named in the function's comment. Optional out-parameters
 *    may be NULL: the call does its work all the same.
 *  - The actor_id of a call is NULL for the system (the trusted host), else the user on whose
 *    behalf it is made; "Actor: manager or above" names the least role allowed.
 *  - Every function may be called from any thread, on the same handle at once.
 *  - ABI: within a major version functions are only added, and structs keep their size (new
 *    data goes into reserved fields, or new functions); bo_options carries its own version.
 */
#ifndef BOXOFFICE_H
#define BOXOFFICE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

"""

FOOTER = """
#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* BOXOFFICE_H */
"""


def rule(title: str) -> str:
    line = "/* " + "=" * 93 + "\n"
    return line + f" * {title}\n * " + "=" * 93 + " */\n"


def header(api: API) -> str:
    out = HEADER + types_section(api)
    for topic in api.topics:
        out += "\n" + rule(topic.title)
        for op in api.ops_in(topic.id):
            out += "\n" + comment(api, op) + prototype(op) + "\n"
    return out + FOOTER


# ---------------------------------------------------------------------------------------------
# The generated regions of boxoffice_types.h
# ---------------------------------------------------------------------------------------------


def status_enum(api: API) -> str:
    out = "typedef enum bo_status {\n"
    for i, s in enumerate(api.statuses):
        item = f"    {s.name} = {s.value}" + ("," if i < len(api.statuses) - 1 else "")
        out += f"{item:<36}/**< {s.summary} */\n"
    return out + "} bo_status;\n"


def enums(api: API) -> str:
    out = []
    for e in api.enums.values():
        constants = e.c_constants()
        if not constants:
            continue
        text = "/** " + sentence(e.doc) + " */\n" if len(e.doc) < 90 else "/**\n" + wrap(e.doc, " * ") + " */\n"
        text += f"typedef enum {e.c['type']} {{\n"
        text += ",\n".join(f"    {name} = {number}" for name, number, _ in constants) + "\n"
        out.append(text + f"}} {e.c['type']};\n")
    return "\n".join(out)


def files(api: API) -> Dict[str, str]:
    return {"Include/boxoffice.h": header(api)}


def regions(api: API) -> Dict[str, Dict[str, str]]:
    return {TYPES_H: {"statuses": status_enum(api), "enums": enums(api)}}
