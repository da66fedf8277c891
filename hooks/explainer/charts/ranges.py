"""The `weapon-ranges` chart: every range claim of each weapon as a mark (a band for a range), on a log scale."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from explainer.charts.figures import base_layout, hover, plain_figure, plotly_text, tick_label
from explainer.charts.geodesy import geodesic_distance_km
from explainer.charts.labels import NARROW_BOX, WIDE_BOX, place_in_lanes, text_width
from explainer.charts.options import ChartOptions, Id
from explainer.charts.palette import (
    FAINT,
    GRID,
    INK,
    MUTED,
    STATUS_SYMBOLS,
    supplier_of,
    translucent,
    weapon_colours,
)
from explainer.charts.records import and_list, numeric, publishers, unique
from explainer.charts.spec import ChartError, ChartSpec, Column, KeyItem, NothingToDraw, Point, merge
from explainer.formatting import format_claim, format_figure, format_number, format_status, sentence_case
from explainer.schema import ClaimStatus
from explainer.urls import url_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from explainer.charts.palette import Colour
    from explainer.charts.spec import Cell
    from explainer.dataset import Dataset
    from explainer.schema import Actor, Claim, Weapon

__all__ = ["WeaponRangesOptions", "build_weapon_ranges"]


class WeaponRangesOptions(ChartOptions):
    """Options of `weapon-ranges`."""

    refs: ClassVar[dict[str, str]] = {
        "weapons": "weapons",
        "highlight": "weapons",
        "distances_from": "places",
        "distances_to": "places",
    }
    weapons: list[Id] | None = Field(
        default=None, description="Weapons to show (default: every weapon with a range claim)."
    )
    highlight: Id | None = Field(default=None, description="A weapon drawn in colour, the others in grey.")
    distances_from: Id | None = Field(
        default=None,
        description="A place: the great-circle distance from it to each of `distances_to` is drawn as a line.",
    )
    distances_to: list[Id] = Field(
        default_factory=list, max_length=4, description="Places (at most four) for reference distances."
    )


_COLUMNS = (
    Column("weapon", "Weapon"),
    Column("claim", "What the figure is for"),
    Column("low_km", "Lowest, km", "number"),
    Column("high_km", "Highest, km", "number"),
    Column("stated", "As stated"),
    Column("status", "Status"),
    Column("sources", "Sources", "sources"),
)
_STATUS_KEYS: dict[ClaimStatus, str] = {
    ClaimStatus.ASSESSED: "Assessed: independent sources agree",
    ClaimStatus.CLAIMED: "Claimed by one party",
    ClaimStatus.DISPUTED: "Disputed",
}
TIGHT = 1.6
"""A range whose high figure is at most this many times its low one is drawn as a short bar with one mark."""
_ZONE_HEAD = 0.75
"""Rows of room above each class of weapon, where its name stands."""
_TICKS = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000)


@dataclass
class _Plot:
    """What the weapons put on the chart, gathered weapon by weapon, top to bottom."""

    bands: dict[Colour, dict[str, list[Any]]] = field(default_factory=dict)
    marks: dict[Colour, dict[str, list[Any]]] = field(default_factory=dict)
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)
    tick_y: list[float] = field(default_factory=list)
    tick_text: list[str] = field(default_factory=list)
    point_refs: list[tuple[Colour, int, str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    zones: list[tuple[str, float, float]] = field(default_factory=list)
    """Each class of weapon: its label and the rows it spans (a shaded zone)."""
    y: float = 0.0


def build_weapon_ranges(dataset: Dataset, options: WeaponRangesOptions) -> ChartSpec:
    """Every range claim of each weapon as a mark (a band for a range), coloured by supplier, on a log scale."""
    weapons = _resolve_weapons(dataset, options.weapons)
    highlight = options.highlight
    palette = weapon_colours(dataset)
    colour_of = {w.id: FAINT if highlight is not None and w.id != highlight else palette[w.id] for w in weapons}
    actors = dict(dataset.actors)
    plot = _Plot()
    for weapon_class, members in groupby(weapons, key=lambda w: w.weapon_class):
        start = plot.y
        plot.y += _ZONE_HEAD
        for weapon in members:
            _plot_weapon(dataset, plot, weapon, colour_of[weapon.id], highlight=highlight, actors=actors)
        plot.zones.append((dataset.weapon_classes[weapon_class].plural, start - 0.35, plot.y - 0.35))
    data, trace_of = _draw_traces(plot)
    layout, narrow = _layout(weapons, plot, _references(dataset, options))
    lead, details = _describe_ranges(dataset, weapons, highlight)
    key = _supplier_key(dataset, [w for w in weapons if colour_of[w.id] != FAINT], palette)
    if highlight is not None and len(weapons) > 1:
        key += (KeyItem("Other weapons", FAINT, "square"),)
    statuses = sorted({c.status for w in weapons for c in numeric(w.range)}, key=list(ClaimStatus).index)
    key += tuple(KeyItem(_STATUS_KEYS[s], INK, STATUS_SYMBOLS[s]) for s in statuses)  # type: ignore[arg-type]
    return ChartSpec(
        name="weapon-ranges",
        title=_title(dataset, options),
        figure=plain_figure(data, layout),
        columns=_COLUMNS,
        rows=tuple(plot.rows),
        row_links=tuple(plot.links),
        sources=unique(plot.sources),
        description=lead,
        details=details,
        key=key,
        points=tuple(
            Point(trace_of[colour], index, label, url_of("weapons", weapon_id))
            for colour, index, label, weapon_id in plot.point_refs
        ),
        note="Every published claim is drawn; where sources disagree, each claim has its own mark. A range of figures is a band.",
        narrow=narrow,
    )


def _resolve_weapons(dataset: Dataset, ids: list[str] | None) -> list[Weapon]:
    """The weapons to draw, the one with the farthest claim first; `ChartError` if a chosen one has no figure."""
    if ids is None:
        weapons = [w for w in dataset.weapons.values() if numeric(w.range)]
    else:
        weapons = [dataset.weapons[i] for i in ids]
        missing = [w.id for w in weapons if not numeric(w.range)]
        if missing:
            raise ChartError(f"no range figure to draw for: {', '.join(missing)}")
    if not weapons:
        raise NothingToDraw("no weapon has a range figure yet")
    farthest = {w.id: max(c.high or 0 for c in numeric(w.range)) for w in weapons}
    by_class: dict[str, float] = {}
    for weapon in weapons:
        by_class[weapon.weapon_class] = max(by_class.get(weapon.weapon_class, 0), farthest[weapon.id])
    # Classes in the order of their farthest claim, each weapon within its class likewise.
    weapons.sort(key=lambda w: (-by_class[w.weapon_class], w.weapon_class, -farthest[w.id], w.name))
    return weapons


def _supplier_key(dataset: Dataset, weapons: list[Weapon], palette: dict[str, Colour]) -> tuple[KeyItem, ...]:
    """A key entry per supplier (or operator) of the coloured weapons, in the order of their names.

    A solid square of the marks' own colour: the shape of a mark is its status, keyed apart.
    """
    named: dict[str, Colour] = {}
    for weapon in weapons:
        supplier = supplier_of(weapon)
        named[dataset.actors[supplier].name if supplier else "No supplier recorded"] = palette[weapon.id]
    return tuple(KeyItem(name, named[name], "square") for name in sorted(named))


def _plot_weapon(
    dataset: Dataset, plot: _Plot, weapon: Weapon, colour: Colour, *, highlight: str | None, actors: dict[str, Actor]
) -> None:
    """One row per claim of the weapon (a band and a low mark for a range, a mark at the high figure), then a gap."""
    band = plot.bands.setdefault(colour, {"x": [], "y": []})
    mark = plot.marks.setdefault(colour, {"x": [], "y": [], "text": [], "symbol": [], "hover": [], "pos": []})
    first = plot.y
    for claim in numeric(weapon.range):
        low, high = float(claim.low or 0), float(claim.high or 0)
        text = _range_hover(dataset, weapon, claim)
        if high > low:
            band["x"] += [low, high, None]
            band["y"] += [plot.y, plot.y, None]
            if high / low > TIGHT:  # a tight range is a short bar ended by one mark, not two marks over each other
                _add_mark(
                    mark, x=low, y=plot.y, text="", symbol=STATUS_SYMBOLS[claim.status], hover=text, pos="middle left"
                )
        label = f"{weapon.name}: {format_claim(claim, actors)}"
        plot.point_refs.append((colour, len(mark["x"]), label, weapon.id))
        figure = plotly_text(format_figure(claim))
        _add_mark(
            mark, x=high, y=plot.y, text=figure, symbol=STATUS_SYMBOLS[claim.status], hover=text, pos="middle right"
        )
        status = format_status(claim, actors)
        plot.rows.append((weapon.name, claim.label, low, high, format_figure(claim), status, tuple(claim.sources)))
        plot.links.append(url_of("weapons", weapon.id))
        plot.sources += claim.sources
        plot.y += 1
    plot.tick_y.append((first + plot.y - 1) / 2)
    name = tick_label(weapon.name)
    plot.tick_text.append(f"<b>{name}</b>" if weapon.id == highlight else name)
    plot.y += 0.7


def _add_mark(mark: dict[str, list[Any]], **values: Any) -> None:
    """One more mark: its x, y, text, symbol, hover text and text position."""
    for name, value in values.items():
        mark[name].append(value)


def _draw_traces(plot: _Plot) -> tuple[list[dict[str, Any]], dict[Colour, int]]:
    """A band trace per colour under a mark trace per colour (grey last); and the mark trace of each colour."""
    data: list[dict[str, Any]] = []
    order = sorted(plot.bands, key=lambda c: (c == FAINT, c))
    for colour in order:
        band = plot.bands[colour]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": band["x"],
                "y": band["y"],
                "line": {"color": colour[0], "width": 9},
                "opacity": 0.35,
                "hoverinfo": "skip",
            }
        )
    trace_of: dict[Colour, int] = {}
    for colour in order:
        mark = plot.marks[colour]
        trace_of[colour] = len(data)
        data.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": mark["x"],
                "y": mark["y"],
                "text": mark["text"],
                "textposition": mark["pos"],
                "textfont": {"color": INK[0] if colour != FAINT else MUTED[0], "size": 12},
                "marker": {
                    "color": colour[0],
                    "symbol": mark["symbol"],
                    "size": 11,
                    "line": {"width": 2, "color": colour[0]},
                },
                "hovertext": mark["hover"],
                "hoverinfo": "text",
                "cliponaxis": False,
            }
        )
    return data, trace_of


def _references(dataset: Dataset, options: WeaponRangesOptions) -> list[tuple[str, float]]:
    """The reference distances the options ask for: `A–B` and the great-circle distance in km."""
    if options.distances_from is None:
        return []
    start = dataset.places[options.distances_from]
    out = []
    for place_id in options.distances_to:
        end = dataset.places[place_id]
        km = geodesic_distance_km((start.latitude, start.longitude), (end.latitude, end.longitude))
        out.append((f"{start.name}–{end.name}\n{format_number(round(km, -1))} km", km))
    return out


REFERENCE_FONT = 12
LANE_PX = 17
"""Pixels per lane of reference labels above the plot."""


def _layout(
    weapons: list[Weapon], plot: _Plot, references: list[tuple[str, float]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The layout (a log axis of km, a weapon name per row, a zone per class) and its changes for a narrow screen."""
    highest = max(c.high or 0 for w in weapons for c in numeric(w.range))
    lowest = min(c.low or 0 for w in weapons for c in numeric(w.range))
    x_range = [math.log10(lowest / 1.8), math.log10(highest * 3.2)]
    ticks = [v for v in _TICKS if lowest / 1.8 <= v <= highest * 3.2]
    layout = base_layout(0)
    layout["xaxis"] = {
        "type": "log",
        "range": x_range,
        "tickvals": ticks,
        "ticktext": [format_number(v) for v in ticks],
        "title": {"text": "Range, km (logarithmic scale)", "font": {"size": 12, "color": MUTED[0]}},
        "gridcolor": GRID[0],
        "zeroline": False,
        "showline": False,
        "tickfont": {"color": MUTED[0], "size": 12},
        "fixedrange": True,
    }
    layout["yaxis"] = {
        "tickvals": plot.tick_y,
        "ticktext": plot.tick_text,
        "range": [plot.y - 0.7 + 0.1, -0.5],
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
        "automargin": True,
        "fixedrange": True,
        "tickfont": {"size": 13},
    }
    names = max(text_width(t, 13) for t in plot.tick_text) + 6 + 8
    wide_range = x_range
    narrow_range = [x_range[0], math.log10(highest * 4.5)]
    layout = merge(layout, _framing(plot, references, wide_range, WIDE_BOX - names - 12, right=12, lines=1))
    # On a phone the labels right of the marks need more room than the wide axis leaves.
    decades = [v for v in ticks if math.log10(v).is_integer()] or ticks
    phone = _framing(plot, references, narrow_range, NARROW_BOX - names - 56, right=56, lines=2)
    phone["xaxis"] = {"range": narrow_range, "tickvals": decades, "ticktext": [format_number(v) for v in decades]}
    return layout, {"layout": {"font": {"size": 12}, **phone}}


def _framing(
    plot: _Plot,
    references: list[tuple[str, float]],
    x_range: list[float],
    width: float,
    *,
    right: int,
    lines: int,
) -> dict[str, Any]:
    """What depends on the plot's width: the reference labels' lanes above the plot, the margin they need, the height.

    A label may run into the right margin; on a phone (`lines=2`) it takes two lines, the places over the distance.
    """
    span = x_range[1] - x_range[0]
    texts = [plotly_text(text).replace("\n", "<br>" if lines == 2 else " ") for text, _km in references]
    sizes = [max(text_width(line, REFERENCE_FONT) for line in text.split("<br>")) + 4 for text in texts]
    at = [(math.log10(km) - x_range[0]) / span * width for _text, km in references]
    placed = place_in_lanes(list(zip(at, sizes, strict=True)), width + right - 4)
    lanes = (1 + max((p.lane for p in placed), default=-1)) * lines
    annotations = [_zone_label(text, top) for text, top, _bottom in plot.zones]
    shapes = [_zone(top, bottom) for n, (_text, top, bottom) in enumerate(plot.zones) if n % 2 == 0]
    for text, (_text, km), spot in zip(texts, references, placed, strict=True):
        shapes.append(_reference_line(km))
        annotations.append(_reference_label(text, km, spot.lane * lines, spot.anchor))
    top = 8 + LANE_PX * lanes
    return {
        "height": int(top + 56 + 30 * len(plot.rows) + 18 * len(plot.tick_y) + 24 * len(plot.zones)),
        "margin": {"l": 8, "r": right, "t": top, "b": 48, "pad": 6},
        "annotations": annotations,
        "shapes": shapes,
    }


def _zone(top: float, bottom: float) -> dict[str, Any]:
    """A class of weapon's rows, shaded (every other class, so that neighbours stand apart)."""
    return {
        "type": "rect",
        "xref": "paper",
        "yref": "y",
        "x0": 0,
        "x1": 1,
        "y0": top,
        "y1": bottom,
        "fillcolor": translucent(INK, 0.045)[0],
        "line": {"width": 0},
        "layer": "below",
    }


def _zone_label(text: str, top: float) -> dict[str, Any]:
    return {
        "x": 0,
        "y": top + 0.05,
        "xref": "paper",
        "yref": "y",
        "text": plotly_text(text),
        "showarrow": False,
        "xanchor": "left",
        "yanchor": "top",
        "xshift": 4,
        "font": {"size": 12, "color": MUTED[0]},
    }


def _reference_line(km: float) -> dict[str, Any]:
    """A reference distance across the rows (a shape on a log axis takes the value itself, an annotation its log)."""
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": km,
        "x1": km,
        "y0": 0,
        "y1": 1,
        "line": {"color": MUTED[0], "width": 1, "dash": "dash"},
        "layer": "below",
    }


def _reference_label(text: str, km: float, lane: int, anchor: str) -> dict[str, Any]:
    """A reference distance's label, above the plot in its lane (the dashed line runs down from it)."""
    return {
        "x": math.log10(km),
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "xanchor": anchor,
        "yanchor": "bottom",
        "yshift": 2 + LANE_PX * lane,
        "xshift": 2 if anchor == "left" else -2,
        "font": {"size": REFERENCE_FONT, "color": INK[0]},
    }


def _title(dataset: Dataset, options: WeaponRangesOptions) -> str:
    if options.title:
        return options.title
    if options.highlight is not None:
        return f"{dataset.weapons[options.highlight].name} beside the other weapons: every claim on their range"
    return "How far each weapon reaches: every claim on its range"


def _range_hover(dataset: Dataset, weapon: Weapon, claim: Claim) -> str:
    return hover(
        f"{weapon.name}: {format_figure(claim)}",
        claim.label or "",
        sentence_case(format_status(claim, dict(dataset.actors))),
        f"Sources: {publishers(dataset, claim.sources)}",
    )


def _describe_ranges(dataset: Dataset, weapons: Sequence[Weapon], highlight: str | None) -> tuple[str, str]:
    """A lead (the spread, the weapons with several claims, the highlighted one) and the claims in full."""
    claims = [(w, c) for w in weapons for c in numeric(w.range)]
    longest = max(claims, key=lambda wc: wc[1].high or 0)
    shortest = min(claims, key=lambda wc: wc[1].low or 0)
    actors = dict(dataset.actors)
    lead = (
        f"Range claims for {len(weapons)} weapon{'s' if len(weapons) != 1 else ''}, on a logarithmic scale, from "
        f"{format_figure(shortest[1])} ({shortest[0].name}) to {format_figure(longest[1])} ({longest[0].name})."
    )
    several = [w.name for w in weapons if len(numeric(w.range)) > 1]
    if several:
        lead += f" More than one claim is drawn for {and_list(several)}."
    if highlight is not None:
        weapon = dataset.weapons[highlight]
        lead += f" Highlighted: {weapon.name}, {'; '.join(format_claim(c, actors) for c in numeric(weapon.range))}."
    parts = []
    for weapon in weapons:
        listed = "; ".join(format_claim(c, actors) for c in numeric(weapon.range))
        count = len(numeric(weapon.range))
        parts.append(f"{weapon.name}: {listed}." if count == 1 else f"{weapon.name}, {count} claims: {listed}.")
    return lead, " ".join(parts)
