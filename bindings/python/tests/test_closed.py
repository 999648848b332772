"""Every method of a closed engine raises ClosedError (BO_MISUSE), and closing is safe while
other threads are inside calls."""

from __future__ import annotations

import inspect
import threading
from typing import Any, Callable, Dict

import pytest

import boxoffice
from conftest import UNKNOWN, World


def test_every_method_of_a_closed_engine_raises_closed_error(world: World) -> None:
    w = world
    e = w.engine
    code = w.buy(w.general, 1).tickets[0].code
    ev = w.event.details
    e.close()
    calls: Dict[str, Callable[[], Any]] = {
        "sync": lambda: e.sync(),
        "set_clock": lambda: e.set_clock(None),
        "create_organization": lambda: e.create_organization("M", "misuse", "m@acme.test", "EUR"),
        "update_organization": lambda: e.update_organization(w.org.id, w.org.details),
        "organization": lambda: e.organization(w.org.id),
        "create_user": lambda: e.create_user(w.org.id, 'M', 'm@acme.test', 'analyst', pin='1234'),
        "update_user": lambda: e.update_user(w.manager.id, w.manager.details),
        "user": lambda: e.user(w.manager.id),
        "set_pin": lambda: e.set_pin(w.manager.id, "1234"),
        "verify_pin": lambda: e.verify_pin(w.operator.id, "pin:Kx1357"),
        "create_customer": lambda: e.create_customer(w.org.id, "m@example.com"),
        "update_customer": lambda: e.update_customer(w.customer.id, w.customer.details),
        "customer": lambda: e.customer(w.customer.id),
        "customer_by_email": lambda: e.customer_by_email(w.org.id, "m@example.com"),
        "users": lambda: e.users(w.org.id),
        "create_event": lambda: e.create_event(w.org.id, "M", ev.starts_at, ev.ends_at),
        "update_event": lambda: e.update_event(w.event.id, ev),
        "publish_event": lambda: e.publish_event(w.draft.id),
        "cancel_event": lambda: e.cancel_event(w.event.id),
        "event": lambda: e.event(w.event.id),
        "delete_event": lambda: e.delete_event(w.draft.id),
        "events": lambda: e.events(w.org.id),
        "create_ticket_type": lambda: e.create_ticket_type(w.event.id, "M", 1, "EUR", 1),
        "update_ticket_type": lambda: e.update_ticket_type(w.general.id, w.general.details),
        "ticket_types": lambda: e.ticket_types(w.event.id),
        "availability": lambda: e.availability(w.event.id),
        "create_hold": lambda: e.create_hold(w.event.id, [(w.general.id, 1)]),
        "extend_hold": lambda: e.extend_hold(UNKNOWN, ttl_ms=60000),
        "release_hold": lambda: e.release_hold(UNKNOWN),
        "expire_holds": lambda: e.expire_holds(),
        "hold": lambda: e.hold(UNKNOWN),
        "confirm_hold": lambda: e.confirm_hold(UNKNOWN),
        "order": lambda: e.order(UNKNOWN),
        "orders_by_event": lambda: e.orders_by_event(w.event.id),
        "orders_by_customer": lambda: e.orders_by_customer(w.customer.id),
        "cancel_order": lambda: e.cancel_order(UNKNOWN),
        "refund_order": lambda: e.refund_order(UNKNOWN),
        "refund_tickets": lambda: e.refund_tickets(UNKNOWN, [UNKNOWN]),
        "checkout": lambda: e.checkout(UNKNOWN),
        "record_payment": lambda: e.record_payment(w.org.id, UNKNOWN, "stripe", "pi_1", "succeeded", 100, "EUR"),
        "payments": lambda: e.payments(UNKNOWN),
        "refund_amount": lambda: e.refund_amount(UNKNOWN, 100),
        "record_chargeback": lambda: e.record_chargeback(UNKNOWN, 100),
        "reverse_chargeback": lambda: e.reverse_chargeback(UNKNOWN, 100),
        "record_provider_fee": lambda: e.record_provider_fee(UNKNOWN, 100),
        "ledger": lambda: e.ledger(w.org.id),
        "create_tax_rule": lambda: e.create_tax_rule(w.org.id, "VAT", 1900),
        "update_tax_rule": lambda: e.update_tax_rule(UNKNOWN, boxoffice.TaxRuleDetails("VAT", 1900)),
        "tax_rules": lambda: e.tax_rules(w.org.id),
        "create_voucher": lambda: e.create_voucher(w.event.id, "CODE"),
        "update_voucher": lambda: e.update_voucher(UNKNOWN, boxoffice.VoucherDetails("CODE")),
        "voucher": lambda: e.voucher(w.event.id, "CODE"),
        "vouchers": lambda: e.vouchers(w.event.id),
        "claim_outbox": lambda: e.claim_outbox(),
        "acknowledge_outbox": lambda: e.acknowledge_outbox([UNKNOWN]),
        "fail_outbox": lambda: e.fail_outbox(UNKNOWN, "x"),
        "retry_outbox": lambda: e.retry_outbox(UNKNOWN),
        "dead_letter_outbox": lambda: e.dead_letter_outbox(UNKNOWN, "x"),
        "purge_outbox": lambda: e.purge_outbox(),
        "outbox": lambda: e.outbox("pending"),
        "outbox_message": lambda: e.outbox_message(UNKNOWN),
        "join_waitlist": lambda: e.join_waitlist(UNKNOWN, 1, email="a@x.test"),
        "leave_waitlist": lambda: e.leave_waitlist(UNKNOWN),
        "decline_waitlist_offer": lambda: e.decline_waitlist_offer(UNKNOWN),
        "waitlist_entry": lambda: e.waitlist_entry(UNKNOWN),
        "waitlist": lambda: e.waitlist(UNKNOWN),
        "create_seating_plan": lambda: e.create_seating_plan(UNKNOWN, boxoffice.SeatingPlanDefinition(name="x", focal_point=boxoffice.PlanPoint(x=0, y=0), sections=())),
        "seating_plan": lambda: e.seating_plan(UNKNOWN),
        "seating_plans": lambda: e.seating_plans(UNKNOWN),
        "delete_seating_plan": lambda: e.delete_seating_plan(UNKNOWN),
        "assign_seating": lambda: e.assign_seating(UNKNOWN, UNKNOWN),
        "event_seats": lambda: e.event_seats(UNKNOWN),
        "set_seats": lambda: e.set_seats(UNKNOWN, ["S/A/1"], "blocked"),
        "create_seated_hold": lambda: e.create_seated_hold(UNKNOWN, [], quantity=1),
        "change_seat": lambda: e.change_seat(UNKNOWN, "S/A/1"),
        "create_quota": lambda: e.create_quota(UNKNOWN, "q", 1, (UNKNOWN,)),
        "update_quota": lambda: e.update_quota(UNKNOWN, boxoffice.QuotaDetails(name="q", size=1, ticket_type_ids=(UNKNOWN,))),
        "delete_quota": lambda: e.delete_quota(UNKNOWN),
        "quotas": lambda: e.quotas(UNKNOWN),
        "check_in": lambda: e.check_in(code, "Gate A"),
        "ticket": lambda: e.ticket(code),
        "ticket_by_id": lambda: e.ticket_by_id(UNKNOWN),
        "tickets": lambda: e.tickets(UNKNOWN),
        "transfer_ticket": lambda: e.transfer_ticket(code, "M", "m@example.com"),
        "audit_feed": lambda: e.audit_feed(),
        "verify": lambda: e.verify(),
        "backup": lambda: e.backup("/tmp/never-made-by-boxoffice-tests"),
        "readers": lambda: e.readers(),
        "clear_stale_readers": lambda: e.clear_stale_readers(),
    }
    public = {
        name for name, member in inspect.getmembers(boxoffice.Engine, inspect.isfunction)
        if not name.startswith("_") and name != "close"
    }
    assert public == set(calls), public ^ set(calls)
    for name, call in calls.items():
        with pytest.raises(boxoffice.ClosedError) as caught:
            call()
        assert caught.value.status == 30 and caught.value.code_name == "BO_MISUSE", name
    e.close()  # twice is harmless
    assert e.closed


def test_close_while_other_threads_are_calling(world: World) -> None:
    e = world.engine
    errors: list = []
    closed_seen = threading.Event()
    start = threading.Barrier(5)

    def reader() -> None:
        start.wait()
        try:
            while True:
                e.availability(world.event.id)
        except boxoffice.ClosedError:
            closed_seen.set()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    start.wait()
    e.close()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors and closed_seen.is_set()
