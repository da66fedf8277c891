"""Every internal link, anchor and asset of the built site resolves: hand-written, generated and chart pages alike.

MkDocs' own `validation:` settings check the Markdown links of hand-written pages (as
warnings that `--strict` turns into a failed build); this crawl checks what readers get,
the HTML of every page, generated pages and chart data included.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pytest

from .conftest import ROOT, make_site_copy, run_build
from .sitecrawl import SitePage, Target, crawl, file_of, read_site_url, resolve

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, SitePage]:
    return crawl(built_site)


def broken_refs(site: Path, pages: dict[str, SitePage], *, where: str | None = None) -> tuple[list[str], int]:
    """Each internal address that names no file or no id there, and how many internal addresses were checked."""
    site_url = read_site_url()
    ids = {url: set(page.ids) for url, page in pages.items()}
    broken: list[str] = []
    checked = 0
    for url, page in pages.items():
        for ref in page.refs:
            if where is not None and ref.where != where:
                continue
            target = resolve(url, ref.value, site_url)
            if target is None:
                continue
            checked += 1
            if not isinstance(target, Target):
                broken.append(f"{url}: {ref.where}={ref.value!r}: {target}")
                continue
            file = file_of(site, target.path)
            if file is None:
                broken.append(f"{url}: {ref.where}={ref.value!r}: no file for {target.path!r}")
            elif target.fragment and file.suffix == ".html":
                served = file.relative_to(site).as_posix().removesuffix("index.html")
                if target.fragment not in ids.get(served, set()):
                    broken.append(
                        f"{url}: {ref.where}={ref.value!r}: no id {target.fragment!r} on {served or 'the home page'}"
                    )
    return broken, checked


def test_every_internal_link_asset_and_fragment_of_the_built_site_resolves(
    built_site: Path, pages: dict[str, SitePage]
) -> None:
    broken, checked = broken_refs(built_site, pages)
    assert not broken, "\n".join(broken)
    assert checked > 1000


def test_every_chart_point_links_to_a_page_and_anchor_that_exist(built_site: Path, pages: dict[str, SitePage]) -> None:
    broken, checked = broken_refs(built_site, pages, where="chart")
    assert not broken, "\n".join(broken)
    assert checked > 0, "the crawl found no chart data"


def test_every_page_of_the_navigation_and_every_record_page_is_linked_from_somewhere(
    pages: dict[str, SitePage],
) -> None:
    site_url = read_site_url()
    linked = set()
    for url, page in pages.items():
        for ref in page.refs:
            target = resolve(url, ref.value, site_url)
            if isinstance(target, Target) and target.path != url:
                linked.add(target.path)
    orphans = sorted(url for url in pages if url not in linked and url not in ("", "404.html"))
    assert orphans == []


def test_no_id_is_used_twice_on_a_page(pages: dict[str, SitePage]) -> None:
    duplicates = {url: sorted(i for i, n in Counter(page.ids).items() if n > 1) for url, page in pages.items()}
    assert {url: ids for url, ids in duplicates.items() if ids} == {}


def test_404_page_works_at_any_depth_with_only_root_absolute_addresses(pages: dict[str, SitePage]) -> None:
    # GitHub Pages serves 404.html for a missing address at any depth: a relative address would break.
    relative = [r.value for r in pages["404.html"].refs if not r.value.startswith(("/", "#", "http://", "https://"))]
    assert relative == []
    assert len(pages["404.html"].refs) > 5


def test_strict_build_fails_on_a_broken_link_or_anchor_in_a_hand_written_page(tmp_path: Path) -> None:
    project = make_site_copy(tmp_path / "project", ROOT / "data")
    (project / "docs" / "broken.md").write_text(
        "# Broken\n\nSee [a page that is not there](no-such-page.md) and [a missing section](article.md#no-such-section).\n",
        encoding="utf-8",
    )
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr
    assert "no-such-section" in result.stderr
