"""The site's one visual system: the (light, dark) colour pairs of every mark, a colour per weapon, stance and status.

Figures are written with the light colours; the browser swaps in the dark ones
(`ChartSpec.dark_colours`) when the reader picks the dark palette. The hues are Okabe and
Ito's colour-blind-safe set, darkened for the light page so that each keeps 4.5:1 against
both page backgrounds (a test checks it): one pair serves as a mark and as text.

A weapon takes the colour of its supplier (or, with none recorded, its first operator), so
that every weapon of one country shares a colour in every chart; suppliers take the series
colours in the order of their ids. `palette_css` hands the same pairs to the pages as CSS
custom properties, so a badge, a table and a chart show one thing in one colour. Colour is
never the only cue: stances and statuses also have a shape (`STANCE_SYMBOLS`,
`STATUS_SYMBOLS`) and a mark or a word.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from explainer.schema import ClaimStatus, Stance

if TYPE_CHECKING:
    from collections.abc import Iterator

    from explainer.dataset import Dataset
    from explainer.schema import Weapon

__all__ = [
    "AMBER",
    "BLUE",
    "BORDER",
    "DARK_PAGE",
    "FAINT",
    "GREEN",
    "GREY",
    "GRID",
    "HOVER_BG",
    "INK",
    "LAND",
    "LIGHT_PAGE",
    "MUTED",
    "ON_MARK",
    "PURPLE",
    "RING_COLOURS",
    "SERIES",
    "STANCE_COLOURS",
    "STANCE_MARK_INK",
    "STANCE_SYMBOLS",
    "STATUS_COLOURS",
    "STATUS_SYMBOLS",
    "VERMILLION",
    "VIOLET",
    "Colour",
    "dark_colours",
    "dark_colours_in",
    "palette_css",
    "supplier_of",
    "translucent",
    "weapon_colour",
    "weapon_colours",
]

Colour = tuple[str, str]
"""A colour as a (light, dark) pair of `#rrggbb` strings."""

LIGHT_PAGE = "#ffffff"
"""Material's light page background (`--md-default-bg-color`)."""
DARK_PAGE = "#1e2129"
"""Material's slate page background: `hsla(225deg, 15%, 14%, 1)`."""

INK: Colour = ("#1f2328", "#e3e6ea")
MUTED: Colour = ("#59636e", "#a3acb6")
GRID: Colour = ("#dfe3e8", "#363b46")
FAINT: Colour = ("#aeb6bf", "#5d6675")
LAND: Colour = ("#efede8", "#2a2f3a")
BORDER: Colour = ("#b9b3a8", "#525b6b")
ON_MARK: Colour = ("#ffffff", "#15171c")
HOVER_BG: Colour = ("#fffffe", "#22252e")

BLUE: Colour = ("#0072b2", "#5cb8f0")
VERMILLION: Colour = ("#b84a00", "#ff9457")
GREEN: Colour = ("#00795a", "#45d3a4")
PURPLE: Colour = ("#a0487f", "#eaa9d0")
AMBER: Colour = ("#8a5a00", "#f7c44f")
VIOLET: Colour = ("#6b4fa0", "#bba8ea")
GREY: Colour = ("#59636e", "#a3acb6")
ORANGE = AMBER
SKY = VIOLET

SERIES: tuple[Colour, ...] = (BLUE, VERMILLION, GREEN, PURPLE, AMBER, VIOLET)
"""The colours of suppliers (and so of weapons), in the order suppliers take them."""
RING_COLOURS = SERIES
"""Kept for the map until it colours rings by `weapon_colour`."""

STANCE_COLOURS: dict[Stance, Colour] = {
    Stance.SUPPORTS: GREEN,
    Stance.OPPOSES: VERMILLION,
    Stance.AMBIVALENT: AMBER,
    Stance.SHIFTED: PURPLE,
    Stance.UNKNOWN: GREY,
}
STANCE_SYMBOLS: dict[Stance, str] = {
    Stance.SUPPORTS: "circle",
    Stance.OPPOSES: "square",
    Stance.AMBIVALENT: "diamond",
    Stance.SHIFTED: "hexagon",
    Stance.UNKNOWN: "circle-open",
}
STANCE_MARK_INK: dict[Stance, Colour] = {
    Stance.SUPPORTS: ON_MARK,
    Stance.OPPOSES: ON_MARK,
    Stance.AMBIVALENT: ON_MARK,
    Stance.SHIFTED: ON_MARK,
    Stance.UNKNOWN: INK,
}
"""The colour of the mark (✔, ✖ …) printed on a stance's shape."""
STATUS_COLOURS: dict[ClaimStatus, Colour] = {
    ClaimStatus.ASSESSED: BLUE,
    ClaimStatus.CLAIMED: MUTED,
    ClaimStatus.DISPUTED: VERMILLION,
}
STATUS_SYMBOLS: dict[ClaimStatus, str] = {
    ClaimStatus.ASSESSED: "circle",
    ClaimStatus.CLAIMED: "circle-open",
    ClaimStatus.DISPUTED: "diamond-open",
}

_ALL_COLOURS: tuple[Colour, ...] = (INK, MUTED, GRID, FAINT, LAND, BORDER, ON_MARK, HOVER_BG, *SERIES, GREY)
DARK_COLOURS: dict[str, str] = dict(_ALL_COLOURS)
"""Light colour → dark colour, for every colour a figure uses."""


def translucent(colour: Colour, alpha: float) -> Colour:
    """The pair at opacity `alpha`, as CSS `rgba()`; `dark_colours_in` finds it in a figure and swaps it too."""
    return (_rgba(colour[0], alpha), _rgba(colour[1], alpha))


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def dark_colours(*extra: Colour) -> dict[str, str]:
    """Light colour → dark colour, for every palette colour and the `extra` pairs a figure uses."""
    return {**DARK_COLOURS, **dict(extra)}


_RGBA = re.compile(r"rgba\((\d+),(\d+),(\d+),([0-9.]+)\)")
_BY_RGB: dict[tuple[int, ...], str] = {
    tuple(int(light[i : i + 2], 16) for i in (1, 3, 5)): dark for light, dark in DARK_COLOURS.items()
}


def dark_colours_in(value: Any) -> dict[str, str]:
    """Light → dark for every translucent palette colour (`rgba(r,g,b,a)` of a palette colour) in a figure.

    A figure may draw a palette colour at any opacity: the dark swap must cover each without
    the chart having to list them (a fill listed nowhere kept its light colour in dark mode).
    """
    found: dict[str, str] = {}
    for text in _strings(value):
        match = _RGBA.fullmatch(text)
        if match and (dark := _BY_RGB.get(tuple(int(match.group(i)) for i in (1, 2, 3)))):
            found[text] = _rgba(dark, float(match.group(4)))
    return found


def _strings(value: Any) -> Iterator[str]:
    """Every string in nested dicts and lists, without recursion limits on deep figures."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def supplier_of(weapon: Weapon) -> str | None:
    """The actor id a weapon's colour follows: its first supplier, or its first operator; None with neither."""
    if weapon.suppliers:
        return weapon.suppliers[0]
    return weapon.operators[0] if weapon.operators else None


def _supplier_colours(dataset: Dataset) -> dict[str, Colour]:
    suppliers = sorted({s for w in dataset.weapons.values() if (s := supplier_of(w)) is not None})
    return {actor_id: SERIES[i % len(SERIES)] for i, actor_id in enumerate(suppliers)}


def weapon_colours(dataset: Dataset) -> dict[str, Colour]:
    """Weapon id → its colour, for every weapon of the dataset (the same in every chart that draws it)."""
    by_supplier = _supplier_colours(dataset)
    return {w.id: by_supplier[s] if (s := supplier_of(w)) is not None else GREY for w in dataset.weapons.values()}


def weapon_colour(dataset: Dataset, weapon_id: str) -> Colour:
    """The colour of one weapon: the colour of its supplier, in every chart, map and table."""
    return weapon_colours(dataset)[weapon_id]


def palette_css(dataset: Dataset) -> str:
    """The palette as CSS custom properties (light, then dark under Material's slate scheme).

    `--ex-stance-<stance>`, `--ex-status-<status>`, `--ex-weapon-<weapon id>` and
    `--ex-supplier-<actor id>`; a class `ex-weapon--<weapon id>` sets a weapon's colour as
    `color`. Ids are safe in CSS: the schema allows only lowercase letters, digits and dashes.
    """
    named = [
        *((f"stance-{s.value}", c) for s, c in STANCE_COLOURS.items()),
        *((f"status-{s.value}", c) for s, c in STATUS_COLOURS.items()),
        *((f"supplier-{a}", c) for a, c in sorted(_supplier_colours(dataset).items())),
        *((f"weapon-{w}", c) for w, c in sorted(weapon_colours(dataset).items())),
    ]
    light = "".join(f"  --ex-{name}: {colour[0]};\n" for name, colour in named)
    dark = "".join(f"  --ex-{name}: {colour[1]};\n" for name, colour in named)
    classes = "".join(f".ex-weapon--{w} {{ color: var(--ex-weapon-{w}); }}\n" for w in sorted(dataset.weapons))
    return (
        "/* The site's palette, generated from the engine's palette and the data: do not edit. */\n"
        f":root {{\n{light}}}\n"
        f'[data-md-color-scheme="slate"] {{\n{dark}}}\n'
        f"{classes}"
    )
