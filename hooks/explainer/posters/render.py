"""Draw figures into SVG and PNG files with plotly's own static export (kaleido), cached by what they draw.

Kaleido drives a headless Chromium that loads the site's own plotly.js (the geo bundle, which
draws every chart type) and the site's own base-map topojson, from files: the export makes no
request to the network. One browser serves the whole build; it starts only when an image is
missing from the cache, so a rebuild with no data change starts none.

An image's cache name is a hash of everything that decides its bytes: the figure's JSON, the
format and size, the plotly.js file and `RENDERER_VERSION` (raise it when the clean-up below
changes). Plotly gives every drawing random ids (clip paths, definitions); `clean_svg` renames
them in order of appearance, and rounds path coordinates to a tenth of a pixel, so the same
figure always gives the same bytes, and a map's poster is a third of its raw size.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from explainer.charts import figure_json

if TYPE_CHECKING:
    from collections.abc import Coroutine, Iterable

__all__ = [
    "CACHE_VARIABLE",
    "RENDERER_VERSION",
    "Image",
    "RenderError",
    "Renderer",
    "cache_folder",
    "clean_svg",
    "find_browser",
]

RENDERER_VERSION = "1"
"""Part of every cache name: raise it when what is done to kaleido's output changes."""

PLOTLY_JS = "plotly-geo-4.1.1.min.js"
"""The bundle the export loads from the site's vendor folder: the geo one draws every trace type."""

NO_BROWSER = (
    "No Chromium found to draw the charts' images: install one (Debian or Ubuntu: apt-get install chromium; "
    "elsewhere: python -m playwright install chromium) or set BROWSER_PATH to a Chromium or Chrome binary."
)
CACHE_VARIABLE = "EXPLAINER_IMAGE_CACHE"
"""An environment variable that names the cache folder, over `extra.explainer.image_cache` (the tests share one)."""
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_TABS = 2
"""Figures drawn at once: one per core of a small CI machine."""
_TIMEOUT = 120


_QUIET = (
    "--disable-background-networking",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--dns-prefetch-disable",
    "--no-pings",
    "--proxy-bypass-list=<-loopback>",
)
"""Chromium's own calls home (updates, time, sign-in, search prefetch) switched off."""
_NOWHERE = "http://127.0.0.1:9"
"""The proxy every request to the network goes to: the discard port, where nothing listens, so none leaves."""


def _offline_chromium() -> type:
    """Choreographer's Chromium with its calls home switched off: the export needs only files."""
    from choreographer.browsers.chromium import Chromium  # noqa: PLC0415 - only a build that draws needs it

    class OfflineChromium(Chromium):
        def get_cli(self) -> list[str]:
            return [*super().get_cli(), *_QUIET]

    return OfflineChromium


class RenderError(RuntimeError):
    """An image could not be drawn; the message is one sentence that says why and what to do."""


@dataclass(frozen=True)
class Image:
    """One file to draw: a figure, its format and size, and its site-relative path."""

    path: str
    figure: dict[str, Any] = field(compare=False, hash=False)
    format: Literal["svg", "png"]
    width: int
    height: int
    scale: float = 1

    def key(self) -> str:
        """The cache name: the same figure, format, size and renderer give the same name."""
        digest = hashlib.sha256()
        for part in (RENDERER_VERSION, PLOTLY_JS, self.format, f"{self.width}x{self.height}@{self.scale}"):
            digest.update(part.encode() + b"\0")
        digest.update(figure_json(self.figure).encode())
        return f"{digest.hexdigest()[:32]}.{self.format}"


def find_browser() -> str | None:
    """The Chromium to draw with: `BROWSER_PATH`, then `CHROMIUM_PATH`, then the first one on the path."""
    for variable in ("BROWSER_PATH", "CHROMIUM_PATH"):
        if value := os.environ.get(variable):
            return value if Path(value).is_file() else None
    for name in _BROWSERS:
        if found := shutil.which(name):
            return found
    return None


def cache_folder(root: Path, configured: str | None) -> Path:
    """Where drawn images are kept between builds: `$EXPLAINER_IMAGE_CACHE`, the setting, or `.cache/images`.

    It lies outside `docs/` (a file written there would start `mkdocs serve` rebuilding) and
    `site/` (which `--clean` empties), relative to the project `root` unless absolute.
    """
    return root / (os.environ.get(CACHE_VARIABLE) or configured or ".cache/images")


_ID = re.compile(r'\bid="([^"]+)"')
_NUMBER = re.compile(r"(-?\d+\.\d)\d+")
_PATH_DATA = re.compile(r'(\bd|\bpoints)="([^"]*)"')


def clean_svg(svg: str) -> str:
    """Plotly's SVG with its ids renamed `c0`, `c1`… in order and path coordinates cut to one decimal."""
    names: dict[str, str] = {}
    for match in _ID.finditer(svg):
        names.setdefault(match.group(1), f"c{len(names)}")
    if names:
        pattern = re.compile(
            r'(id="|#)(' + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r')(?=["\')])'
        )
        svg = pattern.sub(lambda m: m.group(1) + names[m.group(2)], svg)
    return _PATH_DATA.sub(_rounded, svg)


def _rounded(match: re.Match[str]) -> str:
    coordinates = _NUMBER.sub(r"\g<1>", match.group(2))
    return match.group(1) + '="' + coordinates + '"'


class Renderer:
    """Draws images through one lazily started browser, and keeps every image in a cache folder.

    `renders` counts the images drawn (not found in the cache): a warm rebuild draws none.
    Call `close` when the build ends, whether it succeeded or not.
    """

    def __init__(self, vendor: Path, cache: Path, browser: str | None = None, proxy: str | None = None) -> None:
        self.vendor = vendor
        self.cache = cache
        self.browser = browser
        self.proxy = proxy
        self.renders = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None

    def draw(self, images: Iterable[Image]) -> dict[str, bytes]:
        """Site-relative path → bytes of each image, drawn where the cache does not hold it."""
        wanted = list(images)
        found: dict[str, bytes] = {}
        missing: dict[str, Image] = {}
        for image in wanted:
            cached = self.cache / image.key()
            if cached.is_file():
                found[image.key()] = cached.read_bytes()
            else:
                missing.setdefault(image.key(), image)
        if missing:
            found.update(self._draw_missing(list(missing.values())))
        return {image.path: found[image.key()] for image in wanted}

    def _draw_missing(self, images: list[Image]) -> dict[str, bytes]:
        self._open()
        drawn = self._run(self._draw_all(images))
        self.cache.mkdir(parents=True, exist_ok=True)
        out: dict[str, bytes] = {}
        for image, raw in zip(images, drawn, strict=True):
            data = clean_svg(raw.decode("utf-8")).encode("utf-8") if image.format == "svg" else raw
            temporary = self.cache / f".{image.key()}.{os.getpid()}.{threading.get_ident()}"
            temporary.write_bytes(data)
            temporary.replace(self.cache / image.key())  # whole or not at all, when builds share the cache
            out[image.key()] = data
        self.renders += len(images)
        return out

    async def _draw_all(self, images: list[Image]) -> list[bytes]:
        topojson = (self.vendor / "topojson").as_uri() + "/"

        async def one(image: Image) -> bytes:
            options = {"format": image.format, "width": image.width, "height": image.height, "scale": image.scale}
            return bytes(await self._kaleido.calc_fig(image.figure, opts=options, topojson=topojson))

        return list(await asyncio.gather(*(one(image) for image in images)))

    def _open(self) -> None:
        """Start the browser (once): its own event loop runs in a thread, as a build is not async."""
        if self._kaleido is not None:
            return
        browser = self.browser or find_browser()
        if browser is None:
            raise RenderError(NO_BROWSER)
        import kaleido  # type: ignore[import-untyped]  # noqa: PLC0415 - only a build that draws needs it

        page = kaleido.PageGenerator(plotly=(self.vendor / PLOTLY_JS).as_uri(), mathjax=False)
        options: dict[str, Any] = {
            "n": _TABS,
            "timeout": _TIMEOUT,
            "page_generator": page,
            "path": browser,
            "browser_cls": _offline_chromium(),
            "proxy_server": self.proxy or _NOWHERE,
        }
        loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        self._loop = loop

        async def start() -> Any:
            made = kaleido.Kaleido(**options)  # its queues belong to the loop that runs it
            await made.open()
            return made

        try:
            self._kaleido = self._run(start())
        except Exception as error:
            self.close()
            raise RenderError(f"Chromium ({browser}) did not start to draw the charts' images: {error}") from None

    def _run(self, work: Coroutine[Any, Any, Any]) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(work, self._loop).result()

    def close(self) -> None:
        """Stop the browser and its thread, if they were started; safe to call more than once."""
        kaleido, loop, thread = self._kaleido, self._loop, self._thread
        self._kaleido = self._loop = self._thread = None
        if loop is None:
            return
        if kaleido is not None:
            with contextlib.suppress(Exception):  # a browser that died is closed already
                asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout=30)
        loop.close()
