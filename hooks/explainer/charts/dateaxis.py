"""A date axis in pieces: long stretches without events cut out, each piece as wide as its events need, ticks that fit.

Plotly's own date axis gives each day the same width and labels years only where they
change, so a cut-out stretch leaves dots left of the only year label. Here the axis is a
plain number line from 0 to 1: each run of events (a `Piece`) gets a share of it in
proportion to its events (and never less than a tick label needs), and each piece's ticks
are chosen to fit the narrowest box the layout is drawn in; the first and last tick of a
piece name the year, so a year stands on both sides of every cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from explainer.charts.labels import text_width
from explainer.formatting import format_date

__all__ = ["DateAxis", "Piece", "Tick", "build_date_axis"]

CUT = 0.035
"""The share of the axis between two pieces, where the dotted line of a cut stands."""
TICK_FONT = 12
_STEPS = (1, 2, 7, 14, 30, 91, 365)
"""Tick spacings tried, in days, finest first: a day, two, a week, a fortnight, a month, a quarter, a year."""


@dataclass(frozen=True)
class Piece:
    """A run of events drawn without a cut: the days it shows and its share of the axis."""

    start: date
    end: date
    x0: float
    x1: float

    def x(self, day: date) -> float:
        """Where `day` stands on the axis (0 to 1)."""
        span = max(1, (self.end - self.start).days)
        return round(self.x0 + (self.x1 - self.x0) * (day - self.start).days / span, 5)


@dataclass(frozen=True)
class Tick:
    """A tick: where it stands and its label (a second line with the year where one is due)."""

    x: float
    text: str
    opens: bool = False
    """The first tick of a piece: it names the year and is kept over a crowding neighbour."""


@dataclass(frozen=True)
class DateAxis:
    """The pieces of an axis; the cuts between them are the stretches left out."""

    pieces: tuple[Piece, ...]

    def x(self, day: date) -> float:
        """Where `day` stands: in the piece that shows it."""
        return next(p for p in self.pieces if p.start <= day <= p.end).x(day)

    @property
    def cuts(self) -> list[tuple[date, date, float]]:
        """Each stretch left out (first and last day) and where on the axis its dotted line stands."""
        return [(a.end, b.start, round((a.x1 + b.x0) / 2, 5)) for a, b in pairwise(self.pieces)]

    def ticks(self, plot_width: float) -> list[Tick]:
        """Ticks that fit a plot `plot_width` pixels wide: the year on the first and last of each piece."""
        ticks: list[Tick] = []
        for piece in self.pieces:
            ticks += _piece_ticks(piece, plot_width)
        return _spaced(ticks, plot_width)


def build_date_axis(days: list[date], gap_days: int, pad: timedelta, narrow_plot: float) -> DateAxis:
    """An axis for `days` (sorted, repeats counted), cut where two are more than `gap_days` apart.

    Each piece's share follows its count of events, with at least the width of a tick label
    on a plot `narrow_plot` pixels wide, so a lone event of years before still has its year.
    """
    runs: list[list[date]] = [[days[0]]]
    for before, day in pairwise(days):
        if (day - before).days > gap_days:
            runs.append([])
        runs[-1].append(day)
    free = 1 - CUT * (len(runs) - 1)
    least = min(free / len(runs), (text_width("2024", TICK_FONT) + 12) / narrow_plot)
    shares = _shares([len(run) for run in runs], free, least)
    pieces, at = [], 0.0
    for run, share in zip(runs, shares, strict=True):
        pieces.append(Piece(run[0] - pad, run[-1] + pad, round(at, 5), round(at + share, 5)))
        at += share + CUT
    return DateAxis(tuple(pieces))


def _shares(counts: list[int], free: float, least: float) -> list[float]:
    """Shares of `free` in proportion to `counts`, none under `least` (those are raised, the rest share what is left)."""
    shares = [free * c / sum(counts) for c in counts]
    small = {i for i, s in enumerate(shares) if s < least}
    while small:
        rest = free - least * len(small)
        big = [i for i in range(len(counts)) if i not in small]
        total = sum(counts[i] for i in big) or 1
        shares = [least if i in small else rest * counts[i] / total for i in range(len(counts))]
        grown = {i for i, s in enumerate(shares) if s < least} - small
        if not grown:
            break
        small |= grown
    return shares


def _piece_ticks(piece: Piece, plot_width: float) -> list[Tick]:
    """The finest ticks that do not crowd each other inside the piece; its first event's month if none fit."""
    width = (piece.x1 - piece.x0) * plot_width
    span = max(1, (piece.end - piece.start).days)
    for step in _STEPS:
        days = _tick_days(piece.start, piece.end, step)
        label = text_width("17 Nov" if step < 30 else "2024", TICK_FONT) + 12
        if len(days) >= 2 and width * step / span >= label:
            return _labelled(piece, days, by_day=step < 30)
        if len(days) == 1 and step >= 30:
            return _labelled(piece, days, by_day=False)
    middle = piece.start + (piece.end - piece.start) / 2
    return _labelled(piece, [middle.replace(day=1) if middle.replace(day=1) >= piece.start else middle], by_day=False)


def _tick_days(start: date, end: date, step: int) -> list[date]:
    """Round dates between `start` and `end`: every day, odd days, Mondays, the 1st and 15th, month or year starts."""
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return [d for d in days if _is_round(d, step)]


def _is_round(day: date, step: int) -> bool:
    if step == 1:
        return True
    if step == 2:
        return day.day % 2 == 1 and day.day < 31
    if step == 7:
        return day.day in (1, 8, 15, 22)
    if step == 14:
        return day.day in (1, 15)
    quarters = (1, 4, 7, 10) if step == 91 else (1,) if step == 365 else tuple(range(1, 13))
    return day.day == 1 and day.month in quarters


def _labelled(piece: Piece, days: list[date], *, by_day: bool) -> list[Tick]:
    """Ticks with `17 Nov` or `Nov` labels; the year under the first, the last and a January 1st."""
    ticks = []
    for n, day in enumerate(days):
        month = format_date(day.isoformat()[:7])[:3]
        text = f"{day.day} {month}" if by_day else month
        if n in (0, len(days) - 1) or (day.month == 1 and day.day == 1):
            text += f"<br>{day.year}"
        ticks.append(Tick(piece.x(day), text, opens=n == 0))
    return ticks


def _spaced(ticks: list[Tick], plot_width: float) -> list[Tick]:
    """The ticks without those whose labels would touch a neighbour's; a piece's first tick wins a clash."""
    kept: list[Tick] = []
    for tick in ticks:
        while kept and not kept[-1].opens and tick.opens and _clash(kept[-1], tick, plot_width):
            kept.pop()
        if not kept or not _clash(kept[-1], tick, plot_width):
            kept.append(tick)
    return kept


def _clash(one: Tick, other: Tick, plot_width: float) -> bool:
    return (other.x - one.x) * plot_width < _half(one) + _half(other) + 8


def _half(tick: Tick) -> float:
    return max(text_width(line, TICK_FONT) for line in tick.text.split("<br>")) / 2
