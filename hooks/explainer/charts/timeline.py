"""The `timeline` chart: events on a date axis, one row per country (or actor), each mark linking to its event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import ConfigDict, Field

from explainer.charts.figures import base_layout, hover, plain_figure, row_axis
from explainer.charts.options import ChartOptions, Id
from explainer.charts.palette import BLUE, GRID, MUTED, ON_MARK
from explainer.charts.records import publishers, unique
from explainer.charts.spec import ChartSpec, Column, NothingToDraw, Point
from explainer.formatting import format_date
from explainer.schema import ActorKind, PartialDate
from explainer.urls import url_of

if TYPE_CHECKING:
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

    stacks: dict[tuple[str, str], int] = field(default_factory=dict)
    traces: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    refs: list[tuple[str, int, str, str]] = field(default_factory=list)
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def build_timeline(dataset: Dataset, options: TimelineOptions) -> ChartSpec:
    """Events on a date axis, one row per country (or actor); each mark links to the event."""
    events = _resolve_events(dataset, options)
    groups = unique(_group_of(dataset, e, options.group) for e in events)
    marks = _Marks()
    for event in events:
        _place_event(dataset, marks, event, _group_of(dataset, event, options.group), groups)
    data: list[dict[str, Any]] = []
    trace_of: dict[str, int] = {}
    for group in groups:
        trace_of[group] = len(data)
        data.append(_trace(marks.traces[group]))
    dates = sorted({date.fromisoformat(_plot_date(e.date)) for e in events})
    breaks, pad = _date_breaks(dates)
    return ChartSpec(
        name="timeline",
        title=options.title or _timeline_title(events, options),
        figure=plain_figure(data, _layout(groups, dates, breaks, pad)),
        columns=_COLUMNS,
        rows=tuple(marks.rows),
        row_links=tuple(marks.links),
        sources=unique(marks.sources),
        description=_describe_timeline(events, groups, marks.rows),
        points=tuple(Point(trace_of[g], index, label, url) for g, index, label, url in marks.refs),
        note=_note(options, breaks),
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
    trace = marks.traces.setdefault(group, {"x": [], "y": [], "hover": []})
    names = [dataset.actors[a].name for a in event.actors]
    weapons = [dataset.weapons[w].name for w in event.weapons]
    places = [dataset.places[p].name for p in event.places]
    marks.refs.append((group, len(trace["x"]), f"{format_date(event.date)}: {event.title}", url_of("events", event.id)))
    trace["x"].append(_plot_date(event.date))
    trace["y"].append(round(groups.index(group) - 0.22 * level, 2))
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


def _trace(trace: dict[str, list[Any]]) -> dict[str, Any]:
    # One colour for every mark: the row already says whose event it is.
    return {
        "type": "scatter",
        "mode": "markers",
        "x": trace["x"],
        "y": trace["y"],
        "marker": {"size": 12, "color": BLUE[0], "line": {"width": 1.5, "color": ON_MARK[0]}},
        "hovertext": trace["hover"],
        "hoverinfo": "text",
        "cliponaxis": False,
    }


def _layout(
    groups: tuple[str, ...], dates: list[date], breaks: list[tuple[date, date]], pad: timedelta
) -> dict[str, Any]:
    """A date axis that skips the long stretches with no event (a dotted line marks each), a row per group."""
    layout = base_layout(int(90 + 44 * len(groups)))
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
    layout["yaxis"] = row_axis(groups, [len(groups) - 0.4, -0.7])
    layout["margin"] = {"l": 8, "r": 16, "t": 8, "b": 36, "pad": 6}
    return layout


def _note(options: TimelineOptions, breaks: list[tuple[date, date]]) -> str:
    note = (
        "Each mark is an event, in the row of its first actor"
        + ("'s country" if options.group == "country" else "")
        + ". Events known only to the month are drawn mid-month."
    )
    if breaks:
        skipped = "; ".join(f"{format_date(a.isoformat())} to {format_date(b.isoformat())}" for a, b in breaks)
        note += f" The date axis skips stretches with no event (dotted lines): {skipped}."
    return note


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
