#!/usr/bin/env python3
"""Instructions per call of the engine's main operations in one benchmark workload, counted by
valgrind's callgrind (repeatable where wall-clock times are not): `make profile WORKLOAD=hold3`.

Each operation is counted in runs of its own, collecting only inside the engine call
(`--toggle-collect`, or everything for reads such as availability), over a 1,000-ticket file
prepared by the benchmark. The figure is the difference between a run of N calls and a run of
none, divided by N: preparing the file makes holds and confirms too, and those are not the
workload's. Usage: profile.py BENCH WORKLOAD [ITERATIONS] [--json FILE]."""

import argparse
import json
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
    parser = argparse.ArgumentParser(description="Instructions per call of a benchmark workload's operations (callgrind).")
    parser.add_argument("bench", help="the release BoxOfficeBench")
    parser.add_argument("workload", choices=OPERATIONS)
    parser.add_argument("iterations", nargs="?", type=int, default=2_000)
    parser.add_argument("--json", help="also write {operation: instructions per call} here (make bench reads it)")
    args = parser.parse_args()
    if args.iterations < 1:
        sys.exit("profile: iterations must be at least 1")
    print(f"{args.workload}: instructions per call, {args.iterations:,} calls (callgrind)")
    counts = {}
    for operation, toggle in OPERATIONS[args.workload]:
        runs = collected(args.bench, args.workload, args.iterations, toggle), collected(args.bench, args.workload, 0, toggle)
        counts[operation] = (runs[0] - runs[1]) / args.iterations
        if counts[operation] <= 0:  # the toggle matched nothing: a renamed or inlined function
            sys.exit(f"profile: {operation} counted {counts[operation]:,.0f} instructions per call; "
                     f"does --toggle-collect={toggle} still name it?")
        print(f"  {operation:<14} {counts[operation]:>12,.0f}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(counts, out)


if __name__ == "__main__":
    main()
