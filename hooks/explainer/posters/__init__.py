"""Static images of the charts, made at build time: posters, PNG and SVG downloads, and share cards.

`images` says which images a chart and a page get, `cards` draws the card of a page without a
chart, `render` draws them all with plotly's static export through one browser, cached by a hash
of what they draw. `plan_images` lists a whole build's images; the adapter draws them with one
`Renderer` and adds them to the site as generated files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from explainer.posters.cards import title_card
from explainer.posters.images import CARD_SIZE, chart_images, chart_share_card
from explainer.posters.render import (
    CACHE_VARIABLE,
    RENDERER_VERSION,
    Image,
    Renderer,
    RenderError,
    cache_folder,
    clean_svg,
    find_browser,
)
from explainer.urls import card_path

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from explainer.charts import ChartSpec

__all__ = [
    "CACHE_VARIABLE",
    "CARD_SIZE",
    "RENDERER_VERSION",
    "Image",
    "RenderError",
    "Renderer",
    "cache_folder",
    "chart_images",
    "clean_svg",
    "find_browser",
    "plan_images",
    "title_card",
]


def plan_images(
    charts: Mapping[str, tuple[str, ChartSpec]], pages: Iterable[tuple[str, str]], site_name: str
) -> tuple[list[Image], dict[str, str]]:
    """Every image of a build, and each page's share card path (by page URL).

    `charts` maps a chart id to its page's URL and spec, in the order the pages placed them;
    `pages` gives each page's URL and title. A page's card is its first chart, else its title.
    """
    images: list[Image] = []
    first_chart: dict[str, ChartSpec] = {}
    for chart_id, (url, spec) in charts.items():
        images += chart_images(chart_id, spec)
        first_chart.setdefault(url, spec)
    cards: dict[str, str] = {}
    for url, title in pages:
        cards[url] = path = card_path(url)
        chart = first_chart.get(url)
        images.append(chart_share_card(path, chart) if chart is not None else title_card(path, title, site_name))
    return images, cards
