"""The share card of a page without a chart: its title and the site's name, as a plotly figure of text.

Material's social plugin would draw these cards with Cairo (a system library more to install)
and fetch its fonts from Google Fonts during the build (a request off the machine, and a
build that fails offline). A figure of annotations drawn by the same export as the charts
needs nothing the charts do not already need, makes no request, and sets the text in the
site's own type (the theme's system font stack), so the card matches the page.
"""

from __future__ import annotations

import textwrap
from typing import Any

from explainer.charts.figures import plotly_text
from explainer.charts.palette import INK, MUTED
from explainer.charts.variants import SITE_FONT
from explainer.posters.images import CARD_SIZE
from explainer.posters.render import Image

__all__ = ["title_card"]

_THEME = "#4051b5"
"""Material's indigo, the site's primary colour (`theme.palette.primary` in mkdocs.yml)."""
_TITLE_LINES = 4
_CHARACTERS = 30


def _title_rows(title: str) -> list[str]:
    """The title wrapped for the card, cut with an ellipsis after four rows."""
    rows = textwrap.wrap(" ".join(title.split()), _CHARACTERS) or [""]
    if len(rows) > _TITLE_LINES:
        rows = [
            *rows[: _TITLE_LINES - 1],
            textwrap.shorten(" ".join(rows[_TITLE_LINES - 1 :]), _CHARACTERS, placeholder="…"),
        ]
    return [plotly_text(row) for row in rows]


def _text(text: str, y: float, size: int, colour: str, *, bold: bool = False) -> dict[str, Any]:
    return {
        "text": f"<b>{text}</b>" if bold else text,
        "x": 0,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "showarrow": False,
        "font": {"family": SITE_FONT, "size": size, "color": colour},
    }


def title_card(path: str, title: str, site_name: str) -> Image:
    """A 1200 × 630 PNG with the page's `title` (plain text, escaped here) over the site's name."""
    width, height = CARD_SIZE
    layout = {
        "width": width,
        "height": height,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 96, "r": 96, "t": 96, "b": 72},
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "showlegend": False,
        "shapes": [
            {
                "type": "rect",
                "xref": "paper",
                "yref": "paper",
                "x0": -0.08,
                "x1": -0.06,
                "y0": 0.2,
                "y1": 1.0,
                "fillcolor": _THEME,
                "line": {"width": 0},
            },
        ],
        "annotations": [
            _text("<br>".join(_title_rows(title)), 1.0, 60, INK[0], bold=True),
            _text(plotly_text(site_name), 0.08, 26, MUTED[0]),
        ],
    }
    return Image(path, {"data": [], "layout": layout}, "png", width, height)
