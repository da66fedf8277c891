"""Charts made from the Dataset: a Plotly figure with its table, downloads, caption and description.

Each chart is built by one `build_*` function from the Dataset and validated options, and
comes back as a `ChartSpec`: the figure as plain JSON-ready data, the rows it plots (for
the table view and the CSV and JSON downloads), the sources it rests on, and a sentence
or two that say what it shows (the chart's accessible description). Nothing here knows
about MkDocs or HTML pages; `fences` turns a spec into HTML.

The data flows up through the modules: `spec` (what a chart hands over), `options`,
`palette`, `figures` (Plotly text and layout), `records`, `geodesy` and `mapframe` are
shared; each chart has its own module (`ranges`, `rangemap`, `matrix`, `timeline`) with
its options model and builder; `registry` names them for the `chart` fence.

Every string from the data that lands in the figure is HTML-escaped, because Plotly reads
a subset of HTML in labels and hover text. Output is deterministic: no random ids, sorted
keys, coordinates rounded.
"""

from __future__ import annotations

from explainer.charts.figures import figure_json
from explainer.charts.geodesy import geodesic_distance_km, geodesic_path, geodesic_ring
from explainer.charts.matrix import PositionsMatrixOptions
from explainer.charts.options import ChartOptions
from explainer.charts.rangemap import RangeMapOptions
from explainer.charts.ranges import WeaponRangesOptions
from explainer.charts.registry import CHARTS, ChartType, build_chart, check_refs
from explainer.charts.spec import ChartError, ChartSpec, Column, KeyItem, NothingToDraw, Point
from explainer.charts.timeline import TimelineOptions

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
    "PositionsMatrixOptions",
    "RangeMapOptions",
    "TimelineOptions",
    "WeaponRangesOptions",
    "build_chart",
    "check_refs",
    "figure_json",
    "geodesic_distance_km",
    "geodesic_path",
    "geodesic_ring",
]
