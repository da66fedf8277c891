"""The `chart` fence: a good fence becomes a chart with its table and downloads; a bad one names page and line."""

from __future__ import annotations

import json
import re
import textwrap
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import markdown  # type: ignore[import-untyped]
import pytest

from explainer.dataset import load_dataset
from explainer.fences import ChartFence, ChartFenceError, embedded_json, find_fences

from .chartdata import write_chart_data
from .conftest import make_site_copy, run_build

if TYPE_CHECKING:
    from pathlib import Path

    from explainer.dataset import Dataset


@pytest.fixture
def dataset(tmp_path: Path) -> Dataset:
    return load_dataset(write_chart_data(tmp_path))


def render(fence: ChartFence, source: str, path: str = "docs/page.md", url: str = "page/") -> str:
    """Render a Markdown page the way the site does: SuperFences with the chart fence."""
    source = textwrap.dedent(source).lstrip()
    fence.begin_page(path, url, source)
    md = markdown.Markdown(
        extensions=["pymdownx.superfences", "attr_list"],
        extension_configs={
            "pymdownx.superfences": {
                "custom_fences": [
                    {"name": "chart", "class": "chart", "validator": fence.validate, "format": fence.format}
                ]
            }
        },
    )
    html = str(md.convert(source))
    fence.end_page()
    return html


class _Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


# Good fences ---------------------------------------------------------------------------------


def test_a_fence_becomes_a_figure_with_chart_and_table_tabs_key_description_caption_and_downloads(
    dataset: Dataset,
) -> None:
    html = render(
        ChartFence(dataset),
        """
        # A page

        ```chart
        name: weapon-ranges
        weapons: [atacms, storm-shadow]
        ```
        """,
    )
    found = tags(html)
    figure = next(attrs for tag, attrs in found if tag == "figure")
    assert figure["id"] == "chart-page-1-weapon-ranges"
    assert figure["data-bundle"] == "basic"
    labels = re.findall(r"<label for=\"[^\"]+\">([^<]+)</label>", html)
    assert labels == ["Chart", "Table"]
    plot = next(attrs for tag, attrs in found if attrs.get("class") == "chart__plot")
    assert (plot["role"], plot["aria-roledescription"]) == ("group", "chart")
    assert plot["aria-labelledby"] == "chart-page-1-weapon-ranges-title"
    assert plot["aria-describedby"] == "chart-page-1-weapon-ranges-desc chart-page-1-weapon-ranges-words"
    assert '<figcaption class="chart__title" id="chart-page-1-weapon-ranges-title">' in html
    assert html.count("<tr>") == 1 + 5, "a header row and one row per claim"
    assert 'href="../charts/chart-page-1-weapon-ranges.csv"' in html
    assert 'href="../charts/chart-page-1-weapon-ranges.json"' in html
    assert 'href="../sources/#s1"' in html, "the caption names the sources"
    assert "Range claims for 2 weapons" in html


def test_the_figure_data_is_json_that_cannot_end_its_element_and_is_kept_out_of_search(dataset: Dataset) -> None:
    html = render(ChartFence(dataset), "```chart\nname: timeline\n```\n")
    body = re.search(r'<template class="chart__data" data-search-exclude>(.*?)</template>', html, re.S)
    assert body is not None
    payload = json.loads(body.group(1))
    assert set(payload) == {"aspect", "bundle", "dark", "figure", "narrow", "points", "text"}
    assert payload["points"][0][3].startswith("../timeline/#")
    assert embedded_json({"a": "</template><!--&amp;"}) == '{"a":"\\u003c/template\\u003e\\u003c!--\\u0026amp;"}'


def test_chart_ids_come_from_the_page_the_order_and_the_name(dataset: Dataset) -> None:
    fence = ChartFence(dataset)
    html = render(
        fence, "```chart\nname: timeline\n```\n\n```chart\nname: positions-matrix\n```\n", url="weapons/atacms/"
    )
    ids = [str(attrs["id"]) for tag, attrs in tags(html) if tag == "figure"]
    assert ids == ["chart-weapons-atacms-1-timeline", "chart-weapons-atacms-2-positions-matrix"]
    assert sorted(fence.rendered) == sorted(ids)
    downloads = fence.rendered[ids[0]].downloads
    assert sorted(downloads) == [f"charts/{ids[0]}.csv", f"charts/{ids[0]}.json"]


def test_rendering_a_page_again_replaces_its_charts(dataset: Dataset) -> None:
    fence = ChartFence(dataset)
    render(fence, "```chart\nname: timeline\n```\n\n```chart\nname: timeline\n```\n")
    render(fence, "```chart\nname: timeline\n```\n")
    assert list(fence.rendered) == ["chart-page-1-timeline"]


def test_a_chart_with_nothing_to_draw_yet_is_a_note_not_an_error(dataset: Dataset) -> None:
    html = render(ChartFence(dataset), "```chart\nname: timeline\nfrom: 2030\n```\n")
    assert 'class="chart-empty"' in html
    assert "<figure" not in html


def test_fences_inside_other_blocks_are_found_with_their_lines() -> None:
    source = (
        "# Title\n\n!!! note\n\n    ```chart\n    name: timeline\n    ```\n\n~~~~chart\nname: weapon-ranges\n~~~~\n"
    )
    assert find_fences(source) == [(5, "name: timeline"), (9, "name: weapon-ranges")]


# Bad fences ---------------------------------------------------------------------------------------

PAGE = """\
---
title: A page
---

# A page

Some text.

```chart
{body}
```
"""


def fail(dataset: Dataset, body: str) -> str:
    with pytest.raises(ChartFenceError) as caught:
        render(ChartFence(dataset), PAGE.format(body=body), path="docs/page.md")
    return str(caught.value)


def test_an_unknown_chart_stops_the_build_naming_page_and_line(dataset: Dataset) -> None:
    message = fail(dataset, "name: weapon-rangez")
    assert message.startswith("docs/page.md:10: chart: unknown chart 'weapon-rangez'")
    assert "weapon-ranges" in message


def test_an_unknown_option_names_the_line_of_the_option(dataset: Dataset) -> None:
    message = fail(dataset, "name: timeline\nfrom: 2024-11\ncolour: red")
    assert message.startswith("docs/page.md:12: chart 'timeline': unknown option 'colour'")
    assert "from" in message
    assert "group" in message


def test_an_unknown_record_id_names_the_line_of_the_list_item(dataset: Dataset) -> None:
    message = fail(dataset, "name: weapon-ranges\nweapons:\n  - atacms\n  - tauruss")
    assert message == (
        "docs/page.md:13: chart 'weapon-ranges': weapons: unknown weapon 'tauruss': no file data/weapons/tauruss.yaml"
    )


def test_a_misspelt_id_in_a_fence_gets_the_closest_id(dataset: Dataset) -> None:
    message = fail(dataset, "name: weapon-ranges\nweapons: [storm-shadow, oreshnick]")
    assert message == (
        "docs/page.md:11: chart 'weapon-ranges': weapons: unknown weapon 'oreshnick': no file"
        " data/weapons/oreshnick.yaml; did you mean 'oreshnik'?"
    )


def test_an_unknown_id_in_a_flow_list_names_the_line(dataset: Dataset) -> None:
    message = fail(dataset, "name: positions-matrix\nactors: [scholz, nobody]")
    assert message.startswith("docs/page.md:11: chart 'positions-matrix': actors: unknown actor 'nobody'")


def test_a_wrongly_typed_option_names_its_line(dataset: Dataset) -> None:
    message = fail(dataset, "name: timeline\ngroup: continent")
    assert message.startswith("docs/page.md:11: chart 'timeline': group:")


def test_options_that_are_not_yaml_name_the_line(dataset: Dataset) -> None:
    message = fail(dataset, "name: timeline\nactors: [russia")
    assert message.startswith("docs/page.md:11: chart: the options are not valid YAML: expected ',' or ']'")


def test_a_fence_without_a_name_says_which_charts_exist(dataset: Dataset) -> None:
    message = fail(dataset, "weapons: [atacms]")
    assert message.startswith("docs/page.md:9: chart: say which chart with `name:`")


def test_a_chart_that_cannot_draw_the_listed_records_names_the_fence(dataset: Dataset) -> None:
    message = fail(dataset, "name: range-map\nweapons: [oreshnik]\norigin: sumy")
    assert message.startswith(
        "docs/page.md:9: chart 'range-map': no assessed range figure and launch point to draw as a ring for: oreshnik"
    )


def test_the_second_of_two_identical_fences_gets_its_own_line(dataset: Dataset) -> None:
    source = "```chart\nname: timeline\n```\n\n```chart\nname: timeline\ngroup: planet\n```\n"
    with pytest.raises(ChartFenceError, match=r"^docs/page.md:7: chart 'timeline': group:"):
        render(ChartFence(dataset), source)


# A real build --------------------------------------------------------------------------------------


def test_a_real_build_with_a_bad_fence_fails_and_names_the_page_and_line(tmp_path: Path) -> None:
    project = make_site_copy(tmp_path / "project")
    page = project / "docs" / "charts-test.md"
    page.write_text("# Charts\n\nText.\n\n```chart\nname: weapon-ranges\nhighlight: nonesuch\n```\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "docs/charts-test.md:7: chart 'weapon-ranges': highlight: unknown weapon 'nonesuch': no file data/weapons/nonesuch.yaml"
        in result.stderr
    )


def test_an_option_given_twice_is_an_error_on_its_second_line(dataset: Dataset) -> None:
    message = fail(dataset, "name: timeline\nactors: [russia]\nactors: [ukraine]")
    assert message == "docs/page.md:12: chart: option 'actors' is given twice"


def test_options_nested_too_deeply_are_an_error_not_a_silent_code_block(dataset: Dataset) -> None:
    message = fail(dataset, "name: timeline\nactors:\n" + "".join(" " * d + "- \n" for d in range(1, 60)))
    assert message == "docs/page.md:43: chart: nested more than 32 levels deep; write it flatter"
