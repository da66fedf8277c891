"""What a chart hands over: the narrow and dark variants of a figure, by the one merge rule charts.js follows too."""

from __future__ import annotations

import re
from typing import Any

from explainer.charts.palette import INK
from explainer.charts.spec import NARROW_WIDTH, ChartSpec, merge, variant

from .conftest import ROOT


def test_an_object_merges_key_by_key_and_anything_else_replaces() -> None:
    base: dict[str, Any] = {"layout": {"margin": {"l": 8, "r": 12}, "xaxis": {"tickvals": [1, 2, 3]}}}
    change = {"layout": {"margin": {"r": 56}, "xaxis": {"tickvals": [10]}}}
    assert merge(base, change) == {"layout": {"margin": {"l": 8, "r": 56}, "xaxis": {"tickvals": [10]}}}
    assert base["layout"]["margin"]["r"] == 12, "the figure itself is left alone"


def test_index_keys_change_one_item_of_a_list_and_ignore_items_that_are_not_there() -> None:
    traces = [{"mode": "markers"}, {"mode": "lines", "line": {"width": 2}}]
    assert merge(traces, {"1": {"line": {"width": 1}}, "7": {"mode": "text"}}) == [
        {"mode": "markers"},
        {"mode": "lines", "line": {"width": 1}},
    ]


def _spec() -> ChartSpec:
    figure = {"data": [{"marker": {"color": INK[0]}}], "layout": {"font": {"size": 13}}}
    narrow = {"layout": {"font": {"size": 12}}}
    return ChartSpec("c", "t", figure, (), (), (), "", narrow=narrow)


def test_the_variant_applies_the_narrow_changes_then_the_dark_swap() -> None:
    spec = _spec()
    assert variant(spec, narrow=False, dark=False) == spec.figure
    both = variant(spec, narrow=True, dark=True)
    assert both["layout"]["font"]["size"] == 12
    assert both["data"][0]["marker"]["color"] == INK[1]


def test_the_browser_switches_to_the_narrow_variant_at_the_same_width() -> None:
    script = (ROOT / "docs/assets/javascripts/charts.js").read_text(encoding="utf-8")
    match = re.search(r"var NARROW_WIDTH = (\d+);", script)
    assert match is not None
    assert int(match.group(1)) == NARROW_WIDTH
