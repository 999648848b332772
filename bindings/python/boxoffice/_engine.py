"""``Engine``: one open BoxOffice store. Opening, closing and calling are here; every operation
of the C API is a method of ``Operations``, generated from api/operations.toml."""

from __future__ import annotations

import os
import weakref
from ctypes import byref, c_void_p
from typing import Any, Callable, Optional, Sequence

from ._library import lib
from ._marshal import _INT32, _INT64, _UINT32, DurationLike, Out, PathLike, _duration, _int, _invalid, _path, _take_error, invoke
from ._operations import Operations
from ._structs import BoOptions

__all__ = ["Engine", "DURABILITY"]

#: Durability names and their bo_durability values.
DURABILITY = {"durable": 0, "meta_async": 1, "async": 2, "durable_sales": 3}


class Engine(Operations):
    """An open BoxOffice store (a directory holding an LMDB environment).

    ``Engine(path)`` opens the store, creating it unless ``read_only`` or ``must_exist``. Use it as a context
    manager, or call ``close()``; a finalizer closes a forgotten engine too. After ``close()``
    every method raises ``ClosedError``.

    Options (the fields of ``bo_options``; None keeps the library's default):

    - ``durability``, and what a power cut does (measured; docs/RELIABILITY.md): ``"durable"``
      (synced at every commit, the default: loses nothing acknowledged, never corrupts),
      ``"durable_sales"`` (as durable, but a commit that only makes a hold flushes once: may undo
      the last holds, never a sale; never corrupts), ``"meta_async"`` (one flush per commit: may
      undo the last commits, never corrupts) or
      ``"async"`` (nothing synced, ``sync()`` flushes: a power cut CAN CORRUPT THE FILE, earlier
      commits included; afterwards run ``verify()`` and restore a backup if it finds problems;
      not for sales). A process crash loses nothing in any mode.
    - ``read_only``: no writes (``ReadOnly``); the store must exist.
    - ``must_exist``: never create a store, so that a mistyped path is an error: a missing
      directory raises ``BadPath``, one without a store ``NotAStore``.
    - ``map_size``: the initial map size in bytes (16 MiB); ``max_map_size``: the most it may grow
      to (1 TiB; writes past it raise ``StoreFull``).
    - ``file_mode`` (0o600), ``max_readers`` (126), ``idempotency_window_ms`` (24 h),
      ``max_hold_ms`` (24 h); durations are milliseconds or a ``timedelta``.

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
        must_exist: bool = False,
        map_size: Optional[int] = None,
        max_map_size: Optional[int] = None,
        file_mode: Optional[int] = None,
        max_readers: Optional[int] = None,
        idempotency_window_ms: Optional[DurationLike] = None,
        max_hold_ms: Optional[DurationLike] = None,
    ) -> None:
        self._handle: Optional[int] = None
        self._finalizer: Optional[Callable[[], Any]] = None
        self.path = path
        options = BoOptions()
        lib.bo_options_init(byref(options))
        if not isinstance(durability, str):
            raise TypeError(f"durability must be a str ({', '.join(DURABILITY)}), not {type(durability).__name__}")
        if durability not in DURABILITY:
            raise _invalid(f"durability must be one of {', '.join(DURABILITY)}, not {durability!r}")
        options.durability = DURABILITY[durability]
        options.read_only = 1 if read_only else 0
        options.must_exist = 1 if must_exist else 0
        if map_size is not None:
            options.initial_map_size = _int(map_size, "map_size", _INT64)
        if max_map_size is not None:
            options.max_map_size = _int(max_map_size, "max_map_size", _INT64)
        if file_mode is not None:
            options.file_mode = _int(file_mode, "file_mode", _UINT32)
        if max_readers is not None:
            options.max_readers = _int(max_readers, "max_readers", _INT32)
        if idempotency_window_ms is not None:
            options.idempotency_window_ms = _duration(idempotency_window_ms, "idempotency_window_ms")
        if max_hold_ms is not None:
            options.max_hold_ms = _duration(max_hold_ms, "max_hold_ms")
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

    def __reduce__(self) -> Any:
        # A handle belongs to the process that opened it: a copy elsewhere would be closed, or
        # a second owner here. Pass the path and open the engine in each process.
        raise TypeError("an Engine cannot be pickled: pass its path and open an Engine in each process")

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<boxoffice.Engine {os.fspath(self.path)!r} {state}>"

    def _invoke(self, function: Any, args: Sequence[Any], outs: Sequence[Out] = (), lookup: bool = False) -> Any:
        """Calls function(engine, *args, *outs, &error): see ``_marshal.invoke``."""
        return invoke(self._handle, function, args, outs, lookup)
