"""Hostile data in Chromium: on every page type, in tooltips, reference previews and chart hover labels,
the payloads of the data show as text and none of them runs.

Every payload that ran would set `window.__pwned`, open a dialog, or request `x` (a broken
image); each is checked after the page has been read, hovered and tabbed through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ..hostile import MARKER
from .conftest import PAGE_TYPES, serve, site_path_prefix

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Page

    from .conftest import OpenPage, SiteServer, WatchedPage

pytestmark = pytest.mark.browser

PAGES_WITHOUT_DATA = ("404",)
"""Page types that show nothing from the data."""

_INJECTED = """() => {
  const found = [];
  const scriptLike = /^\\s*(javascript|vbscript|data):/i;
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on") && attr.value.includes("__pwned")) found.push(`${el.tagName}[${attr.name}]`);
      if (["href", "src", "action", "formaction", "xlink:href"].includes(attr.name) && scriptLike.test(attr.value))
        found.push(`${el.tagName}[${attr.name}=${attr.value.slice(0, 30)}]`);
    }
    if (el.tagName === "SCRIPT" && el.textContent.includes("__pwned")) found.push("SCRIPT with the payload");
    if (el.tagName === "IMG" && el.getAttribute("src") === "x") found.push("IMG src=x");
  }
  return found;
}"""

_TOOLTIPS = "() => Array.from(document.querySelectorAll('article [title]'), el => el.title)"

# Pieces of the payload without spaces (chart labels wrap at spaces) that must read exactly.
LITERAL_PIECES = (MARKER, 'onerror="window.__pwned=2;alert(2)">', "\"'><a")


@pytest.fixture(scope="module")
def hostile_server(hostile_site: Path) -> Iterator[SiteServer]:
    """The hostile-data site, served under the path of `site_url`."""
    yield from serve(hostile_site, site_path_prefix())


def assert_nothing_ran(watched: WatchedPage) -> None:
    assert watched.page.evaluate("typeof window.__pwned") == "undefined"
    assert watched.page.evaluate(_INJECTED) == []
    assert watched.problems() == []


def open_hostile(open_page: OpenPage, server: SiteServer, url: str, status: int = 200) -> WatchedPage:
    watched = open_page(server=server)
    watched.goto(server.url(url), status=status, wait_until="load")
    watched.draw_charts()
    return watched


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_shows_hostile_text_literally_and_runs_none_of_it(
    page_type: str, open_page: OpenPage, hostile_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_hostile(open_page, hostile_server, page_urls[page_type], 404 if page_type == "404" else 200)
    page = watched.page
    # Read it all: scroll to the end, point at what has a tooltip, tab through the first hundred stops.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    # Handles, not a live locator: pointing at an element may move its title into a preview.
    for element in page.locator("[title*='__pwned']:visible").element_handles()[:10]:
        element.hover()
    for _ in range(100):
        page.keyboard.press("Tab")
    if page_type not in PAGES_WITHOUT_DATA:
        assert MARKER in page.inner_text("article") + "".join(page.evaluate(_TOOLTIPS))
    assert_nothing_ran(watched)


def test_tooltips_and_reference_previews_show_hostile_text_literally(
    open_page: OpenPage, hostile_server: SiteServer
) -> None:
    watched = open_hostile(open_page, hostile_server, "article/")
    tooltip = watched.page.locator("a.entity-link[title]").first.get_attribute("title") or ""
    assert [piece for piece in LITERAL_PIECES if piece not in tooltip] == []
    watched.page.locator("a.glossary-term[data-term]").first.hover()
    definition = watched.page.locator(".ref-preview")
    definition.wait_for(state="visible")
    assert [piece for piece in LITERAL_PIECES if piece not in definition.inner_text()] == []
    assert definition.locator("img, svg, script").count() == 0
    assert_nothing_ran(watched)
    watched = open_hostile(open_page, hostile_server, "")
    watched.page.locator("a.ref").first.hover()
    preview = watched.page.locator(".ref-preview")
    preview.wait_for(state="visible")
    assert [piece for piece in LITERAL_PIECES if piece not in preview.inner_text()] == []
    assert preview.locator("img, svg, script").count() == 0
    assert_nothing_ran(watched)


def hover_labels(page: Page, tries: int = 6) -> list[str]:
    """Focus the first chart points in turn (focus shows a point's hover label); the labels that appeared."""
    points = page.locator("a.chart__point")
    found: list[str] = []
    for index in range(min(points.count(), tries)):
        points.nth(index).focus()
        try:
            page.wait_for_function("document.querySelectorAll('.hoverlayer .hovertext').length > 0", timeout=1500)
        except PlaywrightTimeoutError:
            continue
        found.append(" ".join(page.locator(".hoverlayer .hovertext").all_text_contents()))
    return found


@pytest.mark.parametrize("url", ["weapons/", "positions/", "timeline/", "map/"])
def test_chart_labels_and_hover_text_show_hostile_text_literally(
    url: str, open_page: OpenPage, hostile_server: SiteServer
) -> None:
    watched = open_hostile(open_page, hostile_server, url)
    page = watched.page
    hovers = hover_labels(page)
    # Axis labels cut long names short, but what they show reads as typed.
    assert "<script>window.__" in " ".join(page.locator("figure.chart svg text").all_text_contents())
    assert page.locator("figure.chart svg image, figure.chart svg script, figure.chart svg [onload]").count() == 0
    assert_nothing_ran(watched)
    assert hovers, "no hover label appeared for the first chart points"
    assert [piece for piece in LITERAL_PIECES if piece not in " ".join(hovers)] == []
