"""Finding and loading libboxoffice, and the ctypes declarations of boxoffice.h.

The library is looked for, in this order:

1. the ``BOXOFFICE_LIBRARY`` environment variable: the path of the shared object (when it is set,
   nothing else is tried);
2. ``libboxoffice.so.0`` inside this package, where the wheel (``make wheel``) puts it;
3. ``pkg-config --variable=libdir boxoffice`` (if pkg-config is installed) + ``libboxoffice.so.0``;
4. ``ctypes.util.find_library("boxoffice")`` and then ``libboxoffice.so.0`` by the dynamic loader's
   own search (``LD_LIBRARY_PATH``, ``ldconfig``'s cache, the standard directories).

Every function of boxoffice.h is declared with its exact argument and result types, from the
generated ``_prototypes`` (api/operations.toml); the structures of ``_structs`` mirror the
header's field for field.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
from ctypes import c_int32
from pathlib import Path
from typing import List, Optional, Tuple

from ._prototypes import HEADER_VERSION_NUMBER
from ._prototypes import PROTOTYPES as _PROTOTYPES
from ._structs import BoAvailability, BoCheckinResult, BoHoldInfo, BoHoldItem, BoOptions, BoTierAvailability, BoUUID

__all__ = [
    "ABI_MAJOR",
    "HEADER_VERSION_NUMBER",
    "lib",
    "library_path",
    "library_version_number",
    "BoUUID",
    "BoOptions",
    "BoHoldItem",
    "BoHoldInfo",
    "BoTierAvailability",
    "BoAvailability",
    "BoCheckinResult",
]

#: The ABI major version this binding was written for (libboxoffice.so.0).
ABI_MAJOR = 0
#: BO_OPTIONS_VERSION of the header.
BO_OPTIONS_VERSION = 1

_SONAME = "libboxoffice.so.0"
_BUNDLED = Path(__file__).resolve().parent / _SONAME


# ---------------------------------------------------------------------------------------------
# Finding the library
# ---------------------------------------------------------------------------------------------


def _declare(library: ctypes.CDLL) -> None:
    for name, restype, argtypes in _PROTOTYPES:
        function = getattr(library, name)
        function.restype = restype
        function.argtypes = argtypes


def _pkg_config_candidate() -> Optional[str]:
    tool = shutil.which("pkg-config")
    if tool is None:
        return None
    try:
        result = subprocess.run(
            [tool, "--variable=libdir", "boxoffice"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    libdir = result.stdout.decode("utf-8", "replace").strip()
    if result.returncode != 0 or not libdir:
        return None
    return os.path.join(libdir, _SONAME)


def _load() -> Tuple[ctypes.CDLL, str]:
    explicit = os.environ.get("BOXOFFICE_LIBRARY")
    if explicit:
        try:
            return ctypes.CDLL(explicit), explicit
        except OSError as error:
            raise ImportError(
                f"boxoffice: cannot load the library named by BOXOFFICE_LIBRARY ({explicit}): {error}"
            ) from error

    tried: List[str] = []

    def attempt(name: str) -> Optional[ctypes.CDLL]:
        try:
            return ctypes.CDLL(name)
        except OSError as error:
            tried.append(f"{name}: {error}")
            return None

    if _BUNDLED.is_file():
        library = attempt(str(_BUNDLED))
        if library is not None:
            return library, str(_BUNDLED)

    candidate = _pkg_config_candidate()
    if candidate is not None and os.path.exists(candidate):
        library = attempt(candidate)
        if library is not None:
            return library, candidate
    elif candidate is not None:
        tried.append(f"{candidate} (from pkg-config): no such file")

    names = []
    found = ctypes.util.find_library("boxoffice")
    if found:
        names.append(found)
    if _SONAME not in names:
        names.append(_SONAME)
    for name in names:
        library = attempt(name)
        if library is not None:
            return library, name

    detail = "; ".join(tried) if tried else "nothing found"
    raise ImportError(
        "boxoffice: cannot find libboxoffice (libboxoffice.so.0). Install the wheel (make wheel), or "
        "install the library (make install) and make pkg-config find boxoffice.pc (PKG_CONFIG_PATH), "
        f"or set BOXOFFICE_LIBRARY to the .so's path. Tried: {detail}"
    )


def _open_library() -> Tuple[ctypes.CDLL, str, int]:
    library, path = _load()
    try:
        version_number = library.bo_version_number
    except AttributeError as error:
        raise ImportError(f"boxoffice: {path} is not libboxoffice (no bo_version_number)") from error
    version_number.restype = c_int32
    version_number.argtypes = []
    number = int(version_number())
    major, minor, patch = number // 1_000_000, number // 1000 % 1000, number % 1000
    if major != ABI_MAJOR:
        raise ImportError(
            f"boxoffice: {path} is libboxoffice {major}.{minor}.{patch} (ABI major {major}), but this "
            f"binding needs ABI major {ABI_MAJOR} (libboxoffice.so.{ABI_MAJOR}); install a matching "
            "library or binding"
        )
    if number < HEADER_VERSION_NUMBER:
        raise ImportError(
            f"boxoffice: {path} is libboxoffice {major}.{minor}.{patch}, older than the "
            f"{HEADER_VERSION_NUMBER // 1_000_000}.{HEADER_VERSION_NUMBER // 1000 % 1000}.{HEADER_VERSION_NUMBER % 1000} "
            "this binding needs; upgrade the library"
        )
    try:
        _declare(library)
    except AttributeError as error:
        raise ImportError(f"boxoffice: {path} lacks a function of boxoffice.h: {error}") from error
    return library, path, number


lib, library_path, library_version_number = _open_library()
