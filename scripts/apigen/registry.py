"""The registry, api/registry.txt: every number that reaches a data file or the C ABI, with what
it was given to. Lines are only ever appended:
- a stored field's number keeps its name and type: records on disk hold the old field under it,
  and RecordReader would read it as a new one;
- an enum keeps its values, in their places: records store the value's name, and a C enum
  numbers its constants by place;
- a status number keeps its name: hosts compare codes by number.
A declaration that breaks one of these fails, and so does a registry that lost a line it had in
the last commit."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Tuple

from declarations import API, DeclarationError, number_spaces

PATH = "api/registry.txt"
HEADER = """\
# Every number that reaches a data file or the C ABI, one per line. Written by `make generate`,
# which only appends; never edit or delete a line. A number stays taken after its thing is gone.
#   field VALUE NUMBER NAME TYPE   a stored field (records keep it under NUMBER)
#   enum ENUM PLACE VALUE          an enum's value (stored by name; C constants numbered by place)
#   status NUMBER NAME             a status code
"""

# The words of a line that identify it; the rest is what it was given to.
KEY_WORDS = {"field": 3, "enum": 3, "status": 2}
WORDS = {"field": 5, "enum": 4, "status": 3}

Key = Tuple[str, ...]


def read(text: str, name: str) -> Dict[Key, Tuple[str, ...]]:
    entries: Dict[Key, Tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        words = line.split()
        if words[0] not in WORDS or len(words) != WORDS[words[0]]:
            raise DeclarationError(f"{name}:{number}: expected a field, enum or status line as the header says, "
                                   f"not {line!r}")
        key = tuple(words[:KEY_WORDS[words[0]]])
        if key in entries:
            raise DeclarationError(f"{name}:{number}: {' '.join(key)} is listed twice")
        entries[key] = tuple(words[KEY_WORDS[words[0]]:])
    return entries


def declared(api: API) -> List[Tuple[Key, Tuple[str, ...]]]:
    out: List[Tuple[Key, Tuple[str, ...]]] = []
    for value, fields in number_spaces(api).items():
        for f in sorted(fields, key=lambda f: f.number):
            out.append((("field", value, str(f.number)), (f.name, f.type.wire)))
    for name, enum in api.enums.items():
        out += [(("enum", name, str(place)), (value,)) for place, value in enumerate(enum.values)]
    out += [(("status", str(s.value)), (s.name,)) for s in api.statuses]
    return out


def updated(api: API, path: Path, committed: Optional[str] = None) -> str:
    """The registry's text with the new entries appended. Raises if a declaration breaks an
    entry, or if the file lost a line of `committed` (the last commit's copy, when known)."""
    text = path.read_text() if path.exists() else HEADER
    entries = read(text, path.name)
    if committed is not None:
        lines = set(text.splitlines())
        for line in committed.splitlines():
            if line not in lines:
                raise DeclarationError(f"{path.name}: the committed line {line!r} was edited or removed. The "
                                       f"registry is append-only: restore it (git checkout {path.name}).")
    now = dict(declared(api))
    for key, given in entries.items():
        if key[0] in ("enum", "status") and key not in now:
            raise DeclarationError(_lost(key, given))
    added: List[str] = []
    for key, given in declared(api):
        known = entries.get(key)
        if known is None:
            added.append(" ".join(key + given))
        elif known != given:
            raise DeclarationError(_changed(key, given, known, path.name))
    if not text.endswith("\n"):
        text += "\n"
    return text + "".join(line + "\n" for line in added)


def _changed(key: Key, given: Tuple[str, ...], known: Tuple[str, ...], registry: str) -> str:
    if key[0] == "field":
        return (f"api/model.toml: {key[1]} field {key[2]} is declared as {given[0]} ({given[1]}), but {registry} "
                f"has it as {known[0]} ({known[1]}). Stored records keep the old field under that number: give "
                f"{given[0]} a new number, and never reuse a number or change a type.")
    if key[0] == "enum":
        return (f"api/model.toml: enum {key[1]} has {given[0]!r} in place {key[2]}, where {registry} has "
                f"{known[0]!r}. Values keep their places (C constants are numbered by place) and are only "
                f"appended.")
    return (f"api/statuses.toml: status {key[1]} is declared as {given[0]}, but {registry} has it as {known[0]}. "
            f"Hosts compare statuses by number: give {given[0]} a new number.")


def _lost(key: Key, given: Tuple[str, ...]) -> str:
    if key[0] == "enum":
        return (f"api/model.toml: enum {key[1]} lost its value {given[0]!r} (place {key[2]}). Stored records may "
                f"hold it and hosts may test for its C constant: keep it (document it as unused).")
    return (f"api/statuses.toml: status {key[1]} ({given[0]}) is gone. Hosts may test for it: keep it (document "
            f"it as unused).")
