"""The waitlist through the C library: FIFO offers of freed stock as real holds, accepting by
confirming, declining and expiry passing offers on, stock kept for the queue, bad input, and
processes joining while stock frees up."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
from pathlib import Path
from typing import Tuple

import pytest

import boxoffice
from conftest import UNKNOWN, World, now_ms


def sold_out(world: World, **settings: object) -> Tuple[boxoffice.TicketType, boxoffice.HoldInfo]:
    """Small Gig's "Last Two" (2 tickets), both in one hold, with the event's waitlist `settings`."""
    e = world.engine
    event = e.event(world.small.id)
    assert event is not None
    if settings:
        e.update_event(event.id, dataclasses.replace(event.details, **settings))
    return world.last_two, e.create_hold(world.small.id, [(world.last_two.id, 2)])


def test_a_release_offers_the_head_and_keeps_the_rest_for_the_queue(world: World) -> None:
    e = world.engine
    tier, hold = sold_out(world)
    ada = e.join_waitlist(world.small.id, 1, ticket_type_id=tier.id, email="Ada@Example.org")
    bob = e.join_waitlist(world.small.id, 2, ticket_type_id=tier.id, customer_id=world.customer.id)
    assert (ada.entry.status, ada.position, ada.entry.email) == ("waiting", 1, "ada@example.org")
    assert bob.position == 2 and bob.entry.email == world.customer.details.email
    e.release_hold(hold.hold_id)
    offered = e.waitlist_entry(ada.entry.id)
    assert offered is not None and offered.entry.status == "offered" and offered.offer is not None
    assert offered.offer.waitlist_entry_id == ada.entry.id and offered.offer.items[0].quantity == 1
    stock = e.availability(world.small.id).tier(tier.id)
    assert stock is not None and stock.held == 1 and stock.reserved_for_waitlist == 1 and stock.available == 0
    with pytest.raises(boxoffice.SoldOut):
        e.create_hold(world.small.id, [(tier.id, 1)])  # Bob is first in line for it
    messages = [m for m in e.outbox("pending").messages if m.kind == "waitlist_offer"]
    assert len(messages) == 1 and messages[0].recipient == "Ada@Example.org"  # the customer's address, as given
    assert json.loads(messages[0].payload)["holdId"].lower() == str(offered.offer.id)
    # Accepting is confirming the offer's hold; an offer is not extended.
    with pytest.raises(boxoffice.InvalidState):
        e.extend_hold(offered.offer.id, ttl_ms=60_000)
    e.confirm_hold(offered.offer.id)
    assert e.waitlist_entry(ada.entry.id).entry.status == "accepted"
    assert [p.position for p in e.waitlist(world.small.id)] == [None, 1]
    with pytest.raises(boxoffice.InvalidState):
        e.leave_waitlist(ada.entry.id)
    assert e.leave_waitlist(bob.entry.id).status == "left"
    stock = e.availability(world.small.id).tier(tier.id)
    assert stock is not None and stock.reserved_for_waitlist == 0 and stock.available == 1
    assert e.verify().clean


def test_declined_and_expired_offers_pass_on(world: World) -> None:
    e = world.engine
    tier, hold = sold_out(world, waitlist_offer_ttl_ms=60_000, waitlist_requeue_expired=True)
    start = now_ms()
    e.set_clock(start)
    ada, bob, cy = (e.join_waitlist(world.small.id, 2, ticket_type_id=tier.id, email=f"{n}@example.org") for n in ("ada", "bob", "cy"))
    e.release_hold(hold.hold_id)
    assert e.waitlist_entry(ada.entry.id).entry.status == "offered"
    assert e.decline_waitlist_offer(ada.entry.id).status == "declined"
    assert e.waitlist_entry(bob.entry.id).entry.status == "offered"
    with pytest.raises(boxoffice.InvalidState):
        e.decline_waitlist_offer(ada.entry.id)
    # Bob's runs out: Cy is offered it, Bob goes to the back of the queue.
    e.set_clock(start + 60_000)
    assert e.expire_holds() == 1
    assert [e.waitlist_entry(x.entry.id).entry.status for x in (bob, cy)] == ["waiting", "offered"]
    assert e.waitlist_entry(bob.entry.id).position == 1
    offer = e.waitlist_entry(cy.entry.id).offer
    assert offer is not None
    e.set_clock(start + 120_000)
    with pytest.raises(boxoffice.HoldExpired):
        e.confirm_hold(offer.id)  # an ended offer does not confirm late (its sweep rolls back with it)
    e.expire_holds()
    assert [e.waitlist_entry(x.entry.id).entry.status for x in (bob, cy)] == ["offered", "waiting"]
    assert e.verify().clean


def test_bad_input_is_refused_and_writes_nothing(world: World) -> None:
    e = world.engine
    tier, _ = sold_out(world)
    e.join_waitlist(world.small.id, 1, ticket_type_id=tier.id, email="ada@example.org")
    feed = len(e.audit_feed(0, limit=1000))
    cases = [
        (boxoffice.NotFound, lambda: e.join_waitlist(UNKNOWN, 1, email="x@example.org")),
        (boxoffice.InvalidArgument, lambda: e.join_waitlist(world.small.id, 0, ticket_type_id=tier.id, email="x@example.org")),
        (boxoffice.Duplicate, lambda: e.join_waitlist(world.small.id, 1, ticket_type_id=tier.id, email="ADA@example.org")),
        (boxoffice.InvalidArgument, lambda: e.join_waitlist(world.small.id, 1, ticket_type_id=tier.id)),
        (boxoffice.InvalidArgument, lambda: e.join_waitlist(world.small.id, 1, email="not an email")),
        (boxoffice.InvalidArgument, lambda: e.join_waitlist(world.small.id, 1, ticket_type_id=world.general.id, email="x@example.org")),
        (boxoffice.InvalidState, lambda: e.join_waitlist(world.draft.id, 1, email="x@example.org")),
        (boxoffice.PermissionDenied, lambda: e.join_waitlist(world.small.id, 1, email="x@example.org", actor=world.analyst.id)),
        (boxoffice.NotFound, lambda: e.leave_waitlist(UNKNOWN)),
        (boxoffice.NotFound, lambda: e.decline_waitlist_offer(UNKNOWN)),
    ]
    for error, call in cases:
        with pytest.raises(error) as raised:
            call()
        assert str(raised.value)
    with pytest.raises(TypeError, match="email"):
        e.join_waitlist(world.small.id, 1, email=123)  # type: ignore[arg-type]
    assert e.waitlist_entry(UNKNOWN) is None
    assert len(e.audit_feed(0, limit=1000)) == feed + 1  # only the denied attempt is logged
    assert len(e.waitlist(world.small.id)) == 1


def _join_many(path: str, event_id: str, tier_id: str, prefix: str) -> None:
    with boxoffice.Engine(path) as e:
        for i in range(20):
            place = e.join_waitlist(event_id, 1, ticket_type_id=tier_id, email=f"{prefix}-{i}@example.org")
            if place.entry.status == "offered" and i % 2 == 0:
                e.decline_waitlist_offer(place.entry.id)


def test_processes_join_while_stock_frees_up(world: World) -> None:
    e = world.engine
    tier = world.general  # 50
    holds = [e.create_hold(world.event.id, [(tier.id, 5)]) for _ in range(10)]
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_join_many, args=(str(world.path), str(world.event.id), str(tier.id), f"p{n}")) for n in range(3)]
    for worker in workers:
        worker.start()
    for hold in holds[:6]:
        e.release_hold(hold.hold_id)
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert e.verify().clean
    places = e.waitlist(world.event.id)
    assert len(places) == 60
    stock = e.availability(world.event.id).tier(tier.id)
    assert stock is not None
    # No stock lost: what is not held or sold is kept for a waiting entry, or nobody waits.
    waiting = [p for p in places if p.entry.status == "waiting"]
    assert stock.available == 0 if waiting else stock.reserved_for_waitlist == 0
    assert sorted(p.position for p in waiting) == list(range(1, len(waiting) + 1))
