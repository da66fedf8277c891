"""The `positions-matrix` chart: actor by topic, each stance a coloured shape with its mark."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from explainer.charts.figures import base_layout, hover, plain_figure, row_axis, wrap
from explainer.charts.options import ChartOptions, Id
from explainer.charts.palette import FAINT, MUTED, STANCE_COLOURS, STANCE_MARK_INK, STANCE_SYMBOLS
from explainer.charts.records import and_list, publishers, unique
from explainer.charts.spec import ChartSpec, Column, KeyItem, NothingToDraw, Panel, PanelGroup, Point
from explainer.formatting import STANCE_LABELS, STANCE_MARKS, format_date
from explainer.schema import ActorKind, Stance, strip_citations
from explainer.urls import url_of

if TYPE_CHECKING:
    from explainer.charts.spec import Cell
    from explainer.dataset import Dataset
    from explainer.schema import Actor, Position, Topic

__all__ = ["PositionsMatrixOptions", "build_positions_matrix"]


class PositionsMatrixOptions(ChartOptions):
    """Options of `positions-matrix`."""

    refs: ClassVar[dict[str, str]] = {"actors": "actors", "topics": "topics"}
    actors: list[Id] | None = Field(
        default=None, description="Actors (rows), in this order (default: every actor with a position)."
    )
    topics: list[Id] | None = Field(default=None, description="Topics (columns), in this order (default: every topic).")


_COLUMNS = (
    Column("actor", "Actor"),
    Column("topic", "Question"),
    Column("stance", "Stance"),
    Column("as_of", "As of", "date"),
    Column("summary", "Statement"),
    Column("quote", "Quote"),
    Column("sources", "Sources", "sources"),
)


@dataclass
class _Grid:
    """The cells of the matrix grouped by stance (None: no sourced stance), and the table beside it."""

    cells: dict[Stance | None, dict[str, list[Any]]] = field(default_factory=dict)
    refs: list[tuple[Stance | None, int, str, str | None]] = field(default_factory=list)
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def build_positions_matrix(dataset: Dataset, options: PositionsMatrixOptions) -> ChartSpec:
    """Actor by topic: each stance as a coloured shape with its mark; hover or focus shows the statement."""
    actors, topics = _resolve_axes(dataset, options)
    grid = _Grid()
    for y, actor in enumerate(actors):
        for x, topic in enumerate(topics):
            _place_cell(dataset, grid, actor, topic, x=x, y=y)
    data, trace_of = _draw_cells(grid)
    lead, details = _describe_matrix(dataset, actors, topics)
    key = tuple(_stance_key(s) for s in Stance if s in grid.cells)
    if None in grid.cells:
        key += (KeyItem("No sourced stance", FAINT, "dash"),)
    return ChartSpec(
        name="positions-matrix",
        title=options.title or "Who stands where",
        figure=plain_figure(data, _layout(actors, topics)),
        columns=_COLUMNS,
        rows=tuple(grid.rows),
        row_links=tuple(grid.links),
        sources=unique(grid.sources),
        description=lead,
        details=details,
        key=key,
        points=tuple(Point(trace_of[stance], index, label, url) for stance, index, label, url in grid.refs),
        panels=_panels(dataset, actors, topics),
        note="Each stance is shown by a shape and a mark as well as a colour. Hover, tap or focus a mark for the statement.",
    )


def _stance_key(stance: Stance) -> KeyItem:
    return KeyItem(
        STANCE_LABELS[stance],
        STANCE_COLOURS[stance],
        STANCE_SYMBOLS[stance],  # type: ignore[arg-type]
        STANCE_MARKS[stance],
    )


def _panels(dataset: Dataset, actors: list[Actor], topics: list[Topic]) -> tuple[Panel, ...]:
    """One panel per question for a phone: who supports, opposes, is ambivalent or shifted, people before states."""
    panels = []
    for topic in topics:
        groups: dict[Stance, list[tuple[str, str | None]]] = {}
        for actor in actors:
            position = dataset.position(actor.id, topic.id)
            if position is not None:
                groups.setdefault(position.stance, []).append((actor.name, url_of("positions", position.id)))
        listed = tuple(PanelGroup(_stance_key(s), tuple(groups[s])) for s in Stance if s in groups)
        panels.append(Panel(topic.short, listed))
    return tuple(panels)


def _resolve_axes(dataset: Dataset, options: PositionsMatrixOptions) -> tuple[list[Actor], list[Topic]]:
    """The actors (rows) and topics (columns): as chosen, or every one with a recorded position."""
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


def _place_cell(dataset: Dataset, grid: _Grid, actor: Actor, topic: Topic, *, x: int, y: int) -> None:
    """One cell: its hover text in its stance's group and, for a sourced stance, a table row and a point."""
    position = dataset.position(actor.id, topic.id)
    stance = position.stance if position else None
    cell = grid.cells.setdefault(stance, {"x": [], "y": [], "hover": []})
    if position is None:
        cell["hover"].append(hover(f"{actor.name}: {topic.short}", "No sourced stance."))
    else:
        cell["hover"].append(_position_hover(dataset, actor, topic, position))
        label = f"{actor.name} on {topic.short}: {STANCE_LABELS[position.stance]}"
        grid.refs.append((stance, len(cell["x"]), label, url_of("positions", position.id)))
        said = (position.as_of, strip_citations(position.summary), position.quote, tuple(position.sources))
        grid.rows.append((actor.name, topic.short, STANCE_LABELS[position.stance], *said))
        grid.links.append(url_of("positions", position.id))
        grid.sources += position.sources
    cell["x"].append(x)
    cell["y"].append(y)


def _draw_cells(grid: _Grid) -> tuple[list[dict[str, Any]], dict[Stance | None, int]]:
    """A trace per stance (a dash for no sourced stance, first); and the trace of each stance."""
    data: list[dict[str, Any]] = []
    trace_of: dict[Stance | None, int] = {}
    order: list[Stance | None] = [None, *[s for s in Stance if s in grid.cells]]
    for stance in order:
        if stance not in grid.cells:
            continue
        cell = grid.cells[stance]
        trace_of[stance] = len(data)
        data.append(_gap_trace(cell) if stance is None else _stance_trace(stance, cell))
    return data, trace_of


def _gap_trace(cell: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "markers",
        "x": cell["x"],
        "y": cell["y"],
        "marker": {"symbol": "line-ew", "size": 14, "line": {"width": 2, "color": FAINT[0]}, "color": FAINT[0]},
        "hovertext": cell["hover"],
        "hoverinfo": "text",
    }


def _stance_trace(stance: Stance, cell: dict[str, list[Any]]) -> dict[str, Any]:
    colour = STANCE_COLOURS[stance]
    return {
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


def _layout(actors: list[Actor], topics: list[Topic]) -> dict[str, Any]:
    """Topics along the top, actors down the side."""
    layout = base_layout(int(110 + 40 * len(actors)))
    layout["xaxis"] = {
        "tickvals": list(range(len(topics))),
        "ticktext": [wrap(t.short, 14) for t in topics],
        "side": "top",
        "range": [-0.6, len(topics) - 0.4],
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
        "fixedrange": True,
        "tickfont": {"size": 12},
    }
    layout["yaxis"] = row_axis([a.name for a in actors], [len(actors) - 0.5, -0.6])
    layout["margin"] = {"l": 8, "r": 12, "t": 70, "b": 8, "pad": 6}
    # People, then states, then alliances …: a rule across the grid where one kind of actor gives way to the next.
    layout["shapes"] = [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": index - 0.5,
            "y1": index - 0.5,
            "line": {"color": MUTED[0], "width": 1.5},
            "layer": "below",
        }
        for index in range(1, len(actors))
        if actors[index].kind is not actors[index - 1].kind
    ]
    return layout


def _position_hover(dataset: Dataset, actor: Actor, topic: Topic, position: Position) -> str:
    quote = f"“{position.quote}”" + (f" ({position.quote_by})" if position.quote_by else "") if position.quote else ""
    return hover(
        f"{actor.name}: {STANCE_LABELS[position.stance]} {STANCE_MARKS[position.stance]}",
        f"{topic.short}, as of {format_date(position.as_of)}",
        quote or strip_citations(position.summary),
        f"Sources: {publishers(dataset, position.sources)}",
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
        listed = "; ".join(f"{STANCE_LABELS[s].lower()}: {and_list(groups[s])}" for s in Stance if s in groups)
        parts.append(f"{topic.question} {listed or 'no sourced stance'}.")
    total = sum(counts.values())
    split = ", ".join(f"{counts[s]} {STANCE_LABELS[s].lower()}" for s in Stance if s in counts)
    lead = (
        f"{total} sourced stance{'s' if total != 1 else ''} of {len(actors)} actor{'s' if len(actors) != 1 else ''} "
        f"on {len(topics)} question{'s' if len(topics) != 1 else ''}: {split}."
    )
    return lead, " ".join(parts)
