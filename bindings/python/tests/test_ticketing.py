"""The ticketing API end to end, mirroring bindings/c/tests/test_ticketing.c: organizations, staff
and PINs, customers, events and tiers, availability, holds, confirmation with idempotency keys,
orders, check-in, transfer, refunds, cancellation, hold expiry, the audit feed, verify, backup."""

from __future__ import annotations

import dataclasses
import time
from datetime import datetime, timezone
import uuid
from pathlib import Path
from typing import Any, List, Tuple

import pytest

import boxoffice
from boxoffice import (
    CustomerDetails,
    EventDetails,
    HoldItem,
    OrganizationDetails,
    TicketTypeDetails,
    UserDetails,
)
from conftest import UNKNOWN, World, now_ms

# Fees of the world's organization: 2.5 % rounded half up plus 0.50 per ticket.
GENERAL_FEE = 113
VIP_FEE = 275


# -- organizations -------------------------------------------------------------------------


def test_organizations(engine: boxoffice.Engine) -> None:
    org = engine.create_organization(
        "Acme Live", "acme-live", "box@acme.test", "EUR",
        time_zone="Europe/Paris", service_fee_basis_points=250, fixed_fee_minor=50,
    )
    assert isinstance(org.id, uuid.UUID) and org.version == 1 and org.created_at > 0
    assert org.details == OrganizationDetails(
        name="Acme Live", slug="acme-live", email="box@acme.test", currency="EUR", time_zone="Europe/Paris",
        service_fee_basis_points=250, fixed_fee_minor=50, transfers_allowed=True,
    )
    # Omitted optional fields take their defaults.
    other = engine.create_organization("No Transfers", "no-transfers", "nt@acme.test", "EUR", transfers_allowed=False)
    found = engine.organization(slug="no-transfers")
    assert found == other
    assert found is not None and found.details.transfers_allowed is False and found.details.time_zone == "UTC"
    assert engine.organization(org.id) == org
    assert engine.organization(org.id, slug="ignored-when-an-id-is-given") == org

    # Bad details.
    bad = [
        dict(name="X", slug="Bad Slug", email="x@acme.test", currency="EUR"),
        dict(name="X", slug="x", email="x@acme.test", currency="euro"),
        dict(name="X", slug="x", email="nobody", currency="EUR"),
        dict(name="X", slug="x", email="x@acme.test", currency="EUR", time_zone="Mars/Olympus"),
        dict(name="X", slug="x", email="x@acme.test", currency="EUR", fixed_fee_minor=-1),
        dict(name="X", slug="x", email="x@acme.test", currency="EUR", service_fee_basis_points=100001),
        dict(name="", slug="x", email="x@acme.test", currency="EUR"),
        dict(name="X", slug="x", email="x@acme.test", currency="EUR", fixed_fee_minor="ten"),  # wrong JSON type
        dict(name="X\u0000Y", slug="x", email="x@acme.test", currency="EUR"),  # "\u0000" is refused
    ]
    for details in bad:
        with pytest.raises(boxoffice.InvalidArgument) as caught:
            engine.create_organization(**details)  # type: ignore[arg-type]
        assert caught.value.message
    with pytest.raises(boxoffice.Duplicate):
        engine.create_organization("Again", "acme-live", "x@acme.test", "EUR")
    with pytest.raises(boxoffice.PermissionDenied):
        engine.create_organization("Y", "y", "y@acme.test", "EUR", actor=UNKNOWN)  # only the system

    # Lookups.
    assert engine.organization(UNKNOWN) is None
    assert engine.organization(slug="nobody-here") is None
    with pytest.raises(boxoffice.InvalidArgument):
        engine.organization()
    with pytest.raises(boxoffice.InvalidArgument):
        engine.organization(slug=b"\xc3\x28")

    # Updates, with and without the expected version.
    renamed = engine.update_organization(
        org.id, dataclasses.replace(org.details, name="Acme Live Ltd"), expected_version=org.version
    )
    assert renamed.details.name == "Acme Live Ltd" and renamed.version == org.version + 1
    assert renamed.details.service_fee_basis_points == 250  # kept: the whole details went back
    with pytest.raises(boxoffice.VersionConflict):
        engine.update_organization(org.id, dataclasses.replace(org.details, name="Stale"), expected_version=org.version)
    with pytest.raises(boxoffice.InvalidArgument):
        engine.update_organization(org.id, dataclasses.replace(org.details, currency="USD"))
    with pytest.raises(boxoffice.Duplicate):
        engine.update_organization(org.id, dataclasses.replace(org.details, slug="no-transfers"))
    with pytest.raises(boxoffice.NotFound):
        engine.update_organization(UNKNOWN, dataclasses.replace(org.details, slug="acme-x"))
    with pytest.raises(boxoffice.InvalidArgument):
        engine.update_organization(None, org.details)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        engine.update_organization(org.id, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        engine.update_organization(org.id, {"name": "Acme"})  # type: ignore[arg-type]
    # An update without the optional fields resets them to their defaults (C_API.md §3.12).
    reset = engine.update_organization(org.id, OrganizationDetails("Acme", "acme-live", "box@acme.test", "EUR"))
    assert reset.details.service_fee_basis_points == 0 and reset.details.time_zone == "UTC"


def test_details_keep_unknown_keys() -> None:
    details = OrganizationDetails._from_json(
        {"name": "A", "slug": "a", "email": "a@a.test", "currency": "EUR", "futureKey": 7}
    )
    assert details.extra == {"futureKey": 7}
    changed = dataclasses.replace(details, name="B")
    assert changed._to_json()["futureKey"] == 7 and changed._to_json()["name"] == "B"
    assert changed == OrganizationDetails("B", "a", "a@a.test", "EUR")  # extra is not compared
    event = EventDetails("T", 1, 2, tags=("a",), capacity=None)
    assert event._to_json()["tags"] == ["a"] and "capacity" not in event._to_json()
    assert hash(event) == hash(EventDetails("T", 1, 2, tags=("a",)))


# -- staff and PINs ------------------------------------------------------------------------


def test_users(world: World) -> None:
    e, org = world.engine, world.org
    assert world.operator.details == UserDetails("Olga Operator", "olga@acme.test", "operator", "active")
    assert world.operator.has_pin and not world.manager.has_pin
    inactive = e.create_user(org.id, 'Ivy Inactive', 'ivy@acme.test', 'operator', pin='8642', status='inactive')
    assert inactive.details.status == "inactive"

    bad_details = [
        ("N", "n@acme.test", "king", None),
        ("N", "n-at-acme", "support", None),
        ("", "n@acme.test", "support", None),
        ("N", "n@acme.test", "support", "12"),  # PIN too short
        ("N", "n@acme.test", "support", "7" * 129),  # PIN too long
        ("N", "n@acme.test", "support", b"\xff\xfe\xfd\xfc"),  # PIN not UTF-8
    ]
    for name, email, role, pin in bad_details:
        with pytest.raises(boxoffice.InvalidArgument):
            e.create_user(org.id, name, email, role, pin=pin)
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_user(org.id, "N", "n@acme.test", "support", status="asleep")
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_user(None, "N", "n@acme.test", "support")  # type: ignore[arg-type]
    with pytest.raises(boxoffice.NotFound):
        e.create_user(UNKNOWN, "N", "n@acme.test", "support")
    with pytest.raises(boxoffice.Duplicate):
        e.create_user(org.id, "Ann Again", "ann@acme.test", "analyst")
    with pytest.raises(boxoffice.Duplicate):
        e.create_user(org.id, "Ann Upper", "ANN@ACME.TEST", "analyst")
    for actor, role, target in [
        (world.operator.id, "analyst", org.id),
        (world.manager.id, "analyst", org.id),
        (world.admin.id, "owner", org.id),  # above the actor's own role
        (world.admin.id, "analyst", world.org2.id),  # another organization
    ]:
        with pytest.raises(boxoffice.PermissionDenied):
            e.create_user(target, "N", "n@acme.test", role, actor=actor)

    # Lookups and updates.
    manager = e.user(world.manager.id)
    assert manager == world.manager
    assert e.user(UNKNOWN) is None
    with pytest.raises(boxoffice.InvalidArgument):
        e.user(None)  # type: ignore[arg-type]
    updated = e.update_user(
        manager.id, dataclasses.replace(manager.details, name="Max M. Manager"),
        expected_version=manager.version, actor=world.admin.id,
    )
    assert updated.details.name == "Max M. Manager" and updated.version == manager.version + 1
    with pytest.raises(boxoffice.VersionConflict):
        e.update_user(manager.id, manager.details, expected_version=manager.version, actor=world.admin.id)
    with pytest.raises(boxoffice.PermissionDenied):
        e.update_user(world.operator.id, world.operator.details, actor=world.manager.id)
    with pytest.raises(boxoffice.PermissionDenied):
        e.update_user(manager.id, dataclasses.replace(manager.details, role="owner"), actor=world.admin.id)
    with pytest.raises(boxoffice.NotFound):
        e.update_user(UNKNOWN, UserDetails("Nobody", "nobody@acme.test", "analyst"))
    with pytest.raises(boxoffice.PermissionDenied):
        e.update_organization(org.id, org.details, actor=world.operator.id)  # needs admin

    # PINs: verify, set by the user themself or an admin, clear.
    assert e.verify_pin(world.operator.id, "pin:Kx1357") is True
    assert e.verify_pin(world.operator.id, "7531") is False
    assert e.verify_pin(world.manager.id, "pin:Kx1357") is False  # no PIN
    assert e.verify_pin(inactive.id, "8642") is False  # inactive
    assert e.verify_pin(UNKNOWN, "pin:Kx1357") is False
    with pytest.raises(boxoffice.InvalidArgument):
        e.verify_pin(world.operator.id, None)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        e.verify_pin(None, "pin:Kx1357")  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        e.verify_pin(world.operator.id, b"13\xff57")
    e.set_pin(world.operator.id, 'pin:Kx24680', actor=world.operator.id)
    assert e.verify_pin(world.operator.id, "pin:Kx24680") and not e.verify_pin(world.operator.id, "pin:Kx1357")
    e.set_pin(world.manager.id, "1111", actor=world.admin.id)
    assert e.verify_pin(world.manager.id, "1111")
    e.set_pin(world.manager.id, None, actor=world.manager.id)  # cleared by its owner
    assert not e.verify_pin(world.manager.id, "1111")
    with pytest.raises(boxoffice.PermissionDenied):
        e.set_pin(world.manager.id, "3333", actor=world.operator.id)
    with pytest.raises(boxoffice.PermissionDenied):
        e.set_pin(world.admin.id, "3333", actor=world.manager.id)
    for pin in ("12", "7" * 129, b"\xff\xff\xff\xff"):
        with pytest.raises(boxoffice.InvalidArgument):
            e.set_pin(world.operator.id, pin, actor=world.operator.id)
    with pytest.raises(boxoffice.InvalidArgument):
        e.set_pin(None, "4444")  # type: ignore[arg-type]
    with pytest.raises(boxoffice.NotFound):
        e.set_pin(UNKNOWN, "4444")


# -- customers -----------------------------------------------------------------------------


def test_customers(world: World) -> None:
    e, org, customer = world.engine, world.org, world.customer
    assert customer.details == CustomerDetails("ada@example.com", "Ada", "Lovelace", None, False)
    bob = e.create_customer(world.org2.id, "bob@example.com")
    assert bob.details.first_name == "" and bob.organization_id == world.org2.id
    assert e.customer(customer.id) == customer
    updated = e.update_customer(
        customer.id, dataclasses.replace(customer.details, phone="+44 20 7946 0000", marketing_consent=True),
        expected_version=customer.version, actor=world.manager.id,
    )
    assert updated.details.phone == "+44 20 7946 0000" and updated.details.marketing_consent is True
    with pytest.raises(boxoffice.VersionConflict):
        e.update_customer(customer.id, CustomerDetails("ada@example.com"), expected_version=customer.version)
    with pytest.raises(boxoffice.Duplicate):
        e.create_customer(org.id, "ADA@example.com")
    for kwargs in (dict(email="not an email"), dict(email="p@example.com", phone="1" * 41),
                   dict(email="p@example.com", marketing_consent="yes"), dict(email="")):
        with pytest.raises(boxoffice.InvalidArgument):
            e.create_customer(org.id, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_customer(org.id, None)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_customer(None, "p@example.com")  # type: ignore[arg-type]
    with pytest.raises(boxoffice.NotFound):
        e.create_customer(UNKNOWN, "p@example.com")
    with pytest.raises(boxoffice.PermissionDenied):
        e.create_customer(org.id, "p@example.com", actor=world.operator.id)
    assert e.customer(UNKNOWN) is None
    with pytest.raises(boxoffice.InvalidArgument):
        e.customer(None)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.NotFound):
        e.update_customer(UNKNOWN, CustomerDetails("p@example.com"))
    with pytest.raises(boxoffice.InvalidArgument):
        e.update_customer(customer.id, CustomerDetails(""))
    with pytest.raises(boxoffice.PermissionDenied):
        e.update_customer(customer.id, customer.details, actor=world.analyst.id)


# -- events and tiers ----------------------------------------------------------------------


def test_events(world: World) -> None:
    e, org, event = world.engine, world.org, world.event
    starts, ends = event.details.starts_at, event.details.ends_at
    assert event.status == "published" and event.details.capacity == 100 and event.details.tags == ("jazz", "live")
    assert event.details.venue_name == "Blue Hall" and event.held == 0 and event.sold == 0
    assert world.draft.status == "draft"

    bad = [
        dict(title="Backwards", starts_at=ends, ends_at=starts),
        dict(title="", starts_at=starts, ends_at=ends),
        dict(title="T", starts_at=starts, ends_at=ends, visibility="secret"),
        dict(title="T", starts_at=starts, ends_at=ends, capacity=-1),
        dict(title="T", starts_at=starts, ends_at=ends, capacity=2**63 - 1),
        dict(title="T", starts_at=starts, ends_at=ends, sales_start_at=starts, sales_end_at=starts - 1),
        dict(title="T", starts_at="tomorrow", ends_at=1),
        dict(title="T", starts_at=starts, ends_at=ends, tags=[""]),
    ]
    for kwargs in bad:
        with pytest.raises(boxoffice.InvalidArgument):
            e.create_event(org.id, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_event(None, "T", starts, ends)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.NotFound):
        e.create_event(UNKNOWN, "T", starts, ends)
    with pytest.raises(boxoffice.PermissionDenied):
        e.create_event(org.id, "T", starts, ends, actor=world.operator.id)
    with pytest.raises(boxoffice.PermissionDenied):
        e.create_event(world.org2.id, "T", starts, ends, actor=world.manager.id)

    # Lookups and updates.
    assert e.event(event.id) == event
    assert e.event(UNKNOWN) is None
    with pytest.raises(boxoffice.InvalidArgument):
        e.event(None)  # type: ignore[arg-type]
    updated = e.update_event(
        event.id, dataclasses.replace(event.details, description="Late sets."),
        expected_version=event.version, actor=world.manager.id,
    )
    assert updated.details.description == "Late sets." and updated.version == event.version + 1
    assert updated.details.city == "Lyon"
    with pytest.raises(boxoffice.VersionConflict):
        e.update_event(event.id, event.details, expected_version=event.version, actor=world.manager.id)
    with pytest.raises(boxoffice.PermissionDenied):
        e.update_event(event.id, event.details, actor=world.operator.id)
    with pytest.raises(boxoffice.NotFound):
        e.update_event(UNKNOWN, event.details)
    with pytest.raises(boxoffice.InvalidArgument):
        e.update_event(event.id, dataclasses.replace(event.details, capacity=-5))
    with pytest.raises(boxoffice.InvalidArgument):
        e.update_event(event.id, None)  # type: ignore[arg-type]

    # Publishing needs a tier, and a draft.
    with pytest.raises(boxoffice.InvalidArgument):
        e.publish_event(world.draft.id, actor=world.manager.id)
    with pytest.raises(boxoffice.InvalidState):
        e.publish_event(event.id, actor=world.manager.id)
    with pytest.raises(boxoffice.NotFound):
        e.publish_event(UNKNOWN)
    with pytest.raises(boxoffice.InvalidArgument):
        e.publish_event(None)  # type: ignore[arg-type]

    # Lists.
    titles = [x.details.title for x in e.events(org.id)]
    assert titles == ["Jazz Night", "Rehearsal", "Small Gig"]  # by start time
    assert e.events(UNKNOWN) == []
    with pytest.raises(boxoffice.InvalidArgument):
        e.events(None)  # type: ignore[arg-type]


def test_ticket_types(world: World) -> None:
    e, event, general = world.engine, world.event, world.general
    assert general.details == TicketTypeDetails("General", 2500, "EUR", 50)
    assert world.vip.details.min_per_order == 2 and world.vip.details.max_per_order == 4
    assert world.vip.details.description == "Front rows" and world.vip.event_id == event.id

    bad = [
        dict(name="Dollars", price_minor=100, currency="USD", quantity=5),
        dict(name="Neg", price_minor=100, currency="EUR", quantity=-1),
        dict(name="Huge", price_minor=100, currency="EUR", quantity=2_000_000_000),
        dict(name="Huger", price_minor=100, currency="EUR", quantity=99999999999999999999),  # beyond int64
        dict(name="Paid", price_minor=-100, currency="EUR", quantity=5),
        dict(name="Min0", price_minor=100, currency="EUR", quantity=5, min_per_order=0),
        dict(name="MaxMin", price_minor=100, currency="EUR", quantity=5, min_per_order=4, max_per_order=2),
    ]
    for kwargs in bad:
        with pytest.raises(boxoffice.InvalidArgument):
            e.create_ticket_type(event.id, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_ticket_type(None, "X", 1, "EUR", 5)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.NotFound):
        e.create_ticket_type(UNKNOWN, "X", 1, "EUR", 5)
    with pytest.raises(boxoffice.PermissionDenied):
        e.create_ticket_type(event.id, "X", 1, "EUR", 5, actor=world.operator.id)

    updated = e.update_ticket_type(
        general.id, dataclasses.replace(general.details, description="Standing"), expected_version=1, actor=world.manager.id
    )
    assert updated.details.description == "Standing" and updated.version == 2
    with pytest.raises(boxoffice.VersionConflict):
        e.update_ticket_type(general.id, general.details, expected_version=1)
    with pytest.raises(boxoffice.InvalidArgument):
        e.update_ticket_type(general.id, dataclasses.replace(general.details, currency="USD"))
    with pytest.raises(boxoffice.PermissionDenied):
        e.update_ticket_type(general.id, general.details, actor=world.operator.id)
    with pytest.raises(boxoffice.NotFound):
        e.update_ticket_type(UNKNOWN, general.details)
    with pytest.raises(boxoffice.InvalidArgument):
        e.update_ticket_type(None, general.details)  # type: ignore[arg-type]

    assert [t.details.name for t in e.ticket_types(event.id)] == ["General", "VIP"]
    assert e.ticket_types(UNKNOWN) == []
    with pytest.raises(boxoffice.InvalidArgument):
        e.ticket_types(None)  # type: ignore[arg-type]


# -- availability --------------------------------------------------------------------------


def test_availability(world: World) -> None:
    e = world.engine
    a = e.availability(world.event.id)
    assert a.event_id == world.event.id and a.event_status == "published"
    assert a.capacity == 100 and a.capacity_remaining == 100
    assert [t.ticket_type_id for t in a.tiers] == [world.general.id, world.vip.id]  # sort order
    general = a.tiers[0]
    assert (general.name, general.currency, general.price_minor) == ("General", "EUR", 2500)
    assert general.on_sale_now is True and general.hidden is False
    assert (general.quantity, general.held, general.sold, general.available) == (50, 0, 0, 50)
    assert a.tier(world.vip.id) is not None and a.tier(world.vip.id).available == 10  # type: ignore[union-attr]
    assert a.tier(UNKNOWN) is None

    draft = e.availability(world.draft.id)
    assert draft.event_status == "draft" and draft.tiers == () and draft.capacity is None
    assert draft.capacity_remaining is None
    with pytest.raises(boxoffice.NotFound):
        e.availability(UNKNOWN)
    with pytest.raises(boxoffice.InvalidArgument):
        e.availability(None)  # type: ignore[arg-type]

    # Non-ASCII names come back as they went in.
    tier = e.create_ticket_type(world.draft.id, "Tribüne – 東", 100, "EUR", 3, hidden=True)
    names = [(t.name, t.hidden, t.on_sale_now) for t in e.availability(world.draft.id).tiers]
    assert names == [("Tribüne – 東", True, False)]
    assert tier.details.name == "Tribüne – 東"


# -- holds ---------------------------------------------------------------------------------


def test_holds(world: World) -> None:
    e, event, general, vip = world.engine, world.event, world.general, world.vip
    before = now_ms()
    total = 2 * (2500 + GENERAL_FEE) + 2 * (9000 + VIP_FEE)
    info = e.create_hold(event.id, [HoldItem(general.id, 2), (vip.id, 2)], customer_id=world.customer.id, ttl_ms=600000, idempotency_key='cart-1', actor=world.operator.id)
    assert info.ticket_count == 4 and info.status == "active" and info.total_minor == total
    assert info.event_id == event.id
    assert before + 600_000 - 1000 <= info.expires_at <= now_ms() + 600_000 + 1000
    assert world.stock(general) == (2, 0, 48) and world.stock(vip) == (2, 0, 8)

    # The same key and request: the same hold. Another request under the key: refused.
    again = e.create_hold(event.id, {general.id: 2, vip.id: 2}, customer_id=world.customer.id, ttl_ms=600000, idempotency_key='cart-1', actor=world.operator.id)
    assert again.hold_id == info.hold_id and world.stock(general) == (2, 0, 48)
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_hold(event.id, [(general.id, 2)], customer_id=world.customer.id, ttl_ms=600000, idempotency_key='cart-1', actor=world.operator.id)

    # Extend, look up, release.
    extended = e.extend_hold(info.hold_id, ttl_ms=1200000, actor=world.operator.id)
    assert extended.hold_id == info.hold_id and extended.expires_at > info.expires_at and extended.status == "active"
    for ttl in (0, -5, 2**63 - 1):
        with pytest.raises(boxoffice.InvalidArgument):
            e.extend_hold(info.hold_id, ttl_ms=ttl)
    with pytest.raises(boxoffice.InvalidArgument):
        e.extend_hold(info.hold_id, ttl_ms=2 ** 63)  # does not fit int64: refused before C
    with pytest.raises(boxoffice.InvalidArgument):
        e.extend_hold(None, ttl_ms=1000)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.NotFound):
        e.extend_hold(UNKNOWN, ttl_ms=1000)
    with pytest.raises(boxoffice.PermissionDenied):
        e.extend_hold(info.hold_id, ttl_ms=1000, actor=world.analyst.id)

    hold = e.hold(info.hold_id)
    assert hold is not None and hold.status == "active" and hold.idempotency_key == "cart-1"
    assert hold.customer_id == world.customer.id and hold.order_id is None
    assert {(line.ticket_type_id, line.quantity, line.unit_price_minor, line.fee_per_ticket_minor) for line in hold.items} == {
        (general.id, 2, 2500, GENERAL_FEE), (vip.id, 2, 9000, VIP_FEE)
    }
    assert e.hold(UNKNOWN) is None
    with pytest.raises(boxoffice.InvalidArgument):
        e.hold(None)  # type: ignore[arg-type]

    with pytest.raises(boxoffice.PermissionDenied):
        e.release_hold(info.hold_id, actor=world.analyst.id)
    released = e.release_hold(info.hold_id, actor=world.operator.id)
    assert released.status == "released" and released.ticket_count == 4
    assert e.release_hold(info.hold_id).status == "released"  # ended already: no change
    assert world.stock(general) == (0, 0, 50) and world.stock(vip) == (0, 0, 10)
    with pytest.raises(boxoffice.HoldExpired):
        e.extend_hold(info.hold_id, ttl_ms=1000)
    # Paid after all (a late payment): its tickets are free, so they are taken again.
    assert e.confirm_hold(info.hold_id).order.status == "confirmed"
    assert world.stock(general) == (0, 2, 48)
    with pytest.raises(boxoffice.NotFound):
        e.release_hold(UNKNOWN)
    with pytest.raises(boxoffice.InvalidArgument):
        e.release_hold(None)  # type: ignore[arg-type]


def test_bad_holds(world: World) -> None:
    e, event, general, vip = world.engine, world.event, world.general, world.vip
    invalid = [
        [],  # no items
        [(general.id, 1)] * 51,  # more than 50
        [(general.id, 1), (general.id, 1)],  # a tier twice
        [(general.id, 0)],
        [(general.id, -3)],
        [(general.id, 10001)],
        [(general.id, 2**63 - 1)],
        [(general.id, -(2**63))],
        [(general.id, 2**64)],  # does not fit int64: refused before C
        [(general.id, 6000), (vip.id, 6000)],  # 12000 in all
        [(world.last_two.id, 1)],  # a tier of another event
        [(None, 1)],
    ]
    for items in invalid:
        with pytest.raises(boxoffice.InvalidArgument):
            e.create_hold(event.id, items)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_hold(event.id, None)
    for ttl in (0, -1, 2**63 - 1):
        with pytest.raises(boxoffice.InvalidArgument):
            e.create_hold(event.id, [(general.id, 1)], ttl_ms=ttl)
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_hold(None, [(general.id, 1)])  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_hold(event.id, [(general.id, 1)], idempotency_key="")
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_hold(event.id, [(general.id, 1)], idempotency_key=b"key\xff")
    with pytest.raises(boxoffice.NotFound):
        e.create_hold(UNKNOWN, [(general.id, 1)])
    with pytest.raises(boxoffice.NotFound):
        e.create_hold(event.id, [(general.id, 1)], customer_id=UNKNOWN)
    with pytest.raises(boxoffice.NotFound):
        e.create_hold(event.id, [(UNKNOWN, 1)])
    other_customer = e.create_customer(world.org2.id, "carl@example.com")
    with pytest.raises(boxoffice.InvalidArgument):
        e.create_hold(event.id, [(general.id, 1)], customer_id=other_customer.id)
    with pytest.raises(boxoffice.LimitExceeded) as limit:
        e.create_hold(event.id, [(vip.id, 1)])  # below VIP's minimum of 2
    d = limit.value.details
    assert (d.ticket_type_id, d.name, d.requested, d.min, d.max) == (vip.id, "VIP", 1, 2, 4)
    with pytest.raises(boxoffice.LimitExceeded):
        e.create_hold(event.id, [(vip.id, 5)])  # above its maximum of 4
    with pytest.raises(boxoffice.LimitExceeded):
        e.create_hold(event.id, [(general.id, 11)])  # above the default maximum of 10
    with pytest.raises(boxoffice.NotOnSale):
        e.create_hold(world.draft.id, [(general.id, 1)])
    with pytest.raises(boxoffice.PermissionDenied):
        e.create_hold(event.id, [(general.id, 1)], actor=world.analyst.id)
    with pytest.raises(boxoffice.PermissionDenied):
        e.create_hold(event.id, [(general.id, 1)], actor=UNKNOWN)
    with pytest.raises(TypeError):
        e.create_hold(event.id, [(general.id, 1, 2)])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        e.create_hold(event.id, [(general.id, 1.5)])  # type: ignore[list-item]
    assert world.stock(general) == (0, 0, 50) and world.stock(vip) == (0, 0, 10)


def test_sold_out(world: World) -> None:
    e = world.engine
    world.buy(world.last_two, 1)
    with pytest.raises(boxoffice.SoldOut) as caught:
        e.create_hold(world.small.id, [(world.last_two.id, 2)])
    assert "Last Two" in caught.value.message and caught.value.code_name == "BO_SOLD_OUT"
    # What a program acts on is in details, not in the message.
    details = caught.value.details
    assert (details.ticket_type_id, details.name, details.remaining) == (world.last_two.id, "Last Two", 1)
    assert details.entity is None and details.state is None
    world.buy(world.last_two, 1)
    assert world.stock(world.last_two) == (0, 2, 0)


# -- confirmation and orders ---------------------------------------------------------------


def test_confirm_and_orders(world: World) -> None:
    e, event, general = world.engine, world.event, world.general
    info = e.create_hold(event.id, [(general.id, 4)], customer_id=world.customer.id, ttl_ms=600000, idempotency_key='cart-2', actor=world.operator.id)
    detail = e.confirm_hold(info.hold_id, payment_reference='pi_123', idempotency_key='pay-1', actor=world.operator.id)
    order = detail.order
    assert detail.id == order.id and order.hold_id == info.hold_id and order.event_id == event.id
    assert len(order.number) == 9 and order.status == "confirmed" and order.payment_status == "completed"
    assert order.payment_reference == "pi_123" and order.customer_id == world.customer.id
    assert order.total_minor == 4 * (2500 + GENERAL_FEE) and order.fees_minor == 4 * GENERAL_FEE
    assert order.subtotal_minor == 4 * 2500 and order.currency == "EUR" and order.refunded_minor == 0
    assert len(detail.items) == 1 and detail.items[0].quantity == 4 and detail.items[0].order_id == order.id
    assert len(detail.tickets) == 4 and len({t.code for t in detail.tickets}) == 4
    assert all(len(t.code) == 26 and t.status == "valid" and t.attendee_name == "Ada Lovelace" for t in detail.tickets)
    assert world.stock(general) == (0, 4, 46)

    # The same key for the same hold: the first order, nothing sold twice.
    assert e.confirm_hold(info.hold_id, payment_reference=None, idempotency_key='pay-1', actor=world.operator.id).id == order.id
    assert world.stock(general) == (0, 4, 46)
    # The same key for another hold; another key, or none, for the confirmed hold.
    other = e.create_hold(event.id, [(general.id, 1)])
    with pytest.raises(boxoffice.InvalidArgument):
        e.confirm_hold(other.hold_id, payment_reference=None, idempotency_key='pay-1')
    with pytest.raises(boxoffice.InvalidState) as caught:
        e.confirm_hold(info.hold_id, payment_reference=None, idempotency_key='pay-2', actor=world.operator.id)
    assert caught.value.order_id is None
    with pytest.raises(boxoffice.InvalidState):
        e.confirm_hold(info.hold_id)
    with pytest.raises(boxoffice.InvalidState):
        e.release_hold(info.hold_id)
    with pytest.raises(boxoffice.InvalidState):
        e.extend_hold(info.hold_id, ttl_ms=1000)

    # The hold then names its order.
    other_order = e.confirm_hold(other.hold_id)
    converted = e.hold(other.hold_id)
    assert converted is not None and converted.status == "converted" and converted.order_id == other_order.id

    # Bad confirmations leave an active hold active.
    pending = e.create_hold(event.id, [(general.id, 2)])
    with pytest.raises(boxoffice.InvalidArgument):
        e.confirm_hold(None)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.NotFound):
        e.confirm_hold(UNKNOWN)
    for reference, key in ((b"pi_\xff", None), ("", None), (None, ""), (None, b"\xe2\x28\xa1"), ("pi\udc80", None)):
        with pytest.raises(boxoffice.InvalidArgument):
            e.confirm_hold(pending.hold_id, payment_reference=reference, idempotency_key=key)
    with pytest.raises(boxoffice.PermissionDenied):
        e.confirm_hold(pending.hold_id, actor=world.analyst.id)
    assert world.stock(general) == (2, 5, 43)
    assert e.release_hold(pending.hold_id).status == "released"

    # Orders by id and by number (case and dashes forgiven).
    assert e.order(order.id) == detail
    assert e.order(number=order.number) == detail
    assert e.order(number=order.number.lower()) == detail
    assert e.order(number=order.number.replace("-", "")) == detail
    assert e.order(UNKNOWN) is None
    assert e.order(number="ZZZZ-ZZZZ") is None
    assert e.order(number="!!") is None
    with pytest.raises(boxoffice.InvalidArgument):
        e.order()
    with pytest.raises(boxoffice.InvalidArgument):
        e.order(number=b"7KQ2-\xff")


# -- check-in, tickets, transfer -----------------------------------------------------------


def test_checkin_and_transfer(world: World) -> None:
    e, event = world.engine, world.event
    detail = world.buy(world.general, 4, customer_id=world.customer.id)
    codes = [t.code for t in detail.tickets]
    ids = [t.id for t in detail.tickets]
    op = world.operator.id
    started = now_ms()

    first = e.check_in(codes[0], 'Gate A', event_id=event.id, actor=op)
    assert first == boxoffice.CheckInResult(True, None, ids[0], None, None, 0)
    second = e.check_in(codes[0], "Gate B", actor=op)
    assert not second.accepted and second.reason == "already_used" and second.ticket_id == ids[0]
    assert second.first_gate == "Gate A" and second.first_checked_in_at is not None
    assert second.first_checked_in_at >= started - 1000

    # A code typed in lowercase with dashes.
    typed = "-".join(codes[3][i:i + 4] for i in range(0, 26, 4)).lower()
    assert e.check_in(typed, 'Gate A', event_id=event.id).accepted

    # Unknown codes, another event.
    for code in ("0123456789ABCDEFGHJKMNPQRS", "hello world!"):
        unknown = e.check_in(code, "Gate A", actor=op)
        assert not unknown.accepted and unknown.reason == "unknown_code" and unknown.ticket_id is None
    wrong = e.check_in(codes[1], 'Gate A', event_id=world.small.id, actor=op)
    assert wrong.reason == "wrong_event" and wrong.ticket_id == ids[1]

    # Bad scans.
    bad_scans: List[Tuple[Any, Any]] = [
        (None, "Gate A"), (codes[1], None), (codes[1], ""), (codes[1], "g" * 101), ("A" * 201, "Gate A"),
        (codes[1], b"Gate \xff"), (b"\xff\xfe", "Gate A"), (codes[1], "Gate \ud800"),
    ]
    for bad_code, bad_gate in bad_scans:
        with pytest.raises(boxoffice.InvalidArgument):
            e.check_in(bad_code, bad_gate, actor=op)
    with pytest.raises(boxoffice.PermissionDenied):
        e.check_in(codes[1], "Gate A", actor=world.analyst.id)
    with pytest.raises(boxoffice.PermissionDenied):
        e.check_in(codes[1], "Gate A", actor=UNKNOWN)
    assert e.check_in("0123456789ABCDEFGHJKMNPQRS", "g" * 100).reason == "unknown_code"  # 100 bytes: the longest

    # Ticket lookups.
    ticket = e.ticket(codes[0])
    assert ticket is not None and ticket.ticket.status == "used" and ticket.ticket.checked_in_gate == "Gate A"
    assert ticket.ticket.checked_in_by == op and ticket.ticket.checked_in_at is not None
    assert [(c.gate, c.result, c.reason) for c in ticket.check_ins] == [
        ("Gate A", "accepted", None), ("Gate B", "rejected", "already_used")
    ]
    assert ticket.check_ins[0].operator_id == op and ticket.check_ins[0].ticket_id == ids[0]
    assert e.ticket("0123456789ABCDEFGHJKMNPQRS") is None
    assert e.ticket("hello world!") is None
    with pytest.raises(boxoffice.InvalidArgument):
        e.ticket(None)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        e.ticket(b"\xf0\x28\x8c\x28")

    # Transfer: a new code and attendee; the old code is rejected as transferred.
    with pytest.raises(boxoffice.PermissionDenied):
        e.transfer_ticket(codes[2], 'Grace Hopper', 'grace@example.com', actor=op)
    moved = e.transfer_ticket(codes[2], 'Grace Hopper', 'grace@example.com', actor=world.manager.id)
    assert moved.id == ids[2] and moved.code != codes[2] and len(moved.code) == 26
    assert moved.attendee_name == "Grace Hopper" and moved.attendee_email == "grace@example.com"
    assert len(moved.transfers) == 1 and moved.transfers[0].previous_code == codes[2]
    assert moved.transfers[0].from_name == "Ada Lovelace" and moved.transfers[0].by == f"user:{world.manager.id}"
    old = e.check_in(codes[2], 'Gate A', event_id=event.id, actor=op)
    assert old.reason == "transferred" and old.ticket_id == ids[2]
    fresh = e.ticket(moved.code)
    assert fresh is not None and fresh.ticket.status == "valid" and fresh.ticket.attendee_name == "Grace Hopper"
    assert e.ticket(codes[2]) is None
    with pytest.raises(boxoffice.NotFound):
        e.transfer_ticket(codes[2], "Grace Hopper", "grace@example.com")
    with pytest.raises(boxoffice.InvalidState):
        e.transfer_ticket(codes[0], "Alan Turing", "alan@example.com")  # used
    bad_transfers: List[Tuple[Any, Any, Any]] = [
        ("Alan Turing", "alan", codes[1]), ("", "alan@example.com", codes[1]),
        (b"Alan \xff", "alan@example.com", codes[1]), (None, "alan@example.com", codes[1]),
        ("Alan Turing", None, codes[1]), ("Alan Turing", "alan@example.com", None),
    ]
    for name, email, bad_code in bad_transfers:
        with pytest.raises(boxoffice.InvalidArgument):
            e.transfer_ticket(bad_code, name, email)
    with pytest.raises(boxoffice.NotFound):
        e.transfer_ticket("0123456789ABCDEFGHJKMNPQRS", "Alan Turing", "alan@example.com")

    # An organization without transfers, whose event is then cancelled.
    start = now_ms() + 86_400_000
    club = e.create_event(world.org2.id, "Closed Club", start, start + 3_600_000)
    door = e.create_ticket_type(club.id, "Door", 500, "EUR", 3)
    e.publish_event(club.id)
    club_ticket = world.buy(door, 1).tickets[0]
    with pytest.raises(boxoffice.TransferNotAllowed):
        e.transfer_ticket(club_ticket.code, "Alan Turing", "alan@example.com")
    with pytest.raises(boxoffice.PermissionDenied):
        e.check_in(club_ticket.code, "Gate A", actor=op)  # another organization's operator
    with pytest.raises(boxoffice.PermissionDenied):
        e.cancel_event(club.id, actor=world.manager.id)
    assert e.cancel_event(club.id).status == "cancelled"
    cancelled = e.check_in(club_ticket.code, "Door")
    assert cancelled.reason == "event_cancelled" and cancelled.ticket_id == club_ticket.id


# -- refunds and cancellation --------------------------------------------------------------


def test_refunds_and_cancel(world: World) -> None:
    e, general, manager = world.engine, world.general, world.manager.id
    a = world.buy(general, 4)
    b = world.buy(general, 1)
    ids = [t.id for t in a.tickets]
    e.check_in(a.tickets[0].code, "Gate A")  # a used ticket is refunded too

    with pytest.raises(boxoffice.PermissionDenied):
        e.refund_tickets(a.id, [ids[1]], actor=world.operator.id)
    partial = e.refund_tickets(a.id, [ids[1]], actor=manager)
    assert partial.order.status == "partially_refunded" and partial.order.refunded_minor == 2500 + GENERAL_FEE
    assert [t.status for t in partial.tickets] == ["used", "refunded", "valid", "valid"]
    assert world.stock(general) == (0, 4, 46)
    assert e.check_in(a.tickets[1].code, "Gate A").reason == "refunded"
    with pytest.raises(boxoffice.InvalidState):
        e.refund_tickets(a.id, [ids[1]], actor=manager)  # refunded already

    # Bad refunds.
    with pytest.raises(boxoffice.InvalidArgument):
        e.refund_tickets(a.id, [], actor=manager)
    with pytest.raises(boxoffice.InvalidArgument):
        e.refund_tickets(a.id, [ids[0]] * 10001, actor=manager)
    with pytest.raises(boxoffice.InvalidArgument):
        e.refund_tickets(a.id, None, actor=manager)
    with pytest.raises(boxoffice.InvalidArgument):
        e.refund_tickets(a.id, [ids[0], ids[0]], actor=manager)  # a ticket twice
    with pytest.raises(boxoffice.InvalidArgument):
        e.refund_tickets(a.id, [b.tickets[0].id], actor=manager)  # another order's
    with pytest.raises(boxoffice.InvalidArgument):
        e.refund_tickets(a.id, [None], actor=manager)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        e.refund_tickets(a.id, ids[0], actor=manager)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.NotFound):
        e.refund_tickets(a.id, [UNKNOWN], actor=manager)
    with pytest.raises(boxoffice.NotFound):
        e.refund_tickets(UNKNOWN, [ids[0]], actor=manager)
    with pytest.raises(boxoffice.InvalidArgument):
        e.refund_tickets(None, [ids[0]], actor=manager)  # type: ignore[arg-type]

    # The whole order, then a double refund.
    with pytest.raises(boxoffice.PermissionDenied):
        e.refund_order(a.id, actor=world.operator.id)
    refunded = e.refund_order(a.id, actor=manager)
    assert refunded.order.status == "refunded" and refunded.order.payment_status == "refunded"
    assert refunded.order.refunded_minor == 4 * (2500 + GENERAL_FEE)
    assert world.stock(general) == (0, 2, 48)  # order B's ticket, and A's used one keeps its place
    with pytest.raises(boxoffice.InvalidState):
        e.refund_order(a.id, actor=manager)
    with pytest.raises(boxoffice.InvalidState):
        e.refund_tickets(a.id, [ids[0]], actor=manager)
    with pytest.raises(boxoffice.InvalidState):
        e.cancel_order(a.id, reason=None, actor=manager)
    with pytest.raises(boxoffice.NotFound):
        e.refund_order(UNKNOWN)
    with pytest.raises(boxoffice.InvalidArgument):
        e.refund_order(None)  # type: ignore[arg-type]

    # Cancel order B.
    with pytest.raises(boxoffice.PermissionDenied):
        e.cancel_order(b.id, reason='no', actor=world.operator.id)
    with pytest.raises(boxoffice.InvalidArgument):
        e.cancel_order(b.id, reason=b'bad \xff reason', actor=manager)
    with pytest.raises(boxoffice.InvalidArgument):
        e.cancel_order(b.id, reason='bad \udcff reason', actor=manager)
    cancelled = e.cancel_order(b.id, reason='duplicate purchase', actor=manager)
    assert cancelled.order.status == "cancelled" and "duplicate purchase" in cancelled.order.notes
    with pytest.raises(boxoffice.InvalidState):
        e.cancel_order(b.id, reason=None, actor=manager)
    with pytest.raises(boxoffice.InvalidState):
        e.refund_order(b.id, actor=manager)
    with pytest.raises(boxoffice.NotFound):
        e.cancel_order(UNKNOWN)
    with pytest.raises(boxoffice.InvalidArgument):
        e.cancel_order(None)  # type: ignore[arg-type]
    assert e.check_in(b.tickets[0].code, "Gate A").reason == "cancelled"
    assert world.stock(general) == (0, 1, 49)  # the admitted ticket of order A

    c = world.buy(world.vip, 2, customer_id=world.customer.id)
    assert world.stock(world.vip) == (0, 2, 8)
    assert e.cancel_order(c.id).order.status == "cancelled"
    assert world.stock(world.vip) == (0, 0, 10)


# -- hold expiry ---------------------------------------------------------------------------


def test_expiry(world: World) -> None:
    e = world.engine
    hold_x = e.create_hold(world.small.id, [(world.last_two.id, 2)], ttl_ms=1)  # both "Last Two"
    hold_z = e.create_hold(world.event.id, [(world.general.id, 1)], ttl_ms=1)
    time.sleep(0.01)

    with pytest.raises(boxoffice.PermissionDenied):
        e.expire_holds(0, actor=world.analyst.id)
    with pytest.raises(boxoffice.InvalidArgument):
        e.expire_holds(-1)
    with pytest.raises(boxoffice.InvalidArgument):
        e.expire_holds(-(2**63))
    assert e.expire_holds(1, actor=world.operator.id) == 1  # at most one
    assert e.expire_holds() == 1  # the rest
    assert e.expire_holds(2**63 - 1) == 0
    assert world.stock(world.last_two) == (0, 0, 2)

    expired = e.hold(hold_x.hold_id)
    assert expired is not None and expired.status == "expired"
    with pytest.raises(boxoffice.HoldExpired):
        e.extend_hold(hold_x.hold_id, ttl_ms=60000)
    assert e.release_hold(hold_x.hold_id).status == "expired"  # ended already: no change

    # A late payment for an expired hold whose tickets are still free confirms.
    e.confirm_hold(hold_z.hold_id)
    assert world.stock(world.general) == (0, 1, 49)

    # Someone else buys the last two; the late payment for hold X then finds them gone.
    y = e.create_hold(world.small.id, [(world.last_two.id, 2)], customer_id=world.customer.id, ttl_ms=600000, idempotency_key=None, actor=world.operator.id)
    e.confirm_hold(y.hold_id, payment_reference=None, idempotency_key='late-y', actor=world.operator.id)
    with pytest.raises(boxoffice.HoldExpired) as caught:
        e.confirm_hold(hold_x.hold_id, payment_reference='pi_late', idempotency_key='late-x', actor=world.operator.id)
    assert caught.value.status == 5 and caught.value.order_id is None
    with pytest.raises(boxoffice.SoldOut):
        e.create_hold(world.small.id, [(world.last_two.id, 1)], ttl_ms=60_000)
    assert world.stock(world.last_two) == (0, 2, 0)


def test_expired_hold_swept_by_the_next_write(world: World) -> None:
    e = world.engine
    hold = e.create_hold(world.small.id, [(world.last_two.id, 2)], ttl_ms=1)
    time.sleep(0.01)
    assert world.stock(world.last_two) == (0, 0, 2)  # availability does not count expired holds
    world.buy(world.last_two, 2)  # the write sweeps the expired hold and takes its tickets
    with pytest.raises(boxoffice.HoldExpired):
        e.confirm_hold(hold.hold_id)


# -- event cancellation --------------------------------------------------------------------


def test_event_cancel(world: World) -> None:
    e = world.engine
    hold = e.create_hold(world.small.id, [(world.late.id, 2)])
    with pytest.raises(boxoffice.PermissionDenied):
        e.cancel_event(world.small.id, actor=world.operator.id)
    cancelled = e.cancel_event(world.small.id, actor=world.manager.id)
    assert cancelled.status == "cancelled"
    released = e.hold(hold.hold_id)
    assert released is not None and released.status == "released"
    assert world.stock(world.late)[:2] == (0, 0)
    assert e.availability(world.small.id).event_status == "cancelled"

    assert e.cancel_event(world.draft.id).status == "cancelled"
    with pytest.raises(boxoffice.InvalidState):
        e.cancel_event(world.small.id, actor=world.manager.id)
    with pytest.raises(boxoffice.InvalidState):
        e.publish_event(world.small.id, actor=world.manager.id)
    with pytest.raises(boxoffice.InvalidState):
        e.create_ticket_type(world.small.id, "More", 1, "EUR", 5)
    with pytest.raises(boxoffice.NotOnSale):
        e.create_hold(world.small.id, [(world.late.id, 1)])
    with pytest.raises(boxoffice.NotFound):
        e.cancel_event(UNKNOWN)
    with pytest.raises(boxoffice.InvalidArgument):
        e.cancel_event(None)  # type: ignore[arg-type]


# -- audit feed, verify, backup ------------------------------------------------------------


def test_audit_feed_and_verify(world: World) -> None:
    e = world.engine
    detail = world.buy(world.general, 2)
    e.check_in(detail.tickets[0].code, "Gate A", actor=world.operator.id)
    e.check_in(detail.tickets[0].code, "Gate A")
    with pytest.raises(boxoffice.PermissionDenied):
        e.create_hold(world.event.id, [(world.general.id, 1)], actor=world.analyst.id)

    feed = e.audit_feed(0, limit=10000)
    assert [entry.sequence for entry in feed] == list(range(1, len(feed) + 1))
    actions = {entry.action for entry in feed}
    assert {"organization.create", "user.create", "event.publish", "hold.create", "order.confirm",
            "ticket.check_in", "ticket.check_in_rejected", "permission.denied"} <= actions
    first = feed[0]
    assert first.action == "organization.create" and first.actor == "system" and first.actor_id is None
    assert first.entity_type == "organization" and first.entity_id == world.org.id
    by_operator = [x for x in feed if x.action == "ticket.check_in"]
    assert by_operator[0].actor_id == world.operator.id
    assert all("Kx1357" not in x.summary and "Kx24680" not in x.summary for x in feed)  # no PIN in the log

    page = e.audit_feed(1, limit=1)
    assert [x.sequence for x in page] == [2]
    assert e.audit_feed() == feed[:100]
    assert e.audit_feed(1000000000, limit=10) == []
    assert e.audit_feed(2 ** 64 - 1, limit=10) == []
    for limit in (0, -1, 10001, -(2**31)):
        with pytest.raises(boxoffice.InvalidArgument):
            e.audit_feed(0, limit=limit)
    for after, limit in ((-1, 10), (2**64, 10), (0, 2**31)):
        with pytest.raises(boxoffice.InvalidArgument):
            e.audit_feed(after, limit=limit)

    report = e.verify()
    assert report == boxoffice.VerificationReport(True, (), ())


def test_backup_and_read_only(world: World, tmp_path: Path) -> None:
    e = world.engine
    order = world.buy(world.general, 1)
    backup = tmp_path / "backup.boxoffice"
    e.sync()
    e.backup(backup)
    with pytest.raises(boxoffice.BadPath):
        e.backup(backup)  # it holds a store now
    with pytest.raises(boxoffice.BadPath):
        e.backup(backup / "data.mdb")  # a file
    e.backup(tmp_path / "missing" / "parent")  # missing parents are created
    with pytest.raises(boxoffice.BadPath):
        e.backup(backup / "data.mdb" / "under-a-file")
    with pytest.raises(boxoffice.InvalidArgument):
        e.backup(None)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        e.backup(b"/tmp/\xff\xfe")
    with pytest.raises(boxoffice.InvalidArgument):
        e.backup(str(tmp_path / "bad\udcff"))
    with pytest.raises(boxoffice.Busy):
        boxoffice.Engine(world.path)  # open here with other options (durable)

    with boxoffice.Engine(backup, read_only=True) as copy:
        assert copy.verify().clean
        assert copy.organization(slug="acme-live") == world.org
        assert copy.order(number=order.order.number) == order
        assert copy.availability(world.event.id).tier(world.general.id).sold == 1  # type: ignore[union-attr]
        with pytest.raises(boxoffice.ReadOnly):
            copy.create_organization("RO", "ro", "ro@acme.test", "EUR")


def test_a_fixed_clock_expires_holds_without_sleeping(world: World) -> None:
    e = world.engine
    start = datetime(2030, 1, 1, tzinfo=timezone.utc)
    e.set_clock(start)
    assert e.create_organization("Clocked", "clocked", "c@acme.test", "EUR").created_at == 1_893_456_000_000
    e.set_clock(None)
    now = e.create_organization("Unclocked", "unclocked", "u@acme.test", "EUR").created_at
    assert abs(now - int(time.time() * 1000)) < 60_000
    # A hold made now expires when the clock is moved past its TTL, with no sleep.
    info = e.create_hold(world.event.id, [(world.general.id, 1)], ttl_ms=60_000)
    e.set_clock(info.expires_at + 1)
    assert e.expire_holds() == 1
    assert e.hold(info.hold_id).status == "expired"
    e.set_clock(None)
    with pytest.raises(boxoffice.InvalidArgument):
        e.set_clock(-5)


def test_records_read_flat_with_enums(world: World) -> None:
    """event.title, order.number, hold.id; statuses and roles are str enums."""
    e, w = world.engine, world
    assert w.event.title == w.event.details.title and w.event.starts_at == w.event.details.starts_at
    order = w.buy(w.general, 1)
    assert order.number == order.order.number and order.status is boxoffice.OrderStatus.CONFIRMED
    assert order.status == "confirmed" and f"{order.status}" == "confirmed" and str(order.status) == "confirmed"
    hold = e.create_hold(w.event.id, [(w.general.id, 1)])
    assert hold.id == hold.hold_id and hold.status is boxoffice.HoldStatus.ACTIVE
    assert e.user(w.manager.id).role is boxoffice.Role.MANAGER
    assert e.availability(w.event.id).event_status is boxoffice.EventStatus.PUBLISHED
    e.release_hold(hold.hold_id)
    # An update takes the enum or its text.
    updated = e.update_event(w.event.id, dataclasses.replace(w.event.details, visibility=boxoffice.Visibility.PRIVATE))
    assert updated.visibility == "private"


def test_amounts_past_2_to_the_53_are_exact(tmp_path: Path) -> None:
    """9,999 tickets at 10^12 - 1 with fees of 1,000% plus 10^12 - 2 each: a total that a double
    rounds (…016); Python's JSON reads it as the exact int."""
    with boxoffice.Engine(tmp_path / "big.boxoffice", durability="async") as e:
        org = e.create_organization("Big", "big", "b@b.test", "EUR", service_fee_basis_points=100_000,
                                    fixed_fee_minor=10**12 - 2)
        start = now_ms() + 86_400_000
        event = e.create_event(org.id, "Gala", start, start + 3_600_000)
        tier = e.create_ticket_type(event.id, "Box", 10**12 - 1, "EUR", 9_999, max_per_order=9_999)
        e.publish_event(event.id)
        order = e.confirm_hold(e.create_hold(event.id, [(tier.id, 9_999)]).hold_id)
        assert order.order.total_minor == 119_987_999_999_870_013
        assert float(order.order.total_minor) != order.order.total_minor  # a double could not hold it
        assert boxoffice.format_money(order.order.total_minor, "EUR") == "1199879999998700.13 EUR"
