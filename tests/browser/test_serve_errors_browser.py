"""The preview in Chromium: an open page shows the problems when a data file breaks, and the site when it is fixed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from ..test_serve import _wait_for, start_preview

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_an_open_page_shows_the_problem_by_itself_and_comes_back_when_it_is_fixed(
    browser: Browser, tmp_path: Path
) -> None:
    server, base, actor = start_preview(tmp_path)
    good = actor.read_text(encoding="utf-8")
    context = browser.new_context(service_workers="block")
    try:
        assert _wait_for(base + "actors/biden/", 200, 120), "the preview never came up"
        page = context.new_page()
        page.goto(base + "actors/biden/")
        assert page.locator("h1").first.inner_text().startswith("Joe Biden")
        actor.write_text(good.replace("\nkind: person", "\n\tkind: person"), encoding="utf-8")
        problems = page.locator("#problems")
        problems.wait_for(timeout=60_000)  # the preview's own reload brings the error page
        assert "data/actors/biden.yaml:2:1: (file): a tab character: indent with spaces" in problems.inner_text()
        assert "help: replace the tab with spaces" in problems.inner_text()
        actor.write_text(good, encoding="utf-8")
        page.wait_for_function("() => !document.getElementById('problems')", timeout=60_000)
        page.locator("h1").first.wait_for()
        assert page.locator("h1").first.inner_text().startswith("Joe Biden")
    finally:
        context.close()
        server.terminate()
        server.communicate(timeout=30)
