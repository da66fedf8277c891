"""Direct labels placed so that none overlaps another: estimated text widths and lanes above the data.

The engine does not know the reader's screen, so labels are placed for the narrowest box a
layout is drawn in (`NARROW_BOX` for a phone's variant, `WIDE_BOX` otherwise): on a wider box
the anchors move apart and labels of fixed width only gain room, so what does not overlap
at the narrowest width overlaps at none. Placement is greedy in the order of the anchors,
so the same labels always land in the same places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from explainer.charts.spec import NARROW_WIDTH

__all__ = ["NARROW_BOX", "WIDE_BOX", "Placed", "place_in_lanes", "text_width"]

NARROW_BOX = 330
"""The narrowest chart box of a phone layout, in CSS pixels (a 360-pixel phone less the page's margins)."""
WIDE_BOX = NARROW_WIDTH
"""The narrowest chart box of the wide layout."""

_EM = 0.62
"""Average advance of a character, in ems: generous, so an estimate is never short of the rendered width."""


def text_width(text: str, size: float) -> float:
    """An upper estimate of the width in pixels of one line of `text` at font `size` pixels."""
    return len(text) * size * _EM


@dataclass(frozen=True)
class Placed:
    """A label's place: its lane (0 nearest the data), its side of the anchor and its box, in pixels."""

    lane: int
    anchor: Literal["left", "right"]
    left: float
    right: float
    at: float


GAP = 8.0
"""Pixels kept between two labels in a lane, and between a label and another label's leader line."""


def place_in_lanes(anchors: list[tuple[float, float]], width: float) -> list[Placed]:
    """Place labels `(anchor x, text width)` (pixels from the plot's left edge) in lanes above a plot `width` wide.

    A label starts at its anchor and runs right, or ends there and runs left where it would
    pass the right edge; it takes the lowest lane where its box meets no other box, no leader
    line (from a label in a higher lane down to its anchor) crosses it, and its own leader
    line crosses no box below it (if no lane allows that, only the last rule gives way).
    The result is in the order of `anchors`.
    """
    boxes = [_box(at, size, width) for at, size in anchors]
    covered = [sum(1 for other, _ in anchors if box[1] <= other <= box[2]) for box in boxes]
    # A label whose box covers other anchors goes after them, so that it lands above them and their
    # leader lines end below it: left-running labels are placed right to left, in a staircase.
    order = sorted(range(len(anchors)), key=lambda i: (covered[i], -anchors[i][0]))
    placed: list[Placed | None] = [None] * len(anchors)
    for index in order:
        anchor, left, right = boxes[index]
        at = anchors[index][0]
        others = [p for p in placed if p is not None]
        lanes = range(len(others) + 1)  # the last lane is empty: a label always finds one
        lane = next((n for n in lanes if _fits(n, left, right, at, others)), None)
        if lane is None:  # only a leader line crossing a lower label is left: never two labels over each other
            lane = next(n for n in lanes if _fits(n, left, right, at, others, leader=False))
        placed[index] = Placed(lane, anchor, left, right, at)
    return [p for p in placed if p is not None]


def _box(at: float, size: float, width: float) -> tuple[Literal["left", "right"], float, float]:
    """A label's side of its anchor and its box: running right, or left where it would pass the right edge."""
    if at + size <= width or at - size < 0:
        return "left", at, at + size
    return "right", at - size, at


def _fits(lane: int, left: float, right: float, at: float, others: list[Placed], *, leader: bool = True) -> bool:
    for other in others:
        if other.lane == lane and left < other.right + GAP and other.left < right + GAP:
            return False
        if leader and other.lane < lane and other.left - GAP <= at <= other.right + GAP:
            return False
        if other.lane > lane and left - GAP <= other.at <= right + GAP:
            return False
    return True
