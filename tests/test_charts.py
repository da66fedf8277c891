"""The chart builders: every claim drawn, geodesic rings, escaped text, stable output."""

from __future__ import annotations

import csv
import io
import json
import math
import random
import re
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
import pytest
from geographiclib.geodesic import Geodesic

from explainer.charts import (
    CHARTS,
    NothingToDraw,
    PositionsMatrixOptions,
    RangeMapOptions,
    TimelineOptions,
    WeaponRangesOptions,
    build_chart,
    figure_json,
    geodesic_distance_km,
    geodesic_path,
    geodesic_ring,
)
from explainer.charts.figures import HOVER_LINES, hover
from explainer.charts.mapframe import clearest_bearing
from explainer.charts.palette import INK, weapon_colour
from explainer.charts.records import unique
from explainer.charts.spec import variant
from explainer.dataset import load_dataset
from explainer.formatting import STANCE_MARKS, format_number
from explainer.schema import Stance

from .chartdata import EXTRA, write_chart_data
from .conftest import MINIMAL, write_tree

if TYPE_CHECKING:
    from pathlib import Path

    from explainer.charts import ChartSpec
    from explainer.dataset import Dataset


@pytest.fixture
def dataset(tmp_path: Path) -> Dataset:
    return load_dataset(write_chart_data(tmp_path))


def marks(spec: ChartSpec) -> list[dict[str, Any]]:
    """Traces that draw markers (not bands, rings or labels)."""
    return [t for t in spec.figure["data"] if "markers" in t.get("mode", "")]


def ring_traces(spec: ChartSpec) -> list[dict[str, Any]]:
    return [t for t in spec.figure["data"] if t.get("fill") == "toself"]


# Weapon ranges ---------------------------------------------------------------------------------


def test_a_disputed_range_yields_a_mark_and_a_row_for_every_claim(dataset: Dataset) -> None:
    spec = build_chart(dataset, "weapon-ranges", WeaponRangesOptions(weapons=["storm-shadow"]))
    xs = sorted(x for trace in marks(spec) for x in trace["x"])
    assert xs == [250, 400, 560]
    assert [row[3] for row in spec.rows] == [250, 560, 400]
    assert {row[5] for row in spec.rows} == {"assessed", "disputed"}
    labels = [t for trace in marks(spec) for t in trace["text"] if t]
    assert labels == ["≈250 km", "≈560 km", "≈400 km"]


def test_a_range_claim_is_drawn_as_a_band_from_its_lowest_to_its_highest_figure(dataset: Dataset) -> None:
    spec = build_chart(dataset, "weapon-ranges", WeaponRangesOptions(weapons=["oreshnik"]))
    bands = [t for t in spec.figure["data"] if t["mode"] == "lines"]
    assert [x for x in bands[0]["x"] if x is not None] == [500, 5500]
    assert sorted(x for trace in marks(spec) for x in trace["x"]) == [500, 5500, 5500, 6000]


def test_every_weapon_with_a_range_is_charted_by_default_and_coloured_by_supplier(dataset: Dataset) -> None:
    spec = build_chart(dataset, "weapon-ranges", WeaponRangesOptions())
    assert {row[0] for row in spec.rows} == {"ATACMS", "Storm Shadow", "Oreshnik"}
    colours = {trace["marker"]["color"] for trace in marks(spec)}
    assert len(colours) == 3
    assert [item.label for item in spec.key][:3] == ["Russia", "Ukraine", "United Kingdom"], "by supplier, or operator"


def test_reference_distances_are_great_circle_distances_labelled_above_the_rows(dataset: Dataset) -> None:
    options = WeaponRangesOptions(distances_from="sumy", distances_to=["berlin", "washington"])
    spec = build_chart(dataset, "weapon-ranges", options)
    sumy, berlin = dataset.places["sumy"], dataset.places["berlin"]
    km = geodesic_distance_km((sumy.latitude, sumy.longitude), (berlin.latitude, berlin.longitude))
    lines = [s for s in spec.figure["layout"]["shapes"] if s["type"] == "line"]
    assert next(round(s["x0"]) for s in lines) == round(km)
    labels = [a for a in spec.figure["layout"]["annotations"] if a["yref"] == "paper"]
    assert labels[0]["text"] == f"Sumy–Berlin {format_number(round(km, -1))} km"
    assert labels[0]["x"] == pytest.approx(math.log10(km)), "an annotation on a log axis takes the log"
    phone = [a for a in variant(spec, narrow=True, dark=False)["layout"]["annotations"] if a["yref"] == "paper"]
    assert phone[0]["text"] == f"Sumy–Berlin<br>{format_number(round(km, -1))} km", "two lines on a phone"


def test_each_class_of_weapon_is_a_labelled_zone_and_its_weapons_stay_together(dataset: Dataset) -> None:
    spec = build_chart(dataset, "weapon-ranges", WeaponRangesOptions())
    zones = [a["text"] for a in spec.figure["layout"]["annotations"] if a["xref"] == "paper"]
    classes = unique(dataset.weapons[w].weapon_class for w in _ids_in_row_order(dataset, spec))
    assert zones == [dataset.weapon_classes[c].plural for c in classes]
    assert len(classes) == len({dataset.weapons[w].weapon_class for w in _ids_in_row_order(dataset, spec)})


def _ids_in_row_order(dataset: Dataset, spec: ChartSpec) -> list[str]:
    by_name = {w.name: w.id for w in dataset.weapons.values()}
    return list(dict.fromkeys(by_name[str(row[0])] for row in spec.rows))


def test_a_tight_range_is_a_short_bar_with_one_mark(dataset: Dataset) -> None:
    spec = build_chart(dataset, "weapon-ranges", WeaponRangesOptions(weapons=["atacms"]))
    xs = [x for trace in marks(spec) for x in trace["x"]]
    bands = [x for trace in spec.figure["data"] if trace["mode"] == "lines" for x in trace["x"]]
    assert [x for x in bands if x is not None] == [150, 170], "the 150-170 km claim is a bar"
    assert 170 in xs
    assert 150 not in xs, "one mark, at its far end: not two marks over each other"


def test_highlight_keeps_colour_for_one_weapon_and_greys_the_others(dataset: Dataset) -> None:
    spec = build_chart(dataset, "weapon-ranges", WeaponRangesOptions(highlight="atacms"))
    by_colour = {trace["marker"]["color"]: len(trace["x"]) for trace in marks(spec)}
    assert len(by_colour) == 2
    assert "<b>ATACMS</b>" in spec.figure["layout"]["yaxis"]["ticktext"]
    assert "ATACMS" in spec.title
    assert "Highlighted: ATACMS" in spec.description


def test_listing_a_weapon_without_a_range_figure_is_an_error(tmp_path: Path) -> None:
    taurus = """
        name: Taurus
        class: cruise-missile
        maker: TAURUS Systems
        summary: A missile.
        sources: [s1]
    """
    dataset = load_dataset(write_chart_data(tmp_path, {"weapons/taurus.yaml": taurus}))
    with pytest.raises(ValueError, match="no range figure to draw for: taurus"):
        build_chart(dataset, "weapon-ranges", WeaponRangesOptions(weapons=["taurus"]))


def test_each_plotted_claim_is_a_point_a_keyboard_reaches_that_links_to_its_weapon(dataset: Dataset) -> None:
    spec = build_chart(dataset, "weapon-ranges", WeaponRangesOptions())
    assert len(spec.points) == len(spec.rows)
    for point in spec.points:
        trace = spec.figure["data"][point.trace]
        assert trace["text"][point.index], "the point with the label is the one a keyboard reaches"
        assert point.url in {"weapons/atacms/", "weapons/storm-shadow/", "weapons/oreshnik/"}


# Geodesy and the map -----------------------------------------------------------------------------


@pytest.mark.parametrize(("lat", "lon"), [(50.9174, 34.7991), (48.584, 45.734), (64.1, -21.9)])
def test_a_300_km_ring_lies_300_km_from_its_centre_within_one_percent(lat: float, lon: float) -> None:
    ring = geodesic_ring(lat, lon, 300)
    for point_lat, point_lon in ring:
        distance = Geodesic.WGS84.Inverse(lat, lon, point_lat, point_lon)["s12"] / 1000
        assert distance == pytest.approx(300, rel=0.01)
    assert ring[0] == ring[-1]


def test_the_rings_on_the_map_are_their_stated_distance_from_the_launch_point(dataset: Dataset) -> None:
    spec = build_chart(dataset, "range-map", RangeMapOptions(layers=["rings"], origin="sumy"))
    radii = sorted(row[3] for row in spec.rows if row[0] == "Range ring" and isinstance(row[3], float))
    assert radii == [250.0, 300.0]
    for trace, radius in zip(ring_traces(spec), radii, strict=True):
        for lat, lon in zip(trace["lat"], trace["lon"], strict=True):
            distance = Geodesic.WGS84.Inverse(50.9174, 34.7991, lat, lon)["s12"] / 1000
            assert distance == pytest.approx(radius, rel=0.01)


def test_a_ring_is_drawn_only_for_assessed_figures_and_named_as_illustrative(dataset: Dataset) -> None:
    spec = build_chart(dataset, "range-map", RangeMapOptions(layers=["rings"], origin="sumy"))
    # Storm Shadow's disputed 560 km and ATACMS's claimed 150-170 km are in the ranges chart, not rings.
    assert {row[3] for row in spec.rows if row[0] == "Range ring"} == {250.0, 300.0}
    assert "Sumy, an illustrative launch point" in spec.description
    assert any("illustrative launch point" in item.label for item in spec.key)


def test_without_an_origin_rings_are_drawn_around_each_weapons_own_launch_points(dataset: Dataset) -> None:
    spec = build_chart(dataset, "range-map", RangeMapOptions(layers=["rings"]))
    assert {row[2] for row in spec.rows} == {"Sumy"}
    assert {row[1] for row in spec.rows} == {"ATACMS", "Storm Shadow"}, "no launch point, no ring"


def test_a_flight_is_drawn_only_where_an_event_states_it(tmp_path: Path) -> None:
    unstated = EXTRA["events/2024-11-21-oreshnik.yaml"].replace(
        "        flights:\n          - {weapon: oreshnik, from: kapustin-yar, to: dnipro}\n", ""
    )
    dataset = load_dataset(write_chart_data(tmp_path, {"events/2024-11-21-oreshnik.yaml": unstated}))
    spec = build_chart(dataset, "range-map", RangeMapOptions(layers=["flights", "reach", "rings"]))
    assert [row for row in spec.rows if row[0] == "Flight"] == []


def test_a_class_whose_vocabulary_entry_draws_no_ring_gets_none(tmp_path: Path) -> None:
    vocabulary = "label: Cruise missile\nplural: Cruise missiles\nrange_ring: false\n"
    dataset = load_dataset(write_chart_data(tmp_path, {"weapon-classes/cruise-missile.yaml": vocabulary}))
    spec = build_chart(dataset, "range-map", RangeMapOptions(layers=["rings"]))
    assert {row[1] for row in spec.rows} == {"ATACMS"}


def test_a_strike_from_a_launch_site_is_a_geodesic_line_and_its_weapons_reach_rings_are_estimates(
    dataset: Dataset,
) -> None:
    spec = build_chart(dataset, "range-map", RangeMapOptions(layers=["flights", "reach"]))
    flight = next(row for row in spec.rows if row[0] == "Flight")
    assert flight[1:3] == ("Oreshnik, 21 November 2024", "Kapustin Yar")
    expected = Geodesic.WGS84.Inverse(48.584, 45.734, 48.4666, 35.0407)["s12"] / 1000
    assert flight[3] == pytest.approx(expected, abs=0.1)
    reach = sorted({row[3] for row in spec.rows if row[0] == "Estimated reach" and isinstance(row[3], float)})
    assert reach == [5500.0, 6000.0], "every claimed radius is drawn, none is invented"
    assert "estimate" in spec.description
    # Separate claims stay separate: no label, key entry or sentence joins them into a span.
    words = [
        spec.description,
        *(item.label for item in spec.key),
        *(t for trace in spec.figure["data"] for t in [trace.get("text")] if isinstance(t, str)),
    ]
    assert not [w for w in words if re.search(r"5,500\s*(to|–|-)\s*6,000", w)]
    assert "separate estimates of 5,500 km and 6,000 km" in spec.description
    path = geodesic_path((48.584, 45.734), (48.4666, 35.0407))
    assert path[0] == pytest.approx((48.584, 45.734))
    assert path[-1] == pytest.approx((48.4666, 35.0407))


def test_capitals_beyond_the_largest_estimate_stay_off_the_map_and_are_named(dataset: Dataset) -> None:
    spec = build_chart(dataset, "range-map", RangeMapOptions(layers=["flights", "reach", "places"]))
    names = {row[1] for row in spec.rows}
    assert "Berlin" in names
    assert "Washington, D.C." not in names
    assert "Washington, D.C." in spec.details


def test_the_map_reads_its_base_map_from_the_europe_file_when_the_frame_fits(dataset: Dataset) -> None:
    spec = build_chart(dataset, "range-map", RangeMapOptions())
    geo = spec.figure["layout"]["geo"]
    assert (geo["scope"], geo["resolution"]) == ("europe", 50)
    assert spec.bundle == "geo"
    assert spec.aspect is not None
    assert 0.2 < spec.aspect < 2


def test_a_map_with_nothing_to_draw_says_so_instead_of_failing(tmp_path: Path) -> None:
    dataset = load_dataset(write_tree(tmp_path, MINIMAL))
    with pytest.raises(NothingToDraw):
        build_chart(dataset, "range-map", RangeMapOptions(layers=["flights", "reach", "bases"]))


# Positions matrix ------------------------------------------------------------------------------


def test_the_matrix_shows_each_stance_by_shape_and_mark_as_well_as_colour(dataset: Dataset) -> None:
    spec = build_chart(dataset, "positions-matrix", PositionsMatrixOptions())
    stance_traces = [t for t in spec.figure["data"] if t["mode"] == "markers+text"]
    symbols = [t["marker"]["symbol"] for t in stance_traces]
    texts = [t["text"][0] for t in stance_traces]
    assert len(set(symbols)) == len(symbols) == 3
    assert set(texts) == {STANCE_MARKS[Stance.SUPPORTS], STANCE_MARKS[Stance.OPPOSES], STANCE_MARKS[Stance.SHIFTED]}
    assert {item.mark for item in spec.key if item.mark} == set(texts)


def test_a_matrix_cell_shows_the_quote_and_links_to_the_statement_with_its_sources(dataset: Dataset) -> None:
    spec = build_chart(dataset, "positions-matrix", PositionsMatrixOptions())
    hover = [h for t in spec.figure["data"] for h in t.get("hovertext", [])]
    assert any("“It was important to talk”" in h for h in hover)
    assert {p.url for p in spec.points} == {f"positions/#{pid}" for pid in dataset.positions}
    assert len(spec.points) == len(dataset.positions)
    assert any("No sourced stance" in h for h in hover), "an empty cell says so"


# Timeline --------------------------------------------------------------------------------------------


def test_the_timeline_groups_events_by_country_and_links_each_to_its_details(dataset: Dataset) -> None:
    spec = build_chart(dataset, "timeline", TimelineOptions())
    assert spec.figure["layout"]["yaxis"]["ticktext"] == ["United States", "Germany", "Ukraine", "Russia"]
    assert {p.url for p in spec.points} == {f"timeline/#{eid}" for eid in dataset.events}
    scholz = next(row for row in spec.rows if row[1] == "Scholz repeated his refusal")
    assert scholz[2] == "Germany", "a person's event sits in the row of the person's country"


def cut_lines(layout: dict[str, Any]) -> list[float]:
    """Where the dotted lines of the timeline's cuts stand."""
    return [shape["x0"] for shape in layout["shapes"] if shape["line"]["dash"] == "dot"]


def test_the_timeline_skips_long_stretches_without_events(dataset: Dataset) -> None:
    spec = build_chart(dataset, "timeline", TimelineOptions())
    assert len(cut_lines(spec.figure["layout"])) == 1
    assert "skips" in spec.note
    assert "16 May 2016 to" in spec.note or "May 2016 to" in spec.note


@pytest.mark.parametrize("narrow", [False, True])
def test_a_year_stands_on_both_sides_of_every_cut(dataset: Dataset, narrow: bool) -> None:
    layout = variant(build_chart(dataset, "timeline", TimelineOptions()), narrow=narrow, dark=False)["layout"]
    ticks = list(zip(layout["xaxis"]["tickvals"], layout["xaxis"]["ticktext"], strict=True))
    for cut in cut_lines(layout):
        before = [text for x, text in ticks if x < cut]
        after = [text for x, text in ticks if x > cut]
        assert re.search(r"<br>\d{4}$", before[-1]), before
        assert re.search(r"<br>\d{4}$", after[0]), after
    assert layout["xaxis"]["tickangle"] == 0


def test_the_busiest_window_keeps_the_three_months_with_the_most_events(dataset: Dataset) -> None:
    spec = build_chart(dataset, "timeline", TimelineOptions(window="busiest"))
    assert [row[0] for row in spec.rows] == ["2024-11-17", "2024-11-19", "2024-11-20", "2024-11-21"]
    assert spec.title == "The busiest weeks, 17 November 2024 to 21 November 2024, day by day"
    assert cut_lines(spec.figure["layout"]) == []


@pytest.mark.parametrize("narrow", [False, True])
def test_key_events_are_labelled_on_the_timeline_in_lanes_above_the_rows(dataset: Dataset, narrow: bool) -> None:
    layout = variant(build_chart(dataset, "timeline", TimelineOptions()), narrow=narrow, dark=False)["layout"]
    labels = {a["text"]: a for a in layout["annotations"] if a["xref"] == "x"}
    assert set(labels) == {e.chart_label for e in dataset.events.values() if e.chart_label}
    top_row = -0.7
    assert all(a["y"] < top_row for a in labels.values()), "above the first row's marks"
    assert layout["yaxis"]["range"][1] < min(a["y"] for a in labels.values()), "inside the plot"


def test_timeline_events_take_their_weapons_colour_and_the_key_names_each_colour(dataset: Dataset) -> None:
    spec = build_chart(dataset, "timeline", TimelineOptions())
    drawn = {c for trace in spec.figure["data"] for c in trace["marker"]["color"]}
    assert drawn == {item.colour[0] for item in spec.key}, "the key matches the marks exactly"
    oreshnik = next(item for item in spec.key if item.label == "Oreshnik")
    assert oreshnik.colour == weapon_colour(dataset, "oreshnik")
    assert oreshnik.shape == "diamond"


def test_on_a_phone_the_row_names_stand_above_the_rows_and_the_plot_takes_the_width(dataset: Dataset) -> None:
    spec = build_chart(dataset, "timeline", TimelineOptions())
    phone = variant(spec, narrow=True, dark=False)
    assert phone["layout"]["yaxis"]["showticklabels"] is False
    names = [a["text"] for a in phone["layout"]["annotations"] if a["xref"] == "paper"]
    assert names == spec.figure["layout"]["yaxis"]["ticktext"]
    assert phone["data"][0]["x"] != spec.figure["data"][0]["x"] or len(spec.figure["data"][0]["x"]) == 1


def test_timeline_options_filter_by_date_and_actor(dataset: Dataset) -> None:
    spec = build_chart(dataset, "timeline", TimelineOptions.model_validate({"from": "2024-11", "actors": ["russia"]}))
    assert [row[1] for row in spec.rows] == ["Russia struck Dnipro with Oreshnik"]
    with pytest.raises(NothingToDraw):
        build_chart(dataset, "timeline", TimelineOptions.model_validate({"from": "2030"}))


# Every chart ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_figure_is_valid_plotly_and_carries_no_template(dataset: Dataset, name: str) -> None:
    spec = build_chart(dataset, name, CHARTS[name].options())
    go.Figure(spec.figure)  # raises on any property plotly does not know
    assert "template" not in spec.figure["layout"]
    assert spec.figure["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_the_csv_and_json_downloads_hold_exactly_the_table_rows(dataset: Dataset, name: str) -> None:
    spec = build_chart(dataset, name, CHARTS[name].options())
    table = list(csv.reader(io.StringIO(spec.to_csv())))
    assert table[0] == [c.key for c in spec.columns]
    assert len(table) - 1 == len(spec.rows) > 0
    payload = json.loads(spec.to_json())
    assert payload["rows"] == spec.records()
    assert payload["sources"] == list(spec.sources)
    for row, line in zip(spec.rows, table[1:], strict=True):
        for value, text in zip(row, line, strict=True):
            if isinstance(value, float):
                assert float(text) == value


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_two_builds_of_the_same_data_give_the_same_bytes(tmp_path: Path, name: str) -> None:
    first = load_dataset(write_chart_data(tmp_path / "a"))
    second = load_dataset(write_chart_data(tmp_path / "b"))
    one = build_chart(first, name, CHARTS[name].options())
    two = build_chart(second, name, CHARTS[name].options())
    assert figure_json(one.figure) == figure_json(two.figure)
    assert (one.to_csv(), one.to_json(), one.description, one.details) == (
        two.to_csv(),
        two.to_json(),
        two.description,
        two.details,
    )


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_data_strings_are_escaped_wherever_plotly_reads_html(tmp_path: Path, name: str) -> None:
    payload = "<img src=x onerror=alert(1)>"
    hostile = {
        "places/sumy.yaml": EXTRA["places/sumy.yaml"].replace("name: Sumy", f'name: "Sumy {payload}"'),
        "weapons/storm-shadow.yaml": EXTRA["weapons/storm-shadow.yaml"].replace(
            "name: Storm Shadow", f'name: "Storm {payload}"'
        ),
        "events/2024-11-17-scholz.yaml": EXTRA["events/2024-11-17-scholz.yaml"].replace(
            "title: Scholz repeated his refusal", f'title: "Refusal {payload}"'
        ),
        "topics/talks.yaml": EXTRA["topics/talks.yaml"].replace(
            "short: Talks with Putin", 'short: "Talks <b onmouseover=x>"'
        ),
    }
    dataset = load_dataset(write_chart_data(tmp_path, hostile))
    spec = build_chart(dataset, name, CHARTS[name].options())
    text = figure_json(spec.figure)
    assert "<img" not in text
    assert "<b onmouseover" not in text
    assert "&lt;" in text, "the payload shows, escaped"


_COLOUR = re.compile(r"#[0-9a-f]{6}|rgba\((\d+,){3}(?P<alpha>[0-9.]+)\)")


def _colours(value: Any) -> set[str]:
    """Every colour a figure sets, `#rrggbb` or `rgba()`, but for the fully transparent (the same in both palettes)."""
    if isinstance(value, str):
        match = _COLOUR.fullmatch(value.replace(" ", ""))
        return {value} if match and (match["alpha"] is None or float(match["alpha"]) > 0) else set()
    if isinstance(value, dict):
        return set().union(*(_colours(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_colours(v) for v in value)) if value else set()
    return set()


def test_the_colour_check_sees_translucent_colours_and_skips_transparent_ones() -> None:
    figure = {"data": [{"fillcolor": "rgba(0,114,178,0.06)", "line": {"color": "#0072b2"}}], "bg": "rgba(0,0,0,0)"}
    assert _colours(figure) == {"rgba(0,114,178,0.06)", "#0072b2"}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_colour_of_a_figure_has_its_own_dark_palette_counterpart(dataset: Dataset, name: str) -> None:
    spec = build_chart(dataset, name, CHARTS[name].options())
    colours = _colours(spec.figure)
    assert colours, "the figure sets its colours"
    assert colours <= set(spec.dark_colours), "the dark palette knows every colour"
    assert spec.dark_colours[INK[0]] == INK[1], "text turns light on the dark background"
    assert all(spec.dark_colours[c] != c for c in colours)


@pytest.mark.slow  # seconds of CPU: left out of `make test-fast`
def test_ring_labels_take_the_bearing_farthest_from_every_place_as_measuring_every_pair_finds() -> None:
    wgs84 = Geodesic.WGS84

    def every_pair(origin: Any, rings: list[Any], near: list[tuple[float, float]]) -> int:
        def clearance(azimuth: int) -> tuple[float, int]:
            spots = [wgs84.Direct(origin.latitude, origin.longitude, azimuth, r.radius * 1000.0) for r in rings]
            gaps = [geodesic_distance_km((s["lat2"], s["lon2"]), p) for s in spots for p in near]
            return (min(gaps, default=math.inf), -azimuth)

        return max(range(0, 360, 15), key=clearance)

    rng = random.Random(7)
    for trial in range(40):
        origin = SimpleNamespace(latitude=rng.uniform(40, 60), longitude=rng.uniform(0, 50))
        rings = [SimpleNamespace(radius=r) for r in sorted(rng.sample([50, 300, 500, 1000, 2500, 5500], 3))]
        near = [(origin.latitude + rng.uniform(-15, 15), origin.longitude + rng.uniform(-25, 25)) for _ in range(12)]
        if trial % 5 == 0:
            near = near[:1] if trial % 10 else []  # one place, or none: every bearing ties
        assert clearest_bearing(origin, [r.radius for r in rings], near) == every_pair(origin, rings, near)  # type: ignore[arg-type]


def test_a_hover_label_keeps_short_text_whole_and_cuts_long_text_to_fit_the_plot() -> None:
    short = hover("19 November 2024", "Ukraine fired ATACMS at Karachev.", "Sources: AP")
    assert short == "<b>19 November 2024</b><br>Ukraine fired ATACMS at Karachev.<br>Sources: AP"

    long = "word " * 400
    label = hover(long, long, "<script>" * 60, "Sources: AP")
    rows = label.split("<br>")
    assert len(rows) <= 2 + HOVER_LINES
    assert rows[1].startswith("<b>"), "the title keeps two lines"
    assert rows[1].endswith(" …</b>"), "the title keeps two lines"
    assert sum(row.endswith(" …") for row in rows[2:]) == 2, "each long field says it was cut"
    assert rows[-1] == "Sources: AP", "a short field keeps its place"
    assert "<script>" not in label
    assert "&lt;script&gt;" in label


def test_a_hover_keeps_the_capitals_of_the_claimant_s_name(dataset: Dataset) -> None:
    spec = build_chart(dataset, "weapon-ranges", WeaponRangesOptions(weapons=["oreshnik"]))
    hovers = [h for trace in marks(spec) for h in trace["hovertext"]]
    assert any("Claimed by United States" in h for h in hovers)
    assert not any("united states" in h for h in hovers)


@pytest.mark.parametrize(("lat", "lon"), [(50.9, 34.8), (-51.7, -57.9), (8.0, -13.2), (0.5, 32.6), (64.1, -21.9)])
def test_a_ring_is_drawn_round_within_two_percent_at_any_latitude(lat: float, lon: float) -> None:
    from explainer.charts.mapframe import Projection, frame

    ring = geodesic_ring(lat, lon, 300)
    projection = Projection(*frame(ring))
    xs, ys = zip(*(projection.raw(p_lat, p_lon) for p_lat, p_lon in ring), strict=True)
    assert (max(xs) - min(xs)) / (max(ys) - min(ys)) == pytest.approx(1, rel=0.02)


_KEY_OF_SYMBOL = {"triangle-up": "triangle", "square": "square", "diamond": "diamond", "circle": "circle"}
_KEY_OF_DASH = {"solid": "line", "dash": "dash", "dot": "dot"}


@pytest.mark.parametrize("layers", [None, ["rings", "places"], ["flights", "reach", "bases", "places"]])
def test_the_maps_key_matches_its_marks_shape_for_shape_and_line_for_line(
    dataset: Dataset, layers: list[str] | None
) -> None:
    spec = build_chart(dataset, "range-map", RangeMapOptions(layers=layers))
    drawn_marks, drawn_lines = set(), []
    for trace in spec.figure["data"]:
        if trace.get("mode") == "lines":
            drawn_lines.append((trace["line"]["color"], _KEY_OF_DASH[trace["line"].get("dash", "solid")]))
        elif "markers" in trace.get("mode", ""):
            symbol = trace["marker"]["symbol"]
            drawn_marks.add((trace["marker"]["color"], _KEY_OF_SYMBOL.get(symbol, symbol)))
    keyed = [(item.colour[0], item.shape) for item in spec.key]
    assert sorted(k for k in keyed if k[1] in {"line", "dash", "dot"}) == sorted(drawn_lines), "each line keyed"
    assert {k for k in keyed if k[1] not in {"line", "dash", "dot"}} == drawn_marks, "each mark keyed as drawn"


def test_the_map_shades_and_names_the_states_its_rings_and_flights_are_in(dataset: Dataset) -> None:
    spec = build_chart(dataset, "range-map", RangeMapOptions(layers=["rings", "places"]))
    shaded = next(t for t in spec.figure["data"] if t["type"] == "choropleth")
    assert set(shaded["locations"]) == {"Russia", "Ukraine"}
    named = next(t for t in spec.figure["data"] if t.get("meta") == "country")
    assert set(named["text"]) == {"RUSSIA", "UKRAINE"}
    chosen = build_chart(dataset, "range-map", RangeMapOptions(layers=["rings", "places"], countries=["russia"]))
    assert next(t for t in chosen.figure["data"] if t["type"] == "choropleth")["locations"] == ["Russia"]
