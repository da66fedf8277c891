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

__all__ = [
    "LABEL_SIZE",
    "PHONE_WIDTH",
    "Labeller",
    "Projection",
    "clearest_bearing",
    "frame",
    "geo_layout",
    "inside",
    "overlap",
    "two_lines",
]

_EUROPE = ((30.0, 85.0), (-30.0, 60.0))
"""Latitudes and longitudes plotly.js's Europe base map covers."""


SOFT_SHARE = 0.3
"""How far `soft` points may widen a frame, as a share of the hard bounds' span on each side."""
MIN_ASPECT = 0.7
"""The flattest frame drawn (height over width): a wide frame gets sky and sea above and below, so that
on a phone the map stays tall enough for its names."""


def frame(
    bounds: list[tuple[float, float]], soft: list[tuple[float, float]] | None = None
) -> tuple[list[float], list[float]]:
    """The map's latitude and longitude ranges: the bounds with a margin, kept inside Europe when they fit.

    `soft` points (the far arc of a reach ring) widen the frame by at most `SOFT_SHARE` of its
    span on each side, so that a distant curve shows where it runs without shrinking the places
    to a corner; they are cut at the edge of the Europe base map when the other bounds fit
    inside it. A frame flatter than `MIN_ASPECT` is made taller.
    """
    (south, north), (west, east) = _EUROPE
    fits = all(south <= lat <= north and west <= lon <= east for lat, lon in bounds)
    lats = [p[0] for p in bounds]
    lons = [p[1] for p in bounds]
    lat_share, lon_share = (max(lats) - min(lats)) * SOFT_SHARE, (max(lons) - min(lons)) * SOFT_SHARE
    lat_box = (min(lats) - lat_share, max(lats) + lat_share)
    lon_box = (min(lons) - lon_share, max(lons) + lon_share)
    for lat, lon in soft or []:
        lats.append(min(max(lat, lat_box[0]), lat_box[1]))
        lons.append(min(max(lon, lon_box[0]), lon_box[1]))
    lat_pad = max(0.6, (max(lats) - min(lats)) * 0.08)
    lon_pad = max(0.9, (max(lons) - min(lons)) * 0.06)
    lat_range = [min(lats) - lat_pad, max(lats) + lat_pad * 1.6]
    lon_range = [min(lons) - lon_pad, max(lons) + lon_pad]
    lat_range = _taller(lat_range, lon_range)
    if fits:
        lat_range = [max(lat_range[0], south), min(lat_range[1], north)]
        lon_range = [max(lon_range[0], west), min(lon_range[1], east)]
    return [round(v, 2) for v in lat_range], [round(v, 2) for v in lon_range]


def _taller(lat_range: list[float], lon_range: list[float]) -> list[float]:
    """The latitude range widened evenly until the frame is at least `MIN_ASPECT` tall (or reaches a pole)."""
    south, north = lat_range
    for _ in range(40):
        if Projection([south, north], lon_range).aspect >= MIN_ASPECT or (south <= -80 and north >= 80):
            break
        step = max(0.25, (north - south) * 0.03)
        south, north = max(-80.0, south - step), min(80.0, north + step)
    return [south, north]


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


PHONE_WIDTH = 358.0
"""The map's width in pixels on a 390-pixel phone: labels are placed for the narrowest map, where they crowd most."""
MAX_HEIGHT = 620.0
"""The tallest the browser draws a map (charts.js keeps its aspect within this)."""
LABEL_SIZE = 12
"""Map text size in pixels, at every width (never under 11 on a phone)."""

Box = tuple[float, float, float, float]


class Labeller:
    """Picks a side for each label so that labels keep off each other and the marks, inside the map.

    Placement is measured on the phone's map (`PHONE_WIDTH`), where the same text covers the
    most ground; a wider map only spreads the marks apart. Names go to the right of their mark
    where there is room, then left, above, below, then the corners: the first side that is
    free, or failing that, the one that covers least. Text measures are estimates for the
    site's sans-serif at `LABEL_SIZE`.
    """

    POSITIONS = (
        "middle right",
        "middle left",
        "top center",
        "bottom center",
        "top right",
        "bottom right",
        "top left",
        "bottom left",
    )
    CHAR = 0.62
    """Mean glyph width over text size (bold text is measured a tenth wider)."""

    def __init__(self, lat_range: list[float], lon_range: list[float], width: float = PHONE_WIDTH) -> None:
        self.projection = Projection(lat_range, lon_range)
        # The browser keeps the map's aspect and at most MAX_HEIGHT pixels of height: a tall map is narrower.
        self.width = min(width, MAX_HEIGHT / self.projection.aspect)
        self.height = self.width * self.projection.aspect
        self.boxes: list[Box] = []
        self.labels: list[Box] = []
        """The label boxes placed, in pixels of the phone's map (for tests and for the text layer)."""

    def _xy(self, lat: float, lon: float) -> tuple[float, float]:
        return self.projection.pixels(lat, lon, self.width)

    def measure(self, text: str, *, bold: bool = False, size: float = LABEL_SIZE) -> tuple[float, float]:
        """Width and height in pixels of a label; lines are split at newlines."""
        lines = text.split("\n")
        factor = self.CHAR * (1.1 if bold else 1.0)
        return max(len(line) for line in lines) * size * factor + 2, len(lines) * size * 1.3

    def box(self, lat: float, lon: float, size: tuple[float, float], position: str, gap: float = 6.0) -> Box:
        """Where a label of `size` sits at `position` beside the point, in pixels (y down)."""
        x, y = self._xy(lat, lon)
        width, height = size
        vertical, horizontal = position.split(" ")
        if horizontal == "right":
            left = x + gap
        elif horizontal == "left":
            left = x - gap - width
        else:
            left = x - width / 2
        if vertical == "top":
            top = y - gap - height if horizontal == "center" else y - height - gap / 2
        elif vertical == "bottom":
            top = y + gap if horizontal == "center" else y + gap / 2
        else:
            top = y - height / 2
        return (left, top, left + width, top + height)

    def _covered(self, box: Box) -> float:
        """How much of the box other boxes cover, plus ten times what the map's edge cuts off, in square pixels."""
        inside_x = max(0.0, min(box[2], self.width) - max(box[0], 0.0))
        inside_y = max(0.0, min(box[3], self.height) - max(box[1], 0.0))
        total = 10 * ((box[2] - box[0]) * (box[3] - box[1]) - inside_x * inside_y)
        for other in self.boxes:
            total += overlap(box, other)
        return total

    def mark(self, lat: float, lon: float, size: float = 9.0) -> None:
        """Keep labels off a plotted mark `size` pixels across."""
        x, y = self._xy(lat, lon)
        self.boxes.append((x - size / 2, y - size / 2, x + size / 2, y + size / 2))

    def contains(self, lat: float, lon: float) -> bool:
        """Whether a point lands inside the map."""
        x, y = self._xy(lat, lon)
        return 0 <= x <= self.width and 0 <= y <= self.height

    def cost(self, at: tuple[float, float], text: str, position: str, *, mark: float = 9.0, bold: bool = True) -> float:
        """How much a label at `position` beside `at` would cover (see `label`)."""
        return self._covered(self.box(at[0], at[1], self.measure(text, bold=bold), position, gap=mark / 2 + 3))

    def label(
        self,
        lat: float,
        lon: float,
        text: str,
        positions: Sequence[str] | None = None,
        *,
        mark: float = 9.0,
        bold: bool = False,
    ) -> str:
        """Reserve room for a label beside a mark `mark` pixels across; return the text position chosen."""
        choices = list(positions or self.POSITIONS)
        size = self.measure(text, bold=bold)
        boxes = [self.box(lat, lon, size, choice, gap=mark / 2 + 3) for choice in choices]
        # The first free side; failing that, the side that covers least.
        best = min(range(len(choices)), key=lambda i: (self._covered(boxes[i]), i))
        self.boxes.append(boxes[best])
        self.labels.append(boxes[best])
        return choices[best]

    def place(self, spots: Sequence[tuple[float, float]], text: str) -> tuple[float, float] | None:
        """Reserve room for a label centred on the first free one of `spots`; None when every one is covered."""
        size = self.measure(text, bold=True)
        for lat, lon in spots:
            box = self.box(lat, lon, size, "middle center")
            if self._covered(box) == 0:
                self.boxes.append(box)
                self.labels.append(box)
                return (lat, lon)
        return None

    def clear(self, spot: tuple[float, float], text: str) -> bool:
        """Whether the name `place` put at `spot` is still uncovered; if not, its room is given up."""
        box = self.box(spot[0], spot[1], self.measure(text, bold=True), "middle center")
        self.boxes.remove(box)
        self.labels.remove(box)
        if self._covered(box) == 0:
            self.boxes.append(box)
            self.labels.append(box)
            return True
        return False


def two_lines(text: str, longest: int = 16) -> str:
    """A name longer than `longest` characters broken at its middlemost space into two lines (joined by a newline)."""
    if len(text) <= longest or " " not in text:
        return text
    spaces = [i for i, char in enumerate(text) if char == " "]
    cut = min(spaces, key=lambda i: (abs(len(text) / 2 - i), i))
    return f"{text[:cut]}\n{text[cut + 1 :]}"


def overlap(one: Box, other: Box) -> float:
    """The area two boxes share, in square pixels."""
    width = min(one[2], other[2]) - max(one[0], other[0])
    height = min(one[3], other[3]) - max(one[1], other[1])
    return width * height if width > 0 and height > 0 else 0.0


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
