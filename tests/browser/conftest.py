"""Browser fixtures: the built site served over HTTP on 127.0.0.1, and Chromium driven by Playwright.

`site_server` serves the real build the way GitHub Pages serves a project site: under the
path of `site_url` (`/<repository>/`), with the site's `404.html` for any missing address;
`serve` does the same for any other build (the hostile-data site). Pages are opened through
`open_page`, which records what a reader would suffer from: console errors, uncaught
exceptions, failed requests, error responses, requests that leave the origin, and dialogs.

Chromium is looked up in `CHROMIUM_PATH`, then at the usual Debian paths, then as
Playwright's own download; when none is there the tests fail and say how to install one.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote, urlsplit

import pytest
from benchmarks.page_weight import page_types
from playwright.sync_api import sync_playwright

from explainer.dataset import load_dataset
from explainer.pages import PAGE_TYPES as GENERATED_PAGE_TYPES

from ..conftest import ROOT
from ..sitecrawl import read_site_url

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Dialog,
        Locator,
        Page,
        Playwright,
        Request,
        Response,
        Route,
        ViewportSize,
    )

    from explainer.dataset import Dataset

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
SYSTEM_CHROMIUMS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
INSTALL_HINT = (
    "no Chromium for the browser tests. Install one:\n"
    "  Debian or Ubuntu:  sudo apt-get install chromium\n"
    "  anywhere else:     .venv/bin/python -m playwright install --with-deps chromium\n"
    "or set CHROMIUM_PATH to a Chromium or Chrome binary. Looked at: $CHROMIUM_PATH, "
    + ", ".join(SYSTEM_CHROMIUMS)
    + ", `chromium` on PATH and Playwright's own browser."
)
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
MISSING_PAGE = "this-page-does-not-exist/"

PAGE_TYPES = ("home", "article", *(t.name for t in GENERATED_PAGE_TYPES), "methodology", "404")
"""Every kind of page a reader meets: the hand-written ones and every type of generated page (the
registry, `explainer.pages.PAGE_TYPES`); `page_urls` maps each to one site-relative URL."""


def site_path_prefix() -> str:
    """The path of `site_url` (for example `/ukraine-gambit/`): where GitHub Pages serves the site."""
    path = urlsplit(read_site_url()).path.strip("/")
    return f"/{path}/" if path else "/"


# Serving ------------------------------------------------------------------------------


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix`; anything else gets the site's 404 page, status 404."""

    def __init__(self, *args: Any, prefix: str, **kwargs: Any) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        clean = unquote(urlsplit(path).path)
        if not clean.startswith(self.prefix):
            if clean + "/" == self.prefix:
                return str(Path(self.directory))  # `/repo` redirects to `/repo/`, as on GitHub Pages
            return str(Path(self.directory) / "\x00outside-the-prefix")
        return super().translate_path("/" + clean[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: what matters shows up in the tests' assertions."""


@dataclass(frozen=True)
class SiteServer:
    """A built site served over HTTP on 127.0.0.1, under `prefix`."""

    root: Path
    prefix: str
    origin: str

    @property
    def base(self) -> str:
        """The URL of the home page."""
        return self.origin + self.prefix

    def url(self, path: str = "") -> str:
        """The absolute URL of a site-relative `path` (`""` is the home page)."""
        return self.base + path.lstrip("/")

    def site_relative(self, url: str) -> str | None:
        """The site-relative path of an absolute URL served here, or None when it lies outside the site."""
        return url[len(self.base) :] if url.startswith(self.base) else None


class _QuietServer(ThreadingHTTPServer):
    """Says nothing when the browser drops a connection mid-response (it moved on to the next page)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def serve(root: Path, prefix: str = "/") -> Iterator[SiteServer]:
    """Serve `root` under `prefix` on a free port until the generator is closed."""
    handler = partial(_SiteHandler, directory=str(root), prefix=prefix)
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"site-server {prefix}", daemon=True)
    thread.start()
    try:
        yield SiteServer(root=root, prefix=prefix, origin=f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[SiteServer]:
    """The real site, served under the path of `site_url` as GitHub Pages serves it."""
    yield from serve(built_site, site_path_prefix())


# Page types ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The real data, loaded once."""
    return load_dataset(ROOT / "data")


def urls_of_page_types(dataset: Dataset) -> dict[str, str]:
    """One site-relative URL per page type; for actors and weapons, the record with the most on its page."""
    urls = {**page_types(dataset), "methodology": "methodology/", "404": MISSING_PAGE}
    assert tuple(urls) == PAGE_TYPES
    return urls


@pytest.fixture(scope="session")
def page_urls(dataset: Dataset) -> dict[str, str]:
    """Page type → site-relative URL on the real site."""
    return urls_of_page_types(dataset)


# Chromium -----------------------------------------------------------------------------


def find_chromium(playwright: Playwright) -> str | None:
    """The Chromium to drive: `CHROMIUM_PATH`, a system Chromium, or Playwright's own (None)."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if not Path(configured).is_file():
            pytest.fail(f"CHROMIUM_PATH={configured} is not a file; {INSTALL_HINT}", pytrace=False)
        return configured
    for candidate in (*SYSTEM_CHROMIUMS, shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    if Path(playwright.chromium.executable_path).is_file():
        return None
    pytest.fail(INSTALL_HINT, pytrace=False)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's synchronous API, started once per session."""
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    launched = playwright.chromium.launch(executable_path=find_chromium(playwright), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


# Watched pages ------------------------------------------------------------------------


def show_intent(figure: Locator) -> None:
    """What a reader does to ask for the interactive chart: a pointer over it (a tap or a focus does too)."""
    figure.dispatch_event("pointerover")


_CHART_SETTLED = """i => {
  const figure = document.querySelectorAll("figure.chart")[i];
  return figure.hasAttribute("data-drawn") || figure.hasAttribute("data-error");
}"""


@dataclass
class WatchedPage:
    """A page plus everything that went wrong while it was open."""

    page: Page
    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    expected_missing: set[str] = field(default_factory=set)

    def goto(self, url: str, *, status: int = 200, wait_until: str = "networkidle") -> Response:
        """Open `url`, wait until the network is idle, and check the document's HTTP status."""
        if status == 404:
            self.expected_missing.add(url)
        response = self.page.goto(url, wait_until=wait_until)  # type: ignore[arg-type]
        assert response is not None, f"no response for {url}"
        assert response.status == status, f"{url}: HTTP {response.status}, expected {status}"
        return response

    def draw_charts(self) -> int:
        """Bring each chart into view and point at it (plotly.js loads on intent), wait until it is drawn, scroll back.

        Returns the count of charts.
        """
        count: int = self.page.evaluate("document.querySelectorAll('figure.chart').length")
        for index in range(count):
            self.page.evaluate("i => document.querySelectorAll('figure.chart')[i].scrollIntoView()", index)
            show_intent(self.page.locator("figure.chart").nth(index))
            self.page.wait_for_function(_CHART_SETTLED, arg=index)
        self.page.evaluate("window.scrollTo(0, 0)")
        return count

    def problems(self) -> list[str]:
        """Every recorded problem, one line each; empty when the reader saw none."""
        lines = [f"console error: {m}" for m in self.console_errors if not self._is_expected_404(m)]
        lines += [f"uncaught exception: {m}" for m in self.page_errors]
        lines += [f"failed request: {m}" for m in self.failed_requests]
        lines += [f"error response: {m}" for m in self.error_responses]
        lines += [f"request off the origin: {m}" for m in self.offsite_requests]
        lines += [f"dialog opened: {m}" for m in self.dialogs]
        return lines

    def _is_expected_404(self, message: str) -> bool:
        # Chromium reports the 404 of a missing page's own document as a console error.
        return bool(self.expected_missing) and "status of 404" in message

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400 and response.url not in self.expected_missing:
            self.error_responses.append(f"{response.status} {response.url}")

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith((self.origin + "/", "data:", "blob:")) or url == self.origin:
            route.continue_()
        else:
            self.offsite_requests.append(url)
            route.abort("blockedbyclient")

    def _on_failed(self, request: Request) -> None:
        # ERR_ABORTED: the request was cancelled because the test moved on to the next page.
        if request.url not in self.offsite_requests and request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.url}: {request.failure}")


class OpenPage(Protocol):
    """The `open_page` fixture's signature."""

    def __call__(
        self,
        *,
        server: SiteServer | None = None,
        color_scheme: str = "light",
        viewport: ViewportSize = DESKTOP,
        touch: bool = False,
        permissions: list[str] | None = None,
    ) -> WatchedPage: ...


@pytest.fixture
def open_page(browser: Browser, site_server: SiteServer) -> Iterator[OpenPage]:
    """Open a watched page in a fresh context: `open_page(color_scheme="dark", viewport=PHONE, server=...)`.

    `touch=True` makes a phone with a touch screen and no hover; `permissions` grants browser
    permissions such as `clipboard-read` to the site's origin.
    """
    contexts: list[BrowserContext] = []

    def opener(
        *,
        server: SiteServer | None = None,
        color_scheme: str = "light",
        viewport: ViewportSize = DESKTOP,
        touch: bool = False,
        permissions: list[str] | None = None,
    ) -> WatchedPage:
        origin = (server or site_server).origin
        context = browser.new_context(
            viewport=viewport,
            color_scheme=color_scheme,  # type: ignore[arg-type]
            reduced_motion="reduce",
            service_workers="block",
            has_touch=touch,
            is_mobile=touch,
        )
        if permissions:
            context.grant_permissions(permissions, origin=origin)
        contexts.append(context)
        watched = WatchedPage(page=context.new_page(), origin=origin)
        context.route("**/*", watched._route)
        page = watched.page
        page.on("console", watched._on_console)
        page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
        page.on("requestfailed", watched._on_failed)
        page.on("response", watched._on_response)
        page.on("dialog", watched._on_dialog)
        return watched

    yield opener
    for context in contexts:
        context.close()


INSTANT = '"features": ["navigation.instant", '


def turn_on_instant_navigation(html: str) -> str:
    """A page of the site as an explainer that enables Material's instant navigation would publish it.

    The site does not (see `mkdocs.yml`); the engine's scripts and policy must still work for
    one that does, so the browser tests that follow links without a page load turn it on in
    the theme's configuration, which every page carries.
    """
    assert '"features": [' in html, "the page carries the theme's configuration"
    return html.replace('"features": [', INSTANT, 1)


def with_instant_navigation(page: Page, server: SiteServer) -> None:
    """Serve the site with instant navigation turned on, its sitemap at the test server's origin.

    Material's instant navigation only takes over links listed in the sitemap, and it maps the
    sitemap's host but not its port onto the page's: on a test port nothing would be listed.
    """
    site_url = read_site_url()

    def sitemap(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(site_url, server.base))

    def document(route: Route) -> None:
        if route.request.resource_type != "document" or not route.request.url.startswith(server.origin):
            route.fallback()
            return
        response = route.fetch()
        if "text/html" not in response.headers.get("content-type", ""):
            route.fulfill(response=response)
            return
        route.fulfill(response=response, body=turn_on_instant_navigation(response.text()))

    page.route("**/sitemap.xml", sitemap)
    page.route("**/*", document)
