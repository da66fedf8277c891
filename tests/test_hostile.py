"""Hostile data: text from data files lands in the built site as text, never as markup, and a
source's address must be http(s).

The `hostile_site` fixture builds the site from a copy of the real data in which every text
field carries `PAYLOAD` (script and event-handler tags, attribute-breaking quotes,
`javascript:` links in HTML and Markdown, tags that would end a `<script>`, `<template>` or
`<title>`). Here the built HTML is parsed as a browser would; the browser test runs it.

The rest is a corpus of hostile inputs, each refused with its exact message or rendered
inert: every value of `HOSTILE_VALUES`; symbolic links, pipes, huge files and file names
with line breaks in `data/` and `docs/`; 100,000 aliases checked in linear time; common,
containing and look-alike names and ids; names inside character references; citation
typos; corrections naming missing pages; spreadsheet formulas in CSV downloads; text the
feed cannot hold; workflow commands in the build's log.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import pytest
from pydantic import ValidationError

from explainer.charts import ChartSpec, Column
from explainer.citations import CitationError, render_citations
from explainer.dataset import load_dataset
from explainer.linking import Linker, Target
from explainer.loading import MAX_FILE_BYTES, DataError, one_line, unsafe_files
from explainer.markup import host
from explainer.pages import PAGE_TYPES
from explainer.provenance import render_atom
from explainer.rules import NameRules
from explainer.schema import COLLECTIONS, Actor, Correction
from explainer.urls import FEED_PATH, section_url

from .conftest import MINIMAL, ROOT, make_site_copy, minimal, run_build, write_tree
from .hostile import HOSTILE_URL, HOSTILE_VALUES, MARKER, with_value, write_hostile_data
from .htmltree import Node, parse

if TYPE_CHECKING:
    from pathlib import Path

GENERATED_PAGES = tuple(section_url(t.collection) for t in PAGE_TYPES if not t.per_record)
"""The generated index pages (the registry of page types)."""
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
    assert re.match(r"^data/sources/s1\.yaml:\d+:\d+: url: ", problems[0]), problems[0]


def test_hostile_copy_is_valid_data_with_a_payload_in_every_record(tmp_path: Path) -> None:
    dataset = load_dataset(write_hostile_data(ROOT / "data", tmp_path / "data"))
    clean: list[str] = []
    for collection in COLLECTIONS:
        for record_id, record in dataset.collection(collection).items():
            if MARKER not in json.dumps(record.model_dump(mode="json"), ensure_ascii=False):
                clean.append(f"{collection}/{record_id}")
    assert clean == []
    assert dataset.count() > 100
    assert all(source.url.startswith(f"{HOSTILE_URL}&source=") for source in dataset.sources.values())


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
    assert all(href.startswith(f"{HOSTILE_URL}&source=") for href in hrefs)


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


# --- The corpus of hostile inputs: each is refused with its exact message, or rendered inert. ---


@pytest.mark.parametrize("case", sorted(HOSTILE_VALUES))
def test_hostile_value_is_one_exact_problem_on_one_safe_line(tmp_path: Path, case: str) -> None:
    file, line, expected = HOSTILE_VALUES[case]
    data = write_tree(tmp_path, {**MINIMAL, file: with_value(minimal(file), line)})
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert [str(p) for p in caught.value.problems] == [expected]
    assert "\n" not in str(caught.value)
    assert not str(caught.value).startswith("::")


def _link(path: Path, target: str | Path) -> None:
    path.symlink_to(target)


LINKS: dict[str, str] = {
    "outside the checkout": "/etc/passwd",
    "a device": "/dev/zero",
    "nothing": "missing.yaml",
    "itself": "s3.yaml",
}


@pytest.mark.parametrize("case", sorted(LINKS))
def test_a_linked_data_file_is_refused_unread(tmp_path: Path, case: str) -> None:
    data = write_tree(tmp_path, MINIMAL)
    _link(data / "sources" / "s3.yaml", LINKS[case])
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert [str(p) for p in caught.value.problems] == [
        "data/sources/s3.yaml:1:1: (file): a symbolic link; links are not followed: commit the file or folder itself"
    ]


def test_a_linked_collection_folder_or_data_folder_is_refused(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "elsewhere", {"glossary/secret.yaml": "term: Secret\n"})
    data = write_tree(tmp_path, MINIMAL)
    _link(data / "glossary", outside / "glossary")
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert [str(p) for p in caught.value.problems] == [
        "data/glossary:1:1: (file): a symbolic link; links are not followed: commit the file or folder itself"
    ]
    _link(tmp_path / "linked", data)
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path / "linked")
    assert [p.message for p in caught.value.problems] == [
        "a symbolic link; links are not followed: commit the file or folder itself"
    ]


def test_a_pipe_in_the_data_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    data = write_tree(tmp_path, MINIMAL)
    os.mkfifo(data / "sources" / "s3.yaml")
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert [str(p) for p in caught.value.problems] == [
        "data/sources/s3.yaml:1:1: (file): not a regular file or folder (a device, pipe or socket); remove it"
    ]


def test_a_file_name_with_a_line_break_is_refused_on_one_line(tmp_path: Path) -> None:
    data = write_tree(tmp_path, MINIMAL)
    (data / "sources" / "s3\n::error::pwned.yaml").write_text(minimal("sources/s1.yaml"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert str(caught.value) == (
        "data/sources/s3\\n::error::pwned.yaml:1:1: (file): a control character in the file name; rename it"
    )


def test_a_huge_file_is_refused_after_reading_one_byte_past_the_limit(tmp_path: Path) -> None:
    data = write_tree(tmp_path, MINIMAL)
    with (data / "sources" / "s3.yaml").open("wb") as handle:
        handle.truncate(64 * 1024**3)  # sparse: 64 GiB that reading whole would exhaust memory on
    started = time.perf_counter()
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert time.perf_counter() - started < 30
    assert [str(p) for p in caught.value.problems] == [
        f"data/sources/s3.yaml:1:1: (file): file is larger than {MAX_FILE_BYTES} bytes; split it"
    ]


def test_one_line_defuses_workflow_commands_and_line_breaks() -> None:
    assert one_line("::add-mask::x") == ": :add-mask::x"
    assert one_line("  ::error::x") == "  : :error::x"
    assert one_line("a\n::error::x\r\u2028\u202e") == "a\\n::error::x\\u000d\\u2028\\u202e"


def test_a_hundred_thousand_aliases_are_checked_in_linear_time(tmp_path: Path) -> None:
    """100 files of 1,000 aliases each (and one list of 100,000): the bound is generous, see benchmarks/hostile.py."""
    files = dict(MINIMAL)
    for n in range(100):
        aliases = ", ".join(f"Name{n:03d}x{i:04d}" for i in range(1000))
        files[f"actors/a{n:03d}.yaml"] = with_value(minimal("actors/russia.yaml"), f"aliases: [{aliases}]")
        files[f"actors/a{n:03d}.yaml"] = with_value(files[f"actors/a{n:03d}.yaml"], f"name: Actor {n:03d}")
    started = time.perf_counter()
    dataset = load_dataset(write_tree(tmp_path, files), names=NameRules.from_settings({"name_overlaps": []}))
    assert time.perf_counter() - started < 60
    assert sum(len(a.aliases) for a in dataset.actors.values()) == 100_001
    many = [f"N{i}" for i in range(100_000)]
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="listed more than once: N7"):
        Actor.model_validate({**Actor.model_validate(_actor()).model_dump(), "aliases": [*many, "N7"]})
    assert time.perf_counter() - started < 20


def _actor() -> dict[str, object]:
    return {
        "id": "x",
        "name": "X Y",
        "kind": "state",
        "role": "R",
        "role_as_of": "2024",
        "summary": "S",
        "sources": ["s1"],
    }


def test_stop_words_and_containing_names_follow_the_project_settings(tmp_path: Path) -> None:
    files = {
        **MINIMAL,
        "actors/russia.yaml": with_value(minimal("actors/russia.yaml"), "aliases: [The, Zelensky says]"),
    }
    data = write_tree(tmp_path, files)
    with pytest.raises(DataError) as caught:
        load_dataset(data, names=NameRules.from_settings({"stop_words": ["the"], "name_overlaps": []}))
    assert [str(p) for p in caught.value.problems] == [
        "data/actors/russia.yaml:7:11: aliases[0]: 'The' is a common word (extra.explainer.stop_words in "
        "mkdocs.yml) and would link prose at random",
        "data/actors/zelensky.yaml:6:11: aliases[0]: 'Zelensky says' (data/actors/russia.yaml) contains 'Zelensky' "
        "(data/actors/zelensky.yaml), so mentions of the shorter would link to the longer; drop one, refer from one "
        "record to the other, or list the longer in extra.explainer.name_overlaps",
    ]
    allowed = NameRules.from_settings({"stop_words": [], "name_overlaps": ["Zelensky says"]})
    assert (
        load_dataset(write_tree(tmp_path / "ok", files), names=allowed).actors["russia"].aliases[1] == "Zelensky says"
    )


def test_the_newer_file_by_git_is_the_one_that_introduced_a_containing_name(tmp_path: Path) -> None:
    files = {**MINIMAL, "actors/russia.yaml": with_value(minimal("actors/russia.yaml"), "aliases: [Zelensky says]")}
    added = {"data/actors/russia.yaml": "2026-11-30", "data/actors/zelensky.yaml": "2024-11-19"}
    with pytest.raises(DataError) as caught:
        load_dataset(write_tree(tmp_path, files), names=NameRules.from_settings({"name_overlaps": []}, added))
    assert [p.location.path for p in caught.value.problems] == ["data/actors/russia.yaml"]


def test_the_check_command_applies_the_real_stop_words(tmp_path: Path) -> None:
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    files = {**MINIMAL, "actors/russia.yaml": with_value(minimal("actors/russia.yaml"), "aliases: [nbsp]")}
    write_tree(tmp_path, files)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "check", "data"],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "data/actors/russia.yaml:7:11: aliases[0]: 'nbsp' is a common word" in result.stderr


def test_a_correction_may_name_only_pages_that_exist(tmp_path: Path) -> None:
    correction = "date: 2024-11-20\nsummary: S.\nreason: R.\npages: [article.md, missing.md]\n"
    data = write_tree(tmp_path, {**MINIMAL, "corrections/c1.yaml": correction})
    with pytest.raises(DataError) as caught:
        load_dataset(data, pages=frozenset({"article.md"}))
    assert [str(p) for p in caught.value.problems] == [
        "data/corrections/c1.yaml:4:21: pages[1]: unknown page 'missing.md': no such file in the docs folder"
    ]
    assert load_dataset(data).corrections["c1"].pages == ["article.md", "missing.md"]  # without the docs: unchecked


def test_no_name_links_inside_a_character_reference_or_another_link() -> None:
    linker = Linker({"amp": Target("x/amp", "x/amp/", "Amp"), "Zelensky": Target("a/z", "a/z/", "Z")})
    html = '<p>A &amp; B; amp; <a href="/z/">Zelensky</a> and Zelensky.</p>'
    assert linker.link(html, "page/") == (
        '<p>A &amp; B; <a href="../x/amp/" class="entity-link" title="Amp">amp</a>; <a href="/z/">Zelensky</a> and '
        '<a href="../a/z/" class="entity-link" title="Z">Zelensky</a>.</p>'
    )


@pytest.mark.parametrize("typo", ["[@S076]", "[@s076, @s077]", "[@ s076]", "[@s076;s077]"])
def test_a_citation_typo_is_an_error_with_its_line(tmp_path: Path, typo: str) -> None:
    dataset = load_dataset(write_tree(tmp_path, MINIMAL))
    with pytest.raises(CitationError) as caught:
        render_citations(f"# Page\n\nFine [@s1].\nWrong {typo}.\n\n`[@S076]` in code is shown.\n", dataset, "page/")
    assert caught.value.report("docs/page.md") == (
        f"docs/page.md:4: not a citation: '{typo}'; write lowercase source ids, each with its @, separated by ';', "
        "as in [@s001; @s002]"
    )


def test_host_is_shown_in_punycode_and_without_user_info() -> None:
    assert host("https://www.b\u0431c.com/news") == "xn--bc-blc.com"
    assert host("https://news.example.org/a?b=c@d") == "news.example.org"
    assert host("https://user@news.example.org/") == "news.example.org"


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted_and_numbers_stay_numbers() -> None:
    spec = ChartSpec(
        name="t",
        title="T",
        figure={},
        columns=(Column("name", "Name"), Column("value", "Value", "number"), Column("sources", "Sources", "sources")),
        rows=(
            ('=HYPERLINK("https://evil.example")', -3.5, ("s1",)),
            ("+1", -2, ("-s",)),
            ("@SUM(A1)", 4.0, ()),
            ("\tx", 0.0, ()),
            ("\rx", 1.0, ()),
            ("-1+2", 1.0, ()),
            ("plain", 1.0, ()),
        ),
        sources=(),
        description="",
    )
    rows = list(csv.reader(io.StringIO(spec.to_csv())))
    assert rows[1:] == [
        ['\'=HYPERLINK("https://evil.example")', "-3.5", "s1"],
        ["'+1", "-2", "'-s"],
        ["'@SUM(A1)", "4", ""],
        ["'\tx", "0", ""],
        ["'\nx", "1", ""],
        ["'-1+2", "1", ""],
        ["plain", "1", ""],
    ]


def test_the_feed_is_well_formed_whatever_the_text() -> None:
    correction = Correction.model_validate(
        {
            "id": "c1",
            "date": "2024-11-20",
            "summary": "A\x00B\x1bC\ufffeD <&> ]]>",
            "reason": "R \x0c.",
            "pages": ["a.md"],
        }
    )
    feed = render_atom([correction], 'https://example.org/"x"/', "Site \x07<name>", "2024-12-01")
    root = ElementTree.fromstring(feed)
    ns = "{http://www.w3.org/2005/Atom}"
    assert root.findtext(f"{ns}title") == "Site <name>: corrections"
    assert root.findtext(f"{ns}entry/{ns}title") == "ABCD <&> ]]>"


def test_symlinks_and_special_files_in_the_pages_stop_the_build(tmp_path: Path) -> None:
    project = make_site_copy(tmp_path / "project")
    _link(project / "docs" / "leak.md", "/etc/passwd")
    _link(project / "docs" / "loop.md", "loop.md")
    _link(project / "docs" / "zero.png", "/dev/zero")
    os.mkfifo(project / "docs" / "pipe.md")
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode != 0
    assert "4 problem(s) in the pages:\n" in result.stderr
    for name in ("leak.md", "loop.md", "zero.png"):
        assert f"docs/{name}:1:1: (file): a symbolic link; links are not followed" in result.stderr
    assert "docs/pipe.md:1:1: (file): not a regular file or folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "leak").exists()
    assert unsafe_files(ROOT / "docs", ROOT) == []


def test_a_hostile_value_stops_the_build_without_printing_a_workflow_command(tmp_path: Path) -> None:
    file, line, expected = HOSTILE_VALUES["workflow command in a value"]
    data = write_tree(tmp_path / "data-copy", {**MINIMAL, file: with_value(minimal(file), line)})
    project = make_site_copy(tmp_path / "project", data)
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert expected in result.stderr
    output = (result.stdout + result.stderr).splitlines()
    assert [row for row in output if row.lstrip().startswith("::")] == []


def test_an_id_that_reads_like_another_is_an_error(tmp_path: Path) -> None:
    twin = with_value(minimal("actors/ukraine.yaml"), "name: Someone Else")
    with pytest.raises(DataError) as caught:
        load_dataset(write_tree(tmp_path, {**MINIMAL, "actors/ze1ensky.yaml": twin}))
    assert [str(p) for p in caught.value.problems] == [
        "data/actors/zelensky.yaml:1:1: id: the id 'zelensky' looks like 'ze1ensky' in actors/; rename the file"
    ]


def test_the_feed_and_sitemap_of_the_hostile_site_are_well_formed_xml(hostile_site: Path) -> None:
    feed = ElementTree.parse(hostile_site / FEED_PATH).getroot()
    assert MARKER in "".join(feed.itertext())
    urls = ElementTree.parse(hostile_site / "sitemap.xml").getroot()
    assert len(urls) > 40


def test_a_linked_docs_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    _link(tmp_path / "docs", tmp_path / "real")
    assert [str(p) for p in unsafe_files(tmp_path / "docs", tmp_path)] == [
        "docs:1:1: (folder): a symbolic link; links are not followed: commit the file or folder itself"
    ]
