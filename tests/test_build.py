"""End to end: a real strict build of the real site, as readers get it."""

from __future__ import annotations

import json
import re
import textwrap
from typing import TYPE_CHECKING

from explainer.dataset import load_dataset
from explainer.pages import PAGE_TYPES

from .conftest import ROOT, make_site_copy, run_build, write_tree
from .htmltree import Node, main_content

if TYPE_CHECKING:
    from pathlib import Path

    from explainer.dataset import Dataset


def generated_urls(dataset: Dataset, *, leaving_out: tuple[str, ...] = ()) -> list[str]:
    """The URL of every generated page, by the registry of page types, but for the types named."""
    return [url for t in PAGE_TYPES if t.name not in leaving_out for url in t.urls(dataset)]


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_every_page_of_the_url_scheme_is_built(built_site: Path) -> None:
    dataset = load_dataset(ROOT / "data")
    expected = ["", "article/", "methodology/", *generated_urls(dataset)]
    missing = [url for url in expected if not (built_site / url / "index.html").is_file()]
    assert missing == []


def test_article_is_published_in_full_and_unchanged(built_site: Path) -> None:
    text = " ".join(main_content(read(built_site, "article/")).text().split())
    # The source article as supplied, kept verbatim beside the tests.
    seed = (ROOT / "tests" / "fixtures" / "source-article.txt").read_text(encoding="utf-8").splitlines()
    lines = [" ".join(line.split()) for line in seed if line.strip() and line.strip() != "Share"]
    missing = [line for line in lines if line not in text]
    assert missing == []


def test_article_mentions_link_to_entity_pages(built_site: Path) -> None:
    content = main_content(read(built_site, "article/"))
    links = {n.attrs["href"] for n in content.find_all(lambda n: n.tag == "a" and "entity-link" in n.classes)}
    for target in ("atacms", "oreshnik", "storm-shadow", "taurus", "aegis-ashore-redzikowo"):
        assert f"../weapons/{target}/" in links
    for target in ("scholz", "putin", "biden", "trump", "rubio"):
        assert f"../actors/{target}/" in links
    headings = content.find_all(lambda n: re.fullmatch(r"h[1-6]", n.tag) is not None)
    assert headings, "the article has headings"
    assert all(not h.find_all(lambda n: "entity-link" in n.classes) for h in headings)


def test_each_entity_is_linked_at_most_once_per_section(built_site: Path) -> None:
    html = main_content(read(built_site, "article/"))
    section: list[str] = []
    sections = [section]
    for node in html.iter():
        if re.fullmatch(r"h[1-6]", node.tag):
            section = []
            sections.append(section)
        elif node.tag == "a" and "entity-link" in node.classes:
            section.append(node.attrs["href"])
    assert sum(map(len, sections)) >= 10, "the article links its entities"
    assert all(len(s) == len(set(s)) for s in sections)


def _in_exempt(node: Node) -> bool:
    for ancestor in [node, *node.ancestors()]:
        classes = ancestor.classes
        if {"references", "bibliography", "refs"} & classes or any("chart" in c for c in classes):
            return True
        if ancestor.tag in ("h1", "h2") and ancestor.attrs.get("id", "").startswith("month-"):
            return True
        if ancestor.tag == "a" and "headerlink" in classes:
            return True
    return False


def _has_ref(node: Node) -> bool:
    return bool(node.find_all(lambda n: n.tag == "a" and "ref" in n.classes))


def test_every_number_on_a_generated_page_carries_a_source_reference(built_site: Path) -> None:
    dataset = load_dataset(ROOT / "data")
    urls = generated_urls(dataset, leaving_out=("sources",))
    unreferenced = []
    containers = {"tr", "li", "p", "article", "div"}
    for url in urls:
        content = main_content(read(built_site, url))
        for block in content.find_all(lambda n: n.tag in {"p", "li", "td", "th", "h3", "blockquote"}):
            own_text = block.text(skip=lambda n: "refs" in n.classes)
            if not re.search(r"\d", own_text) or _in_exempt(block):
                continue
            holders = [block, *(a for a in block.ancestors() if a.tag in containers)]
            if not any(_has_ref(h) for h in holders[:3]):
                unreferenced.append(f"{url}: {' '.join(own_text.split())[:80]}")
    assert unreferenced == []


def test_generated_pages_edit_their_data_files(built_site: Path) -> None:
    html = read(built_site, "weapons/atacms/")
    assert re.search(r'href="https://github\.com/[^"]+/edit/main/data/weapons/atacms\.yaml"', html)
    html = read(built_site, "article/")
    assert re.search(r'href="https://github\.com/[^"]+/edit/main/docs/article\.md"', html)


def test_bad_data_stops_the_build_listing_every_problem(tmp_path: Path) -> None:
    project = make_site_copy(tmp_path / "project")
    (project / "data" / "places" / "kyiv.yaml").write_text("name: [\n", encoding="utf-8")
    actor = next((project / "data" / "actors").glob("*.yaml"))
    actor.write_text(actor.read_text(encoding="utf-8") + "nickname: x\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/places/kyiv.yaml:2:1: (file): YAML syntax" in result.stderr
    assert f"data/actors/{actor.name}:" in result.stderr
    assert "nickname: unknown field" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_chart_and_citation_errors_stop_the_build_with_page_and_line_and_no_traceback(tmp_path: Path) -> None:
    project = make_site_copy(tmp_path / "project")
    page = project / "docs" / "methodology.md"
    text = page.read_text(encoding="utf-8")
    lines = text.count("\n")
    page.write_text(text + "\n```chart\nname: weapon-rangez\n```\n\nAs reported [@s999].\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"docs/methodology.md:{lines + 6}: [@s999]: unknown source id 's999'" in result.stderr
    page.write_text(text + "\n```chart\nname: weapon-rangez\n```\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"docs/methodology.md:{lines + 3}: chart: unknown chart 'weapon-rangez'" in result.stderr


def test_a_new_actor_file_becomes_a_page(tmp_path: Path) -> None:
    project = make_site_copy(tmp_path / "project")
    template = (project / "data" / "actors" / "scholz.yaml").read_text(encoding="utf-8")
    new = re.sub(r"(?m)^name: .*$", "name: Example Person", template)
    new = re.sub(r"(?m)^aliases:.*(\n  - .*)*", "aliases: []", new)
    write_tree(project, {"actors/example-person.yaml": textwrap.dedent(new)})
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "actors" / "example-person" / "index.html").read_text(encoding="utf-8")
    assert "Example Person" in page
    assert "example-person/" in (tmp_path / "site" / "actors" / "index.html").read_text(encoding="utf-8")


def test_search_indexes_a_charts_words_but_not_its_table_nor_the_page_tools_which_pages_still_show(
    built_site: Path,
) -> None:
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    weapons = next(d["text"] for d in docs if d["location"] == "weapons/")
    assert "Range claims for" in weapons, "the chart's description is searchable"
    assert "What the figure is for" not in weapons, "its table's column heads are not"
    assert all("Cite this page" not in d["text"] for d in docs), "nor the page tools, the same on every page"
    page = read(built_site, "weapons/")
    assert '<table class="chart__table">' in page
    assert "What the figure is for" in page
    assert "Cite this page" in page
    assert "explainer-unsearched" not in page
