"""``Engine``: one open BoxOffice store, and every operation of the C API as a method."""

from __future__ import annotations

import json
import os
import weakref
from ctypes import POINTER, byref, c_int32, c_int64, c_void_p, string_at
from typing import Any, Callable, Iterable, List, Mapping, Optional, Sequence, Tuple, Type, TypeVar, Union
from uuid import UUID

from ._errors import BoxOfficeError, InvalidArgument, error_for_status
from ._library import (
    BoAvailability,
    BoCheckinResult,
    BoHoldInfo,
    BoHoldItem,
    BoOptions,
    BoUUID,
    lib,
)
from ._types import (
    CHECKIN_REASONS,
    EVENT_STATUSES,
    HOLD_STATUSES,
    AuditEntry,
    Availability,
    CheckInResult,
    Customer,
    CustomerDetails,
    Event,
    EventDetails,
    Hold,
    HoldInfo,
    HoldItem,
    InvariantViolation,
    Organization,
    OrganizationDetails,
    OrderDetail,
    ReaderSlot,
    StorageProblem,
    Ticket,
    TicketDetail,
    TicketType,
    TicketTypeDetails,
    TierAvailability,
    User,
    UserDetails,
    VerificationReport,
    _Details,
)

__all__ = ["Engine", "IdLike", "Text", "HoldItemLike", "DURABILITY"]

#: An id argument: a ``uuid.UUID``, or its 36-character text.
IdLike = Union[UUID, str]
#: A text argument: ``str`` (encoded UTF-8), or ``bytes`` passed as they are (the library checks
#: that they are UTF-8).
Text = Union[str, bytes]
#: One item of a hold: a ``HoldItem`` or a ``(ticket_type_id, quantity)`` pair.
HoldItemLike = Union[HoldItem, Tuple[IdLike, int]]
PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

#: Durability names and their bo_durability values.
DURABILITY = {"durable": 0, "meta_async": 1, "async": 2}

_INT64 = (-(1 << 63), (1 << 63) - 1)
_UINT64 = (0, (1 << 64) - 1)
_INT32 = (-(1 << 31), (1 << 31) - 1)
_UINT32 = (0, (1 << 32) - 1)
_NIL = bytes(16)

R = TypeVar("R")


# ---------------------------------------------------------------------------------------------
# Arguments: Python values to C values, refusing what C cannot be given faithfully
# ---------------------------------------------------------------------------------------------


def _invalid(message: str) -> InvalidArgument:
    return InvalidArgument(2, message)


def _id(value: Optional[IdLike], name: str) -> Optional[BoUUID]:
    """A bo_uuid for an id argument, or None (NULL: the library answers BO_INVALID_ARGUMENT where
    the id is required)."""
    if value is None:
        return None
    if isinstance(value, UUID):
        return BoUUID.from_buffer_copy(value.bytes)
    if isinstance(value, str):
        try:
            return BoUUID.from_buffer_copy(UUID(value).bytes)
        except ValueError:
            raise _invalid(f"{name}: {value!r} is not a UUID") from None
    raise TypeError(f"{name} must be a uuid.UUID or its text, not {type(value).__name__}")


def _required_id(value: Optional[IdLike], name: str) -> BoUUID:
    struct = _id(value, name)
    if struct is None:
        raise _invalid(f"{name} is required (None given)")
    return struct


def _text(value: Optional[Text], name: str) -> Optional[bytes]:
    """UTF-8 bytes for a text argument, or None (NULL)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            data = value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise _invalid(
                f"{name} is not valid Unicode text: {error.reason} at index {error.start}"
            ) from None
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    else:
        raise TypeError(f"{name} must be str or bytes, not {type(value).__name__}")
    if b"\0" in data:
        raise _invalid(f"{name} contains a NUL character")
    return data


def _path(value: Optional[PathLike], name: str) -> Optional[bytes]:
    if value is None:
        return None
    return _text(os.fspath(value), name)


def _int(value: Any, name: str, bounds: Tuple[int, int]) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    low, high = bounds
    if not low <= value <= high:
        raise _invalid(f"{name} {value} is out of range ({low} to {high})")
    return int(value)


def _check_json_text(value: Any, where: str) -> None:
    """Refuses lone surrogates anywhere in a details object, naming the field."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise _invalid(f"{where} is not valid Unicode text: {error.reason} at index {error.start}") from None
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check_json_text(key, f"{where} key")
            _check_json_text(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _check_json_text(item, f"{where}[{index}]")


def _details(details: Any, cls: Type[_Details], name: str = "details") -> Optional[bytes]:
    if details is None:
        return None
    if not isinstance(details, cls):
        raise TypeError(f"{name} must be a {cls.__name__}, not {type(details).__name__}")
    obj = details._to_json()
    _check_json_text(obj, name)
    try:
        return json.dumps(obj, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as error:
        raise _invalid(f"{name} cannot be written as JSON: {error}") from None


def _uuid_out(struct: BoUUID) -> UUID:
    return UUID(bytes=bytes(struct.bytes))


def _hold_info(info: BoHoldInfo) -> HoldInfo:
    return HoldInfo(
        hold_id=_uuid_out(info.hold_id),
        event_id=_uuid_out(info.event_id),
        expires_at=info.expires_at,
        ticket_count=info.ticket_count,
        total_minor=info.total_minor,
        status=HOLD_STATUSES.get(info.status, f"status_{info.status}"),
    )


def _take_error(status: int, error: c_void_p) -> BoxOfficeError:
    """The exception for a failed call; frees the error object."""
    try:
        raw = lib.bo_error_message(error)
        message = raw.decode("utf-8", "replace") if raw else ""
        name = lib.bo_status_name(status)
        code_name = name.decode("ascii", "replace") if name else None
    finally:
        lib.bo_error_free(error)
    return error_for_status(status, message, code_name)


# ---------------------------------------------------------------------------------------------
# Engine
# ---------------------------------------------------------------------------------------------


class Engine:
    """An open BoxOffice store (a directory holding an LMDB environment).

    ``Engine(path)`` opens the store, creating it unless ``read_only``. Use it as a context
    manager, or call ``close()``; a finalizer closes a forgotten engine too. After ``close()``
    every method raises ``ClosedError``.

    Options (the fields of ``bo_options``; None keeps the library's default):

    - ``durability``, and what a power cut does (measured; docs/RELIABILITY.md): ``"durable"``
      (synced at every commit, the default: loses nothing acknowledged, never corrupts),
      ``"meta_async"`` (one flush per commit: may undo the last commits, never corrupts) or
      ``"async"`` (nothing synced, ``sync()`` flushes: a power cut CAN CORRUPT THE FILE, earlier
      commits included; afterwards run ``verify()`` and restore a backup if it finds problems;
      not for sales). A process crash loses nothing in any mode.
    - ``read_only``: no writes (``ReadOnly``); the store must exist.
    - ``map_size``: the initial map size in bytes (16 MiB); ``max_map_size``: the most it may grow
      to (1 TiB; writes past it raise ``StoreFull``).
    - ``file_mode`` (0o600), ``max_readers`` (126), ``idempotency_window_ms`` (24 h),
      ``max_hold_ms`` (24 h).

    Conventions of the methods: ids are ``uuid.UUID`` (their text is accepted too), times ``int``
    ms since the epoch, money ``int`` minor units. ``actor=None`` acts as the system; otherwise
    pass the id of the user on whose behalf the call is made (C_API.md §3.9). Failures raise the
    ``BoxOfficeError`` subclass of their status. Lookups (``organization()``, ``user()``,
    ``customer()``, ``event()``, ``hold()``, ``order()``, ``ticket()``) return None when nothing is
    found; everything else raises ``NotFound``. A required argument given as None raises
    ``InvalidArgument``, as the library does for NULL.

    One engine may be shared by any number of threads: the library is thread-safe and the calls
    release the GIL while they run.
    """

    def __init__(
        self,
        path: PathLike,
        *,
        durability: str = "durable",
        read_only: bool = False,
        map_size: Optional[int] = None,
        max_map_size: Optional[int] = None,
        file_mode: Optional[int] = None,
        max_readers: Optional[int] = None,
        idempotency_window_ms: Optional[int] = None,
        max_hold_ms: Optional[int] = None,
    ) -> None:
        self._handle: Optional[int] = None
        self._finalizer: Optional[Callable[[], Any]] = None
        self.path = path
        options = BoOptions()
        lib.bo_options_init(byref(options))
        if durability not in DURABILITY:
            raise _invalid(f"durability must be one of {', '.join(DURABILITY)}, not {durability!r}")
        options.durability = DURABILITY[durability]
        options.read_only = 1 if read_only else 0
        if map_size is not None:
            options.initial_map_size = _int(map_size, "map_size", _INT64)
        if max_map_size is not None:
            options.max_map_size = _int(max_map_size, "max_map_size", _INT64)
        if file_mode is not None:
            options.file_mode = _int(file_mode, "file_mode", _UINT32)
        if max_readers is not None:
            options.max_readers = _int(max_readers, "max_readers", _INT32)
        if idempotency_window_ms is not None:
            options.idempotency_window_ms = _int(idempotency_window_ms, "idempotency_window_ms", _INT64)
        if max_hold_ms is not None:
            options.max_hold_ms = _int(max_hold_ms, "max_hold_ms", _INT64)
        encoded = _path(path, "path")
        handle = c_void_p()
        error = c_void_p()
        status = lib.bo_open(encoded, byref(options), byref(handle), byref(error))
        if status != 0:
            raise _take_error(status, error)
        self._handle = handle.value
        self._finalizer = weakref.finalize(self, lib.bo_close, handle.value)

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Closes the engine; closing twice is harmless. Calls running on other threads finish
        first; later calls raise ``ClosedError``."""
        self._handle = None
        if self._finalizer is not None:
            self._finalizer()

    @property
    def closed(self) -> bool:
        """Whether ``close()`` was called."""
        return self._handle is None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<boxoffice.Engine {os.fspath(self.path)!r} {state}>"

    def sync(self) -> None:
        """Flushes commits to disk (needed with durability ``"async"`` or ``"meta_async"``)."""
        self._call(lib.bo_sync)

    # -- plumbing ----------------------------------------------------------------------------

    def _call(self, function: Any, *args: Any) -> None:
        """Calls function(engine, *args, &error); raises on failure."""
        error = c_void_p()
        status = function(self._handle, *args, byref(error))
        if status != 0:
            raise _take_error(status, error)

    def _json(self, function: Any, *args: Any, lookup: bool = False) -> Any:
        """Calls function(engine, *args, &json, &error) and returns the parsed JSON; the JSON is
        freed with bo_free(). With lookup, BO_NOT_FOUND returns None."""
        out = c_void_p()
        error = c_void_p()
        try:
            status = function(self._handle, *args, byref(out), byref(error))
            if status != 0:
                if lookup and status == 1:
                    lib.bo_error_free(error)
                    return None
                raise _take_error(status, error)
            if not out.value:
                raise BoxOfficeError(0, f"{function.__name__} returned BO_OK without JSON", "BO_OK")
            return json.loads(string_at(out.value))
        finally:
            if out.value:
                lib.bo_free(out)

    # -- organizations -----------------------------------------------------------------------

    def create_organization(
        self,
        name: str,
        slug: str,
        email: str,
        currency: str,
        *,
        time_zone: str = "UTC",
        service_fee_basis_points: int = 0,
        fixed_fee_minor: int = 0,
        transfers_allowed: bool = True,
        actor: Optional[IdLike] = None,
    ) -> Organization:
        """Creates an organization (only the system may: ``actor`` must be None). The currency,
        an ISO 4217 code, is fixed from then on. Raises ``Duplicate`` for a taken slug."""
        details = OrganizationDetails(
            name=name,
            slug=slug,
            email=email,
            currency=currency,
            time_zone=time_zone,
            service_fee_basis_points=service_fee_basis_points,
            fixed_fee_minor=fixed_fee_minor,
            transfers_allowed=transfers_allowed,
        )
        obj = self._json(lib.bo_organization_create, _details(details, OrganizationDetails), _id(actor, "actor"))
        return Organization._from_json(obj)

    def update_organization(
        self,
        id: IdLike,
        details: OrganizationDetails,
        *,
        expected_version: int = 0,
        actor: Optional[IdLike] = None,
    ) -> Organization:
        """Replaces an organization's details (admin or above); the currency cannot change.
        ``expected_version`` 0 means any, else ``VersionConflict`` if the record changed."""
        obj = self._json(
            lib.bo_organization_update,
            _id(id, "id"),
            _details(details, OrganizationDetails),
            _int(expected_version, "expected_version", _UINT64),
            _id(actor, "actor"),
        )
        return Organization._from_json(obj)

    def organization(self, id: Optional[IdLike] = None, slug: Optional[Text] = None) -> Optional[Organization]:
        """The organization with this id, or else this slug; None if there is none."""
        obj = self._json(lib.bo_organization_get, _id(id, "id"), _text(slug, "slug"), lookup=True)
        return None if obj is None else Organization._from_json(obj)

    # -- users -------------------------------------------------------------------------------

    def create_user(
        self,
        org_id: IdLike,
        name: str,
        email: str,
        role: str,
        pin: Optional[Text] = None,
        actor: Optional[IdLike] = None,
        *,
        status: str = "active",
    ) -> User:
        """Adds a member of staff (admin or above, not above the actor's own role). ``role``:
        owner, admin, manager, support, operator or analyst. ``pin``: None or 4 to 128 bytes,
        stored as a salted Argon2id hash."""
        details = UserDetails(name=name, email=email, role=role, status=status)
        obj = self._json(
            lib.bo_user_create,
            _id(org_id, "org_id"),
            _details(details, UserDetails),
            _text(pin, "pin"),
            _id(actor, "actor"),
        )
        return User._from_json(obj)

    def update_user(
        self,
        id: IdLike,
        details: UserDetails,
        *,
        expected_version: int = 0,
        actor: Optional[IdLike] = None,
    ) -> User:
        """Replaces a user's details (admin or above; neither the old nor the new role above the
        actor's). ``status="inactive"`` stops the user from acting."""
        obj = self._json(
            lib.bo_user_update,
            _id(id, "id"),
            _details(details, UserDetails),
            _int(expected_version, "expected_version", _UINT64),
            _id(actor, "actor"),
        )
        return User._from_json(obj)

    def user(self, id: IdLike) -> Optional[User]:
        """The user with this id, or None."""
        obj = self._json(lib.bo_user_get, _id(id, "id"), lookup=True)
        return None if obj is None else User._from_json(obj)

    def set_pin(self, user_id: IdLike, pin: Optional[Text], actor: Optional[IdLike] = None) -> None:
        """Sets a user's PIN (4 to 128 bytes), or clears it with None: the user themself, or an
        admin whose role is not below the user's."""
        self._call(lib.bo_user_set_pin, _id(user_id, "user_id"), _text(pin, "pin"), _id(actor, "actor"))

    def verify_pin(self, user_id: IdLike, pin: Text) -> bool:
        """Whether pin is the active user's PIN (False for an unknown or inactive user, or one
        without a PIN). Costs one Argon2id hash (tens of ms)."""
        ok = c_int32(0)
        self._call(lib.bo_user_verify_pin, _id(user_id, "user_id"), _text(pin, "pin"), byref(ok))
        return ok.value != 0

    # -- customers ---------------------------------------------------------------------------

    def create_customer(
        self,
        org_id: IdLike,
        email: str,
        *,
        first_name: str = "",
        last_name: str = "",
        phone: Optional[str] = None,
        marketing_consent: bool = False,
        actor: Optional[IdLike] = None,
    ) -> Customer:
        """Adds a customer (support or above). Raises ``Duplicate`` for a taken email."""
        details = CustomerDetails(
            email=email,
            first_name=first_name,
            last_name=last_name,
            phone=phone,
            marketing_consent=marketing_consent,
        )
        obj = self._json(lib.bo_customer_create, _id(org_id, "org_id"), _details(details, CustomerDetails), _id(actor, "actor"))
        return Customer._from_json(obj)

    def update_customer(
        self,
        id: IdLike,
        details: CustomerDetails,
        *,
        expected_version: int = 0,
        actor: Optional[IdLike] = None,
    ) -> Customer:
        """Replaces a customer's details (support or above)."""
        obj = self._json(
            lib.bo_customer_update,
            _id(id, "id"),
            _details(details, CustomerDetails),
            _int(expected_version, "expected_version", _UINT64),
            _id(actor, "actor"),
        )
        return Customer._from_json(obj)

    def customer(self, id: IdLike) -> Optional[Customer]:
        """The customer with this id, or None."""
        obj = self._json(lib.bo_customer_get, _id(id, "id"), lookup=True)
        return None if obj is None else Customer._from_json(obj)

    # -- events ------------------------------------------------------------------------------

    def create_event(
        self,
        org_id: IdLike,
        title: str,
        starts_at: int,
        ends_at: int,
        *,
        description: str = "",
        category: str = "",
        tags: Sequence[str] = (),
        time_zone: str = "UTC",
        venue_name: str = "",
        address: str = "",
        city: str = "",
        country: str = "",
        visibility: str = "public",
        sales_start_at: Optional[int] = None,
        sales_end_at: Optional[int] = None,
        capacity: Optional[int] = None,
        actor: Optional[IdLike] = None,
    ) -> Event:
        """Creates a draft event (manager or above). Give it tiers with ``create_ticket_type()``,
        then ``publish_event()``."""
        details = EventDetails(
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            description=description,
            category=category,
            tags=tuple(tags),
            time_zone=time_zone,
            venue_name=venue_name,
            address=address,
            city=city,
            country=country,
            visibility=visibility,
            sales_start_at=sales_start_at,
            sales_end_at=sales_end_at,
            capacity=capacity,
        )
        obj = self._json(lib.bo_event_create, _id(org_id, "org_id"), _details(details, EventDetails), _id(actor, "actor"))
        return Event._from_json(obj)

    def update_event(
        self,
        id: IdLike,
        details: EventDetails,
        *,
        expected_version: int = 0,
        actor: Optional[IdLike] = None,
    ) -> Event:
        """Replaces an event's details (manager or above); the capacity cannot drop below what is
        held and sold. Every sale changes an event's version: pass ``expected_version`` only to
        refuse an update if anything changed since the read."""
        obj = self._json(
            lib.bo_event_update,
            _id(id, "id"),
            _details(details, EventDetails),
            _int(expected_version, "expected_version", _UINT64),
            _id(actor, "actor"),
        )
        return Event._from_json(obj)

    def publish_event(self, id: IdLike, actor: Optional[IdLike] = None) -> Event:
        """Opens a draft event for sale (manager or above); it needs a tier (else
        ``InvalidArgument``), and ``InvalidState`` if it is not a draft."""
        return Event._from_json(self._json(lib.bo_event_publish, _id(id, "id"), _id(actor, "actor")))

    def cancel_event(self, id: IdLike, actor: Optional[IdLike] = None) -> Event:
        """Cancels an event (manager or above): sales stop and its active holds end. Sold tickets
        stay valid until refunded or cancelled, but the door rejects them."""
        return Event._from_json(self._json(lib.bo_event_cancel, _id(id, "id"), _id(actor, "actor")))

    def event(self, id: IdLike) -> Optional[Event]:
        """The event with this id, or None."""
        obj = self._json(lib.bo_event_get, _id(id, "id"), lookup=True)
        return None if obj is None else Event._from_json(obj)

    def events(self, org_id: IdLike) -> List[Event]:
        """The organization's events by start time (empty for an unknown organization)."""
        return [Event._from_json(obj) for obj in self._json(lib.bo_events_list, _id(org_id, "org_id"))]

    # -- tiers -------------------------------------------------------------------------------

    def create_ticket_type(
        self,
        event_id: IdLike,
        name: str,
        price_minor: int,
        currency: str,
        quantity: int,
        *,
        description: str = "",
        min_per_order: int = 1,
        max_per_order: int = 10,
        sales_start_at: Optional[int] = None,
        sales_end_at: Optional[int] = None,
        hidden: bool = False,
        sort_order: int = 0,
        actor: Optional[IdLike] = None,
    ) -> TicketType:
        """Adds a tier to a draft or published event (manager or above), priced in the
        organization's currency."""
        details = TicketTypeDetails(
            name=name,
            price_minor=price_minor,
            currency=currency,
            quantity=quantity,
            description=description,
            min_per_order=min_per_order,
            max_per_order=max_per_order,
            sales_start_at=sales_start_at,
            sales_end_at=sales_end_at,
            hidden=hidden,
            sort_order=sort_order,
        )
        obj = self._json(
            lib.bo_ticket_type_create, _id(event_id, "event_id"), _details(details, TicketTypeDetails), _id(actor, "actor")
        )
        return TicketType._from_json(obj)

    def update_ticket_type(
        self,
        id: IdLike,
        details: TicketTypeDetails,
        *,
        expected_version: int = 0,
        actor: Optional[IdLike] = None,
    ) -> TicketType:
        """Replaces a tier's details (manager or above); its quantity cannot drop below what is
        sold and held. A new price applies to holds made from now on."""
        obj = self._json(
            lib.bo_ticket_type_update,
            _id(id, "id"),
            _details(details, TicketTypeDetails),
            _int(expected_version, "expected_version", _UINT64),
            _id(actor, "actor"),
        )
        return TicketType._from_json(obj)

    def ticket_types(self, event_id: IdLike) -> List[TicketType]:
        """The event's tiers in sort order (empty for an unknown event)."""
        return [TicketType._from_json(obj) for obj in self._json(lib.bo_ticket_types_list, _id(event_id, "event_id"))]

    # -- availability ------------------------------------------------------------------------

    def availability(self, event_id: IdLike) -> Availability:
        """What an event can still sell, from one read of counters. Raises ``NotFound`` for an
        unknown event."""
        out = POINTER(BoAvailability)()
        error = c_void_p()
        status = lib.bo_availability_get(self._handle, _id(event_id, "event_id"), byref(out), byref(error))
        try:
            if status != 0:
                raise _take_error(status, error)
            a = out.contents
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
                )
                for t in (a.tiers[i] for i in range(a.tier_count))
            )
            has_capacity = a.has_capacity != 0
            return Availability(
                event_id=_uuid_out(a.event_id),
                event_status=EVENT_STATUSES.get(a.event_status, f"status_{a.event_status}"),
                capacity=a.capacity if has_capacity else None,
                capacity_remaining=a.capacity_remaining if has_capacity else None,
                tiers=tiers,
            )
        finally:
            if out:
                lib.bo_availability_free(out)

    # -- holds -------------------------------------------------------------------------------

    def create_hold(
        self,
        event_id: IdLike,
        items: Union[Iterable[HoldItemLike], Mapping[UUID, int], Mapping[str, int], None],
        customer_id: Optional[IdLike] = None,
        ttl_ms: int = 600_000,
        idempotency_key: Optional[Text] = None,
        actor: Optional[IdLike] = None,
    ) -> HoldInfo:
        """Reserves tickets of one or more tiers for ``ttl_ms``: every tier or none (operator or
        above). ``items``: ``HoldItem``s, ``(ticket_type_id, quantity)`` pairs, or a mapping of
        ticket type id to quantity (1 to 50 tiers, 1 to 10000 tickets in all).

        Raises ``SoldOut`` (the message names the tier short), ``NotOnSale``, ``LimitExceeded``,
        ``NotFound`` (event, tier, customer), ``InvalidArgument``. The same idempotency key with
        the same request returns the first hold."""
        array, count = _hold_items(items)
        info = BoHoldInfo()
        self._call(
            lib.bo_hold_create,
            _id(event_id, "event_id"),
            array,
            count,
            _id(customer_id, "customer_id"),
            _int(ttl_ms, "ttl_ms", _INT64),
            _text(idempotency_key, "idempotency_key"),
            _id(actor, "actor"),
            byref(info),
        )
        return _hold_info(info)

    def extend_hold(self, hold_id: IdLike, ttl_ms: int = 600_000, actor: Optional[IdLike] = None) -> HoldInfo:
        """Moves an active hold's expiry to ``ttl_ms`` from now. Raises ``HoldExpired`` (expired
        or released), ``InvalidState`` (converted), ``NotOnSale`` (sales closed)."""
        info = BoHoldInfo()
        self._call(lib.bo_hold_extend, _id(hold_id, "hold_id"), _int(ttl_ms, "ttl_ms", _INT64), _id(actor, "actor"), byref(info))
        return _hold_info(info)

    def release_hold(self, hold_id: IdLike, actor: Optional[IdLike] = None) -> HoldInfo:
        """Gives a hold's tickets back (a hold that already ended is unchanged). Raises
        ``InvalidState`` for a converted hold."""
        info = BoHoldInfo()
        self._call(lib.bo_hold_release, _id(hold_id, "hold_id"), _id(actor, "actor"), byref(info))
        return _hold_info(info)

    def expire_holds(self, limit: int = 0, actor: Optional[IdLike] = None) -> int:
        """Ends the holds that have expired, at most ``limit`` (0: all), and returns how many."""
        count = c_int64(0)
        self._call(lib.bo_holds_expire, _int(limit, "limit", _INT64), _id(actor, "actor"), byref(count))
        return count.value

    def hold(self, id: IdLike) -> Optional[Hold]:
        """The hold with this id (its items and frozen prices), or None."""
        obj = self._json(lib.bo_hold_get, _id(id, "id"), lookup=True)
        return None if obj is None else Hold._from_json(obj)

    # -- orders ------------------------------------------------------------------------------

    def confirm_hold(
        self,
        hold_id: IdLike,
        payment_reference: Optional[Text] = None,
        idempotency_key: Optional[Text] = None,
        actor: Optional[IdLike] = None,
    ) -> OrderDetail:
        """Turns a hold into an order with one ticket per seat, at the hold's prices (operator or
        above). Call it when the payment succeeded.

        Raises ``HoldExpired`` (the tickets are gone: refund the payment) and ``InvalidState``
        (confirmed already, under another key or none). The same ``idempotency_key`` for the same
        hold returns the first order. If the order was made but reading it back failed, the
        exception's ``order_id`` is set: retry with the same key."""
        order_id = BoUUID()
        out = c_void_p()
        error = c_void_p()
        try:
            status = lib.bo_hold_confirm(
                self._handle,
                _id(hold_id, "hold_id"),
                _text(payment_reference, "payment_reference"),
                _text(idempotency_key, "idempotency_key"),
                _id(actor, "actor"),
                byref(order_id),
                byref(out),
                byref(error),
            )
            if status != 0:
                exc = _take_error(status, error)
                if bytes(order_id.bytes) != _NIL:
                    exc.order_id = _uuid_out(order_id)
                raise exc
            if not out.value:
                raise BoxOfficeError(0, "bo_hold_confirm returned BO_OK without JSON", "BO_OK")
            return OrderDetail._from_json(json.loads(string_at(out.value)))
        finally:
            if out.value:
                lib.bo_free(out)

    def order(self, id: Optional[IdLike] = None, number: Optional[Text] = None) -> Optional[OrderDetail]:
        """The order with this id, or else this number (``"7KQ2-M9XA"``; case, dashes and O/0,
        I/1 confusions are forgiven), with its items and tickets; None if there is none."""
        obj = self._json(lib.bo_order_get, _id(id, "id"), _text(number, "number"), lookup=True)
        return None if obj is None else OrderDetail._from_json(obj)

    def cancel_order(self, order_id: IdLike, reason: Optional[Text] = None, actor: Optional[IdLike] = None) -> OrderDetail:
        """Cancels an order (manager or above): its tickets are cancelled and their seats return;
        no money moves. ``reason`` is appended to the order's notes."""
        obj = self._json(lib.bo_order_cancel, _id(order_id, "order_id"), _text(reason, "reason"), _id(actor, "actor"))
        return OrderDetail._from_json(obj)

    def refund_order(self, order_id: IdLike, actor: Optional[IdLike] = None) -> OrderDetail:
        """Refunds every remaining ticket of an order (manager or above); ``InvalidState`` if it
        is refunded or cancelled already."""
        return OrderDetail._from_json(self._json(lib.bo_order_refund, _id(order_id, "order_id"), _id(actor, "actor")))

    def refund_tickets(self, order_id: IdLike, ticket_ids: Optional[Iterable[IdLike]], actor: Optional[IdLike] = None) -> OrderDetail:
        """Refunds some tickets of an order (manager or above): 1 to 10000 distinct tickets of
        this order, each valid or used."""
        if ticket_ids is None:
            array, count = None, 0
        else:
            if isinstance(ticket_ids, (str, bytes, UUID)):
                raise TypeError("ticket_ids must be a collection of ids, not a single id")
            ids = [_required_id(ticket_id, f"ticket_ids[{index}]") for index, ticket_id in enumerate(ticket_ids)]
            array = (BoUUID * len(ids))(*ids)
            count = len(ids)
        obj = self._json(lib.bo_tickets_refund, _id(order_id, "order_id"), array, count, _id(actor, "actor"))
        return OrderDetail._from_json(obj)

    # -- tickets and check-in ----------------------------------------------------------------

    def check_in(
        self,
        code: Text,
        gate: Text,
        event_id: Optional[IdLike] = None,
        actor: Optional[IdLike] = None,
    ) -> CheckInResult:
        """Scans a ticket code at a gate (operator or above). A valid ticket is admitted and
        becomes used; anything else is a rejection with a reason (not an exception). With
        ``event_id``, tickets of other events are rejected."""
        result = BoCheckinResult()
        self._call(
            lib.bo_checkin,
            _text(code, "code"),
            _text(gate, "gate"),
            _id(event_id, "event_id"),
            _id(actor, "actor"),
            byref(result),
        )
        accepted = result.accepted != 0
        reason_code = int(result.reason)
        reason = None if accepted else CHECKIN_REASONS.get(reason_code, f"reason_{reason_code}")
        already_used = not accepted and reason_code == 1
        return CheckInResult(
            accepted=accepted,
            reason=reason,
            ticket_id=_uuid_out(result.ticket_id) if result.has_ticket else None,
            first_checked_in_at=result.first_checked_in_at if already_used else None,
            first_gate=result.first_gate.decode("utf-8", "replace") if already_used else None,
            reason_code=reason_code,
        )

    def ticket(self, code: Text) -> Optional[TicketDetail]:
        """The ticket with this code, with its scans; None if there is none (a code retired by a
        transfer is not found)."""
        obj = self._json(lib.bo_ticket_get, _text(code, "code"), lookup=True)
        return None if obj is None else TicketDetail._from_json(obj)

    def transfer_ticket(self, code: Text, to_name: Text, to_email: Text, actor: Optional[IdLike] = None) -> Ticket:
        """Gives a valid ticket to a new attendee (support or above). Returns the ticket with its
        new code; the old one stops admitting. Raises ``TransferNotAllowed``, ``InvalidState``
        (used, cancelled or refunded)."""
        obj = self._json(
            lib.bo_ticket_transfer,
            _text(code, "code"),
            _text(to_name, "to_name"),
            _text(to_email, "to_email"),
            _id(actor, "actor"),
        )
        return Ticket._from_json(obj)

    # -- feed and maintenance ----------------------------------------------------------------

    def audit_feed(self, after: int = 0, limit: int = 100) -> List[AuditEntry]:
        """Up to ``limit`` (1 to 10000) audit entries with a sequence above ``after``, oldest
        first. Remember the last sequence processed and pass it next time."""
        obj = self._json(lib.bo_audit_feed, _int(after, "after", _UINT64), _int(limit, "limit", _INT32))
        return [AuditEntry._from_json(entry) for entry in obj]

    def verify(self) -> VerificationReport:
        """Checks the storage and every ticketing invariant in one snapshot (reads the whole
        file)."""
        clean = c_int32(0)
        obj = self._json(lib.bo_verify, byref(clean))
        return VerificationReport(
            clean=clean.value != 0,
            storage=tuple(StorageProblem._from_json(p) for p in obj.get("storage", ())),
            invariants=tuple(InvariantViolation._from_json(v) for v in obj.get("invariants", ())),
        )

    def backup(self, path: PathLike) -> None:
        """Writes a compacted hot copy of the store into the directory ``path`` (created if
        missing; ``BadPath`` if it holds a store already)."""
        self._call(lib.bo_backup, _path(path, "path"))

    def readers(self) -> List[ReaderSlot]:
        """The reader slots of the file across processes: reading, idle or stale."""
        return [ReaderSlot._from_json(slot) for slot in self._json(lib.bo_readers_list)]

    def clear_stale_readers(self) -> int:
        """Frees the reader slots of processes that died inside a read (a worker killed with
        SIGKILL) and returns how many. Writers do this every 100 ms or 256 writes anyway; call it
        from a long-lived parent that reaps workers but does not write."""
        cleared = c_int32(0)
        self._call(lib.bo_readers_clear_stale, byref(cleared))
        return cleared.value


def _hold_items(items: Any) -> Tuple[Any, int]:
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
