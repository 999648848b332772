#!/usr/bin/env python3
"""Checks that the @c functions of Sources/BoxOfficeC are exactly those of Include/boxoffice.h.

The header is generated from api/operations.toml (`make generate`); most exports are too, but
some are written by hand. The compiler's -emit-clang-header-path output holds every @c function
as Swift exports it: this strips Swift's macros and nullability qualifiers from it and compares
each prototype with the declared one, and fails on any function only one of them has.

Usage: check_exports.py BUILD_DIR   (BUILD_DIR: the `swift build` output, e.g. .build/debug)
"""
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def package_name(build: pathlib.Path) -> str:
    """The -package-name SwiftPM gave this package (from the clone's directory name), so that
    `package` declarations of the other modules are visible here as in the build."""
    plan = (build.parent / f"{build.name}.yaml").read_text()
    names = re.findall(r'"-module-name","BoxOfficeC".*?"-package-name","([^"]+)"', plan)
    if not names:
        sys.exit(f"check_exports.py: no BoxOfficeC compile command in {build.parent / (build.name + '.yaml')}")
    return names[0]


def swift_header(build: pathlib.Path) -> str:
    sources = sorted(str(p) for p in (ROOT / "Sources/BoxOfficeC").rglob("*.swift"))
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "BoxOfficeC-Swift.h"
        command = [
            "swiftc", "-typecheck", "-parse-as-library", "-module-name", "BoxOfficeC",
            "-package-name", package_name(build), "-swift-version", "6",
            "-emit-clang-header-path", str(out), "-I", str(build / "Modules"),
            "-Xcc", f"-fmodule-map-file={ROOT / 'Sources/CLMDB/module.modulemap'}",
            "-Xcc", f"-fmodule-map-file={ROOT / 'Sources/CSodium/module.modulemap'}",
            "-Xcc", f"-fmodule-map-file={build / 'CBoxOfficeTypes.build/module.modulemap'}",
            "-Xcc", f"-I{ROOT / 'Sources/CBoxOfficeTypes/include'}",
            *sources,
        ]
        subprocess.run(command, check=True)
        return out.read_text()


def exported(generated: str) -> dict:
    """Each @c function's prototype as Swift exports it, whitespace collapsed."""
    start = generated.index('extern "C" {\n#endif\n') + len('extern "C" {\n#endif\n')
    end = generated.index('#if defined(__cplusplus)\n} // extern "C"')
    body = generated[start:end]
    for macro in ("SWIFT_EXTERN ", " SWIFT_NOEXCEPT", " SWIFT_WARN_UNUSED_RESULT"):
        body = body.replace(macro, "")
    prototypes = {}
    for line in body.split("\n"):
        if not line.strip() or line.startswith("///"):
            continue
        line = re.sub(r" _(Nullable|Nonnull|Null_unspecified)\b", "", line)
        line = re.sub(r"\* (\w)", r"*\1", line)  # "bo_engine * engine" -> "bo_engine *engine"
        line = re.sub(r"\*\s+\*", "**", line)
        line = re.sub(r"(\w)_([,)])", r"\1\2", line)  # Swift renames a parameter "out" to "out_"
        line = re.sub(r"(\w+) const \*", r"const \1 *", line)
        name = re.search(r"(bo_\w+)\(", line).group(1)
        prototypes[name] = " ".join(line.split())
    return prototypes


def main() -> None:
    sys.path.insert(0, str(ROOT / "scripts/apigen"))
    from c_header import prototype
    from declarations import DeclarationError, load

    try:
        declared = {op.c: " ".join(prototype(op).split()) for op in load(ROOT).operations}
    except DeclarationError as error:
        sys.exit(f"check_exports.py: {error}")
    actual = exported(swift_header(pathlib.Path(sys.argv[1])))
    problems = []
    for name in sorted(set(declared) | set(actual)):
        if name not in actual:
            problems.append(f"{name} is declared in api/operations.toml but Sources/BoxOfficeC does not export it")
        elif name not in declared:
            problems.append(f"{name} is exported by Sources/BoxOfficeC but not declared in api/operations.toml")
        elif declared[name] != actual[name]:
            problems.append(f"{name}:\n  declared {declared[name]}\n  exported {actual[name]}")
    if problems:
        sys.exit("check_exports.py: the exports differ from the header:\n" + "\n".join(problems))
    print(f"check_exports.py: {len(actual)} exports match Include/boxoffice.h")


if __name__ == "__main__":
    main()
