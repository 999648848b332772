"""Many processes and fork() on one file, as Python back ends run them: prefork servers,
multiprocessing pools (fork and spawn), a forked child that exits normally, dozens of idle worker
processes. A child never disturbs its parent, an inherited engine says to open the file again, and
idle processes do not use up the reader slots."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, List, Tuple

import pytest

import boxoffice
from conftest import HERE, now_ms

PACKAGE = str(HERE.parent)


def python(script: str, *args: str, **popen: Any) -> "subprocess.Popen[str]":
    """Runs `script` in a fresh interpreter that imports this tree's package."""
    env = dict(os.environ, PYTHONPATH=PACKAGE)
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *args], env=env, text=True, **popen)


def make_event(engine: boxoffice.Engine, quantity: int = 1000) -> Tuple[Any, Any]:
    org = engine.create_organization("Workers", f"workers-{time.monotonic_ns()}", "w@acme.test", "EUR")
    start = now_ms() + 86_400_000
    event = engine.create_event(org.id, "Prefork", start, start + 3_600_000)
    tier = engine.create_ticket_type(event.id, "GA", 1000, "EUR", quantity)
    engine.publish_event(event.id)
    return event.id, tier.id


def sell(engine: boxoffice.Engine, event_id: Any, tier_id: Any, count: int) -> int:
    for _ in range(count):
        hold = engine.create_hold(event_id, [(tier_id, 1)])
        engine.confirm_hold(hold.hold_id)
    return count


def sold(engine: boxoffice.Engine, event_id: Any) -> int:
    return engine.availability(event_id).tiers[0].sold


# -- fork -----------------------------------------------------------------------------------


def test_a_forked_child_that_exits_normally_leaves_the_parent_working(tmp_path: Path) -> None:
    # The child returns from the script, so the interpreter finalizes its inherited Engine
    # (bo_close on the parent's handle): that must release only the child's memory.
    script = """
        import os, sys, boxoffice
        engine = boxoffice.Engine(sys.argv[1], durability="async")
        org = engine.create_organization("Fork", "fork", "f@acme.test", "EUR")
        engine.events(org.id)
        child = os.fork()
        if child == 0:
            sys.exit(0)                      # a normal exit: finalizers run
        _, status = os.waitpid(child, 0)
        assert status == 0, status
        print(len(engine.events(org.id)), engine.organization(slug="fork").details.name)
    """
    run = python(script, str(tmp_path / "fork.boxoffice"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0, err
    assert out.split() == ["0", "Fork"]


def test_an_inherited_engine_says_to_open_the_file_again(tmp_path: Path) -> None:
    path = tmp_path / "inherited.boxoffice"
    with boxoffice.Engine(path, durability="async") as engine:
        event_id, tier_id = make_event(engine)
        engine.availability(event_id)
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the child
            os.close(read)
            outcome = "no error"
            try:
                engine.availability(event_id)
            except boxoffice.ClosedError as error:
                outcome = f"{type(error).__name__}: {error}"
            except BaseException as error:
                outcome = f"wrong error {type(error).__name__}: {error}"
            try:
                with boxoffice.Engine(path, durability="async") as own:  # the parent still has it open
                    outcome += f"|sold {sell(own, event_id, tier_id, 2)}"
            except BaseException as error:
                outcome += f"|own engine failed: {error}"
            os.write(write, outcome.encode())
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as pipe:
            outcome = pipe.read()
        os.waitpid(child, 0)
        assert outcome.startswith("ClosedError"), outcome
        assert "fork()" in outcome and "open it again in the child" in outcome
        assert outcome.endswith("|sold 2")
        assert sold(engine, event_id) == 2
        assert sell(engine, event_id, tier_id, 1) == 1


def _worker(path: str, event_id: Any, tier_id: Any, count: int) -> int:
    with boxoffice.Engine(path, durability="async") as engine:
        return sell(engine, event_id, tier_id, count)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_multiprocessing_workers_sell_beside_the_parent(tmp_path: Path, method: str) -> None:
    path = tmp_path / f"{method}.boxoffice"
    with boxoffice.Engine(path, durability="async") as engine:
        event_id, tier_id = make_event(engine)
        engine.availability(event_id)  # the parent has read before it forks
        context = multiprocessing.get_context(method)
        with context.Pool(4) as pool:
            pending = pool.starmap_async(_worker, [(str(path), event_id, tier_id, 25)] * 4)
            mine = sell(engine, event_id, tier_id, 25)  # the parent keeps selling
            theirs = pending.get(timeout=120)
        assert theirs == [25] * 4 and mine == 25
        assert sold(engine, event_id) == 125
        assert engine.verify().clean


def test_a_prefork_server(tmp_path: Path) -> None:
    # No web framework: a parent that opens, reads, forks four workers that each open their own
    # engine and sell, and keeps selling; the workers exit normally.
    script = """
        import os, sys, time, boxoffice
        engine = boxoffice.Engine(sys.argv[1], durability="async")
        org = engine.create_organization("Prefork", "prefork", "p@acme.test", "EUR")
        start = int(time.time() * 1000) + 86_400_000
        event = engine.create_event(org.id, "Gig", start, start + 3_600_000)
        tier = engine.create_ticket_type(event.id, "GA", 1000, "EUR", 500)
        engine.publish_event(event.id)
        engine.availability(event.id)
        children = []
        for _ in range(4):
            child = os.fork()
            if child == 0:
                with boxoffice.Engine(sys.argv[1], durability="async") as own:
                    for _ in range(40):
                        own.confirm_hold(own.create_hold(event.id, [(tier.id, 1)]).hold_id)
                sys.exit(0)
            children.append(child)
        for _ in range(40):
            engine.confirm_hold(engine.create_hold(event.id, [(tier.id, 1)]).hold_id)
        statuses = [os.waitpid(child, 0)[1] for child in children]
        print(statuses, engine.availability(event.id).tiers[0].sold, engine.verify().clean)
    """
    run = python(script, str(tmp_path / "prefork.boxoffice"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert out.strip() == "[0, 0, 0, 0] 200 True"


# -- reader slots ---------------------------------------------------------------------------

IDLE_WORKER = """
    import sys, threading, boxoffice
    engine = boxoffice.Engine(sys.argv[1], max_readers=int(sys.argv[3]) if len(sys.argv) > 3 else None)
    event_id = sys.argv[2]
    failures = []
    def read():
        try:
            for _ in range(100):
                engine.availability(event_id)
        except BaseException as error:
            failures.append(error)
    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads: thread.start()
    for thread in threads: thread.join()
    print("failed: %s" % failures[0] if failures else "ready", flush=True)
    sys.stdin.read()                         # idle until the test closes stdin
"""


def start_idle_workers(path: Path, event_id: Any, count: int, *extra: str) -> List["subprocess.Popen[str]"]:
    workers = [python(IDLE_WORKER, str(path), str(event_id), *extra, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
               for _ in range(count)]
    for worker in workers:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
    return workers


def stop(workers: List["subprocess.Popen[str]"]) -> None:
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.close()
    for worker in workers:
        worker.wait(timeout=60)


def eventually(condition: Any, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


def test_forty_idle_processes_leave_slots_for_a_forty_first(tmp_path: Path) -> None:
    path = tmp_path / "forty.boxoffice"
    with boxoffice.Engine(path, durability="async") as engine:
        event_id, tier_id = make_event(engine)
    # 40 processes with the default 126 slots, each reading from 4 threads at once, then idle.
    workers = start_idle_workers(path, event_id, 40)
    try:
        with boxoffice.Engine(path, durability="async") as engine:  # the 41st
            assert sell(engine, event_id, tier_id, 3) == 3
            assert sold(engine, event_id) == 3
            others = lambda: [s for s in engine.readers() if s.pid != os.getpid()]  # noqa: E731
            assert eventually(lambda: not others()), others()  # idle workers hold no slot
    finally:
        stop(workers)


def test_an_idle_process_with_one_reader_slot_lets_another_read(tmp_path: Path) -> None:
    path = tmp_path / "one.boxoffice"
    # The idle process creates the file with max_readers=1, which sizes the lock file for all.
    creator = python("""
        import sys, time, boxoffice
        with boxoffice.Engine(sys.argv[1], max_readers=1) as engine:
            org = engine.create_organization("One", "one", "o@acme.test", "EUR")
            start = int(time.time() * 1000) + 86_400_000
            event = engine.create_event(org.id, "Solo", start, start + 3_600_000)
            engine.create_ticket_type(event.id, "GA", 1000, "EUR", 10)
            engine.publish_event(event.id)
            engine.availability(event.id)   # one read, then idle
            print(event.id, flush=True)
            sys.stdin.read()
    """, str(path), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert creator.stdout is not None
        event_id = creator.stdout.readline().strip()
        with boxoffice.Engine(path) as engine:
            assert engine.availability(event_id).tiers[0].available == 10
    finally:
        stop([creator])


def test_reader_slot_calls(engine: boxoffice.Engine) -> None:
    slots = engine.readers()
    assert all(isinstance(slot, boxoffice.ReaderSlot) and slot.is_live for slot in slots)
    assert engine.clear_stale_readers() == 0
    engine.close()
    with pytest.raises(boxoffice.ClosedError):
        engine.readers()
    with pytest.raises(boxoffice.ClosedError):
        engine.clear_stale_readers()


def _open_new_store(path: str, barrier: "multiprocessing.synchronize.Barrier", slug: str) -> None:
    barrier.wait()
    with boxoffice.Engine(path) as engine:
        engine.create_organization("O", slug, "o@example.org", "EUR")


def test_processes_creating_one_new_store_at_once_all_open_it(tmp_path: Path) -> None:
    """Prefork workers may all open a store that does not exist yet: each one opens it (the
    directory made by another, its data file filled by another), and every write lands."""
    spawn = multiprocessing.get_context("spawn")
    for trial in range(8):
        path = tmp_path / f"new-{trial}.boxoffice"
        barrier = spawn.Barrier(8)
        workers = [spawn.Process(target=_open_new_store, args=(str(path), barrier, f"org-{trial}-{n}")) for n in range(8)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
            assert worker.exitcode == 0
        with boxoffice.Engine(path) as engine:
            assert engine.verify().clean
            assert all(engine.organization(slug=f"org-{trial}-{n}") is not None for n in range(8))
