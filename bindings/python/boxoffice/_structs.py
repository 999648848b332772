"""The structures of boxoffice.h as ctypes, field for field, for the hot paths that answer in structs
(hold, check-in, availability) and for bo_options."""

from __future__ import annotations

import ctypes
from ctypes import POINTER, Structure, c_char, c_char_p, c_int32, c_int64, c_size_t, c_uint8, c_uint32, c_void_p

__all__ = ["BoUUID", "BoOptions", "BoHoldItem", "BoHoldInfo", "BoTierAvailability", "BoAvailability", "BoCheckinResult"]


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
        ("must_exist", c_int32),
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
        ("reserved_for_waitlist", c_int32),
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
