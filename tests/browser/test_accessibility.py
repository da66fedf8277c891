"""Accessibility in Chromium: axe-core finds nothing on any page, and the keyboard reaches everything, visibly."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from ..conftest import ROOT
from .conftest import DESKTOP, PAGE_TYPES, PHONE

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .conftest import OpenPage, SiteServer, WatchedPage

pytestmark = pytest.mark.browser

AXE_PACKAGE = ROOT / "tools" / "node_modules" / "axe-core"
"""axe-core as `tools/package.json` pins it (npm ci), newer than the copy the Python wrapper bundles."""
AXE_HINT = "run `make tools/node_modules/.installed` (npm ci --prefix tools; Node 20+ and npm)"
BLOCKING_IMPACTS = ("minor", "moderate", "serious", "critical")
"""Every impact: the issue asks for no serious or critical finding; the site has none of any kind, and keeps it so."""

OTHER_PAGES = {
    "contributing": "contributing/",
    "data reference": "reference/data/",
    "engine reference": "reference/engine/",
}
"""Pages axe checks beyond the page types: the hand-written reference pages, whose code and tables differ."""
SCHEMES = {"light": "default", "dark": "slate"}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}

COLOUR_RULES = ("color-contrast", "link-in-text-block")
"""The rules whose outcome depends on the palette: in dark mode only these run again (the rest are the same)."""

# Starts axe-core without waiting for it, so that two views of a page run side by side.
_START_AXE = """(rules) => {
  const only = rules ? {runOnly: {type: "rule", values: rules}} : {};
  window.__axe = axe.run(document, {resultTypes: ["violations"], ...only});
}"""
_AXE_VIOLATIONS = "() => window.__axe.then(results => results.violations)"


@pytest.fixture(scope="session")
def axe_script() -> str:
    """The text of axe-core's `axe.min.js`, to evaluate in each page."""
    script = AXE_PACKAGE / "axe.min.js"
    if not script.is_file():
        pytest.fail(f"axe-core is not installed: {AXE_HINT}", pytrace=False)
    return script.read_text(encoding="utf-8")


def test_axe_is_the_version_the_tools_pin(axe_script: str, open_page: OpenPage, site_server: SiteServer) -> None:
    pinned = json.loads((ROOT / "tools" / "package.json").read_text(encoding="utf-8"))["dependencies"]["axe-core"]
    watched = open_page()
    watched.goto(site_server.url(""))
    watched.page.evaluate(axe_script)
    assert watched.page.evaluate("axe.version") == pinned
    assert pinned.startswith("4.14.")


def status_of(page_type: str) -> int:
    return 404 if page_type == "404" else 200


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:5]]}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]


_DARK_DRAWN = """() => document.body.dataset.mdColorScheme === "slate"
  && Array.from(document.querySelectorAll("figure.chart[data-drawn]")).every(f => f.dataset.scheme === "dark")"""


@pytest.mark.parametrize("page_type", [*PAGE_TYPES, *OTHER_PAGES])
def test_page_has_no_axe_violation_light_dark_phone_desktop(
    page_type: str, axe_script: str, open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    # One page per width, axe running in both side by side; then the reader switches to the
    # dark palette, the charts follow, and the colour rules run again.
    views: dict[str, WatchedPage] = {}
    for width, viewport in WIDTHS.items():
        watched = open_page(color_scheme="light", viewport=viewport)
        url = {**page_urls, **OTHER_PAGES}[page_type]
        watched.goto(site_server.url(url), status=status_of(page_type), wait_until="load")
        watched.draw_charts()
        assert watched.page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES["light"]
        watched.page.evaluate(axe_script)
        watched.page.evaluate(_START_AXE, None)
        views[width] = watched
    found: dict[str, list[str]] = {}
    for width, watched in views.items():
        found[f"light, {width}"] = blocking(watched.page.evaluate(_AXE_VIOLATIONS))
        watched.page.locator("label[title='Switch to dark mode']:visible").click()
        watched.page.wait_for_function(_DARK_DRAWN)
        watched.page.evaluate(_START_AXE, list(COLOUR_RULES))
    for width, watched in views.items():
        found[f"dark, {width}"] = blocking(watched.page.evaluate(_AXE_VIOLATIONS))
    assert {view: violations for view, violations in found.items() if violations} == {}
    assert [problem for watched in views.values() for problem in watched.problems()] == []


# Keyboard -----------------------------------------------------------------------------

# Records how every focusable element looks at rest, and marks what the keyboard must reach:
# links (those taken out of the Tab order on purpose, tabindex="-1", excepted: a roving
# tabindex or a tab label's own anchor), sets of tabs, tables and downloads. A visually
# hidden input (a tab, a palette toggle) shows its focus on its label. Then it logs every
# focus stop as it happens: the marked targets the focused element is, lies in or wraps, and
# whether its focus shows (an outline, or any change of outline, shadow, colour, underline
# or border from rest).
_WATCH_FOCUS = """() => {
  const shownBy = el => {
    if (el.matches("input") && el.id) {
      const next = el.nextElementSibling;
      const label = next && next.matches("label") ? next : document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
      const box = el.getBoundingClientRect();
      if (label && (box.width <= 1 || box.height <= 1 || getComputedStyle(el).opacity === "0")) return label;
    }
    return el;
  };
  const look = el => { const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color,
            s.textDecorationLine, s.borderColor, s.borderWidth].join("|"); };
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden"
    && !el.closest("[hidden], details:not([open]) > :not(summary), [inert], [aria-hidden=true]");
  const rest = new Map();
  document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]").forEach(el => {
    rest.set(el, look(shownBy(el)));
  });
  const visible = el => {
    const shownEl = shownBy(el);
    const s = getComputedStyle(shownEl);
    const ringed = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
    const box = shownEl.getBoundingClientRect();
    const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth;
    return onScreen && (ringed || (rest.has(el) && rest.get(el) !== look(shownEl)));
  };
  const stops = [];
  const log = [];
  document.addEventListener("focusin", event => {
    const el = event.target;
    if (!(el instanceof Element)) return;
    const marks = [el.dataset?.kbd, el.closest("[data-kbd]:not(a)")?.dataset.kbd,
                   el.querySelector(":scope > table[data-kbd]")?.dataset.kbd].filter(m => m !== undefined);
    const name = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("title") || "").trim().slice(0, 40);
    stops.push(el);
    log.push({stop: stops.length - 1, marks, visible: visible(el),
              key: `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} class="${el.className}"> ${name} ${marks}`});
  }, true);
  window.__kbd = {visible, stops, log};
  const targets = [];
  const add = (el, kind, shownEl) => {
    if (!shown(shownEl || el)) return;
    el.dataset.kbd = String(targets.length);
    targets.push({kind, text: (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 60),
                  href: el.getAttribute("href")});
  };
  document.querySelectorAll("a[href]:not([tabindex^='-'])").forEach(a => add(a, a.hasAttribute("download") ? "download" : "link"));
  document.querySelectorAll(".tabbed-set").forEach(set => add(set, "tabs", set.querySelector(".tabbed-labels") || set));
  document.querySelectorAll("table").forEach(table => add(table, "table"));
  return targets;
}"""

# Whether focus has come round to the first stop again.
_CAME_ROUND = "() => { const log = window.__kbd.log; return log.slice(1).some(e => e.key === log[0]?.key); }"

# A stop whose focus did not show at once, reached again by Tab from the stop before it:
# the page's scripts and transitions get a second and a half to show it.
_SHOWS_AFTER_A_WHILE = """async (stop) => {
  const el = window.__kbd.stops[stop];
  for (const start = performance.now(); performance.now() - start < 1500;) {
    if (document.activeElement === el && window.__kbd.visible(el)) return true;
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  return document.activeElement === el && window.__kbd.visible(el);
}"""


def shows_after_a_while(page: Page, stop: int) -> bool:
    page.evaluate("stop => window.__kbd.stops[stop - 1]?.focus()", stop)
    page.keyboard.press("Tab")
    return bool(page.evaluate(_SHOWS_AFTER_A_WHILE, stop))


def tab_through(page: Page) -> tuple[list[dict[str, Any]], set[int], list[str]]:
    """Press Tab until focus comes round again; return the targets, those reached, and focus stops not shown."""
    targets: list[dict[str, Any]] = page.evaluate(_WATCH_FOCUS)
    limit = len(targets) * 2 + 100
    for pressed in range(1, limit + 1):
        page.keyboard.press("Tab")
        if pressed % 40 == 0 and page.evaluate(_CAME_ROUND):
            break
    log: list[dict[str, Any]] = page.evaluate("window.__kbd.log")
    cycle = next((i for i, entry in enumerate(log) if i and entry["key"] == log[0]["key"]), len(log))
    reached = {int(mark) for entry in log[:cycle] for mark in entry["marks"]}
    invisible = [e["key"] for e in log[:cycle] if not e["visible"] and not shows_after_a_while(page, e["stop"])]
    return targets, reached, invisible


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_keyboard_reaches_every_link_tab_table_and_download_with_focus_visible(
    page_type: str, open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page()
    watched.goto(site_server.url(page_urls[page_type]), status=status_of(page_type))
    targets, reached, invisible = tab_through(watched.page)
    unreached = [f"{t['kind']} {t['text']!r} {t['href'] or ''}" for i, t in enumerate(targets) if i not in reached]
    assert not unreached, "not reached by Tab:\n" + "\n".join(unreached)
    assert not invisible, "focus not visible on:\n" + "\n".join(invisible)
    assert {t["kind"] for t in targets} >= {"link"}


# Charts -------------------------------------------------------------------------------


def test_every_chart_has_an_accessible_name_and_description_in_the_browser(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    checked = 0
    watched = open_page()
    for page_type, url in page_urls.items():
        watched.goto(site_server.url(url), status=status_of(page_type), wait_until="load")
        for index in range(watched.draw_charts()):
            figure = watched.page.locator("figure.chart").nth(index)
            title = figure.locator("figcaption").first.inner_text().strip()
            assert title
            expect(figure).to_have_accessible_name(title)
            expect(figure.locator(".chart__plot")).to_have_accessible_name(title)
            expect(figure.locator(".chart__plot")).to_have_accessible_description(re.compile(r"\S.{40,}"))
            checked += 1
    assert checked >= 3
    assert watched.problems() == []


def test_arrow_keys_move_between_a_charts_tabs_and_show_its_table(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page()
    watched.goto(site_server.url(page_urls["weapon index"]), wait_until="load")
    page = watched.page
    tabs = page.locator("figure.chart .tabbed-set").first
    tabs.locator("input:checked").focus()
    page.keyboard.press("ArrowRight")
    table = tabs.locator("table").first
    expect(table).to_be_visible()
    assert tabs.locator("input").nth(1).is_checked()
    page.keyboard.press("ArrowLeft")
    expect(table).to_be_hidden()
    assert watched.problems() == []
