"""Fixtures: a temporary store (durability "async"), and a small world in it: two organizations,
staff of every role, a customer, a published event with two tiers, a draft and a small event."""

from __future__ import annotations

import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the package from this tree, not an installed copy

import boxoffice  # noqa: E402

#: Well formed, but nobody's.
UNKNOWN = uuid.UUID("0190f3c2-7b1e-7c3a-9d4e-5f6a7b8c9d0e")


def now_ms() -> int:
    return int(time.time() * 1000)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[boxoffice.Engine]:
    with boxoffice.Engine(tmp_path / "store.boxoffice", durability="async") as engine:
        yield engine


@dataclass
class World:
    engine: boxoffice.Engine
    path: Path
    org: boxoffice.Organization
    org2: boxoffice.Organization  # transfers not allowed
    admin: boxoffice.User
    manager: boxoffice.User
    operator: boxoffice.User
    analyst: boxoffice.User
    customer: boxoffice.Customer
    event: boxoffice.Event  # published, capacity 100
    general: boxoffice.TicketType  # 50 at 2500, fee 113
    vip: boxoffice.TicketType  # 10 at 9000, 2 to 4 per order, fee 275
    draft: boxoffice.Event  # a draft without tiers
    small: boxoffice.Event  # published
    last_two: boxoffice.TicketType  # 2 at 1000
    late: boxoffice.TicketType  # 5 free tickets

    def buy(self, tier: boxoffice.TicketType, quantity: int = 1, **kwargs: object) -> boxoffice.OrderDetail:
        """A hold of one tier, confirmed."""
        event_id = tier.event_id
        hold = self.engine.create_hold(event_id, [(tier.id, quantity)], **kwargs)  # type: ignore[arg-type]
        return self.engine.confirm_hold(hold.hold_id)

    def stock(self, tier: boxoffice.TicketType) -> Tuple[int, int, int]:
        """(held, sold, available) of a tier now."""
        found = self.engine.availability(tier.event_id).tier(tier.id)
        assert found is not None
        return found.held, found.sold, found.available


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    path = tmp_path / "world.boxoffice"
    with boxoffice.Engine(path, durability="async") as engine:
        org = engine.create_organization(
            "Acme Live", "acme-live", "box@acme.test", "EUR",
            time_zone="Europe/Paris", service_fee_basis_points=250, fixed_fee_minor=50,
        )
        org2 = engine.create_organization("No Transfers", "no-transfers", "nt@acme.test", "EUR", transfers_allowed=False)
        admin = engine.create_user(org.id, "Ann Admin", "ann@acme.test", "admin", pin="2468")
        manager = engine.create_user(org.id, "Max Manager", "max@acme.test", "manager", actor=admin.id)
        operator = engine.create_user(org.id, 'Olga Operator', 'olga@acme.test', 'operator', pin='pin:Kx1357', actor=admin.id)
        analyst = engine.create_user(org.id, "Andy Analyst", "andy@acme.test", "analyst")
        customer = engine.create_customer(org.id, "ada@example.com", first_name="Ada", last_name="Lovelace", actor=manager.id)
        starts = now_ms() + 30 * 86_400_000
        ends = starts + 3 * 3_600_000
        event = engine.create_event(
            org.id, "Jazz Night", starts, ends,
            venue_name="Blue Hall", city="Lyon", country="FR", tags=["jazz", "live"], capacity=100, actor=manager.id,
        )
        draft = engine.create_event(org.id, "Rehearsal", starts + 1000, ends)
        small = engine.create_event(org.id, "Small Gig", starts + 2000, ends, actor=manager.id)
        general = engine.create_ticket_type(event.id, "General", 2500, "EUR", 50, actor=manager.id)
        vip = engine.create_ticket_type(
            event.id, "VIP", 9000, "EUR", 10, description="Front rows", min_per_order=2, max_per_order=4, sort_order=1,
            actor=manager.id,
        )
        last_two = engine.create_ticket_type(small.id, "Last Two", 1000, "EUR", 2)
        late = engine.create_ticket_type(small.id, "Late", 0, "EUR", 5, sort_order=1)
        event = engine.publish_event(event.id, actor=manager.id)
        small = engine.publish_event(small.id)
        yield World(
            engine=engine, path=path, org=org, org2=org2, admin=admin, manager=manager, operator=operator,
            analyst=analyst, customer=customer, event=event, general=general, vip=vip, draft=draft, small=small,
            last_two=last_two, late=late,
        )


def rss_bytes() -> int:
    """Resident set size of this process, from /proc/self/statm."""
    import os

    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def header_functions() -> List[str]:
    """The functions boxoffice.h declares (empty if the header is not in this tree)."""
    import re

    for candidate in (HERE.parents[2] / "Include" / "boxoffice.h",):
        if candidate.is_file():
            text = candidate.read_text()
            return sorted(set(re.findall(r"^[A-Za-z_][\w \*]*?\b(bo_\w+)\(", text, re.M)))
    return []
