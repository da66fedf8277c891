"""Where a map looks and where its text goes: its frame, projection and base map, and label placement.

Labels are placed so that names keep off each other and off the marks.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any

from explainer.charts.geodesy import SPHERE_LOW, geodesic_distance_km, geodesic_point, sphere_km
from explainer.charts.palette import BORDER, LAND

if TYPE_CHECKING:
    from collections.abc import Sequence

    from explainer.schema import Place

__all__ = ["Labeller", "Projection", "clearest_bearing", "frame", "geo_layout", "inside"]

_EUROPE = ((30.0, 85.0), (-30.0, 60.0))
"""Latitudes and longitudes plotly.js's Europe base map covers."""


def frame(
    bounds: list[tuple[float, float]], soft: list[tuple[float, float]] | None = None
) -> tuple[list[float], list[float]]:
    """The map's latitude and longitude ranges: the bounds with a margin, kept inside Europe when they fit.

    `soft` points widen the frame too, but are cut at the edge of the Europe base map when the
    other bounds fit inside it.
    """
    (south, north), (west, east) = _EUROPE
    fits = all(south <= lat <= north and west <= lon <= east for lat, lon in bounds)
    lats = [p[0] for p in [*bounds, *(soft or [])]]
    lons = [p[1] for p in [*bounds, *(soft or [])]]
    lat_pad = max(0.6, (max(lats) - min(lats)) * 0.08)
    lon_pad = max(0.9, (max(lons) - min(lons)) * 0.06)
    lat_range = [min(lats) - lat_pad, max(lats) + lat_pad * 1.6]
    lon_range = [min(lons) - lon_pad, max(lons) + lon_pad]
    if fits:
        lat_range = [max(lat_range[0], south), min(lat_range[1], north)]
        lon_range = [max(lon_range[0], west), min(lon_range[1], east)]
    return [round(v, 2) for v in lat_range], [round(v, 2) for v in lon_range]


def inside(place: Place, lat_range: list[float], lon_range: list[float]) -> bool:
    """Whether the place lies within the frame."""
    return lat_range[0] <= place.latitude <= lat_range[1] and lon_range[0] <= place.longitude <= lon_range[1]


class Projection:
    """The map's projection (as d3 draws it), chosen from and fitted to the frame.

    Albers' conic equal-area projection with standard parallels a sixth of the frame in
    from its edges keeps a range ring round (within a couple of per cent) wherever the frame
    lies on one side of the equator; a frame that reaches across it gets Mercator, which
    is conformal. (Plotly fits its conformal conic badly to a frame, so it is not used.)
    """

    def __init__(self, lat_range: list[float], lon_range: list[float]) -> None:
        self.centre = (lon_range[0] + lon_range[1]) / 2
        south, north = lat_range
        self.parallels = (round(south + (north - south) / 6, 2), round(north - (north - south) / 6, 2))
        self.conic = self.parallels[0] * self.parallels[1] > 0 and min(abs(p) for p in self.parallels) >= 3
        if self.conic:
            first, second = (math.radians(p) for p in self.parallels)
            self.n = (math.sin(first) + math.sin(second)) / 2
            self.c = 1 + math.sin(first) * (2 * self.n - math.sin(first))
            self.r0 = math.sqrt(self.c) / self.n
        edge = [(lat, lon) for lat in lat_range for lon in _steps(lon_range)]
        edge += [(lat, lon) for lon in lon_range for lat in _steps(lat_range)]
        xs, ys = zip(*(self.raw(lat, lon) for lat, lon in edge), strict=True)
        self.box: tuple[float, float, float, float] = (min(xs), min(ys), max(xs), max(ys))

    @property
    def plotly(self) -> dict[str, Any]:
        """The projection as plotly's `geo.projection` (rotated to the frame's centre)."""
        rotation = {"lon": round(self.centre, 2), "lat": 0, "roll": 0}
        if self.conic:
            return {"type": "conic equal area", "parallels": list(self.parallels), "rotation": rotation}
        return {"type": "mercator", "rotation": rotation}

    def raw(self, lat: float, lon: float) -> tuple[float, float]:
        """Projected (x, y), y up, in units of the sphere's radius."""
        lam = math.radians(lon - self.centre)
        phi = math.radians(max(-85.0, min(85.0, lat)))
        if not self.conic:
            return lam, math.log(_tany(phi))
        r = math.sqrt(max(0.0, self.c - 2 * self.n * math.sin(phi))) / self.n
        return r * math.sin(lam * self.n), self.r0 - r * math.cos(lam * self.n)

    @property
    def aspect(self) -> float:
        """Height over width of the framed map."""
        return (self.box[3] - self.box[1]) / (self.box[2] - self.box[0])

    def pixels(self, lat: float, lon: float, width: float) -> tuple[float, float]:
        """Where a point lands on a map `width` pixels wide (y down)."""
        x, y = self.raw(lat, lon)
        scale = width / (self.box[2] - self.box[0])
        return ((x - self.box[0]) * scale, (self.box[3] - y) * scale)


def _tany(phi: float) -> float:
    return math.tan((math.pi / 2 + phi) / 2)


def _steps(bounds: list[float], count: int = 12) -> list[float]:
    return [bounds[0] + (bounds[1] - bounds[0]) * i / count for i in range(count + 1)]


def geo_layout(lat_range: list[float], lon_range: list[float]) -> dict[str, Any]:
    """The `geo` part of a map's layout: the base map, projected and framed to the ranges."""
    (south, north), (west, east) = _EUROPE
    europe = lon_range[0] >= west and lon_range[1] <= east and lat_range[0] >= south and lat_range[1] <= north
    return {
        # The base map is served by the site: europe_50m.json, or world_110m.json beyond Europe.
        "scope": "europe" if europe else "world",
        "resolution": 50 if europe else 110,
        "projection": Projection(lat_range, lon_range).plotly,
        "lataxis": {"range": lat_range},
        "lonaxis": {"range": lon_range},
        "showland": True,
        "landcolor": LAND[0],
        "showocean": False,
        "showlakes": False,
        "showcountries": True,
        "countrycolor": BORDER[0],
        "countrywidth": 0.8,
        "showcoastlines": True,
        "coastlinecolor": BORDER[0],
        "coastlinewidth": 0.8,
        "showframe": False,
        "bgcolor": "rgba(0,0,0,0)",
    }


class Labeller:
    """Picks a side for each place name so that names do not cover each other or the marks (roughly, in pixels)."""

    POSITIONS = ("middle right", "middle left", "top center", "bottom center")

    def __init__(self, lat_range: list[float], lon_range: list[float], width: float = 520.0) -> None:
        self.projection = Projection(lat_range, lon_range)
        # The browser keeps the map's aspect and at most 620 pixels of height: a tall map is narrower.
        self.width = min(width, 620 / self.projection.aspect)
        self.boxes: list[tuple[float, float, float, float]] = []

    def _xy(self, lat: float, lon: float) -> tuple[float, float]:
        return self.projection.pixels(lat, lon, self.width)

    def _box(self, lat: float, lon: float, text: str, position: str) -> tuple[float, float, float, float]:
        x, y = self._xy(lat, lon)
        width, height, gap = 6.8 * len(text) + 4, 15.0, 6.0
        if position == "middle right":
            return (x + gap, y - height / 2, x + gap + width, y + height / 2)
        if position == "middle left":
            return (x - gap - width, y - height / 2, x - gap, y + height / 2)
        if position == "top center":
            return (x - width / 2, y - gap - height, x + width / 2, y - gap)
        return (x - width / 2, y + gap, x + width / 2, y + gap + height)

    def _covered(self, box: tuple[float, float, float, float]) -> float:
        """How much of the box other boxes cover or the map's edge cuts off, in square pixels."""
        height = self.width * self.projection.aspect
        inside_x = max(0.0, min(box[2], self.width) - max(box[0], 0.0))
        inside_y = max(0.0, min(box[3], height) - max(box[1], 0.0))
        total = (box[2] - box[0]) * (box[3] - box[1]) - inside_x * inside_y
        for other in self.boxes:
            width = min(box[2], other[2]) - max(box[0], other[0])
            height = min(box[3], other[3]) - max(box[1], other[1])
            if width > 0 and height > 0:
                total += width * height
        return total

    def mark(self, lat: float, lon: float, size: float = 9.0) -> None:
        """Keep names off a plotted mark."""
        x, y = self._xy(lat, lon)
        self.boxes.append((x - size / 2, y - size / 2, x + size / 2, y + size / 2))

    def label(self, lat: float, lon: float, text: str, position: str | None = None) -> str:
        """Reserve room for a name; return the first free text position (or the given one)."""
        choices = [position] if position else list(self.POSITIONS)
        boxes = [self._box(lat, lon, text, choice) for choice in choices]
        # The first free side; failing that, the side that covers least.
        best = min(range(len(choices)), key=lambda i: (self._covered(boxes[i]), i))
        self.boxes.append(boxes[best])
        return choices[best]


def clearest_bearing(origin: Place, radii: Sequence[float], near: Sequence[tuple[float, float]]) -> int:
    """The bearing (every 15°) whose ring label spots lie farthest from the nearest place; the lowest on a tie.

    The same answer as measuring every spot against every place on the ellipsoid, for a
    fraction of the work. Pairs are first judged on a sphere, which is quick and within 0.6 %
    of the ellipsoid: the likeliest winners and the closest pairs are measured first, a
    bearing is given up as soon as one geodesic shows it cannot beat the best so far, and
    pairs that the sphere puts well beyond the nearest one found are not measured at all.
    """
    return _clearest_at(origin.latitude, origin.longitude, tuple(radii), tuple(near))


@functools.lru_cache(maxsize=64)
def _clearest_at(lat: float, lon: float, radii: tuple[float, ...], near: tuple[tuple[float, float], ...]) -> int:
    spots = {azimuth: [geodesic_point(lat, lon, azimuth, radius) for radius in radii] for azimuth in range(0, 360, 15)}
    pairs = {
        azimuth: sorted(((sphere_km(s, p), s, p) for s in points for p in near), key=lambda item: item[0])
        for azimuth, points in spots.items()
    }
    order = sorted(spots, key=lambda a: (-(pairs[a][0][0] if pairs[a] else math.inf), a))
    best: tuple[float, int] = (-math.inf, 0)
    for azimuth in order:
        gap, beaten = math.inf, False
        for rough, spot, place in pairs[azimuth]:
            if rough * SPHERE_LOW >= gap:
                break  # every pair left is farther on the ellipsoid than the nearest found
            gap = min(gap, geodesic_distance_km(spot, place))
            if (gap, -azimuth) < best:
                beaten = True
                break
        if not beaten:
            best = max(best, (gap, -azimuth))
    return -best[1]
