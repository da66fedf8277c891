"""A crawl of a built site on disk: every page's ids, and every address it refers to.

Addresses come from HTML attributes (`href`, `src`, `srcset`, `action`…) and from the chart
data each chart carries in a `<template class="chart__data">` (the links of its points).
`resolve` turns an address into the file it names and its fragment, the way a browser
would from the page's URL on the published site.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

from .conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

    from explainer.dataset import Dataset

_URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "form": ("action",),
    "object": ("data",),
}


def read_site_url() -> str:
    """The `site_url` of mkdocs.yml, ending in a slash."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s]+)", text, re.M)
    assert match, "mkdocs.yml has no site_url"
    return match.group(1).rstrip("/") + "/"


@dataclass(frozen=True)
class Ref:
    """One address on a page: where it is (`tag.attr`, or `chart` for chart data) and its value."""

    where: str
    value: str


@dataclass
class SitePage:
    """A built HTML file: its URL on the site, its ids (and `<a name>`s), and its addresses."""

    url: str
    ids: list[str] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self, page: SitePage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.chart_data: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.page.ids.append(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.append(values["name"])
        for attr in _URL_ATTRS.get(tag, ()):
            if attr not in values:
                continue
            if attr == "srcset":
                for candidate in values[attr].split(","):
                    if candidate.strip():
                        self.page.refs.append(Ref(f"{tag}.{attr}", candidate.split()[0]))
            else:
                self.page.refs.append(Ref(f"{tag}.{attr}", values[attr]))
        if tag == "template" and "chart__data" in values.get("class", "").split():
            self.chart_data = []

    def handle_data(self, data: str) -> None:
        if self.chart_data is not None:
            self.chart_data.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "template" and self.chart_data is not None:
            payload: dict[str, Any] = json.loads("".join(self.chart_data))
            for point in payload.get("points", []):
                if point[3]:
                    self.page.refs.append(Ref("chart", point[3]))
            self.chart_data = None


def page_url(site: Path, file: Path) -> str:
    """The site-relative URL a file is served at: `actors/biden/index.html` → `actors/biden/`."""
    relative = file.relative_to(site).as_posix()
    return relative.removesuffix("index.html") if relative.endswith("index.html") else relative


def crawl(site: Path) -> dict[str, SitePage]:
    """Every HTML file of the built site, keyed by its site-relative URL."""
    pages: dict[str, SitePage] = {}
    for file in sorted(site.rglob("*.html")):
        page = SitePage(url=page_url(site, file))
        collector = _Collector(page)
        collector.feed(file.read_text(encoding="utf-8"))
        collector.close()
        pages[page.url] = page
    return pages


@dataclass(frozen=True)
class Target:
    """Where an internal address leads: a site-relative path and a fragment (empty when none)."""

    path: str
    fragment: str


def resolve(page: str, value: str, site_url: str) -> Target | str | None:
    """The internal target of `value` on page `page`; None for an outside address; a string saying why it is wrong."""
    base = urlsplit(site_url)
    parts = urlsplit(value)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None if parts.scheme in ("mailto", "tel") else f"a {parts.scheme}: address"
    if parts.netloc and parts.netloc != base.netloc:
        return None
    absolute = urlsplit(urljoin(site_url + page, value))
    if not absolute.path.startswith(base.path):
        return f"leaves the site's path {base.path}"
    path = unquote(absolute.path[len(base.path) :])
    return Target(path=path, fragment=unquote(absolute.fragment))


def file_of(site: Path, path: str) -> Path | None:
    """The file served for a site-relative path, as GitHub Pages picks it, or None."""
    candidate = site / path
    if path == "" or path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


DOCS = ROOT / "docs"
_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})(.*)$")
_CHART_INFO = re.compile(r"^[ \t]*\{?[ \t]*\.?chart\b")


def chart_fence_count(markdown: str) -> int:
    """How many `chart` fences a Markdown page places (not counting one shown inside another fence)."""
    count, outer = 0, ""
    for line in markdown.split("\n"):
        match = _FENCE.match(line)
        if not match:
            continue
        fence, rest = match.groups()
        if not outer:
            outer = fence
            count += bool(_CHART_INFO.match(rest))
        elif fence[0] == outer[0] and len(fence) >= len(outer) and not rest.strip():
            outer = ""
    return count


def source_url(src_uri: str) -> str:
    """The site-relative URL of a page under docs/ (directory URLs): `a/b.md` → `a/b/`, `a/index.md` → `a/`."""
    stem = src_uri.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index")
    return f"{stem}/" if stem else ""


def chart_pages(dataset: Dataset) -> dict[str, int]:
    """Site-relative URL → how many charts the page shows: from the pages under docs/ and the generated pages."""
    from explainer.pages import generate_pages

    sources = {p.relative_to(ROOT / "docs").as_posix(): p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md")}
    sources |= {page.src_uri: page.content for page in generate_pages(dataset)}
    counts = {source_url(uri): chart_fence_count(text) for uri, text in sorted(sources.items())}
    return {url: n for url, n in counts.items() if n}
