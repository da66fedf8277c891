"""What the charts' static images cost to make, and how fast a chart answers once a reader asks for it.

Three measurements, printed as Markdown tables:

1. **Per chart** (`explainer.posters.Renderer` on each chart type with its default options):
   the browser's start, then the cold cost of a chart's five images (four posters and the PNG)
   and the cost of the same five from the cache.
2. **Whole site**: `mkdocs build --strict` of the project with an empty image cache (every
   image drawn), then again with the cache it filled (nothing drawn), each as a fresh process.
3. **Intent**: on the built site, served on 127.0.0.1, with the CPU slowed four times as
   Lighthouse's mobile preset does, the time from a pointer over a chart's poster to the
   drawn chart, and to a hover label once the pointer moves onto a point.

    .venv/bin/python -m benchmarks.render_cost              # --runs 3
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.sync_api import Page, sync_playwright

from benchmarks.build_scale import ROOT
from benchmarks.serve import serve
from explainer.charts import CHARTS, build_chart
from explainer.dataset import load_dataset
from explainer.posters import CACHE_VARIABLE, Image, Renderer, chart_images
from explainer.rules import NameRules

if TYPE_CHECKING:
    from collections.abc import Callable

VENDOR = ROOT / "docs" / "assets" / "vendor"
INTENT_PAGES = ("positions/", "timeline/", "weapons/", "map/")
_CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


def per_chart(runs: int) -> list[str]:
    """Cold and cached cost of each chart type's images, with one browser started once."""
    names = NameRules.from_settings({"name_overlaps": ["Aegis Ashore Poland", "Aegis Ashore Romania"]}, {})
    dataset = load_dataset(ROOT / "data", ROOT, names=names)
    rows = ["| Chart | Images | Cold (s) | Cached (s) |", "|---|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as folder:
        renderer = Renderer(VENDOR, Path(folder) / "warm-up")
        started = time.perf_counter()
        renderer.draw(chart_images("warm-up", build_chart(dataset, "timeline", CHARTS["timeline"].options()))[:1])
        rows.insert(0, f"Browser start and a first image: {time.perf_counter() - started:.2f} s\n")
        try:
            for name, chart in CHARTS.items():
                images = chart_images(f"chart-{name}", build_chart(dataset, name, chart.options()))
                cold, cached = [], []
                for run in range(runs):
                    renderer.cache = Path(folder) / f"{name}-{run}"
                    cold.append(_timed(renderer.draw, images))
                    cached.append(_timed(Renderer(VENDOR, renderer.cache).draw, images))
                rows.append(f"| {name} | {len(images)} | {min(cold):.2f} | {min(cached):.3f} |")
        finally:
            renderer.close()
    return rows


def _timed(draw: Callable[[list[Image]], object], images: list[Image]) -> float:
    started = time.perf_counter()
    draw(images)
    return time.perf_counter() - started


def whole_site(site_dir: Path) -> list[str]:
    """One build with an empty image cache, then one with the cache it filled."""
    rows = ["| Build | Seconds | Images | Drawn |", "|---|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, CACHE_VARIABLE: cache, "NO_MKDOCS_2_WARNING": "1"}
        for label in ("empty cache (cold)", "filled cache (warm)"):
            command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)]
            started = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
            seconds = time.perf_counter() - started
            found = re.search(r"chart images and share cards: (\d+), (\d+) drawn", result.stderr)
            images, drawn = found.groups() if found else ("?", "?")
            rows.append(f"| {label} | {seconds:.1f} | {images} | {drawn} |")
    return rows


def intent(site_dir: Path, runs: int) -> list[str]:
    """Pointer over a poster → drawn chart → hover label, at a 4× slower CPU, on a desktop window."""
    rows = ["| Page | To the drawn chart (ms) | To a hover label (ms) |", "|---|---:|---:|"]
    with serve(site_dir) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=_CHROMIUM_ARGS)
        for url in INTENT_PAGES:
            drawn, label = [], []
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(server.url(url), wait_until="networkidle")
                context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
                to_drawn, to_label = _ask(page)
                drawn.append(to_drawn)
                label.append(to_label)
                context.close()
            rows.append(f"| {url} | {statistics.median(drawn):.0f} | {statistics.median(label):.0f} |")
        browser.close()
    return rows


def _ask(page: Page) -> tuple[float, float]:
    """Move the pointer onto the first chart's poster, wait for the drawing, then onto a point for its label."""
    figure = page.locator("figure.chart").first
    figure.scroll_into_view_if_needed()
    box = figure.locator(".chart__plot").bounding_box()
    if box is None:
        raise RuntimeError("the chart has no box")
    started = time.perf_counter()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.wait_for_function("() => document.querySelector('figure.chart').dataset.drawn === 'true'", timeout=60_000)
    to_drawn = (time.perf_counter() - started) * 1000
    point = figure.locator("path.point").first.bounding_box()
    if point is None:
        raise RuntimeError("the chart has no point")
    page.mouse.move(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
    figure.locator(".hoverlayer .hovertext").first.wait_for(timeout=60_000)
    return to_drawn, (time.perf_counter() - started) * 1000


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def main() -> None:
    """Print the three tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("## Per chart\n", *per_chart(args.runs), sep="\n")
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        print("\n## Whole site\n", *whole_site(site), sep="\n")
        print("\n## Intent to drawing (CPU 4x slower)\n", *intent(site, args.runs), sep="\n")


if __name__ == "__main__":
    main()
