"""`mkdocs serve` (what `make serve` runs) rebuilds on edits and runs the engine's code as it now is."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING

import pytest

from .conftest import make_site_copy
from .sitecrawl import read_site_url

if TYPE_CHECKING:
    from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _wait_for(url: str, status: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _status(url) == status:
            return True
        time.sleep(0.5)
    return False


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return str(error.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for_text(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.5)
    return False


def _serve(project: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "hooks")}
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    return subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def start_preview(tmp_path: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    """`mkdocs serve` of a copy of the site on a free port: the server, the site's base URL and a data file to break."""
    project = make_site_copy(tmp_path / "project")
    port = _free_port()
    base = f"http://127.0.0.1:{port}{urllib.parse.urlsplit(read_site_url()).path}"
    return _serve(project, port), base, project / "data" / "actors" / "biden.yaml"


@pytest.mark.slow
def test_serve_shows_the_problems_on_every_page_and_comes_back_when_they_are_fixed(tmp_path: Path) -> None:
    server, base, actor = start_preview(tmp_path)
    project = actor.parents[2]
    good = actor.read_text(encoding="utf-8")
    try:
        assert _wait_for(base + "actors/biden/", 200, 120), "the preview never came up"
        actor.write_text(good.replace("\nkind: person", "\n\tkind: person"), encoding="utf-8")
        problem = "data/actors/biden.yaml:2:1: (file): a tab character: indent with spaces"
        for url in ("", "actors/biden/", "no/such/page/"):
            assert _wait_for_text(base + url, problem, 60), f"{url or 'the home page'} does not show the problem"
        page = _get(base + "actors/biden/")
        assert " 2 | →kind: person" in page
        assert "help: replace the tab with spaces" in page
        assert "/livereload/" in page
        actor.write_text(good, encoding="utf-8")
        assert _wait_for(base + "actors/biden/", 200, 60), "the site did not come back"
        assert problem not in _get(base + "actors/biden/")
        methodology = project / "docs" / "methodology.md"
        methodology.write_text(methodology.read_text(encoding="utf-8") + "\nAs said [@s999].\n", encoding="utf-8")
        assert _wait_for_text(base + "article/", "[@s999]: unknown source id", 60), "a page error is not shown"
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "Traceback" not in stderr.decode()
    assert "is included in the 'nav' configuration" not in stderr.decode()


def test_serve_reloads_engine_code_edited_under_hooks(tmp_path: Path) -> None:
    project = make_site_copy(tmp_path / "project")
    port = _free_port()
    server = _serve(project, port)
    base = f"http://127.0.0.1:{port}{urllib.parse.urlsplit(read_site_url()).path}"
    try:
        assert _wait_for(base + "corrections/feed.xml", 200, 120), "the preview never came up"
        with urllib.request.urlopen(base, timeout=5) as response:
            home = response.read().decode("utf-8")
        # The live-reload script is inline and new on every request: the preview has no policy to block it.
        assert "livereload(" in home
        assert "Content-Security-Policy" not in home
        urls = project / "hooks" / "explainer" / "urls.py"
        text = urls.read_text(encoding="utf-8")
        assert 'FEED_PATH = "corrections/feed.xml"' in text
        urls.write_text(text.replace('"corrections/feed.xml"', '"corrections/news.xml"'), encoding="utf-8")
        assert _wait_for(base + "corrections/news.xml", 200, 120), "the rebuild ran the old engine code"
        assert _status(base + "corrections/feed.xml") == 404
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "engine code changed: reloaded" in stderr.decode()
    assert "preview pages carry no Content-Security-Policy" in stderr.decode()
    assert "Traceback" not in stderr.decode()
