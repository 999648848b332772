"""The notification outbox through the C library: a delivery worker's loop, its failures, and a
worker killed mid-batch whose messages come back after the lease."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

import boxoffice
from conftest import UNKNOWN, World


def test_a_delivery_worker_loop(world: World) -> None:
    e = world.engine
    detail = world.buy(world.general, 2, customer_id=world.customer.id)
    messages = e.claim_outbox(10, lease_ms=30_000)
    assert [m.kind for m in messages] == ["order_confirmed"] and messages[0].status == "claimed" and messages[0].attempts == 1
    payload = json.loads(messages[0].payload)
    assert payload["orderNumber"] == detail.order.number
    assert sorted(t["code"] for t in payload["tickets"]) == sorted(t.code for t in detail.tickets)
    assert messages[0].recipient == world.customer.details.email
    assert e.claim_outbox() == []  # leased
    assert e.acknowledge_outbox([messages[0].id]) == 1
    assert e.acknowledge_outbox([messages[0].id]) == 0  # again after a crash: nothing changes
    assert e.outbox("delivered").messages[0].id == messages[0].id
    # A failure is retried after a backoff; the last attempt makes it dead; an operator retries it.
    e.refund_amount(detail.order.id, 100, actor=world.manager.id)
    refund = e.claim_outbox()[0]
    assert refund.kind == "refund_issued"
    failed = e.fail_outbox(refund.id, "smtp 451", max_attempts=1)
    assert failed.status == "dead" and failed.last_error == "smtp 451"
    assert [m.id for m in e.outbox("dead").messages] == [refund.id]
    assert e.retry_outbox(refund.id, actor=world.admin.id).status == "pending"
    e.refund_amount(detail.order.id, 50, actor=world.manager.id)
    fresh = [m for m in e.outbox("pending").messages if m.id != refund.id][0]
    for call in (lambda: e.acknowledge_outbox([fresh.id]), lambda: e.fail_outbox(fresh.id, "x")):
        with pytest.raises(boxoffice.InvalidState, match="never claimed"):
            call()  # no worker was handed it
    assert e.dead_letter_outbox(refund.id, "bounced").status == "dead"
    assert e.acknowledge_outbox([refund.id]) == 0  # dead-lettered meanwhile: left as it is
    with pytest.raises(boxoffice.InvalidArgument, match="listed twice"):
        e.acknowledge_outbox([refund.id, refund.id])
    with pytest.raises(boxoffice.PermissionDenied):
        e.claim_outbox(actor=world.manager.id)
    with pytest.raises(boxoffice.InvalidArgument, match="status 'sent' is not one of pending, claimed, delivered, dead"):
        e.outbox("sent")
    with pytest.raises(boxoffice.InvalidArgument):
        e.claim_outbox(0)
    with pytest.raises(boxoffice.InvalidArgument, match="lease"):
        e.claim_outbox(lease_ms=0)
    with pytest.raises(boxoffice.NotFound):
        e.fail_outbox(UNKNOWN, "x")
    assert e.outbox_message(UNKNOWN) is None
    assert e.purge_outbox() == 0  # delivered a moment ago: kept for a week
    assert e.verify().clean


def _claim_and_hang(path: str) -> None:
    with boxoffice.Engine(path, durability="async") as engine:
        engine.claim_outbox(10, lease_ms=1000)
        os.kill(os.getpid(), signal.SIGKILL)  # dies holding the lease, before acknowledging


def test_a_killed_workers_messages_return_after_the_lease(world: World) -> None:
    for _ in range(3):
        world.buy(world.general, 1, customer_id=world.customer.id)
    worker = multiprocessing.get_context("spawn").Process(target=_claim_and_hang, args=(str(world.path),))
    worker.start()
    worker.join(30)
    assert worker.exitcode == -signal.SIGKILL
    e = world.engine
    assert e.claim_outbox() == [] and len(e.outbox("claimed").messages) == 3
    time.sleep(1.1)  # the lease ends
    again = e.claim_outbox()
    assert len(again) == 3 and all(m.attempts == 2 for m in again)
    assert e.acknowledge_outbox([m.id for m in again]) == 3
    assert e.verify().clean
