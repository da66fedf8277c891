"""Without a Chromium the browser tests fail and say how to install one; they never skip."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

import pytest

from . import conftest
from .conftest import find_chromium

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Playwright


def fake_playwright(executable: Path) -> Playwright:
    return cast("Playwright", SimpleNamespace(chromium=SimpleNamespace(executable_path=str(executable))))


def test_chromium_path_wins_over_every_other_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    binary = tmp_path / "my-chromium"
    binary.write_text("", encoding="utf-8")
    monkeypatch.setenv("CHROMIUM_PATH", str(binary))
    assert find_chromium(fake_playwright(tmp_path / "none")) == str(binary)


def test_a_chromium_path_that_is_no_file_fails_and_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "missing"))
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        find_chromium(fake_playwright(tmp_path / "none"))


def test_with_no_chromium_anywhere_the_tests_fail_and_say_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr(conftest, "SYSTEM_CHROMIUMS", (str(tmp_path / "chromium"),))
    monkeypatch.setattr("shutil.which", lambda _name: None)
    with pytest.raises(pytest.fail.Exception) as failed:
        find_chromium(fake_playwright(tmp_path / "none"))
    assert "playwright install --with-deps chromium" in str(failed.value)
    assert "CHROMIUM_PATH" in str(failed.value)


def test_playwrights_own_chromium_is_used_when_the_system_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr(conftest, "SYSTEM_CHROMIUMS", (str(tmp_path / "chromium"),))
    monkeypatch.setattr("shutil.which", lambda _name: None)
    downloaded = tmp_path / "ms-playwright" / "chrome"
    downloaded.parent.mkdir()
    downloaded.write_text("", encoding="utf-8")
    assert find_chromium(fake_playwright(downloaded)) is None
