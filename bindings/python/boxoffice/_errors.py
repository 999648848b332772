"""Exceptions mirroring ``bo_status``.

Every failure of a library call raises the class of its status (one table, ``STATUS_CLASSES``).
Branch on the class or on ``.status``, never on the message: messages are for people and may
change between versions.
"""

from __future__ import annotations

from typing import Dict, Optional, Type
from uuid import UUID

__all__ = [
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
    "ClosedError",
    "STATUS_CLASSES",
    "STATUS_NAMES",
    "error_for_status",
]

#: bo_status values and their names (boxoffice.h), for statuses raised without a library call.
STATUS_NAMES: Dict[int, str] = {
    0: "BO_OK",
    1: "BO_NOT_FOUND",
    2: "BO_INVALID_ARGUMENT",
    3: "BO_SOLD_OUT",
    4: "BO_NOT_ON_SALE",
    5: "BO_HOLD_EXPIRED",
    6: "BO_LIMIT_EXCEEDED",
    7: "BO_VERSION_CONFLICT",
    8: "BO_DUPLICATE",
    9: "BO_PERMISSION_DENIED",
    10: "BO_INVALID_STATE",
    11: "BO_TRANSFER_NOT_ALLOWED",
    20: "BO_STORAGE_FAILURE",
    21: "BO_READ_ONLY",
    22: "BO_CORRUPT",
    23: "BO_NEWER_FILE",
    24: "BO_FULL",
    25: "BO_BAD_PATH",
    26: "BO_BUSY",
    27: "BO_NOT_A_STORE",
    28: "BO_DISK_FULL",
    30: "BO_MISUSE",
}


class BoxOfficeError(Exception):
    """A failed library call.

    Attributes:
        status: the ``bo_status`` value (an int, e.g. 3).
        code_name: its name (``"BO_SOLD_OUT"``); ``"BO_UNKNOWN"`` for a status this binding does
            not know (a newer library); such a status is raised as ``BoxOfficeError`` itself.
        message: the library's message (for people and logs).
        order_id: set only by ``confirm_hold()`` when the order was made but reading it back
            failed (a storage status after the commit); retry with the same idempotency key.
    """

    status: int
    code_name: str
    message: str
    order_id: Optional[UUID]

    def __init__(self, status: int, message: str, code_name: Optional[str] = None) -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message
        self.code_name = code_name or STATUS_NAMES.get(status, "BO_UNKNOWN")
        self.order_id = None

    def __str__(self) -> str:
        return f"{self.code_name}: {self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.status}, {self.message!r})"

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_rebuild, (type(self), self.status, self.message, self.code_name))


def _rebuild(cls: Type[BoxOfficeError], status: int, message: str, code_name: str) -> BoxOfficeError:
    error = cls.__new__(cls)
    BoxOfficeError.__init__(error, status, message, code_name)
    return error


class NotFound(BoxOfficeError, LookupError):
    """BO_NOT_FOUND (1): no such organization, user, event, hold, order, ticket, ...

    Lookups (``organization()``, ``event()``, ``order()``, ...) return ``None`` instead."""


class InvalidArgument(BoxOfficeError, ValueError):
    """BO_INVALID_ARGUMENT (2): a missing (None) argument, text that is not UTF-8, malformed
    details, an out-of-range number, or an idempotency key reused for another request. Also raised
    by the binding itself, before calling the library, for values it cannot pass (a lone
    surrogate, a NUL inside text, an integer that does not fit the C type)."""


class SoldOut(BoxOfficeError):
    """BO_SOLD_OUT (3): not enough tickets left; the message names the tier."""


class NotOnSale(BoxOfficeError):
    """BO_NOT_ON_SALE (4): draft, cancelled, hidden, or outside the sales window."""


class HoldExpired(BoxOfficeError):
    """BO_HOLD_EXPIRED (5): the hold ended and its tickets are gone: refund a late payment."""


class LimitExceeded(BoxOfficeError):
    """BO_LIMIT_EXCEEDED (6): below the tier's minimum or above its maximum per order."""


class VersionConflict(BoxOfficeError):
    """BO_VERSION_CONFLICT (7): the record changed since the caller read it."""


class Duplicate(BoxOfficeError):
    """BO_DUPLICATE (8): a unique value (slug, email) is taken."""


class PermissionDenied(BoxOfficeError):
    """BO_PERMISSION_DENIED (9): the actor's role does not allow it (the attempt is logged)."""


class InvalidState(BoxOfficeError):
    """BO_INVALID_STATE (10): e.g. refunding a refunded order, confirming twice."""


class TransferNotAllowed(BoxOfficeError):
    """BO_TRANSFER_NOT_ALLOWED (11): the organization does not allow ticket transfers."""


class StorageError(BoxOfficeError):
    """BO_STORAGE_FAILURE (20), and the base of the other storage statuses (21 to 28)."""


class ReadOnly(StorageError):
    """BO_READ_ONLY (21): a write to a store opened read-only."""


class Corrupt(StorageError):
    """BO_CORRUPT (22): the store is damaged (cut short, a damaged page, a record that does not
    decode): restore it from a backup."""


class NewerFile(StorageError):
    """BO_NEWER_FILE (23): written by a newer BoxOffice; upgrade the library."""


class StoreFull(StorageError):
    """BO_FULL (24): the map reached its configured maximum size."""


class BadPath(StorageError):
    """BO_BAD_PATH (25): the path cannot be used: it does not exist (and may not be created), is
    not a directory, or cannot be written."""


class Busy(StorageError):
    """BO_BUSY (26): the store is open in this process with other options."""


class NotAStore(StorageError):
    """BO_NOT_A_STORE (27): no BoxOffice store there: no data file, a file that is not LMDB, or
    an LMDB environment holding someone else's data (never written to)."""


class DiskFull(StorageError):
    """BO_DISK_FULL (28): the disk or quota is full; nothing was written. Free space and retry:
    writing resumes, and reads keep working meanwhile."""


class ClosedError(BoxOfficeError):
    """BO_MISUSE (30): the engine was closed, or was opened before ``fork()`` and used in the
    child (open the file again there)."""


#: Each bo_status and the class raised for it.
STATUS_CLASSES: Dict[int, Type[BoxOfficeError]] = {
    1: NotFound,
    2: InvalidArgument,
    3: SoldOut,
    4: NotOnSale,
    5: HoldExpired,
    6: LimitExceeded,
    7: VersionConflict,
    8: Duplicate,
    9: PermissionDenied,
    10: InvalidState,
    11: TransferNotAllowed,
    20: StorageError,
    21: ReadOnly,
    22: Corrupt,
    23: NewerFile,
    24: StoreFull,
    25: BadPath,
    26: Busy,
    27: NotAStore,
    28: DiskFull,
    30: ClosedError,
}


def error_for_status(status: int, message: str, code_name: Optional[str] = None) -> BoxOfficeError:
    """The exception for a status (``BoxOfficeError`` itself for an unknown one)."""
    return STATUS_CLASSES.get(status, BoxOfficeError)(status, message, code_name)
