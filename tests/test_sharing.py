"""Sharing and search engines: every page has its own title and description, a canonical URL,
Open Graph and Twitter meta; the sitemap lists every page; the 404 page helps and is not indexed."""

from __future__ import annotations

import gzip
import re
from collections import Counter
from typing import TYPE_CHECKING

import pytest

from .htmltree import Node, parse
from .sitecrawl import page_url, read_site_url

if TYPE_CHECKING:
    from pathlib import Path

SHARING_META = (
    "og:type",
    "og:site_name",
    "og:title",
    "og:description",
    "og:url",
    "twitter:card",
    "twitter:title",
    "twitter:description",
)


@pytest.fixture(scope="module")
def heads(built_site: Path) -> dict[str, Node]:
    """The parsed page of every URL of the site except the 404 page."""
    return {
        page_url(built_site, file): parse(file.read_text(encoding="utf-8"))
        for file in sorted(built_site.rglob("*.html"))
        if file.name != "404.html"
    }


def meta(root: Node) -> dict[str, str]:
    return {
        (n.attrs.get("name") or n.attrs.get("property") or ""): n.attrs.get("content", "")
        for n in root.iter()
        if n.tag == "meta"
    }


def title_of(root: Node) -> str:
    titles = [n.text() for n in root.iter() if n.tag == "title"]
    assert len(titles) == 1
    return titles[0].strip()


def duplicates(values: dict[str, str]) -> dict[str, list[str]]:
    counts = Counter(values.values())
    return {value: sorted(url for url, v in values.items() if v == value) for value, n in counts.items() if n > 1}


def test_every_page_has_a_title_of_its_own(heads: dict[str, Node]) -> None:
    titles = {url: title_of(root) for url, root in heads.items()}
    site_name = title_of(next(iter(heads.values()))).rsplit(" - ", 1)[-1]
    # A title of its own: something before " - <site name>", not the site name alone.
    assert [url for url, title in titles.items() if not title.removesuffix(f" - {site_name}").strip()] == []
    assert [url for url, title in titles.items() if not title.endswith(f" - {site_name}")] == []
    assert duplicates(titles) == {}


def test_every_page_has_a_description_of_its_own(heads: dict[str, Node]) -> None:
    descriptions = {url: meta(root).get("description", "") for url, root in heads.items()}
    assert [url for url, text in descriptions.items() if len(text) < 30] == []
    assert duplicates(descriptions) == {}


def test_every_page_names_its_canonical_url_and_carries_open_graph_and_twitter_meta(heads: dict[str, Node]) -> None:
    site_url = read_site_url()
    wrong: list[str] = []
    for url, root in heads.items():
        canonical = [n.attrs.get("href") for n in root.iter() if n.tag == "link" and n.attrs.get("rel") == "canonical"]
        if canonical != [site_url + url]:
            wrong.append(f"{url or '/'}: canonical {canonical}")
        tags = meta(root)
        wrong += [f"{url or '/'}: no {key}" for key in SHARING_META if not tags.get(key)]
        if tags.get("og:url") != site_url + url:
            wrong.append(f"{url or '/'}: og:url {tags.get('og:url')}")
        if tags.get("og:description") != tags.get("description") or tags.get("og:title", "-") not in title_of(root):
            wrong.append(f"{url or '/'}: Open Graph title or description differs from the page's")
    assert wrong == []


def sitemap_urls(site: Path) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))


def test_sitemap_lists_every_page_once_and_nothing_else(built_site: Path, heads: dict[str, Node]) -> None:
    site_url = read_site_url()
    listed = sitemap_urls(built_site)
    assert sorted(listed) == sorted(site_url + url for url in heads)
    assert len(listed) == len(set(listed))
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()) == (built_site / "sitemap.xml").read_bytes()


def test_404_page_is_titled_not_indexed_and_links_to_every_section_of_the_navigation(built_site: Path) -> None:
    root = parse((built_site / "404.html").read_text(encoding="utf-8"))
    assert title_of(root).startswith("Page not found")
    assert meta(root).get("robots") == "noindex"
    prefix = re.sub(r"^https?://[^/]+", "", read_site_url())
    links = {n.attrs["href"] for n in root.iter() if n.tag == "a" and "href" in n.attrs}
    sections = [
        f"{prefix}{s}/"
        for s in ("article", "actors", "weapons", "positions", "timeline", "map", "sources", "methodology")
    ]
    assert [s for s in sections if s not in links] == []
    assert root.find_all(lambda n: n.tag == "button" and "Search" in n.text())
