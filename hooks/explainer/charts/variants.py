"""The figure exactly as the browser draws it: for the light or the dark palette, on a wide or a narrow screen.

`charts.js` (`themed`) makes the same changes in the browser; the build's static images are
drawn from `variant`, so the poster a page shows first and the interactive chart that replaces
it match. Keep the two in step: a change to one is a change to the other.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from explainer.charts.spec import ChartSpec

__all__ = ["NARROW_BELOW", "NARROW_WIDTH", "SITE_FONT", "WIDE_WIDTH", "chart_size", "recolour", "variant"]

WIDE_WIDTH = 720
"""The width a wide poster is drawn at: about the content column of a desktop page (688 to 938 pixels)."""
NARROW_WIDTH = 358
"""The width a narrow poster is drawn at: the content column of a 390-pixel phone."""
NARROW_BELOW = 560
"""Under this width the browser draws the narrow variant (`charts.js`)."""
_MAP_LABELS_BELOW = 520
SITE_FONT = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"
"""The theme's type (Material with `font: false`), which `charts.js` reads from the page's body."""


def recolour(value: Any, colours: dict[str, str]) -> Any:
    """`value` with every string that is a key of `colours` replaced by its value, at any depth."""
    if isinstance(value, str):
        return colours.get(value, value)
    if isinstance(value, list):
        return [recolour(item, colours) for item in value]
    if isinstance(value, dict):
        return {key: recolour(item, colours) for key, item in value.items()}
    return value


def chart_size(spec: ChartSpec, *, narrow: bool) -> tuple[int, int]:
    """The width and height the browser gives the chart at the poster's width (a map keeps its aspect)."""
    width = NARROW_WIDTH if narrow else WIDE_WIDTH
    if spec.aspect:
        return width, round(max(200, min(620, width * spec.aspect)))
    height = spec.narrow.get("height", spec.figure["layout"].get("height")) if narrow else None
    return width, int(height or spec.figure["layout"].get("height", 400))


def variant(spec: ChartSpec, *, narrow: bool, dark: bool) -> dict[str, Any]:
    """The figure the browser draws for this palette and screen, sized as `chart_size` says."""
    figure: dict[str, Any] = recolour(spec.figure, spec.dark_colours) if dark else copy.deepcopy(spec.figure)
    layout = figure["layout"]
    width, height = chart_size(spec, narrow=narrow)
    font = layout.setdefault("font", {})
    font["family"] = SITE_FONT
    hover = layout.setdefault("hoverlabel", {})
    hover["font"] = {**hover.get("font", {}), "family": SITE_FONT}
    if width < NARROW_BELOW:
        font["size"] = 12
        for path, value in spec.narrow.items():
            *parents, last = path.split(".")
            target = layout
            for key in parents:
                target = target.setdefault(key, {})
            target[last] = value
    if "geo" in layout and width < _MAP_LABELS_BELOW:
        for trace in figure["data"]:
            if trace.get("meta") == "label":
                trace["visible"] = False
            if "textfont" in trace:
                trace["textfont"]["size"] = 10
    layout["width"], layout["height"] = width, height
    return figure
