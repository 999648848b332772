"""BoxOffice: an embedded ticketing engine, over libboxoffice's C API (ctypes, no compiled code).

    import boxoffice

    with boxoffice.Engine("/var/lib/shop.boxoffice") as engine:
        org = engine.create_organization("Acme", "acme", "box@acme.test", "EUR")
        ...

See ``Engine`` for the operations, ``boxoffice._types`` for the records they return, and
``BoxOfficeError`` and its subclasses for the failures. The library is found as described in
``boxoffice._library`` (``BOXOFFICE_LIBRARY``, pkg-config, the loader's paths, the repository's
build folders); importing fails with ImportError if it is missing or of another ABI major version.
"""

from __future__ import annotations

from ._errors import (
    STATUS_CLASSES,
    BadPath,
    BoxOfficeError,
    Busy,
    ClosedError,
    Corrupt,
    DiskFull,
    Duplicate,
    HoldExpired,
    InvalidArgument,
    InvalidState,
    LimitExceeded,
    NewerFile,
    NotAStore,
    NotFound,
    NotOnSale,
    PermissionDenied,
    ReadOnly,
    SoldOut,
    StorageError,
    StoreFull,
    TransferNotAllowed,
    VersionConflict,
)
from ._library import library_path, library_version_number
from ._types import (
    AuditEntry,
    Availability,
    CheckIn,
    CheckInResult,
    Customer,
    CustomerDetails,
    Event,
    EventDetails,
    Hold,
    HoldInfo,
    HoldItem,
    HoldLine,
    InvariantViolation,
    Order,
    OrderDetail,
    OrderItem,
    Organization,
    OrganizationDetails,
    ReaderSlot,
    StorageProblem,
    Ticket,
    TicketDetail,
    TicketTransfer,
    TicketType,
    TicketTypeDetails,
    TierAvailability,
    User,
    UserDetails,
    VerificationReport,
)
from ._engine import DURABILITY, Engine

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "library_version",
    "library_path",
    "Engine",
    "DURABILITY",
    # results
    "AuditEntry",
    "Availability",
    "CheckIn",
    "CheckInResult",
    "Customer",
    "CustomerDetails",
    "Event",
    "EventDetails",
    "Hold",
    "HoldInfo",
    "HoldItem",
    "HoldLine",
    "InvariantViolation",
    "Order",
    "OrderDetail",
    "OrderItem",
    "Organization",
    "OrganizationDetails",
    "ReaderSlot",
    "StorageProblem",
    "Ticket",
    "TicketDetail",
    "TicketTransfer",
    "TicketType",
    "TicketTypeDetails",
    "TierAvailability",
    "User",
    "UserDetails",
    "VerificationReport",
    # errors
    "STATUS_CLASSES",
    "BoxOfficeError",
    "NotFound",
    "InvalidArgument",
    "SoldOut",
    "NotOnSale",
    "HoldExpired",
    "LimitExceeded",
    "VersionConflict",
    "Duplicate",
    "PermissionDenied",
    "InvalidState",
    "TransferNotAllowed",
    "StorageError",
    "ReadOnly",
    "Corrupt",
    "NewerFile",
    "StoreFull",
    "BadPath",
    "Busy",
    "NotAStore",
    "DiskFull",
    "ClosedError",
]


def library_version() -> str:
    """The version of the libboxoffice actually loaded, e.g. ``"0.1.0"``
    (from ``bo_version_number()``)."""
    number = library_version_number
    return f"{number // 1_000_000}.{number // 1000 % 1000}.{number % 1000}"
