"""The `timeline` chart: events on a date axis, one row per country (or actor), each mark linking to its event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import ConfigDict, Field

from explainer.charts.dateaxis import TICK_FONT, DateAxis, build_date_axis
from explainer.charts.figures import base_layout, hover, plain_figure, plotly_text, row_axis, tick_label
from explainer.charts.labels import NARROW_BOX, WIDE_BOX, place_in_lanes, text_width
from explainer.charts.options import ChartOptions, Id
from explainer.charts.palette import GRID, INK, MUTED, ON_MARK, weapon_colours
from explainer.charts.records import and_list, publishers, unique
from explainer.charts.spec import ChartSpec, Column, KeyItem, NothingToDraw, Point, merge
from explainer.formatting import format_date
from explainer.schema import ActorKind, PartialDate
from explainer.urls import url_of

if TYPE_CHECKING:
    from explainer.charts.palette import Colour
    from explainer.charts.spec import Cell
    from explainer.dataset import Dataset
    from explainer.schema import Event

__all__ = ["TimelineOptions", "build_timeline"]


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


_COLUMNS = (
    Column("date", "Date", "date"),
    Column("event", "Event"),
    Column("group", "Row"),
    Column("actors", "Actors"),
    Column("weapons", "Weapons"),
    Column("places", "Places"),
    Column("sources", "Sources", "sources"),
)

BUSIEST_DAYS = 92
"""The length of the `busiest` window: about three months."""


@dataclass
class _Marks:
    """The events placed row by row (stacked where a row has several on one date), and the table beside them."""

    colours: dict[str, Colour]
    labelled: list[tuple[date, float, str]] = field(default_factory=list)
    """Key events: where each mark stands (day, row) and its label."""
    stacks: dict[tuple[str, str], int] = field(default_factory=dict)
    traces: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    refs: list[tuple[str, int, str, str]] = field(default_factory=list)
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def build_timeline(dataset: Dataset, options: TimelineOptions) -> ChartSpec:
    """Events on a date axis, one row per country (or actor), coloured by weapon; key events labelled; each links."""
    events = _resolve_events(dataset, options)
    groups = unique(_group_of(dataset, e, options.group) for e in events)
    days = [date.fromisoformat(_plot_date(e.date)) for e in events]
    gap, pad = _gap_and_pad(sorted(days))
    plots = _plot_widths(groups)
    axes = {narrow: build_date_axis(sorted(days), gap, pad, plots[narrow]) for narrow in (False, True)}
    marks = _Marks(colours=weapon_colours(dataset))
    for event in events:
        _place_event(dataset, marks, event, _group_of(dataset, event, options.group), groups)
    data: list[dict[str, Any]] = []
    trace_of: dict[str, int] = {}
    for group in groups:
        trace_of[group] = len(data)
        data.append(_trace(marks.traces[group], axes[False]))
    layout, narrow = _layouts(groups, axes, marks, plots)
    return ChartSpec(
        name="timeline",
        title=options.title or _timeline_title(events, options),
        figure=plain_figure(data, layout),
        columns=_COLUMNS,
        rows=tuple(marks.rows),
        row_links=tuple(marks.links),
        sources=unique(marks.sources),
        description=_describe_timeline(events, groups, marks.rows),
        points=tuple(Point(trace_of[g], index, label, url) for g, index, label, url in marks.refs),
        note=_note(options, axes[False]),
        key=_key(dataset, events, marks.colours),
        narrow=narrow,
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


def _resolve_events(dataset: Dataset, options: TimelineOptions) -> list[Event]:
    """The events the options keep, in date order (only the busiest stretch for `window: busiest`)."""

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


def _busiest(events: list[Event]) -> list[Event]:
    """The events of the stretch of `BUSIEST_DAYS` that holds the most (the latest such stretch on a tie)."""
    days = [date.fromisoformat(_plot_date(e.date)) for e in events]
    best = max(
        range(len(days)),
        key=lambda i: (sum(1 for d in days if days[i] <= d <= days[i] + timedelta(days=BUSIEST_DAYS)), days[i]),
    )
    last = days[best] + timedelta(days=BUSIEST_DAYS)
    return [e for e, d in zip(events, days, strict=True) if days[best] <= d <= last]


def _place_event(dataset: Dataset, marks: _Marks, event: Event, group: str, groups: tuple[str, ...]) -> None:
    """The event's mark in its row (a little higher for each earlier event there on the same date), and its row."""
    level = marks.stacks.get((group, event.date), 0)
    marks.stacks[(group, event.date)] = level + 1
    trace = marks.traces.setdefault(group, {"day": [], "y": [], "hover": [], "colour": [], "symbol": []})
    names = [dataset.actors[a].name for a in event.actors]
    weapons = [dataset.weapons[w].name for w in event.weapons]
    places = [dataset.places[p].name for p in event.places]
    marks.refs.append(
        (group, len(trace["day"]), f"{format_date(event.date)}: {event.title}", url_of("events", event.id))
    )
    day = date.fromisoformat(_plot_date(event.date))
    y = round(groups.index(group) - 0.22 * level, 2)
    trace["day"].append(day)
    trace["y"].append(y)
    trace["colour"].append(_colour_of(event, marks.colours)[0])
    trace["symbol"].append("diamond" if event.weapons else "circle")
    if event.chart_label:
        marks.labelled.append((day, y, event.chart_label))
    trace["hover"].append(
        hover(
            format_date(event.date),
            event.title,
            ", ".join(names + weapons + places),
            f"Sources: {publishers(dataset, event.sources)}",
        )
    )
    involved = (", ".join(names), ", ".join(weapons), ", ".join(places))
    marks.rows.append((event.date, event.title, group, *involved, tuple(event.sources)))
    marks.links.append(url_of("events", event.id))
    marks.sources += event.sources


def _colour_of(event: Event, colours: dict[str, Colour]) -> Colour:
    """An event's colour: its first weapon's (the colour that weapon has in every chart), else a neutral grey."""
    return colours[event.weapons[0]] if event.weapons else MUTED


def _trace(trace: dict[str, list[Any]], axis: DateAxis) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "markers",
        "x": [axis.x(day) for day in trace["day"]],
        "y": trace["y"],
        "marker": {
            "size": 12,
            "color": trace["colour"],
            "symbol": trace["symbol"],
            "line": {"width": 1.5, "color": ON_MARK[0]},
        },
        "hovertext": trace["hover"],
        "hoverinfo": "text",
        "cliponaxis": False,
    }


def _key(dataset: Dataset, events: list[Event], colours: dict[str, Colour]) -> tuple[KeyItem, ...]:
    """A key entry per colour drawn: the weapons of that colour in these events, then the events without one."""
    named: dict[Colour, list[str]] = {}
    for event in events:
        for weapon_id in event.weapons[:1]:
            names = named.setdefault(colours[weapon_id], [])
            if dataset.weapons[weapon_id].name not in names:
                names.append(dataset.weapons[weapon_id].name)
    key = [KeyItem(and_list(sorted(names)), colour, "diamond") for colour, names in named.items()]
    key.sort(key=lambda item: item.label)
    if any(not e.weapons for e in events):
        key.append(KeyItem("Other events", MUTED, "circle"))
    return tuple(key)


ROW_PX = 44
"""Pixels per row of events."""
LANE_PX = 22
"""Pixels per lane of key-event labels above the rows."""
LABEL_FONT = 12


def _plot_widths(groups: tuple[str, ...]) -> dict[bool, float]:
    """The narrowest plot, in pixels, of the phone layout (True: row names above the rows) and the wide one."""
    names = max(text_width(tick_label(g), 13) for g in groups) + 6
    return {True: NARROW_BOX - 8 - 16, False: WIDE_BOX - names - 8 - 16}


def _layouts(
    groups: tuple[str, ...], axes: dict[bool, DateAxis], marks: _Marks, plots: dict[bool, float]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The wide layout, and the changes for a phone: its own axis (marks move), ticks, labels and height."""
    layout = base_layout(0)
    layout["xaxis"] = {
        "type": "linear",
        "range": [-0.03, 1.03],
        "tickangle": 0,
        "ticklabeloverflow": "allow",
        "gridcolor": GRID[0],
        "zeroline": False,
        "showline": True,
        "linecolor": MUTED[0],
        "tickfont": {"color": MUTED[0], "size": TICK_FONT},
        "automargin": True,
        "fixedrange": True,
    }
    layout["margin"] = {"l": 8, "r": 16, "t": 8, "b": 8, "pad": 6}
    layout = merge(layout, _variant(groups, axes[False], marks.labelled, plots[False]))
    phone = _variant(groups, axes[True], marks.labelled, plots[True], names_above=True)
    moved = {str(i): {"x": [axes[True].x(day) for day in marks.traces[g]["day"]]} for i, g in enumerate(groups)}
    return layout, {"layout": {"font": {"size": 12}, **phone}, "data": moved}


def _variant(
    groups: tuple[str, ...],
    axis: DateAxis,
    labelled: list[tuple[date, float, str]],
    plot: float,
    *,
    names_above: bool = False,
) -> dict[str, Any]:
    """What a layout of a given plot width sets: ticks that fit, key labels in lanes that fit, the height.

    With `names_above` (a phone) the row names stand above each row, left, and the plot takes the whole width.
    """
    ticks = axis.ticks(plot)
    annotations, leaders, lanes = _labels([(axis.x(day), y, text) for day, y, text in labelled], plot)
    top = -0.7 - lanes * LANE_PX / ROW_PX
    yaxis = row_axis(groups, [len(groups) - 0.4, round(top, 3)])
    if names_above:
        yaxis["showticklabels"] = False
        annotations = [_row_name(n, name) for n, name in enumerate(groups)] + annotations
    return {
        "height": int(64 + ROW_PX * (len(groups) + 0.3) + LANE_PX * lanes),
        "xaxis": {"tickvals": [t.x for t in ticks], "ticktext": [t.text for t in ticks]},
        "yaxis": yaxis,
        "annotations": annotations,
        "shapes": [_cut_line(x) for _a, _b, x in axis.cuts] + leaders,
    }


def _row_name(row: int, name: str) -> dict[str, Any]:
    """A row's name above its line, at the left edge (a phone has no room for names beside the rows)."""
    return {
        "x": 0,
        "y": row - 0.5,
        "xref": "paper",
        "yref": "y",
        "text": tick_label(name),
        "showarrow": False,
        "xanchor": "left",
        "yanchor": "middle",
        "font": {"size": LABEL_FONT, "color": MUTED[0]},
    }


def _labels(labelled: list[tuple[float, float, str]], plot: float) -> tuple[list[Any], list[Any], int]:
    """Key events' labels in lanes above the rows, each joined to its mark by a thin line; and how many lanes."""
    anchors = [(x * plot, text_width(text, LABEL_FONT) + 4) for x, _y, text in labelled]
    placed = place_in_lanes(anchors, plot)
    annotations, leaders = [], []
    for (x, y, text), spot in zip(labelled, placed, strict=True):
        lane_y = round(-0.7 - (spot.lane + 0.5) * LANE_PX / ROW_PX, 3)
        annotations.append(
            {
                "x": x,
                "y": lane_y,
                "xref": "x",
                "yref": "y",
                "text": plotly_text(text),
                "showarrow": False,
                "xanchor": spot.anchor,
                "yanchor": "middle",
                "xshift": 2 if spot.anchor == "left" else -2,
                "font": {"size": LABEL_FONT, "color": INK[0]},
            }
        )
        leaders.append(_line(x, y - 0.2, lane_y + 0.22, dash="solid"))
    return annotations, leaders, 1 + max((p.lane for p in placed), default=-1)


def _cut_line(x: float) -> dict[str, Any]:
    line = _line(x, 0, 1, dash="dot")
    line["yref"] = "paper"
    return line


def _line(x: float, y0: float, y1: float, *, dash: str) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "x",
        "yref": "y",
        "x0": x,
        "x1": x,
        "y0": y0,
        "y1": y1,
        "line": {"color": MUTED[0], "width": 1, "dash": dash},
        "layer": "below",
    }


def _note(options: TimelineOptions, axis: DateAxis) -> str:
    note = (
        "Each mark is an event, in the row of its first actor"
        + ("'s country" if options.group == "country" else "")
        + ", in the colour of the weapon it involves (a diamond), grey without one. "
        "Events known only to the month are drawn mid-month."
    )
    if axis.cuts:
        skipped = "; ".join(f"{format_date(a.isoformat())} to {format_date(b.isoformat())}" for a, b, _x in axis.cuts)
        note += (
            f" The date axis skips stretches with no event (dotted lines): {skipped}; each stretch kept is as wide "
            "as its events need, so distances compare days only within a stretch."
        )
    return note


def _timeline_title(events: list[Event], options: TimelineOptions) -> str:
    first, last = format_date(events[0].date), format_date(events[-1].date)
    if options.window == "busiest":
        return f"The busiest weeks, {first} to {last}, day by day"
    return f"Every event, {first[-4:]} to {last[-4:]}" if first[-4:] != last[-4:] else f"Every event of {first[-4:]}"


def _gap_and_pad(dates: list[date]) -> tuple[int, timedelta]:
    """The gap between two events, in days, long enough to cut; and the margin kept around each event."""
    span = (dates[-1] - dates[0]).days
    gap = max(45, span // 20)
    return gap, timedelta(days=max(4, min(gap // 4, 12)))


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
