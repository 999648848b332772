"""`boxoffice seats --svg` rendered by a real SVG renderer (rsvg-convert, Debian's librsvg2-bin):
the pixels at known seats have their state's colour."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from PIL import Image

import boxoffice
from conftest import World, now_ms

REPO = Path(__file__).resolve().parents[3]
CLI = Path(os.environ.get("BOXOFFICE_CLI", REPO / ".build" / "debug" / "boxoffice"))

# SeatMapSVG's fills (Sources/BoxOfficeCLI/Support/SeatMapSVG.swift).
FILLS = {"free": (0x2E, 0x9E, 0x44), "held": (0xF2, 0xB0, 0x1E), "sold": (0xD0, 0x3A, 0x2F), "blocked": (0x7A, 0x7A, 0x7A), "house": (0x2F, 0x6F, 0xD0)}
# A seat's circle and its tooltip: where the picture put it.
CIRCLE = re.compile(r'<circle cx="([0-9.]+)" cy="([0-9.]+)"[^>]*><title>([^ <]+) ')


def test_the_svg_shows_each_seat_in_its_state_colour(world: World, tmp_path: Path) -> None:
    assert CLI.is_file(), f"build the CLI first (swift build): {CLI} is missing"
    assert shutil.which("rsvg-convert"), "rsvg-convert is missing (apt-get install librsvg2-bin; make test installs it)"
    e = world.engine
    plan = e.create_seating_plan(world.org.id, boxoffice.SeatingPlanDefinition.from_json((REPO / "examples/seating/theatre.json").read_text()))
    starts = now_ms() + 86_400_000
    event = e.create_event(world.org.id, "Hamlet", starts, starts + 3_600_000)
    stalls = e.create_ticket_type(event.id, "Stalls", 4500, "EUR", 1, max_per_order=8)
    circle = e.create_ticket_type(event.id, "Circle", 3000, "EUR", 1, max_per_order=8)
    e.assign_seating(event.id, plan.id, categories=[
        boxoffice.SeatCategory(category="stalls", ticket_type_id=stalls.id),
        boxoffice.SeatCategory(category="circle", ticket_type_id=circle.id),
    ])
    e.publish_event(event.id)
    e.confirm_hold(e.create_seated_hold(event.id, [], seats=["Stalls/C/5", "Stalls/C/6"]).id)
    e.create_seated_hold(event.id, [], seats=["Circle/B/3"])
    e.set_seats(event.id, ["Stalls/F/2"], "blocked")
    e.set_seats(event.id, ["Circle/A/7"], "house")
    expected = {"Stalls/C/5": "sold", "Stalls/C/6": "sold", "Circle/B/3": "held", "Stalls/F/2": "blocked", "Circle/A/7": "house", "Stalls/D/4": "free"}

    svg, png = tmp_path / "hamlet.svg", tmp_path / "hamlet.png"
    subprocess.run([str(CLI), "seats", str(world.path), str(event.id), "--svg", str(svg)], check=True, capture_output=True)
    subprocess.run(["rsvg-convert", str(svg), "-o", str(png)], check=True)
    image = Image.open(png).convert("RGB")

    centres = {label: (float(x), float(y)) for x, y, label in CIRCLE.findall(svg.read_text())}
    assert len(centres) == 113
    by_label = {s.label: s for s in e.event_seats(event.id).seats}
    for label, state in expected.items():
        assert by_label[label].state == state
        x, y = centres[label]
        pixel = image.getpixel((round(x), round(y)))
        assert all(abs(a - b) <= 8 for a, b in zip(pixel, FILLS[state])), f"{label} ({state}) drawn as {pixel}"
    # Seats a pitch apart in the plan are about 20 pixels apart in the picture.
    assert 15 < abs(centres["Stalls/D/5"][0] - centres["Stalls/D/4"][0]) < 25
    # Between seats: the white background.
    assert image.getpixel((1, 1)) == (255, 255, 255)
