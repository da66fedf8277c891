"""The reader theme in the built pages: the article's header, page headers, the masthead, tabs and footer."""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

import yaml

from explainer.dataset import load_dataset
from explainer.pages import PAGE_TYPES

from .conftest import ROOT
from .htmltree import Node, main_content, parse

if TYPE_CHECKING:
    from pathlib import Path


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def front_matter(page: str) -> dict[str, object]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    return dict(yaml.safe_load(text.split("---", 2)[1]))


def by_class(root: Node, name: str) -> list[Node]:
    return root.find_all(lambda n: name in n.classes)


def repo_url() -> str:
    found = re.search(r"^repo_url: (\S+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    assert found
    return found.group(1)


def flat(text: str) -> str:
    return " ".join(text.split())


def resolve(page_url: str, href: str) -> str:
    """The site-relative address a relative link on `page_url` leads to (`""` is the home page)."""
    joined = posixpath.normpath(posixpath.join("/" + page_url, href))
    return (joined.strip("/") + "/").lstrip("/") if joined != "/" else ""


def test_article_names_its_kind_origin_and_date_above_the_text(built_site: Path) -> None:
    meta = front_matter("article.md")
    content = main_content(read(built_site, "article/"))
    [header] = content.find_all(lambda n: n.tag == "header" and "reader-header" in n.classes)
    text = flat(header.text())
    for key in ("kicker", "standfirst", "published_where", "published_when", "republished"):
        assert flat(str(meta[key])) in text, key
    original = meta["original"]
    assert isinstance(original, dict)
    assert original["site"] in text
    links = header.find_all(lambda n: n.tag == "a" and "headerlink" not in n.classes)
    assert [a.attrs["href"] for a in links] == [original["url"]]
    assert header.find_all(lambda n: n.tag == "h1"), "the headline is part of the header"
    # The header comes before the article's first paragraph, and replaced the info box.
    order = [n for n in content.iter() if n is header or (n.tag == "p" and "lede" in n.classes)]
    assert order[0] is header
    assert not by_class(content, "admonition") or "info" not in by_class(content, "admonition")[0].classes


def test_every_record_page_names_its_section_above_the_headline_and_marks_its_tab(built_site: Path) -> None:
    dataset = load_dataset(ROOT / "data")
    checked = 0
    for page_type in (t for t in PAGE_TYPES if t.per_record):
        index = page_type.urls(dataset)[0].rsplit("/", 2)[0] + "/"
        for url in page_type.urls(dataset):
            root = parse(read(built_site, url))
            [kicker] = by_class(root, "reader-kicker")
            [link] = kicker.find_all(lambda n: n.tag == "a")
            assert resolve(url, link.attrs["href"]) == index, url
            active = [flat(t.text()) for t in by_class(root, "md-tabs__item--active")]
            assert active == [flat(link.text())], url
            checked += 1
    assert checked >= 10


def test_every_page_has_a_headline_in_a_header_and_a_date_line(built_site: Path) -> None:
    dataset = load_dataset(ROOT / "data")
    urls = ["", "methodology/", *(url for t in PAGE_TYPES for url in t.urls(dataset))]
    undated = []
    for url in urls:
        content = main_content(read(built_site, url))
        [header] = content.find_all(lambda n: n.tag == "header" and "reader-header" in n.classes)
        assert len(header.find_all(lambda n: n.tag == "h1")) == 1, url
        if not by_class(header, "reader-dateline"):
            undated.append(url)
    assert undated == []


def test_the_masthead_has_no_repository_widget_and_the_footer_links_contributors(built_site: Path) -> None:
    repo = repo_url()
    for url in ("", "article/", "actors/", "weapons/", "methodology/"):
        root = parse(read(built_site, url))
        [header] = root.find_all(lambda n: n.tag == "header" and "md-header" in n.classes)
        assert not by_class(header, "md-source"), url
        assert not header.find_all(lambda n: n.attrs.get("href", "").startswith(repo)), url
        [footer] = root.find_all(lambda n: n.tag == "footer")
        hrefs = {resolve(url, a.attrs["href"]) for a in footer.find_all(lambda n: n.tag == "a")}
        assert {"contributing/", "reference/"} <= hrefs, url
        tabs = {flat(a.text()) for a in by_class(root, "md-tabs__link")}
        assert not tabs & {"Contributing", "Reference", "Home"}, url


def test_no_headline_carries_an_edit_pencil_but_the_foot_suggests_an_edit(built_site: Path) -> None:
    for url in ("article/", "actors/", "weapons/atacms/"):
        content = main_content(read(built_site, url))
        assert not by_class(content, "md-content__button"), url
        [edit] = by_class(content, "reader-edit")
        [link] = edit.find_all(lambda n: n.tag == "a")
        assert link.attrs["href"].startswith(repo_url() + "/"), url
