"""The `range-map` chart: geodesic range rings around a launch point, flights and estimated reach, bases and places."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import Field

from explainer.charts.figures import base_layout, hover, plain_figure, plotly_text
from explainer.charts.geodesy import (
    arc_towards,
    geodesic_distance_km,
    geodesic_path,
    geodesic_point,
    geodesic_ring,
    latlon,
    rounded,
)
from explainer.charts.mapframe import (
    LABEL_SIZE,
    Labeller,
    Projection,
    clearest_bearing,
    frame,
    geo_layout,
    inside,
    two_lines,
)
from explainer.charts.options import ChartOptions, Id
from explainer.charts.palette import (
    BLUE,
    BORDER,
    GREEN,
    INK,
    MUTED,
    ON_MARK,
    VERMILLION,
    dark_colours,
    translucent,
    weapon_colour,
)
from explainer.charts.records import and_list, numeric, publishers, unique
from explainer.charts.spec import ChartError, ChartSpec, Column, KeyItem, NothingToDraw, Point
from explainer.formatting import format_claim, format_date, format_figure, format_number, format_status, sort_key
from explainer.schema import ClaimStatus, MapRole, strip_citations
from explainer.urls import url_of

if TYPE_CHECKING:
    from collections.abc import Iterable

    from explainer.charts.palette import Colour
    from explainer.charts.spec import Cell
    from explainer.dataset import Dataset
    from explainer.schema import Actor, Claim, Event, Place, PlaceKind, Weapon

__all__ = ["RangeMapOptions", "build_range_map"]

MapLayer = Literal["rings", "flights", "reach", "bases", "places"]


class RangeMapOptions(ChartOptions):
    """Options of `range-map`."""

    refs: ClassVar[dict[str, str]] = {
        "origin": "places",
        "weapons": "weapons",
        "places": "places",
        "countries": "actors",
    }
    layers: list[MapLayer] | None = Field(default=None, description="What to draw (default: everything).")
    origin: Id | None = Field(
        default=None,
        description="Place the range rings are drawn around (default: the launch site no event was launched from).",
    )
    weapons: list[Id] | None = Field(
        default=None, description="Weapons whose assessed ranges are drawn as rings (default: every weapon with one)."
    )
    places: list[Id] | None = Field(default=None, description="Places to mark (default: every place inside the frame).")
    countries: list[Id] | None = Field(
        default=None,
        description="States (actor ids) to shade and name (default: the states the rings are centred in or "
        "cover, and where each flight starts and ends).",
    )


_COLUMNS = (
    Column("layer", "Layer"),
    Column("name", "What"),
    Column("from", "Measured from"),
    Column("km", "Distance, km", "number"),
    Column("detail", "Detail"),
    Column("sources", "Sources", "sources"),
)
_CITIES = {MapRole.CAPITAL, MapRole.CITY}
_ALL_LAYERS: list[MapLayer] = ["rings", "flights", "reach", "bases", "places"]
_KEY_SHAPES: dict[str, Literal["square", "circle", "diamond", "triangle"]] = {
    "square": "square",
    "diamond": "diamond",
    "triangle-up": "triangle",
}
_ORIGIN_SIZE = 15

_MARKER_COLOURS: dict[str, Colour] = {"ink": INK, "green": GREEN, "vermillion": VERMILLION, "blue": BLUE}


def _role(dataset: Dataset, place: Place) -> MapRole:
    """What a place is to the map, from its kind's vocabulary entry."""
    return dataset.place_kinds[place.kind].role


@dataclass
class _Flight:
    event: Event
    weapon: Weapon
    launch: Place
    target: Place


@dataclass
class _Ring:
    radius: float
    weapons: list[Weapon]
    claims: list[Claim]

    @property
    def names(self) -> str:
        return " / ".join(w.name for w in self.weapons)


@dataclass
class _Label:
    """A label trace placed after the marks: where it may sit, and the trace whose text position it sets."""

    choices: list[tuple[tuple[float, float], str]]
    """Where it may go, best first: a spot and the text position beside it."""
    text: str
    trace: int


@dataclass
class _MapParts:
    data: list[dict[str, Any]] = field(default_factory=list)
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    key: list[KeyItem] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    bounds: list[tuple[float, float]] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    labels: list[_Label] = field(default_factory=list)
    marks: list[tuple[float, float, float]] = field(default_factory=list)
    """Marks drawn besides the places' (latitude, longitude, size in pixels), for labels to keep off."""
    soft_bounds: list[tuple[float, float]] = field(default_factory=list)
    """Points worth showing that may be cut at the edge of the base map (the arc of a reach ring)."""
    reach: dict[str, tuple[Place, float]] = field(default_factory=dict)
    anchors: list[tuple[Place, float]] = field(default_factory=list)
    """Where the map's action is: each ring's centre with its largest radius, each flight's ends with 0."""
    fills: list[Colour] = field(default_factory=list)
    """Translucent colours drawn, beside the palette's, for the dark swap."""

    def add_row(self, row: tuple[Cell, ...], url: str, sources: Iterable[str]) -> None:
        """A row of the table, the page it links to, and the sources it rests on."""
        self.rows.append(row)
        self.links.append(url)
        self.sources += sources


def build_range_map(dataset: Dataset, options: RangeMapOptions) -> ChartSpec:
    """Geodesic range rings around an illustrative launch point, flights and estimated reach, bases and places."""
    layers: set[str] = set(options.layers or _ALL_LAYERS)
    flights = _flights(dataset)
    parts = _MapParts()
    if "rings" in layers:
        _draw_rings(dataset, options, flights, parts, labelled=not layers & {"flights", "reach"})
    if layers & {"flights", "reach"}:
        _draw_flights(dataset, flights, layers, parts)
    shown = _map_places(dataset, options, layers, flights, parts)
    if not parts.bounds:
        raise NothingToDraw("no ring, flight, base or place to draw")
    lat_range, lon_range = frame(parts.bounds, parts.soft_bounds)
    if options.places is None:
        shown = [p for p in shown if inside(p, lat_range, lon_range)]
    # Marks first, then the labels with fewest places to go: ring and reach labels, country names, place names.
    labeller = Labeller(lat_range, lon_range)
    sizes = _mark_places(dataset, shown, parts, labeller)
    _place_labels(parts, labeller)
    _draw_countries(dataset, options, shown, parts, labeller)
    _draw_places(dataset, shown, parts, labeller, sizes)
    layout = base_layout(540)
    layout["margin"] = {"l": 0, "r": 0, "t": 0, "b": 0}
    layout["geo"] = geo_layout(lat_range, lon_range)
    return ChartSpec(
        name="range-map",
        title=_title(dataset, options, layers),
        figure=plain_figure(parts.data, layout),
        columns=_COLUMNS,
        rows=tuple(parts.rows),
        row_links=tuple(parts.links),
        sources=unique(parts.sources),
        description=" ".join(parts.lead),
        details=" ".join(parts.sentences),
        bundle="geo",
        aspect=round(Projection(lat_range, lon_range).aspect, 3),
        key=tuple(parts.key),
        points=tuple(parts.points),
        dark_colours=dark_colours(*parts.fills),
        note="Rings are geodesic: each point of a ring lies the stated distance from its centre on the WGS84 "
        "ellipsoid. Distances to places are computed from their coordinates.",
    )


def _title(dataset: Dataset, options: RangeMapOptions, layers: set[str]) -> str:
    if options.title:
        return options.title
    if layers & {"flights", "reach"} and "rings" in layers:
        return "What each missile can reach: range rings, a strike and an estimated reach"
    if "rings" in layers:
        return dataset.text("range-map.title")
    return "Flights, estimated reach and bases"


def _lines(points: list[tuple[float, float]]) -> dict[str, list[float]]:
    return {"lat": rounded(p[0] for p in points), "lon": rounded(p[1] for p in points)}


def _label_trace(text: str, colour: Colour) -> dict[str, Any]:
    """A text-only trace that names a ring where it runs (not a point a reader can hover); placed with the names."""
    return {
        "type": "scattergeo",
        "mode": "text",
        "text": [text],
        "textfont": {"color": colour[0], "size": LABEL_SIZE},
        "hoverinfo": "skip",
        "meta": "label",
    }


def _add_label(
    parts: _MapParts, choices: list[tuple[tuple[float, float], str]], text: str, trace: dict[str, Any]
) -> None:
    """Draw a label trace; `_place_labels` picks its spot and side once every mark is known."""
    parts.labels.append(_Label(choices, text, len(parts.data)))
    parts.data.append(trace)


def _flights(dataset: Dataset) -> list[_Flight]:
    """The flights the events state, in date order: nothing is inferred."""
    return [
        _Flight(event, dataset.weapons[f.weapon], dataset.places[f.origin], dataset.places[f.target])
        for event in dataset.timeline()
        for f in event.flights
    ]


# Range rings -------------------------------------------------------------------------------------


def _ring_weapons(dataset: Dataset, options: RangeMapOptions, flights: list[_Flight]) -> list[Weapon]:
    if options.weapons is not None:
        return [dataset.weapons[i] for i in options.weapons]
    launched = {f.weapon.id for f in flights}
    placed = options.origin is not None  # the fence names the place; otherwise each weapon's own launch points
    return [
        w
        for w in dataset.weapons.values()
        if w.id not in launched and (placed or w.launch_points) and dataset.weapon_classes[w.weapon_class].range_ring
    ]


@dataclass
class _Origin:
    place: Place
    illustrative: bool
    rings: list[_Ring]

    @property
    def phrase(self) -> str:
        return "an illustrative launch point" if self.illustrative else "a launch point"


def _origins(dataset: Dataset, options: RangeMapOptions, weapons: list[Weapon]) -> list[_Origin]:
    """Where rings are drawn: the fence's `origin` for every weapon, else each weapon's launch points."""
    if options.origin:
        rings = _rings(weapons)
        return [_Origin(dataset.places[options.origin], True, rings)] if rings else []
    grouped: dict[str, tuple[bool, list[Weapon]]] = {}
    for weapon in weapons:
        for point in weapon.launch_points:
            illustrative, members = grouped.setdefault(point.place, (point.illustrative, []))
            grouped[point.place] = (illustrative or point.illustrative, [*members, weapon])
    origins = [_Origin(dataset.places[p], flag, _rings(ws)) for p, (flag, ws) in sorted(grouped.items())]
    return [o for o in origins if o.rings]


def _rings(weapons: Iterable[Weapon]) -> list[_Ring]:
    """Assessed range figures, one ring per distinct radius."""
    by_radius: dict[float, _Ring] = {}
    for weapon in weapons:
        for claim in numeric(weapon.range):
            if claim.status is not ClaimStatus.ASSESSED:
                continue
            radius = float(claim.high or 0)
            ring = by_radius.setdefault(radius, _Ring(radius, [], []))
            if weapon not in ring.weapons:
                ring.weapons.append(weapon)
            ring.claims.append(claim)
    return [by_radius[r] for r in sorted(by_radius)]


def _resolve_rings(dataset: Dataset, options: RangeMapOptions, flights: list[_Flight]) -> list[_Origin]:
    """The rings and the places they are drawn around; `ChartError` where the fence asked for what cannot be drawn."""
    weapons = _ring_weapons(dataset, options, flights)
    origins = _origins(dataset, options, weapons)
    if options.weapons is not None:
        drawn = {w.id for o in origins for r in o.rings for w in r.weapons}
        without = [w.id for w in weapons if w.id not in drawn]
        if without:
            raise ChartError(
                f"no assessed range figure and launch point to draw as a ring for: {', '.join(without)} "
                "(give the weapon `launch_points` in its data file, or the chart an `origin`)"
            )
    return origins


def _draw_rings(
    dataset: Dataset, options: RangeMapOptions, flights: list[_Flight], parts: _MapParts, *, labelled: bool
) -> None:
    origins = _resolve_rings(dataset, options, flights)
    # Each weapon's colour from the site's palette (a group with one range, its first weapon's); shorter rings dashed.
    colours = {r.names: weapon_colour(dataset, r.weapons[0].id) for o in origins for r in o.rings}
    for origin in origins:
        _draw_origin_rings(dataset, origin, parts, colours, labelled=labelled)


def _draw_origin_rings(
    dataset: Dataset, origin: _Origin, parts: _MapParts, colours: dict[str, Colour], *, labelled: bool
) -> None:
    actors = dict(dataset.actors)
    rings, place = origin.rings, origin.place
    label_at = _label_bearing(dataset, place, rings) if labelled else None
    largest = {g: max(r.radius for r in rings if r.names == g) for g in colours if any(r.names == g for r in rings)}
    for ring in rings:
        colour, solid = colours[ring.names], ring.radius == largest[ring.names]
        _draw_ring(parts, origin, ring, colour=colour, solid=solid, label_at=label_at)
        for claim in ring.claims:
            weapon = next(w for w in ring.weapons if claim in w.range)
            row = (
                "Range ring",
                weapon.name,
                place.name,
                ring.radius,
                format_claim(claim, actors),
                tuple(claim.sources),
            )
            parts.add_row(row, url_of("weapons", weapon.id), claim.sources)
    _draw_origin(origin, parts)
    parts.anchors.append((place, rings[-1].radius))
    listed = "; ".join(
        f"{' and '.join(w.name for w in r.weapons)} {' / '.join(unique(format_figure(c) for c in r.claims))}"
        for r in rings
    )
    parts.lead.append(f"Range rings around {place.name}, {origin.phrase}: {listed}.")
    parts.sentences += _ring_sentences(dataset, place, rings)


def _draw_ring(
    parts: _MapParts, origin: _Origin, ring: _Ring, *, colour: Colour, solid: bool, label_at: float | None
) -> None:
    """A ring (solid for a weapon's largest, dashed for its others), its key entry and, given a bearing, its label."""
    centre = latlon(origin.place)
    dash = "solid" if solid else "dash"
    points = geodesic_ring(centre[0], centre[1], ring.radius)
    figure_text = " / ".join(unique(format_figure(c) for c in ring.claims))
    fill = translucent(colour, 0.06)
    parts.fills.append(fill)
    parts.data.append(
        {
            "type": "scattergeo",
            "mode": "lines",
            **_lines(points),
            "fill": "toself",
            "fillcolor": fill[0],
            "line": {"color": colour[0], "width": 2, "dash": dash},
            "hoverinfo": "text",
            "text": hover(f"{ring.names}: {figure_text}", f"Drawn around {origin.place.name}, {origin.phrase}."),
        }
    )
    if label_at is not None:
        # Along the clearest bearing, or failing that the nearest bearing where the label is free; outside the ring.
        bearings = sorted(range(0, 360, 15), key=lambda a: (min(abs(a - label_at), 360 - abs(a - label_at)), a))
        choices = [(geodesic_point(centre[0], centre[1], a, ring.radius), _outward(a)) for a in bearings]
        # A long name takes a line of its own, so that the label fits between the marks on a phone.
        gap = "\n" if len(ring.names) > 16 else " "
        text = f"<b>{plotly_text(ring.names)}</b>{'<br>' if gap != ' ' else ' '}{format_number(ring.radius)} km"
        _add_label(parts, choices, f"{ring.names}{gap}{format_number(ring.radius)} km", _label_trace(text, colour))
    parts.bounds += points
    parts.key.append(KeyItem(f"{ring.names}: {figure_text}", colour, "line" if solid else "dash"))


def _draw_origin(origin: _Origin, parts: _MapParts) -> None:
    centre = latlon(origin.place)
    label = f"{origin.place.name}: {origin.phrase.split(' ', 1)[1]}"
    parts.key.append(KeyItem(label, INK, "circle-open-dot"))
    parts.marks.append((centre[0], centre[1], _ORIGIN_SIZE + 3))
    about = "The rings show how far each missile reaches from here."
    if origin.illustrative:
        about += " Actual launch positions are not known."
    parts.data.append(
        {
            "type": "scattergeo",
            "mode": "markers",
            "lat": [centre[0]],
            "lon": [centre[1]],
            "marker": {
                "symbol": "circle-open-dot",
                "size": _ORIGIN_SIZE,
                "color": INK[0],
                "line": {"width": 2.5, "color": INK[0]},
            },
            "hoverinfo": "text",
            "text": hover(label, about),
        }
    )
    parts.sources += origin.place.sources


def _label_bearing(dataset: Dataset, origin: Place, rings: list[_Ring]) -> float:
    """The bearing from the origin along which ring labels sit farthest from any place."""
    near = [
        latlon(p)
        for p in dataset.places.values()
        if geodesic_distance_km(latlon(origin), latlon(p)) < rings[-1].radius * 1.5
    ]
    return clearest_bearing(origin, [r.radius for r in rings], near)


def _outward(azimuth: float) -> str:
    """The text position that puts a label on the outer side of a ring at this bearing."""
    if 30 <= azimuth <= 150:
        return "middle right"
    if 210 <= azimuth <= 330:
        return "middle left"
    return "top center" if azimuth < 90 or azimuth > 270 else "bottom center"


def _ring_sentences(dataset: Dataset, origin: Place, rings: list[_Ring]) -> list[str]:
    others = [p for p in dataset.places.values() if p.id != origin.id and _role(dataset, p) in _CITIES]
    distances = sorted((geodesic_distance_km(latlon(origin), latlon(p)), p.name) for p in others)
    largest = rings[-1].radius
    within = [f"{name} ({format_number(round(d))} km)" for d, name in distances if d <= largest]
    beyond = [f"{name} ({format_number(round(d))} km)" for d, name in distances if largest < d <= largest * 2]
    out = []
    if within:
        out.append(f"Within {format_number(largest)} km of {origin.name}: {', '.join(within)}.")
    if beyond:
        out.append(f"Beyond every ring: {', '.join(beyond)}.")
    return out


# Flights and estimated reach ---------------------------------------------------------------------


def _draw_flights(dataset: Dataset, flights: list[_Flight], layers: set[str], parts: _MapParts) -> None:
    actors = dict(dataset.actors)
    for flight in flights:
        start, end = latlon(flight.launch), latlon(flight.target)
        parts.bounds += [start, end]
        parts.anchors += [(flight.launch, 0.0), (flight.target, 0.0)]
        if "flights" in layers:
            _draw_flight(flight, parts, weapon_colour(dataset, flight.weapon.id))
        if "reach" in layers and flight.weapon.id not in parts.reach and numeric(flight.weapon.range):
            _draw_reach(dataset, flight, parts, actors)


def _draw_flight(flight: _Flight, parts: _MapParts, colour: Colour) -> None:
    """The geodesic line from launch site to target, its row, key entry and sentence."""
    start, end = latlon(flight.launch), latlon(flight.target)
    distance = geodesic_distance_km(start, end)
    when = format_date(flight.event.date)
    parts.data.append(
        {
            "type": "scattergeo",
            "mode": "lines",
            **_lines(geodesic_path(start, end)),
            "line": {"color": colour[0], "width": 3},
            "hoverinfo": "text",
            "text": hover(
                f"{flight.weapon.name}, {when}",
                f"{flight.launch.name} to {flight.target.name}: {format_number(round(distance))} km, "
                "computed from their coordinates.",
                flight.event.title,
            ),
        }
    )
    detail = f"to {flight.target.name}: {flight.event.title}"
    row = ("Flight", f"{flight.weapon.name}, {when}", flight.launch.name, round(distance, 1), detail)
    parts.add_row((*row, tuple(flight.event.sources)), url_of("events", flight.event.id), flight.event.sources)
    parts.key.append(KeyItem(f"{flight.weapon.name} flight, {when}", colour, "line"))
    parts.lead.append(
        f"{flight.weapon.name} flight on {when} from {flight.launch.name} to {flight.target.name}: "
        f"{format_number(round(distance))} km."
    )


def _draw_reach(dataset: Dataset, flight: _Flight, parts: _MapParts, actors: dict[str, Actor]) -> None:
    """Rings of every range figure of the flown weapon around its launch site (dashed, then dotted), and a label."""
    claims = numeric(flight.weapon.range)
    radii = sorted({float(c.high or 0) for c in claims})
    centre = latlon(flight.launch)
    colour = weapon_colour(dataset, flight.weapon.id)
    parts.reach[flight.weapon.id] = (flight.launch, radii[-1])
    arc = _reach_arc(dataset, flight.launch, radii[0])
    parts.soft_bounds += arc
    for index, radius in enumerate(radii):
        ring_claims = [c for c in claims if float(c.high or 0) == radius]
        parts.key.append(
            KeyItem(
                f"{flight.weapon.name}: estimated reach from {flight.launch.name}, {format_number(radius)} km",
                colour,
                "dash" if index == 0 else "dot",
            )
        )
        parts.data.append(
            {
                "type": "scattergeo",
                "mode": "lines",
                **_lines(geodesic_ring(centre[0], centre[1], radius, steps=180)),
                "line": {
                    "color": colour[0],
                    "width": 2 if index == 0 else 1.5,
                    "dash": "dash" if index == 0 else "dot",
                },
                "hoverinfo": "text",
                "text": hover(
                    f"{flight.weapon.name}: estimated reach {format_number(radius)} km",
                    "; ".join(format_claim(c, actors) for c in ring_claims),
                    f"Measured from {flight.launch.name}.",
                ),
            }
        )
        for claim in ring_claims:
            row = ("Estimated reach", flight.weapon.name, flight.launch.name, radius, format_claim(claim, actors))
            parts.add_row((*row, tuple(claim.sources)), url_of("weapons", flight.weapon.id), claim.sources)
    _describe_reach(dataset, flight, parts, radii=radii, arc=arc, actors=actors)


def _describe_reach(
    dataset: Dataset,
    flight: _Flight,
    parts: _MapParts,
    *,
    radii: list[float],
    arc: list[tuple[float, float]],
    actors: dict[str, Actor],
) -> None:
    """The reach's label on its arc, its key entry and its sentence in the lead."""
    # Each ring is one claim's figure: the figures are listed, never joined into a span no source gives.
    figures = [f"{format_number(radius)} km" for radius in radii]
    spread = figures[0] if len(figures) == 1 else f"separate estimates of {and_list(figures)}"
    if arc:
        short = figures[0]
        text = f"<b>{plotly_text(flight.weapon.name)}</b>: estimated<br>reach {plotly_text(short)}"
        plain = f"{flight.weapon.name}: estimated\nreach {short}"
        choices = [(spot, side) for side in ("middle right", "middle left") for spot in arc]
        _add_label(parts, choices, plain, _label_trace(text, weapon_colour(dataset, flight.weapon.id)))
    claims = numeric(flight.weapon.range)
    sources = publishers(dataset, [s for c in claims for s in c.sources])
    parts.lead.append(
        f"Estimated reach of {flight.weapon.name} from {flight.launch.name}: {spread}. These are estimates "
        f"({', '.join(unique(format_status(c, actors) for c in claims))}; sources: {sources})."
    )


def _reach_arc(dataset: Dataset, launch: Place, radius: float) -> list[tuple[float, float]]:
    """The part of a reach ring that faces the capitals and bases inside it, so that the map shows where it runs."""
    targets = tuple(latlon(p) for p in dataset.places.values() if _role(dataset, p) in {MapRole.CAPITAL, MapRole.BASE})
    return list(arc_towards(latlon(launch), radius, targets))


def _within_reach(place: Place, reach: dict[str, tuple[Place, float]]) -> bool:
    return any(geodesic_distance_km(latlon(launch), latlon(place)) <= radius for launch, radius in reach.values())


def _nearest_reach(place: Place, reach: dict[str, tuple[Place, float]]) -> float:
    return min(geodesic_distance_km(latlon(launch), latlon(place)) for launch, _ in reach.values())


# Places ------------------------------------------------------------------------------------------


def _map_places(
    dataset: Dataset, options: RangeMapOptions, layers: set[str], flights: list[_Flight], parts: _MapParts
) -> list[Place]:
    """The places to mark; they widen the frame unless only the rings are drawn."""
    if options.places is not None:
        chosen = [dataset.places[i] for i in options.places]
        parts.bounds += [latlon(p) for p in chosen]
        return chosen
    wide = bool(layers & {"flights", "reach", "bases"})
    roles: set[MapRole] = set()
    if "places" in layers:
        roles |= {MapRole.CAPITAL} if wide else _CITIES
    if "bases" in layers:
        roles.add(MapRole.BASE)
    if layers & {"flights", "reach"}:
        roles.add(MapRole.LAUNCH_SITE)
    ends = {f.target.id for f in flights} if layers & {"flights", "reach"} else set()
    chosen = sorted(
        (p for p in dataset.places.values() if _role(dataset, p) in roles or p.id in ends),
        key=lambda p: sort_key(p.name),
    )
    if parts.reach:
        # Places beyond every estimate stay off the map; the description names them.
        beyond = [p for p in chosen if not _within_reach(p, parts.reach)]
        if beyond:
            listed = ", ".join(f"{p.name} ({format_number(round(_nearest_reach(p, parts.reach)))} km)" for p in beyond)
            parts.sentences.append(f"Beyond the largest estimate, and left off the map: {listed}.")
        chosen = [p for p in chosen if p not in beyond]
    if wide or not parts.bounds:
        parts.bounds += [latlon(p) for p in chosen]
    return chosen


def _mark_places(dataset: Dataset, places: list[Place], parts: _MapParts, labeller: Labeller) -> dict[str, float]:
    """Keep labels off every mark; return the size of the marks at each place."""
    sizes = {p.id: _mark_size(dataset, p, parts) for p in places}
    for place in places:
        labeller.mark(place.latitude, place.longitude, sizes[place.id])
    for lat, lon, size in parts.marks:
        labeller.mark(lat, lon, size)
    return sizes


def _draw_places(
    dataset: Dataset, places: list[Place], parts: _MapParts, labeller: Labeller, sizes: dict[str, float]
) -> None:
    """A trace per kind of place, each name on the side where it covers least; then the sentences about them."""
    by_kind: dict[str, list[Place]] = {}
    for place in places:
        by_kind.setdefault(place.kind, []).append(place)
    sides = {
        p.id: labeller.label(p.latitude, p.longitude, two_lines(p.name), mark=sizes[p.id])
        for p in sorted(places, key=lambda p: (dataset.place_kinds[p.kind].order, sort_key(p.name)))
    }
    for kind in sorted(by_kind, key=lambda k: (dataset.place_kinds[k].order, k)):
        _draw_place_kind(parts, dataset.place_kinds[kind], by_kind[kind], sides, sizes)
    bases = [p.name for p in places if _role(dataset, p) is MapRole.BASE]
    if bases:
        parts.sentences.append(f"Bases marked: {', '.join(bases)}.")
    parts.sentences += _reach_sentences(dataset, places, parts.reach)


def _mark_size(dataset: Dataset, place: Place, parts: _MapParts) -> float:
    """How wide, in pixels, the marks at a place are: its own, or a launch point's ring drawn around it."""
    own = dataset.place_kinds[place.kind].size + 2.0
    around = [size for lat, lon, size in parts.marks if (lat, lon) == (place.latitude, place.longitude)]
    return max([own, *around])


def _place_labels(parts: _MapParts, labeller: Labeller) -> None:
    """Give each ring and reach label the spot and side where it covers least."""
    for label in parts.labels:
        choices = [c for c in label.choices if labeller.contains(*c[0])] or label.choices[:1]
        best = min(choices, key=lambda choice: labeller.cost(choice[0], label.text, choice[1]))
        labeller.label(best[0][0], best[0][1], label.text, [best[1]], bold=True)
        trace = parts.data[label.trace]
        trace["lat"], trace["lon"] = [round(best[0][0], 4)], [round(best[0][1], 4)]
        trace["textposition"] = best[1]


def _draw_place_kind(
    parts: _MapParts, kind: PlaceKind, group: list[Place], sides: dict[str, str], sizes: dict[str, float]
) -> None:
    """The marks and names of one kind of place, with their distances from each launch site drawn.

    A place with a launch point's ring drawn around it gets an unseen mark of the ring's size, so that
    its name clears the ring (Plotly sets a name off by its own mark's size).
    """
    launches = {launch.id: launch for launch, _ in parts.reach.values()}
    label, symbol, colour, size = kind.label, kind.symbol.value, _MARKER_COLOURS[kind.colour.value], kind.size
    texts, details = [], []
    for place in group:
        distances = [
            f"{format_number(round(geodesic_distance_km(latlon(launch), latlon(place))))} km from {launch.name}"
            for launch in launches.values()
            if launch.id != place.id
        ]
        details.append("; ".join(distances))
        texts.append(hover(place.name, *[f"{d}." for d in distances], strip_citations(place.note or "")))
    trace = len(parts.data)
    parts.data.append(
        {
            "type": "scattergeo",
            "mode": "markers+text",
            "lat": [p.latitude for p in group],
            "lon": [p.longitude for p in group],
            "text": ["<br>".join(plotly_text(line) for line in two_lines(p.name).split("\n")) for p in group],
            "textposition": [sides[p.id] for p in group],
            "textfont": {"color": INK[0] if kind.role in _CITIES else colour[0], "size": LABEL_SIZE},
            "marker": {
                "symbol": symbol,
                "size": [sizes[p.id] for p in group],
                "opacity": [1 if sizes[p.id] == size + 2 else 0 for p in group],
                "color": colour[0],
                "line": {"width": 1, "color": ON_MARK[0]},
            },
            "hovertext": texts,
            "hoverinfo": "text",
        }
    )
    parts.key.append(KeyItem(label, colour, _KEY_SHAPES.get(symbol, "circle")))
    for index, place in enumerate(group):
        parts.points.append(Point(trace, index, f"{place.name} ({label.lower()})", url_of("places", place.id)))
        coordinates = f"{place.latitude:.4f}, {place.longitude:.4f}"
        row = (label, place.name, None, None, details[index] or coordinates, tuple(place.sources))
        parts.add_row(row, url_of("places", place.id), place.sources)


def _reach_sentences(dataset: Dataset, places: list[Place], reach: dict[str, tuple[Place, float]]) -> list[str]:
    """For each launch site with a reach drawn: the distances to the cities and bases marked."""
    out = []
    for weapon_id, (launch, _largest) in reach.items():
        lowest = min(float(c.high or 0) for c in numeric(dataset.weapons[weapon_id].range))
        near = sorted(
            (geodesic_distance_km(latlon(launch), latlon(p)), p.name)
            for p in places
            if _role(dataset, p) in _CITIES | {MapRole.BASE} and p.id != launch.id
        )
        if near:
            listed = ", ".join(f"{name} {format_number(round(km))} km" for km, name in near)
            within = "all within" if near[-1][0] <= lowest else "compared with"
            out.append(
                f"Distances from {launch.name} ({within} the lowest estimate, {format_number(lowest)} km): {listed}."
            )
    return out


# Countries ---------------------------------------------------------------------------------------


def _countries(dataset: Dataset, options: RangeMapOptions, shown: list[Place], parts: _MapParts) -> list[Actor]:
    """The states to shade and name: as the fence says, or where the rings and flights are and what the rings cover."""
    if options.countries is not None:
        return [dataset.actors[c] for c in options.countries]
    ids = [place.country for place, _ in parts.anchors]
    ids += [
        p.country
        for p in shown
        if any(geodesic_distance_km(latlon(centre), latlon(p)) <= radius for centre, radius in parts.anchors)
    ]
    return [dataset.actors[i] for i in unique(i for i in ids if i)]


def _draw_countries(
    dataset: Dataset, options: RangeMapOptions, shown: list[Place], parts: _MapParts, labeller: Labeller
) -> None:
    """Shade the states where the story happens and name each among its own places, where no label is."""
    countries = _countries(dataset, options, shown, parts)
    if not countries:
        return
    shade = translucent(MUTED, 0.12)
    parts.fills.append(shade)
    # Plotly draws a choropleth under every scattergeo trace, whatever its place in the list.
    parts.data.append(
        {
            "type": "choropleth",
            "locationmode": "country names",
            "locations": [c.name for c in countries],
            "z": [1] * len(countries),
            "zmin": 0,
            "zmax": 1,
            "colorscale": [[0, shade[0]], [1, shade[0]]],
            "showscale": False,
            "marker": {"line": {"width": 0.8, "color": BORDER[0]}},
            "hoverinfo": "skip",
        }
    )
    # A name goes where it covers nothing, or nowhere: the shading and the table still say which states these are.
    spots = {c.id: labeller.place(_country_spots(c, shown, labeller), c.name.upper()) for c in countries}
    named = [c for c in countries if spots[c.id] is not None]
    at = [spot for c in named if (spot := spots[c.id]) is not None]
    if not named:
        return
    parts.data.append(
        {
            "type": "scattergeo",
            "mode": "text",
            "lat": [round(p[0], 4) for p in at],
            "lon": [round(p[1], 4) for p in at],
            "text": [plotly_text(c.name.upper()) for c in named],
            "textposition": "middle center",
            "textfont": {"color": MUTED[0], "size": LABEL_SIZE},
            "hoverinfo": "skip",
            "meta": "country",
        }
    )


def _country_spots(country: Actor, shown: list[Place], labeller: Labeller) -> list[tuple[float, float]]:
    """Where a state's name may go: a grid over the box its marked places span (inside it, most likely), centre first."""
    own = [latlon(p) for p in shown if p.country == country.id]
    if not own:
        return []
    lats, lons = [p[0] for p in own], [p[1] for p in own]
    middle = (sum(lats) / len(lats), sum(lons) / len(lons))
    south, north = min(lats) - 2.0, max(lats) + 2.0
    west, east = min(lons) - 6.0, max(lons) + 6.0
    grid = [(south + (north - south) * i / 12, west + (east - west) * j / 12) for i in range(13) for j in range(13)]
    grid = [spot for spot in grid if labeller.contains(*spot)]
    return sorted(grid, key=lambda spot: ((spot[0] - middle[0]) ** 2 + ((spot[1] - middle[1]) / 1.6) ** 2, spot))
