"""`make generate`: regenerates every file derived from api/*.toml. With --check (make test),
changes nothing and fails if any generated file is stale or a declaration does not hold.

Usage: python3 scripts/apigen [--check]"""

import sys
from pathlib import Path

from declarations import DeclarationError, load
import outputs

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    check = "--check" in sys.argv[1:]
    try:
        api = load(ROOT)
        stale = outputs.write(api, ROOT, check=check)
    except DeclarationError as error:
        print(f"make generate: {error}", file=sys.stderr)
        return 1
    if check and stale:
        print("generated files are stale (run `make generate` and commit the result):", file=sys.stderr)
        for path in stale:
            print(f"  {path}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
