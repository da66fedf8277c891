"""The charts in Chromium: they draw, follow the palette, redraw after instant navigation, load plotly.js
only where needed and from the site itself, and can be used with a keyboard."""

from __future__ import annotations

import gzip
import json
import re
from typing import TYPE_CHECKING, Any

import pytest

from explainer.charts.spec import ChartSpec, variant
from explainer.dataset import load_dataset
from explainer.pages import PAGE_TYPES

from ..conftest import ROOT
from ..sitecrawl import chart_pages
from .conftest import DESKTOP, PHONE, show_intent, turn_on_instant_navigation, with_instant_navigation

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page, Request, Route

    from .conftest import OpenPage, SiteServer, WatchedPage

pytestmark = pytest.mark.browser


def _one_page_of_each_kind() -> tuple[str, ...]:
    """Each hand-written page with a chart, and the first page with one of each generated page type."""
    dataset = load_dataset(ROOT / "data")
    with_charts = chart_pages(dataset)
    generated = {url for page_type in PAGE_TYPES for url in page_type.urls(dataset)}
    pages = [url for url in with_charts if url not in generated]
    for page_type in PAGE_TYPES:
        pages += [url for url in page_type.urls(dataset) if url in with_charts][:1]
    return tuple(pages)


CHART_PAGES = _one_page_of_each_kind()
"""Pages that show charts, found from the pages under docs/ and the page registry."""
JS_BUDGET = 550_000
"""Gzipped JavaScript a page with charts may load, in bytes (the issue's limit)."""


def draw_all(page: Page) -> int:
    """Scroll each chart into view and wait until it is drawn; return how many there are."""
    figures = page.locator("figure.chart")
    count = figures.count()
    for index in range(count):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()
        show_intent(figure)
        figure.locator("svg.main-svg").first.wait_for(timeout=20_000)
        page.wait_for_function("(f) => f.getAttribute('data-drawn') === 'true'", arg=figure.element_handle())
    return count


def plotly_requests(watched: WatchedPage) -> list[str]:
    """The plotly.js bundles the page loaded (not its stylesheet, which the chart pages link)."""
    return [url for url in watched_requests(watched) if "/assets/vendor/plotly-" in url and url.endswith(".js")]


def watched_requests(watched: WatchedPage) -> list[str]:
    return list(watched.page.evaluate("performance.getEntriesByType('resource').map(e => e.name)"))


@pytest.mark.parametrize("url", CHART_PAGES)
def test_each_chart_draws_from_the_sites_own_plotly_with_nothing_off_the_origin(
    url: str, open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page()
    watched.goto(site_server.url(url))
    assert draw_all(watched.page) >= 1
    bundles = plotly_requests(watched)
    assert len(bundles) == 1, bundles
    buttons = set(watched.page.eval_on_selector_all("figure.chart .modebar-btn", "bs => bs.map(b => b.dataset.title)"))
    assert buttons <= {"Download plot as a PNG", "Zoom in", "Zoom out", "Reset"}, "no cloud upload, no logo"
    assert watched.page.locator("figure.chart .modebar-btn--logo").count() == 0
    hidden = watched.page.eval_on_selector_all(
        "figure.chart svg.main-svg", "ss => ss.map(s => s.getAttribute('aria-hidden'))"
    )
    assert set(hidden) == {"true"}
    assert bundles[0].startswith(site_server.base)
    if url == "map/":
        assert any("/assets/vendor/topojson/europe_50m.json" in u for u in watched_requests(watched))
        # The base map itself is drawn: land and borders, not just the rings.
        assert watched.page.locator("figure.chart .geo .layer.land path").count() >= 1
    assert watched.problems() == []


def test_a_page_without_charts_loads_no_plotly(open_page: OpenPage, site_server: SiteServer) -> None:
    watched = open_page()
    watched.goto(site_server.url("sources/"))
    assert watched.page.locator("figure.chart").count() == 0
    assert plotly_requests(watched) == []
    assert watched.problems() == []


def test_plotly_loads_only_on_intent_and_replaces_the_poster_in_the_same_box(
    open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page(viewport={"width": 390, "height": 500})
    watched.goto(site_server.url("timeline/"))
    page = watched.page
    figure = page.locator("figure.chart").first
    assert plotly_requests(watched) == [], "a page that is only loaded loads no plotly.js"
    poster = figure.locator(".chart__poster-light img")
    assert poster.evaluate("img => img.complete && img.naturalWidth > 0")
    box = figure.locator(".chart__plot").bounding_box()
    show_intent(figure)
    figure.locator("svg.main-svg").first.wait_for(timeout=20_000)
    page.wait_for_function("(f) => f.getAttribute('data-drawn') === 'true'", arg=figure.element_handle())
    assert len(plotly_requests(watched)) == 1
    assert not poster.is_visible(), "the drawn chart replaces the poster"
    assert figure.locator(".chart__plot").bounding_box() == box, "nothing moves when the chart replaces its poster"
    assert watched.problems() == []


def test_a_chart_that_stays_in_view_is_drawn_without_a_gesture(open_page: OpenPage, site_server: SiteServer) -> None:
    watched = open_page()
    watched.goto(site_server.url("positions/"))
    figure = watched.page.locator("figure.chart").first
    figure.scroll_into_view_if_needed()
    watched.page.wait_for_function("(f) => f.getAttribute('data-drawn') === 'true'", arg=figure.element_handle())
    assert len(plotly_requests(watched)) == 1


def test_a_plot_a_phone_hides_behind_its_panels_is_not_drawn_without_a_gesture(
    open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page(viewport={"width": 390, "height": 844})
    watched.goto(site_server.url("positions/"))
    figure = watched.page.locator("figure.chart").first
    figure.scroll_into_view_if_needed()
    assert figure.locator(".chart__panels").is_visible(), "a phone reads the positions as panels"
    idle_after = int(watched.page.evaluate("window.__explainerCharts.idleAfter"))
    watched.page.wait_for_timeout(idle_after + 2500)
    assert plotly_requests(watched) == [], "nobody sees the hidden plot: it costs the phone nothing"
    show_intent(figure)
    watched.page.wait_for_function("(f) => f.getAttribute('data-drawn') === 'true'", arg=figure.element_handle())
    assert len(plotly_requests(watched)) == 1


def scheme_toggle(page: Page) -> None:
    page.locator("form[data-md-component=palette] label:visible").first.click()


def tick_colour(page: Page) -> str:
    return str(page.evaluate("getComputedStyle(document.querySelector('figure.chart .ytick text')).fill"))


def test_switching_the_palette_redraws_the_charts_in_the_other_colours(
    open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page(color_scheme="light")
    watched.goto(site_server.url("weapons/"))
    page = watched.page
    draw_all(page)
    figure = page.locator("figure.chart").first
    assert figure.get_attribute("data-scheme") == "light"
    light = tick_colour(page)
    marks_light = page.evaluate("[...document.querySelectorAll('figure.chart path.point')].map(p => p.style.fill)")
    scheme_toggle(page)
    page.wait_for_function("document.querySelector('figure.chart').getAttribute('data-scheme') === 'dark'")
    dark = tick_colour(page)
    marks_dark = page.evaluate("[...document.querySelectorAll('figure.chart path.point')].map(p => p.style.fill)")
    assert (light, dark) == ("rgb(31, 35, 40)", "rgb(227, 230, 234)")
    assert marks_light != marks_dark
    scheme_toggle(page)
    page.wait_for_function("document.querySelector('figure.chart').getAttribute('data-scheme') === 'light'")
    assert tick_colour(page) == light
    assert watched.problems() == []


def published_url() -> str:
    """`site_url` from mkdocs.yml: where the site is published."""
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s]+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert match is not None
    return match.group(1).rstrip("/") + "/"


@pytest.fixture
def published_page(browser: Browser, site_server: SiteServer) -> Iterator[tuple[Page, list[str]]]:
    """A page that sees the site at its published address, answered from the local server.

    Its pages turn Material's instant navigation on (`turn_on_instant_navigation`). That only
    follows links it finds in sitemap.xml, whose addresses
    it matches by scheme, host and path but not port: a server on a random local port never
    gets it. Routing the published address to the local server does, and no request leaves.
    """
    base = published_url()
    offsite: list[str] = []
    context = browser.new_context(viewport=DESKTOP, service_workers="block")

    def handle(route: Route) -> None:
        url = route.request.url
        if url.startswith(base):
            response = route.fetch(url=site_server.url(url[len(base) :]))
            if route.request.resource_type == "document" and "text/html" in response.headers.get("content-type", ""):
                route.fulfill(response=response, body=turn_on_instant_navigation(response.text()))
            else:
                route.fulfill(response=response)
        else:
            offsite.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", handle)
    yield context.new_page(), offsite
    context.close()


def arrived(page: Page, heading: str) -> None:
    """Wait until instant navigation has swapped in the page with this heading."""
    page.wait_for_function("(h) => document.querySelector('article h1').textContent.startsWith(h)", arg=heading)


def test_navigating_away_and_back_redraws_the_chart_without_a_page_load(
    published_page: tuple[Page, list[str]],
) -> None:
    page, offsite = published_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(published_url() + "positions/", wait_until="networkidle")
    draw_all(page)
    page.evaluate("window.__sameDocument = true")
    page.locator("a.md-tabs__link", has_text="Timeline").first.click()
    page.wait_for_url("**/timeline/")
    arrived(page, "Timeline")
    assert draw_all(page) == 2
    page.go_back()
    page.wait_for_url("**/positions/")
    arrived(page, "Positions")
    assert draw_all(page) == 1
    assert page.evaluate("window.__sameDocument") is True, "Material's instant navigation kept the document"
    resources = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    bundles = [u for u in resources if "plotly-" in u and u.endswith(".js")]
    assert len(bundles) == 1, "plotly.js is fetched once for the whole visit"
    assert (offsite, errors) == ([], [])


_CHART_ASSETS = """() => ({
  css: Array.from(document.querySelectorAll("link[rel=stylesheet]")).some(l => l.href.endsWith("/charts.css")),
  js: performance.getEntriesByType("resource").filter(e => e.name.endsWith("/charts.js")).length,
})"""


def test_a_reader_arriving_from_a_page_without_charts_gets_the_chart_code_and_styles_once(
    open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page()
    page = watched.page
    with_instant_navigation(page, site_server)
    watched.goto(site_server.url("article/"))
    assert page.evaluate(_CHART_ASSETS) == {"css": False, "js": 0}, "a page without charts loads no chart code"
    page.evaluate("window.__sameDocument = true")

    page.locator("a.md-tabs__link", has_text="Weapons").first.click()
    page.wait_for_url(site_server.url("weapons/"))
    arrived(page, "Weapons")
    assert draw_all(page) == 1
    assert page.evaluate(_CHART_ASSETS) == {"css": True, "js": 1}
    border = page.locator("figure.chart").first.evaluate("f => getComputedStyle(f).borderTopStyle")
    assert border == "solid", "the chart styles apply"

    page.locator("a.md-tabs__link", has_text="Article").first.click()
    page.wait_for_url(site_server.url("article/"))
    arrived(page, "Trump, Putin")
    assert page.evaluate(_CHART_ASSETS)["css"] is False, "leaving, the chart styles go with the charts"

    page.locator("a.md-tabs__link", has_text="Positions").first.click()
    page.wait_for_url(site_server.url("positions/"))
    arrived(page, "Positions")
    assert draw_all(page) == 1
    assert page.evaluate(_CHART_ASSETS) == {"css": True, "js": 1}, "charts.js is fetched and set up once"
    assert page.evaluate("window.__sameDocument") is True
    assert watched.problems() == []


def test_keyboard_focus_on_a_point_shows_its_label_and_enter_follows_its_link(
    open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page()
    watched.goto(site_server.url("positions/"))
    page = watched.page
    draw_all(page)
    point = page.locator("figure.chart .chart__point").first
    assert point.get_attribute("tabindex") == "0"
    assert page.locator("figure.chart .chart__point[tabindex='0']").count() == 1, "one Tab stop per chart"
    point.focus()
    hover = page.locator("figure.chart .hoverlayer .hovertext")
    hover.first.wait_for(timeout=5_000)
    name = str(point.get_attribute("aria-label")).split(" on ")[0]
    assert name in str(hover.first.text_content())
    page.keyboard.press("ArrowRight")
    second = page.locator("figure.chart .chart__point").nth(1)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == second.get_attribute("aria-label")
    anchor = str(second.get_attribute("href")).split("#", 1)[1]
    page.keyboard.press("Enter")
    page.wait_for_function("(id) => location.hash === '#' + id", arg=anchor)
    assert page.url.endswith(f"/positions/#{anchor}")
    assert watched.problems() == []


def test_the_table_view_sorts_by_a_column(open_page: OpenPage, site_server: SiteServer) -> None:
    watched = open_page()
    watched.goto(site_server.url("weapons/"))
    page = watched.page
    draw_all(page)
    figure = page.locator("figure.chart").first
    figure.locator("label", has_text="Table").click()
    header = figure.locator("th", has_text="Highest, km")
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    values = figure.locator("tbody tr td:nth-child(4)").evaluate_all("cells => cells.map(c => Number(c.dataset.sort))")
    assert values == sorted(values)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    values = figure.locator("tbody tr td:nth-child(4)").evaluate_all("cells => cells.map(c => Number(c.dataset.sort))")
    assert values == sorted(values, reverse=True)
    assert watched.problems() == []


def javascript_bytes(watched: WatchedPage, urls: list[str]) -> dict[str, int]:
    """Gzipped size of each JavaScript file the page fetched (workers included)."""
    request = watched.page.context.request
    sizes = {}
    for url in urls:
        if url.split("?")[0].endswith(".js"):
            sizes[url.rsplit("/", 1)[-1]] = len(gzip.compress(request.get(url).body(), 9))
    return sizes


@pytest.mark.parametrize(("url", "charts"), [("map/", True), ("weapons/atacms/", True), ("sources/", False)])
def test_javascript_per_page_stays_within_the_budget(
    url: str, charts: bool, open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page(viewport=PHONE if url == "map/" else DESKTOP)
    fetched: list[str] = []

    def record(request: Request) -> None:
        fetched.append(request.url)

    watched.page.on("request", record)
    watched.goto(site_server.url(url))
    if charts:
        draw_all(watched.page)
    watched.page.wait_for_load_state("networkidle")
    sizes = javascript_bytes(watched, fetched)
    assert sum(sizes.values()) <= JS_BUDGET, sizes
    assert any(name.startswith("plotly-") for name in sizes) is charts, sizes
    assert watched.problems() == []


# Phone-first layouts ----------------------------------------------------------------------------


def chart_payload(page: Page, index: int = 0) -> dict[str, Any]:
    """The JSON a chart's `<template>` hands to charts.js."""
    text = page.evaluate("(i) => document.querySelectorAll('template.chart__data')[i].content.textContent", index)
    return dict(json.loads(text))


@pytest.mark.parametrize(("narrow", "dark"), [(False, False), (True, False), (False, True), (True, True)])
def test_the_browser_and_the_engine_make_the_same_variant_of_a_figure(
    narrow: bool, dark: bool, open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page()
    watched.goto(site_server.url("weapons/"))
    payload = chart_payload(watched.page)
    assert payload["narrow"], "the range chart has a narrow variant"
    spec = ChartSpec(
        name="weapon-ranges",
        title="",
        figure=payload["figure"],
        columns=(),
        rows=(),
        sources=(),
        description="",
        narrow=payload["narrow"],
        dark_colours=payload["dark"],
    )
    in_browser = watched.page.evaluate(
        "([s, n, d]) => window.__explainerCharts.variant(s, n, d)", [payload, narrow, dark]
    )
    assert in_browser == json.loads(json.dumps(variant(spec, narrow=narrow, dark=dark)))
    assert (in_browser != payload["figure"]) == (narrow or dark), "the variant changes the figure"


def test_no_toolbar_covers_a_chart_on_a_phone_or_a_desktop(open_page: OpenPage, site_server: SiteServer) -> None:
    for viewport, touch in ((PHONE, True), (DESKTOP, False)):
        watched = open_page(viewport=viewport, touch=touch)
        watched.goto(site_server.url("weapons/"))
        draw_all(watched.page)
        watched.page.locator("figure.chart .chart__plot").first.hover()
        assert watched.page.locator("figure.chart .modebar-btn").count() == 0, viewport
        assert watched.page.locator("figure.chart .chart__downloads a[type='image/png']").count() >= 1, "images below"
        assert watched.problems() == []


_TEXTS = """(sel) => [...document.querySelectorAll(sel + ' svg.main-svg text')]
  .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map((t) => { const r = t.getBoundingClientRect();
    return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
            left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })"""


def _overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of text labels whose boxes overlap by more than a pixel each way."""
    pairs = []
    for n, one in enumerate(boxes):
        for other in boxes[n + 1 :]:
            dx = min(one["right"], other["right"]) - max(one["left"], other["left"])
            dy = min(one["bottom"], other["bottom"]) - max(one["top"], other["top"])
            if dx > 1 and dy > 1:
                pairs.append((one["text"], other["text"]))
    return pairs


@pytest.mark.parametrize(
    ("url", "chart"), [("timeline/", "timeline"), ("", "weapon-ranges"), ("weapons/", "weapon-ranges")]
)
def test_on_a_phone_chart_text_is_at_least_11_px_and_no_two_labels_overlap(
    url: str, chart: str, open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page(viewport=PHONE, touch=True)
    watched.goto(site_server.url(url))
    draw_all(watched.page)
    figures = watched.page.locator(f"figure.chart[data-chart={chart}]")
    assert figures.count() >= 1
    for index in range(figures.count()):
        selector = f"#{figures.nth(index).get_attribute('id')}"
        texts = watched.page.evaluate(_TEXTS, selector)
        assert len(texts) > 5, "the chart's text is drawn"
        assert min(t["size"] for t in texts) >= 11, [t["text"] for t in texts if t["size"] < 11]
        assert _overlapping(texts) == []
    assert watched.problems() == []


def test_a_stance_has_the_same_colour_in_the_chart_and_in_the_table_below(
    open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page(viewport=DESKTOP)
    watched.goto(site_server.url("positions/"))
    draw_all(watched.page)
    badge = watched.page.locator(".stance--supports").first
    colour = badge.evaluate("b => getComputedStyle(b).color")
    fills = watched.page.evaluate(
        "[...document.querySelectorAll('figure.chart path.point')].map((p) => getComputedStyle(p).fill)"
    )
    assert colour in fills, (colour, sorted(set(fills)))
    assert watched.problems() == []
