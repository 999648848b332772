"""The hot paths, which answer in C structs rather than JSON (api/operations.toml): hold items in;
the hold, the scan and availability out. Their Python types and conversions."""

from __future__ import annotations

from ctypes import Array
from dataclasses import dataclass
from typing import Any, Iterable, List, Mapping, Optional, Tuple, Union
from uuid import UUID

from ._marshal import _INT64, IdLike, _int, _required_id, _uuid_out
from ._structs import BoAvailability, BoCheckinResult, BoHoldInfo, BoHoldItem
from ._records import _enum
from ._types import CHECKIN_REASONS, EVENT_STATUSES, HOLD_STATUSES, CheckInReason, EventStatus, HoldStatus

# The C enums' values as the generated str enums (made once: these run on every hot-path answer).
_hold_status = _enum(HoldStatus)
_checkin_reason = _enum(CheckInReason)
_event_status = _enum(EventStatus)

__all__ = ["HoldItem", "HoldInfo", "TierAvailability", "Availability", "CheckInResult", "HoldItemLike", "HoldItems"]


@dataclass(frozen=True)
class HoldItem:
    """One tier and quantity to hold (``bo_hold_item``), for ``Engine.create_hold()``."""

    ticket_type_id: UUID
    quantity: int


@dataclass(frozen=True)
class HoldInfo:
    """A hold as ``create_hold()``, ``extend_hold()`` and ``release_hold()`` return it
    (``bo_hold_info``). ``status``: active, converted, released or expired. ``total_minor``:
    prices plus fees, frozen when the hold was made."""

    hold_id: UUID
    event_id: UUID
    expires_at: int
    ticket_count: int
    total_minor: int
    status: HoldStatus

    @property
    def id(self) -> UUID:
        """``hold_id``, under the name every other record uses."""
        return self.hold_id


@dataclass(frozen=True)
class TierAvailability:
    """One tier of an availability answer (``bo_tier_availability``). ``available`` is the stock
    left to hold, the event capacity included; ``on_sale_now`` says whether it can be held now.
    ``reserved_for_waitlist``: free stock kept for the waitlist entries waiting for the tier (not
    in ``available``; docs/WAITLIST.md)."""

    ticket_type_id: UUID
    name: str
    price_minor: int
    currency: str
    on_sale_now: bool
    quantity: int
    held: int
    sold: int
    available: int
    hidden: bool
    reserved_for_waitlist: int


@dataclass(frozen=True)
class Availability:
    """What an event can still sell (``bo_availability``). ``event_status``: draft, published,
    cancelled or completed. ``capacity`` and ``capacity_remaining`` are None when the event has
    no shared capacity. ``tiers`` in sort order."""

    event_id: UUID
    event_status: EventStatus
    capacity: Optional[int]
    capacity_remaining: Optional[int]
    tiers: Tuple[TierAvailability, ...]

    def tier(self, ticket_type_id: UUID) -> Optional[TierAvailability]:
        """The tier with this id, or None."""
        for tier in self.tiers:
            if tier.ticket_type_id == ticket_type_id:
                return tier
        return None


@dataclass(frozen=True)
class CheckInResult:
    """The answer to a scan (``bo_checkin_result``).

    ``accepted``: admit. ``reason``: None when accepted, else already_used, cancelled, refunded,
    unknown_code, transferred, wrong_event or event_cancelled (``reason_<n>`` for a reason this
    binding does not know: treat it as a rejection). ``ticket_id``: the ticket the code is or was
    (for transferred: the ticket now under its new code), None for an unknown code.
    ``first_checked_in_at`` and ``first_gate``: for already_used, the first admission; else None.
    ``reason_code``: the raw bo_checkin_reason.
    """

    accepted: bool
    reason: Optional[CheckInReason]
    ticket_id: Optional[UUID]
    first_checked_in_at: Optional[int]
    first_gate: Optional[str]
    reason_code: int = 0


#: One item of a hold: a ``HoldItem`` or a ``(ticket_type_id, quantity)`` pair.
HoldItemLike = Union[HoldItem, Tuple[IdLike, int]]
#: The items of a hold: ``HoldItem``s, pairs, or a mapping of ticket type id to quantity.
HoldItems = Union[Iterable[HoldItemLike], Mapping[UUID, int], Mapping[str, int], None]


def hold_items(items: Any) -> Tuple[Optional[Array], int]:
    """A bo_hold_item array and its count, from HoldItems, (ticket_type_id, quantity) pairs or a
    mapping of ticket type id to quantity."""
    if items is None:
        return None, 0
    if isinstance(items, Mapping):
        pairs: List[Any] = list(items.items())
    elif isinstance(items, (str, bytes, HoldItem)):
        raise TypeError("items must be a collection of HoldItem or (ticket_type_id, quantity) pairs")
    else:
        pairs = list(items)
    array = (BoHoldItem * len(pairs))()
    for index, item in enumerate(pairs):
        if isinstance(item, HoldItem):
            tier, quantity = item.ticket_type_id, item.quantity
        else:
            try:
                tier, quantity = item
            except (TypeError, ValueError):
                raise TypeError(
                    f"items[{index}] must be a HoldItem or a (ticket_type_id, quantity) pair, not {item!r}"
                ) from None
        array[index].ticket_type_id = _required_id(tier, f"items[{index}].ticket_type_id")
        array[index].quantity = _int(quantity, f"items[{index}].quantity", _INT64)
    return array, len(pairs)


def hold_info(info: BoHoldInfo) -> HoldInfo:
    return HoldInfo(
        hold_id=_uuid_out(info.hold_id),
        event_id=_uuid_out(info.event_id),
        expires_at=info.expires_at,
        ticket_count=info.ticket_count,
        total_minor=info.total_minor,
        status=_hold_status(HOLD_STATUSES.get(info.status, f"status_{info.status}")),
    )


def checkin_result(result: BoCheckinResult) -> CheckInResult:
    accepted = result.accepted != 0
    reason_code = int(result.reason)
    reason = None if accepted else _checkin_reason(CHECKIN_REASONS.get(reason_code, f"reason_{reason_code}"))
    already_used = not accepted and reason_code == 1
    return CheckInResult(
        accepted=accepted,
        reason=reason,
        ticket_id=_uuid_out(result.ticket_id) if result.has_ticket else None,
        first_checked_in_at=result.first_checked_in_at if already_used else None,
        first_gate=result.first_gate.decode("utf-8", "replace") if already_used else None,
        reason_code=reason_code,
    )


def availability(a: BoAvailability) -> Availability:
    tiers = tuple(
        TierAvailability(
            ticket_type_id=_uuid_out(t.ticket_type_id),
            name=(t.name or b"").decode("utf-8", "replace"),
            price_minor=t.price_minor,
            currency=t.currency.decode("ascii", "replace"),
            on_sale_now=t.on_sale_now != 0,
            quantity=t.quantity,
            held=t.held,
            sold=t.sold,
            available=t.available,
            hidden=t.hidden != 0,
            reserved_for_waitlist=t.reserved_for_waitlist,
        )
        for t in (a.tiers[i] for i in range(a.tier_count))
    )
    has_capacity = a.has_capacity != 0
    return Availability(
        event_id=_uuid_out(a.event_id),
        event_status=_event_status(EVENT_STATUSES.get(a.event_status, f"status_{a.event_status}")),
        capacity=a.capacity if has_capacity else None,
        capacity_remaining=a.capacity_remaining if has_capacity else None,
        tiers=tiers,
    )
