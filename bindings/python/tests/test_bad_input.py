"""Bad input across the API: lone surrogates (refused before C), invalid UTF-8 bytes (refused by
C), NUL inside text, None where a value is required, numbers that do not fit the C types, wrong
Python types."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, List, Tuple

import pytest

import boxoffice
from boxoffice import CustomerDetails, EventDetails, OrganizationDetails, TicketTypeDetails, UserDetails
from conftest import UNKNOWN, World, now_ms

BAD = "bad\udc80text"  # a lone surrogate: not encodable as UTF-8


def surrogate_calls(w: World, code: str) -> List[Tuple[str, Callable[[], Any]]]:
    e = w.engine
    ev = w.event.details
    return [
        ("create_organization name", lambda: e.create_organization(BAD, "s", "s@s.test", "EUR")),
        ("create_organization time_zone", lambda: e.create_organization("S", "s", "s@s.test", "EUR", time_zone=BAD)),
        ("update_organization", lambda: e.update_organization(w.org.id, dataclasses.replace(w.org.details, email=BAD))),
        ("update_organization extra", lambda: e.update_organization(
            w.org.id, dataclasses.replace(w.org.details, extra={"note": BAD}))),
        ("organization slug", lambda: e.organization(slug=BAD)),
        ("create_user name", lambda: e.create_user(w.org.id, BAD, "n@acme.test", "support")),
        ("create_user pin", lambda: e.create_user(w.org.id, "N", "n@acme.test", "support", pin="12\udcff34")),
        ("update_user", lambda: e.update_user(w.manager.id, UserDetails("M", "max@acme.test", BAD))),
        ("set_pin", lambda: e.set_pin(w.operator.id, "12\ud80034")),
        ("verify_pin", lambda: e.verify_pin(w.operator.id, "13\udc0057")),
        ("create_customer", lambda: e.create_customer(w.org.id, "p@example.com", first_name=BAD)),
        ("update_customer", lambda: e.update_customer(w.customer.id, CustomerDetails("p@example.com", phone=BAD))),
        ("create_event title", lambda: e.create_event(w.org.id, BAD, ev.starts_at, ev.ends_at)),
        ("create_event tags", lambda: e.create_event(w.org.id, "T", ev.starts_at, ev.ends_at, tags=["ok", BAD])),
        ("update_event", lambda: e.update_event(w.event.id, dataclasses.replace(ev, city=BAD))),
        ("create_ticket_type", lambda: e.create_ticket_type(w.event.id, BAD, 1, "EUR", 1)),
        ("update_ticket_type", lambda: e.update_ticket_type(w.general.id, TicketTypeDetails("G", 1, BAD, 1))),
        ("create_hold key", lambda: e.create_hold(w.event.id, [(w.general.id, 1)], idempotency_key=BAD)),
        ("confirm_hold reference", lambda: e.confirm_hold(UNKNOWN, payment_reference=BAD)),
        ("confirm_hold key", lambda: e.confirm_hold(UNKNOWN, idempotency_key=BAD)),
        ("order number", lambda: e.order(number=BAD)),
        ("cancel_order reason", lambda: e.cancel_order(UNKNOWN, reason=BAD)),
        ("check_in code", lambda: e.check_in(BAD, "Gate A")),
        ("check_in gate", lambda: e.check_in(code, BAD)),
        ("ticket code", lambda: e.ticket(BAD)),
        ("transfer_ticket code", lambda: e.transfer_ticket(BAD, "N", "n@example.com")),
        ("transfer_ticket name", lambda: e.transfer_ticket(code, BAD, "n@example.com")),
        ("transfer_ticket email", lambda: e.transfer_ticket(code, "N", BAD)),
        ("backup path", lambda: e.backup("/tmp/" + BAD)),
        ("open path", lambda: boxoffice.Engine("/tmp/" + BAD)),
    ]


def test_lone_surrogates_are_refused_before_c(world: World) -> None:
    code = world.buy(world.general, 1).tickets[0].code
    before = len(world.engine.audit_feed(0, limit=10000))
    for name, call in surrogate_calls(world, code):
        with pytest.raises(boxoffice.InvalidArgument) as caught:
            call()
        error = caught.value
        assert error.status == 2 and error.code_name == "BO_INVALID_ARGUMENT", name
        assert "not valid Unicode text" in error.message, (name, error.message)
        assert isinstance(error, ValueError) and not isinstance(error, UnicodeError), name
    # Nothing reached the library: no audit entry, the ticket still valid.
    assert len(world.engine.audit_feed(0, limit=10000)) == before
    ticket = world.engine.ticket(code)
    assert ticket is not None and ticket.ticket.status == "valid"


def test_invalid_utf8_bytes_are_refused_by_the_library(world: World) -> None:
    e = world.engine
    code = world.buy(world.general, 1).tickets[0].code
    calls: List[Callable[[], Any]] = [
        lambda: e.organization(slug=b"\xc3\x28"),
        lambda: e.create_user(world.org.id, "N", "n@acme.test", "support", pin=b"\xff\xfe\xfd\xfc"),
        lambda: e.set_pin(world.operator.id, b'\xff\xff\xff\xff', actor=world.operator.id),
        lambda: e.verify_pin(world.operator.id, b"13\xff57"),
        lambda: e.create_hold(world.event.id, [(world.general.id, 1)], idempotency_key=b"key\xff"),
        lambda: e.order(number=b"7KQ2-\xff"),
        lambda: e.check_in(b"\xff\xfe", "Gate A"),
        lambda: e.check_in(code, b"Gate \xff"),
        lambda: e.ticket(b"\xf0\x28\x8c\x28"),
        lambda: e.transfer_ticket(code, b"Alan \xff", "alan@example.com"),
        lambda: e.backup(b"/tmp/\xff\xfe"),
    ]
    for call in calls:
        with pytest.raises(boxoffice.InvalidArgument) as caught:
            call()
        assert "not valid Unicode text" not in caught.value.message  # the library's own message


def test_nul_inside_text_is_refused(world: World) -> None:
    e = world.engine
    code = world.buy(world.general, 1).tickets[0].code
    for call in (
        lambda: e.check_in(code + "\0trailing", "Gate A"),
        lambda: e.check_in(code, "Gate\0A"),
        lambda: e.ticket(code.encode() + b"\0"),
        lambda: e.set_pin(world.operator.id, "12\x0034"),
        lambda: e.organization(slug="acme-live\0"),
    ):
        with pytest.raises(boxoffice.InvalidArgument) as caught:
            call()
        assert "NUL" in caught.value.message
    # In details the NUL is escaped as \u0000, which the library refuses.
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_customer(world.org.id, "p@example.com", first_name="A\0B")
    ticket = e.ticket(code)
    assert ticket is not None and ticket.ticket.status == "valid"  # the truncated code was never scanned


def test_none_where_required(world: World) -> None:
    e, w = world.engine, world
    ev = w.event.details
    calls: List[Callable[[], Any]] = [
        lambda: e.create_organization(None, "s", "s@s.test", "EUR"),  # type: ignore[arg-type]
        lambda: e.create_organization("S", "s", "s@s.test", None),  # type: ignore[arg-type]
        lambda: e.update_organization(None, w.org.details),  # type: ignore[arg-type]
        lambda: e.update_organization(w.org.id, None),  # type: ignore[arg-type]
        lambda: e.organization(),
        lambda: e.create_user(None, "N", "n@acme.test", "support"),  # type: ignore[arg-type]
        lambda: e.create_user(w.org.id, "N", "n@acme.test", None),  # type: ignore[arg-type]
        lambda: e.update_user(None, w.manager.details),  # type: ignore[arg-type]
        lambda: e.update_user(w.manager.id, None),  # type: ignore[arg-type]
        lambda: e.user(None),  # type: ignore[arg-type]
        lambda: e.set_pin(None, "1234"),  # type: ignore[arg-type]
        lambda: e.verify_pin(None, "1234"),  # type: ignore[arg-type]
        lambda: e.verify_pin(w.operator.id, None),  # type: ignore[arg-type]
        lambda: e.create_customer(None, "p@example.com"),  # type: ignore[arg-type]
        lambda: e.create_customer(w.org.id, None),  # type: ignore[arg-type]
        lambda: e.update_customer(None, w.customer.details),  # type: ignore[arg-type]
        lambda: e.update_customer(w.customer.id, None),  # type: ignore[arg-type]
        lambda: e.customer(None),  # type: ignore[arg-type]
        lambda: e.create_event(None, "T", ev.starts_at, ev.ends_at),  # type: ignore[arg-type]
        lambda: e.create_event(w.org.id, None, ev.starts_at, ev.ends_at),  # type: ignore[arg-type]
        lambda: e.create_event(w.org.id, "T", None, ev.ends_at),  # type: ignore[arg-type]
        lambda: e.update_event(None, ev),  # type: ignore[arg-type]
        lambda: e.update_event(w.event.id, None),  # type: ignore[arg-type]
        lambda: e.publish_event(None),  # type: ignore[arg-type]
        lambda: e.cancel_event(None),  # type: ignore[arg-type]
        lambda: e.event(None),  # type: ignore[arg-type]
        lambda: e.events(None),  # type: ignore[arg-type]
        lambda: e.create_ticket_type(None, "X", 1, "EUR", 1),  # type: ignore[arg-type]
        lambda: e.create_ticket_type(w.event.id, "X", None, "EUR", 1),  # type: ignore[arg-type]
        lambda: e.create_ticket_type(w.event.id, "X", 1, "EUR", None),  # type: ignore[arg-type]
        lambda: e.update_ticket_type(None, w.general.details),  # type: ignore[arg-type]
        lambda: e.update_ticket_type(w.general.id, None),  # type: ignore[arg-type]
        lambda: e.ticket_types(None),  # type: ignore[arg-type]
        lambda: e.availability(None),  # type: ignore[arg-type]
        lambda: e.create_hold(None, [(w.general.id, 1)]),  # type: ignore[arg-type]
        lambda: e.create_hold(w.event.id, None),
        lambda: e.create_hold(w.event.id, [(None, 1)]),  # type: ignore[list-item]
        lambda: e.extend_hold(None),  # type: ignore[arg-type]
        lambda: e.release_hold(None),  # type: ignore[arg-type]
        lambda: e.hold(None),  # type: ignore[arg-type]
        lambda: e.confirm_hold(None),  # type: ignore[arg-type]
        lambda: e.order(),
        lambda: e.cancel_order(None),  # type: ignore[arg-type]
        lambda: e.refund_order(None),  # type: ignore[arg-type]
        lambda: e.refund_tickets(None, [UNKNOWN]),  # type: ignore[arg-type]
        lambda: e.refund_tickets(UNKNOWN, None),
        lambda: e.check_in(None, "Gate A"),  # type: ignore[arg-type]
        lambda: e.check_in("CODE", None),  # type: ignore[arg-type]
        lambda: e.ticket(None),  # type: ignore[arg-type]
        lambda: e.transfer_ticket(None, "N", "n@example.com"),  # type: ignore[arg-type]
        lambda: e.transfer_ticket("CODE", None, "n@example.com"),  # type: ignore[arg-type]
        lambda: e.transfer_ticket("CODE", "N", None),  # type: ignore[arg-type]
        lambda: e.backup(None),  # type: ignore[arg-type]
        lambda: boxoffice.Engine(None),  # type: ignore[arg-type]
    ]
    for index, call in enumerate(calls):
        with pytest.raises(boxoffice.InvalidArgument):
            call()


def test_numbers_outside_the_c_types(world: World) -> None:
    e, w = world.engine, world
    huge, tiny = 2**64, -(2**63) - 1
    calls: List[Callable[[], Any]] = [
        lambda: e.create_hold(w.event.id, [(w.general.id, huge)]),
        lambda: e.create_hold(w.event.id, [(w.general.id, tiny)]),
        lambda: e.create_hold(w.event.id, [(w.general.id, 1)], ttl_ms=huge),
        lambda: e.extend_hold(UNKNOWN, ttl_ms=huge),
        lambda: e.expire_holds(huge),
        lambda: e.audit_feed(-1),
        lambda: e.audit_feed(2**64),
        lambda: e.audit_feed(0, limit=2 ** 31),
        lambda: e.update_event(w.event.id, w.event.details, expected_version=-1),
        lambda: e.update_event(w.event.id, w.event.details, expected_version=2**64),
        # Within the C types but out of the library's ranges: the library answers.
        lambda: e.create_hold(w.event.id, [(w.general.id, 0)]),
        lambda: e.create_ticket_type(w.event.id, "X", 1, "EUR", 10**30),
        lambda: e.create_event(w.org.id, "T", 1, 2, capacity=10**10),
    ]
    for call in calls:
        with pytest.raises(boxoffice.InvalidArgument):
            call()
    # 2**64 - 1 is a valid expected version (no record has it): a conflict, not an error of range.
    with pytest.raises(boxoffice.VersionConflict):
        e.update_event(w.event.id, w.event.details, expected_version=2**64 - 1)


def test_wrong_python_types(world: World) -> None:
    e, w = world.engine, world
    calls: List[Callable[[], Any]] = [
        lambda: e.event(123),  # type: ignore[arg-type]
        lambda: e.check_in(12345, "Gate A"),  # type: ignore[arg-type]
        lambda: e.create_hold(w.event.id, [(w.general.id, "2")]),  # type: ignore[list-item]
        lambda: e.create_hold(w.event.id, [(w.general.id, True)]),  # type: ignore[list-item]
        lambda: e.create_hold(w.event.id, [w.general.id]),  # type: ignore[list-item]
        lambda: e.create_hold(w.event.id, "not items"),  # type: ignore[arg-type]
        lambda: e.extend_hold(UNKNOWN, ttl_ms=1.5),  # type: ignore[arg-type]
        lambda: e.update_event(w.event.id, w.general.details),  # type: ignore[arg-type]
        lambda: e.update_event(w.event.id, dataclasses.asdict(w.event.details)),  # type: ignore[arg-type]
        lambda: e.audit_feed("0"),  # type: ignore[arg-type]
        lambda: e.refund_tickets(UNKNOWN, UNKNOWN),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(TypeError):
            call()
    # Malformed ids as text are invalid arguments.
    with pytest.raises(boxoffice.InvalidArgument):
        e.event("0190f3c2-7b1e-7c3a-9d4e")
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_hold(w.event.id, [("zz", 1)])


def test_details_of_the_wrong_shape_are_answered_by_the_library(world: World) -> None:
    e = world.engine
    # Values the dataclasses accept but the JSON rules refuse: wrong types, missing values.
    for details in (
        OrganizationDetails("A", "a", "a@a.test", "EUR", fixed_fee_minor="ten"),  # type: ignore[arg-type]
        OrganizationDetails("A", "a", "a@a.test", "EUR", transfers_allowed="yes"),  # type: ignore[arg-type]
    ):
        with pytest.raises(boxoffice.InvalidArgument):
            e.update_organization(world.org.id, details)
    with pytest.raises(boxoffice.InvalidArgument):
        e.update_event(world.event.id, EventDetails("T", None, None))  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        e.update_organization(
            world.org.id, dataclasses.replace(world.org.details, extra={"x": float("nan")})
        )  # not JSON


def test_messages_name_the_field_the_value_and_what_is_allowed(world: World) -> None:
    """No message shows the library's internals: each names the field, the value and the rule."""
    e, w = world.engine, world
    expected = [
        (lambda: e.create_ticket_type(w.event.id, "GA", 25.5, "EUR", 10),  # type: ignore[arg-type]
         "price_minor must be a whole number, not 25.5"),
        (lambda: e.create_user(w.org.id, "N", "n@acme.test", "superuser"),
         "role 'superuser' is not one of owner, admin, manager, support, analyst, operator"),
        (lambda: e.update_organization(w.org.id, OrganizationDetails("A", "a", "a@a.test", "EUR", fixed_fee_minor="ten")),  # type: ignore[arg-type]
         "fixed_fee_minor must be a whole number, not a string"),
        (lambda: e.order(), "give id or number: neither was given"),
        (lambda: e.create_hold(w.event.id, []), "items: a hold has 1 to 50 items, not 0"),
        (lambda: e.create_event(w.org.id, "T", datetime(2030, 1, 1), 1),
         "details.starts_at: datetime.datetime(2030, 1, 1, 0, 0) has no time zone"),
    ]
    for call, message in expected:
        with pytest.raises(boxoffice.InvalidArgument) as caught:
            call()
        assert caught.value.message.startswith(message), caught.value.message
        assert "invalid argument:" not in caught.value.message and "bo_" not in caught.value.message


def test_aware_datetimes_and_timedeltas_are_milliseconds(world: World) -> None:
    e, w = world.engine, world
    start = datetime(2031, 5, 1, 20, 0, tzinfo=timezone.utc)
    event = e.create_event(w.org.id, "Dated", start, start + timedelta(hours=3))
    assert event.details.starts_at == 1_935_432_000_000
    assert event.details.ends_at - event.details.starts_at == 3 * 3_600_000


def test_details_fields_are_checked_by_their_python_names(world: World) -> None:
    e, w = world.engine, world
    start = w.event.details.starts_at
    with pytest.raises(boxoffice.InvalidArgument, match="^BO_INVALID_ARGUMENT: title is required \\(None given\\)"):
        e.create_event(w.org.id, None, start, start + 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="tags must be a list or tuple, not str"):
        e.create_event(w.org.id, "T", start, start + 1, tags="rock")  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument, match="price_minor .* is out of range"):
        e.create_ticket_type(w.event.id, "GA", 2**63, "EUR", 10)
    with pytest.raises(boxoffice.InvalidArgument, match="price_minor must be a whole number, not nan"):
        e.create_ticket_type(w.event.id, "GA", float("nan"), "EUR", 10)  # type: ignore[arg-type]
    from decimal import Decimal
    with pytest.raises(TypeError, match="price_minor must be an int, not Decimal"):
        e.create_ticket_type(w.event.id, "GA", Decimal("25.00"), "EUR", 10)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="price_minor must be an int, not a datetime"):
        e.create_ticket_type(w.event.id, "GA", datetime(2030, 1, 1, tzinfo=timezone.utc), "EUR", 10)  # type: ignore[arg-type]


def test_durations_take_timedeltas_and_engines_do_not_pickle(world: World, tmp_path: Path) -> None:
    import math
    import pickle

    e, w = world.engine, world
    hold = e.create_hold(w.event.id, [(w.general.id, 1)], ttl_ms=timedelta(minutes=5))
    assert 299_000 <= hold.expires_at - now_ms() <= 300_000
    e.release_hold(hold.hold_id)
    with pytest.raises(TypeError, match="an Engine cannot be pickled"):
        pickle.dumps(e)
    with pytest.raises(TypeError, match="title must be a str, not float"):
        e.update_event(w.event.id, dataclasses.replace(w.event.details, title=math.nan))  # type: ignore[arg-type]
    with boxoffice.Engine(tmp_path / "short.boxoffice", max_hold_ms=timedelta(hours=1)) as short:
        assert short.closed is False
