"""The reference parts of docs/C_API.md: the status table (§3.1), the details tables (§4.1), the
answer table (§4.2), and in each function's section (§5) its prototype and its statuses. The prose
and the examples around them are written by hand; every declared function must have a section."""

from __future__ import annotations

import re
from typing import Dict, List

from c_header import prototype, statuses
from declarations import API, DeclarationError, Field, Struct
from text import wrap

PATH = "docs/C_API.md"

TYPE_WORDS = {"string": "string", "int64": "integer", "int32": "integer", "uint64": "integer", "bool": "boolean",
              "time": "integer (ms)", "money": "integer (minor units)", "uuid": "string (UUID)", "double": "number"}


def type_word(api: API, f: Field) -> str:
    base = "string" if f.type.base in api.enums else TYPE_WORDS.get(f.type.base, f.type.base)
    if f.type.base in api.structs:
        base = "object"
    return f"array of {base}s" if f.type.list else base


def rules(api: API, f: Field) -> str:
    c = f.check
    parts: List[str] = []
    if "count" in c:
        parts.append(f"≤ {c['count']} entries")
    if "text" in c and "count" in c:
        parts.append(f"each non-blank, ≤ {c['text']} bytes")
    elif "text" in c:
        parts.append(("" if c.get("empty") else "non-blank, ") + f"≤ {c['text']} bytes")
    if f.type.base == "time":
        parts.append("UTC ms from 1970 to 9999")
    if c.get("email"):
        parts.append("an email address, ASCII, ≤ 254 bytes: RFC 5322 dot-atoms (≤ 64 bytes) `@` a domain of two or more "
                     "labels of letters, digits and `-` (an internationalized domain in its `xn--` form)")
    if c.get("slug"):
        parts.append("1–64 of `a-z`, `0-9`, `-`")
    if c.get("currency"):
        parts.append('an ISO 4217 currency with a minor unit (`"EUR"`, `"JPY"`; `bo_currency_minor_units()`)')
    if c.get("timeZone"):
        parts.append('an IANA zone (`"Europe/Paris"`)')
    if c.get("amount"):
        parts.append("0–10¹²")
    if c.get("quantity"):
        parts.append("0–10⁹")
    if "range" in c:
        parts.append(f"{c['range'][0]}–{c['range'][1]}")
    if f.type.base in api.enums:
        parts.append(", ".join(f"`{v}`" for v in api.enums[f.type.base].values))
    text = "; ".join(parts)
    if f.doc:
        text = (text + ". " if text else "") + f.doc
    return text


def default_text(f: Field) -> str:
    if f.input_required:
        return "required"
    if f.type.optional:
        return "absent"
    value = f.default
    if isinstance(value, bool):
        return f"`{'true' if value else 'false'}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    if isinstance(value, list):
        return "`[]`"
    return f"`{value}`"


def details_tables(api: API) -> str:
    out = []
    for s in api.of_kind("details"):
        users = [op.c for op in api.operations if any(p.type == "json" and p.of == s.name for p in op.params)]
        # Details of a record are titled by its entity; an input of its own (PaymentEvent) by its name.
        title = api.structs[s.of].entity if s.of else s.name
        title = title[0].upper() + title[1:]
        text = f"**{title}** ({', '.join(f'`{u}`' for u in users)}). {s.doc}\n\n"
        text += "| key | type | required / default | rules |\n|---|---|---|---|\n"
        for f in s.fields:
            text += f"| `{f.name}` | {type_word(api, f)} | {default_text(f)} | {rules(api, f)} |\n"
        out.append(text)
    return "\n".join(out)


def keys(api: API, s: Struct) -> str:
    fields = [f for f in s.fields if f.json == "public"] + s.computed
    if s.kind == "record" and s.entity_base:
        fields = fields[3:]
    parts = []
    for f in fields:
        text = f"`{f.name}`" + ("?" if f.type.optional else "")
        notes = []
        if f.type.base in api.enums:
            notes.append(" or ".join(f"`{v}`" for v in api.enums[f.type.base].values))
        if f.type.base in api.structs:
            name = api.structs[f.type.base].name
            notes.append(f"[{name}]" if f.type.list else name)
        if f.doc:
            notes.append(f.doc[0].lower() + f.doc[1:].rstrip("."))
        parts.append(text + (" (" + "; ".join(notes) + ")" if notes else ""))
    if s.kind == "record" and not s.entity_base:
        parts.append("`version`")
    return " · ".join(parts)


def answers_table(api: API) -> str:
    rows = ["| object | keys |", "|---|---|"]
    for s in api.structs.values():
        if s.kind == "details" or (s.kind == "record" and not s.bindings):
            continue
        if s.kind == "nested" and not api.structs[s.of].bindings:
            continue
        rows.append(f"| **{s.name}** | {keys(api, s)} |")
    return "\n".join(rows) + "\n"


def statuses_table(api: API) -> str:
    rows = ["| value | status | meaning |", "|---:|---|---|"]
    rows += [f"| {s.value} | `{s.name}` | {s.detail} |" for s in api.statuses]
    return "\n".join(rows) + "\n"


def functions_table(api: API) -> str:
    """Every function by topic: what it does (the first sentence of its doc) and who may call it."""
    rows = ["| function | does | actor |", "|---|---|---|"]
    for topic in api.topics:
        rows.append(f"| **{topic.title}** | | |")
        for op in api.ops_in(topic.id):
            first = re.split(r"(?<!e\.g)\. (?=[A-Z])", op.doc)[0].rstrip(".") + "."
            role = {"": "", "system": "system only"}.get(op.role, f"{op.role} or above")
            rows.append(f"| `{op.c}` | {first} | {role} |")
    return "\n".join(rows) + "\n"


def status_paragraph(api: API, op) -> str:
    parts = [f"`{name}`" + (f" ({note})" if note else "") for name, note in statuses(api, op)]
    if op.engine and not op.custom:
        parts.append("storage")
    return wrap("**Statuses.** " + "; ".join(parts) + ".", "").rstrip("\n")


SECTION = re.compile(r"^#### (?P<names>bo_\w+(?:, bo_\w+)*)\n(?P<body>.*?)(?=^#{2,4} |\Z)", re.M | re.S)


def functions(api: API, text: str) -> str:
    """Rewrites each function section's prototype block and statuses paragraph."""
    by_name = {op.c: op for op in api.operations}
    documented = set()

    def section(m: re.Match) -> str:
        names = m.group("names").split(", ")
        unknown = [n for n in names if n not in by_name]
        if unknown:
            raise DeclarationError(f"{PATH}: section {', '.join(unknown)} is not in api/operations.toml")
        twice = [n for n in names if n in documented]
        if twice:
            raise DeclarationError(f"{PATH}: {', '.join(twice)} has two sections; keep one")
        documented.update(names)
        body = m.group("body")
        block = "```c\n" + "\n".join(prototype(by_name[n]) for n in names) + "\n```"
        # The prototype is the ```c block right under the heading; a section without one (a new
        # function's: a sentence and an example) gets it inserted, and its example stays.
        lead = re.match(r"\n*```c\n.*?```", body, flags=re.S)
        body = "\n" + block + (body[lead.end():] if lead else "\n\n" + body.lstrip("\n"))
        if len(names) == 1 and statuses(api, by_name[names[0]]):
            paragraph = status_paragraph(api, by_name[names[0]])
            body, count = re.subn(r"^\*\*Statuses\.\*\*.*?(?=\n\n|\n```|\Z)", lambda _: paragraph, body, count=1,
                                  flags=re.M | re.S)
            if count == 0:  # goes after the prose, before the first example
                example = body.find("\n```c", len(block) + 1)
                at = example + 1 if example >= 0 else len(body.rstrip("\n")) + 1
                body = body[:at].rstrip("\n") + "\n\n" + paragraph + "\n\n" + body[at:].lstrip("\n")
        return f"#### {m.group('names')}\n{body}"

    text = SECTION.sub(section, text)
    missing = [op.c for op in api.operations if op.c not in documented]
    if missing:
        raise DeclarationError(f"{PATH}: no section (#### name) for {', '.join(missing)}: say in a sentence what it does")
    return text


def version_block(api: API) -> str:
    major, minor, patch = api.version
    return ("```c\n"
            f"#define BOXOFFICE_VERSION_MAJOR {major}\n#define BOXOFFICE_VERSION_MINOR {minor}\n"
            f"#define BOXOFFICE_VERSION_PATCH {patch}\n"
            f"#define BOXOFFICE_VERSION_NUMBER {major * 1_000_000 + minor * 1000 + patch}"
            "   /* MAJOR * 1000000 + MINOR * 1000 + PATCH */\n"
            "int32_t bo_version_number(void);         /* the same number, of the library actually loaded */\n```\n")


def regions(api: API) -> Dict[str, Dict[str, str]]:
    return {PATH: {"statuses": statuses_table(api), "details": details_tables(api), "answers": answers_table(api),
                   "functions": functions_table(api), "version": version_block(api)}}


def rewrite(api: API, text: str) -> str:
    return functions(api, text)
