"""The one visual system: contrast on both page backgrounds, one colour per weapon everywhere, the dark swap, the CSS."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from explainer.charts import WeaponRangesOptions, build_chart
from explainer.charts.palette import (
    DARK_PAGE,
    FAINT,
    LIGHT_PAGE,
    SERIES,
    STANCE_COLOURS,
    STANCE_MARK_INK,
    STATUS_COLOURS,
    VERMILLION,
    dark_colours_in,
    palette_css,
    supplier_of,
    translucent,
    weapon_colour,
    weapon_colours,
)
from explainer.dataset import load_dataset
from explainer.schema import ClaimStatus, Stance

from .chartdata import write_chart_data

if TYPE_CHECKING:
    from pathlib import Path

    from explainer.charts.palette import Colour
    from explainer.dataset import Dataset


@pytest.fixture
def dataset(tmp_path: Path) -> Dataset:
    return load_dataset(write_chart_data(tmp_path))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours."""
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_gives_the_known_ratios() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def _on_both_pages(colour: Colour) -> tuple[float, float]:
    return contrast(colour[0], LIGHT_PAGE), contrast(colour[1], DARK_PAGE)


@pytest.mark.parametrize("colour", SERIES, ids=lambda c: c[0])
def test_series_marks_stand_out_three_to_one_on_both_pages(colour: Colour) -> None:
    assert min(_on_both_pages(colour)) >= 3


@pytest.mark.parametrize(
    ("name", "colour"),
    [
        *((f"stance-{s.value}", c) for s, c in STANCE_COLOURS.items()),
        *((f"status-{s.value}", c) for s, c in STATUS_COLOURS.items()),
    ],
)
def test_stance_and_status_colours_read_as_text_on_both_pages(name: str, colour: Colour) -> None:
    assert min(_on_both_pages(colour)) >= 4.5, name


@pytest.mark.parametrize("stance", [s for s in Stance if s is not Stance.UNKNOWN])
def test_the_mark_on_a_stance_shape_reads_on_it(stance: Stance) -> None:
    shape, ink = STANCE_COLOURS[stance], STANCE_MARK_INK[stance]
    assert contrast(shape[0], ink[0]) >= 4.5
    assert contrast(shape[1], ink[1]) >= 4.5


def test_each_stance_and_each_status_has_a_colour_of_its_own() -> None:
    assert len(set(STANCE_COLOURS.values())) == len(Stance)
    assert len(set(STATUS_COLOURS.values())) == len(ClaimStatus)


def test_weapons_of_one_supplier_share_a_colour_and_suppliers_differ(dataset: Dataset) -> None:
    colours = weapon_colours(dataset)
    assert set(colours) == set(dataset.weapons)
    by_supplier: dict[str | None, set[Colour]] = {}
    for weapon in dataset.weapons.values():
        by_supplier.setdefault(supplier_of(weapon), set()).add(colours[weapon.id])
    assert all(len(found) == 1 for found in by_supplier.values())
    named = [next(iter(c)) for s, c in by_supplier.items() if s is not None]
    assert len(set(named)) == min(len(named), len(SERIES))


def test_the_range_chart_draws_each_weapon_in_its_own_colour(dataset: Dataset) -> None:
    spec = build_chart(dataset, "weapon-ranges", WeaponRangesOptions())
    by_name = {w.name: w.id for w in dataset.weapons.values()}
    assert spec.points
    for point in spec.points:
        weapon_id = by_name[point.label.split(":")[0]]
        trace = spec.figure["data"][point.trace]
        assert trace["marker"]["color"] == weapon_colour(dataset, weapon_id)[0], point.label


def test_a_highlight_greys_the_others_but_keeps_its_own_colour(dataset: Dataset) -> None:
    chosen = sorted(dataset.weapons)[0]
    spec = build_chart(dataset, "weapon-ranges", WeaponRangesOptions(highlight=chosen))
    colours = {t["marker"]["color"] for t in spec.figure["data"] if "markers" in t["mode"]}
    assert weapon_colour(dataset, chosen)[0] in colours
    assert FAINT[0] in colours


def test_translucent_palette_colours_in_a_figure_swap_to_their_dark_pair() -> None:
    fill = translucent(VERMILLION, 0.12)
    figure = {"data": [{"fillcolor": fill[0], "line": {"color": "rgba(1,2,3,0.5)"}}]}
    assert dark_colours_in(figure) == {fill[0]: fill[1]}


def test_the_stylesheet_gives_every_stance_status_and_weapon_a_light_and_a_dark_value(dataset: Dataset) -> None:
    css = palette_css(dataset)
    light, dark = css.split('[data-md-color-scheme="slate"]')
    for stance, colour in STANCE_COLOURS.items():
        assert f"--ex-stance-{stance.value}: {colour[0]};" in light
        assert f"--ex-stance-{stance.value}: {colour[1]};" in dark
    for weapon_id, colour in weapon_colours(dataset).items():
        assert f"--ex-weapon-{weapon_id}: {colour[1]};" in dark
        assert f".ex-weapon--{weapon_id} {{ color: var(--ex-weapon-{weapon_id}); }}" in css
    assert re.fullmatch(r"[^<>{}]*(\{[^<>{}]*\}[^<>{}]*)*", css), "plain CSS, nothing that could close a tag"


def test_every_page_links_the_generated_palette(built_site: Path) -> None:
    css = (built_site / "assets/stylesheets/palette.css").read_text(encoding="utf-8")
    assert "--ex-stance-supports" in css
    for page in ("index.html", "positions/index.html", "weapons/atacms/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert re.search(r'<link rel="stylesheet" href="(\.\./)*assets/stylesheets/palette\.css">', html), page
