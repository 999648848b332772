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

from . import _errors, _hotpath, _types
from ._engine import DURABILITY, Engine
from ._errors import *  # noqa: F403 (every status's exception, generated from api/statuses.toml)
from ._hotpath import Availability, CheckInResult, HoldInfo, HoldItem, TierAvailability
from ._library import HEADER_VERSION_NUMBER, library_path, library_version_number
from ._types import *  # noqa: F403 (every record and answer, generated from api/model.toml)

def _dotted(number: int) -> str:
    return f"{number // 1_000_000}.{number // 1000 % 1000}.{number % 1000}"


#: The version of boxoffice.h this binding mirrors (pyproject.toml's version is the same).
__version__ = _dotted(HEADER_VERSION_NUMBER)

__all__ = (
    ["__version__", "library_version", "library_path", "Engine", "DURABILITY"]
    + ["Availability", "CheckInResult", "HoldInfo", "HoldItem", "TierAvailability"]
    + [name for name in _types.__all__ if not name.isupper()]
    + [name for name in _errors.__all__ if name not in ("STATUS_NAMES", "error_for_status")]
)


def library_version() -> str:
    """The version of the libboxoffice actually loaded, e.g. ``"0.2.0"``
    (from ``bo_version_number()``)."""
    return _dotted(library_version_number)
