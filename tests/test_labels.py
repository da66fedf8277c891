"""Direct labels: none overlaps another, none leaves the plot, a leader line crosses no label, the same input lands the same."""

from __future__ import annotations

import random

import pytest

from explainer.charts.labels import Placed, place_in_lanes, text_width


def _overlap(one: Placed, other: Placed) -> bool:
    return one.lane == other.lane and one.left < other.right and other.left < one.right


def _crossed(one: Placed, other: Placed) -> bool:
    """`one`'s leader line (down from its lane to its anchor) crosses `other`'s box."""
    return other.lane < one.lane and other.left <= one.at <= other.right


@pytest.mark.parametrize("seed", range(20))
def test_no_two_labels_overlap_and_each_stays_inside_the_plot(seed: int) -> None:
    rng = random.Random(seed)
    width = rng.choice([200.0, 300.0, 600.0])
    anchors = [(rng.uniform(0, width), rng.uniform(40, 160)) for _ in range(rng.randint(1, 9))]
    placed = place_in_lanes(anchors, width)
    assert len(placed) == len(anchors)
    for n, one in enumerate(placed):
        assert one.right - one.left == pytest.approx(anchors[n][1])
        assert one.at in (one.left, one.right), "a label starts or ends at its anchor"
        assert one.left >= 0 or one.right >= width, "inside the plot unless it is wider than the plot"
        assert all(not _overlap(one, other) for other in placed if other is not one)


def test_labels_running_right_stack_as_a_staircase_whose_leaders_cross_no_label() -> None:
    placed = place_in_lanes([(10, 120), (40, 120), (70, 120), (400, 80)], 600)
    assert [p.lane for p in placed] == [2, 1, 0, 0]
    assert not any(_crossed(one, other) for one in placed for other in placed)


def test_a_label_near_the_right_edge_runs_left() -> None:
    (placed,) = place_in_lanes([(290, 100)], 300)
    assert (placed.anchor, placed.left, placed.right) == ("right", 190, 290)


def test_the_same_labels_land_in_the_same_places() -> None:
    anchors = [(x * 37.0 % 500, 90.0) for x in range(12)]
    assert place_in_lanes(anchors, 500) == place_in_lanes(list(anchors), 500)


def test_the_width_estimate_is_generous() -> None:
    assert text_width("Oreshnik strike, Dnipro", 12) > 23 * 12 * 0.55
