"""What a reader downloads on a first visit: gzipped bytes and requests per page type.

The site is built (or taken from `--site`), served with gzip on 127.0.0.1
(`benchmarks.serve`), and each page type is opened once in headless Chromium with an empty
cache and a phone's viewport; every response until the network is idle is counted, with
the bytes of its body as sent. The same is done for plain Material's own page: a one-page
site with the same theme settings and no custom templates, styles, scripts or hooks.

Targets: a page without charts loads at most 10 % more CSS and JavaScript than plain
Material's page; a page with charts at most 550 KB of gzipped JavaScript. Run it from the
project folder:

    .venv/bin/python -m benchmarks.page_weight
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import yaml
from playwright.sync_api import sync_playwright

from benchmarks.build_scale import ROOT, read_config
from benchmarks.serve import serve
from explainer.dataset import load_dataset
from explainer.pages import PAGE_TYPES
from explainer.urls import section_url, url_of

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from playwright.sync_api import Browser, ViewportSize

    from benchmarks.serve import Sent, SiteServer
    from explainer.dataset import Dataset

__all__ = ["Weight", "build_plain_material", "build_site", "chromium_path", "page_types", "weigh"]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
PHONE: ViewportSize = {"width": 412, "height": 823}
"""The viewport Lighthouse's mobile preset emulates."""
TARGET_PLAIN_RATIO = 1.10
TARGET_CHART_JS = 550 * 1024
KB = 1024


def chromium_path() -> str | None:
    """Chromium from `CHROMIUM_PATH`, the Debian paths or PATH; None to let Playwright use its own."""
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser"]
    candidates += [shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def page_types(dataset: Dataset) -> dict[str, str]:
    """One site-relative URL per page type: home, article, then every generated type in the registry.

    For a type with a page per record, the record with the most on its page: for actors and
    weapons as `_RICHEST` measures it, else the first by id.
    """
    urls = {"home": "", "article": "article/"}
    for page_type in PAGE_TYPES:
        if page_type.per_record:
            richness = _RICHEST.get(page_type.collection, _unranked)
            ids = sorted(dataset.collection(page_type.collection))
            urls[page_type.name] = url_of(page_type.collection, max(ids, key=partial(richness, dataset)))
        else:
            urls[page_type.name] = section_url(page_type.collection)
    return urls


def _unranked(dataset: Dataset, record_id: str) -> tuple[int, int]:
    return 0, 0


def _actor_richness(dataset: Dataset, actor_id: str) -> tuple[int, int]:
    return len(dataset.positions_of(actor_id)), len(dataset.events_of(actor_id))


def _weapon_richness(dataset: Dataset, weapon_id: str) -> tuple[int, int]:
    return len(dataset.weapons[weapon_id].range), len(dataset.events_with_weapon(weapon_id))


_RICHEST: Mapping[str, Callable[[Dataset, str], tuple[int, int]]] = MappingProxyType(
    {"actors": _actor_richness, "weapons": _weapon_richness}
)
"""How much a record's page shows, by collection, to pick the fullest page of a type."""


def _mkdocs(config: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=config.parent, check=False)
    if result.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{result.stderr[-4000:]}")


def build_site(dest: Path) -> Path:
    """Build the project's site into `dest`."""
    _mkdocs(ROOT / "mkdocs.yml", dest)
    return dest


def build_plain_material(workdir: Path) -> Path:
    """A one-page site with the project's theme settings and nothing of its own; return the built folder."""
    config = read_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    plain = {
        "site_name": "Plain Material",
        "site_description": "Material for MkDocs with the theme settings of the project and nothing else.",
        "theme": theme,
        "plugins": ["search"],
        "markdown_extensions": ["toc", "tables", "admonition"],
    }
    project = workdir / "plain-material"
    (project / "docs").mkdir(parents=True, exist_ok=True)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(plain, sort_keys=False), encoding="utf-8")
    text = "# Plain Material\n\n" + "A paragraph of ordinary text on an ordinary page. " * 20 + "\n"
    (project / "docs" / "index.md").write_text(text, encoding="utf-8")
    _mkdocs(project / "mkdocs.yml", project / "site")
    return project / "site"


@dataclass(frozen=True)
class Weight:
    """A first load of one page, and what scrolling to its end loaded besides."""

    name: str
    url: str
    responses: tuple[Sent, ...]
    foreign: tuple[str, ...]
    charts: int = 0
    scrolled: tuple[Sent, ...] = ()

    def bytes_of(self, kind: str, *, scrolled: bool = False) -> int:
        """Bytes on the wire of responses of one kind (html, css, js, json, font, image, other)."""
        sent = (*self.responses, *self.scrolled) if scrolled else self.responses
        return sum(s.body_bytes for s in sent if _kind(s.content_type) == kind)

    @property
    def total(self) -> int:
        """Every byte of the first load."""
        return sum(s.body_bytes for s in self.responses)

    @property
    def total_scrolled(self) -> int:
        """Every byte, once the reader has scrolled to the end (charts load as they come into view)."""
        return self.total + sum(s.body_bytes for s in self.scrolled)

    @property
    def assets(self) -> int:
        """CSS and JavaScript: the weight the theme and the site's own code add to every page."""
        return self.bytes_of("css") + self.bytes_of("js")

    @property
    def requests(self) -> int:
        """How many requests the first load made (to the site and elsewhere)."""
        return len(self.responses) + len(self.foreign)

    @property
    def has_charts(self) -> bool:
        """Whether the page holds a chart."""
        return self.charts > 0


def _kind(content_type: str) -> str:
    if content_type == "text/html":
        return "html"
    if content_type == "text/css":
        return "css"
    if content_type == "application/javascript":
        return "js"
    if content_type == "application/json":
        return "json"
    if content_type.startswith("font/") or content_type.startswith("application/font"):
        return "font"
    if content_type.startswith("image/"):
        return "image"
    return "other"


_SCROLL = """async () => {
  for (let y = 0; y <= document.documentElement.scrollHeight; y += 300) {
    window.scrollTo(0, y);
    await new Promise((done) => setTimeout(done, 60));
  }
}"""


def weigh(browser: Browser, site: SiteServer, name: str, path: str, settle_s: float = 1.0) -> Weight:
    """Open `path` once with an empty cache and a phone's viewport; count what was sent until idle, then on scrolling."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    foreign: list[str] = []
    page = context.new_page()
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((site.origin, "data:")) else None)
    site.take()
    try:
        page.goto(site.url(path), wait_until="networkidle")
        time.sleep(settle_s)
        page.wait_for_load_state("networkidle")
        first = tuple(site.take())
        charts = int(page.locator("figure.chart").count())
        page.evaluate(_SCROLL)
        time.sleep(settle_s)
        page.wait_for_load_state("networkidle")
        scrolled = tuple(site.take())
    finally:
        context.close()
    return Weight(name, path, first, tuple(foreign), charts, scrolled)


def measure(site_dir: Path, plain_dir: Path, pages: dict[str, str]) -> tuple[Weight, list[Weight]]:
    """Weigh plain Material's page and every page type of the site."""
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            with serve(plain_dir) as server:
                plain = weigh(browser, server, "plain Material", "")
            with serve(site_dir) as server:
                weights = [weigh(browser, server, name, path) for name, path in pages.items()]
        finally:
            browser.close()
    return plain, weights


def _kb(value: int) -> str:
    return f"{value / KB:.1f}"


def format_table(plain: Weight, weights: Sequence[Weight]) -> str:
    """One row per page: requests and gzipped KB by kind; then the verdict on each target."""
    head = (
        f"{'page':<15} {'url':<24} {'req':>4} {'html':>6} {'css':>6} {'js':>6} {'json':>6} {'other':>6} {'total':>7}"
        f" {'charts':>6} {'+scroll js':>10} {'+scroll all':>11}"
    )
    lines = [
        "gzipped KB on the wire; first load with an empty cache, phone viewport, until the network is idle;",
        "+scroll: the JavaScript and the total once the reader has scrolled to the end (charts load in view)",
        head,
    ]
    for w in (plain, *weights):
        other = w.bytes_of("font") + w.bytes_of("image") + w.bytes_of("other")
        lines.append(
            f"{w.name:<15} {'/' + w.url:<24} {w.requests:>4} {_kb(w.bytes_of('html')):>6} {_kb(w.bytes_of('css')):>6} "
            f"{_kb(w.bytes_of('js')):>6} {_kb(w.bytes_of('json')):>6} {_kb(other):>6} {_kb(w.total):>7} "
            f"{w.charts:>6} {_kb(w.bytes_of('js', scrolled=True)):>10} {_kb(w.total_scrolled):>11}"
        )
    plain_pages = [w for w in weights if not w.has_charts]
    chart_pages = [w for w in weights if w.has_charts]
    if plain_pages:
        worst = max(plain_pages, key=lambda w: w.assets)
        ratio = worst.assets / plain.assets
        verdict = "met" if ratio <= TARGET_PLAIN_RATIO else "MISSED"
        lines.append(
            f"pages without charts: CSS+JS at most {_kb(worst.assets)} KB ({worst.name}) against plain Material's "
            f"{_kb(plain.assets)} KB: {ratio:.3f}× (target ≤ {TARGET_PLAIN_RATIO}×) {verdict}"
        )
    if chart_pages:
        worst = max(chart_pages, key=lambda w: w.bytes_of("js", scrolled=True))
        js = worst.bytes_of("js", scrolled=True)
        verdict = "met" if js <= TARGET_CHART_JS else "MISSED"
        lines.append(
            f"pages with charts: JS at most {_kb(js)} KB once scrolled ({worst.name}) "
            f"(target ≤ {TARGET_CHART_JS // KB} KB) {verdict}"
        )
    foreign = sorted({url for w in weights for url in w.foreign})
    lines.append(f"requests leaving the origin: {len(foreign)}" + "".join(f"\n  {url}" for url in foreign))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Build, serve and weigh; print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an already built site (default: build the project)")
    parser.add_argument("--verbose", action="store_true", help="also list every response of every page")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="page-weight-") as temporary:
        workdir = Path(temporary)
        site_dir = args.site.resolve() if args.site else build_site(workdir / "site")
        plain_dir = build_plain_material(workdir)
        plain, weights = measure(site_dir, plain_dir, page_types(load_dataset(ROOT / "data")))
    print(format_table(plain, weights))
    if args.verbose:
        for w in (plain, *weights):
            print(f"\n{w.name}:")
            for s in w.responses:
                print(f"  {s.status} {s.body_bytes:>9} {s.content_type:<24} {s.path}")
            for s in w.scrolled:
                print(f"  {s.status} {s.body_bytes:>9} {s.content_type:<24} {s.path}  (on scrolling)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
