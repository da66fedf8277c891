"""The figure exactly as the browser draws it in a box of a given width: what the build's static images show.

`variant` (in `spec`) gives the figure for a narrow or a wide box, in the light or the dark
palette; `charts.js` (`themed`) then fits it to its box: the site's type, a map's height from
its width, and on a wide box a strip for the toolbar. `as_drawn`
takes the same steps for the width a poster is drawn at, so the poster a page shows first and
the interactive chart that replaces it match. Keep the two in step.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from explainer.charts.spec import NARROW_WIDTH, variant

if TYPE_CHECKING:
    from explainer.charts.spec import ChartSpec

__all__ = ["NARROW_POSTER", "SITE_FONT", "WIDE_POSTER", "as_drawn", "chart_size", "map_height"]

WIDE_POSTER = 930
"""The width a wide poster is drawn at: the content column of a desktop page (930 pixels at 1280, 938 on the home page)."""
NARROW_POSTER = 358
"""The width a narrow poster is drawn at: the content column of a 390-pixel phone."""
SITE_FONT = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"
"""The theme's type (Material with `font: false`), which `charts.js` reads from the page's body."""


def map_height(width: int, aspect: float) -> int:
    """The height of a map's plot at `width`: its aspect kept, between 200 and 620 pixels (rounded as Math.round)."""
    return math.floor(max(200, min(620, width * aspect)) + 0.5)


def as_drawn(spec: ChartSpec, *, narrow: bool, dark: bool) -> dict[str, Any]:
    """The figure `charts.js` draws in a box of the poster's width, with that width and height set."""
    width = NARROW_POSTER if narrow else WIDE_POSTER
    figure = variant(spec, narrow=width < NARROW_WIDTH, dark=dark)
    layout = figure["layout"]
    font = layout.setdefault("font", {})
    font["family"] = SITE_FONT
    hover = layout.setdefault("hoverlabel", {})
    hover["font"] = {**hover.get("font", {}), "family": SITE_FONT}
    if spec.aspect:  # a map's height follows its width, within bounds; its margins come on top
        margin = layout.get("margin", {})
        layout["height"] = map_height(width, spec.aspect) + margin.get("t", 0) + margin.get("b", 0)
    layout["width"] = width
    layout.setdefault("height", 450)
    return figure


def chart_size(spec: ChartSpec, *, narrow: bool) -> tuple[int, int]:
    """The width and height of the poster, which are the chart's once the browser draws it at that width."""
    layout = as_drawn(spec, narrow=narrow, dark=False)["layout"]
    return int(layout["width"]), int(layout["height"])
