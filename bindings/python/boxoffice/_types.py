"""The records and answers of the engine, as frozen dataclasses.

Conventions, for every class here:

- Field names are the JSON keys of docs/C_API.md §4.2 in snake_case (``createdAt`` → ``created_at``).
- Ids are ``uuid.UUID``; times are ``int`` UTC milliseconds since the epoch; money is ``int`` minor
  units (cents) of the organization's currency; enumerations are their lowercase strings
  (``"published"``, ``"partially_refunded"``, ``"already_used"``).
- A key the library leaves out (an unset optional value) is ``None``.
- Nested collections are tuples (the objects are immutable and hashable); the lists returned by
  ``Engine.events()``, ``Engine.ticket_types()`` and ``Engine.audit_feed()`` are plain lists.
- The editable fields of a record are nested in its ``details`` (an ``*Details`` dataclass), as in
  the JSON. Updates take a whole details object and replace the stored one (C_API.md §3.12): to
  change one field, ``dataclasses.replace(record.details, field=value)`` and send that back.
  Details keep any key this binding does not know in ``extra`` so that an update sends it back
  unchanged.
"""

from __future__ import annotations

import dataclasses
from dataclasses import MISSING, dataclass, field
from typing import Any, Callable, Dict, Mapping, Optional, Tuple, Type, TypeVar
from uuid import UUID

__all__ = [
    "OrganizationDetails",
    "Organization",
    "UserDetails",
    "User",
    "CustomerDetails",
    "Customer",
    "EventDetails",
    "Event",
    "TicketTypeDetails",
    "TicketType",
    "TierAvailability",
    "Availability",
    "HoldItem",
    "HoldLine",
    "HoldInfo",
    "Hold",
    "Order",
    "OrderItem",
    "TicketTransfer",
    "Ticket",
    "OrderDetail",
    "CheckIn",
    "TicketDetail",
    "CheckInResult",
    "AuditEntry",
    "StorageProblem",
    "InvariantViolation",
    "VerificationReport",
    "ReaderSlot",
    "HOLD_STATUSES",
    "EVENT_STATUSES",
    "CHECKIN_REASONS",
]

#: bo_hold_status values and the strings this binding uses (the Hold JSON's "status").
HOLD_STATUSES: Dict[int, str] = {0: "active", 1: "converted", 2: "released", 3: "expired"}
#: bo_availability.event_status values (the Event JSON's "status").
EVENT_STATUSES: Dict[int, str] = {0: "draft", 1: "published", 2: "cancelled", 3: "completed"}
#: bo_checkin_reason values for rejections (the CheckIn JSON's "reason").
CHECKIN_REASONS: Dict[int, str] = {
    1: "already_used",
    2: "cancelled",
    3: "refunded",
    4: "unknown_code",
    5: "transferred",
    6: "wrong_event",
    7: "event_cancelled",
}

T = TypeVar("T")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _conv(converter: Callable[[Any], Any], default: Any = MISSING) -> Any:
    """A dataclass field whose JSON value goes through converter."""
    return field(default=default, metadata={"conv": converter})


def _tuple_of(cls: Any) -> Callable[[Any], Tuple[Any, ...]]:
    return lambda values: tuple(cls._from_json(value) for value in values)


def _nested(cls: Any) -> Callable[[Any], Any]:
    return lambda value: cls._from_json(value)


def _decode(cls: Type[T], obj: Mapping[str, Any]) -> T:
    if not isinstance(obj, Mapping):
        raise TypeError(f"libboxoffice returned {type(obj).__name__} where a {cls.__name__} object was expected")
    kwargs: Dict[str, Any] = {}
    known = set()
    extra_field = False
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name == "extra":
            extra_field = True
            continue
        key = _camel(f.name)
        known.add(key)
        value = obj.get(key)
        if value is None:
            if f.default is MISSING and f.default_factory is MISSING:
                raise ValueError(f"libboxoffice's {cls.__name__} JSON lacks the key {key!r}")
            continue
        converter = f.metadata.get("conv")
        kwargs[f.name] = converter(value) if converter is not None else value
    if extra_field:
        kwargs["extra"] = {key: value for key, value in obj.items() if key not in known}
    return cls(**kwargs)


class _Details:
    """Shared by the *Details classes: the JSON object the create and update functions read."""

    def _to_json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = dict(getattr(self, "extra", {}) or {})
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            if value is None:
                out.pop(_camel(f.name), None)  # absent: the library's default
                continue
            if isinstance(value, tuple):
                value = list(value)
            out[_camel(f.name)] = value
        return out

    @classmethod
    def _from_json(cls: Type[T], obj: Mapping[str, Any]) -> T:
        return _decode(cls, obj)


class _Record:
    @classmethod
    def _from_json(cls: Type[T], obj: Mapping[str, Any]) -> T:
        return _decode(cls, obj)


def _extra() -> Any:
    return field(default_factory=dict, repr=False, compare=False)


# ---------------------------------------------------------------------------------------------
# Organizations, users, customers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationDetails(_Details):
    """An organization's editable fields (C_API.md §4.1). The currency cannot change."""

    name: str
    slug: str
    email: str
    currency: str
    time_zone: str = "UTC"
    service_fee_basis_points: int = 0
    fixed_fee_minor: int = 0
    transfers_allowed: bool = True
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class Organization(_Record):
    """The tenant that sells tickets."""

    id: UUID = _conv(UUID)
    created_at: int = _conv(int)
    updated_at: int = _conv(int)
    version: int = _conv(int)
    details: OrganizationDetails = _conv(_nested(OrganizationDetails))


@dataclass(frozen=True)
class UserDetails(_Details):
    """A member of staff: role is owner, admin, manager, support, operator or analyst; status
    active or inactive."""

    name: str
    email: str
    role: str
    status: str = "active"
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class User(_Record):
    """A member of staff. ``has_pin``: whether a PIN is set (the hash never leaves the engine)."""

    id: UUID = _conv(UUID)
    organization_id: UUID = _conv(UUID)
    created_at: int = _conv(int)
    updated_at: int = _conv(int)
    version: int = _conv(int)
    details: UserDetails = _conv(_nested(UserDetails))
    has_pin: bool = _conv(bool)


@dataclass(frozen=True)
class CustomerDetails(_Details):
    """Someone who buys tickets. ``phone`` None: not set."""

    email: str
    first_name: str = ""
    last_name: str = ""
    phone: Optional[str] = None
    marketing_consent: bool = False
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class Customer(_Record):
    """A customer of an organization."""

    id: UUID = _conv(UUID)
    organization_id: UUID = _conv(UUID)
    created_at: int = _conv(int)
    updated_at: int = _conv(int)
    version: int = _conv(int)
    details: CustomerDetails = _conv(_nested(CustomerDetails))


# ---------------------------------------------------------------------------------------------
# Events and tiers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventDetails(_Details):
    """An event's editable fields (C_API.md §4.1). Times in ms. ``sales_start_at`` None: sales
    open when the event is published; ``sales_end_at`` None: they close when it starts;
    ``capacity`` None: only the tiers' quantities count."""

    title: str
    starts_at: int
    ends_at: int
    description: str = ""
    category: str = ""
    tags: Tuple[str, ...] = _conv(tuple, ())
    time_zone: str = "UTC"
    venue_name: str = ""
    address: str = ""
    city: str = ""
    country: str = ""
    visibility: str = "public"
    sales_start_at: Optional[int] = None
    sales_end_at: Optional[int] = None
    capacity: Optional[int] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class Event(_Record):
    """An event. ``status``: draft, published, cancelled or completed; ``held`` and ``sold``: its
    tickets across all tiers."""

    id: UUID = _conv(UUID)
    organization_id: UUID = _conv(UUID)
    created_at: int = _conv(int)
    updated_at: int = _conv(int)
    version: int = _conv(int)
    details: EventDetails = _conv(_nested(EventDetails))
    status: str = _conv(str)
    held: int = _conv(int)
    sold: int = _conv(int)


@dataclass(frozen=True)
class TicketTypeDetails(_Details):
    """A tier's editable fields (C_API.md §4.1); the currency must be the organization's."""

    name: str
    price_minor: int
    currency: str
    quantity: int
    description: str = ""
    min_per_order: int = 1
    max_per_order: int = 10
    sales_start_at: Optional[int] = None
    sales_end_at: Optional[int] = None
    hidden: bool = False
    sort_order: int = 0
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class TicketType(_Record):
    """A tier of an event. ``held``: in active holds not yet swept; ``sold``: valid and used
    tickets."""

    id: UUID = _conv(UUID)
    event_id: UUID = _conv(UUID)
    created_at: int = _conv(int)
    updated_at: int = _conv(int)
    version: int = _conv(int)
    details: TicketTypeDetails = _conv(_nested(TicketTypeDetails))
    held: int = _conv(int)
    sold: int = _conv(int)


@dataclass(frozen=True)
class TierAvailability:
    """One tier of an availability answer (``bo_tier_availability``). ``available`` is the stock
    left to hold, the event capacity included; ``on_sale_now`` says whether it can be held now."""

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


@dataclass(frozen=True)
class Availability:
    """What an event can still sell (``bo_availability``). ``event_status``: draft, published,
    cancelled or completed. ``capacity`` and ``capacity_remaining`` are None when the event has
    no shared capacity. ``tiers`` in sort order."""

    event_id: UUID
    event_status: str
    capacity: Optional[int]
    capacity_remaining: Optional[int]
    tiers: Tuple[TierAvailability, ...]

    def tier(self, ticket_type_id: UUID) -> Optional[TierAvailability]:
        """The tier with this id, or None."""
        for tier in self.tiers:
            if tier.ticket_type_id == ticket_type_id:
                return tier
        return None


# ---------------------------------------------------------------------------------------------
# Holds
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoldItem:
    """One tier and quantity to hold (``bo_hold_item``), for ``Engine.create_hold()``."""

    ticket_type_id: UUID
    quantity: int


@dataclass(frozen=True)
class HoldLine(_Record):
    """One tier of a stored hold, with the prices frozen when it was made."""

    ticket_type_id: UUID = _conv(UUID)
    quantity: int = _conv(int)
    unit_price_minor: int = _conv(int)
    fee_per_ticket_minor: int = _conv(int)


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
    status: str


@dataclass(frozen=True)
class Hold(_Record):
    """A stored hold (``Engine.hold()``). A hold past its expiry that was not swept yet still says
    ``"active"``: compare ``expires_at`` with now. ``order_id`` is set once converted."""

    id: UUID = _conv(UUID)
    event_id: UUID = _conv(UUID)
    created_at: int = _conv(int)
    updated_at: int = _conv(int)
    version: int = _conv(int)
    items: Tuple[HoldLine, ...] = _conv(_tuple_of(HoldLine))
    expires_at: int = _conv(int)
    status: str = _conv(str)
    customer_id: Optional[UUID] = _conv(UUID, None)
    idempotency_key: Optional[str] = None
    order_id: Optional[UUID] = _conv(UUID, None)


# ---------------------------------------------------------------------------------------------
# Orders and tickets
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Order(_Record):
    """An order. ``status``: confirmed, cancelled, refunded or partially_refunded (pending is
    unused); ``payment_status``: pending, completed, failed, refunded or partially_refunded;
    ``refunded_minor``: price plus fee of the refunded tickets; ``notes``: cancellation reasons,
    one per line."""

    id: UUID = _conv(UUID)
    created_at: int = _conv(int)
    updated_at: int = _conv(int)
    version: int = _conv(int)
    number: str = _conv(str)
    organization_id: UUID = _conv(UUID)
    event_id: UUID = _conv(UUID)
    hold_id: UUID = _conv(UUID)
    subtotal_minor: int = _conv(int)
    fees_minor: int = _conv(int)
    total_minor: int = _conv(int)
    currency: str = _conv(str)
    status: str = _conv(str)
    payment_status: str = _conv(str)
    refunded_minor: int = _conv(int)
    notes: str = _conv(str, "")
    customer_id: Optional[UUID] = _conv(UUID, None)
    payment_reference: Optional[str] = None


@dataclass(frozen=True)
class OrderItem(_Record):
    """One tier of an order."""

    id: UUID = _conv(UUID)
    created_at: int = _conv(int)
    updated_at: int = _conv(int)
    version: int = _conv(int)
    order_id: UUID = _conv(UUID)
    ticket_type_id: UUID = _conv(UUID)
    quantity: int = _conv(int)
    unit_price_minor: int = _conv(int)
    fee_per_ticket_minor: int = _conv(int)


@dataclass(frozen=True)
class TicketTransfer(_Record):
    """A transfer of a ticket. ``by`` is the audit actor text (``"system"`` or ``"user:<uuid>"``)."""

    at: int = _conv(int)
    by: str = _conv(str)
    previous_code: str = _conv(str)
    from_name: str = _conv(str)
    from_email: str = _conv(str)
    to_name: str = _conv(str)
    to_email: str = _conv(str)


@dataclass(frozen=True)
class Ticket(_Record):
    """A ticket. ``code``: 26 characters; ``status``: valid, used, cancelled or refunded;
    ``checked_in_by``: the operator (None for the system or when not checked in)."""

    id: UUID = _conv(UUID)
    created_at: int = _conv(int)
    updated_at: int = _conv(int)
    version: int = _conv(int)
    code: str = _conv(str)
    order_id: UUID = _conv(UUID)
    order_item_id: UUID = _conv(UUID)
    event_id: UUID = _conv(UUID)
    ticket_type_id: UUID = _conv(UUID)
    status: str = _conv(str)
    attendee_name: str = _conv(str)
    attendee_email: str = _conv(str)
    price_minor: int = _conv(int)
    fee_minor: int = _conv(int)
    transfers: Tuple[TicketTransfer, ...] = _conv(_tuple_of(TicketTransfer), ())
    checked_in_at: Optional[int] = None
    checked_in_by: Optional[UUID] = _conv(UUID, None)
    checked_in_gate: Optional[str] = None


@dataclass(frozen=True)
class OrderDetail(_Record):
    """An order with its items and tickets, in creation order (``{"order","items","tickets"}``)."""

    order: Order = _conv(_nested(Order))
    items: Tuple[OrderItem, ...] = _conv(_tuple_of(OrderItem))
    tickets: Tuple[Ticket, ...] = _conv(_tuple_of(Ticket))

    @property
    def id(self) -> UUID:
        """The order's id."""
        return self.order.id


@dataclass(frozen=True)
class CheckIn(_Record):
    """One scan of a code. ``result``: accepted or rejected; ``reason`` (rejections):
    already_used, cancelled, refunded, unknown_code, transferred, wrong_event, event_cancelled."""

    id: UUID = _conv(UUID)
    created_at: int = _conv(int)
    updated_at: int = _conv(int)
    version: int = _conv(int)
    code: str = _conv(str)
    gate: str = _conv(str)
    at: int = _conv(int)
    result: str = _conv(str)
    ticket_id: Optional[UUID] = _conv(UUID, None)
    event_id: Optional[UUID] = _conv(UUID, None)
    operator_id: Optional[UUID] = _conv(UUID, None)
    reason: Optional[str] = None


@dataclass(frozen=True)
class TicketDetail(_Record):
    """A ticket with its scans, oldest first (``{"ticket","checkIns"}``)."""

    ticket: Ticket = _conv(_nested(Ticket))
    check_ins: Tuple[CheckIn, ...] = _conv(_tuple_of(CheckIn), ())


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
    reason: Optional[str]
    ticket_id: Optional[UUID]
    first_checked_in_at: Optional[int]
    first_gate: Optional[str]
    reason_code: int = 0


# ---------------------------------------------------------------------------------------------
# Feed and maintenance
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditEntry(_Record):
    """One entry of the change feed. ``actor``: ``"system"`` or ``"user:<lowercase uuid>"`` (see
    ``actor_id``); ``action`` e.g. ``"order.confirm"``; ``summary`` e.g. ``"tickets=2"``."""

    sequence: int = _conv(int)
    at: int = _conv(int)
    actor: str = _conv(str)
    action: str = _conv(str)
    entity_type: str = _conv(str)
    summary: str = _conv(str, "")
    version: int = _conv(int, 0)
    entity_id: Optional[UUID] = _conv(UUID, None)

    @property
    def actor_id(self) -> Optional[UUID]:
        """The acting user's id, or None for the system."""
        if self.actor.startswith("user:"):
            return UUID(self.actor[5:])
        return None


@dataclass(frozen=True)
class StorageProblem(_Record):
    """A storage finding of ``verify()``: kind is undecodableRecord, misplacedRecord,
    missingIndexEntry, danglingIndexEntry, staleIndexEntry, undecodableIndexEntry or unchecked."""

    kind: str = _conv(str)
    table: str = _conv(str, "")
    key: str = _conv(str, "")
    detail: str = _conv(str, "")
    index: Optional[str] = None


@dataclass(frozen=True)
class InvariantViolation(_Record):
    """A broken ticketing invariant found by ``verify()`` (``entity_id`` as lowercase text)."""

    rule: str = _conv(str)
    entity_type: str = _conv(str, "")
    entity_id: str = _conv(str, "")
    detail: str = _conv(str, "")


@dataclass(frozen=True)
class ReaderSlot(_Record):
    """A reader slot of the file's lock table (``Engine.readers()``): a process reading
    (``transaction`` is the snapshot it reads), keeping an idle read transaction for reuse
    (``transaction == "-"``, released after 100 to 200 ms), or gone (``is_live`` False: a stale
    slot, which ``Engine.clear_stale_readers()`` frees)."""

    pid: int = _conv(int)
    thread: str = _conv(str, "")
    transaction: str = _conv(str, "")
    is_live: bool = _conv(bool, True)

    @property
    def is_idle(self) -> bool:
        """An idle read transaction kept for reuse: it pins no snapshot."""
        return self.transaction == "-"


@dataclass(frozen=True)
class VerificationReport:
    """What ``verify()`` found; ``clean`` when both lists are empty."""

    clean: bool
    storage: Tuple[StorageProblem, ...]
    invariants: Tuple[InvariantViolation, ...]
