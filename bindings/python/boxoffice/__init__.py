"""BoxOffice: an embedded ticketing engine, over libboxoffice's C API (ctypes, no compiled code).

    import boxoffice

    with boxoffice.Engine("/var/lib/shop.boxoffice") as engine:
        org = engine.create_organization("Acme", "acme", "box@acme.test", "EUR")
        ...

See ``Engine`` for the operations, ``boxoffice._types`` for the records they return, and
``BoxOfficeError`` and its subclasses for the failures. The library is found as described in
``boxoffice._library`` (``BOXOFFICE_LIBRARY``, the copy inside the package, pkg-config, the
loader's paths); importing fails with ImportError if it is missing or of another ABI major version.
"""

from __future__ import annotations

from . import _errors, _hotpath, _types
from ._engine import DURABILITY, Engine
from ._errors import *  # noqa: F403 (every status's exception, generated from api/statuses.toml)
from ._hotpath import Availability, CheckInResult, HoldInfo, HoldItem, TierAvailability
from ctypes import string_at
from typing import Optional

from ._library import HEADER_VERSION_NUMBER, lib, library_path, library_version_number
from ._marshal import _INT64, _int, _invalid
from ._types import *  # noqa: F403 (every record and answer, generated from api/model.toml)

def _dotted(number: int) -> str:
    return f"{number // 1_000_000}.{number // 1000 % 1000}.{number % 1000}"


#: The version of boxoffice.h this binding mirrors (pyproject.toml's version is the same).
__version__ = _dotted(HEADER_VERSION_NUMBER)

__all__ = (
    ["__version__", "library_version", "library_path", "currency_minor_units", "format_money", "Engine", "DURABILITY"]
    + ["Availability", "CheckInResult", "HoldInfo", "HoldItem", "TierAvailability"]
    + [name for name in _types.__all__ if not name.isupper()]
    + [name for name in _errors.__all__ if name not in ("STATUS_NAMES", "error_for_status")]
)


def library_version() -> str:
    """The version of the libboxoffice actually loaded, e.g. ``"0.3.0"``
    (from ``bo_version_number()``)."""
    return _dotted(library_version_number)


def currency_minor_units(code: str) -> Optional[int]:
    """The digits of ISO 4217's minor unit of ``code`` (``"EUR"`` 2, ``"JPY"`` 0, ``"BHD"`` 3), or
    None for a code organizations cannot use (unknown, or without a minor unit). From the
    library's table (``bo_currency_minor_units()``)."""
    if not isinstance(code, str):
        raise TypeError(f"code must be a str, not {type(code).__name__}")
    if "\0" in code:
        return None  # C would read only up to the NUL
    digits = lib.bo_currency_minor_units(code.encode("utf-8", "replace"))
    return None if digits < 0 else digits


def format_money(minor: int, code: str) -> str:
    """``minor`` units of ``code`` as text with the code, as the library and its CLI write money:
    ``format_money(2500, "EUR")`` is ``"25.00 EUR"``, ``format_money(1500, "JPY")`` ``"1500 JPY"``
    (``bo_money_format()``). Raises ``InvalidArgument`` for a code without a minor unit."""
    if currency_minor_units(code) is None:
        raise _invalid(f"code {code!r} is not an ISO 4217 currency with a minor unit, like EUR or JPY")
    text = lib.bo_money_format(_int(minor, "minor", _INT64), code.encode("utf-8"))
    try:
        return string_at(text).decode("utf-8")
    finally:
        lib.bo_free(text)
