#!/usr/bin/env python3
"""Checks that a built libboxoffice.so is self-contained and exports exactly the C API:
- it needs only Debian's liblmdb0 and libsodium23 and the C and C++ runtimes (no Swift runtime,
  no Foundation, no ICU: they are linked in statically);
- it has no RPATH or RUNPATH (nothing points into a toolchain), and no undefined symbol;
- its exported functions are exactly the bo_* functions of Include/boxoffice.h.

Usage: check_library.py LIBRARY"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ALLOWED = re.compile(r"^(liblmdb\.so\.0|libsodium\.so\.23|libc\.so\.6|libm\.so\.6|libstdc\+\+\.so\.6|libgcc_s\.so\.1"
                     r"|libpthread\.so\.0|libdl\.so\.2|ld-linux-x86-64\.so\.2|ld-linux-aarch64\.so\.1)$")


def main() -> int:
    library = sys.argv[1]
    dynamic = subprocess.run(["readelf", "-d", library], capture_output=True, text=True, check=True).stdout
    needed = re.findall(r"\(NEEDED\).*\[(.+)\]", dynamic)
    problems = [f"needs {name}" for name in needed if not ALLOWED.match(name)]
    problems += [f"has {kind} {path}" for kind, path in re.findall(r"\((RPATH|RUNPATH)\).*\[(.+)\]", dynamic)]
    relocations = subprocess.run(["ldd", "-r", library], capture_output=True, text=True, check=False)
    problems += [line.strip() for line in (relocations.stdout + relocations.stderr).splitlines() if "undefined symbol" in line][:10]
    symbols = subprocess.run(["nm", "-D", "--defined-only", library], capture_output=True, text=True, check=True).stdout
    exported = {line.split()[-1] for line in symbols.splitlines() if line.split()[-2] in ("T", "W")}
    header = (ROOT / "Include/boxoffice.h").read_text()
    declared = set(re.findall(r"\b(bo_\w+)\s*\(", header))
    problems += [f"exports {name}, which boxoffice.h does not declare" for name in sorted(exported - declared)]
    problems += [f"lacks {name}, which boxoffice.h declares" for name in sorted(declared - exported)]
    if problems:
        print(f"check_library.py: {library}:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    size = pathlib.Path(library).stat().st_size
    print(f"{library}: {size / 1e6:.1f} MB, needs {', '.join(needed)}; exports the {len(exported)} functions of boxoffice.h")
    return 0


if __name__ == "__main__":
    sys.exit(main())
