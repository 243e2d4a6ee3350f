#!/usr/bin/env python3
"""Simplifies data/kabkota.geojson into data/kabkota.map.json, the web map of the 514 kab/kota.

Standard library only, deterministic: the same input gives the same bytes.

    python3 scripts/simplify-map.py [--width 2000] [--tolerance 1.0] [--min-area 4]
        [--min-extent 5] [IN.geojson] [OUT.json]

What it does, in order:

1. Projects lon/lat to a plain equirectangular plane (x east, y south) fitted to Indonesia's
   extent, `width` units wide plus a margin; Indonesia spans the equator (6°N–11°S), so the
   cos(lat) scale differs from 1 by less than 2 % and is left out.
2. Snaps every vertex to the integer grid of that plane, so that neighbouring borders, which the
   source draws a few hundred metres apart, mostly fall on the same points.
3. Builds the topology (as TopoJSON does): a point where a ring meets a different neighbour is a
   junction; rings are cut at junctions into arcs, and an arc shared by two kab/kota is kept once.
   Each arc is simplified once (Douglas-Peucker, endpoints fixed), so shared borders stay shared.
4. Drops islands and holes smaller than `min-area` square units, but keeps the largest ring of
   every kab/kota. A kab/kota whose largest ring would be smaller than `min-extent` units across
   (small kota such as Kota Sibolga, and Kepulauan Seribu) gets its own shape, enlarged about its
   centroid to that size, so every one of the 514 stays visible and clickable. Those are listed
   on stderr.
5. Writes SVG path data with relative commands and integer coordinates, one object per kab/kota,
   biggest first, so that small regions (often enclaves) are drawn on top of their neighbours.

The output is a JSON object: {"width": W, "height": H, "regions": [{"code": "64.01",
"d": "M..."}, ...]}, one region per line.
"""

import argparse
import gzip
import json
import math
import sys

# Indonesia's extent in the source (lon, lat); fixed so the plane does not move when a
# boundary is edited.
LON_MIN, LON_MAX = 94.97, 141.03
LAT_MIN, LAT_MAX = -11.01, 6.08
MARGIN = 4


def ring_area(ring):
    """Signed shoelace area of a closed ring given without its repeated last point."""
    s = 0
    n = len(ring)
    for i in range(n):
        x0, y0 = ring[i]
        x1, y1 = ring[(i + 1) % n]
        s += x0 * y1 - x1 * y0
    return s / 2


def dedupe(ring):
    """Removes consecutive duplicate points (and the closing point) of a ring."""
    out = []
    for p in ring:
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def drop_collinear(ring):
    """Removes points in line with their neighbours, spikes (a, b, a) included: where arcs meet
    at a junction the simplified ends can double back on themselves."""
    changed = True
    while changed and len(ring) > 3:
        changed = False
        out = []
        n = len(ring)
        for i in range(n):
            (ax, ay), (bx, by) = (out[-1] if out else ring[i - 1]), ring[i]
            cx, cy = ring[(i + 1) % n]
            if (bx - ax) * (cy - by) - (by - ay) * (cx - bx) == 0 and n - (i - len(out)) > 3:
                changed = True
                continue
            out.append(ring[i])
        ring = dedupe(out)
    return ring


def segment_distance(p, a, b):
    """Distance from p to the segment a-b."""
    ax, ay = a
    bx, by = b
    px, py = p
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points, eps):
    """Douglas-Peucker on an open polyline; the endpoints are always kept."""
    n = len(points)
    if n <= 2 or eps <= 0:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        best, index = -1.0, -1
        for k in range(i + 1, j):
            d = segment_distance(points[k], points[i], points[j])
            if d > best:
                best, index = d, k
        if index >= 0 and best > eps:
            keep[index] = True
            stack.append((i, index))
            stack.append((index, j))
    return [p for p, k in zip(points, keep) if k]


def simplify_closed(points, eps):
    """Douglas-Peucker on a closed ring (first point repeated at the end): the start and the
    point farthest from it are fixed, so a ring never collapses to fewer than 3 points while
    it has them."""
    if len(points) <= 4 or eps <= 0:
        return list(points)
    start = points[0]
    far = max(
        range(1, len(points) - 1),
        key=lambda k: (points[k][0] - start[0]) ** 2 + (points[k][1] - start[1]) ** 2,
    )
    a = douglas_peucker(points[: far + 1], eps)
    b = douglas_peucker(points[far:], eps)
    return a + b[1:]


class Projection:
    def __init__(self, width):
        self.scale = (width - 2 * MARGIN) / (LON_MAX - LON_MIN)
        self.width = width
        self.height = math.ceil((LAT_MAX - LAT_MIN) * self.scale) + 2 * MARGIN

    def __call__(self, lon, lat):
        return (MARGIN + (lon - LON_MIN) * self.scale, MARGIN + (LAT_MAX - lat) * self.scale)


class Topology:
    """Rings cut at junctions into arcs, each arc stored once."""

    def __init__(self, rings):
        self.arcs = []  # list of point lists; closed arcs repeat their first point
        self.index = {}  # canonical tuple -> arc id
        junctions = self._junctions(rings)
        self.rings = [self._cut(ring, junctions) for ring in rings]

    @staticmethod
    def _junctions(rings):
        """Points whose neighbours differ between two occurrences (TopoJSON's rule)."""
        seen = {}
        junctions = set()
        for ring in rings:
            n = len(ring)
            for i, p in enumerate(ring):
                pair = (ring[i - 1], ring[(i + 1) % n])
                other = seen.get(p)
                if other is None:
                    seen[p] = pair
                elif other != pair and other != (pair[1], pair[0]):
                    junctions.add(p)
        return junctions

    def _arc(self, points):
        """The id of an arc and whether it is used reversed."""
        forward = tuple(points)
        backward = forward[::-1]
        if forward[0] == forward[-1]:
            # A closed ring with no junction: start at its smallest point, in a canonical
            # direction, so the two rings sharing it (an enclave and its hole) agree.
            body = list(forward[:-1])
            k = body.index(min(body))
            body = body[k:] + body[:k]
            rev = [body[0]] + body[:0:-1]
            if rev < body:
                key = tuple(rev + [rev[0]])
                reversed_ = True
            else:
                key = tuple(body + [body[0]])
                reversed_ = False
        elif backward < forward:
            key, reversed_ = backward, True
        else:
            key, reversed_ = forward, False
        arc_id = self.index.get(key)
        if arc_id is None:
            arc_id = len(self.arcs)
            self.index[key] = arc_id
            self.arcs.append(list(key))
        return arc_id, reversed_

    def _cut(self, ring, junctions):
        cuts = [i for i, p in enumerate(ring) if p in junctions]
        if not cuts:
            return [self._arc(ring + [ring[0]])]
        start = cuts[0]
        rotated = ring[start:] + ring[:start]
        cuts = [i - start for i in cuts] + [len(ring)]
        rotated.append(rotated[0])
        return [self._arc(rotated[a : b + 1]) for a, b in zip(cuts, cuts[1:])]

    def ring_points(self, parts, simplified):
        """A ring's points (without the closing point) from its arcs."""
        out = []
        for arc_id, reversed_ in parts:
            pts = simplified[arc_id]
            if reversed_:
                pts = pts[::-1]
            out.extend(pts if not out else pts[1:])
        return drop_collinear(dedupe(out))


def enlarged_ring(ring_lonlat, project, min_extent, eps):
    """A small region's largest ring, scaled about its centroid to `min_extent` units across,
    simplified and snapped on its own."""
    pts = [project(lon, lat) for lon, lat in ring_lonlat]
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    factor = max(1.0, min_extent / extent)
    scaled = [(cx + (x - cx) * factor, cy + (y - cy) * factor) for x, y in pts]
    snapped = dedupe([(round(x), round(y)) for x, y in scaled])
    closed = simplify_closed(snapped + [snapped[0]], eps)
    ring = dedupe(closed)
    if len(ring) < 3 or ring_area(ring) == 0:
        # Fall back to a diamond; cannot happen for min_extent >= 2, kept for safety.
        r = max(1, round(min_extent / 2))
        x, y = round(cx), round(cy)
        ring = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    return ring


def path_data(rings):
    """SVG path data: an absolute first move, then relative commands; h/v when flat."""
    out = []
    prev_start = None
    for ring in rings:
        x0, y0 = ring[0]
        if prev_start is None:
            out.append(f"M{x0} {y0}")
        else:
            out.append("m" + number_pair(x0 - prev_start[0], y0 - prev_start[1]))
        prev_start = (x0, y0)
        last_cmd = None
        cx, cy = x0, y0
        for x, y in ring[1:]:
            dx, dy = x - cx, y - cy
            if dy == 0:
                out.append("h" + str(dx))
                last_cmd = "h"
            elif dx == 0:
                out.append("v" + str(dy))
                last_cmd = "v"
            else:
                pair = number_pair(dx, dy)
                if last_cmd == "l":
                    out.append(pair if pair[0] == "-" else " " + pair)
                else:
                    out.append("l" + pair)
                last_cmd = "l"
            cx, cy = x, y
        out.append("z")
    return "".join(out)


def number_pair(a, b):
    return f"{a}{b}" if b < 0 else f"{a} {b}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", nargs="?", default="data/kabkota.geojson")
    parser.add_argument("output", nargs="?", default="data/kabkota.map.json")
    parser.add_argument("--width", type=int, default=2000, help="plane width in units")
    parser.add_argument("--tolerance", type=float, default=1.0, help="Douglas-Peucker, units")
    parser.add_argument("--min-area", type=float, default=4.0, help="smallest island/hole, units²")
    parser.add_argument("--min-extent", type=float, default=5.0, help="smallest region, units")
    args = parser.parse_args()

    with open(args.input, encoding="utf-8") as f:
        features = json.load(f)["features"]
    project = Projection(args.width)

    # Snapped rings of every feature: (feature index, is_hole, points, source ring).
    rings = []
    largest = {}  # feature index -> index into rings of its largest exterior (source area)
    for fi, feature in enumerate(features):
        best = -1.0
        for polygon in feature["geometry"]["coordinates"]:
            for ri, source in enumerate(polygon):
                projected = [project(lon, lat) for lon, lat in source]
                area = abs(ring_area(projected[:-1]))
                snapped = dedupe([(round(x), round(y)) for x, y in projected])
                rings.append((fi, ri > 0, snapped, source))
                if ri == 0 and area > best:
                    best, largest[fi] = area, len(rings) - 1

    usable = [i for i, r in enumerate(rings) if len(r[2]) >= 3]
    topology = Topology([rings[i][2] for i in usable])
    parts_of = dict(zip(usable, topology.rings))
    simplified = [
        simplify_closed(arc, args.tolerance)
        if arc[0] == arc[-1]
        else douglas_peucker(arc, args.tolerance)
        for arc in topology.arcs
    ]

    regions = []
    enlarged = []
    for fi, feature in enumerate(features):
        code = feature["properties"]["code"]
        kept = []
        main = None
        for ri, (owner, hole, _, source) in enumerate(rings):
            if owner != fi or ri not in parts_of:
                continue
            points = topology.ring_points(parts_of[ri], simplified)
            if len(points) < 3:
                continue
            area = abs(ring_area(points))
            if ri == largest[fi]:
                main = (points, area)
            elif area >= args.min_area:
                kept.append(points)
        if main is not None:
            xs = [p[0] for p in main[0]]
            ys = [p[1] for p in main[0]]
            extent = max(max(xs) - min(xs), max(ys) - min(ys))
        if main is None or main[1] < args.min_area or extent < args.min_extent:
            source = rings[largest[fi]][3]
            points = enlarged_ring(source, project, args.min_extent, args.tolerance)
            main = (points, abs(ring_area(points)))
            enlarged.append(feature["properties"]["name"])
        shape = [main[0]] + kept
        total = sum(abs(ring_area(r)) for r in shape)
        for ring in shape:
            for x, y in ring:
                if not (0 <= x <= project.width and 0 <= y <= project.height):
                    sys.exit(f"{code}: point {x},{y} outside the plane")
        regions.append((total, code, path_data(shape), sum(len(r) for r in shape)))

    # Biggest first, so small regions (often enclaves in a kabupaten) are drawn on top.
    regions.sort(key=lambda r: (-r[0], r[1]))
    lines = [
        json.dumps({"code": code, "d": d}, ensure_ascii=False, separators=(",", ":"))
        for _, code, d, _ in regions
    ]
    text = (
        f'{{"width":{project.width},"height":{project.height},"regions":[\n'
        + ",\n".join(lines)
        + "\n]}\n"
    )
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)

    raw = len(text.encode("utf-8"))
    packed = len(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    points = sum(r[3] for r in regions)
    print(
        f"{args.output}: {len(regions)} regions, {points} points, {len(topology.arcs)} arcs, "
        f"{project.width}x{project.height}; {raw:,} bytes, {packed:,} gzipped",
        file=sys.stderr,
    )
    print(f"enlarged to {args.min_extent} units: {len(enlarged)}: {', '.join(enlarged)}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
