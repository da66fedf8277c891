"""Charts made from the Dataset: a Plotly figure with its table, downloads, caption and description.

Each chart is built by one `build_*` function from the Dataset and validated options, and
comes back as a `ChartSpec`: the figure as plain JSON-ready data, the rows it plots (for
the table view and the CSV and JSON downloads), the sources it rests on, and a sentence
or two that say what it shows (the chart's accessible description). Nothing here knows
about MkDocs or HTML pages; `fences` turns a spec into HTML.

Every string from the data that lands in the figure is HTML-escaped, because Plotly reads
a subset of HTML in labels and hover text. Output is deterministic: no random ids, sorted
keys, coordinates rounded.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import math
import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import plotly.io as pio
from geographiclib.geodesic import Geodesic
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from explainer.formatting import (
    STANCE_LABELS,
    STANCE_MARKS,
    format_claim,
    format_date,
    format_figure,
    format_number,
    format_status,
)
from explainer.schema import ActorKind, ClaimStatus, PartialDate, PlaceKind, Stance, WeaponClass
from explainer.urls import url_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from explainer.dataset import Dataset
    from explainer.schema import Actor, Claim, Event, Place, Position, Topic, Weapon

__all__ = [
    "CHARTS",
    "ChartError",
    "ChartOptions",
    "ChartSpec",
    "ChartType",
    "Column",
    "KeyItem",
    "NothingToDraw",
    "Point",
    "build_chart",
    "geodesic_distance_km",
    "geodesic_path",
    "geodesic_ring",
]

Cell = str | float | int | tuple[str, ...] | None
Bundle = Literal["basic", "geo"]

# Colours --------------------------------------------------------------------------------
# Each colour is a (light, dark) pair. Figures are written with the light colours; the
# browser swaps in the dark ones (`ChartSpec.dark_colours`) when the reader picks the dark
# palette. Series colours are Okabe and Ito's colour-blind-safe set.

Colour = tuple[str, str]

INK: Colour = ("#1f2328", "#e3e6ea")
MUTED: Colour = ("#59636e", "#a3acb6")
GRID: Colour = ("#dfe3e8", "#363b46")
FAINT: Colour = ("#aeb6bf", "#5d6675")
LAND: Colour = ("#efede8", "#2a2f3a")
BORDER: Colour = ("#b9b3a8", "#525b6b")
ON_MARK: Colour = ("#ffffff", "#15171c")
HOVER_BG: Colour = ("#fffffe", "#22252e")

BLUE: Colour = ("#0072b2", "#5cb8f0")
VERMILLION: Colour = ("#d55e00", "#ff9457")
GREEN: Colour = ("#009e73", "#45d3a4")
PURPLE: Colour = ("#cc79a7", "#eaa9d0")
ORANGE: Colour = ("#e69f00", "#f7c44f")
SKY: Colour = ("#56b4e9", "#a3d8f7")
GREY: Colour = ("#8c959f", "#7d8794")

SERIES: tuple[Colour, ...] = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY)
RING_COLOURS: tuple[Colour, ...] = (BLUE, GREEN, ORANGE, SKY, GREY)
"""Range rings avoid vermillion and purple, which mark a strike and an estimated reach."""

STANCE_COLOURS: dict[Stance, Colour] = {
    Stance.SUPPORTS: BLUE,
    Stance.OPPOSES: VERMILLION,
    Stance.AMBIVALENT: ORANGE,
    Stance.SHIFTED: PURPLE,
    Stance.UNKNOWN: GREY,
}
STANCE_SYMBOLS: dict[Stance, str] = {
    Stance.SUPPORTS: "circle",
    Stance.OPPOSES: "square",
    Stance.AMBIVALENT: "diamond",
    Stance.SHIFTED: "hexagon",
    Stance.UNKNOWN: "circle-open",
}
STANCE_MARK_INK: dict[Stance, Colour] = {
    Stance.SUPPORTS: ON_MARK,
    Stance.OPPOSES: ON_MARK,
    Stance.AMBIVALENT: ("#24292f", "#15171c"),
    Stance.SHIFTED: ON_MARK,
    Stance.UNKNOWN: INK,
}
STATUS_SYMBOLS: dict[ClaimStatus, str] = {
    ClaimStatus.ASSESSED: "circle",
    ClaimStatus.CLAIMED: "circle-open",
    ClaimStatus.DISPUTED: "diamond-open",
}
STATUS_KEYS: dict[ClaimStatus, str] = {
    ClaimStatus.ASSESSED: "Assessed: independent sources agree",
    ClaimStatus.CLAIMED: "Claimed by one party",
    ClaimStatus.DISPUTED: "Disputed",
}

_ALL_COLOURS: tuple[Colour, ...] = (
    INK,
    MUTED,
    GRID,
    FAINT,
    LAND,
    BORDER,
    ON_MARK,
    HOVER_BG,
    STANCE_MARK_INK[Stance.AMBIVALENT],
    *SERIES,
    GREY,
)
DARK_COLOURS: dict[str, str] = dict(_ALL_COLOURS)
"""Light colour → dark colour, for every colour a figure uses."""

_NOT_MISSILES = {WeaponClass.MISSILE_DEFENCE_SYSTEM, WeaponClass.INTERCEPTOR_MISSILE}
_GEO = Geodesic.WGS84


class ChartError(ValueError):
    """Options that name records the chart cannot draw."""


class NothingToDraw(ChartError):
    """The data holds nothing for this chart yet: the page shows a note, not an error."""


# What a chart hands over ------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of the chart's table and downloads."""

    key: str
    label: str
    kind: Literal["text", "number", "date", "sources"] = "text"


@dataclass(frozen=True)
class KeyItem:
    """One entry of the chart's key (legend), drawn in HTML beside the chart."""

    label: str
    colour: Colour
    shape: Literal["circle", "circle-open", "diamond", "diamond-open", "square", "hexagon", "line", "dash", "band"]
    mark: str = ""


@dataclass(frozen=True)
class Point:
    """A plotted point a keyboard can reach: focus shows its hover label, Enter follows its link."""

    trace: int
    index: int
    label: str
    url: str | None = None


@dataclass(frozen=True)
class ChartSpec:
    """A built chart: the figure and everything shown or offered beside it."""

    name: str
    title: str
    figure: dict[str, Any]
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    sources: tuple[str, ...]
    description: str
    bundle: Bundle = "basic"
    details: str = ""
    aspect: float | None = None
    """For a map: height over width, which the browser keeps when it sizes the chart."""
    narrow: dict[str, Any] = field(default_factory=dict)
    """Layout changes for a narrow screen (under 560 pixels), as `Plotly.relayout` takes them."""
    row_links: tuple[str | None, ...] = ()
    key: tuple[KeyItem, ...] = ()
    points: tuple[Point, ...] = ()
    note: str = ""
    dark_colours: dict[str, str] = field(default_factory=lambda: dict(DARK_COLOURS))

    def records(self) -> list[dict[str, Cell | list[str]]]:
        """The rows as objects keyed by column, source lists as lists."""
        out: list[dict[str, Cell | list[str]]] = []
        for row in self.rows:
            out.append(
                {c.key: (list(v) if isinstance(v, tuple) else v) for c, v in zip(self.columns, row, strict=True)}
            )
        return out

    def to_csv(self) -> str:
        """The plotted data as CSV: one header line, then one line per row; source ids joined by spaces."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.key for c in self.columns])
        for row in self.rows:
            writer.writerow([_csv_cell(v) for v in row])
        return buffer.getvalue()

    def to_json(self) -> str:
        """The plotted data as JSON: title, columns, rows and the sources."""
        payload = {
            "chart": self.name,
            "title": self.title,
            "description": f"{self.description} {self.details}".strip(),
            "note": self.note or None,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
            "rows": self.records(),
            "sources": list(self.sources),
        }
        return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return " ".join(value)
    if isinstance(value, float):
        return format_number(value).replace(",", "")
    return str(value)


# Options -----------------------------------------------------------------------------------

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ChartOptions(BaseModel):
    """Options every chart accepts."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    refs: ClassVar[dict[str, str]] = {}
    """Option name → the collection its ids belong to."""

    title: Title | None = Field(default=None, description="A title instead of the chart's own.")


class WeaponRangesOptions(ChartOptions):
    """Options of `weapon-ranges`."""

    refs: ClassVar[dict[str, str]] = {"weapons": "weapons", "highlight": "weapons"}
    weapons: list[Id] | None = Field(
        default=None, description="Weapons to show (default: every weapon with a range claim)."
    )
    highlight: Id | None = Field(default=None, description="A weapon drawn in colour, the others in grey.")


MapLayer = Literal["rings", "flights", "reach", "bases", "places"]


class RangeMapOptions(ChartOptions):
    """Options of `range-map`."""

    refs: ClassVar[dict[str, str]] = {"origin": "places", "weapons": "weapons", "places": "places"}
    layers: list[MapLayer] | None = Field(default=None, description="What to draw (default: everything).")
    origin: Id | None = Field(
        default=None,
        description="Place the range rings are drawn around (default: the launch site no event was launched from).",
    )
    weapons: list[Id] | None = Field(
        default=None, description="Weapons whose assessed ranges are drawn as rings (default: every weapon with one)."
    )
    places: list[Id] | None = Field(default=None, description="Places to mark (default: every place inside the frame).")


class PositionsMatrixOptions(ChartOptions):
    """Options of `positions-matrix`."""

    refs: ClassVar[dict[str, str]] = {"actors": "actors", "topics": "topics"}
    actors: list[Id] | None = Field(
        default=None, description="Actors (rows), in this order (default: every actor with a position)."
    )
    topics: list[Id] | None = Field(default=None, description="Topics (columns), in this order (default: every topic).")


class TimelineOptions(ChartOptions):
    """Options of `timeline`."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    refs: ClassVar[dict[str, str]] = {"actors": "actors", "weapons": "weapons"}
    actors: list[Id] | None = Field(default=None, description="Only events involving one of these actors.")
    weapons: list[Id] | None = Field(default=None, description="Only events involving one of these weapons.")
    start: PartialDate | None = Field(
        default=None, alias="from", description="First date shown (YYYY, YYYY-MM or YYYY-MM-DD)."
    )
    end: PartialDate | None = Field(default=None, alias="to", description="Last date shown.")
    group: Literal["country", "actor"] = Field(
        default="country", description="Rows: the country of each event's first actor, or the actor itself."
    )
    window: Literal["all", "busiest"] = Field(
        default="all", description="`busiest`: only the three months with the most events, day by day."
    )


@dataclass(frozen=True)
class ChartType:
    """A kind of chart: its options, its builder and the plotly.js bundle it needs."""

    name: str
    options: type[ChartOptions]
    build: Callable[[Dataset, Any], ChartSpec]
    bundle: Bundle
    summary: str


def check_refs(options: ChartOptions, dataset: Dataset) -> list[tuple[str, int | None, str]]:
    """Ids in `options` that name no record, as `(option, index in a list or None, message)`."""
    problems: list[tuple[str, int | None, str]] = []
    for name, collection in options.refs.items():
        value = getattr(options, name)
        records = dataset.collection(collection)
        items: list[tuple[int | None, str]] = (
            [] if value is None else list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        )
        for index, record_id in items:
            if record_id not in records:
                problems.append(
                    (
                        name,
                        index,
                        f"unknown {collection[:-1]} '{record_id}': no file data/{collection}/{record_id}.yaml",
                    )
                )
    return problems


def build_chart(dataset: Dataset, name: str, options: ChartOptions) -> ChartSpec:
    """Build the chart `name` with validated `options`; `ChartError` if the options cannot be drawn."""
    return CHARTS[name].build(dataset, options)


# Shared helpers --------------------------------------------------------------------------------


def _plotly_text(value: object) -> str:
    """Plain text for Plotly's pseudo-HTML: `&`, `<` and `>` become entities, so no tag can form.

    Quotes stay as typed: outside a tag Plotly shows them as they are, and it does not decode
    `&quot;` (a data string with a quote showed `&quot;` in hover labels and tick labels).
    """
    return html.escape(str(value), quote=False)


TICK_LABEL_LENGTH = 32
"""Longest axis label, in characters: a longer name is cut with an ellipsis (hover and table keep it whole),
so that a long name in the data cannot squeeze the plot beside it to nothing."""


def _tick_label(text: str) -> str:
    """A name for an axis label: shortened past `TICK_LABEL_LENGTH`, escaped for Plotly."""
    if len(text) > TICK_LABEL_LENGTH:
        text = text[: TICK_LABEL_LENGTH - 1].rstrip() + "…"
    return _plotly_text(text)


@functools.lru_cache(maxsize=1 << 14)  # the same hover lines recur on every page that charts a weapon
def _rows(text: str, width: int = 56) -> tuple[str, ...]:
    """Plain text wrapped at `width` characters, each row escaped for Plotly."""
    return tuple(_plotly_text(row) for row in textwrap.wrap(text, width)) or (_plotly_text(text),)


def _wrap(text: str, width: int = 56) -> str:
    """Plain text → escaped Plotly text, wrapped with `<br>`."""
    return "<br>".join(_rows(text, width))


HOVER_LINES = 18
"""At most this many lines of text under a hover label's title: Plotly draws nothing taller
than the plot, and the full text is in the chart's table and on the record's page."""


def _hover(title: str, *lines: str) -> str:
    """Hover text: a bold first line, then wrapped lines (all plain text, escaped here).

    Past `HOVER_LINES` wrapped lines the text is cut with an ellipsis, each field keeping its
    share; the title is cut after two lines.
    """
    fields = [_rows(line) for line in lines if line]
    if sum(map(len, fields)) > HOVER_LINES:
        share = max(1, HOVER_LINES // len(fields))
        fields = [f if len(f) <= share else (*f[: share - 1], f[share - 1] + " …") for f in fields]
    heading = _rows(title)
    if len(heading) > 2:
        heading = (heading[0], heading[1] + " …")
    rows = [f"<b>{row}</b>" for row in heading] + [row for field in fields for row in field]
    return "<br>".join(rows)


def _publishers(dataset: Dataset, source_ids: Iterable[str]) -> str:
    seen: list[str] = []
    for source_id in source_ids:
        publisher = dataset.sources[source_id].publisher
        if publisher not in seen:
            seen.append(publisher)
    return ", ".join(seen)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _base_layout(height: int) -> dict[str, Any]:
    return {
        "height": height,
        "autosize": True,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"color": INK[0], "size": 13},
        "margin": {"l": 8, "r": 12, "t": 8, "b": 8, "pad": 4},
        "showlegend": False,
        "hovermode": "closest",
        "hoverlabel": {
            "align": "left",
            "bgcolor": HOVER_BG[0],
            "bordercolor": MUTED[0],
            "font": {"color": INK[0], "size": 13},
        },
        "dragmode": False,
    }


def _figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    """The figure as plain JSON data, through plotly's serialiser, without a template.

    Plotly's per-property validation (building a `go.Figure`) costs ten times the rest of a
    chart, and every property here is fixed by this module, not by the data: the tests
    validate each kind of chart with `go.Figure` instead of every build.
    """
    plain: dict[str, Any] = json.loads(pio.to_json({"data": data, "layout": layout}, validate=False, engine="json"))
    plain["layout"].pop("template", None)
    return plain


def figure_json(figure: dict[str, Any]) -> str:
    """A figure as compact JSON with sorted keys: the same figure always gives the same bytes."""
    return json.dumps(figure, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _numeric(claims: Iterable[Claim]) -> list[Claim]:
    return [c for c in claims if c.low is not None and c.high is not None]


# Weapon ranges ---------------------------------------------------------------------------------

_RANGE_COLUMNS = (
    Column("weapon", "Weapon"),
    Column("claim", "What the figure is for"),
    Column("low_km", "Lowest, km", "number"),
    Column("high_km", "Highest, km", "number"),
    Column("stated", "As stated"),
    Column("status", "Status"),
    Column("sources", "Sources", "sources"),
)


def _supplier_group(dataset: Dataset, weapon: Weapon) -> str:
    if weapon.suppliers:
        return " and ".join(dataset.actors[a].name for a in weapon.suppliers)
    if weapon.operators:
        return " and ".join(dataset.actors[a].name for a in weapon.operators) + " (operator, not supplied)"
    return "No supplier recorded"


def _range_weapons(dataset: Dataset, ids: list[str] | None) -> list[Weapon]:
    if ids is None:
        return [w for w in dataset.weapons.values() if _numeric(w.range)]
    chosen = [dataset.weapons[i] for i in ids]
    missing = [w.id for w in chosen if not _numeric(w.range)]
    if missing:
        raise ChartError(f"no range figure to draw for: {', '.join(missing)}")
    return chosen


def build_weapon_ranges(dataset: Dataset, options: WeaponRangesOptions) -> ChartSpec:
    """Every range claim of each weapon as a mark (a band for a range), coloured by supplier, on a log scale."""
    weapons = _range_weapons(dataset, options.weapons)
    if not weapons:
        raise NothingToDraw("no weapon has a range figure yet")
    weapons.sort(key=lambda w: (-max(c.high or 0 for c in _numeric(w.range)), w.name))
    groups = _unique(_supplier_group(dataset, w) for w in sorted(weapons, key=lambda w: w.name))
    colours = {g: SERIES[i % len(SERIES)] for i, g in enumerate(groups)}
    highlight = options.highlight
    actors = dict(dataset.actors)

    def colour_of(weapon: Weapon) -> Colour:
        if highlight is not None and weapon.id != highlight:
            return FAINT
        return colours[_supplier_group(dataset, weapon)]

    bands: dict[Colour, dict[str, list[Any]]] = {}
    marks: dict[Colour, dict[str, list[Any]]] = {}
    rows: list[tuple[Cell, ...]] = []
    links: list[str | None] = []
    tick_y: list[float] = []
    tick_text: list[str] = []
    point_refs: list[tuple[Colour, int, str, str]] = []
    sources: list[str] = []
    y = 0.0
    for weapon in weapons:
        claims = _numeric(weapon.range)
        colour = colour_of(weapon)
        band = bands.setdefault(colour, {"x": [], "y": []})
        mark = marks.setdefault(colour, {"x": [], "y": [], "text": [], "symbol": [], "hover": [], "pos": []})
        first = y
        for claim in claims:
            low, high = float(claim.low or 0), float(claim.high or 0)
            if high > low:
                band["x"] += [low, high, None]
                band["y"] += [y, y, None]
                mark["x"].append(low)
                mark["y"].append(y)
                mark["text"].append("")
                mark["symbol"].append(STATUS_SYMBOLS[claim.status])
                mark["hover"].append(_range_hover(dataset, weapon, claim))
                mark["pos"].append("middle left")
            point_refs.append((colour, len(mark["x"]), f"{weapon.name}: {format_claim(claim, actors)}", weapon.id))
            mark["x"].append(high)
            mark["y"].append(y)
            mark["text"].append(_plotly_text(format_figure(claim)))
            mark["symbol"].append(STATUS_SYMBOLS[claim.status])
            mark["hover"].append(_range_hover(dataset, weapon, claim))
            mark["pos"].append("middle right")
            rows.append(
                (
                    weapon.name,
                    claim.label,
                    low,
                    high,
                    format_figure(claim),
                    format_status(claim, actors),
                    tuple(claim.sources),
                )
            )
            links.append(url_of("weapons", weapon.id))
            sources += claim.sources
            y += 1
        tick_y.append((first + y - 1) / 2)
        name = _tick_label(weapon.name)
        tick_text.append(f"<b>{name}</b>" if weapon.id == highlight else name)
        y += 0.7

    data: list[dict[str, Any]] = []
    order = sorted(bands, key=lambda c: (c == FAINT, c))
    for colour in order:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": bands[colour]["x"],
                "y": bands[colour]["y"],
                "line": {"color": colour[0], "width": 9},
                "opacity": 0.35,
                "hoverinfo": "skip",
            }
        )
    trace_of: dict[Colour, int] = {}
    for colour in order:
        mark = marks[colour]
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
    highest = max(c.high or 0 for w in weapons for c in _numeric(w.range))
    lowest = min(c.low or 0 for w in weapons for c in _numeric(w.range))
    x_range = [math.log10(lowest / 1.8), math.log10(highest * 3.2)]
    ticks = [
        v for v in (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000) if lowest / 1.8 <= v <= highest * 3.2
    ]
    height = int(70 + 30 * len(rows) + 18 * len(weapons))
    layout = _base_layout(height)
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
        "tickvals": tick_y,
        "ticktext": tick_text,
        "range": [y - 0.7 + 0.1, -0.9],
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
        "automargin": True,
        "fixedrange": True,
        "tickfont": {"size": 13},
    }
    layout["margin"] = {"l": 8, "r": 12, "t": 8, "b": 48, "pad": 6}
    figure = _figure(data, layout)
    # On a phone the labels right of the marks need more room than the wide axis leaves.
    decades = [v for v in ticks if math.log10(v).is_integer()] or ticks
    narrow = {
        "margin.r": 56,
        "xaxis.range": [x_range[0], math.log10(highest * 4.5)],
        "xaxis.tickvals": decades,
        "xaxis.ticktext": [format_number(v) for v in decades],
    }
    lead, details = _describe_ranges(dataset, weapons, highlight)
    points = tuple(
        Point(trace_of[colour], index, label, url_of("weapons", weapon_id))
        for colour, index, label, weapon_id in point_refs
    )
    key = tuple(
        KeyItem(g, colours[g], "band")
        for g in groups
        if highlight is None or any(colour_of(w) != FAINT and _supplier_group(dataset, w) == g for w in weapons)
    )
    if highlight is not None:
        key += (KeyItem("Other weapons", FAINT, "band"),)
    statuses = sorted({c.status for w in weapons for c in _numeric(w.range)}, key=list(ClaimStatus).index)
    key += tuple(KeyItem(STATUS_KEYS[s], INK, STATUS_SYMBOLS[s]) for s in statuses)  # type: ignore[arg-type]
    if options.title:
        title = options.title
    elif highlight is not None:
        title = f"{dataset.weapons[highlight].name} beside the other weapons: every claim on their range"
    else:
        title = "How far each weapon reaches: every claim on its range"
    return ChartSpec(
        name="weapon-ranges",
        title=title,
        figure=figure,
        columns=_RANGE_COLUMNS,
        rows=tuple(rows),
        row_links=tuple(links),
        sources=_unique(sources),
        description=lead,
        details=details,
        key=key,
        points=points,
        note="Every published claim is drawn; where sources disagree, each claim has its own mark. A range of figures is a band.",
        narrow=narrow,
    )


def _range_hover(dataset: Dataset, weapon: Weapon, claim: Claim) -> str:
    return _hover(
        f"{weapon.name}: {format_figure(claim)}",
        claim.label or "",
        format_status(claim, dict(dataset.actors)).capitalize(),
        f"Sources: {_publishers(dataset, claim.sources)}",
    )


def _describe_ranges(dataset: Dataset, weapons: Sequence[Weapon], highlight: str | None) -> tuple[str, str]:
    """A lead (the spread, the weapons with several claims, the highlighted one) and the claims in full."""
    claims = [(w, c) for w in weapons for c in _numeric(w.range)]
    longest = max(claims, key=lambda wc: wc[1].high or 0)
    shortest = min(claims, key=lambda wc: wc[1].low or 0)
    actors = dict(dataset.actors)
    lead = (
        f"Range claims for {len(weapons)} weapon{'s' if len(weapons) != 1 else ''}, on a logarithmic scale, from "
        f"{format_figure(shortest[1])} ({shortest[0].name}) to {format_figure(longest[1])} ({longest[0].name})."
    )
    several = [w.name for w in weapons if len(_numeric(w.range)) > 1]
    if several:
        lead += f" More than one claim is drawn for {_and(several)}."
    if highlight is not None:
        weapon = dataset.weapons[highlight]
        lead += f" Highlighted: {weapon.name}, {'; '.join(format_claim(c, actors) for c in _numeric(weapon.range))}."
    parts = []
    for weapon in weapons:
        listed = "; ".join(format_claim(c, actors) for c in _numeric(weapon.range))
        count = len(_numeric(weapon.range))
        parts.append(f"{weapon.name}: {listed}." if count == 1 else f"{weapon.name}, {count} claims: {listed}.")
    return lead, " ".join(parts)


def _and(names: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# Geodesy -----------------------------------------------------------------------------------------


def geodesic_ring(lat: float, lon: float, radius_km: float, steps: int = 120) -> list[tuple[float, float]]:
    """Points `radius_km` from (lat, lon) on the WGS84 ellipsoid, all round; the first point repeats at the end."""
    return list(_ring(lat, lon, radius_km, steps))


# Geodesics are slow in pure Python, and the maps of one build ask for the same ones again and
# again (the home page and the map page draw the same rings; every layer measures from the
# same launch sites): each is worked out once. They depend on coordinates alone.
@functools.lru_cache(maxsize=1024)
def _ring(lat: float, lon: float, radius_km: float, steps: int) -> tuple[tuple[float, float], ...]:
    points = []
    for index in range(steps):
        result = _GEO.Direct(lat, lon, 360.0 * index / steps, radius_km * 1000.0)
        points.append((result["lat2"], result["lon2"]))
    return (*points, points[0])


def geodesic_path(start: tuple[float, float], end: tuple[float, float], steps: int = 48) -> list[tuple[float, float]]:
    """Points along the shortest path on the WGS84 ellipsoid from `start` to `end` (lat, lon)."""
    line = _GEO.InverseLine(start[0], start[1], end[0], end[1])
    out = []
    for index in range(steps + 1):
        point = line.Position(line.s13 * index / steps)
        out.append((point["lat2"], point["lon2"]))
    return out


def geodesic_distance_km(start: tuple[float, float], end: tuple[float, float]) -> float:
    """The distance in km from `start` to `end` (lat, lon) on the WGS84 ellipsoid."""
    return _distance_km(start, end)


@functools.lru_cache(maxsize=1 << 16)
def _distance_km(start: tuple[float, float], end: tuple[float, float]) -> float:
    return float(_GEO.Inverse(start[0], start[1], end[0], end[1])["s12"]) / 1000.0


def _latlon(place: Place) -> tuple[float, float]:
    return (place.latitude, place.longitude)


def _round(values: Iterable[float]) -> list[float]:
    return [round(v, 4) for v in values]


# Range map ---------------------------------------------------------------------------------------

_MAP_COLUMNS = (
    Column("layer", "Layer"),
    Column("name", "What"),
    Column("from", "Measured from"),
    Column("km", "Distance, km", "number"),
    Column("detail", "Detail"),
    Column("sources", "Sources", "sources"),
)
_LAUNCH_KINDS = {PlaceKind.LAUNCH_SITE, PlaceKind.TEST_RANGE}
_CITY_KINDS = {PlaceKind.CAPITAL, PlaceKind.CITY}
# Only a ballistic missile flies (nearly) straight from its launch site to its target; a
# cruise missile's route is unknown, so no line is drawn for it.
_BALLISTIC = {WeaponClass.TACTICAL_BALLISTIC_MISSILE, WeaponClass.INTERMEDIATE_RANGE_BALLISTIC_MISSILE}
_ALL_LAYERS: list[MapLayer] = ["rings", "flights", "reach", "bases", "places"]


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
    labels: list[tuple[float, float, str, str]] = field(default_factory=list)
    soft_bounds: list[tuple[float, float]] = field(default_factory=list)
    """Points worth showing that may be cut at the edge of the base map (the arc of a reach ring)."""
    reach: dict[str, tuple[Place, float]] = field(default_factory=dict)


def _flights(dataset: Dataset) -> list[_Flight]:
    """Ballistic missiles in events that name a launch site and a target: one line per target."""
    out = []
    for event in dataset.timeline():
        places = [dataset.places[p] for p in event.places]
        launches = [p for p in places if p.kind in _LAUNCH_KINDS]
        targets = [p for p in places if p.kind not in _LAUNCH_KINDS]
        if not launches or not targets:
            continue
        for weapon_id in event.weapons:
            weapon = dataset.weapons[weapon_id]
            if weapon.weapon_class in _BALLISTIC and _numeric(weapon.range):
                out += [_Flight(event, weapon, launches[0], target) for target in targets]
    return out


def _ring_weapons(dataset: Dataset, options: RangeMapOptions, flights: list[_Flight]) -> list[Weapon]:
    if options.weapons is not None:
        return [dataset.weapons[i] for i in options.weapons]
    launched = {f.weapon.id for f in flights}
    return [w for w in dataset.weapons.values() if w.id not in launched and w.weapon_class not in _NOT_MISSILES]


def _default_origin(dataset: Dataset, weapons: list[Weapon]) -> Place | None:
    """An illustrative launch point: the place of the weapons' common operator nearest to where they struck.

    A place of kind launch-site that no event names wins outright; otherwise the operator
    is the state that operates most of the weapons, the targets are the places of the
    events those weapons figure in that lie outside it, and the origin is the operator's
    place with the shortest mean distance to them.
    """
    named = {p for e in dataset.events.values() for p in e.places}
    unused = [p for p in dataset.places.values() if p.kind is PlaceKind.LAUNCH_SITE and p.id not in named]
    if unused:
        return unused[0]
    counts: dict[str, int] = {}
    for weapon in weapons:
        for operator in weapon.operators:
            counts[operator] = counts.get(operator, 0) + 1
    if not counts:
        return None
    operator = min(counts, key=lambda a: (-counts[a], a))
    ids = {w.id for w in weapons}
    targets = [
        dataset.places[p]
        for e in dataset.events.values()
        if ids & set(e.weapons)
        for p in e.places
        if dataset.places[p].country != operator
    ]
    own = [p for p in dataset.places.values() if p.country == operator]
    if not targets or not own:
        return None

    def mean_distance(place: Place) -> tuple[float, str]:
        total = sum(geodesic_distance_km(_latlon(place), _latlon(t)) for t in targets)
        return (total / len(targets), place.id)

    return min(own, key=mean_distance)


def _rings(weapons: Iterable[Weapon]) -> list[_Ring]:
    """Assessed range figures, one ring per distinct radius."""
    by_radius: dict[float, _Ring] = {}
    for weapon in weapons:
        for claim in _numeric(weapon.range):
            if claim.status is not ClaimStatus.ASSESSED:
                continue
            radius = float(claim.high or 0)
            ring = by_radius.setdefault(radius, _Ring(radius, [], []))
            if weapon not in ring.weapons:
                ring.weapons.append(weapon)
            ring.claims.append(claim)
    return [by_radius[r] for r in sorted(by_radius)]


def _lines(points: list[tuple[float, float]]) -> dict[str, list[float]]:
    return {"lat": _round(p[0] for p in points), "lon": _round(p[1] for p in points)}


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
    lat_range, lon_range = _frame(parts.bounds, parts.soft_bounds)
    if options.places is None:
        shown = [p for p in shown if _inside(p, lat_range, lon_range)]
    _draw_places(dataset, shown, parts, _Labeller(lat_range, lon_range))
    (south, north), (west, east) = _EUROPE
    europe = lon_range[0] >= west and lon_range[1] <= east and lat_range[0] >= south and lat_range[1] <= north
    layout = _base_layout(540)
    layout["margin"] = {"l": 0, "r": 0, "t": 0, "b": 0}
    layout["geo"] = {
        # The base map is served by the site: europe_50m.json, or world_110m.json beyond Europe.
        "scope": "europe" if europe else "world",
        "resolution": 50 if europe else 110,
        "projection": {
            "type": "conic equal area",
            "parallels": list(_Projection.PARALLELS),
            "rotation": {"lon": round((lon_range[0] + lon_range[1]) / 2, 2), "lat": 0, "roll": 0},
        },
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
    if options.title:
        title = options.title
    elif layers & {"flights", "reach"} and "rings" in layers:
        title = "What each missile can reach: range rings, a strike and an estimated reach"
    elif "rings" in layers:
        title = "How far Western long-range missiles reach from an illustrative launch point"
    else:
        title = "Flights, estimated reach and bases"
    return ChartSpec(
        name="range-map",
        title=title,
        figure=_figure(parts.data, layout),
        columns=_MAP_COLUMNS,
        rows=tuple(parts.rows),
        row_links=tuple(parts.links),
        sources=_unique(parts.sources),
        description=" ".join(parts.lead),
        details=" ".join(parts.sentences),
        bundle="geo",
        aspect=round(_Projection(lat_range, lon_range).aspect, 3),
        key=tuple(parts.key),
        points=tuple(parts.points),
        note="Rings are geodesic: each point of a ring lies the stated distance from its centre on the WGS84 "
        "ellipsoid. Distances to places are computed from their coordinates.",
    )


def _draw_rings(
    dataset: Dataset, options: RangeMapOptions, flights: list[_Flight], parts: _MapParts, *, labelled: bool
) -> None:
    weapons = _ring_weapons(dataset, options, flights)
    rings = _rings(weapons)
    if options.weapons is not None:
        without = [w.id for w in weapons if not any(w in r.weapons for r in rings)]
        if without:
            raise ChartError(f"no assessed range figure to draw as a ring for: {', '.join(without)}")
    if not rings:
        return
    origin = dataset.places[options.origin] if options.origin else _default_origin(dataset, weapons)
    if origin is None:
        if options.weapons is not None:
            raise ChartError("no place to draw the rings around: give `origin`")
        return
    actors = dict(dataset.actors)
    centre = _latlon(origin)
    azimuth, position = _label_bearing(dataset, origin, rings)
    # One colour per weapon (or group of weapons with the same range); a weapon's shorter rings are dashed.
    groups = _unique(" / ".join(w.name for w in r.weapons) for r in rings)
    colours = {g: RING_COLOURS[i % len(RING_COLOURS)] for i, g in enumerate(groups)}
    largest = {g: max(r.radius for r in rings if " / ".join(w.name for w in r.weapons) == g) for g in groups}
    for ring in rings:
        names = " / ".join(w.name for w in ring.weapons)
        colour = colours[names]
        dash = "solid" if ring.radius == largest[names] else "dash"
        points = geodesic_ring(centre[0], centre[1], ring.radius)
        figure_text = " / ".join(_unique(format_figure(c) for c in ring.claims))
        parts.data.append(
            {
                "type": "scattergeo",
                "mode": "lines",
                **_lines(points),
                "fill": "toself",
                "fillcolor": _alpha(colour[0], 0.06),
                "line": {"color": colour[0], "width": 2, "dash": dash},
                "hoverinfo": "text",
                "text": _hover(f"{names}: {figure_text}", f"Drawn around {origin.name}, an illustrative launch point."),
            }
        )
        if labelled:
            at = _GEO.Direct(centre[0], centre[1], azimuth, ring.radius * 1000.0)
            text = f"<b>{_plotly_text(names)}</b> {_plotly_text(format_number(ring.radius))} km"
            parts.labels.append((at["lat2"], at["lon2"], f"{names} {format_number(ring.radius)} km", position))
            parts.data.append(
                {
                    "type": "scattergeo",
                    "mode": "text",
                    "lat": [round(at["lat2"], 4)],
                    "lon": [round(at["lon2"], 4)],
                    "text": [text],
                    "textposition": position,
                    "textfont": {"color": colour[0], "size": 12},
                    "hoverinfo": "skip",
                    "meta": "label",
                }
            )
        parts.bounds += points
        for claim in ring.claims:
            weapon = next(w for w in ring.weapons if claim in w.range)
            row = (
                "Range ring",
                weapon.name,
                origin.name,
                ring.radius,
                format_claim(claim, actors),
                tuple(claim.sources),
            )
            parts.rows.append(row)
            parts.links.append(url_of("weapons", weapon.id))
            parts.sources += claim.sources
        parts.key.append(KeyItem(f"{names}: {figure_text}", colour, "line" if dash == "solid" else "dash"))
    parts.key.append(KeyItem(f"{origin.name}: illustrative launch point", INK, "circle-open"))
    parts.data.append(
        {
            "type": "scattergeo",
            "mode": "markers",
            "lat": [centre[0]],
            "lon": [centre[1]],
            "marker": {"symbol": "circle-open", "size": 15, "color": INK[0], "line": {"width": 2.5, "color": INK[0]}},
            "hoverinfo": "text",
            "text": _hover(
                f"{origin.name}: illustrative launch point",
                "The rings show how far each missile reaches from here. Actual launch positions are not known.",
            ),
        }
    )
    parts.sources += origin.sources
    listed = "; ".join(
        f"{' and '.join(w.name for w in r.weapons)} {' / '.join(_unique(format_figure(c) for c in r.claims))}"
        for r in rings
    )
    parts.lead.append(f"Range rings around {origin.name}, an illustrative launch point: {listed}.")
    parts.sentences += _ring_sentences(dataset, origin, rings)


def _label_bearing(dataset: Dataset, origin: Place, rings: list[_Ring]) -> tuple[float, str]:
    """The bearing from the origin along which ring labels sit farthest from any place, and their text position."""
    near = [
        _latlon(p)
        for p in dataset.places.values()
        if geodesic_distance_km(_latlon(origin), _latlon(p)) < rings[-1].radius * 1.5
    ]
    azimuth = _clearest(origin, rings, near)
    if 30 <= azimuth <= 150:
        return azimuth, "middle right"
    if 210 <= azimuth <= 330:
        return azimuth, "middle left"
    return azimuth, "top center" if azimuth < 90 or azimuth > 270 else "bottom center"


def _clearest(origin: Place, rings: list[_Ring], near: list[tuple[float, float]]) -> int:
    """The bearing (every 15°) whose ring label spots lie farthest from the nearest place; the lowest on a tie.

    The same answer as measuring every spot against every place on the ellipsoid, for a
    fraction of the work. Pairs are first judged on a sphere, which is quick and within 0.6 %
    of the ellipsoid: the likeliest winners and the closest pairs are measured first, a
    bearing is given up as soon as one geodesic shows it cannot beat the best so far, and
    pairs that the sphere puts well beyond the nearest one found are not measured at all.
    """
    return _clearest_at(origin.latitude, origin.longitude, tuple(r.radius for r in rings), tuple(near))


@functools.lru_cache(maxsize=64)
def _clearest_at(lat: float, lon: float, radii: tuple[float, ...], near: tuple[tuple[float, float], ...]) -> int:
    spots: dict[int, list[tuple[float, float]]] = {}
    for azimuth in range(0, 360, 15):
        points = [_GEO.Direct(lat, lon, azimuth, radius * 1000.0) for radius in radii]
        spots[azimuth] = [(p["lat2"], p["lon2"]) for p in points]
    pairs = {
        azimuth: sorted(((_sphere_km(s, p), s, p) for s in points for p in near), key=lambda item: item[0])
        for azimuth, points in spots.items()
    }
    order = sorted(spots, key=lambda a: (-(pairs[a][0][0] if pairs[a] else math.inf), a))
    best: tuple[float, int] = (-math.inf, 0)
    for azimuth in order:
        gap, beaten = math.inf, False
        for rough, spot, place in pairs[azimuth]:
            if rough * _SPHERE_LOW >= gap:
                break  # every pair left is farther on the ellipsoid than the nearest found
            gap = min(gap, geodesic_distance_km(spot, place))
            if (gap, -azimuth) < best:
                beaten = True
                break
        if not beaten:
            best = max(best, (gap, -azimuth))
    return -best[1]


_SPHERE_LOW = 0.98
"""A geodesic on WGS84 is never shorter than this share of `_sphere_km` (it is at least 0.994 of it)."""


def _sphere_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance on a sphere of the Earth's mean radius: a quick estimate of the geodesic one."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _ring_sentences(dataset: Dataset, origin: Place, rings: list[_Ring]) -> list[str]:
    others = [p for p in dataset.places.values() if p.id != origin.id and p.kind in _CITY_KINDS]
    distances = sorted((geodesic_distance_km(_latlon(origin), _latlon(p)), p.name) for p in others)
    largest = rings[-1].radius
    inside = [f"{name} ({format_number(round(d))} km)" for d, name in distances if d <= largest]
    beyond = [f"{name} ({format_number(round(d))} km)" for d, name in distances if largest < d <= largest * 2]
    out = []
    if inside:
        out.append(f"Within {format_number(largest)} km of {origin.name}: {', '.join(inside)}.")
    if beyond:
        out.append(f"Beyond every ring: {', '.join(beyond)}.")
    return out


def _draw_flights(dataset: Dataset, flights: list[_Flight], layers: set[str], parts: _MapParts) -> None:
    actors = dict(dataset.actors)
    for flight in flights:
        start, end = _latlon(flight.launch), _latlon(flight.target)
        distance = geodesic_distance_km(start, end)
        parts.bounds += [start, end]
        if "flights" in layers:
            when = format_date(flight.event.date)
            parts.data.append(
                {
                    "type": "scattergeo",
                    "mode": "lines",
                    **_lines(geodesic_path(start, end)),
                    "line": {"color": VERMILLION[0], "width": 3},
                    "hoverinfo": "text",
                    "text": _hover(
                        f"{flight.weapon.name}, {when}",
                        f"{flight.launch.name} to {flight.target.name}: {format_number(round(distance))} km, "
                        "computed from their coordinates.",
                        flight.event.title,
                    ),
                }
            )
            detail = f"to {flight.target.name}: {flight.event.title}"
            parts.rows.append(
                (
                    "Flight",
                    f"{flight.weapon.name}, {when}",
                    flight.launch.name,
                    round(distance, 1),
                    detail,
                    tuple(flight.event.sources),
                )
            )
            parts.links.append(url_of("events", flight.event.id))
            parts.sources += flight.event.sources
            parts.key.append(KeyItem(f"{flight.weapon.name} flight, {when}", VERMILLION, "line"))
            parts.lead.append(
                f"{flight.weapon.name} flight on {when} from {flight.launch.name} to {flight.target.name}: "
                f"{format_number(round(distance))} km."
            )
        if "reach" in layers and flight.weapon.id not in parts.reach:
            _draw_reach(dataset, flight, parts, actors)


def _draw_reach(dataset: Dataset, flight: _Flight, parts: _MapParts, actors: dict[str, Actor]) -> None:
    claims = _numeric(flight.weapon.range)
    radii = sorted({float(c.high or 0) for c in claims})
    centre = _latlon(flight.launch)
    parts.reach[flight.weapon.id] = (flight.launch, radii[-1])
    arc = _reach_arc(dataset, flight.launch, radii[0])
    parts.soft_bounds += arc
    for index, radius in enumerate(radii):
        ring_claims = [c for c in claims if float(c.high or 0) == radius]
        parts.data.append(
            {
                "type": "scattergeo",
                "mode": "lines",
                **_lines(geodesic_ring(centre[0], centre[1], radius, steps=180)),
                "line": {
                    "color": PURPLE[0],
                    "width": 2 if index == 0 else 1.5,
                    "dash": "dash" if index == 0 else "dot",
                },
                "hoverinfo": "text",
                "text": _hover(
                    f"{flight.weapon.name}: estimated reach {format_number(radius)} km",
                    "; ".join(format_claim(c, actors) for c in ring_claims),
                    f"Measured from {flight.launch.name}.",
                ),
            }
        )
        for claim in ring_claims:
            row = (
                "Estimated reach",
                flight.weapon.name,
                flight.launch.name,
                radius,
                format_claim(claim, actors),
                tuple(claim.sources),
            )
            parts.rows.append(row)
            parts.links.append(url_of("weapons", flight.weapon.id))
            parts.sources += claim.sources
    low, high = radii[0], radii[-1]
    spread = f"{format_number(low)} km" if low == high else f"{format_number(low)} to {format_number(high)} km"
    if arc:
        at = arc[len(arc) // 2]
        short = f"{format_number(low)}" + (f"–{format_number(high)}" if high != low else "")
        text = f"{flight.weapon.name}: estimated reach {short} km"
        parts.labels.append((at[0], at[1], text, "middle right"))
        parts.data.append(
            {
                "type": "scattergeo",
                "mode": "text",
                "lat": [round(at[0], 4)],
                "lon": [round(at[1], 4)],
                "text": [f"<b>{_plotly_text(flight.weapon.name)}</b>: estimated reach<br>{_plotly_text(short)} km"],
                "textposition": "middle right",
                "textfont": {"color": PURPLE[0], "size": 12},
                "hoverinfo": "skip",
                "meta": "label",
            }
        )
    parts.key.append(
        KeyItem(f"{flight.weapon.name}: estimated reach from {flight.launch.name}, {spread}", PURPLE, "dash")
    )
    publishers = _publishers(dataset, [s for c in claims for s in c.sources])
    parts.lead.append(
        f"Estimated reach of {flight.weapon.name} from {flight.launch.name}: {spread}. These are estimates "
        f"({', '.join(_unique(format_status(c, actors) for c in claims))}; sources: {publishers})."
    )


def _reach_arc(dataset: Dataset, launch: Place, radius: float) -> list[tuple[float, float]]:
    """The part of a reach ring that faces the capitals and bases inside it, so that the map shows where it runs."""
    targets = tuple(_latlon(p) for p in dataset.places.values() if p.kind in {PlaceKind.CAPITAL, PlaceKind.BASE})
    return list(_arc_towards(_latlon(launch), radius, targets))


@functools.lru_cache(maxsize=256)  # the home page and the map page draw the same reach
def _arc_towards(
    centre: tuple[float, float], radius: float, targets: tuple[tuple[float, float], ...]
) -> tuple[tuple[float, float], ...]:
    inside = [t for t in targets if 0 < geodesic_distance_km(centre, t) <= radius]
    if not inside:
        return ()
    bearings = [_GEO.Inverse(centre[0], centre[1], t[0], t[1])["azi1"] for t in inside]
    east = sum(math.sin(math.radians(b)) for b in bearings)
    north = sum(math.cos(math.radians(b)) for b in bearings)
    towards = math.degrees(math.atan2(east, north))
    out = []
    for step in range(-12, 13, 4):
        point = _GEO.Direct(centre[0], centre[1], towards + step, radius * 1000.0)
        out.append((point["lat2"], point["lon2"]))
    return tuple(out)


def _map_places(
    dataset: Dataset, options: RangeMapOptions, layers: set[str], flights: list[_Flight], parts: _MapParts
) -> list[Place]:
    """The places to mark; they widen the frame unless only the rings are drawn."""
    if options.places is not None:
        chosen = [dataset.places[i] for i in options.places]
        parts.bounds += [_latlon(p) for p in chosen]
        return chosen
    wide = bool(layers & {"flights", "reach", "bases"})
    kinds: set[PlaceKind] = set()
    if "places" in layers:
        kinds |= {PlaceKind.CAPITAL} if wide else _CITY_KINDS
    if "bases" in layers:
        kinds.add(PlaceKind.BASE)
    if layers & {"flights", "reach"}:
        kinds |= _LAUNCH_KINDS
    ends = {f.target.id for f in flights} if layers & {"flights", "reach"} else set()
    chosen = sorted((p for p in dataset.places.values() if p.kind in kinds or p.id in ends), key=lambda p: p.name)
    if parts.reach:
        # Places beyond every estimate stay off the map; the description names them.
        beyond = [p for p in chosen if not _within_reach(p, parts.reach)]
        if beyond:
            listed = ", ".join(f"{p.name} ({format_number(round(_nearest_reach(p, parts.reach)))} km)" for p in beyond)
            parts.sentences.append(f"Beyond the largest estimate, and left off the map: {listed}.")
        chosen = [p for p in chosen if p not in beyond]
    if wide or not parts.bounds:
        parts.bounds += [_latlon(p) for p in chosen]
    return chosen


def _within_reach(place: Place, reach: dict[str, tuple[Place, float]]) -> bool:
    return any(geodesic_distance_km(_latlon(launch), _latlon(place)) <= radius for launch, radius in reach.values())


def _nearest_reach(place: Place, reach: dict[str, tuple[Place, float]]) -> float:
    return min(geodesic_distance_km(_latlon(launch), _latlon(place)) for launch, _ in reach.values())


_EUROPE = ((30.0, 85.0), (-30.0, 60.0))
"""Latitudes and longitudes plotly.js's Europe base map covers."""


def _frame(
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


class _Projection:
    """The conic equal-area projection the map uses (as d3 draws it), fitted to the map's frame."""

    PARALLELS = (45.0, 55.0)

    def __init__(self, lat_range: list[float], lon_range: list[float]) -> None:
        self.centre = (lon_range[0] + lon_range[1]) / 2
        first, second = (math.radians(p) for p in self.PARALLELS)
        self.n = (math.sin(first) + math.sin(second)) / 2
        self.c = 1 + math.sin(first) * (2 * self.n - math.sin(first))
        self.r0 = math.sqrt(self.c) / self.n
        edge = [(lat, lon) for lat in lat_range for lon in _steps(lon_range)]
        edge += [(lat, lon) for lon in lon_range for lat in _steps(lat_range)]
        xs, ys = zip(*(self.raw(lat, lon) for lat, lon in edge), strict=True)
        self.box: tuple[float, float, float, float] = (min(xs), min(ys), max(xs), max(ys))

    def raw(self, lat: float, lon: float) -> tuple[float, float]:
        """Projected (x, y), y up, in units of the sphere's radius."""
        r = math.sqrt(max(0.0, self.c - 2 * self.n * math.sin(math.radians(lat)))) / self.n
        angle = math.radians(lon - self.centre) * self.n
        return (r * math.sin(angle), self.r0 - r * math.cos(angle))

    @property
    def aspect(self) -> float:
        """Height over width of the framed map."""
        return (self.box[3] - self.box[1]) / (self.box[2] - self.box[0])

    def pixels(self, lat: float, lon: float, width: float) -> tuple[float, float]:
        """Where a point lands on a map `width` pixels wide (y down)."""
        x, y = self.raw(lat, lon)
        scale = width / (self.box[2] - self.box[0])
        return ((x - self.box[0]) * scale, (self.box[3] - y) * scale)


def _steps(bounds: list[float], count: int = 12) -> list[float]:
    return [bounds[0] + (bounds[1] - bounds[0]) * i / count for i in range(count + 1)]


def _inside(place: Place, lat_range: list[float], lon_range: list[float]) -> bool:
    return lat_range[0] <= place.latitude <= lat_range[1] and lon_range[0] <= place.longitude <= lon_range[1]


_PLACE_STYLE: dict[PlaceKind, tuple[str, str, Colour, int]] = {
    PlaceKind.CAPITAL: ("Capital", "square", INK, 8),
    PlaceKind.CITY: ("City", "circle", INK, 7),
    PlaceKind.BASE: ("Base", "diamond", GREEN, 12),
    PlaceKind.LAUNCH_SITE: ("Launch site", "triangle-up", VERMILLION, 12),
    PlaceKind.TEST_RANGE: ("Launch site (test range)", "triangle-up", VERMILLION, 12),
}
_KEY_SHAPES: dict[str, Literal["square", "circle", "diamond"]] = {"square": "square", "diamond": "diamond"}


class _Labeller:
    """Picks a side for each place name so that names do not cover each other or the marks (roughly, in pixels)."""

    POSITIONS = ("middle right", "middle left", "top center", "bottom center")

    def __init__(self, lat_range: list[float], lon_range: list[float], width: float = 520.0) -> None:
        self.projection = _Projection(lat_range, lon_range)
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


_LABEL_ORDER = [PlaceKind.CAPITAL, PlaceKind.BASE, PlaceKind.LAUNCH_SITE, PlaceKind.TEST_RANGE, PlaceKind.CITY]


def _draw_places(dataset: Dataset, places: list[Place], parts: _MapParts, labeller: _Labeller) -> None:
    launches = {launch.id: launch for launch, _ in parts.reach.values()}
    by_kind: dict[PlaceKind, list[Place]] = {}
    for place in places:
        by_kind.setdefault(place.kind, []).append(place)
        labeller.mark(place.latitude, place.longitude)
    for lat, lon, text, position in parts.labels:
        labeller.label(lat, lon, text, position)
    sides = {
        p.id: labeller.label(p.latitude, p.longitude, p.name)
        for p in sorted(places, key=lambda p: (_LABEL_ORDER.index(p.kind), p.name))
    }
    for kind in sorted(by_kind, key=list(PlaceKind).index):
        label, symbol, colour, size = _PLACE_STYLE[kind]
        group = by_kind[kind]
        hover, details = [], []
        for place in group:
            distances = [
                f"{format_number(round(geodesic_distance_km(_latlon(launch), _latlon(place))))} km from {launch.name}"
                for launch in launches.values()
                if launch.id != place.id
            ]
            details.append("; ".join(distances))
            hover.append(_hover(place.name, *[f"{d}." for d in distances], place.note or ""))
        trace = len(parts.data)
        parts.data.append(
            {
                "type": "scattergeo",
                "mode": "markers+text",
                "lat": [p.latitude for p in group],
                "lon": [p.longitude for p in group],
                "text": [_plotly_text(p.name) for p in group],
                "textposition": [sides[p.id] for p in group],
                "textfont": {"color": INK[0] if kind in _CITY_KINDS else colour[0], "size": 12},
                "marker": {
                    "symbol": symbol,
                    "size": size,
                    "color": colour[0],
                    "line": {"width": 1, "color": ON_MARK[0]},
                },
                "hovertext": hover,
                "hoverinfo": "text",
            }
        )
        parts.key.append(KeyItem(label, colour, _KEY_SHAPES.get(symbol, "circle")))
        for index, place in enumerate(group):
            parts.points.append(Point(trace, index, f"{place.name} ({label.lower()})", url_of("places", place.id)))
            coordinates = f"{place.latitude:.4f}, {place.longitude:.4f}"
            parts.rows.append((label, place.name, None, None, details[index] or coordinates, tuple(place.sources)))
            parts.links.append(url_of("places", place.id))
            parts.sources += place.sources
    bases = [p.name for p in places if p.kind is PlaceKind.BASE]
    if bases:
        parts.sentences.append(f"Bases marked: {', '.join(bases)}.")
    for weapon_id, (launch, _largest) in parts.reach.items():
        lowest = min(float(c.high or 0) for c in _numeric(dataset.weapons[weapon_id].range))
        near = sorted(
            (geodesic_distance_km(_latlon(launch), _latlon(p)), p.name)
            for p in places
            if p.kind in _CITY_KINDS | {PlaceKind.BASE} and p.id != launch.id
        )
        if near:
            listed = ", ".join(f"{name} {format_number(round(km))} km" for km, name in near)
            inside = "all within" if near[-1][0] <= lowest else "compared with"
            parts.sentences.append(
                f"Distances from {launch.name} ({inside} the lowest estimate, {format_number(lowest)} km): {listed}."
            )


def _alpha(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


# Positions matrix --------------------------------------------------------------------------------

_MATRIX_COLUMNS = (
    Column("actor", "Actor"),
    Column("topic", "Question"),
    Column("stance", "Stance"),
    Column("as_of", "As of", "date"),
    Column("summary", "Statement"),
    Column("quote", "Quote"),
    Column("sources", "Sources", "sources"),
)


def _matrix_axes(dataset: Dataset, options: PositionsMatrixOptions) -> tuple[list[Actor], list[Topic]]:
    if options.topics is not None:
        topics = [dataset.topics[t] for t in options.topics]
    else:
        with_positions = {p.topic for p in dataset.positions.values()}
        topics = sorted((t for t in dataset.topics.values() if t.id in with_positions), key=lambda t: (t.order, t.id))
    if options.actors is not None:
        actors = [dataset.actors[a] for a in options.actors]
    else:
        topic_ids = {t.id for t in topics}
        ids = {p.actor for p in dataset.positions.values() if p.topic in topic_ids}
        kinds = list(ActorKind)
        actors = sorted((dataset.actors[a] for a in ids), key=lambda a: (kinds.index(a.kind), a.name))
    if not actors or not topics:
        raise NothingToDraw("no position recorded yet")
    return actors, topics


def build_positions_matrix(dataset: Dataset, options: PositionsMatrixOptions) -> ChartSpec:
    """Actor by topic: each stance as a coloured shape with its mark; hover or focus shows the statement."""
    actors, topics = _matrix_axes(dataset, options)
    cells: dict[Stance | None, dict[str, list[Any]]] = {}
    refs: list[tuple[Stance | None, int, str, str | None]] = []
    rows: list[tuple[Cell, ...]] = []
    links: list[str | None] = []
    sources: list[str] = []
    for y, actor in enumerate(actors):
        for x, topic in enumerate(topics):
            position = dataset.position(actor.id, topic.id)
            stance = position.stance if position else None
            cell = cells.setdefault(stance, {"x": [], "y": [], "hover": []})
            if position is None:
                cell["hover"].append(_hover(f"{actor.name}: {topic.short}", "No sourced stance."))
            else:
                cell["hover"].append(_position_hover(dataset, actor, topic, position))
                label = f"{actor.name} on {topic.short}: {STANCE_LABELS[position.stance]}"
                refs.append((stance, len(cell["x"]), label, url_of("positions", position.id)))
                rows.append(
                    (
                        actor.name,
                        topic.short,
                        STANCE_LABELS[position.stance],
                        position.as_of,
                        position.summary,
                        position.quote,
                        tuple(position.sources),
                    )
                )
                links.append(url_of("positions", position.id))
                sources += position.sources
            cell["x"].append(x)
            cell["y"].append(y)
    data: list[dict[str, Any]] = []
    trace_of: dict[Stance | None, int] = {}
    order: list[Stance | None] = [None, *[s for s in Stance if s in cells]]
    for stance in order:
        if stance not in cells:
            continue
        cell = cells[stance]
        trace_of[stance] = len(data)
        if stance is None:
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": cell["x"],
                    "y": cell["y"],
                    "marker": {
                        "symbol": "line-ew",
                        "size": 14,
                        "line": {"width": 2, "color": FAINT[0]},
                        "color": FAINT[0],
                    },
                    "hovertext": cell["hover"],
                    "hoverinfo": "text",
                }
            )
            continue
        colour = STANCE_COLOURS[stance]
        data.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": cell["x"],
                "y": cell["y"],
                "text": [STANCE_MARKS[stance]] * len(cell["x"]),
                "textposition": "middle center",
                "textfont": {"color": STANCE_MARK_INK[stance][0], "size": 15},
                "marker": {
                    "symbol": STANCE_SYMBOLS[stance],
                    "size": 30,
                    "color": colour[0],
                    "line": {"width": 2 if stance is Stance.UNKNOWN else 0, "color": colour[0]},
                },
                "hovertext": cell["hover"],
                "hoverinfo": "text",
                "cliponaxis": False,
            }
        )
    height = int(110 + 40 * len(actors))
    layout = _base_layout(height)
    layout["xaxis"] = {
        "tickvals": list(range(len(topics))),
        "ticktext": [_wrap(t.short, 14) for t in topics],
        "side": "top",
        "range": [-0.6, len(topics) - 0.4],
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
        "fixedrange": True,
        "tickfont": {"size": 12},
    }
    layout["yaxis"] = {
        "tickvals": list(range(len(actors))),
        "ticktext": [_tick_label(a.name) for a in actors],
        "range": [len(actors) - 0.5, -0.6],
        "showgrid": True,
        "gridcolor": GRID[0],
        "zeroline": False,
        "ticks": "",
        "automargin": True,
        "fixedrange": True,
    }
    layout["margin"] = {"l": 8, "r": 12, "t": 70, "b": 8, "pad": 6}
    points = tuple(Point(trace_of[stance], index, label, url) for stance, index, label, url in refs)
    lead, details = _describe_matrix(dataset, actors, topics)
    key = tuple(
        KeyItem(STANCE_LABELS[s], STANCE_COLOURS[s], STANCE_SYMBOLS[s], STANCE_MARKS[s])  # type: ignore[arg-type]
        for s in Stance
        if s in cells
    )
    if None in cells:
        key += (KeyItem("No sourced stance", FAINT, "dash"),)
    return ChartSpec(
        name="positions-matrix",
        title=options.title or "Who stands where",
        figure=_figure(data, layout),
        columns=_MATRIX_COLUMNS,
        rows=tuple(rows),
        row_links=tuple(links),
        sources=_unique(sources),
        description=lead,
        details=details,
        key=key,
        points=points,
        note="Each stance is shown by a shape and a mark as well as a colour. Hover, tap or focus a mark for the statement.",
    )


def _position_hover(dataset: Dataset, actor: Actor, topic: Topic, position: Position) -> str:
    quote = f"“{position.quote}”" + (f" ({position.quote_by})" if position.quote_by else "") if position.quote else ""
    return _hover(
        f"{actor.name}: {STANCE_LABELS[position.stance]} {STANCE_MARKS[position.stance]}",
        f"{topic.short}, as of {format_date(position.as_of)}",
        quote or position.summary,
        f"Sources: {_publishers(dataset, position.sources)}",
    )


def _describe_matrix(dataset: Dataset, actors: list[Actor], topics: list[Topic]) -> tuple[str, str]:
    """A lead (how many stances, how they split) and, question by question, who stands where."""
    counts: dict[Stance, int] = {}
    parts = []
    for topic in topics:
        groups: dict[Stance, list[str]] = {}
        for actor in actors:
            position = dataset.position(actor.id, topic.id)
            if position is not None:
                groups.setdefault(position.stance, []).append(actor.name)
                counts[position.stance] = counts.get(position.stance, 0) + 1
        listed = "; ".join(f"{STANCE_LABELS[s].lower()}: {_and(groups[s])}" for s in Stance if s in groups)
        parts.append(f"{topic.question} {listed or 'no sourced stance'}.")
    total = sum(counts.values())
    split = ", ".join(f"{counts[s]} {STANCE_LABELS[s].lower()}" for s in Stance if s in counts)
    lead = (
        f"{total} sourced stance{'s' if total != 1 else ''} of {len(actors)} actor{'s' if len(actors) != 1 else ''} "
        f"on {len(topics)} question{'s' if len(topics) != 1 else ''}: {split}."
    )
    return lead, " ".join(parts)


# Timeline ----------------------------------------------------------------------------------------

_TIMELINE_COLUMNS = (
    Column("date", "Date", "date"),
    Column("event", "Event"),
    Column("group", "Row"),
    Column("actors", "Actors"),
    Column("weapons", "Weapons"),
    Column("places", "Places"),
    Column("sources", "Sources", "sources"),
)


def _plot_date(value: str) -> str:
    """A partial date as a point on the axis: the middle of its month or year."""
    if len(value) == 7:
        return f"{value}-15"
    if len(value) == 4:
        return f"{value}-07-01"
    return value


def _group_of(dataset: Dataset, event: Event, by: str) -> str:
    if not event.actors:
        return "Other"
    actor = dataset.actors[event.actors[0]]
    if by == "country" and actor.kind is ActorKind.PERSON and actor.affiliation:
        return dataset.actors[actor.affiliation].name
    return actor.name


def _events(dataset: Dataset, options: TimelineOptions) -> list[Event]:
    def keep(event: Event) -> bool:
        if options.actors is not None and not set(options.actors) & set(event.actors):
            return False
        if options.weapons is not None and not set(options.weapons) & set(event.weapons):
            return False
        if options.start is not None and event.date[: len(options.start)] < options.start:
            return False
        return options.end is None or event.date[: len(options.end)] <= options.end

    events = dataset.timeline(keep)
    if not events:
        raise NothingToDraw("no event matches")
    if options.window == "busiest":
        events = _busiest(events)
    return events


BUSIEST_DAYS = 92
"""The length of the `busiest` window: about three months."""


def _busiest(events: list[Event]) -> list[Event]:
    """The events of the stretch of `BUSIEST_DAYS` that holds the most (the latest such stretch on a tie)."""
    days = [date.fromisoformat(_plot_date(e.date)) for e in events]
    best = max(
        range(len(days)),
        key=lambda i: (sum(1 for d in days if days[i] <= d <= days[i] + timedelta(days=BUSIEST_DAYS)), days[i]),
    )
    last = days[best] + timedelta(days=BUSIEST_DAYS)
    return [e for e, d in zip(events, days, strict=True) if days[best] <= d <= last]


def build_timeline(dataset: Dataset, options: TimelineOptions) -> ChartSpec:
    """Events on a date axis, one row per country (or actor); each mark links to the event."""
    events = _events(dataset, options)
    groups = _unique(_group_of(dataset, e, options.group) for e in events)
    stacks: dict[tuple[str, str], int] = {}
    traces: dict[str, dict[str, list[Any]]] = {}
    refs: list[tuple[str, int, str, str]] = []
    rows: list[tuple[Cell, ...]] = []
    links: list[str | None] = []
    sources: list[str] = []
    for event in events:
        group = _group_of(dataset, event, options.group)
        row = groups.index(group)
        level = stacks.get((group, event.date), 0)
        stacks[(group, event.date)] = level + 1
        trace = traces.setdefault(group, {"x": [], "y": [], "hover": []})
        names = [dataset.actors[a].name for a in event.actors]
        weapons = [dataset.weapons[w].name for w in event.weapons]
        places = [dataset.places[p].name for p in event.places]
        refs.append((group, len(trace["x"]), f"{format_date(event.date)}: {event.title}", url_of("events", event.id)))
        trace["x"].append(_plot_date(event.date))
        trace["y"].append(round(row - 0.22 * level, 2))
        trace["hover"].append(
            _hover(
                format_date(event.date),
                event.title,
                ", ".join(names + weapons + places),
                f"Sources: {_publishers(dataset, event.sources)}",
            )
        )
        rows.append(
            (
                event.date,
                event.title,
                group,
                ", ".join(names),
                ", ".join(weapons),
                ", ".join(places),
                tuple(event.sources),
            )
        )
        links.append(url_of("events", event.id))
        sources += event.sources
    data: list[dict[str, Any]] = []
    trace_of: dict[str, int] = {}
    for group in groups:
        # One colour for every mark: the row already says whose event it is.
        trace_of[group] = len(data)
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": traces[group]["x"],
                "y": traces[group]["y"],
                "marker": {"size": 12, "color": BLUE[0], "line": {"width": 1.5, "color": ON_MARK[0]}},
                "hovertext": traces[group]["hover"],
                "hoverinfo": "text",
                "cliponaxis": False,
            }
        )
    dates = sorted({date.fromisoformat(_plot_date(e.date)) for e in events})
    breaks, pad = _date_breaks(dates)
    height = int(90 + 44 * len(groups))
    layout = _base_layout(height)
    layout["xaxis"] = {
        "type": "date",
        "gridcolor": GRID[0],
        "zeroline": False,
        "showline": True,
        "linecolor": MUTED[0],
        "tickfont": {"color": MUTED[0], "size": 12},
        "fixedrange": True,
        "range": [(dates[0] - pad).isoformat(), (dates[-1] + pad).isoformat()],
        "rangebreaks": [{"bounds": [start.isoformat(), end.isoformat()]} for start, end in breaks],
        "nticks": 8,
    }
    # A dashed line where the axis skips a stretch with no event.
    layout["shapes"] = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": start.isoformat(),
            "x1": start.isoformat(),
            "y0": 0,
            "y1": 1,
            "line": {"color": MUTED[0], "width": 1, "dash": "dot"},
        }
        for start, _end in breaks
    ]
    layout["yaxis"] = {
        "tickvals": list(range(len(groups))),
        "ticktext": [_tick_label(g) for g in groups],
        "range": [len(groups) - 0.4, -0.7],
        "showgrid": True,
        "gridcolor": GRID[0],
        "zeroline": False,
        "ticks": "",
        "automargin": True,
        "fixedrange": True,
    }
    layout["margin"] = {"l": 8, "r": 16, "t": 8, "b": 36, "pad": 6}
    skipped = "; ".join(f"{format_date(a.isoformat())} to {format_date(b.isoformat())}" for a, b in breaks)
    note = (
        "Each mark is an event, in the row of its first actor"
        + ("'s country" if options.group == "country" else "")
        + ". Events known only to the month are drawn mid-month."
    )
    if breaks:
        note += f" The date axis skips stretches with no event (dotted lines): {skipped}."
    return ChartSpec(
        name="timeline",
        title=options.title or _timeline_title(events, options),
        figure=_figure(data, layout),
        columns=_TIMELINE_COLUMNS,
        rows=tuple(rows),
        row_links=tuple(links),
        sources=_unique(sources),
        description=_describe_timeline(events, groups, rows),
        points=tuple(Point(trace_of[g], index, label, url) for g, index, label, url in refs),
        note=note,
    )


def _timeline_title(events: list[Event], options: TimelineOptions) -> str:
    first, last = format_date(events[0].date), format_date(events[-1].date)
    if options.window == "busiest":
        return f"The busiest weeks, {first} to {last}, day by day"
    return f"Every event, {first[-4:]} to {last[-4:]}" if first[-4:] != last[-4:] else f"Every event of {first[-4:]}"


def _date_breaks(dates: list[date]) -> tuple[list[tuple[date, date]], timedelta]:
    """Stretches of the axis with no event, long enough to skip; and the margin kept around each event."""
    span = (dates[-1] - dates[0]).days
    gap = max(45, span // 40)
    pad = timedelta(days=max(4, min(gap // 4, 12)))
    breaks = [(a + pad, b - pad) for a, b in pairwise(dates) if (b - a).days > gap]
    return breaks, pad


def _describe_timeline(events: list[Event], groups: tuple[str, ...], rows: list[tuple[Cell, ...]]) -> str:
    counts = {g: sum(1 for r in rows if r[2] == g) for g in groups}
    months: dict[str, int] = {}
    for event in events:
        months[event.date[:7]] = months.get(event.date[:7], 0) + 1
    busiest = max(sorted(months), key=lambda m: months[m])
    listed = ", ".join(f"{g} ({n})" for g, n in counts.items())
    span = f"from {format_date(events[0].date)} to {format_date(events[-1].date)}"
    plural = "s" if len(events) != 1 else ""
    text = f"{len(events)} event{plural} {span}, in {len(groups)} row{'s' if len(groups) != 1 else ''}: {listed}."
    if len(events) > 1:
        count = months[busiest]
        text += f" The busiest month was {format_date(busiest)}, with {count} event{'s' if count != 1 else ''}."
    return text


# The registry ------------------------------------------------------------------------------------

CHARTS: dict[str, ChartType] = {
    chart.name: chart
    for chart in (
        ChartType(
            "weapon-ranges", WeaponRangesOptions, build_weapon_ranges, "basic", "Every range claim of each weapon."
        ),
        ChartType("range-map", RangeMapOptions, build_range_map, "geo", "Range rings, flights and reach on a map."),
        ChartType(
            "positions-matrix", PositionsMatrixOptions, build_positions_matrix, "basic", "Actor by topic stances."
        ),
        ChartType("timeline", TimelineOptions, build_timeline, "basic", "Events on a date axis."),
    )
}
"""Every chart an author can place with a `chart` fence, by name."""
