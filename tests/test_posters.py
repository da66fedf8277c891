"""The charts' static images and the share cards: drawn once, identical on every build, off no network.

The whole-site tests read the session's build (`built_site`); the drawing tests use the
renderer itself on a few figures, with empty caches so that they really draw.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import pytest

from explainer.charts import CHARTS, build_chart
from explainer.dataset import load_dataset
from explainer.posters import CACHE_VARIABLE, Image, Renderer, chart_images, clean_svg, find_browser, title_card
from explainer.rules import NameRules

from .conftest import ROOT, make_second_explainer, run_build
from .sitecrawl import read_site_url

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from explainer.charts import ChartSpec

VENDOR = ROOT / "docs" / "assets" / "vendor"
MAX_CARD_BYTES = 300_000


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height, read from its header (which must be a PNG's)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def chart_ids(site: Path) -> list[str]:
    return sorted(p.name.removesuffix(".csv") for p in (site / "charts").glob("*.csv"))


@pytest.fixture(scope="module")
def real_charts() -> dict[str, ChartSpec]:
    """A map and a bar chart of the real data, with the options a page gives them by default."""
    names = NameRules.from_settings({"name_overlaps": ["Aegis Ashore Poland", "Aegis Ashore Romania"]}, {})
    dataset = load_dataset(ROOT / "data", ROOT, names=names)
    return {name: build_chart(dataset, name, CHARTS[name].options()) for name in ("range-map", "weapon-ranges")}


# Clean-up of kaleido's output ---------------------------------------------------------------------


def test_random_ids_are_renamed_in_order_with_their_references_and_coordinates_cut() -> None:
    raw = (
        '<svg><defs id="defs-a1b2c3"><clipPath id="clipa1b2c3xyplot"><rect d="M1.23456,7.0001L2,3"/></clipPath>'
        '</defs><g clip-path="url(#clipa1b2c3xyplot)"/><g clip-path="url(\'#clipa1b2c3xyplot\')"/></svg>'
    )
    cleaned = clean_svg(raw)
    assert "a1b2c3" not in cleaned
    assert 'id="c0"' in cleaned
    assert 'id="c1"' in cleaned
    assert cleaned.count("#c1") == 2, "both references follow the renamed clip path"
    assert 'd="M1.2,7.0L2,3"' in cleaned
    assert clean_svg(raw.replace("a1b2c3", "f9e8d7")) == cleaned, "another random id gives the same bytes"


# Drawing -----------------------------------------------------------------------------------------


class _Listener:
    """A proxy that answers nothing and notes the host of each request the export's browser makes."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.address = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.hosts: list[str] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            connection.settimeout(5)
            with contextlib.suppress(OSError):
                line = connection.recv(2048).split(b"\r\n", 1)[0].decode("latin-1")
                # Chromium opens spare connections to its proxy and may close one unused: no request.
                if line:
                    target = line.split(" ")[1] if " " in line else line
                    self.hosts.append(re.sub(r"^https?://", "", target).split("/")[0].split(":")[0])
            connection.close()

    def asked_by_the_export(self) -> list[str]:
        """Hosts asked for other than Chromium's own services (update checks, clock, sign-in, search start page).

        In a build those go to a proxy where nothing listens (`explainer.posters.render`), and go nowhere.
        """
        own = ("google.com", "googleapis.com", "gvt1.com", "gstatic.com", "duckduckgo.com")
        return [host for host in self.hosts if not host.endswith(own)]


@pytest.fixture
def proxy() -> Iterator[_Listener]:
    listener = _Listener()
    yield listener
    listener.server.close()


def test_two_drawings_of_the_same_figures_give_the_same_bytes_and_no_request_leaves_the_machine(
    tmp_path: Path, real_charts: dict[str, ChartSpec], proxy: _Listener
) -> None:
    images = [
        chart_images("chart-a-1-range-map", real_charts["range-map"])[0],
        title_card("cards/x.png", "A page <b>title</b> & more", "A site"),
    ]
    renderer = Renderer(VENDOR, tmp_path / "one", proxy=proxy.address)
    try:
        first = renderer.draw(images)
        renderer.cache = tmp_path / "two"
        second = renderer.draw(images)
        assert renderer.renders == 2 * len(images), "the second cache was empty: every image was drawn again"
        assert first == second, "the same figure gives the same bytes"
        assert proxy.asked_by_the_export() == [], "plotly.js and the base map come from files"
        # The proxy sees what a figure fetches from the network: a picture on a web address.
        fetching = {"data": [], "layout": {"images": [{"source": "http://example.org/a.png", "x": 0, "y": 0}]}}
        renderer.cache = tmp_path / "three"
        renderer.draw([Image("x.svg", fetching, "svg", 100, 100)])
        assert "example.org" in proxy.asked_by_the_export()
    finally:
        renderer.close()
    svg = first["charts/chart-a-1-range-map.svg"].decode()
    assert ET.fromstring(svg).tag.endswith("svg")
    assert 'class="geo"' in svg or "geolayer" in svg, "the base map is drawn"
    assert png_size(first["cards/x.png"]) == (1200, 630)


def test_images_in_the_cache_are_not_drawn_again_and_start_no_browser(
    tmp_path: Path, real_charts: dict[str, ChartSpec]
) -> None:
    images = chart_images("chart-b-1-weapon-ranges", real_charts["weapon-ranges"])[-1:]
    renderer = Renderer(VENDOR, tmp_path)
    try:
        drawn = renderer.draw(images)
    finally:
        renderer.close()
    again = Renderer(VENDOR, tmp_path, browser="/nonexistent/chromium")
    assert again.draw(images) == drawn
    assert again.renders == 0


def test_the_browser_is_found_from_browser_path_then_chromium_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", sys.executable)
    assert find_browser() == sys.executable
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert find_browser() is None, "a wrong setting is not overridden by a guess"
    monkeypatch.delenv("BROWSER_PATH")
    monkeypatch.setenv("CHROMIUM_PATH", sys.executable)
    assert find_browser() == sys.executable


# The built site ---------------------------------------------------------------------------------


def test_every_chart_has_its_posters_and_png_and_svg_downloads(built_site: Path) -> None:
    ids = chart_ids(built_site)
    assert ids
    for chart_id in ids:
        folder = built_site / "charts"
        width, _ = png_size((folder / f"{chart_id}.png").read_bytes())
        assert width >= 1200, chart_id
        for name in ("svg", "dark.svg", "narrow-light.svg", "narrow-dark.svg"):
            root = ET.fromstring((folder / f"{chart_id}.{name}").read_bytes())
            assert root.tag == "{http://www.w3.org/2000/svg}svg", f"{chart_id}.{name}"


def test_a_pages_first_poster_is_fetched_first_and_the_dark_ones_only_when_shown(built_site: Path) -> None:
    pages = [
        p for p in sorted(built_site.rglob("index.html")) if 'class="chart__poster"' in p.read_text(encoding="utf-8")
    ]
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        where = page.relative_to(built_site).as_posix()
        light = re.findall(r'<picture class="chart__poster-light">.*?<img ([^>]*)>', html)
        dark = re.findall(r'<picture class="chart__poster-dark">.*?<img ([^>]*)>', html)
        assert light, where
        assert len(light) == len(dark), where
        assert 'fetchpriority="high"' in light[0], where
        assert "loading=" not in light[0], where
        assert all("fetchpriority" not in img and 'decoding="async"' in img for img in light[1:]), where
        assert all('loading="lazy"' in img and "fetchpriority" not in img for img in dark), where


def test_a_pages_own_stylesheets_are_announced_with_the_themes_and_applied_after_the_sites(built_site: Path) -> None:
    def head_of(page: str) -> str:
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        return html[: html.index("</head>")]

    head = head_of("timeline")
    first_inline_script = head.index("<script>")
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', head)
    preloaded = re.findall(r'<link rel="preload" as="style" href="([^"]+)">', head)
    everywhere = re.findall(r'<link rel="stylesheet" href="([^"]+)">', head_of("article"))
    own = [s for s in sheets if s not in everywhere]
    assert own, "a chart page links the chart styles, which a page without charts does not"
    assert preloaded == own
    assert all(head.index(f'rel="preload" as="style" href="{s}"') < first_inline_script for s in own)
    assert sheets[-len(own) :] == own, "a page's own stylesheets come after the site's, as the cascade expects"


def test_every_page_has_a_share_card_of_1200_by_630_pixels_within_300_kb(built_site: Path) -> None:
    site_url = read_site_url()
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        where = page.relative_to(built_site).as_posix()
        found = re.findall(r'<meta property="og:image" content="([^"]+)">', html)
        assert len(found) == 1, where
        assert found[0].startswith(site_url), where
        data = (built_site / found[0].removeprefix(site_url)).read_bytes()
        assert png_size(data) == (1200, 630), where
        assert len(data) <= MAX_CARD_BYTES, where
        assert '<meta name="twitter:card" content="summary_large_image">' in html, where


def test_a_rebuild_with_no_data_change_draws_nothing_and_gives_the_same_images(tmp_path: Path) -> None:
    project = make_second_explainer(tmp_path / "project")
    sites = [tmp_path / "one", tmp_path / "two"]
    results = [run_build(project, site) for site in sites]
    assert [r.returncode for r in results] == [0, 0], results[-1].stderr
    assert re.search(r"chart images and share cards: [1-9]\d*, 0 drawn", results[1].stderr), results[1].stderr
    images = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.suffix in {".png", ".svg"})
    assert len(images) > 10
    assert all((sites[0] / p).read_bytes() == (sites[1] / p).read_bytes() for p in images)


def test_a_build_without_chromium_stops_with_one_sentence_saying_how_to_get_one(tmp_path: Path) -> None:
    project = make_second_explainer(tmp_path / "project")
    env = {**os.environ, CACHE_VARIABLE: str(tmp_path / "empty"), "BROWSER_PATH": "/nonexistent/chromium"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=project, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "No Chromium found to draw the charts' images: install one" in result.stderr
    assert "BROWSER_PATH" in result.stderr
