"""Trust features in Chromium: reference previews by mouse, keyboard and touch; citations copied
with one click; correction notes and their log; and how the article and entity pages print.
"""

from __future__ import annotations

import re
import shutil
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from ..conftest import ROOT, make_site_copy, run_build
from .conftest import PHONE, serve, site_path_prefix, with_instant_navigation

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Locator, Page

    from .conftest import OpenPage, SiteServer

pytestmark = pytest.mark.browser

REF = ".md-content a.ref[data-source]"
PREVIEW = "#ref-preview"

CORRECTION_ID = "2024-12-02-atacms-range"
CORRECTION = """\
date: 2024-12-02
summary: The longer-range ATACMS was said to reach 350 km; it reaches up to 300 km.
reason: A typing error, reported by a reader.
records: [weapons/atacms]
pages: [article.md]
sources: [s010]
"""


def ref_data(ref: Locator) -> dict[str, str]:
    """What a reference carries for its preview: title, publisher, date, url (data-* attributes)."""
    data: dict[str, str] = ref.evaluate("a => ({...a.dataset})")
    return data


def expect_preview_of(page: Page, ref: Locator) -> Locator:
    """The preview is open, describes `ref` and shows its source's title, publisher, date and link."""
    data = ref_data(ref)
    preview = page.locator(PREVIEW)
    expect(preview).to_be_visible()
    expect(preview).to_have_attribute("role", "tooltip")
    expect(ref).to_have_attribute("aria-describedby", "ref-preview")
    expect(ref).to_have_attribute("aria-expanded", "true")
    expect(preview.locator(".ref-preview__title")).to_have_text(data["title"])
    expect(preview.locator(".ref-preview__meta")).to_contain_text(data["publisher"])
    expect(preview.locator(".ref-preview__meta")).to_contain_text(data["date"])
    expect(preview.get_by_role("link", name=re.compile("^Open the source"))).to_have_attribute("href", data["url"])
    expect(preview.get_by_role("link", name="In the bibliography")).to_have_attribute(
        "href", ref.get_attribute("href") or ""
    )
    return preview


def assert_beside(page: Page, ref: Locator, preview: Locator) -> None:
    """The preview opens next to its reference and inside the window: the reader does not move."""
    ref_box, box = ref.bounding_box(), preview.bounding_box()
    assert ref_box
    assert box
    viewport = page.viewport_size
    assert viewport
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"], (box, viewport)
    below = box["y"] - (ref_box["y"] + ref_box["height"])
    above = ref_box["y"] - (box["y"] + box["height"])
    assert 0 <= below <= 16 or 0 <= above <= 16, (ref_box, box)


# Reference previews ----------------------------------------------------------------------


def test_hovering_a_reference_shows_its_source_in_place_and_it_stays_while_the_pointer_is_on_it(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page()
    watched.goto(site_server.url(page_urls["actor"]))
    page = watched.page
    ref = page.locator(REF).nth(2)
    ref.scroll_into_view_if_needed()
    where = (page.url, page.evaluate("window.scrollY"))

    ref.hover()
    preview = expect_preview_of(page, ref)
    assert_beside(page, ref, preview)
    assert (page.url, page.evaluate("window.scrollY")) == where

    preview.hover()  # on the way to its links, the preview stays open
    page.wait_for_timeout(400)
    expect(preview).to_be_visible()
    page.mouse.move(1, page.viewport_size["height"] - 1 if page.viewport_size else 600)
    expect(preview).to_be_hidden()
    expect(ref).to_have_attribute("aria-expanded", "false")
    assert watched.problems() == []


def test_a_reference_reached_with_the_keyboard_shows_its_preview_and_escape_closes_it(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page()
    watched.goto(site_server.url(page_urls["weapon"]))
    page = watched.page
    for _ in range(500):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.ref[data-source]')"):
            break
    else:
        pytest.fail("Tab never reached a numbered reference")
    ref = page.locator("a.ref[data-source]:focus")
    preview = expect_preview_of(page, ref)
    assert_beside(page, ref, preview)

    page.keyboard.press("Escape")
    expect(preview).to_be_hidden()
    expect(ref).to_be_focused()
    expect(ref).not_to_have_attribute("aria-describedby", "ref-preview")

    page.keyboard.press("Tab")  # the next stop: a reference previews, anything else closes
    if page.evaluate("document.activeElement.matches('a.ref[data-source]')"):
        expect_preview_of(page, page.locator("a.ref[data-source]:focus"))
    else:
        expect(preview).to_be_hidden()
    assert watched.problems() == []


def test_on_a_touch_screen_the_first_tap_previews_and_the_second_follows_the_reference(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page(viewport=PHONE, touch=True)
    watched.goto(site_server.url(page_urls["actor"]))
    page = watched.page
    ref = page.locator(REF).first
    ref.scroll_into_view_if_needed()
    url = page.url

    ref.tap()
    preview = expect_preview_of(page, ref)
    assert_beside(page, ref, preview)
    assert page.url == url

    page.locator(".md-content h1").tap()  # a tap elsewhere closes it
    expect(preview).to_be_hidden()

    ref.tap()
    expect(preview).to_be_visible()
    source = ref.get_attribute("data-source")
    ref.tap()
    expect(page).to_have_url(re.compile(rf"/sources/#{source}$"))
    expect(page.locator(f"[id='{source}']")).to_be_in_viewport()
    assert watched.problems() == []


def test_a_preview_closes_when_instant_navigation_leaves_the_page(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page()
    page = watched.page
    with_instant_navigation(page, site_server)
    watched.goto(site_server.url(page_urls["actor"]))
    page.evaluate("window.__sameDocument = true")
    page.locator(REF).first.focus()  # the preview stays open while the reference has focus
    expect(page.locator(PREVIEW)).to_be_visible()
    page.locator(".md-tabs__link", has_text="Timeline").evaluate("a => a.click()")
    expect(page).to_have_url(site_server.url("timeline/"))
    expect(page.locator(PREVIEW)).to_be_hidden()
    assert page.evaluate("window.__sameDocument") is True, "instant navigation kept the document"
    assert watched.problems() == []


def test_a_glossary_term_previews_its_definition_by_mouse_keyboard_and_touch(
    open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page()
    watched.goto(site_server.url("article/"))
    page = watched.page
    term = page.locator(".md-content a.glossary-term[data-term]").first
    name = term.get_attribute("data-term") or ""
    tooltip = term.get_attribute("title") or ""
    assert tooltip.startswith(f"{name}: "), "without JavaScript, the title is the tooltip"
    preview = page.locator(PREVIEW)

    term.hover()
    expect(preview).to_be_visible()
    expect(preview.locator(".ref-preview__title")).to_have_text(name)
    expect(preview.locator(".ref-preview__definition")).to_have_text(tooltip[len(name) + 2 :])
    expect(preview.get_by_role("link", name="In the glossary")).to_have_attribute(
        "href", term.get_attribute("href") or ""
    )
    expect(term).not_to_have_attribute("title", re.compile(".*"))  # no second, native tooltip on top
    expect(term).to_have_attribute("aria-describedby", "ref-preview")
    page.keyboard.press("Escape")
    expect(preview).to_be_hidden()

    term.focus()
    expect(preview).to_be_visible()
    expect(preview.locator(".ref-preview__title")).to_have_text(name)
    page.keyboard.press("Escape")
    assert watched.problems() == []

    touch = open_page(viewport=PHONE, touch=True)
    touch.goto(site_server.url("article/"))
    term = touch.page.locator(".md-content a.glossary-term[data-term]").first
    term.scroll_into_view_if_needed()
    url = touch.page.url
    term.tap()
    expect(touch.page.locator(PREVIEW)).to_be_visible()
    assert touch.page.url == url
    term.tap()
    expect(touch.page).to_have_url(re.compile(r"/glossary/#[a-z0-9-]+$"))
    assert touch.problems() == []


# Cite this page --------------------------------------------------------------------------


def test_each_citation_is_copied_with_one_click_and_carries_the_permanent_url_and_date(
    open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page(permissions=["clipboard-read", "clipboard-write"])
    watched.goto(site_server.url(page_urls["actor"]))
    page = watched.page
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    updated = page.locator(".page-tools .last-updated time").get_attribute("datetime")
    assert canonical
    assert updated
    page.locator("details.cite-this summary").click()

    buttons = page.locator(".page-tools button.copy-citation")
    for index, style in enumerate(("APA", "BibTeX")):
        button = buttons.nth(index)  # by position: its name changes to "Copied"
        expect(button).to_have_text(f"Copy {style}")
        expected = button.locator("xpath=..").locator("pre code").inner_text()
        assert canonical in expected, expected
        button.click()
        expect(button).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == expected
        expect(button).to_have_text(f"Copy {style}")
    assert updated in expected  # BibTeX notes the last-updated date in full
    assert watched.problems() == []


# Corrections -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corrected_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The real site plus one correction to the ATACMS record and the article."""
    root: Path = tmp_path_factory.mktemp("corrected")
    data = root / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "corrections").mkdir(exist_ok=True)
    (data / "corrections" / f"{CORRECTION_ID}.yaml").write_text(CORRECTION, encoding="utf-8")
    project = make_site_copy(root / "project", data)
    result = run_build(project, root / "site")
    assert result.returncode == 0, result.stderr
    yield from serve(root / "site", site_path_prefix())


@pytest.mark.parametrize("path", ["weapons/atacms/", "article/"])
def test_a_corrected_page_says_so_under_its_title_and_explains_at_its_foot(
    path: str, open_page: OpenPage, corrected_server: SiteServer
) -> None:
    watched = open_page(server=corrected_server)
    watched.goto(corrected_server.url(path))
    page = watched.page
    flag = page.locator(".md-content .correction-flag")
    expect(flag).to_be_visible()
    top = page.locator(".md-content h1").bounding_box()
    flag_box = flag.bounding_box()
    assert top
    assert flag_box
    assert flag_box["y"] < top["y"] + 200, "the line is right under the title"
    note = page.locator(".md-content .correction-note")
    expect(note).to_have_attribute("role", "note")
    expect(note).to_contain_text("An earlier version of this page was corrected")
    expect(note).to_contain_text("2 December 2024: The longer-range ATACMS was said to reach 350 km")
    content = page.locator(".md-content").bounding_box()
    note_box = note.bounding_box()
    assert content
    assert note_box
    assert note_box["y"] > content["y"] + content["height"] / 2, "the notes are at the foot of the page"
    flag.get_by_role("link", name="Corrected").click()
    expect(note).to_be_in_viewport()

    note.locator("li", has_text="The longer-range ATACMS").get_by_role("link", name="Why").click()
    expect(page).to_have_url(corrected_server.url(f"corrections/#{CORRECTION_ID}"))
    entry = page.locator(f"article.correction[id='{CORRECTION_ID}']")
    expect(entry).to_be_in_viewport()
    expect(entry).to_contain_text("A typing error, reported by a reader.")
    assert watched.problems() == []


def test_the_corrections_log_links_its_atom_feed_which_lists_the_correction(
    open_page: OpenPage, corrected_server: SiteServer
) -> None:
    watched = open_page(server=corrected_server)
    watched.goto(corrected_server.url("corrections/"))
    page = watched.page
    link = page.get_by_role("link", name="Atom feed of corrections")
    href = link.evaluate("a => a.href")
    assert href == corrected_server.url("corrections/feed.xml")
    feed = page.request.get(href)
    assert feed.ok, href
    body = feed.text()
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert f"corrections/#{CORRECTION_ID}</id>" in body
    assert "The longer-range ATACMS was said to reach 350 km" in body
    assert watched.problems() == []


# Print -----------------------------------------------------------------------------------

_HIDDEN_IN_PRINT = (
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-content__button",
    ".page-tools .copy-citation",
    ".page-tools .report-error",
    PREVIEW,
)

_DISPLAYED = """selectors => selectors.flatMap(s => Array.from(document.querySelectorAll(s))
  .filter(el => getComputedStyle(el).display !== "none" && el.getClientRects().length > 0)
  .map(() => s))"""


@pytest.mark.parametrize("page_type", ["article", "actor", "weapon"])
def test_the_article_and_entity_pages_print_without_the_site_around_them_and_with_their_references(
    page_type: str, open_page: OpenPage, site_server: SiteServer, page_urls: dict[str, str]
) -> None:
    watched = open_page()
    watched.goto(site_server.url(page_urls[page_type]))
    page = watched.page
    if page.locator(REF).count():
        page.locator(REF).first.hover()  # an open preview must not print
    page.emulate_media(media="print")

    assert page.evaluate(_DISPLAYED, list(_HIDDEN_IN_PRINT)) == []
    content = page.locator(".md-content")
    expect(content.locator("h1")).to_be_visible()
    box = content.bounding_box()
    assert box
    assert page.viewport_size
    assert box["width"] >= 0.9 * page.viewport_size["width"], "the text takes the page"

    cited = set(page.eval_on_selector_all(REF, "refs => refs.map(r => r.dataset.source)"))
    listed = set(
        page.eval_on_selector_all(
            ".md-content ol.references li a[href*='sources/#']", "as => as.map(a => a.hash.slice(1))"
        )
    )
    assert cited <= listed, f"cited but not listed when printed: {sorted(cited - listed)}"
    if cited:
        expect(content.locator("ol.references")).to_be_visible()
    expect(content.locator(".last-updated")).to_be_visible()

    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF-")
    assert watched.problems() == []
