"""Last-updated dates from git, citations, correction notes and the corrections feed."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from explainer.dataset import load_dataset
from explainer.markup import References, citation
from explainer.pages import generate_pages
from explainer.provenance import (
    OriginalWork,
    PageInfo,
    after_title,
    format_apa,
    format_bibtex,
    git_dates,
    last_updated,
    render_atom,
    render_page_tools,
    report_url,
)

from .conftest import MINIMAL, minimal, write_tree

if TYPE_CHECKING:
    from pathlib import Path

CORRECTION = """
    date: 2024-12-02
    summary: The range of ATACMS was given as 350 km; it is up to 300 km.
    reason: A typing error, reported by a reader.
    records: [weapons/atacms]
    pages: [article.md]
    sources: [s1]
"""


def info(**changes: object) -> PageInfo:
    base = {
        "title": "ATACMS",
        "url": "weapons/atacms/",
        "canonical": "https://example.org/site/weapons/atacms/",
        "site_name": "Explainer",
        "updated": "2024-11-19",
        "repo_url": "https://github.com/example/site",
    }
    return PageInfo(**(base | changes))  # type: ignore[arg-type]


def git(root: Path, *args: str, date: str = "2024-11-19T12:00:00") -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(root), "PATH": "/usr/bin:/bin"}
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True, env=env)


def test_git_dates_take_the_last_commit_of_each_file(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yaml").write_text("a: 1\n")
    (tmp_path / "data" / "b.yaml").write_text("b: 1\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "one", date="2024-11-19T12:00:00")
    (tmp_path / "data" / "b.yaml").write_text("b: 2\n")
    git(tmp_path, "commit", "-qam", "two", date="2024-12-01T12:00:00")
    dates = git_dates(tmp_path)
    assert dates == {"data/a.yaml": "2024-11-19", "data/b.yaml": "2024-12-01"}
    assert last_updated(dates, ["data/a.yaml"]) == "2024-11-19"
    assert last_updated(dates, ["data"]) == "2024-12-01"
    assert last_updated(dates, ["docs/x.md"]) is None


def test_outside_git_no_date_is_invented(tmp_path: Path) -> None:
    assert git_dates(tmp_path) == {}


def test_apa_and_bibtex_citations_carry_url_and_date() -> None:
    assert format_apa(info()) == "ATACMS. (2024, November 19). Explainer. https://example.org/site/weapons/atacms/"
    bibtex = format_bibtex(info(title="R&D {50%} #1_x"))
    assert bibtex.startswith("@misc{weapons-atacms,\n")
    assert "title = {R\\&D \\{50\\%\\} \\#1\\_x}" in bibtex
    assert "howpublished = {\\url{https://example.org/site/weapons/atacms/}}" in bibtex
    assert "note = {Last updated 2024-11-19}" in bibtex


def test_page_tools_escape_titles_and_prefill_the_report() -> None:
    html = render_page_tools(info(title='<script>x</script>"'))
    assert "<script>x" not in html
    assert "&lt;script&gt;x&lt;/script&gt;&quot;" in html
    url = report_url(info())
    assert url is not None
    assert url.startswith("https://github.com/example/site/issues/new?template=fact-error.yml&")
    assert "page=https%3A%2F%2Fexample.org%2Fsite%2Fweapons%2Fatacms%2F" in url
    assert render_page_tools(info(repo_url=None)).count("Report an error") == 0


def test_corrections_make_notes_a_log_and_a_valid_feed(tmp_path: Path) -> None:
    dataset = load_dataset(write_tree(tmp_path, MINIMAL | {"corrections/2024-12-02-atacms-range.yaml": CORRECTION}))
    pages = {p.src_uri: p for p in generate_pages(dataset)}
    weapon = pages["weapons/atacms.md"].content
    assert 'class="admonition note correction-note"' in weapon
    assert 'href="../../corrections/#2024-12-02-atacms-range"' in weapon
    log = pages["corrections/index.md"].content
    assert '<article class="correction" id="2024-12-02-atacms-range">' in log
    assert 'href="../article/"' in log
    assert [c.id for c in dataset.corrections_of_page("article.md")] == ["2024-12-02-atacms-range"]
    feed = ET.fromstring(
        render_atom(list(dataset.corrections.values()), "https://example.org/site/", "Explainer <x>", "2024-12-01")
    )
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.findtext("a:title", namespaces=ns) == "Explainer <x>: corrections"
    entry = feed.find("a:entry", ns)
    assert entry is not None
    assert entry.findtext("a:id", namespaces=ns) == "https://example.org/site/corrections/#2024-12-02-atacms-range"
    assert entry.findtext("a:updated", namespaces=ns) == "2024-12-02T00:00:00Z"


def test_a_correction_shows_on_every_page_that_shows_what_it_corrects(tmp_path: Path) -> None:
    correction = """
        date: 2024-12-03
        summary: Several records were wrong.
        reason: A test.
        records: [places/karachev, topics/strikes, positions/zelensky-strikes, sources/s1]
    """
    dataset = load_dataset(write_tree(tmp_path, MINIMAL | {"corrections/2024-12-03-many.yaml": correction}))
    pages = {p.src_uri: p.content for p in generate_pages(dataset)}
    noted = sorted(uri for uri, content in pages.items() if "correction-note" in content)
    # the place on the map, the topic and position on /positions/, the position also on its
    # actor's page, on the page of the state the actor belongs to (which shows its people's
    # stances) and among the stances on the weapon it concerns, the source in the
    # bibliography; not on pages that only link to them
    assert noted == [
        "actors/ukraine.md",
        "actors/zelensky.md",
        "map/index.md",
        "positions/index.md",
        "sources/index.md",
        "weapons/atacms.md",
    ]
    positions = pages["positions/index.md"]
    assert positions.index("correction-flag") < positions.index("```chart"), "a line under the title says so"
    assert positions.index("```chart") < positions.index("correction-note"), "the notes are at the foot"


def test_a_note_on_a_hand_written_page_goes_right_under_its_title() -> None:
    note = '<div class="correction-note">Corrected</div>'
    assert after_title("<h1>Title</h1><p>Text</p>", note) == f"<h1>Title</h1>{note}<p>Text</p>"
    assert after_title("<p>No title</p>", note) == f"{note}<p>No title</p>"
    assert after_title("<h1>Title</h1>", "") == "<h1>Title</h1>"


def test_a_correction_must_name_existing_records(tmp_path: Path) -> None:
    import pytest

    from explainer.loading import DataError

    bad = CORRECTION.replace("weapons/atacms", "weapons/tomahawk")
    with pytest.raises(DataError) as caught:
        load_dataset(write_tree(tmp_path, MINIMAL | {"corrections/2024-12-02-x.yaml": bad}))
    assert [p.field for p in caught.value.problems] == ["records[0]"]
    assert "unknown record 'weapons/tomahawk'" in caught.value.problems[0].message


def test_generated_pages_know_every_data_file_they_show(minimal_data: Path) -> None:
    pages = {p.src_uri: p for p in generate_pages(load_dataset(minimal_data))}
    paths = pages["actors/zelensky.md"].data_paths
    assert "data/actors/zelensky.yaml" in paths
    assert "data/positions/zelensky-strikes.yaml" in paths
    assert "data/sources/s1.yaml" in paths


def test_a_page_reproducing_a_work_cites_the_work_and_the_page_apart() -> None:
    meta = {
        "original": {
            "label": "The original article",
            "title": "A Gambit",
            "url": "https://copy.example/a",
            "site": "copy.example",
            "note": "No author named",
        }
    }
    work = OriginalWork.from_meta(meta)
    assert work is not None
    html = render_page_tools(info(original=work))
    assert html.index("The original article") < html.index("A Gambit. (n.d.). copy.example. https://copy.example/a")
    assert "note = {No author named}" in html
    assert html.count('class="citation"') == 4  # APA and BibTeX, for the work and for the page
    assert len(set(re.findall(r'id="(cite-[a-z-]+)"', html))) == 4
    assert OriginalWork.from_meta({"original": {"title": "A Gambit"}}) is None
    assert render_page_tools(info()).count('class="citation"') == 2


def test_an_archived_copy_and_the_last_check_show_in_the_list_and_the_preview(tmp_path: Path) -> None:
    extra = "archived: https://web.archive.org/web/2024/https://news.example.org/story\nchecked: 2026-12-01\n"
    data = write_tree(tmp_path, {**MINIMAL, "sources/s1.yaml": minimal("sources/s1.yaml") + extra})
    source = load_dataset(data).sources["s1"]
    line = citation(source)
    assert 'href="https://web.archive.org/web/2024/https://news.example.org/story"' in line
    assert '<time datetime="2026-12-01">1 December 2026</time>' in line
    ref = References({"s1": source}, "x/").cite(["s1"])
    assert 'data-archived="https://web.archive.org/web/2024/https://news.example.org/story"' in ref
    assert 'data-checked="1 December 2026"' in ref
