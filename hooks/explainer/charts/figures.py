"""Plotly figure text and framing: escaped labels, tick labels, wrapped hover text, the base layout and figure JSON.

Every string from the data that lands in a figure goes through `plotly_text`, because Plotly
reads a subset of HTML in labels and hover text. Output is deterministic: sorted keys, no
template.
"""

from __future__ import annotations

import functools
import html
import json
import textwrap
from typing import TYPE_CHECKING, Any

import plotly.io as pio

from explainer.charts.palette import GRID, HOVER_BG, INK, MUTED

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "HOVER_LINES",
    "base_layout",
    "figure_json",
    "hover",
    "plain_figure",
    "plotly_text",
    "row_axis",
    "tick_label",
    "wrap",
]


def plotly_text(value: object) -> str:
    """Plain text for Plotly's pseudo-HTML: `&`, `<` and `>` become entities, so no tag can form.

    Quotes stay as typed: outside a tag Plotly shows them as they are, and it does not decode
    `&quot;` (a data string with a quote showed `&quot;` in hover labels and tick labels).
    """
    return html.escape(str(value), quote=False)


TICK_LABEL_LENGTH = 32
"""Longest axis label, in characters: a longer name is cut with an ellipsis (hover and table keep it whole),
so that a long name in the data cannot squeeze the plot beside it to nothing."""


def tick_label(text: str) -> str:
    """A name for an axis label: shortened past `TICK_LABEL_LENGTH`, escaped for Plotly."""
    if len(text) > TICK_LABEL_LENGTH:
        text = text[: TICK_LABEL_LENGTH - 1].rstrip() + "…"
    return plotly_text(text)


@functools.lru_cache(maxsize=1 << 14)  # the same hover lines recur on every page that charts a weapon
def _rows(text: str, width: int = 56) -> tuple[str, ...]:
    """Plain text wrapped at `width` characters, each row escaped for Plotly."""
    return tuple(plotly_text(row) for row in textwrap.wrap(text, width)) or (plotly_text(text),)


def wrap(text: str, width: int = 56) -> str:
    """Plain text → escaped Plotly text, wrapped with `<br>`."""
    return "<br>".join(_rows(text, width))


HOVER_LINES = 18
"""At most this many lines of text under a hover label's title: Plotly draws nothing taller
than the plot, and the full text is in the chart's table and on the record's page."""


def hover(title: str, *lines: str) -> str:
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


def base_layout(height: int) -> dict[str, Any]:
    """The layout every chart starts from: transparent, the site's ink, no legend, no dragging."""
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


def row_axis(names: Sequence[str], span: list[float]) -> dict[str, Any]:
    """A y axis with a row per name (shortened, escaped), a grid line along each, over `span` (top row last)."""
    return {
        "tickvals": list(range(len(names))),
        "ticktext": [tick_label(name) for name in names],
        "range": span,
        "showgrid": True,
        "gridcolor": GRID[0],
        "zeroline": False,
        "ticks": "",
        "automargin": True,
        "fixedrange": True,
    }


def plain_figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    """The figure as plain JSON data, through plotly's serialiser, without a template.

    Plotly's per-property validation (building a `go.Figure`) costs ten times the rest of a
    chart, and every property here is fixed by the chart modules, not by the data: the tests
    validate each kind of chart with `go.Figure` instead of every build.
    """
    plain: dict[str, Any] = json.loads(pio.to_json({"data": data, "layout": layout}, validate=False, engine="json"))
    plain["layout"].pop("template", None)
    return plain


def figure_json(figure: dict[str, Any]) -> str:
    """A figure as compact JSON with sorted keys: the same figure always gives the same bytes."""
    return json.dumps(figure, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
