"""Served under `/<repository>/` as GitHub Pages serves a project site, every page works and nothing leaves the prefix."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import TYPE_CHECKING

import pytest

from ..sitecrawl import crawl
from .conftest import MISSING_PAGE

if TYPE_CHECKING:
    from pathlib import Path

    from .conftest import OpenPage, SiteServer

pytestmark = pytest.mark.browser

_SAME_ORIGIN_LINKS = """origin => Array.from(document.querySelectorAll("a[href]"), a => a.href)
  .filter(href => href.startsWith(origin + "/")).map(href => href.split("#")[0])"""


def http_status(url: str) -> int:
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_site_is_served_under_a_path_prefix(site_server: SiteServer) -> None:
    assert site_server.prefix.strip("/"), (
        "site_url in mkdocs.yml has no path: GitHub Pages serves project sites under one"
    )


def test_every_page_under_the_prefix_loads_cleanly_and_its_requests_and_links_stay_under_it(
    built_site: Path, open_page: OpenPage, site_server: SiteServer
) -> None:
    watched = open_page()
    requested: list[str] = []
    watched.page.on("request", lambda request: requested.append(request.url))
    links: set[str] = set()
    urls = [url for url in crawl(built_site) if url != "404.html"] + [MISSING_PAGE]
    for url in urls:
        watched.goto(site_server.url(url), status=404 if url == MISSING_PAGE else 200, wait_until="load")
        links.update(watched.page.evaluate(_SAME_ORIGIN_LINKS, site_server.origin))
    assert watched.problems() == []
    assert sorted({u for u in requested + sorted(links) if not u.startswith(site_server.base)}) == []
    statuses = {link: http_status(link) for link in sorted(links)}
    assert {link: status for link, status in statuses.items() if status != 200} == {}
    assert len(urls) > 40
    assert len(statuses) > 40
