"""Every address on the site: record pages and anchors, hand-written pages, the feed, downloads.

Addresses are site-relative (`actors/scholz/`, `sources/#s001`; `""` is the home page);
`relative_url` turns one into a link from a given page. Where a collection's records live
is the collection's own metadata (`section`, `own_pages` on its model in `schema`).
"""

from __future__ import annotations

import functools
import posixpath

from explainer.schema import COLLECTIONS

__all__ = [
    "CARD_DIR",
    "DOWNLOAD_DIR",
    "FEED_PATH",
    "PALETTE_PATH",
    "card_path",
    "download_path",
    "edit_base",
    "edit_url",
    "page_url",
    "poster_path",
    "relative_url",
    "section_url",
    "url_of",
]

FEED_PATH = "corrections/feed.xml"
"""The Atom feed of corrections."""

PALETTE_PATH = "assets/stylesheets/palette.css"
"""The generated stylesheet of the site's colours (`explainer.charts.palette.palette_css`), linked from every page."""

DOWNLOAD_DIR = "charts"
"""Folder of the site where each chart's downloads and posters are written."""

CARD_DIR = "cards"
"""Folder of the site where each page's share card (its `og:image`) is written."""


def section_url(collection: str) -> str:
    """The page that lists a collection's records, for example `timeline/` for events."""
    return COLLECTIONS[collection].section


def url_of(collection: str, record_id: str) -> str:
    """The URL of a record: its own page, or its anchor on the page that lists it."""
    model = COLLECTIONS[collection]
    if model.own_pages:
        return f"{model.section}{record_id}/"
    return f"{model.section}#{record_id}"


def page_url(src_uri: str) -> str:
    """The URL of a hand-written page (`article.md` → `article/`, `index.md` → ``)."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def download_path(chart_id: str, extension: str) -> str:
    """Where a chart's download of one format lives, for example `charts/home-1.csv`."""
    return f"{DOWNLOAD_DIR}/{chart_id}.{extension}"


@functools.lru_cache(maxsize=1 << 16)
def _relpath(path: str, start: str) -> str:
    # Pages link to the same few folders thousands of times, and relpath is slow (it asks for the cwd).
    return posixpath.relpath(path, start)


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`: site-relative URLs, `""` is the home page."""
    if to_url.startswith("#"):
        return to_url
    target, _, fragment = to_url.partition("#")
    if from_url == "" or from_url.endswith("/"):
        base = from_url.rstrip("/") or "."
    else:
        base = posixpath.dirname(from_url) or "."
    path = _relpath(target.rstrip("/") or ".", base)
    if path == ".":
        path = "./"
    elif target == "" or target.endswith("/"):
        path += "/"
    return path + (f"#{fragment}" if fragment else "")


def edit_base(repo_url: str | None, edit_uri: str | None, docs_folder: str) -> str | None:
    """The address under which a file of the repository is edited, from MkDocs' `repo_url` and `edit_uri`.

    `edit_uri` points at the docs folder (`edit/main/docs/`); the data files sit beside it,
    so the base is `edit_uri` without that folder (`https://github.com/o/r/edit/main/`).
    None where the site has no edit links.
    """
    if not edit_uri:
        return None
    if edit_uri.startswith(("http://", "https://")):
        base = edit_uri
    elif repo_url:
        base = f"{repo_url.rstrip('/')}/{edit_uri.lstrip('/')}"
    else:
        return None
    base = base.rstrip("/")
    if docs_folder and base.endswith(f"/{docs_folder}"):
        base = base.removesuffix(f"/{docs_folder}")
    return base + "/"


def edit_url(base: str | None, path: str) -> str | None:
    """Where to edit a file (`data/actors/scholz.yaml`) or browse a folder (`data/actors`) of the repository.

    On GitHub and GitLab a folder is browsed under `tree/` where a file is edited under `edit/`.
    """
    if base is None:
        return None
    if not path.endswith((".yaml", ".yml", ".md")):
        base = base.replace("/edit/", "/tree/", 1)
    return base + path


def poster_path(chart_id: str, *, narrow: bool, dark: bool) -> str:
    """Where a chart's static image for one screen and palette lives; the wide light one is also the SVG download."""
    if not narrow and not dark:
        return download_path(chart_id, "svg")
    return f"{DOWNLOAD_DIR}/{chart_id}.{'narrow-' if narrow else ''}{'dark' if dark else 'light'}.svg"


def card_path(url: str) -> str:
    """Where the share card of the page at `url` lives, for example `cards/<collection>-<id>.png` for a record's page (`cards/home.png` for the home page)."""
    slug = url.strip("/").replace("/", "-") or "home"
    return f"{CARD_DIR}/{slug}.png"
