"""What a chart hands over: the `ChartSpec` (figure, table, sources, description) and the errors a build can raise.

Nothing here knows about MkDocs or HTML pages; `explainer.fences` turns a spec into HTML.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from explainer.charts.palette import dark_colours, dark_colours_in
from explainer.formatting import format_number

if TYPE_CHECKING:
    from explainer.charts.palette import Colour

__all__ = [
    "NARROW_WIDTH",
    "Bundle",
    "Cell",
    "ChartError",
    "ChartSpec",
    "Column",
    "KeyItem",
    "NothingToDraw",
    "Panel",
    "PanelGroup",
    "Point",
    "merge",
    "recolour",
    "variant",
]

NARROW_WIDTH = 600
"""Below this width of its box, in CSS pixels, a chart is drawn with its `narrow` changes (`charts.js` too)."""

Cell = str | float | int | tuple[str, ...] | None
"""One value of a table row: text, a number, a date, or source ids."""
Bundle = Literal["basic", "geo"]
"""The plotly.js bundle a chart needs: `geo` draws maps."""


class ChartError(ValueError):
    """Options that name records the chart cannot draw."""


class NothingToDraw(ChartError):
    """The data holds nothing for this chart yet: the page shows a note, not an error."""


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
    shape: Literal[
        "circle",
        "circle-open",
        "circle-open-dot",
        "diamond",
        "diamond-open",
        "square",
        "hexagon",
        "triangle",
        "line",
        "dash",
        "dot",
        "band",
    ]
    mark: str = ""


@dataclass(frozen=True)
class PanelGroup:
    """One group of a panel: a key entry (its swatch and label) and the names it holds, each with its page."""

    key: KeyItem
    names: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class Panel:
    """A small list that stands in for the plot on a phone: a heading, then its groups (who supports, who opposes …)."""

    heading: str
    groups: tuple[PanelGroup, ...]


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
    """Changes for a box under `NARROW_WIDTH` pixels: `{"layout": {...}, "data": {"<trace index>": {...}}}`,
    merged into the figure by `merge` (see `variant`)."""
    row_links: tuple[str | None, ...] = ()
    key: tuple[KeyItem, ...] = ()
    points: tuple[Point, ...] = ()
    panels: tuple[Panel, ...] = ()
    """Shown instead of the plot on a narrow screen, where a grid of marks would not read (HTML, not Plotly)."""
    note: str = ""
    dark_colours: dict[str, str] = field(default_factory=dark_colours)
    """Light colour → dark colour, for every colour of the figure: the browser swaps them for the dark palette.

    Translucent palette colours found in the figure or its narrow variant are added here, so no fill keeps its
    light colour in dark mode."""

    def __post_init__(self) -> None:
        found = dark_colours_in([self.figure, self.narrow])
        if not found.keys() <= self.dark_colours.keys():
            object.__setattr__(self, "dark_colours", {**found, **self.dark_colours})

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


def merge(base: Any, change: Any) -> Any:
    """`change` laid over `base`: the one rule of a narrow variant, which `charts.js` (`merge`) follows too.

    An object merges key by key into an object, or, with keys that are indexes, item by item
    into a list (`{"2": {...}}` changes the third trace); anything else replaces what it meets.
    Neither argument is changed.
    """
    if not isinstance(change, dict):
        return copy.deepcopy(change)
    if isinstance(base, list):
        out_list = copy.deepcopy(base)
        for key, value in change.items():
            if key.isdigit() and int(key) < len(out_list):
                out_list[int(key)] = merge(out_list[int(key)], value)
        return out_list
    out = copy.deepcopy(base) if isinstance(base, dict) else {}
    for key, value in change.items():
        out[key] = merge(out.get(key), value)
    return out


def recolour(value: Any, colours: dict[str, str]) -> Any:
    """`value` with every string that is a key of `colours` replaced by its value (the dark swap of `charts.js`)."""
    if isinstance(value, str):
        return colours.get(value, value)
    if isinstance(value, list):
        return [recolour(item, colours) for item in value]
    if isinstance(value, dict):
        return {key: recolour(item, colours) for key, item in value.items()}
    return value


def variant(spec: ChartSpec, *, narrow: bool, dark: bool) -> dict[str, Any]:
    """The figure as a reader sees it: on a narrow box or a wide one, in the dark palette or the light.

    The same steps as `charts.js` takes before it draws (the narrow changes, then the dark
    swap), so that a static image shows what the browser shows.
    """
    figure: dict[str, Any] = merge(spec.figure, spec.narrow) if narrow and spec.narrow else copy.deepcopy(spec.figure)
    return recolour(figure, spec.dark_colours) if dark else figure


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, CSV injection)."""


def _csv_cell(value: Cell) -> str:
    """A cell as text; a text cell that a spreadsheet would run as a formula is quoted with a leading `'`."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return _inert(" ".join(value))
    if isinstance(value, float):
        return format_number(value).replace(",", "")
    if isinstance(value, int):
        return str(value)
    return _inert(str(value))


def _inert(text: str) -> str:
    quoted = "'" + text if text.startswith(_FORMULA_START) else text
    return quoted.replace("\r\n", "\n").replace("\r", "\n")  # the writer quotes a cell with "\n", not one with "\r"
