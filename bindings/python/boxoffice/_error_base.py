"""The base of the exceptions of ``_errors`` (generated from api/statuses.toml)."""

from __future__ import annotations

from typing import Any, Optional, Type
from uuid import UUID


class BoxOfficeError(Exception):
    """A failed library call.

    Attributes:
        status: the ``bo_status`` value (an int, e.g. 3).
        code_name: its name (``"BO_SOLD_OUT"``); ``"BO_UNKNOWN"`` for a status this binding does
            not know (a newer library); such a status is raised as ``BoxOfficeError`` itself.
        message: the library's message (for people and logs).
        order_id: set only by ``confirm_hold()`` when the order was made but reading it back
            failed (a storage status after the commit); retry with the same idempotency key.
        details: what the failure is about, for programs to act on (an ``ErrorDetails``, from
            ``bo_error_details()``): for ``SoldOut`` ``details.ticket_type_id``, ``.name`` and
            ``.remaining``; for ``LimitExceeded`` ``.requested``, ``.min`` and ``.max``; for
            ``InvalidState`` ``.entity``, ``.id``, ``.state`` and ``.action``; None for an error
            raised by the binding before calling the library.
    """

    status: int
    code_name: str
    message: str
    order_id: Optional[UUID]
    details: Optional[Any]  # ErrorDetails (in _types, which depends on this module)

    def __init__(self, status: int, message: str, code_name: Optional[str] = None) -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message
        from ._errors import STATUS_NAMES  # generated from the same list as the subclasses

        self.code_name = code_name or STATUS_NAMES.get(status, "BO_UNKNOWN")
        self.order_id = None
        self.details = None

    def __str__(self) -> str:
        return f"{self.code_name}: {self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.status}, {self.message!r})"

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Across processes (a multiprocessing worker's failure) the details and order id travel too.
        return (_rebuild, (type(self), self.status, self.message, self.code_name, self.details, self.order_id))


def _rebuild(cls: Type[BoxOfficeError], status: int, message: str, code_name: str, details: Any = None,
             order_id: Optional[UUID] = None) -> BoxOfficeError:
    error = cls.__new__(cls)
    BoxOfficeError.__init__(error, status, message, code_name)
    error.details, error.order_id = details, order_id
    return error
