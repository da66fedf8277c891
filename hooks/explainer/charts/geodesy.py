"""Distances, rings and paths on the WGS84 ellipsoid, each worked out once per build (cached by coordinates).

Geodesics are slow in pure Python, and the maps of one build ask for the same ones again and
again (the home page and the map page draw the same rings; every layer measures from the
same launch sites). They depend on coordinates alone.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

from geographiclib.geodesic import Geodesic

if TYPE_CHECKING:
    from collections.abc import Iterable

    from explainer.schema import Place

__all__ = [
    "SPHERE_LOW",
    "arc_towards",
    "geodesic_distance_km",
    "geodesic_path",
    "geodesic_point",
    "geodesic_ring",
    "latlon",
    "rounded",
    "sphere_km",
]

_GEO = Geodesic.WGS84

LatLon = tuple[float, float]


def latlon(place: Place) -> LatLon:
    """A place's (latitude, longitude)."""
    return (place.latitude, place.longitude)


def rounded(values: Iterable[float]) -> list[float]:
    """Coordinates rounded to 4 decimals (about 10 m): enough for a map, and stable output."""
    return [round(v, 4) for v in values]


def geodesic_point(lat: float, lon: float, azimuth: float, distance_km: float) -> LatLon:
    """The point `distance_km` from (lat, lon) along the bearing `azimuth` (degrees), on the WGS84 ellipsoid."""
    result = _GEO.Direct(lat, lon, azimuth, distance_km * 1000.0)
    return (result["lat2"], result["lon2"])


def geodesic_ring(lat: float, lon: float, radius_km: float, steps: int = 120) -> list[LatLon]:
    """Points `radius_km` from (lat, lon) on the WGS84 ellipsoid, all round; the first point repeats at the end."""
    return list(_ring(lat, lon, radius_km, steps))


@functools.lru_cache(maxsize=1024)
def _ring(lat: float, lon: float, radius_km: float, steps: int) -> tuple[LatLon, ...]:
    points = [geodesic_point(lat, lon, 360.0 * index / steps, radius_km) for index in range(steps)]
    return (*points, points[0])


def geodesic_path(start: LatLon, end: LatLon, steps: int = 48) -> list[LatLon]:
    """Points along the shortest path on the WGS84 ellipsoid from `start` to `end` (lat, lon)."""
    line = _GEO.InverseLine(start[0], start[1], end[0], end[1])
    out = []
    for index in range(steps + 1):
        point = line.Position(line.s13 * index / steps)
        out.append((point["lat2"], point["lon2"]))
    return out


def geodesic_distance_km(start: LatLon, end: LatLon) -> float:
    """The distance in km from `start` to `end` (lat, lon) on the WGS84 ellipsoid."""
    return _distance_km(start, end)


@functools.lru_cache(maxsize=1 << 16)
def _distance_km(start: LatLon, end: LatLon) -> float:
    return float(_GEO.Inverse(start[0], start[1], end[0], end[1])["s12"]) / 1000.0


@functools.lru_cache(maxsize=256)  # the home page and the map page draw the same reach
def arc_towards(centre: LatLon, radius: float, targets: tuple[LatLon, ...]) -> tuple[LatLon, ...]:
    """The part of the ring `radius` km round `centre` that faces the targets inside it (none: empty)."""
    inside = [t for t in targets if 0 < geodesic_distance_km(centre, t) <= radius]
    if not inside:
        return ()
    bearings = [_GEO.Inverse(centre[0], centre[1], t[0], t[1])["azi1"] for t in inside]
    east = sum(math.sin(math.radians(b)) for b in bearings)
    north = sum(math.cos(math.radians(b)) for b in bearings)
    towards = math.degrees(math.atan2(east, north))
    return tuple(geodesic_point(centre[0], centre[1], towards + step, radius) for step in range(-12, 13, 4))


SPHERE_LOW = 0.98
"""A geodesic on WGS84 is never shorter than this share of `sphere_km` (it is at least 0.994 of it)."""


def sphere_km(a: LatLon, b: LatLon) -> float:
    """Great-circle distance on a sphere of the Earth's mean radius: a quick estimate of the geodesic one."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))
