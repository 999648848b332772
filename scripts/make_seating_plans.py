#!/usr/bin/env python3
"""Writes the example seating plans, examples/seating/arena.json (an end-stage arena of some
21,000 seats) and examples/seating/theatre.json (a small theatre for docs and tests), in the plan
JSON format the engine parses. The output is deterministic: the same bytes on every run.

Usage:
  python3 scripts/make_seating_plans.py           writes both files, prints a summary per plan
  python3 scripts/make_seating_plans.py --check   writes nothing; exits 1 when a file on disk
                                                  differs from what this script would write

Geometry (metres-ish, SVG-like: x to the right, y downwards; the focal point is the stage centre
at (0, 0), the stage at the top of the drawing):

* Arena. The bowl follows a stadium shape: two straights at x = +-r from y = 0 to y = LENGTH and a
  half circle around (0, LENGTH) at the far end; row k of a bowl lies at offset r = r0 + k * depth
  from the centre line. The lower bowl (sections 101-113, "lower", the four middle side sections
  "premium") wraps the floor on three sides; the upper bowl (201-220, "upper") also wraps the
  stage's corners. Sections are numbered clockwise from the stage's corner on the +x side, seats in
  the same direction, rows from the front (nearest the floor) back. The floor (FLOOR-A..FLOOR-I,
  "floor") is three blocks across and three deep, rows "1".. from the stage; blocks, the bowl's
  sections and rows are split by aisles. The first row of six lower sections has an accessible
  seat at each end with a companion seat beside it; the two front rows of FLOOR-H sit behind the
  mixing desk, their middle seats have a restricted view and a rank pushed back by 20.
* Theatre. Curved rows around a point behind the stage: stalls rows A-F, a circle rows A-C
  further back; two accessible + companion pairs in the stalls, two restricted-view seats at the
  ends of the circle's back row.
"""
import json
import math
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARENA_PATH = "examples/seating/arena.json"
THEATRE_PATH = "examples/seating/theatre.json"

SEAT_PITCH = 0.9  # centre to centre along a row
AISLE = 1.4  # between neighbouring sections along a bowl
BOWL_ROW_DEPTH = 0.9
FLOOR_ROW_DEPTH = 0.9


def num(v):
    """A coordinate rounded to 0.1, written as an integer when whole (never -0)."""
    v = round(v, 1)
    if v == 0:
        return 0
    if v == int(v):
        return int(v)
    return v


def seat(number, x, y, **extra):
    """One seat, keys in a fixed order; flags are written only when true."""
    s = {"number": str(number), "x": num(x), "y": num(y)}
    for key in ("category", "accessible", "companion", "restrictedView"):
        if extra.get(key):
            s[key] = extra[key]
    if "rank" in extra:
        s["rank"] = num(extra["rank"])
    return s


def bowl_row_names(count):
    """A..Z without I and O, then AA, BB, ... (as many venues letter their rows)."""
    letters = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in "IO"]
    names = []
    for k in range(count):
        names.append(letters[k % len(letters)] * (k // len(letters) + 1))
    return names


# ---------------------------------------------------------------------------------------------
# Arena


LENGTH = 72.0  # the straights run from y = 0 (beside the stage) to y = LENGTH
LOWER_R0, LOWER_ROWS = 25.0, 27
UPPER_R0, UPPER_ROWS = LOWER_R0 + LOWER_ROWS * BOWL_ROW_DEPTH + 6.0, 26  # 6 m concourse between
CORNER = math.radians(32)  # the upper bowl wraps the stage corners this far past y = 0


def pieces(straight_sections, arc_sections, corner_sections):
    """The clockwise list of section shapes of one bowl: (kind, start, end) with kind "straight+"
    (right side, y increasing), "arc" (far end, angle increasing), "straight-" (left side, y
    decreasing), "corner+" / "corner-" (around the stage's right / left corner)."""
    out = []
    for i in range(corner_sections):
        out.append(("corner+", -CORNER + CORNER * i / corner_sections, -CORNER + CORNER * (i + 1) / corner_sections))
    for i in range(straight_sections):
        out.append(("straight+", LENGTH * i / straight_sections, LENGTH * (i + 1) / straight_sections))
    for i in range(arc_sections):
        out.append(("arc", math.pi * i / arc_sections, math.pi * (i + 1) / arc_sections))
    for i in range(straight_sections):
        out.append(("straight-", LENGTH * (1 - i / straight_sections), LENGTH * (1 - (i + 1) / straight_sections)))
    for i in range(corner_sections):
        out.append(("corner-", math.pi + CORNER * i / corner_sections, math.pi + CORNER * (i + 1) / corner_sections))
    return out


def row_positions(kind, start, end, r):
    """Seat centres, clockwise, of one row of a bowl section at offset r from the centre line."""
    if kind.startswith("straight"):
        length = abs(end - start)
    else:
        length = r * abs(end - start)
    n = int((length - AISLE) / SEAT_PITCH + 1e-9)
    if kind.startswith("straight"):
        sign = 1 if kind == "straight+" else -1
        x = r * sign
        # The first seat on the 0.1 grid, so that rounding keeps the pitch exact.
        first = round((start + end) / 2 - sign * (n - 1) / 2 * SEAT_PITCH, 1)
        return [(x, first + sign * i * SEAT_PITCH) for i in range(n)]
    cy = LENGTH if kind == "arc" else 0.0
    mid = (start + end) / 2
    step = SEAT_PITCH / r
    return [(r * math.cos(mid + (i - (n - 1) / 2) * step), cy + r * math.sin(mid + (i - (n - 1) / 2) * step))
            for i in range(n)]


def bowl(first_number, r0, row_count, shapes, category_of, accessible_sections=()):
    sections = []
    names = bowl_row_names(row_count)
    for index, (kind, start, end) in enumerate(shapes):
        name = str(first_number + index)
        rows = []
        for k in range(row_count):
            positions = row_positions(kind, start, end, r0 + k * BOWL_ROW_DEPTH)
            n = len(positions)
            seats = []
            for i, (x, y) in enumerate(positions, start=1):
                flags = {}
                if k == 0 and name in accessible_sections:
                    if i in (1, n):
                        flags["accessible"] = True
                    elif i in (2, n - 1):
                        flags["companion"] = True
                seats.append(seat(i, x, y, **flags))
            rows.append({"name": names[k], "category": category_of(name), "seats": seats})
        sections.append({"name": name, "rows": rows})
    return sections


FLOOR_BLOCK_SEATS, FLOOR_BLOCK_ROWS = 15, 22
FLOOR_SIDE_AISLE, FLOOR_CROSS_AISLE = 1.5, 3.0
FLOOR_FRONT = 10.0  # the stage's front edge is at y = 6, a pit and barrier in front of it


def floor():
    block_width = (FLOOR_BLOCK_SEATS - 1) * SEAT_PITCH
    block_depth = (FLOOR_BLOCK_ROWS - 1) * FLOOR_ROW_DEPTH
    sections = []
    for band in range(3):
        y0 = FLOOR_FRONT + band * (block_depth + FLOOR_CROSS_AISLE + FLOOR_ROW_DEPTH)
        for column in range(3):
            name = "FLOOR-" + "ABCDEFGHI"[band * 3 + column]
            x0 = (column - 1) * (block_width + SEAT_PITCH + FLOOR_SIDE_AISLE) - block_width / 2
            rows = []
            for k in range(FLOOR_BLOCK_ROWS):
                y = y0 + k * FLOOR_ROW_DEPTH
                seats = []
                for i in range(1, FLOOR_BLOCK_SEATS + 1):
                    x = x0 + (i - 1) * SEAT_PITCH
                    if name == "FLOOR-H" and k < 2 and 6 <= i <= 10:
                        # Behind the mixing desk in the cross aisle: worse than the distance says.
                        seats.append(seat(i, x, y, restrictedView=True, rank=math.hypot(x, y) + 20))
                    else:
                        seats.append(seat(i, x, y))
                rows.append({"name": str(k + 1), "category": "floor", "seats": seats})
            sections.append({"name": name, "rows": rows})
    return sections


def arena():
    lower_shapes = pieces(straight_sections=4, arc_sections=5, corner_sections=0)
    upper_shapes = pieces(straight_sections=4, arc_sections=8, corner_sections=2)
    premium = {"102", "103", "111", "112"}
    sections = floor()
    sections += bowl(101, LOWER_R0, LOWER_ROWS, lower_shapes,
                     lambda name: "premium" if name in premium else "lower",
                     accessible_sections={"101", "104", "105", "109", "110", "113"})
    sections += bowl(201, UPPER_R0, UPPER_ROWS, upper_shapes, lambda name: "upper")
    return {"name": "Example Arena", "focalPoint": {"x": 0, "y": 0}, "sections": sections}


# ---------------------------------------------------------------------------------------------
# Theatre

THEATRE_CENTRE_Y = -8.0  # rows are arcs around this point behind the stage


def theatre():
    def block(category, first_radius, seat_counts, special):
        rows = []
        for k, n in enumerate(seat_counts):
            r = first_radius + k * 1.0
            step = SEAT_PITCH / r
            seats = []
            for i in range(1, n + 1):
                angle = (i - 1 - (n - 1) / 2) * step
                x, y = r * math.sin(angle), THEATRE_CENTRE_Y + r * math.cos(angle)
                seats.append(seat(i, x, y, **special(k, i, n)))
            rows.append({"name": "ABCDEFGH"[k], "category": category, "seats": seats})
        return rows

    def stalls_special(k, i, n):
        # Row A's left end and row F's right end: a wheelchair space and a companion seat.
        if (k, i) == (0, 1) or (k, i) == (5, n):
            return {"accessible": True}
        if (k, i) == (0, 2) or (k, i) == (5, n - 1):
            return {"companion": True}
        return {}

    def circle_special(k, i, n):
        return {"restrictedView": True} if k == 2 and i in (1, n) else {}

    stalls = block("stalls", 14.0, [10, 11, 12, 13, 14, 14], stalls_special)
    circle = block("circle", 23.0, [12, 13, 14], circle_special)
    return {"name": "Example Theatre", "focalPoint": {"x": 0, "y": 0},
            "sections": [{"name": "Stalls", "rows": stalls}, {"name": "Circle", "rows": circle}]}


# ---------------------------------------------------------------------------------------------
# Output, checks and summary


def render(plan):
    head = json.dumps({"name": plan["name"], "focalPoint": plan["focalPoint"]},
                      separators=(",", ":"), ensure_ascii=False)[:-1]
    body = ",\n".join(json.dumps(s, separators=(",", ":"), ensure_ascii=False) for s in plan["sections"])
    return (head + ',"sections":[\n' + body + "\n]}\n").encode("utf-8")


def validate(plan, seat_range):
    """Asserts the format's rules (and this script's own: spacing, row sizes) on a plan."""
    def name_ok(value, limit, slash=False):
        b = value.encode("utf-8")
        return 1 <= len(b) <= limit and (slash or "/" not in value)

    assert name_ok(plan["name"], 200, slash=True)
    labels = set()
    points = []
    for section in plan["sections"]:
        assert name_ok(section["name"], 32), section["name"]
        assert section["rows"]
        for row in section["rows"]:
            assert name_ok(row["name"], 32) and name_ok(row["category"], 64, slash=True)
            assert row["seats"]
            previous = None
            for s in row["seats"]:
                assert name_ok(s["number"], 32)
                label = f'{section["name"]}/{row["name"]}/{s["number"]}'
                assert label not in labels, label
                labels.add(label)
                assert -1000 <= s["x"] <= 1000 and -1000 <= s["y"] <= 1000
                assert s.get("rank", 0) >= 0
                if previous is not None:
                    gap = math.hypot(s["x"] - previous["x"], s["y"] - previous["y"])
                    assert 0.75 <= gap <= 1.05, (label, gap)  # neighbours in a row are adjacent
                previous = s
                points.append((s["x"], s["y"], label))
    assert seat_range[0] <= len(labels) <= seat_range[1], len(labels)
    # No two seats closer than 0.75: circles of radius ~0.4 barely touch.
    grid = {}
    for x, y, label in points:
        cell = (math.floor(x), math.floor(y))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for ox, oy, other in grid.get((cell[0] + dx, cell[1] + dy), ()):
                    assert math.hypot(x - ox, y - oy) >= 0.75, (label, other)
        grid.setdefault(cell, []).append((x, y, label))


def summary(path, plan, size):
    seats = rows = 0
    by_category = {}
    for section in plan["sections"]:
        for row in section["rows"]:
            rows += 1
            for s in row["seats"]:
                seats += 1
                c = s.get("category", row["category"])
                by_category[c] = by_category.get(c, 0) + 1
    flags = {f: sum(1 for sec in plan["sections"] for row in sec["rows"] for s in row["seats"] if s.get(f))
             for f in ("accessible", "companion", "restrictedView")}
    categories = ", ".join(f"{c} {n}" for c, n in sorted(by_category.items(), key=lambda kv: -kv[1]))
    flag_text = ", ".join(f"{f} {n}" for f, n in flags.items())
    return (f"{path}: {seats} seats, {rows} rows, {len(plan['sections'])} sections, {size} bytes; "
            f"categories: {categories}; {flag_text}")


def main(argv):
    if argv not in ([], ["--check"]):
        print(__doc__, file=sys.stderr)
        return 2
    check = argv == ["--check"]
    plans = [(ARENA_PATH, arena(), (20000, 24000)), (THEATRE_PATH, theatre(), (80, 150))]
    stale = []
    lines = []
    for path, plan, seat_range in plans:
        validate(plan, seat_range)
        data = render(plan)
        target = ROOT / path
        if check:
            if not target.is_file() or target.read_bytes() != data:
                stale.append(path)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        lines.append(summary(path, plan, len(data)))
    if stale:
        print("make_seating_plans.py: out of date (run python3 scripts/make_seating_plans.py): "
              + ", ".join(stale), file=sys.stderr)
        return 1
    for line in lines:
        print(("up to date: " if check else "") + line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
