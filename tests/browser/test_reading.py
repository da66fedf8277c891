"""Reader pages on a phone: tables fit their column, the sources stay at the foot, the bibliography filters."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .conftest import PHONE

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from .conftest import OpenPage, SiteServer

pytestmark = pytest.mark.browser

WIDE_TABLES = """() => [...document.querySelectorAll('.md-content table')].filter(t => {
  const box = t.closest('.table-scroll, .chart__table-wrap') || t.parentElement;
  return t.getBoundingClientRect().width > box.clientWidth + 1;
}).map(t => t.className + ' ' + Math.round(t.getBoundingClientRect().width) + '>' + Math.round(t.closest('.table-scroll, .chart__table-wrap, div').clientWidth))"""

SOURCES_SHARE = """() => {
  const block = document.querySelector('details.references-block');
  return block.getBoundingClientRect().height / document.documentElement.scrollHeight;
}"""


def test_no_table_is_wider_than_its_column_on_a_phone(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page(viewport=PHONE, touch=True)
    wide = {}
    for page_type, url in page_urls.items():
        if page_type == "404":
            continue
        watched.goto(site_server.url(url), wait_until="load")
        if found := watched.page.evaluate(WIDE_TABLES):
            wide[page_type] = found
    assert wide == {}
    assert watched.problems() == []


@pytest.mark.parametrize("page_type", ["actor", "timeline"])
def test_the_sources_take_at_most_a_quarter_of_the_page_until_opened(
    page_type: str, open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page(viewport=PHONE, touch=True)
    watched.goto(site_server.url(page_urls[page_type]), wait_until="load")
    page = watched.page
    assert page.evaluate(SOURCES_SHARE) <= 0.25
    assert page.locator("details.references-block ol.references li").first.is_hidden()
    # A link into the list (its own address or an entry's) opens it.
    page.evaluate("() => { location.hash = 'ref-1'; }")
    page.wait_for_function("() => document.querySelector('details.references-block').open")
    assert page.locator("#ref-1").is_visible()
    assert watched.problems() == []


def test_the_bibliography_filters_by_outlet_flag_and_words(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page(viewport=PHONE, touch=True)
    watched.goto(site_server.url(page_urls["sources"]), wait_until="load")
    page = watched.page
    finder = page.locator("form.source-finder")
    assert finder.is_visible(), "the script shows the finder"
    visible = "() => [...document.querySelectorAll('.bibliography > li')].filter(li => !li.closest('[hidden]')).length"
    total = page.evaluate(visible)
    flagged = page.locator("li[data-flags~='state-media']").count()
    finder.locator("select[name=flag]").select_option("state-media")
    assert page.evaluate(visible) == flagged < total
    assert finder.locator("output").inner_text() == f"{flagged} of {total} sources"
    finder.locator("select[name=flag]").select_option("")
    outlet = page.locator(".bibliography > li").first.get_attribute("data-outlet") or ""
    finder.locator("select[name=outlet]").select_option(outlet)
    in_outlet = page.locator(f'li[data-outlet="{outlet}"]').count()
    assert page.evaluate(visible) == in_outlet
    finder.locator("select[name=outlet]").select_option("")
    finder.locator("input[name=q]").fill("zzzz no such words")
    assert page.evaluate(visible) == 0
    assert page.locator(".source-group:not([hidden])").count() == 0, "an outlet with no match is hidden too"
    assert watched.problems() == []


SKIPPED = """(selector) => {
  const blocks = [...document.querySelectorAll(selector)];
  const skipped = blocks.filter(b => b.firstElementChild && !b.firstElementChild.checkVisibility({contentVisibilityAuto: true}));
  return [blocks.length, skipped.length];
}"""


def test_long_lists_are_laid_out_near_the_screen_in_full_in_print_and_a_link_into_one_lands(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page(viewport=PHONE, touch=True)
    watched.goto(site_server.url(page_urls["timeline"]), wait_until="load")
    page = watched.page
    total, skipped = page.evaluate(SKIPPED, "article.event")
    assert total > 20
    assert skipped > total / 2, "events far below the first screen are not laid out at load"
    last = page.evaluate("[...document.querySelectorAll('article.event')].at(-1).id")
    page.evaluate("id => { location.hash = id; }", last)
    page.wait_for_function(
        """id => { const box = document.getElementById(id).getBoundingClientRect();
                   return box.top >= 0 && box.top < innerHeight; }""",
        arg=last,
    )
    assert page.locator(f"[id='{last}'] h3").is_visible()
    page.emulate_media(media="print")
    # The print media applies from the next frame on: wait for it, then every event is laid out.
    page.wait_for_function("() => matchMedia('print').matches")
    page.wait_for_function(f"() => ({SKIPPED})('article.event')[1] === 0", timeout=5000)
    assert watched.problems() == []


FINDER_TOP = "() => document.querySelector('form.source-finder').getBoundingClientRect().height"


def test_the_finder_holds_its_place_before_its_script_runs_and_is_absent_without_scripts(
    browser: Browser, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    url = site_server.url(page_urls["sources"])
    for scripts in (True, False):
        context = browser.new_context(java_script_enabled=scripts, viewport=PHONE)
        page = context.new_page()
        if scripts:  # the finder's own script never arrives: the list must not wait for it to make room
            page.route("**/sources.js", lambda route: route.abort())
        page.goto(url, wait_until="load")
        height = page.evaluate(FINDER_TOP)
        context.close()
        assert (height > 0) is scripts, f"scripts {'on' if scripts else 'off'}: finder height {height}"
