"""Every generated file and region, written or compared."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Dict, List, Optional

import c_header
import docs
import go_binding
import python_binding
import registry
import swift_c
import swift_model
from declarations import API

REGION = re.compile(r"(?P<open>[^\n]*BEGIN GENERATED: (?P<name>[\w-]+)[^\n]*\n)(?P<body>.*?)(?P<close>[^\n]*END GENERATED: (?P=name)[^\n]*)", re.S)


def whole_files(api: API) -> Dict[str, str]:
    out: Dict[str, str] = {}
    out.update(swift_model.files(api))
    out.update(swift_c.files(api))
    out.update(c_header.files(api))
    out.update(python_binding.files(api))
    out.update(go_binding.files(api))
    return out


def regions(api: API) -> Dict[str, Dict[str, str]]:
    """Parts of hand-written files, between `BEGIN GENERATED: name` and `END GENERATED: name`."""
    out: Dict[str, Dict[str, str]] = {}
    for generator in (c_header, docs, python_binding):
        for path, parts in generator.regions(api).items():
            out.setdefault(path, {}).update(parts)
    return out


def fill(text: str, parts: Dict[str, str], path: str) -> str:
    found = set()

    def replace(m: re.Match) -> str:
        name = m.group("name")
        if name not in parts:
            return m.group(0)
        found.add(name)
        return m.group("open") + parts[name] + m.group("close")

    text = REGION.sub(replace, text)
    missing = set(parts) - found
    if missing:
        raise SystemExit(f"{path}: no region {sorted(missing)} (BEGIN GENERATED / END GENERATED markers)")
    return text


# Folders whose every file is generated: a file there that generation no longer writes (a renamed
# topic, a stray copy) is stale, and `make generate` deletes it.
OWNED = ["Sources/BoxOffice/Generated", "Sources/BoxOfficeC/Generated"]


def committed(root: Path, path: str) -> Optional[str]:
    """The last commit's copy of `path`, or None outside a git checkout or for a new file."""
    try:
        done = subprocess.run(["git", "-C", str(root), "show", f"HEAD:{path}"], capture_output=True, text=True,
                              check=False)
    except OSError:  # no git
        return None
    return done.stdout if done.returncode == 0 else None


def write(api: API, root: Path, check: bool) -> List[str]:
    """Writes (or, with check, compares) everything; returns the paths that were stale."""
    wanted: Dict[str, str] = {}
    for path, parts in regions(api).items():
        wanted[path] = fill((root / path).read_text(), parts, path)
    wanted[docs.PATH] = docs.rewrite(api, wanted[docs.PATH])
    api.filled = dict(wanted)
    wanted.update(whole_files(api))
    wanted[registry.PATH] = registry.updated(api, root / registry.PATH, committed(root, registry.PATH))
    stale = []
    for folder in OWNED:
        for existing in sorted((root / folder).glob("*")) if (root / folder).is_dir() else []:
            path = f"{folder}/{existing.name}"
            if path not in wanted:
                stale.append(path)
                if not check:
                    existing.unlink()
    for path, text in sorted(wanted.items()):
        target = root / path
        if target.exists() and target.read_text() == text:
            continue
        stale.append(path)
        if not check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    return stale
