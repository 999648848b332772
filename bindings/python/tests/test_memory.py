"""No leak through the binding: after a warm-up, 100,000 calls of availability() (a struct the
binding frees with bo_availability_free), 30,000 of event() (JSON freed with bo_free) and 20,000
failing lookups (error objects freed with bo_error_free), leave the resident set size within a
few MB."""

from __future__ import annotations

import gc
import time
import uuid
from pathlib import Path
from typing import Callable

import boxoffice
from conftest import UNKNOWN, now_ms, rss_bytes

LIMIT = 4 * 1024 * 1024  # bytes of growth allowed per run


def measure(name: str, call: Callable[[], object], repeat: int) -> int:
    for _ in range(2000):  # warm-up: caches, allocator arenas, the library's lazy state
        call()
    gc.collect()
    before = rss_bytes()
    began = time.monotonic()
    for _ in range(repeat):
        call()
    elapsed = time.monotonic() - began
    gc.collect()
    growth = rss_bytes() - before
    print(f"{name}: {repeat} calls in {elapsed:.2f} s, RSS {before / 1048576:.1f} MiB -> "
          f"{(before + growth) / 1048576:.1f} MiB ({growth / 1024:+.0f} KiB)")
    return growth


def test_repeated_calls_do_not_grow_memory(tmp_path: Path) -> None:
    with boxoffice.Engine(tmp_path / "memory.boxoffice", durability="async") as engine:
        org = engine.create_organization("Memory", "memory", "m@acme.test", "EUR")
        start = now_ms() + 86_400_000
        event = engine.create_event(org.id, "Leak Check", start, start + 3_600_000, capacity=500,
                                    description="x" * 2000, tags=["a", "b", "c"])
        for i in range(4):
            engine.create_ticket_type(event.id, f"Tier {i} – ünïcode", 1000, "EUR", 100)
        engine.publish_event(event.id)
        engine.create_hold(event.id, [(engine.ticket_types(event.id)[0].id, 2)])

        assert measure("availability()", lambda: engine.availability(event.id), 100_000) < LIMIT
        assert measure("event()", lambda: engine.event(event.id), 30_000) < LIMIT

        def missing() -> None:
            assert engine.hold(UNKNOWN) is None
            try:
                engine.availability(uuid.UUID(int=1))
            except boxoffice.NotFound:
                pass

        assert measure("not found (error objects)", missing, 20_000) < LIMIT
