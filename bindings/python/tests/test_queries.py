"""The lookups and lists added with the declared API: a customer by email, staff, a ticket by id,
an order's tickets, orders paged by event and by customer, and deleting an event."""

from __future__ import annotations

import pytest

import boxoffice
from conftest import UNKNOWN, World


def test_orders_are_paged_newest_first(world: World) -> None:
    w = world
    e = w.engine
    bought = [w.buy(w.general, 1, customer_id=w.customer.id if i % 2 else None) for i in range(7)]
    seen = []
    cursor = None
    while True:
        page = e.orders_by_event(w.event.id, cursor=cursor, limit=3)
        assert isinstance(page, boxoffice.OrderPage) and len(page.orders) <= 3
        seen += page.orders
        cursor = page.next
        if cursor is None:
            break
    assert [o.id for o in seen] == [b.id for b in reversed(bought)]
    assert all(isinstance(o, boxoffice.Order) for o in seen)
    mine = e.orders_by_customer(w.customer.id)
    assert [o.id for o in mine.orders] == [b.id for b in reversed(bought) if b.order.customer_id == w.customer.id]
    assert mine.next is None
    assert e.orders_by_event(UNKNOWN).orders == ()


def test_bad_paging_is_invalid_argument(world: World) -> None:
    w = world
    e = w.engine
    for _ in range(3):
        w.buy(w.general, 1, customer_id=w.customer.id)
    cursor = e.orders_by_customer(w.customer.id, limit=1).next
    assert cursor is not None
    for bad in ("zz", "", cursor):  # the customer list's cursor is not the event list's
        with pytest.raises(boxoffice.InvalidArgument):
            e.orders_by_event(w.event.id, cursor=bad, limit=1)
    for limit in (0, 1001, -1):
        with pytest.raises(boxoffice.InvalidArgument):
            e.orders_by_event(w.event.id, limit=limit)
    with pytest.raises(boxoffice.InvalidArgument):
        e.orders_by_event(w.event.id, limit=1 << 40)  # not an int32: refused before C
    with pytest.raises(boxoffice.InvalidArgument, match="^BO_INVALID_ARGUMENT: event_id is required"):
        e.orders_by_event(None)  # type: ignore[arg-type]
    # A None is refused naming the Python parameter, where it differs from C's (organization_id).
    with pytest.raises(boxoffice.InvalidArgument, match="^BO_INVALID_ARGUMENT: org_id is required"):
        e.users(None)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument, match="^BO_INVALID_ARGUMENT: cursor 'zz' is not the `next`"):
        e.orders_by_event(w.event.id, cursor='zz')
    with pytest.raises(TypeError):
        e.orders_by_event(w.event.id, limit="3")  # type: ignore[arg-type]


def test_lookups_and_lists(world: World) -> None:
    w = world
    e = w.engine
    assert e.customer_by_email(w.org.id, "ADA@example.COM") == w.customer
    assert e.customer_by_email(w.org.id, "nobody@example.com") is None
    assert e.customer_by_email(w.org2.id, "ada@example.com") is None
    with pytest.raises(boxoffice.InvalidArgument):
        e.customer_by_email(w.org.id, "a\0b")
    staff = e.users(w.org.id)
    assert {u.id for u in staff} == {w.admin.id, w.manager.id, w.operator.id, w.analyst.id}
    assert all(isinstance(u, boxoffice.User) for u in staff) and e.users(UNKNOWN) == []

    order = w.buy(w.general, 2)
    tickets = e.tickets(order.id)
    assert [t.id for t in tickets] == [t.id for t in order.tickets] and e.tickets(UNKNOWN) == []
    e.check_in(tickets[0].code, "north")
    detail = e.ticket_by_id(tickets[0].id)
    assert detail is not None and detail.ticket.status == "used" and [c.gate for c in detail.check_ins] == ["north"]
    assert e.ticket_by_id(UNKNOWN) is None


def test_delete_event(world: World) -> None:
    w = world
    e = w.engine
    with pytest.raises(boxoffice.PermissionDenied):
        e.delete_event(w.draft.id, actor=w.operator.id)
    with pytest.raises(boxoffice.InvalidState):
        e.delete_event(w.event.id)  # published: cancel it first
    assert e.delete_event(w.draft.id, actor=w.manager.id) is None
    assert e.event(w.draft.id) is None
    assert w.draft.id not in {ev.id for ev in e.events(w.org.id)}
    with pytest.raises(boxoffice.NotFound):
        e.delete_event(w.draft.id)
    assert any(a.action == "event.delete" and a.entity_id == w.draft.id for a in e.audit_feed(limit=1000))
