#!/usr/bin/env python3
"""Runs the README's quick starts as written, so that what a new user types keeps working:
- C: `make install PREFIX=$HOME/.local`, then the program compiled with pkg-config runs with no
  LD_LIBRARY_PATH (the rpath of boxoffice.pc), and the library is self-contained;
- Python: `make wheel`, `pip install dist/boxoffice-*.whl` into a fresh venv, the snippet runs
  with BOXOFFICE_LIBRARY, PKG_CONFIG_PATH and LD_LIBRARY_PATH unset, on the wheel's own library;
- Go: a new module using the clone with the README's replace directive builds and runs;
- CLI: the installed `boxoffice` prints its version and runs the README's commands.

Each runs with a scratch HOME under .build/readme. CONFIG=debug in the environment makes `make`
build debug copies (the README's commands build release ones), to keep `make test` short.

Usage: python3 Tests/Readme/readme_test.py"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = ROOT / ".build/readme"
HOME = SCRATCH / "home"
README = (ROOT / "README.md").read_text()
STRIPPED = ("BOXOFFICE_LIBRARY", "PKG_CONFIG_PATH", "LD_LIBRARY_PATH")


def blocks(heading: str) -> dict:
    """The fenced code blocks of a README section, by language (the first of each)."""
    start = README.index(f"## {heading}\n")
    end = README.find("\n## ", start + 1)
    section = README[start:end if end >= 0 else len(README)]
    found: dict = {}
    for lang, body in re.findall(r"```(\w+)\n(.*?)```", section, re.S):
        found.setdefault(lang, body)
    return found


def run(script: str, cwd: Path, env: dict, what: str) -> str:
    done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=cwd, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        sys.exit(f"readme_test: the {what} quick start failed (exit {done.returncode}):\n{done.stdout[-4000:]}")
    return done.stdout


def environment(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in STRIPPED}
    env.update(HOME=str(HOME), CONFIG="debug", **extra)
    return env


def expect(condition: bool, message: str) -> None:
    if not condition:
        sys.exit(f"readme_test: {message}")


def c_quick_start() -> None:
    code = blocks("Quick start (C)")
    (HOME / "kiosk").mkdir(parents=True)
    (HOME / "kiosk/kiosk.c").write_text(code["c"])
    out = run(code["sh"], ROOT, environment(), "C")
    expect(out.rstrip().endswith("REJECT"), f"kiosk printed {out[-200:]!r}, not REJECT")
    library = HOME / ".local/lib/libboxoffice.so.0"
    check = subprocess.run([sys.executable, str(ROOT / "scripts/check_library.py"), str(library)], text=True,
                           capture_output=True)
    expect(check.returncode == 0, check.stderr)
    print("C:", check.stdout.strip())


def cli_quick_start() -> None:
    out = run(blocks("Quick start (CLI)")["sh"], ROOT, environment(), "CLI")
    version = re.search(r"#define BOXOFFICE_VERSION_MAJOR (\d+).*?MINOR (\d+).*?PATCH (\d+)",
                        (ROOT / "Sources/CBoxOfficeTypes/include/boxoffice_types.h").read_text(), re.S)
    expect(".".join(version.groups()) in out.splitlines(), f"boxoffice --version did not print {version.groups()}")
    linked = subprocess.run(["ldd", str(HOME / ".local/bin/boxoffice")], text=True, capture_output=True).stdout
    expect("swift" not in linked.lower(), f"the installed boxoffice needs the Swift toolchain:\n{linked}")
    expect((HOME / "backups/today").is_dir(), "backup did not create backups/today")
    print("CLI: boxoffice", ".".join(version.groups()), "runs without the toolchain")


def python_quick_start() -> None:
    code = blocks("Quick start (Python)")
    venv = HOME / "shop"  # the README makes it
    run(code["sh"], ROOT, environment(), "Python (install)")
    (HOME / "shop-app").mkdir(parents=True)
    (HOME / "shop-app/shop.py").write_text(code["python"] + "\nprint(boxoffice.library_path)\n")
    out = run(f"{venv}/bin/python shop.py", HOME / "shop-app", environment(), "Python")
    again = run(f"{venv}/bin/python shop.py", HOME / "shop-app", environment(), "Python (a second run, same file)")
    expect(again.splitlines()[0] == "True", f"the Python snippet's second run printed {again!r}")
    lines = out.splitlines()
    expect(lines[0] == "True", f"the Python snippet printed {out!r}")
    expect(lines[1].startswith(str(venv)), f"the library came from {lines[1]}, not the wheel")
    wheel = next(ROOT.glob("dist/boxoffice-*.whl"))
    print(f"Python: {wheel.name}, {wheel.stat().st_size / 1e6:.1f} MB, installed in a fresh venv")


def go_quick_start() -> None:
    code = blocks("Quick start (Go)")
    (HOME / "door").mkdir(parents=True)
    (HOME / "door/main.go").write_text(code["go"])
    cache = subprocess.run(["go", "env", "GOCACHE"], text=True, capture_output=True, check=True).stdout.strip()
    out = run(code["sh"], ROOT, environment(GOCACHE=cache, GOTOOLCHAIN="local", GOFLAGS=""), "Go")
    expect(re.search(r"^\w{4}-\w{4} true <nil>$", out, re.M) is not None, f"the Go program printed {out[-300:]!r}")
    again = run("go run .", HOME / "door", environment(GOCACHE=cache, GOTOOLCHAIN="local", GOFLAGS=""), "Go (a second run)")
    expect(re.search(r"^\w{4}-\w{4} true <nil>$", again, re.M) is not None, f"the Go program's second run printed {again[-300:]!r}")
    print("Go: a new module with the replace directive builds and sells")


def main() -> None:
    shutil.rmtree(SCRATCH, ignore_errors=True)
    HOME.mkdir(parents=True)
    c_quick_start()
    cli_quick_start()
    python_quick_start()
    go_quick_start()


if __name__ == "__main__":
    main()
