"""The poster is the chart where plotly.js does not run: without JavaScript, in print, and before a reader's intent."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .conftest import DESKTOP, PHONE, show_intent

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

    from .conftest import OpenPage, SiteServer

CHART_PAGES = ("", "map/", "timeline/", "weapons/", "weapons/atacms/")

_SHOWN_POSTERS = """() => Array.from(document.querySelectorAll("figure.chart"))
.filter(figure => getComputedStyle(figure.querySelector(".chart__canvas")).display !== "none").map(figure => {
  const shown = Array.from(figure.querySelectorAll(".chart__poster img")).filter(img => img.offsetParent !== null);
  return shown.map(img => ({src: img.currentSrc, loaded: img.complete && img.naturalWidth > 0, width: img.clientWidth}));
})"""


def shown_posters(page: Page) -> list[list[dict[str, object]]]:
    """For each chart shown as a plot, the poster images on screen: which file, whether it loaded, how wide it is.

    A phone shows the positions matrix as panels of HTML, not as a plot: it has no poster there.
    """
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.chart__poster img'))"
        ".every(img => img.offsetParent === null || img.complete)"
    )
    return list(page.evaluate(_SHOWN_POSTERS))


@pytest.fixture
def no_script_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, reduced_motion="reduce")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("url", CHART_PAGES)
def test_without_javascript_every_chart_shows_its_narrow_light_poster(
    url: str, no_script_page: Page, site_server: SiteServer
) -> None:
    no_script_page.goto(site_server.url(url))
    posters = shown_posters(no_script_page)
    assert posters, url
    for shown in posters:
        assert len(shown) == 1, f"{url}: one poster per chart"
        assert shown[0]["loaded"], shown
        assert str(shown[0]["src"]).endswith(".narrow-light.svg"), shown
        assert int(str(shown[0]["width"])) > 300


def test_in_print_the_poster_replaces_the_drawn_chart(open_page: OpenPage, site_server: SiteServer) -> None:
    watched = open_page(viewport=DESKTOP)
    watched.goto(site_server.url("timeline/"))
    assert watched.draw_charts() == 2
    page = watched.page
    assert all(shown == [] for shown in shown_posters(page)), "on screen, the drawn chart replaced the poster"
    page.emulate_media(media="print")
    for shown in shown_posters(page):
        assert len(shown) == 1
        assert shown[0]["loaded"]
        assert str(shown[0]["src"]).endswith("-timeline.svg"), "the wide light poster prints"
    assert page.locator("figure.chart .js-plotly-plot").first.is_hidden()


def test_the_dark_palette_shows_the_dark_poster_and_the_chart_replaces_it(
    open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page(color_scheme="dark", viewport=DESKTOP)
    watched.goto(site_server.url("positions/"))
    page = watched.page
    [shown] = shown_posters(page)
    assert len(shown) == 1
    assert str(shown[0]["src"]).endswith(".dark.svg")
    assert shown[0]["loaded"]
    show_intent(page.locator("figure.chart").first)
    page.wait_for_function("() => document.querySelector('figure.chart').dataset.scheme === 'dark'")
    assert shown_posters(page) == [[]]
    assert watched.problems() == []
