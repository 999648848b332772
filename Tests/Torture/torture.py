#!/usr/bin/env python3
"""The torture harness: crashes, power cuts, I/O errors and full disks against a BoxOffice data
file, each judged by opening the file afterwards: `verify` must be clean (every page, index and
invariant) and nothing that was acknowledged may be lost. docs/RELIABILITY.md explains each test
and what it proves; `make torture` runs the full set, `make test` a quick one.

    torture.py [--quick] [--seed N] [--json FILE] DRIVER SHIM [kill powercut ioerror diskfull ...]

DRIVER is Tests/Torture/driver.c built against libboxoffice, SHIM is Tests/Torture/shim.c built
as a shared object. Without test names, every test runs. Exit status 0 when every run passed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

SECTOR = 512
PAGE = 4096


def pieces(pending: List[Tuple[int, bytes]], size: int) -> List[Tuple[int, bytes]]:
    """The pending writes cut at every `size`-aligned boundary: what a disk may persist or not,
    each on its own."""
    out = []
    for offset, payload in pending:
        start = 0
        while start < len(payload):
            end = min(len(payload), start + size - (offset + start) % size)
            out.append((offset + start, payload[start:end]))
            start = end
    return out


@dataclass
class Tally:
    """What one kind of run found."""

    name: str
    runs: int = 0
    failures: int = 0
    lost: int = 0
    acknowledged: int = 0
    notes: List[str] = field(default_factory=list)
    extra: Dict[str, int] = field(default_factory=dict)

    def fail(self, why: str) -> None:
        self.failures += 1
        if len(self.notes) < 5:
            self.notes.append(why)


class Harness:
    def __init__(self, driver: str, shim: str, work: Path, rng: random.Random) -> None:
        self.driver = driver
        self.shim = shim
        self.work = work
        self.rng = rng
        self.base = work / "base"
        self.run([driver, "setup", str(self.base)], check=True)

    def run(self, args: List[str], check: bool = False, env: Optional[Dict[str, str]] = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
        result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=timeout)
        if check and result.returncode != 0:
            raise SystemExit(f"torture: {' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
        return result

    def copy(self, name: str) -> Path:
        path = self.work / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir()
        shutil.copy(self.base / "data.mdb", path / "data.mdb")
        return path

    def shim_env(self, store: Path, **settings: str) -> Dict[str, str]:
        env = dict(os.environ, LD_PRELOAD=self.shim, BOXOFFICE_SHIM_FILE=str(store / "data.mdb"))
        env.update({f"BOXOFFICE_SHIM_{key.upper()}": value for key, value in settings.items()})
        return env

    def check(self, store: Path, acks: List[str]) -> Tuple[str, dict]:
        """("ok" | "lost" | "corrupt" | "refused" | "crashed", the driver's report)."""
        ack_file = self.work / (store.name + ".acks")
        ack_file.write_text("".join(line + "\n" for line in acks))
        result = self.run([self.driver, "check", str(store), str(ack_file)])
        if result.returncode < 0 or result.returncode > 2:
            return "crashed", {"stderr": result.stderr[-300:], "status": result.returncode}
        if result.returncode == 2:
            return "refused", {"stderr": result.stderr.strip()[-300:]}
        report = json.loads(result.stdout.strip().splitlines()[-1])
        if not report["clean"]:
            return "corrupt", report
        return ("lost" if report["lost"] else "ok"), report


def acknowledgements(text: str) -> List[str]:
    """The complete acknowledgement lines of a driver's output."""
    lines = text.split("\n")[:-1]  # the last one may be cut short
    return [line for line in lines if line.split(" ")[0] in ("order", "refund", "checkin")]


# -- SIGKILL during durable sales ------------------------------------------------------------


def kill_runs(h: Harness, runs: int) -> Tally:
    tally = Tally("kill (durable)")
    for i in range(runs):
        store = h.copy(f"kill-{i}")
        seller = subprocess.Popen([h.driver, "sell", str(store), "durable", "0"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(h.rng.uniform(0.05, 0.5))
        seller.send_signal(signal.SIGKILL)
        out, _ = seller.communicate()
        acks = acknowledgements(out)
        outcome, report = h.check(store, acks)
        tally.runs += 1
        tally.acknowledged += len(acks)
        tally.lost += report.get("lost", 0)
        if outcome != "ok":
            tally.fail(f"run {i}: {outcome} {report}")
        shutil.rmtree(store, ignore_errors=True)
    return tally


# -- power cuts ------------------------------------------------------------------------------


def read_journal(path: Path) -> List[Tuple[str, int, bytes]]:
    data = path.read_bytes()
    records, i = [], 0
    while i + 13 <= len(data):
        kind = chr(data[i])
        offset, length = struct.unpack_from("<QI", data, i + 1)
        records.append((kind, offset, data[i + 13:i + 13 + length]))
        i += 13 + length
    return records


def apply(image: bytearray, offset: int, payload: bytes) -> None:
    end = offset + len(payload)
    if end > len(image):
        image.extend(b"\0" * (end - len(image)))
    image[offset:end] = payload


def power_cut(persisted: bytearray, pending: List[Tuple[int, bytes]], model: str, rng: random.Random) -> bytearray:
    """The disk after a power cut: what the last sync covered, plus a part of what came after,
    chosen the way `model` says a disk may behave."""
    image = bytearray(persisted)
    if model == "lost":
        return image
    if model == "reordered":  # any subset of the pages written, in any order
        chosen = [w for w in pieces(pending, PAGE) if rng.random() < 0.5]
        rng.shuffle(chosen)
    elif model == "torn":  # any subset of the 512-byte sectors written
        chosen = [w for w in pieces(pending, SECTOR) if rng.random() < 0.5]
    elif model == "elevator":  # pages in offset order, cut anywhere
        ordered = sorted(pieces(pending, PAGE))
        chosen = ordered[:rng.randint(0, len(ordered))]
    else:
        raise ValueError(model)
    for offset, payload in chosen:
        apply(image, offset, payload)
    return image


def powercut_runs(h: Harness, mode: str, recordings: int, cuts: int, syncs: Optional[Dict[str, int]] = None) -> Tally:
    """Records `recordings` runs of 40 sales in `mode`, then replays `cuts` power cuts in each;
    `syncs` gets the flushes of the first recording (a sync, or a write to an O_DSYNC descriptor)."""
    tally = Tally(f"power cut ({mode})")
    models = ["lost", "reordered", "torn", "elevator"]
    for r in range(recordings):
        store = h.copy(f"record-{mode}-{r}")
        journal = h.work / f"journal-{mode}-{r}"
        journal.unlink(missing_ok=True)
        initial = bytearray((store / "data.mdb").read_bytes())
        h.run([h.driver, "sell", str(store), mode, "40"], check=True, env=h.shim_env(store, journal=str(journal)))
        records = read_journal(journal)
        if syncs is not None and r == 0:
            syncs[mode] = sum(1 for kind, _, _ in records if kind == "S")
        points = sorted(h.rng.sample(range(1, len(records) + 1), min(cuts, len(records))))
        persisted, pending, acks, position = initial, [], [], 0
        for point in points:
            while position < point:
                kind, offset, payload = records[position]
                if kind == "W":
                    pending.append((offset, payload))
                elif kind == "S":
                    for o, p in pending:
                        apply(persisted, o, p)
                    pending = []
                elif kind == "M":
                    acks.append(payload.decode())
                position += 1
            model = models[(r + point) % len(models)]
            image = power_cut(persisted, pending, model, h.rng)
            cut = h.work / f"cut-{mode}"
            shutil.rmtree(cut, ignore_errors=True)
            cut.mkdir()
            (cut / "data.mdb").write_bytes(image)
            outcome, report = h.check(cut, acks)
            tally.runs += 1
            tally.acknowledged += len(acks)
            tally.extra[outcome] = tally.extra.get(outcome, 0) + 1
            if outcome == "lost":
                tally.lost += report["lost"]
            # What each mode promises (docs/RELIABILITY.md): never a crash; durable and durable-sales
            # lose no acknowledged sale (the driver acknowledges orders, refunds and check-ins, not
            # holds, which durable-sales may undo) and meta-async is never corrupt; async may be
            # corrupt, and verify must say so.
            broken = mode != "async" and outcome in ("corrupt", "refused")
            if outcome == "crashed" or broken or (mode in ("durable", "durable_sales") and outcome == "lost"):
                tally.fail(f"{mode} cut at record {point}/{len(records)} ({model}): {outcome} {report}")
        shutil.rmtree(store, ignore_errors=True)
        journal.unlink(missing_ok=True)
    return tally


# -- I/O errors ------------------------------------------------------------------------------


def ioerror_runs(h: Harness, samples: Optional[int]) -> Tally:
    """Fails one call of each kind (write, sync, meta-page write) once or from then on, at `samples`
    random positions of a run, or at every position when `samples` is None."""
    tally = Tally("I/O errors (durable)")
    # How many calls of each kind a run makes, from a recorded run.
    probe = h.copy("probe")
    journal = h.work / "probe-journal"
    journal.unlink(missing_ok=True)
    h.run([h.driver, "sell", str(probe), "durable", "20"], check=True, env=h.shim_env(probe, journal=str(journal)))
    records = read_journal(journal)
    counts = {"write": sum(1 for r in records if r[0] == "W"), "sync": sum(1 for r in records if r[0] == "S"),
              "meta": sum(1 for r in records if r[0] == "W" and r[1] % 4096 == 32 and r[1] < 8192)}
    for kind in ("write", "sync", "meta"):
        for how in ("once", "always"):
            positions = range(1, max(1, counts[kind]) + 1)
            nths = list(positions) if samples is None else sorted(set(h.rng.choice(positions) for _ in range(samples)))
            for nth in nths:
                err = "ENOSPC" if nth % 3 == 0 else "EIO"
                store = h.copy("ioerror")
                # Five more sales than the probe made, so that every failure has sales after it.
                result = h.run([h.driver, "sell", str(store), "durable", "25"],
                               env=h.shim_env(store, fail=f"{kind}:{nth}:{how}:{err}"))
                acks = acknowledgements(result.stdout)
                errors = [line for line in result.stdout.splitlines() if line.startswith("error ")]
                tally.runs += 1
                tally.acknowledged += len(acks)
                label = f"{kind} #{nth} failing {how} with {err}"
                if result.returncode != 0:
                    tally.fail(f"{label}: the driver exited {result.returncode}: {result.stderr[-200:]}")
                    continue
                if how == "once" and errors:
                    # The engine is not stuck: the sales after the failure go through.
                    last_error = max(i for i, line in enumerate(result.stdout.splitlines()) if line.startswith("error "))
                    if not any(line.startswith("order ") for line in result.stdout.splitlines()[last_error:]):
                        tally.fail(f"{label}: nothing sold after the failure: {errors[:2]}")
                outcome, report = h.check(store, acks)
                if outcome != "ok":
                    tally.lost += report.get("lost", 0)
                    tally.fail(f"{label}: {outcome} {report}")
                tally.extra["failed calls"] = tally.extra.get("failed calls", 0) + len(errors)
    return tally


# -- a full disk -----------------------------------------------------------------------------


def sell_until_full(h: Harness, store: Path, env: Optional[Dict[str, str]], make_room, tally: Tally, label: str) -> None:
    """Sells until three calls in a row fail with BO_DISK_FULL, checks that reads and verify still
    work, makes room, and expects selling to resume."""
    seller = subprocess.Popen([h.driver, "sell", str(store), "durable", "0"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        watch_filling(h, store, seller, make_room, tally, label, real_disk=env is None)
    finally:
        if seller.poll() is None:
            seller.kill()
            seller.wait()


def watch_filling(h: Harness, store: Path, seller: subprocess.Popen, make_room, tally: Tally, label: str,
                  real_disk: bool) -> None:
    assert seller.stdout is not None and seller.stdin is not None
    lines: List[str] = []
    full_in_a_row, phase, resumed = 0, "filling", 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = seller.stdout.readline()
        if not line:
            break
        line = line.rstrip("\n")
        lines.append(line)
        if phase == "filling":
            if line.startswith("error BO_DISK_FULL"):
                full_in_a_row += 1
            elif line.startswith("error "):
                tally.fail(f"{label}: a full disk gave another status: {line}")
                seller.stdin.write("stop\n")
                seller.stdin.flush()
                phase = "stopping"
                continue
            else:
                full_in_a_row = 0
            if full_in_a_row >= 3:
                outcome, report = h.check(store, acknowledgements("\n".join(lines) + "\n"))
                if outcome != "ok":
                    tally.fail(f"{label}: while full: {outcome} {report}")
                if real_disk:
                    # A new store on the full disk, no lock file yet: an error, never a crash.
                    fresh = store.parent / "fresh"
                    created = h.run([h.driver, "setup", str(fresh)])
                    if created.returncode != 2 or "BO_DISK_FULL" not in created.stderr:
                        tally.fail(f"{label}: a new store on the full disk: exit {created.returncode}: {created.stderr[-200:]}")
                    shutil.rmtree(fresh, ignore_errors=True)
                make_room()
                phase = "resuming"
        elif line.startswith("order "):
            resumed += 1
            if resumed >= 10:
                seller.stdin.write("stop\n")
                seller.stdin.flush()
                phase = "stopping"
    out, err = seller.communicate(timeout=60)
    lines += out.splitlines()
    acks = acknowledgements("\n".join(lines) + "\n")
    tally.runs += 1
    tally.acknowledged += len(acks)
    if phase == "filling":
        tally.fail(f"{label}: the disk never filled ({len(acks)} acknowledged): {err[-200:]}")
    elif resumed < 10:
        tally.fail(f"{label}: selling did not resume after room was made ({resumed} sales)")
    if seller.returncode != 0:
        tally.fail(f"{label}: the driver exited {seller.returncode}: {err[-200:]}")
    outcome, report = h.check(store, acks)
    if outcome != "ok":
        tally.lost += report.get("lost", 0)
        tally.fail(f"{label}: {outcome} {report}")


def diskfull_runs(h: Harness, real_filesystem: bool) -> Tally:
    tally = Tally("disk full")
    # A disk whose size the harness sets (the shim): full at the current size plus a little.
    store = h.copy("full-shim")
    limit = h.work / "limit"
    limit.write_text(str((store / "data.mdb").stat().st_size + 128 * 1024))
    sell_until_full(h, store, h.shim_env(store, limit_file=str(limit)), lambda: limit.write_text(str(1 << 40)), tally,
                    "simulated disk")
    if not real_filesystem:
        return tally
    # Real small file systems, filled with ballast, then the ballast removed: tmpfs (a full one
    # makes LMDB's writes short, which it reports as EIO) and ext4 on a loop device (ENOSPC).
    for kind in ("tmpfs", "ext4"):
        mount = h.work / f"small-{kind}"
        mount.mkdir(exist_ok=True)
        if kind == "tmpfs":
            command = ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)]
        else:
            image = h.work / "ext4.img"
            with open(image, "wb") as f:
                f.truncate(16 << 20)
            if subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], capture_output=True).returncode != 0:
                tally.notes.append("mkfs.ext4 failed here: the ext4 run was skipped")
                continue
            command = ["mount", "-o", "loop", str(image), str(mount)]
        if subprocess.run(command, capture_output=True).returncode != 0:
            tally.notes.append(f"{kind} could not be mounted here (not root, or no loop device): its run was skipped")
            continue
        try:
            store = mount / "store"
            store.mkdir()
            shutil.copy(h.base / "data.mdb", store / "data.mdb")
            ballast = mount / "ballast"
            free = shutil.disk_usage(mount).free
            ballast.write_bytes(b"\0" * max(0, free - 256 * 1024))
            sell_until_full(h, store, None, lambda: ballast.unlink(), tally, kind)
        finally:
            subprocess.run(["umount", str(mount)], capture_output=True)
    return tally


# -- the run ---------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("driver")
    parser.add_argument("shim")
    parser.add_argument("tests", nargs="*", default=["kill", "powercut", "ioerror", "diskfull"])
    parser.add_argument("--quick", action="store_true", help="a few runs of each, for make test")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="write the tallies here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    quick = args.quick
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="boxoffice-torture-") as work:
        h = Harness(os.path.abspath(args.driver), os.path.abspath(args.shim), Path(work), rng)
        tallies: List[Tally] = []
        for test in args.tests:
            if test == "kill":
                tallies.append(kill_runs(h, 3 if quick else 200))
            elif test == "powercut":
                syncs: Dict[str, int] = {}
                for mode in ("durable", "durable_sales", "meta_async", "async"):
                    tallies.append(powercut_runs(h, mode, 1 if quick else 4, 4 if quick else 50, syncs))
                # durable-sales flushes a hold's commit once instead of twice: 40 fewer flushes for
                # the same 40 sales (the other commits are the same in both modes).
                flushes = Tally("flushes (durable_sales)")
                flushes.runs = 1
                flushes.extra = {f"{mode} syncs": count for mode, count in syncs.items()}
                if syncs["durable"] - syncs["durable_sales"] != 40:
                    flushes.fail(f"40 sales flushed {syncs['durable']} times durable, {syncs['durable_sales']} durable_sales: "
                                 "durable_sales should save one flush per hold")
                tallies.append(flushes)
            elif test == "ioerror":
                tallies.append(ioerror_runs(h, 1 if quick else None))
            elif test == "diskfull":
                tallies.append(diskfull_runs(h, real_filesystem=not quick))
            else:
                parser.error(f"unknown test {test}")
    print(f"{'test':<26}{'runs':>6}{'failures':>10}{'acknowledged':>14}{'lost':>6}  outcomes")
    for t in tallies:
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(t.extra.items()))
        print(f"{t.name:<26}{t.runs:>6}{t.failures:>10}{t.acknowledged:>14}{t.lost:>6}  {outcomes}")
        for note in t.notes:
            print(f"    {note}")
    print(f"torture: {time.monotonic() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps([t.__dict__ for t in tallies], indent=2) + "\n")
    return 1 if any(t.failures for t in tallies) else 0


if __name__ == "__main__":
    sys.exit(main())
