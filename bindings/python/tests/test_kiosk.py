"""examples/kiosk.py as a subprocess: a sold ticket is accepted, a second scan says where it was
used, forged, refunded and invalid input are answered line by line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import boxoffice
from conftest import HERE, now_ms

KIOSK = HERE.parent / "examples" / "kiosk.py"


def run_kiosk(*args: str, stdin: bytes) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HERE.parent) + os.pathsep + env.get("PYTHONPATH", "")
    env["BOXOFFICE_LIBRARY"] = boxoffice.library_path  # the library this test run loaded
    return subprocess.run(
        [sys.executable, str(KIOSK), *args], input=stdin, env=env, capture_output=True, timeout=60
    )


def test_kiosk(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.boxoffice"
    with boxoffice.Engine(path) as engine:
        org = engine.create_organization("Door", "door", "door@acme.test", "EUR")
        operator = engine.create_user(org.id, "Gate Keeper", "gate@acme.test", "operator")
        analyst = engine.create_user(org.id, "Counter", "count@acme.test", "analyst")
        start = now_ms() + 86_400_000
        event = engine.create_event(org.id, "Gig", start, start + 3_600_000)
        tier = engine.create_ticket_type(event.id, "GA", 1500, "EUR", 10)
        engine.publish_event(event.id)
        hold = engine.create_hold(event.id, [(tier.id, 3)])
        order = engine.confirm_hold(hold.hold_id, payment_reference='pi_1')
        first, second, third = (t.code for t in order.tickets)
        engine.refund_tickets(order.id, [order.tickets[2].id])

    lines = f"{first}\n\n{second.lower()}\r\n{first}\n{third}\nFORGED-CODE-0000\n".encode() + b"\xff\xfe\n"
    result = run_kiosk(str(path), "north-1", str(operator.id), stdin=lines)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode().splitlines()
    assert out[0] == f"ACCEPT {first}"
    assert out[1] == f"ACCEPT {second.lower()}"
    assert out[2] == f"REJECT {first}: already used at north-1"
    assert out[3] == f"REJECT {third}: refunded"
    assert out[4] == "REJECT FORGED-CODE-0000: unknown code"
    assert out[5].startswith("ERROR BO_INVALID_ARGUMENT: ")
    assert len(out) == 6

    # A second pass at another gate admits nobody.
    again = run_kiosk(str(path), "south-2", stdin=f"{first}\n{second}\n".encode())
    assert again.returncode == 0, again.stderr
    assert again.stdout.decode().splitlines() == [
        f"REJECT {first}: already used at north-1",
        f"REJECT {second}: already used at north-1",
    ]

    # The scans are in the store, by the operator.
    with boxoffice.Engine(path) as engine:
        ticket = engine.ticket(first)
        assert ticket is not None and ticket.ticket.status == "used" and ticket.ticket.checked_in_by == operator.id
        assert [c.gate for c in ticket.check_ins] == ["north-1", "north-1", "south-2"]

    # An analyst may not scan; bad arguments.
    denied = run_kiosk(str(path), "north-1", str(analyst.id), stdin=f"{first}\n".encode())
    assert denied.stdout.decode().startswith("ERROR BO_PERMISSION_DENIED: ")
    usage = run_kiosk(str(path), stdin=b"")
    assert usage.returncode == 2 and b"usage:" in usage.stderr
    bad_id = run_kiosk(str(path), "north-1", "not-a-uuid", stdin=b"")
    assert bad_id.returncode == 2 and b"is not an operator id" in bad_id.stderr
    bad_path = run_kiosk("/etc/hostname", "north-1", stdin=b"")
    assert bad_path.returncode == 2 and bad_path.stderr.startswith(b"kiosk: ")
