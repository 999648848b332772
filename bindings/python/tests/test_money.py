"""Money through the C library: checkout and provider payments, the ledger, refunds by amount,
chargebacks, taxes and vouchers, with the errors a host acts on."""

from __future__ import annotations

import dataclasses
import threading
from typing import Callable, List, Type

import pytest

import boxoffice
from conftest import UNKNOWN, World


def webhook(w: World, order: boxoffice.Order, status: str, *, event_id: str = "evt_1", reference: str = "pi_1",
            amount: int | None = None) -> boxoffice.PaymentResult:
    return w.engine.record_payment(w.org.id, order.id, "stripe", reference, status,
                                   order.total_minor if amount is None else amount, "EUR", provider_event_id=event_id)


def race(threads: int, call: Callable[[], object], refused: Type[BaseException]) -> int:
    """Runs `call` on that many threads at once; returns how many succeeded (the others raising `refused`)."""
    wins: List[int] = []
    start = threading.Barrier(threads)

    def attempt() -> None:
        start.wait()
        try:
            call()
            wins.append(1)
        except refused:
            pass

    running = [threading.Thread(target=attempt) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return len(wins)


def test_a_card_payment_from_checkout_to_tickets(world: World) -> None:
    e = world.engine
    hold = e.create_hold(world.event.id, [(world.general.id, 2)])
    order = e.checkout(hold.hold_id)
    assert order.status == "pending" and order.payment_status == "pending" and order.paid_minor == 0
    assert order.payment_due_at == hold.expires_at
    assert not e.order(order.id).tickets
    paid = webhook(world, order, "succeeded")
    assert paid.outcome == "confirmed" and paid.order.status == "confirmed" and paid.order.paid_minor == order.total_minor
    assert paid.payment.status == "succeeded" and paid.payment.provider_reference == "pi_1"
    again = webhook(world, order, "succeeded")
    assert again.outcome == "replayed" and again.order == paid.order
    detail = e.order(order.id)
    assert len(detail.tickets) == 2 and [p.id for p in detail.payments] == [paid.payment.id]
    assert [entry.kind for entry in detail.ledger] == ["purchase"]
    assert e.payments(order.id) == list(detail.payments)
    assert e.verify().clean


def test_a_late_payment_for_sold_stock_is_refund_due(world: World) -> None:
    e = world.engine
    hold = e.create_hold(world.small.id, [(world.last_two.id, 2)], ttl_ms=60_000)
    order = e.checkout(hold.hold_id)
    e.set_clock(hold.expires_at + 1)
    assert e.expire_holds() == 1
    world.buy(world.last_two, 2)
    late = webhook(world, order, "succeeded")
    assert late.outcome == "refund_due" and late.payment.late and late.order.payment_status == "refund_due"
    refunded = e.refund_amount(order.id, order.total_minor, reason="late payment", actor=world.manager.id)
    assert refunded.payment_status == "refunded" and refunded.refundable_minor == 0
    e.set_clock(None)
    assert e.verify().clean


def test_refunds_by_amount_chargebacks_and_the_ledger(world: World) -> None:
    e = world.engine
    detail = world.buy(world.general, 2)  # 2 × (2500 + 113)
    order = detail.order
    assert order.paid_minor == order.total_minor == 5226
    fees = e.refund_amount(order.id, order.fees_minor, reason="fees waived", actor=world.manager.id)
    assert fees.refunded_minor == 226 and fees.payment_status == "partially_refunded"
    with pytest.raises(boxoffice.InvalidArgument, match="above the 50.00 EUR left"):
        e.refund_amount(order.id, 5001, actor=world.manager.id)
    with pytest.raises(boxoffice.PermissionDenied):
        e.refund_amount(order.id, 1, actor=world.operator.id)
    for bad in (0, -1, 10**12 + 1, 2**63 - 1):
        with pytest.raises(boxoffice.InvalidArgument):
            e.record_chargeback(order.id, bad)
    e.record_chargeback(order.id, 5000, provider_reference="dp_1")
    e.reverse_chargeback(order.id, 5000, provider_reference="dp_1")
    e.record_provider_fee(order.id, 175)
    page = e.ledger(world.org.id, limit=2)
    assert [x.kind for x in page.entries] == ["purchase", "refund"] and page.next
    rest = e.ledger(world.org.id, cursor=page.next)
    assert [x.kind for x in rest.entries] == ["chargeback", "chargeback_reversal", "fee"] and rest.next is None
    assert [x.amount_minor for x in e.ledger(world.org.id, order_id=order.id).entries] == [5226, 226, 5000, 5000, 175]
    assert e.order(order.id).order.provider_fees_minor == 175
    assert e.verify().clean


def test_concurrent_refunds_never_exceed_what_was_paid(world: World) -> None:
    e = world.engine
    order = world.buy(world.general, 2).order  # 5226
    wins = race(8, lambda: e.refund_amount(order.id, 1000, actor=world.manager.id), boxoffice.InvalidArgument)
    assert wins == 5 and e.order(order.id).order.refunded_minor == 5000


def test_taxes_per_ticket(world: World) -> None:
    e = world.engine
    vat = e.create_tax_rule(world.org.id, "VAT 19 %", 1900)
    assert e.tax_rules(world.org.id) == [vat]
    with pytest.raises(boxoffice.InvalidArgument, match="rate_basis_points must be 0...10000, not 10001"):
        e.create_tax_rule(world.org.id, "too much", 10001)
    details = world.general.details
    e.update_ticket_type(world.general.id, type(details)(**{**details.__dict__, "tax_rule_id": vat.id}))
    order = world.buy(world.general, 3).order
    assert order.tax_minor == 3 * 399  # 2500 − round(2500 / 1.19) = 2500 − 2101
    assert order.net_minor == order.total_minor - order.tax_minor
    assert e.verify().clean


def test_vouchers_codes_limits_and_the_race_for_the_last_use(world: World) -> None:
    e = world.engine
    voucher = e.create_voucher(world.event.id, " spring ", price_mode="percent_off", value=2500, max_usages=3)
    assert voucher.details.code == "SPRING" and voucher.remaining_uses == 3
    with pytest.raises(boxoffice.Duplicate):
        e.create_voucher(world.event.id, "Spring")
    hold = e.create_hold(world.event.id, [(world.general.id, 1)], voucher_code="spring")
    assert hold.total_minor < 2500 + 113
    with pytest.raises(boxoffice.VoucherRejected) as rejected:
        e.create_hold(world.event.id, [(world.general.id, 3)], voucher_code="SPRING")
    assert rejected.value.details.reason == "used_up" and rejected.value.details.remaining == 2
    with pytest.raises(boxoffice.VoucherRejected) as unknown:
        e.create_hold(world.event.id, [(world.general.id, 1)], voucher_code="nope")
    assert unknown.value.details.reason == "unknown" and unknown.value.details.code == "NOPE"
    wins = race(10, lambda: e.create_hold(world.event.id, [(world.general.id, 1)], voucher_code="spring"), boxoffice.VoucherRejected)
    assert wins == 2 and e.voucher(world.event.id, "SPRING").used_count == 3
    assert [v.id for v in e.vouchers(world.event.id)] == [voucher.id]
    assert e.voucher(world.event.id, "none") is None
    assert e.verify().clean


def test_bad_payment_reports(world: World) -> None:
    e = world.engine
    order = e.checkout(e.create_hold(world.event.id, [(world.general.id, 1)]).hold_id)
    with pytest.raises(boxoffice.InvalidArgument, match="currency"):
        e.record_payment(world.org.id, order.id, "stripe", "pi_1", "succeeded", order.total_minor, "USD")
    with pytest.raises(boxoffice.InvalidArgument, match="is not of organization"):
        e.record_payment(world.org2.id, order.id, "stripe", "pi_1", "succeeded", order.total_minor, "EUR")
    with pytest.raises(boxoffice.InvalidArgument):
        e.record_payment(world.org.id, order.id, "stripe", "pi_1", "bounced", order.total_minor, "EUR")  # type: ignore[arg-type]
    with pytest.raises(boxoffice.NotFound):
        e.record_payment(world.org.id, UNKNOWN, "stripe", "pi_1", "succeeded", 1, "EUR")
    webhook(world, order, "succeeded")
    with pytest.raises(boxoffice.InvalidArgument, match="evt_1"):
        webhook(world, order, "succeeded", amount=1)
    assert e.verify().clean


def test_ids_come_back_as_uuids_and_whole_floats_are_refused(world: World) -> None:
    e = world.engine
    vat = e.create_tax_rule(world.org.id, "VAT 19 %", 1900)
    tier = e.update_ticket_type(world.general.id, dataclasses.replace(world.general.details, tax_rule_id=str(vat.id)))
    assert tier.details.tax_rule_id == vat.id  # a UUID, though text was given
    voucher = e.create_voucher(world.event.id, "ONLYGA", ticket_type_ids=[str(world.general.id)])
    assert voucher.details.ticket_type_ids == (world.general.id,)
    with pytest.raises(boxoffice.InvalidArgument, match="rate_basis_points must be a whole number, not 19.0"):
        e.create_tax_rule(world.org.id, "VAT", 19.0)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument, match="amount_minor must be a whole number"):
        e.record_payment(world.org.id, UNKNOWN, "stripe", "pi_1", "succeeded", 1150.0, "EUR")  # type: ignore[arg-type]
    # A tier's name or a cursor in a message keeps its spelling; only field names are renamed.
    camel = e.create_ticket_type(world.small.id, "earlyBird", 1000, "EUR", 1)
    e.create_hold(world.small.id, [(camel.id, 1)])
    with pytest.raises(boxoffice.SoldOut, match="'earlyBird'"):
        e.create_hold(world.small.id, [(camel.id, 1)])
    named = e.create_ticket_type(world.small.id, "priceMinor", 1000, "EUR", 1)  # a field's name, as a tier's
    e.create_hold(world.small.id, [(named.id, 1)])
    with pytest.raises(boxoffice.SoldOut, match="'priceMinor'"):
        e.create_hold(world.small.id, [(named.id, 1)])
