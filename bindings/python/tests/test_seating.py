"""Reserved seating and quotas through the Python binding: plans, seated holds, best-available,
seats on tickets, blocked seats, quotas, bad input, and sales from several processes and a fork."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path
from typing import List, Tuple

import pytest

import boxoffice
from conftest import UNKNOWN, World, now_ms

THEATRE = Path(__file__).resolve().parents[3] / "examples" / "seating" / "theatre.json"


def seated_event(world: World) -> Tuple[boxoffice.Event, boxoffice.TicketType, boxoffice.TicketType]:
    """A published event selling the example theatre: stalls and circle, one tier each."""
    e = world.engine
    plan = e.create_seating_plan(world.org.id, boxoffice.SeatingPlanDefinition.from_json(THEATRE.read_text()), actor=world.manager.id)
    starts = now_ms() + 10 * 86_400_000
    event = e.create_event(world.org.id, "Hamlet", starts, starts + 3 * 3_600_000)
    stalls = e.create_ticket_type(event.id, "Stalls", 4500, "EUR", 1, max_per_order=8)
    circle = e.create_ticket_type(event.id, "Circle", 3000, "EUR", 1, max_per_order=8, sort_order=1)
    e.assign_seating(event.id, plan.id, categories=[
        boxoffice.SeatCategory(category="stalls", ticket_type_id=stalls.id),
        boxoffice.SeatCategory(category="circle", ticket_type_id=circle.id),
    ])
    tiers = {tier.id: tier for tier in e.ticket_types(event.id)}
    return e.publish_event(event.id), tiers[stalls.id], tiers[circle.id]


def test_a_seated_sale_from_plan_to_ticket(world: World) -> None:
    e = world.engine
    event, stalls, circle = seated_event(world)
    assert (stalls.details.quantity, circle.details.quantity) == (74, 39)
    assert stalls.seated
    hold = e.create_seated_hold(event.id, [], quantity=2, categories=["stalls"])
    assert len(hold.seats) == 2 and all(seat.startswith("Stalls/") for seat in hold.seats)
    rows = {seat.split("/")[1] for seat in hold.seats}
    assert len(rows) == 1
    order = e.confirm_hold(hold.id)
    assert sorted(t.seat for t in order.tickets) == sorted(hold.seats)
    seats = e.event_seats(event.id)
    assert (seats.sold, seats.held, seats.free) == (2, 0, 111)
    sold = [s for s in seats.seats if s.state == "sold"]
    assert sorted(s.label for s in sold) == sorted(hold.seats)
    plan = e.seating_plan(seats.plan_id)
    assert plan is not None and [s.name for s in plan.sections] == ["Stalls", "Circle"]
    assert e.verify().clean


def test_named_seats_blocked_seats_and_a_seat_change(world: World) -> None:
    e = world.engine
    event, stalls, _ = seated_event(world)
    assert e.set_seats(event.id, ["Stalls/A/5", "Stalls/A/6"], "blocked") == 2
    with pytest.raises(boxoffice.SeatUnavailable) as raised:
        e.create_seated_hold(event.id, [], seats=["Stalls/A/4", "Stalls/A/5"])
    assert raised.value.details.seat == "Stalls/A/5" and raised.value.details.state == "blocked"
    order = e.confirm_hold(e.create_seated_hold(event.id, [], seats=["Stalls/A/4"]).id)
    moved = e.change_seat(order.tickets[0].id, "Stalls/B/4")
    assert moved.seat == "Stalls/B/4"
    assert e.availability(event.id).tier(stalls.id).available == 74 - 2 - 1
    assert e.verify().clean


def test_bad_seat_requests_write_nothing(world: World) -> None:
    e = world.engine
    event, stalls, _ = seated_event(world)
    feed = len(e.audit_feed(0, limit=1000))
    cases = [
        (boxoffice.InvalidArgument, lambda: e.create_seated_hold(event.id, [], seats=["Stalls/Z/1"])),
        (boxoffice.InvalidArgument, lambda: e.create_seated_hold(event.id, [], seats=["Stalls/A/1", "Stalls/A/1"])),
        (boxoffice.InvalidArgument, lambda: e.create_seated_hold(event.id, [], quantity=2, categories=["balcony"])),
        (boxoffice.InvalidArgument, lambda: e.create_seated_hold(event.id, [], quantity=80, categories=["stalls"], max_rows=10)),
        (boxoffice.InvalidArgument, lambda: e.create_seated_hold(world.small.id, [], quantity=1)),
        (boxoffice.InvalidArgument, lambda: e.create_seated_hold(event.id, [], quantity=-1)),
        (boxoffice.NotFound, lambda: e.change_seat(UNKNOWN, "Stalls/A/1")),
    ]
    for error, call in cases:
        with pytest.raises(error) as raised:
            call()
        assert str(raised.value)
    with pytest.raises(TypeError, match="seats"):
        e.create_seated_hold(event.id, [], seats="Stalls/A/1")  # type: ignore[arg-type]
    assert len(e.audit_feed(0, limit=1000)) == feed
    assert e.event_seats(event.id).free == 113
    assert e.verify().clean


def test_a_broken_plan_is_refused_naming_the_place(world: World) -> None:
    e = world.engine
    plan = json.loads(THEATRE.read_text())
    plan["sections"][0]["rows"][1]["seats"][2]["number"] = plan["sections"][0]["rows"][1]["seats"][1]["number"]
    with pytest.raises(boxoffice.InvalidArgument, match=r"sections\[0\]\.rows\[1\]\.seats\[2\]\.number"):
        e.create_seating_plan(world.org.id, boxoffice.SeatingPlanDefinition.from_json(plan))
    # Values of the wrong kind are refused, not converted ("false" is not False).
    for key, value, wanted in [("accessible", "false", "true or false"), ("rank", True, "a number"), ("x", "1.5", "a number"),
                               ("number", 7, "a string")]:
        wrong = json.loads(THEATRE.read_text())
        wrong["sections"][0]["rows"][0]["seats"][0][key] = value
        with pytest.raises(TypeError, match=rf"sections\[0\]\.rows\[0\]\.seats\[0\]\.{key} must be {wanted}"):
            boxoffice.SeatingPlanDefinition.from_json(wrong)
    del plan["focalPoint"]
    with pytest.raises(ValueError, match="focalPoint"):
        boxoffice.SeatingPlanDefinition.from_json(plan)
    with pytest.raises(TypeError, match=r"sections\[0\]"):
        e.create_seating_plan(world.org.id, boxoffice.SeatingPlanDefinition(
            name="x", focal_point=boxoffice.PlanPoint(x=0, y=0), sections=("not a section",)))  # type: ignore[arg-type]
    assert e.seating_plans(world.org.id) == []


def test_a_quota_shared_by_two_tiers(world: World) -> None:
    """pretix's example: one room of 3 places sold as full price and reduced."""
    e = world.engine
    starts = now_ms() + 5 * 86_400_000
    event = e.create_event(world.org.id, "Workshop", starts, starts + 3_600_000)
    full = e.create_ticket_type(event.id, "Full price", 4000, "EUR", 3)
    reduced = e.create_ticket_type(event.id, "Reduced", 2500, "EUR", 3, sort_order=1)
    quota = e.create_quota(event.id, "Room", 3, (full.id, reduced.id), close_when_sold_out=True)
    e.publish_event(event.id)
    hold = e.create_hold(event.id, [(full.id, 2)])
    with pytest.raises(boxoffice.SoldOut):
        e.create_hold(event.id, [(reduced.id, 2)])
    e.create_hold(event.id, [(reduced.id, 1)])
    [closed] = e.quotas(event.id)
    assert closed.closed and closed.available == 0
    e.release_hold(hold.hold_id)  # it closed when sold out: returned tickets stay unsold
    assert e.availability(event.id).tier(full.id).available == 0
    reopened = e.update_quota(quota.id, boxoffice.QuotaDetails(name="Room", size=4, ticket_type_ids=(full.id, reduced.id)))
    assert not reopened.closed and reopened.available == 3
    assert e.verify().clean


def _buy_best(path: str, event_id: str, rounds: int, out: "multiprocessing.Queue[List[str]]") -> None:
    taken: List[str] = []
    with boxoffice.Engine(path) as e:
        for _ in range(rounds):
            try:
                hold = e.create_seated_hold(event_id, [], quantity=2, max_rows=2)
            except boxoffice.SoldOut:
                break
            e.confirm_hold(hold.id)
            taken += hold.seats
    out.put(taken)


def test_processes_and_a_fork_sell_seats_without_selling_one_twice(world: World) -> None:
    e = world.engine
    event, _, _ = seated_event(world)
    spawn = multiprocessing.get_context("spawn")
    results = spawn.Queue()
    workers = [spawn.Process(target=_buy_best, args=(str(world.path), str(event.id), 15, results)) for _ in range(3)]
    for worker in workers:
        worker.start()
    pid = os.fork()
    if pid == 0:  # the child opens its own engine; it never touches the parent's
        code = 1
        try:
            with boxoffice.Engine(world.path) as child:
                for _ in range(5):
                    child.confirm_hold(child.create_seated_hold(event.id, [], quantity=1).id)
            code = 0
        finally:
            os._exit(code)
    taken = [seat for _ in workers for seat in results.get(timeout=120)]
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0
    assert len(taken) == len(set(taken)) == 90
    seats = e.event_seats(event.id)
    assert seats.sold == 95
    assert e.verify().clean
