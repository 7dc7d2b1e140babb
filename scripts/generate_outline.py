"""Generate ``members/static/members/map-outline.svg``: Indonesia and its neighbours.

The shapes are Natural Earth's 1:50m Admin 0 countries (public domain), as shipped in
the npm package ``world-atlas@2.0.2`` (``countries-50m.json``, TopoJSON). This is a
one-off build tool; the portal serves the committed SVG. To regenerate it::

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 /path/to/repo/scripts/generate_outline.py "$PWD/package/countries-50m.json"

Each country is decoded, clipped to the map's box (``members/geo.py``), projected,
simplified (Douglas-Peucker, 0.8 map units, about 4 km) and written with one decimal.
Islands smaller than ``MIN_AREA`` square map units (about 20 km²) are left out: the
members' seats on them are still drawn as points. Running it again writes the same bytes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from members.geo import EAST, HEIGHT, NORTH, SOUTH, WEST, WIDTH, project  # noqa: E402

OUTPUT = ROOT / "members" / "static" / "members" / "map-outline.svg"
TOLERANCE = 0.8
MIN_AREA = 0.8
HOME = "Indonesia"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def clip(points, inside, intersect):
    """One Sutherland-Hodgman pass against a half-plane."""
    out = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if inside(current):
            if not inside(previous):
                out.append(intersect(previous, current))
            out.append(current)
        elif inside(previous):
            out.append(intersect(previous, current))
    return out


def clip_to_box(points):
    def at_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    for inside, intersect in (
        (lambda p: p[0] >= WEST, at_x(WEST)),
        (lambda p: p[0] <= EAST, at_x(EAST)),
        (lambda p: p[1] >= SOUTH, at_y(SOUTH)),
        (lambda p: p[1] <= NORTH, at_y(NORTH)),
    ):
        if not points:
            break
        points = clip(points, inside, intersect)
    return points


def simplify(points, tolerance):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        (ax, ay), (bx, by) = points[start], points[end]
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
        best, best_distance = None, tolerance
        for i in range(start + 1, end):
            px, py = points[i]
            if length:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                distance = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if distance > best_distance:
                best, best_distance = i, distance
        if best is not None:
            keep[best] = True
            stack += [(start, best), (best, end)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(points) -> float:
    return abs(
        sum(
            points[i - 1][0] * points[i][1] - points[i][0] * points[i - 1][1]
            for i in range(len(points))
        )
        / 2
    )


def number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def path_data(rings) -> str:
    parts = []
    for points in rings:
        head, *tail = points
        parts.append(
            f"M{number(head[0])} {number(head[1])}"
            + "".join(f"L{number(x)} {number(y)}" for x, y in tail)
            + "Z"
        )
    return "".join(parts)


def country_rings(arcs, geometry) -> list[list[tuple[float, float]]]:
    out = []
    for polygon in polygons(geometry):
        for indexes in polygon:
            points = clip_to_box(ring(arcs, indexes))
            if len(points) < 3:
                continue
            projected = [project(lat, lon) for lon, lat in points]
            if area(projected) < MIN_AREA:
                continue
            projected = simplify(projected + [projected[0]], TOLERANCE)[:-1]
            deduplicated = [p for i, p in enumerate(projected) if i == 0 or p != projected[i - 1]]
            if len(deduplicated) >= 3:
                out.append(deduplicated)
    return out


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    topology = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    home, neighbours = [], []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = country_rings(arcs, geometry)
        (home if geometry["properties"]["name"] == HOME else neighbours).extend(rings)
    if not home:
        raise SystemExit("Indonesia was not found in the topology.")
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">\n'
        "<!-- Natural Earth 1:50m Admin 0 countries (public domain), via world-atlas@2.0.2;"
        " generated by scripts/generate_outline.py -->\n"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#eaf2f8"/>\n'
        f'<path fill="#e3e3de" d="{path_data(neighbours)}"/>\n'
        f'<path fill="#fbfaf5" stroke="#8f8c80" stroke-width="0.6" '
        f'stroke-linejoin="round" d="{path_data(home)}"/>\n'
        "</svg>\n"
    )
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    if OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == svg:
        print(f"{OUTPUT.relative_to(ROOT)} is up to date.")
        return
    OUTPUT.write_text(svg, encoding="utf-8")
    print(
        f"wrote {OUTPUT.relative_to(ROOT)}: {len(home)} Indonesian and {len(neighbours)} "
        f"neighbouring shapes, {len(svg):,} bytes."
    )


if __name__ == "__main__":
    main()
