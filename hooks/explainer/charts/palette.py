"""How marks look: the (light, dark) colour pairs every figure is drawn with, and the shapes for a stance or a status.

Figures are written with the light colours; the browser swaps in the dark ones
(`ChartSpec.dark_colours`) when the reader picks the dark palette. Series colours are
Okabe and Ito's colour-blind-safe set.
"""

from __future__ import annotations

from explainer.schema import ClaimStatus, Stance

__all__ = [
    "BLUE",
    "BORDER",
    "FAINT",
    "GREEN",
    "GRID",
    "HOVER_BG",
    "INK",
    "LAND",
    "MUTED",
    "ON_MARK",
    "PURPLE",
    "RING_COLOURS",
    "SERIES",
    "STANCE_COLOURS",
    "STANCE_MARK_INK",
    "STANCE_SYMBOLS",
    "STATUS_SYMBOLS",
    "VERMILLION",
    "Colour",
    "dark_colours",
    "translucent",
]

Colour = tuple[str, str]
"""A colour as a (light, dark) pair of `#rrggbb` strings."""

INK: Colour = ("#1f2328", "#e3e6ea")
MUTED: Colour = ("#59636e", "#a3acb6")
GRID: Colour = ("#dfe3e8", "#363b46")
FAINT: Colour = ("#aeb6bf", "#5d6675")
LAND: Colour = ("#efede8", "#2a2f3a")
BORDER: Colour = ("#b9b3a8", "#525b6b")
ON_MARK: Colour = ("#ffffff", "#15171c")
HOVER_BG: Colour = ("#fffffe", "#22252e")

BLUE: Colour = ("#0072b2", "#5cb8f0")
VERMILLION: Colour = ("#d55e00", "#ff9457")
GREEN: Colour = ("#009e73", "#45d3a4")
PURPLE: Colour = ("#cc79a7", "#eaa9d0")
ORANGE: Colour = ("#e69f00", "#f7c44f")
SKY: Colour = ("#56b4e9", "#a3d8f7")
GREY: Colour = ("#8c959f", "#7d8794")

SERIES: tuple[Colour, ...] = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY)
RING_COLOURS: tuple[Colour, ...] = (BLUE, GREEN, ORANGE, SKY, GREY)
"""Range rings avoid vermillion and purple, which mark a strike and an estimated reach."""

STANCE_COLOURS: dict[Stance, Colour] = {
    Stance.SUPPORTS: BLUE,
    Stance.OPPOSES: VERMILLION,
    Stance.AMBIVALENT: ORANGE,
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
    Stance.AMBIVALENT: ("#24292f", "#15171c"),
    Stance.SHIFTED: ON_MARK,
    Stance.UNKNOWN: INK,
}
STATUS_SYMBOLS: dict[ClaimStatus, str] = {
    ClaimStatus.ASSESSED: "circle",
    ClaimStatus.CLAIMED: "circle-open",
    ClaimStatus.DISPUTED: "diamond-open",
}

_ALL_COLOURS: tuple[Colour, ...] = (
    INK,
    MUTED,
    GRID,
    FAINT,
    LAND,
    BORDER,
    ON_MARK,
    HOVER_BG,
    STANCE_MARK_INK[Stance.AMBIVALENT],
    *SERIES,
    GREY,
)
DARK_COLOURS: dict[str, str] = dict(_ALL_COLOURS)
"""Light colour → dark colour, for every colour a figure uses."""


def translucent(colour: Colour, alpha: float) -> Colour:
    """The pair at opacity `alpha`, as CSS `rgba()`: give it to `dark_colours` so that the dark swap covers it."""
    return (_rgba(colour[0], alpha), _rgba(colour[1], alpha))


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def dark_colours(*extra: Colour) -> dict[str, str]:
    """Light colour → dark colour, for every palette colour and the `extra` pairs (translucent ones) a figure uses."""
    return {**DARK_COLOURS, **dict(extra)}
