#!/usr/bin/env python3
"""Instructions per call of the engine's main operations in one benchmark workload, counted by
valgrind's callgrind (repeatable where wall-clock times are not): `make profile WORKLOAD=hold3`.

Each operation is counted in runs of its own, collecting only inside the engine call
(`--toggle-collect`, or everything for reads such as availability), over a 1,000-ticket file
prepared by the benchmark. The figure is the difference between a run of N calls and a run of
none, divided by N: preparing the file makes holds and confirms too, and those are not the
workload's. Usage: profile.py BENCH WORKLOAD [ITERATIONS]."""

import re
import subprocess
import sys
import tempfile

# Per workload: (operation, callgrind --toggle-collect pattern, or None to collect everything).
OPERATIONS = {
    "hold3": [("createHold", "*6Engine*createHold*")],
    "hold3_priced": [("createHold", "*6Engine*createHold*")],
    "hold_confirm": [("createHold", "*6Engine*createHold*"), ("confirmHold", "*6Engine*confirmHold*")],
    "release": [("releaseHold", "*6Engine*releaseHold*")],
    "expire": [("expireHolds", "*6Engine*expireHolds*")],
    "availability": [("availability", None)],
}


def collected(bench: str, workload: str, iterations: int, toggle: str | None) -> int:
    """The instructions callgrind collected in one run."""
    with tempfile.NamedTemporaryFile(suffix=".callgrind") as out:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}"]
        command += [f"--toggle-collect={toggle}"] if toggle else []
        command += [bench, "--profile", workload, "--iterations", str(iterations)]
        run = subprocess.run(command, capture_output=True, text=True)
        found = re.search(r"Collected : (\d+)", run.stderr)
        if run.returncode != 0 or not found:
            sys.exit(f"profile: {' '.join(command)} failed:\n{run.stderr[-2000:]}")
        return int(found.group(1))


def main() -> None:
    if len(sys.argv) not in (3, 4) or sys.argv[2] not in OPERATIONS:
        sys.exit(f"usage: profile.py BENCH WORKLOAD [ITERATIONS]; WORKLOAD is one of {', '.join(OPERATIONS)}")
    bench, workload = sys.argv[1], sys.argv[2]
    iterations = int(sys.argv[3]) if len(sys.argv) == 4 else 2_000
    print(f"{workload}: instructions per call, {iterations:,} calls (callgrind)")
    for operation, toggle in OPERATIONS[workload]:
        per_call = (collected(bench, workload, iterations, toggle) - collected(bench, workload, 0, toggle)) / iterations
        print(f"  {operation:<14} {per_call:>12,.0f}")


if __name__ == "__main__":
    main()
