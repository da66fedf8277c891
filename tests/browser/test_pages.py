"""Every kind of page loads in Chromium as readers get it: no console error, no failed request, nothing off the origin."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, MISSING_PAGE, PAGE_TYPES, PHONE, with_instant_navigation

if TYPE_CHECKING:
    from .conftest import OpenPage, SiteServer

pytestmark = pytest.mark.browser


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_loads_with_no_error_and_no_request_off_the_origin(
    page_type: str, open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page()
    watched.goto(site_server.url(page_urls[page_type]), status=404 if page_type == "404" else 200)
    watched.draw_charts()
    page = watched.page
    assert page.locator("article h1").count() == 1
    # Material's stylesheet and script both ran: the header is sticky and the search index was fetched.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate("document.documentElement.classList.contains('no-js')") is False
    assert watched.problems() == []


def test_phone_width_shows_the_page_without_horizontal_scrolling(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    overflowing = {}
    watched = open_page(viewport=PHONE)
    for page_type, url in page_urls.items():
        watched.goto(site_server.url(url), status=404 if page_type == "404" else 200, wait_until="load")
        watched.draw_charts()
        width = watched.page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            overflowing[page_type] = width
    assert overflowing == {}
    assert watched.problems() == []


def test_missing_page_at_any_depth_gets_the_styled_404_page(open_page: OpenPage, site_server: SiteServer) -> None:
    watched = open_page()
    watched.goto(site_server.url("actors/nobody/at/all/"), status=404)
    page = watched.page
    assert page.locator("article h1").inner_text() == "Page not found"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert watched.problems() == []


def test_404_page_links_to_every_section_and_each_link_works(open_page: OpenPage, site_server: SiteServer) -> None:
    watched = open_page()
    watched.goto(site_server.url(MISSING_PAGE), status=404)
    hrefs = watched.page.eval_on_selector_all("article a[href]", "links => links.map(a => a.href)")
    on_site = sorted({h for h in hrefs if h.startswith(site_server.base)})
    assert {site_server.url(s) for s in ("actors/", "weapons/", "sources/", "article/")} <= set(on_site)
    assert {url: http_status(url) for url in on_site} == dict.fromkeys(on_site, 200)


def test_404_page_search_button_opens_search_with_the_cursor_in_the_box(
    open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page()
    watched.goto(site_server.url(MISSING_PAGE), status=404)
    page = watched.page
    page.get_by_role("button", name="Search the site").click()
    assert page.evaluate("document.getElementById('__search').checked") is True
    assert page.evaluate("document.activeElement.matches('[data-md-component=search-query]')") is True
    page.keyboard.type("Oreshnik")
    page.locator(".md-search-result__item").first.wait_for()
    assert watched.problems() == []


def test_instant_navigation_through_the_tabs_keeps_pages_working(open_page: OpenPage, site_server: SiteServer) -> None:
    watched = open_page()
    page = watched.page
    with_instant_navigation(page, site_server)
    watched.goto(site_server.url(""))
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-tabs__link", has_text="Weapons").click()
    page.wait_for_url(site_server.url("weapons/"))
    page.locator("article h1", has_text="Weapons").wait_for()
    # Material's instant navigation swaps the content without a reload: the marker survives.
    assert page.evaluate("window.__sameDocument") is True
    page.go_back()
    page.wait_for_url(site_server.url(""))
    assert watched.problems() == []


def test_a_reader_who_prefers_dark_gets_the_dark_palette_and_dark_charts(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page(color_scheme="dark")
    watched.goto(site_server.url(page_urls["weapon index"]), wait_until="load")
    assert watched.draw_charts() > 0
    assert watched.page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert (
        watched.page.evaluate("Array.from(document.querySelectorAll('figure.chart'), f => f.dataset.scheme)")
        == ["dark"] * watched.draw_charts()
    )
    assert watched.problems() == []


# The reader theme ---------------------------------------------------------------------

# The links a reader can see in the navigation sidebar, and whether the sidebar shows at all.
_SIDEBAR_LINKS = """() => {
  const bar = document.querySelector(".md-sidebar--primary");
  if (!bar || getComputedStyle(bar).display === "none" || bar.getBoundingClientRect().width === 0) return null;
  return Array.from(bar.querySelectorAll(".md-nav__link")).filter(a => a.getClientRects().length > 0
    && getComputedStyle(a).visibility !== "hidden" && a.getBoundingClientRect().width > 0).length;
}"""


def test_desktop_shows_no_navigation_sidebar_holding_one_item_or_none(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page(viewport=DESKTOP)
    sparse = {}
    shown = 0
    for page_type, url in page_urls.items():
        watched.goto(site_server.url(url), status=404 if page_type == "404" else 200, wait_until="load")
        links = watched.page.evaluate(_SIDEBAR_LINKS)
        if links is not None:
            shown += 1
            if links <= 1:
                sparse[page_type] = links
    assert sparse == {}
    assert shown >= 1, "the pages of a section with several pages keep their sidebar"
    assert watched.problems() == []


def test_a_record_reached_by_instant_navigation_marks_its_sections_tab(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page(viewport=DESKTOP)
    page = watched.page
    with_instant_navigation(page, site_server)
    watched.goto(site_server.url(page_urls["actor index"]))
    page.evaluate("window.__sameDocument = true")
    page.locator(f"article a[href$='{page_urls['actor'].split('/', 1)[1]}']").first.click()
    page.wait_for_url(site_server.url(page_urls["actor"]))
    kicker = page.locator(".reader-kicker a")
    expect(kicker).to_be_visible()
    expect(page.locator(".md-tabs__item--active")).to_have_text((kicker.text_content() or "").strip())
    kicker.click()
    page.wait_for_url(site_server.url(page_urls["actor index"]))
    assert page.evaluate("window.__sameDocument") is True
    assert watched.problems() == []


def test_the_palette_toggle_shows_a_focus_ring_to_the_keyboard(open_page: OpenPage, site_server: SiteServer) -> None:
    watched = open_page(viewport=DESKTOP)
    page = watched.page
    watched.goto(site_server.url(""))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name === '__palette'"):
            break
    ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement.nextElementSibling);
      return [s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    assert ring[0] not in ("none", "")
    assert ring[1] >= 2
    assert watched.problems() == []


def test_the_site_title_is_not_cut_off_on_a_phone(open_page: OpenPage, site_server: SiteServer) -> None:
    watched = open_page(viewport=PHONE)
    watched.goto(site_server.url("article/"))
    title = watched.page.locator(".reader-masthead__short")
    expect(title).to_be_visible()
    assert title.evaluate(
        "el => el.scrollWidth <= el.clientWidth + 1 && el.closest('a').scrollHeight <= el.closest('a').clientHeight + 1"
    )
    assert watched.problems() == []
