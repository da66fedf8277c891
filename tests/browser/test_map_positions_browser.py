"""The map and the positions chart on a phone, and a tap on a touch screen, in real Chromium.

At 390 pixels the map's text is at least 11 px, no two labels overlap, every mark and label
sits inside the plot and Plotly's toolbar is not there; on a wide screen the toolbar sits above
the map. The positions chart shows its panels instead of the grid on a phone. A first tap on a
point shows its label and a "Go to …" link without leaving the page; a second tap follows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from .conftest import DESKTOP, PHONE, show_intent

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from .conftest import OpenPage, SiteServer

MAP_PAGES = ("", "map/")
"""The home page and the map page: every range map of the site."""

_TEXTS = """plot => {
  const box = plot.getBoundingClientRect();
  return [...plot.querySelectorAll("svg text")]
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0 && !t.closest(".hoverlayer"))
    .map(t => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
              box: [r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top]};
    });
}"""
_POINTS = """plot => {
  const box = plot.getBoundingClientRect();
  return [...plot.querySelectorAll("path.point")].filter(p => p.getBoundingClientRect().width > 0).map(p => {
    const r = p.getBoundingClientRect();
    return [r.left + r.width / 2 - box.left, r.top + r.height / 2 - box.top];
  });
}"""
_SIZE = "plot => [plot.clientWidth, plot.clientHeight]"


def _maps(page: Page) -> list[Locator]:
    """Each range map on the page, drawn."""
    figures = page.locator('figure.chart[data-chart="range-map"]')
    drawn = []
    for index in range(figures.count()):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()
        show_intent(figure)
        page.wait_for_function("f => f.getAttribute('data-drawn') === 'true'", arg=figure.element_handle())
        drawn.append(figure)
    return drawn


def _overlapping(texts: list[dict[str, Any]], tolerance: float = 1.0) -> list[tuple[str, str]]:
    pairs = []
    for i, one in enumerate(texts):
        for other in texts[i + 1 :]:
            a, b = one["box"], other["box"]
            width = min(a[2], b[2]) - max(a[0], b[0])
            height = min(a[3], b[3]) - max(a[1], b[1])
            if width > tolerance and height > tolerance:
                pairs.append((one["text"], other["text"]))
    return pairs


@pytest.mark.parametrize("path", MAP_PAGES)
def test_on_a_phone_the_maps_text_is_readable_apart_and_inside_and_no_toolbar_covers_it(
    open_page: OpenPage, site_server: SiteServer, path: str
) -> None:
    watched = open_page(viewport=PHONE, touch=True)
    watched.goto(site_server.url(path))
    for figure in _maps(watched.page):
        plot = figure.locator(".chart__plot")
        texts = plot.evaluate(_TEXTS)
        width, height = plot.evaluate(_SIZE)
        assert texts, "the map names its places"
        assert [t["text"] for t in texts if t["size"] < 11] == [], "no map text under 11 px"
        assert _overlapping(texts) == [], "no two labels overlap"
        outside = [t["text"] for t in texts if t["box"][0] < -0.5 or t["box"][1] < -0.5]
        outside += [t["text"] for t in texts if t["box"][2] > width + 0.5 or t["box"][3] > height + 0.5]
        assert outside == [], "every label inside the plot"
        points = plot.evaluate(_POINTS)
        assert points, "the places are marked"
        assert [p for p in points if not (0 <= p[0] <= width and 0 <= p[1] <= height)] == [], "every mark inside"
        assert figure.locator(".modebar").count() == 0, "no toolbar on a phone"
    assert watched.problems() == []


def test_on_a_wide_screen_no_toolbar_sits_on_the_map(open_page: OpenPage, site_server: SiteServer) -> None:
    watched = open_page(viewport=DESKTOP)
    watched.goto(site_server.url("map/"))
    for figure in _maps(watched.page):
        figure.locator(".chart__plot").hover()
        if figure.locator(".modebar").count() == 0:
            continue  # no toolbar at all: nothing covers the map
        bar = figure.locator(".modebar").bounding_box()
        land = figure.locator(".geo .layer.land, .geo .land").first.bounding_box()
        assert bar is not None
        assert land is not None
        assert bar["y"] + bar["height"] <= land["y"] + 0.5, "the toolbar's strip is above the map"


def test_on_a_phone_the_positions_chart_is_one_panel_per_question(open_page: OpenPage, site_server: SiteServer) -> None:
    watched = open_page(viewport=PHONE, touch=True)
    watched.goto(site_server.url("positions/"))
    figure = watched.page.locator('figure.chart[data-chart="positions-matrix"]')
    panels = figure.locator(".chart__panel")
    assert panels.count() >= 2
    assert figure.locator(".chart__canvas").is_hidden(), "the grid gives way to the panels"
    assert panels.first.locator(".chart__panel-group a").count() > 0, "each name links to its position"
    sizes = figure.locator(".chart__panels").evaluate(
        "p => [...p.querySelectorAll('*')].filter(e => e.textContent.trim() && !e.closest('[aria-hidden]'))"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(sizes) >= 11
    watched.page.set_viewport_size(DESKTOP)
    assert figure.locator(".chart__panels").is_hidden(), "on a wide screen the grid shows"
    assert figure.locator(".chart__canvas").is_visible()


def test_a_first_tap_shows_the_value_and_a_link_and_a_second_tap_follows_it(
    open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page(viewport=PHONE, touch=True)
    page = watched.page
    watched.goto(site_server.url("map/"))
    figure = _maps(page)[1]
    anchor = figure.locator('.chart__point[aria-label^="Rome"]')  # a capital well away from every line
    label, href = anchor.get_attribute("aria-label"), anchor.get_attribute("href")
    assert label
    assert href
    box = figure.locator(".chart__plot").bounding_box()
    assert box is not None
    x = box["x"] + float(anchor.evaluate("a => parseFloat(a.style.left)"))
    y = box["y"] + float(anchor.evaluate("a => parseFloat(a.style.top)"))
    before = page.url
    page.touchscreen.tap(x, y)
    bar = figure.locator(".chart__tap")
    bar.wait_for(state="visible")
    assert page.url == before, "the first tap stays on the page"
    assert bar.text_content() == f"Go to {label}"
    assert figure.locator(".hoverlayer .hovertext").count() == 1, "and shows the point's label"
    page.touchscreen.tap(x, y)
    page.wait_for_url(lambda url: url != before)
    assert page.url == site_server.url("map/" + href.removeprefix("./")), "the second tap follows the link"
