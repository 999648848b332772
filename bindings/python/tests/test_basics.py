"""Loading, versions, declarations, statuses and exceptions, opening and closing."""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

import boxoffice
from boxoffice import _library
from conftest import HERE, UNKNOWN, header_functions

PACKAGE_ROOT = str(HERE.parent)


def run_python(code: str, env: dict, cwd: str = "/") -> subprocess.CompletedProcess:
    full_env = {key: value for key, value in os.environ.items() if key not in ("BOXOFFICE_LIBRARY", "PKG_CONFIG_PATH")}
    full_env["PYTHONPATH"] = PACKAGE_ROOT
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=full_env, cwd=cwd, capture_output=True, text=True, timeout=60
    )


# -- versions and loading ------------------------------------------------------------------


def test_versions() -> None:
    assert boxoffice.__version__ == "0.7.0"
    assert boxoffice.library_version() == "0.7.0"
    assert boxoffice.library_version_number == 7000
    assert _library.lib.bo_version_number() // 1_000_000 == _library.ABI_MAJOR == 0
    assert os.path.exists(boxoffice.library_path) or "/" not in boxoffice.library_path


def test_every_header_function_is_declared() -> None:
    names = header_functions()
    if not names:
        pytest.skip("Include/boxoffice.h is not in this tree")
    declared = {name for name, _, _ in _library._PROTOTYPES}
    assert len(names) == 106
    assert set(names) == declared, (set(names) ^ declared)
    for name in names:
        function = getattr(_library.lib, name)
        assert function.argtypes is not None, name


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_structures_match_the_header(tmp_path: Path) -> None:
    header = HERE.parents[2] / "Include"
    if not (header / "boxoffice.h").is_file():
        pytest.skip("Include/boxoffice.h is not in this tree")
    L = _library
    checks = {
        "bo_uuid": (L.BoUUID, []),
        "bo_options": (L.BoOptions, [f[0] for f in L.BoOptions._fields_]),
        "bo_hold_item": (L.BoHoldItem, [f[0] for f in L.BoHoldItem._fields_]),
        "bo_hold_info": (L.BoHoldInfo, [f[0] for f in L.BoHoldInfo._fields_]),
        "bo_tier_availability": (L.BoTierAvailability, [f[0] for f in L.BoTierAvailability._fields_]),
        "bo_availability": (L.BoAvailability, [f[0] for f in L.BoAvailability._fields_]),
        "bo_checkin_result": (L.BoCheckinResult, [f[0] for f in L.BoCheckinResult._fields_]),
    }
    lines = ["#include <stdio.h>", "#include <stddef.h>", '#include "boxoffice.h"', "int main(void) {"]
    expected = []
    for struct, (cls, fields) in checks.items():
        lines.append(f'printf("%zu\\n", sizeof({struct}));')
        expected.append(ctypes.sizeof(cls))
        for name in fields:
            lines.append(f'printf("%zu\\n", offsetof({struct}, {name}));')
            expected.append(getattr(cls, name).offset)
    lines.append("return 0; }")
    source = tmp_path / "layout.c"
    source.write_text("\n".join(lines))
    subprocess.run(["cc", f"-I{header}", str(source), "-o", str(tmp_path / "layout")], check=True)
    out = subprocess.run([str(tmp_path / "layout")], capture_output=True, text=True, check=True).stdout
    assert [int(x) for x in out.split()] == expected


def test_bad_library_path_is_an_import_error() -> None:
    result = run_python("import boxoffice", {"BOXOFFICE_LIBRARY": "/nonexistent/libboxoffice.so.0"})
    assert result.returncode != 0
    assert "ImportError" in result.stderr and "BOXOFFICE_LIBRARY" in result.stderr


def test_found_through_pkg_config() -> None:
    if shutil.which("pkg-config") is None:
        pytest.skip("no pkg-config")
    pc_dir = Path(boxoffice.library_path).parent / "pkgconfig"
    if not (pc_dir / "boxoffice.pc").is_file():
        pytest.skip("the loaded library has no boxoffice.pc beside it")
    result = run_python("import boxoffice; print(boxoffice.library_path)", {"PKG_CONFIG_PATH": str(pc_dir)})
    assert result.returncode == 0, result.stderr
    libdir = subprocess.run(
        ["pkg-config", "--variable=libdir", "boxoffice"], env={**os.environ, "PKG_CONFIG_PATH": str(pc_dir)},
        capture_output=True, text=True,
    ).stdout.strip()
    assert result.stdout.strip() == os.path.join(libdir, "libboxoffice.so.0")


def test_the_library_inside_the_package_comes_first(tmp_path: Path) -> None:
    """As the wheel installs it: found before pkg-config and the loader's paths."""
    package = tmp_path / "boxoffice"
    shutil.copytree(Path(PACKAGE_ROOT) / "boxoffice", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(boxoffice.library_path, package / "libboxoffice.so.0")
    pc_dir = Path(boxoffice.library_path).parent / "pkgconfig"
    result = run_python(
        "import boxoffice; print(boxoffice.library_path)",
        {"PYTHONPATH": str(tmp_path), "PKG_CONFIG_PATH": str(pc_dir), "LD_LIBRARY_PATH": str(pc_dir.parent)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(package / "libboxoffice.so.0")


def test_no_library_anywhere_says_how_to_get_one(tmp_path: Path) -> None:
    package = tmp_path / "boxoffice"
    shutil.copytree(Path(PACKAGE_ROOT) / "boxoffice", package, ignore=shutil.ignore_patterns("__pycache__"))
    result = run_python("import boxoffice", {"PYTHONPATH": str(tmp_path), "PATH": "/nonexistent", "LD_LIBRARY_PATH": ""})
    if result.returncode == 0:
        pytest.skip("a libboxoffice is installed in the loader's paths")
    assert "ImportError" in result.stderr and "make wheel" in result.stderr and "BOXOFFICE_LIBRARY" in result.stderr


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_another_abi_major_is_an_import_error(tmp_path: Path) -> None:
    source = tmp_path / "fake.c"
    source.write_text("int bo_version_number(void) { return 1002003; }\n")
    fake = tmp_path / "libfake.so"
    subprocess.run(["cc", "-shared", "-fPIC", str(source), "-o", str(fake)], check=True)
    result = run_python("import boxoffice", {"BOXOFFICE_LIBRARY": str(fake)})
    assert result.returncode != 0
    assert "ImportError" in result.stderr and "ABI major 1" in result.stderr and "needs ABI major 0" in result.stderr


# -- statuses and exceptions ---------------------------------------------------------------


def test_every_status_has_its_class() -> None:
    expected = {
        1: boxoffice.NotFound, 2: boxoffice.InvalidArgument, 3: boxoffice.SoldOut, 4: boxoffice.NotOnSale,
        5: boxoffice.HoldExpired, 6: boxoffice.LimitExceeded, 7: boxoffice.VersionConflict, 8: boxoffice.Duplicate,
        9: boxoffice.PermissionDenied, 10: boxoffice.InvalidState, 11: boxoffice.TransferNotAllowed,
        20: boxoffice.StorageError, 21: boxoffice.ReadOnly, 22: boxoffice.Corrupt, 23: boxoffice.NewerFile,
        24: boxoffice.StoreFull, 25: boxoffice.BadPath, 26: boxoffice.Busy, 27: boxoffice.NotAStore,
        28: boxoffice.DiskFull, 30: boxoffice.ClosedError, 12: boxoffice.VoucherRejected,
            13: boxoffice.SeatUnavailable,
    }
    assert boxoffice.STATUS_CLASSES == expected
    from boxoffice._errors import STATUS_NAMES, error_for_status

    for status, cls in expected.items():
        name = _library.lib.bo_status_name(status).decode()
        assert STATUS_NAMES[status] == name
        error = error_for_status(status, "why", name)
        assert type(error) is cls and error.status == status and error.code_name == name and error.message == "why"
        assert str(error) == f"{name}: why"
        assert isinstance(error, boxoffice.BoxOfficeError)
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is cls and copy.status == status and copy.message == "why"
    for status in range(21, 29):
        assert issubclass(expected[status], boxoffice.StorageError)
    assert issubclass(boxoffice.InvalidArgument, ValueError)
    assert issubclass(boxoffice.NotFound, LookupError)
    unknown = error_for_status(99, "new", _library.lib.bo_status_name(99).decode())
    assert type(unknown) is boxoffice.BoxOfficeError and unknown.code_name == "BO_UNKNOWN"


# -- opening and closing -------------------------------------------------------------------


def test_open_options_and_paths(tmp_path: Path) -> None:
    with pytest.raises(boxoffice.InvalidArgument):
        boxoffice.Engine(tmp_path / "x", durability="sometimes")
    for wrong in (["durable"], {"durable": 1}, 3, None, b"durable"):
        with pytest.raises(TypeError, match="durability must be a str"):
            boxoffice.Engine(tmp_path / "x", durability=wrong)
    with pytest.raises(boxoffice.InvalidArgument):
        boxoffice.Engine(tmp_path / "x", max_map_size=1)
    with pytest.raises(boxoffice.InvalidArgument):
        boxoffice.Engine(tmp_path / "x", max_readers=0)
    with pytest.raises(boxoffice.InvalidArgument):
        boxoffice.Engine(tmp_path / "x", map_size=1 << 70)  # does not fit int64: refused before C
    with pytest.raises(boxoffice.InvalidArgument):
        boxoffice.Engine(tmp_path / "bad\udcff")
    with pytest.raises(boxoffice.InvalidArgument):
        boxoffice.Engine(b"/tmp/\xff\xfe")
    with pytest.raises(boxoffice.InvalidArgument):
        boxoffice.Engine(None)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.BadPath) as caught:
        boxoffice.Engine("/etc/hostname")
    assert caught.value.status == 25 and caught.value.code_name == "BO_BAD_PATH" and caught.value.message
    with pytest.raises(boxoffice.BadPath):
        boxoffice.Engine(tmp_path / "missing", read_only=True)
    (tmp_path / "empty").mkdir()
    with pytest.raises(boxoffice.NotAStore):
        boxoffice.Engine(tmp_path / "empty", read_only=True)
    # must_exist: a mistyped path is an error, not a new empty store.
    with pytest.raises(boxoffice.BadPath):
        boxoffice.Engine(tmp_path / "mistyped", must_exist=True)
    assert not (tmp_path / "mistyped").exists()
    with pytest.raises(boxoffice.NotAStore):
        boxoffice.Engine(tmp_path / "empty", must_exist=True)
    (tmp_path / "garbage").mkdir()
    (tmp_path / "garbage" / "data.mdb").write_bytes(b"not lmdb" * 1024)
    with pytest.raises(boxoffice.NotAStore):
        boxoffice.Engine(tmp_path / "garbage")
    assert (tmp_path / "garbage" / "data.mdb").read_bytes() == b"not lmdb" * 1024
    for durability in ("durable", "meta_async", "async", "durable_sales"):
        with boxoffice.Engine(tmp_path / durability, durability=durability, map_size=1 << 20, max_map_size=1 << 30,
                              file_mode=0o640, max_readers=16, idempotency_window_ms=3_600_000,
                              max_hold_ms=7_200_000) as engine:
            engine.sync()
            assert not engine.closed
        assert engine.closed


def test_close_is_idempotent_and_closed_raises(tmp_path: Path) -> None:
    engine = boxoffice.Engine(tmp_path / "s", durability="async")
    org = engine.create_organization("A", "a", "a@a.test", "EUR")
    engine.close()
    engine.close()
    assert engine.closed and "closed" in repr(engine)
    with pytest.raises(boxoffice.ClosedError) as caught:
        engine.organization(org.id)
    assert caught.value.status == 30 and caught.value.code_name == "BO_MISUSE"
    with pytest.raises(boxoffice.ClosedError):
        engine.sync()


def test_busy_read_only_and_the_finalizer(tmp_path: Path) -> None:
    path = tmp_path / "s"
    engine = boxoffice.Engine(path, durability="async")
    engine.create_organization("A", "a", "a@a.test", "EUR")
    with pytest.raises(boxoffice.Busy):
        boxoffice.Engine(path, durability="durable")  # open in this process with other options
    same = boxoffice.Engine(path, durability="async")  # the same options share the file
    assert same.organization(slug="a") is not None
    same.close()
    # A forgotten engine is closed by its finalizer: the file can then be opened otherwise.
    del engine
    gc.collect()
    with boxoffice.Engine(path, read_only=True) as reader:
        assert reader.organization(slug="a") is not None
        with pytest.raises(boxoffice.ReadOnly) as caught:
            reader.create_organization("B", "b", "b@b.test", "EUR")
        assert isinstance(caught.value, boxoffice.StorageError)


def test_ids_as_text(engine: boxoffice.Engine) -> None:
    org = engine.create_organization("A", "a", "a@a.test", "EUR")
    assert engine.organization(str(org.id)) == org
    assert engine.organization(str(org.id).upper()) == org
    with pytest.raises(boxoffice.InvalidArgument):
        engine.organization("not-a-uuid")
    with pytest.raises(TypeError):
        engine.organization(12345)  # type: ignore[arg-type]
    assert engine.organization(UNKNOWN) is None
    assert engine.organization(uuid.uuid4()) is None


def test_uuid_functions_agree_with_python() -> None:
    lib = _library.lib
    value = uuid.UUID("0190F3C2-7B1E-7C3A-9D4E-5F6A7B8C9D0E")
    parsed = _library.BoUUID()
    assert lib.bo_uuid_parse(str(value).upper().encode(), ctypes.byref(parsed)) == 0
    assert bytes(parsed.bytes) == value.bytes
    text = ctypes.create_string_buffer(37)
    assert lib.bo_uuid_format(ctypes.byref(parsed), text) == 0
    assert text.value.decode() == str(value)
    assert lib.bo_uuid_parse(b"nope", ctypes.byref(parsed)) == 2
    assert lib.bo_last_error_message()


def test_currencies_and_money_come_from_the_library() -> None:
    assert boxoffice.currency_minor_units("EUR") == 2 and boxoffice.currency_minor_units("JPY") == 0
    assert boxoffice.currency_minor_units("BHD") == 3 and boxoffice.currency_minor_units("XAU") is None
    assert boxoffice.currency_minor_units("") is None and boxoffice.currency_minor_units("E\x00R") is None
    assert boxoffice.format_money(2500, "EUR") == "25.00 EUR"
    assert boxoffice.format_money(1500, "JPY") == "1500 JPY"
    assert boxoffice.format_money(-1250, "BHD") == "-1.250 BHD"
    with pytest.raises(TypeError):
        boxoffice.currency_minor_units(None)  # type: ignore[arg-type]
    with pytest.raises(boxoffice.InvalidArgument):
        boxoffice.format_money(1 << 70, "EUR")
    for code in ("jpy", "", "EUR\x00XYZ", "XAU"):
        assert boxoffice.currency_minor_units(code) is None
        with pytest.raises(boxoffice.InvalidArgument):
            boxoffice.format_money(100, code)


def test_errors_keep_their_details_across_processes() -> None:
    import pickle

    error = boxoffice.SoldOut(3, "sold out")
    error.details = boxoffice.ErrorDetails._from_json({"name": "VIP", "remaining": 2})
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is boxoffice.SoldOut and copy.details == error.details and copy.message == "sold out"
    with pytest.raises(boxoffice.InvalidArgument) as caught:
        boxoffice.format_money(1, "XAU")
    assert caught.value.details == boxoffice.ErrorDetails._from_json({})
