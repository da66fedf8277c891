"""End to end: the real site's charts, each with its container, table, downloads and sources; plotly.js served locally."""

from __future__ import annotations

import csv
import gzip
import io
import json
import posixpath
import re
from typing import TYPE_CHECKING

import pytest

from explainer.dataset import load_dataset

from .conftest import ROOT
from .htmltree import Node, parse
from .sitecrawl import chart_pages

if TYPE_CHECKING:
    from pathlib import Path

    from explainer.dataset import Dataset

JS_BUDGET = 550_000
"""Gzipped JavaScript a page with charts may load, in bytes."""


@pytest.fixture(scope="module")
def real_data() -> Dataset:
    return load_dataset(ROOT / "data")


def page_tree(site: Path, url: str) -> Node:
    return parse((site / url / "index.html").read_text(encoding="utf-8"))


def resolve(page_url: str, href: str) -> str:
    """A relative href on `page_url` → a site-relative path without fragment."""
    path = href.split("#", 1)[0]
    return posixpath.normpath(posixpath.join(page_url or ".", path)).lstrip("./") if path else page_url


def by_class(root: Node, name: str) -> list[Node]:
    return root.find_all(lambda n: name in n.classes)


def test_every_page_that_should_have_charts_has_them_and_no_other_page_does(
    built_site: Path, real_data: Dataset
) -> None:
    expected = chart_pages(real_data)
    found = {}
    for html in sorted(built_site.rglob("index.html")):
        url = html.parent.relative_to(built_site).as_posix()
        url = "" if url == "." else f"{url}/"
        count = html.read_text(encoding="utf-8").count('<figure class="chart ')
        if count:
            found[url] = count
    assert found == expected


def test_each_chart_has_a_titled_container_a_chart_and_a_table_tab_and_an_accessible_name(
    built_site: Path, real_data: Dataset
) -> None:
    for url in chart_pages(real_data):
        tree = page_tree(built_site, url)
        ids = {n.attrs["id"] for n in tree.iter() if "id" in n.attrs}
        for figure in tree.find_all(lambda n: n.tag == "figure" and "chart" in n.classes):
            where = f"{url or 'home'} {figure.attrs['id']}"
            title = figure.find_all(lambda n: n.tag == "figcaption")[0]
            assert title.text().strip(), where
            labels = [n.text() for n in figure.find_all(lambda n: n.tag == "label")]
            assert labels == ["Chart", "Table"], where
            plot = by_class(figure, "chart__plot")[0]
            assert (plot.attrs["role"], plot.attrs["aria-roledescription"]) == ("group", "chart"), where
            assert plot.attrs["aria-labelledby"] == title.attrs["id"], where
            for described in plot.attrs["aria-describedby"].split():
                assert described in ids, where
            description = by_class(figure, "chart__description")[0].text()
            assert len(description) > 40, where
            payload = json.loads(by_class(figure, "chart__data")[0].text())
            assert payload["figure"]["data"], where
            assert payload["bundle"] == figure.attrs["data-bundle"], where


def test_each_chart_table_has_the_rows_of_its_csv_and_json_downloads(built_site: Path, real_data: Dataset) -> None:
    for url in chart_pages(real_data):
        tree = page_tree(built_site, url)
        for figure in tree.find_all(lambda n: n.tag == "figure" and "chart" in n.classes):
            chart_id = figure.attrs["id"]
            table = figure.find_all(lambda n: n.tag == "table")[0]
            body = [n for n in table.iter() if n.tag == "tr" and any(a.tag == "tbody" for a in n.ancestors())]
            links = [n.attrs["href"] for n in by_class(figure, "chart__downloads")[0].iter() if n.tag == "a"]
            assert [resolve(url, href) for href in links] == [
                f"charts/{chart_id}.{kind}" for kind in ("csv", "json", "png", "svg")
            ]
            rows = list(
                csv.reader(io.StringIO((built_site / "charts" / f"{chart_id}.csv").read_text(encoding="utf-8")))
            )
            data = json.loads((built_site / "charts" / f"{chart_id}.json").read_text(encoding="utf-8"))
            assert len(rows) - 1 == len(body) == len(data["rows"]) > 0, chart_id
            first_cells = [next(c for c in tr.children if isinstance(c, Node)).text().strip() for tr in body]
            key = data["columns"][0]["key"]
            expected = [str(row[key]) for row in data["rows"]]
            if data["columns"][0]["kind"] != "date":
                assert first_cells == expected, chart_id


def test_each_chart_caption_names_sources_that_are_in_the_bibliography(built_site: Path, real_data: Dataset) -> None:
    for url in chart_pages(real_data):
        tree = page_tree(built_site, url)
        for figure in tree.find_all(lambda n: n.tag == "figure" and "chart" in n.classes):
            caption = by_class(figure, "chart__sources")[0]
            hrefs = [n.attrs["href"] for n in caption.iter() if n.tag == "a"]
            assert hrefs, figure.attrs["id"]
            for href in hrefs:
                assert resolve(url, href) == "sources", href
                assert href.split("#", 1)[1] in real_data.sources


def test_no_page_loads_plotly_itself_only_the_small_loader_which_names_local_files(built_site: Path) -> None:
    loader = (built_site / "assets" / "javascripts" / "charts.js").read_text(encoding="utf-8")
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "plotly-" not in " ".join(re.findall(r"<script[^>]*src=\"([^\"]+)\"", text)), html
        assert "cdn.plot.ly" not in text, html
    for name in re.findall(r"vendor/([\w./-]+\.js)", loader):
        assert (built_site / "assets" / "vendor" / name).is_file(), name
    assert "topojsonURL: TOPOJSON" in loader
    for base_map in ("europe_50m.json", "world_110m.json"):
        assert (built_site / "assets" / "vendor" / "topojson" / base_map).is_file()
    assert not (built_site / "assets" / "vendor" / "README.md").exists()


def test_a_chart_page_stays_within_the_javascript_budget(built_site: Path) -> None:
    html = (built_site / "map" / "index.html").read_text(encoding="utf-8")
    scripts = [src.split("?")[0] for src in re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)]
    files = [built_site / "map" / src for src in scripts]
    files.append(built_site / "assets" / "vendor" / "plotly-geo-4.1.1.min.js")
    sizes = {f.name: len(gzip.compress(f.read_bytes(), 9)) for f in files}
    assert sum(sizes.values()) <= JS_BUDGET, sizes
