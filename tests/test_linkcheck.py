"""The link-rot check against a real HTTP server on localhost: a page, a missing page, a redirect."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

import pytest

from explainer.cli import main
from explainer.linkcheck import check_links, format_report

if TYPE_CHECKING:
    from collections.abc import Iterator


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        self.send_response(200 if self.path == "/page" else 404)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<p>ok</p>")

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_a_redirect_and_a_missing_page_are_told_apart(server: str) -> None:
    results = check_links([("s1", f"{server}/page"), ("s2", f"{server}/moved"), ("s3", f"{server}/gone")], timeout=5)
    assert [(r.source_id, r.status, r.dead) for r in results] == [
        ("s1", 200, False),
        ("s2", 200, False),
        ("s3", 404, True),
    ]
    assert results[1].final_url == f"{server}/page"


def test_the_report_lists_only_dead_addresses_with_an_archive_search(server: str) -> None:
    results = check_links(
        [("s1", f"{server}/page"), ("s3", f"{server}/gone"), ("s4", "http://127.0.0.1:9/x")], timeout=5
    )
    report = format_report(results)
    assert report.startswith("2 of 3 source addresses did not answer with a page.")
    assert f"| `s3` | {server}/gone | 404 | [Wayback Machine](https://web.archive.org/web/*/{server}/gone) |" in report
    assert "`s4`" in report
    assert "no answer" in report
    assert "`s1`" not in report


def test_the_report_of_live_addresses_says_so(server: str) -> None:
    assert format_report(check_links([("s1", f"{server}/page")], timeout=5)) == (
        "0 of 1 source addresses did not answer with a page.\n"
    )


def test_links_prints_every_source_address(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["links"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 100
    assert all(line.split(" ")[0].startswith("s") and " http" in line for line in lines)
