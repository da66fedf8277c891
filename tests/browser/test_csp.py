"""The site under its Content-Security-Policy in Chromium: every page type, search, instant navigation,
charts, reference previews and the copy buttons work, and the browser reports no violation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from .conftest import PAGE_TYPES, serve_sitemap_from_this_origin

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
    """The policy is the first element of the head and allows no inline script by keyword."""
    policy = watched.page.evaluate(
        "(() => { const m = document.head.firstElementChild;"
        " return m.httpEquiv === 'Content-Security-Policy' ? m.content : null; })()"
    )
    assert policy, "the first element of the head is not the Content-Security-Policy"
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
    serve_sitemap_from_this_origin(page, site_server)
    watched.goto(site_server.url(""))
    page.evaluate("window.__sameDocument = true")

    page.locator("label.md-search__icon, label[for=__search]").first.click()
    page.locator("[data-md-component=search-query]").fill("Oreshnik")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert results.count() > 0

    page.keyboard.press("Escape")
    page.locator(".md-tabs__link", has_text="Weapons").click()  # instant navigation to a page with charts
    page.wait_for_url(site_server.url(page_urls["weapon index"]))
    page.locator("article h1", has_text="Weapons").wait_for()
    assert page.evaluate("window.__sameDocument") is True, "instant navigation kept the document"
    assert watched.draw_charts() > 0
    assert page.locator("figure.chart[data-drawn] svg.main-svg").count() > 0

    page.goto(site_server.url(page_urls["actor"]))
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
    assert violations(watched) == []
    assert watched.problems() == []
