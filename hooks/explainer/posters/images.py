"""Which images a chart and a page get: posters, downloads and share cards, each as an `Image` to draw.

Every image is drawn from `explainer.charts.variants.as_drawn`, the figure as the browser draws it:

- four posters (SVG): wide and narrow, light and dark; the page shows one before plotly.js
  loads, and without JavaScript or in print it is the chart (the wide light one is also the
  SVG download);
- a PNG download, twice the wide poster's width (1860 pixels) on a white background;
- a share card (`og:image`), 1200 × 630 pixels: the page's first chart, or for a page without
  one, its title and the site's name (`explainer.posters.cards`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from explainer.charts.variants import as_drawn, chart_size
from explainer.posters.render import Image
from explainer.urls import download_path, poster_path

if TYPE_CHECKING:
    from explainer.charts import ChartSpec

__all__ = ["CARD_SIZE", "chart_images", "chart_share_card", "on_white"]

CARD_SIZE = (1200, 630)
"""The share card's size in pixels: what Open Graph and Twitter's large summary card show uncropped."""
_CARD_SCALE = 1.5
"""A card is drawn at two thirds of its size and scaled up, so the chart's type is as large as on a page."""
_PNG_SCALE = 2
_WHITE = "#ffffff"


def on_white(figure: dict[str, Any]) -> dict[str, Any]:
    """The figure on an opaque white background (a download or a card has no page behind it)."""
    layout = {**figure["layout"], "paper_bgcolor": _WHITE}
    return {**figure, "layout": layout}


def chart_images(chart_id: str, spec: ChartSpec) -> list[Image]:
    """The posters and the PNG download of one chart."""
    images = []
    for narrow in (False, True):
        width, height = chart_size(spec, narrow=narrow)
        for dark in (False, True):
            path = poster_path(chart_id, narrow=narrow, dark=dark)
            images.append(Image(path, as_drawn(spec, narrow=narrow, dark=dark), "svg", width, height))
    width, height = chart_size(spec, narrow=False)
    light = on_white(as_drawn(spec, narrow=False, dark=False))
    images.append(Image(download_path(chart_id, "png"), light, "png", width, height, _PNG_SCALE))
    return images


def chart_share_card(path: str, spec: ChartSpec) -> Image:
    """A page's share card drawn from its chart, reframed to the card's shape."""
    figure = on_white(as_drawn(spec, narrow=False, dark=False))
    width, height = (round(side / _CARD_SCALE) for side in CARD_SIZE)
    figure["layout"] = {**figure["layout"], "width": width, "height": height}
    return Image(path, figure, "png", width, height, _CARD_SCALE)
