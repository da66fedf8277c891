"""A built site served on 127.0.0.1 with gzip, as a static host serves it, counting what it sends.

Text responses (HTML, CSS, JavaScript, JSON, SVG, XML) are gzipped at level 6 when the
client accepts it; a missing address gets the site's `404.html` with status 404. Every
response is logged with the bytes of its body on the wire, so a page load can be weighed.
"""

from __future__ import annotations

import gzip
import mimetypes
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["Sent", "SiteServer", "serve"]

_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("application/json", ".json")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("application/atom+xml", ".xml")


@dataclass(frozen=True)
class Sent:
    """One response: the path asked for, its status, its content type and the bytes of its body."""

    path: str
    status: int
    content_type: str
    body_bytes: int


@dataclass
class SiteServer:
    """A running server: its origin, and the log of what it sent."""

    origin: str
    sent: list[Sent] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "") -> str:
        """The absolute URL of a site-relative path."""
        return f"{self.origin}/{path.lstrip('/')}"

    def take(self) -> list[Sent]:
        """What was sent since the last call."""
        with self.lock:
            out, self.sent[:] = list(self.sent), []
        return out


class _Handler(SimpleHTTPRequestHandler):
    site: SiteServer
    cache: dict[tuple[str, bool], bytes]

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, *, head: bool) -> None:
        root = Path(self.directory)
        clean = unquote(urlsplit(self.path).path)
        target = (root / clean.lstrip("/")).resolve()
        if root.resolve() not in (target, *target.parents):
            target = root / "\x00outside"
        if target.is_dir():
            if not clean.endswith("/"):
                self.send_response(301)
                self.send_header("Location", clean + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                self._log(clean, 301, "", 0)
                return
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, root / "404.html"
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and content_type.startswith(_COMPRESSIBLE)
        body = self._body(target, gzipped) if target.is_file() else b"Not found"
        self.send_response(status)
        self.send_header("Content-Type", content_type + ("; charset=utf-8" if content_type.startswith("text/") else ""))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "public, max-age=600")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        self._log(clean, status, content_type, len(body))

    def _body(self, path: Path, gzipped: bool) -> bytes:
        key = (str(path), gzipped)
        if key not in self.cache:
            raw = path.read_bytes()
            self.cache[key] = gzip.compress(raw, compresslevel=6, mtime=0) if gzipped else raw
        return self.cache[key]

    def _log(self, path: str, status: int, content_type: str, size: int) -> None:
        with self.site.lock:
            self.site.sent.append(Sent(path, status, content_type, size))

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet; the log of sent responses says what happened."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that stops reading a response (it moved on, or closed) is not an error of the site."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(root: Path) -> Iterator[SiteServer]:
    """Serve the site in `root` on a free port of 127.0.0.1 while the context lasts."""
    site = SiteServer(origin="")
    handler = type("Handler", (_Handler,), {"site": site, "cache": {}})

    def make(*args: Any, **kwargs: Any) -> _Handler:
        return handler(*args, directory=str(root), **kwargs)  # type: ignore[no-any-return]

    server = _Server(("127.0.0.1", 0), make)
    site.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
