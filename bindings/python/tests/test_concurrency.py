"""A flash sale: 16 Python threads share one engine and race for the 1,000 tickets of an event
(4 tiers of 250, an event capacity of 1,000), each buying 1 to 4 tickets of a random tier per
hold + confirm. Exactly 1,000 tickets must be sold, none twice, and verify must stay clean."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from pathlib import Path
from typing import List

import boxoffice
from conftest import now_ms

THREADS = 16
TIERS = 4
PER_TIER = 250
TICKETS = TIERS * PER_TIER


def test_flash_sale(tmp_path: Path) -> None:
    with boxoffice.Engine(tmp_path / "flash.boxoffice", durability="async") as engine:
        org = engine.create_organization("Flash", "flash", "flash@acme.test", "EUR")
        operator = engine.create_user(org.id, "Door", "door@acme.test", "operator")
        start = now_ms() + 86_400_000
        event = engine.create_event(org.id, "Flash Sale", start, start + 3_600_000, capacity=TICKETS)
        tiers = [engine.create_ticket_type(event.id, f"Tier {i}", 1000 + i, "EUR", PER_TIER).id for i in range(TIERS)]
        engine.publish_event(event.id)

        barrier = threading.Barrier(THREADS)
        lock = threading.Lock()
        codes: List[str] = []
        sold_by_tier: Counter = Counter()
        failures: List[BaseException] = []
        stats: Counter = Counter()

        def buyer(index: int) -> None:
            rng = random.Random(index)
            exhausted: set = set()
            actor = operator.id if index % 2 else None
            barrier.wait()
            try:
                while len(exhausted) < TIERS:
                    tier = rng.choice([t for t in range(TIERS) if t not in exhausted])
                    quantity = rng.randint(1, 4)
                    while True:
                        try:
                            hold = engine.create_hold(event.id, [(tiers[tier], quantity)], actor=actor)
                        except boxoffice.SoldOut:
                            with lock:
                                stats["sold_out"] += 1
                            if quantity == 1:
                                exhausted.add(tier)  # held tickets are confirmed at once: it stays sold out
                                break
                            quantity = 1  # the last tickets of a tier sell one by one
                            continue
                        order = engine.confirm_hold(hold.hold_id, payment_reference=f'pay-{index}', idempotency_key=f't{index}-{hold.hold_id}', actor=actor)
                        with lock:
                            stats["orders"] += 1
                            codes.extend(t.code for t in order.tickets)
                            sold_by_tier[tier] += len(order.tickets)
                        break
            except BaseException as error:  # pragma: no cover - reported below
                with lock:
                    failures.append(error)

        threads = [threading.Thread(target=buyer, args=(i,)) for i in range(THREADS)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.monotonic() - began
        assert not failures, failures[:3]
        assert all(not thread.is_alive() for thread in threads)

        assert len(codes) == TICKETS and len(set(codes)) == TICKETS
        assert dict(sold_by_tier) == {tier: PER_TIER for tier in range(TIERS)}
        availability = engine.availability(event.id)
        assert availability.capacity_remaining == 0
        assert [(t.held, t.sold, t.available) for t in availability.tiers] == [(0, PER_TIER, 0)] * TIERS
        sold = engine.event(event.id)
        assert sold is not None and sold.sold == TICKETS and sold.held == 0
        report = engine.verify()
        assert report.clean, report
        print(f"flash sale: {stats['orders']} orders, {stats['sold_out']} sold-out answers, "
              f"{THREADS} threads, {elapsed:.2f} s")
