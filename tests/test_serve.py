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


def test_serve_reloads_engine_code_edited_under_hooks(tmp_path: Path) -> None:
    project = make_site_copy(tmp_path / "project")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "hooks")}
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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
