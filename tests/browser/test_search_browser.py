"""Search: the index is fetched when a reader reaches for search, and search then works as the theme's always did."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .conftest import DESKTOP, PHONE

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page, ViewportSize

    from .conftest import OpenPage, SiteServer

pytestmark = pytest.mark.browser

INDEX = "search/search_index.json"


def _asked_for_index(page: Page) -> Callable[[], bool]:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if INDEX in request.url else None)
    return lambda: bool(asked)


def _click_the_field(page: Page) -> None:
    page.locator("[data-md-component='search-query']").click()


def _tap_the_toggle(page: Page) -> None:
    page.locator("label[for='__search']").first.click()


def _press_the_shortcut(page: Page) -> None:
    page.keyboard.press("/")


@pytest.mark.parametrize(
    ("viewport", "reach"),
    [(DESKTOP, _click_the_field), (PHONE, _tap_the_toggle), (DESKTOP, _press_the_shortcut)],
    ids=["click-on-desktop", "tap-on-phone", "keyboard-shortcut"],
)
def test_the_index_waits_for_a_reader_who_reaches_for_search_then_search_finds(
    viewport: ViewportSize,
    reach: Callable[[Page], None],
    open_page: OpenPage,
    site_server: SiteServer,
    page_urls: dict[str, str],
) -> None:
    watched = open_page(viewport=viewport, touch=viewport is PHONE)
    page = watched.page
    asked = _asked_for_index(page)
    watched.goto(site_server.url(page_urls["weapon index"]))
    page.wait_for_timeout(500)
    assert not asked(), "the page fetched the search index before anyone searched"
    reach(page)
    page.keyboard.type("Oreshnik")
    page.locator(".md-search-result__item").first.wait_for()
    assert asked()
    assert watched.problems() == []


def test_an_address_that_highlights_a_search_gets_the_index_at_once(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page()
    page = watched.page
    asked = _asked_for_index(page)
    watched.goto(site_server.url(page_urls["timeline"]) + "?h=Scholz")
    page.locator("mark[data-md-highlight]").first.wait_for()
    assert asked()
    assert watched.problems() == []
