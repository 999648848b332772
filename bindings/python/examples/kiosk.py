#!/usr/bin/env python3
"""A door scanner: reads ticket codes from stdin, one per line, and prints ACCEPT or REJECT with
the reason. The Python twin of bindings/c/examples/kiosk.c.

Usage: kiosk.py PATH GATE [OPERATOR-UUID]

    printf 'K7Q2...\\n' | python3 kiosk.py /var/lib/kiosk.boxoffice north-1
"""

from __future__ import annotations

import sys
import uuid
from typing import List, Optional

import boxoffice

REASONS = {
    "already_used": "already used",
    "cancelled": "cancelled",
    "refunded": "refunded",
    "unknown_code": "unknown code",
    "transferred": "transferred to someone else",
    "wrong_event": "ticket for another event",
    "event_cancelled": "event cancelled",
}


def main(argv: List[str]) -> int:
    if len(argv) < 3:
        print(f"usage: {argv[0]} PATH GATE [OPERATOR-UUID]", file=sys.stderr)
        return 2
    path, gate = argv[1], argv[2]
    actor: Optional[uuid.UUID] = None  # None: the kiosk itself (the system)
    if len(argv) > 3:
        try:
            actor = uuid.UUID(argv[3])
        except ValueError:
            print(f"kiosk: '{argv[3]}' is not an operator id", file=sys.stderr)
            return 2
    try:
        engine = boxoffice.Engine(path)
    except boxoffice.BoxOfficeError as error:
        print(f"kiosk: {error.message}", file=sys.stderr)
        return 2
    with engine:
        for raw in sys.stdin.buffer:
            line = raw.rstrip(b"\r\n")
            if not line:
                continue
            shown = line.decode("utf-8", "replace")
            try:
                # bytes go to the library as they are: it answers invalid UTF-8 itself.
                result = engine.check_in(line, gate, actor=actor)
            except boxoffice.BoxOfficeError as error:
                print(f"ERROR {error.code_name}: {error.message}")
            else:
                if result.accepted:
                    print(f"ACCEPT {shown}")
                elif result.reason == "already_used":
                    print(f"REJECT {shown}: already used at {result.first_gate}")
                else:
                    print(f"REJECT {shown}: {REASONS.get(result.reason or '', 'rejected')}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
