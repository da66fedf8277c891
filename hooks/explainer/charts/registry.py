"""Every chart an author can place with a `chart` fence: its name, options model, builder and plotly.js bundle.

A new kind of chart is one new module with its options model and `build_*` function, and
one line in `CHARTS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from explainer.charts.matrix import PositionsMatrixOptions, build_positions_matrix
from explainer.charts.rangemap import RangeMapOptions, build_range_map
from explainer.charts.ranges import WeaponRangesOptions, build_weapon_ranges
from explainer.charts.timeline import TimelineOptions, build_timeline
from explainer.hints import did_you_mean
from explainer.schema import COLLECTIONS

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from explainer.charts.options import ChartOptions
    from explainer.charts.spec import Bundle, ChartSpec
    from explainer.dataset import Dataset

__all__ = ["CHARTS", "ChartType", "build_chart", "check_refs"]


@dataclass(frozen=True)
class ChartType:
    """A kind of chart: its options, its builder and the plotly.js bundle it needs."""

    name: str
    options: type[ChartOptions]
    build: Callable[[Dataset, Any], ChartSpec]
    bundle: Bundle
    summary: str


_TYPES = (
    ChartType("weapon-ranges", WeaponRangesOptions, build_weapon_ranges, "basic", "Every range claim of each weapon."),
    ChartType("range-map", RangeMapOptions, build_range_map, "geo", "Range rings, flights and reach on a map."),
    ChartType("positions-matrix", PositionsMatrixOptions, build_positions_matrix, "basic", "Actor by topic stances."),
    ChartType("timeline", TimelineOptions, build_timeline, "basic", "Events on a date axis."),
)

CHARTS: Mapping[str, ChartType] = MappingProxyType({chart.name: chart for chart in _TYPES})
"""Every chart an author can place with a `chart` fence, by name."""


def check_refs(options: ChartOptions, dataset: Dataset) -> list[tuple[str, int | None, str]]:
    """Ids in `options` that name no record, as `(option, index in a list or None, message)`."""
    problems: list[tuple[str, int | None, str]] = []
    for name, collection in options.refs.items():
        value = getattr(options, name)
        records = dataset.collection(collection)
        items: list[tuple[int | None, str]] = (
            [] if value is None else list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        )
        for index, record_id in items:
            if record_id not in records:
                problems.append(
                    (
                        name,
                        index,
                        f"unknown {COLLECTIONS[collection].noun} '{record_id}': no file data/{collection}/{record_id}.yaml"
                        + did_you_mean(record_id, sorted(records)),
                    )
                )
    return problems


def build_chart(dataset: Dataset, name: str, options: ChartOptions) -> ChartSpec:
    """Build the chart `name` with validated `options`; `ChartError` if the options cannot be drawn."""
    return CHARTS[name].build(dataset, options)
