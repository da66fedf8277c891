"""Hostile data: text from data files lands in the built site as text, never as markup, and a
source's address must be http(s).

The `hostile_site` fixture builds the site from a copy of the real data in which every text
field carries `PAYLOAD` (script and event-handler tags, attribute-breaking quotes,
`javascript:` links in HTML and Markdown, tags that would end a `<script>`, `<template>` or
`<title>`). Here the built HTML is parsed as a browser would; the browser test runs it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from explainer.dataset import load_dataset
from explainer.loading import DataError
from explainer.schema import COLLECTIONS

from .conftest import MINIMAL, ROOT, minimal, write_tree
from .hostile import HOSTILE_URL, MARKER, write_hostile_data
from .htmltree import Node, parse

if TYPE_CHECKING:
    from pathlib import Path

GENERATED_PAGES = ("actors/", "weapons/", "positions/", "timeline/", "map/", "sources/")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href")


@pytest.fixture(scope="module")
def hostile_pages(hostile_site: Path) -> dict[str, Node]:
    return {
        file.relative_to(hostile_site).as_posix(): parse(file.read_text(encoding="utf-8"))
        for file in sorted(hostile_site.rglob("*.html"))
    }


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.domain)",
        "  javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/file",
        "//evil.example/no-scheme",
        "https://example.org/a b",
    ],
)
def test_source_address_other_than_http_or_https_is_a_validation_error(tmp_path: Path, url: str) -> None:
    source = minimal("sources/s1.yaml").replace("url: https://news.example.org/story", f"url: {json.dumps(url)}")
    data = write_tree(tmp_path, {**MINIMAL, "sources/s1.yaml": source})
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 1
    assert problems[0].startswith("sources/s1.yaml:") or "s1.yaml:" in problems[0]
    assert ": url: " in problems[0]


def test_hostile_copy_is_valid_data_with_a_payload_in_every_record(tmp_path: Path) -> None:
    dataset = load_dataset(write_hostile_data(ROOT / "data", tmp_path / "data"))
    clean: list[str] = []
    for collection in COLLECTIONS:
        for record_id, record in dataset.collection(collection).items():
            if MARKER not in json.dumps(record.model_dump(mode="json"), ensure_ascii=False):
                clean.append(f"{collection}/{record_id}")
    assert clean == []
    assert dataset.count() > 100
    assert all(source.url == HOSTILE_URL for source in dataset.sources.values())


def _text(node: Node) -> str:
    return node.text()


def test_no_script_event_handler_or_javascript_address_comes_from_the_data(hostile_pages: dict[str, Node]) -> None:
    found: list[str] = []
    for path, root in hostile_pages.items():
        for node in root.iter():
            if node.tag == "script" and "__pwned" in _text(node):
                found.append(f"{path}: <script> with the payload")
            if node.tag in ("img", "svg") and ("onerror" in node.attrs or "onload" in node.attrs):
                found.append(f"{path}: <{node.tag}> with an event handler")
            for name, value in node.attrs.items():
                if name.startswith("on") and "__pwned" in value:
                    found.append(f"{path}: {node.tag}[{name}]")
                if name in URL_ATTRIBUTES and value.strip().lower().startswith(
                    ("javascript:", "vbscript:", "data:text/html")
                ):
                    found.append(f"{path}: {node.tag}[{name}={value[:40]!r}]")
    assert found == []


def test_payload_shows_as_text_on_every_generated_page_and_in_titles_and_meta(hostile_pages: dict[str, Node]) -> None:
    missing: list[str] = []
    for url in GENERATED_PAGES:
        root = hostile_pages[f"{url}index.html"]
        articles = root.find_all(lambda n: n.tag == "article")
        if not articles or MARKER not in _text(articles[0]):
            missing.append(f"{url}: content")
    weapon_page = next(p for p in hostile_pages if p.startswith("weapons/") and p != "weapons/index.html")
    head = hostile_pages[weapon_page]
    title = head.find_all(lambda n: n.tag == "title")
    if not title or MARKER not in _text(title[0]) or "\"'><a" not in _text(title[0]):
        missing.append(f"{weapon_page}: <title>")
    metas = {
        n.attrs.get("name") or n.attrs.get("property"): n.attrs.get("content", "")
        for n in head.iter()
        if n.tag == "meta"
    }
    missing += [
        f"{weapon_page}: meta {key}"
        for key in ("description", "og:title", "og:description", "twitter:title")
        if MARKER not in metas.get(key, "")
    ]
    assert missing == []


def test_source_address_with_quotes_and_tags_stays_one_attribute_value(hostile_pages: dict[str, Node]) -> None:
    bibliography = hostile_pages["sources/index.html"]
    hrefs = [n.attrs["href"] for n in bibliography.iter() if n.tag == "a" and "external" in n.classes]
    assert hrefs
    assert set(hrefs) == {HOSTILE_URL}


def test_chart_data_holds_payloads_as_json_strings_that_cannot_end_their_element(hostile_site: Path) -> None:
    checked = 0
    for file in sorted(hostile_site.rglob("*.html")):
        html = file.read_text(encoding="utf-8")
        for chunk in html.split('<template class="chart__data"')[1:]:
            raw = chunk.split(">", 1)[1].split("</template>", 1)[0]
            assert "<" not in raw, f"{file.relative_to(hostile_site)}: a tag inside chart data"
            assert MARKER in json.dumps(json.loads(raw), ensure_ascii=False)
            checked += 1
    assert checked > 0
