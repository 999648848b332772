"""The field-number registry, api/field-numbers.txt: every (stored value, number) ever declared,
with the name and type it was given. Lines are only ever appended. A number declared again
under another name or type fails: records on disk still hold the old field under that number,
and RecordReader would read it as the new one."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

from declarations import API, DeclarationError, number_spaces

HEADER = """\
# Field numbers ever used, one per line: VALUE NUMBER NAME TYPE. Written by `make generate`, which
# only appends; never edit or delete a line. A number stays taken after its field is removed.
"""


def read(path: Path) -> Dict[Tuple[str, int], Tuple[str, str]]:
    entries: Dict[Tuple[str, int], Tuple[str, str]] = {}
    if not path.exists():
        return entries
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 4 or not parts[1].isdigit():
            raise DeclarationError(f"{path}:{number}: expected VALUE NUMBER NAME TYPE, not {line!r}")
        key = (parts[0], int(parts[1]))
        if key in entries:
            raise DeclarationError(f"{path}:{number}: {parts[0]} field {parts[1]} is listed twice")
        entries[key] = (parts[2], parts[3])
    return entries


def updated(api: API, path: Path) -> str:
    """The registry's text with the new fields appended; raises if a number is reused."""
    entries = read(path)
    text = path.read_text() if path.exists() else HEADER
    added: List[str] = []
    for value, fields in number_spaces(api).items():
        for f in sorted(fields, key=lambda f: f.number):
            known = entries.get((value, f.number))
            if known is None:
                added.append(f"{value} {f.number} {f.name} {f.type.wire}")
            elif known != (f.name, f.type.wire):
                raise DeclarationError(
                    f"api/model.toml: {value} field {f.number} is declared as {f.name} ({f.type.wire}), but "
                    f"{path.name} has it as {known[0]} ({known[1]}). Stored records keep the old field under "
                    f"that number: give {f.name} a new number, and never reuse a number or change a type."
                )
    if not text.endswith("\n"):
        text += "\n"
    return text + "".join(line + "\n" for line in added)
