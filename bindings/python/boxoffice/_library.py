"""Finding and loading libboxoffice, and the ctypes declarations of boxoffice.h.

The library is looked for, in this order:

1. the ``BOXOFFICE_LIBRARY`` environment variable: the path of the shared object (when it is set,
   nothing else is tried);
2. ``pkg-config --variable=libdir boxoffice`` (if pkg-config is installed) + ``libboxoffice.so.0``;
3. ``ctypes.util.find_library("boxoffice")`` and then ``libboxoffice.so.0`` by the dynamic loader's
   own search (``LD_LIBRARY_PATH``, ``ldconfig``'s cache, the standard directories);
4. the repository's build folders, found by walking up from this file:
   ``.build/debug/c-install/lib/libboxoffice.so.0``, ``.build/debug/libBoxOfficeC.so``,
   ``.build/release/libBoxOfficeC.so``.

Every function of boxoffice.h is declared here with its exact argument and result types; the
structures mirror the header's field for field. Handles (``bo_engine *``, ``bo_error *``) are
``c_void_p``. Out-parameters that receive library memory (``char **``) are ``POINTER(c_void_p)`` so
the raw pointer stays available for ``bo_free()``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
from ctypes import (
    POINTER,
    Structure,
    c_char,
    c_char_p,
    c_int,
    c_int32,
    c_int64,
    c_size_t,
    c_ssize_t,
    c_uint8,
    c_uint32,
    c_uint64,
    c_void_p,
)
from pathlib import Path
from typing import Any, List, Optional, Tuple

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
#: BOXOFFICE_VERSION_NUMBER of the header this binding mirrors (0.1.0).
HEADER_VERSION_NUMBER = 1000
#: BO_OPTIONS_VERSION of the header.
BO_OPTIONS_VERSION = 1

_SONAME = "libboxoffice.so.0"
_BUILD_CANDIDATES = (
    (".build", "debug", "c-install", "lib", "libboxoffice.so.0"),
    (".build", "debug", "libBoxOfficeC.so"),
    (".build", "release", "libBoxOfficeC.so"),
)


# ---------------------------------------------------------------------------------------------
# Structures (boxoffice.h, field for field)
# ---------------------------------------------------------------------------------------------


class BoUUID(Structure):
    """``bo_uuid``: 16 bytes, big-endian (RFC 9562 byte order)."""

    _fields_ = [("bytes", c_uint8 * 16)]


class BoOptions(Structure):
    """``bo_options``; always filled by ``bo_options_init()`` first."""

    _fields_ = [
        ("version", c_uint32),
        ("durability", c_uint32),
        ("read_only", c_int32),
        ("file_mode", c_uint32),
        ("initial_map_size", c_int64),
        ("max_map_size", c_int64),
        ("max_readers", c_int32),
        ("reserved0", c_int32),
        ("idempotency_window_ms", c_int64),
        ("max_hold_ms", c_int64),
    ]


class BoHoldItem(Structure):
    """``bo_hold_item``."""

    _fields_ = [("ticket_type_id", BoUUID), ("quantity", c_int64)]


class BoHoldInfo(Structure):
    """``bo_hold_info``."""

    _fields_ = [
        ("hold_id", BoUUID),
        ("event_id", BoUUID),
        ("expires_at", c_int64),
        ("ticket_count", c_int64),
        ("total_minor", c_int64),
        ("status", c_int32),
        ("reserved0", c_int32),
    ]


class BoTierAvailability(Structure):
    """``bo_tier_availability``; ``name`` belongs to the enclosing ``bo_availability``."""

    _fields_ = [
        ("ticket_type_id", BoUUID),
        ("name", c_char_p),
        ("price_minor", c_int64),
        ("currency", c_char * 4),
        ("on_sale_now", c_int32),
        ("quantity", c_int64),
        ("held", c_int64),
        ("sold", c_int64),
        ("available", c_int64),
        ("hidden", c_int32),
        ("reserved0", c_int32),
    ]


class BoAvailability(Structure):
    """``bo_availability``; freed with ``bo_availability_free()``."""

    _fields_ = [
        ("event_id", BoUUID),
        ("event_status", c_int32),
        ("has_capacity", c_int32),
        ("capacity", c_int64),
        ("capacity_remaining", c_int64),
        ("tier_count", c_size_t),
        ("tiers", POINTER(BoTierAvailability)),
    ]


class BoCheckinResult(Structure):
    """``bo_checkin_result``."""

    _fields_ = [
        ("accepted", c_int32),
        ("reason", c_int32),
        ("has_ticket", c_int32),
        ("reserved0", c_int32),
        ("ticket_id", BoUUID),
        ("first_checked_in_at", c_int64),
        ("first_gate", c_char * 104),
    ]


# Sizes of the header's structs on LP64 (x86-64, aarch64): a mismatch would be a binding bug.
assert ctypes.sizeof(BoUUID) == 16
assert ctypes.sizeof(BoOptions) == 56
assert ctypes.sizeof(BoHoldItem) == 24
assert ctypes.sizeof(BoHoldInfo) == 64
assert ctypes.sizeof(c_void_p) != 8 or ctypes.sizeof(BoTierAvailability) == 80
assert ctypes.sizeof(c_void_p) != 8 or ctypes.sizeof(BoAvailability) == 56
assert ctypes.sizeof(BoCheckinResult) == 144


# ---------------------------------------------------------------------------------------------
# Prototypes
# ---------------------------------------------------------------------------------------------

_status = c_int  # bo_status (an enum: int)
_engine = c_void_p  # bo_engine *
_error = c_void_p  # bo_error *
_error_out = POINTER(c_void_p)  # bo_error **
_json_out = POINTER(c_void_p)  # char ** (raw, for bo_free)
_uuid_p = POINTER(BoUUID)  # (const) bo_uuid *
_str = c_char_p  # const char *

_PROTOTYPES: List[Tuple[str, Any, List[Any]]] = [
    # Lifecycle and errors
    ("bo_version_number", c_int32, []),
    ("bo_status_name", c_char_p, [c_int]),
    ("bo_options_init", None, [POINTER(BoOptions)]),
    ("bo_open", _status, [_str, POINTER(BoOptions), POINTER(c_void_p), _error_out]),
    ("bo_close", None, [_engine]),
    ("bo_sync", _status, [_engine, _error_out]),
    ("bo_error_code", _status, [_error]),
    ("bo_error_message", c_char_p, [_error]),
    ("bo_error_free", None, [_error]),
    ("bo_last_error_message", c_char_p, []),
    ("bo_free", None, [c_void_p]),
    ("bo_uuid_parse", _status, [_str, _uuid_p]),
    ("bo_uuid_format", _status, [_uuid_p, POINTER(c_char)]),
    # Organizations, users, customers
    ("bo_organization_create", _status, [_engine, _str, _uuid_p, _json_out, _error_out]),
    ("bo_organization_get", _status, [_engine, _uuid_p, _str, _json_out, _error_out]),
    ("bo_organization_update", _status, [_engine, _uuid_p, _str, c_uint64, _uuid_p, _json_out, _error_out]),
    ("bo_user_create", _status, [_engine, _uuid_p, _str, _str, _uuid_p, _json_out, _error_out]),
    ("bo_user_get", _status, [_engine, _uuid_p, _json_out, _error_out]),
    ("bo_user_update", _status, [_engine, _uuid_p, _str, c_uint64, _uuid_p, _json_out, _error_out]),
    ("bo_user_set_pin", _status, [_engine, _uuid_p, _str, _uuid_p, _error_out]),
    ("bo_user_verify_pin", _status, [_engine, _uuid_p, _str, POINTER(c_int32), _error_out]),
    ("bo_customer_create", _status, [_engine, _uuid_p, _str, _uuid_p, _json_out, _error_out]),
    ("bo_customer_get", _status, [_engine, _uuid_p, _json_out, _error_out]),
    ("bo_customer_update", _status, [_engine, _uuid_p, _str, c_uint64, _uuid_p, _json_out, _error_out]),
    # Events and tiers
    ("bo_event_create", _status, [_engine, _uuid_p, _str, _uuid_p, _json_out, _error_out]),
    ("bo_event_update", _status, [_engine, _uuid_p, _str, c_uint64, _uuid_p, _json_out, _error_out]),
    ("bo_event_get", _status, [_engine, _uuid_p, _json_out, _error_out]),
    ("bo_events_list", _status, [_engine, _uuid_p, _json_out, _error_out]),
    ("bo_event_publish", _status, [_engine, _uuid_p, _uuid_p, _json_out, _error_out]),
    ("bo_event_cancel", _status, [_engine, _uuid_p, _uuid_p, _json_out, _error_out]),
    ("bo_ticket_type_create", _status, [_engine, _uuid_p, _str, _uuid_p, _json_out, _error_out]),
    ("bo_ticket_type_update", _status, [_engine, _uuid_p, _str, c_uint64, _uuid_p, _json_out, _error_out]),
    ("bo_ticket_types_list", _status, [_engine, _uuid_p, _json_out, _error_out]),
    # Availability
    ("bo_availability_get", _status, [_engine, _uuid_p, POINTER(POINTER(BoAvailability)), _error_out]),
    ("bo_availability_free", None, [POINTER(BoAvailability)]),
    # Holds
    (
        "bo_hold_create",
        _status,
        [_engine, _uuid_p, POINTER(BoHoldItem), c_ssize_t, _uuid_p, c_int64, _str, _uuid_p, POINTER(BoHoldInfo), _error_out],
    ),
    ("bo_hold_extend", _status, [_engine, _uuid_p, c_int64, _uuid_p, POINTER(BoHoldInfo), _error_out]),
    ("bo_hold_get", _status, [_engine, _uuid_p, _json_out, _error_out]),
    ("bo_hold_release", _status, [_engine, _uuid_p, _uuid_p, POINTER(BoHoldInfo), _error_out]),
    ("bo_holds_expire", _status, [_engine, c_int64, _uuid_p, POINTER(c_int64), _error_out]),
    # Orders
    ("bo_hold_confirm", _status, [_engine, _uuid_p, _str, _str, _uuid_p, _uuid_p, _json_out, _error_out]),
    ("bo_order_get", _status, [_engine, _uuid_p, _str, _json_out, _error_out]),
    ("bo_tickets_refund", _status, [_engine, _uuid_p, _uuid_p, c_ssize_t, _uuid_p, _json_out, _error_out]),
    ("bo_order_refund", _status, [_engine, _uuid_p, _uuid_p, _json_out, _error_out]),
    ("bo_order_cancel", _status, [_engine, _uuid_p, _str, _uuid_p, _json_out, _error_out]),
    # Tickets and check-in
    ("bo_checkin", _status, [_engine, _str, _str, _uuid_p, _uuid_p, POINTER(BoCheckinResult), _error_out]),
    ("bo_ticket_get", _status, [_engine, _str, _json_out, _error_out]),
    ("bo_ticket_transfer", _status, [_engine, _str, _str, _str, _uuid_p, _json_out, _error_out]),
    # Feed and maintenance
    ("bo_audit_feed", _status, [_engine, c_uint64, c_int32, _json_out, _error_out]),
    ("bo_verify", _status, [_engine, POINTER(c_int32), _json_out, _error_out]),
    ("bo_backup", _status, [_engine, _str, _error_out]),
    ("bo_readers_list", _status, [_engine, _json_out, _error_out]),
    ("bo_readers_clear_stale", _status, [_engine, POINTER(c_int32), _error_out]),
]


def _declare(library: ctypes.CDLL) -> None:
    for name, restype, argtypes in _PROTOTYPES:
        function = getattr(library, name)
        function.restype = restype
        function.argtypes = argtypes


# ---------------------------------------------------------------------------------------------
# Finding the library
# ---------------------------------------------------------------------------------------------


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


def _build_candidates() -> List[str]:
    found = []
    here = Path(__file__).resolve().parent
    for folder in (here, *here.parents):
        for parts in _BUILD_CANDIDATES:
            candidate = folder.joinpath(*parts)
            if candidate.is_file():
                found.append(str(candidate))
    return found


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

    for path in _build_candidates():
        library = attempt(path)
        if library is not None:
            return library, path

    detail = "; ".join(tried) if tried else "nothing found"
    raise ImportError(
        "boxoffice: cannot find libboxoffice (libboxoffice.so.0). Install it (make install), set "
        "BOXOFFICE_LIBRARY to the .so's path, or make pkg-config find boxoffice.pc "
        f"(PKG_CONFIG_PATH). Tried: {detail}"
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
            f"boxoffice: {path} is libboxoffice {major}.{minor}.{patch}, older than the 0.1.0 this "
            "binding needs; upgrade the library"
        )
    try:
        _declare(library)
    except AttributeError as error:
        raise ImportError(f"boxoffice: {path} lacks a function of boxoffice.h: {error}") from error
    return library, path, number


lib, library_path, library_version_number = _open_library()
