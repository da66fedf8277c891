"""The site under its Content-Security-Policy in Chromium: every page type, search, instant navigation,
charts, reference previews and the copy buttons work, and the browser reports no violation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from .conftest import PAGE_TYPES, with_instant_navigation

if TYPE_CHECKING:
    from .conftest import OpenPage, SiteServer, WatchedPage

pytestmark = pytest.mark.browser

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(
  e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber
));
"""
"""Runs before the page's own scripts in every document: records each violation the browser reports."""


def watched_under_policy(open_page: OpenPage, **options: object) -> WatchedPage:
    watched = open_page(**options)  # type: ignore[arg-type]
    watched.page.add_init_script(LISTEN)
    return watched


def violations(watched: WatchedPage) -> list[str]:
    found: list[str] = watched.page.evaluate("window.__violations")
    return found


def assert_policy_in_force(watched: WatchedPage) -> None:
    """The policy comes first in the head, after only the character set, and allows no inline script by keyword."""
    head = watched.page.evaluate(
        "Array.from(document.head.children).slice(0, 2)"
        ".map(m => m.getAttribute('charset') ? 'charset' : m.httpEquiv === 'Content-Security-Policy' ? m.content : m.outerHTML)"
    )
    assert head[0] == "charset", head
    policy = head[1]
    assert policy.startswith("default-src 'self'; script-src 'self' 'sha256-"), policy
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "object-src 'none'" in policy


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_works_under_its_policy_with_no_violation(
    page_type: str, open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = watched_under_policy(open_page)
    watched.goto(site_server.url(page_urls[page_type]), status=404 if page_type == "404" else 200)
    watched.draw_charts()
    assert_policy_in_force(watched)
    page = watched.page
    # Material's script ran (its inline head scripts and its bundle) and its stylesheet applies.
    assert page.evaluate("document.documentElement.classList.contains('no-js')") is False
    assert page.evaluate("typeof __md_get") == "function"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert violations(watched) == []
    assert watched.problems() == []


def test_a_script_slipped_into_a_page_is_blocked_and_reported(open_page: OpenPage, site_server: SiteServer) -> None:
    watched = watched_under_policy(open_page)
    watched.goto(site_server.url(""))
    watched.page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true';"
        " document.body.append(s); }"
    )
    watched.page.wait_for_function("window.__violations.length > 0")
    assert watched.page.evaluate("window.__ran === undefined")
    assert [v.split(" at ")[0] for v in violations(watched)] == ["script-src-elem blocked inline"]


def test_search_navigation_charts_previews_and_copying_work_under_the_policy(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = watched_under_policy(open_page, permissions=["clipboard-read", "clipboard-write"])
    page = watched.page
    with_instant_navigation(page, site_server)
    watched.goto(site_server.url(page_urls["actor"]))  # a page without charts, so without their styles
    page.evaluate("window.__sameDocument = true")

    page.locator("[data-md-component=search-query]").click()  # the search worker and its index, under the policy
    page.keyboard.type("Oreshnik")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert results.count() > 0
    page.keyboard.press("Escape")

    # Instant navigation brings in the map's content (its styles, its charts) under the actor page's policy.
    page.locator(".md-tabs__link", has_text="Map").click()
    page.wait_for_url(site_server.url(page_urls["map"]))
    page.locator(".md-content h1", has_text="Map").wait_for()
    assert page.evaluate("window.__sameDocument") is True, "instant navigation kept the document"
    assert watched.draw_charts() > 0
    assert page.locator("figure.chart[data-drawn] svg.main-svg").count() > 0
    assert page.evaluate("getComputedStyle(document.querySelector('.js-plotly-plot .main-svg')).position") == "absolute"

    page.go_back()
    page.wait_for_url(site_server.url(page_urls["actor"]))
    expect(page.locator(".md-content h1", has_text="Map")).to_have_count(0)
    ref = page.locator(".md-content a.ref[data-source]").first
    ref.scroll_into_view_if_needed()
    ref.hover()
    expect(page.locator("#ref-preview")).to_be_visible()

    page.locator("details.cite-this summary").click()
    button = page.locator(".page-tools button.copy-citation").first
    expected = button.locator("xpath=..").locator("pre code").inner_text()
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert page.evaluate("window.__sameDocument") is True
    assert violations(watched) == []
    assert watched.problems() == []
