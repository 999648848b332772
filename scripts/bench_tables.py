#!/usr/bin/env python3
"""Markdown tables of a benchmark run (Benchmarks/results/latest.json), for docs/PERFORMANCE.md:
one table of throughput per size (p50 in brackets at 1 client), the flash sale, and the goals.
Usage: bench_tables.py [RESULTS]."""

import json
import sys
from collections import defaultdict

SYSTEMS = ["swift", "cabi", "grdb", "postgres", "floor"]
WORKLOADS = ["hold3", "hold_confirm", "checkin", "availability"]
MODES = ["durable", "durable_sales", "async"]


def cell(figure: dict | None) -> str:
    if figure is None:
        return ""
    text = f"{figure['ops_per_sec']:,.0f}"
    if figure["clients"] == 1:
        p50 = figure["p50_us"]
        text += f" ({p50:.1f} µs)" if p50 < 100 else f" ({p50:,.0f} µs)"
    return text


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "Benchmarks/results/latest.json"
    with open(path) as file:
        run = json.load(file)
    figures = defaultdict(dict)
    for f in run["figures"]:
        figures[(f["workload"], f["mode"], f["clients"], f["size"])][f["system"]] = f
    systems = [s for s in SYSTEMS if any(s in by for by in figures.values())]
    sizes = sorted({f["size"] for f in run["figures"] if f["workload"] in WORKLOADS})
    header = "| workload | mode | clients | " + " | ".join(systems) + " |\n|---|---|---|" + "---|" * len(systems)
    for size in sizes:
        print(f"\n### {size:,} tickets sold\n\n{header}")
        for workload in WORKLOADS:
            for mode in MODES:
                for clients in sorted({k[2] for k in figures if k[0] == workload and k[1] == mode and k[3] == size}):
                    by = figures[(workload, mode, clients, size)]
                    print(f"| {workload} | {mode} | {clients} | " + " | ".join(cell(by.get(s)) for s in systems) + " |")
    print(f"\n### flash_sale (1,000 tickets; attempts per second, p50 per attempt in brackets at 1 client)\n")
    print("| mode | clients | " + " | ".join(systems) + " |\n|---|---|" + "---|" * len(systems))
    for mode in MODES:
        for clients in sorted({k[2] for k in figures if k[0] == "flash_sale" and k[1] == mode}):
            by = figures[("flash_sale", mode, clients, 1000)]
            print(f"| {mode} | {clients} | " + " | ".join(cell(by.get(s)) for s in systems) + " |")
    print("\n| goal | target | measured | met |\n|---|---|---|---|")
    for key, goal in sorted(run["goals"].items()):
        value = goal.get("value")
        shown = "not measured" if value is None else f"{value:,.2f}" if value < 1000 else f"{value:,.0f}"
        met = {True: "yes", False: "no", None: ""}[goal.get("met")]
        print(f"| `{key}` | {goal['goal']} | {shown} | {met} |")


if __name__ == "__main__":
    main()
